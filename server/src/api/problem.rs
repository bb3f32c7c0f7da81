//! The one error shape of `/api/v1`: RFC 9457 problem details
//! (`application/problem+json`) with a machine code and, for refused input,
//! a Japanese message per field.

use app::domain::error::{AppError, FieldErrors};
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};
use serde::Serialize;
use utoipa::ToSchema;

/// Where the codes are documented (a relative reference, RFC 9457 §3.1.1).
const TYPE_BASE: &str = "/api/v1/docs#problem-";

/// An RFC 9457 problem: what went wrong, in Japanese, and a stable code.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Problem {
    /// A URI reference naming the kind of problem.
    #[serde(rename = "type")]
    pub kind: String,
    /// A short Japanese summary of the kind of problem.
    pub title: String,
    /// The HTTP status.
    pub status: u16,
    /// What to do about it, in Japanese.
    pub detail: String,
    /// The machine-readable code: `unauthenticated`, `forbidden`, `not_found`,
    /// `validation`, `conflict`, `bad_request`, `too_large`,
    /// `too_many_requests`, `unavailable`, `internal`.
    pub code: String,
    /// Refused fields: field name → Japanese message.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<std::collections::BTreeMap<String, String>>)]
    pub errors: Option<FieldErrors>,
}

impl Problem {
    /// The problem an [`AppError`] answers with; `detail` replaces the
    /// generic message when the caller knows better.
    pub fn of(err: &AppError, detail: Option<&str>) -> Problem {
        let code = code_of(err);
        let title = err.message();
        Problem {
            kind: format!("{TYPE_BASE}{code}"),
            detail: detail.map_or_else(|| title.clone(), str::to_owned),
            title,
            status: err.status_code(),
            code: code.to_owned(),
            errors: match err {
                AppError::Validation(fields) => Some(fields.clone()),
                _ => None,
            },
        }
    }
}

/// The stable code of an error.
pub fn code_of(err: &AppError) -> &'static str {
    match err {
        AppError::Unauthenticated => "unauthenticated",
        AppError::Forbidden => "forbidden",
        AppError::NotFound => "not_found",
        AppError::Validation(_) => "validation",
        AppError::Conflict(_) => "conflict",
        AppError::BadRequest => "bad_request",
        AppError::TooLarge => "too_large",
        AppError::TooManyRequests => "too_many_requests",
        AppError::Unavailable => "unavailable",
        AppError::Internal => "internal",
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self).unwrap_or_default();
        let mut res = (status, body).into_response();
        let h = res.headers_mut();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if status == StatusCode::UNAUTHORIZED {
            h.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer realm=\"gmis\""));
        }
        res
    }
}

/// An error of an API handler: the problem it answers with, and how long
/// to wait for a 429 or 503.
#[derive(Debug)]
pub struct ApiError {
    pub problem: Problem,
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(err: AppError, detail: Option<&str>) -> Self {
        Self { problem: Problem::of(&err, detail), retry_after: None }
    }

    /// A refusal of one query or body field.
    pub fn field(field: &str, message: &str) -> Self {
        Self::new(AppError::field(field, message), None)
    }
}

impl From<AppError> for ApiError {
    fn from(err: AppError) -> Self {
        let detail = match &err {
            AppError::Unauthenticated => Some(app::i18n::t().api().token_invalid),
            AppError::TooManyRequests => Some(app::i18n::t().api().rate_limited),
            _ => None,
        };
        ApiError::new(err, detail)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut res = self.problem.into_response();
        if let Some(seconds) = self.retry_after {
            res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        res
    }
}

/// The refusals every operation may answer, for the OpenAPI document.
#[derive(utoipa::IntoResponses)]
pub enum Refused {
    /// No token, or an unknown, expired or revoked one.
    #[response(status = 401, description = "トークンがない・無効", content_type = "application/problem+json")]
    Unauthenticated(Problem),
    /// The token lacks the operation's scope, or the account its role or area.
    #[response(
        status = 403,
        description = "スコープがない、または権限・管轄の外",
        content_type = "application/problem+json"
    )]
    Forbidden(Problem),
    #[response(
        status = 429,
        description = "要求が多すぎる（Retry-After 秒後に）",
        content_type = "application/problem+json"
    )]
    TooManyRequests(Problem),
}

/// The refusals of a query string, for the OpenAPI document.
#[derive(utoipa::IntoResponses)]
pub enum BadQuery {
    #[response(status = 400, description = "検索条件の形式が違う", content_type = "application/problem+json")]
    Malformed(Problem),
    #[response(
        status = 422,
        description = "検索条件が不正（errors に項目ごとの理由）",
        content_type = "application/problem+json"
    )]
    Invalid(Problem),
}

/// The refusals of a JSON body, for the OpenAPI document.
#[derive(utoipa::IntoResponses)]
pub enum BadBody {
    #[response(
        status = 400,
        description = "JSON として読めない、型や項目名が違う",
        content_type = "application/problem+json"
    )]
    Malformed(Problem),
    #[response(status = 413, description = "本文が 4 MiB を超える", content_type = "application/problem+json")]
    TooLarge(Problem),
    #[response(status = 415, description = "Content-Type が JSON でない", content_type = "application/problem+json")]
    NotJson(Problem),
    #[response(
        status = 422,
        description = "内容が不正（errors に項目ごとの理由）",
        content_type = "application/problem+json"
    )]
    Invalid(Problem),
}
