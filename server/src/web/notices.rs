//! The forms of the notice editor (`/admin/notices/new`, `/admin/notices/:id`)
//! posted without JavaScript. Each calls the service of its server function
//! and answers with a redirect back to the editor (post/redirect/get): with
//! what was done (`created=1`, `done=`), with `stale=1` when the notice was
//! withdrawn meanwhile, or — when nothing was saved — with what was typed
//! (`invalid=`), which the page checks again with the shared validation.
//! The attachment upload posts to its server function (`attach_notice_file`),
//! which answers a browser's own post the same way.
//!
//! - `POST /admin/notices/save`: a new draft, or changes (`save_notice`);
//! - `POST /admin/notices/publish`: now or at a time (`publish_notice`);
//! - `POST /admin/notices/withdraw`: with the reason (`withdraw_notice`);
//! - `POST /admin/notices/detach`: an attachment removed (`remove_notice_attachment`).

use crate::WebState;
use crate::web::session::SignedIn;
use app::domain::error::AppError;
use app::domain::notices::{NoticeInput, PublishInput, Status};
use app::server::notices;
use axum::extract::{Form, State};
use axum::response::{IntoResponse, Redirect, Response};

/// The editor of notice `id`, or of a new one.
fn editor(id: Option<i32>) -> String {
    id.map_or_else(|| "/admin/notices/new".to_owned(), |id| format!("/admin/notices/{id}"))
}

/// Field `name` of the form as a number (a notice's, an attachment's id).
fn number(fields: &[(String, String)], name: &str) -> Option<i32> {
    super::form_field(fields, name).and_then(|v| v.trim().parse().ok())
}

/// An address longer than this is not sent back (browsers and servers cut
/// long addresses): the typed text comes back on a page of its own instead.
const MAX_BACK_BYTES: usize = 64 * 1024;

pub async fn save(
    State(state): State<WebState>,
    SignedIn(current): SignedIn,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let input = NoticeInput::from_fields(
        |name| super::form_field(&fields, name),
        |name| fields.iter().filter(|(k, _)| k == name).map(|(_, v)| v.clone()).collect(),
    );
    let id = input.id;
    match notices::save(&state.app, &current.actor, input.clone(), state.app.clock.now()).await {
        Ok(saved) if id.is_none() => Redirect::to(&format!("/admin/notices/{saved}?created=1")).into_response(),
        Ok(saved) => Redirect::to(&format!("/admin/notices/{saved}?done=saved")).into_response(),
        Err(AppError::Validation(errors)) => {
            let mut back = vec![("invalid".to_owned(), "save".to_owned())];
            back.extend(input.typed_fields());
            let response = super::redirect_with(&editor(id), &back);
            let long = response.headers().get(http::header::LOCATION).is_some_and(|l| l.len() > MAX_BACK_BYTES);
            if long { typed_text_page(&input, &errors, &editor(id)) } else { response }
        }
        Err(e) => e.into_response(),
    }
}

/// The answer when the typed notice is too long to travel back in an
/// address: its messages and the text to copy, so that nothing is lost.
fn typed_text_page(input: &NoticeInput, errors: &app::domain::error::FieldErrors, back: &str) -> Response {
    use app::domain::html::escape;
    let t = app::i18n::t();
    let messages: String = errors.values().map(|m| format!("<li>{}</li>", escape(m))).collect();
    let page = format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
         content=\"width=device-width, initial-scale=1\"><title>{title} | {app}</title>\
         <link rel=\"stylesheet\" href=\"/pkg/gmis.css\"></head><body><main class=\"main\">\
         <h1>{title}</h1><p class=\"alert alert--error\" role=\"alert\">{summary}</p><ul>{messages}</ul>\
         <p>{copy}</p><textarea readonly rows=\"16\" aria-label=\"{body_label}\">{body}</textarea>\
         <p><a href=\"{back}\">{again}</a></p></main></body></html>",
        lang = app::i18n::locale().lang.code(),
        title = escape(t.notices().editor_title),
        app = escape(t.app_name),
        summary = escape(t.report_errors_summary),
        copy = escape(t.notices().copy_typed),
        body_label = escape(t.notices().body_label),
        body = escape(&input.body),
        back = escape(back),
        again = escape(t.notices().back_to_editor),
    );
    (http::StatusCode::UNPROCESSABLE_ENTITY, axum::response::Html(page)).into_response()
}

pub async fn publish(
    State(state): State<WebState>,
    SignedIn(current): SignedIn,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let field = |name: &str| super::form_field(&fields, name);
    let Some(id) = number(&fields, "id") else { return AppError::NotFound.into_response() };
    let at = field("at").unwrap_or_default();
    let input = PublishInput { id, at: at.clone() };
    let back = match notices::publish(&state.app, &current.actor, input, state.app.clock.now()).await {
        Ok(Status::Scheduled) => vec![("done", "scheduled"), ("at", at.as_str())],
        Ok(_) => vec![("done", "published")],
        Err(AppError::Validation(_)) => vec![("invalid", "publish"), ("at", at.as_str())],
        Err(AppError::Conflict(_)) => vec![("stale", "1")],
        Err(e) => return e.into_response(),
    };
    super::redirect_with(&editor(Some(id)), &back)
}

pub async fn withdraw(
    State(state): State<WebState>,
    SignedIn(current): SignedIn,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let field = |name: &str| super::form_field(&fields, name);
    let Some(id) = number(&fields, "id") else { return AppError::NotFound.into_response() };
    let reason = field("reason").unwrap_or_default();
    let back = match notices::withdraw(&state.app, &current.actor, id, &reason, state.app.clock.now()).await {
        Ok(()) => vec![("done", "withdrawn")],
        Err(AppError::Validation(_)) => vec![("invalid", "withdraw"), ("reason", reason.as_str())],
        Err(AppError::Conflict(_)) => vec![("stale", "1")],
        Err(e) => return e.into_response(),
    };
    super::redirect_with(&editor(Some(id)), &back)
}

pub async fn detach(
    State(state): State<WebState>,
    SignedIn(current): SignedIn,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let (Some(notice), Some(attachment)) = (number(&fields, "id"), number(&fields, "attachment")) else {
        return AppError::NotFound.into_response();
    };
    match notices::remove_attachment(&state.app, &current.actor, attachment).await {
        Ok(()) => super::redirect_with(&editor(Some(notice)), &[("done", "removed")]),
        Err(e) => e.into_response(),
    }
}
