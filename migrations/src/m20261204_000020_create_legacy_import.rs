//! The migration from the previous system (`gmis legacy import`): one row
//! per run, and one row per imported export row, keyed by its file and its
//! natural key (login ID, or association + facility + first day). The row
//! record commits with what it imported, so a run killed at any point and
//! started again finds exactly what is done, and a row changed in the export
//! since is told from an unchanged one by its fingerprint.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(LegacyRuns::Table)
                    .col(pk_auto(LegacyRuns::Id))
                    .col(string_len(LegacyRuns::SourceDir, 1000))
                    .col(boolean(LegacyRuns::Notify))
                    .col(timestamp_with_time_zone(LegacyRuns::StartedAt))
                    // NULL while running, and for ever when the run was killed.
                    .col(timestamp_with_time_zone_null(LegacyRuns::FinishedAt))
                    // The summary (per file: read, imported, unchanged, updated, rejected) as JSON.
                    .col(text_null(LegacyRuns::Summary))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LegacyRows::Table)
                    .col(pk_auto(LegacyRows::Id))
                    // The export file (facilities.csv, memberships.csv, …).
                    .col(string_len(LegacyRows::File, 64))
                    .col(string_len(LegacyRows::RowKey, 200))
                    // SHA-256 (hex) of the row's imported values.
                    .col(string_len(LegacyRows::Fingerprint, 64))
                    // What the row became: a user id (facilities.csv) or a membership id.
                    .col(integer(LegacyRows::TargetId))
                    .col(integer(LegacyRows::RunId))
                    .col(big_integer(LegacyRows::Line))
                    // Whether the account's password link / letter has been queued (--notify).
                    .col(boolean(LegacyRows::Notified))
                    .col(timestamp_with_time_zone(LegacyRows::CreatedAt))
                    .col(timestamp_with_time_zone(LegacyRows::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_legacy_rows_key")
                    .table(LegacyRows::Table)
                    .col(LegacyRows::File)
                    .col(LegacyRows::RowKey)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(LegacyRows::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(LegacyRuns::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum LegacyRuns {
    Table,
    Id,
    SourceDir,
    Notify,
    StartedAt,
    FinishedAt,
    Summary,
}

#[derive(DeriveIden)]
enum LegacyRows {
    Table,
    Id,
    File,
    RowKey,
    Fingerprint,
    TargetId,
    RunId,
    Line,
    Notified,
    CreatedAt,
    UpdatedAt,
}
