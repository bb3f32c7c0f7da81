//! English texts.

use super::Catalogue;
use crate::domain::locale::Lang;
use crate::domain::roles::Role;

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

    loading: "Loading…",

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

    role_label,
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
