//! `POST /login` and `POST /logout`: plain form posts answered with a 303
//! redirect, so they work before hydration and without JavaScript. Every
//! login failure gets the same redirect to `/login?failed=1`.

use crate::WebState;
use crate::web::session::{clearing_cookie, session_cookie, token_from};
use app::server::auth::{self, CurrentSession, LoginAttempt};
use app::server::{own_account, password_links};
use axum::extract::{ConnectInfo, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use http::{HeaderMap, HeaderValue, header};
use serde::Deserialize;
use std::net::SocketAddr;

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

fn client_ip(connect: Option<Extension<ConnectInfo<SocketAddr>>>) -> Option<String> {
    connect.map(|Extension(ConnectInfo(addr))| addr.ip().to_string())
}

fn with_cookie(mut res: Response, cookie: &str) -> Response {
    if let Ok(v) = HeaderValue::from_str(cookie) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

pub async fn login(
    State(state): State<WebState>,
    connect: Option<Extension<ConnectInfo<SocketAddr>>>,
    current: Option<Extension<CurrentSession>>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    let https = state.config.is_https();
    let ip = client_ip(connect);
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
    };
    match auth::login(&state.app.db, &state.app.passwords, attempt).await {
        Ok(opened) => with_cookie(Redirect::to("/").into_response(), &session_cookie(https, &opened.token)),
        Err(_) => with_cookie(Redirect::to("/login?failed=1").into_response(), &clearing_cookie(https)),
    }
}

pub async fn logout(
    State(state): State<WebState>,
    connect: Option<Extension<ConnectInfo<SocketAddr>>>,
    current: Option<Extension<CurrentSession>>,
    headers: HeaderMap,
) -> Response {
    let https = state.config.is_https();
    if let Some(Extension(current)) = current {
        if let Err(e) = auth::logout(&state.app.db, &current, client_ip(connect)).await {
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
    connect: Option<Extension<ConnectInfo<SocketAddr>>>,
    Form(form): Form<SetPasswordForm>,
) -> Response {
    let ip = client_ip(connect);
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
    connect: Option<Extension<ConnectInfo<SocketAddr>>>,
    Form(form): Form<ForgotForm>,
) -> Response {
    if let Err(e) =
        password_links::request_reset(&state.app.db, &form.login_id, &state.app.public_url, client_ip(connect)).await
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
    connect: Option<Extension<ConnectInfo<SocketAddr>>>,
    current: Option<Extension<CurrentSession>>,
    Form(form): Form<ChangePasswordForm>,
) -> Response {
    let Some(Extension(current)) = current else { return Redirect::to("/login").into_response() };
    let result = own_account::change_password(
        &state.app.db,
        &state.app.passwords,
        &current,
        form.current,
        form.password,
        &form.confirmation,
        client_ip(connect),
    )
    .await;
    match result {
        Ok(Ok(())) => Redirect::to("/account?changed=1").into_response(),
        Ok(Err(refusal)) => Redirect::to(&format!("/account?error={}", refusal.code())).into_response(),
        Err(_) => Redirect::to("/account?error=internal").into_response(),
    }
}
