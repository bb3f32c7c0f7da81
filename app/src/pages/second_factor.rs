//! `/account/second-factor`: enrolling an authenticator app (TOTP) — a QR
//! code drawn on the server and the key as text, confirmed with a first code
//! posted as a plain form to `POST /account/second-factor/confirm`, which
//! answers with the recovery codes once. Officers and administrators are led
//! here at login while they have no second factor (issue 20).

use crate::api::account::my_second_factor;
use crate::domain::account::TotpView;
use crate::i18n;
use crate::pages::error::ErrorPage;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SecondFactorPage() -> impl IntoView {
    let t = i18n::t();
    let s = t.second_factor;
    let error = use_query_map().get_untracked().get("error").map(|c| match c.as_str() {
        "code" => s.code_wrong,
        "none" => s.no_pending,
        _ => t.error_internal,
    });
    let view_data = OnceResource::new(my_second_factor());
    view! {
        <Title text=s.enrol_title />
        <h1>{s.enrol_title}</h1>
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
                        view! { {banner} {body} }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
