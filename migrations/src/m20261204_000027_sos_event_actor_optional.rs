//! Issue 17: a step of an SOS request taken in the previous system by one of
//! its reviewers (who have no account in G-MIS) has no actor: the timeline
//! shows 「前システム」 instead of naming the requesting facility. The
//! `actor_id` of `sos_events` may now be empty.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// On SQLite too: every statement of the rebuild on one connection. A
    /// pooled connection that read the schema before the old table was
    /// dropped would still see it when asked to rename the new one.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        set_actor_required(manager, false).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // A step without an actor goes back to the requester, as before.
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE sos_events SET actor_id = (SELECT requested_by FROM sos_requests \
                 WHERE sos_requests.id = sos_events.request_id) WHERE actor_id IS NULL",
            )
            .await?;
        set_actor_required(manager, true).await
    }
}

async fn set_actor_required(manager: &SchemaManager<'_>, required: bool) -> Result<(), DbErr> {
    let db = manager.get_connection();
    match db.get_database_backend() {
        DbBackend::Sqlite => {
            // SQLite cannot change a column: the table is made again from its
            // own definition with the one constraint changed, and refilled.
            let row = db
                .query_one_raw(Statement::from_string(
                    DbBackend::Sqlite,
                    "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'sos_events'",
                ))
                .await?
                .ok_or_else(|| DbErr::Migration("sos_events is missing".to_owned()))?;
            let sql: String = row.try_get("", "sql")?;
            let (from, to) = if required {
                ("\"actor_id\" integer,", "\"actor_id\" integer NOT NULL,")
            } else {
                ("\"actor_id\" integer NOT NULL,", "\"actor_id\" integer,")
            };
            if !sql.contains(from) {
                return Err(DbErr::Migration(format!("unexpected definition of sos_events: {sql}")));
            }
            let create = sql.replacen(from, to, 1).replacen("\"sos_events\"", "\"sos_events_rebuilt\"", 1);
            db.execute_unprepared(&create).await?;
            db.execute_unprepared("INSERT INTO sos_events_rebuilt SELECT * FROM sos_events").await?;
            db.execute_unprepared("DROP TABLE sos_events").await?;
            db.execute_unprepared("ALTER TABLE sos_events_rebuilt RENAME TO sos_events").await?;
            db.execute_unprepared("CREATE INDEX idx_sos_events_request ON sos_events (request_id)").await?;
        }
        _ => {
            let change = if required { "SET" } else { "DROP" };
            db.execute_unprepared(&format!("ALTER TABLE sos_events ALTER COLUMN actor_id {change} NOT NULL")).await?;
        }
    }
    Ok(())
}
