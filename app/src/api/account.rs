//! The user's own account page. (The password change itself is a plain form
//! post handled by the server crate.)

use crate::domain::account::{LoginRecord, SessionInfo};
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

/// The logged-in user's live sessions (this one marked), the most recently
/// used first.
#[server(endpoint = "account/sessions")]
pub async fn my_sessions() -> Result<Vec<SessionInfo>, AppError> {
    use crate::server::{context, own_account};
    let session = context::current_session().ok_or(AppError::Unauthenticated).map_err(context::respond)?;
    let db = context::db()?;
    let user_id = session.actor.user_id.0;
    let mut by_user = own_account::sessions_of(&db, &[user_id], Some(&session.key), chrono::Utc::now())
        .await
        .map_err(context::respond)?;
    Ok(by_user.remove(&user_id).unwrap_or_default())
}

/// Ends one of the user's sessions (`handle` from [`my_sessions`]), or, with
/// `others`, every session but this one. Returns how many ended.
#[server(endpoint = "account/sessions/end")]
pub async fn end_my_sessions(
    #[server(default)] handle: String,
    #[server(default)] others: bool,
) -> Result<u64, AppError> {
    use crate::server::context;
    use crate::server::own_account::{self, Ending};
    let session = context::current_session().ok_or(AppError::Unauthenticated).map_err(context::respond)?;
    let db = context::db()?;
    let ending = if others { Ending::AllBut(session.key.clone()) } else { Ending::One(handle) };
    let ended = own_account::end_sessions(&db, &session.actor, session.actor.user_id, ending, None)
        .await
        .map_err(context::respond)?;
    if context::plain_form_post() {
        leptos_axum::redirect(&format!("/account?sessions_ended={ended}#sessions-heading"));
    }
    Ok(ended)
}
