//! Role checks shared by services. A refusal is audited (`access.denied`)
//! and answered with the generic `Forbidden`, so nothing tells the caller
//! what exists behind it.

use crate::domain::error::AppError;
use crate::domain::roles::{Actor, Role};
use crate::server::audit::{self, AuditAction, AuditEntry};
use sea_orm::{ConnectionTrait, TransactionTrait};

/// Passes when `actor` has one of `roles`; otherwise records the attempt on
/// `what` and refuses.
pub async fn require_role(
    conn: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    roles: &[Role],
    what: &str,
) -> Result<(), AppError> {
    if roles.contains(&actor.role) {
        return Ok(());
    }
    let mut entry = AuditEntry::new(AuditAction::AccessDenied, Some(actor.user_id.0), actor.login_id.as_str());
    entry.detail = Some(serde_json::json!({ "what": what }));
    audit::record(conn, entry).await?;
    Err(AppError::Forbidden)
}
