//! Per-client limits on password guessing (SPEC §2, §12; NIST SP 800-63B
//! §5.2.2 "rate limiting").
//!
//! Each client address may send a number of wrong passwords
//! (`GMIS_LOGIN_IP_FAILURES`, default 30) in a sliding window of 15 minutes,
//! over all accounts; beyond that its logins are answered 429 with
//! `Retry-After`, before any password is hashed, until its oldest failure
//! leaves the window. Successful logins never count, so the clerks of a
//! hospital behind one address are not held back by each other.
//!
//! The counters live in each instance's memory: they guard that instance's
//! hashing capacity. Behind N instances a client gets at most N times the
//! limit, still far below what guessing needs; the per-account lock, in the
//! database, is shared by all instances.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The window over which failures are counted.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// More client addresses than this are pruned of expired entries first.
const PRUNE_ABOVE: usize = 10_000;

/// Wrong-password times per client address.
#[derive(Debug)]
pub struct FailureLimiter {
    max: usize,
    window: Duration,
    failures: Mutex<HashMap<IpAddr, VecDeque<Instant>>>,
}

impl FailureLimiter {
    pub fn new(max: u32, window: Duration) -> Self {
        Self { max: max as usize, window, failures: Mutex::new(HashMap::new()) }
    }

    /// How long `ip` must wait before its next attempt is checked, if it is
    /// over its limit now.
    pub fn wait(&self, ip: IpAddr) -> Option<Duration> {
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let times = map.get_mut(&ip)?;
        Self::expire(times, now, self.window);
        (times.len() >= self.max)
            .then(|| times.front().map_or(Duration::ZERO, |oldest| self.window.saturating_sub(now - *oldest)))
            .map(|d| d.max(Duration::from_secs(1)))
    }

    /// Counts a wrong password (or unknown login ID) from `ip`.
    pub fn failed(&self, ip: IpAddr) {
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if map.len() > PRUNE_ABOVE {
            map.retain(|_, times| {
                Self::expire(times, now, self.window);
                !times.is_empty()
            });
        }
        let times = map.entry(ip).or_default();
        Self::expire(times, now, self.window);
        times.push_back(now);
        // Only the newest `max` matter for the decision.
        while times.len() > self.max {
            times.pop_front();
        }
    }

    fn expire(times: &mut VecDeque<Instant>, now: Instant, window: Duration) {
        while times.front().is_some_and(|t| now.duration_since(*t) >= window) {
            times.pop_front();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_over_its_failures_waits_until_the_oldest_leaves_the_window() {
        let limiter = FailureLimiter::new(3, Duration::from_millis(300));
        let (a, b) = (IpAddr::from([192, 0, 2, 1]), IpAddr::from([192, 0, 2, 2]));
        for _ in 0..2 {
            limiter.failed(a);
        }
        assert_eq!(limiter.wait(a), None);
        limiter.failed(a);
        assert!(limiter.wait(a).is_some_and(|d| d >= Duration::from_secs(1)), "rounded up to a whole second");
        assert_eq!(limiter.wait(b), None, "other addresses are not affected");
        std::thread::sleep(Duration::from_millis(350));
        assert_eq!(limiter.wait(a), None, "the window has passed");
    }
}
