//! Ministry notices: the list and search, a notice's page and the home
//! page's newest; the administrators' editor, publishing, withdrawing and
//! attachments.

use crate::domain::attachments::AttachmentRef;
use crate::domain::error::AppError;
use crate::domain::notices::{HomeNotices, NoticeDetail, NoticeFilter, NoticeInput, NoticePage, PublishInput, Status};
use leptos::prelude::*;
use leptos::server_fn::codec::{Json, MultipartData, MultipartFormData};

/// The address of the attachment upload (multipart only; see the router).
pub const ATTACH_PATH: &str = "/api/notices/attach";

#[server(endpoint = "notices/list", input = Json)]
pub async fn load_notices(filter: NoticeFilter) -> Result<NoticePage, AppError> {
    use crate::server::{context, notices};
    let actor = context::require_actor().map_err(context::respond)?;
    notices::list(&context::state()?, &actor, filter, context::now()?).await.map_err(context::respond)
}

#[server(endpoint = "notices/home")]
pub async fn load_home_notices() -> Result<HomeNotices, AppError> {
    use crate::server::{context, notices};
    let actor = context::require_actor().map_err(context::respond)?;
    notices::home(&context::state()?, &actor, context::now()?).await.map_err(context::respond)
}

/// A notice's page; opening it marks it read.
#[server(endpoint = "notices/get")]
pub async fn load_notice(id: i32) -> Result<NoticeDetail, AppError> {
    use crate::server::{context, notices};
    let actor = context::require_actor().map_err(context::respond)?;
    notices::detail(&context::state()?, &actor, id, context::now()?).await.map_err(context::respond)
}

#[server(endpoint = "notices/manage", input = Json)]
pub async fn load_managed_notices(filter: NoticeFilter) -> Result<NoticePage, AppError> {
    use crate::server::{context, notices};
    let actor = context::require_actor().map_err(context::respond)?;
    notices::manage_list(&context::state()?, &actor, filter, context::now()?).await.map_err(context::respond)
}

#[server(endpoint = "notices/edit")]
pub async fn load_notice_for_edit(id: i32) -> Result<NoticeDetail, AppError> {
    use crate::server::{context, notices};
    let actor = context::require_actor().map_err(context::respond)?;
    notices::edit(&context::state()?, &actor, id, context::now()?).await.map_err(context::respond)
}

/// Creates (as a draft) or changes a notice; answers with its id.
#[server(endpoint = "notices/save", input = Json)]
pub async fn save_notice(input: NoticeInput) -> Result<i32, AppError> {
    use crate::server::{context, notices};
    let actor = context::require_actor().map_err(context::respond)?;
    notices::save(&context::state()?, &actor, input, context::now()?).await.map_err(context::respond)
}

#[server(endpoint = "notices/publish", input = Json)]
pub async fn publish_notice(input: PublishInput) -> Result<Status, AppError> {
    use crate::server::{context, notices};
    let actor = context::require_actor().map_err(context::respond)?;
    notices::publish(&context::state()?, &actor, input, context::now()?).await.map_err(context::respond)
}

#[server(endpoint = "notices/withdraw")]
pub async fn withdraw_notice(id: i32, reason: String) -> Result<(), AppError> {
    use crate::server::{context, notices};
    let actor = context::require_actor().map_err(context::respond)?;
    notices::withdraw(&context::state()?, &actor, id, &reason, context::now()?).await.map_err(context::respond)
}

/// Attaches a file (`notice`, `file`) to a notice. Posted by the browser
/// itself (without JavaScript), it answers with a redirect back to the
/// editor: `done=attached`, or `invalid=attach` when the file was refused.
#[server(endpoint = "notices/attach", input = MultipartFormData)]
pub async fn attach_notice_file(data: MultipartData) -> Result<AttachmentRef, AppError> {
    use crate::server::{attachments, context, notices};
    let actor = context::require_actor().map_err(context::respond)?;
    let state = context::state()?;
    let (fields, file) = attachments::read_form(data).await.map_err(context::respond)?;
    let id = fields.get("notice").and_then(|v| v.parse().ok()).ok_or_else(|| context::respond(AppError::NotFound))?;
    let file = file.unwrap_or_default();
    let attached = notices::attach(&state, &actor, id, file, state.clock.now()).await;
    if context::plain_form_post() {
        match &attached {
            Ok(_) => leptos_axum::redirect(&format!("/admin/notices/{id}?done=attached")),
            Err(AppError::Validation(_)) => {
                leptos_axum::redirect(&format!("/admin/notices/{id}?invalid=attach"));
                // The redirect's status stands: the browser follows it.
                return attached;
            }
            Err(_) => {}
        }
    }
    attached.map_err(context::respond)
}

#[server(endpoint = "notices/detach")]
pub async fn remove_notice_attachment(id: i32) -> Result<(), AppError> {
    use crate::server::{context, notices};
    let actor = context::require_actor().map_err(context::respond)?;
    notices::remove_attachment(&context::state()?, &actor, id).await.map_err(context::respond)
}
