//! An audit row's JSON detail in words: 「項目: 旧 → 新」 for what the row
//! recorded both ways, 「項目: 値」 for the rest. The services write their
//! details in a few shapes, all read here:
//!
//! - a field holding `{"old": …, "new": …}` (an e-mail address, a
//!   membership's last day, a lock), also nested (`changes` of a migrated
//!   record);
//! - top-level `old` and `new` objects (a report's answers, a notice's
//!   fields): only the fields that differ are listed;
//! - a top-level `old` beside the new values (a maintenance window, a
//!   notice's publication time);
//! - `from` and `to` of a workflow step (an SOS request, an inquiry).
//!
//! Field names come from the catalogue, falling back to the stored key;
//! times are shown in Japan time; nothing here is markup (the page escapes).

use crate::domain::audit_trail::DetailLine;
use serde_json::{Map, Value};

/// Actions whose `from` and `to` are a state change, not dates.
const STEPS: [&str; 2] = ["sos.step", "inquiry.step"];

/// The lines of `detail` (as stored) of a row of `action`.
pub fn describe(action: &str, detail: Option<&str>) -> Vec<DetailLine> {
    let Some(text) = detail.map(str::trim).filter(|t| !t.is_empty()) else {
        return Vec::new();
    };
    let texts = crate::i18n::t().audit();
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(_) => return vec![DetailLine { field: texts.value_field.to_owned(), old: None, new: text.to_owned() }],
    };
    let Value::Object(mut obj) = value else {
        return vec![DetailLine { field: texts.value_field.to_owned(), old: None, new: scalar(&value) }];
    };
    let mut lines = Vec::new();
    match (obj.remove("old"), obj.remove("new")) {
        (Some(old), Some(new)) => {
            // A report keeps its old answers beside the revision they belonged to.
            let old = match old {
                Value::Object(mut o) if o.contains_key("answers") && new.get("answers").is_none() => {
                    o.remove("answers").unwrap_or(Value::Null)
                }
                other => other,
            };
            diff(&old, &new, &mut lines);
        }
        (Some(Value::Object(old)), None) => {
            for (key, before) in by_key(&old) {
                let after = obj.remove(key).unwrap_or(Value::Null);
                if *before != after {
                    lines.push(DetailLine { field: label(key), old: Some(scalar(before)), new: scalar(&after) });
                }
            }
        }
        (Some(old), None) if obj.len() == 1 => {
            if let Some((key, after)) = obj.iter().next().map(|(k, v)| (k.clone(), v.clone())) {
                obj.remove(&key);
                lines.push(DetailLine { field: label(&key), old: Some(scalar(&old)), new: scalar(&after) });
            }
        }
        (Some(old), None) => walk(label("old"), &old, &mut lines),
        (None, Some(new)) => walk(label("new"), &new, &mut lines),
        (None, None) => {}
    }
    if STEPS.contains(&action)
        && let (Some(from), Some(to)) = (obj.get("from").cloned(), obj.get("to").cloned())
    {
        obj.remove("from");
        obj.remove("to");
        lines.push(DetailLine { field: texts.state_field.to_owned(), old: Some(scalar(&from)), new: scalar(&to) });
    }
    for (key, value) in by_key(&obj) {
        walk(label(key), value, &mut lines);
    }
    lines
}

/// The members of `o` in key order: a detail reads the same whatever order
/// the map keeps (serde_json's `preserve_order`, which a test-only
/// dependency turns on, keeps insertion order and reorders on removal).
fn by_key(o: &Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut members: Vec<_> = o.iter().collect();
    members.sort_by(|a, b| a.0.cmp(b.0));
    members
}

/// The lines of `value` under `field`: a change, or each member of an
/// object under `field・member`, or the value itself.
fn walk(field: String, value: &Value, lines: &mut Vec<DetailLine>) {
    match value {
        Value::Object(o) if is_change(o) => {
            let (old, new) = (o.get("old").unwrap_or(&Value::Null), o.get("new").unwrap_or(&Value::Null));
            lines.push(DetailLine { field, old: Some(scalar(old)), new: scalar(new) });
        }
        Value::Object(o) if !o.is_empty() => {
            for (key, v) in by_key(o) {
                walk(format!("{field}{}{}", crate::i18n::t().middle_dot, label(key)), v, lines);
            }
        }
        other => lines.push(DetailLine { field, old: None, new: scalar(other) }),
    }
}

/// The fields of `old` and `new` that differ (all of `new` when there was
/// nothing before).
fn diff(old: &Value, new: &Value, lines: &mut Vec<DetailLine>) {
    match (old, new) {
        (Value::Object(o), Value::Object(n)) => {
            let mut keys: Vec<&String> = o.keys().chain(n.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                let (before, after) = (o.get(key).unwrap_or(&Value::Null), n.get(key).unwrap_or(&Value::Null));
                if before != after {
                    lines.push(DetailLine { field: label(key), old: Some(scalar(before)), new: scalar(after) });
                }
            }
        }
        (Value::Null, Value::Object(n)) => {
            for (key, after) in by_key(n) {
                lines.push(DetailLine { field: label(key), old: Some(scalar(&Value::Null)), new: scalar(after) });
            }
        }
        _ if old != new => {
            let field = crate::i18n::t().audit().value_field.to_owned();
            lines.push(DetailLine { field, old: Some(scalar(old)), new: scalar(new) });
        }
        _ => {}
    }
}

fn is_change(o: &Map<String, Value>) -> bool {
    o.len() == 2 && o.contains_key("old") && o.contains_key("new")
}

/// A detail key's Japanese name, or the key as stored.
fn label(key: &str) -> String {
    (crate::i18n::t().audit().field)(key).map_or_else(|| key.to_owned(), str::to_owned)
}

/// A value as text: times in Japan time, yes/no, 「（なし）」 for null,
/// lists joined with 「、」, anything deeper as compact JSON.
fn scalar(value: &Value) -> String {
    let t = crate::i18n::t();
    match value {
        Value::Null => t.audit().no_value.to_owned(),
        Value::Bool(true) => t.yes.to_owned(),
        Value::Bool(false) => t.no.to_owned(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => match chrono::DateTime::parse_from_rfc3339(s) {
            Ok(at) => crate::domain::time::format_datetime(at.to_utc()),
            Err(_) => s.clone(),
        },
        Value::Array(items) if items.is_empty() => t.audit().no_value.to_owned(),
        Value::Array(items) if items.iter().all(|i| !i.is_object() && !i.is_array()) => {
            items.iter().map(scalar).collect::<Vec<_>>().join(t.list_separator)
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(action: &str, detail: &str) -> Vec<String> {
        describe(action, Some(detail)).iter().map(DetailLine::text).collect()
    }

    #[test]
    fn a_changed_field_reads_old_to_new() {
        assert_eq!(
            texts("account.email_changed", r#"{"email":{"old":"a@x.example.jp","new":"b@x.example.jp"}}"#),
            ["メールアドレス: a@x.example.jp → b@x.example.jp"]
        );
        assert_eq!(
            texts("account.email_changed", r#"{"email":{"old":null,"new":"b@x.example.jp"}}"#),
            ["メールアドレス: （なし） → b@x.example.jp"]
        );
    }

    #[test]
    fn a_report_amendment_lists_only_the_answers_that_changed_and_the_reason() {
        let detail = r#"{"survey":"clinic_daily","unit":"f4","day":"2026-12-01","revision":2,"on_behalf":false,
            "nothing_to_report":false,
            "old":{"revision":1,"nothing_to_report":false,"answers":{"fever_patients":3,"pcr_tests":2}},
            "new":{"fever_patients":5,"pcr_tests":2},"reason":"入力誤り"}"#;
        let lines = texts("report.amended", detail);
        assert_eq!(lines[0], "fever_patients: 3 → 5");
        assert!(!lines.iter().any(|l| l.starts_with("pcr_tests")), "unchanged answers are left out: {lines:?}");
        assert!(lines.contains(&"理由: 入力誤り".to_owned()), "{lines:?}");
        assert!(lines.contains(&"版: 2".to_owned()), "{lines:?}");
        assert!(lines.contains(&"代理入力: いいえ".to_owned()), "{lines:?}");
    }

    #[test]
    fn a_first_report_lists_every_answer_from_nothing() {
        let lines = texts("report.submitted", r#"{"old":null,"new":{"fever_patients":4},"reason":null}"#);
        assert_eq!(lines, ["fever_patients: （なし） → 4", "理由: （なし）"]);
    }

    #[test]
    fn a_window_compares_its_old_values_with_the_new_ones_beside_them() {
        let detail = r#"{"start":"2026-12-10T08:30:00Z","end":"2026-12-10T10:00:00Z","message":"新しい案内",
            "old":{"start":"2026-12-10T08:30:00Z","end":"2026-12-10T09:00:00Z","message":"案内"}}"#;
        assert_eq!(
            texts("maintenance.changed", detail),
            ["終了: 2026年12月10日（木） 18:00 → 2026年12月10日（木） 19:00", "案内文: 案内 → 新しい案内"]
        );
        let published = r#"{"published_at":"2026-12-04T00:00:00Z","old":null}"#;
        assert_eq!(texts("notice.published", published), ["公開日時: （なし） → 2026年12月4日（金） 9:00"]);
    }

    #[test]
    fn a_step_is_a_state_change_and_nested_values_are_named_by_their_path() {
        let detail = r#"{"from":"submitted","to":"accepted","note":"","quantities":{"n95_mask":100}}"#;
        assert_eq!(texts("sos.step", detail), ["状態: submitted → accepted", "メモ: ", "数量・n95_mask: 100"]);
        // Elsewhere `from` and `to` are plain dates.
        assert_eq!(texts("api.pulled", r#"{"from":"2026-12-01"}"#), ["開始日: 2026-12-01"]);
        let migrated = r#"{"changes":{"name":{"old":"旧病院","new":"新病院"}},"reason":"移行データ更新"}"#;
        assert_eq!(texts("legacy.updated", migrated), ["変更・名称: 旧病院 → 新病院", "理由: 移行データ更新"]);
    }

    #[test]
    fn unknown_keys_lists_and_junk_are_shown_as_stored() {
        assert_eq!(texts("letters.printed", r#"{"letters":[3,4],"changed":2}"#), ["変更件数: 2", "書面: 3、4"]);
        assert_eq!(texts("x", r#"{"zz_new_key":"<b>x</b>"}"#), ["zz_new_key: <b>x</b>"]);
        assert_eq!(texts("x", "not json"), ["値: not json"]);
        assert!(describe("x", None).is_empty());
        assert!(describe("x", Some("  ")).is_empty());
    }
}
