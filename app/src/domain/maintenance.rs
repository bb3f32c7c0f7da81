//! Scheduled maintenance (SPEC §5): windows during which G-MIS is closed,
//! the banner shown ahead of them, the back-entry they open for the days
//! they closed, and deadlines they get in the way of.
//!
//! A window is the half-open interval `[start, end)`: closed from `start`,
//! open again at `end` (the time the maintenance page names). Use
//! [`check_window`] before saving one, [`Grace`] for the report periods it
//! makes enterable afterwards, and [`deadline_clash`] to warn about a
//! deadline ahead.

use crate::domain::error::FieldErrors;
use crate::domain::time::{format_moment, japan_date, jst};
use crate::i18n;
use chrono::{DateTime, Days, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// One maintenance window.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    pub id: i32,
    pub start: DateTime<Utc>,
    /// When the system opens again (exclusive end).
    pub end: DateTime<Utc>,
    pub message: String,
}

impl Window {
    pub fn contains(&self, t: DateTime<Utc>) -> bool {
        self.start <= t && t < self.end
    }

    pub fn overlaps(&self, start: DateTime<Utc>, end: DateTime<Utc>) -> bool {
        self.start < end && start < self.end
    }

    /// Whether the banner is due at `now`: from `lead` before the start until it starts.
    pub fn banner_due(&self, now: DateTime<Utc>, lead: Duration) -> bool {
        now < self.start && now >= self.start - lead
    }

    /// `1月15日（金） 17:30 〜 1月18日（月） 8:00`, Japan time, in the reader's language.
    pub fn range_text(&self) -> String {
        format!("{} {} {}", format_moment(self.start), crate::i18n::t().range_mark.trim(), format_moment(self.end))
    }

    /// The Japan-time days the window touches (its first and last day).
    pub fn days(&self) -> (NaiveDate, NaiveDate) {
        (japan_date(self.start), japan_date(self.end - Duration::seconds(1)))
    }
}

/// Longest window that may be scheduled.
pub const MAX_WINDOW_DAYS: i64 = 31;
/// How far in the past a start may lie (so "from now" works from a shell).
pub const START_SLACK_MINUTES: i64 = 5;

/// Checks a window before it is saved: it ends after it starts, lasts at
/// most 31 days, does not start in the past (a few minutes' slack for "now"),
/// has a message, and overlaps no other window (`others` excludes the one
/// being edited). Fields: `start`, `end`, `message`.
pub fn check_window(
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    message: &str,
    now: DateTime<Utc>,
    others: &[Window],
) -> Result<(), FieldErrors> {
    let m = i18n::t().maintenance();
    let mut errors = FieldErrors::new();
    if start < now - Duration::minutes(START_SLACK_MINUTES) {
        errors.insert("start".to_owned(), m.start_in_past.to_owned());
    }
    if end <= start {
        errors.insert("end".to_owned(), m.end_before_start.to_owned());
    } else if end - start > Duration::days(MAX_WINDOW_DAYS) {
        errors.insert("end".to_owned(), m.too_long.to_owned());
    }
    if message.trim().is_empty() {
        errors.insert("message".to_owned(), m.message_required.to_owned());
    } else if message.chars().count() > 500 {
        errors.insert("message".to_owned(), m.message_too_long.to_owned());
    }
    if let Some(other) = others.iter().find(|w| w.overlaps(start, end)) {
        errors.entry("start".to_owned()).or_insert_with(|| (m.overlaps)(&other.range_text()));
    }
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}

/// The report periods a past or current window closed, and the last day on
/// which they may still be entered: the back-entry limit counted from the
/// day the system reopened rather than from the period itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grace {
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub until: NaiveDate,
}

impl Grace {
    pub fn of(window: &Window, back_entry_days: u32) -> Grace {
        let (first_day, last_day) = window.days();
        let reopened = japan_date(window.end);
        let until = reopened.checked_add_days(Days::new(u64::from(back_entry_days))).unwrap_or(reopened);
        Grace { first_day, last_day, until }
    }

    /// Whether the period `first..=last` touches the closed days.
    pub fn touches(&self, first: NaiveDate, last: NaiveDate) -> bool {
        first <= self.last_day && self.first_day <= last
    }
}

/// The graces of the windows that have started by `now`.
pub fn graces(windows: &[Window], back_entry_days: u32, now: DateTime<Utc>) -> Vec<Grace> {
    windows.iter().filter(|w| w.start <= now).map(|w| Grace::of(w, back_entry_days)).collect()
}

/// How a deadline stands against a window.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Clash {
    /// The deadline falls inside the window: enter before it starts.
    Inside(Window),
    /// The window closes part of the time before the deadline: enter before
    /// it starts, or after it ends and before the deadline.
    Before(Window),
}

impl Clash {
    /// The warning shown on the screen of the deadline.
    pub fn message(&self, deadline: DateTime<Utc>) -> String {
        let m = i18n::t().maintenance();
        match self {
            Clash::Inside(w) => (m.deadline_inside)(&format_moment(deadline), &w.range_text(), &format_moment(w.start)),
            Clash::Before(w) => (m.deadline_after)(
                &format_moment(deadline),
                &w.range_text(),
                &format_moment(w.start),
                &format_moment(w.end),
            ),
        }
    }
}

/// The window, if any, that gets in the way of entering before `deadline`
/// for a period that opened at `opens` (a week's Monday, the previous
/// batch's cut-off). Windows already over are ignored.
pub fn deadline_clash(
    opens: DateTime<Utc>,
    deadline: DateTime<Utc>,
    now: DateTime<Utc>,
    windows: &[Window],
) -> Option<Clash> {
    let relevant = windows.iter().filter(|w| w.end > now);
    if let Some(w) = relevant.clone().find(|w| w.contains(deadline)) {
        return Some(Clash::Inside(w.clone()));
    }
    relevant.into_iter().find(|w| w.overlaps(opens, deadline)).map(|w| Clash::Before(w.clone()))
}

/// What every page shows about maintenance: the next window, once within
/// the lead time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Banner {
    pub range: String,
    pub message: String,
}

/// A window as the administration form sends it: Japan time as
/// `YYYY-MM-DDTHH:MM` (a `datetime-local` field) or `YYYY-MM-DD HH:MM`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WindowInput {
    /// The window being changed; `None` schedules a new one.
    pub id: Option<i32>,
    pub start: String,
    pub end: String,
    pub message: String,
}

impl WindowInput {
    /// The form's fields: the window being changed (`id`, absent for a new
    /// one), `start`, `end` and `message`. The page's inputs, the form posted
    /// without JavaScript and the address that brings typed values back use them.
    pub const FIELDS: [&'static str; 4] = ["id", "start", "end", "message"];

    /// The input from named fields (the form's, or the query that brings
    /// them back after a post without JavaScript saved nothing); an `id`
    /// that is not a number is no window.
    pub fn from_fields(field: impl Fn(&str) -> Option<String>) -> Self {
        let get = |k: &str| field(k).unwrap_or_default();
        WindowInput {
            id: field("id").and_then(|v| v.trim().parse().ok()),
            start: get("start"),
            end: get("end"),
            message: get("message"),
        }
    }

    /// What was typed, as fields for the address back to the form: nothing
    /// typed is lost when a post without JavaScript saves nothing.
    pub fn typed_fields(&self) -> Vec<(String, String)> {
        let id = self.id.map(|id| ("id".to_owned(), id.to_string()));
        let typed = [("start", &self.start), ("end", &self.end), ("message", &self.message)]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.clone()));
        id.into_iter().chain(typed).collect()
    }

    /// The typed times, or a message at each that does not read as a
    /// Japan-time moment.
    pub fn times(&self) -> Result<(DateTime<Utc>, DateTime<Utc>), FieldErrors> {
        match (parse_local(&self.start), parse_local(&self.end)) {
            (Some(start), Some(end)) => Ok((start, end)),
            (start, end) => {
                let bad = i18n::t().maintenance().bad_time;
                Err([("start", start), ("end", end)]
                    .into_iter()
                    .filter(|(_, parsed)| parsed.is_none())
                    .map(|(field, _)| (field.to_owned(), bad.to_owned()))
                    .collect())
            }
        }
    }

    /// The whole check of the input as the service makes it: times that
    /// read, then [`check_window`] against the other windows (the one being
    /// changed left out). A page shows its messages for typed values brought back.
    pub fn check(&self, now: DateTime<Utc>, windows: &[Window]) -> Result<(DateTime<Utc>, DateTime<Utc>), FieldErrors> {
        let (start, end) = self.times()?;
        let others: Vec<Window> = windows.iter().filter(|w| Some(w.id) != self.id).cloned().collect();
        check_window(start, end, self.message.trim(), now, &others)?;
        Ok((start, end))
    }
}

/// What a change of the schedule did: the page's message after it, named
/// by a stable code in the address back to the page (`done=`) after a post
/// without JavaScript.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScheduleChange {
    Scheduled,
    Saved,
    Cancelled,
}

impl ScheduleChange {
    pub const ALL: [ScheduleChange; 3] = [ScheduleChange::Scheduled, ScheduleChange::Saved, ScheduleChange::Cancelled];

    pub fn code(self) -> &'static str {
        match self {
            ScheduleChange::Scheduled => "scheduled",
            ScheduleChange::Saved => "saved",
            ScheduleChange::Cancelled => "cancelled",
        }
    }

    pub fn from_code(code: &str) -> Option<ScheduleChange> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }

    /// What saving [`WindowInput`] does: a window with an id is changed, a
    /// new one scheduled.
    pub fn of_save(id: Option<i32>) -> ScheduleChange {
        if id.is_some() { ScheduleChange::Saved } else { ScheduleChange::Scheduled }
    }

    /// The message that says it was done.
    pub fn message(self) -> &'static str {
        let m = i18n::t().maintenance();
        match self {
            ScheduleChange::Scheduled => m.scheduled,
            ScheduleChange::Saved => m.saved,
            ScheduleChange::Cancelled => m.cancelled,
        }
    }
}

/// A Japan-time moment as typed, or `None`.
pub fn parse_local(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim().replace(' ', "T");
    ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]
        .iter()
        .find_map(|f| chrono::NaiveDateTime::parse_from_str(&text, f).ok())
        .and_then(|local| local.and_local_timezone(jst()).single())
        .map(|t| t.with_timezone(&Utc))
}

/// The `datetime-local` value of a moment, in Japan time.
pub fn to_local_input(t: DateTime<Utc>) -> String {
    t.with_timezone(&jst()).format("%Y-%m-%dT%H:%M").to_string()
}

/// The administration page's data: windows not yet over, soonest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaintenancePlan {
    pub windows: Vec<Window>,
    pub now: DateTime<Utc>,
    pub lead_days: u32,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(m: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        jst().with_ymd_and_hms(2027, m, d, h, mi, 0).single().expect("valid").with_timezone(&Utc)
    }

    /// Friday 17:30 to Monday 8:00, as in the issue.
    fn weekend() -> Window {
        Window { id: 1, start: at(1, 15, 17, 30), end: at(1, 18, 8, 0), message: "定期保守".to_owned() }
    }

    #[test]
    fn the_window_reads_in_japanese_with_weekdays() {
        assert_eq!(weekend().range_text(), "1月15日（金） 17:30 〜 1月18日（月） 8:00");
        assert_eq!(
            weekend().days(),
            (at(1, 15, 0, 0).with_timezone(&jst()).date_naive(), at(1, 18, 0, 0).with_timezone(&jst()).date_naive())
        );
    }

    #[test]
    fn overlapping_past_backwards_and_long_windows_are_refused() {
        let now = at(1, 10, 9, 0);
        let w = weekend();
        assert!(check_window(w.start, w.end, "保守", now, &[]).is_ok());
        let clash =
            check_window(at(1, 18, 7, 0), at(1, 18, 9, 0), "保守", now, std::slice::from_ref(&w)).expect_err("overlap");
        assert!(clash["start"].contains("1月15日（金） 17:30"), "{clash:?}");
        assert!(
            check_window(at(1, 18, 8, 0), at(1, 18, 9, 0), "保守", now, &[w]).is_ok(),
            "touching is not overlapping"
        );
        assert!(
            check_window(at(1, 9, 9, 0), at(1, 9, 10, 0), "保守", now, &[]).expect_err("past").contains_key("start")
        );
        assert!(check_window(now - Duration::minutes(1), at(1, 10, 10, 0), "保守", now, &[]).is_ok(), "from now");
        assert!(
            check_window(at(1, 12, 9, 0), at(1, 12, 8, 0), "保守", now, &[])
                .expect_err("backwards")
                .contains_key("end")
        );
        assert!(
            check_window(at(1, 12, 9, 0), at(3, 12, 9, 0), "保守", now, &[]).expect_err("long").contains_key("end")
        );
        assert!(
            check_window(at(1, 12, 9, 0), at(1, 12, 10, 0), " ", now, &[])
                .expect_err("message")
                .contains_key("message")
        );
    }

    #[test]
    fn typed_times_are_japan_time() {
        assert_eq!(parse_local("2027-01-15T17:30"), Some(at(1, 15, 17, 30)));
        assert_eq!(parse_local(" 2027-01-15 17:30 "), Some(at(1, 15, 17, 30)));
        assert_eq!(parse_local("2027-01-15"), None);
        assert_eq!(to_local_input(at(1, 15, 17, 30)), "2027-01-15T17:30");
    }

    #[test]
    fn typed_fields_bring_back_what_was_typed() {
        let typed = WindowInput {
            id: Some(7),
            start: "2027-01-15T17:30".to_owned(),
            end: "".to_owned(),
            message: " 定期保守 & 更新 ".to_owned(),
        };
        let fields = typed.typed_fields();
        let field = |k: &str| fields.iter().find(|(f, _)| f == k).map(|(_, v)| v.clone());
        assert_eq!(WindowInput::from_fields(field), typed, "the blank end and the spaces kept");
        assert!(fields.iter().all(|(f, _)| WindowInput::FIELDS.contains(&f.as_str())), "{fields:?}");
        let new = WindowInput { id: None, ..typed };
        let fields = new.typed_fields();
        assert!(fields.iter().all(|(f, _)| f != "id"), "a new window has no id");
        let field = |k: &str| fields.iter().find(|(f, _)| f == k).map(|(_, v)| v.clone());
        assert_eq!(WindowInput::from_fields(field), new);
        assert_eq!(WindowInput::from_fields(|k| (k == "id").then(|| "x".to_owned())).id, None, "no window");
        for change in ScheduleChange::ALL {
            assert_eq!(ScheduleChange::from_code(change.code()), Some(change));
        }
        assert_eq!(ScheduleChange::of_save(new.id), ScheduleChange::Scheduled);
    }

    #[test]
    fn the_input_check_reads_the_times_then_checks_the_window() {
        let now = at(1, 10, 9, 0);
        let w = weekend();
        let input = |start: &str, end: &str| WindowInput {
            id: None,
            start: start.to_owned(),
            end: end.to_owned(),
            message: "保守".to_owned(),
        };
        let unread = input("2027-01-12", "").check(now, &[]).expect_err("unread");
        assert_eq!(unread.len(), 2, "{unread:?}");
        assert_eq!(
            input("2027-01-12T09:00", "2027-01-12T10:00").check(now, &[]),
            Ok((at(1, 12, 9, 0), at(1, 12, 10, 0)))
        );
        let clash = input("2027-01-16T09:00", "2027-01-16T10:00");
        assert!(clash.check(now, std::slice::from_ref(&w)).expect_err("overlap").contains_key("start"));
        assert!(WindowInput { id: Some(w.id), ..clash }.check(now, &[w]).is_ok(), "the window changed is no other");
    }

    #[test]
    fn the_banner_shows_from_the_lead_time_until_the_start() {
        let w = weekend();
        let lead = Duration::days(7);
        assert!(!w.banner_due(at(1, 8, 17, 29), lead), "more than 7 days ahead");
        assert!(w.banner_due(at(1, 8, 17, 30), lead));
        assert!(w.banner_due(at(1, 15, 17, 29), lead));
        assert!(!w.banner_due(at(1, 15, 17, 30), lead), "during: the maintenance page instead");
        assert!(w.contains(at(1, 15, 17, 30)) && w.contains(at(1, 18, 7, 59)) && !w.contains(at(1, 18, 8, 0)));
    }

    #[test]
    fn closed_days_stay_enterable_for_the_back_entry_days_after_reopening() {
        let g = Grace::of(&weekend(), 14);
        let day = |d: u32| at(1, d, 12, 0).with_timezone(&jst()).date_naive();
        assert_eq!(
            (g.first_day, g.last_day, g.until),
            (day(15), day(18), at(2, 1, 12, 0).with_timezone(&jst()).date_naive())
        );
        assert!(g.touches(day(16), day(16)));
        assert!(g.touches(day(11), day(17)), "a week touching the window");
        assert!(!g.touches(day(14), day(14)));
        // A window ending at midnight does not touch the day that starts then.
        let midnight = Window { end: at(1, 18, 0, 0), ..weekend() };
        assert_eq!(Grace::of(&midnight, 0).last_day, day(17));
    }

    #[test]
    fn deadlines_in_or_after_a_window_are_flagged() {
        let now = at(1, 12, 9, 0);
        let w = weekend();
        // Monday 13:00 cut-off, collecting since Friday 13:00: the window is in the way.
        let before = deadline_clash(at(1, 15, 13, 0), at(1, 18, 13, 0), now, std::slice::from_ref(&w));
        assert_eq!(before, Some(Clash::Before(w.clone())));
        let text = before.expect("clash").message(at(1, 18, 13, 0));
        assert!(text.contains("1月15日（金） 17:30") && text.contains("1月18日（月） 8:00"), "{text}");
        // The weekly deadline (end of Sunday) falls inside it.
        let inside = deadline_clash(at(1, 11, 0, 0), at(1, 18, 0, 0), now, std::slice::from_ref(&w));
        assert_eq!(inside, Some(Clash::Inside(w.clone())));
        // Friday's own 13:00 cut-off is before the window; a past window is ignored.
        assert_eq!(deadline_clash(at(1, 14, 13, 0), at(1, 15, 13, 0), now, std::slice::from_ref(&w)), None);
        assert_eq!(deadline_clash(at(1, 15, 13, 0), at(1, 18, 13, 0), at(1, 19, 0, 0), &[w]), None);
    }
}
