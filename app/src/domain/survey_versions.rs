//! New survey versions made in the browser (issue 21 items 2 and 6): what a
//! typed version is checked against before anything is saved, and what it
//! changes from the version it follows.
//!
//! The administrator types (or pastes) a version as the JSON of
//! `surveys/*.json`; the version number and the first day come from the
//! system and the form, never from the JSON: a version is always the next
//! number, and its day is after today and after every version already
//! installed. Every problem is listed on its field (`definition`, `items`,
//! `rules`, `effective_from`, `notice`), and nothing is saved while any
//! remains. Pure, so the preview and the save check the same way.

use crate::domain::error::FieldErrors;
use crate::domain::surveys::{Item, ItemKind, Rule, SurveyDefinition, SurveyKind};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The most characters of a typed definition (the largest shipped one is a
/// few thousand).
pub const MAX_DEFINITION_CHARS: usize = 100_000;

/// How long after its first day a version's form marks what changed.
pub const MARKED_DAYS: i64 = 30;

/// A version as typed on the form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionInput {
    /// The survey's code (`hospital_daily`…).
    pub survey: String,
    /// The JSON of `surveys/*.json`.
    pub definition: String,
    /// The first day it applies to (`YYYY-MM-DD`).
    pub effective_from: String,
    /// The notice explaining the change: its number, or empty.
    pub notice: String,
}

/// What changed about one item that both versions have.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemChange {
    pub code: String,
    /// Its label in the new version.
    pub label: String,
    /// The old label, when it changed.
    pub relabelled_from: Option<String>,
    /// How its answer is described before and after, when that changed
    /// (kind, bounds, unit, choices, required).
    pub redefined: Option<(String, String)>,
    /// The English label (`label_en`), when the item was relabelled in
    /// Japanese and it was left as it was: English readers would keep
    /// reading the old name.
    #[serde(default)]
    pub english_stale: Option<String>,
}

/// What a version changes from the version it follows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyDiff {
    /// (code, label) of items only the new version has.
    pub added: Vec<(String, String)>,
    /// (code, label) of items only the old version has.
    pub removed: Vec<(String, String)>,
    pub changed: Vec<ItemChange>,
    /// Rules only the new version has, and only the old one had, as text.
    pub rules_added: Vec<String>,
    pub rules_removed: Vec<String>,
    /// The title, when it changed: (old, new).
    pub retitled: Option<(String, String)>,
}

impl SurveyDiff {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.changed.is_empty()
            && self.rules_added.is_empty()
            && self.rules_removed.is_empty()
            && self.retitled.is_none()
    }

    /// The items of the new version its form marks 「変更」: those added or
    /// changed, and those a new or dropped rule is about.
    pub fn marked(&self, new: &SurveyDefinition, old: &SurveyDefinition) -> BTreeSet<String> {
        let mut codes: BTreeSet<String> = self.added.iter().map(|(c, _)| c.clone()).collect();
        codes.extend(self.changed.iter().map(|c| c.code.clone()));
        let dropped = old.rules.iter().filter(|r| !new.rules.contains(r));
        let added = new.rules.iter().filter(|r| !old.rules.contains(r));
        for Rule::NotGreater { item, limit } in dropped.chain(added) {
            codes.extend([item, limit].into_iter().filter(|c| new.item(c).is_some()).cloned());
        }
        codes
    }
}

/// How an item's answer is described, to compare two versions of it.
fn described(item: &Item) -> String {
    let t = crate::i18n::t().survey_admin();
    let kind = match &item.kind {
        ItemKind::Count { unit, min, max } => (t.count_kind)(*min, *max, unit),
        ItemKind::Choice { choices } => (t.choice_kind)(
            &choices.iter().map(|c| c.label.as_str()).collect::<Vec<_>>().join(crate::i18n::t().middle_dot),
        ),
        ItemKind::YesNo => t.yes_no_kind.to_owned(),
    };
    if item.required { format!("{kind}{}{}", crate::i18n::t().middle_dot, t.required) } else { kind }
}

/// A rule as text, with the items' labels where the version has them.
fn rule_text(rule: &Rule, def: &SurveyDefinition) -> String {
    let label = |code: &str| def.item(code).map_or_else(|| code.to_owned(), |i| i.label.clone());
    match rule {
        Rule::NotGreater { item, limit } => {
            (crate::i18n::t().survey_admin().rule_not_greater)(&label(item), &label(limit))
        }
    }
}

/// What `new` changes from `old`.
pub fn diff(old: &SurveyDefinition, new: &SurveyDefinition) -> SurveyDiff {
    let mut d = SurveyDiff::default();
    for item in &new.items {
        match old.item(&item.code) {
            None => d.added.push((item.code.clone(), item.label.clone())),
            Some(before) => {
                let relabelled_from = (before.label != item.label).then(|| before.label.clone());
                let (was, is) = (described(before), described(item));
                let redefined = (was != is).then_some((was, is));
                if relabelled_from.is_some() || redefined.is_some() {
                    let english_stale =
                        item.label_en.clone().filter(|_| relabelled_from.is_some() && item.label_en == before.label_en);
                    d.changed.push(ItemChange {
                        code: item.code.clone(),
                        label: item.label.clone(),
                        relabelled_from,
                        redefined,
                        english_stale,
                    });
                }
            }
        }
    }
    d.removed =
        old.items.iter().filter(|i| new.item(&i.code).is_none()).map(|i| (i.code.clone(), i.label.clone())).collect();
    d.rules_added = new.rules.iter().filter(|r| !old.rules.contains(r)).map(|r| rule_text(r, new)).collect();
    d.rules_removed = old.rules.iter().filter(|r| !new.rules.contains(r)).map(|r| rule_text(r, old)).collect();
    d.retitled = (old.title != new.title).then(|| (old.title.clone(), new.title.clone()));
    d
}

/// Checks a typed version against the versions installed (`installed`, of
/// every survey) on `today`. Answers with the version to install — the next
/// number of its survey, from the day typed — and the one it follows, or
/// every problem on its field.
pub fn check_new_version(
    input: &VersionInput,
    installed: &[SurveyDefinition],
    today: NaiveDate,
) -> Result<(SurveyDefinition, SurveyDefinition), FieldErrors> {
    let t = crate::i18n::t().survey_admin();
    let mut errors = FieldErrors::new();
    let Some(survey) = SurveyKind::from_code(input.survey.trim()) else {
        errors.insert("survey".into(), t.survey_unknown.into());
        return Err(errors);
    };
    let Some(latest) = installed.iter().filter(|v| v.survey == survey).max_by_key(|v| v.version) else {
        errors.insert("survey".into(), t.survey_unknown.into());
        return Err(errors);
    };
    match input.effective_from.trim().parse::<NaiveDate>() {
        Err(_) => {
            errors.insert("effective_from".into(), t.date_invalid.into());
        }
        Ok(day) if day <= today => {
            errors.insert("effective_from".into(), t.date_not_future.into());
        }
        Ok(day) if day <= latest.effective_from => {
            errors.insert("effective_from".into(), (t.date_before_latest)(latest.version, latest.effective_from));
        }
        Ok(_) => {}
    }
    if !input.notice.trim().is_empty() && input.notice.trim().parse::<u32>().is_err() {
        errors.insert("notice".into(), t.notice_invalid.into());
    }
    let definition = parse(input, survey, latest, &mut errors);
    match definition {
        Some(def) if errors.is_empty() => {
            if diff(latest, &def).is_empty() {
                errors.insert("definition".into(), t.no_change.into());
                return Err(errors);
            }
            Ok((def, latest.clone()))
        }
        _ => Err(errors),
    }
}

/// The typed JSON as this survey's next version, with every problem of its
/// items and rules on those fields.
fn parse(
    input: &VersionInput,
    survey: SurveyKind,
    latest: &SurveyDefinition,
    errors: &mut FieldErrors,
) -> Option<SurveyDefinition> {
    let t = crate::i18n::t().survey_admin();
    if input.definition.chars().count() > MAX_DEFINITION_CHARS {
        errors.insert("definition".into(), (t.too_long)(MAX_DEFINITION_CHARS));
        return None;
    }
    // The number and the day are the system's and the form's: whatever the
    // JSON says of them is replaced before it is read.
    let mut value: serde_json::Value = match serde_json::from_str(&input.definition) {
        Ok(v) => v,
        Err(e) => {
            errors.insert("definition".into(), (t.json_invalid)(e.line(), e.column()));
            return None;
        }
    };
    let Some(object) = value.as_object_mut() else {
        errors.insert("definition".into(), t.json_not_object.into());
        return None;
    };
    if object.get("survey").and_then(|s| s.as_str()).is_some_and(|s| s != survey.code()) {
        errors.insert("definition".into(), (t.json_other_survey)(survey.code()));
        return None;
    }
    let day = input.effective_from.trim().parse::<NaiveDate>().unwrap_or(latest.effective_from);
    object.insert("survey".into(), survey.code().into());
    object.insert("version".into(), (latest.version + 1).into());
    object.insert("effective_from".into(), day.to_string().into());
    let def: SurveyDefinition = match serde_json::from_value(value) {
        Ok(d) => d,
        Err(e) => {
            errors.insert("definition".into(), (t.json_shape)(&e.to_string()));
            return None;
        }
    };
    let mut items = Vec::new();
    let mut rules = Vec::new();
    for problem in def.problems() {
        use crate::domain::surveys::DefinitionProblem::*;
        match problem {
            NoItems => items.push(t.no_items.to_owned()),
            BadCode(code) => items.push((t.bad_code)(&code)),
            BadBounds(code) => items.push((t.bad_bounds)(&code)),
            BadRule(code) if latest.item(&code).is_some() => rules.push((t.rule_removed_item)(&code)),
            BadRule(code) => rules.push((t.rule_unknown_item)(&code)),
            BadVersion => {}
        }
    }
    if !items.is_empty() {
        errors.insert("items".into(), items.join(" "));
    }
    if !rules.is_empty() {
        errors.insert("rules".into(), rules.join(" "));
    }
    Some(def)
}

/// Where a version stands on a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum VersionState {
    Past,
    InForce,
    Scheduled,
}

/// One version in the administrators' list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionRow {
    pub version: i32,
    pub effective_from: NaiveDate,
    pub title: String,
    pub state: VersionState,
    /// (number, title) of the notice that explains it.
    pub notice: Option<(i32, String)>,
}

/// A survey and its versions, the newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyVersions {
    pub survey: SurveyKind,
    pub title: String,
    pub versions: Vec<VersionRow>,
}

/// What checking a typed version found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DraftOutcome {
    /// Nothing can be saved: the problems, per field.
    Refused(FieldErrors),
    /// It can be saved as `definition`, which follows version `follows`;
    /// `marked` are the items its form will mark 「変更」.
    Ready { definition: Box<SurveyDefinition>, follows: i32, diff: SurveyDiff, marked: Vec<String> },
}

/// The page that prepares a new version: the form (as typed, or the latest
/// version to start from) and, for a draft, what checking it found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewVersionPage {
    pub survey: SurveyKind,
    pub title: String,
    pub input: VersionInput,
    pub draft: Option<i32>,
    pub outcome: Option<DraftOutcome>,
    /// (number, title) of the published notices, newest first.
    pub notices: Vec<(i32, String)>,
}

/// A revised form's marks: since when, which items, and the notice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revised {
    pub since: NaiveDate,
    pub marked: Vec<String>,
    pub notice: Option<i32>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::surveys::test_count_item;

    fn version(n: i32, from: &str, items: Vec<Item>, rules: Vec<Rule>) -> SurveyDefinition {
        SurveyDefinition {
            survey: SurveyKind::HospitalDaily,
            version: n,
            effective_from: from.parse().unwrap_or_default(),
            title: "病院 日次調査".into(),
            title_en: None,
            items,
            rules,
        }
    }

    fn rule(item: &str, limit: &str) -> Rule {
        Rule::NotGreater { item: item.into(), limit: limit.into() }
    }

    fn v1() -> SurveyDefinition {
        version(
            1,
            "2020-04-01",
            vec![
                test_count_item("inpatients", "入院患者数", 9999, true),
                test_count_item("severe", "重症者数", 9999, true),
                test_count_item("fever", "発熱外来", 9999, false),
            ],
            vec![rule("severe", "inpatients")],
        )
    }

    fn input(json: &str, day: &str) -> VersionInput {
        VersionInput {
            survey: "hospital_daily".into(),
            definition: json.into(),
            effective_from: day.into(),
            notice: String::new(),
        }
    }

    fn json_of(def: &SurveyDefinition) -> String {
        serde_json::to_string_pretty(def).unwrap_or_default()
    }

    const TODAY: &str = "2026-12-02";

    fn today() -> NaiveDate {
        TODAY.parse().unwrap_or_default()
    }

    #[test]
    fn the_diff_lists_added_removed_relabelled_and_redefined_items_and_rules() {
        let old = v1();
        let mut new = old.clone();
        new.items[0].label = "入院中の患者数".into();
        new.items[1].kind = ItemKind::Count { unit: "人".into(), min: 0, max: 500 };
        new.items.remove(2);
        new.items.push(test_count_item("ventilators", "人工呼吸器", 100, false));
        new.rules.push(rule("ventilators", "severe"));
        let d = diff(&old, &new);
        assert_eq!(d.added, vec![("ventilators".to_owned(), "人工呼吸器".to_owned())]);
        assert_eq!(d.removed, vec![("fever".to_owned(), "発熱外来".to_owned())]);
        assert_eq!(d.changed.len(), 2);
        assert_eq!(d.changed[0].relabelled_from.as_deref(), Some("入院患者数"));
        assert!(d.changed[0].redefined.is_none());
        let (was, is) = d.changed[1].redefined.clone().unwrap_or_default();
        assert!(was.contains("9999") && is.contains("500"), "{was} → {is}");
        assert_eq!(d.rules_added, vec!["「人工呼吸器」は「重症者数」以下".to_owned()]);
        assert!(d.rules_removed.is_empty());
        let marked: Vec<String> = d.marked(&new, &old).into_iter().collect();
        assert_eq!(marked, ["inpatients", "severe", "ventilators"]);
        assert!(diff(&old, &old).is_empty());
        assert_eq!(d.changed[0].english_stale, None, "no English to go stale");
    }

    #[test]
    fn a_japanese_relabel_that_leaves_the_english_label_is_pointed_out() {
        let mut old = v1();
        old.items[0].label_en = Some("Inpatients".into());
        let mut new = old.clone();
        new.items[0].label = "入院中の患者数".into();
        assert_eq!(diff(&old, &new).changed[0].english_stale.as_deref(), Some("Inpatients"));
        new.items[0].label_en = Some("Patients in hospital".into());
        assert_eq!(diff(&old, &new).changed[0].english_stale, None, "relabelled in both");
    }

    #[test]
    fn a_good_version_gets_the_next_number_and_the_typed_day() {
        let old = v1();
        let mut typed = old.clone();
        typed.items.push(test_count_item("ventilators", "人工呼吸器", 100, false));
        // Whatever the JSON says of the number and the day is not used.
        typed.version = 7;
        let (def, follows) =
            check_new_version(&input(&json_of(&typed), "2026-12-10"), std::slice::from_ref(&old), today())
                .expect("accepted");
        assert_eq!((def.version, def.effective_from.to_string().as_str()), (2, "2026-12-10"));
        assert_eq!(follows, old);
    }

    #[test]
    fn every_problem_is_listed_on_its_field_and_nothing_is_accepted() {
        let old = v1();
        let fails = |typed: &str, day: &str| {
            check_new_version(&input(typed, day), std::slice::from_ref(&old), today()).expect_err("refused")
        };
        let mut bad = old.clone();
        bad.items.remove(0); // inpatients, which the rule still names
        bad.rules.push(rule("nonexistent", "severe"));
        bad.items.push(test_count_item("Bad Code", "x", 1, false));
        let errors = fails(&json_of(&bad), TODAY);
        assert!(errors["effective_from"].contains("明日以降"), "{errors:?}");
        assert!(errors["rules"].contains("inpatients") && errors["rules"].contains("nonexistent"), "{errors:?}");
        assert!(errors["items"].contains("Bad Code"), "{errors:?}");

        let errors = fails("{ \"title\": \"x\", ", "2026-12-10");
        assert!(errors["definition"].contains("1行目"), "{errors:?}");
        assert!(fails("[1, 2]", "2026-12-10").contains_key("definition"));
        let errors = fails(&json_of(&old), "2026-12-10");
        assert_eq!(errors.keys().collect::<Vec<_>>(), ["definition"], "no change");
        assert!(fails(&json_of(&old), "2020-01-01")["effective_from"].contains("明日以降"));
        assert!(fails(&json_of(&old), "12/10").contains_key("effective_from"));
        let other = json_of(&old).replace("hospital_daily", "clinic_daily");
        assert!(fails(&other, "2026-12-10").contains_key("definition"));
        let unknown = VersionInput { survey: "weekly_mood".into(), ..input("{}", "2026-12-10") };
        assert!(
            check_new_version(&unknown, std::slice::from_ref(&old), today()).expect_err("x").contains_key("survey")
        );
        let mut noticed = input(&json_of(&old), "2026-12-10");
        noticed.notice = "abc".into();
        assert!(
            check_new_version(&noticed, std::slice::from_ref(&old), today()).expect_err("x").contains_key("notice")
        );

        // A version scheduled already: the next one comes after it.
        let mut scheduled = old.clone();
        scheduled.version = 2;
        scheduled.effective_from = "2027-01-01".parse().unwrap_or_default();
        let mut typed = old.clone();
        typed.title = "改定".into();
        let errors = check_new_version(&input(&json_of(&typed), "2026-12-20"), &[old, scheduled], today())
            .expect_err("before the scheduled one");
        assert!(errors["effective_from"].contains("第2版"), "{errors:?}");
    }
}
