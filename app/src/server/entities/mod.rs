//! sea-orm entities, one per table. They never leave `crate::server`:
//! services convert them into domain types before returning.

pub mod aggregator;
pub mod api_token;
pub mod attachment;
pub mod audit_log;
pub mod centre;
pub mod download;
pub mod facility;
pub mod faq;
pub mod inquiry;
pub mod inquiry_message;
pub mod known_device;
pub mod legacy_row;
pub mod legacy_run;
pub mod letter;
pub mod mail;
pub mod maintenance_window;
pub mod membership;
pub mod municipality;
pub mod notice;
pub mod notice_read;
pub mod password_token;
pub mod prefecture;
pub mod reminder;
pub mod report;
pub mod report_revision;
pub mod report_total;
pub mod session;
pub mod sos_event;
pub mod sos_line;
pub mod sos_request;
pub mod survey_version;
pub mod user;
pub mod webhook_delivery;
pub mod webhook_subscription;
