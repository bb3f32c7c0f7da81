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

/// English texts of webhooks.
pub const WEBHOOKS_EN: WebhookTexts = WebhookTexts {
    bad_url: "The URL is not valid (it must start with https:// and be no longer than 2,000 characters; a user name, password or # cannot be used).",
    not_https: "Please give an https:// URL (http:// is allowed only for development connections to this server itself, 127.0.0.1 / localhost).",
    not_loopback: "On this server, only destinations on this machine (127.0.0.1 / localhost) can be registered (a test setting).",
    no_events: "Please choose at least one event to be notified of (report.saved, report.amended, sos.changed).",
    too_many: |max| {
        if max == 1 {
            "Each account can register only 1 webhook. Please remove the ones you no longer need.".to_owned()
        } else {
            format!("Each account can register up to {max} webhooks. Please remove the ones you no longer need.")
        }
    },
    not_failed: "This delivery is still being sent. Only deliveries that have failed or been delivered can be resent.",
    disabled_subject: "[G-MIS] A webhook destination has been stopped",
    disabled_body: |url, since| {
        format!(
            "Deliveries from G-MIS to the following webhook destination have kept failing since {since}, so the destination has been stopped.\n\n  {url}\n\nPlease check the receiving side, then register the destination again through the API. Deliveries that were not received while it was stopped can be resent from the delivery list.\n\n(This e-mail is sent from a send-only address.)"
        )
    },
};
