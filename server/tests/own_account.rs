//! A user's own account: changing the password and the recent logins.

// Test helpers outside #[test] functions fail loudly on purpose.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::{HOSPITAL, PASSWORD, TestApp};
use http::StatusCode;

const NEW: &str = "aozora-no-shita-de-nagai-aikotoba";

#[tokio::test]
async fn changing_the_password_needs_the_current_one_and_ends_other_sessions() {
    let app = TestApp::new().await;
    let phone = app.login_cookie(HOSPITAL).await;
    let tablet = app.login_cookie(HOSPITAL).await;

    let wrong = app
        .post_form("/account/password", &format!("current=nope&password={NEW}&confirmation={NEW}"), Some(&phone))
        .await;
    assert_eq!(wrong.location(), Some("/account?error=current"));
    let short = app
        .post_form("/account/password", &format!("current={PASSWORD}&password=short&confirmation=short"), Some(&phone))
        .await;
    assert_eq!(short.location(), Some("/account?error=too_short"));
    assert_eq!(app.login(HOSPITAL, PASSWORD).await.location(), Some("/"), "nothing changed yet");

    let ok = app
        .post_form("/account/password", &format!("current={PASSWORD}&password={NEW}&confirmation={NEW}"), Some(&phone))
        .await;
    assert_eq!(ok.location(), Some("/account?changed=1"));
    assert_eq!(app.get("/", Some(&phone)).await.status, StatusCode::OK, "this session stays");
    assert_eq!(app.get("/", Some(&tablet)).await.status, StatusCode::SEE_OTHER, "other sessions end");
    assert_eq!(app.login(HOSPITAL, PASSWORD).await.location(), Some("/login?failed=1"));
    assert_eq!(app.login(HOSPITAL, NEW).await.location(), Some("/"));
    let actions = app.audit_actions().await;
    assert!(
        actions.contains(&"password.changed".to_owned()) && actions.contains(&"password.change_refused".to_owned())
    );

    let page = app.get("/account?changed=1", Some(&phone)).await;
    assert!(page.body.contains(app::i18n::t().password_changed));
}

#[tokio::test]
async fn the_account_page_lists_the_users_own_recent_logins() {
    let app = TestApp::new().await;
    app.login(HOSPITAL, "typo-typo-typo-typo").await;
    app.login("DEMCLN22", PASSWORD).await;
    let cookie = app.login_cookie(HOSPITAL).await;
    let res = app.post_form("/api/account/logins", "", Some(&cookie)).await;
    let logins: Vec<app::domain::account::LoginRecord> = serde_json::from_str(&res.body).unwrap();
    assert_eq!(logins.iter().map(|l| l.succeeded).collect::<Vec<_>>(), [true, false], "newest first, only mine");
    assert_eq!(app.post_form("/api/account/logins", "", None).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_visitor_posting_a_password_change_is_sent_to_login() {
    let app = TestApp::new().await;
    let res = app
        .post_form("/account/password", &format!("current={PASSWORD}&password={NEW}&confirmation={NEW}"), None)
        .await;
    assert_eq!(res.location(), Some("/login"));
}
