//! The catalogue's texts for the lists of sessions (`/account`, and the
//! administrators' account search).

/// Texts of the sessions lists (a part of [`super::Catalogue`]).
pub struct SessionTexts {
    pub title: &'static str,
    pub lead: &'static str,
    pub device: &'static str,
    pub unknown_device: &'static str,
    pub ip: &'static str,
    pub started: &'static str,
    pub last_seen: &'static str,
    pub this_device: &'static str,
    /// The accessible name of the button that ends one session: its visible
    /// text ([`Self::end_one_short`]) first, then the device, for screen readers.
    pub end_one: fn(&str) -> String,
    pub end_one_short: &'static str,
    pub end_others: &'static str,
    pub end_all: &'static str,
    pub none_other: &'static str,
    pub ended: fn(u64) -> String,
    pub handle_invalid: &'static str,
    pub already_ended: &'static str,
    /// In the administrators' search: how many sessions an account has open.
    pub count: fn(usize) -> String,
}

pub const SESSIONS_JA: SessionTexts = SessionTexts {
    title: "ログイン中の端末",
    lead: "このアカウントで現在ログインしている端末です。心当たりのない端末があれば終了し、パスワードを変更してください。",
    device: "端末",
    unknown_device: "不明な端末",
    ip: "ログイン時の接続元",
    started: "ログイン日時",
    last_seen: "最終利用",
    this_device: "この端末",
    end_one: |device| format!("ログアウトさせる（{device}）"),
    end_one_short: "ログアウトさせる",
    end_others: "ほかの端末をすべてログアウト",
    end_all: "すべての端末をログアウト",
    none_other: "ほかにログイン中の端末はありません。",
    ended: |n| format!("{n}件のセッションを終了しました。"),
    handle_invalid: "終了するセッションの指定が正しくありません。",
    already_ended: "このセッションはすでに終了しています。",
    count: |n| format!("ログイン中 {n}件"),
};

/// English texts of the sessions lists.
pub const SESSIONS_EN: SessionTexts = SessionTexts {
    title: "Logged-in devices",
    lead: "These are the devices currently logged in to this account. If you do not recognise a device, log it out and change your password.",
    device: "Device",
    unknown_device: "Unknown device",
    ip: "Connected from (at login)",
    started: "Logged in",
    last_seen: "Last used",
    this_device: "This device",
    end_one: |device| format!("Log out ({device})"),
    end_one_short: "Log out",
    end_others: "Log out all other devices",
    end_all: "Log out all devices",
    none_other: "No other devices are logged in.",
    ended: |n| if n == 1 { format!("Ended {n} session.") } else { format!("Ended {n} sessions.") },
    handle_invalid: "The session to end was not specified correctly.",
    already_ended: "This session has already ended.",
    count: |n| if n == 1 { format!("{n} session logged in") } else { format!("{n} sessions logged in") },
};
