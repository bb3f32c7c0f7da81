//! `/admin/maintenance`: the ministry's maintenance schedule — windows to
//! come and the one in force, a form to schedule one, and changing or
//! cancelling a window that has not started. (A window in force closes the
//! browser too; it is ended from the shell, `gmis maintenance end`.)
//!
//! Rendered on the server only: the forms post to plain routes (`POST
//! /admin/maintenance/save`, `/admin/maintenance/cancel`) that come back here
//! with `done=<change>`, `started=1` (too late to change), or `invalid=1` and
//! what was typed, which the page checks again with the shared check
//! ([`WindowInput::check`]) to show its messages; "change" is a link
//! (`?edit=<id>`).

use crate::api::maintenance::{CANCEL_PATH, PAGE_PATH, SAVE_PATH, load_maintenance_plan};
use crate::components::notice::{Notice, PostedNotice};
use crate::domain::error::FieldErrors;
use crate::domain::maintenance::{MaintenancePlan, ScheduleChange, Window, WindowInput, to_local_input};
use crate::i18n;
use crate::pages::error::ErrorPage;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn MaintenancePage() -> impl IntoView {
    let t = i18n::t();
    let m = t.maintenance();
    // The outcome of a post: set before the notice is rendered, so that it
    // is in the first HTML.
    let query = use_query_map().get_untracked();
    let notice = if let Some(change) = query.get("done").as_deref().and_then(ScheduleChange::from_code) {
        Some(Notice::ok(change.message()))
    } else if query.get("started").is_some() {
        Some(Notice::error(m.not_editable))
    } else if query.get("invalid").is_some() {
        Some(Notice::error(t.report_errors_summary))
    } else {
        None
    };
    let plan = OnceResource::new_blocking(load_maintenance_plan());
    view! {
        <Title text=m.admin_title />
        <h1>{m.admin_title}</h1>
        <PostedNotice notice />
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match plan.await {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(p) => view! { <Schedule plan=p /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Schedule(plan: MaintenancePlan) -> impl IntoView {
    let m = i18n::t().maintenance();
    let now = plan.now;
    // The window being changed: the one named by `?edit=` (the change link)
    // or by what a refused post brings back.
    let query = use_query_map().get_untracked();
    let typed = query.get("invalid").map(|_| WindowInput::from_fields(|k| query.get(k)));
    let edit_id = match &typed {
        Some(input) => input.id,
        None => query.get("edit").and_then(|v| v.trim().parse().ok()),
    };
    let editing = edit_id.and_then(|id| plan.windows.iter().find(|w| w.id == id && w.start > now).cloned());
    // What was typed goes back into the form it was typed in, with the
    // messages of the shared check.
    let typed = typed.filter(|input| input.id == editing.as_ref().map(|w| w.id)).map(|input| {
        let errors = input.check(now, &plan.windows).err().unwrap_or_default();
        (input, errors)
    });
    view! {
        <p>{(m.admin_lead)(plan.lead_days)}</p>
        {plan.windows.is_empty().then(|| view! { <p>{m.none}</p> })}
        <ul class="sos-list">
            {plan.windows.into_iter().map(|w| {
                let started = w.start <= now;
                let id = w.id;
                view! {
                    <li class="card">
                        <p class="sos-card__head">
                            <span>{w.range_text()}</span>
                            <span class=if started { "badge badge--warn" } else { "badge" }>{if started { m.current } else { m.upcoming }}</span>
                        </p>
                        <p>{w.message.clone()}</p>
                        {(!started).then(|| view! {
                            <div class="actions">
                                <a class="button button--secondary" href=format!("{PAGE_PATH}?edit={id}#window-form-title")>{m.edit}</a>
                                <form method="post" action=CANCEL_PATH>
                                    <input type="hidden" name="id" value=id />
                                    <button type="submit" class="button button--secondary">{m.cancel}</button>
                                </form>
                            </div>
                        })}
                        {started.then(|| view! { <p class="field__hint">{m.not_editable}</p> })}
                    </li>
                }
            }).collect_view()}
        </ul>
        <WindowForm window=editing typed />
    }
}

/// Schedules a new window, or changes `window`; starts with `typed` (and
/// its messages) when a refused post brought it back.
#[component]
fn WindowForm(window: Option<Window>, typed: Option<(WindowInput, FieldErrors)>) -> impl IntoView {
    let m = i18n::t().maintenance();
    let id = window.as_ref().map(|w| w.id);
    let (first, errors) = typed.unwrap_or_else(|| {
        let input = match &window {
            Some(w) => WindowInput {
                id,
                start: to_local_input(w.start),
                end: to_local_input(w.end),
                message: w.message.clone(),
            },
            None => WindowInput::default(),
        };
        (input, FieldErrors::new())
    });
    let invalid = |name: &str| errors.contains_key(name).to_string();
    let field = |name: &'static str, label: &'static str, value: String| {
        let input_id = format!("window-{name}");
        view! {
            <div class="field">
                <label for=input_id.clone()>{label}</label>
                <input id=input_id name=name type="datetime-local" step="60" aria-invalid=invalid(name) value=value />
                <p class="field__hint">{m.time_hint}</p>
                <p class="field-error" aria-live="polite">{errors.get(name).cloned()}</p>
            </div>
        }
    };
    view! {
        <section class="card" aria-labelledby="window-form-title">
            <h2 id="window-form-title">{if id.is_some() { m.edit } else { m.schedule }}</h2>
            <form class="form" method="post" action=SAVE_PATH novalidate>
                {id.map(|id| view! { <input type="hidden" name="id" value=id /> })}
                {field("start", m.start_label, first.start.clone())}
                {field("end", m.end_label, first.end.clone())}
                <div class="field">
                    <label for="window-message">{m.message_label}</label>
                    <textarea id="window-message" name="message" rows="2" maxlength="500"
                        aria-invalid=invalid("message")>{crate::domain::html::textarea_text(&first.message)}</textarea>
                    <p class="field__hint">{m.message_hint}</p>
                    <p class="field-error" aria-live="polite">{errors.get("message").cloned()}</p>
                </div>
                <div class="actions">
                    <button type="submit" class="button button--primary">
                        {if id.is_some() { m.save } else { m.schedule }}
                    </button>
                    {id.is_some().then(|| view! { <a class="button button--secondary" href=PAGE_PATH>{m.cancel_edit}</a> })}
                </div>
            </form>
        </section>
    }
}
