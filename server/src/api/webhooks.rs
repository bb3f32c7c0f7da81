//! `/api/v1/webhooks`: a prefecture's, municipality's or association's
//! system registers endpoints, lists their deliveries and replays one. The
//! events, signatures and retries are `app::server::webhooks`'.

use super::problem::{ApiError, BadBody, Problem, Refused};
use super::{Caller, body_problem, json};
use crate::WebState;
use app::domain::api_tokens::ApiScope;
use app::domain::webhooks as domain;
use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An event a subscriber can be told about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub enum Event {
    /// A first report (or "nothing to report") of a unit in the area.
    #[serde(rename = "report.saved")]
    ReportSaved,
    /// An amendment of a report in the area.
    #[serde(rename = "report.amended")]
    ReportAmended,
    /// An SOS request in the area was made or changed state.
    #[serde(rename = "sos.changed")]
    SosChanged,
}

impl From<Event> for domain::EventType {
    fn from(e: Event) -> Self {
        match e {
            Event::ReportSaved => domain::EventType::ReportSaved,
            Event::ReportAmended => domain::EventType::ReportAmended,
            Event::SosChanged => domain::EventType::SosChanged,
        }
    }
}

impl From<domain::EventType> for Event {
    fn from(e: domain::EventType) -> Self {
        match e {
            domain::EventType::ReportSaved => Event::ReportSaved,
            domain::EventType::ReportAmended => Event::ReportAmended,
            domain::EventType::SosChanged => Event::SosChanged,
        }
    }
}

/// An endpoint to register.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewWebhook {
    /// `https://…` (plain `http://` only to 127.0.0.1 / localhost, for development).
    #[schema(max_length = 2000, example = "https://pref.example.lg.jp/gmis/hook")]
    pub url: String,
    #[schema(min_items = 1)]
    pub events: Vec<Event>,
}

/// A registered endpoint.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Webhook {
    pub id: i32,
    pub url: String,
    pub events: Vec<Event>,
    pub created_at: DateTime<Utc>,
    /// Failing since then; cleared by a success.
    pub failing_since: Option<DateTime<Utc>>,
    /// Disabled after failing for a day: register the endpoint again.
    pub disabled_at: Option<DateTime<Utc>>,
}

/// A new endpoint and its signing secret, shown this once: verify each
/// delivery's `webhook-signature` with it (Standard Webhooks).
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct CreatedWebhook {
    #[serde(flatten)]
    pub webhook: Webhook,
    #[schema(example = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    pub secret: String,
}

/// One delivery of an event to the endpoint.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct WebhookDelivery {
    pub id: i32,
    /// The `webhook-id` header, the same on every attempt and replay.
    pub event_id: String,
    pub event_type: String,
    /// `pending`, `delivered`, or `failed` (given up after a day; replay to send again).
    #[schema(value_type = String, example = "delivered")]
    pub state: &'static str,
    pub attempts: i32,
    pub created_at: DateTime<Utc>,
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub last_status: Option<i32>,
    pub last_error: Option<String>,
    pub delivered_at: Option<DateTime<Utc>>,
}

fn webhook(s: domain::Subscription) -> Webhook {
    Webhook {
        id: s.id,
        url: s.url,
        events: s.events.into_iter().map(Event::from).collect(),
        created_at: s.created_at,
        failing_since: s.failing_since,
        disabled_at: s.disabled_at,
    }
}

fn delivery(d: domain::Delivery) -> WebhookDelivery {
    WebhookDelivery {
        id: d.id,
        event_id: d.event_id,
        event_type: d.event_type,
        state: d.state.code(),
        attempts: d.attempts,
        created_at: d.created_at,
        next_attempt_at: d.next_attempt_at,
        last_status: d.last_status,
        last_error: d.last_error,
        delivered_at: d.delivered_at,
    }
}

/// An id in the path that is not a number is the client's mistake.
fn path_problem(_: &PathRejection) -> ApiError {
    ApiError::from(app::domain::error::AppError::NotFound)
}

async fn caller_may(state: &WebState, caller: &Caller, what: &str) -> Result<(), ApiError> {
    caller.require(state, ApiScope::Webhooks, what).await
}

/// Registers an endpoint for events of the token's area.
#[utoipa::path(
    post, path = "/api/v1/webhooks", tag = "webhooks",
    request_body = NewWebhook,
    responses(
        (status = 201, description = "登録した送信先と署名用の秘密鍵（この一度だけ表示）", body = CreatedWebhook),
        Refused,
        BadBody,
    ),
    security(("bearer" = ["webhooks"]))
)]
pub async fn create(
    State(state): State<WebState>,
    caller: Caller,
    body: Result<Json<NewWebhook>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(body) = body.map_err(|r| body_problem(&r))?;
    caller_may(&state, &caller, "api.webhooks.create").await?;
    let events: Vec<domain::EventType> = body.events.into_iter().map(Into::into).collect();
    let now = state.app.clock.now();
    let created = app::server::webhooks::subscribe(
        &state.app.db,
        state.app.webhooks_loopback_only,
        &caller.0.actor,
        &body.url,
        &events,
        now,
    )
    .await?;
    let out = CreatedWebhook { webhook: webhook(created.subscription), secret: created.secret };
    Ok((StatusCode::CREATED, json(&out)).into_response())
}

/// The token's account's endpoints.
#[utoipa::path(
    get, path = "/api/v1/webhooks", tag = "webhooks",
    responses(
        (status = 200, description = "送信先の一覧", body = Vec<Webhook>),
        Refused,
    ),
    security(("bearer" = ["webhooks"]))
)]
pub async fn list(State(state): State<WebState>, caller: Caller) -> Result<Response, ApiError> {
    caller_may(&state, &caller, "api.webhooks.list").await?;
    let rows = app::server::webhooks::list(&state.app.db, &caller.0.actor).await?;
    Ok(json(&rows.into_iter().map(webhook).collect::<Vec<_>>()))
}

/// Deletes an endpoint: nothing more is sent to it.
#[utoipa::path(
    delete, path = "/api/v1/webhooks/{id}", tag = "webhooks",
    params(("id" = i32, Path, description = "送信先の id")),
    responses(
        (status = 204, description = "削除した"),
        (status = 404, description = "その送信先はない", body = Problem, content_type = "application/problem+json"),
        Refused,
    ),
    security(("bearer" = ["webhooks"]))
)]
pub async fn remove(
    State(state): State<WebState>,
    caller: Caller,
    id: Result<Path<i32>, PathRejection>,
) -> Result<Response, ApiError> {
    let Path(id) = id.map_err(|r| path_problem(&r))?;
    caller_may(&state, &caller, "api.webhooks.remove").await?;
    app::server::webhooks::remove(&state.app.db, &caller.0.actor, id, state.app.clock.now()).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// The latest 200 deliveries to an endpoint, newest first.
#[utoipa::path(
    get, path = "/api/v1/webhooks/{id}/deliveries", tag = "webhooks",
    params(("id" = i32, Path, description = "送信先の id")),
    responses(
        (status = 200, description = "配信の一覧", body = Vec<WebhookDelivery>),
        (status = 404, description = "その送信先はない", body = Problem, content_type = "application/problem+json"),
        Refused,
    ),
    security(("bearer" = ["webhooks"]))
)]
pub async fn deliveries(
    State(state): State<WebState>,
    caller: Caller,
    id: Result<Path<i32>, PathRejection>,
) -> Result<Response, ApiError> {
    let Path(id) = id.map_err(|r| path_problem(&r))?;
    caller_may(&state, &caller, "api.webhooks.deliveries").await?;
    let rows = app::server::webhooks::deliveries(&state.app.db, &caller.0.actor, id).await?;
    Ok(json(&rows.into_iter().map(delivery).collect::<Vec<_>>()))
}

/// Sends a delivered or given-up delivery again, with the same `webhook-id`.
#[utoipa::path(
    post, path = "/api/v1/webhooks/{id}/deliveries/{delivery_id}/replay", tag = "webhooks",
    params(("id" = i32, Path, description = "送信先の id"), ("delivery_id" = i32, Path, description = "配信の id")),
    responses(
        (status = 202, description = "再送を予約した", body = WebhookDelivery),
        (status = 404, description = "その配信はない", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "まだ送信中", body = Problem, content_type = "application/problem+json"),
        Refused,
    ),
    security(("bearer" = ["webhooks"]))
)]
pub async fn replay(
    State(state): State<WebState>,
    caller: Caller,
    ids: Result<Path<(i32, i32)>, PathRejection>,
) -> Result<Response, ApiError> {
    let Path((id, delivery_id)) = ids.map_err(|r| path_problem(&r))?;
    caller_may(&state, &caller, "api.webhooks.replay").await?;
    let now = state.app.clock.now();
    let row = app::server::webhooks::replay(&state.app.db, &caller.0.actor, id, delivery_id, now).await?;
    Ok((StatusCode::ACCEPTED, json(&delivery(row))).into_response())
}
