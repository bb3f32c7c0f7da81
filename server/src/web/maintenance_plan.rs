//! `POST /admin/maintenance/save` and `POST /admin/maintenance/cancel`: the
//! forms of `/admin/maintenance` posted without JavaScript. They call the
//! services of the `save_maintenance` and `cancel_maintenance` server
//! functions and answer with a redirect back to the page (post/redirect/get):
//! with what was done (`done=`), with `started=1` when the window has started
//! meanwhile, or — when a window was refused as input — with what was typed
//! (`invalid=1`), which the page checks again with the shared check to show
//! its messages.

use crate::WebState;
use crate::web::session::SignedIn;
use app::api::maintenance::PAGE_PATH;
use app::domain::error::AppError;
use app::domain::maintenance::{ScheduleChange, WindowInput};
use app::server::maintenance::{self, Operator};
use axum::extract::{Form, State};
use axum::response::{IntoResponse, Response};

pub async fn save(
    State(state): State<WebState>,
    SignedIn(current): SignedIn,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let input = WindowInput::from_fields(|name| super::form_field(&fields, name));
    let change = ScheduleChange::of_save(input.id);
    let saved =
        maintenance::save(&state.app, Operator::Admin(&current.actor), input.clone(), state.app.clock.now()).await;
    match saved {
        Ok(_) => back(vec![("done".to_owned(), change.code().to_owned())]),
        Err(AppError::Validation(_)) => {
            let mut query = vec![("invalid".to_owned(), "1".to_owned())];
            query.extend(input.typed_fields());
            back(query)
        }
        Err(e) => refused(e),
    }
}

pub async fn cancel(
    State(state): State<WebState>,
    SignedIn(current): SignedIn,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let id = super::form_field(&fields, "id").and_then(|v| v.trim().parse::<i32>().ok());
    let Some(id) = id else { return AppError::NotFound.into_response() };
    match maintenance::cancel(&state.app, Operator::Admin(&current.actor), id, state.app.clock.now()).await {
        Ok(()) => back(vec![("done".to_owned(), ScheduleChange::Cancelled.code().to_owned())]),
        Err(e) => refused(e),
    }
}

/// A window that started meanwhile is no longer changed or cancelled: the
/// page says so. Anything else (not allowed, gone) is the error's answer.
fn refused(error: AppError) -> Response {
    match error {
        AppError::Conflict(m) if m == app::i18n::t().maintenance().not_editable => {
            back(vec![("started".to_owned(), "1".to_owned())])
        }
        e => e.into_response(),
    }
}

fn back(query: Vec<(String, String)>) -> Response {
    super::redirect_with(PAGE_PATH, &query)
}
