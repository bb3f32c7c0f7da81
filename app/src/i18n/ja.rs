//! Japanese texts.

use super::Catalogue;

pub const JA: Catalogue = Catalogue {
    app_name: "G-MIS",
    app_full_name: "医療機関等情報支援システム（G-MIS）",
    skip_to_content: "本文へ移動",
    footer: "厚生労働省 医療機関等情報支援システム",

    login_title: "ログイン",
    login_lead: "発行されたログインIDとパスワードを入力してください。",
    login_id_label: "ログインID",
    login_id_hint: "半角英数字（例：Hk3mPq7X）",
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
};
