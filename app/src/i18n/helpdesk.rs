//! The catalogue's texts for the helpdesk console (`/helpdesk/accounts`).

use crate::domain::helpdesk::{HelpdeskStep, StepRefusal};

/// Texts of the helpdesk console (a part of [`super::Catalogue`]).
pub struct HelpdeskTexts {
    pub title: &'static str,
    pub lead: &'static str,
    pub search_label: &'static str,
    pub search_hint: &'static str,
    pub search_button: &'static str,
    pub prompt: &'static str,
    pub none: &'static str,
    pub medical_code: &'static str,
    pub state: &'static str,
    pub locked_until: &'static str,
    pub recent_failures: &'static str,
    pub failures: fn(u64) -> String,
    pub last_login: &'static str,
    pub never: &'static str,
    pub email: &'static str,
    pub no_email: &'static str,
    pub reason_label: &'static str,
    pub reason_hint: &'static str,
    pub inquiry_label: &'static str,
    pub inquiry_hint: &'static str,
    pub step_label: fn(HelpdeskStep) -> &'static str,
    /// The step's button, naming the account for screen readers.
    pub step_button: fn(HelpdeskStep, &str) -> String,
    pub done: fn(HelpdeskStep) -> &'static str,
    pub refusal: fn(StepRefusal) -> &'static str,
    pub resend_note: &'static str,
    pub no_email_note: &'static str,
    pub reset_second_factor_note: &'static str,
    pub history: &'static str,
    pub inquiry_link: fn(i32) -> String,
    pub by: &'static str,
    /// On an inquiry, for the helpdesk: its sender's account.
    pub account: &'static str,
    pub check_account: &'static str,
}

pub const HELPDESK_JA: HelpdeskTexts = HelpdeskTexts {
    title: "アカウントの確認（ヘルプデスク）",
    lead: "電話でのお問い合わせを受けながら、アカウントの状態を確認し、ロックの解除やパスワード設定リンクの再送を行います。パスワードはここでは表示も設定もできません。",
    search_label: "ログインID・医療機関名・医療機関コード",
    search_hint: "一部でも検索できます（医療機関コードは4桁以上）。",
    search_button: "検索",
    prompt: "ログインID、医療機関名または医療機関コードを入力して検索してください。",
    none: "該当するアカウントはありません（厚生労働省のアカウントはこの画面には表示されません）。",
    medical_code: "医療機関コード",
    state: "状態",
    locked_until: "ロック解除予定",
    recent_failures: "直近24時間のログイン失敗",
    failures: |n| format!("{n}回"),
    last_login: "最終ログイン",
    never: "なし",
    email: "登録メールアドレス",
    no_email: "未登録",
    reason_label: "対応の理由（必須）",
    reason_hint: "例：本人から電話。ログインIDと医療機関名を確認済み。500文字以内。",
    inquiry_label: "問い合わせ番号（任意）",
    inquiry_hint: "問い合わせから対応した場合はその番号。",
    step_label: |s| match s {
        HelpdeskStep::Unlock => "ロックを解除する",
        HelpdeskStep::ResendLink => "パスワード設定リンクを再送する",
        HelpdeskStep::ResetSecondFactor => "二段階認証を解除する",
    },
    step_button: |s, login_id| match s {
        HelpdeskStep::Unlock => format!("{login_id} のロックを解除"),
        HelpdeskStep::ResendLink => format!("{login_id} に設定リンクを再送"),
        HelpdeskStep::ResetSecondFactor => format!("{login_id} の二段階認証を解除"),
    },
    done: |s| match s {
        HelpdeskStep::Unlock => "ロックを解除しました。すぐにログインできます。",
        HelpdeskStep::ResendLink => {
            "パスワード設定リンクを登録メールアドレスに送りました（以前のリンクは使えなくなりました）。"
        }
        HelpdeskStep::ResetSecondFactor => {
            "二段階認証を解除しました。次回ログイン時に認証アプリを設定し直します（本人にメールで知らせました）。"
        }
    },
    refusal: |r| match r {
        StepRefusal::ReasonMissing => "対応の理由を入力してください。何も変更していません。",
        // Names `REASON_MAX` (a test checks that they agree).
        StepRefusal::ReasonTooLong => "対応の理由は500文字以内で入力してください。何も変更していません。",
        StepRefusal::InquiryMalformed => "問い合わせ番号は数字で入力してください。何も変更していません。",
        StepRefusal::InquiryUnknown => {
            "その番号の問い合わせはありません。番号を確かめてください。何も変更していません。"
        }
        StepRefusal::UnknownAccount => "対象のアカウントが見つかりません。検索し直してください。",
        StepRefusal::NotLocked => "このアカウントはロックされていません。何も変更していません。",
        StepRefusal::Disabled => {
            "利用停止中のアカウントです。ヘルプデスクでは操作できません（厚生労働省の管理者にご連絡ください）。"
        }
        StepRefusal::NoSecondFactor => "このアカウントには二段階認証が設定されていません。何も変更していません。",
        StepRefusal::NoEmail => {
            "メールアドレスが登録されていないため、リンクを送れません。郵送での案内は厚生労働省の管理者に依頼してください。"
        }
    },
    resend_note: "リンクは登録メールアドレスにだけ送ります。パスワード未設定なら72時間、設定済みなら60分有効の再設定リンクです。",
    no_email_note: "メールアドレスが未登録のため、リンクは送れません（郵送は管理者に依頼）。",
    reset_second_factor_note: "スマートフォンの紛失・機種変更などで確認コードを入力できない利用者のために、認証アプリとリカバリーコードを無効にします。本人確認のうえで行ってください。",
    history: "これまでのヘルプデスク対応",
    inquiry_link: |n| format!("問い合わせ No.{n}"),
    by: "対応者",
    account: "アカウント",
    check_account: "状態を確認（ロック解除・リンク再送）",
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::helpdesk::REASON_MAX;

    #[test]
    fn the_too_long_message_names_the_limit() {
        let text = (HELPDESK_JA.refusal)(StepRefusal::ReasonTooLong);
        assert!(text.contains(&REASON_MAX.to_string()), "{text}");
    }
}
