//! `/api/v1` (SPEC §8): the versioned JSON API for other systems. Handlers
//! are as thin as server functions — the token's account becomes an
//! [`app::domain::roles::Actor`] and the same services as the pages decide
//! and scope everything. Browser session cookies are not read here and
//! API tokens are not read by the pages, so there is no CSRF surface.
//!
//! The OpenAPI 3.1 document is generated from these handlers and their types
//! ([`ApiDoc`]) and served at `/api/v1/openapi.json`; `/api/v1/docs` renders
//! it for people.

pub mod docs;
pub mod problem;
pub mod rate;
pub mod reference;
pub mod reports;
pub mod webhooks;

use crate::WebState;
use app::domain::api_tokens::ApiScope;
use app::domain::error::AppError;
use app::server::api_tokens::{self, TokenActor};
use axum::extract::FromRequestParts;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use http::request::Parts;
use http::{HeaderValue, header};
use problem::ApiError;
use utoipa::OpenApi;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};

/// Largest request body: a bulk of 1,000 reports fits several times over.
pub const BODY_LIMIT: usize = 4 * 1024 * 1024;

/// The OpenAPI document of `/api/v1`.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "G-MIS API",
        version = "1",
        description = "医療機関等情報支援システム（G-MIS）の連携 API。管理者が発行した API トークンを `Authorization: Bearer` で送ってください。トークンは発行先アカウントと同じ権限・管轄で動きます。エラーは RFC 9457 の problem details（application/problem+json）で、`code` が機械向けの種類、`errors` が項目ごとの日本語メッセージです。"
    ),
    paths(
        reports::push, reports::pull, reference::surveys, reference::units, reference::completeness,
        webhooks::create, webhooks::list, webhooks::remove, webhooks::deliveries, webhooks::replay
    ),
    modifiers(&BearerToken),
    security(("bearer" = [])),
    tags(
        (name = "reports", description = "報告の送信と取得"),
        (name = "reference", description = "調査の定義、報告対象、報告状況"),
        (name = "webhooks", description = "新しい報告などの通知（Standard Webhooks 形式の署名付き）")
    )
)]
pub struct ApiDoc;

struct BearerToken;

impl utoipa::Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("bearer", SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)));
    }
}

/// The API's routes, mounted under `/api/v1`.
pub fn router() -> Router<WebState> {
    Router::new()
        .route("/openapi.json", get(openapi_json))
        .route("/docs", get(docs::page))
        .route("/reports", get(reports::pull).post(reports::push))
        .route("/surveys", get(reference::surveys))
        .route("/units", get(reference::units))
        .route("/completeness", get(reference::completeness))
        .route("/webhooks", get(webhooks::list).post(webhooks::create))
        .route("/webhooks/{id}", axum::routing::delete(webhooks::remove))
        .route("/webhooks/{id}/deliveries", get(webhooks::deliveries))
        .route("/webhooks/{id}/deliveries/{delivery_id}/replay", axum::routing::post(webhooks::replay))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT))
}

/// The operations the authorization matrix test walks: method, path and
/// the scope each needs.
pub const OPERATIONS: [(&str, &str, ApiScope); 10] = [
    ("POST", "/api/v1/reports", ApiScope::ReportWrite),
    ("GET", "/api/v1/reports", ApiScope::DataRead),
    ("GET", "/api/v1/surveys", ApiScope::DataRead),
    ("GET", "/api/v1/units", ApiScope::DataRead),
    ("GET", "/api/v1/completeness", ApiScope::DataRead),
    ("POST", "/api/v1/webhooks", ApiScope::Webhooks),
    ("GET", "/api/v1/webhooks", ApiScope::Webhooks),
    ("DELETE", "/api/v1/webhooks/{id}", ApiScope::Webhooks),
    ("GET", "/api/v1/webhooks/{id}/deliveries", ApiScope::Webhooks),
    ("POST", "/api/v1/webhooks/{id}/deliveries/{delivery_id}/replay", ApiScope::Webhooks),
];

async fn openapi_json() -> Response {
    match ApiDoc::openapi().to_json() {
        Ok(json) => ([(header::CONTENT_TYPE, "application/json")], json).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "OpenAPI document");
            ApiError::from(AppError::Internal).into_response()
        }
    }
}

async fn not_found() -> ApiError {
    ApiError::from(AppError::NotFound)
}

async fn method_not_allowed() -> ApiError {
    let mut e = ApiError::new(AppError::BadRequest, Some(app::i18n::t().api().method_not_allowed));
    e.problem.status = 405;
    e
}

/// The caller of an API operation: a valid token within its rate limit.
/// Extracting it answers 401 (no or bad token) or 429 (over the limit).
pub struct Caller(pub TokenActor);

impl FromRequestParts<WebState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &WebState) -> Result<Self, Self::Rejection> {
        let t = app::i18n::t().api();
        let Some(token) = bearer(parts) else {
            return Err(ApiError::new(AppError::Unauthenticated, Some(t.token_missing)));
        };
        let ip = parts.extensions.get::<crate::web::client_ip::ClientIp>().map(|ip| ip.0.to_string());
        let caller = api_tokens::authenticate(&state.app.db, &token, state.app.clock.now(), ip).await?;
        if let Err(wait) = state.api_rate.take(caller.token_id) {
            let mut e = ApiError::from(AppError::TooManyRequests);
            e.retry_after = Some(wait.as_secs().max(1));
            return Err(e);
        }
        Ok(Caller(caller))
    }
}

impl Caller {
    /// Passes when the token may do `scope` (audited refusal otherwise).
    pub async fn require(&self, state: &WebState, scope: ApiScope, what: &str) -> Result<(), ApiError> {
        self.0.require(&state.app.db, scope, what).await.map_err(|e| {
            let detail = (e == AppError::Forbidden).then_some(app::i18n::t().api().scope_missing);
            ApiError::new(e, detail)
        })
    }
}

/// The bearer token of the request, if it has one.
fn bearer(parts: &Parts) -> Option<String> {
    let value = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then(|| token.to_owned())
}

/// A JSON body the client got wrong: 413 over the limit, 415 without a
/// JSON content type, 400 otherwise — each with the same problem shape.
pub fn body_problem(rejection: &JsonRejection) -> ApiError {
    let t = app::i18n::t().api();
    match rejection {
        JsonRejection::MissingJsonContentType(_) => {
            let mut e = ApiError::new(AppError::BadRequest, Some(t.bad_content_type));
            e.problem.status = 415;
            e
        }
        r if r.status() == http::StatusCode::PAYLOAD_TOO_LARGE => ApiError::from(AppError::TooLarge),
        _ => ApiError::new(AppError::BadRequest, Some(t.bad_json)),
    }
}

/// A query string that does not parse into the operation's parameters.
pub fn query_problem(_: &QueryRejection) -> ApiError {
    ApiError::new(AppError::BadRequest, Some(app::i18n::t().api().bad_query))
}

/// A query value, with an empty one counted as absent (as the pages do).
pub fn given(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

/// A JSON answer that is never cached.
pub fn json<T: serde::Serialize>(value: &T) -> Response {
    let mut res = Json(value).into_response();
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}
