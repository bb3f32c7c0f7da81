//! Survey definitions as data (SPEC §3): each survey has versions that take
//! effect on a date, and each version lists its items and cross-field rules.
//! The definitions live in `surveys/*.json` at the top of the repository and
//! are installed into the database at start-up; a new version is a new file
//! (or `gmis surveys add FILE`), never a code change.
//!
//! [`SurveyDefinition::validate`] is the one validation of a report: the
//! browser runs it as the user types and the server runs it again before
//! saving, so both answer with the same Japanese message per field.

use crate::domain::error::FieldErrors;
use crate::domain::locale::Lang;
use crate::i18n;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The surveys G-MIS collects. Stored as [`SurveyKind::code`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SurveyKind {
    /// 病院 日次調査.
    HospitalDaily,
    /// 診療・検査医療機関 日次調査.
    ClinicDaily,
    /// 受診・相談センター 日次調査.
    CentreDaily,
    /// 医療用物資 週次調査 (ISO week, Monday to Sunday).
    SuppliesWeekly,
}

impl SurveyKind {
    pub const ALL: [SurveyKind; 4] =
        [SurveyKind::HospitalDaily, SurveyKind::ClinicDaily, SurveyKind::CentreDaily, SurveyKind::SuppliesWeekly];

    pub const fn code(self) -> &'static str {
        match self {
            SurveyKind::HospitalDaily => "hospital_daily",
            SurveyKind::ClinicDaily => "clinic_daily",
            SurveyKind::CentreDaily => "centre_daily",
            SurveyKind::SuppliesWeekly => "supplies_weekly",
        }
    }

    pub fn from_code(code: &str) -> Option<SurveyKind> {
        SurveyKind::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// What kind of answer an item takes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ItemKind {
    /// A whole number of people, tests, beds… between `min` and `max`.
    Count {
        #[serde(default)]
        unit: String,
        #[serde(default)]
        min: i64,
        max: i64,
    },
    /// One of a fixed list (e.g. 通常・制限・停止).
    Choice { choices: Vec<Choice> },
    /// はい / いいえ.
    YesNo,
}

/// One option of a choice item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub code: String,
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_en: Option<String>,
}

/// One question of a survey version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// Stable across versions while the meaning stays the same, so that
    /// yesterday's value can be shown beside today's across a new version.
    pub code: String,
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_en: Option<String>,
    #[serde(flatten)]
    pub kind: ItemKind,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub help: String,
    /// Items with the same section are shown together under its heading.
    #[serde(default)]
    pub section: String,
    /// The English texts of `help`, `section` and a count's unit (issue 21
    /// item 4), shown to users who read English; Japanese where missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help_en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section_en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_en: Option<String>,
}

impl Item {
    pub fn is_count(&self) -> bool {
        matches!(self.kind, ItemKind::Count { .. })
    }
}

/// A rule across items. Only "not greater than" is needed by the surveys of
/// SPEC §3 (severe ≤ inpatients, in use ≤ owned, positives ≤ tests…).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Rule {
    /// `item` must not exceed `limit` (both counts).
    NotGreater { item: String, limit: String },
}

/// One version of one survey.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyDefinition {
    pub survey: SurveyKind,
    pub version: i32,
    /// First reporting day this version applies to.
    pub effective_from: NaiveDate,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_en: Option<String>,
    pub items: Vec<Item>,
    #[serde(default)]
    pub rules: Vec<Rule>,
}

/// A checked answer, stored as JSON (number, string or boolean).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Answer {
    Count(i64),
    YesNo(bool),
    Choice(String),
}

/// The answers of one report, item code → answer.
pub type Answers = BTreeMap<String, Answer>;

/// The answers as typed, item code → text (a form field's value).
pub type RawValues = BTreeMap<String, String>;

/// Why a definition file cannot be installed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DefinitionProblem {
    #[error("no items")]
    NoItems,
    #[error("item code {0} is empty, repeated or not [a-z0-9_]")]
    BadCode(String),
    #[error("item {0}: min is greater than max, or a choice list is empty")]
    BadBounds(String),
    #[error("rule refers to {0}, which is not a count item of this version")]
    BadRule(String),
    #[error("version must be 1 or more")]
    BadVersion,
}

impl SurveyDefinition {
    /// The definition as a reader of `lang` sees it: in English, every
    /// label, help, section, unit, choice and the title that has an English
    /// text replaces the Japanese one (the rest stays Japanese). Codes,
    /// bounds and rules are untouched, so checks and storage are the same.
    pub fn localized(mut self, lang: Lang) -> SurveyDefinition {
        if lang == Lang::Ja {
            return self;
        }
        fn take(ja: &mut String, en: &mut Option<String>) {
            if let Some(e) = en.take().filter(|e| !e.trim().is_empty()) {
                *ja = e;
            }
        }
        take(&mut self.title, &mut self.title_en);
        for item in &mut self.items {
            take(&mut item.label, &mut item.label_en);
            take(&mut item.help, &mut item.help_en);
            take(&mut item.section, &mut item.section_en);
            match &mut item.kind {
                ItemKind::Count { unit, .. } => take(unit, &mut item.unit_en),
                ItemKind::Choice { choices } => {
                    for c in choices {
                        take(&mut c.label, &mut c.label_en);
                    }
                }
                ItemKind::YesNo => {}
            }
        }
        self
    }

    /// The title as a reader of `lang` sees it.
    pub fn title_in(&self, lang: Lang) -> &str {
        match (lang, self.title_en.as_deref()) {
            (Lang::En, Some(en)) if !en.trim().is_empty() => en,
            _ => &self.title,
        }
    }

    /// Keeps the English texts of `stored` that this definition leaves out:
    /// installing a file without English never takes English away.
    pub fn keep_english_of(&mut self, stored: &SurveyDefinition) {
        fn keep(en: &mut Option<String>, old: &Option<String>) {
            if en.is_none() {
                en.clone_from(old);
            }
        }
        keep(&mut self.title_en, &stored.title_en);
        for item in &mut self.items {
            let Some(old) = stored.item(&item.code) else { continue };
            keep(&mut item.label_en, &old.label_en);
            keep(&mut item.help_en, &old.help_en);
            keep(&mut item.section_en, &old.section_en);
            keep(&mut item.unit_en, &old.unit_en);
            if let (ItemKind::Choice { choices }, ItemKind::Choice { choices: old }) = (&mut item.kind, &old.kind) {
                for c in choices {
                    if let Some(o) = old.iter().find(|o| o.code == c.code) {
                        keep(&mut c.label_en, &o.label_en);
                    }
                }
            }
        }
    }

    /// Whether `other` says the same as this version, its English texts
    /// aside: English may be added to a version in force, its meaning not.
    pub fn same_but_english(&self, other: &SurveyDefinition) -> bool {
        fn japanese(d: &SurveyDefinition) -> SurveyDefinition {
            let mut d = d.clone();
            d.title_en = None;
            for item in &mut d.items {
                (item.label_en, item.help_en, item.section_en, item.unit_en) = (None, None, None, None);
                if let ItemKind::Choice { choices } = &mut item.kind {
                    for c in choices {
                        c.label_en = None;
                    }
                }
            }
            d
        }
        japanese(self) == japanese(other)
    }

    /// Checks that the definition is usable: unique codes, sane bounds, rules
    /// over existing count items.
    pub fn check(&self) -> Result<(), DefinitionProblem> {
        match self.problems().into_iter().next() {
            Some(p) => Err(p),
            None => Ok(()),
        }
    }

    /// Everything that keeps the definition from being usable, in the order
    /// of the file (a rule naming two missing items is two problems).
    pub fn problems(&self) -> Vec<DefinitionProblem> {
        let mut problems = Vec::new();
        if self.version < 1 {
            problems.push(DefinitionProblem::BadVersion);
        }
        if self.items.is_empty() {
            problems.push(DefinitionProblem::NoItems);
        }
        let mut seen = std::collections::BTreeSet::new();
        for item in &self.items {
            let code_ok = !item.code.is_empty()
                && item.code.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
            if !code_ok || !seen.insert(item.code.as_str()) {
                problems.push(DefinitionProblem::BadCode(item.code.clone()));
                continue;
            }
            let bounds_ok = match &item.kind {
                ItemKind::Count { min, max, .. } => min <= max && *min >= 0,
                ItemKind::Choice { choices } => !choices.is_empty(),
                ItemKind::YesNo => true,
            };
            if !bounds_ok {
                problems.push(DefinitionProblem::BadBounds(item.code.clone()));
            }
        }
        for Rule::NotGreater { item, limit } in &self.rules {
            for code in [item, limit] {
                if !self.item(code).is_some_and(Item::is_count) {
                    problems.push(DefinitionProblem::BadRule(code.clone()));
                }
            }
        }
        problems
    }

    pub fn item(&self, code: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.code == code)
    }

    /// Checks what the user typed against this version: every field first on
    /// its own (required, whole number, bounds, known choice), then the
    /// cross-field rules over the fields that passed. Values of codes that
    /// are not items of this version are ignored. Returns the typed answers,
    /// or one Japanese message per refused field.
    pub fn validate(&self, raw: &RawValues) -> Result<Answers, FieldErrors> {
        let t = i18n::t();
        let mut answers = Answers::new();
        let mut errors = FieldErrors::new();
        for item in &self.items {
            let text = raw.get(&item.code).map(|s| normalise_digits(s.trim())).unwrap_or_default();
            if text.is_empty() {
                if item.required {
                    errors.insert(item.code.clone(), t.survey_required.to_owned());
                }
                continue;
            }
            match parse_answer(item, &text) {
                Ok(answer) => {
                    answers.insert(item.code.clone(), answer);
                }
                Err(message) => {
                    errors.insert(item.code.clone(), message);
                }
            }
        }
        for Rule::NotGreater { item, limit } in &self.rules {
            let (Some(Answer::Count(value)), Some(Answer::Count(bound))) = (answers.get(item), answers.get(limit))
            else {
                continue;
            };
            if value > bound && !errors.contains_key(item) {
                let limit_label = self.item(limit).map_or(limit.as_str(), |i| i.label.as_str());
                errors.insert(item.clone(), (t.survey_not_greater)(limit_label, *bound));
            }
        }
        if errors.is_empty() { Ok(answers) } else { Err(errors) }
    }
}

/// Full-width digits (１２３) from Japanese keyboards are read as ASCII.
pub(crate) fn normalise_digits(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            c => c,
        })
        .collect()
}

fn parse_answer(item: &Item, text: &str) -> Result<Answer, String> {
    let t = i18n::t();
    match &item.kind {
        ItemKind::Count { min, max, unit } => {
            let n: i64 = text.parse().map_err(|_| t.survey_whole_number.to_owned())?;
            if n < *min || n > *max {
                return Err((t.survey_out_of_range)(*min, *max, unit));
            }
            Ok(Answer::Count(n))
        }
        ItemKind::Choice { choices } => choices
            .iter()
            .find(|c| c.code == text)
            .map(|c| Answer::Choice(c.code.clone()))
            .ok_or_else(|| t.survey_unknown_choice.to_owned()),
        ItemKind::YesNo => match text {
            "yes" => Ok(Answer::YesNo(true)),
            "no" => Ok(Answer::YesNo(false)),
            _ => Err(t.survey_unknown_choice.to_owned()),
        },
    }
}

impl Answer {
    /// The value as a form field holds it (the inverse of validation).
    pub fn to_raw(&self) -> String {
        match self {
            Answer::Count(n) => n.to_string(),
            Answer::YesNo(true) => "yes".to_owned(),
            Answer::YesNo(false) => "no".to_owned(),
            Answer::Choice(c) => c.clone(),
        }
    }

    /// The value as shown to people (choice labels, はい/いいえ, units).
    pub fn display(&self, item: Option<&Item>) -> String {
        let t = i18n::t();
        match (self, item.map(|i| &i.kind)) {
            (Answer::Count(n), Some(ItemKind::Count { unit, .. })) => format!("{n}{unit}"),
            (Answer::Choice(code), Some(ItemKind::Choice { choices })) => {
                choices.iter().find(|c| &c.code == code).map_or_else(|| code.clone(), |c| c.label.clone())
            }
            (Answer::YesNo(true), _) => t.yes.to_owned(),
            (Answer::YesNo(false), _) => t.no.to_owned(),
            (other, _) => other.to_raw(),
        }
    }
}

/// Turns stored answers back into form values.
pub fn to_raw(answers: &Answers) -> RawValues {
    answers.iter().map(|(k, v)| (k.clone(), v.to_raw())).collect()
}

/// The version in force on `day`: the one with the latest `effective_from`
/// not after it. `None` before the first version.
pub fn version_for(versions: &[SurveyDefinition], day: NaiveDate) -> Option<&SurveyDefinition> {
    versions.iter().filter(|v| v.effective_from <= day).max_by_key(|v| v.effective_from)
}

/// The definitions shipped with G-MIS (`surveys/*.json`), installed at start-up.
pub const BUILTIN: &[&str] = &[
    include_str!("../../../surveys/hospital_daily.v1.json"),
    include_str!("../../../surveys/hospital_daily.v2.json"),
    include_str!("../../../surveys/clinic_daily.v1.json"),
    include_str!("../../../surveys/centre_daily.v1.json"),
    include_str!("../../../surveys/centre_daily.v2.json"),
    include_str!("../../../surveys/supplies_weekly.v1.json"),
];

/// A count item for unit tests of the modules that read definitions.
#[cfg(test)]
pub(crate) fn test_count_item(code: &str, label: &str, max: i64, required: bool) -> Item {
    Item {
        code: code.to_owned(),
        label: label.to_owned(),
        label_en: None,
        kind: ItemKind::Count { unit: "人".to_owned(), min: 0, max },
        required,
        help: String::new(),
        section: String::new(),
        help_en: None,
        section_en: None,
        unit_en: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(code: &str, max: i64, required: bool) -> Item {
        test_count_item(code, &format!("{code}の数"), max, required)
    }

    fn def() -> SurveyDefinition {
        SurveyDefinition {
            survey: SurveyKind::HospitalDaily,
            version: 1,
            effective_from: NaiveDate::from_ymd_opt(2020, 5, 1).expect("valid"),
            title: "病院".to_owned(),
            title_en: None,
            items: vec![
                count("inpatients", 5000, true),
                count("severe", 5000, true),
                count("note", 10, false),
                Item {
                    code: "outpatient".to_owned(),
                    label: "外来".to_owned(),
                    label_en: None,
                    kind: ItemKind::Choice {
                        choices: vec![Choice { code: "normal".to_owned(), label: "通常".to_owned(), label_en: None }],
                    },
                    required: true,
                    help: String::new(),
                    section: String::new(),
                    help_en: None,
                    section_en: None,
                    unit_en: None,
                },
                Item {
                    code: "accepting".to_owned(),
                    label: "受入".to_owned(),
                    label_en: None,
                    kind: ItemKind::YesNo,
                    required: false,
                    help: String::new(),
                    section: String::new(),
                    help_en: None,
                    section_en: None,
                    unit_en: None,
                },
            ],
            rules: vec![Rule::NotGreater { item: "severe".to_owned(), limit: "inpatients".to_owned() }],
        }
    }

    fn raw(pairs: &[(&str, &str)]) -> RawValues {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn accepts_a_complete_report() {
        let answers = def()
            .validate(&raw(&[("inpatients", "12"), ("severe", "3"), ("outpatient", "normal"), ("accepting", "yes")]))
            .expect("valid");
        assert_eq!(answers.get("severe"), Some(&Answer::Count(3)));
        assert_eq!(answers.get("accepting"), Some(&Answer::YesNo(true)));
        assert!(!answers.contains_key("note"), "an empty optional item is not answered");
    }

    #[test]
    fn severe_above_inpatients_is_refused_on_the_severe_field() {
        let errors = def()
            .validate(&raw(&[("inpatients", "2"), ("severe", "5"), ("outpatient", "normal")]))
            .expect_err("severe > inpatients");
        assert_eq!(errors.len(), 1);
        let message = &errors["severe"];
        assert!(message.contains("inpatientsの数") && message.contains('2'), "{message}");
    }

    #[test]
    fn equal_values_pass_the_rule() {
        assert!(def().validate(&raw(&[("inpatients", "5"), ("severe", "5"), ("outpatient", "normal")])).is_ok());
    }

    #[test]
    fn each_field_gets_its_own_message() {
        let errors = def()
            .validate(&raw(&[("inpatients", "-1"), ("severe", "abc"), ("note", "11"), ("outpatient", "closed")]))
            .expect_err("all wrong");
        assert_eq!(errors.keys().collect::<Vec<_>>(), ["inpatients", "note", "outpatient", "severe"]);
        assert!(errors["inpatients"].contains("0〜5000"), "{}", errors["inpatients"]);
        assert!(errors["severe"].contains("整数"), "{}", errors["severe"]);
    }

    #[test]
    fn required_fields_must_be_answered() {
        let errors = def().validate(&RawValues::new()).expect_err("empty");
        assert_eq!(errors.keys().collect::<Vec<_>>(), ["inpatients", "outpatient", "severe"]);
    }

    #[test]
    fn the_rule_waits_for_both_fields_to_be_valid() {
        let errors = def()
            .validate(&raw(&[("inpatients", "x"), ("severe", "9"), ("outpatient", "normal")]))
            .expect_err("bad inpatients");
        assert_eq!(errors.keys().collect::<Vec<_>>(), ["inpatients"]);
    }

    #[test]
    fn full_width_digits_and_spaces_are_accepted() {
        let answers = def()
            .validate(&raw(&[("inpatients", " １２ "), ("severe", "０"), ("outpatient", "normal")]))
            .expect("valid");
        assert_eq!(answers.get("inpatients"), Some(&Answer::Count(12)));
    }

    #[test]
    fn answers_round_trip_through_form_values() {
        let values = raw(&[("inpatients", "7"), ("severe", "1"), ("outpatient", "normal"), ("accepting", "no")]);
        let answers = def().validate(&values).expect("valid");
        assert_eq!(to_raw(&answers), values);
    }

    #[test]
    fn picks_the_version_in_force_on_the_day() {
        let mut v2 = def();
        v2.version = 2;
        v2.effective_from = NaiveDate::from_ymd_opt(2021, 4, 1).expect("valid");
        let versions = [def(), v2];
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("valid");
        assert_eq!(version_for(&versions, day(2021, 3, 31)).map(|v| v.version), Some(1));
        assert_eq!(version_for(&versions, day(2021, 4, 1)).map(|v| v.version), Some(2));
        assert_eq!(version_for(&versions, day(2020, 4, 30)).map(|v| v.version), None);
    }

    #[test]
    fn bad_definitions_are_refused() {
        let mut d = def();
        d.items.push(count("severe", 1, false));
        assert_eq!(d.check(), Err(DefinitionProblem::BadCode("severe".to_owned())));
        let mut d = def();
        d.rules.push(Rule::NotGreater { item: "outpatient".to_owned(), limit: "inpatients".to_owned() });
        assert_eq!(d.check(), Err(DefinitionProblem::BadRule("outpatient".to_owned())));
        let mut d = def();
        d.items[0].kind = ItemKind::Count { unit: String::new(), min: 5, max: 1 };
        assert_eq!(d.check(), Err(DefinitionProblem::BadBounds("inpatients".to_owned())));
    }

    #[test]
    fn shipped_definitions_are_valid_and_versioned() {
        let defs: Vec<SurveyDefinition> =
            BUILTIN.iter().map(|s| serde_json::from_str(s).expect("definition parses")).collect();
        for d in &defs {
            assert_eq!(d.check(), Ok(()), "{:?} v{}", d.survey, d.version);
        }
        let hospital: Vec<_> = defs.iter().filter(|d| d.survey == SurveyKind::HospitalDaily).collect();
        assert_eq!(hospital.len(), 2);
        assert!(hospital[1].items.len() < hospital[0].items.len(), "the 2021 revision has fewer items");
        assert_eq!(defs.iter().filter(|d| d.survey == SurveyKind::CentreDaily).count(), 2);
    }

    #[test]
    fn english_readers_get_english_texts_where_a_version_has_them() {
        let shipped: SurveyDefinition = serde_json::from_str(BUILTIN[1]).expect("shipped");
        let english = shipped.clone().localized(Lang::En);
        assert_eq!(Some(english.title.as_str()), shipped.title_en.as_deref());
        for (ja, en) in shipped.items.iter().zip(&english.items) {
            assert_eq!((&ja.code, std::mem::discriminant(&ja.kind)), (&en.code, std::mem::discriminant(&en.kind)));
            assert_eq!(Some(en.label.as_str()), ja.label_en.as_deref(), "{}", ja.code);
            if let (ItemKind::Choice { choices: a }, ItemKind::Choice { choices: b }) = (&ja.kind, &en.kind) {
                assert!(
                    a.iter().zip(b).all(|(a, b)| a.code == b.code && Some(b.label.as_str()) == a.label_en.as_deref())
                );
            }
        }
        assert_eq!(english.rules, shipped.rules);
        assert_eq!(shipped.clone().localized(Lang::Ja), shipped, "Japanese is the definition itself");
        // A text without English stays Japanese.
        let mut bare = def();
        bare.items[0].label_en = None;
        assert_eq!(bare.clone().localized(Lang::En).items[0].label, bare.items[0].label);
    }

    #[test]
    fn english_may_be_added_to_a_version_but_its_meaning_may_not_change() {
        let d = def();
        let mut translated = d.clone();
        translated.title_en = Some("Hospital".into());
        translated.items[0].help_en = Some("Inpatients now".into());
        assert!(d.same_but_english(&translated) && d != translated);
        let mut changed = translated.clone();
        changed.items[0].label = "入院患者".into();
        assert!(!d.same_but_english(&changed));
        let mut bounds = translated.clone();
        bounds.items[1].kind = ItemKind::Count { unit: "人".into(), min: 0, max: 1 };
        assert!(!d.same_but_english(&bounds));
        // A file without English keeps what was stored.
        let mut bare = d.clone();
        bare.keep_english_of(&translated);
        assert_eq!(bare, translated);
        let mut mended = d;
        mended.title_en = Some("Hospital daily survey".into());
        mended.keep_english_of(&translated);
        assert_eq!(mended.title_en.as_deref(), Some("Hospital daily survey"), "a new text wins");
        assert_eq!(mended.items[0].help_en.as_deref(), Some("Inpatients now"));
    }
}
