//! Area views and downloads (issue 15, SPEC §7) against hand-checked small
//! data on the demo area: Tokyo expects 14 units a day (東京中央病院 and
//! 千代田内科 in 千代田区; 新宿総合病院, ten clinics — nine of them members
//! of 新宿区医師会 — and the centre in 新宿区), Osaka one hospital.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use app::domain::area::{Capacity, Completeness, Counts};
use app::server::entities::{download, facility, membership, report, user};
use calamine::{DataType, Reader};
use chrono::{Days, NaiveDate};
use common::TestApp;
use http::StatusCode;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

fn uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

fn hospital(inpatients: u32, beds_in_use: u32, outpatient: &str) -> Value {
    json!({
        "outpatient_status": outpatient, "inpatient_status": "normal", "emergency_status": "limited",
        "staffing": "short", "covid_inpatients": inpatients.to_string(), "covid_severe": "1",
        "ventilators_in_use": "2", "ventilators_owned": "10", "ecmo_in_use": "0", "ecmo_owned": "1",
        "secured_beds": "40", "beds_in_use": beds_in_use.to_string()
    })
}

fn clinic(seen: u32) -> Value {
    json!({ "fever_patients": seen.to_string(), "pcr_tests": "3", "antigen_tests": "4", "positives": "2", "referrals": "0" })
}

/// Saves a report through the form's server function (`None`: nothing to
/// report; `base`: the revision it amends); its revision.
async fn report(
    app: &TestApp,
    cookie: &str,
    (survey, unit, day): (&str, i32, NaiveDate),
    values: Option<Value>,
    base: Option<i32>,
) -> i32 {
    let body = json!({ "input": {
        "survey": survey, "unit": { "Facility": unit }, "day": day, "submission_id": uuid(), "base_revision": base,
        "nothing_to_report": values.is_none(), "values": values.unwrap_or_else(|| json!({})),
        "reason": if base.is_some() { "入力誤りの訂正" } else { "" }
    }});
    let res = app.post_json("/api/reports/submit", &body, Some(cookie)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let v: Value = serde_json::from_str(&res.body).unwrap();
    v["Saved"]["revision"].as_i64().expect("saved") as i32
}

async fn completeness(app: &TestApp, cookie: &str, query: Value) -> (StatusCode, String) {
    let res = app.post_json("/api/area/completeness", &json!({ "query": query }), Some(cookie)).await;
    (res.status, res.body)
}

async fn counts_of(app: &TestApp, cookie: &str, query: Value) -> Completeness {
    let (status, body) = completeness(app, cookie, query).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    serde_json::from_str(&body).unwrap()
}

async fn capacity(app: &TestApp, cookie: &str, query: Value) -> Capacity {
    let res = app.post_json("/api/area/capacity", &json!({ "query": query }), Some(cookie)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    serde_json::from_str(&res.body).unwrap()
}

fn counts(expected: u32, on_time: u32, late: u32, nothing: u32) -> Counts {
    Counts { expected, on_time, late, nothing }
}

/// Today: the hospital on time, the own clinic "nothing to report", the
/// association's 新宿こどもクリニック after the 17:00 deadline.
async fn a_day_of_reports(app: &TestApp) -> NaiveDate {
    let today = app.today();
    let hospital_clerk = app.login_cookie("DEMHSP22").await;
    report(app, &hospital_clerk, ("hospital_daily", 1, today), Some(hospital(12, 20, "normal")), None).await;
    let clinic_clerk = app.login_cookie("DEMCLN22").await;
    report(app, &clinic_clerk, ("clinic_daily", 4, today), None, None).await;
    app.set_japan_time(today, (18, 30, 0));
    let association = app.login_cookie("DEMAGG22").await;
    report(app, &association, ("clinic_daily", 5, today), Some(clinic(7)), None).await;
    today
}

#[tokio::test]
async fn officers_see_who_reported_on_time_late_nothing_and_who_is_missing() {
    let app = TestApp::new().await;
    let today = a_day_of_reports(&app).await;
    let prefecture = app.login_cookie("DEMPRF22").await;

    let tokyo = counts_of(&app, &prefecture, json!({})).await;
    assert_eq!(tokyo.day, today);
    assert_eq!(tokyo.total, counts(14, 1, 1, 1));
    assert_eq!(tokyo.total.missing(), 11);
    let rows: Vec<(&str, Counts)> = tokyo.rows.iter().map(|r| (r.name.as_str(), r.counts)).collect();
    assert_eq!(rows, vec![("千代田区", counts(2, 1, 0, 1)), ("新宿区", counts(12, 0, 1, 0))]);
    let missing: Vec<(&str, Option<&str>)> =
        tokyo.missing.iter().map(|m| (m.name.as_str(), m.aggregator.as_deref())).collect();
    assert_eq!((missing.len(), tokyo.missing_total), (11, 11));
    assert!(missing.contains(&("新宿総合病院", None)), "{missing:?}");
    assert!(missing.contains(&("神楽坂ファミリークリニック", Some("新宿区医師会"))), "{missing:?}");
    assert!(!missing.iter().any(|(n, _)| *n == "東京中央病院" || *n == "新宿こどもクリニック"));
    let last = tokyo.trend.last().unwrap();
    assert_eq!((last.day, last.expected, last.reported), (today, 14, 3));
    assert_eq!(tokyo.trend.len(), 28);

    // The city sees its own twelve units, one row per survey.
    let city = app.login_cookie("DEMMUN22").await;
    let shinjuku = counts_of(&app, &city, json!({})).await;
    assert_eq!(shinjuku.total, counts(12, 0, 1, 0));
    assert_eq!(shinjuku.rows.len(), 3, "hospital, clinic and centre surveys");
    assert!(shinjuku.missing.iter().all(|m| m.municipality == "新宿区"));
    // A city's trend comes from its own running totals: today the late one.
    let point = shinjuku.trend.last().unwrap();
    assert_eq!((point.expected, point.reported), (12, 1));

    // The ministry sees one row per prefecture from the running totals, and
    // they agree with the prefecture's own count.
    let admin = app.login_cookie("DEMADM22").await;
    let nation = counts_of(&app, &admin, json!({})).await;
    assert_eq!(nation.rows.len(), 47);
    let row = |name: &str| nation.rows.iter().find(|r| r.name == name).unwrap().counts;
    assert_eq!(row("東京都"), tokyo.total);
    assert_eq!(row("大阪府"), counts(1, 0, 0, 0));
    assert!(nation.missing.is_empty(), "the nation opens a prefecture for its list");
    assert_eq!(nation.trend.last().unwrap().reported, 3);
    // ...and can open any prefecture.
    let osaka = counts_of(&app, &admin, json!({ "prefecture": "27" })).await;
    assert_eq!(osaka.missing.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(), ["大阪みなと医療センター"]);

    // Filters: one survey, one association.
    let clinics = counts_of(&app, &prefecture, json!({ "survey": "clinic_daily" })).await;
    assert_eq!(clinics.total, counts(11, 0, 1, 1));
    let members = counts_of(&app, &prefecture, json!({ "aggregator": "1" })).await;
    assert_eq!(members.total, counts(10, 0, 1, 0));

    // The page itself is complete in its first HTML.
    let page = app.get("/area", Some(&prefecture)).await;
    assert_eq!(page.status, StatusCode::OK);
    for text in ["報告状況", "新宿総合病院", "未報告の施設（11件）", "過去28日の報告率", "<svg"]
    {
        assert!(page.body.contains(text), "{text} missing from the first HTML");
    }
}

#[tokio::test]
async fn units_without_a_municipality_count_as_the_prefectures_rest() {
    let app = TestApp::new().await;
    // 東京中央病院 (千代田区) has no municipality when it reports.
    facility::Entity::update_many()
        .col_expr(facility::Column::MunicipalityCode, Expr::value(Option::<String>::None))
        .filter(facility::Column::Id.eq(1))
        .exec(&app.db)
        .await
        .unwrap();
    a_day_of_reports(&app).await;
    let prefecture = app.login_cookie("DEMPRF22").await;
    let tokyo = counts_of(&app, &prefecture, json!({})).await;
    let rows: Vec<(&str, Counts)> = tokyo.rows.iter().map(|r| (r.code.as_str(), r.counts)).collect();
    assert_eq!(rows, vec![("", counts(1, 1, 0, 0)), ("131016", counts(1, 0, 0, 1)), ("131041", counts(12, 0, 1, 0))]);
    assert_eq!(tokyo.total, counts(14, 1, 1, 1));
}

#[tokio::test]
async fn designation_and_membership_changing_mid_period_count_from_their_day() {
    let app = TestApp::new().await;
    let today = app.today();
    let yesterday = today.checked_sub_days(Days::new(1)).unwrap();
    // 千代田内科 is designated from today; 新宿こどもクリニック leaves the association today.
    facility::Entity::update_many()
        .col_expr(facility::Column::DesignatedFrom, Expr::value(today))
        .filter(facility::Column::Id.eq(4))
        .exec(&app.db)
        .await
        .unwrap();
    membership::Entity::update_many()
        .col_expr(membership::Column::ValidTo, Expr::value(yesterday))
        .filter(membership::Column::FacilityId.eq(5))
        .exec(&app.db)
        .await
        .unwrap();
    let prefecture = app.login_cookie("DEMPRF22").await;
    let now = counts_of(&app, &prefecture, json!({})).await;
    let before = counts_of(&app, &prefecture, json!({ "day": yesterday.to_string() })).await;
    assert_eq!((before.total.expected, now.total.expected), (13, 14));
    let points: Vec<u32> = now.trend.iter().rev().take(2).map(|p| p.expected).collect();
    assert_eq!(points, [14, 13]);

    let members_today = counts_of(&app, &prefecture, json!({ "aggregator": "1" })).await;
    let members_before = counts_of(&app, &prefecture, json!({ "aggregator": "1", "day": yesterday.to_string() })).await;
    assert_eq!((members_before.total.expected, members_today.total.expected), (10, 9));
    let child =
        |c: &Completeness| c.missing.iter().find(|m| m.name == "新宿こどもクリニック").map(|m| m.aggregator.clone());
    assert_eq!(child(&members_before), Some(Some("新宿区医師会".to_owned())));
    let all_today = counts_of(&app, &prefecture, json!({})).await;
    assert_eq!(child(&all_today), Some(None), "reports for itself from today");
}

#[tokio::test]
async fn an_amendment_and_a_back_entry_move_the_capacity_views() {
    let app = TestApp::new().await;
    let today = app.today();
    let yesterday = today.checked_sub_days(Days::new(1)).unwrap();
    let clerk = app.login_cookie("DEMHSP22").await;
    report(&app, &clerk, ("hospital_daily", 1, today), Some(hospital(12, 20, "stopped")), None).await;
    let prefecture = app.login_cookie("DEMPRF22").await;
    let admin = app.login_cookie("DEMADM22").await;

    let tokyo = capacity(&app, &prefecture, json!({})).await;
    let first = &tokyo.hospitals[0];
    assert_eq!((first.name.as_str(), first.alarm, first.beds_in_use), ("東京中央病院", true, Some(20)));
    assert_eq!(first.occupancy(), "50.0%");
    assert_eq!((tokyo.totals.hospitals, tokyo.totals.reporting, tokyo.totals.alarms), (2, 1, 1));
    let nation_tokyo = |c: &Capacity| c.by_area.iter().find(|(code, _, _)| code == "13").unwrap().2;
    assert_eq!(nation_tokyo(&capacity(&app, &admin, json!({})).await).beds_in_use, 20);

    report(&app, &clerk, ("hospital_daily", 1, today), Some(hospital(15, 30, "normal")), Some(1)).await;
    let tokyo = capacity(&app, &prefecture, json!({})).await;
    assert_eq!((tokyo.totals.beds_in_use, tokyo.totals.inpatients, tokyo.totals.alarms), (30, 15, 0));
    let nation = capacity(&app, &admin, json!({})).await;
    assert_eq!((nation_tokyo(&nation).beds_in_use, nation_tokyo(&nation).inpatients), (30, 15));
    let occupancy = &nation.charts[0].series[0].values;
    assert_eq!(occupancy.last().copied().flatten(), Some(75.0));
    // The city's charts read the city's own totals, amended the same way.
    let chiyoda = json!({ "municipality": "131016" });
    let city = capacity(&app, &admin, chiyoda.clone()).await;
    assert_eq!(city.charts[0].series[0].values.last().copied().flatten(), Some(75.0));

    // A back-entry for yesterday shows in yesterday's point of the chart.
    report(&app, &clerk, ("hospital_daily", 1, yesterday), Some(hospital(9, 10, "normal")), None).await;
    let tokyo = capacity(&app, &prefecture, json!({})).await;
    let inpatients = &tokyo.charts[1].series[0].values;
    assert_eq!(inpatients[inpatients.len() - 2..], [Some(9.0), Some(15.0)]);
    // The table keeps the hospital's latest day, not the one entered last.
    assert_eq!((tokyo.hospitals[0].as_of, tokyo.totals.beds_in_use), (Some(today), 30));
    let city = capacity(&app, &admin, chiyoda).await;
    let inpatients = &city.charts[1].series[0].values;
    assert_eq!(inpatients[inpatients.len() - 2..], [Some(9.0), Some(15.0)]);
    let page = app.get("/area/capacity", Some(&prefecture)).await;
    assert!(page.body.contains("病床使用率（過去28日）") && page.body.contains("75.0%"), "{}", page.status);
}

#[tokio::test]
async fn filters_outside_the_area_are_refused_and_audited_and_junk_gets_japanese_messages() {
    let app = TestApp::new().await;
    let prefecture = app.login_cookie("DEMPRF22").await;
    let city = app.login_cookie("DEMMUN22").await;
    let before = app.audit_actions().await.iter().filter(|a| *a == "access.denied").count();
    for (cookie, query) in [
        (&prefecture, json!({ "prefecture": "27" })),
        (&prefecture, json!({ "municipality": "271004" })),
        (&city, json!({ "municipality": "131016" })),
        (&city, json!({ "prefecture": "27" })),
    ] {
        let (status, body) = completeness(&app, cookie, query.clone()).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{query}: {body}");
        assert!(!body.contains("大阪"), "{body}");
    }
    let after = app.audit_actions().await.iter().filter(|a| *a == "access.denied").count();
    assert_eq!(after - before, 4, "each refusal is audited");

    let tomorrow = app.today().checked_add_days(Days::new(1)).unwrap();
    for (query, field, text) in [
        (json!({ "municipality": "999999" }), "municipality", "市区町村が見つかりません"),
        (json!({ "day": tomorrow.to_string() }), "day", "未来の日付"),
        (json!({ "day": app.today().format("%m/%d").to_string() }), "day", "の形で指定"),
        (json!({ "survey": "weekly" }), "survey", "調査の種類"),
        (json!({ "prefecture": "48" }), "prefecture", "都道府県が見つかりません"),
    ] {
        let (status, body) = completeness(&app, &prefecture, query.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{query}: {body}");
        assert!(body.contains(field) && body.contains(text), "{query}: {body}");
    }
    // A range over 366 days: a page with the message, no file, nothing logged.
    let far = app.today().checked_sub_days(Days::new(400)).unwrap();
    let res = app.get(&format!("/area/download?kind=reports&from={far}&to={}", app.today()), Some(&prefecture)).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert!(res.body.contains("366日以内"), "{}", res.body);
    assert!(download::Entity::find().all(&app.db).await.unwrap().is_empty());

    // Facilities, associations, centres and the helpdesk see no area.
    for login in ["DEMHSP22", "DEMAGG22", "DEMCTR22", "DEMHLP22"] {
        let cookie = app.login_cookie(login).await;
        assert_eq!(completeness(&app, &cookie, json!({})).await.0, StatusCode::FORBIDDEN, "{login}");
        let res = app.get("/area/download?kind=missing", Some(&cookie)).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{login}");
    }
}

#[tokio::test]
async fn downloads_decode_as_utf8_with_bom_shift_jis_and_xlsx_and_are_logged() {
    let app = TestApp::new().await;
    let today = app.today();
    let yesterday = today.checked_sub_days(Days::new(1)).unwrap();
    // A name that Excel would run as a formula stays text.
    facility::Entity::update_many()
        .col_expr(facility::Column::Name, Expr::value("=HYPERLINK(\"http://x\")病院"))
        .filter(facility::Column::Id.eq(2))
        .exec(&app.db)
        .await
        .unwrap();
    let clerk = app.login_cookie("DEMHSP22").await;
    report(&app, &clerk, ("hospital_daily", 1, yesterday), Some(hospital(8, 18, "normal")), None).await;
    report(&app, &clerk, ("hospital_daily", 1, today), Some(hospital(12, 20, "limited")), None).await;
    report(&app, &clerk, ("hospital_daily", 1, today), Some(hospital(13, 21, "limited")), Some(1)).await;
    let prefecture = app.login_cookie("DEMPRF22").await;
    let range = format!("from={yesterday}&to={today}&survey=hospital_daily");

    let csv = app.get(&format!("/area/download?kind=reports&format=csv&{range}"), Some(&prefecture)).await;
    assert_eq!(csv.status, StatusCode::OK, "{}", csv.body);
    assert!(csv.header("content-disposition").unwrap().contains(".csv"));
    assert!(csv.bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with BOM");
    let mut reader = csv::Reader::from_reader(&csv.bytes[3..]);
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap_or_else(|| panic!("{name} in {header:?}"));
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2, "one row per report, latest values");
    assert_eq!(&rows[1][col("報告日")], today.to_string());
    assert_eq!(&rows[1][col("施設名")], "東京中央病院");
    assert_eq!(&rows[1][col("うち使用中の病床数")], "21");
    assert_eq!(&rows[1][col("修正回数")], "1");
    assert_eq!(&rows[1][col("外来")], "制限");
    assert_eq!(&rows[0][col("修正回数")], "0");
    // Moments in Japan time as spreadsheets read them (to the minute).
    let first_entered = report::Entity::find()
        .filter(report::Column::Period.eq(today))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .first_entered_at
        .with_timezone(&app::domain::time::jst())
        .naive_local();
    assert_eq!(&rows[1][col("初回入力日時")], first_entered.format("%Y-%m-%d %H:%M").to_string());

    let sjis = app.get(&format!("/area/download?kind=revisions&format=csv-sjis&{range}"), Some(&prefecture)).await;
    assert!(sjis.header("content-type").unwrap().contains("Shift_JIS"));
    let (text, _, bad) = encoding_rs::SHIFT_JIS.decode(&sjis.bytes);
    assert!(!bad, "valid Shift_JIS");
    assert!(text.contains("東京中央病院") && text.contains("入力誤りの訂正"), "{text}");
    assert_eq!(text.lines().count(), 4, "header and three revisions");

    let missing = app.get(&format!("/area/download?kind=missing&format=csv&day={today}"), Some(&prefecture)).await;
    assert!(missing.body.contains("'=HYPERLINK(\"\"http://x\"\")病院"), "{}", missing.body);

    let xlsx = app.get(&format!("/area/download?kind=reports&format=xlsx&{range}"), Some(&prefecture)).await;
    assert_eq!(xlsx.status, StatusCode::OK);
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(xlsx.bytes.clone())).expect("an XLSX file");
    let sheet = book.worksheet_range("data").expect("data sheet");
    let cell = |r: u32, c: usize| sheet.get_value((r, c as u32)).map(|v| v.to_string()).unwrap_or_default();
    assert_eq!(cell(0, col("施設名")), "施設名");
    assert_eq!(cell(2, col("施設名")), "東京中央病院");
    assert_eq!(cell(2, col("うち使用中の病床数")), "21");
    assert_eq!(cell(1, col("うち使用中の病床数")), "18");
    assert_eq!(cell(2, col("外来")), "制限");
    assert_eq!(sheet.height(), 3);
    // A date-and-time cell (Excel's serial days since 1899-12-30), not text.
    let entered =
        sheet.get_value((2, col("初回入力日時") as u32)).and_then(|v| v.get_datetime()).expect("a date and time");
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).unwrap().and_hms_opt(0, 0, 0).unwrap();
    let serial = (first_entered - epoch).num_milliseconds() as f64 / 86_400_000.0;
    assert!(entered.is_datetime() && (entered.as_f64() - serial).abs() < 1.0 / 86_400.0, "{entered:?} vs {serial}");

    // Every download is logged with its rows; the ministry sees the history.
    let logged = download::Entity::find().all(&app.db).await.unwrap();
    let summary: Vec<(String, String, i64, String)> =
        logged.iter().map(|d| (d.what.clone(), d.format.clone(), d.rows, d.state.clone())).collect();
    assert_eq!(
        summary,
        [
            ("reports".into(), "csv".into(), 2, "completed".into()),
            ("revisions".into(), "csv-sjis".into(), 3, "completed".into()),
            ("missing".into(), "csv".into(), 13, "completed".into()),
            ("reports".into(), "xlsx".into(), 2, "completed".into()),
        ]
    );
    let admin = app.login_cookie("DEMADM22").await;
    let res = app.post_json("/api/area/downloads", &json!({ "query": {} }), Some(&admin)).await;
    let page: app::domain::area::DownloadPage = serde_json::from_str(&res.body).unwrap();
    assert_eq!(page.history.len(), 4);
    assert_eq!(page.last_by_account.len(), 1);
    assert_eq!(page.last_by_account[0].login_id, "DEMPRF22");
    assert_eq!(page.last_by_account[0].what, "日次調査の報告（期間指定）");
    // Officers do not see each other's downloads.
    let res = app.post_json("/api/area/downloads", &json!({ "query": {} }), Some(&prefecture)).await;
    let page: app::domain::area::DownloadPage = serde_json::from_str(&res.body).unwrap();
    assert!(page.history.is_empty());
}

/// On PostgreSQL no column is `character(n)`: the driver sends codes as
/// `text`, and a `character(n)` column compared with `text` loses its index,
/// so a city's page would read every facility of the country. (SQLite has one
/// text type; there the schema is what the migrations wrote.)
#[tokio::test]
async fn codes_keep_their_indexes_on_postgresql() {
    use sea_orm::{ConnectionTrait, Statement};
    let app = TestApp::new().await;
    let backend = app.db.get_database_backend();
    if backend != sea_orm::DatabaseBackend::Postgres {
        return;
    }
    let fixed = app
        .db
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT table_name || '.' || column_name AS c FROM information_schema.columns \
             WHERE table_schema = 'public' AND data_type = 'character' ORDER BY 1",
        ))
        .await
        .unwrap();
    let names: Vec<String> = fixed.iter().map(|r| r.try_get::<String>("", "c").unwrap()).collect();
    assert_eq!(names, Vec::<String>::new());
    // The session and area lookups still find their rows by code.
    let cookie = app.login_cookie("DEMPRF22").await;
    assert_eq!(app.get("/area", Some(&cookie)).await.status, StatusCode::OK);
}

/// A designated city's area holds the units filed under its wards: the
/// city's officer counts them, lists them and reads their totals; the
/// prefecture lists the ward as a row of its own.
#[tokio::test]
async fn a_designated_citys_officer_sees_the_units_of_its_wards() {
    let app = TestApp::new().await;
    let today = app.today();
    // The demo city officer works for 大阪市 instead of 新宿区, and
    // 東京中央病院 stands in 大阪市都島区 (a ward's own code).
    user::Entity::update_many()
        .col_expr(user::Column::PrefectureCode, Expr::value("27"))
        .col_expr(user::Column::MunicipalityCode, Expr::value("271004"))
        .filter(user::Column::LoginId.eq("DEMMUN22"))
        .exec(&app.db)
        .await
        .unwrap();
    facility::Entity::update_many()
        .col_expr(facility::Column::PrefectureCode, Expr::value("27"))
        .col_expr(facility::Column::MunicipalityCode, Expr::value("271021"))
        .filter(facility::Column::Id.eq(1))
        .exec(&app.db)
        .await
        .unwrap();
    let hospital_clerk = app.login_cookie("DEMHSP22").await;
    report(&app, &hospital_clerk, ("hospital_daily", 1, today), Some(hospital(12, 20, "normal")), None).await;

    let city = app.login_cookie("DEMMUN22").await;
    let osaka = counts_of(&app, &city, json!({})).await;
    assert_eq!(osaka.total, counts(2, 1, 0, 0), "大阪みなと医療センター (city code) and the ward's hospital");
    let missing: Vec<(&str, &str)> = osaka.missing.iter().map(|m| (m.name.as_str(), m.municipality.as_str())).collect();
    assert_eq!(missing, [("大阪みなと医療センター", "大阪市")]);
    assert_eq!(osaka.trend.last().map(|p| (p.expected, p.reported)), Some((2, 1)), "the ward's running totals");
    let beds = capacity(&app, &city, json!({})).await;
    assert!(serde_json::to_string(&beds).unwrap().contains("東京中央病院"), "the ward's hospital in the city's beds");

    let admin = app.login_cookie("DEMADM22").await;
    let prefecture = counts_of(&app, &admin, json!({ "prefecture": "27" })).await;
    let rows: Vec<(&str, Counts)> = prefecture.rows.iter().map(|r| (r.name.as_str(), r.counts)).collect();
    assert_eq!(rows, vec![("大阪市", counts(1, 0, 0, 0)), ("大阪市都島区", counts(1, 1, 0, 0))]);
}
