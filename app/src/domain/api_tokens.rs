//! API tokens (SPEC §8): what a token may do ([`ApiScope`]), which accounts
//! may hold one, and what the admin page shows of them. A token acts as its
//! account, with exactly that account's role and jurisdiction; the scopes
//! only narrow what it may do further.

use crate::domain::roles::Role;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What a token may be used for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ApiScope {
    /// Push daily reports and the weekly supply survey.
    ReportWrite,
    /// Pull reports, survey definitions, units and completeness of the area.
    DataRead,
    /// Register webhook endpoints and see their deliveries.
    Webhooks,
}

impl ApiScope {
    pub const ALL: [ApiScope; 3] = [ApiScope::ReportWrite, ApiScope::DataRead, ApiScope::Webhooks];

    /// The stored and documented code.
    pub const fn code(self) -> &'static str {
        match self {
            ApiScope::ReportWrite => "report:write",
            ApiScope::DataRead => "data:read",
            ApiScope::Webhooks => "webhooks",
        }
    }

    pub fn from_code(code: &str) -> Option<ApiScope> {
        ApiScope::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Space-separated codes, as stored.
    pub fn join(scopes: &[ApiScope]) -> String {
        scopes.iter().map(|s| s.code()).collect::<Vec<_>>().join(" ")
    }

    /// The stored form back; unknown codes are dropped (never widened).
    pub fn split(text: &str) -> Vec<ApiScope> {
        let mut scopes: Vec<ApiScope> = text.split_whitespace().filter_map(ApiScope::from_code).collect();
        scopes.sort();
        scopes.dedup();
        scopes
    }
}

/// The roles whose accounts may hold a token: the systems of facilities,
/// centres and associations push; prefectures and municipalities pull.
pub const TOKEN_ROLES: [Role; 5] =
    [Role::Facility, Role::ConsultationCentre, Role::Aggregator, Role::Municipality, Role::Prefecture];

/// The longest a token may live, in days; tokens are renewed by issuing a new one.
pub const MAX_TOKEN_DAYS: i64 = 366;
/// The longest token name.
pub const MAX_TOKEN_NAME: usize = 100;
/// Every token starts with this, so that secret scanners recognise a leaked one.
pub const TOKEN_PREFIX: &str = "gmis_";

/// What the admin asks for when issuing a token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewToken {
    /// The account the token acts as.
    pub login_id: String,
    /// What the token is for ("電子カルテ連携" …), shown in the list.
    pub name: String,
    pub scopes: Vec<ApiScope>,
    /// Days until it expires (1 to [`MAX_TOKEN_DAYS`]).
    pub days: i64,
}

/// Where a token stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TokenState {
    Active,
    Expired,
    Revoked,
}

/// A token as the admin list shows it (never the token itself).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenRow {
    pub id: i32,
    pub name: String,
    /// The token's first characters.
    pub prefix: String,
    pub login_id: String,
    pub display_name: String,
    pub scopes: Vec<ApiScope>,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub state: TokenState,
}

/// A token just issued: the only time the token itself is shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedToken {
    pub token: String,
    pub row: TokenRow,
}

/// Where a token stands at `now`.
pub fn state(expires_at: DateTime<Utc>, revoked_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> TokenState {
    match revoked_at {
        Some(_) => TokenState::Revoked,
        None if expires_at <= now => TokenState::Expired,
        None => TokenState::Active,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_round_trip_and_unknown_codes_are_dropped() {
        let all = ApiScope::join(&ApiScope::ALL);
        assert_eq!(ApiScope::split(&all), ApiScope::ALL.to_vec());
        assert_eq!(ApiScope::split("data:read admin data:read"), vec![ApiScope::DataRead]);
    }

    #[test]
    fn a_revoked_token_stays_revoked_and_expiry_is_exclusive() {
        let now = DateTime::<Utc>::UNIX_EPOCH + chrono::Duration::days(100);
        assert_eq!(state(now, None, now), TokenState::Expired);
        assert_eq!(state(now + chrono::Duration::seconds(1), None, now), TokenState::Active);
        assert_eq!(state(now + chrono::Duration::days(9), Some(now), now), TokenState::Revoked);
    }
}
