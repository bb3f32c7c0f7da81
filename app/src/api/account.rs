//! The user's own account page. (The password change itself is a plain form
//! post handled by the server crate.)

use crate::domain::account::LoginRecord;
use crate::domain::error::AppError;
use leptos::prelude::*;

/// The logged-in user's last 10 login attempts.
#[server(endpoint = "account/logins")]
pub async fn my_recent_logins() -> Result<Vec<LoginRecord>, AppError> {
    use crate::server::{context, own_account};
    let actor = context::require_actor().map_err(context::respond)?;
    let db = context::db()?;
    own_account::recent_logins(&db, &actor, 10).await.map_err(context::respond)
}
