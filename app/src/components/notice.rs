//! The message above a form (saved, refused, offline…), announced to screen
//! readers as an alert.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A message above the form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    pub ok: bool,
    pub text: String,
}

impl Notice {
    pub fn ok(text: impl Into<String>) -> Self {
        Self { ok: true, text: text.into() }
    }

    pub fn error(text: impl Into<String>) -> Self {
        Self { ok: false, text: text.into() }
    }
}

/// The message above a form in an island, announced to screen readers.
#[component]
pub fn NoticeView(notice: RwSignal<Option<Notice>>) -> impl IntoView {
    move || notice.get().map(notice_line)
}

/// The message above a form on a page rendered on the server only (the
/// outcome of a post, from the page's address).
#[component]
pub fn PostedNotice(notice: Option<Notice>) -> impl IntoView {
    notice.map(notice_line)
}

fn notice_line(n: Notice) -> impl IntoView {
    let class = if n.ok { "alert alert--success" } else { "alert alert--error" };
    view! { <p class=class role="alert">{n.text}</p> }
}
