//! The catalogue's texts for inquiries (お問い合わせ): opening one, the
//! thread, the helpdesk queue, the FAQ and the mails to the user.

use crate::domain::inquiries::{Category, Status, Step};

/// Texts of inquiries (a part of [`super::Catalogue`]).
pub struct InquiryTexts {
    pub category_label: fn(Category) -> &'static str,
    pub status_label: fn(Status) -> &'static str,
    pub step_label: fn(Step) -> &'static str,
    pub category_required: &'static str,
    pub subject_required: &'static str,
    pub body_required: &'static str,
    pub message_required: &'static str,
    pub too_long: fn(usize) -> String,
    pub resolved_refusal: &'static str,
    pub stale: &'static str,
    pub faq_question_required: &'static str,
    pub faq_answer_required: &'static str,
    pub faq_only_answers: &'static str,
    pub open_link: &'static str,
    pub mine_title: &'static str,
    pub mine_none: &'static str,
    pub new_title: &'static str,
    pub new_lead: &'static str,
    pub faq_title: &'static str,
    pub faq_search_label: &'static str,
    pub faq_search_hint: &'static str,
    pub faq_none: &'static str,
    pub faq_count: fn(usize) -> String,
    pub category_field: &'static str,
    pub about_label: &'static str,
    pub about_hint: &'static str,
    pub about_self: &'static str,
    pub about_invalid: &'static str,
    pub about_not_member: &'static str,
    pub about_shown: &'static str,
    pub choose: &'static str,
    pub subject_label: &'static str,
    pub body_label: &'static str,
    pub body_hint: &'static str,
    pub file_label: &'static str,
    pub file_hint: fn(usize) -> String,
    /// A post without JavaScript saved nothing: the chosen file is not kept.
    pub file_choose_again: &'static str,
    pub file_refused: &'static str,
    pub file_not_with_assign: &'static str,
    /// The line of a mail about a reply that came with a file.
    pub mail_attachment: fn(&str) -> String,
    pub reply_file_label: &'static str,
    pub send: &'static str,
    pub sending: &'static str,
    pub opened: fn(i32) -> String,
    pub number: fn(i32) -> String,
    pub opened_by: &'static str,
    pub opened_at: &'static str,
    pub updated_at: &'static str,
    pub assignee: &'static str,
    pub unassigned: &'static str,
    pub prefecture: &'static str,
    pub from_page: &'static str,
    pub thread: &'static str,
    pub helpdesk_author: fn(&str) -> String,
    pub reply_label: &'static str,
    pub reply: &'static str,
    pub reopen_hint: &'static str,
    pub awaiting_you: &'static str,
    pub work_title: &'static str,
    pub assign: &'static str,
    pub assigned_to_you: &'static str,
    pub message_label: &'static str,
    pub answer: &'static str,
    pub ask_back: &'static str,
    pub resolve: &'static str,
    pub step_done: fn(Step) -> String,
    pub make_faq: &'static str,
    pub faq_question_label: &'static str,
    pub faq_answer_label: &'static str,
    pub faq_save: &'static str,
    pub faq_saved: &'static str,
    pub queue_title: &'static str,
    pub queue_open: fn(u64) -> String,
    pub status_filter: &'static str,
    pub open_statuses: &'static str,
    pub all: &'static str,
    pub prefecture_filter: &'static str,
    pub all_prefectures: &'static str,
    pub mine_filter: &'static str,
    pub filter: &'static str,
    pub queue_none: &'static str,
    pub back_to_mine: &'static str,
    pub back_to_queue: &'static str,
    pub mail_subject: fn(i32, &str) -> String,
    pub mail_body: fn(&str, i32, &str, &str, &str) -> String,
    /// The helpdesk's digest: subject (count), one line per inquiry
    /// (number, category, subject, opened at) and the body (name, the
    /// period, the lines, the queue's address).
    pub digest_subject: fn(usize) -> String,
    pub digest_line: fn(i32, &str, &str, &str) -> String,
    /// The period a digest covers: from, until.
    pub digest_period: fn(&str, &str) -> String,
    pub digest_body: fn(&str, &str, &str, &str) -> String,
}

fn category_label(c: Category) -> &'static str {
    match c {
        Category::Login => "ログイン・パスワード",
        Category::Reporting => "日次・週次の報告",
        Category::Supplies => "医療物資・SOS",
        Category::Notices => "通知・お知らせ",
        Category::Trouble => "不具合・エラー",
        Category::Other => "その他",
    }
}

fn status_label(s: Status) -> &'static str {
    match s {
        Status::New => "未対応",
        Status::InProgress => "対応中",
        Status::AwaitingUser => "確認待ち",
        Status::Answered => "回答済み",
        Status::Resolved => "解決",
    }
}

fn step_label(s: Step) -> &'static str {
    match s {
        Step::Assign => "担当",
        Step::Answer => "回答",
        Step::AskBack => "確認のお願い",
        Step::Resolve => "解決",
        Step::UserReply => "返信",
    }
}

pub const INQUIRIES_JA: InquiryTexts = InquiryTexts {
    category_label,
    status_label,
    step_label,
    category_required: "種類を選んでください。",
    subject_required: "件名を入力してください。",
    body_required: "お問い合わせの内容を入力してください。",
    message_required: "メッセージを入力してください。",
    too_long: |n| format!("{n}文字以内で入力してください。"),
    resolved_refusal: "このお問い合わせは解決済みです。利用者から返信があると再開します。",
    stale: "このお問い合わせは他の方が更新しました。画面を読み込み直して内容を確認してください。",
    faq_question_required: "質問を入力してください。",
    faq_answer_required: "回答を入力してください。",
    faq_only_answers: "FAQにできるのはヘルプデスクの回答だけです。",
    open_link: "お問い合わせ",
    mine_title: "お問い合わせ",
    mine_none: "お問い合わせはまだありません。",
    new_title: "お問い合わせを送る",
    new_lead: "送る前に、よくある質問（FAQ）で同じ質問への回答がないか探せます。",
    faq_title: "よくある質問",
    faq_search_label: "FAQを検索",
    faq_search_hint: "例: パスワード、病床、SOS",
    faq_none: "該当するFAQはありません。下のフォームからお問い合わせください。",
    faq_count: |n| format!("{n}件のFAQ"),
    category_field: "種類",
    about_label: "どの医療機関についてのお問い合わせですか",
    about_hint: "会員の医療機関について問い合わせるときは選んでください（代理入力団体のみ）。",
    about_self: "団体自身について",
    about_invalid: "対象の医療機関は一覧から選んでください。",
    about_not_member: "選んだ医療機関は、現在この団体の会員ではありません。",
    about_shown: "対象の医療機関",
    choose: "選んでください",
    subject_label: "件名",
    body_label: "内容",
    body_hint: "画面の名前、操作、表示されたメッセージを書いていただくと早く回答できます。",
    file_label: "添付ファイル（任意）",
    file_hint: |n| format!("画面の写真やPDF。PNG・JPEG・GIF・WebP・PDF、{n}MBまで。"),
    file_choose_again: "添付するファイルは、もう一度選んでください。",
    file_refused: "添付ファイルを受け付けられませんでした。下の条件に合うファイルを選び直してください。",
    file_not_with_assign: "担当するときはファイルを添付できません。回答・確認依頼・返信に添付してください。",
    reply_file_label: "ファイルを添付（任意）",
    mail_attachment: |name| format!("添付ファイル: {name}（G-MIS のお問い合わせ画面からご覧ください）"),
    send: "送信",
    sending: "送信しています…",
    opened: |id| format!("お問い合わせ（番号 {id}）を受け付けました。回答はこの画面とメールでお知らせします。"),
    number: |id| format!("番号 {id}"),
    opened_by: "問い合わせ元",
    opened_at: "受付日時",
    updated_at: "最終更新",
    assignee: "担当",
    unassigned: "未割当",
    prefecture: "都道府県",
    from_page: "問い合わせ元の画面",
    thread: "やりとり",
    helpdesk_author: |name| format!("ヘルプデスク（{name}）"),
    reply_label: "返信",
    reply: "返信する",
    reopen_hint: "解決済みですが、返信するとお問い合わせが再開します。",
    awaiting_you: "ヘルプデスクから確認のお願いがあります。返信してください。",
    work_title: "対応",
    assign: "自分が担当する",
    assigned_to_you: "あなたが担当しています。",
    message_label: "メッセージ",
    answer: "回答する",
    ask_back: "確認をお願いする",
    resolve: "解決にする",
    step_done: |s| match s {
        Step::Assign => "担当になりました。".into(),
        Step::Answer => "回答しました。利用者にメールでお知らせしました。".into(),
        Step::AskBack => "確認をお願いしました。利用者にメールでお知らせしました。".into(),
        Step::Resolve => "解決にしました。".into(),
        Step::UserReply => "返信しました。".into(),
    },
    make_faq: "この回答をFAQにする",
    faq_question_label: "FAQの質問",
    faq_answer_label: "FAQの回答（個別の施設名などは消してください）",
    faq_save: "FAQとして公開",
    faq_saved: "FAQに追加しました。",
    queue_title: "お問い合わせ対応",
    queue_open: |n| format!("対応が必要なもの {n}件"),
    status_filter: "状態",
    open_statuses: "未解決のすべて",
    all: "すべて",
    prefecture_filter: "都道府県",
    all_prefectures: "全国",
    mine_filter: "自分の担当だけ",
    filter: "絞り込む",
    queue_none: "条件に合うお問い合わせはありません。",
    back_to_mine: "お問い合わせの一覧へ",
    back_to_queue: "お問い合わせ対応へ",
    mail_subject: |id, step| format!("【G-MIS】お問い合わせ（番号 {id}）に{step}がありました"),
    mail_body: |name, id, subject, message, link| {
        format!(
            "{name} 様\n\nG-MISヘルプデスクです。お問い合わせ（番号 {id}「{subject}」）について、次のとおりお知らせします。\n\n{message}\n\nやりとりの確認・返信はこちらから（ログインが必要です）:\n{link}\n\n※このメールは送信専用です。返信はG-MISの画面からお願いします。\n"
        )
    },
    digest_subject: |n| format!("【G-MIS】新しいお問い合わせ {n}件"),
    digest_line: |id, category, subject, at| format!("・番号 {id}［{category}］{subject}（{at}）"),
    digest_period: |from, until| format!("{from} 〜 {until}"),
    digest_body: |name, period, lines, link| {
        format!(
            "{name} 様\n\n{period}に受け付けたお問い合わせは次のとおりです。\n\n{lines}\n\n対応一覧（ログインが必要です）:\n{link}\n\n※このメールは送信専用です。\n"
        )
    },
};

fn category_label_en(c: Category) -> &'static str {
    match c {
        Category::Login => "Login and password",
        Category::Reporting => "Daily and weekly reports",
        Category::Supplies => "Medical supplies and SOS",
        Category::Notices => "Notices and announcements",
        Category::Trouble => "Problems and errors",
        Category::Other => "Other",
    }
}

fn status_label_en(s: Status) -> &'static str {
    match s {
        Status::New => "New",
        Status::InProgress => "In progress",
        Status::AwaitingUser => "Awaiting confirmation",
        Status::Answered => "Answered",
        Status::Resolved => "Resolved",
    }
}

fn step_label_en(s: Step) -> &'static str {
    match s {
        Step::Assign => "Assigned",
        Step::Answer => "Answer",
        Step::AskBack => "Request for confirmation",
        Step::Resolve => "Resolved",
        Step::UserReply => "Reply",
    }
}

/// English texts of inquiries.
pub const INQUIRIES_EN: InquiryTexts = InquiryTexts {
    category_label: category_label_en,
    status_label: status_label_en,
    step_label: step_label_en,
    category_required: "Please choose a category.",
    subject_required: "Please enter a subject.",
    body_required: "Please describe your inquiry.",
    message_required: "Please enter a message.",
    too_long: |n| {
        if n == 1 {
            format!("Please enter no more than {n} character.")
        } else {
            format!("Please enter no more than {n} characters.")
        }
    },
    resolved_refusal: "This inquiry has been resolved. It will reopen when the user replies.",
    stale: "Someone else has updated this inquiry. Please reload the page and check the latest content.",
    faq_question_required: "Please enter the question.",
    faq_answer_required: "Please enter the answer.",
    faq_only_answers: "Only answers from the helpdesk can be made into an FAQ.",
    open_link: "Inquiries",
    mine_title: "Your inquiries",
    mine_none: "You have no inquiries yet.",
    new_title: "Send an inquiry",
    new_lead: "Before sending, you can search the frequently asked questions (FAQ) to see whether the same question has already been answered.",
    faq_title: "Frequently asked questions",
    faq_search_label: "Search the FAQ",
    faq_search_hint: "e.g. password, beds, SOS",
    faq_none: "No matching FAQ entries. Please send an inquiry using the form below.",
    faq_count: |n| if n == 1 { format!("{n} FAQ entry") } else { format!("{n} FAQ entries") },
    category_field: "Category",
    about_label: "Which medical facility is this inquiry about?",
    about_hint: "Choose one when your inquiry is about a member facility (proxy-entry associations only).",
    about_self: "About the association itself",
    about_invalid: "Please choose the facility from the list.",
    about_not_member: "The facility you chose is no longer a member facility of this association.",
    about_shown: "Facility concerned",
    choose: "Please choose",
    subject_label: "Subject",
    body_label: "Details",
    body_hint: "If you tell us the name of the screen, what you did and the message shown, we can answer sooner.",
    file_label: "Attachment (optional)",
    file_hint: |n| format!("A screenshot or a PDF. PNG, JPEG, GIF, WebP or PDF, up to {n} MB."),
    file_choose_again: "Please choose the file to attach again.",
    file_refused: "The attachment could not be accepted. Please choose a file that meets the conditions below.",
    file_not_with_assign: "You cannot attach a file when taking on an inquiry. Please attach it to an answer, a request for confirmation or a reply.",
    reply_file_label: "Attach a file (optional)",
    mail_attachment: |name| format!("Attachment: {name} (please view it on the G-MIS inquiry page)"),
    send: "Send",
    sending: "Sending…",
    opened: |id| format!("Your inquiry (No. {id}) has been received. We will reply on this page and by e-mail."),
    number: |id| format!("No. {id}"),
    opened_by: "From",
    opened_at: "Received",
    updated_at: "Last updated",
    assignee: "Assigned to",
    unassigned: "Unassigned",
    prefecture: "Prefecture",
    from_page: "Page the inquiry was sent from",
    thread: "Messages",
    helpdesk_author: |name| format!("Helpdesk ({name})"),
    reply_label: "Reply",
    reply: "Send reply",
    reopen_hint: "This inquiry has been resolved, but it will reopen if you reply.",
    awaiting_you: "The helpdesk has asked you to confirm something. Please reply.",
    work_title: "Handling",
    assign: "Take this on",
    assigned_to_you: "You are handling this inquiry.",
    message_label: "Message",
    answer: "Send answer",
    ask_back: "Ask the user to confirm",
    resolve: "Mark as resolved",
    step_done: |s| match s {
        Step::Assign => "You are now handling this inquiry.".into(),
        Step::Answer => "Your answer has been sent. The user has been notified by e-mail.".into(),
        Step::AskBack => "Your request for confirmation has been sent. The user has been notified by e-mail.".into(),
        Step::Resolve => "The inquiry has been marked as resolved.".into(),
        Step::UserReply => "Your reply has been sent.".into(),
    },
    make_faq: "Make this answer an FAQ",
    faq_question_label: "FAQ question",
    faq_answer_label: "FAQ answer (please remove the names of individual facilities and similar details)",
    faq_save: "Publish as FAQ",
    faq_saved: "Added to the FAQ.",
    queue_title: "Inquiry handling",
    queue_open: |n| {
        if n == 1 { format!("{n} inquiry needs action") } else { format!("{n} inquiries need action") }
    },
    status_filter: "Status",
    open_statuses: "All unresolved",
    all: "All",
    prefecture_filter: "Prefecture",
    all_prefectures: "All prefectures",
    mine_filter: "Only those assigned to me",
    filter: "Filter",
    queue_none: "No inquiries match these conditions.",
    back_to_mine: "Back to your inquiries",
    back_to_queue: "Back to inquiry handling",
    mail_subject: |id, step| format!("[G-MIS] Update on your inquiry (No. {id}): {step}"),
    mail_body: |name, id, subject, message, link| {
        format!(
            "Dear {name},\n\nThis is the G-MIS helpdesk. We have the following update on your inquiry (No. {id}, \"{subject}\").\n\n{message}\n\nTo view the messages or reply, please go to (login required):\n{link}\n\nThis e-mail is sent from a send-only address. Please reply on the G-MIS website.\n"
        )
    },
    digest_subject: |n| {
        if n == 1 { format!("[G-MIS] {n} new inquiry") } else { format!("[G-MIS] {n} new inquiries") }
    },
    digest_line: |id, category, subject, at| format!("- No. {id} [{category}] {subject} ({at})"),
    digest_period: |from, until| format!("{from} to {until}"),
    digest_body: |name, period, lines, link| {
        format!(
            "Dear {name},\n\nThe following inquiries were received in the period {period}.\n\n{lines}\n\nInquiry handling (login required):\n{link}\n\nThis e-mail is sent from a send-only address.\n"
        )
    },
};
