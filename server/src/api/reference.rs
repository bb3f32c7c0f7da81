//! What an API client reads besides reports: the survey definitions (all
//! versions), the facilities and centres of the token's area, and how
//! completely a day was reported there.

use super::problem::{ApiError, BadQuery, Refused};
use super::reports::Survey;
use super::{Caller, json, query_problem};
use crate::WebState;
use app::domain::api_tokens::ApiScope;
use app::domain::area::AreaQuery;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Every version of every survey definition: items (code, label, type,
/// bounds, choices, required) and cross-item rules, as the form uses them.
#[utoipa::path(
    get, path = "/api/v1/surveys", tag = "reference",
    responses(
        (status = 200, description = "調査定義（全版）", body = Vec<Object>),
        Refused,
    )
)]
pub async fn surveys(State(state): State<WebState>, _caller: Caller) -> Result<Response, ApiError> {
    // Any valid token: a system that pushes needs the items as much as one that pulls.
    let definitions = app::server::reports::definitions(&state.app.db).await?;
    Ok(json(&definitions))
}

/// The area to list.
#[derive(Clone, Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AreaParams {
    /// A prefecture within the token's area (JIS code, two digits; empty: all).
    #[param(pattern = "^([0-9]{2})?$")]
    pub prefecture: Option<String>,
    /// A municipality within the token's area (JIS X 0402, six digits).
    #[param(pattern = "^([0-9]{6})?$")]
    pub municipality: Option<String>,
    /// Only the units that report this survey.
    pub survey: Option<Survey>,
}

/// A facility or centre that reports.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct UnitOut {
    /// `f12` (facility) or `c3` (centre), as in reports.
    pub unit: String,
    /// The daily survey it reports.
    pub survey: Survey,
    pub name: String,
    /// 医療機関コード (empty for a centre).
    pub medical_code: String,
    pub prefecture: String,
    pub municipality: Option<String>,
    /// A clinic reports from the day it was designated.
    pub designated_from: Option<NaiveDate>,
}

/// The facilities and centres of the token's area that report.
#[utoipa::path(
    get, path = "/api/v1/units", tag = "reference",
    params(AreaParams),
    responses(
        (status = 200, description = "報告対象の一覧", body = Vec<UnitOut>),
        Refused,
        BadQuery,
    ),
    security(("bearer" = ["data:read"]))
)]
pub async fn units(
    State(state): State<WebState>,
    caller: Caller,
    params: Result<Query<AreaParams>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(p) = params.map_err(|r| query_problem(&r))?;
    caller.require(&state, ApiScope::DataRead, "api.units").await?;
    let db = &state.app.db;
    let query = AreaQuery {
        prefecture: super::given(p.prefecture),
        municipality: super::given(p.municipality),
        ..AreaQuery::default()
    };
    let today = app::domain::time::japan_date(state.app.clock.now());
    let scoped = app::server::area::resolve(db, &caller.0.actor, &query, today, "api.units").await?;
    let survey = p.survey.map(Into::into);
    let units =
        app::server::area::load_units(db, &scoped.area, survey).await.map_err(app::domain::error::AppError::from)?;
    let out: Vec<UnitOut> = units
        .into_iter()
        .filter(|u| survey.is_none_or(|s| s == u.survey))
        .map(|u| UnitOut {
            unit: u.key.key(),
            survey: u.survey.into(),
            name: u.name,
            medical_code: u.medical_code,
            prefecture: u.prefecture,
            municipality: u.municipality,
            designated_from: u.designated_from,
        })
        .collect();
    Ok(json(&out))
}

/// The day and area of a completeness count.
#[derive(Clone, Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CompletenessParams {
    /// The day (today in Japan when absent).
    pub day: Option<NaiveDate>,
    /// One daily survey (all when absent).
    pub survey: Option<Survey>,
    /// A prefecture within the token's area (JIS code, two digits; empty: all).
    #[param(pattern = "^([0-9]{2})?$")]
    pub prefecture: Option<String>,
    /// A municipality within the token's area (JIS X 0402, six digits).
    #[param(pattern = "^([0-9]{6})?$")]
    pub municipality: Option<String>,
}

/// How many units reported.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct CountsOut {
    pub expected: u32,
    pub on_time: u32,
    pub late: u32,
    /// Reported "nothing to report".
    pub nothing: u32,
    pub missing: u32,
}

/// The counts of one part of the area (a prefecture, a municipality, or a survey).
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct CountsRowOut {
    pub code: String,
    pub name: String,
    pub counts: CountsOut,
}

/// Who reported a day in the area.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct CompletenessOut {
    pub day: NaiveDate,
    pub total: CountsOut,
    pub rows: Vec<CountsRowOut>,
    /// The first 300 units that have not reported (empty for the whole
    /// nation; `total.missing` counts them all).
    pub missing_units: Vec<String>,
}

fn counts(c: &app::domain::area::Counts) -> CountsOut {
    CountsOut { expected: c.expected, on_time: c.on_time, late: c.late, nothing: c.nothing, missing: c.missing() }
}

/// How completely a day was reported in the token's area.
#[utoipa::path(
    get, path = "/api/v1/completeness", tag = "reference",
    params(CompletenessParams),
    responses(
        (status = 200, description = "報告状況", body = CompletenessOut),
        Refused,
        BadQuery,
    ),
    security(("bearer" = ["data:read"]))
)]
pub async fn completeness(
    State(state): State<WebState>,
    caller: Caller,
    params: Result<Query<CompletenessParams>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(p) = params.map_err(|r| query_problem(&r))?;
    caller.require(&state, ApiScope::DataRead, "api.completeness").await?;
    let survey = p.survey.map(app::domain::surveys::SurveyKind::from);
    if survey.is_some_and(|s| !app::domain::area::DAILY_SURVEYS.contains(&s)) {
        return Err(ApiError::field("survey", app::i18n::t().area().bad_survey));
    }
    let query = AreaQuery {
        day: p.day.map(|d| d.to_string()),
        survey: survey.map(|s| s.code().to_owned()),
        prefecture: super::given(p.prefecture),
        municipality: super::given(p.municipality),
        ..AreaQuery::default()
    };
    let now = state.app.clock.now();
    let c = app::server::area::completeness::completeness(&state.app, &caller.0.actor, query, now).await?;
    Ok(json(&CompletenessOut {
        day: c.day,
        total: counts(&c.total),
        rows: c
            .rows
            .iter()
            .map(|r| CountsRowOut { code: r.code.clone(), name: r.name.clone(), counts: counts(&r.counts) })
            .collect(),
        missing_units: c.missing.iter().map(|m| m.unit.clone()).collect(),
    }))
}
