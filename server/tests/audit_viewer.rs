//! The audit trail viewer (`/admin/audit`, issue 20 item 4) and its CSV
//! (`/admin/audit.csv`): the ministry sees every entry and filters them;
//! a prefecture officer sees only the entries about its own accounts and
//! facilities; the CSV is UTF-8 with BOM, Japanese headed, and its
//! download is itself audited; bad filters get Japanese messages and record
//! nothing; every other role is refused (and the refusal audited).

// Test helpers outside #[test] functions fail loudly on purpose.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use app::domain::audit_trail::{AuditEntryView, AuditTrailPage};
use app::domain::jurisdiction::AccountStatus;
use app::domain::roles::Role;
use app::server::audit::{AuditAction, AuditEntry};
use app::server::entities::{audit_log, facility, user};
use common::{HOSPITAL, TestApp};
use http::StatusCode;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};

const ADMIN: &str = "DEMADM22";
const PREFECTURE: &str = "DEMPRF22";
const CLINIC: &str = "DEMCLN22";
/// The Osaka hospital's account this file adds (大阪みなと医療センター).
const OSAKA: &str = "DEMHSP27";

fn texts() -> &'static app::i18n::AuditTexts {
    app::i18n::t().audit()
}

/// Today in Japan on the wall clock, which audit rows are written on.
fn wall_today() -> chrono::NaiveDate {
    app::domain::time::japan_date(chrono::Utc::now())
}

async fn trail_response(app: &TestApp, cookie: Option<&str>, filter: serde_json::Value) -> common::TestResponse {
    app.post_json("/api/audit/trail", &serde_json::json!({ "filter": filter }), cookie).await
}

async fn trail(app: &TestApp, cookie: &str, filter: serde_json::Value) -> AuditTrailPage {
    let res = trail_response(app, Some(cookie), filter).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    serde_json::from_str(&res.body).unwrap()
}

fn by(entries: &[AuditEntryView], actor: &str, action: &str) -> usize {
    entries.iter().filter(|e| e.actor == actor && e.action == action).count()
}

async fn user_id(app: &TestApp, login_id: &str) -> i32 {
    user::Entity::find().filter(user::Column::LoginId.eq(login_id)).one(&app.db).await.unwrap().unwrap().id
}

async fn audit_rows(app: &TestApp) -> u64 {
    audit_log::Entity::find().count(&app.db).await.unwrap()
}

async fn change_email(app: &TestApp, admin: &str, login_id: &str, email: &str) {
    let id = user_id(app, login_id).await;
    let form = format!("user_id={id}&email={}", email.replace('@', "%40"));
    let res = app.post_form("/api/accounts/email", &form, Some(admin)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
}

/// An account for the Osaka hospital of the demo data, with the demo password.
async fn add_osaka_account(app: &TestApp) {
    let hospital = user::Entity::find().filter(user::Column::LoginId.eq(HOSPITAL)).one(&app.db).await.unwrap().unwrap();
    let osaka = facility::Entity::find()
        .filter(facility::Column::MedicalCode.eq("2710000015"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let now = chrono::Utc::now();
    user::ActiveModel {
        id: NotSet,
        login_id: Set(OSAKA.to_owned()),
        role: Set(Role::Facility),
        display_name: Set(osaka.name.clone()),
        email: Set(Some("osaka@demo.gmis.example".to_owned())),
        prefecture_code: Set(None),
        municipality_code: Set(None),
        facility_id: Set(Some(osaka.id)),
        centre_id: Set(None),
        aggregator_id: Set(None),
        password_hash: Set(hospital.password_hash.clone()),
        status: Set(AccountStatus::Active),
        migrated: Set(false),
        failed_logins: Set(0),
        locked_until: Set(None),
        password_changed_at: Set(Some(now)),
        created_at: Set(now),
        second_factor_due: Set(None),
        notice_mail: Set(false),
        lang: Set(None),
        date_style: Set("western".to_owned()),
    }
    .insert(&app.db)
    .await
    .unwrap();
}

#[tokio::test]
async fn the_ministry_sees_every_entry_newest_first_and_filters_them() {
    let app = TestApp::new().await;
    let admin = app.login_cookie(ADMIN).await;
    app.login_cookie(HOSPITAL).await;
    assert_eq!(app.login(CLINIC, "wrong-wrong-wrong-wrong").await.location(), Some("/login?failed=1"));
    change_email(&app, &admin, HOSPITAL, "new.clerk@hospital.example.jp").await;

    let all = trail(&app, &admin, serde_json::json!({})).await;
    assert!(all.national);
    let ids: Vec<i64> = all.entries.iter().map(|e| e.id).collect();
    assert!(ids.windows(2).all(|w| w[0] > w[1]), "newest first: {ids:?}");
    assert_eq!(by(&all.entries, HOSPITAL, "login.succeeded"), 1);
    assert_eq!(by(&all.entries, CLINIC, "login.failed"), 1);
    let login = all.entries.iter().find(|e| e.actor == HOSPITAL).unwrap();
    assert_eq!(login.action_label, "ログイン成功");
    assert_eq!(login.outcome_label, "成功");
    assert_eq!(login.ip.as_deref(), Some("127.0.0.1"));

    // By actor (as typed, any case), action and outcome.
    let clinic = trail(&app, &admin, serde_json::json!({ "actor": " demcln22 " })).await;
    assert!(!clinic.entries.is_empty());
    assert!(clinic.entries.iter().all(|e| e.actor == CLINIC), "{:?}", clinic.entries);
    let failed = trail(&app, &admin, serde_json::json!({ "action": "login.failed" })).await;
    assert_eq!(failed.entries.len(), 1);
    assert_eq!(failed.entries[0].outcome_label, "拒否");
    let refused = trail(&app, &admin, serde_json::json!({ "outcome": "refused" })).await;
    assert!(refused.entries.iter().all(|e| e.outcome == "refused"));
    assert!(refused.entries.iter().any(|e| e.action == "login.failed"));

    // By target: the login ID or the hospital's 医療機関コード; the change reads old → new.
    for target in [HOSPITAL, "demhsp22", "1310000011"] {
        let about = trail(&app, &admin, serde_json::json!({ "target": target })).await;
        let changed: Vec<&AuditEntryView> =
            about.entries.iter().filter(|e| e.action == "account.email_changed").collect();
        assert_eq!(changed.len(), 1, "{target}: {:?}", about.entries);
        assert_eq!(changed[0].target.as_deref(), Some("アカウント DEMHSP22"));
        assert_eq!(
            changed[0].detail[0].text(),
            "メールアドレス: demhsp22@demo.gmis.example → new.clerk@hospital.example.jp"
        );
        assert!(about.entries.iter().all(|e| e.target.as_deref() == Some("アカウント DEMHSP22")), "{target}");
    }
    assert!(trail(&app, &admin, serde_json::json!({ "target": "NOSUCHID" })).await.entries.is_empty());

    // By Japan dates (audit rows are on the wall clock).
    let today = wall_today().to_string();
    let tomorrow = wall_today().succ_opt().unwrap().to_string();
    let yesterday = wall_today().pred_opt().unwrap().to_string();
    let on_today = trail(&app, &admin, serde_json::json!({ "from": today, "to": today })).await;
    assert_eq!(on_today.entries.len(), all.entries.len());
    assert!(trail(&app, &admin, serde_json::json!({ "from": tomorrow })).await.entries.is_empty());
    assert!(trail(&app, &admin, serde_json::json!({ "to": yesterday })).await.entries.is_empty());
}

#[tokio::test]
async fn pages_of_fifty_link_older_and_newer_keeping_the_filters() {
    let app = TestApp::new().await;
    let admin = app.login_cookie(ADMIN).await;
    let hospital = user_id(&app, HOSPITAL).await;
    let entries: Vec<AuditEntry> = (0..60)
        .map(|i| {
            let mut e = AuditEntry::new(AuditAction::AccessDenied, Some(hospital), HOSPITAL);
            e.detail = Some(serde_json::json!({ "what": format!("test.{i}") }));
            e
        })
        .collect();
    app::server::audit::record_all(&app.db, entries).await.unwrap();
    let filter = serde_json::json!({ "actor": HOSPITAL, "action": "access.denied" });
    let first = trail(&app, &admin, filter.clone()).await;
    assert_eq!(first.entries.len(), 50);
    assert_eq!(first.newer, None);
    assert_eq!(first.entries[0].detail[0].text(), "操作対象: test.59");
    let before = first.older.expect("an older page");
    let mut next_filter = filter.clone();
    next_filter["before"] = serde_json::json!(before.to_string());
    let second = trail(&app, &admin, next_filter).await;
    assert_eq!(second.entries.len(), 10);
    assert_eq!(second.older, None);
    assert_eq!(second.entries.last().unwrap().detail[0].text(), "操作対象: test.0");
    let mut back = filter.clone();
    back["after"] = serde_json::json!(second.newer.expect("a newer page").to_string());
    let again = trail(&app, &admin, back).await;
    assert_eq!(again.entries, first.entries);

    // The page itself: the links keep the filters, without JavaScript.
    let page = app.get("/admin/audit?actor=DEMHSP22&action=access.denied", Some(&admin)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(texts().older), "{}", page.body);
    let next = format!("actor=DEMHSP22&amp;action=access.denied&amp;before={before}");
    assert!(page.body.contains(&next) || page.body.contains(&next.replace("&amp;", "&")), "{}", page.body);
    assert!(page.body.contains("test.59"), "the detail is on the page");
}

#[tokio::test]
async fn the_page_is_complete_in_its_first_html_and_escapes_what_it_shows() {
    let app = TestApp::new().await;
    let admin = app.login_cookie(ADMIN).await;
    let hospital = user_id(&app, HOSPITAL).await;
    let mut e =
        AuditEntry::new(AuditAction::AccessDenied, Some(hospital), HOSPITAL).target("user", hospital.to_string());
    e.detail = Some(serde_json::json!({ "reason": "<script>alert(1)</script>" }));
    app::server::audit::record(&app.db, e).await.unwrap();
    let page = app.get("/admin/audit?actor=DEMHSP22", Some(&admin)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<title>監査ログ | G-MIS</title>"), "{}", page.body);
    assert!(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{}", page.body);
    assert!(!page.body.contains("<script>alert(1)"));
    assert!(page.body.contains(r#"value="DEMHSP22""#), "the filter is kept in the form");
    assert!(page.body.contains("アカウント DEMHSP22"));
    // Every action has its Japanese name in the filter's list, the
    // second-factor ones and the end of sessions too.
    for label in
        ["2段階認証（認証アプリ）の登録", "ログイン中の端末のログアウト（セッション終了）", "監査ログのCSVダウンロード"]
    {
        assert!(page.body.contains(label), "{label}");
    }
    assert!(page.body.contains(r#"href="/admin/audit.csv?actor=DEMHSP22""#), "the CSV link keeps the filters");
    // The ministry's and the prefecture's home pages link to it.
    for who in [ADMIN, PREFECTURE] {
        let home = app.get("/", Some(&app.login_cookie(who).await)).await;
        assert!(home.body.contains(r#"href="/admin/audit""#), "{who}");
    }
}

#[tokio::test]
async fn a_prefecture_officer_sees_only_its_own_area() {
    let app = TestApp::new().await;
    add_osaka_account(&app).await;
    let admin = app.login_cookie(ADMIN).await;
    app.login_cookie(HOSPITAL).await;
    app.login_cookie(OSAKA).await;
    app.login_cookie("DEMHLP22").await;
    assert_eq!(app.login(CLINIC, "wrong-wrong-wrong-wrong").await.location(), Some("/login?failed=1"));
    change_email(&app, &admin, HOSPITAL, "tokyo@hospital.example.jp").await;
    change_email(&app, &admin, OSAKA, "osaka@hospital.example.jp").await;
    let tokyo = app.login_cookie(PREFECTURE).await;

    let seen = trail(&app, &tokyo, serde_json::json!({})).await;
    assert!(!seen.national);
    let e = &seen.entries;
    assert_eq!(by(e, HOSPITAL, "login.succeeded"), 1, "its hospital's login");
    assert_eq!(by(e, CLINIC, "login.failed"), 1, "its clinic's failed login");
    assert_eq!(by(e, PREFECTURE, "login.succeeded"), 1, "its own login");
    assert_eq!(by(e, ADMIN, "account.email_changed"), 1, "the ministry's change to its hospital");
    assert!(e.iter().all(|x| x.actor != OSAKA), "no Osaka account's entry: {e:?}");
    assert!(e.iter().all(|x| !x.target.as_deref().unwrap_or_default().contains(OSAKA)), "{e:?}");
    assert_eq!(by(e, ADMIN, "login.succeeded"), 0, "the ministry's own login is not about the area");
    assert_eq!(by(e, "DEMHLP22", "login.succeeded"), 0);
    assert!(trail(&app, &tokyo, serde_json::json!({ "actor": OSAKA })).await.entries.is_empty());
    assert!(trail(&app, &tokyo, serde_json::json!({ "target": OSAKA })).await.entries.is_empty());
    assert!(trail(&app, &tokyo, serde_json::json!({ "target": "2710000015" })).await.entries.is_empty());

    // The CSV of the Tokyo officer is scoped the same way.
    let csv = app.get("/admin/audit.csv", Some(&tokyo)).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.body.contains(HOSPITAL) && !csv.body.contains(OSAKA), "{}", csv.body);

    // The same officer moved to Osaka sees Osaka's entries instead.
    user::Entity::update_many()
        .col_expr(user::Column::PrefectureCode, sea_orm::sea_query::Expr::value("27"))
        .filter(user::Column::LoginId.eq(PREFECTURE))
        .exec(&app.db)
        .await
        .unwrap();
    let osaka_officer = app.login_cookie(PREFECTURE).await;
    let seen = trail(&app, &osaka_officer, serde_json::json!({})).await;
    assert_eq!(by(&seen.entries, OSAKA, "login.succeeded"), 1);
    let changed: Vec<&AuditEntryView> = seen.entries.iter().filter(|x| x.action == "account.email_changed").collect();
    assert_eq!(changed.len(), 1);
    assert_eq!(changed[0].target.as_deref(), Some("アカウント DEMHSP27"));
    assert_eq!(by(&seen.entries, HOSPITAL, "login.succeeded"), 0);
    assert_eq!(by(&seen.entries, CLINIC, "login.failed"), 0);
}

#[tokio::test]
async fn the_csv_has_a_bom_a_japanese_header_and_the_rows_and_is_audited() {
    let app = TestApp::new().await;
    let admin = app.login_cookie(ADMIN).await;
    app.login_cookie(HOSPITAL).await;
    change_email(&app, &admin, HOSPITAL, "csv@hospital.example.jp").await;

    let res = app.get("/admin/audit.csv?action=login.succeeded&actor=DEMHSP22", Some(&admin)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.header("content-type"), Some("text/csv; charset=utf-8"));
    assert!(res.header("content-disposition").unwrap().starts_with("attachment; filename=\"gmis-audit-"));
    assert_eq!(&res.bytes[..3], b"\xEF\xBB\xBF", "BOM for Excel");
    let text = String::from_utf8(res.bytes[3..].to_vec()).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(header[..4], ["記録番号", "日時（日本時間）", "実行者", "操作"]);
    assert!(header.contains(&"内容（旧 → 新）".to_owned()));
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1, "{text}");
    assert_eq!(&rows[0][2], HOSPITAL);
    assert_eq!(&rows[0][3], "ログイン成功");
    assert_eq!(&rows[0][4], "login.succeeded");
    assert!(rows[0][1].starts_with(&wall_today().to_string()));

    // The download is audited, with its filters.
    let last = audit_log::Entity::find().order_by_desc(audit_log::Column::Id).one(&app.db).await.unwrap().unwrap();
    assert_eq!(last.action, "audit.downloaded");
    assert_eq!(last.actor_label, ADMIN);
    let detail: serde_json::Value = serde_json::from_str(last.detail.as_deref().unwrap()).unwrap();
    assert_eq!(detail["filters"], serde_json::json!({ "action": "login.succeeded", "actor": HOSPITAL }));

    // Everything, newest first: the change reads old → new, and the first
    // download is in it (the download's own entry is not).
    let all = app.get("/admin/audit.csv", Some(&admin)).await;
    let text = String::from_utf8(all.bytes[3..].to_vec()).unwrap();
    let rows: Vec<csv::StringRecord> =
        csv::Reader::from_reader(text.as_bytes()).records().map(Result::unwrap).collect();
    let ids: Vec<i64> = rows.iter().map(|r| r[0].parse().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] > w[1]), "newest first");
    assert_eq!(rows.iter().filter(|r| &r[4] == "audit.downloaded").count(), 1);
    let change = rows.iter().find(|r| &r[4] == "account.email_changed").unwrap();
    assert_eq!(&change[5], "アカウント DEMHSP22");
    assert_eq!(&change[8], "メールアドレス: demhsp22@demo.gmis.example → csv@hospital.example.jp");
    assert_eq!(rows.len() as u64 + 1, audit_rows(&app).await, "every entry up to the download");
    // The viewer shows downloads by their Japanese name.
    let downloads = trail(&app, &admin, serde_json::json!({ "action": "audit.downloaded" })).await;
    assert_eq!(downloads.entries.len(), 2);
    assert_eq!(downloads.entries[0].action_label, "監査ログのCSVダウンロード");
}

#[tokio::test]
async fn bad_filters_get_japanese_messages_and_record_nothing() {
    let app = TestApp::new().await;
    let admin = app.login_cookie(ADMIN).await;
    let long = "A".repeat(65);
    let t = texts();
    let too_long = (t.too_long)(64);
    // A range that ends before it starts, on the test's own clock.
    let (today, tomorrow) = (app.today(), app.today() + chrono::Duration::days(1));
    let reversed = format!("from={tomorrow}&to={today}");
    let cases: [(&str, serde_json::Value, &str); 6] = [
        ("from=2026-13-40", serde_json::json!({ "from": "2026-13-40" }), t.bad_date),
        ("to=yesterday", serde_json::json!({ "to": "yesterday" }), t.bad_date),
        (
            reversed.as_str(),
            serde_json::json!({ "from": tomorrow.to_string(), "to": today.to_string() }),
            t.range_reversed,
        ),
        ("action=drop.table", serde_json::json!({ "action": "drop.table" }), t.unknown_action),
        ("outcome=maybe", serde_json::json!({ "outcome": "maybe" }), t.unknown_outcome),
        ("before=abc", serde_json::json!({ "before": "abc" }), t.bad_page),
    ];
    let before = audit_rows(&app).await;
    for (query, json, message) in
        cases.iter().cloned().chain([("", serde_json::json!({ "actor": long }), too_long.as_str())])
    {
        let query = if query.is_empty() { format!("actor={long}") } else { query.to_owned() };
        let res = trail_response(&app, Some(&admin), json).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert!(res.body.contains(message), "{query}: {}", res.body);
        let page = app.get(&format!("/admin/audit?{query}"), Some(&admin)).await;
        assert!(page.status.is_client_error() || page.status == StatusCode::OK, "{query}: {}", page.status);
        assert!(page.body.contains(message) && page.body.contains(t.fix_filters), "{query}: {}", page.body);
        assert!(page.body.contains(r#"name="actor""#), "{query}: the form stays: {}", page.body);
        let csv = app.get(&format!("/admin/audit.csv?{query}"), Some(&admin)).await;
        assert_eq!(csv.status, StatusCode::BAD_REQUEST, "{query}");
        assert!(csv.body.contains(message), "{query}: {}", csv.body);
    }
    assert_eq!(audit_rows(&app).await, before, "nothing recorded, no download either");
}

#[tokio::test]
async fn every_other_role_is_refused_and_the_refusal_audited() {
    let app = TestApp::new().await;
    for demo in app::server::seed::DEMO_ACCOUNTS {
        if matches!(demo.role, Role::MinistryAdmin | Role::Prefecture) {
            continue;
        }
        let cookie = app.login_cookie(demo.login_id).await;
        let denied = || async {
            audit_log::Entity::find()
                .filter(audit_log::Column::Action.eq("access.denied"))
                .filter(audit_log::Column::ActorLabel.eq(demo.login_id))
                .count(&app.db)
                .await
                .unwrap()
        };
        let denied_before = denied().await;
        let res = trail_response(&app, Some(&cookie), serde_json::json!({})).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", demo.login_id);
        assert!(!res.body.contains("login.succeeded"));
        let csv = app.get("/admin/audit.csv", Some(&cookie)).await;
        assert_eq!(csv.status, StatusCode::FORBIDDEN, "{}", demo.login_id);
        assert!(!csv.body.contains("login.succeeded"));
        assert_eq!(denied().await - denied_before, 2, "{}: every refusal audited", demo.login_id);
        let page = app.get("/admin/audit", Some(&cookie)).await;
        assert!(page.body.contains(app::i18n::t().error_forbidden), "{}", demo.login_id);
        assert!(!page.body.contains(texts().col_detail), "{}: no entries shown", demo.login_id);
        assert!(!page.body.contains(r#"href="/admin/audit""#), "{}: no link to it", demo.login_id);
        let home = app.get("/", Some(&cookie)).await;
        assert!(!home.body.contains(r#"href="/admin/audit""#), "{}: no link on the home page", demo.login_id);
    }
    assert_eq!(
        audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("audit.downloaded"))
            .count(&app.db)
            .await
            .unwrap(),
        0
    );
    // Visitors are asked to log in.
    assert_eq!(trail_response(&app, None, serde_json::json!({})).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.get("/admin/audit.csv", None).await.location(), Some("/login"));
    assert_eq!(app.get("/admin/audit", None).await.location(), Some("/login"));
}
