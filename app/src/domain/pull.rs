//! Reading reports out through the API (SPEC §8): the filters, one report as
//! it is handed out, and the page cursor.
//!
//! Pages go unit by unit (by unit id), each unit's reports by day: the
//! order of the unique report index, so a page is a seek per unit, however
//! large the database. The first page fixes the highest report id the walk
//! may hand out (`until`); each cursor carries it with the unit and day of
//! the last report handed out. A report saved while a client pages is never
//! handed out twice nor skipped within that walk: an amendment keeps its id
//! and place and is read once, in whatever state it has then; a new report
//! has an id above `until` and waits for the next walk (`updated_since`
//! finds it).

use crate::domain::surveys::{Answers, SurveyKind};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Most reports one page may hold.
pub const MAX_PAGE: u32 = 1_000;
/// Reports per page when the client does not say.
pub const DEFAULT_PAGE: u32 = 500;

/// What a client asks for, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PullQuery {
    pub survey: SurveyKind,
    pub from: Option<String>,
    pub to: Option<String>,
    pub prefecture: Option<String>,
    pub municipality: Option<String>,
    /// Only reports saved or amended at or after this moment.
    pub updated_since: Option<DateTime<Utc>>,
    pub cursor: Option<Cursor>,
    pub limit: u32,
}

/// Where the next page starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cursor {
    /// The unit of the last report handed out.
    pub unit: i32,
    /// The day of the last report handed out.
    pub day: NaiveDate,
    /// The highest report id this walk hands out.
    pub until: i32,
}

impl Cursor {
    /// The opaque text handed to the client: `unit.yyyymmdd.until`.
    pub fn encode(self) -> String {
        format!("{}.{}.{}", self.unit, self.day.format("%Y%m%d"), self.until)
    }

    /// Reads a cursor back; anything else is `None`.
    pub fn decode(text: &str) -> Option<Cursor> {
        let mut parts = text.split('.');
        let (unit, day, until) = (parts.next()?, parts.next()?, parts.next()?);
        let digits = |s: &str, most: usize| !s.is_empty() && s.len() <= most && s.bytes().all(|b| b.is_ascii_digit());
        if parts.next().is_some() || !digits(unit, 10) || day.len() != 8 || !digits(day, 8) || !digits(until, 10) {
            return None;
        }
        Some(Cursor {
            unit: unit.parse().ok()?,
            day: NaiveDate::parse_from_str(day, "%Y%m%d").ok()?,
            until: until.parse().ok()?,
        })
    }
}

/// One report, as the API hands it out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PulledReport {
    pub id: i32,
    pub survey: SurveyKind,
    /// The survey definition version the answers follow.
    pub version: i32,
    /// `f12` for a facility, `c3` for a centre.
    pub unit: String,
    pub unit_name: String,
    /// 医療機関コード (empty for a centre).
    pub medical_code: String,
    pub prefecture: String,
    pub municipality: Option<String>,
    pub day: NaiveDate,
    pub revision: i32,
    pub nothing_to_report: bool,
    pub answers: Answers,
    pub first_entered_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One page of reports and where the next starts (`None`: this was the last).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PullPage {
    pub reports: Vec<PulledReport>,
    pub next: Option<Cursor>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_junk_is_refused() {
        let day = NaiveDate::from_ymd_opt(2026, 4, 1).expect("a day");
        let c = Cursor { unit: 41, day, until: 900 };
        assert_eq!(c.encode(), "41.20260401.900");
        assert_eq!(Cursor::decode(&c.encode()), Some(c));
        for bad in [
            "",
            "1",
            "41.900",
            "41.20261301.900",
            "41.2026041.900",
            "a.20260401.b",
            "-1.20260401.5",
            "1.20260401.2.3",
            "99999999999.20260401.9",
            "+1.20260401.2",
        ] {
            assert_eq!(Cursor::decode(bad), None, "{bad}");
        }
    }
}
