//! `/admin/api-tokens`: the ministry administrators' API tokens (SPEC §8) —
//! issue one to an account, see every token and where it stands, revoke.
//!
//! The form posts to `/admin/api-tokens/issue` (server/src/web/api_tokens.rs),
//! whose answer is the page that shows the new token, once and nowhere else:
//! it is not put into a field, the list or an address, and the list shows
//! only its first characters (the server keeps nothing but its hash).

use crate::api::api_tokens::{RevokeApiToken, list_api_tokens};
use crate::components::layout::ActorResource;
use crate::components::notice::{Notice, PostedNotice};
use crate::components::posted_error::{posted_done, provide_posted_error};
use crate::domain::api_tokens::{ApiScope, MAX_TOKEN_DAYS, MAX_TOKEN_NAME, TokenRow, TokenState};
use crate::domain::error::AppError;
use crate::domain::roles::Capability;
use crate::domain::time::format_datetime;
use crate::i18n;
use crate::pages::error::ErrorPage;
use leptos::prelude::*;
use leptos_meta::Title;

/// The lifetime the form proposes: a quarter, renewed by issuing anew.
const DEFAULT_DAYS: i64 = 90;

#[component]
pub fn ApiTokensPage() -> impl IntoView {
    let t = i18n::t();
    let a = t.api();
    let actor = expect_context::<ActorResource>();
    // Made here, once, rather than inside the suspense below, whose content
    // may be built more than once while the page renders.
    provide_posted_error();
    let revoke = ServerAction::<RevokeApiToken>::new();
    let tokens = OnceResource::new(list_api_tokens());
    view! {
        <Title text=a.tokens_title />
        <h1>{a.tokens_title}</h1>
        // The services refuse everyone else; this only spares them a form
        // that could not work.
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match actor.await {
                    Ok(Some(user)) if user.role.capabilities().contains(&Capability::ApiTokens) => {
                        view! { <Tokens revoke tokens /> }.into_any()
                    }
                    Ok(Some(_)) => view! { <ErrorPage error=AppError::Forbidden /> }.into_any(),
                    Ok(None) => view! { <ErrorPage error=AppError::Unauthenticated /> }.into_any(),
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Tokens(
    revoke: ServerAction<RevokeApiToken>,
    tokens: OnceResource<Result<Vec<TokenRow>, AppError>>,
) -> impl IntoView {
    let t = i18n::t();
    let a = t.api();
    // A refused revocation comes back with its error, which the action
    // holds; a done one with `done=revoked`.
    let revoked = revoke
        .value()
        .get_untracked()
        .and_then(Result::err)
        .map(|e| Notice::error(e.message()))
        .or_else(|| posted_done(|code| (code == "revoked").then_some(i18n::t().api().revoked_done)));
    view! {
        <p>{a.tokens_lead}</p>
        // Outside the app's routes: a full page load, not client-side routing.
        <p><a href="/api/v1/docs" rel="external">{a.docs_link}</a></p>
        <IssueForm />
        <h2>{a.list_heading}</h2>
        <PostedNotice notice=revoked />
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match tokens.await {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p class="alert alert--info">{a.none_yet}</p> }.into_any(),
                    Ok(list) => view! { <TokenTable list revoke /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Posted to a handler that answers with the page showing the new token (a
/// redirect back would lose it), or with what was refused.
#[component]
fn IssueForm() -> impl IntoView {
    let a = i18n::t().api();
    view! {
        <section class="card" aria-labelledby="issue-heading">
            <h2 id="issue-heading">{a.issue_heading}</h2>
            <form method="post" action="/admin/api-tokens/issue" class="form" novalidate>
                <div class="field">
                    <label for="token-login-id">{a.login_id}</label>
                    <input id="token-login-id" name="login_id" type="text" autocomplete="off" spellcheck="false" />
                </div>
                <div class="field">
                    <label for="token-name">{a.name}</label>
                    <p id="token-name-hint" class="field__hint">{a.name_hint}</p>
                    <input id="token-name" name="name" type="text" maxlength=MAX_TOKEN_NAME autocomplete="off"
                        aria-describedby="token-name-hint" />
                </div>
                <fieldset class="field">
                    <legend>{a.scopes}</legend>
                    {ApiScope::ALL.into_iter().map(|s| {
                        let id = format!("token-scope-{}", s.code().replace(':', "-"));
                        view! {
                            <div class="field--check">
                                // `[]`: the handler reads repeated boxes as one list.
                                <input id=id.clone() type="checkbox" name="scopes[]" value=s.code() />
                                <label for=id>{(a.scope_label)(s)}</label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                <div class="field">
                    <label for="token-days">{a.days}</label>
                    <input id="token-days" name="days" type="number" inputmode="numeric" min="1" max=MAX_TOKEN_DAYS
                        value=DEFAULT_DAYS />
                </div>
                <div class="actions">
                    <button type="submit" class="button button--primary">{a.issue_button}</button>
                </div>
            </form>
        </section>
    }
}

#[component]
fn TokenTable(list: Vec<TokenRow>, revoke: ServerAction<RevokeApiToken>) -> impl IntoView {
    let t = i18n::t();
    let a = t.api();
    view! {
        <div class="table-wrap">
            <table class="table">
                <thead><tr>
                    <th scope="col">{a.name}</th>
                    <th scope="col">{a.col_prefix}</th>
                    <th scope="col">{a.col_account}</th>
                    <th scope="col">{a.scopes}</th>
                    <th scope="col">{a.col_created}</th>
                    <th scope="col">{a.col_expires}</th>
                    <th scope="col">{a.col_last_used}</th>
                    <th scope="col">{a.col_state}</th>
                    <th scope="col">{t.accounts().accounts_col_actions}</th>
                </tr></thead>
                <tbody>
                    {list.into_iter().map(|row| view! { <TokenLine row revoke /> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn TokenLine(row: TokenRow, revoke: ServerAction<RevokeApiToken>) -> impl IntoView {
    let t = i18n::t();
    let a = t.api();
    let scopes = row.scopes.iter().map(|s| (a.scope_label)(*s)).collect::<Vec<_>>().join(i18n::t().list_separator);
    let last_used = row.last_used_at.map(format_datetime).unwrap_or_else(|| a.never_used.to_owned());
    // The button names its token for screen readers, which hear it out of the row.
    let revoke_label = format!("{} {}", row.name, a.revoke_button);
    let id = row.id;
    // On a phone each cell is a labelled grid line: multi-part contents sit in
    // one span so that they stay on the value's side.
    view! {
        <tr>
            <td data-label=a.name>{row.name}</td>
            <td data-label=a.col_prefix><code class="cell-code" translate="no">{row.prefix}</code></td>
            <td data-label=a.col_account>
                <span>{row.login_id}<span class="cell-sub">{row.display_name}</span></span>
            </td>
            <td data-label=a.scopes>{scopes}</td>
            <td data-label=a.col_created>{format_datetime(row.created_at)}</td>
            <td data-label=a.col_expires>{format_datetime(row.expires_at)}</td>
            <td data-label=a.col_last_used>{last_used}</td>
            <td data-label=a.col_state>{(a.state_label)(row.state)}</td>
            <td class="row-actions" data-label=t.accounts().accounts_col_actions>
                {(row.state == TokenState::Active).then(|| view! {
                    <ActionForm action=revoke>
                        <input type="hidden" name="id" value=id />
                        <button type="submit" class="button button--secondary" aria-label=revoke_label>
                            {a.revoke_button}
                        </button>
                    </ActionForm>
                })}
            </td>
        </tr>
    }
}
