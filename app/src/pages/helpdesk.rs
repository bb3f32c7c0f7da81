//! `/helpdesk/accounts`: the helpdesk console. The operator looks an account
//! up while the caller is on the phone, reads where it stands (never a
//! password, the address masked), and unlocks it or mails its password link
//! again, each with a reason and, when there is one, the inquiry number.
//!
//! Everything is in the first HTML and every form is a plain post to its
//! server function, which sends the browser back here with `done=` or
//! `invalid=` (codes, shown with the catalogue's texts).

use crate::api::helpdesk::{
    HelpdeskResendLink, HelpdeskResetSecondFactor, HelpdeskUnlock, PAGE_PATH, lookup_helpdesk_accounts,
};
use crate::components::notice::{Notice, PostedNotice};
use crate::components::posted_error::provide_posted_error;
use crate::domain::account::AccountState;
use crate::domain::error::AppError;
use crate::domain::helpdesk::{HelpdeskAccount, HelpdeskStep, HelpdeskStepRecord, REASON_MAX, StepRefusal};
use crate::i18n;
use crate::pages::error::ErrorPage;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

/// The console searching for `q`, with inquiry `inquiry` filled into its
/// step forms (the link from an inquiry to its sender's account).
pub fn console_href(q: &str, inquiry: i32) -> String {
    let query = leptos_router::params::ParamsMap::from_iter([
        ("q".to_owned(), q.to_owned()),
        ("inquiry".to_owned(), inquiry.to_string()),
    ]);
    format!("{PAGE_PATH}{}", query.to_query_string())
}

/// What a form brings back after a post without JavaScript refused it.
#[derive(Clone, Debug, Default)]
struct Typed {
    user_id: Option<i32>,
    step: Option<HelpdeskStep>,
    reason: String,
    inquiry: String,
}

#[component]
pub fn HelpdeskAccountsPage() -> impl IntoView {
    let t = i18n::t();
    let h = t.helpdesk();
    let query = use_query_map();
    provide_posted_error();
    let unlock = ServerAction::<HelpdeskUnlock>::new();
    let resend = ServerAction::<HelpdeskResendLink>::new();
    let reset = ServerAction::<HelpdeskResetSecondFactor>::new();
    let results = Resource::new(move || query.get().get("q").unwrap_or_default(), lookup_helpdesk_accounts);
    // Back from a step: a refusal the server put into the address (`__err`,
    // which the actions hold), or only codes (`done=`, `invalid=`) whose
    // words the catalogue says.
    let posted = query.with_untracked(|q| {
        if let Some(step) = q.get("done").and_then(|c| HelpdeskStep::from_code(&c)) {
            return Some(Notice::ok((h.done)(step)));
        }
        q.get("invalid").and_then(|c| StepRefusal::from_code(&c)).map(|r| Notice::error((h.refusal)(r)))
    });
    let refused = [unlock.value(), resend.value(), reset.value()]
        .into_iter()
        .find_map(|v| v.get_untracked().and_then(Result::err))
        .map(|e| match e {
            AppError::Validation(fields) => fields.into_values().collect::<Vec<_>>().join(" "),
            e => e.message(),
        });
    let message = refused.map(Notice::error).or(posted);
    let typed = move || {
        let q = query.get();
        Typed {
            user_id: q.get("for").and_then(|v| v.parse().ok()),
            step: q.get("step").and_then(|c| HelpdeskStep::from_code(&c)),
            reason: q.get("reason").unwrap_or_default(),
            inquiry: q.get("inquiry").unwrap_or_default(),
        }
    };
    view! {
        <Title text=h.title />
        <h1>{h.title}</h1>
        <p class="lead">{h.lead}</p>
        <Form method="GET" action="">
            <div class="search-row">
                <div class="field">
                    <label for="hq">{h.search_label}</label>
                    <input id="hq" name="q" type="search" enterkeyhint="search" aria-describedby="hq-hint"
                        value=query.get_untracked().get("q").unwrap_or_default() />
                    <p id="hq-hint" class="field__hint">{h.search_hint}</p>
                </div>
                {move || query.get().get("inquiry").filter(|_| typed().user_id.is_none()).map(|n| view! {
                    <input type="hidden" name="inquiry" value=n />
                })}
                <button type="submit" class="button button--primary">{h.search_button}</button>
            </div>
        </Form>
        <PostedNotice notice=message />
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                let q = query.get_untracked().get("q").unwrap_or_default();
                match results.await {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(_) if q.trim().is_empty() => view! { <p class="alert alert--info">{h.prompt}</p> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p class="alert alert--info">{h.none}</p> }.into_any(),
                    Ok(list) => {
                        let typed = typed();
                        view! {
                            <ul class="helpdesk-list">
                                {list.into_iter().map(|a| {
                                    view! { <AccountCard account=a q=q.clone() typed=typed.clone() unlock resend reset /> }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn AccountCard(
    account: HelpdeskAccount,
    q: String,
    typed: Typed,
    unlock: ServerAction<HelpdeskUnlock>,
    resend: ServerAction<HelpdeskResendLink>,
    reset: ServerAction<HelpdeskResetSecondFactor>,
) -> impl IntoView {
    let t = i18n::t();
    let h = t.helpdesk();
    let state = match account.state {
        AccountState::AwaitingPassword => t.accounts().state_awaiting,
        AccountState::Active => t.accounts().state_active,
        AccountState::Locked => t.accounts().state_locked,
        AccountState::Disabled => t.accounts().state_disabled,
    };
    let heading = format!("account-{}", account.user_id);
    let labelled_by = heading.clone();
    // What was typed comes back only into the form it was typed in; an
    // inquiry number in the address (a link from an inquiry) fills every form.
    let user_id = account.user_id;
    let typed_for = |step: HelpdeskStep| {
        if typed.user_id == Some(user_id) && typed.step == Some(step) {
            (typed.reason.clone(), typed.inquiry.clone(), true)
        } else if typed.user_id.is_none() {
            (String::new(), typed.inquiry.clone(), false)
        } else {
            (String::new(), String::new(), false)
        }
    };
    let can_unlock = account.state == AccountState::Locked;
    let can_resend = account.state != AccountState::Disabled && account.email_masked.is_some();
    let (for_unlock, q_unlock) = (account.clone(), q.clone());
    let unlock_form = can_unlock.then(move || {
        let (reason, inquiry, _) = typed_for(HelpdeskStep::Unlock);
        view! {
            <section class="helpdesk-step">
                <h3>{(h.step_label)(HelpdeskStep::Unlock)}</h3>
                <ActionForm action=unlock>
                    <StepFields step=HelpdeskStep::Unlock account=for_unlock q=q_unlock reason inquiry />
                </ActionForm>
            </section>
        }
    });
    let (for_reset, q_reset) = (account.clone(), q.clone());
    let reset_form = account.has_second_factor.then(move || {
        let (reason, inquiry, open) = typed_for(HelpdeskStep::ResetSecondFactor);
        view! {
            <details class="helpdesk-step" open=open>
                <summary>{(h.step_label)(HelpdeskStep::ResetSecondFactor)}</summary>
                <p class="field__hint">{h.reset_second_factor_note}</p>
                <ActionForm action=reset>
                    <StepFields step=HelpdeskStep::ResetSecondFactor account=for_reset q=q_reset reason inquiry />
                </ActionForm>
            </details>
        }
    });
    let (for_resend, q_resend) = (account.clone(), q);
    let resend_form = can_resend.then(move || {
        let (reason, inquiry, open) = typed_for(HelpdeskStep::ResendLink);
        view! {
            <details class="helpdesk-step" open=open>
                <summary>{(h.step_label)(HelpdeskStep::ResendLink)}</summary>
                <p class="field__hint">{h.resend_note}</p>
                <ActionForm action=resend>
                    <StepFields step=HelpdeskStep::ResendLink account=for_resend q=q_resend reason inquiry />
                </ActionForm>
            </details>
        }
    });
    let no_email = (account.state != AccountState::Disabled && account.email_masked.is_none())
        .then(|| view! { <p class="field__hint">{h.no_email_note}</p> });
    let steps = account.steps.clone();
    view! {
        <li class="card helpdesk-account" aria-labelledby=labelled_by>
            <h2 id=heading class="helpdesk-account__name">
                {account.name.clone()}" "<span class="badge">{t.role(account.role)}</span>
            </h2>
            <dl class="facts">
                <dt>{t.login_id_label}</dt><dd>{account.login_id.clone()}</dd>
                {account.medical_code.clone().map(|c| view! { <dt>{h.medical_code}</dt><dd>{c}</dd> })}
                <dt>{h.state}</dt>
                <dd>
                    <span class=if can_unlock { "badge badge--missing" } else { "badge" }>{state}</span>
                </dd>
                {account.locked_until.clone().map(|u| view! { <dt>{h.locked_until}</dt><dd>{u}</dd> })}
                <dt>{h.recent_failures}</dt><dd>{(h.failures)(account.recent_failures)}</dd>
                <dt>{h.last_login}</dt><dd>{account.last_login.clone().unwrap_or_else(|| h.never.to_owned())}</dd>
                <dt>{h.email}</dt><dd>{account.email_masked.clone().unwrap_or_else(|| h.no_email.to_owned())}</dd>
            </dl>
            {unlock_form}
            {resend_form}
            {reset_form}
            {no_email}
            {(!steps.is_empty()).then(|| view! { <StepHistory steps /> })}
        </li>
    }
}

/// The fields of one step's form: the account, the search to come back to,
/// the reason and the inquiry number.
#[component]
fn StepFields(
    step: HelpdeskStep,
    account: HelpdeskAccount,
    q: String,
    reason: String,
    inquiry: String,
) -> impl IntoView {
    let h = i18n::t().helpdesk();
    let id = account.user_id;
    let reason_id = format!("reason-{}-{id}", step.code());
    let reason_hint = format!("{reason_id}-hint");
    let inquiry_id = format!("inquiry-{}-{id}", step.code());
    let inquiry_hint = format!("{inquiry_id}-hint");
    view! {
        <input type="hidden" name="user_id" value=id />
        <input type="hidden" name="q" value=q />
        <div class="field">
            <label for=reason_id.clone()>{h.reason_label}</label>
            <textarea id=reason_id name="reason" rows="3" required maxlength=REASON_MAX
                aria-describedby=reason_hint.clone()>{crate::domain::html::textarea_text(&reason)}</textarea>
            <p id=reason_hint class="field__hint">{h.reason_hint}</p>
        </div>
        <div class="field">
            <label for=inquiry_id.clone()>{h.inquiry_label}</label>
            <input id=inquiry_id name="inquiry" type="text" inputmode="numeric" autocomplete="off" maxlength="12"
                value=inquiry aria-describedby=inquiry_hint.clone() />
            <p id=inquiry_hint class="field__hint">{h.inquiry_hint}</p>
        </div>
        <button type="submit" class="button button--primary">{(h.step_button)(step, &account.login_id)}</button>
    }
}

/// The console's earlier steps on the account, with their reasons and inquiries.
#[component]
fn StepHistory(steps: Vec<HelpdeskStepRecord>) -> impl IntoView {
    let h = i18n::t().helpdesk();
    view! {
        <details class="helpdesk-step">
            <summary>{h.history}</summary>
            <ul class="timeline">
                {steps.into_iter().map(|s| view! {
                    <li>
                        <p><strong>{(h.step_label)(s.step)}</strong>" "<time>{s.at}</time></p>
                        <p>{h.by}": "{s.by}</p>
                        <p class="helpdesk-step__reason">{s.reason}</p>
                        {s.inquiry.map(|n| view! { <p><a href=format!("/inquiries/{n}")>{(h.inquiry_link)(n)}</a></p> })}
                    </li>
                }).collect_view()}
            </ul>
        </details>
    }
}
