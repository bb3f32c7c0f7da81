//! Issue 21 item 5: users may opt in to a mail when a notice for their role
//! is published. `users.notice_mail` is the choice (off until a user turns
//! it on); `notices.mailed_at` records that a published notice's mails were
//! written, once, by whichever instance claimed it. Notices published
//! before this migration count as mailed, so that turning the choice on
//! never brings a flood of old notices.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter().table(Users::Table).add_column(boolean(Users::NoticeMail).default(false)).to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Notices::Table)
                    .add_column(timestamp_with_time_zone_null(Notices::MailedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared("UPDATE notices SET mailed_at = published_at WHERE published_at IS NOT NULL")
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table(Notices::Table).drop_column(Notices::MailedAt).to_owned()).await?;
        manager.alter_table(Table::alter().table(Users::Table).drop_column(Users::NoticeMail).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    NoticeMail,
}

#[derive(DeriveIden)]
enum Notices {
    Table,
    MailedAt,
}
