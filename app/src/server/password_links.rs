//! One-time links that set or reset a password (SPEC §2).
//!
//! [`issue_link`] voids the account's older links, stores the SHA-256 of a
//! fresh 256-bit token and writes the mail into the outbox, all in the
//! caller's transaction. [`set_password`] uses a link once: it checks the
//! policy, stores the argon2id hash, ends every session of the account and
//! never logs anyone in. [`request_reset`] ("forgot password") answers the
//! same whatever the ID, and mails at most a few links an hour per account.

use crate::domain::error::{AppError, FieldErrors};
use crate::domain::ids::LoginId;
use crate::domain::jurisdiction::AccountStatus;
use crate::domain::passwords::{self, PasswordProblem};
use crate::domain::time::format_datetime;
use crate::domain::tokens::{TokenPurpose, is_usable, may_send_reset};
use crate::i18n;
use crate::server::audit::{self, AuditAction, AuditEntry};
use crate::server::auth::{Passwords, end_sessions_of, new_token, token_hash};
use crate::server::db::begin_exclusive;
use crate::server::entities::{password_token, user};
use crate::server::mail::{OutgoingMail, enqueue};
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, QuerySelect, Set,
};

/// Why a password could not be set; each has its catalogue message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetPasswordRefusal {
    /// Unknown, used, replaced or expired link (one answer for all four).
    InvalidLink,
    Mismatch,
    Policy(PasswordProblem),
}

impl SetPasswordRefusal {
    /// A short code for the page's query string.
    pub fn code(self) -> &'static str {
        match self {
            SetPasswordRefusal::InvalidLink => "invalid",
            SetPasswordRefusal::Mismatch => "mismatch",
            SetPasswordRefusal::Policy(p) => p.code(),
        }
    }
}

/// Creates a link of `purpose` for `account` and mails it (when the account
/// has an address) through the outbox, inside `conn`'s transaction.
pub async fn issue_link(
    conn: &impl ConnectionTrait,
    account: &user::Model,
    purpose: TokenPurpose,
    public_url: &str,
) -> Result<(), AppError> {
    let now = Utc::now();
    password_token::Entity::update_many()
        .col_expr(password_token::Column::VoidedAt, Expr::value(now))
        .filter(password_token::Column::UserId.eq(account.id))
        .filter(password_token::Column::UsedAt.is_null())
        .filter(password_token::Column::VoidedAt.is_null())
        .exec(conn)
        .await?;
    let token = new_token();
    let expires_at = now + purpose.lifetime();
    password_token::Entity::insert(password_token::ActiveModel {
        id: NotSet,
        user_id: Set(account.id),
        purpose: Set(purpose),
        token_hash: Set(token_hash(&token)),
        created_at: Set(now),
        expires_at: Set(expires_at),
        used_at: Set(None),
        voided_at: Set(None),
    })
    .exec_without_returning(conn)
    .await?;
    if let Some(to) = account.email.clone() {
        let mail = i18n::in_locale(crate::server::auth::mail_locale(account), || {
            let t = i18n::t();
            let (subject, template) = match purpose {
                TokenPurpose::Issue => (t.accounts().mail_issue_subject, t.accounts().mail_issue_body),
                TokenPurpose::Reset => (t.accounts().mail_reset_subject, t.accounts().mail_reset_body),
            };
            let body = template
                .replace("{name}", &account.display_name)
                .replace("{login_id}", &account.login_id)
                .replace("{link}", &format!("{public_url}/password/set?token={token}"))
                .replace("{expires}", &format_datetime(expires_at));
            OutgoingMail { to, subject: subject.to_owned(), body }
        });
        enqueue(conn, mail).await?;
    }
    Ok(())
}

/// The live link row of `token`, if any.
async fn live_link(conn: &impl ConnectionTrait, token: &str) -> Result<Option<password_token::Model>, AppError> {
    let row = password_token::Entity::find()
        .filter(password_token::Column::TokenHash.eq(token_hash(token)))
        .one(conn)
        .await?;
    Ok(row.filter(|r| is_usable(r.expires_at, r.used_at, r.voided_at.is_some(), Utc::now())))
}

/// The login ID a link is for, shown on the password page; `None` for a
/// link that cannot be used.
pub async fn link_login_id(db: &DatabaseConnection, token: &str) -> Result<Option<String>, AppError> {
    let Some(link) = live_link(db, token).await? else { return Ok(None) };
    Ok(user::Entity::find_by_id(link.user_id).one(db).await?.map(|u| u.login_id))
}

/// Sets the password through a link. On success the link is spent, the
/// account is active and unlocked, and all its sessions are ended.
pub async fn set_password(
    db: &DatabaseConnection,
    passwords: &Passwords,
    token: &str,
    password: String,
    confirmation: &str,
    ip: Option<String>,
) -> Result<Result<(), SetPasswordRefusal>, AppError> {
    let Some(link) = live_link(db, token).await? else { return Ok(Err(SetPasswordRefusal::InvalidLink)) };
    let Some(account) = user::Entity::find_by_id(link.user_id).one(db).await? else {
        return Ok(Err(SetPasswordRefusal::InvalidLink));
    };
    if account.status == AccountStatus::Disabled {
        return Ok(Err(SetPasswordRefusal::InvalidLink));
    }
    if password != confirmation {
        return Ok(Err(SetPasswordRefusal::Mismatch));
    }
    if let Err(p) = passwords::check(&password, &[&account.login_id, &account.display_name]) {
        return Ok(Err(SetPasswordRefusal::Policy(p)));
    }
    let hash = passwords.hash(password).await?;
    let now = Utc::now();
    let txn = begin_exclusive(db).await?;
    // Spend the link only if nobody else did meanwhile (two tabs, two clicks).
    let spent = password_token::Entity::update_many()
        .col_expr(password_token::Column::UsedAt, Expr::value(now))
        .filter(password_token::Column::Id.eq(link.id))
        .filter(password_token::Column::UsedAt.is_null())
        .filter(password_token::Column::VoidedAt.is_null())
        .exec(&txn)
        .await?;
    if spent.rows_affected != 1 {
        return Ok(Err(SetPasswordRefusal::InvalidLink));
    }
    let user_id = account.id;
    let login_id = account.login_id.clone();
    let mut active = account.into_active_model();
    active.password_hash = Set(Some(hash));
    active.status = Set(AccountStatus::Active);
    active.migrated = Set(false);
    active.failed_logins = Set(0);
    active.locked_until = Set(None);
    active.password_changed_at = Set(Some(now));
    active.update(&txn).await?;
    end_sessions_of(&txn, crate::domain::ids::UserId(user_id)).await?;
    let mut entry =
        AuditEntry::new(AuditAction::PasswordSet, Some(user_id), login_id).ip(ip).target("user", user_id.to_string());
    entry.detail = Some(serde_json::json!({ "purpose": format!("{:?}", link.purpose) }));
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(Ok(()))
}

/// How long a "forgot password" request takes at least, whether or not the
/// ID exists: the known-ID path writes a link and a mail, the unknown one
/// nothing, and the time must not tell them apart.
const RESET_ANSWER_TIME: std::time::Duration = std::time::Duration::from_millis(400);

/// "Forgot password": mails a reset link if `login_id` names an account that
/// has an address, is not disabled, and has not had too many links this
/// hour. The caller answers the same in every case, after the same time.
pub async fn request_reset(
    db: &DatabaseConnection,
    login_id: &str,
    public_url: &str,
    ip: Option<String>,
) -> Result<(), AppError> {
    let answer_at = tokio::time::Instant::now() + RESET_ANSWER_TIME;
    let result = reset_if_allowed(db, login_id, public_url, ip).await;
    tokio::time::sleep_until(answer_at).await;
    result
}

async fn reset_if_allowed(
    db: &DatabaseConnection,
    login_id: &str,
    public_url: &str,
    ip: Option<String>,
) -> Result<(), AppError> {
    let Ok(id) = LoginId::parse(login_id) else { return Ok(()) };
    let Some(account) = user::Entity::find().filter(user::Column::LoginId.eq(id.as_str())).one(db).await? else {
        return Ok(());
    };
    if account.status == AccountStatus::Disabled || account.email.is_none() {
        return Ok(());
    }
    let now = Utc::now();
    // The hourly limit is counted and the link written under one lock, so
    // that concurrent requests cannot all pass the count.
    let txn = crate::server::db::begin_exclusive(db).await?;
    user::Entity::find_by_id(account.id).lock_exclusive().one(&txn).await?;
    let recent: Vec<_> = password_token::Entity::find()
        .filter(password_token::Column::UserId.eq(account.id))
        .filter(password_token::Column::Purpose.eq(TokenPurpose::Reset))
        .filter(password_token::Column::CreatedAt.gt(now - crate::domain::tokens::RESET_WINDOW))
        .all(&txn)
        .await?
        .into_iter()
        .map(|t| t.created_at)
        .collect();
    let action = if may_send_reset(&recent, now) {
        issue_link(&txn, &account, TokenPurpose::Reset, public_url).await?;
        AuditAction::PasswordResetRequested
    } else {
        AuditAction::PasswordResetThrottled
    };
    let entry = AuditEntry::new(action, Some(account.id), account.login_id.clone()).ip(ip);
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(())
}

/// Per-field errors for a refusal (for server functions and the API).
pub fn refusal_fields(r: SetPasswordRefusal) -> FieldErrors {
    let field = if r == SetPasswordRefusal::InvalidLink { "token" } else { "password" };
    FieldErrors::from([(
        field.to_owned(),
        crate::domain::tokens::set_password_error_message(r.code()).unwrap_or_default().to_owned(),
    )])
}
