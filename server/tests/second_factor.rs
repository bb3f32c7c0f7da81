//! TOTP as a second factor (issue 20) through the real router and database
//! (SQLite, or PostgreSQL with TEST_DATABASE_URL): enrolment, the login's
//! second step, replay and recovery codes, lockout, and the enrolment
//! policy for officers. Codes are computed here from the key the page shows,
//! with an HOTP of our own (RFC 4226), as an authenticator app would.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use app::server::entities::user;
use chrono::Duration;
use common::{HOSPITAL, PASSWORD, TestApp, TestResponse};
use hmac::{Hmac, Mac};
use http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

const OFFICER: &str = "DEMPRF22";

/// The 6-digit code of base32 `secret` at Unix time `t` (RFC 6238, SHA-1, 30 s).
fn code(secret: &str, t: i64) -> String {
    let key = base32_decode(secret);
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(&key).unwrap();
    mac.update(&((t / 30) as u64).to_be_bytes());
    let h = mac.finalize().into_bytes();
    let offset = (h[19] & 0x0f) as usize;
    let n = u32::from_be_bytes([h[offset], h[offset + 1], h[offset + 2], h[offset + 3]]) & 0x7fff_ffff;
    format!("{:06}", n % 1_000_000)
}

fn base32_decode(s: &str) -> Vec<u8> {
    let (mut out, mut buffer, mut bits) = (Vec::new(), 0u32, 0u32);
    for c in s.bytes().filter(|c| !c.is_ascii_whitespace()) {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'2'..=b'7' => c - b'2' + 26,
            _ => panic!("not base32: {c}"),
        };
        buffer = (buffer << 5) | u32::from(v);
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    out
}

fn now_code(app: &TestApp, secret: &str) -> String {
    code(secret, app.now().timestamp())
}

async fn user_row(app: &TestApp, login_id: &str) -> user::Model {
    user::Entity::find().filter(user::Column::LoginId.eq(login_id)).one(&app.db).await.unwrap().unwrap()
}

fn pending_cookie(res: &TestResponse) -> String {
    res.set_cookies()
        .into_iter()
        .filter_map(|c| c.split(';').next())
        .find(|nv| nv.starts_with("gmis_pending=") && !nv.ends_with('='))
        .expect("pending cookie")
        .to_owned()
}

/// The key the enrolment page shows as text, without its spaces.
fn shown_secret(page: &str) -> String {
    let start = page.find("class=\"totp-secret\">").expect("key on the page") + "class=\"totp-secret\">".len();
    let end = start + page[start..].find('<').unwrap();
    page[start..end].split_whitespace().collect()
}

/// The recovery codes of the page answering the confirmation.
fn shown_recovery_codes(page: &str) -> Vec<String> {
    page.split("<li><code>").skip(1).map(|s| s.split('<').next().unwrap().to_owned()).collect()
}

/// Enrols `login_id`'s authenticator through its pages; the key and the
/// recovery codes, as the user saw them.
async fn enrol(app: &TestApp, cookie: &str) -> (String, Vec<String>) {
    let page = app.get("/account/second-factor", Some(cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<svg"), "a QR code drawn on the server");
    assert!(page.body.contains("autocomplete=\"one-time-code\""));
    let secret = shown_secret(&page.body);
    assert_eq!(secret.len(), 32);
    let wrong = app.post_form("/account/second-factor/confirm", "code=000000", Some(cookie)).await;
    assert_eq!(wrong.location(), Some("/account/second-factor?error=code"), "a wrong first code changes nothing");
    let confirmed = app
        .post_form("/account/second-factor/confirm", &format!("code={}", now_code(app, &secret)), Some(cookie))
        .await;
    assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.body);
    assert_eq!(confirmed.header("cache-control"), Some("no-store"));
    let codes = shown_recovery_codes(&confirmed.body);
    assert_eq!(codes.len(), 10, "{}", confirmed.body);
    (secret, codes)
}

/// The password step: the browser's pending-login cookie (no session).
async fn password_step(app: &TestApp, login_id: &str) -> String {
    let res = app.login(login_id, PASSWORD).await;
    assert_eq!(res.location(), Some("/login/code"));
    assert!(res.session_cookie().is_none(), "no session before the second factor");
    pending_cookie(&res)
}

#[tokio::test]
async fn an_enrolled_user_signs_in_with_a_code_and_a_used_code_is_refused() {
    let app = TestApp::new().await;
    let cookie = app.login_cookie(HOSPITAL).await;
    let (secret, _) = enrol(&app, &cookie).await;
    assert!(app.audit_actions().await.contains(&"totp.enrolled".to_owned()));
    let page = app.get("/account/second-factor", Some(&cookie)).await;
    assert!(page.body.contains("設定済み") && !page.body.contains("<svg"), "enrolled: no new key offered");

    // The code just used for the confirmation cannot sign in, even within its step.
    let pending = password_step(&app, HOSPITAL).await;
    let page = app.get("/login/code", Some(&pending)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("inputmode=\"numeric\""));
    let replay = app.post_form("/login/code", &format!("code={}", now_code(&app, &secret)), Some(&pending)).await;
    assert_eq!(replay.location(), Some("/login/code?failed=1"));
    assert!(replay.session_cookie().is_none());
    assert_eq!(user_row(&app, HOSPITAL).await.failed_logins, 1, "counted like a wrong password");
    assert_eq!(app.audit_actions().await.last().map(String::as_str), Some("totp.failed"));

    // The next step's code signs in (and clears the count).
    app.clock().advance(Duration::seconds(30));
    let ok = app.post_form("/login/code", &format!("code={}", now_code(&app, &secret)), Some(&pending)).await;
    assert_eq!(ok.location(), Some("/"));
    let session = ok.session_cookie().expect("signed in");
    assert_eq!(app.get("/", Some(&session)).await.status, StatusCode::OK);
    assert_eq!(user_row(&app, HOSPITAL).await.failed_logins, 0);
    assert_eq!(app.audit_actions().await.last().map(String::as_str), Some("login.succeeded"));

    // The pending login is used up; its code, seen over a shoulder, is too.
    let again = app.post_form("/login/code", &format!("code={}", now_code(&app, &secret)), Some(&pending)).await;
    assert!(again.session_cookie().is_none());
    let other = password_step(&app, HOSPITAL).await;
    let replay = app.post_form("/login/code", &format!("code={}", now_code(&app, &secret)), Some(&other)).await;
    assert!(replay.session_cookie().is_none(), "a used code is refused");
    // One step of drift either way is accepted.
    let drift = code(&secret, app.now().timestamp() + 30);
    let ok = app.post_form("/login/code", &format!("code={drift}"), Some(&other)).await;
    assert!(ok.session_cookie().is_some());
}

#[tokio::test]
async fn a_recovery_code_signs_in_once() {
    let app = TestApp::new().await;
    let cookie = app.login_cookie(HOSPITAL).await;
    let (_, codes) = enrol(&app, &cookie).await;
    let pending = password_step(&app, HOSPITAL).await;
    let typed = codes[3].to_uppercase().replace('-', " ");
    let ok = app.post_form("/login/code", &format!("code={}", typed.replace(' ', "+")), Some(&pending)).await;
    assert_eq!(ok.location(), Some("/"), "case and separators do not matter");
    assert!(ok.session_cookie().is_some());
    assert!(app.audit_actions().await.contains(&"recovery_code.used".to_owned()));

    let pending = password_step(&app, HOSPITAL).await;
    let reused = app.post_form("/login/code", &format!("code={}", codes[3]), Some(&pending)).await;
    assert_eq!(reused.location(), Some("/login/code?failed=1"));
    assert!(reused.session_cookie().is_none());
    let other = app.post_form("/login/code", &format!("code={}", codes[4]), Some(&pending)).await;
    assert!(other.session_cookie().is_some(), "the other codes still work");
}

#[tokio::test]
async fn wrong_codes_lock_the_account_like_wrong_passwords() {
    let app = TestApp::new().await;
    let cookie = app.login_cookie(HOSPITAL).await;
    let (secret, _) = enrol(&app, &cookie).await;
    app.clock().advance(Duration::seconds(60));
    let pending = password_step(&app, HOSPITAL).await;
    let mut last = None;
    for _ in 0..10 {
        last = Some(app.post_form("/login/code", "code=123456", Some(&pending)).await);
    }
    assert_eq!(last.unwrap().location(), Some("/login?failed=1"), "locked: back to the password");
    let row = user_row(&app, HOSPITAL).await;
    assert!(row.locked_until.is_some());
    assert!(app.audit_actions().await.contains(&"account.locked".to_owned()));
    // Even the right code does nothing now, and the answer does not say why.
    let late = app.post_form("/login/code", &format!("code={}", now_code(&app, &secret)), Some(&pending)).await;
    assert!(late.session_cookie().is_none());
    assert_eq!(late.location(), Some("/login?failed=1"));
}

#[tokio::test]
async fn a_code_without_a_pending_login_or_after_five_minutes_is_refused() {
    let app = TestApp::new().await;
    let cookie = app.login_cookie(HOSPITAL).await;
    let (secret, _) = enrol(&app, &cookie).await;
    app.clock().advance(Duration::seconds(60));
    let none = app.post_form("/login/code", &format!("code={}", now_code(&app, &secret)), None).await;
    assert_eq!(none.location(), Some("/login?failed=1"));
    assert!(none.session_cookie().is_none());
    let forged =
        app.post_form("/login/code", &format!("code={}", now_code(&app, &secret)), Some("gmis_pending=forged")).await;
    assert!(forged.session_cookie().is_none());
    // The five minutes are on the wall clock: a pending login made earlier.
    let pending = password_step(&app, HOSPITAL).await;
    let key = app::server::auth::token_hash(pending.trim_start_matches("gmis_pending="));
    use sea_orm::{ActiveModelTrait, IntoActiveModel, Set};
    let row = app::server::entities::login_challenge::Entity::find_by_id(key).one(&app.db).await.unwrap().unwrap();
    let mut old = row.into_active_model();
    old.created_at = Set(chrono::Utc::now() - Duration::minutes(6));
    old.update(&app.db).await.unwrap();
    let expired = app.post_form("/login/code", &format!("code={}", now_code(&app, &secret)), Some(&pending)).await;
    assert_eq!(expired.location(), Some("/login?failed=1"));
    assert!(expired.session_cookie().is_none());
}

#[tokio::test]
async fn an_officer_is_given_a_grace_period_then_can_reach_only_enrolment() {
    let app = TestApp::new().await;
    // The demo officers have a year; this one is an account from before the
    // policy shipped, whose grace starts at its first login.
    let demo_due = user_row(&app, OFFICER).await.second_factor_due.expect("demo officers are in grace");
    assert!(demo_due > app.now() + Duration::days(300));
    user::Entity::update_many()
        .col_expr(
            user::Column::SecondFactorDue,
            sea_orm::sea_query::Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None),
        )
        .filter(user::Column::LoginId.eq(OFFICER))
        .exec(&app.db)
        .await
        .unwrap();
    let cookie = app.login_cookie(OFFICER).await;
    let due = user_row(&app, OFFICER).await.second_factor_due.expect("grace starts at the first login");
    assert!((due - app.now() - Duration::days(14)).num_seconds().abs() < 5, "14 days by default");
    let home = app.get("/", Some(&cookie)).await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.contains("二段階認証の設定が必要です"), "a banner says until when");
    let page = app.get("/account/second-factor", Some(&cookie)).await;
    assert!(page.body.contains("後で設定する"), "enrolment may be postponed");
    assert_eq!(page.body.matches("二段階認証の設定が必要です").count(), 1, "said once on the enrolment page");
    // A later login does not move the date.
    app.clock().advance(Duration::days(3));
    let _ = app.login_cookie(OFFICER).await;
    assert_eq!(user_row(&app, OFFICER).await.second_factor_due, Some(due));

    // After the grace period: pages lead to enrolment, server functions refuse.
    app.clock().advance(Duration::days(12));
    assert_eq!(app.get("/", Some(&cookie)).await.location(), Some("/account/second-factor"));
    assert_eq!(app.get("/area", Some(&cookie)).await.location(), Some("/account/second-factor"));
    let api = app.post_form("/api/account/logins", "", Some(&cookie)).await;
    assert_eq!(api.status, StatusCode::FORBIDDEN);
    let download = app.get("/area/download?kind=daily", Some(&cookie)).await;
    assert_ne!(download.status, StatusCode::OK);
    let page = app.get("/account/second-factor", Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("設定期限を過ぎました"));

    let secret = shown_secret(&page.body);
    let confirmed = app
        .post_form("/account/second-factor/confirm", &format!("code={}", now_code(&app, &secret)), Some(&cookie))
        .await;
    assert_eq!(confirmed.status, StatusCode::OK);
    assert_eq!(user_row(&app, OFFICER).await.second_factor_due, None);
    let home = app.get("/", Some(&cookie)).await;
    assert_eq!(home.status, StatusCode::OK, "enrolled: everything is reachable again");
    assert!(!home.body.contains("二段階認証の設定が必要です"));
    assert_eq!(app.login(OFFICER, PASSWORD).await.location(), Some("/login/code"), "and login asks for a code");
}

#[tokio::test]
async fn facilities_are_not_forced_to_enrol() {
    let app = TestApp::new().await;
    let cookie = app.login_cookie(HOSPITAL).await;
    assert_eq!(user_row(&app, HOSPITAL).await.second_factor_due, None);
    app.clock().advance(Duration::days(30));
    let home = app.get("/", Some(&cookie)).await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(!home.body.contains("二段階認証の設定が必要です"));
}

fn reset_form(user_id: i32, reason: &str) -> String {
    let reason = serde_urlencoded::to_string([("v", reason)]).unwrap();
    format!("user_id={user_id}&{}&inquiry=&q=", reason.replacen("v=", "reason=", 1))
}

async fn mails_to(app: &TestApp, login_id: &str) -> Vec<app::server::entities::mail::Model> {
    use app::server::entities::mail;
    let to = format!("{}@demo.gmis.example", login_id.to_lowercase());
    mail::Entity::find().filter(mail::Column::ToAddress.eq(to)).all(&app.db).await.unwrap()
}

#[tokio::test]
async fn the_helpdesk_resets_a_lost_authenticator_with_a_reason_and_the_user_is_mailed() {
    let app = TestApp::new().await;
    let cookie = app.login_cookie(HOSPITAL).await;
    let _ = enrol(&app, &cookie).await;
    let hospital = user_row(&app, HOSPITAL).await;
    let helpdesk = app.login_cookie("DEMHLP22").await;
    let found = app.post_form("/api/helpdesk/lookup", &format!("q={HOSPITAL}"), Some(&helpdesk)).await;
    assert!(found.body.contains("\"has_second_factor\":true"), "{}", found.body);

    let no_reason =
        app.post_form("/api/helpdesk/reset_second_factor", &reset_form(hospital.id, ""), Some(&helpdesk)).await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.login(HOSPITAL, PASSWORD).await.location(), Some("/login/code"), "nothing changed");

    let mails_before = mails_to(&app, HOSPITAL).await.len();
    let done = app
        .post_form(
            "/api/helpdesk/reset_second_factor",
            &reset_form(hospital.id, "機種変更で認証アプリが使えない（電話）"),
            Some(&helpdesk),
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    let mails = mails_to(&app, HOSPITAL).await;
    assert_eq!(mails.len(), mails_before + 1);
    assert_eq!(mails.last().unwrap().subject, app::i18n::t().second_factor().reset_subject);
    let row = app::server::entities::audit_log::Entity::find()
        .filter(app::server::entities::audit_log::Column::Action.eq("second_factor.reset"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("audited");
    assert_eq!(row.actor_label, "DEMHLP22");
    assert!(row.detail.unwrap().contains("機種変更"), "with its reason");
    // The password alone signs in again (a facility need not enrol).
    let res = app.login(HOSPITAL, PASSWORD).await;
    assert_eq!(res.location(), Some("/"));
    assert!(res.session_cookie().is_some());

    // Nothing left to reset: refused, nothing mailed.
    let again =
        app.post_form("/api/helpdesk/reset_second_factor", &reset_form(hospital.id, "再度"), Some(&helpdesk)).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(mails_to(&app, HOSPITAL).await.len(), mails_before + 1);
}

#[tokio::test]
async fn the_helpdesk_cannot_reset_ministry_accounts_an_admin_can_and_the_officer_enrols_at_once() {
    let app = TestApp::new().await;
    let admin = app.login_cookie("DEMADM22").await;
    let _ = enrol(&app, &admin).await;
    let helpdesk = app.login_cookie("DEMHLP22").await;
    let admin_id = user_row(&app, "DEMADM22").await.id;
    let refused =
        app.post_form("/api/helpdesk/reset_second_factor", &reset_form(admin_id, "依頼"), Some(&helpdesk)).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND, "the helpdesk does not act on ministry accounts");
    assert_eq!(app.login("DEMADM22", PASSWORD).await.location(), Some("/login/code"), "nothing changed");

    // The administrator resets the helpdesk operator's authenticator.
    let _ = enrol(&app, &helpdesk).await;
    let helpdesk_id = user_row(&app, "DEMHLP22").await.id;
    let done =
        app.post_form("/api/helpdesk/reset_second_factor", &reset_form(helpdesk_id, "端末紛失"), Some(&admin)).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert_eq!(mails_to(&app, "DEMHLP22").await.len(), 1);
    // An operator must have a second factor: no new grace period.
    let res = app.login("DEMHLP22", PASSWORD).await;
    let cookie = res.session_cookie().expect("signed in with the password");
    assert_eq!(app.get("/", Some(&cookie)).await.location(), Some("/account/second-factor"));
    assert_eq!(app.get("/account/second-factor", Some(&cookie)).await.status, StatusCode::OK);

    // Other roles cannot reset anyone.
    let officer = app.login_cookie(OFFICER).await;
    let res = app.post_form("/api/helpdesk/reset_second_factor", &reset_form(admin_id, "x"), Some(&officer)).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
}
