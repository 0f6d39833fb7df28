//! The inbox's HTML. maud escapes every value it prints, so nothing a visitor wrote is ever
//! rendered as markup.

use std::sync::Arc;

use chapeau_protocol::PollResults;
use maud::{html, Markup, DOCTYPE};

use crate::db::{Entry, Filter};
use crate::polls::{Poll, ResultsRule};
use crate::sites::Site;

/// Every page's frame; `csrf` is the session's token, for the sign-out form.
pub fn layout(title: &str, csrf: Option<&str>, content: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · Chapeau inbox" }
                link rel="stylesheet" href="/inbox/inbox.css";
            }
            body {
                header.top {
                    a.brand href="/inbox" { "Chapeau inbox" }
                    @if let Some(csrf) = csrf {
                        nav aria-label="Inbox" {
                            a href="/inbox" { "Submissions" }
                            a href="/inbox/polls" { "Polls" }
                            a href="/inbox/sites" { "Sites" }
                            form method="post" action="/inbox/logout" {
                                input type="hidden" name="csrf" value=(csrf);
                                button.link type="submit" { "Sign out" }
                            }
                        }
                    }
                }
                main { (content) }
            }
        }
    }
}

pub fn login(error: Option<&str>) -> Markup {
    layout("Sign in", None, html! {
        section.card.narrow {
            h1 { "Sign in" }
            @if let Some(error) = error {
                p.error role="alert" { (error) }
            }
            form method="post" action="/inbox/login" {
                label for="password" { "Inbox password" }
                input #password type="password" name="password" autocomplete="current-password" required autofocus;
                button type="submit" { "Sign in" }
            }
        }
    })
}

fn kind_label(entry: &Entry) -> String {
    match (entry.kind.as_str(), entry.category.as_deref()) {
        ("feedback", Some(category)) => format!("feedback · {category}"),
        (kind, _) => kind.to_string(),
    }
}

fn excerpt(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

fn rows(entries: &[Entry]) -> Markup {
    html! {
        table.entries {
            thead { tr { th { "Received" } th { "Site" } th { "Kind" } th { "Rating" } th { "Message" } th { "Contact" } th { "Status" } } }
            tbody {
                @for e in entries {
                    tr {
                        td { time datetime=(e.received_at) { (e.received_at.get(..16).unwrap_or(&e.received_at).replace('T', " ")) } }
                        td { (e.site) }
                        td { (kind_label(e)) }
                        td { @if let Some(r) = e.rating { (r) "/5" } }
                        td { a href={ "/inbox/submissions/" (e.id) } { (excerpt(e.message.as_deref().unwrap_or("(vote)"), 120)) } }
                        td { (e.contact_email.as_deref().or(e.contact_name.as_deref()).unwrap_or("")) }
                        td { span class={ "status " (e.status) } { (e.status) } }
                    }
                }
            }
        }
    }
}

fn select(name: &str, label: &str, current: Option<&str>, choices: &[(&str, &str)]) -> Markup {
    html! {
        label {
            (label)
            select name=(name) {
                option value="" { "Any" }
                @for (value, text) in choices {
                    option value=(value) selected[current == Some(*value)] { (text) }
                }
            }
        }
    }
}

/// The list of submissions, with the overdue ones first.
pub fn inbox(sites: &[Arc<Site>], filter: &Filter, entries: &[Entry], overdue: &[Entry], hours: u64, csrf: &str) -> Markup {
    let site_choices: Vec<(&str, &str)> = sites.iter().map(|s| (s.id.as_str(), s.name.as_str())).collect();
    let rating = filter.rating.map(|r| r.to_string());
    layout("Submissions", Some(csrf), html! {
        @if !overdue.is_empty() {
            section.overdue aria-labelledby="overdue-title" {
                h2 #overdue-title { "Waiting for an answer for more than " (hours) " hours (" (overdue.len()) ")" }
                (rows(overdue))
            }
        }
        h1 { "Submissions" }
        form.filters method="get" action="/inbox" {
            (select("site", "Site", filter.site.as_deref(), &site_choices))
            (select("kind", "Kind", filter.kind.as_deref(), &[("feedback", "Feedback"), ("question", "Question"), ("vote", "Vote")]))
            (select("status", "Status", filter.status.as_deref(), &[("received", "Received"), ("answered", "Answered"), ("resolved", "Resolved")]))
            (select("category", "Category", filter.category.as_deref(), &[("idea", "Idea"), ("bug", "Bug"), ("praise", "Praise"), ("complaint", "Complaint"), ("other", "Other")]))
            (select("rating", "Rating", rating.as_deref(), &[("1", "1"), ("2", "2"), ("3", "3"), ("4", "4"), ("5", "5")]))
            label { "From" input type="date" name="from" value=[filter.from.as_deref()]; }
            label { "To" input type="date" name="to" value=[filter.to.as_deref()]; }
            label { "Search" input type="search" name="q" value=[filter.q.as_deref()]; }
            label.check { input type="checkbox" name="spam" value="true" checked[filter.spam == Some(true)]; "Spam" }
            button type="submit" { "Filter" }
        }
        p.exports {
            "Export these: "
            a href={ "/inbox/export.csv?" (query_string(filter)) } { "CSV" } " · "
            a href={ "/inbox/export.json?" (query_string(filter)) } { "JSON" }
        }
        @if entries.is_empty() {
            p.empty { "Nothing here yet." }
        } @else {
            (rows(entries))
        }
    })
}

/// The filter as a query string, for the export links.
pub fn query_string(filter: &Filter) -> String {
    let rating = filter.rating.map(|r| r.to_string());
    let spam = filter.spam.map(|s| s.to_string());
    let pairs = [
        ("site", filter.site.as_deref()), ("kind", filter.kind.as_deref()), ("status", filter.status.as_deref()),
        ("category", filter.category.as_deref()), ("rating", rating.as_deref()), ("from", filter.from.as_deref()),
        ("to", filter.to.as_deref()), ("q", filter.q.as_deref()), ("spam", spam.as_deref()),
    ];
    pairs
        .iter()
        .filter_map(|(k, v)| v.filter(|v| !v.is_empty()).map(|v| format!("{k}={}", percent_encode(v))))
        .collect::<Vec<_>>()
        .join("&")
}

/// A `mailto:` link to `email` alone: every character of the address that a mail client
/// would read as more than the address (`?bcc=…`, `&cc=…`, `,`) is percent-encoded.
fn mailto(email: &str) -> String {
    match email.rsplit_once('@') {
        Some((local, domain)) => format!("mailto:{}@{}", percent_encode(local), percent_encode(domain)),
        None => format!("mailto:{}", percent_encode(email)),
    }
}

fn percent_encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn action(id: &str, path: &str, csrf: &str, field: (&str, &str), label: &str) -> Markup {
    html! {
        form.inline method="post" action={ "/inbox/submissions/" (id) "/" (path) } {
            input type="hidden" name="csrf" value=(csrf);
            input type="hidden" name=(field.0) value=(field.1);
            button.secondary type="submit" { (label) }
        }
    }
}

/// One submission, with everything the team needs to follow it up.
pub fn entry(e: &Entry, csrf: &str) -> Markup {
    let answerable = e.kind != "vote";
    layout(&excerpt(e.message.as_deref().unwrap_or("Vote"), 40), Some(csrf), html! {
        p { a href="/inbox" { "← All submissions" } }
        article.card {
            h1 { (kind_label(e)) " on " (e.site) }
            p.meta {
                span class={ "status " (e.status) } { (e.status) }
                @if e.spam { " · " strong { "spam" } }
                @if e.published { " · public, " (e.upvotes) " upvotes" }
                " · received " (e.received_at)
            }
            @if let Some(message) = &e.message {
                blockquote.message { (message) }
            }
            dl {
                @if let Some(r) = e.rating { dt { "Rating" } dd { (r) " out of 5" } }
                @if e.kind == "vote" { dt { "Vote" } dd { code { (e.body) } } }
                dt { "Page" } dd {
                    (e.page_title) " — "
                    // Only web pages are links: a `javascript:` URL from a forged submission stays text.
                    @if is_web_url(&e.page_url) {
                        a href=(e.page_url) rel="noopener noreferrer nofollow" { (e.page_url) }
                    } @else {
                        code { (e.page_url) }
                    }
                }
                @if !e.page_lang.is_empty() { dt { "Language" } dd { (e.page_lang) } }
                @if e.contact_name.is_some() || e.contact_email.is_some() {
                    dt { "Contact (consented)" }
                    dd {
                        (e.contact_name.as_deref().unwrap_or(""))
                        @if let Some(email) = &e.contact_email { " " a href=(mailto(email)) { (email) } }
                    }
                }
                @if e.meta.as_object().is_some_and(|m| !m.is_empty()) { dt { "Meta" } dd { code { (e.meta) } } }
                dt { "Visitor" } dd { code { (e.visitor) } }
                dt { "Origin" } dd { (e.origin) }
            }
        }
        @if answerable {
            section.card {
                h2 { "Answer" }
                @if let (Some(answer), Some(at)) = (&e.answer, &e.answered_at) {
                    blockquote.answer { (answer) }
                    p.meta { "Answered " (at) ". The visitor reads it in the widget." }
                }
                form method="post" action={ "/inbox/submissions/" (e.id) "/answer" } {
                    input type="hidden" name="csrf" value=(csrf);
                    label for="answer" { @if e.answer.is_some() { "Change the answer" } @else { "Your answer, shown to the visitor in the widget" } }
                    textarea #answer name="message" rows="5" required maxlength="5000" { (e.answer.as_deref().unwrap_or("")) }
                    button type="submit" { "Send answer" }
                }
            }
        }
        section.actions {
            @if e.status == "resolved" {
                (action(&e.id, "status", csrf, ("status", "received"), "Reopen"))
            } @else {
                (action(&e.id, "status", csrf, ("status", "resolved"), "Mark resolved"))
            }
            @if e.spam {
                (action(&e.id, "spam", csrf, ("spam", "false"), "Not spam"))
            } @else {
                (action(&e.id, "spam", csrf, ("spam", "true"), "Mark as spam"))
            }
            @if e.kind == "question" && e.answer.is_some() && !e.spam {
                @if e.published {
                    (action(&e.id, "publish", csrf, ("published", "false"), "Remove from public Q&A"))
                } @else {
                    (action(&e.id, "publish", csrf, ("published", "true"), "Publish in public Q&A"))
                }
            }
        }
    })
}

/// Every poll's results as bars, with its site's name.
pub fn polls(polls: &[(String, Poll, PollResults)], csrf: &str) -> Markup {
    layout("Polls", Some(csrf), html! {
        h1 { "Polls" }
        @if polls.is_empty() { p.empty { "No site has a poll yet. Add [[site.poll]] tables to the sites file." } }
        @for (site, poll, results) in polls {
            section.card.poll {
                h2 { (poll.question) }
                p.meta {
                    (site) " · " (results.total) @if results.total == 1 { " voter" } @else { " voters" }
                    @if let Some(at) = &poll.closes_at { " · closes " (at) }
                    @if poll.multiple { " · several choices" }
                }
                @for option in &poll.options {
                    @let count = results.counts.get(&option.id).copied().unwrap_or(0);
                    @let percent = results.percent(&option.id);
                    div.bar-row {
                        span.label { (option.label) }
                        progress.bar max="100" value=(percent) aria-label=(option.label) { (percent) "%" }
                        span.count { (percent) "% (" (count) ")" }
                    }
                }
            }
        }
    })
}

fn poll_fields(poll: Option<&Poll>) -> Markup {
    let options = poll.map(|p| p.options.iter().map(|o| format!("{}: {}", o.id, o.label)).collect::<Vec<_>>().join("\n"));
    let closes = poll.and_then(|p| p.closes_at.as_deref()).map(|at| at.trim_end_matches('Z').chars().take(16).collect::<String>());
    let rule = poll.map(|p| p.results).unwrap_or_default();
    html! {
        label { "Question" input type="text" name="question" required maxlength="300" value=[poll.map(|p| p.question.as_str())]; }
        label { "Options, one per line (" code { "id: label" } ", or just the label)"
            textarea name="options" rows="4" required { (options.unwrap_or_default()) } }
        label.check { input type="checkbox" name="multiple" value="true" checked[poll.is_some_and(|p| p.multiple)]; "Visitors may choose several options" }
        label { "Closes at (UTC, optional)" input type="datetime-local" name="closes_at" value=[closes.as_deref()]; }
        label { "Votes per network and hour (an address, or an IPv6 /64; 0 for no limit)"
            input type="number" name="votes_per_network_per_hour" min="0" required
                value=(poll.map_or(crate::polls::DEFAULT_VOTES_PER_NETWORK_PER_HOUR, |p| p.votes_per_network_per_hour)); }
        label { "Results show"
            select name="results" {
                option value="always" selected[rule == ResultsRule::Always] { "always" }
                option value="after_vote" selected[rule == ResultsRule::AfterVote] { "after the visitor votes" }
                option value="after_close" selected[rule == ResultsRule::AfterClose] { "only after closing" }
            }
        }
    }
}

/// Sites and their polls: the sites file's, read-only, and those made here, editable.
pub fn sites(sites: &[Arc<Site>], csrf: &str, error: Option<&str>) -> Markup {
    layout("Sites and polls", Some(csrf), html! {
        h1 { "Sites and polls" }
        @if let Some(error) = error { p.error role="alert" { (error) } }
        @for site in sites {
            section.card {
                h2 { (site.name) " " code { (site.id) } }
                p.meta { @if site.managed { "Made in the inbox." } @else { "From the sites file: edit it there." } }
                @if site.managed {
                    form method="post" action={ "/inbox/sites/" (site.id) } {
                        input type="hidden" name="csrf" value=(csrf);
                        label { "Name" input type="text" name="name" required value=(site.name); }
                        label { "Allowed origins, one per line" textarea name="origins" rows="3" { (site.origins.join("\n")) } }
                        button.secondary type="submit" { "Save site" }
                    }
                } @else {
                    p { "Allowed origins: " (site.origins.join(", ")) }
                }
                @for poll in &site.polls {
                    details.poll-edit {
                        summary { (poll.question) " " code { (poll.id) } @if !poll.managed { " (sites file)" } }
                        @if poll.managed {
                            form method="post" action={ "/inbox/sites/" (site.id) "/polls/" (poll.id) } {
                                input type="hidden" name="csrf" value=(csrf);
                                (poll_fields(Some(poll)))
                                button.secondary type="submit" { "Save poll" }
                            }
                        } @else {
                            p.meta { "Options: " (poll.options.iter().map(|o| o.label.as_str()).collect::<Vec<_>>().join(", ")) }
                        }
                    }
                }
                details {
                    summary { "New poll on " (site.name) }
                    form method="post" action={ "/inbox/sites/" (site.id) "/polls" } {
                        input type="hidden" name="csrf" value=(csrf);
                        label { "Poll id (letters, digits, - or _)" input type="text" name="id" required maxlength="64" pattern="[A-Za-z0-9_-]+"; }
                        (poll_fields(None))
                        button type="submit" { "Create poll" }
                    }
                }
            }
        }
        section.card {
            h2 { "New site" }
            form method="post" action="/inbox/sites" {
                input type="hidden" name="csrf" value=(csrf);
                label { "Site id (the embed's data-site)" input type="text" name="id" required maxlength="64" pattern="[A-Za-z0-9_-]+"; }
                label { "Name" input type="text" name="name" required; }
                label { "Allowed origins, one per line" textarea name="origins" rows="3" placeholder="https://www.example.com" {} }
                button type="submit" { "Create site" }
            }
        }
    })
}

/// Whether a page URL is a web page's, safe to link to.
fn is_web_url(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_mailto_link_names_its_address_and_nothing_more() {
        assert_eq!(super::mailto("ana@example.com"), "mailto:ana@example.com");
        assert_eq!(super::mailto("x?bcc=eve@attacker.example"), "mailto:x%3Fbcc%3Deve@attacker.example");
        assert_eq!(super::mailto("a&cc=b%40c@d.example"), "mailto:a%26cc%3Db%2540c@d.example");
    }
}
