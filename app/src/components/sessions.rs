//! A list of an account's live sessions: device, where it logged in from,
//! when, and a form to end each one (the caller's own, for the user's page;
//! the administrators' action, for theirs).

use crate::domain::account::SessionInfo;
use crate::i18n;
use leptos::prelude::*;

/// The sessions as cards; `end_form` gives the form that ends one (none for
/// the session the page was asked from, which is marked instead).
pub fn session_list(sessions: Vec<SessionInfo>, end_form: impl Fn(&SessionInfo) -> AnyView) -> impl IntoView {
    let s = i18n::t().sessions();
    view! {
        <ul class="session-list">
            {sessions.into_iter().map(|info| {
                let form = (!info.current).then(|| end_form(&info));
                view! {
                    <li class="session">
                        <p class="session__device">
                            <strong>{info.device.clone()}</strong>
                            {info.current.then(|| view! { <span class="badge badge--ok">{s.this_device}</span> })}
                        </p>
                        <dl class="facts">
                            <dt>{s.ip}</dt><dd>{info.ip.clone().unwrap_or_else(|| "—".to_owned())}</dd>
                            <dt>{s.started}</dt><dd>{info.started.clone()}</dd>
                            <dt>{s.last_seen}</dt><dd>{info.last_seen.clone()}</dd>
                        </dl>
                        {form}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
