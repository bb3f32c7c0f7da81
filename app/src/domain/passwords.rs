//! The password policy of SPEC §2 (after NIST SP 800-63B): 15–128 characters
//! of anything, no composition rules, no common passwords, nothing built from
//! the account's own words. Runs in the browser and on the server.

/// Why a password was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasswordProblem {
    TooShort,
    TooLong,
    Common,
    ContainsContext,
}

impl PasswordProblem {
    /// A short code for a page's query string (`?error=too_short`); the
    /// page turns it back into the message with
    /// `crate::domain::tokens::set_password_error_message`.
    pub fn code(self) -> &'static str {
        match self {
            PasswordProblem::TooShort => "too_short",
            PasswordProblem::TooLong => "too_long",
            PasswordProblem::Common => "common",
            PasswordProblem::ContainsContext => "context",
        }
    }

    pub fn message(self) -> &'static str {
        let t = crate::i18n::t();
        match self {
            PasswordProblem::TooShort => t.accounts().password_too_short,
            PasswordProblem::TooLong => t.accounts().password_too_long,
            PasswordProblem::Common => t.accounts().password_common,
            PasswordProblem::ContainsContext => t.accounts().password_context,
        }
    }
}

pub const MIN_CHARS: usize = 15;
pub const MAX_CHARS: usize = 128;

/// Passwords long enough to pass the length rule yet found in breach lists.
const COMMON: &[&str] = &[
    "123456789012345",
    "1234567890123456",
    "password1234567",
    "passwordpassword",
    "qwertyuiopasdfg",
    "iloveyouiloveyou",
    "aaaaaaaaaaaaaaa",
    "111111111111111",
    "000000000000000",
    "abcdefghijklmno",
    "1qaz2wsx3edc4rfv",
    "qwerty123456789",
    "passw0rdpassw0rd",
    "administrator123",
    "welcome123456789",
    "gmisgmisgmisgmis",
    "mhlwmhlwmhlwmhlw",
];

/// Checks `password` against the policy; `context` holds the login ID,
/// facility name and similar words that must not appear in it.
pub fn check(password: &str, context: &[&str]) -> Result<(), PasswordProblem> {
    let chars = password.chars().count();
    if chars < MIN_CHARS {
        return Err(PasswordProblem::TooShort);
    }
    if chars > MAX_CHARS {
        return Err(PasswordProblem::TooLong);
    }
    let lower = password.to_lowercase();
    let distinct = {
        let mut c: Vec<char> = lower.chars().collect();
        c.sort_unstable();
        c.dedup();
        c.len()
    };
    if distinct <= 2 || COMMON.contains(&lower.as_str()) {
        return Err(PasswordProblem::Common);
    }
    let has_context =
        context.iter().map(|w| w.trim().to_lowercase()).any(|w| w.chars().count() >= 4 && lower.contains(&w));
    if has_context {
        return Err(PasswordProblem::ContainsContext);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_is_counted_in_characters() {
        assert_eq!(check("短いパスワード", &[]), Err(PasswordProblem::TooShort));
        // 15 kana are 45 bytes but 15 characters: accepted.
        assert_eq!(check("あいうえおかきくけこさしすせそ", &[]), Ok(()));
        assert_eq!(check(&"長".repeat(129), &[]), Err(PasswordProblem::TooLong));
        assert_eq!(check("correct horse battery 🐴", &[]), Ok(()));
    }

    #[test]
    fn common_and_context_words_are_refused() {
        assert_eq!(check("Password1234567", &[]), Err(PasswordProblem::Common));
        assert_eq!(check("zzzzzzzzzzzzzzzzzzzz", &[]), Err(PasswordProblem::Common));
        assert_eq!(check("my-id-is-Hk3mPq7X-ok", &["Hk3mPq7X"]), Err(PasswordProblem::ContainsContext));
        assert_eq!(
            check("東京中央病院のとても長いパスワードです", &["東京中央病院"]),
            Err(PasswordProblem::ContainsContext)
        );
        assert_eq!(check("まったく別のとても長い合言葉です", &["東京中央病院"]), Ok(()));
    }
}
