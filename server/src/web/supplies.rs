//! - `GET /supplies/review.csv`: a reviewer's batch of SOS requests as CSV
//!   (UTF-8 with BOM; `encoding=sjis` for Shift_JIS), with the same filters as
//!   the review page. The service checks the role and scope and logs the
//!   download; a batch is a few hundred rows at most, so it is built whole.
//! - `POST /supplies/requests/submit`: the new-request form posted without
//!   JavaScript. It calls the service of the `create_sos_request` server
//!   function and answers with a redirect (post/redirect/get): to the new
//!   request, or — when nothing was saved — back to the form with what was
//!   typed, which the page checks again with the shared validation to show
//!   its messages.
//! - `POST /supplies/requests/step`: a step of a request's workflow (accept,
//!   reject, ship, receive, close, cancel) posted without JavaScript. It
//!   calls the service of the `act_on_sos_request` server function and
//!   redirects back to the request: with `done=<step>` when taken, or — when
//!   nothing changed — `invalid=<step>` (the shared check refused) or
//!   `stale=<step>` (someone acted first) with what was typed.

use crate::WebState;
use crate::web::session::SignedIn;
use app::domain::error::AppError;
use app::domain::reports::ReportUnit;
use app::domain::supplies::{SosActionInput, SosInput, SosOutcome, SosQueueFilter};
use app::server::supplies::{self, CsvEncoding};
use axum::extract::{Form, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::HashMap;

pub async fn queue_csv(
    State(state): State<WebState>,
    SignedIn(current): SignedIn,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let filter = SosQueueFilter::from_query(|k| q.get(k).cloned());
    let (encoding, charset) = match q.get("encoding").map(String::as_str) {
        Some("sjis") => (CsvEncoding::ShiftJis, "Shift_JIS"),
        _ => (CsvEncoding::Utf8Bom, "utf-8"),
    };
    match supplies::queue_csv(&state.app, &current.actor, filter, encoding, state.app.clock.now()).await {
        Ok((name, bytes)) => (
            [
                (http::header::CONTENT_TYPE, format!("text/csv; charset={charset}")),
                (http::header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
                (http::header::CACHE_CONTROL, "no-store".to_owned()),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => e.into_response(),
    }
}

pub async fn submit_request(
    State(state): State<WebState>,
    SignedIn(current): SignedIn,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let field = |name: &str| super::form_field(&fields, name);
    let Some(unit) = field("unit").as_deref().and_then(ReportUnit::from_key) else {
        return AppError::NotFound.into_response();
    };
    let input = SosInput {
        unit,
        submission_id: field("submission_id").unwrap_or_default(),
        lines: SosInput::lines_from(field),
        reason: field("reason").unwrap_or_default(),
        expected_batch: field("batch").and_then(|d| chrono::NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok()),
    };
    let now = state.app.clock.now();
    let why = match supplies::create(&state.app, &current.actor, input.clone(), now).await {
        Ok(SosOutcome::Created { id, .. }) => {
            return Redirect::to(&format!("/supplies/requests/{id}?created=1")).into_response();
        }
        Ok(SosOutcome::BatchMoved(_)) => "moved",
        Err(AppError::Validation(_)) => "invalid",
        Err(e) => return e.into_response(),
    };
    let mut back = vec![("unit".to_owned(), unit.key()), (why.to_owned(), "1".to_owned())];
    back.extend(input.typed_fields());
    super::redirect_with("/supplies/requests/new", &back)
}

pub async fn submit_step(
    State(state): State<WebState>,
    SignedIn(current): SignedIn,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let field = |name: &str| super::form_field(&fields, name);
    let Some(input) = SosActionInput::from_fields(field) else { return AppError::NotFound.into_response() };
    let (id, step) = (input.request_id, input.step.code());
    let now = state.app.clock.now();
    let why = match supplies::act(&state.app, &current.actor, input.clone(), now).await {
        Ok(_) => return Redirect::to(&format!("/supplies/requests/{id}?done={step}")).into_response(),
        Err(AppError::Validation(_)) => "invalid",
        Err(AppError::Conflict(_)) => "stale",
        Err(e) => return e.into_response(),
    };
    let mut back = vec![(why.to_owned(), step.to_owned())];
    back.extend(input.typed_fields());
    super::redirect_with(&format!("/supplies/requests/{id}"), &back)
}
