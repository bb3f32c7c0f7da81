//! Load generator of the national-day benchmark (bench/national_day.sh) and
//! of the drills (drills/).
//!
//! `national_day ADDR SESSIONS_FILE [CONCURRENCY]` submits one daily report
//! per line of SESSIONS_FILE (`token kind facility_id day`, written by
//! bench/national_day.py) through `POST /api/reports/submit`, over
//! CONCURRENCY keep-alive connections, then sends as many `GET /__bench/bare`
//! with the same client, and prints both as one table row each. Plain
//! HTTP/1.1 over tokio so that the client is as light as the bare handler.
//!
//! `national_day ADDR SESSIONS_FILE CONCURRENCY --acks ACKS_FILE` is the
//! drill's mode: each report's submission id follows from its facility and
//! day (so that a second run resends the same submissions), a connection the
//! server drops ends that connection's share instead of the run, no bare
//! requests follow, and the reports answered 200 / Saved are written to
//! ACKS_FILE as `facility_id submission_id` lines. Its row ends with the
//! number of requests left without an answer.
//!
//! `… CONCURRENCY --retry ACKS_FILE TIMELINE_FILE` is the mode of the drills
//! that kill or cut things while the load runs (drills/kill.sh,
//! drills/pg_restart.sh): as a form resends its draft, each report is sent
//! again with the same submission id after 250 ms until it is answered
//! 200 / Saved or refused with a 4xx (at most for 180 s), over a connection
//! opened again when one fails. Besides ACKS_FILE it writes every attempt to
//! TIMELINE_FILE (`unix_ms status latency_ms`, status 0 when no answer
//! came) and prints the attempts, the answers by status, the slowest attempt
//! and the longest a report waited for its acknowledgement.
//!
//! With `GMIS_BENCH_SERVER_PID` set to the server's process id, the client
//! also prints the CPU time (user and system) the server used per saved
//! report during the reports phase: a figure that other work on the machine
//! changes much less than reports/s.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod bench_client;

use bench_client::{print_row, report_request, report_request_with_id, row, run, run_retrying, sessions};
use std::io::Write;
use std::sync::Arc;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let addr = args.get(1).expect("ADDR").clone();
    let lines = sessions(args.get(2).expect("SESSIONS_FILE"));
    let concurrency: usize = args.get(3).map_or(64, |c| c.parse().expect("CONCURRENCY"));
    let (acks, timeline) = match (args.get(4).map(String::as_str), args.get(5), args.get(6)) {
        (Some("--acks"), Some(path), None) => (Some(path.clone()), None),
        (Some("--retry"), Some(path), Some(timeline)) => (Some(path.clone()), Some(timeline.clone())),
        (None, _, _) => (None, None),
        _ => panic!(
            "usage: national_day ADDR SESSIONS_FILE [CONCURRENCY [--acks ACKS_FILE | --retry ACKS_FILE TIMELINE_FILE]]"
        ),
    };
    // One thread: the client takes as little CPU from the server as it can.
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let server = std::env::var("GMIS_BENCH_SERVER_PID").ok();
    let Some(acks) = acks else {
        let requests: Vec<Vec<u8>> = lines.iter().map(|l| report_request(&addr, l)).collect();
        let cpu_before = server.as_deref().map(cpu_time);
        let reports = rt.block_on(run(&addr, Arc::new(requests), concurrency, b"\"Saved\""));
        if let (Some(pid), Some(before)) = (server.as_deref(), cpu_before) {
            let used = cpu_time(pid) - before;
            println!("RESULT|server_cpu|{:.3}", used * 1000.0 / reports.ok.max(1) as f64);
        }
        let bare_request = format!("GET /__bench/bare HTTP/1.1\r\nHost: {addr}\r\n\r\n").into_bytes();
        let bare = rt.block_on(run(&addr, Arc::new(vec![bare_request; lines.len().max(1) * 4]), concurrency, b"ok"));
        print_row("reports", &reports);
        print_row("bare", &bare);
        return;
    };
    let ids: Vec<(&str, String)> = lines.iter().map(|l| submission_of(l)).collect();
    let requests: Vec<Vec<u8>> =
        lines.iter().zip(&ids).map(|(l, (_, id))| report_request_with_id(&addr, l, id)).collect();
    let reports = match timeline {
        None => rt.block_on(run(&addr, Arc::new(requests), concurrency, b"\"Saved\"")),
        Some(timeline) => {
            let pause = std::time::Duration::from_millis(250);
            let give_up = std::time::Duration::from_secs(180);
            let seen = rt.block_on(run_retrying(&addr, Arc::new(requests), concurrency, b"\"Saved\"", pause, give_up));
            let mut out = std::io::BufWriter::new(std::fs::File::create(&timeline).expect("TIMELINE_FILE"));
            for (at, status, took) in &seen.timeline {
                writeln!(out, "{at} {status} {took}").expect("write TIMELINE_FILE");
            }
            out.flush().expect("write TIMELINE_FILE");
            let statuses: Vec<String> = seen.statuses.iter().map(|(s, n)| format!("{s}:{n}")).collect();
            println!(
                "RESULT|retries|{}|{}|{}|{}",
                seen.attempts,
                statuses.join(","),
                seen.slowest_attempt.as_millis(),
                seen.longest_wait.as_millis()
            );
            seen.outcome
        }
    };
    let mut out = std::io::BufWriter::new(std::fs::File::create(&acks).expect("ACKS_FILE"));
    for &i in &reports.acked {
        writeln!(out, "{} {}", ids[i].0, ids[i].1).expect("write ACKS_FILE");
    }
    out.flush().expect("write ACKS_FILE");
    println!("{}|{}", row("reports", &reports), reports.unanswered);
}

/// The CPU time process `pid` has used so far, user and system, in seconds
/// (`/proc/PID/stat` counts it in Linux's USER_HZ, 100 a second).
fn cpu_time(pid: &str) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("GMIS_BENCH_SERVER_PID names a process");
    // The fields after the command name, which is in parentheses.
    let fields: Vec<&str> = stat.rsplit_once(") ").expect("stat").1.split_whitespace().collect();
    let ticks = |i: usize| fields[i].parse::<f64>().expect("ticks");
    // utime and stime: fields 14 and 15 of the line, 12 and 13 after the name.
    (ticks(11) + ticks(12)) / 100.0
}

/// The facility id of a sessions line and the submission id of its report:
/// the same for the same facility and day, in every run.
fn submission_of(line: &str) -> (&str, String) {
    let parts: Vec<&str> = line.split_whitespace().collect();
    let facility: u64 = parts[2].parse().expect("facility id");
    let day: u64 = parts[3].replace('-', "").parse().expect("day");
    (parts[2], format!("{day:08x}-0000-4000-8000-{facility:012x}"))
}
