//! `/admin/memberships?aggregator=ID`: the facilities an association enters
//! for, with their dates; add a member from a day, end a membership on a day.

use crate::api::memberships::{AddMembership, EndMembership, list_aggregators, list_memberships};
use crate::components::notice::{Notice, PostedNotice};
use crate::components::posted_error::{posted_done, provide_posted_error};
use crate::domain::error::AppError;
use crate::domain::memberships::Membership;
use crate::i18n;
use crate::pages::error::ErrorPage;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

fn action_error(result: Option<Result<impl Sized, AppError>>) -> Option<String> {
    match result? {
        Ok(_) => None,
        Err(AppError::Validation(fields)) => Some(
            fields.into_values().collect::<std::collections::BTreeSet<_>>().into_iter().collect::<Vec<_>>().join(" "),
        ),
        Err(e) => Some(e.message()),
    }
}

#[component]
pub fn MembershipsPage() -> impl IntoView {
    let t = i18n::t();
    let query = use_query_map();
    let selected = move || query.get().get("aggregator").and_then(|a| a.parse::<i32>().ok());
    let aggregators = OnceResource::new(list_aggregators());
    provide_posted_error();
    let add = ServerAction::<AddMembership>::new();
    let end = ServerAction::<EndMembership>::new();
    let members = Resource::new(selected, |id| async move {
        match id {
            Some(id) => list_memberships(id).await.map(Some),
            None => Ok(None),
        }
    });
    // A refused post comes back with its error, which the actions hold; a
    // done one with `done=`.
    let outcome = action_error(add.value().get_untracked())
        .or_else(|| action_error(end.value().get_untracked()))
        .map(Notice::error)
        .or_else(|| posted_done(t.accounts().memberships_done));
    view! {
        <Title text=t.accounts().memberships_title />
        <h1>{t.accounts().memberships_title}</h1>
        <p>{t.accounts().memberships_lead}</p>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match aggregators.await {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(list) => view! {
                        <nav aria-label=t.accounts().memberships_choose>
                            <ul class="chip-list">
                                {list.into_iter().map(|a| view! {
                                    <li><a class="button button--secondary" href=format!("/admin/memberships?aggregator={}", a.id)>
                                        {a.name}" ("{a.prefecture}")"
                                    </a></li>
                                }).collect_view()}
                            </ul>
                        </nav>
                    }.into_any(),
                }
            })}
        </Suspense>
        <PostedNotice notice=outcome />
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match members.await {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(None) => view! { <p>{t.accounts().memberships_choose}</p> }.into_any(),
                    Ok(Some(list)) => {
                        let aggregator_id = selected().unwrap_or_default();
                        view! { <MemberTable list end /> <AddMember aggregator_id add /> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn MemberTable(list: Vec<Membership>, end: ServerAction<EndMembership>) -> impl IntoView {
    let t = i18n::t();
    if list.is_empty() {
        return view! { <p class="alert alert--info">{t.accounts().memberships_none}</p> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table class="table">
                <thead><tr>
                    <th scope="col">{t.accounts().register_name}</th>
                    <th scope="col">{t.accounts().register_medical_code}</th>
                    <th scope="col">{t.accounts().memberships_from}</th>
                    <th scope="col">{t.accounts().memberships_to}</th>
                </tr></thead>
                <tbody>
                    {list.into_iter().map(|m| {
                        let label = format!("{} {}", m.facility_name, t.accounts().memberships_to);
                        view! {
                            <tr>
                                <td data-label=t.accounts().register_name>{m.facility_name.clone()}</td>
                                <td data-label=t.accounts().register_medical_code>{m.medical_code}</td>
                                <td data-label=t.accounts().memberships_from>{m.valid_from.to_string()}</td>
                                <td data-label=t.accounts().memberships_to>
                                    {m.valid_to.map(|d| d.to_string()).unwrap_or_else(|| t.accounts().memberships_open.to_owned())}
                                    {m.valid_to.is_none().then(|| view! {
                                        <ActionForm action=end attr:class="inline-form">
                                            <input type="hidden" name="membership_id" value=m.id />
                                            <input type="date" name="valid_to" required aria-label=label />
                                            <button type="submit" class="button button--secondary">{t.accounts().memberships_end}</button>
                                        </ActionForm>
                                    })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn AddMember(aggregator_id: i32, add: ServerAction<AddMembership>) -> impl IntoView {
    let t = i18n::t();
    view! {
        <h2>{t.accounts().memberships_add}</h2>
        <ActionForm action=add attr:class="form card">
            <input type="hidden" name="aggregator_id" value=aggregator_id />
            <div class="field">
                <label for="medical_code">{t.accounts().register_medical_code}</label>
                <input id="medical_code" name="medical_code" type="text" inputmode="numeric" maxlength="10" required />
            </div>
            <div class="field">
                <label for="valid_from">{t.accounts().memberships_from}</label>
                <input id="valid_from" name="valid_from" type="date" required />
            </div>
            <div class="field">
                <label for="valid_to">{t.accounts().memberships_to}</label>
                <input id="valid_to" name="valid_to" type="date" />
            </div>
            <button type="submit" class="button button--primary">{t.accounts().memberships_add}</button>
        </ActionForm>
    }
}
