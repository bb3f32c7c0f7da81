//! Issue 21 item 5: the helpdesk is mailed a digest of new inquiries. One
//! row per digest, keyed by the end of the time it covers: the key makes a
//! digest go out once however many instances run, and the rows cover time
//! without gaps (each digest starts where the last one ended).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(InquiryDigests::Table)
                    .col(pk_auto(InquiryDigests::Id))
                    .col(timestamp_with_time_zone(InquiryDigests::CoveredFrom))
                    .col(timestamp_with_time_zone_uniq(InquiryDigests::CoveredUntil))
                    .col(integer(InquiryDigests::Inquiries))
                    .col(integer(InquiryDigests::Mails))
                    .col(timestamp_with_time_zone(InquiryDigests::CreatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(InquiryDigests::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum InquiryDigests {
    Table,
    Id,
    CoveredFrom,
    CoveredUntil,
    Inquiries,
    Mails,
    CreatedAt,
}
