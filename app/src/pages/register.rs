//! `/admin/accounts/new`: register one facility, centre, association or
//! officer and issue its ID — the same checks as a CSV row.

use crate::api::registration::RegisterAccount;
use crate::domain::accounts::{AccountKind, RowOutcome};
use crate::i18n;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn RegisterAccountPage() -> impl IntoView {
    let t = i18n::t();
    let register = ServerAction::<RegisterAccount>::new();
    let error_for = move |field: &'static str| {
        move || match register.value().get() {
            Some(Ok(r)) => match r.outcome {
                RowOutcome::Invalid(fields) => fields.get(field).cloned(),
                _ => None,
            },
            _ => None,
        }
    };
    let text_field = move |name: &'static str, label: &'static str, hint: Option<&'static str>| {
        let id = format!("row_{name}");
        let error = error_for(name);
        view! {
            <div class="field">
                <label for=id.clone()>{label}</label>
                {hint.map(|h| view! { <p class="field__hint">{h}</p> })}
                {move || error().map(|e| view! { <p class="field__error" role="alert">{e}</p> })}
                <input id=id type="text" name=format!("row[{name}]") />
            </div>
        }
    };
    view! {
        <Title text=t.register_title />
        <h1>{t.register_title}</h1>
        <p>{t.register_lead}</p>
        <ActionForm action=register attr:class="form card">
            <div class="field">
                <label for="row_kind">{t.register_kind}</label>
                {move || error_for("kind")().map(|e| view! { <p class="field__error" role="alert">{e}</p> })}
                <select id="row_kind" name="row[kind]">
                    {AccountKind::ALL.into_iter().map(|k| view! { <option value=k.code()>{t.account_kind(k)}</option> }).collect_view()}
                </select>
            </div>
            {text_field("name", t.register_name, None)}
            {text_field("prefecture", t.accounts_prefecture_label, Some("01〜47"))}
            {text_field("municipality", t.register_municipality, Some("131041"))}
            {text_field("medical_code", t.register_medical_code, Some("1310000061"))}
            {text_field("postal_code", t.register_postal_code, None)}
            {text_field("address", t.letters_col_address, None)}
            {text_field("email", t.register_email, None)}
            {text_field("beds", t.register_beds, None)}
            {text_field("designated_from", t.register_designated_from, Some("2026-04-01"))}
            <input type="hidden" name="row[login_id]" value="" />
            <div class="field field--check">
                <input id="dry_run" name="dry_run" type="checkbox" value="on" />
                <label for="dry_run">{t.import_dry_run}</label>
            </div>
            <button type="submit" class="button button--primary">{t.register_submit}</button>
        </ActionForm>
        <div aria-live="polite">
            {move || register.value().get().map(|r| match r {
                Ok(row) => match row.outcome {
                    RowOutcome::Created { login_id, .. } => view! {
                        <p class="alert alert--success" role="status">{t.register_done}" "<strong>{login_id}</strong></p>
                    }.into_any(),
                    RowOutcome::Exists(why) => view! { <p class="alert alert--info" role="status">{why}</p> }.into_any(),
                    RowOutcome::Invalid(_) => view! { <p class="alert alert--error" role="alert">{t.error_validation}</p> }.into_any(),
                },
                Err(e) => view! { <p class="alert alert--error" role="alert">{e.message()}</p> }.into_any(),
            })}
        </div>
    }
}
