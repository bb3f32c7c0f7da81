//! The 404 page (the router's fallback).

use crate::i18n;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::NOT_FOUND);
    }
    let t = i18n::t();
    view! {
        <Title text=t.not_found_title />
        <section class="card card--narrow">
            <h1>{t.not_found_title}</h1>
            <p>{t.not_found_body}</p>
            <p><a class="button button--secondary" href="/">{t.back_home}</a></p>
        </section>
    }
}
