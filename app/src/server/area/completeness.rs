//! Who reported a day (`/area`): counts per prefecture (nation),
//! municipality (prefecture) or survey (municipality), the list of units
//! that have not reported, and the reporting rate of the last 28 days.

use super::units::Memberships;
use super::{Area, Scoped, filter_options, load_units, resolve, totals};
use crate::domain::area::{
    AreaLevel, AreaQuery, Completeness, Counts, CountsRow, DAILY_SURVEYS, MissingUnit, RatePoint, TREND_DAYS,
};
use crate::domain::error::AppError;
use crate::domain::maintenance::{Grace, graces};
use crate::domain::reports::{DayStatus, PeriodRules, ReportUnit, day_status};
use crate::domain::roles::Actor;
use crate::domain::surveys::SurveyKind;
use crate::server::context::AppState;
use crate::server::entities::{centre, facility, municipality, prefecture, report};
use chrono::{DateTime, Days, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::{BTreeMap, HashMap};

/// The first report of a unit for a day: when it came and whether it said
/// "nothing to report".
#[derive(Clone, Copy, Debug)]
pub struct Arrival {
    pub first_entered_at: DateTime<Utc>,
    pub nothing: bool,
}

/// The reports of the area's units for `surveys` from `from` to `to`, by
/// (unit, survey, day) — only the columns the counts need. One query per
/// survey, so that each names its unit kind and the database can seek.
pub async fn arrivals(
    conn: &impl ConnectionTrait,
    area: &Area,
    surveys: &[SurveyKind],
    from: NaiveDate,
    to: NaiveDate,
) -> Result<HashMap<(ReportUnit, SurveyKind, NaiveDate), Arrival>, DbErr> {
    let mut out = HashMap::new();
    for survey in surveys {
        let rows: Vec<(i32, NaiveDate, bool, DateTime<Utc>)> = report::Entity::find()
            .select_only()
            .columns([report::Column::UnitId, report::Column::Period])
            .columns([report::Column::NothingToReport, report::Column::FirstEnteredAt])
            .filter(in_area(conn, area, *survey).await?)
            .filter(report::Column::Period.between(from, to))
            .into_tuple()
            .all(conn)
            .await?;
        let unit =
            |id| if *survey == SurveyKind::CentreDaily { ReportUnit::Centre(id) } else { ReportUnit::Facility(id) };
        out.extend(rows.into_iter().map(|(id, day, nothing, first_entered_at)| {
            ((unit(id), *survey, day), Arrival { first_entered_at, nothing })
        }));
    }
    Ok(out)
}

/// Reports of `survey` whose unit lies in `area`, as one condition on the
/// unit kind, the unit and the survey (the leading columns of the unique
/// report index). A municipality (a few dozen units) names its units, so
/// the database seeks each unit's reports; a prefecture filters through a
/// subquery.
pub async fn in_area(conn: &impl ConnectionTrait, area: &Area, survey: SurveyKind) -> Result<Condition, DbErr> {
    let centres = survey == SurveyKind::CentreDaily;
    let kind = Condition::all()
        .add(report::Column::UnitKind.eq(if centres { "centre" } else { "facility" }))
        .add(report::Column::Survey.eq(survey.code()));
    if area.level() == AreaLevel::Nation {
        return Ok(kind);
    }
    let city = area.level() == AreaLevel::Municipality;
    Ok(kind.add(if centres {
        unit_ids(conn, centre::Entity::find().select_only().column(centre::Column::Id).filter(area.centres()), city)
            .await?
    } else {
        let ids = facility::Entity::find().select_only().column(facility::Column::Id).filter(area.facilities());
        unit_ids(conn, ids, city).await?
    }))
}

/// `unit_id` among the ids `ids` selects: listed when they are few (a city),
/// as a subquery otherwise.
async fn unit_ids<E: EntityTrait>(
    conn: &impl ConnectionTrait,
    ids: sea_orm::Select<E>,
    list: bool,
) -> Result<Condition, DbErr> {
    Ok(Condition::all().add(if list {
        let ids: Vec<i32> = ids.into_tuple().all(conn).await?;
        report::Column::UnitId.is_in(ids)
    } else {
        report::Column::UnitId.in_subquery(sea_orm::QueryTrait::into_query(ids))
    }))
}

/// How a unit stands on a day, in the categories of [`Counts`].
pub fn classify(
    rules: PeriodRules,
    grace: &[Grace],
    survey: SurveyKind,
    day: NaiveDate,
    arrival: Option<&Arrival>,
) -> Option<Category> {
    let a = arrival?;
    if a.nothing {
        return Some(Category::Nothing);
    }
    match day_status(rules.due(survey, day), day, day, Some(a.first_entered_at), grace) {
        DayStatus::Late => Some(Category::Late),
        _ => Some(Category::OnTime),
    }
}

/// A reported unit's category on a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    OnTime,
    Late,
    Nothing,
}

impl Counts {
    fn count(&mut self, category: Option<Category>) {
        self.expected += 1;
        match category {
            Some(Category::OnTime) => self.on_time += 1,
            Some(Category::Late) => self.late += 1,
            Some(Category::Nothing) => self.nothing += 1,
            None => {}
        }
    }
}

/// `/area`: the completeness of `query`'s day in the caller's area.
pub async fn completeness(
    state: &AppState,
    actor: &Actor,
    query: AreaQuery,
    now: DateTime<Utc>,
) -> Result<Completeness, AppError> {
    let db = &state.db;
    let today = crate::domain::time::japan_date(now);
    let scoped = resolve(db, actor, &query, today, "area.completeness").await?;
    let options = filter_options(db, actor, &scoped.area).await?;
    let windows = state.maintenance.windows(db).await?;
    let grace = graces(&windows, state.periods.back_entry_days, now);
    let surveys: Vec<SurveyKind> = scoped.survey.map_or(DAILY_SURVEYS.to_vec(), |s| vec![s]);
    let first = scoped.day.checked_sub_days(Days::new(TREND_DAYS - 1)).unwrap_or(scoped.day);

    let (rows, missing, trend) = if scoped.area.level() == AreaLevel::Nation && scoped.aggregator.is_none() {
        nation(db, &surveys, scoped.day, first).await?
    } else {
        let unit_list = UnitList::load(db, &scoped).await?;
        // An association's members change over time: their trend is counted
        // from their own reports; an area's comes from the running totals.
        let since = if scoped.aggregator.is_some() { first } else { scoped.day };
        let arrivals = arrivals(db, &scoped.area, &surveys, since, scoped.day).await?;
        let (rows, mut missing) = unit_list.tally(state.periods, &grace, &scoped, &arrivals);
        mark_reminded(db, scoped.day, &mut missing).await?;
        let trend = match scoped.aggregator {
            Some(_) => unit_list.trend_of_arrivals(&scoped, &arrivals, first),
            None => unit_list.trend_of_totals(db, &scoped, &surveys, first).await?,
        };
        (rows, missing, trend)
    };
    let mut total = Counts::default();
    rows.iter().for_each(|r| total.add(&r.counts));
    Ok(Completeness {
        area: scoped.name,
        day: scoped.day,
        today,
        query: scoped.query,
        options,
        total,
        rows,
        missing,
        trend,
    })
}

/// The units of the scoped area that have not reported its day.
pub(super) async fn missing_units(
    state: &AppState,
    scoped: &Scoped,
    now: DateTime<Utc>,
) -> Result<Vec<MissingUnit>, AppError> {
    let db = &state.db;
    let windows = state.maintenance.windows(db).await?;
    let grace = graces(&windows, state.periods.back_entry_days, now);
    let surveys: Vec<SurveyKind> = scoped.survey.map_or(DAILY_SURVEYS.to_vec(), |s| vec![s]);
    let list = UnitList::load(db, scoped).await?;
    let arrivals = arrivals(db, &scoped.area, &surveys, scoped.day, scoped.day).await?;
    let mut missing = list.tally(state.periods, &grace, scoped, &arrivals).1;
    mark_reminded(db, scoped.day, &mut missing).await?;
    Ok(missing)
}

async fn mark_reminded(db: &impl ConnectionTrait, day: NaiveDate, missing: &mut [MissingUnit]) -> Result<(), DbErr> {
    let reminded = super::reminders::reminded(db, day).await?;
    for m in missing {
        m.reminded = reminded.contains(&(m.survey.code().to_owned(), m.unit.clone()));
    }
    Ok(())
}

type Tally = (Vec<CountsRow>, Vec<MissingUnit>, Vec<RatePoint>);

/// The nation: one row per prefecture and the national trend, from the
/// running totals and counts of units (no report is read).
async fn nation(
    db: &impl ConnectionTrait,
    surveys: &[SurveyKind],
    day: NaiveDate,
    first: NaiveDate,
) -> Result<Tally, AppError> {
    let prefectures = prefecture::Entity::find().order_by_asc(prefecture::Column::Code).all(db).await?;
    let codes: Vec<String> = prefectures.iter().map(|p| p.code.clone()).collect();
    let expected = ExpectedByPrefecture::load(db, surveys).await?;
    let sums = totals::read(db, surveys, &[totals::REPORTS, totals::NOTHING, totals::LATE], &codes, first, day).await?;
    let get = |d: NaiveDate, area: &str, item: &str| {
        u32::try_from(sums.get(&(d, area.to_owned(), item.to_owned())).copied().unwrap_or(0)).unwrap_or(0)
    };
    let rows = prefectures
        .into_iter()
        .map(|p| {
            let reports = get(day, &p.code, totals::REPORTS);
            let nothing = get(day, &p.code, totals::NOTHING);
            let late = get(day, &p.code, totals::LATE);
            let counts = Counts {
                expected: expected.on(&p.code, day),
                on_time: reports.saturating_sub(nothing + late),
                late,
                nothing,
            };
            CountsRow { code: p.code, name: p.name, counts }
        })
        .collect();
    let trend = days(first, day)
        .map(|d| RatePoint {
            day: d,
            expected: codes.iter().map(|c| expected.on(c, d)).sum(),
            reported: codes.iter().map(|c| get(d, c, totals::REPORTS)).sum(),
        })
        .collect();
    Ok((rows, Vec::new(), trend))
}

/// `first..=last`.
pub fn days(first: NaiveDate, last: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    first.iter_days().take_while(move |d| *d <= last)
}

/// How many units each prefecture expects on a day: hospitals and centres
/// always, clinics from their designation.
pub(super) struct ExpectedByPrefecture {
    fixed: HashMap<String, u32>,
    designated: HashMap<String, Vec<(NaiveDate, u32)>>,
}

impl ExpectedByPrefecture {
    pub(super) async fn load(db: &impl ConnectionTrait, surveys: &[SurveyKind]) -> Result<Self, DbErr> {
        let mut fixed: HashMap<String, u32> = HashMap::new();
        let mut designated: HashMap<String, Vec<(NaiveDate, u32)>> = HashMap::new();
        let count = Expr::col(facility::Column::Id).count();
        if surveys.contains(&SurveyKind::HospitalDaily) {
            let rows: Vec<(String, i64)> = facility::Entity::find()
                .select_only()
                .column(facility::Column::PrefectureCode)
                .column_as(count.clone(), "n")
                .filter(facility::Column::Kind.eq(crate::domain::jurisdiction::FacilityKind::Hospital))
                .group_by(facility::Column::PrefectureCode)
                .into_tuple()
                .all(db)
                .await?;
            for (p, n) in rows {
                *fixed.entry(p).or_default() += u32::try_from(n).unwrap_or(0);
            }
        }
        if surveys.contains(&SurveyKind::ClinicDaily) {
            let rows: Vec<(String, Option<NaiveDate>, i64)> = facility::Entity::find()
                .select_only()
                .column(facility::Column::PrefectureCode)
                .column(facility::Column::DesignatedFrom)
                .column_as(count.clone(), "n")
                .filter(facility::Column::Kind.eq(crate::domain::jurisdiction::FacilityKind::Clinic))
                .filter(facility::Column::DesignatedFrom.is_not_null())
                .group_by(facility::Column::PrefectureCode)
                .group_by(facility::Column::DesignatedFrom)
                .into_tuple()
                .all(db)
                .await?;
            for (p, from, n) in rows {
                if let Some(from) = from {
                    designated.entry(p).or_default().push((from, u32::try_from(n).unwrap_or(0)));
                }
            }
        }
        if surveys.contains(&SurveyKind::CentreDaily) {
            let rows: Vec<(String, i64)> = centre::Entity::find()
                .select_only()
                .column(centre::Column::PrefectureCode)
                .column_as(Expr::col(centre::Column::Id).count(), "n")
                .group_by(centre::Column::PrefectureCode)
                .into_tuple()
                .all(db)
                .await?;
            for (p, n) in rows {
                *fixed.entry(p).or_default() += u32::try_from(n).unwrap_or(0);
            }
        }
        Ok(Self { fixed, designated })
    }

    pub(super) fn on(&self, prefecture: &str, day: NaiveDate) -> u32 {
        let fixed = self.fixed.get(prefecture).copied().unwrap_or(0);
        let clinics: u32 = self
            .designated
            .get(prefecture)
            .map(|v| v.iter().filter(|(from, _)| *from <= day).map(|(_, n)| n).sum())
            .unwrap_or(0);
        fixed + clinics
    }
}

/// The units of a prefecture or municipality (or an association's members),
/// with their municipalities' names and memberships.
pub struct UnitList {
    pub units: Vec<super::Unit>,
    pub memberships: Memberships,
    pub municipality_names: BTreeMap<String, String>,
}

impl UnitList {
    pub async fn load(db: &impl ConnectionTrait, scoped: &Scoped) -> Result<UnitList, AppError> {
        let units = load_units(db, &scoped.area, scoped.survey).await?;
        let memberships = Memberships::load(db, &scoped.area).await?;
        let mut munis = municipality::Entity::find();
        if let Some(p) = &scoped.area.prefecture {
            munis = munis.filter(municipality::Column::PrefectureCode.eq(p.clone()));
        }
        let municipality_names = munis.all(db).await?.into_iter().map(|m| (m.code, m.name)).collect();
        Ok(UnitList { units, memberships, municipality_names })
    }

    /// The units expected on `day`, limited to the association's members
    /// on that day when one is chosen.
    pub fn expected_on<'a>(&'a self, scoped: &'a Scoped, day: NaiveDate) -> impl Iterator<Item = &'a super::Unit> + 'a {
        self.units.iter().filter(move |u| {
            u.expected_on(day)
                && scoped.aggregator.is_none_or(|a| self.memberships.on(u.key, day).is_some_and(|(id, _)| id == a))
        })
    }

    pub fn municipality_name(&self, unit: &super::Unit) -> String {
        unit.municipality.as_ref().and_then(|m| self.municipality_names.get(m)).cloned().unwrap_or_default()
    }

    fn tally(
        &self,
        rules: PeriodRules,
        grace: &[Grace],
        scoped: &Scoped,
        arrivals: &HashMap<(ReportUnit, SurveyKind, NaiveDate), Arrival>,
    ) -> (Vec<CountsRow>, Vec<MissingUnit>) {
        let day = scoped.day;
        let by_municipality = scoped.area.level() != AreaLevel::Municipality;
        let mut rows: BTreeMap<String, CountsRow> = BTreeMap::new();
        let mut missing = Vec::new();
        for u in self.expected_on(scoped, day) {
            let category = classify(rules, grace, u.survey, day, arrivals.get(&(u.key, u.survey, day)));
            let (code, name) = if by_municipality {
                let code = u.municipality.clone().unwrap_or_default();
                (code, self.municipality_name(u))
            } else {
                (u.survey.code().to_owned(), (crate::i18n::t().area.survey_label)(u.survey).to_owned())
            };
            rows.entry(code.clone())
                .or_insert_with(|| CountsRow { code, name, counts: Counts::default() })
                .counts
                .count(category);
            if category.is_none() {
                missing.push(MissingUnit {
                    unit: u.key.key(),
                    survey: u.survey,
                    name: u.name.clone(),
                    medical_code: u.medical_code.clone(),
                    municipality: self.municipality_name(u),
                    aggregator: self.memberships.on(u.key, day).map(|(_, n)| n.to_owned()),
                    email: u.email.clone(),
                    reminded: false,
                });
            }
        }
        (rows.into_values().collect(), missing)
    }

    fn trend_of_arrivals(
        &self,
        scoped: &Scoped,
        arrivals: &HashMap<(ReportUnit, SurveyKind, NaiveDate), Arrival>,
        first: NaiveDate,
    ) -> Vec<RatePoint> {
        days(first, scoped.day)
            .map(|d| {
                let (mut expected, mut reported) = (0, 0);
                for u in self.expected_on(scoped, d) {
                    expected += 1;
                    reported += u32::from(arrivals.contains_key(&(u.key, u.survey, d)));
                }
                RatePoint { day: d, expected, reported }
            })
            .collect()
    }

    async fn trend_of_totals(
        &self,
        db: &impl ConnectionTrait,
        scoped: &Scoped,
        surveys: &[SurveyKind],
        first: NaiveDate,
    ) -> Result<Vec<RatePoint>, DbErr> {
        let sums = totals::area_sums(db, &scoped.area, surveys, &[totals::REPORTS], first, scoped.day).await?;
        Ok(days(first, scoped.day)
            .map(|d| RatePoint {
                day: d,
                expected: u32::try_from(self.expected_on(scoped, d).count()).unwrap_or(u32::MAX),
                reported: u32::try_from(sums.get(&(d, totals::REPORTS.to_owned())).copied().unwrap_or(0)).unwrap_or(0),
            })
            .collect())
    }
}
