//! `/area/supplies`: days of stock per facility, facilities below the
//! threshold per supply, and open SOS requests.

use super::{AreaFilters, AreaHeading, AreaLoader, AreaTabs, href};
use crate::api::area::load_area_supplies;
use crate::domain::area::{AreaLevel, SupplyStatus};
use crate::domain::supplies::Supply;
use crate::i18n;
use leptos::prelude::*;

#[component]
pub fn AreaSuppliesPage() -> impl IntoView {
    view! { <AreaLoader load=load_area_supplies show=|s| view! { <SuppliesView s /> } /> }
}

#[component]
fn SuppliesView(s: SupplyStatus) -> impl IntoView {
    let a = i18n::t().area();
    view! {
        <AreaHeading title=a.supplies_title area=s.area.clone() />
        <AreaTabs current="/area/supplies" query=s.query.clone() />
        <AreaFilters action="/area/supplies" query=s.query.clone() options=s.options.clone() day=s.day today=s.today />
        <p class="hint">{(a.supplies_lead)(s.threshold_days)}</p>
        {if s.area.level == AreaLevel::Nation {
            view! { <p class="hint">{a.supplies_nation_hint}</p> }.into_any()
        } else {
            view! { <SupplyTable s=s.clone() /> }.into_any()
        }}
        <section class="card">
            <h2>{a.open_requests}</h2>
            {if s.open_requests.is_empty() {
                view! { <p>{a.open_requests_none}</p> }.into_any()
            } else {
                view! {
                    <ul class="link-list">
                        {s.open_requests.iter().map(|(id, name, state, at)| view! {
                            <li>
                                {if s.requests_linkable {
                                    view! { <a href=format!("/supplies/requests/{id}")>{name.clone()}</a> }.into_any()
                                } else {
                                    view! { <span>{name.clone()}</span> }.into_any()
                                }}
                                " — "{state.clone()}" · "{at.clone()}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn SupplyTable(s: SupplyStatus) -> impl IntoView {
    let a = i18n::t().area();
    let threshold = i64::from(s.threshold_days);
    let download = href("/area/download", &s.query.with("day", Some(&s.day.to_string())));
    let sep = if download.contains('?') { "&" } else { "?" };
    let shown = s.rows.len();
    let reporting = usize::try_from(s.reporting).unwrap_or(usize::MAX);
    view! {
        <p>{(a.reporting_facilities)(s.reporting, s.facilities)}</p>
        <h2>{a.below_threshold}</h2>
        <dl class="stats">
            {Supply::ALL.iter().zip(s.below.iter()).map(|(supply, n)| view! {
                <div class={if *n > 0 { "stat stat--alert" } else { "stat" }}><dt>{supply.label()}</dt><dd>{*n}</dd></div>
            }).collect_view()}
        </dl>
        <div class="table-wrap" tabindex="0" role="region" aria-label=a.supplies_title>
            <table class="table table--numbers">
                <caption class="visually-hidden">{a.supplies_title}</caption>
                <thead><tr>
                    <th scope="col">{a.unit_name}</th><th scope="col">{a.week_of}</th>
                    {Supply::ALL.iter().map(|x| view! { <th scope="col">{x.label()}</th> }).collect_view()}
                </tr></thead>
                <tbody>
                    {s.rows.iter().map(|r| view! {
                        <tr class=r.low.then_some("row--alarm")>
                            <th scope="row">{r.name.clone()}<span class="cell-sub">{r.municipality.clone()}</span></th>
                            <td>{r.week.format("%-m/%-d").to_string()}</td>
                            {r.days.iter().map(|d| match d {
                                Some(d) => view! {
                                    <td class=(*d < threshold).then_some("cell--alert")>{*d}" "{a.days_unit}</td>
                                }.into_any(),
                                None => view! { <td>{a.not_used}</td> }.into_any(),
                            }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        {(shown < reporting).then(|| view! { <p class="hint">{(a.rows_shown)(shown, reporting)}</p> })}
        <p class="actions">
            <a class="button button--secondary" download="" href=format!("{download}{sep}kind=supplies&format=csv")>{a.download_this}" (CSV)"</a>
            <a class="button button--secondary" download="" href=format!("{download}{sep}kind=supplies&format=xlsx")>{a.download_this}" (Excel)"</a>
        </p>
    }
}
