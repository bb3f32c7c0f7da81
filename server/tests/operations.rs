//! What an operator and a load balancer rely on (SPEC §10): `/readyz`
//! tells whether to send an instance requests, SIGTERM drains it first, and
//! the log can be read by a collector as JSON lines.

// Test helpers outside #[test] functions fail loudly on purpose.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::TestApp;
use http::StatusCode;
use migration::MigratorTrait;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

#[tokio::test]
async fn readyz_is_ready_and_says_no_while_draining_or_behind_on_migrations() {
    let app = TestApp::new().await;
    let ready = app.get("/readyz", None).await;
    assert_eq!((ready.status, ready.body.as_str()), (StatusCode::OK, "ready"), "no login needed");

    app.state.draining.store(true, std::sync::atomic::Ordering::Relaxed);
    let draining = app.get("/readyz", None).await;
    assert_eq!((draining.status, draining.body.as_str()), (StatusCode::SERVICE_UNAVAILABLE, "draining"));
    assert_eq!(app.get("/healthz", None).await.status, StatusCode::OK, "still alive while draining");
    app.state.draining.store(false, std::sync::atomic::Ordering::Relaxed);

    // A database one migration behind this build (an instance started
    // before `migrate` ran) is not ready; once migrated it is.
    migration::Migrator::down(&app.db, Some(1)).await.unwrap();
    let behind = app.get("/readyz", None).await;
    assert_eq!((behind.status, behind.body.as_str()), (StatusCode::SERVICE_UNAVAILABLE, "migrations pending"));
    migration::Migrator::up(&app.db, None).await.unwrap();
    assert_eq!(app.get("/readyz", None).await.status, StatusCode::OK);
}

#[tokio::test]
async fn an_exhausted_database_pool_answers_503_with_retry_after_instead_of_queueing() {
    use sea_orm::TransactionTrait;
    let app = TestApp::with_env(&[("GMIS_DB_POOL_SIZE", "1"), ("GMIS_DB_WAIT_MS", "300")]).await;
    let cookie = app.login_cookie(common::HOSPITAL).await;
    // Something holds the pool's only connection for longer than the wait.
    let held = app.db.begin().await.unwrap();
    let started = Instant::now();
    let page = app.get("/", Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(started.elapsed() < Duration::from_secs(3), "answered after the wait, not queued: {:?}", started.elapsed());
    assert_eq!(page.header("retry-after"), Some("5"));
    assert!(page.body.contains(app::i18n::t().error_unavailable), "the page says to try again shortly");
    // The app's server functions get the error they decode (a report being
    // sent stays a draft and is sent again).
    let call = app.post_json("/api/session/current", &serde_json::json!({}), Some(&cookie)).await;
    assert_eq!(call.status, StatusCode::SERVICE_UNAVAILABLE);
    let decoded: app::domain::error::AppError = serde_json::from_str(&call.body).unwrap();
    assert_eq!(decoded, app::domain::error::AppError::Unavailable);
    held.rollback().await.unwrap();
    assert_eq!(app.get("/", Some(&cookie)).await.status, StatusCode::OK, "served again once a connection is free");
}

#[tokio::test]
async fn a_database_session_ended_by_the_server_is_unavailable_not_an_internal_error() {
    use sea_orm::{ConnectionTrait, Statement};
    let app = TestApp::new().await;
    // PostgreSQL ends sessions on a restart or shutdown (SQLite has no server to do so).
    if app.db.get_database_backend() != sea_orm::DbBackend::Postgres {
        return;
    }
    let db = app.db.clone();
    let long = tokio::spawn(async move { db.execute_unprepared("SELECT pg_sleep(30)").await });
    let ended = async {
        loop {
            let ended = app
                .db
                .query_one_raw(Statement::from_string(
                    sea_orm::DbBackend::Postgres,
                    "SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity \
                     WHERE query = 'SELECT pg_sleep(30)' AND pid <> pg_backend_pid()",
                ))
                .await
                .unwrap()
                .unwrap();
            if ended.try_get::<i64>("", "n").unwrap() > 0 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    tokio::time::timeout(Duration::from_secs(10), ended).await.expect("the long query started");
    let err = long.await.unwrap().expect_err("the session was ended");
    assert_eq!(app::server::errors::db_error(err, None), app::domain::error::AppError::Unavailable);
}

/// `gmis serve` on this test's database, on a free port.
fn serve(app: &TestApp, extra: &[(&str, &str)]) -> (Child, u16) {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let outbox = std::env::temp_dir().join("gmis-tests").join(format!("outbox-{port}"));
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gmis"));
    cmd.arg("serve")
        .env("DATABASE_URL", &app.state.config.database_url)
        .env("GMIS_LISTEN", format!("127.0.0.1:{port}"))
        .env("GMIS_OUTBOX_DIR", outbox)
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    for (k, v) in extra {
        cmd.env(k, v);
    }
    (cmd.spawn().expect("gmis serve runs"), port)
}

/// The status and body of `GET path`, or `None` when nothing answers.
async fn status_of(port: u16, path: &str) -> Option<(u16, String)> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(("127.0.0.1", port)).await.ok()?;
    s.write_all(format!("GET {path} HTTP/1.1\r\nHost: gmis\r\nConnection: close\r\n\r\n").as_bytes()).await.ok()?;
    let mut out = String::new();
    tokio::time::timeout(Duration::from_secs(10), s.read_to_string(&mut out)).await.ok()?.ok()?;
    let status = out.get(9..12)?.parse().ok()?;
    let body = out.split_once("\r\n\r\n")?.1.to_owned();
    Some((status, body))
}

#[tokio::test]
async fn sigterm_drains_first_then_the_instance_exits_cleanly() {
    let app = TestApp::new().await;
    let (mut child, port) = serve(&app, &[("GMIS_DRAIN_SECS", "3")]);
    let deadline = Instant::now() + Duration::from_secs(60);
    while status_of(port, "/readyz").await != Some((200, "ready".to_owned())) {
        assert!(Instant::now() < deadline, "gmis did not become ready");
        assert!(child.try_wait().unwrap().is_none(), "gmis ended early");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    let term = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(term.success());
    let signalled = Instant::now();
    // During the drain period the instance still serves, but tells the load
    // balancer to go elsewhere.
    let mut saw_draining = false;
    while signalled.elapsed() < Duration::from_secs(2) {
        if status_of(port, "/readyz").await == Some((503, "draining".to_owned())) {
            saw_draining = true;
            assert_eq!(status_of(port, "/healthz").await.map(|s| s.0), Some(200), "requests are still answered");
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(saw_draining, "/readyz answered 503 draining after SIGTERM");
    // Then it stops accepting and exits on its own, successfully.
    let exit = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(signalled.elapsed() < Duration::from_secs(30), "gmis did not exit after the drain");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(signalled.elapsed() >= Duration::from_secs(3), "it served out the drain period");
    assert!(exit.success(), "{exit:?}");
    assert!(status_of(port, "/healthz").await.is_none(), "nothing listens any more");
}

#[tokio::test]
async fn logs_are_json_lines_on_request_and_a_bad_format_is_refused() {
    let app = TestApp::new().await;
    let run = |format: &str| {
        Command::new(env!("CARGO_BIN_EXE_gmis"))
            .args(["maintenance", "list"])
            .env("DATABASE_URL", &app.state.config.database_url)
            .env("GMIS_LOG_FORMAT", format)
            // A drill's shifted clock is logged as a warning at start.
            .env("GMIS_CLOCK_OFFSET_SECONDS", "3600")
            .env("RUST_LOG", "info")
            .output()
            .unwrap()
    };
    let json = run("json");
    assert!(json.status.success(), "{}", String::from_utf8_lossy(&json.stderr));
    // The log is on standard error, every line a JSON object; standard
    // output carries only the command's answer.
    let stderr = String::from_utf8_lossy(&json.stderr);
    let lines: Vec<serde_json::Value> = stderr.lines().map(|l| serde_json::from_str(l).expect(l)).collect();
    assert!(!lines.is_empty(), "log lines expected");
    assert!(!String::from_utf8_lossy(&json.stdout).contains("offset_seconds"), "no log line on standard output");
    for line in &lines {
        assert!(line["timestamp"].is_string() && line["level"].is_string(), "{line}");
        assert!(line["fields"]["message"].is_string(), "{line}");
    }
    assert!(
        lines.iter().any(|l| l["level"] == "WARN" && l["fields"]["offset_seconds"] == 3600),
        "the shifted clock is in the log:\n{stderr}"
    );

    let bad = run("xml");
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("GMIS_LOG_FORMAT が不正です"));
}

#[tokio::test]
async fn two_outbox_workers_send_each_mail_once_even_when_an_instance_is_killed_mid_send() {
    use app::server::entities::mail;
    use app::server::mail::{CLAIM, Mailer, OutgoingMail, SmtpSecurity, SmtpSettings, deliver_due, enqueue};
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let app = TestApp::new().await;
    let queued = 30;
    for i in 0..queued {
        let mail = OutgoingMail {
            to: format!("unit{i}@demo.gmis.example"),
            subject: format!("お知らせ {i}"),
            body: "本文".to_owned(),
        };
        enqueue(&app.db, mail).await.unwrap();
    }
    // A mail server that takes the connection and never greets: the first
    // instance's worker claims a mail and hangs in the middle of sending it.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let silent_port = silent.local_addr().unwrap().port().to_string();
    let smtp_env = [("GMIS_SMTP_HOST", "127.0.0.1"), ("GMIS_SMTP_SECURITY", "none")];
    let (mut doomed, _) = serve(&app, &[smtp_env[0], smtp_env[1], ("GMIS_SMTP_PORT", silent_port.as_str())]);
    let deadline = Instant::now() + Duration::from_secs(60);
    let held = loop {
        let claimed = mail::Entity::find().filter(mail::Column::ClaimedUntil.is_not_null()).all(&app.db).await.unwrap();
        if let [one] = claimed.as_slice() {
            break one.clone();
        }
        assert!(claimed.is_empty(), "one mail at a time is claimed");
        assert!(Instant::now() < deadline, "the instance never claimed a mail");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    doomed.kill().unwrap(); // SIGKILL: no drain, no pass finished
    doomed.wait().unwrap();
    drop(silent);
    // The instance may have queued mails of its own before it died (the
    // reminders of the day): every mail in the outbox counts.
    let total = usize::try_from(mail::Entity::find().count(&app.db).await.unwrap()).unwrap();
    assert!(total >= queued);

    // Two instances' workers on their own connections, with a real mail server.
    let other = app.another_instance().await;
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let maildir = std::env::temp_dir().join("gmis-tests").join(format!("maildir-{}", uuid::Uuid::new_v4().simple()));
    let _smtp = common::SmtpServer::start(port, &maildir);
    let settings =
        SmtpSettings { host: "127.0.0.1".into(), port, security: SmtpSecurity::None, username: None, password: None };
    let mailer = Mailer::smtp(&settings, "G-MIS <noreply@gmis.example.jp>".parse().unwrap()).unwrap();
    let now = chrono::Utc::now();
    let (a, b) = tokio::join!(deliver_due(&app.db, &mailer, now), deliver_due(&other.db, &mailer, now));
    assert_eq!(a.unwrap().sent + b.unwrap().sent, total - 1, "all but the mail the killed instance held");
    let row = mail::Entity::find_by_id(held.id).one(&app.db).await.unwrap().unwrap();
    assert!(row.sent_at.is_none(), "its claim holds until the lease runs out");
    // Once the lease has run out, one of them takes it over.
    let later = now + CLAIM + chrono::Duration::seconds(1);
    let (a, b) = tokio::join!(deliver_due(&app.db, &mailer, later), deliver_due(&other.db, &mailer, later));
    assert_eq!(a.unwrap().sent + b.unwrap().sent, 1);
    let unsent = mail::Entity::find().filter(mail::Column::SentAt.is_null()).all(&app.db).await.unwrap();
    assert!(unsent.is_empty(), "nothing left behind");

    let mut ids: Vec<String> = common::SmtpServer::received(&maildir)
        .iter()
        .filter_map(|m| m.lines().find(|l| l.starts_with("Message-ID:")).map(str::to_owned))
        .collect();
    assert_eq!(ids.len(), total, "as many mails arrived as were queued");
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), total, "each mail exactly once");
}
