//! Changing which facilities an association enters for, with dates
//! (ministry administrators). History is kept: a membership is ended on a
//! day, never deleted.

use crate::domain::error::AppError;
use crate::domain::memberships::{AggregatorChoice, Membership, overlaps};
use crate::domain::roles::{Actor, Role};
use crate::server::audit::{self, AuditAction, AuditEntry};
use crate::server::authz::require_role;
use crate::server::db::begin_exclusive;
use crate::server::entities::{aggregator, facility, membership};
use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

pub async fn aggregators(db: &DatabaseConnection, actor: &Actor) -> Result<Vec<AggregatorChoice>, AppError> {
    require_role(db, actor, &[Role::MinistryAdmin], "memberships").await?;
    Ok(aggregator::Entity::find()
        .order_by_asc(aggregator::Column::PrefectureCode)
        .order_by_asc(aggregator::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|a| AggregatorChoice { id: a.id, name: a.name, prefecture: a.prefecture_code })
        .collect())
}

pub async fn list(db: &DatabaseConnection, actor: &Actor, aggregator_id: i32) -> Result<Vec<Membership>, AppError> {
    require_role(db, actor, &[Role::MinistryAdmin], "memberships").await?;
    let rows = membership::Entity::find()
        .filter(membership::Column::AggregatorId.eq(aggregator_id))
        .order_by_asc(membership::Column::ValidFrom)
        .all(db)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for m in rows {
        let Some(f) = facility::Entity::find_by_id(m.facility_id).one(db).await? else { continue };
        out.push(Membership {
            id: m.id,
            facility_name: f.name,
            medical_code: f.medical_code,
            valid_from: m.valid_from,
            valid_to: m.valid_to,
        });
    }
    Ok(out)
}

/// Makes the facility with `medical_code` a member from `valid_from` (to
/// `valid_to`, inclusive, when given as `YYYY-MM-DD`; empty means open-ended).
/// Refused if the facility is a member of any association on any of those days.
pub async fn add(
    db: &DatabaseConnection,
    actor: &Actor,
    aggregator_id: i32,
    medical_code: &str,
    valid_from: NaiveDate,
    valid_to: &str,
) -> Result<i32, AppError> {
    require_role(db, actor, &[Role::MinistryAdmin], "memberships.add").await?;
    let t = crate::i18n::t();
    let valid_to = match valid_to.trim() {
        "" => None,
        d => Some(
            NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .map_err(|_| AppError::field("valid_to", t.accounts().membership_date_invalid))?,
        ),
    };
    if valid_to.is_some_and(|to| to < valid_from) {
        return Err(AppError::field("valid_to", t.accounts().membership_to_before_from));
    }
    aggregator::Entity::find_by_id(aggregator_id).one(db).await?.ok_or(AppError::NotFound)?;
    let facility = facility::Entity::find()
        .filter(facility::Column::MedicalCode.eq(medical_code.trim()))
        .one(db)
        .await?
        .ok_or_else(|| AppError::field("medical_code", t.accounts().membership_unknown_facility))?;
    // The overlap check and the insert under one lock: two additions for the
    // same facility at once run one after the other.
    let txn = crate::server::db::begin_exclusive(db).await?;
    facility::Entity::find_by_id(facility.id).lock_exclusive().one(&txn).await?;
    let existing = membership::Entity::find().filter(membership::Column::FacilityId.eq(facility.id)).all(&txn).await?;
    if existing.iter().any(|m| overlaps((m.valid_from, m.valid_to), (valid_from, valid_to))) {
        return Err(AppError::field("valid_from", t.accounts().membership_overlap));
    }
    let id = membership::Entity::insert(membership::ActiveModel {
        id: NotSet,
        aggregator_id: Set(aggregator_id),
        facility_id: Set(facility.id),
        valid_from: Set(valid_from),
        valid_to: Set(valid_to),
    })
    .exec(&txn)
    .await?
    .last_insert_id;
    let mut entry = AuditEntry::new(AuditAction::MembershipAdded, Some(actor.user_id.0), actor.login_id.as_str())
        .target("membership", id.to_string());
    entry.detail = Some(serde_json::json!({
        "aggregator_id": aggregator_id, "facility_id": facility.id, "valid_from": valid_from, "valid_to": valid_to
    }));
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(id)
}

/// Ends a membership: `last_day` is the last day the association enters
/// for the facility.
pub async fn end(
    db: &DatabaseConnection,
    actor: &Actor,
    membership_id: i32,
    last_day: NaiveDate,
) -> Result<(), AppError> {
    require_role(db, actor, &[Role::MinistryAdmin], "memberships.end").await?;
    let t = crate::i18n::t();
    let m = membership::Entity::find_by_id(membership_id).one(db).await?.ok_or(AppError::NotFound)?;
    if last_day < m.valid_from {
        return Err(AppError::field("valid_to", t.accounts().membership_to_before_from));
    }
    if m.valid_to.is_some_and(|to| to < last_day) {
        return Err(AppError::field("valid_to", t.accounts().membership_already_ended));
    }
    let txn = begin_exclusive(db).await?;
    let old = m.valid_to;
    let mut active = m.into_active_model();
    active.valid_to = Set(Some(last_day));
    active.update(&txn).await?;
    let mut entry = AuditEntry::new(AuditAction::MembershipEnded, Some(actor.user_id.0), actor.login_id.as_str())
        .target("membership", membership_id.to_string());
    entry.detail = Some(serde_json::json!({ "valid_to": { "old": old, "new": last_day } }));
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(())
}
