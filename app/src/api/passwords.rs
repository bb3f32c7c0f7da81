//! The password page's look-up of its link. (Setting the password and asking
//! for a reset are plain form posts handled by the server crate.)

use crate::domain::error::AppError;
use leptos::prelude::*;

/// The login ID a password link is for, or `None` when the link cannot be
/// used (unknown, used, replaced or expired — one answer for all).
#[server(endpoint = "password/link")]
pub async fn password_link_login_id(token: String) -> Result<Option<String>, AppError> {
    use crate::server::{context, password_links};
    let db = context::db()?;
    password_links::link_login_id(&db, &token).await.map_err(context::respond)
}
