//! Inquiries: `/inquiries` (the user's own), `/inquiries/new` (search the
//! FAQ, then ask), `/inquiries/ID` (the thread: the user replies, the
//! helpdesk takes, answers, asks back, resolves and makes FAQ entries) and
//! `/helpdesk` (the queue, filtered by a GET form).

use crate::api::inquiries::{
    NEW_PATH, OPEN_PATH, REPLY_PATH, STEP_PATH, act_on_inquiry, inquiry_about_choices, load_inquiry,
    load_inquiry_queue, load_my_inquiries, open_inquiry, reply_to_inquiry, search_faq,
};
use crate::components::filter_select::FilterSelect;
use crate::components::go_to;
use crate::components::notice::{Notice, NoticeView};
use crate::domain::attachments::{AttachmentRef, MAX_BYTES};
use crate::domain::error::{AppError, FieldErrors};
use crate::domain::inquiries::{
    Category, FaqInput, InquiryInput, InquirySummary, InquiryView, MAX_BODY_CHARS, MAX_SUBJECT_CHARS, Message,
    QueueFilter, Status, Step, StepInput, check_faq, check_step,
};
use crate::domain::time::format_datetime;
use crate::i18n;
use crate::pages::error::ErrorPage;
use crate::pages::notices::{Highlighted, id_param};
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::{FormData, HtmlFormElement, SubmitEvent};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

fn status_badge(s: Status) -> impl IntoView {
    let class = match s {
        Status::New | Status::AwaitingUser => "badge badge--warn",
        Status::Resolved => "badge badge--muted",
        _ => "badge badge--ok",
    };
    view! { <span class=class>{(i18n::t().inquiries().status_label)(s)}</span> }
}

/// One inquiry in a list.
#[component]
fn InquiryCard(item: InquirySummary, #[prop(optional)] queue: bool) -> impl IntoView {
    let q = i18n::t().inquiries();
    view! {
        <li class="card inquiry-item">
            <p class="notice-item__meta">
                {status_badge(item.status)}
                <span class="badge">{(q.category_label)(item.category)}</span>
                <span>{(q.number)(item.id)}</span>
                <span>{q.updated_at}": "{format_datetime(item.updated_at)}</span>
            </p>
            <h2 class="notice-item__title"><a href=format!("/inquiries/{}", item.id)>{item.subject}</a></h2>
            {queue.then(|| {
                let console = crate::pages::helpdesk::console_href(&item.opened_by, item.id);
                view! {
                    <p class="field__hint">
                        {item.opened_by}{item.prefecture.map(|p| format!("({p})"))}" · "
                        {item.about.map(|f| format!("{}: {f} · ", q.about_shown))}
                        {q.assignee}": "{item.assignee.unwrap_or_else(|| q.unassigned.to_owned())}
                    </p>
                    <p class="inquiry-item__account"><a href=console>{i18n::t().helpdesk().check_account}</a></p>
                }
            })}
        </li>
    }
}

#[component]
pub fn MyInquiriesPage() -> impl IntoView {
    let t = i18n::t();
    let q = t.inquiries();
    let list = Resource::new(|| (), |_| load_my_inquiries());
    view! {
        <Title text=q.mine_title />
        <h1>{q.mine_title}</h1>
        <p><a class="button button--primary" href="/inquiries/new">{q.new_title}</a></p>
        <Transition fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(items) => view! {
                        {items.is_empty().then(|| view! { <p>{q.mine_none}</p> })}
                        <ul class="notice-list">{items.into_iter().map(|item| view! { <InquiryCard item /> }).collect_view()}</ul>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The FAQ search shown before the inquiry form: a GET form to
/// `?faq=`; every entry at first, what matches once the user searched.
#[component]
fn FaqSearch() -> impl IntoView {
    let q = i18n::t().inquiries();
    let (from, asked) = use_query_map().with_untracked(|m| (m.get("from").unwrap_or_default(), m.get("faq")));
    let results = OnceResource::new_blocking(search_faq(asked.clone().unwrap_or_default()));
    view! {
        <section class="card" aria-labelledby="faq-heading">
            <h2 id="faq-heading">{q.faq_title}</h2>
            <form class="form" method="get" action=NEW_PATH role="search">
                {(!from.is_empty()).then(|| view! { <input type="hidden" name="from" value=from.clone() /> })}
                <label for="faq-q" class="field__label">{q.faq_search_label}</label>
                <div class="search-row search-row--inline">
                    <input id="faq-q" name="faq" type="search" placeholder=q.faq_search_hint enterkeyhint="search" value=asked />
                    <button type="submit" class="button button--secondary">{i18n::t().notices().search_button}</button>
                </div>
            </form>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    results.await.ok().map(|faqs| view! {
                        <p role="status">{if faqs.is_empty() { q.faq_none.to_owned() } else { (q.faq_count)(faqs.len()) }}</p>
                        <ul class="faq-list">
                            {faqs.into_iter().map(|f| view! {
                                <li>
                                    <details>
                                        <summary><Highlighted segments=f.question /></summary>
                                        <p class="faq-answer"><Highlighted segments=f.answer /></p>
                                    </details>
                                </li>
                            }).collect_view()}
                        </ul>
                    })
                })}
            </Suspense>
        </section>
    }
}

/// Where the inquiry form starts: what a post that saved nothing brought
/// back, with the shared check's messages (and a word about the file, which
/// a browser cannot put back); else the page it was opened from.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct InquiryStart {
    typed: InquiryInput,
    errors: FieldErrors,
    notice: Option<Notice>,
    /// The member facilities an association may ask about (id, name).
    members: Vec<(i32, String)>,
}

#[component]
pub fn NewInquiryPage() -> impl IntoView {
    let t = i18n::t();
    let q = t.inquiries();
    let query = use_query_map().get_untracked();
    let from = query.get("from").unwrap_or_default();
    let typed = query.get("invalid").map(|_| InquiryInput::from_fields(|k| query.get(k)));
    let mut errors = typed.as_ref().and_then(|i| crate::domain::inquiries::check(i).err()).unwrap_or_default();
    match query.get("file").as_deref() {
        Some("refused") => errors.insert("file".to_owned(), q.file_refused.to_owned()),
        Some("again") => errors.insert("file".to_owned(), q.file_choose_again.to_owned()),
        _ => None,
    };
    let notice = typed.is_some().then(|| Notice::error(t.report_errors_summary));
    let typed = typed.unwrap_or_else(|| InquiryInput { page: from.clone(), ..Default::default() });
    let choices = OnceResource::new_blocking(inquiry_about_choices());
    view! {
        <Title text=q.new_title />
        <h1>{q.new_title}</h1>
        <p>{q.new_lead}</p>
        <FaqSearch />
        <Suspense fallback=|| ()>
            {move || {
                let (typed, errors, notice) = (typed.clone(), errors.clone(), notice.clone());
                Suspend::new(async move {
                    let members = choices.await.unwrap_or_default();
                    view! { <InquiryForm start=InquiryStart { typed, errors, notice, members } /> }
                })
            }}
        </Suspense>
    }
}

/// The inquiry form, an island: it runs the server's checks before sending
/// (no upload for a missing field), sends `open_inquiry` and opens the new
/// thread. Posted as it is without JavaScript; the server function answers
/// such a post with a redirect (see `open_inquiry`).
#[island(lazy)]
fn InquiryForm(start: InquiryStart) -> impl IntoView {
    let t = i18n::t();
    let q = t.inquiries();
    let typed = start.typed;
    let errors = RwSignal::new(start.errors);
    let notice = RwSignal::new(start.notice);
    let busy = RwSignal::new(false);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let Some(form) = ev.target().and_then(|t| t.dyn_into::<HtmlFormElement>().ok()) else { return };
        let Ok(data) = FormData::new_with_form(&form) else { return };
        let field = |name: &str| data.get(name).as_string().unwrap_or_default();
        let input = InquiryInput {
            category: field("category"),
            subject: field("subject"),
            body: field("body"),
            page: String::new(),
            about: field("about"),
        };
        if let Err(f) = crate::domain::inquiries::check(&input) {
            errors.set(f);
            notice.set(Some(Notice::error(t.report_errors_summary)));
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = open_inquiry(data.into()).await;
            if result.is_err() {
                busy.set(false);
            }
            match result {
                // Busy until the new thread's page replaces this one.
                Ok(id) => go_to(&format!("/inquiries/{id}?opened=1")),
                Err(AppError::Validation(f)) => {
                    errors.set(f);
                    notice.set(Some(Notice::error(t.report_errors_summary)));
                }
                Err(e) => notice.set(Some(Notice::error(e.message()))),
            }
        });
    };
    let error = move |name: &'static str| view! { <p class="field-error" aria-live="polite">{move || errors.with(|e| e.get(name).cloned())}</p> };
    let invalid = move |name: &'static str| move || errors.with(|e| e.contains_key(name)).to_string();
    // An association may ask about one of its members.
    let about = (!start.members.is_empty()).then(|| {
        view! {
            <div class="field">
                <label for="i-about">{q.about_label}</label>
                <p class="field__hint" id="i-about-hint">{q.about_hint}</p>
                <select id="i-about" name="about" aria-describedby="i-about-hint" aria-invalid=invalid("about")>
                    <option value="">{q.about_self}</option>
                    {start.members.into_iter().map(|(id, name)| {
                        let chosen = typed.about.trim() == id.to_string();
                        view! { <option value=id.to_string() selected=chosen>{name}</option> }
                    }).collect_view()}
                </select>
                {error("about")}
            </div>
        }
    });
    view! {
        <NoticeView notice />
        <form class="card form" method="post" action=OPEN_PATH on:submit=on_submit enctype="multipart/form-data" novalidate>
            <input type="hidden" name="page" value=typed.page.clone() />
            <div class="field">
                <label for="i-category">{q.category_field}</label>
                <select id="i-category" name="category" aria-invalid=invalid("category")>
                    <option value="">{q.choose}</option>
                    {Category::ALL.iter().map(|c| {
                        let chosen = typed.category == c.code();
                        view! { <option value=c.code() selected=chosen>{(q.category_label)(*c)}</option> }
                    }).collect_view()}
                </select>
                {error("category")}
            </div>
            {about}
            <div class="field">
                <label for="i-subject">{q.subject_label}</label>
                <input id="i-subject" name="subject" type="text" maxlength=MAX_SUBJECT_CHARS value=typed.subject.clone() aria-invalid=invalid("subject") />
                {error("subject")}
            </div>
            <div class="field">
                <label for="i-body">{q.body_label}</label>
                <p class="field__hint" id="i-body-hint">{q.body_hint}</p>
                <textarea id="i-body" name="body" rows="8" maxlength=MAX_BODY_CHARS aria-describedby="i-body-hint" aria-invalid=invalid("body")>{crate::domain::html::textarea_text(&typed.body)}</textarea>
                {error("body")}
            </div>
            <div class="field">
                <label for="i-file">{q.file_label}</label>
                <p class="field__hint">{(q.file_hint)(MAX_BYTES / 1024 / 1024)}</p>
                <input id="i-file" name="file" type="file" accept="application/pdf,image/png,image/jpeg,image/gif,image/webp" />
                {error("file")}
            </div>
            <button type="submit" class="button button--primary button--block" disabled=move || busy.get()>
                {move || if busy.get() { q.sending } else { q.send }}
            </button>
        </form>
    }
    .into_any()
}

#[component]
pub fn InquiryPage() -> impl IntoView {
    let t = i18n::t();
    let id = id_param();
    let notice = RwSignal::new(None::<Notice>);
    let query = use_query_map().get_untracked();
    if let Some(id) = query.get("opened").and_then(|_| id.get_untracked()) {
        notice.set(Some(Notice::ok((t.inquiries().opened)(id))));
    }
    // A step posted (or taken by the thread's island) comes back here:
    // done, or refused with the shared check's message or the conflict's.
    if let Some(step) = query.get("done").as_deref().and_then(Step::from_code) {
        notice.set(Some(Notice::ok((t.inquiries().step_done)(step))));
    }
    if let Some(first) = step_typed_back().1.into_values().next() {
        notice.set(Some(Notice::error(first)));
    } else if query.get("file").as_deref() == Some("refused") {
        notice.set(Some(Notice::error(t.inquiries().file_refused)));
    }
    if query.get("stale").is_some() {
        notice.set(Some(Notice::error(t.inquiries().stale)));
    }
    match query.get("faq").as_deref() {
        Some("saved") => notice.set(Some(Notice::ok(t.inquiries().faq_saved))),
        Some("invalid") => notice.set(Some(Notice::error(t.report_errors_summary))),
        _ => {}
    }
    let inquiry = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => load_inquiry(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Title text=t.inquiries().mine_title />
        <NoticeView notice />
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match inquiry.await {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(v) => view! { <Thread view=v /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The files of a message, each a download link with its kind and size.
fn attachment_list(files: &[AttachmentRef]) -> Option<impl IntoView + use<>> {
    (!files.is_empty()).then(|| {
        view! {
            <ul class="attachment-list">
                {files.iter().map(|a| view! {
                    <li><a href=a.href() download=a.name.clone()>{a.name.clone()}</a>" "<span class="field__hint">{a.label()}</span></li>
                }).collect_view()}
            </ul>
        }
    })
}

fn message_item(inquiry: i32, m: Message, subject: String, helpdesk: bool) -> impl IntoView {
    let q = i18n::t().inquiries();
    let faq = (helpdesk && m.step == Step::Answer).then(|| view! { <FaqForm inquiry message=m.clone() subject /> });
    view! {
        <li class="message" class:message--helpdesk=m.from_helpdesk>
            <p class="message__head">
                <strong>{m.author.clone()}</strong>" "
                <span class="badge">{(q.step_label)(m.step)}</span>" "
                <time>{format_datetime(m.at)}</time>
            </p>
            {(!m.body.is_empty()).then(|| view! { <p class="message__body">{m.body.clone()}</p> })}
            {attachment_list(&m.attachments)}
            {faq}
        </li>
    }
}

#[component]
fn Thread(view: InquiryView) -> impl IntoView {
    let t = i18n::t();
    let q = t.inquiries();
    let s = view.summary.clone();
    let status = s.status;
    let back = if view.helpdesk { ("/helpdesk", q.back_to_queue) } else { ("/inquiries", q.back_to_mine) };
    view! {
        <Title text=s.subject.clone() />
        <p class="notice-item__meta">
            {status_badge(status)}
            <span class="badge">{(q.category_label)(s.category)}</span>
            <span>{(q.number)(s.id)}</span>
        </p>
        <h1>{s.subject.clone()}</h1>
        {(view.own && status == Status::AwaitingUser).then(|| view! { <p class="alert alert--info" role="status">{q.awaiting_you}</p> })}
        <dl class="facts">
            <dt>{q.opened_by}</dt><dd>{s.opened_by.clone()}{s.prefecture.clone().map(|p| format!("({p})"))}</dd>
            {s.about.clone().map(|f| view! { <dt>{q.about_shown}</dt><dd>{f}</dd> })}
            // The operator checks the caller's account with this inquiry's number filled in.
            {view.helpdesk.then(|| view! {
                <dt>{t.helpdesk().account}</dt>
                <dd><a href=crate::pages::helpdesk::console_href(&s.opened_by, s.id)>{t.helpdesk().check_account}</a></dd>
            })}
            <dt>{q.opened_at}</dt><dd>{format_datetime(s.opened_at)}</dd>
            <dt>{q.assignee}</dt><dd>{s.assignee.clone().unwrap_or_else(|| q.unassigned.to_owned())}</dd>
            {view.page.clone().filter(|_| view.helpdesk).map(|p| view! { <dt>{q.from_page}</dt><dd>{p}</dd> })}
        </dl>
        <section aria-labelledby="thread-heading">
            <h2 id="thread-heading">{q.thread}</h2>
            <ol class="thread">
                <li class="message">
                    <p class="message__head"><strong>{s.opened_by.clone()}</strong>" "<time>{format_datetime(s.opened_at)}</time></p>
                    <p class="message__body">{view.body.clone()}</p>
                    {attachment_list(&view.attachments)}
                </li>
                {view.messages.iter().cloned().map(|m| message_item(s.id, m, s.subject.clone(), view.helpdesk)).collect_view()}
            </ol>
        </section>
        {view.own.then(|| view! { <StepForm id=s.id revision=view.revision helpdesk=false status assigned_to_me=false start=step_start() /> })}
        {view.helpdesk.then(|| view! { <StepForm id=s.id revision=view.revision helpdesk=true status assigned_to_me=view.assigned_to_me start=step_start() /> })}
        <p><a href=back.0>{back.1}</a></p>
    }
}

/// Back from a step posted without JavaScript that saved nothing: the
/// message as typed and, when the step was refused as input, the shared
/// check's messages.
fn step_typed_back() -> (String, FieldErrors) {
    let query = use_query_map().get_untracked();
    let typed = query.get("message").unwrap_or_default();
    let errors = query
        .get("invalid")
        .as_deref()
        .and_then(Step::from_code)
        .and_then(|step| check_step(&StepInput { id: 0, step, message: typed.clone(), revision: 0 }).err())
        .unwrap_or_default();
    (typed, errors)
}

/// Where a thread's step form starts: what a post that saved nothing
/// brought back, with the shared check's messages (and a word about the
/// file, which a browser cannot put back).
#[derive(Clone, Debug, Serialize, Deserialize)]
struct StepStart {
    message: String,
    errors: FieldErrors,
}

fn step_start() -> StepStart {
    let q = i18n::t().inquiries();
    let (message, mut errors) = step_typed_back();
    match use_query_map().with_untracked(|m| m.get("file")).as_deref() {
        Some("refused") => errors.insert("file".to_owned(), q.file_refused.to_owned()),
        Some("again") => errors.insert("file".to_owned(), q.file_choose_again.to_owned()),
        _ => None,
    };
    StepStart { message, errors }
}

/// The user's reply, or the helpdesk's work panel; an island: the step of
/// the button pressed is checked as the server will, sent, and the thread
/// is loaded again with the outcome in its address, as after a post.
#[island(lazy)]
fn StepForm(
    id: i32,
    revision: i32,
    helpdesk: bool,
    status: Status,
    assigned_to_me: bool,
    start: StepStart,
) -> impl IntoView {
    let q = i18n::t().inquiries();
    let typed = start.message;
    let notice = RwSignal::new(None::<Notice>);
    let message = RwSignal::new(typed.clone());
    let errors = RwSignal::new(start.errors);
    let busy = RwSignal::new(false);
    // A step with a message goes as the form's multipart data (the file
    // with it); taking the inquiry as a small JSON call.
    let take = move |step: Step, form: Option<HtmlFormElement>| {
        if busy.get_untracked() {
            return;
        }
        let input = StepInput { id, step, message: message.get_untracked(), revision };
        if step != Step::Assign
            && let Err(f) = check_step(&input)
        {
            notice.set(f.values().next().cloned().map(Notice::error));
            errors.set(f);
            return;
        }
        let data = match form.map(|f| FormData::new_with_form(&f)) {
            Some(Ok(data)) if step != Step::Assign => {
                if data.set_with_str("step", step.code()).is_err() {
                    return;
                }
                Some(data)
            }
            _ => None,
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = match data {
                Some(data) => reply_to_inquiry(data.into()).await,
                None => act_on_inquiry(input).await,
            };
            if result.is_err() {
                busy.set(false);
            }
            match result {
                // Busy until the thread as it is now replaces this one.
                Ok(_) => go_to(&format!("/inquiries/{id}?done={}", step.code())),
                Err(AppError::Validation(f)) => {
                    let msg = f.values().next().cloned().unwrap_or_default();
                    errors.set(f);
                    notice.set(Some(Notice::error(msg)));
                }
                Err(e) => notice.set(Some(Notice::error(e.message()))),
            }
        });
    };
    let resolved = status == Status::Resolved;
    let field_id = if helpdesk { "i-work" } else { "i-reply" };
    let textarea = view! {
        <div class="field">
            <label for=field_id>{if helpdesk { q.message_label } else { q.reply_label }}</label>
            {(!helpdesk && resolved).then(|| view! { <p class="field__hint">{q.reopen_hint}</p> })}
            <textarea id=field_id name="message" rows="5" maxlength=MAX_BODY_CHARS aria-invalid=move || errors.with(|e| e.contains_key("message")).to_string()
                prop:value=move || message.get() on:input=move |ev| message.set(event_target_value(&ev))>{crate::domain::html::textarea_text(&typed)}</textarea>
            <p class="field-error" aria-live="polite">{move || errors.with(|e| e.get("message").cloned())}</p>
        </div>
    };
    // Each form posts as it is without JavaScript (the message with its
    // file to `REPLY_PATH`, taking the inquiry to `POST /inquiries/step`),
    // the step named by the button pressed.
    let file_field = if helpdesk { "i-work-file" } else { "i-reply-file" };
    let file_input = view! {
        <div class="field">
            <label for=file_field>{q.reply_file_label}</label>
            <p class="field__hint">{(q.file_hint)(MAX_BYTES / 1024 / 1024)}</p>
            <input id=file_field name="file" type="file" accept="application/pdf,image/png,image/jpeg,image/gif,image/webp"
                aria-invalid=move || errors.with(|e| e.contains_key("file")).to_string() />
            <p class="field-error" aria-live="polite">{move || errors.with(|e| e.get("file").cloned())}</p>
        </div>
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let pressed = ev.submitter().and_then(|b| b.get_attribute("value"));
        let form = ev.target().and_then(|t| t.dyn_into::<HtmlFormElement>().ok());
        if let Some(step) = pressed.as_deref().and_then(Step::from_code) {
            take(step, form);
        }
    };
    let hidden = move || {
        view! {
            <input type="hidden" name="id" value=id />
            <input type="hidden" name="revision" value=revision />
        }
    };
    let step_button = move |step: Step, label: &'static str, class: &'static str| {
        view! { <button type="submit" name="step" value=step.code() class=class disabled=move || busy.get()>{label}</button> }
    };
    if !helpdesk {
        return view! {
            <NoticeView notice />
            <form class="card form" method="post" action=REPLY_PATH enctype="multipart/form-data" on:submit=on_submit novalidate>
                {hidden()}
                {textarea}
                {file_input}
                {step_button(Step::UserReply, q.reply, "button button--primary")}
            </form>
        }
        .into_any();
    }
    if resolved {
        return ().into_any();
    }
    view! {
        <section class="card" aria-labelledby="work-heading">
            <h2 id="work-heading">{q.work_title}</h2>
            <NoticeView notice />
            {if assigned_to_me {
                view! { <p>{q.assigned_to_you}</p> }.into_any()
            } else {
                view! {
                    <form method="post" action=STEP_PATH on:submit=on_submit>
                        {hidden()}
                        <p>{step_button(Step::Assign, q.assign, "button button--secondary")}</p>
                    </form>
                }.into_any()
            }}
            <form class="form" method="post" action=REPLY_PATH enctype="multipart/form-data" on:submit=on_submit novalidate>
                {hidden()}
                {textarea}
                {file_input}
                <div class="actions">
                    {step_button(Step::Answer, q.answer, "button button--primary")}
                    {step_button(Step::AskBack, q.ask_back, "button button--secondary")}
                    {step_button(Step::Resolve, q.resolve, "button button--secondary")}
                </div>
            </form>
        </section>
    }
    .into_any()
}

/// Turns a helpdesk answer into a FAQ entry (edited first).
#[component]
fn FaqForm(inquiry: i32, message: Message, subject: String) -> impl IntoView {
    let q = i18n::t().inquiries();
    let id = message.id;
    // Back from a post that saved nothing: what was typed into this
    // answer's form, with the shared check's messages.
    let typed = use_query_map()
        .with_untracked(|m| (m.get("faq").as_deref() == Some("invalid")).then(|| FaqInput::from_fields(|k| m.get(k))))
        .flatten()
        .filter(|f| f.message_id == id);
    let first_errors = typed.as_ref().and_then(|f| check_faq(f).err()).unwrap_or_default();
    let (first_question, first_answer) = match typed {
        Some(f) => (f.question, f.answer),
        None => (subject, message.body.clone()),
    };
    let open = !first_errors.is_empty();
    let error_of = |field: &str| first_errors.get(field).cloned();
    let qid = format!("faq-q-{id}");
    let aid = format!("faq-a-{id}");
    view! {
        <details class="faq-make" open=open>
            <summary>{q.make_faq}</summary>
            <form class="form" method="post" action="/inquiries/faq" novalidate>
                <input type="hidden" name="inquiry" value=inquiry />
                <input type="hidden" name="message_id" value=id />
                <div class="field">
                    <label for=qid.clone()>{q.faq_question_label}</label>
                    <input id=qid name="question" type="text" value=first_question />
                    <p class="field-error">{error_of("question")}</p>
                </div>
                <div class="field">
                    <label for=aid.clone()>{q.faq_answer_label}</label>
                    <textarea id=aid name="answer" rows="5" maxlength=MAX_BODY_CHARS>{crate::domain::html::textarea_text(&first_answer)}</textarea>
                    <p class="field-error">{error_of("answer")}</p>
                </div>
                <button type="submit" class="button button--secondary">{q.faq_save}</button>
            </form>
        </details>
    }
}

#[component]
pub fn HelpdeskQueuePage() -> impl IntoView {
    let t = i18n::t();
    let q = t.inquiries();
    let query = use_query_map();
    let filter = move || {
        query.with(|m| QueueFilter {
            status: m.get("status").unwrap_or_default(),
            category: m.get("category").unwrap_or_default(),
            prefecture: m.get("prefecture").unwrap_or_default(),
            mine: m.get("mine").is_some_and(|v| !v.is_empty()),
        })
    };
    let queue = Resource::new(filter, load_inquiry_queue);
    view! {
        <Title text=q.queue_title />
        <h1>{q.queue_title}</h1>
        <Transition fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match queue.await {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(list) => {
                        let f = filter();
                        let mut statuses: Vec<(String, String)> = vec![("all".into(), q.all.into())];
                        statuses.extend(Status::ALL.iter().map(|s| (s.code().to_owned(), (q.status_label)(*s).to_owned())));
                        view! {
                            <p><span class="badge badge--warn">{(q.queue_open)(list.open_count)}</span></p>
                            <form class="card filters" method="get" action="/helpdesk">
                                <FilterSelect name="status" label=q.status_filter all=q.open_statuses selected=Some(f.status.clone()) options=statuses />
                                <FilterSelect name="category" label=q.category_field all=q.all selected=Some(f.category.clone())
                                    options=Category::ALL.iter().map(|c| (c.code().to_owned(), (q.category_label)(*c).to_owned())).collect() />
                                <FilterSelect name="prefecture" label=q.prefecture_filter all=q.all_prefectures selected=Some(f.prefecture.clone())
                                    options=list.prefectures.clone() />
                                <div class="field--check">
                                    <input id="f-mine" type="checkbox" name="mine" value="1" checked=f.mine />
                                    <label for="f-mine">{q.mine_filter}</label>
                                </div>
                                <button type="submit" class="button button--secondary">{q.filter}</button>
                            </form>
                            {list.items.is_empty().then(|| view! { <p>{q.queue_none}</p> })}
                            <ul class="notice-list">
                                {list.items.into_iter().map(|item| view! { <InquiryCard item queue=true /> }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}
