//! Everything that only exists on the server: database entities, services per
//! feature, authentication and sessions, the audit log. This is the one place
//! gated by `#[cfg(feature = "ssr")]` (in `lib.rs`).

pub mod account_admin;
pub mod accounts;
pub mod api_tokens;
pub mod area;
pub mod attachments;
pub mod audit;
pub mod audit_trail;
pub mod auth;
pub mod authz;
pub mod clock;
pub mod context;
pub mod db;
pub mod demo_history;
pub mod entities;
pub mod errors;
pub mod faq;
pub mod helpdesk;
pub mod inquiries;
pub mod inquiry_digest;
pub mod jobs;
pub mod jurisdictions;
pub mod legacy;
pub mod letters;
pub mod mail;
pub mod maintenance;
pub mod memberships;
pub mod notice_mail;
pub mod notices;
pub mod own_account;
pub mod passkeys;
pub mod password_links;
pub mod registration;
pub mod reports;
pub mod second_factor;
pub mod seed;
pub mod supplies;
pub mod survey_admin;
pub mod webhooks;
