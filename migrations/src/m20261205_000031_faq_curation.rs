//! Issue 21 item 5: the helpdesk edits, reorders and retires FAQ entries in
//! the browser. `position` orders the list (highest first, so that a new
//! entry, given the next number, comes on top as before); the existing
//! entries keep their order (newest first) by taking their id. A retired
//! entry is kept, out of users' sight, and can be brought back. `revision`
//! keeps two operators from overwriting each other's edit unseen.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters a table one column at a time.
        let columns = [
            integer(Faqs::Position).default(0).to_owned(),
            integer(Faqs::Revision).default(0).to_owned(),
            timestamp_with_time_zone_null(Faqs::RetiredAt),
            timestamp_with_time_zone_null(Faqs::UpdatedAt),
            integer_null(Faqs::UpdatedBy),
        ];
        for mut column in columns {
            manager.alter_table(Table::alter().table(Faqs::Table).add_column(&mut column).to_owned()).await?;
        }
        manager.get_connection().execute_unprepared("UPDATE faqs SET position = id").await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [Faqs::Position, Faqs::Revision, Faqs::RetiredAt, Faqs::UpdatedAt, Faqs::UpdatedBy] {
            manager.alter_table(Table::alter().table(Faqs::Table).drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Faqs {
    Table,
    Position,
    Revision,
    RetiredAt,
    UpdatedAt,
    UpdatedBy,
}
