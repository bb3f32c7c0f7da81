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

/// Loads `address` in the browser (from an island, after a change the page
/// shows once the server renders it again). Browser-only.
pub fn go_to(address: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_href(address);
    }
}
