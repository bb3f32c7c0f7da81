//! The catalogue's texts for the second factor (TOTP): the login's second
//! step, enrolment on the account page, the enrolment policy's banner and
//! the mail sent when an administrator resets a second factor.

/// Texts of the second factor (a part of [`super::Catalogue`]).
pub struct SecondFactorTexts {
    pub code_title: &'static str,
    pub code_lead: &'static str,
    pub code_label: &'static str,
    pub code_hint: &'static str,
    pub code_button: &'static str,
    pub code_failed: &'static str,
    pub enrol_title: &'static str,
    pub enrol_lead: &'static str,
    pub qr_label: &'static str,
    pub secret_label: &'static str,
    pub confirm_label: &'static str,
    pub confirm_button: &'static str,
    pub code_wrong: &'static str,
    pub no_pending: &'static str,
    pub active: fn(&str, u64) -> String,
    pub account_link: &'static str,
    pub recovery_title: &'static str,
    pub recovery_lead: &'static str,
    pub recovery_continue: &'static str,
    pub grace_banner: fn(&str) -> String,
    pub postpone: &'static str,
    pub enrol_now: &'static str,
    pub admin_reset_link: &'static str,
    pub required_banner: &'static str,
    pub reset_subject: &'static str,
    pub reset_body: fn(&str, &str) -> String,
}

pub const SECOND_FACTOR_JA: SecondFactorTexts = SecondFactorTexts {
    code_title: "確認コードの入力",
    code_lead: "認証アプリに表示されている6桁の確認コードを入力してください。スマートフォンが手元にないときは、リカバリーコードを入力できます。",
    code_label: "確認コード",
    code_hint: "6桁の数字、またはリカバリーコード（例：abcd-efgh-jkmn）",
    code_button: "確認してログイン",
    code_failed: "ログインできませんでした。入力内容をご確認ください。",
    enrol_title: "二段階認証（認証アプリ）",
    enrol_lead: "スマートフォンの認証アプリ（Google Authenticator、Microsoft Authenticator など）で QR コードを読み取るか、下のキーを手で入力してください。次に、アプリに表示された6桁の確認コードを入力すると設定が完了します。",
    qr_label: "認証アプリで読み取る QR コード",
    secret_label: "手入力用のキー",
    confirm_label: "認証アプリに表示された6桁の確認コード",
    confirm_button: "設定を完了する",
    code_wrong: "確認コードが正しくありません。認証アプリに表示されている最新の6桁を入力してください。",
    no_pending: "設定中の認証アプリがありません。アカウントのページからやり直してください。",
    active: |since, left| {
        format!("認証アプリによる二段階認証を設定済みです（{since} 設定）。未使用のリカバリーコード：{left}件")
    },
    account_link: "二段階認証・パスキーの設定",
    recovery_title: "リカバリーコード",
    recovery_lead: "二段階認証の設定が完了しました。スマートフォンを紛失したときは、次のリカバリーコードで確認コードの代わりにログインできます。各コードは1回だけ使えます。このページを離れると二度と表示されません。印刷するか、安全な場所に控えてください。",
    recovery_continue: "控えたので続ける",
    grace_banner: |until| {
        format!(
            "セキュリティ強化のため、このアカウントには二段階認証の設定が必要です。{until}までは設定を延期できます。"
        )
    },
    postpone: "後で設定する",
    enrol_now: "今すぐ設定する",
    admin_reset_link: "二段階認証の解除…",
    required_banner: "二段階認証の設定期限を過ぎました。設定が完了するまで、ほかの画面は利用できません。",
    reset_subject: "【G-MIS】二段階認証の設定が解除されました",
    reset_body: |login_id, public_url| {
        format!(
            "G-MIS のアカウント {login_id} の二段階認証（認証アプリ・パスキー）の設定が、管理者またはヘルプデスクにより解除されました。\n\n次回ログイン時に、認証アプリまたはパスキーをもう一度設定してください。\n  {public_url}/login\n\nお心当たりがない場合は、ヘルプデスクにご連絡ください。\n\n（このメールは送信専用です）"
        )
    },
};

/// English texts of the second factor.
pub const SECOND_FACTOR_EN: SecondFactorTexts = SecondFactorTexts {
    code_title: "Enter verification code",
    code_lead: "Please enter the 6-digit verification code shown in your authenticator app. If you do not have your smartphone with you, you can enter a recovery code instead.",
    code_label: "Verification code",
    code_hint: "6 digits, or a recovery code (e.g. abcd-efgh-jkmn)",
    code_button: "Verify and log in",
    code_failed: "We could not log you in. Please check what you entered.",
    enrol_title: "Second factor (authenticator app)",
    enrol_lead: "Scan the QR code with an authenticator app on your smartphone (such as Google Authenticator or Microsoft Authenticator), or type in the key below. Then enter the 6-digit verification code shown in the app to finish setup.",
    qr_label: "QR code to scan with your authenticator app",
    secret_label: "Key for manual entry",
    confirm_label: "6-digit verification code shown in your authenticator app",
    confirm_button: "Finish setup",
    code_wrong: "The verification code is not correct. Please enter the latest 6 digits shown in your authenticator app.",
    no_pending: "No authenticator app is being set up. Please start again from your account page.",
    active: |since, left| {
        let codes = if left == 1 { "recovery code" } else { "recovery codes" };
        format!(
            "Your second factor (authenticator app) has been set up (since {since}). You have {left} unused {codes}."
        )
    },
    account_link: "Second factor and passkeys",
    recovery_title: "Recovery codes",
    recovery_lead: "Your second factor is now set up. If you lose your smartphone, you can log in with one of the recovery codes below instead of a verification code. Each code can be used only once. The codes will not be shown again once you leave this page. Please print them or keep them in a safe place.",
    recovery_continue: "I have saved them, continue",
    grace_banner: |until| {
        format!(
            "For better security, this account needs a second factor. You can postpone setting it up until {until}."
        )
    },
    postpone: "Set up later",
    enrol_now: "Set up now",
    admin_reset_link: "Reset second factor…",
    required_banner: "The deadline for setting up a second factor has passed. Other screens are unavailable until setup is complete.",
    reset_subject: "[G-MIS] Your second factor has been reset",
    reset_body: |login_id, public_url| {
        format!(
            "The second factor (authenticator app and passkeys) of the G-MIS account {login_id} has been reset by an administrator or the helpdesk.\n\nPlease set up an authenticator app or a passkey again the next time you log in.\n  {public_url}/login\n\nIf you did not expect this, please contact the helpdesk.\n\n(This e-mail is sent from a send-only address; please do not reply.)"
        )
    },
};
