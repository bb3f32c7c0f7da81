//! The newest notices of each role, as the home page lists them, kept in
//! memory: every view of `/` shows them, and they change a few times a day.
//!
//! Several instances may share one database, so an entry is trusted only as
//! long as that stays correct:
//! - a change made on this instance (saving, publishing, withdrawing,
//!   attachments) drops every entry at once ([`NewestCache::invalidate`]),
//!   and a load that ran while the change was made is not kept;
//! - a change made on another instance shows here at most [`TTL`] later;
//! - a scheduled notice shows at its time: an entry is never used past the
//!   next scheduled publication the database held when it was loaded.
//!
//! Entries are timed on the services' clock (in production the system
//! time), so a test moves the clock to see another instance's change; an
//! entry loaded at a later instant than now (the clock moved back) is not
//! used.
//!
//! What each reader has read is not kept here: the unread markers and the
//! unread count are read from the database with every view.

use crate::domain::notices::NoticeSummary;
use crate::domain::roles::Role;
use chrono::{DateTime, Duration, Utc};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// How long an entry is used before it is read again: the longest another
/// instance's change takes to show here.
pub const TTL: Duration = Duration::seconds(5);

/// The cached newest notices, per role; cheap to clone (one cache per
/// process, in [`crate::server::context::AppState`]).
#[derive(Clone, Debug, Default)]
pub struct NewestCache {
    inner: Arc<RwLock<Inner>>,
}

#[derive(Debug, Default)]
struct Inner {
    /// Counts this instance's changes; a load keeps its result only when no
    /// change happened while it ran.
    generation: u64,
    entries: HashMap<Role, Entry>,
}

#[derive(Debug)]
struct Entry {
    items: Arc<Vec<NoticeSummary>>,
    loaded_at: DateTime<Utc>,
    until: DateTime<Utc>,
}

/// A miss: what a load hands back to [`NewestCache::put`].
#[derive(Debug)]
pub struct Ticket {
    role: Role,
    generation: u64,
}

impl NewestCache {
    /// The newest notices of `role` if an entry is good at `now`, or the
    /// ticket to store a fresh load with.
    pub fn get(&self, role: Role, now: DateTime<Utc>) -> Result<Arc<Vec<NoticeSummary>>, Ticket> {
        let Ok(inner) = self.inner.read() else {
            // A poisoned lock: load every time (correct, only slower).
            return Err(Ticket { role, generation: u64::MAX });
        };
        match inner.entries.get(&role) {
            Some(e) if e.loaded_at <= now && now < e.until => Ok(e.items.clone()),
            _ => Err(Ticket { role, generation: inner.generation }),
        }
    }

    /// Keeps `items`, loaded at `loaded_at` when `next_scheduled` was the
    /// next scheduled publication, unless this instance changed a notice
    /// since the ticket was handed out.
    pub fn put(
        &self,
        ticket: Ticket,
        items: Arc<Vec<NoticeSummary>>,
        loaded_at: DateTime<Utc>,
        next_scheduled: Option<DateTime<Utc>>,
    ) {
        let Ok(mut inner) = self.inner.write() else { return };
        if inner.generation != ticket.generation {
            return;
        }
        let expires = loaded_at + TTL;
        let until = next_scheduled.map_or(expires, |at| at.min(expires));
        inner.entries.insert(ticket.role, Entry { items, loaded_at, until });
    }

    /// Forgets every entry (after this instance changed a notice).
    pub fn invalidate(&self) {
        if let Ok(mut inner) = self.inner.write() {
            inner.generation = inner.generation.wrapping_add(1);
            inner.entries.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).map(|t| t.to_utc()).unwrap_or_default()
    }

    fn items(n: usize) -> Arc<Vec<NoticeSummary>> {
        Arc::new(
            (0..n)
                .map(|i| NoticeSummary {
                    id: i32::try_from(i).unwrap_or(0),
                    title: Vec::new(),
                    snippet: Vec::new(),
                    category: crate::domain::notices::Category::Notice,
                    office: String::new(),
                    issued_on: chrono::NaiveDate::default(),
                    unread: true,
                    attachments: 0,
                    status: crate::domain::notices::Status::Published,
                    published_at: None,
                })
                .collect(),
        )
    }

    fn len(cache: &NewestCache, role: Role, now: DateTime<Utc>) -> Option<usize> {
        cache.get(role, now).ok().map(|v| v.len())
    }

    #[test]
    fn an_entry_serves_its_role_until_the_ttl() {
        let cache = NewestCache::default();
        let t0 = at("2026-12-02T01:00:00Z");
        let Err(ticket) = cache.get(Role::Facility, t0) else { panic!("empty cache") };
        cache.put(ticket, items(3), t0, None);
        assert_eq!(len(&cache, Role::Facility, t0 + Duration::seconds(4)), Some(3));
        assert_eq!(len(&cache, Role::Prefecture, t0), None, "per role");
        assert_eq!(len(&cache, Role::Facility, t0 + TTL), None, "read again after the TTL");
        assert_eq!(len(&cache, Role::Facility, t0 - Duration::seconds(1)), None, "the clock moved back");
    }

    #[test]
    fn an_entry_ends_at_the_next_scheduled_publication() {
        let cache = NewestCache::default();
        let t0 = at("2026-12-02T01:00:00Z");
        let Err(ticket) = cache.get(Role::Facility, t0) else { panic!("empty cache") };
        cache.put(ticket, items(2), t0, Some(t0 + Duration::seconds(2)));
        assert_eq!(len(&cache, Role::Facility, t0 + Duration::milliseconds(1999)), Some(2));
        assert_eq!(len(&cache, Role::Facility, t0 + Duration::seconds(2)), None);
    }

    #[test]
    fn a_change_drops_entries_and_loads_that_ran_across_it() {
        let cache = NewestCache::default();
        let t0 = at("2026-12-02T01:00:00Z");
        let Err(ticket) = cache.get(Role::Facility, t0) else { panic!("empty cache") };
        cache.put(ticket, items(2), t0, None);
        cache.invalidate();
        assert_eq!(len(&cache, Role::Facility, t0), None);
        // A load that began before a change read what the change replaced.
        let Err(before) = cache.get(Role::Facility, t0) else { panic!("invalidated") };
        cache.invalidate();
        cache.put(before, items(1), t0, None);
        assert_eq!(len(&cache, Role::Facility, t0), None);
        let Err(after) = cache.get(Role::Facility, t0) else { panic!("nothing kept") };
        cache.put(after, items(4), t0, None);
        assert_eq!(len(&cache, Role::Facility, t0), Some(4));
    }
}
