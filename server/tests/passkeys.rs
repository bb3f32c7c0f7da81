//! Passkeys (issue 20 item 1) through the real router and database (SQLite,
//! or PostgreSQL with TEST_DATABASE_URL). The device is 1Password's
//! software authenticator and WebAuthn client (`passkey` crate), which
//! answers the server's options as a browser and a phone would: it makes a
//! P-256 key pair, signs the challenge, and keeps the credential as a
//! discoverable one.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use app::server::entities::{passkey as passkey_row, user};
use common::{HOSPITAL, PASSWORD, TestApp, TestResponse};
use http::StatusCode;
use passkey::authenticator::{Authenticator, UiHint, UserCheck, UserValidationMethod};
use passkey::client::{Client, DefaultClientData};
use passkey::crypto::rust_crypto::RustCryptoBackend;
use passkey::types::Passkey;
use passkey::types::ctap2::{Aaguid, Ctap2Error};
use passkey::types::webauthn::{CredentialCreationOptions, CredentialRequestOptions};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

const ORIGIN: &str = "http://localhost:3000";
const OFFICER: &str = "DEMPRF22";
const CLINIC: &str = "DEMCLN22";

/// The person at the device: present and verified (face, fingerprint or PIN).
struct Verified;

#[async_trait::async_trait]
impl UserValidationMethod for Verified {
    type PasskeyItem = Passkey;

    async fn check_user<'a>(
        &self,
        _hint: UiHint<'a, Passkey>,
        _presence: bool,
        _verification: bool,
    ) -> Result<UserCheck, Ctap2Error> {
        Ok(UserCheck { presence: true, verification: true })
    }

    fn is_presence_enabled(&self) -> bool {
        true
    }

    fn is_verification_enabled(&self) -> Option<bool> {
        Some(true)
    }
}

/// A device holding (at most) one passkey.
struct Device(Client<Option<Passkey>, Verified, RustCryptoBackend, public_suffix::PublicSuffixList, ()>);

impl Device {
    fn new() -> Self {
        let authenticator = Authenticator::new(Aaguid::new_empty(), None, Verified, RustCryptoBackend);
        Self(Client::new(authenticator).allows_insecure_localhost(true))
    }

    /// `navigator.credentials.create()` with the server's options.
    async fn create(&mut self, options: &Value) -> Value {
        let request: CredentialCreationOptions = serde_json::from_value(options.clone()).expect("creation options");
        let origin = url::Url::parse(ORIGIN).unwrap();
        let created = self.0.register(&origin, request, DefaultClientData).await.expect("registered");
        serde_json::to_value(created).unwrap()
    }

    /// `navigator.credentials.get()` with the server's options.
    async fn get(&mut self, options: &Value) -> Value {
        let request: CredentialRequestOptions = serde_json::from_value(options.clone()).expect("request options");
        let origin = url::Url::parse(ORIGIN).unwrap();
        let asserted = self.0.authenticate(&origin, request, DefaultClientData).await.expect("asserted");
        serde_json::to_value(asserted).unwrap()
    }
}

async fn passkey_app() -> TestApp {
    TestApp::with_env(&[("GMIS_PUBLIC_URL", ORIGIN)]).await
}

fn json_of(res: &TestResponse) -> Value {
    serde_json::from_str(&res.body).unwrap_or_else(|_| panic!("json: {} {}", res.status, res.body))
}

async fn user_row(app: &TestApp, login_id: &str) -> user::Model {
    user::Entity::find().filter(user::Column::LoginId.eq(login_id)).one(&app.db).await.unwrap().unwrap()
}

/// Registers a passkey of `device` under `name` for the user of `cookie`.
async fn register(app: &TestApp, cookie: &str, device: &mut Device, name: &str) -> TestResponse {
    let started = app.post_json("/api/passkeys/register/start", &json!({}), Some(cookie)).await;
    assert_eq!(started.status, StatusCode::OK, "{}", started.body);
    let started = json_of(&started);
    let credential = device.create(&started["options"]).await;
    let body = json!({ "ceremony": started["ceremony"], "credential": credential, "name": name });
    app.post_json("/api/passkeys/register/finish", &body, Some(cookie)).await
}

/// A sign-in ceremony: its token and the device's assertion.
async fn assertion(app: &TestApp, device: &mut Device) -> (Value, Value) {
    let started = app.post_json("/api/passkeys/login/start", &json!({}), None).await;
    assert_eq!(started.status, StatusCode::OK, "{}", started.body);
    let started = json_of(&started);
    assert!(
        started["options"]["publicKey"].get("allowCredentials").is_none_or(|l| l.as_array().is_none_or(Vec::is_empty)),
        "no account's credentials are listed"
    );
    let credential = device.get(&started["options"]).await;
    (started["ceremony"].clone(), credential)
}

async fn finish(app: &TestApp, ceremony: &Value, credential: &Value, login_id: &str) -> TestResponse {
    let body = json!({ "ceremony": ceremony, "credential": credential, "login_id": login_id });
    app.post_json("/api/passkeys/login/finish", &body, None).await
}

async fn sign_in(app: &TestApp, device: &mut Device, login_id: &str) -> TestResponse {
    let (ceremony, credential) = assertion(app, device).await;
    finish(app, &ceremony, &credential, login_id).await
}

/// The display name on the home page of `cookie`'s session.
async fn signed_in_as(app: &TestApp, cookie: &str) -> bool {
    let home = app.get("/", Some(cookie)).await;
    home.status == StatusCode::OK && home.body.contains("ログアウト")
}

#[tokio::test]
async fn a_hospital_registers_a_passkey_and_signs_in_with_it_alone_or_after_its_login_id() {
    let app = passkey_app().await;
    let cookie = app.login_cookie(HOSPITAL).await;
    let mut tablet = Device::new();
    let done = register(&app, &cookie, &mut tablet, "  病棟のiPad <b>  ").await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    let page = app.get("/account/second-factor", Some(&cookie)).await;
    assert!(page.body.contains("病棟のiPad &lt;b&gt;"), "named as typed (trimmed), escaped");
    assert!(page.body.contains("未使用"), "not used yet");
    assert!(app.audit_actions().await.contains(&"passkey.registered".to_owned()));

    // Passkey alone: no login ID, no password.
    let opened = sign_in(&app, &mut tablet, "").await;
    assert_eq!(opened.status, StatusCode::OK, "{}", opened.body);
    assert_eq!(json_of(&opened)["next"], "/");
    let session = opened.session_cookie().expect("a session");
    assert!(signed_in_as(&app, &session).await);
    // After the login ID typed on the page (spaces a phone adds are trimmed).
    let opened = sign_in(&app, &mut tablet, &format!(" {HOSPITAL} ")).await;
    assert_eq!(opened.status, StatusCode::OK, "{}", opened.body);
    assert!(signed_in_as(&app, &opened.session_cookie().unwrap()).await);

    let row = passkey_row::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert!(row.last_used_at.is_some(), "last use is shown");
    assert!(!app.get("/account/second-factor", Some(&session)).await.body.contains("未使用"));
    let logins = app.audit_actions().await.iter().filter(|a| *a == "login.succeeded").count();
    assert_eq!(logins, 3, "the password login and two passkey logins are audited");

    // A second registration tells the device which of its passkeys it
    // already has here, so one authenticator is not registered twice.
    let again = app.post_json("/api/passkeys/register/start", &json!({}), Some(&cookie)).await;
    let excluded = &json_of(&again)["options"]["publicKey"]["excludeCredentials"];
    assert_eq!(excluded[0]["id"], Value::from(row.credential_id.clone()), "{excluded}");
}

#[tokio::test]
async fn replayed_forged_and_foreign_assertions_are_refused_counted_and_audited() {
    let app = passkey_app().await;
    let cookie = app.login_cookie(HOSPITAL).await;
    let mut tablet = Device::new();
    assert_eq!(register(&app, &cookie, &mut tablet, "iPad").await.status, StatusCode::OK);
    let failures = |u: user::Model| u.failed_logins;

    // Replay: the same ceremony and assertion a second time.
    let (ceremony, credential) = assertion(&app, &mut tablet).await;
    assert_eq!(finish(&app, &ceremony, &credential, "").await.status, StatusCode::OK);
    let replayed = finish(&app, &ceremony, &credential, "").await;
    assert_eq!(replayed.status, StatusCode::UNAUTHORIZED);
    assert!(replayed.session_cookie().is_none());
    // An old assertion sent with a new ceremony (another challenge).
    let (fresh, _) = assertion(&app, &mut tablet).await;
    let stale = finish(&app, &fresh, &credential, "").await;
    assert_eq!(stale.status, StatusCode::UNAUTHORIZED);
    assert_eq!(failures(user_row(&app, HOSPITAL).await), 1, "counted against the passkey's account");

    // A forged signature.
    let (ceremony, mut forged) = assertion(&app, &mut tablet).await;
    let signature = forged["response"]["signature"].as_str().unwrap().to_owned();
    let flipped =
        if signature.starts_with('A') { signature.replacen('A', "B", 1) } else { format!("A{}", &signature[1..]) };
    forged["response"]["signature"] = Value::from(flipped);
    let refused = finish(&app, &ceremony, &forged, "").await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert_eq!(failures(user_row(&app, HOSPITAL).await), 2);

    // The hospital's passkey offered for the clinic's login ID.
    let foreign = sign_in(&app, &mut tablet, CLINIC).await;
    assert_eq!(foreign.status, StatusCode::UNAUTHORIZED);
    assert!(foreign.session_cookie().is_none());
    assert_eq!(failures(user_row(&app, CLINIC).await), 1, "counted against the account named");

    // An unknown device's passkey.
    let mut stranger = Device::new();
    let other_app = passkey_app().await;
    let other_cookie = other_app.login_cookie(HOSPITAL).await;
    assert_eq!(register(&other_app, &other_cookie, &mut stranger, "別の端末").await.status, StatusCode::OK);
    assert_eq!(sign_in(&app, &mut stranger, "").await.status, StatusCode::UNAUTHORIZED);

    // Every refusal is the same message, and audited.
    for res in [&replayed, &stale, &refused, &foreign] {
        assert_eq!(json_of(res), json!("Unauthenticated"));
    }
    let failed = app.audit_actions().await.iter().filter(|a| *a == "passkey.failed").count();
    assert_eq!(failed, 5);

    // Not JSON, or not a credential: the client's fault, nothing counted.
    let before = failures(user_row(&app, HOSPITAL).await);
    let res = app.post_form("/api/passkeys/login/finish", "ceremony=x", None).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert!(res.body.contains("BadRequest"), "{}", res.body);
    assert_eq!(failures(user_row(&app, HOSPITAL).await), before);

    // Ten refusals lock the account, for passkeys as for passwords.
    for _ in 0..10 {
        let (ceremony, mut forged) = assertion(&app, &mut tablet).await;
        forged["response"]["signature"] = Value::from("AAAA");
        let _ = finish(&app, &ceremony, &forged, "").await;
    }
    assert!(user_row(&app, HOSPITAL).await.locked_until.is_some());
    assert_eq!(sign_in(&app, &mut tablet, "").await.status, StatusCode::UNAUTHORIZED, "locked");
}

#[tokio::test]
async fn an_officer_past_the_grace_period_enrols_a_passkey_and_then_cannot_use_the_password_alone() {
    let app = passkey_app().await;
    let cookie = app.login_cookie(OFFICER).await;
    // Past the grace period: only enrolment is reachable, passkeys included.
    app.clock().advance(chrono::Duration::days(400));
    assert_eq!(app.get("/area", Some(&cookie)).await.location(), Some("/account/second-factor"));
    let page = app.get("/account/second-factor", Some(&cookie)).await;
    assert!(page.body.contains("パスキー"), "passkeys are offered on the enrolment page");
    let mut key = Device::new();
    let done = register(&app, &cookie, &mut key, "セキュリティキー").await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert_eq!(user_row(&app, OFFICER).await.second_factor_due, None, "the policy is met");
    assert_eq!(app.get("/area", Some(&cookie)).await.status, StatusCode::OK);

    // The password alone no longer opens a session; the passkey does.
    let password = app.login(OFFICER, PASSWORD).await;
    assert_eq!(password.location(), Some("/login?passkey=1"));
    assert!(password.session_cookie().is_none());
    let login_page = app.get("/login?passkey=1", None).await;
    assert!(
        login_page.body.contains("パスキーでログインしてください")
            || login_page.body.contains("「パスキーでログイン」を押してください")
    );
    let opened = sign_in(&app, &mut key, OFFICER).await;
    assert_eq!(opened.status, StatusCode::OK, "{}", opened.body);
    let session = opened.session_cookie().unwrap();
    assert_eq!(app.get("/area", Some(&session)).await.status, StatusCode::OK);

    // Removing the only passkey puts the officer back before enrolment.
    let id = passkey_row::Entity::find().one(&app.db).await.unwrap().unwrap().id;
    let removed = app.post_form("/account/passkeys/remove", &format!("id={id}"), Some(&session)).await;
    assert_eq!(removed.location(), Some("/account/second-factor?passkey=removed"));
    assert!(passkey_row::Entity::find().all(&app.db).await.unwrap().is_empty());
    assert_eq!(app.get("/area", Some(&session)).await.location(), Some("/account/second-factor"));
    assert!(app.audit_actions().await.contains(&"passkey.removed".to_owned()));
}

#[tokio::test]
async fn a_passkey_is_removed_only_by_its_owner_and_a_helpdesk_reset_removes_them_all() {
    let app = passkey_app().await;
    let cookie = app.login_cookie(HOSPITAL).await;
    let mut tablet = Device::new();
    assert_eq!(register(&app, &cookie, &mut tablet, "iPad").await.status, StatusCode::OK);
    let id = passkey_row::Entity::find().one(&app.db).await.unwrap().unwrap().id;
    let clinic = app.login_cookie(CLINIC).await;
    let other = app.post_form("/account/passkeys/remove", &format!("id={id}"), Some(&clinic)).await;
    assert_eq!(other.location(), Some("/account/second-factor?passkey=notfound"));
    let junk = app.post_form("/account/passkeys/remove", "id=abc", Some(&cookie)).await;
    assert_eq!(junk.location(), Some("/account/second-factor?passkey=notfound"));
    assert_eq!(passkey_row::Entity::find().all(&app.db).await.unwrap().len(), 1, "nothing removed");

    // The helpdesk resets the hospital's second factor (a lost tablet).
    let hospital = user_row(&app, HOSPITAL).await;
    let helpdesk = app.login_cookie("DEMHLP22").await;
    let form = format!("user_id={}&reason=%E7%AB%AF%E6%9C%AB%E7%B4%9B%E5%A4%B1&inquiry=&q=", hospital.id);
    let reset = app.post_form("/api/helpdesk/reset_second_factor", &form, Some(&helpdesk)).await;
    assert!(reset.status.is_success() || reset.status.is_redirection(), "{} {}", reset.status, reset.body);
    assert!(passkey_row::Entity::find().all(&app.db).await.unwrap().is_empty());
    assert_eq!(sign_in(&app, &mut tablet, "").await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn without_a_host_name_passkeys_are_not_offered_and_their_routes_say_why() {
    let app = TestApp::new().await; // public URL http://127.0.0.1:3000
    let cookie = app.login_cookie(HOSPITAL).await;
    let page = app.get("/account/second-factor", Some(&cookie)).await;
    assert!(page.body.contains("公開URLがIPアドレスです"));
    assert!(!page.body.contains("この端末でパスキーを登録"));
    let res = app.post_json("/api/passkeys/login/start", &json!({}), None).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(res.body.contains("公開URLがIPアドレスです"), "{}", res.body);
    let res = app.post_json("/api/passkeys/register/start", &json!({}), None).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED, "no session, no registration");
}
