//! The browser entry point. Pages are rendered on the server; only their
//! islands (`#[island]` components) run in the browser. The page's loader
//! script (`components/document.rs`) calls `hydrate` once, then each island's
//! own export for each `<leptos-island>` on the page.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    app::hydrate();
}
