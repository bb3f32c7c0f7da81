//! A filter `<select>` of a GET filter form: "all" first, then the options.

use leptos::prelude::*;

/// One filter: `all` (empty value) first, then the options (code, label),
/// with `selected` chosen.
#[component]
pub fn FilterSelect(
    name: &'static str,
    label: &'static str,
    all: &'static str,
    options: Vec<(String, String)>,
    selected: Option<String>,
) -> impl IntoView {
    let id = format!("f-{name}");
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select id=id name=name>
                <option value="">{all}</option>
                {options.into_iter().map(|(code, text)| {
                    let chosen = (selected.as_ref() == Some(&code)).then_some("selected");
                    view! { <option value=code selected=chosen>{text}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}
