//! Reminders of missing daily reports (issue 15): once per unit and day with
//! two instances running the job at the same moment, nothing more after a
//! restart, a catch-up after downtime, the lists after the escalation delay,
//! and no reminder for a day a maintenance window closed.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use app::server::area::reminders::run_due;
use app::server::entities::{aggregator, centre, facility, mail, maintenance_window};
use chrono::{Days, NaiveDate};
use common::TestApp;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::NotSet, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::json;

async fn mails(app: &TestApp) -> Vec<mail::Model> {
    mail::Entity::find().order_by_asc(mail::Column::Id).all(&app.db).await.unwrap()
}

/// Addresses for 新宿総合病院, 新宿区医師会 and the centre (the demo data has none).
async fn give_addresses(app: &TestApp) {
    facility::Entity::update_many()
        .col_expr(facility::Column::Email, Expr::value("shinjuku-hp@example.jp"))
        .filter(facility::Column::Id.eq(2))
        .exec(&app.db)
        .await
        .unwrap();
    aggregator::Entity::update_many()
        .col_expr(aggregator::Column::Email, Expr::value("ishikai@example.jp"))
        .exec(&app.db)
        .await
        .unwrap();
    centre::Entity::update_many()
        .col_expr(centre::Column::Email, Expr::value("centre@example.jp"))
        .exec(&app.db)
        .await
        .unwrap();
}

async fn hospital_reports(app: &TestApp, day: NaiveDate) {
    let cookie = app.login_cookie("DEMHSP22").await;
    let body = json!({ "input": {
        "survey": "hospital_daily", "unit": { "Facility": 1 }, "day": day, "submission_id": uuid::Uuid::new_v4().to_string(),
        "base_revision": null, "nothing_to_report": true, "values": {}, "reason": ""
    }});
    let res = app.post_json("/api/reports/submit", &body, Some(&cookie)).await;
    assert_eq!(res.status, http::StatusCode::OK, "{}", res.body);
}

#[tokio::test]
async fn missing_units_are_reminded_once_however_many_instances_run_and_the_lists_follow() {
    let app = TestApp::new().await;
    give_addresses(&app).await;
    let today = app.today();
    hospital_reports(&app, today).await;
    // A second instance on the same database, with its own connections.
    let other = server::start(&app.state.config).await.unwrap();
    let one = &app.state.app;

    // Before the 17:00 deadline nothing is sent for today (the passes
    // catch up on the two days before, which nobody reported).
    app.set_japan_time(today, (16, 59, 59));
    other.clock.set(app.now());
    run_due(one, app.now()).await.unwrap();
    let today_ja = app::domain::time::format_date(today);
    let earlier = mails(&app).await;
    assert!(!earlier.is_empty() && !earlier.iter().any(|m| m.subject.contains(&today_ja)));
    mail::Entity::delete_many().exec(&app.db).await.unwrap();

    app.set_japan_time(today, (17, 0, 1));
    other.clock.set(app.now());
    let (a, b) = tokio::join!(run_due(one, app.now()), run_due(&other, app.now()));
    let (a, b) = (a.unwrap(), b.unwrap());
    // 新宿総合病院, the centre, and one mail to the association for its ten
    // members; 千代田内科 and the Osaka hospital have no address.
    assert_eq!((a.units + b.units, a.mails + b.mails), (12, 3));
    let sent = mails(&app).await;
    let to: Vec<&str> = sent.iter().map(|m| m.to_address.as_str()).collect();
    assert_eq!(to.len(), 3);
    for address in ["shinjuku-hp@example.jp", "ishikai@example.jp", "centre@example.jp"] {
        assert_eq!(to.iter().filter(|t| **t == address).count(), 1, "{address}: {to:?}");
    }
    let association = sent.iter().find(|m| m.to_address == "ishikai@example.jp").unwrap();
    assert!(association.subject.contains("未報告"), "{}", association.subject);
    assert!(
        association.body.contains("神楽坂ファミリークリニック") && association.body.contains("/reports/members?day=")
    );
    assert!(!association.body.contains("新宿総合病院"));

    // A restart (a fresh instance) and more passes send nothing again.
    let restarted = server::start(&app.state.config).await.unwrap();
    restarted.clock.set(app.now());
    assert_eq!(run_due(&restarted, app.now()).await.unwrap().mails, 0);
    assert_eq!(run_due(one, app.now()).await.unwrap().mails, 0);

    // Officers see who was reminded.
    let prefecture = app.login_cookie("DEMPRF22").await;
    let res = app.post_json("/api/area/completeness", &json!({ "query": {} }), Some(&prefecture)).await;
    let view: app::domain::area::Completeness = serde_json::from_str(&res.body).unwrap();
    let reminded = |name: &str| view.missing.iter().find(|m| m.name == name).unwrap().reminded;
    assert!(reminded("新宿総合病院") && reminded("新宿こどもクリニック"));
    assert!(!reminded("千代田内科クリニック"), "no address, no reminder");

    // Two hours later the association and the prefecture get the lists of
    // each survey, once: Tokyo's officer for the hospital, the clinics and
    // the centre, the association for its clinics.
    app.set_japan_time(today, (19, 0, 1));
    other.clock.set(app.now());
    let (a, b) = tokio::join!(run_due(one, app.now()), run_due(&other, app.now()));
    assert_eq!(a.unwrap().mails + b.unwrap().mails, 4);
    let lists: Vec<mail::Model> = mails(&app).await.into_iter().skip(3).collect();
    let to_officer: Vec<&str> =
        lists.iter().filter(|m| m.to_address == "demprf22@demo.gmis.example").map(|m| m.body.as_str()).collect();
    assert_eq!(to_officer.len(), 3);
    let all = to_officer.concat();
    assert!(all.contains("千代田内科クリニック") && all.contains("新宿総合病院") && all.contains("受診・相談センター"));
    assert!(!all.contains("大阪"), "Tokyo's officers get Tokyo's list");
    assert_eq!(run_due(one, app.now()).await.unwrap().mails, 0);
}

#[tokio::test]
async fn a_job_that_was_down_catches_up_and_closed_days_get_no_reminder() {
    let app = TestApp::new().await;
    give_addresses(&app).await;
    let today = app.today();
    let day1 = today.checked_add_days(Days::new(1)).unwrap();
    let day3 = today.checked_add_days(Days::new(3)).unwrap();
    // The job was down from this morning until the morning after next:
    // it reminds of today and of tomorrow, each once.
    app.set_japan_time(today.checked_add_days(Days::new(2)).unwrap(), (9, 0, 0));
    let pass = run_due(&app.state.app, app.now()).await.unwrap();
    assert_eq!(pass.units, 2 * 12, "twelve units with an address a day");
    assert_eq!(run_due(&app.state.app, app.now()).await.unwrap().mails, 0);
    let subjects: Vec<String> = mails(&app).await.into_iter().map(|m| m.subject).collect();
    let day_ja = |d: NaiveDate| app::domain::time::format_date(d);
    assert!(subjects.iter().any(|s| s.contains(&day_ja(today))) && subjects.iter().any(|s| s.contains(&day_ja(day1))));

    // A window that closes day 3 in the afternoon: no reminder for that day.
    let at = |d: NaiveDate, h: u32| {
        d.and_hms_opt(h, 0, 0).unwrap().and_local_timezone(app::domain::time::jst()).single().unwrap().to_utc()
    };
    maintenance_window::Entity::insert(maintenance_window::ActiveModel {
        id: NotSet,
        starts_at: Set(at(day3, 13)),
        ends_at: Set(at(day3, 15)),
        message: Set("定期メンテナンス".into()),
        created_by: Set(None),
        updated_at: Set(app.now()),
    })
    .exec(&app.db)
    .await
    .unwrap();
    let before = mails(&app).await.len();
    app.set_japan_time(day3, (20, 0, 0));
    run_due(&app.state.app, app.now()).await.unwrap();
    let new: Vec<String> = mails(&app).await.into_iter().skip(before).map(|m| m.subject).collect();
    assert!(!new.iter().any(|s| s.contains(&day_ja(day3))), "{new:?}");
}
