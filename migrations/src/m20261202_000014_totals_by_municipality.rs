//! The running totals now keep each municipality beside its prefecture, so
//! that a city's charts read its totals instead of its reports. Totals
//! written before held prefectures only: they are cleared here, and the
//! server rebuilds every area's totals from the reports at its next start
//! (`area::totals::rebuild_if_empty`).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ReportTotals {
    Table,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.exec_stmt(Query::delete().from_table(ReportTotals::Table).to_owned()).await
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        // Prefecture totals stay right; municipality rows are only unread.
        Ok(())
    }
}
