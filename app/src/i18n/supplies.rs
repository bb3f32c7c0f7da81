//! The catalogue's texts for medical supplies that the browser may need: the
//! weekly survey's stock figures, SOS requests and their workflow, their
//! checks. The pages rendered on the server only, the mails and the CSV have
//! theirs in [`super::supply_pages`], which no island links.

use crate::domain::supplies::{SosState, SosStep, Supply};

/// Texts of the supplies forms (a part of [`super::Catalogue`]).
pub struct SupplyTexts {
    pub supply_label: fn(Supply) -> &'static str,
    /// The unit a supply is counted in (枚, 双 / pieces, pairs).
    pub supply_unit: fn(Supply) -> &'static str,
    /// A count with its unit: `200枚`, `200 pieces`.
    pub amount: fn(i64, &str) -> String,
    pub state_label: fn(SosState) -> &'static str,
    pub step_label: fn(SosStep) -> &'static str,
    pub illegal_step: fn(SosState, SosStep) -> String,
    pub required: &'static str,
    pub too_long: &'static str,
    pub unknown_supply: &'static str,
    pub days_required: &'static str,
    pub no_lines: &'static str,
    pub nothing_shipped: &'static str,
    pub shipped_future: &'static str,
    pub shipped_before_request: &'static str,
    pub bad_tracking: &'static str,
    pub shortfall_note: &'static str,
    pub stale: &'static str,
    pub week_must_start_monday: &'static str,
    pub shipped: &'static str,
    pub received: &'static str,
    pub reject_reason: &'static str,
    pub shipped_on: &'static str,
    pub carrier: &'static str,
    pub tracking: &'static str,
    pub note: &'static str,
    pub prev_week: &'static str,
    pub this_week: &'static str,
    pub next_week: &'static str,
    pub last_week: &'static str,
    pub same_as_last_week: &'static str,
    pub no_previous_week: &'static str,
    pub threshold_hint: fn(u32) -> String,
    pub low_stock_alert: &'static str,
    pub offer_request: &'static str,
    pub days: fn(i64) -> String,
    pub no_use: &'static str,
    pub below_threshold: &'static str,
    /// Beside a supply's fields until its stock and use are typed.
    pub stock_pending: &'static str,
    /// Under a supply's days of stock when below the threshold.
    pub stock_low: fn(u32) -> String,
    /// Says at the top of a reopened week that it was filed as "nothing to report".
    pub filed_nothing: fn(i32) -> String,
    pub batch_text: fn(&str, &str) -> String,
    pub request_number: fn(i32) -> String,
    pub min_days: fn(i64) -> String,
    pub enter_weekly: &'static str,
    pub new_title: &'static str,
    pub batch_moved: &'static str,
    pub deadline_title: &'static str,
    pub stock_from_week: fn(&str, u32) -> String,
    pub no_stock_week: &'static str,
    pub days_of_stock_short: &'static str,
    pub quantity_label: &'static str,
    pub days_label: &'static str,
    pub reason_label: &'static str,
    pub reason_hint: &'static str,
    pub submit_request: fn(&str) -> String,
    pub created: &'static str,
    pub supply: &'static str,
    pub ship_quantity: &'static str,
    pub receive_quantity: &'static str,
    pub step_done: fn(&str) -> String,
    pub all: &'static str,
    pub municipality: &'static str,
    pub count: fn(usize) -> String,
}

pub const SUPPLIES_JA: SupplyTexts = SupplyTexts {
    supply_label,
    supply_unit: |s| match s {
        Supply::Gloves => "双",
        _ => "枚",
    },
    amount: |n, unit| format!("{n}{unit}"),
    state_label,
    step_label,
    illegal_step,
    required: "入力してください。",
    too_long: "500文字以内で入力してください。",
    unknown_supply: "対象外の物資が含まれています。",
    days_required: "現在の在庫日数を入力してください。",
    no_lines: "要請する物資の数量を1つ以上入力してください。",
    nothing_shipped: "出荷する数量を1つ以上入力してください。",
    shipped_future: "出荷日に未来の日付は入力できません。",
    shipped_before_request: "出荷日が要請日より前になっています。",
    bad_tracking: "伝票番号は英数字とハイフン（40文字以内）で入力してください。",
    shortfall_note: "出荷数より少ない物資があります。不足の内容を備考に入力してください。",
    stale: "この要請は他の担当者が先に更新しました。最新の状態を表示しています。内容を確認してから操作してください。",
    week_must_start_monday: "週の初め（月曜日）の日付を指定してください。",
    shipped: "出荷",
    received: "受領",
    reject_reason: "却下の理由",
    shipped_on: "出荷日",
    carrier: "運送会社",
    tracking: "伝票番号",
    note: "備考",
    prev_week: "前の週",
    this_week: "今週",
    next_week: "次の週",
    last_week: "前週",
    same_as_last_week: "前週と同じ値を入れる",
    no_previous_week: "前週の報告はありません。",
    threshold_hint: |n| {
        format!(
            "在庫日数 = 在庫量 ÷（前週の使用量 ÷ 7）。物資ごとに入力欄の下に表示し、{n}日未満は「不足」と赤で示します。"
        )
    },
    low_stock_alert: "在庫日数が少ない物資があります。緊急配布を要請できます。",
    offer_request: "緊急配布要請を作成する",
    days: |n| format!("{n}日"),
    no_use: "使用なし",
    below_threshold: "（不足）",
    stock_pending: "在庫量と前週の使用量を入力すると計算します。",
    stock_low: |n| format!("基準の{n}日を下回っています。"),
    filed_nothing: |n| {
        format!(
            "この週は「報告事項なし」として報告済みです（第{n}版）。値を報告する場合は、入力して修正理由を添えて送信してください。"
        )
    },
    batch_text: |day, deadline| format!("{day}の便（締切 {deadline}）"),
    request_number: |id| format!("要請 第{id}号"),
    min_days: |n| format!("最少在庫日数 {n}日"),
    enter_weekly: "週次調査を入力",
    new_title: "緊急配布要請（SOS）",
    batch_moved: "締切を過ぎたため、この要請は次の便になります。上の便と締切を確認し、もう一度送信してください（まだ送信されていません）。",
    deadline_title: "この要請が入る便と締切",
    stock_from_week: |week, n| {
        format!("在庫日数は{week}の週次報告から入れています（{n}日未満の物資）。必要に応じて直してください。")
    },
    no_stock_week: "最近の週次報告がないため、在庫日数を入力してください。",
    days_of_stock_short: "在庫日数",
    quantity_label: "要請数量",
    days_label: "現在の在庫日数（日）",
    reason_label: "要請理由",
    reason_hint: "例: 発熱外来の患者が増え、N95マスクが3日分しかありません。",
    submit_request: |day| format!("要請を送信する（{day}の便）"),
    created: "要請を送信しました。状態が変わるたびにメールでお知らせします。",
    supply: "物資",
    ship_quantity: "出荷数量",
    receive_quantity: "受領した数量",
    step_done: |state| format!("「{state}」にしました。要請者にメールで知らせます。"),
    all: "すべて",
    municipality: "市区町村",
    count: |n| format!("{n}件"),
};

/// English texts of the supplies pages and mails.
pub const SUPPLIES_EN: SupplyTexts = SupplyTexts {
    supply_label: supply_label_en,
    supply_unit: |s| match s {
        Supply::Gloves => "pairs",
        _ => "pieces",
    },
    amount: |n, unit| format!("{n} {unit}"),
    state_label: state_label_en,
    step_label: step_label_en,
    illegal_step: illegal_step_en,
    required: "Please fill in this field.",
    too_long: "Please enter no more than 500 characters.",
    unknown_supply: "The request includes a supply that is not covered.",
    days_required: "Please enter your current days of stock.",
    no_lines: "Please enter a quantity for at least one supply you are requesting.",
    nothing_shipped: "Please enter a quantity for at least one supply being shipped.",
    shipped_future: "The shipping date cannot be in the future.",
    shipped_before_request: "The shipping date is earlier than the request date.",
    bad_tracking: "Please enter the tracking number using letters, digits and hyphens only (up to 40 characters).",
    shortfall_note: "Fewer items were received than shipped for some supplies. Please describe the shortfall in the note.",
    stale: "Another staff member updated this request before you. The latest status is now shown. Please check it before you continue.",
    week_must_start_monday: "Please choose the first day of the week (a Monday).",
    shipped: "shipped",
    received: "received",
    reject_reason: "Reason for rejection",
    shipped_on: "Shipping date",
    carrier: "Carrier",
    tracking: "Tracking number",
    note: "Note",
    prev_week: "Previous week",
    this_week: "This week",
    next_week: "Next week",
    last_week: "Last week",
    same_as_last_week: "Copy last week's figures",
    no_previous_week: "There is no report for last week.",
    threshold_hint: |n| {
        let days = if n == 1 { "day" } else { "days" };
        format!(
            "Days of stock = stock ÷ (last week's use ÷ 7). It is shown under each supply's fields; less than {n} {days} is marked \"low\" in red."
        )
    },
    low_stock_alert: "Some supplies are running low. You can make an emergency supply request.",
    offer_request: "Create an emergency supply request",
    days: |n| if n == 1 { format!("{n} day") } else { format!("{n} days") },
    no_use: "No use",
    below_threshold: " (low)",
    stock_pending: "Calculated once you enter the stock and last week's use.",
    stock_low: |n| {
        if n == 1 { format!("Below the threshold of {n} day.") } else { format!("Below the threshold of {n} days.") }
    },
    filed_nothing: |n| {
        format!(
            "This week was reported as \"nothing to report\" (version {n}). To report figures, enter them, add a reason for the revision and submit."
        )
    },
    batch_text: |day, deadline| format!("Batch of {day} (deadline {deadline})"),
    request_number: |id| format!("Request No. {id}"),
    min_days: |n| {
        if n == 1 { format!("Lowest days of stock: {n} day") } else { format!("Lowest days of stock: {n} days") }
    },
    enter_weekly: "Enter the weekly survey",
    new_title: "Emergency supply request (SOS)",
    batch_moved: "The deadline has passed, so this request will go in the next batch. Please check the batch and deadline above and submit again (your request has not been sent yet).",
    deadline_title: "Batch and deadline for this request",
    stock_from_week: |week, n| {
        let days = if n == 1 { "day" } else { "days" };
        format!(
            "Days of stock are taken from the weekly report of {week} (supplies with less than {n} {days}). Please correct them if needed."
        )
    },
    no_stock_week: "There is no recent weekly report, so please enter your days of stock.",
    days_of_stock_short: "Days of stock",
    quantity_label: "Quantity requested",
    days_label: "Current days of stock (days)",
    reason_label: "Reason for request",
    reason_hint: "Example: Fever outpatients have increased and we only have 3 days' worth of N95 masks left.",
    submit_request: |day| format!("Submit request (batch of {day})"),
    created: "Your request has been submitted. We will e-mail you each time its status changes.",
    supply: "Supply",
    ship_quantity: "Quantity shipped",
    receive_quantity: "Quantity received",
    step_done: |state| format!("Set to \"{state}\". The requester will be notified by e-mail."),
    all: "All",
    municipality: "Municipality",
    count: |n| if n == 1 { format!("{n} item") } else { format!("{n} items") },
};

fn supply_label(s: Supply) -> &'static str {
    match s {
        Supply::SurgicalMask => "サージカルマスク",
        Supply::N95Mask => "N95等マスク",
        Supply::Gown => "アイソレーションガウン",
        Supply::FaceShield => "フェイスシールド",
        Supply::Gloves => "非滅菌手袋",
    }
}

fn state_label(s: SosState) -> &'static str {
    match s {
        SosState::Submitted => "要請中",
        SosState::Accepted => "受付済",
        SosState::Rejected => "却下",
        SosState::Shipped => "出荷済",
        SosState::Received => "受領済",
        SosState::Closed => "完了",
        SosState::Cancelled => "取消",
    }
}

fn step_label(s: SosStep) -> &'static str {
    match s {
        SosStep::Accept => "受け付ける",
        SosStep::Reject => "却下する",
        SosStep::Ship => "出荷を登録する",
        SosStep::Receive => "受領を確認する",
        SosStep::Close => "完了にする",
        SosStep::Cancel => "要請を取り消す",
    }
}

fn illegal_step(from: SosState, step: SosStep) -> String {
    let hint = match step {
        SosStep::Cancel => "取り消しは受付前（要請中）のみできます。",
        SosStep::Accept | SosStep::Reject => "受付・却下は要請中の要請のみできます。",
        SosStep::Ship => "出荷は受付済の要請のみ登録できます。",
        SosStep::Receive => "受領は出荷済の要請のみ確認できます。",
        SosStep::Close => "完了にできるのは受領済の要請です。",
    };
    format!("この要請は「{}」のため、「{}」はできません。{hint}", from.label(), step_label(step))
}

fn supply_label_en(s: Supply) -> &'static str {
    match s {
        Supply::SurgicalMask => "Surgical masks",
        Supply::N95Mask => "N95 or equivalent masks",
        Supply::Gown => "Isolation gowns",
        Supply::FaceShield => "Face shields",
        Supply::Gloves => "Non-sterile gloves",
    }
}

fn state_label_en(s: SosState) -> &'static str {
    match s {
        SosState::Submitted => "Requested",
        SosState::Accepted => "Accepted",
        SosState::Rejected => "Rejected",
        SosState::Shipped => "Shipped",
        SosState::Received => "Received",
        SosState::Closed => "Completed",
        SosState::Cancelled => "Cancelled",
    }
}

fn step_label_en(s: SosStep) -> &'static str {
    match s {
        SosStep::Accept => "Accept",
        SosStep::Reject => "Reject",
        SosStep::Ship => "Record shipment",
        SosStep::Receive => "Confirm receipt",
        SosStep::Close => "Mark as completed",
        SosStep::Cancel => "Cancel request",
    }
}

fn illegal_step_en(from: SosState, step: SosStep) -> String {
    let hint = match step {
        SosStep::Cancel => "A request can only be cancelled before it is accepted (while it is \"Requested\").",
        SosStep::Accept | SosStep::Reject => "Only requests that are \"Requested\" can be accepted or rejected.",
        SosStep::Ship => "A shipment can only be recorded for an \"Accepted\" request.",
        SosStep::Receive => "Receipt can only be confirmed for a \"Shipped\" request.",
        SosStep::Close => "Only \"Received\" requests can be marked as completed.",
    };
    format!("This request is \"{}\", so \"{}\" is not possible. {hint}", state_label_en(from), step_label_en(step))
}
