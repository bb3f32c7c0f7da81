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

use sea_orm::sea_query::{Index, SqliteQueryBuilder};
use sea_orm::sqlx::{AssertSqlSafe, Executor, SqlitePool, query_scalar};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, DbErr, RuntimeErr, Statement};

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
pub async fn ensure(db: &DatabaseConnection) -> Result<bool, DbErr> {
    if exists(db).await? {
        return Ok(false);
    }
    let create = Index::create()
        .name(NAME)
        .table(report::Entity)
        .unique()
        .if_not_exists()
        .col(report::Column::UnitKind)
        .col(report::Column::UnitId)
        .col(report::Column::Survey)
        .col(report::Column::Period)
        .to_owned();
    match db.get_database_backend() {
        DbBackend::Sqlite => {
            build_on_sqlite(db.get_sqlite_connection_pool(), create.to_string(SqliteQueryBuilder)).await?
        }
        _ => {
            db.execute(&create).await?;
        }
    }
    Ok(true)
}

/// On SQLite the sort of every report goes to a temporary file past the
/// cache, not into memory (where the import's connection keeps its
/// temporary b-trees), and is shared with a helper thread (SQLite sorts on
/// the connection's thread alone by default). Each sorting thread fills a
/// buffer the size of the page cache before it writes a sorted run out:
/// with the cache halved for the build, two threads hold what one held.
///
/// The settings belong to a connection, so all of it runs on one taken from
/// the pool (statements through the pool may each land on another), and
/// that connection's settings are put back before it returns to the pool.
/// Not in a transaction: SQLite refuses to change `temp_store` inside one.
async fn build_on_sqlite(pool: &SqlitePool, create: String) -> Result<(), DbErr> {
    let failed = |e: sea_orm::sqlx::Error| DbErr::Exec(RuntimeErr::SqlxError(e.into()));
    let mut conn = pool.acquire().await.map_err(failed)?;
    let half = format!("-{}", crate::server::db::SQLITE_CACHE_KIB / 2);
    let mut before = Vec::new();
    for (pragma, value) in [("temp_store", "file"), ("threads", "2"), ("cache_size", half.as_str())] {
        let was: i64 =
            query_scalar(AssertSqlSafe(format!("PRAGMA {pragma}"))).fetch_one(&mut *conn).await.map_err(failed)?;
        before.push((pragma, was));
        conn.execute(AssertSqlSafe(format!("PRAGMA {pragma} = {value}"))).await.map_err(failed)?;
    }
    let built = conn.execute(AssertSqlSafe(create)).await;
    for (pragma, value) in before {
        conn.execute(AssertSqlSafe(format!("PRAGMA {pragma} = {value}"))).await.map_err(failed)?;
    }
    built.map(drop).map_err(failed)
}
