//! `/reports/members?day=2026-11-24`: an association's member clinics for one
//! day (代理入力), one row per clinic, filled in one go. Each row is checked by
//! the shared validation and saved on its own, with its own result; a row
//! left empty is not sent. A clinic can also be opened in the single form.

use crate::api::reports::{load_member_grid, submit_report_grid};
use crate::components::go_to;
use crate::components::notice::{Notice, NoticeView};
use crate::domain::error::{AppError, FieldErrors};
use crate::domain::outliers::Baseline;
use crate::domain::reports::{
    CONFIRM_OUTLIERS, MemberGrid, MemberRow, PeriodKind, PeriodRules, ReportInput, ReportUnit, SubmitOutcome,
    check_input,
};
use crate::domain::surveys::{Item, RawValues, SurveyKind, to_raw};
use crate::domain::time::format_date;
use crate::i18n;
use crate::pages::error::ErrorPage;
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn MemberGridPage() -> impl IntoView {
    let t = i18n::t();
    let query = use_query_map();
    let grid = Resource::new(
        move || query.with(|q| q.get("day")).and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
        load_member_grid,
    );
    // A round saved whole loads the page again with its count (`saved=N`).
    let saved = query.with_untracked(|q| q.get("saved")).and_then(|n| n.parse::<usize>().ok());
    let notice = saved.map(|n| Notice::ok((t.report_grid_saved)(n)));
    view! {
        <Title text=t.report_members_title />
        <h1>{t.report_members_title}</h1>
        <p>{t.report_members_lead}</p>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || {
                let notice = notice.clone();
                Suspend::new(async move {
                    match grid.await {
                        Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                        Ok(g) => view! { <Grid grid=g notice /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// What became of one row after saving; a failed row's messages are in its
/// field errors (the empty key for the row as a whole).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RowResult {
    Saved(i32),
    Failed,
}

/// The signals of one row, shared by the row and the save handler.
#[derive(Clone, Copy)]
struct RowSignals {
    unit: ReportUnit,
    /// What the server holds for the row: its revision and values, as loaded
    /// and then as saved from this page, so that a row saved in a partly
    /// failed round is neither sent again nor sent as stale.
    base: RwSignal<Option<(i32, RawValues)>>,
    /// Fresh after every save, so that a later change is not taken for a retry.
    submission_id: RwSignal<String>,
    values: RwSignal<RawValues>,
    errors: RwSignal<FieldErrors>,
    result: RwSignal<Option<RowResult>>,
    /// The member's recent values, for the outlier check.
    baseline: StoredValue<Baseline>,
}

/// Moves the keyboard and the view to the first field in error, once the
/// rows have drawn their errors.
fn focus_first_error() {
    request_animation_frame(|| {
        use leptos::wasm_bindgen::JsCast;
        let first = document().query_selector(".grid-input[aria-invalid='true']").ok().flatten();
        if let Some(input) = first.and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok()) {
            let _ = input.focus();
        }
    });
}

struct RowState {
    row: MemberRow,
    signals: RowSignals,
}

/// The grid, an island: it saves through its script, row by row.
#[island(lazy)]
fn Grid(grid: MemberGrid, notice: Option<Notice>) -> impl IntoView {
    let t = i18n::t();
    let notice = RwSignal::new(notice);
    let rules = PeriodRules::from_window(grid.earliest, grid.today);
    let definition = StoredValue::new(grid.definition.clone());
    let items: Vec<Item> = grid.definition.items.clone();
    let reason = RwSignal::new(String::new());
    // The confirmation of values far outside a member's recent range, for
    // every row of the round.
    let confirmed = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let rows: Vec<RowState> = grid
        .rows
        .into_iter()
        .map(|row| RowState {
            signals: RowSignals {
                unit: row.unit,
                base: RwSignal::new(row.current.as_ref().map(|c| (c.revision, to_raw(&c.answers)))),
                submission_id: RwSignal::new(row.submission_id.clone()),
                values: RwSignal::new(row.current.as_ref().map(|c| to_raw(&c.answers)).unwrap_or_default()),
                errors: RwSignal::new(FieldErrors::new()),
                result: RwSignal::new(None),
                baseline: StoredValue::new(row.baseline.clone()),
            },
            row,
        })
        .collect();
    let day = grid.day;
    let editable = rules.check(PeriodKind::Day, day, grid.today, &grid.grace).is_ok();
    // The grid saves through its script: until the page has hydrated (or
    // ever, without JavaScript) its fields are disabled, so that nothing is
    // typed only to be lost; each clinic's name opens its single form,
    // which works without JavaScript.
    let scripted = RwSignal::new(false);
    Effect::new(move || scripted.set(true));
    let editable_now = move || editable && scripted.get();
    let grace = StoredValue::new(grid.grace.clone());
    let today = grid.today;
    let targets = StoredValue::new(
        rows.iter().filter(|r| r.row.survey == SurveyKind::ClinicDaily).map(|r| r.signals).collect::<Vec<_>>(),
    );

    let save = move |ev: leptos::web_sys::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let mut inputs = Vec::new();
        let mut sent = Vec::new();
        let mut invalid = 0;
        targets.with_value(|targets| {
            for row in targets {
                let typed = row.values.get_untracked();
                let base = row.base.get_untracked();
                let unchanged = base.as_ref().is_some_and(|(_, saved)| *saved == typed);
                if typed.values().all(|v| v.trim().is_empty()) || unchanged {
                    continue;
                }
                let input = ReportInput {
                    survey: SurveyKind::ClinicDaily,
                    unit: row.unit,
                    day,
                    submission_id: row.submission_id.get_untracked(),
                    base_revision: base.map(|(revision, _)| revision),
                    nothing_to_report: false,
                    values: typed,
                    reason: reason.get_untracked(),
                    confirmed_outliers: confirmed.get_untracked(),
                };
                let checked = definition.with_value(|d| {
                    grace.with_value(|g| row.baseline.with_value(|b| check_input(&input, d, b, rules, today, g)))
                });
                match checked {
                    Err(fields) => {
                        invalid += 1;
                        row.result.set(Some(RowResult::Failed));
                        row.errors.set(fields);
                    }
                    Ok(_) => {
                        row.errors.set(FieldErrors::new());
                        sent.push((*row, input.values.clone()));
                        inputs.push(input);
                    }
                }
            }
        });
        if inputs.is_empty() {
            let text = if invalid > 0 { t.report_errors_summary } else { t.report_grid_nothing };
            notice.set(Some(Notice::error(text)));
            focus_first_error();
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            let outcome = submit_report_grid(inputs).await;
            match outcome {
                Err(e) => {
                    busy.set(false);
                    notice.set(Some(Notice::error(e.message())));
                }
                Ok(results) => {
                    let total = sent.len();
                    let mut saved = 0;
                    for (result, (row, values)) in results.into_iter().zip(sent) {
                        let RowSignals { base, submission_id, errors, result: slot, .. } = row;
                        slot.set(Some(match result {
                            Ok(SubmitOutcome::Saved(r)) => {
                                saved += 1;
                                base.set(Some((r.revision, values)));
                                if let Some(id) = crate::components::draft::new_submission_id() {
                                    submission_id.set(id);
                                }
                                RowResult::Saved(r.revision)
                            }
                            Ok(SubmitOutcome::Stale(current)) => {
                                // Saved again, the typed values amend the newer revision.
                                base.set(Some((current.revision, to_raw(&current.answers))));
                                if let Some(id) = crate::components::draft::new_submission_id() {
                                    submission_id.set(id);
                                }
                                errors.set(FieldErrors::from([(String::new(), t.report_stale.to_owned())]));
                                RowResult::Failed
                            }
                            Err(AppError::Validation(f)) => {
                                errors.set(f);
                                RowResult::Failed
                            }
                            Err(e) => {
                                errors.set(FieldErrors::from([(String::new(), e.message())]));
                                RowResult::Failed
                            }
                        }));
                    }
                    focus_first_error();
                    let failed = invalid + total - saved;
                    if failed == 0 {
                        // Busy until the saved grid replaces this one.
                        go_to(&format!("/reports/members?day={day}&saved={saved}"));
                    } else {
                        busy.set(false);
                        notice.set(Some(Notice::error((t.report_grid_partly)(saved, failed))));
                    }
                }
            }
        });
    };

    if rows.is_empty() {
        return view! { <p class="alert alert--info">{t.report_no_members}</p> }.into_any();
    }
    let has_reported = rows.iter().any(|r| r.row.current.is_some());
    let asks_confirmation = move || {
        confirmed.get()
            || targets.with_value(|rows| rows.iter().any(|r| r.errors.with(|e| e.contains_key(CONFIRM_OUTLIERS))))
    };
    view! {
        <form class="grid-day" method="get" action="/reports/members">
            <div class="field">
                <label for="grid-day">{t.report_day_label}</label>
                <input id="grid-day" type="date" name="day" value=day.to_string()
                    min=grid.earliest.to_string() max=grid.today.to_string() />
            </div>
            <button type="submit" class="button button--secondary">{t.report_show_day}</button>
        </form>
        <p class="report__day"><strong>{format_date(day)}</strong></p>
        <NoticeView notice />
        <form class="form member-grid" on:submit=save novalidate>
            <p class="field__hint">{t.report_grid_hint}</p>
            <div class="table-wrap">
                <table class="table grid-table">
                    <thead><tr>
                        <th scope="col">{t.report_member}</th>
                        {items.iter().map(|i| view! { <th scope="col">{i.label.clone()}</th> }).collect_view()}
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|r| view! { <GridRow state=r items=items.clone() day editable=Signal::derive(editable_now) /> }).collect_view()}
                    </tbody>
                </table>
            </div>
            {has_reported.then(|| view! {
                <div class="field">
                    <label for="grid-reason">{t.report_grid_reason}</label>
                    <input id="grid-reason" type="text" maxlength="500" disabled=move || !editable_now()
                        prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev)) />
                </div>
            })}
            <Show when=asks_confirmation>
                <div class="field field--check outlier-confirm">
                    <input id="grid-confirm-outliers" type="checkbox" prop:checked=move || confirmed.get()
                        on:change=move |ev| confirmed.set(event_target_checked(&ev)) />
                    <label for="grid-confirm-outliers">{t.report_outlier_confirm}</label>
                </div>
            </Show>
            <button type="submit" class="button button--primary button--wide" disabled=move || busy.get() || !editable_now()>
                {move || if busy.get() { t.report_sending } else { t.report_grid_save }}
            </button>
        </form>
    }
    .into_any()
}

#[component]
fn GridRow(state: RowState, items: Vec<Item>, day: NaiveDate, editable: Signal<bool>) -> impl IntoView {
    let t = i18n::t();
    let RowState { row, signals: RowSignals { values, errors, result, .. } } = state;
    let form_href = format!("/reports?unit={}&day={day}", row.unit.key());
    let error_id = format!("grid-error-{}", row.unit.key());
    let current = row.current.as_ref().map(|c| c.revision);
    // The row's state under the clinic's name: as loaded, then as saved.
    let status = move || match result.get() {
        Some(RowResult::Saved(rev)) => {
            view! { <span class="badge badge--ok">{t.report_grid_row_saved}" "{(t.report_revision)(rev)}</span> }
                .into_any()
        }
        Some(RowResult::Failed) => {
            view! { <span class="badge badge--missing">{t.report_grid_row_failed}</span> }.into_any()
        }
        None => match current {
            Some(rev) => {
                view! { <span class="badge badge--ok">{t.report_status_on_time}" "{(t.report_revision)(rev)}</span> }
                    .into_any()
            }
            None => view! { <span class="badge badge--missing">{t.report_status_missing}</span> }.into_any(),
        },
    };
    // A failed row's messages on their own line under it, each naming its item.
    let labels = StoredValue::new(items.iter().map(|i| (i.code.clone(), i.label.clone())).collect::<Vec<_>>());
    let messages = move || {
        errors.with(|e| {
            labels.with_value(|labels| {
                let of_items = labels.iter().filter_map(|(code, label)| e.get(code).map(|m| format!("{label}: {m}")));
                let of_row =
                    e.iter().filter(|(code, _)| !labels.iter().any(|(c, _)| c == *code)).map(|(_, m)| m.clone());
                of_items.chain(of_row).collect::<Vec<_>>()
            })
        })
    };
    let columns = items.len() + 1;
    let is_clinic = row.survey == SurveyKind::ClinicDaily;
    let name = row.name.clone();
    let cells = if is_clinic {
        items
            .into_iter()
            .map(|item| {
                let code = item.code.clone();
                let label = format!("{} {}", name, item.label);
                let code_get = code.clone();
                let code_err = StoredValue::new(code.clone());
                let invalid = move || errors.with(|e| code_err.with_value(|c| e.contains_key(c)));
                let initial = values.with_untracked(|v| v.get(&code).cloned().unwrap_or_default());
                let described = error_id.clone();
                view! {
                    <td data-label=item.label.clone()>
                        <input type="text" inputmode="numeric" autocomplete="off" class="grid-input"
                            aria-label=label disabled=move || !editable.get()
                            aria-invalid=move || invalid().to_string()
                            aria-describedby=move || invalid().then(|| described.clone())
                            value=initial
                            prop:value=move || values.with(|v| v.get(&code_get).cloned().unwrap_or_default())
                            on:input=move |ev| values.update(|v| { v.insert(code.clone(), event_target_value(&ev)); }) />
                    </td>
                }
            })
            .collect_view()
            .into_any()
    } else {
        view! { <td colspan=(columns - 1).to_string()><a href=form_href.clone()>{t.report_open_form}</a></td> }
            .into_any()
    };
    view! {
        <tr class="grid-row">
            <th scope="row">
                <a href=form_href>{row.name.clone()}</a>
                <span class="grid-row__code">{row.medical_code.clone()}</span>
                <span class="grid-row__status">{status}</span>
            </th>
            {cells}
        </tr>
        <Show when=move || result.get() == Some(RowResult::Failed)>
            <tr class="grid-row__errors">
                <td colspan=columns.to_string() id=error_id.clone() role="alert">
                    <ul>{move || messages().into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                </td>
            </tr>
        </Show>
    }
}
