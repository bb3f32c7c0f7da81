//! `/admin/accounts/import`: register accounts by uploading a CSV file,
//! checking it first (dry run) and then issuing the IDs. Shows a progress
//! indicator while the server works and one line per row afterwards.
//! Without JavaScript the form posts to `POST /admin/accounts/import/upload`,
//! which answers with a page of the report ([`ImportResult`]).

use crate::api::registration::{FORM_PATH, UploadReport, upload_accounts};
use crate::domain::accounts::RowOutcome;
use crate::domain::error::AppError;
use crate::i18n;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::{FormData, HtmlFormElement, SubmitEvent};
use leptos_meta::Title;

#[component]
pub fn ImportAccountsPage() -> impl IntoView {
    let t = i18n::t();
    view! {
        <Title text=t.import_title />
        <h1>{t.import_title}</h1>
        <p>{t.import_lead}</p>
        <p><a href="/admin/accounts/import/example.csv" download="accounts.csv">{t.import_example}</a></p>
        <ImportForm />
    }
}

/// The upload form, an island: with JavaScript the report comes under the
/// form, which stays for the next upload (the real run after a dry run).
#[island(lazy)]
fn ImportForm() -> impl IntoView {
    let t = i18n::t();
    let upload = Action::new_local(|data: &FormData| upload_accounts(data.clone().into()));
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(form) = ev.target().and_then(|t| t.dyn_into::<HtmlFormElement>().ok()) else { return };
        if let Ok(data) = FormData::new_with_form(&form) {
            upload.dispatch_local(data);
        }
    };
    view! {
        // Posted as it is without JavaScript (see `FORM_PATH`).
        <form class="form card" method="post" action=FORM_PATH enctype="multipart/form-data" on:submit=on_submit>
            <div class="field">
                <label for="file">{t.import_file_label}</label>
                <p class="field__hint" id="file_hint">{t.import_file_hint}</p>
                <input id="file" name="file" type="file" accept=".csv,text/csv" required aria-describedby="file_hint" />
            </div>
            <div class="field field--check">
                <input id="dry_run" name="dry_run" type="checkbox" checked />
                <label for="dry_run">{t.import_dry_run}</label>
            </div>
            <button type="submit" class="button button--primary" disabled=move || upload.pending().get()>
                {t.import_submit}
            </button>
        </form>
        <div aria-live="polite">
            {move || upload.pending().get().then(|| view! {
                <p class="progress-line">
                    <progress aria-label=t.import_running></progress>
                    " "{t.import_running}
                </p>
            })}
            {move || upload.value().get().map(|result| match result {
                Ok(report) => view! { <ImportResult report /> }.into_any(),
                Err(AppError::Validation(fields)) => view! {
                    <p class="alert alert--error" role="alert">
                        {fields.into_values().collect::<Vec<_>>().join(" ")}
                    </p>
                }.into_any(),
                Err(e) => view! { <p class="alert alert--error" role="alert">{e.message()}</p> }.into_any(),
            })}
        </div>
    }
}

/// The report of an upload: a headline with the counts, one line per row.
/// Also the page answering an upload posted without JavaScript.
#[component]
pub fn ImportResult(report: UploadReport) -> impl IntoView {
    let t = i18n::t();
    let count = |f: fn(&RowOutcome) -> bool| report.rows.iter().filter(|r| f(&r.outcome)).count();
    let created = count(|o| matches!(o, RowOutcome::Created { .. }));
    let exists = count(|o| matches!(o, RowOutcome::Exists(_)));
    let invalid = count(|o| matches!(o, RowOutcome::Invalid(_)));
    let (class, headline) = if invalid > 0 {
        ("alert alert--error", t.import_result_invalid)
    } else if report.dry_run {
        ("alert alert--info", t.import_result_dry)
    } else {
        ("alert alert--success", t.import_result_done)
    };
    let rows = report
        .rows
        .into_iter()
        .map(|r| {
            let (status, detail) = match r.outcome {
                RowOutcome::Created { login_id, mailed, letter } => {
                    let mut how = Vec::new();
                    if mailed {
                        how.push(t.import_mailed);
                    }
                    if letter {
                        how.push(t.import_letter);
                    }
                    (t.import_status_created, format!("{login_id}  {}", how.join(t.middle_dot)))
                }
                RowOutcome::Exists(why) => (t.import_status_exists, why),
                RowOutcome::Invalid(fields) => (
                    t.import_status_invalid,
                    fields.into_iter().map(|(f, m)| format!("{f}: {m}")).collect::<Vec<_>>().join(" / "),
                ),
            };
            view! { <tr><td data-label=t.import_col_line>{r.line}</td><td data-label=t.import_col_status>{status}</td><td data-label=t.import_col_detail>{detail}</td></tr> }
        })
        .collect_view();
    view! {
        <section aria-labelledby="result-heading">
            <h2 id="result-heading">{t.import_result_title}</h2>
            <p class=class role="status">
                {headline}" "{format!("{} {created} / {} {exists} / {} {invalid}", t.import_status_created, t.import_status_exists, t.import_status_invalid)}
            </p>
            <div class="table-wrap">
                <table class="table">
                    <thead><tr><th scope="col">{t.import_col_line}</th><th scope="col">{t.import_col_status}</th><th scope="col">{t.import_col_detail}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
