//! Account administration (ministry administrators).

use crate::domain::account::AccountSummary;
use crate::domain::error::AppError;
use leptos::prelude::*;

/// Accounts matching `q` (login ID or name) in `prefecture` ("" for all).
#[server(endpoint = "accounts/search")]
pub async fn search_accounts(q: String, prefecture: String) -> Result<Vec<AccountSummary>, AppError> {
    use crate::server::{account_admin, context};
    let actor = context::require_actor().map_err(context::respond)?;
    let db = context::db()?;
    account_admin::search(&db, &actor, &q, &prefecture).await.map_err(context::respond)
}

#[cfg(feature = "ssr")]
/// Applies `action`; a browser's own post is sent back with `done=<done>`.
async fn act(user_id: i32, action: crate::server::account_admin::AccountAction, done: &str) -> Result<(), AppError> {
    use crate::server::{account_admin, context};
    let actor = context::require_actor().map_err(context::respond)?;
    let state = context::state()?;
    account_admin::apply(&state.db, &actor, user_id, action, &state.public_url)
        .await
        .inspect(|_| context::redirect_back_done(done))
        .map_err(context::respond)
}

/// Mails the account a new password link.
#[server(endpoint = "accounts/resend")]
pub async fn resend_account_link(user_id: i32) -> Result<(), AppError> {
    act(user_id, crate::server::account_admin::AccountAction::ResendLink, "resend").await
}

/// Unlocks the account.
#[server(endpoint = "accounts/unlock")]
pub async fn unlock_account(user_id: i32) -> Result<(), AppError> {
    act(user_id, crate::server::account_admin::AccountAction::Unlock, "unlock").await
}

/// Corrects the account's e-mail address (both addresses are told).
#[server(endpoint = "accounts/email")]
pub async fn change_account_email(user_id: i32, email: String) -> Result<(), AppError> {
    use crate::server::{account_admin, context};
    let actor = context::require_actor().map_err(context::respond)?;
    let db = context::db()?;
    account_admin::change_email(&db, &actor, user_id, &email)
        .await
        .inspect(|_| context::redirect_back_done("email"))
        .map_err(context::respond)
}

/// Disables the account and ends its sessions.
#[server(endpoint = "accounts/disable")]
pub async fn disable_account(user_id: i32) -> Result<(), AppError> {
    act(user_id, crate::server::account_admin::AccountAction::Disable, "disable").await
}

/// Ends the account's session `handle`, or all its sessions when `handle`
/// is empty. Returns how many ended.
#[server(endpoint = "accounts/sessions/end")]
pub async fn end_account_sessions(user_id: i32, #[server(default)] handle: String) -> Result<u64, AppError> {
    use crate::server::{account_admin, context};
    let actor = context::require_actor().map_err(context::respond)?;
    let db = context::db()?;
    account_admin::end_sessions(&db, &actor, user_id, handle)
        .await
        .inspect(|_| context::redirect_back_done("sessions"))
        .map_err(context::respond)
}
