//! The reports' index in unit order (`uq_reports_period`: unit, survey,
//! day), which a unit's calendar, history and form and the integration
//! API's pull read. A report's day is unique by a second index in day order
//! (`uq_reports_day`), so this one can be set aside while the legacy import
//! writes more reports than the table holds, and built again afterwards.
//!
//! Why: the previous system's export comes day by day, and each day's tens
//! of thousands of reports, one per unit, land one per leaf page of an index
//! in unit order; once that index outgrows the database's cache every report
//! costs a page read and a page written to the log (the import's first run
//! over 90 days: 270 s with it, 208 s without). Built afterwards, it is one
//! sort.
//!
//! Until it is built again (after an import stopped by `kill -9`, say) every
//! query still answers, only a unit's pages read more of the day-ordered
//! index; the next import and the next start (`db::migrate`) build it.

use sea_orm::sea_query::Index;
use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement};

use crate::server::entities::report;

/// The index's name (as migration 6 created it).
const NAME: &str = "uq_reports_period";

/// Whether the index is there.
pub async fn exists(db: &impl ConnectionTrait) -> Result<bool, DbErr> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Sqlite => "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = $1",
        _ => "SELECT COUNT(*) FROM pg_indexes WHERE schemaname = current_schema() AND indexname = $1",
    };
    let row = db.query_one_raw(Statement::from_sql_and_values(backend, sql, [NAME.into()])).await?;
    Ok(row.map(|r| r.try_get_by_index::<i64>(0)).transpose()?.unwrap_or(0) > 0)
}

/// Drops the index (nothing if it is not there).
pub async fn set_aside(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    db.execute(&Index::drop().name(NAME).table(report::Entity).if_exists().to_owned()).await?;
    Ok(())
}

/// Builds the index when it is not there; answers whether it built it.
pub async fn ensure(db: &impl ConnectionTrait) -> Result<bool, DbErr> {
    if exists(db).await? {
        return Ok(false);
    }
    let backend = db.get_database_backend();
    // On SQLite the sort of every report goes to a temporary file past the
    // cache, not into memory (where the import's connection keeps its
    // temporary b-trees), and is shared with a helper thread (SQLite sorts
    // on the connection's thread alone by default). Each sorting thread
    // fills a buffer the size of the page cache before it writes a sorted
    // run out: with the cache halved for the build, two threads hold what
    // one held. The connection's settings are put back after.
    let before = match backend {
        DbBackend::Sqlite => {
            let mut before = Vec::new();
            let half = format!("-{}", crate::server::db::SQLITE_CACHE_KIB / 2);
            for (pragma, value) in [("temp_store", "file"), ("threads", "2"), ("cache_size", half.as_str())] {
                let row = db.query_one_raw(Statement::from_string(backend, format!("PRAGMA {pragma}"))).await?;
                before.push((pragma, row.map(|r| r.try_get_by_index::<i32>(0)).transpose()?.unwrap_or(0)));
                db.execute_unprepared(&format!("PRAGMA {pragma} = {value}")).await?;
            }
            before
        }
        _ => Vec::new(),
    };
    let built = db
        .execute(
            &Index::create()
                .name(NAME)
                .table(report::Entity)
                .unique()
                .if_not_exists()
                .col(report::Column::UnitKind)
                .col(report::Column::UnitId)
                .col(report::Column::Survey)
                .col(report::Column::Period)
                .to_owned(),
        )
        .await;
    for (pragma, value) in before {
        db.execute_unprepared(&format!("PRAGMA {pragma} = {value}")).await?;
    }
    built?;
    Ok(true)
}
