//! A user's own account: changing the password, the recent logins, and the
//! sessions on other devices (also as the administrators see them).

// Test helpers outside #[test] functions fail loudly on purpose.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use app::domain::account::{AccountSummary, SessionInfo};
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
    assert!(page.body.contains(app::i18n::t().accounts().password_changed));
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

const ADMIN: &str = "DEMADM22";

async fn sessions(app: &TestApp, cookie: &str) -> Vec<SessionInfo> {
    let res = app.post_form("/api/account/sessions", "", Some(cookie)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    serde_json::from_str(&res.body).unwrap()
}

fn logged_in(res: &common::TestResponse) -> bool {
    res.status == StatusCode::OK
}

#[tokio::test]
async fn a_user_sees_their_sessions_and_ends_the_one_on_a_lost_phone() {
    let app = TestApp::new().await;
    let tablet = app.login_cookie(HOSPITAL).await;
    let lost_phone = app.login_cookie(HOSPITAL).await;
    let someone_else = app.login_cookie("DEMCLN22").await;

    let list = sessions(&app, &tablet).await;
    assert_eq!(list.len(), 2, "only this account's sessions: {list:?}");
    assert_eq!(list.iter().filter(|s| s.current).count(), 1);
    for s in &list {
        assert_eq!(s.device, "Chrome・Android");
        assert_eq!(s.ip.as_deref(), Some("127.0.0.1"));
    }
    let phone = list.iter().find(|s| !s.current).unwrap().handle.clone();

    // Nothing changes on a malformed handle or on another account's session.
    let other = sessions(&app, &someone_else).await.remove(0).handle;
    for handle in ["zz", "%25", other.as_str()] {
        let res = app.post_form("/api/account/sessions/end", &format!("handle={handle}"), Some(&tablet)).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{handle}: {}", res.body);
    }
    assert!(logged_in(&app.get("/", Some(&lost_phone)).await));
    assert!(logged_in(&app.get("/", Some(&someone_else)).await), "another account's session stays");
    assert!(!app.audit_actions().await.contains(&"sessions.ended".to_owned()));

    let res = app.post_form("/api/account/sessions/end", &format!("handle={phone}"), Some(&tablet)).await;
    assert_eq!((res.status, res.body.as_str()), (StatusCode::OK, "1"));
    assert_eq!(app.get("/", Some(&lost_phone)).await.status, StatusCode::SEE_OTHER, "the lost phone is logged out");
    assert!(logged_in(&app.get("/", Some(&tablet)).await), "this session stays");
    assert_eq!(sessions(&app, &tablet).await.len(), 1);
    let again = app.post_form("/api/account/sessions/end", &format!("handle={phone}"), Some(&tablet)).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY, "already ended");
    assert!(again.body.contains(app::i18n::t().sessions().already_ended), "{}", again.body);
    assert_eq!(app.audit_actions().await.iter().filter(|a| *a == "sessions.ended").count(), 1);
}

#[tokio::test]
async fn ending_every_other_session_works_without_javascript() {
    let app = TestApp::new().await;
    let here = app.login_cookie(HOSPITAL).await;
    let others = [app.login_cookie(HOSPITAL).await, app.login_cookie(HOSPITAL).await];

    let page = app.get("/account", Some(&here)).await;
    let s = app::i18n::t().sessions();
    assert!(page.body.contains(s.this_device) && page.body.contains(s.end_others), "in the first HTML");
    assert_eq!(page.body.matches(r#"<li class="session">"#).count(), 3, "one card per session");

    let res = app.post_form_as_browser("/api/account/sessions/end", "others=true", Some(&here)).await;
    assert_eq!(res.location(), Some("/account?sessions_ended=2#sessions-heading"));
    for cookie in &others {
        assert_eq!(app.get("/", Some(cookie)).await.status, StatusCode::SEE_OTHER);
    }
    let page = app.get("/account?sessions_ended=2", Some(&here)).await;
    assert!(page.body.contains(&(s.ended)(2)), "the count is shown");
    assert!(page.body.contains(s.none_other));
}

#[tokio::test]
async fn an_administrator_sees_an_accounts_sessions_and_ends_them() {
    let app = TestApp::new().await;
    let clinic = [app.login_cookie(HOSPITAL).await, app.login_cookie(HOSPITAL).await];
    let admin = app.login_cookie(ADMIN).await;

    let res = app.post_form("/api/accounts/search", &format!("q={HOSPITAL}&prefecture="), Some(&admin)).await;
    let found: Vec<AccountSummary> = serde_json::from_str(&res.body).unwrap();
    let account = found.iter().find(|a| a.login_id == HOSPITAL).unwrap();
    assert_eq!(account.sessions.len(), 2);
    assert!(account.sessions.iter().all(|s| !s.current), "none of them is the administrator's");

    // Only the administrator: the clinic cannot end sessions of any account by number.
    let refused =
        app.post_form("/api/accounts/sessions/end", &format!("user_id={}", account.user_id), Some(&clinic[0])).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(logged_in(&app.get("/", Some(&clinic[1])).await));

    let one = &account.sessions[0].handle;
    let res = app
        .post_form("/api/accounts/sessions/end", &format!("user_id={}&handle={one}", account.user_id), Some(&admin))
        .await;
    assert_eq!((res.status, res.body.as_str()), (StatusCode::OK, "1"));
    let res = app.post_form("/api/accounts/sessions/end", &format!("user_id={}", account.user_id), Some(&admin)).await;
    assert_eq!((res.status, res.body.as_str()), (StatusCode::OK, "1"));
    for cookie in &clinic {
        assert_eq!(app.get("/", Some(cookie)).await.status, StatusCode::SEE_OTHER);
    }
    assert!(logged_in(&app.get("/", Some(&admin)).await));
    assert_eq!(app.audit_actions().await.iter().filter(|a| *a == "sessions.ended").count(), 2);
}
