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
