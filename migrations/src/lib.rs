//! The G-MIS schema as sea-orm migrations, run by `gmis migrate` and at the
//! start of `gmis serve`. Each migration has an `up` and a `down`; the same
//! statements build SQLite and PostgreSQL.

pub use sea_orm_migration::prelude::*;

mod m20261124_000001_create_jurisdictions;
mod m20261124_000002_create_accounts;
mod m20261124_000003_create_audit_log;
mod m20261124_000004_create_mail_and_tokens;
mod m20261124_000005_create_letters;
mod m20261124_000006_create_reports;
mod m20261125_000007_create_sos_requests;
mod m20261125_000008_create_maintenance_windows;
mod m20261125_000009_create_notices_and_inquiries;
mod m20261202_000010_create_known_devices;
mod m20261202_000011_create_area_totals;
mod m20261202_000012_create_reminders;
mod m20261202_000013_index_reports_by_day;
mod m20261202_000014_totals_by_municipality;
mod m20261202_000015_codes_as_varchar;
mod m20261202_000016_create_api_tokens;
mod m20261202_000017_create_webhooks;
mod m20261203_000018_index_notice_trigrams;
mod m20261203_000019_load_municipalities;
mod m20261204_000020_create_legacy_import;
mod m20261204_000022_report_outliers;
mod m20261204_000023_helpdesk_index_audit_targets;
mod m20261204_000024_audit_chain;
mod m20261204_000025_create_second_factors;
mod m20261204_000026_session_ip;
mod m20261204_000027_sos_event_actor_optional;
mod m20261204_000028_create_inquiry_digests;
mod m20261204_000029_create_passkeys;
mod m20261204_000030_inquiry_about_member;
mod m20261205_000031_faq_curation;
mod m20261205_000032_notice_mails;
mod m20261205_000033_reply_attachments;
mod m20261205_000034_survey_versions_in_the_browser;
mod m20261205_000035_display_language;
mod m20261205_000036_legacy_report_keys_day_first;
mod m20261206_000037_reports_unique_by_day;
mod m20261206_000038_report_totals_by_area_and_day;

pub mod audit_chain;
pub mod jurisdictions;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261124_000001_create_jurisdictions::Migration),
            Box::new(m20261124_000002_create_accounts::Migration),
            Box::new(m20261124_000003_create_audit_log::Migration),
            Box::new(m20261124_000004_create_mail_and_tokens::Migration),
            Box::new(m20261124_000005_create_letters::Migration),
            Box::new(m20261124_000006_create_reports::Migration),
            Box::new(m20261125_000007_create_sos_requests::Migration),
            Box::new(m20261125_000008_create_maintenance_windows::Migration),
            Box::new(m20261125_000009_create_notices_and_inquiries::Migration),
            Box::new(m20261202_000010_create_known_devices::Migration),
            Box::new(m20261202_000011_create_area_totals::Migration),
            Box::new(m20261202_000012_create_reminders::Migration),
            Box::new(m20261202_000013_index_reports_by_day::Migration),
            Box::new(m20261202_000014_totals_by_municipality::Migration),
            Box::new(m20261202_000015_codes_as_varchar::Migration),
            Box::new(m20261202_000016_create_api_tokens::Migration),
            Box::new(m20261202_000017_create_webhooks::Migration),
            Box::new(m20261203_000018_index_notice_trigrams::Migration),
            Box::new(m20261203_000019_load_municipalities::Migration),
            Box::new(m20261204_000020_create_legacy_import::Migration),
            Box::new(m20261204_000022_report_outliers::Migration),
            Box::new(m20261204_000023_helpdesk_index_audit_targets::Migration),
            Box::new(m20261204_000024_audit_chain::Migration),
            Box::new(m20261204_000026_session_ip::Migration),
            Box::new(m20261204_000027_sos_event_actor_optional::Migration),
            Box::new(m20261204_000028_create_inquiry_digests::Migration),
            Box::new(m20261204_000029_create_passkeys::Migration),
            Box::new(m20261204_000030_inquiry_about_member::Migration),
            Box::new(m20261205_000031_faq_curation::Migration),
            Box::new(m20261205_000032_notice_mails::Migration),
            Box::new(m20261205_000033_reply_attachments::Migration),
            Box::new(m20261205_000034_survey_versions_in_the_browser::Migration),
            Box::new(m20261204_000025_create_second_factors::Migration),
            Box::new(m20261205_000035_display_language::Migration),
            Box::new(m20261205_000036_legacy_report_keys_day_first::Migration),
            Box::new(m20261206_000037_reports_unique_by_day::Migration),
            Box::new(m20261206_000038_report_totals_by_area_and_day::Migration),
        ]
    }
}
