//! `/admin/maintenance`: the ministry's maintenance schedule — windows to
//! come and the one in force, a form to schedule one, and changing or
//! cancelling a window that has not started. (A window in force closes the
//! browser too; it is ended from the shell, `gmis maintenance end`.)
//!
//! Without JavaScript the forms post to plain routes (`POST
//! /admin/maintenance/save`, `/admin/maintenance/cancel`) that come back here
//! with `done=<change>`, `started=1` (too late to change), or `invalid=1` and
//! what was typed, which the page checks again with the shared check
//! ([`WindowInput::check`]) to show its messages; "change" is a link
//! (`?edit=<id>`).

use crate::api::maintenance::{
    CANCEL_PATH, PAGE_PATH, SAVE_PATH, cancel_maintenance, load_maintenance_plan, save_maintenance,
};
use crate::components::notice::{Notice, NoticeView, Reload};
use crate::domain::error::{AppError, FieldErrors};
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
    // Back from a post without JavaScript: set before the notice is rendered,
    // so that it is in the first HTML.
    let query = use_query_map().get_untracked();
    let first = if let Some(change) = query.get("done").as_deref().and_then(ScheduleChange::from_code) {
        Some(Notice::ok(change.message()))
    } else if query.get("started").is_some() {
        Some(Notice::error(m.not_editable))
    } else if query.get("invalid").is_some() {
        Some(Notice::error(t.report_errors_summary))
    } else {
        None
    };
    let notice = RwSignal::new(first);
    let reload = Reload::new(notice);
    let plan = Resource::new(move || reload.count(), |_| load_maintenance_plan());
    view! {
        <Title text=m.admin_title />
        <h1>{m.admin_title}</h1>
        <NoticeView notice />
        <Transition fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match reload.arrived(plan).await {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(p) => view! { <Schedule plan=p reload notice /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Schedule(plan: MaintenancePlan, reload: Reload, notice: RwSignal<Option<Notice>>) -> impl IntoView {
    let m = i18n::t().maintenance();
    let now = plan.now;
    // The window being changed: the one named by `?edit=` (the change link
    // without JavaScript) or by what a refused post brings back.
    let query = use_query_map().get_untracked();
    let typed = query.get("invalid").map(|_| WindowInput::from_fields(|k| query.get(k)));
    let edit_id = match &typed {
        Some(input) => input.id,
        None => query.get("edit").and_then(|v| v.trim().parse().ok()),
    };
    let first_editing = edit_id.and_then(|id| plan.windows.iter().find(|w| w.id == id && w.start > now).cloned());
    // What was typed goes back into the form it was typed in, with the
    // messages of the shared check, once: a form opened later starts afresh.
    let typed = typed.filter(|input| input.id == first_editing.as_ref().map(|w| w.id)).map(|input| {
        let errors = input.check(now, &plan.windows).err().unwrap_or_default();
        (input, errors)
    });
    let typed = StoredValue::new(typed);
    let editing = RwSignal::new(first_editing);
    view! {
        <p>{(m.admin_lead)(plan.lead_days)}</p>
        {plan.windows.is_empty().then(|| view! { <p>{m.none}</p> })}
        <ul class="sos-list">
            {plan.windows.into_iter().map(|w| {
                let started = w.start <= now;
                let (edit_w, id) = (w.clone(), w.id);
                let cancel = move |ev: leptos::web_sys::SubmitEvent| {
                    ev.prevent_default();
                    leptos::task::spawn_local(async move {
                        match cancel_maintenance(id).await {
                            Ok(()) => reload.after(Notice::ok(ScheduleChange::Cancelled.message())),
                            Err(e) => notice.set(Some(Notice::error(e.message()))),
                        }
                    });
                };
                view! {
                    <li class="card">
                        <p class="sos-card__head">
                            <span>{w.range_text()}</span>
                            <span class=if started { "badge badge--warn" } else { "badge" }>{if started { m.current } else { m.upcoming }}</span>
                        </p>
                        <p>{w.message.clone()}</p>
                        {(!started).then(|| view! {
                            // A link and a form without JavaScript; in place with it.
                            <div class="actions">
                                <a class="button button--secondary" href=format!("{PAGE_PATH}?edit={id}#window-form-title")
                                    on:click=move |ev| { ev.prevent_default(); editing.set(Some(edit_w.clone())); }>{m.edit}</a>
                                <form method="post" action=CANCEL_PATH on:submit=cancel>
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
        {move || {
            let current = editing.get();
            let typed = typed.try_update_value(Option::take).flatten();
            view! { <WindowForm window=current typed editing reload notice /> }
        }}
    }
}

/// Schedules a new window, or changes `window`; starts with `typed` (and
/// its messages) when a refused post brought it back.
#[component]
fn WindowForm(
    window: Option<Window>,
    typed: Option<(WindowInput, FieldErrors)>,
    editing: RwSignal<Option<Window>>,
    reload: Reload,
    notice: RwSignal<Option<Notice>>,
) -> impl IntoView {
    let t = i18n::t();
    let m = t.maintenance();
    let id = window.as_ref().map(|w| w.id);
    let (first, first_errors) = typed.unwrap_or_else(|| {
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
    let start = RwSignal::new(first.start);
    let end = RwSignal::new(first.end);
    let message = RwSignal::new(first.message.clone());
    let errors = RwSignal::new(first_errors);
    let busy = RwSignal::new(false);
    let on_submit = move |ev: leptos::web_sys::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let input = WindowInput {
            id,
            start: start.get_untracked(),
            end: end.get_untracked(),
            message: message.get_untracked(),
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = save_maintenance(input).await;
            if result.is_err() {
                busy.set(false);
            }
            match result {
                // Busy until the schedule as it is now replaces this form.
                Ok(_) => reload.after(Notice::ok(ScheduleChange::of_save(id).message())),
                Err(AppError::Validation(fields)) => {
                    errors.set(fields);
                    notice.set(Some(Notice::error(t.report_errors_summary)));
                }
                Err(e) => notice.set(Some(Notice::error(e.message()))),
            }
        });
    };
    let field = move |name: &'static str, label: &'static str, value: RwSignal<String>| {
        let input_id = format!("window-{name}");
        view! {
            <div class="field">
                <label for=input_id.clone()>{label}</label>
                <input id=input_id name=name type="datetime-local" step="60"
                    aria-invalid=move || errors.with(|e| e.contains_key(name)).to_string()
                    value=value.get_untracked()
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev)) />
                <p class="field__hint">{m.time_hint}</p>
                <p class="field-error" aria-live="polite">{move || errors.with(|e| e.get(name).cloned())}</p>
            </div>
        }
    };
    view! {
        <section class="card" aria-labelledby="window-form-title">
            <h2 id="window-form-title">{if id.is_some() { m.edit } else { m.schedule }}</h2>
            // Posted as it is without JavaScript (POST /admin/maintenance/save).
            <form class="form" method="post" action=SAVE_PATH on:submit=on_submit novalidate>
                {id.map(|id| view! { <input type="hidden" name="id" value=id /> })}
                {field("start", m.start_label, start)}
                {field("end", m.end_label, end)}
                <div class="field">
                    <label for="window-message">{m.message_label}</label>
                    <textarea id="window-message" name="message" rows="2" maxlength="500"
                        aria-invalid=move || errors.with(|e| e.contains_key("message")).to_string()
                        prop:value=move || message.get()
                        on:input=move |ev| message.set(event_target_value(&ev))>{crate::domain::html::textarea_text(&first.message)}</textarea>
                    <p class="field__hint">{m.message_hint}</p>
                    <p class="field-error" aria-live="polite">{move || errors.with(|e| e.get("message").cloned())}</p>
                </div>
                <div class="actions">
                    <button type="submit" class="button button--primary" disabled=move || busy.get()>
                        {if id.is_some() { m.save } else { m.schedule }}
                    </button>
                    {id.is_some().then(|| view! {
                        <a class="button button--secondary" href=PAGE_PATH
                            on:click=move |ev| { ev.prevent_default(); editing.set(None); }>{m.cancel_edit}</a>
                    })}
                </div>
            </form>
        </section>
    }
}
