//! The error of a form posted without JavaScript.
//!
//! Such a post goes to the server function's address; when the function
//! fails, `server_fn` sends the browser back to the form's page with the
//! error in the address (`__path`, the function, and `__err`, its error).
//! An action made after [`provide_posted_error`] starts with that error as
//! its answer, so the page shows the same message as after a post by its
//! script. Forms that must come back as typed have routes of their own
//! (`invalid=…`); this covers the one-button forms (end a membership, unlock
//! an account).

use leptos::prelude::*;
use leptos::server::ServerActionError;
use leptos_router::hooks::use_query_map;

/// Call at the top of a page, before its `ServerAction`s are made. The
/// context is the page's own, so it is gone after the next navigation.
pub fn provide_posted_error() {
    let query = use_query_map().get_untracked();
    if let (Some(path), Some(err)) = (query.get("__path"), query.get("__err")) {
        provide_context(ServerActionError::new(&path, &err));
    }
}
