//! Rules of the one-time links that set or reset a password (SPEC §2): what
//! a link is for, how long it lives, and how often "forgot password" may mail
//! one. The tokens themselves are made and stored (hashed) by
//! `crate::server::tokens`.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// Why a link was sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "Text"))]
pub enum TokenPurpose {
    /// A new or migrated account setting its first password.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "issue"))]
    Issue,
    /// "Forgot password".
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "reset"))]
    Reset,
}

impl TokenPurpose {
    /// How long a link stays valid: 72 hours to set a first password (it may
    /// arrive on a Friday evening), 60 minutes to reset one.
    pub fn lifetime(self) -> Duration {
        match self {
            TokenPurpose::Issue => Duration::hours(72),
            TokenPurpose::Reset => Duration::minutes(60),
        }
    }
}

/// Whether a stored link may still be used at `now`: not used, not expired,
/// and not replaced by a newer link for the same account.
pub fn is_usable(
    expires_at: DateTime<Utc>,
    used_at: Option<DateTime<Utc>>,
    superseded: bool,
    now: DateTime<Utc>,
) -> bool {
    used_at.is_none() && !superseded && now < expires_at
}

/// At most this many reset mails per account in [`RESET_WINDOW`].
pub const RESET_MAILS_PER_WINDOW: usize = 3;
pub const RESET_WINDOW: Duration = Duration::hours(1);

/// Whether another reset mail may go to an account that was sent reset
/// mails at `recent` (any order). Past the limit the request is answered
/// the same way but no mail is sent.
pub fn may_send_reset(recent: &[DateTime<Utc>], now: DateTime<Utc>) -> bool {
    recent.iter().filter(|t| now - **t < RESET_WINDOW).count() < RESET_MAILS_PER_WINDOW
}

/// The Japanese message for an error code of the password page
/// (`/password/set?error=CODE`); `None` for an unknown code.
pub fn set_password_error_message(code: &str) -> Option<&'static str> {
    use crate::domain::passwords::PasswordProblem::*;
    let t = crate::i18n::t();
    match code {
        "invalid" => Some(t.accounts().password_link_invalid),
        "mismatch" => Some(t.accounts().password_mismatch),
        _ => [TooShort, TooLong, Common, ContainsContext].into_iter().find(|p| p.code() == code).map(|p| p.message()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 5, 1, 9, 0, 0).single().expect("valid")
    }

    #[test]
    fn every_error_code_has_its_message() {
        use crate::domain::passwords::PasswordProblem::*;
        for p in [TooShort, TooLong, Common, ContainsContext] {
            assert_eq!(set_password_error_message(p.code()), Some(p.message()));
        }
        assert!(set_password_error_message("invalid").is_some());
        assert_eq!(set_password_error_message("<script>"), None);
    }

    #[test]
    fn lifetimes() {
        assert_eq!(TokenPurpose::Issue.lifetime(), Duration::hours(72));
        assert_eq!(TokenPurpose::Reset.lifetime(), Duration::minutes(60));
    }

    #[test]
    fn a_link_works_once_before_it_expires_and_while_newest() {
        let expires = t0() + TokenPurpose::Reset.lifetime();
        assert!(is_usable(expires, None, false, t0() + Duration::minutes(59)));
        assert!(!is_usable(expires, None, false, t0() + Duration::minutes(60)));
        assert!(!is_usable(expires, Some(t0()), false, t0() + Duration::minutes(1)));
        assert!(!is_usable(expires, None, true, t0() + Duration::minutes(1)));
    }

    #[test]
    fn reset_mails_are_limited_per_hour() {
        let now = t0();
        let sent = [now - Duration::minutes(50), now - Duration::minutes(10)];
        assert!(may_send_reset(&sent, now));
        let third = [sent[0], sent[1], now - Duration::minutes(1)];
        assert!(!may_send_reset(&third, now));
        assert!(may_send_reset(&third, now + Duration::minutes(11)), "the oldest left the window");
    }
}
