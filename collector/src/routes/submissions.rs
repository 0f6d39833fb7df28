//! `POST /v1/submissions`: the contract's only write for every backend.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chapeau_protocol::{limits, parse_submission, Content, ParseError, Receipt};
use http_body_util::{BodyExt, LengthLimitError, Limited};

use crate::db::{Allowance, Arrival, Stored};
use crate::error::ApiError;
use crate::inbox::auth::ClientIp;
use crate::sites::Site;
use crate::AppState;

/// Checks, in the contract's order, then stores the submission exactly once.
pub async fn create(State(state): State<AppState>, ClientIp(ip): ClientIp, request: Request) -> Response {
    let mut kind = "unknown";
    // The request's own headers, read in place: axum's `HeaderMap` extractor copies them.
    let (parts, body) = request.into_parts();
    let result = match state.per_ip.take(&ip) {
        Ok(()) => accept(&state, ip, &parts.headers, body, &mut kind).await,
        Err(wait) => Err(ApiError::rate_limited(wait)),
    };
    let outcome = match &result {
        Ok((StatusCode::CREATED, _, true)) => "spam",
        Ok((StatusCode::CREATED, _, false)) => "created",
        Ok(_) => "replayed",
        Err(e) => e.code().as_str(),
    };
    state.metrics.submission(kind, outcome);
    result.map(|(status, receipt, _)| (status, receipt)).into_response()
}

async fn accept(
    state: &AppState,
    ip: std::net::IpAddr,
    headers: &HeaderMap,
    body: Body,
    kind: &mut &'static str,
) -> Result<(StatusCode, Json<Receipt>, bool), ApiError> {
    let bytes = read_json_body(headers, body, limits::MAX_BODY_BYTES).await?;
    let submission = parse_submission(&bytes).map_err(|e| match e {
        ParseError::Malformed(reason) => ApiError::MalformedJson(reason),
        ParseError::Invalid(violation) => ApiError::Invalid(violation),
    })?;
    *kind = submission.kind().as_str();
    let site = state
        .sites
        .get(&submission.site)
        .ok_or_else(|| ApiError::UnknownSite(submission.site.clone()))?;
    let origin = check_origin(&site, headers)?;
    state.per_site.take(&site.id).map_err(ApiError::rate_limited)?;
    let allowance = match &submission.content {
        Content::Vote(vote) => {
            let poll = site.poll(&vote.poll).ok_or_else(|| ApiError::UnknownPoll(vote.poll.clone()))?;
            poll.check_vote(&vote.choices, time::OffsetDateTime::now_utc()).map_err(ApiError::Invalid)?;
            Allowance::votes(&site.id, &poll.id, crate::limits::network(ip), poll.votes_per_network_per_hour)
        }
        _ => None,
    };
    let too_quick = submission.dwell_ms < state.min_dwell_ms;
    let spam = !submission.trap.is_empty() || too_quick;
    let webhook = site.webhook.as_ref().filter(|_| !spam).and_then(|webhook| {
        let delivery = chapeau_protocol::uuid_v4_from_bytes(crate::random::bytes());
        let payload = crate::webhooks::payload(&site.name, webhook.format(), &submission, &delivery, &crate::db::now_rfc3339())?;
        Some((delivery, payload))
    });
    let queued = webhook.is_some();
    let kind = *kind;
    let arrival = Arrival { submission, origin: origin.to_string(), spam, webhook, allowance };
    let stored = state.db.store(arrival).await?;
    if queued {
        state.webhook_wakeup.notify_one();
    }
    match stored {
        Stored::Created(receipt) => {
            tracing::info!(id = %receipt.id, site = %site.id, kind, spam, "submission stored");
            Ok((StatusCode::CREATED, Json(receipt), spam))
        }
        Stored::Replayed(receipt) => Ok((StatusCode::OK, Json(receipt), spam)),
        Stored::Conflict(id) => Err(ApiError::IdConflict(id)),
        Stored::Limited(wait) => Err(ApiError::rate_limited(wait)),
    }
}

/// The request's `Origin`, if the site allows it: a write from anywhere else (or from no
/// browser page at all) is refused, whatever the browser's own checks did.
pub(super) fn check_origin<'h>(site: &Site, headers: &'h HeaderMap) -> Result<&'h str, ApiError> {
    let origin = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()).unwrap_or_default();
    if site.allows(origin) {
        Ok(origin)
    } else {
        Err(ApiError::OriginNotAllowed { origin: origin.into(), site: site.id.clone() })
    }
}

/// A JSON body of at most `limit` bytes: `415` for another type, `413` when longer.
pub(super) async fn read_json_body(headers: &HeaderMap, body: Body, limit: usize) -> Result<axum::body::Bytes, ApiError> {
    if !is_json(headers) {
        return Err(ApiError::UnsupportedMediaType);
    }
    read_limited(body, limit).await
}

/// `application/json`, with or without parameters such as `charset=utf-8`.
fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"))
}

/// Reads at most `limit` bytes; a longer body is refused without being read to its end.
async fn read_limited(body: Body, limit: usize) -> Result<axum::body::Bytes, ApiError> {
    match Limited::new(body, limit).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => {
            Err(ApiError::PayloadTooLarge { limit })
        }
        Err(e) if caused_by::<tower_http::timeout::TimeoutError>(e.as_ref()) => Err(ApiError::BodyTooSlow),
        Err(e) => Err(ApiError::MalformedJson(format!("the body could not be read: {e}"))),
    }
}

/// Whether `error`, or an error it comes from, is a `T`.
fn caused_by<T: std::error::Error + 'static>(error: &(dyn std::error::Error + 'static)) -> bool {
    std::iter::successors(Some(error), |e| e.source()).any(|e| e.is::<T>())
}
