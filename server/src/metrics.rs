//! Prometheus metrics (SPEC §10): what an operator graphs and alerts on,
//! served as `GET /metrics` on a listener of its own (`GMIS_METRICS_LISTEN`)
//! and never on the public one.
//!
//! - `gmis_http_requests_total{method,route,status}` and
//!   `gmis_http_request_duration_seconds{method,route}`: every request of the
//!   main router, recorded by [`record`] (a layer inside the routing, so it
//!   sees the route that matched). The time runs until the response's head
//!   is ready; a download's body streams after it.
//! - `gmis_reports_saved_total`: reports committed through the report writer.
//! - `gmis_outbox_backlog` and `gmis_outbox_oldest_age_seconds`: mails not
//!   sent yet, and how long the oldest has waited (0 when none waits).
//! - `gmis_db_pool_connections{state="idle"|"in_use"}` and
//!   `gmis_db_pool_max`: the database pool of the requests.
//!
//! `route` is the pattern the request matched (`/attachments/{id}`,
//! `/api/reports/submit`), never the path itself: a path carries ids, and
//! every distinct label value is a series Prometheus keeps. A request no
//! route matched — an unknown address, answered 404 by the app's fallback
//! (or 303 to the login for anonymous users) — is counted under
//! [`UNMATCHED`]; the built assets under `/pkg/{*path}`. The method is one
//! of the standard ones or `other`, for the same reason (docs/decisions.md).
//!
//! The request counters live in this process ([`HttpMetrics`]); everything
//! else is read when Prometheus scrapes. When the database does not answer
//! the outbox query, the scrape still answers with the rest, and says so in
//! the log.

use crate::WebState;
use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::{ConstCounter, Counter};
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::ConstGauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::{Registry, Unit};
use sea_orm::DbBackend;
use std::time::{Duration, Instant};

/// What `/metrics` answers with: the OpenMetrics text format, which
/// prometheus-client writes and Prometheus prefers.
pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// The `route` of a request that matched no route.
pub const UNMATCHED: &str = "other";

/// Where the built assets are served from (`web::router`).
const ASSETS: &str = "/pkg/";

/// The longest a scrape waits for the outbox query: Prometheus gives up
/// after 10 s by default, and the other figures are worth having anyway.
const QUERY_TIMEOUT: Duration = Duration::from_secs(3);

/// Upper bounds of the latency buckets, in seconds: fine below the 100 ms
/// the national day's p99 must stay under (SPEC §11), coarse above it.
const BUCKETS: [f64; 12] = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: &'static str,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    method: &'static str,
    route: String,
}

type Durations = Family<RouteLabels, Histogram, fn() -> Histogram>;

/// The requests this instance has answered since it started, per method,
/// route and status.
#[derive(Debug)]
pub struct HttpMetrics {
    requests: Family<RequestLabels, Counter>,
    durations: Durations,
}

impl Default for HttpMetrics {
    fn default() -> Self {
        Self { requests: Family::default(), durations: Family::new_with_constructor(|| Histogram::new(BUCKETS)) }
    }
}

impl HttpMetrics {
    fn observe(&self, method: &'static str, route: String, status: u16, took: Duration) {
        self.durations.get_or_create(&RouteLabels { method, route: route.clone() }).observe(took.as_secs_f64());
        self.requests.get_or_create(&RequestLabels { method, route, status }).inc();
    }
}

/// Middleware of the main router: counts and times every request under the
/// route it matched.
pub async fn record(State(state): State<WebState>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = method_label(req.method());
    let route = match req.extensions().get::<MatchedPath>() {
        Some(matched) => matched.as_str().to_owned(),
        // The built assets are a service nested at `/pkg`, which axum
        // gives no matched path.
        None if req.uri().path().starts_with(ASSETS) => format!("{ASSETS}{{*path}}"),
        None => UNMATCHED.to_owned(),
    };
    let res = next.run(req).await;
    state.metrics.observe(method, route, res.status().as_u16(), started.elapsed());
    res
}

fn method_label(method: &http::Method) -> &'static str {
    use http::Method as M;
    match *method {
        M::GET => "GET",
        M::HEAD => "HEAD",
        M::POST => "POST",
        M::PUT => "PUT",
        M::PATCH => "PATCH",
        M::DELETE => "DELETE",
        M::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// The router of the metrics listener: `GET /metrics` and nothing else.
pub fn router(state: WebState) -> Router {
    Router::new().route("/metrics", get(scrape)).with_state(state)
}

async fn scrape(State(state): State<WebState>) -> Response {
    let mut registry = Registry::with_prefix("gmis");
    registry.register(
        "http_requests",
        "HTTP requests answered, by method, route pattern and status",
        state.metrics.requests.clone(),
    );
    registry.register_with_unit(
        "http_request_duration",
        "Time to answer an HTTP request (until its head), by method and route pattern",
        Unit::Seconds,
        state.metrics.durations.clone(),
    );
    registry.register(
        "reports_saved",
        "Reports (first revisions and amendments) committed by this instance",
        ConstCounter::new(state.app.report_writer.saved()),
    );
    register_pool(&mut registry, &state.app.db);
    match tokio::time::timeout(QUERY_TIMEOUT, app::server::mail::backlog(&state.app.db)).await {
        Ok(Ok(backlog)) => {
            // The outbox stamps and sends mail on the real clock (not the
            // services' clock a drill may shift), so its age is measured
            // on the real clock too.
            let age = backlog
                .oldest
                .map_or(0.0, |oldest| (chrono::Utc::now() - oldest).to_std().map_or(0.0, |age| age.as_secs_f64()));
            registry.register("outbox_backlog", "Mails not sent yet", ConstGauge::new(backlog.unsent as i64));
            registry.register_with_unit(
                "outbox_oldest_age",
                "How long the oldest mail not sent yet has waited (0 when none waits)",
                Unit::Seconds,
                ConstGauge::new(age),
            );
        }
        // The database error itself was logged where it became an AppError.
        Ok(Err(_)) => tracing::warn!("metrics: the outbox query failed; its figures are left out"),
        Err(_) => tracing::warn!(?QUERY_TIMEOUT, "metrics: the outbox query timed out; its figures are left out"),
    }
    let mut text = String::new();
    if let Err(e) = prometheus_client::encoding::text::encode(&mut text, &registry) {
        tracing::error!(error = %e, "metrics: encoding failed");
        return http::StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    ([(http::header::CONTENT_TYPE, CONTENT_TYPE)], text).into_response()
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PoolLabels {
    state: &'static str,
}

/// The pool's figures, as sqlx counts them: no query, they cannot fail.
fn register_pool(registry: &mut Registry, db: &sea_orm::DatabaseConnection) {
    let (size, idle, max) = match db.get_database_backend() {
        DbBackend::Sqlite => {
            let pool = db.get_sqlite_connection_pool();
            (pool.size(), pool.num_idle(), pool.options().get_max_connections())
        }
        DbBackend::Postgres => {
            let pool = db.get_postgres_connection_pool();
            (pool.size(), pool.num_idle(), pool.options().get_max_connections())
        }
        _ => return,
    };
    let idle = u32::try_from(idle).unwrap_or(u32::MAX).min(size);
    let connections = Family::<PoolLabels, prometheus_client::metrics::gauge::Gauge>::default();
    connections.get_or_create(&PoolLabels { state: "idle" }).set(i64::from(idle));
    connections.get_or_create(&PoolLabels { state: "in_use" }).set(i64::from(size - idle));
    registry.register("db_pool_connections", "Open connections of the database pool, idle or in use", connections);
    registry.register("db_pool_max", "Most connections the database pool opens", ConstGauge::new(i64::from(max)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_method_is_other() {
        assert_eq!(method_label(&http::Method::GET), "GET");
        let odd = http::Method::from_bytes(b"PROPFIND").unwrap_or(http::Method::TRACE);
        assert_eq!(method_label(&odd), "other");
    }
}
