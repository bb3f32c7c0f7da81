//! Account administration for ministry administrators: search, and the
//! actions on one account (mail a new password link, unlock, disable,
//! correct its e-mail address).
//! Every action is audited with the acting administrator.

use crate::domain::account::{AccountState, AccountSummary};
use crate::domain::accounts::is_plausible_email;
use crate::domain::auth::is_locked;
use crate::domain::error::AppError;
use crate::domain::ids::{PrefectureCode, UserId};
use crate::domain::jurisdiction::AccountStatus;
use crate::domain::roles::{Actor, Role};
use crate::domain::tokens::TokenPurpose;
use crate::server::audit::{self, AuditAction, AuditEntry};
use crate::server::auth::end_sessions_of;
use crate::server::authz::require_role;
use crate::server::db::begin_exclusive;
use crate::server::entities::{aggregator, centre, facility, user};
use crate::server::letters::queue_letter;
use crate::server::mail::{self, OutgoingMail};
use crate::server::own_account::{Ending, sessions_of};
use crate::server::password_links::issue_link;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Condition, LikeExpr, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

/// At most this many accounts are listed per search.
pub const SEARCH_LIMIT: u64 = 100;

/// Where an account stands at `now`.
pub fn state_of(u: &user::Model, now: DateTime<Utc>) -> AccountState {
    match u.status {
        AccountStatus::Disabled => AccountState::Disabled,
        AccountStatus::AwaitingPassword => AccountState::AwaitingPassword,
        AccountStatus::Active if u.migrated => AccountState::AwaitingPassword,
        AccountStatus::Active if is_locked(u.locked_until, now) => AccountState::Locked,
        AccountStatus::Active => AccountState::Active,
    }
}

/// Accounts whose login ID or name contains `q`, in `prefecture` when it is
/// not empty (the officer's own, or that of the facility, centre or
/// association the account belongs to).
pub async fn search(
    db: &DatabaseConnection,
    actor: &Actor,
    q: &str,
    prefecture: &str,
) -> Result<Vec<AccountSummary>, AppError> {
    require_role(db, actor, &[Role::MinistryAdmin], "accounts.search").await?;
    let prefecture = match prefecture.trim() {
        "" => None,
        p => Some(
            PrefectureCode::parse(p)
                .map_err(|_| AppError::field("prefecture", crate::i18n::t().accounts().prefecture_invalid))?,
        ),
    };
    let mut query = user::Entity::find().order_by_asc(user::Column::LoginId).limit(SEARCH_LIMIT);
    let q = q.trim();
    if !q.is_empty() {
        query = query.filter(
            Condition::any()
                .add(user::Column::LoginId.like(containing(q)))
                .add(user::Column::DisplayName.like(containing(q))),
        );
    }
    if let Some(p) = &prefecture {
        query = query.filter(users_in_prefecture(p.as_str()));
    }
    let now = Utc::now();
    let users = query.all(db).await?;
    let ids: Vec<i32> = users.iter().map(|u| u.id).collect();
    let mut sessions = sessions_of(db, &ids, None, now).await?;
    let mut out = Vec::new();
    for u in users {
        out.push(AccountSummary {
            sessions: sessions.remove(&u.id).unwrap_or_default(),
            user_id: u.id,
            login_id: u.login_id.clone(),
            name: u.display_name.clone(),
            role: u.role,
            prefecture: prefecture_of(db, &u).await?,
            state: state_of(&u, now),
            email: u.email.clone(),
        });
    }
    Ok(out)
}

/// The accounts of prefecture `code` (a condition on `users`): its
/// officers, the officers of its municipalities, and the accounts of its
/// facilities, centres and associations. The account search and the audit
/// trail viewer both scope by it.
pub(crate) fn users_in_prefecture(code: &str) -> Condition {
    let code = code.to_owned();
    Condition::any()
        .add(user::Column::PrefectureCode.eq(code.clone()))
        .add(user::Column::MunicipalityCode.starts_with(code.clone()))
        .add(
            user::Column::FacilityId.in_subquery(
                Query::select()
                    .column(facility::Column::Id)
                    .from(facility::Entity)
                    .and_where(facility::Column::PrefectureCode.eq(code.clone()))
                    .to_owned(),
            ),
        )
        .add(
            user::Column::CentreId.in_subquery(
                Query::select()
                    .column(centre::Column::Id)
                    .from(centre::Entity)
                    .and_where(centre::Column::PrefectureCode.eq(code.clone()))
                    .to_owned(),
            ),
        )
        .add(
            user::Column::AggregatorId.in_subquery(
                Query::select()
                    .column(aggregator::Column::Id)
                    .from(aggregator::Entity)
                    .and_where(aggregator::Column::PrefectureCode.eq(code))
                    .to_owned(),
            ),
        )
}

/// The prefecture an account belongs to (none for national accounts).
pub(crate) async fn prefecture_of(
    db: &impl sea_orm::ConnectionTrait,
    u: &user::Model,
) -> Result<Option<String>, AppError> {
    if let Some(p) = &u.prefecture_code {
        return Ok(Some(p.clone()));
    }
    if let Some(m) = &u.municipality_code {
        return Ok(Some(m[..2].to_owned()));
    }
    Ok(match (u.facility_id, u.centre_id, u.aggregator_id) {
        (Some(id), _, _) => facility::Entity::find_by_id(id).one(db).await?.map(|f| f.prefecture_code),
        (_, Some(id), _) => centre::Entity::find_by_id(id).one(db).await?.map(|c| c.prefecture_code),
        (_, _, Some(id)) => aggregator::Entity::find_by_id(id).one(db).await?.map(|a| a.prefecture_code),
        _ => None,
    })
}

/// What an administrator does to one account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccountAction {
    /// Mail a new 72-hour password link (and queue a letter when the
    /// account has no address); older links stop working.
    ResendLink,
    Unlock,
    /// No more logins; every session ends.
    Disable,
}

/// Applies `action` to account `user_id`.
pub async fn apply(
    db: &DatabaseConnection,
    actor: &Actor,
    user_id: i32,
    action: AccountAction,
    public_url: &str,
) -> Result<(), AppError> {
    require_role(db, actor, &[Role::MinistryAdmin], "accounts.action").await?;
    let account = user::Entity::find_by_id(user_id).one(db).await?.ok_or(AppError::NotFound)?;
    if action == AccountAction::Disable && account.id == actor.user_id.0 {
        return Err(AppError::Conflict(crate::i18n::t().accounts().cannot_disable_self.to_owned()));
    }
    let txn = begin_exclusive(db).await?;
    let audit_action = match action {
        AccountAction::ResendLink => {
            if account.status == AccountStatus::Disabled {
                return Err(AppError::Conflict(crate::i18n::t().accounts().account_is_disabled.to_owned()));
            }
            issue_link(&txn, &account, TokenPurpose::Issue, public_url).await?;
            if account.email.is_none() {
                queue_letter(&txn, account.id).await?;
            }
            AuditAction::LinkResent
        }
        AccountAction::Unlock => {
            let mut a = account.clone().into_active_model();
            a.failed_logins = Set(0);
            a.locked_until = Set(None);
            a.update(&txn).await?;
            AuditAction::AccountUnlocked
        }
        AccountAction::Disable => {
            let mut a = account.clone().into_active_model();
            a.status = Set(AccountStatus::Disabled);
            a.update(&txn).await?;
            end_sessions_of(&txn, UserId(account.id)).await?;
            AuditAction::AccountDisabled
        }
    };
    let entry = AuditEntry::new(audit_action, Some(actor.user_id.0), actor.login_id.as_str())
        .target("user", account.id.to_string());
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(())
}

/// Ends the session `handle` of account `user_id`, or all its sessions when
/// `handle` is empty (ministry administrators). Returns how many ended.
pub async fn end_sessions(
    db: &DatabaseConnection,
    actor: &Actor,
    user_id: i32,
    handle: String,
) -> Result<u64, AppError> {
    require_role(db, actor, &[Role::MinistryAdmin], "accounts.sessions").await?;
    let account = user::Entity::find_by_id(user_id).one(db).await?.ok_or(AppError::NotFound)?;
    let ending = if handle.is_empty() { Ending::All } else { Ending::One(handle) };
    crate::server::own_account::end_sessions(db, actor, UserId(account.id), ending, None).await
}

/// Corrects the e-mail address of account `user_id` (ministry
/// administrators). The change is audited with the old and the new address,
/// and both addresses are told (the old one can say it was not asked for;
/// the new one learns what it now receives), each seeing the new address
/// masked. A malformed address, or the one already on file, changes nothing.
pub async fn change_email(db: &DatabaseConnection, actor: &Actor, user_id: i32, email: &str) -> Result<(), AppError> {
    require_role(db, actor, &[Role::MinistryAdmin], "accounts.email").await?;
    let t = crate::i18n::t();
    let email = email.trim();
    if !is_plausible_email(email) {
        return Err(AppError::field("email", t.accounts().email_invalid));
    }
    let account = user::Entity::find_by_id(user_id).one(db).await?.ok_or(AppError::NotFound)?;
    if account.email.as_deref() == Some(email) {
        return Err(AppError::field("email", t.accounts().email_unchanged));
    }
    let txn = begin_exclusive(db).await?;
    let mut a = account.clone().into_active_model();
    a.email = Set(Some(email.to_owned()));
    a.update(&txn).await?;
    // Written in the account holder's language, not the administrator's.
    let (subject, body) = crate::i18n::in_locale(crate::server::auth::mail_locale(&account), || {
        let t = crate::i18n::t();
        let body = t
            .accounts()
            .mail_email_changed_body
            .replace("{name}", &account.display_name)
            .replace("{login_id}", &account.login_id)
            .replace("{new}", &masked(email));
        (t.accounts().mail_email_changed_subject, body)
    });
    for to in account.email.iter().map(String::as_str).chain([email]) {
        let mail = OutgoingMail { to: to.to_owned(), subject: subject.to_owned(), body: body.clone() };
        mail::enqueue(&txn, mail).await?;
    }
    let mut entry = AuditEntry::new(AuditAction::EmailChanged, Some(actor.user_id.0), actor.login_id.as_str())
        .target("user", account.id.to_string());
    entry.detail = Some(serde_json::json!({ "email": { "old": account.email, "new": email } }));
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(())
}

/// `a***@example.jp`: enough for its owner to recognise, little for anyone else.
fn masked(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => format!("{}***@{domain}", local.chars().next().unwrap_or('*')),
        None => "***".to_owned(),
    }
}

/// `LIKE` pattern for text containing `q` as typed: `%` and `_` in a search
/// are characters, not wildcards.
pub(crate) fn containing(q: &str) -> LikeExpr {
    let mut pattern = String::with_capacity(q.len() + 2);
    pattern.push('%');
    for c in q.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    LikeExpr::new(pattern).escape('\\')
}

#[cfg(test)]
mod tests {
    use super::masked;

    #[test]
    fn a_told_address_is_masked() {
        assert_eq!(masked("new.clerk@clinic.example.jp"), "n***@clinic.example.jp");
        assert_eq!(masked("ｘ@example.jp"), "ｘ***@example.jp");
    }
}
