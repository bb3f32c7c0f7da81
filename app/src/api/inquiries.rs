//! Inquiries to the helpdesk: opening one, the user's list, the helpdesk
//! queue, the thread and its steps, and the FAQ.

use crate::domain::error::AppError;
use crate::domain::inquiries::{Faq, FaqInput, InquirySummary, InquiryView, Queue, QueueFilter, StepInput};
use leptos::prelude::*;
use leptos::server_fn::codec::{Json, MultipartData, MultipartFormData};

/// The address of opening an inquiry (multipart only; see the router).
pub const OPEN_PATH: &str = "/api/inquiries/open";

/// Where a thread's step forms post without JavaScript (a plain route of
/// the server, which calls the service of [`act_on_inquiry`]).
pub const STEP_PATH: &str = "/inquiries/step";

/// The page of the form that opens an inquiry.
pub const NEW_PATH: &str = "/inquiries/new";

/// Opens an inquiry from a multipart form (`category`, `subject`, `body`,
/// `page`, optional `file`); answers with its number. Posted by the browser
/// itself (without JavaScript), it answers with a redirect: to the new
/// inquiry, or — when nothing was saved — back to the form with what was
/// typed (`invalid=1`) and whether the file must be chosen again.
#[server(endpoint = "inquiries/open", input = MultipartFormData)]
pub async fn open_inquiry(data: MultipartData) -> Result<i32, AppError> {
    use crate::domain::inquiries::InquiryInput;
    use crate::server::{attachments, context, inquiries};
    let actor = context::require_actor().map_err(context::respond)?;
    let state = context::state()?;
    let (fields, file) = attachments::read_form(data).await.map_err(context::respond)?;
    let input = InquiryInput::from_fields(|k| fields.get(k).cloned());
    let chosen = file.is_some();
    let opened = inquiries::open(&state, &actor, input.clone(), file, state.clock.now()).await;
    if context::plain_form_post() {
        match &opened {
            Ok(id) => leptos_axum::redirect(&format!("/inquiries/{id}?opened=1")),
            Err(AppError::Validation(errors)) => {
                let mut back = vec![("invalid".to_owned(), "1".to_owned())];
                back.extend(input.typed_fields());
                if errors.contains_key("file") {
                    back.push(("file".to_owned(), "refused".to_owned()));
                } else if chosen {
                    back.push(("file".to_owned(), "again".to_owned()));
                }
                let query = leptos_router::params::ParamsMap::from_iter(back).to_query_string();
                leptos_axum::redirect(&format!("{NEW_PATH}{query}"));
                // The redirect's status stands: the browser follows it.
                return opened;
            }
            Err(_) => {}
        }
    }
    opened.map_err(context::respond)
}

/// The member facilities an association may ask about (id, name); empty
/// for every other role, whose form has no such choice.
#[server(endpoint = "inquiries/about_choices")]
pub async fn inquiry_about_choices() -> Result<Vec<(i32, String)>, AppError> {
    use crate::server::{context, inquiries};
    let actor = context::require_actor().map_err(context::respond)?;
    let state = context::state()?;
    inquiries::about_choices(&state.db, &actor, state.clock.now()).await.map_err(context::respond)
}

#[server(endpoint = "inquiries/mine")]
pub async fn load_my_inquiries() -> Result<Vec<InquirySummary>, AppError> {
    use crate::server::{context, inquiries};
    let actor = context::require_actor().map_err(context::respond)?;
    inquiries::mine(&context::state()?, &actor).await.map_err(context::respond)
}

#[server(endpoint = "inquiries/queue", input = Json)]
pub async fn load_inquiry_queue(filter: QueueFilter) -> Result<Queue, AppError> {
    use crate::server::{context, inquiries};
    let actor = context::require_actor().map_err(context::respond)?;
    inquiries::queue(&context::state()?, &actor, filter).await.map_err(context::respond)
}

#[server(endpoint = "inquiries/get")]
pub async fn load_inquiry(id: i32) -> Result<InquiryView, AppError> {
    use crate::server::{context, inquiries};
    let actor = context::require_actor().map_err(context::respond)?;
    inquiries::detail(&context::state()?, &actor, id).await.map_err(context::respond)
}

/// Takes one step on an inquiry; answers with it as it is afterwards.
#[server(endpoint = "inquiries/step", input = Json)]
pub async fn act_on_inquiry(input: StepInput) -> Result<InquiryView, AppError> {
    use crate::server::{context, inquiries};
    let actor = context::require_actor().map_err(context::respond)?;
    inquiries::act(&context::state()?, &actor, input, None, context::now()?).await.map_err(context::respond)
}

/// The address of a step with its message and an optional file (multipart).
pub const REPLY_PATH: &str = "/api/inquiries/reply";

/// Takes a step with a message and, optionally, a file attached to it, from
/// a multipart form (`id`, `revision`, `step`, `message`, optional `file`);
/// answers with the inquiry as it is afterwards. Posted by the browser
/// itself (without JavaScript), it answers with a redirect back to the
/// thread: done, or — when nothing was saved — with the message as typed
/// and whether the file was refused or must be chosen again.
#[server(endpoint = "inquiries/reply", input = MultipartFormData)]
pub async fn reply_to_inquiry(data: MultipartData) -> Result<InquiryView, AppError> {
    use crate::domain::inquiries::Step;
    use crate::server::{attachments, context, inquiries};
    let actor = context::require_actor().map_err(context::respond)?;
    let state = context::state()?;
    let (fields, file) = attachments::read_form(data).await.map_err(context::respond)?;
    let field = |k: &str| fields.get(k).map(|v| v.trim().to_owned());
    let (Some(id), Some(step)) =
        (field("id").and_then(|v| v.parse::<i32>().ok()), field("step").as_deref().and_then(Step::from_code))
    else {
        return Err(context::respond(AppError::BadRequest));
    };
    let revision = field("revision").and_then(|v| v.parse().ok()).unwrap_or(-1);
    let message = fields.get("message").cloned().unwrap_or_default();
    let chosen = file.is_some();
    let input = StepInput { id, step, message: message.clone(), revision };
    let done = inquiries::act(&state, &actor, input, file, state.clock.now()).await;
    if context::plain_form_post() {
        let why = match &done {
            Ok(_) => {
                leptos_axum::redirect(&format!("/inquiries/{id}?done={}", step.code()));
                return done;
            }
            Err(e) => match crate::domain::inquiries::step_refusal_code(e) {
                Some(why) => why,
                None => return done.map_err(context::respond),
            },
        };
        let mut back = vec![(why.to_owned(), step.code().to_owned()), ("message".to_owned(), message)];
        match &done {
            Err(AppError::Validation(errors)) if errors.contains_key("file") => {
                back.push(("file".to_owned(), "refused".to_owned()));
            }
            _ if chosen => back.push(("file".to_owned(), "again".to_owned())),
            _ => {}
        }
        let query = leptos_router::params::ParamsMap::from_iter(back).to_query_string();
        leptos_axum::redirect(&format!("/inquiries/{id}{query}"));
        // The redirect's status stands: the browser follows it.
        return done;
    }
    done.map_err(context::respond)
}

#[server(endpoint = "inquiries/faq_create", input = Json)]
pub async fn create_faq(input: FaqInput) -> Result<i32, AppError> {
    use crate::server::{context, faq};
    let actor = context::require_actor().map_err(context::respond)?;
    faq::make(&context::state()?, &actor, input, context::now()?).await.map_err(context::respond)
}

#[server(endpoint = "inquiries/faq")]
pub async fn search_faq(q: String) -> Result<Vec<Faq>, AppError> {
    use crate::server::{context, faq};
    let actor = context::require_actor().map_err(context::respond)?;
    faq::search(&context::state()?, &actor, &q).await.map_err(context::respond)
}
