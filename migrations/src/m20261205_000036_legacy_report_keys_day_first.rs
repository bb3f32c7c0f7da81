//! Issue 17: the key of a report file's row in `legacy_rows` is its day
//! first (`2021-01-05|1310401292`), no longer its unit first. The previous
//! system exports a day's reports together, so a batch of the import now
//! adds its keys at one place of the `(file, row_key)` index instead of at
//! a place per unit all over it, and a re-run looks them up there. Keys
//! already stored are turned around; the swap is its own inverse, so `down`
//! is the same statement.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The files whose rows are keyed by unit and day (the import's report
/// files as of this migration; written out here so that the migration
/// stays what it was whatever the import later reads).
const REPORT_FILES: &str =
    "'hospital_daily_2020.csv', 'hospital_daily.csv', 'clinic_daily.csv', 'centre_daily.csv', 'supplies_weekly.csv'";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        swap(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        swap(manager).await
    }
}

async fn swap(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let find = match db.get_database_backend() {
        DbBackend::Postgres => "strpos",
        _ => "instr",
    };
    db.execute_unprepared(&format!(
        "UPDATE legacy_rows SET row_key = substr(row_key, {find}(row_key, '|') + 1) || '|' || \
         substr(row_key, 1, {find}(row_key, '|') - 1) WHERE file IN ({REPORT_FILES}) AND {find}(row_key, '|') > 0"
    ))
    .await?;
    Ok(())
}
