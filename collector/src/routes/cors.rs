//! CORS for `/v1`: the request's origin is echoed only when a site allows it, the site being
//! the one in the path or, for a submission (whose site is in the body, unknown at
//! preflight), any site; the handler then checks the body's site itself.
//!
//! The answers tower-http's `CorsLayer` gives when configured for this, written for this one
//! rule: that layer built a header map of its own for every request and merged it into the
//! response, a fifth of a submission's time in its HTTP workers outside the handler
//! (BENCHMARKS.md). Here the headers are static values and the request's own origin, and an
//! answer carries only the headers a browser reads on it (see `VARY` and `EXPOSE_HEADERS`).

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::body::Body;
use axum::http::{header, HeaderValue, Method, Request, Response, StatusCode};
use tower::{Layer, Service};

use crate::sites::SiteBook;

/// A preflight's answer varies with these request headers.
const PREFLIGHT_VARY: HeaderValue =
    HeaderValue::from_static("origin, access-control-request-method, access-control-request-headers");
/// Any other answer varies with the origin alone: the two preflight headers change nothing in
/// it, and naming them cost 66 bytes on every answer.
const VARY: HeaderValue = HeaderValue::from_static("origin");
const ALLOW_METHODS: HeaderValue = HeaderValue::from_static("GET,POST");
const ALLOW_HEADERS: HeaderValue = HeaderValue::from_static("content-type");
/// Browsers may keep a preflight's answer for a day.
const MAX_AGE: HeaderValue = HeaderValue::from_static("86400");
/// A rate-limited widget reads how long to wait before its outbox tries again. Sent only
/// with a `Retry-After`, the one answer that has something to expose.
const EXPOSE_HEADERS: HeaderValue = HeaderValue::from_static("retry-after");

/// The layer, over the book of sites.
#[derive(Clone)]
pub struct V1Cors {
    sites: Arc<SiteBook>,
}

impl V1Cors {
    pub fn new(sites: Arc<SiteBook>) -> V1Cors {
        V1Cors { sites }
    }

    /// The request's `Origin`, if the sites allow it for this path.
    fn allowed_origin<B>(&self, request: &Request<B>) -> Option<HeaderValue> {
        let value = request.headers().get(header::ORIGIN)?;
        let origin = value.to_str().ok()?;
        let site_in_path = request.uri().path().strip_prefix("/v1/sites/").and_then(|rest| rest.split('/').next());
        let allowed = match site_in_path {
            Some(id) => self.sites.get(id).is_some_and(|site| site.allows(origin)),
            None => self.sites.any_allows(origin),
        };
        allowed.then(|| value.clone())
    }
}

impl<S> Layer<S> for V1Cors {
    type Service = Cors<S>;

    fn layer(&self, inner: S) -> Cors<S> {
        Cors { inner, rule: self.clone() }
    }
}

/// The service the layer makes.
#[derive(Clone)]
pub struct Cors<S> {
    inner: S,
    rule: V1Cors,
}

impl<S> Service<Request<Body>> for Cors<S>
where
    S: Service<Request<Body>, Response = Response<Body>, Error = Infallible>,
{
    type Response = Response<Body>;
    type Error = Infallible;
    type Future = CorsFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<Body>) -> Self::Future {
        let origin = self.rule.allowed_origin(&request);
        if request.method() == Method::OPTIONS {
            // A preflight is answered here, whatever the route would have done.
            let mut response = Response::new(Body::empty());
            *response.status_mut() = StatusCode::OK;
            let headers = response.headers_mut();
            headers.insert(header::VARY, PREFLIGHT_VARY);
            if let Some(origin) = origin {
                headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            }
            headers.insert(header::ACCESS_CONTROL_ALLOW_METHODS, ALLOW_METHODS);
            headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, ALLOW_HEADERS);
            headers.insert(header::ACCESS_CONTROL_MAX_AGE, MAX_AGE);
            return CorsFuture { inner: Inner::Preflight { response: Some(response) } };
        }
        CorsFuture { inner: Inner::Call { future: self.inner.call(request), origin } }
    }
}

pin_project_lite::pin_project! {
    /// The route's answer with the CORS headers added, or the preflight's.
    pub struct CorsFuture<F> {
        #[pin]
        inner: Inner<F>,
    }
}

pin_project_lite::pin_project! {
    #[project = InnerProjection]
    enum Inner<F> {
        Preflight { response: Option<Response<Body>> },
        Call { #[pin] future: F, origin: Option<HeaderValue> },
    }
}

impl<F: Future<Output = Result<Response<Body>, Infallible>>> Future for CorsFuture<F> {
    type Output = Result<Response<Body>, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project().inner.project() {
            InnerProjection::Preflight { response } => {
                Poll::Ready(Ok(response.take().expect("a future is not polled after it is ready")))
            }
            InnerProjection::Call { future, origin } => {
                let Ok(mut response) = std::task::ready!(future.poll(cx));
                let headers = response.headers_mut();
                // The route may have said what it varies with already: add, do not replace.
                headers.append(header::VARY, VARY);
                if let Some(origin) = origin.take() {
                    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
                }
                if headers.contains_key(header::RETRY_AFTER) {
                    headers.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSE_HEADERS);
                }
                Poll::Ready(Ok(response))
            }
        }
    }
}
