//! What the area views and downloads need (SPEC §7): running totals of the
//! daily reports per survey, item, prefecture and day, kept by the same
//! transaction that saves a report (so a dashboard over a year of the nation
//! reads thousands of rows, not millions of reports), and the log of every
//! download.

use crate::m20261124_000001_create_jurisdictions::fk;
use crate::m20261124_000002_create_accounts::Users;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One row per (survey, item, area, day). `area` is a prefecture code
        // (6 characters leave room for finer areas); `item` is a count
        // item's code, or `_reports`, `_late`, `_nothing` for the numbers of
        // reports, of reports first entered after the deadline, and of
        // "nothing to report".
        manager
            .create_table(
                Table::create()
                    .table(ReportTotals::Table)
                    .col(string_len(ReportTotals::Survey, 32))
                    .col(string_len(ReportTotals::Item, 40))
                    .col(string_len(ReportTotals::Area, 6))
                    .col(date(ReportTotals::Period))
                    .col(big_integer(ReportTotals::Total))
                    .primary_key(
                        Index::create()
                            .col(ReportTotals::Survey)
                            .col(ReportTotals::Item)
                            .col(ReportTotals::Area)
                            .col(ReportTotals::Period),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Downloads::Table)
                    .col(pk_auto(Downloads::Id))
                    .col(integer(Downloads::UserId))
                    .col(string_len(Downloads::What, 32))
                    .col(string_len(Downloads::Format, 16))
                    .col(text(Downloads::Filters))
                    .col(big_integer(Downloads::Rows))
                    .col(string_len(Downloads::State, 16))
                    .col(timestamp_with_time_zone(Downloads::StartedAt))
                    .col(timestamp_with_time_zone_null(Downloads::FinishedAt))
                    .foreign_key(&mut fk(Downloads::Table, Downloads::UserId, Users::Table, Users::Id))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_downloads_user")
                    .table(Downloads::Table)
                    .col(Downloads::UserId)
                    .col(Downloads::StartedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_downloads_started")
                    .table(Downloads::Table)
                    .col(Downloads::StartedAt)
                    .to_owned(),
            )
            .await?;
        // The units of a municipality, for a city's views.
        manager
            .create_index(
                Index::create()
                    .name("idx_facilities_municipality")
                    .table(Facilities::Table)
                    .col(Facilities::MunicipalityCode)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_centres_prefecture")
                    .table(ConsultationCentres::Table)
                    .col(ConsultationCentres::PrefectureCode)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name("idx_centres_prefecture").table(ConsultationCentres::Table).to_owned())
            .await?;
        manager
            .drop_index(Index::drop().name("idx_facilities_municipality").table(Facilities::Table).to_owned())
            .await?;
        manager.drop_table(Table::drop().table(Downloads::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(ReportTotals::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum ReportTotals {
    Table,
    Survey,
    Item,
    Area,
    Period,
    Total,
}

#[derive(DeriveIden)]
enum Downloads {
    Table,
    Id,
    UserId,
    What,
    Format,
    Filters,
    Rows,
    State,
    StartedAt,
    FinishedAt,
}

#[derive(DeriveIden)]
enum Facilities {
    Table,
    MunicipalityCode,
}

#[derive(DeriveIden)]
enum ConsultationCentres {
    Table,
    PrefectureCode,
}
