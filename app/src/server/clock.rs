//! The one clock every service reads "now" from.
//!
//! Reporting days, SOS batches and their 13:00 cut-off, deadlines, notice
//! publication, maintenance windows, memberships, password links, lockouts
//! and sessions all depend on the time. Services never call `Utc::now()`
//! themselves: server functions and handlers pass `state.clock.now()` down, so
//! a test (or a drill) can put the whole system on any instant — a Sunday
//! night, 12:59:59, the year-end closure — and the suite passes on every day
//! it runs.
//!
//! A [`Clock`] is the system time plus an offset that stays 0 in production.
//! Setting it keeps time flowing from the chosen instant, so two steps taken
//! one after the other still happen in that order.
//!
//! What stays on the wall clock, on purpose: security timers (session idle and
//! absolute limits, lockouts, password-link expiry), so that nothing that moves
//! the business clock can extend a session, revive a link or lift a lock; and
//! operational records (audit rows, the mail outbox, account creation, printed
//! letters), which say when something really happened.

use chrono::{DateTime, Duration, Utc};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// The services' clock: the system time, shifted by an offset that only
/// tests and drills set.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    offset_micros: Arc<AtomicI64>,
}

impl Clock {
    /// The real time (what `gmis serve` uses).
    pub fn system() -> Self {
        Self::default()
    }

    /// The current instant.
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + Duration::microseconds(self.offset_micros.load(Ordering::Relaxed))
    }

    /// Moves the clock so that it reads `t` now; time flows on from there.
    pub fn set(&self, t: DateTime<Utc>) {
        let offset = (t - Utc::now()).num_microseconds().unwrap_or(0);
        self.offset_micros.store(offset, Ordering::Relaxed);
    }

    /// Moves the clock forward (or back, for a negative `by`).
    pub fn advance(&self, by: Duration) {
        self.offset_micros.fetch_add(by.num_microseconds().unwrap_or(0), Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_clock_reads_the_instant_and_keeps_running() {
        let clock = Clock::system();
        let shared = clock.clone();
        let t = DateTime::parse_from_rfc3339("2031-12-28T03:59:59Z").map(|t| t.to_utc()).unwrap_or_default();
        clock.set(t);
        let read = shared.now();
        assert!(read >= t && read - t < Duration::seconds(5), "{read}");
        shared.advance(Duration::days(7));
        assert!(clock.now() - t >= Duration::days(7));
    }

    #[test]
    fn the_system_clock_is_the_real_time() {
        assert!((Clock::system().now() - Utc::now()).num_seconds().abs() < 5);
    }
}
