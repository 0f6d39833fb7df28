//! Creating and editing sites and polls in the inbox. The sites file's own stay read-only:
//! the file is the source of truth for them.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Form;
use chapeau_protocol::PollOption;
use serde::Deserialize;

use super::auth::Admin;
use super::views;
use crate::error::ApiError;
use crate::polls::{Poll, ResultsRule};
use crate::sites::Site;
use crate::AppState;

pub async fn page(State(state): State<AppState>, admin: Admin) -> Response {
    super::html(views::sites(&state.sites.all(), &admin.csrf, None))
}

/// The sites page again, with what went wrong.
fn refused(state: &AppState, admin: &Admin, error: &str) -> Response {
    let page = views::sites(&state.sites.all(), &admin.csrf, Some(error));
    (StatusCode::UNPROCESSABLE_ENTITY, Html(page.into_string())).into_response()
}

/// Checks the form's CSRF token, runs `change`, reloads the sites, shows the page again.
async fn change<F, Fut>(state: &AppState, admin: &Admin, csrf: &str, change: F) -> Response
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<Result<(), String>, sqlx::Error>>,
{
    if let Some(refused) = admin.refuse_forged(csrf) {
        return refused;
    }
    let outcome = match change().await {
        Ok(Ok(())) => state.sites.reload(&state.db).await.map(|()| Ok(())),
        other => other,
    };
    match outcome {
        Ok(Ok(())) => Redirect::to("/inbox/sites").into_response(),
        Ok(Err(error)) => refused(state, admin, &error),
        Err(e) => ApiError::from(e).into_response(),
    }
}

#[derive(Deserialize)]
pub struct SiteForm {
    csrf: String,
    #[serde(default)]
    id: String,
    name: String,
    #[serde(default)]
    origins: String,
}

fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect()
}

pub async fn create_site(State(state): State<AppState>, admin: Admin, Form(form): Form<SiteForm>) -> Response {
    change(&state, &admin, &form.csrf, || async {
        let id = form.id.trim().to_string();
        if state.sites.get(&id).is_some() {
            return Ok(Err(format!("A site {id:?} exists already.")));
        }
        let site = Site {
            id,
            name: form.name.trim().into(),
            origins: lines(&form.origins),
            polls: Vec::new(),
            webhook: None,
            upvotes_per_network_per_hour: crate::polls::DEFAULT_VOTES_PER_NETWORK_PER_HOUR,
            managed: true,
        };
        match site.checked() {
            Ok(site) => state.db.save_site(&site).await.map(Ok),
            Err(error) => Ok(Err(error)),
        }
    })
    .await
}

pub async fn update_site(State(state): State<AppState>, admin: Admin, Path(id): Path<String>, Form(form): Form<SiteForm>) -> Response {
    change(&state, &admin, &form.csrf, || async {
        let Some(existing) = state.sites.get(&id).filter(|s| s.managed && !state.sites.in_file(&id)) else {
            return Ok(Err(format!("Site {id:?} is not one made in the inbox: edit it in the sites file.")));
        };
        let site = Site { name: form.name.trim().into(), origins: lines(&form.origins), polls: Vec::new(), ..(*existing).clone() };
        match site.checked() {
            Ok(site) => state.db.save_site(&site).await.map(Ok),
            Err(error) => Ok(Err(error)),
        }
    })
    .await
}

#[derive(Deserialize, Clone)]
pub struct PollForm {
    csrf: String,
    #[serde(default)]
    id: String,
    question: String,
    options: String,
    #[serde(default)]
    multiple: Option<String>,
    #[serde(default)]
    closes_at: String,
    #[serde(default)]
    results: String,
    #[serde(default)]
    votes_per_network_per_hour: String,
}

/// A readable id from a label: `A Panama for summer` → `a-panama-for-summer`.
fn slug(label: &str) -> String {
    let mut slug = String::new();
    for c in label.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').chars().take(64).collect()
}

/// The poll a form describes, checked.
fn poll_from(id: &str, form: &PollForm) -> Result<Poll, String> {
    let options = lines(&form.options)
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let (id, label) = match line.split_once(':') {
                Some((id, label)) if chapeau_protocol::is_site_id(id.trim()) => (id.trim().to_string(), label.trim().to_string()),
                _ => (slug(line), line.clone()),
            };
            PollOption { id: if id.is_empty() { format!("option-{}", i + 1) } else { id }, label }
        })
        .collect();
    let closes_at = match form.closes_at.trim() {
        "" => None,
        // A datetime-local field gives `2026-12-31T23:00`: read as UTC.
        at if at.len() == 16 => Some(format!("{at}:00Z")),
        at => Some(at.to_string()),
    };
    let results = match form.results.as_str() {
        "always" => ResultsRule::Always,
        "after_close" => ResultsRule::AfterClose,
        _ => ResultsRule::AfterVote,
    };
    let votes_per_network_per_hour = match form.votes_per_network_per_hour.trim() {
        "" => crate::polls::DEFAULT_VOTES_PER_NETWORK_PER_HOUR,
        n => n.parse().map_err(|_| format!("Votes per network and hour: {n:?} is not a whole number (0 for no limit)."))?,
    };
    let poll = Poll {
        id: id.trim().to_string(),
        question: form.question.trim().to_string(),
        options,
        multiple: form.multiple.is_some(),
        closes_at,
        results,
        votes_per_network_per_hour,
        managed: true,
    };
    poll.check()?;
    Ok(poll)
}

pub async fn create_poll(State(state): State<AppState>, admin: Admin, Path(site): Path<String>, Form(form): Form<PollForm>) -> Response {
    change(&state, &admin, &form.csrf, || async {
        let Some(existing) = state.sites.get(&site) else { return Ok(Err(format!("No site {site:?}."))) };
        if existing.poll(form.id.trim()).is_some() {
            return Ok(Err(format!("Site {site:?} has a poll {:?} already.", form.id.trim())));
        }
        match poll_from(&form.id, &form) {
            Ok(poll) => state.db.save_poll(&site, &poll).await.map(Ok),
            Err(error) => Ok(Err(error)),
        }
    })
    .await
}

pub async fn update_poll(
    State(state): State<AppState>,
    admin: Admin,
    Path((site, id)): Path<(String, String)>,
    Form(form): Form<PollForm>,
) -> Response {
    change(&state, &admin, &form.csrf, || async {
        let managed = state.sites.get(&site).and_then(|s| s.poll(&id).map(|p| p.managed));
        if managed != Some(true) {
            return Ok(Err(format!("Poll {id:?} is not one made in the inbox: edit it in the sites file.")));
        }
        match poll_from(&id, &form) {
            Ok(poll) => state.db.save_poll(&site, &poll).await.map(Ok),
            Err(error) => Ok(Err(error)),
        }
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_make_readable_ids() {
        assert_eq!(slug("A Panama for summer!"), "a-panama-for-summer");
        assert_eq!(slug("  Été  "), "t");
        assert_eq!(slug("***"), "");
    }

    #[test]
    fn a_poll_form_becomes_a_checked_poll() {
        let form = PollForm {
            csrf: String::new(),
            id: String::new(),
            question: "Next hat?".into(),
            options: "panama: A Panama\nA 1920s cloche\n\n".into(),
            multiple: Some("true".into()),
            closes_at: "2026-12-31T23:00".into(),
            results: "after_close".into(),
            votes_per_network_per_hour: "12".into(),
        };
        let poll = poll_from("next", &form).unwrap();
        let ids: Vec<&str> = poll.options.iter().map(|o| o.id.as_str()).collect();
        assert_eq!(ids, ["panama", "a-1920s-cloche"]);
        assert_eq!(poll.closes_at.as_deref(), Some("2026-12-31T23:00:00Z"));
        assert!(poll.multiple && poll.managed);
        assert_eq!(poll.results, ResultsRule::AfterClose);
        assert_eq!(poll.votes_per_network_per_hour, 12);
        let unlimited = PollForm { votes_per_network_per_hour: "0".into(), ..form.clone() };
        assert_eq!(poll_from("next", &unlimited).unwrap().votes_per_network_per_hour, 0);
        let not_a_number = PollForm { votes_per_network_per_hour: "many".into(), ..form.clone() };
        assert!(poll_from("next", &not_a_number).unwrap_err().contains("not a whole number"));
        let one_option = PollForm { options: "Only one".into(), ..form };
        assert!(poll_from("next", &one_option).unwrap_err().contains("two options"));
    }
}
