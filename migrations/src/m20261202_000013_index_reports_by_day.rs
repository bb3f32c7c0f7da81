//! Indexes for the area views over a year of a nation (issue 15): the
//! reports of one survey and day with the unit and the columns the counts
//! read (an index-only scan instead of a table read per report), and the
//! facilities by kind and prefecture with their designation day (the
//! nation's expected counts from the index alone).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("idx_reports_day_unit")
                    .table(Reports::Table)
                    .if_not_exists()
                    .col(Reports::Survey)
                    .col(Reports::Period)
                    .col(Reports::UnitKind)
                    .col(Reports::UnitId)
                    .col(Reports::NothingToReport)
                    .col(Reports::FirstEnteredAt)
                    .to_owned(),
            )
            .await?;
        // The new index begins with the old one's columns.
        manager.drop_index(Index::drop().name("idx_reports_day").table(Reports::Table).if_exists().to_owned()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_facilities_kind_area")
                    .table(Facilities::Table)
                    .col(Facilities::Kind)
                    .col(Facilities::PrefectureCode)
                    .col(Facilities::DesignatedFrom)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("idx_facilities_kind_area").table(Facilities::Table).to_owned()).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_reports_day")
                    .table(Reports::Table)
                    .col(Reports::Survey)
                    .col(Reports::Period)
                    .to_owned(),
            )
            .await?;
        manager.drop_index(Index::drop().name("idx_reports_day_unit").table(Reports::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Reports {
    Table,
    Survey,
    Period,
    UnitKind,
    UnitId,
    NothingToReport,
    FirstEnteredAt,
}

#[derive(DeriveIden)]
enum Facilities {
    Table,
    Kind,
    PrefectureCode,
    DesignatedFrom,
}
