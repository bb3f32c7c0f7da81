//! The report files of the export: the daily reports
//! (`hospital_daily_2020.csv`, `hospital_daily.csv`, `clinic_daily.csv`,
//! `centre_daily.csv`) and the weekly supply survey (`supplies_weekly.csv`):
//! which survey and periods each holds, its columns (the item labels of the
//! survey versions it covers, so that the file and the form say the same
//! thing), and the check of one row against the version in force on its
//! day or week — that version's own [`SurveyDefinition::validate`],
//! cross-field rules included, so an imported report passes exactly what a
//! typed one does.

use crate::domain::reports::PeriodKind;
use crate::domain::surveys::{Answers, BUILTIN, ItemKind, RawValues, SurveyDefinition, SurveyKind, version_for};
use crate::domain::time::jst;
use crate::server::legacy::text;
use crate::server::legacy::units::{Problem, hex};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::sync::LazyLock;

pub const MEDICAL_CODE: &str = "医療機関コード";
pub const CENTRE_LOGIN_ID: &str = "センターログインID";
pub const DAY: &str = "報告日";
/// The period column of the weekly file: the week's Monday.
pub const WEEK: &str = "週";
pub const NOTHING: &str = "報告なし";
pub const ENTERED_BY: &str = "入力者ログインID";
pub const SAVED_AT: &str = "最終更新日時";

/// The survey definitions shipped with G-MIS (`surveys/*.json`), parsed
/// once: the versions the export's days were reported under.
static SHIPPED: LazyLock<BTreeMap<SurveyKind, Vec<SurveyDefinition>>> = LazyLock::new(|| {
    let mut all: BTreeMap<SurveyKind, Vec<SurveyDefinition>> = BTreeMap::new();
    for definition in BUILTIN.iter().filter_map(|text| serde_json::from_str::<SurveyDefinition>(text).ok()) {
        all.entry(definition.survey).or_default().push(definition);
    }
    for versions in all.values_mut() {
        versions.sort_by_key(|d| d.version);
    }
    all
});

/// The shipped versions of `survey`, oldest first.
pub fn shipped(survey: SurveyKind) -> &'static [SurveyDefinition] {
    SHIPPED.get(&survey).map_or(&[], Vec::as_slice)
}

/// The shipped version of `survey` in force on `day` (the one that took
/// effect last on or before it, as [`version_for`] picks).
pub fn in_force(survey: SurveyKind, day: NaiveDate) -> Option<&'static SurveyDefinition> {
    version_for(shipped(survey), day)
}

/// One report file of the export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReportFile {
    pub name: &'static str,
    pub survey: SurveyKind,
    /// First and last day the file may hold (the 2021 hospital revision
    /// split the hospital reports in two files).
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

const fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// The report files in the order a run imports them.
pub const FILES: [ReportFile; 5] = [
    ReportFile { name: "hospital_daily_2020.csv", survey: SurveyKind::HospitalDaily, from: None, to: day(2021, 3, 31) },
    ReportFile { name: "hospital_daily.csv", survey: SurveyKind::HospitalDaily, from: day(2021, 4, 1), to: None },
    ReportFile { name: "clinic_daily.csv", survey: SurveyKind::ClinicDaily, from: None, to: None },
    ReportFile { name: "centre_daily.csv", survey: SurveyKind::CentreDaily, from: None, to: None },
    ReportFile { name: "supplies_weekly.csv", survey: SurveyKind::SuppliesWeekly, from: None, to: None },
];

impl ReportFile {
    /// The file called `name`, if it is a report file.
    pub fn named(name: &str) -> Option<ReportFile> {
        FILES.into_iter().find(|f| f.name == name)
    }

    /// The column naming the reporting unit: centres have no 医療機関コード.
    pub fn unit_column(&self) -> &'static str {
        if self.survey == SurveyKind::CentreDaily { CENTRE_LOGIN_ID } else { MEDICAL_CODE }
    }

    /// Whether a row is a week (named by its Monday) rather than a day.
    pub fn weekly(&self) -> bool {
        self.survey.period() == PeriodKind::Week
    }

    /// The column naming the period: 報告日, or 週 for the weekly survey.
    pub fn period_column(&self) -> &'static str {
        if self.weekly() { WEEK } else { DAY }
    }

    /// The report of a period as a reason names it: 「2021/01/04 の報告」
    /// or 「2021/01/04 の週の報告」.
    pub fn report_name(&self, day: NaiveDate) -> String {
        let week = if self.weekly() { "の週" } else { "" };
        format!("{} {week}の報告", day.format("%Y/%m/%d"))
    }

    /// The shipped versions in force on some day this file may hold.
    pub fn versions(&self) -> Vec<&'static SurveyDefinition> {
        let all = shipped(self.survey);
        all.iter()
            .enumerate()
            .filter(|(i, v)| {
                let ends = all.get(i + 1).and_then(|next| next.effective_from.pred_opt());
                self.to.is_none_or(|to| v.effective_from <= to)
                    && self.from.is_none_or(|from| ends.is_none_or(|e| e >= from))
            })
            .map(|(_, v)| v)
            .collect()
    }

    /// Each item of those versions once, with its column: the label of the
    /// first version that has it (an item keeps its code when a later
    /// version relabels it).
    pub fn items(&self) -> Vec<(&'static str, &'static str)> {
        let mut items: Vec<(&'static str, &'static str)> = Vec::new();
        for version in self.versions() {
            for item in &version.items {
                if !items.iter().any(|(code, _)| *code == item.code) {
                    items.push((item.code.as_str(), item.label.as_str()));
                }
            }
        }
        items
    }

    /// Every column the header must have.
    pub fn columns(&self) -> Vec<&'static str> {
        // The weekly survey of the previous system had no 「報告なし」.
        let mut columns = vec![self.unit_column(), self.period_column()];
        if !self.weekly() {
            columns.push(NOTHING);
        }
        columns.extend(self.items().into_iter().map(|(_, label)| label));
        columns.extend([ENTERED_BY, SAVED_AT]);
        columns
    }
}

/// A checked row: the unit as the export names it, the day, the version in
/// force on it and the answers that version accepts.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportRow {
    /// The 医療機関コード (ASCII digits) or the centre's login ID.
    pub unit: String,
    pub day: NaiveDate,
    pub definition: &'static SurveyDefinition,
    pub nothing_to_report: bool,
    pub answers: Answers,
    pub entered_by: Option<String>,
    pub saved_at: Option<DateTime<Utc>>,
}

impl ReportRow {
    /// The row's natural key: its unit and day.
    pub fn key(&self) -> String {
        row_key(&self.unit, self.day)
    }

    /// What decides whether a row changed since the last run: the values,
    /// however written (和暦 or not, full-width or not).
    pub fn fingerprint(&self) -> String {
        hex(&self.digest())
    }

    /// The [`Self::fingerprint`]'s 32 bytes: SHA-256 of the JSON array
    /// `[version, nothing to report, answers, entered by, saved at]`,
    /// written straight from the values (the text earlier runs hashed).
    pub fn digest(&self) -> [u8; 32] {
        let values = (self.definition.version, self.nothing_to_report, &self.answers, &self.entered_by, &self.saved_at);
        let text = serde_json::to_vec(&values).unwrap_or_default();
        Sha256::digest(&text).into()
    }
}

/// A report row's natural key as `legacy_rows` stores it: unit and day.
pub fn row_key(unit: &str, day: NaiveDate) -> String {
    // Day first: the export lists a day's reports together, so a batch's
    // keys sit together in the `legacy_rows` index.
    format!("{day}|{unit}")
}

/// The key of a record by its unit and period columns alone, as
/// [`check`] would read them (`None` if they do not read).
pub fn key_of(layout: &Layout, fields: &[String]) -> Option<String> {
    let unit = text::normalize(layout.field(fields, layout.unit));
    let day = text::date(layout.field(fields, layout.period)).ok()?;
    Some(row_key(&unit, day))
}

/// Where a report file's columns are in its records, found once from its
/// header: the fields of a row are then read by position, not looked up
/// by name (a year of the export is 14.6 million rows of twenty fields).
#[derive(Clone, Debug)]
pub struct Layout {
    unit: Option<usize>,
    period: Option<usize>,
    nothing: Option<usize>,
    entered_by: Option<usize>,
    saved_at: Option<usize>,
    /// Each item of [`ReportFile::items`]: its code, label and position.
    items: Vec<(&'static str, &'static str, Option<usize>)>,
}

impl Layout {
    /// The layout of `file` whose header puts each column where `position`
    /// says (a column it lacks reads as blank).
    pub fn new(file: &ReportFile, position: impl Fn(&str) -> Option<usize>) -> Layout {
        Layout {
            unit: position(file.unit_column()),
            period: position(file.period_column()),
            // The weekly survey of the previous system had no 報告なし (an extra one is ignored).
            nothing: if file.weekly() { None } else { position(NOTHING) },
            entered_by: position(ENTERED_BY),
            saved_at: position(SAVED_AT),
            items: file.items().into_iter().map(|(code, label)| (code, label, position(label))).collect(),
        }
    }

    fn field<'a>(&self, fields: &'a [String], at: Option<usize>) -> &'a str {
        at.and_then(|i| fields.get(i)).map_or("", String::as_str)
    }

    /// The column of the item `code`.
    fn label_of(&self, code: &str) -> Option<&'static str> {
        self.items.iter().find(|(c, _, _)| *c == code).map(|(_, label, _)| *label)
    }
}

/// `2020/12/18 09:30:00` (or `09:30`), Japan time; a date alone is its
/// midnight.
pub fn saved_at(s: &str) -> Result<DateTime<Utc>, String> {
    let n = text::normalize(s);
    let (date, time) = n.split_once(' ').map_or((n.as_str(), ""), |(d, t)| (d, t.trim()));
    let date = text::date(date)?;
    let time = if time.is_empty() {
        NaiveTime::MIN
    } else {
        NaiveTime::parse_from_str(time, "%H:%M:%S")
            .or_else(|_| NaiveTime::parse_from_str(time, "%H:%M"))
            .map_err(|_| format!("「{s}」は日時ではありません（2020/12/18 09:30:00 の形式）。"))?
    };
    date.and_time(time)
        .and_local_timezone(jst())
        .single()
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| format!("「{s}」は日時ではありません。"))
}

/// Checks one row of `file` on its own: unit, day (inside the file's
/// range, a Monday in the weekly file, with a survey version in force),
/// 報告なし, values read into the day's version and validated by it. One
/// problem per column.
pub fn check(file: &ReportFile, layout: &Layout, fields: &[String]) -> Result<ReportRow, Vec<Problem>> {
    let get = |at: Option<usize>| layout.field(fields, at);
    let mut problems: Vec<Problem> = Vec::new();
    let unit_column = file.unit_column();
    let unit = text::normalize(get(layout.unit));
    if unit.is_empty() {
        problems.push((unit_column, format!("{unit_column}がありません。")));
    }
    let day_column = file.period_column();
    let day = match text::date(get(layout.period)) {
        Ok(d) if file.weekly() && PeriodKind::Week.start_of(d) != d => {
            problems.push((
                day_column,
                format!(
                    "{} は月曜日ではありません（週はその週の月曜日の日付で書きます。この週の月曜日は {} です）。",
                    d.format("%Y/%m/%d"),
                    PeriodKind::Week.start_of(d).format("%Y/%m/%d")
                ),
            ));
            None
        }
        Ok(d) if file.to.is_some_and(|to| d > to) || file.from.is_some_and(|from| d < from) => {
            let range = match (file.from, file.to) {
                (Some(from), _) => format!("{}以降", from.format("%Y/%m/%d")),
                (_, Some(to)) => format!("{}まで", to.format("%Y/%m/%d")),
                _ => String::new(),
            };
            problems.push((
                day_column,
                format!(
                    "{} は {} に入る日ではありません（{range}の報告のファイルです）。",
                    d.format("%Y/%m/%d"),
                    file.name
                ),
            ));
            None
        }
        Ok(d) => Some(d),
        Err(_) if get(layout.period).trim().is_empty() => {
            problems.push((day_column, format!("{day_column}がありません。")));
            None
        }
        Err(reason) => {
            problems.push((day_column, reason));
            None
        }
    };
    let definition = day.and_then(|d| in_force(file.survey, d));
    if let (Some(d), None) = (day, definition) {
        let week = if file.weekly() { "の週" } else { "" };
        problems.push((day_column, format!("{} {week}にはこの調査がありません。", d.format("%Y/%m/%d"))));
    }
    let nothing = text::normalize(get(layout.nothing));
    let nothing_to_report = match nothing.as_str() {
        "" | "0" => false,
        "1" => true,
        other => {
            problems.push((NOTHING, format!("「{other}」は 1 か空欄で書きます。")));
            false
        }
    };
    let entered_by = Some(get(layout.entered_by).trim().to_owned()).filter(|s| !s.is_empty());
    let saved_at = match get(layout.saved_at).trim() {
        "" => None,
        s => match saved_at(s) {
            Ok(t) => Some(t),
            Err(reason) => {
                problems.push((SAVED_AT, reason));
                None
            }
        },
    };
    let mut answers = Answers::new();
    if let Some(definition) = definition {
        let mut raw = RawValues::new();
        for &(code, label, at) in &layout.items {
            let value = get(at);
            if value.trim().is_empty() {
                continue;
            }
            let Some(item) = definition.item(code) else {
                problems.push((
                    label,
                    format!(
                        "{}の報告には「{label}」はありません（第{}版の様式。空欄にしてください）。",
                        definition.effective_from.format("%Y/%m/%d以降"),
                        definition.version
                    ),
                ));
                continue;
            };
            let typed = match &item.kind {
                ItemKind::Count { .. } => match text::count(value) {
                    Ok(n) => n.map(|n| n.to_string()).unwrap_or_default(),
                    Err(reason) => {
                        problems.push((label, reason));
                        continue;
                    }
                },
                ItemKind::Choice { choices } => {
                    let v = value.trim();
                    match choices.iter().find(|c| c.label == v || c.code == v) {
                        Some(c) => c.code.clone(),
                        None => {
                            let names: Vec<&str> = choices.iter().map(|c| c.label.as_str()).collect();
                            problems.push((label, format!("「{v}」は {} のどれでもありません。", names.join("・"))));
                            continue;
                        }
                    }
                }
                ItemKind::YesNo => match value.trim() {
                    "はい" | "1" | "yes" => "yes".to_owned(),
                    "いいえ" | "0" | "no" => "no".to_owned(),
                    v => {
                        problems.push((label, format!("「{v}」は はい か いいえ で書きます。")));
                        continue;
                    }
                },
            };
            raw.insert(code.to_owned(), typed);
        }
        // A day with nothing to report has no values to check (as in the form).
        if !nothing_to_report && problems.is_empty() {
            match definition.validate(&raw) {
                Ok(valid) => answers = valid,
                Err(errors) => {
                    for (code, message) in errors {
                        let label = layout.label_of(&code).unwrap_or(day_column);
                        let label_text = definition.item(&code).map_or(code.as_str(), |i| i.label.as_str());
                        problems.push((label, format!("{label_text}: {message}")));
                    }
                }
            }
        }
    }
    match (problems.is_empty(), day, definition) {
        (true, Some(day), Some(definition)) => {
            Ok(ReportRow { unit, day, definition, nothing_to_report, answers, entered_by, saved_at })
        }
        _ => Err(problems),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used, clippy::unwrap_used)]

    use super::*;
    use crate::domain::surveys::Answer;
    use std::collections::HashMap;

    /// Checks a record of `file` holding `values` by column (the others blank).
    fn row(file: &ReportFile, values: &[(&str, &str)]) -> Result<ReportRow, Vec<Problem>> {
        let map: HashMap<&str, &str> = values.iter().copied().collect();
        let columns = file.columns();
        let fields: Vec<String> = columns.iter().map(|c| map.get(c).copied().unwrap_or_default().to_owned()).collect();
        check(file, &Layout::new(file, |c| columns.iter().position(|k| *k == c)), &fields)
    }

    fn file(name: &str) -> ReportFile {
        ReportFile::named(name).unwrap()
    }

    #[test]
    fn the_columns_are_the_item_labels_of_the_versions_a_file_covers() {
        let old = file("hospital_daily_2020.csv").columns();
        assert!(old.contains(&"手術") && old.contains(&"PCR検査 実施件数"), "{old:?}");
        let new = file("hospital_daily.csv").columns();
        assert!(!new.contains(&"手術") && new.contains(&"職員の充足"), "{new:?}");
        let centre = file("centre_daily.csv").columns();
        assert!(
            centre.contains(&"相談件数") && !centre.contains(&"相談件数（電話・オンライン）"),
            "v1's label: {centre:?}"
        );
        assert!(centre.contains(&"健康観察の架電件数"));
        assert_eq!(centre[0], CENTRE_LOGIN_ID);
    }

    /// A full pre-2021 hospital row (`hospital_daily.v1.json`).
    const HOSPITAL_2020: [(&str, &str); 17] = [
        ("外来", "通常"),
        ("入院", "制限"),
        ("救急", "通常"),
        ("手術", "停止"),
        ("医師の充足", "通常"),
        ("看護師の充足", "欠員あり"),
        ("新型コロナ入院患者数", "１２"),
        ("うち重症者数", "3"),
        ("人工呼吸器 使用中", "1"),
        ("人工呼吸器 保有", "4"),
        ("ECMO 使用中", "0"),
        ("ECMO 保有", "1"),
        ("確保病床数", "1,020"),
        ("うち使用中の病床数", "12"),
        ("発熱外来 受診者数", "30"),
        ("PCR検査 実施件数", "25"),
        ("うち陽性件数", "2"),
    ];

    #[test]
    fn a_pre_2021_hospital_row_is_read_under_version_1_with_choice_labels_and_wareki() {
        let mut values =
            vec![(MEDICAL_CODE, "０１１０１００２１１"), (DAY, "令和2年12月18日"), (SAVED_AT, "2020/12/18 09:30:00")];
        values.extend(HOSPITAL_2020);
        let r = row(&file("hospital_daily_2020.csv"), &values).unwrap();
        assert_eq!(
            (r.unit.as_str(), r.day.to_string().as_str(), r.definition.version),
            ("0110100211", "2020-12-18", 1)
        );
        assert_eq!(r.answers.get("surgery_status"), Some(&Answer::Choice("stopped".to_owned())));
        assert_eq!(r.answers.get("nurse_staffing"), Some(&Answer::Choice("short".to_owned())));
        assert_eq!(r.answers.get("covid_inpatients"), Some(&Answer::Count(12)));
        assert_eq!(r.answers.get("secured_beds"), Some(&Answer::Count(1020)));
        assert_eq!(r.answers.len(), 17);
        assert_eq!(r.saved_at.unwrap().to_rfc3339(), "2020-12-18T00:30:00+00:00", "Japan time");
    }

    #[test]
    fn a_choice_not_in_the_list_and_a_missing_required_value_are_named_by_column() {
        let mut values = vec![(MEDICAL_CODE, "0110100211"), (DAY, "2020/12/18")];
        values.extend(
            HOSPITAL_2020
                .into_iter()
                .filter(|(c, _)| *c != "ECMO 保有")
                .map(|(c, v)| if c == "外来" { (c, "休診") } else { (c, v) }),
        );
        let problems = row(&file("hospital_daily_2020.csv"), &values).unwrap_err();
        assert_eq!(problems.len(), 1, "the choice first: {problems:?}");
        assert_eq!(problems[0].0, "外来");
        assert!(problems[0].1.contains("通常・制限・停止"), "{}", problems[0].1);
        values.retain(|(c, _)| *c != "外来");
        values.push(("外来", "通常"));
        let problems = row(&file("hospital_daily_2020.csv"), &values).unwrap_err();
        assert_eq!(problems.iter().map(|p| p.0).collect::<Vec<_>>(), ["ECMO 保有"]);
    }

    #[test]
    fn the_cross_field_rules_of_the_days_version_refuse_a_row() {
        let problems = row(
            &file("clinic_daily.csv"),
            &[
                (MEDICAL_CODE, "1310401292"),
                (DAY, "2021/01/05"),
                ("発熱患者等 受診者数", "4"),
                ("PCR検査 件数", "4"),
                ("抗原検査 件数", "0"),
                ("陽性件数", "1"),
                ("入院医療機関への紹介", "5"),
            ],
        )
        .unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].0, "入院医療機関への紹介");
    }

    #[test]
    fn days_outside_the_file_or_items_outside_the_days_version_are_refused() {
        let late =
            row(&file("hospital_daily_2020.csv"), &[(MEDICAL_CODE, "0110100211"), (DAY, "2021/04/01"), (NOTHING, "1")]);
        assert_eq!(late.unwrap_err()[0].0, DAY);
        let early = row(&file("hospital_daily.csv"), &[(MEDICAL_CODE, "0110100211"), (DAY, "R3.3.31"), (NOTHING, "1")]);
        assert_eq!(early.unwrap_err()[0].0, DAY);
        let calls = row(
            &file("centre_daily.csv"),
            &[(CENTRE_LOGIN_ID, "04S00001"), (DAY, "2021/09/30"), (NOTHING, "1"), ("健康観察の架電件数", "3")],
        );
        assert_eq!(calls.unwrap_err()[0].0, "健康観察の架電件数");
        let bad =
            row(&file("clinic_daily.csv"), &[(MEDICAL_CODE, "1310401292"), (DAY, "平成32年1月5日"), (NOTHING, "2")]);
        let columns: Vec<&str> = bad.unwrap_err().iter().map(|p| p.0).collect();
        assert_eq!(columns, [DAY, NOTHING]);
    }

    #[test]
    fn nothing_to_report_needs_no_values_and_the_fingerprint_ignores_how_values_are_written() {
        let a = row(&file("clinic_daily.csv"), &[(MEDICAL_CODE, "1310401292"), (DAY, "2021/01/05"), (NOTHING, "1")])
            .unwrap();
        assert!(a.nothing_to_report && a.answers.is_empty());
        let values = |n: &'static str, d: &'static str| {
            row(
                &file("clinic_daily.csv"),
                &[
                    (MEDICAL_CODE, "1310401292"),
                    (DAY, d),
                    ("発熱患者等 受診者数", n),
                    ("PCR検査 件数", "1"),
                    ("抗原検査 件数", "0"),
                    ("陽性件数", "0"),
                    ("入院医療機関への紹介", "0"),
                ],
            )
            .unwrap()
        };
        assert_eq!(values("１２", "令和3年1月5日").fingerprint(), values("12", "2021/1/5").fingerprint());
        assert_ne!(values("12", "2021/1/5").fingerprint(), values("13", "2021/1/5").fingerprint());
        assert_eq!(values("12", "2021/1/5").key(), "2021-01-05|1310401292");
    }

    /// Earlier runs stored these fingerprints: a row as it was must still
    /// match them, or every report of a re-run would become an amendment.
    #[test]
    fn a_rows_fingerprint_is_the_one_earlier_runs_stored() {
        let mut values = vec![(MEDICAL_CODE, "0110100211"), (DAY, "2020/12/18"), (SAVED_AT, "2020/12/18 09:30:00")];
        values.extend(HOSPITAL_2020);
        let hospital = row(&file("hospital_daily_2020.csv"), &values).unwrap();
        let clinic = row(
            &file("clinic_daily.csv"),
            &[(MEDICAL_CODE, "1310401292"), (DAY, "2021/01/05"), (NOTHING, "1"), (ENTERED_BY, "A13000001")],
        )
        .unwrap();
        assert_eq!(
            [hospital.fingerprint(), clinic.fingerprint()],
            [
                "c9c5892e19c2dc34b5a2207afbb2f355cc443a367b0465b411e17717ece10e21",
                "e12742e16ccecfaf6f0f6309a5016d1ff19ada4e8d563f1e0499016e1561ebef"
            ]
        );
    }

    /// A full weekly supply row (`supplies_weekly.v1.json`), 入荷予定量 blank for two supplies.
    const SUPPLIES: [(&str, &str); 15] = [
        ("サージカルマスク 在庫量", "１２，０００"),
        ("サージカルマスク 前週の使用量", "3500"),
        ("サージカルマスク 入荷予定量", "5000"),
        ("N95等マスク 在庫量", "800"),
        ("N95等マスク 前週の使用量", "210"),
        ("N95等マスク 入荷予定量", ""),
        ("アイソレーションガウン 在庫量", "1,200"),
        ("アイソレーションガウン 前週の使用量", "400"),
        ("アイソレーションガウン 入荷予定量", "0"),
        ("フェイスシールド 在庫量", "300"),
        ("フェイスシールド 前週の使用量", "90"),
        ("フェイスシールド 入荷予定量", ""),
        ("非滅菌手袋 在庫量", "20000"),
        ("非滅菌手袋 前週の使用量", "6000"),
        ("非滅菌手袋 入荷予定量", "10000"),
    ];

    #[test]
    fn the_weekly_file_has_the_survey_labels_a_week_column_and_no_nothing_to_report() {
        let weekly = file("supplies_weekly.csv");
        let columns = weekly.columns();
        assert_eq!(columns[..2], [MEDICAL_CODE, WEEK]);
        assert!(!columns.contains(&NOTHING) && !columns.contains(&DAY), "{columns:?}");
        assert_eq!(columns.len(), 2 + 15 + 2);
        for (label, _) in SUPPLIES {
            assert!(columns.contains(&label), "{label}");
        }
        assert_eq!(columns[columns.len() - 2..], [ENTERED_BY, SAVED_AT]);
    }

    #[test]
    fn a_weekly_row_is_read_on_its_monday_with_expected_receipts_optional() {
        let mut values = vec![(MEDICAL_CODE, "1310100514"), (WEEK, "令和３年１月４日"), (SAVED_AT, "2021/01/04 10:00")];
        values.extend(SUPPLIES);
        let r = row(&file("supplies_weekly.csv"), &values).unwrap();
        assert_eq!(
            (r.day.to_string().as_str(), r.definition.survey, r.definition.version),
            ("2021-01-04", SurveyKind::SuppliesWeekly, 1)
        );
        assert!(!r.nothing_to_report);
        assert_eq!(r.answers.get("surgical_mask_stock"), Some(&Answer::Count(12_000)));
        assert_eq!(r.answers.get("gown_stock"), Some(&Answer::Count(1_200)));
        assert_eq!(r.answers.get("gown_expected"), Some(&Answer::Count(0)));
        assert_eq!(r.answers.get("n95_mask_expected"), None, "blank is unknown, not zero");
        assert_eq!(r.answers.len(), 13);
        assert_eq!(r.key(), "2021-01-04|1310100514");
        assert_eq!(file("supplies_weekly.csv").report_name(r.day), "2021/01/04 の週の報告");
        assert_eq!(file("clinic_daily.csv").report_name(r.day), "2021/01/04 の報告");
    }

    #[test]
    fn a_week_not_named_by_its_monday_a_negative_or_missing_count_is_refused() {
        let weekly = file("supplies_weekly.csv");
        let mut values = vec![(MEDICAL_CODE, "1310100514"), (WEEK, "2021/01/06")];
        values.extend(SUPPLIES);
        let problems = row(&weekly, &values).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].0, WEEK);
        assert!(
            problems[0].1.contains("月曜日ではありません") && problems[0].1.contains("2021/01/04"),
            "{}",
            problems[0].1
        );

        let edited = |label: &str, value: &'static str| {
            let mut values = vec![(MEDICAL_CODE, "1310100514"), (WEEK, "R3.1.4")];
            values.extend(SUPPLIES.into_iter().map(|(c, v)| if c == label { (c, value) } else { (c, v) }));
            row(&weekly, &values).unwrap_err()
        };
        let negative = edited("フェイスシールド 在庫量", "-3");
        assert_eq!(negative.iter().map(|p| p.0).collect::<Vec<_>>(), ["フェイスシールド 在庫量"], "{negative:?}");
        let missing = edited("非滅菌手袋 前週の使用量", "");
        assert_eq!(missing.iter().map(|p| p.0).collect::<Vec<_>>(), ["非滅菌手袋 前週の使用量"], "{missing:?}");
        let words = edited("N95等マスク 在庫量", "たくさん");
        assert_eq!(words.iter().map(|p| p.0).collect::<Vec<_>>(), ["N95等マスク 在庫量"]);
        let blank = row(&weekly, &[(MEDICAL_CODE, "1310100514")]).unwrap_err();
        assert!(blank.iter().any(|p| p.0 == WEEK && p.1 == "週がありません。"), "{blank:?}");
    }

    #[test]
    fn saved_at_is_japan_time_and_refuses_other_text() {
        assert_eq!(saved_at("２０２０／１２／１８ ９:３０").unwrap().to_rfc3339(), "2020-12-18T00:30:00+00:00");
        assert!(saved_at("2020/12/18 25:00:00").is_err());
        assert!(saved_at("昨日").is_err());
    }
}
