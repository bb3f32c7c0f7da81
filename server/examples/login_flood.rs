//! Load generator of the login-flood benchmark (bench/login_flood.sh,
//! SPEC §11 "login hashing never starves reporting").
//!
//! `login_flood ADDR SESSIONS_FILE LOGIN_ID PASSWORD [SECONDS]`:
//! 1. reports alone: the first half of SESSIONS_FILE submitted over 16
//!    keep-alive connections for SECONDS (default 10);
//! 2. the second half the same way while 20 wrong logins a second arrive,
//!    each from another client address (`X-Forwarded-For`, the server trusts
//!    127.0.0.1 as its balancer), and LOGIN_ID signs in once a second;
//! 3. a burst of 100 concurrent wrong logins with one genuine login in it,
//!    from the browser LOGIN_ID signed in with before (its device cookie).
//!
//! Prints `RESULT|…` rows: report p50/p99 alone and under logins, the
//! genuine logins' latencies, and how the burst was answered.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod bench_client;

use bench_client::{percentile, print_row, read_response, report_request, run_for, sessions};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::time::{Duration, Instant};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let addr = args.get(1).expect("ADDR").clone();
    let lines = sessions(args.get(2).expect("SESSIONS_FILE"));
    let login_id = args.get(3).expect("LOGIN_ID").clone();
    let password = args.get(4).expect("PASSWORD").clone();
    let seconds: u64 = args.get(5).map_or(10, |s| s.parse().expect("SECONDS"));
    let duration = Duration::from_secs(seconds);
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("runtime");
    let (first, second) = lines.split_at(lines.len() / 2);
    let requests = |half: &[String]| Arc::new(half.iter().map(|l| report_request(&addr, l)).collect::<Vec<_>>());

    let alone = rt.block_on(run_for(&addr, requests(first), 16, b"\"Saved\"", duration));

    let stop = Arc::new(AtomicBool::new(false));
    let (flood, genuine) = rt.block_on(async {
        let flood = tokio::spawn(wrong_logins(addr.clone(), 20, stop.clone()));
        let genuine = tokio::spawn(genuine_logins(addr.clone(), login_id.clone(), password.clone(), stop.clone()));
        let reports = run_for(&addr, requests(second), 16, b"\"Saved\"", duration).await;
        stop.store(true, Ordering::Relaxed);
        let sent = flood.await.unwrap();
        let (mut genuine, device) = genuine.await.unwrap();
        genuine.sort();
        (reports, (sent, genuine, device))
    });
    let (sent, genuine, device) = genuine;

    let burst = rt.block_on(async {
        let mut tasks = Vec::new();
        for i in 0..100u32 {
            let addr = addr.clone();
            tasks.push(tokio::spawn(
                async move { login(&addr, "NOSUCH99", "a-wrong-password-1", i + 10_000, "").await },
            ));
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
        let started = Instant::now();
        let (status, location, _) = login(&addr, &login_id, &password, 99_999, &device).await;
        let took = started.elapsed();
        let mut refused = 0;
        for t in tasks {
            if t.await.unwrap().0 == 429 {
                refused += 1;
            }
        }
        (took, status, location, refused)
    });

    print_row("reports_alone", &alone);
    print_row("reports_with_logins", &flood);
    println!(
        "RESULT|genuine_logins|{}|{:.1}|{:.1}|{}",
        genuine.len(),
        percentile(&genuine, 0.5),
        genuine.last().map_or(0.0, |d| d.as_secs_f64() * 1000.0),
        sent
    );
    let (took, status, location, refused) = burst;
    println!("RESULT|burst|{:.1}|{status}|{location}|{refused}", took.as_secs_f64() * 1000.0);
}

/// One login form post on a new connection, from client address number
/// `client` (in X-Forwarded-For) with `cookie` (a device cookie, or empty);
/// the status, the redirect's location and the device cookie it set.
async fn login(addr: &str, login_id: &str, password: &str, client: u32, cookie: &str) -> (u16, String, String) {
    let body = format!("login_id={login_id}&password={password}");
    let ip = format!("10.{}.{}.{}", (client >> 16) & 255, (client >> 8) & 255, client & 255);
    let cookie = if cookie.is_empty() { String::new() } else { format!("Cookie: {cookie}\r\n") };
    let request = format!(
        "POST /login HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\nX-Forwarded-For: {ip}\r\n{cookie}Connection: close\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut buf = Vec::new();
    let (status, _) = read_response(&mut stream, &mut buf).await.expect("response");
    let head = String::from_utf8_lossy(&buf).into_owned();
    let header = |name: &str| {
        head.lines()
            .filter_map(|l| l.split_once(':'))
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim().to_owned())
            .collect::<Vec<_>>()
    };
    let location = header("location").pop().unwrap_or_default();
    let device = header("set-cookie")
        .into_iter()
        .filter_map(|c| c.split(';').next().map(str::to_owned))
        .find(|c| c.starts_with("gmis_device="))
        .unwrap_or_default();
    (status, location, device)
}

/// `per_second` wrong logins a second, each from a new client address,
/// until `stop`; returns how many were sent.
async fn wrong_logins(addr: String, per_second: u32, stop: Arc<AtomicBool>) -> u32 {
    let sent = Arc::new(AtomicU32::new(0));
    let mut tick = tokio::time::interval(Duration::from_secs(1) / per_second);
    while !stop.load(Ordering::Relaxed) {
        tick.tick().await;
        let n = sent.fetch_add(1, Ordering::Relaxed);
        let addr = addr.clone();
        tokio::spawn(async move { login(&addr, "NOSUCH99", "a-wrong-password-1", n, "").await });
    }
    sent.load(Ordering::Relaxed)
}

/// The real user signing in once a second until `stop`, from the browser
/// they signed in with before (its device cookie); their latencies and that
/// cookie.
async fn genuine_logins(
    addr: String,
    login_id: String,
    password: String,
    stop: Arc<AtomicBool>,
) -> (Vec<Duration>, String) {
    let mut took = Vec::new();
    let mut device = String::new();
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    let mut n = 50_000;
    while !stop.load(Ordering::Relaxed) {
        tick.tick().await;
        let started = Instant::now();
        let (status, location, new_device) = login(&addr, &login_id, &password, n, &device).await;
        assert!(status == 303 && location == "/", "the genuine login failed: {status} {location}");
        took.push(started.elapsed());
        if !new_device.is_empty() {
            device = new_device;
        }
        n += 1;
    }
    (took, device)
}
