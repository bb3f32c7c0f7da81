//! Daily reports through the real HTTP path: submit, amend with history,
//! idempotent repeats, stale revisions, back-entry limits, survey versions by
//! date, the association's grid, the no-JS form post, who may read and
//! write whose report, and reports written together (group commit).

// Test helpers outside #[test] functions fail loudly on purpose.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use app::domain::reports::{MemberGrid, ReportForm, SubmitOutcome};
use app::domain::surveys::{Answer, SurveyDefinition};
use app::domain::time::japan_date;
use chrono::{Days, NaiveDate};
use common::TestApp;
use http::StatusCode;
use sea_orm::{ConnectionTrait, DbBackend, EntityTrait, PaginatorTrait};
use serde_json::{Value, json};

/// 東京中央病院 (DEMHSP22), 千代田内科クリニック (DEMCLN22), 新宿こどもクリニック
/// (a member of 新宿区医師会 DEMAGG22) in the demo data.
const HOSPITAL: &str = "f1";
const OWN_CLINIC: &str = "f4";
const MEMBER_CLINIC: &str = "f5";

fn today() -> NaiveDate {
    japan_date(common::test_start())
}

fn days_ago(n: u64) -> NaiveDate {
    today().checked_sub_days(Days::new(n)).unwrap()
}

fn uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

fn hospital_values(inpatients: u32, severe: u32) -> Value {
    json!({
        "outpatient_status": "normal", "inpatient_status": "normal", "emergency_status": "limited",
        "staffing": "short", "covid_inpatients": inpatients.to_string(), "covid_severe": severe.to_string(),
        "ventilators_in_use": "2", "ventilators_owned": "10", "ecmo_in_use": "0", "ecmo_owned": "1",
        "secured_beds": "40", "beds_in_use": "12"
    })
}

fn clinic_values(seen: u32) -> Value {
    json!({ "fever_patients": seen.to_string(), "pcr_tests": "3", "antigen_tests": "4", "positives": "2", "referrals": "0" })
}

fn input(survey: &str, unit: &str, day: NaiveDate, id: &str, base: Option<i32>, values: Value, reason: &str) -> Value {
    let unit = match unit.split_at(1) {
        ("f", n) => json!({ "Facility": n.parse::<i32>().unwrap() }),
        (_, n) => json!({ "Centre": n.parse::<i32>().unwrap() }),
    };
    json!({
        "survey": survey, "unit": unit, "day": day, "submission_id": id, "base_revision": base,
        "nothing_to_report": false, "values": values, "reason": reason
    })
}

async fn submit(app: &TestApp, cookie: &str, body: Value) -> (StatusCode, String) {
    let res = app.post_json("/api/reports/submit", &json!({ "input": body }), Some(cookie)).await;
    (res.status, res.body)
}

async fn saved(app: &TestApp, cookie: &str, body: Value) -> app::domain::reports::ReportReceipt {
    let (status, body) = submit(app, cookie, body).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    match serde_json::from_str(&body).unwrap() {
        SubmitOutcome::Saved(r) => r,
        SubmitOutcome::Stale(s) => panic!("unexpectedly stale: {s:?}"),
    }
}

async fn form(app: &TestApp, cookie: &str, unit: &str, day: NaiveDate) -> (StatusCode, Option<ReportForm>) {
    let res = app.post_form("/api/reports/form", &format!("unit={unit}&day={day}"), Some(cookie)).await;
    (res.status, serde_json::from_str(&res.body).ok())
}

async fn revision_rows(app: &TestApp) -> u64 {
    app::server::entities::report_revision::Entity::find().count(&app.db).await.unwrap()
}

#[tokio::test]
async fn a_hospital_reports_today_then_amends_it_with_a_reason_and_sees_the_history() {
    let app = TestApp::new().await;
    let clerk = app.login_cookie("DEMHSP22").await;
    let first =
        saved(&app, &clerk, input("hospital_daily", HOSPITAL, today(), &uuid(), None, hospital_values(12, 3), ""))
            .await;
    assert_eq!((first.revision, first.unit_name.as_str(), first.repeated), (1, "東京中央病院", false));

    // An amendment without a reason is refused and changes nothing.
    let (status, body) =
        submit(&app, &clerk, input("hospital_daily", HOSPITAL, today(), &uuid(), Some(1), hospital_values(13, 3), " "))
            .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("修正する理由"), "{body}");

    let amended = saved(
        &app,
        &clerk,
        input("hospital_daily", HOSPITAL, today(), &uuid(), Some(1), hospital_values(13, 3), "入院患者数の入力誤り"),
    )
    .await;
    assert_eq!((amended.report_id, amended.revision), (first.report_id, 2));

    let (status, loaded) = form(&app, &clerk, HOSPITAL, today()).await;
    assert_eq!(status, StatusCode::OK);
    let loaded = loaded.unwrap();
    let current = loaded.current.unwrap();
    assert_eq!(current.revision, 2);
    assert_eq!(current.answers.get("covid_inpatients"), Some(&Answer::Count(13)));
    assert_eq!(current.reason.as_deref(), Some("入院患者数の入力誤り"));
    assert!(current.entered_by.contains("東京中央病院"), "{}", current.entered_by);
    assert_eq!(loaded.history.len(), 2, "both revisions are kept");
    assert_eq!(loaded.history[1].answers.get("covid_inpatients"), Some(&Answer::Count(12)), "the old value");
    assert_eq!(loaded.definition.version, 2, "the 2021 hospital survey is in force");
    let actions = app.audit_actions().await;
    assert!(actions.contains(&"report.submitted".to_owned()) && actions.contains(&"report.amended".to_owned()));
}

#[tokio::test]
async fn impossible_numbers_get_a_message_per_field_and_save_nothing() {
    let app = TestApp::new().await;
    let clerk = app.login_cookie("DEMHSP22").await;
    let mut values = hospital_values(2, 5);
    values["ventilators_in_use"] = json!("11");
    values["secured_beds"] = json!("abc");
    let (status, body) =
        submit(&app, &clerk, input("hospital_daily", HOSPITAL, today(), &uuid(), None, values, "")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let err: Value = serde_json::from_str(&body).unwrap();
    let fields = &err["Validation"];
    assert!(fields["covid_severe"].as_str().unwrap().contains("新型コロナ入院患者数"), "{body}");
    assert!(fields["ventilators_in_use"].as_str().unwrap().contains("人工呼吸器 保有"), "{body}");
    assert!(fields["secured_beds"].as_str().unwrap().contains("整数"), "{body}");
    assert_eq!(revision_rows(&app).await, 0);
}

#[tokio::test]
async fn repeating_a_submission_returns_the_first_result_and_creates_nothing() {
    let app = TestApp::new().await;
    let clerk = app.login_cookie("DEMCLN22").await;
    let id = uuid();
    let body = input("clinic_daily", OWN_CLINIC, today(), &id, None, clinic_values(8), "");
    let first = saved(&app, &clerk, body.clone()).await;
    let again = saved(&app, &clerk, body).await;
    assert_eq!((again.report_id, again.revision, again.repeated), (first.report_id, 1, true));
    assert_eq!(revision_rows(&app).await, 1);

    // Eight copies at once (a double tap on a slow line): still one revision.
    let id = uuid();
    let body = input("clinic_daily", OWN_CLINIC, days_ago(1), &id, None, clinic_values(5), "");
    let copies = (0..8).map(|_| submit(&app, &clerk, body.clone()));
    let results = futures::future::join_all(copies).await;
    for (status, body) in &results {
        assert_eq!(*status, StatusCode::OK, "{body}");
        assert!(matches!(serde_json::from_str(body).unwrap(), SubmitOutcome::Saved(r) if r.revision == 1));
    }
    assert_eq!(revision_rows(&app).await, 2);

    // The same id for another day is a client bug: refused, nothing merged.
    let (status, _) =
        submit(&app, &clerk, input("clinic_daily", OWN_CLINIC, days_ago(2), &id, None, clinic_values(1), "")).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _) =
        submit(&app, &clerk, input("clinic_daily", OWN_CLINIC, today(), "not-a-uuid", None, clinic_values(1), ""))
            .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(revision_rows(&app).await, 2);
}

#[tokio::test]
async fn an_amendment_against_a_stale_revision_is_refused_with_the_current_values() {
    let app = TestApp::new().await;
    let clinic = app.login_cookie("DEMAGG22").await;
    saved(&app, &clinic, input("clinic_daily", MEMBER_CLINIC, today(), &uuid(), None, clinic_values(10), "")).await;
    // Two people amend revision 1; the second has not seen the first's change.
    saved(&app, &clinic, input("clinic_daily", MEMBER_CLINIC, today(), &uuid(), Some(1), clinic_values(11), "訂正"))
        .await;
    let (status, body) = submit(
        &app,
        &clinic,
        input("clinic_daily", MEMBER_CLINIC, today(), &uuid(), Some(1), clinic_values(99), "訂正"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let SubmitOutcome::Stale(current) = serde_json::from_str(&body).unwrap() else { panic!("stale expected: {body}") };
    assert_eq!(current.revision, 2);
    assert_eq!(current.answers.get("fever_patients"), Some(&Answer::Count(11)));
    // A "first" report for a day that already has one is stale too.
    let (_, body) =
        submit(&app, &clinic, input("clinic_daily", MEMBER_CLINIC, today(), &uuid(), None, clinic_values(7), "")).await;
    assert!(matches!(serde_json::from_str(&body).unwrap(), SubmitOutcome::Stale(s) if s.revision == 2));
    assert_eq!(revision_rows(&app).await, 2, "no lost update, nothing extra");
}

#[tokio::test]
async fn back_entry_reaches_the_limit_and_never_the_future() {
    let app = TestApp::new().await;
    let clerk = app.login_cookie("DEMCLN22").await;
    let late =
        saved(&app, &clerk, input("clinic_daily", OWN_CLINIC, days_ago(14), &uuid(), None, clinic_values(1), "")).await;
    assert_eq!(late.revision, 1);
    for day in [days_ago(15), today().succ_opt().unwrap()] {
        let (status, body) =
            submit(&app, &clerk, input("clinic_daily", OWN_CLINIC, day, &uuid(), None, clinic_values(1), "")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{day}");
        assert!(body.contains("\"day\""), "{body}");
    }
    let (_, loaded) = form(&app, &clerk, OWN_CLINIC, today()).await;
    let loaded = loaded.unwrap();
    assert_eq!(loaded.earliest, days_ago(14));
    let back_entered = loaded.calendar.iter().find(|d| d.day == days_ago(14)).unwrap();
    assert_eq!(back_entered.status, app::domain::reports::DayStatus::Late);
    assert_eq!(
        loaded.calendar.iter().find(|d| d.day == today()).unwrap().status,
        app::domain::reports::DayStatus::Missing
    );

    let short = TestApp::with_env(&[("GMIS_BACK_ENTRY_DAYS", "3")]).await;
    let clerk = short.login_cookie("DEMCLN22").await;
    let (status, _) =
        submit(&short, &clerk, input("clinic_daily", OWN_CLINIC, days_ago(4), &uuid(), None, clinic_values(1), ""))
            .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    saved(&short, &clerk, input("clinic_daily", OWN_CLINIC, days_ago(3), &uuid(), None, clinic_values(1), "")).await;
}

/// A third version of the hospital survey, without the ECMO items, in force
/// from `from`.
fn hospital_v3(from: NaiveDate) -> SurveyDefinition {
    let mut v3: SurveyDefinition = serde_json::from_str(app::domain::surveys::BUILTIN[1]).unwrap();
    v3.version = 3;
    v3.effective_from = from;
    v3.items.retain(|i| !i.code.starts_with("ecmo"));
    v3.rules.retain(|app::domain::surveys::Rule::NotGreater { item, .. }| !item.starts_with("ecmo"));
    v3
}

fn hospital_values_without_ecmo() -> Value {
    let mut values = hospital_values(5, 1);
    values.as_object_mut().unwrap().retain(|k, _| !k.starts_with("ecmo"));
    values
}

#[tokio::test]
async fn each_day_uses_the_survey_version_in_force_on_it() {
    let app = TestApp::new().await;
    // A new hospital version from yesterday, installed as data (no code change).
    let v3 = hospital_v3(days_ago(1));
    assert!(app::server::reports::install(&app.db, &v3).await.unwrap());
    assert!(!app::server::reports::install(&app.db, &v3).await.unwrap(), "installing again changes nothing");
    let mut changed = v3.clone();
    changed.title = "別の内容".to_owned();
    assert!(app::server::reports::install(&app.db, &changed).await.is_err(), "a version is never rewritten");

    let clerk = app.login_cookie("DEMHSP22").await;
    assert_eq!(form(&app, &clerk, HOSPITAL, days_ago(2)).await.1.unwrap().definition.version, 2);
    assert_eq!(form(&app, &clerk, HOSPITAL, today()).await.1.unwrap().definition.version, 3);

    // Two days ago still needs the ECMO items; today does not.
    let values = hospital_values_without_ecmo();
    let (status, body) =
        submit(&app, &clerk, input("hospital_daily", HOSPITAL, days_ago(2), &uuid(), None, values.clone(), "")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("ecmo_owned"), "{body}");
    saved(&app, &clerk, input("hospital_daily", HOSPITAL, today(), &uuid(), None, values, "")).await;
    let current = form(&app, &clerk, HOSPITAL, today()).await.1.unwrap().current.unwrap();
    assert_eq!(current.version, 3);
}

#[tokio::test]
async fn a_version_installed_while_gmis_runs_applies_within_seconds() {
    let app = TestApp::new().await;
    let clerk = app.login_cookie("DEMHSP22").await;
    let values = hospital_values_without_ecmo();
    let (status, body) =
        submit(&app, &clerk, input("hospital_daily", HOSPITAL, today(), &uuid(), None, values.clone(), "")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "version 2 asks for the ECMO items: {body}");
    // As `gmis surveys add` installs it, from another process.
    assert!(app::server::reports::install(&app.db, &hospital_v3(today())).await.unwrap());
    tokio::time::sleep(app::server::reports::versions::TTL + std::time::Duration::from_millis(200)).await;
    saved(&app, &clerk, input("hospital_daily", HOSPITAL, today(), &uuid(), None, values, "")).await;
    assert_eq!(form(&app, &clerk, HOSPITAL, today()).await.1.unwrap().current.unwrap().version, 3);
}

#[tokio::test]
async fn nobody_reads_or_writes_another_units_report() {
    let app = TestApp::new().await;
    let clinic = app.login_cookie("DEMCLN22").await;
    let association = app.login_cookie("DEMAGG22").await;
    let centre = app.login_cookie("DEMCTR22").await;
    let prefecture = app.login_cookie("DEMPRF22").await;

    // A clinic and the centre cannot touch the hospital's report.
    for cookie in [&clinic, &centre] {
        assert_eq!(form(&app, cookie, HOSPITAL, today()).await.0, StatusCode::FORBIDDEN);
        let (status, _) =
            submit(&app, cookie, input("hospital_daily", HOSPITAL, today(), &uuid(), None, hospital_values(1, 0), ""))
                .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    // Officers report nothing themselves.
    assert_eq!(form(&app, &prefecture, HOSPITAL, today()).await.0, StatusCode::FORBIDDEN);
    // The association enters for its member, not for a clinic outside it.
    saved(&app, &association, input("clinic_daily", MEMBER_CLINIC, today(), &uuid(), None, clinic_values(2), "")).await;
    let (status, _) =
        submit(&app, &association, input("clinic_daily", OWN_CLINIC, today(), &uuid(), None, clinic_values(2), ""))
            .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // A clinic answers its own survey only.
    let (status, _) =
        submit(&app, &clinic, input("hospital_daily", OWN_CLINIC, today(), &uuid(), None, hospital_values(1, 0), ""))
            .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    // Membership dates decide: ended yesterday, the association may enter
    // yesterday but no longer today.
    let admin = app.login_cookie("DEMADM22").await;
    let list: Vec<app::domain::memberships::Membership> =
        serde_json::from_str(&app.post_form("/api/memberships/list", "aggregator_id=1", Some(&admin)).await.body)
            .unwrap();
    let id = list.iter().find(|m| m.medical_code == "1310000045").unwrap().id;
    let end = format!("membership_id={id}&valid_to={}", days_ago(1));
    assert_eq!(app.post_form("/api/memberships/end", &end, Some(&admin)).await.status, StatusCode::OK);
    saved(&app, &association, input("clinic_daily", MEMBER_CLINIC, days_ago(1), &uuid(), None, clinic_values(2), ""))
        .await;
    let (status, _) = submit(
        &app,
        &association,
        input("clinic_daily", MEMBER_CLINIC, today(), &uuid(), Some(1), clinic_values(3), "x"),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(app.audit_actions().await.iter().filter(|a| *a == "access.denied").count() >= 5);
}

#[tokio::test]
async fn an_association_fills_ten_member_clinics_in_one_grid() {
    let app = TestApp::new().await;
    let association = app.login_cookie("DEMAGG22").await;
    let res = app.post_form("/api/reports/members", &format!("day={}", today()), Some(&association)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let grid: MemberGrid = serde_json::from_str(&res.body).unwrap();
    assert_eq!(grid.rows.len(), 10);
    assert!(grid.rows.iter().all(|r| r.current.is_none()));

    let mut rows: Vec<Value> = grid
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            input("clinic_daily", &r.unit.key(), today(), &r.submission_id, None, clinic_values(i as u32 + 1), "")
        })
        .collect();
    rows[3]["values"]["referrals"] = json!("50"); // more referrals than patients seen
    let res = app.post_json("/api/reports/grid", &json!({ "rows": rows }), Some(&association)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let results: Vec<Result<SubmitOutcome, app::domain::error::AppError>> = serde_json::from_str(&res.body).unwrap();
    assert_eq!(results.iter().filter(|r| matches!(r, Ok(SubmitOutcome::Saved(_)))).count(), 9);
    assert!(matches!(&results[3], Err(app::domain::error::AppError::Validation(f)) if f.contains_key("referrals")));

    let res = app.post_form("/api/reports/members", &format!("day={}", today()), Some(&association)).await;
    let grid: MemberGrid = serde_json::from_str(&res.body).unwrap();
    let entered: Vec<_> = grid.rows.iter().filter_map(|r| r.current.as_ref()).collect();
    assert_eq!(entered.len(), 9);
    assert!(entered.iter().all(|c| c.on_behalf && c.entered_by.contains("新宿区医師会")), "who entered it, for whom");
    assert!(entered.iter().all(|c| !c.entered_by.contains("DEMAGG22")), "never another party's login ID");

    // The clinic itself cannot open the association's grid.
    let clinic = app.login_cookie("DEMCLN22").await;
    assert_eq!(app.post_form("/api/reports/members", "", Some(&clinic)).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_form_posts_without_javascript_and_comes_back_with_the_outcome() {
    let app = TestApp::new().await;
    let clerk = app.login_cookie("DEMCLN22").await;
    let day = today();
    let id = uuid();
    let post = |id: &str, seen: &str, extra: &str| {
        format!(
            "survey=clinic_daily&unit=f4&day={day}&submission_id={id}&base_revision={extra}&action=save\
             &v.fever_patients={seen}&v.pcr_tests=1&v.antigen_tests=1&v.positives=0&v.referrals=0"
        )
    };
    let bad = app.post_form("/reports/submit", &post(&id, "-3", ""), Some(&clerk)).await;
    assert_eq!(bad.status, StatusCode::SEE_OTHER);
    let location = bad.location().unwrap();
    assert!(location.contains("invalid=1") && location.contains("v.fever_patients=-3"), "{location}");
    assert_eq!(revision_rows(&app).await, 0);

    let ok = app.post_form("/reports/submit", &post(&id, "3", ""), Some(&clerk)).await;
    assert_eq!(ok.location(), Some(format!("/reports?unit=f4&day={day}&saved=1").as_str()));
    let again = app.post_form("/reports/submit", &post(&id, "3", ""), Some(&clerk)).await;
    assert!(again.location().unwrap().contains("repeated=1"));
    let stale = app.post_form("/reports/submit", &post(&uuid(), "4", ""), Some(&clerk)).await;
    assert!(stale.location().unwrap().contains("stale=1"));
    let nothing = format!(
        "survey=clinic_daily&unit=f4&day={}&submission_id={}&base_revision=&action=nothing",
        days_ago(1),
        uuid()
    );
    assert!(app.post_form("/reports/submit", &nothing, Some(&clerk)).await.location().unwrap().contains("saved=1"));
    assert_eq!(revision_rows(&app).await, 2);

    // The page itself renders the form for a plain browser.
    let page = app.get(&format!("/reports?unit=f4&day={day}"), Some(&clerk)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("action=\"/reports/submit\"") && page.body.contains("inputmode=\"numeric\""));
    assert!(page.body.contains("千代田内科クリニック"));
    let nobody = app.post_form("/reports/submit", &post(&uuid(), "3", ""), None).await;
    assert_eq!(nobody.location(), Some("/login"));
}

#[tokio::test]
async fn a_consultation_centre_reports_its_day() {
    let app = TestApp::new().await;
    let centre = app.login_cookie("DEMCTR22").await;
    let values = |consultations: &str, referred: &str| {
        json!({ "consultations": consultations, "referred_to_clinic": referred, "recuperating_hospital": "20",
                "recuperating_hotel": "15", "recuperating_home": "140", "recuperating_arranging": "4" })
    };
    let (status, body) =
        submit(&app, &centre, input("centre_daily", "c1", today(), &uuid(), None, values("30", "31"), "")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("referred_to_clinic"), "{body}");
    let r = saved(&app, &centre, input("centre_daily", "c1", today(), &uuid(), None, values("30", "12"), "")).await;
    assert_eq!(r.unit_name, "新宿区受診・相談センター");
    let res = app.post_form("/api/reports/form", "", Some(&centre)).await;
    let own: ReportForm = serde_json::from_str(&res.body).unwrap();
    assert_eq!((own.definition.version, own.current.map(|c| c.revision)), (2, Some(1)));
}

// Group commit (issue 19): on SQLite the writer takes every submission queued
// while it was busy into one transaction. These tests hold the writer with a
// transaction of their own, let it take one submission (its first batch, which
// then waits), queue the rest behind it, and let go: the rest share the next
// batch. On PostgreSQL each request writes on its own and the same tests check
// the same answers.

fn is_sqlite(app: &TestApp) -> bool {
    app.db.get_database_backend() == DbBackend::Sqlite
}

/// Polls `done` every few milliseconds, for at most 30 s.
async fn until(what: &str, done: impl Fn() -> bool) {
    let waited = tokio::time::timeout(std::time::Duration::from_secs(30), async {
        while !done() {
            tokio::time::sleep(std::time::Duration::from_millis(2)).await;
        }
    });
    waited.await.unwrap_or_else(|_| panic!("timed out waiting until {what}"));
}

/// Submits `first` and then, once the writer has taken it into a batch (held
/// there), all of `rest` at once, so that on SQLite `rest` is written as one
/// batch. Answers `first`'s and then `rest`'s, in order.
async fn submit_behind(app: &TestApp, first: (&str, Value), rest: Vec<(&str, Value)>) -> Vec<(StatusCode, String)> {
    let queue = &app.state.app.report_writer;
    let hold = if is_sqlite(app) { Some(app.state.app.writer.begin().await.unwrap()) } else { None };
    let first_answer = submit(app, first.0, first.1);
    let rest_answers = async {
        if hold.is_some() {
            until("the writer took the first submission", || queue.batches() == 1).await;
        }
        let sent = futures::future::join_all(rest.iter().map(|(cookie, body)| submit(app, cookie, body.clone())));
        let release = async {
            if let Some(hold) = hold {
                until("every other submission is queued", || queue.waiting() == rest.len()).await;
                hold.rollback().await.unwrap();
            }
        };
        tokio::join!(sent, release).0
    };
    let (first_answer, rest_answers) = tokio::join!(first_answer, rest_answers);
    std::iter::once(first_answer).chain(rest_answers).collect()
}

fn receipt(answer: &(StatusCode, String)) -> Option<app::domain::reports::ReportReceipt> {
    match serde_json::from_str(&answer.1) {
        Ok(SubmitOutcome::Saved(r)) if answer.0 == StatusCode::OK => Some(r),
        _ => None,
    }
}

/// The current report of a facility on a day: (revision, answers), if any.
async fn stored(app: &TestApp, unit: &str, survey: &str, day: NaiveDate) -> Option<(i32, Value)> {
    use app::server::entities::report;
    use sea_orm::{ColumnTrait, QueryFilter};
    let row = report::Entity::find()
        .filter(report::Column::UnitKind.eq("facility"))
        .filter(report::Column::UnitId.eq(unit[1..].parse::<i32>().unwrap()))
        .filter(report::Column::Survey.eq(survey))
        .filter(report::Column::Period.eq(day))
        .all(&app.db)
        .await
        .unwrap();
    row.first().map(|r| (r.revision, serde_json::from_str(&r.answers).unwrap()))
}

async fn submitted_audit_rows(app: &TestApp) -> usize {
    app.audit_actions().await.iter().filter(|a| *a == "report.submitted").count()
}

#[tokio::test]
async fn reports_sent_together_are_each_saved_once_with_their_revision_and_audit_row() {
    let app = TestApp::new().await;
    let hospital = app.login_cookie("DEMHSP22").await;
    let clinic = app.login_cookie("DEMCLN22").await;
    let hospital_day = |n: u64, id: &str| {
        input("hospital_daily", HOSPITAL, days_ago(n), id, None, hospital_values(n as u32 + 20, 1), "")
    };
    let clinic_day =
        |n: u64| input("clinic_daily", OWN_CLINIC, days_ago(n), &uuid(), None, clinic_values(n as u32 + 40), "");
    let ids: Vec<String> = (0..14).map(|_| uuid()).collect();
    let mut rest: Vec<(&str, Value)> =
        (1..14).map(|n| (hospital.as_str(), hospital_day(n, &ids[n as usize]))).collect();
    rest.extend((0..14).map(|n| (clinic.as_str(), clinic_day(n))));
    // Three sent twice at once (a double click, a resend): saved once each.
    rest.extend((1..4).map(|n| (hospital.as_str(), hospital_day(n, &ids[n as usize]))));
    let (revisions_before, audit_before) = (revision_rows(&app).await, submitted_audit_rows(&app).await);

    let answers = submit_behind(&app, (&hospital, hospital_day(0, &ids[0])), rest).await;

    let receipts: Vec<_> = answers.iter().map(|a| receipt(a).unwrap_or_else(|| panic!("{a:?}"))).collect();
    assert!(receipts.iter().all(|r| r.revision == 1));
    for n in 1..4 {
        let (once, twice) = (&receipts[n], &receipts[27 + n]);
        assert_eq!(once.report_id, twice.report_id, "the same report for both copies of day -{n}");
        assert_eq!([once.repeated, twice.repeated].iter().filter(|r| **r).count(), 1, "one of them is the repeat");
    }
    for n in 0..14 {
        let (revision, answers) = stored(&app, HOSPITAL, "hospital_daily", days_ago(n)).await.unwrap();
        assert_eq!((revision, answers["covid_inpatients"].clone()), (1, json!(n + 20)), "hospital, day -{n}");
        let (revision, answers) = stored(&app, OWN_CLINIC, "clinic_daily", days_ago(n)).await.unwrap();
        assert_eq!((revision, answers["fever_patients"].clone()), (1, json!(n + 40)), "clinic, day -{n}");
    }
    assert_eq!(revision_rows(&app).await - revisions_before, 28, "one revision row per report");
    assert_eq!(submitted_audit_rows(&app).await - audit_before, 28, "one audit row per report");
    if is_sqlite(&app) {
        assert_eq!(app.state.app.report_writer.batches(), 2, "the held one, then all the others together");
    }
}

/// Makes the database refuse to store the revisions with these submission
/// ids, as a fault would (a trigger; not something a user could send).
async fn refuse_revisions(app: &TestApp, submission_ids: &[&str]) {
    let ids = submission_ids.iter().map(|id| format!("'{id}'")).collect::<Vec<_>>().join(", ");
    let sql = if is_sqlite(app) {
        vec![format!(
            "CREATE TRIGGER refuse_one BEFORE INSERT ON report_revisions WHEN NEW.submission_id IN ({ids}) \
             BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
        )]
    } else {
        vec![
            format!(
                "CREATE FUNCTION refuse_one() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
                 IF NEW.submission_id IN ({ids}) THEN RAISE EXCEPTION 'refused by the test'; END IF; \
                 RETURN NEW; END $$"
            ),
            "CREATE TRIGGER refuse_one BEFORE INSERT ON report_revisions FOR EACH ROW EXECUTE FUNCTION refuse_one()"
                .to_owned(),
        ]
    };
    for statement in sql {
        app.db.execute_unprepared(&statement).await.unwrap();
    }
}

/// Drops the trigger `name` on `table` (and its function on PostgreSQL).
async fn drop_refusal(app: &TestApp, name: &str, table: &str) {
    let sql = if is_sqlite(app) {
        vec![format!("DROP TRIGGER {name}")]
    } else {
        vec![format!("DROP TRIGGER {name} ON {table}"), format!("DROP FUNCTION {name}")]
    };
    for statement in sql {
        app.db.execute_unprepared(&statement).await.unwrap();
    }
}

#[tokio::test]
async fn a_report_the_database_refuses_is_undone_alone_and_the_rest_of_its_batch_is_saved() {
    let app = TestApp::new().await;
    let hospital = app.login_cookie("DEMHSP22").await;
    let clinic = app.login_cookie("DEMCLN22").await;
    let (refused, refused_row) = (uuid(), uuid());
    refuse_revisions(&app, &[&refused, &refused_row]).await;
    let mut rest: Vec<(&str, Value)> = (1..6)
        .map(|n| {
            (
                hospital.as_str(),
                input("hospital_daily", HOSPITAL, days_ago(n), &uuid(), None, hospital_values(7, 1), ""),
            )
        })
        .collect();
    for n in 0..6 {
        let id = if n == 2 { refused.clone() } else { uuid() };
        rest.push((clinic.as_str(), input("clinic_daily", OWN_CLINIC, days_ago(n), &id, None, clinic_values(9), "")));
    }
    let first = input("hospital_daily", HOSPITAL, today(), &uuid(), None, hospital_values(7, 1), "");

    let answers = submit_behind(&app, (&hospital, first), rest).await;

    let refused_answer = &answers[1 + 5 + 2];
    assert_eq!(refused_answer.0, StatusCode::INTERNAL_SERVER_ERROR, "{refused_answer:?}");
    assert!(receipt(refused_answer).is_none());
    assert_eq!(stored(&app, OWN_CLINIC, "clinic_daily", days_ago(2)).await, None, "nothing of it is kept");
    for (i, answer) in answers.iter().enumerate().filter(|(i, _)| *i != 8) {
        assert_eq!(receipt(answer).map(|r| r.revision), Some(1), "answer {i}: {answer:?}");
    }
    for n in (0..6).filter(|n| *n != 2) {
        assert!(stored(&app, OWN_CLINIC, "clinic_daily", days_ago(n)).await.is_some(), "clinic, day -{n}");
    }
    for n in 0..6 {
        assert!(stored(&app, HOSPITAL, "hospital_daily", days_ago(n)).await.is_some(), "hospital, day -{n}");
    }
    assert_eq!(submitted_audit_rows(&app).await, 11);

    // The same in one request: an association's grid (one batch on every database).
    let association = app.login_cookie("DEMAGG22").await;
    let res = app.post_form("/api/reports/members", &format!("day={}", today()), Some(&association)).await;
    let grid: MemberGrid = serde_json::from_str(&res.body).unwrap();
    let rows: Vec<Value> = grid
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let id = if i == 4 { refused_row.clone() } else { r.submission_id.clone() };
            input("clinic_daily", &r.unit.key(), today(), &id, None, clinic_values(3), "")
        })
        .collect();
    let res = app.post_json("/api/reports/grid", &json!({ "rows": rows }), Some(&association)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let results: Vec<Result<SubmitOutcome, app::domain::error::AppError>> = serde_json::from_str(&res.body).unwrap();
    assert_eq!(results[4], Err(app::domain::error::AppError::Internal));
    assert_eq!(results.iter().filter(|r| matches!(r, Ok(SubmitOutcome::Saved(_)))).count(), grid.rows.len() - 1);
    assert_eq!(stored(&app, &grid.rows[4].unit.key(), "clinic_daily", today()).await, None);
}

#[tokio::test]
async fn when_a_batch_cannot_commit_no_one_in_it_is_told_saved_and_all_can_send_again() {
    let app = TestApp::new().await;
    let hospital = app.login_cookie("DEMHSP22").await;
    let clinic = app.login_cookie("DEMCLN22").await;
    // The audit rows are written once for the whole batch, just before the
    // commit: the clinic's makes that statement, and so the batch, fail.
    let refuse = if is_sqlite(&app) {
        vec![
            "CREATE TRIGGER refuse_batch BEFORE INSERT ON audit_log WHEN NEW.actor_label = 'DEMCLN22' \
              AND NEW.action = 'report.submitted' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END",
        ]
    } else {
        vec![
            "CREATE FUNCTION refuse_batch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
             IF NEW.actor_label = 'DEMCLN22' AND NEW.action = 'report.submitted' THEN \
             RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$",
            "CREATE TRIGGER refuse_batch BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_batch()",
        ]
    };
    for statement in refuse {
        app.db.execute_unprepared(statement).await.unwrap();
    }
    let bodies: Vec<(&str, Value)> = (1..6)
        .map(|n| {
            (
                hospital.as_str(),
                input("hospital_daily", HOSPITAL, days_ago(n), &uuid(), None, hospital_values(4, 1), ""),
            )
        })
        .chain([(clinic.as_str(), input("clinic_daily", OWN_CLINIC, today(), &uuid(), None, clinic_values(2), ""))])
        .collect();
    let first = input("hospital_daily", HOSPITAL, today(), &uuid(), None, hospital_values(4, 1), "");

    let answers = submit_behind(&app, (&hospital, first), bodies.clone()).await;

    // Told saved exactly when it is stored.
    let days = std::iter::once((HOSPITAL, "hospital_daily", today()))
        .chain((1..6).map(|n| (HOSPITAL, "hospital_daily", days_ago(n))))
        .chain([(OWN_CLINIC, "clinic_daily", today())]);
    let mut failed = 0;
    for ((unit, survey, day), answer) in days.zip(&answers) {
        let saved = receipt(answer).is_some();
        assert_eq!(saved, stored(&app, unit, survey, day).await.is_some(), "{unit} {day}: {answer:?}");
        if !saved {
            assert_eq!(answer.0, StatusCode::INTERNAL_SERVER_ERROR, "{answer:?}");
            failed += 1;
        }
    }
    assert!(receipt(&answers[0]).is_some(), "the first batch committed");
    // On SQLite the hospital's five days shared the clinic's batch; on
    // PostgreSQL each request is a transaction of its own.
    assert_eq!(failed, if is_sqlite(&app) { 6 } else { 1 });

    // Nothing was half-saved: once the fault is gone, the same submissions
    // are saved as new.
    drop_refusal(&app, "refuse_batch", "audit_log").await;
    for (i, (cookie, body)) in bodies.into_iter().enumerate() {
        if receipt(&answers[i + 1]).is_none() {
            let again = saved(&app, cookie, body).await;
            assert!(!again.repeated && again.revision == 1, "{again:?}");
        }
    }
    assert_eq!(submitted_audit_rows(&app).await, 7);
}

/// Ten days of `fever_patients` = 40 for the clinic `f4`, before today.
async fn steady_clinic_history(app: &TestApp, clerk: &str) {
    for back in 1..=10 {
        saved(app, clerk, input("clinic_daily", OWN_CLINIC, days_ago(back), &uuid(), None, clinic_values(40), ""))
            .await;
    }
}

#[tokio::test]
async fn a_value_ten_times_the_usual_is_saved_only_once_confirmed_and_marked() {
    let app = TestApp::new().await;
    let clerk = app.login_cookie("DEMCLN22").await;
    // A new unit with little history is not asked: three days, then 400.
    for back in 1..=3 {
        saved(&app, &clerk, input("clinic_daily", OWN_CLINIC, days_ago(back), &uuid(), None, clinic_values(40), ""))
            .await;
    }
    saved(&app, &clerk, input("clinic_daily", OWN_CLINIC, days_ago(4), &uuid(), None, clinic_values(400), "")).await;

    let app = TestApp::new().await;
    let clerk = app.login_cookie("DEMCLN22").await;
    steady_clinic_history(&app, &clerk).await;
    let rows = revision_rows(&app).await;
    // Unconfirmed, through the server function: refused, nothing written.
    let (status, body) =
        submit(&app, &clerk, input("clinic_daily", OWN_CLINIC, today(), &uuid(), None, clinic_values(400), "")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.contains("前日（40）より大幅に増えています") && body.contains("confirm_outliers"), "{body}");
    assert_eq!(revision_rows(&app).await, rows);
    assert_eq!(stored(&app, OWN_CLINIC, "clinic_daily", today()).await, None);
    // An ordinary value needs nothing.
    let mut ordinary = input("clinic_daily", OWN_CLINIC, days_ago(11), &uuid(), None, clinic_values(44), "");
    saved(&app, &clerk, ordinary.clone()).await;
    // Confirmed: saved, and the revision records the flagged item.
    let mut confirmed = input("clinic_daily", OWN_CLINIC, today(), &uuid(), None, clinic_values(400), "");
    confirmed["confirmed_outliers"] = json!(true);
    saved(&app, &clerk, confirmed).await;
    let (_, loaded) = form(&app, &clerk, OWN_CLINIC, today()).await;
    let current = loaded.unwrap().current.unwrap();
    assert_eq!(current.answers.get("fever_patients"), Some(&Answer::Count(400)));
    assert_eq!(current.outliers, ["fever_patients"]);
    ordinary["day"] = json!(days_ago(11));
    let (_, older) = form(&app, &clerk, OWN_CLINIC, days_ago(11)).await;
    assert!(older.unwrap().current.unwrap().outliers.is_empty(), "the ordinary day is not marked");
    // The next day's form is judged against the day before: 400 → 40 is a drop.
    let (status, body) =
        submit(&app, &clerk, input("clinic_daily", OWN_CLINIC, today(), &uuid(), Some(1), clinic_values(4), "訂正"))
            .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("大幅に減っています"), "{body}");
}

#[tokio::test]
async fn the_form_posted_without_javascript_asks_for_the_confirmation_and_keeps_it() {
    let app = TestApp::new().await;
    let clerk = app.login_cookie("DEMCLN22").await;
    steady_clinic_history(&app, &clerk).await;
    let day = today();
    let post = |confirm: &str| {
        format!(
            "survey=clinic_daily&unit=f4&day={day}&submission_id={}&base_revision=&action=save\
             &v.fever_patients=400&v.pcr_tests=1&v.antigen_tests=1&v.positives=0&v.referrals=0{confirm}",
            uuid()
        )
    };
    let asked = app.post_form("/reports/submit", &post(""), Some(&clerk)).await;
    let location = asked.location().unwrap();
    assert!(location.contains("invalid=1") && location.contains("v.fever_patients=400"), "{location}");
    assert_eq!(stored(&app, OWN_CLINIC, "clinic_daily", day).await, None);
    // The page it comes back to says why and offers the box, unticked.
    let page = app.get(location, Some(&clerk)).await;
    assert!(page.body.contains("前日（40）より大幅に増えています"), "the field's message");
    let input_tag = page
        .body
        .split("<input")
        .find(|tag| tag.contains("name=\"confirm_outliers\""))
        .and_then(|tag| tag.split('>').next())
        .expect("the box");
    assert!(!input_tag.contains("checked"), "the box, unticked: {input_tag}");
    let done = app.post_form("/reports/submit", &post("&confirm_outliers=on"), Some(&clerk)).await;
    assert!(done.location().unwrap().contains("saved=1"), "{:?}", done.location());
    assert_eq!(
        stored(&app, OWN_CLINIC, "clinic_daily", day).await.map(|(_, v)| v["fever_patients"].clone()),
        Some(json!(400))
    );
}

#[tokio::test]
async fn officers_find_the_hospitals_whose_latest_report_was_confirmed_off_its_range() {
    let app = TestApp::new().await;
    let clerk = app.login_cookie("DEMHSP22").await;
    for back in 1..=8 {
        saved(
            &app,
            &clerk,
            input("hospital_daily", HOSPITAL, days_ago(back), &uuid(), None, hospital_values(12, 3), ""),
        )
        .await;
    }
    let mut jump = input("hospital_daily", HOSPITAL, today(), &uuid(), None, hospital_values(120, 3), "");
    jump["confirmed_outliers"] = json!(true);
    saved(&app, &clerk, jump).await;
    let officer = app.login_cookie("DEMPRF22").await;
    let flagged = |sort: &str| {
        let body = json!({ "query": { "sort": sort } });
        let (app, officer) = (&app, &officer);
        async move {
            let res = app.post_json("/api/area/capacity", &body, Some(officer)).await;
            assert_eq!(res.status, StatusCode::OK, "{}", res.body);
            let c: Value = serde_json::from_str(&res.body).unwrap();
            c["hospitals"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| (h["name"].clone(), h["outliers"].clone()))
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(flagged("flagged").await, [(json!("東京中央病院"), json!(["新型コロナ入院患者数"]))]);
    assert!(flagged("name").await.len() > 1, "every hospital without the filter");
}
