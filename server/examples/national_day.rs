//! Load generator of the national-day benchmark (bench/national_day.sh).
//!
//! `national_day ADDR SESSIONS_FILE [CONCURRENCY]` submits one daily report
//! per line of SESSIONS_FILE (`token kind facility_id day`, written by
//! bench/national_day.py) through `POST /api/reports/submit`, over
//! CONCURRENCY keep-alive connections, then sends as many `GET /__bench/bare`
//! with the same client, and prints both as one table row each. Plain
//! HTTP/1.1 over tokio so that the client is as light as the bare handler.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod bench_client;

use bench_client::{print_row, report_request, run, sessions};
use std::sync::Arc;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let addr = args.get(1).expect("ADDR").clone();
    let lines = sessions(args.get(2).expect("SESSIONS_FILE"));
    let concurrency: usize = args.get(3).map_or(64, |c| c.parse().expect("CONCURRENCY"));
    // One thread: the client takes as little CPU from the server as it can.
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let requests: Vec<Vec<u8>> = lines.iter().map(|l| report_request(&addr, l)).collect();
    let reports = rt.block_on(run(&addr, Arc::new(requests), concurrency, b"\"Saved\""));
    let bare_request = format!("GET /__bench/bare HTTP/1.1\r\nHost: {addr}\r\n\r\n").into_bytes();
    let bare = rt.block_on(run(&addr, Arc::new(vec![bare_request; lines.len().max(1) * 4]), concurrency, b"ok"));
    print_row("reports", &reports);
    print_row("bare", &bare);
}
