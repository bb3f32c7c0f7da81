//! The user's own account page. (The password change itself is a plain form
//! post handled by the server crate.)

use crate::domain::account::{LoginRecord, SecondFactorView};
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

/// The user's second factor: the confirmed authenticator, or a pending one
/// to scan (made on first call), and where the enrolment policy stands.
#[server(endpoint = "account/second_factor")]
pub async fn my_second_factor() -> Result<SecondFactorView, AppError> {
    use crate::domain::account::TotpView;
    use crate::domain::time::format_datetime_ja;
    use crate::server::auth::SecondFactorPolicy;
    use crate::server::{context, second_factor};
    let current = context::current_session().ok_or(AppError::Unauthenticated).map_err(context::respond)?;
    let state = context::state()?;
    let totp =
        match second_factor::enrolment(&state.db, &current.actor, state.clock.now()).await.map_err(context::respond)? {
            second_factor::TotpState::Active { since, recovery_left } => {
                TotpView::Active { since: format_datetime_ja(since), recovery_left }
            }
            second_factor::TotpState::Pending { secret_grouped, qr_svg } => {
                TotpView::Pending { qr_svg, secret: secret_grouped }
            }
        };
    let (grace_until, required_now) = match current.second_factor {
        SecondFactorPolicy::Grace(until) => (Some(format_datetime_ja(until)), false),
        SecondFactorPolicy::Required => (None, true),
        SecondFactorPolicy::Satisfied => (None, false),
    };
    Ok(SecondFactorView { totp, grace_until, required_now })
}
