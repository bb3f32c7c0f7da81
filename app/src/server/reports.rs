//! Daily reports (SPEC §3): who may enter for which unit on which day,
//! submission with idempotency and revision checks, amendments with history,
//! the form's data, and an association's grid of member clinics.
//!
//! Every way in — the form's server function, the no-JS form post, the grid —
//! calls [`submit`], so all of them validate, authorize and audit alike.

use crate::domain::error::{AppError, FieldErrors};
use crate::domain::jurisdiction::FacilityKind;
use crate::domain::maintenance::{Window, deadline_clash, graces};
use crate::domain::memberships::covers;
use crate::domain::outliers::{self, Baseline};
use crate::domain::reports::{
    CalendarDay, MemberGrid, MemberRow, PeriodKind, PeriodRules, ReportForm, ReportInput, ReportReceipt,
    ReportSnapshot, ReportUnit, SubmissionId, SubmitOutcome, check_input, day_status, outliers_of,
};
use crate::domain::roles::{Actor, Role, Scope};
use crate::domain::surveys::{Answers, BUILTIN, DefinitionProblem, SurveyDefinition, SurveyKind};
use crate::domain::time::japan_date;
use crate::server::authz::require_role;
use crate::server::db::FirstRow;
use crate::server::entities::{centre, facility, membership, report, report_revision, survey_version, user};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, Select, Set, SqlErr, TransactionTrait,
};
use std::collections::{BTreeMap, BTreeSet, HashMap};

pub mod bulk;
pub mod unit_index;
pub mod versions;
mod write;

pub use write::ReportWriter;
use write::{WriteJob, Written};

/// Most rows one grid submission may carry.
pub const MAX_GRID_ROWS: usize = 500;

/// Periods shown in the reporting calendar: four weeks of days, or eight weeks.
fn calendar_len(kind: PeriodKind) -> usize {
    match kind {
        PeriodKind::Day => 28,
        PeriodKind::Week => 8,
    }
}

/// Installs every definition shipped in `surveys/` that is not installed yet.
/// Run at start-up after the migrations; returns how many were new.
pub async fn install_builtin(db: &DatabaseConnection) -> Result<usize, AppError> {
    let mut installed = 0;
    for text in BUILTIN {
        let definition: SurveyDefinition =
            serde_json::from_str(text).map_err(|e| crate::server::errors::internal("builtin survey", e))?;
        if install(db, &definition).await.map_err(|e| crate::server::errors::internal("builtin survey", e))? {
            installed += 1;
        }
    }
    Ok(installed)
}

/// Why `gmis surveys add` refused a definition.
#[derive(Debug, thiserror::Error)]
pub enum InstallError {
    #[error("定義が不正です: {0}")]
    Invalid(#[from] DefinitionProblem),
    #[error("{0} の第{1}版は別の内容で登録済みです（版は変更できません。新しい版番号にしてください）")]
    VersionTaken(&'static str, i32),
    #[error("{0}")]
    App(#[from] AppError),
}

/// Installs one version. Versions are immutable: the same version again is a
/// no-op (`false`), a different definition under a taken number is refused.
pub async fn install(db: &DatabaseConnection, definition: &SurveyDefinition) -> Result<bool, InstallError> {
    definition.check()?;
    let text = serde_json::to_string(definition).map_err(|e| crate::server::errors::internal("survey json", e))?;
    let existing = survey_version::Entity::find()
        .filter(survey_version::Column::Survey.eq(definition.survey.code()))
        .filter(survey_version::Column::Version.eq(definition.version))
        .first(db)
        .await
        .map_err(AppError::from)?;
    if let Some(row) = existing {
        let stored = serde_json::from_str::<SurveyDefinition>(&row.definition).ok();
        return match stored {
            Some(d) if &d == definition => Ok(false),
            // Only English texts added or mended: the version says the same,
            // so its English is brought up to date (never taken away).
            Some(d) if d.same_but_english(definition) => {
                let mut merged = definition.clone();
                merged.keep_english_of(&d);
                if merged == d {
                    return Ok(false);
                }
                let text =
                    serde_json::to_string(&merged).map_err(|e| crate::server::errors::internal("survey json", e))?;
                let mut active = row.into_active_model();
                active.definition = Set(text);
                active.update(db).await.map_err(AppError::from)?;
                tracing::info!(survey = merged.survey.code(), version = merged.version, "survey English texts updated");
                Ok(true)
            }
            _ => Err(InstallError::VersionTaken(definition.survey.code(), definition.version)),
        };
    }
    survey_version::Entity::insert(survey_version::ActiveModel {
        id: NotSet,
        survey: Set(definition.survey.code().to_owned()),
        version: Set(definition.version),
        effective_from: Set(definition.effective_from),
        definition: Set(text),
        installed_at: Set(Utc::now()),
        notice_id: Set(None),
        installed_by: Set(None),
    })
    .exec_without_returning(db)
    .await
    .map_err(AppError::from)?;
    Ok(true)
}

/// Every installed version of every survey, oldest first per survey: what
/// a system pushing reports needs to know of items, bounds and rules.
pub async fn definitions(conn: &impl ConnectionTrait) -> Result<Vec<SurveyDefinition>, AppError> {
    let rows = survey_version::Entity::find()
        .order_by_asc(survey_version::Column::Survey)
        .order_by_asc(survey_version::Column::Version)
        .all(conn)
        .await?;
    rows.iter()
        .map(|row| serde_json::from_str(&row.definition).map_err(|e| crate::server::errors::internal("survey", e)))
        .collect()
}

/// The version of `survey` in force on `day`, with its row id.
pub(crate) async fn definition_for(
    conn: &impl ConnectionTrait,
    survey: SurveyKind,
    day: NaiveDate,
) -> Result<Option<(i32, SurveyDefinition)>, AppError> {
    let Some(row) = survey_version::Entity::find()
        .filter(survey_version::Column::Survey.eq(survey.code()))
        .filter(survey_version::Column::EffectiveFrom.lte(day))
        .order_by_desc(survey_version::Column::EffectiveFrom)
        .first(conn)
        .await?
    else {
        return Ok(None);
    };
    let definition: SurveyDefinition =
        serde_json::from_str(&row.definition).map_err(|e| crate::server::errors::internal("survey", e))?;
    Ok(Some((row.id, definition.localized(crate::i18n::locale().lang))))
}

/// A unit the actor may report for on a day.
pub(crate) struct Permitted {
    pub(crate) name: String,
    /// The unit's daily survey.
    pub(crate) survey: SurveyKind,
    /// A hospital or clinic (which also reports weekly supplies).
    pub(crate) facility: bool,
    /// The actor is an association entering for a member.
    pub(crate) on_behalf: bool,
}

impl Permitted {
    /// Whether the unit reports `survey`: its daily survey, and for
    /// hospitals and clinics the weekly supply survey.
    pub(crate) fn reports(&self, survey: SurveyKind) -> bool {
        survey == self.survey || (self.facility && survey == SurveyKind::SuppliesWeekly)
    }
}

/// Decides whether `actor` may read and write `unit`'s reports (and SOS
/// requests) on `day`: its own facility or centre, or — for an association
/// — a member on that day. Anything else is audited and refused with
/// `Forbidden`, whether or not the unit exists.
pub(crate) async fn permit(
    conn: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    unit: ReportUnit,
    day: NaiveDate,
) -> Result<Permitted, AppError> {
    Permits::load(conn, actor, [unit]).await?.check(conn, actor, unit, day).await
}

/// What [`permit`] reads, read once for all the units of a bulk: the
/// facilities and centres the actor could report for among them and, for an
/// association, its memberships of those facilities.
struct Permits {
    facilities: HashMap<i32, facility::Model>,
    centres: HashMap<i32, centre::Model>,
    /// Facility id → the association's memberships of it.
    memberships: HashMap<i32, Vec<membership::Model>>,
}

impl Permits {
    async fn load(
        conn: &impl ConnectionTrait,
        actor: &Actor,
        units: impl IntoIterator<Item = ReportUnit>,
    ) -> Result<Permits, AppError> {
        let (mut facility_ids, mut centre_ids) = (BTreeSet::new(), BTreeSet::new());
        for unit in units {
            match (&actor.scope, unit) {
                (Scope::Facility(own), ReportUnit::Facility(id)) if own.0 == id => facility_ids.insert(id),
                (Scope::Aggregator(_), ReportUnit::Facility(id)) => facility_ids.insert(id),
                (Scope::Centre(own), ReportUnit::Centre(id)) if own.0 == id => centre_ids.insert(id),
                _ => false,
            };
        }
        let mut memberships: HashMap<i32, Vec<membership::Model>> = HashMap::new();
        if let (Scope::Aggregator(agg), false) = (&actor.scope, facility_ids.is_empty()) {
            for m in membership::Entity::find()
                .filter(membership::Column::AggregatorId.eq(agg.0))
                .filter(membership::Column::FacilityId.is_in(facility_ids.iter().copied()))
                .all(conn)
                .await?
            {
                memberships.entry(m.facility_id).or_default().push(m);
            }
        }
        let facilities = by_id::<facility::Entity>(conn, facility_ids, facility::Column::Id, |f| f.id).await?;
        let centres = by_id::<centre::Entity>(conn, centre_ids, centre::Column::Id, |c| c.id).await?;
        Ok(Permits { facilities, centres, memberships })
    }

    /// [`permit`] for one of the loaded units.
    async fn check(
        &self,
        conn: &(impl ConnectionTrait + TransactionTrait),
        actor: &Actor,
        unit: ReportUnit,
        day: NaiveDate,
    ) -> Result<Permitted, AppError> {
        let allowed = match (&actor.scope, unit) {
            (Scope::Facility(own), ReportUnit::Facility(id)) if own.0 == id => {
                self.facilities.get(&id).map(|f| (f, false))
            }
            (Scope::Aggregator(_), ReportUnit::Facility(id)) => {
                let member = self
                    .memberships
                    .get(&id)
                    .is_some_and(|ms| ms.iter().any(|m| covers(m.valid_from, m.valid_to, day)));
                if member { self.facilities.get(&id).map(|f| (f, true)) } else { None }
            }
            (Scope::Centre(own), ReportUnit::Centre(id)) if own.0 == id => {
                return match self.centres.get(&id) {
                    Some(c) => Ok(Permitted {
                        name: c.name.clone(),
                        survey: SurveyKind::CentreDaily,
                        facility: false,
                        on_behalf: false,
                    }),
                    None => Err(AppError::NotFound),
                };
            }
            _ => None,
        };
        match allowed {
            Some((f, on_behalf)) => {
                Ok(Permitted { name: f.name.clone(), survey: facility_survey(f.kind), facility: true, on_behalf })
            }
            None => {
                // No role passes: this records the refusal and answers Forbidden.
                require_role(conn, actor, &[], &format!("reports {}", unit.key())).await?;
                Err(AppError::Forbidden)
            }
        }
    }
}

/// The rows of `E` with these ids, by id (no query for none).
async fn by_id<E: EntityTrait>(
    conn: &impl ConnectionTrait,
    ids: BTreeSet<i32>,
    id: E::Column,
    key: fn(&E::Model) -> i32,
) -> Result<HashMap<i32, E::Model>, DbErr> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(E::find().filter(id.is_in(ids)).all(conn).await?.into_iter().map(|m| (key(&m), m)).collect())
}

pub(crate) fn facility_survey(kind: FacilityKind) -> SurveyKind {
    match kind {
        FacilityKind::Hospital => SurveyKind::HospitalDaily,
        FacilityKind::Clinic => SurveyKind::ClinicDaily,
    }
}

/// Saves one submission: a new report, an amendment of the current revision,
/// or "nothing to report". A submission id seen before returns its first
/// result and changes nothing; an amendment against a revision that is no
/// longer current is refused as [`SubmitOutcome::Stale`] with the current
/// values. The report, its revision and the audit row commit together.
pub async fn submit(
    db: &DatabaseConnection,
    writer: &ReportWriter,
    actor: &Actor,
    rules: PeriodRules,
    windows: &[Window],
    input: ReportInput,
    now: DateTime<Utc>,
) -> Result<SubmitOutcome, AppError> {
    let mut results = submit_all(db, writer, actor, rules, windows, vec![input], now).await?;
    results.pop().unwrap_or(Err(AppError::Internal))
}

/// Saves many submissions, each exactly as [`submit`] saves one, and answers
/// one result per input in their order. What the checks read is read once
/// for all of them, and the writes share one transaction (with other
/// requests' submissions, on SQLite: [`ReportWriter`]) in which each report
/// has its own savepoint: a refused or raced item leaves the others saved.
/// Items for the same report are applied in the order given. Answered after
/// the commit.
pub async fn submit_all(
    db: &DatabaseConnection,
    writer: &ReportWriter,
    actor: &Actor,
    rules: PeriodRules,
    windows: &[Window],
    inputs: Vec<ReportInput>,
    now: DateTime<Utc>,
) -> Result<Vec<Result<SubmitOutcome, AppError>>, AppError> {
    let permits = Permits::load(db, actor, inputs.iter().map(|i| i.unit)).await?;
    let checks = Checks {
        permits,
        versions: writer.versions.clone(),
        rules,
        grace: graces(windows, rules.back_entry_days, now),
        now,
    };
    let mut results: Vec<Result<SubmitOutcome, AppError>> = Vec::with_capacity(inputs.len());
    let (mut jobs, mut waiting) = (Vec::new(), Vec::new());
    for input in inputs {
        match checks.prepare(db, actor, input).await {
            Ok(Prepared::Write(job, pending)) => {
                jobs.push(*job);
                waiting.push((results.len(), pending));
                results.push(Err(AppError::Internal));
            }
            Ok(Prepared::Repeat(receipt)) => results.push(Ok(SubmitOutcome::Saved(receipt))),
            Err(e) => results.push(Err(e)),
        }
    }
    if jobs.is_empty() {
        return Ok(results);
    }
    let written = writer.write(jobs).await?;
    for ((index, pending), written) in waiting.into_iter().zip(written) {
        results[index] = match written {
            Ok(Written::Saved { report_id, revision }) => Ok(SubmitOutcome::Saved(ReportReceipt {
                report_id,
                revision,
                day: pending.input.day,
                unit_name: pending.name,
                saved_at: now,
                repeated: false,
            })),
            // Either a copy of this very submission got there first, or
            // someone else changed the report since the user loaded it.
            Ok(Written::Raced) => raced(db, &pending.submission, &pending.input, &pending.name).await,
            Err(e) => Err(e),
        };
    }
    Ok(results)
}

/// A report carried over from the previous system by `gmis legacy import`:
/// already checked against the version in force on its day (the import
/// runs that version's own validation), entered by `actor_id` at
/// `entered_at`.
pub struct MigratedReport {
    pub survey: SurveyKind,
    pub unit: ReportUnit,
    pub day: NaiveDate,
    pub version_id: i32,
    pub nothing_to_report: bool,
    pub answers: Answers,
    /// 「移行」, its first revision's reason ([`PreparedReport::amend`] makes
    /// it an amendment, with 「移行データ更新」).
    pub reason: String,
    pub actor_id: i32,
    pub actor_label: String,
    /// Entered by an association for its member clinic (代理入力).
    pub on_behalf: bool,
    pub entered_at: DateTime<Utc>,
}

/// What became of one [`MigratedReport`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MigratedOutcome {
    Saved {
        report_id: i32,
        revision: i32,
    },
    /// The day already has a report this import did not write (entered in
    /// G-MIS), or it changed since the import read it: nothing was written.
    Taken,
}

/// A [`MigratedReport`] made ready to write: everything its writing needs
/// that no database has to answer (the answers as stored, its submission
/// id, what it adds to the running totals as a first report). The import
/// prepares a batch on every core while the batch before it is written.
pub struct PreparedReport(WriteJob);

impl MigratedReport {
    /// Makes it ready to write under `rules` (when its day was due), with a
    /// new submission id; asks no database, so it can run on any thread.
    pub fn prepare(self, rules: PeriodRules) -> Result<PreparedReport, AppError> {
        let answers_json =
            serde_json::to_string(&self.answers).map_err(|e| crate::server::errors::internal("answers", e))?;
        let mut job = WriteJob {
            due: rules.due(self.survey, self.day),
            grace: Vec::new(),
            survey: self.survey,
            unit: self.unit,
            day: self.day,
            base_revision: None,
            nothing_to_report: self.nothing_to_report,
            reason: self.reason,
            // Time-ordered (UUID v7): each batch's ids land at the end of
            // the unique index on submission ids instead of on a random
            // page of it (a sixth of the first run's time at 1.4 million
            // rows, and more as the index outgrows SQLite's cache).
            submission: SubmissionId::require(&uuid::Uuid::now_v7().to_string())?,
            version_id: self.version_id,
            answers: self.answers,
            answers_json,
            actor_id: self.actor_id,
            actor_label: self.actor_label,
            on_behalf: self.on_behalf,
            // The previous system asked nothing about large changes.
            outliers: None,
            now: self.entered_at,
            migrated: true,
            first_change: None,
        };
        job.first_change = Some(job.first_change());
        Ok(PreparedReport(job))
    }
}

impl PreparedReport {
    /// Makes it the next revision of a report already there at `revision`,
    /// for `reason`.
    pub fn amend(&mut self, revision: i32, reason: String) {
        self.0.base_revision = Some(revision);
        self.0.reason = reason;
    }
}

/// Writes migrated reports inside the caller's transaction (the import's,
/// which records its own rows with them) by the same write path as every
/// submission: first reports many rows per statement, amendments each as
/// the next revision. Their changes of the running totals are added to
/// `changes`, which the caller applies before it commits (once for all the
/// batches of its transaction). An amendment gets its `report.amended`
/// audit row; the first reports get none here — the import records them in
/// one `legacy.reports` row per transaction. `areas` holds the areas of
/// every unit the reports are of ([`crate::server::area::totals::areas_of_every_unit`]).
pub async fn write_migrated(
    txn: &sea_orm::DatabaseTransaction,
    reports: Vec<PreparedReport>,
    changes: &mut crate::server::area::totals::Changes,
    areas: &HashMap<ReportUnit, Vec<String>>,
) -> Result<Vec<Result<MigratedOutcome, AppError>>, AppError> {
    let jobs: Vec<WriteJob> = reports.into_iter().map(|r| r.0).collect();
    Ok(write::write_in(txn, &jobs, changes, Some(areas))
        .await?
        .into_iter()
        .map(|w| match w {
            Ok(Written::Saved { report_id, revision }) => Ok(MigratedOutcome::Saved { report_id, revision }),
            Ok(Written::Raced) => Ok(MigratedOutcome::Taken),
            Err(e) => Err(e),
        })
        .collect())
}

/// Prepared first reports made ready to insert together, with their rows'
/// statements built: on SQLite, the import's reading threads make a batch
/// ready while the batch before is written, and its writing then only
/// hands the statements over ([`write_ready`]).
pub struct ReadyReports(write::Ready);

impl ReadyReports {
    /// `reports` made ready, when every one is a first report (none made an
    /// amendment); asks no database. For SQLite: elsewhere [`write_ready`]
    /// writes nothing and answers `None`. Their own
    /// changes of the totals are let go once added up (held by thousands
    /// of reports in flight, they weigh; the reports that go through
    /// [`write_migrated`] after all work theirs out again).
    pub fn of(
        reports: &mut [PreparedReport],
        areas: &HashMap<ReportUnit, Vec<String>>,
    ) -> Result<Option<ReadyReports>, AppError> {
        let jobs: Vec<&mut WriteJob> = reports.iter_mut().map(|r| &mut r.0).collect();
        let ready = write::ready(jobs, areas).map_err(|e| crate::server::errors::internal("ready reports", e))?;
        Ok(ready.map(ReadyReports))
    }
}

/// Writes [`ReadyReports`] in the caller's transaction, as
/// [`write_migrated`] would write them if each is the first of its day,
/// with `along` (the caller's rows that point at them, counted from the
/// first report's id). Answers the first report's id — the others follow
/// it, in order — or `None` when one day already had a report: then
/// nothing was written and the reports go through [`write_migrated`].
pub async fn write_ready(
    txn: &sea_orm::DatabaseTransaction,
    ready: ReadyReports,
    along: Vec<crate::server::db::CountedInsert>,
    changes: &mut crate::server::area::totals::Changes,
) -> Result<Option<i32>, AppError> {
    Ok(write::write_ready(txn, ready.0, along, changes).await?)
}

/// What the checks of a [`submit_all`] share.
struct Checks {
    permits: Permits,
    versions: versions::SurveyVersions,
    rules: PeriodRules,
    grace: Vec<crate::domain::maintenance::Grace>,
    now: DateTime<Utc>,
}

/// A checked submission: to be written, or a repeat answered with its first result.
enum Prepared {
    Write(Box<WriteJob>, Pending),
    Repeat(ReportReceipt),
}

/// What answering a written submission needs.
struct Pending {
    input: ReportInput,
    submission: SubmissionId,
    name: String,
}

impl Checks {
    /// Authorizes and validates one submission, as [`submit`] does before writing.
    async fn prepare(&self, db: &DatabaseConnection, actor: &Actor, input: ReportInput) -> Result<Prepared, AppError> {
        let t = crate::i18n::t();
        let submission = SubmissionId::require(&input.submission_id)?;
        let unit = self.permits.check(db, actor, input.unit, input.day).await?;
        if !unit.reports(input.survey) {
            return Err(AppError::field("survey", t.report_wrong_survey));
        }
        let (version_id, definition) = self
            .versions
            .in_force(db, input.survey, input.day)
            .await?
            .ok_or_else(|| AppError::field("day", t.report_no_survey_on_day))?;
        let baseline = baseline(db, input.unit, input.survey, input.day).await?;
        let answers = match check_input(&input, &definition, &baseline, self.rules, japan_date(self.now), &self.grace) {
            Ok(answers) => answers,
            // A repeat is answered with its first result even when it would no
            // longer pass (e.g. its day has since left the back-entry window).
            // Repeats that pass are recognised inside the transaction.
            Err(errors) => {
                return match repeated(db, &submission, &input, &unit.name).await? {
                    Some(receipt) => Ok(Prepared::Repeat(receipt)),
                    None => Err(AppError::Validation(errors)),
                };
            }
        };
        let outliers: Vec<String> =
            outliers_of(&input, &definition, &baseline, &answers).into_iter().map(|o| o.item).collect();
        let outliers = outliers::to_column(&outliers);
        let answers_json =
            serde_json::to_string(&answers).map_err(|e| crate::server::errors::internal("answers", e))?;
        let job = WriteJob {
            due: self.rules.due(input.survey, input.day),
            grace: self.grace.clone(),
            survey: input.survey,
            unit: input.unit,
            day: input.day,
            base_revision: input.base_revision,
            nothing_to_report: input.nothing_to_report,
            reason: input.reason.trim().to_owned(),
            submission: submission.clone(),
            version_id,
            answers,
            answers_json,
            actor_id: actor.user_id.0,
            actor_label: actor.login_id.as_str().to_owned(),
            on_behalf: unit.on_behalf,
            outliers,
            now: self.now,
            migrated: false,
            first_change: None,
        };
        Ok(Prepared::Write(Box::new(job), Pending { input, submission, name: unit.name }))
    }
}

/// The reports of one unit in one survey; callers narrow the period.
fn reports_of(unit: ReportUnit, survey: SurveyKind) -> Select<report::Entity> {
    let (kind, unit_id) = unit.parts();
    report::Entity::find()
        .filter(report::Column::UnitKind.eq(kind))
        .filter(report::Column::UnitId.eq(unit_id))
        .filter(report::Column::Survey.eq(survey.code()))
}

/// The latest report of `survey` for `unit` whose period starts on or after
/// `since`: its period and answers.
pub(crate) async fn latest(
    conn: &impl ConnectionTrait,
    unit: ReportUnit,
    survey: SurveyKind,
    since: NaiveDate,
) -> Result<Option<(NaiveDate, Answers)>, AppError> {
    let row = reports_of(unit, survey)
        .filter(report::Column::Period.gte(since))
        .order_by_desc(report::Column::Period)
        .first(conn)
        .await?;
    Ok(row.map(|r| (r.period, parse_answers(&r.answers))))
}

/// The baseline of the outlier check for `unit` on `day`: its reports of
/// the window before (none for a weekly survey, which is not checked).
pub(crate) async fn baseline(
    conn: &impl ConnectionTrait,
    unit: ReportUnit,
    survey: SurveyKind,
    day: NaiveDate,
) -> Result<Baseline, AppError> {
    if survey.period() != PeriodKind::Day {
        return Ok(Baseline::default());
    }
    let rows: Vec<(NaiveDate, String)> = reports_of(unit, survey)
        .filter(report::Column::Period.gte(day - chrono::Duration::days(outliers::WINDOW_DAYS)))
        .filter(report::Column::Period.lt(day))
        .filter(report::Column::NothingToReport.eq(false))
        .select_only()
        .column(report::Column::Period)
        .column(report::Column::Answers)
        .into_tuple()
        .all(conn)
        .await?;
    let answers: Vec<(NaiveDate, Answers)> = rows.into_iter().map(|(d, json)| (d, parse_answers(&json))).collect();
    Ok(Baseline::of(day, answers.iter().map(|(d, a)| (*d, a))))
}

pub(crate) fn is_unique_violation(e: &DbErr) -> bool {
    matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}

/// Another request changed the report first: either a copy of the same
/// submission (return its result) or someone else's (the user must look
/// again at the current values).
async fn raced(
    db: &DatabaseConnection,
    submission: &SubmissionId,
    input: &ReportInput,
    unit_name: &str,
) -> Result<SubmitOutcome, AppError> {
    if let Some(receipt) = repeated(db, submission, input, unit_name).await? {
        return Ok(SubmitOutcome::Saved(receipt));
    }
    let current = reports_of(input.unit, input.survey)
        .filter(report::Column::Period.eq(input.day))
        .first(db)
        .await?
        .ok_or(AppError::Internal)?;
    Ok(SubmitOutcome::Stale(snapshot_of(db, &current).await?))
}

/// The first result of a submission id already saved. The id must have been
/// used for the same unit, survey and day; reusing it for another report is
/// refused (a client bug, never silently merged).
async fn repeated(
    db: &DatabaseConnection,
    submission: &SubmissionId,
    input: &ReportInput,
    unit_name: &str,
) -> Result<Option<ReportReceipt>, AppError> {
    let Some(rev) = report_revision::Entity::find()
        .filter(report_revision::Column::SubmissionId.eq(submission.as_str()))
        .first(db)
        .await?
    else {
        return Ok(None);
    };
    let report = report::Entity::find_by_id(rev.report_id).first(db).await?.ok_or(AppError::Internal)?;
    let (kind, unit_id) = input.unit.parts();
    if report.unit_kind != kind
        || report.unit_id != unit_id
        || report.period != input.day
        || report.survey != input.survey.code()
    {
        return Err(AppError::Conflict(crate::i18n::t().report_submission_reused.to_owned()));
    }
    Ok(Some(ReportReceipt {
        report_id: report.id,
        revision: rev.revision,
        day: report.period,
        unit_name: unit_name.to_owned(),
        saved_at: rev.entered_at,
        repeated: true,
    }))
}

/// Names and roles of the given users, for "entered by" and timelines.
pub(crate) async fn user_labels(
    conn: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i32>,
) -> Result<BTreeMap<i32, String>, AppError> {
    let ids: Vec<i32> = ids.into_iter().collect();
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        // Names and roles, never login IDs: the other side of an SOS
        // request or an association's entry must not learn them.
        .map(|u| {
            let t = crate::i18n::t();
            (u.id, format!("{}{}", u.display_name, (t.parenthesized)(t.role(u.role))))
        })
        .collect())
}

pub(crate) fn parse_answers(json: &str) -> Answers {
    serde_json::from_str(json).unwrap_or_default()
}

/// The current state of a report, from its latest revision row.
async fn snapshot_of(conn: &impl ConnectionTrait, r: &report::Model) -> Result<ReportSnapshot, AppError> {
    let rev = report_revision::Entity::find()
        .filter(report_revision::Column::ReportId.eq(r.id))
        .filter(report_revision::Column::Revision.eq(r.revision))
        .first(conn)
        .await?
        .ok_or(AppError::Internal)?;
    let labels = user_labels(conn, [rev.entered_by]).await?;
    let version = version_number(conn, rev.survey_version_id).await?;
    Ok(revision_snapshot(rev, version, &labels))
}

async fn version_number(conn: &impl ConnectionTrait, id: i32) -> Result<i32, AppError> {
    Ok(survey_version::Entity::find_by_id(id).first(conn).await?.map_or(0, |v| v.version))
}

fn revision_snapshot(rev: report_revision::Model, version: i32, labels: &BTreeMap<i32, String>) -> ReportSnapshot {
    ReportSnapshot {
        revision: rev.revision,
        version,
        nothing_to_report: rev.nothing_to_report,
        answers: parse_answers(&rev.answers),
        entered_by: labels.get(&rev.entered_by).cloned().unwrap_or_default(),
        entered_at: rev.entered_at,
        on_behalf: rev.on_behalf,
        reason: rev.reason,
        outliers: outliers::from_column(rev.outliers.as_deref()),
    }
}

/// The facilities `actor` enters for on `day`: its own facility, or an
/// association's members on that day; by medical code.
pub(crate) async fn facilities_of(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    day: NaiveDate,
) -> Result<Vec<facility::Model>, AppError> {
    let ids: Vec<i32> = match &actor.scope {
        Scope::Facility(id) => vec![id.0],
        Scope::Aggregator(agg) => membership::Entity::find()
            .filter(membership::Column::AggregatorId.eq(agg.0))
            .all(conn)
            .await?
            .into_iter()
            .filter(|m| covers(m.valid_from, m.valid_to, day))
            .map(|m| m.facility_id)
            .collect(),
        _ => Vec::new(),
    };
    Ok(facility::Entity::find()
        .filter(facility::Column::Id.is_in(ids))
        .order_by_asc(facility::Column::MedicalCode)
        .all(conn)
        .await?)
}

/// The unit the actor reports for when the page names none.
pub(crate) fn own_unit(actor: &Actor) -> Option<ReportUnit> {
    match actor.scope {
        Scope::Facility(id) => Some(ReportUnit::Facility(id.0)),
        Scope::Centre(id) => Some(ReportUnit::Centre(id.0)),
        _ => None,
    }
}

/// Which form to show: the survey (default: the unit's daily one), the
/// unit (`f12`, `c3`; default: the user's own) and the day or week.
#[derive(Clone, Debug, Default)]
pub struct FormRequest {
    pub survey: Option<SurveyKind>,
    pub unit: Option<String>,
    pub day: Option<NaiveDate>,
}

/// Everything the report form shows: the version in force on the period,
/// the current values and their history, the previous period's values, the
/// calendar of recent periods, and a fresh submission id. A day inside a
/// week is read as that week.
pub async fn form(
    db: &DatabaseConnection,
    actor: &Actor,
    rules: PeriodRules,
    stock_threshold_days: u32,
    windows: &[Window],
    request: FormRequest,
    now: DateTime<Utc>,
) -> Result<ReportForm, AppError> {
    let t = crate::i18n::t();
    require_role(db, actor, &[Role::Facility, Role::Aggregator, Role::ConsultationCentre], "reports.form").await?;
    let today = japan_date(now);
    let unit = match request.unit.as_deref().filter(|u| !u.is_empty()) {
        Some(key) => ReportUnit::from_key(key).ok_or(AppError::NotFound)?,
        None => own_unit(actor).ok_or(AppError::NotFound)?,
    };
    let kind = request.survey.map_or(PeriodKind::Day, SurveyKind::period);
    let day = kind.start_of(request.day.unwrap_or(today));
    let permitted = permit(db, actor, unit, day).await?;
    let survey = request.survey.unwrap_or(permitted.survey);
    if !permitted.reports(survey) {
        return Err(AppError::field("survey", t.supply_pages().hospital_or_clinic_only));
    }
    let (version_row, definition) =
        definition_for(db, survey, day).await?.ok_or_else(|| AppError::field("day", t.report_no_survey_on_day))?;
    let revised = crate::server::survey_admin::revised(db, version_row, &definition, day).await?;
    let this_period = kind.start_of(today);
    let periods: Vec<NaiveDate> =
        std::iter::successors(Some(this_period), |p| Some(kind.previous(*p))).take(calendar_len(kind)).collect();
    let first = periods.last().copied().unwrap_or(this_period).min(day);
    let recent = reports_of(unit, survey)
        .filter(report::Column::Period.gte(kind.previous(first)))
        .filter(report::Column::Period.lte(today.max(day)))
        .all(db)
        .await?;
    let by_day: BTreeMap<NaiveDate, &report::Model> = recent.iter().map(|r| (r.period, r)).collect();
    let grace = graces(windows, rules.back_entry_days, now);
    let calendar = periods
        .into_iter()
        .rev()
        .map(|d| {
            let r = by_day.get(&d);
            CalendarDay {
                day: d,
                status: day_status(rules.due(survey, d), d, kind.last_day(d), r.map(|r| r.first_entered_at), &grace),
                amended: r.is_some_and(|r| r.revision > 1),
            }
        })
        .collect();
    let previous = match by_day.get(&kind.previous(day)) {
        Some(r) => Some(snapshot_of(db, r).await?),
        None => None,
    };
    let (current, history) = match by_day.get(&day) {
        Some(r) => {
            let revisions = report_revision::Entity::find()
                .filter(report_revision::Column::ReportId.eq(r.id))
                .order_by_desc(report_revision::Column::Revision)
                .all(db)
                .await?;
            let labels = user_labels(db, revisions.iter().map(|r| r.entered_by)).await?;
            let mut versions = BTreeMap::new();
            for v in revisions.iter().map(|r| r.survey_version_id) {
                if let std::collections::btree_map::Entry::Vacant(e) = versions.entry(v) {
                    e.insert(version_number(db, v).await?);
                }
            }
            let snapshots: Vec<ReportSnapshot> = revisions
                .into_iter()
                .map(|rev| {
                    let version = versions.get(&rev.survey_version_id).copied().unwrap_or_default();
                    revision_snapshot(rev, version, &labels)
                })
                .collect();
            (snapshots.first().cloned(), snapshots)
        }
        None => (None, Vec::new()),
    };
    Ok(ReportForm {
        unit,
        unit_name: permitted.name,
        day,
        today,
        earliest: rules.earliest(today),
        definition,
        current,
        previous,
        history,
        calendar,
        submission_id: uuid::Uuid::new_v4().to_string(),
        stock_threshold_days,
        deadline_warning: period_deadline_warning(kind, day, today, windows, now),
        grace,
        baseline: baseline(db, unit, survey, day).await?,
        revised,
    })
}

/// A weekly period's deadline (the end of its Sunday) when a maintenance
/// window is in the way of it; daily reports are not flagged (a closed day
/// is simply entered afterwards, see [`Grace`](crate::domain::maintenance::Grace)).
fn period_deadline_warning(
    kind: PeriodKind,
    day: NaiveDate,
    today: NaiveDate,
    windows: &[Window],
    now: DateTime<Utc>,
) -> Option<String> {
    if kind != PeriodKind::Week || kind.last_day(day) < today {
        return None;
    }
    let midnight =
        |d: NaiveDate| d.and_hms_opt(0, 0, 0).and_then(|t| t.and_local_timezone(crate::domain::time::jst()).single());
    let opens = midnight(day)?.with_timezone(&Utc);
    let deadline = midnight(kind.next(day))?.with_timezone(&Utc);
    deadline_clash(opens, deadline, now, windows).map(|c| c.message(deadline - chrono::Duration::minutes(1)))
}

/// An association's members on `day`, each with its report of that day, and
/// the clinic survey in force (the grid's columns).
pub async fn member_grid(
    db: &DatabaseConnection,
    actor: &Actor,
    rules: PeriodRules,
    windows: &[Window],
    day: Option<NaiveDate>,
    now: DateTime<Utc>,
) -> Result<MemberGrid, AppError> {
    let t = crate::i18n::t();
    require_role(db, actor, &[Role::Aggregator], "reports.members").await?;
    let today = japan_date(now);
    let day = day.unwrap_or(today);
    let (_, definition) = definition_for(db, SurveyKind::ClinicDaily, day)
        .await?
        .ok_or_else(|| AppError::field("day", t.report_no_survey_on_day))?;
    let facilities = facilities_of(db, actor, day).await?;
    let member_ids: Vec<i32> = facilities.iter().map(|f| f.id).collect();
    let reports = report::Entity::find()
        .filter(report::Column::UnitKind.eq("facility"))
        .filter(report::Column::UnitId.is_in(member_ids))
        .filter(report::Column::Period.eq(day))
        .all(db)
        .await?;
    let mut rows = Vec::with_capacity(facilities.len());
    for f in facilities {
        let survey = facility_survey(f.kind);
        let current = match reports.iter().find(|r| r.unit_id == f.id && r.survey == survey.code()) {
            Some(r) => Some(snapshot_of(db, r).await?),
            None => None,
        };
        rows.push(MemberRow {
            unit: ReportUnit::Facility(f.id),
            name: f.name,
            medical_code: f.medical_code,
            survey,
            current,
            submission_id: uuid::Uuid::new_v4().to_string(),
            baseline: baseline(db, ReportUnit::Facility(f.id), survey, day).await?,
        });
    }
    Ok(MemberGrid {
        day,
        today,
        earliest: rules.earliest(today),
        definition,
        rows,
        grace: graces(windows, rules.back_entry_days, now),
    })
}

/// Saves the rows of a grid; each row succeeds or fails on its own, in the
/// order given.
pub async fn submit_many(
    db: &DatabaseConnection,
    writer: &ReportWriter,
    actor: &Actor,
    rules: PeriodRules,
    windows: &[Window],
    inputs: Vec<ReportInput>,
    now: DateTime<Utc>,
) -> Result<Vec<Result<SubmitOutcome, AppError>>, AppError> {
    require_role(db, actor, &[Role::Aggregator], "reports.grid").await?;
    if inputs.len() > MAX_GRID_ROWS {
        let message = (crate::i18n::t().report_grid_too_many)(MAX_GRID_ROWS);
        return Err(AppError::Validation(FieldErrors::from([("rows".to_owned(), message)])));
    }
    submit_all(db, writer, actor, rules, windows, inputs, now).await
}
