//! Who reported a day (`/area`): counts per prefecture (nation),
//! municipality (prefecture) or survey (municipality), the list of units
//! that have not reported, and the reporting rate of the last 28 days.

use super::units::{Memberships, unreported};
use super::{Area, Scoped, filter_options, load_units, municipality_names, resolve, totals};
use crate::domain::area::{
    AreaLevel, AreaQuery, Completeness, Counts, CountsRow, DAILY_SURVEYS, MissingUnit, RatePoint, SHOWN_ROWS,
    TREND_DAYS,
};
use crate::domain::error::AppError;
use crate::domain::jurisdiction::FacilityKind;
use crate::domain::maintenance::{Grace, graces};
use crate::domain::reports::{DayStatus, PeriodRules, ReportUnit, day_status};
use crate::domain::roles::Actor;
use crate::domain::surveys::SurveyKind;
use crate::server::context::AppState;
use crate::server::entities::{centre, facility, prefecture, report};
use chrono::{DateTime, Days, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait,
};
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
/// report index), among the facilities of the kind that reports the survey.
/// A municipality (a few dozen units) names its units, so
/// the database seeks each unit's reports; a prefecture filters through a
/// subquery.
pub async fn in_area(conn: &impl ConnectionTrait, area: &Area, survey: SurveyKind) -> Result<Condition, DbErr> {
    in_area_after(conn, area, survey, None).await
}

/// [`in_area`] among the units whose id is above `after` (all when `None`):
/// the API's pull walks an area unit by unit.
pub async fn in_area_after(
    conn: &impl ConnectionTrait,
    area: &Area,
    survey: SurveyKind,
    after: Option<i32>,
) -> Result<Condition, DbErr> {
    let centres = survey == SurveyKind::CentreDaily;
    let kind = Condition::all()
        .add(report::Column::UnitKind.eq(if centres { "centre" } else { "facility" }))
        .add(report::Column::Survey.eq(survey.code()));
    if area.level() == AreaLevel::Nation {
        return Ok(match after {
            Some(after) => kind.add(report::Column::UnitId.gt(after)),
            None => kind,
        });
    }
    let city = area.level() == AreaLevel::Municipality;
    Ok(kind.add(if centres {
        let ids = centre::Entity::find()
            .select_only()
            .column(centre::Column::Id)
            .filter(area.centres())
            .apply_if(after, |q, a| q.filter(centre::Column::Id.gt(a)));
        unit_ids(conn, ids, city).await?
    } else {
        let mut ids = facility::Entity::find()
            .select_only()
            .column(facility::Column::Id)
            .filter(area.facilities())
            .apply_if(after, |q, a| q.filter(facility::Column::Id.gt(a)));
        // Only the kind that reports the survey: Tokyo's 728 hospitals, not
        // its 4,000 facilities, are looked up for the hospital survey.
        if let Some(kind) = super::units::reporting_kind(survey) {
            ids = ids.filter(facility::Column::Kind.eq(kind));
        }
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
        report::Column::UnitId.in_subquery(ids.into_query())
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
    let surveys: Vec<SurveyKind> = scoped.survey.map_or(DAILY_SURVEYS.to_vec(), |s| vec![s]);
    let first = scoped.day.checked_sub_days(Days::new(TREND_DAYS - 1)).unwrap_or(scoped.day);

    let (rows, missing, trend) = match scoped.aggregator {
        // An area's counts come from the running totals and counts of its
        // units; only those that have not reported are read one by one.
        None => {
            let group = match scoped.area.level() {
                AreaLevel::Nation => Group::Prefecture,
                AreaLevel::Prefecture => Group::Municipality,
                AreaLevel::Municipality => Group::Survey,
            };
            let expected = Expected::load(db, &scoped.area, &surveys, group).await?;
            let rows = counts_of_totals(db, &scoped, &surveys, &expected).await?;
            let missing = if scoped.area.level() == AreaLevel::Nation {
                Vec::new()
            } else {
                missing_units(state, &scoped, now).await?
            };
            let trend = trend_of_totals(db, &scoped.area, &surveys, &expected, first, scoped.day).await?;
            (rows, missing, trend)
        }
        // An association's members change over time: they are counted from
        // their own reports.
        Some(_) => {
            let windows = state.maintenance.windows(db).await?;
            let grace = graces(&windows, state.periods.back_entry_days, now);
            let unit_list = UnitList::load(db, &scoped).await?;
            let arrivals = arrivals(db, &scoped.area, &surveys, first, scoped.day).await?;
            let (rows, mut missing) = unit_list.tally(state.periods, &grace, &scoped, &arrivals);
            mark_reminded(db, scoped.day, &mut missing).await?;
            (rows, missing, unit_list.trend_of_arrivals(&scoped, &arrivals, first))
        }
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
        missing_total: missing.len(),
        missing: missing.into_iter().take(SHOWN_ROWS).collect(),
        trend,
    })
}

/// The units of the scoped area that have not reported its day (only the
/// association's members on the day when one is chosen).
pub(super) async fn missing_units(
    state: &AppState,
    scoped: &Scoped,
    now: DateTime<Utc>,
) -> Result<Vec<MissingUnit>, AppError> {
    let db = &state.db;
    let mut missing = if scoped.aggregator.is_some() {
        let windows = state.maintenance.windows(db).await?;
        let grace = graces(&windows, state.periods.back_entry_days, now);
        let surveys: Vec<SurveyKind> = scoped.survey.map_or(DAILY_SURVEYS.to_vec(), |s| vec![s]);
        let list = UnitList::load(db, scoped).await?;
        let arrivals = arrivals(db, &scoped.area, &surveys, scoped.day, scoped.day).await?;
        list.tally(state.periods, &grace, scoped, &arrivals).1
    } else {
        let units = unreported(db, &scoped.area, scoped.survey, scoped.day).await?;
        let facilities = units.iter().filter_map(|u| match u.key {
            ReportUnit::Facility(id) => Some(id),
            ReportUnit::Centre(_) => None,
        });
        let memberships = Memberships::of(db, facilities.collect::<Vec<_>>()).await?;
        let names = municipality_names(db, &scoped.area).await?;
        units.iter().map(|u| missing_unit(u, &names, &memberships, scoped.day)).collect()
    };
    mark_reminded(db, scoped.day, &mut missing).await?;
    Ok(missing)
}

/// A unit that has not reported `day`, as the list shows it.
fn missing_unit(
    u: &super::Unit,
    names: &BTreeMap<String, String>,
    memberships: &Memberships,
    day: NaiveDate,
) -> MissingUnit {
    MissingUnit {
        unit: u.key.key(),
        survey: u.survey,
        name: u.name.clone(),
        medical_code: u.medical_code.clone(),
        municipality: u.municipality.as_ref().and_then(|m| names.get(m)).cloned().unwrap_or_default(),
        aggregator: memberships.on(u.key, day).map(|(_, n)| n.to_owned()),
        email: u.email.clone(),
        reminded: false,
    }
}

async fn mark_reminded(db: &impl ConnectionTrait, day: NaiveDate, missing: &mut [MissingUnit]) -> Result<(), DbErr> {
    let reminded = super::reminders::reminded(db, day).await?;
    for m in missing {
        m.reminded = reminded.contains(&(m.survey.code().to_owned(), m.unit.clone()));
    }
    Ok(())
}

/// The day's counts of the area from the running totals: one row per
/// prefecture (nation), municipality (prefecture; units without one under
/// an empty code) or survey (municipality).
async fn counts_of_totals(
    db: &impl ConnectionTrait,
    scoped: &Scoped,
    surveys: &[SurveyKind],
    expected: &Expected,
) -> Result<Vec<CountsRow>, AppError> {
    let day = scoped.day;
    let items = [totals::REPORTS, totals::NOTHING, totals::LATE];
    let counts = |expected: u32, sum: &dyn Fn(&str) -> i64| {
        let n = |item: &str| u32::try_from(sum(item)).unwrap_or(0);
        let (reports, nothing, late) = (n(totals::REPORTS), n(totals::NOTHING), n(totals::LATE));
        Counts { expected, on_time: reports.saturating_sub(nothing + late), late, nothing }
    };
    let get = |sums: &BTreeMap<(NaiveDate, String, String), i64>, area: &str, item: &str| {
        sums.get(&(day, area.to_owned(), item.to_owned())).copied().unwrap_or(0)
    };
    match (&scoped.area.prefecture, &scoped.area.municipality) {
        (None, _) => {
            let prefectures = prefecture::Entity::find().order_by_asc(prefecture::Column::Code).all(db).await?;
            let codes: Vec<String> = prefectures.iter().map(|p| p.code.clone()).collect();
            let sums = totals::read(db, surveys, &items, &codes, day, day).await?;
            Ok(prefectures
                .into_iter()
                .map(|p| {
                    let counts = counts(expected.on(&p.code, day), &|item| get(&sums, &p.code, item));
                    CountsRow { code: p.code, name: p.name, counts }
                })
                .collect())
        }
        (Some(pref), None) => {
            let names = municipality_names(db, &scoped.area).await?;
            let mut codes: Vec<String> = names.keys().cloned().collect();
            codes.push(pref.clone());
            let sums = totals::read(db, surveys, &items, &codes, day, day).await?;
            // Units without a municipality: the prefecture's rest.
            let rest = |item: &str| get(&sums, pref, item) - names.keys().map(|m| get(&sums, m, item)).sum::<i64>();
            Ok(expected
                .keys()
                .into_iter()
                .filter(|code| expected.on(code, day) > 0)
                .map(|code| {
                    let counts = if code.is_empty() {
                        counts(expected.on(&code, day), &rest)
                    } else {
                        counts(expected.on(&code, day), &|item| get(&sums, &code, item))
                    };
                    CountsRow { name: names.get(&code).cloned().unwrap_or_default(), code, counts }
                })
                .collect())
        }
        (Some(_), Some(_)) => {
            // A designated city's units may be filed under its wards.
            let codes = scoped.area.municipality_codes();
            let mut rows = Vec::new();
            for survey in surveys.iter().filter(|s| expected.on(s.code(), day) > 0) {
                let sums = totals::read(db, &[*survey], &items, &codes, day, day).await?;
                let sum = |item: &str| codes.iter().map(|code| get(&sums, code, item)).sum::<i64>();
                rows.push(CountsRow {
                    code: survey.code().to_owned(),
                    name: (crate::i18n::t().area().survey_label)(*survey).to_owned(),
                    counts: counts(expected.on(survey.code(), day), &sum),
                });
            }
            rows.sort_by(|a, b| a.code.cmp(&b.code));
            Ok(rows)
        }
    }
}

/// The reporting rate of each day from `first` to `day`: units expected,
/// reports from the running totals.
async fn trend_of_totals(
    db: &impl ConnectionTrait,
    area: &Area,
    surveys: &[SurveyKind],
    expected: &Expected,
    first: NaiveDate,
    day: NaiveDate,
) -> Result<Vec<RatePoint>, DbErr> {
    let sums = totals::area_sums(db, area, surveys, &[totals::REPORTS], first, day).await?;
    Ok(days(first, day)
        .map(|d| RatePoint {
            day: d,
            expected: expected.total_on(d),
            reported: u32::try_from(sums.get(&(d, totals::REPORTS.to_owned())).copied().unwrap_or(0)).unwrap_or(0),
        })
        .collect())
}

/// `first..=last`.
pub fn days(first: NaiveDate, last: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    first.iter_days().take_while(move |d| *d <= last)
}

/// What [`Expected`] counts units by.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Group {
    Prefecture,
    /// Units without a municipality under an empty code.
    Municipality,
    Survey,
}

/// How many units of an area are expected on a day, per group: hospitals
/// and centres always, clinics from their designation. The database counts.
pub(super) struct Expected {
    fixed: BTreeMap<String, u32>,
    designated: BTreeMap<String, Vec<(NaiveDate, u32)>>,
}

impl Expected {
    pub(super) async fn load(
        db: &impl ConnectionTrait,
        area: &Area,
        surveys: &[SurveyKind],
        group: Group,
    ) -> Result<Self, DbErr> {
        let mut out = Expected { fixed: BTreeMap::new(), designated: BTreeMap::new() };
        let n = |n: i64| u32::try_from(n).unwrap_or(0);
        for survey in surveys {
            let key = |code: Option<String>| match group {
                Group::Survey => survey.code().to_owned(),
                _ => code.unwrap_or_default(),
            };
            if *survey == SurveyKind::CentreDaily {
                let column = match group {
                    Group::Municipality => centre::Column::MunicipalityCode,
                    _ => centre::Column::PrefectureCode,
                };
                let rows: Vec<(Option<String>, i64)> = centre::Entity::find()
                    .select_only()
                    .column(column)
                    .column_as(Expr::col(centre::Column::Id).count(), "n")
                    .filter(area.centres())
                    .group_by(column)
                    .into_tuple()
                    .all(db)
                    .await?;
                for (code, count) in rows {
                    *out.fixed.entry(key(code)).or_default() += n(count);
                }
                continue;
            }
            let column = match group {
                Group::Municipality => facility::Column::MunicipalityCode,
                _ => facility::Column::PrefectureCode,
            };
            let clinics = *survey == SurveyKind::ClinicDaily;
            let mut q = facility::Entity::find()
                .select_only()
                .column(column)
                .column(facility::Column::DesignatedFrom)
                .column_as(Expr::col(facility::Column::Id).count(), "n")
                .filter(area.facilities());
            q = if clinics {
                q.filter(facility::Column::Kind.eq(FacilityKind::Clinic))
                    .filter(facility::Column::DesignatedFrom.is_not_null())
            } else {
                q.filter(facility::Column::Kind.eq(FacilityKind::Hospital))
            };
            let rows: Vec<(Option<String>, Option<NaiveDate>, i64)> =
                q.group_by(column).group_by(facility::Column::DesignatedFrom).into_tuple().all(db).await?;
            for (code, from, count) in rows {
                match from.filter(|_| clinics) {
                    Some(from) => out.designated.entry(key(code)).or_default().push((from, n(count))),
                    None => *out.fixed.entry(key(code)).or_default() += n(count),
                }
            }
        }
        Ok(out)
    }

    /// The groups with units, in code order.
    pub(super) fn keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = self.fixed.keys().chain(self.designated.keys()).cloned().collect();
        keys.sort();
        keys.dedup();
        keys
    }

    pub(super) fn on(&self, group: &str, day: NaiveDate) -> u32 {
        let fixed = self.fixed.get(group).copied().unwrap_or(0);
        let clinics: u32 = self
            .designated
            .get(group)
            .map(|v| v.iter().filter(|(from, _)| *from <= day).map(|(_, n)| n).sum())
            .unwrap_or(0);
        fixed + clinics
    }

    pub(super) fn total_on(&self, day: NaiveDate) -> u32 {
        let clinics: u32 = self.designated.values().flatten().filter(|(from, _)| *from <= day).map(|(_, n)| n).sum();
        self.fixed.values().sum::<u32>() + clinics
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
        let municipality_names = municipality_names(db, &scoped.area).await?;
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
                (u.survey.code().to_owned(), (crate::i18n::t().area().survey_label)(u.survey).to_owned())
            };
            rows.entry(code.clone())
                .or_insert_with(|| CountsRow { code, name, counts: Counts::default() })
                .counts
                .count(category);
            if category.is_none() {
                missing.push(missing_unit(u, &self.municipality_names, &self.memberships, day));
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
}
