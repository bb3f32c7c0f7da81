//! The print queue of postal letters (ministry administrators only).

use crate::domain::error::AppError;
use crate::domain::letters::Letter;
use crate::domain::roles::{Actor, Role};
use crate::domain::time::format_datetime;
use crate::server::audit::{self, AuditAction, AuditEntry};
use crate::server::authz::require_role;
use crate::server::db::begin_exclusive;
use crate::server::entities::{facility, letter, user};
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::NotSet, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
};

/// Puts a letter for account `user_id` into the print queue (inside the
/// caller's transaction).
pub async fn queue_letter(conn: &impl ConnectionTrait, user_id: i32) -> Result<(), AppError> {
    letter::Entity::insert(letter::ActiveModel {
        id: NotSet,
        user_id: Set(user_id),
        created_at: Set(Utc::now()),
        printed_at: Set(None),
        printed_by: Set(None),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// Letters waiting to be printed (`printed = false`), or only those in `ids`
/// when given (printed or not), oldest first.
pub async fn letters(
    db: &DatabaseConnection,
    actor: &Actor,
    ids: Option<&[i32]>,
    public_url: &str,
) -> Result<Vec<Letter>, AppError> {
    require_role(db, actor, &[Role::MinistryAdmin], "letters").await?;
    let mut query = letter::Entity::find().order_by_asc(letter::Column::Id);
    query = match ids {
        Some(ids) => query.filter(letter::Column::Id.is_in(ids.iter().copied())),
        None => query.filter(letter::Column::PrintedAt.is_null()),
    };
    let rows = query.all(db).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let Some(account) = user::Entity::find_by_id(row.user_id).one(db).await? else { continue };
        let place = match account.facility_id {
            Some(id) => facility::Entity::find_by_id(id).one(db).await?,
            None => None,
        };
        // Printed in the holder's language (Japanese unless they chose
        // English), whatever the administrator who prints reads.
        let lang = crate::server::auth::mail_locale(&account).lang;
        out.push(Letter {
            lang,
            id: row.id,
            login_id: account.login_id,
            name: account.display_name,
            postal_code: place.as_ref().and_then(|f| f.postal_code.clone()),
            address: place.map(|f| f.address),
            queued_at: format_datetime(row.created_at),
            printed: row.printed_at.is_some(),
            setup_url: format!("{public_url}/password/forgot"),
        });
    }
    Ok(out)
}

/// Marks letters printed; returns how many changed.
pub async fn mark_printed(db: &DatabaseConnection, actor: &Actor, ids: &[i32]) -> Result<u64, AppError> {
    require_role(db, actor, &[Role::MinistryAdmin], "letters.mark_printed").await?;
    let txn = begin_exclusive(db).await?;
    let res = letter::Entity::update_many()
        .col_expr(letter::Column::PrintedAt, Expr::value(Utc::now()))
        .col_expr(letter::Column::PrintedBy, Expr::value(actor.user_id.0))
        .filter(letter::Column::Id.is_in(ids.iter().copied()))
        .filter(letter::Column::PrintedAt.is_null())
        .exec(&txn)
        .await?;
    let mut entry = AuditEntry::new(AuditAction::LettersPrinted, Some(actor.user_id.0), actor.login_id.as_str());
    entry.detail = Some(serde_json::json!({ "letters": ids, "changed": res.rows_affected }));
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(res.rows_affected)
}
