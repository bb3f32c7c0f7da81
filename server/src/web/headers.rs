//! Security headers (SPEC §12) and the request log line. A fresh CSP nonce per
//! response is handed to Leptos through the request extensions
//! ([`app::server::context::CspNonce`]) so that its hydration scripts carry it.

use crate::WebState;
use app::server::context::CspNonce;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine as _;
use http::{HeaderValue, header};
use rand::RngCore as _;
use std::time::Instant;
use tracing::Instrument as _;

pub async fn security_headers(State(state): State<WebState>, mut req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().clone();
    // The path only: query strings may carry tokens and never reach the log.
    let path = req.uri().path().to_owned();
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let nonce = base64::engine::general_purpose::STANDARD.encode(bytes);
    req.extensions_mut().insert(CspNonce(nonce.clone()));

    // Every log line of this request, errors included, carries its id.
    let request_id = format!("{:016x}", rand::rngs::OsRng.next_u64());
    let span = tracing::info_span!("request", id = %request_id);
    let mut res = next.run(req).instrument(span.clone()).await;
    let status = res.status();
    let h = res.headers_mut();
    let is_html =
        h.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|ct| ct.starts_with("text/html"));
    // A static page answered by a handler (too many attempts) brings its own,
    // stricter policy: no script at all, only its inline style.
    let own_policy = h.contains_key(header::CONTENT_SECURITY_POLICY);
    if is_html && !own_policy {
        let csp = format!(
            "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
             img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
             frame-ancestors 'none'; form-action 'self'"
        );
        if let Ok(v) = HeaderValue::from_str(&csp) {
            h.insert(header::CONTENT_SECURITY_POLICY, v);
        }
    }
    if is_html {
        // Pages may show personal or facility data: never cached.
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    // Overloaded (no database connection within the pool's wait) or the
    // database unreachable: clients and the load balancer try again soon.
    if status == http::StatusCode::SERVICE_UNAVAILABLE && !h.contains_key(header::RETRY_AFTER) {
        h.insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
    }
    // Password pages carry a one-time token in their URL: never sent onwards.
    let referrer = if path.starts_with("/password/") { "no-referrer" } else { "strict-origin-when-cross-origin" };
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static(referrer));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    h.insert("permissions-policy", HeaderValue::from_static("camera=(), microphone=(), geolocation=()"));
    if state.config.is_https() {
        h.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=63072000; includeSubDomains"));
    }
    if let Ok(v) = HeaderValue::from_str(&request_id) {
        h.insert("x-request-id", v);
    }
    let ms = started.elapsed().as_millis() as u64;
    span.in_scope(|| tracing::info!(%method, %path, status = status.as_u16(), ms, "request"));
    res
}
