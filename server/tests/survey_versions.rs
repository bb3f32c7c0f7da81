//! Survey versions made in the browser (issue 21 items 2 and 6), through the
//! real router on SQLite and PostgreSQL: the ministry prepares a revision of
//! the hospital survey as JSON, is refused per field for every kind of bad
//! input with nothing saved, sees the diff and the form, installs it from a
//! future day with its notice; reports use it from that day and not before,
//! and its form marks the changed items 「変更」 with the notice's link.

// Test helpers outside #[test] functions fail loudly on purpose.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use app::domain::reports::ReportForm;
use app::domain::survey_versions::SurveyVersions;
use app::domain::surveys::SurveyDefinition;
use app::domain::time::japan_date;
use app::server::entities::survey_version;
use chrono::{Days, NaiveDate};
use common::TestApp;
use http::StatusCode;
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::{Value, json};

const HOSPITAL: &str = "DEMHSP22";
const ADMIN: &str = "DEMADM22";

fn enc(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// Posts a draft as the browser does and follows it to its page.
async fn draft(app: &TestApp, admin: &str, definition: &str, day: &str, notice: &str) -> (String, String) {
    let form = format!(
        "survey=hospital_daily&definition={}&effective_from={}&notice={}",
        enc(definition),
        enc(day),
        enc(notice)
    );
    let res = app.post_form_as_browser("/api/surveys/draft", &form, Some(admin)).await;
    let back = res.location().expect("a redirect to the draft").to_owned();
    assert!(back.starts_with("/admin/surveys/new?draft="), "{back}");
    let page = app.get(&back, Some(admin)).await;
    assert_eq!(page.status, StatusCode::OK);
    (back, page.body)
}

async fn versions(app: &TestApp) -> u64 {
    survey_version::Entity::find().count(&app.db).await.unwrap()
}

/// The hospital survey's version in force now, as JSON to edit.
async fn latest(app: &TestApp, admin: &str) -> SurveyDefinition {
    let res = app.post_form("/api/surveys/new", "survey=hospital_daily", Some(admin)).await;
    let page: Value = serde_json::from_str(&res.body).unwrap();
    serde_json::from_str(page["input"]["definition"].as_str().unwrap()).unwrap()
}

fn hospital_values() -> Value {
    json!({
        "outpatient_status": "normal", "inpatient_status": "normal", "emergency_status": "limited",
        "staffing": "short", "covid_inpatients": "20", "covid_severe": "2",
        "ventilators_in_use": "2", "ventilators_owned": "10", "ecmo_in_use": "0", "ecmo_owned": "1",
        "secured_beds": "40", "beds_in_use": "12"
    })
}

async fn submit(app: &TestApp, cookie: &str, day: NaiveDate) -> StatusCode {
    let body = json!({ "input": {
        "survey": "hospital_daily", "unit": { "Facility": 1 }, "day": day,
        "submission_id": uuid::Uuid::new_v4().to_string(), "base_revision": null,
        "nothing_to_report": false, "values": hospital_values(), "reason": ""
    }});
    app.post_json("/api/reports/submit", &body, Some(cookie)).await.status
}

async fn form(app: &TestApp, cookie: &str, day: NaiveDate) -> ReportForm {
    let res = app.post_form("/api/reports/form", &format!("unit=f1&day={day}"), Some(cookie)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    serde_json::from_str(&res.body).unwrap()
}

#[tokio::test]
async fn the_ministry_revises_a_survey_in_the_browser_and_it_applies_from_its_day() {
    let app = TestApp::new().await;
    let admin = app.login_cookie(ADMIN).await;
    let hospital = app.login_cookie(HOSPITAL).await;
    let s = app::i18n::t().survey_admin();
    let today = japan_date(app.now());
    let day = today.checked_add_days(Days::new(2)).unwrap();
    let installed = versions(&app).await;

    // The list, and the form starting from the version in force.
    let res = app.post_form("/api/surveys/versions", "", Some(&admin)).await;
    let list: Vec<SurveyVersions> = serde_json::from_str(&res.body).unwrap();
    let hospital_survey = list.iter().find(|v| v.survey.code() == "hospital_daily").unwrap();
    assert_eq!(hospital_survey.versions[0].version, 2);
    let page = app.get("/admin/surveys/new?survey=hospital_daily", Some(&admin)).await.body;
    assert!(page.contains("outpatient_status") && page.contains("action=\"/api/surveys/draft\""));
    let home = app.get("/", Some(&admin)).await.body;
    assert!(home.contains("href=\"/admin/surveys\""), "the home page links it");

    // Bad input, each on its field, with what was typed kept; nothing installed.
    let broken = "{ \"title\": \"<b>改定</b>\", \"items\": [ ";
    let (_, body) = draft(&app, &admin, broken, &day.to_string(), "").await;
    assert!(body.contains(s.errors_summary) && body.contains("JSON の形式が正しくありません"), "{body}");
    assert!(body.contains("&lt;b&gt;改定&lt;/b&gt;"), "typed text kept, escaped");
    assert!(!body.contains("<b>改定</b>"));
    let mut v3 = latest(&app, &admin).await;
    let mut bad = v3.clone();
    bad.items.retain(|i| i.code != "covid_inpatients"); // a rule still names it
    bad.rules
        .push(app::domain::surveys::Rule::NotGreater { item: "no_such_item".into(), limit: "covid_severe".into() });
    let (_, body) = draft(&app, &admin, &serde_json::to_string(&bad).unwrap(), &today.to_string(), "abc").await;
    for expected in [
        "明日以降",
        "この版で削除した項目「covid_inpatients」",
        "この版にない数値項目「no_such_item」",
        s.notice_invalid,
    ] {
        assert!(body.contains(expected), "{expected}");
    }
    let (_, body) = draft(&app, &admin, &serde_json::to_string(&v3).unwrap(), &day.to_string(), "").await;
    assert!(body.contains(s.no_change));
    assert!(!body.contains("action=\"/api/surveys/add\""), "nothing to install");
    assert_eq!(versions(&app).await, installed);

    // A good revision: an item relabelled, a required item added, a notice.
    v3.title = "病院 日次調査（改定）".into();
    let staffing = v3.items.iter_mut().find(|i| i.code == "staffing").unwrap();
    staffing.label = "医療従事者の確保状況".into();
    v3.items.push(app::domain::surveys::Item {
        code: "isolation_rooms".into(),
        label: "陰圧室の空き".into(),
        label_en: None,
        kind: app::domain::surveys::ItemKind::Count { unit: "室".into(), min: 0, max: 200 },
        required: true,
        help: String::new(),
        section: String::new(),
        help_en: None,
        section_en: None,
        unit_en: None,
    });
    let notice = "1";
    let (back, body) = draft(&app, &admin, &serde_json::to_string_pretty(&v3).unwrap(), &day.to_string(), notice).await;
    assert!(body.contains(&(s.ready)(3, &app::domain::time::format_date(day))), "{body}");
    assert!(body.contains(&(s.diff_title)(2)), "the diff");
    assert!(body.contains("陰圧室の空き（isolation_rooms）"), "the added item");
    assert!(body.contains("医療従事者の確保状況（staffing）"), "the relabelled item");
    assert!(body.contains(&(s.diff_english_stale)("Staffing")), "whose English name was left as it was");
    assert!(body.contains(s.changed_badge) && body.contains("disabled"), "the form as users will see it");
    let draft_id: i32 = back.rsplit('=').next().unwrap().parse().unwrap();

    // Another role may not install it.
    let res = app.post_form("/api/surveys/add", &format!("draft={draft_id}&follows=2"), Some(&hospital)).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    // Installed; the same draft again is refused (it no longer follows the latest).
    let res = app.post_form_as_browser("/api/surveys/add", &format!("draft={draft_id}&follows=2"), Some(&admin)).await;
    assert_eq!(res.location(), Some("/admin/surveys?added=hospital_daily&version=3"));
    let page = app.get(res.location().unwrap(), Some(&admin)).await.body;
    assert!(page.contains("第3版を登録しました") && page.contains(s.scheduled), "{page}");
    assert_eq!(versions(&app).await, installed + 1);
    let res = app.post_form_as_browser("/api/surveys/add", &format!("draft={draft_id}&follows=2"), Some(&admin)).await;
    assert!(res.location().unwrap().starts_with(&format!("/admin/surveys/new?draft={draft_id}")));
    assert_eq!(versions(&app).await, installed + 1);
    assert!(app.audit_actions().await.iter().any(|a| a == "survey.version_added"));

    // Before its day: the old form, accepted without the new item, unmarked.
    let before = form(&app, &hospital, today).await;
    assert_eq!((before.definition.version, before.revised.as_ref().map(|r| r.marked.len())), (2, None));
    assert_eq!(submit(&app, &hospital, today).await, StatusCode::OK);
    // From its day: the new item is asked for, and the changes are marked.
    app.clock().advance(chrono::Duration::days(2));
    let on_day = form(&app, &hospital, day).await;
    assert_eq!(on_day.definition.version, 3);
    let revised = on_day.revised.clone().expect("marked");
    assert_eq!(revised.notice, Some(1));
    assert!(revised.marked.contains(&"isolation_rooms".to_owned()) && revised.marked.contains(&"staffing".to_owned()));
    assert!(!revised.marked.contains(&"covid_inpatients".to_owned()));
    assert_eq!(submit(&app, &hospital, day).await, StatusCode::UNPROCESSABLE_ENTITY, "the new item is required");
    let page = app.get(&format!("/reports?unit=f1&day={day}"), Some(&hospital)).await.body;
    assert!(page.contains(s.changed_badge) && page.contains("href=\"/notices/1\""), "marked on the form");
    // Yesterday's report still shows under its own version.
    let yesterday = form(&app, &hospital, today).await;
    assert_eq!(yesterday.definition.version, 2);
    assert!(yesterday.current.is_some());
}

#[tokio::test]
async fn only_the_ministry_reaches_survey_versions() {
    let app = TestApp::new().await;
    let hospital = app.login_cookie(HOSPITAL).await;
    assert_eq!(app.post_form("/api/surveys/versions", "", Some(&hospital)).await.status, StatusCode::FORBIDDEN);
    let form = "survey=hospital_daily&definition=%7B%7D&effective_from=2099-01-01&notice=";
    assert_eq!(app.post_form("/api/surveys/draft", form, Some(&hospital)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.post_form("/api/surveys/draft", form, None).await.status, StatusCode::UNAUTHORIZED);
    let page = app.get("/admin/surveys", Some(&hospital)).await.body;
    assert!(page.contains(app::i18n::t().error_forbidden));
    assert!(!app.get("/", Some(&hospital)).await.body.contains("href=\"/admin/surveys\""));
}
