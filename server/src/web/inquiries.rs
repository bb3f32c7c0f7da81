//! `POST /inquiries/step`: a step of an inquiry's thread (the user's reply,
//! the helpdesk's take, answer, ask-back or resolve) posted without
//! JavaScript. It calls the service of the `act_on_inquiry` server function
//! and answers with a redirect back to the thread (post/redirect/get): with
//! the step done, or — when nothing was saved — with the message as typed,
//! which the page checks again with the shared validation to show why.

use crate::WebState;
use app::domain::error::AppError;
use app::domain::inquiries::{Step, StepInput};
use app::server::auth::CurrentSession;
use app::server::inquiries;
use axum::Extension;
use axum::extract::{Form, State};
use axum::response::{IntoResponse, Redirect, Response};

pub async fn step(
    State(state): State<WebState>,
    current: Option<Extension<CurrentSession>>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let Some(Extension(current)) = current else { return Redirect::to("/login").into_response() };
    let field = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    let (Some(id), Some(step)) =
        (field("id").and_then(|v| v.trim().parse::<i32>().ok()), field("step").as_deref().and_then(Step::from_code))
    else {
        return AppError::NotFound.into_response();
    };
    let revision = field("revision").and_then(|v| v.trim().parse().ok()).unwrap_or(-1);
    let message = field("message").unwrap_or_default();
    let input = StepInput { id, step, message: message.clone(), revision };
    let why = match inquiries::act(&state.app, &current.actor, input, state.app.clock.now()).await {
        Ok(_) => return Redirect::to(&format!("/inquiries/{id}?done={}", step.code())).into_response(),
        Err(AppError::Validation(_)) => "invalid",
        Err(AppError::Conflict(m)) if m == app::i18n::t().inquiries.stale => "stale",
        Err(e) => return e.into_response(),
    };
    let back = [(why, step.code()), ("message", message.as_str())];
    let query = serde_urlencoded::to_string(back).unwrap_or_default();
    Redirect::to(&format!("/inquiries/{id}?{query}")).into_response()
}
