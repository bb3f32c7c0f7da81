//! Issue 21 item 5: an association may open an inquiry about one of its
//! member facilities. The facility it is about is kept with the inquiry
//! (none for an inquiry about the opener itself). No foreign key: SQLite
//! cannot add one to an existing table, and facilities are never deleted.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter().table(Inquiries::Table).add_column(integer_null(Inquiries::AboutFacilityId)).to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(Inquiries::Table).drop_column(Inquiries::AboutFacilityId).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Inquiries {
    Table,
    AboutFacilityId,
}
