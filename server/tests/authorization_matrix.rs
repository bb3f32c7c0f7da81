//! Every registered server function, called as a visitor and as every demo
//! role, answers as this table documents. A new server function that is not
//! in the table fails this test until its access rule is written down here.

// Test helpers outside #[test] functions fail loudly on purpose.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use app::domain::roles::Role;
use common::TestApp;
use http::StatusCode;

/// Who may call a server function.
#[derive(Clone, Copy, Debug)]
enum Access {
    /// Visitors too (the answer says whether anyone is logged in).
    Anyone,
    /// Every logged-in user; visitors get 401.
    LoggedIn,
    /// Only these roles; others get 403, visitors 401.
    Roles(&'static [Role]),
    /// Only these roles get past authorization, to the given answer (a
    /// state-changing call whose body is refused after the access check, so
    /// that the row can be called by every role without changing anything).
    RolesReach(&'static [Role], StatusCode),
}

/// A valid request body for a server function.
#[derive(Clone, Copy, Debug)]
enum Input {
    Form(&'static str),
    /// A CSV file as a multipart upload (dry run).
    Csv(&'static str),
    /// A JSON body; `{today}` becomes today's date in Japan.
    Json(&'static str),
    /// A multipart form with an optional PDF as `file`.
    Multipart(&'static [(&'static str, &'static str)], bool),
}

/// A clinic report for 新宿こどもクリニック (a member of 新宿区医師会).
const MEMBER_REPORT: &str = r#"{"survey":"clinic_daily","unit":{"Facility":5},"day":"{today}",
"submission_id":"5b0c8a52-4c1e-4f0e-9a5e-0d6f1c2b3a49","base_revision":null,"nothing_to_report":false,
"values":{"fever_patients":"4","pcr_tests":"2","antigen_tests":"2","positives":"1","referrals":"0"},"reason":""}"#;

/// An SOS request for 新宿こどもクリニック, made by its association.
const MEMBER_SOS: &str = r#"{"input":{"unit":{"Facility":5},"submission_id":"8f14e45f-ceea-467a-9575-6b1d2a1f0c31",
"lines":{"n95_mask":{"quantity":"100","days_of_stock":"2"}},"reason":"行列テスト","expected_batch":null}}"#;

/// Rejecting that request without a reason: refused as input, after the access check.
const REJECT_WITHOUT_REASON: &str = r#"{"input":{"request_id":1,"revision":1,"step":"reject","note":"",
"shipped_on":null,"carrier":"","tracking":"","quantities":{}}}"#;

const CSV: &str = "kind,name,prefecture,municipality,medical_code,address,designated_from
clinic,行列テスト診療所,13,131041,1310000168,東京都新宿区9-9-9,2026-04-01
";

/// Another clinic, uploaded (dry run) by each role that may.
const UPLOAD: &str = "kind,name,prefecture,municipality,medical_code,address,designated_from
clinic,行列アップロード診療所,13,131041,1310000176,東京都新宿区9-9-8,2026-04-01
";

/// Path, a valid body, and who may call it.
const MATRIX: &[(&str, Input, Access)] = &[
    ("/api/session/current", Input::Form(""), Access::Anyone),
    // Anyone holding a mailed link; an unknown token answers `None`.
    ("/api/password/link", Input::Form("token=unknown"), Access::Anyone),
    ("/api/account/logins", Input::Form(""), Access::LoggedIn),
    ("/api/letters/queue", Input::Form(""), Access::Roles(&[Role::MinistryAdmin])),
    ("/api/letters/printed", Input::Form("ids[0]=1"), Access::Roles(&[Role::MinistryAdmin])),
    ("/api/accounts/import", Input::Csv(UPLOAD), Access::Roles(&[Role::MinistryAdmin, Role::Prefecture])),
    (
        "/api/accounts/register",
        Input::Form(
            "row[kind]=clinic&row[name]=行列フォーム診療所&row[prefecture]=13&row[medical_code]=1310000184&row[address]=東京都&row[designated_from]=2026-04-01&dry_run=on",
        ),
        Access::Roles(&[Role::MinistryAdmin, Role::Prefecture]),
    ),
    ("/api/memberships/aggregators", Input::Form(""), Access::Roles(&[Role::MinistryAdmin])),
    ("/api/memberships/list", Input::Form("aggregator_id=1"), Access::Roles(&[Role::MinistryAdmin])),
    // 千代田内科クリニック joins 新宿区医師会 from 2027 (called once: only the
    // administrator is allowed, and a second call would overlap).
    (
        "/api/memberships/add",
        Input::Form("aggregator_id=1&medical_code=1310000037&valid_from=2027-01-01&valid_to="),
        Access::Roles(&[Role::MinistryAdmin]),
    ),
    ("/api/memberships/end", Input::Form("membership_id=1&valid_to=2027-03-31"), Access::Roles(&[Role::MinistryAdmin])),
    ("/api/reports/form", Input::Form("unit=f5"), Access::Roles(&[Role::Aggregator])),
    ("/api/reports/submit", Input::Json(MEMBER_REPORT), Access::Roles(&[Role::Aggregator])),
    ("/api/reports/members", Input::Form(""), Access::Roles(&[Role::Aggregator])),
    ("/api/reports/grid", Input::Json(r#"{"rows":[]}"#), Access::Roles(&[Role::Aggregator])),
    ("/api/supplies/overview", Input::Form(""), Access::Roles(&[Role::Facility, Role::Aggregator])),
    ("/api/supplies/sos_form", Input::Form("unit=f5"), Access::Roles(&[Role::Aggregator])),
    // Request 1; the other calls below act on it.
    ("/api/supplies/sos_create", Input::Json(MEMBER_SOS), Access::Roles(&[Role::Aggregator])),
    (
        "/api/supplies/sos_request",
        Input::Form("id=1"),
        Access::Roles(&[Role::Aggregator, Role::Prefecture, Role::MinistryAdmin]),
    ),
    (
        "/api/supplies/sos_act",
        Input::Json(REJECT_WITHOUT_REASON),
        Access::RolesReach(&[Role::Prefecture, Role::MinistryAdmin], StatusCode::UNPROCESSABLE_ENTITY),
    ),
    (
        "/api/supplies/queue",
        Input::Json(r#"{"filter":{"batch":null,"state":null,"supply":null,"municipality":null,"sort":"DaysOfStock"}}"#),
        Access::Roles(&[Role::Prefecture, Role::MinistryAdmin]),
    ),
    ("/api/maintenance/banner", Input::Form(""), Access::Anyone),
    ("/api/maintenance/plan", Input::Form(""), Access::Roles(&[Role::MinistryAdmin])),
    // Window 1, far ahead (no banner yet), then cancelled.
    (
        "/api/maintenance/save",
        Input::Json(
            r#"{"input":{"id":null,"start":"2030-01-04T17:30","end":"2030-01-07T08:00","message":"行列テスト"}}"#,
        ),
        Access::Roles(&[Role::MinistryAdmin]),
    ),
    ("/api/maintenance/cancel", Input::Form("id=1"), Access::Roles(&[Role::MinistryAdmin])),
    // Notice 1 of the demo is for everyone; 4 is the draft saved below.
    (
        "/api/notices/list",
        Input::Json(r#"{"filter":{"q":"病床","category":"","from":"","to":"","page":1}}"#),
        Access::LoggedIn,
    ),
    ("/api/notices/home", Input::Form(""), Access::LoggedIn),
    ("/api/notices/get", Input::Form("id=1"), Access::LoggedIn),
    (
        "/api/notices/manage",
        Input::Json(r#"{"filter":{"q":"","category":"","from":"","to":"","page":1}}"#),
        Access::Roles(&[Role::MinistryAdmin]),
    ),
    (
        "/api/notices/save",
        Input::Json(
            r#"{"input":{"id":null,"title":"行列テスト","body":"本文","office":"医政局","issued_on":"2026-11-25","category":"notice","audience":["Facility"]}}"#,
        ),
        Access::Roles(&[Role::MinistryAdmin]),
    ),
    ("/api/notices/edit", Input::Form("id=4"), Access::Roles(&[Role::MinistryAdmin])),
    ("/api/notices/attach", Input::Multipart(&[("notice", "4")], true), Access::Roles(&[Role::MinistryAdmin])),
    ("/api/notices/detach", Input::Form("id=1"), Access::Roles(&[Role::MinistryAdmin])),
    // Scheduling far ahead leaves the draft unpublished for the others.
    (
        "/api/notices/publish",
        Input::Json(r#"{"input":{"id":4,"at":"2030-01-01T09:00"}}"#),
        Access::Roles(&[Role::MinistryAdmin]),
    ),
    (
        "/api/notices/withdraw",
        Input::Form("id=4&reason="),
        Access::RolesReach(&[Role::MinistryAdmin], StatusCode::UNPROCESSABLE_ENTITY),
    ),
    // Every role opens an inquiry (numbers 1–8, in the order of the demo accounts).
    (
        "/api/inquiries/open",
        Input::Multipart(&[("category", "login"), ("subject", "行列テスト"), ("body", "本文"), ("page", "/")], false),
        Access::LoggedIn,
    ),
    ("/api/inquiries/mine", Input::Form(""), Access::LoggedIn),
    ("/api/inquiries/faq", Input::Form("q=パスワード"), Access::LoggedIn),
    (
        "/api/inquiries/queue",
        Input::Json(r#"{"filter":{"status":"","category":"","prefecture":"","mine":false}}"#),
        Access::Roles(&[Role::Helpdesk, Role::MinistryAdmin]),
    ),
    // Inquiry 3 was opened by the association (DEMAGG22).
    (
        "/api/inquiries/get",
        Input::Form("id=3"),
        Access::Roles(&[Role::Aggregator, Role::Helpdesk, Role::MinistryAdmin]),
    ),
    // An empty answer: refused as input after the access check.
    (
        "/api/inquiries/step",
        Input::Json(r#"{"input":{"id":3,"step":"Answer","message":"","revision":0}}"#),
        Access::RolesReach(&[Role::Helpdesk, Role::MinistryAdmin], StatusCode::UNPROCESSABLE_ENTITY),
    ),
    (
        "/api/inquiries/faq_create",
        Input::Json(r#"{"input":{"message_id":1,"question":"","answer":""}}"#),
        Access::RolesReach(&[Role::Helpdesk, Role::MinistryAdmin], StatusCode::UNPROCESSABLE_ENTITY),
    ),
    ("/api/accounts/search", Input::Form("q=DEM&prefecture=13"), Access::Roles(&[Role::MinistryAdmin])),
    // User 9 is the account the test registers first (the demo has 1–8);
    // disabling it comes last so that the other calls still find it usable.
    ("/api/accounts/resend", Input::Form("user_id=9"), Access::Roles(&[Role::MinistryAdmin])),
    ("/api/accounts/unlock", Input::Form("user_id=9"), Access::Roles(&[Role::MinistryAdmin])),
    ("/api/accounts/disable", Input::Form("user_id=9"), Access::Roles(&[Role::MinistryAdmin])),
];

async fn call(app: &TestApp, path: &str, body: Input, cookie: Option<&str>) -> StatusCode {
    match body {
        Input::Form(form) => app.post_form(path, form, cookie).await.status,
        Input::Csv(csv) => app.post_csv(path, csv.as_bytes(), true, cookie).await.status,
        Input::Multipart(fields, pdf) => {
            let file = pdf.then_some(("行列.pdf", b"%PDF-1.4 matrix".as_slice()));
            app.post_multipart(path, fields, file, cookie).await.status
        }
        Input::Json(json) => {
            let today = app::domain::time::japan_date(chrono::Utc::now()).to_string();
            let body = if path.ends_with("/submit") {
                format!(r#"{{"input":{}}}"#, json.replace("{today}", &today))
            } else {
                json.to_owned()
            };
            app.post_json(path, &serde_json::from_str(&body).expect("json"), cookie).await.status
        }
    }
}

#[tokio::test]
async fn every_server_function_answers_every_role_as_documented() {
    let app = TestApp::new().await;
    let rows = app::server::registration::parse_csv(CSV.as_bytes()).expect("csv");
    let report = app::server::registration::import(
        &app.db,
        &app::server::registration::Importer::Operator,
        &rows,
        "http://127.0.0.1:3000",
        false,
        &|_| {},
    )
    .await
    .expect("import");
    assert!(report.committed);
    let registered: Vec<&str> = leptos::server_fn::axum::server_fn_paths().map(|(path, _)| path).collect();
    for path in &registered {
        assert!(MATRIX.iter().any(|(p, _, _)| p == path), "{path} has no row in the authorization matrix");
    }
    for (path, body, access) in MATRIX {
        assert!(registered.contains(path), "{path} is documented but not registered");
        let visitor = call(&app, path, *body, None).await;
        let expected = match access {
            Access::Anyone => StatusCode::OK,
            Access::LoggedIn | Access::Roles(_) | Access::RolesReach(..) => StatusCode::UNAUTHORIZED,
        };
        assert_eq!(visitor, expected, "visitor calling {path}");
        for demo in app::server::seed::DEMO_ACCOUNTS {
            let cookie = app.login_cookie(demo.login_id).await;
            let status = call(&app, path, *body, Some(&cookie)).await;
            let expected = match access {
                Access::Anyone | Access::LoggedIn => StatusCode::OK,
                Access::Roles(roles) if roles.contains(&demo.role) => StatusCode::OK,
                Access::RolesReach(roles, reached) if roles.contains(&demo.role) => *reached,
                Access::Roles(_) | Access::RolesReach(..) => StatusCode::FORBIDDEN,
            };
            assert_eq!(status, expected, "{} ({:?}) calling {path}", demo.login_id, demo.role);
        }
    }
}
