//! What server functions and handlers get from their surroundings: the shared
//! [`AppState`] and the session that the session middleware resolved for this
//! request. Server functions call [`require_actor`] first, always.

use crate::domain::error::AppError;
use crate::domain::roles::Actor;
use crate::server::auth::{CurrentSession, Passwords};
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use leptos::prelude::use_context;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

/// State shared by every request: put into the axum router and into the
/// Leptos context of every render and server function. A handle: every
/// middleware, render and server function of a request takes its own copy,
/// so a copy is one reference count, not a copy of each service.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl AppState {
    pub fn new(shared: Shared) -> Self {
        AppState(Arc::new(shared))
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// What an [`AppState`] holds.
pub struct Shared {
    pub db: DatabaseConnection,
    /// Where writes go (one queued connection on SQLite).
    pub writer: crate::server::db::Writer,
    /// Where report submissions go: group commit through `writer`.
    pub report_writer: crate::server::reports::ReportWriter,
    pub passwords: Arc<Passwords>,
    pub leptos_options: LeptosOptions,
    /// `GMIS_PUBLIC_URL` without a trailing slash: mailed links are built
    /// from it, never from the request's Host header.
    pub public_url: String,
    /// How far back reports may be entered (`GMIS_BACK_ENTRY_DAYS`).
    pub periods: crate::domain::reports::PeriodRules,
    /// Stock threshold, SOS cut-off and working-day calendar.
    pub supplies: crate::domain::supplies::SupplyRules,
    /// Maintenance windows, cached for a few seconds.
    pub maintenance: crate::server::maintenance::Schedule,
    /// The newest notices of each role for the home page, cached for a few
    /// seconds (`server::notices::newest`).
    pub newest_notices: crate::server::notices::newest::NewestCache,
    /// The one source of "now" for every service (tests set it).
    pub clock: crate::server::clock::Clock,
    /// `GMIS_WEBHOOK_LOOPBACK_ONLY`: only endpoints on this machine may be
    /// registered (test and demo runs, which must never post elsewhere).
    pub webhooks_loopback_only: bool,
    /// How long an account that must have a second factor may postpone
    /// enrolling one (`GMIS_SECOND_FACTOR_GRACE_DAYS`).
    pub second_factor_grace: chrono::Duration,
    /// The WebAuthn relying party of the public URL; `None` where the URL
    /// names an IP address and passkeys cannot work.
    pub passkeys: Option<Arc<webauthn_rs::prelude::Webauthn>>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The shared state, from the Leptos context.
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| crate::server::errors::internal("context", "AppState missing"))
}

/// The database, from the Leptos context.
pub fn db() -> Result<DatabaseConnection, AppError> {
    state().map(|s| s.db.clone())
}

/// The current instant, from the state's clock.
pub fn now() -> Result<chrono::DateTime<chrono::Utc>, AppError> {
    state().map(|s| s.clock.now())
}

/// The session of this request, if the session middleware found a live one.
pub fn current_session() -> Option<CurrentSession> {
    use_context::<http::request::Parts>()?.extensions.get::<CurrentSession>().cloned()
}

/// The logged-in user, or `Unauthenticated`.
pub fn require_actor() -> Result<Actor, AppError> {
    current_session().map(|s| s.actor).ok_or(AppError::Unauthenticated)
}

/// Whether this request is a browser's own form post (JavaScript off or not
/// yet loaded): it accepts HTML, where the server-function client asks for
/// its encoding. Such a post is answered with a redirect to a page
/// (post/redirect/get), never with the function's data.
pub fn plain_form_post() -> bool {
    use_context::<http::request::Parts>().is_some_and(|p| {
        p.method == http::Method::POST
            && p.headers
                .get(http::header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.contains("text/html"))
    })
}

/// Answers a browser's own form post that succeeded with a redirect back to
/// the page it came from, `done=<code>` in its address, so that the page
/// says what was done (post/redirect/get). Only the Referer's path and query
/// are kept — never another site — and any earlier outcome in the query is
/// replaced. A script's post is left alone: it gets the function's data.
pub fn redirect_back_done(code: &str) {
    if !plain_form_post() {
        return;
    }
    let referer = use_context::<http::request::Parts>()
        .and_then(|p| p.headers.get(http::header::REFERER)?.to_str().ok()?.parse::<http::Uri>().ok());
    let Some(path_and_query) = referer.as_ref().and_then(http::Uri::path_and_query) else {
        return;
    };
    let path = path_and_query.path();
    if !path.starts_with('/') || path.starts_with("//") {
        return;
    }
    let mut query: Vec<&str> = path_and_query
        .query()
        .unwrap_or_default()
        .split('&')
        .filter(|pair| {
            let key = pair.split('=').next().unwrap_or_default();
            !pair.is_empty() && !matches!(key, "done" | "__err" | "__path")
        })
        .collect();
    let done = format!("done={code}");
    query.push(&done);
    leptos_axum::redirect(&format!("{path}?{}", query.join("&")));
}

/// Sets the HTTP status of the response to the error's, and passes it on.
/// Server functions finish with `.map_err(respond)` so that clients and logs
/// see 401/403/422 rather than a blanket 500.
///
/// Not for a browser's own form post: `server_fn` answers it with a
/// redirect back to the form's page with the error in the address, which
/// the page shows (`components::posted_error`); a 4xx status would replace
/// that redirect with the function's raw error. The error goes into the
/// address with fixed texts only ([`AppError::with_fixed_text`]).
pub fn respond(err: AppError) -> AppError {
    if plain_form_post() {
        return err.with_fixed_text();
    }
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>()
        && let Ok(status) = http::StatusCode::from_u16(err.status_code())
    {
        res.set_status(status);
    }
    err
}

/// The CSP nonce the security-headers middleware chose for this response.
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);

/// Makes the request's CSP nonce the one Leptos puts on its scripts.
pub fn provide_request_nonce() {
    let nonce = use_context::<http::request::Parts>().and_then(|p| p.extensions.get::<CspNonce>().cloned());
    if let Some(CspNonce(n)) = nonce {
        leptos::prelude::provide_context(leptos::nonce::Nonce::from_value(n));
    }
}
