//! The HTTP listener: accepts connections and serves the router on them with
//! the limits that keep slow or idle clients from exhausting an instance
//! (SPEC §10, §12).
//!
//! - A request's headers must arrive within [`ConnectionLimits::header_timeout`];
//!   the same timer closes a keep-alive connection that stays idle that long
//!   (hyper starts it whenever the connection waits for a request head).
//! - A request body that pauses longer than [`ConnectionLimits::body_timeout`]
//!   fails (the server function answers 400) and its buffered part is freed.
//! - At most [`ConnectionLimits::max_connections`] connections are served at
//!   once; further ones wait in the kernel's listen queue, so the process
//!   never runs out of file descriptors and `/healthz` keeps answering.
//! - On shutdown the listener closes, idle connections close at once, and
//!   in-flight requests get [`ConnectionLimits::shutdown_grace`] to finish;
//!   whatever is still open then is dropped and the process exits.

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt as _;
use tower_http::timeout::TimeoutBody;

/// Timeouts and caps of the listener (all from the environment, see
/// `Config`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// `GMIS_HEADER_TIMEOUT_SECS` (default 15): time for a request's headers
    /// to arrive, and for an idle keep-alive connection to send its next one.
    pub header_timeout: Duration,
    /// `GMIS_BODY_TIMEOUT_SECS` (default 30): the longest pause allowed
    /// between two pieces of a request body.
    pub body_timeout: Duration,
    /// `GMIS_MAX_CONNECTIONS` (default 2048): connections served at once.
    pub max_connections: usize,
    /// `GMIS_SHUTDOWN_GRACE_SECS` (default 20): how long a stopping instance
    /// waits for in-flight requests before it closes them.
    pub shutdown_grace: Duration,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        Self {
            header_timeout: Duration::from_secs(15),
            body_timeout: Duration::from_secs(30),
            max_connections: 2048,
            shutdown_grace: Duration::from_secs(20),
        }
    }
}

/// Serves `router` on `listener` until `shutdown` completes, then drains as
/// described in the module documentation. Handlers see the peer address as
/// `ConnectInfo<SocketAddr>`, as with `axum::serve`.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ConnectionLimits,
    shutdown: impl std::future::Future<Output = ()>,
) {
    let permits = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(limits.header_timeout).keep_alive(true);
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = permits.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of descriptors or a connection reset before accept:
                    // wait a moment rather than spin.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let body_timeout = limits.body_timeout;
        let service = hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
            let mut req = req.map(|body| TimeoutBody::new(body_timeout, body));
            req.extensions_mut().insert(ConnectInfo(peer));
            router.clone().oneshot(req)
        });
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, "connection ended with an error");
            }
            drop(permit);
        });
    }
    drop(listener);
    tracing::info!("shutting down: finishing in-flight requests");
    if tokio::time::timeout(limits.shutdown_grace, graceful.shutdown()).await.is_err() {
        tracing::warn!(grace = ?limits.shutdown_grace, "requests still open after the shutdown grace period were dropped");
    }
}
