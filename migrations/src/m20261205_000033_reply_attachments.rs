//! Issue 21 item 5: a reply in an inquiry thread may carry an attachment.
//! Such a file belongs to the inquiry (`inquiry_id`, so that who may fetch it
//! is decided as for the inquiry's first file) and names the message it came
//! with; the file sent when opening the inquiry names none.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Attachments::Table)
                    .add_column(integer_null(Attachments::InquiryMessageId))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(Attachments::Table).drop_column(Attachments::InquiryMessageId).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Attachments {
    Table,
    InquiryMessageId,
}
