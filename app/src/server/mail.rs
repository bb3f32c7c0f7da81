//! Mail: the outbox and its worker.
//!
//! Services never send mail themselves: they [`enqueue`] it with the same
//! transaction as the change that causes it, so a mail exists exactly when
//! its cause was committed. [`deliver_due`] (run every few seconds by the
//! worker that `gmis serve` starts) claims due mails, sends them through the
//! [`Mailer`] and marks them sent. A mail the server refuses is retried with
//! exponential backoff; a mail server that cannot be reached is the server's
//! fault, not the mail's: the pass stops at the first such failure, leaves
//! the other mails as they were and tries again [`SERVER_RETRY`] later, so an
//! SMTP outage of any length delays mail by at most that much after the
//! server is back, and loses none. A claim runs out
//! after [`CLAIM`], so a crashed worker's mails are picked up by another
//! instance; only a crash between the SMTP server accepting a mail and the
//! row being marked can repeat one, and each mail carries a stable
//! Message-ID (`<outbox-ID@gmis>`) for receivers to recognise it.

use crate::domain::error::AppError;
use crate::server::entities::mail;
use crate::server::jobs::{Stop, run_every};
use chrono::{DateTime, Duration, Utc};
use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sea_orm::sea_query::{Condition, Expr};
use sea_orm::{
    ActiveValue::NotSet, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use std::path::PathBuf;

/// How long a worker owns a mail it is sending.
pub const CLAIM: Duration = Duration::minutes(2);
/// Mails taken per pass.
const BATCH: u64 = 50;
/// When a mail is tried again after the mail server could not be reached.
pub const SERVER_RETRY: Duration = Duration::seconds(30);

/// A mail to write into the outbox.
#[derive(Clone, Debug)]
pub struct OutgoingMail {
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// Writes `mail` into the outbox through `conn` (use the transaction of the
/// change that causes the mail).
pub async fn enqueue(conn: &impl ConnectionTrait, mail: OutgoingMail) -> Result<(), AppError> {
    mail::Entity::insert(queued(mail, Utc::now())).exec_without_returning(conn).await?;
    Ok(())
}

/// Writes many mails into the outbox through `conn`, a few hundred rows per
/// statement (one mail per reader of a notice can be thousands).
pub async fn enqueue_all(conn: &impl ConnectionTrait, mails: Vec<OutgoingMail>) -> Result<(), AppError> {
    let now = Utc::now();
    let mut rows = mails.into_iter().map(|m| queued(m, now)).peekable();
    while rows.peek().is_some() {
        let chunk: Vec<mail::ActiveModel> = rows.by_ref().take(500).collect();
        mail::Entity::insert_many(chunk).exec_without_returning(conn).await?;
    }
    Ok(())
}

fn queued(mail: OutgoingMail, now: DateTime<Utc>) -> mail::ActiveModel {
    mail::ActiveModel {
        id: NotSet,
        to_address: Set(mail.to),
        subject: Set(mail.subject),
        body: Set(mail.body),
        created_at: Set(now),
        attempts: Set(0),
        next_attempt_at: Set(now),
        claimed_until: Set(None),
        sent_at: Set(None),
        last_error: Set(None),
    }
}

/// Wait before attempt `attempts + 1`: 30 s, 1 min, 2 min … at most 1 hour.
pub fn backoff(attempts: i32) -> Duration {
    let exp = attempts.clamp(1, 8) - 1;
    Duration::seconds(30 * (1i64 << exp)).min(Duration::hours(1))
}

/// Mails not sent yet: how many, and when the oldest of them was queued
/// (what `/metrics` shows, so that an operator sees an SMTP outage grow).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Backlog {
    pub unsent: u64,
    pub oldest: Option<DateTime<Utc>>,
}

/// The outbox's [`Backlog`]: every mail without `sent_at`, whether it waits
/// for its first attempt or for a retry.
pub async fn backlog(db: &DatabaseConnection) -> Result<Backlog, AppError> {
    let unsent = mail::Entity::find().filter(mail::Column::SentAt.is_null()).count(db).await?;
    let oldest = mail::Entity::find()
        .select_only()
        .column(mail::Column::CreatedAt)
        .filter(mail::Column::SentAt.is_null())
        .order_by_asc(mail::Column::CreatedAt)
        .into_tuple::<DateTime<Utc>>()
        .one(db)
        .await?;
    Ok(Backlog { unsent, oldest })
}

/// How the SMTP connection is secured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SmtpSecurity {
    /// Plain connection (a relay on the same host or network only).
    None,
    /// STARTTLS upgrade (port 587).
    StartTls,
    /// TLS from the first byte (port 465).
    Tls,
}

/// SMTP settings (from `GMIS_SMTP_*`).
#[derive(Clone)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    pub username: Option<String>,
    pub password: Option<String>,
}

impl std::fmt::Debug for SmtpSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .finish_non_exhaustive()
    }
}

/// Where mail goes: an SMTP server, or `.eml` files in a folder (the default
/// for local use, so nothing needs a mail server to try G-MIS).
#[derive(Clone)]
pub enum Mailer {
    Smtp { transport: AsyncSmtpTransport<Tokio1Executor>, from: Mailbox },
    Files { transport: AsyncFileTransport<Tokio1Executor>, from: Mailbox },
}

impl Mailer {
    pub fn smtp(settings: &SmtpSettings, from: Mailbox) -> Result<Self, String> {
        let builder = match settings.security {
            SmtpSecurity::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&settings.host),
            SmtpSecurity::StartTls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&settings.host)
                .map_err(|e| format!("SMTP TLS: {e}"))?,
            SmtpSecurity::Tls => {
                AsyncSmtpTransport::<Tokio1Executor>::relay(&settings.host).map_err(|e| format!("SMTP TLS: {e}"))?
            }
        };
        let mut builder = builder.port(settings.port).timeout(Some(std::time::Duration::from_secs(15)));
        if let (Some(user), Some(pass)) = (&settings.username, &settings.password) {
            builder = builder.credentials(Credentials::new(user.clone(), pass.clone()));
        }
        Ok(Mailer::Smtp { transport: builder.build(), from })
    }

    pub fn files(dir: PathBuf, from: Mailbox) -> Result<Self, String> {
        std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        Ok(Mailer::Files { transport: AsyncFileTransport::new(dir), from })
    }

    fn from(&self) -> &Mailbox {
        match self {
            Mailer::Smtp { from, .. } | Mailer::Files { from, .. } => from,
        }
    }

    /// Sends one outbox row. The error text names no address or secret.
    pub async fn send(&self, row: &mail::Model) -> Result<(), SendFailure> {
        let to: Mailbox =
            row.to_address.parse().map_err(|_| SendFailure::Mail("invalid recipient address".to_owned()))?;
        let message = Message::builder()
            .from(self.from().clone())
            .to(to)
            .subject(row.subject.clone())
            .message_id(Some(format!("<outbox-{}@gmis>", row.id)))
            .header(ContentType::TEXT_PLAIN)
            .body(row.body.clone())
            .map_err(|e| SendFailure::Mail(format!("cannot build message: {e}")))?;
        match self {
            Mailer::Smtp { transport, .. } => transport.send(message).await.map(|_| ()).map_err(|e| {
                // An answer about this mail (4xx, 5xx) or a fault in building
                // it is the mail's; anything else — refused connection,
                // network, timeout, TLS — is the server's.
                if e.is_permanent() || e.is_transient() || e.is_client() {
                    SendFailure::Mail(e.to_string())
                } else {
                    SendFailure::Server(e.to_string())
                }
            }),
            // A folder that cannot be written is no fault of the mail.
            Mailer::Files { transport, .. } => {
                transport.send(message).await.map(|_| ()).map_err(|e| SendFailure::Server(e.to_string()))
            }
        }
    }
}

/// Why a mail was not sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SendFailure {
    /// This mail was refused or cannot be built: retried with [`backoff`].
    Mail(String),
    /// The mail server could not be reached: every mail waits for it.
    Server(String),
}

/// What one pass of the worker did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Delivery {
    pub sent: usize,
    pub failed: usize,
}

/// Sends every mail due at `now` that no other worker holds.
pub async fn deliver_due(db: &DatabaseConnection, mailer: &Mailer, now: DateTime<Utc>) -> Result<Delivery, AppError> {
    let unclaimed =
        || Condition::any().add(mail::Column::ClaimedUntil.is_null()).add(mail::Column::ClaimedUntil.lt(now));
    let due = mail::Entity::find()
        .filter(mail::Column::SentAt.is_null())
        .filter(mail::Column::NextAttemptAt.lte(now))
        .filter(unclaimed())
        // Longest waiting first: mails held back by an outage take turns.
        .order_by_asc(mail::Column::NextAttemptAt)
        .order_by_asc(mail::Column::Id)
        .limit(BATCH)
        .all(db)
        .await?;
    let mut result = Delivery::default();
    for row in due {
        let claim = mail::Entity::update_many()
            .col_expr(mail::Column::ClaimedUntil, Expr::value(now + CLAIM))
            .filter(mail::Column::Id.eq(row.id))
            .filter(mail::Column::SentAt.is_null())
            .filter(unclaimed())
            .exec(db)
            .await?;
        if claim.rows_affected != 1 {
            continue; // another worker took it
        }
        let attempts = row.attempts + 1;
        let outcome = mailer.send(&row).await;
        let mut update = mail::ActiveModel {
            id: Set(row.id),
            attempts: Set(attempts),
            claimed_until: Set(None),
            ..Default::default()
        };
        let server_down = matches!(outcome, Err(SendFailure::Server(_)));
        match outcome {
            Ok(()) => {
                update.sent_at = Set(Some(Utc::now()));
                update.last_error = Set(None);
                result.sent += 1;
            }
            Err(SendFailure::Mail(e)) => {
                tracing::warn!(mail_id = row.id, attempts, error = %e, "mail not sent; will retry");
                update.next_attempt_at = Set(now + backoff(attempts));
                update.last_error = Set(Some(e.chars().take(500).collect()));
                result.failed += 1;
            }
            Err(SendFailure::Server(e)) => {
                tracing::warn!(mail_id = row.id, attempts, error = %e, "mail server unreachable; will retry");
                update.next_attempt_at = Set(now + SERVER_RETRY);
                update.last_error = Set(Some(e.chars().take(500).collect()));
                result.failed += 1;
            }
        }
        mail::Entity::update(update).exec(db).await?;
        if server_down {
            break; // the other mails would fail the same way: leave them due
        }
    }
    Ok(result)
}

/// The worker of `gmis serve`: a pass every `every` until `stop`.
pub async fn run_worker(db: DatabaseConnection, mailer: Mailer, every: std::time::Duration, stop: Stop) {
    run_every(every, stop, || async {
        match deliver_due(&db, &mailer, Utc::now()).await {
            Ok(d) if d.sent + d.failed > 0 => tracing::info!(sent = d.sent, failed = d.failed, "mail outbox pass"),
            Ok(_) => {}
            Err(_) => tracing::warn!("mail outbox pass failed; retrying on the next tick"),
        }
    })
    .await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        assert_eq!(backoff(1), Duration::seconds(30));
        assert_eq!(backoff(2), Duration::seconds(60));
        assert_eq!(backoff(4), Duration::seconds(240));
        assert_eq!(backoff(8), Duration::seconds(3840).min(Duration::hours(1)));
        assert_eq!(backoff(50), Duration::hours(1));
    }
}
