//! `/admin/letters`: the queue of postal letters, and `/admin/letters/print`:
//! every waiting letter, one A4 page each (print CSS in `style/main.css`).

use crate::api::letters::{MarkLettersPrinted, list_letters};
use crate::components::notice::PostedNotice;
use crate::components::posted_error::{posted_done, provide_posted_error};
use crate::domain::letters::Letter;
use crate::i18n;
use crate::pages::error::ErrorPage;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn LetterQueuePage() -> impl IntoView {
    let t = i18n::t();
    provide_posted_error();
    let mark = ServerAction::<MarkLettersPrinted>::new();
    let letters = OnceResource::new(list_letters());
    let marked = posted_done(|code| (code == "printed").then_some(i18n::t().accounts().letters_marked));
    view! {
        <Title text=t.accounts().letters_title />
        <h1>{t.accounts().letters_title}</h1>
        <p>{t.accounts().letters_lead}</p>
        <PostedNotice notice=marked />
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match letters.await {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p class="alert alert--info">{t.accounts().letters_none}</p> }.into_any(),
                    Ok(list) => {
                        let hidden = list
                            .iter()
                            .enumerate()
                            .map(|(i, l)| view! { <input type="hidden" name=format!("ids[{i}]") value=l.id /> })
                            .collect_view();
                        let count = list.len();
                        view! {
                            <p class="lead">{format!("{} {count} {}", t.accounts().letters_waiting, t.accounts().letters_unit)}</p>
                            <p class="actions">
                                <a class="button button--primary" href="/admin/letters/print" target="_blank">{t.accounts().letters_open_print}</a>
                            </p>
                            <div class="table-wrap">
                                <table class="table">
                                    <thead><tr>
                                        <th scope="col">{t.login_id_label}</th>
                                        <th scope="col">{t.accounts().letters_col_name}</th>
                                        <th scope="col">{t.accounts().letters_col_address}</th>
                                        <th scope="col">{t.accounts().letters_col_queued}</th>
                                    </tr></thead>
                                    <tbody>
                                        {list.into_iter().map(|l| view! {
                                            <tr>
                                                <td data-label=t.login_id_label>{l.login_id}</td>
                                                <td data-label=t.accounts().letters_col_name>{l.name}</td>
                                                <td data-label=t.accounts().letters_col_address>{l.address.unwrap_or_default()}</td>
                                                <td data-label=t.accounts().letters_col_queued>{l.queued_at}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            <ActionForm action=mark>
                                {hidden}
                                <button type="submit" class="button button--secondary">{t.accounts().letters_mark_printed}</button>
                            </ActionForm>
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn LetterPrintPage() -> impl IntoView {
    let t = i18n::t();
    let letters = OnceResource::new(list_letters());
    view! {
        <Title text=t.accounts().letters_title />
        <h1 class="screen-only">{t.accounts().letters_title}</h1>
        <p class="screen-only">{t.accounts().letters_print_hint}</p>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match letters.await {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p class="alert alert--info">{t.accounts().letters_none}</p> }.into_any(),
                    Ok(list) => list.into_iter().map(|l| view! { <LetterSheet letter=l /> }).collect_view().into_any(),
                }
            })}
        </Suspense>
    }
}

/// One letter: addressee, the login ID in large type, and the steps.
#[component]
fn LetterSheet(letter: Letter) -> impl IntoView {
    let t = i18n::catalogue(letter.lang);
    view! {
        <article class="letter" lang=letter.lang.code()>
            <div class="letter__to">
                {letter.postal_code.map(|p| view! { <p>"〒"{p}</p> })}
                {letter.address.map(|a| view! { <p>{a}</p> })}
                <p class="letter__name">{letter.name}" "{t.accounts().letter_honorific}</p>
            </div>
            <p class="letter__from">{t.accounts().letter_from}</p>
            <h2 class="letter__title">{t.accounts().letter_title}</h2>
            <p>{t.accounts().letter_body}</p>
            <dl class="letter__id">
                <dt>{t.login_id_label}</dt>
                <dd>{letter.login_id}</dd>
            </dl>
            <ol class="letter__steps">
                <li>{t.accounts().letter_step1}<br /><strong>{letter.setup_url}</strong></li>
                <li>{t.accounts().letter_step2}</li>
                <li>{t.accounts().letter_step3}</li>
            </ol>
            <p class="letter__help">{t.accounts().letter_help}</p>
        </article>
    }
}
