//! The collector's routes: the `/v1` API, and the widget's files with the demo page.

mod operations;
mod reads;
mod submissions;

use std::path::Path;
use std::time::Duration;

use axum::extract::OriginalUri;
use axum::http::{header, HeaderName, HeaderValue, Method};
use axum::routing::{get, post};
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
    let v1 = Router::<AppState>::new()
        .route("/submissions", post(submissions::create))
        .route("/sites/{site}/polls/{poll}", get(reads::poll))
        .route("/sites/{site}/questions", get(reads::questions))
        .route("/sites/{site}/questions/{id}/upvotes", post(reads::upvote))
        .route("/receipts/{receipt}", get(reads::receipt))
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        .fallback(|| async { ApiError::NotFound })
        .layer(cors(state.sites.clone()));
    let operations = Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(operations::ready))
        .route("/metrics", get(operations::metrics));
    let app = Router::new()
        .nest("/v1", v1)
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

/// CORS for `/v1`: the request's origin is echoed only when a site allows it, the site
/// being the one in the path or, for a submission (whose site is in the body, unknown at
/// preflight), any site; the handler then checks the body's site itself.
fn cors(sites: std::sync::Arc<SiteBook>) -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::predicate(move |origin: &HeaderValue, parts| {
            let Ok(origin) = origin.to_str() else { return false };
            // Inside the nested `/v1` router the path has lost its prefix; the original has it.
            let path = parts.extensions.get::<OriginalUri>().map_or(parts.uri.path(), |u| u.path());
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
