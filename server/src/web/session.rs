//! The session cookie. `__Host-gmis_session` (Secure, HttpOnly, SameSite=Lax,
//! Path=/) when G-MIS is served over HTTPS; `gmis_session` without `Secure`
//! only for plain-HTTP local development. The cookie carries a random token;
//! the database holds only its hash.

use crate::WebState;
use app::domain::auth::SESSION_ABSOLUTE;
use app::domain::locale::Locale;
use app::server::auth::{CurrentSession, SecondFactorPolicy, resolve_session};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use http::{HeaderMap, HeaderValue, Method, header};

/// The cookie name for this deployment.
pub fn cookie_name(https: bool) -> &'static str {
    if https { "__Host-gmis_session" } else { "gmis_session" }
}

/// The `Set-Cookie` value carrying `token`.
pub fn session_cookie(https: bool, token: &str) -> String {
    let secure = if https { "; Secure" } else { "" };
    format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
        cookie_name(https),
        SESSION_ABSOLUTE.num_seconds()
    )
}

/// The `Set-Cookie` value that removes the cookie.
pub fn clearing_cookie(https: bool) -> String {
    let secure = if https { "; Secure" } else { "" };
    format!("{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}", cookie_name(https))
}

/// The session token in the request's cookies, if any.
pub fn token_from(headers: &HeaderMap, https: bool) -> Option<String> {
    cookie(headers, cookie_name(https))
}

/// The non-empty value of cookie `name` in the request, if any.
fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, v)| *k == name && !v.is_empty())
        .map(|(_, v)| v.to_owned())
}

/// The pending-login cookie: between a right password and the second
/// factor (`app::server::auth::LoginStep::SecondFactor`). Five minutes,
/// HttpOnly, `__Host-` and `Secure` over HTTPS; never a session.
fn pending_cookie_name(https: bool) -> &'static str {
    if https { "__Host-gmis_pending" } else { "gmis_pending" }
}

/// The `Set-Cookie` value carrying a pending login's `token`.
pub fn pending_cookie(https: bool, token: &str) -> String {
    let secure = if https { "; Secure" } else { "" };
    format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
        pending_cookie_name(https),
        app::server::auth::CHALLENGE_TTL.num_seconds()
    )
}

/// The `Set-Cookie` value that removes the pending-login cookie.
pub fn clearing_pending_cookie(https: bool) -> String {
    let secure = if https { "; Secure" } else { "" };
    format!("{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}", pending_cookie_name(https))
}

/// The pending-login token in the request's cookies, if any.
pub fn pending_from(headers: &HeaderMap, https: bool) -> Option<String> {
    cookie(headers, pending_cookie_name(https))
}

/// The device cookie: a browser that has signed in to an account before
/// (`app::server::auth`). Long-lived (400 days, the most browsers keep),
/// HttpOnly, and like the session cookie `__Host-` and `Secure` over HTTPS.
fn device_cookie_name(https: bool) -> &'static str {
    if https { "__Host-gmis_device" } else { "gmis_device" }
}

/// The `Set-Cookie` value carrying a new device `token`.
pub fn device_cookie(https: bool, token: &str) -> String {
    let secure = if https { "; Secure" } else { "" };
    format!("{}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=34560000{secure}", device_cookie_name(https))
}

/// The device token in the request's cookies, if any.
pub fn device_from(headers: &HeaderMap, https: bool) -> Option<String> {
    cookie(headers, device_cookie_name(https))
}

/// Paths anyone may load: the login page and its form, assets, health, and
/// server functions (which check the session themselves).
fn is_public(path: &str) -> bool {
    matches!(
        path,
        "/login"
            | "/login/code"
            | "/logout"
            | "/healthz"
            | "/readyz"
            | "/favicon.ico"
            | "/favicon.svg"
            | "/robots.txt"
            | "/password/set"
            | "/password/forgot"
    ) || path.starts_with("/pkg/")
        || path.starts_with("/api/")
}

/// Where an account past its second-factor grace period is led.
pub const ENROLMENT_PAGE: &str = "/account/second-factor";

/// What an account that must enrol now may still reach: the enrolment page
/// and its server function and form, logout, and the assets.
fn reachable_before_enrolment(path: &str) -> bool {
    matches!(
        path,
        ENROLMENT_PAGE
            | "/account/second-factor/confirm"
            | "/api/passkeys/register/start"
            | "/api/passkeys/register/finish"
            | "/account/passkeys/remove"
            | "/api/account/second_factor"
            | "/api/session/current"
            | "/api/session/second_factor_banner"
            | "/api/maintenance/banner"
            | "/logout"
            | "/login"
            | "/login/code"
            | "/healthz"
            | "/readyz"
            | "/favicon.ico"
            | "/favicon.svg"
            | "/robots.txt"
    ) || path.starts_with("/pkg/")
}

/// The browser's language, for what is answered before the session is
/// known (the maintenance page, the IE page, refusals, a panic's page):
/// [`resolve`] narrows it to the user's choice for the rest.
pub async fn browser_locale(req: Request, next: Next) -> Response {
    let accept = req.headers().get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
    let locale = Locale::of(None, app::domain::locale::DateStyle::Western, accept);
    app::i18n::with_locale(locale, next.run(req)).await
}

/// Resolves the session cookie into a [`CurrentSession`] request extension.
/// A page request without a live session is sent to the login page; a stale
/// cookie is removed.
pub async fn resolve(State(state): State<WebState>, mut req: Request, next: Next) -> Response {
    let https = state.config.is_https();
    let mut stale = false;
    // The API takes tokens, never the session cookie (no CSRF surface).
    let api = req.uri().path().starts_with("/api/v1/");
    if !api && let Some(token) = token_from(req.headers(), https) {
        match resolve_session(&state.app.db, &token, state.app.clock.now()).await {
            Ok(Some(current)) => {
                req.extensions_mut().insert(current);
            }
            Ok(None) => stale = true,
            Err(e) => return super::error_answer(&e, req.uri().path(), "/", app::i18n::t().back_home),
        }
    }
    // The language and date style of everything this request answers
    // with: the user's choice, else the browser's (issue 21 item 4).
    let display = req.extensions().get::<CurrentSession>().map(|s| s.display).unwrap_or_default();
    let accept = req.headers().get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
    let locale = Locale::of(display.lang, display.dates, accept);
    req.extensions_mut().insert(locale);
    let logged_in = req.extensions().get::<CurrentSession>().is_some();
    let must_enrol =
        req.extensions().get::<CurrentSession>().is_some_and(|s| s.second_factor == SecondFactorPolicy::Required);
    let path = req.uri().path();
    let mut res = if must_enrol && !reachable_before_enrolment(path) {
        // Past the grace period: pages lead to enrolment; server functions,
        // form posts and downloads are refused, whatever they are.
        if req.method() == Method::GET && !path.starts_with("/api/") {
            Redirect::to(ENROLMENT_PAGE).into_response()
        } else {
            app::domain::error::AppError::Forbidden.into_response()
        }
    } else if req.method() == Method::GET && !logged_in && !is_public(path) {
        Redirect::to(if stale { "/login?expired=1" } else { "/login" }).into_response()
    } else if req.method() == Method::GET && logged_in && path == "/login" {
        Redirect::to("/").into_response()
    } else {
        app::i18n::with_locale(locale, next.run(req)).await
    };
    if stale && let Ok(v) = HeaderValue::from_str(&clearing_cookie(https)) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

/// The signed-in user of a plain route (a form post, a download): the
/// session that `resolve` found. Without one the browser is sent to the
/// login page and nothing of the request is read.
pub struct SignedIn(pub CurrentSession);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for SignedIn {
    type Rejection = Redirect;

    async fn from_request_parts(parts: &mut http::request::Parts, _state: &S) -> Result<Self, Redirect> {
        parts.extensions.get::<CurrentSession>().cloned().map(SignedIn).ok_or_else(|| Redirect::to("/login"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_flags_follow_the_scheme() {
        let secure = session_cookie(true, "tok");
        assert!(secure.starts_with("__Host-gmis_session=tok; Path=/; HttpOnly; SameSite=Lax"));
        assert!(secure.ends_with("; Secure"));
        assert!(!secure.contains("Domain"), "__Host- cookies must not name a domain");
        let local = session_cookie(false, "tok");
        assert!(local.starts_with("gmis_session=tok;"));
        assert!(!local.contains("Secure"));
    }

    #[test]
    fn token_is_found_among_other_cookies() {
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, HeaderValue::from_static("a=1; gmis_session=abc; b=2"));
        assert_eq!(token_from(&h, false).as_deref(), Some("abc"));
        assert_eq!(token_from(&h, true), None);
    }
}
