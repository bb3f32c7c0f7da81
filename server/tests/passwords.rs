//! Password links and the mail outbox: "forgot password" on the HTTP path,
//! setting a password once through a mailed link, expiry and replacement,
//! migrated accounts, and the outbox worker against a real SMTP server
//! (aiosmtpd) that is down, then up.

// Test helpers outside #[test] functions fail loudly on purpose.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use app::domain::tokens::TokenPurpose;
use app::server::entities::{mail, password_token, user};
use app::server::mail::{Mailer, SERVER_RETRY, SmtpSecurity, SmtpSettings, deliver_due};
use app::server::password_links::issue_link;
use chrono::{Duration, Utc};
use common::{HOSPITAL, PASSWORD, TestApp};
use http::StatusCode;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use std::path::PathBuf;

const NEW_PASSWORD: &str = "ひまわり畑を歩いた長い夏の朝のこと";

fn temp_dir(name: &str) -> PathBuf {
    std::env::temp_dir().join("gmis-tests").join(format!("{name}-{}", uuid::Uuid::new_v4().simple()))
}

async fn mails(app: &TestApp) -> Vec<mail::Model> {
    mail::Entity::find().order_by_asc(mail::Column::Id).all(&app.db).await.unwrap()
}

/// The token in the newest mail's link.
async fn token_from_last_mail(app: &TestApp) -> String {
    let body = mails(app).await.pop().expect("a mail").body;
    let start = body.find("/password/set?token=").expect("link in mail") + "/password/set?token=".len();
    body[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_')).collect()
}

async fn set_password(app: &TestApp, token: &str, password: &str, confirmation: &str) -> Option<String> {
    let form = format!("token={token}&password={}&confirmation={}", urlencode(password), urlencode(confirmation));
    app.post_form("/password/set", &form, None).await.location().map(str::to_owned)
}

fn urlencode(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

#[tokio::test]
async fn forgot_password_mails_a_link_that_sets_the_password_once() {
    let app = TestApp::with_env(&[("GMIS_PUBLIC_URL", "https://gmis.example.go.jp")]).await;
    let res = app.post_form("/password/forgot", &format!("login_id={HOSPITAL}"), None).await;
    assert_eq!(res.location(), Some("/password/forgot?sent=1"));
    let outbox = mails(&app).await;
    assert_eq!(outbox.len(), 1);
    assert_eq!(outbox[0].to_address, "demhsp22@demo.gmis.example");
    assert!(outbox[0].body.contains(HOSPITAL));
    assert!(outbox[0].body.contains("https://gmis.example.go.jp/password/set?token="), "link from the configured URL");
    let token = token_from_last_mail(&app).await;

    let page = app.get(&format!("/password/set?token={token}"), None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.header("referrer-policy"), Some("no-referrer"));
    assert!(page.body.contains(HOSPITAL), "the page names the account");

    // Refusals change nothing: the old password still works.
    let mismatch = set_password(&app, &token, NEW_PASSWORD, "something else entirely").await;
    assert!(mismatch.unwrap().ends_with("&error=mismatch"));
    let short = set_password(&app, &token, "short", "short").await;
    assert!(short.unwrap().ends_with("&error=too_short"));
    let context = format!("{HOSPITAL}-is-my-password");
    assert!(set_password(&app, &token, &context, &context).await.unwrap().ends_with("&error=context"));
    assert_eq!(app.login(HOSPITAL, PASSWORD).await.location(), Some("/"));

    // A good password: back to login, not logged in, every session ended.
    let before = app.login_cookie(HOSPITAL).await;
    let form = format!("token={token}&password={0}&confirmation={0}", urlencode(NEW_PASSWORD));
    let done = app.post_form("/password/set", &form, None).await;
    assert_eq!(done.location(), Some("/login?password_set=1"));
    assert!(done.session_cookie().is_none(), "no automatic login");
    assert_eq!(app.get("/", Some(&before)).await.status, StatusCode::SEE_OTHER, "old sessions end");
    assert_eq!(app.login(HOSPITAL, PASSWORD).await.location(), Some("/login?failed=1"));
    assert_eq!(app.login(HOSPITAL, &urlencode(NEW_PASSWORD)).await.location(), Some("/"));

    // The link is spent.
    assert!(
        set_password(&app, &token, "another long pass phrase", "another long pass phrase")
            .await
            .unwrap()
            .ends_with("&error=invalid")
    );
    assert!(
        app.get(&format!("/password/set?token={token}"), None)
            .await
            .body
            .contains(app::i18n::t().accounts().password_link_invalid)
    );
    assert!(app.audit_actions().await.contains(&"password.set".to_owned()));
}

#[tokio::test]
async fn forgot_password_answers_the_same_for_unknown_ids_and_is_rate_limited() {
    let app = TestApp::new().await;
    for id in ["NXYZ2345", "", "DEMHSP22", "DEMHSP22", "DEMHSP22", "DEMHSP22", "DEMHSP22"] {
        let res = app.post_form("/password/forgot", &format!("login_id={id}"), None).await;
        assert_eq!(res.location(), Some("/password/forgot?sent=1"), "{id:?}");
    }
    assert_eq!(mails(&app).await.len(), 3, "three reset mails an hour, then silence");
    let actions = app.audit_actions().await;
    assert_eq!(actions.iter().filter(|a| *a == "password.reset_throttled").count(), 2);
}

#[tokio::test]
async fn a_newer_link_voids_older_ones_and_links_expire() {
    let app = TestApp::new().await;
    app.post_form("/password/forgot", &format!("login_id={HOSPITAL}"), None).await;
    let first = token_from_last_mail(&app).await;
    app.post_form("/password/forgot", &format!("login_id={HOSPITAL}"), None).await;
    let second = token_from_last_mail(&app).await;
    assert_ne!(first, second);
    let p = "a long and different pass phrase";
    assert!(set_password(&app, &first, p, p).await.unwrap().ends_with("&error=invalid"), "replaced link");

    let mut row = password_token::Entity::find()
        .order_by_desc(password_token::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    row.expires_at = Set(Utc::now() - Duration::seconds(1));
    row.update(&app.db).await.unwrap();
    assert!(set_password(&app, &second, p, p).await.unwrap().ends_with("&error=invalid"), "expired link");
    assert_eq!(app.login(HOSPITAL, PASSWORD).await.location(), Some("/"), "nothing changed");
}

#[tokio::test]
async fn a_migrated_account_logs_in_only_after_setting_a_new_password() {
    let app = TestApp::new().await;
    let account =
        user::Entity::find().filter(user::Column::LoginId.eq("DEMCLN22")).one(&app.db).await.unwrap().unwrap();
    let mut migrated = account.clone().into_active_model();
    migrated.migrated = Set(true);
    let account = migrated.update(&app.db).await.unwrap();
    issue_link(&app.db, &account, TokenPurpose::Issue, "http://127.0.0.1:3000").await.unwrap();
    let mail = mails(&app).await.pop().unwrap();
    assert!(mail.body.contains("DEMCLN22") && mail.body.contains("まで、1回だけ使えます"));

    // The password it had in the previous system never works.
    assert_eq!(app.login("DEMCLN22", PASSWORD).await.location(), Some("/login?failed=1"));
    let token = token_from_last_mail(&app).await;
    assert_eq!(set_password(&app, &token, NEW_PASSWORD, NEW_PASSWORD).await.as_deref(), Some("/login?password_set=1"));
    assert_eq!(app.login("DEMCLN22", &urlencode(NEW_PASSWORD)).await.location(), Some("/"));
    assert_eq!(app.login("DEMCLN22", PASSWORD).await.location(), Some("/login?failed=1"));
}

#[tokio::test]
async fn the_file_mailer_writes_each_mail_once_as_eml() {
    let app = TestApp::new().await;
    app.post_form("/password/forgot", &format!("login_id={HOSPITAL}"), None).await;
    let dir = temp_dir("outbox");
    let mailer = Mailer::files(dir.clone(), "G-MIS <noreply@gmis.example.jp>".parse().unwrap()).unwrap();
    assert_eq!(deliver_due(&app.db, &mailer, Utc::now()).await.unwrap().sent, 1);
    assert_eq!(deliver_due(&app.db, &mailer, Utc::now() + Duration::hours(2)).await.unwrap().sent, 0);
    let files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(files.len(), 1);
    assert!(files[0].extension().is_some_and(|e| e == "eml"));
    let eml = std::fs::read_to_string(&files[0]).unwrap();
    assert!(eml.contains("To: demhsp22@demo.gmis.example"));
    assert!(eml.contains("Message-ID: <outbox-1@gmis>"));
}

#[tokio::test]
async fn an_smtp_outage_delays_mail_and_every_mail_arrives_exactly_once() {
    let app = TestApp::new().await;
    for id in ["DEMHSP22", "DEMCLN22", "DEMPRF22"] {
        app.post_form("/password/forgot", &format!("login_id={id}"), None).await;
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let settings =
        SmtpSettings { host: "127.0.0.1".into(), port, security: SmtpSecurity::None, username: None, password: None };
    let mailer = Mailer::smtp(&settings, "G-MIS <noreply@gmis.example.jp>".parse().unwrap()).unwrap();

    // Down for ten minutes, a pass every 30 s: each pass tries one mail and
    // stops; nothing is lost, and no mail's wait grows with the outage.
    let now = Utc::now();
    let down = deliver_due(&app.db, &mailer, now).await.unwrap();
    assert_eq!((down.sent, down.failed), (0, 1), "the pass stops at the unreachable server");
    let tried: Vec<i32> = mails(&app).await.iter().map(|m| m.attempts).collect();
    assert_eq!(tried, [1, 0, 0], "the other mails are left as they were");
    let mut at = now;
    for _ in 0..20 {
        at += Duration::seconds(30);
        assert_eq!(deliver_due(&app.db, &mailer, at).await.unwrap().failed, 1);
    }
    let waiting = mails(&app).await;
    assert!(waiting.iter().all(|m| m.sent_at.is_none() && m.next_attempt_at <= at + SERVER_RETRY));
    assert!(waiting.iter().all(|m| m.last_error.is_some()), "each was tried while the server was down");

    // Up: the next pass sends every mail that is due, the rest within SERVER_RETRY, then nothing more.
    let maildir = temp_dir("maildir");
    let _smtp = common::SmtpServer::start(port, &maildir);
    let first = deliver_due(&app.db, &mailer, at).await.unwrap();
    assert_eq!(first.failed, 0);
    let rest = deliver_due(&app.db, &mailer, at + SERVER_RETRY).await.unwrap();
    assert_eq!(first.sent + rest.sent, 3);
    assert_eq!(deliver_due(&app.db, &mailer, at + Duration::hours(2)).await.unwrap().sent, 0);
    assert_eq!(mail::Entity::find().filter(mail::Column::SentAt.is_null()).count(&app.db).await.unwrap(), 0);
    let received = common::SmtpServer::received(&maildir);
    assert_eq!(received.len(), 3, "each mail exactly once");
    for id in ["demhsp22", "demcln22", "demprf22"] {
        assert_eq!(received.iter().filter(|m| m.contains(&format!("{id}@demo.gmis.example"))).count(), 1, "{id}");
    }
}
