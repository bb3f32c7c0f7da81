//! `/admin/surveys`: the survey versions and where each stands;
//! `/admin/surveys/new`: a new version typed as JSON, checked as a draft
//! (every problem on its field, nothing installed), shown as its diff
//! against the version it follows and as the form users will see, then
//! installed from a future day with the notice that explains it.
//!
//! Every page is whole in its first HTML and both forms are plain posts
//! (see `api::survey_admin`), so the ministry works the same with or
//! without JavaScript.

use crate::api::survey_admin::{NEW_PATH, PAGE_PATH, load_new_survey_version, load_survey_versions};
use crate::domain::error::FieldErrors;
use crate::domain::survey_versions::{
    DraftOutcome, MAX_DEFINITION_CHARS, NewVersionPage, SurveyDiff, SurveyVersions, VersionState,
};
use crate::domain::surveys::{RawValues, SurveyDefinition};
use crate::domain::time::format_date;
use crate::i18n;
use crate::pages::error::ErrorPage;
use crate::pages::reports::{ItemField, group_by_section};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SurveyVersionsPage() -> impl IntoView {
    let t = i18n::t();
    let s = t.survey_admin();
    let query = use_query_map().get_untracked();
    let added = query.get("added").zip(query.get("version").and_then(|v| v.parse::<i32>().ok()));
    let list = OnceResource::new(load_survey_versions());
    view! {
        <Title text=s.title />
        <h1>{s.title}</h1>
        <p class="lead">{s.lead}</p>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || {
                let added = added.clone();
                Suspend::new(async move {
                    match list.await {
                        Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                        Ok(surveys) => {
                            // Back from installing a version: said with the list's own words.
                            let done = added.and_then(|(code, version)| {
                                let survey = surveys.iter().find(|v| v.survey.code() == code)?;
                                let row = survey.versions.iter().find(|r| r.version == version)?;
                                Some((s.added)(&survey.title, version, &format_date(row.effective_from)))
                            });
                            view! {
                                {done.map(|text| view! { <p class="alert alert--success" role="status">{text}</p> })}
                                {surveys.into_iter().map(|v| view! { <SurveyCard versions=v /> }).collect_view()}
                            }.into_any()
                        }
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn SurveyCard(versions: SurveyVersions) -> impl IntoView {
    let s = i18n::t().survey_admin();
    let heading = format!("survey-{}", versions.survey.code());
    let labelled_by = heading.clone();
    view! {
        <section class="card survey-versions" aria-labelledby=labelled_by>
            <h2 id=heading>{versions.title.clone()}</h2>
            <div class="table-wrap">
                <table class="table">
                    <thead><tr>
                        <th scope="col">{s.col_version}</th>
                        <th scope="col">{s.col_from}</th>
                        <th scope="col">{s.col_state}</th>
                        <th scope="col">{s.col_notice}</th>
                    </tr></thead>
                    <tbody>
                        {versions.versions.into_iter().map(|r| {
                            let state = match r.state {
                                VersionState::InForce => view! { <span class="badge badge--ok">{s.in_force}</span> }.into_any(),
                                VersionState::Scheduled => view! { <span class="badge badge--warn">{s.scheduled}</span> }.into_any(),
                                VersionState::Past => view! { <span class="badge">{s.past}</span> }.into_any(),
                            };
                            view! {
                                <tr>
                                    <td data-label=s.col_version>{(s.version)(r.version)}</td>
                                    <td data-label=s.col_from>{format_date(r.effective_from)}</td>
                                    <td data-label=s.col_state>{state}</td>
                                    <td data-label=s.col_notice>
                                        {r.notice.map(|(n, title)| view! { <a href=format!("/notices/{n}")>{title}</a> })}
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <p>
                <a class="button button--secondary" href=format!("{NEW_PATH}?survey={}", versions.survey.code())>
                    {(s.new_version)(&versions.title)}
                </a>
            </p>
        </section>
    }
}

#[component]
pub fn NewSurveyVersionPage() -> impl IntoView {
    let t = i18n::t();
    let s = t.survey_admin();
    let query = use_query_map().get_untracked();
    let survey = query.get("survey").unwrap_or_default();
    let draft = query.get("draft").and_then(|d| d.parse::<i32>().ok());
    let stale = query.get("stale").is_some();
    // Without a survey or a draft there is nothing to start from: the list
    // is where one is chosen.
    if survey.is_empty() && draft.is_none() {
        return view! {
            <Title text=s.title />
            <h1>{s.title}</h1>
            <p class="alert alert--info">{s.choose_survey}</p>
            <p><a href=PAGE_PATH>{s.back}</a></p>
        }
        .into_any();
    }
    let page = OnceResource::new(load_new_survey_version(survey, draft));
    view! {
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(p) => view! { <VersionForm page=p stale /> }.into_any(),
                }
            })}
        </Suspense>
        <p><a href=PAGE_PATH>{s.back}</a></p>
    }
    .into_any()
}

#[component]
fn VersionForm(page: NewVersionPage, stale: bool) -> impl IntoView {
    let s = i18n::t().survey_admin();
    let title = (s.new_title)(&page.title);
    let errors = match &page.outcome {
        Some(DraftOutcome::Refused(e)) => e.clone(),
        _ => FieldErrors::new(),
    };
    let summary = match &page.outcome {
        Some(DraftOutcome::Refused(_)) => {
            Some(view! { <p class="alert alert--error" role="alert">{s.errors_summary}</p> }.into_any())
        }
        Some(DraftOutcome::Ready { definition, .. }) => Some(
            view! {
                <p class="alert alert--success" role="status">
                    {(s.ready)(definition.version, &format_date(definition.effective_from))}
                </p>
            }
            .into_any(),
        ),
        None => None,
    };
    let error = |field: &str| {
        errors.get(field).cloned().map(|m| view! { <p class="field-error" id=format!("sv-{field}-error")>{m}</p> })
    };
    let invalid = |field: &str| errors.contains_key(field).to_string();
    let definition_invalid = ["definition", "items", "rules"].iter().any(|f| errors.contains_key(*f)).to_string();
    let input = page.input.clone();
    let chosen_notice = input.notice.trim().to_owned();
    let ready = match page.outcome {
        Some(DraftOutcome::Ready { definition, follows, diff, marked }) => Some((definition, follows, diff, marked)),
        _ => None,
    };
    view! {
        <Title text=title.clone() />
        <h1>{title}</h1>
        <p class="lead">{s.new_lead}</p>
        {stale.then(|| view! { <p class="alert alert--error" role="alert">{s.stale}</p> })}
        {summary}
        <form class="card form" method="post" action="/api/surveys/draft" novalidate>
            <input type="hidden" name="survey" value=input.survey.clone() />
            <div class="field">
                <label for="sv-definition">{s.definition_label}</label>
                <p class="field__hint" id="sv-definition-hint">{s.definition_hint}</p>
                <textarea id="sv-definition" name="definition" class="survey-json" rows="20" maxlength=MAX_DEFINITION_CHARS
                    spellcheck="false" autocomplete="off" aria-describedby="sv-definition-hint" aria-invalid=definition_invalid>{crate::domain::html::textarea_text(&input.definition)}</textarea>
                {error("definition")}
                {error("items")}
                {error("rules")}
                {error("survey")}
            </div>
            <div class="field">
                <label for="sv-from">{s.effective_label}</label>
                <p class="field__hint" id="sv-from-hint">{s.effective_hint}</p>
                <input id="sv-from" name="effective_from" type="date" value=input.effective_from.clone()
                    aria-describedby="sv-from-hint" aria-invalid=invalid("effective_from") />
                {error("effective_from")}
            </div>
            <div class="field">
                <label for="sv-notice">{s.notice_label}</label>
                <select id="sv-notice" name="notice" aria-invalid=invalid("notice")>
                    <option value="">{s.notice_none}</option>
                    {page.notices.into_iter().map(|(id, title)| {
                        let chosen = chosen_notice == id.to_string();
                        view! { <option value=id.to_string() selected=chosen>{format!("{id}: {title}")}</option> }
                    }).collect_view()}
                </select>
                {error("notice")}
            </div>
            <button type="submit" class="button button--secondary">{s.check_button}</button>
        </form>
        {ready.zip(page.draft).map(|((definition, follows, diff, marked), draft)| view! {
            <DiffView diff follows />
            <Preview definition=(*definition).clone() marked />
            <form class="card form" method="post" action="/api/surveys/add">
                <input type="hidden" name="draft" value=draft />
                <input type="hidden" name="follows" value=follows />
                <button type="submit" class="button button--primary button--block">
                    {(s.save_button)(definition.version, &format_date(definition.effective_from))}
                </button>
            </form>
        })}
    }
}

/// What the version changes from version `follows`.
#[component]
fn DiffView(diff: SurveyDiff, follows: i32) -> impl IntoView {
    let s = i18n::t().survey_admin();
    let list = |heading: &'static str, lines: Vec<String>| {
        (!lines.is_empty()).then(|| {
            view! {
                <h3>{heading}</h3>
                <ul class="survey-diff__list">{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
            }
        })
    };
    let paren = i18n::t().parenthesized;
    let pair = |(code, label): (String, String)| format!("{label}{}", paren(&code));
    let changed: Vec<String> = diff
        .changed
        .into_iter()
        .map(|c| {
            let mut parts = vec![format!("{}{}", c.label, paren(&c.code))];
            if let Some(from) = c.relabelled_from {
                parts.push((s.diff_relabelled)(&from, &c.label));
            }
            if let Some(en) = c.english_stale {
                parts.push((s.diff_english_stale)(&en));
            }
            if let Some((was, is)) = c.redefined {
                parts.push(format!("{was} → {is}"));
            }
            parts.join(i18n::t().label_separator)
        })
        .collect();
    view! {
        <section class="card survey-diff" aria-labelledby="diff-heading">
            <h2 id="diff-heading">{(s.diff_title)(follows)}</h2>
            {diff.retitled.map(|(from, to)| view! { <p>{(s.diff_retitled)(&from, &to)}</p> })}
            {list(s.diff_added, diff.added.into_iter().map(pair).collect())}
            {list(s.diff_removed, diff.removed.into_iter().map(pair).collect())}
            {list(s.diff_changed, changed)}
            {list(s.diff_rules_added, diff.rules_added)}
            {list(s.diff_rules_removed, diff.rules_removed)}
        </section>
    }
}

/// The version as users will see its form, the changed items marked; a
/// look only, nothing can be typed.
#[component]
fn Preview(definition: SurveyDefinition, marked: Vec<String>) -> impl IntoView {
    let t = i18n::t();
    let s = t.survey_admin();
    let values = RwSignal::new(RawValues::new());
    let errors = RwSignal::new(FieldErrors::new());
    view! {
        <section class="card survey-preview" aria-labelledby="preview-heading">
            <h2 id="preview-heading">{s.preview_title}</h2>
            <p class="field__hint">{s.preview_note}</p>
            <h3>{definition.title.clone()}</h3>
            <fieldset disabled class="survey-preview__form">
                {group_by_section(&definition).into_iter().map(|(title, items)| view! {
                    <fieldset class="report-form__section">
                        <legend>{title}</legend>
                        {items.into_iter().map(|item| {
                            let changed = marked.contains(&item.code).then_some(None);
                            view! { <ItemField item values errors previous=None previous_label=t.report_optional changed=changed /> }
                        }).collect_view()}
                    </fieldset>
                }).collect_view()}
            </fieldset>
        </section>
    }
}
