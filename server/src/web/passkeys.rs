//! Passkeys over HTTP (issue 20 item 1). The browser's script calls the
//! four JSON routes around `navigator.credentials`:
//! `/api/passkeys/login/{start,finish}` and
//! `/api/passkeys/register/{start,finish}`. Removing a passkey is a plain
//! form post (`/account/passkeys/remove`), so it works without JavaScript.
//! Errors are answered as JSON `AppError`s with their status (a refused
//! sign-in is the same 401 whatever the reason). The services are in
//! `app::server::passkeys`.

use crate::WebState;
use crate::web::auth::ip_text;
use crate::web::client_ip::ClientIp;
use crate::web::session::{SignedIn, device_cookie, device_from, session_cookie};
use app::domain::error::AppError;
use app::server::auth::CurrentSession;
use app::server::passkeys::{self, PasskeyLoginAttempt};
use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form, Json};
use http::{HeaderMap, HeaderValue, header};
use serde::Deserialize;
use std::sync::Arc;

fn json_error(e: &AppError, path: &str) -> Response {
    super::error_answer(e, path, "/", app::i18n::t().back_home)
}

/// The relying party, or 503 where this server has none (an IP address as
/// its public URL).
fn relying_party(state: &WebState) -> Result<Arc<passkeys::RelyingParty>, AppError> {
    state.app.passkeys.clone().ok_or_else(|| AppError::Conflict(app::i18n::t().passkey().unavailable.to_owned()))
}

/// A JSON body of type `T`, or the client's fault (400, nothing done).
fn body_of<T: serde::de::DeserializeOwned>(body: &Bytes) -> Result<T, AppError> {
    serde_json::from_slice(body).map_err(|_| AppError::BadRequest)
}

/// `POST /api/passkeys/login/start`: a challenge for a passkey sign-in.
pub async fn login_start(State(state): State<WebState>, client: Option<Extension<ClientIp>>) -> Response {
    const PATH: &str = "/api/passkeys/login/start";
    if let Some(wait) = client.as_ref().and_then(|Extension(ClientIp(ip))| state.login_failures.wait(*ip)) {
        return super::auth::too_many(wait);
    }
    let started = match relying_party(&state) {
        Ok(rp) => passkeys::start_login(&state.app.db, &rp).await,
        Err(e) => Err(e),
    };
    match started {
        Ok(started) => Json(started).into_response(),
        Err(e) => json_error(&e, PATH),
    }
}

#[derive(Deserialize)]
struct LoginFinish {
    ceremony: String,
    credential: serde_json::Value,
    #[serde(default)]
    login_id: String,
}

/// `POST /api/passkeys/login/finish`: the browser's assertion; on success
/// the session cookie and `{"next": "/"}`.
pub async fn login_finish(
    State(state): State<WebState>,
    client: Option<Extension<ClientIp>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    const PATH: &str = "/api/passkeys/login/finish";
    let https = state.config.is_https();
    let client_addr = client.as_ref().map(|Extension(ClientIp(ip))| *ip);
    if let Some(wait) = client_addr.and_then(|ip| state.login_failures.wait(ip)) {
        return super::auth::too_many(wait);
    }
    let rp = match relying_party(&state) {
        Ok(rp) => rp,
        Err(e) => return json_error(&e, PATH),
    };
    let form: LoginFinish = match body_of(&body) {
        Ok(form) => form,
        Err(e) => return json_error(&e, PATH),
    };
    let attempt = PasskeyLoginAttempt {
        ceremony: form.ceremony,
        credential: form.credential,
        login_id: form.login_id,
        ip: ip_text(client),
        user_agent: headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).map(str::to_owned),
        device: device_from(&headers, https),
    };
    match passkeys::finish_login(&state.app.db, &rp, attempt).await {
        Ok(opened) => {
            let mut res = Json(serde_json::json!({ "next": "/" })).into_response();
            let mut cookies = vec![session_cookie(https, &opened.token)];
            cookies.extend(opened.new_device.as_deref().map(|d| device_cookie(https, d)));
            for cookie in cookies {
                if let Ok(v) = HeaderValue::from_str(&cookie) {
                    res.headers_mut().append(header::SET_COOKIE, v);
                }
            }
            res
        }
        Err(e) => {
            if let (AppError::Unauthenticated, Some(ip)) = (&e, client_addr) {
                state.login_failures.failed(ip);
            }
            json_error(&e, PATH)
        }
    }
}

/// `POST /api/passkeys/register/start`: options to register a passkey for
/// the signed-in user.
pub async fn register_start(State(state): State<WebState>, current: Option<Extension<CurrentSession>>) -> Response {
    const PATH: &str = "/api/passkeys/register/start";
    let Some(Extension(current)) = current else {
        return json_error(&AppError::Unauthenticated, PATH);
    };
    let started = match relying_party(&state) {
        Ok(rp) => passkeys::start_registration(&state.app.db, &rp, &current.actor).await,
        Err(e) => Err(e),
    };
    match started {
        Ok(started) => Json(started).into_response(),
        Err(e) => json_error(&e, PATH),
    }
}

#[derive(Deserialize)]
struct RegisterFinish {
    ceremony: String,
    credential: serde_json::Value,
    name: String,
}

/// `POST /api/passkeys/register/finish`: the new credential and its name.
pub async fn register_finish(
    State(state): State<WebState>,
    client: Option<Extension<ClientIp>>,
    current: Option<Extension<CurrentSession>>,
    body: Bytes,
) -> Response {
    const PATH: &str = "/api/passkeys/register/finish";
    let Some(Extension(current)) = current else {
        return json_error(&AppError::Unauthenticated, PATH);
    };
    let done = async {
        let rp = relying_party(&state)?;
        let form: RegisterFinish = body_of(&body)?;
        passkeys::finish_registration(
            &state.app.db,
            &rp,
            &current.actor,
            &form.ceremony,
            &form.credential,
            &form.name,
            ip_text(client),
        )
        .await
    };
    match done.await {
        Ok(()) => Json(serde_json::json!({ "message": app::i18n::t().passkey().registered })).into_response(),
        Err(e) => json_error(&e, PATH),
    }
}

#[derive(Deserialize)]
pub struct RemoveForm {
    #[serde(default)]
    id: String,
}

/// `POST /account/passkeys/remove`: removes one of the user's own passkeys,
/// then back to the second-factor page saying so.
pub async fn remove(
    State(state): State<WebState>,
    client: Option<Extension<ClientIp>>,
    SignedIn(current): SignedIn,
    Form(form): Form<RemoveForm>,
) -> Response {
    const BACK: &str = "/account/second-factor";
    let Ok(id) = form.id.trim().parse::<i32>() else {
        return super::redirect_with(BACK, &[("passkey", "notfound")]);
    };
    let now = state.app.clock.now();
    match passkeys::remove(&state.app.db, &current.actor, id, now, ip_text(client)).await {
        Ok(()) => super::redirect_with(BACK, &[("passkey", "removed")]),
        Err(AppError::NotFound) => super::redirect_with(BACK, &[("passkey", "notfound")]),
        Err(e) => {
            tracing::error!(error = ?e, "removing a passkey failed");
            Redirect::to(&format!("{BACK}?error=internal")).into_response()
        }
    }
}
