//! The login rules of SPEC §2 as pure functions: lockout after repeated
//! failures and session lifetimes. `crate::server::auth` applies them.

use chrono::{DateTime, Duration, Utc};

/// Consecutive failures that lock an account.
pub const MAX_CONSECUTIVE_FAILURES: i32 = 10;
/// How long a locked account stays locked.
pub const LOCK_DURATION: Duration = Duration::minutes(15);
/// A session unused for this long is over.
pub const SESSION_IDLE: Duration = Duration::minutes(30);
/// A session is over this long after login, however busy.
pub const SESSION_ABSOLUTE: Duration = Duration::hours(12);
/// `last_seen_at` is written at most this often, so that reading pages does
/// not turn into a write per request.
pub const SESSION_TOUCH_INTERVAL: Duration = Duration::seconds(60);

/// The lock state of an account before a login attempt.
pub fn is_locked(locked_until: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    locked_until.is_some_and(|until| now < until)
}

/// What a failed attempt does to the counters: the new consecutive-failure
/// count and, when it reaches the limit, the time the lock ends. A lock that
/// has run out starts a fresh count.
pub fn after_failure(
    failed: i32,
    locked_until: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> (i32, Option<DateTime<Utc>>) {
    if is_locked(locked_until, now) {
        return (failed, locked_until);
    }
    let base = if locked_until.is_some() { 0 } else { failed };
    let failed = base + 1;
    if failed >= MAX_CONSECUTIVE_FAILURES { (0, Some(now + LOCK_DURATION)) } else { (failed, None) }
}

/// Whether a session created at `created` and last used at `last_seen` is
/// still valid at `now`.
pub fn session_is_live(created: DateTime<Utc>, last_seen: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now < created + SESSION_ABSOLUTE && now < last_seen + SESSION_IDLE
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 4, 1, 0, 0, 0).single().expect("valid")
    }

    #[test]
    fn ten_failures_lock_for_fifteen_minutes() {
        let now = t0();
        let (mut failed, mut until) = (0, None);
        for _ in 0..9 {
            (failed, until) = after_failure(failed, until, now);
            assert!(!is_locked(until, now));
        }
        assert_eq!(failed, 9);
        (failed, until) = after_failure(failed, until, now);
        assert!(is_locked(until, now));
        assert!(is_locked(until, now + Duration::minutes(14)));
        assert!(!is_locked(until, now + Duration::minutes(15)));
        // Failures while locked neither extend nor count.
        assert_eq!(after_failure(failed, until, now + Duration::minutes(1)), (failed, until));
        // After the lock runs out, one failure does not lock again.
        let later = now + Duration::minutes(16);
        let (f, u) = after_failure(failed, until, later);
        assert_eq!(f, 1);
        assert!(!is_locked(u, later));
    }

    #[test]
    fn sessions_end_when_idle_or_old() {
        let start = t0();
        assert!(session_is_live(start, start, start + Duration::minutes(29)));
        assert!(!session_is_live(start, start, start + Duration::minutes(30)));
        let busy = start + Duration::hours(11) + Duration::minutes(59);
        assert!(session_is_live(start, busy, busy));
        assert!(!session_is_live(start, busy, start + Duration::hours(12)));
    }
}
