//! `POST /login` and `POST /logout`: plain form posts answered with a 303
//! redirect, so they work before hydration and without JavaScript. Every
//! login failure gets the same redirect to `/login?failed=1`.

use crate::WebState;
use crate::web::client_ip::ClientIp;
use crate::web::session::SignedIn;
use crate::web::session::{
    ENROLMENT_PAGE, clearing_cookie, clearing_pending_cookie, device_cookie, device_from, pending_cookie, pending_from,
    session_cookie, token_from,
};
use app::domain::error::AppError;
use app::server::auth::{self, CurrentSession, LoginAttempt, LoginStep, SecondStepAttempt};
use app::server::{own_account, password_links, second_factor};
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use http::{HeaderMap, HeaderValue, StatusCode, header};
use serde::Deserialize;
use std::time::Duration;

/// The login form. Missing fields are empty, which fails like a wrong password.
#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    login_id: String,
    #[serde(default)]
    password: String,
}

impl std::fmt::Debug for LoginForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginForm").field("login_id", &self.login_id).finish_non_exhaustive()
    }
}

pub(crate) fn ip_text(client: Option<Extension<ClientIp>>) -> Option<String> {
    client.map(|Extension(ClientIp(ip))| ip.to_string())
}

/// 429 with `Retry-After` and a page that says when to try again.
pub(crate) fn too_many(wait: Duration) -> Response {
    let mut res = super::error_answer(&AppError::TooManyRequests, "/login", "/login", app::i18n::t().login_title);
    res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(wait.as_secs().max(1)));
    res
}

fn with_cookie(mut res: Response, cookie: &str) -> Response {
    if let Ok(v) = HeaderValue::from_str(cookie) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

pub async fn login(
    State(state): State<WebState>,
    client: Option<Extension<ClientIp>>,
    current: Option<Extension<CurrentSession>>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    let https = state.config.is_https();
    let client_addr = client.as_ref().map(|Extension(ClientIp(ip))| *ip);
    if let Some(wait) = client_addr.and_then(|ip| state.login_failures.wait(ip)) {
        return too_many(wait);
    }
    let ip = ip_text(client);
    // A session already open in this browser ends here: login always starts a
    // new session id.
    if let Some(Extension(old)) = current
        && let Err(e) = auth::logout(&state.app.db, &old, ip.clone()).await
    {
        tracing::warn!(error = ?e, "could not end the previous session at login");
    }
    let attempt = LoginAttempt {
        login_id: form.login_id,
        password: form.password,
        ip,
        user_agent: headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).map(str::to_owned),
        device: device_from(&headers, https),
        clock_now: state.app.clock.now(),
        second_factor_grace: state.app.second_factor_grace,
    };
    match auth::login(&state.app.db, &state.app.passwords, attempt).await {
        Ok(LoginStep::Opened(opened)) => {
            // An account that must enrol now is led to it by the session
            // middleware; during its grace period every page has a banner.
            signed_in(https, "/", &opened)
        }
        Ok(LoginStep::SecondFactor { pending_token }) => {
            with_cookie(Redirect::to("/login/code").into_response(), &pending_cookie(https, &pending_token))
        }
        Ok(LoginStep::PasskeyRequired) => {
            with_cookie(Redirect::to("/login?passkey=1").into_response(), &clearing_cookie(https))
        }
        Err(AppError::TooManyRequests) => too_many(Duration::from_secs(1)),
        Err(AppError::Unauthenticated) => {
            // Only a refused password counts against the address.
            if let Some(ip) = client_addr {
                state.login_failures.failed(ip);
            }
            with_cookie(Redirect::to("/login?failed=1").into_response(), &clearing_cookie(https))
        }
        // Our own failure is not the user's wrong password: it is said as
        // such, and nothing is counted against them.
        Err(e) => super::error_answer(&e, "/login", "/login", app::i18n::t().login_title),
    }
}

/// The answer that opens a session: the session cookie (and a new device
/// cookie on this browser's first login to the account), then `next`.
fn signed_in(https: bool, next: &str, opened: &auth::OpenedSession) -> Response {
    let res = with_cookie(Redirect::to(next).into_response(), &session_cookie(https, &opened.token));
    match &opened.new_device {
        Some(device) => with_cookie(res, &device_cookie(https, device)),
        None => res,
    }
}

/// The second step's form: a 6-digit code or a recovery code.
#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

impl std::fmt::Debug for CodeForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CodeForm").finish_non_exhaustive()
    }
}

/// `POST /login/code`: the second step of a login. A refused code answers
/// like a refused password (and counts like one, per account and per
/// address); while the pending login lasts the browser is asked again,
/// after it back to the password.
pub async fn login_code(
    State(state): State<WebState>,
    client: Option<Extension<ClientIp>>,
    headers: HeaderMap,
    Form(form): Form<CodeForm>,
) -> Response {
    let https = state.config.is_https();
    let client_addr = client.as_ref().map(|Extension(ClientIp(ip))| *ip);
    if let Some(wait) = client_addr.and_then(|ip| state.login_failures.wait(ip)) {
        return too_many(wait);
    }
    let Some(pending_token) = pending_from(&headers, https) else {
        return Redirect::to("/login?failed=1").into_response();
    };
    let attempt = SecondStepAttempt {
        pending_token: pending_token.clone(),
        code: form.code,
        ip: ip_text(client),
        user_agent: headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).map(str::to_owned),
        device: device_from(&headers, https),
        clock_now: state.app.clock.now(),
    };
    match auth::second_step(&state.app.db, attempt).await {
        Ok(opened) => with_cookie(signed_in(https, "/", &opened), &clearing_pending_cookie(https)),
        Err(AppError::Unauthenticated) => {
            if let Some(ip) = client_addr {
                state.login_failures.failed(ip);
            }
            if auth::challenge_is_open(&state.app.db, &pending_token).await.unwrap_or(false) {
                Redirect::to("/login/code?failed=1").into_response()
            } else {
                with_cookie(Redirect::to("/login?failed=1").into_response(), &clearing_pending_cookie(https))
            }
        }
        Err(e) => super::error_answer(&e, "/login/code", "/login", app::i18n::t().login_title),
    }
}

/// The enrolment form: the first code of the new authenticator.
#[derive(Deserialize)]
pub struct ConfirmTotpForm {
    #[serde(default)]
    code: String,
}

/// `POST /account/second-factor/confirm`: confirms the pending authenticator
/// and answers with the recovery codes, once, on a page of their own (not
/// a redirect: they are never stored where a later request could read them).
pub async fn confirm_totp(
    State(state): State<WebState>,
    client: Option<Extension<ClientIp>>,
    SignedIn(current): SignedIn,
    Form(form): Form<ConfirmTotpForm>,
) -> Response {
    let now = state.app.clock.now();
    match second_factor::confirm(&state.app.db, &current.actor, &form.code, now, ip_text(client)).await {
        Ok(codes) => {
            let t = app::i18n::t().second_factor();
            let items: String =
                codes.iter().map(|c| format!("<li><code>{}</code></li>", app::domain::html::escape(c))).collect();
            let main = format!(
                "<p>{lead}</p>\n<ol class=\"when\" aria-label=\"{title}\">{items}</ol>\n<p><a class=\"button\" href=\"/\">{next}</a></p>",
                lead = t.recovery_lead,
                title = t.recovery_title,
                next = t.recovery_continue,
            );
            let mut res = (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CACHE_CONTROL, "no-store")],
                super::static_page(t.recovery_title, &main),
            )
                .into_response();
            super::static_page_headers(res.headers_mut());
            res
        }
        Err(AppError::Validation(_)) => Redirect::to(&format!("{ENROLMENT_PAGE}?error=code")).into_response(),
        Err(AppError::Conflict(_)) => Redirect::to(&format!("{ENROLMENT_PAGE}?error=none")).into_response(),
        Err(_) => Redirect::to(&format!("{ENROLMENT_PAGE}?error=internal")).into_response(),
    }
}

pub async fn logout(
    State(state): State<WebState>,
    client: Option<Extension<ClientIp>>,
    current: Option<Extension<CurrentSession>>,
    headers: HeaderMap,
) -> Response {
    let https = state.config.is_https();
    if let Some(Extension(current)) = current {
        if let Err(e) = auth::logout(&state.app.db, &current, ip_text(client)).await {
            tracing::error!(error = ?e, "logout failed");
        }
    } else if token_from(&headers, https).is_some() {
        tracing::debug!("logout with an unknown or expired session");
    }
    with_cookie(Redirect::to("/login?bye=1").into_response(), &clearing_cookie(https))
}

/// The password form of a mailed link.
#[derive(Deserialize)]
pub struct SetPasswordForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirmation: String,
}

/// `POST /password/set`: on success to the login page (no automatic login);
/// otherwise back to the form with an error code, nothing changed.
pub async fn set_password(
    State(state): State<WebState>,
    client: Option<Extension<ClientIp>>,
    Form(form): Form<SetPasswordForm>,
) -> Response {
    let ip = ip_text(client);
    match password_links::set_password(
        &state.app.db,
        &state.app.passwords,
        &form.token,
        form.password,
        &form.confirmation,
        ip,
    )
    .await
    {
        Ok(Ok(())) => Redirect::to("/login?password_set=1").into_response(),
        Ok(Err(refusal)) => {
            let token: String =
                form.token.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_')).collect();
            Redirect::to(&format!("/password/set?token={token}&error={}", refusal.code())).into_response()
        }
        Err(_) => Redirect::to("/password/set?error=invalid").into_response(),
    }
}

#[derive(Deserialize)]
pub struct ForgotForm {
    #[serde(default)]
    login_id: String,
}

/// `POST /password/forgot`: the same answer whether or not the ID exists.
pub async fn forgot_password(
    State(state): State<WebState>,
    client: Option<Extension<ClientIp>>,
    Form(form): Form<ForgotForm>,
) -> Response {
    if let Err(e) =
        password_links::request_reset(&state.app.db, &form.login_id, &state.app.public_url, ip_text(client)).await
    {
        tracing::error!(error = ?e, "password reset request failed");
    }
    Redirect::to("/password/forgot?sent=1").into_response()
}

#[derive(Deserialize)]
pub struct ChangePasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirmation: String,
}

/// `POST /account/password`: the logged-in user changes their password.
pub async fn change_password(
    State(state): State<WebState>,
    client: Option<Extension<ClientIp>>,
    SignedIn(current): SignedIn,
    Form(form): Form<ChangePasswordForm>,
) -> Response {
    let client_addr = client.as_ref().map(|Extension(ClientIp(ip))| *ip);
    if let Some(wait) = client_addr.and_then(|ip| state.login_failures.wait(ip)) {
        return too_many(wait);
    }
    let result = own_account::change_password(
        &state.app.db,
        &state.app.passwords,
        &current,
        form.current,
        form.password,
        &form.confirmation,
        ip_text(client),
    )
    .await;
    match result {
        Ok(Ok(())) => Redirect::to("/account?changed=1").into_response(),
        Ok(Err(refusal)) => {
            if let (own_account::ChangeRefusal::WrongCurrent, Some(ip)) = (&refusal, client_addr) {
                state.login_failures.failed(ip);
            }
            Redirect::to(&format!("/account?error={}", refusal.code())).into_response()
        }
        Err(_) => Redirect::to("/account?error=internal").into_response(),
    }
}
