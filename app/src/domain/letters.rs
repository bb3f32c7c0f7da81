//! A postal letter telling an account holder their login ID and how to set
//! the password, as the print queue and the print page show it.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Letter {
    pub id: i32,
    pub login_id: String,
    /// Facility, centre, association or office name.
    pub name: String,
    pub postal_code: Option<String>,
    pub address: Option<String>,
    /// When it was queued, as shown (Japan time).
    pub queued_at: String,
    pub printed: bool,
    /// Where to go to set the password (the public URL's forgot-password page).
    pub setup_url: String,
    /// The language the letter is printed in: its holder's.
    pub lang: crate::domain::locale::Lang,
}
