//! The catalogue's texts for curating the FAQ (`/helpdesk/faq`): editing,
//! reordering, retiring and bringing back entries.

use crate::domain::inquiries::FaqMove;

/// Texts of the FAQ's curation (a part of [`super::Catalogue`]).
pub struct FaqTexts {
    pub title: &'static str,
    pub lead: &'static str,
    pub none: &'static str,
    pub active_heading: fn(usize) -> String,
    pub retired_heading: fn(usize) -> String,
    pub retired_note: &'static str,
    pub changed: fn(&str, &str) -> String,
    pub edit: &'static str,
    pub category_label: &'static str,
    pub question_label: &'static str,
    pub answer_label: &'static str,
    pub save: &'static str,
    pub move_button: fn(FaqMove) -> &'static str,
    pub move_label: fn(FaqMove, usize) -> String,
    pub retire: &'static str,
    pub restore: &'static str,
    pub edited: &'static str,
    pub moved: &'static str,
    pub retired: &'static str,
    pub restored: &'static str,
    pub invalid: &'static str,
    pub stale: &'static str,
    pub at_end: &'static str,
}

pub const FAQ_JA: FaqTexts = FaqTexts {
    title: "FAQの管理",
    lead: "利用者がお問い合わせの前に検索するFAQです。上にあるものから表示されます。新しいFAQは、お問い合わせへの回答から作ります。",
    none: "FAQはまだありません。お問い合わせへの回答から作成できます。",
    active_heading: |n| format!("公開中のFAQ（{n}件）"),
    retired_heading: |n| format!("取り下げたFAQ（{n}件）"),
    retired_note: "取り下げたFAQは利用者には表示されません。「公開に戻す」で元に戻せます。",
    changed: |at, by| format!("最終更新 {at}（{by}）"),
    edit: "編集する",
    category_label: "分類",
    question_label: "質問",
    answer_label: "回答",
    save: "保存する",
    move_button: |m| match m {
        FaqMove::Up => "上へ",
        FaqMove::Down => "下へ",
    },
    move_label: |m, n| match m {
        FaqMove::Up => format!("{n}番目のFAQを上へ移動"),
        FaqMove::Down => format!("{n}番目のFAQを下へ移動"),
    },
    retire: "取り下げる",
    restore: "公開に戻す",
    edited: "FAQを保存しました。",
    moved: "表示順を変更しました。",
    retired: "FAQを取り下げました。利用者には表示されません。",
    restored: "FAQを公開に戻しました。",
    invalid: "入力内容を確認してください。保存されていません。",
    stale: "このFAQは他の担当者が先に変更しました。最新の内容を確認してから、もう一度編集してください。",
    at_end: "これ以上移動できません。",
};

/// English texts of the FAQ's curation.
pub const FAQ_EN: FaqTexts = FaqTexts {
    title: "Manage the FAQ",
    lead: "These are the FAQ entries users search before sending an inquiry. They are shown in order from the top. New FAQ entries are created from answers to inquiries.",
    none: "There are no FAQ entries yet. You can create them from answers to inquiries.",
    active_heading: |n| {
        if n == 1 { format!("Published FAQ ({n} entry)") } else { format!("Published FAQ ({n} entries)") }
    },
    retired_heading: |n| {
        if n == 1 { format!("Retired FAQ ({n} entry)") } else { format!("Retired FAQ ({n} entries)") }
    },
    retired_note: "Retired FAQ entries are not shown to users. You can bring them back with \"Publish again\".",
    changed: |at, by| format!("Last updated {at} ({by})"),
    edit: "Edit",
    category_label: "Category",
    question_label: "Question",
    answer_label: "Answer",
    save: "Save",
    move_button: |m| match m {
        FaqMove::Up => "Up",
        FaqMove::Down => "Down",
    },
    move_label: |m, n| match m {
        FaqMove::Up => format!("Move FAQ entry {n} up"),
        FaqMove::Down => format!("Move FAQ entry {n} down"),
    },
    retire: "Retire",
    restore: "Publish again",
    edited: "The FAQ entry has been saved.",
    moved: "The display order has been changed.",
    retired: "The FAQ entry has been retired. It is no longer shown to users.",
    restored: "The FAQ entry has been published again.",
    invalid: "Please check what you entered. Nothing has been saved.",
    stale: "Another staff member changed this FAQ entry first. Please check the latest content, then edit it again.",
    at_end: "It cannot be moved any further.",
};
