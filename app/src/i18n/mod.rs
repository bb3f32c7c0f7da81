//! The message catalogue: every user-visible string of G-MIS, in one place so
//! that an English catalogue can be added as a second constant of the same
//! type. Call [`t`] for the active catalogue.

mod accounts;
mod api;
mod area;
mod audit;
#[cfg(test)]
mod completeness;
mod en;
mod faq;
mod helpdesk;
mod inquiries;
mod ja;
mod maintenance;
mod notices;
mod passkey;
mod registration;
mod second_factor;
mod sessions;
mod supplies;
mod supply_pages;
mod survey_admin;
mod webhooks;

#[cfg(not(feature = "ssr"))]
use crate::domain::locale::DateStyle;
use crate::domain::locale::{Lang, Locale};
use crate::domain::roles::Role;

pub use accounts::AccountTexts;
pub use api::ApiTexts;
pub use area::AreaTexts;
pub use audit::AuditTexts;
pub use en::EN;
pub use faq::FaqTexts;
pub use helpdesk::HelpdeskTexts;
pub use inquiries::InquiryTexts;
pub use ja::JA;
pub use maintenance::MaintenanceTexts;
pub use notices::NoticeTexts;
pub use passkey::PasskeyTexts;
pub use registration::RegistrationTexts;
pub use second_factor::SecondFactorTexts;
pub use sessions::SessionTexts;
pub use supplies::SupplyTexts;
pub use supply_pages::SupplyPageTexts;
pub use survey_admin::SurveyAdminTexts;
pub use webhooks::WebhookTexts;

/// All user-visible texts. A field per text keeps a missing translation a
/// compile error rather than a blank on screen.
pub struct Catalogue {
    /// The language of this catalogue: its features' texts are reached
    /// through methods by it ([`Catalogue::supplies`] and the others), so that
    /// a program links only the features it uses (the browser's islands, not
    /// the mails or the downloads' headings).
    pub lang: Lang,
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
    pub error_posted_invalid: &'static str,
    pub error_posted_conflict: &'static str,
    pub error_unavailable: &'static str,
    /// A request the server could not read (malformed, wrong types).
    pub error_bad_request: &'static str,
    /// A request body over the size limit.
    pub error_too_large: &'static str,
    /// Too many attempts or a full queue: try again after a while.
    pub error_too_many_requests: &'static str,
    pub error_internal: &'static str,
    pub error_cross_site: &'static str,

    pub loading: &'static str,

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
    /// The answer to an upload posted without JavaScript: the browser does
    /// not keep the chosen file, so uploading again means choosing it again.
    pub import_choose_again: &'static str,

    // Surveys and daily reports.
    pub yes: &'static str,
    pub no: &'static str,
    pub survey_required: &'static str,
    pub survey_whole_number: &'static str,
    pub survey_unknown_choice: &'static str,
    pub report_title: &'static str,
    pub report_day_label: &'static str,
    pub report_prev_day: &'static str,
    pub report_today: &'static str,
    pub report_next_day: &'static str,
    pub report_show_day: &'static str,
    pub report_yesterday: &'static str,
    pub report_same_as_yesterday: &'static str,
    pub report_no_previous: &'static str,
    pub report_optional: &'static str,
    pub report_nothing: &'static str,
    pub report_nothing_hint: &'static str,
    pub report_save: &'static str,
    pub report_amend: &'static str,
    pub report_sending: &'static str,
    pub report_reason_label: &'static str,
    pub report_reason_hint: &'static str,
    pub report_reason: &'static str,
    /// What a first revision's reason is called (「移行」: carried over from the previous system).
    pub report_origin: &'static str,
    pub report_reason_required: &'static str,
    pub report_reason_too_long: &'static str,
    /// A flagged value: its direction (true: up), yesterday's value when
    /// reported, and the median of the recent range.
    pub report_outlier: fn(bool, Option<i64>, i64) -> String,
    pub report_outlier_confirm: &'static str,
    pub report_outlier_confirm_required: &'static str,
    /// Beside a value that was confirmed although flagged.
    pub report_outlier_mark: &'static str,
    pub report_saved_repeat: &'static str,
    pub report_stale: &'static str,
    pub report_current_values: &'static str,
    pub report_errors_summary: &'static str,
    pub report_offline: &'static str,
    pub report_draft_restored: &'static str,
    pub report_on_behalf: &'static str,
    pub report_nothing_reported: &'static str,
    pub report_calendar: &'static str,
    pub report_status_missing: &'static str,
    pub report_status_on_time: &'static str,
    pub report_status_late: &'static str,
    pub report_status_amended: &'static str,
    pub report_history: &'static str,
    pub report_history_lead: &'static str,
    /// Marks an item of a revision whose value differs from the revision before.
    pub report_history_changed: &'static str,
    /// An item left blank in a revision, where the other one had a value.
    pub report_history_blank: &'static str,
    pub report_history_unchanged: &'static str,
    /// A revision that says "nothing to report" after one with values.
    pub report_history_declared: &'static str,
    /// A revision with values after one that said "nothing to report".
    pub report_history_withdrawn: &'static str,
    pub report_future_day: &'static str,
    pub report_bad_submission: &'static str,
    pub report_wrong_survey: &'static str,
    pub report_no_survey_on_day: &'static str,
    pub report_submission_reused: &'static str,
    pub report_members_title: &'static str,
    pub report_members_lead: &'static str,
    pub report_member: &'static str,
    pub report_no_members: &'static str,
    pub report_open_form: &'static str,
    pub report_grid_hint: &'static str,
    pub report_grid_reason: &'static str,
    pub report_grid_save: &'static str,
    pub report_grid_row_saved: &'static str,
    pub report_grid_row_failed: &'static str,
    pub report_grid_nothing: &'static str,
    pub survey_not_greater: fn(&str, i64) -> String,
    pub survey_out_of_range: fn(i64, i64, &str) -> String,
    pub report_revision: fn(i32) -> String,
    /// The saved revision of a day filed as "nothing to report".
    pub report_revision_nothing: fn(i32) -> String,
    /// Says at the top of a reopened day that it was filed as "nothing to report".
    pub report_filed_nothing: fn(i32) -> String,
    /// How many items a revision changed from the one before.
    pub report_history_count: fn(usize) -> String,
    /// An item's old and new value.
    pub report_history_from_to: fn(&str, &str) -> String,
    pub report_saved: fn(i32, &str) -> String,
    pub report_outside_window: fn(&str, &str) -> String,
    pub report_too_old: fn(u32) -> String,
    pub report_grid_too_many: fn(usize) -> String,
    pub report_grid_saved: fn(usize) -> String,
    pub report_grid_partly: fn(usize, usize) -> String,
    /// Between the items of a list written in a sentence: `、` / `, `.
    pub list_separator: &'static str,
    /// Between the parts of one thing (a field and its sub-field, a kind
    /// and its note): `・` / ` · `.
    pub middle_dot: &'static str,
    /// Between the ends of a range of days or times: `〜` / ` – `.
    pub range_mark: &'static str,
    /// Between a label and what it says: `：` / `: `.
    pub label_separator: &'static str,
    /// A remark in brackets after a label: `（枚）`, ` (pieces)`.
    pub parenthesized: fn(&str) -> String,

    pub role_label: fn(Role) -> &'static str,
}

impl Catalogue {
    /// Accounts: passwords, the account page, administration, registration,
    /// letters, memberships and their mails, the display settings, the home
    /// page's capabilities and the Internet Explorer page.
    pub fn accounts(&self) -> &'static AccountTexts {
        match self.lang {
            Lang::Ja => &accounts::ACCOUNTS_JA,
            Lang::En => &accounts::ACCOUNTS_EN,
        }
    }

    /// The texts of `webhooks`.
    pub fn webhooks(&self) -> &'static WebhookTexts {
        match self.lang {
            Lang::Ja => &webhooks::WEBHOOKS_JA,
            Lang::En => &webhooks::WEBHOOKS_EN,
        }
    }

    /// The texts of `passkey`.
    pub fn passkey(&self) -> &'static PasskeyTexts {
        match self.lang {
            Lang::Ja => &passkey::PASSKEY_JA,
            Lang::En => &passkey::PASSKEY_EN,
        }
    }

    /// Weekly supply survey, SOS requests and their workflow.
    pub fn supplies(&self) -> &'static SupplyTexts {
        match self.lang {
            Lang::Ja => &supplies::SUPPLIES_JA,
            Lang::En => &supplies::SUPPLIES_EN,
        }
    }

    /// The supplies pages rendered on the server, their mails and CSV.
    pub fn supply_pages(&self) -> &'static SupplyPageTexts {
        match self.lang {
            Lang::Ja => &supply_pages::SUPPLY_PAGES_JA,
            Lang::En => &supply_pages::SUPPLY_PAGES_EN,
        }
    }

    /// The texts of `api`.
    pub fn api(&self) -> &'static ApiTexts {
        match self.lang {
            Lang::Ja => &api::API_JA,
            Lang::En => &api::API_EN,
        }
    }

    /// The second factor: login code, enrolment, policy banner, reset mail.
    pub fn second_factor(&self) -> &'static SecondFactorTexts {
        match self.lang {
            Lang::Ja => &second_factor::SECOND_FACTOR_JA,
            Lang::En => &second_factor::SECOND_FACTOR_EN,
        }
    }

    /// The texts of `area`.
    pub fn area(&self) -> &'static AreaTexts {
        match self.lang {
            Lang::Ja => &area::AREA_JA,
            Lang::En => &area::AREA_EN,
        }
    }

    /// The texts of `maintenance`.
    pub fn maintenance(&self) -> &'static MaintenanceTexts {
        match self.lang {
            Lang::Ja => &maintenance::MAINTENANCE_JA,
            Lang::En => &maintenance::MAINTENANCE_EN,
        }
    }

    /// The texts of `notices`.
    pub fn notices(&self) -> &'static NoticeTexts {
        match self.lang {
            Lang::Ja => &notices::NOTICES_JA,
            Lang::En => &notices::NOTICES_EN,
        }
    }

    /// The texts of `inquiries`.
    pub fn inquiries(&self) -> &'static InquiryTexts {
        match self.lang {
            Lang::Ja => &inquiries::INQUIRIES_JA,
            Lang::En => &inquiries::INQUIRIES_EN,
        }
    }

    /// The texts of `helpdesk`.
    pub fn helpdesk(&self) -> &'static HelpdeskTexts {
        match self.lang {
            Lang::Ja => &helpdesk::HELPDESK_JA,
            Lang::En => &helpdesk::HELPDESK_EN,
        }
    }

    /// The texts of `faq`.
    pub fn faq(&self) -> &'static FaqTexts {
        match self.lang {
            Lang::Ja => &faq::FAQ_JA,
            Lang::En => &faq::FAQ_EN,
        }
    }

    /// The texts of `survey_admin`.
    pub fn survey_admin(&self) -> &'static SurveyAdminTexts {
        match self.lang {
            Lang::Ja => &survey_admin::SURVEY_ADMIN_JA,
            Lang::En => &survey_admin::SURVEY_ADMIN_EN,
        }
    }

    /// The texts of `sessions`.
    pub fn sessions(&self) -> &'static SessionTexts {
        match self.lang {
            Lang::Ja => &sessions::SESSIONS_JA,
            Lang::En => &sessions::SESSIONS_EN,
        }
    }

    /// The texts of `audit`.
    pub fn audit(&self) -> &'static AuditTexts {
        match self.lang {
            Lang::Ja => &audit::AUDIT_JA,
            Lang::En => &audit::AUDIT_EN,
        }
    }

    /// Account registration: row checks, the registration CSV, rows already registered, municipality codes.
    pub fn registration(&self) -> &'static RegistrationTexts {
        match self.lang {
            Lang::Ja => &registration::REGISTRATION_JA,
            Lang::En => &registration::REGISTRATION_EN,
        }
    }

    /// The name of a role.
    pub fn role(&self, role: Role) -> &'static str {
        (self.role_label)(role)
    }
}

/// The catalogue of a language (mails are written in their recipient's).
pub fn catalogue(lang: Lang) -> &'static Catalogue {
    match lang {
        Lang::Ja => &JA,
        Lang::En => &EN,
    }
}

/// The active catalogue: the language of this request (server) or of
/// this page (browser).
pub fn t() -> &'static Catalogue {
    catalogue(locale().lang)
}

#[cfg(feature = "ssr")]
tokio::task_local! {
    static REQUEST_LOCALE: Locale;
}

/// Runs `f` (a request's handling) with `locale` as the one [`locale`]
/// answers: plain routes (downloads, form posts) and the API read it from
/// here; renders and server functions also find it in the request's parts.
#[cfg(feature = "ssr")]
pub async fn with_locale<F: std::future::Future>(locale: Locale, f: F) -> F::Output {
    REQUEST_LOCALE.scope(locale, f).await
}

/// Runs `f` with `locale` as the one [`locale`] answers: a mail is written
/// in its recipient's language and date style, whoever's request sends it.
#[cfg(feature = "ssr")]
pub fn in_locale<R>(locale: Locale, f: impl FnOnce() -> R) -> R {
    REQUEST_LOCALE.sync_scope(locale, f)
}

/// The language and date style of this request (server) or page (browser).
/// Outside a request (jobs, the shell) it is Japanese with Western dates;
/// mails name their recipient's locale instead.
#[cfg(feature = "ssr")]
pub fn locale() -> Locale {
    REQUEST_LOCALE
        .try_with(|l| *l)
        .ok()
        .or_else(|| {
            leptos::prelude::with_context::<http::request::Parts, _>(|p| p.extensions.get::<Locale>().copied())
                .flatten()
        })
        .unwrap_or_default()
}

#[cfg(not(feature = "ssr"))]
thread_local! {
    static PAGE_LOCALE: std::cell::Cell<Locale> = const { std::cell::Cell::new(Locale { lang: Lang::Ja, dates: DateStyle::Western }) };
}

/// The language and date style of this request (server) or page (browser).
#[cfg(not(feature = "ssr"))]
pub fn locale() -> Locale {
    PAGE_LOCALE.with(std::cell::Cell::get)
}

/// In the browser: takes the page's locale from what the server wrote on
/// `<html>` (`lang`, `data-dates`), before anything is rendered.
#[cfg(not(feature = "ssr"))]
pub fn adopt_page_locale() {
    let root = leptos::prelude::document().document_element();
    let lang = root.as_ref().and_then(|r| r.get_attribute("lang")).and_then(|l| Lang::parse(&l)).unwrap_or_default();
    let dates = root.and_then(|r| r.get_attribute("data-dates")).and_then(|d| DateStyle::parse(&d)).unwrap_or_default();
    PAGE_LOCALE.with(|c| c.set(Locale { lang, dates }));
}
