//! A user's own account: changing the password (the current one re-entered),
//! the recent logins, the sessions open on other devices, and the choice of
//! a mail about new notices.

use crate::domain::account::{LoginRecord, NoticeMailChoice, SessionInfo, describe_user_agent, is_session_handle};
use crate::domain::auth::session_is_live;
use crate::domain::error::AppError;
use crate::domain::ids::UserId;
use crate::domain::locale::{DateStyle, DisplayChoice, Lang};
use crate::domain::passwords::{self, PasswordProblem};
use crate::domain::roles::Actor;
use crate::domain::time::format_datetime;
use crate::server::audit::{self, AuditAction, AuditEntry};
use crate::server::auth::{CurrentSession, Passwords};
use crate::server::db::begin_exclusive;
use crate::server::entities::{audit_log, session, user};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use std::collections::HashMap;

/// Why a password change was refused (nothing changed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeRefusal {
    WrongCurrent,
    Mismatch,
    Policy(PasswordProblem),
}

impl ChangeRefusal {
    pub fn code(self) -> &'static str {
        match self {
            ChangeRefusal::WrongCurrent => "current",
            ChangeRefusal::Mismatch => "mismatch",
            ChangeRefusal::Policy(p) => p.code(),
        }
    }
}

/// Changes the password of the session's user. The user's other sessions
/// end; this one stays.
pub async fn change_password(
    db: &DatabaseConnection,
    passwords: &Passwords,
    current_session: &CurrentSession,
    current: String,
    new: String,
    confirmation: &str,
    ip: Option<String>,
) -> Result<Result<(), ChangeRefusal>, AppError> {
    let actor = &current_session.actor;
    let Some(account) = user::Entity::find_by_id(actor.user_id.0).one(db).await? else {
        return Err(AppError::Unauthenticated);
    };
    if !passwords.verify(account.password_hash.clone(), current).await? {
        // A wrong current password counts toward the lock like a failed
        // login: a stolen session must not become an unlimited guessing
        // oracle. Reaching the lock also ends every session of the account.
        let txn = begin_exclusive(db).await?;
        let (user_id, login_id) = (account.id, account.login_id.clone());
        let entry = AuditEntry::new(AuditAction::PasswordChangeRefused, Some(user_id), login_id).ip(ip.clone());
        audit::record(&txn, entry).await?;
        if crate::server::auth::count_failure(&txn, account, Utc::now(), ip).await? {
            crate::server::auth::end_sessions_of(&txn, actor.user_id).await?;
        }
        txn.commit().await?;
        return Ok(Err(ChangeRefusal::WrongCurrent));
    }
    if new != confirmation {
        return Ok(Err(ChangeRefusal::Mismatch));
    }
    if let Err(p) = passwords::check(&new, &[&account.login_id, &account.display_name]) {
        return Ok(Err(ChangeRefusal::Policy(p)));
    }
    let hash = passwords.hash(new).await?;
    let txn = begin_exclusive(db).await?;
    let (user_id, login_id) = (account.id, account.login_id.clone());
    let mut active = account.into_active_model();
    active.password_hash = Set(Some(hash));
    active.password_changed_at = Set(Some(Utc::now()));
    active.update(&txn).await?;
    session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::Id.ne(current_session.key.clone()))
        .exec(&txn)
        .await?;
    audit::record(&txn, AuditEntry::new(AuditAction::PasswordChanged, Some(user_id), login_id).ip(ip)).await?;
    txn.commit().await?;
    Ok(Ok(()))
}

/// The user's last `limit` login attempts, newest first.
pub async fn recent_logins(db: &DatabaseConnection, actor: &Actor, limit: u64) -> Result<Vec<LoginRecord>, AppError> {
    let rows = audit_log::Entity::find()
        .filter(audit_log::Column::ActorUserId.eq(actor.user_id.0))
        .filter(audit_log::Column::Action.is_in([AuditAction::LoginSucceeded.code(), AuditAction::LoginFailed.code()]))
        .order_by_desc(audit_log::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| LoginRecord {
            at: format_datetime(r.at),
            succeeded: r.action == AuditAction::LoginSucceeded.code(),
            ip: r.ip,
        })
        .collect())
}

/// The live sessions of each of `user_ids`, the most recently used first.
/// `current` is the key of the asker's own session, marked in the list.
pub async fn sessions_of(
    db: &impl ConnectionTrait,
    user_ids: &[i32],
    current: Option<&str>,
    now: DateTime<Utc>,
) -> Result<HashMap<i32, Vec<SessionInfo>>, AppError> {
    let mut by_user: HashMap<i32, Vec<SessionInfo>> = HashMap::new();
    if user_ids.is_empty() {
        return Ok(by_user);
    }
    let rows = session::Entity::find()
        .filter(session::Column::UserId.is_in(user_ids.iter().copied()))
        .order_by_desc(session::Column::LastSeenAt)
        .all(db)
        .await?;
    let t = crate::i18n::t().sessions();
    for s in rows.into_iter().filter(|s| session_is_live(s.created_at, s.last_seen_at, now)) {
        by_user.entry(s.user_id).or_default().push(SessionInfo {
            handle: s.id.chars().take(crate::domain::account::SESSION_HANDLE_LEN).collect(),
            device: s
                .user_agent
                .as_deref()
                .and_then(describe_user_agent)
                .unwrap_or_else(|| t.unknown_device.to_owned()),
            ip: s.ip,
            started: format_datetime(s.created_at),
            last_seen: format_datetime(s.last_seen_at),
            current: current == Some(s.id.as_str()),
        });
    }
    // The asker's own session first, then the most recently used.
    for list in by_user.values_mut() {
        list.sort_by_key(|s| !s.current);
    }
    Ok(by_user)
}

/// Which of an account's sessions to end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ending {
    /// The one whose handle this is ([`SessionInfo::handle`]).
    One(String),
    /// All but the asker's own session.
    AllBut(String),
    All,
}

/// Ends sessions of `user_id` for `actor` (the user, or an administrator
/// whose role the caller checked), audited with how many. Refused, changing
/// nothing: a malformed handle, or one that names no live session of the
/// account.
pub async fn end_sessions(
    db: &DatabaseConnection,
    actor: &Actor,
    user_id: UserId,
    ending: Ending,
    ip: Option<String>,
) -> Result<u64, AppError> {
    let t = crate::i18n::t().sessions();
    let mut delete = session::Entity::delete_many().filter(session::Column::UserId.eq(user_id.0));
    let which = match &ending {
        Ending::One(handle) => {
            if !is_session_handle(handle) {
                return Err(AppError::field("handle", t.handle_invalid));
            }
            // Hex digits only (checked above): nothing in it is a pattern.
            delete = delete.filter(session::Column::Id.starts_with(handle.as_str()));
            "one"
        }
        Ending::AllBut(current) => {
            delete = delete.filter(session::Column::Id.ne(current.as_str()));
            "others"
        }
        Ending::All => "all",
    };
    let txn = begin_exclusive(db).await?;
    let ended = delete.exec(&txn).await?.rows_affected;
    if ended == 0 {
        return match ending {
            Ending::One(_) => Err(AppError::field("handle", t.already_ended)),
            _ => Ok(0),
        };
    }
    let mut entry = AuditEntry::new(AuditAction::SessionsEnded, Some(actor.user_id.0), actor.login_id.as_str())
        .ip(ip)
        .target("user", user_id.0.to_string());
    entry.detail = Some(serde_json::json!({ "which": which, "sessions": ended }));
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(ended)
}

/// Whether the user asked for a mail about new notices for their role.
pub async fn notice_mail(db: &DatabaseConnection, actor: &Actor) -> Result<NoticeMailChoice, AppError> {
    let u = user::Entity::find_by_id(actor.user_id.0).one(db).await?.ok_or(AppError::Unauthenticated)?;
    Ok(NoticeMailChoice { on: u.notice_mail, has_email: u.email.is_some() })
}

/// Records the user's choice of a mail about new notices. The form sends
/// `1` for on and nothing for off; anything else is refused.
pub async fn set_notice_mail(
    state: &crate::server::context::AppState,
    actor: &Actor,
    on: &str,
) -> Result<NoticeMailChoice, AppError> {
    let on = match on {
        "1" => true,
        "" => false,
        _ => return Err(AppError::BadRequest),
    };
    let txn = state.writer.begin().await?;
    let u = user::Entity::find_by_id(actor.user_id.0).one(&txn).await?.ok_or(AppError::Unauthenticated)?;
    let has_email = u.email.is_some();
    if u.notice_mail != on {
        let mut active = u.into_active_model();
        active.notice_mail = Set(on);
        active.update(&txn).await?;
    }
    txn.commit().await?;
    Ok(NoticeMailChoice { on, has_email })
}

/// Records the user's language (`ja`, `en`, or empty to follow the
/// browser) and date style (`western` or `wareki`). Anything else is
/// refused and nothing changes.
pub async fn set_display(
    state: &crate::server::context::AppState,
    actor: &Actor,
    lang: &str,
    dates: &str,
) -> Result<DisplayChoice, AppError> {
    let lang = match lang.trim() {
        "" => None,
        code => Some(Lang::parse(code).ok_or(AppError::BadRequest)?),
    };
    let dates = DateStyle::parse(dates).ok_or(AppError::BadRequest)?;
    let txn = state.writer.begin().await?;
    let u = user::Entity::find_by_id(actor.user_id.0).one(&txn).await?.ok_or(AppError::Unauthenticated)?;
    let mut active = u.into_active_model();
    active.lang = Set(lang.map(|l| l.code().to_owned()));
    active.date_style = Set(dates.code().to_owned());
    active.update(&txn).await?;
    txn.commit().await?;
    Ok(DisplayChoice { lang, dates })
}
