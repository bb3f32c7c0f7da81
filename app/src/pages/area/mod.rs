//! The area pages of officers and the ministry (SPEC §7): reporting
//! completeness, capacity, supplies and downloads, each with the same
//! filter form (a plain GET form: it works without JavaScript) and tabs.

pub mod capacity;
pub mod completeness;
pub mod downloads;
pub mod supplies;

use crate::components::filter_select::FilterSelect;
use crate::domain::area::{AreaName, AreaQuery, DAILY_SURVEYS, FilterOptions};
use crate::domain::error::AppError;
use crate::i18n;
use crate::pages::error::ErrorPage;
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Serialize, de::DeserializeOwned};

/// Loads an area page's data for the filters in the URL with `load` (a
/// server function) and shows it with `show`, or the error page (bad
/// filters get their Japanese messages there).
#[component]
pub fn AreaLoader<T, Fut, V>(load: fn(AreaQuery) -> Fut, show: fn(T) -> V) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    Fut: Future<Output = Result<T, AppError>> + Send + 'static,
    V: IntoView + 'static,
{
    let t = i18n::t();
    let query = use_query_map();
    let data = Resource::new(move || query.with(|q| AreaQuery::from_query(|k| q.get(k))), load);
    view! {
        <Transition fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(d) => show(d).into_any(),
                }
            })}
        </Transition>
    }
}

/// The tabs between the area pages, keeping the filters.
#[component]
pub fn AreaTabs(current: &'static str, query: AreaQuery) -> impl IntoView {
    let a = i18n::t().area();
    let q = query.with("sort", None).to_query();
    let tabs = [
        ("/area", a.tab_completeness),
        ("/area/capacity", a.tab_capacity),
        ("/area/supplies", a.tab_supplies),
        ("/area/downloads", a.tab_downloads),
    ];
    view! {
        <nav class="tabs" aria-label=a.nav_label>
            {tabs.into_iter().map(|(path, label)| {
                let href = if q.is_empty() { path.to_owned() } else { format!("{path}?{q}") };
                view! { <a class="tabs__tab" href=href aria-current=(path == current).then_some("page")>{label}</a> }
            }).collect_view()}
        </nav>
    }
}

/// The filter form of an area page: day, prefecture (ministry),
/// municipality, survey and association, as far as `options` offers them.
#[component]
pub fn AreaFilters(
    action: &'static str,
    query: AreaQuery,
    options: FilterOptions,
    day: NaiveDate,
    today: NaiveDate,
    #[prop(optional)] with_survey: bool,
) -> impl IntoView {
    let a = i18n::t().area();
    let surveys: Vec<(String, String)> =
        DAILY_SURVEYS.iter().map(|s| (s.code().to_owned(), (a.survey_label)(*s).to_owned())).collect();
    view! {
        <form class="card filters filters--area" method="get" action=action>
            <div class="field">
                <label for="f-day">{a.day}</label>
                <input id="f-day" name="day" type="date" value=day.to_string() max=today.to_string() />
            </div>
            {(!options.prefectures.is_empty()).then(|| view! {
                <FilterSelect name="prefecture" label=a.prefecture all=a.nation options=options.prefectures.clone()
                    selected=query.prefecture.clone() />
            })}
            {(options.municipalities.len() > 1).then(|| view! {
                <FilterSelect name="municipality" label=a.municipality all=a.all options=options.municipalities.clone()
                    selected=query.municipality.clone() />
            })}
            {with_survey.then(|| view! {
                <FilterSelect name="survey" label=a.survey all=a.all options=surveys selected=query.survey.clone() />
            })}
            {(with_survey && !options.aggregators.is_empty()).then(|| view! {
                <FilterSelect name="aggregator" label=a.aggregator all=a.all options=options.aggregators.clone()
                    selected=query.aggregator.clone() />
            })}
            {query.sort.clone().map(|s| view! { <input type="hidden" name="sort" value=s /> })}
            <button type="submit" class="button button--secondary">{a.apply}</button>
        </form>
    }
}

/// `東京都 — 報告状況` heading with the area's name.
#[component]
pub fn AreaHeading(title: &'static str, area: AreaName) -> impl IntoView {
    let label = area.label();
    view! {
        <leptos_meta::Title text=format!("{title}{}", (i18n::t().parenthesized)(&label)) />
        <h1>{title}<span class="heading-sub">{label}</span></h1>
    }
}

/// A link to an area page with `query` changed.
pub fn href(path: &str, query: &AreaQuery) -> String {
    let q = query.to_query();
    if q.is_empty() { path.to_owned() } else { format!("{path}?{q}") }
}
