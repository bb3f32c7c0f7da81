//! Internet Explorer (6–11, and Edge in IE mode) is refused for security
//! (SPEC §9): HTTP 403 with a static Japanese page — no login form, no app
//! script, no session cookie. Every other client passes untouched.

use app::domain::browser::is_internet_explorer;
use app::i18n;
use axum::body::Body;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};

pub async fn refuse_internet_explorer(req: Request, next: Next) -> Response {
    let is_ie = req.headers().get(header::USER_AGENT).and_then(|v| v.to_str().ok()).is_some_and(is_internet_explorer);
    if !is_ie {
        return next.run(req).await;
    }
    let mut res = (StatusCode::FORBIDDEN, Body::from(refusal_page())).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::VARY, HeaderValue::from_static("User-Agent"));
    super::static_page_headers(h);
    res
}

/// The refusal page. Plain HTML that IE itself renders, with no script.
pub fn refusal_page() -> String {
    let t = i18n::t();
    let browsers: String = t.accounts().ie_browsers.iter().map(|b| format!("<li>{b}</li>")).collect();
    let main = format!(
        "<p>{reason}</p>\n<h2>{heading}</h2>\n<ul>{browsers}</ul>\n<p>{help}</p>",
        reason = t.accounts().ie_reason,
        heading = t.accounts().ie_browsers_heading,
        help = t.accounts().ie_help,
    );
    super::static_page(t.accounts().ie_title, &main)
}
