//! The outcome of a form posted by the browser itself (every form outside
//! an island, with JavaScript or without).
//!
//! Such a post goes to the server function's address; when the function
//! fails, `server_fn` sends the browser back to the form's page with the
//! error in the address (`__path`, the function, and `__err`, its error),
//! and leptos_router hands it to the page's actions: an action of that
//! function starts with the error as its answer, which the page shows. When
//! it succeeds, the function sends it back with `done=<code>`
//! ([`posted_done`]). Forms that must come back as typed have routes of
//! their own (`invalid=…`); this covers the small forms (end a membership,
//! unlock an account).
//!
//! Anyone can write an address, so a page must not say what an address
//! tells it to: the server puts only fixed texts into it
//! (`AppError::with_fixed_text`), and [`provide_posted_error`] keeps any
//! other error from the page's actions.

use crate::components::notice::Notice;
use crate::domain::error::AppError;
use leptos::prelude::*;
use leptos::server::ServerActionError;
use leptos::server_fn::error::ServerFnUrlError;
use leptos_router::hooks::use_query_map;

/// Call at the top of every page with a `ServerAction`, before the actions
/// are made. An error in the address with any text but the server's fixed
/// ones is replaced, for this page, by one that belongs to no function.
/// It cannot be done once in the layout: `<Routes>` provides the address's
/// error again on every navigation, in its own scope below the layout, so
/// only a page's own scope comes between it and the page's actions.
pub fn provide_posted_error() {
    let query = use_query_map().get_untracked();
    if let Some(err) = query.get("__err")
        && !has_fixed_text(&err)
    {
        provide_context(ServerActionError::new("", ""));
    }
}

/// What a form posted without a script did: the server sends the browser
/// back with `done=<code>` (`context::redirect_back_done`), and `text` says
/// it. Nothing when the address also holds an error, which is a later post's.
pub fn posted_done(text: fn(&str) -> Option<&'static str>) -> Option<Notice> {
    let query = use_query_map().get_untracked();
    if query.get("__err").is_some() {
        return None;
    }
    query.get("done").and_then(|code| text(&code)).map(Notice::ok)
}

/// Whether the encoded error is one the server could have put into the
/// address.
fn has_fixed_text(encoded: &str) -> bool {
    let err = ServerFnUrlError::<AppError>::decode_err(encoded);
    err.clone().with_fixed_text() == err
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The error as `server_fn` writes it into the address.
    fn encoded(err: AppError) -> String {
        ServerFnUrlError::new("/api/memberships/end", err)
            .to_url("http://localhost/admin/memberships")
            .ok()
            .and_then(|url| url.query_pairs().find(|(k, _)| k == "__err").map(|(_, v)| v.into_owned()))
            .unwrap_or_default()
    }

    #[test]
    fn only_errors_with_the_servers_fixed_texts_are_shown() {
        let posted = AppError::field("valid_to", "終了日は開始日以降の日付にしてください。").with_fixed_text();
        assert!(has_fixed_text(&encoded(posted)));
        assert!(has_fixed_text(&encoded(AppError::Forbidden)));
        assert!(has_fixed_text(&encoded(AppError::Conflict("x".into()).with_fixed_text())));
        let written = AppError::field("valid_to", "アカウントが停止されました。0120-000-000 へお電話ください。");
        assert!(!has_fixed_text(&encoded(written)), "a text from the address");
        assert!(!has_fixed_text(&encoded(AppError::Conflict("お電話ください".into()))));
    }
}
