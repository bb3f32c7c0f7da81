//! Issue 21 item 2: survey versions made in the browser. A version may name
//! the notice that explains it (its form links it beside the 「変更」
//! marks) and records who installed it. A version being prepared is a
//! draft, kept as typed, so that checking it (with or without JavaScript)
//! loses nothing and the preview is a page of its own.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for mut column in [integer_null(SurveyVersions::NoticeId), integer_null(SurveyVersions::InstalledBy)] {
            manager.alter_table(Table::alter().table(SurveyVersions::Table).add_column(&mut column).to_owned()).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(SurveyDrafts::Table)
                    .if_not_exists()
                    .col(pk_auto(SurveyDrafts::Id))
                    .col(integer(SurveyDrafts::CreatedBy))
                    .col(timestamp_with_time_zone(SurveyDrafts::CreatedAt))
                    .col(text(SurveyDrafts::Survey))
                    .col(text(SurveyDrafts::Definition))
                    .col(text(SurveyDrafts::EffectiveFrom))
                    .col(text(SurveyDrafts::Notice))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(SurveyDrafts::Table).to_owned()).await?;
        for column in [SurveyVersions::NoticeId, SurveyVersions::InstalledBy] {
            manager.alter_table(Table::alter().table(SurveyVersions::Table).drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum SurveyVersions {
    Table,
    NoticeId,
    InstalledBy,
}

#[derive(DeriveIden)]
enum SurveyDrafts {
    Table,
    Id,
    CreatedBy,
    CreatedAt,
    Survey,
    Definition,
    EffectiveFrom,
    Notice,
}
