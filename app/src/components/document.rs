//! The `<head>` resources of every page: the stylesheet and the script that
//! brings the WASM bundle. Rendered on the server by [`crate::shell`].
//!
//! What a phone paints first is the server's HTML with the stylesheet, so
//! nothing the first paint does not need is requested before it: the
//! stylesheet is the first resource in `<head>`, and the WASM bundle (and a
//! page's islands) is fetched once the page has loaded, not announced
//! with `<link rel="preload">` at the top of the document, where on a slow
//! connection it shared the bandwidth with the stylesheet and held the first
//! paint back by the bundle's download (docs/decisions.md, "First paint").
//! Every page works without the WASM, so hydrating a moment later costs
//! nothing the user relies on.

use leptos::prelude::*;

/// `<link rel="stylesheet">` for the site's CSS.
#[component]
pub fn Stylesheet(options: LeptosOptions) -> impl IntoView {
    view! { <link rel="stylesheet" href=format!("/{}/{}.css", options.site_pkg_dir, options.output_name) /> }
}

/// Brings the page's islands to life after the page's `load` event: a page
/// without a `<leptos-island>` loads no WASM at all; otherwise the bundle is
/// fetched, `hydrate` prepares it once and each island's export (named by
/// its `data-component`) hydrates its element, in document order. It stands
/// in for Leptos's `HydrationScripts`, which fetches the bundle on every
/// page. File names are not hashed (`hash-files` is off in Cargo.toml).
///
/// What someone types into an island before it is hydrated (on a slow
/// phone, the seconds the bundle takes) is kept: hydrating sets a field's
/// value from the island's state, which does not know it yet. Every input
/// and change inside an island is noted until then (a radio group by its
/// name, the last choice); once the island is hydrated the noted values are
/// put back and announced with `input` and `change` events, so its state
/// takes them as if typed again.
#[component]
pub fn HydrateAfterLoad(options: LeptosOptions) -> impl IntoView {
    let pkg = format!("/{}/{}", options.site_pkg_dir, options.output_name);
    // A module script runs before `load`, so the listeners are always in time.
    let script = format!(
        "const typed=new Map();let replaying=false;\
const note=v=>{{const x=v.target;if(replaying||!x.closest||!x.closest('leptos-island')||x.type==='file')return;\
const c=x.type==='checkbox'||x.type==='radio';typed.set(x.type==='radio'?'r:'+x.name:x,[x,c?'checked':'value',c?x.checked:x.value]);}};\
addEventListener('input',note,true);addEventListener('change',note,true);\
const replay=e=>{{const mine=[...typed].filter(([,[x]])=>e.contains(x));replaying=true;\
for(const [k,[x,p,v]] of mine){{typed.delete(k);x[p]=v;for(const t of ['input','change'])x.dispatchEvent(new Event(t,{{bubbles:true}}));}}\
replaying=false;}};\
addEventListener('load',()=>{{const l=[...document.querySelectorAll('leptos-island')];if(!l.length)return;\
import('{pkg}.js').then(m=>m.default({{module_or_path:'{pkg}.wasm'}}).then(async()=>{{m.hydrate();\
for(const e of l){{const f=m[e.dataset.component];if(f){{await f(e);replay(e);}}}}}}));}});"
    );
    view! { <script type="module" nonce=leptos::nonce::use_nonce() inner_html=script></script> }
}
