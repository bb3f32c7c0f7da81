//! The helpdesk console (`/helpdesk/accounts`): look up an account, unlock
//! it, mail its password link again. Only the helpdesk and ministry
//! administrators get past the service's check.

use crate::domain::error::AppError;
use crate::domain::helpdesk::HelpdeskAccount;
use leptos::prelude::*;

/// The console's page.
pub const PAGE_PATH: &str = "/helpdesk/accounts";

/// Accounts matching `q` (login ID, facility name or 医療機関コード).
#[server(endpoint = "helpdesk/lookup")]
pub async fn lookup_helpdesk_accounts(q: String) -> Result<Vec<HelpdeskAccount>, AppError> {
    use crate::server::{context, helpdesk};
    let actor = context::require_actor().map_err(context::respond)?;
    // Locks and login records run on the wall clock, never on the business
    // clock (`server::clock`).
    helpdesk::lookup(&context::db()?, &actor, &q, chrono::Utc::now()).await.map_err(context::respond)
}

/// Unlocks account `user_id`, for `reason`, from inquiry `inquiry` (may be
/// empty); answers with its login ID.
#[server(endpoint = "helpdesk/unlock")]
pub async fn helpdesk_unlock(
    user_id: i32,
    reason: String,
    #[server(default)] inquiry: String,
    #[server(default)] q: String,
) -> Result<String, AppError> {
    take_step(crate::domain::helpdesk::HelpdeskStep::Unlock, user_id, reason, inquiry, q).await
}

/// Mails account `user_id` a new password link, to the address on file
/// only; answers with its login ID.
#[server(endpoint = "helpdesk/resend")]
pub async fn helpdesk_resend_link(
    user_id: i32,
    reason: String,
    #[server(default)] inquiry: String,
    #[server(default)] q: String,
) -> Result<String, AppError> {
    take_step(crate::domain::helpdesk::HelpdeskStep::ResendLink, user_id, reason, inquiry, q).await
}

/// Removes the second factor of account `user_id` (a lost phone) and mails
/// its holder; answers with its login ID.
#[server(endpoint = "helpdesk/reset_second_factor")]
pub async fn helpdesk_reset_second_factor(
    user_id: i32,
    reason: String,
    #[server(default)] inquiry: String,
    #[server(default)] q: String,
) -> Result<String, AppError> {
    take_step(crate::domain::helpdesk::HelpdeskStep::ResetSecondFactor, user_id, reason, inquiry, q).await
}

/// A step from the console. Posted by the browser itself (without
/// JavaScript), it answers with a redirect back to the console with the
/// search `q`: `done=<step>` and the login ID, or `invalid=<refusal>` with
/// what was typed, which the page shows with the catalogue's message.
#[cfg(feature = "ssr")]
async fn take_step(
    step: crate::domain::helpdesk::HelpdeskStep,
    user_id: i32,
    reason: String,
    inquiry: String,
    q: String,
) -> Result<String, AppError> {
    use crate::server::{context, helpdesk};
    use leptos_router::params::ParamsMap;
    let actor = context::require_actor().map_err(context::respond)?;
    let state = context::state()?;
    let input = helpdesk::StepInput { user_id, reason: reason.clone(), inquiry: inquiry.clone() };
    let times = helpdesk::StepTimes { wall: chrono::Utc::now(), clock: state.clock.now() };
    let outcome = helpdesk::take_step(&state.db, &actor, step, input, &state.public_url, times).await;
    let outcome = outcome.map_err(context::respond)?;
    if context::plain_form_post() {
        let q = q.chars().take(crate::domain::helpdesk::QUERY_MAX).collect();
        let mut back = vec![("q".to_owned(), q)];
        match &outcome {
            Ok(login_id) => {
                back.push(("done".to_owned(), step.code().to_owned()));
                back.push(("login".to_owned(), login_id.clone()));
            }
            Err(refusal) => {
                back.push(("invalid".to_owned(), refusal.code().to_owned()));
                back.push(("for".to_owned(), user_id.to_string()));
                back.push(("step".to_owned(), step.code().to_owned()));
                // What was typed comes back, cut to what the form takes, so
                // that a huge post cannot make a huge address.
                let max = crate::domain::helpdesk::REASON_MAX;
                back.push(("reason".to_owned(), reason.chars().take(max).collect()));
                back.push(("inquiry".to_owned(), inquiry.chars().take(12).collect()));
            }
        }
        back.retain(|(_, v)| !v.is_empty());
        let query = ParamsMap::from_iter(back).to_query_string();
        leptos_axum::redirect(&format!("{PAGE_PATH}{query}"));
        // The redirect's status stands: the browser follows it.
        return outcome.map_err(helpdesk::refusal_error);
    }
    outcome.map_err(|r| context::respond(helpdesk::refusal_error(r)))
}
