//! Reusable UI pieces.

pub mod draft;
pub mod layout;
pub mod notice;
pub mod password_fields;
