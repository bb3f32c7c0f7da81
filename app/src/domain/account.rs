//! What a user sees of their own account and what an administrator sees of
//! any account.

use crate::domain::roles::Role;
use serde::{Deserialize, Serialize};

/// One login attempt on the user's own account page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginRecord {
    /// Japan time, as shown.
    pub at: String,
    pub succeeded: bool,
    pub ip: Option<String>,
}

/// The user's own second factor, as the enrolment page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecondFactorView {
    pub totp: TotpView,
    /// Japan time until which enrolment may be postponed, while it may.
    pub grace_until: Option<String>,
    /// Past the grace period: nothing else is reachable until enrolment.
    pub required_now: bool,
    /// The user's passkeys, the most recently registered first.
    pub passkeys: Vec<PasskeyInfo>,
    /// Whether this server can register passkeys at all (its public URL
    /// names a host, not an IP address).
    pub passkeys_available: bool,
}

/// The longest name of a passkey, in characters.
pub const PASSKEY_NAME_MAX: usize = 40;

/// A passkey's name as typed: trimmed, 1–40 characters, no control
/// characters; `None` otherwise (the browser and the server check alike).
pub fn passkey_name(name: &str) -> Option<String> {
    let name = name.trim();
    let count = name.chars().count();
    (count > 0 && count <= PASSKEY_NAME_MAX && !name.chars().any(char::is_control)).then(|| name.to_owned())
}

/// One of the user's passkeys, as their second-factor page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasskeyInfo {
    pub id: i32,
    pub name: String,
    /// Japan time.
    pub created: String,
    /// Japan time of the last sign-in with it, if any.
    pub last_used: Option<String>,
}

/// The authenticator (TOTP) part of [`SecondFactorView`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TotpView {
    /// Confirmed (Japan time), with the recovery codes not yet used.
    Active { since: String, recovery_left: u64 },
    /// Waiting for its first code: the QR code (SVG made on the server)
    /// and the secret in groups of four for typing in.
    Pending { qr_svg: String, secret: String },
}

/// Where an account stands, as administrators see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccountState {
    AwaitingPassword,
    Active,
    Locked,
    Disabled,
}

/// A row of the administrators' account search.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountSummary {
    pub user_id: i32,
    pub login_id: String,
    pub name: String,
    pub role: Role,
    pub prefecture: Option<String>,
    pub state: AccountState,
    /// Where links and notices are mailed (the administrator may correct it).
    pub email: Option<String>,
    /// The account's live sessions, the most recently used first.
    pub sessions: Vec<SessionInfo>,
}

/// Whether a user is mailed when a notice for their role is published, and
/// whether a mail can reach them at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeMailChoice {
    pub on: bool,
    pub has_email: bool,
}

/// One live session of an account, as its owner (or an administrator) sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    /// Names the session in an "end this session" form: the first
    /// [`SESSION_HANDLE_LEN`] hex digits of its key (the key is a hash of the
    /// cookie's token, so the handle tells nothing about the token).
    pub handle: String,
    /// Browser and system, from the user agent ("Safari・iPhone").
    pub device: String,
    pub ip: Option<String>,
    /// Japan time, as shown.
    pub started: String,
    pub last_seen: String,
    /// The session of the request that asked.
    pub current: bool,
}

/// Hex digits of a session's key that name it in forms.
pub const SESSION_HANDLE_LEN: usize = 16;

/// Whether `handle` can name a session (so that it can go into a query as is).
pub fn is_session_handle(handle: &str) -> bool {
    handle.len() == SESSION_HANDLE_LEN && handle.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// A short description of the device behind a user agent, for a person to
/// recognise their own phone or PC: "Chrome・Android", "Safari・iPad",
/// "Edge・Windows". Unknown parts are left out; an empty or unreadable agent
/// is `None`.
pub fn describe_user_agent(ua: &str) -> Option<String> {
    let has = |s: &str| ua.contains(s);
    // Order matters: iPadOS and Android agents also name other systems, and
    // Edge, Opera and Chrome all say "Safari".
    let system = if has("iPhone") {
        Some("iPhone")
    } else if has("iPad") {
        Some("iPad")
    } else if has("Android") {
        Some("Android")
    } else if has("CrOS") {
        Some("ChromeOS")
    } else if has("Windows") {
        Some("Windows")
    } else if has("Macintosh") || has("Mac OS X") {
        Some("Mac")
    } else if has("Linux") {
        Some("Linux")
    } else {
        None
    };
    let browser = if has("Edg/") || has("EdgA/") || has("EdgiOS/") {
        Some("Edge")
    } else if has("OPR/") {
        Some("Opera")
    } else if has("SamsungBrowser/") {
        Some("Samsung Internet")
    } else if has("Firefox/") || has("FxiOS/") {
        Some("Firefox")
    } else if has("Chrome/") || has("CriOS/") || has("HeadlessChrome/") {
        Some("Chrome")
    } else if has("Safari/") {
        Some("Safari")
    } else {
        None
    };
    match (browser, system) {
        (Some(b), Some(s)) => Some(format!("{b}・{s}")),
        (Some(one), None) | (None, Some(one)) => Some(one.to_owned()),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_agents_are_described_as_people_know_their_devices() {
        let cases = [
            (
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
                Some("Safari・iPhone"),
            ),
            (
                "Mozilla/5.0 (Linux; Android 14; SC-51D) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
                Some("Chrome・Android"),
            ),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
                Some("Edge・Windows"),
            ),
            (
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:127.0) Gecko/20100101 Firefox/127.0",
                Some("Firefox・Mac"),
            ),
            (
                "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0 Mobile/15E148 Safari/604.1",
                Some("Chrome・iPad"),
            ),
            ("curl/8.5.0", None),
            ("", None),
        ];
        for (ua, expected) in cases {
            assert_eq!(describe_user_agent(ua).as_deref(), expected, "{ua}");
        }
    }

    #[test]
    fn only_sixteen_lowercase_hex_digits_name_a_session() {
        assert!(is_session_handle("0123456789abcdef"));
        assert!(!is_session_handle("0123456789ABCDEF"));
        assert!(!is_session_handle("0123456789abcde%"));
        assert!(!is_session_handle("0123456789abcdef0"));
        assert!(!is_session_handle(""));
    }
}
