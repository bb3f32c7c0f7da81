#![allow(clippy::expect_used, clippy::unwrap_used)]
//! What an operator's Prometheus scrapes (SPEC §10): `GET /metrics` on the
//! metrics listener only, requests counted under the route they matched
//! (never a path with an id in it), reports saved, the mail outbox's backlog
//! and the database pool — and a scrape that still answers when the outbox
//! query fails.

mod common;

use axum::body::Body;
use common::TestApp;
use http::{Request, StatusCode};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tower::ServiceExt;

/// One sample line of the text format: `name{label="value",…} value`.
#[derive(Debug)]
struct Sample {
    name: String,
    labels: BTreeMap<String, String>,
    value: f64,
}

/// Parses an OpenMetrics text exposition, failing the test on anything it
/// does not follow: every sample belongs to a family declared by a `# TYPE`
/// line before it, and the exposition ends with `# EOF`.
fn parse(text: &str) -> Vec<Sample> {
    let mut lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.pop(), Some("# EOF"), "the exposition ends with # EOF:\n{text}");
    let mut families: Vec<(String, String)> = Vec::new();
    let mut samples = Vec::new();
    for line in lines {
        if let Some(rest) = line.strip_prefix("# ") {
            let mut words = rest.splitn(3, ' ');
            let (kind, name) = (words.next().unwrap(), words.next().expect(line));
            assert!(["HELP", "TYPE", "UNIT"].contains(&kind), "{line}");
            if kind == "TYPE" {
                families.push((name.to_owned(), words.next().expect(line).to_owned()));
            }
            continue;
        }
        let (series, value) = line.rsplit_once(' ').expect(line);
        let value: f64 = value.parse().expect(line);
        let (name, labels) = match series.split_once('{') {
            None => (series.to_owned(), BTreeMap::new()),
            Some((name, rest)) => (name.to_owned(), parse_labels(rest.strip_suffix('}').expect(line))),
        };
        let (_, kind) = families
            .iter()
            .rev()
            .find(|(family, _)| name.starts_with(family.as_str()))
            .unwrap_or_else(|| panic!("sample of no declared family: {line}"));
        let suffixes: &[&str] = match kind.as_str() {
            "counter" => &["_total", "_created"],
            "histogram" => &["_bucket", "_sum", "_count", "_created"],
            "gauge" => &[""],
            other => panic!("unexpected type {other}: {line}"),
        };
        assert!(suffixes.iter().any(|s| families.iter().any(|(f, _)| name == format!("{f}{s}"))), "{line}");
        samples.push(Sample { name, labels, value });
    }
    samples
}

/// `k="v",k2="v2"` with the format's escapes (`\\`, `\"`, `\n`).
fn parse_labels(text: &str) -> BTreeMap<String, String> {
    let mut labels = BTreeMap::new();
    let mut chars = text.chars().peekable();
    while chars.peek().is_some() {
        let key: String = chars.by_ref().take_while(|c| *c != '=').collect();
        assert_eq!(chars.next(), Some('"'), "a quoted value after {key}= in {text}");
        let mut value = String::new();
        loop {
            match chars.next().expect(text) {
                '"' => break,
                '\\' => value.push(match chars.next().expect(text) {
                    'n' => '\n',
                    c => c,
                }),
                c => value.push(c),
            }
        }
        assert!(labels.insert(key, value).is_none(), "a label twice in {text}");
        if chars.peek() == Some(&',') {
            chars.next();
        }
    }
    labels
}

/// The value of the sample `name` with exactly `labels`, if present.
fn value(samples: &[Sample], name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    let wanted: BTreeMap<String, String> = labels.iter().map(|(k, v)| ((*k).into(), (*v).into())).collect();
    samples.iter().find(|s| s.name == name && s.labels == wanted).map(|s| s.value)
}

async fn scrape(app: &TestApp) -> Vec<Sample> {
    let req = Request::get("/metrics").body(Body::empty()).unwrap();
    let res = server::metrics::router(app.state.clone()).oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[http::header::CONTENT_TYPE], server::metrics::CONTENT_TYPE);
    let body = http_body_util::BodyExt::collect(res.into_body()).await.unwrap().to_bytes();
    parse(std::str::from_utf8(&body).unwrap())
}

fn report(day: chrono::NaiveDate, submission: &str) -> Value {
    json!({ "input": {
        "survey": "hospital_daily", "unit": { "Facility": 1 }, "day": day, "submission_id": submission,
        "base_revision": null, "nothing_to_report": false, "reason": "",
        "values": {
            "outpatient_status": "normal", "inpatient_status": "normal", "emergency_status": "limited",
            "staffing": "short", "covid_inpatients": "12", "covid_severe": "3", "ventilators_in_use": "2",
            "ventilators_owned": "10", "ecmo_in_use": "0", "ecmo_owned": "1", "secured_beds": "40", "beds_in_use": "12"
        }
    }})
}

#[tokio::test]
async fn a_scrape_counts_requests_by_route_reports_saved_and_mails_waiting() {
    let app = TestApp::new().await;
    let before = scrape(&app).await;
    assert_eq!(value(&before, "gmis_reports_saved_total", &[]), Some(0.0));
    assert_eq!(value(&before, "gmis_outbox_backlog", &[]), Some(0.0));
    assert_eq!(value(&before, "gmis_outbox_oldest_age_seconds", &[]), Some(0.0), "0 while nothing waits");

    for _ in 0..3 {
        assert_eq!(app.get("/login", None).await.status, StatusCode::OK);
    }
    assert_eq!(app.get("/pkg/missing-424242.js", None).await.status, StatusCode::NOT_FOUND);
    let clerk = app.login_cookie(common::HOSPITAL).await;
    assert_eq!(app.get("/no-such-page/424242", Some(&clerk)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/attachments/737373", Some(&clerk)).await.status, StatusCode::FORBIDDEN);
    // Two reports saved; the repeat of the first submission saves nothing.
    let first = uuid::Uuid::new_v4().to_string();
    let yesterday = app.today().pred_opt().unwrap();
    let second = uuid::Uuid::new_v4().to_string();
    for (day, submission) in [(app.today(), &first), (app.today(), &first), (yesterday, &second)] {
        let res = app.post_json("/api/reports/submit", &report(day, submission), Some(&clerk)).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
    // Each "forgot password" queues one mail (nothing sends them in tests).
    for _ in 0..2 {
        let res = app.post_form("/password/forgot", &format!("login_id={}", common::HOSPITAL), None).await;
        assert_eq!(res.location(), Some("/password/forgot?sent=1"));
    }
    // Not on the public listener: an unknown page there, as for any other
    // address (anonymous users are sent to the login first).
    assert_eq!(app.get("/metrics", Some(&clerk)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/metrics", None).await.location(), Some("/login"));

    let after = scrape(&app).await;
    let requests = |method, route, status| {
        let labels = [("method", method), ("route", route), ("status", status)];
        value(&after, "gmis_http_requests_total", &labels).unwrap_or(0.0)
            - value(&before, "gmis_http_requests_total", &labels).unwrap_or(0.0)
    };
    assert_eq!(requests("GET", "/login", "200"), 3.0);
    let timed = [("method", "GET"), ("route", "/login")];
    assert_eq!(value(&after, "gmis_http_request_duration_seconds_count", &timed), Some(3.0));
    assert!(value(&after, "gmis_http_request_duration_seconds_sum", &timed).unwrap() > 0.0);
    let le_inf = [("method", "GET"), ("route", "/login"), ("le", "+Inf")];
    assert_eq!(value(&after, "gmis_http_request_duration_seconds_bucket", &le_inf), Some(3.0));
    assert_eq!(requests("POST", "/login", "303"), 1.0);
    assert_eq!(requests("GET", "/attachments/{id}", "403"), 1.0, "an id's route is its pattern");
    // /metrics asked of the public router is an unknown address too.
    assert_eq!(requests("GET", "other", "404"), 2.0, "unmatched paths share one label");
    assert_eq!(requests("GET", "other", "303"), 1.0);
    assert_eq!(requests("GET", "/pkg/{*path}", "404"), 1.0, "the built assets have a label of their own");
    assert_eq!(requests("POST", "/api/reports/submit", "200"), 3.0);
    assert_eq!(requests("POST", "/password/forgot", "303"), 2.0);
    for sample in &after {
        for label in sample.labels.values() {
            assert!(!label.contains("424242") && !label.contains("737373"), "a path in a label: {sample:?}");
            assert!(!label.contains("no-such-page") && !label.contains("metrics"), "a path in a label: {sample:?}");
        }
    }

    assert_eq!(value(&after, "gmis_reports_saved_total", &[]), Some(2.0));
    use app::server::entities::mail;
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let unsent = mail::Entity::find().filter(mail::Column::SentAt.is_null()).count(&app.db).await.unwrap();
    assert_eq!(unsent, 2);
    assert_eq!(value(&after, "gmis_outbox_backlog", &[]), Some(2.0));
    let age = value(&after, "gmis_outbox_oldest_age_seconds", &[]).unwrap();
    assert!((0.0..600.0).contains(&age), "the mails were queued during this test: {age}");

    let max = value(&after, "gmis_db_pool_max", &[]).unwrap();
    assert!(max == 8.0 || max == 16.0, "the pool's configured size: {max}");
    let idle = value(&after, "gmis_db_pool_connections", &[("state", "idle")]).unwrap();
    let in_use = value(&after, "gmis_db_pool_connections", &[("state", "in_use")]).unwrap();
    assert!(idle + in_use >= 1.0 && idle + in_use <= max, "{idle} idle, {in_use} in use of {max}");

    // Without the outbox's table the scrape still answers, leaving out
    // only what it could not read.
    use sea_orm::ConnectionTrait;
    app.db.execute_unprepared("DROP TABLE mail_outbox").await.unwrap();
    let broken = scrape(&app).await;
    assert!(broken.iter().all(|s| !s.name.starts_with("gmis_outbox_")), "no outbox figures without the outbox");
    assert_eq!(value(&broken, "gmis_reports_saved_total", &[]), Some(2.0));
    assert!(
        value(&broken, "gmis_http_requests_total", &[("method", "GET"), ("route", "/login"), ("status", "200")])
            .is_some()
    );
}

/// A free port on 127.0.0.1.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// `GET path` on `port`: status, head and body, or `None` when nothing answers.
async fn get(port: u16, path: &str) -> Option<(u16, String, String)> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(("127.0.0.1", port)).await.ok()?;
    s.write_all(format!("GET {path} HTTP/1.1\r\nHost: gmis\r\nConnection: close\r\n\r\n").as_bytes()).await.ok()?;
    let mut out = String::new();
    tokio::time::timeout(Duration::from_secs(10), s.read_to_string(&mut out)).await.ok()?.ok()?;
    let status = out.get(9..12)?.parse().ok()?;
    let (head, body) = out.split_once("\r\n\r\n")?;
    Some((status, head.to_lowercase(), body.to_owned()))
}

/// `gmis serve` on this test's database with a metrics listener.
fn serve(app: &TestApp, port: u16, metrics_port: u16) -> Child {
    let outbox = std::env::temp_dir().join("gmis-tests").join(format!("outbox-{port}"));
    Command::new(env!("CARGO_BIN_EXE_gmis"))
        .arg("serve")
        .env("DATABASE_URL", &app.state.config.database_url)
        .env("GMIS_LISTEN", format!("127.0.0.1:{port}"))
        .env("GMIS_METRICS_LISTEN", format!("127.0.0.1:{metrics_port}"))
        .env("GMIS_OUTBOX_DIR", outbox)
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("gmis serve runs")
}

#[tokio::test]
async fn gmis_serve_answers_metrics_on_its_own_address_only_and_closes_it_on_sigterm() {
    let app = TestApp::new().await;
    let (port, metrics_port) = (free_port(), free_port());
    let mut child = serve(&app, port, metrics_port);
    let deadline = Instant::now() + Duration::from_secs(60);
    while get(port, "/readyz").await.map(|r| r.0) != Some(200) {
        assert!(Instant::now() < deadline, "gmis did not become ready");
        assert!(child.try_wait().unwrap().is_none(), "gmis ended early");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    let (status, head, body) = get(metrics_port, "/metrics").await.expect("the metrics listener answers");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: application/openmetrics-text; version=1.0.0; charset=utf-8"), "{head}");
    let samples = parse(&body);
    let ready = [("method", "GET"), ("route", "/readyz"), ("status", "200")];
    assert!(value(&samples, "gmis_http_requests_total", &ready).unwrap() >= 1.0, "{body}");
    let (status, head, body) = get(port, "/metrics").await.unwrap();
    assert_eq!(status, 303, "the public listener has no metrics: anonymous users go to the login");
    assert!(head.contains("location: /login") && !body.contains("gmis_"), "{head}\n{body}");
    assert_eq!(get(metrics_port, "/readyz").await.map(|r| r.0), Some(404), "the metrics listener has nothing else");

    let term = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(term.success());
    let signalled = Instant::now();
    let exit = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(signalled.elapsed() < Duration::from_secs(30), "gmis did not exit");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(exit.success(), "{exit:?}");
    assert!(get(metrics_port, "/metrics").await.is_none(), "the metrics listener closed with the server");
}

#[test]
fn a_bad_metrics_address_stops_gmis_with_a_clear_message() {
    let out = Command::new(env!("CARGO_BIN_EXE_gmis"))
        .arg("serve")
        .env("DATABASE_URL", "sqlite::memory:")
        .env("GMIS_METRICS_LISTEN", "metrics.internal")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("設定 GMIS_METRICS_LISTEN が不正です"), "{stderr}");
}
