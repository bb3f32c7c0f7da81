//! Reusable UI pieces.

pub mod layout;
