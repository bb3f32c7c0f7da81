//! `/area`: who reported a day in the caller's area.

use super::{AreaFilters, AreaHeading, AreaLoader, AreaTabs, href};
use crate::api::area::load_completeness;
use crate::components::chart::LineChart;
use crate::domain::area::{AreaLevel, Chart, Completeness, Counts, Series, percent_value};
use crate::i18n;
use leptos::prelude::*;

#[component]
pub fn CompletenessPage() -> impl IntoView {
    view! { <AreaLoader load=load_completeness show=|c| view! { <CompletenessView c /> } /> }
}

#[component]
fn Stats(total: Counts) -> impl IntoView {
    let a = i18n::t().area();
    let tiles = [
        (a.expected, total.expected.to_string(), ""),
        (a.on_time, total.on_time.to_string(), ""),
        (a.late, total.late.to_string(), ""),
        (a.nothing, total.nothing.to_string(), ""),
        (a.missing, total.missing().to_string(), "stat--alert"),
        (a.rate, total.rate(total.reported()), ""),
    ];
    view! {
        <dl class="stats">
            {tiles.into_iter().map(|(label, value, class)| view! {
                <div class=format!("stat {class}")><dt>{label}</dt><dd>{value}</dd></div>
            }).collect_view()}
        </dl>
    }
}

#[component]
fn CompletenessView(c: Completeness) -> impl IntoView {
    let a = i18n::t().area();
    let level = c.area.level;
    let query = c.query.clone();
    let first_col = match level {
        AreaLevel::Nation => a.prefecture,
        AreaLevel::Prefecture => a.municipality,
        AreaLevel::Municipality => a.survey,
    };
    let chart = Chart {
        title: a.rate_chart.to_owned(),
        unit: "%".to_owned(),
        days: c.trend.iter().map(|p| p.day).collect(),
        series: vec![Series {
            label: a.rate.to_owned(),
            values: c.trend.iter().map(|p| percent_value(i64::from(p.reported), i64::from(p.expected))).collect(),
        }],
    };
    let row_link = move |code: &str| match level {
        AreaLevel::Nation => Some(href("/area", &query.with("prefecture", Some(code)).with("municipality", None))),
        AreaLevel::Prefecture if !code.is_empty() => Some(href("/area", &query.with("municipality", Some(code)))),
        _ => None,
    };
    let (missing_count, missing_shown) = (c.missing_total, c.missing.len());
    let download = href("/area/download", &c.query.with("day", Some(&c.day.to_string())));
    let sep = if download.contains('?') { "&" } else { "?" };
    view! {
        <AreaHeading title=a.completeness_title area=c.area.clone() />
        <AreaTabs current="/area" query=c.query.clone() />
        <AreaFilters action="/area" query=c.query.clone() options=c.options.clone() day=c.day today=c.today with_survey=true />
        <Stats total=c.total />
        <div class="table-wrap" tabindex="0" role="region" aria-label=a.completeness_title>
            <table class="table table--numbers">
                <caption class="visually-hidden">{a.completeness_title}</caption>
                <thead><tr>
                    <th scope="col">{first_col}</th>
                    <th scope="col">{a.expected}</th><th scope="col">{a.on_time}</th><th scope="col">{a.late}</th>
                    <th scope="col">{a.nothing}</th><th scope="col">{a.missing}</th><th scope="col">{a.rate}</th>
                </tr></thead>
                <tbody>
                    {c.rows.iter().map(|r| {
                        let k = r.counts;
                        let name = if r.name.is_empty() { "—".to_owned() } else { r.name.clone() };
                        view! {
                            <tr>
                                <th scope="row">{match row_link(&r.code) {
                                    Some(link) => view! { <a href=link>{name}</a> }.into_any(),
                                    None => view! { <span>{name}</span> }.into_any(),
                                }}</th>
                                <td>{k.expected}</td><td>{k.on_time}</td><td>{k.late}</td><td>{k.nothing}</td>
                                <td class=(k.missing() > 0).then_some("cell--alert")>{k.missing()}</td>
                                <td>{k.rate(k.reported())}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        {if level == AreaLevel::Nation {
            view! { <p class="hint">{a.nation_hint}</p> }.into_any()
        } else {
            view! {
                <section aria-labelledby="missing-heading">
                    <h2 id="missing-heading">{(a.missing_heading)(missing_count)}</h2>
                    {if c.missing.is_empty() {
                        view! { <p>{a.missing_none}</p> }.into_any()
                    } else {
                        view! {
                            <div class="table-wrap">
                                <table class="table">
                                    <thead><tr>
                                        <th scope="col">{a.unit_name}</th><th scope="col">{a.municipality}</th>
                                        <th scope="col">{a.aggregator}</th><th scope="col">{a.contact}</th>
                                    </tr></thead>
                                    <tbody>
                                        {c.missing.iter().map(|m| view! {
                                            <tr>
                                                <th scope="row">
                                                    {m.name.clone()}
                                                    <span class="cell-sub">{(a.survey_label)(m.survey)}" "{m.medical_code.clone()}</span>
                                                </th>
                                                <td data-label=a.municipality>{m.municipality.clone()}</td>
                                                <td data-label=a.aggregator>
                                                    {m.aggregator.clone().unwrap_or_else(|| a.self_reporting.to_owned())}
                                                    {m.reminded.then(|| view! { <span class="badge badge--muted">{a.reminded}</span> })}
                                                </td>
                                                <td data-label=a.contact>{match m.email.clone() {
                                                    Some(mail) => view! { <a href=format!("mailto:{mail}")>{mail.clone()}</a> }.into_any(),
                                                    None => view! { <span>{a.no_contact}</span> }.into_any(),
                                                }}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any()
                    }}
                    {(missing_shown < missing_count).then(|| view! { <p class="hint">{(a.rows_shown)(missing_shown, missing_count)}</p> })}
                    <p class="actions">
                        <a class="button button--secondary" download="" href=format!("{download}{sep}kind=missing&format=csv")>{a.download_missing}" (CSV)"</a>
                        <a class="button button--secondary" download="" href=format!("{download}{sep}kind=missing&format=xlsx")>{a.download_missing}" (Excel)"</a>
                    </p>
                </section>
            }.into_any()
        }}
        <LineChart chart id="rate-chart".to_owned() />
    }
}
