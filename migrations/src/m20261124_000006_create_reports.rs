//! Survey versions and reports (SPEC §3). A report is one row per (survey,
//! unit, period) holding its current revision; every revision, the first
//! included, is kept in `report_revisions` with who saved it, when, why and
//! under which client submission id (unique: a repeat changes nothing).

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
                    .table(SurveyVersions::Table)
                    .col(pk_auto(SurveyVersions::Id))
                    .col(string_len(SurveyVersions::Survey, 32))
                    .col(integer(SurveyVersions::Version))
                    .col(date(SurveyVersions::EffectiveFrom))
                    .col(text(SurveyVersions::Definition))
                    .col(timestamp_with_time_zone(SurveyVersions::InstalledAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_survey_versions")
                    .table(SurveyVersions::Table)
                    .col(SurveyVersions::Survey)
                    .col(SurveyVersions::Version)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Reports::Table)
                    .col(pk_auto(Reports::Id))
                    .col(string_len(Reports::Survey, 32))
                    .col(string_len(Reports::UnitKind, 16))
                    .col(integer(Reports::UnitId))
                    .col(date(Reports::Period))
                    .col(integer(Reports::SurveyVersionId))
                    .col(integer(Reports::Revision))
                    .col(boolean(Reports::NothingToReport))
                    .col(text(Reports::Answers))
                    .col(timestamp_with_time_zone(Reports::FirstEnteredAt))
                    .col(timestamp_with_time_zone(Reports::UpdatedAt))
                    .col(integer(Reports::UpdatedBy))
                    .foreign_key(&mut fk(
                        Reports::Table,
                        Reports::SurveyVersionId,
                        SurveyVersions::Table,
                        SurveyVersions::Id,
                    ))
                    .foreign_key(&mut fk(Reports::Table, Reports::UpdatedBy, Users::Table, Users::Id))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_reports_period")
                    .table(Reports::Table)
                    .col(Reports::UnitKind)
                    .col(Reports::UnitId)
                    .col(Reports::Survey)
                    .col(Reports::Period)
                    .unique()
                    .to_owned(),
            )
            .await?;
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
        manager
            .create_table(
                Table::create()
                    .table(ReportRevisions::Table)
                    .col(pk_auto(ReportRevisions::Id))
                    .col(integer(ReportRevisions::ReportId))
                    .col(integer(ReportRevisions::Revision))
                    .col(char_len_uniq(ReportRevisions::SubmissionId, 36))
                    .col(integer(ReportRevisions::SurveyVersionId))
                    .col(boolean(ReportRevisions::NothingToReport))
                    .col(text(ReportRevisions::Answers))
                    .col(integer(ReportRevisions::EnteredBy))
                    .col(timestamp_with_time_zone(ReportRevisions::EnteredAt))
                    .col(boolean(ReportRevisions::OnBehalf))
                    .col(text_null(ReportRevisions::Reason))
                    .foreign_key(
                        &mut fk(ReportRevisions::Table, ReportRevisions::ReportId, Reports::Table, Reports::Id)
                            .on_delete(ForeignKeyAction::Cascade)
                            .to_owned(),
                    )
                    .foreign_key(&mut fk(ReportRevisions::Table, ReportRevisions::EnteredBy, Users::Table, Users::Id))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_report_revisions")
                    .table(ReportRevisions::Table)
                    .col(ReportRevisions::ReportId)
                    .col(ReportRevisions::Revision)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(ReportRevisions::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Reports::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(SurveyVersions::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum SurveyVersions {
    Table,
    Id,
    Survey,
    Version,
    EffectiveFrom,
    Definition,
    InstalledAt,
}

#[derive(DeriveIden)]
enum Reports {
    Table,
    Id,
    Survey,
    UnitKind,
    UnitId,
    Period,
    SurveyVersionId,
    Revision,
    NothingToReport,
    Answers,
    FirstEnteredAt,
    UpdatedAt,
    UpdatedBy,
}

#[derive(DeriveIden)]
enum ReportRevisions {
    Table,
    Id,
    ReportId,
    Revision,
    SubmissionId,
    SurveyVersionId,
    NothingToReport,
    Answers,
    EnteredBy,
    EnteredAt,
    OnBehalf,
    Reason,
}
