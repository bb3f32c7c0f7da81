//! The outlier check (`app::domain::outliers`): the item codes of the
//! values a user confirmed although they were far outside the unit's
//! recent range, on the report (its current revision, which the area views
//! filter by) and on each revision (its history).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Reports {
    Table,
}

#[derive(DeriveIden)]
enum ReportRevisions {
    Table,
}

#[derive(DeriveIden)]
enum Outliers {
    Outliers,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [Reports::Table.into_iden(), ReportRevisions::Table.into_iden()] {
            let alter = Table::alter().table(table).add_column(string_len_null(Outliers::Outliers, 1000)).to_owned();
            manager.alter_table(alter).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [Reports::Table.into_iden(), ReportRevisions::Table.into_iden()] {
            manager.alter_table(Table::alter().table(table).drop_column(Outliers::Outliers).to_owned()).await?;
        }
        Ok(())
    }
}
