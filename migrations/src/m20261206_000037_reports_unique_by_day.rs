//! A report's day is unique also by an index in day order (survey, day,
//! unit), so that the legacy import can set the unit-ordered unique index
//! aside while it writes years of reports day by day, and build it again
//! at the end (`server::reports::unit_index`): the uniqueness of a unit's
//! day holds throughout, for the server's submissions too.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("uq_reports_day")
                    .table(Reports::Table)
                    .if_not_exists()
                    .unique()
                    .col(Reports::Survey)
                    .col(Reports::Period)
                    .col(Reports::UnitKind)
                    .col(Reports::UnitId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("uq_reports_day").table(Reports::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Reports {
    Table,
    Survey,
    Period,
    UnitKind,
    UnitId,
}
