//! The postal letter queue.

use crate::domain::error::AppError;
use crate::domain::letters::Letter;
use leptos::prelude::*;

/// Letters waiting to be printed (ministry administrators).
#[server(endpoint = "letters/queue")]
pub async fn list_letters() -> Result<Vec<Letter>, AppError> {
    use crate::server::{context, letters};
    let actor = context::require_actor().map_err(context::respond)?;
    let state = context::state()?;
    letters::letters(&state.db, &actor, None, &state.public_url).await.map_err(context::respond)
}

/// Marks the given letters printed (ministry administrators).
#[server(endpoint = "letters/printed")]
pub async fn mark_letters_printed(ids: Vec<i32>) -> Result<u64, AppError> {
    use crate::server::{context, letters};
    let actor = context::require_actor().map_err(context::respond)?;
    let db = context::db()?;
    letters::mark_printed(&db, &actor, &ids)
        .await
        .inspect(|_| context::redirect_back_done("printed"))
        .map_err(context::respond)
}
