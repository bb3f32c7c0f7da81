//! The new password and its confirmation, with the policy as a hint: used
//! wherever a password is set (mailed link, own account page). The form
//! posts them as `password` and `confirmation`.

use crate::i18n;
use leptos::prelude::*;

#[component]
pub fn NewPasswordFields() -> impl IntoView {
    let t = i18n::t();
    view! {
        <div class="field">
            <label for="password">{t.accounts().new_password_label}</label>
            <p class="field__hint" id="password_rules">{t.accounts().password_rules}</p>
            <input id="password" name="password" type="password" required minlength="15" maxlength="128"
                autocomplete="new-password" aria-describedby="password_rules" />
        </div>
        <div class="field">
            <label for="confirmation">{t.accounts().confirm_password_label}</label>
            <input id="confirmation" name="confirmation" type="password" required minlength="15" maxlength="128"
                autocomplete="new-password" />
        </div>
    }
}
