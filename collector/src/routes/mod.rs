//! The collector's routes: the `/v1` API, and the widget's files with the demo page.

mod cors;
mod observe;
mod operations;
mod reads;
mod submissions;

use std::path::Path;

use axum::http::{header, HeaderName, HeaderValue};
use axum::routing::{any, get, post, MethodRouter};
use axum::Router;
use tower::Layer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::error::ApiError;
use crate::AppState;

/// The whole application. Each request's body must arrive within `limits.body`, and the
/// request be answered within `limits.request` (see [`crate::server`]).
pub fn router(state: AppState, static_dir: &Path, limits: &crate::server::Limits) -> Router {
    // Full paths rather than a router nested at `/v1`: nesting rewrote every request's URI
    // and kept the original beside it, a tenth of a submission's routing (BENCHMARKS.md).
    let not_found = || any(|| async { ApiError::NotFound });
    let v1 = Router::<AppState>::new()
        .route("/v1/submissions", v1_only(post(submissions::create)))
        .route("/v1/sites/{site}/polls/{poll}", v1_only(get(reads::poll)))
        .route("/v1/sites/{site}/questions", v1_only(get(reads::questions)))
        .route("/v1/sites/{site}/questions/{id}/upvotes", v1_only(post(reads::upvote)))
        .route("/v1/receipts/{receipt}", v1_only(get(reads::receipt)))
        .route("/v1", not_found())
        .route("/v1/{*rest}", not_found())
        .layer(cors::V1Cors::new(state.sites.clone()));
    let operations = Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(operations::ready))
        .route("/metrics", get(operations::metrics));
    let app = Router::new()
        .merge(v1)
        .merge(operations)
        .with_state(state.clone())
        .merge(crate::inbox::router(state.clone()))
        .fallback_service(widget_files(static_dir));
    let answer_within = limits.request;
    let app = app
        .layer(axum::middleware::from_fn(move |request, next: axum::middleware::Next| answered_within(answer_within, request, next)))
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(limits.body))
        // Every answer, errors and timeouts too, is read as the type it says it is: a
        // browser never runs a JSON error as a script or a page.
        .layer(SetResponseHeaderLayer::if_not_present(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")));
    // Around the whole router once, rather than with `Router::layer`, which boxes a layer
    // around each route again.
    Router::new().fallback_service(observe::Observe::new(state.metrics.clone()).layer(app))
}

/// A request answered within `limit`, or `503` (the contract's `unavailable`, with
/// `Retry-After`): a handler waiting on a stalled database does not hold its client forever.
async fn answered_within(limit: std::time::Duration, request: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => axum::response::IntoResponse::into_response(ApiError::AnswerTooSlow),
    }
}

/// A `/v1` route: another method than its own is answered with the contract's JSON error.
fn v1_only(route: MethodRouter<AppState>) -> MethodRouter<AppState> {
    route.fallback(|| async { ApiError::MethodNotAllowed })
}

/// The built widget (loader, glue, wasm) and the demo page: public files that any origin may
/// load, revalidated on each use since their names carry no hash.
fn widget_files(dir: &Path) -> Router {
    let headers = [
        (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
        (HeaderName::from_static("cross-origin-resource-policy"), "cross-origin"),
        (header::CACHE_CONTROL, "no-cache"),
    ];
    headers.into_iter().fold(
        Router::new().fallback_service(ServeDir::new(dir)),
        |router, (name, value)| {
            router.layer(SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value)))
        },
    )
}
