//! Refuses state-changing requests from another site (SPEC §12), login
//! included: browsers say where a request comes from in `Sec-Fetch-Site`, or
//! failing that in `Origin`. Clients that send neither (curl, API clients)
//! are not browsers and cannot be driven by another site.

use crate::WebState;
use app::domain::error::AppError;
use app::i18n;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, Method, StatusCode, header};

pub async fn refuse_cross_site(State(state): State<WebState>, req: Request, next: Next) -> Response {
    if is_cross_site(req.method(), req.headers(), state.config.public_origin()) {
        tracing::warn!(path = %req.uri().path(), "cross-site request refused");
        return forbidden(req.uri().path());
    }
    next.run(req).await
}

/// Whether a request must be refused as cross-site.
pub fn is_cross_site(method: &Method, headers: &HeaderMap, public_origin: &str) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return false;
    }
    let get = |name| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = get("sec-fetch-site") {
        return !matches!(site, "same-origin" | "none");
    }
    // The Host header is the client's to choose; only GMIS_PUBLIC_URL says
    // where G-MIS is.
    get("origin").is_some_and(|origin| normalized_origin(origin) != normalized_origin(public_origin))
}

/// `scheme://host[:port]` in lower case, without the scheme's default port,
/// so that `HTTPS://GMIS.example.go.jp:443` and `https://gmis.example.go.jp`
/// compare equal. Anything that is not an http(s) origin stays as it is
/// (and so matches nothing).
fn normalized_origin(origin: &str) -> String {
    let lower = origin.trim().trim_end_matches('/').to_ascii_lowercase();
    for (scheme, default_port) in [("https://", ":443"), ("http://", ":80")] {
        if let Some(authority) = lower.strip_prefix(scheme) {
            return format!("{scheme}{}", authority.strip_suffix(default_port).unwrap_or(authority));
        }
    }
    lower
}

/// 403: JSON for server functions and the API, a short Japanese page otherwise.
fn forbidden(path: &str) -> Response {
    if path.starts_with("/api/") {
        let body = serde_json::to_string(&AppError::Forbidden).unwrap_or_default();
        return (StatusCode::FORBIDDEN, [(header::CONTENT_TYPE, "application/json")], body).into_response();
    }
    (StatusCode::FORBIDDEN, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], i18n::t().error_cross_site)
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().expect("header value"));
        }
        h
    }

    const PUBLIC: &str = "https://gmis.example.go.jp";

    /// Method, request headers, and whether the request is refused.
    type Case = (Method, &'static [(&'static str, &'static str)], bool);

    #[test]
    fn table() {
        let cases: &[Case] = &[
            (Method::POST, &[("sec-fetch-site", "same-origin")], false),
            (Method::POST, &[("sec-fetch-site", "none")], false),
            (Method::POST, &[("sec-fetch-site", "cross-site")], true),
            (Method::POST, &[("sec-fetch-site", "same-site")], true),
            (Method::POST, &[("origin", "https://gmis.example.go.jp")], false),
            (Method::POST, &[("origin", "https://evil.example"), ("host", "gmis.example.go.jp")], true),
            (Method::POST, &[("origin", "HTTPS://GMIS.example.go.jp:443")], false),
            // A Host header chosen to match the Origin proves nothing.
            (Method::POST, &[("origin", "http://127.0.0.1:3000"), ("host", "127.0.0.1:3000")], true),
            (Method::POST, &[("origin", "http://gmis.example.go.jp")], true),
            (Method::POST, &[("origin", "null")], true),
            // curl and API clients send neither header.
            (Method::POST, &[], false),
            (Method::GET, &[("sec-fetch-site", "cross-site")], false),
            (Method::DELETE, &[("sec-fetch-site", "cross-site")], true),
        ];
        for (method, pairs, refused) in cases {
            assert_eq!(is_cross_site(method, &headers(pairs), PUBLIC), *refused, "{method} {pairs:?}");
        }
    }
}
