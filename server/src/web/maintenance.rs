//! During a maintenance window nothing is served but the health check and
//! static assets (SPEC §5): every page, form post and server function answers
//! 503 with `Retry-After` and when the system reopens — a Japanese page for
//! browsers, JSON for programs. Nobody can log in or change anything. The
//! window comes from the database through a cache of a few seconds, so every
//! instance closes and reopens within seconds of `gmis maintenance`.

use crate::WebState;
use app::domain::html::escape;
use app::domain::maintenance::Window;
use app::domain::time::format_moment;
use app::i18n;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};

/// Paths that stay open: the load balancer's health checks and the assets
/// (the browser may still fetch them for a page it already has).
fn always_open(path: &str) -> bool {
    path == "/healthz"
        || path == "/readyz"
        || path.starts_with("/pkg/")
        || path == "/favicon.svg"
        || path == "/robots.txt"
}

pub async fn close_during_maintenance(State(state): State<WebState>, req: Request, next: Next) -> Response {
    if always_open(req.uri().path()) {
        return next.run(req).await;
    }
    let now = state.app.clock.now();
    // If the database cannot be asked, the request goes on and fails (or
    // not) on its own; the health check reports the database.
    let Ok(Some(window)) = state.app.maintenance.current(&state.app.db, now).await else {
        return next.run(req).await;
    };
    let retry_after = (window.end - now).num_seconds().max(1);
    let is_server_fn = req.uri().path().starts_with("/api/");
    let wants_json = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("application/json") && !a.contains("text/html"));
    let (content_type, body) = if is_server_fn {
        // The app's own server functions decode this as `AppError::Unavailable`
        // (a report being sent is kept as a draft and sent again later).
        ("application/json", serde_json::to_string(&app::domain::error::AppError::Unavailable).unwrap_or_default())
    } else if wants_json {
        ("application/json", json_body(&window))
    } else {
        ("text/html; charset=utf-8", page(&window))
    };
    let mut res = (StatusCode::SERVICE_UNAVAILABLE, Body::from(body)).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
    if let Ok(v) = HeaderValue::from_str(&window.end.to_rfc3339()) {
        h.insert("x-gmis-reopens-at", v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if state.config.is_https() {
        h.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
    super::static_page_headers(h);
    res
}

fn json_body(window: &Window) -> String {
    let m = i18n::t().maintenance();
    serde_json::json!({
        "error": "maintenance",
        "message": (m.page_lead)(&format_moment(window.end)),
        "reopens_at": window.end.to_rfc3339(),
    })
    .to_string()
}

/// The maintenance page: static HTML, no script, readable on a phone.
pub fn page(window: &Window) -> String {
    let t = i18n::t();
    let m = t.maintenance();
    let main = format!(
        "<p class=\"when\"><strong>{lead}</strong></p>\n<p>{range}</p>\n<p>{message}</p>\n<p>{hint}</p>",
        lead = escape(&(m.page_lead)(&format_moment(window.end))),
        range = escape(&window.range_text()),
        message = escape(&window.message),
        hint = m.page_hint,
    );
    super::static_page(m.page_title, &main)
}
