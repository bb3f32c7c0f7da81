//! Scheduled maintenance (SPEC §5): scheduling, changing and cancelling
//! windows (ministry administrators in the browser, operators from the
//! shell), and [`Schedule`], the few-seconds cache of the windows that the
//! maintenance middleware, the banner and the report periods read.
//!
//! The windows live in the database, so every instance agrees; each instance
//! reads them again at most [`TTL`] after the last read, and at once after a
//! change it made itself.

use crate::domain::error::AppError;
use crate::domain::maintenance::{Banner, MaintenancePlan, Window, WindowInput, check_window};
use crate::domain::roles::{Actor, Role};
use crate::server::audit::{self, AuditAction, AuditEntry};
use crate::server::authz::require_role;
use crate::server::context::AppState;
use crate::server::db::FirstRow;
use crate::server::entities::maintenance_window;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, Set,
};
use std::sync::{Arc, RwLock};
use std::time::Instant;

/// How long an instance trusts the windows it read.
pub const TTL: std::time::Duration = std::time::Duration::from_secs(5);

/// How far back windows still matter (their days may be back-entered).
const HISTORY_DAYS: i64 = 400;

/// Windows read at an instant.
type Snapshot = (Instant, Arc<Vec<Window>>);

/// The windows not long over, cached for [`TTL`]; cheap to clone.
#[derive(Clone, Debug)]
pub struct Schedule {
    cached: Arc<RwLock<Option<Snapshot>>>,
    /// How long before a window the banner shows (`GMIS_MAINTENANCE_LEAD_DAYS`).
    pub lead: Duration,
    clock: crate::server::clock::Clock,
}

impl Schedule {
    pub fn new(lead: Duration, clock: crate::server::clock::Clock) -> Schedule {
        Schedule { cached: Arc::new(RwLock::new(None)), lead, clock }
    }

    /// The windows that ended less than [`HISTORY_DAYS`] ago or are still to
    /// come, soonest first.
    pub async fn windows(&self, db: &impl ConnectionTrait) -> Result<Arc<Vec<Window>>, AppError> {
        if let Ok(guard) = self.cached.read()
            && let Some((at, windows)) = guard.as_ref()
            && at.elapsed() < TTL
        {
            return Ok(windows.clone());
        }
        let since = self.clock.now() - Duration::days(HISTORY_DAYS);
        let windows: Arc<Vec<Window>> = Arc::new(
            maintenance_window::Entity::find()
                .filter(maintenance_window::Column::EndsAt.gt(since))
                .order_by_asc(maintenance_window::Column::StartsAt)
                .all(db)
                .await?
                .into_iter()
                .map(window_of)
                .collect(),
        );
        if let Ok(mut guard) = self.cached.write() {
            *guard = Some((Instant::now(), windows.clone()));
        }
        Ok(windows)
    }

    /// Forgets the cached windows (after this instance changed them).
    pub fn invalidate(&self) {
        if let Ok(mut guard) = self.cached.write() {
            *guard = None;
        }
    }

    /// The window in force at `now`, if any.
    pub async fn current(&self, db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<Option<Window>, AppError> {
        Ok(self.windows(db).await?.iter().find(|w| w.contains(now)).cloned())
    }

    /// The banner every page shows from the lead time before a window.
    pub async fn banner(&self, db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<Option<Banner>, AppError> {
        Ok(self
            .windows(db)
            .await?
            .iter()
            .find(|w| w.banner_due(now, self.lead))
            .map(|w| Banner { range: w.range_text(), message: w.message.clone() }))
    }
}

fn window_of(m: maintenance_window::Model) -> Window {
    Window { id: m.id, start: m.starts_at, end: m.ends_at, message: m.message }
}

/// Windows not over yet, for the administration page and `gmis maintenance list`.
pub async fn plan(state: &AppState, actor: &Actor, now: DateTime<Utc>) -> Result<MaintenancePlan, AppError> {
    require_role(&state.db, actor, &[Role::MinistryAdmin], "maintenance.list").await?;
    upcoming(state, now).await
}

async fn upcoming(state: &AppState, now: DateTime<Utc>) -> Result<MaintenancePlan, AppError> {
    let windows = maintenance_window::Entity::find()
        .filter(maintenance_window::Column::EndsAt.gt(now))
        .order_by_asc(maintenance_window::Column::StartsAt)
        .all(&state.db)
        .await?
        .into_iter()
        .map(window_of)
        .collect();
    let lead_days = u32::try_from(state.maintenance.lead.num_days()).unwrap_or(0);
    Ok(MaintenancePlan { windows, now, lead_days })
}

/// Who changes the schedule: an administrator, or an operator at the shell.
pub enum Operator<'a> {
    Admin(&'a Actor),
    Shell,
}

impl Operator<'_> {
    fn entry(&self, action: AuditAction) -> AuditEntry {
        match self {
            Operator::Admin(a) => AuditEntry::new(action, Some(a.user_id.0), a.login_id.as_str()),
            Operator::Shell => AuditEntry::new(action, None, "gmis maintenance"),
        }
    }

    fn user_id(&self) -> Option<i32> {
        match self {
            Operator::Admin(a) => Some(a.user_id.0),
            Operator::Shell => None,
        }
    }
}

async fn authorize(db: &DatabaseConnection, operator: &Operator<'_>, what: &str) -> Result<(), AppError> {
    match operator {
        Operator::Admin(actor) => require_role(db, actor, &[Role::MinistryAdmin], what).await,
        Operator::Shell => Ok(()),
    }
}

/// Schedules a new window or changes one that has not started. Refused,
/// with a message per field, when it is in the past, backwards, too long,
/// without a message or overlapping another window.
pub async fn save(
    state: &AppState,
    operator: Operator<'_>,
    input: WindowInput,
    now: DateTime<Utc>,
) -> Result<Window, AppError> {
    let db = &state.db;
    authorize(db, &operator, "maintenance.save").await?;
    let (start, end) = input.times().map_err(AppError::Validation)?;
    store(state, operator, input.id, (start, end), input.message.trim(), now).await
}

/// [`save`] from the shell, which takes RFC 3339 times.
pub async fn save_from_shell(
    state: &AppState,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    message: &str,
    now: DateTime<Utc>,
) -> Result<Window, AppError> {
    store(state, Operator::Shell, None, (start, end), message.trim(), now).await
}

async fn store(
    state: &AppState,
    operator: Operator<'_>,
    id: Option<i32>,
    (start, end): (DateTime<Utc>, DateTime<Utc>),
    message: &str,
    now: DateTime<Utc>,
) -> Result<Window, AppError> {
    let txn = state.writer.begin().await?;
    let existing = match id {
        Some(id) => {
            let row = maintenance_window::Entity::find_by_id(id).first(&txn).await?.ok_or(AppError::NotFound)?;
            if row.starts_at <= now {
                return Err(AppError::Conflict(crate::i18n::t().maintenance().not_editable.to_owned()));
            }
            Some(row)
        }
        None => None,
    };
    let others: Vec<Window> = maintenance_window::Entity::find()
        .filter(maintenance_window::Column::EndsAt.gt(now - Duration::days(1)))
        .all(&txn)
        .await?
        .into_iter()
        .filter(|w| Some(w.id) != id)
        .map(window_of)
        .collect();
    check_window(start, end, message, now, &others).map_err(AppError::Validation)?;
    let (row, action, old) = match existing {
        Some(row) => {
            let old = serde_json::json!({ "start": row.starts_at, "end": row.ends_at, "message": row.message });
            let mut active = row.into_active_model();
            active.starts_at = Set(start);
            active.ends_at = Set(end);
            active.message = Set(message.to_owned());
            active.updated_at = Set(now);
            (active.update(&txn).await?, AuditAction::MaintenanceChanged, Some(old))
        }
        None => {
            let row = maintenance_window::ActiveModel {
                id: NotSet,
                starts_at: Set(start),
                ends_at: Set(end),
                message: Set(message.to_owned()),
                created_by: Set(operator.user_id()),
                updated_at: Set(now),
            }
            .insert(&txn)
            .await?;
            (row, AuditAction::MaintenanceScheduled, None)
        }
    };
    let mut entry = operator.entry(action).target("maintenance_window", row.id.to_string());
    entry.detail = Some(serde_json::json!({ "start": start, "end": end, "message": message, "old": old }));
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    state.maintenance.invalidate();
    Ok(window_of(row))
}

/// Cancels a window that has not started.
pub async fn cancel(state: &AppState, operator: Operator<'_>, id: i32, now: DateTime<Utc>) -> Result<(), AppError> {
    let db = &state.db;
    authorize(db, &operator, "maintenance.cancel").await?;
    let txn = state.writer.begin().await?;
    let row = maintenance_window::Entity::find_by_id(id).first(&txn).await?.ok_or(AppError::NotFound)?;
    if row.starts_at <= now {
        return Err(AppError::Conflict(crate::i18n::t().maintenance().not_editable.to_owned()));
    }
    maintenance_window::Entity::delete_by_id(id).exec(&txn).await?;
    let mut entry = operator.entry(AuditAction::MaintenanceCancelled).target("maintenance_window", id.to_string());
    entry.detail = Some(serde_json::json!({ "start": row.starts_at, "end": row.ends_at, "message": row.message }));
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    state.maintenance.invalidate();
    Ok(())
}

/// Ends the window in force now (`gmis maintenance end`): it is kept, with
/// `now` as its end, so that its days stay enterable afterwards. Returns the
/// ended window, or `None` when none was in force.
pub async fn end_now(state: &AppState, now: DateTime<Utc>) -> Result<Option<Window>, AppError> {
    let txn = state.writer.begin().await?;
    let current = maintenance_window::Entity::find()
        .filter(maintenance_window::Column::StartsAt.lte(now))
        .filter(maintenance_window::Column::EndsAt.gt(now))
        .first(&txn)
        .await?;
    let Some(row) = current else { return Ok(None) };
    let old_end = row.ends_at;
    let mut active = row.into_active_model();
    active.ends_at = Set(now);
    active.updated_at = Set(now);
    let row = active.update(&txn).await?;
    let mut entry =
        Operator::Shell.entry(AuditAction::MaintenanceEnded).target("maintenance_window", row.id.to_string());
    entry.detail = Some(serde_json::json!({ "planned_end": old_end, "ended": now }));
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    state.maintenance.invalidate();
    Ok(Some(window_of(row)))
}

/// Windows not over yet, for the shell.
pub async fn list_for_shell(state: &AppState, now: DateTime<Utc>) -> Result<Vec<Window>, AppError> {
    Ok(upcoming(state, now).await?.windows)
}
