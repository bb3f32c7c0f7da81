//! The helpdesk console (`/helpdesk/accounts`): what a call-centre operator
//! sees of an account while a clinic is on the phone, and the rules of the
//! two steps it may take (unlock, mail the password link again).
//!
//! The operator never sees a password, a hash or a link: only the account's
//! state, and its e-mail address masked ([`mask_email`]) so that the caller
//! can confirm "the address starting with ta… at example.jp" without the
//! operator learning it. Every step needs a reason ([`check_reason`]) and may
//! name the inquiry it came from ([`parse_inquiry`]).

use crate::domain::account::AccountState;
use crate::domain::roles::Role;
use serde::{Deserialize, Serialize};

/// The longest reason a step accepts, in characters.
pub const REASON_MAX: usize = 500;
/// A lookup reads at most this many characters of what was typed.
pub const QUERY_MAX: usize = 100;
/// At most this many accounts are shown for one lookup.
pub const LOOKUP_LIMIT: u64 = 20;
/// Failed logins are counted over this many hours back.
pub const FAILED_WINDOW_HOURS: i64 = 24;

/// One account as the helpdesk sees it. Holds nothing secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelpdeskAccount {
    pub user_id: i32,
    pub login_id: String,
    pub name: String,
    pub role: Role,
    /// 医療機関コード of the account's facility, if it has one.
    pub medical_code: Option<String>,
    pub state: AccountState,
    /// Japan time the lock ends, while the account is locked.
    pub locked_until: Option<String>,
    /// Failed logins in the last [`FAILED_WINDOW_HOURS`] hours.
    pub recent_failures: u64,
    /// Japan time of the last successful login, if any.
    pub last_login: Option<String>,
    /// The address on file, masked (`ta***@example.jp`).
    pub email_masked: Option<String>,
    /// The console's earlier steps on this account, newest first.
    pub steps: Vec<HelpdeskStepRecord>,
    /// Whether the account has a second factor (which the console may reset).
    pub has_second_factor: bool,
}

/// A step taken earlier through the console, as its audit row says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelpdeskStepRecord {
    /// Japan time.
    pub at: String,
    pub step: HelpdeskStep,
    /// Login ID of the operator.
    pub by: String,
    pub reason: String,
    pub inquiry: Option<i32>,
}

/// What the console can do to an account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum HelpdeskStep {
    Unlock,
    ResendLink,
    /// Removes the account's second factor (a lost phone): it enrols again.
    ResetSecondFactor,
}

impl HelpdeskStep {
    /// The short code used in the page's address after a post without JavaScript.
    pub const fn code(self) -> &'static str {
        match self {
            HelpdeskStep::Unlock => "unlock",
            HelpdeskStep::ResendLink => "resend",
            HelpdeskStep::ResetSecondFactor => "reset_second_factor",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [HelpdeskStep::Unlock, HelpdeskStep::ResendLink, HelpdeskStep::ResetSecondFactor]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// Why a step was refused; nothing changed. Each has its catalogue message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepRefusal {
    ReasonMissing,
    ReasonTooLong,
    /// The inquiry number is not a number.
    InquiryMalformed,
    /// No inquiry has that number.
    InquiryUnknown,
    /// No account with that id (or none the operator may act on).
    UnknownAccount,
    /// Unlock of an account that is not locked.
    NotLocked,
    /// A disabled account stays disabled: only the ministry admin revives it.
    Disabled,
    /// A link can only go to the address on file, and there is none.
    NoEmail,
    /// Reset of the second factor of an account that has none.
    NoSecondFactor,
}

impl StepRefusal {
    pub const ALL: [StepRefusal; 9] = [
        StepRefusal::ReasonMissing,
        StepRefusal::ReasonTooLong,
        StepRefusal::InquiryMalformed,
        StepRefusal::InquiryUnknown,
        StepRefusal::UnknownAccount,
        StepRefusal::NotLocked,
        StepRefusal::Disabled,
        StepRefusal::NoEmail,
        StepRefusal::NoSecondFactor,
    ];

    /// The short code used in the page's address after a post without JavaScript.
    pub const fn code(self) -> &'static str {
        match self {
            StepRefusal::ReasonMissing => "reason_missing",
            StepRefusal::ReasonTooLong => "reason_too_long",
            StepRefusal::InquiryMalformed => "inquiry_malformed",
            StepRefusal::InquiryUnknown => "inquiry_unknown",
            StepRefusal::UnknownAccount => "unknown_account",
            StepRefusal::NotLocked => "not_locked",
            StepRefusal::Disabled => "disabled",
            StepRefusal::NoEmail => "no_email",
            StepRefusal::NoSecondFactor => "no_second_factor",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        StepRefusal::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The form field the refusal is about, if any.
    pub const fn field(self) -> Option<&'static str> {
        match self {
            StepRefusal::ReasonMissing | StepRefusal::ReasonTooLong => Some("reason"),
            StepRefusal::InquiryMalformed | StepRefusal::InquiryUnknown => Some("inquiry"),
            _ => None,
        }
    }
}

/// Whether the helpdesk may see and act on accounts of `role`. Accounts of
/// the ministry itself (helpdesk, administrators) are the administrators'
/// business: an operator must not unlock a colleague or an administrator.
pub fn helpdesk_may_act_on(role: Role) -> bool {
    !matches!(role, Role::Helpdesk | Role::MinistryAdmin)
}

/// The reason as it is stored: trimmed, required, at most [`REASON_MAX`]
/// characters.
pub fn check_reason(reason: &str) -> Result<String, StepRefusal> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(StepRefusal::ReasonMissing);
    }
    if reason.chars().count() > REASON_MAX {
        return Err(StepRefusal::ReasonTooLong);
    }
    Ok(reason.to_owned())
}

/// The inquiry number as typed: empty for none; digits (full-width too),
/// optionally after `#` or `No.`.
pub fn parse_inquiry(text: &str) -> Result<Option<i32>, StepRefusal> {
    let digits: String = half_width_digits(text.trim());
    let digits = digits.trim_start_matches('#').trim_start_matches("No.").trim_start_matches("no.").trim();
    if digits.is_empty() {
        return Ok(None);
    }
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(StepRefusal::InquiryMalformed);
    }
    match digits.parse::<i32>() {
        Ok(n) if n > 0 => Ok(Some(n)),
        _ => Err(StepRefusal::InquiryMalformed),
    }
}

/// What was typed in the lookup box, as searched: trimmed, cut to
/// [`QUERY_MAX`] characters, full-width digits and letters made half-width
/// (callers read codes aloud and operators type them with a Japanese input
/// method on).
pub fn normalize_query(q: &str) -> String {
    half_width_digits(q.trim()).chars().take(QUERY_MAX).collect::<String>().trim().to_owned()
}

/// Whether `q` reads as (part of) a 医療機関コード: digits only, and at
/// least four of them, so that a short number does not list half the country.
pub fn looks_like_medical_code(q: &str) -> bool {
    q.len() >= 4 && q.len() <= 10 && q.chars().all(|c| c.is_ascii_digit())
}

/// Full-width ASCII (`０-９`, `Ａ-Ｚ`, `＃`…) as half-width; other text unchanged.
fn half_width_digits(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// `ta***@example.jp`: the first two characters of the local part (one when
/// it has three or fewer), then the domain. Enough for the caller to
/// recognise, little for anyone overhearing.
pub fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) if !local.is_empty() => {
            let keep = if local.chars().count() > 3 { 2 } else { 1 };
            format!("{}***@{domain}", local.chars().take(keep).collect::<String>())
        }
        _ => "***".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_masked_to_two_letters_and_the_domain() {
        assert_eq!(mask_email("tanaka@example.jp"), "ta***@example.jp");
        assert_eq!(mask_email("abc@example.jp"), "a***@example.jp");
        assert_eq!(mask_email("ｔａｎａｋａ@example.jp"), "ｔａ***@example.jp");
        assert_eq!(mask_email("@example.jp"), "***");
        assert_eq!(mask_email("no-at-sign"), "***");
    }

    #[test]
    fn a_reason_is_required_and_limited() {
        assert_eq!(check_reason("  電話で本人確認済み \n"), Ok("電話で本人確認済み".to_owned()));
        assert_eq!(check_reason(" \n "), Err(StepRefusal::ReasonMissing));
        assert!(check_reason(&"あ".repeat(REASON_MAX)).is_ok());
        assert_eq!(check_reason(&"あ".repeat(REASON_MAX + 1)), Err(StepRefusal::ReasonTooLong));
    }

    #[test]
    fn inquiry_numbers_are_read_as_typed() {
        assert_eq!(parse_inquiry(""), Ok(None));
        assert_eq!(parse_inquiry(" 12 "), Ok(Some(12)));
        assert_eq!(parse_inquiry("＃１２"), Ok(Some(12)));
        assert_eq!(parse_inquiry("No.7"), Ok(Some(7)));
        for bad in ["abc", "12a", "-3", "0", "99999999999"] {
            assert_eq!(parse_inquiry(bad), Err(StepRefusal::InquiryMalformed), "{bad}");
        }
    }

    #[test]
    fn refusal_codes_round_trip() {
        for r in StepRefusal::ALL {
            assert_eq!(StepRefusal::from_code(r.code()), Some(r));
        }
        assert_eq!(StepRefusal::from_code("anything"), None);
        for s in [HelpdeskStep::Unlock, HelpdeskStep::ResendLink] {
            assert_eq!(HelpdeskStep::from_code(s.code()), Some(s));
        }
    }

    #[test]
    fn codes_and_national_accounts() {
        assert!(looks_like_medical_code("1310000037"));
        assert!(looks_like_medical_code(&normalize_query("１３１０")));
        assert!(!looks_like_medical_code("131"));
        assert!(!looks_like_medical_code("DEMHSP22"));
        assert_eq!(normalize_query(&"あ".repeat(QUERY_MAX * 2)).chars().count(), QUERY_MAX);
        assert_eq!(normalize_query("　ＤＥＭ　"), "DEM");
        assert!(helpdesk_may_act_on(Role::Facility));
        assert!(!helpdesk_may_act_on(Role::MinistryAdmin));
        assert!(!helpdesk_may_act_on(Role::Helpdesk));
    }
}
