//! A report's revisions as people read them (SPEC §3: every amendment keeps
//! the previous values): the answers in the order of the survey's form, not
//! of the item codes, and what changed from the revision before.
//!
//! Use [`compare`] for one revision of the history (or, with no revision
//! before, for any saved answers shown as a list). Pure, so the history the
//! server renders and the one the browser hydrates are the same.

use crate::domain::reports::ReportSnapshot;
use crate::domain::surveys::{Answer, Answers, SurveyDefinition};

/// One item of a revision as the history lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnswerLine {
    pub code: String,
    /// `None`: the item was left blank in this revision (but not in the one before).
    pub answer: Option<Answer>,
    /// Set when the item differs from the revision before.
    pub change: Option<Change>,
}

/// An item that differs from the revision before.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// What it was then (`None`: blank).
    pub before: Option<Answer>,
}

/// How the "nothing to report" state moved from the revision before.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NothingChange {
    /// Values were reported before; this revision says "nothing to report".
    Declared,
    /// "Nothing to report" before; this revision reports values.
    Withdrawn,
}

/// One revision compared with the one before it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RevisionDiff {
    /// The answers in the form's order (empty for "nothing to report").
    pub lines: Vec<AnswerLine>,
    pub nothing_change: Option<NothingChange>,
    /// There was a revision before to compare with.
    pub compared: bool,
}

impl RevisionDiff {
    /// How many items changed value (a "nothing to report" switch aside).
    pub fn changed_items(&self) -> usize {
        self.lines.iter().filter(|l| l.change.is_some()).count()
    }

    /// Nothing at all differs from the revision before.
    pub fn unchanged(&self) -> bool {
        self.compared && self.nothing_change.is_none() && self.changed_items() == 0
    }
}

/// The answers of `answers` (and the items of `before` that are now blank)
/// in the order `definition` lists its items; codes the definition does not
/// know (an item of another version) follow in code order. With `before`,
/// each line says whether it changed.
pub fn answer_lines(definition: &SurveyDefinition, answers: &Answers, before: Option<&Answers>) -> Vec<AnswerLine> {
    let present = |code: &str| answers.contains_key(code) || before.is_some_and(|b| b.contains_key(code));
    let known = definition.items.iter().map(|i| i.code.as_str()).filter(|c| present(c));
    let mut unknown: Vec<&str> = answers
        .keys()
        .chain(before.into_iter().flat_map(|b| b.keys()))
        .map(String::as_str)
        .filter(|c| definition.item(c).is_none())
        .collect();
    unknown.sort_unstable();
    unknown.dedup();
    known
        .chain(unknown)
        .map(|code| {
            let answer = answers.get(code).cloned();
            let change = before
                .map(|b| b.get(code))
                .filter(|old| *old != answer.as_ref())
                .map(|old| Change { before: old.cloned() });
            AnswerLine { code: code.to_owned(), answer, change }
        })
        .collect()
}

/// `snapshot` compared with the revision saved before it, if any.
pub fn compare(
    definition: &SurveyDefinition,
    snapshot: &ReportSnapshot,
    before: Option<&ReportSnapshot>,
) -> RevisionDiff {
    let nothing_change = before.and_then(|b| match (b.nothing_to_report, snapshot.nothing_to_report) {
        (false, true) => Some(NothingChange::Declared),
        (true, false) => Some(NothingChange::Withdrawn),
        _ => None,
    });
    let lines = if snapshot.nothing_to_report {
        Vec::new()
    } else {
        // Against "nothing to report" every value would be new: the switch
        // itself says what changed, not a mark on every item.
        let old = before.filter(|b| !b.nothing_to_report).map(|b| &b.answers);
        answer_lines(definition, &snapshot.answers, old)
    };
    RevisionDiff { lines, nothing_change, compared: before.is_some() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::surveys::{Item, SurveyKind, test_count_item};
    use chrono::{NaiveDate, Utc};

    fn item(code: &str) -> Item {
        test_count_item(code, code, 100, false)
    }

    /// Items deliberately out of alphabetical order, as in the real forms.
    fn def() -> SurveyDefinition {
        SurveyDefinition {
            survey: SurveyKind::HospitalDaily,
            version: 1,
            effective_from: NaiveDate::MIN,
            title: String::new(),
            title_en: None,
            items: vec![item("staffing"), item("covid_inpatients"), item("covid_severe"), item("beds_in_use")],
            rules: Vec::new(),
        }
    }

    fn answers(pairs: &[(&str, i64)]) -> Answers {
        pairs.iter().map(|(c, n)| ((*c).to_owned(), Answer::Count(*n))).collect()
    }

    fn snapshot(revision: i32, nothing: bool, pairs: &[(&str, i64)]) -> ReportSnapshot {
        ReportSnapshot {
            revision,
            version: 1,
            nothing_to_report: nothing,
            answers: answers(pairs),
            entered_by: String::new(),
            entered_at: Utc::now(),
            on_behalf: false,
            reason: None,
            outliers: Vec::new(),
        }
    }

    fn codes(lines: &[AnswerLine]) -> Vec<&str> {
        lines.iter().map(|l| l.code.as_str()).collect()
    }

    #[test]
    fn lines_follow_the_form_not_the_codes() {
        let a = answers(&[("beds_in_use", 1), ("covid_inpatients", 2), ("covid_severe", 3), ("staffing", 4)]);
        let lines = answer_lines(&def(), &a, None);
        assert_eq!(codes(&lines), ["staffing", "covid_inpatients", "covid_severe", "beds_in_use"]);
        assert!(lines.iter().all(|l| l.change.is_none()), "nothing to compare with");
    }

    #[test]
    fn codes_of_another_version_come_last_in_code_order() {
        let a = answers(&[("zeta", 1), ("covid_severe", 3), ("alpha", 2)]);
        assert_eq!(codes(&answer_lines(&def(), &a, None)), ["covid_severe", "alpha", "zeta"]);
    }

    #[test]
    fn only_changed_items_are_marked_with_their_old_value() {
        let before = answers(&[("covid_inpatients", 5), ("covid_severe", 3)]);
        let after = answers(&[("covid_inpatients", 5), ("covid_severe", 4)]);
        let lines = answer_lines(&def(), &after, Some(&before));
        assert_eq!(lines[0].change, None);
        assert_eq!(lines[1].change, Some(Change { before: Some(Answer::Count(3)) }));
        assert_eq!(lines[1].answer, Some(Answer::Count(4)));
    }

    #[test]
    fn an_item_added_or_blanked_is_a_change() {
        let before = answers(&[("covid_inpatients", 5), ("beds_in_use", 2)]);
        let after = answers(&[("covid_inpatients", 5), ("staffing", 1)]);
        let lines = answer_lines(&def(), &after, Some(&before));
        assert_eq!(codes(&lines), ["staffing", "covid_inpatients", "beds_in_use"]);
        assert_eq!(lines[0].change, Some(Change { before: None }), "added");
        assert_eq!(lines[2].answer, None, "blank now");
        assert_eq!(lines[2].change, Some(Change { before: Some(Answer::Count(2)) }));
    }

    #[test]
    fn comparing_revisions_counts_changes() {
        let first = snapshot(1, false, &[("covid_inpatients", 5), ("covid_severe", 3)]);
        let second = snapshot(2, false, &[("covid_inpatients", 6), ("covid_severe", 4)]);
        let diff = compare(&def(), &second, Some(&first));
        assert_eq!(diff.changed_items(), 2);
        assert!(!diff.unchanged());
        assert!(compare(&def(), &second, Some(&second)).unchanged(), "saved again with the same values");
        let alone = compare(&def(), &first, None);
        assert!(!alone.compared && !alone.unchanged() && alone.changed_items() == 0);
    }

    #[test]
    fn nothing_to_report_switches_are_named_not_marked_per_item() {
        let nothing = snapshot(1, true, &[]);
        let values = snapshot(2, false, &[("covid_inpatients", 5)]);
        let withdrawn = compare(&def(), &values, Some(&nothing));
        assert_eq!(withdrawn.nothing_change, Some(NothingChange::Withdrawn));
        assert_eq!(withdrawn.changed_items(), 0);
        assert_eq!(codes(&withdrawn.lines), ["covid_inpatients"]);
        let declared = compare(&def(), &nothing, Some(&values));
        assert_eq!(declared.nothing_change, Some(NothingChange::Declared));
        assert!(declared.lines.is_empty());
        assert_eq!(compare(&def(), &nothing, Some(&nothing)).nothing_change, None);
    }
}
