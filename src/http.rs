//! Every request the widget makes, with gloo-net, and every JSON it reads or writes, with serde
//! and the protocol crate's types: submissions, polls, receipts, the public Q&A, upvotes and
//! the catalogs. Each request gives up after [`TIMEOUT`] (the body counts as part of the
//! answer), aborted through its `AbortSignal`.

use std::time::Duration;

use chapeau_protocol::{ErrorBody, PublicQuestion, ReceiptView, UpvoteCount, UpvoteRequest};
use gloo_net::http::{Request, RequestBuilder};
use serde::de::DeserializeOwned;
use web_sys::{AbortController, RequestCredentials, RequestMode};

use crate::delivery::{outcome, Outgoing, Problem};
use crate::poll::Poll;

/// How long a visitor waits before a silent backend counts as unreachable.
pub const TIMEOUT: Duration = Duration::from_secs(15);

/// What a backend answered.
struct Reply {
    status: u16,
    /// The body, as text.
    body: String,
    /// `Retry-After`, readable across origins where the backend exposes it (the collector does).
    retry_after: Option<String>,
}

impl Reply {
    fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The problem an unsuccessful answer means, read from the contract's `{"error": {...}}`
    /// when the backend sent one (not a proxy's HTML page, garbage or nothing).
    fn problem(&self) -> Problem {
        let error: Option<ErrorBody> = crate::json::from_str(&self.body);
        outcome(self.status, error.as_ref()).err().unwrap_or(Problem::Server)
    }

    /// The JSON of a successful answer as `T`, or the problem.
    fn json<T: DeserializeOwned>(self) -> Result<T, Problem> {
        if !self.is_success() {
            return Err(self.problem());
        }
        crate::json::from_str(&self.body).ok_or(Problem::Server)
    }
}

/// What posting a submission gave: the receipt, if the backend sent one (a post-level backend
/// need not), or the problem; and how long the backend asked to be left alone
/// (`Retry-After`), when it did.
pub struct Sent {
    pub result: Result<Option<String>, Problem>,
    pub retry_after_ms: Option<u64>,
}

/// The part of a submission's answer the widget keeps.
#[derive(serde::Deserialize)]
struct Accepted {
    receipt: Option<String>,
}

/// The JSON of a submission, exactly as it is first sent and then retried.
pub fn submission_json(submission: &Outgoing) -> String {
    crate::json::to_string(submission)
}

/// Posts one submission's JSON (as [`submission_json`] wrote it) to `url`.
pub async fn send(url: &str, body: &str) -> Sent {
    let Some(reply) = request(Request::post(url).header("Content-Type", "application/json"), Some(body)).await else {
        return Sent { result: Err(Problem::Network), retry_after_ms: None };
    };
    if reply.is_success() {
        let accepted: Option<Accepted> = crate::json::from_str(&reply.body);
        return Sent { result: Ok(accepted.and_then(|a| a.receipt)), retry_after_ms: None };
    }
    let now = crate::browser::now_ms() as u64;
    let retry_after_ms = reply.retry_after.as_deref().and_then(|value| crate::outbox::retry_after_ms(value, now, crate::browser::date_ms));
    Sent { result: Err(reply.problem()), retry_after_ms }
}

/// A GET whose answer is JSON, read as `T`.
async fn get<T: DeserializeOwned>(url: &str) -> Result<T, Problem> {
    request(Request::get(url), None).await.ok_or(Problem::Network)?.json()
}

/// A catalog file: its (key, text) pairs; `None` when it cannot be had.
pub async fn catalog(url: &str) -> Option<Vec<(String, String)>> {
    let reply = request(Request::get(url), None).await.filter(Reply::is_success)?;
    crate::json::entries_from_str(&reply.body)
}

/// What the community manager made of a submission, read with its receipt.
pub async fn receipt(base: &str, token: &str) -> Result<ReceiptView, Problem> {
    get(&format!("{}/v1/receipts/{}", base.trim_end_matches('/'), encode(token))).await
}

/// A poll of the collector, with the results this visitor may see.
pub async fn poll(base: &str, site: &str, id: &str, visitor: &str) -> Result<Poll, Problem> {
    get(&format!("{}?visitor={}", site_url(base, site, &["polls", id]), encode(visitor))).await
}

/// One page (from 1) of the answered questions the manager made public, most upvoted first.
pub async fn public_questions(base: &str, site: &str, page: u32) -> Result<Vec<PublicQuestion>, Problem> {
    get(&format!("{}?page={page}", site_url(base, site, &["questions"]))).await
}

/// Adds this visitor's upvote to a public question; the answer is its new count.
pub async fn upvote(base: &str, site: &str, question: &str, visitor: &str) -> Result<u64, Problem> {
    let url = site_url(base, site, &["questions", question, "upvotes"]);
    let body = crate::json::to_string(&UpvoteRequest { visitor: visitor.into() });
    let builder = Request::post(&url).header("Content-Type", "application/json");
    let count: UpvoteCount = request(builder, Some(&body)).await.ok_or(Problem::Network)?.json()?;
    Ok(count.upvotes)
}

fn encode(segment: &str) -> String {
    js_sys::encode_uri_component(segment).into()
}

/// `{base}/v1/sites/{site}/{segments…}`, each segment encoded.
fn site_url(base: &str, site: &str, segments: &[&str]) -> String {
    let mut url = format!("{}/v1/sites/{}", base.trim_end_matches('/'), encode(site));
    for segment in segments {
        url.push('/');
        url.push_str(&encode(segment));
    }
    url
}

/// Sends `builder` (with `body`, if any), across origins and without the page's cookies, and
/// reads the whole answer; gives up after [`TIMEOUT`]. `None` when nothing answered
/// (offline, refused by CORS, timed out).
async fn request(builder: RequestBuilder, body: Option<&str>) -> Option<Reply> {
    let abort = AbortController::new().ok()?;
    let builder = builder.mode(RequestMode::Cors).credentials(RequestCredentials::Omit).abort_signal(Some(&abort.signal()));
    let request = match body {
        Some(body) => builder.body(body).ok()?,
        None => builder.build().ok()?,
    };
    let timer = leptos::prelude::set_timeout_with_handle(move || abort.abort(), TIMEOUT).ok();
    let answer = async {
        let response = request.send().await.ok()?;
        let body = response.text().await.ok()?;
        Some(Reply { status: response.status(), body, retry_after: response.headers().get("retry-after") })
    }
    .await;
    if let Some(timer) = timer {
        timer.clear();
    }
    answer
}
