//! `/login`: login ID and password, posted as a plain form to `POST /login`
//! (works without JavaScript; the server answers with a redirect), and,
//! where the browser has WebAuthn, a button to sign in with a passkey.

use crate::components::passkey::PasskeyLogin;
use crate::i18n;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LoginPage() -> impl IntoView {
    let t = i18n::t();
    let query = use_query_map();
    let notice = move || {
        let q = query.read();
        if q.get("failed").is_some() {
            Some(("alert alert--error", t.login_failed))
        } else if q.get("expired").is_some() {
            Some(("alert alert--info", t.session_expired))
        } else if q.get("bye").is_some() {
            Some(("alert alert--success", t.logged_out))
        } else if q.get("password_set").is_some() {
            Some(("alert alert--success", t.accounts().password_set_done))
        } else if q.get("passkey").is_some() {
            Some(("alert alert--info", t.passkey().login_use_passkey))
        } else {
            None
        }
    };
    view! {
        <Title text=t.login_title />
        <section class="card card--narrow" aria-labelledby="login-heading">
            <h1 id="login-heading">{t.login_title}</h1>
            <p>{t.login_lead}</p>
            {move || notice().map(|(class, text)| view! { <p class=class role="alert">{text}</p> })}
            <form method="post" action="/login" class="form">
                <div class="field">
                    <label for="login_id">{t.login_id_label}</label>
                    <p class="field__hint" id="login_id_hint">{t.login_id_hint}</p>
                    <input
                        id="login_id"
                        name="login_id"
                        type="text"
                        required
                        autocomplete="username"
                        autocapitalize="off"
                        spellcheck="false"
                        inputmode="latin"
                        maxlength="32"
                        aria-describedby="login_id_hint"
                    />
                </div>
                <div class="field">
                    <label for="password">{t.password_label}</label>
                    <input id="password" name="password" type="password" required autocomplete="current-password" maxlength="256" />
                </div>
                <button type="submit" class="button button--primary button--block">{t.login_button}</button>
            </form>
            <PasskeyLogin />
            <p class="card__footnote"><a href="/password/forgot">{t.accounts().forgot_link}</a></p>
            <p class="card__footnote">{t.login_forgot}</p>
        </section>
    }
}

/// `/login/code`: the second step, for accounts with an authenticator app.
/// Posted as a plain form to `POST /login/code` (the pending login lives in
/// an HttpOnly cookie of this browser, never in the page).
#[component]
pub fn LoginCodePage() -> impl IntoView {
    let t = i18n::t();
    let s = t.second_factor();
    let failed = use_query_map().get_untracked().get("failed").is_some();
    view! {
        <Title text=s.code_title />
        <section class="card card--narrow" aria-labelledby="code-heading">
            <h1 id="code-heading">{s.code_title}</h1>
            <p>{s.code_lead}</p>
            {failed.then(|| view! { <p class="alert alert--error" role="alert">{s.code_failed}</p> })}
            <form method="post" action="/login/code" class="form">
                <div class="field">
                    <label for="code">{s.code_label}</label>
                    <p class="field__hint" id="code_hint">{s.code_hint}</p>
                    <input id="code" name="code" type="text" required autocomplete="one-time-code"
                        inputmode="numeric" autocapitalize="off" spellcheck="false" maxlength="20"
                        aria-describedby="code_hint" />
                </div>
                <button type="submit" class="button button--primary button--block">{s.code_button}</button>
            </form>
            <p class="card__footnote"><a href="/login">{t.login_title}</a></p>
        </section>
    }
}
