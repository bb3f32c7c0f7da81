//! Issue 20 item 5: a user's list of their sessions shows where each was
//! opened. The address a session logged in from is kept with it (the audit
//! log has it too, but not per session).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(Sessions::Table).add_column(string_len_null(Sessions::Ip, 64)).to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table(Sessions::Table).drop_column(Sessions::Ip).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Ip,
}
