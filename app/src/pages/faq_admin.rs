//! `/helpdesk/faq`: the helpdesk curates the FAQ users search before they
//! ask: edits an entry's category, question and answer, moves it up or
//! down, retires it (out of users' sight) and brings it back.
//!
//! Rendered on the server only: every form is a plain post to its server
//! function (`api::faq`), which sends the browser back here with codes
//! (`done=`, `invalid=`, `stale=`, `end=`).

use crate::api::faq::load_faq_entries;
use crate::components::notice::{Notice, PostedNotice};
use crate::domain::error::FieldErrors;
use crate::domain::inquiries::{Category, FaqEdit, FaqEntry, FaqMove, MAX_BODY_CHARS, check_faq_edit};
use crate::i18n;
use crate::pages::error::ErrorPage;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// What the page tells after a change, from the codes in the address.
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
    // Only codes are read from the address, and the catalogue says the words.
    let notice = query.with_untracked(|q| {
        if let Some(text) = q.get("done").as_deref().and_then(message_of) {
            Some(Notice::ok(text))
        } else if q.get("invalid").is_some() {
            Some(Notice::error(f.invalid))
        } else if q.get("stale").is_some() {
            Some(Notice::error(f.stale))
        } else if q.get("end").is_some() {
            Some(Notice::error(f.at_end))
        } else {
            None
        }
    });
    // What a refused edit brings back, into the form it was typed in.
    let typed =
        query.with_untracked(|q| q.get("invalid").is_some().then(|| FaqEdit::from_fields(|k| q.get(k)))).flatten();
    let entries = OnceResource::new_blocking(load_faq_entries());
    view! {
        <Title text=f.title />
        <h1>{f.title}</h1>
        <p class="lead">{f.lead}</p>
        <PostedNotice notice />
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || {
                let typed = typed.clone();
                Suspend::new(async move {
                    match entries.await {
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
                                            view! { <EntryCard entry place=n + 1 count typed /> }
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
                                                view! { <EntryCard entry place=0 count=0 typed /> }
                                            }).collect_view()}
                                        </ul>
                                    </section>
                                })}
                            }.into_any()
                        }
                    }
                })
            }}
        </Suspense>
    }
}

/// One entry: its text, where it stands, and its forms. `place` is its
/// place among the entries in force (1 = top; 0 for a retired one).
#[component]
fn EntryCard(entry: FaqEntry, place: usize, count: usize, typed: Option<FaqEdit>) -> impl IntoView {
    let t = i18n::t();
    let f = t.faq();
    let id = entry.id;
    let heading = format!("faq-{id}");
    let labelled_by = heading.clone();
    let step = if entry.retired { "restore" } else { "retire" };
    let mover = move |way: FaqMove| {
        let at_end = match way {
            FaqMove::Up => place <= 1,
            FaqMove::Down => place >= count,
        };
        (!entry.retired && !at_end).then(|| {
            view! {
                <form method="post" action="/api/faq/move">
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
                <form method="post" action="/api/faq/retire">
                    <input type="hidden" name="id" value=id />
                    <input type="hidden" name="step" value=step />
                    <button type="submit" class="button button--secondary">
                        {if entry.retired { f.restore } else { f.retire }}
                    </button>
                </form>
            </div>
            <EditForm entry typed />
        </li>
    }
}

/// The entry's edit form, folded away until opened (or until a refused
/// post brought back what was typed into it).
#[component]
fn EditForm(entry: FaqEntry, typed: Option<FaqEdit>) -> impl IntoView {
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
    let revision = first.revision;
    let (cid, qid, aid) = (format!("faq-c-{id}"), format!("faq-q-{id}"), format!("faq-a-{id}"));
    let error_of = |field: &str| first_errors.get(field).cloned();
    view! {
        <details class="faq-admin__edit" open=open>
            <summary>{f.edit}</summary>
            <form class="form" method="post" action="/api/faq/edit" novalidate>
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="revision" value=revision />
                <div class="field">
                    <label for=cid.clone()>{f.category_label}</label>
                    <select id=cid name="category">
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
                    <input id=qid name="question" type="text" value=first.question.clone() />
                    <p class="field-error">{error_of("question")}</p>
                </div>
                <div class="field">
                    <label for=aid.clone()>{f.answer_label}</label>
                    <textarea id=aid name="answer" rows="6" maxlength=MAX_BODY_CHARS>{crate::domain::html::textarea_text(&first.answer)}</textarea>
                    <p class="field-error">{error_of("answer")}</p>
                </div>
                <button type="submit" class="button button--primary">{f.save}</button>
            </form>
        </details>
    }
}
