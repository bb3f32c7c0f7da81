//! The catalogue's texts for webhooks (`/api/v1/webhooks`) and the mail
//! sent when an endpoint is disabled.

/// Texts of webhooks (a part of [`super::Catalogue`]).
pub struct WebhookTexts {
    pub bad_url: &'static str,
    pub not_https: &'static str,
    pub not_loopback: &'static str,
    pub no_events: &'static str,
    pub too_many: fn(usize) -> String,
    pub not_failed: &'static str,
    pub disabled_subject: &'static str,
    pub disabled_body: fn(&str, &str) -> String,
}

pub const WEBHOOKS_JA: WebhookTexts = WebhookTexts {
    bad_url: "URL の形式が不正です（https:// で始まる2,000文字以内の URL。ユーザー名・パスワード・# は使えません）。",
    not_https: "https:// の URL を指定してください（http:// はこのサーバー自身 127.0.0.1 / localhost への開発用の接続に限ります）。",
    not_loopback: "このサーバーでは、このマシン上（127.0.0.1 / localhost）の送信先だけを登録できます（試験用の設定）。",
    no_events: "通知するイベントを1つ以上指定してください（report.saved, report.amended, sos.changed）。",
    too_many: |max| format!("1つのアカウントで登録できる Webhook は{max}件までです。不要なものを削除してください。"),
    not_failed: "この配信はまだ送信中です。失敗または配信済みの配信だけを再送できます。",
    disabled_subject: "【G-MIS】Webhook の送信先を停止しました",
    disabled_body: |url, since| {
        format!(
            "G-MIS から次の Webhook 送信先への配信が {since} から失敗し続けているため、送信先を停止しました。\n\n  {url}\n\n受信側を確認のうえ、API で送信先を登録し直してください。停止中に届かなかった配信は、配信一覧から再送できます。\n\n（このメールは送信専用です）"
        )
    },
};
