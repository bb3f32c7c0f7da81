//! The HTTP router: Leptos pages and server functions, the login/logout form
//! handlers, `/healthz`, static assets, and the middleware every request
//! passes, outermost first:
//!
//! 1. [`ie_guard`] — Internet Explorer gets a static 403 page and nothing else;
//! 2. [`maintenance`] — during a maintenance window, 503 for everything but
//!    `/healthz` and the assets;
//! 3. [`headers`] — request log line, CSP nonce and security headers;
//! 4. [`origin`] — cross-site state-changing requests are refused;
//! 5. [`session`] — the session cookie becomes an `Actor`; pages need one.
//!
//! Around them all, [`crate::metrics::record`] counts and times each
//! request under the route it matched.

pub mod api_tokens;
pub mod area;
pub mod attachments;
pub mod audit;
pub mod auth;
pub mod client_ip;
pub mod headers;
pub mod ie_guard;
pub mod inquiries;
pub mod login_limits;
pub mod maintenance;
pub mod maintenance_plan;
pub mod notices;
pub mod origin;
pub mod passkeys;
pub mod registration;
pub mod reports;
pub mod session;
pub mod supplies;

use crate::WebState;
use app::{App, shell};
use axum::Router;
use axum::routing::{get, post};
use leptos::prelude::provide_context;
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;

/// The app's routes, generated once per process. Generating them suppresses
/// resource loading process-wide while it runs, so a page rendered at that
/// moment would wait forever (leptos-rs/leptos#4773); with one generation
/// before the first router exists, no render can overlap it — which matters
/// where several routers share a process, as in the integration tests.
pub fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// Builds the whole application router.
pub fn router(state: WebState) -> Router {
    let routes = route_list();
    let app_state = state.app.clone();
    let context = move || provide_context(app_state.clone());
    let options = state.app.leptos_options.clone();
    let bench_routes = state.config.bench_routes;
    // Built assets, sent as the brotli/gzip copies scripts/precompress.mjs made.
    let pkg = ServeDir::new(format!("{}/{}", options.site_root, options.site_pkg_dir))
        .precompressed_br()
        .precompressed_gzip();
    let router = plain_routes().into_iter().fold(Router::new(), |router, (path, handler)| router.route(path, handler));
    let router = router
        .nest_service("/pkg", pkg)
        .nest("/api/v1", crate::api::router())
        .leptos_routes_with_context(&state, routes, context.clone(), move || shell(options.clone()))
        .fallback(leptos_axum::file_and_error_handler_with_context::<WebState, _>(context, shell))
        .layer(axum::middleware::from_fn(refuse_upload_without_multipart))
        .layer(axum::middleware::from_fn_with_state(state.clone(), session::resolve))
        .layer(axum::middleware::from_fn_with_state(state.clone(), client_ip::resolve))
        .layer(axum::middleware::from_fn_with_state(state.clone(), origin::refuse_cross_site))
        .layer(axum::middleware::from_fn_with_state(state.clone(), headers::security_headers))
        .layer(CompressionLayer::new().br(true).gzip(true))
        .layer(axum::middleware::from_fn_with_state(state.clone(), maintenance::close_during_maintenance))
        .layer(axum::middleware::from_fn(ie_guard::refuse_internet_explorer))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(panic_response))
        .layer(axum::middleware::from_fn(session::browser_locale))
        .layer(axum::middleware::from_fn_with_state(state.clone(), crate::metrics::record));
    // Added after the layers, so it runs with no middleware at all.
    let router = if bench_routes { router.route("/__bench/bare", get(|| async { "ok" })) } else { router };
    router.with_state(state)
}

/// The routes outside the app's pages and server functions: plain form posts
/// that work without JavaScript, downloads and the health check. The
/// authorization matrix test walks this list, so a route added here without
/// a documented access rule fails it.
pub fn plain_routes() -> Vec<(&'static str, axum::routing::MethodRouter<WebState>)> {
    vec![
        ("/login", post(auth::login)),
        ("/login/code", post(auth::login_code)),
        ("/account/second-factor/confirm", post(auth::confirm_totp)),
        ("/api/passkeys/login/start", post(passkeys::login_start)),
        ("/api/passkeys/login/finish", post(passkeys::login_finish)),
        ("/api/passkeys/register/start", post(passkeys::register_start)),
        ("/api/passkeys/register/finish", post(passkeys::register_finish)),
        ("/account/passkeys/remove", post(passkeys::remove)),
        ("/logout", post(auth::logout)),
        ("/password/set", post(auth::set_password)),
        ("/password/forgot", post(auth::forgot_password)),
        ("/account/password", post(auth::change_password)),
        ("/reports/submit", post(reports::submit)),
        ("/inquiries/step", post(inquiries::step)),
        ("/inquiries/faq", post(inquiries::faq)),
        ("/supplies/requests/submit", post(supplies::submit_request)),
        ("/supplies/requests/step", post(supplies::submit_step)),
        ("/supplies/review.csv", get(supplies::queue_csv)),
        ("/area/download", get(area::download)),
        ("/attachments/{id}", get(attachments::download)),
        ("/healthz", get(health)),
        ("/readyz", get(ready)),
        ("/admin/audit.csv", get(audit::download)),
        ("/admin/accounts/import/example.csv", get(example_csv)),
        ("/admin/accounts/import/upload", post(registration::upload)),
        ("/admin/api-tokens/issue", post(api_tokens::issue)),
        ("/admin/maintenance/save", post(maintenance_plan::save)),
        ("/admin/maintenance/cancel", post(maintenance_plan::cancel)),
        ("/admin/notices/save", post(notices::save)),
        ("/admin/notices/publish", post(notices::publish)),
        ("/admin/notices/withdraw", post(notices::withdraw)),
        ("/admin/notices/detach", post(notices::detach)),
    ]
}

/// The first value of field `name` of a posted form.
pub fn form_field(fields: &[(String, String)], name: &str) -> Option<String> {
    fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
}

/// The answer to a form posted without JavaScript (post/redirect/get):
/// 303 to `path` with `query` as its query string.
pub fn redirect_with<K: AsRef<str>, V: AsRef<str>>(path: &str, query: &[(K, V)]) -> axum::response::Response {
    use axum::response::IntoResponse;
    let pairs: Vec<(&str, &str)> = query.iter().map(|(k, v)| (k.as_ref(), v.as_ref())).collect();
    let query = serde_urlencoded::to_string(pairs).unwrap_or_default();
    axum::response::Redirect::to(&format!("{path}?{query}")).into_response()
}

/// A post to an upload (CSV registration, attachments) whose Content-Type is
/// not `multipart/form-data` with a valid boundary is refused as bad input
/// (422, nothing read): the multipart decoder of server functions panics on
/// such a body instead of failing.
async fn refuse_upload_without_multipart(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    if app::api::MULTIPART_PATHS.contains(&req.uri().path()) {
        let content_type = req.headers().get(http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
        if !content_type.is_some_and(is_multipart_form_with_boundary) {
            return app::domain::error::AppError::field("file", app::i18n::t().import_file_empty).into_response();
        }
    }
    next.run(req).await
}

/// Whether `content_type` parses as the media type `multipart/form-data`
/// with a `boundary` parameter of 1–70 characters (RFC 2046 §5.1.1) — the
/// same parser the multipart decoder uses, so it cannot disagree with it.
pub(crate) fn is_multipart_form_with_boundary(content_type: &str) -> bool {
    content_type.parse::<mime::Mime>().is_ok_and(|m| {
        m.type_() == mime::MULTIPART
            && m.subtype() == mime::FORM_DATA
            && m.get_param(mime::BOUNDARY).is_some_and(|b| (1..=70).contains(&b.as_str().len()))
    })
}

/// A panic while answering (a bug) becomes the generic 500 answer instead of
/// a dropped connection; the detail goes to the log only.
fn panic_response(detail: Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response {
    use axum::response::IntoResponse;
    let what = detail
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| detail.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    tracing::error!(panic = %what, "a request handler panicked");
    app::domain::error::AppError::Internal.into_response()
}

/// A static page answered without the app (the IE refusal, the maintenance
/// page, "too many attempts"): plain HTML with no script, readable on a phone
/// and in IE itself. `title` is plain text; `main` is markup whose user text
/// the caller has escaped.
pub fn static_page(title: &str, main: &str) -> String {
    let t = app::i18n::t();
    format!(
        r#"<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} | {app}</title>
<style>body{{font-family:-apple-system,BlinkMacSystemFont,'Hiragino Sans','Yu Gothic UI',Meiryo,sans-serif;line-height:1.7;color:#1a1a1c;max-width:40em;margin:2em auto;padding:0 1em}}h1{{font-size:1.5em}}.when{{border-left:6px solid #0017c1;background:#e8f1fe;padding:.75em 1em}}.button{{display:inline-flex;align-items:center;min-height:44px;padding:0 1.25em;border-radius:8px;background:#0017c1;color:#fff;text-decoration:none;font-weight:bold}}</style>
</head><body><main>
<p>{full}</p>
<h1>{title}</h1>
{main}
</main></body></html>"#,
        lang = app::i18n::locale().lang.code(),
        title = app::domain::html::escape(title),
        app = t.app_name,
        full = t.app_full_name,
    )
}

/// An error answered outside the app (by middleware, or a form handler on
/// our own failure): under `/api/` the JSON the app's server functions
/// decode; elsewhere a static page with the error's generic message and
/// one way on, `back` (a fixed path) named `back_label`.
pub fn error_answer(
    e: &app::domain::error::AppError,
    path: &str,
    back: &str,
    back_label: &str,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let status = http::StatusCode::from_u16(e.status_code()).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
    if path.starts_with("/api/") {
        let body = serde_json::to_string(e).unwrap_or_default();
        return (status, [(http::header::CONTENT_TYPE, "application/json")], body).into_response();
    }
    let main = format!(
        "<p class=\"when\">{message}</p>\n<p><a class=\"button\" href=\"{back}\">{label}</a></p>",
        message = app::domain::html::escape(&e.message()),
        label = app::domain::html::escape(back_label),
    );
    let title = app::i18n::t().error_title;
    let mut res =
        (status, [(http::header::CONTENT_TYPE, "text/html; charset=utf-8")], static_page(title, &main)).into_response();
    static_page_headers(res.headers_mut());
    res
}

/// Headers of the static pages answered before the app (the IE refusal, the
/// maintenance page): no sniffing, no framing, no referrer, and a CSP that
/// allows their inline style and nothing else.
pub fn static_page_headers(h: &mut http::HeaderMap) {
    use http::{HeaderValue, header};
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
        ),
    );
}

/// The example registration file offered on the upload page (docs/examples/accounts.csv).
async fn example_csv() -> impl axum::response::IntoResponse {
    (
        [
            (http::header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (http::header::CONTENT_DISPOSITION, "attachment; filename=\"accounts.csv\""),
        ],
        include_str!("../../../docs/examples/accounts.csv"),
    )
}

/// `GET /healthz`: 200 when the database answers, 503 otherwise.
/// `ok`, or `degraded: …` (still 200: the instance serves) when the holiday
/// calendar ends within a year, or 503 when the database does not answer.
async fn health(axum::extract::State(state): axum::extract::State<WebState>) -> (http::StatusCode, String) {
    use sea_orm::ConnectionTrait;
    if let Err(e) = state.app.db.execute_unprepared("SELECT 1").await {
        tracing::error!(error = %e, "health check: database unreachable");
        return (http::StatusCode::SERVICE_UNAVAILABLE, "database unavailable".to_owned());
    }
    let today = app::domain::time::japan_date(state.app.clock.now());
    match state.app.supplies.calendar.ends_soon(today) {
        Some(last) => (http::StatusCode::OK, format!("degraded: the holiday calendar ends on {last}")),
        None => (http::StatusCode::OK, "ok".to_owned()),
    }
}

/// `GET /readyz`: whether the load balancer should send this instance
/// requests: 200 `ready` when the database answers with the migrations of
/// this build, 503 while the instance drains on its way out (SIGTERM) or
/// when the database is down or on other migrations.
async fn ready(axum::extract::State(state): axum::extract::State<WebState>) -> (http::StatusCode, &'static str) {
    use migration::MigratorTrait;
    if state.draining.load(std::sync::atomic::Ordering::Relaxed) {
        return (http::StatusCode::SERVICE_UNAVAILABLE, "draining");
    }
    match migration::Migrator::get_pending_migrations(&state.app.db).await {
        Ok(pending) if pending.is_empty() => (http::StatusCode::OK, "ready"),
        Ok(_) => (http::StatusCode::SERVICE_UNAVAILABLE, "migrations pending"),
        Err(e) => {
            // The database is down, or on migrations this build does not know.
            tracing::error!(error = %e, "readiness check: database unreachable or on other migrations");
            (http::StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_multipart_form_with_boundary as ok;

    #[test]
    fn only_multipart_form_data_with_a_boundary_passes() {
        assert!(ok("multipart/form-data; boundary=b"));
        assert!(ok("Multipart/Form-Data; charset=utf-8; boundary=\"a b\""));
        for bad in [
            "multipart/form-dataX; boundary=b",
            "multipart/form-data; x=\"boundary=b\"",
            "multipart/form-data; xboundary=b",
            "multipart/form-data boundary=b",
            "multipart/form-data; boundary=",
            "multipart/mixed; boundary=b",
            "text/plain",
            "",
        ] {
            assert!(!ok(bad), "{bad}");
        }
        assert!(!ok(&format!("multipart/form-data; boundary={}", "b".repeat(71))));
    }
}
