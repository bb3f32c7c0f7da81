//! `/admin/accounts`: search accounts by login ID, name and prefecture, see
//! where each stands, and mail a new link, unlock, disable or correct the
//! e-mail address.

use crate::api::account_admin::{
    ChangeAccountEmail, DisableAccount, EndAccountSessions, ResendAccountLink, UnlockAccount, search_accounts,
};
use crate::components::notice::{Notice, PostedNotice};
use crate::components::posted_error::{posted_done, provide_posted_error};
use crate::components::sessions::session_list;
use crate::domain::account::{AccountState, AccountSummary};
use crate::i18n;
use crate::pages::error::ErrorPage;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AccountAdminPage() -> impl IntoView {
    let t = i18n::t();
    let query = use_query_map();
    provide_posted_error();
    let resend = ServerAction::<ResendAccountLink>::new();
    let unlock = ServerAction::<UnlockAccount>::new();
    let disable = ServerAction::<DisableAccount>::new();
    let change_email = ServerAction::<ChangeAccountEmail>::new();
    let end_sessions = ServerAction::<EndAccountSessions>::new();
    let results = Resource::new(
        move || {
            let q = query.get();
            (q.get("q").unwrap_or_default(), q.get("prefecture").unwrap_or_default())
        },
        |(q, prefecture)| search_accounts(q, prefecture),
    );
    // A refused post comes back with its error, which the actions hold; a
    // done one with `done=`.
    let refused = [resend.value(), unlock.value(), disable.value(), change_email.value()]
        .into_iter()
        .find_map(|v| v.get_untracked().and_then(Result::err))
        .or_else(|| end_sessions.value().get_untracked().and_then(Result::err));
    let done = refused.map(|e| Notice::error(e.message())).or_else(|| posted_done(t.accounts().accounts_done));
    view! {
        <Title text=t.accounts().accounts_title />
        <h1>{t.accounts().accounts_title}</h1>
        <Form method="GET" action="">
            <div class="search-row">
                <div class="field">
                    <label for="q">{t.accounts().accounts_search_label}</label>
                    <input id="q" name="q" type="search" value=query.get_untracked().get("q").unwrap_or_default() />
                </div>
                <div class="field">
                    <label for="prefecture">{t.accounts().accounts_prefecture_label}</label>
                    <input id="prefecture" name="prefecture" type="text" inputmode="numeric" maxlength="2" placeholder="13"
                        value=query.get_untracked().get("prefecture").unwrap_or_default() />
                </div>
                <button type="submit" class="button button--primary">{t.accounts().accounts_search_button}</button>
            </div>
        </Form>
        <PostedNotice notice=done />
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match results.await {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p class="alert alert--info">{t.accounts().accounts_none}</p> }.into_any(),
                    Ok(list) => view! {
                        <div class="table-wrap">
                            <table class="table">
                                <thead><tr>
                                    <th scope="col">{t.login_id_label}</th>
                                    <th scope="col">{t.accounts().register_name}</th>
                                    <th scope="col">{t.accounts().accounts_col_role}</th>
                                    <th scope="col">{t.accounts().accounts_prefecture_label}</th>
                                    <th scope="col">{t.accounts().register_email}</th>
                                    <th scope="col">{t.accounts().accounts_col_state}</th>
                                    <th scope="col">{t.accounts().accounts_col_actions}</th>
                                </tr></thead>
                                <tbody>
                                    {list.into_iter().map(|a| view! { <AccountRow account=a resend unlock disable change_email end_sessions /> }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AccountRow(
    account: AccountSummary,
    resend: ServerAction<ResendAccountLink>,
    unlock: ServerAction<UnlockAccount>,
    disable: ServerAction<DisableAccount>,
    change_email: ServerAction<ChangeAccountEmail>,
    end_sessions: ServerAction<EndAccountSessions>,
) -> impl IntoView {
    let t = i18n::t();
    let state = match account.state {
        AccountState::AwaitingPassword => t.accounts().state_awaiting,
        AccountState::Active => t.accounts().state_active,
        AccountState::Locked => t.accounts().state_locked,
        AccountState::Disabled => t.accounts().state_disabled,
    };
    let id = account.user_id;
    let (resend_label, unlock_label, disable_label) = (
        format!("{} {}", account.login_id, t.accounts().accounts_resend),
        format!("{} {}", account.login_id, t.accounts().accounts_unlock),
        format!("{} {}", account.login_id, t.accounts().accounts_disable),
    );
    let email_field = format!("email-{id}");
    let s = t.sessions();
    let sessions = (!account.sessions.is_empty()).then(|| {
        let count = (s.count)(account.sessions.len());
        let end_all_label = format!("{} {}", account.login_id, s.end_all);
        view! {
            <details class="row-edit">
                <summary>{count}</summary>
                {session_list(account.sessions.clone(), move |info| {
                    let (label, handle) = ((s.end_one)(&info.device), info.handle.clone());
                    view! {
                        <ActionForm action=end_sessions>
                            <input type="hidden" name="user_id" value=id />
                            <input type="hidden" name="handle" value=handle />
                            <button type="submit" class="button button--secondary" aria-label=label>{s.end_one_short}</button>
                        </ActionForm>
                    }.into_any()
                })}
                <ActionForm action=end_sessions>
                    <input type="hidden" name="user_id" value=id />
                    <button type="submit" class="button button--secondary" aria-label=end_all_label>{s.end_all}</button>
                </ActionForm>
            </details>
        }
    });
    let email_label = (t.accounts().accounts_change_email_label)(&account.login_id);
    let reset_href = format!("{}?q={}", crate::api::helpdesk::PAGE_PATH, account.login_id);
    let reset_label = format!("{} {}", account.login_id, t.second_factor().admin_reset_link);
    view! {
        <tr>
            <td data-label=t.login_id_label>{account.login_id.clone()}</td>
            <td data-label=t.accounts().register_name>{account.name.clone()}</td>
            <td data-label=t.accounts().accounts_col_role>{t.role(account.role)}</td>
            <td data-label=t.accounts().accounts_prefecture_label>{account.prefecture.clone().unwrap_or_default()}</td>
            <td data-label=t.accounts().register_email>{account.email.clone().unwrap_or_default()}</td>
            <td data-label=t.accounts().accounts_col_state>{state}</td>
            <td class="row-actions" data-label=t.accounts().accounts_col_actions>
                {(account.state != AccountState::Disabled).then(|| view! {
                    <ActionForm action=resend>
                        <input type="hidden" name="user_id" value=id />
                        <button type="submit" class="button button--secondary" aria-label=resend_label>{t.accounts().accounts_resend}</button>
                    </ActionForm>
                })}
                {(account.state == AccountState::Locked).then(|| view! {
                    <ActionForm action=unlock>
                        <input type="hidden" name="user_id" value=id />
                        <button type="submit" class="button button--secondary" aria-label=unlock_label>{t.accounts().accounts_unlock}</button>
                    </ActionForm>
                })}
                {sessions}
                // Resetting a second factor needs a reason (and may name an
                // inquiry): the console has that form, for administrators too.
                <a class="button button--secondary" href=reset_href aria-label=reset_label>{t.second_factor().admin_reset_link}</a>
                <details class="row-edit">
                    <summary>{t.accounts().accounts_change_email}</summary>
                    <ActionForm action=change_email>
                        <input type="hidden" name="user_id" value=id />
                        <label for=email_field.clone()>{email_label}</label>
                        <input id=email_field type="email" name="email" required autocomplete="off" inputmode="email" />
                        <button type="submit" class="button button--secondary">{t.accounts().accounts_change_email}</button>
                    </ActionForm>
                </details>
                {(account.state != AccountState::Disabled).then(|| view! {
                    <ActionForm action=disable>
                        <input type="hidden" name="user_id" value=id />
                        <button type="submit" class="button button--secondary" aria-label=disable_label>{t.accounts().accounts_disable}</button>
                    </ActionForm>
                })}
            </td>
        </tr>
    }
}
