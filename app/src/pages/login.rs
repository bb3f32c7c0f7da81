//! `/login`: login ID and password, posted as a plain form to `POST /login`
//! (works without JavaScript; the server answers with a redirect).

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
            Some(("alert alert--success", t.password_set_done))
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
            <p class="card__footnote"><a href="/password/forgot">{t.forgot_link}</a></p>
            <p class="card__footnote">{t.login_forgot}</p>
        </section>
    }
}
