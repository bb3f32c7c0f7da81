//! Every registered server function, called as a visitor and as every demo
//! role, answers as this table documents. A new server function that is not
//! in the table fails this test until its access rule is written down here.

// Test helpers outside #[test] functions fail loudly on purpose.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use app::domain::roles::Role;
use common::TestApp;
use http::StatusCode;
use sea_orm::EntityTrait;

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

/// A valid request body for a server function. In every body, `{day+N}` and
/// `{day-N}` become the date N days from today in Japan on the test clock,
/// so that the table means the same whatever day it runs.
#[derive(Clone, Copy, Debug)]
enum Input {
    Form(&'static str),
    /// A CSV file as a multipart upload (dry run).
    Csv(&'static str),
    /// A JSON body.
    Json(&'static str),
    /// A multipart form with an optional PDF as `file`.
    Multipart(&'static [(&'static str, &'static str)], bool),
}

/// A clinic report for 新宿こどもクリニック (a member of 新宿区医師会).
const MEMBER_REPORT: &str = r#"{"survey":"clinic_daily","unit":{"Facility":5},"day":"{day+0}",
"submission_id":"5b0c8a52-4c1e-4f0e-9a5e-0d6f1c2b3a49","base_revision":null,"nothing_to_report":false,
"values":{"fever_patients":"4","pcr_tests":"2","antigen_tests":"2","positives":"1","referrals":"0"},"reason":""}"#;

/// An SOS request for 新宿こどもクリニック, made by its association.
const MEMBER_SOS: &str = r#"{"input":{"unit":{"Facility":5},"submission_id":"8f14e45f-ceea-467a-9575-6b1d2a1f0c31",
"lines":{"n95_mask":{"quantity":"100","days_of_stock":"2"}},"reason":"行列テスト","expected_batch":null}}"#;

/// Rejecting that request without a reason: refused as input, after the access check.
const REJECT_WITHOUT_REASON: &str = r#"{"input":{"request_id":1,"revision":1,"step":"reject","note":"",
"shipped_on":null,"carrier":"","tracking":"","quantities":{}}}"#;

const CSV: &str = "kind,name,prefecture,municipality,medical_code,address,designated_from
clinic,行列テスト診療所,13,131041,1310000168,東京都新宿区9-9-9,{day-30}
";

/// Another clinic, uploaded (dry run) by each role that may.
const UPLOAD: &str = "kind,name,prefecture,municipality,medical_code,address,designated_from
clinic,行列アップロード診療所,13,131041,1310000176,東京都新宿区9-9-8,{day-30}
";

/// Path, a valid body, and who may call it.
/// The officers who see area views and downloads.
const OFFICERS: &[Role] = &[Role::Municipality, Role::Prefecture, Role::MinistryAdmin];

const MATRIX: &[(&str, Input, Access)] = &[
    ("/api/area/completeness", Input::Json(r#"{"query":{}}"#), Access::Roles(OFFICERS)),
    ("/api/area/capacity", Input::Json(r#"{"query":{}}"#), Access::Roles(OFFICERS)),
    ("/api/area/supplies", Input::Json(r#"{"query":{}}"#), Access::Roles(OFFICERS)),
    ("/api/area/downloads", Input::Json(r#"{"query":{}}"#), Access::Roles(OFFICERS)),
    ("/api/session/current", Input::Form(""), Access::Anyone),
    // Anyone holding a mailed link; an unknown token answers `None`.
    ("/api/password/link", Input::Form("token=unknown"), Access::Anyone),
    ("/api/account/logins", Input::Form(""), Access::LoggedIn),
    ("/api/account/sessions", Input::Form(""), Access::LoggedIn),
    ("/api/account/notice_mail", Input::Form(""), Access::LoggedIn),
    // Off, as every demo account already is: nothing changes.
    ("/api/account/notice_mail/set", Input::Form(""), Access::LoggedIn),
    ("/api/account/display", Input::Form(""), Access::LoggedIn),
    // The default choice, as every demo account has it: nothing changes.
    ("/api/account/display/set", Input::Form("lang=&dates=western"), Access::LoggedIn),
    // Each role has only the session the table calls with: none ends.
    ("/api/account/sessions/end", Input::Form("others=true"), Access::LoggedIn),
    // The user's own authenticator (a pending one is made on first call).
    ("/api/account/second_factor", Input::Form(""), Access::LoggedIn),
    ("/api/session/second_factor_banner", Input::Form(""), Access::Anyone),
    ("/api/letters/queue", Input::Form(""), Access::Roles(&[Role::MinistryAdmin])),
    ("/api/letters/printed", Input::Form("ids[0]=1"), Access::Roles(&[Role::MinistryAdmin])),
    ("/api/accounts/import", Input::Csv(UPLOAD), Access::Roles(&[Role::MinistryAdmin, Role::Prefecture])),
    (
        "/api/accounts/register",
        Input::Form(
            "row[kind]=clinic&row[name]=行列フォーム診療所&row[prefecture]=13&row[medical_code]=1310000184&row[address]=東京都&row[designated_from]={day-30}&dry_run=on",
        ),
        Access::Roles(&[Role::MinistryAdmin, Role::Prefecture]),
    ),
    ("/api/memberships/aggregators", Input::Form(""), Access::Roles(&[Role::MinistryAdmin])),
    ("/api/memberships/list", Input::Form("aggregator_id=1"), Access::Roles(&[Role::MinistryAdmin])),
    // 千代田内科クリニック joins 新宿区医師会 next month (called once: only the
    // administrator is allowed, and a second call would overlap).
    (
        "/api/memberships/add",
        Input::Form("aggregator_id=1&medical_code=1310000037&valid_from={day+30}&valid_to="),
        Access::Roles(&[Role::MinistryAdmin]),
    ),
    // Membership 1 (新宿こどもクリニック) ends in four months: still a member today.
    ("/api/memberships/end", Input::Form("membership_id=1&valid_to={day+120}"), Access::Roles(&[Role::MinistryAdmin])),
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
    // Every logged-in role is answered; only the ministry administrator gets a date.
    ("/api/maintenance/calendar", Input::Form(""), Access::LoggedIn),
    ("/api/maintenance/plan", Input::Form(""), Access::Roles(&[Role::MinistryAdmin])),
    // Window 1, far ahead (no banner yet), then cancelled.
    (
        "/api/maintenance/save",
        Input::Json(
            r#"{"input":{"id":null,"start":"{day+400}T17:30","end":"{day+403}T08:00","message":"行列テスト"}}"#,
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
            r#"{"input":{"id":null,"title":"行列テスト","body":"本文","office":"医政局","issued_on":"{day+0}","category":"notice","audience":["Facility"]}}"#,
        ),
        Access::Roles(&[Role::MinistryAdmin]),
    ),
    ("/api/notices/edit", Input::Form("id=4"), Access::Roles(&[Role::MinistryAdmin])),
    ("/api/notices/attach", Input::Multipart(&[("notice", "4")], true), Access::Roles(&[Role::MinistryAdmin])),
    ("/api/notices/detach", Input::Form("id=1"), Access::Roles(&[Role::MinistryAdmin])),
    // Scheduling far ahead leaves the draft unpublished for the others.
    (
        "/api/notices/publish",
        Input::Json(r#"{"input":{"id":4,"at":"{day+400}T09:00"}}"#),
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
    ("/api/inquiries/about_choices", Input::Form(""), Access::LoggedIn),
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
    // The same with a multipart form (where a file may come along).
    (
        "/api/inquiries/reply",
        Input::Multipart(&[("id", "3"), ("step", "answer"), ("message", ""), ("revision", "0")], false),
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
    ("/api/accounts/email", Input::Form("user_id=9&email=x%40example.jp"), Access::Roles(&[Role::MinistryAdmin])),
    (
        "/api/accounts/sessions/end",
        Input::Form("user_id=9&handle=zz"),
        Access::RolesReach(&[Role::MinistryAdmin], StatusCode::UNPROCESSABLE_ENTITY),
    ),
    // The helpdesk console; a step without a reason is refused as input
    // after the access check, so the rows change nothing.
    ("/api/helpdesk/lookup", Input::Form("q=DEM"), Access::Roles(&[Role::Helpdesk, Role::MinistryAdmin])),
    (
        "/api/helpdesk/unlock",
        Input::Form("user_id=1&reason=&inquiry="),
        Access::RolesReach(&[Role::Helpdesk, Role::MinistryAdmin], StatusCode::UNPROCESSABLE_ENTITY),
    ),
    (
        "/api/helpdesk/resend",
        Input::Form("user_id=1&reason=&inquiry="),
        Access::RolesReach(&[Role::Helpdesk, Role::MinistryAdmin], StatusCode::UNPROCESSABLE_ENTITY),
    ),
    (
        "/api/helpdesk/reset_second_factor",
        Input::Form("user_id=1&reason=&inquiry="),
        Access::RolesReach(&[Role::Helpdesk, Role::MinistryAdmin], StatusCode::UNPROCESSABLE_ENTITY),
    ),
    // Survey versions; a draft of no survey and a draft that does not exist
    // are refused after the access check.
    ("/api/surveys/versions", Input::Form(""), Access::Roles(&[Role::MinistryAdmin])),
    ("/api/surveys/new", Input::Form("survey=hospital_daily"), Access::Roles(&[Role::MinistryAdmin])),
    (
        "/api/surveys/draft",
        Input::Form("survey=nonsense&definition=&effective_from=&notice="),
        Access::RolesReach(&[Role::MinistryAdmin], StatusCode::UNPROCESSABLE_ENTITY),
    ),
    (
        "/api/surveys/add",
        Input::Form("draft=999999&follows=2"),
        Access::RolesReach(&[Role::MinistryAdmin], StatusCode::NOT_FOUND),
    ),
    // Curating the FAQ; each change is refused as input after the access
    // check, so the rows change nothing.
    ("/api/faq/entries", Input::Form(""), Access::Roles(&[Role::Helpdesk, Role::MinistryAdmin])),
    (
        "/api/faq/edit",
        Input::Form("id=1&revision=0&category=login&question=&answer="),
        Access::RolesReach(&[Role::Helpdesk, Role::MinistryAdmin], StatusCode::UNPROCESSABLE_ENTITY),
    ),
    (
        "/api/faq/move",
        Input::Form("id=1&way=sideways"),
        Access::RolesReach(&[Role::Helpdesk, Role::MinistryAdmin], StatusCode::BAD_REQUEST),
    ),
    (
        "/api/faq/retire",
        Input::Form("id=1&step=nonsense"),
        Access::RolesReach(&[Role::Helpdesk, Role::MinistryAdmin], StatusCode::BAD_REQUEST),
    ),
    // The audit trail viewer: the ministry (everything) and prefecture officers (their area).
    ("/api/audit/trail", Input::Json(r#"{"filter":{}}"#), Access::Roles(&[Role::Prefecture, Role::MinistryAdmin])),
    ("/api/api_tokens/list", Input::Form(""), Access::Roles(&[Role::MinistryAdmin])),
    // Token 1, issued to 東京中央病院, then revoked below.
    (
        "/api/api_tokens/issue",
        Input::Form("login_id=DEMHSP22&name=行列テスト&scopes[]=data:read&days=90"),
        Access::Roles(&[Role::MinistryAdmin]),
    ),
    ("/api/api_tokens/revoke", Input::Form("id=1"), Access::Roles(&[Role::MinistryAdmin])),
];

/// `text` with every `{day+N}` / `{day-N}` replaced by that date.
fn dated(app: &TestApp, text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("{day") {
        out.push_str(&rest[..start]);
        let end = start + rest[start..].find('}').expect("closing brace");
        let days: i64 = rest[start + 4..end].trim_start_matches('+').parse().expect("{day±N}");
        out.push_str(&(app.today() + chrono::Duration::days(days)).to_string());
        rest = &rest[end + 1..];
    }
    out + rest
}

async fn call(app: &TestApp, path: &str, body: Input, cookie: Option<&str>) -> StatusCode {
    match body {
        Input::Form(form) => app.post_form(path, &dated(app, form), cookie).await.status,
        Input::Csv(csv) => app.post_csv(path, dated(app, csv).as_bytes(), true, cookie).await.status,
        Input::Multipart(fields, pdf) => {
            let file = pdf.then_some(("行列.pdf", b"%PDF-1.4 matrix".as_slice()));
            app.post_multipart(path, fields, file, cookie).await.status
        }
        Input::Json(json) => {
            let json = dated(app, json);
            let body = if path.ends_with("/submit") { format!(r#"{{"input":{json}}}"#) } else { json };
            app.post_json(path, &serde_json::from_str(&body).expect("json"), cookie).await.status
        }
    }
}

#[tokio::test]
async fn every_server_function_answers_every_role_as_documented() {
    let app = TestApp::new().await;
    let rows = app::server::registration::parse_csv(dated(&app, CSV).as_bytes()).expect("csv");
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

#[test]
fn the_demo_accounts_cover_every_role() {
    let mut roles: Vec<Role> = app::server::seed::DEMO_ACCOUNTS.iter().map(|d| d.role).collect();
    roles.dedup();
    assert_eq!(roles, Role::ALL.to_vec(), "one demo account per role, in the order of Role::ALL");
}

/// What a plain route answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Answer {
    Status(u16),
    /// A 303/302 to a location starting with this.
    Redirect(&'static str),
}

/// What a plain route did answer: its status, and where it redirected.
#[derive(Debug)]
struct Got(u16, Option<String>);

async fn plain(app: &TestApp, method: &http::Method, path: &str, form: &str, cookie: Option<&str>) -> Got {
    let res = if *method == http::Method::GET {
        app.get(path, cookie).await
    } else {
        app.post_form(path, form, cookie).await
    };
    Got(res.status.as_u16(), res.location().filter(|_| res.status.is_redirection()).map(str::to_owned))
}

fn matches(expected: Answer, got: &Got) -> bool {
    match (expected, got) {
        (Answer::Redirect(prefix), Got(_, Some(location))) => location.starts_with(prefix),
        (Answer::Status(status), Got(got, None)) => status == *got,
        _ => false,
    }
}

/// Every plain route (form posts, downloads, health), as a visitor and as
/// every role, on its own data and on another party's; refusals audited.
#[tokio::test]
async fn every_plain_route_answers_every_role_as_documented() {
    use Answer::{Redirect, Status};
    let app = TestApp::new().await;
    let admin = app.login_cookie("DEMADM22").await;
    let today = app.today();
    // An attachment of a notice for facilities (hospitals and clinics).
    let save = json_body(&format!(
        r#"{{"input":{{"id":null,"title":"添付つき","body":"本文","office":"医政局","issued_on":"{today}","category":"notice","audience":["Facility"]}}}}"#
    ));
    let notice: i32 = app.post_json("/api/notices/save", &save, Some(&admin)).await.body.parse().unwrap();
    let publish = json_body(&format!(r#"{{"input":{{"id":{notice},"at":""}}}}"#));
    assert_eq!(app.post_json("/api/notices/publish", &publish, Some(&admin)).await.status, StatusCode::OK);
    let pdf = b"%PDF-1.4 matrix".as_slice();
    let res = app
        .post_multipart(
            "/api/notices/attach",
            &[("notice", &notice.to_string())],
            Some(("様式.pdf", pdf)),
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let attachment = app::server::entities::attachment::Entity::find().all(&app.db).await.unwrap()[0].id;

    let report = |unit: &str| {
        let survey = match unit {
            "f1" => "hospital_daily",
            "c1" => "centre_daily",
            _ => "clinic_daily",
        };
        format!("survey={survey}&unit={unit}&day={today}&submission_id={}&action=nothing", uuid::Uuid::new_v4())
    };
    let token_form = "login_id=DEMPRF22&name=matrix&scopes%5B%5D=data%3Aread&days=30".to_owned();
    // An inquiry of the hospital; an empty answer to it is refused as input
    // after the access check, so the rows change nothing.
    let inquiry = app.open_inquiry(&app.login_cookie("DEMHSP22").await, "行列テスト").await;
    let empty_answer = format!("id={inquiry}&revision=0&step=answer&message=");
    let answered_back: &'static str = format!("/inquiries/{inquiry}?invalid=answer").leak();
    let empty_faq = format!("inquiry={inquiry}&message_id=1&question=&answer=");
    let faq_back: &'static str = format!("/inquiries/{inquiry}?faq=invalid").leak();
    let sos = |unit: &str| {
        format!(
            "unit={unit}&submission_id={}&q.n95_mask=20&d.n95_mask=2&reason=%E4%B8%8D%E8%B6%B3",
            uuid::Uuid::new_v4()
        )
    };
    // A request of 東京中央病院 (f1) for the step rows: the reviewers may not
    // confirm its receipt, and nobody else may accept it, the hospital itself
    // neither.
    let hospital = app.login_cookie("DEMHSP22").await;
    let res = app.post_form("/supplies/requests/submit", &sos("f1"), Some(&hospital)).await;
    assert!(res.location().is_some_and(|l| l.starts_with("/supplies/requests/")), "{} {}", res.status, res.body);
    let request = app::server::entities::sos_request::Entity::find().all(&app.db).await.unwrap()[0].id;
    let sos_step = |step: &str| format!("request_id={request}&revision=1&step={step}&note=");
    // A window that ends before it starts is refused as input after the
    // access check, and no window 999999 exists: the rows change nothing.
    let window_form = "start=2000-01-02T10%3A00&end=2000-01-02T09%3A00&message=matrix";
    // A notice without a title, a publication in the past and a withdrawal
    // without a reason are refused as input after the access check, and no
    // attachment 999999 exists: the rows change nothing.
    let notice_forms = [
        ("/admin/notices/save", "id=&title=&body=&office=&issued_on=&category=notice".to_owned()),
        ("/admin/notices/publish", format!("id={notice}&at=2000-01-01T00%3A00")),
        ("/admin/notices/withdraw", format!("id={notice}&reason=")),
        ("/admin/notices/detach", format!("id={notice}&attachment=999999")),
    ];
    let notice_back = |why: &str| -> &'static str { format!("/admin/notices/{notice}?invalid={why}").leak() };
    let paths: Vec<&str> = server::web::plain_routes().iter().map(|(p, _)| *p).collect();
    let documented = [
        "/login",
        "/login/code",
        "/account/second-factor/confirm",
        "/api/passkeys/login/start",
        "/api/passkeys/login/finish",
        "/api/passkeys/register/start",
        "/api/passkeys/register/finish",
        "/account/passkeys/remove",
        "/logout",
        "/password/set",
        "/password/forgot",
        "/account/password",
        "/reports/submit",
        "/inquiries/step",
        "/inquiries/faq",
        "/supplies/requests/submit",
        "/supplies/requests/step",
        "/supplies/review.csv",
        "/area/download",
        "/attachments/{id}",
        "/healthz",
        "/readyz",
        "/admin/audit.csv",
        "/admin/accounts/import/example.csv",
        "/admin/accounts/import/upload",
        "/admin/api-tokens/issue",
        "/admin/maintenance/save",
        "/admin/maintenance/cancel",
        "/admin/notices/save",
        "/admin/notices/publish",
        "/admin/notices/withdraw",
        "/admin/notices/detach",
    ];
    assert_eq!(paths, documented, "every plain route has its rows below");

    // Visitors.
    let attachment_path = format!("/attachments/{attachment}");
    for (method, path, form, expected) in [
        (http::Method::POST, "/login", "login_id=DEMHSP22&password=wrong-wrong-wrong", Redirect("/login?failed=1")),
        (http::Method::POST, "/login/code", "code=123456", Redirect("/login?failed=1")),
        (http::Method::POST, "/account/second-factor/confirm", "code=123456", Redirect("/login")),
        // Passkeys need a host name in the public URL; this app's is an IP
        // address, so sign-in says so (server/tests/passkeys.rs has the rest).
        (http::Method::POST, "/api/passkeys/login/start", "", Status(409)),
        (http::Method::POST, "/api/passkeys/login/finish", "", Status(409)),
        (http::Method::POST, "/api/passkeys/register/start", "", Status(401)),
        (http::Method::POST, "/api/passkeys/register/finish", "", Status(401)),
        (http::Method::POST, "/account/passkeys/remove", "id=1", Redirect("/login")),
        (http::Method::POST, "/logout", "", Redirect("/login?bye=1")),
        (http::Method::POST, "/inquiries/step", &empty_answer, Redirect("/login")),
        (http::Method::POST, "/inquiries/faq", &empty_faq, Redirect("/login")),
        (http::Method::POST, "/password/set", "token=nope&password=x&confirmation=x", Redirect("/password/set?")),
        (http::Method::POST, "/password/forgot", "login_id=NXYZ2345", Redirect("/password/forgot?sent=1")),
        (http::Method::POST, "/account/password", "current=x&password=y&confirmation=y", Redirect("/login")),
        (http::Method::POST, "/reports/submit", &report("f1"), Redirect("/login")),
        (http::Method::POST, "/supplies/requests/submit", &sos("f1"), Redirect("/login")),
        (http::Method::POST, "/supplies/requests/step", &sos_step("accept"), Redirect("/login")),
        (http::Method::GET, "/supplies/review.csv", "", Redirect("/login")),
        (http::Method::GET, "/area/download?kind=missing", "", Redirect("/login")),
        (http::Method::GET, &attachment_path, "", Redirect("/login")),
        (http::Method::GET, "/healthz", "", Status(200)),
        (http::Method::GET, "/readyz", "", Status(200)),
        (http::Method::GET, "/admin/audit.csv", "", Redirect("/login")),
        (http::Method::GET, "/admin/accounts/import/example.csv", "", Redirect("/login")),
        (http::Method::POST, "/admin/accounts/import/upload", "dry_run=on", Redirect("/login")),
        (http::Method::POST, "/admin/api-tokens/issue", &token_form, Redirect("/login")),
        (http::Method::POST, "/admin/maintenance/save", window_form, Redirect("/login")),
        (http::Method::POST, "/admin/maintenance/cancel", "id=999999", Redirect("/login")),
    ] {
        let got = plain(&app, &method, path, form, None).await;
        assert!(matches(expected, &got), "visitor {method} {path}: {got:?}, documented {expected:?}");
    }
    for (path, form) in &notice_forms {
        let got = plain(&app, &http::Method::POST, path, form, None).await;
        assert!(matches(Redirect("/login"), &got), "visitor POST {path}: {got:?}");
    }

    for demo in app::server::seed::DEMO_ACCOUNTS {
        let cookie = app.login_cookie(demo.login_id).await;
        let role = demo.role;
        let denied_before = app.audit_actions().await.iter().filter(|a| *a == "access.denied").count();
        let mut refusals = 0;
        let reviewer = matches!(role, Role::Prefecture | Role::MinistryAdmin);
        let in_audience = role == Role::Facility || role == Role::MinistryAdmin;
        let other_unit = if demo.login_id == "DEMHSP22" { "f4" } else { "f1" };
        let mut rows = vec![
            // Not a code: refused, nothing enrolled (with or without a pending key).
            (
                http::Method::POST,
                "/account/second-factor/confirm".to_owned(),
                "code=abc".to_owned(),
                Redirect("/account/second-factor?error="),
            ),
            (
                http::Method::POST,
                "/account/password".to_owned(),
                "current=not-mine-at-all&password=y&confirmation=y".to_owned(),
                Redirect("/account?error=current"),
            ),
            (http::Method::POST, "/reports/submit".to_owned(), report(other_unit), Status(403)),
            (
                http::Method::POST,
                "/inquiries/step".to_owned(),
                empty_answer.clone(),
                if matches!(role, Role::Helpdesk | Role::MinistryAdmin) {
                    Redirect(answered_back)
                } else {
                    Status(403)
                },
            ),
            (
                http::Method::POST,
                "/inquiries/faq".to_owned(),
                empty_faq.clone(),
                if matches!(role, Role::Helpdesk | Role::MinistryAdmin) { Redirect(faq_back) } else { Status(403) },
            ),
            (http::Method::POST, "/supplies/requests/submit".to_owned(), sos(other_unit), Status(403)),
            (
                http::Method::POST,
                "/supplies/requests/step".to_owned(),
                sos_step(if reviewer { "receive" } else { "accept" }),
                Status(403),
            ),
            (
                http::Method::GET,
                "/supplies/review.csv".to_owned(),
                String::new(),
                if reviewer { Status(200) } else { Status(403) },
            ),
            (
                http::Method::GET,
                "/area/download?kind=missing&format=xlsx".to_owned(),
                String::new(),
                if OFFICERS.contains(&role) { Status(200) } else { Status(403) },
            ),
            (
                http::Method::GET,
                attachment_path.clone(),
                String::new(),
                if in_audience { Status(200) } else { Status(403) },
            ),
            (http::Method::GET, "/healthz".to_owned(), String::new(), Status(200)),
            (http::Method::GET, "/readyz".to_owned(), String::new(), Status(200)),
            // The audit trail's CSV (its download audited as `audit.downloaded`).
            (
                http::Method::GET,
                "/admin/audit.csv".to_owned(),
                String::new(),
                if reviewer { Status(200) } else { Status(403) },
            ),
            (http::Method::GET, "/admin/accounts/import/example.csv".to_owned(), String::new(), Status(200)),
            // Not a file upload: refused as input after the access check, nothing read.
            (
                http::Method::POST,
                "/admin/accounts/import/upload".to_owned(),
                "dry_run=on".to_owned(),
                if matches!(role, Role::MinistryAdmin | Role::Prefecture) { Status(422) } else { Status(403) },
            ),
            (
                http::Method::POST,
                "/admin/api-tokens/issue".to_owned(),
                token_form.clone(),
                if role == Role::MinistryAdmin { Status(200) } else { Status(403) },
            ),
            (
                http::Method::POST,
                "/admin/maintenance/save".to_owned(),
                window_form.to_owned(),
                if role == Role::MinistryAdmin { Redirect("/admin/maintenance?invalid=1") } else { Status(403) },
            ),
            (
                http::Method::POST,
                "/admin/maintenance/cancel".to_owned(),
                "id=999999".to_owned(),
                if role == Role::MinistryAdmin { Status(404) } else { Status(403) },
            ),
        ];
        // Every signed-in user may manage their own passkeys (none here).
        for (path, form, expected) in [
            ("/api/passkeys/login/start", "", Status(409)),
            ("/api/passkeys/register/start", "", Status(409)),
            ("/api/passkeys/register/finish", "", Status(409)),
            ("/account/passkeys/remove", "id=999999", Redirect("/account/second-factor?passkey=notfound")),
        ] {
            rows.push((http::Method::POST, path.to_owned(), form.to_owned(), expected));
        }
        let admin = role == Role::MinistryAdmin;
        for ((path, form), expected) in notice_forms.iter().zip([
            Redirect("/admin/notices/new?invalid=save"),
            Redirect(notice_back("publish")),
            Redirect(notice_back("withdraw")),
            Status(404),
        ]) {
            rows.push((
                http::Method::POST,
                (*path).to_owned(),
                form.clone(),
                if admin { expected } else { Status(403) },
            ));
        }
        if let Some(unit) = own_unit(demo.login_id) {
            rows.push((http::Method::POST, "/reports/submit".to_owned(), report(unit), Redirect("/reports?")));
            // Facilities (and an association for its member clinics) ask for supplies; centres do not.
            let sos_answer = if unit.starts_with('f') { Redirect("/supplies/requests/") } else { Status(403) };
            rows.push((http::Method::POST, "/supplies/requests/submit".to_owned(), sos(unit), sos_answer));
        }
        for (method, path, form, expected) in rows {
            let got = plain(&app, &method, &path, &form, Some(&cookie)).await;
            assert!(
                matches(expected, &got),
                "{} ({role:?}) {method} {path}: {got:?}, documented {expected:?}",
                demo.login_id
            );
            refusals += usize::from(got.0 == 403);
        }
        let denied = app.audit_actions().await.iter().filter(|a| *a == "access.denied").count();
        assert_eq!(denied - denied_before, refusals, "{}: every refusal is audited", demo.login_id);
        let got = plain(&app, &http::Method::POST, "/logout", "", Some(&cookie)).await;
        assert!(matches(Redirect("/login?bye=1"), &got), "{} logs out: {got:?}", demo.login_id);
    }
}

/// Every page: a visitor is sent to the login page, except from the pages
/// that come before login.
#[tokio::test]
async fn every_page_sends_visitors_to_the_login_page() {
    let app = TestApp::new().await;
    for route in server::web::route_list() {
        let path = route.path().replace("{id}", "1").replace(":id", "1");
        let res = app.get(&path, None).await;
        if ["/login", "/login/code", "/password/set", "/password/forgot"].contains(&path.as_str()) {
            assert_eq!(res.status, StatusCode::OK, "{path}");
        } else {
            assert_eq!(res.location(), Some("/login"), "{path}");
        }
    }
}

/// The reporting unit a demo account enters for (an association: one of its
/// members), if any.
fn own_unit(login_id: &str) -> Option<&'static str> {
    match login_id {
        "DEMHSP22" => Some("f1"),
        "DEMCLN22" => Some("f4"),
        "DEMAGG22" => Some("f5"),
        "DEMCTR22" => Some("c1"),
        _ => None,
    }
}

/// Data-scoped server functions, per role, on the role's own data and on
/// another party's: the answer comes from the scope rule, not from a fixture
/// that happens to belong to someone else.
#[tokio::test]
async fn each_role_reaches_its_own_data_and_no_one_elses() {
    let app = TestApp::new().await;
    let mut cookies = Vec::new();
    let mut inquiries = Vec::new();
    for demo in app::server::seed::DEMO_ACCOUNTS {
        let cookie = app.login_cookie(demo.login_id).await;
        inquiries.push(app.open_inquiry(&cookie, "自分の問い合わせ").await);
        cookies.push(cookie);
    }
    for (i, demo) in app::server::seed::DEMO_ACCOUNTS.iter().enumerate() {
        let cookie = &cookies[i];
        let sees_all = matches!(demo.role, Role::Helpdesk | Role::MinistryAdmin);
        for (j, inquiry) in inquiries.iter().enumerate() {
            let status = app.post_form("/api/inquiries/get", &format!("id={inquiry}"), Some(cookie)).await.status;
            let expected = if i == j || sees_all { StatusCode::OK } else { StatusCode::FORBIDDEN };
            let owner = app::server::seed::DEMO_ACCOUNTS[j].login_id;
            assert_eq!(status, expected, "{} reading inquiry {inquiry} of {owner}", demo.login_id);
        }
        for unit in ["f1", "f4", "f5", "c1"] {
            let status = app.post_form("/api/reports/form", &format!("unit={unit}"), Some(cookie)).await.status;
            let expected = if own_unit(demo.login_id) == Some(unit) { StatusCode::OK } else { StatusCode::FORBIDDEN };
            assert_eq!(status, expected, "{} opening the report form of {unit}", demo.login_id);
        }
    }
}

fn json_body(text: &str) -> serde_json::Value {
    serde_json::from_str(text).expect("json")
}
