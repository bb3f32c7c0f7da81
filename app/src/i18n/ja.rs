//! Japanese texts.

use super::Catalogue;
use crate::domain::locale::Lang;
use crate::domain::roles::{Capability, Role};

pub const JA: Catalogue = Catalogue {
    lang: Lang::Ja,
    app_name: "G-MIS",
    app_full_name: "医療機関等情報支援システム（G-MIS）",
    skip_to_content: "本文へ移動",
    footer: "厚生労働省 医療機関等情報支援システム",

    login_title: "ログイン",
    login_lead: "発行されたログインIDとパスワードを入力してください。",
    login_id_label: "ログインID",
    login_id_hint: "半角英数字（例：HK3MPQ7X）",
    password_label: "パスワード",
    login_button: "ログイン",
    login_failed: "ログインIDまたはパスワードが正しくないか、現在ログインできない状態です。入力内容を確かめて、もう一度お試しください。",
    login_forgot: "パスワードを忘れた場合やログインできない場合は、ヘルプデスクにお問い合わせください。",
    logout_button: "ログアウト",
    logged_out: "ログアウトしました。",
    session_expired: "一定時間操作がなかったため、ログアウトしました。もう一度ログインしてください。",

    home_title: "ホーム",
    home_lead: "この画面から利用できる機能です。",
    signed_in_as: "ログイン中",
    coming_soon: "準備中",

    not_found_title: "ページが見つかりません",
    not_found_body: "お探しのページは移動または削除されたか、URLが間違っている可能性があります。",
    back_home: "ホームへ戻る",
    error_title: "エラーが発生しました",

    error_unauthenticated: "ログインしてください。",
    error_forbidden: "この操作を行う権限がありません。",
    error_not_found: "対象が見つかりません。",
    error_validation: "入力内容に誤りがあります。各項目のメッセージを確認してください。",
    error_posted_invalid: "入力内容に誤りがあるため、変更しませんでした。入力を確かめて、もう一度送信してください。",
    error_posted_conflict: "ほかの変更と重なったため、変更しませんでした。画面を読み込み直して確かめてください。",
    error_unavailable: "ただいま利用できません。しばらくしてからもう一度お試しください。",
    error_bad_request: "送信された内容を読み取れませんでした。画面を読み込み直して、もう一度お試しください。",
    error_too_large: "送信された内容が大きすぎます。ファイルを小さくして、もう一度お試しください。",
    error_too_many_requests: "アクセスが集中しているか、失敗が続いています。少し待ってからもう一度お試しください。",
    error_internal: "システムでエラーが発生しました。入力内容は保存されていません。時間をおいてもう一度お試しください。",
    error_cross_site: "この操作は受け付けられません。G-MIS の画面から操作してください。",

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

    loading: "読み込み中…",

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
    account_kind_label,

    memberships_title: "代理入力の会員医療機関",
    memberships_lead: "医師会等が代理入力する医療機関を、開始日・終了日つきで管理します。終了した所属も履歴として残ります。",
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

    import_title: "IDの発行（CSV一括登録）",
    import_lead: "医療機関・受診・相談センター・医師会・自治体の担当者をCSVファイルで登録し、ログインIDを発行します。まず「確認のみ」で内容を確かめてから登録してください。エラーが1行でもあれば、何も登録されません。",
    import_example: "記入例のCSVをダウンロード",
    import_file_label: "CSVファイル",
    import_file_hint: "UTF-8 または Shift_JIS、1行目は見出し（kind,name,prefecture,…）。5MBまで。",
    import_dry_run: "確認のみ（登録しない）",
    import_submit: "アップロード",
    import_running: "ファイルを確認しています…",
    import_file_empty: "CSVファイルを選んでください。",
    import_file_too_big: "ファイルが大きすぎます（5MBまで）。分けて登録してください。",
    import_result_title: "結果",
    import_result_invalid: "エラーのある行があるため、何も登録していません。修正してもう一度アップロードしてください。",
    import_result_dry: "確認のみ: 何も登録していません。問題がなければ「確認のみ」を外してアップロードしてください。",
    import_result_done: "登録しました。IDの通知メールを順に送信し、郵送分は印刷待ちに追加しました。",
    import_status_created: "発行",
    import_status_exists: "登録済み",
    import_status_invalid: "エラー",
    import_mailed: "メール送信",
    import_letter: "郵送",
    import_col_line: "行",
    import_col_status: "結果",
    import_col_detail: "内容",
    import_choose_again: "もう一度アップロードするときは、ファイルを選び直してください。",

    letters_title: "郵送通知の印刷",
    letters_lead: "病院と、メールアドレスの登録がない機関には、ログインIDを郵送でお知らせします。印刷して発送したら「印刷済みにする」を押してください。",
    letters_none: "印刷待ちの通知はありません。",
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

    yes: "はい",
    no: "いいえ",
    survey_required: "入力してください。",
    survey_whole_number: "0以上の整数（数字のみ）で入力してください。",
    survey_unknown_choice: "選択肢から選んでください。",
    report_title: "日次報告",
    report_day_label: "報告日",
    report_prev_day: "前日へ",
    report_today: "今日へ",
    report_next_day: "翌日へ",
    report_show_day: "表示",
    report_yesterday: "前日",
    report_same_as_yesterday: "前日と同じ値を入れる",
    report_no_previous: "前日の報告はありません。",
    report_optional: "任意",
    report_nothing: "報告事項なしとして送信",
    report_nothing_hint: "受診者や患者がいないなど、報告する数がない日に使います。空欄のままでは保存できません。",
    report_save: "報告する",
    report_amend: "修正して報告する",
    report_sending: "送信中…",
    report_reason_label: "修正理由（必須）",
    report_reason_hint: "例: 入院患者数の入力誤りを訂正",
    report_reason: "修正理由",
    report_origin: "入力の経緯",
    report_reason_required: "報告済みの内容を修正する理由を入力してください。",
    report_reason_too_long: "修正理由は500文字以内で入力してください。",
    report_outlier,
    report_outlier_confirm: "大きく変わった値を確かめました。この値で保存します",
    report_outlier_confirm_required: "最近の報告から大きく変わった値があります。値を確かめてから、下の「大きく変わった値を確かめました」にチェックして保存してください。",
    report_outlier_mark: "確認済みの大きな変化",
    report_saved_repeat: "この報告は既に受け付けています。二重には登録されません。",
    report_stale: "この報告は他の方が先に更新しました。何も保存していません。下の「現在の値」を確認し、必要なら修正理由を添えてもう一度送信してください。",
    report_current_values: "現在の値",
    report_errors_summary: "入力内容を確認してください。赤字の項目を直すまで、何も保存されません。",
    report_offline: "通信できません。入力内容はこの端末に下書きとして保存しました。接続が戻ると自動で送信します。",
    report_draft_restored: "入力途中の下書きを復元しました。",
    report_on_behalf: "（代理入力）",
    report_nothing_reported: "報告事項なし",
    report_calendar: "報告状況（直近4週間）",
    report_status_missing: "未報告",
    report_status_on_time: "報告済",
    report_status_late: "遅れて報告",
    report_status_amended: "修正あり",
    report_history: "修正履歴",
    report_history_lead: "保存されたすべての版です。前の版から変わった項目には「変更」と「修正前 → 修正後」の値を示します。修正した人、日時、理由も確認できます。",
    report_history_changed: "変更",
    report_history_blank: "（空欄）",
    report_history_unchanged: "前の版から値の変更はありません。",
    report_history_declared: "「報告事項なし」に変更しました。",
    report_history_withdrawn: "「報告事項なし」から値の報告に変更しました。",
    report_future_day: "未来の日付の報告はできません。",
    report_bad_submission: "送信の識別子が不正です。ページを再読み込みしてから、もう一度送信してください。",
    report_wrong_survey: "この医療機関等が回答する調査ではありません。",
    report_no_survey_on_day: "この日に有効な調査票がありません。",
    report_submission_reused: "この送信は別の報告に使われています。ページを再読み込みしてから入力してください。",
    report_members_title: "会員医療機関の日次報告（代理入力）",
    report_members_lead: "所属期間中の会員医療機関について、一覧でまとめて、または1件ずつ入力できます。入力した行だけが保存されます。",
    report_member: "医療機関",
    report_no_members: "この日に所属している会員医療機関はありません。",
    report_open_form: "1件ずつ入力",
    report_grid_hint: "数を入力した行だけを保存します。行ごとに結果を表示します。医療機関名を押すと1件ずつの報告画面が開きます（JavaScriptが無効な端末では、そちらから入力してください）。",
    report_grid_reason: "修正理由（報告済みの行を修正する場合は必須）",
    report_grid_save: "入力した行を保存",
    report_grid_row_saved: "保存しました",
    report_grid_row_failed: "要修正",
    report_grid_nothing: "保存する行がありません。数を入力してください。",
    survey_not_greater,
    survey_out_of_range,
    report_revision,
    report_revision_nothing,
    report_filed_nothing,
    report_history_count,
    report_history_from_to,
    report_saved,
    report_outside_window,
    report_too_old,
    report_grid_too_many,
    report_grid_saved,
    report_grid_partly,

    list_separator: "、",
    middle_dot: "・",
    range_mark: "〜",
    label_separator: "：",
    parenthesized: |unit| format!("（{unit}）"),
    display_title: "表示の設定",
    display_lang_label: "表示言語",
    display_lang_auto: "ブラウザの設定に合わせる",
    display_dates_label: "日付の表記",
    display_dates_western: |today| format!("西暦（{today}）"),
    display_dates_wareki: |today| format!("和暦（{today}）"),
    display_save: "保存する",
    display_saved: "表示の設定を保存しました。",

    role_label,
    capability_text,
};

fn role_label(role: Role) -> &'static str {
    match role {
        Role::Facility => "医療機関",
        Role::Aggregator => "代理入力団体（医師会等）",
        Role::ConsultationCentre => "受診・相談センター",
        Role::Municipality => "保健所設置市・特別区",
        Role::Prefecture => "都道府県",
        Role::Helpdesk => "ヘルプデスク",
        Role::MinistryAdmin => "厚生労働省 管理者",
    }
}

fn capability_text(c: Capability) -> (&'static str, &'static str) {
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

fn account_kind_label(kind: crate::domain::accounts::AccountKind) -> &'static str {
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

fn report_outlier(up: bool, yesterday: Option<i64>, median: i64) -> String {
    match (up, yesterday) {
        (true, Some(y)) => format!("前日（{y}）より大幅に増えています。確認してください。"),
        (false, Some(y)) => format!("前日（{y}）より大幅に減っています。確認してください。"),
        (true, None) => format!("最近の報告（中央値 {median}）より大幅に多い値です。確認してください。"),
        (false, None) => format!("最近の報告（中央値 {median}）より大幅に少ない値です。確認してください。"),
    }
}

fn survey_not_greater(limit: &str, bound: i64) -> String {
    format!("「{limit}」（{bound}）以下にしてください。")
}

fn survey_out_of_range(min: i64, max: i64, unit: &str) -> String {
    format!("{min}〜{max}{unit}の範囲で入力してください。")
}

fn report_revision(n: i32) -> String {
    format!("第{n}版")
}

fn report_revision_nothing(n: i32) -> String {
    format!("第{n}版（報告事項なし）")
}

fn report_filed_nothing(n: i32) -> String {
    format!(
        "この日は「報告事項なし」として報告済みです（第{n}版）。値を報告する場合は、入力して修正理由を添えて送信してください。"
    )
}

fn report_history_count(n: usize) -> String {
    format!("前の版から{n}項目を変更")
}

fn report_history_from_to(before: &str, after: &str) -> String {
    format!("{before} → {after}")
}

fn report_saved(revision: i32, day: &str) -> String {
    if revision == 1 {
        format!("{day}の報告を受け付けました。")
    } else {
        format!("{day}の報告を修正しました（第{revision}版）。")
    }
}

fn report_outside_window(earliest: &str, today: &str) -> String {
    format!("この日は入力・修正できる期間外です。入力できるのは{earliest}から{today}までです。")
}

fn report_too_old(days: u32) -> String {
    format!("{days}日より前の日付は入力・修正できません。必要な場合はヘルプデスクにお問い合わせください。")
}

fn report_grid_too_many(n: usize) -> String {
    format!("一度に保存できるのは{n}行までです。")
}

fn report_grid_saved(n: usize) -> String {
    format!("{n}件の報告を保存しました。")
}

fn report_grid_partly(saved: usize, failed: usize) -> String {
    format!("{saved}件を保存しました。{failed}件は保存していません。赤字の行を確認してください。")
}
