//! Pure types and rules of G-MIS: no IO, compiled for the browser (WASM) and the
//! server alike. Views and services speak these types; database entities never
//! leave `crate::server`.

pub mod account;
pub mod accounts;
pub mod api_tokens;
pub mod area;
pub mod attachments;
pub mod audit_trail;
pub mod auth;
pub mod base64url;
pub mod browser;
pub mod error;
pub mod helpdesk;
pub mod html;
pub mod ids;
pub mod inquiries;
pub mod jurisdiction;
pub mod letters;
pub mod locale;
pub mod maintenance;
pub mod markdown;
pub mod memberships;
pub mod notices;
pub mod outliers;
pub mod passwords;
pub mod pull;
pub mod reports;
pub mod revisions;
pub mod roles;
pub mod search;
pub mod supplies;
pub mod survey_versions;
pub mod surveys;
pub mod time;
pub mod tokens;
pub mod webhooks;
