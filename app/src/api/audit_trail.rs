//! The audit trail viewer (`/admin/audit`): a page of the log for the
//! filters in the address. The service checks the role and scopes the
//! entries (ministry administrators: all; prefecture officers: their
//! area's); the CSV is the plain route `/admin/audit.csv`.

use crate::domain::audit_trail::{AuditFilter, AuditTrailPage};
use crate::domain::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The viewer's page.
pub const PAGE_PATH: &str = "/admin/audit";
/// The CSV of the same filters.
pub const CSV_PATH: &str = "/admin/audit.csv";

/// A page of the audit trail for `filter`.
#[server(endpoint = "audit/trail", input = Json)]
pub async fn load_audit_trail(filter: AuditFilter) -> Result<AuditTrailPage, AppError> {
    use crate::server::{audit_trail, context};
    let actor = context::require_actor().map_err(context::respond)?;
    audit_trail::page(&context::db()?, &actor, filter).await.map_err(context::respond)
}
