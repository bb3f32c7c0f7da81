//! The message catalogue: every user-visible string of G-MIS, in one place so
//! that an English catalogue can be added as a second constant of the same
//! type. Call [`t`] for the active catalogue.

mod ja;

use crate::domain::roles::{Capability, Role};

pub use ja::JA;

/// All user-visible texts. A field per text keeps a missing translation a
/// compile error rather than a blank on screen.
pub struct Catalogue {
    pub app_name: &'static str,
    pub app_full_name: &'static str,
    pub skip_to_content: &'static str,
    pub footer: &'static str,

    pub login_title: &'static str,
    pub login_lead: &'static str,
    pub login_id_label: &'static str,
    pub login_id_hint: &'static str,
    pub password_label: &'static str,
    pub login_button: &'static str,
    pub login_failed: &'static str,
    pub login_forgot: &'static str,
    pub logout_button: &'static str,
    pub logged_out: &'static str,
    pub session_expired: &'static str,

    pub home_title: &'static str,
    pub home_lead: &'static str,
    pub signed_in_as: &'static str,
    pub coming_soon: &'static str,

    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub back_home: &'static str,
    pub error_title: &'static str,

    pub error_unauthenticated: &'static str,
    pub error_forbidden: &'static str,
    pub error_not_found: &'static str,
    pub error_validation: &'static str,
    pub error_unavailable: &'static str,
    pub error_internal: &'static str,
    pub error_cross_site: &'static str,

    pub ie_title: &'static str,
    pub ie_reason: &'static str,
    pub ie_browsers_heading: &'static str,
    pub ie_browsers: &'static [&'static str],
    pub ie_help: &'static str,

    pub loading: &'static str,
}

impl Catalogue {
    pub fn role(&self, role: Role) -> &'static str {
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

    /// Title and one-line description of a capability on the home page.
    pub fn capability(&self, c: Capability) -> (&'static str, &'static str) {
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
            ManageSurveys => ("調査票の管理", "調査項目と版を管理します。"),
            ManageNotices => ("通知文書の管理", "通知文書を作成・公開します。"),
            Maintenance => ("計画メンテナンス", "メンテナンスの予定を登録します。"),
            AuditLog => ("監査ログ", "ログイン・変更の記録を確認します。"),
            Notices => ("通知文書", "厚生労働省からのお知らせを確認・検索します。"),
            Inquiries => ("お問い合わせ", "システムの中からヘルプデスクに質問します。"),
            Account => ("アカウント", "パスワードの変更とログイン履歴の確認。"),
        }
    }
}

/// The active catalogue. Japanese is the only one today.
pub fn t() -> &'static Catalogue {
    &JA
}
