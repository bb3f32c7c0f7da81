//! `/account/second-factor`: the user's passkeys (registered from this page
//! where the browser can; removed with a plain form), and enrolling an
//! authenticator app (TOTP) — a QR
//! code drawn on the server and the key as text, confirmed with a first code
//! posted as a plain form to `POST /account/second-factor/confirm`, which
//! answers with the recovery codes once. Officers and administrators are led
//! here at login while they have no second factor (issue 20).

use crate::api::account::my_second_factor;
use crate::components::passkey::PasskeyRegister;
use crate::domain::account::{PasskeyInfo, TotpView};
use crate::i18n;
use crate::pages::error::ErrorPage;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SecondFactorPage() -> impl IntoView {
    let t = i18n::t();
    let s = t.second_factor();
    let error = use_query_map().get_untracked().get("error").map(|c| match c.as_str() {
        "code" => s.code_wrong,
        "none" => s.no_pending,
        _ => t.error_internal,
    });
    let passkey_notice = use_query_map().get_untracked().get("passkey").and_then(|c| match c.as_str() {
        "registered" => Some(("alert alert--success", t.passkey().registered)),
        "removed" => Some(("alert alert--success", t.passkey().removed)),
        "notfound" => Some(("alert alert--error", t.passkey().not_found)),
        _ => None,
    });
    let view_data = OnceResource::new(my_second_factor());
    view! {
        <Title text=t.passkey().page_title />
        <h1>{t.passkey().page_title}</h1>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match view_data.await {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(v) => {
                        let banner = if v.required_now {
                            Some(view! { <p class="alert alert--error" role="alert">{s.required_banner}</p> }.into_any())
                        } else {
                            v.grace_until.map(|until| view! {
                                <div class="alert alert--info" role="status">
                                    <p>{(s.grace_banner)(&until)}</p>
                                    <p><a href="/">{s.postpone}</a></p>
                                </div>
                            }.into_any())
                        };
                        let body = match v.totp {
                            TotpView::Active { since, recovery_left } => view! {
                                <p class="alert alert--success">{(s.active)(&since, recovery_left)}</p>
                            }.into_any(),
                            TotpView::Pending { qr_svg, secret } => view! {
                                <section class="card card--narrow" aria-labelledby="enrol-heading">
                                    <h2 id="enrol-heading">{s.enrol_title}</h2>
                                    <p>{s.enrol_lead}</p>
                                    {error.map(|m| view! { <p class="alert alert--error" role="alert">{m}</p> })}
                                    // The SVG is made on the server from the secret (no user text).
                                    <figure class="totp-qr" role="img" aria-label=s.qr_label inner_html=qr_svg></figure>
                                    <p>{s.secret_label}": "<code class="totp-secret">{secret}</code></p>
                                    <form method="post" action="/account/second-factor/confirm" class="form">
                                        <div class="field">
                                            <label for="code">{s.confirm_label}</label>
                                            <input id="code" name="code" type="text" required
                                                autocomplete="one-time-code" inputmode="numeric"
                                                pattern="[0-9 ]{6,7}" maxlength="7" />
                                        </div>
                                        <button type="submit" class="button button--primary button--block">{s.confirm_button}</button>
                                    </form>
                                </section>
                            }.into_any(),
                        };
                        let passkeys = passkey_section(v.passkeys, v.passkeys_available, passkey_notice);
                        view! { {banner} {passkeys} {body} }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// The user's passkeys (each with a plain form to remove it) and the form
/// to register one of this device.
fn passkey_section(
    list: Vec<PasskeyInfo>,
    available: bool,
    notice: Option<(&'static str, &'static str)>,
) -> impl IntoView {
    let p = i18n::t().passkey();
    let rows = (!list.is_empty()).then(|| {
        view! {
            <div class="table-wrap passkeys">
                <table class="table">
                    <thead><tr>
                        <th scope="col">{p.col_name}</th>
                        <th scope="col">{p.col_created}</th>
                        <th scope="col">{p.col_last_used}</th>
                        <th scope="col"><span class="visually-hidden">{p.remove_button}</span></th>
                    </tr></thead>
                    <tbody>
                        {list.into_iter().map(|k| {
                            let label = (p.remove_label)(&k.name);
                            view! {
                                <tr>
                                    <td data-label=p.col_name>{k.name}</td>
                                    <td data-label=p.col_created>{k.created}</td>
                                    <td data-label=p.col_last_used>{k.last_used.unwrap_or_else(|| p.never_used.to_owned())}</td>
                                    <td>
                                        <form method="post" action="/account/passkeys/remove">
                                            <input type="hidden" name="id" value=k.id.to_string() />
                                            <button type="submit" class="button button--secondary" aria-label=label>{p.remove_button}</button>
                                        </form>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        }
    });
    let empty = rows.is_none().then(|| view! { <p>{p.none}</p> });
    view! {
        <section class="card card--narrow" aria-labelledby="passkeys-heading">
            <h2 id="passkeys-heading">{p.title}</h2>
            <p>{p.lead}</p>
            {notice.map(|(class, text)| view! { <p class=class role="alert">{text}</p> })}
            {rows}
            {empty}
            {if available {
                view! { <PasskeyRegister /> }.into_any()
            } else {
                view! { <p class="field__hint">{p.unavailable}</p> }.into_any()
            }}
        </section>
    }
}
