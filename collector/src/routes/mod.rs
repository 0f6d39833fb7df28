//! The collector's routes: the `/v1` API, and the widget's files with the demo page.

mod operations;
mod reads;
mod submissions;

use std::path::Path;
use std::time::Duration;

use axum::http::{header, HeaderName, HeaderValue, Method};
use axum::routing::{any, get, post, MethodRouter};
use axum::{middleware, Router};
use tower::ServiceBuilder;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::request_id::{PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

use crate::error::ApiError;
use crate::sites::SiteBook;
use crate::AppState;

/// The whole application.
pub fn router(state: AppState, static_dir: &Path) -> Router {
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
        .layer(cors(state.sites.clone()));
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
    // Around the whole router once, rather than with `Router::layer`, which boxes each layer
    // around each route again: every request then cloned and boxed four services more.
    let every_request = ServiceBuilder::new()
        .layer(SetRequestIdLayer::x_request_id(operations::MakeRequestIds::new()))
        .layer(TraceLayer::new_for_http().make_span_with(operations::request_span))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(middleware::from_fn_with_state(state, operations::time_requests))
        .service(app);
    Router::new().fallback_service(every_request)
}

/// A `/v1` route: another method than its own is answered with the contract's JSON error.
fn v1_only(route: MethodRouter<AppState>) -> MethodRouter<AppState> {
    route.fallback(|| async { ApiError::MethodNotAllowed })
}

/// CORS for `/v1`: the request's origin is echoed only when a site allows it, the site
/// being the one in the path or, for a submission (whose site is in the body, unknown at
/// preflight), any site; the handler then checks the body's site itself.
fn cors(sites: std::sync::Arc<SiteBook>) -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::predicate(move |origin: &HeaderValue, parts| {
            let Ok(origin) = origin.to_str() else { return false };
            let path = parts.uri.path();
            let path_site =
                path.strip_prefix("/v1/sites/").and_then(|rest| rest.split('/').next());
            match path_site {
                Some(id) => sites.get(id).is_some_and(|site| site.allows(origin)),
                None => sites.any_allows(origin),
            }
        }))
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::CONTENT_TYPE])
        // A rate-limited widget reads how long to wait before its outbox tries again.
        .expose_headers([header::RETRY_AFTER])
        .max_age(Duration::from_secs(24 * 60 * 60))
}

/// The built widget (loader, glue, wasm) and the demo page: public files that any origin may
/// load, revalidated on each use since their names carry no hash.
fn widget_files(dir: &Path) -> Router {
    let headers = [
        (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
        (HeaderName::from_static("cross-origin-resource-policy"), "cross-origin"),
        (header::CACHE_CONTROL, "no-cache"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    ];
    headers.into_iter().fold(
        Router::new().fallback_service(ServeDir::new(dir)),
        |router, (name, value)| {
            router.layer(SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value)))
        },
    )
}
