//! `/admin/maintenance`: the ministry's maintenance schedule — windows to
//! come and the one in force, a form to schedule one, and changing or
//! cancelling a window that has not started. (A window in force closes the
//! browser too; it is ended from the shell, `gmis maintenance end`.)

use crate::api::maintenance::{cancel_maintenance, load_maintenance_plan, save_maintenance};
use crate::components::notice::{Notice, NoticeView};
use crate::domain::error::{AppError, FieldErrors};
use crate::domain::maintenance::{MaintenancePlan, Window, WindowInput, to_local_input};
use crate::i18n;
use crate::pages::error::ErrorPage;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn MaintenancePage() -> impl IntoView {
    let t = i18n::t();
    let m = t.maintenance;
    let reload = RwSignal::new(0u32);
    let plan = Resource::new(move || reload.get(), |_| load_maintenance_plan());
    let notice = RwSignal::new(None::<Notice>);
    view! {
        <Title text=m.admin_title />
        <h1>{m.admin_title}</h1>
        <NoticeView notice />
        <Transition fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match plan.await {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(p) => view! { <Schedule plan=p reload notice /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Schedule(plan: MaintenancePlan, reload: RwSignal<u32>, notice: RwSignal<Option<Notice>>) -> impl IntoView {
    let m = i18n::t().maintenance;
    let editing = RwSignal::new(None::<Window>);
    let now = plan.now;
    view! {
        <p>{(m.admin_lead)(plan.lead_days)}</p>
        {plan.windows.is_empty().then(|| view! { <p>{m.none}</p> })}
        <ul class="sos-list">
            {plan.windows.into_iter().map(|w| {
                let started = w.start <= now;
                let (edit_w, id) = (w.clone(), w.id);
                let cancel = move |_| {
                    leptos::task::spawn_local(async move {
                        match cancel_maintenance(id).await {
                            Ok(()) => {
                                notice.set(Some(Notice::ok(m.cancelled)));
                                reload.update(|n| *n += 1);
                            }
                            Err(e) => notice.set(Some(Notice::error(e.message()))),
                        }
                    });
                };
                view! {
                    <li class="card">
                        <p class="sos-card__head">
                            <span>{w.range_ja()}</span>
                            <span class=if started { "badge badge--warn" } else { "badge" }>{if started { m.current } else { m.upcoming }}</span>
                        </p>
                        <p>{w.message.clone()}</p>
                        {(!started).then(|| view! {
                            <div class="actions">
                                <button type="button" class="button button--secondary" on:click=move |_| editing.set(Some(edit_w.clone()))>{m.edit}</button>
                                <button type="button" class="button button--secondary" on:click=cancel>{m.cancel}</button>
                            </div>
                        })}
                        {started.then(|| view! { <p class="field__hint">{m.not_editable}</p> })}
                    </li>
                }
            }).collect_view()}
        </ul>
        {move || {
            let current = editing.get();
            view! { <WindowForm window=current editing reload notice /> }
        }}
    }
}

/// Schedules a new window, or changes `window`.
#[component]
fn WindowForm(
    window: Option<Window>,
    editing: RwSignal<Option<Window>>,
    reload: RwSignal<u32>,
    notice: RwSignal<Option<Notice>>,
) -> impl IntoView {
    let t = i18n::t();
    let m = t.maintenance;
    let id = window.as_ref().map(|w| w.id);
    let start = RwSignal::new(window.as_ref().map(|w| to_local_input(w.start)).unwrap_or_default());
    let end = RwSignal::new(window.as_ref().map(|w| to_local_input(w.end)).unwrap_or_default());
    let message = RwSignal::new(window.as_ref().map(|w| w.message.clone()).unwrap_or_default());
    let errors = RwSignal::new(FieldErrors::new());
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
            busy.set(false);
            match result {
                Ok(_) => {
                    notice.set(Some(Notice::ok(if id.is_some() { m.saved } else { m.scheduled })));
                    editing.set(None);
                    reload.update(|n| *n += 1);
                }
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
                <input id=input_id type="datetime-local" step="60"
                    aria-invalid=move || errors.with(|e| e.contains_key(name)).to_string()
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
            <form class="form" on:submit=on_submit novalidate>
                {field("start", m.start_label, start)}
                {field("end", m.end_label, end)}
                <div class="field">
                    <label for="window-message">{m.message_label}</label>
                    <textarea id="window-message" rows="2" maxlength="500"
                        aria-invalid=move || errors.with(|e| e.contains_key("message")).to_string()
                        prop:value=move || message.get()
                        on:input=move |ev| message.set(event_target_value(&ev))></textarea>
                    <p class="field__hint">{m.message_hint}</p>
                    <p class="field-error" aria-live="polite">{move || errors.with(|e| e.get("message").cloned())}</p>
                </div>
                <div class="actions">
                    <button type="submit" class="button button--primary" disabled=move || busy.get()>
                        {if id.is_some() { m.save } else { m.schedule }}
                    </button>
                    {id.is_some().then(|| view! {
                        <button type="button" class="button button--secondary" on:click=move |_| editing.set(None)>{m.cancel_edit}</button>
                    })}
                </div>
            </form>
        </section>
    }
}
