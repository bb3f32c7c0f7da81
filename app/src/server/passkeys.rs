//! Passkeys (WebAuthn, issue 20 item 1), with webauthn-rs as the relying
//! party.
//!
//! - **Where it works.** A passkey is bound to a host name. The relying
//!   party's ID is the host of `GMIS_PUBLIC_URL`, and its origin is that URL.
//!   Where the public URL names an IP address, [`relying_party`] gives
//!   `None` and the pages offer no passkeys.
//! - **Ceremonies.** Each registration and sign-in has two requests. Between
//!   them, the state (the challenge) is kept in `webauthn_ceremonies` under
//!   the hash of a token only the browser holds. It is claimed (deleted)
//!   once and lasts [`CEREMONY_TTL`], so any instance can finish what another
//!   started, and a replayed assertion finds no challenge.
//! - **Sign-in.** Always with a discoverable credential, "passkey alone":
//!   the browser offers the passkeys it has for this site. When the user
//!   typed a login ID, the passkey must belong to that account. Otherwise it
//!   is refused and counted against the named account, like a wrong
//!   password. The request never lists an account's credentials, so it does
//!   not tell anyone whether an ID exists or has passkeys.
//! - **Strength.** User verification is required (the device's face,
//!   fingerprint or PIN), so a passkey is both factors at once: it meets the
//!   officers' second-factor policy by itself.
//! - **Refusals.** Every refusal at sign-in is the same
//!   [`AppError::Unauthenticated`]: a forged or replayed assertion, an
//!   unknown credential, or a passkey of another account. It is audited
//!   (`passkey.failed`) and counts toward the account's lockout when an
//!   account is known.

use crate::domain::account::{PasskeyInfo, passkey_name};
use crate::domain::error::AppError;
use crate::domain::ids::LoginId;
use crate::domain::jurisdiction::AccountStatus;
use crate::domain::roles::Actor;
use crate::domain::time::format_datetime;
use crate::server::audit::{self, AuditAction, AuditEntry};
use crate::server::auth::{self, OpenedSession, new_token, token_hash};
use crate::server::db::{FirstRow, begin_exclusive};
use crate::server::entities::{passkey, user, webauthn_ceremony};
use crate::server::errors::internal;
use base64::Engine as _;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use webauthn_rs::prelude::{
    DiscoverableAuthentication, Passkey, PasskeyRegistration, PublicKeyCredential, RegisterPublicKeyCredential, Url,
    Uuid, Webauthn, WebauthnBuilder,
};

/// How long a ceremony may take between its two requests.
pub const CEREMONY_TTL: chrono::Duration = chrono::Duration::minutes(5);

const REGISTER: &str = "register";
const LOGIN: &str = "login";

/// The WebAuthn relying party (webauthn-rs), built once at start.
pub type RelyingParty = Webauthn;

/// The relying party of `public_url`, or `None` where passkeys cannot work
/// (the URL names an IP address, not a host).
pub fn relying_party(public_url: &str) -> Option<Arc<Webauthn>> {
    let url = Url::parse(public_url).ok()?;
    let host = url.domain()?.to_owned();
    match WebauthnBuilder::new(&host, &url).and_then(|b| b.rp_name("G-MIS").build()) {
        Ok(rp) => Some(Arc::new(rp)),
        Err(e) => {
            tracing::warn!(error = %e, "passkeys are off: the public URL cannot be a WebAuthn relying party");
            None
        }
    }
}

/// The first half of a ceremony: the token the browser sends back, and the
/// options for `navigator.credentials.create()` / `.get()` (WebAuthn JSON,
/// binary values in base64url).
#[derive(Debug, Serialize)]
pub struct Started {
    pub ceremony: String,
    pub options: serde_json::Value,
}

/// What a registration keeps between its two requests.
#[derive(Serialize, Deserialize)]
struct RegistrationState {
    handle: Uuid,
    state: PasskeyRegistration,
}

fn b64url(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Stores a ceremony's state and returns its token. Ceremonies past their
/// time are removed here, so the table holds only the live ones.
async fn store_ceremony(
    conn: &impl ConnectionTrait,
    kind: &str,
    user_id: Option<i32>,
    state: String,
) -> Result<String, AppError> {
    let now = Utc::now();
    webauthn_ceremony::Entity::delete_many()
        .filter(webauthn_ceremony::Column::CreatedAt.lt(now - CEREMONY_TTL))
        .exec(conn)
        .await?;
    let token = new_token();
    webauthn_ceremony::Entity::insert(webauthn_ceremony::ActiveModel {
        id: Set(token_hash(&token)),
        kind: Set(kind.to_owned()),
        user_id: Set(user_id),
        state: Set(state),
        created_at: Set(now),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(token)
}

/// Takes the ceremony of `token` (of `kind`, for `user_id`) out of the table:
/// its state, or `None` when there is none, it has expired, or it was
/// already used. A ceremony is used once, even when what follows fails.
async fn claim_ceremony(
    conn: &impl ConnectionTrait,
    token: &str,
    kind: &str,
    user_id: Option<i32>,
) -> Result<Option<String>, AppError> {
    let key = token_hash(token);
    let Some(found) = webauthn_ceremony::Entity::find_by_id(key.clone()).first(conn).await? else {
        return Ok(None);
    };
    let claimed = webauthn_ceremony::Entity::delete_by_id(key).exec(conn).await?.rows_affected == 1;
    let fits = found.kind == kind && found.user_id == user_id && Utc::now() - found.created_at <= CEREMONY_TTL;
    Ok((claimed && fits).then_some(found.state))
}

fn stored(p: &passkey::Model) -> Option<Passkey> {
    serde_json::from_str(&p.credential).ok()
}

/// Starts registering a passkey for `actor`: its existing passkeys are
/// excluded (an authenticator is not registered twice), and a discoverable
/// credential is preferred (so it can sign in without the login ID).
pub async fn start_registration(db: &DatabaseConnection, rp: &Webauthn, actor: &Actor) -> Result<Started, AppError> {
    let existing = passkey::Entity::find().filter(passkey::Column::UserId.eq(actor.user_id.0)).all(db).await?;
    let handle = existing.iter().find_map(|p| Uuid::parse_str(&p.user_handle).ok()).unwrap_or_else(Uuid::new_v4);
    let exclude = existing.iter().filter_map(stored).map(|p| p.cred_id().clone()).collect();
    let (challenge, state) = rp
        .start_passkey_registration(handle, actor.login_id.as_str(), &actor.display_name, Some(exclude))
        .map_err(|e| internal("passkey registration start", e))?;
    let mut options = serde_json::to_value(&challenge).map_err(|e| internal("passkey options", e))?;
    if let Some(selection) = options.pointer_mut("/publicKey/authenticatorSelection") {
        selection["residentKey"] = serde_json::Value::from("preferred");
    }
    let state = serde_json::to_string(&RegistrationState { handle, state })
        .map_err(|e| internal("passkey registration state", e))?;
    let ceremony = store_ceremony(db, REGISTER, Some(actor.user_id.0), state).await?;
    Ok(Started { ceremony, options })
}

/// The name of a passkey as typed (see [`passkey_name`]), or the field's
/// refusal.
pub fn parse_name(name: &str) -> Result<String, AppError> {
    passkey_name(name).ok_or_else(|| AppError::field("name", crate::i18n::t().passkey().name_invalid))
}

/// Finishes a registration: the browser's credential is verified against
/// the ceremony's challenge and stored under `name`. An account that had to
/// enrol a second factor has one now.
pub async fn finish_registration(
    db: &DatabaseConnection,
    rp: &Webauthn,
    actor: &Actor,
    ceremony: &str,
    credential: &serde_json::Value,
    name: &str,
    ip: Option<String>,
) -> Result<(), AppError> {
    let t = crate::i18n::t().passkey();
    let name = parse_name(name)?;
    let Some(state) = claim_ceremony(db, ceremony, REGISTER, Some(actor.user_id.0)).await? else {
        return Err(AppError::Conflict(t.expired.to_owned()));
    };
    let RegistrationState { handle, state } =
        serde_json::from_str(&state).map_err(|e| internal("passkey registration state", e))?;
    let credential: RegisterPublicKeyCredential =
        serde_json::from_value(credential.clone()).map_err(|_| AppError::field("credential", t.not_verified))?;
    let key = rp.finish_passkey_registration(&credential, &state).map_err(|e| {
        tracing::info!(error = %e, user_id = actor.user_id.0, "a passkey registration did not verify");
        AppError::field("credential", t.not_verified)
    })?;
    let credential_id = b64url(key.cred_id().as_ref());
    let json = serde_json::to_string(&key).map_err(|e| internal("passkey", e))?;
    let now = Utc::now();
    let txn = begin_exclusive(db).await?;
    let taken =
        passkey::Entity::find().filter(passkey::Column::CredentialId.eq(credential_id.clone())).first(&txn).await?;
    if taken.is_some() {
        return Err(AppError::Conflict(t.already_registered.to_owned()));
    }
    passkey::Entity::insert(passkey::ActiveModel {
        id: sea_orm::ActiveValue::NotSet,
        user_id: Set(actor.user_id.0),
        credential_id: Set(credential_id),
        user_handle: Set(handle.to_string()),
        name: Set(name.clone()),
        credential: Set(json),
        created_at: Set(now),
        last_used_at: Set(None),
    })
    .exec_without_returning(&txn)
    .await?;
    crate::server::second_factor::enrolled(&txn, actor.user_id.0).await?;
    let mut entry = AuditEntry::new(AuditAction::PasskeyRegistered, Some(actor.user_id.0), actor.login_id.as_str())
        .ip(ip)
        .target("user", actor.user_id.0.to_string());
    entry.detail = Some(serde_json::json!({ "name": name }));
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(())
}

/// The passkeys of `user_id`, the most recently registered first.
pub async fn list(conn: &impl ConnectionTrait, user_id: i32) -> Result<Vec<PasskeyInfo>, AppError> {
    Ok(passkey::Entity::find()
        .filter(passkey::Column::UserId.eq(user_id))
        .order_by_desc(passkey::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|p| PasskeyInfo {
            id: p.id,
            name: p.name,
            created: format_datetime(p.created_at),
            last_used: p.last_used_at.map(format_datetime),
        })
        .collect())
}

/// Whether `user_id` has a passkey.
pub async fn has_any(conn: &impl ConnectionTrait, user_id: i32) -> Result<bool, AppError> {
    Ok(passkey::Entity::find().filter(passkey::Column::UserId.eq(user_id)).first(conn).await?.is_some())
}

/// Removes one of `actor`'s own passkeys. An account that must have a
/// second factor and has none left must enrol one before anything else.
pub async fn remove(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i32,
    now: DateTime<Utc>,
    ip: Option<String>,
) -> Result<(), AppError> {
    let txn = begin_exclusive(db).await?;
    let Some(found) =
        passkey::Entity::find_by_id(id).filter(passkey::Column::UserId.eq(actor.user_id.0)).first(&txn).await?
    else {
        return Err(AppError::NotFound);
    };
    passkey::Entity::delete_by_id(found.id).exec(&txn).await?;
    if actor.role.requires_second_factor()
        && !crate::server::second_factor::has_second_factor(&txn, actor.user_id.0).await?
    {
        user::Entity::update_many()
            .col_expr(user::Column::SecondFactorDue, sea_orm::sea_query::Expr::value(now))
            .filter(user::Column::Id.eq(actor.user_id.0))
            .exec(&txn)
            .await?;
    }
    let mut entry = AuditEntry::new(AuditAction::PasskeyRemoved, Some(actor.user_id.0), actor.login_id.as_str())
        .ip(ip)
        .target("user", actor.user_id.0.to_string());
    entry.detail = Some(serde_json::json!({ "name": found.name }));
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(())
}

/// Starts a sign-in: a challenge for any of this site's passkeys the
/// browser holds.
pub async fn start_login(db: &DatabaseConnection, rp: &Webauthn) -> Result<Started, AppError> {
    let (challenge, state) =
        rp.start_discoverable_authentication().map_err(|e| internal("passkey sign-in start", e))?;
    let mut options = serde_json::to_value(&challenge).map_err(|e| internal("passkey options", e))?;
    // A button the user pressed, not the autofill ("conditional") prompt.
    if let Some(map) = options.as_object_mut() {
        map.remove("mediation");
    }
    let state = serde_json::to_string(&state).map_err(|e| internal("passkey sign-in state", e))?;
    let ceremony = store_ceremony(db, LOGIN, None, state).await?;
    Ok(Started { ceremony, options })
}

/// A passkey sign-in as received from the browser.
pub struct PasskeyLoginAttempt {
    pub ceremony: String,
    pub credential: serde_json::Value,
    /// The login ID typed on the page, if any: the passkey must be its.
    pub login_id: String,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub device: Option<String>,
}

/// Finishes a sign-in and opens a session. Every refusal is
/// `Unauthenticated`, audited, and counted against the account concerned.
pub async fn finish_login(
    db: &DatabaseConnection,
    rp: &Webauthn,
    attempt: PasskeyLoginAttempt,
) -> Result<OpenedSession, AppError> {
    let now = Utc::now();
    let named = match attempt.login_id.trim() {
        "" => None,
        typed => match LoginId::parse(typed) {
            Ok(id) => Some(id),
            Err(_) => return refuse(db, None, None, now, attempt.ip).await,
        },
    };
    let state = claim_ceremony(db, &attempt.ceremony, LOGIN, None).await?;
    let credential = serde_json::from_value::<PublicKeyCredential>(attempt.credential).ok();
    let (state, credential) = match (state, credential) {
        (Some(state), Some(credential)) => (state, credential),
        _ => return refuse(db, None, named, now, attempt.ip).await,
    };
    let state: DiscoverableAuthentication =
        serde_json::from_str(&state).map_err(|e| internal("passkey sign-in state", e))?;
    // The credential the browser says it used, and the account it says it is for.
    let found = match rp.identify_discoverable_authentication(&credential) {
        Ok((handle, credential_id)) => {
            passkey::Entity::find()
                .filter(passkey::Column::CredentialId.eq(b64url(credential_id)))
                .filter(passkey::Column::UserHandle.eq(handle.to_string()))
                .first(db)
                .await?
        }
        Err(_) => None,
    };
    let Some(row) = found else {
        return refuse(db, None, named, now, attempt.ip).await;
    };
    let Some(u) = user::Entity::find_by_id(row.user_id).first(db).await? else {
        return refuse(db, None, named, now, attempt.ip).await;
    };
    if named.as_ref().is_some_and(|n| n.as_str() != u.login_id) {
        return refuse(db, None, named, now, attempt.ip).await;
    }
    let (device_key, known_device) = auth::device_of(db, attempt.device.as_deref(), u.id).await?;
    let usable = u.status == AccountStatus::Active
        && !u.migrated
        && (known_device || !crate::domain::auth::is_locked(u.locked_until, now));
    let mut key = match stored(&row) {
        Some(key) if usable => key,
        _ => return refuse(db, Some(u), None, now, attempt.ip).await,
    };
    let result = match rp.finish_discoverable_authentication_v2(&credential, state, &key) {
        Ok(result) => result,
        Err(e) => {
            tracing::info!(error = %e, user_id = u.id, "a passkey assertion did not verify");
            return refuse(db, Some(u), None, now, attempt.ip).await;
        }
    };
    let Some(actor) = auth::actor_from(&u) else {
        tracing::error!(user_id = u.id, "account has no valid scope for its role; login refused");
        return refuse(db, Some(u), None, now, attempt.ip).await;
    };
    key.update_credential(&result);
    let mut active = row.into_active_model();
    active.credential = Set(serde_json::to_string(&key).map_err(|e| internal("passkey", e))?);
    active.last_used_at = Set(Some(now));
    let txn = begin_exclusive(db).await?;
    active.update(&txn).await?;
    let opened = auth::open_session(
        &txn,
        u,
        actor,
        auth::SessionRequest { user_agent: attempt.user_agent, ip: attempt.ip, device_key, known_device },
        Some(serde_json::json!({ "method": "passkey" })),
    )
    .await?;
    txn.commit().await?;
    Ok(opened)
}

/// Refuses a sign-in: audited as `passkey.failed` and counted against the
/// account the passkey is of (`of`), or else the one whose ID was typed.
async fn refuse<T>(
    db: &DatabaseConnection,
    of: Option<user::Model>,
    named: Option<LoginId>,
    now: DateTime<Utc>,
    ip: Option<String>,
) -> Result<T, AppError> {
    let target = match (of, named) {
        (Some(u), _) => Some(u),
        (None, Some(id)) => user::Entity::find().filter(user::Column::LoginId.eq(id.as_str())).first(db).await?,
        (None, None) => None,
    };
    let txn = begin_exclusive(db).await?;
    let login_id = target.as_ref().map(|u| u.login_id.clone()).unwrap_or_default();
    let mut entry = AuditEntry::new(AuditAction::PasskeyFailed, target.as_ref().map(|u| u.id), login_id).ip(ip.clone());
    if let Some(u) = &target {
        entry = entry.target("user", u.id.to_string());
    }
    audit::record(&txn, entry).await?;
    if let Some(u) = target {
        auth::count_failure(&txn, u, now, ip).await?;
    }
    txn.commit().await?;
    Err(AppError::Unauthenticated)
}
