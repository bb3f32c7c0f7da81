//! TOTP as a second factor (issue 20): the secret of each account's
//! authenticator (pending until confirmed with a first code), its single-use
//! recovery codes (hashed), the short-lived login challenges between the
//! password and the code, and on `users` the date until which an account
//! that must have a second factor may still postpone its enrolment.

use crate::m20261124_000001_create_jurisdictions::fk;
use crate::m20261124_000002_create_accounts::Users;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(timestamp_with_time_zone_null(UsersTotp::SecondFactorDue))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(TotpSecrets::Table)
                    .col(integer(TotpSecrets::UserId).primary_key())
                    // Base32 (RFC 4648, no padding) of 20 random bytes.
                    .col(string_len(TotpSecrets::Secret, 64))
                    .col(timestamp_with_time_zone(TotpSecrets::CreatedAt))
                    .col(timestamp_with_time_zone_null(TotpSecrets::ConfirmedAt))
                    // The last time step (Unix time / 30) whose code was accepted.
                    .col(big_integer_null(TotpSecrets::LastStep))
                    .foreign_key(
                        &mut fk(TotpSecrets::Table, TotpSecrets::UserId, Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade)
                            .to_owned(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RecoveryCodes::Table)
                    .col(pk_auto(RecoveryCodes::Id))
                    .col(integer(RecoveryCodes::UserId))
                    // SHA-256 (hex) of the code.
                    .col(string_len(RecoveryCodes::CodeHash, 64).unique_key())
                    .col(timestamp_with_time_zone_null(RecoveryCodes::UsedAt))
                    .foreign_key(
                        &mut fk(RecoveryCodes::Table, RecoveryCodes::UserId, Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade)
                            .to_owned(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LoginChallenges::Table)
                    // SHA-256 of the pending-login cookie's token.
                    .col(string_len(LoginChallenges::Id, 64).primary_key())
                    .col(integer(LoginChallenges::UserId))
                    .col(timestamp_with_time_zone(LoginChallenges::CreatedAt))
                    .foreign_key(
                        &mut fk(LoginChallenges::Table, LoginChallenges::UserId, Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade)
                            .to_owned(),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(LoginChallenges::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(RecoveryCodes::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(TotpSecrets::Table).to_owned()).await?;
        manager.alter_table(Table::alter().table(Users::Table).drop_column(UsersTotp::SecondFactorDue).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum UsersTotp {
    SecondFactorDue,
}

#[derive(DeriveIden)]
enum TotpSecrets {
    Table,
    UserId,
    Secret,
    CreatedAt,
    ConfirmedAt,
    LastStep,
}

#[derive(DeriveIden)]
enum RecoveryCodes {
    Table,
    Id,
    UserId,
    CodeHash,
    UsedAt,
}

#[derive(DeriveIden)]
enum LoginChallenges {
    Table,
    Id,
    UserId,
    CreatedAt,
}
