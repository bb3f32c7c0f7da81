//! The boundary where internal errors become [`AppError::Internal`]: the
//! detail is logged here, once, and the client only gets the generic message.

use crate::domain::error::AppError;
use sea_orm::{DbErr, SqlErr};

/// Logs a database error and hides it. A unique-constraint violation is an
/// expected outcome and becomes `Conflict` with `conflict_message`; no
/// connection to be had (every one busy past the pool's wait, or the
/// database unreachable) is `Unavailable`: 503, try again shortly.
pub fn db_error(err: DbErr, conflict_message: Option<&str>) -> AppError {
    if let (Some(SqlErr::UniqueConstraintViolation(_)), Some(msg)) = (err.sql_err(), conflict_message) {
        return AppError::Conflict(msg.to_owned());
    }
    if is_unavailable(&err) {
        tracing::warn!(error = %err, "no database connection");
        return AppError::Unavailable;
    }
    tracing::error!(error = %err, "database error");
    AppError::Internal
}

/// Whether `err` says the database could not be reached, rather than that a
/// statement failed.
fn is_unavailable(err: &DbErr) -> bool {
    use sea_orm::RuntimeErr;
    use sea_orm::sqlx::Error as Sqlx;
    match err {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => true,
        DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)) => match &**e {
            Sqlx::Io(_) | Sqlx::PoolTimedOut | Sqlx::PoolClosed | Sqlx::WorkerCrashed => true,
            // PostgreSQL ending the session (57P01 an operator's shutdown or
            // restart, 57P02 a crash, 57P03 not accepting connections yet)
            // or a connection exception (class 08).
            Sqlx::Database(db) => db.code().is_some_and(|c| c.starts_with("57P") || c.starts_with("08")),
            _ => false,
        },
        _ => false,
    }
}

/// API handlers return `AppError` directly: its status and a JSON body with
/// the generic Japanese message (and per-field messages for validation).
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        let status = http::StatusCode::from_u16(self.status_code()).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        let fields = match &self {
            AppError::Validation(fields) => Some(fields.clone()),
            _ => None,
        };
        let body = serde_json::json!({ "error": self.message(), "fields": fields });
        (status, axum::Json(body)).into_response()
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use axum::response::IntoResponse;

    #[test]
    fn internal_errors_answer_500_with_the_generic_message_only() {
        let err = internal("boom", "secret detail: /var/lib/db");
        let res = err.clone().into_response();
        assert_eq!(res.status(), http::StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(err, AppError::Internal);
        assert!(!err.message().contains("secret"));
    }

    #[test]
    fn no_connection_is_503_and_a_failed_statement_500() {
        use sea_orm::ConnAcquireErr;
        assert_eq!(db_error(DbErr::ConnectionAcquire(ConnAcquireErr::Timeout), None), AppError::Unavailable);
        let io = std::io::Error::new(std::io::ErrorKind::ConnectionReset, "reset");
        let dropped = DbErr::Query(sea_orm::RuntimeErr::SqlxError(std::sync::Arc::new(sea_orm::sqlx::Error::Io(io))));
        assert_eq!(db_error(dropped, None), AppError::Unavailable);
        assert_eq!(db_error(DbErr::Custom("syntax error".into()), None), AppError::Internal);
    }

    #[test]
    fn validation_errors_answer_422() {
        let err = AppError::Validation(crate::domain::error::FieldErrors::from([("x".into(), "y".into())]));
        assert_eq!(err.into_response().status(), http::StatusCode::UNPROCESSABLE_ENTITY);
    }
}
