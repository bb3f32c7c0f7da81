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
