//! Notices, their search index and read markers; attachments; inquiries,
//! their threads and the FAQ (SPEC §6).
//!
//! The search index holds the bigram terms of `app::domain::search`: on
//! SQLite an FTS5 table (its rowid is the notice's id; columns title and
//! body), on PostgreSQL a table of `tsvector`s — the title's, and title and
//! body together under a GIN index.

use crate::m20261124_000001_create_jurisdictions::fk;
use crate::m20261124_000002_create_accounts::Users;
use sea_orm_migration::sea_orm::DatabaseBackend;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Notices::Table)
                    // The columns every list filters on come first and the
                    // body last: SQLite then reads a row's filters without
                    // walking the overflow pages of a long body.
                    .col(pk_auto(Notices::Id))
                    .col(text(Notices::Category))
                    .col(integer(Notices::Audience))
                    .col(date(Notices::IssuedOn))
                    .col(timestamp_with_time_zone_null(Notices::PublishedAt))
                    .col(timestamp_with_time_zone_null(Notices::WithdrawnAt))
                    .col(timestamp_with_time_zone(Notices::UpdatedAt))
                    .col(integer(Notices::CreatedBy))
                    .col(timestamp_with_time_zone(Notices::CreatedAt))
                    .col(text(Notices::Office))
                    .col(text(Notices::Title))
                    .col(text_null(Notices::WithdrawnReason))
                    .col(text(Notices::Body))
                    .foreign_key(&mut fk(Notices::Table, Notices::CreatedBy, Users::Table, Users::Id))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_notices_published")
                    .table(Notices::Table)
                    .col(Notices::PublishedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(NoticeReads::Table)
                    .col(integer(NoticeReads::UserId))
                    .col(integer(NoticeReads::NoticeId))
                    .col(timestamp_with_time_zone(NoticeReads::ReadAt))
                    .primary_key(Index::create().col(NoticeReads::UserId).col(NoticeReads::NoticeId))
                    .foreign_key(&mut fk(NoticeReads::Table, NoticeReads::UserId, Users::Table, Users::Id))
                    .foreign_key(&mut fk(NoticeReads::Table, NoticeReads::NoticeId, Notices::Table, Notices::Id))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Inquiries::Table)
                    .col(pk_auto(Inquiries::Id))
                    .col(integer(Inquiries::OpenedBy))
                    .col(text(Inquiries::Category))
                    .col(text(Inquiries::Subject))
                    .col(text(Inquiries::Body))
                    .col(text_null(Inquiries::Page))
                    .col(text(Inquiries::Status))
                    .col(integer_null(Inquiries::AssigneeId))
                    .col(text_null(Inquiries::PrefectureCode))
                    .col(integer(Inquiries::Revision))
                    .col(timestamp_with_time_zone(Inquiries::OpenedAt))
                    .col(timestamp_with_time_zone(Inquiries::UpdatedAt))
                    .foreign_key(&mut fk(Inquiries::Table, Inquiries::OpenedBy, Users::Table, Users::Id))
                    .foreign_key(&mut fk(Inquiries::Table, Inquiries::AssigneeId, Users::Table, Users::Id))
                    .to_owned(),
            )
            .await?;
        for (name, col) in
            [("idx_inquiries_opened_by", Inquiries::OpenedBy), ("idx_inquiries_status", Inquiries::Status)]
        {
            manager.create_index(Index::create().name(name).table(Inquiries::Table).col(col).to_owned()).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(InquiryMessages::Table)
                    .col(pk_auto(InquiryMessages::Id))
                    .col(integer(InquiryMessages::InquiryId))
                    .col(integer(InquiryMessages::AuthorId))
                    .col(text(InquiryMessages::Step))
                    .col(text(InquiryMessages::Body))
                    .col(timestamp_with_time_zone(InquiryMessages::CreatedAt))
                    .foreign_key(&mut fk(
                        InquiryMessages::Table,
                        InquiryMessages::InquiryId,
                        Inquiries::Table,
                        Inquiries::Id,
                    ))
                    .foreign_key(&mut fk(InquiryMessages::Table, InquiryMessages::AuthorId, Users::Table, Users::Id))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_inquiry_messages_inquiry")
                    .table(InquiryMessages::Table)
                    .col(InquiryMessages::InquiryId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Attachments::Table)
                    .col(pk_auto(Attachments::Id))
                    .col(integer_null(Attachments::NoticeId))
                    .col(integer_null(Attachments::InquiryId))
                    .col(text(Attachments::Name))
                    .col(text(Attachments::Kind))
                    .col(big_integer(Attachments::Size))
                    .col(text(Attachments::Sha256))
                    .col(blob(Attachments::Data))
                    .col(integer(Attachments::UploadedBy))
                    .col(timestamp_with_time_zone(Attachments::CreatedAt))
                    .foreign_key(&mut fk(Attachments::Table, Attachments::NoticeId, Notices::Table, Notices::Id))
                    .foreign_key(&mut fk(Attachments::Table, Attachments::InquiryId, Inquiries::Table, Inquiries::Id))
                    .foreign_key(&mut fk(Attachments::Table, Attachments::UploadedBy, Users::Table, Users::Id))
                    .to_owned(),
            )
            .await?;
        for (name, col) in
            [("idx_attachments_notice", Attachments::NoticeId), ("idx_attachments_inquiry", Attachments::InquiryId)]
        {
            manager.create_index(Index::create().name(name).table(Attachments::Table).col(col).to_owned()).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(Faqs::Table)
                    .col(pk_auto(Faqs::Id))
                    .col(text(Faqs::Category))
                    .col(text(Faqs::Question))
                    .col(text(Faqs::Answer))
                    .col(integer_null(Faqs::SourceMessageId))
                    .col(integer(Faqs::CreatedBy))
                    .col(timestamp_with_time_zone(Faqs::CreatedAt))
                    .foreign_key(&mut fk(
                        Faqs::Table,
                        Faqs::SourceMessageId,
                        InquiryMessages::Table,
                        InquiryMessages::Id,
                    ))
                    .foreign_key(&mut fk(Faqs::Table, Faqs::CreatedBy, Users::Table, Users::Id))
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DatabaseBackend::Postgres => {
                db.execute_unprepared(
                    "CREATE TABLE notice_search (
                        notice_id integer PRIMARY KEY REFERENCES notices (id),
                        title tsvector NOT NULL,
                        terms tsvector NOT NULL
                    )",
                )
                .await?;
                // Without the pending list of `fastupdate`: notices are written
                // rarely, and a long pending list makes every search scan it.
                db.execute_unprepared(
                    "CREATE INDEX idx_notice_search ON notice_search USING GIN (terms) WITH (fastupdate = off)",
                )
                .await?;
            }
            _ => {
                db.execute_unprepared(
                    "CREATE VIRTUAL TABLE notice_search USING fts5(
                        title, body, tokenize = 'unicode61 remove_diacritics 0', prefix = '1'
                    )",
                )
                .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.get_connection().execute_unprepared("DROP TABLE notice_search").await?;
        for table in [
            Faqs::Table.into_iden(),
            Attachments::Table.into_iden(),
            InquiryMessages::Table.into_iden(),
            Inquiries::Table.into_iden(),
            NoticeReads::Table.into_iden(),
            Notices::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Notices {
    Table,
    Id,
    Title,
    Body,
    Office,
    IssuedOn,
    Category,
    Audience,
    PublishedAt,
    WithdrawnAt,
    WithdrawnReason,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum NoticeReads {
    Table,
    UserId,
    NoticeId,
    ReadAt,
}

#[derive(DeriveIden)]
enum Inquiries {
    Table,
    Id,
    OpenedBy,
    Category,
    Subject,
    Body,
    Page,
    Status,
    AssigneeId,
    PrefectureCode,
    Revision,
    OpenedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum InquiryMessages {
    Table,
    Id,
    InquiryId,
    AuthorId,
    Step,
    Body,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Attachments {
    Table,
    Id,
    NoticeId,
    InquiryId,
    Name,
    Kind,
    Size,
    Sha256,
    Data,
    UploadedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Faqs {
    Table,
    Id,
    Category,
    Question,
    Answer,
    SourceMessageId,
    CreatedBy,
    CreatedAt,
}
