//! `/account`: the user's own account — change the password (re-entering
//! the current one; a plain form post), see the recent logins, end
//! sessions open on other devices, choose the language and date style, and
//! choose a mail about new notices.

use crate::api::account::{EndMySessions, SetMyNoticeMail, my_display, my_notice_mail, my_recent_logins, my_sessions};
use crate::components::layout::ActorResource;
use crate::components::notice::{Notice, PostedNotice};
use crate::components::password_fields::NewPasswordFields;
use crate::components::posted_error::provide_posted_error;
use crate::components::sessions::session_list;
use crate::domain::locale::{DateStyle, DisplayView, Lang, Locale};
use crate::domain::tokens::set_password_error_message;
use crate::i18n;
use crate::pages::error::ErrorPage;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AccountPage() -> impl IntoView {
    let t = i18n::t();
    let query = use_query_map().get_untracked();
    let notice = if query.get("changed").is_some() {
        Some(("alert alert--success", t.accounts().password_changed))
    } else {
        query
            .get("error")
            .and_then(|c| match c.as_str() {
                "current" => Some(t.accounts().password_current_wrong),
                "internal" => Some(t.error_internal),
                other => set_password_error_message(other),
            })
            .map(|m| ("alert alert--error", m))
    };
    let actor = expect_context::<ActorResource>();
    let logins = OnceResource::new(my_recent_logins());
    provide_posted_error();
    let end = ServerAction::<EndMySessions>::new();
    let sessions = OnceResource::new(my_sessions());
    let s = t.sessions();
    // A refusal the server put into the address (`__err`, which the action
    // holds), or the count it put there after ending sessions.
    let ended = match end.value().get_untracked() {
        Some(Err(e)) => Some(Notice::error(e.message())),
        _ => query.get("sessions_ended").and_then(|n| n.parse::<u64>().ok()).map(|n| Notice::ok((s.ended)(n))),
    };
    view! {
        <Title text=t.accounts().account_title />
        <h1>{t.accounts().account_title}</h1>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                actor.await.ok().flatten().map(|a| view! {
                    <p class="lead">{a.display_name}" ・ "{t.login_id_label}": "{a.login_id.to_string()}</p>
                })
            })}
        </Suspense>
        <section class="card card--narrow" aria-labelledby="change-heading">
            <h2 id="change-heading">{t.accounts().change_password_title}</h2>
            {notice.map(|(class, text)| view! { <p class=class role="alert">{text}</p> })}
            <form method="post" action="/account/password" class="form">
                <div class="field">
                    <label for="current">{t.accounts().current_password_label}</label>
                    <input id="current" name="current" type="password" required autocomplete="current-password" maxlength="256" />
                </div>
                <NewPasswordFields />
                <button type="submit" class="button button--primary button--block">{t.accounts().change_password_button}</button>
            </form>
        </section>
        <section class="card card--narrow" aria-labelledby="second-factor-heading">
            <h2 id="second-factor-heading">{t.passkey().page_title}</h2>
            <p><a href="/account/second-factor">{t.second_factor().account_link}</a></p>
        </section>
        <DisplayChoice />
        <NoticeMailChoice />
        <section aria-labelledby="sessions-heading">
            <h2 id="sessions-heading">{s.title}</h2>
            <p>{s.lead}</p>
            <PostedNotice notice=ended />
            <Suspense fallback=move || view! { <p>{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match sessions.await {
                        Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                        Ok(list) => {
                            let others = list.iter().filter(|i| !i.current).count();
                            view! {
                                {session_list(list, move |info| {
                                    let (label, handle) = ((s.end_one)(&info.device), info.handle.clone());
                                    view! {
                                        <ActionForm action=end>
                                            <input type="hidden" name="handle" value=handle />
                                            <button type="submit" class="button button--secondary" aria-label=label>{s.end_one_short}</button>
                                        </ActionForm>
                                    }.into_any()
                                })}
                                {if others == 0 {
                                    view! { <p>{s.none_other}</p> }.into_any()
                                } else {
                                    view! {
                                        <ActionForm action=end>
                                            <input type="hidden" name="others" value="true" />
                                            <button type="submit" class="button button--secondary">{s.end_others}</button>
                                        </ActionForm>
                                    }.into_any()
                                }}
                            }.into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
        <section aria-labelledby="logins-heading">
            <h2 id="logins-heading">{t.accounts().recent_logins_title}</h2>
            <Suspense fallback=move || view! { <p>{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match logins.await {
                        Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                        Ok(list) => view! {
                            <div class="table-wrap">
                                <table class="table">
                                    <thead><tr>
                                        <th scope="col">{t.accounts().recent_logins_at}</th>
                                        <th scope="col">{t.accounts().recent_logins_result}</th>
                                        <th scope="col">{t.accounts().recent_logins_ip}</th>
                                    </tr></thead>
                                    <tbody>
                                        {list.into_iter().map(|l| view! {
                                            <tr>
                                                <td data-label=t.accounts().recent_logins_at>{l.at}</td>
                                                <td data-label=t.accounts().recent_logins_result>{if l.succeeded { t.accounts().login_ok } else { t.accounts().login_ng }}</td>
                                                <td data-label=t.accounts().recent_logins_ip>{l.ip.unwrap_or_default()}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The choice of a mail when a notice for the user's role is published: a
/// checkbox and a button, posted as a plain form (which comes back with
/// `notice_mail=on|off`).
#[component]
fn NoticeMailChoice() -> impl IntoView {
    let t = i18n::t();
    let n = t.notices();
    let posted = use_query_map().get_untracked().get("notice_mail");
    let set = ServerAction::<SetMyNoticeMail>::new();
    let choice = OnceResource::new(my_notice_mail());
    // A refusal the server put into the address (`__err`, which the action
    // holds), or the choice it saved.
    let message = match set.value().get_untracked() {
        Some(Err(e)) => Some(Notice::error(e.message())),
        _ => match posted.as_deref() {
            Some("on") => Some(Notice::ok(n.mail_pref_on)),
            Some("off") => Some(Notice::ok(n.mail_pref_off)),
            _ => None,
        },
    };
    view! {
        <section class="card card--narrow" aria-labelledby="notice-mail-heading">
            <h2 id="notice-mail-heading">{n.mail_pref_title}</h2>
            <PostedNotice notice=message />
            <Suspense fallback=move || view! { <p>{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match choice.await {
                        Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                        Ok(c) => view! {
                            <ActionForm action=set>
                                <div class="field--check">
                                    <input id="notice-mail" type="checkbox" name="on" value="1" checked=c.on aria-describedby="notice-mail-hint" />
                                    <label for="notice-mail">{n.mail_pref_label}</label>
                                </div>
                                <p id="notice-mail-hint" class="field__hint">{n.mail_pref_hint}</p>
                                {(!c.has_email).then(|| view! { <p class="alert alert--info">{n.mail_pref_no_email}</p> })}
                                <button type="submit" class="button button--secondary">{n.mail_pref_save}</button>
                            </ActionForm>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The language and date style: radio buttons posted as a plain form
/// (also with JavaScript), so that the page comes back whole in the chosen
/// language (`display=saved`). Each date style shows today's date in it.
#[component]
fn DisplayChoice() -> impl IntoView {
    let t = i18n::t();
    let saved = use_query_map().get_untracked().get("display").is_some();
    let choice = OnceResource::new(my_display());
    let lang = i18n::locale().lang;
    view! {
        <section class="card card--narrow" aria-labelledby="display-heading">
            <h2 id="display-heading">{t.accounts().display_title}</h2>
            {saved.then(|| view! { <p class="alert alert--success" role="status">{t.accounts().display_saved}</p> })}
            <Suspense fallback=move || view! { <p>{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match choice.await {
                        Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                        Ok(DisplayView { choice: c, today }) => {
                        let example = move |dates| {
                            crate::domain::time::format_date_in(today, Locale { lang, dates }, crate::domain::time::Parts::Plain)
                        };
                        view! {
                            <form method="post" action="/api/account/display/set" class="form">
                                <fieldset class="field">
                                    <legend>{t.accounts().display_lang_label}</legend>
                                    <div class="field--check">
                                        <input id="display-lang-auto" type="radio" name="lang" value="" checked=c.lang.is_none() />
                                        <label for="display-lang-auto">{t.accounts().display_lang_auto}</label>
                                    </div>
                                    {Lang::ALL.into_iter().map(|l| {
                                        let id = format!("display-lang-{}", l.code());
                                        // Each language is named in itself.
                                        let name = match l { Lang::Ja => "日本語", Lang::En => "English" };
                                        view! {
                                            <div class="field--check">
                                                <input id=id.clone() type="radio" name="lang" value=l.code() checked=c.lang == Some(l) />
                                                <label for=id lang=l.code()>{name}</label>
                                            </div>
                                        }
                                    }).collect_view()}
                                </fieldset>
                                <fieldset class="field">
                                    <legend>{t.accounts().display_dates_label}</legend>
                                    {DateStyle::ALL.into_iter().map(|d| {
                                        let id = format!("display-dates-{}", d.code());
                                        let label = match d {
                                            DateStyle::Western => (t.accounts().display_dates_western)(&example(d)),
                                            DateStyle::Wareki => (t.accounts().display_dates_wareki)(&example(d)),
                                        };
                                        view! {
                                            <div class="field--check">
                                                <input id=id.clone() type="radio" name="dates" value=d.code() checked=c.dates == d />
                                                <label for=id>{label}</label>
                                            </div>
                                        }
                                    }).collect_view()}
                                </fieldset>
                                <button type="submit" class="button button--secondary">{t.accounts().display_save}</button>
                            </form>
                        }.into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}
