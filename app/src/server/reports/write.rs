//! The write path of report submissions: the write transaction of a batch
//! of checked submissions ([`WriteJob`]), and [`ReportWriter`], which
//! gathers the submissions of concurrent requests into such batches (group
//! commit, `db::GroupCommit`). Everything here runs on the writer's thread
//! on SQLite; the checks before it ran on the request's.

use super::versions::SurveyVersions;
use super::{is_unique_violation, parse_answers, reports_of};
use crate::domain::error::AppError;
use crate::domain::reports::{DayStatus, ReportUnit, SubmissionId, day_status};
use crate::domain::surveys::{Answers, SurveyKind};
use crate::server::area::totals::{self, Contribution};
use crate::server::audit::{self, AuditAction, AuditEntry};
use crate::server::db::{CountedInsert, FirstRow, GroupCommit, Writer, execute_ahead};
use crate::server::entities::{report, report_revision};
use crate::server::webhooks::{self, Subscribers};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::NotSet, ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, QueryFilter, QuerySelect,
    QueryTrait, Set, TransactionTrait,
};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Where report submissions go: one [`GroupCommit`] of the writer, and the
/// survey versions they are checked against ([`SurveyVersions`]). On SQLite
/// the submissions of concurrent requests share transactions — on a
/// national day, one `COMMIT` and a handful of multi-row statements for
/// dozens of reports — and each request is answered after the commit that
/// holds its reports.
#[derive(Clone)]
pub struct ReportWriter {
    commit: GroupCommit<WriteJob, Outcome>,
    pub(super) versions: SurveyVersions,
    /// Reports committed through this writer since start (what `/metrics`
    /// shows as `gmis_reports_saved_total`): an atomic, so that counting
    /// costs a national day nothing.
    saved: Arc<AtomicU64>,
}

/// One job's result in a batch: written or raced, or the error that undid
/// it alone.
pub(super) type Outcome = Result<Written, AppError>;

/// Most reports a batch takes from the queue (a bulk of more goes alone):
/// one multi-row statement per table.
const MAX_BATCH: usize = ROWS_PER_INSERT;

impl ReportWriter {
    /// Starts writing reports through `writer`.
    pub fn start(writer: &Writer) -> ReportWriter {
        ReportWriter {
            commit: GroupCommit::start(writer, MAX_BATCH, write_all),
            versions: SurveyVersions::default(),
            saved: Arc::default(),
        }
    }

    /// Writes `jobs` in the next batch; one result per job, in order, once
    /// the batch has committed.
    pub(super) async fn write(&self, jobs: Vec<WriteJob>) -> Result<Vec<Outcome>, AppError> {
        let outcomes = self.commit.submit(jobs).await?;
        // Counted only here, after the commit: a raced or refused job, a
        // repeat of a submission and a failed batch wrote nothing.
        let saved = outcomes.iter().filter(|o| matches!(o, Ok(Written::Saved { .. }))).count();
        self.saved.fetch_add(saved as u64, Ordering::Relaxed);
        Ok(outcomes)
    }

    /// Reports (first revisions and amendments) this writer has committed
    /// since the process started. The legacy import writes in its own
    /// transactions and is not counted.
    pub fn saved(&self) -> u64 {
        self.saved.load(Ordering::Relaxed)
    }

    /// Submissions queued for a batch that has not started (always 0 on
    /// PostgreSQL): tests wait on it to know that a queue has filled.
    pub fn waiting(&self) -> usize {
        self.commit.waiting()
    }

    /// Batches started so far (always 0 on PostgreSQL): tests wait on it to
    /// know that the writer has taken what was queued.
    pub fn batches(&self) -> usize {
        self.commit.batches()
    }
}

/// What the write transaction needs, owned, so that it can run on the
/// writer's own thread.
pub(super) struct WriteJob {
    /// When the period was due, and the maintenance graces: whether the
    /// report counts as late in the area totals.
    pub(super) due: DateTime<Utc>,
    pub(super) grace: Vec<crate::domain::maintenance::Grace>,
    pub(super) survey: SurveyKind,
    pub(super) unit: ReportUnit,
    pub(super) day: NaiveDate,
    pub(super) base_revision: Option<i32>,
    pub(super) nothing_to_report: bool,
    pub(super) reason: String,
    pub(super) submission: SubmissionId,
    pub(super) version_id: i32,
    pub(super) answers: Answers,
    pub(super) answers_json: String,
    pub(super) actor_id: i32,
    pub(super) actor_label: String,
    pub(super) on_behalf: bool,
    /// The confirmed outliers, as stored (`outliers::to_column`).
    pub(super) outliers: Option<String>,
    pub(super) now: DateTime<Utc>,
    /// A report carried over from the previous system (`gmis legacy
    /// import`): its first revision carries the reason too (「移行」), and
    /// subscribed systems are not told of it as if it were new.
    pub(super) migrated: bool,
    /// [`Self::first_change`], worked out ahead (`PreparedReport`): used
    /// when the report is saved as the day's first.
    pub(super) first_change: Option<BTreeMap<String, i64>>,
}

impl WriteJob {
    /// Whether a report first entered at `first` is late for the area totals.
    fn late(&self, first: DateTime<Utc>) -> bool {
        day_status(self.due, self.day, self.survey.period().last_day(self.day), Some(first), &self.grace)
            == DayStatus::Late
    }

    /// The change of the running totals when this is the day's first report.
    pub(super) fn first_change(&self) -> BTreeMap<String, i64> {
        totals::delta(
            None,
            Contribution { nothing: self.nothing_to_report, late: self.late(self.now), answers: &self.answers },
        )
    }
}

#[derive(Clone, Copy)]
pub(super) enum Written {
    Saved {
        report_id: i32,
        revision: i32,
    },
    /// Nothing was written: the report is not at the revision the user saw,
    /// or this submission id is already taken.
    Raced,
}

/// The write transaction of a batch: per report its row (new, or the next
/// revision when the user saw the current one) and its revision row, then
/// the running totals and the audit rows of all the saved reports,
/// committed together. One result per job, in order; `Err` as a whole when
/// the transaction could not be committed (then nothing of it was).
///
/// With more than one report, the first reports of days nobody has reported
/// (what a national day and a system's daily bulk mostly are) are inserted a
/// few hundred rows per statement; the rest — amendments, repeats, days
/// already reported, and all of them if the database refuses that insert —
/// follow in their order, each in its own savepoint, so that one which
/// races, or which the database refuses, is undone alone and the others
/// are saved.
async fn write_all(writer: Writer, jobs: Vec<WriteJob>) -> Result<Vec<Outcome>, AppError> {
    let txn = writer.begin().await?;
    let mut changes = totals::Changes::default();
    let written = write_in(&txn, &jobs, &mut changes, None).await?;
    changes.apply(&txn).await?;
    txn.commit().await?;
    Ok(written)
}

/// The body of [`write_all`] inside a transaction the caller commits (the
/// legacy import's, which holds its own records too and several batches).
/// The saved reports' changes of the running totals are added to
/// `changes`, for the caller to apply before it commits: once for all the
/// batches of its transaction. The areas of the jobs' units are read here
/// unless the caller has them (`known_areas`: the import reads every unit's
/// once instead of a batch's thousands each time).
pub(super) async fn write_in(
    txn: &sea_orm::DatabaseTransaction,
    jobs: &[WriteJob],
    changes: &mut totals::Changes,
    known_areas: Option<&HashMap<ReportUnit, Vec<String>>>,
) -> Result<Vec<Outcome>, AppError> {
    let read;
    let areas = match known_areas {
        Some(areas) => areas,
        None => {
            read = totals::areas_of_all(txn, jobs.iter().map(|j| j.unit)).await?;
            &read
        }
    };
    let subscribers = Subscribers::load(txn).await?;
    let areas_of = |job: &WriteJob| areas.get(&job.unit).map(Vec::as_slice).unwrap_or_default();
    // A migrated report shares its transaction with the import's own rows:
    // it is undone alone if it races, never the batch with it.
    let nested = jobs.len() > 1 || jobs.iter().any(|j| j.migrated);
    let mut kept = Kept { changes, audits: Vec::with_capacity(jobs.len()), written: vec![None; jobs.len()] };
    if nested {
        let fresh = fresh(txn, jobs).await?;
        if !fresh.is_empty() {
            let savepoint = txn.begin().await?;
            let firsts: Vec<&WriteJob> = fresh.iter().map(|&i| &jobs[i]).collect();
            let saved = match insert_firsts(&savepoint, &firsts).await {
                Ok(ids) => finish_firsts(&savepoint, &subscribers, areas, &firsts, ids).await.ok(),
                // Another transaction reported one of these days meanwhile
                // (PostgreSQL).
                Err(e) if is_unique_violation(&e) => None,
                Err(e) => {
                    tracing::warn!(error = %e, "first reports refused together; writing them one by one");
                    None
                }
            };
            match saved {
                Some(saved) => {
                    savepoint.commit().await?;
                    for (&index, saved) in fresh.iter().zip(saved) {
                        kept.keep(index, saved, areas_of(&jobs[index]));
                    }
                }
                // They go one by one below.
                None => savepoint.rollback().await?,
            }
        }
    }
    for (index, job) in jobs.iter().enumerate() {
        if kept.written[index].is_some() {
            continue;
        }
        if !nested {
            // A single report needs no savepoint: if it races, nothing is
            // left to commit; if it fails, the batch fails with it.
            match write_one(txn, &subscribers, areas_of(job), job).await? {
                Some(saved) => kept.keep(index, saved, areas_of(job)),
                None => return Ok(vec![Ok(Written::Raced)]),
            }
            continue;
        }
        let savepoint = txn.begin().await?;
        match write_one(&savepoint, &subscribers, areas_of(job), job).await {
            Ok(Some(saved)) => {
                savepoint.commit().await?;
                kept.keep(index, saved, areas_of(job));
            }
            Ok(None) => {
                savepoint.rollback().await?;
                kept.written[index] = Some(Ok(Written::Raced));
            }
            // The database refused this report (logged where it arose): it
            // alone is undone and answered with the error.
            Err(e) => {
                savepoint.rollback().await?;
                kept.written[index] = Some(Err(e));
            }
        }
    }
    audit::record_all(txn, kept.audits).await?;
    Ok(kept.written.into_iter().map(|w| w.unwrap_or(Err(AppError::Internal))).collect())
}

/// [`finish`] for the first reports inserted together, in order.
async fn finish_firsts<'j>(
    txn: &impl ConnectionTrait,
    subscribers: &Subscribers,
    areas: &HashMap<ReportUnit, Vec<String>>,
    firsts: &[&'j WriteJob],
    ids: Vec<i32>,
) -> Result<Vec<Saved<'j>>, AppError> {
    let mut saved = Vec::with_capacity(firsts.len());
    for (job, id) in firsts.iter().zip(ids) {
        let areas = areas.get(&job.unit).map(Vec::as_slice).unwrap_or_default();
        saved.push(finish(txn, subscribers, areas, job, id, 1, None).await?);
    }
    Ok(saved)
}

/// What [`write_all`] gathers of the saved reports for the end of the
/// transaction, and each job's outcome.
struct Kept<'a> {
    changes: &'a mut totals::Changes,
    audits: Vec<AuditEntry>,
    written: Vec<Option<Outcome>>,
}

impl Kept<'_> {
    fn keep(&mut self, index: usize, saved: Saved<'_>, areas: &[String]) {
        self.changes.add(saved.survey, saved.day, areas, &saved.change);
        self.audits.extend(saved.audit);
        self.written[index] = Some(Ok(Written::Saved { report_id: saved.report_id, revision: saved.revision }));
    }
}

/// Rows per statement of the bulk inserts (a dozen values a row stays
/// inside every database's limit on bound values).
const ROWS_PER_INSERT: usize = 500;

/// Unit ids per look-up of the days already reported.
const IDS_PER_LOOKUP: usize = 1_000;

/// The jobs (by index) that are first reports of days without a report,
/// with submission ids never used, each the first in `jobs` with its day
/// and its submission id.
async fn fresh(txn: &impl ConnectionTrait, jobs: &[WriteJob]) -> Result<Vec<usize>, AppError> {
    let key = |j: &WriteJob| (j.survey, j.unit, j.day);
    let (mut days, mut ids) = (BTreeSet::new(), BTreeSet::new());
    let firsts: Vec<usize> = (0..jobs.len())
        .filter(|&i| {
            let j = &jobs[i];
            // Every job takes its day and id, so that later ones sharing them
            // wait. A migrated report's id was drawn for it alone (below).
            let new_day = days.insert(key(j));
            let new_id = j.migrated || ids.insert(j.submission.as_str());
            j.base_revision.is_none() && new_day && new_id
        })
        .collect();
    // The days asked for, per survey, kind of unit and day: a batch (a
    // national day, a day of the legacy export) is one or a few of them, each
    // looked up as a list of unit ids, one probe of the unique index per
    // unit. (Per unit with its days, the statement read every report the
    // unit ever had, and on PostgreSQL planning 500 alternatives took 40 ms:
    // half of the legacy import's time there.)
    let mut asked: BTreeMap<(SurveyKind, &str, NaiveDate), Vec<i32>> = BTreeMap::new();
    for &i in &firsts {
        let (kind, id) = jobs[i].unit.parts();
        asked.entry((jobs[i].survey, kind, jobs[i].day)).or_default().push(id);
    }
    let mut taken_days = BTreeSet::new();
    for ((survey, kind, day), ids) in &asked {
        for chunk in ids.chunks(IDS_PER_LOOKUP) {
            let rows: Vec<i32> = report::Entity::find()
                .select_only()
                .column(report::Column::UnitId)
                .filter(report::Column::Survey.eq(survey.code()))
                .filter(report::Column::UnitKind.eq(*kind))
                .filter(report::Column::Period.eq(*day))
                .filter(report::Column::UnitId.is_in(chunk.iter().copied()))
                .into_tuple()
                .all(txn)
                .await?;
            taken_days.extend(rows.into_iter().map(|id| (*survey, *kind, id, *day)));
        }
    }
    let mut taken_ids = BTreeSet::new();
    // A migrated report's id was drawn just now (`write_migrated`): no
    // revision can hold it, and looking for 5,000 of them a batch in a
    // growing table is what would cost.
    let wanted: Vec<&str> =
        firsts.iter().filter(|&&i| !jobs[i].migrated).map(|&i| jobs[i].submission.as_str()).collect();
    for chunk in wanted.chunks(ROWS_PER_INSERT) {
        let rows: Vec<String> = report_revision::Entity::find()
            .select_only()
            .column(report_revision::Column::SubmissionId)
            .filter(report_revision::Column::SubmissionId.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(txn)
            .await?;
        taken_ids.extend(rows);
    }
    Ok(firsts
        .into_iter()
        .filter(|&i| {
            let j = &jobs[i];
            let (kind, id) = j.unit.parts();
            !taken_days.contains(&(j.survey, kind, id, j.day)) && !taken_ids.contains(j.submission.as_str())
        })
        .collect())
}

/// Inserts first reports that [`fresh`] found free and their revision
/// rows, many rows per statement; answers their report ids in order.
async fn insert_firsts(txn: &impl ConnectionTrait, jobs: &[&WriteJob]) -> Result<Vec<i32>, DbErr> {
    let backend = txn.get_database_backend();
    let ids = if backend == DbBackend::Sqlite {
        insert_counted(txn, jobs).await?
    } else {
        insert_returning(txn, jobs).await?
    };
    let revisions = jobs.chunks(ROWS_PER_INSERT).zip(ids.chunks(ROWS_PER_INSERT)).map(|(chunk, chunk_ids)| {
        let rows = chunk.iter().zip(chunk_ids).map(|(job, &id)| revision_row(job, id, 1));
        backend.build(&report_revision::Entity::insert_many(rows).into_query())
    });
    execute_ahead(txn, Box::new(revisions)).await?;
    Ok(ids)
}

/// The reports of `jobs` inserted on SQLite, their ids in order. SQLite
/// numbers the rows of one INSERT one after another, each one above the
/// largest id the table ever had (AUTOINCREMENT), and no other connection
/// writes while this transaction does: a chunk's ids are the ones up to the
/// last it reports. (`RETURNING` hands each row from SQLite's thread to
/// this one: a tenth of the legacy import's time.)
async fn insert_counted(txn: &impl ConnectionTrait, jobs: &[&WriteJob]) -> Result<Vec<i32>, DbErr> {
    let backend = txn.get_database_backend();
    let inserts = jobs.chunks(ROWS_PER_INSERT).map(|chunk| {
        backend.build(&report::Entity::insert_many(chunk.iter().map(|job| first_report(job))).into_query())
    });
    let results = execute_ahead(txn, Box::new(inserts)).await?;
    let mut ids = Vec::with_capacity(jobs.len());
    for (chunk, result) in jobs.chunks(ROWS_PER_INSERT).zip(results) {
        ids.extend(counted_ids(&result, chunk.len())?);
    }
    Ok(ids)
}

/// The ids SQLite gave the `rows` rows of one multi-row INSERT: the ones up
/// to the last it reports ([`insert_counted`]).
fn counted_ids(result: &sea_orm::ExecResult, rows: usize) -> Result<std::ops::RangeInclusive<i32>, DbErr> {
    let id = |id: u64| i32::try_from(id).map_err(|e| DbErr::Custom(e.to_string()));
    let last = result.last_insert_id();
    match last.checked_sub(rows as u64) {
        Some(before) if rows > 0 && result.rows_affected() == rows as u64 => Ok(id(before + 1)?..=id(last)?),
        _ => Err(DbErr::Custom("reports not inserted".into())),
    }
}

/// First reports made ready to insert together ahead of their transaction,
/// on any thread (the legacy import's reading threads, while the batch
/// before is written): their rows' statements, their revision rows
/// counted from the first report's id, and their changes of the running
/// totals. SQLite only (the ids are counted, as in [`insert_counted`]).
pub(super) struct Ready {
    /// Each with its number of rows.
    reports: Vec<(sea_orm::Statement, usize)>,
    revisions: Vec<CountedInsert>,
    changes: totals::Changes,
}

/// `jobs` made [`Ready`], their changes of the totals taken out of them
/// and added up; `None` when one of them is not a first report.
pub(super) fn ready(
    mut jobs: Vec<&mut WriteJob>,
    areas: &HashMap<ReportUnit, Vec<String>>,
) -> Result<Option<Ready>, DbErr> {
    if jobs.iter().any(|j| j.base_revision.is_some()) {
        return Ok(None);
    }
    let mut changes = totals::Changes::default();
    for job in &mut jobs {
        let change = job.first_change.take().unwrap_or_else(|| job.first_change());
        let areas = areas.get(&job.unit).map(Vec::as_slice).unwrap_or_default();
        changes.add(job.survey, job.day, areas, &change);
    }
    let jobs: Vec<&WriteJob> = jobs.into_iter().map(|job| &*job).collect();
    let mut reports = Vec::with_capacity(jobs.len().div_ceil(ROWS_PER_INSERT));
    let mut revisions = Vec::with_capacity(reports.capacity());
    for (i, chunk) in jobs.chunks(ROWS_PER_INSERT).enumerate() {
        let rows = report::Entity::insert_many(chunk.iter().map(|job| first_report(job)));
        reports.push((DbBackend::Sqlite.build(&rows.into_query()), chunk.len()));
        let rows: Vec<_> = chunk.iter().map(|job| revision_row(job, 0, 1)).collect();
        revisions.push(CountedInsert::new(&rows, report_revision::Column::ReportId, i * ROWS_PER_INSERT)?);
    }
    Ok(Some(Ready { reports, revisions, changes }))
}

/// Inserts [`Ready`] reports in a savepoint of `txn`, and `along` (rows of
/// the caller's counted from the same first report id); adds their changes
/// of the running totals to `changes`. Answers the first report's id (the
/// others follow it in order), or `None` when the database refused them —
/// a day already has a report — and nothing of them was written: they go
/// through [`write_in`] then.
pub(super) async fn write_ready(
    txn: &sea_orm::DatabaseTransaction,
    ready: Ready,
    along: Vec<CountedInsert>,
    changes: &mut totals::Changes,
) -> Result<Option<i32>, DbErr> {
    if txn.get_database_backend() != DbBackend::Sqlite {
        return Ok(None);
    }
    let savepoint = txn.begin().await?;
    match insert_ready(&savepoint, ready.reports, ready.revisions, along).await {
        Ok(first) => {
            savepoint.commit().await?;
            changes.merge(ready.changes);
            Ok(Some(first))
        }
        Err(e) => {
            if !is_unique_violation(&e) {
                tracing::warn!(error = %e, "reports made ready refused together; writing them one by one");
            }
            savepoint.rollback().await?;
            Ok(None)
        }
    }
}

/// The statements of [`write_ready`]; the first report's id. The reports'
/// ids must follow one another from statement to statement too: the rows
/// pointing at them count from the first.
async fn insert_ready(
    txn: &impl ConnectionTrait,
    reports: Vec<(sea_orm::Statement, usize)>,
    revisions: Vec<CountedInsert>,
    along: Vec<CountedInsert>,
) -> Result<i32, DbErr> {
    let sizes: Vec<usize> = reports.iter().map(|(_, rows)| *rows).collect();
    let results = execute_ahead(txn, Box::new(reports.into_iter().map(|(statement, _)| statement))).await?;
    let mut run: Option<std::ops::RangeInclusive<i32>> = None;
    for (result, rows) in results.iter().zip(sizes) {
        let ids = counted_ids(result, rows)?;
        run = match run {
            None => Some(ids),
            Some(run) if run.end().checked_add(1) == Some(*ids.start()) => Some(*run.start()..=*ids.end()),
            Some(_) => return Err(DbErr::Custom("reports not numbered one after another".into())),
        };
    }
    let first = *run.ok_or_else(|| DbErr::Custom("no reports".into()))?.start();
    let counted = revisions.into_iter().chain(along).map(move |insert| insert.statement(i64::from(first)));
    execute_ahead(txn, Box::new(counted)).await?;
    Ok(first)
}

/// The reports of `jobs` inserted where another session's inserts can take
/// ids in between (PostgreSQL): their ids as the database returns them,
/// matched by unit and day.
async fn insert_returning(txn: &impl ConnectionTrait, jobs: &[&WriteJob]) -> Result<Vec<i32>, DbErr> {
    let key = |j: &WriteJob| {
        let (kind, id) = j.unit.parts();
        (j.survey.code().to_owned(), kind.to_owned(), id, j.day)
    };
    let mut ids: HashMap<(String, String, i32, NaiveDate), i32> = HashMap::with_capacity(jobs.len());
    for chunk in jobs.chunks(ROWS_PER_INSERT) {
        let rows =
            report::Entity::insert_many(chunk.iter().map(|job| first_report(job))).exec_with_returning(txn).await?;
        ids.extend(rows.into_iter().map(|r| ((r.survey, r.unit_kind, r.unit_id, r.period), r.id)));
    }
    jobs.iter()
        .map(|job| ids.get(&key(job)).copied().ok_or_else(|| DbErr::Custom("inserted report not returned".into())))
        .collect()
}

/// One report written by [`write_one`]: what the end of the transaction adds.
struct Saved<'j> {
    report_id: i32,
    revision: i32,
    survey: SurveyKind,
    day: NaiveDate,
    /// The change of the running totals (the job's own when it was worked
    /// out ahead).
    change: Cow<'j, BTreeMap<String, i64>>,
    /// None for a report carried over from the previous system: the import
    /// records its batch in one row (`legacy.reports`).
    audit: Option<AuditEntry>,
}

/// The row of a first report.
fn first_report(job: &WriteJob) -> report::ActiveModel {
    let (kind, unit_id) = job.unit.parts();
    report::ActiveModel {
        id: NotSet,
        survey: Set(job.survey.code().to_owned()),
        unit_kind: Set(kind.to_owned()),
        unit_id: Set(unit_id),
        period: Set(job.day),
        survey_version_id: Set(job.version_id),
        revision: Set(1),
        nothing_to_report: Set(job.nothing_to_report),
        answers: Set(job.answers_json.clone()),
        outliers: Set(job.outliers.clone()),
        first_entered_at: Set(job.now),
        updated_at: Set(job.now),
        updated_by: Set(job.actor_id),
    }
}

/// The revision row of `job` saved as `revision` of report `report_id`.
fn revision_row(job: &WriteJob, report_id: i32, revision: i32) -> report_revision::ActiveModel {
    report_revision::ActiveModel {
        id: NotSet,
        report_id: Set(report_id),
        revision: Set(revision),
        submission_id: Set(job.submission.as_str().to_owned()),
        survey_version_id: Set(job.version_id),
        nothing_to_report: Set(job.nothing_to_report),
        answers: Set(job.answers_json.clone()),
        entered_by: Set(job.actor_id),
        entered_at: Set(job.now),
        on_behalf: Set(job.on_behalf),
        reason: Set((revision > 1 || job.migrated).then(|| job.reason.clone())),
        outliers: Set(job.outliers.clone()),
    }
}

/// Writes one report and its revision row; `None` when it raced (nothing
/// of it should stay).
async fn write_one<'j>(
    txn: &impl ConnectionTrait,
    subscribers: &Subscribers,
    areas: &[String],
    job: &'j WriteJob,
) -> Result<Option<Saved<'j>>, AppError> {
    // A first report is inserted straight away (the unique key refuses it if
    // the day has one already); an amendment reads the revision it replaces.
    let existing = match job.base_revision {
        None => None,
        Some(_) => reports_of(job.unit, job.survey).filter(report::Column::Period.eq(job.day)).first(txn).await?,
    };
    let (report_id, revision, old) = match existing {
        Some(current) if job.base_revision != Some(current.revision) => return Ok(None),
        Some(current) => {
            let updated = report::Entity::update_many()
                .col_expr(report::Column::Revision, Expr::value(current.revision + 1))
                .col_expr(report::Column::SurveyVersionId, Expr::value(job.version_id))
                .col_expr(report::Column::NothingToReport, Expr::value(job.nothing_to_report))
                .col_expr(report::Column::Answers, Expr::value(job.answers_json.clone()))
                .col_expr(report::Column::Outliers, Expr::value(job.outliers.clone()))
                .col_expr(report::Column::UpdatedAt, Expr::value(job.now))
                .col_expr(report::Column::UpdatedBy, Expr::value(job.actor_id))
                .filter(report::Column::Id.eq(current.id))
                .filter(report::Column::Revision.eq(current.revision))
                .exec(txn)
                .await?;
            if updated.rows_affected != 1 {
                return Ok(None);
            }
            (current.id, current.revision + 1, Some(current))
        }
        None => match report::Entity::insert(first_report(job)).exec(txn).await {
            Ok(r) => (r.last_insert_id, 1, None),
            Err(e) if is_unique_violation(&e) => return Ok(None),
            Err(e) => return Err(e.into()),
        },
    };
    match report_revision::Entity::insert(revision_row(job, report_id, revision)).exec_without_returning(txn).await {
        Err(e) if is_unique_violation(&e) => return Ok(None),
        other => other?,
    };
    finish(txn, subscribers, areas, job, report_id, revision, old).await.map(Some)
}

/// After a report's rows: its webhook deliveries, and what the end of the
/// transaction adds (the totals' change from `old`, the audit row).
async fn finish<'j>(
    txn: &impl ConnectionTrait,
    subscribers: &Subscribers,
    areas: &[String],
    job: &'j WriteJob,
    report_id: i32,
    revision: i32,
    old: Option<report::Model>,
) -> Result<Saved<'j>, AppError> {
    let change = match (&old, &job.first_change) {
        (None, Some(change)) => Cow::Borrowed(change),
        (None, None) => Cow::Owned(job.first_change()),
        (Some(o), _) => {
            let late = job.late(o.first_entered_at);
            let old_answers = parse_answers(&o.answers);
            Cow::Owned(totals::delta(
                Some(Contribution { nothing: o.nothing_to_report, late, answers: &old_answers }),
                Contribution { nothing: job.nothing_to_report, late, answers: &job.answers },
            ))
        }
    };
    // Subscribed systems hear of it exactly when it commits; of the previous
    // system's history they hear nothing (it is not news).
    let none = Subscribers::default();
    webhooks::enqueue_report(
        txn,
        if job.migrated { &none } else { subscribers },
        webhooks::ReportEvent {
            amended: revision > 1,
            report_id,
            survey: job.survey,
            unit: job.unit,
            day: job.day,
            revision,
            nothing_to_report: job.nothing_to_report,
            answers: &job.answers,
            areas,
            at: job.now,
        },
    )
    .await?;
    if job.migrated && revision == 1 {
        return Ok(Saved { report_id, revision, survey: job.survey, day: job.day, change, audit: None });
    }
    let old = old.map(|o| {
        serde_json::json!({
            "revision": o.revision,
            "nothing_to_report": o.nothing_to_report,
            "answers": serde_json::from_str::<serde_json::Value>(&o.answers).unwrap_or_default(),
        })
    });
    let action = if revision == 1 { AuditAction::ReportSubmitted } else { AuditAction::ReportAmended };
    let mut audit =
        AuditEntry::new(action, Some(job.actor_id), job.actor_label.clone()).target("report", report_id.to_string());
    audit.detail = Some(serde_json::json!({
        "survey": job.survey.code(),
        "unit": job.unit.key(),
        "day": job.day,
        "revision": revision,
        "on_behalf": job.on_behalf,
        "nothing_to_report": job.nothing_to_report,
        "old": old,
        "new": job.answers,
        "reason": (revision > 1 || job.migrated).then_some(&job.reason),
    }));
    Ok(Saved { report_id, revision, survey: job.survey, day: job.day, change, audit: Some(audit) })
}
