//! Scheduled maintenance through the real router: the banner ahead of a
//! window, every page, form post and server function closed during it (the
//! health check open), everything open again after it, and the days it
//! closed back-entered afterwards without being counted late.

// Test helpers outside #[test] functions fail loudly on purpose.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use app::domain::reports::{DayStatus, PeriodKind, ReportForm};
use app::domain::time::japan_date;
use app::server::entities::maintenance_window;
use app::server::maintenance::{end_now, save_from_shell};
use chrono::{Days, Duration, NaiveDate, Utc};
use common::TestApp;
use http::StatusCode;
use sea_orm::{ActiveModelTrait, ActiveValue::NotSet, Set};
use serde_json::json;

fn days_ago(n: u64) -> NaiveDate {
    japan_date(common::test_start()).checked_sub_days(Days::new(n)).unwrap()
}

#[tokio::test]
async fn during_a_window_everything_but_the_health_check_answers_503_and_after_it_everything_works() {
    let app = TestApp::new().await;
    let admin = app.login_cookie("DEMADM22").await;
    let clinic = app.login_cookie("DEMCLN22").await;
    // Real records for the pages with an id: a demo notice, an SOS request
    // and an inquiry of the clinic.
    let sos = app.sos_request(&clinic, 4).await;
    let inquiry = app.open_inquiry(&clinic, "メンテナンス前の問い合わせ").await;
    let now = app.now();
    save_from_shell(&app.state.app, now, now + Duration::hours(1), "システム更新のため停止します。", now)
        .await
        .unwrap();

    let mut pages: Vec<String> = server::web::route_list()
        .iter()
        .map(|r| {
            let path = r.path();
            let id = if path.starts_with("/supplies/requests/") {
                sos
            } else if path.starts_with("/inquiries/") {
                inquiry
            } else {
                1
            };
            path.replace("{id}", &id.to_string()).replace(":id", &id.to_string())
        })
        .collect();
    assert!(pages.iter().all(|p| !p.contains('{') && !p.contains(':')), "{pages:?}");
    pages.extend(["/supplies/review.csv", "/admin/accounts/import/example.csv", "/no-such-page"].map(String::from));
    assert!(pages.len() > 15, "{pages:?}");
    for path in &pages {
        let res = app.get(path, Some(&admin)).await;
        assert_eq!(res.status, StatusCode::SERVICE_UNAVAILABLE, "GET {path}");
        let retry: i64 = res.header("retry-after").unwrap().parse().unwrap();
        assert!((3500..=3600).contains(&retry), "Retry-After {retry}");
        assert!(res.body.contains("メンテナンス中です") && res.body.contains("に再開します"), "{path}: {}", res.body);
        assert!(res.body.contains("システム更新のため停止します。"));
        assert!(!res.body.contains("<script"), "no app script on the maintenance page");
    }
    for path in leptos::server_fn::axum::server_fn_paths().map(|(p, _)| p) {
        let res = app.post_form(path, "", Some(&admin)).await;
        assert_eq!(res.status, StatusCode::SERVICE_UNAVAILABLE, "POST {path}");
        assert_eq!(res.body, r#""Unavailable""#, "the app decodes this as AppError::Unavailable");
        assert!(res.header("retry-after").is_some() && res.header("x-gmis-reopens-at").is_some());
    }
    for (path, form) in [
        ("/login", "login_id=DEMCLN22&password=demo-password-2026"),
        ("/logout", ""),
        ("/reports/submit", "survey=clinic_daily&unit=f4"),
        ("/password/forgot", "login_id=DEMCLN22"),
    ] {
        let res = app.post_form(path, form, Some(&clinic)).await;
        assert_eq!(res.status, StatusCode::SERVICE_UNAVAILABLE, "POST {path}");
        assert!(res.set_cookies().is_empty(), "no session is made or ended during maintenance");
    }
    let api = app
        .request(
            http::Request::get("/")
                .header(http::header::ACCEPT, "application/json")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(api.status, StatusCode::SERVICE_UNAVAILABLE);
    let body: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(body["error"], "maintenance");
    assert!(
        body["reopens_at"].as_str().unwrap().starts_with(&(now + Duration::hours(1)).format("%Y-%m-%dT%H").to_string())
    );
    assert_eq!(app.get("/healthz", None).await.status, StatusCode::OK);

    let ended = end_now(&app.state.app, app.now()).await.unwrap();
    assert!(ended.is_some());
    // Each page as a user who may open it.
    let association = app.login_cookie("DEMAGG22").await;
    let user_for = |path: &str| match path {
        "/reports/members" => &association,
        p if p.starts_with("/reports") || (p.starts_with("/supplies") && !p.starts_with("/supplies/review")) => &clinic,
        _ => &admin,
    };
    for path in &pages {
        let res = app.get(path, Some(user_for(path))).await;
        let expected = match path.as_str() {
            "/no-such-page" => StatusCode::NOT_FOUND,
            // Logged in: the login page sends the user home.
            "/login" => StatusCode::SEE_OTHER,
            _ => StatusCode::OK,
        };
        assert_eq!(res.status, expected, "GET {path} after the window: {}", res.body);
        assert!(res.header("retry-after").is_none());
    }
    for path in leptos::server_fn::axum::server_fn_paths().map(|(p, _)| p) {
        let res = app.post_form(path, "", Some(&admin)).await;
        assert_ne!(res.status, StatusCode::SERVICE_UNAVAILABLE, "POST {path} after the window");
    }
    assert_eq!(app.get("/", Some(&clinic)).await.status, StatusCode::OK);
    assert_eq!(app.post_form("/api/session/current", "", Some(&clinic)).await.status, StatusCode::OK);
    assert_eq!(app.login("DEMHSP22", common::PASSWORD).await.location(), Some("/"));
    let actions = app.audit_actions().await;
    assert!(actions.contains(&"maintenance.scheduled".to_owned()) && actions.contains(&"maintenance.ended".to_owned()));
}

#[tokio::test]
async fn the_banner_shows_from_seven_days_ahead_and_bad_windows_are_refused() {
    let app = TestApp::new().await;
    let admin = app.login_cookie("DEMADM22").await;
    let clinic = app.login_cookie("DEMCLN22").await;
    let local = |t: chrono::DateTime<Utc>| app::domain::maintenance::to_local_input(t);
    let soon = app.now() + Duration::days(3);
    let save = |start: String, end: String| json!({ "input": { "id": null, "start": start, "end": end, "message": "定期保守のため停止します。" } });

    let res = app
        .post_json("/api/maintenance/save", &save(local(soon), local(soon + Duration::hours(14))), Some(&admin))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let window: app::domain::maintenance::Window = serde_json::from_str(&res.body).unwrap();
    for (page, cookie) in [("/", Some(&clinic)), ("/login", None), ("/reports", Some(&clinic))] {
        let res = app.get(page, cookie.map(String::as_str)).await;
        assert!(res.body.contains("メンテナンスのお知らせ") && res.body.contains(&window.range_text()), "{page}");
        assert!(res.body.contains("定期保守のため停止します。"));
    }
    assert!(window.range_text().contains('（') && window.range_text().contains(" 〜 "), "{}", window.range_text());

    let overlap = app
        .post_json(
            "/api/maintenance/save",
            &save(local(soon + Duration::hours(1)), local(soon + Duration::hours(20))),
            Some(&admin),
        )
        .await;
    assert_eq!(overlap.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(overlap.body.contains("重なっています"), "{}", overlap.body);
    let past = app
        .post_json("/api/maintenance/save", &save(local(app.now() - Duration::days(1)), local(app.now())), Some(&admin))
        .await;
    assert_eq!(past.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(past.body.contains("過去"), "{}", past.body);
    let garbage = app.post_json("/api/maintenance/save", &save("明日".to_owned(), "".to_owned()), Some(&admin)).await;
    assert_eq!(garbage.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Moved ten days ahead, it is beyond the seven-day lead: no banner.
    let later = app.now() + Duration::days(10);
    let mut moved = save(local(later), local(later + Duration::hours(14)));
    moved["input"]["id"] = json!(window.id);
    assert_eq!(app.post_json("/api/maintenance/save", &moved, Some(&admin)).await.status, StatusCode::OK);
    assert!(!app.get("/", Some(&clinic)).await.body.contains("メンテナンスのお知らせ"));
    assert_eq!(
        app.post_form("/api/maintenance/cancel", &format!("id={}", window.id), Some(&admin)).await.status,
        StatusCode::OK
    );
    let plan = app.post_form("/api/maintenance/plan", "", Some(&admin)).await;
    assert!(plan.body.contains(r#""windows":[]"#), "{}", plan.body);
}

#[tokio::test]
async fn days_closed_by_a_past_window_are_back_entered_past_the_limit_and_not_late() {
    let app = TestApp::with_env(&[("GMIS_BACK_ENTRY_DAYS", "3")]).await;
    let hospital = app.login_cookie("DEMHSP22").await;
    // A window that closed the system from 8 days ago to 2 days ago.
    let start = app.now() - Duration::days(8);
    maintenance_window::ActiveModel {
        id: NotSet,
        starts_at: Set(start),
        ends_at: Set(app.now() - Duration::days(2)),
        message: Set("移行作業".to_owned()),
        created_by: Set(None),
        updated_at: Set(start),
    }
    .insert(&app.db)
    .await
    .unwrap();
    app.state.app.maintenance.invalidate();

    let report = |day: NaiveDate| {
        json!({ "input": {
            "survey": "hospital_daily", "unit": { "Facility": 1 }, "day": day,
            "submission_id": uuid::Uuid::new_v4().to_string(), "base_revision": null,
            "nothing_to_report": true, "values": {}, "reason": ""
        }})
    };
    let inside = days_ago(6);
    let res = app.post_json("/api/reports/submit", &report(inside), Some(&hospital)).await;
    assert_eq!(res.status, StatusCode::OK, "6 days back with a limit of 3, but closed by the window: {}", res.body);
    let before = days_ago(10);
    let res = app.post_json("/api/reports/submit", &report(before), Some(&hospital)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "a day before the window keeps the limit");

    let res = app.post_form("/api/reports/form", &format!("unit=f1&day={inside}"), Some(&hospital)).await;
    let form: ReportForm = serde_json::from_str(&res.body).unwrap();
    let status = |day| form.calendar.iter().find(|c| c.day == day).unwrap().status;
    assert_eq!(status(inside), DayStatus::AfterMaintenance, "not late");
    assert_eq!(form.grace.len(), 1);
    let page = app.get(&format!("/reports?unit=f1&day={inside}"), Some(&hospital)).await;
    assert!(page.body.contains("メンテナンス後に報告"));
}

#[tokio::test]
async fn deadlines_behind_a_coming_window_are_flagged_on_their_screens() {
    let app = TestApp::new().await;
    let clinic = app.login_cookie("DEMCLN22").await;
    // A working day's morning: the SOS batch of today closes at 13:00.
    app.set_japan_time(app.today(), (10, 0, 0));
    let now = app.now();
    // A window around this week's weekly deadline (the end of Sunday).
    let monday = PeriodKind::Week.start_of(japan_date(now));
    let deadline = monday
        .checked_add_days(Days::new(7))
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_local_timezone(app::domain::time::jst())
        .unwrap()
        .with_timezone(&Utc);
    let start = (deadline - Duration::hours(2)).max(now + Duration::minutes(1));
    save_from_shell(&app.state.app, start, deadline + Duration::hours(8), "定期保守", now).await.unwrap();
    let res = app.post_form("/api/reports/form", "survey=supplies_weekly&unit=f4", Some(&clinic)).await;
    let form: ReportForm = serde_json::from_str(&res.body).unwrap();
    let warning = form.deadline_warning.expect("the weekly deadline falls inside the window");
    assert!(warning.contains("より前に入力してください"), "{warning}");

    // The SOS batch now open takes requests until its cut-off; a window
    // before that cut-off is flagged on the request form.
    let batch = app.state.app.supplies.batch_for(now);
    assert_eq!(batch.date, app.today(), "before 13:00 on a working day, today's batch is open");
    let window_start = now + Duration::minutes(2);
    save_from_shell(&app.state.app, window_start, window_start + Duration::minutes(1), "短時間の保守", now)
        .await
        .unwrap();
    let res = app.post_form("/api/supplies/sos_form", "unit=f4", Some(&clinic)).await;
    let sos: app::domain::supplies::SosForm = serde_json::from_str(&res.body).unwrap();
    let warning = sos.deadline_warning.expect("flagged");
    assert!(warning.contains("以降・締切までに入力してください"), "{warning}");
}

#[tokio::test]
async fn the_schedule_works_without_javascript_and_nothing_typed_is_lost_when_it_is_refused() {
    use app::domain::maintenance::to_local_input;
    use sea_orm::{EntityTrait, PaginatorTrait};
    let app = TestApp::new().await;
    let admin = app.login_cookie("DEMADM22").await;
    let windows = || async { maintenance_window::Entity::find().all(&app.db).await.unwrap() };
    let page = app.get("/admin/maintenance", Some(&admin)).await;
    assert!(
        page.body.contains(r#"action="/admin/maintenance/save""#) && page.body.contains(r#"name="start""#),
        "the form posts as it is"
    );

    // A start in the past and no end: nothing saved, back to the form with
    // what was typed and the same messages as the browser's own check.
    let past = to_local_input(app.now() - Duration::days(1));
    let refused =
        serde_urlencoded::to_string([("start", past.as_str()), ("end", ""), ("message", "定期保守 & 更新")]).unwrap();
    let res = app.post_form("/admin/maintenance/save", &refused, Some(&admin)).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let back = res.location().unwrap().to_owned();
    assert!(back.starts_with("/admin/maintenance?invalid=1&start="), "{back}");
    assert!(windows().await.is_empty(), "nothing saved");
    let page = app.get(&back, Some(&admin)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&format!(r#"value="{past}""#)), "the start kept");
    assert!(page.body.contains(">定期保守 &amp; 更新</textarea>"), "the message kept");
    assert!(page.body.contains("入力内容を確認してください"), "the summary");
    assert!(page.body.contains("日時を YYYY-MM-DD HH:MM の形で入力してください。"), "the end's message");

    // Scheduled.
    let start = to_local_input(app.now() + Duration::days(20));
    let end = to_local_input(app.now() + Duration::days(20) + Duration::hours(2));
    let good =
        serde_urlencoded::to_string([("start", &start), ("end", &end), ("message", &"定期保守".to_owned())]).unwrap();
    let res = app.post_form("/admin/maintenance/save", &good, Some(&admin)).await;
    assert_eq!(res.location(), Some("/admin/maintenance?done=scheduled"), "{}", res.body);
    let saved = windows().await;
    assert_eq!(saved.len(), 1);
    let id = saved[0].id;
    let page = app.get("/admin/maintenance?done=scheduled", Some(&admin)).await;
    assert!(
        page.body.contains("メンテナンスを予定しました。") && page.body.contains("定期保守"),
        "the notice and the window"
    );

    // Changed through the link: the form of that window, then saved.
    let page = app.get(&format!("/admin/maintenance?edit={id}"), Some(&admin)).await;
    assert!(
        page.body.contains(&format!(r#"name="id" value="{id}""#)) && page.body.contains(&format!(r#"value="{end}""#))
    );
    let later = to_local_input(app.now() + Duration::days(20) + Duration::hours(3));
    let change = serde_urlencoded::to_string([
        ("id", id.to_string()),
        ("start", start.clone()),
        ("end", later),
        ("message", "定期保守（延長）".to_owned()),
    ])
    .unwrap();
    let res = app.post_form("/admin/maintenance/save", &change, Some(&admin)).await;
    assert_eq!(res.location(), Some("/admin/maintenance?done=saved"), "{}", res.body);
    assert_eq!(windows().await[0].message, "定期保守（延長）");

    // Only the ministry's administrators change the schedule.
    let clinic = app.login_cookie("DEMCLN22").await;
    assert_eq!(app.post_form("/admin/maintenance/save", &good, Some(&clinic)).await.status, StatusCode::FORBIDDEN);
    let cancel = format!("id={id}");
    assert_eq!(app.post_form("/admin/maintenance/cancel", &cancel, Some(&clinic)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(maintenance_window::Entity::find().count(&app.db).await.unwrap(), 1, "nothing changed");

    // Cancelled.
    let res = app.post_form("/admin/maintenance/cancel", &cancel, Some(&admin)).await;
    assert_eq!(res.location(), Some("/admin/maintenance?done=cancelled"), "{}", res.body);
    assert!(windows().await.is_empty());
    let page = app.get("/admin/maintenance?done=cancelled", Some(&admin)).await;
    assert!(
        page.body.contains("メンテナンスの予定を取り消しました。")
            && page.body.contains("予定されたメンテナンスはありません。")
    );
}

/// A holiday calendar that ends within a year is an alarm: `/healthz` says
/// `degraded` (still 200, the instance serves) and the ministry's home page
/// carries a banner; other roles see nothing of it.
#[tokio::test]
async fn a_holiday_calendar_that_runs_out_is_an_alarm_for_operators() {
    let app = TestApp::new().await;
    assert_eq!(app.get("/healthz", None).await.body, "ok", "the shipped calendar reaches far ahead");
    let admin = app.login_cookie("DEMADM22").await;
    assert!(!app.get("/", Some(&admin)).await.body.contains("祝日カレンダー"));

    let last = app.today() + chrono::Days::new(200);
    let file = std::env::temp_dir().join(format!("gmis-holidays-{}.csv", std::process::id()));
    std::fs::write(&file, format!("date,name\n{last},休日\n")).unwrap();
    let short = TestApp::with_env(&[("GMIS_HOLIDAYS_FILE", file.to_str().unwrap())]).await;
    let health = short.get("/healthz", None).await;
    assert_eq!(health.status, StatusCode::OK);
    assert_eq!(health.body, format!("degraded: the holiday calendar ends on {last}"));
    let admin = short.login_cookie("DEMADM22").await;
    let home = short.get("/", Some(&admin)).await.body;
    assert!(home.contains(&format!("祝日カレンダーは {last} までです")), "{home}");
    let hospital = short.login_cookie("DEMHSP22").await;
    assert!(!short.get("/", Some(&hospital)).await.body.contains("祝日カレンダー"));
    std::fs::remove_file(file).unwrap();
}
