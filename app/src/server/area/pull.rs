//! Reports of an area for the API's pull (SPEC §8), a page at a time, unit
//! by unit ([`crate::domain::pull`] explains the cursor). The area is
//! checked by the same [`super::resolve`] as the pages and downloads, so a
//! token sees exactly what its account's officer would.

use super::completeness::{in_area, in_area_after};
use super::resolve;
use crate::domain::area::AreaQuery;
use crate::domain::error::AppError;
use crate::domain::pull::{Cursor, PullPage, PullQuery, PulledReport};
use crate::domain::reports::ReportUnit;
use crate::domain::roles::Actor;
use crate::domain::surveys::SurveyKind;
use crate::server::audit::{self, AuditAction, AuditEntry};
use crate::server::entities::{centre, facility, report, survey_version};
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait};
use std::collections::HashMap;

/// One page of `query`'s reports in `actor`'s area. The first page of a
/// walk is audited (who read what); later pages are not, so a year's walk
/// leaves one row.
pub async fn page(
    conn: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    query: &PullQuery,
    today: NaiveDate,
) -> Result<PullPage, AppError> {
    let area_query = AreaQuery {
        from: query.from.clone(),
        to: query.to.clone(),
        prefecture: query.prefecture.clone(),
        municipality: query.municipality.clone(),
        ..AreaQuery::default()
    };
    let scoped = resolve(conn, actor, &area_query, today, "api.reports").await?;
    let until = match query.cursor {
        Some(c) => c.until,
        None => {
            let max: Option<i32> = report::Entity::find()
                .select_only()
                .column_as(report::Column::Id.max(), "max")
                .into_tuple()
                .one(conn)
                .await?
                .flatten();
            let mut entry = AuditEntry::new(AuditAction::ApiPulled, Some(actor.user_id.0), actor.login_id.as_str());
            entry.detail = Some(serde_json::json!({
                "survey": query.survey.code(), "prefecture": scoped.area.prefecture,
                "municipality": scoped.area.municipality, "from": query.from, "to": query.to,
                "updated_since": query.updated_since,
            }));
            audit::record(conn, entry).await?;
            max.unwrap_or(0)
        }
    };
    // The walk's reports: of the range, changed since, existing when it began.
    let walk = || {
        let mut select = report::Entity::find().filter(report::Column::Id.lte(until));
        if let Some((from, to)) = scoped.range {
            select = select.filter(report::Column::Period.between(from, to));
        }
        if let Some(since) = query.updated_since {
            select = select.filter(report::Column::UpdatedAt.gte(since));
        }
        select
    };
    let want = u64::from(query.limit) + 1;
    let mut rows = Vec::new();
    // The rest of the cursor's unit, then the units after it: each a run of
    // seeks on the unique index in its order, never a scan of the table.
    if let Some(c) = query.cursor {
        rows = walk()
            .filter(in_area(conn, &scoped.area, query.survey).await?)
            .filter(report::Column::UnitId.eq(c.unit))
            .filter(report::Column::Period.gt(c.day))
            .order_by_asc(report::Column::Period)
            .limit(want)
            .all(conn)
            .await?;
    }
    if (rows.len() as u64) < want {
        let rest = walk()
            .filter(in_area_after(conn, &scoped.area, query.survey, query.cursor.map(|c| c.unit)).await?)
            .order_by_asc(report::Column::UnitId)
            .order_by_asc(report::Column::Period)
            .limit(want - rows.len() as u64)
            .all(conn)
            .await?;
        rows.extend(rest);
    }
    let more = rows.len() > query.limit as usize;
    rows.truncate(query.limit as usize);
    let next = match rows.last() {
        Some(last) if more => Some(Cursor { unit: last.unit_id, day: last.period, until }),
        _ => None,
    };
    let units = in_area_units(conn, query.survey, rows.iter().map(|r| r.unit_id).collect()).await?;
    let versions = versions(conn, query.survey).await?;
    let mut reports = Vec::with_capacity(rows.len());
    for r in rows {
        let Some(unit) = units.get(&r.unit_id) else { continue };
        let answers = serde_json::from_str(&r.answers).map_err(|e| crate::server::errors::internal("answers", e))?;
        reports.push(PulledReport {
            id: r.id,
            survey: query.survey,
            version: versions.get(&r.survey_version_id).copied().unwrap_or_default(),
            unit: unit.key.key(),
            unit_name: unit.name.clone(),
            medical_code: unit.medical_code.clone(),
            prefecture: unit.prefecture.clone(),
            municipality: unit.municipality.clone(),
            day: r.period,
            revision: r.revision,
            nothing_to_report: r.nothing_to_report,
            answers,
            first_entered_at: r.first_entered_at,
            updated_at: r.updated_at,
        });
    }
    Ok(PullPage { reports, next })
}

/// Survey version id → version number.
async fn versions(conn: &impl ConnectionTrait, survey: SurveyKind) -> Result<HashMap<i32, i32>, AppError> {
    let rows: Vec<(i32, i32)> = survey_version::Entity::find()
        .select_only()
        .column(survey_version::Column::Id)
        .column(survey_version::Column::Version)
        .filter(survey_version::Column::Survey.eq(survey.code()))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows.into_iter().collect())
}

/// What a pulled report names of its unit.
struct UnitInfo {
    key: ReportUnit,
    name: String,
    medical_code: String,
    prefecture: String,
    municipality: Option<String>,
}

/// The units of one page, by id.
async fn in_area_units(
    conn: &impl ConnectionTrait,
    survey: SurveyKind,
    mut ids: Vec<i32>,
) -> Result<HashMap<i32, UnitInfo>, AppError> {
    ids.sort_unstable();
    ids.dedup();
    if survey == SurveyKind::CentreDaily {
        let rows = centre::Entity::find().filter(centre::Column::Id.is_in(ids)).all(conn).await?;
        return Ok(rows
            .into_iter()
            .map(|c| {
                let info = UnitInfo {
                    key: ReportUnit::Centre(c.id),
                    name: c.name,
                    medical_code: String::new(),
                    prefecture: c.prefecture_code,
                    municipality: c.municipality_code,
                };
                (c.id, info)
            })
            .collect());
    }
    let rows = facility::Entity::find().filter(facility::Column::Id.is_in(ids)).all(conn).await?;
    Ok(rows
        .into_iter()
        .map(|f| {
            let info = UnitInfo {
                key: ReportUnit::Facility(f.id),
                name: f.name,
                medical_code: f.medical_code,
                prefecture: f.prefecture_code,
                municipality: f.municipality_code,
            };
            (f.id, info)
        })
        .collect())
}
