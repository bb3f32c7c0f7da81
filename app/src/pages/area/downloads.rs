//! `/area/downloads`: the download form (a plain GET form to
//! `/area/download`, so the browser saves the streamed file), and for the
//! ministry admin the history of downloads.

use super::{AreaHeading, AreaLoader, AreaTabs};
use crate::api::area::load_download_page;
use crate::components::filter_select::FilterSelect;
use crate::domain::area::{DAILY_SURVEYS, DownloadKind, DownloadLogRow, DownloadPage};
use crate::i18n;
use leptos::prelude::*;

#[component]
pub fn DownloadsPage() -> impl IntoView {
    view! { <AreaLoader load=load_download_page show=|p| view! { <DownloadsView p /> } /> }
}

#[component]
fn LogTable(rows: Vec<DownloadLogRow>) -> impl IntoView {
    let a = i18n::t().area();
    view! {
        <div class="table-wrap">
            <table class="table">
                <thead><tr>
                    <th scope="col">{a.who}</th><th scope="col">{a.when}</th><th scope="col">{a.download_what}</th>
                    <th scope="col">{a.format}</th><th scope="col">{a.filters}</th><th scope="col">{a.rows}</th>
                    <th scope="col">{a.state}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| view! {
                        <tr>
                            <th scope="row">{r.login_id}<span class="cell-sub">{r.user_name}</span></th>
                            <td data-label=a.when>{r.started_at}</td>
                            <td data-label=a.download_what>{r.what}</td><td data-label=a.format>{r.format}</td>
                            <td class="cell-code" data-label=a.filters>{r.filters}</td>
                            <td data-label=a.rows>{r.rows}</td><td data-label=a.state>{r.state}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn DownloadsView(p: DownloadPage) -> impl IntoView {
    let a = i18n::t().area();
    let q = p.query.clone();
    let surveys: Vec<(String, String)> =
        DAILY_SURVEYS.iter().map(|s| (s.code().to_owned(), (a.survey_label)(*s).to_owned())).collect();
    let today = p.today.to_string();
    let formats = [("csv", a.format_csv), ("csv-sjis", a.format_sjis), ("xlsx", a.format_xlsx)];
    view! {
        <AreaHeading title=a.downloads_title area=p.area.clone() />
        <AreaTabs current="/area/downloads" query=p.query.clone() />
        <p>{a.downloads_lead}</p>
        <form class="card filters filters--area" method="get" action="/area/download">
            <fieldset class="field">
                <legend>{a.download_what}</legend>
                {DownloadKind::ALL.into_iter().enumerate().map(|(i, k)| view! {
                    <label class="radio-line">
                        <input type="radio" name="kind" value=k.code() checked=(i == 0).then_some("checked") />
                        {k.label()}
                    </label>
                }).collect_view()}
            </fieldset>
            {(!p.options.prefectures.is_empty()).then(|| view! {
                <FilterSelect name="prefecture" label=a.prefecture all=a.nation options=p.options.prefectures.clone()
                    selected=q.prefecture.clone() />
            })}
            {(p.options.municipalities.len() > 1).then(|| view! {
                <FilterSelect name="municipality" label=a.municipality all=a.all options=p.options.municipalities.clone()
                    selected=q.municipality.clone() />
            })}
            <div class="field">
                <label for="d-survey">{a.survey}</label>
                <select id="d-survey" name="survey">
                    {surveys.into_iter().map(|(code, label)| {
                        let chosen = (q.survey.as_ref() == Some(&code)).then_some("selected");
                        view! { <option value=code selected=chosen>{label}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="d-day">{a.day}</label>
                <input id="d-day" name="day" type="date" value=q.day.clone().unwrap_or_else(|| today.clone()) max=today.clone() />
            </div>
            <div class="field">
                <label for="d-from">{a.from}</label>
                <input id="d-from" name="from" type="date" value=q.from.clone() max=today.clone() aria-describedby="d-range-hint" />
            </div>
            <div class="field">
                <label for="d-to">{a.to}</label>
                <input id="d-to" name="to" type="date" value=q.to.clone() max=today.clone() aria-describedby="d-range-hint" />
                <p class="hint" id="d-range-hint">{a.range_hint}</p>
            </div>
            <fieldset class="field">
                <legend>{a.format}</legend>
                {formats.into_iter().enumerate().map(|(i, (code, label))| view! {
                    <label class="radio-line">
                        <input type="radio" name="format" value=code checked=(i == 0).then_some("checked") />
                        {label}
                    </label>
                }).collect_view()}
            </fieldset>
            <button type="submit" class="button button--primary">{a.download}</button>
        </form>
        {(!p.last_by_account.is_empty() || !p.history.is_empty()).then(|| view! {
            <section>
                <h2>{a.last_by_account}</h2>
                <LogTable rows=p.last_by_account.clone() />
                <h2>{a.history}</h2>
                <LogTable rows=p.history.clone() />
            </section>
        })}
    }
}
