//! The user's own account page. (The password change itself is a plain form
//! post handled by the server crate.)

use crate::domain::account::{LoginRecord, NoticeMailChoice, SecondFactorView, SessionInfo};
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

/// The user's second factor: the confirmed authenticator, or a pending one
/// to scan (made on first call), and where the enrolment policy stands.
#[server(endpoint = "account/second_factor")]
pub async fn my_second_factor() -> Result<SecondFactorView, AppError> {
    use crate::domain::account::TotpView;
    use crate::domain::time::format_datetime;
    use crate::server::auth::SecondFactorPolicy;
    use crate::server::{context, second_factor};
    let current = context::current_session().ok_or(AppError::Unauthenticated).map_err(context::respond)?;
    let state = context::state()?;
    let totp =
        match second_factor::enrolment(&state.db, &current.actor, state.clock.now()).await.map_err(context::respond)? {
            second_factor::TotpState::Active { since, recovery_left } => {
                TotpView::Active { since: format_datetime(since), recovery_left }
            }
            second_factor::TotpState::Pending { secret_grouped, qr_svg } => {
                TotpView::Pending { qr_svg, secret: secret_grouped }
            }
        };
    let (grace_until, required_now) = match current.second_factor {
        SecondFactorPolicy::Grace(until) => (Some(format_datetime(until)), false),
        SecondFactorPolicy::Required => (None, true),
        SecondFactorPolicy::Satisfied => (None, false),
    };
    let passkeys = crate::server::passkeys::list(&state.db, current.actor.user_id.0).await.map_err(context::respond)?;
    Ok(SecondFactorView { totp, grace_until, required_now, passkeys, passkeys_available: state.passkeys.is_some() })
}

/// Whether the user is mailed when a notice for their role is published.
#[server(endpoint = "account/notice_mail")]
pub async fn my_notice_mail() -> Result<NoticeMailChoice, AppError> {
    use crate::server::{context, own_account};
    let actor = context::require_actor().map_err(context::respond)?;
    own_account::notice_mail(&context::db()?, &actor).await.map_err(context::respond)
}

/// Turns the mail about new notices on (`on=1`) or off (no `on`: the
/// checkbox left empty). Posted without JavaScript, it answers with a
/// redirect back to `/account` saying which.
#[server(endpoint = "account/notice_mail/set")]
pub async fn set_my_notice_mail(#[server(default)] on: String) -> Result<NoticeMailChoice, AppError> {
    use crate::server::{context, own_account};
    let actor = context::require_actor().map_err(context::respond)?;
    let choice = own_account::set_notice_mail(&context::state()?, &actor, &on).await.map_err(context::respond)?;
    if context::plain_form_post() {
        let word = if choice.on { "on" } else { "off" };
        leptos_axum::redirect(&format!("/account?notice_mail={word}#notice-mail-heading"));
    }
    Ok(choice)
}

/// The user's language and date style, as stored, and today's date.
#[server(endpoint = "account/display")]
pub async fn my_display() -> Result<crate::domain::locale::DisplayView, AppError> {
    use crate::server::context;
    let current = context::current_session().ok_or(AppError::Unauthenticated).map_err(context::respond)?;
    Ok(crate::domain::locale::DisplayView {
        choice: current.display,
        today: crate::domain::time::japan_date(context::now()?),
    })
}

/// Sets the user's language (`lang`: `ja`, `en`, or empty for the
/// browser's) and date style (`dates`: `western` or `wareki`). The page
/// posts it as a plain form, so that the whole page comes back in the new
/// language: the answer is a redirect to `/account`.
#[server(endpoint = "account/display/set")]
pub async fn set_my_display(
    #[server(default)] lang: String,
    #[server(default)] dates: String,
) -> Result<crate::domain::locale::DisplayChoice, AppError> {
    use crate::server::{context, own_account};
    let actor = context::require_actor().map_err(context::respond)?;
    let choice = own_account::set_display(&context::state()?, &actor, &lang, &dates).await.map_err(context::respond)?;
    if context::plain_form_post() {
        leptos_axum::redirect("/account?display=saved#display-heading");
    }
    Ok(choice)
}
