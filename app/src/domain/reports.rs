//! Reports (SPEC §3, §4): what a submission carries, what comes back, and
//! the period rules — one report per (survey, unit, period) in Japan time,
//! where a period is a day or an ISO week (stored as its first day, the
//! Monday), back-entry up to a limit, never a future period.
//!
//! Use [`ReportInput`] for every way in (form, grid row, API): the same
//! service checks it, so the browser form, the grid and the no-JS post
//! behave identically.

use crate::domain::error::FieldErrors;
use crate::domain::maintenance::Grace;
use crate::domain::outliers::{Baseline, Direction, Outlier};
use crate::domain::surveys::{Answers, RawValues, SurveyDefinition, SurveyKind};
use crate::i18n;
use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

/// Who a report is about: a hospital or clinic, or a consultation centre.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ReportUnit {
    Facility(i32),
    Centre(i32),
}

impl ReportUnit {
    /// `f12` / `c3`, as used in page addresses and form fields.
    pub fn key(self) -> String {
        match self {
            ReportUnit::Facility(id) => format!("f{id}"),
            ReportUnit::Centre(id) => format!("c{id}"),
        }
    }

    pub fn from_key(key: &str) -> Option<ReportUnit> {
        let (kind, id) = key.split_at_checked(1)?;
        let id: i32 = id.parse().ok().filter(|id| *id > 0)?;
        match kind {
            "f" => Some(ReportUnit::Facility(id)),
            "c" => Some(ReportUnit::Centre(id)),
            _ => None,
        }
    }

    /// The stored `unit_kind` and `unit_id`.
    pub fn parts(self) -> (&'static str, i32) {
        match self {
            ReportUnit::Facility(id) => ("facility", id),
            ReportUnit::Centre(id) => ("centre", id),
        }
    }
}

/// How long one report's period is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PeriodKind {
    Day,
    /// ISO week, Monday to Sunday; a week is named by its Monday.
    Week,
}

impl PeriodKind {
    /// The first day of the period that contains `day`.
    pub fn start_of(self, day: NaiveDate) -> NaiveDate {
        match self {
            PeriodKind::Day => day,
            PeriodKind::Week => {
                day.checked_sub_days(Days::new(u64::from(day.weekday().num_days_from_monday()))).unwrap_or(day)
            }
        }
    }

    /// The last day of the period starting on `start`.
    pub fn last_day(self, start: NaiveDate) -> NaiveDate {
        start.checked_add_days(Days::new(self.len() - 1)).unwrap_or(start)
    }

    /// The period before the one starting on `start`.
    pub fn previous(self, start: NaiveDate) -> NaiveDate {
        start.checked_sub_days(Days::new(self.len())).unwrap_or(start)
    }

    /// The period after the one starting on `start`.
    pub fn next(self, start: NaiveDate) -> NaiveDate {
        start.checked_add_days(Days::new(self.len())).unwrap_or(start)
    }

    fn len(self) -> u64 {
        match self {
            PeriodKind::Day => 1,
            PeriodKind::Week => 7,
        }
    }
}

impl SurveyKind {
    /// The period one report of this survey covers.
    pub fn period(self) -> PeriodKind {
        match self {
            SurveyKind::SuppliesWeekly => PeriodKind::Week,
            _ => PeriodKind::Day,
        }
    }

    /// The page where this survey is entered.
    pub fn form_path(self) -> &'static str {
        match self {
            SurveyKind::SuppliesWeekly => "/supplies",
            _ => "/reports",
        }
    }
}

/// A client-generated UUID that makes a submission idempotent: the same id
/// again returns the first result and changes nothing.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SubmissionId(String);

impl SubmissionId {
    /// Accepts the canonical 8-4-4-4-12 hexadecimal form, stored lower-case.
    pub fn parse(text: &str) -> Option<SubmissionId> {
        let text = text.trim().to_ascii_lowercase();
        let groups: Vec<&str> = text.split('-').collect();
        let lens_ok = groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12]);
        (lens_ok && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()))).then_some(SubmissionId(text))
    }

    /// [`SubmissionId::parse`], or the refusal of the `submission_id` field.
    pub fn require(text: &str) -> Result<SubmissionId, crate::domain::error::AppError> {
        SubmissionId::parse(text)
            .ok_or_else(|| crate::domain::error::AppError::field("submission_id", i18n::t().report_bad_submission))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One submission of one report: new, amended, or "nothing to report".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportInput {
    pub survey: SurveyKind,
    pub unit: ReportUnit,
    pub day: NaiveDate,
    /// [`SubmissionId`] text; checked by the service.
    pub submission_id: String,
    /// The revision the user was looking at (`None`: they saw no report).
    /// Saving against anything but the current revision is refused.
    pub base_revision: Option<i32>,
    /// The explicit "報告事項なし" action: no values are saved.
    pub nothing_to_report: bool,
    pub values: RawValues,
    /// Why an existing report is changed; required for amendments.
    pub reason: String,
    /// The user confirmed the values the outlier check flagged
    /// ([`crate::domain::outliers`]); without it they are refused.
    #[serde(default)]
    pub confirmed_outliers: bool,
}

/// A saved revision, as the confirmation shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportReceipt {
    pub report_id: i32,
    pub revision: i32,
    pub day: NaiveDate,
    pub unit_name: String,
    pub saved_at: DateTime<Utc>,
    /// True when this submission had already been saved (same UUID).
    pub repeated: bool,
}

/// What a submission led to. Validation, period and permission problems are
/// errors; a stale revision is an expected outcome that shows the current
/// values so the user can decide again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SubmitOutcome {
    Saved(ReportReceipt),
    Stale(ReportSnapshot),
}

/// The current (or a past) state of a report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportSnapshot {
    pub revision: i32,
    pub version: i32,
    pub nothing_to_report: bool,
    pub answers: Answers,
    /// Login ID and name of whoever saved this revision.
    pub entered_by: String,
    pub entered_at: DateTime<Utc>,
    /// Set when the revision was entered by an association for the unit.
    pub on_behalf: bool,
    /// The reason given for this amendment (`None` for the first revision).
    pub reason: Option<String>,
    /// Items whose values the outlier check flagged and the user confirmed.
    #[serde(default)]
    pub outliers: Vec<String>,
}

/// How a day stands in the reporting calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DayStatus {
    /// Not reported (and still expected).
    Missing,
    /// First entered on the day itself.
    OnTime,
    /// First entered on a later day (back-entry).
    Late,
    /// First entered after a maintenance window that closed the period: not late.
    AfterMaintenance,
}

/// One day of the calendar.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarDay {
    pub day: NaiveDate,
    pub status: DayStatus,
    pub amended: bool,
}

/// Everything the report form shows for one unit and day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportForm {
    pub unit: ReportUnit,
    pub unit_name: String,
    pub day: NaiveDate,
    pub today: NaiveDate,
    /// The earliest day that may still be entered.
    pub earliest: NaiveDate,
    pub definition: SurveyDefinition,
    pub current: Option<ReportSnapshot>,
    /// The previous day's report, for "same as yesterday".
    pub previous: Option<ReportSnapshot>,
    /// Every revision of the report, the current one first.
    pub history: Vec<ReportSnapshot>,
    pub calendar: Vec<CalendarDay>,
    /// A fresh id for the next submission from this form.
    pub submission_id: String,
    /// Days of stock below which a supply is shown red (weekly supplies).
    pub stock_threshold_days: u32,
    /// Periods closed by maintenance that may still be entered.
    pub grace: Vec<Grace>,
    /// A maintenance window in the way of this period's deadline (weekly).
    pub deadline_warning: Option<String>,
    /// The unit's recent values, for the outlier check.
    pub baseline: Baseline,
    /// In a revised version's first days: the items it changed and the
    /// notice that explains them.
    #[serde(default)]
    pub revised: Option<crate::domain::survey_versions::Revised>,
}

/// A member clinic of an association on one day, for the grid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberRow {
    pub unit: ReportUnit,
    pub name: String,
    pub medical_code: String,
    pub survey: SurveyKind,
    pub current: Option<ReportSnapshot>,
    pub submission_id: String,
    /// The member's recent values, for the outlier check.
    pub baseline: Baseline,
}

/// The grid of an association's members for one day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberGrid {
    pub day: NaiveDate,
    pub today: NaiveDate,
    pub earliest: NaiveDate,
    /// The clinic survey in force on the day (the grid's columns).
    pub definition: SurveyDefinition,
    pub rows: Vec<MemberRow>,
    /// Periods closed by maintenance that may still be entered.
    pub grace: Vec<Grace>,
}

/// The reporting rules that are configuration, not code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PeriodRules {
    /// How many days back a report may still be entered or amended
    /// (`GMIS_BACK_ENTRY_DAYS`, default 14).
    pub back_entry_days: u32,
    /// When each daily survey's report of a day is due.
    pub deadlines: Deadlines,
}

impl Default for PeriodRules {
    fn default() -> Self {
        Self { back_entry_days: 14, deadlines: Deadlines::default() }
    }
}

/// The time of day (Japan time) by which each daily survey's report of a
/// day is due, on that day (`GMIS_REPORT_DEADLINES`, default 17:00 for
/// every daily survey). A report first entered later is late; a unit that
/// has not reported by then is reminded. The weekly survey is due by the end
/// of its Sunday.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deadlines {
    pub hospital_daily: NaiveTime,
    pub clinic_daily: NaiveTime,
    pub centre_daily: NaiveTime,
    /// Minutes after a deadline when the associations and prefectures get
    /// the list of units still missing (`GMIS_REMINDER_ESCALATION_MINUTES`,
    /// default 120).
    pub escalation_minutes: u32,
}

impl Default for Deadlines {
    fn default() -> Self {
        let five_pm = NaiveTime::from_hms_opt(17, 0, 0).unwrap_or_default();
        Self { hospital_daily: five_pm, clinic_daily: five_pm, centre_daily: five_pm, escalation_minutes: 120 }
    }
}

impl Deadlines {
    /// The due time of a daily survey (`None` for the weekly one).
    pub fn time_of(&self, survey: SurveyKind) -> Option<NaiveTime> {
        match survey {
            SurveyKind::HospitalDaily => Some(self.hospital_daily),
            SurveyKind::ClinicDaily => Some(self.clinic_daily),
            SurveyKind::CentreDaily => Some(self.centre_daily),
            SurveyKind::SuppliesWeekly => None,
        }
    }

    /// Reads `hospital_daily=17:00,clinic_daily=18:30` over the defaults;
    /// an unknown survey, a weekly one or a bad time is refused.
    pub fn parse(text: &str) -> Result<Deadlines, String> {
        let mut out = Deadlines::default();
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (code, time) = part.split_once('=').ok_or_else(|| part.to_owned())?;
            let time = NaiveTime::parse_from_str(time.trim(), "%H:%M").map_err(|_| part.to_owned())?;
            match SurveyKind::from_code(code.trim()) {
                Some(SurveyKind::HospitalDaily) => out.hospital_daily = time,
                Some(SurveyKind::ClinicDaily) => out.clinic_daily = time,
                Some(SurveyKind::CentreDaily) => out.centre_daily = time,
                _ => return Err(part.to_owned()),
            }
        }
        Ok(out)
    }
}

impl PeriodRules {
    /// The rules as a page received them: the window from `earliest` to `today`.
    pub fn from_window(earliest: NaiveDate, today: NaiveDate) -> Self {
        Self {
            back_entry_days: u32::try_from((today - earliest).num_days()).unwrap_or(0),
            deadlines: Deadlines::default(),
        }
    }

    /// When the report of `survey` for the period starting on `day` is due:
    /// the deadline of a daily survey on that day, the end of the Sunday of
    /// a week.
    pub fn due(&self, survey: SurveyKind, day: NaiveDate) -> DateTime<Utc> {
        let local = match self.deadlines.time_of(survey) {
            Some(time) => day.and_time(time),
            None => {
                let after = survey.period().last_day(day).succ_opt().unwrap_or(day);
                after.and_time(NaiveTime::MIN)
            }
        };
        local.and_local_timezone(crate::domain::time::jst()).single().map_or_else(Utc::now, |t| t.to_utc())
    }

    /// The earliest day that may be entered when it is `today` in Japan.
    pub fn earliest(self, today: NaiveDate) -> NaiveDate {
        today.checked_sub_days(Days::new(u64::from(self.back_entry_days))).unwrap_or(NaiveDate::MIN)
    }

    /// Whether the period of `kind` starting on `day` may be entered today:
    /// it has begun, and its last day is not before the back-entry limit (a
    /// week stays open while any of its days is) — or a maintenance window
    /// closed it and its [`Grace`] still runs. The refusal is a message on
    /// the `day` field.
    pub fn check(self, kind: PeriodKind, day: NaiveDate, today: NaiveDate, grace: &[Grace]) -> Result<(), FieldErrors> {
        let last = kind.last_day(day);
        let reopened = grace.iter().any(|g| g.touches(day, last) && today <= g.until);
        let t = i18n::t();
        let message = if kind.start_of(day) != day {
            t.supplies().week_must_start_monday.to_owned()
        } else if day > today {
            t.report_future_day.to_owned()
        } else if last < self.earliest(today) && !reopened {
            (t.report_too_old)(self.back_entry_days)
        } else {
            return Ok(());
        };
        Err(FieldErrors::from([("day".to_owned(), message)]))
    }
}

/// The status of the period `day..=last`, given when it is `due` and its
/// first entry time: late when first entered after it was due, unless a
/// maintenance window closed the period.
pub fn day_status(
    due: DateTime<Utc>,
    day: NaiveDate,
    last: NaiveDate,
    first_entered: Option<DateTime<Utc>>,
    grace: &[Grace],
) -> DayStatus {
    match first_entered {
        None => DayStatus::Missing,
        Some(at) if at > due => {
            if grace.iter().any(|g| g.touches(day, last)) {
                DayStatus::AfterMaintenance
            } else {
                DayStatus::Late
            }
        }
        Some(_) => DayStatus::OnTime,
    }
}

/// Checks the parts of an input that do not depend on stored state: the
/// period, the values against `definition` (unless nothing to report), and
/// that an amendment has a reason. All messages at once, per field.
///
/// Values far outside the unit's recent range (`baseline`, daily surveys
/// only) are refused with a message each and one under
/// [`CONFIRM_OUTLIERS`] unless the input confirms them.
pub fn check_input(
    input: &ReportInput,
    definition: &SurveyDefinition,
    baseline: &Baseline,
    rules: PeriodRules,
    today: NaiveDate,
    grace: &[Grace],
) -> Result<Answers, FieldErrors> {
    let mut errors = rules.check(input.survey.period(), input.day, today, grace).err().unwrap_or_default();
    let answers = if input.nothing_to_report {
        Answers::new()
    } else {
        definition.validate(&input.values).unwrap_or_else(|e| {
            errors.extend(e);
            Answers::new()
        })
    };
    let outliers = outliers_of(input, definition, baseline, &answers);
    if !outliers.is_empty() && !input.confirmed_outliers {
        let t = i18n::t();
        for o in outliers {
            errors.insert(o.item, (t.report_outlier)(o.direction == Direction::Up, o.yesterday, o.median));
        }
        errors.insert(CONFIRM_OUTLIERS.to_owned(), t.report_outlier_confirm_required.to_owned());
    }
    if input.base_revision.is_some() && input.reason.trim().is_empty() {
        errors.insert("reason".to_owned(), i18n::t().report_reason_required.to_owned());
    }
    if input.reason.chars().count() > 500 {
        errors.insert("reason".to_owned(), i18n::t().report_reason_too_long.to_owned());
    }
    if errors.is_empty() { Ok(answers) } else { Err(errors) }
}

/// The field (and form control) of the confirmation of flagged values.
pub const CONFIRM_OUTLIERS: &str = "confirm_outliers";

/// The values of `answers` the outlier check flags: none for a weekly
/// survey or a "nothing to report".
pub fn outliers_of(
    input: &ReportInput,
    definition: &SurveyDefinition,
    baseline: &Baseline,
    answers: &Answers,
) -> Vec<Outlier> {
    if input.nothing_to_report || input.survey.period() != PeriodKind::Day {
        return Vec::new();
    }
    baseline.outliers(definition, answers)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::surveys::Answer;
    use chrono::TimeZone;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).expect("valid")
    }

    #[test]
    fn back_entry_reaches_exactly_the_limit() {
        let rules = PeriodRules::default();
        let today = d(11, 24);
        assert!(rules.check(PeriodKind::Day, today, today, &[]).is_ok());
        assert!(rules.check(PeriodKind::Day, d(11, 10), today, &[]).is_ok(), "14 days back");
        let old = rules.check(PeriodKind::Day, d(11, 9), today, &[]).expect_err("15 days back");
        assert!(old["day"].contains("14日"), "{}", old["day"]);
    }

    #[test]
    fn future_days_are_refused() {
        let errors = PeriodRules::default().check(PeriodKind::Day, d(11, 25), d(11, 24), &[]).expect_err("tomorrow");
        assert!(errors["day"].contains("未来"), "{}", errors["day"]);
    }

    #[test]
    fn the_limit_is_configurable() {
        let rules = PeriodRules { back_entry_days: 3, ..PeriodRules::default() };
        assert_eq!(rules.earliest(d(3, 2)), d(2, 27));
        assert_eq!(PeriodRules::from_window(d(2, 27), d(3, 2)), rules);
        assert!(rules.check(PeriodKind::Day, d(2, 26), d(3, 2), &[]).is_err());
    }

    #[test]
    fn a_day_is_late_when_first_entered_after_its_deadline() {
        let day = d(11, 23);
        let rules = PeriodRules::default();
        let due = rules.due(SurveyKind::HospitalDaily, day);
        assert_eq!(due, Utc.with_ymd_and_hms(2026, 11, 23, 8, 0, 0).single().expect("17:00 JST"));
        let status = |at| day_status(due, day, day, Some(at), &[]);
        assert_eq!(status(due), DayStatus::OnTime);
        assert_eq!(status(due + chrono::Duration::seconds(1)), DayStatus::Late);
        assert_eq!(day_status(due, day, day, None, &[]), DayStatus::Missing);
        let custom = Deadlines::parse("clinic_daily=09:30, centre_daily=23:59").expect("valid");
        assert_eq!(custom.hospital_daily, Deadlines::default().hospital_daily);
        assert_eq!(custom.time_of(SurveyKind::ClinicDaily), NaiveTime::from_hms_opt(9, 30, 0));
        for bad in ["clinic_daily", "supplies_weekly=10:00", "clinic_daily=25:00", "x=10:00"] {
            assert!(Deadlines::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_week_is_open_while_any_of_its_days_is_and_late_after_its_sunday() {
        let rules = PeriodRules::default();
        let today = d(11, 25); // Wednesday
        assert!(rules.check(PeriodKind::Week, d(11, 23), today, &[]).is_ok(), "this week, from its Monday");
        assert!(rules.check(PeriodKind::Week, d(11, 30), today, &[]).is_err(), "next week is the future");
        let not_monday = rules.check(PeriodKind::Week, d(11, 24), today, &[]).expect_err("a Tuesday");
        assert!(not_monday["day"].contains("月曜日"), "{}", not_monday["day"]);
        // Earliest day 11/11 (Wed): the week of 11/9 still has open days, that of 11/2 none.
        assert!(rules.check(PeriodKind::Week, d(11, 9), today, &[]).is_ok());
        assert!(rules.check(PeriodKind::Week, d(11, 2), today, &[]).is_err());
        let sunday_night = Utc.with_ymd_and_hms(2026, 11, 29, 14, 59, 0).single().expect("valid");
        let monday = Utc.with_ymd_and_hms(2026, 11, 29, 15, 0, 1).single().expect("valid");
        let due = rules.due(SurveyKind::SuppliesWeekly, d(11, 23));
        let week = |at| day_status(due, d(11, 23), d(11, 29), Some(at), &[]);
        assert_eq!(week(sunday_night), DayStatus::OnTime);
        assert_eq!(week(monday), DayStatus::Late);
        assert_eq!(PeriodKind::Week.start_of(d(11, 29)), d(11, 23));
        assert_eq!(PeriodKind::Week.previous(d(11, 23)), d(11, 16));
    }

    #[test]
    fn days_closed_by_maintenance_open_past_the_limit_and_are_not_late() {
        let rules = PeriodRules { back_entry_days: 3, ..PeriodRules::default() };
        let grace = [Grace { first_day: d(11, 6), last_day: d(11, 9), until: d(11, 12) }];
        assert!(rules.check(PeriodKind::Day, d(11, 7), d(11, 12), &[]).is_err(), "5 days back, limit 3");
        assert!(rules.check(PeriodKind::Day, d(11, 7), d(11, 12), &grace).is_ok(), "closed by the window");
        assert!(rules.check(PeriodKind::Day, d(11, 7), d(11, 13), &grace).is_err(), "the grace has run out");
        assert!(rules.check(PeriodKind::Day, d(11, 5), d(11, 12), &grace).is_err(), "a day before the window");
        let after = Utc.with_ymd_and_hms(2026, 11, 10, 1, 0, 0).single().expect("valid");
        let status = |day| day_status(rules.due(SurveyKind::HospitalDaily, day), day, day, Some(after), &grace);
        assert_eq!(status(d(11, 7)), DayStatus::AfterMaintenance);
        assert_eq!(status(d(11, 5)), DayStatus::Late);
    }

    #[test]
    fn unit_keys_round_trip_and_refuse_junk() {
        for unit in [ReportUnit::Facility(12), ReportUnit::Centre(3)] {
            assert_eq!(ReportUnit::from_key(&unit.key()), Some(unit));
        }
        for junk in ["", "f", "x1", "f-1", "f0", "fabc", "c1.5"] {
            assert_eq!(ReportUnit::from_key(junk), None, "{junk}");
        }
    }

    #[test]
    fn submission_ids_must_be_uuids() {
        let id = SubmissionId::parse("0F8FAD5B-D9CB-469F-A165-70867728950E").expect("uuid");
        assert_eq!(id.as_str(), "0f8fad5b-d9cb-469f-a165-70867728950e");
        for junk in ["", "abc", "0f8fad5b-d9cb-469f-a165-70867728950", "0f8fad5bd9cb469fa16570867728950e0000"] {
            assert!(SubmissionId::parse(junk).is_none(), "{junk}");
        }
    }

    fn definition() -> SurveyDefinition {
        serde_json::from_str(crate::domain::surveys::BUILTIN[2]).expect("clinic definition")
    }

    fn input(values: &[(&str, &str)]) -> ReportInput {
        ReportInput {
            survey: SurveyKind::ClinicDaily,
            unit: ReportUnit::Facility(1),
            day: d(11, 24),
            submission_id: "0f8fad5b-d9cb-469f-a165-70867728950e".to_owned(),
            base_revision: None,
            nothing_to_report: false,
            values: values.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
            reason: String::new(),
            confirmed_outliers: false,
        }
    }

    #[test]
    fn nothing_to_report_needs_no_values() {
        let mut i = input(&[]);
        assert!(check_input(&i, &definition(), &Baseline::default(), PeriodRules::default(), d(11, 24), &[]).is_err());
        i.nothing_to_report = true;
        assert_eq!(
            check_input(&i, &definition(), &Baseline::default(), PeriodRules::default(), d(11, 24), &[]),
            Ok(Answers::new())
        );
    }

    #[test]
    fn an_amendment_needs_a_reason_and_all_problems_come_at_once() {
        let mut i = input(&[("fever_patients", "x")]);
        i.base_revision = Some(1);
        i.day = d(12, 1);
        let errors = check_input(&i, &definition(), &Baseline::default(), PeriodRules::default(), d(11, 24), &[])
            .expect_err("three problems");
        assert!(errors.contains_key("reason") && errors.contains_key("day") && errors.contains_key("fever_patients"));
    }

    #[test]
    fn a_flagged_value_needs_the_confirmation_and_nothing_else_does() {
        let day = d(11, 24);
        let history: Vec<(NaiveDate, Answers)> = (1..=10)
            .map(|back| (day - Days::new(back), Answers::from([("fever_patients".to_owned(), Answer::Count(40))])))
            .collect();
        let baseline = Baseline::of(day, history.iter().map(|(d, a)| (*d, a)));
        let values = [
            ("fever_patients", "400"),
            ("pcr_tests", "3"),
            ("antigen_tests", "2"),
            ("positives", "1"),
            ("referrals", "0"),
        ];
        let mut i = input(&values);
        let check = |i: &ReportInput| check_input(i, &definition(), &baseline, PeriodRules::default(), day, &[]);
        let errors = check(&i).expect_err("400 where it was 40");
        assert_eq!(errors.keys().collect::<Vec<_>>(), ["confirm_outliers", "fever_patients"]);
        assert!(errors["fever_patients"].contains("前日（40）より大幅に増えています"), "{}", errors["fever_patients"]);
        i.confirmed_outliers = true;
        assert!(check(&i).is_ok());
        i.confirmed_outliers = false;
        i.values.insert("fever_patients".to_owned(), "44".to_owned());
        assert!(check(&i).is_ok(), "an ordinary value");
        i.survey = SurveyKind::SuppliesWeekly;
        assert!(
            outliers_of(
                &i,
                &definition(),
                &baseline,
                &Answers::from([("fever_patients".to_owned(), Answer::Count(400))])
            )
            .is_empty(),
            "weekly surveys are not checked"
        );
    }
}
