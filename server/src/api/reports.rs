//! `POST /api/v1/reports` (push one report or a bulk) and
//! `GET /api/v1/reports` (pull the area's reports a page at a time).
//! Both call the services the pages use: each pushed item goes through the
//! same validation, idempotency, stale-revision refusal and back-entry
//! limits as the form; a pull is scoped like the area pages.

use super::problem::{ApiError, BadBody, BadQuery, Problem, Refused};
use super::{Caller, body_problem, json, query_problem};
use crate::WebState;
use app::domain::api_tokens::ApiScope;
use app::domain::error::AppError;
use app::domain::pull::{Cursor, DEFAULT_PAGE, MAX_PAGE, PullQuery};
use app::domain::reports::{ReportInput, ReportUnit, SubmitOutcome};
use app::domain::surveys::SurveyKind;
use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};

/// Most reports one push may carry.
pub const MAX_PUSH: usize = 1_000;

/// A survey.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Survey {
    /// 病院 日次調査
    HospitalDaily,
    /// 診療・検査医療機関 日次調査
    ClinicDaily,
    /// 受診・相談センター 日次調査
    CentreDaily,
    /// 医療用物資 週次調査（day はその週の月曜日）
    SuppliesWeekly,
}

impl From<Survey> for SurveyKind {
    fn from(s: Survey) -> SurveyKind {
        match s {
            Survey::HospitalDaily => SurveyKind::HospitalDaily,
            Survey::ClinicDaily => SurveyKind::ClinicDaily,
            Survey::CentreDaily => SurveyKind::CentreDaily,
            Survey::SuppliesWeekly => SurveyKind::SuppliesWeekly,
        }
    }
}

impl From<SurveyKind> for Survey {
    fn from(s: SurveyKind) -> Survey {
        match s {
            SurveyKind::HospitalDaily => Survey::HospitalDaily,
            SurveyKind::ClinicDaily => Survey::ClinicDaily,
            SurveyKind::CentreDaily => Survey::CentreDaily,
            SurveyKind::SuppliesWeekly => Survey::SuppliesWeekly,
        }
    }
}

/// One answer: a count, yes/no, or a choice's code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(untagged)]
pub enum Answer {
    Count(i64),
    YesNo(bool),
    Text(String),
}

impl<'de> Deserialize<'de> for Answer {
    /// A count is any JSON integer, `3.0` included (JSON Schema counts it as one).
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match serde_json::Value::deserialize(d)? {
            serde_json::Value::Bool(b) => Ok(Answer::YesNo(b)),
            serde_json::Value::String(t) => Ok(Answer::Text(t)),
            serde_json::Value::Number(n) => integer(&n).map(Answer::Count).ok_or_else(|| {
                serde::de::Error::invalid_value(serde::de::Unexpected::Other("a fraction"), &"an integer")
            }),
            _ => Err(serde::de::Error::invalid_type(serde::de::Unexpected::Other("a list or object"), &"an answer")),
        }
    }
}

/// A JSON number that is an integer: `3` or `3.0`.
fn integer(n: &serde_json::Number) -> Option<i64> {
    n.as_i64().or_else(|| n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15).map(|f| f as i64))
}

/// An optional revision: a JSON integer (`2` or `2.0`) or null.
fn revision<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i32>, D::Error> {
    match Option::<serde_json::Number>::deserialize(d)? {
        None => Ok(None),
        Some(n) => integer(&n)
            .and_then(|i| i32::try_from(i).ok())
            .map(Some)
            .ok_or_else(|| serde::de::Error::invalid_value(serde::de::Unexpected::Other("a number"), &"a revision")),
    }
}

/// A unit key, checked while the body is read: `f` or `c` and an id
/// without leading zeros.
fn unit_key<'de, D: serde::Deserializer<'de>>(d: D) -> Result<ReportUnit, D::Error> {
    let text = String::deserialize(d)?;
    let digits = text.get(1..).unwrap_or_default();
    let canonical =
        (1..=9).contains(&digits.len()) && !digits.starts_with('0') && digits.bytes().all(|b| b.is_ascii_digit());
    canonical
        .then(|| ReportUnit::from_key(&text))
        .flatten()
        .ok_or_else(|| serde::de::Error::invalid_value(serde::de::Unexpected::Str(&text), &"f12 or c3"))
}

impl Answer {
    /// As the form would have typed it.
    fn typed(&self) -> String {
        match self {
            Answer::Count(n) => n.to_string(),
            Answer::YesNo(true) => "yes".to_owned(),
            Answer::YesNo(false) => "no".to_owned(),
            Answer::Text(t) => t.clone(),
        }
    }
}

/// One report to save: new, an amendment of `base_revision`, or "nothing
/// to report".
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PushItem {
    pub survey: Survey,
    /// The unit reported for: `f` and a facility id, or `c` and a centre id (`f12`, `c3`).
    #[serde(deserialize_with = "unit_key")]
    #[schema(value_type = String, example = "f1", pattern = "^[fc][1-9][0-9]{0,8}$")]
    pub unit: ReportUnit,
    /// The day reported (for the weekly survey, the Monday of the week).
    pub day: NaiveDate,
    /// A UUID the client makes once per report it sends: sending the same
    /// one again returns the first result and changes nothing.
    pub submission_id: uuid::Uuid,
    /// The revision being amended; absent for a first report.
    #[serde(default, deserialize_with = "revision")]
    pub base_revision: Option<i32>,
    #[serde(default)]
    pub nothing_to_report: bool,
    /// Item code → answer (see `GET /api/v1/surveys`).
    #[serde(default)]
    pub values: BTreeMap<String, Answer>,
    /// Why an existing report is amended (required for amendments).
    #[serde(default)]
    pub reason: String,
    /// The sender confirms values far outside the unit's recent range
    /// (refused with `confirm_outliers` among the item's messages without it).
    #[serde(default)]
    pub confirmed_outliers: bool,
}

/// One report, or up to 1,000 of any surveys and units the token may report for.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PushRequest {
    #[schema(min_items = 1, max_items = 1000)]
    pub reports: Vec<PushItem>,
}

/// What became of one item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    /// Saved now.
    Saved,
    /// This submission id was saved before; nothing changed.
    Repeated,
    /// The report has changed since `base_revision`; nothing saved.
    Stale,
    /// Refused; nothing saved. `problem` says why.
    Refused,
}

/// The result of one pushed item, in the order sent.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ItemResult {
    pub index: usize,
    pub status: ItemStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report_id: Option<i32>,
    /// The saved revision, or for `stale` the current one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revision: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<Problem>,
}

/// One result per item; the good items of a bulk are saved even when others are refused.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct PushResponse {
    pub saved: usize,
    pub repeated: usize,
    pub stale: usize,
    pub refused: usize,
    pub results: Vec<ItemResult>,
}

/// Saves one report or a bulk.
#[utoipa::path(
    post, path = "/api/v1/reports", tag = "reports",
    request_body = PushRequest,
    responses(
        (status = 200, description = "項目ごとの結果", body = PushResponse),
        Refused,
        BadBody,
    ),
    security(("bearer" = ["report:write"]))
)]
pub async fn push(
    State(state): State<WebState>,
    caller: Caller,
    body: Result<Json<PushRequest>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(body) = body.map_err(|r| body_problem(&r))?;
    caller.require(&state, ApiScope::ReportWrite, "api.reports.push").await?;
    let t = app::i18n::t().api();
    if body.reports.is_empty() {
        return Err(ApiError::field("reports", t.no_items));
    }
    if body.reports.len() > MAX_PUSH {
        return Err(ApiError::field("reports", &(t.too_many_items)(MAX_PUSH)));
    }
    let app = &state.app;
    let windows = app.maintenance.windows(&app.db).await?;
    let inputs = body.reports.into_iter().map(input_of).collect();
    let outcomes = app::server::reports::submit_all(
        &app.db,
        &app.report_writer,
        &caller.0.actor,
        app.periods,
        &windows,
        inputs,
        app.clock.now(),
    )
    .await?;
    let results: Vec<ItemResult> =
        outcomes.into_iter().enumerate().map(|(index, result)| item_result(index, result)).collect();
    let count = |s: ItemStatus| results.iter().filter(|r| r.status == s).count();
    Ok(json(&PushResponse {
        saved: count(ItemStatus::Saved),
        repeated: count(ItemStatus::Repeated),
        stale: count(ItemStatus::Stale),
        refused: count(ItemStatus::Refused),
        results,
    }))
}

/// The service's input for one item.
fn input_of(item: PushItem) -> ReportInput {
    ReportInput {
        survey: item.survey.into(),
        unit: item.unit,
        day: item.day,
        submission_id: item.submission_id.hyphenated().to_string(),
        base_revision: item.base_revision,
        nothing_to_report: item.nothing_to_report,
        values: item.values.iter().map(|(k, v)| (k.clone(), v.typed())).collect(),
        reason: item.reason,
        confirmed_outliers: item.confirmed_outliers,
    }
}

fn item_result(index: usize, result: Result<SubmitOutcome, AppError>) -> ItemResult {
    let base = ItemResult { index, status: ItemStatus::Refused, report_id: None, revision: None, problem: None };
    match result {
        Ok(SubmitOutcome::Saved(r)) => ItemResult {
            status: if r.repeated { ItemStatus::Repeated } else { ItemStatus::Saved },
            report_id: Some(r.report_id),
            revision: Some(r.revision),
            ..base
        },
        Ok(SubmitOutcome::Stale(current)) => {
            ItemResult { status: ItemStatus::Stale, revision: Some(current.revision), ..base }
        }
        Err(e) => ItemResult { problem: Some(Problem::of(&e, None)), ..base },
    }
}

/// Filters of a pull.
#[derive(Clone, Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PullParams {
    /// The survey to read.
    pub survey: Survey,
    /// First day (with `to`; at most 366 days).
    pub from: Option<NaiveDate>,
    /// Last day (with `from`).
    pub to: Option<NaiveDate>,
    /// A prefecture within the token's area (JIS code, two digits; empty: all).
    #[param(pattern = "^([0-9]{2})?$")]
    pub prefecture: Option<String>,
    /// A municipality within the token's area (JIS X 0402, six digits with the check digit).
    #[param(pattern = "^([0-9]{6})?$")]
    pub municipality: Option<String>,
    /// Only reports saved or amended at or after this moment (RFC 3339).
    pub updated_since: Option<DateTime<Utc>>,
    /// Reports per page (1–1,000; 500 when absent).
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    #[param(pattern = "^([0-9]{1,10}[.][0-9]{8}[.][0-9]{1,10})?$")]
    pub cursor: Option<String>,
}

/// A report as the API hands it out.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ReportOut {
    pub id: i32,
    pub survey: Survey,
    /// The version of the survey definition the answers follow.
    pub version: i32,
    /// `f12` (facility) or `c3` (centre).
    pub unit: String,
    pub unit_name: String,
    /// 医療機関コード (empty for a centre).
    pub medical_code: String,
    pub prefecture: String,
    pub municipality: Option<String>,
    pub day: NaiveDate,
    pub revision: i32,
    pub nothing_to_report: bool,
    /// Item code → answer.
    pub answers: BTreeMap<String, Answer>,
    pub first_entered_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One page of reports, unit by unit (by unit id), each unit's by day.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ReportPage {
    pub reports: Vec<ReportOut>,
    /// Pass as `cursor` for the next page; absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// Reads the reports of the token's area, a page at a time. A walk of
/// pages hands out every report that existed when its first page was read
/// exactly once, even while reports are saved.
#[utoipa::path(
    get, path = "/api/v1/reports", tag = "reports",
    params(PullParams),
    responses(
        (status = 200, description = "1ページ分の報告", body = ReportPage),
        Refused,
        BadQuery,
    ),
    security(("bearer" = ["data:read"]))
)]
pub async fn pull(
    State(state): State<WebState>,
    caller: Caller,
    params: Result<Query<PullParams>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(p) = params.map_err(|r| query_problem(&r))?;
    caller.require(&state, ApiScope::DataRead, "api.reports.pull").await?;
    let t = app::i18n::t().api();
    let limit = p.limit.unwrap_or(DEFAULT_PAGE);
    if !(1..=MAX_PAGE).contains(&limit) {
        return Err(ApiError::field("limit", &(t.bad_limit)(MAX_PAGE)));
    }
    let cursor = match super::given(p.cursor).as_deref() {
        None => None,
        Some(text) => Some(Cursor::decode(text).ok_or_else(|| ApiError::field("cursor", t.bad_cursor))?),
    };
    let query = PullQuery {
        survey: p.survey.into(),
        from: p.from.map(|d| d.to_string()),
        to: p.to.map(|d| d.to_string()),
        prefecture: super::given(p.prefecture),
        municipality: super::given(p.municipality),
        updated_since: p.updated_since,
        cursor,
        limit,
    };
    let today = app::domain::time::japan_date(state.app.clock.now());
    let page = app::server::area::pull::page(&state.app.db, &caller.0.actor, &query, today).await?;
    let reports = page
        .reports
        .into_iter()
        .map(|r| ReportOut {
            id: r.id,
            survey: r.survey.into(),
            version: r.version,
            unit: r.unit,
            unit_name: r.unit_name,
            medical_code: r.medical_code,
            prefecture: r.prefecture,
            municipality: r.municipality,
            day: r.day,
            revision: r.revision,
            nothing_to_report: r.nothing_to_report,
            answers: r.answers.into_iter().map(|(k, a)| (k, answer_value(a))).collect(),
            first_entered_at: r.first_entered_at,
            updated_at: r.updated_at,
        })
        .collect();
    Ok(json(&ReportPage { reports, next_cursor: page.next.map(Cursor::encode) }))
}

fn answer_value(a: app::domain::surveys::Answer) -> Answer {
    use app::domain::surveys::Answer as Stored;
    match a {
        Stored::Count(n) => Answer::Count(n),
        Stored::YesNo(b) => Answer::YesNo(b),
        Stored::Choice(c) => Answer::Text(c),
    }
}
