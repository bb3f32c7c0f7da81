//! Webhooks (SPEC §8): subscriptions, the delivery outbox and its worker.
//!
//! An event writes one delivery row per matching subscription with the
//! same transaction as the change ([`enqueue_report`], [`enqueue_sos`]), so a delivery
//! exists exactly when its event was committed, and the unique
//! (subscription, event id) key keeps it to one. [`deliver_due`] — run by
//! every instance's worker — claims due rows one by one (an instance owns a
//! row for [`CLAIM`]), signs them in the Standard Webhooks format and posts
//! them; failures are retried on the schedule of
//! [`crate::domain::webhooks::retry_after`] for a day. An endpoint that has
//! failed for a day is disabled and its owner mailed.

use crate::domain::error::{AppError, FieldErrors};
use crate::domain::memberships::covers;
use crate::domain::reports::ReportUnit;
use crate::domain::roles::{Actor, Role, Scope};
use crate::domain::surveys::{Answers, SurveyKind};
use crate::domain::webhooks::{
    Created, Delivery, DeliveryState, EventType, RETRY_FOR, Subscription, UrlProblem, check_url, retry_after,
};
use crate::server::audit::{self, AuditAction, AuditEntry};
use crate::server::authz::require_role;
use crate::server::db::FirstRow;
use crate::server::entities::{
    membership, sos_request, user, webhook_delivery as delivery, webhook_subscription as sub,
};
use base64::Engine as _;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use hmac::{Hmac, Mac};
use rand::RngCore as _;
use sea_orm::sea_query::{Condition, Expr};
use sea_orm::{
    ActiveValue::NotSet, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};
use sha2::Sha256;

/// The roles that may register endpoints.
pub const SUBSCRIBERS: [Role; 3] = [Role::Prefecture, Role::Municipality, Role::Aggregator];
/// Endpoints one account may have.
pub const MAX_PER_ACCOUNT: usize = 10;
/// How long a worker owns a delivery it is sending.
pub const CLAIM: Duration = Duration::minutes(2);
/// Deliveries taken per pass.
const BATCH: u64 = 50;
/// Deliveries listed at most.
const LIST_LIMIT: u64 = 200;
/// How long one post may take.
const POST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Registers `url` for `events` as `actor`'s endpoint and returns its secret.
pub async fn subscribe(
    db: &DatabaseConnection,
    loopback_only: bool,
    actor: &Actor,
    url: &str,
    events: &[EventType],
    now: DateTime<Utc>,
) -> Result<Created, AppError> {
    require_role(db, actor, &SUBSCRIBERS, "webhooks.subscribe").await?;
    let t = crate::i18n::t().webhooks();
    let mut errors = FieldErrors::new();
    let url = url.trim();
    match check_url(url, loopback_only) {
        Ok(()) => {}
        Err(UrlProblem::Malformed) => {
            errors.insert("url".into(), t.bad_url.into());
        }
        Err(UrlProblem::NotHttps) => {
            errors.insert("url".into(), t.not_https.into());
        }
        Err(UrlProblem::NotLoopback) => {
            errors.insert("url".into(), t.not_loopback.into());
        }
    }
    let mut events = events.to_vec();
    events.sort();
    events.dedup();
    if events.is_empty() {
        errors.insert("events".into(), t.no_events.into());
    }
    let existing = live_of(actor).count(db).await?;
    if existing as usize >= MAX_PER_ACCOUNT {
        errors.insert("url".into(), (t.too_many)(MAX_PER_ACCOUNT));
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let (area_code, aggregator_id) = match &actor.scope {
        Scope::Prefecture(p) => (Some(p.as_str().to_owned()), None),
        Scope::Municipality(m) => (Some(m.as_str().to_owned()), None),
        Scope::Aggregator(a) => (None, Some(a.0)),
        _ => return Err(AppError::Forbidden),
    };
    let mut key = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut key);
    let secret = format!("whsec_{}", base64::engine::general_purpose::STANDARD.encode(key));
    let txn = sea_orm::TransactionTrait::begin(db).await?;
    let row = sub::Entity::insert(sub::ActiveModel {
        id: NotSet,
        user_id: Set(actor.user_id.0),
        url: Set(url.to_owned()),
        events: Set(EventType::join(&events)),
        secret: Set(secret.clone()),
        area_code: Set(area_code),
        aggregator_id: Set(aggregator_id),
        created_at: Set(now),
        failing_since: Set(None),
        disabled_at: Set(None),
        deleted_at: Set(None),
    })
    .exec_with_returning(&txn)
    .await?;
    let mut entry = AuditEntry::new(AuditAction::WebhookRegistered, Some(actor.user_id.0), actor.login_id.as_str())
        .target("webhook", row.id.to_string());
    entry.detail = Some(serde_json::json!({ "url": row.url, "events": row.events }));
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(Created { subscription: to_subscription(row), secret })
}

/// `actor`'s endpoints that have not been deleted.
fn live_of(actor: &Actor) -> sea_orm::Select<sub::Entity> {
    sub::Entity::find().filter(sub::Column::UserId.eq(actor.user_id.0)).filter(sub::Column::DeletedAt.is_null())
}

/// `actor`'s endpoints, oldest first.
pub async fn list(db: &DatabaseConnection, actor: &Actor) -> Result<Vec<Subscription>, AppError> {
    require_role(db, actor, &SUBSCRIBERS, "webhooks.list").await?;
    let rows = live_of(actor).order_by_asc(sub::Column::Id).all(db).await?;
    Ok(rows.into_iter().map(to_subscription).collect())
}

/// `actor`'s endpoint `id`, or `NotFound` (another account's too).
async fn own(db: &DatabaseConnection, actor: &Actor, id: i32, what: &str) -> Result<sub::Model, AppError> {
    require_role(db, actor, &SUBSCRIBERS, what).await?;
    live_of(actor).filter(sub::Column::Id.eq(id)).first(db).await?.ok_or(AppError::NotFound)
}

/// Deletes `actor`'s endpoint `id`: nothing more is sent to it.
pub async fn remove(db: &DatabaseConnection, actor: &Actor, id: i32, now: DateTime<Utc>) -> Result<(), AppError> {
    let row = own(db, actor, id, "webhooks.remove").await?;
    let txn = sea_orm::TransactionTrait::begin(db).await?;
    sub::Entity::update_many()
        .col_expr(sub::Column::DeletedAt, Expr::value(now))
        .filter(sub::Column::Id.eq(row.id))
        .exec(&txn)
        .await?;
    let entry = AuditEntry::new(AuditAction::WebhookRemoved, Some(actor.user_id.0), actor.login_id.as_str())
        .target("webhook", row.id.to_string());
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(())
}

/// The latest deliveries to `actor`'s endpoint `id`, newest first.
pub async fn deliveries(db: &DatabaseConnection, actor: &Actor, id: i32) -> Result<Vec<Delivery>, AppError> {
    let row = own(db, actor, id, "webhooks.deliveries").await?;
    let rows = delivery::Entity::find()
        .filter(delivery::Column::SubscriptionId.eq(row.id))
        .order_by_desc(delivery::Column::Id)
        .limit(LIST_LIMIT)
        .all(db)
        .await?;
    Ok(rows.into_iter().map(to_delivery).collect())
}

/// Sends delivery `delivery_id` of `actor`'s endpoint `id` again, with the
/// same `webhook-id`: at once, then on the retry schedule for a day. A
/// delivery still being tried is left as it is (`Conflict`).
pub async fn replay(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i32,
    delivery_id: i32,
    now: DateTime<Utc>,
) -> Result<Delivery, AppError> {
    let row = own(db, actor, id, "webhooks.replay").await?;
    let found = delivery::Entity::find_by_id(delivery_id)
        .filter(delivery::Column::SubscriptionId.eq(row.id))
        .first(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let changed = delivery::Entity::update_many()
        .col_expr(delivery::Column::State, Expr::value(DeliveryState::Pending.code()))
        .col_expr(delivery::Column::Attempts, Expr::value(0))
        .col_expr(delivery::Column::NextAttemptAt, Expr::value(now))
        .col_expr(delivery::Column::ClaimedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .filter(delivery::Column::Id.eq(found.id))
        .filter(delivery::Column::State.ne(DeliveryState::Pending.code()))
        .exec(db)
        .await?;
    if changed.rows_affected == 0 {
        return Err(AppError::Conflict(crate::i18n::t().webhooks().not_failed.to_owned()));
    }
    let fresh = delivery::Entity::find_by_id(found.id).first(db).await?.ok_or(AppError::NotFound)?;
    Ok(to_delivery(fresh))
}

/// A saved report, as its webhook event tells it.
pub struct ReportEvent<'a> {
    pub amended: bool,
    pub report_id: i32,
    pub survey: SurveyKind,
    pub unit: ReportUnit,
    pub day: NaiveDate,
    pub revision: i32,
    pub nothing_to_report: bool,
    pub answers: &'a Answers,
    /// The unit's prefecture and municipality codes.
    pub areas: &'a [String],
    pub at: DateTime<Utc>,
}

/// The live subscriptions, read once per write transaction (a bulk's
/// reports share them).
#[derive(Default)]
pub struct Subscribers(Vec<sub::Model>);

impl Subscribers {
    pub async fn load(conn: &impl ConnectionTrait) -> Result<Subscribers, AppError> {
        Ok(Subscribers(
            sub::Entity::find()
                .filter(sub::Column::DeletedAt.is_null())
                .filter(sub::Column::DisabledAt.is_null())
                .all(conn)
                .await?,
        ))
    }
}

/// Writes a delivery of `event` for every live subscription that sees the
/// unit — officers of its prefecture or municipality, and the association
/// it reports through on the day — through `conn` (the report's transaction).
pub async fn enqueue_report(
    conn: &impl ConnectionTrait,
    subscribers: &Subscribers,
    event: ReportEvent<'_>,
) -> Result<(), AppError> {
    let kind = if event.amended { EventType::ReportAmended } else { EventType::ReportSaved };
    if subscribers.0.is_empty() {
        return Ok(());
    }
    let data = serde_json::json!({
        "id": event.report_id,
        "survey": event.survey,
        "unit": event.unit.key(),
        "day": event.day,
        "revision": event.revision,
        "nothing_to_report": event.nothing_to_report,
        "answers": event.answers,
        "updated_at": event.at,
    });
    let (unit, day, areas, at) = (event.unit, event.day, event.areas, event.at);
    enqueue(conn, subscribers, Event { kind, unit, day, areas, data, at }).await
}

/// Writes a `sos.changed` delivery for an SOS request that was made or
/// changed state, through `conn` (the request's transaction).
pub async fn enqueue_sos(
    conn: &impl ConnectionTrait,
    request: &sos_request::Model,
    at: DateTime<Utc>,
) -> Result<(), AppError> {
    let areas: Vec<String> =
        [Some(request.prefecture_code.clone()), request.municipality_code.clone()].into_iter().flatten().collect();
    let unit = ReportUnit::Facility(request.facility_id);
    let data = serde_json::json!({
        "id": request.id,
        "unit": unit.key(),
        "state": request.state.code(),
        "batch": request.batch_date,
        "revision": request.revision,
        "updated_at": request.updated_at,
    });
    let day = crate::domain::time::japan_date(at);
    let subscribers = Subscribers::load(conn).await?;
    enqueue(conn, &subscribers, Event { kind: EventType::SosChanged, unit, day, areas: &areas, data, at }).await
}

/// An event about `unit` (in `areas`, on `day`).
struct Event<'a> {
    kind: EventType,
    unit: ReportUnit,
    day: NaiveDate,
    areas: &'a [String],
    data: serde_json::Value,
    at: DateTime<Utc>,
}

/// One delivery of `event` for every live subscription that sees it.
async fn enqueue(conn: &impl ConnectionTrait, subscribers: &Subscribers, event: Event<'_>) -> Result<(), AppError> {
    let Event { kind, unit, day, areas, data, at } = event;
    let mut wanted: Vec<&sub::Model> = subscribers
        .0
        .iter()
        .filter(|s| s.aggregator_id.is_some() || s.area_code.as_ref().is_some_and(|a| areas.contains(a)))
        .filter(|s| EventType::split(&s.events).contains(&kind))
        .collect();
    if wanted.is_empty() {
        return Ok(());
    }
    // Associations see their members' events only while they are members.
    if wanted.iter().any(|s| s.aggregator_id.is_some()) {
        let members: Vec<i32> = match unit {
            ReportUnit::Facility(id) => membership::Entity::find()
                .filter(membership::Column::FacilityId.eq(id))
                .all(conn)
                .await?
                .into_iter()
                .filter(|m| covers(m.valid_from, m.valid_to, day))
                .map(|m| m.aggregator_id)
                .collect(),
            ReportUnit::Centre(_) => Vec::new(),
        };
        wanted.retain(|s| s.aggregator_id.is_none_or(|a| members.contains(&a)));
    }
    let payload = serde_json::json!({ "type": kind.code(), "timestamp": at, "data": data }).to_string();
    let event_id = format!("msg_{}", uuid::Uuid::new_v4().simple());
    let rows = wanted.into_iter().map(|s| delivery::ActiveModel {
        id: NotSet,
        subscription_id: Set(s.id),
        event_id: Set(event_id.clone()),
        event_type: Set(kind.code().to_owned()),
        payload: Set(payload.clone()),
        created_at: Set(at),
        state: Set(DeliveryState::Pending.code().to_owned()),
        attempts: Set(0),
        next_attempt_at: Set(at),
        claimed_until: Set(None),
        last_status: Set(None),
        last_error: Set(None),
        delivered_at: Set(None),
    });
    delivery::Entity::insert_many(rows).exec_without_returning(conn).await?;
    Ok(())
}

/// The Standard Webhooks signature header value for `body` sent as message
/// `id` at unix time `timestamp` with `secret` (`whsec_` and base64).
pub fn signature(secret: &str, id: &str, timestamp: i64, body: &str) -> Option<String> {
    let key = base64::engine::general_purpose::STANDARD.decode(secret.strip_prefix("whsec_")?).ok()?;
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).ok()?;
    mac.update(format!("{id}.{timestamp}.{body}").as_bytes());
    Some(format!("v1,{}", base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())))
}

/// What a worker pass did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pass {
    pub delivered: usize,
    pub failed: usize,
}

/// Sends every delivery due at `now` that no other worker holds.
pub async fn deliver_due(
    db: &DatabaseConnection,
    client: &reqwest::Client,
    now: DateTime<Utc>,
) -> Result<Pass, AppError> {
    let unclaimed =
        || Condition::any().add(delivery::Column::ClaimedUntil.is_null()).add(delivery::Column::ClaimedUntil.lt(now));
    let pending = DeliveryState::Pending.code();
    let due = delivery::Entity::find()
        .filter(delivery::Column::State.eq(pending))
        .filter(delivery::Column::NextAttemptAt.lte(now))
        .filter(unclaimed())
        .order_by_asc(delivery::Column::Id)
        .limit(BATCH)
        .all(db)
        .await?;
    let mut pass = Pass::default();
    for row in due {
        let claim = delivery::Entity::update_many()
            .col_expr(delivery::Column::ClaimedUntil, Expr::value(now + CLAIM))
            .filter(delivery::Column::Id.eq(row.id))
            .filter(delivery::Column::State.eq(pending))
            .filter(delivery::Column::NextAttemptAt.lte(now))
            .filter(unclaimed())
            .exec(db)
            .await?;
        if claim.rows_affected != 1 {
            continue; // another worker took it
        }
        let Some(subscription) = sub::Entity::find_by_id(row.subscription_id).first(db).await? else { continue };
        if subscription.deleted_at.is_some() || subscription.disabled_at.is_some() {
            finish(db, &row, DeliveryState::Failed, None, Some("endpoint removed or disabled".into()), now).await?;
            pass.failed += 1;
            continue;
        }
        match post(client, &subscription, &row).await {
            Ok(status) => {
                finish(db, &row, DeliveryState::Delivered, Some(status), None, now).await?;
                if subscription.failing_since.is_some() {
                    sub::Entity::update_many()
                        .col_expr(sub::Column::FailingSince, Expr::value(Option::<DateTime<Utc>>::None))
                        .filter(sub::Column::Id.eq(subscription.id))
                        .exec(db)
                        .await?;
                }
                pass.delivered += 1;
            }
            Err((status, error)) => {
                tracing::warn!(delivery = row.id, status, "webhook delivery failed; will retry");
                failed(db, &row, &subscription, status, error, now).await?;
                pass.failed += 1;
            }
        }
    }
    Ok(pass)
}

/// Posts one delivery; the status of a 2xx answer, or what went wrong.
async fn post(
    client: &reqwest::Client,
    subscription: &sub::Model,
    row: &delivery::Model,
) -> Result<i32, (Option<i32>, String)> {
    // Signed with the real time: receivers compare it with their own clock.
    let timestamp = Utc::now().timestamp();
    let signature = signature(&subscription.secret, &row.event_id, timestamp, &row.payload)
        .ok_or((None, "bad secret".to_owned()))?;
    let answer = client
        .post(&subscription.url)
        .timeout(POST_TIMEOUT)
        .header("content-type", "application/json")
        .header("user-agent", "G-MIS-Webhooks/1")
        .header("webhook-id", &row.event_id)
        .header("webhook-timestamp", timestamp.to_string())
        .header("webhook-signature", signature)
        .body(row.payload.clone())
        .send()
        .await;
    match answer {
        Ok(res) if res.status().is_success() => Ok(i32::from(res.status().as_u16())),
        Ok(res) => Err((Some(i32::from(res.status().as_u16())), format!("HTTP {}", res.status().as_u16()))),
        // The error's text names the URL and the cause, never the secret.
        Err(e) => Err((None, e.to_string().chars().take(300).collect())),
    }
}

async fn finish(
    db: &DatabaseConnection,
    row: &delivery::Model,
    state: DeliveryState,
    status: Option<i32>,
    error: Option<String>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    delivery::Entity::update(delivery::ActiveModel {
        id: Set(row.id),
        state: Set(state.code().to_owned()),
        attempts: Set(row.attempts + 1),
        claimed_until: Set(None),
        last_status: Set(status),
        last_error: Set(error),
        delivered_at: Set((state == DeliveryState::Delivered).then_some(now)),
        ..Default::default()
    })
    .exec(db)
    .await?;
    Ok(())
}

/// Records a failed attempt: the next one on the schedule, or given up; an
/// endpoint failing for [`RETRY_FOR`] is disabled and its owner mailed.
async fn failed(
    db: &DatabaseConnection,
    row: &delivery::Model,
    subscription: &sub::Model,
    status: Option<i32>,
    error: String,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let attempts = row.attempts + 1;
    let txn = sea_orm::TransactionTrait::begin(db).await?;
    let mut update = delivery::ActiveModel {
        id: Set(row.id),
        attempts: Set(attempts),
        claimed_until: Set(None),
        last_status: Set(status),
        last_error: Set(Some(error)),
        ..Default::default()
    };
    match retry_after(attempts) {
        Some(wait) => update.next_attempt_at = Set(now + wait),
        None => update.state = Set(DeliveryState::Failed.code().to_owned()),
    }
    delivery::Entity::update(update).exec(&txn).await?;
    let since = subscription.failing_since.unwrap_or(now);
    if now - since >= RETRY_FOR {
        disable(&txn, subscription, since, now).await?;
    } else if subscription.failing_since.is_none() {
        sub::Entity::update_many()
            .col_expr(sub::Column::FailingSince, Expr::value(now))
            .filter(sub::Column::Id.eq(subscription.id))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Disables an endpoint that has failed since `since` and mails its owner.
async fn disable(
    conn: &(impl ConnectionTrait + TransactionTrait),
    subscription: &sub::Model,
    since: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    sub::Entity::update_many()
        .col_expr(sub::Column::DisabledAt, Expr::value(now))
        .filter(sub::Column::Id.eq(subscription.id))
        .exec(conn)
        .await?;
    let owner = user::Entity::find_by_id(subscription.user_id).first(conn).await?;
    let mut entry =
        AuditEntry::new(AuditAction::WebhookDisabled, None, "webhooks").target("webhook", subscription.id.to_string());
    entry.detail = Some(serde_json::json!({ "url": subscription.url, "failing_since": since }));
    audit::record(conn, entry).await?;
    if let Some(owner) = owner
        && let Some(to) = owner.email.clone()
    {
        let mail = crate::i18n::in_locale(crate::server::auth::mail_locale(&owner), || {
            let t = crate::i18n::t().webhooks();
            let since = crate::domain::time::format_datetime(since);
            crate::server::mail::OutgoingMail {
                to,
                subject: t.disabled_subject.to_owned(),
                body: (t.disabled_body)(&subscription.url, &since),
            }
        });
        crate::server::mail::enqueue(conn, mail).await?;
    }
    tracing::warn!(webhook = subscription.id, "webhook endpoint disabled after failing for a day");
    Ok(())
}

/// The HTTP client deliveries go through. Redirects are not followed: an
/// endpoint answers where it was registered, or the attempt fails.
pub fn client() -> Result<reqwest::Client, reqwest::Error> {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build()
}

/// The worker of `gmis serve`: a pass every `every` until `stop`.
pub async fn run_worker(
    db: DatabaseConnection,
    clock: crate::server::clock::Clock,
    every: std::time::Duration,
    stop: crate::server::jobs::Stop,
) {
    let client = match client() {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(error = %e, "webhook client could not start; no webhooks will be sent");
            return;
        }
    };
    crate::server::jobs::run_every(every, stop, || async {
        match deliver_due(&db, &client, clock.now()).await {
            Ok(p) if p.delivered + p.failed > 0 => {
                tracing::info!(delivered = p.delivered, failed = p.failed, "webhook outbox pass");
            }
            Ok(_) => {}
            Err(_) => tracing::warn!("webhook outbox pass failed; retrying on the next tick"),
        }
    })
    .await;
}

fn to_subscription(row: sub::Model) -> Subscription {
    Subscription {
        id: row.id,
        events: EventType::split(&row.events),
        url: row.url,
        created_at: row.created_at,
        failing_since: row.failing_since,
        disabled_at: row.disabled_at,
    }
}

fn to_delivery(row: delivery::Model) -> Delivery {
    let state = DeliveryState::from_code(&row.state);
    Delivery {
        id: row.id,
        event_id: row.event_id,
        event_type: row.event_type,
        state,
        attempts: row.attempts,
        created_at: row.created_at,
        next_attempt_at: (state == DeliveryState::Pending).then_some(row.next_attempt_at),
        last_status: row.last_status,
        last_error: row.last_error,
        delivered_at: row.delivered_at,
    }
}
