//! `/admin/api-tokens`: the ministry administrators' API tokens (SPEC §8) —
//! issue one to an account, see every token and where it stands, revoke.
//!
//! A new token is shown once, in the box above the form, from the issue
//! action's answer and nowhere else: it is not put into a field, the list or
//! the address, and the list shows only its first characters (the server
//! keeps nothing but its hash). Leaving the page forgets it.

use crate::api::api_tokens::{IssueApiToken, RevokeApiToken, list_api_tokens};
use crate::components::layout::ActorResource;
use crate::components::posted_error::provide_posted_error;
use crate::domain::api_tokens::{ApiScope, IssuedToken, MAX_TOKEN_DAYS, MAX_TOKEN_NAME, TokenRow, TokenState};
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
    let issue = ServerAction::<IssueApiToken>::new();
    let revoke = ServerAction::<RevokeApiToken>::new();
    let tokens = Resource::new(move || issue.version().get() + revoke.version().get(), |_| list_api_tokens());
    view! {
        <Title text=a.tokens_title />
        <h1>{a.tokens_title}</h1>
        // The services refuse everyone else; this only spares them a form
        // that could not work. The actor never reloads, so the form below
        // (and what was typed into it) survives every refresh of the list.
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match actor.await {
                    Ok(Some(user)) if user.role.capabilities().contains(&Capability::ApiTokens) => {
                        view! { <Tokens issue revoke tokens /> }.into_any()
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
    issue: ServerAction<IssueApiToken>,
    revoke: ServerAction<RevokeApiToken>,
    tokens: Resource<Result<Vec<TokenRow>, AppError>>,
) -> impl IntoView {
    let t = i18n::t();
    let a = t.api();
    let revoked = move || {
        revoke.value().get().map(|r| match r {
            Ok(()) => view! { <p class="alert alert--success" role="status">{a.revoked_done}</p> }.into_any(),
            Err(e) => view! { <p class="alert alert--error" role="alert">{e.message()}</p> }.into_any(),
        })
    };
    view! {
        <p>{a.tokens_lead}</p>
        // Outside the app's routes: a full page load, not client-side routing.
        <p><a href="/api/v1/docs" rel="external">{a.docs_link}</a></p>
        {move || issue.value().get().and_then(Result::ok).map(|issued| view! { <IssuedOnce issued /> })}
        <IssueForm issue />
        <h2>{a.list_heading}</h2>
        <div aria-live="polite">{revoked}</div>
        <Transition fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match tokens.await {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p class="alert alert--info">{a.none_yet}</p> }.into_any(),
                    Ok(list) => view! { <TokenTable list revoke /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The token just issued, shown this once.
#[component]
fn IssuedOnce(issued: IssuedToken) -> impl IntoView {
    let a = i18n::t().api();
    view! {
        <section class="alert alert--success" role="status" aria-labelledby="issued-once">
            <p id="issued-once"><strong>{a.issued_once}</strong></p>
            <p>{issued.row.name}" ("{issued.row.login_id}")"</p>
            <p><code class="cell-code" translate="no">{issued.token}</code></p>
        </section>
    }
}

#[component]
fn IssueForm(issue: ServerAction<IssueApiToken>) -> impl IntoView {
    let t = i18n::t();
    let a = t.api();
    let error = move |field: &'static str| {
        move || {
            issue.value().with(|v| match v {
                Some(Err(AppError::Validation(fields))) => fields.get(field).cloned(),
                _ => None,
            })
        }
    };
    let invalid = move |field: &'static str| move || error(field)().is_some().to_string();
    let summary = move || {
        issue.value().with(|v| match v {
            Some(Err(AppError::Validation(_))) => Some(t.error_validation.to_owned()),
            Some(Err(e)) => Some(e.message()),
            _ => None,
        })
    };
    view! {
        <section class="card" aria-labelledby="issue-heading">
            <h2 id="issue-heading">{a.issue_heading}</h2>
            <div aria-live="polite">
                {move || summary().map(|s| view! { <p class="alert alert--error" role="alert">{s}</p> })}
            </div>
            <ActionForm action=issue attr:class="form" attr:novalidate=true>
                <div class="field">
                    <label for="token-login-id">{a.login_id}</label>
                    <input id="token-login-id" name="login_id" type="text" autocomplete="off" spellcheck="false"
                        aria-invalid=invalid("login_id") aria-describedby="token-login-id-error" />
                    <p id="token-login-id-error" class="field-error">{error("login_id")}</p>
                </div>
                <div class="field">
                    <label for="token-name">{a.name}</label>
                    <p id="token-name-hint" class="field__hint">{a.name_hint}</p>
                    <input id="token-name" name="name" type="text" maxlength=MAX_TOKEN_NAME autocomplete="off"
                        aria-invalid=invalid("name") aria-describedby="token-name-hint token-name-error" />
                    <p id="token-name-error" class="field-error">{error("name")}</p>
                </div>
                <fieldset class="field" aria-describedby="token-scopes-error">
                    <legend>{a.scopes}</legend>
                    {ApiScope::ALL.into_iter().map(|s| {
                        let id = format!("token-scope-{}", s.code().replace(':', "-"));
                        view! {
                            <div class="field--check">
                                // `[]` makes repeated boxes one list for the server function.
                                <input id=id.clone() type="checkbox" name="scopes[]" value=s.code() />
                                <label for=id>{(a.scope_label)(s)}</label>
                            </div>
                        }
                    }).collect_view()}
                    <p id="token-scopes-error" class="field-error">{error("scopes")}</p>
                </fieldset>
                <div class="field">
                    <label for="token-days">{a.days}</label>
                    <input id="token-days" name="days" type="number" inputmode="numeric" min="1" max=MAX_TOKEN_DAYS
                        value=DEFAULT_DAYS aria-invalid=invalid("days") aria-describedby="token-days-error" />
                    <p id="token-days-error" class="field-error">{error("days")}</p>
                </div>
                <div class="actions">
                    // Without JavaScript the form posts to a handler that answers with
                    // the page showing the token (a redirect back would lose it); with
                    // it, the action issues the token in place.
                    <button type="submit" class="button button--primary" formaction="/admin/api-tokens/issue"
                        disabled=move || issue.pending().get()>{a.issue_button}</button>
                </div>
            </ActionForm>
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
