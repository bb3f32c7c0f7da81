//! G-MIS, the application shared by browser and server: domain types, pages,
//! server functions, and (with `ssr`) the server-side services.

pub mod api;
pub mod components;
pub mod domain;
pub mod i18n;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;

use components::document::{HydrateAfterLoad, Stylesheet};
use components::layout::Layout;
use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    server::context::provide_request_nonce();
    // Whether this server can sign in with passkeys (its public URL names a
    // host): the login page's script shows the passkey button only then.
    #[cfg(feature = "ssr")]
    let passkeys = server::context::state().is_ok_and(|s| s.passkeys.is_some());
    #[cfg(not(feature = "ssr"))]
    let passkeys = false;
    // The page's language and date style: the browser reads them back from
    // here before it renders anything (`i18n::adopt_page_locale`).
    let locale = i18n::locale();
    view! {
        <!DOCTYPE html>
        <html lang=locale.lang.code() data-dates=locale.dates.code()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                // The stylesheet is the first request, and the WASM is
                // fetched after the page has loaded: the first paint waits
                // for nothing else (components/document.rs).
                <Stylesheet options=options.clone() />
                <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
                <meta name="gmis-passkeys" content=if passkeys { "on" } else { "off" } />
                <MetaTags />
                <HydrateAfterLoad options />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Prepares the browser for the page's islands: the page's language and
/// date style first (`i18n::adopt_page_locale`), then Leptos's root owner.
/// Called once by the frontend's entry point (which also makes the islands'
/// exports part of the WASM: they live in this crate).
#[cfg(feature = "hydrate")]
pub fn hydrate() {
    i18n::adopt_page_locale();
    leptos::mount::hydrate_islands();
}

/// The router, rendered on the server only: pages live in `pages/`, one
/// component per route; what runs in the browser are the islands in them.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let t = i18n::t();
    view! {
        <Title formatter=move |page: String| {
            let title = if page.is_empty() { t.app_name.to_owned() } else { format!("{page} | {}", t.app_name) };
            // On the server leptos_meta writes this string into <title> as it
            // is; titles carry users' and administrators' text (an inquiry's
            // subject, a notice's title). In the browser it is set as text.
            if cfg!(feature = "ssr") { domain::html::escape(&title) } else { title }
        } />
        <Router>
            // Every route is rendered whole before the first byte is sent
            // (`SsrMode::Async`): what a page shows is in its first HTML, in
            // place, so it reads and works the same without JavaScript and the
            // first paint is the content, never a loading placeholder that only
            // a script would replace. The data behind every page is a few local
            // queries, so waiting for them costs less than a second round of
            // painting (docs/decisions.md, "Rendering").
            <Layout>
                <Routes fallback=pages::not_found::NotFoundPage>
                    <Route path=path!("") view=pages::home::HomePage ssr=SsrMode::Async />
                    <Route path=path!("login") view=pages::login::LoginPage ssr=SsrMode::Async />
                    <Route path=path!("login/code") view=pages::login::LoginCodePage ssr=SsrMode::Async />
                    <Route path=path!("account/second-factor") view=pages::second_factor::SecondFactorPage ssr=SsrMode::Async />
                    <Route path=path!("password/set") view=pages::password::SetPasswordPage ssr=SsrMode::Async />
                    <Route path=path!("password/forgot") view=pages::password::ForgotPasswordPage ssr=SsrMode::Async />
                    <Route path=path!("account") view=pages::account::AccountPage ssr=SsrMode::Async />
                    <Route path=path!("reports") view=pages::reports::ReportPage ssr=SsrMode::Async />
                    <Route path=path!("reports/members") view=pages::report_grid::MemberGridPage ssr=SsrMode::Async />
                    <Route path=path!("supplies") view=pages::supplies::WeeklySurveyPage ssr=SsrMode::Async />
                    <Route path=path!("supplies/requests") view=pages::supplies::SupplyOverviewPage ssr=SsrMode::Async />
                    <Route path=path!("supplies/requests/new") view=pages::supplies::SosNewPage ssr=SsrMode::Async />
                    <Route path=path!("supplies/requests/:id") view=pages::supplies::SosDetailPage ssr=SsrMode::Async />
                    <Route path=path!("supplies/review") view=pages::supplies::SosReviewPage ssr=SsrMode::Async />
                    <Route path=path!("notices") view=pages::notices::NoticesPage ssr=SsrMode::Async />
                    <Route path=path!("notices/:id") view=pages::notices::NoticeDetailPage ssr=SsrMode::Async />
                    <Route path=path!("inquiries") view=pages::inquiries::MyInquiriesPage ssr=SsrMode::Async />
                    <Route path=path!("inquiries/new") view=pages::inquiries::NewInquiryPage ssr=SsrMode::Async />
                    <Route path=path!("inquiries/:id") view=pages::inquiries::InquiryPage ssr=SsrMode::Async />
                    <Route path=path!("area") view=pages::area::completeness::CompletenessPage ssr=SsrMode::Async />
                    <Route path=path!("area/capacity") view=pages::area::capacity::CapacityPage ssr=SsrMode::Async />
                    <Route path=path!("area/supplies") view=pages::area::supplies::AreaSuppliesPage ssr=SsrMode::Async />
                    <Route path=path!("area/downloads") view=pages::area::downloads::DownloadsPage ssr=SsrMode::Async />
                    <Route path=path!("helpdesk") view=pages::inquiries::HelpdeskQueuePage ssr=SsrMode::Async />
                    <Route path=path!("helpdesk/accounts") view=pages::helpdesk::HelpdeskAccountsPage ssr=SsrMode::Async />
                    <Route path=path!("helpdesk/faq") view=pages::faq_admin::FaqAdminPage ssr=SsrMode::Async />
                    <Route path=path!("admin/notices") view=pages::notices::ManageNoticesPage ssr=SsrMode::Async />
                    <Route path=path!("admin/notices/new") view=pages::notices::NoticeEditorPage ssr=SsrMode::Async />
                    <Route path=path!("admin/notices/:id") view=pages::notices::NoticeEditorPage ssr=SsrMode::Async />
                    <Route path=path!("admin/accounts") view=pages::account_admin::AccountAdminPage ssr=SsrMode::Async />
                    <Route path=path!("admin/accounts/new") view=pages::register::RegisterAccountPage ssr=SsrMode::Async />
                    <Route path=path!("admin/accounts/import") view=pages::registration::ImportAccountsPage ssr=SsrMode::Async />
                    <Route path=path!("admin/audit") view=pages::audit_trail::AuditTrailPage ssr=SsrMode::Async />
                    <Route path=path!("admin/api-tokens") view=pages::api_tokens::ApiTokensPage ssr=SsrMode::Async />
                    <Route path=path!("admin/memberships") view=pages::memberships::MembershipsPage ssr=SsrMode::Async />
                    <Route path=path!("admin/letters") view=pages::letters::LetterQueuePage ssr=SsrMode::Async />
                    <Route path=path!("admin/maintenance") view=pages::maintenance::MaintenancePage ssr=SsrMode::Async />
                    <Route path=path!("admin/surveys") view=pages::survey_admin::SurveyVersionsPage ssr=SsrMode::Async />
                    <Route path=path!("admin/surveys/new") view=pages::survey_admin::NewSurveyVersionPage ssr=SsrMode::Async />
                    <Route path=path!("admin/letters/print") view=pages::letters::LetterPrintPage ssr=SsrMode::Async />
                </Routes>
            </Layout>
        </Router>
    }
}
