//! The ministry administrators' page of API tokens (`/admin/api-tokens`) and
//! its server functions: issuing shows the token once and the page never
//! again, the list shows where each token stands, revoking stops it at once,
//! and nobody else gets in.

// Test helpers outside #[test] functions fail loudly on purpose.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use app::domain::api_tokens::{ApiScope, IssuedToken, TokenRow, TokenState};
use app::domain::time::format_datetime;
use axum::body::Body;
use common::{HOSPITAL, TestApp};
use http::{Request, StatusCode, header};

const ADMIN: &str = "DEMADM22";

/// The issue form as a browser sends it: `scopes[]` once per ticked box,
/// brackets and all percent-encoded.
fn issue_form(login_id: &str, name: &str, scopes: &[ApiScope], days: &str) -> String {
    let mut fields = vec![("login_id", login_id), ("name", name)];
    fields.extend(scopes.iter().map(|s| ("scopes[]", s.code())));
    fields.push(("days", days));
    serde_urlencoded::to_string(fields).unwrap()
}

async fn issue(app: &TestApp, cookie: &str, name: &str, scopes: &[ApiScope]) -> IssuedToken {
    let res = app.post_form("/api/api_tokens/issue", &issue_form(HOSPITAL, name, scopes, "90"), Some(cookie)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    serde_json::from_str(&res.body).unwrap()
}

async fn list(app: &TestApp, cookie: &str) -> Vec<TokenRow> {
    let res = app.post_form("/api/api_tokens/list", "", Some(cookie)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    serde_json::from_str(&res.body).unwrap()
}

/// What `/api/v1` answers `token` on its simplest operation.
async fn api_status(app: &TestApp, token: &str) -> StatusCode {
    let req = Request::get("/api/v1/surveys")
        .header(header::USER_AGENT, "curl/8.5.0")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    app.request(req).await.status
}

#[tokio::test]
async fn the_admin_issues_a_token_sees_it_once_in_the_list_and_revokes_it() {
    let app = TestApp::new().await;
    let a = app::i18n::t().api();
    let admin = app.login_cookie(ADMIN).await;

    let empty = app.get("/admin/api-tokens", Some(&admin)).await;
    assert_eq!(empty.status, StatusCode::OK);
    for text in [a.tokens_title, a.issue_heading, a.none_yet, a.docs_link] {
        assert!(empty.body.contains(text), "the page shows {text}");
    }
    assert!(empty.body.contains(r#"href="/api/v1/docs""#));

    let issued = issue(&app, &admin, "電子カルテ連携", &[ApiScope::DataRead, ApiScope::ReportWrite]).await;
    assert!(issued.token.starts_with("gmis_"), "{}", issued.token);
    assert!(issued.token.starts_with(&issued.row.prefix) && issued.row.prefix.len() < issued.token.len());
    assert_eq!(issued.row.login_id, HOSPITAL);
    assert_eq!(issued.row.scopes, [ApiScope::ReportWrite, ApiScope::DataRead]);
    assert_eq!(issued.row.state, TokenState::Active);
    assert_eq!(issued.row.expires_at, issued.row.created_at + chrono::Duration::days(90));

    let page = app.get("/admin/api-tokens", Some(&admin)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&issued.row.prefix), "the list shows the token's first characters");
    assert!(!page.body.contains(&issued.token), "the page never shows the token again");
    for text in [
        "電子カルテ連携",
        "東京中央病院",
        (a.scope_label)(ApiScope::ReportWrite),
        (a.scope_label)(ApiScope::DataRead),
        a.never_used,
        (a.state_label)(TokenState::Active),
        a.revoke_button,
    ] {
        assert!(page.body.contains(text), "the list shows {text}");
    }
    assert!(page.body.contains(&format_datetime(issued.row.created_at)), "dates in Japan time");
    assert!(page.body.contains(&format_datetime(issued.row.expires_at)));

    assert_eq!(api_status(&app, &issued.token).await, StatusCode::OK);
    let used = app.get("/admin/api-tokens", Some(&admin)).await;
    assert!(!used.body.contains(a.never_used), "the first use is shown");

    // Revoked with the list's button: the browser comes back to the list,
    // which says so.
    let res = app
        .post_form_from_page("/admin/api-tokens", "/api/api_tokens/revoke", &format!("id={}", issued.row.id), &admin)
        .await;
    assert_eq!(res.location(), Some("/admin/api-tokens?done=revoked"));
    assert_eq!(api_status(&app, &issued.token).await, StatusCode::UNAUTHORIZED, "refused at once");
    assert_eq!(list(&app, &admin).await[0].state, TokenState::Revoked);
    let revoked = app.get("/admin/api-tokens?done=revoked", Some(&admin)).await;
    assert!(revoked.body.contains(a.revoked_done), "the list says it was revoked");
    assert!(revoked.body.contains((a.state_label)(TokenState::Revoked)));
    assert!(!revoked.body.contains(a.revoke_button), "a revoked token has nothing left to revoke");
    let again = app.post_form("/api/api_tokens/revoke", &format!("id={}", issued.row.id), Some(&admin)).await;
    assert_eq!(again.status, StatusCode::OK, "revoking twice changes nothing");

    let actions = app.audit_actions().await;
    for action in ["api_token.issued", "api_token.revoked"] {
        assert_eq!(actions.iter().filter(|a| *a == action).count(), 1, "{action} audited once");
    }
}

#[tokio::test]
async fn a_bad_form_is_answered_field_by_field_and_issues_nothing() {
    let app = TestApp::new().await;
    let a = app::i18n::t().api();
    let admin = app.login_cookie(ADMIN).await;

    let no_number = issue_form(HOSPITAL, "連携", &[ApiScope::DataRead], "九十");
    let res = app.post_form("/api/api_tokens/issue", &no_number, Some(&admin)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains(a.bad_days), "{}", res.body);

    // No box ticked sends no `scopes` at all: a message, not a decoding error.
    let res = app.post_form("/api/api_tokens/issue", &issue_form("NXYZ2345", "", &[], "0"), Some(&admin)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    for text in [a.no_scopes, a.bad_days, a.bad_name, a.unknown_account] {
        assert!(res.body.contains(text), "{text} in {}", res.body);
    }

    // Unknown codes are dropped, never read as something wider.
    let form = format!("{}&scopes%5B%5D=admin", issue_form(HOSPITAL, "連携", &[], "30"));
    let res = app.post_form("/api/api_tokens/issue", &form, Some(&admin)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains(a.no_scopes));

    assert!(list(&app, &admin).await.is_empty());
}

#[tokio::test]
async fn only_ministry_admins_reach_the_tokens() {
    let app = TestApp::new().await;
    let t = app::i18n::t();
    let admin = app.login_cookie(ADMIN).await;
    let issued = issue(&app, &admin, "電子カルテ連携", &[ApiScope::ReportWrite]).await;

    let hospital = app.login_cookie(HOSPITAL).await;
    let calls = [
        ("/api/api_tokens/list", String::new()),
        ("/api/api_tokens/issue", issue_form(HOSPITAL, "自分で発行", &[ApiScope::DataRead], "90")),
        ("/api/api_tokens/revoke", format!("id={}", issued.row.id)),
    ];
    for (path, form) in &calls {
        assert_eq!(app.post_form(path, form, Some(&hospital)).await.status, StatusCode::FORBIDDEN, "{path}");
        assert_eq!(app.post_form(path, form, None).await.status, StatusCode::UNAUTHORIZED, "{path}");
    }
    assert_eq!(list(&app, &admin).await.len(), 1, "nothing issued by the refused calls");
    assert_eq!(api_status(&app, &issued.token).await, StatusCode::OK, "nor revoked");

    let page = app.get("/admin/api-tokens", Some(&hospital)).await;
    assert!(page.body.contains(t.error_forbidden));
    assert!(!page.body.contains(&issued.row.prefix) && !page.body.contains(t.api().issue_button));

    // Reached from the home page like the other administration pages.
    let (label, _) = t.accounts().capability(app::domain::roles::Capability::ApiTokens);
    let admin_home = app.get("/", Some(&admin)).await;
    assert!(admin_home.body.contains(r#"href="/admin/api-tokens""#) && admin_home.body.contains(label));
    let hospital_home = app.get("/", Some(&hospital)).await;
    assert!(!hospital_home.body.contains("/admin/api-tokens"));
}

#[tokio::test]
async fn a_name_with_markup_is_shown_as_text() {
    let app = TestApp::new().await;
    let admin = app.login_cookie(ADMIN).await;
    let issued = issue(&app, &admin, r#"<script>alert("x")</script>"#, &[ApiScope::DataRead]).await;
    assert_eq!(issued.row.name, r#"<script>alert("x")</script>"#, "stored as typed");
    let page = app.get("/admin/api-tokens", Some(&admin)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("<script>alert"), "never markup");
    assert!(page.body.contains("&lt;script&gt;alert"), "shown as text");
}

/// Without JavaScript the form posts to a handler that answers with the
/// token on its page, once, never cached.
#[tokio::test]
async fn without_javascript_the_issued_token_is_shown_on_the_answer_page() {
    let app = TestApp::new().await;
    let admin = app.login_cookie("DEMADM22").await;
    let form = "login_id=DEMPRF22&name=%E7%9C%8C%E3%82%B7%E3%82%B9%E3%83%86%E3%83%A0&scopes%5B%5D=data%3Aread&days=30";
    let res = app.post_form("/admin/api-tokens/issue", form, Some(&admin)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.headers[header::CACHE_CONTROL], "no-store");
    let token = res.body.split("gmis_").nth(1).and_then(|rest| rest.split('<').next()).expect("token on the page");
    assert_eq!(api_status(&app, &format!("gmis_{token}")).await, StatusCode::OK);
    assert!(res.body.contains("県システム"));
    // A bad form: the reasons, nothing issued.
    let res = app.post_form("/admin/api-tokens/issue", "login_id=&name=&days=0", Some(&admin)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!res.body.contains("gmis_"));
    assert_eq!(list(&app, &admin).await.len(), 1);
}
