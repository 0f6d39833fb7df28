//! For whoever runs the collector: liveness, readiness and metrics (each request's id, span
//! and latency: [`super::observe`]).

use axum::extract::State;
use axum::http::header;
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
