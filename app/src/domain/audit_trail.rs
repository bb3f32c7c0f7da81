//! The audit trail viewer (`/admin/audit`, SPEC §6 and §12): the filters as
//! typed, which live in the page's address so that a plain GET form, the
//! page links and the CSV download all carry them, and the entries as the
//! page shows them (already in words: the server names actions, targets
//! and detail fields with the catalogue).

use serde::{Deserialize, Serialize};

/// Entries per page.
pub const PAGE_SIZE: u64 = 50;
/// The longest actor or target text accepted (a login ID is 8 characters;
/// stored labels are cut at 64).
pub const TEXT_MAX: usize = 64;
/// The outcomes the log stores.
pub const OUTCOMES: [&str; 2] = ["ok", "refused"];

/// The filters as received (empty values count as absent). `before` and
/// `after` are the paging cursors: entries older than, or newer than, the
/// entry of that number.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilter {
    pub actor: Option<String>,
    pub target: Option<String>,
    pub action: Option<String>,
    pub outcome: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
}

impl AuditFilter {
    /// Reads the filters from a query string's values.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Self {
        let take = |k: &str| get(k).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        AuditFilter {
            actor: take("actor"),
            target: take("target"),
            action: take("action"),
            outcome: take("outcome"),
            from: take("from"),
            to: take("to"),
            before: take("before"),
            after: take("after"),
        }
    }

    /// The same filters without a page cursor (what a download and a new
    /// search start from).
    pub fn first_page(&self) -> AuditFilter {
        AuditFilter { before: None, after: None, ..self.clone() }
    }

    /// The filters (not the cursor) as a query string without `?`.
    pub fn to_query(&self) -> String {
        [
            ("actor", &self.actor),
            ("target", &self.target),
            ("action", &self.action),
            ("outcome", &self.outcome),
            ("from", &self.from),
            ("to", &self.to),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}={}", crate::domain::area::encode(v))))
        .collect::<Vec<_>>()
        .join("&")
    }

    /// `path` with these filters and the cursor `cursor` (`before` or
    /// `after`) at entry `id`.
    pub fn href(&self, path: &str, cursor: Option<(&str, i64)>) -> String {
        let mut q = self.to_query();
        if let Some((key, id)) = cursor {
            if !q.is_empty() {
                q.push('&');
            }
            q.push_str(&format!("{key}={id}"));
        }
        if q.is_empty() { path.to_owned() } else { format!("{path}?{q}") }
    }
}

/// One line of an entry's detail: `field: new`, or `field: old → new`
/// when the detail recorded both.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DetailLine {
    pub field: String,
    pub old: Option<String>,
    pub new: String,
}

impl DetailLine {
    /// 「項目: 旧 → 新」 or 「項目: 値」.
    pub fn text(&self) -> String {
        match &self.old {
            Some(old) => format!("{}: {old} → {}", self.field, self.new),
            None => format!("{}: {}", self.field, self.new),
        }
    }
}

/// One audit entry, in words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntryView {
    pub id: i64,
    /// `2026-12-04 09:30:15`, Japan time.
    pub at: String,
    pub actor: String,
    pub action: String,
    pub action_label: String,
    pub target: Option<String>,
    pub outcome: String,
    pub outcome_label: String,
    pub ip: Option<String>,
    pub detail: Vec<DetailLine>,
}

/// A page of the viewer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditTrailPage {
    /// The whole country (ministry), or only a prefecture's entries.
    pub national: bool,
    pub filter: AuditFilter,
    pub entries: Vec<AuditEntryView>,
    /// The first entry's number, when newer entries exist (the previous page).
    pub newer: Option<i64>,
    /// The last entry's number, when older entries exist (the next page).
    pub older: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_round_trip_through_the_address_without_the_cursor() {
        let f = AuditFilter::from_query(|k| match k {
            "actor" => Some(" DEMHSP22 ".into()),
            "action" => Some("login.failed".into()),
            "target" => Some("".into()),
            "from" => Some("2026-12-01".into()),
            "before" => Some("120".into()),
            _ => None,
        });
        assert_eq!(f.actor.as_deref(), Some("DEMHSP22"));
        assert_eq!(f.target, None, "empty values count as absent");
        assert_eq!(f.to_query(), "actor=DEMHSP22&action=login.failed&from=2026-12-01");
        assert_eq!(
            f.href("/admin/audit", Some(("after", 7))),
            "/admin/audit?actor=DEMHSP22&action=login.failed&from=2026-12-01&after=7"
        );
        assert_eq!(AuditFilter::default().href("/admin/audit", None), "/admin/audit");
        assert_eq!(f.first_page().before, None);
        let odd = AuditFilter { target: Some("a&b=c 東".into()), ..Default::default() };
        assert_eq!(odd.to_query(), "target=a%26b%3Dc%20%E6%9D%B1");
    }

    #[test]
    fn a_line_reads_old_to_new() {
        let changed =
            DetailLine { field: "メールアドレス".into(), old: Some("a@x.jp".into()), new: "b@x.jp".into() };
        assert_eq!(changed.text(), "メールアドレス: a@x.jp → b@x.jp");
        let plain = DetailLine { field: "理由".into(), old: None, new: "電話で本人確認".into() };
        assert_eq!(plain.text(), "理由: 電話で本人確認");
    }
}
