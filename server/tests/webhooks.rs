//! Webhooks (SPEC §8, issue 16): registration through the API, the outbox
//! written with the report, exactly one delivery per event and subscription
//! with two workers, the signature, retries, replay and disabling, against
//! a real HTTP receiver on this machine.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use app::domain::api_tokens::{ApiScope, NewToken};
use axum::body::Body;
use base64::Engine as _;
use chrono::Duration;
use common::TestApp;
use hmac::{Hmac, Mac};
use http::{HeaderMap, Method, Request, StatusCode, header};
use serde_json::{Value, json};
use sha2::Sha256;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// What the receiver got: headers and body of each request.
#[derive(Clone, Default)]
struct Receiver {
    got: Arc<Mutex<Vec<(HeaderMap, String)>>>,
    /// Answer 500 to this many requests first.
    fail_first: Arc<AtomicUsize>,
}

impl Receiver {
    async fn start(fail_first: usize) -> (Receiver, String) {
        let receiver = Receiver { fail_first: Arc::new(AtomicUsize::new(fail_first)), ..Default::default() };
        let r = receiver.clone();
        let app = axum::Router::new().route(
            "/hook",
            axum::routing::post(move |headers: HeaderMap, body: String| {
                let r = r.clone();
                async move {
                    r.got.lock().unwrap().push((headers, body));
                    let failing = r.fail_first.load(Ordering::SeqCst);
                    if failing > 0 {
                        r.fail_first.store(failing - 1, Ordering::SeqCst);
                        return StatusCode::INTERNAL_SERVER_ERROR;
                    }
                    StatusCode::NO_CONTENT
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        (receiver, url)
    }

    fn requests(&self) -> Vec<(HeaderMap, String)> {
        self.got.lock().unwrap().clone()
    }
}

async fn token(app: &TestApp, login_id: &str, scopes: &[ApiScope]) -> String {
    let input = NewToken { login_id: login_id.into(), name: "webhook".into(), scopes: scopes.to_vec(), days: 30 };
    app::server::api_tokens::issue_from_shell(&app.db, None, input, app.now()).await.expect("issued").token
}

async fn call(app: &TestApp, method: Method, path: &str, token: &str, body: Option<Value>) -> (StatusCode, Value) {
    let mut req = Request::builder().method(method).uri(path).header(header::AUTHORIZATION, format!("Bearer {token}"));
    if body.is_some() {
        req = req.header(header::CONTENT_TYPE, "application/json");
    }
    let res = app.request(req.body(body.map_or_else(Body::empty, |b| Body::from(b.to_string()))).unwrap()).await;
    (res.status, serde_json::from_str(&res.body).unwrap_or(Value::Null))
}

/// Registers `url` for `login_id`; the endpoint's id and secret.
async fn subscribe(app: &TestApp, login_id: &str, url: &str) -> (i64, String, String) {
    let t = token(app, login_id, &[ApiScope::Webhooks]).await;
    let body = json!({ "url": url, "events": ["report.saved", "report.amended"] });
    let (status, created) = call(app, Method::POST, "/api/v1/webhooks", &t, Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    (created["id"].as_i64().unwrap(), created["secret"].as_str().unwrap().to_owned(), t)
}

/// The hospital 東京中央病院 (f1, 千代田区) reports; the push's answer.
async fn hospital_reports(app: &TestApp, base_revision: Option<i64>) -> Value {
    let t = token(app, "DEMHSP22", &[ApiScope::ReportWrite]).await;
    let item = json!({
        "survey": "hospital_daily", "unit": "f1", "day": app.today(), "base_revision": base_revision,
        "submission_id": uuid::Uuid::new_v4().to_string(), "reason": if base_revision.is_some() { "訂正" } else { "" },
        "values": {
            "outpatient_status": "normal", "inpatient_status": "normal", "emergency_status": "normal",
            "staffing": "normal", "covid_inpatients": 4, "covid_severe": 0, "ventilators_in_use": 0,
            "ventilators_owned": 3, "ecmo_in_use": 0, "ecmo_owned": 0, "secured_beds": 10, "beds_in_use": 4
        }
    });
    let (status, body) = call(app, Method::POST, "/api/v1/reports", &t, Some(json!({ "reports": [item] }))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["results"][0]["status"], "saved", "{body}");
    body
}

/// The Standard Webhooks check, written here from the scheme (not the server's code).
fn verify(secret: &str, headers: &HeaderMap, body: &str) -> bool {
    let get = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let key = base64::engine::general_purpose::STANDARD.decode(secret.trim_start_matches("whsec_")).unwrap();
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).unwrap();
    mac.update(format!("{}.{}.{}", get("webhook-id"), get("webhook-timestamp"), body).as_bytes());
    let expected = format!("v1,{}", base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes()));
    get("webhook-signature").split(' ').any(|s| s == expected)
}

async fn pass(app: &TestApp) -> app::server::webhooks::Pass {
    let client = app::server::webhooks::client().unwrap();
    app::server::webhooks::deliver_due(&app.db, &client, app.now()).await.unwrap()
}

#[tokio::test]
async fn each_event_reaches_each_subscriber_once_signed_even_with_two_workers() {
    let app = TestApp::new().await;
    let (prefecture, url) = Receiver::start(0).await;
    let (city, city_url) = Receiver::start(0).await;
    let (_, secret, _) = subscribe(&app, "DEMPRF22", &url).await;
    // 新宿区 does not see a hospital of 千代田区.
    subscribe(&app, "DEMMUN22", &city_url).await;
    let saved = hospital_reports(&app, None).await;
    hospital_reports(&app, Some(1)).await;

    // Two workers (two instances) at once.
    let client = app::server::webhooks::client().unwrap();
    let (a, b) = tokio::join!(
        app::server::webhooks::deliver_due(&app.db, &client, app.now()),
        app::server::webhooks::deliver_due(&app.db, &client, app.now()),
    );
    assert_eq!(a.unwrap().delivered + b.unwrap().delivered, 2);
    assert_eq!(pass(&app).await, app::server::webhooks::Pass::default(), "nothing left to send");
    let got = prefecture.requests();
    assert_eq!(got.len(), 2, "one delivery per event");
    assert!(city.requests().is_empty(), "outside the city");
    let ids: Vec<_> = got.iter().map(|(h, _)| h["webhook-id"].clone()).collect();
    assert_ne!(ids[0], ids[1]);
    for (headers, body) in &got {
        assert!(verify(&secret, headers, body), "signed with the endpoint's secret");
        assert!(!verify("whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", headers, body));
    }
    let events: Vec<Value> = got.iter().map(|(_, b)| serde_json::from_str(b).unwrap()).collect();
    let mut types: Vec<&str> = events.iter().map(|e| e["type"].as_str().unwrap()).collect();
    types.sort_unstable();
    assert_eq!(types, ["report.amended", "report.saved"]);
    assert!(events.iter().all(|e| e["data"]["id"] == saved["results"][0]["report_id"] && e["data"]["unit"] == "f1"));
}

#[tokio::test]
async fn a_failing_endpoint_is_retried_then_replayed_then_disabled_after_a_day() {
    let app = TestApp::new().await;
    let (receiver, url) = Receiver::start(1).await;
    let (id, secret, t) = subscribe(&app, "DEMPRF22", &url).await;
    hospital_reports(&app, None).await;
    assert_eq!(pass(&app).await.failed, 1);
    let path = format!("/api/v1/webhooks/{id}/deliveries");
    let (_, list) = call(&app, Method::GET, &path, &t, None).await;
    assert_eq!((list[0]["state"].as_str(), list[0]["attempts"].as_i64()), (Some("pending"), Some(1)), "{list}");
    assert_eq!(list[0]["last_status"], 500);
    // Not before its time; then delivered.
    assert_eq!(pass(&app).await, app::server::webhooks::Pass::default());
    app.clock().set(app.now() + Duration::seconds(11));
    assert_eq!(pass(&app).await.delivered, 1);
    let (_, list) = call(&app, Method::GET, &path, &t, None).await;
    assert_eq!(list[0]["state"], "delivered");
    let (_, hooks) = call(&app, Method::GET, "/api/v1/webhooks", &t, None).await;
    assert!(hooks[0]["failing_since"].is_null(), "a success clears the failure");

    // Replay: the same message again, same webhook-id.
    let delivery = list[0]["id"].as_i64().unwrap();
    let (status, replayed) = call(&app, Method::POST, &format!("{path}/{delivery}/replay"), &t, None).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{replayed}");
    let (status, _) = call(&app, Method::POST, &format!("{path}/{delivery}/replay"), &t, None).await;
    assert_eq!(status, StatusCode::CONFLICT, "already on its way");
    assert_eq!(pass(&app).await.delivered, 1);
    let got = receiver.requests();
    assert_eq!(got.len(), 3);
    assert_eq!(got[1].0["webhook-id"], got[2].0["webhook-id"]);
    assert!(verify(&secret, &got[2].0, &got[2].1));
    // Another account cannot see or replay it.
    let other = token(&app, "DEMMUN22", &[ApiScope::Webhooks]).await;
    assert_eq!(call(&app, Method::GET, &path, &other, None).await.0, StatusCode::NOT_FOUND);

    // From now on it always fails: retried for a day, then disabled and the owner mailed.
    receiver.fail_first.store(usize::MAX, Ordering::SeqCst);
    hospital_reports(&app, Some(1)).await;
    for _ in 0..40 {
        pass(&app).await;
        app.clock().set(app.now() + Duration::hours(1));
    }
    let (_, hooks) = call(&app, Method::GET, "/api/v1/webhooks", &t, None).await;
    assert!(hooks[0]["disabled_at"].is_string(), "{hooks}");
    let mails = app::server::entities::mail::Entity::find().all(&app.db).await.unwrap();
    assert!(mails.iter().any(|m| m.to_address == "demprf22@demo.gmis.example" && m.body.contains(&url)));
    assert!(app.audit_actions().await.contains(&"webhook.disabled".to_owned()));
    // Bad endpoints are refused with a reason.
    for bad in ["http://pref.example.lg.jp/hook", "ftp://x/y", "https://user:pw@x/"] {
        let (status, problem) =
            call(&app, Method::POST, "/api/v1/webhooks", &t, Some(json!({ "url": bad, "events": ["report.saved"] })))
                .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert!(problem["errors"]["url"].is_string());
    }
    // Deleting stops it.
    let (status, _) = call(&app, Method::DELETE, &format!("/api/v1/webhooks/{id}"), &t, None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, hooks) = call(&app, Method::GET, "/api/v1/webhooks", &t, None).await;
    assert_eq!(hooks, json!([]));
}

#[tokio::test]
async fn an_sos_request_is_told_to_the_prefecture() {
    let app = TestApp::new().await;
    let (receiver, url) = Receiver::start(0).await;
    let t = token(&app, "DEMPRF22", &[ApiScope::Webhooks]).await;
    let body = json!({ "url": url, "events": ["sos.changed"] });
    let (status, created) = call(&app, Method::POST, "/api/v1/webhooks", &t, Some(body)).await;
    assert_eq!(status, StatusCode::CREATED);
    let secret = created["secret"].as_str().unwrap().to_owned();
    let clerk = app.login_cookie("DEMHSP22").await;
    let id = app.sos_request(&clerk, 1).await;
    assert_eq!(pass(&app).await.delivered, 1);
    let got = receiver.requests();
    assert!(verify(&secret, &got[0].0, &got[0].1));
    let event: Value = serde_json::from_str(&got[0].1).unwrap();
    assert_eq!(event["type"], "sos.changed");
    assert_eq!((event["data"]["id"].as_i64(), event["data"]["unit"].as_str()), (Some(i64::from(id)), Some("f1")));
    assert_eq!(event["data"]["state"], "submitted");
}

use sea_orm::EntityTrait as _;
