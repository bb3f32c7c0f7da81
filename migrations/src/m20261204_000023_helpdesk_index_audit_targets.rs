//! The helpdesk console (issue 20) shows the earlier console steps on an
//! account: the audit rows whose target is that account. Without an index
//! that is a scan of the whole audit log at every lookup during a call.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("idx_audit_target")
                    .table(AuditLog::Table)
                    .if_not_exists()
                    .col(AuditLog::TargetKind)
                    .col(AuditLog::TargetId)
                    .col(AuditLog::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("idx_audit_target").table(AuditLog::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    TargetKind,
    TargetId,
    Id,
}
