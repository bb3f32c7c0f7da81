//! The frame of every page: skip link, header with the user and logout,
//! the maintenance banner ahead of a window, the main region, footer.
//! Provides the logged-in user to the pages.

use crate::api::maintenance::load_maintenance_banner;
use crate::api::session::{current_actor, second_factor_banner};
use crate::domain::error::AppError;
use crate::domain::roles::Actor;
use crate::i18n;
use leptos::prelude::*;

/// The logged-in user for this page load, shared through context.
pub type ActorResource = OnceResource<Result<Option<Actor>, AppError>>;

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let t = i18n::t();
    let actor: ActorResource = OnceResource::new_blocking(current_actor());
    provide_context(actor);
    let banner = OnceResource::new_blocking(load_maintenance_banner());
    let second_factor = OnceResource::new_blocking(second_factor_banner());
    let location = leptos_router::hooks::use_location();
    view! {
        <a class="skip-link" href="#main">{t.skip_to_content}</a>
        <header class="site-header">
            <div class="site-header__inner">
                // Named by the full name, which phones keep for screen
                // readers only; the logo is hidden from them.
                <a class="site-header__brand" href="/">
                    <span class="site-header__logo" aria-hidden="true">"G-MIS"</span>
                    <span class="site-header__name">{t.app_full_name}</span>
                </a>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        actor.await.ok().flatten().map(|a| view! { <UserMenu actor=a /> })
                    })}
                </Suspense>
            </div>
        </header>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                banner.await.ok().flatten().map(|b| view! {
                    <aside class="maintenance-banner" role="note" aria-label=t.maintenance().banner_title>
                        <p><strong>{t.maintenance().banner_title}": "{b.range}</strong></p>
                        <p>{b.message}</p>
                    </aside>
                })
            })}
        </Suspense>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                // The enrolment page says it itself, with the "later" link.
                let on_enrolment = location.pathname.get() == "/account/second-factor";
                second_factor.await.ok().flatten().filter(|_| !on_enrolment).map(|until| view! {
                    <aside class="second-factor-banner" role="note" aria-label=t.second_factor().enrol_title>
                        <p>{(t.second_factor().grace_banner)(&until)}</p>
                        <p><a href="/account/second-factor">{t.second_factor().enrol_now}</a></p>
                    </aside>
                })
            })}
        </Suspense>
        <main id="main" class="site-main" tabindex="-1">{children()}</main>
        <footer class="site-footer">{t.footer}</footer>
    }
}

/// The user's name and role, and the logout button (a plain form post, so it
/// works before the page has hydrated and without JavaScript).
#[component]
fn UserMenu(actor: Actor) -> impl IntoView {
    let t = i18n::t();
    // Any page can start an inquiry, which remembers the page it came from;
    // the helpdesk goes to its queue instead.
    let location = leptos_router::hooks::use_location();
    let helpdesk = actor.role == crate::domain::roles::Role::Helpdesk;
    let help = move || {
        if helpdesk {
            "/helpdesk".to_owned()
        } else {
            let path = location.pathname.get();
            if path.starts_with("/inquiries") {
                "/inquiries/new".to_owned()
            } else {
                format!("/inquiries/new?from={path}")
            }
        }
    };
    // Tablets and desktops show who is signed in, the inquiry link and the
    // logout button in the header row; phones fold them into a menu under
    // the user's name so that the header stays one row. Both work without
    // JavaScript (a plain link, a form post, a <details> element).
    let name = actor.display_name.clone();
    let items = move || {
        view! {
            <p class="user-menu__who">
                <span class="visually-hidden">{t.signed_in_as}</span>
                <span class="user-menu__name">{actor.display_name.clone()}</span>
                <span class="user-menu__role">{t.role(actor.role)}</span>
            </p>
            <a class="user-menu__help" href=help>{t.inquiries().open_link}</a>
            <form method="post" action="/logout">
                <button type="submit" class="button button--secondary">{t.logout_button}</button>
            </form>
        }
    };
    // The menu closes when the user moves to another page.
    let menu = NodeRef::<leptos::html::Details>::new();
    Effect::new(move |_| {
        location.pathname.track();
        if let Some(details) = menu.get_untracked() {
            details.set_open(false);
        }
    });
    view! {
        <div class="user-menu user-menu--wide">{items()}</div>
        <details class="user-menu user-menu--compact" node_ref=menu>
            <summary class="user-menu__toggle">
                <span class="visually-hidden">{t.signed_in_as}</span>
                <span class="user-menu__toggle-name">{name}</span>
            </summary>
            <div class="user-menu__panel">{items()}</div>
        </details>
    }
}
