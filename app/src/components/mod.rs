//! Reusable UI pieces.

pub mod layout;
pub mod password_fields;
