//! Inquiries to the helpdesk: opening one, the user's list, the helpdesk
//! queue, the thread and its steps, and the FAQ.

use crate::domain::error::AppError;
use crate::domain::inquiries::{Faq, FaqInput, InquirySummary, InquiryView, Queue, QueueFilter, StepInput};
use leptos::prelude::*;
use leptos::server_fn::codec::{Json, MultipartData, MultipartFormData};

/// The address of opening an inquiry (multipart only; see the router).
pub const OPEN_PATH: &str = "/api/inquiries/open";

/// Opens an inquiry from a multipart form (`category`, `subject`, `body`,
/// `page`, optional `file`); answers with its number.
#[server(endpoint = "inquiries/open", input = MultipartFormData)]
pub async fn open_inquiry(data: MultipartData) -> Result<i32, AppError> {
    use crate::domain::inquiries::InquiryInput;
    use crate::server::{attachments, context, inquiries};
    let actor = context::require_actor().map_err(context::respond)?;
    let state = context::state()?;
    let (mut fields, file) = attachments::read_form(data).await.map_err(context::respond)?;
    let mut take = |k: &str| fields.remove(k).unwrap_or_default();
    let input =
        InquiryInput { category: take("category"), subject: take("subject"), body: take("body"), page: take("page") };
    inquiries::open(&state, &actor, input, file, state.clock.now()).await.map_err(context::respond)
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
    inquiries::act(&context::state()?, &actor, input, context::now()?).await.map_err(context::respond)
}

#[server(endpoint = "inquiries/faq_create", input = Json)]
pub async fn create_faq(input: FaqInput) -> Result<i32, AppError> {
    use crate::server::{context, inquiries};
    let actor = context::require_actor().map_err(context::respond)?;
    inquiries::make_faq(&context::state()?, &actor, input, context::now()?).await.map_err(context::respond)
}

#[server(endpoint = "inquiries/faq")]
pub async fn search_faq(q: String) -> Result<Vec<Faq>, AppError> {
    use crate::server::{context, inquiries};
    let actor = context::require_actor().map_err(context::respond)?;
    inquiries::faqs(&context::state()?, &actor, &q).await.map_err(context::respond)
}
