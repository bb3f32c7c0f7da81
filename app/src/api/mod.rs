//! Server functions, one file per feature. Each is a public HTTP endpoint:
//! it gets its context, authenticates and authorizes, calls one service and
//! maps the result — nothing more.

pub mod account;
pub mod account_admin;
pub mod api_tokens;
pub mod area;
pub mod audit_trail;
pub mod faq;
pub mod helpdesk;
pub mod inquiries;
pub mod letters;
pub mod maintenance;
pub mod memberships;
pub mod notices;
pub mod passwords;
pub mod registration;
pub mod reports;
pub mod session;
pub mod supplies;
pub mod survey_admin;

/// The server functions that take a multipart form. The router refuses any
/// other body there before the server function sees it: the multipart
/// decoder of server functions cannot fail politely.
pub const MULTIPART_PATHS: [&str; 4] =
    [registration::UPLOAD_PATH, notices::ATTACH_PATH, inquiries::OPEN_PATH, inquiries::REPLY_PATH];
