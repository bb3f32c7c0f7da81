//! Accounts: passwords, the account page, administration, registration,
//! letters, memberships and their mails, the display settings, the home
//! page's capabilities and the Internet Explorer page. Reached through
//! [`super::Catalogue::accounts`]: no island uses them, so the browser's
//! WASM does not carry them.

use crate::domain::roles::Capability;

pub struct AccountTexts {
    pub ie_title: &'static str,
    pub ie_reason: &'static str,
    pub ie_browsers_heading: &'static str,
    pub ie_browsers: &'static [&'static str],
    pub ie_help: &'static str,

    pub password_too_short: &'static str,
    pub password_too_long: &'static str,
    pub password_common: &'static str,
    pub password_context: &'static str,
    pub login_id_invalid: &'static str,
    pub login_id_taken: &'static str,
    pub password_link_invalid: &'static str,
    pub password_mismatch: &'static str,
    pub password_rules: &'static str,

    pub set_password_title: &'static str,
    pub set_password_lead: &'static str,
    pub new_password_label: &'static str,
    pub confirm_password_label: &'static str,
    pub set_password_button: &'static str,
    pub password_set_done: &'static str,
    pub forgot_link: &'static str,
    pub forgot_title: &'static str,
    pub forgot_lead: &'static str,
    pub forgot_button: &'static str,
    pub forgot_sent: &'static str,
    pub forgot_again: &'static str,

    pub account_title: &'static str,
    pub change_password_title: &'static str,
    pub current_password_label: &'static str,
    pub change_password_button: &'static str,
    pub password_changed: &'static str,
    pub password_current_wrong: &'static str,
    pub recent_logins_title: &'static str,
    pub recent_logins_at: &'static str,
    pub recent_logins_result: &'static str,
    pub recent_logins_ip: &'static str,
    pub login_ok: &'static str,
    pub login_ng: &'static str,

    pub accounts_title: &'static str,
    pub accounts_search_label: &'static str,
    pub accounts_prefecture_label: &'static str,
    pub accounts_search_button: &'static str,
    pub accounts_none: &'static str,
    pub accounts_col_role: &'static str,
    pub accounts_col_state: &'static str,
    pub accounts_col_actions: &'static str,
    pub accounts_resend: &'static str,
    pub accounts_unlock: &'static str,
    pub accounts_disable: &'static str,
    /// What a form of the account search did, by its `done=` code.
    pub accounts_done: fn(&str) -> Option<&'static str>,
    pub state_awaiting: &'static str,
    pub state_active: &'static str,
    pub state_locked: &'static str,
    pub state_disabled: &'static str,
    pub cannot_disable_self: &'static str,
    pub account_is_disabled: &'static str,
    pub prefecture_invalid: &'static str,

    pub register_title: &'static str,
    pub register_lead: &'static str,
    pub register_kind: &'static str,
    pub register_name: &'static str,
    pub register_municipality: &'static str,
    pub register_medical_code: &'static str,
    pub register_postal_code: &'static str,
    pub register_email: &'static str,
    pub register_beds: &'static str,
    pub register_designated_from: &'static str,
    pub register_submit: &'static str,
    pub register_done: &'static str,
    pub register_checked: &'static str,
    pub account_kind_label: fn(crate::domain::accounts::AccountKind) -> &'static str,

    pub memberships_title: &'static str,
    pub memberships_lead: &'static str,
    /// What a membership form did, by its `done=` code.
    pub memberships_done: fn(&str) -> Option<&'static str>,
    pub memberships_choose: &'static str,
    pub memberships_none: &'static str,
    pub memberships_from: &'static str,
    pub memberships_to: &'static str,
    pub memberships_open: &'static str,
    pub memberships_add: &'static str,
    pub memberships_end: &'static str,
    pub membership_to_before_from: &'static str,
    pub membership_unknown_facility: &'static str,
    pub membership_overlap: &'static str,
    pub membership_already_ended: &'static str,
    pub membership_date_invalid: &'static str,

    pub letters_title: &'static str,
    pub letters_lead: &'static str,
    pub letters_none: &'static str,
    pub letters_marked: &'static str,
    pub letters_waiting: &'static str,
    pub letters_unit: &'static str,
    pub letters_open_print: &'static str,
    pub letters_mark_printed: &'static str,
    pub letters_col_name: &'static str,
    pub letters_col_address: &'static str,
    pub letters_col_queued: &'static str,
    pub letters_print_hint: &'static str,
    pub letter_honorific: &'static str,
    pub letter_from: &'static str,
    pub letter_title: &'static str,
    pub letter_body: &'static str,
    pub letter_step1: &'static str,
    pub letter_step2: &'static str,
    pub letter_step3: &'static str,
    pub letter_help: &'static str,

    pub accounts_change_email: &'static str,
    pub accounts_change_email_label: fn(&str) -> String,
    pub email_invalid: &'static str,
    pub email_unchanged: &'static str,
    /// Mailed to the old and the new address when an administrator corrects
    /// an account's address: `{name}`, `{login_id}`, `{new}` (masked).
    pub mail_email_changed_subject: &'static str,
    pub mail_email_changed_body: &'static str,
    /// Mail templates: `{name}`, `{login_id}`, `{link}`, `{expires}` are filled in.
    pub mail_issue_subject: &'static str,
    pub mail_issue_body: &'static str,
    pub mail_reset_subject: &'static str,
    pub mail_reset_body: &'static str,

    /// Area views: completeness, capacity, supplies, charts, downloads.
    /// Scheduled maintenance: banner, maintenance page, deadline warnings, administration.
    /// Notices: list, search, page, home page, administrators' editor.
    /// Inquiries, the helpdesk queue, the FAQ and their mails.
    /// The helpdesk console (`/helpdesk/accounts`).
    /// The FAQ's curation (`/helpdesk/faq`).
    /// Survey versions made in the browser (`/admin/surveys`).
    /// The lists of sessions (`/account`, the administrators' account search).
    /// The audit trail viewer (`/admin/audit`) and its CSV.

    /// The display settings on `/account`: language and date style.
    pub display_title: &'static str,
    pub display_lang_label: &'static str,
    /// The choice of following the browser's language.
    pub display_lang_auto: &'static str,
    pub display_dates_label: &'static str,
    /// The two date styles, each with today's date written in it.
    pub display_dates_western: fn(&str) -> String,
    pub display_dates_wareki: fn(&str) -> String,
    pub display_save: &'static str,
    pub display_saved: &'static str,
    pub capability_text: fn(Capability) -> (&'static str, &'static str),
}

impl AccountTexts {
    /// The name of a kind of registration.
    pub fn account_kind(&self, kind: crate::domain::accounts::AccountKind) -> &'static str {
        (self.account_kind_label)(kind)
    }

    /// Title and one-line description of a capability on the home page.
    pub fn capability(&self, c: Capability) -> (&'static str, &'static str) {
        (self.capability_text)(c)
    }
}

pub const ACCOUNTS_JA: AccountTexts = AccountTexts {
    ie_title: "Internet Explorer ではご利用いただけません",
    ie_reason: "G-MIS は医療機関の情報を扱うため、セキュリティ更新が終了した Internet Explorer（Microsoft Edge の IE モードを含む）からの利用をお断りしています。",
    ie_browsers_heading: "次のいずれかのブラウザでアクセスしてください",
    ie_browsers: &[
        "Microsoft Edge（最新版、IE モードを使わずに開いてください）",
        "Google Chrome（最新版）",
        "Mozilla Firefox（最新版）",
        "Safari（macOS・iPhone・iPad の最新版）",
        "Android の Google Chrome（最新版）",
    ],
    ie_help: "ブラウザの切り替え方がわからない場合は、所属機関のシステム担当者にご相談ください。",

    password_too_short: "パスワードは15文字以上にしてください（かな・空白・記号も使えます）。",
    password_too_long: "パスワードは128文字以内にしてください。",
    password_common: "よく使われていて推測されやすいパスワードです。別のものにしてください。",
    password_context: "ログインIDや施設名を含むパスワードは使えません。",
    login_id_invalid: "ログインIDは4〜32文字の半角英数字記号にしてください。",
    login_id_taken: "このログインIDは既に使われています。",
    password_link_invalid: "このリンクは使えません。有効期限が切れたか、既に使われたか、新しいリンクが発行されています。もう一度「パスワードを忘れた場合」からお手続きください。",
    password_mismatch: "確認のために入力したパスワードが一致しません。",
    password_rules: "15文字以上128文字以内。かな・漢字・空白・記号も使えます。長い文章にすると覚えやすく安全です。",

    set_password_title: "パスワードの設定",
    set_password_lead: "次のログインIDのパスワードを設定します。",
    new_password_label: "新しいパスワード",
    confirm_password_label: "新しいパスワード（確認）",
    set_password_button: "パスワードを設定する",
    password_set_done: "パスワードを設定しました。新しいパスワードでログインしてください。",
    forgot_link: "パスワードを忘れた場合",
    forgot_title: "パスワードの再設定",
    forgot_lead: "ログインIDを入力してください。登録されているメールアドレスに、パスワードを再設定するためのリンク（有効期限60分）をお送りします。",
    forgot_button: "再設定のメールを送る",
    forgot_sent: "入力されたログインIDにメールアドレスが登録されていれば、再設定のためのメールをお送りしました。届かない場合は、しばらく待ってからもう一度お試しいただくか、ヘルプデスクにお問い合わせください。",
    forgot_again: "ログイン画面へ戻る",

    account_title: "アカウント",
    change_password_title: "パスワードの変更",
    current_password_label: "現在のパスワード",
    change_password_button: "パスワードを変更する",
    password_changed: "パスワードを変更しました。ほかの端末でのログインは終了しました。",
    password_current_wrong: "現在のパスワードが正しくありません。変更していません。",
    recent_logins_title: "最近のログイン",
    recent_logins_at: "日時",
    recent_logins_result: "結果",
    recent_logins_ip: "接続元",
    login_ok: "成功",
    login_ng: "失敗",

    accounts_title: "アカウント管理",
    accounts_search_label: "ログインID・名称（一部でも可）",
    accounts_prefecture_label: "都道府県コード",
    accounts_search_button: "検索",
    accounts_none: "該当するアカウントはありません。",
    accounts_col_role: "種別",
    accounts_col_state: "状態",
    accounts_col_actions: "操作",
    accounts_resend: "設定リンクを再送",
    accounts_unlock: "ロック解除",
    accounts_disable: "利用停止",
    accounts_done: |code| match code {
        "resend" => {
            Some("パスワード設定用のリンクを送りました（メールアドレスのないアカウントには郵送の通知を用意しました）。")
        }
        "unlock" => Some("ロックを解除しました。すぐにログインできます。"),
        "disable" => Some("利用を停止しました。ログイン中のセッションもすべて終了しました。"),
        "email" => Some("メールアドレスを変更しました。新旧両方のアドレスにお知らせしました。"),
        "sessions" => Some("セッションを終了しました。"),
        _ => None,
    },
    state_awaiting: "パスワード未設定",
    state_active: "利用中",
    state_locked: "ロック中",
    state_disabled: "利用停止",
    cannot_disable_self: "自分自身のアカウントは利用停止にできません。",
    accounts_change_email: "メールアドレスを訂正",
    accounts_change_email_label: |login_id| format!("{login_id} の新しいメールアドレス"),
    email_invalid: "メールアドレスの形式が正しくありません。",
    email_unchanged: "いま登録されているメールアドレスと同じです。",
    mail_email_changed_subject: "【G-MIS】登録メールアドレスを変更しました",
    mail_email_changed_body: "{name} ご担当者様\n\nログインID {login_id} の登録メールアドレスを、厚生労働省の管理者が {new} に変更しました。今後のお知らせとパスワード設定のリンクは新しいアドレスに届きます。\n\nこのメールは変更前と変更後の両方のアドレスにお送りしています。お心当たりのない場合は、G-MIS ヘルプデスクにお問い合わせください。\n\n厚生労働省 医療機関等情報支援システム（G-MIS）\n",
    account_is_disabled: "利用停止中のアカウントにはリンクを送れません。",
    prefecture_invalid: "都道府県コードは01〜47の2桁で入力してください。",

    register_title: "IDの発行（1件ずつ登録）",
    register_lead: "1件ずつ登録してログインIDを発行します。多数の場合はCSV一括登録をお使いください。",
    register_kind: "種別",
    register_name: "名称",
    register_municipality: "市区町村コード",
    register_medical_code: "医療機関コード（10桁）",
    register_postal_code: "郵便番号",
    register_email: "メールアドレス",
    register_beds: "病床数",
    register_designated_from: "診療・検査医療機関の指定日",
    register_submit: "登録する",
    register_done: "登録しました。ログインID:",
    register_checked: "確認しました。この内容で登録できます（まだ登録していません）。",
    account_kind_label: account_kind_label_ja,

    memberships_title: "代理入力の会員医療機関",
    memberships_lead: "医師会等が代理入力する医療機関を、開始日・終了日つきで管理します。終了した所属も履歴として残ります。",
    memberships_done: |code| match code {
        "added" => Some("所属を追加しました。"),
        "ended" => Some("所属の終了日を登録しました。"),
        _ => None,
    },
    memberships_choose: "医師会等を選んでください。",
    memberships_none: "会員医療機関はまだありません。",
    memberships_from: "開始日",
    memberships_to: "終了日（最終日）",
    memberships_open: "継続中",
    memberships_add: "会員を追加",
    memberships_end: "この日で終了",
    membership_to_before_from: "終了日は開始日以降の日付にしてください。",
    membership_unknown_facility: "この医療機関コードの医療機関は登録されていません。",
    membership_overlap: "この医療機関は、その期間に別の所属（代理入力）があります。先に終了日を設定してください。",
    membership_already_ended: "既に終了している所属は、それより後の日付で終了できません。",
    membership_date_invalid: "日付は 2026-04-01 の形式で入力してください。",

    letters_title: "郵送通知の印刷",
    letters_lead: "病院と、メールアドレスの登録がない機関には、ログインIDを郵送でお知らせします。印刷して発送したら「印刷済みにする」を押してください。",
    letters_none: "印刷待ちの通知はありません。",
    letters_marked: "印刷済みにしました。",
    letters_waiting: "印刷待ち",
    letters_unit: "件",
    letters_open_print: "印刷用ページを開く",
    letters_mark_printed: "表示中の通知を印刷済みにする",
    letters_col_name: "宛先",
    letters_col_address: "所在地",
    letters_col_queued: "登録日時",
    letters_print_hint: "ブラウザの印刷機能（A4・縦）で印刷してください。1通が1ページに収まります。",
    letter_honorific: "御中",
    letter_from: "厚生労働省 医療機関等情報支援システム（G-MIS）運用事務局",
    letter_title: "G-MIS ログインIDのお知らせ",
    letter_body: "医療機関等情報支援システム（G-MIS）のログインIDを発行しました。次の手順でパスワードを設定してから、ご利用ください。",
    letter_step1: "パソコン・スマートフォンで次のページを開きます。",
    letter_step2: "上記のログインIDを入力して「再設定のメールを送る」を押します（メールアドレスの登録がない場合は、ヘルプデスクにお電話ください）。",
    letter_step3: "届いたメールのリンクから、15文字以上のパスワードを設定します。",
    letter_help: "このお知らせには、パスワードは記載していません。ログインIDは大切に保管してください。ご不明な点は G-MIS ヘルプデスクにお問い合わせください。",

    mail_issue_subject: "【G-MIS】ログインIDのお知らせとパスワード設定のお願い",
    mail_issue_body: "{name} ご担当者様\n\n医療機関等情報支援システム（G-MIS）のログインIDを発行しました。\n\nログインID: {login_id}\n\n次のリンクを開いて、パスワードを設定してください。\n{link}\n\nこのリンクは {expires} まで、1回だけ使えます。期限が過ぎた場合は、ログイン画面の「パスワードを忘れた場合」から新しいリンクを受け取れます。\n\nお心当たりのない場合やご不明な点は、G-MIS ヘルプデスクにお問い合わせください。\n\n厚生労働省 医療機関等情報支援システム（G-MIS）\n",
    mail_reset_subject: "【G-MIS】パスワード再設定のご案内",
    mail_reset_body: "{name} ご担当者様\n\nログインID {login_id} のパスワード再設定の依頼を受け付けました。\n\n次のリンクを開いて、新しいパスワードを設定してください。\n{link}\n\nこのリンクは {expires} まで、1回だけ使えます。\n\nお心当たりのない場合は、このメールを破棄してください。パスワードは変更されません。\n\n厚生労働省 医療機関等情報支援システム（G-MIS）\n",
    display_title: "表示の設定",
    display_lang_label: "表示言語",
    display_lang_auto: "ブラウザの設定に合わせる",
    display_dates_label: "日付の表記",
    display_dates_western: |today| format!("西暦（{today}）"),
    display_dates_wareki: |today| format!("和暦（{today}）"),
    display_save: "保存する",
    display_saved: "表示の設定を保存しました。",
    capability_text: capability_text_ja,
};

pub const ACCOUNTS_EN: AccountTexts = AccountTexts {
    ie_title: "Internet Explorer is not supported",
    ie_reason: "Because G-MIS handles information about medical facilities, it cannot be used from Internet Explorer (including IE mode in Microsoft Edge), which no longer receives security updates.",
    ie_browsers_heading: "Please use one of the following browsers",
    ie_browsers: &[
        "Microsoft Edge (latest version; open it without IE mode)",
        "Google Chrome (latest version)",
        "Mozilla Firefox (latest version)",
        "Safari (latest version on macOS, iPhone or iPad)",
        "Google Chrome on Android (latest version)",
    ],
    ie_help: "If you are not sure how to switch browsers, please ask the IT staff at your organisation.",

    password_too_short: "Your password must be at least 15 characters long (kana, spaces and symbols are allowed).",
    password_too_long: "Your password must be no more than 128 characters long.",
    password_common: "This password is commonly used and easy to guess. Please choose a different one.",
    password_context: "Your password must not contain your login ID or your facility name.",
    login_id_invalid: "The login ID must be 4 to 32 letters, digits or symbols.",
    login_id_taken: "This login ID is already in use.",
    password_link_invalid: "This link can no longer be used. It has expired, has already been used, or a newer link has been issued. Please start again from \"Forgot your password?\".",
    password_mismatch: "The passwords you entered do not match.",
    password_rules: "15 to 128 characters. Kana, kanji, spaces and symbols are allowed. A long sentence is easy to remember and secure.",

    set_password_title: "Set your password",
    set_password_lead: "You are setting the password for the following login ID.",
    new_password_label: "New password",
    confirm_password_label: "New password (again)",
    set_password_button: "Set password",
    password_set_done: "Your password has been set. Please log in with your new password.",
    forgot_link: "Forgot your password?",
    forgot_title: "Reset your password",
    forgot_lead: "Enter your login ID. We will send a link to reset your password (valid for 60 minutes) to the registered e-mail address.",
    forgot_button: "Send reset e-mail",
    forgot_sent: "If an e-mail address is registered for this login ID, we have sent an e-mail to reset your password. If it does not arrive, please wait a while and try again, or contact the helpdesk.",
    forgot_again: "Back to the login page",

    account_title: "Account",
    change_password_title: "Change your password",
    current_password_label: "Current password",
    change_password_button: "Change password",
    password_changed: "Your password has been changed. You have been logged out on all other devices.",
    password_current_wrong: "Your current password is incorrect. Nothing was changed.",
    recent_logins_title: "Recent logins",
    recent_logins_at: "Date and time",
    recent_logins_result: "Result",
    recent_logins_ip: "From (IP address)",
    login_ok: "Succeeded",
    login_ng: "Failed",

    accounts_title: "Account management",
    accounts_search_label: "Login ID or name (part is enough)",
    accounts_prefecture_label: "Prefecture code",
    accounts_search_button: "Search",
    accounts_none: "No matching accounts.",
    accounts_col_role: "Type",
    accounts_col_state: "Status",
    accounts_col_actions: "Actions",
    accounts_resend: "Resend password link",
    accounts_unlock: "Unlock",
    accounts_disable: "Disable",
    accounts_done: |code| match code {
        "resend" => Some(
            "The password setup link has been sent (for an account without an e-mail address, a postal notification has been queued).",
        ),
        "unlock" => Some("The account has been unlocked. The user can log in right away."),
        "disable" => Some("The account has been disabled, and all its sessions have ended."),
        "email" => Some("The e-mail address has been changed. Both the old and the new address have been told."),
        "sessions" => Some("The sessions have been ended."),
        _ => None,
    },
    state_awaiting: "Password not set",
    state_active: "Active",
    state_locked: "Locked",
    state_disabled: "Disabled",
    cannot_disable_self: "You cannot disable your own account.",
    accounts_change_email: "Correct e-mail address",
    accounts_change_email_label: |login_id| format!("New e-mail address for {login_id}"),
    email_invalid: "This e-mail address is not in a valid format.",
    email_unchanged: "This is the same as the e-mail address already registered.",
    mail_email_changed_subject: "[G-MIS] Your registered e-mail address has been changed",
    mail_email_changed_body: "To the person in charge at {name}\n\nAn administrator at the Ministry of Health, Labour and Welfare has changed the registered e-mail address of login ID {login_id} to {new}. From now on, notifications and password links will be sent to the new address.\n\nThis e-mail has been sent to both the old and the new address. If you did not expect this change, please contact the G-MIS helpdesk.\n\nMinistry of Health, Labour and Welfare - Gathering Medical Information System (G-MIS)\n",
    account_is_disabled: "A link cannot be sent to a disabled account.",
    prefecture_invalid: "Enter the prefecture code as two digits from 01 to 47.",

    register_title: "Issue IDs (one at a time)",
    register_lead: "Register one entry at a time and issue a login ID. For many entries, please use CSV bulk registration.",
    register_kind: "Type",
    register_name: "Name",
    register_municipality: "Municipality code",
    register_medical_code: "Medical facility code (10 digits)",
    register_postal_code: "Postal code",
    register_email: "E-mail address",
    register_beds: "Number of beds",
    register_designated_from: "Date designated as a designated fever clinic",
    register_submit: "Register",
    register_done: "Registered. Login ID:",
    register_checked: "Checked. This entry can be registered as it is (it has not been registered yet).",
    account_kind_label: account_kind_label_en,

    memberships_title: "Member facilities for proxy entry",
    memberships_lead: "Manage the facilities that a medical association enters reports for, with a start date and an end date. Ended memberships are kept as history.",
    memberships_done: |code| match code {
        "added" => Some("The membership has been added."),
        "ended" => Some("The membership's end date has been recorded."),
        _ => None,
    },
    memberships_choose: "Please choose a medical association.",
    memberships_none: "There are no member facilities yet.",
    memberships_from: "Start date",
    memberships_to: "End date (last day)",
    memberships_open: "Ongoing",
    memberships_add: "Add member",
    memberships_end: "End on this date",
    membership_to_before_from: "The end date must be on or after the start date.",
    membership_unknown_facility: "No medical facility is registered with this medical facility code.",
    membership_overlap: "This facility already belongs to another association (proxy entry) during that period. Please set an end date for that membership first.",
    membership_already_ended: "A membership that has already ended cannot be ended on a later date.",
    membership_date_invalid: "Enter dates in the form 2026-04-01.",

    letters_title: "Print postal notifications",
    letters_lead: "Hospitals and organisations without a registered e-mail address are told their login ID by post. After printing and posting, press \"Mark as printed\".",
    letters_none: "There are no notifications waiting to be printed.",
    letters_marked: "The letters have been marked as printed.",
    letters_waiting: "Waiting to be printed:",
    letters_unit: "letter(s)",
    letters_open_print: "Open the print page",
    letters_mark_printed: "Mark the notifications shown as printed",
    letters_col_name: "Addressee",
    letters_col_address: "Address",
    letters_col_queued: "Registered at",
    letters_print_hint: "Print with your browser's print function (A4, portrait). Each letter fits on one page.",
    letter_honorific: "(Attn: person in charge)",
    letter_from: "G-MIS Operations Office, Ministry of Health, Labour and Welfare",
    letter_title: "Your G-MIS login ID",
    letter_body: "A login ID for the Gathering Medical Information System (G-MIS) has been issued to you. Please set a password as follows before you start using it.",
    letter_step1: "Open the following page on a computer or smartphone.",
    letter_step2: "Enter the login ID above and press \"Send reset e-mail\" (if no e-mail address is registered, please call the helpdesk).",
    letter_step3: "Use the link in the e-mail you receive to set a password of at least 15 characters.",
    letter_help: "This notification does not contain a password. Please keep your login ID safe. If you have any questions, please contact the G-MIS helpdesk.",

    mail_issue_subject: "[G-MIS] Your login ID and how to set your password",
    mail_issue_body: "To the person in charge at {name}\n\nA login ID for the Gathering Medical Information System (G-MIS) has been issued.\n\nLogin ID: {login_id}\n\nPlease open the following link to set your password.\n{link}\n\nThis link can be used once, until {expires}. If it has expired, you can get a new link from \"Forgot your password?\" on the login page.\n\nIf you did not expect this e-mail or have any questions, please contact the G-MIS helpdesk.\n\nMinistry of Health, Labour and Welfare - Gathering Medical Information System (G-MIS)\n",
    mail_reset_subject: "[G-MIS] Resetting your password",
    mail_reset_body: "To the person in charge at {name}\n\nWe have received a request to reset the password for login ID {login_id}.\n\nPlease open the following link to set a new password.\n{link}\n\nThis link can be used once, until {expires}.\n\nIf you did not make this request, please delete this e-mail. Your password will not be changed.\n\nMinistry of Health, Labour and Welfare - Gathering Medical Information System (G-MIS)\n",
    display_title: "Display",
    display_lang_label: "Language",
    display_lang_auto: "Same as my browser",
    display_dates_label: "Dates",
    display_dates_western: |today| format!("Western ({today})"),
    display_dates_wareki: |today| format!("Japanese era ({today})"),
    display_save: "Save",
    display_saved: "Your display settings have been saved.",
    capability_text: capability_text_en,
};

fn capability_text_ja(c: Capability) -> (&'static str, &'static str) {
    use Capability::*;
    match c {
        DailyReport => ("日次調査の入力", "病床・外来・検査の状況を毎日報告します。"),
        MemberReports => ("会員医療機関の代理入力", "会員の医療機関に代わって、まとめて入力します。"),
        CentreReport => ("受診・相談センター日次調査", "相談件数と療養状況を毎日報告します。"),
        WeeklySupplies => ("医療用物資 週次調査", "マスク・ガウン等の在庫と使用量を毎週報告します。"),
        SosRequest => ("緊急配布要請（SOS）", "物資が不足するときに緊急配布を要請します。"),
        SosReview => ("緊急配布要請の審査", "管内の要請を確認し、受付・発送を行います。"),
        AreaDashboard => ("管内の状況", "報告状況・病床使用率・物資の状況を確認します。"),
        Downloads => ("データのダウンロード", "管内のデータを CSV / Excel で取得します。"),
        RegisterClinics => ("診療・検査医療機関の登録", "指定した医療機関を登録し、IDを発行します。"),
        InquiryQueue => ("問い合わせ対応", "利用者からの問い合わせに回答します。"),
        ManageFaq => ("FAQの管理", "よくある質問を編集・並べ替え・取り下げます。"),
        HelpdeskAccounts => (
            "アカウントの確認・ロック解除",
            "電話のお問い合わせを受けて、アカウントの状態確認・ロック解除・設定リンクの再送を行います。",
        ),
        ManageAccounts => ("アカウント管理", "医療機関・自治体等のIDを発行・管理します。"),
        PrintLetters => ("郵送通知の印刷", "ログインIDを郵送で知らせる通知文を印刷します。"),
        RegisterAccounts => ("IDの発行（CSV一括登録）", "医療機関・自治体等をまとめて登録し、ログインIDを発行します。"),
        RegisterAccount => ("IDの発行（1件ずつ登録）", "医療機関・自治体等を1件ずつ登録し、ログインIDを発行します。"),
        ManageMemberships => ("代理入力の会員医療機関", "医師会等が代理入力する医療機関を期間つきで管理します。"),
        ManageSurveys => ("調査票の管理", "調査項目と版を管理します。"),
        ManageNotices => ("通知文書の管理", "通知文書を作成・公開します。"),
        Maintenance => ("計画メンテナンス", "メンテナンスの予定を登録します。"),
        ApiTokens => ("APIトークン", "他のシステムが API を使うためのトークンを発行・失効します。"),
        AuditLog => ("監査ログ", "ログイン・変更の記録を確認します。"),
        Notices => ("通知文書", "厚生労働省からのお知らせを確認・検索します。"),
        Inquiries => ("お問い合わせ", "システムの中からヘルプデスクに質問します。"),
        Account => ("アカウント", "パスワードの変更とログイン履歴の確認。"),
    }
}

fn account_kind_label_ja(kind: crate::domain::accounts::AccountKind) -> &'static str {
    use crate::domain::accounts::AccountKind::*;
    match kind {
        Hospital => "病院",
        Clinic => "診療所",
        Centre => "受診・相談センター",
        Aggregator => "医師会等（代理入力）",
        PrefectureOfficer => "都道府県の担当者",
        MunicipalityOfficer => "保健所設置市・特別区の担当者",
        Helpdesk => "ヘルプデスク",
        MinistryAdmin => "厚生労働省 管理者",
    }
}

fn capability_text_en(c: Capability) -> (&'static str, &'static str) {
    use Capability::*;
    match c {
        DailyReport => ("Daily survey", "Report beds, outpatients and testing every day."),
        MemberReports => {
            ("Proxy entry for member facilities", "Enter reports together on behalf of your member facilities.")
        }
        CentreReport => (
            "Consultation centre daily survey",
            "Report the number of consultations and patients' care status every day.",
        ),
        WeeklySupplies => {
            ("Medical supplies weekly survey", "Report stock and use of masks, gowns and other supplies every week.")
        }
        SosRequest => ("Emergency supply request (SOS)", "Request an emergency supply when you are running short."),
        SosReview => {
            ("Review emergency supply requests", "Check requests in your area, then accept and dispatch them.")
        }
        AreaDashboard => ("Your area", "See reporting status, bed occupancy and supplies."),
        Downloads => ("Download data", "Get your area's data as CSV or Excel."),
        RegisterClinics => {
            ("Register designated fever clinics", "Register the facilities you have designated and issue their IDs.")
        }
        InquiryQueue => ("Answer inquiries", "Answer inquiries from users."),
        ManageFaq => ("Manage the FAQ", "Edit, reorder and retire frequently asked questions."),
        HelpdeskAccounts => (
            "Check and unlock accounts",
            "When someone calls, check their account status, unlock it and resend the password link.",
        ),
        ManageAccounts => {
            ("Account management", "Issue and manage IDs for medical facilities, local governments and others.")
        }
        PrintLetters => ("Print postal notifications", "Print the letters that tell users their login ID by post."),
        RegisterAccounts => (
            "Issue IDs (CSV bulk registration)",
            "Register medical facilities, local governments and others in bulk and issue login IDs.",
        ),
        RegisterAccount => (
            "Issue IDs (one at a time)",
            "Register medical facilities, local governments and others one at a time and issue login IDs.",
        ),
        ManageMemberships => (
            "Member facilities for proxy entry",
            "Manage, with dates, the facilities that medical associations enter reports for.",
        ),
        ManageSurveys => ("Manage survey forms", "Manage survey items and versions."),
        ManageNotices => ("Manage notices", "Write and publish notices."),
        Maintenance => ("Planned maintenance", "Schedule maintenance."),
        ApiTokens => ("API tokens", "Issue and revoke the tokens other systems use to access the API."),
        AuditLog => ("Audit trail", "Check the record of logins and changes."),
        Notices => ("Notices", "Read and search notices from the Ministry of Health, Labour and Welfare."),
        Inquiries => ("Inquiries", "Ask the helpdesk a question from within the system."),
        Account => ("Account", "Change your password and check your login history."),
    }
}

fn account_kind_label_en(kind: crate::domain::accounts::AccountKind) -> &'static str {
    use crate::domain::accounts::AccountKind::*;
    match kind {
        Hospital => "Hospital",
        Clinic => "Clinic",
        Centre => "Consultation centre",
        Aggregator => "Medical association (proxy entry)",
        PrefectureOfficer => "Prefecture officer",
        MunicipalityOfficer => "Officer of a city with a public health centre / special ward",
        Helpdesk => "Helpdesk",
        MinistryAdmin => "MHLW administrator",
    }
}
