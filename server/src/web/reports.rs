//! `POST /reports/submit`: the report form (daily, or the weekly supply
//! survey) posted without JavaScript.
//! It calls the same service as the `submit_report` server function and
//! answers with a redirect back to the form (post/redirect/get): the saved
//! revision, or — when nothing was saved — the values as typed, so that the
//! page can show them again with the shared validation's messages.

use crate::WebState;
use crate::web::session::SignedIn;
use app::domain::reports::{CONFIRM_OUTLIERS, ReportInput, ReportUnit, SubmitOutcome};
use app::domain::surveys::{RawValues, SurveyKind};
use app::server::reports;
use axum::extract::{Form, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;

/// The prefix of value fields: `v.covid_inpatients=12`.
pub const VALUE_PREFIX: &str = "v.";

pub async fn submit(
    State(state): State<WebState>,
    SignedIn(current): SignedIn,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let field = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim().to_owned());
    let (Some(survey), Some(unit), Some(day)) = (
        field("survey").as_deref().and_then(SurveyKind::from_code),
        field("unit").as_deref().and_then(ReportUnit::from_key),
        field("day").and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
    ) else {
        return app::domain::error::AppError::NotFound.into_response();
    };
    let values: RawValues = fields
        .iter()
        .filter_map(|(k, v)| k.strip_prefix(VALUE_PREFIX).map(|code| (code.to_owned(), v.clone())))
        .collect();
    let input = ReportInput {
        survey,
        unit,
        day,
        submission_id: field("submission_id").unwrap_or_default(),
        base_revision: field("base_revision").and_then(|r| r.parse().ok()),
        nothing_to_report: field("action").as_deref() == Some("nothing"),
        values,
        reason: field("reason").unwrap_or_default(),
        confirmed_outliers: field(CONFIRM_OUTLIERS).is_some_and(|v| v == "on"),
    };
    let mut back = vec![("unit".to_owned(), unit.key()), ("day".to_owned(), day.to_string())];
    let windows = match state.app.maintenance.windows(&state.app.db).await {
        Ok(w) => w,
        Err(e) => return e.into_response(),
    };
    let app = &state.app;
    match reports::submit(
        &app.db,
        &app.report_writer,
        &current.actor,
        app.periods,
        &windows,
        input.clone(),
        state.app.clock.now(),
    )
    .await
    {
        Ok(SubmitOutcome::Saved(receipt)) => {
            back.push(("saved".to_owned(), receipt.revision.to_string()));
            if receipt.repeated {
                back.push(("repeated".to_owned(), "1".to_owned()));
            }
        }
        Ok(SubmitOutcome::Stale(_)) => {
            back.push(("stale".to_owned(), "1".to_owned()));
            keep_typed(&mut back, &input);
        }
        Err(app::domain::error::AppError::Validation(_)) => {
            back.push(("invalid".to_owned(), "1".to_owned()));
            keep_typed(&mut back, &input);
        }
        Err(e) => return e.into_response(),
    }
    let query = serde_urlencoded::to_string(&back).unwrap_or_default();
    Redirect::to(&format!("{}?{query}", survey.form_path())).into_response()
}

/// Puts what the user typed into the redirect so that nothing typed is lost.
fn keep_typed(back: &mut Vec<(String, String)>, input: &ReportInput) {
    back.extend(input.values.iter().map(|(k, v)| (format!("{VALUE_PREFIX}{k}"), v.clone())));
    if !input.reason.is_empty() {
        back.push(("reason".to_owned(), input.reason.clone()));
    }
    if input.nothing_to_report {
        back.push(("nothing".to_owned(), "1".to_owned()));
    }
    if input.confirmed_outliers {
        back.push((CONFIRM_OUTLIERS.to_owned(), "on".to_owned()));
    }
}
