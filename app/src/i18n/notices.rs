//! The catalogue's texts for notices (通知文書): the list and search, a
//! notice's page, the home page's newest notices and the administrators'
//! editor.

use crate::domain::notices::{Category, Status};

/// Texts of notices (a part of [`super::Catalogue`]).
pub struct NoticeTexts {
    pub category_label: fn(Category) -> &'static str,
    pub status_label: fn(Status) -> &'static str,
    pub title_required: &'static str,
    pub body_required: &'static str,
    pub office_required: &'static str,
    pub date_invalid: &'static str,
    pub category_required: &'static str,
    pub audience_required: &'static str,
    pub too_long: fn(usize) -> String,
    pub publish_at_invalid: &'static str,
    pub withdraw_reason_required: &'static str,
    pub already_withdrawn: &'static str,
    pub too_many_attachments: fn(usize) -> String,
    pub file_empty: &'static str,
    pub file_too_big: fn(usize) -> String,
    pub file_not_allowed: &'static str,
    pub list_title: &'static str,
    pub search_label: &'static str,
    pub search_hint: &'static str,
    pub search_button: &'static str,
    pub category_filter: &'static str,
    pub more_filters: &'static str,
    pub all_categories: &'static str,
    pub from_label: &'static str,
    pub to_label: &'static str,
    pub clear: &'static str,
    pub results: fn(u64) -> String,
    pub results_for: fn(&str, u64) -> String,
    pub none: &'static str,
    pub none_found: &'static str,
    pub query_empty: &'static str,
    pub unread: &'static str,
    pub unread_count: fn(u64) -> String,
    pub attachments_count: fn(u32) -> String,
    pub previous: &'static str,
    pub next: &'static str,
    pub page_of: fn(u32, u32) -> String,
    pub issued: fn(&str, &str) -> String,
    pub attachments: &'static str,
    pub back_to_list: &'static str,
    pub withdrawn_notice: fn(&str) -> String,
    pub home_title: &'static str,
    pub home_all: &'static str,
    pub home_none: &'static str,
    pub admin_title: &'static str,
    pub admin_lead: &'static str,
    pub admin_new: &'static str,
    pub editor_title: &'static str,
    pub title_label: &'static str,
    pub body_label: &'static str,
    pub body_hint: &'static str,
    pub office_label: &'static str,
    pub issued_on_label: &'static str,
    pub category_field: &'static str,
    pub audience_label: &'static str,
    pub save: &'static str,
    pub saved: &'static str,
    pub created: &'static str,
    pub preview: &'static str,
    pub publish_title: &'static str,
    pub publish_now: &'static str,
    pub publish_at_label: &'static str,
    pub publish_at_hint: &'static str,
    pub schedule: &'static str,
    pub published: &'static str,
    pub scheduled: fn(&str) -> String,
    pub withdraw_title: &'static str,
    pub withdraw_reason_label: &'static str,
    pub withdraw: &'static str,
    pub withdrawn: &'static str,
    pub attach_label: &'static str,
    pub attach_hint: fn(usize) -> String,
    pub attach: &'static str,
    pub attached: &'static str,
    pub remove: &'static str,
    pub removed: &'static str,
    pub view_as_user: &'static str,
    /// A file refused by a post without JavaScript: what is accepted.
    pub attach_refused: fn(usize, usize) -> String,
    /// A notice too long to be sent back to the editor (without JavaScript).
    pub copy_typed: &'static str,
    pub back_to_editor: &'static str,
    pub mail_subject: fn(&str) -> String,
    /// (name, title, office, issued on, the notice's address, the account page's address)
    pub mail_body: fn(&str, &str, &str, &str, &str, &str) -> String,
    pub mail_pref_title: &'static str,
    pub mail_pref_label: &'static str,
    pub mail_pref_hint: &'static str,
    pub mail_pref_save: &'static str,
    pub mail_pref_on: &'static str,
    pub mail_pref_off: &'static str,
    pub mail_pref_no_email: &'static str,
}

fn category_label(c: Category) -> &'static str {
    match c {
        Category::Notice => "通知",
        Category::Administrative => "事務連絡",
        Category::System => "システム",
        Category::Manual => "操作マニュアル",
    }
}

fn status_label(s: Status) -> &'static str {
    match s {
        Status::Draft => "下書き",
        Status::Scheduled => "公開予約",
        Status::Published => "公開中",
        Status::Withdrawn => "取り下げ",
    }
}

pub const NOTICES_JA: NoticeTexts = NoticeTexts {
    category_label,
    status_label,
    title_required: "件名を入力してください。",
    body_required: "本文を入力してください。",
    office_required: "発出部局を入力してください。",
    date_invalid: "発出日を年-月-日で入力してください。",
    category_required: "種別を選んでください。",
    audience_required: "対象の利用者を一つ以上選んでください。",
    too_long: |n| format!("{n}文字以内で入力してください。"),
    publish_at_invalid: "公開日時は今より後の日時を入力してください（空欄なら今すぐ公開します）。",
    withdraw_reason_required: "取り下げの理由を入力してください。",
    already_withdrawn: "この通知はすでに取り下げられています。",
    too_many_attachments: |n| format!("添付ファイルは1件の通知につき{n}個までです。"),
    file_empty: "ファイルを選んでください。",
    file_too_big: |mb| format!("ファイルが大きすぎます（{mb}MBまで）。"),
    file_not_allowed: "添付できるのはPDFと画像（PNG・JPEG・GIF・WebP）だけです。ファイルの中身がこれらの形式ではありません。",
    list_title: "通知文書",
    search_label: "キーワード",
    search_hint: "件名と本文を検索します。1文字・2文字（例: 病床、ID）でも探せます。空白で区切るとすべてを含む通知を探します。",
    search_button: "検索",
    category_filter: "種別",
    more_filters: "種別・発出日で絞り込む",
    all_categories: "すべて",
    from_label: "発出日（から）",
    to_label: "発出日（まで）",
    clear: "条件をクリア",
    results: |n| format!("{n}件"),
    results_for: |q, n| format!("「{q}」の検索結果 {n}件"),
    none: "通知はまだありません。",
    none_found: "条件に合う通知は見つかりませんでした。キーワードを短くするか、種別・期間を広げてください。",
    query_empty: "検索できる文字がありません。文字や数字を入力してください。",
    unread: "未読",
    unread_count: |n| format!("未読 {n}件"),
    attachments_count: |n| format!("添付 {n}"),
    previous: "前へ",
    next: "次へ",
    page_of: |p, n| format!("{p} / {n} ページ"),
    issued: |date, office| format!("{date} {office}"),
    attachments: "添付ファイル",
    back_to_list: "通知文書の一覧へ",
    withdrawn_notice: |reason| format!("この通知は取り下げられました。理由: {reason}"),
    home_title: "新着の通知",
    home_all: "すべての通知を見る",
    home_none: "新しい通知はありません。",
    admin_title: "通知文書の管理",
    admin_lead: "下書き・公開予約・公開中・取り下げたものを含むすべての通知です。",
    admin_new: "新しい通知を作成",
    editor_title: "通知の編集",
    title_label: "件名",
    body_label: "本文",
    body_hint: "Markdownが使えます: 「# 見出し」「- 箇条書き」「1. 番号付き」「**太字**」「[文字](https://…)」。HTMLやスクリプトは文字のまま表示されます。",
    office_label: "発出部局",
    issued_on_label: "発出日",
    category_field: "種別",
    audience_label: "対象の利用者",
    save: "保存",
    saved: "保存しました。",
    created: "下書きを作成しました。公開するには「公開」を押してください。",
    preview: "プレビュー",
    publish_title: "公開",
    publish_now: "今すぐ公開",
    publish_at_label: "公開日時（予約する場合）",
    publish_at_hint: "日本時間。空欄なら今すぐ公開します。",
    schedule: "予約する",
    published: "公開しました。対象の利用者のホーム画面に未読として表示されます。",
    scheduled: |at| format!("{at} に公開されます。"),
    withdraw_title: "取り下げ",
    withdraw_reason_label: "取り下げの理由",
    withdraw: "取り下げる",
    withdrawn: "取り下げました。一覧・検索・ホーム画面に表示されなくなります。",
    attach_label: "添付ファイルを追加",
    attach_hint: |n| format!("PDF・PNG・JPEG・GIF・WebP、{n}MBまで。"),
    attach: "添付する",
    attached: "添付しました。",
    remove: "削除",
    removed: "削除しました。",
    view_as_user: "利用者の画面で見る",
    attach_refused: |mb, max| {
        format!(
            "添付できませんでした。PDF・PNG・JPEG・GIF・WebP の{mb}MBまでのファイルを、1件の通知につき{max}個まで添付できます。"
        )
    },
    copy_typed: "保存されていません。入力した本文を下からコピーし、編集画面に貼り付けて直してください。",
    back_to_editor: "編集画面に戻る",
    mail_subject: |title| format!("【G-MIS】新しい通知文書: {title}"),
    mail_body: |name, title, office, issued, link, account| {
        format!(
            "{name} 様\n\n厚生労働省から新しい通知文書が公開されました。\n\n件名: {title}\n発出: {office}\n発出日: {issued}\n\n本文と添付ファイルは G-MIS でご覧ください（ログインが必要です）。\n{link}\n\nこのメールは、アカウントの設定で通知文書のメールを受け取ると選んだ方にお送りしています。受け取らないようにするには、次の画面で設定を変えてください。\n{account}\n"
        )
    },
    mail_pref_title: "通知文書のメール",
    mail_pref_label: "自分あての通知文書が公開されたらメールで受け取る",
    mail_pref_hint: "件名と G-MIS 上の通知文書へのリンクを、登録されたメールアドレスにお送りします。",
    mail_pref_save: "設定を保存",
    mail_pref_on: "通知文書が公開されたらメールでお知らせします。",
    mail_pref_off: "通知文書のメールは送りません。",
    mail_pref_no_email: "メールアドレスが登録されていないため、メールは届きません。アドレスの登録はヘルプデスクにお問い合わせください。",
};

fn category_label_en(c: Category) -> &'static str {
    match c {
        Category::Notice => "Notice",
        Category::Administrative => "Administrative notice",
        Category::System => "System",
        Category::Manual => "User manual",
    }
}

fn status_label_en(s: Status) -> &'static str {
    match s {
        Status::Draft => "Draft",
        Status::Scheduled => "Scheduled",
        Status::Published => "Published",
        Status::Withdrawn => "Withdrawn",
    }
}

/// English texts of notices.
pub const NOTICES_EN: NoticeTexts = NoticeTexts {
    category_label: category_label_en,
    status_label: status_label_en,
    title_required: "Please enter a title.",
    body_required: "Please enter the body text.",
    office_required: "Please enter the issuing office.",
    date_invalid: "Please enter the issue date as year-month-day (YYYY-MM-DD).",
    category_required: "Please choose a category.",
    audience_required: "Please choose at least one group of users.",
    too_long: |n| {
        if n == 1 {
            format!("Please enter no more than {n} character.")
        } else {
            format!("Please enter no more than {n} characters.")
        }
    },
    publish_at_invalid: "Please enter a publication date and time in the future (leave it empty to publish now).",
    withdraw_reason_required: "Please enter the reason for withdrawing.",
    already_withdrawn: "This notice has already been withdrawn.",
    too_many_attachments: |n| {
        if n == 1 {
            format!("A notice can have at most {n} attachment.")
        } else {
            format!("A notice can have at most {n} attachments.")
        }
    },
    file_empty: "Please choose a file.",
    file_too_big: |mb| format!("The file is too large (maximum {mb} MB)."),
    file_not_allowed: "Only PDF files and images (PNG, JPEG, GIF, WebP) can be attached. The content of this file is not in one of these formats.",
    list_title: "Notices",
    search_label: "Keywords",
    search_hint: "Searches titles and body texts. Short words of one or two characters (e.g. beds, ID) also work. Separate words with spaces to find notices that contain all of them.",
    search_button: "Search",
    category_filter: "Category",
    more_filters: "Filter by category or issue date",
    all_categories: "All",
    from_label: "Issued (from)",
    to_label: "Issued (to)",
    clear: "Clear filters",
    results: |n| if n == 1 { format!("{n} notice") } else { format!("{n} notices") },
    results_for: |q, n| {
        if n == 1 {
            format!("Search results for \"{q}\": {n} notice")
        } else {
            format!("Search results for \"{q}\": {n} notices")
        }
    },
    none: "There are no notices yet.",
    none_found: "No notices match your search. Try shorter keywords, or widen the category or date range.",
    query_empty: "There is nothing to search for. Please enter letters or numbers.",
    unread: "Unread",
    unread_count: |n| format!("{n} unread"),
    attachments_count: |n| if n == 1 { format!("{n} attachment") } else { format!("{n} attachments") },
    previous: "Previous",
    next: "Next",
    page_of: |p, n| format!("Page {p} of {n}"),
    issued: |date, office| format!("{date}, {office}"),
    attachments: "Attachments",
    back_to_list: "Back to the list of notices",
    withdrawn_notice: |reason| format!("This notice has been withdrawn. Reason: {reason}"),
    home_title: "New notices",
    home_all: "See all notices",
    home_none: "There are no new notices.",
    admin_title: "Manage notices",
    admin_lead: "All notices, including drafts, scheduled, published and withdrawn ones.",
    admin_new: "Create a new notice",
    editor_title: "Edit notice",
    title_label: "Title",
    body_label: "Body",
    body_hint: "You can use Markdown: \"# Heading\", \"- bullet point\", \"1. numbered item\", \"**bold**\", \"[text](https://…)\". HTML and scripts are shown as plain text.",
    office_label: "Issuing office",
    issued_on_label: "Issue date",
    category_field: "Category",
    audience_label: "Users it is for",
    save: "Save",
    saved: "Saved.",
    created: "Draft created. To publish it, press \"Publish now\".",
    preview: "Preview",
    publish_title: "Publish",
    publish_now: "Publish now",
    publish_at_label: "Publication date and time (to schedule)",
    publish_at_hint: "Japan time. Leave empty to publish now.",
    schedule: "Schedule",
    published: "Published. It appears as unread on the home page of the users it is for.",
    scheduled: |at| format!("It will be published at {at}."),
    withdraw_title: "Withdraw",
    withdraw_reason_label: "Reason for withdrawing",
    withdraw: "Withdraw",
    withdrawn: "Withdrawn. It no longer appears in the list, in search results or on the home page.",
    attach_label: "Add an attachment",
    attach_hint: |n| format!("PDF, PNG, JPEG, GIF or WebP, up to {n} MB."),
    attach: "Attach",
    attached: "Attached.",
    remove: "Remove",
    removed: "Removed.",
    view_as_user: "View as a user",
    attach_refused: |mb, max| {
        if max == 1 {
            format!(
                "The file could not be attached. A notice can have up to {max} file: PDF, PNG, JPEG, GIF or WebP, up to {mb} MB."
            )
        } else {
            format!(
                "The file could not be attached. A notice can have up to {max} files: PDF, PNG, JPEG, GIF or WebP, up to {mb} MB each."
            )
        }
    },
    copy_typed: "Nothing has been saved. Please copy the text you typed from below, paste it into the editor and correct it there.",
    back_to_editor: "Back to the editor",
    mail_subject: |title| format!("[G-MIS] New notice: {title}"),
    mail_body: |name, title, office, issued, link, account| {
        format!(
            "Dear {name},\n\nThe Ministry of Health, Labour and Welfare (MHLW) has published a new notice.\n\nTitle: {title}\nIssued by: {office}\nIssued on: {issued}\n\nPlease read the full text and any attachments in G-MIS (you will need to log in).\n{link}\n\nYou are receiving this e-mail because you chose to receive notice e-mails in your account settings. To stop receiving them, change the setting on this page:\n{account}\n"
        )
    },
    mail_pref_title: "Notice e-mails",
    mail_pref_label: "E-mail me when a notice for me is published",
    mail_pref_hint: "We send the title and a link to the notice in G-MIS to your registered e-mail address.",
    mail_pref_save: "Save setting",
    mail_pref_on: "You will be e-mailed when a notice is published.",
    mail_pref_off: "You will not receive notice e-mails.",
    mail_pref_no_email: "No e-mail address is registered, so you will not receive e-mails. To register an address, please contact the helpdesk.",
};
