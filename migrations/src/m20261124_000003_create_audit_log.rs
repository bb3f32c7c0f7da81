//! The audit log: every login, failed authorization and data change.
//! Rows are only ever inserted.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(big_pk_auto(AuditLog::Id))
                    .col(timestamp_with_time_zone(AuditLog::At))
                    // No foreign key: the log outlives what it talks about.
                    .col(integer_null(AuditLog::ActorUserId))
                    // The login ID as typed for a failed login (never the password).
                    .col(string_len(AuditLog::ActorLabel, 64))
                    .col(string_len(AuditLog::Action, 64))
                    .col(string_len(AuditLog::Outcome, 16))
                    .col(string_len_null(AuditLog::TargetKind, 32))
                    .col(string_len_null(AuditLog::TargetId, 64))
                    // JSON: old → new values, reasons.
                    .col(text_null(AuditLog::Detail))
                    .col(string_len_null(AuditLog::Ip, 64))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("idx_audit_at").table(AuditLog::Table).col(AuditLog::At).to_owned())
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_audit_actor")
                    .table(AuditLog::Table)
                    .col(AuditLog::ActorUserId)
                    .col(AuditLog::At)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(AuditLog::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    At,
    ActorUserId,
    ActorLabel,
    Action,
    Outcome,
    TargetKind,
    TargetId,
    Detail,
    Ip,
}
