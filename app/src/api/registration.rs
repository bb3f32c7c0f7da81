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

/// The largest CSV file accepted (about 20,000 rows).
pub const MAX_UPLOAD_BYTES: usize = 5 * 1024 * 1024;

/// Uploads a registration CSV (`file`) and imports it, or only checks it
/// when `dry_run` is on. Ministry administrators register anything; a
/// prefecture only designated clinics of its own prefecture.
#[server(endpoint = "accounts/import", input = MultipartFormData)]
pub async fn upload_accounts(data: MultipartData) -> Result<UploadReport, AppError> {
    use crate::server::{context, registration};
    let actor = context::require_actor().map_err(context::respond)?;
    let state = context::state()?;
    crate::server::authz::require_role(&state.db, &actor, &registration::IMPORTERS, "accounts.import")
        .await
        .map_err(context::respond)?;
    let mut form = data.into_inner().ok_or(AppError::Internal)?;
    let (mut bytes, mut dry_run) = (Vec::new(), false);
    while let Ok(Some(mut field)) = form.next_field().await {
        match field.name() {
            Some("file") => {
                while let Ok(Some(chunk)) = field.chunk().await {
                    if bytes.len() + chunk.len() > MAX_UPLOAD_BYTES {
                        return Err(context::respond(registration::file_error(
                            "ファイルが大きすぎます（5MBまで）。分けて登録してください。",
                        )));
                    }
                    bytes.extend_from_slice(&chunk);
                }
            }
            Some("dry_run") => dry_run = true,
            _ => {}
        }
    }
    if bytes.is_empty() {
        return Err(context::respond(registration::file_error("CSVファイルを選んでください。")));
    }
    let rows = registration::parse_csv(&bytes).map_err(|e| context::respond(registration::file_error(&e)))?;
    let report = registration::import(
        &state.db,
        &registration::Importer::User(actor),
        &rows,
        &state.public_url,
        dry_run,
        &|_| {},
    )
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
    crate::server::authz::require_role(&state.db, &actor, &registration::IMPORTERS, "accounts.register")
        .await
        .map_err(context::respond)?;
    let rows = [(1, row)];
    let report = registration::import(
        &state.db,
        &registration::Importer::User(actor),
        &rows,
        &state.public_url,
        dry_run.is_some(),
        &|_| {},
    )
    .await
    .map_err(context::respond)?;
    let (line, outcome) = report.rows.into_iter().next().ok_or(AppError::Internal)?;
    Ok(UploadRow { line, outcome })
}
