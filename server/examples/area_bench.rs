//! Area views over a generated year (issue 15, SPEC §11): UNITS units in 47
//! prefectures (a tenth of them in Tokyo, about 65 in 新宿区), one daily
//! report per unit and day for DAYS days (5 % missing), and the running
//! totals of each prefecture and municipality, written straight into the database named by `DATABASE_URL`
//! (SQLite or PostgreSQL; generated once, kept for reruns). Then, through
//! the real router in this process, each dashboard page (completeness,
//! capacity, supplies) for the nation, Tokyo and 新宿区 is requested
//! `RUNS` times, and a year of Tokyo's clinic reports is downloaded as CSV
//! and as XLSX while the process's RSS is sampled.
//!
//! Prints `RESULT|page|…` and `RESULT|download|…` lines for bench/area.sh.
//! Usage: DATABASE_URL=… area_bench UNITS DAYS RUNS [ONLY]

#![allow(clippy::expect_used, clippy::unwrap_used)]

use app::domain::surveys::SurveyKind;
use axum::body::Body;
use chrono::{Days, NaiveDate, Utc};
use http::Request;
use http_body_util::BodyExt;
use sea_orm::sea_query::{OnConflict, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QuerySelect};
use server::WebState;
use server::config::Config;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};
use tower::ServiceExt;

const PASSWORD: &str = "bench-password-2026-area";

fn check_digit(five: &str) -> char {
    let sum: u32 = five.chars().filter_map(|c| c.to_digit(10)).zip([6, 5, 4, 3, 2]).map(|(d, w)| d * w).sum();
    char::from_digit((11 - sum % 11) % 10, 10).unwrap()
}

/// `(municipality code, prefecture code, name)` of the generated country:
/// 62 in Tokyo (13101–13162, so 新宿区 131041 is one), 40 elsewhere.
fn municipalities() -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for p in 1..=47u32 {
        let n = if p == 13 { 62 } else { 40 };
        for k in 0..n {
            let five = format!("{p:02}{:03}", 101 + k);
            let code = format!("{five}{}", check_digit(&five));
            let name = if code == "131041" { "新宿区".to_owned() } else { format!("市{code}") };
            out.push((code, format!("{p:02}"), name));
        }
    }
    out
}

fn hospital_json(x: u64) -> String {
    let secured = 20 + x % 60;
    let used = secured * (40 + x % 50) / 100;
    let inpatients = used * 8 / 10;
    let service = if x.is_multiple_of(97) {
        "stopped"
    } else if x.is_multiple_of(13) {
        "limited"
    } else {
        "normal"
    };
    format!(
        r#"{{"beds_in_use":{used},"covid_inpatients":{inpatients},"covid_severe":{},"ecmo_in_use":0,"ecmo_owned":2,"emergency_status":"normal","inpatient_status":"normal","outpatient_status":"{service}","secured_beds":{secured},"staffing":"normal","ventilators_in_use":{},"ventilators_owned":10}}"#,
        inpatients / 8,
        inpatients / 16
    )
}

fn clinic_json(x: u64) -> String {
    let seen = 5 + x % 40;
    format!(
        r#"{{"antigen_tests":{},"fever_patients":{seen},"pcr_tests":{},"positives":{},"referrals":{}}}"#,
        seen * 3 / 10,
        seen * 6 / 10,
        seen / 5,
        x % 3
    )
}

fn centre_json(x: u64) -> String {
    let calls = 30 + x % 90;
    format!(
        r#"{{"consultations":{calls},"follow_up_calls":{},"recuperating_arranging":{},"recuperating_home":{},"recuperating_hospital":{},"recuperating_hotel":{},"referred_to_clinic":{}}}"#,
        calls / 5,
        calls / 20,
        calls / 3,
        calls / 6,
        calls / 8,
        calls * 4 / 10
    )
}

/// Generates the country unless it is there. Returns the seconds it took.
async fn generate(state: &app::server::context::AppState, units: u32, days: u64) -> f64 {
    let db = &state.db;
    let existing = app::server::entities::facility::Entity::find().count(db).await.unwrap();
    if existing > 0 {
        return 0.0;
    }
    let start = Instant::now();
    let now = Utc::now();
    let sqlite = db.get_database_backend() == sea_orm::DatabaseBackend::Sqlite;
    if sqlite {
        db.execute_unprepared("PRAGMA synchronous = OFF").await.unwrap();
    }
    let munis = municipalities();
    let mut q = Query::insert();
    q.into_table(app::server::entities::municipality::Entity).columns([
        app::server::entities::municipality::Column::Code,
        app::server::entities::municipality::Column::PrefectureCode,
        app::server::entities::municipality::Column::Name,
    ]);
    for (code, pref, name) in &munis {
        q.values_panic([code.clone().into(), pref.clone().into(), name.clone().into()]);
    }
    db.execute(&q).await.unwrap();

    // Officers: the ministry, Tokyo, 新宿区.
    let hash = state.passwords.hash(PASSWORD.to_owned()).await.unwrap();
    for (login, role, pref, muni) in [
        ("BNCHADM2", "ministry_admin", None, None),
        ("BNCHPRF2", "prefecture", Some("13"), None),
        ("BNCHMUN2", "municipality", None, Some("131041")),
    ] {
        let sql = format!(
            "INSERT INTO users (login_id, role, display_name, email, prefecture_code, municipality_code, password_hash, status, migrated, failed_logins, password_changed_at, created_at) VALUES ('{login}', '{role}', '{login}', NULL, {}, {}, '{hash}', 'active', {f}, 0, {ts}, {ts})",
            pref.map_or("NULL".into(), |p| format!("'{p}'")),
            muni.map_or("NULL".into(), |m| format!("'{m}'")),
            f = if sqlite { "0" } else { "false" },
            ts = if sqlite { format!("'{}'", now.format("%Y-%m-%d %H:%M:%S%.f+00:00")) } else { "now()".into() },
        );
        db.execute_unprepared(&sql).await.unwrap();
    }
    let admin_id: i32 = app::server::entities::user::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.login_id == "BNCHADM2")
        .unwrap()
        .id;

    // Units: a tenth in Tokyo, the rest spread; 20 % hospitals, 2 % centres.
    let tokyo: Vec<&(String, String, String)> = munis.iter().filter(|m| m.1 == "13").collect();
    let others: Vec<&(String, String, String)> = munis.iter().filter(|m| m.1 != "13").collect();
    let mut list = Vec::new(); // (kind, id, [prefecture, municipality], survey)
    let (mut facility_id, mut centre_id) = (0i32, 0i32);
    let mut fq = String::new();
    let mut cq = String::new();
    let flush = |sql: &mut String, head: &str| {
        let s = std::mem::take(sql);
        if s.is_empty() { None } else { Some(format!("{head} {}", s.trim_end_matches(','))) }
    };
    for i in 0..units {
        // A tenth in Tokyo (blocks of 11 consecutive units, so that Tokyo has
        // hospitals, clinics and centres in the same shares as elsewhere).
        let m = if (i / 11) % 10 == 0 { tokyo[i as usize % tokyo.len()] } else { others[i as usize % others.len()] };
        if i % 50 == 7 {
            centre_id += 1;
            cq.push_str(&format!("('センター{i}', '{}', '{}', NULL, '{}'),", m.1, m.0, now.to_rfc3339()));
            list.push(("centre", centre_id, [m.1.clone(), m.0.clone()], SurveyKind::CentreDaily));
        } else {
            facility_id += 1;
            let hospital = i % 5 == 1;
            let kind = if hospital { "hospital" } else { "clinic" };
            fq.push_str(&format!(
                "('{}1{:07}', '{kind}', '施設{i}', '{}', '{}', NULL, '東京都', NULL, NULL, {}, '{}'),",
                m.1,
                i,
                m.1,
                m.0,
                if hospital { "NULL" } else { "'2020-01-01'" },
                now.to_rfc3339()
            ));
            list.push((
                "facility",
                facility_id,
                [m.1.clone(), m.0.clone()],
                if hospital { SurveyKind::HospitalDaily } else { SurveyKind::ClinicDaily },
            ));
        }
        if fq.len() > 200_000 {
            let sql = flush(&mut fq, "INSERT INTO facilities (medical_code, kind, name, prefecture_code, municipality_code, postal_code, address, email, beds, designated_from, created_at) VALUES").unwrap();
            db.execute_unprepared(&sql).await.unwrap();
        }
    }
    if let Some(sql) = flush(
        &mut fq,
        "INSERT INTO facilities (medical_code, kind, name, prefecture_code, municipality_code, postal_code, address, email, beds, designated_from, created_at) VALUES",
    ) {
        db.execute_unprepared(&sql).await.unwrap();
    }
    if let Some(sql) = flush(
        &mut cq,
        "INSERT INTO consultation_centres (name, prefecture_code, municipality_code, email, created_at) VALUES",
    ) {
        db.execute_unprepared(&sql).await.unwrap();
    }

    let version = |survey: SurveyKind| {
        let db = db.clone();
        async move {
            app::server::entities::survey_version::Entity::find()
                .all(&db)
                .await
                .unwrap()
                .into_iter()
                .filter(|v| v.survey == survey.code())
                .max_by_key(|v| v.effective_from)
                .unwrap()
                .id
        }
    };
    let versions = [
        (SurveyKind::HospitalDaily, version(SurveyKind::HospitalDaily).await),
        (SurveyKind::ClinicDaily, version(SurveyKind::ClinicDaily).await),
        (SurveyKind::CentreDaily, version(SurveyKind::CentreDaily).await),
    ];
    let today = app::domain::time::japan_date(now);
    let first = today.checked_sub_days(Days::new(days - 1)).unwrap();
    for offset in 0..days {
        let day = first.checked_add_days(Days::new(offset)).unwrap();
        let at = day.and_hms_opt(0, 30, 0).unwrap().and_utc(); // 09:30 JST
        let ts = if sqlite { at.format("%Y-%m-%d %H:%M:%S+00:00").to_string() } else { at.to_rfc3339() };
        let txn = sea_orm::TransactionTrait::begin(db).await.unwrap();
        let mut sums: BTreeMap<(SurveyKind, String, String), i64> = BTreeMap::new();
        let mut sql = String::new();
        let head = "INSERT INTO reports (survey, unit_kind, unit_id, period, survey_version_id, revision, nothing_to_report, answers, first_entered_at, updated_at, updated_by) VALUES ";
        for (n, (kind, id, areas, survey)) in list.iter().enumerate() {
            let x = (*id as u64).wrapping_mul(2_654_435_761) ^ offset.wrapping_mul(40_503);
            if x % 20 == 3 && day != today {
                continue; // 5 % missing
            }
            let json = match survey {
                SurveyKind::HospitalDaily => hospital_json(x),
                SurveyKind::ClinicDaily => clinic_json(x),
                _ => centre_json(x),
            };
            let answers: app::domain::surveys::Answers = serde_json::from_str(&json).unwrap();
            let d = app::server::area::totals::delta(
                None,
                app::server::area::totals::Contribution { nothing: false, late: false, answers: &answers },
            );
            for area in areas {
                for (item, v) in &d {
                    *sums.entry((*survey, area.clone(), item.clone())).or_default() += v;
                }
            }
            let version = versions.iter().find(|(s, _)| s == survey).unwrap().1;
            sql.push_str(&format!(
                "('{}', '{kind}', {id}, '{day}', {version}, 1, {f}, '{json}', '{ts}', '{ts}', {admin_id}),",
                survey.code(),
                f = if sqlite { "0" } else { "false" }
            ));
            if n % 1000 == 999 {
                txn.execute_unprepared(&format!("{head}{}", sql.trim_end_matches(','))).await.unwrap();
                sql.clear();
            }
        }
        if !sql.is_empty() {
            txn.execute_unprepared(&format!("{head}{}", sql.trim_end_matches(','))).await.unwrap();
        }
        // A few thousand rows per statement (SQLite takes at most 32,766 values).
        let sums: Vec<_> = sums.into_iter().collect();
        for part in sums.chunks(5_000) {
            let mut q = Query::insert();
            q.into_table(app::server::entities::report_total::Entity).columns([
                app::server::entities::report_total::Column::Survey,
                app::server::entities::report_total::Column::Item,
                app::server::entities::report_total::Column::Area,
                app::server::entities::report_total::Column::Period,
                app::server::entities::report_total::Column::Total,
            ]);
            for ((survey, area, item), v) in part {
                q.values_panic([
                    survey.code().into(),
                    item.clone().into(),
                    area.clone().into(),
                    day.into(),
                    (*v).into(),
                ]);
            }
            q.on_conflict(OnConflict::new().do_nothing().to_owned());
            txn.execute(&q).await.unwrap();
        }
        txn.commit().await.unwrap();
        if offset % 30 == 29 {
            eprintln!("generated {} of {days} days ({:.0} s)", offset + 1, start.elapsed().as_secs_f64());
        }
    }
    if sqlite {
        db.execute_unprepared("ANALYZE").await.unwrap();
    } else {
        db.execute_unprepared("VACUUM ANALYZE").await.unwrap();
    }
    start.elapsed().as_secs_f64()
}

fn rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmRSS:")).map(|l| l.to_owned()))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse::<f64>().ok()))
        .map_or(0.0, |kb| kb / 1024.0)
}

async fn login(router: &axum::Router, login_id: &str) -> String {
    let req = Request::post("/login")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .header("user-agent", "Mozilla/5.0 Chrome/130")
        .extension(axum::extract::ConnectInfo(std::net::SocketAddr::from(([127, 0, 0, 1], 1))))
        .body(Body::from(format!("login_id={login_id}&password={PASSWORD}")))
        .unwrap();
    let res = router.clone().oneshot(req).await.unwrap();
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|c| c.split(';').next())
        .find(|c| c.contains("gmis_session="))
        .expect("logged in")
        .to_owned()
}

async fn get(router: &axum::Router, path: &str, cookie: &str) -> (u16, usize, Duration) {
    let start = Instant::now();
    let req = Request::get(path)
        .header("cookie", cookie)
        .header("user-agent", "Mozilla/5.0 Chrome/130")
        .extension(axum::extract::ConnectInfo(std::net::SocketAddr::from(([127, 0, 0, 1], 1))))
        .body(Body::empty())
        .unwrap();
    let res = router.clone().oneshot(req).await.unwrap();
    let status = res.status().as_u16();
    let mut body = res.into_body();
    let mut bytes = 0;
    while let Some(frame) = body.frame().await {
        if let Ok(data) = frame.unwrap().into_data() {
            bytes += data.len();
        }
    }
    (status, bytes, start.elapsed())
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let units: u32 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(40_000);
    let days: u64 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(365);
    let runs: usize = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(20);
    // Optional: only the measures whose name contains this (e.g. `Tokyo`, `csv`), for profiling.
    let only = args.get(4).cloned().unwrap_or_default();
    // RUST_LOG=sqlx::query=debug shows each statement with its time.
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "error".into()))
        .with_writer(std::io::stderr)
        .init();
    let config = Config::from_env().expect("config");
    let app = server::start(&config).await.expect("start");
    let generated = generate(&app, units, days).await;
    let reports = app::server::entities::report::Entity::find().count(&app.db).await.unwrap();
    println!("RESULT|data|{reports}|{generated:.0}");
    // Measure the day before the data's last at 15:00 in Japan (5 % of the
    // units missing; the generation day has everyone), whenever the
    // benchmark runs after generating it.
    let last: Option<NaiveDate> = app::server::entities::report::Entity::find()
        .select_only()
        .column_as(app::server::entities::report::Column::Period.max(), "last")
        .into_tuple()
        .one(&app.db)
        .await
        .unwrap()
        .flatten();
    let today = last.expect("reports").pred_opt().unwrap();
    app.clock.set(today.and_hms_opt(6, 0, 0).unwrap().and_utc());
    let router = server::web::router(WebState::new(app.clone(), config));
    let cookies = [
        ("nation", login(&router, "BNCHADM2").await),
        ("Tokyo", login(&router, "BNCHPRF2").await),
        ("新宿区", login(&router, "BNCHMUN2").await),
    ];
    for page in ["/area", "/area/capacity", "/area/supplies"] {
        for (area, cookie) in cookies.iter().filter(|(a, _)| format!("{page} {a}").contains(&only)) {
            let (status, _, _) = get(&router, page, cookie).await; // warm-up
            assert_eq!(status, 200, "{page} {area}");
            let mut times: Vec<Duration> = Vec::new();
            for _ in 0..runs {
                times.push(get(&router, page, cookie).await.2);
            }
            times.sort();
            let p = |q: f64| {
                times[((times.len() as f64 * q).ceil() as usize).clamp(1, times.len()) - 1].as_secs_f64() * 1000.0
            };
            println!("RESULT|page|{page}|{area}|{:.1}|{:.1}", p(0.5), p(0.95));
        }
    }
    let from: NaiveDate = today.checked_sub_days(Days::new(days - 1)).unwrap();
    for format in ["csv", "xlsx"].into_iter().filter(|f| f.contains(&only) || only.is_empty()) {
        let path = format!("/area/download?kind=reports&format={format}&survey=clinic_daily&from={from}&to={today}");
        let before = rss_mb();
        let peak = std::sync::Arc::new(std::sync::Mutex::new(before));
        let sampler = {
            let peak = peak.clone();
            tokio::spawn(async move {
                loop {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    let mut p = peak.lock().unwrap();
                    *p = p.max(rss_mb());
                }
            })
        };
        let (status, bytes, took) = get(&router, &path, &cookies[1].1).await;
        sampler.abort();
        assert_eq!(status, 200);
        let logged = app::server::entities::download::Entity::find().all(&app.db).await.unwrap();
        let rows = logged.last().map_or(0, |d| d.rows);
        let peak = *peak.lock().unwrap();
        println!(
            "RESULT|download|{format}|{rows}|{:.1}|{:.0}|{:.1}|{:.1}|{:.1}",
            took.as_secs_f64(),
            rows as f64 / took.as_secs_f64(),
            bytes as f64 / 1e6,
            before,
            peak - before
        );
    }
}
