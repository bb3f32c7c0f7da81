//! `/area/capacity`: beds and services of the area's hospitals, clinic and
//! centre totals, and 28-day charts.

use super::{AreaFilters, AreaHeading, AreaLoader, AreaTabs, href};
use crate::api::area::load_capacity;
use crate::components::chart::LineChart;
use crate::domain::area::{Capacity, CapacityTotals, HospitalRow, ItemTotal, percent};
use crate::i18n;
use leptos::prelude::*;

#[component]
pub fn CapacityPage() -> impl IntoView {
    view! { <AreaLoader load=load_capacity show=|c| view! { <CapacityView c /> } /> }
}

fn pair(a: Option<i64>, b: Option<i64>) -> String {
    match (a, b) {
        (None, None) => "—".to_owned(),
        (a, b) => format!("{}/{}", a.map_or("—".into(), |n| n.to_string()), b.map_or("—".into(), |n| n.to_string())),
    }
}

fn opt(n: Option<i64>) -> String {
    n.map_or_else(|| "—".to_owned(), |n| n.to_string())
}

#[component]
fn TotalsRow(label: String, t: CapacityTotals, #[prop(optional)] link: Option<String>) -> impl IntoView {
    view! {
        <tr>
            <th scope="row">{match link {
                Some(l) => view! { <a href=l>{label}</a> }.into_any(),
                None => view! { <span>{label}</span> }.into_any(),
            }}</th>
            <td>{t.reporting}" / "{t.hospitals}</td>
            <td>{t.secured_beds}</td><td>{t.beds_in_use}</td><td>{percent(t.beds_in_use, t.secured_beds)}</td>
            <td>{t.inpatients}</td><td>{t.severe}</td>
            <td>{format!("{}/{}", t.ventilators_in_use, t.ventilators_owned)}</td>
            <td>{format!("{}/{}", t.ecmo_in_use, t.ecmo_owned)}</td>
        </tr>
    }
}

#[component]
fn HospitalTable(rows: Vec<HospitalRow>, totals: CapacityTotals) -> impl IntoView {
    let a = i18n::t().area();
    let mark = i18n::t().report_outlier_mark;
    let (shown, all) = (rows.len(), totals.hospitals as usize);
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=a.capacity_title>
            <table class="table table--numbers">
                <caption class="visually-hidden">{a.capacity_title}</caption>
                <thead><tr>
                    <th scope="col">{a.hospitals}</th><th scope="col">{a.as_of}</th>
                    <th scope="col">{a.secured_beds}</th><th scope="col">{a.beds_in_use}</th><th scope="col">{a.occupancy}</th>
                    <th scope="col">{a.inpatients}</th><th scope="col">{a.severe}</th>
                    <th scope="col">{a.ventilators}</th><th scope="col">{a.ecmo}</th>
                    <th scope="col">{a.services}</th><th scope="col">{a.staffing}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| {
                        let occupancy = r.occupancy();
                        let as_of = match (r.as_of, r.nothing_to_report) {
                            (None, _) => a.not_reported.to_owned(),
                            (Some(d), true) => format!("{} {}", d.format("%-m/%-d"), a.nothing_short),
                            (Some(d), false) => d.format("%-m/%-d").to_string(),
                        };
                        view! {
                            <tr class=r.alarm.then_some("row--alarm")>
                                <th scope="row">
                                    {r.alarm.then(|| view! { <span class="badge badge--missing">{a.alarm}</span>" " })}
                                    {r.name.clone()}<span class="cell-sub">{r.municipality.clone()}</span>
                                    {(!r.outliers.is_empty()).then(|| view! {
                                        <span class="badge badge--outlier">{mark}": "{r.outliers.join(i18n::t().list_separator)}</span>
                                    })}
                                </th>
                                <td>{as_of}</td>
                                <td>{opt(r.secured_beds)}</td><td>{opt(r.beds_in_use)}</td><td>{occupancy}</td>
                                <td>{opt(r.inpatients)}</td><td>{opt(r.severe)}</td>
                                <td>{pair(r.ventilators_in_use, r.ventilators_owned)}</td>
                                <td>{pair(r.ecmo_in_use, r.ecmo_owned)}</td>
                                <td>{r.statuses.iter().map(|s| view! {
                                    <span class={if s.alarm { "status status--alarm" } else { "status" }}>{s.label.clone()}</span>
                                }).collect_view()}</td>
                                <td>{r.staffing.clone().map(|s| view! {
                                    <span class={if s.alarm { "status status--alarm" } else { "status" }}>{s.label}</span>
                                })}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
                <tfoot>
                    <tr>
                        <th scope="row">{a.area_total}</th><td>{totals.reporting}" / "{totals.hospitals}</td>
                        <td>{totals.secured_beds}</td><td>{totals.beds_in_use}</td>
                        <td>{percent(totals.beds_in_use, totals.secured_beds)}</td>
                        <td>{totals.inpatients}</td><td>{totals.severe}</td>
                        <td>{format!("{}/{}", totals.ventilators_in_use, totals.ventilators_owned)}</td>
                        <td>{format!("{}/{}", totals.ecmo_in_use, totals.ecmo_owned)}</td>
                        <td colspan="2">{(a.alarms)(totals.alarms)}</td>
                    </tr>
                </tfoot>
            </table>
        </div>
        {(shown < all).then(|| view! { <p class="hint">{(a.rows_shown)(shown, all)}</p> })}
    }
}

#[component]
fn ItemTotals(title: &'static str, items: Vec<ItemTotal>) -> impl IntoView {
    view! {
        <section class="card">
            <h2>{title}</h2>
            <dl class="stats">
                {items.into_iter().map(|i| view! { <div class="stat"><dt>{i.label}</dt><dd>{i.total}</dd></div> }).collect_view()}
            </dl>
        </section>
    }
}

#[component]
fn CapacityView(c: Capacity) -> impl IntoView {
    let a = i18n::t().area();
    let query = c.query.clone();
    let sorts = [
        ("alarm", a.sort_alarm),
        ("occupancy", a.sort_occupancy),
        ("inpatients", a.sort_inpatients),
        ("name", a.sort_name),
        ("flagged", a.sort_flagged),
    ];
    let current = c.query.sort.clone().unwrap_or_else(|| "alarm".to_owned());
    let nation = !c.by_area.is_empty();
    let download = href("/area/download", &c.query.with("day", Some(&c.day.to_string())));
    let sep = if download.contains('?') { "&" } else { "?" };
    view! {
        <AreaHeading title=a.capacity_title area=c.area.clone() />
        <AreaTabs current="/area/capacity" query=c.query.clone() />
        <AreaFilters action="/area/capacity" query=c.query.clone() options=c.options.clone() day=c.day today=c.today />
        <p class="hint">{if nation { a.nation_capacity_lead } else { a.capacity_lead }}</p>
        {if nation {
            view! {
                <div class="table-wrap" tabindex="0" role="region" aria-label=a.capacity_title>
                    <table class="table table--numbers">
                        <thead><tr>
                            <th scope="col">{a.prefecture}</th><th scope="col">{a.hospitals}</th>
                            <th scope="col">{a.secured_beds}</th><th scope="col">{a.beds_in_use}</th><th scope="col">{a.occupancy}</th>
                            <th scope="col">{a.inpatients}</th><th scope="col">{a.severe}</th>
                            <th scope="col">{a.ventilators}</th><th scope="col">{a.ecmo}</th>
                        </tr></thead>
                        <tbody>
                            {c.by_area.iter().map(|(code, name, t)| {
                                let link = href("/area/capacity", &query.with("prefecture", Some(code)));
                                view! { <TotalsRow label=name.clone() t=*t link=link /> }
                            }).collect_view()}
                        </tbody>
                        <tfoot><TotalsRow label=a.area_total.to_owned() t=c.totals /></tfoot>
                    </table>
                </div>
            }.into_any()
        } else {
            view! {
                <nav class="actions sort-links" aria-label=a.sort_by>
                    {sorts.into_iter().map(|(code, label)| view! {
                        <a class="button button--secondary" href=href("/area/capacity", &query.with("sort", Some(code)))
                            aria-current=(current == code).then_some("true")>{label}</a>
                    }).collect_view()}
                </nav>
                <HospitalTable rows=c.hospitals.clone() totals=c.totals />
                <p class="actions">
                    <a class="button button--secondary" download="" href=format!("{download}{sep}kind=capacity&format=csv")>{a.download_this}" (CSV)"</a>
                    <a class="button button--secondary" download="" href=format!("{download}{sep}kind=capacity&format=xlsx")>{a.download_this}" (Excel)"</a>
                </p>
            }.into_any()
        }}
        <div class="charts">
            {c.charts.into_iter().enumerate().map(|(i, chart)| view! { <LineChart chart id=format!("capacity-chart-{i}") /> }).collect_view()}
        </div>
        <ItemTotals title=a.clinic_totals items=c.clinic_totals />
        <ItemTotals title=a.centre_totals items=c.centre_totals />
    }
}
