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
use sea_orm::sea_query::{Expr, ExprTrait, IntoColumnRef, Query};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use std::collections::{BTreeMap, HashMap};

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
    units_where(conn, area, survey, Condition::all(), Condition::all()).await
}

/// The units of `area` expected on `day` that have no report of their
/// survey for it, in the order of [`load_units`]. The database compares
/// (one seek per unit in the report index) and returns only those.
pub async fn unreported(
    conn: &impl ConnectionTrait,
    area: &Area,
    survey: Option<SurveyKind>,
    day: NaiveDate,
) -> Result<Vec<Unit>, DbErr> {
    let facility_id = (facility::Entity, facility::Column::Id);
    let facilities = Condition::any()
        .add(Condition::all().add(facility::Column::Kind.eq(FacilityKind::Hospital)).add(no_report(
            "facility",
            facility_id,
            SurveyKind::HospitalDaily,
            day,
        )))
        .add(
            Condition::all()
                .add(facility::Column::Kind.eq(FacilityKind::Clinic))
                .add(facility::Column::DesignatedFrom.lte(day))
                .add(no_report("facility", facility_id, SurveyKind::ClinicDaily, day)),
        );
    let centres =
        Condition::all().add(no_report("centre", (centre::Entity, centre::Column::Id), SurveyKind::CentreDaily, day));
    units_where(conn, area, survey, facilities, centres).await
}

/// No report of `survey` for `day` from the unit whose id is the column `id`.
fn no_report(kind: &str, id: impl IntoColumnRef, survey: SurveyKind, day: NaiveDate) -> Expr {
    Expr::not_exists(
        Query::select()
            .expr(Expr::cust("1"))
            .from(report::Entity)
            .and_where(Expr::col((report::Entity, report::Column::UnitKind)).eq(kind))
            .and_where(Expr::col((report::Entity, report::Column::UnitId)).equals(id))
            .and_where(Expr::col((report::Entity, report::Column::Survey)).eq(survey.code()))
            .and_where(Expr::col((report::Entity, report::Column::Period)).eq(day))
            .to_owned(),
    )
}

/// [`load_units`] limited by a further condition on facilities and one on centres.
async fn units_where(
    conn: &impl ConnectionTrait,
    area: &Area,
    survey: Option<SurveyKind>,
    facilities: Condition,
    centres: Condition,
) -> Result<Vec<Unit>, DbErr> {
    let wants = |s: SurveyKind| survey.is_none_or(|w| w == s);
    let mut units = Vec::new();
    if wants(SurveyKind::HospitalDaily) || wants(SurveyKind::ClinicDaily) {
        let mut q = facility::Entity::find().filter(area.facilities()).filter(facilities);
        if let Some(kind) = survey.and_then(reporting_kind) {
            q = q.filter(facility::Column::Kind.eq(kind));
        }
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
        let rows = centre::Entity::find()
            .filter(area.centres())
            .filter(centres)
            .order_by_asc(centre::Column::Id)
            .all(conn)
            .await?;
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
        Self::load_where(conn, membership::Column::FacilityId.in_subquery(in_area)).await
    }

    /// The memberships of the facilities `ids` only.
    pub async fn of(conn: &impl ConnectionTrait, ids: impl IntoIterator<Item = i32>) -> Result<Memberships, DbErr> {
        Self::load_where(conn, membership::Column::FacilityId.is_in(ids)).await
    }

    async fn load_where(conn: &impl ConnectionTrait, facilities: Expr) -> Result<Memberships, DbErr> {
        let rows = membership::Entity::find().filter(facilities).all(conn).await?;
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
/// The database picks the latest, so only one report per unit is read.
/// The kind of facility that reports a daily survey (hospitals the
/// hospital survey, clinics the clinic survey); `None` for the others.
pub fn reporting_kind(survey: SurveyKind) -> Option<FacilityKind> {
    match survey {
        SurveyKind::HospitalDaily => Some(FacilityKind::Hospital),
        SurveyKind::ClinicDaily => Some(FacilityKind::Clinic),
        _ => None,
    }
}

pub async fn latest_reports(
    conn: &impl ConnectionTrait,
    area: &Area,
    survey: SurveyKind,
    since: NaiveDate,
    until: NaiveDate,
) -> Result<HashMap<i32, report::Model>, DbErr> {
    let in_area = super::completeness::in_area(conn, area, survey).await?;
    let in_range = report::Column::Period.between(since, until);
    let latest = Query::select()
        .column(report::Column::UnitId)
        .expr(Expr::col(report::Column::Period).max())
        .from(report::Entity)
        .cond_where(in_area.clone())
        .and_where(in_range.clone())
        .group_by_col(report::Column::UnitId)
        .to_owned();
    let unit_and_day = Expr::tuple([
        Expr::col((report::Entity, report::Column::UnitId)),
        Expr::col((report::Entity, report::Column::Period)),
    ]);
    let reports = report::Entity::find()
        .filter(in_area)
        .filter(in_range)
        .filter(unit_and_day.in_subquery(latest))
        .all(conn)
        .await?;
    Ok(reports.into_iter().map(|r| (r.unit_id, r)).collect())
}

/// The names of the municipalities of the area's prefecture (all of them
/// for the nation), by code.
pub async fn municipality_names(conn: &impl ConnectionTrait, area: &Area) -> Result<BTreeMap<String, String>, DbErr> {
    let mut munis = municipality::Entity::find();
    if let Some(p) = &area.prefecture {
        munis = munis.filter(municipality::Column::PrefectureCode.eq(p.clone()));
    }
    Ok(munis.all(conn).await?.into_iter().map(|m| (m.code, m.name)).collect())
}
