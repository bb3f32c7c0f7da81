//! Running totals of daily reports per survey, item, area and day
//! (`report_totals`; an area is a prefecture code or a municipality code —
//! a unit's reports feed both). The report service applies each save's
//! difference in the same transaction as the report, so the totals move
//! with every first report, amendment and back-entry. The charts and
//! tables of the nation, a prefecture and a municipality read 47 (or one)
//! rows per item and day instead of every report.
//!
//! Beside the count items (`covid_inpatients`, `fever_patients`…) three
//! numbers are kept: `_reports` (reports saved), `_nothing` ("nothing to
//! report") and `_late` (reports with values first entered after the
//! deadline — decided when the report first arrived).

use crate::domain::maintenance::Grace;
use crate::domain::reports::{DayStatus, PeriodRules, ReportUnit, day_status};
use crate::domain::surveys::{Answer, Answers, SurveyKind};
use crate::server::entities::{centre, facility, prefecture, report, report_total};
use chrono::NaiveDate;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, OnConflict, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use std::collections::{BTreeMap, BTreeSet, HashMap};

pub const REPORTS: &str = "_reports";
pub const NOTHING: &str = "_nothing";
pub const LATE: &str = "_late";

/// What one saved report contributes: nothing-to-report or values, late or not.
#[derive(Clone, Copy)]
pub struct Contribution<'a> {
    pub nothing: bool,
    pub late: bool,
    pub answers: &'a Answers,
}

impl Contribution<'_> {
    fn add(&self, sign: i64, out: &mut BTreeMap<String, i64>) {
        if self.nothing {
            *out.entry(NOTHING.to_owned()).or_default() += sign;
            return;
        }
        if self.late {
            *out.entry(LATE.to_owned()).or_default() += sign;
        }
        for (code, answer) in self.answers {
            if let Answer::Count(n) = answer {
                *out.entry(code.clone()).or_default() += sign * n;
            }
        }
    }
}

/// The change of the totals when a report goes from `old` (none for a first
/// report) to `new`. Zero changes are left out.
pub fn delta(old: Option<Contribution<'_>>, new: Contribution<'_>) -> BTreeMap<String, i64> {
    let mut out = BTreeMap::new();
    match old {
        None => {
            out.insert(REPORTS.to_owned(), 1);
        }
        Some(old) => old.add(-1, &mut out),
    }
    new.add(1, &mut out);
    out.retain(|_, v| *v != 0);
    out
}

/// Changes of the running totals gathered over many reports (per survey,
/// day, area and item), written in a few statements. Only daily surveys are
/// totalled.
///
/// Kept per (survey, day), then area, then item — the order they are
/// written in — so that adding a report's change looks its area and items
/// up by reference and copies a name only the first time it appears (the
/// legacy import adds millions).
#[derive(Default)]
pub struct Changes(BTreeMap<(SurveyKind, NaiveDate), BTreeMap<String, BTreeMap<String, i64>>>);

impl Changes {
    /// Adds `delta` to the totals of `survey` on `day` in each of `areas`.
    pub fn add(&mut self, survey: SurveyKind, day: NaiveDate, areas: &[String], delta: &BTreeMap<String, i64>) {
        if survey == SurveyKind::SuppliesWeekly {
            return;
        }
        let of_day = self.0.entry((survey, day)).or_default();
        for area in areas {
            if !of_day.contains_key(area.as_str()) {
                of_day.insert(area.clone(), BTreeMap::new());
            }
            let Some(items) = of_day.get_mut(area.as_str()) else { continue };
            for (item, n) in delta {
                match items.get_mut(item.as_str()) {
                    Some(total) => *total += n,
                    None => {
                        items.insert(item.clone(), *n);
                    }
                }
            }
        }
    }

    /// Adds the changes of `other` (gathered on another thread).
    pub fn merge(&mut self, other: Changes) {
        for (key, areas) in other.0 {
            let of_day = self.0.entry(key).or_default();
            for (area, items) in areas {
                let totals = of_day.entry(area).or_default();
                for (item, n) in items {
                    *totals.entry(item).or_default() += n;
                }
            }
        }
    }

    /// Writes the changes, each total row once.
    pub async fn apply(self, conn: &impl ConnectionTrait) -> Result<(), DbErr> {
        let rows: Vec<_> = self
            .0
            .into_iter()
            .flat_map(|((survey, day), areas)| {
                areas.into_iter().flat_map(move |(area, items)| {
                    items.into_iter().map(move |(item, n)| ((survey, day, area.clone(), item), n))
                })
            })
            .filter(|(_, n)| *n != 0)
            .collect();
        let backend = conn.get_database_backend();
        let inserts = rows.chunks(2_000).map(|chunk| {
            let mut insert = Query::insert();
            insert.into_table(report_total::Entity).columns([
                report_total::Column::Survey,
                report_total::Column::Item,
                report_total::Column::Area,
                report_total::Column::Period,
                report_total::Column::Total,
            ]);
            for ((survey, day, area, item), n) in chunk {
                insert.values_panic([
                    survey.code().into(),
                    item.clone().into(),
                    area.clone().into(),
                    (*day).into(),
                    (*n).into(),
                ]);
            }
            insert.on_conflict(
                OnConflict::columns([
                    report_total::Column::Survey,
                    report_total::Column::Item,
                    report_total::Column::Area,
                    report_total::Column::Period,
                ])
                .value(
                    report_total::Column::Total,
                    Expr::col((report_total::Entity, report_total::Column::Total))
                        .add(Expr::col((Alias::new("excluded"), report_total::Column::Total))),
                )
                .to_owned(),
            );
            backend.build(&insert)
        });
        crate::server::db::execute_ahead(conn, Box::new(inserts)).await?;
        Ok(())
    }
}

/// The areas whose totals each unit's reports feed: its prefecture and,
/// when it has one, its municipality.
pub async fn areas_of_all(
    conn: &impl ConnectionTrait,
    units: impl IntoIterator<Item = ReportUnit>,
) -> Result<HashMap<ReportUnit, Vec<String>>, DbErr> {
    let (mut facilities, mut centres) = (BTreeSet::new(), BTreeSet::new());
    for unit in units {
        match unit {
            ReportUnit::Facility(id) => facilities.insert(id),
            ReportUnit::Centre(id) => centres.insert(id),
        };
    }
    areas_of_units(conn, Some(&facilities), Some(&centres)).await
}

/// [`areas_of_all`] for every facility and centre there is, read in two
/// queries (the legacy import writes the reports of tens of thousands).
pub async fn areas_of_every_unit(conn: &impl ConnectionTrait) -> Result<HashMap<ReportUnit, Vec<String>>, DbErr> {
    areas_of_units(conn, None, None).await
}

/// The areas of the facilities and centres with these ids (all of them for `None`).
async fn areas_of_units(
    conn: &impl ConnectionTrait,
    facilities: Option<&BTreeSet<i32>>,
    centres: Option<&BTreeSet<i32>>,
) -> Result<HashMap<ReportUnit, Vec<String>>, DbErr> {
    let place = |p: String, m: Option<String>| [Some(p), m].into_iter().flatten().collect::<Vec<_>>();
    let mut out = HashMap::new();
    if facilities.is_none_or(|ids| !ids.is_empty()) {
        let mut query = facility::Entity::find().select_only().columns([
            facility::Column::Id,
            facility::Column::PrefectureCode,
            facility::Column::MunicipalityCode,
        ]);
        if let Some(ids) = facilities {
            query = query.filter(facility::Column::Id.is_in(ids.iter().copied()));
        }
        let rows: Vec<(i32, String, Option<String>)> = query.into_tuple().all(conn).await?;
        out.extend(rows.into_iter().map(|(id, p, m)| (ReportUnit::Facility(id), place(p, m))));
    }
    if centres.is_none_or(|ids| !ids.is_empty()) {
        let mut query = centre::Entity::find().select_only().columns([
            centre::Column::Id,
            centre::Column::PrefectureCode,
            centre::Column::MunicipalityCode,
        ]);
        if let Some(ids) = centres {
            query = query.filter(centre::Column::Id.is_in(ids.iter().copied()));
        }
        let rows: Vec<(i32, String, Option<String>)> = query.into_tuple().all(conn).await?;
        out.extend(rows.into_iter().map(|(id, p, m)| (ReportUnit::Centre(id), place(p, m))));
    }
    Ok(out)
}

/// Sums of `items` (count items, or [`REPORTS`] / [`NOTHING`]) of `surveys`
/// over `area` from `from` to `to`, per (day, item), from the running
/// totals: the municipality's, the prefecture's, or all prefectures' for
/// the nation.
pub async fn area_sums(
    conn: &impl ConnectionTrait,
    area: &super::Area,
    surveys: &[SurveyKind],
    items: &[&str],
    from: NaiveDate,
    to: NaiveDate,
) -> Result<BTreeMap<(NaiveDate, String), i64>, DbErr> {
    let codes: Vec<String> = match (&area.municipality, &area.prefecture) {
        (Some(_), _) => area.municipality_codes(),
        (None, Some(p)) => vec![p.clone()],
        (None, None) => prefecture::Entity::find().all(conn).await?.into_iter().map(|p| p.code).collect(),
    };
    // The database sums (the nation's 28 days are 47 rows each).
    let rows: Vec<(NaiveDate, String, i64)> = report_total::Entity::find()
        .select_only()
        .column(report_total::Column::Period)
        .column(report_total::Column::Item)
        .column_as(
            Expr::from(Func::cast_as(Expr::col(report_total::Column::Total).sum(), Alias::new("bigint"))),
            "total",
        )
        .filter(report_total::Column::Survey.is_in(surveys.iter().map(|s| s.code())))
        .filter(report_total::Column::Item.is_in(items.iter().copied()))
        .filter(report_total::Column::Area.is_in(codes))
        .filter(report_total::Column::Period.between(from, to))
        .group_by(report_total::Column::Period)
        .group_by(report_total::Column::Item)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows.into_iter().map(|(day, item, n)| ((day, item), n)).collect())
}

/// Sums of `items` of `surveys` over `areas` from `from` to `to`: (day, area, item) → total.
pub async fn read(
    conn: &impl ConnectionTrait,
    surveys: &[SurveyKind],
    items: &[&str],
    areas: &[String],
    from: NaiveDate,
    to: NaiveDate,
) -> Result<BTreeMap<(NaiveDate, String, String), i64>, DbErr> {
    let rows = report_total::Entity::find()
        .filter(report_total::Column::Survey.is_in(surveys.iter().map(|s| s.code())))
        .filter(report_total::Column::Item.is_in(items.iter().copied()))
        .filter(report_total::Column::Area.is_in(areas.iter().cloned()))
        .filter(report_total::Column::Period.between(from, to))
        .all(conn)
        .await?;
    let mut out = BTreeMap::new();
    for r in rows {
        *out.entry((r.period, r.area, r.item)).or_default() += r.total;
    }
    Ok(out)
}

/// Recomputes every total from the reports (after an import, or when the
/// table is new and reports exist), one survey and day at a time so that
/// memory stays small. Lateness is judged with today's rules.
pub async fn rebuild(db: &DatabaseConnection, rules: PeriodRules, grace: &[Grace]) -> Result<u64, DbErr> {
    report_total::Entity::delete_many().exec(db).await?;
    let mut areas: HashMap<(String, i32), Vec<String>> = HashMap::new();
    for f in facility::Entity::find().all(db).await? {
        areas.insert(
            ("facility".into(), f.id),
            [Some(f.prefecture_code), f.municipality_code].into_iter().flatten().collect(),
        );
    }
    for c in centre::Entity::find().all(db).await? {
        areas.insert(
            ("centre".into(), c.id),
            [Some(c.prefecture_code), c.municipality_code].into_iter().flatten().collect(),
        );
    }
    let mut count = 0;
    for survey in crate::domain::area::DAILY_SURVEYS {
        let days: Vec<NaiveDate> = report::Entity::find()
            .select_only()
            .column(report::Column::Period)
            .distinct()
            .filter(report::Column::Survey.eq(survey.code()))
            .order_by_asc(report::Column::Period)
            .into_tuple()
            .all(db)
            .await?;
        for day in days {
            let due = rules.due(survey, day);
            let mut changes = Changes::default();
            let mut pages = report::Entity::find()
                .filter(report::Column::Survey.eq(survey.code()))
                .filter(report::Column::Period.eq(day))
                .order_by_asc(report::Column::Id)
                .paginate(db, 2000);
            while let Some(rows) = pages.fetch_and_next().await? {
                for r in rows {
                    let Some(unit_areas) = areas.get(&(r.unit_kind.clone(), r.unit_id)) else { continue };
                    let answers: Answers = serde_json::from_str(&r.answers).unwrap_or_default();
                    let late = day_status(due, day, day, Some(r.first_entered_at), grace) == DayStatus::Late;
                    let d = delta(None, Contribution { nothing: r.nothing_to_report, late, answers: &answers });
                    changes.add(survey, day, unit_areas, &d);
                    count += 1;
                }
            }
            changes.apply(db).await?;
        }
    }
    Ok(count)
}

/// Rebuilds the totals when daily reports exist but no totals do (a
/// database from before the totals table).
pub async fn rebuild_if_empty(db: &DatabaseConnection, rules: PeriodRules, grace: &[Grace]) -> Result<(), DbErr> {
    if report_total::Entity::find().count(db).await? > 0 {
        return Ok(());
    }
    let daily =
        report::Entity::find().filter(report::Column::Survey.ne(SurveyKind::SuppliesWeekly.code())).count(db).await?;
    if daily > 0 {
        let n = rebuild(db, rules, grace).await?;
        tracing::info!(reports = n, "rebuilt report totals");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(pairs: &[(&str, i64)]) -> Answers {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), Answer::Count(*v))).collect()
    }

    #[test]
    fn a_first_report_counts_once_with_its_values() {
        let a = answers(&[("beds_in_use", 40), ("secured_beds", 50)]);
        let d = delta(None, Contribution { nothing: false, late: true, answers: &a });
        assert_eq!(
            d,
            BTreeMap::from([
                (REPORTS.into(), 1),
                (LATE.into(), 1),
                ("beds_in_use".into(), 40),
                ("secured_beds".into(), 50)
            ])
        );
    }

    #[test]
    fn an_amendment_moves_only_the_difference() {
        let old = answers(&[("beds_in_use", 40), ("secured_beds", 50)]);
        let new = answers(&[("beds_in_use", 45), ("secured_beds", 50)]);
        let d = delta(
            Some(Contribution { nothing: false, late: false, answers: &old }),
            Contribution { nothing: false, late: false, answers: &new },
        );
        assert_eq!(d, BTreeMap::from([("beds_in_use".into(), 5)]));
        // From values to "nothing to report": the values leave, the late mark too.
        let empty = Answers::new();
        let d = delta(
            Some(Contribution { nothing: false, late: true, answers: &old }),
            Contribution { nothing: true, late: true, answers: &empty },
        );
        assert_eq!(
            d,
            BTreeMap::from([
                (NOTHING.into(), 1),
                (LATE.into(), -1),
                ("beds_in_use".into(), -40),
                ("secured_beds".into(), -50)
            ])
        );
    }
}
