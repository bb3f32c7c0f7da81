//! The error page: the generic Japanese message of an [`AppError`], never its
//! internals.

use crate::domain::error::AppError;
use crate::i18n;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ErrorPage(error: AppError) -> impl IntoView {
    let t = i18n::t();
    view! {
        <Title text=t.error_title />
        <section class="card card--narrow" role="alert">
            <h1>{t.error_title}</h1>
            <p>{error.message()}</p>
            {match error {
                AppError::Validation(fields) => Some(view! {
                    <ul>{fields.into_values().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                }),
                _ => None,
            }}
            <p><a class="button button--secondary" href="/">{t.back_home}</a></p>
        </section>
    }
}
