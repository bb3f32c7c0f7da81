//! Reminders of missing daily reports (SPEC §7): one row per mail reason —
//! a unit reminded of a day (`unit`), an association or prefecture sent the
//! list of who is still missing (`list`), and the passes that finished
//! (`done`). The unique key makes each happen once, whatever number of
//! instances run the job and however often it restarts.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Reminders::Table)
                    .col(pk_auto(Reminders::Id))
                    .col(string_len(Reminders::Kind, 8))
                    .col(string_len(Reminders::Survey, 32))
                    // `f12` / `c3` for a unit, `agg:4` / `pref:13` for a list, `*` for a pass.
                    .col(string_len(Reminders::Target, 16))
                    .col(date(Reminders::Period))
                    .col(timestamp_with_time_zone(Reminders::SentAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_reminders")
                    .table(Reminders::Table)
                    .col(Reminders::Period)
                    .col(Reminders::Kind)
                    .col(Reminders::Survey)
                    .col(Reminders::Target)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Reminders::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Reminders {
    Table,
    Id,
    Kind,
    Survey,
    Target,
    Period,
    SentAt,
}
