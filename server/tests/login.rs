//! Login, logout, lockout and session lifetimes through the real HTTP router
//! and database (SQLite, or PostgreSQL with TEST_DATABASE_URL).

// Test helpers outside #[test] functions fail loudly on purpose.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use app::server::auth::token_hash;
use app::server::entities::{session, user};
use chrono::{Duration, Utc};
use common::{HOSPITAL, PASSWORD, TestApp};
use http::StatusCode;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, Set};

async fn user_row(app: &TestApp, login_id: &str) -> user::Model {
    user::Entity::find().filter(user::Column::LoginId.eq(login_id)).one(&app.db).await.unwrap().unwrap()
}

#[tokio::test]
async fn every_demo_role_logs_in_and_sees_its_home_page() {
    let app = TestApp::new().await;
    for demo in app::server::seed::DEMO_ACCOUNTS {
        let cookie = app.login_cookie(demo.login_id).await;
        let home = app.get("/", Some(&cookie)).await;
        assert_eq!(home.status, StatusCode::OK, "{}", demo.login_id);
        assert!(home.body.contains(demo.name), "home of {} names {}", demo.login_id, demo.name);
        let t = app::i18n::t();
        for cap in demo.role.capabilities() {
            assert!(home.body.contains(t.accounts().capability(*cap).0), "{} lists {:?}", demo.login_id, cap);
        }
    }
    // The ministry administrator sees account administration; a facility does not.
    let facility = app.get("/", Some(&app.login_cookie(HOSPITAL).await)).await;
    assert!(!facility.body.contains("アカウント管理"));
    let admin = app.get("/", Some(&app.login_cookie("DEMADM22").await)).await;
    assert!(admin.body.contains("アカウント管理"));
}

#[tokio::test]
async fn failures_look_the_same_whether_or_not_the_id_exists() {
    let app = TestApp::new().await;
    let wrong_password = app.login(HOSPITAL, "not-the-password-at-all").await;
    let unknown_id = app.login("NXYZ2345", "not-the-password-at-all").await;
    let malformed_id = app.login("", "").await;
    for res in [&wrong_password, &unknown_id, &malformed_id] {
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert_eq!(res.location(), Some("/login?failed=1"));
        assert_eq!(res.session_cookie(), None);
        assert_eq!(res.set_cookies(), wrong_password.set_cookies());
    }
    let page = app.get("/login?failed=1", None).await;
    assert!(page.body.contains(app::i18n::t().login_failed));
    assert_eq!(app.audit_actions().await, ["login.failed", "login.failed", "login.failed"]);
    assert_eq!(session::Entity::find().count(&app.db).await.unwrap(), 0);
}

#[tokio::test]
async fn ten_consecutive_failures_lock_the_account_for_fifteen_minutes() {
    let app = TestApp::new().await;
    for _ in 0..10 {
        app.login(HOSPITAL, "wrong-password-typed-again").await;
    }
    // Locked: even the right password is refused, with the same answer.
    let res = app.login(HOSPITAL, PASSWORD).await;
    assert_eq!(res.location(), Some("/login?failed=1"));
    let actions = app.audit_actions().await;
    assert_eq!(actions.iter().filter(|a| *a == "account.locked").count(), 1);
    assert_eq!(actions.iter().filter(|a| *a == "login.failed").count(), 11);

    // Fifteen minutes later it opens again.
    let mut row = user_row(&app, HOSPITAL).await.into_active_model();
    row.locked_until = Set(Some(Utc::now() - Duration::seconds(1)));
    row.update(&app.db).await.unwrap();
    assert_eq!(app.login(HOSPITAL, PASSWORD).await.location(), Some("/"));
    let after = user_row(&app, HOSPITAL).await;
    assert_eq!((after.failed_logins, after.locked_until), (0, None));
}

#[tokio::test]
async fn wrong_passwords_sent_side_by_side_to_two_instances_each_count_toward_the_lock() {
    // Two instances on one database, each hashing four at a time.
    let one = TestApp::with_env(&[("GMIS_HASH_CONCURRENCY", "4")]).await;
    let two = one.another_instance().await;
    let guesses = (0..10u8).map(|i| {
        let instance = if i % 2 == 0 { &one } else { &two };
        login_from(instance, [198, 51, 100, i], HOSPITAL, "a-guess-sent-in-parallel", "")
    });
    let answers = futures::future::join_all(guesses).await;
    assert!(answers.iter().all(|r| r.location() == Some("/login?failed=1")));
    assert!(user_row(&one, HOSPITAL).await.locked_until.is_some(), "ten guesses at once lock like ten in a row");
    assert_eq!(one.audit_actions().await.iter().filter(|a| *a == "account.locked").count(), 1);
    assert_eq!(two.login(HOSPITAL, PASSWORD).await.location(), Some("/login?failed=1"), "on either instance");
}

#[tokio::test]
async fn a_success_resets_the_failure_count() {
    let app = TestApp::new().await;
    for _ in 0..9 {
        app.login(HOSPITAL, "wrong-password-typed-again").await;
    }
    app.login_cookie(HOSPITAL).await;
    for _ in 0..9 {
        app.login(HOSPITAL, "wrong-password-typed-again").await;
    }
    assert_eq!(app.login(HOSPITAL, PASSWORD).await.location(), Some("/"), "18 failures split by a success do not lock");
}

#[tokio::test]
async fn logout_ends_the_session_and_the_old_cookie_stops_working() {
    let app = TestApp::new().await;
    let cookie = app.login_cookie(HOSPITAL).await;
    let out = app.post_form("/logout", "", Some(&cookie)).await;
    assert_eq!(out.location(), Some("/login?bye=1"));
    assert!(out.set_cookies().iter().any(|c| c.starts_with("gmis_session=;") && c.contains("Max-Age=0")));
    assert_eq!(session::Entity::find().count(&app.db).await.unwrap(), 0);
    let again = app.get("/", Some(&cookie)).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_eq!(again.location(), Some("/login?expired=1"));
    assert!(app.audit_actions().await.contains(&"logout".to_owned()));
}

#[tokio::test]
async fn login_issues_a_new_session_id_and_ends_the_previous_one() {
    let app = TestApp::new().await;
    let first = app.login_cookie(HOSPITAL).await;
    let res = app.post_form("/login", &format!("login_id={HOSPITAL}&password={PASSWORD}"), Some(&first)).await;
    let second = res.session_cookie().expect("new cookie");
    assert_ne!(first, second);
    assert_eq!(app.get("/", Some(&first)).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.get("/", Some(&second)).await.status, StatusCode::OK);
    // Only the hash of the token is stored.
    let token = second.split_once('=').unwrap().1;
    let stored: Vec<String> = session::Entity::find().all(&app.db).await.unwrap().into_iter().map(|s| s.id).collect();
    assert_eq!(stored, [token_hash(token)]);
    assert!(!stored.iter().any(|id| id == token));
}

#[tokio::test]
async fn sessions_end_after_30_idle_minutes_or_12_hours() {
    let app = TestApp::new().await;
    for (created, last_seen) in
        [(Duration::minutes(40), Duration::minutes(31)), (Duration::hours(12), Duration::minutes(1))]
    {
        let cookie = app.login_cookie(HOSPITAL).await;
        let key = token_hash(cookie.split_once('=').unwrap().1);
        let mut s = session::Entity::find_by_id(key.clone()).one(&app.db).await.unwrap().unwrap().into_active_model();
        s.created_at = Set(Utc::now() - created);
        s.last_seen_at = Set(Utc::now() - last_seen);
        s.update(&app.db).await.unwrap();
        let res = app.get("/", Some(&cookie)).await;
        assert_eq!(res.location(), Some("/login?expired=1"));
        assert!(session::Entity::find_by_id(key).one(&app.db).await.unwrap().is_none(), "expired session deleted");
    }
    // A session used within 30 minutes stays, and using it moves its idle clock.
    let cookie = app.login_cookie(HOSPITAL).await;
    let key = token_hash(cookie.split_once('=').unwrap().1);
    let mut s = session::Entity::find_by_id(key.clone()).one(&app.db).await.unwrap().unwrap().into_active_model();
    s.last_seen_at = Set(Utc::now() - Duration::minutes(29));
    s.update(&app.db).await.unwrap();
    assert_eq!(app.get("/", Some(&cookie)).await.status, StatusCode::OK);
    let touched = session::Entity::find_by_id(key).one(&app.db).await.unwrap().unwrap();
    assert!(Utc::now() - touched.last_seen_at < Duration::minutes(1));
}

#[tokio::test]
async fn disabled_and_migrated_accounts_cannot_log_in() {
    let app = TestApp::new().await;
    let cookie = app.login_cookie(HOSPITAL).await;
    let mut row = user_row(&app, HOSPITAL).await.into_active_model();
    row.status = Set(app::domain::jurisdiction::AccountStatus::Disabled);
    row.update(&app.db).await.unwrap();
    assert_eq!(app.get("/", Some(&cookie)).await.location(), Some("/login?expired=1"), "open session ends");
    assert_eq!(app.login(HOSPITAL, PASSWORD).await.location(), Some("/login?failed=1"));

    // A migrated account keeps its ID but its old password never works.
    let mut row = user_row(&app, "DEMCLN22").await.into_active_model();
    row.migrated = Set(true);
    row.update(&app.db).await.unwrap();
    assert_eq!(app.login("DEMCLN22", PASSWORD).await.location(), Some("/login?failed=1"));
}

#[tokio::test]
async fn current_actor_server_function_answers_per_session() {
    let app = TestApp::new().await;
    let anonymous = app.post_form("/api/session/current", "", None).await;
    assert_eq!(anonymous.status, StatusCode::OK);
    assert_eq!(anonymous.body, "null");
    let cookie = app.login_cookie("DEMPRF22").await;
    let me = app.post_form("/api/session/current", "", Some(&cookie)).await;
    let actor: app::domain::roles::Actor = serde_json::from_str(&me.body).expect("actor json");
    assert_eq!(actor.role, app::domain::roles::Role::Prefecture);
    assert!(!me.body.contains("password"), "no secret in the answer");
}

#[tokio::test]
async fn create_admin_refuses_weak_passwords_and_taken_ids() {
    use app::domain::error::AppError;
    use app::server::accounts::create_admin;
    let app = TestApp::new().await;
    let p = &app.state.app.passwords;
    let weak = create_admin(&app.db, p, "ADMN2345", "管理者", "short".into()).await;
    assert!(matches!(weak, Err(AppError::Validation(ref f)) if f.contains_key("password")));
    let taken = create_admin(&app.db, p, "DEMADM22", "管理者", "a sufficiently long passphrase".into()).await;
    assert!(matches!(taken, Err(AppError::Conflict(_))));
    create_admin(&app.db, p, "ADMN2345", "管理者", "a sufficiently long passphrase".into()).await.expect("created");
    let res = app.login("ADMN2345", "a sufficiently long passphrase").await;
    assert_eq!(res.location(), Some("/"));
}

/// A login form post from `ip` carrying `cookies` (e.g. a device cookie).
async fn login_from(app: &TestApp, ip: [u8; 4], login_id: &str, password: &str, cookies: &str) -> common::TestResponse {
    let mut req = http::Request::post("/login")
        .header(http::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin");
    if !cookies.is_empty() {
        req = req.header(http::header::COOKIE, cookies);
    }
    let body = format!("login_id={login_id}&password={password}");
    app.request(common::from_peer(req.body(axum::body::Body::from(body)).unwrap(), ip)).await
}

fn device_of(res: &common::TestResponse) -> String {
    res.set_cookies()
        .into_iter()
        .filter_map(|c| c.split(';').next())
        .find(|nv| nv.starts_with("gmis_device=") && !nv.ends_with('='))
        .expect("a device cookie")
        .to_owned()
}

#[tokio::test]
async fn guessing_from_elsewhere_does_not_lock_the_real_user_out_of_their_own_browser() {
    let app = TestApp::new().await;
    let office = [203, 0, 113, 10];
    // The clinic's usual browser has signed in before: it holds a device cookie.
    let first = login_from(&app, office, "DEMCLN22", PASSWORD, "").await;
    assert_eq!(first.location(), Some("/"));
    let device = device_of(&first);

    // Someone elsewhere guesses until the account locks.
    let attacker = [198, 51, 100, 66];
    for _ in 0..10 {
        login_from(&app, attacker, "DEMCLN22", "guessing-the-password-now", "").await;
    }
    assert!(user_row(&app, "DEMCLN22").await.locked_until.is_some(), "locked after ten failures");
    let res = login_from(&app, attacker, "DEMCLN22", PASSWORD, "").await;
    assert_eq!(res.location(), Some("/login?failed=1"), "even the right password, without the device");

    // The clinic's own browser still signs in, and that clears the lock.
    let res = login_from(&app, office, "DEMCLN22", PASSWORD, &device).await;
    assert_eq!(res.location(), Some("/"), "a known device passes the lock");
    assert!(!res.set_cookies().iter().any(|c| c.starts_with("gmis_device=")), "its device is kept, not renewed");
    assert_eq!(user_row(&app, "DEMCLN22").await.locked_until, None);
    // Another account's device cookie is no key to this one.
    for _ in 0..10 {
        login_from(&app, attacker, "DEMHSP22", "guessing-the-password-now", "").await;
    }
    assert_eq!(login_from(&app, office, HOSPITAL, PASSWORD, &device).await.location(), Some("/login?failed=1"));
}

#[tokio::test]
async fn an_address_sending_many_wrong_passwords_gets_429_while_others_sign_in() {
    let app = TestApp::with_env(&[("GMIS_LOGIN_IP_FAILURES", "5")]).await;
    let spray = [198, 51, 100, 7];
    for id in ["DEMHSP22", "DEMCLN22", "DEMAGG22", "NOSUCH23", "DEMCTR22"] {
        assert_eq!(login_from(&app, spray, id, "not-the-right-one", "").await.location(), Some("/login?failed=1"));
    }
    let res = login_from(&app, spray, "DEMPRF22", PASSWORD, "").await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS, "refused before the password is checked");
    let retry: u64 = res.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=900).contains(&retry), "{retry}");
    assert!(res.body.contains(app::i18n::t().error_too_many_requests));
    let csp = res.header("content-security-policy").unwrap();
    assert!(
        csp.contains("default-src 'none'") && csp.contains("style-src 'unsafe-inline'"),
        "its own style, no script: {csp}"
    );
    assert!(!res.body.contains("<script"));
    assert!(res.session_cookie().is_none());
    assert_eq!(login_from(&app, [203, 0, 113, 99], "DEMPRF22", PASSWORD, "").await.location(), Some("/"));
    // No account reached its lock from five addresses' worth of one failure each.
    assert_eq!(user_row(&app, "DEMHSP22").await.failed_logins, 1);
}

/// A wrong login through the balancer at 10.0.0.5 for `client`.
async fn forwarded(app: &TestApp, client: &str) -> common::TestResponse {
    let req = http::Request::post("/login")
        .header(http::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .header("x-forwarded-for", client)
        .body(axum::body::Body::from("login_id=DEMHSP22&password=wrong-password-here"))
        .unwrap();
    app.request(common::from_peer(req, [10, 0, 0, 5])).await
}

#[tokio::test]
async fn forwarded_addresses_count_only_behind_a_trusted_proxy() {
    // Behind the balancer at 10.0.0.5, each client is counted by itself.
    let app = TestApp::with_env(&[("GMIS_LOGIN_IP_FAILURES", "5"), ("GMIS_TRUSTED_PROXIES", "10.0.0.0/8")]).await;
    for _ in 0..5 {
        forwarded(&app, "203.0.113.1").await;
    }
    assert_eq!(forwarded(&app, "203.0.113.1").await.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(forwarded(&app, "203.0.113.2").await.status, StatusCode::SEE_OTHER);
    let ips: Vec<Option<String>> = app::server::entities::audit_log::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.ip)
        .collect();
    assert!(ips.contains(&Some("203.0.113.2".to_owned())), "the audit log names the client, not the balancer");

    // Not trusted: the header is the client's own claim and changes nothing.
    let app = TestApp::with_env(&[("GMIS_LOGIN_IP_FAILURES", "5")]).await;
    for client in ["1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4", "5.5.5.5"] {
        forwarded(&app, client).await;
    }
    assert_eq!(forwarded(&app, "6.6.6.6").await.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn wrong_current_passwords_on_the_change_form_count_toward_the_lock() {
    let app = TestApp::new().await;
    let cookie = app.login_cookie(HOSPITAL).await;
    for _ in 0..10 {
        let form =
            "current=not-my-password-at-all&password=a-brand-new-pass-phrase&confirmation=a-brand-new-pass-phrase";
        let res = app.post_form("/account/password", form, Some(&cookie)).await;
        assert_eq!(res.location(), Some("/account?error=current"));
    }
    let row = user_row(&app, HOSPITAL).await;
    assert!(row.locked_until.is_some(), "locked like ten failed logins");
    assert_eq!(session::Entity::find().count(&app.db).await.unwrap(), 0, "and its sessions ended");
    assert_eq!(app.login(HOSPITAL, PASSWORD).await.location(), Some("/login?failed=1"));
    let actions = app.audit_actions().await;
    assert_eq!(actions.iter().filter(|a| *a == "account.locked").count(), 1);
}

#[tokio::test]
async fn a_login_flood_beyond_the_queue_is_answered_429_at_once() {
    let app = TestApp::with_env(&[("GMIS_HASH_CONCURRENCY", "1"), ("GMIS_LOGIN_QUEUE", "0")]).await;
    let office = [203, 0, 113, 1];
    let device = device_of(&login_from(&app, office, "DEMCLN22", PASSWORD, "").await);
    let attempts = (0..8u8).map(|i| login_from(&app, [198, 51, 100, i], "DEMHSP22", "flooding-wrong-password", ""));
    // The clinic's own browser signs in in the middle of the flood.
    let own = login_from(&app, office, "DEMCLN22", PASSWORD, &device);
    let (answers, own) = futures::future::join(futures::future::join_all(attempts), own).await;
    let busy = answers.iter().filter(|r| r.status == StatusCode::TOO_MANY_REQUESTS).count();
    assert!(busy >= 1, "with no queue, attempts beyond the one hashing are refused");
    assert!(answers.iter().all(|r| r.status.as_u16() < 500));
    assert!(
        answers.iter().filter(|r| r.status == StatusCode::TOO_MANY_REQUESTS).all(|r| r.header("retry-after").is_some())
    );
    assert_eq!(own.location(), Some("/"), "a known browser waits for its turn instead of being refused");
}

#[tokio::test]
async fn right_passwords_sign_in_while_wrong_ones_are_being_written() {
    // Hashes run side by side, so the successes' writes meet the failures'.
    let app = TestApp::with_env(&[("GMIS_HASH_CONCURRENCY", "4")]).await;
    let accounts = ["DEMCLN22", "DEMAGG22", "DEMCTR22", "DEMPRF22", "DEMHLP22", "DEMADM22"];
    for round in 0..3u8 {
        let wrong =
            (0..6u8).map(|i| login_from(&app, [198, 51, 100, round * 10 + i], HOSPITAL, "a-wrong-password", ""));
        let right = accounts.iter().enumerate().map(|(i, id)| {
            let office = [203, 0, 113, u8::try_from(i).unwrap()];
            login_from(&app, office, id, PASSWORD, "")
        });
        let (wrong, right) =
            futures::future::join(futures::future::join_all(wrong), futures::future::join_all(right)).await;
        for (id, res) in accounts.iter().zip(&right) {
            assert_eq!(res.location(), Some("/"), "{id} signs in with its right password (round {round})");
        }
        assert!(wrong.iter().all(|r| r.location() == Some("/login?failed=1")), "and the wrong ones are refused");
    }
}
