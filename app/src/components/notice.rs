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

/// The message above a form, announced to screen readers.
#[component]
pub fn NoticeView(notice: RwSignal<Option<Notice>>) -> impl IntoView {
    move || {
        notice.get().map(|n| {
            let class = if n.ok { "alert alert--success" } else { "alert alert--error" };
            view! { <p class=class role="alert">{n.text}</p> }
        })
    }
}

/// A page's data loaded again after a change, and the message about the
/// change: the message is held until the new data is in place. Said at once,
/// it told the user to go on while the part of the page they went on in was
/// about to be replaced, and what they typed meanwhile was lost. The form
/// that made the change stays busy until then.
#[derive(Clone, Copy)]
pub struct Reload {
    count: RwSignal<u32>,
    notice: RwSignal<Option<Notice>>,
    said: StoredValue<Option<Notice>>,
}

impl Reload {
    pub fn new(notice: RwSignal<Option<Notice>>) -> Self {
        Self { count: RwSignal::new(0), notice, said: StoredValue::new(None) }
    }

    /// How many times the page was loaded again (tracked: a resource's source).
    pub fn count(&self) -> u32 {
        self.count.get()
    }

    pub fn count_untracked(&self) -> u32 {
        self.count.get_untracked()
    }

    /// Loads the page's data again and says `notice` once it is in place.
    pub fn after(&self, notice: Notice) {
        self.said.set_value(Some(notice));
        self.count.update(|n| *n += 1);
    }

    /// Waits for the page's data (its resource), then says what was held.
    pub async fn arrived<D: std::future::IntoFuture>(&self, data: D) -> D::Output {
        let data = data.await;
        if let Some(said) = self.said.try_update_value(Option::take).flatten() {
            self.notice.set(Some(said));
        }
        data
    }
}
