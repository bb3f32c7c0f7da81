//! The reporting units of an area: hospitals, designated clinics and
//! consultation centres, each with its daily survey, and the associations
//! their clinics report through on a day.

use super::Area;
use crate::domain::jurisdiction::FacilityKind;
use crate::domain::memberships::covers;
use crate::domain::reports::ReportUnit;
use crate::domain::surveys::SurveyKind;
use crate::server::entities::{aggregator, centre, facility, membership, municipality, report};
use chrono::NaiveDate;
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

/// A unit expected to report a daily survey.
#[derive(Clone, Debug)]
pub struct Unit {
    pub key: ReportUnit,
    pub survey: SurveyKind,
    pub name: String,
    /// 医療機関コード (empty for a centre).
    pub medical_code: String,
    pub prefecture: String,
    pub municipality: Option<String>,
    pub email: Option<String>,
    /// A clinic reports from the day it was designated.
    pub designated_from: Option<NaiveDate>,
}

impl Unit {
    /// Whether the unit is expected to report `day`: hospitals and centres
    /// every day, a clinic from its designation on.
    pub fn expected_on(&self, day: NaiveDate) -> bool {
        self.survey != SurveyKind::ClinicDaily || self.designated_from.is_some_and(|d| d <= day)
    }
}

/// The units of `area` that report a daily survey (only `survey` when
/// given), ordered by municipality and code. Clinics never designated are
/// left out; those designated later than a day are filtered by
/// [`Unit::expected_on`].
pub async fn load_units(
    conn: &impl ConnectionTrait,
    area: &Area,
    survey: Option<SurveyKind>,
) -> Result<Vec<Unit>, DbErr> {
    let wants = |s: SurveyKind| survey.is_none_or(|w| w == s);
    let mut units = Vec::new();
    if wants(SurveyKind::HospitalDaily) || wants(SurveyKind::ClinicDaily) {
        let mut q = facility::Entity::find().filter(area.facilities());
        q = match survey {
            Some(SurveyKind::HospitalDaily) => q.filter(facility::Column::Kind.eq(FacilityKind::Hospital)),
            Some(SurveyKind::ClinicDaily) => q.filter(facility::Column::Kind.eq(FacilityKind::Clinic)),
            _ => q,
        };
        let rows = q.order_by_asc(facility::Column::MedicalCode).all(conn).await?;
        for f in rows {
            let survey = match f.kind {
                FacilityKind::Hospital => SurveyKind::HospitalDaily,
                FacilityKind::Clinic if f.designated_from.is_some() => SurveyKind::ClinicDaily,
                FacilityKind::Clinic => continue,
            };
            units.push(Unit {
                key: ReportUnit::Facility(f.id),
                survey,
                name: f.name,
                medical_code: f.medical_code,
                prefecture: f.prefecture_code,
                municipality: f.municipality_code,
                email: f.email,
                designated_from: f.designated_from,
            });
        }
    }
    if wants(SurveyKind::CentreDaily) {
        let rows = centre::Entity::find().filter(area.centres()).order_by_asc(centre::Column::Id).all(conn).await?;
        units.extend(rows.into_iter().map(|c| Unit {
            key: ReportUnit::Centre(c.id),
            survey: SurveyKind::CentreDaily,
            name: c.name,
            medical_code: String::new(),
            prefecture: c.prefecture_code,
            municipality: c.municipality_code,
            email: c.email,
            designated_from: None,
        }));
    }
    units.sort_by(|a, b| {
        (a.municipality.as_deref(), a.survey, &a.medical_code, &a.name).cmp(&(
            b.municipality.as_deref(),
            b.survey,
            &b.medical_code,
            &b.name,
        ))
    });
    Ok(units)
}

/// One dated membership: association id, its name, from, to.
type Dated = (i32, String, NaiveDate, Option<NaiveDate>);

/// Dated memberships of the area's facilities, by facility.
pub struct Memberships(HashMap<i32, Vec<Dated>>);

impl Memberships {
    pub async fn load(conn: &impl ConnectionTrait, area: &Area) -> Result<Memberships, DbErr> {
        let in_area = Query::select()
            .column(facility::Column::Id)
            .from(facility::Entity)
            .cond_where(area.facilities())
            .to_owned();
        let rows =
            membership::Entity::find().filter(membership::Column::FacilityId.in_subquery(in_area)).all(conn).await?;
        let names: HashMap<i32, String> =
            aggregator::Entity::find().all(conn).await?.into_iter().map(|a| (a.id, a.name)).collect();
        let mut map: HashMap<i32, Vec<_>> = HashMap::new();
        for m in rows {
            let name = names.get(&m.aggregator_id).cloned().unwrap_or_default();
            map.entry(m.facility_id).or_default().push((m.aggregator_id, name, m.valid_from, m.valid_to));
        }
        Ok(Memberships(map))
    }

    /// The association `unit` reports through on `day`.
    pub fn on(&self, unit: ReportUnit, day: NaiveDate) -> Option<(i32, &str)> {
        let ReportUnit::Facility(id) = unit else { return None };
        self.0.get(&id)?.iter().find(|(_, _, from, to)| covers(*from, *to, day)).map(|(a, n, _, _)| (*a, n.as_str()))
    }
}

/// Each facility's latest report of `survey` from `since` to `until` in the
/// area, by facility id (centres are not among the surveys asked for here).
pub async fn latest_reports(
    conn: &impl ConnectionTrait,
    area: &Area,
    survey: SurveyKind,
    since: NaiveDate,
    until: NaiveDate,
) -> Result<HashMap<i32, report::Model>, DbErr> {
    let reports = report::Entity::find()
        .filter(super::completeness::in_area(conn, area, survey).await?)
        .filter(report::Column::Period.between(since, until))
        .order_by_desc(report::Column::Period)
        .all(conn)
        .await?;
    let mut latest = HashMap::new();
    for r in reports {
        latest.entry(r.unit_id).or_insert(r);
    }
    Ok(latest)
}

/// Municipality names by code.
pub async fn municipality_names(conn: &impl ConnectionTrait) -> Result<HashMap<String, String>, DbErr> {
    Ok(municipality::Entity::find().all(conn).await?.into_iter().map(|m| (m.code, m.name)).collect())
}
