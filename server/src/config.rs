//! The one typed configuration, read from the environment at start-up and
//! validated before anything is served (a bad value stops `gmis` with a clear
//! message). Every variable is listed in README.md.

use app::domain::reports::{Deadlines, PeriodRules};
use app::domain::supplies::{SupplyRules, WorkCalendar};
use app::server::mail::{Mailer, SmtpSecurity, SmtpSettings};
use std::net::SocketAddr;

/// Runtime configuration of `gmis`.
#[derive(Clone, Debug)]
pub struct Config {
    /// `DATABASE_URL`: `sqlite://data/gmis.db` (default; created if missing)
    /// or a `postgres://` URL.
    pub database_url: String,
    /// `GMIS_DB_POOL_SIZE` (1–1000; default 16 on PostgreSQL, 8 on SQLite):
    /// connections in the pool. `GMIS_DB_WAIT_MS` (default 5000,
    /// 50–60000): how long a request waits for a free one before it is
    /// answered 503 with `Retry-After`.
    pub db_pool: app::server::db::PoolLimits,
    /// `GMIS_LISTEN`: address to listen on (default `127.0.0.1:3000`).
    pub listen: SocketAddr,
    /// `GMIS_METRICS_LISTEN`: where Prometheus scrapes `GET /metrics`
    /// (e.g. `127.0.0.1:9464`), on a listener of its own so that the
    /// public one never shows them. Default: unset, no metrics listener.
    pub metrics_listen: Option<SocketAddr>,
    /// `GMIS_PUBLIC_URL`: the address users reach G-MIS at, used in mailed
    /// links and to recognise same-origin requests. `https://` turns on
    /// `Secure` `__Host-` cookies. Default `http://127.0.0.1:3000`.
    pub public_url: String,
    /// `GMIS_SITE_ROOT`: folder with the built `pkg/` assets (default `target/site`).
    pub site_root: String,
    /// `GMIS_HASH_CONCURRENCY`: password hashes computed at once (default:
    /// half the CPU cores, at least 1), so logins cannot starve reporting.
    pub hash_concurrency: usize,
    /// `GMIS_BENCH_ROUTES=1` mounts `GET /__bench/bare`, a handler outside
    /// all middleware that the benchmarks compare pages against. Off by default.
    pub bench_routes: bool,
    /// Where mail goes: `GMIS_SMTP_HOST` (with `GMIS_SMTP_PORT`, default 587;
    /// `GMIS_SMTP_SECURITY` `starttls` (default), `tls` or `none`;
    /// `GMIS_SMTP_USERNAME`, `GMIS_SMTP_PASSWORD`) selects SMTP; without it
    /// mails are written as `.eml` files into `GMIS_OUTBOX_DIR` (default
    /// `data/outbox`).
    pub mail: MailConfig,
    /// `GMIS_MAIL_FROM`: the sender, e.g. `G-MIS <noreply@gmis.example.go.jp>`.
    pub mail_from: String,
    /// `GMIS_BACK_ENTRY_DAYS`: how many days back a daily report may still be
    /// entered or amended (default 14, 0–366).
    pub periods: PeriodRules,
    /// Medical supplies: `GMIS_SUPPLY_THRESHOLD_DAYS` (days of stock below
    /// which a supply is shown red and an SOS request offered; default 7,
    /// 1–60), `GMIS_SOS_CUTOFF` (the daily batch's cut-off, Japan time,
    /// `HH:MM`, default `13:00`) and `GMIS_HOLIDAYS_FILE` (a `date,name` CSV
    /// of non-working days besides weekends; default: the shipped
    /// `calendar/holidays_jp.csv`).
    pub supplies: SupplyRules,
    /// `GMIS_MAINTENANCE_LEAD_DAYS`: how many days before a maintenance window
    /// every page shows its banner (default 7, 0–90).
    pub maintenance_lead_days: u32,
    /// Timeouts and the connection cap of the listener:
    /// `GMIS_HEADER_TIMEOUT_SECS`, `GMIS_BODY_TIMEOUT_SECS`,
    /// `GMIS_MAX_CONNECTIONS`, `GMIS_SHUTDOWN_GRACE_SECS`.
    pub connections: crate::listener::ConnectionLimits,
    /// `GMIS_TRUSTED_PROXIES`: addresses or CIDR ranges of the load balancers
    /// whose `X-Forwarded-For` names the client (default: none, the header
    /// is ignored).
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// `GMIS_LOGIN_QUEUE` (default 16, 0–1000): password checks that may wait
    /// for a hashing slot; beyond it a login is answered 429 at once.
    pub login_queue: usize,
    /// `GMIS_LOGIN_IP_FAILURES` (default 30, 5–10000): wrong passwords one
    /// client address may send in 15 minutes, over all accounts, before its
    /// logins are answered 429 without being checked.
    pub login_ip_failures: u32,
    /// `GMIS_API_RATE` (default 50, 1–10000): requests a second one API
    /// token may send to `/api/v1` (bursts of twice that); beyond it 429
    /// with `Retry-After`.
    pub api_rate: u32,
    /// `GMIS_WEBHOOK_LOOPBACK_ONLY=1`: webhook endpoints only on this
    /// machine (127.0.0.1, localhost). The test command sets it, so that
    /// generated test data never makes G-MIS post to another host.
    pub webhooks_loopback_only: bool,
    /// `GMIS_SECOND_FACTOR_GRACE_DAYS` (default 14, 0–365): how long an
    /// officer or administrator without a second factor may postpone its
    /// enrolment, counted from their first login without one.
    pub second_factor_grace_days: u32,
    /// `GMIS_CLOCK_OFFSET_SECONDS` (default 0, at most ten years either
    /// way): moves the services' clock (reporting days, deadlines, SOS
    /// batches, maintenance windows) for a drill or the end-to-end run; the
    /// security timers stay on the real time. Never set in production.
    pub clock_offset_seconds: i64,
    /// `GMIS_DRAIN_SECS` (default 0, 0–300): on SIGTERM, how long the
    /// instance keeps serving while `/readyz` answers 503, so that the load
    /// balancer's health check takes it out first (set it to the check's
    /// interval × its fall count, e.g. 6 for 2 s × 3).
    pub drain_secs: u64,
    /// `GMIS_HELPDESK_DIGEST_MINUTES` (default 60; 0 turns it off, else
    /// 5–1440): how often the helpdesk is mailed the inquiries opened since
    /// the last digest. Periods end on multiples of it (60: on the hour;
    /// 1440: at 9:00 Japan time).
    pub helpdesk_digest_minutes: u32,
}

/// Where mail goes.
#[derive(Clone, Debug)]
pub enum MailConfig {
    Smtp(SmtpSettings),
    Files(std::path::PathBuf),
}

/// A configuration value that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("設定 {name} が不正です ({reason}): {value}")]
pub struct ConfigError {
    pub name: &'static str,
    pub value: String,
    pub reason: &'static str,
}

impl Config {
    /// Reads the configuration from the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|k| std::env::var(k).ok())
    }

    /// Reads the configuration through `get` (the environment, or a map in tests).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let var = |name: &'static str, default: &str| {
            get(name).filter(|v| !v.is_empty()).unwrap_or_else(|| default.to_owned())
        };
        let bad = |name, value: String, reason| ConfigError { name, value, reason };

        let database_url = var("DATABASE_URL", "sqlite://data/gmis.db");
        if !(database_url.starts_with("sqlite:")
            || database_url.starts_with("postgres://")
            || database_url.starts_with("postgresql://"))
        {
            return Err(bad("DATABASE_URL", redact(&database_url), "sqlite: または postgres:// で始めてください"));
        }
        let pool_raw = var("GMIS_DB_POOL_SIZE", "");
        let size = match pool_raw.parse::<u32>() {
            _ if pool_raw.is_empty() => None,
            Ok(n @ 1..=1000) => Some(n),
            _ => return Err(bad("GMIS_DB_POOL_SIZE", pool_raw, "1〜1000 の整数")),
        };
        let wait_raw = var("GMIS_DB_WAIT_MS", "5000");
        let wait = match wait_raw.parse::<u64>() {
            Ok(n @ 50..=60_000) => std::time::Duration::from_millis(n),
            _ => return Err(bad("GMIS_DB_WAIT_MS", wait_raw, "50〜60000 の整数（ミリ秒）")),
        };
        let db_pool = app::server::db::PoolLimits { size, wait, ..Default::default() };
        let listen_raw = var("GMIS_LISTEN", "127.0.0.1:3000");
        let listen = listen_raw.parse().map_err(|_| bad("GMIS_LISTEN", listen_raw.clone(), "例: 127.0.0.1:3000"))?;
        let metrics_listen = match get("GMIS_METRICS_LISTEN").filter(|v| !v.is_empty()) {
            None => None,
            Some(raw) => match raw.parse::<SocketAddr>() {
                Ok(addr) if addr != listen => Some(addr),
                Ok(_) => return Err(bad("GMIS_METRICS_LISTEN", raw, "GMIS_LISTEN とは別のアドレスにしてください")),
                Err(_) => return Err(bad("GMIS_METRICS_LISTEN", raw, "例: 127.0.0.1:9464")),
            },
        };
        let public_url = var("GMIS_PUBLIC_URL", "http://127.0.0.1:3000").trim_end_matches('/').to_owned();
        let host = public_url.strip_prefix("https://").or_else(|| public_url.strip_prefix("http://"));
        if host.is_none_or(|h| h.is_empty() || h.contains(['/', '?', '#', ' '])) {
            return Err(bad("GMIS_PUBLIC_URL", public_url, "例: https://gmis.example.go.jp（パスなし）"));
        }
        let site_root = var("GMIS_SITE_ROOT", "target/site");
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let hash_raw = var("GMIS_HASH_CONCURRENCY", &(cores / 2).max(1).to_string());
        let hash_concurrency = match hash_raw.parse::<usize>() {
            Ok(n @ 1..=64) => n,
            _ => return Err(bad("GMIS_HASH_CONCURRENCY", hash_raw, "1〜64 の整数")),
        };
        let bench_routes = var("GMIS_BENCH_ROUTES", "0") == "1";
        let webhooks_loopback_only = var("GMIS_WEBHOOK_LOOPBACK_ONLY", "0") == "1";
        let grace_raw = var("GMIS_SECOND_FACTOR_GRACE_DAYS", "14");
        let second_factor_grace_days = match grace_raw.parse::<u32>() {
            Ok(n @ 0..=365) => n,
            _ => return Err(bad("GMIS_SECOND_FACTOR_GRACE_DAYS", grace_raw, "0〜365 の整数")),
        };
        let offset_raw = var("GMIS_CLOCK_OFFSET_SECONDS", "0");
        let clock_offset_seconds = match offset_raw.parse::<i64>() {
            Ok(n) if n.abs() <= 10 * 366 * 86_400 => n,
            _ => return Err(bad("GMIS_CLOCK_OFFSET_SECONDS", offset_raw, "秒数の整数（前後10年以内）")),
        };
        let drain_raw = var("GMIS_DRAIN_SECS", "0");
        let drain_secs = match drain_raw.parse::<u64>() {
            Ok(n @ 0..=300) => n,
            _ => return Err(bad("GMIS_DRAIN_SECS", drain_raw, "0〜300 の整数（秒）")),
        };
        let digest_raw = var("GMIS_HELPDESK_DIGEST_MINUTES", "60");
        let helpdesk_digest_minutes = match digest_raw.parse::<u32>() {
            Ok(n @ (0 | 5..=1440)) => n,
            _ => {
                return Err(bad(
                    "GMIS_HELPDESK_DIGEST_MINUTES",
                    digest_raw,
                    "0（送らない）または 5〜1440 の整数（分）",
                ));
            }
        };
        let back_raw = var("GMIS_BACK_ENTRY_DAYS", "14");
        let periods = match back_raw.parse::<u32>() {
            Ok(n @ 0..=366) => n,
            _ => return Err(bad("GMIS_BACK_ENTRY_DAYS", back_raw, "0〜366 の整数")),
        };
        let deadlines_raw = var("GMIS_REPORT_DEADLINES", "");
        let deadlines = Deadlines::parse(&deadlines_raw).map_err(|_| {
            bad("GMIS_REPORT_DEADLINES", deadlines_raw.clone(), "例: hospital_daily=17:00,clinic_daily=18:00")
        })?;
        let escalation_raw = var("GMIS_REMINDER_ESCALATION_MINUTES", "120");
        let escalation_minutes = match escalation_raw.parse::<u32>() {
            Ok(n @ 0..=1440) => n,
            _ => return Err(bad("GMIS_REMINDER_ESCALATION_MINUTES", escalation_raw, "0〜1440 の整数（分）")),
        };
        let deadlines = Deadlines { escalation_minutes, ..deadlines };
        let periods = PeriodRules { back_entry_days: periods, deadlines };
        let supplies = supply_rules(&get)?;
        let lead_raw = var("GMIS_MAINTENANCE_LEAD_DAYS", "7");
        let maintenance_lead_days = match lead_raw.parse::<u32>() {
            Ok(n @ 0..=90) => n,
            _ => return Err(bad("GMIS_MAINTENANCE_LEAD_DAYS", lead_raw, "0〜90 の整数")),
        };
        let connections = connection_limits(&get)?;
        let trusted_raw = var("GMIS_TRUSTED_PROXIES", "");
        let trusted_proxies = crate::web::client_ip::parse_trusted(&trusted_raw)
            .map_err(|_| bad("GMIS_TRUSTED_PROXIES", trusted_raw.clone(), "例: 10.0.0.0/8,192.0.2.7"))?;
        let queue_raw = var("GMIS_LOGIN_QUEUE", "16");
        let login_queue = match queue_raw.parse::<usize>() {
            Ok(n @ 0..=1000) => n,
            _ => return Err(bad("GMIS_LOGIN_QUEUE", queue_raw, "0〜1000 の整数")),
        };
        let failures_raw = var("GMIS_LOGIN_IP_FAILURES", "30");
        let login_ip_failures = match failures_raw.parse::<u32>() {
            Ok(n @ 5..=10_000) => n,
            _ => return Err(bad("GMIS_LOGIN_IP_FAILURES", failures_raw, "5〜10000 の整数")),
        };
        let api_rate_raw = var("GMIS_API_RATE", "50");
        let api_rate = match api_rate_raw.parse::<u32>() {
            Ok(n @ 1..=10_000) => n,
            _ => return Err(bad("GMIS_API_RATE", api_rate_raw, "1〜10000 の整数")),
        };
        let mail_from = var("GMIS_MAIL_FROM", "G-MIS <noreply@gmis.example.jp>");
        if mail_from.parse::<lettre::message::Mailbox>().is_err() {
            return Err(bad("GMIS_MAIL_FROM", mail_from, "例: G-MIS <noreply@gmis.example.go.jp>"));
        }
        let mail = match get("GMIS_SMTP_HOST").filter(|h| !h.is_empty()) {
            None => MailConfig::Files(var("GMIS_OUTBOX_DIR", "data/outbox").into()),
            Some(host) => {
                let port_raw = var("GMIS_SMTP_PORT", "587");
                let port = port_raw.parse().map_err(|_| bad("GMIS_SMTP_PORT", port_raw.clone(), "1〜65535"))?;
                let security = match var("GMIS_SMTP_SECURITY", "starttls").as_str() {
                    "starttls" => SmtpSecurity::StartTls,
                    "tls" => SmtpSecurity::Tls,
                    "none" => SmtpSecurity::None,
                    other => return Err(bad("GMIS_SMTP_SECURITY", other.to_owned(), "starttls / tls / none")),
                };
                MailConfig::Smtp(SmtpSettings {
                    host,
                    port,
                    security,
                    username: get("GMIS_SMTP_USERNAME").filter(|v| !v.is_empty()),
                    password: get("GMIS_SMTP_PASSWORD").filter(|v| !v.is_empty()),
                })
            }
        };
        Ok(Self {
            database_url,
            db_pool,
            listen,
            metrics_listen,
            public_url,
            site_root,
            hash_concurrency,
            bench_routes,
            webhooks_loopback_only,
            second_factor_grace_days,
            clock_offset_seconds,
            drain_secs,
            helpdesk_digest_minutes,
            mail,
            mail_from,
            periods,
            supplies,
            maintenance_lead_days,
            connections,
            trusted_proxies,
            login_queue,
            login_ip_failures,
            api_rate,
        })
    }

    /// The mail transport this configuration names.
    pub fn mailer(&self) -> Result<Mailer, String> {
        let from = self.mail_from.parse().map_err(|_| "GMIS_MAIL_FROM".to_owned())?;
        match &self.mail {
            MailConfig::Smtp(settings) => Mailer::smtp(settings, from),
            MailConfig::Files(dir) => Mailer::files(dir.clone(), from),
        }
    }

    /// Whether users reach G-MIS over HTTPS (secure cookies, HSTS).
    pub fn is_https(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    /// `scheme://host[:port]` of the public URL, as browsers send it in `Origin`.
    pub fn public_origin(&self) -> &str {
        &self.public_url
    }
}

/// The shipped holiday calendar (national holidays and the year-end closure).
pub const HOLIDAYS: &str = include_str!("../../calendar/holidays_jp.csv");

fn supply_rules(get: &impl Fn(&str) -> Option<String>) -> Result<SupplyRules, ConfigError> {
    let var = |name: &str, default: &str| get(name).filter(|v| !v.is_empty()).unwrap_or_else(|| default.to_owned());
    let bad = |name, value: String, reason| ConfigError { name, value, reason };
    let threshold_raw = var("GMIS_SUPPLY_THRESHOLD_DAYS", "7");
    let threshold_days = match threshold_raw.parse::<u32>() {
        Ok(n @ 1..=60) => n,
        _ => return Err(bad("GMIS_SUPPLY_THRESHOLD_DAYS", threshold_raw, "1〜60 の整数")),
    };
    let cutoff_raw = var("GMIS_SOS_CUTOFF", "13:00");
    let cutoff = chrono::NaiveTime::parse_from_str(&cutoff_raw, "%H:%M")
        .map_err(|_| bad("GMIS_SOS_CUTOFF", cutoff_raw.clone(), "HH:MM（日本時間）"))?;
    let calendar = match get("GMIS_HOLIDAYS_FILE").filter(|f| !f.is_empty()) {
        None => WorkCalendar::parse(HOLIDAYS).map_err(|_| bad("GMIS_HOLIDAYS_FILE", String::new(), "同梱の休日表"))?,
        Some(path) => {
            let text = std::fs::read_to_string(&path)
                .map_err(|_| bad("GMIS_HOLIDAYS_FILE", path.clone(), "ファイルを読めません"))?;
            WorkCalendar::parse(&text).map_err(|_| bad("GMIS_HOLIDAYS_FILE", path, "各行は YYYY-MM-DD,名前"))?
        }
    };
    Ok(SupplyRules { threshold_days, cutoff, calendar: std::sync::Arc::new(calendar) })
}

fn connection_limits(get: &impl Fn(&str) -> Option<String>) -> Result<crate::listener::ConnectionLimits, ConfigError> {
    let number = |name: &'static str, default: u64, range: std::ops::RangeInclusive<u64>, reason: &'static str| {
        let raw = get(name).filter(|v| !v.is_empty()).unwrap_or_else(|| default.to_string());
        raw.parse::<u64>().ok().filter(|n| range.contains(n)).ok_or(ConfigError { name, value: raw, reason })
    };
    let secs = std::time::Duration::from_secs;
    Ok(crate::listener::ConnectionLimits {
        header_timeout: secs(number("GMIS_HEADER_TIMEOUT_SECS", 15, 1..=300, "1〜300 の整数（秒）")?),
        body_timeout: secs(number("GMIS_BODY_TIMEOUT_SECS", 30, 1..=600, "1〜600 の整数（秒）")?),
        max_connections: number("GMIS_MAX_CONNECTIONS", 2048, 16..=100_000, "16〜100000 の整数")? as usize,
        shutdown_grace: secs(number("GMIS_SHUTDOWN_GRACE_SECS", 20, 1..=600, "1〜600 の整数（秒）")?),
    })
}

/// The URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}://***@{}", &url[..s], &url[at + 1..]),
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn load(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_run_locally_on_sqlite() {
        let c = load(&[]).expect("defaults");
        assert_eq!(c.database_url, "sqlite://data/gmis.db");
        assert_eq!(c.listen.to_string(), "127.0.0.1:3000");
        assert_eq!(c.metrics_listen, None, "no metrics listener unless asked for");
        assert!(!c.is_https());
        assert!(c.hash_concurrency >= 1);
        assert!(matches!(c.mail, MailConfig::Files(ref dir) if dir.ends_with("data/outbox")));
        assert_eq!(c.periods.back_entry_days, 14);
        assert_eq!((c.supplies.threshold_days, c.supplies.cutoff.to_string().as_str()), (7, "13:00:00"));
        let new_year = chrono::NaiveDate::from_ymd_opt(2027, 1, 1).expect("date");
        assert!(!c.supplies.calendar.is_working_day(new_year), "the shipped calendar is loaded");
    }

    #[test]
    fn supply_settings_are_checked() {
        let c = load(&[("GMIS_SUPPLY_THRESHOLD_DAYS", "10"), ("GMIS_SOS_CUTOFF", "09:30")]).expect("valid");
        assert_eq!((c.supplies.threshold_days, c.supplies.cutoff.to_string().as_str()), (10, "09:30:00"));
        assert_eq!(load(&[("GMIS_SUPPLY_THRESHOLD_DAYS", "0")]).expect_err("0").name, "GMIS_SUPPLY_THRESHOLD_DAYS");
        assert_eq!(load(&[("GMIS_SOS_CUTOFF", "25:00")]).expect_err("time").name, "GMIS_SOS_CUTOFF");
        assert_eq!(load(&[]).expect("defaults").maintenance_lead_days, 7);
        assert_eq!(load(&[("GMIS_MAINTENANCE_LEAD_DAYS", "91")]).expect_err("lead").name, "GMIS_MAINTENANCE_LEAD_DAYS");
        assert_eq!(load(&[("GMIS_HOLIDAYS_FILE", "/nonexistent.csv")]).expect_err("file").name, "GMIS_HOLIDAYS_FILE");
    }

    #[test]
    fn smtp_is_chosen_by_its_host() {
        let c = load(&[("GMIS_SMTP_HOST", "smtp.example.jp"), ("GMIS_SMTP_PASSWORD", "s3cret")]).expect("smtp");
        let MailConfig::Smtp(smtp) = &c.mail else { panic!("SMTP expected") };
        assert_eq!((smtp.port, smtp.security), (587, SmtpSecurity::StartTls));
        assert!(!format!("{c:?}").contains("s3cret"), "the SMTP password never appears in Debug output");
    }

    #[test]
    fn bad_values_are_refused_with_the_variable_name() {
        let e = load(&[("DATABASE_URL", "mysql://u:secret@h/db")]).expect_err("mysql");
        assert_eq!(e.name, "DATABASE_URL");
        assert!(!e.to_string().contains("secret"), "password must not be echoed");
        assert_eq!(load(&[("GMIS_LISTEN", "localhost")]).expect_err("addr").name, "GMIS_LISTEN");
        assert_eq!(load(&[("GMIS_PUBLIC_URL", "gmis.example.jp")]).expect_err("url").name, "GMIS_PUBLIC_URL");
        assert_eq!(load(&[("GMIS_PUBLIC_URL", "https://a.jp/x")]).expect_err("path").name, "GMIS_PUBLIC_URL");
        assert_eq!(load(&[("GMIS_HASH_CONCURRENCY", "0")]).expect_err("zero").name, "GMIS_HASH_CONCURRENCY");
        assert_eq!(load(&[("GMIS_MAIL_FROM", "not an address")]).expect_err("from").name, "GMIS_MAIL_FROM");
        assert_eq!(load(&[("GMIS_BACK_ENTRY_DAYS", "-1")]).expect_err("days").name, "GMIS_BACK_ENTRY_DAYS");
        assert_eq!(load(&[("GMIS_BACK_ENTRY_DAYS", "400")]).expect_err("days").name, "GMIS_BACK_ENTRY_DAYS");
        assert_eq!(
            load(&[("GMIS_CLOCK_OFFSET_SECONDS", "1e3")]).expect_err("offset").name,
            "GMIS_CLOCK_OFFSET_SECONDS"
        );
        assert_eq!(
            load(&[("GMIS_CLOCK_OFFSET_SECONDS", "-400000000")]).expect_err("offset").name,
            "GMIS_CLOCK_OFFSET_SECONDS"
        );
        assert_eq!(load(&[("GMIS_CLOCK_OFFSET_SECONDS", "-49500")]).expect("drill").clock_offset_seconds, -49_500);
        assert_eq!(load(&[("GMIS_DRAIN_SECS", "301")]).expect_err("drain").name, "GMIS_DRAIN_SECS");
        assert_eq!(load(&[("GMIS_DB_POOL_SIZE", "0")]).expect_err("pool").name, "GMIS_DB_POOL_SIZE");
        assert_eq!(
            load(&[("GMIS_HELPDESK_DIGEST_MINUTES", "3")]).expect_err("digest").name,
            "GMIS_HELPDESK_DIGEST_MINUTES"
        );
        assert_eq!(load(&[("GMIS_HELPDESK_DIGEST_MINUTES", "0")]).expect("off").helpdesk_digest_minutes, 0);
        assert_eq!(load(&[("GMIS_DB_WAIT_MS", "10")]).expect_err("wait").name, "GMIS_DB_WAIT_MS");
        let pool = load(&[("GMIS_DB_POOL_SIZE", "40"), ("GMIS_DB_WAIT_MS", "800")]).expect("pool").db_pool;
        assert_eq!((pool.size, pool.wait.as_millis()), (Some(40), 800));
        assert_eq!(
            load(&[("GMIS_SMTP_HOST", "smtp.example.jp"), ("GMIS_SMTP_SECURITY", "ssl3")]).expect_err("sec").name,
            "GMIS_SMTP_SECURITY"
        );
    }

    #[test]
    fn the_metrics_listener_is_an_address_of_its_own() {
        let c = load(&[("GMIS_METRICS_LISTEN", "127.0.0.1:9464")]).expect("metrics");
        assert_eq!(c.metrics_listen.map(|a| a.to_string()).as_deref(), Some("127.0.0.1:9464"));
        assert_eq!(load(&[("GMIS_METRICS_LISTEN", "")]).expect("empty is unset").metrics_listen, None);
        for bad in ["9464", "localhost:9464", "127.0.0.1", "127.0.0.1:99999"] {
            let e = load(&[("GMIS_METRICS_LISTEN", bad)]).expect_err(bad);
            assert_eq!(e.name, "GMIS_METRICS_LISTEN", "{bad}");
            assert!(e.to_string().contains("例: 127.0.0.1:9464"), "{e}");
        }
        let same = load(&[("GMIS_LISTEN", "0.0.0.0:8080"), ("GMIS_METRICS_LISTEN", "0.0.0.0:8080")]);
        assert!(
            same.expect_err("same").to_string().contains("GMIS_LISTEN とは別"),
            "metrics never on the public listener"
        );
    }

    #[test]
    fn https_public_url_means_secure_cookies() {
        let c = load(&[("GMIS_PUBLIC_URL", "https://gmis.example.go.jp/")]).expect("https");
        assert!(c.is_https());
        assert_eq!(c.public_origin(), "https://gmis.example.go.jp");
    }
}
