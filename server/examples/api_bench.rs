//! Client of the API benchmark (bench/api.sh), plain HTTP/1.1 over tokio on
//! one thread so that it takes as little CPU from the server as it can.
//!
//! `api_bench ADDR pull TOKEN FROM TO SERVER_PID` walks the token's area
//! (a prefecture) from FROM to TO through `GET /api/v1/reports`, 1,000 a
//! page, for each daily survey, following `next_cursor`, and samples the
//! server's RSS at every page: prints `RESULT|pull|reports|pages|seconds|reports/s|rss before MB|rss peak MB|rss at a quarter, half, end MB`.
//!
//! `api_bench ADDR push TOKEN FIRST_FACILITY BULK_MEMBERS SINGLE_MEMBERS`
//! pushes the clinic report of each of BULK_MEMBERS facilities (ids from
//! FIRST_FACILITY) for each of the 14 days up to today, in 1,000-item
//! requests, the first half over one connection and the second over two;
//! then one report per request for today for
//! the next SINGLE_MEMBERS facilities over 8 connections. Prints
//! `RESULT|bulk|…` and `RESULT|single|…` rows (reports saved, failed
//! requests, seconds, reports/s, p50 and p99 ms per request).

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod bench_client;

use bench_client::{Outcome, read_response, run};
use chrono::{Days, NaiveDate};
use std::sync::Arc;
use std::time::Instant;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

const ANSWERS: &str = r#"{"fever_patients":12,"pcr_tests":8,"antigen_tests":5,"positives":3,"referrals":1}"#;
/// A push answer with every item saved.
const ALL_SAVED: &[u8] = br#""repeated":0,"stale":0,"refused":0,"results""#;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |i: usize| args.get(i).unwrap_or_else(|| panic!("argument {i}")).clone();
    let (addr, mode, token) = (arg(1), arg(2), arg(3));
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    match mode.as_str() {
        "pull" => rt.block_on(pull(&addr, &token, &arg(4), &arg(5), arg(6).parse().expect("SERVER_PID"))),
        "push" => {
            let first: i32 = arg(4).parse().expect("FIRST_FACILITY");
            let (bulk, single): (i32, i32) = (arg(5).parse().expect("BULK"), arg(6).parse().expect("SINGLE"));
            let today = app::domain::time::japan_date(chrono::Utc::now());
            let item = |facility: i32, day: NaiveDate| {
                format!(
                    r#"{{"survey":"clinic_daily","unit":"f{facility}","day":"{day}","submission_id":"{}","values":{ANSWERS}}}"#,
                    uuid::Uuid::new_v4()
                )
            };
            let mut items = Vec::new();
            for back in (0..14).rev() {
                let day = today.checked_sub_days(Days::new(back)).unwrap();
                items.extend((first..first + bulk).map(|f| item(f, day)));
            }
            let mut bulks: Vec<Vec<u8>> = items
                .chunks(1_000)
                .map(|chunk| post(&addr, &token, &format!(r#"{{"reports":[{}]}}"#, chunk.join(","))))
                .collect();
            // The first half over one connection, the second over two.
            let second = bulks.split_off(bulks.len() / 2);
            let first_items = bulks.len() * 1_000;
            let outcome = rt.block_on(run(&addr, Arc::new(bulks), 1, ALL_SAVED));
            print_reports("bulk", &outcome, first_items, 1_000);
            let outcome = rt.block_on(run(&addr, Arc::new(second), 2, ALL_SAVED));
            print_reports("bulk2", &outcome, items.len() - first_items, 1_000);
            let singles: Vec<Vec<u8>> = (first + bulk..first + bulk + single)
                .map(|f| post(&addr, &token, &format!(r#"{{"reports":[{}]}}"#, item(f, today))))
                .collect();
            let outcome = rt.block_on(run(&addr, Arc::new(singles), 8, ALL_SAVED));
            print_reports("single", &outcome, single as usize, 1);
        }
        other => panic!("unknown mode {other}"),
    }
}

fn post(addr: &str, token: &str, body: &str) -> Vec<u8> {
    format!(
        "POST /api/v1/reports HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// Reports saved (requests whose every item was saved, times their size),
/// failed requests, seconds, reports/s, and the request latencies.
fn print_reports(what: &str, o: &Outcome, reports: usize, per_request: usize) {
    let pct = |p: f64| {
        let i = ((o.latencies.len() as f64 * p).ceil() as usize).clamp(1, o.latencies.len().max(1)) - 1;
        o.latencies.get(i).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    let saved = if o.failed == 0 { reports } else { o.ok * per_request };
    let secs = o.elapsed.as_secs_f64();
    println!(
        "RESULT|{what}|{saved}|{}|{secs:.2}|{:.0}|{:.1}|{:.1}",
        o.failed,
        saved as f64 / secs,
        pct(0.50),
        pct(0.99)
    );
}

fn rss_mb(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmRSS:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .map_or(0.0, |kb: f64| kb / 1024.0)
}

async fn pull(addr: &str, token: &str, from: &str, to: &str, pid: u32) {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    stream.set_nodelay(true).expect("nodelay");
    let mut buf = Vec::with_capacity(1 << 20);
    let before = rss_mb(pid);
    let (mut reports, mut pages) = (0usize, 0usize);
    let mut samples = Vec::new();
    let start = Instant::now();
    for survey in ["hospital_daily", "clinic_daily", "centre_daily"] {
        let mut cursor = String::new();
        loop {
            let path = format!("/api/v1/reports?survey={survey}&from={from}&to={to}&limit=1000&cursor={cursor}");
            let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\r\n");
            stream.write_all(request.as_bytes()).await.expect("write");
            let (status, body) = read_response(&mut stream, &mut buf).await.expect("response");
            assert_eq!(status, 200, "{path}: {}", String::from_utf8_lossy(&body));
            let page: serde_json::Value = serde_json::from_slice(&body).expect("json");
            reports += page["reports"].as_array().map_or(0, Vec::len);
            pages += 1;
            samples.push(rss_mb(pid));
            match page["next_cursor"].as_str() {
                Some(next) => cursor = next.to_owned(),
                None => break,
            }
        }
    }
    let secs = start.elapsed().as_secs_f64();
    // Whether memory levels off: the RSS a quarter, half and all the way through.
    let at =
        |share: f64| samples.get(((samples.len() as f64 * share) as usize).saturating_sub(1)).copied().unwrap_or(0.0);
    let rate = reports as f64 / secs;
    let peak = samples.iter().copied().fold(before, f64::max);
    let (quarter, half, end) = (at(0.25), at(0.5), at(1.0));
    println!("RESULT|pull|{reports}|{pages}|{secs:.2}|{rate:.0}|{before:.1}|{peak:.1}|{quarter:.1}|{half:.1}|{end:.1}");
}
