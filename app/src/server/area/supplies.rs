//! Supplies of an area (`/area/supplies`): each facility's days of stock
//! from its latest weekly survey (of the last three weeks), how many
//! facilities are below the threshold per supply, and the open SOS
//! requests.

use super::{Scoped, filter_options, resolve};
use crate::domain::area::{AreaQuery, SHOWN_ROWS, SupplyRow, SupplyStatus};
use crate::domain::error::AppError;
use crate::domain::reports::PeriodKind;
use crate::domain::roles::Actor;
use crate::domain::supplies::{SosState, Supply, stock_levels};
use crate::domain::surveys::SurveyKind;
use crate::domain::time::format_datetime;
use crate::server::context::AppState;
use crate::server::entities::{facility, sos_request};
use crate::server::reports::parse_answers;
use chrono::{DateTime, Days, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;

/// Weeks back a weekly report still counts as a facility's latest.
const WEEKS_BACK: u64 = 2;

/// Every facility of the area with its latest weekly stock, lowest first.
pub async fn rows(db: &impl ConnectionTrait, scoped: &Scoped, threshold: u32) -> Result<Vec<SupplyRow>, AppError> {
    let this_week = PeriodKind::Week.start_of(scoped.day);
    let since = this_week.checked_sub_days(Days::new(7 * WEEKS_BACK)).unwrap_or(this_week);
    let facilities: Vec<(i32, String, Option<String>)> = facility::Entity::find()
        .select_only()
        .columns([facility::Column::Id, facility::Column::Name, facility::Column::MunicipalityCode])
        .filter(scoped.area.facilities())
        .order_by_asc(facility::Column::MedicalCode)
        .into_tuple()
        .all(db)
        .await?;
    let latest = super::latest_reports(db, &scoped.area, SurveyKind::SuppliesWeekly, since, scoped.day).await?;
    let names = super::municipality_names(db, &scoped.area).await?;
    let mut rows: Vec<SupplyRow> = facilities
        .into_iter()
        .filter_map(|(id, name, municipality)| {
            let r = latest.get(&id)?;
            let levels = stock_levels(&parse_answers(&r.answers), threshold);
            let days: Vec<Option<i64>> =
                Supply::ALL.iter().map(|s| levels.iter().find(|l| l.supply == *s).and_then(|l| l.days)).collect();
            Some(SupplyRow {
                unit: format!("f{id}"),
                name,
                municipality: municipality.as_ref().and_then(|m| names.get(m)).cloned().unwrap_or_default(),
                week: r.period,
                low: levels.iter().any(|l| l.low),
                days,
            })
        })
        .collect();
    rows.sort_by_key(|r| r.days.iter().flatten().min().copied().unwrap_or(i64::MAX));
    Ok(rows)
}

/// `/area/supplies` for `query`'s day in the caller's area.
pub async fn supplies(
    state: &AppState,
    actor: &Actor,
    query: AreaQuery,
    now: DateTime<Utc>,
) -> Result<SupplyStatus, AppError> {
    let db = &state.db;
    let today = crate::domain::time::japan_date(now);
    let scoped = resolve(db, actor, &query, today, "area.supplies").await?;
    let options = filter_options(db, actor, &scoped.area).await?;
    let threshold = state.supplies.threshold_days;
    // The nation's 40,000 facilities are a download, not a page: the
    // ministry opens a prefecture for the table.
    let nation = scoped.area.level() == crate::domain::area::AreaLevel::Nation;
    let facilities =
        if nation { 0 } else { facility::Entity::find().filter(scoped.area.facilities()).count(db).await? };
    let all = if nation { Vec::new() } else { rows(db, &scoped, threshold).await? };
    let below = Supply::ALL
        .iter()
        .enumerate()
        .map(|(i, _)| {
            let n = all.iter().filter(|r| r.days[i].is_some_and(|d| d < i64::from(threshold))).count();
            u32::try_from(n).unwrap_or(u32::MAX)
        })
        .collect();
    let mut open = sos_request::Entity::find().filter(sos_request::Column::State.is_in([
        SosState::Submitted,
        SosState::Accepted,
        SosState::Shipped,
    ]));
    if let Some(p) = &scoped.area.prefecture {
        open = open.filter(sos_request::Column::PrefectureCode.eq(p.clone()));
    }
    if scoped.area.municipality.is_some() {
        open = open.filter(sos_request::Column::MunicipalityCode.is_in(scoped.area.municipality_codes()));
    }
    let open = open.order_by_asc(sos_request::Column::CreatedAt).limit(SHOWN_ROWS as u64).all(db).await?;
    let ids: Vec<i32> = open.iter().map(|r| r.facility_id).collect();
    let names: HashMap<i32, String> = facility::Entity::find()
        .filter(facility::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|f| (f.id, f.name))
        .collect();
    let open_requests = open
        .into_iter()
        .map(|r| {
            let name = names.get(&r.facility_id).cloned().unwrap_or_default();
            (r.id, name, r.state.label().to_owned(), format_datetime(r.created_at))
        })
        .collect();
    Ok(SupplyStatus {
        area: scoped.name,
        day: scoped.day,
        today,
        query: scoped.query,
        options,
        threshold_days: threshold,
        below,
        facilities: u32::try_from(facilities).unwrap_or(u32::MAX),
        reporting: u32::try_from(all.len()).unwrap_or(u32::MAX),
        rows: all.into_iter().take(SHOWN_ROWS).collect(),
        open_requests,
        requests_linkable: actor.role != crate::domain::roles::Role::Municipality,
    })
}
