//! The outlier check of daily reports against the unit's own history,
//! shared by the form (in the browser) and the server.
//!
//! The rule (docs/decisions.md, "Outliers"): for each count item, the
//! values the unit reported on the [`WINDOW_DAYS`] days before the day
//! entered are its recent range. With fewer than [`MIN_HISTORY`] of them
//! the unit is new and nothing is flagged. Otherwise, with `m` their median
//! and `MAD` the median of `|x − m|`, the spread is
//! `s = max(1.4826 · MAD, 0.1 · m, 2)` — the first term is the standard
//! deviation a MAD stands for; the other two keep a series that never moves
//! (MAD 0), or sits at zero, from flagging every small change — and a value
//! further than [`K`]` · s` from `m` is flagged. For a steady series the
//! median is yesterday's level, so a sudden jump of beds or inpatients (40
//! → 400) is caught, and so is a dropped digit (400 → 40) or a zero typed
//! for a full ward; a unit whose numbers swing every day gets a wide spread
//! and is not pestered. A flagged value is not refused: the form asks for a
//! confirmation, and the confirmed revision records which items were
//! flagged. Numbers only; free text and choices are never checked.

use crate::domain::surveys::{Answer, Answers, ItemKind, SurveyDefinition};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Days before the day entered that make up the unit's recent range.
pub const WINDOW_DAYS: i64 = 28;
/// Fewest reported days in the window for the check to apply.
pub const MIN_HISTORY: usize = 7;
/// How many spreads away from the median a value is flagged.
pub const K: f64 = 5.0;

/// One count item's history: the values of the window (any order) and the
/// value of the day before, when it was reported.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Series {
    pub values: Vec<i64>,
    pub yesterday: Option<i64>,
}

/// The history of a unit's count items before one day (item code → series).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    pub series: BTreeMap<String, Series>,
}

/// Which way a flagged value is off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Direction {
    Up,
    Down,
}

/// A flagged value: its item, which way it is off, and what it is compared
/// with (yesterday's value when there is one, the median otherwise).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outlier {
    pub item: String,
    pub direction: Direction,
    pub yesterday: Option<i64>,
    pub median: i64,
}

impl Baseline {
    /// The baseline of `day` from the unit's reports (period, answers) of
    /// the window before it; reports outside the window are ignored.
    pub fn of<'a>(day: NaiveDate, reports: impl IntoIterator<Item = (NaiveDate, &'a Answers)>) -> Baseline {
        let first = day - chrono::Duration::days(WINDOW_DAYS);
        let mut series: BTreeMap<String, Series> = BTreeMap::new();
        for (period, answers) in reports {
            if period < first || period >= day {
                continue;
            }
            for (code, answer) in answers {
                if let Answer::Count(n) = answer {
                    let s = series.entry(code.clone()).or_default();
                    s.values.push(*n);
                    if period.succ_opt() == Some(day) {
                        s.yesterday = Some(*n);
                    }
                }
            }
        }
        Baseline { series }
    }

    /// The count answers of `definition` that are far outside their range,
    /// in the definition's item order.
    pub fn outliers(&self, definition: &SurveyDefinition, answers: &Answers) -> Vec<Outlier> {
        definition
            .items
            .iter()
            .filter(|item| matches!(item.kind, ItemKind::Count { .. }))
            .filter_map(|item| {
                let Some(Answer::Count(value)) = answers.get(&item.code) else { return None };
                let series = self.series.get(&item.code)?;
                let (median, direction) = flag(&series.values, *value)?;
                Some(Outlier { item: item.code.clone(), direction, yesterday: series.yesterday, median })
            })
            .collect()
    }
}

/// The stored form of a revision's confirmed outliers (`outliers` of
/// `reports` and `report_revisions`): item codes, comma-separated; `None`
/// for none.
pub fn to_column(items: &[String]) -> Option<String> {
    (!items.is_empty()).then(|| items.join(","))
}

/// The item codes of a stored `outliers` column ([`to_column`]).
pub fn from_column(column: Option<&str>) -> Vec<String> {
    column.into_iter().flat_map(|c| c.split(',')).filter(|c| !c.is_empty()).map(str::to_owned).collect()
}

/// The median of `values` (the mean of the middle two for an even count).
fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    match (values.get(mid.wrapping_sub(1)), values.get(mid)) {
        (Some(a), Some(b)) if values.len().is_multiple_of(2) => (a + b) / 2.0,
        (_, Some(m)) => *m,
        _ => 0.0,
    }
}

/// The rule of the module's documentation: the median (rounded) and the
/// direction when `value` is flagged against `history`.
fn flag(history: &[i64], value: i64) -> Option<(i64, Direction)> {
    if history.len() < MIN_HISTORY {
        return None;
    }
    #[allow(clippy::cast_precision_loss)]
    let mut xs: Vec<f64> = history.iter().map(|&x| x as f64).collect();
    let m = median(&mut xs);
    let mut deviations: Vec<f64> = xs.iter().map(|x| (x - m).abs()).collect();
    let mad = median(&mut deviations);
    let spread = (1.4826 * mad).max(0.1 * m.abs()).max(2.0);
    #[allow(clippy::cast_precision_loss)]
    let off = value as f64 - m;
    #[allow(clippy::cast_possible_truncation)]
    let rounded = m.round() as i64;
    if off.abs() <= K * spread {
        return None;
    }
    Some((rounded, if off > 0.0 { Direction::Up } else { Direction::Down }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flagged(history: &[i64], value: i64) -> Option<Direction> {
        flag(history, value).map(|(_, d)| d)
    }

    #[test]
    fn a_steady_series_flags_an_order_of_magnitude_both_ways() {
        let beds = [40; 20];
        assert_eq!(flagged(&beds, 400), Some(Direction::Up));
        assert_eq!(flagged(&beds, 4), Some(Direction::Down));
        assert_eq!(flagged(&beds, 0), Some(Direction::Down), "a full ward typed as empty");
        for ordinary in [36, 40, 44, 50, 60] {
            assert_eq!(flagged(&beds, ordinary), None, "{ordinary}");
        }
        assert_eq!(flagged(&beds, 61), Some(Direction::Up), "beyond 40 ± 5 × 4");
    }

    #[test]
    fn a_unit_whose_numbers_swing_gets_a_wide_range() {
        let fever = [3, 15, 4, 20, 9, 2, 18, 7, 12, 5];
        for ordinary in [0, 25, 30] {
            assert_eq!(flagged(&fever, ordinary), None, "{ordinary}");
        }
        assert_eq!(flagged(&fever, 120), Some(Direction::Up));
    }

    #[test]
    fn zeros_allow_a_few_and_flag_many() {
        let zeros = [0; 28];
        assert_eq!(flagged(&zeros, 10), None);
        assert_eq!(flagged(&zeros, 11), Some(Direction::Up));
    }

    #[test]
    fn a_short_history_flags_nothing() {
        assert_eq!(flagged(&[40; 6], 4000), None);
        assert_eq!(flagged(&[40; 7], 4000), Some(Direction::Up));
        assert_eq!(flagged(&[], 4000), None);
    }

    #[test]
    fn a_large_hospital_is_judged_by_its_own_size() {
        let beds = [500, 510, 495, 505, 500, 498, 502, 507];
        assert_eq!(flagged(&beds, 700), None, "within 500 ± 5 × 50");
        assert_eq!(flagged(&beds, 5000), Some(Direction::Up));
        assert_eq!(flagged(&beds, 50), Some(Direction::Down));
    }

    #[test]
    fn the_stored_column_round_trips() {
        let items = vec!["secured_beds".to_owned(), "beds_in_use".to_owned()];
        assert_eq!(to_column(&items).as_deref(), Some("secured_beds,beds_in_use"));
        assert_eq!(from_column(to_column(&items).as_deref()), items);
        assert_eq!(to_column(&[]), None);
        assert!(from_column(None).is_empty() && from_column(Some("")).is_empty());
    }

    #[test]
    fn the_baseline_takes_the_window_and_yesterday() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 1).expect("valid");
        let answers: Vec<(NaiveDate, Answers)> = (1..=40)
            .map(|back| {
                let a = Answers::from([
                    ("beds".to_owned(), Answer::Count(back)),
                    ("status".to_owned(), Answer::Choice("a".to_owned())),
                ]);
                (day - chrono::Duration::days(back), a)
            })
            .chain([(day, Answers::from([("beds".to_owned(), Answer::Count(999))]))])
            .collect();
        let baseline = Baseline::of(day, answers.iter().map(|(d, a)| (*d, a)));
        let beds = &baseline.series["beds"];
        assert_eq!(beds.values.len(), 28, "the 28 days before, not the day itself nor older ones");
        assert!(beds.values.iter().all(|v| (1..=28).contains(v)));
        assert_eq!(beds.yesterday, Some(1));
        assert!(!baseline.series.contains_key("status"), "numbers only");
    }
}
