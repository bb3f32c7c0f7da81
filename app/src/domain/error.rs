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
    /// The request could not be read as the call's input (malformed JSON or
    /// form data, wrong types, invalid UTF-8, missing fields): the client's
    /// fault, and nothing was changed.
    #[error("bad request")]
    BadRequest,
    /// The request body is over the size the server accepts.
    #[error("payload too large")]
    TooLarge,
    /// Too many attempts from this client, or the password queue is full:
    /// try again after the `Retry-After` the answer names.
    #[error("too many requests")]
    TooManyRequests,
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

    /// The error with a fixed text in place of every text that names the
    /// input or the state (a field's message, a conflict's): what may travel
    /// in an address, where anyone could have written it (the error of a
    /// form posted without JavaScript, `components::posted_error`). The
    /// fields stay named, so the form still marks them.
    pub fn with_fixed_text(self) -> Self {
        let t = i18n::t();
        match self {
            AppError::Validation(fields) => {
                AppError::Validation(fields.into_keys().map(|k| (k, t.error_posted_invalid.to_owned())).collect())
            }
            AppError::Conflict(_) => AppError::Conflict(t.error_posted_conflict.to_owned()),
            other => other,
        }
    }

    /// The HTTP status this error answers with.
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::Unauthenticated => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Validation(_) => 422,
            AppError::Conflict(_) => 409,
            AppError::BadRequest => 400,
            AppError::TooLarge => 413,
            AppError::TooManyRequests => 429,
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
            AppError::BadRequest => t.error_bad_request.to_owned(),
            AppError::TooLarge => t.error_too_large.to_owned(),
            AppError::TooManyRequests => t.error_too_many_requests.to_owned(),
            AppError::Unavailable => t.error_unavailable.to_owned(),
            AppError::Internal => t.error_internal.to_owned(),
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    /// In the browser, a failed transport (network down, an answer that
    /// cannot be read) is `Unavailable` or `Internal`. On the server these
    /// errors mean the request could not be decoded — the client's fault:
    /// 400, or 413 for a body over the limit, never a 5xx.
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        #[cfg(feature = "ssr")]
        {
            // The status goes on the response through the request's context
            // (the decoder answers 500 otherwise).
            crate::server::context::respond(AppError::of_undecodable_request(&value))
        }
        #[cfg(not(feature = "ssr"))]
        match value {
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => AppError::Unavailable,
            _ => AppError::Internal,
        }
    }
}

impl AppError {
    /// What a request the server could not decode deserves: 413 when its
    /// body was over the limit, 400 for anything else the client sent wrong
    /// (malformed JSON or form data, wrong types, invalid UTF-8, a missing
    /// field, a wrong method); 500 only for failures on our side.
    pub fn of_undecodable_request(value: &ServerFnErrorErr) -> AppError {
        match value {
            ServerFnErrorErr::Request(detail) | ServerFnErrorErr::Deserialization(detail)
                if detail.contains("length limit exceeded") =>
            {
                AppError::TooLarge
            }
            ServerFnErrorErr::Request(_)
            | ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::Deserialization(_)
            | ServerFnErrorErr::UnsupportedRequestMethod(_) => AppError::BadRequest,
            _ => AppError::Internal,
        }
    }
}
