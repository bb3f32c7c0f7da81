//! User accounts with typed role and scope columns, and server-side sessions.

use crate::m20261124_000001_create_jurisdictions::{
    Aggregators, ConsultationCentres, Facilities, Municipalities, Prefectures, fk,
};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .col(pk_auto(Users::Id))
                    .col(string_len_uniq(Users::LoginId, 32))
                    .col(string_len(Users::Role, 32))
                    .col(string_len(Users::DisplayName, 200))
                    .col(string_len_null(Users::Email, 254))
                    .col(char_len_null(Users::PrefectureCode, 2))
                    .col(char_len_null(Users::MunicipalityCode, 6))
                    .col(integer_null(Users::FacilityId))
                    .col(integer_null(Users::CentreId))
                    .col(integer_null(Users::AggregatorId))
                    // NULL until the holder sets one: such an account cannot log in.
                    .col(text_null(Users::PasswordHash))
                    .col(string_len(Users::Status, 32))
                    // Carried over from the previous system: must set a new password.
                    .col(boolean(Users::Migrated).default(false))
                    .col(integer(Users::FailedLogins).default(0))
                    .col(timestamp_with_time_zone_null(Users::LockedUntil))
                    .col(timestamp_with_time_zone_null(Users::PasswordChangedAt))
                    .col(timestamp_with_time_zone(Users::CreatedAt))
                    .foreign_key(&mut fk(Users::Table, Users::PrefectureCode, Prefectures::Table, Prefectures::Code))
                    .foreign_key(&mut fk(
                        Users::Table,
                        Users::MunicipalityCode,
                        Municipalities::Table,
                        Municipalities::Code,
                    ))
                    .foreign_key(&mut fk(Users::Table, Users::FacilityId, Facilities::Table, Facilities::Id))
                    .foreign_key(&mut fk(
                        Users::Table,
                        Users::CentreId,
                        ConsultationCentres::Table,
                        ConsultationCentres::Id,
                    ))
                    .foreign_key(&mut fk(Users::Table, Users::AggregatorId, Aggregators::Table, Aggregators::Id))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    // SHA-256 of the cookie's token: a copy of this table cannot be replayed.
                    .col(char_len(Sessions::Id, 64).primary_key())
                    .col(integer(Sessions::UserId))
                    .col(timestamp_with_time_zone(Sessions::CreatedAt))
                    .col(timestamp_with_time_zone(Sessions::LastSeenAt))
                    .col(string_len_null(Sessions::UserAgent, 300))
                    .foreign_key(
                        &mut fk(Sessions::Table, Sessions::UserId, Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade)
                            .to_owned(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("idx_sessions_user").table(Sessions::Table).col(Sessions::UserId).to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Sessions::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Users::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
pub(crate) enum Users {
    Table,
    Id,
    LoginId,
    Role,
    DisplayName,
    Email,
    PrefectureCode,
    MunicipalityCode,
    FacilityId,
    CentreId,
    AggregatorId,
    PasswordHash,
    Status,
    Migrated,
    FailedLogins,
    LockedUntil,
    PasswordChangedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    UserId,
    CreatedAt,
    LastSeenAt,
    UserAgent,
}
