//! Who is logged in. (Login and logout themselves are plain form posts
//! handled by the server crate, so they work without JavaScript.)

use crate::domain::error::AppError;
use crate::domain::roles::Actor;
use leptos::prelude::*;

/// The logged-in user, or `None` for a visitor. Never fails for a visitor:
/// the login page calls it too.
#[server(endpoint = "session/current")]
pub async fn current_actor() -> Result<Option<Actor>, AppError> {
    Ok(crate::server::context::current_session().map(|s| s.actor))
}
