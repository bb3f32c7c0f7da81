//! Connecting to the database and running migrations. SQLite (a file under
//! `data/`, WAL journal) is the embedded default; a `postgres://` URL selects
//! PostgreSQL.

use crate::domain::error::AppError;
use crate::server::errors::internal;
use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, EntityTrait,
    Select, SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use std::sync::Arc;
use std::time::Duration;

/// Opens a pool for `url`. For SQLite the file and its folder are created if
/// missing and the journal is switched to WAL (readers never wait for the
/// writer; the setting persists in the file).
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let is_sqlite = url.starts_with("sqlite:");
    let url = if is_sqlite { prepare_sqlite(url)? } else { url.to_owned() };
    let mut opts = ConnectOptions::new(url);
    opts.sqlx_logging(false).acquire_timeout(Duration::from_secs(10)).max_connections(if is_sqlite { 8 } else { 16 });
    // WAL: readers never wait for the writer. synchronous=NORMAL: a commit is
    // in the WAL before it is answered, so a killed server loses nothing it
    // acknowledged (only a power cut can lose the last commits; production
    // runs on PostgreSQL). Writers queue on the lock for up to 10 s.
    opts.map_sqlx_sqlite_opts(sqlite_options);
    Database::connect(opts).await
}

/// Page cache per connection: 32 MiB (SQLite's default is 2 MiB). The area
/// views read a few thousand scattered rows of one day per request; with the
/// default cache every request read them again from the file (on a year of
/// 40,000 units, more than half of a prefecture page's time was spent in
/// `pread`). At most eight connections: 256 MiB at worst.
const SQLITE_CACHE_KIB: i64 = 32 * 1024;

fn sqlite_options(o: SqliteConnectOptions) -> SqliteConnectOptions {
    o.journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(Duration::from_secs(10))
        .pragma("cache_size", format!("-{SQLITE_CACHE_KIB}"))
}

/// Look-ups on hot paths: `first` instead of sea-orm's `one`. `one` binds
/// its `LIMIT 1` as a parameter, and SQLite (built with STAT4) then compiles
/// the statement again on every call; `first` fetches without a limit, so
/// use it where the filter matches at most a few rows (a unique key).
pub trait FirstRow<E: EntityTrait> {
    fn first<C: ConnectionTrait>(self, conn: &C) -> impl Future<Output = Result<Option<E::Model>, DbErr>> + Send;
}

impl<E: EntityTrait> FirstRow<E> for Select<E> {
    async fn first<C: ConnectionTrait>(self, conn: &C) -> Result<Option<E::Model>, DbErr> {
        Ok(self.all(conn).await?.into_iter().next())
    }
}

/// Adds `mode=rwc` and creates the parent folder of a file database.
fn prepare_sqlite(url: &str) -> Result<String, DbErr> {
    let rest = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let path = rest.split('?').next().unwrap_or_default();
    if !path.is_empty()
        && path != ":memory:"
        && let Some(parent) = std::path::Path::new(path).parent().filter(|p| !p.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent)
            .map_err(|e| DbErr::Custom(format!("cannot create {}: {e}", parent.display())))?;
    }
    Ok(if url.contains("mode=") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    })
}

/// The connection that report writes go through. On SQLite it is a pool of
/// one connection of its own, driven by a thread of its own: SQLite has one
/// writer at a time, so writers queue for it in order (instead of in
/// SQLite's busy handler, which sleeps in growing steps), a writer never
/// waits behind readers for a pooled connection while it holds the write
/// lock, and the write transaction's statements follow each other without
/// waiting for a turn on the request threads. On PostgreSQL it is the shared
/// pool and writers run concurrently on the request threads.
#[derive(Clone, Debug)]
pub struct Writer {
    conn: DatabaseConnection,
    thread: Option<Arc<WriterThread>>,
}

#[derive(Debug)]
struct WriterThread {
    handle: tokio::runtime::Handle,
    /// Dropped with the last `Writer`: the thread then ends.
    _stop: tokio::sync::oneshot::Sender<()>,
}

impl Writer {
    /// The writer for `db`, opened on `url` (the same database).
    pub async fn open(db: &DatabaseConnection, url: &str) -> Result<Writer, DbErr> {
        if db.get_database_backend() != DbBackend::Sqlite {
            return Ok(Writer { conn: db.clone(), thread: None });
        }
        let mut opts = ConnectOptions::new(prepare_sqlite(url)?);
        opts.sqlx_logging(false).max_connections(1).min_connections(1).acquire_timeout(Duration::from_secs(30));
        opts.map_sqlx_sqlite_opts(sqlite_options);
        let conn = Database::connect(opts).await?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| DbErr::Custom(format!("writer runtime: {e}")))?;
        let handle = runtime.handle().clone();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        std::thread::Builder::new()
            .name("gmis-writer".to_owned())
            .spawn(move || {
                let _ = runtime.block_on(stopped);
            })
            .map_err(|e| DbErr::Custom(format!("writer thread: {e}")))?;
        Ok(Writer { conn, thread: Some(Arc::new(WriterThread { handle, _stop: stop })) })
    }

    /// Runs `work` (a write transaction) on the writer's thread, or here on
    /// PostgreSQL, and returns its result.
    pub async fn run<T, F, Fut>(&self, work: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(Writer) -> Fut + Send + 'static,
        Fut: Future<Output = Result<T, AppError>> + Send + 'static,
    {
        match &self.thread {
            None => work(self.clone()).await,
            Some(t) => t.handle.spawn(work(self.clone())).await.map_err(|e| internal("writer task", e))?,
        }
    }

    /// Opens a write transaction. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`), so it never fails to upgrade a read snapshot when
    /// another statement of the process wrote in between.
    pub async fn begin(&self) -> Result<DatabaseTransaction, DbErr> {
        begin_exclusive(&self.conn).await
    }
}

/// Opens a transaction for a check followed by a write that must not
/// interleave with another one (a count against a limit, an overlap check).
/// On SQLite it takes the write lock at once (`BEGIN IMMEDIATE`), so such
/// transactions run one after the other and never fail to upgrade with
/// "database is locked"; on PostgreSQL the caller locks the row the check is
/// about with `lock_exclusive()` (`FOR UPDATE`, which SQLite leaves out).
pub async fn begin_exclusive(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..TransactionOptions::default()
    })
    .await
}

/// Applies every pending migration.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}
