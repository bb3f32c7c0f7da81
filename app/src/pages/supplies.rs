//! Medical supplies pages (SPEC §4), made for a phone:
//!
//! - `/supplies?unit=f12&day=…` — the weekly stock survey (the report form
//!   over weeks, with days of stock beside it);
//! - `/supplies/requests` — the facilities the user enters for, with their
//!   stock picture, and their SOS requests;
//! - `/supplies/requests/new?unit=f12` — a new request, showing before it is
//!   sent which batch it joins and that batch's deadline;
//! - `/supplies/requests/ID` — one request: its lines, timeline and the
//!   steps the viewer may take (cancel, confirm receipt; accept, reject,
//!   ship, close);
//! - `/supplies/review` — the prefecture's (or the ministry's) queue of one
//!   batch, filtered and sorted, with the CSV download.

use crate::api::supplies::{
    act_on_sos_request, create_sos_request, load_sos_form, load_sos_queue, load_sos_request, load_supply_overview,
};
use crate::components::filter_select::FilterSelect;
use crate::components::go_to;
use crate::components::notice::{Notice, NoticeView, PostedNotice};
use crate::domain::error::{AppError, FieldErrors};
use crate::domain::supplies::{
    Batch, SosActionInput, SosForm, SosInput, SosLine, SosLineInput, SosOutcome, SosQueueFilter, SosRequestView,
    SosSort, SosState, SosStep, Supply, SupplyOverview, check_action, check_request, next_state,
};
use crate::domain::surveys::SurveyKind;
use crate::domain::time::{format_date, format_datetime, format_week, japan_date};
use crate::i18n;
use crate::pages::error::ErrorPage;
use crate::pages::reports::SurveyPage;
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use leptos_router::params::ParamsMap;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `/supplies`: the weekly survey in the report form.
#[component]
pub fn WeeklySurveyPage() -> impl IntoView {
    view! { <SurveyPage survey=Some(SurveyKind::SuppliesWeekly) /> }
}

fn batch_text(batch: &Batch) -> String {
    (i18n::t().supplies().batch_text)(&format_date(batch.date), &format_datetime(batch.deadline))
}

fn lines_summary(lines: &[SosLine]) -> String {
    lines
        .iter()
        .map(|l| format!("{} {}", l.supply.label(), l.supply.amount(l.quantity)))
        .collect::<Vec<_>>()
        .join(i18n::t().list_separator)
}

#[component]
fn StateBadge(state: SosState) -> impl IntoView {
    let class = match state {
        SosState::Submitted => "badge badge--warn",
        SosState::Rejected | SosState::Cancelled => "badge badge--muted",
        _ => "badge badge--ok",
    };
    view! { <span class=class>{state.label()}</span> }
}

/// One request in a list: number, facility, state, batch and what was asked.
#[component]
fn RequestCard(request: SosRequestView) -> impl IntoView {
    let s = i18n::t().supplies();
    view! {
        <li class="card sos-card">
            <p class="sos-card__head">
                <a href=format!("/supplies/requests/{}", request.id)>{(s.request_number)(request.id)}</a>
                <StateBadge state=request.state />
            </p>
            <p><strong>{request.facility_name.clone()}</strong>
                {request.municipality.clone().map(|m| view! { <span class="field__hint">" "{m}</span> })}</p>
            <p class="field__hint">{batch_text(&request.batch)}</p>
            <p>{lines_summary(&request.lines)}</p>
            <p class="field__hint">{(s.min_days)(request.min_days_of_stock)}" · "{format_datetime(request.created_at)}</p>
        </li>
    }
}

/// `/supplies/requests`: the user's facilities and their requests.
#[component]
pub fn SupplyOverviewPage() -> impl IntoView {
    let t = i18n::t();
    let s = t.supply_pages();
    let overview = Resource::new(|| (), |_| load_supply_overview());
    view! {
        <Title text=s.overview_title />
        <h1>{s.overview_title}</h1>
        <Transition fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(o) => view! { <Overview overview=o /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Overview(overview: SupplyOverview) -> impl IntoView {
    let s = i18n::t().supplies();
    let sp = i18n::t().supply_pages();
    let SupplyOverview { units, requests, batch, deadline_warning, .. } = overview;
    view! {
        <p class="alert alert--info">{sp.batch_now}" "{batch_text(&batch)}</p>
        {deadline_warning.map(|w| view! { <p class="alert alert--error" role="note">{w}</p> })}
        <section aria-labelledby="units-title">
            <h2 id="units-title">{sp.units_title}</h2>
            {units.is_empty().then(|| view! { <p>{sp.no_units}</p> })}
            <ul class="unit-list">
                {units.into_iter().map(|u| {
                    let key = u.unit.key();
                    view! {
                        <li class="card">
                            <p><strong>{u.name.clone()}</strong><span class="field__hint">" "{u.medical_code.clone()}</span></p>
                            <p class="field__hint">{match u.latest_week {
                                Some(week) => (sp.latest_week)(&format_week(week)),
                                None => sp.no_recent_week.to_owned(),
                            }}</p>
                            {(!u.low.is_empty()).then(|| view! {
                                <p class="stock__item--low">{sp.low_items}": "
                                    {u.low.iter().map(|x| x.label()).collect::<Vec<_>>().join(i18n::t().list_separator)}</p>
                            })}
                            <div class="actions">
                                <a class="button button--secondary" href=format!("/supplies?unit={key}")>{s.enter_weekly}</a>
                                <a class="button button--primary" href=format!("/supplies/requests/new?unit={key}")>{sp.new_request}</a>
                            </div>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
        <section aria-labelledby="requests-title">
            <h2 id="requests-title">{sp.requests_title}</h2>
            {requests.is_empty().then(|| view! { <p>{sp.no_requests}</p> })}
            <ul class="sos-list">
                {requests.into_iter().map(|request| view! { <RequestCard request /> }).collect_view()}
            </ul>
        </section>
    }
}

/// `/supplies/requests/new?unit=f12`: a new request.
#[component]
pub fn SosNewPage() -> impl IntoView {
    let t = i18n::t();
    let s = t.supplies();
    let query = use_query_map();
    let form = Resource::new(move || query.with(|q| q.get("unit")), load_sos_form);
    view! {
        <Title text=s.new_title />
        <Transition fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match form.await {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(f) => {
                        let start = SosStart::new(&f, &query.get_untracked());
                        view! { <SosEntry form=f start /> }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// Whether the address brings back what was typed: a post without
/// JavaScript that saved nothing (`invalid`, `moved`) returns to the form
/// with the typed fields (see `SosInput::typed_fields`).
fn typed_back(query: &ParamsMap) -> bool {
    query.get("invalid").is_some() || query.get("moved").is_some()
}

/// Starting values of the lines: what was typed, when the address brings it
/// back; else days of stock handed over by the weekly form
/// (`d.n95_mask=3`) over the low items of the latest weekly report with one
/// week's use as the quantity.
fn prefill(form: &SosForm, query: &ParamsMap) -> BTreeMap<Supply, SosLineInput> {
    let given = SosInput::lines_from(|k| query.get(k));
    let given = given.into_iter().filter_map(|(code, line)| Supply::from_code(&code).map(|s| (s, line)));
    if typed_back(query) {
        return given.collect();
    }
    let mut lines = BTreeMap::new();
    for level in form.levels.iter().filter(|l| l.low) {
        lines.insert(
            level.supply,
            SosLineInput { quantity: level.used.to_string(), days_of_stock: level.days.unwrap_or(0).to_string() },
        );
    }
    for (supply, line) in given {
        lines.entry(supply).or_default().days_of_stock = line.days_of_stock;
    }
    lines
}

/// Where a new request's form starts: the prefilled or typed lines and
/// reason, and — back from a post without JavaScript that saved nothing —
/// the messages the browser's own check would give. Worked out on the
/// server and handed to the island.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct SosStart {
    lines: BTreeMap<Supply, SosLineInput>,
    reason: String,
    errors: FieldErrors,
    notice: Option<Notice>,
}

impl SosStart {
    fn new(form: &SosForm, query: &ParamsMap) -> Self {
        let t = i18n::t();
        let lines = prefill(form, query);
        let reason = query.get("reason").unwrap_or_default();
        let mut start = SosStart { lines, reason, errors: FieldErrors::new(), notice: None };
        if query.get("moved").is_some() {
            start.notice = Some(Notice::error(t.supplies().batch_moved));
        } else if typed_back(query) {
            let input = SosInput {
                unit: form.unit,
                submission_id: form.submission_id.clone(),
                lines: start.lines.iter().map(|(k, v)| (k.code().to_owned(), v.clone())).collect(),
                reason: start.reason.clone(),
                expected_batch: Some(form.batch.date),
            };
            if let Err(fields) = check_request(&input) {
                start.errors = fields;
                start.notice = Some(Notice::error(t.report_errors_summary));
            }
        }
        start
    }
}

/// A new request's form, an island: it checks the lines as the browser's
/// own check, sends `create_sos_request` and opens the new request; when
/// the batch moved meanwhile, the deadline box says so in place.
#[island(lazy)]
fn SosEntry(form: SosForm, start: SosStart) -> impl IntoView {
    let t = i18n::t();
    let s = t.supplies();
    let lines: BTreeMap<Supply, RwSignal<SosLineInput>> =
        Supply::ALL.into_iter().map(|x| (x, RwSignal::new(start.lines.get(&x).cloned().unwrap_or_default()))).collect();
    let lines = StoredValue::new(lines);
    let typed_reason = start.reason.clone();
    let reason = RwSignal::new(start.reason);
    let errors = RwSignal::new(start.errors);
    let notice = RwSignal::new(start.notice);
    let batch = RwSignal::new(form.batch);
    let batch_note = RwSignal::new(form.batch_note.clone());
    let busy = RwSignal::new(false);
    let unit = form.unit;
    let submission_id = form.submission_id.clone();
    let build = move || SosInput {
        unit,
        submission_id: submission_id.clone(),
        lines: lines.with_value(|l| l.iter().map(|(k, v)| (k.code().to_owned(), v.get_untracked())).collect()),
        reason: reason.get_untracked(),
        expected_batch: Some(batch.get_untracked().date),
    };
    let on_submit = move |ev: leptos::web_sys::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let input = build();
        if let Err(fields) = check_request(&input) {
            errors.set(fields);
            notice.set(Some(Notice::error(t.report_errors_summary)));
            return;
        }
        errors.set(FieldErrors::new());
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = create_sos_request(input).await;
            if !matches!(result, Ok(SosOutcome::Created { .. })) {
                busy.set(false);
            }
            match result {
                // Busy until the new request's page replaces this one.
                Ok(SosOutcome::Created { id, .. }) => go_to(&format!("/supplies/requests/{id}?created=1")),
                Ok(SosOutcome::BatchMoved(moved)) => {
                    batch.set(moved);
                    batch_note.set(None);
                    notice.set(Some(Notice::error(s.batch_moved)));
                }
                Err(AppError::Validation(fields)) => {
                    errors.set(fields);
                    notice.set(Some(Notice::error(t.report_errors_summary)));
                }
                Err(e) => notice.set(Some(Notice::error(e.message()))),
            }
        });
    };
    let levels: BTreeMap<Supply, _> = form.levels.iter().map(|l| (l.supply, l.clone())).collect();
    view! {
        <div class="report">
            <header class="report__head">
                <p class="report__unit">{form.unit_name.clone()}</p>
                <h1>{s.new_title}</h1>
            </header>
            <section class="card deadline" aria-live="polite">
                <h2>{s.deadline_title}</h2>
                <p class="deadline__batch"><strong>{move || batch_text(&batch.get())}</strong></p>
                {move || batch_note.get().map(|n| view! { <p class="field__hint">{n}</p> })}
                {form.deadline_warning.clone().map(|w| view! { <p class="alert alert--error" role="note">{w}</p> })}
            </section>
            <NoticeView notice />
            {match form.stock_week {
                Some(week) => view! { <p class="field__hint">{(s.stock_from_week)(&format_week(week), form.threshold_days)}</p> }.into_any(),
                None => view! {
                    <p class="alert alert--info">{s.no_stock_week}" "
                        <a href=format!("/supplies?unit={}", unit.key())>{s.enter_weekly}</a></p>
                }.into_any(),
            }}
            // Posted as it is without JavaScript (POST /supplies/requests/submit).
            <form class="form report-form" method="post" action="/supplies/requests/submit" on:submit=on_submit novalidate>
                <input type="hidden" name="unit" value=unit.key() />
                <input type="hidden" name="submission_id" value=form.submission_id.clone() />
                <input type="hidden" name="batch" prop:value=move || batch.get().date.to_string() value=form.batch.date.to_string() />
                <FieldMessage code="lines".to_owned() errors />
                {Supply::ALL.into_iter().map(|supply| {
                    let line = lines.with_value(|l| l[&supply]);
                    let code = supply.code();
                    let (quantity_field, days_field) = SosInput::line_fields(supply);
                    let first = line.get_untracked();
                    let level = levels.get(&supply).map(|l| match l.days {
                        Some(d) => (s.days)(d),
                        None => s.no_use.to_owned(),
                    });
                    view! {
                        <fieldset class="report-form__section">
                            <legend>{supply.label()}{level.map(|l| view! { <span class="field__hint">" "{(t.parenthesized)(&format!("{} {l}", s.days_of_stock_short))}</span> })}</legend>
                            <div class="field">
                                <label for=format!("qty-{code}")>{s.quantity_label}<span class="item__unit">{(t.parenthesized)(supply.unit())}</span></label>
                                <input id=format!("qty-{code}") name=quantity_field type="text" inputmode="numeric" autocomplete="off"
                                    aria-invalid=move || errors.with(|e| e.contains_key(&format!("qty.{code}"))).to_string()
                                    value=first.quantity
                                    prop:value=move || line.with(|l| l.quantity.clone())
                                    on:input=move |ev| line.update(|l| l.quantity = event_target_value(&ev)) />
                                <FieldMessage code=format!("qty.{code}") errors />
                            </div>
                            <div class="field">
                                <label for=format!("days-{code}")>{s.days_label}</label>
                                <input id=format!("days-{code}") name=days_field type="text" inputmode="numeric" autocomplete="off"
                                    aria-invalid=move || errors.with(|e| e.contains_key(&format!("days.{code}"))).to_string()
                                    value=first.days_of_stock
                                    prop:value=move || line.with(|l| l.days_of_stock.clone())
                                    on:input=move |ev| line.update(|l| l.days_of_stock = event_target_value(&ev)) />
                                <FieldMessage code=format!("days.{code}") errors />
                            </div>
                        </fieldset>
                    }
                }).collect_view()}
                <div class="field">
                    <label for="reason">{s.reason_label}</label>
                    <textarea id="reason" name="reason" rows="3" maxlength="500"
                        aria-invalid=move || errors.with(|e| e.contains_key("reason")).to_string()
                        prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev))>{crate::domain::html::textarea_text(&typed_reason)}</textarea>
                    <p class="field__hint">{s.reason_hint}</p>
                    <FieldMessage code="reason".to_owned() errors />
                </div>
                <button type="submit" class="button button--primary button--wide" disabled=move || busy.get()>
                    {move || if busy.get() { t.report_sending.to_owned() } else { (s.submit_request)(&format_date(batch.get().date)) }}
                </button>
            </form>
        </div>
    }
}

#[component]
fn FieldMessage(code: String, errors: RwSignal<FieldErrors>) -> impl IntoView {
    view! { <p class="field-error" aria-live="polite">{move || errors.with(|e| e.get(&code).cloned())}</p> }
}

/// `/supplies/requests/ID`: one request and what the viewer may do with it.
#[component]
pub fn SosDetailPage() -> impl IntoView {
    let t = i18n::t();
    let params = use_params_map();
    let request = Resource::new(
        move || params.with(|p| p.get("id").and_then(|id| id.parse::<i32>().ok())),
        |id| async move {
            match id {
                Some(id) => load_sos_request(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let query = use_query_map().get_untracked();
    view! {
        <Title text=t.supply_pages().detail_title />
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || {
                let query = query.clone();
                Suspend::new(async move {
                    match request.await {
                        Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                        Ok(r) => view! { <SosDetail request=r query /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// A step posted that changed nothing comes back to the request
/// (`invalid=ship`, or `stale=ship` when someone acted first) with what was
/// typed (see `SosActionInput::typed_fields`).
fn step_back(query: &ParamsMap) -> Option<(SosStep, bool)> {
    let back = |key: &str| query.get(key).and_then(|c| SosStep::from_code(&c));
    back("invalid").map(|step| (step, false)).or_else(|| back("stale").map(|step| (step, true)))
}

/// The outcome of a step or of the new request, from the address the page
/// was loaded at (after a post, or after an island's own call).
fn detail_notice(request: &SosRequestView, query: &ParamsMap) -> Option<Notice> {
    let t = i18n::t();
    let s = t.supplies();
    if query.get("created").is_some() {
        return Some(Notice::ok(s.created));
    }
    if let Some(step) = query.get("done").and_then(|c| SosStep::from_code(&c)) {
        return Some(Notice::ok((s.step_done)(step.leads_to().label())));
    }
    match step_back(query) {
        // Someone acted first: the step is no longer possible, or the
        // request changed meanwhile.
        Some((step, true)) => {
            Some(Notice::error(next_state(request.state, step).err().unwrap_or_else(|| s.stale.to_owned())))
        }
        Some((_, false)) => Some(Notice::error(t.report_errors_summary)),
        None => None,
    }
}

#[component]
fn SosDetail(request: SosRequestView, query: ParamsMap) -> impl IntoView {
    let s = i18n::t().supplies();
    let sp = i18n::t().supply_pages();
    let notice = detail_notice(&request, &query);
    let steps = request.steps.clone();
    view! {
        <div class="report">
            <header class="report__head">
                <p class="report__unit">{request.facility_name.clone()}<span class="field__hint">" "{request.medical_code.clone()}</span></p>
                <h1>{(s.request_number)(request.id)}" "<StateBadge state=request.state /></h1>
                <p>{batch_text(&request.batch)}</p>
            </header>
            <PostedNotice notice />
            <section class="card">
                <dl class="answers">
                    <div><dt>{sp.requested_by}</dt><dd>{request.requested_by.clone()}{request.on_behalf.then_some(i18n::t().report_on_behalf)}</dd></div>
                    <div><dt>{sp.requested_at}</dt><dd>{format_datetime(request.created_at)}</dd></div>
                    <div><dt>{s.reason_label}</dt><dd>{request.reason.clone()}</dd></div>
                    {request.reject_reason.clone().map(|r| view! { <div><dt>{s.reject_reason}</dt><dd>{r}</dd></div> })}
                    {request.shipped_on.map(|d| view! { <div><dt>{s.shipped_on}</dt><dd>{format_date(d)}</dd></div> })}
                    {request.carrier.clone().map(|c| view! { <div><dt>{s.carrier}</dt><dd>{c}</dd></div> })}
                    {request.tracking.clone().map(|c| view! { <div><dt>{s.tracking}</dt><dd>{c}</dd></div> })}
                    {request.receipt_note.clone().filter(|n| !n.is_empty()).map(|n| view! { <div><dt>{s.note}</dt><dd>{n}</dd></div> })}
                </dl>
                <LinesTable lines=request.lines.clone() />
            </section>
            {steps.into_iter().map(|step| {
                let start = StepStart::new(step, &request, &query);
                view! { <StepForm step request=request.clone() start /> }
            }).collect_view()}
            <section aria-labelledby="timeline-title">
                <h2 id="timeline-title">{sp.timeline_title}</h2>
                <ol class="timeline">
                    {request.events.iter().map(|e| view! {
                        <li>
                            <strong>{e.to.label()}</strong>" · "{format_datetime(e.at)}" · "{e.by.clone()}
                            {e.note.clone().map(|n| view! { <p class="field__hint">{n}</p> })}
                        </li>
                    }).collect_view()}
                </ol>
            </section>
        </div>
    }
}

#[component]
fn LinesTable(lines: Vec<SosLine>) -> impl IntoView {
    let s = i18n::t().supplies();
    let opt = |n: Option<i64>, supply: Supply| n.map_or_else(|| "—".to_owned(), |n| supply.amount(n));
    view! {
        <div class="table-wrap">
            <table class="table">
                <thead><tr>
                    <th scope="col">{s.supply}</th><th scope="col">{s.quantity_label}</th>
                    <th scope="col">{s.days_of_stock_short}</th><th scope="col">{s.shipped}</th><th scope="col">{s.received}</th>
                </tr></thead>
                <tbody>
                    {lines.into_iter().map(|l| view! {
                        <tr>
                            <th scope="row">{l.supply.label()}</th>
                            <td data-label=s.quantity_label>{l.supply.amount(l.quantity)}</td>
                            <td data-label=s.days_of_stock_short>{(s.days)(l.days_of_stock)}</td>
                            <td data-label=s.shipped>{opt(l.shipped, l.supply)}</td>
                            <td data-label=s.received>{opt(l.received, l.supply)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// What a step's form starts with: what was typed when this step, posted,
/// changed nothing, with the messages of the shared check; else nothing.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct StepStart {
    typed: Option<SosActionInput>,
    errors: FieldErrors,
}

impl StepStart {
    fn new(step: SosStep, request: &SosRequestView, query: &ParamsMap) -> Self {
        let back = step_back(query).filter(|(back, _)| *back == step);
        let typed = back.map(|_| SosActionInput::typed(request.id, request.revision, step, |k| query.get(k)));
        let errors = match (&typed, back) {
            (Some(typed), Some((_, false))) => {
                check_action(typed, &request.lines, japan_date(request.created_at), request.today)
                    .err()
                    .unwrap_or_default()
            }
            _ => FieldErrors::new(),
        };
        StepStart { typed, errors }
    }
}

/// One step the viewer may take, with the fields it needs; an island: it
/// checks the fields as the server will and sends `act_on_sos_request`, and
/// once the step is taken (or someone acted first) loads the request again
/// with the outcome in the address, as a post does.
#[island(lazy)]
fn StepForm(step: SosStep, request: SosRequestView, start: StepStart) -> impl IntoView {
    let t = i18n::t();
    let s = t.supplies();
    let (id, revision) = (request.id, request.revision);
    let typed = start.typed;
    let errors = RwSignal::new(start.errors);
    let notice = RwSignal::new(None::<Notice>);
    let typed_note = typed.as_ref().map(|x| x.note.clone()).unwrap_or_default();
    let note = RwSignal::new(typed_note.clone());
    let shipped_on = RwSignal::new(match &typed {
        Some(x) => x.shipped_on.map(|d| d.to_string()).unwrap_or_default(),
        None => request.today.to_string(),
    });
    let carrier = RwSignal::new(typed.as_ref().map(|x| x.carrier.clone()).unwrap_or_default());
    let tracking = RwSignal::new(typed.as_ref().map(|x| x.tracking.clone()).unwrap_or_default());
    let quantities: BTreeMap<Supply, RwSignal<String>> = request
        .lines
        .iter()
        .filter_map(|l| {
            let start = match step {
                SosStep::Ship => Some(l.quantity),
                SosStep::Receive => l.shipped,
                _ => None,
            }?;
            let typed = typed.as_ref().and_then(|x| x.quantities.get(l.supply.code()).cloned());
            Some((l.supply, RwSignal::new(typed.unwrap_or_else(|| start.to_string()))))
        })
        .collect();
    let quantities = StoredValue::new(quantities);
    let busy = RwSignal::new(false);
    let hidden = SosActionInput::typed(id, revision, step, |_| None).hidden_fields();
    let lines = StoredValue::new(request.lines.clone());
    let (created, today) = (japan_date(request.created_at), request.today);
    let on_submit = move |ev: leptos::web_sys::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let input = SosActionInput {
            request_id: id,
            revision,
            step,
            note: note.get_untracked(),
            shipped_on: NaiveDate::parse_from_str(&shipped_on.get_untracked(), "%Y-%m-%d").ok(),
            carrier: carrier.get_untracked(),
            tracking: tracking.get_untracked(),
            quantities: quantities
                .with_value(|q| q.iter().map(|(k, v)| (k.code().to_owned(), v.get_untracked())).collect()),
        };
        if let Err(fields) = lines.with_value(|l| check_action(&input, l, created, today)) {
            errors.set(fields);
            notice.set(Some(Notice::error(t.report_errors_summary)));
            return;
        }
        errors.set(FieldErrors::new());
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = act_on_sos_request(input).await;
            if !matches!(result, Ok(_) | Err(AppError::Conflict(_))) {
                busy.set(false);
            }
            match result {
                // Busy until the request as it is now replaces these forms.
                Ok(_) => go_to(&format!("/supplies/requests/{id}?done={}", step.code())),
                Err(AppError::Conflict(_)) => go_to(&format!("/supplies/requests/{id}?stale={}", step.code())),
                Err(AppError::Validation(fields)) => {
                    errors.set(fields);
                    notice.set(Some(Notice::error(t.report_errors_summary)));
                }
                Err(e) => notice.set(Some(Notice::error(e.message()))),
            }
        });
    };
    let prefix = format!("step-{step:?}").to_lowercase();
    let text_input = move |field: &'static str, label: &'static str, signal: RwSignal<String>, kind: &'static str| {
        let input_id = format!("{prefix}-{field}");
        view! {
            <div class="field">
                <label for=input_id.clone()>{label}</label>
                <input id=input_id name=field type=kind autocomplete="off"
                    aria-invalid=move || errors.with(|e| e.contains_key(field)).to_string()
                    value=signal.get_untracked()
                    prop:value=move || signal.get()
                    on:input=move |ev| signal.set(event_target_value(&ev)) />
                <FieldMessage code=field.to_owned() errors />
            </div>
        }
    };
    let note_label = match step {
        SosStep::Reject => s.reject_reason,
        _ => s.note,
    };
    let quantity_label = if step == SosStep::Ship { s.ship_quantity } else { s.receive_quantity };
    view! {
        <section class="card step" aria-label=step.label()>
            <NoticeView notice />
            // Posted as it is without JavaScript (POST /supplies/requests/step).
            <form class="form" method="post" action="/supplies/requests/step" on:submit=on_submit novalidate>
                {hidden.into_iter().map(|(name, value)| view! { <input type="hidden" name=name value=value /> }).collect_view()}
                <h2>{step.label()}</h2>
                {matches!(step, SosStep::Ship | SosStep::Receive).then(|| view! {
                    <FieldMessage code="lines".to_owned() errors />
                    {quantities.with_value(|q| q.iter().map(|(supply, signal)| {
                        let (supply, signal) = (*supply, *signal);
                        let code = supply.code();
                        let input_id = format!("{step:?}-qty-{code}").to_lowercase();
                        view! {
                            <div class="field">
                                <label for=input_id.clone()>{supply.label()}" "{quantity_label}<span class="item__unit">{(t.parenthesized)(supply.unit())}</span></label>
                                <input id=input_id name=SosActionInput::quantity_field(supply) type="text" inputmode="numeric" autocomplete="off"
                                    aria-invalid=move || errors.with(|e| e.contains_key(&format!("qty.{code}"))).to_string()
                                    value=signal.get_untracked()
                                    prop:value=move || signal.get()
                                    on:input=move |ev| signal.set(event_target_value(&ev)) />
                                <FieldMessage code=format!("qty.{code}") errors />
                            </div>
                        }
                    }).collect_view())}
                })}
                {(step == SosStep::Ship).then(|| view! {
                    {text_input("shipped_on", s.shipped_on, shipped_on, "date")}
                    {text_input("carrier", s.carrier, carrier, "text")}
                    {text_input("tracking", s.tracking, tracking, "text")}
                })}
                {matches!(step, SosStep::Reject | SosStep::Receive | SosStep::Cancel).then(|| {
                    let note_id = format!("{step:?}-note").to_lowercase();
                    view! {
                        <div class="field">
                            <label for=note_id.clone()>{note_label}</label>
                            <textarea id=note_id name="note" rows="2" maxlength="500"
                                aria-invalid=move || errors.with(|e| e.contains_key("note")).to_string()
                                prop:value=move || note.get()
                                on:input=move |ev| note.set(event_target_value(&ev))>{crate::domain::html::textarea_text(&typed_note)}</textarea>
                            <FieldMessage code="note".to_owned() errors />
                        </div>
                    }
                })}
                <button type="submit" class=if matches!(step, SosStep::Reject | SosStep::Cancel) { "button button--secondary button--wide" } else { "button button--primary button--wide" }
                    disabled=move || busy.get()>{step.label()}</button>
            </form>
        </section>
    }
}

/// `/supplies/review`: the reviewer's queue of one batch.
#[component]
pub fn SosReviewPage() -> impl IntoView {
    let t = i18n::t();
    let s = t.supplies();
    let sp = t.supply_pages();
    let query = use_query_map();
    let queue = Resource::new(move || query.with(|q| SosQueueFilter::from_query(|k| q.get(k))), load_sos_queue);
    view! {
        <Title text=sp.review_title />
        <h1>{sp.review_title}</h1>
        <Transition fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match queue.await {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(q) => {
                        let csv_query = query.with_untracked(|q| q.to_query_string());
                        let csv_query = csv_query.trim_start_matches('?').to_owned();
                        let sep = if csv_query.is_empty() { "" } else { "&" };
                        let filter = q.filter.clone();
                        let selected = |a: bool| a.then_some("selected");
                        view! {
                            <form class="card filters" method="get" action="/supplies/review">
                                <div class="field">
                                    <label for="f-batch">{sp.batch_label}</label>
                                    <input id="f-batch" name="batch" type="date" value=q.batch.date.to_string() />
                                </div>
                                <FilterSelect all=s.all name="state" label=sp.state_filter selected=filter.state.map(|x| x.code().to_owned())
                                    options=SosState::ALL.iter().map(|x| (x.code().to_owned(), x.label().to_owned())).collect() />
                                <FilterSelect all=s.all name="supply" label=s.supply selected=filter.supply.map(|x| x.code().to_owned())
                                    options=Supply::ALL.iter().map(|x| (x.code().to_owned(), x.label().to_owned())).collect() />
                                <FilterSelect all=s.all name="municipality" label=s.municipality selected=filter.municipality.clone()
                                    options=q.municipalities.clone() />
                                <div class="field">
                                    <label for="f-sort">{sp.sort_label}</label>
                                    <select id="f-sort" name="sort">
                                        <option value="days">{sp.sort_days}</option>
                                        <option value="oldest" selected=selected(filter.sort == SosSort::Oldest)>{sp.sort_oldest}</option>
                                    </select>
                                </div>
                                <button type="submit" class="button button--secondary">{sp.apply_filters}</button>
                            </form>
                            <nav class="actions" aria-label=sp.batch_label>
                                <a class="button button--secondary" href=format!("/supplies/review?batch={}", q.in_review.date)
                                    aria-current=(q.batch == q.in_review).then_some("page")>{sp.in_review_batch}</a>
                                <a class="button button--secondary" href=format!("/supplies/review?batch={}", q.open.date)
                                    aria-current=(q.batch == q.open).then_some("page")>{sp.open_batch}</a>
                            </nav>
                            <p>{batch_text(&q.batch)}" · "{(s.count)(q.rows.len())}</p>
                            <div class="actions">
                                <a class="button button--secondary" href=format!("/supplies/review.csv?{csv_query}") download="">{sp.csv_utf8}</a>
                                <a class="button button--secondary" href=format!("/supplies/review.csv?{csv_query}{sep}encoding=sjis") download="">{sp.csv_sjis}</a>
                            </div>
                            {q.rows.is_empty().then(|| view! { <p>{sp.queue_empty}</p> })}
                            <ul class="sos-list">
                                {q.rows.into_iter().map(|request| view! { <RequestCard request /> }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}
