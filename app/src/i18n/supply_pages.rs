//! The catalogue's texts for the supplies pages rendered on the server only
//! (the overview, a request's page, the review queue) and the mails and CSV
//! the server writes: kept apart from [`super::supplies`], whose texts the
//! weekly survey's and the SOS forms' islands carry into the browser.

/// Texts of the supplies pages and mails that no island uses (a part of
/// [`super::Catalogue`]).
pub struct SupplyPageTexts {
    /// One line of a request in a mail: supply, amount, and what was
    /// shipped or received (already written with [`SupplyTexts::aside`]).
    pub mail_line: fn(&str, &str, &str) -> String,
    /// A remark after a line: `（発送 200枚）`, ` (shipped 200 pieces)`.
    pub aside: fn(&str, &str) -> String,
    pub hospital_or_clinic_only: &'static str,
    pub batch_note_holiday: fn(&str) -> String,
    pub batch_note_weekend: &'static str,
    pub batch_note_after_cutoff: fn(&str) -> String,
    pub mail_subject: fn(i32, &str) -> String,
    pub mail_body: fn(&str, i32, &str, &str, &str) -> String,
    pub mail_footer: fn(&str) -> String,
    pub csv_header: [&'static str; 17],
    pub weekly_title: &'static str,
    pub overview_title: &'static str,
    pub batch_now: &'static str,
    pub units_title: &'static str,
    pub no_units: &'static str,
    pub latest_week: fn(&str) -> String,
    pub no_recent_week: &'static str,
    pub low_items: &'static str,
    pub new_request: &'static str,
    pub requests_title: &'static str,
    pub no_requests: &'static str,
    pub detail_title: &'static str,
    pub requested_by: &'static str,
    pub requested_at: &'static str,
    pub timeline_title: &'static str,
    /// Who took a step in the previous system (its reviewers have no account here).
    pub previous_system: &'static str,
    pub review_title: &'static str,
    pub batch_label: &'static str,
    pub state_filter: &'static str,
    pub sort_label: &'static str,
    pub sort_days: &'static str,
    pub sort_oldest: &'static str,
    pub apply_filters: &'static str,
    pub csv_utf8: &'static str,
    pub csv_sjis: &'static str,
    pub queue_empty: &'static str,
    pub in_review_batch: &'static str,
    pub open_batch: &'static str,
}

pub const SUPPLY_PAGES_JA: SupplyPageTexts = SupplyPageTexts {
    mail_line: |supply, amount, asides| format!("・{supply} {amount}{asides}"),
    aside: |what, amount| format!("（{what} {amount}）"),
    hospital_or_clinic_only: "医療用物資の調査・要請は病院・診療所が対象です。",
    batch_note_holiday: |name| format!("本日は{name}のため、次の営業日の便になります。"),
    batch_note_weekend: "本日は土日のため、次の営業日の便になります。",
    batch_note_after_cutoff: |cutoff| format!("本日の締切（{cutoff}）を過ぎたため、次の営業日の便になります。"),
    mail_subject: |id, state| format!("[G-MIS] 緊急配布要請 第{id}号: {state}"),
    mail_body: |facility, id, state, batch, deadline| {
        format!(
            "{facility} ご担当者様\n\n緊急配布要請（第{id}号）の状態が「{state}」になりました。\n\n処理便: {batch}（締切 {deadline}）\n要請した物資:\n"
        )
    },
    mail_footer: |url| {
        format!(
            "\n詳細と経過はこちらで確認できます:\n{url}\n\nこのメールは送信専用です。G-MIS 医療機関等情報支援システム\n"
        )
    },
    csv_header: [
        "要請番号",
        "処理便",
        "状態",
        "都道府県コード",
        "市区町村",
        "医療機関コード",
        "医療機関名",
        "物資",
        "要請数量",
        "在庫日数",
        "出荷数量",
        "受領数量",
        "要請理由",
        "要請日時",
        "出荷日",
        "運送会社",
        "伝票番号",
    ],
    weekly_title: "医療用物資 週次調査",
    overview_title: "医療用物資・緊急配布要請",
    batch_now: "今要請すると",
    units_title: "報告・要請する医療機関",
    no_units: "報告・要請できる医療機関がありません。",
    latest_week: |week| format!("最新の週次報告: {week}"),
    no_recent_week: "最近2週間の週次報告はありません。",
    low_items: "在庫日数が少ない物資",
    new_request: "緊急配布要請",
    requests_title: "要請の一覧",
    no_requests: "要請はまだありません。",
    detail_title: "緊急配布要請",
    requested_by: "要請者",
    requested_at: "要請日時",
    timeline_title: "経過",
    previous_system: "前システム",
    review_title: "緊急配布要請の審査",
    batch_label: "処理便（日付）",
    state_filter: "状態",
    sort_label: "並び順",
    sort_days: "在庫日数の少ない順",
    sort_oldest: "要請の古い順",
    apply_filters: "絞り込む",
    csv_utf8: "CSVでダウンロード（UTF-8）",
    csv_sjis: "CSVでダウンロード（Shift_JIS）",
    queue_empty: "この条件の要請はありません。",
    in_review_batch: "締切済みの便（審査中）",
    open_batch: "受付中の次の便",
};

pub const SUPPLY_PAGES_EN: SupplyPageTexts = SupplyPageTexts {
    mail_line: |supply, amount, asides| format!("- {supply}: {amount}{asides}"),
    aside: |what, amount| format!(" ({what}: {amount})"),
    hospital_or_clinic_only: "The medical supplies survey and requests are for hospitals and clinics only.",
    batch_note_holiday: |name| format!("Today is {name}, so your request will go in the next business day's batch."),
    batch_note_weekend: "Today is a weekend day, so your request will go in the next business day's batch.",
    batch_note_after_cutoff: |cutoff| {
        format!("Today's deadline ({cutoff}) has passed, so your request will go in the next business day's batch.")
    },
    mail_subject: |id, state| format!("[G-MIS] Emergency supply request No. {id}: {state}"),
    mail_body: |facility, id, state, batch, deadline| {
        format!(
            "Dear {facility},\n\nThe status of your emergency supply request (No. {id}) is now \"{state}\".\n\nBatch: {batch} (deadline {deadline})\nSupplies requested:\n"
        )
    },
    mail_footer: |url| {
        format!(
            "\nYou can see the details and history here:\n{url}\n\nThis is a send-only address; please do not reply. G-MIS (Medical Institution Information Support System)\n"
        )
    },
    csv_header: [
        "Request number",
        "Batch",
        "Status",
        "Prefecture code",
        "Municipality",
        "Facility code",
        "Facility name",
        "Supply",
        "Quantity requested",
        "Days of stock",
        "Quantity shipped",
        "Quantity received",
        "Reason for request",
        "Requested at",
        "Shipping date",
        "Carrier",
        "Tracking number",
    ],
    weekly_title: "Medical supplies weekly survey",
    overview_title: "Medical supplies and emergency supply requests",
    batch_now: "If you request now:",
    units_title: "Facilities you report and request for",
    no_units: "There are no facilities you can report or request for.",
    latest_week: |week| format!("Latest weekly report: {week}"),
    no_recent_week: "There is no weekly report in the last 2 weeks.",
    low_items: "Supplies running low",
    new_request: "Emergency supply request",
    requests_title: "Requests",
    no_requests: "There are no requests yet.",
    detail_title: "Emergency supply request",
    requested_by: "Requested by",
    requested_at: "Requested at",
    timeline_title: "History",
    previous_system: "Previous system",
    review_title: "Review emergency supply requests",
    batch_label: "Batch (date)",
    state_filter: "Status",
    sort_label: "Sort by",
    sort_days: "Fewest days of stock first",
    sort_oldest: "Oldest requests first",
    apply_filters: "Filter",
    csv_utf8: "Download CSV (UTF-8)",
    csv_sjis: "Download CSV (Shift_JIS)",
    queue_empty: "There are no requests matching these conditions.",
    in_review_batch: "Closed batch (under review)",
    open_batch: "Next batch (open)",
};
