//! The browser entry point: hydrates the server-rendered page. `hydrate_lazy`
//! because some routes are lazy (their code is fetched on demand), and the
//! first page of a visit may be one of them.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_lazy(app::App);
}
