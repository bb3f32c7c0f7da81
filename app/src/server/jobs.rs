//! Background work of `gmis serve`: the mail outbox, reminders, webhooks, the
//! helpdesk digest and the mails about new notices.
//!
//! The pattern every job follows, so that several instances on one database
//! do each piece of work once:
//!
//! - **claim before doing**: a pass takes a row with a conditional update
//!   (`claimed_until` in the past or empty → now + lease) and does the work
//!   only when that update changed exactly one row; another instance's update
//!   of the same row then changes none. A claim is a lease: an instance
//!   killed mid-work lets it run out, and the row is taken again later. On
//!   SQLite the single writer serialises the claims. Work that happens once
//!   per key (a day's reminder) is claimed by inserting its row under a
//!   unique key, in the transaction that queues its mails.
//! - **record after doing**: the row is marked done (`sent_at`, …) by the
//!   instance that holds the claim.
//! - **stop between passes**: on SIGTERM the worker finishes the pass it is
//!   in (the work it has claimed) and starts no other ([`run_every`]).

use std::future::Future;
use std::time::Duration;
use tokio::sync::watch;

/// Tells the workers to stop after their current pass.
#[derive(Debug)]
pub struct StopSwitch(watch::Sender<bool>);

/// A worker's side of the [`StopSwitch`].
#[derive(Clone, Debug)]
pub struct Stop(watch::Receiver<bool>);

impl StopSwitch {
    pub fn new() -> (Self, Stop) {
        let (tx, rx) = watch::channel(false);
        (Self(tx), Stop(rx))
    }

    /// Every worker stops once its current pass has finished.
    pub fn stop(&self) {
        self.0.send_replace(true);
    }
}

impl Stop {
    fn requested(&self) -> bool {
        *self.0.borrow()
    }

    async fn wait(&mut self) {
        // A dropped switch stops nothing.
        if self.0.wait_for(|stop| *stop).await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

/// Runs `pass` every `every` until `stop`: a pass under way when the stop
/// comes is finished, never cut; no pass starts after it.
pub async fn run_every<F, Fut>(every: Duration, mut stop: Stop, mut pass: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = ()>,
{
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            biased;
            () = stop.wait() => break,
            _ = tick.tick() => {}
        }
        if stop.requested() {
            break;
        }
        pass().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test]
    async fn a_pass_under_way_finishes_and_none_starts_after_the_stop() {
        let (switch, stop) = StopSwitch::new();
        let started = Arc::new(AtomicUsize::new(0));
        let finished = Arc::new(AtomicUsize::new(0));
        let worker = tokio::spawn({
            let (started, finished) = (started.clone(), finished.clone());
            run_every(Duration::from_millis(10), stop, move || {
                let (started, finished) = (started.clone(), finished.clone());
                async move {
                    started.fetch_add(1, Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(200)).await;
                    finished.fetch_add(1, Ordering::SeqCst);
                }
            })
        });
        while started.load(Ordering::SeqCst) == 0 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        switch.stop();
        tokio::time::timeout(Duration::from_secs(5), worker).await.expect("the worker stops").expect("no panic");
        assert_eq!(started.load(Ordering::SeqCst), 1, "no pass after the stop");
        assert_eq!(finished.load(Ordering::SeqCst), 1, "the pass under way was finished");
    }
}
