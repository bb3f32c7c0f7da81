//! TOTP as a second factor (issue 20, RFC 6238: SHA-1, 6 digits, 30 s).
//!
//! - The secret is generated here, kept pending in `totp_secrets` until the
//!   user confirms it with a first code; only then does it count.
//! - A code is accepted for the current time step and one step either side
//!   (clock drift of a phone), and never for a step at or before the last
//!   accepted one: a code seen over a shoulder cannot be replayed.
//! - Ten recovery codes are made at confirmation and shown once. Each has
//!   about 59 bits of randomness, so a plain SHA-256 is enough to store them
//!   (a slow hash protects guessable passwords, not random codes) and lets a
//!   code be found by its hash in one indexed lookup.
//! - Time comes from the app's clock (`state.clock`), so tests compute codes
//!   for the instant they set.
//!
//! [`has_second_factor`] is the one question "may this account skip the
//! enrolment policy": a confirmed authenticator or a passkey
//! (`server::passkeys`) answers it.

use crate::domain::error::AppError;
use crate::domain::roles::Actor;
use crate::server::audit::{self, AuditAction, AuditEntry};
use crate::server::auth::token_hash;
use crate::server::db::begin_exclusive;
use crate::server::entities::{passkey, recovery_code, totp_secret, user};
use crate::server::errors::internal;
use chrono::{DateTime, Utc};
use rand::Rng as _;
use rand::RngCore as _;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter, Set,
};
use totp_rs::{Algorithm, TOTP};

/// Seconds per time step.
const STEP_SECONDS: i64 = 30;
/// How many recovery codes an enrolment makes.
pub const RECOVERY_CODES: usize = 10;
/// Letters of recovery codes: no 0/o, 1/l/i, to be read aloud and typed.
const RECOVERY_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

/// The TOTP of a base32 secret, or `None` for a malformed one.
fn totp(secret: &str) -> Option<TOTP> {
    let bytes = base32_decode(secret)?;
    TOTP::new(Algorithm::SHA1, 6, 0, STEP_SECONDS as u64, bytes).ok()
}

fn base32_decode(secret: &str) -> Option<Vec<u8>> {
    totp_rs::Secret::Encoded(secret.to_owned()).to_bytes().ok()
}

/// The time step of `now`.
pub fn step_of(now: DateTime<Utc>) -> i64 {
    now.timestamp().div_euclid(STEP_SECONDS)
}

/// The code of `secret` for time step `step` (tests and the demo use it too).
pub fn code_at(secret: &str, step: i64) -> Option<String> {
    let t = u64::try_from(step.checked_mul(STEP_SECONDS)?).ok()?;
    totp(secret).map(|t_| t_.generate(t))
}

/// The step whose code `code` is, within ±1 step of `now` and after
/// `last_step`, or `None` (wrong, too old, or already used).
pub fn accepted_step(secret: &str, code: &str, now: DateTime<Utc>, last_step: Option<i64>) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let current = step_of(now);
    // Every candidate is computed and compared, so the time taken does not
    // say which step matched.
    let mut found = None;
    for step in [current - 1, current, current + 1] {
        let expected = code_at(secret, step)?;
        let same = expected.bytes().zip(code.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0;
        if same && last_step.is_none_or(|last| step > last) && found.is_none() {
            found = Some(step);
        }
    }
    found
}

/// A new secret: 20 random bytes (160 bits, RFC 4226's recommendation), base32.
fn new_secret() -> String {
    let mut bytes = [0u8; 20];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base32::encode(&bytes)
}

mod base32 {
    /// RFC 4648 base32 without padding (what authenticator apps read).
    pub fn encode(bytes: &[u8]) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        let mut out = String::new();
        let (mut buffer, mut bits) = (0u32, 0u32);
        for &b in bytes {
            buffer = (buffer << 8) | u32::from(b);
            bits += 8;
            while bits >= 5 {
                bits -= 5;
                out.push(char::from(ALPHABET[((buffer >> bits) & 31) as usize]));
            }
        }
        if bits > 0 {
            out.push(char::from(ALPHABET[((buffer << (5 - bits)) & 31) as usize]));
        }
        out
    }
}

/// The secret in groups of four, as shown to a user typing it in by hand.
pub fn grouped(secret: &str) -> String {
    secret.as_bytes().chunks(4).filter_map(|c| std::str::from_utf8(c).ok()).collect::<Vec<_>>().join(" ")
}

/// The `otpauth://` address an authenticator app reads from the QR code.
fn otpauth_url(secret: &str, login_id: &str) -> String {
    let label: String = login_id.chars().filter(char::is_ascii_alphanumeric).collect();
    format!("otpauth://totp/G-MIS:{label}?secret={secret}&issuer=G-MIS&algorithm=SHA1&digits=6&period=30")
}

/// The QR code of `url` as an SVG element, rendered here on the server.
fn qr_svg(url: &str) -> Result<String, AppError> {
    let code = qrcode::QrCode::new(url.as_bytes()).map_err(|e| internal("qr code", e))?;
    Ok(code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .dark_color(qrcode::render::svg::Color("#000000"))
        .light_color(qrcode::render::svg::Color("#ffffff"))
        .build())
}

/// New recovery codes, as shown to the user (`xxxx-xxxx-xxxx`).
fn new_recovery_codes() -> Vec<String> {
    let mut rng = rand::rngs::OsRng;
    (0..RECOVERY_CODES)
        .map(|_| {
            let chars: Vec<char> =
                (0..12).map(|_| char::from(RECOVERY_ALPHABET[rng.gen_range(0..RECOVERY_ALPHABET.len())])).collect();
            chars.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
        })
        .collect()
}

/// The stored form of a recovery code: case, spaces and hyphens do not matter.
pub fn recovery_hash(code: &str) -> String {
    let normal: String = code.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect();
    token_hash(&normal)
}

/// Whether `user_id` has a confirmed authenticator app (the password
/// login's second step).
pub async fn has_totp(conn: &impl ConnectionTrait, user_id: i32) -> Result<bool, AppError> {
    Ok(totp_secret::Entity::find_by_id(user_id)
        .filter(totp_secret::Column::ConfirmedAt.is_not_null())
        .one(conn)
        .await?
        .is_some())
}

/// Whether `user_id` has a second factor: a confirmed authenticator app or
/// a passkey.
pub async fn has_second_factor(conn: &impl ConnectionTrait, user_id: i32) -> Result<bool, AppError> {
    Ok(has_totp(conn, user_id).await? || crate::server::passkeys::has_any(conn, user_id).await?)
}

/// Records that `user_id` now has a second factor: the enrolment policy no
/// longer leads it anywhere.
pub async fn enrolled(conn: &impl ConnectionTrait, user_id: i32) -> Result<(), AppError> {
    user::Entity::update_many()
        .col_expr(user::Column::SecondFactorDue, sea_orm::sea_query::Expr::value(Option::<DateTime<Utc>>::None))
        .filter(user::Column::Id.eq(user_id))
        .exec(conn)
        .await?;
    Ok(())
}

/// What the account page shows about the user's authenticator.
#[derive(Clone, Debug)]
pub enum TotpState {
    /// Confirmed: since when, and how many recovery codes are left.
    Active { since: DateTime<Utc>, recovery_left: u64 },
    /// Not confirmed yet: the pending secret to scan or type in.
    Pending { secret_grouped: String, qr_svg: String },
}

/// The user's TOTP state; for a user without a confirmed authenticator a
/// pending secret is made (or the earlier pending one shown again).
pub async fn enrolment(db: &DatabaseConnection, actor: &Actor, now: DateTime<Utc>) -> Result<TotpState, AppError> {
    let existing = totp_secret::Entity::find_by_id(actor.user_id.0).one(db).await?;
    let secret = match existing {
        Some(s) if s.confirmed_at.is_some() => {
            let recovery_left = recovery_code::Entity::find()
                .filter(recovery_code::Column::UserId.eq(actor.user_id.0))
                .filter(recovery_code::Column::UsedAt.is_null())
                .all(db)
                .await?
                .len() as u64;
            return Ok(TotpState::Active { since: s.confirmed_at.unwrap_or(s.created_at), recovery_left });
        }
        Some(s) => s.secret,
        None => {
            let secret = new_secret();
            totp_secret::Entity::insert(totp_secret::ActiveModel {
                user_id: Set(actor.user_id.0),
                secret: Set(secret.clone()),
                created_at: Set(now),
                confirmed_at: Set(None),
                last_step: Set(None),
            })
            .exec_without_returning(db)
            .await?;
            secret
        }
    };
    let qr_svg = qr_svg(&otpauth_url(&secret, actor.login_id.as_str()))?;
    Ok(TotpState::Pending { secret_grouped: grouped(&secret), qr_svg })
}

/// Confirms the pending authenticator of `actor` with its first code and
/// returns the recovery codes (shown once). A wrong code changes nothing.
pub async fn confirm(
    db: &DatabaseConnection,
    actor: &Actor,
    code: &str,
    now: DateTime<Utc>,
    ip: Option<String>,
) -> Result<Vec<String>, AppError> {
    let txn = begin_exclusive(db).await?;
    let pending = totp_secret::Entity::find_by_id(actor.user_id.0)
        .filter(totp_secret::Column::ConfirmedAt.is_null())
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::Conflict(crate::i18n::t().second_factor().no_pending.to_owned()))?;
    let Some(step) = accepted_step(&pending.secret, code, now, None) else {
        return Err(AppError::field("code", crate::i18n::t().second_factor().code_wrong));
    };
    let mut active = pending.into_active_model();
    active.confirmed_at = Set(Some(now));
    active.last_step = Set(Some(step));
    active.update(&txn).await?;
    let codes = replace_recovery_codes(&txn, actor.user_id.0).await?;
    enrolled(&txn, actor.user_id.0).await?;
    let entry = AuditEntry::new(AuditAction::TotpEnrolled, Some(actor.user_id.0), actor.login_id.as_str())
        .ip(ip)
        .target("user", actor.user_id.0.to_string());
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(codes)
}

async fn replace_recovery_codes(conn: &impl ConnectionTrait, user_id: i32) -> Result<Vec<String>, AppError> {
    recovery_code::Entity::delete_many().filter(recovery_code::Column::UserId.eq(user_id)).exec(conn).await?;
    let codes = new_recovery_codes();
    let rows = codes.iter().map(|c| recovery_code::ActiveModel {
        id: sea_orm::ActiveValue::NotSet,
        user_id: Set(user_id),
        code_hash: Set(recovery_hash(c)),
        used_at: Set(None),
    });
    recovery_code::Entity::insert_many(rows).exec_without_returning(conn).await?;
    Ok(codes)
}

/// How a second step was passed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecondFactorUsed {
    Totp,
    RecoveryCode,
}

/// Checks `code` (a 6-digit code or a recovery code) for `user_id` and uses
/// it up: the step is remembered, the recovery code marked used. `None` for
/// anything wrong, already used, or a user without an authenticator.
pub async fn use_code(
    conn: &impl ConnectionTrait,
    user_id: i32,
    code: &str,
    now: DateTime<Utc>,
) -> Result<Option<SecondFactorUsed>, AppError> {
    let Some(secret) = totp_secret::Entity::find_by_id(user_id)
        .filter(totp_secret::Column::ConfirmedAt.is_not_null())
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    if let Some(step) = accepted_step(&secret.secret, code, now, secret.last_step) {
        // Conditional on the step read, so two requests with one code cannot both pass.
        let res = totp_secret::Entity::update_many()
            .col_expr(totp_secret::Column::LastStep, sea_orm::sea_query::Expr::value(step))
            .filter(totp_secret::Column::UserId.eq(user_id))
            .filter(match secret.last_step {
                Some(last) => totp_secret::Column::LastStep.eq(last),
                None => totp_secret::Column::LastStep.is_null(),
            })
            .exec(conn)
            .await?;
        return Ok((res.rows_affected == 1).then_some(SecondFactorUsed::Totp));
    }
    let res = recovery_code::Entity::update_many()
        .col_expr(recovery_code::Column::UsedAt, sea_orm::sea_query::Expr::value(now))
        .filter(recovery_code::Column::UserId.eq(user_id))
        .filter(recovery_code::Column::CodeHash.eq(recovery_hash(code)))
        .filter(recovery_code::Column::UsedAt.is_null())
        .exec(conn)
        .await?;
    Ok((res.rows_affected == 1).then_some(SecondFactorUsed::RecoveryCode))
}

/// Removes the second factor of `target` (an administrator's or the
/// helpdesk's step, after the caller checked it may and before it audits
/// the step with its reason) and mails its holder, if an address is on file.
pub async fn reset(
    conn: &impl ConnectionTrait,
    target: &user::Model,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    remove_for(conn, target, now).await?;
    if let Some(to) = target.email.clone() {
        let mail = crate::i18n::in_locale(crate::server::auth::mail_locale(target), || {
            let t = crate::i18n::t().second_factor();
            crate::server::mail::OutgoingMail {
                to,
                subject: t.reset_subject.to_owned(),
                body: (t.reset_body)(&target.login_id, public_url),
            }
        });
        crate::server::mail::enqueue(conn, mail).await?;
    }
    Ok(())
}

/// Removes the second factor of `target`: the authenticator, recovery codes
/// and passkeys go (a lost tablet takes its passkey with it), and an account
/// that must have one enrols at its next login without a new grace period.
async fn remove_for(conn: &impl ConnectionTrait, target: &user::Model, now: DateTime<Utc>) -> Result<(), AppError> {
    totp_secret::Entity::delete_many().filter(totp_secret::Column::UserId.eq(target.id)).exec(conn).await?;
    passkey::Entity::delete_many().filter(passkey::Column::UserId.eq(target.id)).exec(conn).await?;
    recovery_code::Entity::delete_many().filter(recovery_code::Column::UserId.eq(target.id)).exec(conn).await?;
    let due = target.role.requires_second_factor().then_some(now);
    user::Entity::update_many()
        .col_expr(user::Column::SecondFactorDue, sea_orm::sea_query::Expr::value(due))
        .filter(user::Column::Id.eq(target.id))
        .exec(conn)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    fn at(secs: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(secs, 0).unwrap_or_default()
    }

    #[test]
    fn rfc6238_vector_matches() {
        // RFC 6238 appendix B, SHA-1, T = 59 s, secret "12345678901234567890".
        let secret = base32::encode(b"12345678901234567890");
        assert_eq!(code_at(&secret, 59 / 30).as_deref(), Some("287082"));
    }

    #[test]
    fn one_step_of_drift_either_way_is_accepted_two_are_not() {
        let now = at(1_800_000_000);
        let s = step_of(now);
        for (delta, ok) in [(-2, false), (-1, true), (0, true), (1, true), (2, false)] {
            let code = code_at(SECRET, s + delta).unwrap_or_default();
            assert_eq!(accepted_step(SECRET, &code, now, None).is_some(), ok, "step {delta}");
        }
    }

    #[test]
    fn a_used_step_and_earlier_ones_are_refused() {
        let now = at(1_800_000_000);
        let s = step_of(now);
        let code = code_at(SECRET, s).unwrap_or_default();
        assert_eq!(accepted_step(SECRET, &code, now, None), Some(s));
        assert_eq!(accepted_step(SECRET, &code, now, Some(s)), None);
        let older = code_at(SECRET, s - 1).unwrap_or_default();
        assert_eq!(accepted_step(SECRET, &older, now, Some(s)), None);
        let next = code_at(SECRET, s + 1).unwrap_or_default();
        assert_eq!(accepted_step(SECRET, &next, now, Some(s)), Some(s + 1));
    }

    #[test]
    fn malformed_codes_are_refused() {
        let now = at(1_800_000_000);
        for code in ["", "12345", "1234567", "abcdef", "12 34 5x"] {
            assert_eq!(accepted_step(SECRET, code, now, None), None, "{code}");
        }
    }

    #[test]
    fn recovery_codes_are_ten_distinct_and_hash_the_same_however_typed() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        let mut unique = codes.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), RECOVERY_CODES);
        let c = &codes[0];
        assert_eq!(c.len(), 14);
        assert_eq!(recovery_hash(c), recovery_hash(&c.to_uppercase().replace('-', " ")));
        assert_ne!(recovery_hash(c), recovery_hash(&codes[1]));
    }

    #[test]
    fn secrets_are_base32_of_160_bits_and_grouped_for_reading() {
        let s = new_secret();
        assert_eq!(s.len(), 32);
        assert_eq!(base32_decode(&s).map(|b| b.len()), Some(20));
        assert_eq!(grouped("ABCDEFGH"), "ABCD EFGH");
    }
}
