//! Notice search benchmark (bench/notice_search.sh; SPEC §11: p95 ≤ 30 ms
//! over 10,000 notices).
//!
//! `notice_search [COUNT]` migrates and seeds the database of
//! `DATABASE_URL` (a fresh SQLite file or PostgreSQL database), adds COUNT
//! generated Japanese notices (default 10,000, about 700 characters each),
//! logs in as the demo clinic and sends each query of a fixed mix — one,
//! two and more characters, kana, kanji, ASCII, several words, a filter —
//! through the real router (`POST /api/notices/list`: session, server
//! function, search, snippets and highlighting, JSON). Prints one table row
//! per query and the percentiles over all of them.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use app::domain::notices::{Audience, Category, NoticePage};
use app::server::entities::notice;
use axum::body::Body;
use http::{Request, header};
use http_body_util::BodyExt;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use sea_orm::{ActiveValue::NotSet, EntityTrait, Set, TransactionTrait};
use std::time::{Duration, Instant};
use tower::ServiceExt;

const TOPICS: &[&str] = &[
    "病床確保",
    "即応病床",
    "発熱外来",
    "医療用物資",
    "サージカルマスク",
    "N95等マスク",
    "アイソレーションガウン",
    "ワクチン接種",
    "検査体制",
    "入院調整",
    "宿泊療養",
    "人工呼吸器",
    "ECMO",
    "診療報酬",
    "G-MISの入力",
    "ログインID",
    "週次調査",
    "日次報告",
    "緊急配布要請",
    "救急搬送",
    "重症者数",
    "医療従事者の確保",
];
const SUBJECTS: &[&str] =
    &["各医療機関", "都道府県", "保健所設置市", "診療所", "病院", "医師会", "受診・相談センター", "特別区"];
const ENDINGS: &[&str] = &[
    "について報告をお願いします。",
    "の状況を日次で入力してください。",
    "に関する取扱いを改めます。",
    "の見直しを検討してください。",
    "の運用について周知願います。",
    "に係る留意事項を示します。",
    "は別添の様式により提出してください。",
];
const OFFICES: &[&str] = &["医政局 地域医療計画課", "医政局 経済課", "健康局 結核感染症課", "保険局 医療課"];

/// (label, query, category filter)
const QUERIES: &[(&str, &str, &str)] = &[
    ("1文字", "床", ""),
    ("1文字", "院", ""),
    ("2文字", "病床", ""),
    ("2文字", "検査", ""),
    ("2文字 ASCII", "ID", ""),
    ("カタカナ", "マスク", ""),
    ("漢字4文字", "確保病床", ""),
    ("句", "発熱外来の運用", ""),
    ("英数+カナ", "N95マスク", ""),
    ("2語", "病床 入院調整", ""),
    ("3語", "ワクチン 接種 医師会", ""),
    ("種別つき", "病床", "administrative"),
    ("該当なし", "存在しない語句", ""),
];

/// A notice about one main topic and two related ones, mentioning others
/// now and then — as real notices do, so that a topic word appears in a
/// fraction of them, not in all.
fn generate(rng: &mut StdRng) -> (String, String) {
    let topics: Vec<&str> = TOPICS.choose_multiple(rng, 3).copied().collect();
    let pick = |rng: &mut StdRng| match rng.gen_range(0..20) {
        0..=9 => topics[0],
        10..=14 => topics[1],
        15..=17 => topics[2],
        _ => TOPICS.choose(rng).unwrap(),
    };
    let kind = if rng.gen_bool(0.5) { "(通知)" } else { "(事務連絡)" };
    let title =
        format!("{}{}{kind}", topics[0], ["について", "の取扱いについて", "に関する留意事項"].choose(rng).unwrap());
    let mut body = String::new();
    for para in 0..rng.gen_range(4..8) {
        if para > 0 {
            body.push_str("\n\n");
        }
        if rng.gen_bool(0.3) {
            body.push_str(&format!("# {}\n", pick(rng)));
        }
        for _ in 0..rng.gen_range(3..6) {
            body.push_str(&format!(
                "{}は、{}{}",
                SUBJECTS.choose(rng).unwrap(),
                pick(rng),
                ENDINGS.choose(rng).unwrap()
            ));
        }
    }
    (title, body)
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i].as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() {
    let count: usize = std::env::args().nth(1).map_or(10_000, |c| c.parse().expect("COUNT"));
    let url = std::env::var("DATABASE_URL").expect("DATABASE_URL");
    let config = server::config::Config::from_lookup(|k| match k {
        "DATABASE_URL" => Some(url.clone()),
        _ => std::env::var(k).ok(),
    })
    .expect("config");
    let state = server::start(&config).await.expect("start");
    app::server::seed::seed_demo(&state.db, &state.passwords, state.clock.now()).await.expect("seed");

    let started = Instant::now();
    let mut rng = StdRng::seed_from_u64(2026);
    let now = chrono::Utc::now();
    let mut chars = 0usize;
    for chunk in (0..count).collect::<Vec<_>>().chunks(1000) {
        let txn = state.db.begin().await.expect("begin");
        for i in chunk {
            let (title, body) = generate(&mut rng);
            chars += body.chars().count();
            let at = now - chrono::Duration::hours(i64::try_from(*i).unwrap() + 1);
            let row = notice::Entity::insert(notice::ActiveModel {
                id: NotSet,
                title: Set(title.clone()),
                body: Set(body.clone()),
                office: Set((*OFFICES.choose(&mut rng).unwrap()).to_owned()),
                issued_on: Set(app::domain::time::japan_date(at)),
                category: Set(if i % 2 == 0 { Category::Notice } else { Category::Administrative }.code().to_owned()),
                audience: Set(Audience::EVERYONE.0),
                published_at: Set(Some(at)),
                withdrawn_at: Set(None),
                withdrawn_reason: Set(None),
                created_by: Set(1),
                created_at: Set(at),
                updated_at: Set(at),
                mailed_at: Set(Some(at)),
            })
            .exec(&txn)
            .await
            .expect("insert");
            app::server::notices::index(&txn, row.last_insert_id, &title, &body).await.expect("index");
        }
        txn.commit().await.expect("commit");
    }
    if state.db.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        use sea_orm::ConnectionTrait;
        // What autovacuum would do after such a load, done now so that it
        // does not run during the measurement.
        state.db.execute_unprepared("VACUUM ANALYZE").await.expect("vacuum");
    }
    let loaded = started.elapsed();

    let web = server::WebState::new(state.clone(), config);
    let router = server::web::router(web);
    let login = Request::post("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::USER_AGENT, "Mozilla/5.0 Chrome/131.0.0.0")
        .header("sec-fetch-site", "same-origin")
        .body(Body::from("login_id=DEMCLN22&password=demo-password-2026"))
        .unwrap();
    let res = router.clone().oneshot(login).await.unwrap();
    let cookie = res
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("gmis_session="))
        .and_then(|c| c.split(';').next())
        .expect("session cookie")
        .to_owned();

    const ROUNDS: usize = 30;
    let backend = if url.starts_with("postgres") { "PostgreSQL" } else { "SQLite" };
    println!(
        "{backend}: {count} notices (+3 demo), {:.0} characters of body on average, loaded and indexed in {:.1} s\n",
        chars as f64 / count.max(1) as f64,
        loaded.as_secs_f64()
    );
    println!("| query | words | matches | p50 ms | p95 ms |");
    println!("|---|---|---:|---:|---:|");
    let mut all = Vec::new();
    for (label, q, category) in QUERIES {
        let body = serde_json::json!({ "filter": { "q": q, "category": category, "from": "", "to": "", "page": 1 } })
            .to_string();
        let mut times = Vec::new();
        let mut total = 0;
        for round in 0..=ROUNDS {
            let req = Request::post("/api/notices/list")
                .header(header::CONTENT_TYPE, "application/json")
                .header(header::ACCEPT, "application/json")
                .header(header::USER_AGENT, "Mozilla/5.0 Chrome/131.0.0.0")
                .header(header::COOKIE, &cookie)
                .header("sec-fetch-site", "same-origin")
                .body(Body::from(body.clone()))
                .unwrap();
            let sent = Instant::now();
            let res = router.clone().oneshot(req).await.unwrap();
            let status = res.status();
            let bytes = res.into_body().collect().await.unwrap().to_bytes();
            let elapsed = sent.elapsed();
            assert!(status.is_success(), "{q}: {status} {}", String::from_utf8_lossy(&bytes));
            let page: NoticePage = serde_json::from_slice(&bytes).expect("page");
            total = page.total;
            // The first round warms the caches and is not counted.
            if round > 0 {
                times.push(elapsed);
            }
        }
        times.sort();
        println!(
            "| {q} ({label}) | {} | {total} | {:.1} | {:.1} |",
            q.split(' ').count(),
            percentile(&times, 0.5),
            percentile(&times, 0.95)
        );
        all.extend(times);
    }
    all.sort();
    println!(
        "\nAll {} searches: p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms (target p95 ≤ 30 ms).",
        all.len(),
        percentile(&all, 0.5),
        percentile(&all, 0.95),
        percentile(&all, 0.99),
        percentile(&all, 1.0)
    );
}
