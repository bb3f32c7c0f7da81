//! The queue of postal letters (hospitals, and accounts without e-mail).

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
                    .table(Letters::Table)
                    .col(pk_auto(Letters::Id))
                    .col(integer(Letters::UserId))
                    .col(timestamp_with_time_zone(Letters::CreatedAt))
                    .col(timestamp_with_time_zone_null(Letters::PrintedAt))
                    .col(integer_null(Letters::PrintedBy))
                    .foreign_key(
                        &mut fk(Letters::Table, Letters::UserId, Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade)
                            .to_owned(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("idx_letters_queue").table(Letters::Table).col(Letters::PrintedAt).to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Letters::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Letters {
    Table,
    Id,
    UserId,
    CreatedAt,
    PrintedAt,
    PrintedBy,
}
