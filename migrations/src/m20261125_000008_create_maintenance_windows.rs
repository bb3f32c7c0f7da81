//! Scheduled maintenance windows (SPEC §5). They live in the database so
//! that every `gmis serve` instance — and the `gmis maintenance` command —
//! agrees on when the system is closed.

use crate::m20261124_000001_create_jurisdictions::fk;
use crate::m20261124_000002_create_accounts::Users;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(MaintenanceWindows::Table)
                    .col(pk_auto(MaintenanceWindows::Id))
                    .col(timestamp_with_time_zone(MaintenanceWindows::StartsAt))
                    .col(timestamp_with_time_zone(MaintenanceWindows::EndsAt))
                    .col(text(MaintenanceWindows::Message))
                    .col(integer_null(MaintenanceWindows::CreatedBy))
                    .col(timestamp_with_time_zone(MaintenanceWindows::UpdatedAt))
                    .foreign_key(&mut fk(
                        MaintenanceWindows::Table,
                        MaintenanceWindows::CreatedBy,
                        Users::Table,
                        Users::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_maintenance_windows_end")
                    .table(MaintenanceWindows::Table)
                    .col(MaintenanceWindows::EndsAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(MaintenanceWindows::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum MaintenanceWindows {
    Table,
    Id,
    StartsAt,
    EndsAt,
    Message,
    CreatedBy,
    UpdatedAt,
}
