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
