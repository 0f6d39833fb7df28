//! Talking to the backend with the browser's own `fetch` and `JSON`: no HTTP or JSON parsing
//! library ships in the widget for this. One request function reads everything an answer
//! can say (its status, its JSON, its `Retry-After`); the rest reads that.

use crate::prelude::*;
use chapeau_protocol::{Answer, ErrorBody, ErrorCode, ErrorDetail, Kind, PollOption, PublicQuestion, ReceiptStatus, ReceiptView};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Response};

use crate::dom::{array, property, set_property, text_property};

use crate::delivery::{outcome, Problem};
use crate::poll::{Poll, Tally};
use crate::text::cat;

/// How long a visitor waits before a silent backend counts as unreachable.
const TIMEOUT_MS: i32 = 15_000;

/// What a backend answered.
struct Reply {
    status: u16,
    /// The body, when it is a JSON object or array.
    json: Option<JsValue>,
    /// `Retry-After`, readable across origins where the backend exposes it (the collector does).
    retry_after: Option<String>,
}

impl Reply {
    /// The contract's `{"error": {...}}`, when the backend sent one (not a proxy's HTML page,
    /// garbage or nothing).
    fn error(&self) -> Option<ErrorBody> {
        let error = property(self.json.as_ref()?, "error");
        Some(ErrorBody {
            error: ErrorDetail {
                code: ErrorCode::from_wire(&text_property(&error, "code")?)?,
                message: text_property(&error, "message").unwrap_or_default(),
                field: text_property(&error, "field"),
            },
        })
    }

    /// The JSON of a successful answer, or the problem.
    fn json(self) -> Result<JsValue, Problem> {
        if !(200..300).contains(&self.status) {
            outcome(self.status, self.error().as_ref())?;
        }
        self.json.ok_or(Problem::Server)
    }
}

/// What posting a submission gave: the receipt, if the backend sent one (a post-level backend
/// need not), or the problem; and how long the backend asked to be left alone
/// (`Retry-After`), when it did.
pub struct Sent {
    pub result: Result<Option<String>, Problem>,
    pub retry_after_ms: Option<u64>,
}

/// Posts one submission's JSON.
pub async fn send(url: &str, body: &str) -> Sent {
    let Some(reply) = request(url, Some(body)).await else {
        return Sent { result: Err(Problem::Network), retry_after_ms: None };
    };
    if (200..300).contains(&reply.status) {
        return Sent { result: Ok(reply.json.as_ref().and_then(|j| text_property(j, "receipt"))), retry_after_ms: None };
    }
    let retry_after_ms = reply.retry_after.as_deref().and_then(|value| {
        crate::outbox::retry_after_ms(value, crate::browser::now_ms() as u64, |date| {
            let ms = js_sys::Date::parse(date);
            ms.is_finite().then_some(ms.max(0.0) as u64)
        })
    });
    Sent { result: outcome(reply.status, reply.error().as_ref()).map(|()| None), retry_after_ms }
}

/// A GET whose answer is JSON: an object or an array.
async fn get(url: &str) -> Result<JsValue, Problem> {
    request(url, None).await.ok_or(Problem::Network)?.json()
}

/// A file of JSON, such as a catalog: `None` when it cannot be had.
pub async fn file(url: &str) -> Option<JsValue> {
    get(url).await.ok()
}

/// What the community manager made of a submission, read with its receipt.
pub async fn receipt(base: &str, token: &str) -> Result<ReceiptView, Problem> {
    let json = get(&cat(&[base.trim_end_matches('/'), "/v1/receipts/", &encode(token)])).await?;
    let status = match text_property(&json, "status").as_deref() {
        Some("answered") => ReceiptStatus::Answered,
        Some("resolved") => ReceiptStatus::Resolved,
        _ => ReceiptStatus::Received,
    };
    let answer = Some(property(&json, "answer")).filter(JsValue::is_object);
    let answer = answer.and_then(|a| Some(Answer { message: text_property(&a, "message")?, answered_at: text_property(&a, "answered_at")? }));
    let kind = if text_property(&json, "kind").as_deref() == Some("feedback") { Kind::Feedback } else { Kind::Question };
    Ok(ReceiptView { id: text_property(&json, "id").unwrap_or_default(), kind, status, answer })
}

/// A poll of the collector, with the results this visitor may see.
pub async fn poll(base: &str, site: &str, id: &str, visitor: &str) -> Result<Poll, Problem> {
    let mut url = site_url(base, site, &["polls", id]);
    url.push_str("?visitor=");
    url.push_str(&encode(visitor));
    let json = get(&url).await?;
    let options: Vec<PollOption> = array_at(&json, "options")
        .filter_map(|o| Some(PollOption { id: text_property(&o, "id")?, label: text_property(&o, "label")? }))
        .collect();
    let results = Some(property(&json, "results")).filter(JsValue::is_object).map(|r| {
        let counts = property(&r, "counts");
        Tally { total: number_at(&r, "total"), counts: options.iter().map(|o| if counts.is_object() { number_at(&counts, &o.id) } else { 0 }).collect() }
    });
    Ok(Poll {
        id: text_property(&json, "id").unwrap_or_else(|| id.into()),
        question: text_property(&json, "question").unwrap_or_default(),
        options,
        multiple: property(&json, "multiple").as_bool().unwrap_or(false),
        closes_at: text_property(&json, "closes_at"),
        results,
    })
}

/// One page (from 1) of the answered questions the manager made public, most upvoted first.
pub async fn public_questions(base: &str, site: &str, page: u32) -> Result<Vec<PublicQuestion>, Problem> {
    let mut url = site_url(base, site, &["questions"]);
    url.push_str("?page=");
    crate::text::push_number(&mut url, u64::from(page));
    let json = get(&url).await?;
    Ok(array(json)
        .iter()
        .filter_map(|q| {
            Some(PublicQuestion {
                id: text_property(&q, "id")?,
                message: text_property(&q, "message")?,
                answer: text_property(&q, "answer")?,
                upvotes: number_at(&q, "upvotes"),
                answered_at: text_property(&q, "answered_at").unwrap_or_default(),
            })
        })
        .collect())
}

/// Adds this visitor's upvote to a public question; the answer is its new count.
pub async fn upvote(base: &str, site: &str, question: &str, visitor: &str) -> Result<u64, Problem> {
    let url = site_url(base, site, &["questions", question, "upvotes"]);
    let body = js_sys::JSON::stringify(&crate::browser::plain_object(&[("visitor", visitor)])).map_err(|_| Problem::Invalid)?;
    let json = request(&url, Some(&String::from(body))).await.ok_or(Problem::Network)?.json()?;
    Ok(number_at(&json, "upvotes"))
}

fn encode(segment: &str) -> String {
    js_sys::encode_uri_component(segment).into()
}

/// `{base}/v1/sites/{site}/{segments…}`, each segment encoded.
fn site_url(base: &str, site: &str, segments: &[&str]) -> String {
    let mut url = cat(&[base.trim_end_matches('/'), "/v1/sites/", &encode(site)]);
    for segment in segments {
        url.push('/');
        url.push_str(&encode(segment));
    }
    url
}

fn number_at(object: &JsValue, key: &str) -> u64 {
    property(object, key).as_f64().map_or(0, |n| n.max(0.0) as u64)
}

fn array_at(object: &JsValue, key: &str) -> impl Iterator<Item = JsValue> {
    array(property(object, key)).into_iter()
}

/// A POST of JSON when there is a body, else a GET; either gives up after [`TIMEOUT_MS`].
/// `None` when nothing answered (offline, refused by CORS, timed out).
async fn request(url: &str, body: Option<&str>) -> Option<Reply> {
    let window = crate::dom::window();
    let abort = AbortController::new().ok()?;
    // The request's options as a plain object: web-sys' typed builders bring a binding each.
    let init = crate::browser::plain_object(&[("mode", "cors"), ("credentials", "omit")]);
    if let Some(body) = body {
        set_property(&init, "method", &"POST".into());
        set_property(&init, "headers", &crate::browser::plain_object(&[("Content-Type", "application/json")]));
        set_property(&init, "body", &body.into());
    }
    set_property(&init, "signal", &property(&abort, "signal"));
    let timer = crate::dom::later(TIMEOUT_MS, Box::new(move || abort.abort()));
    let response: Response = JsFuture::from(window.fetch_with_str_and_init(url, init.unchecked_ref())).await.ok()?.unchecked_into();
    // The body counts as part of the answer: the timeout covers it too.
    let text = JsFuture::from(response.text().ok()?).await.ok().and_then(|t| t.as_string());
    window.clear_timeout_with_handle(timer);
    let json = text.and_then(|t| js_sys::JSON::parse(&t).ok()).filter(JsValue::is_object);
    let status = property(&response, "status").as_f64().unwrap_or(0.0) as u16;
    let headers: web_sys::Headers = property(&response, "headers").unchecked_into();
    Some(Reply { status, json, retry_after: headers.get("retry-after").ok().flatten() })
}
