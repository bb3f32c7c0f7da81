//! Per-token request limit of `/api/v1`: a token bucket of `GMIS_API_RATE`
//! requests a second (bursts of twice that). Like the login limits, the
//! buckets live in each instance's memory: behind N instances a token gets
//! at most N times the rate, which still protects each instance.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// More tokens than this are pruned of full buckets first.
const PRUNE_ABOVE: usize = 10_000;

#[derive(Debug)]
pub struct RateLimiter {
    per_second: f64,
    burst: f64,
    buckets: Mutex<HashMap<i32, (f64, Instant)>>,
}

impl RateLimiter {
    pub fn new(per_second: u32) -> Self {
        let per_second = f64::from(per_second.max(1));
        Self { per_second, burst: per_second * 2.0, buckets: Mutex::new(HashMap::new()) }
    }

    /// Takes one request from `token`'s bucket, or says how long to wait.
    pub fn take(&self, token: i32) -> Result<(), Duration> {
        let now = Instant::now();
        let mut buckets = self.buckets.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if buckets.len() > PRUNE_ABOVE {
            let (rate, burst) = (self.per_second, self.burst);
            buckets.retain(|_, (level, at)| *level + now.duration_since(*at).as_secs_f64() * rate < burst);
        }
        let (level, at) = buckets.entry(token).or_insert((self.burst, now));
        *level = (*level + now.duration_since(*at).as_secs_f64() * self.per_second).min(self.burst);
        *at = now;
        if *level >= 1.0 {
            *level -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - *level) / self.per_second))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_passes_then_the_bucket_says_how_long_to_wait() {
        let limiter = RateLimiter::new(5);
        for _ in 0..10 {
            assert!(limiter.take(1).is_ok());
        }
        let wait = limiter.take(1).expect_err("over the burst");
        assert!(wait <= Duration::from_millis(200) && wait > Duration::ZERO, "{wait:?}");
        // Another token has its own bucket.
        assert!(limiter.take(2).is_ok());
    }
}
