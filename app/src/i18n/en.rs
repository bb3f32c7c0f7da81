//! English texts.

use super::Catalogue;
use crate::domain::locale::Lang;
use crate::domain::roles::{Capability, Role};

/// English texts of the main catalogue.
pub const EN: Catalogue = Catalogue {
    lang: Lang::En,
    app_name: "G-MIS",
    app_full_name: "Gathering Medical Information System (G-MIS)",
    skip_to_content: "Skip to main content",
    footer: "Ministry of Health, Labour and Welfare - Gathering Medical Information System",

    login_title: "Log in",
    login_lead: "Enter the login ID and password you were issued.",
    login_id_label: "Login ID",
    login_id_hint: "Letters and digits (e.g. HK3MPQ7X)",
    password_label: "Password",
    login_button: "Log in",
    login_failed: "The login ID or password is incorrect, or this account cannot log in at the moment. Please check what you entered and try again.",
    login_forgot: "If you have forgotten your password or cannot log in, please contact the helpdesk.",
    logout_button: "Log out",
    logged_out: "You have logged out.",
    session_expired: "You were logged out because there was no activity for a while. Please log in again.",

    home_title: "Home",
    home_lead: "These are the functions available to you.",
    signed_in_as: "Logged in as",
    coming_soon: "Coming soon",

    not_found_title: "Page not found",
    not_found_body: "The page you are looking for may have been moved or deleted, or the URL may be incorrect.",
    back_home: "Back to home",
    error_title: "An error occurred",

    error_unauthenticated: "Please log in.",
    error_forbidden: "You do not have permission to do this.",
    error_not_found: "The item could not be found.",
    error_validation: "Some of your entries are not valid. Please check the message for each field.",
    error_posted_invalid: "Nothing was changed because some entries are not valid. Please check your entries and submit again.",
    error_posted_conflict: "Nothing was changed because it overlapped with another change. Please reload the page and check.",
    error_unavailable: "This service is currently unavailable. Please try again later.",
    error_bad_request: "What you sent could not be read. Please reload the page and try again.",
    error_too_large: "What you sent is too large. Please make the file smaller and try again.",
    error_too_many_requests: "The system is busy or there have been too many failed attempts. Please wait a moment and try again.",
    error_internal: "A system error occurred. Your entries have not been saved. Please try again later.",
    error_cross_site: "This request cannot be accepted. Please use the G-MIS pages.",

    ie_title: "Internet Explorer is not supported",
    ie_reason: "Because G-MIS handles information about medical facilities, it cannot be used from Internet Explorer (including IE mode in Microsoft Edge), which no longer receives security updates.",
    ie_browsers_heading: "Please use one of the following browsers",
    ie_browsers: &[
        "Microsoft Edge (latest version; open it without IE mode)",
        "Google Chrome (latest version)",
        "Mozilla Firefox (latest version)",
        "Safari (latest version on macOS, iPhone or iPad)",
        "Google Chrome on Android (latest version)",
    ],
    ie_help: "If you are not sure how to switch browsers, please ask the IT staff at your organisation.",

    loading: "Loading…",

    password_too_short: "Your password must be at least 15 characters long (kana, spaces and symbols are allowed).",
    password_too_long: "Your password must be no more than 128 characters long.",
    password_common: "This password is commonly used and easy to guess. Please choose a different one.",
    password_context: "Your password must not contain your login ID or your facility name.",
    login_id_invalid: "The login ID must be 4 to 32 letters, digits or symbols.",
    login_id_taken: "This login ID is already in use.",
    password_link_invalid: "This link can no longer be used. It has expired, has already been used, or a newer link has been issued. Please start again from \"Forgot your password?\".",
    password_mismatch: "The passwords you entered do not match.",
    password_rules: "15 to 128 characters. Kana, kanji, spaces and symbols are allowed. A long sentence is easy to remember and secure.",

    set_password_title: "Set your password",
    set_password_lead: "You are setting the password for the following login ID.",
    new_password_label: "New password",
    confirm_password_label: "New password (again)",
    set_password_button: "Set password",
    password_set_done: "Your password has been set. Please log in with your new password.",
    forgot_link: "Forgot your password?",
    forgot_title: "Reset your password",
    forgot_lead: "Enter your login ID. We will send a link to reset your password (valid for 60 minutes) to the registered e-mail address.",
    forgot_button: "Send reset e-mail",
    forgot_sent: "If an e-mail address is registered for this login ID, we have sent an e-mail to reset your password. If it does not arrive, please wait a while and try again, or contact the helpdesk.",
    forgot_again: "Back to the login page",

    account_title: "Account",
    change_password_title: "Change your password",
    current_password_label: "Current password",
    change_password_button: "Change password",
    password_changed: "Your password has been changed. You have been logged out on all other devices.",
    password_current_wrong: "Your current password is incorrect. Nothing was changed.",
    recent_logins_title: "Recent logins",
    recent_logins_at: "Date and time",
    recent_logins_result: "Result",
    recent_logins_ip: "From (IP address)",
    login_ok: "Succeeded",
    login_ng: "Failed",

    accounts_title: "Account management",
    accounts_search_label: "Login ID or name (part is enough)",
    accounts_prefecture_label: "Prefecture code",
    accounts_search_button: "Search",
    accounts_none: "No matching accounts.",
    accounts_col_role: "Type",
    accounts_col_state: "Status",
    accounts_col_actions: "Actions",
    accounts_resend: "Resend password link",
    accounts_unlock: "Unlock",
    accounts_disable: "Disable",
    state_awaiting: "Password not set",
    state_active: "Active",
    state_locked: "Locked",
    state_disabled: "Disabled",
    cannot_disable_self: "You cannot disable your own account.",
    accounts_change_email: "Correct e-mail address",
    accounts_change_email_label: |login_id| format!("New e-mail address for {login_id}"),
    email_invalid: "This e-mail address is not in a valid format.",
    email_unchanged: "This is the same as the e-mail address already registered.",
    mail_email_changed_subject: "[G-MIS] Your registered e-mail address has been changed",
    mail_email_changed_body: "To the person in charge at {name}\n\nAn administrator at the Ministry of Health, Labour and Welfare has changed the registered e-mail address of login ID {login_id} to {new}. From now on, notifications and password links will be sent to the new address.\n\nThis e-mail has been sent to both the old and the new address. If you did not expect this change, please contact the G-MIS helpdesk.\n\nMinistry of Health, Labour and Welfare - Gathering Medical Information System (G-MIS)\n",
    account_is_disabled: "A link cannot be sent to a disabled account.",
    prefecture_invalid: "Enter the prefecture code as two digits from 01 to 47.",

    register_title: "Issue IDs (one at a time)",
    register_lead: "Register one entry at a time and issue a login ID. For many entries, please use CSV bulk registration.",
    register_kind: "Type",
    register_name: "Name",
    register_municipality: "Municipality code",
    register_medical_code: "Medical facility code (10 digits)",
    register_postal_code: "Postal code",
    register_email: "E-mail address",
    register_beds: "Number of beds",
    register_designated_from: "Date designated as a designated fever clinic",
    register_submit: "Register",
    register_done: "Registered. Login ID:",
    register_checked: "Checked. This entry can be registered as it is (it has not been registered yet).",
    account_kind_label,

    memberships_title: "Member facilities for proxy entry",
    memberships_lead: "Manage the facilities that a medical association enters reports for, with a start date and an end date. Ended memberships are kept as history.",
    memberships_choose: "Please choose a medical association.",
    memberships_none: "There are no member facilities yet.",
    memberships_from: "Start date",
    memberships_to: "End date (last day)",
    memberships_open: "Ongoing",
    memberships_add: "Add member",
    memberships_end: "End on this date",
    membership_to_before_from: "The end date must be on or after the start date.",
    membership_unknown_facility: "No medical facility is registered with this medical facility code.",
    membership_overlap: "This facility already belongs to another association (proxy entry) during that period. Please set an end date for that membership first.",
    membership_already_ended: "A membership that has already ended cannot be ended on a later date.",
    membership_date_invalid: "Enter dates in the form 2026-04-01.",

    import_title: "Issue IDs (CSV bulk registration)",
    import_lead: "Register staff of medical facilities, consultation centres, medical associations and local governments from a CSV file and issue login IDs. Check the contents with \"Check only\" first, then register. If even one row has an error, nothing is registered.",
    import_example: "Download a sample CSV",
    import_file_label: "CSV file",
    import_file_hint: "UTF-8 or Shift_JIS; the first row is the header (kind,name,prefecture,…). Up to 5 MB.",
    import_dry_run: "Check only (do not register)",
    import_submit: "Upload",
    import_running: "Checking the file…",
    import_file_empty: "Please choose a CSV file.",
    import_file_too_big: "The file is too large (up to 5 MB). Please split it and register in parts.",
    import_result_title: "Result",
    import_result_invalid: "Nothing was registered because some rows have errors. Please correct them and upload again.",
    import_result_dry: "Check only: nothing was registered. If there are no problems, untick \"Check only\" and upload again.",
    import_result_done: "Registered. Login ID e-mails are being sent in turn, and letters to be posted have been added to the print queue.",
    import_status_created: "Issued",
    import_status_exists: "Already registered",
    import_status_invalid: "Error",
    import_mailed: "E-mail",
    import_letter: "Post",
    import_col_line: "Row",
    import_col_status: "Result",
    import_col_detail: "Details",
    import_choose_again: "To upload again, please choose the file again.",

    letters_title: "Print postal notifications",
    letters_lead: "Hospitals and organisations without a registered e-mail address are told their login ID by post. After printing and posting, press \"Mark as printed\".",
    letters_none: "There are no notifications waiting to be printed.",
    letters_waiting: "Waiting to be printed:",
    letters_unit: "letter(s)",
    letters_open_print: "Open the print page",
    letters_mark_printed: "Mark the notifications shown as printed",
    letters_col_name: "Addressee",
    letters_col_address: "Address",
    letters_col_queued: "Registered at",
    letters_print_hint: "Print with your browser's print function (A4, portrait). Each letter fits on one page.",
    letter_honorific: "(Attn: person in charge)",
    letter_from: "G-MIS Operations Office, Ministry of Health, Labour and Welfare",
    letter_title: "Your G-MIS login ID",
    letter_body: "A login ID for the Gathering Medical Information System (G-MIS) has been issued to you. Please set a password as follows before you start using it.",
    letter_step1: "Open the following page on a computer or smartphone.",
    letter_step2: "Enter the login ID above and press \"Send reset e-mail\" (if no e-mail address is registered, please call the helpdesk).",
    letter_step3: "Use the link in the e-mail you receive to set a password of at least 15 characters.",
    letter_help: "This notification does not contain a password. Please keep your login ID safe. If you have any questions, please contact the G-MIS helpdesk.",

    mail_issue_subject: "[G-MIS] Your login ID and how to set your password",
    mail_issue_body: "To the person in charge at {name}\n\nA login ID for the Gathering Medical Information System (G-MIS) has been issued.\n\nLogin ID: {login_id}\n\nPlease open the following link to set your password.\n{link}\n\nThis link can be used once, until {expires}. If it has expired, you can get a new link from \"Forgot your password?\" on the login page.\n\nIf you did not expect this e-mail or have any questions, please contact the G-MIS helpdesk.\n\nMinistry of Health, Labour and Welfare - Gathering Medical Information System (G-MIS)\n",
    mail_reset_subject: "[G-MIS] Resetting your password",
    mail_reset_body: "To the person in charge at {name}\n\nWe have received a request to reset the password for login ID {login_id}.\n\nPlease open the following link to set a new password.\n{link}\n\nThis link can be used once, until {expires}.\n\nIf you did not make this request, please delete this e-mail. Your password will not be changed.\n\nMinistry of Health, Labour and Welfare - Gathering Medical Information System (G-MIS)\n",

    yes: "Yes",
    no: "No",
    survey_required: "Please enter a value.",
    survey_whole_number: "Please enter a whole number of 0 or more (digits only).",
    survey_unknown_choice: "Please choose one of the options.",
    report_title: "Daily report",
    report_day_label: "Report date",
    report_prev_day: "Previous day",
    report_today: "Today",
    report_next_day: "Next day",
    report_show_day: "Show",
    report_yesterday: "Previous day",
    report_same_as_yesterday: "Fill in the previous day's values",
    report_no_previous: "There is no report for the previous day.",
    report_optional: "Optional",
    report_nothing: "Submit as nothing to report",
    report_nothing_hint: "Use this on days with nothing to count, for example when there were no visitors or patients. The form cannot be saved with all fields blank.",
    report_save: "Submit report",
    report_amend: "Submit revision",
    report_sending: "Sending…",
    report_reason_label: "Reason for revision (required)",
    report_reason_hint: "Example: corrected an input error in the number of inpatients",
    report_reason: "Reason for revision",
    report_origin: "How it was entered",
    report_reason_required: "Please enter the reason for revising a submitted report.",
    report_reason_too_long: "The reason for revision must be no more than 500 characters.",
    report_outlier,
    report_outlier_confirm: "I have checked the values that changed a lot. Save with these values",
    report_outlier_confirm_required: "Some values have changed a lot since recent reports. Please check the values, then tick \"I have checked the values that changed a lot\" below and save.",
    report_outlier_mark: "Large change, confirmed",
    report_saved_repeat: "This report has already been received. It will not be recorded twice.",
    report_stale: "Someone else updated this report first. Nothing has been saved. Please check the \"Current values\" below and, if needed, submit again with a reason for revision.",
    report_current_values: "Current values",
    report_errors_summary: "Please check your entries. Nothing will be saved until the fields in red are corrected.",
    report_offline: "Cannot connect. Your entries have been saved as a draft on this device and will be sent automatically when the connection returns.",
    report_draft_restored: "Your unfinished draft has been restored.",
    report_on_behalf: " (proxy entry)",
    report_nothing_reported: "Nothing to report",
    report_calendar: "Reporting status (last 4 weeks)",
    report_status_missing: "Not reported",
    report_status_on_time: "Reported",
    report_status_late: "Reported late",
    report_status_amended: "Revised",
    report_history: "Revision history",
    report_history_lead: "All saved versions. Items that differ from the previous version are marked \"Changed\" and show the values as \"before → after\". You can also see who made each revision, when, and why.",
    report_history_changed: "Changed",
    report_history_blank: "(blank)",
    report_history_unchanged: "No values changed from the previous version.",
    report_history_declared: "Changed to \"Nothing to report\".",
    report_history_withdrawn: "Changed from \"Nothing to report\" to reported values.",
    report_future_day: "You cannot report for a future date.",
    report_bad_submission: "The submission identifier is not valid. Please reload the page and submit again.",
    report_wrong_survey: "This survey is not one this facility answers.",
    report_no_survey_on_day: "There is no survey form in effect on this date.",
    report_submission_reused: "This submission has been used for another report. Please reload the page and enter your report again.",
    report_members_title: "Daily reports of member facilities (proxy entry)",
    report_members_lead: "For member facilities during their membership, you can enter reports together in a table or one at a time. Only the rows you fill in are saved.",
    report_member: "Medical facility",
    report_no_members: "No member facilities belong to your association on this date.",
    report_open_form: "Enter one at a time",
    report_grid_hint: "Only rows with numbers entered are saved, and the result is shown for each row. Press a facility name to open its own report form (on devices with JavaScript turned off, please enter reports there).",
    report_grid_reason: "Reason for revision (required when revising a submitted row)",
    report_grid_save: "Save the rows entered",
    report_grid_row_saved: "Saved",
    report_grid_row_failed: "Needs correction",
    report_grid_nothing: "There are no rows to save. Please enter numbers.",
    survey_not_greater,
    survey_out_of_range,
    report_revision,
    report_revision_nothing,
    report_filed_nothing,
    report_history_count,
    report_history_from_to,
    report_saved,
    report_outside_window,
    report_too_old,
    report_grid_too_many,
    report_grid_saved,
    report_grid_partly,

    list_separator: ", ",
    middle_dot: " · ",
    range_mark: " – ",
    label_separator: ": ",
    parenthesized: |unit| format!(" ({unit})"),
    display_title: "Display",
    display_lang_label: "Language",
    display_lang_auto: "Same as my browser",
    display_dates_label: "Dates",
    display_dates_western: |today| format!("Western ({today})"),
    display_dates_wareki: |today| format!("Japanese era ({today})"),
    display_save: "Save",
    display_saved: "Your display settings have been saved.",

    role_label,
    capability_text,
};

fn role_label(role: Role) -> &'static str {
    match role {
        Role::Facility => "Medical facility",
        Role::Aggregator => "Proxy-entry association (medical association)",
        Role::ConsultationCentre => "Consultation centre",
        Role::Municipality => "City with a public health centre / special ward",
        Role::Prefecture => "Prefecture",
        Role::Helpdesk => "Helpdesk",
        Role::MinistryAdmin => "MHLW administrator",
    }
}

fn capability_text(c: Capability) -> (&'static str, &'static str) {
    use Capability::*;
    match c {
        DailyReport => ("Daily survey", "Report beds, outpatients and testing every day."),
        MemberReports => {
            ("Proxy entry for member facilities", "Enter reports together on behalf of your member facilities.")
        }
        CentreReport => (
            "Consultation centre daily survey",
            "Report the number of consultations and patients' care status every day.",
        ),
        WeeklySupplies => {
            ("Medical supplies weekly survey", "Report stock and use of masks, gowns and other supplies every week.")
        }
        SosRequest => ("Emergency supply request (SOS)", "Request an emergency supply when you are running short."),
        SosReview => {
            ("Review emergency supply requests", "Check requests in your area, then accept and dispatch them.")
        }
        AreaDashboard => ("Your area", "See reporting status, bed occupancy and supplies."),
        Downloads => ("Download data", "Get your area's data as CSV or Excel."),
        RegisterClinics => {
            ("Register designated fever clinics", "Register the facilities you have designated and issue their IDs.")
        }
        InquiryQueue => ("Answer inquiries", "Answer inquiries from users."),
        ManageFaq => ("Manage the FAQ", "Edit, reorder and retire frequently asked questions."),
        HelpdeskAccounts => (
            "Check and unlock accounts",
            "When someone calls, check their account status, unlock it and resend the password link.",
        ),
        ManageAccounts => {
            ("Account management", "Issue and manage IDs for medical facilities, local governments and others.")
        }
        PrintLetters => ("Print postal notifications", "Print the letters that tell users their login ID by post."),
        RegisterAccounts => (
            "Issue IDs (CSV bulk registration)",
            "Register medical facilities, local governments and others in bulk and issue login IDs.",
        ),
        RegisterAccount => (
            "Issue IDs (one at a time)",
            "Register medical facilities, local governments and others one at a time and issue login IDs.",
        ),
        ManageMemberships => (
            "Member facilities for proxy entry",
            "Manage, with dates, the facilities that medical associations enter reports for.",
        ),
        ManageSurveys => ("Manage survey forms", "Manage survey items and versions."),
        ManageNotices => ("Manage notices", "Write and publish notices."),
        Maintenance => ("Planned maintenance", "Schedule maintenance."),
        ApiTokens => ("API tokens", "Issue and revoke the tokens other systems use to access the API."),
        AuditLog => ("Audit trail", "Check the record of logins and changes."),
        Notices => ("Notices", "Read and search notices from the Ministry of Health, Labour and Welfare."),
        Inquiries => ("Inquiries", "Ask the helpdesk a question from within the system."),
        Account => ("Account", "Change your password and check your login history."),
    }
}

fn account_kind_label(kind: crate::domain::accounts::AccountKind) -> &'static str {
    use crate::domain::accounts::AccountKind::*;
    match kind {
        Hospital => "Hospital",
        Clinic => "Clinic",
        Centre => "Consultation centre",
        Aggregator => "Medical association (proxy entry)",
        PrefectureOfficer => "Prefecture officer",
        MunicipalityOfficer => "Officer of a city with a public health centre / special ward",
        Helpdesk => "Helpdesk",
        MinistryAdmin => "MHLW administrator",
    }
}

fn report_outlier(up: bool, yesterday: Option<i64>, median: i64) -> String {
    match (up, yesterday) {
        (true, Some(y)) => format!("Much higher than the previous day ({y}). Please check."),
        (false, Some(y)) => format!("Much lower than the previous day ({y}). Please check."),
        (true, None) => format!("Much higher than recent reports (median {median}). Please check."),
        (false, None) => format!("Much lower than recent reports (median {median}). Please check."),
    }
}

fn survey_not_greater(limit: &str, bound: i64) -> String {
    format!("Must not be more than \"{limit}\" ({bound}).")
}

fn survey_out_of_range(min: i64, max: i64, unit: &str) -> String {
    if unit.is_empty() {
        format!("Please enter a number from {min} to {max}.")
    } else {
        format!("Please enter a number from {min} to {max} ({unit}).")
    }
}

fn report_revision(n: i32) -> String {
    format!("Version {n}")
}

fn report_revision_nothing(n: i32) -> String {
    format!("Version {n} (nothing to report)")
}

fn report_filed_nothing(n: i32) -> String {
    format!(
        "This day has been reported as \"Nothing to report\" (version {n}). To report values, enter them and submit with a reason for revision."
    )
}

fn report_history_count(n: usize) -> String {
    if n == 1 {
        format!("{n} item changed from the previous version")
    } else {
        format!("{n} items changed from the previous version")
    }
}

fn report_history_from_to(before: &str, after: &str) -> String {
    format!("{before} → {after}")
}

fn report_saved(revision: i32, day: &str) -> String {
    if revision == 1 {
        format!("Your report for {day} has been received.")
    } else {
        format!("Your report for {day} has been revised (version {revision}).")
    }
}

fn report_outside_window(earliest: &str, today: &str) -> String {
    format!(
        "This day is outside the period for entering or revising reports. You can enter reports from {earliest} to {today}."
    )
}

fn report_too_old(days: u32) -> String {
    if days == 1 {
        format!(
            "Dates more than {days} day ago cannot be entered or revised. If you need to, please contact the helpdesk."
        )
    } else {
        format!(
            "Dates more than {days} days ago cannot be entered or revised. If you need to, please contact the helpdesk."
        )
    }
}

fn report_grid_too_many(n: usize) -> String {
    if n == 1 {
        format!("You can save up to {n} row at a time.")
    } else {
        format!("You can save up to {n} rows at a time.")
    }
}

fn report_grid_saved(n: usize) -> String {
    if n == 1 { format!("Saved {n} report.") } else { format!("Saved {n} reports.") }
}

fn report_grid_partly(saved: usize, failed: usize) -> String {
    let saved_text = if saved == 1 { format!("Saved {saved} report.") } else { format!("Saved {saved} reports.") };
    let failed_text = if failed == 1 {
        format!("{failed} report was not saved.")
    } else {
        format!("{failed} reports were not saved.")
    };
    format!("{saved_text} {failed_text} Please check the rows in red.")
}
