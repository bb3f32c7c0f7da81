//! Issue 21 item 4: a user's language and date style. `users.lang` is
//! `ja` or `en`, or empty to follow the browser's `Accept-Language`;
//! `users.date_style` is `western` (2026年12月2日) or `wareki`
//! (令和8年12月2日). Existing users follow their browser with Western dates,
//! which is what they saw before.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(Users::Table).add_column(string_len_null(Users::Lang, 8)).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(string_len(Users::DateStyle, 16).default("western"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table(Users::Table).drop_column(Users::DateStyle).to_owned()).await?;
        manager.alter_table(Table::alter().table(Users::Table).drop_column(Users::Lang).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Lang,
    DateStyle,
}
