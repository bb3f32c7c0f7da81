//! Notices: `/notices` (list and search, a plain GET form, so it works
//! without JavaScript), `/notices/ID` (a notice; opening it marks it read),
//! the home page's newest notices, and the administrators' `/admin/notices`
//! and editor `/admin/notices/new`, `/admin/notices/ID`.

use crate::api::notices::{
    ATTACH_PATH, load_home_notices, load_managed_notices, load_notice, load_notice_for_edit, load_notices,
};
use crate::components::filter_select::FilterSelect;
use crate::components::notice::{Notice, PostedNotice};
use crate::domain::attachments::{AttachmentRef, MAX_BYTES};
use crate::domain::error::{AppError, FieldErrors};
use crate::domain::markdown::{self, Block, Inline};
use crate::domain::notices::{Category, NoticeDetail, NoticeFilter, NoticeInput, NoticePage, NoticeSummary, Status};
use crate::domain::roles::Role;
use crate::domain::search::Segment;
use crate::domain::time::{format_date, format_datetime};
use crate::i18n;
use crate::pages::error::ErrorPage;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// Text with the search matches in `<mark>`.
#[component]
pub fn Highlighted(segments: Vec<Segment>) -> impl IntoView {
    segments
        .into_iter()
        .map(|s| if s.hit { view! { <mark>{s.text}</mark> }.into_any() } else { s.text.into_any() })
        .collect_view()
}

fn inlines(items: Vec<Inline>) -> impl IntoView {
    items
        .into_iter()
        .map(|i| match i {
            Inline::Text(t) => t.into_any(),
            Inline::Strong(t) => view! { <strong>{t}</strong> }.into_any(),
            Inline::Link { text, href } => view! { <a href=href rel="noopener noreferrer">{text}</a> }.into_any(),
            Inline::Break => view! { <br /> }.into_any(),
        })
        .collect_view()
}

/// A notice body, element by element (never as markup).
#[component]
pub fn Blocks(blocks: Vec<Block>) -> impl IntoView {
    blocks
        .into_iter()
        .map(|b| match b {
            Block::Heading(2, i) => view! { <h2>{inlines(i)}</h2> }.into_any(),
            Block::Heading(3, i) => view! { <h3>{inlines(i)}</h3> }.into_any(),
            Block::Heading(_, i) => view! { <h4>{inlines(i)}</h4> }.into_any(),
            Block::Paragraph(i) => view! { <p>{inlines(i)}</p> }.into_any(),
            Block::List { ordered: true, items } => {
                view! { <ol>{items.into_iter().map(|i| view! { <li>{inlines(i)}</li> }).collect_view()}</ol> }
                    .into_any()
            }
            Block::List { ordered: false, items } => {
                view! { <ul>{items.into_iter().map(|i| view! { <li>{inlines(i)}</li> }).collect_view()}</ul> }
                    .into_any()
            }
        })
        .collect_view()
}

/// One notice in a list. `href` is where its title leads.
#[component]
fn NoticeItem(item: NoticeSummary, href: String, #[prop(optional)] manage: bool) -> impl IntoView {
    let n = i18n::t().notices();
    let status = manage.then(|| {
        let class = match item.status {
            Status::Published => "badge badge--ok",
            Status::Scheduled => "badge badge--warn",
            _ => "badge badge--muted",
        };
        view! { <span class=class>{(n.status_label)(item.status)}</span> }
    });
    view! {
        <li class="card notice-item" class:notice-item--unread=item.unread && !manage>
            <p class="notice-item__meta">
                <span class="badge">{(n.category_label)(item.category)}</span>
                {(item.unread && !manage).then(|| view! { <span class="badge badge--warn">{n.unread}</span> })}
                {status}
                <span>{(n.issued)(&format_date(item.issued_on), &item.office)}</span>
                {(item.attachments > 0).then(|| view! { <span>{(n.attachments_count)(item.attachments)}</span> })}
            </p>
            <h2 class="notice-item__title"><a href=href><Highlighted segments=item.title /></a></h2>
            <p class="notice-item__snippet"><Highlighted segments=item.snippet /></p>
        </li>
    }
}

fn filter_of(q: &leptos_router::params::ParamsMap) -> NoticeFilter {
    NoticeFilter {
        q: q.get("q").unwrap_or_default(),
        category: q.get("category").unwrap_or_default(),
        from: q.get("from").unwrap_or_default(),
        to: q.get("to").unwrap_or_default(),
        page: q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1),
    }
}

/// The search and filter form (GET, so results have an address).
#[component]
fn FilterForm(filter: NoticeFilter, action: &'static str) -> impl IntoView {
    let n = i18n::t().notices();
    // Closed on a phone unless a filter is in use.
    let narrowed = !(filter.category.is_empty() && filter.from.is_empty() && filter.to.is_empty());
    view! {
        <form class="card filters notice-filters" method="get" action=action role="search">
            <div class="field notice-filters__q">
                <label for="f-q">{n.search_label}</label>
                <div class="search-row search-row--inline">
                    <input id="f-q" name="q" type="search" value=filter.q.clone() aria-describedby="f-q-hint" enterkeyhint="search" />
                    <button type="submit" class="button button--primary">{n.search_button}</button>
                </div>
                <p class="field__hint" id="f-q-hint">{n.search_hint}</p>
            </div>
            <details class="notice-filters__more" open=narrowed>
                <summary>{n.more_filters}</summary>
                <FilterSelect name="category" label=n.category_filter all=n.all_categories selected=Some(filter.category.clone())
                    options=Category::ALL.iter().map(|c| (c.code().to_owned(), (n.category_label)(*c).to_owned())).collect() />
                <div class="field">
                    <label for="f-from">{n.from_label}</label>
                    <input id="f-from" name="from" type="date" value=filter.from.clone() />
                </div>
                <div class="field">
                    <label for="f-to">{n.to_label}</label>
                    <input id="f-to" name="to" type="date" value=filter.to.clone() />
                </div>
            </details>
            <a class="button button--secondary" href=action>{n.clear}</a>
        </form>
    }
}

/// The results of one list page with its page links.
#[component]
fn Results(page: NoticePage, filter: NoticeFilter, #[prop(optional)] manage: bool) -> impl IntoView {
    let n = i18n::t().notices();
    let headline = if page.query_empty {
        n.query_empty.to_owned()
    } else if filter.q.trim().is_empty() {
        (n.results)(page.total)
    } else {
        (n.results_for)(filter.q.trim(), page.total)
    };
    let empty = match (page.total, filter == NoticeFilter { page: filter.page, ..Default::default() }) {
        (0, true) => Some(n.none),
        (0, false) if !page.query_empty => Some(n.none_found),
        _ => None,
    };
    let link = |p: u32| {
        let href = filter.href(p);
        if manage { href.replacen("/notices", "/admin/notices", 1) } else { href }
    };
    let (prev, next) =
        ((page.page > 1).then(|| link(page.page - 1)), (page.page < page.pages).then(|| link(page.page + 1)));
    view! {
        <p class="notice-results" role="status">{headline}</p>
        {empty.map(|e| view! { <p>{e}</p> })}
        <ul class="notice-list">
            {page.items.into_iter().map(|item| {
                let href = if manage { format!("/admin/notices/{}", item.id) } else { format!("/notices/{}", item.id) };
                view! { <NoticeItem item href manage /> }
            }).collect_view()}
        </ul>
        {(page.pages > 1).then(|| view! {
            <nav class="actions pager" aria-label=(n.page_of)(page.page, page.pages)>
                {prev.map(|h| view! { <a class="button button--secondary" href=h rel="prev">{n.previous}</a> })}
                <span>{(n.page_of)(page.page, page.pages)}</span>
                {next.map(|h| view! { <a class="button button--secondary" href=h rel="next">{n.next}</a> })}
            </nav>
        })}
    }
}

#[component]
pub fn NoticesPage() -> impl IntoView {
    let t = i18n::t();
    let query = use_query_map();
    let filter = move || query.with(filter_of);
    let page = Resource::new(filter, load_notices);
    view! {
        <Title text=t.notices().list_title />
        <h1>{t.notices().list_title}</h1>
        <FilterForm filter=filter() action="/notices" />
        <Transition fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(p) => view! { <Results page=p filter=filter() /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The newest notices on the home page, with the unread count.
#[component]
pub fn HomeNoticesView() -> impl IntoView {
    let n = i18n::t().notices();
    let home = Resource::new(|| (), |_| load_home_notices());
    view! {
        <section class="home-notices" aria-labelledby="home-notices-heading">
            <h2 id="home-notices-heading">{n.home_title}</h2>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    home.await.ok().map(|h| view! {
                        {(h.unread > 0).then(|| view! { <p><span class="badge badge--warn">{(n.unread_count)(h.unread)}</span></p> })}
                        {h.items.is_empty().then(|| view! { <p>{n.home_none}</p> })}
                        <ul class="notice-list">
                            {h.items.into_iter().map(|item| {
                                let href = format!("/notices/{}", item.id);
                                view! { <NoticeItem item href /> }
                            }).collect_view()}
                        </ul>
                        <p><a href="/notices">{n.home_all}</a></p>
                    })
                })}
            </Suspense>
        </section>
    }
}

fn attachment_list(list: Vec<AttachmentRef>) -> impl IntoView {
    let n = i18n::t().notices();
    (!list.is_empty()).then(|| {
        view! {
            <section class="card" aria-labelledby="attachments-heading">
                <h2 id="attachments-heading">{n.attachments}</h2>
                <ul class="attachment-list">
                    {list.into_iter().map(|a| view! {
                        <li><a href=a.href() download=a.name.clone()>{a.name.clone()}</a>" "<span class="field__hint">{a.label()}</span></li>
                    }).collect_view()}
                </ul>
            </section>
        }
    })
}

/// The `:id` of the route, as a number.
pub(crate) fn id_param() -> Memo<Option<i32>> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<i32>().ok())))
}

#[component]
pub fn NoticeDetailPage() -> impl IntoView {
    let t = i18n::t();
    let id = id_param();
    let notice = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => load_notice(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Transition fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match notice.await {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(d) => view! { <NoticeBody detail=d /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn NoticeBody(detail: NoticeDetail) -> impl IntoView {
    let n = i18n::t().notices();
    let withdrawn = (detail.status == Status::Withdrawn).then(|| {
        let reason = detail.withdrawn_reason.clone().unwrap_or_default();
        view! { <p class="alert alert--error" role="alert">{(n.withdrawn_notice)(&reason)}</p> }
    });
    view! {
        <Title text=detail.title.clone() />
        <article class="notice">
            <p class="notice-item__meta">
                <span class="badge">{(n.category_label)(detail.category)}</span>
                <span>{(n.issued)(&format_date(detail.issued_on), &detail.office)}</span>
            </p>
            <h1>{detail.title.clone()}</h1>
            {withdrawn}
            <div class="notice__body"><Blocks blocks=detail.blocks /></div>
            {attachment_list(detail.attachments)}
        </article>
        <p><a href="/notices">{n.back_to_list}</a></p>
    }
}

#[component]
pub fn ManageNoticesPage() -> impl IntoView {
    let t = i18n::t();
    let n = t.notices();
    let query = use_query_map();
    let filter = move || query.with(filter_of);
    let page = Resource::new(filter, load_managed_notices);
    view! {
        <Title text=n.admin_title />
        <h1>{n.admin_title}</h1>
        <p>{n.admin_lead}</p>
        <p><a class="button button--primary" href="/admin/notices/new">{n.admin_new}</a></p>
        <FilterForm filter=filter() action="/admin/notices" />
        <Transition fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(p) => view! { <Results page=p filter=filter() manage=true /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// What the editor's address says on its first load: the outcome of a form
/// posted without JavaScript (see `server/src/web/notices.rs`), or — when
/// nothing was saved — what was typed, checked again with the shared
/// validation for its messages.
#[derive(Clone, Default)]
struct FirstLoad {
    notice: Option<Notice>,
    typed: Option<NoticeInput>,
    at: String,
    reason: String,
    errors: FieldErrors,
}

impl FirstLoad {
    fn of(q: &leptos_router::params::ParamsMap) -> FirstLoad {
        let n = i18n::t().notices();
        let summary = || Some(Notice::error(i18n::t().report_errors_summary));
        let mut first = FirstLoad {
            at: q.get("at").unwrap_or_default(),
            reason: q.get("reason").unwrap_or_default(),
            ..FirstLoad::default()
        };
        if q.get("created").is_some() {
            first.notice = Some(Notice::ok(n.created));
        } else if q.get("stale").is_some() {
            first.notice = Some(Notice::error(n.already_withdrawn));
        }
        match q.get("done").as_deref() {
            Some("saved") => first.notice = Some(Notice::ok(n.saved)),
            Some("published") => first.notice = Some(Notice::ok(n.published)),
            Some("scheduled") => first.notice = Some(Notice::ok((n.scheduled)(&first.at.replace('T', " ")))),
            Some("withdrawn") => first.notice = Some(Notice::ok(n.withdrawn)),
            Some("attached") => first.notice = Some(Notice::ok(n.attached)),
            Some("removed") => first.notice = Some(Notice::ok(n.removed)),
            _ => {}
        }
        match q.get("invalid").as_deref() {
            Some("save") => {
                let typed = NoticeInput::from_fields(|k| q.get(k), |k| q.get_all(k).unwrap_or_default());
                first.errors = crate::domain::notices::check(&typed).err().unwrap_or_default();
                first.typed = Some(typed);
                first.notice = summary();
            }
            Some("publish") => {
                first.errors = [("at".to_owned(), n.publish_at_invalid.to_owned())].into();
                first.notice = summary();
            }
            Some("withdraw") => {
                first.errors = crate::domain::notices::check_withdraw_reason(&first.reason).err().unwrap_or_default();
                first.notice = summary();
            }
            Some("attach") => {
                let refused = (n.attach_refused)(MAX_BYTES / 1024 / 1024, crate::domain::attachments::MAX_PER_NOTICE);
                first.errors = [("file".to_owned(), refused)].into();
                first.notice = summary();
            }
            _ => {}
        }
        first
    }
}

#[component]
pub fn NoticeEditorPage() -> impl IntoView {
    let t = i18n::t();
    let id = id_param();
    let first = use_query_map().with_untracked(FirstLoad::of);
    let notice = first.notice.clone();
    let detail = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => load_notice_for_edit(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    view! {
        <Title text=t.notices().editor_title />
        <h1>{t.notices().editor_title}</h1>
        <p><a href="/admin/notices">{t.notices().admin_title}</a></p>
        <PostedNotice notice />
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || {
                let first = first.clone();
                Suspend::new(async move {
                    match detail.await {
                        Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                        Ok(d) => view! { <Editor detail=d first /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// A text field of the editor with its error line.
fn text_field(
    name: &'static str,
    label: &'static str,
    kind: &'static str,
    value: String,
    errors: &FieldErrors,
) -> impl IntoView + use<> {
    let id = format!("n-{name}");
    let invalid = errors.contains_key(name).to_string();
    let error = errors.get(name).cloned();
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input id=id type=kind name=name value=value aria-invalid=invalid />
            <p class="field-error" aria-live="polite">{error}</p>
        </div>
    }
}

/// The notice's fields, posted to `POST /admin/notices/save` (the body with
/// its preview is an island, [`BodyField`]).
#[component]
fn Editor(detail: Option<NoticeDetail>, first: FirstLoad) -> impl IntoView {
    let t = i18n::t();
    let n = t.notices();
    let saved = detail.as_ref().and_then(|d| d.source.clone());
    let source = first.typed.clone().or(saved).unwrap_or_else(|| NoticeInput {
        audience: Role::ALL.to_vec(),
        category: Category::Notice.code().to_owned(),
        ..Default::default()
    });
    let id = detail.as_ref().map(|d| d.id);
    let errors = if first.typed.is_some() { first.errors.clone() } else { FieldErrors::new() };
    let status = detail.as_ref().map(|d| (d.status, d.published_at));
    let body_error = errors.get("body").cloned();
    view! {
        {status.map(|(s, at)| view! {
            <p>
                <span class="badge">{(n.status_label)(s)}</span>" "
                {at.map(format_datetime)}
                {(s == Status::Published).then(|| view! { " " <a href=format!("/notices/{}", id.unwrap_or_default())>{n.view_as_user}</a> })}
            </p>
        })}
        <form class="card form" method="post" action="/admin/notices/save" novalidate>
            <input type="hidden" name="id" value=id.map(|i| i.to_string()).unwrap_or_default() />
            {text_field("title", n.title_label, "text", source.title.clone(), &errors)}
            <BodyField body=source.body.clone() error=body_error />
            {text_field("office", n.office_label, "text", source.office.clone(), &errors)}
            {text_field("issued_on", n.issued_on_label, "date", source.issued_on.clone(), &errors)}
            <div class="field">
                <label for="n-category">{n.category_field}</label>
                <select id="n-category" name="category">
                    {Category::ALL.iter().map(|c| {
                        let code = c.code();
                        view! { <option value=code selected=source.category == code>{(n.category_label)(*c)}</option> }
                    }).collect_view()}
                </select>
                <p class="field-error" aria-live="polite">{errors.get("category").cloned()}</p>
            </div>
            <fieldset class="field">
                <legend>{n.audience_label}</legend>
                {Role::ALL.iter().map(|r| {
                    let r = *r;
                    let input_id = format!("n-aud-{}", r.code());
                    let chosen = source.audience.contains(&r);
                    view! {
                        <div class="field--check">
                            <input id=input_id.clone() type="checkbox" name="audience" value=r.code() checked=chosen />
                            <label for=input_id>{t.role(r)}</label>
                        </div>
                    }
                }).collect_view()}
                <p class="field-error" aria-live="polite">{errors.get("audience").cloned()}</p>
            </fieldset>
            <button type="submit" class="button button--primary">{n.save}</button>
        </form>
        {detail.map(|d| view! { <AfterSave detail=d first /> })}
    }
}

/// The body's text area and its preview, an island: the preview follows the
/// typing (without JavaScript it shows the body as the page was loaded).
#[island(lazy)]
fn BodyField(body: String, error: Option<String>) -> impl IntoView {
    let n = i18n::t().notices();
    let first = body.clone();
    let invalid = error.is_some().to_string();
    let body = RwSignal::new(body);
    view! {
        <div class="field">
            <label for="n-body">{n.body_label}</label>
            <p class="field__hint" id="n-body-hint">{n.body_hint}</p>
            <textarea id="n-body" name="body" rows="12" aria-describedby="n-body-hint" aria-invalid=invalid
                prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))>{crate::domain::html::textarea_text(&first)}</textarea>
            <p class="field-error" aria-live="polite">{error}</p>
        </div>
        <details class="notice-preview">
            <summary>{n.preview}</summary>
            <div class="notice__body">{move || view! { <Blocks blocks=markdown::parse(&body.get()) /> }}</div>
        </details>
    }
}

/// Publishing, withdrawing and attachments of a saved notice. Each form is
/// posted as it is without JavaScript (see `server/src/web/notices.rs`).
#[component]
fn AfterSave(detail: NoticeDetail, first: FirstLoad) -> impl IntoView {
    let n = i18n::t().notices();
    let id = detail.id;
    let errors = if first.typed.is_none() { first.errors } else { FieldErrors::new() };
    let error_of = |field: &str| errors.get(field).cloned();
    let withdrawn = detail.status == Status::Withdrawn;
    // A published notice stays as it went out; drafts and scheduled ones publish.
    let publishable = matches!(detail.status, Status::Draft | Status::Scheduled);
    let id_field = move || view! { <input type="hidden" name="id" value=id /> };
    view! {
        {publishable.then(|| view! {
            <section class="card" aria-labelledby="publish-heading">
                <h2 id="publish-heading">{n.publish_title}</h2>
                <form class="form" method="post" action="/admin/notices/publish" novalidate>
                    {id_field()}
                    <div class="field">
                        <label for="n-at">{n.publish_at_label}</label>
                        <input id="n-at" name="at" type="datetime-local" step="60" value=first.at.clone() />
                        <p class="field__hint">{n.publish_at_hint}</p>
                        <p class="field-error" aria-live="polite">{error_of("at")}</p>
                    </div>
                    <button type="submit" class="button button--primary">{if first.at.is_empty() { n.publish_now } else { n.schedule }}</button>
                </form>
            </section>
        })}
        <section class="card" aria-labelledby="attach-heading">
            <h2 id="attach-heading">{n.attachments}</h2>
            <ul class="attachment-list">
                {detail.attachments.into_iter().map(|a| {
                    view! {
                        <li>
                            <a href=a.href() download=a.name.clone()>{a.name.clone()}</a>" "<span class="field__hint">{a.label()}</span>" "
                            <form class="inline-form" method="post" action="/admin/notices/detach">
                                {id_field()}
                                <input type="hidden" name="attachment" value=a.id />
                                <button type="submit" class="button button--secondary">{n.remove}</button>
                            </form>
                        </li>
                    }
                }).collect_view()}
            </ul>
            // The upload posts to its server function, which answers a
            // browser's own post with a redirect back here.
            <form class="form" method="post" action=ATTACH_PATH enctype="multipart/form-data">
                <input type="hidden" name="notice" value=id.to_string() />
                <div class="field">
                    <label for="n-file">{n.attach_label}</label>
                    <p class="field__hint">{(n.attach_hint)(MAX_BYTES / 1024 / 1024)}</p>
                    <input id="n-file" name="file" type="file" accept="application/pdf,image/png,image/jpeg,image/gif,image/webp" />
                    <p class="field-error" aria-live="polite">{error_of("file")}</p>
                </div>
                <button type="submit" class="button button--secondary">{n.attach}</button>
            </form>
        </section>
        {(!withdrawn).then(|| view! {
            <section class="card" aria-labelledby="withdraw-heading">
                <h2 id="withdraw-heading">{n.withdraw_title}</h2>
                <form class="form" method="post" action="/admin/notices/withdraw" novalidate>
                    {id_field()}
                    <div class="field">
                        <label for="n-reason">{n.withdraw_reason_label}</label>
                        <input id="n-reason" name="reason" type="text" value=first.reason.clone() />
                        <p class="field-error" aria-live="polite">{error_of("reason")}</p>
                    </div>
                    <button type="submit" class="button button--secondary">{n.withdraw}</button>
                </form>
            </section>
        })}
    }
}
