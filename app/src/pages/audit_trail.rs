//! `/admin/audit`: the audit trail viewer. A plain GET form of filters
//! (kept in the address, so it works without JavaScript and a link or a
//! reload shows the same entries), the entries newest first with each
//! change as 「項目: 旧 → 新」, links to older and newer pages that keep the
//! filters, and the CSV of the same filters. Ministry administrators see
//! every entry, prefecture officers their area's; the service decides.
//! Everything shown is text (escaped by Leptos), never markup.

use crate::api::audit_trail::{CSV_PATH, PAGE_PATH, load_audit_trail};
use crate::domain::audit_trail::{AuditEntryView, AuditFilter, AuditTrailPage, OUTCOMES, TEXT_MAX};
use crate::domain::error::{AppError, FieldErrors};
use crate::i18n;
use crate::pages::error::ErrorPage;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AuditTrailPage() -> impl IntoView {
    let t = i18n::t();
    let a = t.audit();
    let query = use_query_map();
    let filter = move || query.with(|q| AuditFilter::from_query(|k| q.get(k)));
    let data = Resource::new(filter, load_audit_trail);
    view! {
        <Title text=a.title />
        <h1>{a.title}</h1>
        <Transition fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                let typed = query.with_untracked(|q| AuditFilter::from_query(|k| q.get(k)));
                match data.await {
                    Err(AppError::Validation(errors)) => view! {
                        <div class="alert alert--error" role="alert">
                            <p>{a.fix_filters}</p>
                            <ul>{errors.values().cloned().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                        </div>
                        <Filters filter=typed errors />
                    }.into_any(),
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(page) => view! { <Trail page /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The lead, the filters, and the page of entries.
#[component]
fn Trail(page: AuditTrailPage) -> impl IntoView {
    let a = i18n::t().audit();
    let lead = if page.national { a.lead_national } else { a.lead_prefecture };
    let filter = page.filter.clone();
    let newer = page.newer.map(|id| filter.href(PAGE_PATH, Some(("after", id))));
    let older = page.older.map(|id| filter.href(PAGE_PATH, Some(("before", id))));
    let pager = (newer.is_some() || older.is_some()).then(|| {
        view! {
            <nav class="actions pager" aria-label=a.pages_label>
                {newer.map(|h| view! { <a class="button button--secondary" href=h rel="prev">{a.newer}</a> })}
                {older.map(|h| view! { <a class="button button--secondary" href=h rel="next">{a.older}</a> })}
            </nav>
        }
    });
    let count = page.entries.len();
    view! {
        <p class="lead">{lead}</p>
        <Filters filter=page.filter.clone() errors=FieldErrors::new() />
        {if page.entries.is_empty() {
            view! { <p class="alert alert--info" role="status">{a.none}</p> }.into_any()
        } else {
            view! {
                <p role="status">{(a.showing)(count)}</p>
                <EntryTable entries=page.entries />
                {pager}
            }.into_any()
        }}
    }
}

/// The filter form (a plain GET to this page) and the CSV link.
#[component]
fn Filters(filter: AuditFilter, errors: FieldErrors) -> impl IntoView {
    let a = i18n::t().audit();
    let error = |field: &str| {
        let id = format!("a-{field}-error");
        errors.get(field).cloned().map(|m| view! { <p class="field__error" id=id>{m}</p> })
    };
    let invalid = |field: &str| errors.contains_key(field).then_some("true");
    let described = |field: &str, hint: &str| {
        if errors.contains_key(field) { format!("{hint} a-{field}-error") } else { hint.to_owned() }
    };
    let actions: Vec<(String, String)> =
        a.actions.iter().map(|(code, label)| ((*code).to_owned(), (*label).to_owned())).collect();
    let csv = filter.href(CSV_PATH, None);
    view! {
        <form class="card filters filters--area filters--audit" method="get" action=PAGE_PATH aria-label=a.filters_title>
            <div class="field">
                <label for="a-actor">{a.actor}</label>
                <input id="a-actor" name="actor" type="text" autocomplete="off" autocapitalize="characters"
                    maxlength=TEXT_MAX value=filter.actor.clone() aria-invalid=invalid("actor")
                    aria-describedby=described("actor", "a-actor-hint") />
                <p class="field__hint" id="a-actor-hint">{a.actor_hint}</p>
                {error("actor")}
            </div>
            <div class="field">
                <label for="a-target">{a.target}</label>
                <input id="a-target" name="target" type="text" autocomplete="off" maxlength=TEXT_MAX
                    value=filter.target.clone() aria-invalid=invalid("target")
                    aria-describedby=described("target", "a-target-hint") />
                <p class="field__hint" id="a-target-hint">{a.target_hint}</p>
                {error("target")}
            </div>
            <div class="field">
                <label for="a-action">{a.action}</label>
                <select id="a-action" name="action" aria-invalid=invalid("action")>
                    <option value="">{a.all_actions}</option>
                    {actions.into_iter().map(|(code, label)| {
                        let chosen = (filter.action.as_ref() == Some(&code)).then_some("selected");
                        view! { <option value=code selected=chosen>{label}</option> }
                    }).collect_view()}
                </select>
                {error("action")}
            </div>
            <div class="field">
                <label for="a-outcome">{a.outcome}</label>
                <select id="a-outcome" name="outcome" aria-invalid=invalid("outcome")>
                    <option value="">{a.outcome_all}</option>
                    {OUTCOMES.into_iter().map(|code| {
                        let chosen = (filter.outcome.as_deref() == Some(code)).then_some("selected");
                        let label = (a.outcome_label)(code).unwrap_or(code);
                        view! { <option value=code selected=chosen>{label}</option> }
                    }).collect_view()}
                </select>
                {error("outcome")}
            </div>
            <div class="field">
                <label for="a-from">{a.from}</label>
                <input id="a-from" name="from" type="date" value=filter.from.clone() aria-invalid=invalid("from")
                    aria-describedby=described("from", "a-range-hint") />
                {error("from")}
            </div>
            <div class="field">
                <label for="a-to">{a.to}</label>
                <input id="a-to" name="to" type="date" value=filter.to.clone() aria-invalid=invalid("to")
                    aria-describedby=described("to", "a-range-hint") />
                <p class="field__hint" id="a-range-hint">{a.range_hint}</p>
                {error("to")}
            </div>
            <div class="actions">
                <button type="submit" class="button button--primary">{a.apply}</button>
                <a class="button button--secondary" href=PAGE_PATH>{a.clear}</a>
                <a class="button button--secondary" href=csv download="">{a.download}</a>
            </div>
        </form>
    }
}

/// The entries: a table that becomes one card per entry on a phone.
#[component]
fn EntryTable(entries: Vec<AuditEntryView>) -> impl IntoView {
    let a = i18n::t().audit();
    view! {
        <div class="table-wrap">
            <table class="table audit-table">
                <thead><tr>
                    <th scope="col">{a.col_at}</th>
                    <th scope="col">{a.col_actor}</th>
                    <th scope="col">{a.col_action}</th>
                    <th scope="col">{a.col_target}</th>
                    <th scope="col">{a.col_outcome}</th>
                    <th scope="col">{a.col_ip}</th>
                    <th scope="col">{a.col_detail}</th>
                </tr></thead>
                <tbody>
                    {entries.into_iter().map(|e| {
                        let refused = e.outcome != "ok";
                        view! {
                            <tr>
                                <th scope="row"><time>{e.at}</time><span class="cell-sub">{a.col_id}" "{e.id}</span></th>
                                <td data-label=a.col_actor class="cell-code">{e.actor}</td>
                                <td data-label=a.col_action>{e.action_label}</td>
                                <td data-label=a.col_target>{e.target.unwrap_or_else(|| a.no_value.to_owned())}</td>
                                <td data-label=a.col_outcome>
                                    <span class=if refused { "badge badge--missing" } else { "badge" }>{e.outcome_label}</span>
                                </td>
                                <td data-label=a.col_ip class="cell-code">{e.ip.unwrap_or_else(|| a.no_value.to_owned())}</td>
                                <td data-label=a.col_detail>
                                    <ul class="audit-detail">
                                        {e.detail.into_iter().map(|l| view! {
                                            <li>
                                                <span class="audit-detail__field">{l.field}": "</span>
                                                {l.old.map(|o| view! { <span class="audit-detail__old">{o}</span>" → " })}
                                                <span class="audit-detail__new">{l.new}</span>
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
