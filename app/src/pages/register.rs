//! `/admin/accounts/new`: register one facility, centre, association or
//! officer and issue its ID — the same checks as a CSV row.

use crate::api::registration::{RegisterAccount, UploadRow, register_account};
use crate::components::posted_error::provide_posted_error;
use crate::domain::accounts::{AccountKind, AccountRow, RowOutcome};
use crate::i18n;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn RegisterAccountPage() -> impl IntoView {
    let t = i18n::t();
    provide_posted_error();
    let register = ServerAction::<RegisterAccount>::new();
    // Back from a post without JavaScript: the new login ID, or what was
    // typed (`checked=1`), checked again by a dry run for its messages.
    let query = use_query_map().get_untracked();
    let registered = query.get("registered");
    let typed = query.get("checked").map(|_| AccountRow::from_fields(|k| query.get(k)));
    let dry_run = query.get("dry_run").is_some();
    let rechecked = OnceResource::new({
        let typed = typed.clone();
        async move {
            match typed {
                Some(row) => register_account(row, Some("on".to_owned())).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let typed = typed.unwrap_or_default();
    // A refusal the server put into the address (`__err`), which the action
    // holds, or the dry run's answer. `try_get`: on the server, a stream the
    // browser abandoned may dispose of these while the dry run still
    // answers; that reads as nothing.
    let refused = StoredValue::new(register.value().get_untracked().filter(Result::is_err));
    let outcome = move || refused.get_value().or_else(|| rechecked.try_get().flatten().and_then(Result::transpose));
    let error_for = move |field: &'static str| {
        move || match outcome() {
            Some(Ok(UploadRow { outcome: RowOutcome::Invalid(fields), .. })) => fields.get(field).cloned(),
            _ => None,
        }
    };
    let text_field = move |name: &'static str, label: &'static str, hint: Option<&'static str>, value: &str| {
        let id = format!("row_{name}");
        let error = error_for(name);
        view! {
            <div class="field">
                <label for=id.clone()>{label}</label>
                {hint.map(|h| view! { <p class="field__hint">{h}</p> })}
                {move || error().map(|e| view! { <p class="field__error" role="alert">{e}</p> })}
                <input id=id type="text" name=format!("row[{name}]") value=value.to_owned() />
            </div>
        }
    };
    view! {
        <Title text=t.accounts().register_title />
        <h1>{t.accounts().register_title}</h1>
        <p>{t.accounts().register_lead}</p>
        // In a Suspense, so that the first HTML waits for the dry run of a
        // form posted without JavaScript and carries its field messages.
        <Suspense>
        <ActionForm action=register attr:class="form card">
            <div class="field">
                <label for="row_kind">{t.accounts().register_kind}</label>
                {move || error_for("kind")().map(|e| view! { <p class="field__error" role="alert">{e}</p> })}
                <select id="row_kind" name="row[kind]">
                    {AccountKind::ALL.into_iter().map(|k| {
                        view! { <option value=k.code() selected=typed.kind == k.code()>{t.accounts().account_kind(k)}</option> }
                    }).collect_view()}
                </select>
            </div>
            {text_field("name", t.accounts().register_name, None, &typed.name)}
            {text_field("prefecture", t.accounts().accounts_prefecture_label, Some("01〜47"), &typed.prefecture)}
            {text_field("municipality", t.accounts().register_municipality, Some("131041"), &typed.municipality)}
            {text_field("medical_code", t.accounts().register_medical_code, Some("1310000061"), &typed.medical_code)}
            {text_field("postal_code", t.accounts().register_postal_code, None, &typed.postal_code)}
            {text_field("address", t.accounts().letters_col_address, None, &typed.address)}
            {text_field("email", t.accounts().register_email, None, &typed.email)}
            {text_field("beds", t.accounts().register_beds, None, &typed.beds)}
            {text_field("designated_from", t.accounts().register_designated_from, Some("2026-04-01"), &typed.designated_from)}
            <input type="hidden" name="row[login_id]" value="" />
            <div class="field field--check">
                <input id="dry_run" name="dry_run" type="checkbox" value="on" checked=dry_run />
                <label for="dry_run">{t.import_dry_run}</label>
            </div>
            <button type="submit" class="button button--primary">{t.accounts().register_submit}</button>
        </ActionForm>
        </Suspense>
        <div aria-live="polite">
            {registered.map(|login_id| view! {
                <p class="alert alert--success" role="status">{t.accounts().register_done}" "<strong>{login_id}</strong></p>
            })}
            <Suspense>
                {move || outcome().map(|r| match r {
                    Ok(row) => match row.outcome {
                        // The dry run (「確認のみ」, or the check of what
                        // was typed): nothing was registered.
                        RowOutcome::Created { .. } => view! {
                            <p class="alert alert--success" role="status">{t.accounts().register_checked}</p>
                        }.into_any(),
                        RowOutcome::Exists(why) => view! { <p class="alert alert--info" role="status">{why}</p> }.into_any(),
                        RowOutcome::Invalid(_) => view! { <p class="alert alert--error" role="alert">{t.error_validation}</p> }.into_any(),
                    },
                    Err(e) => view! { <p class="alert alert--error" role="alert">{e.message()}</p> }.into_any(),
                })}
            </Suspense>
        </div>
    }
}
