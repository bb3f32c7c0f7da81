//! The `gmis` server: configuration, the HTTP router and its middleware,
//! start-up and shutdown. The binary (`main.rs`) adds the command line.

pub mod api;
pub mod config;
pub mod legacy;
pub mod listener;
pub mod metrics;
pub mod web;

use app::server::auth::Passwords;
use app::server::context::{AppState, Shared};
use app::server::db;
use config::Config;
use leptos::config::LeptosOptions;
use std::sync::Arc;

/// Connects to the database, runs pending migrations and builds the shared state.
pub async fn start(config: &Config) -> Result<AppState, StartError> {
    let db =
        db::connect_with(&config.database_url, config.db_pool).await.map_err(|e| StartError::new("database", e))?;
    db::migrate(&db).await.map_err(|e| StartError::new("migration", e))?;
    // A migration that changed the form of the search terms emptied them.
    let indexed = app::server::notices::index_missing(&db).await.map_err(|e| StartError::new("notice search", e))?;
    if indexed > 0 {
        tracing::info!(notices = indexed, "wrote the search terms of notices");
    }
    app::server::reports::install_builtin(&db).await.map_err(|e| StartError::new("survey definitions", e))?;
    let writer = db::Writer::open(&db, &config.database_url).await.map_err(|e| StartError::new("database", e))?;
    let report_writer = app::server::reports::ReportWriter::start(&writer);
    let clock = app::server::clock::Clock::system();
    if config.clock_offset_seconds != 0 {
        clock.advance(chrono::Duration::seconds(config.clock_offset_seconds));
        tracing::warn!(offset_seconds = config.clock_offset_seconds, now = %clock.now(), "the services' clock is shifted (GMIS_CLOCK_OFFSET_SECONDS)");
    }
    warn_if_calendar_runs_out(&config.supplies, clock.now());
    let passwords = Passwords::new(config.hash_concurrency, config.login_queue)
        .map_err(|e| StartError::new("password hasher", e))?;
    let state = AppState::new(Shared {
        db,
        writer,
        report_writer,
        passwords,
        leptos_options: leptos_options(config),
        public_url: config.public_url.clone(),
        periods: config.periods,
        supplies: config.supplies.clone(),
        maintenance: app::server::maintenance::Schedule::new(
            chrono::Duration::days(i64::from(config.maintenance_lead_days)),
            clock.clone(),
        ),
        newest_notices: app::server::notices::newest::NewestCache::default(),
        clock,
        webhooks_loopback_only: config.webhooks_loopback_only,
        second_factor_grace: chrono::Duration::days(i64::from(config.second_factor_grace_days)),
        passkeys: app::server::passkeys::relying_party(&config.public_url),
    });
    // A database from before the running totals gets them once.
    let windows = state.maintenance.windows(&state.db).await.map_err(|e| StartError::new("maintenance", e))?;
    let grace = app::domain::maintenance::graces(&windows, state.periods.back_entry_days, state.clock.now());
    app::server::area::totals::rebuild_if_empty(&state.db, state.periods, &grace)
        .await
        .map_err(|e| StartError::new("report totals", e))?;
    Ok(state)
}

/// The SOS batches need the holidays ahead; say so in the log when the
/// calendar ends within a year (`/healthz` and the ministry's home page say
/// it too, for as long as it lasts).
fn warn_if_calendar_runs_out(rules: &app::domain::supplies::SupplyRules, now: chrono::DateTime<chrono::Utc>) {
    if let Some(last) = rules.calendar.ends_soon(app::domain::time::japan_date(now)) {
        tracing::error!(%last, "the holiday calendar ends within a year: run scripts/holidays/generate.mjs or set GMIS_HOLIDAYS_FILE");
    }
}

/// Leptos options from our configuration (no Cargo.toml needed at run time).
pub fn leptos_options(config: &Config) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name(std::env::var("LEPTOS_OUTPUT_NAME").unwrap_or_else(|_| "gmis".to_owned()))
        .site_root(config.site_root.clone())
        .site_pkg_dir("pkg")
        .site_addr(config.listen)
        .build()
}

/// Why `gmis` could not start: what it was doing and the cause.
#[derive(Debug, thiserror::Error)]
#[error("{context}: {cause}")]
pub struct StartError {
    pub context: &'static str,
    pub cause: String,
}

impl StartError {
    pub fn new(context: &'static str, cause: impl std::fmt::Display) -> Self {
        Self { context, cause: cause.to_string() }
    }
}

/// The state and configuration every handler and middleware sees.
#[derive(Clone)]
pub struct WebState {
    pub app: AppState,
    pub config: Arc<Config>,
    /// Wrong passwords per client address (this instance's).
    pub login_failures: Arc<web::login_limits::FailureLimiter>,
    /// Requests per API token (this instance's).
    pub api_rate: Arc<api::rate::RateLimiter>,
    /// Set on SIGTERM: `/readyz` answers 503 so that the load balancer
    /// stops sending requests before the instance stops accepting them.
    pub draining: Arc<std::sync::atomic::AtomicBool>,
    /// Requests answered, per route (what `/metrics` shows).
    pub metrics: Arc<metrics::HttpMetrics>,
}

impl WebState {
    pub fn new(app: AppState, config: Config) -> Self {
        let login_failures =
            Arc::new(web::login_limits::FailureLimiter::new(config.login_ip_failures, web::login_limits::WINDOW));
        let api_rate = Arc::new(api::rate::RateLimiter::new(config.api_rate));
        Self {
            app,
            config: Arc::new(config),
            login_failures,
            api_rate,
            draining: Arc::default(),
            metrics: Arc::default(),
        }
    }
}

impl axum::extract::FromRef<WebState> for LeptosOptions {
    fn from_ref(s: &WebState) -> Self {
        s.app.leptos_options.clone()
    }
}
