//! Aggregator memberships: a facility reports through an association
//! (代理入力) on the days of its membership. A facility belongs to at most
//! one association on any day, so its history stays unambiguous.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A membership as the administration page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    pub id: i32,
    pub facility_name: String,
    pub medical_code: String,
    pub valid_from: NaiveDate,
    /// The last day it applies; `None` while it lasts.
    pub valid_to: Option<NaiveDate>,
}

/// An association, for choosing whose members to edit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AggregatorChoice {
    pub id: i32,
    pub name: String,
    pub prefecture: String,
}

/// Whether the day ranges `a` and `b` (inclusive, `None` = open-ended) share a day.
pub fn overlaps(a: (NaiveDate, Option<NaiveDate>), b: (NaiveDate, Option<NaiveDate>)) -> bool {
    let a_before_b_ends = b.1.is_none_or(|b_to| a.0 <= b_to);
    let b_before_a_ends = a.1.is_none_or(|a_to| b.0 <= a_to);
    a_before_b_ends && b_before_a_ends
}

/// Whether the facility was a member on `day`.
pub fn covers(valid_from: NaiveDate, valid_to: Option<NaiveDate>, day: NaiveDate) -> bool {
    valid_from <= day && valid_to.is_none_or(|to| day <= to)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).expect("valid")
    }

    #[test]
    fn ranges_overlap_when_they_share_a_day() {
        assert!(overlaps((d(4, 1), None), (d(6, 1), None)));
        assert!(overlaps((d(4, 1), Some(d(5, 31))), (d(5, 31), None)), "the same last and first day");
        assert!(!overlaps((d(4, 1), Some(d(5, 31))), (d(6, 1), None)), "back to back");
        assert!(!overlaps((d(6, 1), Some(d(6, 30))), (d(4, 1), Some(d(5, 31)))));
    }

    #[test]
    fn membership_covers_its_days() {
        assert!(covers(d(4, 1), Some(d(4, 30)), d(4, 30)));
        assert!(!covers(d(4, 1), Some(d(4, 30)), d(5, 1)));
        assert!(!covers(d(4, 1), None, d(3, 31)));
        assert!(covers(d(4, 1), None, d(12, 31)));
    }
}
