//! Pages whose code is loaded on demand (`cargo leptos build --split`): the
//! WASM every visitor downloads first holds the login page, the home page and
//! the daily report form (which is also the weekly supply survey);
//! administration, the association grid, the SOS pages, notices, inquiries
//! and the account page come as separate files when first opened. The password pages stay
//! in the first bundle: they are small, and a mailed link opens them first.

use leptos::prelude::*;
use leptos_router::{LazyRoute, lazy_route};

/// `account::AccountPage`, loaded on demand.
pub struct Account;

#[lazy_route]
impl LazyRoute for Account {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <super::account::AccountPage /> }.into_any()
    }
}

/// `report_grid::MemberGridPage`, loaded on demand.
pub struct MemberGrid;

#[lazy_route]
impl LazyRoute for MemberGrid {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <super::report_grid::MemberGridPage /> }.into_any()
    }
}

/// `account_admin::AccountAdminPage`, loaded on demand.
pub struct AccountAdmin;

#[lazy_route]
impl LazyRoute for AccountAdmin {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <super::account_admin::AccountAdminPage /> }.into_any()
    }
}

/// `audit_trail::AuditTrailPage`, loaded on demand.
pub struct AuditTrail;

#[lazy_route]
impl LazyRoute for AuditTrail {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <super::audit_trail::AuditTrailPage /> }.into_any()
    }
}

/// `api_tokens::ApiTokensPage`, loaded on demand.
pub struct ApiTokens;

#[lazy_route]
impl LazyRoute for ApiTokens {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <super::api_tokens::ApiTokensPage /> }.into_any()
    }
}

/// `register::RegisterAccountPage`, loaded on demand.
pub struct RegisterAccount;

#[lazy_route]
impl LazyRoute for RegisterAccount {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <super::register::RegisterAccountPage /> }.into_any()
    }
}

/// `registration::ImportAccountsPage`, loaded on demand.
pub struct ImportAccounts;

#[lazy_route]
impl LazyRoute for ImportAccounts {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <super::registration::ImportAccountsPage /> }.into_any()
    }
}

/// `memberships::MembershipsPage`, loaded on demand.
pub struct Memberships;

#[lazy_route]
impl LazyRoute for Memberships {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <super::memberships::MembershipsPage /> }.into_any()
    }
}

/// `letters::LetterQueuePage`, loaded on demand.
pub struct LetterQueue;

#[lazy_route]
impl LazyRoute for LetterQueue {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <super::letters::LetterQueuePage /> }.into_any()
    }
}

/// `letters::LetterPrintPage`, loaded on demand.
pub struct LetterPrint;

#[lazy_route]
impl LazyRoute for LetterPrint {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <super::letters::LetterPrintPage /> }.into_any()
    }
}

/// `supplies::SupplyOverviewPage`, loaded on demand.
pub struct SupplyOverview;

#[lazy_route]
impl LazyRoute for SupplyOverview {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <super::supplies::SupplyOverviewPage /> }.into_any()
    }
}

/// `supplies::SosNewPage`, loaded on demand.
pub struct SosNew;

#[lazy_route]
impl LazyRoute for SosNew {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <super::supplies::SosNewPage /> }.into_any()
    }
}

/// `supplies::SosDetailPage`, loaded on demand.
pub struct SosDetail;

#[lazy_route]
impl LazyRoute for SosDetail {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <super::supplies::SosDetailPage /> }.into_any()
    }
}

/// `supplies::SosReviewPage`, loaded on demand.
pub struct SosReview;

#[lazy_route]
impl LazyRoute for SosReview {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <super::supplies::SosReviewPage /> }.into_any()
    }
}

/// `maintenance::MaintenancePage`, loaded on demand.
pub struct Maintenance;

#[lazy_route]
impl LazyRoute for Maintenance {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <super::maintenance::MaintenancePage /> }.into_any()
    }
}

/// `notices::NoticesPage`, loaded on demand.
pub struct Notices;

#[lazy_route]
impl LazyRoute for Notices {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <super::notices::NoticesPage /> }.into_any()
    }
}

/// `notices::NoticeDetailPage`, loaded on demand.
pub struct NoticeDetail;

#[lazy_route]
impl LazyRoute for NoticeDetail {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <super::notices::NoticeDetailPage /> }.into_any()
    }
}

/// `notices::ManageNoticesPage`, loaded on demand.
pub struct ManageNotices;

#[lazy_route]
impl LazyRoute for ManageNotices {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <super::notices::ManageNoticesPage /> }.into_any()
    }
}

/// `notices::NoticeEditorPage`, loaded on demand.
pub struct NoticeEditor;

#[lazy_route]
impl LazyRoute for NoticeEditor {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <super::notices::NoticeEditorPage /> }.into_any()
    }
}

/// `inquiries::MyInquiriesPage`, loaded on demand.
pub struct MyInquiries;

#[lazy_route]
impl LazyRoute for MyInquiries {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <super::inquiries::MyInquiriesPage /> }.into_any()
    }
}

/// `inquiries::NewInquiryPage`, loaded on demand.
pub struct NewInquiry;

#[lazy_route]
impl LazyRoute for NewInquiry {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <super::inquiries::NewInquiryPage /> }.into_any()
    }
}

/// `inquiries::InquiryPage`, loaded on demand.
pub struct Inquiry;

#[lazy_route]
impl LazyRoute for Inquiry {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <super::inquiries::InquiryPage /> }.into_any()
    }
}

/// `inquiries::HelpdeskQueuePage`, loaded on demand.
pub struct HelpdeskQueue;

#[lazy_route]
impl LazyRoute for HelpdeskQueue {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <super::inquiries::HelpdeskQueuePage /> }.into_any()
    }
}

/// `helpdesk::HelpdeskAccountsPage`, loaded on demand.
pub struct HelpdeskAccounts;

#[lazy_route]
impl LazyRoute for HelpdeskAccounts {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <super::helpdesk::HelpdeskAccountsPage /> }.into_any()
    }
}

/// `survey_admin::SurveyVersionsPage`, loaded on demand.
pub struct SurveyVersions;

#[lazy_route]
impl LazyRoute for SurveyVersions {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <super::survey_admin::SurveyVersionsPage /> }.into_any()
    }
}

/// `survey_admin::NewSurveyVersionPage`, loaded on demand.
pub struct NewSurveyVersion;

#[lazy_route]
impl LazyRoute for NewSurveyVersion {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <super::survey_admin::NewSurveyVersionPage /> }.into_any()
    }
}

/// `faq_admin::FaqAdminPage`, loaded on demand.
pub struct FaqAdmin;

#[lazy_route]
impl LazyRoute for FaqAdmin {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <super::faq_admin::FaqAdminPage /> }.into_any()
    }
}

/// `area::completeness::CompletenessPage`, loaded on demand.
pub struct AreaCompleteness;

#[lazy_route]
impl LazyRoute for AreaCompleteness {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <super::area::completeness::CompletenessPage /> }.into_any()
    }
}

/// `area::capacity::CapacityPage`, loaded on demand.
pub struct AreaCapacity;

#[lazy_route]
impl LazyRoute for AreaCapacity {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <super::area::capacity::CapacityPage /> }.into_any()
    }
}

/// `area::supplies::AreaSuppliesPage`, loaded on demand.
pub struct AreaSupplies;

#[lazy_route]
impl LazyRoute for AreaSupplies {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <super::area::supplies::AreaSuppliesPage /> }.into_any()
    }
}

/// `area::downloads::DownloadsPage`, loaded on demand.
pub struct AreaDownloads;

#[lazy_route]
impl LazyRoute for AreaDownloads {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <super::area::downloads::DownloadsPage /> }.into_any()
    }
}
