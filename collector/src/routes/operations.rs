//! For whoever runs the collector: liveness, readiness, metrics, and request tracing.

use std::time::Instant;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::AppState;

/// `/readyz`: ready when the database answers.
pub async fn ready(State(state): State<AppState>) -> Result<&'static str, ApiError> {
    state.db.ping().await?;
    Ok("ready")
}

/// `/metrics`, in Prometheus' text format.
pub async fn metrics(State(state): State<AppState>) -> Response {
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], state.metrics.render()).into_response()
}

/// Every request's latency, into the histogram.
pub async fn time_requests(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let response = next.run(request).await;
    state.metrics.request(started.elapsed());
    response
}

/// The log span of a request, carrying its id so that every line it logs can be found.
pub fn request_span(request: &Request<Body>) -> tracing::Span {
    let id = request.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
    tracing::info_span!("request", id, method = %request.method(), path = loggable(request.uri().path()))
}

/// A path as logs may keep it: a receipt in a path is a visitor's bearer token, so it is left out.
fn loggable(path: &str) -> &str {
    if path.starts_with("/v1/receipts/") {
        "/v1/receipts/{receipt}"
    } else {
        path
    }
}

/// Request ids for the logs: 16 hex digits, a random start then one more per request, so
/// unique within a run and, with the random start, across runs and processes. A UUID v4 per
/// request asked the OS for randomness each time (a system call) for ids nobody must guess.
#[derive(Clone)]
pub struct MakeRequestIds {
    next: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl MakeRequestIds {
    pub fn new() -> MakeRequestIds {
        let mut start = [0u8; 8];
        getrandom::fill(&mut start).expect("the operating system provides randomness");
        MakeRequestIds { next: std::sync::Arc::new(u64::from_le_bytes(start).into()) }
    }
}

impl tower_http::request_id::MakeRequestId for MakeRequestIds {
    fn make_request_id<B>(&mut self, _: &axum::http::Request<B>) -> Option<tower_http::request_id::RequestId> {
        let n = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let id = axum::http::HeaderValue::try_from(format!("{n:016x}")).expect("hex digits are a header value");
        Some(tower_http::request_id::RequestId::new(id))
    }
}

#[cfg(test)]
mod tests {
    use tower_http::request_id::MakeRequestId;

    #[test]
    fn request_ids_are_distinct_across_makers_and_clones() {
        let request = axum::http::Request::new(());
        let mut a = super::MakeRequestIds::new();
        let mut b = a.clone();
        let mut other = super::MakeRequestIds::new();
        let ids: std::collections::HashSet<String> = (0..100)
            .flat_map(|_| [a.make_request_id(&request), b.make_request_id(&request), other.make_request_id(&request)])
            .map(|id| id.unwrap().header_value().to_str().unwrap().to_string())
            .collect();
        assert_eq!(ids.len(), 300);
        assert!(ids.iter().all(|id| id.len() == 16 && id.bytes().all(|c| c.is_ascii_hexdigit())));
    }
}
