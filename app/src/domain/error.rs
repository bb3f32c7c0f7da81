//! The one error type every server function, API handler and service returns.
//! Its messages are the catalogue's generic Japanese texts: internal detail is
//! logged once where it happens (`crate::server::errors`) and never sent.

use crate::i18n;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Per-field validation messages (field name → Japanese message).
pub type FieldErrors = BTreeMap<String, String>;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// No valid session: the user must log in (again).
    #[error("unauthenticated")]
    Unauthenticated,
    /// Logged in, but the thing is outside the user's role or jurisdiction.
    /// Deliberately the same answer whether or not the thing exists.
    #[error("forbidden")]
    Forbidden,
    /// The thing does not exist within what the user may see.
    #[error("not found")]
    NotFound,
    /// Input was refused; nothing was changed. Messages are per field.
    #[error("validation failed")]
    Validation(FieldErrors),
    /// The change collides with the current state (a duplicate, a stale
    /// revision); the message says what to do.
    #[error("conflict")]
    Conflict(String),
    /// Closed for maintenance or overloaded; try again later.
    #[error("unavailable")]
    Unavailable,
    /// Something broke on our side. The detail is in the server log under the
    /// request id; the client only learns that it was not their fault.
    #[error("internal error")]
    Internal,
}

impl AppError {
    /// A refusal of one field, with its Japanese message.
    pub fn field(field: &str, message: &str) -> Self {
        AppError::Validation(FieldErrors::from([(field.to_owned(), message.to_owned())]))
    }

    /// The HTTP status this error answers with.
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::Unauthenticated => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Validation(_) => 422,
            AppError::Conflict(_) => 409,
            AppError::Unavailable => 503,
            AppError::Internal => 500,
        }
    }

    /// The Japanese message for the user.
    pub fn message(&self) -> String {
        let t = i18n::t();
        match self {
            AppError::Unauthenticated => t.error_unauthenticated.to_owned(),
            AppError::Forbidden => t.error_forbidden.to_owned(),
            AppError::NotFound => t.error_not_found.to_owned(),
            AppError::Validation(_) => t.error_validation.to_owned(),
            AppError::Conflict(msg) => msg.clone(),
            AppError::Unavailable => t.error_unavailable.to_owned(),
            AppError::Internal => t.error_internal.to_owned(),
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    /// Transport failures (network down, bad encoding) are not the user's
    /// input being wrong: they surface as `Unavailable` or `Internal`.
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => AppError::Unavailable,
            _ => AppError::Internal,
        }
    }
}
