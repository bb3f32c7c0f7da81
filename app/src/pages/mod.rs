//! One component per route.

pub mod account;
pub mod account_admin;
pub mod api_tokens;
pub mod area;
pub mod audit_trail;
pub mod error;
pub mod faq_admin;
pub mod helpdesk;
pub mod home;
pub mod inquiries;
pub mod letters;
pub mod login;
pub mod maintenance;
pub mod memberships;
pub mod not_found;
pub mod notices;
pub mod password;
pub mod register;
pub mod registration;
pub mod report_grid;
pub mod reports;
pub mod second_factor;
pub mod supplies;
pub mod survey_admin;
