//! Beds and services (`/area/capacity`): each hospital's latest values of
//! the last seven days with the area's totals, the nation's totals per
//! prefecture, clinic and centre totals of the day, and 28-day charts of
//! occupancy and inpatients from the running totals.

use super::completeness::{Expected, Group, days};
use super::{Area, Scoped, filter_options, latest_reports, load_units, municipality_names, resolve, totals};
use crate::domain::area::{
    AreaLevel, AreaQuery, Capacity, CapacityTotals, Chart, HospitalRow, ItemTotal, SHOWN_ROWS, Series, StatusCell,
    TREND_DAYS, percent_value,
};
use crate::domain::error::AppError;
use crate::domain::reports::ReportUnit;
use crate::domain::roles::Actor;
use crate::domain::surveys::{Answer, Answers, ItemKind, SurveyDefinition, SurveyKind};
use crate::server::context::AppState;
use crate::server::entities::prefecture;
use crate::server::reports::{definition_for, parse_answers};
use chrono::{DateTime, Days, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder};
use std::collections::BTreeMap;

/// Days a hospital's last report stays "latest".
pub const LATEST_WITHIN_DAYS: u64 = 7;

/// The services whose status is shown, in order.
pub const SERVICES: [&str; 4] = ["outpatient_status", "inpatient_status", "emergency_status", "surgery_status"];

/// Staffing items: one since 2021, doctors and nurses apart before.
const STAFFING: [&str; 3] = ["staffing", "doctor_staffing", "nurse_staffing"];

/// The count items summed for the nation and the charts.
const SUMMED: [&str; 8] = [
    "secured_beds",
    "beds_in_use",
    "covid_inpatients",
    "covid_severe",
    "ventilators_in_use",
    "ventilators_owned",
    "ecmo_in_use",
    "ecmo_owned",
];

/// `/area/capacity` for `query`'s day in the caller's area.
pub async fn capacity(
    state: &AppState,
    actor: &Actor,
    query: AreaQuery,
    now: DateTime<Utc>,
) -> Result<Capacity, AppError> {
    let db = &state.db;
    let today = crate::domain::time::japan_date(now);
    let scoped = resolve(db, actor, &query, today, "area.capacity").await?;
    let options = filter_options(db, actor, &scoped.area).await?;
    let day = scoped.day;
    let hospital_def = definition_for(db, SurveyKind::HospitalDaily, day).await?.map(|(_, d)| d);

    let (hospitals, by_area) = if scoped.area.level() == AreaLevel::Nation {
        (Vec::new(), nation_rows(db, day).await?)
    } else {
        (hospital_rows(db, &scoped, hospital_def.as_ref()).await?, Vec::new())
    };
    let totals = if by_area.is_empty() {
        sum_rows(&hospitals)
    } else {
        by_area.iter().fold(CapacityTotals::default(), |acc, (_, _, t)| add(acc, t))
    };
    let clinic_totals = item_totals(db, SurveyKind::ClinicDaily, &scoped.area, day).await?;
    let centre_totals = item_totals(db, SurveyKind::CentreDaily, &scoped.area, day).await?;
    let charts = charts(db, &scoped.area, day).await?;
    Ok(Capacity {
        area: scoped.name.clone(),
        day,
        today,
        query: scoped.query.clone(),
        options,
        totals,
        hospitals: sort_rows(hospitals, scoped.query.sort.as_deref()).into_iter().take(SHOWN_ROWS).collect(),
        by_area,
        clinic_totals,
        centre_totals,
        charts,
    })
}

/// Each hospital of the area with its latest report of the last seven days.
pub(super) async fn hospital_rows(
    db: &impl ConnectionTrait,
    scoped: &Scoped,
    def: Option<&SurveyDefinition>,
) -> Result<Vec<HospitalRow>, AppError> {
    let day = scoped.day;
    let since = day.checked_sub_days(Days::new(LATEST_WITHIN_DAYS - 1)).unwrap_or(day);
    let units = load_units(db, &scoped.area, Some(SurveyKind::HospitalDaily)).await?;
    let latest = latest_reports(db, &scoped.area, SurveyKind::HospitalDaily, since, day).await?;
    let names = municipality_names(db, &scoped.area).await?;
    Ok(units
        .into_iter()
        .map(|u| {
            let ReportUnit::Facility(id) = u.key else { unreachable!("hospitals are facilities") };
            let r = latest.get(&id);
            let answers = r.map(|r| parse_answers(&r.answers)).unwrap_or_default();
            let municipality = u.municipality.as_ref().and_then(|m| names.get(m)).cloned().unwrap_or_default();
            let report = r.map(|r| (r.period, r.nothing_to_report));
            let row = hospital_row(u.key.key(), u.name, municipality, report, &answers, def);
            HospitalRow { outliers: outlier_labels(r.and_then(|r| r.outliers.as_deref()), def), ..row }
        })
        .collect())
}

/// One hospital's row from its answers (labels from the survey in force).
pub fn hospital_row(
    unit: String,
    name: String,
    municipality: String,
    report: Option<(NaiveDate, bool)>,
    answers: &Answers,
    def: Option<&SurveyDefinition>,
) -> HospitalRow {
    let count = |code: &str| match answers.get(code) {
        Some(Answer::Count(n)) => Some(*n),
        _ => None,
    };
    let cell = |code: &str| {
        let Some(Answer::Choice(choice)) = answers.get(code) else { return None };
        let label = def
            .and_then(|d| d.item(code))
            .and_then(|i| match &i.kind {
                ItemKind::Choice { choices } => choices.iter().find(|c| c.code == *choice).map(|c| c.label.clone()),
                _ => None,
            })
            .unwrap_or_else(|| choice.clone());
        Some(StatusCell {
            item: code.to_owned(),
            code: choice.clone(),
            label,
            alarm: choice == "stopped" || choice == "depleted",
        })
    };
    let statuses: Vec<StatusCell> = SERVICES.iter().filter_map(|c| cell(c)).collect();
    // The worst of the staffing items answered.
    let staffing = STAFFING.iter().filter_map(|c| cell(c)).max_by_key(|s| match s.code.as_str() {
        "depleted" => 2,
        "short" => 1,
        _ => 0,
    });
    let alarm = statuses.iter().any(|s| s.alarm) || staffing.as_ref().is_some_and(|s| s.alarm);
    HospitalRow {
        unit,
        name,
        municipality,
        as_of: report.map(|(d, _)| d),
        nothing_to_report: report.is_some_and(|(_, n)| n),
        secured_beds: count("secured_beds"),
        beds_in_use: count("beds_in_use"),
        inpatients: count("covid_inpatients"),
        severe: count("covid_severe"),
        ventilators_in_use: count("ventilators_in_use"),
        ventilators_owned: count("ventilators_owned"),
        ecmo_in_use: count("ecmo_in_use"),
        ecmo_owned: count("ecmo_owned"),
        statuses,
        staffing,
        alarm,
        outliers: Vec::new(),
    }
}

/// The labels of a report's confirmed outliers (`report.outliers`).
fn outlier_labels(outliers: Option<&str>, def: Option<&SurveyDefinition>) -> Vec<String> {
    let codes = crate::domain::outliers::from_column(outliers);
    codes.into_iter().map(|code| def.and_then(|d| d.item(&code)).map_or(code.clone(), |i| i.label.clone())).collect()
}

fn sum_rows(rows: &[HospitalRow]) -> CapacityTotals {
    let mut t = CapacityTotals { hospitals: u32::try_from(rows.len()).unwrap_or(u32::MAX), ..Default::default() };
    for r in rows {
        let n = |v: Option<i64>| v.unwrap_or(0);
        t.reporting += u32::from(r.as_of.is_some());
        t.secured_beds += n(r.secured_beds);
        t.beds_in_use += n(r.beds_in_use);
        t.inpatients += n(r.inpatients);
        t.severe += n(r.severe);
        t.ventilators_in_use += n(r.ventilators_in_use);
        t.ventilators_owned += n(r.ventilators_owned);
        t.ecmo_in_use += n(r.ecmo_in_use);
        t.ecmo_owned += n(r.ecmo_owned);
        t.alarms += u32::from(r.alarm);
    }
    t
}

fn add(a: CapacityTotals, b: &CapacityTotals) -> CapacityTotals {
    CapacityTotals {
        hospitals: a.hospitals + b.hospitals,
        reporting: a.reporting + b.reporting,
        secured_beds: a.secured_beds + b.secured_beds,
        beds_in_use: a.beds_in_use + b.beds_in_use,
        inpatients: a.inpatients + b.inpatients,
        severe: a.severe + b.severe,
        ventilators_in_use: a.ventilators_in_use + b.ventilators_in_use,
        ventilators_owned: a.ventilators_owned + b.ventilators_owned,
        ecmo_in_use: a.ecmo_in_use + b.ecmo_in_use,
        ecmo_owned: a.ecmo_owned + b.ecmo_owned,
        alarms: a.alarms + b.alarms,
    }
}

/// The nation: each prefecture's totals of the day's hospital reports.
async fn nation_rows(
    db: &impl ConnectionTrait,
    day: NaiveDate,
) -> Result<Vec<(String, String, CapacityTotals)>, AppError> {
    let prefectures = prefecture::Entity::find().order_by_asc(prefecture::Column::Code).all(db).await?;
    let codes: Vec<String> = prefectures.iter().map(|p| p.code.clone()).collect();
    let mut items: Vec<&str> = SUMMED.to_vec();
    items.push(totals::REPORTS);
    let sums = totals::read(db, &[SurveyKind::HospitalDaily], &items, &codes, day, day).await?;
    let nation = Area::default();
    let hospitals = Expected::load(db, &nation, &[SurveyKind::HospitalDaily], Group::Prefecture).await?;
    Ok(prefectures
        .into_iter()
        .map(|p| {
            let get = |item: &str| sums.get(&(day, p.code.clone(), item.to_owned())).copied().unwrap_or(0);
            let t = CapacityTotals {
                hospitals: hospitals.on(&p.code, day),
                reporting: u32::try_from(get(totals::REPORTS)).unwrap_or(0),
                secured_beds: get("secured_beds"),
                beds_in_use: get("beds_in_use"),
                inpatients: get("covid_inpatients"),
                severe: get("covid_severe"),
                ventilators_in_use: get("ventilators_in_use"),
                ventilators_owned: get("ventilators_owned"),
                ecmo_in_use: get("ecmo_in_use"),
                ecmo_owned: get("ecmo_owned"),
                alarms: 0,
            };
            (p.code, p.name, t)
        })
        .collect())
}

/// The day's sums of every count item of `survey` over `areas`, labelled
/// by the version in force on the day.
async fn item_totals(
    db: &impl ConnectionTrait,
    survey: SurveyKind,
    area: &Area,
    day: NaiveDate,
) -> Result<Vec<ItemTotal>, AppError> {
    let Some((_, def)) = definition_for(db, survey, day).await? else { return Ok(Vec::new()) };
    let codes: Vec<&str> = def.items.iter().filter(|i| i.is_count()).map(|i| i.code.as_str()).collect();
    let sums = totals::area_sums(db, area, &[survey], &codes, day, day).await?;
    let by_item: BTreeMap<&str, i64> = sums.iter().map(|((_, item), n)| (item.as_str(), *n)).collect();
    Ok(def
        .items
        .iter()
        .filter(|i| i.is_count())
        .map(|i| ItemTotal {
            code: i.code.clone(),
            label: i.label.clone(),
            total: by_item.get(i.code.as_str()).copied().unwrap_or(0),
        })
        .collect())
}

/// Occupancy and inpatients over the 28 days up to `day`.
async fn charts(db: &impl ConnectionTrait, area: &Area, day: NaiveDate) -> Result<Vec<Chart>, AppError> {
    let a = crate::i18n::t().area();
    let first = day.checked_sub_days(Days::new(TREND_DAYS - 1)).unwrap_or(day);
    let items = ["secured_beds", "beds_in_use", "covid_inpatients", "covid_severe", totals::REPORTS];
    let sums = totals::area_sums(db, area, &[SurveyKind::HospitalDaily], &items, first, day).await?;
    let by_day: BTreeMap<(NaiveDate, &str), i64> =
        sums.iter().map(|((d, item), n)| ((*d, item.as_str()), *n)).collect();
    let list: Vec<NaiveDate> = days(first, day).collect();
    let get = |d: NaiveDate, item: &str| by_day.get(&(d, item)).copied();
    let reported = |d: NaiveDate| get(d, totals::REPORTS).is_some_and(|n| n > 0);
    let occupancy = list
        .iter()
        .map(|d| match (get(*d, "beds_in_use"), get(*d, "secured_beds")) {
            (Some(used), Some(secured)) => percent_value(used, secured),
            _ => None,
        })
        .collect();
    let count = |item: &'static str| {
        list.iter().map(|d| if reported(*d) { Some(get(*d, item).unwrap_or(0) as f64) } else { None }).collect()
    };
    Ok(vec![
        Chart {
            title: a.occupancy_chart.to_owned(),
            unit: "%".to_owned(),
            days: list.clone(),
            series: vec![Series { label: a.occupancy.to_owned(), values: occupancy }],
        },
        Chart {
            title: a.inpatient_chart.to_owned(),
            unit: "人".to_owned(),
            days: list.clone(),
            series: vec![
                Series { label: a.inpatients.to_owned(), values: count("covid_inpatients") },
                Series { label: a.severe.to_owned(), values: count("covid_severe") },
            ],
        },
    ])
}

/// Sorts the hospitals: alarms first (default), by occupancy, by
/// inpatients, or by code; or keeps those with confirmed outliers.
pub fn sort_rows(mut rows: Vec<HospitalRow>, sort: Option<&str>) -> Vec<HospitalRow> {
    let occupancy = |r: &HospitalRow| match (r.beds_in_use, r.secured_beds) {
        (Some(u), Some(s)) if s > 0 => u * 10_000 / s,
        _ => -1,
    };
    match sort {
        Some("occupancy") => rows.sort_by_key(|r| std::cmp::Reverse(occupancy(r))),
        Some("inpatients") => rows.sort_by_key(|r| std::cmp::Reverse(r.inpatients.unwrap_or(-1))),
        Some("name") => {}
        // Only the hospitals whose latest report has confirmed outliers.
        Some("flagged") => rows.retain(|r| !r.outliers.is_empty()),
        _ => rows.sort_by_key(|r| (!r.alarm, r.as_of.is_none(), std::cmp::Reverse(occupancy(r)))),
    }
    rows
}
