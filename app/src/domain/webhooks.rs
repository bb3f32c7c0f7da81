//! Webhook rules (SPEC §8): the events, which endpoints may be registered,
//! and when a failed delivery is tried again. Deliveries follow the Standard
//! Webhooks scheme (`webhook-id`, `webhook-timestamp`, `webhook-signature`
//! headers; HMAC-SHA256 over `id.timestamp.body`); the signing is done by
//! `crate::server::webhooks`.

use chrono::Duration;
use serde::{Deserialize, Serialize};

/// What a subscriber can be told about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EventType {
    /// A first report of a unit for a period (or "nothing to report").
    ReportSaved,
    /// An amendment of a report.
    ReportAmended,
    /// An SOS request was made or changed state.
    SosChanged,
}

impl EventType {
    pub const ALL: [EventType; 3] = [EventType::ReportSaved, EventType::ReportAmended, EventType::SosChanged];

    pub const fn code(self) -> &'static str {
        match self {
            EventType::ReportSaved => "report.saved",
            EventType::ReportAmended => "report.amended",
            EventType::SosChanged => "sos.changed",
        }
    }

    pub fn from_code(code: &str) -> Option<EventType> {
        EventType::ALL.into_iter().find(|e| e.code() == code)
    }

    /// The stored form back, unknown codes dropped.
    pub fn split(text: &str) -> Vec<EventType> {
        let mut events: Vec<EventType> = text.split_whitespace().filter_map(EventType::from_code).collect();
        events.sort();
        events.dedup();
        events
    }

    pub fn join(events: &[EventType]) -> String {
        events.iter().map(|e| e.code()).collect::<Vec<_>>().join(" ")
    }
}

/// How long a failing endpoint is tried before it is disabled (and how long
/// one delivery is retried).
pub const RETRY_FOR: Duration = Duration::hours(24);
/// The longest URL accepted.
pub const MAX_URL: usize = 2000;

/// Wait after failed attempt `attempts` (1, 2, …).
fn wait_after(attempts: i32) -> Duration {
    match attempts {
        ..=1 => Duration::seconds(10),
        2 => Duration::minutes(1),
        3 => Duration::minutes(5),
        4 => Duration::minutes(30),
        5 => Duration::hours(1),
        _ => Duration::hours(2),
    }
}

/// Wait after failed attempt `attempts` before the next one: 10 s, 1 min,
/// 5 min, 30 min, 1 h, then every 2 h. The attempts of one delivery span
/// [`RETRY_FOR`]; after that it is given up (`None`).
pub fn retry_after(attempts: i32) -> Option<Duration> {
    let waited: Duration = (1..attempts).map(wait_after).fold(Duration::zero(), |a, b| a + b);
    let wait = wait_after(attempts);
    (waited + wait <= RETRY_FOR).then_some(wait)
}

/// Why an endpoint URL was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UrlProblem {
    /// Not an absolute http(s) URL, too long, or with a user name, password or fragment.
    Malformed,
    /// Plain http to anything but this machine (development only).
    NotHttps,
    /// Not on this machine, where only such endpoints are allowed.
    NotLoopback,
}

/// Checks an endpoint: `https://` anywhere, `http://` only to the loopback
/// address (a receiver on the same machine, for development); with
/// `loopback_only`, nothing but the loopback address.
pub fn check_url(url: &str, loopback_only: bool) -> Result<(), UrlProblem> {
    if url.len() > MAX_URL || url.chars().any(|c| c.is_whitespace() || c.is_control()) || url.contains('#') {
        return Err(UrlProblem::Malformed);
    }
    let (scheme, rest) = url.split_once("://").ok_or(UrlProblem::Malformed)?;
    let authority = rest.split(['/', '?']).next().unwrap_or_default();
    if authority.is_empty() || authority.contains('@') {
        return Err(UrlProblem::Malformed);
    }
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => authority
            .rsplit_once(':')
            .map_or(authority, |(h, port)| if port.bytes().all(|b| b.is_ascii_digit()) { h } else { "" }),
    };
    if host.is_empty() || !host.bytes().all(|b| b.is_ascii_alphanumeric() || b"-.:".contains(&b)) {
        return Err(UrlProblem::Malformed);
    }
    match scheme.to_ascii_lowercase().as_str() {
        "https" | "http" if loopback_only && !is_loopback(host) => Err(UrlProblem::NotLoopback),
        "https" => Ok(()),
        "http" if is_loopback(host) => Ok(()),
        "http" => Err(UrlProblem::NotHttps),
        _ => Err(UrlProblem::Malformed),
    }
}

/// `localhost`, `::1` or an address in 127.0.0.0/8 (a name that merely
/// starts with "127." is not).
fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost") || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// A registered endpoint, as its owner sees it (never the secret).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subscription {
    pub id: i32,
    pub url: String,
    pub events: Vec<EventType>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// Failing since then (cleared by a success).
    pub failing_since: Option<chrono::DateTime<chrono::Utc>>,
    /// Disabled after failing for a day; register it again to resume.
    pub disabled_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// A new endpoint with its signing secret (shown this once).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Created {
    pub subscription: Subscription,
    pub secret: String,
}

/// Where a delivery stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeliveryState {
    Pending,
    Delivered,
    /// Given up after a day of attempts (a replay sends it again).
    Failed,
}

impl DeliveryState {
    pub const fn code(self) -> &'static str {
        match self {
            DeliveryState::Pending => "pending",
            DeliveryState::Delivered => "delivered",
            DeliveryState::Failed => "failed",
        }
    }

    pub fn from_code(code: &str) -> DeliveryState {
        match code {
            "delivered" => DeliveryState::Delivered,
            "failed" => DeliveryState::Failed,
            _ => DeliveryState::Pending,
        }
    }
}

/// One delivery, as its subscriber sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    pub id: i32,
    /// The `webhook-id` header: the same on every attempt and replay.
    pub event_id: String,
    pub event_type: String,
    pub state: DeliveryState,
    pub attempts: i32,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub next_attempt_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The HTTP status of the last attempt (none: no answer).
    pub last_status: Option<i32>,
    pub last_error: Option<String>,
    pub delivered_at: Option<chrono::DateTime<chrono::Utc>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_url_any(url: &str) -> Result<(), UrlProblem> {
        check_url(url, false)
    }

    #[test]
    fn https_anywhere_http_only_to_this_machine() {
        assert_eq!(check_url_any("https://pref.example.lg.jp/gmis/hook?x=1"), Ok(()));
        assert_eq!(check_url_any("http://127.0.0.1:8080/hook"), Ok(()));
        assert_eq!(check_url_any("http://localhost/hook"), Ok(()));
        assert_eq!(check_url_any("http://[::1]:9/hook"), Ok(()));
        assert_eq!(check_url_any("http://pref.example.lg.jp/hook"), Err(UrlProblem::NotHttps));
        assert_eq!(check_url_any("http://10.0.0.1/hook"), Err(UrlProblem::NotHttps));
        assert_eq!(check_url_any("http://127.attacker.example/hook"), Err(UrlProblem::NotHttps));
        assert_eq!(check_url("https://pref.example.lg.jp/hook", true), Err(UrlProblem::NotLoopback));
        assert_eq!(check_url("http://127.0.0.1:9/hook", true), Ok(()));
        for bad in
            ["", "pref.example.lg.jp", "ftp://x/y", "https://user:pw@x/", "https:///x", "https://a b/", "https://x/#f"]
        {
            assert_eq!(check_url_any(bad), Err(UrlProblem::Malformed), "{bad}");
        }
    }

    #[test]
    fn retries_span_a_day_then_stop() {
        let mut waited = Duration::zero();
        let mut attempts = 1;
        while let Some(wait) = retry_after(attempts) {
            waited += wait;
            attempts += 1;
        }
        assert!(waited <= RETRY_FOR && waited > Duration::hours(22), "{waited:?}");
        assert!(attempts > 10);
    }
}
