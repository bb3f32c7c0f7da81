//! The forms of an inquiry's thread posted without JavaScript; each calls the
//! service of its server function and answers with a redirect back to the
//! thread (post/redirect/get): done, or — when nothing was saved — with what
//! was typed, which the page checks again with the shared validation.
//!
//! - `POST /inquiries/step`: the user's reply, the helpdesk's take, answer,
//!   ask-back or resolve (`act_on_inquiry`);
//! - `POST /inquiries/faq`: the helpdesk turns an answer into a FAQ entry
//!   (`create_faq`).

use crate::WebState;
use crate::web::session::SignedIn;
use app::domain::error::AppError;
use app::domain::inquiries::{FaqInput, Step, StepInput, step_refusal_code};
use app::server::{faq, inquiries};
use axum::extract::{Form, State};
use axum::response::{IntoResponse, Redirect, Response};

pub async fn step(
    State(state): State<WebState>,
    SignedIn(current): SignedIn,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let field = |name: &str| super::form_field(&fields, name);
    let (Some(id), Some(step)) =
        (field("id").and_then(|v| v.trim().parse::<i32>().ok()), field("step").as_deref().and_then(Step::from_code))
    else {
        return AppError::NotFound.into_response();
    };
    let revision = field("revision").and_then(|v| v.trim().parse().ok()).unwrap_or(-1);
    let message = field("message").unwrap_or_default();
    let input = StepInput { id, step, message: message.clone(), revision };
    let why = match inquiries::act(&state.app, &current.actor, input, None, state.app.clock.now()).await {
        Ok(_) => return Redirect::to(&format!("/inquiries/{id}?done={}", step.code())).into_response(),
        Err(e) => match step_refusal_code(&e) {
            Some(why) => why,
            None => return e.into_response(),
        },
    };
    super::redirect_with(&format!("/inquiries/{id}"), &[(why, step.code()), ("message", message.as_str())])
}

pub async fn faq(
    State(state): State<WebState>,
    SignedIn(current): SignedIn,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let field = |name: &str| super::form_field(&fields, name);
    let (Some(inquiry), Some(input)) =
        (field("inquiry").and_then(|v| v.trim().parse::<i32>().ok()), FaqInput::from_fields(field))
    else {
        return AppError::NotFound.into_response();
    };
    match faq::make(&state.app, &current.actor, input.clone(), state.app.clock.now()).await {
        Ok(_) => Redirect::to(&format!("/inquiries/{inquiry}?faq=saved")).into_response(),
        Err(AppError::Validation(_)) => {
            let mut back = vec![("faq".to_owned(), "invalid".to_owned())];
            back.extend(input.typed_fields());
            super::redirect_with(&format!("/inquiries/{inquiry}"), &back)
        }
        Err(e) => e.into_response(),
    }
}
