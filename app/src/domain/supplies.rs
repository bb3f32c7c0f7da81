//! Medical supplies (SPEC §4): the five supplies of the weekly stock survey,
//! days of stock, the working-day calendar and the daily SOS batches with
//! their cut-off, and the typed workflow of an emergency distribution
//! request (緊急配布要請).
//!
//! The weekly survey itself is an ordinary survey (`surveys/supplies_weekly.*.json`)
//! saved through the report service; this module only reads its answers.
//! Use [`SupplyRules::batch_for`] for "which batch does a request made now
//! join", [`next_state`] for every state change, and [`check_request`] /
//! [`check_action`] for what users type (shared by browser and server).

use crate::domain::error::FieldErrors;
use crate::domain::reports::ReportUnit;
use crate::domain::surveys::{Answer, Answers, RawValues, normalise_digits};
use crate::domain::time::jst;
use crate::i18n;
use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The supplies surveyed weekly and distributed on request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "Text"))]
pub enum Supply {
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "surgical_mask"))]
    SurgicalMask,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "n95_mask"))]
    N95Mask,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "gown"))]
    Gown,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "face_shield"))]
    FaceShield,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "gloves"))]
    Gloves,
}

impl Supply {
    pub const ALL: [Supply; 5] =
        [Supply::SurgicalMask, Supply::N95Mask, Supply::Gown, Supply::FaceShield, Supply::Gloves];

    /// Stored code; also the prefix of the weekly survey's item codes
    /// (`n95_mask_stock`, `n95_mask_used`, `n95_mask_expected`).
    pub const fn code(self) -> &'static str {
        match self {
            Supply::SurgicalMask => "surgical_mask",
            Supply::N95Mask => "n95_mask",
            Supply::Gown => "gown",
            Supply::FaceShield => "face_shield",
            Supply::Gloves => "gloves",
        }
    }

    pub fn from_code(code: &str) -> Option<Supply> {
        Supply::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The weekly survey's items per supply: stock, last week's use, expected receipts.
    pub const ITEM_PARTS: [&'static str; 3] = ["stock", "used", "expected"];

    /// The weekly survey item of this supply for `part` (`n95_mask_used`).
    pub fn item(self, part: &str) -> String {
        format!("{}_{part}", self.code())
    }

    /// The supply a weekly survey item is about (`n95_mask_used` → N95 masks).
    pub fn of_item(code: &str) -> Option<Supply> {
        Supply::ALL.into_iter().find(|s| {
            code.strip_prefix(s.code())
                .and_then(|rest| rest.strip_prefix('_'))
                .is_some_and(|part| Supply::ITEM_PARTS.contains(&part))
        })
    }

    pub fn label(self) -> &'static str {
        (i18n::t().supplies().supply_label)(self)
    }

    /// 枚 for masks, gowns and shields; 双 (pairs) for gloves.
    pub fn unit(self) -> &'static str {
        (i18n::t().supplies().supply_unit)(self)
    }

    /// `n` of this supply with its unit, in the current language.
    pub fn amount(self, n: i64) -> String {
        (i18n::t().supplies().amount)(n, self.unit())
    }
}

/// Whole days the stock lasts at last week's rate of use (rounded down);
/// `None` when nothing was used, so the stock does not run out.
pub fn days_of_stock(stock: i64, used_last_week: i64) -> Option<i64> {
    (used_last_week > 0).then(|| stock.max(0).saturating_mul(7) / used_last_week)
}

/// One supply of a weekly report, with its days of stock.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockLevel {
    pub supply: Supply,
    pub stock: i64,
    pub used: i64,
    pub expected: Option<i64>,
    pub days: Option<i64>,
    /// Below the threshold: the facility is offered an SOS request.
    pub low: bool,
}

impl StockLevel {
    fn new(supply: Supply, stock: i64, used: i64, expected: Option<i64>, threshold_days: u32) -> Self {
        let days = days_of_stock(stock, used);
        StockLevel { supply, stock, used, expected, days, low: days.is_some_and(|d| d < i64::from(threshold_days)) }
    }
}

/// The stock levels of saved weekly answers (supplies without stock and use
/// are left out).
pub fn stock_levels(answers: &Answers, threshold_days: u32) -> Vec<StockLevel> {
    let count = |supply: Supply, part: &str| match answers.get(&supply.item(part)) {
        Some(Answer::Count(n)) => Some(*n),
        _ => None,
    };
    Supply::ALL
        .into_iter()
        .filter_map(|s| {
            let (stock, used) = (count(s, "stock")?, count(s, "used")?);
            Some(StockLevel::new(s, stock, used, count(s, "expected"), threshold_days))
        })
        .collect()
}

/// The stock levels of what is being typed (whole numbers only), for the
/// live figures beside the weekly form.
pub fn stock_levels_typed(raw: &RawValues, threshold_days: u32) -> Vec<StockLevel> {
    Supply::ALL.into_iter().filter_map(|s| stock_level_typed(raw, s, threshold_days)).collect()
}

/// One supply's stock level from what is being typed: `None` until its
/// stock and last week's use are whole numbers. The form shows it under the
/// supply's own fields, computed the same way as [`stock_levels`] on the
/// saved answers, so the figure does not change when the report is saved.
pub fn stock_level_typed(raw: &RawValues, supply: Supply, threshold_days: u32) -> Option<StockLevel> {
    let count = |part: &str| raw.get(&supply.item(part)).and_then(|v| normalise_digits(v.trim()).parse::<i64>().ok());
    let (stock, used) = (count("stock")?, count("used")?);
    Some(StockLevel::new(supply, stock, used, count("expected"), threshold_days))
}

/// Non-working days besides weekends: national holidays and the
/// government's year-end closure, read from a `date,name` CSV
/// (`calendar/holidays_jp.csv`, or `GMIS_HOLIDAYS_FILE`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WorkCalendar {
    holidays: BTreeMap<NaiveDate, String>,
}

impl WorkCalendar {
    /// Parses `date,name` lines; `#` lines, blank lines and a `date,name`
    /// header are skipped. The error names the first bad line.
    pub fn parse(text: &str) -> Result<WorkCalendar, String> {
        let mut holidays = BTreeMap::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim().trim_start_matches('\u{feff}');
            if line.is_empty() || line.starts_with('#') || line.starts_with("date,") {
                continue;
            }
            let (date, name) = line.split_once(',').unwrap_or((line, ""));
            let date = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d")
                .map_err(|_| format!("line {}: expected YYYY-MM-DD,name", n + 1))?;
            holidays.insert(date, name.trim().to_owned());
        }
        Ok(WorkCalendar { holidays })
    }

    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && !self.holidays.contains_key(&day)
    }

    /// The holiday's name, if `day` is listed.
    pub fn holiday(&self, day: NaiveDate) -> Option<&str> {
        self.holidays.get(&day).map(String::as_str)
    }

    /// The first working day on or after `day`.
    pub fn working_day_from(&self, day: NaiveDate) -> NaiveDate {
        day.iter_days().find(|d| self.is_working_day(*d)).unwrap_or(day)
    }

    /// The last working day on or before `day`.
    pub fn working_day_until(&self, day: NaiveDate) -> NaiveDate {
        let mut d = day;
        while !self.is_working_day(d) {
            match d.pred_opt() {
                Some(p) => d = p,
                None => return day,
            }
        }
        d
    }

    /// The last listed day, so that start-up can warn before the list runs out.
    pub fn last_listed(&self) -> Option<NaiveDate> {
        self.holidays.keys().next_back().copied()
    }

    /// The last listed day when it is less than [`CALENDAR_ALARM_DAYS`] after
    /// `today` (`today` itself for an empty list): after that day the SOS
    /// batches would take every holiday for a working day. The health check
    /// says `degraded` and the ministry's home page carries a banner.
    pub fn ends_soon(&self, today: NaiveDate) -> Option<NaiveDate> {
        match self.last_listed() {
            None => Some(today),
            Some(last) if last < today + chrono::Days::new(CALENDAR_ALARM_DAYS) => Some(last),
            Some(_) => None,
        }
    }
}

/// How far ahead the holiday calendar must reach before operators are
/// alarmed: a year, so that a missing update is noticed in good time.
pub const CALENDAR_ALARM_DAYS: u64 = 365;

/// A daily batch of SOS requests: the day it is processed and the cut-off
/// after which requests join the next one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Batch {
    pub date: NaiveDate,
    pub deadline: DateTime<Utc>,
}

/// The supply rules that are configuration: the days-of-stock threshold, the
/// daily cut-off and the working-day calendar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SupplyRules {
    /// Below this many days of stock an item is shown red and an SOS request
    /// is offered (`GMIS_SUPPLY_THRESHOLD_DAYS`, default 7).
    pub threshold_days: u32,
    /// Japan-time cut-off of the daily batch (`GMIS_SOS_CUTOFF`, default 13:00).
    pub cutoff: NaiveTime,
    pub calendar: Arc<WorkCalendar>,
}

impl Default for SupplyRules {
    fn default() -> Self {
        SupplyRules {
            threshold_days: 7,
            cutoff: NaiveTime::from_hms_opt(13, 0, 0).unwrap_or_default(),
            calendar: Arc::new(WorkCalendar::default()),
        }
    }
}

impl SupplyRules {
    /// The batch of `date` with its deadline (the cut-off, Japan time).
    pub fn batch_on(&self, date: NaiveDate) -> Batch {
        let deadline = jst()
            .from_local_datetime(&date.and_time(self.cutoff))
            .single()
            .map_or_else(|| date.and_time(self.cutoff).and_utc(), |t| t.with_timezone(&Utc));
        Batch { date, deadline }
    }

    /// The batch a request made at `now` joins: today's when today is a
    /// working day and the cut-off has not passed (a request at the cut-off
    /// minute itself is too late), otherwise the next working day's.
    pub fn batch_for(&self, now: DateTime<Utc>) -> Batch {
        let local = now.with_timezone(&jst());
        let today = local.date_naive();
        let date = if self.calendar.is_working_day(today) && local.time() < self.cutoff {
            today
        } else {
            self.calendar.working_day_from(today.checked_add_days(Days::new(1)).unwrap_or(today))
        };
        self.batch_on(date)
    }

    /// When a batch starts taking requests: the previous batch's cut-off.
    pub fn opens(&self, batch: &Batch) -> DateTime<Utc> {
        let previous = self.calendar.working_day_until(batch.date.pred_opt().unwrap_or(batch.date));
        self.batch_on(previous).deadline
    }

    /// The batch reviewers work on at `now`: the latest one whose cut-off has
    /// passed (before today's cut-off, the previous working day's).
    pub fn batch_in_review(&self, now: DateTime<Utc>) -> Batch {
        let local = now.with_timezone(&jst());
        let today = local.date_naive();
        let date = if self.calendar.is_working_day(today) && local.time() >= self.cutoff {
            today
        } else {
            self.calendar.working_day_until(today.pred_opt().unwrap_or(today))
        };
        self.batch_on(date)
    }
}

/// Where an SOS request stands. Stored as [`SosState::code`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "Text"))]
pub enum SosState {
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "submitted"))]
    Submitted,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "accepted"))]
    Accepted,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "rejected"))]
    Rejected,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "shipped"))]
    Shipped,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "received"))]
    Received,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "closed"))]
    Closed,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "cancelled"))]
    Cancelled,
}

impl SosState {
    pub const ALL: [SosState; 7] = [
        SosState::Submitted,
        SosState::Accepted,
        SosState::Rejected,
        SosState::Shipped,
        SosState::Received,
        SosState::Closed,
        SosState::Cancelled,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            SosState::Submitted => "submitted",
            SosState::Accepted => "accepted",
            SosState::Rejected => "rejected",
            SosState::Shipped => "shipped",
            SosState::Received => "received",
            SosState::Closed => "closed",
            SosState::Cancelled => "cancelled",
        }
    }

    pub fn from_code(code: &str) -> Option<SosState> {
        SosState::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        (i18n::t().supplies().state_label)(self)
    }
}

/// Who takes a step: the facility (or its association) that asked, or the
/// prefecture / ministry that reviews.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SosSide {
    Requester,
    Reviewer,
}

/// A state change of an SOS request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SosStep {
    Accept,
    Reject,
    Ship,
    Receive,
    Close,
    Cancel,
}

impl SosStep {
    pub const ALL: [SosStep; 6] =
        [SosStep::Accept, SosStep::Reject, SosStep::Ship, SosStep::Receive, SosStep::Close, SosStep::Cancel];

    pub const fn side(self) -> SosSide {
        match self {
            SosStep::Receive | SosStep::Cancel => SosSide::Requester,
            SosStep::Accept | SosStep::Reject | SosStep::Ship | SosStep::Close => SosSide::Reviewer,
        }
    }

    /// The stable code of a step, as the form posted without JavaScript and
    /// the address back to the request name it (`ship`; the same as serde's).
    pub const fn code(self) -> &'static str {
        match self {
            SosStep::Accept => "accept",
            SosStep::Reject => "reject",
            SosStep::Ship => "ship",
            SosStep::Receive => "receive",
            SosStep::Close => "close",
            SosStep::Cancel => "cancel",
        }
    }

    pub fn from_code(code: &str) -> Option<SosStep> {
        SosStep::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The state a request is in once this step is taken.
    pub const fn leads_to(self) -> SosState {
        match self {
            SosStep::Accept => SosState::Accepted,
            SosStep::Reject => SosState::Rejected,
            SosStep::Ship => SosState::Shipped,
            SosStep::Receive => SosState::Received,
            SosStep::Close => SosState::Closed,
            SosStep::Cancel => SosState::Cancelled,
        }
    }

    pub fn label(self) -> &'static str {
        (i18n::t().supplies().step_label)(self)
    }
}

/// The state after `step` from `from`, or the Japanese reason it is not
/// possible (the request is left as it is).
pub fn next_state(from: SosState, step: SosStep) -> Result<SosState, String> {
    use SosState::*;
    let possible = matches!(
        (from, step),
        (Submitted, SosStep::Accept | SosStep::Reject | SosStep::Cancel)
            | (Accepted, SosStep::Ship)
            | (Shipped, SosStep::Receive)
            | (Received, SosStep::Close)
    );
    if possible { Ok(step.leads_to()) } else { Err((i18n::t().supplies().illegal_step)(from, step)) }
}

/// The steps `side` may take on a request in `state` (the buttons shown).
pub fn steps_for(state: SosState, side: SosSide) -> Vec<SosStep> {
    SosStep::ALL.into_iter().filter(|s| s.side() == side && next_state(state, *s).is_ok()).collect()
}

/// One supply of a request as typed: quantity and current days of stock.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SosLineInput {
    pub quantity: String,
    pub days_of_stock: String,
}

/// A new SOS request as the form sends it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SosInput {
    pub unit: ReportUnit,
    /// Client UUID: the same id again returns the first request.
    pub submission_id: String,
    /// Supply code → typed line; lines without a quantity are not requested.
    pub lines: BTreeMap<String, SosLineInput>,
    pub reason: String,
    /// The batch the screen showed; if the request would now join another
    /// (the cut-off passed meanwhile) nothing is saved and the user is told.
    pub expected_batch: Option<NaiveDate>,
}

impl SosInput {
    /// The form's field of a supply's quantity (`q.n95_mask`) and of its days
    /// of stock (`d.n95_mask`): the page's inputs, the form posted without
    /// JavaScript and the address that brings typed values back use them.
    pub fn line_fields(supply: Supply) -> (String, String) {
        (format!("q.{}", supply.code()), format!("d.{}", supply.code()))
    }

    /// The lines as named fields give them (form fields or a query);
    /// a supply with neither field is left out.
    pub fn lines_from(field: impl Fn(&str) -> Option<String>) -> BTreeMap<String, SosLineInput> {
        Supply::ALL
            .into_iter()
            .filter_map(|supply| {
                let (q, d) = Self::line_fields(supply);
                let (quantity, days) = (field(&q), field(&d));
                (quantity.is_some() || days.is_some()).then(|| {
                    let line = SosLineInput {
                        quantity: quantity.unwrap_or_default().trim().to_owned(),
                        days_of_stock: days.unwrap_or_default().trim().to_owned(),
                    };
                    (supply.code().to_owned(), line)
                })
            })
            .collect()
    }

    /// What was typed, as fields for the address back to the form: nothing
    /// typed is lost when a post without JavaScript saves nothing.
    pub fn typed_fields(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (code, line) in &self.lines {
            if let Some(supply) = Supply::from_code(code) {
                let (q, d) = Self::line_fields(supply);
                out.push((q, line.quantity.clone()));
                out.push((d, line.days_of_stock.clone()));
            }
        }
        out.push(("reason".to_owned(), self.reason.clone()));
        out
    }
}

/// A checked line of a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestedLine {
    pub supply: Supply,
    pub quantity: i64,
    pub days_of_stock: i64,
}

/// Most of one supply a request may ask for.
pub const MAX_QUANTITY: i64 = 1_000_000;
/// Longest reason or note.
pub const MAX_TEXT: usize = 500;

fn whole(text: &str, min: i64, max: i64) -> Result<Option<i64>, String> {
    let text = normalise_digits(text.trim());
    if text.is_empty() {
        return Ok(None);
    }
    let t = i18n::t();
    let n: i64 = text.parse().map_err(|_| t.survey_whole_number.to_owned())?;
    if n < min || n > max {
        return Err((t.survey_out_of_range)(min, max, ""));
    }
    Ok(Some(n))
}

fn text_field(errors: &mut FieldErrors, field: &str, text: &str, required: bool) {
    let s = i18n::t().supplies();
    if required && text.trim().is_empty() {
        errors.insert(field.to_owned(), s.required.to_owned());
    } else if text.chars().count() > MAX_TEXT {
        errors.insert(field.to_owned(), s.too_long.to_owned());
    }
}

/// Checks a new request: at least one supply with a whole quantity
/// (1–1,000,000) and its current days of stock (0–999), and a reason.
/// Fields: `qty.<supply>`, `days.<supply>`, `lines`, `reason`.
pub fn check_request(input: &SosInput) -> Result<Vec<RequestedLine>, FieldErrors> {
    let s = i18n::t().supplies();
    let mut errors = FieldErrors::new();
    let mut lines = Vec::new();
    for (code, line) in &input.lines {
        let Some(supply) = Supply::from_code(code) else {
            errors.insert("lines".to_owned(), s.unknown_supply.to_owned());
            continue;
        };
        let quantity =
            whole(&line.quantity, 1, MAX_QUANTITY).map_err(|e| errors.insert(format!("qty.{code}"), e)).ok().flatten();
        let days = whole(&line.days_of_stock, 0, 999).map_err(|e| errors.insert(format!("days.{code}"), e)).ok();
        match (quantity, days) {
            (Some(quantity), Some(Some(days_of_stock))) => {
                lines.push(RequestedLine { supply, quantity, days_of_stock })
            }
            (Some(_), Some(None)) => {
                errors.insert(format!("days.{code}"), s.days_required.to_owned());
            }
            _ => {}
        }
    }
    if lines.is_empty() && errors.is_empty() {
        errors.insert("lines".to_owned(), s.no_lines.to_owned());
    }
    text_field(&mut errors, "reason", &input.reason, true);
    if errors.is_empty() { Ok(lines) } else { Err(errors) }
}

/// A step as the reviewer's or requester's form sends it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SosActionInput {
    pub request_id: i32,
    /// The revision the user was looking at; a step on anything else is
    /// refused (someone acted first).
    pub revision: i32,
    pub step: SosStep,
    /// Reject: the reason (required). Receive: a note (required when less
    /// arrived than was shipped). Others: an optional note.
    pub note: String,
    /// Ship: the day it was handed to the carrier.
    pub shipped_on: Option<NaiveDate>,
    pub carrier: String,
    pub tracking: String,
    /// Ship / Receive: supply code → quantity as typed.
    pub quantities: BTreeMap<String, String>,
}

impl SosActionInput {
    /// The form's field of a supply's quantity (`q.n95_mask`), as the step
    /// form's inputs, its post without JavaScript and the address that
    /// brings typed values back name it.
    pub fn quantity_field(supply: Supply) -> String {
        format!("q.{}", supply.code())
    }

    /// A step as named fields give it (the form posted without
    /// JavaScript): `request_id`, `revision` and `step` (its code), which
    /// must be there, and the typed fields (see `typed`).
    pub fn from_fields(field: impl Fn(&str) -> Option<String>) -> Option<SosActionInput> {
        let request_id = field("request_id")?.trim().parse().ok()?;
        let revision = field("revision")?.trim().parse().ok()?;
        let step = SosStep::from_code(field("step")?.trim())?;
        Some(Self::typed(request_id, revision, step, field))
    }

    /// A step on a known request with what named fields give as typed:
    /// `q.<supply>`, `note`, `shipped_on` (`YYYY-MM-DD`), `carrier`,
    /// `tracking`; a supply without a field has no quantity.
    pub fn typed(
        request_id: i32,
        revision: i32,
        step: SosStep,
        field: impl Fn(&str) -> Option<String>,
    ) -> SosActionInput {
        let quantities = Supply::ALL
            .into_iter()
            .filter_map(|supply| field(&Self::quantity_field(supply)).map(|q| (supply.code().to_owned(), q)))
            .collect();
        SosActionInput {
            request_id,
            revision,
            step,
            note: field("note").unwrap_or_default(),
            shipped_on: field("shipped_on").and_then(|d| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok()),
            carrier: field("carrier").unwrap_or_default(),
            tracking: field("tracking").unwrap_or_default(),
            quantities,
        }
    }

    /// The fields that name the request, the revision seen and the step:
    /// hidden in the form.
    pub fn hidden_fields(&self) -> [(&'static str, String); 3] {
        [
            ("request_id", self.request_id.to_string()),
            ("revision", self.revision.to_string()),
            ("step", self.step.code().to_owned()),
        ]
    }

    /// What was typed, as fields for the address back to the request: nothing
    /// typed is lost when a post without JavaScript changes nothing.
    pub fn typed_fields(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = self
            .quantities
            .iter()
            .filter_map(|(code, q)| Supply::from_code(code).map(|s| (Self::quantity_field(s), q.clone())))
            .collect();
        out.push(("note".to_owned(), self.note.clone()));
        out.push(("shipped_on".to_owned(), self.shipped_on.map(|d| d.to_string()).unwrap_or_default()));
        out.push(("carrier".to_owned(), self.carrier.clone()));
        out.push(("tracking".to_owned(), self.tracking.clone()));
        out
    }
}

/// A step with its checked details.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CheckedStep {
    Accept,
    Reject { reason: String },
    Ship { quantities: BTreeMap<Supply, i64>, shipped_on: NaiveDate, carrier: String, tracking: String },
    Receive { quantities: BTreeMap<Supply, i64>, note: String },
    Close,
    Cancel,
}

/// Checks the details of a step against the request's lines: shipped
/// quantities for the requested supplies (0 up to the requested amount, one
/// at least above 0), a shipping day between the request and today, carrier
/// and tracking number; received quantities up to what was shipped, with a
/// note when anything is short. Fields: `note`, `shipped_on`, `carrier`,
/// `tracking`, `qty.<supply>`.
pub fn check_action(
    input: &SosActionInput,
    lines: &[SosLine],
    requested_on: NaiveDate,
    today: NaiveDate,
) -> Result<CheckedStep, FieldErrors> {
    let s = i18n::t().supplies();
    let mut errors = FieldErrors::new();
    let quantities = |limit: fn(&SosLine) -> Option<i64>, errors: &mut FieldErrors| {
        let mut out = BTreeMap::new();
        for line in lines {
            let Some(max) = limit(line) else { continue };
            let field = format!("qty.{}", line.supply.code());
            let typed = input.quantities.get(line.supply.code()).map(String::as_str).unwrap_or("");
            match whole(typed, 0, max) {
                Ok(Some(n)) => {
                    out.insert(line.supply, n);
                }
                Ok(None) => {
                    errors.insert(field, s.required.to_owned());
                }
                Err(e) => {
                    errors.insert(field, e);
                }
            }
        }
        out
    };
    let step = match input.step {
        SosStep::Accept => CheckedStep::Accept,
        SosStep::Close => CheckedStep::Close,
        SosStep::Cancel => CheckedStep::Cancel,
        SosStep::Reject => {
            text_field(&mut errors, "note", &input.note, true);
            CheckedStep::Reject { reason: input.note.trim().to_owned() }
        }
        SosStep::Ship => {
            let quantities = quantities(|l| Some(l.quantity), &mut errors);
            if errors.is_empty() && quantities.values().all(|n| *n == 0) {
                errors.insert("lines".to_owned(), s.nothing_shipped.to_owned());
            }
            let shipped_on = match input.shipped_on {
                Some(d) if d > today => {
                    errors.insert("shipped_on".to_owned(), s.shipped_future.to_owned());
                    today
                }
                Some(d) if d < requested_on => {
                    errors.insert("shipped_on".to_owned(), s.shipped_before_request.to_owned());
                    today
                }
                Some(d) => d,
                None => {
                    errors.insert("shipped_on".to_owned(), s.required.to_owned());
                    today
                }
            };
            text_field(&mut errors, "carrier", &input.carrier, true);
            let tracking = input.tracking.trim();
            if tracking.is_empty() {
                errors.insert("tracking".to_owned(), s.required.to_owned());
            } else if tracking.chars().count() > 40 || !tracking.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            {
                errors.insert("tracking".to_owned(), s.bad_tracking.to_owned());
            }
            CheckedStep::Ship {
                quantities,
                shipped_on,
                carrier: input.carrier.trim().to_owned(),
                tracking: tracking.to_owned(),
            }
        }
        SosStep::Receive => {
            let quantities = quantities(|l| l.shipped, &mut errors);
            let short = lines.iter().any(|l| l.shipped.unwrap_or(0) > quantities.get(&l.supply).copied().unwrap_or(0));
            let note_required = short && errors.is_empty();
            text_field(&mut errors, "note", &input.note, note_required);
            if short && errors.get("note").is_some_and(|m| m == s.required) {
                errors.insert("note".to_owned(), s.shortfall_note.to_owned());
            }
            CheckedStep::Receive { quantities, note: input.note.trim().to_owned() }
        }
    };
    if !matches!(input.step, SosStep::Reject | SosStep::Receive) {
        text_field(&mut errors, "note", &input.note, false);
    }
    if errors.is_empty() { Ok(step) } else { Err(errors) }
}

/// One supply of a saved request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SosLine {
    pub supply: Supply,
    pub quantity: i64,
    pub days_of_stock: i64,
    pub shipped: Option<i64>,
    pub received: Option<i64>,
}

/// One recorded state change, for the request's timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SosEvent {
    pub from: Option<SosState>,
    pub to: SosState,
    /// Name and role of who did it (never a login ID: each side sees it).
    pub by: String,
    pub at: DateTime<Utc>,
    pub note: Option<String>,
}

/// A request as lists and the detail page show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SosRequestView {
    pub id: i32,
    pub unit: ReportUnit,
    pub facility_name: String,
    pub medical_code: String,
    pub municipality: Option<String>,
    pub state: SosState,
    pub revision: i32,
    pub batch: Batch,
    pub reason: String,
    pub lines: Vec<SosLine>,
    /// The lowest days of stock among the lines (the queue sorts by it).
    pub min_days_of_stock: i64,
    pub requested_by: String,
    pub on_behalf: bool,
    pub created_at: DateTime<Utc>,
    pub reject_reason: Option<String>,
    pub shipped_on: Option<NaiveDate>,
    pub carrier: Option<String>,
    pub tracking: Option<String>,
    pub receipt_note: Option<String>,
    /// Empty in lists; the whole timeline on the detail page.
    pub events: Vec<SosEvent>,
    /// What the viewer may do now.
    pub steps: Vec<SosStep>,
    /// Today in Japan when this view was made (the default shipping day).
    pub today: NaiveDate,
}

/// What creating a request led to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SosOutcome {
    /// Saved (or, with `repeated`, saved before under the same id).
    Created { id: i32, batch: Batch, repeated: bool },
    /// Nothing saved: the cut-off passed while the form was open; the
    /// request would now join this batch. Submit again to accept it.
    BatchMoved(Batch),
}

/// Everything the new-request form shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SosForm {
    pub unit: ReportUnit,
    pub unit_name: String,
    /// The batch a request made now joins, and its deadline.
    pub batch: Batch,
    /// Why the batch is not today's (after the cut-off, weekend, holiday name).
    pub batch_note: Option<String>,
    /// From the latest weekly report, if any (its week in `stock_week`).
    pub levels: Vec<StockLevel>,
    pub stock_week: Option<NaiveDate>,
    pub threshold_days: u32,
    pub submission_id: String,
    /// A maintenance window in the way of the batch's deadline.
    pub deadline_warning: Option<String>,
}

/// A unit the user may enter supplies for, with its latest stock picture.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplyUnit {
    pub unit: ReportUnit,
    pub name: String,
    pub medical_code: String,
    /// Monday of the latest weekly report, if any.
    pub latest_week: Option<NaiveDate>,
    pub low: Vec<Supply>,
}

/// The facilities the user enters supplies for, and their requests.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplyOverview {
    pub units: Vec<SupplyUnit>,
    pub requests: Vec<SosRequestView>,
    /// The batch a request made now joins.
    pub batch: Batch,
    /// A maintenance window in the way of that batch's deadline.
    pub deadline_warning: Option<String>,
}

/// How the review queue is sorted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SosSort {
    /// Fewest days of stock first (the default: the most urgent on top).
    #[default]
    DaysOfStock,
    /// Oldest request first.
    Oldest,
}

/// The review queue's filters; empty means all.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SosQueueFilter {
    /// `None`: the batch under review now.
    pub batch: Option<NaiveDate>,
    pub state: Option<SosState>,
    pub supply: Option<Supply>,
    pub municipality: Option<String>,
    pub sort: SosSort,
}

impl SosQueueFilter {
    /// The filters of a review-page or CSV address (`?batch=2026-11-25&state=submitted
    /// &supply=n95_mask&municipality=131041&sort=oldest`); a value that is not
    /// understood means "all".
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> SosQueueFilter {
        let field = |name: &str| get(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        SosQueueFilter {
            batch: field("batch").and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
            state: field("state").as_deref().and_then(SosState::from_code),
            supply: field("supply").as_deref().and_then(Supply::from_code),
            municipality: field("municipality"),
            sort: if field("sort").as_deref() == Some("oldest") { SosSort::Oldest } else { SosSort::DaysOfStock },
        }
    }
}

/// A reviewer's queue of one batch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SosQueue {
    pub batch: Batch,
    /// The batch under review now (the default).
    pub in_review: Batch,
    /// The batch new requests join now (still open).
    pub open: Batch,
    pub filter: SosQueueFilter,
    pub rows: Vec<SosRequestView>,
    /// Municipalities the reviewer can filter by (code, name).
    pub municipalities: Vec<(String, String)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    /// `y-m-d h:mi` in Japan time.
    fn jst_at(y: i32, m: u32, day: u32, h: u32, mi: u32) -> DateTime<Utc> {
        jst().with_ymd_and_hms(y, m, day, h, mi, 0).single().expect("valid time").with_timezone(&Utc)
    }

    fn rules() -> SupplyRules {
        let calendar = WorkCalendar::parse(include_str!("../../../calendar/holidays_jp.csv")).expect("calendar");
        SupplyRules { calendar: Arc::new(calendar), ..SupplyRules::default() }
    }

    #[test]
    fn days_of_stock_at_last_weeks_rate() {
        assert_eq!(days_of_stock(30, 70), Some(3), "10 a day, 30 left");
        assert_eq!(days_of_stock(69, 70), Some(6), "rounded down");
        assert_eq!(days_of_stock(0, 5), Some(0));
        assert_eq!(days_of_stock(100, 0), None, "nothing used: does not run out");
    }

    #[test]
    fn low_items_are_those_below_the_threshold() {
        let raw: RawValues =
            [("n95_mask_stock", "３０"), ("n95_mask_used", "70"), ("gown_stock", "70"), ("gown_used", "70")]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect();
        let levels = stock_levels_typed(&raw, 7);
        assert_eq!(levels.len(), 2, "only supplies with stock and use");
        assert_eq!((levels[0].supply, levels[0].days, levels[0].low), (Supply::N95Mask, Some(3), true));
        assert_eq!(
            (levels[1].supply, levels[1].days, levels[1].low),
            (Supply::Gown, Some(7), false),
            "7 is not below 7"
        );
        assert!(stock_levels_typed(&raw, 8)[1].low, "the threshold is configurable");
    }

    #[test]
    fn items_name_their_supply() {
        assert_eq!(Supply::of_item("n95_mask_used"), Some(Supply::N95Mask));
        assert_eq!(Supply::of_item("surgical_mask_expected"), Some(Supply::SurgicalMask));
        assert_eq!(Supply::of_item("gloves_stock"), Some(Supply::Gloves));
        assert_eq!(Supply::of_item("n95_mask"), None);
        assert_eq!(Supply::of_item("covid_severe"), None);
    }

    #[test]
    fn a_supplys_typed_level_is_the_saved_one() {
        let raw: RawValues = [("n95_mask_stock", "３０"), ("n95_mask_used", "70"), ("n95_mask_expected", "5")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        let typed = stock_level_typed(&raw, Supply::N95Mask, 7).expect("stock and use typed");
        assert_eq!((typed.days, typed.low, typed.expected), (Some(3), true, Some(5)));
        let saved: Answers = [("n95_mask_stock", 30), ("n95_mask_used", 70), ("n95_mask_expected", 5)]
            .into_iter()
            .map(|(k, n)| (k.to_owned(), Answer::Count(n)))
            .collect();
        assert_eq!(stock_levels(&saved, 7), vec![typed], "the browser and the saved report agree");
        assert_eq!(stock_level_typed(&raw, Supply::Gown, 7), None, "nothing typed for gowns");
        let half: RawValues = [("gown_stock".to_owned(), "70".to_owned())].into_iter().collect();
        assert_eq!(stock_level_typed(&half, Supply::Gown, 7), None, "use not typed yet");
    }

    #[test]
    fn before_the_cutoff_joins_todays_batch() {
        let r = rules();
        let b = r.batch_for(jst_at(2026, 11, 25, 12, 59));
        assert_eq!(b.date, d(2026, 11, 25));
        assert_eq!(b.deadline, jst_at(2026, 11, 25, 13, 0));
        assert_eq!(r.batch_for(jst_at(2026, 11, 25, 13, 0)).date, d(2026, 11, 26), "at the cut-off is too late");
        assert_eq!(r.batch_for(jst_at(2026, 11, 25, 13, 1)).date, d(2026, 11, 26));
    }

    #[test]
    fn friday_afternoon_and_weekends_join_monday() {
        let r = rules();
        assert_eq!(r.batch_for(jst_at(2026, 11, 27, 13, 1)).date, d(2026, 11, 30), "Friday 13:01 → Monday");
        assert_eq!(r.batch_for(jst_at(2026, 11, 27, 23, 59)).date, d(2026, 11, 30), "Friday evening");
        assert_eq!(r.batch_for(jst_at(2026, 11, 28, 9, 0)).date, d(2026, 11, 30), "Saturday morning");
        // 2026-11-23 (Mon) is 勤労感謝の日: Friday 20th after the cut-off joins Tuesday.
        assert_eq!(r.batch_for(jst_at(2026, 11, 20, 15, 0)).date, d(2026, 11, 24));
        assert_eq!(r.batch_for(jst_at(2026, 11, 23, 10, 0)).date, d(2026, 11, 24), "on the holiday itself");
    }

    #[test]
    fn silver_week_and_year_end_are_skipped() {
        let r = rules();
        // 2026-09-21 敬老の日, 22 国民の休日, 23 秋分の日.
        assert_eq!(r.batch_for(jst_at(2026, 9, 18, 14, 0)).date, d(2026, 9, 24));
        // Year end: 12/29 – 1/3 closed; 2026-12-28 (Mon) after the cut-off → 2027-01-04 (Mon).
        assert_eq!(r.batch_for(jst_at(2026, 12, 28, 13, 30)).date, d(2027, 1, 4));
        assert_eq!(r.batch_for(jst_at(2026, 12, 31, 9, 0)).date, d(2027, 1, 4));
        assert_eq!(r.calendar.holiday(d(2027, 1, 1)), Some("元日"));
    }

    #[test]
    fn the_cutoff_is_configurable_and_deadlines_are_japan_time() {
        let r = SupplyRules { cutoff: NaiveTime::from_hms_opt(9, 30, 0).expect("time"), ..rules() };
        let b = r.batch_for(jst_at(2026, 11, 25, 9, 29));
        assert_eq!(b.date, d(2026, 11, 25));
        assert_eq!(b.deadline, Utc.with_ymd_and_hms(2026, 11, 25, 0, 30, 0).single().expect("utc"));
        assert_eq!(r.batch_for(jst_at(2026, 11, 25, 9, 30)).date, d(2026, 11, 26));
    }

    #[test]
    fn a_batch_takes_requests_from_the_previous_working_days_cutoff() {
        let r = rules();
        let monday = r.batch_on(d(2026, 11, 30));
        assert_eq!(r.opens(&monday), jst_at(2026, 11, 27, 13, 0), "Friday 13:00");
        let tuesday_after_holiday = r.batch_on(d(2026, 11, 24));
        assert_eq!(r.opens(&tuesday_after_holiday), jst_at(2026, 11, 20, 13, 0));
    }

    #[test]
    fn reviewers_work_on_the_batch_whose_cutoff_passed() {
        let r = rules();
        assert_eq!(r.batch_in_review(jst_at(2026, 11, 25, 13, 0)).date, d(2026, 11, 25));
        assert_eq!(r.batch_in_review(jst_at(2026, 11, 25, 12, 0)).date, d(2026, 11, 24));
        assert_eq!(
            r.batch_in_review(jst_at(2026, 11, 24, 9, 0)).date,
            d(2026, 11, 20),
            "Tuesday morning after a holiday Monday"
        );
        assert_eq!(r.batch_in_review(jst_at(2026, 11, 29, 9, 0)).date, d(2026, 11, 27), "Sunday");
    }

    #[test]
    fn a_bad_calendar_line_is_named() {
        let err = WorkCalendar::parse("date,name\n2026-01-01,元日\n2026/01/02,x\n").expect_err("slashes");
        assert!(err.contains("line 3"), "{err}");
        let c = WorkCalendar::parse("\u{feff}# comment\n\n2026-01-01,元日\n").expect("parses");
        assert!(!c.is_working_day(d(2026, 1, 1)));
        assert_eq!(c.last_listed(), Some(d(2026, 1, 1)));
    }

    #[test]
    fn a_calendar_that_ends_within_a_year_is_an_alarm() {
        let c = WorkCalendar::parse("date,name\n2026-01-01,元日\n2027-01-01,元日\n").expect("parses");
        assert_eq!(c.ends_soon(d(2026, 1, 1)), None);
        assert_eq!(c.ends_soon(d(2026, 1, 2)), Some(d(2027, 1, 1)));
        assert_eq!(WorkCalendar::parse("date,name\n").expect("empty").ends_soon(d(2026, 5, 1)), Some(d(2026, 5, 1)));
        let shipped = WorkCalendar::parse(include_str!("../../../calendar/holidays_jp.csv")).expect("calendar");
        assert_eq!(shipped.last_listed(), Some(d(2099, 12, 31)));
        // The Act's rules: a substitute holiday, a day between two holidays.
        assert!(!shipped.is_working_day(d(2031, 2, 24)), "天皇誕生日 2031-02-23 is a Sunday");
        assert!(!shipped.is_working_day(d(2032, 9, 21)), "between 敬老の日 and 秋分の日");
    }

    #[test]
    fn every_transition_of_the_workflow() {
        use SosState::*;
        let legal = [
            (Submitted, SosStep::Accept, Accepted),
            (Submitted, SosStep::Reject, Rejected),
            (Submitted, SosStep::Cancel, Cancelled),
            (Accepted, SosStep::Ship, Shipped),
            (Shipped, SosStep::Receive, Received),
            (Received, SosStep::Close, Closed),
        ];
        for from in SosState::ALL {
            for step in SosStep::ALL {
                let expected = legal.iter().find(|(f, s, _)| *f == from && *s == step).map(|(_, _, to)| *to);
                assert_eq!(step.leads_to(), legal.iter().find(|(_, s, _)| *s == step).unwrap().2, "{step:?}");
                match (next_state(from, step), expected) {
                    (Ok(to), Some(want)) => assert_eq!(to, want, "{from:?} {step:?}"),
                    (Err(message), None) => assert!(message.contains(from.label()), "{message}"),
                    (got, want) => panic!("{from:?} {step:?}: got {got:?}, want {want:?}"),
                }
            }
        }
        assert_eq!(steps_for(Submitted, SosSide::Requester), vec![SosStep::Cancel]);
        assert_eq!(steps_for(Submitted, SosSide::Reviewer), vec![SosStep::Accept, SosStep::Reject]);
        assert_eq!(steps_for(Accepted, SosSide::Requester), Vec::<SosStep>::new(), "no cancelling after acceptance");
        assert_eq!(steps_for(Shipped, SosSide::Requester), vec![SosStep::Receive]);
        assert!(steps_for(Closed, SosSide::Reviewer).is_empty() && steps_for(Cancelled, SosSide::Requester).is_empty());
    }

    fn request(lines: &[(&str, &str, &str)], reason: &str) -> SosInput {
        SosInput {
            unit: ReportUnit::Facility(1),
            submission_id: String::new(),
            lines: lines
                .iter()
                .map(|(c, q, d)| {
                    ((*c).to_owned(), SosLineInput { quantity: (*q).to_owned(), days_of_stock: (*d).to_owned() })
                })
                .collect(),
            reason: reason.to_owned(),
            expected_batch: None,
        }
    }

    #[test]
    fn a_request_needs_a_line_quantities_days_and_a_reason() {
        let ok =
            check_request(&request(&[("n95_mask", "200", "3"), ("gown", "", "")], "発熱外来の増加")).expect("valid");
        assert_eq!(ok, vec![RequestedLine { supply: Supply::N95Mask, quantity: 200, days_of_stock: 3 }]);
        let none = check_request(&request(&[("gown", "", "")], "理由")).expect_err("no line");
        assert!(none.contains_key("lines"));
        let bad = check_request(&request(&[("n95_mask", "0", "3"), ("gloves", "10", ""), ("x", "1", "1")], " "))
            .expect_err("several problems");
        for key in ["qty.n95_mask", "days.gloves", "lines", "reason"] {
            assert!(bad.contains_key(key), "{key}: {bad:?}");
        }
    }

    #[test]
    fn typed_fields_bring_back_what_was_typed_blanks_included() {
        let typed = request(&[("n95_mask", "２００", ""), ("gown", "", "4")], "発熱外来の増加");
        let fields = typed.typed_fields();
        let back = SosInput::lines_from(|k| fields.iter().find(|(f, _)| f == k).map(|(_, v)| v.clone()));
        assert_eq!(back, typed.lines, "the same lines, the cleared quantity still cleared");
        assert!(fields.contains(&("reason".to_owned(), "発熱外来の増加".to_owned())));
        assert_eq!(SosInput::line_fields(Supply::Gloves), ("q.gloves".to_owned(), "d.gloves".to_owned()));
        assert!(SosInput::lines_from(|_| None).is_empty(), "no field, no line");
    }

    fn lines() -> Vec<SosLine> {
        vec![
            SosLine { supply: Supply::N95Mask, quantity: 200, days_of_stock: 3, shipped: Some(200), received: None },
            SosLine { supply: Supply::Gown, quantity: 50, days_of_stock: 5, shipped: Some(40), received: None },
        ]
    }

    fn action(step: SosStep, quantities: &[(&str, &str)]) -> SosActionInput {
        SosActionInput {
            request_id: 1,
            revision: 1,
            step,
            note: String::new(),
            shipped_on: Some(d(2026, 11, 25)),
            carrier: "ヤマト運輸".to_owned(),
            tracking: "1234-5678-9012".to_owned(),
            quantities: quantities.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
        }
    }

    #[test]
    fn a_step_posted_as_fields_comes_back_whole_and_its_typed_fields_alone_keep_what_was_typed() {
        for step in SosStep::ALL {
            assert_eq!(SosStep::from_code(step.code()), Some(step), "{step:?}");
            assert_eq!(serde_json::to_value(step).unwrap(), step.code(), "the same code as the JSON body");
        }
        assert_eq!(SosStep::from_code("Ship"), None);
        let mut typed = action(SosStep::Ship, &[("n95_mask", "２００"), ("gown", "")]);
        typed.note = "一部は次便".to_owned();
        let mut fields: Vec<(String, String)> =
            typed.hidden_fields().into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        fields.extend(typed.typed_fields());
        let field = |k: &str| fields.iter().find(|(f, _)| f == k).map(|(_, v)| v.clone());
        assert_eq!(SosActionInput::from_fields(field), Some(typed.clone()), "the cleared quantity still cleared");
        assert!(fields.contains(&("q.n95_mask".to_owned(), "２００".to_owned())));
        assert!(fields.contains(&("shipped_on".to_owned(), "2026-11-25".to_owned())));
        assert_eq!(SosActionInput::quantity_field(Supply::Gloves), "q.gloves");

        // The address back has no hidden fields: the page names them.
        let back = typed.typed_fields();
        let again =
            SosActionInput::typed(1, 1, SosStep::Ship, |k| back.iter().find(|(f, _)| f == k).map(|(_, v)| v.clone()));
        assert_eq!(again, typed);
        assert_eq!(SosActionInput::from_fields(|k| back.iter().find(|(f, _)| f == k).map(|(_, v)| v.clone())), None);
        let no_step = |k: &str| (k != "step").then(|| "1".to_owned());
        assert_eq!(SosActionInput::from_fields(no_step), None, "no step, no action");
        let blank = SosActionInput::from_fields(|k| match k {
            "request_id" | "revision" => Some("3".to_owned()),
            "step" => Some("accept".to_owned()),
            _ => None,
        })
        .unwrap();
        assert!(blank.quantities.is_empty() && blank.shipped_on.is_none() && blank.note.is_empty());
    }

    #[test]
    fn shipping_needs_quantities_up_to_the_request_a_day_and_tracking() {
        let (created, today) = (d(2026, 11, 24), d(2026, 11, 25));
        let ok = check_action(&action(SosStep::Ship, &[("n95_mask", "200"), ("gown", "40")]), &lines(), created, today);
        assert!(
            matches!(ok, Ok(CheckedStep::Ship { ref quantities, .. }) if quantities[&Supply::Gown] == 40),
            "{ok:?}"
        );
        let mut bad = action(SosStep::Ship, &[("n95_mask", "201")]);
        bad.shipped_on = Some(d(2026, 11, 26));
        bad.tracking = "追跡".to_owned();
        let errors = check_action(&bad, &lines(), created, today).expect_err("refused");
        for key in ["qty.n95_mask", "qty.gown", "shipped_on", "tracking"] {
            assert!(errors.contains_key(key), "{key}: {errors:?}");
        }
        let zero = check_action(&action(SosStep::Ship, &[("n95_mask", "0"), ("gown", "0")]), &lines(), created, today);
        assert!(zero.expect_err("nothing shipped").contains_key("lines"));
    }

    #[test]
    fn a_shortfall_on_receipt_needs_a_note() {
        let (created, today) = (d(2026, 11, 24), d(2026, 11, 25));
        let full = action(SosStep::Receive, &[("n95_mask", "200"), ("gown", "40")]);
        assert!(check_action(&full, &lines(), created, today).is_ok());
        let mut short = action(SosStep::Receive, &[("n95_mask", "150"), ("gown", "40")]);
        let errors = check_action(&short, &lines(), created, today).expect_err("note needed");
        assert!(errors["note"].contains("不足"), "{errors:?}");
        short.note = "50枚不足".to_owned();
        assert!(check_action(&short, &lines(), created, today).is_ok());
        let more = action(SosStep::Receive, &[("n95_mask", "201"), ("gown", "40")]);
        assert!(
            check_action(&more, &lines(), created, today).expect_err("more than shipped").contains_key("qty.n95_mask")
        );
    }

    #[test]
    fn rejecting_needs_a_reason() {
        let (created, today) = (d(2026, 11, 24), d(2026, 11, 25));
        assert!(
            check_action(&action(SosStep::Reject, &[]), &lines(), created, today)
                .expect_err("reason")
                .contains_key("note")
        );
        let mut with = action(SosStep::Reject, &[]);
        with.note = "在庫が十分です".to_owned();
        assert_eq!(
            check_action(&with, &lines(), created, today),
            Ok(CheckedStep::Reject { reason: "在庫が十分です".to_owned() })
        );
    }
}
