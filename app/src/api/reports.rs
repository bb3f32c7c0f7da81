//! Daily reports: the form's data, one submission, an association's grid.

use crate::domain::error::AppError;
use crate::domain::reports::{MemberGrid, ReportForm, ReportInput, SubmitOutcome};
use crate::domain::surveys::SurveyKind;
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The form of `survey` (empty: the unit's daily survey) for `unit` (`f12`,
/// `c3`; empty: the user's own) on `day` (empty: today; a weekly survey
/// shows the week containing it).
#[server(endpoint = "reports/form")]
pub async fn load_report_form(
    survey: Option<SurveyKind>,
    unit: Option<String>,
    day: Option<NaiveDate>,
) -> Result<ReportForm, AppError> {
    use crate::server::{context, reports};
    let actor = context::require_actor().map_err(context::respond)?;
    let state = context::state()?;
    let request = reports::FormRequest { survey, unit, day };
    let windows = state.maintenance.windows(&state.db).await?;
    let threshold = state.supplies.threshold_days;
    reports::form(&state.db, &actor, state.periods, threshold, &windows, request, state.clock.now())
        .await
        .map_err(context::respond)
}

#[server(endpoint = "reports/submit", input = Json)]
pub async fn submit_report(input: ReportInput) -> Result<SubmitOutcome, AppError> {
    use crate::server::{context, reports};
    let actor = context::require_actor().map_err(context::respond)?;
    let state = context::state()?;
    let windows = state.maintenance.windows(&state.db).await?;
    reports::submit(&state.db, &state.report_writer, &actor, state.periods, &windows, input, state.clock.now())
        .await
        .map_err(context::respond)
}

/// An association's member clinics on `day` (empty: today), for the grid.
#[server(endpoint = "reports/members")]
pub async fn load_member_grid(day: Option<NaiveDate>) -> Result<MemberGrid, AppError> {
    use crate::server::{context, reports};
    let actor = context::require_actor().map_err(context::respond)?;
    let state = context::state()?;
    let windows = state.maintenance.windows(&state.db).await?;
    reports::member_grid(&state.db, &actor, state.periods, &windows, day, state.clock.now())
        .await
        .map_err(context::respond)
}

/// Saves the filled rows of the grid; one result per row, in order.
#[server(endpoint = "reports/grid", input = Json)]
pub async fn submit_report_grid(rows: Vec<ReportInput>) -> Result<Vec<Result<SubmitOutcome, AppError>>, AppError> {
    use crate::server::{context, reports};
    let actor = context::require_actor().map_err(context::respond)?;
    let state = context::state()?;
    let windows = state.maintenance.windows(&state.db).await?;
    reports::submit_many(&state.db, &state.report_writer, &actor, state.periods, &windows, rows, state.clock.now())
        .await
        .map_err(context::respond)
}
