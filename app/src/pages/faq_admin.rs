//! `/helpdesk/faq`: the helpdesk curates the FAQ users search before they
//! ask: edits an entry's category, question and answer, moves it up or
//! down, retires it (out of users' sight) and brings it back.
//!
//! Everything is in the first HTML and every form is a plain post to its
//! server function (`api::faq`), which sends the browser back here with
//! codes (`done=`, `invalid=`, `stale=`, `end=`) when JavaScript is off;
//! with JavaScript the same forms post in place and the list is read again.

use crate::api::faq::{edit_faq, load_faq_entries, move_faq, retire_faq};
use crate::components::notice::{Notice, NoticeView, Reload};
use crate::domain::error::{AppError, FieldErrors};
use crate::domain::inquiries::{Category, FaqEdit, FaqEntry, FaqMove, MAX_BODY_CHARS, check_faq_edit};
use crate::i18n;
use crate::pages::error::ErrorPage;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// What the page tells after a change, from its answer (with JavaScript)
/// or from the codes in the address (without).
fn message_of(done: &str) -> Option<&'static str> {
    let f = i18n::t().faq();
    match done {
        "edited" => Some(f.edited),
        "moved" => Some(f.moved),
        "retired" => Some(f.retired),
        "restored" => Some(f.restored),
        _ => None,
    }
}

#[component]
pub fn FaqAdminPage() -> impl IntoView {
    let t = i18n::t();
    let f = t.faq();
    let query = use_query_map();
    let notice = RwSignal::new(None::<Notice>);
    // Back from a post without JavaScript: only codes are read from the
    // address, and the catalogue says the words.
    query.with_untracked(|q| {
        if let Some(text) = q.get("done").as_deref().and_then(message_of) {
            notice.set(Some(Notice::ok(text)));
        } else if q.get("invalid").is_some() {
            notice.set(Some(Notice::error(f.invalid)));
        } else if q.get("stale").is_some() {
            notice.set(Some(Notice::error(f.stale)));
        } else if q.get("end").is_some() {
            notice.set(Some(Notice::error(f.at_end)));
        }
    });
    // What a refused edit brings back, into the form it was typed in.
    let typed =
        query.with_untracked(|q| q.get("invalid").is_some().then(|| FaqEdit::from_fields(|k| q.get(k)))).flatten();
    let reload = Reload::new(notice);
    let entries = Resource::new(move || reload.count(), |_| load_faq_entries());
    let changed = Callback::new(move |(result, done): (Result<(), AppError>, &'static str)| match result {
        // (`done` is one of the codes `message_of` knows.)
        Ok(()) => reload.after(Notice::ok(message_of(done).unwrap_or_default())),
        Err(AppError::Validation(_)) => notice.set(Some(Notice::error(f.invalid))),
        // Someone else changed the list: the page shows it as it is now.
        Err(e @ AppError::Conflict(_)) => reload.after(Notice::error(e.message())),
        Err(e) => notice.set(Some(Notice::error(e.message()))),
    });
    view! {
        <Title text=f.title />
        <h1>{f.title}</h1>
        <p class="lead">{f.lead}</p>
        <NoticeView notice />
        <Transition fallback=move || view! { <p>{t.loading}</p> }>
            {move || {
                let typed = typed.clone();
                Suspend::new(async move {
                    match reload.arrived(entries).await {
                        Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                        Ok(list) if list.is_empty() => view! { <p class="alert alert--info">{f.none}</p> }.into_any(),
                        Ok(list) => {
                            let (retired, shown): (Vec<FaqEntry>, Vec<FaqEntry>) =
                                list.into_iter().partition(|e| e.retired);
                            let count = shown.len();
                            view! {
                                <section aria-labelledby="faq-shown">
                                    <h2 id="faq-shown">{(f.active_heading)(count)}</h2>
                                    <ol class="faq-admin">
                                        {shown.into_iter().enumerate().map(|(n, entry)| {
                                            let typed = typed.clone().filter(|t| t.id == entry.id);
                                            view! { <EntryCard entry place=n + 1 count typed changed /> }
                                        }).collect_view()}
                                    </ol>
                                </section>
                                {(!retired.is_empty()).then(|| view! {
                                    <section aria-labelledby="faq-retired">
                                        <h2 id="faq-retired">{(f.retired_heading)(retired.len())}</h2>
                                        <p class="field__hint">{f.retired_note}</p>
                                        <ul class="faq-admin faq-admin--retired">
                                            {retired.into_iter().map(|entry| {
                                                let typed = typed.clone().filter(|t| t.id == entry.id);
                                                view! { <EntryCard entry place=0 count=0 typed changed /> }
                                            }).collect_view()}
                                        </ul>
                                    </section>
                                })}
                            }.into_any()
                        }
                    }
                })
            }}
        </Transition>
    }
}

/// One entry: its text, where it stands, and its forms. `place` is its
/// place among the entries in force (1 = top; 0 for a retired one).
#[component]
fn EntryCard(
    entry: FaqEntry,
    place: usize,
    count: usize,
    typed: Option<FaqEdit>,
    changed: Callback<(Result<(), AppError>, &'static str)>,
) -> impl IntoView {
    let t = i18n::t();
    let f = t.faq();
    let id = entry.id;
    let heading = format!("faq-{id}");
    let labelled_by = heading.clone();
    let step = if entry.retired { "restore" } else { "retire" };
    let on_retire = move |ev: SubmitEvent| {
        ev.prevent_default();
        leptos::task::spawn_local(async move {
            let done = if step == "retire" { "retired" } else { "restored" };
            changed.run((retire_faq(id, step.to_owned()).await, done));
        });
    };
    let mover = move |way: FaqMove| {
        let on_move = move |ev: SubmitEvent| {
            ev.prevent_default();
            leptos::task::spawn_local(async move { changed.run((move_faq(id, way.code().to_owned()).await, "moved")) });
        };
        let at_end = match way {
            FaqMove::Up => place <= 1,
            FaqMove::Down => place >= count,
        };
        (!entry.retired && !at_end).then(|| {
            view! {
                <form method="post" action="/api/faq/move" on:submit=on_move>
                    <input type="hidden" name="id" value=id />
                    <input type="hidden" name="way" value=way.code() />
                    <button type="submit" class="button button--secondary" aria-label=(f.move_label)(way, place)>
                        {(f.move_button)(way)}
                    </button>
                </form>
            }
        })
    };
    view! {
        <li class="card faq-admin__entry" aria-labelledby=labelled_by>
            <p><span class="badge">{(t.inquiries().category_label)(entry.category)}</span></p>
            <h3 id=heading class="faq-admin__question">{entry.question.clone()}</h3>
            <p class="faq-answer">{entry.answer.clone()}</p>
            <p class="field__hint">{(f.changed)(&entry.changed, &entry.changed_by)}</p>
            <div class="faq-admin__actions">
                {mover(FaqMove::Up)}
                {mover(FaqMove::Down)}
                <form method="post" action="/api/faq/retire" on:submit=on_retire>
                    <input type="hidden" name="id" value=id />
                    <input type="hidden" name="step" value=step />
                    <button type="submit" class="button button--secondary">
                        {if entry.retired { f.restore } else { f.retire }}
                    </button>
                </form>
            </div>
            <EditForm entry typed changed />
        </li>
    }
}

/// The entry's edit form, folded away until opened (or until a post
/// without JavaScript brought back what was typed into it).
#[component]
fn EditForm(
    entry: FaqEntry,
    typed: Option<FaqEdit>,
    changed: Callback<(Result<(), AppError>, &'static str)>,
) -> impl IntoView {
    let t = i18n::t();
    let f = t.faq();
    let id = entry.id;
    let first_errors: FieldErrors = typed.as_ref().and_then(|e| check_faq_edit(e).err()).unwrap_or_default();
    let first = typed.unwrap_or_else(|| FaqEdit {
        id,
        revision: entry.revision,
        category: entry.category.code().to_owned(),
        question: entry.question.clone(),
        answer: entry.answer.clone(),
    });
    let open = !first_errors.is_empty();
    let category = RwSignal::new(first.category.clone());
    let question = RwSignal::new(first.question.clone());
    let answer = RwSignal::new(first.answer.clone());
    let errors = RwSignal::new(first_errors);
    let revision = first.revision;
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let edit = FaqEdit {
            id,
            revision,
            category: category.get_untracked(),
            question: question.get_untracked(),
            answer: answer.get_untracked(),
        };
        if let Err(found) = check_faq_edit(&edit) {
            errors.set(found);
            changed.run((Err(AppError::Validation(FieldErrors::new())), "edited"));
            return;
        }
        leptos::task::spawn_local(async move {
            let result = edit_faq(edit.id, edit.revision, edit.category, edit.question, edit.answer).await;
            if let Err(AppError::Validation(found)) = &result {
                errors.set(found.clone());
            }
            changed.run((result, "edited"));
        });
    };
    let (cid, qid, aid) = (format!("faq-c-{id}"), format!("faq-q-{id}"), format!("faq-a-{id}"));
    let error_of = move |field: &'static str| move || errors.with(|e| e.get(field).cloned());
    view! {
        <details class="faq-admin__edit" open=open>
            <summary>{f.edit}</summary>
            <form class="form" method="post" action="/api/faq/edit" on:submit=on_submit novalidate>
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="revision" value=revision />
                <div class="field">
                    <label for=cid.clone()>{f.category_label}</label>
                    <select id=cid name="category" on:change=move |ev| category.set(event_target_value(&ev))>
                        {Category::ALL.into_iter().map(|c| view! {
                            <option value=c.code() selected=c.code() == first.category>
                                {(t.inquiries().category_label)(c)}
                            </option>
                        }).collect_view()}
                    </select>
                    <p class="field-error">{error_of("category")}</p>
                </div>
                <div class="field">
                    <label for=qid.clone()>{f.question_label}</label>
                    <input id=qid name="question" type="text" value=first.question.clone()
                        prop:value=move || question.get() on:input=move |ev| question.set(event_target_value(&ev)) />
                    <p class="field-error">{error_of("question")}</p>
                </div>
                <div class="field">
                    <label for=aid.clone()>{f.answer_label}</label>
                    <textarea id=aid name="answer" rows="6" maxlength=MAX_BODY_CHARS prop:value=move || answer.get() on:input=move |ev| answer.set(event_target_value(&ev))>{crate::domain::html::textarea_text(&first.answer)}</textarea>
                    <p class="field-error">{error_of("answer")}</p>
                </div>
                <button type="submit" class="button button--primary">{f.save}</button>
            </form>
        </details>
    }
}
