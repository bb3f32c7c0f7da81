//! The running totals keyed by survey, area, day and item (was survey,
//! item, area, day), and on SQLite held in their key's order (`WITHOUT
//! ROWID`) instead of a row table beside a key index. A day's reports add
//! to a few rows of each area; in the old order those rows lay one per
//! (item, area) all over the table, so that every day written touched tens
//! of thousands of pages (the legacy import's first run over 90 days: 207
//! s, now 180 s). The area views read the totals of a few areas over a
//! range of days, which the new order keeps together. The totals are
//! copied, not recomputed.

use sea_orm::DbBackend;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{big_integer, date, string_len};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// On SQLite too: the new table, the copy, the drop and the rename on one
    /// connection, all or nothing (on a pool of several, another
    /// connection's view of the schema can be stale between them).
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        reorder(manager, [ReportTotals::Survey, ReportTotals::Area, ReportTotals::Period, ReportTotals::Item], true)
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        reorder(manager, [ReportTotals::Survey, ReportTotals::Item, ReportTotals::Area, ReportTotals::Period], false)
            .await
    }
}

/// Gives the totals the primary key `key`; on SQLite a table in the key's
/// order when `clustered` (the rows copied into a new table: SQLite cannot
/// change a primary key in place).
async fn reorder(manager: &SchemaManager<'_>, key: [ReportTotals; 4], clustered: bool) -> Result<(), DbErr> {
    let db = manager.get_connection();
    if manager.get_database_backend() != DbBackend::Sqlite {
        let columns = key.iter().map(|c| format!("\"{}\"", c.to_string())).collect::<Vec<_>>().join(", ");
        db.execute_unprepared(&format!(
            "ALTER TABLE report_totals DROP CONSTRAINT report_totals_pkey, ADD PRIMARY KEY ({columns})"
        ))
        .await?;
        return Ok(());
    }
    let mut table = Table::create();
    table
        .table(Alias::new(MOVED))
        .col(string_len(ReportTotals::Survey, 32))
        .col(string_len(ReportTotals::Item, 40))
        .col(string_len(ReportTotals::Area, 6))
        .col(date(ReportTotals::Period))
        .col(big_integer(ReportTotals::Total));
    let mut primary = Index::create();
    for column in key {
        primary.col(column);
    }
    table.primary_key(&mut primary);
    if clustered {
        table.extra("WITHOUT ROWID");
    }
    manager.create_table(table).await?;
    db.execute_unprepared(
        "INSERT INTO report_totals_moved (survey, item, area, period, total) \
         SELECT survey, item, area, period, total FROM report_totals",
    )
    .await?;
    manager.drop_table(Table::drop().table(ReportTotals::Table).to_owned()).await?;
    manager.rename_table(Table::rename().table(Alias::new(MOVED), ReportTotals::Table).to_owned()).await
}

/// The new table while the rows move.
const MOVED: &str = "report_totals_moved";

#[derive(DeriveIden)]
enum ReportTotals {
    Table,
    Survey,
    Item,
    Area,
    Period,
    Total,
}
