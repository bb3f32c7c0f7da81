//! The mail outbox (written in the same transaction as what causes a mail,
//! sent by a background worker) and the one-time password links.

use crate::m20261124_000001_create_jurisdictions::fk;
use crate::m20261124_000002_create_accounts::Users;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(MailOutbox::Table)
                    .col(big_pk_auto(MailOutbox::Id))
                    .col(string_len(MailOutbox::ToAddress, 254))
                    .col(string_len(MailOutbox::Subject, 300))
                    .col(text(MailOutbox::Body))
                    .col(timestamp_with_time_zone(MailOutbox::CreatedAt))
                    .col(integer(MailOutbox::Attempts).default(0))
                    .col(timestamp_with_time_zone(MailOutbox::NextAttemptAt))
                    // A worker that claims a mail owns it until then; a crashed
                    // worker's claim runs out and another picks the mail up.
                    .col(timestamp_with_time_zone_null(MailOutbox::ClaimedUntil))
                    .col(timestamp_with_time_zone_null(MailOutbox::SentAt))
                    .col(text_null(MailOutbox::LastError))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_outbox_due")
                    .table(MailOutbox::Table)
                    .col(MailOutbox::SentAt)
                    .col(MailOutbox::NextAttemptAt)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PasswordTokens::Table)
                    .col(pk_auto(PasswordTokens::Id))
                    .col(integer(PasswordTokens::UserId))
                    .col(string_len(PasswordTokens::Purpose, 16))
                    // SHA-256 of the token (hex); the token itself is only in the mail.
                    .col(char_len_uniq(PasswordTokens::TokenHash, 64))
                    .col(timestamp_with_time_zone(PasswordTokens::CreatedAt))
                    .col(timestamp_with_time_zone(PasswordTokens::ExpiresAt))
                    .col(timestamp_with_time_zone_null(PasswordTokens::UsedAt))
                    // Set when a newer link for the same account replaced this one.
                    .col(timestamp_with_time_zone_null(PasswordTokens::VoidedAt))
                    .foreign_key(
                        &mut fk(PasswordTokens::Table, PasswordTokens::UserId, Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade)
                            .to_owned(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_password_tokens_user")
                    .table(PasswordTokens::Table)
                    .col(PasswordTokens::UserId)
                    .col(PasswordTokens::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(PasswordTokens::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(MailOutbox::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum MailOutbox {
    Table,
    Id,
    ToAddress,
    Subject,
    Body,
    CreatedAt,
    Attempts,
    NextAttemptAt,
    ClaimedUntil,
    SentAt,
    LastError,
}

#[derive(DeriveIden)]
enum PasswordTokens {
    Table,
    Id,
    UserId,
    Purpose,
    TokenHash,
    CreatedAt,
    ExpiresAt,
    UsedAt,
    VoidedAt,
}
