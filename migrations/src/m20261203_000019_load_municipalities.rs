//! Every municipality of JIS X 0402 instead of the demo ones: reading,
//! kind, the designated city of a ward, 保健所設置市, and the retirement of
//! merged or reorganised codes (`crate::jurisdictions`).

use crate::jurisdictions::{COLUMNS, Municipalities, shipped, sync_municipalities};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column a statement: SQLite alters one thing at a time.
        for column in [
            string_len(Municipalities::Kana, 64).default("").to_owned(),
            string_len(Municipalities::Kind, 16).default("city").to_owned(),
            string_len_null(Municipalities::ParentCode, 6),
            boolean(Municipalities::HealthCentre).default(false).to_owned(),
            date_null(Municipalities::RetiredOn),
            string_len_null(Municipalities::SucceededBy, 6),
            string_len(Municipalities::FormerNames, 256).default("").to_owned(),
        ] {
            let mut column = column;
            manager.alter_table(Table::alter().table(Municipalities::Table).add_column(&mut column).to_owned()).await?;
        }
        sync_municipalities(manager.get_connection(), &shipped()?).await?;
        Ok(())
    }

    /// Drops the columns; the rows stay (facilities may name them).
    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in COLUMNS.into_iter().skip(3) {
            manager.alter_table(Table::alter().table(Municipalities::Table).drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}
