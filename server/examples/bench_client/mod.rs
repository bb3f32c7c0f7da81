//! The HTTP/1.1 client of the load benchmarks (national_day, login_flood):
//! keep-alive connections over tokio, as light as the bare handler it is
//! compared with, and the latency table both print.

#![allow(dead_code)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const CLINIC: &str = r#""fever_patients":"12","pcr_tests":"8","antigen_tests":"5","positives":"3","referrals":"1""#;
const HOSPITAL: &str = r#""outpatient_status":"normal","inpatient_status":"normal","emergency_status":"limited","staffing":"short","covid_inpatients":"14","covid_severe":"2","ventilators_in_use":"3","ventilators_owned":"12","ecmo_in_use":"0","ecmo_owned":"1","secured_beds":"40","beds_in_use":"17""#;

/// The lines of a sessions file (`token kind facility_id day`).
pub fn sessions(path: &str) -> Vec<String> {
    std::fs::read_to_string(path).expect("sessions file").lines().map(str::to_owned).collect()
}

#[derive(Default)]
pub struct Outcome {
    pub ok: usize,
    pub failed: usize,
    /// Requests sent without an answer: the server closed the connection
    /// (the connection takes no more requests).
    pub unanswered: usize,
    pub elapsed: Duration,
    pub latencies: Vec<Duration>,
    /// The indices of the requests that succeeded.
    pub acked: Vec<usize>,
}

/// Sends `requests` over `concurrency` keep-alive connections; a request
/// succeeds with status 200 and `success` in its body.
pub async fn run(addr: &str, requests: Arc<Vec<Vec<u8>>>, concurrency: usize, success: &'static [u8]) -> Outcome {
    run_for(addr, requests, concurrency, success, Duration::MAX).await
}

/// As [`run`], but no request is started once `limit` has passed.
pub async fn run_for(
    addr: &str,
    requests: Arc<Vec<Vec<u8>>>,
    concurrency: usize,
    success: &'static [u8],
    limit: Duration,
) -> Outcome {
    let next = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let (requests, next, addr) = (requests.clone(), next.clone(), addr.to_owned());
        tasks.push(tokio::spawn(async move {
            let mut stream = TcpStream::connect(&addr).await.expect("connect");
            stream.set_nodelay(true).expect("nodelay");
            let (mut ok, mut failed, mut unanswered, mut latencies, mut acked) = (0, 0, 0, Vec::new(), Vec::new());
            let mut buf = Vec::with_capacity(16 * 1024);
            loop {
                if start.elapsed() >= limit {
                    break;
                }
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(request) = requests.get(i) else { break };
                let sent = Instant::now();
                let answer = match stream.write_all(request).await {
                    Ok(()) => read_response(&mut stream, &mut buf).await,
                    Err(e) => Err(e),
                };
                let Ok((status, body)) = answer else {
                    unanswered += 1;
                    break;
                };
                latencies.push(sent.elapsed());
                if status == 200 && body.windows(success.len()).any(|w| w == success) {
                    ok += 1;
                    acked.push(i);
                } else {
                    failed += 1;
                }
            }
            (ok, failed, unanswered, latencies, acked)
        }));
    }
    let mut outcome = Outcome::default();
    for t in tasks {
        let (ok, failed, unanswered, latencies, acked) = t.await.expect("task");
        outcome.ok += ok;
        outcome.failed += failed;
        outcome.unanswered += unanswered;
        outcome.latencies.extend(latencies);
        outcome.acked.extend(acked);
    }
    outcome.elapsed = start.elapsed();
    outcome.latencies.sort();
    outcome
}

/// What [`run_retrying`] saw: per request whether it was acknowledged in the
/// end, and every answer (or failure) on the way.
#[derive(Default)]
pub struct Retried {
    pub outcome: Outcome,
    /// Attempts in all (a request answered at once is one attempt).
    pub attempts: usize,
    /// Answers by HTTP status; 0 counts attempts without an answer (the
    /// connection failed or closed).
    pub statuses: std::collections::BTreeMap<u16, usize>,
    /// The longest a single attempt waited for its answer.
    pub slowest_attempt: Duration,
    /// The longest a request took from its first attempt to its
    /// acknowledgement: what a user at the form waited in the worst case.
    pub longest_wait: Duration,
    /// `(Unix time in ms, status, latency ms)` of every attempt.
    pub timeline: Vec<(u64, u16, u64)>,
}

/// As the form resends a draft: each request is sent again, after `pause`,
/// until it is answered 200 with `success` or refused with a 4xx other than
/// 408 and 429, and at most for `give_up`; a failed connection is opened again.
/// A request that is still unanswered then counts as unanswered.
pub async fn run_retrying(
    addr: &str,
    requests: Arc<Vec<Vec<u8>>>,
    concurrency: usize,
    success: &'static [u8],
    pause: Duration,
    give_up: Duration,
) -> Retried {
    let next = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let epoch = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let (requests, next, addr) = (requests.clone(), next.clone(), addr.to_owned());
        tasks.push(tokio::spawn(async move {
            let mut seen = Retried::default();
            let mut stream: Option<TcpStream> = None;
            let mut buf = Vec::with_capacity(16 * 1024);
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(request) = requests.get(i) else { break };
                let first = Instant::now();
                loop {
                    seen.attempts += 1;
                    let sent = Instant::now();
                    let answer = async {
                        if stream.is_none() {
                            let s = TcpStream::connect(&addr).await?;
                            s.set_nodelay(true)?;
                            stream = Some(s);
                        }
                        let s = stream.as_mut().expect("connected");
                        s.write_all(request).await?;
                        read_response(s, &mut buf).await
                    }
                    .await;
                    let took = sent.elapsed();
                    seen.slowest_attempt = seen.slowest_attempt.max(took);
                    let status = answer.as_ref().map_or(0, |(status, _)| *status);
                    *seen.statuses.entry(status).or_default() += 1;
                    seen.timeline.push((
                        u64::try_from((epoch + sent.duration_since(start)).as_millis()).unwrap_or(u64::MAX),
                        status,
                        u64::try_from(took.as_millis()).unwrap_or(u64::MAX),
                    ));
                    match answer {
                        Ok((200, body)) if body.windows(success.len()).any(|w| w == success) => {
                            seen.outcome.ok += 1;
                            seen.outcome.acked.push(i);
                            seen.outcome.latencies.push(took);
                            seen.longest_wait = seen.longest_wait.max(first.elapsed());
                            break;
                        }
                        Ok((status, _)) if (400..500).contains(&status) && status != 408 && status != 429 => {
                            seen.outcome.failed += 1;
                            break;
                        }
                        Ok(_) => {}
                        // The connection is gone: open another for the next attempt.
                        Err(_) => stream = None,
                    }
                    if first.elapsed() >= give_up {
                        seen.outcome.unanswered += 1;
                        break;
                    }
                    tokio::time::sleep(pause).await;
                }
            }
            seen
        }));
    }
    let mut all = Retried::default();
    for t in tasks {
        let seen = t.await.expect("task");
        all.outcome.ok += seen.outcome.ok;
        all.outcome.failed += seen.outcome.failed;
        all.outcome.unanswered += seen.outcome.unanswered;
        all.outcome.latencies.extend(seen.outcome.latencies);
        all.outcome.acked.extend(seen.outcome.acked);
        all.attempts += seen.attempts;
        for (status, n) in seen.statuses {
            *all.statuses.entry(status).or_default() += n;
        }
        all.slowest_attempt = all.slowest_attempt.max(seen.slowest_attempt);
        all.longest_wait = all.longest_wait.max(seen.longest_wait);
        all.timeline.extend(seen.timeline);
    }
    all.outcome.elapsed = start.elapsed();
    all.outcome.latencies.sort();
    all.timeline.sort_unstable();
    all
}

/// Reads one HTTP/1.1 response (Content-Length or chunked) from `stream`;
/// an error if the connection fails or closes first.
pub async fn read_response(stream: &mut TcpStream, buf: &mut Vec<u8>) -> std::io::Result<(u16, Vec<u8>)> {
    buf.clear();
    let head_end = loop {
        if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break p + 4;
        }
        read_more(stream, buf).await?;
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
    let status: u16 = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let header = |name: &str| {
        head.lines().find_map(|l| l.strip_prefix(name).map(|v| v.trim_start_matches(':').trim().to_owned()))
    };
    if let Some(len) = header("content-length").and_then(|v| v.parse::<usize>().ok()) {
        while buf.len() < head_end + len {
            read_more(stream, buf).await?;
        }
        return Ok((status, buf[head_end..head_end + len].to_vec()));
    }
    // Chunked: size line, data, CRLF … until a zero-size chunk.
    let mut body = Vec::new();
    let mut pos = head_end;
    loop {
        let line_end = loop {
            if let Some(p) = buf[pos..].windows(2).position(|w| w == b"\r\n") {
                break pos + p;
            }
            read_more(stream, buf).await?;
        };
        let size = usize::from_str_radix(String::from_utf8_lossy(&buf[pos..line_end]).trim(), 16).unwrap_or(0);
        while buf.len() < line_end + 2 + size + 2 {
            read_more(stream, buf).await?;
        }
        body.extend_from_slice(&buf[line_end + 2..line_end + 2 + size]);
        pos = line_end + 2 + size + 2;
        if size == 0 {
            return Ok((status, body));
        }
    }
}

async fn read_more(stream: &mut TcpStream, buf: &mut Vec<u8>) -> std::io::Result<()> {
    let mut chunk = [0u8; 8192];
    let n = stream.read(&mut chunk).await?;
    if n == 0 {
        return Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "server closed the connection"));
    }
    buf.extend_from_slice(&chunk[..n]);
    Ok(())
}

/// The latency at percentile `p` (0–1) of sorted `latencies`, in ms.
pub fn percentile(latencies: &[Duration], p: f64) -> f64 {
    let i = ((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1));
    latencies.get(i).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

pub fn print_row(what: &str, o: &Outcome) {
    println!("{}", row(what, o));
}

/// `RESULT|what|ok|failed|seconds|per second|p50 ms|p99 ms`.
pub fn row(what: &str, o: &Outcome) -> String {
    let pct = |p: f64| percentile(&o.latencies, p);
    let secs = o.elapsed.as_secs_f64();
    format!("RESULT|{what}|{}|{}|{secs:.2}|{:.0}|{:.2}|{:.2}", o.ok, o.failed, o.ok as f64 / secs, pct(0.50), pct(0.99))
}

/// `POST /api/reports/submit` of one line of a sessions file
/// (`token kind facility_id day`, written by bench/national_day.py), with a
/// new submission id.
pub fn report_request(addr: &str, line: &str) -> Vec<u8> {
    report_request_with_id(addr, line, &uuid::Uuid::new_v4().to_string())
}

/// [`report_request`] with the given submission id.
pub fn report_request_with_id(addr: &str, line: &str, submission_id: &str) -> Vec<u8> {
    let mut parts = line.split_whitespace();
    let (token, kind, id, day) =
        (parts.next().unwrap(), parts.next().unwrap(), parts.next().unwrap(), parts.next().unwrap());
    let (survey, values) = if kind == "hospital" { ("hospital_daily", HOSPITAL) } else { ("clinic_daily", CLINIC) };
    let body = format!(
        r#"{{"input":{{"survey":"{survey}","unit":{{"Facility":{id}}},"day":"{day}","submission_id":"{submission_id}","base_revision":null,"nothing_to_report":false,"values":{{{values}}},"reason":""}}}}"#,
    );
    format!(
        "POST /api/reports/submit HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nAccept: application/json\r\nCookie: gmis_session={token}\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}
