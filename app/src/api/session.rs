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

/// Until when (Japan time) the logged-in user may still postpone enrolling
/// a second factor, for the banner on every page; `None` when they need not
/// (or have one), and for visitors.
#[server(endpoint = "session/second_factor_banner")]
pub async fn second_factor_banner() -> Result<Option<String>, AppError> {
    use crate::server::auth::SecondFactorPolicy;
    Ok(crate::server::context::current_session().and_then(|s| match s.second_factor {
        SecondFactorPolicy::Grace(until) => Some(crate::domain::time::format_datetime(until)),
        _ => None,
    }))
}
