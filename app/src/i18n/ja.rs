//! Japanese texts.

use super::Catalogue;
use crate::domain::roles::{Capability, Role};

pub const JA: Catalogue = Catalogue {
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
    error_unavailable: "ただいま利用できません。しばらくしてからもう一度お試しください。",
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
        ManageAccounts => ("アカウント管理", "医療機関・自治体等のIDを発行・管理します。"),
        PrintLetters => ("郵送通知の印刷", "ログインIDを郵送で知らせる通知文を印刷します。"),
        ManageSurveys => ("調査票の管理", "調査項目と版を管理します。"),
        ManageNotices => ("通知文書の管理", "通知文書を作成・公開します。"),
        Maintenance => ("計画メンテナンス", "メンテナンスの予定を登録します。"),
        AuditLog => ("監査ログ", "ログイン・変更の記録を確認します。"),
        Notices => ("通知文書", "厚生労働省からのお知らせを確認・検索します。"),
        Inquiries => ("お問い合わせ", "システムの中からヘルプデスクに質問します。"),
        Account => ("アカウント", "パスワードの変更とログイン履歴の確認。"),
    }
}
