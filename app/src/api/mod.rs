//! Server functions, one file per feature. Each is a public HTTP endpoint:
//! it gets its context, authenticates and authorizes, calls one service and
//! maps the result — nothing more.

pub mod account;
pub mod account_admin;
pub mod letters;
pub mod maintenance;
pub mod memberships;
pub mod passwords;
pub mod registration;
pub mod reports;
pub mod session;
pub mod supplies;
