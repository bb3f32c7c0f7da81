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

/// English texts of the helpdesk console.
pub const HELPDESK_EN: HelpdeskTexts = HelpdeskTexts {
    title: "Account check (helpdesk)",
    lead: "While taking a phone inquiry, check the state of an account, unlock it or resend the password setup link. Passwords can neither be shown nor set here.",
    search_label: "Login ID, facility name or medical facility code",
    search_hint: "Part of a name or ID is enough (at least 4 digits of a medical facility code).",
    search_button: "Search",
    prompt: "Enter a login ID, facility name or medical facility code and search.",
    none: "No matching accounts (MHLW accounts are not shown on this page).",
    medical_code: "Medical facility code",
    state: "Status",
    locked_until: "Locked until",
    recent_failures: "Failed logins in the last 24 hours",
    failures: |n| if n == 1 { format!("{n} time") } else { format!("{n} times") },
    last_login: "Last login",
    never: "Never",
    email: "Registered e-mail address",
    no_email: "Not registered",
    reason_label: "Reason for this action (required)",
    reason_hint: "E.g. Phone call from the user; login ID and facility name confirmed. Up to 500 characters.",
    inquiry_label: "Inquiry number (optional)",
    inquiry_hint: "If you are acting on an inquiry, its number.",
    step_label: |s| match s {
        HelpdeskStep::Unlock => "Unlock the account",
        HelpdeskStep::ResendLink => "Resend the password setup link",
        HelpdeskStep::ResetSecondFactor => "Reset the second factor",
    },
    step_button: |s, login_id| match s {
        HelpdeskStep::Unlock => format!("Unlock {login_id}"),
        HelpdeskStep::ResendLink => format!("Resend the setup link to {login_id}"),
        HelpdeskStep::ResetSecondFactor => format!("Reset the second factor of {login_id}"),
    },
    done: |s| match s {
        HelpdeskStep::Unlock => "The account has been unlocked. The user can log in right away.",
        HelpdeskStep::ResendLink => {
            "The password setup link has been sent to the registered e-mail address (any earlier link no longer works)."
        }
        HelpdeskStep::ResetSecondFactor => {
            "The second factor has been reset. The user will set up an authenticator app again at the next login (they have been told by e-mail)."
        }
    },
    refusal: |r| match r {
        StepRefusal::ReasonMissing => "Please enter the reason for this action. Nothing has been changed.",
        StepRefusal::ReasonTooLong => {
            "Please keep the reason for this action to 500 characters or fewer. Nothing has been changed."
        }
        StepRefusal::InquiryMalformed => "Please enter the inquiry number in digits. Nothing has been changed.",
        StepRefusal::InquiryUnknown => {
            "There is no inquiry with that number. Please check the number. Nothing has been changed."
        }
        StepRefusal::UnknownAccount => "The account could not be found. Please search again.",
        StepRefusal::NotLocked => "This account is not locked. Nothing has been changed.",
        StepRefusal::Disabled => {
            "This account is suspended and cannot be handled by the helpdesk (please contact an MHLW administrator)."
        }
        StepRefusal::NoSecondFactor => "This account has no second factor set up. Nothing has been changed.",
        StepRefusal::NoEmail => {
            "No e-mail address is registered, so the link cannot be sent. Please ask an MHLW administrator to send the instructions by post."
        }
    },
    resend_note: "The link is only sent to the registered e-mail address. If no password has been set yet, it is valid for 72 hours; if one has been set, it is a reset link valid for 60 minutes.",
    no_email_note: "No e-mail address is registered, so the link cannot be sent (ask an administrator to send it by post).",
    reset_second_factor_note: "For users who cannot enter a verification code, e.g. because their smartphone was lost or replaced, this disables their authenticator app and recovery codes. Confirm the user's identity first.",
    history: "Previous helpdesk actions",
    inquiry_link: |n| format!("Inquiry No. {n}"),
    by: "Handled by",
    account: "Account",
    check_account: "Check status (unlock / resend link)",
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
