//! Codes and ids become `varchar` on PostgreSQL.
//!
//! The first migrations made the fixed-length codes (prefecture, municipality,
//! medical code) and hashed ids (sessions, devices, password links, submission
//! ids) `character(n)`. The driver binds Rust strings as `text`, and
//! PostgreSQL compares a `character(n)` column with a `text` parameter by
//! casting the column, which no index can serve: every lookup by session id
//! and every area filter read the whole table (a city's missing list took
//! 45 ms instead of 4). As `varchar(n)` the same values keep their indexes.
//! SQLite stores both as text and is left as it is. New columns use
//! `string_len`, never `char_len`.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Every `character(n)` column: table, then columns with their length.
/// Referencing columns come before the keys they reference.
const COLUMNS: &[(&str, &[(&str, u32)])] = &[
    ("aggregators", &[("prefecture_code", 2)]),
    ("consultation_centres", &[("prefecture_code", 2), ("municipality_code", 6)]),
    ("facilities", &[("prefecture_code", 2), ("municipality_code", 6), ("medical_code", 10)]),
    ("sos_requests", &[("prefecture_code", 2), ("municipality_code", 6), ("submission_id", 36)]),
    ("users", &[("prefecture_code", 2), ("municipality_code", 6)]),
    ("report_revisions", &[("submission_id", 36)]),
    ("known_devices", &[("id", 64)]),
    ("password_tokens", &[("token_hash", 64)]),
    ("sessions", &[("id", 64)]),
    ("municipalities", &[("prefecture_code", 2), ("code", 6)]),
    ("prefectures", &[("code", 2)]),
];

async fn retype(manager: &SchemaManager<'_>, fixed: bool) -> Result<(), DbErr> {
    if manager.get_database_backend() != sea_orm::DatabaseBackend::Postgres {
        return Ok(());
    }
    for (table, columns) in COLUMNS {
        let mut alter = Table::alter();
        alter.table(Alias::new(*table));
        for (column, len) in *columns {
            let mut def = ColumnDef::new(Alias::new(*column));
            if fixed {
                def.char_len(*len);
            } else {
                def.string_len(*len);
            }
            alter.modify_column(def);
        }
        manager.alter_table(alter).await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        retype(manager, false).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        retype(manager, true).await
    }
}
