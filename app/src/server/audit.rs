//! The audit log (SPEC §12): who did what, to what, when, with what result.
//! Write it with the same connection or transaction as the change it records,
//! so that the change and its record commit together.

use crate::server::entities::audit_log;
use chrono::{Timelike, Utc};
use migration::audit_chain::{ChainFields, GENESIS, row_hash};
use sea_orm::{
    ActiveValue::NotSet, ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, Statement, TransactionSession, TransactionTrait,
};

/// What happened. Stored as [`AuditAction::code`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuditAction {
    LoginSucceeded,
    LoginFailed,
    /// The failure that locked the account.
    AccountLocked,
    Logout,
    AccountCreated,
    /// A request reached something outside the caller's role or scope.
    AccessDenied,
    /// A password was set through a one-time link.
    PasswordSet,
    /// "Forgot password" mailed a reset link.
    PasswordResetRequested,
    /// "Forgot password" was asked too often; no mail was sent.
    PasswordResetThrottled,
    /// Postal letters were marked printed.
    LettersPrinted,
    /// A user changed their own password.
    PasswordChanged,
    /// A password change was refused: the current password was wrong.
    PasswordChangeRefused,
    /// An administrator mailed an account a new password link.
    LinkResent,
    /// An administrator unlocked an account.
    AccountUnlocked,
    /// An administrator disabled an account (its sessions ended).
    AccountDisabled,
    /// Sessions were ended from a sessions list (by their user or an
    /// administrator): how many and which in the detail.
    SessionsEnded,
    /// An administrator corrected an account's e-mail address (old → new in the detail).
    EmailChanged,
    /// A facility joined an association from a date.
    MembershipAdded,
    /// A membership was given its last day.
    MembershipEnded,
    /// A report was saved for the first time (or as "nothing to report").
    ReportSubmitted,
    /// A report was amended: old and new values and the reason are in the detail.
    ReportAmended,
    /// An SOS request was made (by the facility or on its behalf).
    SosRequested,
    /// An SOS request changed state: from, to and the step's details.
    SosStepTaken,
    /// A reviewer downloaded a batch of SOS requests as CSV.
    SosDownloaded,
    /// A maintenance window was scheduled (in the browser or from the shell).
    MaintenanceScheduled,
    /// A maintenance window's times or message were changed (old → new in the detail).
    MaintenanceChanged,
    /// A maintenance window was cancelled before it started.
    MaintenanceCancelled,
    /// A running maintenance window was ended early from the shell.
    MaintenanceEnded,
    /// A notice was written (a draft) or changed.
    NoticeCreated,
    NoticeChanged,
    /// A notice was published or scheduled.
    NoticePublished,
    NoticeWithdrawn,
    AttachmentAdded,
    AttachmentRemoved,
    InquiryOpened,
    /// A helpdesk step or a user's reply on an inquiry.
    InquiryStepTaken,
    FaqCreated,
    /// The helpdesk changed a FAQ entry's category, question or answer.
    FaqEdited,
    /// The helpdesk moved a FAQ entry up or down the list.
    FaqMoved,
    /// The helpdesk took a FAQ entry out of users' sight.
    FaqRetired,
    /// The helpdesk brought a retired FAQ entry back.
    FaqRestored,
    /// A ministry admin added a survey version in the browser.
    SurveyVersionAdded,
    /// A ministry admin issued an API token to an account (name and scopes in the detail).
    ApiTokenIssued,
    /// An API token was revoked.
    ApiTokenRevoked,
    /// A request to `/api/v1` carried a missing, unknown, expired or revoked
    /// token, or one without the scope the operation needs.
    ApiTokenRefused,
    /// An API client read reports of its area (filters and count in the detail).
    ApiPulled,
    /// A webhook endpoint was registered (URL and events in the detail).
    WebhookRegistered,
    WebhookRemoved,
    /// An endpoint that failed for a day was disabled (its owner was mailed).
    WebhookDisabled,
    /// A record carried over from the previous system was updated because
    /// its row changed in the export (reason 「移行データ更新」, old → new).
    LegacyRecordUpdated,
    /// `gmis legacy import` finished: the summary per file is in the detail.
    LegacyImported,
    /// A batch of reports carried over by `gmis legacy import` (file, lines,
    /// count and report numbers in the detail; each report's values are its
    /// first revision, reason 「移行」).
    LegacyReportsImported,
    /// A user confirmed a TOTP authenticator (recovery codes were made).
    TotpEnrolled,
    /// The second step of a login was refused: a wrong or replayed code.
    TotpFailed,
    /// A login's second step was passed with a recovery code (now used up).
    RecoveryCodeUsed,
    /// An administrator or the helpdesk removed an account's second factor (reason in the detail).
    SecondFactorReset,
    /// The audit trail was downloaded as CSV (the filters in the detail).
    AuditDownloaded,
    /// A user registered a passkey (its name in the detail).
    PasskeyRegistered,
    /// A user removed one of their passkeys.
    PasskeyRemoved,
    /// A passkey sign-in was refused: an assertion that does not verify, an
    /// unknown credential, or a passkey of another account than the one named.
    PasskeyFailed,
}

impl AuditAction {
    pub const fn code(self) -> &'static str {
        match self {
            AuditAction::LoginSucceeded => "login.succeeded",
            AuditAction::LoginFailed => "login.failed",
            AuditAction::AccountLocked => "account.locked",
            AuditAction::Logout => "logout",
            AuditAction::AccountCreated => "account.created",
            AuditAction::AccessDenied => "access.denied",
            AuditAction::PasswordSet => "password.set",
            AuditAction::PasswordResetRequested => "password.reset_requested",
            AuditAction::PasswordResetThrottled => "password.reset_throttled",
            AuditAction::LettersPrinted => "letters.printed",
            AuditAction::PasswordChanged => "password.changed",
            AuditAction::PasswordChangeRefused => "password.change_refused",
            AuditAction::LinkResent => "account.link_resent",
            AuditAction::AccountUnlocked => "account.unlocked",
            AuditAction::AccountDisabled => "account.disabled",
            AuditAction::SessionsEnded => "sessions.ended",
            AuditAction::EmailChanged => "account.email_changed",
            AuditAction::MembershipAdded => "membership.added",
            AuditAction::MembershipEnded => "membership.ended",
            AuditAction::ReportSubmitted => "report.submitted",
            AuditAction::ReportAmended => "report.amended",
            AuditAction::SosRequested => "sos.requested",
            AuditAction::SosStepTaken => "sos.step",
            AuditAction::SosDownloaded => "sos.downloaded",
            AuditAction::MaintenanceScheduled => "maintenance.scheduled",
            AuditAction::MaintenanceChanged => "maintenance.changed",
            AuditAction::MaintenanceCancelled => "maintenance.cancelled",
            AuditAction::MaintenanceEnded => "maintenance.ended",
            AuditAction::NoticeCreated => "notice.created",
            AuditAction::NoticeChanged => "notice.changed",
            AuditAction::NoticePublished => "notice.published",
            AuditAction::NoticeWithdrawn => "notice.withdrawn",
            AuditAction::AttachmentAdded => "attachment.added",
            AuditAction::AttachmentRemoved => "attachment.removed",
            AuditAction::InquiryOpened => "inquiry.opened",
            AuditAction::InquiryStepTaken => "inquiry.step",
            AuditAction::FaqCreated => "faq.created",
            AuditAction::FaqEdited => "faq.edited",
            AuditAction::FaqMoved => "faq.moved",
            AuditAction::FaqRetired => "faq.retired",
            AuditAction::FaqRestored => "faq.restored",
            AuditAction::SurveyVersionAdded => "survey.version_added",
            AuditAction::ApiTokenIssued => "api_token.issued",
            AuditAction::ApiTokenRevoked => "api_token.revoked",
            AuditAction::ApiTokenRefused => "api_token.refused",
            AuditAction::ApiPulled => "api.pulled",
            AuditAction::WebhookRegistered => "webhook.registered",
            AuditAction::WebhookRemoved => "webhook.removed",
            AuditAction::WebhookDisabled => "webhook.disabled",
            AuditAction::LegacyRecordUpdated => "legacy.updated",
            AuditAction::LegacyImported => "legacy.imported",
            AuditAction::LegacyReportsImported => "legacy.reports",
            AuditAction::TotpEnrolled => "totp.enrolled",
            AuditAction::TotpFailed => "totp.failed",
            AuditAction::RecoveryCodeUsed => "recovery_code.used",
            AuditAction::SecondFactorReset => "second_factor.reset",
            AuditAction::AuditDownloaded => "audit.downloaded",
            AuditAction::PasskeyRegistered => "passkey.registered",
            AuditAction::PasskeyRemoved => "passkey.removed",
            AuditAction::PasskeyFailed => "passkey.failed",
        }
    }

    /// Every action, for the audit trail viewer's filter. A new variant
    /// fails to compile in [`AuditAction::listed`] until it is added here.
    pub const ALL: [AuditAction; 60] = [
        AuditAction::LoginSucceeded,
        AuditAction::LoginFailed,
        AuditAction::AccountLocked,
        AuditAction::Logout,
        AuditAction::AccountCreated,
        AuditAction::AccessDenied,
        AuditAction::PasswordSet,
        AuditAction::PasswordResetRequested,
        AuditAction::PasswordResetThrottled,
        AuditAction::LettersPrinted,
        AuditAction::PasswordChanged,
        AuditAction::PasswordChangeRefused,
        AuditAction::LinkResent,
        AuditAction::AccountUnlocked,
        AuditAction::AccountDisabled,
        AuditAction::SessionsEnded,
        AuditAction::EmailChanged,
        AuditAction::MembershipAdded,
        AuditAction::MembershipEnded,
        AuditAction::ReportSubmitted,
        AuditAction::ReportAmended,
        AuditAction::SosRequested,
        AuditAction::SosStepTaken,
        AuditAction::SosDownloaded,
        AuditAction::MaintenanceScheduled,
        AuditAction::MaintenanceChanged,
        AuditAction::MaintenanceCancelled,
        AuditAction::MaintenanceEnded,
        AuditAction::NoticeCreated,
        AuditAction::NoticeChanged,
        AuditAction::NoticePublished,
        AuditAction::NoticeWithdrawn,
        AuditAction::AttachmentAdded,
        AuditAction::AttachmentRemoved,
        AuditAction::InquiryOpened,
        AuditAction::InquiryStepTaken,
        AuditAction::FaqCreated,
        AuditAction::FaqEdited,
        AuditAction::FaqMoved,
        AuditAction::FaqRetired,
        AuditAction::FaqRestored,
        AuditAction::SurveyVersionAdded,
        AuditAction::ApiTokenIssued,
        AuditAction::ApiTokenRevoked,
        AuditAction::ApiTokenRefused,
        AuditAction::ApiPulled,
        AuditAction::WebhookRegistered,
        AuditAction::WebhookRemoved,
        AuditAction::WebhookDisabled,
        AuditAction::LegacyRecordUpdated,
        AuditAction::LegacyImported,
        AuditAction::LegacyReportsImported,
        AuditAction::TotpEnrolled,
        AuditAction::TotpFailed,
        AuditAction::RecoveryCodeUsed,
        AuditAction::SecondFactorReset,
        AuditAction::AuditDownloaded,
        AuditAction::PasskeyRegistered,
        AuditAction::PasskeyRemoved,
        AuditAction::PasskeyFailed,
    ];

    /// Whether `self` is in [`AuditAction::ALL`]; its exhaustive match is
    /// what makes a forgotten variant a compile error.
    pub const fn listed(self) -> bool {
        match self {
            AuditAction::LoginSucceeded
            | AuditAction::LoginFailed
            | AuditAction::AccountLocked
            | AuditAction::Logout
            | AuditAction::AccountCreated
            | AuditAction::AccessDenied
            | AuditAction::PasswordSet
            | AuditAction::PasswordResetRequested
            | AuditAction::PasswordResetThrottled
            | AuditAction::LettersPrinted
            | AuditAction::PasswordChanged
            | AuditAction::PasswordChangeRefused
            | AuditAction::LinkResent
            | AuditAction::AccountUnlocked
            | AuditAction::AccountDisabled
            | AuditAction::SessionsEnded
            | AuditAction::EmailChanged
            | AuditAction::MembershipAdded
            | AuditAction::MembershipEnded
            | AuditAction::ReportSubmitted
            | AuditAction::ReportAmended
            | AuditAction::SosRequested
            | AuditAction::SosStepTaken
            | AuditAction::SosDownloaded
            | AuditAction::MaintenanceScheduled
            | AuditAction::MaintenanceChanged
            | AuditAction::MaintenanceCancelled
            | AuditAction::MaintenanceEnded
            | AuditAction::NoticeCreated
            | AuditAction::NoticeChanged
            | AuditAction::NoticePublished
            | AuditAction::NoticeWithdrawn
            | AuditAction::AttachmentAdded
            | AuditAction::AttachmentRemoved
            | AuditAction::InquiryOpened
            | AuditAction::InquiryStepTaken
            | AuditAction::FaqCreated
            | AuditAction::FaqEdited
            | AuditAction::FaqMoved
            | AuditAction::FaqRetired
            | AuditAction::FaqRestored
            | AuditAction::SurveyVersionAdded
            | AuditAction::ApiTokenIssued
            | AuditAction::ApiTokenRevoked
            | AuditAction::ApiTokenRefused
            | AuditAction::ApiPulled
            | AuditAction::WebhookRegistered
            | AuditAction::WebhookRemoved
            | AuditAction::WebhookDisabled
            | AuditAction::LegacyRecordUpdated
            | AuditAction::LegacyImported
            | AuditAction::LegacyReportsImported
            | AuditAction::TotpEnrolled
            | AuditAction::TotpFailed
            | AuditAction::RecoveryCodeUsed
            | AuditAction::SecondFactorReset
            | AuditAction::AuditDownloaded
            | AuditAction::PasskeyRegistered
            | AuditAction::PasskeyRemoved
            | AuditAction::PasskeyFailed => true,
        }
    }

    /// The action stored as `code`.
    pub fn from_code(code: &str) -> Option<AuditAction> {
        AuditAction::ALL.into_iter().find(|a| a.code() == code)
    }

    fn outcome(self) -> &'static str {
        match self {
            AuditAction::LoginFailed
            | AuditAction::AccountLocked
            | AuditAction::AccessDenied
            | AuditAction::PasswordResetThrottled
            | AuditAction::PasswordChangeRefused
            | AuditAction::ApiTokenRefused
            | AuditAction::PasskeyFailed => "refused",
            _ => "ok",
        }
    }
}

/// One audit row to write.
#[derive(Clone, Debug)]
pub struct AuditEntry {
    pub action: AuditAction,
    pub actor_user_id: Option<i32>,
    /// The actor's login ID, or the ID typed at a failed login.
    pub actor_label: String,
    pub target: Option<(&'static str, String)>,
    /// JSON with old → new values or a reason. Never a password or token.
    pub detail: Option<serde_json::Value>,
    pub ip: Option<String>,
}

impl AuditEntry {
    pub fn new(action: AuditAction, actor_user_id: Option<i32>, actor_label: impl Into<String>) -> Self {
        let mut label: String = actor_label.into();
        label.truncate(label.char_indices().nth(64).map_or(label.len(), |(i, _)| i));
        Self { action, actor_user_id, actor_label: label, target: None, detail: None, ip: None }
    }

    pub fn ip(mut self, ip: Option<String>) -> Self {
        self.ip = ip;
        self
    }

    pub fn target(mut self, kind: &'static str, id: impl Into<String>) -> Self {
        self.target = Some((kind, id.into()));
        self
    }
}

/// Inserts `entry` through `conn` (a connection or an open transaction).
pub async fn record<C: ConnectionTrait + TransactionTrait>(conn: &C, entry: AuditEntry) -> Result<(), DbErr> {
    record_all(conn, vec![entry]).await
}

/// The key of the PostgreSQL advisory lock that writers of audit rows take
/// (for the rest of their transaction) before reading the last hash.
const CHAIN_LOCK_KEY: i64 = 0x676d_6973_6175_6474; // "gmisaudt"

/// Writes many audit rows (a bulk's saved reports) in a few statements,
/// each carrying its link of the hash chain.
///
/// The chain must never fork, so the last hash is read and the new rows
/// inserted while no other writer can do the same: inside a transaction
/// (a savepoint when `conn` is one already) that on PostgreSQL first takes
/// a transaction-scoped advisory lock (held until the caller's transaction
/// ends, so concurrent writers of audit rows queue there), and on SQLite
/// first writes the one-row `audit_write_lock`, which takes SQLite's write
/// lock before the read (a read first could not be upgraded to a write if
/// another connection committed in between). One read of the last hash per
/// call; the batch's hashes are computed here.
pub async fn record_all<C: ConnectionTrait + TransactionTrait>(
    conn: &C,
    entries: Vec<AuditEntry>,
) -> Result<(), DbErr> {
    if entries.is_empty() {
        return Ok(());
    }
    // Whole microseconds: what both databases keep exactly, so the value
    // read back (and hashed by `gmis audit verify`) is the one hashed here.
    let now = Utc::now();
    let at = now.with_nanosecond(now.nanosecond() / 1000 * 1000).unwrap_or(now);
    let txn = conn.begin().await?;
    let backend = txn.get_database_backend();
    match backend {
        DbBackend::Postgres => {
            txn.execute_raw(Statement::from_sql_and_values(
                backend,
                "SELECT pg_advisory_xact_lock($1)",
                [CHAIN_LOCK_KEY.into()],
            ))
            .await?;
        }
        _ => {
            txn.execute_unprepared("UPDATE audit_write_lock SET n = n + 1 WHERE id = 1").await?;
        }
    }
    let last = txn
        .query_one_raw(Statement::from_string(backend, "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1"))
        .await?;
    let mut prev = match last {
        Some(row) => row.try_get::<Option<String>>("", "hash")?.unwrap_or_else(|| GENESIS.to_owned()),
        None => GENESIS.to_owned(),
    };
    let mut rows = entries.into_iter().map(|entry| {
        let (target_kind, target_id) = entry.target.map_or((None, None), |(k, id)| (Some(k.to_owned()), Some(id)));
        let detail = entry.detail.map(|d| d.to_string());
        let action = entry.action.code();
        let outcome = entry.action.outcome();
        let hash = row_hash(
            &prev,
            &ChainFields {
                at,
                actor_user_id: entry.actor_user_id,
                actor_label: &entry.actor_label,
                action,
                outcome,
                target_kind: target_kind.as_deref(),
                target_id: target_id.as_deref(),
                detail: detail.as_deref(),
                ip: entry.ip.as_deref(),
            },
        );
        prev.clone_from(&hash);
        audit_log::ActiveModel {
            id: NotSet,
            at: Set(at),
            actor_user_id: Set(entry.actor_user_id),
            actor_label: Set(entry.actor_label),
            action: Set(action.to_owned()),
            outcome: Set(outcome.to_owned()),
            target_kind: Set(target_kind),
            target_id: Set(target_id),
            detail: Set(detail),
            ip: Set(entry.ip),
            hash: Set(Some(hash)),
        }
    });
    // Eleven values a row: 500 rows stay well inside every bind limit. The
    // database numbers a statement's rows in the order given, which is the
    // chain's order.
    loop {
        let chunk: Vec<_> = rows.by_ref().take(500).collect();
        if chunk.is_empty() {
            break;
        }
        audit_log::Entity::insert_many(chunk).exec_without_returning(&txn).await?;
    }
    txn.commit().await
}

/// Rows read per page by [`verify`].
const VERIFY_PAGE: u64 = 1000;

/// What [`verify`] found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChainReport {
    /// Every row's hash matches; `rows` rows checked.
    Intact { rows: u64 },
    /// The first row whose link does not hold, after `verified` good rows.
    Broken { id: i64, problem: String, verified: u64 },
}

/// Walks the audit log in `id` order, a page at a time, and checks every
/// row's hash against its fields and the previous row's hash.
pub async fn verify(db: &impl ConnectionTrait) -> Result<ChainReport, DbErr> {
    let mut prev = GENESIS.to_owned();
    let mut after = 0i64;
    let mut verified = 0u64;
    loop {
        let page = audit_log::Entity::find()
            .filter(audit_log::Column::Id.gt(after))
            .order_by_asc(audit_log::Column::Id)
            .limit(VERIFY_PAGE)
            .all(db)
            .await?;
        if page.is_empty() {
            return Ok(ChainReport::Intact { rows: verified });
        }
        for row in page {
            let Some(stored) = row.hash.as_deref() else {
                return Ok(ChainReport::Broken { id: row.id, problem: "hash is missing".to_owned(), verified });
            };
            let expected = row_hash(
                &prev,
                &ChainFields {
                    at: row.at,
                    actor_user_id: row.actor_user_id,
                    actor_label: &row.actor_label,
                    action: &row.action,
                    outcome: &row.outcome,
                    target_kind: row.target_kind.as_deref(),
                    target_id: row.target_id.as_deref(),
                    detail: row.detail.as_deref(),
                    ip: row.ip.as_deref(),
                },
            );
            if expected != stored {
                return Ok(ChainReport::Broken {
                    id: row.id,
                    problem: "stored hash does not match the row's fields and the previous row's hash \
                              (this row was changed, or a row before it was changed, removed or inserted)"
                        .to_owned(),
                    verified,
                });
            }
            prev = stored.to_owned();
            after = row.id;
            verified += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn row(at: chrono::DateTime<Utc>) -> ChainFields<'static> {
        ChainFields {
            at,
            actor_user_id: Some(42),
            actor_label: "DEMHSP22",
            action: "report.amended",
            outcome: "ok",
            target_kind: Some("report"),
            target_id: Some("17"),
            detail: Some(r#"{"old":"1","new":"2"}"#),
            ip: None,
        }
    }

    fn at() -> chrono::DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 4, 3, 5, 6).unwrap() + chrono::Duration::microseconds(123_456)
    }

    #[test]
    fn every_action_is_listed_once_with_a_japanese_name() {
        let texts = crate::i18n::t().audit();
        let mut codes: Vec<&str> = AuditAction::ALL.iter().map(|a| a.code()).collect();
        for a in AuditAction::ALL {
            assert!(a.listed());
            assert_eq!(AuditAction::from_code(a.code()), Some(a));
            assert!(texts.action_label(a.code()).is_some_and(|l| !l.is_empty()), "{} has no Japanese name", a.code());
        }
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), AuditAction::ALL.len(), "an action is listed twice");
        assert_eq!(texts.actions.len(), AuditAction::ALL.len(), "the catalogue names an action the log does not store");
        assert!(texts.action_label("sessions.ended").is_some());
        assert!(texts.action_label("totp.enrolled").is_some());
        assert_eq!(AuditAction::from_code("nope"), None);
    }

    #[test]
    fn the_hash_of_a_known_row_is_pinned() {
        // Computed independently (Python's hashlib over the documented encoding).
        assert_eq!(row_hash(GENESIS, &row(at())), "b6823507859f1a4e70d7fa23252e23ab25230e22e0a64623478723cd34930fc6");
    }

    #[test]
    fn the_time_enters_in_utc_with_nine_fraction_digits() {
        let tokyo = chrono::FixedOffset::east_opt(9 * 3600).unwrap();
        assert_eq!(
            migration::audit_chain::canonical_at(at().with_timezone(&tokyo).to_utc()),
            "2026-12-04T03:05:06.123456000Z"
        );
    }

    #[test]
    fn every_field_and_the_previous_hash_change_the_hash() {
        let base = row(at());
        let h = row_hash(GENESIS, &base);
        let other_prev = "1".repeat(64);
        assert_ne!(row_hash(&other_prev, &base), h);
        let variants = [
            ChainFields { at: at() + chrono::Duration::microseconds(1), ..base },
            ChainFields { actor_user_id: None, ..base },
            ChainFields { actor_label: "DEMHSP23", ..base },
            ChainFields { action: "report.submitted", ..base },
            ChainFields { outcome: "refused", ..base },
            ChainFields { target_kind: None, ..base },
            ChainFields { target_id: Some("18"), ..base },
            ChainFields { detail: None, ..base },
            ChainFields { ip: Some("127.0.0.1"), ..base },
        ];
        for v in variants {
            assert_ne!(row_hash(GENESIS, &v), h, "{v:?}");
        }
    }

    #[test]
    fn null_empty_and_shifted_fields_are_told_apart() {
        let base = row(at());
        // NULL and the empty string differ.
        assert_ne!(row_hash(GENESIS, &ChainFields { ip: Some(""), ..base }), row_hash(GENESIS, &base));
        // Moving text from one field to the next changes the bytes (lengths are encoded).
        let a = ChainFields { target_kind: Some("report1"), target_id: Some("7"), ..base };
        let b = ChainFields { target_kind: Some("report"), target_id: Some("17"), ..base };
        assert_ne!(row_hash(GENESIS, &a), row_hash(GENESIS, &b));
    }
}
