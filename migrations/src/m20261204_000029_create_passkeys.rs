//! Issue 20 item 1: passkeys (WebAuthn). Each account may register several;
//! each row keeps the credential as the relying-party library stores it
//! (public key, signature counter, flags), never a private key. Between the
//! two requests of a registration or a sign-in, the ceremony's state (its
//! challenge) waits in `webauthn_ceremonies`, keyed by the SHA-256 of a
//! token only the browser holds, and is used once.

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
                    .table(Passkeys::Table)
                    .col(pk_auto(Passkeys::Id))
                    .col(integer(Passkeys::UserId))
                    // base64url of the credential ID (at most 1023 bytes).
                    .col(string_len_uniq(Passkeys::CredentialId, 1400))
                    // The account's WebAuthn user handle (a UUID), the same
                    // for all of its passkeys.
                    .col(string_len(Passkeys::UserHandle, 36))
                    .col(string_len(Passkeys::Name, 60))
                    // The credential as JSON (public key, counter, flags).
                    .col(text(Passkeys::Credential))
                    .col(timestamp_with_time_zone(Passkeys::CreatedAt))
                    .col(timestamp_with_time_zone_null(Passkeys::LastUsedAt))
                    .foreign_key(
                        &mut fk(Passkeys::Table, Passkeys::UserId, Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade)
                            .to_owned(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("idx_passkeys_user").table(Passkeys::Table).col(Passkeys::UserId).to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(WebauthnCeremonies::Table)
                    // SHA-256 (hex) of the ceremony token.
                    .col(string_len(WebauthnCeremonies::Id, 64).primary_key())
                    // "register" or "login".
                    .col(string_len(WebauthnCeremonies::Kind, 16))
                    // The account registering (none for a sign-in).
                    .col(integer_null(WebauthnCeremonies::UserId))
                    .col(text(WebauthnCeremonies::State))
                    .col(timestamp_with_time_zone(WebauthnCeremonies::CreatedAt))
                    .foreign_key(
                        &mut fk(WebauthnCeremonies::Table, WebauthnCeremonies::UserId, Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade)
                            .to_owned(),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(WebauthnCeremonies::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Passkeys::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Passkeys {
    Table,
    Id,
    UserId,
    CredentialId,
    UserHandle,
    Name,
    Credential,
    CreatedAt,
    LastUsedAt,
}

#[derive(DeriveIden)]
enum WebauthnCeremonies {
    Table,
    Id,
    Kind,
    UserId,
    State,
    CreatedAt,
}
