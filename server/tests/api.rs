//! `/api/v1` (SPEC §8, issue 16): tokens, push, pull, the problem answers
//! and the OpenAPI document, through the real router and database.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use app::domain::api_tokens::{ApiScope, NewToken};
use axum::body::Body;
use chrono::{Days, Duration, NaiveDate};
use common::TestApp;
use http::{Method, Request, StatusCode, header};
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// 東京中央病院 (DEMHSP22) and 千代田内科クリニック (DEMCLN22) in the demo data.
const HOSPITAL: &str = "f1";
const OTHER_CLINIC: &str = "f4";

async fn token(app: &TestApp, login_id: &str, scopes: &[ApiScope], days: i64) -> String {
    let input = NewToken { login_id: login_id.into(), name: "連携テスト".into(), scopes: scopes.to_vec(), days };
    app::server::api_tokens::issue_from_shell(&app.db, None, input, app.now()).await.expect("issued").token
}

async fn call(
    app: &TestApp,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<String>,
) -> (StatusCode, Value, http::HeaderMap) {
    let mut req = Request::builder().method(method).uri(path).header(header::USER_AGENT, "curl/8.5.0");
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    if body.is_some() {
        req = req.header(header::CONTENT_TYPE, "application/json");
    }
    let res = app.request(req.body(body.map_or_else(Body::empty, Body::from)).expect("request")).await;
    let value = serde_json::from_str(&res.body).unwrap_or(Value::Null);
    (res.status, value, res.headers)
}

async fn push(app: &TestApp, token: &str, items: Vec<Value>) -> (StatusCode, Value) {
    let (status, body, _) =
        call(app, Method::POST, "/api/v1/reports", Some(token), Some(json!({ "reports": items }).to_string())).await;
    (status, body)
}

fn hospital(day: NaiveDate, id: &str, inpatients: i64) -> Value {
    json!({
        "survey": "hospital_daily", "unit": HOSPITAL, "day": day, "submission_id": id,
        "values": {
            "outpatient_status": "normal", "inpatient_status": "normal", "emergency_status": "limited",
            "staffing": "short", "covid_inpatients": inpatients, "covid_severe": 1,
            "ventilators_in_use": 2, "ventilators_owned": 10, "ecmo_in_use": 0, "ecmo_owned": 1,
            "secured_beds": 40, "beds_in_use": 12
        }
    })
}

fn uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

async fn report_count(app: &TestApp) -> u64 {
    app::server::entities::report::Entity::find().count(&app.db).await.expect("count")
}

#[tokio::test]
async fn tokens_are_stored_hashed_act_as_their_account_and_stop_when_expired_or_revoked() {
    let app = TestApp::new().await;
    let t = token(&app, "DEMPRF22", &[ApiScope::DataRead], 30).await;
    assert!(t.starts_with("gmis_") && t.len() > 40);
    let rows = app::server::entities::api_token::Entity::find().all(&app.db).await.expect("rows");
    assert_eq!(rows.len(), 1);
    assert_ne!(rows[0].token_hash, t, "only the hash is stored");
    assert!(!rows[0].token_hash.contains(&t[5..]));

    let path = "/api/v1/units?survey=hospital_daily";
    let (status, units, _) = call(&app, Method::GET, path, Some(&t), None).await;
    assert_eq!(status, StatusCode::OK, "{units}");
    let units = units.as_array().expect("list");
    assert!(!units.is_empty());
    assert!(units.iter().all(|u| u["prefecture"] == "13"), "only Tokyo's units for Tokyo's officer");

    // Another prefecture is outside the account's area: refused and audited.
    let (status, problem, _) = call(&app, Method::GET, "/api/v1/units?prefecture=27", Some(&t), None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(problem["code"], "forbidden");
    // Pushing needs report:write.
    let (status, problem) = push(&app, &t, vec![hospital(app.today(), &uuid(), 3)]).await;
    assert_eq!((status, problem["code"].as_str()), (StatusCode::FORBIDDEN, Some("forbidden")));
    assert!(
        app.audit_actions().await.iter().filter(|a| *a == "access.denied" || *a == "api_token.refused").count() >= 2
    );

    // Expired: 30 days later the same token is refused.
    app.clock().set(app.now() + Duration::days(30));
    let (status, problem, headers) = call(&app, Method::GET, path, Some(&t), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(problem["status"], 401);
    assert!(headers.get(header::WWW_AUTHENTICATE).is_some());
    assert_eq!(headers[header::CONTENT_TYPE], "application/problem+json");

    // Revoked: refused at once.
    let t2 = token(&app, "DEMPRF22", &[ApiScope::DataRead], 30).await;
    assert_eq!(call(&app, Method::GET, path, Some(&t2), None).await.0, StatusCode::OK);
    let admin = app::server::auth::actor_from(
        &app::server::entities::user::Entity::find()
            .all(&app.db)
            .await
            .expect("users")
            .into_iter()
            .find(|u| u.login_id == "DEMADM22")
            .expect("admin"),
    )
    .expect("actor");
    let listed = app::server::api_tokens::list(&app.db, &admin, app.now()).await.expect("list");
    let id = listed.iter().find(|r| r.state == app::domain::api_tokens::TokenState::Active).expect("active").id;
    assert!(listed[0].last_used_at.is_some(), "the list shows the last use");
    app::server::api_tokens::revoke(&app.db, &admin, id, app.now()).await.expect("revoke");
    assert_eq!(call(&app, Method::GET, path, Some(&t2), None).await.0, StatusCode::UNAUTHORIZED);
    assert!(app.audit_actions().await.contains(&"api_token.revoked".to_owned()));

    // Only ministry admins issue tokens.
    let officer = app::server::auth::actor_from(
        &app::server::entities::user::Entity::find()
            .all(&app.db)
            .await
            .expect("users")
            .into_iter()
            .find(|u| u.login_id == "DEMPRF22")
            .expect("officer"),
    )
    .expect("actor");
    let input = NewToken { login_id: "DEMPRF22".into(), name: "x".into(), scopes: vec![ApiScope::DataRead], days: 1 };
    let refused = app::server::api_tokens::issue(&app.db, &officer, input, app.now()).await;
    assert_eq!(refused.err(), Some(app::domain::error::AppError::Forbidden));
}

#[tokio::test]
async fn a_bulk_push_saves_the_good_items_and_answers_each_one() {
    let app = TestApp::new().await;
    let t = token(&app, "DEMHSP22", &[ApiScope::ReportWrite], 30).await;
    let today = app.today();
    let good = uuid();
    let bad_value = {
        let mut v = hospital(today - Days::new(1), &uuid(), 3);
        v["values"]["covid_inpatients"] = json!(-5);
        v
    };
    let mut outside = hospital(today, &uuid(), 3);
    outside["unit"] = json!(OTHER_CLINIC);
    outside["survey"] = json!("clinic_daily");
    let before = report_count(&app).await;
    let (status, body) = push(&app, &t, vec![hospital(today, &good, 7), bad_value, outside]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!((body["saved"].as_u64(), body["refused"].as_u64()), (Some(1), Some(2)), "{body}");
    let results = body["results"].as_array().expect("results");
    assert_eq!(results[0]["status"], "saved");
    assert_eq!(results[1]["problem"]["code"], "validation");
    assert!(results[1]["problem"]["errors"]["covid_inpatients"].is_string(), "{}", results[1]);
    assert_eq!(results[2]["problem"]["code"], "forbidden");
    assert_eq!(report_count(&app).await, before + 1);

    // The same submission again: its first result, nothing changed.
    let (_, again) = push(&app, &t, vec![hospital(today, &good, 99)]).await;
    assert_eq!(again["results"][0]["status"], "repeated");
    assert_eq!(again["results"][0]["revision"], 1);
    // An amendment against a revision that is no longer current is stale.
    let mut amend = hospital(today, &uuid(), 8);
    amend["base_revision"] = json!(1);
    amend["reason"] = json!("入力誤りの訂正");
    let (_, first) = push(&app, &t, vec![amend]).await;
    assert_eq!(first["results"][0]["status"], "saved");
    assert_eq!(first["results"][0]["revision"], 2);
    let mut late = hospital(today, &uuid(), 9);
    late["base_revision"] = json!(1);
    late["reason"] = json!("古い画面からの訂正");
    let (_, stale) = push(&app, &t, vec![late]).await;
    assert_eq!(
        (stale["results"][0]["status"].as_str(), stale["results"][0]["revision"].as_i64()),
        (Some("stale"), Some(2))
    );
    // Beyond the back-entry limit.
    let (_, old) = push(&app, &t, vec![hospital(today - Days::new(60), &uuid(), 1)]).await;
    assert_eq!(old["results"][0]["problem"]["code"], "validation", "{old}");
    assert_eq!(report_count(&app).await, before + 1);
    assert!(app.audit_actions().await.contains(&"report.amended".to_owned()));
}

/// The sum of `item` over the reports of `survey` on `day` of the
/// prefecture's units, and what the running totals say.
async fn inpatients_and_total(app: &TestApp, day: NaiveDate) -> (i64, i64) {
    use app::server::entities::{facility, report};
    use sea_orm::{ColumnTrait, QueryFilter};
    let tokyo: Vec<i32> = facility::Entity::find()
        .filter(facility::Column::PrefectureCode.eq("13"))
        .all(&app.db)
        .await
        .expect("facilities")
        .into_iter()
        .map(|f| f.id)
        .collect();
    let sum = report::Entity::find()
        .filter(report::Column::Survey.eq("hospital_daily"))
        .filter(report::Column::Period.eq(day))
        .filter(report::Column::UnitKind.eq("facility"))
        .filter(report::Column::UnitId.is_in(tokyo))
        .all(&app.db)
        .await
        .expect("reports")
        .iter()
        .map(|r| serde_json::from_str::<Value>(&r.answers).expect("answers")["covid_inpatients"].as_i64().unwrap_or(0))
        .sum();
    let totals = app::server::area::totals::read(
        &app.db,
        &[app::domain::surveys::SurveyKind::HospitalDaily],
        &["covid_inpatients"],
        &["13".to_owned()],
        day,
        day,
    )
    .await
    .expect("totals");
    (sum, totals.values().sum())
}

#[tokio::test]
async fn items_of_one_bulk_for_the_same_report_apply_in_order_and_only_saved_ones_count() {
    let app = TestApp::new().await;
    let t = token(&app, "DEMHSP22", &[ApiScope::ReportWrite], 30).await;
    let today = app.today();
    let (before_sum, before_total) = inpatients_and_total(&app, today).await;
    assert_eq!(before_sum, before_total);
    let first = uuid();
    let mut amend = hospital(today, &uuid(), 11);
    amend["base_revision"] = json!(1);
    amend["reason"] = json!("入力誤りの訂正");
    let mut bad = hospital(today - Days::new(1), &uuid(), 3);
    bad["values"]["covid_severe"] = json!("多い");
    let before = report_count(&app).await;
    let audits = app.audit_actions().await.len();
    let items = vec![
        hospital(today, &first, 7),
        // A second first report of the same day: the day has one now.
        hospital(today, &uuid(), 500),
        amend,
        hospital(today, &first, 7),
        bad,
    ];
    let (status, body) = push(&app, &t, items).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let seen: Vec<(&str, Option<i64>)> = body["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| (r["status"].as_str().unwrap_or_default(), r["revision"].as_i64()))
        .collect();
    assert_eq!(
        seen,
        // A stale item is answered with the report's revision once the bulk is saved.
        [("saved", Some(1)), ("stale", Some(2)), ("saved", Some(2)), ("repeated", Some(1)), ("refused", None)],
        "{body}"
    );
    assert_eq!(report_count(&app).await, before + 1);
    // The totals moved by the saved report and its amendment only: 11, not 7 + 500 + 11.
    let (sum, total) = inpatients_and_total(&app, today).await;
    assert_eq!((sum, total), (before_sum + 11, before_total + 11));
    let new_actions: Vec<String> = app.audit_actions().await.into_iter().skip(audits).collect();
    assert_eq!(
        new_actions.iter().filter(|a| a.starts_with("report.")).collect::<Vec<_>>(),
        ["report.submitted", "report.amended"],
        "{new_actions:?}"
    );
}

#[tokio::test]
async fn bad_requests_get_problem_details_and_change_nothing() {
    let app = TestApp::new().await;
    let t = token(&app, "DEMHSP22", &[ApiScope::ReportWrite], 30).await;
    let before = report_count(&app).await;
    let raw = |body: &str| call(&app, Method::POST, "/api/v1/reports", Some(&t), Some(body.to_owned()));
    for (body, status) in [
        ("{\"reports\": [", StatusCode::BAD_REQUEST),
        ("{\"reports\": \"many\"}", StatusCode::BAD_REQUEST),
        ("{\"reports\": [], \"extra\": 1}", StatusCode::BAD_REQUEST),
        ("{\"reports\": []}", StatusCode::UNPROCESSABLE_ENTITY),
    ] {
        let (got, problem, headers) = raw(body).await;
        assert_eq!(got, status, "{body}: {problem}");
        assert_eq!(headers[header::CONTENT_TYPE], "application/problem+json");
        assert_eq!(problem["status"], status.as_u16());
        assert!(problem["detail"].as_str().is_some_and(|d| !d.is_ascii()), "a Japanese detail: {problem}");
    }
    let item = hospital(app.today(), &uuid(), 1);
    let (status, problem) = push(&app, &t, vec![item.clone(); 1_001]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(problem["errors"]["reports"].is_string());
    let mut unknown = item.clone();
    unknown["colour"] = json!("red");
    assert_eq!(push(&app, &t, vec![unknown]).await.0, StatusCode::BAD_REQUEST);
    let huge = format!("{{\"reports\": [], \"pad\": \"{}\"}}", "x".repeat(20 * 1024 * 1024));
    assert_eq!(raw(&huge).await.0, StatusCode::PAYLOAD_TOO_LARGE);
    let mut req = Request::post("/api/v1/reports").header(header::AUTHORIZATION, format!("Bearer {t}"));
    req = req.header(header::CONTENT_TYPE, "text/plain");
    let res = app.request(req.body(Body::from(json!({ "reports": [item] }).to_string())).expect("req")).await;
    assert_eq!(res.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // No token, a junk token, a session cookie instead of a token.
    assert_eq!(push(&app, "gmis_nonsense", vec![hospital(app.today(), &uuid(), 1)]).await.0, StatusCode::UNAUTHORIZED);
    let (status, problem, _) = call(&app, Method::GET, "/api/v1/surveys", None, None).await;
    assert_eq!((status, problem["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("unauthenticated")));
    let cookie = app.login_cookie("DEMHSP22").await;
    let res = app.get("/api/v1/surveys", Some(&cookie)).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED, "cookies are not accepted by the API");
    // …and tokens are not accepted by the pages.
    let page = Request::get("/reports").header(header::AUTHORIZATION, format!("Bearer {t}")).body(Body::empty());
    let res = app.request(page.expect("req")).await;
    assert_eq!(res.location(), Some("/login"));
    // Query junk.
    let pull = token(&app, "DEMPRF22", &[ApiScope::DataRead], 30).await;
    for (query, status) in [
        ("survey=nope", StatusCode::BAD_REQUEST),
        ("survey=hospital_daily&limit=0", StatusCode::UNPROCESSABLE_ENTITY),
        ("survey=hospital_daily&limit=abc", StatusCode::BAD_REQUEST),
        ("survey=hospital_daily&cursor=9.1", StatusCode::UNPROCESSABLE_ENTITY),
        ("survey=hospital_daily&cursor=9.20261301.1", StatusCode::UNPROCESSABLE_ENTITY),
        ("survey=hospital_daily&from=2026-13-01&to=2026-12-01", StatusCode::BAD_REQUEST),
        ("survey=hospital_daily&whatever=1", StatusCode::BAD_REQUEST),
    ] {
        let (got, problem, _) = call(&app, Method::GET, &format!("/api/v1/reports?{query}"), Some(&pull), None).await;
        assert_eq!(got, status, "{query}: {problem}");
    }
    assert_eq!(report_count(&app).await, before);
}

#[tokio::test]
async fn a_walk_of_pages_hands_out_each_report_once_while_reports_arrive() {
    let app = TestApp::new().await;
    let periods = app.state.app.periods;
    app::server::demo_history::seed_history(&app.db, periods, &[], app.now()).await.expect("28 days of reports");
    let pull = token(&app, "DEMPRF22", &[ApiScope::DataRead], 30).await;
    let pushes = token(&app, "DEMHSP22", &[ApiScope::ReportWrite], 30).await;
    let today = app.today();
    let from = today - Days::new(27);
    let base = format!("/api/v1/reports?survey=hospital_daily&from={from}&to={today}&limit=7");
    let mut seen = Vec::new();
    let mut order = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    let mut pushed = 0;
    loop {
        let path = match &cursor {
            Some(c) => format!("{base}&cursor={c}"),
            None => base.clone(),
        };
        let (status, page, _) = call(&app, Method::GET, &path, Some(&pull), None).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        for r in page["reports"].as_array().expect("reports") {
            assert_eq!(r["prefecture"], "13");
            seen.push(r["id"].as_i64().expect("id"));
            let unit: i64 =
                r["unit"].as_str().and_then(|u| u.strip_prefix('f')).and_then(|u| u.parse().ok()).expect("f12");
            order.push((unit, r["day"].as_str().expect("day").to_owned()));
        }
        pages += 1;
        // Between pages the hospital reports (new rows) and amends one it has.
        if pushed < 3 {
            let day = today - Days::new(pushed);
            let (_, res) = push(&app, &pushes, vec![hospital(day, &uuid(), 2)]).await;
            assert!(matches!(res["results"][0]["status"].as_str(), Some("saved" | "refused")), "{res}");
            pushed += 1;
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert!(pages > 2, "several pages");
    let unique: BTreeSet<i64> = seen.iter().copied().collect();
    assert_eq!(unique.len(), seen.len(), "no report is handed out twice");
    assert!(order.windows(2).all(|w| w[0] < w[1]), "unit by unit, each unit's by day: {order:?}");
    // Every report of the range that existed when the walk began is there:
    // a fresh walk now finds the same ones plus those saved during the walk.
    let mut again = BTreeSet::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("{base}&cursor={c}"),
            None => base.clone(),
        };
        let (_, page, _) = call(&app, Method::GET, &path, Some(&pull), None).await;
        again.extend(page["reports"].as_array().expect("reports").iter().map(|r| r["id"].as_i64().expect("id")));
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert!(unique.is_subset(&again));
    assert!(again.len() > unique.len(), "reports saved during the first walk are in the next");
    // Small pages hand out what one large page does.
    let (_, whole, _) = call(&app, Method::GET, &base.replace("limit=7", "limit=1000"), Some(&pull), None).await;
    assert!(whole.get("next_cursor").is_none(), "one page");
    let whole: BTreeSet<i64> =
        whole["reports"].as_array().expect("reports").iter().filter_map(|r| r["id"].as_i64()).collect();
    assert_eq!(whole, again);
    // updated_since finds only what changed since.
    let since = (app.now() - Duration::minutes(1)).to_rfc3339().replace('+', "%2B");
    let (_, recent, _) = call(
        &app,
        Method::GET,
        &format!("/api/v1/reports?survey=hospital_daily&updated_since={since}"),
        Some(&pull),
        None,
    )
    .await;
    let recent = recent["reports"].as_array().expect("reports");
    assert!(!recent.is_empty() && recent.iter().all(|r| r["unit"] == HOSPITAL), "{recent:?}");
    assert!(app.audit_actions().await.contains(&"api.pulled".to_owned()));
}

#[tokio::test]
async fn a_token_over_its_rate_is_told_when_to_come_back() {
    let app = TestApp::with_env(&[("GMIS_API_RATE", "1")]).await;
    let t = token(&app, "DEMPRF22", &[ApiScope::DataRead], 30).await;
    let mut statuses = Vec::new();
    let mut retry = None;
    for _ in 0..4 {
        let (status, _, headers) = call(&app, Method::GET, "/api/v1/surveys", Some(&t), None).await;
        statuses.push(status);
        retry = retry.or(headers.get(header::RETRY_AFTER).cloned());
    }
    assert_eq!(&statuses[..2], &[StatusCode::OK, StatusCode::OK]);
    assert!(statuses.contains(&StatusCode::TOO_MANY_REQUESTS));
    assert!(retry.is_some());
}

#[tokio::test]
async fn the_openapi_document_describes_every_operation() {
    let app = TestApp::new().await;
    let (status, doc, _) = call(&app, Method::GET, "/api/v1/openapi.json", None, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(doc["openapi"], "3.1.0");
    for (method, path, scope) in server::api::OPERATIONS {
        let op = &doc["paths"][path][method.to_ascii_lowercase()];
        assert!(op.is_object(), "{method} {path} is documented");
        assert!(op["responses"]["401"].is_object(), "{method} {path} documents 401");
        let _ = scope;
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    assert!(doc["components"]["schemas"]["Problem"].is_object());
    // The page for people: every operation, and the problem codes the
    // problems' `type` links point at.
    let page = app.get("/api/v1/docs", None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<code>POST /api/v1/reports</code>"));
    assert!(page.body.contains("<code>GET /api/v1/webhooks/{id}/deliveries</code>"));
    for code in ["unauthenticated", "validation", "too_many_requests"] {
        assert!(page.body.contains(&format!("id=\"problem-{code}\"")), "{code}");
    }
    assert!(!page.body.contains("<script"));
}

/// Every operation as every role that may hold a token (with every scope),
/// with a token lacking the operation's scope, and with none.
#[tokio::test]
async fn every_operation_answers_every_role_as_documented() {
    let app = TestApp::new().await;
    let push_body = json!({ "reports": [hospital(app.today(), &uuid(), 1)] }).to_string();
    let hook_body = json!({ "url": "https://pref.example.lg.jp/hook", "events": ["report.saved"] }).to_string();
    let officer = |login: &str| matches!(login, "DEMMUN22" | "DEMPRF22");
    let subscriber = |login: &str| matches!(login, "DEMMUN22" | "DEMPRF22" | "DEMAGG22");
    for login in ["DEMHSP22", "DEMCLN22", "DEMAGG22", "DEMCTR22", "DEMMUN22", "DEMPRF22"] {
        let all = token(&app, login, &ApiScope::ALL, 1).await;
        for (method, path, scope) in server::api::OPERATIONS {
            let method: Method = method.parse().expect("method");
            let path = match (path, &method) {
                ("/api/v1/reports", &Method::GET) => "/api/v1/reports?survey=hospital_daily".to_owned(),
                _ => path.replace("{id}", "999999").replace("{delivery_id}", "1"),
            };
            let body = match (method == Method::POST, scope) {
                (false, _) => None,
                (true, ApiScope::ReportWrite) => Some(push_body.clone()),
                (true, _) => Some(hook_body.clone()),
            };
            let expected = match (scope, path.as_str()) {
                (ApiScope::ReportWrite, _) | (_, "/api/v1/surveys") => StatusCode::OK,
                (ApiScope::DataRead, _) if officer(login) => StatusCode::OK,
                (ApiScope::Webhooks, _) if !subscriber(login) => StatusCode::FORBIDDEN,
                (ApiScope::Webhooks, "/api/v1/webhooks") if method == Method::POST => StatusCode::CREATED,
                (ApiScope::Webhooks, "/api/v1/webhooks") => StatusCode::OK,
                (ApiScope::Webhooks, _) => StatusCode::NOT_FOUND,
                _ => StatusCode::FORBIDDEN,
            };
            let (got, answer, _) = call(&app, method.clone(), &path, Some(&all), body.clone()).await;
            assert_eq!(got, expected, "{login} {method} {path}: {answer}");
            if path != "/api/v1/surveys" {
                let others: Vec<ApiScope> = ApiScope::ALL.into_iter().filter(|s| *s != scope).collect();
                let without = token(&app, login, &others, 1).await;
                let (got, _, _) = call(&app, method.clone(), &path, Some(&without), body.clone()).await;
                assert_eq!(got, StatusCode::FORBIDDEN, "{login} {method} {path} without the scope");
            }
            let (got, _, _) = call(&app, method.clone(), &path, None, body).await;
            assert_eq!(got, StatusCode::UNAUTHORIZED, "anonymous {method} {path}");
        }
    }
    // Accounts that cannot hold a token.
    for login in ["DEMHLP22", "DEMADM22"] {
        let input = NewToken { login_id: login.into(), name: "x".into(), scopes: ApiScope::ALL.to_vec(), days: 1 };
        let refused = app::server::api_tokens::issue_from_shell(&app.db, None, input, app.now()).await;
        assert!(matches!(refused, Err(app::domain::error::AppError::Validation(_))), "{login}");
    }
}
