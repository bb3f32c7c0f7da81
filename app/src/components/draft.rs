//! Drafts of a report kept in the browser (SPEC §3): the counts being typed
//! survive a reload or a lost connection, and a submission that could not
//! reach the server is kept as pending and sent again, with the same
//! submission id, when the network returns. Only form values and ids are
//! stored — never session data. Browser-only: call from effects and event
//! handlers, which never run on the server.

use crate::domain::reports::ReportUnit;
use crate::domain::surveys::{RawValues, SurveyKind};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A report draft for one unit, survey and day.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub values: RawValues,
    pub nothing: bool,
    pub submission_id: String,
    pub base_revision: Option<i32>,
    /// Sent, but the server never answered: send again when online.
    pub pending: bool,
}

/// The storage key of a draft.
pub fn key(unit: ReportUnit, survey: SurveyKind, day: NaiveDate) -> String {
    format!("gmis-draft:{}:{}:{day}", unit.key(), survey.code())
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn load(key: &str) -> Option<Draft> {
    serde_json::from_str(&storage()?.get_item(key).ok()??).ok()
}

pub fn save(key: &str, draft: &Draft) {
    if let (Some(s), Ok(text)) = (storage(), serde_json::to_string(draft)) {
        // A full or disabled storage only loses the draft, never the report.
        let _ = s.set_item(key, &text);
    }
}

pub fn clear(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

/// A fresh random UUID from the browser for the next submission.
pub fn new_submission_id() -> Option<String> {
    Some(web_sys::window()?.crypto().ok()?.random_uuid())
}

/// Whether the browser believes it is online.
pub fn online() -> bool {
    web_sys::window().is_some_and(|w| w.navigator().on_line())
}
