//! Account administration from the shell. (Issuance by mail and post, and the
//! administration screens, build on this.)

use crate::domain::error::AppError;
use crate::domain::ids::LoginId;
use crate::domain::jurisdiction::AccountStatus;
use crate::domain::locale::DateStyle;
use crate::domain::passwords;
use crate::domain::roles::Role;
use crate::i18n;
use crate::server::audit::{self, AuditAction, AuditEntry};
use crate::server::auth::Passwords;
use crate::server::db::begin_exclusive;
use crate::server::entities::user;
use crate::server::errors::db_error;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::NotSet, DatabaseConnection, EntityTrait, Set};

/// A new account row without scope columns: set the one its role needs.
/// With a password hash it is active; without, it awaits its holder's password.
pub(crate) fn new_user(
    login_id: &str,
    role: Role,
    display_name: &str,
    email: Option<String>,
    password_hash: Option<String>,
    now: DateTime<Utc>,
) -> user::ActiveModel {
    let status = if password_hash.is_some() { AccountStatus::Active } else { AccountStatus::AwaitingPassword };
    user::ActiveModel {
        id: NotSet,
        login_id: Set(login_id.to_owned()),
        role: Set(role),
        display_name: Set(display_name.to_owned()),
        email: Set(email),
        prefecture_code: Set(None),
        municipality_code: Set(None),
        facility_id: Set(None),
        centre_id: Set(None),
        aggregator_id: Set(None),
        password_changed_at: Set(password_hash.as_ref().map(|_| now)),
        password_hash: Set(password_hash),
        status: Set(status),
        migrated: Set(false),
        failed_logins: Set(0),
        locked_until: Set(None),
        created_at: Set(now),
        second_factor_due: Set(None),
        notice_mail: Set(false),
        lang: Set(None),
        date_style: Set(DateStyle::Western.code().to_owned()),
    }
}

/// Creates an active ministry administrator (`gmis create-admin`), for the
/// first login of a fresh installation. Refuses a taken ID or a weak password.
pub async fn create_admin(
    db: &DatabaseConnection,
    passwords: &Passwords,
    login_id: &str,
    display_name: &str,
    password: String,
) -> Result<i32, AppError> {
    let login_id =
        LoginId::parse(login_id).map_err(|_| AppError::field("login_id", i18n::t().accounts().login_id_invalid))?;
    passwords::check(&password, &[login_id.as_str(), display_name])
        .map_err(|p| AppError::field("password", p.message()))?;
    let hash = passwords.hash(password).await?;
    let now = Utc::now();
    let txn = begin_exclusive(db).await?;
    let id =
        user::Entity::insert(new_user(login_id.as_str(), Role::MinistryAdmin, display_name, None, Some(hash), now))
            .exec(&txn)
            .await
            .map_err(|e| db_error(e, Some(i18n::t().accounts().login_id_taken)))?
            .last_insert_id;
    let entry = AuditEntry::new(AuditAction::AccountCreated, None, "cli").target("user", id.to_string());
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(id)
}
