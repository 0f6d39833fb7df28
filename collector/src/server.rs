//! The collector on the network: HTTP/1.1 (and HTTP/2 for clients that speak it) with every
//! timeout set and a cap on open connections, so that slow or idle clients cannot hold the
//! server's connections, and with a graceful stop.
//!
//! - A request's head (its line and headers) must arrive within [`Limits::head`]; a connection
//!   kept alive between requests closes after as long idle. A client dripping a head a byte at
//!   a time (slowloris) is disconnected then.
//! - Its body must arrive within [`Limits::body`] (`408 request_timeout`), and the whole
//!   request be answered within [`Limits::request`] (`503 unavailable`): see
//!   [`crate::routes`].
//! - At most [`Limits::connections`] connections are open at once; one more is closed as soon
//!   as it is accepted.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::connect_info::IntoMakeServiceWithConnectInfo;
use axum::Router;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::Service;

/// How long a client may take, and how many may be connected at once.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// To send a request's head; also how long a kept-alive connection may stay idle.
    pub head: Duration,
    /// To send a request's body.
    pub body: Duration,
    /// For the whole request to be answered.
    pub request: Duration,
    /// Open connections at once.
    pub connections: usize,
}

/// How long the requests in flight have to finish once a stop is asked for.
const DRAIN: Duration = Duration::from_secs(20);

/// Serves `app` on `listener` until `shutdown` completes, then lets the requests in flight
/// finish (for at most [`DRAIN`]).
pub async fn serve(listener: TcpListener, app: Router, limits: Limits, shutdown: impl Future<Output = ()>) {
    let mut make_service: IntoMakeServiceWithConnectInfo<Router, SocketAddr> = app.into_make_service_with_connect_info();
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder.http1().timer(TokioTimer::new()).header_read_timeout(limits.head);
    builder.http2().timer(TokioTimer::new()).keep_alive_interval(Some(limits.head)).keep_alive_timeout(limits.head);
    let builder = Arc::new(builder);
    let open = Arc::new(Semaphore::new(limits.connections));
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let (stream, address) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors, or the like: wait for connections to close.
                    tracing::warn!(error = %e, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Ok(permit) = open.clone().try_acquire_owned() else {
            tracing::warn!(%address, "too many open connections: one more closed");
            continue;
        };
        let _ = stream.set_nodelay(true);
        let Ok(service) = make_service.call(address).await;
        let connection = builder.serve_connection_with_upgrades(TokioIo::new(stream), TowerToHyperService::new(service));
        let connection = graceful.watch(connection.into_owned());
        tokio::spawn(async move {
            // A client that goes away or times out ends its connection: nothing to report.
            let _ = connection.await;
            drop(permit);
        });
    }
    drop(listener);
    if tokio::time::timeout(DRAIN, graceful.shutdown()).await.is_err() {
        tracing::warn!("requests still in flight after {} s: stopping anyway", DRAIN.as_secs());
    }
}
