//! What the check remembers of every row of a file, held small enough for
//! a year of the previous system (14.6 million report rows) to fit in a few
//! tens of megabytes: a byte per line for the class of an accepted row, a
//! bit per unit and day for the rows already seen.

use chrono::{Datelike, NaiveDate};
use std::collections::HashMap;

/// Whether an imported row is new, the same as last time, or changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    New,
    Unchanged,
    Changed,
}

impl Class {
    fn byte(self) -> u8 {
        match self {
            Class::New => 1,
            Class::Unchanged => 2,
            Class::Changed => 3,
        }
    }

    fn of(byte: u8) -> Option<Class> {
        match byte {
            1 => Some(Class::New),
            2 => Some(Class::Unchanged),
            3 => Some(Class::Changed),
            _ => None,
        }
    }
}

/// The class of each accepted line of a file, a byte a line (none: the line
/// was refused, or is not the first line of a record).
#[derive(Default)]
pub struct Lines(Vec<u8>);

impl Lines {
    pub fn insert(&mut self, line: u64, class: Class) {
        let Ok(index) = usize::try_from(line) else { return };
        if self.0.len() <= index {
            self.0.resize(index + 1, 0);
        }
        self.0[index] = class.byte();
    }

    pub fn get(&self, line: u64) -> Option<Class> {
        usize::try_from(line).ok().and_then(|i| self.0.get(i)).and_then(|b| Class::of(*b))
    }

    /// How many lines were accepted.
    pub fn count(&self) -> u64 {
        self.0.iter().filter(|b| **b != 0).count() as u64
    }

    /// How many accepted lines are not [`Class::Unchanged`].
    pub fn to_write(&self) -> u64 {
        self.0.iter().filter(|b| **b != 0 && **b != Class::Unchanged.byte()).count() as u64
    }
}

/// The days of each unit a file has accepted a row for: what finds a second
/// row of the same unit and day without holding every row's key.
#[derive(Default)]
pub struct Seen {
    units: HashMap<String, usize>,
    days: Vec<Days>,
}

/// A unit's days as bits: bit `i` of word `w` is the day `first + 64 w + i`
/// (days counted from 1 January of year 1).
#[derive(Default)]
struct Days {
    first: i64,
    words: Vec<u64>,
}

impl Days {
    fn contains(&self, day: i64) -> bool {
        let offset = day - self.first;
        offset >= 0
            && usize::try_from(offset / 64)
                .ok()
                .and_then(|w| self.words.get(w))
                .is_some_and(|word| word & (1 << (offset % 64)) != 0)
    }

    fn insert(&mut self, day: i64) {
        if self.words.is_empty() {
            self.first = day - day.rem_euclid(64);
        } else if day < self.first {
            let more = (self.first - day + 63) / 64;
            let more_words = usize::try_from(more).unwrap_or(0);
            self.words.splice(0..0, std::iter::repeat_n(0, more_words));
            self.first -= 64 * more;
        }
        let offset = day - self.first;
        let Ok(word) = usize::try_from(offset / 64) else { return };
        if self.words.len() <= word {
            self.words.resize(word + 1, 0);
        }
        self.words[word] |= 1 << (offset % 64);
    }
}

impl Seen {
    pub fn contains(&self, unit: &str, day: NaiveDate) -> bool {
        self.units.get(unit).is_some_and(|&u| self.days[u].contains(i64::from(day.num_days_from_ce())))
    }

    pub fn insert(&mut self, unit: &str, day: NaiveDate) {
        let index = match self.units.get(unit) {
            Some(&u) => u,
            None => {
                self.units.insert(unit.to_owned(), self.days.len());
                self.days.push(Days::default());
                self.days.len() - 1
            }
        };
        self.days[index].insert(i64::from(day.num_days_from_ce()));
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used, clippy::unwrap_used)]
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn lines_keep_the_class_of_each_accepted_line_and_nothing_for_the_others() {
        let mut lines = Lines::default();
        lines.insert(2, Class::New);
        lines.insert(5, Class::Unchanged);
        lines.insert(9, Class::Changed);
        assert_eq!(lines.get(2), Some(Class::New));
        assert_eq!(lines.get(5), Some(Class::Unchanged));
        assert_eq!(lines.get(9), Some(Class::Changed));
        assert_eq!(lines.get(3), None);
        assert_eq!(lines.get(1_000), None);
        assert_eq!(lines.count(), 3);
        assert_eq!(lines.to_write(), 2);
    }

    #[test]
    fn seen_tells_a_units_day_again_whatever_order_the_days_come_in() {
        let mut seen = Seen::default();
        // Days out of order, across years and word boundaries, both ways.
        let days = ["2021-06-15", "2021-06-14", "2020-01-01", "2026-12-31", "2021-08-17", "2019-12-31"];
        for (i, d) in days.iter().enumerate() {
            assert!(!seen.contains("1311234567", day(d)), "{d} before it was seen");
            seen.insert("1311234567", day(d));
            for earlier in &days[..=i] {
                assert!(seen.contains("1311234567", day(earlier)), "{earlier} after {d}");
            }
        }
        assert!(!seen.contains("1311234567", day("2021-06-16")));
        assert!(!seen.contains("1311234567", day("2020-01-02")));
        // Another unit's day is its own.
        assert!(!seen.contains("1311234568", day("2021-06-15")));
        seen.insert("1311234568", day("2021-06-15"));
        assert!(seen.contains("1311234568", day("2021-06-15")));
        assert!(!seen.contains("1311234568", day("2021-06-14")));
    }

    #[test]
    fn a_year_of_days_for_a_unit_is_a_few_words() {
        let mut seen = Seen::default();
        let start = day("2025-04-01");
        for n in 0..365 {
            seen.insert("DEMCLN22", start + chrono::Duration::days(n));
        }
        assert!(seen.days[0].words.len() <= 7, "{} words", seen.days[0].words.len());
        assert!((0..365).all(|n| seen.contains("DEMCLN22", start + chrono::Duration::days(n))));
        assert!(!seen.contains("DEMCLN22", start + chrono::Duration::days(365)));
    }
}
