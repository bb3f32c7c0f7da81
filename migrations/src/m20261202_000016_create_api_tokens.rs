//! API tokens (SPEC §8): issued by a ministry admin to one account, which the
//! token then acts as over `/api/v1`. Only the token's SHA-256 is stored; the
//! token itself is shown once when issued.

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
                    .table(ApiTokens::Table)
                    .col(pk_auto(ApiTokens::Id))
                    // SHA-256 (hex) of the token.
                    .col(string_len(ApiTokens::TokenHash, 64).unique_key())
                    // The token's first characters, shown in the list to tell tokens apart.
                    .col(string_len(ApiTokens::Prefix, 16))
                    .col(integer(ApiTokens::UserId))
                    .col(string_len(ApiTokens::Name, 100))
                    // Space-separated scope codes (report:write data:read webhooks).
                    .col(string_len(ApiTokens::Scopes, 100))
                    .col(integer(ApiTokens::CreatedBy))
                    .col(timestamp_with_time_zone(ApiTokens::CreatedAt))
                    .col(timestamp_with_time_zone(ApiTokens::ExpiresAt))
                    .col(timestamp_with_time_zone_null(ApiTokens::LastUsedAt))
                    .col(timestamp_with_time_zone_null(ApiTokens::RevokedAt))
                    .foreign_key(
                        &mut fk(ApiTokens::Table, ApiTokens::UserId, Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade)
                            .to_owned(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("idx_api_tokens_user").table(ApiTokens::Table).col(ApiTokens::UserId).to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(ApiTokens::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum ApiTokens {
    Table,
    Id,
    TokenHash,
    Prefix,
    UserId,
    Name,
    Scopes,
    CreatedBy,
    CreatedAt,
    ExpiresAt,
    LastUsedAt,
    RevokedAt,
}
