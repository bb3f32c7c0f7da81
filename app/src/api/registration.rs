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

/// Uploads a registration CSV (`file`) and imports it, or only checks it
/// when `dry_run` is on. Ministry administrators register anything; a
/// prefecture only designated clinics of its own prefecture.
/// The upload's address (multipart only; see [`super::MULTIPART_PATHS`]).
pub const UPLOAD_PATH: &str = "/api/accounts/import";

#[server(endpoint = "accounts/import", input = MultipartFormData)]
pub async fn upload_accounts(data: MultipartData) -> Result<UploadReport, AppError> {
    use crate::server::{context, registration};
    let actor = context::require_actor().map_err(context::respond)?;
    let state = context::state()?;
    let mut form = data.into_inner().ok_or(AppError::Internal)?;
    let (mut bytes, mut dry_run) = (Vec::new(), false);
    while let Ok(Some(mut field)) = form.next_field().await {
        match field.name() {
            Some("file") => {
                while let Ok(Some(chunk)) = field.chunk().await {
                    if bytes.len() + chunk.len() > registration::MAX_UPLOAD_BYTES {
                        return Err(context::respond(AppError::field("file", crate::i18n::t().import_file_too_big)));
                    }
                    bytes.extend_from_slice(&chunk);
                }
            }
            Some("dry_run") => dry_run = true,
            _ => {}
        }
    }
    let report = registration::import_upload(&state.db, &actor, &bytes, &state.public_url, dry_run)
        .await
        .map_err(context::respond)?;
    Ok(UploadReport {
        rows: report.rows.into_iter().map(|(line, outcome)| UploadRow { line, outcome }).collect(),
        committed: report.committed,
        dry_run,
    })
}

/// Registers one account from the form (same checks and effects as a CSV
/// row); `dry_run` only checks.
#[server(endpoint = "accounts/register")]
pub async fn register_account(
    row: crate::domain::accounts::AccountRow,
    dry_run: Option<String>,
) -> Result<UploadRow, AppError> {
    use crate::server::{context, registration};
    let actor = context::require_actor().map_err(context::respond)?;
    let state = context::state()?;
    let (line, outcome) = registration::register_one(&state.db, &actor, row, &state.public_url, dry_run.is_some())
        .await
        .map_err(context::respond)?;
    Ok(UploadRow { line, outcome })
}
