//! Downloads of area data (SPEC §7) as CSV (UTF-8 with BOM, or Shift_JIS)
//! or XLSX, streamed: a task reads the reports a few units at a time and
//! writes rows into a bounded channel that the HTTP body drains, so a year
//! of a prefecture never sits in memory (XLSX rows go to rust_xlsxwriter's
//! constant-memory temp file, then the finished file is streamed). Every
//! download is logged in `downloads` (who, what, filters, rows, state).

use super::capacity::{SERVICES, hospital_rows};
use super::completeness::missing_units;
use super::{Scoped, load_units, resolve};
use crate::domain::area::{AreaQuery, DownloadFormat, DownloadKind, DownloadLogRow, DownloadPage};
use crate::domain::error::{AppError, FieldErrors};
use crate::domain::roles::{Actor, Role};
use crate::domain::supplies::Supply;
use crate::domain::surveys::{Answer, ItemKind, SurveyDefinition, SurveyKind};
use crate::domain::time::format_datetime;
use crate::server::context::AppState;
use crate::server::entities::{download, municipality, prefecture, report, report_revision, survey_version, user};
use chrono::{DateTime, Datelike, Days, NaiveDate, Timelike, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    AccessMode, ActiveValue::NotSet, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    DbErr, EntityTrait, IsolationLevel, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{self, Read};
use tokio::sync::mpsc;

/// Bytes gathered before a CSV chunk is sent.
const CHUNK: usize = 64 * 1024;
/// Chunks the channel holds before the producer waits for the client.
const CHANNEL: usize = 4;
/// Reports read per query (units × days), so a query never holds more
/// (three such batches are alive at once). Several days per
/// query let the database read each unit's days in one index range: a year
/// of Tokyo's clinics took 22 µs a report on PostgreSQL one day at a time,
/// 5 µs a week at a time.
const REPORTS_PER_QUERY: i64 = 10_000;
/// Rows of an XLSX sheet before the next sheet starts (Excel's limit is 1,048,576).
const SHEET_ROWS: u32 = 1_000_000;

/// A download ready to stream: its file name, media type and body chunks.
pub struct Prepared {
    pub file_name: String,
    pub content_type: &'static str,
    pub body: mpsc::Receiver<Result<Vec<u8>, io::Error>>,
}

/// One cell of a row: owned text, or text borrowed from what every row
/// repeats (a unit's name, a choice's label) so that a row copies none.
#[derive(Clone, Debug)]
pub enum Cell<'a> {
    Text(String),
    Str(&'a str),
    Int(i64),
    Date(NaiveDate),
    /// A moment, shown in Japan time to the minute.
    Time(DateTime<Utc>),
    Empty,
}

/// Checks the request, logs it, and starts writing the file.
pub async fn start(
    state: &AppState,
    actor: &Actor,
    kind: Option<&str>,
    format: Option<&str>,
    query: AreaQuery,
    now: DateTime<Utc>,
) -> Result<Prepared, AppError> {
    let a = crate::i18n::t().area();
    let db = &state.db;
    let today = crate::domain::time::japan_date(now);
    let scoped = resolve(db, actor, &query, today, "area.download").await?;
    let mut errors = FieldErrors::new();
    let kind = kind.and_then(DownloadKind::from_code);
    if kind.is_none() {
        errors.insert("kind".into(), a.bad_kind.to_owned());
    }
    let format = format.map_or(Some(DownloadFormat::CsvUtf8), DownloadFormat::from_code);
    if format.is_none() {
        errors.insert("format".into(), a.bad_format.to_owned());
    }
    let survey = scoped.survey.unwrap_or(SurveyKind::HospitalDaily);
    let (Some(kind), Some(format), true) = (kind, format, errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };
    let filters = serde_json::to_string(&scoped.query).unwrap_or_default();
    let log_id = download::Entity::insert(download::ActiveModel {
        id: NotSet,
        user_id: Set(actor.user_id.0),
        what: Set(kind.code().to_owned()),
        format: Set(format.code().to_owned()),
        filters: Set(filters),
        rows: Set(0),
        state: Set("started".to_owned()),
        started_at: Set(Utc::now()),
        finished_at: Set(None),
    })
    .exec(db)
    .await?
    .last_insert_id;
    let (from, to) = scoped.range.unwrap_or((scoped.day, scoped.day));
    let file_name = match kind {
        DownloadKind::Reports | DownloadKind::Revisions => {
            format!("gmis-{}-{}-{from}_{to}", kind.code(), survey.code())
        }
        _ => format!("gmis-{}-{}", kind.code(), scoped.day),
    };
    let (extension, content_type) = match format {
        DownloadFormat::CsvUtf8 => ("csv", "text/csv; charset=utf-8"),
        DownloadFormat::CsvShiftJis => ("csv", "text/csv; charset=Shift_JIS"),
        DownloadFormat::Xlsx => ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    };
    let (tx, rx) = mpsc::channel(CHANNEL);
    let job = Job { state: state.clone(), scoped, kind, survey, from, to, now };
    // The file is written in this request's language (its headers).
    let locale = crate::i18n::locale();
    tokio::spawn(crate::i18n::with_locale(locale, async move {
        let mut sink = Sink::new(format, tx.clone());
        let outcome = match job.write(&mut sink).await {
            Ok(()) => sink.finish().await.map(|()| sink.rows()),
            Err(e) => Err(e),
        };
        let (state_text, rows) = match &outcome {
            Ok(rows) => ("completed", *rows),
            Err(e) => {
                tracing::warn!(error = %e, download = log_id, "download stopped");
                let _ = tx.send(Err(io::Error::other("download failed"))).await;
                ("failed", sink.rows())
            }
        };
        let update = download::Entity::update_many()
            .col_expr(download::Column::Rows, Expr::value(i64::try_from(rows).unwrap_or(i64::MAX)))
            .col_expr(download::Column::State, Expr::value(state_text))
            .col_expr(download::Column::FinishedAt, Expr::value(Utc::now()))
            .filter(download::Column::Id.eq(log_id))
            .exec(&job.state.db)
            .await;
        if let Err(e) = update {
            tracing::error!(error = %e, download = log_id, "could not log the end of a download");
        }
    }));
    Ok(Prepared { file_name: format!("{file_name}.{extension}"), content_type, body: rx })
}

struct Job {
    state: AppState,
    scoped: Scoped,
    kind: DownloadKind,
    survey: SurveyKind,
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<Utc>,
}

impl Job {
    async fn write(&self, sink: &mut Sink) -> io::Result<()> {
        let db = &self.state.db;
        match self.kind {
            DownloadKind::Reports | DownloadKind::Revisions => self.reports(db, sink).await,
            DownloadKind::Missing => {
                let a = crate::i18n::t().area();
                sink.header(&[
                    a.col_day,
                    a.survey,
                    a.municipality,
                    a.medical_code,
                    a.unit_name,
                    a.aggregator,
                    a.contact,
                ])
                .await?;
                let missing = missing_units(&self.state, &self.scoped, self.now).await.map_err(io_err)?;
                for m in missing {
                    sink.row(vec![
                        Cell::Date(self.scoped.day),
                        Cell::Text((a.survey_label)(m.survey).to_owned()),
                        Cell::Text(m.municipality),
                        Cell::Text(m.medical_code),
                        Cell::Text(m.name),
                        Cell::Text(m.aggregator.unwrap_or_default()),
                        Cell::Text(m.email.unwrap_or_default()),
                    ])
                    .await?;
                }
                Ok(())
            }
            DownloadKind::Capacity => self.capacity(db, sink).await,
            DownloadKind::Supplies => {
                let a = crate::i18n::t().area();
                let mut header = vec![a.unit_name.to_owned(), a.municipality.to_owned(), a.week_of.to_owned()];
                header.extend(
                    Supply::ALL
                        .iter()
                        .map(|s| format!("{}{}", s.label(), (crate::i18n::t().parenthesized)(a.days_unit))),
                );
                sink.header_owned(header).await?;
                let threshold = self.state.supplies.threshold_days;
                for r in super::supplies::rows(db, &self.scoped, threshold).await.map_err(io_err)? {
                    let mut cells = vec![Cell::Text(r.name), Cell::Text(r.municipality), Cell::Date(r.week)];
                    cells.extend(r.days.into_iter().map(|d| d.map_or(Cell::Empty, Cell::Int)));
                    sink.row(cells).await?;
                }
                Ok(())
            }
        }
    }

    async fn capacity(&self, db: &DatabaseConnection, sink: &mut Sink) -> io::Result<()> {
        let a = crate::i18n::t().area();
        let def = crate::server::reports::definition_for(db, SurveyKind::HospitalDaily, self.scoped.day)
            .await
            .map_err(io_err)?
            .map(|(_, d)| d);
        let mut header: Vec<String> = [
            a.unit_name,
            a.municipality,
            a.as_of,
            a.secured_beds,
            a.beds_in_use,
            a.occupancy,
            a.inpatients,
            a.severe,
            a.ventilators_in_use,
            a.ventilators_owned,
            a.ecmo_in_use,
            a.ecmo_owned,
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        header.extend(
            SERVICES
                .iter()
                .map(|c| def.as_ref().and_then(|d| d.item(c)).map_or_else(|| (*c).to_owned(), |i| i.label.clone())),
        );
        header.push(a.staffing.to_owned());
        sink.header_owned(header).await?;
        let rows = hospital_rows(db, &self.scoped, def.as_ref()).await.map_err(io_err)?;
        for r in rows {
            let n = |v: Option<i64>| v.map_or(Cell::Empty, Cell::Int);
            let occupancy = r.occupancy();
            let mut cells = vec![
                Cell::Text(r.name),
                Cell::Text(r.municipality),
                r.as_of.map_or(Cell::Empty, Cell::Date),
                n(r.secured_beds),
                n(r.beds_in_use),
                Cell::Text(occupancy),
                n(r.inpatients),
                n(r.severe),
                n(r.ventilators_in_use),
                n(r.ventilators_owned),
                n(r.ecmo_in_use),
                n(r.ecmo_owned),
            ];
            for code in SERVICES {
                let status = r.statuses.iter().find(|s| s.item == code);
                cells.push(status.map_or(Cell::Empty, |s| Cell::Text(s.label.clone())));
            }
            cells.push(r.staffing.map_or(Cell::Empty, |s| Cell::Text(s.label)));
            sink.row(cells).await?;
        }
        Ok(())
    }

    /// Reports (or every revision) of one survey over the range, a few
    /// units at a time, in unit then day order; the columns are the items
    /// of every version in force in the range.
    async fn reports(&self, db: &DatabaseConnection, sink: &mut Sink) -> io::Result<()> {
        let a = crate::i18n::t().area();
        let revisions = self.kind == DownloadKind::Revisions;
        let versions = versions_in(db, self.survey, self.from, self.to).await.map_err(io_err)?;
        let mut columns: Vec<(String, String)> = Vec::new();
        for (_, def) in versions.iter().rev() {
            for item in &def.items {
                if !columns.iter().any(|(c, _)| *c == item.code) {
                    columns.push((item.code.clone(), item.label.clone()));
                }
            }
        }
        let mut header: Vec<String> = vec![
            a.col_day.into(),
            a.col_prefecture.into(),
            a.municipality.into(),
            a.medical_code.into(),
            a.unit_name.into(),
            a.col_version.into(),
        ];
        if revisions {
            header.extend(
                [a.col_revision, a.col_nothing, a.col_updated, a.col_entered_by, a.col_on_behalf, a.col_reason]
                    .map(String::from),
            );
        } else {
            header.extend([a.col_nothing, a.col_first_entered, a.col_updated, a.col_revisions].map(String::from));
        }
        header.extend(columns.iter().map(|(_, label)| label.clone()));
        sink.header_owned(header).await?;

        let by_id: HashMap<i32, &(i32, SurveyDefinition)> = versions.iter().map(|v| (v.0, v)).collect();
        let prefectures: HashMap<String, String> =
            prefecture::Entity::find().all(db).await.map_err(io_err)?.into_iter().map(|p| (p.code, p.name)).collect();
        let municipalities: HashMap<String, String> =
            municipality::Entity::find().all(db).await.map_err(io_err)?.into_iter().map(|m| (m.code, m.name)).collect();
        let units = load_units(db, &self.scoped.area, Some(self.survey)).await.map_err(io_err)?;
        // Where each unit stands in the file and the cells naming it.
        let places: HashMap<i32, (usize, [&str; 4])> = units
            .iter()
            .enumerate()
            .map(|(i, u)| {
                let place = [
                    prefectures.get(&u.prefecture).map_or("", String::as_str),
                    u.municipality.as_ref().and_then(|m| municipalities.get(m)).map_or("", String::as_str),
                    &u.medical_code,
                    &u.name,
                ];
                (u.key.parts().1, (i, place))
            })
            .collect();
        // Day by day (a few days per query for a small area): a day's reports
        // lie together in the table, so each page is read once.
        let per_query = u64::try_from(REPORTS_PER_QUERY / i64::try_from(units.len().max(1)).unwrap_or(i64::MAX))
            .unwrap_or(1)
            .max(1);
        let mut ranges = Vec::new();
        let mut first = self.from;
        while first <= self.to {
            let last = first.checked_add_days(Days::new(per_query - 1)).unwrap_or(self.to).min(self.to);
            ranges.push((first, last));
            first = match last.succ_opt() {
                Some(next) => next,
                None => break,
            };
        }
        // The next days are read while these are written: the database and
        // the writer work at the same time, and at most two reads wait.
        let (tx, mut rx) = mpsc::channel(1);
        let reader = Reader { db: db.clone(), area: self.scoped.area.clone(), survey: self.survey, revisions };
        tokio::spawn(reader.run(ranges, tx));
        let mut logins: HashMap<i32, String> = HashMap::new();
        while let Some(fetched) = rx.recv().await {
            let Fetched { mut reports, mut revs, logins: found } = fetched.map_err(io_err)?;
            logins.extend(found);
            reports.retain(|r| places.contains_key(&r.unit_id));
            reports.sort_by_key(|r| (r.period, places.get(&r.unit_id).map_or(0, |p| p.0)));
            for r in reports {
                let Some((_, place)) = places.get(&r.unit_id) else { continue };
                // Day, place and the version the values were entered under.
                let lead = |def: Option<&SurveyDefinition>| {
                    let mut cells = vec![Cell::Date(r.period)];
                    cells.extend(place.iter().map(|t| Cell::Str(t)));
                    cells.push(def.map_or(Cell::Empty, |d| Cell::Int(i64::from(d.version))));
                    cells
                };
                if revisions {
                    for rev in revs.remove(&r.id).unwrap_or_default() {
                        let def = by_id.get(&rev.survey_version_id).map(|v| &v.1);
                        let mut cells = lead(def);
                        cells.push(Cell::Int(i64::from(rev.revision)));
                        cells.push(yes(rev.nothing_to_report));
                        cells.push(Cell::Time(rev.entered_at));
                        cells.push(Cell::Text(logins.get(&rev.entered_by).cloned().unwrap_or_default()));
                        cells.push(yes(rev.on_behalf));
                        cells.push(Cell::Text(rev.reason.clone().unwrap_or_default()));
                        cells.extend(answer_cells(&columns, def, &rev.answers));
                        sink.row(cells).await?;
                    }
                } else {
                    let def = by_id.get(&r.survey_version_id).map(|v| &v.1);
                    let mut cells = lead(def);
                    cells.push(yes(r.nothing_to_report));
                    cells.push(Cell::Time(r.first_entered_at));
                    cells.push(Cell::Time(r.updated_at));
                    cells.push(Cell::Int(i64::from(r.revision - 1)));
                    cells.extend(answer_cells(&columns, def, &r.answers));
                    sink.row(cells).await?;
                }
            }
        }
        Ok(())
    }
}

/// Reads the reports of a download a few days at a time, ahead of the writer.
struct Reader {
    db: DatabaseConnection,
    area: super::Area,
    survey: SurveyKind,
    revisions: bool,
}

/// The columns of a report a download writes (the survey, unit kind and
/// editor are known or not shown): fewer values for the driver to copy.
#[derive(Debug, sea_orm::FromQueryResult)]
struct Row {
    id: i32,
    unit_id: i32,
    period: NaiveDate,
    survey_version_id: i32,
    revision: i32,
    nothing_to_report: bool,
    answers: String,
    first_entered_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

/// The reports of some days in the area, their revisions when asked for,
/// and the login IDs those name that earlier reads did not.
struct Fetched {
    reports: Vec<Row>,
    revs: HashMap<i32, Vec<report_revision::Model>>,
    logins: Vec<(i32, String)>,
}

impl Reader {
    /// Sends each range's reports in order; stops at the first error (sent
    /// on) or when the writer has gone.
    ///
    /// All reads go through one transaction: the file is one consistent
    /// picture even while reports arrive, and only one connection's page
    /// cache fills (each pooled SQLite connection keeps its own, so reads
    /// spread over the pool grew the server by up to 8 × 32 MiB).
    async fn run(self, ranges: Vec<(NaiveDate, NaiveDate)>, tx: mpsc::Sender<Result<Fetched, DbErr>>) {
        let start = async {
            // SQLite's read transactions are snapshots already.
            let postgres = self.db.get_database_backend() == sea_orm::DatabaseBackend::Postgres;
            let txn = self
                .db
                .begin_with_config(
                    postgres.then_some(IsolationLevel::RepeatableRead),
                    postgres.then_some(AccessMode::ReadOnly),
                )
                .await?;
            let in_area = super::completeness::in_area(&txn, &self.area, self.survey).await?;
            Ok::<_, DbErr>((txn, in_area))
        };
        let (txn, in_area) = match start.await {
            Ok(started) => started,
            Err(e) => {
                let _ = tx.send(Err(e)).await;
                return;
            }
        };
        let mut known: HashSet<i32> = HashSet::new();
        for (first, last) in ranges {
            let fetched = self.days(&txn, &in_area, first, last, &mut known).await;
            let failed = fetched.is_err();
            if tx.send(fetched).await.is_err() || failed {
                return;
            }
        }
    }

    async fn days(
        &self,
        db: &DatabaseTransaction,
        in_area: &Condition,
        first: NaiveDate,
        last: NaiveDate,
        known: &mut HashSet<i32>,
    ) -> Result<Fetched, DbErr> {
        let reports = report::Entity::find()
            .select_only()
            .columns([
                report::Column::Id,
                report::Column::UnitId,
                report::Column::Period,
                report::Column::SurveyVersionId,
                report::Column::Revision,
                report::Column::NothingToReport,
                report::Column::Answers,
                report::Column::FirstEnteredAt,
                report::Column::UpdatedAt,
            ])
            .filter(in_area.clone())
            .filter(report::Column::Period.between(first, last))
            .into_model::<Row>()
            .all(db)
            .await?;
        let mut revs: HashMap<i32, Vec<report_revision::Model>> = HashMap::new();
        let mut logins = Vec::new();
        if self.revisions {
            let report_ids: Vec<i32> = reports.iter().map(|r| r.id).collect();
            for ids in report_ids.chunks(1_000) {
                for rev in report_revision::Entity::find()
                    .filter(report_revision::Column::ReportId.is_in(ids.iter().copied()))
                    .order_by_asc(report_revision::Column::Revision)
                    .all(db)
                    .await?
                {
                    revs.entry(rev.report_id).or_default().push(rev);
                }
            }
            let missing: HashSet<i32> =
                revs.values().flatten().map(|r| r.entered_by).filter(|id| !known.contains(id)).collect();
            if !missing.is_empty() {
                logins = user::Entity::find()
                    .select_only()
                    .columns([user::Column::Id, user::Column::LoginId])
                    .filter(user::Column::Id.is_in(missing))
                    .into_tuple()
                    .all(db)
                    .await?;
                known.extend(logins.iter().map(|(id, _)| *id));
            }
        }
        Ok(Fetched { reports, revs, logins })
    }
}

fn yes(b: bool) -> Cell<'static> {
    if b { Cell::Str(crate::i18n::t().area().yes) } else { Cell::Empty }
}

/// The cells of `columns` from stored answers: items of another version stay
/// empty, choices show their label.
fn answer_cells<'a>(columns: &[(String, String)], def: Option<&'a SurveyDefinition>, json: &str) -> Vec<Cell<'a>> {
    let answers = crate::server::reports::parse_answers(json);
    columns
        .iter()
        .map(|(code, _)| {
            let item = def.and_then(|d| d.item(code));
            match (answers.get(code), item) {
                (_, None) | (None, _) => Cell::Empty,
                (Some(Answer::Count(n)), _) => Cell::Int(*n),
                (Some(Answer::YesNo(b)), _) => Cell::Str(if *b { crate::i18n::t().yes } else { crate::i18n::t().no }),
                (Some(Answer::Choice(c)), Some(item)) => match &item.kind {
                    ItemKind::Choice { choices } => choices
                        .iter()
                        .find(|x| x.code == *c)
                        .map_or_else(|| Cell::Text(c.clone()), |x| Cell::Str(&x.label)),
                    _ => Cell::Text(c.clone()),
                },
            }
        })
        .collect()
}

/// The versions of `survey` in force on some day of `from..=to`, oldest
/// first, with their row ids.
async fn versions_in(
    db: &impl ConnectionTrait,
    survey: SurveyKind,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(i32, SurveyDefinition)>, AppError> {
    let rows = survey_version::Entity::find()
        .filter(survey_version::Column::Survey.eq(survey.code()))
        .filter(survey_version::Column::EffectiveFrom.lte(to))
        .order_by_asc(survey_version::Column::EffectiveFrom)
        .all(db)
        .await?;
    let starts: Vec<NaiveDate> = rows.iter().map(|r| r.effective_from).collect();
    let mut out = Vec::new();
    for (i, r) in rows.into_iter().enumerate() {
        // A version is over once the next one starts.
        let ends_before = starts.get(i + 1).is_some_and(|next| *next <= from);
        if ends_before {
            continue;
        }
        let def: SurveyDefinition =
            serde_json::from_str(&r.definition).map_err(|e| crate::server::errors::internal("survey", e))?;
        // Headers and choice labels in the language of the download.
        out.push((r.id, def.localized(crate::i18n::locale().lang)));
    }
    Ok(out)
}

fn io_err(e: impl std::fmt::Display) -> io::Error {
    io::Error::other(e.to_string())
}

/// Where rows go: CSV chunks straight to the channel, or an XLSX workbook.
/// The audit trail's CSV (`server::audit_trail`) writes through it too.
pub(crate) enum Sink {
    Csv {
        tx: mpsc::Sender<Result<Vec<u8>, io::Error>>,
        /// The chunk being written (taken out while it is sent).
        w: Option<csv::Writer<Vec<u8>>>,
        /// One cell's text, reused.
        scratch: String,
        shift_jis: bool,
        rows: u64,
        started: bool,
    },
    Xlsx {
        tx: mpsc::Sender<Result<Vec<u8>, io::Error>>,
        book: Box<rust_xlsxwriter::Workbook>,
        header: Vec<String>,
        date: rust_xlsxwriter::Format,
        time: rust_xlsxwriter::Format,
        row: u32,
        sheet: usize,
        rows: u64,
    },
}

fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new().from_writer(Vec::with_capacity(CHUNK + CHUNK / 4))
}

impl Sink {
    pub(crate) fn new(format: DownloadFormat, tx: mpsc::Sender<Result<Vec<u8>, io::Error>>) -> Sink {
        match format {
            DownloadFormat::Xlsx => {
                let mut book = rust_xlsxwriter::Workbook::new();
                // Rows are numbers and repeated names (shared strings): the
                // fastest compression costs little size and most of the time.
                book.set_zip_compression_level(1);
                Sink::Xlsx {
                    tx,
                    book: Box::new(book),
                    header: Vec::new(),
                    date: rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd"),
                    time: rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd hh:mm"),
                    row: 0,
                    sheet: 0,
                    rows: 0,
                }
            }
            f => Sink::Csv {
                tx,
                w: Some(csv_writer()),
                scratch: String::new(),
                shift_jis: f == DownloadFormat::CsvShiftJis,
                rows: 0,
                started: false,
            },
        }
    }

    pub(crate) fn rows(&self) -> u64 {
        match self {
            Sink::Csv { rows, .. } | Sink::Xlsx { rows, .. } => *rows,
        }
    }

    pub(crate) async fn header(&mut self, cols: &[&str]) -> io::Result<()> {
        self.header_owned(cols.iter().map(|c| (*c).to_owned()).collect()).await
    }

    async fn header_owned(&mut self, cols: Vec<String>) -> io::Result<()> {
        match self {
            Sink::Csv { .. } => self.csv_record(cols.into_iter().map(Cell::Text).collect()),
            Sink::Xlsx { header, .. } => {
                *header = cols;
                self.new_sheet()
            }
        }
    }

    pub(crate) async fn row(&mut self, cells: Vec<Cell<'_>>) -> io::Result<()> {
        match self {
            Sink::Csv { rows, .. } => {
                *rows += 1;
                self.csv_record(cells)?;
                self.flush(false).await
            }
            Sink::Xlsx { row, rows, .. } => {
                *rows += 1;
                if *row >= SHEET_ROWS {
                    self.new_sheet()?;
                }
                self.xlsx_row(cells)
            }
        }
    }

    fn csv_record(&mut self, cells: Vec<Cell<'_>>) -> io::Result<()> {
        use std::fmt::Write;
        let Sink::Csv { w: Some(w), scratch, .. } = self else { return Ok(()) };
        for c in cells {
            scratch.clear();
            let _ = match c {
                Cell::Text(t) => {
                    push_safe(scratch, &t);
                    Ok(())
                }
                Cell::Str(t) => {
                    push_safe(scratch, t);
                    Ok(())
                }
                Cell::Int(n) => write!(scratch, "{n}"),
                Cell::Date(d) => write!(scratch, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
                Cell::Time(t) => write_time(scratch, t),
                Cell::Empty => Ok(()),
            };
            w.write_field(scratch.as_bytes()).map_err(io_err)?;
        }
        w.write_record(std::iter::empty::<&[u8]>()).map_err(io_err)
    }

    async fn flush(&mut self, all: bool) -> io::Result<()> {
        let Sink::Csv { tx, w, shift_jis, started, .. } = self else { return Ok(()) };
        let full = w.as_ref().is_some_and(|w| w.get_ref().len() >= CHUNK);
        if !all && !full {
            return Ok(());
        }
        let Some(writer) = w.take() else { return Ok(()) };
        let bytes = writer.into_inner().map_err(io_err)?;
        *w = Some(csv_writer());
        if bytes.is_empty() {
            return Ok(());
        }
        let chunk = if *shift_jis {
            let text = String::from_utf8(bytes).map_err(io_err)?;
            encoding_rs::SHIFT_JIS.encode(&text).0.into_owned()
        } else if !*started {
            let mut chunk = Vec::with_capacity(bytes.len() + 3);
            chunk.extend_from_slice(b"\xEF\xBB\xBF");
            chunk.extend_from_slice(&bytes);
            chunk
        } else {
            bytes
        };
        *started = true;
        tx.send(Ok(chunk)).await.map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "client left"))
    }

    fn new_sheet(&mut self) -> io::Result<()> {
        let Sink::Xlsx { book, header, row, sheet, .. } = self else { return Ok(()) };
        let bold = rust_xlsxwriter::Format::new().set_bold();
        // Constant memory: one row in memory, texts written inline (no
        // shared string table to hash and keep; the zip compresses the
        // repeated names instead).
        let ws = book.add_worksheet_with_constant_memory().map_err(io_err)?;
        ws.set_name(if *sheet == 0 { "data".to_owned() } else { format!("data{}", *sheet + 1) }).map_err(io_err)?;
        for (i, h) in header.iter().enumerate() {
            ws.write_string_with_format(0, col(i), h, &bold).map_err(io_err)?;
        }
        ws.set_freeze_panes(1, 0).map_err(io_err)?;
        *row = 1;
        *sheet += 1;
        Ok(())
    }

    fn xlsx_row(&mut self, cells: Vec<Cell<'_>>) -> io::Result<()> {
        let Sink::Xlsx { book, row, sheet, date, time, .. } = self else { return Ok(()) };
        let ws = book.worksheet_from_index(*sheet - 1).map_err(io_err)?;
        for (i, c) in cells.into_iter().enumerate() {
            match c {
                Cell::Text(t) => ws.write_string(*row, col(i), t).map(|_| ()),
                Cell::Str(t) => ws.write_string(*row, col(i), t).map(|_| ()),
                Cell::Int(n) => ws.write_number(*row, col(i), n as f64).map(|_| ()),
                Cell::Date(d) => ws.write_date_with_format(*row, col(i), d, date).map(|_| ()),
                Cell::Time(t) => {
                    let j = t.with_timezone(&crate::domain::time::jst()).naive_local();
                    ws.write_datetime_with_format(*row, col(i), j, time).map(|_| ())
                }
                Cell::Empty => Ok(()),
            }
            .map_err(io_err)?;
        }
        *row += 1;
        Ok(())
    }

    /// Sends what is left: the last CSV chunk, or the whole XLSX file.
    pub(crate) async fn finish(&mut self) -> io::Result<()> {
        if let Sink::Csv { .. } = self {
            return self.flush(true).await;
        }
        let Sink::Xlsx { tx, book, .. } = self else { return Ok(()) };
        let mut book = std::mem::replace(book, Box::new(rust_xlsxwriter::Workbook::new()));
        let file = tokio::task::spawn_blocking(move || -> io::Result<std::fs::File> {
            let mut file = tempfile::tempfile()?;
            book.save_to_writer(&mut file).map_err(io_err)?;
            use std::io::Seek;
            file.seek(io::SeekFrom::Start(0))?;
            Ok(file)
        })
        .await
        .map_err(io_err)??;
        let mut file = file;
        loop {
            let (chunk, f) = tokio::task::spawn_blocking(move || -> io::Result<(Vec<u8>, std::fs::File)> {
                let mut buf = vec![0; CHUNK];
                let n = file.read(&mut buf)?;
                buf.truncate(n);
                Ok((buf, file))
            })
            .await
            .map_err(io_err)??;
            file = f;
            if chunk.is_empty() {
                return Ok(());
            }
            tx.send(Ok(chunk)).await.map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "client left"))?;
        }
    }
}

fn col(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

/// A text typed by a user, made safe for spreadsheets: a cell starting with
/// `=`, `+`, `-`, `@` or a tab/return would run as a formula in Excel, so
/// it gets a leading apostrophe (shown as text, not as part of the value).
/// The SOS CSV uses it too.
pub fn safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 1);
    push_safe(&mut out, text);
    out
}

/// Appends `text` as [`safe`] gives it.
fn push_safe(out: &mut String, text: &str) {
    if needs_quote_mark(text) {
        out.push('\'');
    }
    out.push_str(text);
}

fn needs_quote_mark(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// `2026-12-01 09:30`, Japan time: a moment as spreadsheets read it.
fn write_time(out: &mut String, t: DateTime<Utc>) -> std::fmt::Result {
    use std::fmt::Write;
    let j = t.with_timezone(&crate::domain::time::jst());
    write!(out, "{:04}-{:02}-{:02} {:02}:{:02}", j.year(), j.month(), j.day(), j.hour(), j.minute())
}

/// `/area/downloads`: the form, and for the ministry admin the history.
pub async fn page(
    state: &AppState,
    actor: &Actor,
    query: AreaQuery,
    now: DateTime<Utc>,
) -> Result<DownloadPage, AppError> {
    let db = &state.db;
    let today = crate::domain::time::japan_date(now);
    let scoped = resolve(db, actor, &query, today, "area.downloads").await?;
    let options = super::filter_options(db, actor, &scoped.area).await?;
    let (history, last_by_account) =
        if actor.role == Role::MinistryAdmin { history(db, now).await? } else { (Vec::new(), Vec::new()) };
    Ok(DownloadPage { area: scoped.name, today, query: scoped.query, options, history, last_by_account })
}

/// The last 200 downloads of the past 90 days, and each account's last one.
async fn history(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
) -> Result<(Vec<DownloadLogRow>, Vec<DownloadLogRow>), AppError> {
    let since = now.checked_sub_days(Days::new(90)).unwrap_or(now);
    let rows = download::Entity::find()
        .filter(download::Column::StartedAt.gte(since))
        .order_by_desc(download::Column::StartedAt)
        .order_by_desc(download::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<i32> = rows.iter().map(|r| r.user_id).collect();
    let users: HashMap<i32, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let view = |r: &download::Model| {
        let u = users.get(&r.user_id);
        let query: AreaQuery = serde_json::from_str(&r.filters).unwrap_or_default();
        DownloadLogRow {
            login_id: u.map(|u| u.login_id.clone()).unwrap_or_default(),
            user_name: u.map(|u| u.display_name.clone()).unwrap_or_default(),
            what: DownloadKind::from_code(&r.what).map_or_else(|| r.what.clone(), |k| k.label().to_owned()),
            format: r.format.clone(),
            filters: query.to_query(),
            rows: r.rows,
            state: (crate::i18n::t().area().state_label)(&r.state).to_owned(),
            started_at: format_datetime(r.started_at),
        }
    };
    let mut last: BTreeMap<i32, DownloadLogRow> = BTreeMap::new();
    for r in &rows {
        last.entry(r.user_id).or_insert_with(|| view(r));
    }
    let mut last: Vec<DownloadLogRow> = last.into_values().collect();
    last.sort_by(|a, b| a.login_id.cmp(&b.login_id));
    Ok((rows.iter().take(200).map(view).collect(), last))
}
