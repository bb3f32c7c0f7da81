//! Ministry notices (通知文書, SPEC §6): categories, audiences, the states a
//! notice passes through, the editor's input and what lists and pages show.

use crate::domain::attachments::AttachmentRef;
use crate::domain::error::FieldErrors;
use crate::domain::markdown::Block;
use crate::domain::roles::Role;
use crate::domain::search::Segment;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

pub const MAX_TITLE_CHARS: usize = 200;
pub const MAX_BODY_CHARS: usize = 50_000;
/// A withdrawal's reason.
pub const MAX_REASON_CHARS: usize = 500;
pub const MAX_OFFICE_CHARS: usize = 100;
/// Notices per list page.
pub const PAGE_SIZE: u64 = 20;
/// Notices on the home page.
pub const HOME_COUNT: u64 = 5;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Category {
    /// 通知: formal notices.
    Notice,
    /// 事務連絡: administrative communications.
    Administrative,
    /// システム: about G-MIS itself (maintenance, new functions).
    System,
    /// 操作マニュアル.
    Manual,
}

impl Category {
    pub const ALL: [Category; 4] = [Category::Notice, Category::Administrative, Category::System, Category::Manual];

    pub const fn code(self) -> &'static str {
        match self {
            Category::Notice => "notice",
            Category::Administrative => "administrative",
            Category::System => "system",
            Category::Manual => "manual",
        }
    }

    pub fn from_code(code: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// The roles a notice is for, as bits (one per [`Role::ALL`] entry), so a
/// query filters with one `audience & bit <> 0`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Audience(pub i32);

impl Audience {
    pub const EVERYONE: Audience = Audience((1 << Role::ALL.len()) - 1);

    pub fn bit(role: Role) -> i32 {
        1 << Role::ALL.iter().position(|r| *r == role).unwrap_or(0)
    }

    pub fn of(roles: &[Role]) -> Audience {
        Audience(roles.iter().fold(0, |acc, r| acc | Audience::bit(*r)))
    }

    pub fn contains(self, role: Role) -> bool {
        self.0 & Audience::bit(role) != 0
    }

    pub fn roles(self) -> Vec<Role> {
        Role::ALL.into_iter().filter(|r| self.contains(*r)).collect()
    }
}

/// Where a notice stands, derived from its times.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    /// Not published; only administrators see it.
    Draft,
    /// Publishes itself at its time.
    Scheduled,
    Published,
    /// Taken back: gone from lists, search and the home page.
    Withdrawn,
}

impl Status {
    pub fn of(published_at: Option<DateTime<Utc>>, withdrawn_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Status {
        match (published_at, withdrawn_at) {
            (_, Some(_)) => Status::Withdrawn,
            (None, None) => Status::Draft,
            (Some(p), None) if p > now => Status::Scheduled,
            (Some(_), None) => Status::Published,
        }
    }
}

/// The administrator's editor (a new notice when `id` is empty). A saved
/// notice keeps its state; publishing is its own step.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeInput {
    pub id: Option<i32>,
    pub title: String,
    pub body: String,
    pub office: String,
    /// `YYYY-MM-DD`.
    pub issued_on: String,
    pub category: String,
    pub audience: Vec<Role>,
}

impl NoticeInput {
    /// The input from a posted form (or the address back to it): `id`,
    /// `title`, `body`, `office`, `issued_on`, `category` and one `audience`
    /// field per chosen role code (`all` gives every value of a field).
    pub fn from_fields(field: impl Fn(&str) -> Option<String>, all: impl Fn(&str) -> Vec<String>) -> Self {
        let get = |k: &str| field(k).unwrap_or_default();
        NoticeInput {
            id: field("id").and_then(|v| v.trim().parse().ok()),
            title: get("title"),
            body: get("body"),
            office: get("office"),
            issued_on: get("issued_on"),
            category: get("category"),
            audience: all("audience").iter().filter_map(|code| Role::from_code(code)).collect(),
        }
    }

    /// What was typed, as fields for the address back to the editor.
    pub fn typed_fields(&self) -> Vec<(String, String)> {
        let texts = [
            ("title", &self.title),
            ("body", &self.body),
            ("office", &self.office),
            ("issued_on", &self.issued_on),
            ("category", &self.category),
        ];
        let mut fields: Vec<(String, String)> = texts.into_iter().map(|(k, v)| (k.to_owned(), v.clone())).collect();
        fields.extend(self.audience.iter().map(|r| ("audience".to_owned(), r.code().to_owned())));
        fields
    }
}

/// Checks a withdrawal's reason, which users see: required, at most 500
/// characters. Answers it trimmed.
pub fn check_withdraw_reason(reason: &str) -> Result<&str, FieldErrors> {
    let t = crate::i18n::t().notices();
    let reason = reason.trim();
    if reason.is_empty() {
        Err([("reason".to_owned(), t.withdraw_reason_required.to_owned())].into())
    } else if reason.chars().count() > MAX_REASON_CHARS {
        Err([("reason".to_owned(), (t.too_long)(MAX_REASON_CHARS))].into())
    } else {
        Ok(reason)
    }
}

/// A checked [`NoticeInput`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedNotice {
    pub title: String,
    pub body: String,
    pub office: String,
    pub issued_on: NaiveDate,
    pub category: Category,
    pub audience: Audience,
}

/// Checks the editor's input; per-field messages.
pub fn check(input: &NoticeInput) -> Result<CheckedNotice, FieldErrors> {
    let t = crate::i18n::t().notices();
    let mut errors = FieldErrors::new();
    let title = input.title.trim();
    let body = input.body.trim();
    let office = input.office.trim();
    if title.is_empty() {
        errors.insert("title".into(), t.title_required.into());
    } else if title.chars().count() > MAX_TITLE_CHARS {
        errors.insert("title".into(), (t.too_long)(MAX_TITLE_CHARS));
    }
    if body.is_empty() {
        errors.insert("body".into(), t.body_required.into());
    } else if body.chars().count() > MAX_BODY_CHARS {
        errors.insert("body".into(), (t.too_long)(MAX_BODY_CHARS));
    }
    if office.is_empty() {
        errors.insert("office".into(), t.office_required.into());
    } else if office.chars().count() > MAX_OFFICE_CHARS {
        errors.insert("office".into(), (t.too_long)(MAX_OFFICE_CHARS));
    }
    let issued_on = NaiveDate::parse_from_str(input.issued_on.trim(), "%Y-%m-%d").ok();
    if issued_on.is_none() {
        errors.insert("issued_on".into(), t.date_invalid.into());
    }
    let category = Category::from_code(&input.category);
    if category.is_none() {
        errors.insert("category".into(), t.category_required.into());
    }
    let audience = Audience::of(&input.audience);
    if audience.0 == 0 {
        errors.insert("audience".into(), t.audience_required.into());
    }
    match (issued_on, category, errors.is_empty()) {
        (Some(issued_on), Some(category), true) => Ok(CheckedNotice {
            title: title.to_owned(),
            body: body.to_owned(),
            office: office.to_owned(),
            issued_on,
            category,
            audience,
        }),
        _ => Err(errors),
    }
}

/// The filters of the notice list, read from its address
/// (`?q=病床&category=notice&from=2026-04-01&to=&page=2`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeFilter {
    pub q: String,
    pub category: String,
    pub from: String,
    pub to: String,
    pub page: u32,
}

impl NoticeFilter {
    pub fn category(&self) -> Option<Category> {
        Category::from_code(&self.category)
    }

    pub fn from_date(&self) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(&self.from, "%Y-%m-%d").ok()
    }

    pub fn to_date(&self) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(&self.to, "%Y-%m-%d").ok()
    }

    /// The list address of these filters at `page`.
    pub fn href(&self, page: u32) -> String {
        let mut parts = Vec::new();
        for (k, v) in [("q", &self.q), ("category", &self.category), ("from", &self.from), ("to", &self.to)] {
            if !v.is_empty() {
                parts.push(format!("{k}={}", encode_query(v)));
            }
        }
        if page > 1 {
            parts.push(format!("page={page}"));
        }
        if parts.is_empty() { "/notices".into() } else { format!("/notices?{}", parts.join("&")) }
    }
}

fn encode_query(v: &str) -> String {
    let mut out = String::new();
    for b in v.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A notice in a list: its title (matches marked when searched), a snippet
/// of the body around the first match, and whether the user has opened it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeSummary {
    pub id: i32,
    pub title: Vec<Segment>,
    pub snippet: Vec<Segment>,
    pub category: Category,
    pub office: String,
    pub issued_on: NaiveDate,
    pub unread: bool,
    pub attachments: u32,
    /// For administrators' lists.
    pub status: Status,
    pub published_at: Option<DateTime<Utc>>,
}

/// One page of the notice list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticePage {
    pub items: Vec<NoticeSummary>,
    pub total: u64,
    pub page: u32,
    pub pages: u32,
    /// A query was typed but holds nothing searchable.
    pub query_empty: bool,
}

/// The newest notices for the home page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeNotices {
    pub items: Vec<NoticeSummary>,
    pub unread: u64,
}

/// A notice's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeDetail {
    pub id: i32,
    pub title: String,
    pub blocks: Vec<Block>,
    pub office: String,
    pub issued_on: NaiveDate,
    pub category: Category,
    pub attachments: Vec<AttachmentRef>,
    pub status: Status,
    pub published_at: Option<DateTime<Utc>>,
    pub withdrawn_reason: Option<String>,
    /// The editor's fields (administrators only).
    pub source: Option<NoticeInput>,
}

/// Publishing: at once (`at` empty) or at a Japan time `YYYY-MM-DDTHH:MM`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishInput {
    pub id: i32,
    pub at: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> NoticeInput {
        NoticeInput {
            id: None,
            title: " 病床確保について ".into(),
            body: "本文".into(),
            office: "医政局".into(),
            issued_on: "2026-11-20".into(),
            category: "notice".into(),
            audience: vec![Role::Facility, Role::Prefecture],
        }
    }

    #[test]
    fn audiences_are_bits_of_roles() {
        let a = Audience::of(&[Role::Facility, Role::Prefecture]);
        assert!(a.contains(Role::Facility) && a.contains(Role::Prefecture));
        assert!(!a.contains(Role::Helpdesk));
        assert_eq!(a.roles(), vec![Role::Facility, Role::Prefecture]);
        assert!(Role::ALL.iter().all(|r| Audience::EVERYONE.contains(*r)));
    }

    #[test]
    fn status_follows_the_times() {
        let now = Utc::now();
        let hour = chrono::Duration::hours(1);
        assert_eq!(Status::of(None, None, now), Status::Draft);
        assert_eq!(Status::of(Some(now + hour), None, now), Status::Scheduled);
        assert_eq!(Status::of(Some(now - hour), None, now), Status::Published);
        assert_eq!(Status::of(Some(now - hour), Some(now), now), Status::Withdrawn);
    }

    #[test]
    fn the_editor_is_checked_field_by_field() {
        let ok = check(&input()).unwrap();
        assert_eq!(ok.title, "病床確保について");
        assert_eq!(ok.category, Category::Notice);
        let bad = NoticeInput {
            title: "".into(),
            issued_on: "2026-13-01".into(),
            category: "x".into(),
            audience: vec![],
            office: "局".repeat(101),
            ..input()
        };
        let errors = check(&bad).unwrap_err();
        let fields: Vec<&str> = errors.keys().map(String::as_str).collect();
        assert_eq!(fields, vec!["audience", "category", "issued_on", "office", "title"]);
    }

    #[test]
    fn list_addresses_keep_the_filters() {
        let f = NoticeFilter { q: "病床 ID".into(), category: "notice".into(), ..Default::default() };
        assert_eq!(f.href(2), "/notices?q=%E7%97%85%E5%BA%8A%20ID&category=notice&page=2");
        assert_eq!(NoticeFilter::default().href(1), "/notices");
    }
}
