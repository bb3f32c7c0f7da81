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
use leptos_router::{Lazy, SsrMode, path};

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

/// The router. Pages live in `pages/`, one component per route.
#[component]
pub fn App() -> impl IntoView {
    #[cfg(not(feature = "ssr"))]
    i18n::adopt_page_locale();
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
                    <Route path=path!("account") view={Lazy::<pages::lazy::Account>::new()} ssr=SsrMode::Async />
                    <Route path=path!("reports") view=pages::reports::ReportPage ssr=SsrMode::Async />
                    <Route path=path!("reports/members") view={Lazy::<pages::lazy::MemberGrid>::new()} ssr=SsrMode::Async />
                    <Route path=path!("supplies") view=pages::supplies::WeeklySurveyPage ssr=SsrMode::Async />
                    <Route path=path!("supplies/requests") view={Lazy::<pages::lazy::SupplyOverview>::new()} ssr=SsrMode::Async />
                    <Route path=path!("supplies/requests/new") view={Lazy::<pages::lazy::SosNew>::new()} ssr=SsrMode::Async />
                    <Route path=path!("supplies/requests/:id") view={Lazy::<pages::lazy::SosDetail>::new()} ssr=SsrMode::Async />
                    <Route path=path!("supplies/review") view={Lazy::<pages::lazy::SosReview>::new()} ssr=SsrMode::Async />
                    <Route path=path!("notices") view={Lazy::<pages::lazy::Notices>::new()} ssr=SsrMode::Async />
                    <Route path=path!("notices/:id") view={Lazy::<pages::lazy::NoticeDetail>::new()} ssr=SsrMode::Async />
                    <Route path=path!("inquiries") view={Lazy::<pages::lazy::MyInquiries>::new()} ssr=SsrMode::Async />
                    <Route path=path!("inquiries/new") view={Lazy::<pages::lazy::NewInquiry>::new()} ssr=SsrMode::Async />
                    <Route path=path!("inquiries/:id") view={Lazy::<pages::lazy::Inquiry>::new()} ssr=SsrMode::Async />
                    <Route path=path!("area") view={Lazy::<pages::lazy::AreaCompleteness>::new()} ssr=SsrMode::Async />
                    <Route path=path!("area/capacity") view={Lazy::<pages::lazy::AreaCapacity>::new()} ssr=SsrMode::Async />
                    <Route path=path!("area/supplies") view={Lazy::<pages::lazy::AreaSupplies>::new()} ssr=SsrMode::Async />
                    <Route path=path!("area/downloads") view={Lazy::<pages::lazy::AreaDownloads>::new()} ssr=SsrMode::Async />
                    <Route path=path!("helpdesk") view={Lazy::<pages::lazy::HelpdeskQueue>::new()} ssr=SsrMode::Async />
                    <Route path=path!("helpdesk/accounts") view={Lazy::<pages::lazy::HelpdeskAccounts>::new()} ssr=SsrMode::Async />
                    <Route path=path!("helpdesk/faq") view={Lazy::<pages::lazy::FaqAdmin>::new()} ssr=SsrMode::Async />
                    <Route path=path!("admin/notices") view={Lazy::<pages::lazy::ManageNotices>::new()} ssr=SsrMode::Async />
                    <Route path=path!("admin/notices/new") view={Lazy::<pages::lazy::NoticeEditor>::new()} ssr=SsrMode::Async />
                    <Route path=path!("admin/notices/:id") view={Lazy::<pages::lazy::NoticeEditor>::new()} ssr=SsrMode::Async />
                    <Route path=path!("admin/accounts") view={Lazy::<pages::lazy::AccountAdmin>::new()} ssr=SsrMode::Async />
                    <Route path=path!("admin/accounts/new") view={Lazy::<pages::lazy::RegisterAccount>::new()} ssr=SsrMode::Async />
                    <Route path=path!("admin/accounts/import") view={Lazy::<pages::lazy::ImportAccounts>::new()} ssr=SsrMode::Async />
                    <Route path=path!("admin/audit") view={Lazy::<pages::lazy::AuditTrail>::new()} ssr=SsrMode::Async />
                    <Route path=path!("admin/api-tokens") view={Lazy::<pages::lazy::ApiTokens>::new()} ssr=SsrMode::Async />
                    <Route path=path!("admin/memberships") view={Lazy::<pages::lazy::Memberships>::new()} ssr=SsrMode::Async />
                    <Route path=path!("admin/letters") view={Lazy::<pages::lazy::LetterQueue>::new()} ssr=SsrMode::Async />
                    <Route path=path!("admin/maintenance") view={Lazy::<pages::lazy::Maintenance>::new()} ssr=SsrMode::Async />
                    <Route path=path!("admin/surveys") view={Lazy::<pages::lazy::SurveyVersions>::new()} ssr=SsrMode::Async />
                    <Route path=path!("admin/surveys/new") view={Lazy::<pages::lazy::NewSurveyVersion>::new()} ssr=SsrMode::Async />
                    <Route path=path!("admin/letters/print") view={Lazy::<pages::lazy::LetterPrint>::new()} ssr=SsrMode::Async />
                </Routes>
            </Layout>
        </Router>
    }
}
