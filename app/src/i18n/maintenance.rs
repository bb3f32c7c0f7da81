//! The catalogue's texts for scheduled maintenance: the banner, the
//! maintenance page, deadline warnings and the administration page.

/// Texts of maintenance (a part of [`super::Catalogue`]).
pub struct MaintenanceTexts {
    pub start_in_past: &'static str,
    pub end_before_start: &'static str,
    pub too_long: &'static str,
    pub message_required: &'static str,
    pub message_too_long: &'static str,
    pub overlaps: fn(&str) -> String,
    pub deadline_inside: fn(&str, &str, &str) -> String,
    pub deadline_after: fn(&str, &str, &str, &str) -> String,
    pub banner_title: &'static str,
    pub calendar_alarm_title: &'static str,
    pub calendar_alarm: fn(&str) -> String,
    pub page_title: &'static str,
    pub page_lead: fn(&str) -> String,
    pub page_hint: &'static str,
    pub status_after: &'static str,
    pub admin_title: &'static str,
    pub admin_lead: fn(u32) -> String,
    pub start_label: &'static str,
    pub end_label: &'static str,
    pub time_hint: &'static str,
    pub message_label: &'static str,
    pub message_hint: &'static str,
    pub schedule: &'static str,
    pub save: &'static str,
    pub edit: &'static str,
    pub cancel: &'static str,
    pub cancel_edit: &'static str,
    pub scheduled: &'static str,
    pub saved: &'static str,
    pub cancelled: &'static str,
    pub none: &'static str,
    pub current: &'static str,
    pub upcoming: &'static str,
    pub bad_time: &'static str,
    pub not_editable: &'static str,
}

pub const MAINTENANCE_JA: MaintenanceTexts = MaintenanceTexts {
    start_in_past: "開始日時が過去です。これからの日時を入力してください。",
    end_before_start: "終了日時は開始日時より後にしてください。",
    too_long: "1回のメンテナンスは31日以内にしてください。",
    message_required: "利用者へのお知らせ文を入力してください。",
    message_too_long: "お知らせ文は500文字以内で入力してください。",
    overlaps: |other| format!("ほかのメンテナンス（{other}）と重なっています。"),
    deadline_inside: |deadline, window, start| {
        format!("締切（{deadline}）はメンテナンス（{window}）の最中です。{start}より前に入力してください。")
    },
    deadline_after: |deadline, window, start, end| {
        format!(
            "締切（{deadline}）の前にメンテナンス（{window}）があります。{start}より前か、{end}以降・締切までに入力してください。"
        )
    },
    banner_title: "メンテナンスのお知らせ",
    calendar_alarm_title: "祝日カレンダーの更新が必要です",
    calendar_alarm: |last| {
        format!(
            "祝日カレンダーは {last} までです。それより後の日は祝日も営業日として扱われ、SOS要請の処理日がずれます。scripts/holidays/generate.mjs で再生成するか GMIS_HOLIDAYS_FILE を指定してください。"
        )
    },
    page_title: "メンテナンス中です",
    page_lead: |until| format!("G-MIS は計画メンテナンスのため停止しています。{until}に再開します。"),
    page_hint: "メンテナンス中に報告できなかった日の報告は、再開後に入力できます（遅れた報告にはなりません）。",
    status_after: "メンテナンス後に報告",
    admin_title: "メンテナンスの予定",
    admin_lead: |days| {
        format!(
            "予定したメンテナンスは開始の{days}日前から全画面にお知らせを表示し、期間中はすべての画面と操作を停止します。"
        )
    },
    start_label: "開始日時（日本時間）",
    end_label: "再開日時（日本時間）",
    time_hint: "例: 2027-01-15 17:30",
    message_label: "利用者へのお知らせ",
    message_hint: "例: システム更新のため、G-MIS を停止します。",
    schedule: "予定を登録する",
    save: "変更を保存する",
    edit: "変更",
    cancel: "取り消す",
    cancel_edit: "変更をやめる",
    scheduled: "メンテナンスを予定しました。",
    saved: "メンテナンスの予定を変更しました。",
    cancelled: "メンテナンスの予定を取り消しました。",
    none: "予定されたメンテナンスはありません。",
    current: "実施中",
    upcoming: "予定",
    bad_time: "日時を YYYY-MM-DD HH:MM の形で入力してください。",
    not_editable: "始まったメンテナンスは変更・取消できません。終了はシェルの gmis maintenance end で行います。",
};

/// English texts of maintenance.
pub const MAINTENANCE_EN: MaintenanceTexts = MaintenanceTexts {
    start_in_past: "The start time is in the past. Please enter a future date and time.",
    end_before_start: "The end time must be after the start time.",
    too_long: "A single maintenance window can last at most 31 days.",
    message_required: "Please enter a message for users.",
    message_too_long: "The message can be at most 500 characters long.",
    overlaps: |other| format!("This overlaps with another maintenance window ({other})."),
    deadline_inside: |deadline, window, start| {
        format!(
            "The deadline ({deadline}) falls during maintenance ({window}). Please enter your report before {start}."
        )
    },
    deadline_after: |deadline, window, start, end| {
        format!(
            "There is maintenance ({window}) before the deadline ({deadline}). Please enter your report before {start}, or from {end} until the deadline."
        )
    },
    banner_title: "Maintenance notice",
    calendar_alarm_title: "The holiday calendar needs updating",
    calendar_alarm: |last| {
        format!(
            "The holiday calendar only runs until {last}. Holidays after that date are treated as business days, which shifts the processing dates of emergency supply requests (SOS). Please regenerate it with scripts/holidays/generate.mjs or set GMIS_HOLIDAYS_FILE."
        )
    },
    page_title: "Under maintenance",
    page_lead: |until| format!("G-MIS is stopped for planned maintenance. It will be back at {until}."),
    page_hint: "Reports for days you could not report during maintenance can be entered once G-MIS is back (they will not count as late).",
    status_after: "Report after maintenance",
    admin_title: "Maintenance schedule",
    admin_lead: |days| {
        let day_word = if days == 1 { "day" } else { "days" };
        format!(
            "Scheduled maintenance is announced on every screen from {days} {day_word} before it starts. While it lasts, all screens and operations are stopped."
        )
    },
    start_label: "Start (Japan time)",
    end_label: "Back in service (Japan time)",
    time_hint: "Example: 2027-01-15 17:30",
    message_label: "Message for users",
    message_hint: "Example: G-MIS will be unavailable for a system update.",
    schedule: "Schedule maintenance",
    save: "Save changes",
    edit: "Edit",
    cancel: "Cancel maintenance",
    cancel_edit: "Stop editing",
    scheduled: "Maintenance has been scheduled.",
    saved: "The maintenance schedule has been changed.",
    cancelled: "The scheduled maintenance has been cancelled.",
    none: "No maintenance is scheduled.",
    current: "In progress",
    upcoming: "Scheduled",
    bad_time: "Please enter the date and time as YYYY-MM-DD HH:MM.",
    not_editable: "Maintenance that has started cannot be changed or cancelled. End it from the shell with gmis maintenance end.",
};
