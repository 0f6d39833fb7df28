//! What every request goes through, for whoever runs the collector: an id (the one a proxy
//! sent, or a new one), sent back on the answer; a log span that carries it; its latency in
//! the metrics; and an error line when the answer is a server error.
//!
//! One layer for what tower-http's request-id, propagate and trace layers and a middleware
//! function did as four: each wrapped the request's future again, the trace layer its body
//! too, and the function boxed the whole router's service anew for every request.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Instant;

use axum::body::Body;
use axum::http::{HeaderName, HeaderValue, Request, Response};
use tower::{Layer, Service};

use crate::metrics::Metrics;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The layer: request ids from a random start, one more per request, and the metrics the
/// latencies go to.
#[derive(Clone)]
pub struct Observe {
    ids: RequestIds,
    metrics: Arc<Metrics>,
}

impl Observe {
    pub fn new(metrics: Arc<Metrics>) -> Observe {
        Observe { ids: RequestIds::new(), metrics }
    }
}

impl<S> Layer<S> for Observe {
    type Service = Observed<S>;

    fn layer(&self, inner: S) -> Observed<S> {
        Observed { inner, observe: self.clone() }
    }
}

/// The service the layer makes.
#[derive(Clone)]
pub struct Observed<S> {
    inner: S,
    observe: Observe,
}

impl<S> Service<Request<Body>> for Observed<S>
where
    S: Service<Request<Body>, Response = Response<Body>, Error = Infallible>,
{
    type Response = Response<Body>;
    type Error = Infallible;
    type Future = ObservedFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<Body>) -> Self::Future {
        let id = match request.headers().get(&REQUEST_ID) {
            Some(given) => given.clone(),
            None => {
                let id = self.observe.ids.next();
                request.headers_mut().insert(REQUEST_ID, id.clone());
                id
            }
        };
        let span = request_span(&request, &id);
        let future = span.in_scope(|| {
            tracing::debug!("started processing request");
            self.inner.call(request)
        });
        ObservedFuture { future, span, id: Some(id), started: Instant::now(), metrics: self.observe.metrics.clone() }
    }
}

pin_project_lite::pin_project! {
    /// The route's answer, timed, logged and carrying the request's id.
    pub struct ObservedFuture<F> {
        #[pin]
        future: F,
        span: tracing::Span,
        id: Option<HeaderValue>,
        started: Instant,
        metrics: Arc<Metrics>,
    }
}

impl<F: Future<Output = Result<Response<Body>, Infallible>>> Future for ObservedFuture<F> {
    type Output = Result<Response<Body>, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let _entered = this.span.enter();
        let Ok(mut response) = std::task::ready!(this.future.poll(cx));
        let latency = this.started.elapsed();
        this.metrics.request(latency);
        if let Some(id) = this.id.take() {
            // A route that set its own id keeps it.
            response.headers_mut().entry(REQUEST_ID).or_insert(id);
        }
        let status = response.status().as_u16();
        if response.status().is_server_error() {
            tracing::error!(status, latency_ms = latency.as_secs_f64() * 1000.0, "response failed");
        } else {
            tracing::debug!(status, latency_ms = latency.as_secs_f64() * 1000.0, "finished processing request");
        }
        Poll::Ready(Ok(response))
    }
}

/// The log span of a request, carrying its id so that every line it logs can be found.
fn request_span<B>(request: &Request<B>, id: &HeaderValue) -> tracing::Span {
    let id = id.to_str().unwrap_or("-");
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
struct RequestIds {
    next: Arc<AtomicU64>,
}

impl RequestIds {
    fn new() -> RequestIds {
        RequestIds { next: Arc::new(u64::from_le_bytes(crate::random::bytes()).into()) }
    }

    fn next(&self) -> HeaderValue {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        let mut digits = [0u8; 16];
        for (i, digit) in digits.iter_mut().enumerate() {
            *digit = b"0123456789abcdef"[(n >> (60 - 4 * i) & 0xf) as usize];
        }
        HeaderValue::from_bytes(&digits).expect("hex digits are a header value")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn request_ids_are_distinct_across_makers_and_clones() {
        let a = super::RequestIds::new();
        let b = a.clone();
        let other = super::RequestIds::new();
        let ids: std::collections::HashSet<String> = (0..100)
            .flat_map(|_| [a.next(), b.next(), other.next()])
            .map(|id| id.to_str().unwrap().to_string())
            .collect();
        assert_eq!(ids.len(), 300);
        assert!(ids.iter().all(|id| id.len() == 16 && id.bytes().all(|c| c.is_ascii_hexdigit())));
    }

    #[test]
    fn request_ids_are_the_counter_in_hex() {
        let ids = super::RequestIds { next: std::sync::Arc::new(0x0123_4567_89ab_cdef.into()) };
        assert_eq!(ids.next(), "0123456789abcdef");
        assert_eq!(ids.next(), "0123456789abcdf0");
    }

    #[test]
    fn receipts_are_left_out_of_logged_paths() {
        assert_eq!(super::loggable("/v1/receipts/secret-token"), "/v1/receipts/{receipt}");
        assert_eq!(super::loggable("/v1/submissions"), "/v1/submissions");
    }
}
