//! `/password/set?token=…` (set a password through a mailed link) and
//! `/password/forgot` (ask for a reset link). Both post plain forms to the
//! server, so they work without JavaScript; answers come back as a redirect
//! with `?error=CODE`, `?sent=1`.

use crate::api::passwords::password_link_login_id;
use crate::components::password_fields::NewPasswordFields;
use crate::domain::tokens::set_password_error_message;
use crate::i18n;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SetPasswordPage() -> impl IntoView {
    let t = i18n::t();
    let query = use_query_map().get_untracked();
    let token = query.get("token").unwrap_or_default();
    let error = query.get("error").and_then(|c| set_password_error_message(&c));
    let link = OnceResource::new(password_link_login_id(token.clone()));
    view! {
        <Title text=t.accounts().set_password_title />
        <section class="card card--narrow" aria-labelledby="set-heading">
            <h1 id="set-heading">{t.accounts().set_password_title}</h1>
            {error.map(|e| view! { <p class="alert alert--error" role="alert">{e}</p> })}
            <Suspense fallback=move || view! { <p>{t.loading}</p> }>
                {move || {
                    let token = token.clone();
                    Suspend::new(async move {
                        match link.await {
                            Ok(Some(login_id)) => view! { <SetPasswordForm token login_id /> }.into_any(),
                            _ => view! {
                                <p class="alert alert--error" role="alert">{t.accounts().password_link_invalid}</p>
                                <p><a href="/password/forgot">{t.accounts().forgot_link}</a></p>
                            }
                            .into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn SetPasswordForm(token: String, login_id: String) -> impl IntoView {
    let t = i18n::t();
    view! {
        <p>{t.accounts().set_password_lead}</p>
        <p class="login-id">{t.login_id_label}": "<strong>{login_id.clone()}</strong></p>
        <form method="post" action="/password/set" class="form">
            <input type="hidden" name="token" value=token />
            // Lets password managers file the new password under the right ID.
            <input type="hidden" name="username" autocomplete="username" value=login_id />
            <NewPasswordFields />
            <button type="submit" class="button button--primary button--block">{t.accounts().set_password_button}</button>
        </form>
    }
}

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let t = i18n::t();
    let sent = use_query_map().get_untracked().get("sent").is_some();
    view! {
        <Title text=t.accounts().forgot_title />
        <section class="card card--narrow" aria-labelledby="forgot-heading">
            <h1 id="forgot-heading">{t.accounts().forgot_title}</h1>
            {if sent {
                view! {
                    <p class="alert alert--success" role="status">{t.accounts().forgot_sent}</p>
                    <p><a href="/login">{t.accounts().forgot_again}</a></p>
                }
                .into_any()
            } else {
                view! {
                    <p>{t.accounts().forgot_lead}</p>
                    <form method="post" action="/password/forgot" class="form">
                        <div class="field">
                            <label for="login_id">{t.login_id_label}</label>
                            <input id="login_id" name="login_id" type="text" required autocomplete="username"
                                autocapitalize="off" spellcheck="false" maxlength="32" />
                        </div>
                        <button type="submit" class="button button--primary button--block">{t.accounts().forgot_button}</button>
                    </form>
                    <p class="card__footnote"><a href="/login">{t.accounts().forgot_again}</a></p>
                }
                .into_any()
            }}
        </section>
    }
}
