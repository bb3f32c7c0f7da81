//! Reusable UI pieces.

pub mod chart;
pub mod document;
pub mod draft;
pub mod filter_select;
pub mod layout;
pub mod notice;
pub mod passkey;
pub mod password_fields;
pub mod posted_error;
pub mod sessions;
