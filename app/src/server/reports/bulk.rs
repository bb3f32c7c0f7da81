//! What the legacy import's first run sets aside while it writes more
//! reports than the tables hold, and builds again after them in one pass:
//! the reports' index in unit order ([`super::unit_index`]) and, on
//! PostgreSQL, the foreign keys of the reports and their revisions.
//!
//! Why the keys: PostgreSQL checks a foreign key row by row, with a query
//! of its own for each row inserted (the reports point at their survey
//! version and the account that wrote them, the revisions at their report
//! and account: four queries a report). On the first run over 90 days
//! those checks were 29 % of the database's time (242 s with them, 196 s
//! without and 3.5 s to check every row afterwards in one join a key).
//!
//! The keys come back first unchecked (`NOT VALID`: every row written from
//! then on is checked), then every row is checked (`VALIDATE CONSTRAINT`,
//! which lets the other sessions read and write meanwhile), so the schema
//! ends as the migrations made it. Until then (an import stopped by
//! `kill -9`, say) nothing refuses a report pointing at no account; no code
//! writes one, the next import and the next start (`db::migrate`) put the
//! keys back and check every row. SQLite checks its keys in the writing
//! process at little cost and cannot drop one without copying the table:
//! there they stay.

use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, DbErr, Statement, TransactionTrait};

use super::unit_index;

/// A foreign key as migration 6 created it.
struct Key {
    table: &'static str,
    name: &'static str,
    definition: &'static str,
}

const KEYS: [Key; 4] = [
    Key {
        table: "reports",
        name: "fk_reports_survey_version_id",
        definition: "FOREIGN KEY (survey_version_id) REFERENCES survey_versions(id)",
    },
    Key {
        table: "reports",
        name: "fk_reports_updated_by",
        definition: "FOREIGN KEY (updated_by) REFERENCES users(id)",
    },
    Key {
        table: "report_revisions",
        name: "fk_report_revisions_report_id",
        definition: "FOREIGN KEY (report_id) REFERENCES reports(id) ON DELETE CASCADE",
    },
    Key {
        table: "report_revisions",
        name: "fk_report_revisions_entered_by",
        definition: "FOREIGN KEY (entered_by) REFERENCES users(id)",
    },
];

/// What [`restore`] did.
#[derive(Debug)]
pub struct Restored {
    /// The index in unit order was built.
    pub index: bool,
    /// Foreign keys put back or checked.
    pub keys: usize,
}

impl Restored {
    pub fn anything(&self) -> bool {
        self.index || self.keys > 0
    }
}

/// Drops the index in unit order and, on PostgreSQL, the foreign keys
/// (nothing of what is not there).
pub async fn set_aside(db: &DatabaseConnection) -> Result<(), DbErr> {
    unit_index::set_aside(db).await?;
    if db.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    // All of them or none.
    let txn = db.begin().await?;
    for key in &KEYS {
        txn.execute_unprepared(&format!("ALTER TABLE {} DROP CONSTRAINT IF EXISTS {}", key.table, key.name)).await?;
    }
    txn.commit().await
}

/// Whether everything [`set_aside`] drops is there, the keys checked.
pub async fn in_place(db: &DatabaseConnection) -> Result<bool, DbErr> {
    Ok(unit_index::exists(db).await? && keys(db).await?.iter().all(|k| k == &Some(true)))
}

/// Builds the index in unit order and puts back the foreign keys and checks
/// them, where they are not there or not checked.
pub async fn restore(db: &DatabaseConnection) -> Result<Restored, DbErr> {
    let index = unit_index::ensure(db).await?;
    let mut restored = Restored { index, keys: 0 };
    for (key, state) in KEYS.iter().zip(keys(db).await?) {
        if state.is_none() {
            db.execute_unprepared(&format!(
                "ALTER TABLE {} ADD CONSTRAINT {} {} NOT VALID",
                key.table, key.name, key.definition
            ))
            .await?;
        }
        if state != Some(true) {
            db.execute_unprepared(&format!("ALTER TABLE {} VALIDATE CONSTRAINT {}", key.table, key.name)).await?;
            restored.keys += 1;
        }
    }
    Ok(restored)
}

/// Each key of [`KEYS`]: `None` when it is not there, else whether every
/// row is checked. On SQLite they are always there.
async fn keys(db: &DatabaseConnection) -> Result<Vec<Option<bool>>, DbErr> {
    let backend = db.get_database_backend();
    if backend != DbBackend::Postgres {
        return Ok(vec![Some(true); KEYS.len()]);
    }
    let sql = "SELECT conname, convalidated FROM pg_constraint \
               WHERE contype = 'f' AND connamespace = current_schema()::regnamespace AND conname = ANY($1)";
    let names: Vec<String> = KEYS.iter().map(|k| k.name.to_owned()).collect();
    let rows = db.query_all_raw(Statement::from_sql_and_values(backend, sql, [names.into()])).await?;
    let mut found = std::collections::HashMap::new();
    for row in rows {
        found.insert(row.try_get_by_index::<String>(0)?, row.try_get_by_index::<bool>(1)?);
    }
    Ok(KEYS.iter().map(|k| found.get(k.name).copied()).collect())
}
