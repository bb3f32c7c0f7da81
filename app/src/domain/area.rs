//! Area views (SPEC §7): what a municipality, a prefecture or the ministry
//! sees of the units in its area — who reported a day, capacity, supplies,
//! trends — and the filters of those views and their downloads.
//!
//! [`AreaQuery`] is the query string as typed (so that junk gets a Japanese
//! message instead of a decoding error); the service checks it against the
//! caller's area in one place (`server::area::resolve`).

use crate::domain::surveys::SurveyKind;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Longest date range of a download, in days (a leap year).
pub const MAX_RANGE_DAYS: i64 = 366;

/// Days in the trend charts.
pub const TREND_DAYS: u64 = 28;

/// Most facilities a table of an area view lists (all of them are in the
/// download): a prefecture's 700 hospitals or 4,000 facilities are a file,
/// not a phone page.
pub const SHOWN_ROWS: usize = 300;

/// The daily surveys, in the order the views list them.
pub const DAILY_SURVEYS: [SurveyKind; 3] =
    [SurveyKind::HospitalDaily, SurveyKind::ClinicDaily, SurveyKind::CentreDaily];

/// The filters of an area page or download, as received.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaQuery {
    pub day: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub prefecture: Option<String>,
    pub municipality: Option<String>,
    pub survey: Option<String>,
    pub aggregator: Option<String>,
    pub sort: Option<String>,
}

impl AreaQuery {
    pub const KEYS: [&'static str; 8] =
        ["day", "from", "to", "prefecture", "municipality", "survey", "aggregator", "sort"];

    /// Reads the filters from a query string's values; empty values count as absent.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Self {
        let take = |k: &str| get(k).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        AreaQuery {
            day: take("day"),
            from: take("from"),
            to: take("to"),
            prefecture: take("prefecture"),
            municipality: take("municipality"),
            survey: take("survey"),
            aggregator: take("aggregator"),
            sort: take("sort"),
        }
    }

    fn values(&self) -> [(&'static str, Option<&String>); 8] {
        [
            ("day", self.day.as_ref()),
            ("from", self.from.as_ref()),
            ("to", self.to.as_ref()),
            ("prefecture", self.prefecture.as_ref()),
            ("municipality", self.municipality.as_ref()),
            ("survey", self.survey.as_ref()),
            ("aggregator", self.aggregator.as_ref()),
            ("sort", self.sort.as_ref()),
        ]
    }

    /// The filters as a query string (without `?`), for links that keep them.
    pub fn to_query(&self) -> String {
        self.values()
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| format!("{k}={}", encode(v))))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// The same filters with `key` set to `value` (or removed when `None`).
    pub fn with(&self, key: &str, value: Option<&str>) -> AreaQuery {
        let mut q = self.clone();
        let v = value.map(str::to_owned);
        match key {
            "day" => q.day = v,
            "from" => q.from = v,
            "to" => q.to = v,
            "prefecture" => q.prefecture = v,
            "municipality" => q.municipality = v,
            "survey" => q.survey = v,
            "aggregator" => q.aggregator = v,
            _ => q.sort = v,
        }
        q
    }
}

/// Percent-encodes a query value (everything but unreserved ASCII).
pub fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// How much of the country a view covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AreaLevel {
    Nation,
    Prefecture,
    Municipality,
}

/// The area a view covers, with the names shown in its heading.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaName {
    pub level: AreaLevel,
    /// `None` for the nation.
    pub prefecture: Option<(String, String)>,
    pub municipality: Option<(String, String)>,
}

impl AreaName {
    /// 全国 / 東京都 / 東京都 新宿区.
    pub fn label(&self) -> String {
        match (&self.prefecture, &self.municipality) {
            (Some((_, p)), Some((_, m))) => format!("{p} {m}"),
            (Some((_, p)), None) => p.clone(),
            _ => crate::i18n::t().area().nation.to_owned(),
        }
    }
}

/// Reporting numbers of a set of units on a day. The categories do not
/// overlap: a "nothing to report" counts there whenever it came, a report
/// with values is on time or late.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub expected: u32,
    pub on_time: u32,
    pub late: u32,
    pub nothing: u32,
}

impl Counts {
    pub fn reported(&self) -> u32 {
        self.on_time + self.late + self.nothing
    }

    pub fn missing(&self) -> u32 {
        self.expected.saturating_sub(self.reported())
    }

    pub fn add(&mut self, other: &Counts) {
        self.expected += other.expected;
        self.on_time += other.on_time;
        self.late += other.late;
        self.nothing += other.nothing;
    }

    /// `n` as a percentage of the expected units, one decimal (`—` when none are expected).
    pub fn rate(&self, n: u32) -> String {
        percent(i64::from(n), i64::from(self.expected))
    }
}

/// `part / whole` as a percentage with one decimal, `—` when `whole` is 0.
pub fn percent(part: i64, whole: i64) -> String {
    match percent_value(part, whole) {
        Some(v) => format!("{v:.1}%"),
        None => "—".to_owned(),
    }
}

/// `part / whole` in percent rounded to one decimal (half up), as charts
/// plot it and tables print it; `None` when `whole` is 0.
pub fn percent_value(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| ((part * 1000 + whole / 2) / whole) as f64 / 10.0)
}

/// One row of the completeness table: a prefecture (nation view), a
/// municipality (prefecture view) or a survey (municipality view).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountsRow {
    pub code: String,
    pub name: String,
    pub counts: Counts,
}

/// A unit that has not reported the day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissingUnit {
    /// `f12` / `c3`.
    pub unit: String,
    pub survey: SurveyKind,
    pub name: String,
    /// 医療機関コード (empty for a centre).
    pub medical_code: String,
    pub municipality: String,
    /// The association it reports through on the day, if any.
    pub aggregator: Option<String>,
    pub email: Option<String>,
    /// Whether a reminder went out for the day.
    pub reminded: bool,
}

/// One day of a trend: how many units were expected and how many reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatePoint {
    pub day: NaiveDate,
    pub expected: u32,
    pub reported: u32,
}

/// `/area`: who reported a day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Completeness {
    pub area: AreaName,
    pub day: NaiveDate,
    pub today: NaiveDate,
    pub query: AreaQuery,
    pub options: FilterOptions,
    pub total: Counts,
    pub rows: Vec<CountsRow>,
    /// Empty for the nation (open a prefecture to see its list); the first
    /// [`SHOWN_ROWS`] of them (the download has all).
    pub missing: Vec<MissingUnit>,
    /// How many units have not reported.
    pub missing_total: usize,
    pub trend: Vec<RatePoint>,
}

/// What the filter selects offer for the caller's area.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilterOptions {
    /// Prefectures (ministry only).
    pub prefectures: Vec<(String, String)>,
    pub municipalities: Vec<(String, String)>,
    pub aggregators: Vec<(String, String)>,
}

/// One series of a chart: a label and one value per day (`None`: no data).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Series {
    pub label: String,
    pub values: Vec<Option<f64>>,
}

/// A line chart over days, drawn as SVG with the same numbers as a table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Chart {
    pub title: String,
    /// The unit of the values (`%`, `人`).
    pub unit: String,
    pub days: Vec<NaiveDate>,
    pub series: Vec<Series>,
}

impl Chart {
    /// The top of the value axis: the largest value rounded up to a "nice"
    /// number (1, 2 or 5 × 10ⁿ), at least 1; 100 for percentages.
    pub fn axis_max(&self) -> f64 {
        if self.unit == "%" {
            return 100.0;
        }
        let max = self.series.iter().flat_map(|s| s.values.iter().flatten()).fold(0.0_f64, |a, b| a.max(*b));
        if max <= 1.0 {
            return 1.0;
        }
        let magnitude = 10_f64.powf(max.log10().floor());
        [1.0, 2.0, 5.0, 10.0].into_iter().map(|m| m * magnitude).find(|v| *v >= max).unwrap_or(max)
    }
}

/// How a facility's service stands (外来・入院・救急・手術).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusCell {
    /// The item (`outpatient_status`…) and the chosen code.
    pub item: String,
    pub code: String,
    pub label: String,
    /// 停止 or 枯渇: flagged first.
    pub alarm: bool,
}

/// One hospital's latest values on the capacity page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HospitalRow {
    pub unit: String,
    pub name: String,
    pub municipality: String,
    /// The day the values are from (the view's day, or an earlier one).
    pub as_of: Option<NaiveDate>,
    pub nothing_to_report: bool,
    pub secured_beds: Option<i64>,
    pub beds_in_use: Option<i64>,
    pub inpatients: Option<i64>,
    pub severe: Option<i64>,
    pub ventilators_in_use: Option<i64>,
    pub ventilators_owned: Option<i64>,
    pub ecmo_in_use: Option<i64>,
    pub ecmo_owned: Option<i64>,
    pub statuses: Vec<StatusCell>,
    pub staffing: Option<StatusCell>,
    pub alarm: bool,
    /// The labels of the values its latest report confirmed although they
    /// were far outside its recent range (`domain::outliers`).
    #[serde(default)]
    pub outliers: Vec<String>,
}

impl HospitalRow {
    /// Beds in use as a share of secured beds.
    pub fn occupancy(&self) -> String {
        match (self.beds_in_use, self.secured_beds) {
            (Some(used), Some(secured)) => percent(used, secured),
            _ => "—".to_owned(),
        }
    }
}

/// Sums of the hospitals' latest values.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CapacityTotals {
    pub hospitals: u32,
    pub reporting: u32,
    pub secured_beds: i64,
    pub beds_in_use: i64,
    pub inpatients: i64,
    pub severe: i64,
    pub ventilators_in_use: i64,
    pub ventilators_owned: i64,
    pub ecmo_in_use: i64,
    pub ecmo_owned: i64,
    pub alarms: u32,
}

/// A sum of one count item of a daily survey over the area on a day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemTotal {
    pub code: String,
    pub label: String,
    pub total: i64,
}

/// `/area/capacity`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Capacity {
    pub area: AreaName,
    pub day: NaiveDate,
    pub today: NaiveDate,
    pub query: AreaQuery,
    pub options: FilterOptions,
    pub totals: CapacityTotals,
    /// Per hospital (empty for the nation: per prefecture in `by_area`).
    pub hospitals: Vec<HospitalRow>,
    /// Nation: one row per prefecture with its totals.
    pub by_area: Vec<(String, String, CapacityTotals)>,
    pub clinic_totals: Vec<ItemTotal>,
    pub centre_totals: Vec<ItemTotal>,
    pub charts: Vec<Chart>,
}

/// One facility's stock on the supplies page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplyRow {
    pub unit: String,
    pub name: String,
    pub municipality: String,
    /// Monday of the week the values are from.
    pub week: NaiveDate,
    /// Days of stock per supply in `Supply::ALL` order (`None`: not used).
    pub days: Vec<Option<i64>>,
    pub low: bool,
}

/// `/area/supplies`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplyStatus {
    pub area: AreaName,
    pub day: NaiveDate,
    pub today: NaiveDate,
    pub query: AreaQuery,
    pub options: FilterOptions,
    pub threshold_days: u32,
    /// Facilities below the threshold per supply, in `Supply::ALL` order.
    pub below: Vec<u32>,
    pub facilities: u32,
    pub reporting: u32,
    pub rows: Vec<SupplyRow>,
    /// Open SOS requests of the area: (id, facility, state label, created).
    pub open_requests: Vec<(i32, String, String, String)>,
    /// Whether the caller reviews SOS requests and may open them.
    pub requests_linkable: bool,
}

/// What can be downloaded from the area pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DownloadKind {
    /// Reports of one survey over a date range.
    Reports,
    /// Every revision of those reports.
    Revisions,
    /// Who had not reported a day.
    Missing,
    /// The capacity table of a day.
    Capacity,
    /// The supply table.
    Supplies,
}

impl DownloadKind {
    pub const ALL: [DownloadKind; 5] = [
        DownloadKind::Reports,
        DownloadKind::Revisions,
        DownloadKind::Missing,
        DownloadKind::Capacity,
        DownloadKind::Supplies,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            DownloadKind::Reports => "reports",
            DownloadKind::Revisions => "revisions",
            DownloadKind::Missing => "missing",
            DownloadKind::Capacity => "capacity",
            DownloadKind::Supplies => "supplies",
        }
    }

    pub fn from_code(code: &str) -> Option<DownloadKind> {
        DownloadKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self) -> &'static str {
        let a = crate::i18n::t().area();
        match self {
            DownloadKind::Reports => a.download_reports,
            DownloadKind::Revisions => a.download_revisions,
            DownloadKind::Missing => a.download_missing,
            DownloadKind::Capacity => a.download_capacity,
            DownloadKind::Supplies => a.download_supplies,
        }
    }
}

/// File formats of a download.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DownloadFormat {
    /// UTF-8 with a byte-order mark (Excel opens it in Japanese).
    CsvUtf8,
    /// Shift_JIS (Windows-31J) for older tools.
    CsvShiftJis,
    Xlsx,
}

impl DownloadFormat {
    pub const fn code(self) -> &'static str {
        match self {
            DownloadFormat::CsvUtf8 => "csv",
            DownloadFormat::CsvShiftJis => "csv-sjis",
            DownloadFormat::Xlsx => "xlsx",
        }
    }

    pub fn from_code(code: &str) -> Option<DownloadFormat> {
        [DownloadFormat::CsvUtf8, DownloadFormat::CsvShiftJis, DownloadFormat::Xlsx]
            .into_iter()
            .find(|f| f.code() == code)
    }
}

/// One line of the download history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DownloadLogRow {
    pub login_id: String,
    pub user_name: String,
    pub what: String,
    pub format: String,
    pub filters: String,
    pub rows: i64,
    pub state: String,
    pub started_at: String,
}

/// `/area/downloads`: the download form, and for the ministry the history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DownloadPage {
    pub area: AreaName,
    pub today: NaiveDate,
    pub query: AreaQuery,
    pub options: FilterOptions,
    /// The ministry admin's view of every download, newest first.
    pub history: Vec<DownloadLogRow>,
    /// Each officer account's last download (ministry admin only).
    pub last_by_account: Vec<DownloadLogRow>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_add_up_and_rates_round() {
        let c = Counts { expected: 7, on_time: 3, late: 1, nothing: 1 };
        assert_eq!(c.reported(), 5);
        assert_eq!(c.missing(), 2);
        assert_eq!(c.rate(c.reported()), "71.4%");
        assert_eq!(Counts::default().rate(0), "—");
        assert_eq!(percent(2, 3), "66.7%");
        assert_eq!(percent(0, 5), "0.0%");
    }

    #[test]
    fn queries_round_trip_and_encode() {
        let day = chrono::Utc::now().date_naive().to_string();
        let q = AreaQuery::from_query(|k| match k {
            "day" => Some(format!(" {day} ")),
            "municipality" => Some("".into()),
            "sort" => Some("名前&x".into()),
            _ => None,
        });
        assert_eq!(q.day.as_deref(), Some(day.as_str()));
        assert_eq!(q.municipality, None, "empty values are absent");
        assert_eq!(q.to_query(), format!("day={day}&sort=%E5%90%8D%E5%89%8D%26x"));
        assert_eq!(q.with("day", None).to_query(), "sort=%E5%90%8D%E5%89%8D%26x");
    }

    #[test]
    fn axis_tops_are_round() {
        let chart = |unit: &str, v: f64| Chart {
            title: String::new(),
            unit: unit.into(),
            days: vec![],
            series: vec![Series { label: String::new(), values: vec![Some(v), None] }],
        };
        assert_eq!(chart("人", 0.0).axis_max(), 1.0);
        assert_eq!(chart("人", 37.0).axis_max(), 50.0);
        assert_eq!(chart("人", 120.0).axis_max(), 200.0);
        assert_eq!(chart("人", 1000.0).axis_max(), 1000.0);
        assert_eq!(chart("%", 12.0).axis_max(), 100.0);
    }
}
