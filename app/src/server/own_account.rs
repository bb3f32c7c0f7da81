//! A user's own account: changing the password (the current one re-entered)
//! and the recent logins.

use crate::domain::account::LoginRecord;
use crate::domain::error::AppError;
use crate::domain::passwords::{self, PasswordProblem};
use crate::domain::roles::Actor;
use crate::domain::time::format_datetime_ja;
use crate::server::audit::{self, AuditAction, AuditEntry};
use crate::server::auth::{CurrentSession, Passwords};
use crate::server::entities::{audit_log, session, user};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionTrait,
};

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
        let txn = db.begin().await?;
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
    let txn = db.begin().await?;
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
            at: format_datetime_ja(r.at),
            succeeded: r.action == AuditAction::LoginSucceeded.code(),
            ip: r.ip,
        })
        .collect())
}
