//! Emergency distribution requests (SOS, SPEC §4). A request belongs to one
//! facility and one daily batch; its state moves only through the typed
//! workflow, each move recorded in `sos_events`. The facility's prefecture
//! and municipality are copied onto the request so that a reviewer's queue
//! is one indexed query; the client submission id is unique (a repeat
//! changes nothing).

use crate::m20261124_000001_create_jurisdictions::{Facilities, fk};
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
                    .table(SosRequests::Table)
                    .col(pk_auto(SosRequests::Id))
                    .col(integer(SosRequests::FacilityId))
                    .col(char_len(SosRequests::PrefectureCode, 2))
                    .col(char_len_null(SosRequests::MunicipalityCode, 6))
                    .col(char_len_uniq(SosRequests::SubmissionId, 36))
                    .col(date(SosRequests::BatchDate))
                    .col(string_len(SosRequests::State, 16))
                    .col(integer(SosRequests::Revision))
                    .col(integer(SosRequests::MinDaysOfStock))
                    .col(text(SosRequests::Reason))
                    .col(integer(SosRequests::RequestedBy))
                    .col(boolean(SosRequests::OnBehalf))
                    .col(text_null(SosRequests::RejectReason))
                    .col(date_null(SosRequests::ShippedOn))
                    .col(string_len_null(SosRequests::Carrier, 200))
                    .col(string_len_null(SosRequests::Tracking, 40))
                    .col(text_null(SosRequests::ReceiptNote))
                    .col(timestamp_with_time_zone(SosRequests::CreatedAt))
                    .col(timestamp_with_time_zone(SosRequests::UpdatedAt))
                    .foreign_key(&mut fk(
                        SosRequests::Table,
                        SosRequests::FacilityId,
                        Facilities::Table,
                        Facilities::Id,
                    ))
                    .foreign_key(&mut fk(SosRequests::Table, SosRequests::RequestedBy, Users::Table, Users::Id))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sos_requests_queue")
                    .table(SosRequests::Table)
                    .col(SosRequests::PrefectureCode)
                    .col(SosRequests::BatchDate)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sos_requests_facility")
                    .table(SosRequests::Table)
                    .col(SosRequests::FacilityId)
                    .col(SosRequests::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SosLines::Table)
                    .col(pk_auto(SosLines::Id))
                    .col(integer(SosLines::RequestId))
                    .col(string_len(SosLines::Supply, 16))
                    .col(big_integer(SosLines::Quantity))
                    .col(integer(SosLines::DaysOfStock))
                    .col(big_integer_null(SosLines::Shipped))
                    .col(big_integer_null(SosLines::Received))
                    .foreign_key(
                        &mut fk(SosLines::Table, SosLines::RequestId, SosRequests::Table, SosRequests::Id)
                            .on_delete(ForeignKeyAction::Cascade)
                            .to_owned(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_sos_lines")
                    .table(SosLines::Table)
                    .col(SosLines::RequestId)
                    .col(SosLines::Supply)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SosEvents::Table)
                    .col(pk_auto(SosEvents::Id))
                    .col(integer(SosEvents::RequestId))
                    .col(string_len_null(SosEvents::FromState, 16))
                    .col(string_len(SosEvents::ToState, 16))
                    .col(integer(SosEvents::ActorId))
                    .col(timestamp_with_time_zone(SosEvents::At))
                    .col(text_null(SosEvents::Note))
                    .foreign_key(
                        &mut fk(SosEvents::Table, SosEvents::RequestId, SosRequests::Table, SosRequests::Id)
                            .on_delete(ForeignKeyAction::Cascade)
                            .to_owned(),
                    )
                    .foreign_key(&mut fk(SosEvents::Table, SosEvents::ActorId, Users::Table, Users::Id))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sos_events_request")
                    .table(SosEvents::Table)
                    .col(SosEvents::RequestId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(SosEvents::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(SosLines::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(SosRequests::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum SosRequests {
    Table,
    Id,
    FacilityId,
    PrefectureCode,
    MunicipalityCode,
    SubmissionId,
    BatchDate,
    State,
    Revision,
    MinDaysOfStock,
    Reason,
    RequestedBy,
    OnBehalf,
    RejectReason,
    ShippedOn,
    Carrier,
    Tracking,
    ReceiptNote,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum SosLines {
    Table,
    Id,
    RequestId,
    Supply,
    Quantity,
    DaysOfStock,
    Shipped,
    Received,
}

#[derive(DeriveIden)]
enum SosEvents {
    Table,
    Id,
    RequestId,
    FromState,
    ToState,
    ActorId,
    At,
    Note,
}
