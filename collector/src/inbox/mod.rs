//! The community manager's inbox at `/inbox`: server-rendered pages that work without
//! JavaScript, behind a sign-in.

pub mod auth;
mod export;
mod sites;
pub mod throttle;
mod views;

use std::time::Duration;

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post, MethodRouter};
use axum::{middleware, Form, Json, Router};
use chapeau_protocol::ReceiptStatus;
use serde::{Deserialize, Deserializer};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::db::Filter;
use crate::error::ApiError;
use crate::AppState;
use auth::{Admin, ClientIp};

/// Every route that needs a session, one method each: the router is built from this list,
/// and a test walks it to check that each refuses a request without a session.
pub fn protected_routes() -> Vec<(Method, &'static str, MethodRouter<AppState>)> {
    vec![
        (Method::GET, "/inbox", get(list)),
        (Method::GET, "/inbox/submissions/{id}", get(detail)),
        (Method::POST, "/inbox/submissions/{id}/answer", post(answer)),
        (Method::POST, "/inbox/submissions/{id}/status", post(set_status)),
        (Method::POST, "/inbox/submissions/{id}/spam", post(set_spam)),
        (Method::POST, "/inbox/submissions/{id}/publish", post(set_published)),
        (Method::GET, "/inbox/polls", get(polls)),
        (Method::GET, "/inbox/sites", get(sites::page)),
        (Method::POST, "/inbox/sites", post(sites::create_site)),
        (Method::POST, "/inbox/sites/{site}", post(sites::update_site)),
        (Method::POST, "/inbox/sites/{site}/polls", post(sites::create_poll)),
        (Method::POST, "/inbox/sites/{site}/polls/{poll}", post(sites::update_poll)),
        (Method::GET, "/inbox/export.csv", get(export_csv)),
        (Method::GET, "/inbox/export.json", get(export_json)),
        (Method::POST, "/inbox/logout", post(logout)),
    ]
}

pub fn router(state: AppState) -> Router {
    let protected = protected_routes()
        .into_iter()
        .fold(Router::new(), |router, (_, path, route)| router.route(path, route))
        // Defence in depth: the handlers take `Admin` too, but a route added here without it
        // is still refused.
        .route_layer(middleware::from_extractor_with_state::<Admin, AppState>(state.clone()));
    let headers = [
        (header::CONTENT_SECURITY_POLICY, "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::CACHE_CONTROL, "no-store"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    ];
    let router = Router::new()
        .route("/inbox/login", get(login_page).post(login))
        .route("/inbox/inbox.css", get(stylesheet))
        .merge(protected)
        .with_state(state);
    headers.into_iter().fold(router, |router, (name, value)| {
        router.layer(SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value)))
    })
}

fn html(markup: maud::Markup) -> Response {
    Html(markup.into_string()).into_response()
}

async fn stylesheet() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], include_str!("inbox.css")).into_response()
}

async fn login_page() -> Response {
    html(views::login(None))
}

#[derive(Deserialize)]
struct LoginForm {
    password: String,
}

async fn login(State(state): State<AppState>, ClientIp(ip): ClientIp, headers: HeaderMap, Form(form): Form<LoginForm>) -> Response {
    // A browser that signed in before answers for itself; any other for its network.
    let device = auth::cookie(&headers, throttle::DEVICE_COOKIE).and_then(|value| state.device_key.device(&value));
    let who = device.map_or_else(|| throttle::Who::network(ip), throttle::Who::Device);
    if let Some(wait) = state.throttle.wait(&who) {
        let retry = wait.as_secs().max(1).to_string();
        let page = views::login(Some("Too many wrong passwords. Wait a few minutes, then try again."));
        return (StatusCode::TOO_MANY_REQUESTS, [(header::RETRY_AFTER, retry)], Html(page.into_string())).into_response();
    }
    if !state.admin.matches(&form.password, &state.db).await {
        state.throttle.failed(&who);
        // Every wrong guess costs the guesser time.
        tokio::time::sleep(Duration::from_millis(400)).await;
        return (StatusCode::UNAUTHORIZED, Html(views::login(Some("Wrong password.")).into_string())).into_response();
    }
    state.throttle.succeeded(&who);
    let secure = auth::behind_tls(&state, &headers);
    match auth::start_session(&state, secure).await {
        Ok(session) => {
            let device = auth::device_cookie(&state.device_key.new_device(), secure);
            let cookies = [(header::SET_COOKIE, session), (header::SET_COOKIE, device)];
            (axum::response::AppendHeaders(cookies), Redirect::to("/inbox")).into_response()
        }
        Err(e) => ApiError::from(e).into_response(),
    }
}

#[derive(Deserialize)]
struct CsrfForm {
    csrf: String,
}

async fn logout(State(state): State<AppState>, admin: Admin, headers: HeaderMap, Form(form): Form<CsrfForm>) -> Response {
    if let Some(refused) = admin.refuse_forged(&form.csrf) {
        return refused;
    }
    if let Err(e) = state.db.end_session(&admin.token_hash).await {
        return ApiError::from(e).into_response();
    }
    let expired = auth::session_cookie("", 0, auth::behind_tls(&state, &headers));
    ([(header::SET_COOKIE, expired)], Redirect::to("/inbox/login")).into_response()
}

/// The inbox's filters as a query string: empty form fields mean "any".
#[derive(Deserialize, Default)]
struct FilterQuery {
    site: Option<String>,
    kind: Option<String>,
    status: Option<String>,
    category: Option<String>,
    #[serde(default, deserialize_with = "empty_as_none")]
    rating: Option<i64>,
    from: Option<String>,
    to: Option<String>,
    q: Option<String>,
    #[serde(default, deserialize_with = "empty_as_none")]
    spam: Option<bool>,
}

fn empty_as_none<'de, D: Deserializer<'de>, T: std::str::FromStr>(d: D) -> Result<Option<T>, D::Error> {
    let text = Option::<String>::deserialize(d)?;
    Ok(text.as_deref().map(str::trim).filter(|t| !t.is_empty()).and_then(|t| t.parse().ok()))
}

impl From<FilterQuery> for Filter {
    fn from(q: FilterQuery) -> Filter {
        Filter { site: q.site, kind: q.kind, status: q.status, category: q.category, rating: q.rating, from: q.from, to: q.to, q: q.q, spam: q.spam }
    }
}

async fn list(State(state): State<AppState>, admin: Admin, Query(query): Query<FilterQuery>) -> Result<Response, ApiError> {
    let filter = Filter::from(query);
    let entries = state.db.list(&filter).await?;
    let hours = state.answer_within_hours;
    let before = time::OffsetDateTime::now_utc() - time::Duration::hours(hours as i64);
    let before = before.format(&time::format_description::well_known::Rfc3339).expect("formats");
    let overdue = state.db.overdue(&before).await?;
    let sites = state.sites.all();
    Ok(html(views::inbox(&sites, &filter, &entries, &overdue, hours, &admin.csrf)))
}

async fn detail(State(state): State<AppState>, admin: Admin, Path(id): Path<String>) -> Result<Response, ApiError> {
    let entry = state.db.entry(&id).await?.ok_or(ApiError::NotFound)?;
    Ok(html(views::entry(&entry, &admin.csrf)))
}

#[derive(Deserialize)]
struct AnswerForm {
    csrf: String,
    message: String,
}

/// Runs an action on a submission after checking the form's CSRF token, then shows it again.
async fn act<F, Fut>(admin: &Admin, csrf: &str, id: &str, action: F) -> Response
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<bool, ApiError>>,
{
    if let Some(refused) = admin.refuse_forged(csrf) {
        return refused;
    }
    match action().await {
        Ok(true) => Redirect::to(&format!("/inbox/submissions/{id}")).into_response(),
        Ok(false) => ApiError::NotFound.into_response(),
        Err(e) => e.into_response(),
    }
}

async fn answer(State(state): State<AppState>, admin: Admin, Path(id): Path<String>, Form(form): Form<AnswerForm>) -> Response {
    let message = form.message.trim().to_string();
    if message.is_empty() || message.chars().count() > chapeau_protocol::limits::MESSAGE_MAX_CHARS {
        return (StatusCode::UNPROCESSABLE_ENTITY, "An answer is 1 to 5000 characters.").into_response();
    }
    act(&admin, &form.csrf, &id, || async { Ok(state.db.answer(&id, &message).await?) }).await
}

#[derive(Deserialize)]
struct StatusForm {
    csrf: String,
    status: String,
}

async fn set_status(State(state): State<AppState>, admin: Admin, Path(id): Path<String>, Form(form): Form<StatusForm>) -> Response {
    let status = match form.status.as_str() {
        "received" => ReceiptStatus::Received,
        "answered" => ReceiptStatus::Answered,
        "resolved" => ReceiptStatus::Resolved,
        _ => return (StatusCode::UNPROCESSABLE_ENTITY, "Unknown status.").into_response(),
    };
    act(&admin, &form.csrf, &id, || async { Ok(state.db.set_status(&id, status).await?) }).await
}

#[derive(Deserialize)]
struct SpamForm {
    csrf: String,
    spam: bool,
}

async fn set_spam(State(state): State<AppState>, admin: Admin, Path(id): Path<String>, Form(form): Form<SpamForm>) -> Response {
    act(&admin, &form.csrf, &id, || async { Ok(state.db.set_spam(&id, form.spam).await?) }).await
}

#[derive(Deserialize)]
struct PublishForm {
    csrf: String,
    published: bool,
}

async fn set_published(State(state): State<AppState>, admin: Admin, Path(id): Path<String>, Form(form): Form<PublishForm>) -> Response {
    act(&admin, &form.csrf, &id, || async { Ok(state.db.set_published(&id, form.published).await?) }).await
}

async fn polls(State(state): State<AppState>, admin: Admin) -> Result<Response, ApiError> {
    let mut shown = Vec::new();
    for site in state.sites.all() {
        for poll in &site.polls {
            let results = state.db.poll_results(&site.id, &poll.id, poll.options.iter().map(|o| o.id.as_str())).await?;
            shown.push((site.name.clone(), poll.clone(), results));
        }
    }
    Ok(html(views::polls(&shown, &admin.csrf)))
}

async fn export_csv(State(state): State<AppState>, _: Admin, Query(query): Query<FilterQuery>) -> Result<Response, ApiError> {
    let entries = state.db.list(&Filter::from(query)).await?;
    let headers = [
        (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
        (header::CONTENT_DISPOSITION, "attachment; filename=\"chapeau-submissions.csv\""),
    ];
    Ok((headers, export::csv(&entries)).into_response())
}

async fn export_json(State(state): State<AppState>, _: Admin, Query(query): Query<FilterQuery>) -> Result<Response, ApiError> {
    let entries = state.db.list(&Filter::from(query)).await?;
    Ok(([(header::CONTENT_DISPOSITION, "attachment; filename=\"chapeau-submissions.json\"")], Json(entries)).into_response())
}
