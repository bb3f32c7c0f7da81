//! Medical supplies (SPEC §4): the facility's overview of its stock and
//! requests, emergency distribution requests (SOS) and their workflow, and
//! the reviewers' queue with its CSV download.
//!
//! The weekly stock survey is saved by [`crate::server::reports::submit`]
//! like every report; this service reads it for days of stock. Who may act on
//! a request is decided once, in [`side_of`]: the facility itself or an
//! association it is a member of (the requester side), the prefecture it is
//! in or the ministry (the reviewer side). Every state change goes through
//! [`crate::domain::supplies::next_state`], commits with its event row, audit
//! row and mail to the requester, and is refused as a whole otherwise.

use crate::domain::error::AppError;
// Typed text made safe for spreadsheets, as in every download.
use crate::domain::maintenance::deadline_clash;
use crate::domain::memberships::covers;
use crate::domain::reports::{PeriodKind, ReportUnit, SubmissionId};
use crate::domain::roles::{Actor, Role, Scope};
use crate::domain::supplies::{
    Batch, CheckedStep, SosActionInput, SosEvent, SosForm, SosInput, SosLine, SosOutcome, SosQueue, SosQueueFilter,
    SosRequestView, SosSide, SosSort, SosState, SupplyOverview, SupplyRules, SupplyUnit, check_action, check_request,
    next_state, steps_for, stock_levels,
};
use crate::domain::surveys::SurveyKind;
use crate::domain::time::{format_date, format_datetime, japan_date};
use crate::server::area::downloads::safe as cell;
use crate::server::audit::{self, AuditAction, AuditEntry};
use crate::server::authz::require_role;
use crate::server::context::AppState;
use crate::server::db::FirstRow;
use crate::server::entities::{facility, membership, municipality, sos_event, sos_line, sos_request, user};
use crate::server::mail::{self, OutgoingMail};
use crate::server::reports::{facilities_of, is_unique_violation, latest, own_unit, permit, user_labels};
use chrono::{DateTime, Days, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::NotSet, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionTrait,
};
use std::collections::BTreeMap;

/// Requests listed on the overview (the newest first).
const OVERVIEW_REQUESTS: u64 = 100;
/// How old a weekly report may be to count as the current stock picture.
const STOCK_WEEKS: u64 = 2;

/// The first week whose report still counts as the current stock picture.
fn stock_since(today: NaiveDate) -> NaiveDate {
    let this_week = PeriodKind::Week.start_of(today);
    this_week.checked_sub_days(Days::new(7 * (STOCK_WEEKS - 1))).unwrap_or(this_week)
}

/// The user's facilities with their latest stock picture, and their requests.
pub async fn overview(state: &AppState, actor: &Actor, now: DateTime<Utc>) -> Result<SupplyOverview, AppError> {
    let db = &state.db;
    require_role(db, actor, &[Role::Facility, Role::Aggregator], "supplies.overview").await?;
    let today = japan_date(now);
    let threshold = state.supplies.threshold_days;
    let facilities = facilities_of(db, actor, today).await?;
    let mut units = Vec::with_capacity(facilities.len());
    for f in &facilities {
        let unit = ReportUnit::Facility(f.id);
        let latest = latest(db, unit, SurveyKind::SuppliesWeekly, stock_since(today)).await?;
        units.push(SupplyUnit {
            unit,
            name: f.name.clone(),
            medical_code: f.medical_code.clone(),
            latest_week: latest.as_ref().map(|(week, _)| *week),
            low: latest
                .map(|(_, answers)| stock_levels(&answers, threshold).into_iter().filter(|l| l.low).map(|l| l.supply))
                .into_iter()
                .flatten()
                .collect(),
        });
    }
    let rows = sos_request::Entity::find()
        .filter(sos_request::Column::FacilityId.is_in(facilities.iter().map(|f| f.id)))
        .order_by_desc(sos_request::Column::CreatedAt)
        .limit(OVERVIEW_REQUESTS)
        .all(db)
        .await?;
    let requests = views(db, &state.supplies, rows, Some(SosSide::Requester), now).await?;
    let batch = state.supplies.batch_for(now);
    let deadline_warning = batch_warning(state, &batch, now).await?;
    Ok(SupplyOverview { units, requests, batch, deadline_warning })
}

/// The warning for a batch whose collection time a maintenance window cuts into.
async fn batch_warning(state: &AppState, batch: &Batch, now: DateTime<Utc>) -> Result<Option<String>, AppError> {
    let windows = state.maintenance.windows(&state.db).await?;
    let clash = deadline_clash(state.supplies.opens(batch), batch.deadline, now, &windows);
    Ok(clash.map(|c| c.message(batch.deadline)))
}

/// Why a request made at `now` does not join today's batch, if it does not.
fn batch_note(rules: &SupplyRules, now: DateTime<Utc>, batch: &Batch) -> Option<String> {
    let s = crate::i18n::t().supply_pages();
    let today = japan_date(now);
    if batch.date == today {
        return None;
    }
    Some(match rules.calendar.holiday(today) {
        Some(name) => (s.batch_note_holiday)(name),
        None if !rules.calendar.is_working_day(today) => s.batch_note_weekend.to_owned(),
        None => (s.batch_note_after_cutoff)(&rules.cutoff.format("%-H:%M").to_string()),
    })
}

/// The facility named by `unit` (default: the user's own), if the actor may
/// request for it today.
async fn requesting_unit(
    db: &DatabaseConnection,
    actor: &Actor,
    unit: Option<&str>,
    today: NaiveDate,
) -> Result<(ReportUnit, String, bool), AppError> {
    let unit = match unit.filter(|u| !u.is_empty()) {
        Some(key) => ReportUnit::from_key(key).ok_or(AppError::NotFound)?,
        None => own_unit(actor).ok_or(AppError::NotFound)?,
    };
    let permitted = permit(db, actor, unit, today).await?;
    if !permitted.facility {
        return Err(AppError::field("unit", crate::i18n::t().supply_pages().hospital_or_clinic_only));
    }
    Ok((unit, permitted.name, permitted.on_behalf))
}

/// The new-request form: the batch a request made now joins and why, and the
/// stock picture of the latest weekly report (for prefilling).
pub async fn form(
    state: &AppState,
    actor: &Actor,
    unit: Option<&str>,
    now: DateTime<Utc>,
) -> Result<SosForm, AppError> {
    let db = &state.db;
    require_role(db, actor, &[Role::Facility, Role::Aggregator], "supplies.sos_form").await?;
    let today = japan_date(now);
    let (unit, unit_name, _) = requesting_unit(db, actor, unit, today).await?;
    let rules = &state.supplies;
    let batch = rules.batch_for(now);
    let latest = latest(db, unit, SurveyKind::SuppliesWeekly, stock_since(today)).await?;
    let deadline_warning = batch_warning(state, &batch, now).await?;
    Ok(SosForm {
        deadline_warning,
        unit,
        unit_name,
        batch_note: batch_note(rules, now, &batch),
        batch,
        stock_week: latest.as_ref().map(|(week, _)| *week),
        levels: latest.map(|(_, answers)| stock_levels(&answers, rules.threshold_days)).unwrap_or_default(),
        threshold_days: rules.threshold_days,
        submission_id: uuid::Uuid::new_v4().to_string(),
    })
}

/// Makes a request. The same submission id again returns the first request;
/// when the cut-off passed since the form was loaded, nothing is saved and
/// the batch it would now join is returned ([`SosOutcome::BatchMoved`]).
/// The request, its lines, its first event, the audit row and the mail to
/// the requester commit together.
pub async fn create(
    state: &AppState,
    actor: &Actor,
    input: SosInput,
    now: DateTime<Utc>,
) -> Result<SosOutcome, AppError> {
    let db = &state.db;
    require_role(db, actor, &[Role::Facility, Role::Aggregator], "supplies.sos_create").await?;
    let submission = SubmissionId::require(&input.submission_id)?;
    let today = japan_date(now);
    let (unit, _, on_behalf) = requesting_unit(db, actor, Some(&input.unit.key()), today).await?;
    let ReportUnit::Facility(facility_id) = unit else { return Err(AppError::Forbidden) };
    if let Some(outcome) = repeated(db, &state.supplies, &submission, facility_id).await? {
        return Ok(outcome);
    }
    let lines = check_request(&input).map_err(AppError::Validation)?;
    let batch = state.supplies.batch_for(now);
    if input.expected_batch.is_some_and(|b| b != batch.date) {
        return Ok(SosOutcome::BatchMoved(batch));
    }
    let f = facility::Entity::find_by_id(facility_id).first(db).await?.ok_or(AppError::NotFound)?;
    let min_days = lines.iter().map(|l| l.days_of_stock).min().unwrap_or_default();
    let txn = state.writer.begin().await?;
    let inserted = sos_request::Entity::insert(sos_request::ActiveModel {
        id: NotSet,
        facility_id: Set(facility_id),
        prefecture_code: Set(f.prefecture_code.clone()),
        municipality_code: Set(f.municipality_code.clone()),
        submission_id: Set(submission.as_str().to_owned()),
        batch_date: Set(batch.date),
        state: Set(SosState::Submitted),
        revision: Set(1),
        min_days_of_stock: Set(i32::try_from(min_days).unwrap_or(i32::MAX)),
        reason: Set(input.reason.trim().to_owned()),
        requested_by: Set(actor.user_id.0),
        on_behalf: Set(on_behalf),
        reject_reason: Set(None),
        shipped_on: Set(None),
        carrier: Set(None),
        tracking: Set(None),
        receipt_note: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec(&txn)
    .await;
    let id = match inserted {
        Ok(r) => r.last_insert_id,
        Err(e) if is_unique_violation(&e) => {
            drop(txn);
            // A copy of this submission got there first.
            return repeated(db, &state.supplies, &submission, facility_id).await?.ok_or(AppError::Internal);
        }
        Err(e) => return Err(e.into()),
    };
    sos_line::Entity::insert_many(lines.iter().map(|l| sos_line::ActiveModel {
        id: NotSet,
        request_id: Set(id),
        supply: Set(l.supply),
        quantity: Set(l.quantity),
        days_of_stock: Set(i32::try_from(l.days_of_stock).unwrap_or(i32::MAX)),
        shipped: Set(None),
        received: Set(None),
    }))
    .exec_without_returning(&txn)
    .await?;
    record_event(&txn, id, None, SosState::Submitted, actor, now, None).await?;
    let mut entry = AuditEntry::new(AuditAction::SosRequested, Some(actor.user_id.0), actor.login_id.as_str())
        .target("sos_request", id.to_string());
    entry.detail = Some(serde_json::json!({
        "facility": facility_id,
        "batch": batch.date,
        "on_behalf": on_behalf,
        "lines": lines,
        "reason": input.reason.trim(),
    }));
    audit::record(&txn, entry).await?;
    let request = sos_request::Entity::find_by_id(id).first(&txn).await?.ok_or(AppError::Internal)?;
    notify(&txn, state, &request, &f).await?;
    crate::server::webhooks::enqueue_sos(&txn, &request, now).await?;
    txn.commit().await?;
    Ok(SosOutcome::Created { id, batch, repeated: false })
}

/// The first result of a submission id already used for this facility; an
/// id used for another facility is refused (a client bug, never merged).
async fn repeated(
    db: &DatabaseConnection,
    rules: &SupplyRules,
    submission: &SubmissionId,
    facility_id: i32,
) -> Result<Option<SosOutcome>, AppError> {
    let Some(existing) =
        sos_request::Entity::find().filter(sos_request::Column::SubmissionId.eq(submission.as_str())).first(db).await?
    else {
        return Ok(None);
    };
    if existing.facility_id != facility_id {
        return Err(AppError::Conflict(crate::i18n::t().report_submission_reused.to_owned()));
    }
    Ok(Some(SosOutcome::Created { id: existing.id, batch: rules.batch_on(existing.batch_date), repeated: true }))
}

async fn record_event(
    conn: &impl ConnectionTrait,
    request_id: i32,
    from: Option<SosState>,
    to: SosState,
    actor: &Actor,
    at: DateTime<Utc>,
    note: Option<String>,
) -> Result<(), AppError> {
    sos_event::Entity::insert(sos_event::ActiveModel {
        id: NotSet,
        request_id: Set(request_id),
        from_state: Set(from),
        to_state: Set(to),
        actor_id: Set(Some(actor.user_id.0)),
        at: Set(at),
        note: Set(note),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// Which side of `request` the actor is on; anyone else is audited and refused.
async fn side_of(
    conn: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    request: Option<&sos_request::Model>,
    today: NaiveDate,
) -> Result<SosSide, AppError> {
    if let Some(r) = request {
        let side = match &actor.scope {
            Scope::Facility(id) if id.0 == r.facility_id => Some(SosSide::Requester),
            Scope::Aggregator(agg) => {
                let asked_on = japan_date(r.created_at);
                let member = membership::Entity::find()
                    .filter(membership::Column::AggregatorId.eq(agg.0))
                    .filter(membership::Column::FacilityId.eq(r.facility_id))
                    .all(conn)
                    .await?
                    .iter()
                    .any(|m| covers(m.valid_from, m.valid_to, today) || covers(m.valid_from, m.valid_to, asked_on));
                member.then_some(SosSide::Requester)
            }
            Scope::Prefecture(code) if code.as_str() == r.prefecture_code => Some(SosSide::Reviewer),
            Scope::National if actor.role == Role::MinistryAdmin => Some(SosSide::Reviewer),
            _ => None,
        };
        if let Some(side) = side {
            return Ok(side);
        }
    }
    let what = format!("sos_request {}", request.map_or(0, |r| r.id));
    require_role(conn, actor, &[], &what).await?;
    Err(AppError::Forbidden)
}

/// One request with its timeline and the steps the actor may take.
pub async fn detail(state: &AppState, actor: &Actor, id: i32, now: DateTime<Utc>) -> Result<SosRequestView, AppError> {
    let db = &state.db;
    let request = sos_request::Entity::find_by_id(id).first(db).await?;
    let side = side_of(db, actor, request.as_ref(), japan_date(now)).await?;
    let request = request.ok_or(AppError::NotFound)?;
    let events = sos_event::Entity::find()
        .filter(sos_event::Column::RequestId.eq(id))
        .order_by_asc(sos_event::Column::Id)
        .all(db)
        .await?;
    let labels = user_labels(db, events.iter().filter_map(|e| e.actor_id)).await?;
    let mut view = views(db, &state.supplies, vec![request], Some(side), now).await?.pop().ok_or(AppError::Internal)?;
    view.events = events
        .into_iter()
        .map(|e| SosEvent {
            from: e.from_state,
            to: e.to_state,
            by: match e.actor_id {
                Some(id) => labels.get(&id).cloned().unwrap_or_default(),
                None => crate::i18n::t().supply_pages().previous_system.to_owned(),
            },
            at: e.at,
            note: e.note,
        })
        .collect();
    Ok(view)
}

/// Takes one step of the workflow. Refused as a whole — with a message that
/// says why — when the actor is not on the step's side, the step is not
/// possible from the current state, someone acted since the user looked
/// (`revision`), or the details are invalid.
pub async fn act(
    state: &AppState,
    actor: &Actor,
    input: SosActionInput,
    now: DateTime<Utc>,
) -> Result<SosRequestView, AppError> {
    let db = &state.db;
    let s = crate::i18n::t().supplies();
    let today = japan_date(now);
    let request = sos_request::Entity::find_by_id(input.request_id).first(db).await?;
    let side = side_of(db, actor, request.as_ref(), today).await?;
    let request = request.ok_or(AppError::NotFound)?;
    if input.step.side() != side {
        require_role(db, actor, &[], &format!("sos_request {} {:?}", request.id, input.step)).await?;
    }
    let to = next_state(request.state, input.step).map_err(AppError::Conflict)?;
    if input.revision != request.revision {
        return Err(AppError::Conflict(s.stale.to_owned()));
    }
    let lines = lines_of(db, &[request.id]).await?.remove(&request.id).unwrap_or_default();
    let checked = check_action(&input, &lines, japan_date(request.created_at), today).map_err(AppError::Validation)?;

    let txn = state.writer.begin().await?;
    let mut update = sos_request::Entity::update_many()
        .col_expr(sos_request::Column::State, Expr::value(to))
        .col_expr(sos_request::Column::Revision, Expr::value(request.revision + 1))
        .col_expr(sos_request::Column::UpdatedAt, Expr::value(now));
    let mut quantities = BTreeMap::new();
    let mut note = (!input.note.trim().is_empty()).then(|| input.note.trim().to_owned());
    match &checked {
        CheckedStep::Reject { reason } => {
            update = update.col_expr(sos_request::Column::RejectReason, Expr::value(reason.clone()));
        }
        CheckedStep::Ship { quantities: q, shipped_on, carrier, tracking } => {
            update = update
                .col_expr(sos_request::Column::ShippedOn, Expr::value(*shipped_on))
                .col_expr(sos_request::Column::Carrier, Expr::value(carrier.clone()))
                .col_expr(sos_request::Column::Tracking, Expr::value(tracking.clone()));
            quantities.clone_from(q);
            // Stored, and read in either language: the date as ISO 8601.
            note = Some(format!("{shipped_on} {carrier} {tracking}"));
        }
        CheckedStep::Receive { quantities: q, note: n } => {
            update = update.col_expr(sos_request::Column::ReceiptNote, Expr::value(n.clone()));
            quantities.clone_from(q);
        }
        CheckedStep::Accept | CheckedStep::Close | CheckedStep::Cancel => {}
    }
    let updated = update
        .filter(sos_request::Column::Id.eq(request.id))
        .filter(sos_request::Column::Revision.eq(request.revision))
        .exec(&txn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(AppError::Conflict(s.stale.to_owned()));
    }
    let column = if matches!(checked, CheckedStep::Ship { .. }) {
        sos_line::Column::Shipped
    } else {
        sos_line::Column::Received
    };
    for (supply, n) in &quantities {
        sos_line::Entity::update_many()
            .col_expr(column, Expr::value(*n))
            .filter(sos_line::Column::RequestId.eq(request.id))
            .filter(sos_line::Column::Supply.eq(*supply))
            .exec(&txn)
            .await?;
    }
    record_event(&txn, request.id, Some(request.state), to, actor, now, note.clone()).await?;
    let mut entry = AuditEntry::new(AuditAction::SosStepTaken, Some(actor.user_id.0), actor.login_id.as_str())
        .target("sos_request", request.id.to_string());
    entry.detail = Some(serde_json::json!({
        "from": request.state.code(),
        "to": to.code(),
        "note": note,
        "quantities": quantities.iter().map(|(s, n)| (s.code(), n)).collect::<BTreeMap<_, _>>(),
    }));
    audit::record(&txn, entry).await?;
    let changed = sos_request::Entity::find_by_id(request.id).first(&txn).await?.ok_or(AppError::Internal)?;
    let f = facility::Entity::find_by_id(changed.facility_id).first(&txn).await?.ok_or(AppError::Internal)?;
    notify(&txn, state, &changed, &f).await?;
    crate::server::webhooks::enqueue_sos(&txn, &changed, now).await?;
    txn.commit().await?;
    detail(state, actor, request.id, now).await
}

/// Mails the requester (their own address, else the facility's) the
/// request's new state, through the outbox in the same transaction.
async fn notify(
    txn: &impl ConnectionTrait,
    state: &AppState,
    request: &sos_request::Model,
    f: &facility::Model,
) -> Result<(), AppError> {
    let requester = user::Entity::find_by_id(request.requested_by).first(txn).await?;
    // In the requester's language at their own address; Japanese at the
    // facility's shared one.
    let own = requester.filter(|u| u.email.as_deref().is_some_and(|a| !a.is_empty()));
    let locale = own.as_ref().map(crate::server::auth::mail_locale).unwrap_or_default();
    let Some(to) = own.and_then(|u| u.email).or_else(|| f.email.clone()).filter(|a| !a.is_empty()) else {
        return Ok(());
    };
    let lines = lines_of(txn, &[request.id]).await?.remove(&request.id).unwrap_or_default();
    let mail = crate::i18n::in_locale(locale, || {
        let s = crate::i18n::t().supplies();
        let sp = crate::i18n::t().supply_pages();
        let batch = state.supplies.batch_on(request.batch_date);
        let mut body = (sp.mail_body)(
            &f.name,
            request.id,
            request.state.label(),
            &format_date(batch.date),
            &format_datetime(batch.deadline),
        );
        for l in &lines {
            let mut asides = String::new();
            if let Some(n) = l.shipped {
                asides.push_str(&(sp.aside)(s.shipped, &l.supply.amount(n)));
            }
            if let Some(n) = l.received {
                asides.push_str(&(sp.aside)(s.received, &l.supply.amount(n)));
            }
            body.push_str(&(sp.mail_line)(l.supply.label(), &l.supply.amount(l.quantity), &asides));
            body.push('\n');
        }
        let extra = match request.state {
            SosState::Rejected => request.reject_reason.clone().map(|r| format!("{}: {r}", s.reject_reason)),
            SosState::Shipped => Some(format!(
                "{}: {} / {}: {} / {}: {}",
                s.shipped_on,
                request.shipped_on.map(format_date).unwrap_or_default(),
                s.carrier,
                request.carrier.clone().unwrap_or_default(),
                s.tracking,
                request.tracking.clone().unwrap_or_default()
            )),
            SosState::Received => {
                request.receipt_note.clone().filter(|n| !n.is_empty()).map(|n| format!("{}: {n}", s.note))
            }
            _ => None,
        };
        if let Some(extra) = extra {
            body.push_str(&format!("\n{extra}\n"));
        }
        body.push_str(&(sp.mail_footer)(&format!("{}/supplies/requests/{}", state.public_url, request.id)));
        OutgoingMail { to, subject: (sp.mail_subject)(request.id, request.state.label()), body }
    });
    mail::enqueue(txn, mail).await
}

/// The lines of the given requests, by request id.
async fn lines_of(conn: &impl ConnectionTrait, ids: &[i32]) -> Result<BTreeMap<i32, Vec<SosLine>>, AppError> {
    let mut out: BTreeMap<i32, Vec<SosLine>> = BTreeMap::new();
    let rows =
        sos_line::Entity::find().filter(sos_line::Column::RequestId.is_in(ids.iter().copied())).all(conn).await?;
    for l in rows {
        out.entry(l.request_id).or_default().push(SosLine {
            supply: l.supply,
            quantity: l.quantity,
            days_of_stock: i64::from(l.days_of_stock),
            shipped: l.shipped,
            received: l.received,
        });
    }
    for lines in out.values_mut() {
        lines.sort_by_key(|l| l.supply);
    }
    Ok(out)
}

/// Requests as lists show them (no timeline); `side` gives the steps shown.
async fn views(
    db: &DatabaseConnection,
    rules: &SupplyRules,
    rows: Vec<sos_request::Model>,
    side: Option<SosSide>,
    now: DateTime<Utc>,
) -> Result<Vec<SosRequestView>, AppError> {
    let ids: Vec<i32> = rows.iter().map(|r| r.id).collect();
    let mut lines = lines_of(db, &ids).await?;
    let facilities: BTreeMap<i32, facility::Model> = facility::Entity::find()
        .filter(facility::Column::Id.is_in(rows.iter().map(|r| r.facility_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|f| (f.id, f))
        .collect();
    let municipalities: BTreeMap<String, String> = municipality::Entity::find()
        .filter(municipality::Column::Code.is_in(rows.iter().filter_map(|r| r.municipality_code.clone())))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.code, m.name))
        .collect();
    let labels = user_labels(db, rows.iter().map(|r| r.requested_by)).await?;
    let today = japan_date(now);
    Ok(rows
        .into_iter()
        .map(|r| {
            let f = facilities.get(&r.facility_id);
            SosRequestView {
                id: r.id,
                unit: ReportUnit::Facility(r.facility_id),
                facility_name: f.map(|f| f.name.clone()).unwrap_or_default(),
                medical_code: f.map(|f| f.medical_code.clone()).unwrap_or_default(),
                municipality: r.municipality_code.as_ref().and_then(|c| municipalities.get(c).cloned()),
                state: r.state,
                revision: r.revision,
                batch: rules.batch_on(r.batch_date),
                reason: r.reason,
                lines: lines.remove(&r.id).unwrap_or_default(),
                min_days_of_stock: i64::from(r.min_days_of_stock),
                requested_by: labels.get(&r.requested_by).cloned().unwrap_or_default(),
                on_behalf: r.on_behalf,
                created_at: r.created_at,
                reject_reason: r.reject_reason,
                shipped_on: r.shipped_on,
                carrier: r.carrier,
                tracking: r.tracking,
                receipt_note: r.receipt_note,
                events: Vec::new(),
                steps: side.map(|side| steps_for(r.state, side)).unwrap_or_default(),
                today,
            }
        })
        .collect())
}

/// A reviewer's queue: one batch (default: the one under review now) of the
/// prefecture's requests, or of all for the ministry, filtered and sorted.
pub async fn queue(
    state: &AppState,
    actor: &Actor,
    filter: SosQueueFilter,
    now: DateTime<Utc>,
) -> Result<SosQueue, AppError> {
    let db = &state.db;
    require_role(db, actor, &[Role::Prefecture, Role::MinistryAdmin], "supplies.queue").await?;
    let rules = &state.supplies;
    let (in_review, open) = (rules.batch_in_review(now), rules.batch_for(now));
    let batch = filter.batch.map_or(in_review, |d| rules.batch_on(d));
    let mut query = sos_request::Entity::find().filter(sos_request::Column::BatchDate.eq(batch.date));
    let prefecture = match &actor.scope {
        Scope::Prefecture(code) => Some(code.as_str().to_owned()),
        Scope::National => None,
        _ => return Err(AppError::Forbidden),
    };
    if let Some(code) = &prefecture {
        query = query.filter(sos_request::Column::PrefectureCode.eq(code.clone()));
    }
    if let Some(s) = filter.state {
        query = query.filter(sos_request::Column::State.eq(s));
    }
    if let Some(m) = filter.municipality.as_ref().filter(|m| !m.is_empty()) {
        // A designated city's requests include those filed under its wards.
        let mut codes = crate::server::area::wards_of(db, m).await?;
        codes.push(m.clone());
        query = query.filter(sos_request::Column::MunicipalityCode.is_in(codes));
    }
    query = match filter.sort {
        SosSort::DaysOfStock => {
            query.order_by_asc(sos_request::Column::MinDaysOfStock).order_by_asc(sos_request::Column::CreatedAt)
        }
        SosSort::Oldest => query.order_by_asc(sos_request::Column::CreatedAt),
    };
    let mut rows = views(db, rules, query.all(db).await?, Some(SosSide::Reviewer), now).await?;
    if let Some(supply) = filter.supply {
        rows.retain(|r| r.lines.iter().any(|l| l.supply == supply));
    }
    let mut municipalities = municipality::Entity::find().order_by_asc(municipality::Column::Code);
    municipalities = match &prefecture {
        Some(code) => municipalities
            .filter(municipality::Column::PrefectureCode.eq(code.clone()))
            .filter(municipality::Column::RetiredOn.is_null()),
        None => municipalities.filter(
            municipality::Column::Code.is_in(
                sos_request::Entity::find()
                    .filter(sos_request::Column::BatchDate.eq(batch.date))
                    .all(db)
                    .await?
                    .into_iter()
                    .filter_map(|r| r.municipality_code),
            ),
        ),
    };
    let municipalities = municipalities.all(db).await?.into_iter().map(|m| (m.code, m.name)).collect();
    Ok(SosQueue { batch, in_review, open, filter, rows, municipalities })
}

/// Text encodings of a CSV download.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CsvEncoding {
    /// UTF-8 with a byte-order mark (Excel opens it correctly).
    Utf8Bom,
    /// Shift_JIS (Windows-31J), for older tools; characters outside it
    /// become `&#NNNN;`.
    ShiftJis,
}

/// The queue as a CSV file, one row per requested supply, logged in the
/// audit log (who downloaded which batch).
pub async fn queue_csv(
    state: &AppState,
    actor: &Actor,
    filter: SosQueueFilter,
    encoding: CsvEncoding,
    now: DateTime<Utc>,
) -> Result<(String, Vec<u8>), AppError> {
    let queue = queue(state, actor, filter, now).await?;
    let s = crate::i18n::t().supply_pages();
    let mut out = csv::Writer::from_writer(Vec::new());
    let csv_err = |e: csv::Error| crate::server::errors::internal("csv", e);
    out.write_record(s.csv_header).map_err(csv_err)?;
    for r in &queue.rows {
        for l in &r.lines {
            let opt = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
            out.write_record([
                r.id.to_string(),
                r.batch.date.to_string(),
                r.state.label().to_owned(),
                r.medical_code.get(..2).unwrap_or_default().to_owned(),
                cell(r.municipality.as_deref().unwrap_or_default()),
                r.medical_code.clone(),
                cell(&r.facility_name),
                l.supply.label().to_owned(),
                l.quantity.to_string(),
                l.days_of_stock.to_string(),
                opt(l.shipped),
                opt(l.received),
                cell(&r.reason),
                r.created_at.with_timezone(&crate::domain::time::jst()).format("%Y-%m-%d %H:%M").to_string(),
                r.shipped_on.map(|d| d.to_string()).unwrap_or_default(),
                cell(r.carrier.as_deref().unwrap_or_default()),
                cell(r.tracking.as_deref().unwrap_or_default()),
            ])
            .map_err(csv_err)?;
        }
    }
    let text = out.into_inner().map_err(|e| crate::server::errors::internal("csv", e))?;
    let bytes = match encoding {
        CsvEncoding::Utf8Bom => [b"\xEF\xBB\xBF".as_slice(), &text].concat(),
        CsvEncoding::ShiftJis => {
            let text = String::from_utf8_lossy(&text);
            encoding_rs::SHIFT_JIS.encode(&text).0.into_owned()
        }
    };
    let mut entry = AuditEntry::new(AuditAction::SosDownloaded, Some(actor.user_id.0), actor.login_id.as_str())
        .target("sos_batch", queue.batch.date.to_string());
    entry.detail =
        Some(serde_json::json!({ "rows": queue.rows.len(), "shift_jis": encoding == CsvEncoding::ShiftJis }));
    audit::record(&state.db, entry).await?;
    Ok((format!("sos-{}.csv", queue.batch.date), bytes))
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn typed_text_never_becomes_a_spreadsheet_formula() {
        assert_eq!(cell("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("-1+2"), "'-1+2");
        assert_eq!(cell("発熱外来の増加"), "発熱外来の増加");
    }
}
