//! What an attacker or a careless client sends: titles carrying markup,
//! malformed bodies to every server function, slow and idle connections,
//! concurrent requests racing a limit (SPEC §12).

// Test helpers outside #[test] functions fail loudly on purpose.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use app::server::entities::{inquiry, mail, membership, notice, report, sos_request, user};
use axum::body::Body;
use common::{CHROME, TestApp};
use http::{Request, StatusCode, header};
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::json;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const HOSTILE: &str = r#"</title><meta http-equiv="refresh" content="0;url=/evil"> & "quoted" 'single'"#;

/// The text of the document's `<title>` element, as sent.
fn raw_title(html: &str) -> &str {
    let start = html.find("<title>").expect("a <title>") + "<title>".len();
    let end = start + html[start..].find("</title>").expect("</title>");
    &html[start..end]
}

#[tokio::test]
async fn titles_carry_any_text_as_text() {
    let app = TestApp::new().await;
    let admin = app.login_cookie("DEMADM22").await;
    let clinic = app.login_cookie("DEMCLN22").await;
    let helpdesk = app.login_cookie("DEMHLP22").await;
    let res = app
        .post_json(
            "/api/notices/save",
            &json!({ "input": {
                "id": null, "title": HOSTILE, "body": "本文", "office": "医政局", "issued_on": app.today(),
                "category": "notice", "audience": ["Facility"],
            }}),
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let notice: i32 = res.body.parse().unwrap();
    let res =
        app.post_json("/api/notices/publish", &json!({ "input": { "id": notice, "at": "" } }), Some(&admin)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let inquiry = app.open_inquiry(&clinic, HOSTILE).await;

    let escaped = "&lt;/title&gt;&lt;meta http-equiv=&quot;refresh&quot; content=&quot;0;url=/evil&quot;&gt; &amp; &quot;quoted&quot; &#39;single&#39;";
    for (path, cookie) in [
        (format!("/notices/{notice}"), &clinic),
        (format!("/inquiries/{inquiry}"), &helpdesk),
        (format!("/inquiries/{inquiry}"), &clinic),
    ] {
        let page = app.get(&path, Some(cookie)).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert_eq!(page.body.matches("<title>").count(), 1, "{path}: one title");
        let title = raw_title(&page.body);
        assert!(title.starts_with(escaped), "{path}: the title is the text, escaped: {title}");
        assert!(!page.body.contains("<meta http-equiv"), "{path}: no markup from the text");
    }
}

/// Rows that a request could create or change; counted before and after.
async fn counts(app: &TestApp) -> [u64; 6] {
    [
        report::Entity::find().count(&app.db).await.unwrap(),
        notice::Entity::find().count(&app.db).await.unwrap(),
        inquiry::Entity::find().count(&app.db).await.unwrap(),
        sos_request::Entity::find().count(&app.db).await.unwrap(),
        membership::Entity::find().count(&app.db).await.unwrap(),
        user::Entity::find().count(&app.db).await.unwrap(),
    ]
}

#[tokio::test]
async fn no_server_function_answers_5xx_to_malformed_input() {
    let app = TestApp::new().await;
    let admin = app.login_cookie("DEMADM22").await;
    let clinic = app.login_cookie("DEMCLN22").await;
    let before = counts(&app).await;
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let huge = format!(r#"{{"input":"{}"}}"#, "あ".repeat(1_100_000));
    let json = "application/json";
    let form = "application/x-www-form-urlencoded";
    let bodies: Vec<(&str, Vec<u8>)> = vec![
        (json, b"{\"input\":".to_vec()),
        (json, br#"{"input":5,"filter":[1,2],"id":"x","rows":{}}"#.to_vec()),
        (json, br#"{"input":{"id":"nine","day":true},"input":{}}"#.to_vec()),
        (json, b"\xff\xfe\x00{\"input\":{}}".to_vec()),
        (json, Vec::new()),
        (json, b"null".to_vec()),
        (json, deep.into_bytes()),
        (json, huge.into_bytes()),
        (form, b"id=%ZZ&id=1&ids[0]=x&day=2026-99-99&unit=\xff".to_vec()),
        (form, b"&&&===".to_vec()),
        ("text/plain", b"hello".to_vec()),
        ("multipart/form-dataX; boundary=b", b"--b--\r\n".to_vec()),
        ("multipart/form-data; x=\"boundary=b\"", b"--b--\r\n".to_vec()),
        ("multipart/form-data; xboundary=b", b"--b--\r\n".to_vec()),
        ("multipart/form-data boundary=b", b"--b--\r\n".to_vec()),
        (
            "multipart/form-data; boundary=b",
            b"--b\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nunterminated".to_vec(),
        ),
    ];
    let paths: Vec<&str> = leptos::server_fn::axum::server_fn_paths().map(|(p, _)| p).collect();
    assert!(paths.len() > 40, "every registered server function: {}", paths.len());
    for path in &paths {
        for cookie in [None, Some(clinic.as_str()), Some(admin.as_str())] {
            for (content_type, body) in &bodies {
                let mut req = Request::post(*path)
                    .header(header::USER_AGENT, CHROME)
                    .header(header::CONTENT_TYPE, *content_type)
                    .header("sec-fetch-site", "same-origin");
                if let Some(c) = cookie {
                    req = req.header(header::COOKIE, c);
                }
                let res = app.request(req.body(Body::from(body.clone())).unwrap()).await;
                let shown = String::from_utf8_lossy(&body[..body.len().min(40)]).into_owned();
                assert!(
                    res.status.as_u16() < 500,
                    "{path} as {} with {content_type} {shown:?}: {} {}",
                    if cookie.is_some() { "user" } else { "visitor" },
                    res.status,
                    res.body.chars().take(200).collect::<String>()
                );
            }
        }
    }
    // A body the server could not read gets the generic Japanese message.
    let res = app
        .request(
            Request::post("/api/reports/submit")
                .header(header::CONTENT_TYPE, json)
                .header(header::COOKIE, &clinic)
                .body(Body::from("{\"input\":"))
                .unwrap(),
        )
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    let err: app::domain::error::AppError = serde_json::from_str(&res.body).unwrap();
    assert_eq!(err, app::domain::error::AppError::BadRequest);
    assert!(err.message().contains("読み取れませんでした"));
    let oversized = format!(r#"{{"input":"{}"}}"#, "x".repeat(3_000_000));
    let res = app.post_json("/api/reports/submit", &serde_json::from_str(&oversized).unwrap(), Some(&clinic)).await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE, "a body over the limit");
    assert_eq!(counts(&app).await, before, "nothing changed");
}

/// Reads until the server closes the connection (or `limit` passes).
async fn closed_within(stream: &mut TcpStream, limit: Duration) -> bool {
    let mut buf = [0u8; 4096];
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        match tokio::time::timeout_at(deadline, stream.read(&mut buf)).await {
            Err(_) => return false,
            Ok(Ok(0) | Err(_)) => return true,
            Ok(Ok(_)) => {}
        }
    }
}

async fn healthz(addr: std::net::SocketAddr) -> String {
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: gmis\r\nConnection: close\r\n\r\n").await.unwrap();
    let mut out = String::new();
    tokio::time::timeout(Duration::from_secs(10), s.read_to_string(&mut out)).await.unwrap().unwrap();
    out
}

#[tokio::test]
async fn slow_and_idle_clients_are_cut_off_and_the_health_check_keeps_answering() {
    let app = TestApp::new().await;
    let limits = server::listener::ConnectionLimits {
        header_timeout: Duration::from_secs(1),
        body_timeout: Duration::from_secs(1),
        max_connections: 1024,
        shutdown_grace: Duration::from_secs(1),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(server::listener::serve(listener, app.router.clone(), limits, async {
        let _ = stopped.await;
    }));

    // Several hundred clients connect and send nothing.
    let mut idle = Vec::new();
    for _ in 0..300 {
        idle.push(TcpStream::connect(addr).await.unwrap());
    }
    assert!(healthz(addr).await.starts_with("HTTP/1.1 200"), "answers with 300 idle sockets open");
    // One sends its headers a byte at a time, too slowly.
    let mut slow = TcpStream::connect(addr).await.unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHo").await.unwrap();
    assert!(closed_within(&mut slow, Duration::from_secs(5)).await, "slow headers are cut after the timeout");
    for s in idle.iter_mut().take(20) {
        assert!(closed_within(s, Duration::from_secs(5)).await, "idle connections are closed");
    }
    // A body that stops half-way fails the request (no 5xx) and frees it.
    let mut half = TcpStream::connect(addr).await.unwrap();
    half.write_all(
        b"POST /api/session/current HTTP/1.1\r\nHost: gmis\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nabc",
    )
    .await
    .unwrap();
    let mut answer = vec![0u8; 1024];
    let n = tokio::time::timeout(Duration::from_secs(5), half.read(&mut answer)).await.unwrap().unwrap();
    let answer = String::from_utf8_lossy(&answer[..n]);
    assert!(answer.starts_with("HTTP/1.1 4"), "a stalled body is the client's fault: {answer}");

    // Shutting down with a request half-sent still ends within the grace period.
    let mut pending = TcpStream::connect(addr).await.unwrap();
    pending.write_all(b"POST /login HTTP/1.1\r\nHost: gmis\r\nContent-Length: 50\r\n\r\nlogin").await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    stop.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(5), server).await.expect("stopped within the grace period").unwrap();
}

#[tokio::test]
async fn concurrent_reset_requests_send_at_most_three_mails_an_hour() {
    let app = TestApp::new().await;
    let started = std::time::Instant::now();
    let unknown = app.post_form("/password/forgot", "login_id=NXYZ2345", None).await;
    assert!(started.elapsed() >= Duration::from_millis(400), "an unknown ID takes as long as a known one");
    assert_eq!(unknown.location(), Some("/password/forgot?sent=1"));
    let requests = (0..20).map(|_| app.post_form("/password/forgot", "login_id=DEMHSP22", None));
    let answers = futures::future::join_all(requests).await;
    assert!(answers.iter().all(|r| r.location() == Some("/password/forgot?sent=1")));
    let mails = mail::Entity::find().count(&app.db).await.unwrap();
    assert_eq!(mails, 3, "the hourly limit holds under concurrency");
}

#[tokio::test]
async fn concurrent_membership_additions_for_one_clinic_save_one() {
    let app = TestApp::new().await;
    let admin = app.login_cookie("DEMADM22").await;
    let from = app.today() + chrono::Duration::days(30);
    let form = format!("aggregator_id=1&medical_code=1310000037&valid_from={from}&valid_to=");
    let answers =
        futures::future::join_all((0..10).map(|_| app.post_form("/api/memberships/add", &form, Some(&admin)))).await;
    let statuses: Vec<u16> = answers.iter().map(|r| r.status.as_u16()).collect();
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 1, "{statuses:?}");
    assert!(statuses.iter().all(|s| *s == 200 || *s == 422), "the others are told it overlaps: {statuses:?}");
}
