//! Login, sessions and password hashing (SPEC §2).
//!
//! - [`Passwords`] hashes and verifies with argon2id (m=19456 KiB, t=2, p=1) on
//!   blocking threads behind a semaphore, so logins never starve reporting;
//!   the queue in front of it is bounded, and beyond it the answer is
//!   [`AppError::TooManyRequests`] at once (a flood cannot make a real login
//!   wait behind hundreds of hashes).
//! - A lock (10 consecutive failures, 15 minutes) does not stop a browser
//!   that signed in to the account before (its device cookie): whoever
//!   guesses passwords from elsewhere cannot lock the real user out of the
//!   browser they use every day, and a flood that fills the hashing queue
//!   does not refuse that browser either (it waits for its turn).
//! - [`login`] checks a login ID and password and opens a session; every
//!   failure is the same [`AppError::Unauthenticated`], takes one argon2
//!   verification whether or not the ID exists, and is audited.
//! - [`resolve_session`] turns a cookie token into an [`Actor`]; sessions live
//!   in the database so that several instances share them.

use crate::domain::auth::{
    MAX_CONSECUTIVE_FAILURES, SESSION_TOUCH_INTERVAL, after_failure, is_locked, session_is_live,
};
use crate::domain::error::AppError;
use crate::domain::ids::{AggregatorId, CentreId, FacilityId, LoginId, MunicipalityCode, PrefectureCode, UserId};
use crate::domain::jurisdiction::AccountStatus;
use crate::domain::locale::{DateStyle, DisplayChoice, Lang, Locale};
use crate::domain::roles::{Actor, Scope, ScopeColumns};
use crate::server::audit::{self, AuditAction, AuditEntry};
use crate::server::db::{FirstRow, begin_exclusive};
use crate::server::entities::{known_device, login_challenge, session, user};
use crate::server::errors::internal;
use crate::server::second_factor;
use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier as _, SaltString, rand_core::OsRng};
use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine as _;
use chrono::Utc;
use rand::RngCore as _;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, IntoActiveModel, JoinType,
    QueryFilter, QuerySelect, Set, TransactionTrait,
};
use sha2::{Digest, Sha256};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::sync::{Semaphore, SemaphorePermit};

fn argon2id() -> Argon2<'static> {
    // Parameters are constants of SPEC §2; Params::new only fails for values
    // outside argon2's ranges, which these are not.
    let params = Params::new(19_456, 2, 1, None).unwrap_or_else(|_| unreachable!("valid argon2 parameters"));
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Password hashing with bounded concurrency and a bounded queue.
pub struct Passwords {
    permits: Semaphore,
    /// Callers waiting for a permit now, and how many may wait at most.
    waiting: AtomicUsize,
    max_waiting: usize,
    /// A hash of a random password, verified against when an account has no
    /// usable hash, so that every login attempt costs the same.
    dummy_hash: String,
}

impl Passwords {
    /// `concurrency` hashes may run at once (each on a blocking thread) and
    /// `max_waiting` more may wait for their turn.
    pub fn new(concurrency: usize, max_waiting: usize) -> Result<Arc<Self>, AppError> {
        let dummy_hash = hash_now(&new_token())?;
        Ok(Arc::new(Self {
            permits: Semaphore::new(concurrency.max(1)),
            waiting: AtomicUsize::new(0),
            max_waiting,
            dummy_hash,
        }))
    }

    /// A turn at hashing, or `TooManyRequests` when the queue is full. A
    /// `known` caller (a browser that signed in to the account before) always
    /// waits for its turn: a flood fills the queue, not the user's own lane.
    async fn turn(&self, known: bool) -> Result<SemaphorePermit<'_>, AppError> {
        if let Ok(permit) = self.permits.try_acquire() {
            return Ok(permit);
        }
        if known {
            return self.permits.acquire().await.map_err(|e| internal("hash semaphore closed", e));
        }
        if self.waiting.fetch_add(1, Ordering::SeqCst) >= self.max_waiting {
            self.waiting.fetch_sub(1, Ordering::SeqCst);
            return Err(AppError::TooManyRequests);
        }
        // Counted out again however the wait ends (also when the request is
        // dropped while waiting).
        struct Waiting<'a>(&'a AtomicUsize);
        impl Drop for Waiting<'_> {
            fn drop(&mut self) {
                self.0.fetch_sub(1, Ordering::SeqCst);
            }
        }
        let _waiting = Waiting(&self.waiting);
        self.permits.acquire().await.map_err(|e| internal("hash semaphore closed", e))
    }

    /// Hashes `password` into a PHC string.
    pub async fn hash(&self, password: String) -> Result<String, AppError> {
        let _permit = self.turn(false).await?;
        tokio::task::spawn_blocking(move || hash_now(&password)).await.map_err(|e| internal("hash task failed", e))?
    }

    /// Verifies `password` against `hash`, or against the dummy hash (always
    /// false) when there is none.
    pub async fn verify(&self, hash: Option<String>, password: String) -> Result<bool, AppError> {
        self.verify_in_lane(hash, password, false).await
    }

    /// As [`Self::verify`]; `known_device` waits for its turn even when the
    /// queue is full.
    pub async fn verify_in_lane(
        &self,
        hash: Option<String>,
        password: String,
        known_device: bool,
    ) -> Result<bool, AppError> {
        let _permit = self.turn(known_device).await?;
        let (hash, real) = match hash {
            Some(h) => (h, true),
            None => (self.dummy_hash.clone(), false),
        };
        let ok = tokio::task::spawn_blocking(move || {
            PasswordHash::new(&hash)
                .is_ok_and(|parsed| argon2id().verify_password(password.as_bytes(), &parsed).is_ok())
        })
        .await
        .map_err(|e| internal("verify task failed", e))?;
        Ok(ok && real)
    }
}

fn hash_now(password: &str) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    argon2id()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| internal("argon2 hash failed", e))
}

/// A login attempt as received from the form.
pub struct LoginAttempt {
    pub login_id: String,
    pub password: String,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    /// The device cookie this browser holds, if any.
    pub device: Option<String>,
    /// The app clock's "now": TOTP codes and the enrolment grace period
    /// follow it (lockouts and sessions stay on the wall clock).
    pub clock_now: chrono::DateTime<Utc>,
    /// How long an account that must have a second factor may postpone it.
    pub second_factor_grace: chrono::Duration,
}

/// How long the second step of a login may take after the password.
pub const CHALLENGE_TTL: chrono::Duration = chrono::Duration::minutes(5);

/// Where a right password leads.
pub enum LoginStep {
    /// Signed in.
    Opened(OpenedSession),
    /// The account has a second factor: no session yet, only a pending
    /// login whose token goes into a short-lived cookie of this browser.
    SecondFactor { pending_token: String },
    /// The account must use a second factor and has only passkeys: a
    /// password is not enough, and the page says to use the passkey.
    PasskeyRequired,
}

/// The second step of a login as received from the form.
pub struct SecondStepAttempt {
    /// The pending login's cookie token.
    pub pending_token: String,
    /// A 6-digit code or a recovery code.
    pub code: String,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub device: Option<String>,
    pub clock_now: chrono::DateTime<Utc>,
}

/// A session just opened: the cookie token (shown to nobody but the browser)
/// and who it belongs to.
pub struct OpenedSession {
    pub token: String,
    pub actor: Actor,
    /// A new device token for this browser (its first login to this account).
    pub new_device: Option<String>,
}

/// Checks the attempt and opens a new session. Every refusal is
/// `Unauthenticated`, whatever the reason.
pub async fn login(
    db: &DatabaseConnection,
    passwords: &Passwords,
    attempt: LoginAttempt,
) -> Result<LoginStep, AppError> {
    let now = Utc::now();
    let user = match LoginId::parse(&attempt.login_id) {
        Ok(id) => user::Entity::find().filter(user::Column::LoginId.eq(id.as_str())).one(db).await?,
        Err(_) => None,
    };
    let device_key = attempt.device.as_deref().map(token_hash);
    // Looked up whether or not the ID exists: the same work either way.
    let device_owner = match &device_key {
        Some(key) => known_device::Entity::find_by_id(key.clone()).first(db).await?.map(|d| d.user_id),
        None => None,
    };
    let known_device = user.as_ref().is_some_and(|u| device_owner == Some(u.id));
    let usable_hash = user
        .as_ref()
        .filter(|u| {
            u.status == AccountStatus::Active && !u.migrated && (known_device || !is_locked(u.locked_until, now))
        })
        .and_then(|u| u.password_hash.clone());
    let verified = passwords.verify_in_lane(usable_hash, attempt.password, known_device).await?;

    // The success path reads (a second factor?) before it writes: on SQLite
    // the write lock is taken at once, or a failure written meanwhile by a
    // flood of wrong passwords fails this login's upgrade ("database is
    // locked") and a right password would be answered as a wrong one.
    let txn = begin_exclusive(db).await?;
    let entry = |action, user_id| AuditEntry::new(action, user_id, attempt.login_id.trim()).ip(attempt.ip.clone());
    let outcome = match user {
        Some(u) if verified => match actor_from(&u) {
            // The failure count stays until the second step is passed too: a
            // right password must not buy a fresh round of code guesses.
            Some(_) if second_factor::has_totp(&txn, u.id).await? => {
                let pending_token = new_token();
                login_challenge::Entity::insert(login_challenge::ActiveModel {
                    id: Set(token_hash(&pending_token)),
                    user_id: Set(u.id),
                    created_at: Set(now),
                })
                .exec_without_returning(&txn)
                .await?;
                Ok(LoginStep::SecondFactor { pending_token })
            }
            Some(actor)
                if actor.role.requires_second_factor() && crate::server::passkeys::has_any(&txn, u.id).await? =>
            {
                let mut refused = entry(AuditAction::LoginFailed, Some(u.id));
                refused.detail = Some(serde_json::json!({ "reason": "passkey_required" }));
                audit::record(&txn, refused).await?;
                Ok(LoginStep::PasskeyRequired)
            }
            Some(actor) => {
                if actor.role.requires_second_factor() && u.second_factor_due.is_none() {
                    let due = attempt.clock_now + attempt.second_factor_grace;
                    user::Entity::update_many()
                        .col_expr(user::Column::SecondFactorDue, sea_orm::sea_query::Expr::value(due))
                        .filter(user::Column::Id.eq(u.id))
                        .exec(&txn)
                        .await?;
                }
                let request = SessionRequest {
                    user_agent: attempt.user_agent.clone(),
                    ip: attempt.ip.clone(),
                    device_key,
                    known_device,
                };
                Ok(LoginStep::Opened(open_session(&txn, u, actor, request, None).await?))
            }
            None => {
                tracing::error!(user_id = u.id, "account has no valid scope for its role; login refused");
                audit::record(&txn, entry(AuditAction::LoginFailed, Some(u.id))).await?;
                Err(AppError::Unauthenticated)
            }
        },
        Some(u) => {
            let user_id = u.id;
            audit::record(&txn, entry(AuditAction::LoginFailed, Some(user_id))).await?;
            count_failure(&txn, u, now, attempt.ip.clone()).await?;
            Err(AppError::Unauthenticated)
        }
        None => {
            audit::record(&txn, entry(AuditAction::LoginFailed, None)).await?;
            Err(AppError::Unauthenticated)
        }
    };
    txn.commit().await?;
    outcome
}

/// The second step of a login: the pending login of this browser and a
/// code of the account's authenticator (or one of its recovery codes). A
/// wrong, replayed or used-up code is refused like a wrong password: the
/// same `Unauthenticated`, counted toward the lockout, audited. The pending
/// login stays (for another try) until it expires or the account locks.
pub async fn second_step(db: &DatabaseConnection, attempt: SecondStepAttempt) -> Result<OpenedSession, AppError> {
    let now = Utc::now();
    let key = token_hash(&attempt.pending_token);
    let Some(challenge) = login_challenge::Entity::find_by_id(key.clone()).first(db).await? else {
        return Err(AppError::Unauthenticated);
    };
    if now - challenge.created_at > CHALLENGE_TTL {
        login_challenge::Entity::delete_by_id(key).exec(db).await?;
        return Err(AppError::Unauthenticated);
    }
    let Some(u) = user::Entity::find_by_id(challenge.user_id).first(db).await? else {
        return Err(AppError::Unauthenticated);
    };
    let (device_key, known_device) = device_of(db, attempt.device.as_deref(), u.id).await?;
    let txn = begin_exclusive(db).await?;
    let entry = |action| AuditEntry::new(action, Some(u.id), u.login_id.clone()).ip(attempt.ip.clone());
    let usable = u.status == AccountStatus::Active && (known_device || !is_locked(u.locked_until, now));
    let used = if usable { second_factor::use_code(&txn, u.id, &attempt.code, attempt.clock_now).await? } else { None };
    let outcome = match (used, actor_from(&u)) {
        (Some(used), Some(actor)) => {
            login_challenge::Entity::delete_by_id(key).exec(&txn).await?;
            if used == second_factor::SecondFactorUsed::RecoveryCode {
                audit::record(&txn, entry(AuditAction::RecoveryCodeUsed).target("user", u.id.to_string())).await?;
            }
            let request = SessionRequest {
                user_agent: attempt.user_agent.clone(),
                ip: attempt.ip.clone(),
                device_key,
                known_device,
            };
            open_session(&txn, u, actor, request, None).await
        }
        _ => {
            audit::record(&txn, entry(AuditAction::TotpFailed).target("user", u.id.to_string())).await?;
            if count_failure(&txn, u, now, attempt.ip.clone()).await? {
                login_challenge::Entity::delete_by_id(key).exec(&txn).await?;
            }
            Err(AppError::Unauthenticated)
        }
    };
    txn.commit().await?;
    outcome
}

/// The browser of a login: the stored key of its device cookie, and whether
/// that device signed in to `user_id` before.
pub async fn device_of(
    db: &DatabaseConnection,
    device: Option<&str>,
    user_id: i32,
) -> Result<(Option<String>, bool), AppError> {
    let device_key = device.map(token_hash);
    let known = match &device_key {
        Some(k) => known_device::Entity::find_by_id(k.clone()).first(db).await?.is_some_and(|d| d.user_id == user_id),
        None => false,
    };
    Ok((device_key, known))
}

/// Where a login that passed every check comes from.
pub struct SessionRequest {
    pub user_agent: Option<String>,
    pub ip: Option<String>,
    /// The stored key of the browser's device cookie, if it sent one.
    pub device_key: Option<String>,
    /// Whether that device signed in to this account before.
    pub known_device: bool,
}

/// Ends a login that passed every check (password, code or passkey): the
/// failure count and any lock are cleared, a session is opened, the browser
/// is remembered, and the login is audited (`detail` says how, if not by
/// password).
pub async fn open_session(
    txn: &(impl ConnectionTrait + TransactionTrait),
    u: user::Model,
    actor: Actor,
    request: SessionRequest,
    detail: Option<serde_json::Value>,
) -> Result<OpenedSession, AppError> {
    let login_id = u.login_id.clone();
    let mut active = u.into_active_model();
    active.failed_logins = Set(0);
    active.locked_until = Set(None);
    active.update(txn).await?;
    let token = create_session(txn, actor.user_id, request.user_agent, request.ip.clone()).await?;
    let known = request.device_key.filter(|_| request.known_device);
    let new_device = remember_device(txn, actor.user_id, known).await?;
    let mut entry = AuditEntry::new(AuditAction::LoginSucceeded, Some(actor.user_id.0), login_id).ip(request.ip);
    entry.detail = detail;
    audit::record(txn, entry).await?;
    Ok(OpenedSession { token, actor, new_device })
}

/// Whether the pending login of `pending_token` can still be completed
/// (after a refused code: ask again, or start over at the password).
pub async fn challenge_is_open(db: &DatabaseConnection, pending_token: &str) -> Result<bool, AppError> {
    let found = login_challenge::Entity::find_by_id(token_hash(pending_token)).first(db).await?;
    Ok(found.is_some_and(|c| Utc::now() - c.created_at <= CHALLENGE_TTL))
}

/// Counts a wrong password for `u` (at login, or as the current password
/// when changing it) and locks the account at the limit, audited. Returns
/// whether this failure locked it.
pub async fn count_failure(
    txn: &(impl ConnectionTrait + TransactionTrait),
    u: user::Model,
    now: chrono::DateTime<Utc>,
    ip: Option<String>,
) -> Result<bool, AppError> {
    // Counted on the row as it is now, locked until this transaction ends
    // (`FOR UPDATE` on PostgreSQL; on SQLite the transaction holds the write
    // lock from its start): `u` was read before the password was hashed, and
    // wrong passwords sent side by side, to one instance or spread over
    // several, must each count, not overwrite each other's count.
    let Some(u) = user::Entity::find_by_id(u.id).lock_exclusive().one(txn).await? else {
        return Ok(false);
    };
    let (failed, locked_until) = after_failure(u.failed_logins, u.locked_until, now);
    let newly_locked = locked_until.is_some() && !is_locked(u.locked_until, now);
    let (user_id, login_id) = (u.id, u.login_id.clone());
    let mut active = u.into_active_model();
    active.failed_logins = Set(failed);
    active.locked_until = Set(locked_until);
    active.update(txn).await?;
    if newly_locked {
        let mut locked = AuditEntry::new(AuditAction::AccountLocked, Some(user_id), login_id)
            .ip(ip)
            .target("user", user_id.to_string());
        locked.detail = Some(serde_json::json!({ "consecutive_failures": MAX_CONSECUTIVE_FAILURES }));
        audit::record(txn, locked).await?;
    }
    Ok(newly_locked)
}

/// Remembers this browser for `user_id`: touches its known device, or makes
/// a new one and returns the token for its cookie.
async fn remember_device(
    conn: &impl ConnectionTrait,
    user_id: UserId,
    known: Option<String>,
) -> Result<Option<String>, AppError> {
    let now = Utc::now();
    if let Some(key) = known {
        known_device::Entity::update_many()
            .col_expr(known_device::Column::LastUsedAt, sea_orm::sea_query::Expr::value(now))
            .filter(known_device::Column::Id.eq(key))
            .exec(conn)
            .await?;
        return Ok(None);
    }
    let token = new_token();
    known_device::Entity::insert(known_device::ActiveModel {
        id: Set(token_hash(&token)),
        user_id: Set(user_id.0),
        created_at: Set(now),
        last_used_at: Set(now),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(Some(token))
}

/// The actor a user row stands for, or `None` for a row whose scope does not
/// fit its role (refused rather than guessed).
pub fn actor_from(u: &user::Model) -> Option<Actor> {
    let cols = ScopeColumns {
        prefecture: u.prefecture_code.as_deref().and_then(|c| PrefectureCode::parse(c).ok()),
        municipality: u.municipality_code.as_deref().and_then(|c| MunicipalityCode::parse(c).ok()),
        facility: u.facility_id.map(FacilityId),
        centre: u.centre_id.map(CentreId),
        aggregator: u.aggregator_id.map(AggregatorId),
    };
    Some(Actor {
        user_id: UserId(u.id),
        login_id: LoginId::parse(&u.login_id).ok()?,
        display_name: u.display_name.clone(),
        role: u.role,
        scope: Scope::for_role(u.role, cols)?,
    })
}

/// What is stored of a secret token (session cookie, password link):
/// its SHA-256, hex, so a copy of the database cannot be replayed.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// A fresh 256-bit random token, base64url without padding.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Opens a session with a fresh 256-bit token and returns the token.
async fn create_session(
    conn: &impl ConnectionTrait,
    user_id: UserId,
    user_agent: Option<String>,
    ip: Option<String>,
) -> Result<String, AppError> {
    let token = new_token();
    let now = Utc::now();
    session::Entity::insert(session::ActiveModel {
        id: Set(token_hash(&token)),
        user_id: Set(user_id.0),
        created_at: Set(now),
        last_seen_at: Set(now),
        user_agent: Set(user_agent.map(|ua| ua.chars().take(300).collect())),
        ip: Set(ip.map(|ip| ip.chars().take(64).collect())),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(token)
}

/// A live session found from its cookie token.
#[derive(Clone, Debug)]
pub struct CurrentSession {
    pub actor: Actor,
    /// The session's database key (not the token).
    pub key: String,
    /// Where the account stands with the second-factor policy.
    pub second_factor: SecondFactorPolicy,
    /// The language and date style the user chose on `/account`.
    pub display: DisplayChoice,
}

/// Where an account stands with the enrolment policy (issue 20).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecondFactorPolicy {
    /// Has a second factor, or its role does not require one.
    Satisfied,
    /// Must enrol, but may postpone until then (a banner says so).
    Grace(chrono::DateTime<Utc>),
    /// Must enrol now: nothing but enrolment and logout is reachable.
    Required,
}

impl SecondFactorPolicy {
    /// The policy for `u` at the app clock's `now`. `second_factor_due` is
    /// set only while an account that must have a second factor has none
    /// (confirming one clears it), so no further lookup is needed.
    pub fn of(u: &user::Model, now: chrono::DateTime<Utc>) -> Self {
        match u.second_factor_due {
            Some(due) if u.role.requires_second_factor() => {
                if now <= due {
                    Self::Grace(due)
                } else {
                    Self::Required
                }
            }
            _ => Self::Satisfied,
        }
    }
}

/// Looks up the session of `token`. Expired sessions, and sessions of
/// accounts that are no longer active, are deleted and yield `None`.
///
/// The session and its user come in one query (every request of a
/// logged-in user starts here).
///
/// `clock_now` (the app clock) decides the second-factor grace period.
pub async fn resolve_session(
    db: &DatabaseConnection,
    token: &str,
    clock_now: chrono::DateTime<Utc>,
) -> Result<Option<CurrentSession>, AppError> {
    let key = token_hash(token);
    let user_of_session = session::Entity::belongs_to(user::Entity).from(session::Column::UserId).to(user::Column::Id);
    // `all`, not `one`: see `FirstRow` (the key is unique).
    let Some((s, u)) = session::Entity::find_by_id(key.clone())
        .join(JoinType::LeftJoin, user_of_session.into())
        .select_also(user::Entity)
        .all(db)
        .await?
        .into_iter()
        .next()
    else {
        return Ok(None);
    };
    let now = Utc::now();
    let u = u.filter(|u| u.status == AccountStatus::Active);
    let second_factor = u.as_ref().map_or(SecondFactorPolicy::Satisfied, |u| SecondFactorPolicy::of(u, clock_now));
    let actor = u.as_ref().and_then(actor_from);
    let Some(actor) = actor.filter(|_| session_is_live(s.created_at, s.last_seen_at, now)) else {
        session::Entity::delete_by_id(key).exec(db).await?;
        return Ok(None);
    };
    if now - s.last_seen_at >= SESSION_TOUCH_INTERVAL {
        let mut active = s.into_active_model();
        active.last_seen_at = Set(now);
        active.update(db).await?;
    }
    let display = u.as_ref().map(display_choice).unwrap_or_default();
    Ok(Some(CurrentSession { actor, key, second_factor, display }))
}

/// A user's stored language and date style (unknown words: the defaults).
pub fn display_choice(u: &user::Model) -> DisplayChoice {
    DisplayChoice {
        lang: u.lang.as_deref().and_then(Lang::parse),
        dates: DateStyle::parse(&u.date_style).unwrap_or_default(),
    }
}

/// The language and date style of mails to `u`: their chosen language, or
/// Japanese where they follow the browser (a mail has no browser).
pub fn mail_locale(u: &user::Model) -> Locale {
    let d = display_choice(u);
    Locale { lang: d.lang.unwrap_or_default(), dates: d.dates }
}

/// Ends the session `current` and audits the logout.
pub async fn logout(db: &DatabaseConnection, current: &CurrentSession, ip: Option<String>) -> Result<(), AppError> {
    let txn = begin_exclusive(db).await?;
    session::Entity::delete_by_id(current.key.clone()).exec(&txn).await?;
    let entry =
        AuditEntry::new(AuditAction::Logout, Some(current.actor.user_id.0), current.actor.login_id.as_str()).ip(ip);
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(())
}

/// Ends every session of `user_id` (after a password change or a disable).
pub async fn end_sessions_of(conn: &impl ConnectionTrait, user_id: UserId) -> Result<u64, AppError> {
    let res = session::Entity::delete_many().filter(session::Column::UserId.eq(user_id.0)).exec(conn).await?;
    Ok(res.rows_affected)
}
