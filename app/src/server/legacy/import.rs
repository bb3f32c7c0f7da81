//! `gmis legacy import DIR`: the previous system's export into G-MIS.
//!
//! A run first checks every row of every file it imports — its own values
//! ([`units::check`], [`memberships::check`]) and against what G-MIS and the
//! other files hold (municipalities, login IDs and 医療機関コード already in
//! use, duplicates, references, overlapping memberships) — and writes the
//! rejected rows and the summary for the operator. A file that cannot be
//! read as a whole (encoding, header, a cut-off or absurdly long record)
//! stops the run before anything is written. With `--dry-run` it stops
//! there too.
//!
//! Then it imports the accepted rows in batches of [`BATCH`] (reports
//! [`REPORT_BATCH`]), each transaction one batch (reports up to
//! [`REPORTS_PER_TRANSACTION`]) holding the records, their `legacy_rows`
//! entries and their audit rows. The `legacy_rows` entry (file + natural
//! key → fingerprint, target) is what makes runs repeatable: a row already
//! there with the same fingerprint is unchanged and left alone, one with
//! another fingerprint is updated with an audit entry 「移行データ更新」 (old →
//! new), and a run killed anywhere leaves whole transactions only, which the
//! next run counts as unchanged before it goes on.
//!
//! Accounts are migrated: login ID kept, no password hash (none is carried
//! over), waiting for a password. Their password links and letters are
//! queued through the same issuance as registration, only with `--notify`,
//! once per account whichever run asks for it.

use crate::domain::accounts::{AccountKind, ValidRow};
use crate::domain::ids::PrefectureCode;
use crate::domain::jurisdiction::FacilityKind;
use crate::domain::memberships::overlaps;
use crate::domain::reports::{PeriodRules, ReportUnit};
use crate::domain::roles::Role;
use crate::domain::surveys::SurveyKind;
use crate::server::accounts::new_user;
use crate::server::audit::{self, AuditAction, AuditEntry};
use crate::server::db::{CountedInsert, begin_exclusive, execute_ahead};
use crate::server::entities::{
    aggregator, centre, facility, legacy_row, legacy_run, membership, municipality, prefecture, user,
};
use crate::server::entities::{report, sos_event, sos_line, sos_request, survey_version};
use crate::server::jurisdictions::{unknown_municipality, usable_municipality};
use crate::server::legacy::compact::{Class, Lines, Seen};
use crate::server::legacy::memberships::{self, MembershipRow};
use crate::server::legacy::outcome::{self, FileCounts, Rejection, Rejections};
use crate::server::legacy::reader::{CsvReader, FileError, RawRecord, Record};
use crate::server::legacy::reports::{self, ReportFile, ReportRow};
use crate::server::legacy::sos;
use crate::server::legacy::units;
use crate::server::registration::{facility_kind, facility_row, insert_unit, queue_issuance};
use crate::server::reports::{
    MigratedOutcome, MigratedReport, PreparedReport, ReadyReports, bulk, install, write_migrated, write_ready,
};
use chrono::{DateTime, NaiveDate, Utc};
use rayon::iter::{IntoParallelIterator, ParallelIterator};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait, Set,
};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Rows per transaction: big enough that commits do not dominate, small
/// enough that a kill loses little work and no lock is held for long.
pub const BATCH: usize = 500;

/// Who the audit rows name as the actor.
const ACTOR: &str = "cli:legacy-import";

/// The reason on every update of a migrated record.
pub const UPDATE_REASON: &str = "移行データ更新";

/// The reason on the first revision of a migrated report.
pub const FIRST_REASON: &str = "移行";

/// Files of the export that are defined (docs/legacy-export.md) but not
/// imported by this version; a run names those it finds. Every defined
/// file is imported now.
pub const NOT_YET_IMPORTED: [&str; 0] = [];

/// How to run.
#[derive(Clone, Debug)]
pub struct Options {
    /// Check and write the rejected rows and summary; import nothing.
    pub dry_run: bool,
    /// Queue password links and letters for migrated accounts not yet sent one.
    pub notify: bool,
    /// `GMIS_PUBLIC_URL`: mailed links are built from it.
    pub public_url: String,
    /// Where `rejected.csv` and `summary.txt` are written (created if missing).
    pub out_dir: PathBuf,
    /// The services' clock.
    pub now: DateTime<Utc>,
}

/// Which pass over a file is running.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Reading and checking: progress in bytes of the file.
    Check,
    /// Writing the accepted rows: progress in rows.
    Import,
    /// Building an index again after the rows (no measure of progress).
    Index,
}

/// Where a run reports its progress (a bar on a terminal, lines in a log).
pub trait Progress: Send + Sync {
    fn start(&self, file: &str, phase: Phase, total: u64);
    fn set(&self, done: u64);
    fn finish(&self);
}

/// No progress output (tests).
pub struct Silent;

impl Progress for Silent {
    fn start(&self, _: &str, _: Phase, _: u64) {}
    fn set(&self, _: u64) {}
    fn finish(&self) {}
}

/// What a run did.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// The `legacy_runs` row (none for a dry run or a run stopped by a file error).
    pub run_id: Option<i32>,
    pub counts: Vec<FileCounts>,
    /// Problems that stopped the run before it wrote anything (also in `rejected.csv`).
    pub file_errors: Vec<Rejection>,
    /// Files found that this version does not import.
    pub not_imported: Vec<String>,
    /// Accounts whose password link / letter was queued by this run.
    pub notified: u64,
    pub rejected_path: PathBuf,
    pub summary_path: PathBuf,
    /// Whether rows were written.
    pub committed: bool,
}

/// A failure that ends the run: a Japanese sentence naming the file and
/// line where there is one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError(pub String);

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<DbErr> for ImportError {
    fn from(e: DbErr) -> Self {
        ImportError(format!("データベースのエラー: {e}"))
    }
}

impl From<crate::domain::error::AppError> for ImportError {
    fn from(e: crate::domain::error::AppError) -> Self {
        ImportError(format!("データベースのエラー: {}", e.message()))
    }
}

fn at(file: &str, line: u64, e: impl std::fmt::Display) -> ImportError {
    ImportError(format!("{file} {line}行目: {e}"))
}

/// A `legacy_rows` entry as the check needs it.
#[derive(Clone, Debug)]
struct Previous {
    id: i32,
    fingerprint: Fingerprint,
    target_id: i32,
    notified: bool,
}

/// What [`Previous`] is read from: id, key, fingerprint, target, notified.
type PreviousRow = (i32, String, String, i32, bool);

const PREVIOUS_COLUMNS: [legacy_row::Column; 5] = [
    legacy_row::Column::Id,
    legacy_row::Column::RowKey,
    legacy_row::Column::Fingerprint,
    legacy_row::Column::TargetId,
    legacy_row::Column::Notified,
];

impl Previous {
    fn from_row((id, key, fingerprint, target_id, notified): PreviousRow) -> (String, Previous) {
        (key, Previous { id, fingerprint: Fingerprint::parse(&fingerprint), target_id, notified })
    }
}

/// A row's fingerprint as `legacy_rows` stores it (SHA-256 in hex), held as
/// its 32 bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Fingerprint([u8; 32]);

impl Fingerprint {
    /// From the stored hex (anything else reads as no fingerprint at all,
    /// which no row matches: the row is then imported again as changed).
    fn parse(hex: &str) -> Fingerprint {
        let mut out = [0u8; 32];
        let digits = hex.as_bytes();
        if digits.len() == 64 {
            for (byte, pair) in out.iter_mut().zip(digits.chunks(2)) {
                match std::str::from_utf8(pair).ok().and_then(|p| u8::from_str_radix(p, 16).ok()) {
                    Some(b) => *byte = b,
                    None => return Fingerprint([0; 32]),
                }
            }
        }
        Fingerprint(out)
    }

    /// Whether `hex` (a row's fingerprint as just computed) is this one.
    fn is(&self, hex: &str) -> bool {
        hex.len() == 64 && Fingerprint::parse(hex) == *self
    }
}

/// What G-MIS holds that the checks compare with, read once per run.
struct Known {
    prefectures: HashMap<String, PrefectureCode>,
    /// Codes in force.
    municipalities: HashSet<String>,
    /// Retired codes and why they cannot be used (with their successor).
    retired_municipalities: HashMap<String, String>,
    /// Every account: login ID → (user id, role, facility id).
    users: HashMap<String, (i32, Role, Option<i32>)>,
    /// The same by user id: (role, facility id).
    accounts: HashMap<i32, (Role, Option<i32>)>,
    facility_codes: HashMap<String, i32>,
    facility_code_of: HashMap<i32, String>,
    /// 医療機関コード → 病院 or 診療所.
    facility_kinds: HashMap<String, AccountKind>,
    units: HashMap<String, Previous>,
    memberships: HashMap<String, Previous>,
    /// Memberships registered in G-MIS itself (not migrated), per facility.
    native_memberships: HashMap<i32, Vec<(NaiveDate, Option<NaiveDate>)>>,
    /// Every membership in G-MIS, by (association's user id, facility id).
    member_spans: HashMap<(i32, i32), Vec<Span>>,
    /// SOS requests earlier runs imported, by 要請番号.
    sos: HashMap<String, Previous>,
}

/// Every account as the checks and the import name them: id, login ID,
/// role, facility, centre (only these columns: 40,000 whole rows cost tens
/// of megabytes while they are read).
async fn account_rows(db: &DatabaseConnection) -> Result<Vec<(i32, String, Role, Option<i32>, Option<i32>)>, DbErr> {
    user::Entity::find()
        .select_only()
        .columns([
            user::Column::Id,
            user::Column::LoginId,
            user::Column::Role,
            user::Column::FacilityId,
            user::Column::CentreId,
        ])
        .into_tuple()
        .all(db)
        .await
}

/// Rows of `legacy_rows` read per query by [`previous`]: the rows of a
/// large file arrive a page at a time instead of all at once.
const PREVIOUS_PAGE: u64 = 20_000;

async fn previous(db: &DatabaseConnection, file: &str) -> Result<HashMap<String, Previous>, DbErr> {
    let mut out = HashMap::new();
    // Pages in the order of the (file, row_key) index: a range of it, never a sort.
    let mut after = String::new();
    loop {
        let page: Vec<PreviousRow> = legacy_row::Entity::find()
            .select_only()
            .columns(PREVIOUS_COLUMNS)
            .filter(legacy_row::Column::File.eq(file))
            .filter(legacy_row::Column::RowKey.gt(after.as_str()))
            .order_by_asc(legacy_row::Column::RowKey)
            .limit(PREVIOUS_PAGE)
            .into_tuple()
            .all(db)
            .await?;
        let Some(last) = page.last() else { break };
        after.clone_from(&last.1);
        let full = page.len() as u64 == PREVIOUS_PAGE;
        out.reserve(page.len());
        out.extend(page.into_iter().map(Previous::from_row));
        if !full {
            break;
        }
    }
    out.shrink_to_fit();
    Ok(out)
}

impl Known {
    /// The login ID under which an earlier run migrated the facility
    /// `facility_id`, if one did.
    fn migrated_login_of(&self, facility_id: i32) -> Option<&str> {
        self.units.iter().find_map(|(login, prev)| {
            let (_, facility) = self.accounts.get(&prev.target_id)?;
            (*facility == Some(facility_id)).then_some(login.as_str())
        })
    }

    async fn load(db: &DatabaseConnection) -> Result<Known, DbErr> {
        let mut prefectures = HashMap::new();
        for p in prefecture::Entity::find().all(db).await? {
            if let Ok(code) = PrefectureCode::parse(&p.code) {
                prefectures.insert(p.name, code.clone());
                prefectures.insert(p.code, code);
            }
        }
        let (mut municipalities, mut retired_municipalities) = (HashSet::new(), HashMap::new());
        for m in municipality::Entity::find().all(db).await? {
            if m.retired_on.is_none() {
                municipalities.insert(m.code);
            } else if let Err(reason) = usable_municipality(db, &m.code).await? {
                retired_municipalities.insert(m.code, reason);
            }
        }
        let users: HashMap<String, (i32, Role, Option<i32>)> = account_rows(db)
            .await?
            .into_iter()
            .map(|(id, login, role, facility, _)| (login, (id, role, facility)))
            .collect();
        let accounts = users.values().map(|(id, role, facility)| (*id, (*role, *facility))).collect();
        let codes: Vec<(i32, String, FacilityKind)> = facility::Entity::find()
            .select_only()
            .column(facility::Column::Id)
            .column(facility::Column::MedicalCode)
            .column(facility::Column::Kind)
            .into_tuple()
            .all(db)
            .await?;
        let facility_kinds = codes
            .iter()
            .map(|(_, c, k)| {
                (c.clone(), if *k == FacilityKind::Hospital { AccountKind::Hospital } else { AccountKind::Clinic })
            })
            .collect();
        let codes: Vec<(i32, String)> = codes.into_iter().map(|(id, c, _)| (id, c)).collect();
        let memberships = previous(db, memberships::FILE).await?;
        let migrated: HashSet<i32> = memberships.values().map(|p| p.target_id).collect();
        let mut native_memberships: HashMap<i32, Vec<_>> = HashMap::new();
        let mut member_spans: HashMap<(i32, i32), Vec<Span>> = HashMap::new();
        for m in membership::Entity::find().all(db).await? {
            member_spans.entry((m.aggregator_id, m.facility_id)).or_default().push((m.valid_from, m.valid_to));
            if !migrated.contains(&m.id) {
                native_memberships.entry(m.facility_id).or_default().push((m.valid_from, m.valid_to));
            }
        }
        Ok(Known {
            prefectures,
            municipalities,
            retired_municipalities,
            users,
            accounts,
            facility_codes: codes.iter().map(|(id, c)| (c.clone(), *id)).collect(),
            facility_code_of: codes.into_iter().collect(),
            facility_kinds,
            units: previous(db, units::FILE).await?,
            memberships,
            native_memberships,
            member_spans,
            sos: previous(db, sos::REQUESTS_FILE).await?,
        })
    }
}

/// The check of one file: its counts, its rejections, and the class of
/// each accepted line.
#[derive(Default)]
struct Checked {
    counts: FileCounts,
    accepted: Lines,
    file_error: Option<Rejection>,
}

impl Checked {
    fn new(file: &str) -> Self {
        Checked { counts: FileCounts { file: file.to_owned(), ..FileCounts::default() }, ..Checked::default() }
    }

    fn accept(&mut self, line: u64, class: Class) {
        match class {
            Class::New => self.counts.imported += 1,
            Class::Unchanged => self.counts.unchanged += 1,
            Class::Changed => self.counts.updated += 1,
        }
        self.accepted.insert(line, class);
    }

    /// A row accepted by the check that the import could not write after
    /// all (its day was reported in G-MIS meanwhile).
    fn refuse_late(&mut self, class: Class) {
        match class {
            Class::New => self.counts.imported -= 1,
            Class::Unchanged => self.counts.unchanged -= 1,
            Class::Changed => self.counts.updated -= 1,
        }
        self.counts.rejected += 1;
    }
}

/// A membership's first day and last day (none: still a member).
type Span = (NaiveDate, Option<NaiveDate>);

/// The memberships `memberships.csv` had accepted, by (association's login
/// ID, 医療機関コード): what 代理入力 in the report files is checked against,
/// besides the memberships G-MIS holds.
type MembersInFile = HashMap<(String, String), Vec<Span>>;

/// The accepted periods of each facility so far: (line, first day, last day).
type Periods = HashMap<String, Vec<(u64, NaiveDate, Option<NaiveDate>)>>;

/// What `facilities.csv` offers to `memberships.csv`.
#[derive(Default)]
struct UnitsInFile {
    /// Accepted login IDs and whether each is an association.
    logins: HashMap<String, bool>,
    codes: HashSet<String>,
    refused_logins: HashSet<String>,
    refused_codes: HashSet<String>,
    /// Accepted login IDs and 医療機関コード with their 区分 (what the report files check).
    kinds: HashMap<String, AccountKind>,
    code_kinds: HashMap<String, AccountKind>,
}

fn open(path: &Path, file: &str, columns: &[&str]) -> Result<CsvReader<std::io::BufReader<std::fs::File>>, Rejection> {
    let f = std::fs::File::open(path).map_err(|e| Rejection {
        file: file.to_owned(),
        line: 0,
        column: String::new(),
        reason: format!("開けません: {e}"),
        row: String::new(),
    })?;
    CsvReader::open(std::io::BufReader::with_capacity(256 * 1024, f), columns).map_err(|e| file_rejection(file, e))
}

fn file_rejection(file: &str, e: FileError) -> Rejection {
    Rejection { file: file.to_owned(), line: e.line, column: String::new(), reason: e.reason, row: String::new() }
}

/// The fields of a record by column name.
fn getter<'a>(positions: &'a HashMap<&'static str, usize>, fields: &'a [String]) -> impl Fn(&str) -> String + 'a {
    move |c| positions.get(c).and_then(|p| fields.get(*p)).cloned().unwrap_or_default()
}

fn positions<R: std::io::BufRead>(reader: &CsvReader<R>, columns: &[&'static str]) -> HashMap<&'static str, usize> {
    columns.iter().filter_map(|c| reader.position(c).map(|p| (*c, p))).collect()
}

/// Runs an import of the export in `dir` (see the module documentation).
pub async fn run(
    db: &DatabaseConnection,
    dir: &Path,
    options: &Options,
    progress: &dyn Progress,
) -> Result<Outcome, ImportError> {
    let units_path = dir.join(units::FILE);
    let memberships_path = dir.join(memberships::FILE);
    let report_files: Vec<ReportFile> = reports::FILES.into_iter().filter(|f| dir.join(f.name).is_file()).collect();
    let sos_path = dir.join(sos::REQUESTS_FILE);
    if !units_path.is_file() && !memberships_path.is_file() && report_files.is_empty() && !sos_path.is_file() {
        return Err(ImportError(format!(
            "{} に {} も {} も調査のファイルもありません。旧システムの出力フォルダを指定してください。",
            dir.display(),
            units::FILE,
            memberships::FILE
        )));
    }
    let not_imported = NOT_YET_IMPORTED.iter().filter(|f| dir.join(f).is_file()).map(|f| (*f).to_owned()).collect();
    std::fs::create_dir_all(&options.out_dir)
        .map_err(|e| ImportError(format!("{} を作れません: {e}", options.out_dir.display())))?;
    let known = Known::load(db).await?;
    let mut rejections = Rejections::create(&options.out_dir)
        .map_err(|e| ImportError(format!("{} に書けません: {e}", options.out_dir.display())))?;
    let mut in_file = UnitsInFile::default();
    let mut checked = Vec::new();
    let mut members = MembersInFile::new();
    if units_path.is_file() {
        checked.push((units::FILE, check_units(&units_path, &known, &mut in_file, &mut rejections, progress)));
    }
    if memberships_path.is_file() {
        checked.push((
            memberships::FILE,
            check_memberships(&memberships_path, &known, &in_file, &mut members, &mut rejections, progress),
        ));
    }
    let units = ReportUnits { known: &known, in_file: &in_file, members: &members };
    for file in &report_files {
        let check = check_reports(db, &dir.join(file.name), file, &units, &mut rejections, progress).await?;
        checked.push((file.name, check));
    }
    let mut sos_checked = sos_path.is_file().then(|| check_sos(dir, &units, &mut rejections, progress));
    let sos_counts =
        |s: &SosChecked| [&s.requests, &s.lines, &s.events].map(|c| (c.counts.clone(), c.file_error.clone()));
    let mut file_errors: Vec<Rejection> = checked.iter().filter_map(|(_, c)| c.file_error.clone()).collect();
    let mut counts: Vec<FileCounts> = checked.iter().map(|(_, c)| c.counts.clone()).collect();
    if let Some(s) = &sos_checked {
        for (c, e) in sos_counts(s) {
            counts.push(c);
            file_errors.extend(e);
        }
    }
    let mut outcome = Outcome {
        run_id: None,
        counts,
        file_errors,
        not_imported,
        notified: 0,
        rejected_path: options.out_dir.join("rejected.csv"),
        summary_path: options.out_dir.join("summary.txt"),
        committed: false,
    };
    write_files(&outcome, &mut rejections, options, dir)?;
    if options.dry_run || !outcome.file_errors.is_empty() {
        return Ok(outcome);
    }

    if db.get_database_backend() == sea_orm::DbBackend::Sqlite {
        // The import writes hundreds of megabytes: a checkpoint every 64 MiB
        // of log instead of SQLite's 4 MiB copies a page that several
        // batches change once, not once per batch (the command runs on one
        // connection, which these settings are for). The savepoints' journals
        // of its batches stay in memory instead of temporary files; the
        // server's connections keep SQLite's default, so that a large sort
        // of theirs does not land in the server's memory.
        db.execute_unprepared("PRAGMA wal_autocheckpoint = 16384").await?;
        db.execute_unprepared("PRAGMA temp_store = memory").await?;
    }
    let run = legacy_run::Entity::insert(legacy_run::ActiveModel {
        id: NotSet,
        source_dir: Set(dir.display().to_string()),
        notify: Set(options.notify),
        started_at: Set(options.now),
        finished_at: Set(None),
        summary: Set(None),
    })
    .exec(db)
    .await?
    .last_insert_id;
    outcome.run_id = Some(run);
    let ctx = Context { db, known: &known, options, run };
    // Rows refused only when written (a day reported in G-MIS meanwhile)
    // follow the check's.
    let late = &mut rejections;
    // As many new reports as the table holds or more (the first run, on the
    // night of the switch): the index in unit order is built after them, by
    // one sort, instead of taking a page per report, and PostgreSQL checks
    // the foreign keys of them all in one pass a key, not four queries a
    // report (`reports::bulk`).
    let new_reports: u64 =
        checked.iter().filter(|(file, _)| ReportFile::named(file).is_some()).map(|(_, c)| c.counts.imported).sum();
    if new_reports > 0 && new_reports >= report::Entity::find().count(db).await? {
        bulk::set_aside(db).await?;
    }
    for (file, check) in &mut checked {
        if *file == units::FILE {
            outcome.notified += import_units(&ctx, &units_path, check, progress).await?;
        } else if *file == memberships::FILE {
            import_memberships(&ctx, &memberships_path, check, progress).await?;
        } else if let Some(report_file) = ReportFile::named(file) {
            import_reports(&ctx, &dir.join(file), &report_file, check, late, progress).await?;
        }
    }
    restore_set_aside(db, progress).await?;
    if let Some(s) = &mut sos_checked {
        import_sos(&ctx, s, late, progress).await?;
    }
    outcome.counts = checked.iter().map(|(_, c)| c.counts.clone()).collect();
    if let Some(s) = &sos_checked {
        outcome.counts.extend(sos_counts(s).map(|(c, _)| c));
    }
    outcome.committed = true;
    let summary = serde_json::json!({
        "source": dir.display().to_string(),
        "files": outcome.counts,
        "notified": outcome.notified,
        "rejected_file": outcome.rejected_path.display().to_string(),
    });
    let txn = begin_exclusive(db).await?;
    let mut finished = legacy_run::Entity::find_by_id(run)
        .one(&txn)
        .await?
        .ok_or(DbErr::RecordNotFound("legacy run".to_owned()))?
        .into_active_model();
    finished.finished_at = Set(Some(options.now.max(Utc::now())));
    finished.summary = Set(Some(summary.to_string()));
    finished.update(&txn).await?;
    let mut entry = AuditEntry::new(AuditAction::LegacyImported, None, ACTOR).target("legacy_run", run.to_string());
    entry.detail = Some(summary);
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    write_files(&outcome, &mut rejections, options, dir)?;
    Ok(outcome)
}

/// Restores what the reports' tables lack of what a first run sets aside
/// (`reports::bulk`): this run set it aside, or an earlier one stopped
/// before restoring it.
///
/// On PostgreSQL the tables such a run filled are then analyzed (a sample
/// of 30,000 rows each, a second or two): the planner's statistics
/// otherwise describe tables a hundred times smaller until autovacuum
/// gets to them, and a second run started meanwhile looked its rows up by
/// the wrong plan (the supplies file's check at 1.4 MB/s instead of
/// 18–23 MB/s; 56 s for the whole run instead of 21–23 s).
async fn restore_set_aside(db: &DatabaseConnection, progress: &dyn Progress) -> Result<(), DbErr> {
    if bulk::in_place(db).await? {
        return Ok(());
    }
    progress.start("reports", Phase::Index, 0);
    let mut restored = bulk::restore(db).await.map(drop);
    if restored.is_ok() && db.get_database_backend() == sea_orm::DbBackend::Postgres {
        restored = db.execute_unprepared("ANALYZE reports, report_revisions, legacy_rows").await.map(drop);
    }
    progress.finish();
    restored
}

/// Writes `rejected.csv` and `summary.txt`.
fn write_files(
    outcome: &Outcome,
    rejections: &mut Rejections,
    options: &Options,
    dir: &Path,
) -> Result<(), ImportError> {
    rejections
        .write_csv(&outcome.rejected_path)
        .map_err(|e| ImportError(format!("{} に書けません: {e}", outcome.rejected_path.display())))?;
    let state = if !outcome.file_errors.is_empty() {
        "読めないファイルがあるため、何も取り込んでいません。"
    } else if options.dry_run {
        "確認のみ（--dry-run）: 何も取り込んでいません。「取込」「更新」は取り込む場合の件数です。"
    } else if outcome.committed {
        "取り込みました。"
    } else {
        "確認が終わりました。取り込みを始めます（中断された場合は、もう一度実行すると続きから取り込みます）。"
    };
    let mut text = format!(
        "旧システムからの移行 {}\n出力フォルダ: {}\n{state}\n\n{}",
        crate::domain::time::format_datetime(options.now),
        dir.display(),
        outcome::table(&outcome.counts)
    );
    if options.notify && outcome.committed {
        text.push_str(&format!(
            "\nパスワード設定の案内（メール・郵送）を用意したアカウント: {} 件\n",
            outcome.notified
        ));
    }
    if !outcome.not_imported.is_empty() {
        text.push_str(&format!("\nこの版では取り込まないファイル: {}\n", outcome.not_imported.join(", ")));
    }
    text.push_str(&format!("\n不採用の行: {}\n", outcome.rejected_path.display()));
    std::fs::write(&outcome.summary_path, text)
        .map_err(|e| ImportError(format!("{} に書けません: {e}", outcome.summary_path.display())))
}

/// Reads every record of a file, handing each to `row`; a file error ends
/// the file and is returned.
fn each_record<F>(
    path: &Path,
    file: &str,
    columns: &[&'static str],
    progress: &dyn Progress,
    mut row: F,
) -> Result<(), Rejection>
where
    F: FnMut(&Record, &HashMap<&'static str, usize>),
{
    let total = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    progress.start(file, Phase::Check, total);
    let mut reader = open(path, file, columns)?;
    let pos = positions(&reader, columns);
    let result = loop {
        match reader.next_record() {
            Ok(Some(record)) => {
                row(&record, &pos);
                progress.set(reader.bytes_read());
            }
            Ok(None) => break Ok(()),
            Err(e) => break Err(file_rejection(file, e)),
        }
    };
    progress.finish();
    result
}

fn reject(rejections: &mut Rejections, file: &str, record: &Record, column: &str, reason: String) {
    rejections.push(Rejection {
        file: file.to_owned(),
        line: record.line,
        column: column.to_owned(),
        reason,
        row: record.raw.clone(),
    });
}

fn check_units(
    path: &Path,
    known: &Known,
    in_file: &mut UnitsInFile,
    rejections: &mut Rejections,
    progress: &dyn Progress,
) -> Checked {
    let file = units::FILE;
    let mut checked = Checked::new(file);
    let mut seen_logins: HashMap<String, u64> = HashMap::new();
    let mut seen_codes: HashMap<String, u64> = HashMap::new();
    let result = each_record(path, file, &units::COLUMNS, progress, |record, pos| {
        checked.counts.read += 1;
        let fields = match &record.fields {
            Ok(f) => f,
            Err(reason) => {
                reject(rejections, file, record, "", reason.clone());
                checked.counts.rejected += 1;
                return;
            }
        };
        let get = getter(pos, fields);
        let (problems, accepted) = match units::check(&get, |p| known.prefectures.get(p).cloned()) {
            Err(problems) => (problems, None),
            Ok(v) => {
                let (problems, class) = check_unit_in_context(&v, known, &seen_logins, &seen_codes);
                (problems, Some((v, class)))
            }
        };
        let login = get(units::LOGIN_ID).trim().to_owned();
        let code = crate::server::legacy::text::normalize(&get(units::MEDICAL_CODE));
        match accepted {
            Some((v, class)) if problems.is_empty() => {
                seen_logins.insert(login.clone(), record.line);
                if let Some(c) = &v.medical_code {
                    seen_codes.insert(c.as_str().to_owned(), record.line);
                    in_file.codes.insert(c.as_str().to_owned());
                    in_file.code_kinds.insert(c.as_str().to_owned(), v.kind);
                }
                in_file.kinds.insert(login.clone(), v.kind);
                in_file.logins.insert(login, v.kind == AccountKind::Aggregator);
                checked.accept(record.line, class);
            }
            _ => {
                for (column, reason) in problems {
                    reject(rejections, file, record, column, reason);
                }
                in_file.refused_logins.insert(login);
                in_file.refused_codes.insert(code);
                checked.counts.rejected += 1;
            }
        }
    });
    checked.file_error = result.err().inspect(|e| rejections.push(e.clone()));
    checked
}

/// The checks of a valid row against G-MIS and the rows before it.
fn check_unit_in_context(
    v: &ValidRow,
    known: &Known,
    seen_logins: &HashMap<String, u64>,
    seen_codes: &HashMap<String, u64>,
) -> (Vec<units::Problem>, Class) {
    let mut problems = Vec::new();
    let login = v.login_id.as_ref().map(|l| l.as_str().to_owned()).unwrap_or_default();
    let code = v.medical_code.as_ref().map(|c| c.as_str().to_owned());
    if let Some(m) = &v.municipality
        && !known.municipalities.contains(m.as_str())
    {
        let reason =
            known.retired_municipalities.get(m.as_str()).cloned().unwrap_or_else(|| unknown_municipality(m.as_str()));
        problems.push((units::MUNICIPALITY, reason));
    }
    if let Some(line) = seen_logins.get(&login) {
        problems.push((units::LOGIN_ID, format!("ログインID {login} は{line}行目と重複しています。")));
    }
    if let Some(line) = code.as_ref().and_then(|c| seen_codes.get(c)) {
        problems.push((units::MEDICAL_CODE, format!("医療機関コードが{line}行目と重複しています。")));
    }
    let class = match known.units.get(&login) {
        Some(prev) => {
            match known.accounts.get(&prev.target_id) {
                Some((role, facility_id)) => {
                    if *role != v.kind.role() {
                        problems.push((
                            units::KIND,
                            "前回の移行と区分が違います（施設・センター・医師会の間では変えられません）。".to_owned(),
                        ));
                    }
                    let before = facility_id.and_then(|f| known.facility_code_of.get(&f));
                    if let (Some(before), Some(now)) = (before, &code)
                        && before != now
                    {
                        problems.push((
                            units::MEDICAL_CODE,
                            format!("前回の移行では医療機関コードが {before} でした。医療機関コードは変えられません。"),
                        ));
                    }
                }
                None => {
                    problems.push((units::LOGIN_ID, format!("前回の移行で作ったアカウント {login} がありません。")))
                }
            }
            if prev.fingerprint.is(&units::fingerprint(v)) { Class::Unchanged } else { Class::Changed }
        }
        None => {
            if known.users.contains_key(&login) {
                problems.push((
                    units::LOGIN_ID,
                    format!(
                        "ログインID {login} は G-MIS で既に使われています（移行で作ったアカウントではありません）。"
                    ),
                ));
            }
            if let Some(c) = &code
                && let Some(facility_id) = known.facility_codes.get(c)
            {
                let reason = match known.migrated_login_of(*facility_id) {
                    Some(other) => format!(
                        "医療機関コード {c} は前回までの移行でログインID {other} の施設として取り込み済みです（同じ施設を別のログインIDで取り込むことはできません）。"
                    ),
                    None => format!("医療機関コード {c} は G-MIS に登録済みです（移行で作った施設ではありません）。"),
                };
                problems.push((units::MEDICAL_CODE, reason));
            }
            Class::New
        }
    };
    (problems, class)
}

fn check_memberships(
    path: &Path,
    known: &Known,
    in_file: &UnitsInFile,
    members: &mut MembersInFile,
    rejections: &mut Rejections,
    progress: &dyn Progress,
) -> Checked {
    let file = memberships::FILE;
    let mut checked = Checked::new(file);
    let mut seen_keys: HashMap<String, u64> = HashMap::new();
    let mut ranges: Periods = HashMap::new();
    let result = each_record(path, file, &memberships::COLUMNS, progress, |record, pos| {
        checked.counts.read += 1;
        let fields = match &record.fields {
            Ok(f) => f,
            Err(reason) => {
                reject(rejections, file, record, "", reason.clone());
                checked.counts.rejected += 1;
                return;
            }
        };
        let (problems, row) = match memberships::check(getter(pos, fields)) {
            Err(problems) => (problems, None),
            Ok(m) => (check_membership_in_context(&m, known, in_file, &seen_keys, &ranges), Some(m)),
        };
        match row {
            Some(m) if problems.is_empty() => {
                let class = match known.memberships.get(&m.key()) {
                    None => Class::New,
                    Some(prev) if prev.fingerprint.is(&m.fingerprint()) => Class::Unchanged,
                    Some(_) => Class::Changed,
                };
                seen_keys.insert(m.key(), record.line);
                ranges.entry(m.medical_code.clone()).or_default().push((record.line, m.valid_from, m.valid_to));
                members
                    .entry((m.aggregator.as_str().to_owned(), m.medical_code.clone()))
                    .or_default()
                    .push((m.valid_from, m.valid_to));
                checked.accept(record.line, class);
            }
            _ => {
                for (column, reason) in problems {
                    reject(rejections, file, record, column, reason);
                }
                checked.counts.rejected += 1;
            }
        }
    });
    checked.file_error = result.err().inspect(|e| rejections.push(e.clone()));
    checked
}

fn check_membership_in_context(
    m: &MembershipRow,
    known: &Known,
    in_file: &UnitsInFile,
    seen_keys: &HashMap<String, u64>,
    ranges: &Periods,
) -> Vec<units::Problem> {
    let mut problems = Vec::new();
    let login = m.aggregator.as_str();
    let aggregator_known = match in_file.logins.get(login) {
        Some(is_aggregator) => Some(*is_aggregator),
        None => known.users.get(login).map(|(_, role, _)| *role == Role::Aggregator),
    };
    match aggregator_known {
        Some(true) => {}
        Some(false) => problems.push((
            memberships::AGGREGATOR_LOGIN_ID,
            format!("ログインID {login} は医師会のアカウントではありません。"),
        )),
        None if in_file.refused_logins.contains(login) => problems.push((
            memberships::AGGREGATOR_LOGIN_ID,
            format!("医師会 {login} は {} で不採用のため、この所属も取り込めません。", units::FILE),
        )),
        None => problems.push((
            memberships::AGGREGATOR_LOGIN_ID,
            format!("医師会のログインID {login} は {} にも G-MIS にもありません。", units::FILE),
        )),
    }
    let code = m.medical_code.as_str();
    let facility_known = in_file.codes.contains(code) || known.facility_codes.contains_key(code);
    if !facility_known {
        let reason = if in_file.refused_codes.contains(code) {
            format!("医療機関コード {code} の施設は {} で不採用のため、この所属も取り込めません。", units::FILE)
        } else {
            format!("医療機関コード {code} の施設は {} にも G-MIS にもありません。", units::FILE)
        };
        problems.push((memberships::MEDICAL_CODE, reason));
    }
    if let Some(line) = seen_keys.get(&m.key()) {
        problems.push((memberships::VALID_FROM, format!("同じ医師会・医療機関・開始日の行が{line}行目にあります。")));
    }
    let range = (m.valid_from, m.valid_to);
    if let Some((line, from, to)) =
        ranges.get(code).into_iter().flatten().find(|(_, from, to)| overlaps((*from, *to), range))
    {
        problems
            .push((memberships::VALID_FROM, format!("{line}行目の所属（{}）と期間が重なります。", span(*from, *to))));
    }
    let native = known.facility_codes.get(code).and_then(|id| known.native_memberships.get(id));
    if let Some((from, to)) = native.into_iter().flatten().find(|(from, to)| overlaps((*from, *to), range)) {
        problems.push((
            memberships::VALID_FROM,
            format!("G-MIS に登録済みの所属（{}）と期間が重なります。", span(*from, *to)),
        ));
    }
    problems
}

fn span(from: NaiveDate, to: Option<NaiveDate>) -> String {
    match to {
        Some(to) => format!("{}〜{}", from.format("%Y/%m/%d"), to.format("%Y/%m/%d")),
        None => format!("{}〜", from.format("%Y/%m/%d")),
    }
}

/// What the import of each file needs.
struct Context<'a> {
    db: &'a DatabaseConnection,
    known: &'a Known,
    options: &'a Options,
    run: i32,
}

/// The file again, positioned after its header, and where its columns are.
type Reopened = (CsvReader<std::io::BufReader<std::fs::File>>, HashMap<&'static str, usize>);

fn reopen(path: &Path, file: &str, columns: &[&'static str]) -> Result<Reopened, ImportError> {
    let reader = open(path, file, columns).map_err(|r| at(file, r.line, r.reason))?;
    let pos = positions(&reader, columns);
    Ok((reader, pos))
}

/// The next [`BATCH`] accepted records with their class (empty at the end).
fn next_batch<R: std::io::BufRead>(
    reader: &mut CsvReader<R>,
    file: &str,
    check: &Checked,
) -> Result<Vec<(Record, Class)>, ImportError> {
    let mut batch = Vec::new();
    while batch.len() < BATCH {
        match reader.next_record().map_err(|e| at(file, e.line, e.reason))? {
            Some(record) => {
                if let Some(class) = check.accepted.get(record.line) {
                    batch.push((record, class));
                }
            }
            None => break,
        }
    }
    Ok(batch)
}

fn fields_of(file: &str, record: &Record) -> Result<Vec<String>, ImportError> {
    record.fields.clone().map_err(|reason| at(file, record.line, reason))
}

async fn import_units(
    ctx: &Context<'_>,
    path: &Path,
    check: &Checked,
    progress: &dyn Progress,
) -> Result<u64, ImportError> {
    let file = units::FILE;
    progress.start(file, Phase::Import, check.accepted.count());
    let (mut done, mut notified) = (0u64, 0u64);
    let (mut reader, pos) = reopen(path, file, &units::COLUMNS)?;
    loop {
        let batch = next_batch(&mut reader, file, check)?;
        if batch.is_empty() {
            break;
        }
        let txn = begin_exclusive(ctx.db).await?;
        let mut entries = Vec::new();
        let mut new_facilities = Vec::new();
        for (record, class) in &batch {
            // Nothing to do for a row as it was, unless its account is still to be notified.
            if *class == Class::Unchanged && !ctx.options.notify {
                continue;
            }
            let fields = fields_of(file, record)?;
            let v = units::check(getter(&pos, &fields), |p| ctx.known.prefectures.get(p).cloned())
                .map_err(|problems| at(file, record.line, problems.first().map(|p| p.1.clone()).unwrap_or_default()))?;
            if *class == Class::New && !ctx.options.notify && NewFacility::of(&v).is_some() {
                new_facilities.push((record.line, v));
                continue;
            }
            let sent = import_unit(&txn, ctx, record.line, &v, *class, &mut entries)
                .await
                .map_err(|e| at(file, record.line, e))?;
            notified += u64::from(sent);
        }
        if let Some((line, _)) = new_facilities.first() {
            let line = *line;
            import_new_facilities(&txn, ctx, &new_facilities, &mut entries).await.map_err(|e| at(file, line, e))?;
        }
        audit::record_all(&txn, entries).await?;
        txn.commit().await?;
        done += batch.len() as u64;
        progress.set(done);
    }
    progress.finish();
    Ok(notified)
}

/// A hospital or clinic row with its 医療機関コード and login ID (both unique
/// in G-MIS), by which its facility and account are found again once
/// written.
struct NewFacility<'a> {
    code: &'a str,
    login: &'a str,
}

impl NewFacility<'_> {
    fn of(v: &ValidRow) -> Option<NewFacility<'_>> {
        match (v.kind, &v.medical_code, &v.login_id) {
            (AccountKind::Hospital | AccountKind::Clinic, Some(code), Some(login)) => {
                Some(NewFacility { code: code.as_str(), login: login.as_str() })
            }
            _ => None,
        }
    }
}

/// The new hospitals and clinics of a batch, no issuance asked: their
/// facilities, their accounts and their records a statement each, the ids
/// read back by code and login ID. One at a time each row took four round
/// trips to the database (40,000 rows: 8 s of a first run).
async fn import_new_facilities(
    txn: &impl ConnectionTrait,
    ctx: &Context<'_>,
    rows: &[(u64, ValidRow)],
    entries: &mut Vec<AuditEntry>,
) -> Result<(), DbErr> {
    let now = ctx.options.now;
    let keys = rows
        .iter()
        .map(|(_, v)| NewFacility::of(v).ok_or_else(|| DbErr::Custom("not a facility row".into())))
        .collect::<Result<Vec<_>, _>>()?;
    facility::Entity::insert_many(rows.iter().map(|(_, v)| facility_row(v, now))).exec_without_returning(txn).await?;
    let facilities =
        ids_by(txn, facility::Entity, facility::Column::MedicalCode, facility::Column::Id, keys.iter().map(|k| k.code))
            .await?;
    let mut accounts = Vec::with_capacity(rows.len());
    for ((_, v), key) in rows.iter().zip(&keys) {
        let facility = facilities.get(key.code).copied().ok_or_else(|| DbErr::RecordNotFound(key.code.to_owned()))?;
        let mut account = new_user(key.login, v.kind.role(), &v.name, v.email.clone(), None, now);
        account.migrated = Set(true);
        account.facility_id = Set(Some(facility));
        accounts.push(account);
    }
    user::Entity::insert_many(accounts).exec_without_returning(txn).await?;
    let users =
        ids_by(txn, user::Entity, user::Column::LoginId, user::Column::Id, keys.iter().map(|k| k.login)).await?;
    let mut records = Vec::with_capacity(rows.len());
    for ((line, v), key) in rows.iter().zip(&keys) {
        let id = users.get(key.login).copied().ok_or_else(|| DbErr::RecordNotFound(key.login.to_owned()))?;
        entries.push(account_created(id, key.login, v.kind, *line));
        records.push(legacy_record(ctx.run, now, units::FILE, *line, key.login.to_owned(), units::fingerprint(v), id));
    }
    legacy_row::Entity::insert_many(records).exec_without_returning(txn).await?;
    Ok(())
}

/// The ids (`id`) of the rows whose unique text column `key` is one of
/// `keys`, by key.
async fn ids_by<E: EntityTrait, K: Into<sea_orm::Value>>(
    txn: &impl ConnectionTrait,
    _: E,
    key: E::Column,
    id: E::Column,
    keys: impl IntoIterator<Item = K>,
) -> Result<HashMap<String, i32>, DbErr> {
    let rows: Vec<(String, i32)> =
        E::find().select_only().column(key).column(id).filter(key.is_in(keys)).into_tuple().all(txn).await?;
    Ok(rows.into_iter().collect())
}

/// The audit entry of an account the import created.
fn account_created(user_id: i32, login: &str, kind: AccountKind, line: u64) -> AuditEntry {
    let mut entry = AuditEntry::new(AuditAction::AccountCreated, None, ACTOR).target("user", user_id.to_string());
    entry.detail = Some(serde_json::json!({
        "login_id": login, "kind": kind.code(), "migrated": true, "source": units::FILE, "line": line,
    }));
    entry
}

/// Writes one accepted `facilities.csv` row; whether its issuance was queued.
async fn import_unit(
    txn: &impl ConnectionTrait,
    ctx: &Context<'_>,
    line: u64,
    v: &ValidRow,
    class: Class,
    entries: &mut Vec<AuditEntry>,
) -> Result<bool, ImportError> {
    let login = v.login_id.as_ref().map(|l| l.as_str()).unwrap_or_default();
    let now = ctx.options.now;
    let (account, legacy_id, notified) = match (class, ctx.known.units.get(login)) {
        (Class::New, _) => {
            let mut account = new_user(login, v.kind.role(), &v.name, v.email.clone(), None, now);
            account.migrated = Set(true);
            insert_unit(txn, v, &mut account, now).await?;
            let created = user::Entity::insert(account).exec_with_returning(txn).await?;
            let id = legacy_row::Entity::insert(legacy_record(
                ctx.run,
                now,
                units::FILE,
                line,
                login.to_owned(),
                units::fingerprint(v),
                created.id,
            ))
            .exec(txn)
            .await?
            .last_insert_id;
            entries.push(account_created(created.id, &created.login_id, v.kind, line));
            (created, id, false)
        }
        (Class::Unchanged, Some(prev)) if !ctx.options.notify || prev.notified => return Ok(false),
        (_, Some(prev)) => {
            let account = user::Entity::find_by_id(prev.target_id)
                .one(txn)
                .await?
                .ok_or(DbErr::RecordNotFound(login.to_owned()))?;
            if class == Class::Changed {
                update_unit(txn, &account, v, line, entries).await?;
                legacy_row::Entity::update_many()
                    .col_expr(legacy_row::Column::Fingerprint, sea_orm::sea_query::Expr::value(units::fingerprint(v)))
                    .col_expr(legacy_row::Column::RunId, sea_orm::sea_query::Expr::value(ctx.run))
                    .col_expr(legacy_row::Column::Line, sea_orm::sea_query::Expr::value(line as i64))
                    .col_expr(legacy_row::Column::UpdatedAt, sea_orm::sea_query::Expr::value(now))
                    .filter(legacy_row::Column::Id.eq(prev.id))
                    .exec(txn)
                    .await?;
            }
            (account, prev.id, prev.notified)
        }
        (_, None) => return Err(ImportError(format!("前回の移行の記録がありません: {login}"))),
    };
    if !ctx.options.notify || notified {
        return Ok(false);
    }
    let account =
        user::Entity::find_by_id(account.id).one(txn).await?.ok_or(DbErr::RecordNotFound(login.to_owned()))?;
    queue_issuance(txn, &account, v.kind, &ctx.options.public_url).await?;
    legacy_row::Entity::update_many()
        .col_expr(legacy_row::Column::Notified, sea_orm::sea_query::Expr::value(true))
        .filter(legacy_row::Column::Id.eq(legacy_id))
        .exec(txn)
        .await?;
    Ok(true)
}

/// Old → new of the values that differ, for the audit detail.
#[derive(Default)]
struct Changes(serde_json::Map<String, serde_json::Value>);

impl Changes {
    fn note<T: serde::Serialize + PartialEq>(&mut self, field: &str, old: &T, new: &T) -> bool {
        if old == new {
            return false;
        }
        self.0.insert(field.to_owned(), serde_json::json!({ "old": old, "new": new }));
        true
    }
}

/// Updates a migrated account and its facility, centre or association to a
/// changed row, and records what changed with the reason 「移行データ更新」.
async fn update_unit(
    txn: &impl ConnectionTrait,
    account: &user::Model,
    v: &ValidRow,
    line: u64,
    entries: &mut Vec<AuditEntry>,
) -> Result<(), ImportError> {
    let mut changes = Changes::default();
    let municipality = v.municipality.as_ref().map(|m| m.as_str().to_owned());
    let prefecture = v.prefecture.as_ref().map(|p| p.as_str().to_owned()).unwrap_or_default();
    if let Some(id) = account.facility_id
        && let Some(f) = facility::Entity::find_by_id(id).one(txn).await?
    {
        let mut a = f.clone().into_active_model();
        if changes.note("kind", &f.kind, &facility_kind(v.kind)) {
            a.kind = Set(facility_kind(v.kind));
        }
        if changes.note("name", &f.name, &v.name) {
            a.name = Set(v.name.clone());
        }
        if changes.note("municipality_code", &f.municipality_code, &municipality) {
            a.municipality_code = Set(municipality.clone());
        }
        if changes.note("postal_code", &f.postal_code, &v.postal_code) {
            a.postal_code = Set(v.postal_code.clone());
        }
        let address = v.address.clone().unwrap_or_default();
        if changes.note("address", &f.address, &address) {
            a.address = Set(address);
        }
        if changes.note("email", &f.email, &v.email) {
            a.email = Set(v.email.clone());
        }
        if changes.note("beds", &f.beds, &v.beds) {
            a.beds = Set(v.beds);
        }
        if changes.note("designated_from", &f.designated_from, &v.designated_from) {
            a.designated_from = Set(v.designated_from);
        }
        if a.is_changed() {
            a.update(txn).await?;
        }
    } else if let Some(id) = account.centre_id
        && let Some(c) = centre::Entity::find_by_id(id).one(txn).await?
    {
        let mut a = c.clone().into_active_model();
        if changes.note("name", &c.name, &v.name) {
            a.name = Set(v.name.clone());
        }
        if changes.note("prefecture_code", &c.prefecture_code, &prefecture) {
            a.prefecture_code = Set(prefecture.clone());
        }
        if changes.note("municipality_code", &c.municipality_code, &municipality) {
            a.municipality_code = Set(municipality.clone());
        }
        if changes.note("email", &c.email, &v.email) {
            a.email = Set(v.email.clone());
        }
        if a.is_changed() {
            a.update(txn).await?;
        }
    } else if let Some(id) = account.aggregator_id
        && let Some(g) = aggregator::Entity::find_by_id(id).one(txn).await?
    {
        let mut a = g.clone().into_active_model();
        if changes.note("name", &g.name, &v.name) {
            a.name = Set(v.name.clone());
        }
        if changes.note("prefecture_code", &g.prefecture_code, &prefecture) {
            a.prefecture_code = Set(prefecture.clone());
        }
        if changes.note("email", &g.email, &v.email) {
            a.email = Set(v.email.clone());
        }
        if a.is_changed() {
            a.update(txn).await?;
        }
    }
    if account.display_name != v.name || account.email != v.email {
        let mut a = account.clone().into_active_model();
        a.display_name = Set(v.name.clone());
        a.email = Set(v.email.clone());
        a.update(txn).await?;
    }
    let mut entry =
        AuditEntry::new(AuditAction::LegacyRecordUpdated, None, ACTOR).target("user", account.id.to_string());
    entry.detail = Some(serde_json::json!({
        "reason": UPDATE_REASON, "source": units::FILE, "line": line, "login_id": account.login_id,
        "changes": changes.0,
    }));
    entries.push(entry);
    Ok(())
}

async fn import_memberships(
    ctx: &Context<'_>,
    path: &Path,
    check: &Checked,
    progress: &dyn Progress,
) -> Result<(), ImportError> {
    let file = memberships::FILE;
    progress.start(file, Phase::Import, check.accepted.count());
    let mut done = 0u64;
    let (mut reader, pos) = reopen(path, file, &memberships::COLUMNS)?;
    loop {
        let batch = next_batch(&mut reader, file, check)?;
        if batch.is_empty() {
            break;
        }
        let mut rows = Vec::with_capacity(batch.len());
        for (record, class) in &batch {
            if *class == Class::Unchanged {
                continue;
            }
            let fields = fields_of(file, record)?;
            let m = memberships::check(getter(&pos, &fields))
                .map_err(|problems| at(file, record.line, problems.first().map(|p| p.1.clone()).unwrap_or_default()))?;
            rows.push((record.line, *class, m));
        }
        let txn = begin_exclusive(ctx.db).await?;
        let parties =
            Parties::of(&txn, rows.iter().filter(|(_, class, _)| *class == Class::New).map(|(_, _, m)| m)).await?;
        let (mut entries, mut records) = (Vec::new(), Vec::new());
        for (line, class, m) in &rows {
            let record = import_membership(&txn, ctx, &parties, *line, m, *class, &mut entries)
                .await
                .map_err(|e| at(file, *line, e))?;
            records.extend(record);
        }
        if !records.is_empty() {
            legacy_row::Entity::insert_many(records).exec_without_returning(&txn).await?;
        }
        audit::record_all(&txn, entries).await?;
        txn.commit().await?;
        done += batch.len() as u64;
        progress.set(done);
    }
    progress.finish();
    Ok(())
}

/// The associations (by login ID) and facilities (by 医療機関コード) that a
/// batch's new memberships join, read in two queries.
struct Parties {
    aggregators: HashMap<String, i32>,
    facilities: HashMap<String, i32>,
}

impl Parties {
    async fn of(txn: &impl ConnectionTrait, rows: impl Iterator<Item = &MembershipRow>) -> Result<Parties, DbErr> {
        let (mut logins, mut codes) = (HashSet::new(), HashSet::new());
        for m in rows {
            logins.insert(m.aggregator.as_str().to_owned());
            codes.insert(m.medical_code.clone());
        }
        let aggregators: Vec<(String, Option<i32>)> = user::Entity::find()
            .select_only()
            .column(user::Column::LoginId)
            .column(user::Column::AggregatorId)
            .filter(user::Column::LoginId.is_in(logins))
            .into_tuple()
            .all(txn)
            .await?;
        Ok(Parties {
            aggregators: aggregators.into_iter().filter_map(|(login, id)| Some((login, id?))).collect(),
            facilities: ids_by(txn, facility::Entity, facility::Column::MedicalCode, facility::Column::Id, codes)
                .await?,
        })
    }
}

/// Writes one accepted `memberships.csv` row; a new one's `legacy_rows`
/// record is answered, to be written with the batch's.
async fn import_membership(
    txn: &impl ConnectionTrait,
    ctx: &Context<'_>,
    parties: &Parties,
    line: u64,
    m: &MembershipRow,
    class: Class,
    entries: &mut Vec<AuditEntry>,
) -> Result<Option<legacy_row::ActiveModel>, ImportError> {
    let now = ctx.options.now;
    match (class, ctx.known.memberships.get(&m.key())) {
        (Class::Unchanged, _) => Ok(None),
        (Class::New, _) => {
            let aggregator_id = parties
                .aggregators
                .get(m.aggregator.as_str())
                .copied()
                .ok_or_else(|| ImportError(format!("医師会 {} がありません。", m.aggregator)))?;
            let facility_id = parties
                .facilities
                .get(&m.medical_code)
                .copied()
                .ok_or_else(|| ImportError(format!("医療機関コード {} の施設がありません。", m.medical_code)))?;
            let id = membership::Entity::insert(membership::ActiveModel {
                id: NotSet,
                aggregator_id: Set(aggregator_id),
                facility_id: Set(facility_id),
                valid_from: Set(m.valid_from),
                valid_to: Set(m.valid_to),
            })
            .exec(txn)
            .await?
            .last_insert_id;
            let mut entry =
                AuditEntry::new(AuditAction::MembershipAdded, None, ACTOR).target("membership", id.to_string());
            entry.detail = Some(serde_json::json!({
                "aggregator_id": aggregator_id, "facility_id": facility_id, "valid_from": m.valid_from,
                "valid_to": m.valid_to, "migrated": true, "source": memberships::FILE, "line": line,
            }));
            entries.push(entry);
            Ok(Some(legacy_record(ctx.run, now, memberships::FILE, line, m.key(), m.fingerprint(), id)))
        }
        (Class::Changed, Some(prev)) => {
            let old =
                membership::Entity::find_by_id(prev.target_id).one(txn).await?.ok_or(DbErr::RecordNotFound(m.key()))?;
            let mut changes = Changes::default();
            changes.note("valid_to", &old.valid_to, &m.valid_to);
            let mut a = old.into_active_model();
            a.valid_to = Set(m.valid_to);
            a.update(txn).await?;
            legacy_row::Entity::update_many()
                .col_expr(legacy_row::Column::Fingerprint, sea_orm::sea_query::Expr::value(m.fingerprint()))
                .col_expr(legacy_row::Column::RunId, sea_orm::sea_query::Expr::value(ctx.run))
                .col_expr(legacy_row::Column::Line, sea_orm::sea_query::Expr::value(line as i64))
                .col_expr(legacy_row::Column::UpdatedAt, sea_orm::sea_query::Expr::value(now))
                .filter(legacy_row::Column::Id.eq(prev.id))
                .exec(txn)
                .await?;
            let mut entry = AuditEntry::new(AuditAction::LegacyRecordUpdated, None, ACTOR)
                .target("membership", prev.target_id.to_string());
            entry.detail = Some(serde_json::json!({
                "reason": UPDATE_REASON, "source": memberships::FILE, "line": line, "changes": changes.0,
            }));
            entries.push(entry);
            Ok(None)
        }
        (Class::Changed, None) => Err(ImportError(format!("前回の移行の記録がありません: {}", m.key()))),
    }
}

/// What the report and SOS files need to know of the units and of the
/// associations entering for them, by how the export names them: accepted in
/// `facilities.csv` / `memberships.csv` by this run, or in G-MIS already.
struct ReportUnits<'a> {
    known: &'a Known,
    in_file: &'a UnitsInFile,
    members: &'a MembersInFile,
}

impl ReportUnits<'_> {
    /// Why `row`'s unit or 入力者 cannot take this report, if so.
    fn problems(&self, file: &ReportFile, row: &ReportRow) -> Vec<units::Problem> {
        let mut problems = Vec::new();
        let column = file.unit_column();
        let unit = row.unit.as_str();
        let kind = if file.survey == SurveyKind::CentreDaily {
            self.in_file.kinds.get(unit).copied().or_else(|| match self.known.users.get(unit) {
                Some((_, Role::ConsultationCentre, _)) => Some(AccountKind::Centre),
                Some(_) => Some(AccountKind::Aggregator),
                None => None,
            })
        } else {
            self.in_file.code_kinds.get(unit).copied().or_else(|| self.known.facility_kinds.get(unit).copied())
        };
        // Hospitals and clinics report the weekly supply survey besides their daily one.
        let expected: &[AccountKind] = match file.survey {
            SurveyKind::HospitalDaily => &[AccountKind::Hospital],
            SurveyKind::ClinicDaily => &[AccountKind::Clinic],
            SurveyKind::CentreDaily => &[AccountKind::Centre],
            SurveyKind::SuppliesWeekly => &[AccountKind::Hospital, AccountKind::Clinic],
        };
        match kind {
            Some(kind) if expected.contains(&kind) => {}
            Some(_) => {
                let labels: Vec<&str> = expected
                    .iter()
                    .filter_map(|e| units::KINDS.iter().find(|(_, k)| k == e).map(|(label, _)| *label))
                    .collect();
                let label = labels.join("・");
                problems
                    .push((column, format!("{unit} は{label}ではありません（{} は{label}の報告です）。", file.name)))
            }
            None if self.in_file.refused_codes.contains(unit) || self.in_file.refused_logins.contains(unit) => {
                problems.push((column, format!("{unit} は {} で不採用のため、この報告も取り込めません。", units::FILE)))
            }
            None => problems.push((column, format!("{unit} は {} にも G-MIS にもありません。", units::FILE))),
        }
        if let Some(login) = &row.entered_by
            && !self.in_file.logins.contains_key(login)
            && !self.known.users.contains_key(login)
        {
            let reason = if self.in_file.refused_logins.contains(login) {
                format!("入力者のログインID {login} は {} で不採用です。", units::FILE)
            } else {
                format!("入力者のログインID {login} は {} にも G-MIS にもありません。", units::FILE)
            };
            problems.push((reports::ENTERED_BY, reason));
        } else if let Some(login) = &row.entered_by
            && problems.is_empty()
            && self.is_association(login)
            && !self.member_on(login, unit, row.day)
        {
            problems.push((
                reports::ENTERED_BY,
                format!("医師会 {login} は {} に {unit} の所属先ではないため、代理入力として取り込めません。", row.day),
            ));
        }
        problems
    }

    fn is_association(&self, login: &str) -> bool {
        match self.in_file.logins.get(login) {
            Some(is_association) => *is_association,
            None => self.known.users.get(login).is_some_and(|(_, role, _)| *role == Role::Aggregator),
        }
    }

    /// Whether the association `login` had the facility `code` as a member
    /// on `day`, by `memberships.csv` of this run or by G-MIS.
    fn member_on(&self, login: &str, code: &str, day: NaiveDate) -> bool {
        let covers = |(from, to): &Span| *from <= day && to.is_none_or(|to| day <= to);
        let in_file = self.members.get(&(login.to_owned(), code.to_owned()));
        let in_gmis = match (self.known.users.get(login), self.known.facility_codes.get(code)) {
            (Some((aggregator, _, _)), Some(facility)) => self.known.member_spans.get(&(*aggregator, *facility)),
            _ => None,
        };
        in_file.into_iter().chain(in_gmis).flatten().any(covers)
    }
}

/// Rows of a report file checked together: their keys are looked up in
/// `legacy_rows` a few statements a batch, so that what earlier runs
/// imported is never held whole (a year of the previous system is 14.6
/// million rows).
pub const CHECK_BATCH: usize = 20_000;

/// Keys per statement of [`previous_of`] (one bound value each).
const KEYS_PER_LOOKUP: usize = 2_000;

/// The `legacy_rows` entries of `file` with these keys.
async fn previous_of(
    db: &impl ConnectionTrait,
    file: &str,
    keys: &[impl AsRef<str>],
) -> Result<HashMap<String, Previous>, DbErr> {
    let mut out = HashMap::with_capacity(keys.len());
    for chunk in keys.chunks(KEYS_PER_LOOKUP) {
        let rows: Vec<PreviousRow> = legacy_row::Entity::find()
            .select_only()
            .columns(PREVIOUS_COLUMNS)
            .filter(legacy_row::Column::File.eq(file))
            .filter(legacy_row::Column::RowKey.is_in(chunk.iter().map(AsRef::as_ref)))
            .into_tuple()
            .all(db)
            .await?;
        out.extend(rows.into_iter().map(Previous::from_row));
    }
    Ok(out)
}

/// A report row the check accepted, to be classed against earlier runs:
/// its line, key and fingerprint.
type Candidate = (u64, String, [u8; 32]);

/// A record as the check's threads leave it: its line and text, and its
/// row's unit, day, key and fingerprint with the problems of its unit
/// (none: to be classed), or why it is refused. No more than that: a
/// batch's fields and answers are dropped on the thread that read them.
struct RowChecked {
    line: u64,
    raw: String,
    outcome: Result<RowSeen, Vec<units::Problem>>,
}

struct RowSeen {
    unit: String,
    day: NaiveDate,
    problems: Vec<units::Problem>,
    key: String,
    digest: [u8; 32],
}

/// The lookup of a batch's keys among the rows earlier runs imported, run
/// while the next batch is checked: each line's class.
type Lookup = tokio::task::JoinHandle<Result<Vec<(u64, Class)>, DbErr>>;

async fn check_reports(
    db: &DatabaseConnection,
    path: &Path,
    file: &ReportFile,
    units: &ReportUnits<'_>,
    rejections: &mut Rejections,
    progress: &dyn Progress,
) -> Result<Checked, DbErr> {
    let name = file.name;
    let mut checked = Checked::new(name);
    // A first run has nothing to compare with and looks nothing up.
    let earlier = legacy_row::Entity::find()
        .select_only()
        .column(legacy_row::Column::Id)
        .filter(legacy_row::Column::File.eq(name))
        .into_tuple::<i32>()
        .one(db)
        .await?
        .is_some();
    let mut seen = Seen::default();
    // Rows refused as a second row of a unit and day: their rejection (by
    // position) names the first row's line once the file has been read.
    let mut repeats: Vec<(u64, String)> = Vec::new();
    let columns = file.columns();
    progress.start(name, Phase::Check, std::fs::metadata(path).map(|m| m.len()).unwrap_or(0));
    let mut reader = match open(path, name, &columns) {
        Ok(reader) => reader,
        Err(e) => {
            progress.finish();
            rejections.push(e.clone());
            checked.file_error = Some(e);
            return Ok(checked);
        }
    };
    let layout = reports::Layout::new(file, |c| reader.position(c));
    let width = reader.columns();
    let period_column = file.period_column();
    let mut lookup: Option<Lookup> = None;
    // A pipeline over the two cores: while the rows of one batch are checked
    // (each on its own, on every core), the rows checked before are sorted
    // out (refused or candidates, in the file's order) and the next batch is
    // read; their candidates are then looked up while the next turn runs.
    let mut raws = read_raws(&mut reader, name, &mut checked, rejections);
    let mut before: Option<Vec<RowChecked>> = None;
    loop {
        let last = raws.len() < CHECK_BATCH || checked.file_error.is_some();
        let (rows, (next, candidates)) = rayon::join(
            || {
                std::mem::take(&mut raws)
                    .into_par_iter()
                    .map(|raw| {
                        let Record { line, raw, fields } = raw.decode(width);
                        let outcome = match &fields {
                            Err(reason) => Err(vec![("", reason.clone())]),
                            Ok(fields) => reports::check(file, &layout, fields).map(|row| RowSeen {
                                problems: units.problems(file, &row),
                                key: row.key(),
                                // A first run classes every row new without
                                // comparing: its fingerprint is taken when written.
                                digest: if earlier { row.digest() } else { [0; 32] },
                                unit: row.unit,
                                day: row.day,
                            }),
                        };
                        RowChecked { line, raw, outcome }
                    })
                    .collect::<Vec<_>>()
            },
            || {
                let candidates = before
                    .take()
                    .map(|rows| sort_out(rows, name, period_column, &mut checked, &mut seen, &mut repeats, rejections));
                let next = (!last).then(|| read_raws(&mut reader, name, &mut checked, rejections));
                (next, candidates)
            },
        );
        progress.set(reader.bytes_read());
        if let Some(candidates) = candidates {
            class(db, name, earlier, candidates, &mut lookup, &mut checked).await?;
        }
        match next {
            Some(next) => {
                raws = next;
                before = Some(rows);
            }
            None => {
                let candidates = sort_out(rows, name, period_column, &mut checked, &mut seen, &mut repeats, rejections);
                class(db, name, earlier, candidates, &mut lookup, &mut checked).await?;
                break;
            }
        }
    }
    if let Some(last) = lookup.take() {
        accept(&mut checked, last.await.map_err(|e| DbErr::Custom(e.to_string()))??);
    }
    progress.finish();
    if !repeats.is_empty() {
        name_first_lines(path, file, &checked.accepted, &repeats, rejections);
    }
    Ok(checked)
}

/// Classes a batch's candidates: new on a first run, else looked up among
/// the rows earlier runs imported — in `lookup`, running while the next
/// batch is checked, once the lookup of the batch before is taken in.
async fn class(
    db: &DatabaseConnection,
    name: &'static str,
    earlier: bool,
    candidates: Vec<Candidate>,
    lookup: &mut Option<Lookup>,
    checked: &mut Checked,
) -> Result<(), DbErr> {
    if let Some(before) = lookup.take() {
        accept(checked, before.await.map_err(|e| DbErr::Custom(e.to_string()))??);
    }
    if earlier && !candidates.is_empty() {
        let db = db.clone();
        *lookup = Some(tokio::spawn(async move { classes_of(&db, name, &candidates).await }));
    } else {
        accept(checked, candidates.into_iter().map(|(line, _, _)| (line, Class::New)).collect());
    }
    Ok(())
}

/// The next [`CHECK_BATCH`] records of a report file as read (fewer at its
/// end, or where it cannot be read further: that is noted as the file's
/// error).
fn read_raws<R: std::io::BufRead>(
    reader: &mut CsvReader<R>,
    name: &str,
    checked: &mut Checked,
    rejections: &mut Rejections,
) -> Vec<RawRecord> {
    let mut raws = Vec::with_capacity(CHECK_BATCH);
    while raws.len() < CHECK_BATCH {
        match reader.next_raw() {
            Ok(Some(raw)) => raws.push(raw),
            Ok(None) => break,
            Err(e) => {
                let e = file_rejection(name, e);
                rejections.push(e.clone());
                checked.file_error = Some(e);
                break;
            }
        }
    }
    raws
}

/// Checked rows in the file's order: each refused (a second row of a unit
/// and day is noted in `repeats`, to name the first row's line once the
/// file has been read) or a candidate to be classed against earlier runs.
fn sort_out(
    rows: Vec<RowChecked>,
    name: &str,
    period_column: &'static str,
    checked: &mut Checked,
    seen: &mut Seen,
    repeats: &mut Vec<(u64, String)>,
    rejections: &mut Rejections,
) -> Vec<Candidate> {
    let mut candidates = Vec::new();
    for RowChecked { line, raw, outcome } in rows {
        checked.counts.read += 1;
        let mut repeat = None;
        let problems = match outcome {
            Err(problems) => problems,
            Ok(RowSeen { unit, day, mut problems, key, digest }) => {
                if seen.contains(&unit, day) {
                    // Named once the file has been read (last of the row's problems).
                    problems.push((period_column, String::new()));
                    repeat = Some(key);
                } else if problems.is_empty() {
                    seen.insert(&unit, day);
                    candidates.push((line, key, digest));
                    continue;
                }
                problems
            }
        };
        for (column, reason) in problems {
            let row = raw.clone();
            rejections.push(Rejection { file: name.to_owned(), line, column: column.to_owned(), reason, row });
        }
        if let Some(key) = repeat {
            repeats.push((rejections.len() - 1, key));
        }
        checked.counts.rejected += 1;
    }
    candidates
}

fn accept(checked: &mut Checked, classes: Vec<(u64, Class)>) {
    for (line, class) in classes {
        checked.accept(line, class);
    }
}

/// Candidates a statement of [`same_count`] counts.
const PAIRS_PER_COUNT: usize = 1_000;

/// Each candidate's class, new, unchanged or changed, by what earlier runs
/// stored under its key. A statement first counts the candidates of a chunk
/// stored with the same fingerprint; only a chunk where some are not reads
/// the stored rows. A second run over an unchanged export so reads one
/// number per thousand rows instead of the thousand rows.
async fn classes_of(db: &DatabaseConnection, file: &str, candidates: &[Candidate]) -> Result<Vec<(u64, Class)>, DbErr> {
    if db.get_database_backend() != sea_orm::DbBackend::Postgres {
        return classes_in(db, file, candidates).await;
    }
    // The two halves of the batch are counted at once, on two connections:
    // each count keeps one backend busy on a core (a thousand index look-ups),
    // and one at a time left the machine's other core waiting.
    let half = candidates.len().div_ceil(2 * PAIRS_PER_COUNT) * PAIRS_PER_COUNT;
    let (first, second) = candidates.split_at(half.min(candidates.len()));
    let (mut first, second) = tokio::try_join!(classes_in(db, file, first), classes_in(db, file, second))?;
    first.extend(second);
    Ok(first)
}

/// How many of `chunk` are stored with the same fingerprint.
async fn same_count(db: &impl ConnectionTrait, file: &str, chunk: &[Candidate]) -> Result<u64, DbErr> {
    use sea_orm::sea_query::{Expr, ExprTrait};
    if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        // The keys and the fingerprints go as two texts of lines, joined
        // with the key index: one plan for every count (docs/decisions.md).
        // Neither a key nor a fingerprint has a line break.
        let mut pairs: Vec<(&str, String)> =
            chunk.iter().map(|(_, key, digest)| (key.as_str(), units::hex(digest))).collect();
        pairs.sort_unstable();
        let keys: Vec<&str> = pairs.iter().map(|(key, _)| *key).collect();
        let fingerprints: Vec<&str> = pairs.iter().map(|(_, fingerprint)| fingerprint.as_str()).collect();
        let statement = sea_orm::Statement::from_sql_and_values(
            sea_orm::DbBackend::Postgres,
            "SELECT count(*) AS n FROM legacy_rows AS stored \
             JOIN unnest(string_to_array($2, E'\\n'), string_to_array($3, E'\\n')) AS pair(row_key, fingerprint) \
             ON stored.row_key = pair.row_key AND stored.fingerprint = pair.fingerprint \
             WHERE stored.file = $1",
            [file.into(), keys.join("\n").into(), fingerprints.join("\n").into()],
        );
        let row = db.query_one_raw(statement).await?;
        return Ok(row.map(|r| r.try_get::<i64>("", "n")).transpose()?.map_or(0, |n| u64::try_from(n).unwrap_or(0)));
    }
    legacy_row::Entity::find()
        .filter(legacy_row::Column::File.eq(file))
        .filter(legacy_row::Column::RowKey.is_in(chunk.iter().map(|(_, key, _)| key.as_str())))
        .filter(
            Expr::cust("row_key || ' ' || fingerprint")
                .is_in(chunk.iter().map(|(_, key, digest)| format!("{key} {}", units::hex(digest)))),
        )
        .count(db)
        .await
}

/// [`classes_of`] through `db`.
async fn classes_in(
    db: &impl ConnectionTrait,
    file: &str,
    candidates: &[Candidate],
) -> Result<Vec<(u64, Class)>, DbErr> {
    let mut out = Vec::with_capacity(candidates.len());
    for chunk in candidates.chunks(PAIRS_PER_COUNT) {
        if same_count(db, file, chunk).await? == chunk.len() as u64 {
            out.extend(chunk.iter().map(|(line, _, _)| (*line, Class::Unchanged)));
            continue;
        }
        let keys: Vec<&str> = chunk.iter().map(|(_, key, _)| key.as_str()).collect();
        let previous = previous_of(db, file, &keys).await?;
        out.extend(chunk.iter().map(|(line, key, digest)| {
            let class = match previous.get(key) {
                None => Class::New,
                Some(prev) if prev.fingerprint.0 == *digest => Class::Unchanged,
                Some(_) => Class::Changed,
            };
            (*line, class)
        }));
    }
    Ok(out)
}

/// Writes into the rejection of each repeated row the line of the accepted
/// row with the same unit and day. The check keeps a bit per unit and day,
/// not the lines, so the file is read once more — only when it has repeats,
/// and only their unit and period columns.
fn name_first_lines(
    path: &Path,
    file: &ReportFile,
    accepted: &Lines,
    repeats: &[(u64, String)],
    rejections: &mut Rejections,
) {
    let mut first: HashMap<&str, Option<u64>> = repeats.iter().map(|(_, key)| (key.as_str(), None)).collect();
    let columns = file.columns();
    if let Ok(mut reader) = open(path, file.name, &columns) {
        let layout = reports::Layout::new(file, |c| reader.position(c));
        while let Ok(Some(record)) = reader.next_record() {
            let Ok(fields) = &record.fields else { continue };
            if accepted.get(record.line).is_none() {
                continue;
            }
            if let Some(key) = reports::key_of(&layout, fields)
                && let Some(line @ None) = first.get_mut(key.as_str())
            {
                *line = Some(record.line);
            }
        }
    }
    let column = file.period_column();
    for (position, key) in repeats {
        let reason = match first.get(key.as_str()) {
            Some(Some(line)) => format!("同じ施設・{column}の行が{line}行目にあります。"),
            _ => format!("同じ施設・{column}の行がこれより前にあります。"),
        };
        rejections.set_reason(*position, reason);
    }
}

/// The units and accounts as the report import needs them, read after the
/// units of this run are in.
struct UnitIds {
    /// 医療機関コード → (facility, its account).
    facilities: HashMap<String, (i32, Option<i32>)>,
    /// Centre login ID → (centre, its account).
    centres: HashMap<String, (i32, i32)>,
    /// Login ID → (user id, role).
    users: HashMap<String, (i32, Role)>,
    /// The areas whose totals each unit's reports feed.
    areas: HashMap<ReportUnit, Vec<String>>,
}

impl UnitIds {
    async fn load(db: &DatabaseConnection) -> Result<UnitIds, DbErr> {
        let mut by_facility = HashMap::new();
        let (mut centres, mut users) = (HashMap::new(), HashMap::new());
        for (id, login, role, facility, centre) in account_rows(db).await? {
            if let Some(f) = facility {
                by_facility.entry(f).or_insert(id);
            }
            if let (Some(c), Role::ConsultationCentre) = (centre, role) {
                centres.insert(login.clone(), (c, id));
            }
            users.insert(login, (id, role));
        }
        let codes: Vec<(i32, String)> = facility::Entity::find()
            .select_only()
            .column(facility::Column::Id)
            .column(facility::Column::MedicalCode)
            .into_tuple()
            .all(db)
            .await?;
        let facilities = codes.into_iter().map(|(id, code)| (code, (id, by_facility.get(&id).copied()))).collect();
        let areas = crate::server::area::totals::areas_of_every_unit(db).await?;
        Ok(UnitIds { facilities, centres, users, areas })
    }
}

/// Rows of a report file read, checked and written together: the inserts
/// go [`crate::server::reports`]' few hundred rows a statement (a dozen
/// bound values a row, well inside SQLite's 32,766), so a batch is a
/// handful of statements.
pub const REPORT_BATCH: usize = 2_000;

/// Records of imported rows per statement: ten values a row, 500 rows stay
/// inside every database's limit on bound values.
const RECORDS_PER_INSERT: usize = 500;

/// At most this many rows of a report file per transaction (whole batches
/// of [`REPORT_BATCH`]). A transaction goes on while its batches begin on
/// its first day: the export lists a day's reports together, so the
/// running totals of a day and an area, written once per transaction, are
/// written about once a day instead of once per batch (a national day of
/// 30,000 clinics is six batches). A kill loses at most this many rows' work.
pub const REPORTS_PER_TRANSACTION: usize = 50_000;

/// The transaction of the import open over several batches, with what it
/// writes at its commit: the running totals' changes and the audit row of
/// its first reports.
struct Open {
    txn: sea_orm::DatabaseTransaction,
    changes: crate::server::area::totals::Changes,
    firsts: Carried,
    rows: usize,
    day: NaiveDate,
}

impl Open {
    async fn begin(db: &DatabaseConnection, day: NaiveDate) -> Result<Open, DbErr> {
        let txn = begin_exclusive(db).await?;
        Ok(Open { txn, changes: Default::default(), firsts: Carried::default(), rows: 0, day })
    }

    /// Whether a batch beginning on `day` goes into this transaction.
    fn takes(&self, day: NaiveDate) -> bool {
        self.day == day && self.rows < REPORTS_PER_TRANSACTION
    }

    async fn commit(self, run: i32, file: &str, survey: SurveyKind) -> Result<(), ImportError> {
        self.changes.apply(&self.txn).await?;
        if let Some(entry) = self.firsts.audit(run, file, survey) {
            audit::record(&self.txn, entry).await?;
        }
        self.txn.commit().await?;
        Ok(())
    }
}

async fn import_reports(
    ctx: &Context<'_>,
    path: &Path,
    file: &ReportFile,
    check: &mut Checked,
    late: &mut Rejections,
    progress: &dyn Progress,
) -> Result<(), ImportError> {
    let name = file.name;
    let ids = Arc::new(UnitIds::load(ctx.db).await?);
    let mut versions: HashMap<i32, i32> = HashMap::new();
    for definition in file.versions() {
        // An old version not installed yet arrives as data, as `gmis surveys add` would add it.
        install(ctx.db, definition).await.map_err(|e| ImportError(format!("{name}: 調査の版を登録できません: {e}")))?;
        let row = survey_version::Entity::find()
            .filter(survey_version::Column::Survey.eq(definition.survey.code()))
            .filter(survey_version::Column::Version.eq(definition.version))
            .one(ctx.db)
            .await?
            .ok_or(DbErr::RecordNotFound("survey version".to_owned()))?;
        versions.insert(definition.version, row.id);
    }
    let columns = file.columns();
    let pending = check.accepted.to_write();
    progress.start(name, Phase::Import, pending);
    if pending == 0 {
        // Every accepted row as it was: nothing to read again.
        progress.finish();
        return Ok(());
    }
    let reader = open(path, name, &columns).map_err(|r| at(name, r.line, r.reason))?;
    let preparer = Preparer {
        file: *file,
        ids: Arc::clone(&ids),
        versions,
        now: ctx.options.now,
        run: ctx.run,
        backend: ctx.db.get_database_backend(),
    };
    let (mut batches, reading) = read_ahead(reader, preparer, std::mem::take(&mut check.accepted));
    let mut done = 0u64;
    let mut open: Option<Open> = None;
    while let Some(batch) = batches.recv().await {
        let Batch { rows, mut reports, ready } = batch?;
        let Some(first) = rows.first() else { continue };
        let day = first.day;
        let this = match open.take() {
            Some(this) if this.takes(day) => this,
            Some(done) => {
                done.commit(ctx.run, name, file.survey).await?;
                Open::begin(ctx.db, day).await?
            }
            None => Open::begin(ctx.db, day).await?,
        };
        let Open { txn, changes, firsts, rows: rows_in, .. } = open.insert(this);
        let txn = &*txn;
        let count = rows.len();
        if let Some((ready, records)) = ready
            && let Some(first_id) = write_ready(txn, ready, records, changes).await?
        {
            // The ids follow the first, in order (`write_ready`).
            for (row, id) in rows.iter().zip(first_id..) {
                firsts.add(row.line, id);
            }
            // What the writing did not need is let go on another thread.
            rayon::spawn(move || drop((rows, reports)));
            *rows_in += count;
            done += count as u64;
            progress.set(done);
            continue;
        }
        let changed_keys: Vec<String> =
            rows.iter().filter(|r| r.class == Class::Changed).map(|r| r.key.clone()).collect();
        let previous = previous_of(txn, name, &changed_keys).await?;
        let changed: Vec<i32> = previous.values().map(|p| p.target_id).collect();
        let current: HashMap<i32, i32> = if changed.is_empty() {
            HashMap::new()
        } else {
            report::Entity::find()
                .select_only()
                .column(report::Column::Id)
                .column(report::Column::Revision)
                .filter(report::Column::Id.is_in(changed))
                .into_tuple()
                .all(txn)
                .await?
                .into_iter()
                .collect()
        };
        // A changed row whose report is there becomes its next revision.
        for (row, report) in rows.iter().zip(&mut reports) {
            if row.class == Class::Changed
                && let Some(&revision) = previous.get(&row.key).and_then(|p| current.get(&p.target_id))
            {
                report.amend(revision, UPDATE_REASON.to_owned());
            }
        }
        let written = write_migrated(txn, reports, changes, &ids.areas).await?;
        let now = ctx.options.now;
        let mut records = Vec::with_capacity(count);
        for (ToWrite { line, raw, class, day, key, fingerprint }, written) in rows.into_iter().zip(written) {
            let refused = |reason: String| Rejection {
                file: name.to_owned(),
                line,
                column: file.period_column().to_owned(),
                reason,
                row: raw,
            };
            let report_id = match written {
                Ok(MigratedOutcome::Saved { report_id, revision }) => {
                    if revision == 1 {
                        firsts.add(line, report_id);
                    }
                    report_id
                }
                Ok(MigratedOutcome::Taken) => {
                    late.push(refused(format!(
                        "{}は G-MIS で既に入力されています（移行では上書きしません）。",
                        file.report_name(day)
                    )));
                    check.refuse_late(class);
                    continue;
                }
                Err(e) => {
                    late.push(refused(format!("書き込めませんでした: {}", e.message())));
                    check.refuse_late(class);
                    continue;
                }
            };
            match previous.get(&key) {
                Some(prev) => {
                    legacy_row::Entity::update_many()
                        .col_expr(legacy_row::Column::Fingerprint, sea_orm::sea_query::Expr::value(fingerprint))
                        .col_expr(legacy_row::Column::TargetId, sea_orm::sea_query::Expr::value(report_id))
                        .col_expr(legacy_row::Column::RunId, sea_orm::sea_query::Expr::value(ctx.run))
                        .col_expr(legacy_row::Column::Line, sea_orm::sea_query::Expr::value(line as i64))
                        .col_expr(legacy_row::Column::UpdatedAt, sea_orm::sea_query::Expr::value(now))
                        .filter(legacy_row::Column::Id.eq(prev.id))
                        .exec(txn)
                        .await?;
                }
                None => records.push(legacy_record(ctx.run, now, name, line, key, fingerprint, report_id)),
            }
        }
        let backend = txn.get_database_backend();
        let mut records = records.into_iter();
        let inserts = std::iter::from_fn(|| {
            let chunk: Vec<legacy_row::ActiveModel> = records.by_ref().take(RECORDS_PER_INSERT).collect();
            (!chunk.is_empty()).then(|| backend.build(&legacy_row::Entity::insert_many(chunk).into_query()))
        });
        execute_ahead(txn, Box::new(inserts)).await?;
        *rows_in += count;
        done += count as u64;
        progress.set(done);
    }
    if let Some(this) = open {
        this.commit(ctx.run, name, file.survey).await?;
    }
    check.accepted = reading.await.map_err(|e| ImportError(format!("{name}: {e}")))?;
    progress.finish();
    Ok(())
}

/// A row to write, beside its report ([`PreparedReport`]): its line and
/// text (for a rejection), class, day, key and fingerprint.
struct ToWrite {
    line: u64,
    raw: String,
    class: Class,
    day: NaiveDate,
    key: String,
    fingerprint: String,
}

/// A batch of rows read ahead, each with its report; when every row is new
/// (and the database SQLite), also the statements that write them all:
/// the reports' ([`ReadyReports`]) and the rows' records, counted from the
/// first report's id.
struct Batch {
    rows: Vec<ToWrite>,
    reports: Vec<PreparedReport>,
    ready: Option<(ReadyReports, Vec<CountedInsert>)>,
}

/// The record of an imported row in `legacy_rows`: what row `key` of
/// `file` (on `line`, with `fingerprint`) became, written by run `run`.
fn legacy_record(
    run: i32,
    now: DateTime<Utc>,
    file: &str,
    line: u64,
    key: String,
    fingerprint: String,
    target_id: i32,
) -> legacy_row::ActiveModel {
    legacy_row::ActiveModel {
        id: NotSet,
        file: Set(file.to_owned()),
        row_key: Set(key),
        fingerprint: Set(fingerprint),
        target_id: Set(target_id),
        run_id: Set(run),
        line: Set(line as i64),
        notified: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
    }
}

/// What turns a checked row of a report file into its report, ready to
/// write: the units, accounts and survey versions it names, looked up in
/// what was read before the file's writing began.
struct Preparer {
    file: ReportFile,
    ids: Arc<UnitIds>,
    /// Survey version number → its id.
    versions: HashMap<i32, i32>,
    now: DateTime<Utc>,
    run: i32,
    backend: sea_orm::DbBackend,
}

impl Preparer {
    fn prepare(
        &self,
        line: u64,
        raw: String,
        class: Class,
        row: ReportRow,
    ) -> Result<(ToWrite, PreparedReport), ImportError> {
        let (name, ids) = (self.file.name, &*self.ids);
        let (unit, own_account) = if self.file.survey == SurveyKind::CentreDaily {
            let (centre, account) =
                ids.centres.get(&row.unit).copied().ok_or_else(|| at(name, line, "センターが見つかりません。"))?;
            (ReportUnit::Centre(centre), Some(account))
        } else {
            let (facility, account) =
                ids.facilities.get(&row.unit).copied().ok_or_else(|| at(name, line, "施設が見つかりません。"))?;
            (ReportUnit::Facility(facility), account)
        };
        let entered_by = row.entered_by.as_ref().and_then(|l| ids.users.get(l).map(|u| (l.as_str(), *u)));
        let (actor_id, actor_label, on_behalf) = match (entered_by, own_account) {
            (Some((login, (id, role))), _) => (id, login.to_owned(), role == Role::Aggregator),
            (None, Some(id)) => (id, row.unit.clone(), false),
            (None, None) => return Err(at(name, line, "入力者のアカウントが見つかりません。")),
        };
        let version_id = self
            .versions
            .get(&row.definition.version)
            .copied()
            .ok_or(DbErr::RecordNotFound("survey version".to_owned()))?;
        let written = ToWrite { line, raw, class, day: row.day, key: row.key(), fingerprint: row.fingerprint() };
        let report = MigratedReport {
            survey: self.file.survey,
            unit,
            day: row.day,
            version_id,
            nothing_to_report: row.nothing_to_report,
            answers: row.answers,
            // The main loop makes a changed row an amendment (`PreparedReport::amend`).
            reason: FIRST_REASON.to_owned(),
            actor_id,
            actor_label,
            on_behalf,
            entered_at: row.saved_at.unwrap_or(self.now),
        }
        .prepare(PeriodRules::default())?;
        Ok((written, report))
    }

    /// The prepared rows of a batch, made ready to write together when
    /// every one is new (the reports' statements and the records', built on
    /// the two cores at once).
    fn batch(&self, rows: Vec<(ToWrite, PreparedReport)>) -> Result<Batch, ImportError> {
        let (rows, mut reports): (Vec<ToWrite>, Vec<PreparedReport>) = rows.into_iter().unzip();
        if self.backend != sea_orm::DbBackend::Sqlite || rows.iter().any(|r| r.class != Class::New) {
            return Ok(Batch { rows, reports, ready: None });
        }
        let (ready, records) = rayon::join(
            || ReadyReports::of(&mut reports, &self.ids.areas),
            || {
                let mut records = Vec::new();
                for (i, chunk) in rows.chunks(RECORDS_PER_INSERT).enumerate() {
                    let chunk: Vec<legacy_row::ActiveModel> = chunk
                        .iter()
                        // The target (the report) is counted from the first report's id.
                        .map(|r| {
                            legacy_record(
                                self.run,
                                self.now,
                                self.file.name,
                                r.line,
                                r.key.clone(),
                                r.fingerprint.clone(),
                                0,
                            )
                        })
                        .collect();
                    records.push(CountedInsert::new(&chunk, legacy_row::Column::TargetId, i * RECORDS_PER_INSERT)?);
                }
                Ok::<_, DbErr>(records)
            },
        );
        let ready = ready?.map(|ready| records.map(|records| (ready, records))).transpose()?;
        Ok(Batch { rows, reports, ready })
    }
}

/// Reads, decodes and checks the rows of a report file to write
/// ([`REPORT_BATCH`] at a time, new or changed by `accepted`) and prepares
/// their reports ([`Preparer`]) on threads of their own, up to two batches
/// ahead of their writing: a batch's checks and preparation then take no
/// time of the transactions, and are done on every core while the batches
/// before are written (two waiting, so that a batch slower to prepare does
/// not leave SQLite idle). Hands `accepted` back at the end.
fn read_ahead(
    mut reader: CsvReader<std::io::BufReader<std::fs::File>>,
    preparer: Preparer,
    accepted: Lines,
) -> (tokio::sync::mpsc::Receiver<Result<Batch, ImportError>>, tokio::task::JoinHandle<Lines>) {
    let (batches, receiver) = tokio::sync::mpsc::channel(2);
    let reading = tokio::task::spawn_blocking(move || {
        let file = preparer.file;
        let name = file.name;
        let layout = reports::Layout::new(&file, |c| reader.position(c));
        let width = reader.columns();
        loop {
            let mut batch = Vec::new();
            while batch.len() < REPORT_BATCH {
                match reader.next_raw() {
                    Ok(Some(raw)) => match accepted.get(raw.line) {
                        // Nothing to do for a row as it was.
                        Some(Class::Unchanged) | None => {}
                        Some(class) => batch.push((raw, class)),
                    },
                    Ok(None) => break,
                    Err(e) => {
                        // Nobody is left to tell when the writes have stopped.
                        let _ = batches.blocking_send(Err(at(name, e.line, e.reason)));
                        return accepted;
                    }
                }
            }
            if batch.is_empty() {
                return accepted;
            }
            let rows: Vec<Result<(ToWrite, PreparedReport), ImportError>> = batch
                .into_par_iter()
                .map(|(raw, class)| {
                    let Record { line, raw, fields } = raw.decode(width);
                    let row = match &fields {
                        Ok(fields) => reports::check(&file, &layout, fields)
                            .map_err(|problems| problems.first().map(|p| p.1.clone()).unwrap_or_default()),
                        Err(reason) => Err(reason.clone()),
                    };
                    match row {
                        Ok(row) => preparer.prepare(line, raw, class, row),
                        Err(reason) => Err(at(name, line, reason)),
                    }
                })
                .collect();
            // The first row that fails in the file's order names the error.
            let batch = rows.into_iter().collect::<Result<Vec<_>, _>>().and_then(|rows| preparer.batch(rows));
            if batches.blocking_send(batch).is_err() {
                return accepted;
            }
        }
    });
    (receiver, reading)
}

/// The first reports of a batch written by the import: its audit row (one
/// for the batch; each report's values are its first revision, 「移行」).
#[derive(Default)]
struct Carried {
    count: u64,
    lines: Option<(u64, u64)>,
    reports: Option<(i32, i32)>,
}

impl Carried {
    fn add(&mut self, line: u64, report_id: i32) {
        self.count += 1;
        self.lines = Some(self.lines.map_or((line, line), |(a, b)| (a.min(line), b.max(line))));
        self.reports = Some(self.reports.map_or((report_id, report_id), |(a, b)| (a.min(report_id), b.max(report_id))));
    }

    fn audit(&self, run: i32, file: &str, survey: SurveyKind) -> Option<AuditEntry> {
        let ((first_line, last_line), (first_report, last_report)) = self.lines.zip(self.reports)?;
        let mut entry =
            AuditEntry::new(AuditAction::LegacyReportsImported, None, ACTOR).target("legacy_run", run.to_string());
        entry.detail = Some(serde_json::json!({
            "file": file,
            "survey": survey.code(),
            "reports": self.count,
            "first_line": first_line,
            "last_line": last_line,
            "first_report": first_report,
            "last_report": last_report,
        }));
        Some(entry)
    }
}

/// A request of `sos_requests.csv` accepted by the check, with its lines
/// and its events (each with the line it is on).
struct SosRequestIn {
    line: u64,
    /// The row as exported (for a refusal when it is written).
    raw: String,
    class: Class,
    row: sos::RequestRow,
    lines: Vec<(u64, sos::LineRow)>,
    events: Vec<(u64, sos::EventRow)>,
    fingerprint: String,
}

/// The check of the three SOS files: their counts and the accepted
/// requests, whole (a request is imported with all its lines and events or
/// not at all).
struct SosChecked {
    requests: Checked,
    lines: Checked,
    events: Checked,
    accepted: Vec<SosRequestIn>,
}

/// Reads and checks one of the SOS files, handing each row that passes its
/// own check to `row` (which may still refuse it: `Err` with the column and
/// reason). Returns the file's check and the 要請番号 and line of each
/// refused row (a request is never imported without one of its rows).
fn check_sos_file<T>(
    path: &Path,
    file: &str,
    columns: &[&'static str],
    rejections: &mut Rejections,
    progress: &dyn Progress,
    check: impl Fn(&dyn Fn(&str) -> String) -> Result<T, Vec<units::Problem>>,
    mut row: impl FnMut(&Record, T) -> Result<(), Vec<units::Problem>>,
) -> (Checked, Vec<(String, u64)>) {
    let mut checked = Checked::new(file);
    let mut refused = Vec::new();
    if !path.is_file() {
        return (checked, refused);
    }
    let result = each_record(path, file, columns, progress, |record, pos| {
        checked.counts.read += 1;
        let problems = match &record.fields {
            Err(reason) => vec![("", reason.clone())],
            Ok(fields) => {
                let get = getter(pos, fields);
                match check(&get).and_then(|value| row(record, value)) {
                    Ok(()) => return,
                    Err(problems) => {
                        refused.push((crate::server::legacy::text::normalize(&get(sos::NUMBER)), record.line));
                        problems
                    }
                }
            }
        };
        for (column, reason) in problems {
            reject(rejections, file, record, column, reason);
        }
        checked.counts.rejected += 1;
    });
    checked.file_error = result.err().inspect(|e| rejections.push(e.clone()));
    (checked, refused)
}

/// Checks `sos_requests.csv`, `sos_lines.csv` and `sos_events.csv`: each
/// row on its own, the references (facility, accounts, request numbers),
/// every request having lines, and its events leading from 受付 to its
/// state by G-MIS's own steps. A refused request refuses its lines and
/// events.
fn check_sos(dir: &Path, units: &ReportUnits<'_>, rejections: &mut Rejections, progress: &dyn Progress) -> SosChecked {
    let (known, in_file) = (units.known, units.in_file);
    let known_login = |login: &str, column: &'static str| -> Result<(), units::Problem> {
        if in_file.logins.contains_key(login) || known.users.contains_key(login) {
            Ok(())
        } else if in_file.refused_logins.contains(login) {
            Err((column, format!("ログインID {login} は {} で不採用です。", units::FILE)))
        } else {
            Err((column, format!("ログインID {login} は {} にも G-MIS にもありません。", units::FILE)))
        }
    };
    // Requests by number, in file order; refused numbers with their line.
    let mut order: Vec<String> = Vec::new();
    let mut requests: HashMap<String, (u64, String, sos::RequestRow)> = HashMap::new();
    let mut refused: HashMap<String, u64> = HashMap::new();
    let (mut request_check, refused_requests) = check_sos_file(
        &dir.join(sos::REQUESTS_FILE),
        sos::REQUESTS_FILE,
        &sos::REQUEST_COLUMNS,
        rejections,
        progress,
        |get| sos::check_request(get),
        |record, row| {
            let mut problems = Vec::new();
            let code = row.medical_code.as_str();
            match in_file.code_kinds.get(code).or_else(|| known.facility_kinds.get(code)) {
                Some(AccountKind::Hospital | AccountKind::Clinic) => {}
                Some(_) => problems.push((sos::MEDICAL_CODE, format!("{code} は病院・診療所ではありません。"))),
                None if in_file.refused_codes.contains(code) => problems.push((
                    sos::MEDICAL_CODE,
                    format!("{code} は {} で不採用のため、この要請も取り込めません。", units::FILE),
                )),
                None => {
                    problems.push((sos::MEDICAL_CODE, format!("{code} は {} にも G-MIS にもありません。", units::FILE)))
                }
            }
            if let Some(login) = &row.requester {
                let day = crate::domain::time::japan_date(row.requested_at);
                if let Err(p) = known_login(login, sos::REQUESTER) {
                    problems.push(p);
                } else if problems.is_empty() && units.is_association(login) && !units.member_on(login, code, day) {
                    problems.push((
                        sos::REQUESTER,
                        format!(
                            "医師会 {login} は {day} に {code} の所属先ではないため、代理の要請として取り込めません。"
                        ),
                    ));
                }
            }
            if let Some((line, _, _)) = requests.get(&row.number) {
                problems.push((sos::NUMBER, format!("同じ要請番号の行が{line}行目にあります。")));
            }
            if problems.is_empty() {
                order.push(row.number.clone());
                requests.insert(row.number.clone(), (record.line, record.raw.clone(), row));
                Ok(())
            } else {
                refused.entry(row.number.clone()).or_insert(record.line);
                Err(problems)
            }
        },
    );
    for (number, line) in refused_requests {
        refused.entry(number).or_insert(line);
    }
    let reference = |number: &str, requests: &HashMap<String, (u64, String, sos::RequestRow)>| {
        if requests.contains_key(number) {
            Ok(())
        } else if let Some(line) = refused.get(number) {
            Err(vec![(
                sos::NUMBER,
                format!(
                    "要請番号 {number} は {} {line}行目で不採用のため、この行も取り込めません。",
                    sos::REQUESTS_FILE
                ),
            )])
        } else {
            Err(vec![(sos::NUMBER, format!("要請番号 {number} は {} にありません。", sos::REQUESTS_FILE))])
        }
    };
    let mut lines: HashMap<String, Vec<(u64, String, sos::LineRow)>> = HashMap::new();
    let (mut line_check, refused_lines) = check_sos_file(
        &dir.join(sos::LINES_FILE),
        sos::LINES_FILE,
        &sos::LINE_COLUMNS,
        rejections,
        progress,
        |get| sos::check_line(get),
        |record, row| {
            reference(&row.number, &requests)?;
            let of_request = lines.entry(row.number.clone()).or_default();
            if let Some((line, _, _)) = of_request.iter().find(|(_, _, l)| l.supply == row.supply) {
                return Err(vec![(sos::SUPPLY, format!("同じ要請・物資の行が{line}行目にあります。"))]);
            }
            of_request.push((record.line, record.raw.clone(), row));
            Ok(())
        },
    );
    let mut events: HashMap<String, Vec<(u64, String, sos::EventRow)>> = HashMap::new();
    let (mut event_check, refused_events) = check_sos_file(
        &dir.join(sos::EVENTS_FILE),
        sos::EVENTS_FILE,
        &sos::EVENT_COLUMNS,
        rejections,
        progress,
        |get| sos::check_event(get),
        |record, row| {
            reference(&row.number, &requests)?;
            if let Some(login) = &row.actor {
                known_login(login, sos::ACTOR).map_err(|p| vec![p])?;
            }
            events.entry(row.number.clone()).or_default().push((record.line, record.raw.clone(), row));
            Ok(())
        },
    );
    // The first refused line or event of each request.
    let mut refused_rows: HashMap<&str, (&str, u64)> = HashMap::new();
    for (file, rows) in [(sos::LINES_FILE, &refused_lines), (sos::EVENTS_FILE, &refused_events)] {
        for (number, line) in rows {
            refused_rows.entry(number.as_str()).or_insert((file, *line));
        }
    }
    let previous = &known.sos;
    let mut accepted = Vec::new();
    for number in order {
        let Some((line, raw, row)) = requests.remove(&number) else { continue };
        let its_lines = lines.remove(&number).unwrap_or_default();
        let its_events = events.remove(&number).unwrap_or_default();
        let chain: Vec<sos::EventRow> = its_events.iter().map(|(_, _, e)| e.clone()).collect();
        let problem = if let Some((f, l)) = refused_rows.get(number.as_str()) {
            Some((
                sos::NUMBER,
                format!("{f} {l}行目が不採用のため、この要請は明細・状態の変更とともに取り込みません。"),
            ))
        } else if its_lines.is_empty() {
            Some((sos::NUMBER, format!("要請番号 {number} の明細が {} にありません。", sos::LINES_FILE)))
        } else if let Err((index, column, reason)) = sos::check_chain(row.state, &chain) {
            let at = match its_events.get(index) {
                Some((l, _, _)) => format!("{} {l}行目（{column}）", sos::EVENTS_FILE),
                None => match its_events.last() {
                    Some((l, _, _)) => format!("{} {l}行目の後", sos::EVENTS_FILE),
                    None => sos::EVENTS_FILE.to_owned(),
                },
            };
            Some((sos::STATE, format!("{at}: {reason} この要請は明細・状態の変更とともに取り込みません。")))
        } else {
            None
        };
        if let Some((column, reason)) = problem {
            let raw_record = Record { line, raw, fields: Ok(Vec::new()) };
            reject(rejections, sos::REQUESTS_FILE, &raw_record, column, reason);
            request_check.counts.rejected += 1;
            let why = format!(
                "要請番号 {number} は {} {line}行目で不採用のため、この行も取り込めません。",
                sos::REQUESTS_FILE
            );
            for (file, check, rows) in [
                (
                    sos::LINES_FILE,
                    &mut line_check,
                    its_lines.iter().map(|(l, r, _)| (*l, r.clone())).collect::<Vec<_>>(),
                ),
                (sos::EVENTS_FILE, &mut event_check, its_events.iter().map(|(l, r, _)| (*l, r.clone())).collect()),
            ] {
                for (l, r) in rows {
                    reject(
                        rejections,
                        file,
                        &Record { line: l, raw: r, fields: Ok(Vec::new()) },
                        sos::NUMBER,
                        why.clone(),
                    );
                    check.counts.rejected += 1;
                }
            }
            continue;
        }
        let line_rows: Vec<sos::LineRow> = its_lines.iter().map(|(_, _, l)| l.clone()).collect();
        let fingerprint = sos::fingerprint(&row, &line_rows, &chain);
        let class = match previous.get(&number) {
            None => Class::New,
            Some(prev) if prev.fingerprint.is(&fingerprint) => Class::Unchanged,
            Some(_) => Class::Changed,
        };
        request_check.accept(line, class);
        for (l, _, _) in &its_lines {
            line_check.accept(*l, class);
        }
        for (l, _, _) in &its_events {
            event_check.accept(*l, class);
        }
        accepted.push(SosRequestIn {
            line,
            raw,
            class,
            row,
            lines: its_lines.into_iter().map(|(l, _, r)| (l, r)).collect(),
            events: its_events.into_iter().map(|(l, _, e)| (l, e)).collect(),
            fingerprint,
        });
    }
    SosChecked { requests: request_check, lines: line_check, events: event_check, accepted }
}

/// Requests per transaction (each with its lines and events).
pub const SOS_BATCH: usize = 200;

/// Writes the accepted SOS requests: a new one as G-MIS's own request with
/// its lines and events (no mail, no webhook: it is history), a changed
/// one brought up to the export's state by appending its new events, each
/// request whole in one transaction with its `legacy_rows` entry. A
/// request G-MIS itself took further since the import is refused.
async fn import_sos(
    ctx: &Context<'_>,
    check: &mut SosChecked,
    late: &mut Rejections,
    progress: &dyn Progress,
) -> Result<(), ImportError> {
    let file = sos::REQUESTS_FILE;
    let ids = UnitIds::load(ctx.db).await?;
    let pending: Vec<&SosRequestIn> = check.accepted.iter().filter(|r| r.class != Class::Unchanged).collect();
    progress.start(file, Phase::Import, pending.len() as u64);
    let facility_ids: Vec<i32> =
        pending.iter().filter_map(|r| ids.facilities.get(&r.row.medical_code).map(|f| f.0)).collect();
    let facilities: HashMap<i32, facility::Model> = facility::Entity::find()
        .filter(facility::Column::Id.is_in(facility_ids))
        .all(ctx.db)
        .await?
        .into_iter()
        .map(|f| (f.id, f))
        .collect();
    let mut refused = Vec::new();
    let mut done = 0u64;
    for batch in pending.chunks(SOS_BATCH) {
        let txn = begin_exclusive(ctx.db).await?;
        let mut entries = Vec::new();
        for request in batch {
            let at_line = |e: &str| at(file, request.line, e);
            let (facility_id, own_account) = ids
                .facilities
                .get(&request.row.medical_code)
                .copied()
                .ok_or_else(|| at_line("施設が見つかりません。"))?;
            let f = facilities.get(&facility_id).ok_or_else(|| at_line("施設が見つかりません。"))?;
            let requester = match &request.row.requester {
                Some(login) => ids.users.get(login).copied(),
                None => own_account.map(|id| (id, Role::Facility)),
            }
            .ok_or_else(|| at_line("要請者のアカウントが見つかりません。"))?;
            if let Err(reason) = write_sos_request(&txn, ctx, request, f, requester, &ids, &mut entries).await? {
                refused.push((request.line, reason));
            }
        }
        audit::record_all(&txn, entries).await?;
        txn.commit().await?;
        done += batch.len() as u64;
        progress.set(done);
    }
    progress.finish();
    for (line, reason) in refused {
        let Some(request) = check.accepted.iter().find(|r| r.line == line) else { continue };
        late.push(Rejection {
            file: file.to_owned(),
            line,
            column: sos::NUMBER.to_owned(),
            reason,
            row: request.raw.clone(),
        });
        check.requests.refuse_late(request.class);
        for _ in &request.lines {
            check.lines.refuse_late(request.class);
        }
        for _ in &request.events {
            check.events.refuse_late(request.class);
        }
    }
    Ok(())
}

/// One request: `Ok(Err(reason))` when it must not be written (G-MIS took
/// it further since the import).
async fn write_sos_request(
    txn: &impl ConnectionTrait,
    ctx: &Context<'_>,
    request: &SosRequestIn,
    f: &facility::Model,
    (requester, requester_role): (i32, Role),
    ids: &UnitIds,
    entries: &mut Vec<AuditEntry>,
) -> Result<Result<(), String>, ImportError> {
    let row = &request.row;
    let now = ctx.options.now;
    let min_days =
        row.min_days.unwrap_or_else(|| request.lines.iter().map(|(_, l)| l.days_of_stock).min().unwrap_or(0));
    let revision = i32::try_from(request.events.len()).unwrap_or(i32::MAX);
    let updated_at = request.events.last().map_or(row.requested_at, |(_, e)| e.at);
    // A blank 操作者 is the requester for the request itself, and for every
    // later step one of the previous system's reviewers, who have no account
    // here: no actor, shown as 「前システム」.
    let actor_of = |e: &sos::EventRow| match &e.actor {
        Some(login) => ids.users.get(login).map(|u| u.0),
        None => e.from.is_none().then_some(requester),
    };
    let previous = ctx.known.sos.get(&row.number);
    let (request_id, stored_events) = match (request.class, previous) {
        (Class::New, _) => {
            let id = sos_request::Entity::insert(sos_request::ActiveModel {
                id: NotSet,
                facility_id: Set(f.id),
                prefecture_code: Set(f.prefecture_code.clone()),
                municipality_code: Set(f.municipality_code.clone()),
                submission_id: Set(format!("legacy:{}", row.number)),
                batch_date: Set(row.batch_date),
                state: Set(row.state),
                revision: Set(revision),
                min_days_of_stock: Set(i32::try_from(min_days).unwrap_or(i32::MAX)),
                reason: Set(row.reason.clone()),
                requested_by: Set(requester),
                on_behalf: Set(requester_role == Role::Aggregator),
                reject_reason: Set(row.reject_reason.clone()),
                shipped_on: Set(row.shipped_on),
                carrier: Set(row.carrier.clone()),
                tracking: Set(row.tracking.clone()),
                receipt_note: Set(row.receipt_note.clone()),
                created_at: Set(row.requested_at),
                updated_at: Set(updated_at),
            })
            .exec(txn)
            .await?
            .last_insert_id;
            legacy_row::Entity::insert(legacy_record(
                ctx.run,
                now,
                sos::REQUESTS_FILE,
                request.line,
                row.number.clone(),
                request.fingerprint.clone(),
                id,
            ))
            .exec_without_returning(txn)
            .await?;
            let mut entry =
                AuditEntry::new(AuditAction::SosRequested, None, ACTOR).target("sos_request", id.to_string());
            entry.detail = Some(serde_json::json!({
                "facility": f.id, "batch": row.batch_date, "state": row.state.code(), "migrated": true,
                "number": row.number, "source": sos::REQUESTS_FILE, "line": request.line,
            }));
            entries.push(entry);
            (id, 0)
        }
        (Class::Changed, Some(prev)) => {
            let Some(current) = sos_request::Entity::find_by_id(prev.target_id).one(txn).await? else {
                return Ok(Err(format!("要請番号 {} の移行済みの要請が G-MIS にありません。", row.number)));
            };
            let stored = sos_event::Entity::find()
                .filter(sos_event::Column::RequestId.eq(current.id))
                .order_by_asc(sos_event::Column::Id)
                .all(txn)
                .await?;
            // Only an export that goes on from what was imported can be
            // applied: the events stored must be the export's first ones.
            let same = stored.len() <= request.events.len()
                && stored
                    .iter()
                    .zip(&request.events)
                    .all(|(s, (_, e))| s.from_state == e.from && s.to_state == e.to && s.at == e.at)
                && usize::try_from(current.revision).is_ok_and(|r| r == stored.len());
            if !same {
                return Ok(Err(format!(
                    "要請番号 {} は前回の移行の後に G-MIS で手続きが進んでいるか、移行済みの状態の変更と食い違います（移行では上書きしません）。",
                    row.number
                )));
            }
            let mut changes = Changes::default();
            changes.note("state", &current.state.code(), &row.state.code());
            changes.note("reason", &current.reason, &row.reason);
            changes.note("reject_reason", &current.reject_reason, &row.reject_reason);
            changes.note("shipped_on", &current.shipped_on, &row.shipped_on);
            changes.note("carrier", &current.carrier, &row.carrier);
            changes.note("tracking", &current.tracking, &row.tracking);
            changes.note("receipt_note", &current.receipt_note, &row.receipt_note);
            changes.note("batch_date", &current.batch_date, &row.batch_date);
            let mut a = current.clone().into_active_model();
            a.state = Set(row.state);
            a.revision = Set(revision);
            a.batch_date = Set(row.batch_date);
            a.min_days_of_stock = Set(i32::try_from(min_days).unwrap_or(i32::MAX));
            a.reason = Set(row.reason.clone());
            a.reject_reason = Set(row.reject_reason.clone());
            a.shipped_on = Set(row.shipped_on);
            a.carrier = Set(row.carrier.clone());
            a.tracking = Set(row.tracking.clone());
            a.receipt_note = Set(row.receipt_note.clone());
            a.updated_at = Set(updated_at);
            a.update(txn).await?;
            sos_line::Entity::delete_many().filter(sos_line::Column::RequestId.eq(current.id)).exec(txn).await?;
            changes.note("events", &stored.len(), &request.events.len());
            legacy_row::Entity::update_many()
                .col_expr(legacy_row::Column::Fingerprint, sea_orm::sea_query::Expr::value(request.fingerprint.clone()))
                .col_expr(legacy_row::Column::RunId, sea_orm::sea_query::Expr::value(ctx.run))
                .col_expr(legacy_row::Column::Line, sea_orm::sea_query::Expr::value(request.line as i64))
                .col_expr(legacy_row::Column::UpdatedAt, sea_orm::sea_query::Expr::value(now))
                .filter(legacy_row::Column::Id.eq(prev.id))
                .exec(txn)
                .await?;
            let mut entry = AuditEntry::new(AuditAction::LegacyRecordUpdated, None, ACTOR)
                .target("sos_request", current.id.to_string());
            entry.detail = Some(serde_json::json!({
                "reason": UPDATE_REASON, "source": sos::REQUESTS_FILE, "line": request.line, "number": row.number,
                "changes": changes.0,
            }));
            entries.push(entry);
            (current.id, stored.len())
        }
        (Class::Unchanged, _) => return Ok(Ok(())),
        (Class::Changed, None) => return Err(ImportError(format!("前回の移行の記録がありません: {}", row.number))),
    };
    sos_line::Entity::insert_many(request.lines.iter().map(|(_, l)| sos_line::ActiveModel {
        id: NotSet,
        request_id: Set(request_id),
        supply: Set(l.supply),
        quantity: Set(l.quantity),
        days_of_stock: Set(i32::try_from(l.days_of_stock).unwrap_or(i32::MAX)),
        shipped: Set(l.shipped),
        received: Set(l.received),
    }))
    .exec_without_returning(txn)
    .await?;
    let new_events: Vec<sos_event::ActiveModel> = request
        .events
        .iter()
        .skip(stored_events)
        .map(|(_, e)| sos_event::ActiveModel {
            id: NotSet,
            request_id: Set(request_id),
            from_state: Set(e.from),
            to_state: Set(e.to),
            actor_id: Set(actor_of(e)),
            at: Set(e.at),
            note: Set(e.note.clone()),
        })
        .collect();
    if !new_events.is_empty() {
        sos_event::Entity::insert_many(new_events).exec_without_returning(txn).await?;
    }
    Ok(Ok(()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    #[test]
    fn a_stored_fingerprint_matches_the_same_row_and_no_other() {
        let of = |text: &str| crate::server::legacy::units::hex(&Sha256::digest(text.as_bytes()));
        let stored = Fingerprint::parse(&of("0110000015|2021-02-01|12"));
        assert!(stored.is(&of("0110000015|2021-02-01|12")));
        assert!(!stored.is(&of("0110000015|2021-02-01|13")));
        // Upper-case hex is the same bytes; a damaged value matches nothing.
        assert!(stored.is(&of("0110000015|2021-02-01|12").to_uppercase()));
        for damaged in ["", "zz", &of("x")[..63], &format!("{}g", &of("x")[..63])] {
            let broken = Fingerprint::parse(damaged);
            assert!(!broken.is(&of("x")), "{damaged:?}");
        }
    }
}
