//! Japanese texts.

use super::Catalogue;
use crate::domain::locale::Lang;
use crate::domain::roles::Role;

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

    loading: "読み込み中…",

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

    role_label,
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
