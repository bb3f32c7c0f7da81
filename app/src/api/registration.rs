//! Registering accounts from a CSV file uploaded in the browser.

use crate::domain::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::{MultipartData, MultipartFormData};
use serde::{Deserialize, Serialize};

/// One row's result as the upload page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadRow {
    pub line: usize,
    pub outcome: crate::domain::accounts::RowOutcome,
}

/// The upload's result: every row, and whether anything was written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadReport {
    pub rows: Vec<UploadRow>,
    pub committed: bool,
    pub dry_run: bool,
}

/// The upload's address (multipart only; see [`super::MULTIPART_PATHS`]).
pub const UPLOAD_PATH: &str = "/api/accounts/import";

/// Where the upload form posts without JavaScript: a plain route of the
/// server that calls the service of [`upload_accounts`] and answers with a
/// page of the report (which no address back could carry).
pub const FORM_PATH: &str = "/admin/accounts/import/upload";

/// Uploads a registration CSV (`file`) and imports it, or only checks it
/// when `dry_run` is on. Ministry administrators register anything; a
/// prefecture only designated clinics of its own prefecture.
#[server(endpoint = "accounts/import", input = MultipartFormData)]
pub async fn upload_accounts(data: MultipartData) -> Result<UploadReport, AppError> {
    use crate::server::{context, registration};
    let actor = context::require_actor().map_err(context::respond)?;
    let state = context::state()?;
    registration::upload(&state, &actor, data).await.map_err(context::respond)
}

/// Registers one account from the form (same checks and effects as a CSV
/// row); `dry_run` only checks.
#[server(endpoint = "accounts/register")]
pub async fn register_account(
    row: crate::domain::accounts::AccountRow,
    dry_run: Option<String>,
) -> Result<UploadRow, AppError> {
    use crate::domain::accounts::RowOutcome;
    use crate::server::{context, registration};
    let actor = context::require_actor().map_err(context::respond)?;
    let state = context::state()?;
    let typed = row.clone();
    let (line, outcome) = registration::register_one(&state.db, &actor, row, &state.public_url, dry_run.is_some())
        .await
        .map_err(context::respond)?;
    // Posted by the browser itself (without JavaScript): to the form with the
    // new login ID, or with what was typed (`checked=1`), which the page
    // checks again (a dry run) for the same messages.
    if context::plain_form_post() {
        let mut back = match &outcome {
            RowOutcome::Created { login_id, .. } if dry_run.is_none() => {
                vec![("registered".to_owned(), login_id.clone())]
            }
            _ => {
                let mut back = vec![("checked".to_owned(), "1".to_owned())];
                back.extend(typed.typed_fields());
                back.extend(dry_run.map(|v| ("dry_run".to_owned(), v)));
                back
            }
        };
        back.retain(|(_, v)| !v.is_empty());
        let query = leptos_router::params::ParamsMap::from_iter(back).to_query_string();
        leptos_axum::redirect(&format!("{REGISTER_PATH}{query}"));
    }
    Ok(UploadRow { line, outcome })
}

/// The page of the one-account registration form.
pub const REGISTER_PATH: &str = "/admin/accounts/new";
