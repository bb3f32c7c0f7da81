//! Connecting to the database and running migrations. SQLite (a file under
//! `data/`, WAL journal) is the embedded default; a `postgres://` URL selects
//! PostgreSQL.

use crate::domain::error::AppError;
use crate::server::errors::internal;
use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ActiveModelTrait, ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend,
    DbErr, EntityName, EntityTrait, ExecResult, IdenStatic, Iterable, Select, SqliteTransactionMode, Statement,
    TransactionOptions, TransactionTrait,
};
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};

/// How many connections the pool holds and how long a request waits for
/// one before it is answered 503 (with `Retry-After`) instead of queueing
/// for as long as the load lasts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PoolLimits {
    /// At most this many connections (default: 16 on PostgreSQL, 8 on SQLite).
    pub size: Option<u32>,
    /// The longest wait for a free connection.
    pub wait: Duration,
    /// Compiled statements each SQLite connection keeps (default: 100). A
    /// bulk insert of a few hundred rows compiles to several hundred
    /// kilobytes, and each count of rows is a statement of its own: the
    /// legacy import, which writes thousands of them, keeps a few.
    pub statements: Option<usize>,
}

impl Default for PoolLimits {
    fn default() -> Self {
        Self { size: None, wait: Duration::from_secs(5), statements: None }
    }
}

/// Opens a pool for `url` with the default limits.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    connect_with(url, PoolLimits::default()).await
}

/// Opens a pool for `url`. For SQLite the file and its folder are created if
/// missing and the journal is switched to WAL (readers never wait for the
/// writer; the setting persists in the file).
pub async fn connect_with(url: &str, limits: PoolLimits) -> Result<DatabaseConnection, DbErr> {
    let is_sqlite = url.starts_with("sqlite:");
    let url = if is_sqlite { prepare_sqlite(url)? } else { url.to_owned() };
    let mut opts = ConnectOptions::new(url);
    let size = limits.size.unwrap_or(if is_sqlite { 8 } else { 16 });
    opts.sqlx_logging(false).acquire_timeout(limits.wait).max_connections(size);
    // WAL: readers never wait for the writer. synchronous=NORMAL: a commit is
    // in the WAL before it is answered, so a killed server loses nothing it
    // acknowledged (only a power cut can lose the last commits; production
    // runs on PostgreSQL). Writers queue on the lock for up to 10 s.
    opts.map_sqlx_sqlite_opts(move |o| {
        let o = sqlite_options(o);
        match limits.statements {
            Some(kept) => o.statement_cache_capacity(kept),
            None => o,
        }
    });
    Database::connect(opts).await
}

/// Page cache per connection: 32 MiB (SQLite's default is 2 MiB). The area
/// views read a few thousand scattered rows of one day per request; with the
/// default cache every request read them again from the file (on a year of
/// 40,000 units, more than half of a prefecture page's time was spent in
/// `pread`). At most eight connections: 256 MiB at worst.
pub(crate) const SQLITE_CACHE_KIB: i64 = 32 * 1024;

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

/// The connection that writes go through. On SQLite it is a pool of one
/// connection of its own, with a thread of its own: SQLite has one writer
/// at a time, so writers queue for it in order (instead of in SQLite's busy
/// handler, which sleeps in growing steps), a writer never waits behind
/// readers for a pooled connection while it holds the write lock, and the
/// write transactions of a [`GroupCommit`] (report submissions) run on that
/// thread, their statements following each other without waiting for a
/// turn on the request threads. On PostgreSQL it is the shared pool and
/// writers run concurrently on the request threads.
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

    /// Opens a write transaction. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`), so it never fails to upgrade a read snapshot when
    /// another statement of the process wrote in between.
    pub async fn begin(&self) -> Result<DatabaseTransaction, DbErr> {
        begin_exclusive(&self.conn).await
    }
}

/// Group commit: callers queue items of work for the writer, and the writer
/// takes everything queued at that moment (up to a limit) into one call of
/// `work` — one transaction, one `COMMIT` for many callers. Each caller is
/// answered when that call has returned: with its own items' results after
/// the commit that holds them, or, when the call fails (the commit among
/// it), with its error — so nothing is acknowledged that is not committed.
/// `work` answers one result per item, in order; it keeps one item's
/// failure from undoing the others (e.g. a savepoint per item).
///
/// On SQLite the queue is served on the writer's thread, one batch at a
/// time: while a batch is written the next one gathers, so an idle writer
/// takes a lone caller at once and a busy one takes many per commit. On
/// PostgreSQL (no writer thread) each caller's items are a batch of their
/// own, written at once on the caller's task: writers run concurrently
/// there, and several instances share the database anyway.
pub struct GroupCommit<J, R> {
    writer: Writer,
    work: Work<J, R>,
    /// `None` on PostgreSQL.
    queue: Option<mpsc::UnboundedSender<Queued<J, R>>>,
    counts: Arc<Counts>,
}

/// How the queue is doing (what tests wait on).
#[derive(Default)]
struct Counts {
    /// Callers queued for a batch that has not started.
    waiting: AtomicUsize,
    /// Batches started.
    batches: AtomicUsize,
}

type Batch<R> = Pin<Box<dyn Future<Output = Result<Vec<R>, AppError>> + Send>>;
type Work<J, R> = Arc<dyn Fn(Writer, Vec<J>) -> Batch<R> + Send + Sync>;

/// One caller's items and where its answer goes.
struct Queued<J, R> {
    items: Vec<J>,
    answer: oneshot::Sender<Result<Vec<R>, AppError>>,
}

impl<J, R> Clone for GroupCommit<J, R> {
    fn clone(&self) -> Self {
        GroupCommit {
            writer: self.writer.clone(),
            work: self.work.clone(),
            queue: self.queue.clone(),
            counts: self.counts.clone(),
        }
    }
}

impl<J: Send + 'static, R: Send + 'static> GroupCommit<J, R> {
    /// Starts serving `writer`'s queue with `work`; a batch takes at most
    /// `max_items` items, unless its first caller brings more alone.
    pub fn start<F, Fut>(writer: &Writer, max_items: usize, work: F) -> GroupCommit<J, R>
    where
        F: Fn(Writer, Vec<J>) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<Vec<R>, AppError>> + Send + 'static,
    {
        let work: Work<J, R> = Arc::new(move |writer, items| Box::pin(work(writer, items)));
        let counts = Arc::new(Counts::default());
        let queue = writer.thread.as_ref().map(|thread| {
            let (queue, queued) = mpsc::unbounded_channel();
            thread.handle.spawn(serve(writer.clone(), work.clone(), queued, max_items, counts.clone()));
            queue
        });
        GroupCommit { writer: writer.clone(), work, queue, counts }
    }

    /// Writes `items` in the next batch and answers their results, in order,
    /// once the batch has committed.
    pub async fn submit(&self, items: Vec<J>) -> Result<Vec<R>, AppError> {
        let Some(queue) = &self.queue else { return (self.work)(self.writer.clone(), items).await };
        let (answer, answered) = oneshot::channel();
        self.counts.waiting.fetch_add(1, Ordering::Relaxed);
        if queue.send(Queued { items, answer }).is_err() {
            self.counts.waiting.fetch_sub(1, Ordering::Relaxed);
            return Err(internal("writer", "the writer's queue is closed"));
        }
        // Dropped unanswered only if the batch's task panicked.
        answered.await.map_err(|e| internal("writer batch", e))?
    }

    /// Callers queued for a batch that has not started yet (always 0 on
    /// PostgreSQL). Tests wait on it to know that a queue has filled.
    pub fn waiting(&self) -> usize {
        self.counts.waiting.load(Ordering::Relaxed)
    }

    /// Batches started so far (always 0 on PostgreSQL). Tests wait on it
    /// to know that the writer has taken what was queued.
    pub fn batches(&self) -> usize {
        self.counts.batches.load(Ordering::Relaxed)
    }
}

/// The writer thread's loop: takes what is queued, writes it as one batch,
/// answers, and again, until every [`GroupCommit`] is dropped.
async fn serve<J: Send + 'static, R: Send + 'static>(
    writer: Writer,
    work: Work<J, R>,
    mut queue: mpsc::UnboundedReceiver<Queued<J, R>>,
    max_items: usize,
    counts: Arc<Counts>,
) {
    while let Some(first) = queue.recv().await {
        let mut size = first.items.len();
        let mut batch = vec![first];
        while size < max_items
            && let Ok(next) = queue.try_recv()
        {
            size += next.items.len();
            batch.push(next);
        }
        counts.waiting.fetch_sub(batch.len(), Ordering::Relaxed);
        counts.batches.fetch_add(1, Ordering::Relaxed);
        let counts: Vec<usize> = batch.iter().map(|q| q.items.len()).collect();
        let (items, answers): (Vec<Vec<J>>, Vec<_>) = batch.into_iter().map(|q| (q.items, q.answer)).unzip();
        // A task of its own: if `work` panics, this loop goes on and the
        // batch's callers get an error.
        let outcome = match tokio::spawn(work(writer.clone(), items.into_iter().flatten().collect())).await {
            Ok(Ok(results)) if results.len() == size => Ok(results),
            Ok(Ok(results)) => Err(internal("writer batch", format!("{} results for {size} items", results.len()))),
            Ok(Err(e)) => Err(e),
            Err(e) => Err(internal("writer batch", e)),
        };
        match outcome {
            Ok(results) => {
                let mut results = results.into_iter();
                for (count, answer) in counts.into_iter().zip(answers) {
                    let _ = answer.send(Ok(results.by_ref().take(count).collect()));
                }
            }
            Err(e) => {
                for answer in answers {
                    let _ = answer.send(Err(e.clone()));
                }
            }
        }
    }
}

/// Opens a write transaction on a connection (every one the app opens: a
/// read before the first write, even inside `audit::record`'s caller, is
/// enough to fail), and a check followed by a write that must not
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

/// Executes `statements` in order on `conn`, each built while the one before
/// it runs (on SQLite that runs on the connection's own thread, so the
/// building of a bulk insert's next few hundred rows and the database's
/// writing of the last ones share the two cores). Stops at the first error;
/// answers the results in order.
///
/// The statements come boxed: a future that holds an iterator of closures
/// over borrowed rows across an `.await` is not `Send` for every lifetime
/// (which the writer's jobs must be), and a trait object is.
pub async fn execute_ahead(
    conn: &impl ConnectionTrait,
    mut statements: Box<dyn Iterator<Item = Statement> + Send + '_>,
) -> Result<Vec<ExecResult>, DbErr> {
    let mut results = Vec::new();
    let mut next = statements.next();
    while let Some(statement) = next {
        // `join!` polls the execution first: it hands the statement over,
        // then the next one is built while it runs.
        let (result, following) = tokio::join!(conn.execute_raw(statement), async { statements.next() });
        results.push(result?);
        next = following;
    }
    Ok(results)
}

/// A multi-row INSERT built ahead of time whose rows point at rows not
/// inserted yet: column `counted` of its k-th row holds `base + first + k`,
/// the base given when it runs (the id of the first of a run of rows SQLite
/// numbers one after another inside a transaction, see
/// `reports::write::insert_counted`). Built on any thread, so that the
/// building and the writing of a bulk run on two cores. For SQLite (its
/// placeholders).
pub struct CountedInsert {
    sql: String,
    /// Row after row, each column's value in order.
    values: Vec<sea_orm::Value>,
    /// Values per row, and the place of the counted one in a row.
    width: usize,
    at: usize,
    /// The place of its first row in the run counted from the base.
    first: i64,
}

impl CountedInsert {
    /// The insert of `rows`, each with the same columns set, `counted`
    /// counting on from `first`.
    pub fn new<A: ActiveModelTrait>(
        rows: &[A],
        counted: <A::Entity as EntityTrait>::Column,
        first: usize,
    ) -> Result<CountedInsert, DbErr> {
        let columns: Vec<_> = <A::Entity as EntityTrait>::Column::iter()
            .filter(|&c| rows.first().is_some_and(|row| row.get(c).is_set()))
            .collect();
        let at = columns
            .iter()
            .position(|c| c.as_str() == counted.as_str())
            .ok_or_else(|| DbErr::Custom(format!("{} not set", counted.as_str())))?;
        let names: Vec<String> = columns.iter().map(|c| format!("\"{}\"", c.as_str())).collect();
        let row = format!("({})", vec!["?"; columns.len()].join(", "));
        let sql = format!(
            "INSERT INTO \"{}\" ({}) VALUES {}",
            A::Entity::default().table_name(),
            names.join(", "),
            vec![row.as_str(); rows.len()].join(", ")
        );
        let mut values = Vec::with_capacity(rows.len() * columns.len());
        for row in rows {
            for &column in &columns {
                let value = row.get(column).into_value();
                values.push(value.ok_or_else(|| DbErr::Custom(format!("{} not set in every row", column.as_str())))?);
            }
        }
        let first = i64::try_from(first).map_err(|e| DbErr::Custom(e.to_string()))?;
        Ok(CountedInsert { sql, values, width: columns.len(), at, first })
    }

    /// The statement for the run beginning at `base`.
    pub fn statement(mut self, base: i64) -> Statement {
        for (k, value) in self.values.iter_mut().skip(self.at).step_by(self.width).enumerate() {
            *value = sea_orm::Value::BigInt(Some(base + self.first + k as i64));
        }
        Statement::from_sql_and_values(DbBackend::Sqlite, self.sql, self.values)
    }
}

/// Applies every pending migration, restores what an unfinished legacy
/// import left aside of the reports' tables (`reports::bulk`),
/// then brings the municipalities in line with the shipped JIS X 0402 list
/// (a regenerated list arrives this way even when its migration ran long
/// ago).
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await?;
    let restored = crate::server::reports::bulk::restore(db).await?;
    if restored.anything() {
        tracing::warn!(
            index = restored.index,
            foreign_keys = restored.keys,
            "restored what an unfinished legacy import had set aside of the reports' tables"
        );
    }
    let synced = migration::jurisdictions::sync_municipalities(db, &migration::jurisdictions::shipped()?).await?;
    if synced != migration::jurisdictions::Synced::default() {
        tracing::info!(added = synced.added, updated = synced.updated, "municipalities updated from the shipped list");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used, clippy::unwrap_used)]

    use super::*;
    use std::sync::Mutex;
    use tokio::sync::Semaphore;

    /// A batch's work for the tests: doubles each item, after the first
    /// batch has been let through `gate`; an item -1 fails its whole batch
    /// (as a failed `COMMIT` would) and an item -2 panics. Records the size
    /// of every batch.
    struct Fake {
        gate: Arc<Semaphore>,
        started: Arc<AtomicUsize>,
        sizes: Arc<Mutex<Vec<usize>>>,
    }

    impl Fake {
        fn new() -> Fake {
            Fake {
                gate: Arc::new(Semaphore::new(0)),
                started: Arc::new(AtomicUsize::new(0)),
                sizes: Arc::new(Mutex::new(Vec::new())),
            }
        }

        fn start(&self, writer: &Writer) -> GroupCommit<i32, i32> {
            let (gate, started, sizes) = (self.gate.clone(), self.started.clone(), self.sizes.clone());
            GroupCommit::start(writer, 100, move |_writer, items: Vec<i32>| {
                let (gate, started, sizes) = (gate.clone(), started.clone(), sizes.clone());
                async move {
                    if started.fetch_add(1, Ordering::SeqCst) == 0 {
                        gate.acquire().await.expect("gate").forget();
                    }
                    sizes.lock().unwrap().push(items.len());
                    assert!(!items.contains(&-2), "a bug in the batch");
                    if items.contains(&-1) {
                        return Err(AppError::Unavailable);
                    }
                    Ok(items.into_iter().map(|i| i * 2).collect())
                }
            })
        }

        /// Submits `items` as the first batch and waits until it is being
        /// written (held at the gate); its caller's answer comes from the task.
        async fn hold_first_batch(
            &self,
            queue: &GroupCommit<i32, i32>,
            items: Vec<i32>,
        ) -> tokio::task::JoinHandle<Result<Vec<i32>, AppError>> {
            let first = tokio::spawn({
                let queue = queue.clone();
                async move { queue.submit(items).await }
            });
            while self.started.load(Ordering::SeqCst) == 0 {
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
            first
        }
    }

    async fn sqlite_writer() -> (tempfile::TempDir, Writer) {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("writer.db").display());
        let db = connect(&url).await.unwrap();
        (dir, Writer::open(&db, &url).await.unwrap())
    }

    async fn until_waiting<J: Send + 'static, R: Send + 'static>(queue: &GroupCommit<J, R>, n: usize) {
        while queue.waiting() != n {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    }

    #[tokio::test]
    async fn callers_queued_while_the_writer_is_busy_share_one_batch_and_each_gets_its_own_results() {
        let (_dir, writer) = sqlite_writer().await;
        let fake = Fake::new();
        let queue = fake.start(&writer);
        let first = fake.hold_first_batch(&queue, vec![1]).await;
        let (second, third) = (queue.clone(), queue.clone());
        let second = tokio::spawn(async move { second.submit(vec![2, 3]).await });
        let third = tokio::spawn(async move { third.submit(vec![4]).await });
        until_waiting(&queue, 2).await;
        fake.gate.add_permits(1);
        assert_eq!(first.await.unwrap(), Ok(vec![2]));
        assert_eq!(second.await.unwrap(), Ok(vec![4, 6]));
        assert_eq!(third.await.unwrap(), Ok(vec![8]));
        assert_eq!(*fake.sizes.lock().unwrap(), vec![1, 3], "the two callers who waited went in one batch");
        assert_eq!(queue.waiting(), 0);
    }

    #[tokio::test]
    async fn a_batch_that_fails_answers_every_caller_in_it_with_the_error_and_no_one_else() {
        let (_dir, writer) = sqlite_writer().await;
        let fake = Fake::new();
        let queue = fake.start(&writer);
        let first = fake.hold_first_batch(&queue, vec![1]).await;
        let (second, third) = (queue.clone(), queue.clone());
        let second = tokio::spawn(async move { second.submit(vec![2]).await });
        until_waiting(&queue, 1).await;
        let third = tokio::spawn(async move { third.submit(vec![-1]).await });
        until_waiting(&queue, 2).await;
        fake.gate.add_permits(1);
        assert_eq!(first.await.unwrap(), Ok(vec![2]));
        assert_eq!(second.await.unwrap(), Err(AppError::Unavailable), "its batch did not commit");
        assert_eq!(third.await.unwrap(), Err(AppError::Unavailable));
        assert_eq!(queue.submit(vec![5]).await, Ok(vec![10]), "the next batch is written");
    }

    #[tokio::test]
    async fn a_batch_that_panics_answers_its_callers_with_an_error_and_the_writer_goes_on() {
        let (_dir, writer) = sqlite_writer().await;
        let fake = Fake::new();
        fake.gate.add_permits(1);
        let queue = fake.start(&writer);
        assert_eq!(queue.submit(vec![-2]).await, Err(AppError::Internal));
        assert_eq!(queue.submit(vec![3]).await, Ok(vec![6]));
    }

    #[tokio::test]
    async fn a_batch_takes_at_most_its_limit_unless_one_caller_brings_more() {
        let (_dir, writer) = sqlite_writer().await;
        let fake = Fake::new();
        let queue = fake.start(&writer);
        let first = fake.hold_first_batch(&queue, vec![0]).await;
        let mut callers = Vec::new();
        for items in [vec![1; 150], vec![2; 60], vec![3; 60], vec![4; 10]] {
            let caller = queue.clone();
            let n = queue.waiting();
            callers.push(tokio::spawn(async move { caller.submit(items).await }));
            until_waiting(&queue, n + 1).await;
        }
        fake.gate.add_permits(1);
        assert_eq!(first.await.unwrap(), Ok(vec![0]));
        for (caller, (item, count)) in callers.into_iter().zip([(1, 150), (2, 60), (3, 60), (4, 10)]) {
            assert_eq!(caller.await.unwrap(), Ok(vec![item * 2; count]));
        }
        assert_eq!(*fake.sizes.lock().unwrap(), vec![1, 150, 120, 10], "a limit of 100 items");
    }
}
