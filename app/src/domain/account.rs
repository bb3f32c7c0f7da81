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
}
