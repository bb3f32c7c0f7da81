//! `/`: the role-aware home page listing what this user can do.

use crate::api::maintenance::load_calendar_alarm;
use crate::components::layout::ActorResource;
use crate::domain::roles::{Actor, Role};
use crate::i18n;
use crate::pages::error::ErrorPage;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HomePage() -> impl IntoView {
    let t = i18n::t();
    let actor = expect_context::<ActorResource>();
    view! {
        <Title text=t.home_title />
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match actor.await {
                    Ok(Some(a)) => view! { <Home actor=a /> }.into_any(),
                    // The server redirects visitors to /login before rendering;
                    // this covers a session that ended while the page was open.
                    Ok(None) => view! {
                        <p class="alert alert--info">
                            <a href="/login">{t.error_unauthenticated}</a>
                        </p>
                    }.into_any(),
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Home(actor: Actor) -> impl IntoView {
    let t = i18n::t();
    let items = actor
        .role
        .capabilities()
        .iter()
        .map(|c| {
            let (title, text) = t.accounts().capability(*c);
            // The whole card is the link, so that it is one large target.
            match c.href(actor.role) {
                Some(href) => view! {
                    <li>
                        <a class="menu-card menu-card--link" href=href>
                            <h3 class="menu-card__title">{title}</h3>
                            <p class="menu-card__text">{text}</p>
                        </a>
                    </li>
                }
                .into_any(),
                None => view! {
                    <li class="menu-card">
                        <h3 class="menu-card__title">{title}</h3>
                        <p class="menu-card__text">{text}</p>
                        <span class="badge">{t.coming_soon}</span>
                    </li>
                }
                .into_any(),
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="home-heading">
            <h1 id="home-heading">{actor.display_name.clone()}</h1>
            <p class="lead">{t.role(actor.role)}" ・ "{t.login_id_label}": "{actor.login_id.to_string()}</p>
            {(actor.role == Role::MinistryAdmin).then(|| view! { <CalendarAlarm /> })}
            <h2>{t.home_lead}</h2>
            <ul class="menu-grid">{items}</ul>
        </section>
        <crate::pages::notices::HomeNoticesView />
    }
}

/// The ministry's alarm when the holiday calendar ends within a year.
#[component]
fn CalendarAlarm() -> impl IntoView {
    let t = i18n::t().maintenance();
    let alarm = OnceResource::new_blocking(load_calendar_alarm());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                alarm.await.ok().flatten().map(|last| view! {
                    <aside class="maintenance-banner" role="alert" aria-label=t.calendar_alarm_title>
                        <p><strong>{t.calendar_alarm_title}</strong></p>
                        <p>{(t.calendar_alarm)(&last)}</p>
                    </aside>
                })
            })}
        </Suspense>
    }
}
