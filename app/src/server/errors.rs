//! The boundary where internal errors become [`AppError::Internal`]: the
//! detail is logged here, once, and the client only gets the generic message.

use crate::domain::error::AppError;
use sea_orm::{DbErr, SqlErr};

/// Logs a database error and hides it. A unique-constraint violation is an
/// expected outcome and becomes `Conflict` with `conflict_message`.
pub fn db_error(err: DbErr, conflict_message: Option<&str>) -> AppError {
    if let (Some(SqlErr::UniqueConstraintViolation(_)), Some(msg)) = (err.sql_err(), conflict_message) {
        return AppError::Conflict(msg.to_owned());
    }
    tracing::error!(error = %err, "database error");
    AppError::Internal
}

impl From<DbErr> for AppError {
    fn from(err: DbErr) -> Self {
        db_error(err, None)
    }
}

/// Logs any other internal failure (a panicked blocking task, IO) and hides it.
pub fn internal(what: &str, err: impl std::fmt::Display) -> AppError {
    tracing::error!(error = %err, "{what}");
    AppError::Internal
}
