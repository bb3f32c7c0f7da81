//! The audit log becomes tamper-evident (issue 20): a `hash` column holding
//! each row's link of the hash chain (`crate::audit_chain`), the rows
//! already written chained here in `id` order (so `gmis audit verify`
//! passes on an upgraded database), and on PostgreSQL a trigger that
//! refuses every UPDATE, DELETE and TRUNCATE of `audit_log`. On SQLite a
//! one-row table `audit_write_lock` is what a writer of audit rows writes
//! first, so that it holds SQLite's write lock before it reads the last
//! hash (`app::server::audit`).

use crate::audit_chain::{ChainFields, GENESIS, row_hash};
use sea_orm::prelude::DateTimeUtc;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

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
    Hash,
}

#[derive(DeriveIden)]
enum AuditWriteLock {
    Table,
    Id,
    N,
}

/// Rows read per page while chaining the existing log.
const PAGE: u64 = 1000;

const PG_TRIGGER: &str = r"
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP;
END
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter().table(AuditLog::Table).add_column(string_len_null(AuditLog::Hash, 64)).to_owned(),
            )
            .await?;
        chain_existing(manager).await?;
        let db = manager.get_connection();
        if manager.get_database_backend() == sea_orm::DbBackend::Postgres {
            db.execute_unprepared(PG_TRIGGER).await?;
        } else {
            manager
                .create_table(
                    Table::create()
                        .table(AuditWriteLock::Table)
                        .col(integer(AuditWriteLock::Id).primary_key())
                        .col(big_integer(AuditWriteLock::N))
                        .to_owned(),
                )
                .await?;
            db.execute_unprepared("INSERT INTO audit_write_lock (id, n) VALUES (1, 0)").await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == sea_orm::DbBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared(
                    "DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log;
                     DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log;
                     DROP FUNCTION IF EXISTS audit_log_append_only();",
                )
                .await?;
        } else {
            manager.drop_table(Table::drop().table(AuditWriteLock::Table).if_exists().to_owned()).await?;
        }
        manager.alter_table(Table::alter().table(AuditLog::Table).drop_column(AuditLog::Hash).to_owned()).await
    }
}

/// Chains the rows written before this migration, page by page in `id`
/// order (the log may be long: it is never read whole).
async fn chain_existing(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let mut prev = GENESIS.to_owned();
    let mut after = 0i64;
    loop {
        let page = Query::select()
            .columns([
                AuditLog::Id,
                AuditLog::At,
                AuditLog::ActorUserId,
                AuditLog::ActorLabel,
                AuditLog::Action,
                AuditLog::Outcome,
                AuditLog::TargetKind,
                AuditLog::TargetId,
                AuditLog::Detail,
                AuditLog::Ip,
            ])
            .from(AuditLog::Table)
            .and_where(Expr::col(AuditLog::Id).gt(after))
            .order_by(AuditLog::Id, Order::Asc)
            .limit(PAGE)
            .to_owned();
        let rows = db.query_all(&page).await?;
        if rows.is_empty() {
            return Ok(());
        }
        for row in rows {
            let id: i64 = row.try_get("", "id")?;
            let at: DateTimeUtc = row.try_get("", "at")?;
            let actor_user_id: Option<i32> = row.try_get("", "actor_user_id")?;
            let actor_label: String = row.try_get("", "actor_label")?;
            let action: String = row.try_get("", "action")?;
            let outcome: String = row.try_get("", "outcome")?;
            let target_kind: Option<String> = row.try_get("", "target_kind")?;
            let target_id: Option<String> = row.try_get("", "target_id")?;
            let detail: Option<String> = row.try_get("", "detail")?;
            let ip: Option<String> = row.try_get("", "ip")?;
            let hash = row_hash(
                &prev,
                &ChainFields {
                    at,
                    actor_user_id,
                    actor_label: &actor_label,
                    action: &action,
                    outcome: &outcome,
                    target_kind: target_kind.as_deref(),
                    target_id: target_id.as_deref(),
                    detail: detail.as_deref(),
                    ip: ip.as_deref(),
                },
            );
            let update = Query::update()
                .table(AuditLog::Table)
                .value(AuditLog::Hash, hash.clone())
                .and_where(Expr::col(AuditLog::Id).eq(id))
                .to_owned();
            db.execute(&update).await?;
            prev = hash;
            after = id;
        }
    }
}
