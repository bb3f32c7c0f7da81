//! The message catalogue: every user-visible string of G-MIS, in one place so
//! that an English catalogue can be added as a second constant of the same
//! type. Call [`t`] for the active catalogue.

mod ja;

use crate::domain::roles::{Capability, Role};

pub use ja::JA;

/// All user-visible texts. A field per text keeps a missing translation a
/// compile error rather than a blank on screen.
pub struct Catalogue {
    pub app_name: &'static str,
    pub app_full_name: &'static str,
    pub skip_to_content: &'static str,
    pub footer: &'static str,

    pub login_title: &'static str,
    pub login_lead: &'static str,
    pub login_id_label: &'static str,
    pub login_id_hint: &'static str,
    pub password_label: &'static str,
    pub login_button: &'static str,
    pub login_failed: &'static str,
    pub login_forgot: &'static str,
    pub logout_button: &'static str,
    pub logged_out: &'static str,
    pub session_expired: &'static str,

    pub home_title: &'static str,
    pub home_lead: &'static str,
    pub signed_in_as: &'static str,
    pub coming_soon: &'static str,

    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub back_home: &'static str,
    pub error_title: &'static str,

    pub error_unauthenticated: &'static str,
    pub error_forbidden: &'static str,
    pub error_not_found: &'static str,
    pub error_validation: &'static str,
    pub error_unavailable: &'static str,
    pub error_internal: &'static str,
    pub error_cross_site: &'static str,

    pub ie_title: &'static str,
    pub ie_reason: &'static str,
    pub ie_browsers_heading: &'static str,
    pub ie_browsers: &'static [&'static str],
    pub ie_help: &'static str,

    pub loading: &'static str,

    pub password_too_short: &'static str,
    pub password_too_long: &'static str,
    pub password_common: &'static str,
    pub password_context: &'static str,
    pub login_id_invalid: &'static str,
    pub login_id_taken: &'static str,
    pub password_link_invalid: &'static str,
    pub password_mismatch: &'static str,
    pub password_rules: &'static str,

    pub set_password_title: &'static str,
    pub set_password_lead: &'static str,
    pub new_password_label: &'static str,
    pub confirm_password_label: &'static str,
    pub set_password_button: &'static str,
    pub password_set_done: &'static str,
    pub forgot_link: &'static str,
    pub forgot_title: &'static str,
    pub forgot_lead: &'static str,
    pub forgot_button: &'static str,
    pub forgot_sent: &'static str,
    pub forgot_again: &'static str,

    pub account_title: &'static str,
    pub change_password_title: &'static str,
    pub current_password_label: &'static str,
    pub change_password_button: &'static str,
    pub password_changed: &'static str,
    pub password_current_wrong: &'static str,
    pub recent_logins_title: &'static str,
    pub recent_logins_at: &'static str,
    pub recent_logins_result: &'static str,
    pub recent_logins_ip: &'static str,
    pub login_ok: &'static str,
    pub login_ng: &'static str,

    pub accounts_title: &'static str,
    pub accounts_search_label: &'static str,
    pub accounts_prefecture_label: &'static str,
    pub accounts_search_button: &'static str,
    pub accounts_none: &'static str,
    pub accounts_col_role: &'static str,
    pub accounts_col_state: &'static str,
    pub accounts_col_actions: &'static str,
    pub accounts_resend: &'static str,
    pub accounts_unlock: &'static str,
    pub accounts_disable: &'static str,
    pub state_awaiting: &'static str,
    pub state_active: &'static str,
    pub state_locked: &'static str,
    pub state_disabled: &'static str,
    pub cannot_disable_self: &'static str,
    pub account_is_disabled: &'static str,
    pub prefecture_invalid: &'static str,

    pub register_title: &'static str,
    pub register_lead: &'static str,
    pub register_kind: &'static str,
    pub register_name: &'static str,
    pub register_municipality: &'static str,
    pub register_medical_code: &'static str,
    pub register_postal_code: &'static str,
    pub register_email: &'static str,
    pub register_beds: &'static str,
    pub register_designated_from: &'static str,
    pub register_submit: &'static str,
    pub register_done: &'static str,
    pub account_kind_label: fn(crate::domain::accounts::AccountKind) -> &'static str,

    pub memberships_title: &'static str,
    pub memberships_lead: &'static str,
    pub memberships_choose: &'static str,
    pub memberships_none: &'static str,
    pub memberships_from: &'static str,
    pub memberships_to: &'static str,
    pub memberships_open: &'static str,
    pub memberships_add: &'static str,
    pub memberships_end: &'static str,
    pub membership_to_before_from: &'static str,
    pub membership_unknown_facility: &'static str,
    pub membership_overlap: &'static str,
    pub membership_already_ended: &'static str,
    pub membership_date_invalid: &'static str,

    pub import_title: &'static str,
    pub import_lead: &'static str,
    pub import_example: &'static str,
    pub import_file_label: &'static str,
    pub import_file_hint: &'static str,
    pub import_dry_run: &'static str,
    pub import_submit: &'static str,
    pub import_running: &'static str,
    pub import_file_empty: &'static str,
    pub import_file_too_big: &'static str,
    pub import_result_title: &'static str,
    pub import_result_invalid: &'static str,
    pub import_result_dry: &'static str,
    pub import_result_done: &'static str,
    pub import_status_created: &'static str,
    pub import_status_exists: &'static str,
    pub import_status_invalid: &'static str,
    pub import_mailed: &'static str,
    pub import_letter: &'static str,
    pub import_col_line: &'static str,
    pub import_col_status: &'static str,
    pub import_col_detail: &'static str,

    pub letters_title: &'static str,
    pub letters_lead: &'static str,
    pub letters_none: &'static str,
    pub letters_waiting: &'static str,
    pub letters_unit: &'static str,
    pub letters_open_print: &'static str,
    pub letters_mark_printed: &'static str,
    pub letters_col_name: &'static str,
    pub letters_col_address: &'static str,
    pub letters_col_queued: &'static str,
    pub letters_print_hint: &'static str,
    pub letter_honorific: &'static str,
    pub letter_from: &'static str,
    pub letter_title: &'static str,
    pub letter_body: &'static str,
    pub letter_step1: &'static str,
    pub letter_step2: &'static str,
    pub letter_step3: &'static str,
    pub letter_help: &'static str,

    /// Mail templates: `{name}`, `{login_id}`, `{link}`, `{expires}` are filled in.
    pub mail_issue_subject: &'static str,
    pub mail_issue_body: &'static str,
    pub mail_reset_subject: &'static str,
    pub mail_reset_body: &'static str,

    pub role_label: fn(Role) -> &'static str,
    pub capability_text: fn(Capability) -> (&'static str, &'static str),
}

impl Catalogue {
    /// The name of a role.
    pub fn role(&self, role: Role) -> &'static str {
        (self.role_label)(role)
    }

    /// The name of a kind of registration.
    pub fn account_kind(&self, kind: crate::domain::accounts::AccountKind) -> &'static str {
        (self.account_kind_label)(kind)
    }

    /// Title and one-line description of a capability on the home page.
    pub fn capability(&self, c: Capability) -> (&'static str, &'static str) {
        (self.capability_text)(c)
    }
}

/// The active catalogue. Japanese is the only one today.
pub fn t() -> &'static Catalogue {
    &JA
}
