//! The audit log's hash chain (issue 20): each row's `hash` is SHA-256 over
//! the previous row's hash and the row's own fields, in a fixed byte
//! encoding, so that a row changed, removed or inserted afterwards breaks
//! the chain at that point. It lives here because the migration that adds
//! the column chains the rows already written, and the application writes
//! and verifies with the very same function.
//!
//! Encoding (version 1), in this order:
//! the ASCII tag `gmis-audit-v1`, then each field as either one byte `0`
//! (NULL) or one byte `1`, its length in bytes as a big-endian `u64` and
//! its UTF-8 bytes. The fields: the previous row's hash (lowercase hex; the
//! first row takes [`GENESIS`]), `at` as `YYYY-MM-DDTHH:MM:SS.fffffffffZ`
//! (UTC, nine fraction digits: the exact value read back from the database;
//! new rows are written with whole microseconds, which SQLite and
//! PostgreSQL both keep exactly), `actor_user_id` in decimal, `actor_label`,
//! `action`, `outcome`, `target_kind`, `target_id`, `detail`, `ip`. The row's
//! `id` is not hashed (it is assigned by the database on insert); the chain
//! follows `id` order.

use sea_orm::prelude::DateTimeUtc;
use sha2::{Digest, Sha256};
use std::fmt::Write as _;

/// The "previous hash" of the first row.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The hashed fields of one audit row.
#[derive(Clone, Copy, Debug)]
pub struct ChainFields<'a> {
    pub at: DateTimeUtc,
    pub actor_user_id: Option<i32>,
    pub actor_label: &'a str,
    pub action: &'a str,
    pub outcome: &'a str,
    pub target_kind: Option<&'a str>,
    pub target_id: Option<&'a str>,
    pub detail: Option<&'a str>,
    pub ip: Option<&'a str>,
}

/// `at` as it enters the hash.
pub fn canonical_at(at: DateTimeUtc) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.9fZ").to_string()
}

/// The bytes that are hashed (exposed for the tests of the encoding).
pub fn canonical_bytes(prev_hash: &str, row: &ChainFields<'_>) -> Vec<u8> {
    fn field(out: &mut Vec<u8>, value: Option<&str>) {
        match value {
            None => out.push(0),
            Some(v) => {
                out.push(1);
                out.extend_from_slice(&(v.len() as u64).to_be_bytes());
                out.extend_from_slice(v.as_bytes());
            }
        }
    }
    let mut out = b"gmis-audit-v1".to_vec();
    let at = canonical_at(row.at);
    let actor = row.actor_user_id.map(|id| id.to_string());
    field(&mut out, Some(prev_hash));
    field(&mut out, Some(&at));
    field(&mut out, actor.as_deref());
    field(&mut out, Some(row.actor_label));
    field(&mut out, Some(row.action));
    field(&mut out, Some(row.outcome));
    field(&mut out, row.target_kind);
    field(&mut out, row.target_id);
    field(&mut out, row.detail);
    field(&mut out, row.ip);
    out
}

/// The row's hash: SHA-256 of [`canonical_bytes`], lowercase hex.
pub fn row_hash(prev_hash: &str, row: &ChainFields<'_>) -> String {
    let digest = Sha256::digest(canonical_bytes(prev_hash, row));
    let mut hex = String::with_capacity(64);
    for byte in digest {
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}
