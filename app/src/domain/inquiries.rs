//! Inquiries to the helpdesk (お問い合わせ, SPEC §6) and the FAQ built from
//! their answers: categories, the states an inquiry passes through and the
//! one rule that moves it ([`next_status`]).

use crate::domain::attachments::AttachmentRef;
use crate::domain::error::FieldErrors;
use crate::domain::search::Segment;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub const MAX_SUBJECT_CHARS: usize = 200;
pub const MAX_BODY_CHARS: usize = 10_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Category {
    /// ログイン・パスワード
    Login,
    /// 日次・週次の報告
    Reporting,
    /// 医療物資・SOS
    Supplies,
    /// 通知・お知らせ
    Notices,
    /// 不具合・エラー
    Trouble,
    Other,
}

impl Category {
    pub const ALL: [Category; 6] = [
        Category::Login,
        Category::Reporting,
        Category::Supplies,
        Category::Notices,
        Category::Trouble,
        Category::Other,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            Category::Login => "login",
            Category::Reporting => "reporting",
            Category::Supplies => "supplies",
            Category::Notices => "notices",
            Category::Trouble => "trouble",
            Category::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// Where an inquiry stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    /// 未対応: nobody has taken it.
    New,
    /// 対応中: a helpdesk operator has it.
    InProgress,
    /// 確認待ち: the helpdesk asked the user something.
    AwaitingUser,
    /// 回答済み: answered; the user may still reply.
    Answered,
    /// 解決: closed. A reply from the user opens it again.
    Resolved,
}

impl Status {
    pub const ALL: [Status; 5] =
        [Status::New, Status::InProgress, Status::AwaitingUser, Status::Answered, Status::Resolved];

    pub const fn code(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::InProgress => "in_progress",
            Status::AwaitingUser => "awaiting_user",
            Status::Answered => "answered",
            Status::Resolved => "resolved",
        }
    }

    pub fn from_code(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// One thing done to an inquiry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    /// The helpdesk operator takes it (no message).
    Assign,
    /// The helpdesk answers.
    Answer,
    /// The helpdesk asks the user something back.
    AskBack,
    /// The helpdesk closes it, optionally with a last message.
    Resolve,
    /// The user who opened it writes in the thread.
    UserReply,
}

impl Step {
    pub const fn code(self) -> &'static str {
        match self {
            Step::Assign => "assign",
            Step::Answer => "answer",
            Step::AskBack => "ask_back",
            Step::Resolve => "resolve",
            Step::UserReply => "user_reply",
        }
    }

    pub fn from_code(code: &str) -> Option<Step> {
        [Step::Assign, Step::Answer, Step::AskBack, Step::Resolve, Step::UserReply]
            .into_iter()
            .find(|s| s.code() == code)
    }

    /// Whether the helpdesk takes this step (else the user who opened it).
    pub const fn by_helpdesk(self) -> bool {
        !matches!(self, Step::UserReply)
    }

    /// Whether this step needs a message.
    pub const fn needs_message(self) -> bool {
        matches!(self, Step::Answer | Step::AskBack | Step::UserReply)
    }

    /// Whether the user is mailed about this step.
    pub const fn mails_user(self) -> bool {
        matches!(self, Step::Answer | Step::AskBack | Step::Resolve)
    }
}

/// Why a step cannot be taken now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Resolved: the helpdesk cannot act on it (the user can reopen it).
    Resolved,
}

/// The status after `step` on an inquiry in `status`; `assigned` tells
/// whether an operator has it.
pub fn next_status(status: Status, step: Step, assigned: bool) -> Result<Status, Refusal> {
    match (status, step) {
        (_, Step::UserReply) => Ok(if assigned { Status::InProgress } else { Status::New }),
        (Status::Resolved, _) => Err(Refusal::Resolved),
        (Status::New, Step::Assign) => Ok(Status::InProgress),
        (s, Step::Assign) => Ok(s),
        (_, Step::Answer) => Ok(Status::Answered),
        (_, Step::AskBack) => Ok(Status::AwaitingUser),
        (_, Step::Resolve) => Ok(Status::Resolved),
    }
}

/// Opening an inquiry (multipart form: these fields and an optional `file`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InquiryInput {
    pub category: String,
    pub subject: String,
    pub body: String,
    /// The page it was opened from, for the helpdesk's context.
    pub page: String,
    /// The member facility (its id) an association asks about; empty for
    /// an inquiry about the opener itself.
    #[serde(default)]
    pub about: String,
}

impl InquiryInput {
    /// The input from named fields (the form's, or the query that brings
    /// them back after a post without JavaScript saved nothing).
    pub fn from_fields(field: impl Fn(&str) -> Option<String>) -> Self {
        let get = |k: &str| field(k).unwrap_or_default();
        InquiryInput {
            category: get("category"),
            subject: get("subject"),
            body: get("body"),
            page: get("page"),
            about: get("about"),
        }
    }

    /// What was typed, as fields for the address back to the form.
    pub fn typed_fields(&self) -> Vec<(String, String)> {
        [
            ("category", &self.category),
            ("subject", &self.subject),
            ("body", &self.body),
            ("page", &self.page),
            ("about", &self.about),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.clone()))
        .collect()
    }
}

/// A checked [`InquiryInput`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedInquiry {
    pub category: Category,
    pub subject: String,
    pub body: String,
    pub page: Option<String>,
    /// The member facility asked about (whether it is one is the service's
    /// check: it needs the memberships).
    pub about: Option<i32>,
}

fn check_text(errors: &mut FieldErrors, field: &str, value: &str, max: usize, required: &str) {
    let t = crate::i18n::t().inquiries();
    if value.trim().is_empty() {
        errors.insert(field.into(), required.into());
    } else if value.trim().chars().count() > max {
        errors.insert(field.into(), (t.too_long)(max));
    }
}

pub fn check(input: &InquiryInput) -> Result<CheckedInquiry, FieldErrors> {
    let t = crate::i18n::t().inquiries();
    let mut errors = FieldErrors::new();
    let category = Category::from_code(&input.category);
    if category.is_none() {
        errors.insert("category".into(), t.category_required.into());
    }
    check_text(&mut errors, "subject", &input.subject, MAX_SUBJECT_CHARS, t.subject_required);
    check_text(&mut errors, "body", &input.body, MAX_BODY_CHARS, t.body_required);
    // Only a path of this site is kept as the page it came from.
    let page = input.page.trim();
    let page = (page.starts_with('/') && !page.starts_with("//") && page.len() <= 200).then(|| page.to_owned());
    let about = match input.about.trim() {
        "" => None,
        id => match id.parse::<i32>() {
            Ok(id) if id > 0 => Some(id),
            _ => {
                errors.insert("about".into(), t.about_invalid.into());
                None
            }
        },
    };
    match category {
        Some(category) if errors.is_empty() => Ok(CheckedInquiry {
            category,
            subject: input.subject.trim().to_owned(),
            body: input.body.trim().to_owned(),
            page,
            about,
        }),
        _ => Err(errors),
    }
}

/// A step on an inquiry. `revision` is the inquiry's as the user saw it: a
/// step on an inquiry changed meanwhile is refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepInput {
    pub id: i32,
    pub step: Step,
    pub message: String,
    pub revision: i32,
}

/// Checks a step's message.
pub fn check_step(input: &StepInput) -> Result<String, FieldErrors> {
    let t = crate::i18n::t().inquiries();
    let mut errors = FieldErrors::new();
    if input.step.needs_message() || !input.message.trim().is_empty() {
        check_text(&mut errors, "message", &input.message, MAX_BODY_CHARS, t.message_required);
    }
    if errors.is_empty() { Ok(input.message.trim().to_owned()) } else { Err(errors) }
}

/// An inquiry in a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InquirySummary {
    pub id: i32,
    pub subject: String,
    pub category: Category,
    pub status: Status,
    pub opened_by: String,
    /// The opener's prefecture, by name.
    pub prefecture: Option<String>,
    /// The member facility an association asked about, by name.
    #[serde(default)]
    pub about: Option<String>,
    pub assignee: Option<String>,
    pub opened_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One message of the thread.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub id: i32,
    pub step: Step,
    pub author: String,
    pub from_helpdesk: bool,
    pub body: String,
    pub at: DateTime<Utc>,
    /// The files sent with it, oldest first.
    #[serde(default)]
    pub attachments: Vec<AttachmentRef>,
}

/// An inquiry's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InquiryView {
    pub summary: InquirySummary,
    /// What the user wrote when opening it.
    pub body: String,
    pub page: Option<String>,
    pub messages: Vec<Message>,
    pub attachments: Vec<AttachmentRef>,
    pub revision: i32,
    /// The viewer works the queue (helpdesk, ministry administrator).
    pub helpdesk: bool,
    /// The viewer opened it.
    pub own: bool,
    /// The viewer is the operator who has it.
    pub assigned_to_me: bool,
}

/// The helpdesk queue's filters (`?status=new&category=login&prefecture=13&mine=1`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueFilter {
    pub status: String,
    pub category: String,
    pub prefecture: String,
    pub mine: bool,
}

/// The helpdesk queue and how many inquiries are unresolved in all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Queue {
    pub items: Vec<InquirySummary>,
    pub open_count: u64,
    /// (code, name) of every prefecture, for the filter.
    pub prefectures: Vec<(String, String)>,
}

/// A FAQ entry, as users search them before asking.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Faq {
    pub id: i32,
    pub category: Category,
    pub question: Vec<Segment>,
    pub answer: Vec<Segment>,
}

/// Why a step saved nothing, as the code a thread's address carries back
/// to the form after a post without JavaScript (`invalid`: refused as
/// input; `stale`: the inquiry changed since it was shown); `None` for an
/// error that is not about what was typed.
pub fn step_refusal_code(e: &crate::domain::error::AppError) -> Option<&'static str> {
    use crate::domain::error::AppError;
    match e {
        AppError::Validation(_) => Some("invalid"),
        AppError::Conflict(m) if m == crate::i18n::t().inquiries().stale => Some("stale"),
        _ => None,
    }
}

/// Turning an answer into a FAQ entry (the helpdesk edits it first, to take
/// out anything about the one facility).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaqInput {
    pub message_id: i32,
    pub question: String,
    pub answer: String,
}

impl FaqInput {
    /// The entry from named fields (the form's, or the query that brings
    /// them back after a post without JavaScript saved nothing).
    pub fn from_fields(field: impl Fn(&str) -> Option<String>) -> Option<Self> {
        let message_id = field("message_id")?.trim().parse().ok()?;
        Some(FaqInput {
            message_id,
            question: field("question").unwrap_or_default(),
            answer: field("answer").unwrap_or_default(),
        })
    }

    /// What was typed, as fields for the address back to the thread.
    pub fn typed_fields(&self) -> Vec<(String, String)> {
        vec![
            ("message_id".to_owned(), self.message_id.to_string()),
            ("question".to_owned(), self.question.clone()),
            ("answer".to_owned(), self.answer.clone()),
        ]
    }
}

/// Checks a FAQ entry: a question and an answer, neither too long.
pub fn check_faq(input: &FaqInput) -> Result<(), FieldErrors> {
    let errors = faq_text_errors(&input.question, &input.answer);
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}

/// What is wrong with a FAQ entry's question and answer.
fn faq_text_errors(question: &str, answer: &str) -> FieldErrors {
    let t = crate::i18n::t().inquiries();
    let mut errors = FieldErrors::new();
    for (field, value, required) in
        [("question", question, t.faq_question_required), ("answer", answer, t.faq_answer_required)]
    {
        if value.trim().is_empty() {
            errors.insert(field.into(), required.into());
        } else if value.trim().chars().count() > MAX_BODY_CHARS {
            errors.insert(field.into(), (t.too_long)(MAX_BODY_CHARS));
        }
    }
    errors
}

/// A FAQ entry as the helpdesk curates it (`/helpdesk/faq`): the text as
/// stored, and where it stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaqEntry {
    pub id: i32,
    pub category: Category,
    pub question: String,
    pub answer: String,
    /// Out of users' sight; it can be brought back.
    pub retired: bool,
    /// What an edit must name, so that it cannot overwrite another's unseen.
    pub revision: i32,
    /// When it was made, or last edited, and by whom (Japan time).
    pub changed: String,
    pub changed_by: String,
}

/// An edit of a FAQ entry, as the form posts it (the category as its code).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaqEdit {
    pub id: i32,
    pub revision: i32,
    pub category: String,
    pub question: String,
    pub answer: String,
}

impl FaqEdit {
    /// The edit from named fields (the query that brings them back to the
    /// page after a post without JavaScript saved nothing).
    pub fn from_fields(field: impl Fn(&str) -> Option<String>) -> Option<Self> {
        Some(FaqEdit {
            id: field("id")?.trim().parse().ok()?,
            revision: field("revision").and_then(|r| r.trim().parse().ok()).unwrap_or(-1),
            category: field("category").unwrap_or_default(),
            question: field("question").unwrap_or_default(),
            answer: field("answer").unwrap_or_default(),
        })
    }

    /// What was typed, as fields for the address back to the page (cut to
    /// what the form takes, so that a huge post cannot make a huge address).
    pub fn typed_fields(&self) -> Vec<(String, String)> {
        let cut = |s: &str| s.chars().take(MAX_BODY_CHARS + 1).collect::<String>();
        vec![
            ("id".to_owned(), self.id.to_string()),
            ("revision".to_owned(), self.revision.to_string()),
            ("category".to_owned(), self.category.chars().take(20).collect()),
            ("question".to_owned(), cut(&self.question)),
            ("answer".to_owned(), cut(&self.answer)),
        ]
    }
}

/// Checks an edit: a known category, a question and an answer, neither too
/// long. Answers with the category and the trimmed texts.
pub fn check_faq_edit(edit: &FaqEdit) -> Result<(Category, String, String), FieldErrors> {
    let mut errors = faq_text_errors(&edit.question, &edit.answer);
    let category = Category::from_code(edit.category.trim());
    if category.is_none() {
        errors.insert("category".into(), crate::i18n::t().inquiries().category_required.into());
    }
    match category {
        Some(c) if errors.is_empty() => Ok((c, edit.question.trim().to_owned(), edit.answer.trim().to_owned())),
        _ => Err(errors),
    }
}

/// Which way a FAQ entry moves in the list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FaqMove {
    Up,
    Down,
}

impl FaqMove {
    pub const fn code(self) -> &'static str {
        match self {
            FaqMove::Up => "up",
            FaqMove::Down => "down",
        }
    }

    pub fn from_code(code: &str) -> Option<FaqMove> {
        [FaqMove::Up, FaqMove::Down].into_iter().find(|m| m.code() == code)
    }
}

/// `ids` (the list's order) with `id` moved one place; `None` when it is
/// not in the list or already at that end.
pub fn moved(ids: &[i32], id: i32, way: FaqMove) -> Option<Vec<i32>> {
    let at = ids.iter().position(|&i| i == id)?;
    let to = match way {
        FaqMove::Up => at.checked_sub(1)?,
        FaqMove::Down => Some(at + 1).filter(|&to| to < ids.len())?,
    };
    let mut out = ids.to_vec();
    out.swap(at, to);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_faq_entry_moves_one_place_and_not_past_either_end() {
        let ids = [7, 3, 9];
        assert_eq!(moved(&ids, 3, FaqMove::Up), Some(vec![3, 7, 9]));
        assert_eq!(moved(&ids, 3, FaqMove::Down), Some(vec![7, 9, 3]));
        assert_eq!(moved(&ids, 7, FaqMove::Up), None);
        assert_eq!(moved(&ids, 9, FaqMove::Down), None);
        assert_eq!(moved(&ids, 4, FaqMove::Up), None);
        assert_eq!(FaqMove::from_code("down"), Some(FaqMove::Down));
        assert_eq!(FaqMove::from_code("sideways"), None);
    }

    #[test]
    fn a_faq_edit_needs_a_known_category_and_both_texts() {
        let edit = FaqEdit {
            id: 1,
            revision: 0,
            category: "login".into(),
            question: "  パスワードを忘れた  ".into(),
            answer: "ログイン画面から再設定できます。".into(),
        };
        let (c, q, _) = check_faq_edit(&edit).expect("a good edit");
        assert_eq!((c, q.as_str()), (Category::Login, "パスワードを忘れた"));
        let bad = FaqEdit { category: "nonsense".into(), question: " ".into(), ..edit.clone() };
        let errors = check_faq_edit(&bad).expect_err("refused");
        assert!(errors.contains_key("category") && errors.contains_key("question"));
        assert!(!errors.contains_key("answer"));
        let long = FaqEdit { answer: "あ".repeat(MAX_BODY_CHARS + 1), ..edit };
        assert!(check_faq_edit(&long).expect_err("too long").contains_key("answer"));
    }

    #[test]
    fn every_status_and_step() {
        use Status::*;
        use Step::*;
        for s in Status::ALL {
            // The user's reply always puts it back in front of the helpdesk.
            assert_eq!(next_status(s, UserReply, true), Ok(InProgress));
            assert_eq!(next_status(s, UserReply, false), Ok(New));
        }
        for step in [Assign, Answer, AskBack, Resolve] {
            assert_eq!(next_status(Resolved, step, true), Err(Refusal::Resolved));
        }
        assert_eq!(next_status(New, Assign, false), Ok(InProgress));
        assert_eq!(next_status(AwaitingUser, Assign, true), Ok(AwaitingUser));
        for s in [New, InProgress, AwaitingUser, Answered] {
            assert_eq!(next_status(s, Answer, true), Ok(Answered));
            assert_eq!(next_status(s, AskBack, true), Ok(AwaitingUser));
            assert_eq!(next_status(s, Resolve, true), Ok(Resolved));
        }
    }

    #[test]
    fn steps_say_who_takes_them_and_what_they_need() {
        assert!(!Step::UserReply.by_helpdesk());
        assert!(Step::Answer.by_helpdesk() && Step::Answer.needs_message() && Step::Answer.mails_user());
        assert!(!Step::Assign.needs_message() && !Step::Assign.mails_user());
        assert!(!Step::Resolve.needs_message() && Step::Resolve.mails_user());
        for s in [Step::Assign, Step::Answer, Step::AskBack, Step::Resolve, Step::UserReply] {
            assert_eq!(Step::from_code(s.code()), Some(s));
        }
    }

    #[test]
    fn opening_is_checked_field_by_field() {
        let ok = InquiryInput {
            category: "login".into(),
            subject: " パスワード ".into(),
            body: "再設定できません".into(),
            page: "//evil.example/".into(),
            about: String::new(),
        };
        let c = check(&ok).unwrap();
        assert_eq!((c.subject.as_str(), c.page, c.about), ("パスワード", None, None));
        assert_eq!(check(&InquiryInput { about: " 12 ".into(), ..ok.clone() }).unwrap().about, Some(12));
        for about in ["abc", "0", "-3", "1.5"] {
            let refused = check(&InquiryInput { about: about.into(), ..ok.clone() }).unwrap_err();
            assert_eq!(refused.into_keys().collect::<Vec<_>>(), vec!["about"], "{about}");
        }
        let c = check(&InquiryInput { page: "/reports".into(), ..ok.clone() }).unwrap();
        assert_eq!(c.page.as_deref(), Some("/reports"));
        let bad = InquiryInput {
            category: "".into(),
            subject: "  ".into(),
            body: "あ".repeat(10_001),
            page: "".into(),
            about: String::new(),
        };
        let fields: Vec<String> = check(&bad).unwrap_err().into_keys().collect();
        assert_eq!(fields, vec!["body", "category", "subject"]);
    }

    #[test]
    fn steps_need_a_message_when_they_say_something() {
        let step = |step, message: &str| StepInput { id: 1, step, message: message.into(), revision: 0 };
        assert!(check_step(&step(Step::Answer, " ")).is_err());
        assert!(check_step(&step(Step::UserReply, "")).is_err());
        assert_eq!(check_step(&step(Step::Resolve, "")), Ok(String::new()));
        assert_eq!(check_step(&step(Step::Answer, " 手順です ")), Ok("手順です".into()));
    }
}
