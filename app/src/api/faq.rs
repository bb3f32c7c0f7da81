//! Curating the FAQ (`/helpdesk/faq`): the list, and editing, moving,
//! retiring and bringing back an entry. Only the helpdesk and ministry
//! administrators get past the service's check.
//!
//! Each change is a plain form post to its server function. Posted by the
//! browser itself (without JavaScript), it answers with a redirect back to
//! the page: `done=<what>` and `at=<id>`, or — when nothing was saved —
//! `invalid=`, `stale=` or `end=` with the entry (and, for an edit, what was typed,
//! which the page checks again with the shared validation). With
//! JavaScript the same forms post in place.

use crate::domain::error::AppError;
use crate::domain::inquiries::FaqEntry;
use leptos::prelude::*;

/// The page.
pub const PAGE_PATH: &str = "/helpdesk/faq";

/// Every entry, in force and retired, in the list's order.
#[server(endpoint = "faq/entries")]
pub async fn load_faq_entries() -> Result<Vec<FaqEntry>, AppError> {
    use crate::server::{context, faq};
    let actor = context::require_actor().map_err(context::respond)?;
    faq::entries(&context::state()?, &actor).await.map_err(context::respond)
}

/// Changes entry `id` (read at `revision`): its category (code), question
/// and answer.
#[server(endpoint = "faq/edit")]
pub async fn edit_faq(
    id: i32,
    revision: i32,
    category: String,
    question: String,
    answer: String,
) -> Result<(), AppError> {
    use crate::domain::inquiries::FaqEdit;
    use crate::server::{context, faq};
    let actor = context::require_actor().map_err(context::respond)?;
    let state = context::state()?;
    let edit = FaqEdit { id, revision, category, question, answer };
    let done = faq::edit(&state, &actor, edit.clone(), context::now()?).await;
    let typed = matches!(done, Err(AppError::Validation(_))).then(|| edit.typed_fields()).unwrap_or_default();
    back_to_page(done, "edited", "stale", id, typed)
}

/// Moves entry `id` one place `way` (`up` or `down`).
#[server(endpoint = "faq/move")]
pub async fn move_faq(id: i32, way: String) -> Result<(), AppError> {
    use crate::server::{context, faq};
    let actor = context::require_actor().map_err(context::respond)?;
    let done = faq::move_entry(&context::state()?, &actor, id, &way).await;
    back_to_page(done, "moved", "end", id, Vec::new())
}

/// Takes entry `id` out of users' sight (`step=retire`) or brings it back
/// (`step=restore`).
#[server(endpoint = "faq/retire")]
pub async fn retire_faq(id: i32, step: String) -> Result<(), AppError> {
    use crate::server::{context, faq};
    let actor = context::require_actor().map_err(context::respond)?;
    let done = faq::set_retired(&context::state()?, &actor, id, &step, context::now()?).await;
    let what = if done == Ok(true) { "retired" } else { "restored" };
    back_to_page(done.map(|_| ()), what, "", id, Vec::new())
}

/// The answer of a change: for a post without JavaScript, a redirect back
/// to the page saying what was done, or why nothing was (only codes: the
/// page says the words; a conflict as `conflict`); an error that is not about the entry (a visitor,
/// another role, a bad request) answers as itself.
#[cfg(feature = "ssr")]
fn back_to_page(
    done: Result<(), AppError>,
    what: &str,
    conflict: &str,
    id: i32,
    typed: Vec<(String, String)>,
) -> Result<(), AppError> {
    use crate::server::context;
    use leptos_router::params::ParamsMap;
    if !context::plain_form_post() {
        return done.map_err(context::respond);
    }
    let mut back = match &done {
        Ok(()) => vec![("done".to_owned(), what.to_owned())],
        Err(AppError::Validation(_)) => vec![("invalid".to_owned(), id.to_string())],
        Err(AppError::Conflict(_)) => vec![(conflict.to_owned(), id.to_string())],
        Err(_) => return done.map_err(context::respond),
    };
    back.push(("at".to_owned(), id.to_string()));
    back.extend(typed);
    let query = ParamsMap::from_iter(back).to_query_string();
    leptos_axum::redirect(&format!("{PAGE_PATH}{query}"));
    // The redirect's status stands: the browser follows it.
    done
}
