//! Passkeys in the browser: the "sign in with a passkey" button of the login
//! page and the registration form of the second-factor page. Both call
//! `navigator.credentials` through wasm-bindgen, between the server's JSON
//! routes (`/api/passkeys/...`). They are rendered hidden and are shown once
//! the script finds WebAuthn in the browser, so a page without JavaScript or
//! without WebAuthn shows only what works there: the password path.

use crate::components::go_to;
use crate::domain::account::passkey_name;
use crate::domain::base64url;
use crate::domain::error::AppError;
use crate::i18n;
use leptos::prelude::*;
use serde_json::{Value, json};
use wasm_bindgen_futures::JsFuture;
use web_sys::wasm_bindgen::{JsCast, JsValue};

/// Whether this browser has WebAuthn (`window.PublicKeyCredential`).
fn webauthn_supported() -> bool {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &JsValue::from_str("PublicKeyCredential")).ok())
        .is_some_and(|v| !v.is_undefined() && !v.is_null())
}

/// Whether this server offers passkey sign-in (the page's
/// `<meta name="gmis-passkeys">`, written by the server) and this browser
/// can use it.
fn passkey_login_here() -> bool {
    let server_on = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("meta[name=\"gmis-passkeys\"]").ok().flatten())
        .and_then(|m| m.get_attribute("content"))
        .is_some_and(|c| c == "on");
    server_on && webauthn_supported()
}

/// The message of a failed step, for the user.
type Failure = String;

fn generic() -> Failure {
    i18n::t().passkey().not_verified.to_owned()
}

/// POSTs `body` as JSON to `url` (same origin, with the cookies); the JSON
/// answer, or the message of the `AppError` the server answered with.
async fn post_json(url: &str, body: &Value) -> Result<Value, Failure> {
    let window = web_sys::window().ok_or_else(generic)?;
    let headers = web_sys::Headers::new().map_err(|_| generic())?;
    headers.set("content-type", "application/json").map_err(|_| generic())?;
    headers.set("accept", "application/json").map_err(|_| generic())?;
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&JsValue::from_str(&body.to_string()));
    let answer = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .map_err(|_| AppError::Unavailable.message())?;
    let answer: web_sys::Response = answer.dyn_into().map_err(|_| generic())?;
    let text = match answer.text() {
        Ok(promise) => JsFuture::from(promise).await.ok().and_then(|t| t.as_string()).unwrap_or_default(),
        Err(_) => String::new(),
    };
    if answer.ok() {
        serde_json::from_str(&text).map_err(|_| generic())
    } else {
        Err(serde_json::from_str::<AppError>(&text).map(|e| message_of(&e)).unwrap_or_else(|_| generic()))
    }
}

/// What the user reads for an error: a refused sign-in says what the
/// password form says.
fn message_of(e: &AppError) -> Failure {
    match e {
        AppError::Unauthenticated => i18n::t().login_failed.to_owned(),
        AppError::Validation(fields) => fields.values().next().cloned().unwrap_or_else(|| e.message()),
        other => other.message(),
    }
}

/// Replaces the base64url string at `key` of `object` with its bytes (an
/// `ArrayBuffer`, as `navigator.credentials` wants them).
fn bytes_at(object: &JsValue, key: &str) -> Result<(), Failure> {
    let key = JsValue::from_str(key);
    let Some(text) = js_sys::Reflect::get(object, &key).ok().and_then(|v| v.as_string()) else {
        return Ok(());
    };
    let bytes = base64url::decode(&text).ok_or_else(generic)?;
    let array = js_sys::Uint8Array::from(bytes.as_slice());
    js_sys::Reflect::set(object, &key, &array.buffer()).map_err(|_| generic())?;
    Ok(())
}

/// The ids of a credential list (`excludeCredentials`, `allowCredentials`) as bytes.
fn list_ids(public_key: &JsValue, key: &str) -> Result<(), Failure> {
    let list = js_sys::Reflect::get(public_key, &JsValue::from_str(key)).map_err(|_| generic())?;
    if let Some(list) = list.dyn_ref::<js_sys::Array>() {
        for item in list.iter() {
            bytes_at(&item, "id")?;
        }
    }
    Ok(())
}

/// The server's options (WebAuthn JSON) as the object the browser takes.
fn options_for_browser(options: &Value) -> Result<JsValue, Failure> {
    let object = js_sys::JSON::parse(&options.to_string()).map_err(|_| generic())?;
    let public_key = js_sys::Reflect::get(&object, &JsValue::from_str("publicKey")).map_err(|_| generic())?;
    bytes_at(&public_key, "challenge")?;
    if let Ok(user) = js_sys::Reflect::get(&public_key, &JsValue::from_str("user"))
        && user.is_object()
    {
        bytes_at(&user, "id")?;
    }
    list_ids(&public_key, "excludeCredentials")?;
    list_ids(&public_key, "allowCredentials")?;
    Ok(object)
}

/// The base64url of the `ArrayBuffer` at `key` of `object`, or `None`.
fn encoded(object: &JsValue, key: &str) -> Option<String> {
    let value = js_sys::Reflect::get(object, &JsValue::from_str(key)).ok()?;
    let buffer = value.dyn_ref::<js_sys::ArrayBuffer>()?;
    Some(base64url::encode(&js_sys::Uint8Array::new(buffer).to_vec()))
}

/// The browser's `PublicKeyCredential` as WebAuthn JSON for the server:
/// the fields named in `response_fields` from its response.
fn credential_json(credential: &JsValue, response_fields: &[&str]) -> Result<Value, Failure> {
    let id = js_sys::Reflect::get(credential, &JsValue::from_str("id")).ok().and_then(|v| v.as_string());
    let response = js_sys::Reflect::get(credential, &JsValue::from_str("response")).map_err(|_| generic())?;
    let mut fields = serde_json::Map::new();
    for field in response_fields {
        if let Some(value) = encoded(&response, field) {
            fields.insert((*field).to_owned(), Value::from(value));
        }
    }
    Ok(json!({
        "id": id.ok_or_else(generic)?,
        "rawId": encoded(credential, "rawId").ok_or_else(generic)?,
        "type": "public-key",
        "response": fields,
        "extensions": {},
    }))
}

/// Runs `navigator.credentials.create()` (`create`) or `.get()` with the
/// server's `options`. A cancelled or timed-out prompt is said as such.
async fn credentials(options: &Value, create: bool) -> Result<JsValue, Failure> {
    let window = web_sys::window().ok_or_else(generic)?;
    let container = window.navigator().credentials();
    let options = options_for_browser(options)?;
    let promise = if create {
        container.create_with_options(options.unchecked_ref())
    } else {
        container.get_with_options(options.unchecked_ref())
    }
    .map_err(|_| generic())?;
    let credential = JsFuture::from(promise).await.map_err(|_| i18n::t().passkey().cancelled.to_owned())?;
    if credential.is_null() || credential.is_undefined() {
        return Err(i18n::t().passkey().cancelled.to_owned());
    }
    Ok(credential)
}

/// The value of the text input `id` on this page.
fn input_value(id: &str) -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        .map(|i| i.value())
        .unwrap_or_default()
}

/// Signs in with a passkey (the login ID typed, if any, must be its
/// account's) and returns where to go next.
async fn sign_in() -> Result<String, Failure> {
    let started = post_json("/api/passkeys/login/start", &json!({})).await?;
    let credential = credentials(&started["options"], false).await?;
    let credential = credential_json(&credential, &["authenticatorData", "clientDataJSON", "signature", "userHandle"])?;
    let body =
        json!({ "ceremony": started["ceremony"], "credential": credential, "login_id": input_value("login_id") });
    let done = post_json("/api/passkeys/login/finish", &body).await?;
    Ok(done["next"].as_str().unwrap_or("/").to_owned())
}

/// Registers a passkey of this device under `name`.
async fn register(name: String) -> Result<(), Failure> {
    let name = passkey_name(&name).ok_or_else(|| i18n::t().passkey().name_invalid.to_owned())?;
    let started = post_json("/api/passkeys/register/start", &json!({})).await?;
    let credential = credentials(&started["options"], true).await?;
    let credential = credential_json(&credential, &["attestationObject", "clientDataJSON"])?;
    let body = json!({ "ceremony": started["ceremony"], "credential": credential, "name": name });
    post_json("/api/passkeys/register/finish", &body).await.map(|_| ())
}

/// A status line under a passkey button: a step in progress or a failure.
#[derive(Clone)]
enum Status {
    Working,
    Failed(Failure),
}

fn status_view(status: RwSignal<Option<Status>>) -> impl IntoView {
    move || {
        status.get().map(|s| match s {
            Status::Working => {
                view! { <p class="alert alert--info" role="status">{i18n::t().passkey().working}</p> }.into_any()
            }
            Status::Failed(m) => view! { <p class="alert alert--error" role="alert">{m}</p> }.into_any(),
        })
    }
}

/// The login page's "sign in with a passkey" button.
#[island]
pub fn PasskeyLogin() -> impl IntoView {
    let t = i18n::t().passkey();
    let supported = RwSignal::new(false);
    Effect::new(move |_| supported.set(passkey_login_here()));
    let status = RwSignal::new(None::<Status>);
    let on_click = move |_| {
        status.set(Some(Status::Working));
        leptos::task::spawn_local(async move {
            match sign_in().await {
                Ok(next) => go_to(&next),
                Err(m) => status.set(Some(Status::Failed(m))),
            }
        });
    };
    let busy = move || matches!(status.get(), Some(Status::Working));
    view! {
        <div class="passkey" hidden=move || !supported.get()>
            <button type="button" class="button button--secondary button--block" on:click=on_click disabled=busy>
                {t.login_button}
            </button>
            <p class="field__hint">{t.login_hint}</p>
            {status_view(status)}
        </div>
    }
}

/// The second-factor page's form to register a passkey of this device.
#[island(lazy)]
pub fn PasskeyRegister() -> impl IntoView {
    let t = i18n::t().passkey();
    let supported = RwSignal::new(false);
    Effect::new(move |_| supported.set(webauthn_supported()));
    let status = RwSignal::new(None::<Status>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = input_value("passkey-name");
        status.set(Some(Status::Working));
        leptos::task::spawn_local(async move {
            match register(name).await {
                Ok(()) => go_to("/account/second-factor?passkey=registered"),
                Err(m) => status.set(Some(Status::Failed(m))),
            }
        });
    };
    let busy = move || matches!(status.get(), Some(Status::Working));
    view! {
        <p class="field__hint" hidden=move || supported.get()>{t.needs_script}</p>
        <form class="form" on:submit=on_submit hidden=move || !supported.get()>
            <div class="field">
                <label for="passkey-name">{t.name_label}</label>
                <p class="field__hint" id="passkey-name-hint">{t.name_hint}</p>
                <input id="passkey-name" name="name" type="text" required maxlength="40"
                    autocomplete="off" aria-describedby="passkey-name-hint" />
            </div>
            <button type="submit" class="button button--primary button--block" disabled=busy>{t.register_button}</button>
            {status_view(status)}
        </form>
    }
}
