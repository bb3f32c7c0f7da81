//! `/reports?unit=f12&day=2026-11-24`: the daily report form — and, at
//! `/supplies?unit=f12&day=2026-11-23`, the weekly supply survey, the same
//! form over weeks with the days of stock beside it. Made for a
//! phone — one column, large targets, numeric keyboard, yesterday's values
//! beside today's, "same as yesterday", an explicit "nothing to report",
//! inline errors from the shared validation, the calendar of the last four
//! weeks and the amendment history.
//!
//! The form is a plain `POST /reports/submit` that works without JavaScript
//! (the server redirects back with the outcome). Once hydrated, submission
//! goes through the `submit_report` server function instead, the draft is
//! kept in browser storage and a submission that could not reach the server
//! is sent again when the network returns.

use crate::api::reports::{load_report_form, submit_report};
use crate::components::draft::{self, Draft};
use crate::components::go_to;
use crate::components::notice::{Notice, NoticeView};
use crate::domain::error::{AppError, FieldErrors};
use crate::domain::reports::{
    CONFIRM_OUTLIERS, CalendarDay, DayStatus, PeriodKind, PeriodRules, ReportForm, ReportInput, ReportSnapshot,
    SubmitOutcome, check_input,
};
use crate::domain::revisions::{self, NothingChange};
use crate::domain::supplies::{Supply, stock_level_typed, stock_levels_typed};
use crate::domain::surveys::{Answer, Item, ItemKind, RawValues, SurveyDefinition, SurveyKind, to_raw};
use crate::domain::time::{format_date, format_datetime, format_week};
use crate::i18n;
use crate::pages::error::ErrorPage;
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;
use serde::{Deserialize, Serialize};

fn parse_day(text: Option<String>) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(&text?, "%Y-%m-%d").ok()
}

/// `/reports`: the unit's daily report form.
#[component]
pub fn ReportPage() -> impl IntoView {
    view! { <SurveyPage survey=None /> }
}

/// The report form of `survey` (`None`: the unit's daily survey), rendered
/// on the server; the form itself is an island ([`ReportEntry`]).
#[component]
pub fn SurveyPage(survey: Option<SurveyKind>) -> impl IntoView {
    let t = i18n::t();
    let query = use_query_map();
    let form = Resource::new(
        move || (query.with(|q| q.get("unit")), parse_day(query.with(|q| q.get("day")))),
        move |(unit, day)| load_report_form(survey, unit, day),
    );
    let title = if survey == Some(SurveyKind::SuppliesWeekly) { t.supply_pages().weekly_title } else { t.report_title };
    view! {
        <Title text=title />
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match form.await {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(f) => view! { <ReportView form=f /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The values the form starts with: what a no-JS post sent back, yesterday's
/// values when asked for, or the current report.
fn initial_values(form: &ReportForm, q: &ParamsMap) -> (RawValues, bool) {
    let typed: RawValues =
        q.clone().into_iter().filter_map(|(k, v)| k.strip_prefix("v.").map(|code| (code.to_owned(), v))).collect();
    if !typed.is_empty() || q.get("nothing").is_some() {
        return (typed, q.get("nothing").is_some());
    }
    let from_yesterday = q.get("from").as_deref() == Some("yesterday");
    match (from_yesterday, &form.previous, &form.current) {
        (true, Some(prev), _) => (to_raw(&prev.answers), false),
        (_, _, Some(cur)) => (to_raw(&cur.answers), cur.nothing_to_report),
        _ => (RawValues::new(), false),
    }
}

/// The outcome of a no-JS post, from the address it was redirected to.
fn posted_notice(form: &ReportForm, q: &ParamsMap, errors: &FieldErrors) -> Option<Notice> {
    let t = i18n::t();
    if let Some(rev) = q.get("saved") {
        let text = if q.get("repeated").is_some() {
            t.report_saved_repeat.to_owned()
        } else {
            (t.report_saved)(rev.parse().unwrap_or_default(), &format_date(form.day))
        };
        return Some(Notice::ok(text));
    }
    if q.get("stale").is_some() {
        return Some(Notice::error(t.report_stale));
    }
    (q.get("invalid").is_some() && !errors.is_empty()).then(|| Notice::error(t.report_errors_summary))
}

fn href(form: &ReportForm, day: NaiveDate, extra: &str) -> String {
    day_href(form.definition.survey.form_path(), &form.unit.key(), day, extra)
}

/// The address of one unit's form for one day, `extra` appended to its query.
fn day_href(path: &str, unit_key: &str, day: NaiveDate, extra: &str) -> String {
    format!("{path}?unit={unit_key}&day={day}{extra}")
}

/// The texts that differ between daily and weekly forms.
struct PeriodTexts {
    previous: &'static str,
    current: &'static str,
    next: &'static str,
    last_value: &'static str,
    same_as_last: &'static str,
    no_previous: &'static str,
    /// The reopened period was filed as "nothing to report".
    filed_nothing: fn(i32) -> String,
}

fn period_texts(kind: PeriodKind) -> PeriodTexts {
    let t = i18n::t();
    match kind {
        PeriodKind::Day => PeriodTexts {
            previous: t.report_prev_day,
            current: t.report_today,
            next: t.report_next_day,
            last_value: t.report_yesterday,
            same_as_last: t.report_same_as_yesterday,
            no_previous: t.report_no_previous,
            filed_nothing: t.report_filed_nothing,
        },
        PeriodKind::Week => PeriodTexts {
            previous: t.supplies().prev_week,
            current: t.supplies().this_week,
            next: t.supplies().next_week,
            last_value: t.supplies().last_week,
            same_as_last: t.supplies().same_as_last_week,
            no_previous: t.supplies().no_previous_week,
            filed_nothing: t.supplies().filed_nothing,
        },
    }
}

fn format_period(kind: PeriodKind, day: NaiveDate) -> String {
    match kind {
        PeriodKind::Day => format_date(day),
        PeriodKind::Week => format_week(day),
    }
}

/// Where the form starts: what a no-JS post sent back (typed values, the
/// reason, the outlier confirmation, the outcome's message and the refused
/// fields, checked again with the shared validation), or the saved report.
/// Worked out on the server and handed to the island.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct ReportStart {
    values: RawValues,
    nothing: bool,
    reason: String,
    confirmed: bool,
    /// The report someone else saved meanwhile (a stale post).
    stale: Option<ReportSnapshot>,
    errors: FieldErrors,
    notice: Option<Notice>,
}

impl ReportStart {
    fn new(form: &ReportForm, q: &ParamsMap) -> Self {
        let (values, nothing) = initial_values(form, q);
        let reason = q.get("reason").unwrap_or_default();
        let confirmed = q.get(CONFIRM_OUTLIERS).is_some_and(|v| v == "on");
        let errors = if q.get("invalid").is_some() {
            let input = ReportInput {
                survey: form.definition.survey,
                unit: form.unit,
                day: form.day,
                submission_id: String::new(),
                base_revision: form.current.as_ref().map(|c| c.revision),
                nothing_to_report: nothing,
                values: values.clone(),
                reason: reason.clone(),
                confirmed_outliers: confirmed,
            };
            let rules = PeriodRules::from_window(form.earliest, form.today);
            check_input(&input, &form.definition, &form.baseline, rules, form.today, &form.grace)
                .err()
                .unwrap_or_default()
        } else {
            FieldErrors::new()
        };
        let notice = posted_notice(form, q, &errors);
        Self { values, nothing, reason, confirmed, stale: q.get("stale").and(form.current.clone()), errors, notice }
    }
}

/// The report page: the unit and period with the way to the days around it,
/// the form (an island: it checks as the user types, keeps a draft and sends
/// it again when the network returns), the calendar and the history.
#[component]
fn ReportView(form: ReportForm) -> impl IntoView {
    let t = i18n::t();
    let start = ReportStart::new(&form, &use_query_map().get_untracked());
    let kind = form.definition.survey.period();
    let texts = period_texts(kind);
    let rules = PeriodRules::from_window(form.earliest, form.today);
    let open = |d: NaiveDate| rules.check(kind, d, form.today, &form.grace).is_ok();
    // The island gets what the form needs; the calendar and the history are
    // rendered here.
    let entry = ReportForm { history: Vec::new(), calendar: Vec::new(), ..form.clone() };
    view! {
        <div class="report">
            <header class="report__head">
                <p class="report__unit">{form.unit_name.clone()}</p>
                <h1>{form.definition.title.clone()}</h1>
                <p class="report__day">
                    <span class="visually-hidden">{t.report_day_label}</span>
                    <strong>{format_period(kind, form.day)}</strong>
                    {form.current.as_ref().map(|c| {
                        let text = if c.nothing_to_report { t.report_revision_nothing } else { t.report_revision };
                        view! { <span class="badge badge--ok">{text(c.revision)}</span> }
                    })}
                </p>
                <nav class="report__days" aria-label=t.report_day_label>
                    {Some(kind.previous(form.day)).filter(|d| open(*d)).map(|d| view! {
                        <a class="button button--secondary" href=href(&form, d, "")>{texts.previous}</a>
                    })}
                    {(form.day != kind.start_of(form.today)).then(|| view! {
                        <a class="button button--secondary" href=href(&form, kind.start_of(form.today), "")>{texts.current}</a>
                    })}
                    {Some(kind.next(form.day)).filter(|d| *d <= form.today).map(|d| view! {
                        <a class="button button--secondary" href=href(&form, d, "")>{texts.next}</a>
                    })}
                </nav>
            </header>
            <ReportEntry form=entry start />
            <Calendar form=form.clone() />
            <History form />
        </div>
    }
}

/// The form of one report, with the messages above it. Submitting sends the
/// `submit_report` server function; once saved, the page is loaded again
/// with the outcome in its address (as after a no-JS post), so what the page
/// shows is the saved report. A refused or stale submission stays in place.
#[island]
fn ReportEntry(form: ReportForm, start: ReportStart) -> impl IntoView {
    let t = i18n::t();
    let kind = form.definition.survey.period();
    let texts = period_texts(kind);
    let rules = PeriodRules::from_window(form.earliest, form.today);
    let grace = StoredValue::new(form.grace.clone());
    let form_today = form.today;
    let editable = grace.with_value(|g| rules.check(kind, form.day, form_today, g).is_ok());
    let definition = StoredValue::new(form.definition.clone());
    let notice = RwSignal::new(start.notice);
    let values = RwSignal::new(start.values);
    let reason = RwSignal::new(start.reason);
    let base_revision = RwSignal::new(form.current.as_ref().map(|c| c.revision));
    let submission_id = StoredValue::new(form.submission_id.clone());
    let stale = RwSignal::new(start.stale);
    let busy = RwSignal::new(false);
    let nothing_clicked = StoredValue::new(start.nothing);
    let confirmed = RwSignal::new(start.confirmed);
    let baseline = StoredValue::new(form.baseline.clone());
    let errors = RwSignal::new(start.errors);
    let key = StoredValue::new(draft::key(form.unit, form.definition.survey, form.day));
    let (unit, day, today) = (form.unit, form.day, form.today);
    let path = form.definition.survey.form_path();
    let unit_key = StoredValue::new(form.unit.key());

    let build = move |nothing: bool| ReportInput {
        survey: definition.with_value(|d| d.survey),
        unit,
        day,
        submission_id: submission_id.get_value(),
        base_revision: base_revision.get_untracked(),
        nothing_to_report: nothing,
        values: if nothing { RawValues::new() } else { values.get_untracked() },
        reason: reason.get_untracked(),
        confirmed_outliers: confirmed.get_untracked(),
    };
    let check = move |input: &ReportInput| {
        definition
            .with_value(|d| baseline.with_value(|b| grace.with_value(|g| check_input(input, d, b, rules, today, g))))
    };
    let remember = move |pending: bool| {
        let d = Draft {
            values: values.get_untracked(),
            nothing: nothing_clicked.get_value(),
            submission_id: submission_id.get_value(),
            base_revision: base_revision.get_untracked(),
            pending,
        };
        key.with_value(|k| draft::save(k, &d));
    };
    let send = move |input: ReportInput| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = submit_report(input).await;
            if !matches!(result, Ok(SubmitOutcome::Saved(_))) {
                busy.set(false);
            }
            match result {
                // The form stays busy until the saved report's page replaces it.
                Ok(SubmitOutcome::Saved(receipt)) => {
                    key.with_value(|k| draft::clear(k));
                    let repeated = if receipt.repeated { "&repeated=1" } else { "" };
                    let outcome = format!("&saved={}{repeated}", receipt.revision);
                    go_to(&unit_key.with_value(|k| day_href(path, k, receipt.day, &outcome)));
                }
                Ok(SubmitOutcome::Stale(current)) => {
                    base_revision.set(Some(current.revision));
                    if let Some(id) = draft::new_submission_id() {
                        submission_id.set_value(id);
                    }
                    stale.set(Some(current));
                    remember(false);
                    notice.set(Some(Notice::error(t.report_stale)));
                }
                Err(AppError::Validation(fields)) => {
                    errors.set(fields);
                    notice.set(Some(Notice::error(t.report_errors_summary)));
                }
                Err(AppError::Unavailable) => {
                    remember(true);
                    notice.set(Some(Notice::error(t.report_offline)));
                }
                Err(e) => notice.set(Some(Notice::error(e.message()))),
            }
        });
    };
    // After hydration: restore a draft, send a pending one, and send again
    // whenever the browser comes back online.
    Effect::new(move |_| {
        let Some(saved) = key.with_value(|k| draft::load(k)) else { return };
        if saved.values != values.get_untracked() || saved.nothing != nothing_clicked.get_value() {
            values.set(saved.values.clone());
            nothing_clicked.set_value(saved.nothing);
            notice.set(Some(Notice::ok(t.report_draft_restored)));
        }
        if saved.pending && saved.base_revision == base_revision.get_untracked() {
            submission_id.set_value(saved.submission_id.clone());
            if draft::online() {
                send(build(saved.nothing));
            }
        }
    });
    let online = window_event_listener(leptos::ev::online, move |_| {
        if let Some(saved) = key.with_value(|k| draft::load(k)).filter(|d| d.pending) {
            submission_id.set_value(saved.submission_id);
            send(build(saved.nothing));
        }
    });
    on_cleanup(move || online.remove());

    let on_submit = move |ev: leptos::web_sys::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let input = build(nothing_clicked.get_value());
        match check(&input) {
            Err(fields) => {
                let first = definition
                    .with_value(|d| d.items.iter().find(|i| fields.contains_key(&i.code)).map(|i| i.code.clone()));
                errors.set(fields);
                notice.set(Some(Notice::error(t.report_errors_summary)));
                focus_field(first.as_deref().unwrap_or("reason"));
            }
            Ok(_) => {
                errors.set(FieldErrors::new());
                remember(false);
                send(input);
            }
        }
    };
    let on_input = move |_| {
        if !errors.with_untracked(FieldErrors::is_empty) {
            // A message goes once its field is right (or its outlier
            // confirmed); messages of the server's own checks stay.
            let fresh = check(&build(false)).err().unwrap_or_default();
            errors.update(|e| {
                e.retain(|k, _| {
                    fresh.contains_key(k) || (k != CONFIRM_OUTLIERS && definition.with_value(|d| d.item(k).is_none()))
                })
            });
        }
        nothing_clicked.set_value(false);
        remember(false);
    };

    let previous_answers = form.previous.as_ref().map(|p| p.answers.clone()).unwrap_or_default();
    let has_previous = form.previous.as_ref().is_some_and(|p| !p.answers.is_empty());
    let sections = group_by_section(&form.definition);
    let is_amendment = form.current.is_some();
    let filed_nothing = form.current.as_ref().filter(|c| c.nothing_to_report).map(|c| c.revision);
    let weekly = form.definition.survey == SurveyKind::SuppliesWeekly;
    let threshold = form.stock_threshold_days;
    let earliest = form.earliest;
    // A revised version's first days: a line saying so, with its notice.
    let revised = form.revised.clone().filter(|r| !r.marked.is_empty());
    let revised_banner = revised.clone().map(|r| {
        let s = t.survey_admin();
        view! {
            <p class="alert alert--info" role="note">
                {(s.changed_banner)(&format_date(r.since))}
                {r.notice.map(|n| view! { " "<a href=format!("/notices/{n}")>{s.changed_notice}</a> })}
            </p>
        }
    });
    // Erased: the form's view type is too deep for the compiler's query
    // limit in builds without `erase_components` (tests).
    view! {
        <div class="report__entry">
            <NoticeView notice />
            {revised_banner}
            {form.deadline_warning.clone().map(|w| view! { <p class="alert alert--error" role="note">{w}</p> })}
            {move || stale.get().map(|current| view! {
                <section class="card stale" aria-labelledby="stale-title">
                    <h2 id="stale-title">{t.report_current_values}</h2>
                    <SnapshotSummary snapshot=current before=None definition=definition.get_value() />
                </section>
            })}
            {(!editable).then(|| view! {
                <p class="alert alert--info">{(t.report_outside_window)(&format_date(earliest), &format_date(today))}</p>
            })}
            {filed_nothing.map(|revision| view! {
                <p class="alert alert--info" role="note">{(texts.filed_nothing)(revision)}</p>
            })}
            <form class="form report-form" method="post" action="/reports/submit" on:submit=on_submit on:input=on_input novalidate>
                <input type="hidden" name="survey" value=form.definition.survey.code() />
                <input type="hidden" name="unit" value=form.unit.key() />
                <input type="hidden" name="day" value=form.day.to_string() />
                <input type="hidden" name="submission_id" prop:value=move || submission_id.get_value() value=form.submission_id.clone() />
                <input type="hidden" name="base_revision"
                    prop:value=move || base_revision.get().map(|r| r.to_string()).unwrap_or_default()
                    value=form.current.as_ref().map(|c| c.revision.to_string()).unwrap_or_default() />
                {has_previous.then(|| view! {
                    <a class="button button--secondary report-form__same" href=href(&form, day, "&from=yesterday")>
                        {texts.same_as_last}
                    </a>
                })}
                {(!has_previous).then(|| view! { <p class="field__hint">{texts.no_previous}</p> })}
                {weekly.then(|| view! { <p class="field__hint">{(t.supplies().threshold_hint)(threshold)}</p> })}
                {sections.into_iter().map(|(title, items)| {
                    // The weekly survey has a section per supply: its days of
                    // stock go right under the two fields they come from
                    // (stock and last week's use), before expected receipts.
                    let supply = items.first().and_then(|i| Supply::of_item(&i.code)).filter(|_| weekly);
                    let stock_after = supply.map(|s| {
                        let used = s.item("used");
                        items.iter().position(|i| i.code == used).unwrap_or(items.len().saturating_sub(1))
                    });
                    view! {
                        <fieldset class="report-form__section">
                            <legend>{title}</legend>
                            {items.into_iter().enumerate().map(|(i, item)| {
                                let prev = previous_answers.get(&item.code).map(|a| a.display(Some(&item)));
                                let stock = supply.filter(|_| stock_after == Some(i));
                                let changed = revised.as_ref().filter(|r| r.marked.contains(&item.code)).map(|r| r.notice);
                                view! {
                                    <ItemField item values errors previous=prev previous_label=texts.last_value changed=changed />
                                    {stock.map(|supply| view! { <SupplyStock supply values threshold /> })}
                                }
                            }).collect_view()}
                        </fieldset>
                    }
                }).collect_view()}
                {is_amendment.then(|| view! {
                    <div class="field">
                        <label for="reason">{t.report_reason_label}</label>
                        <textarea id="reason" name="reason" rows="2" maxlength="500"
                            aria-invalid=move || errors.with(|e| e.contains_key("reason")).to_string()
                            aria-describedby="reason-error"
                            prop:value=move || reason.get()
                            on:input=move |ev| reason.set(event_target_value(&ev))>{crate::domain::html::textarea_text(&reason.get_untracked())}</textarea>
                        <p class="field__hint">{t.report_reason_hint}</p>
                        <FieldError code="reason" errors />
                    </div>
                })}
                {weekly.then(|| view! { <StockOffer values threshold unit=form.unit.key() /> })}
                <Show when=move || confirmed.get() || errors.with(|e| e.contains_key(CONFIRM_OUTLIERS))>
                    <div class="field field--check outlier-confirm">
                        <FieldError code=CONFIRM_OUTLIERS errors />
                        <input id=CONFIRM_OUTLIERS type="checkbox" name=CONFIRM_OUTLIERS value="on"
                            aria-describedby=format!("{CONFIRM_OUTLIERS}-error")
                            checked=confirmed.get_untracked() prop:checked=move || confirmed.get()
                            on:change=move |ev| confirmed.set(event_target_checked(&ev)) />
                        <label for=CONFIRM_OUTLIERS>{t.report_outlier_confirm}</label>
                    </div>
                </Show>
                <FieldError code="day" errors />
                <div class="report-form__actions">
                    <button type="submit" name="action" value="save" class="button button--primary button--wide"
                        disabled=move || busy.get() || !editable
                        on:click=move |_| nothing_clicked.set_value(false)>
                        {move || if busy.get() { t.report_sending } else if is_amendment { t.report_amend } else { t.report_save }}
                    </button>
                    <button type="submit" name="action" value="nothing" class="button button--secondary button--wide"
                        disabled=move || busy.get() || !editable
                        on:click=move |_| nothing_clicked.set_value(true)>
                        {t.report_nothing}
                    </button>
                    <p class="field__hint">{t.report_nothing_hint}</p>
                </div>
            </form>
        </div>
    }
    .into_any()
}

/// Moves the keyboard focus (and the screen) to the first refused field.
fn focus_field(code: &str) {
    use leptos::wasm_bindgen::JsCast;
    let selector = format!("[name=\"v.{code}\"], [name=\"{code}\"]");
    if let Some(el) = document()
        .query_selector(&selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

pub(crate) fn group_by_section(definition: &SurveyDefinition) -> Vec<(String, Vec<Item>)> {
    let mut sections: Vec<(String, Vec<Item>)> = Vec::new();
    for item in &definition.items {
        match sections.last_mut() {
            Some((title, items)) if *title == item.section => items.push(item.clone()),
            _ => sections.push((item.section.clone(), vec![item.clone()])),
        }
    }
    sections
}

#[component]
fn FieldError(code: &'static str, errors: RwSignal<FieldErrors>) -> impl IntoView {
    view! {
        <p class="field-error" id=format!("{code}-error") aria-live="polite">
            {move || errors.with(|e| e.get(code).cloned())}
        </p>
    }
}

/// One item: a count with the numeric keyboard, or large radio buttons.
/// `changed` marks an item a revised version changed (「変更」), with the
/// notice that explains it.
#[component]
pub(crate) fn ItemField(
    item: Item,
    values: RwSignal<RawValues>,
    errors: RwSignal<FieldErrors>,
    previous: Option<String>,
    previous_label: &'static str,
    #[prop(default = None)] changed: Option<Option<i32>>,
) -> impl IntoView {
    let t = i18n::t();
    let s = t.survey_admin();
    let mark = changed.map(|notice| {
        view! {
            <p class="item__changed">
                <span class="badge badge--changed">{s.changed_badge}</span>
                {notice.map(|n| view! { " "<a href=format!("/notices/{n}")>{s.changed_notice}</a> })}
            </p>
        }
    });
    let code = item.code.clone();
    let id = format!("item-{code}");
    let error_id = format!("{id}-error");
    let name = format!("v.{code}");
    let code_err = code.clone();
    let invalid = move || errors.with(|e| e.contains_key(&code_err)).to_string();
    let code_msg = code.clone();
    let message = move || errors.with(|e| e.get(&code_msg).cloned());
    let current = {
        let code = code.clone();
        move || values.with(|v| v.get(&code).cloned().unwrap_or_default())
    };
    let set = {
        let code = code.clone();
        move |value: String| {
            values.update(|v| {
                v.insert(code.clone(), value);
            })
        }
    };
    let previous = previous.map(|p| view! { <span class="item__previous">{previous_label}": "{p}</span> }.into_any());
    let help = (!item.help.is_empty()).then(|| view! { <p class="field__hint">{item.help.clone()}</p> }.into_any());
    match item.kind {
        ItemKind::Count { unit, max, .. } => {
            let initial = current();
            let current = current.clone();
            view! {
                <div class="field item">
                    <label for=id.clone()>{item.label.clone()}<span class="item__unit">{(t.parenthesized)(&unit)}</span>
                        {(!item.required).then(|| view! { <span class="item__optional">{t.report_optional}</span> })}
                    </label>
                    {mark}
                    <div class="item__row">
                        <input id=id.clone() name=name type="text" inputmode="numeric" autocomplete="off"
                            maxlength=(max.to_string().len() + 2).to_string()
                            aria-invalid=invalid aria-describedby=error_id.clone()
                            value=initial
                            prop:value=current
                            on:input=move |ev| set(event_target_value(&ev)) />
                        {previous}
                    </div>
                    {help}
                    <p class="field-error" id=error_id aria-live="polite">{message}</p>
                </div>
            }
            .into_any()
        }
        ItemKind::Choice { choices } => {
            let options: Vec<(String, String)> = choices.into_iter().map(|c| (c.code, c.label)).collect();
            view! { {mark}<ChoiceField item_label=item.label.clone() id name options current set invalid message error_id previous help /> }.into_any()
        }
        ItemKind::YesNo => {
            let options = vec![("yes".to_owned(), t.yes.to_owned()), ("no".to_owned(), t.no.to_owned())];
            view! { {mark}<ChoiceField item_label=item.label.clone() id name options current set invalid message error_id previous help /> }.into_any()
        }
    }
}

#[component]
fn ChoiceField(
    item_label: String,
    id: String,
    name: String,
    options: Vec<(String, String)>,
    current: impl Fn() -> String + Clone + Send + Sync + 'static,
    set: impl Fn(String) + Clone + Send + Sync + 'static,
    invalid: impl Fn() -> String + Send + Sync + 'static,
    message: impl Fn() -> Option<String> + Send + Sync + 'static,
    error_id: String,
    previous: Option<AnyView>,
    help: Option<AnyView>,
) -> impl IntoView {
    let initial = current();
    view! {
        <fieldset class="field item choice" aria-invalid=invalid aria-describedby=error_id.clone()>
            <legend>{item_label}</legend>
            <div class="choice__options">
                {options.into_iter().map(|(code, label)| {
                    let option_id = format!("{id}-{code}");
                    let checked_now = {
                        let (current, code) = (current.clone(), code.clone());
                        move || current() == code
                    };
                    let set = set.clone();
                    let value = code.clone();
                    view! {
                        <label class="choice__option" for=option_id.clone()>
                            <input type="radio" id=option_id.clone() name=name.clone() value=code.clone()
                                checked=initial == code
                                prop:checked=checked_now
                                on:change=move |_| set(value.clone()) />
                            <span>{label}</span>
                        </label>
                    }
                }).collect_view()}
            </div>
            {previous}
            {help}
            <p class="field-error" id=error_id.clone() aria-live="polite">{message}</p>
        </fieldset>
    }
}

/// A saved revision's values in the form's order; with the revision saved
/// before it, what changed is marked in words (「変更」, old → new), not by
/// colour alone.
#[component]
fn SnapshotSummary(
    snapshot: ReportSnapshot,
    before: Option<ReportSnapshot>,
    definition: SurveyDefinition,
) -> impl IntoView {
    let t = i18n::t();
    let diff = revisions::compare(&definition, &snapshot, before.as_ref());
    let summary = if diff.unchanged() {
        Some(t.report_history_unchanged.to_owned())
    } else if diff.compared && diff.changed_items() > 0 {
        Some((t.report_history_count)(diff.changed_items()))
    } else {
        None
    };
    let switched = diff.nothing_change.map(|c| match c {
        NothingChange::Declared => t.report_history_declared,
        NothingChange::Withdrawn => t.report_history_withdrawn,
    });
    view! {
        <p class="field__hint">
            {(t.report_revision)(snapshot.revision)}" · "{format_datetime(snapshot.entered_at)}" · "
            {snapshot.entered_by.clone()}{snapshot.on_behalf.then_some(t.report_on_behalf)}
        </p>
        {snapshot.reason.clone().map(|r| {
            let label = if snapshot.revision == 1 { t.report_origin } else { t.report_reason };
            view! { <p>{label}": "{r}</p> }
        })}
        {switched.map(|text| view! {
            <p class="answers__switch"><span class="badge badge--changed">{t.report_history_changed}</span>{text}</p>
        })}
        {summary.map(|text| view! { <p class="answers__summary">{text}</p> })}
        {if snapshot.nothing_to_report {
            view! { <p><strong>{t.report_nothing_reported}</strong></p> }.into_any()
        } else {
            view! { <AnswerList lines=diff.lines definition outliers=snapshot.outliers.clone() /> }.into_any()
        }}
    }
}

#[component]
fn AnswerList(
    lines: Vec<revisions::AnswerLine>,
    definition: SurveyDefinition,
    /// Items whose values were confirmed although flagged as outliers.
    #[prop(optional)]
    outliers: Vec<String>,
) -> impl IntoView {
    let t = i18n::t();
    view! {
        <dl class="answers">
            {lines.into_iter().map(|line| {
                let item = definition.item(&line.code);
                let flagged = outliers.contains(&line.code)
                    .then(|| view! { <span class="badge badge--outlier">{t.report_outlier_mark}</span> });
                let label = view! { {item.map_or(line.code.clone(), |i| i.label.clone())}{flagged} };
                let shown = |a: Option<&Answer>| {
                    a.map_or_else(|| t.report_history_blank.to_owned(), |a| a.display(item))
                };
                let now = shown(line.answer.as_ref());
                match line.change {
                    None => view! {
                        <div class="answers__row"><dt>{label}</dt><dd>{now}</dd></div>
                    }.into_any(),
                    Some(change) => view! {
                        <div class="answers__row answers__row--changed">
                            <dt>{label}<span class="badge badge--changed">{t.report_history_changed}</span></dt>
                            <dd>{(t.report_history_from_to)(&shown(change.before.as_ref()), &now)}</dd>
                        </div>
                    }.into_any(),
                }
            }).collect_view()}
        </dl>
    }
}

#[component]
fn Calendar(form: ReportForm) -> impl IntoView {
    let t = i18n::t();
    let kind = form.definition.survey.period();
    let rules = PeriodRules::from_window(form.earliest, form.today);
    let open = |d: NaiveDate| rules.check(kind, d, form.today, &form.grace).is_ok();
    let days = form.calendar.clone();
    view! {
        <section class="report-calendar" aria-labelledby="calendar-title">
            <h2 id="calendar-title">{t.report_calendar}</h2>
            <ol class="calendar">
                {days.into_iter().map(|CalendarDay { day, status, amended }| {
                    let (class, label) = match status {
                        DayStatus::Missing => ("calendar__day calendar__day--missing", t.report_status_missing),
                        DayStatus::OnTime => ("calendar__day calendar__day--ok", t.report_status_on_time),
                        DayStatus::Late => ("calendar__day calendar__day--late", t.report_status_late),
                        DayStatus::AfterMaintenance => ("calendar__day calendar__day--ok", t.maintenance().status_after),
                    };
                    let text = if amended { format!("{label}{}{}", t.middle_dot, t.report_status_amended) } else { label.to_owned() };
                    let current = (day == form.day).then_some("date");
                    let title = format!("{} {text}", format_period(kind, day));
                    let date = day.format("%-m/%-d").to_string();
                    let date = if kind == PeriodKind::Week { format!("{date}{}", t.range_mark.trim()) } else { date };
                    let inner = view! {
                        <span class="calendar__date">{date}</span>
                        <span class="calendar__status">{text}</span>
                    };
                    view! {
                        <li class=class>
                            {if open(day) {
                                view! { <a href=href(&form, day, "") aria-current=current title=title.clone()>{inner}</a> }.into_any()
                            } else {
                                view! { <span title=title>{inner}</span> }.into_any()
                            }}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}

#[component]
fn History(form: ReportForm) -> impl IntoView {
    let t = i18n::t();
    // One revision has no history to show, unless it says where it came
    // from (「移行」: carried over from the previous system).
    if form.history.len() < 2 && form.history.iter().all(|s| s.reason.is_none()) {
        return ().into_any();
    }
    view! {
        <section class="report-history" aria-labelledby="history-title">
            <h2 id="history-title">{t.report_history}</h2>
            <p class="field__hint">{t.report_history_lead}</p>
            <ol class="history">
                {form.history.iter().enumerate().map(|(i, snapshot)| view! {
                    <li class="card">
                        <SnapshotSummary snapshot=snapshot.clone() before=form.history.get(i + 1).cloned()
                            definition=form.definition.clone() />
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
    .into_any()
}

/// One supply's days of stock under its own fields, computed with the
/// shared rule as the figures are typed (and from the saved values in the
/// server's HTML); below the threshold it says so in words and in red.
#[component]
fn SupplyStock(supply: Supply, values: RwSignal<RawValues>, threshold: u32) -> impl IntoView {
    let s = i18n::t().supplies();
    let level = Memo::new(move |_| values.with(|v| stock_level_typed(v, supply, threshold)));
    let low = move || level.with(|l| l.as_ref().is_some_and(|l| l.low));
    view! {
        <div class=move || if low() { "stock stock--low" } else { "stock" } role="status">
            <p class="stock__figure">
                <span class="stock__label">{s.days_of_stock_short}</span>
                {move || match level.get() {
                    None => view! { <span class="stock__pending">{s.stock_pending}</span> }.into_any(),
                    Some(l) => {
                        let figure = l.days.map_or_else(|| s.no_use.to_owned(), |d| (s.days)(d));
                        view! { <strong class="stock__days">{figure}{l.low.then_some(s.below_threshold)}</strong> }.into_any()
                    }
                }}
            </p>
            {move || low().then(|| view! { <p class="stock__warning">{(s.stock_low)(threshold)}</p> })}
        </div>
    }
}

/// When a supply is below the threshold, the offer of an emergency
/// distribution request, prefilled with the low supplies and their days.
#[component]
fn StockOffer(values: RwSignal<RawValues>, threshold: u32, unit: String) -> impl IntoView {
    let s = i18n::t().supplies();
    let prefill = Memo::new(move |_| {
        let levels = values.with(|v| stock_levels_typed(v, threshold));
        let low: String = levels
            .iter()
            .filter(|l| l.low)
            .map(|l| format!("&d.{}={}", l.supply.code(), l.days.unwrap_or_default()))
            .collect();
        (!low.is_empty()).then_some(low)
    });
    view! {
        <div aria-live="polite">
            {move || prefill.get().map(|prefill| view! {
                <div class="stock-offer">
                    <p class="alert alert--error">{s.low_stock_alert}</p>
                    <a class="button button--secondary button--wide" href=format!("/supplies/requests/new?unit={unit}{prefill}")>
                        {s.offer_request}
                    </a>
                </div>
            })}
        </div>
    }
}
