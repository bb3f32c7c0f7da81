//! Account administration from the shell. (Issuance by mail and post, and the
//! administration screens, build on this.)

use crate::domain::error::{AppError, FieldErrors};
use crate::domain::ids::LoginId;
use crate::domain::jurisdiction::AccountStatus;
use crate::domain::passwords;
use crate::domain::roles::Role;
use crate::i18n;
use crate::server::audit::{self, AuditAction, AuditEntry};
use crate::server::auth::Passwords;
use crate::server::entities::user;
use crate::server::errors::db_error;
use chrono::Utc;
use sea_orm::{ActiveValue::NotSet, DatabaseConnection, EntityTrait, Set, TransactionTrait};

fn field_error(field: &str, message: &str) -> AppError {
    AppError::Validation(FieldErrors::from([(field.to_owned(), message.to_owned())]))
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
    let login_id = LoginId::parse(login_id).map_err(|_| field_error("login_id", i18n::t().login_id_invalid))?;
    passwords::check(&password, &[login_id.as_str(), display_name])
        .map_err(|p| field_error("password", p.message()))?;
    let hash = passwords.hash(password).await?;
    let now = Utc::now();
    let txn = db.begin().await?;
    let id = user::Entity::insert(user::ActiveModel {
        id: NotSet,
        login_id: Set(login_id.as_str().to_owned()),
        role: Set(Role::MinistryAdmin),
        display_name: Set(display_name.to_owned()),
        email: Set(None),
        prefecture_code: Set(None),
        municipality_code: Set(None),
        facility_id: Set(None),
        centre_id: Set(None),
        aggregator_id: Set(None),
        password_hash: Set(Some(hash)),
        status: Set(AccountStatus::Active),
        migrated: Set(false),
        failed_logins: Set(0),
        locked_until: Set(None),
        password_changed_at: Set(Some(now)),
        created_at: Set(now),
    })
    .exec(&txn)
    .await
    .map_err(|e| db_error(e, Some(i18n::t().login_id_taken)))?
    .last_insert_id;
    let entry = AuditEntry::new(AuditAction::AccountCreated, None, "cli").target("user", id.to_string());
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(id)
}
