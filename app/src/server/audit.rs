//! The audit log (SPEC §12): who did what, to what, when, with what result.
//! Write it with the same connection or transaction as the change it records,
//! so that the change and its record commit together.

use crate::server::entities::audit_log;
use chrono::Utc;
use sea_orm::{ActiveValue::NotSet, ConnectionTrait, DbErr, EntityTrait, Set};

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
    /// A user confirmed a TOTP authenticator (recovery codes were made).
    TotpEnrolled,
    /// The second step of a login was refused: a wrong or replayed code.
    TotpFailed,
    /// A login's second step was passed with a recovery code (now used up).
    RecoveryCodeUsed,
    /// An administrator or the helpdesk removed an account's second factor (reason in the detail).
    SecondFactorReset,
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
            AuditAction::ApiTokenIssued => "api_token.issued",
            AuditAction::ApiTokenRevoked => "api_token.revoked",
            AuditAction::ApiTokenRefused => "api_token.refused",
            AuditAction::ApiPulled => "api.pulled",
            AuditAction::WebhookRegistered => "webhook.registered",
            AuditAction::WebhookRemoved => "webhook.removed",
            AuditAction::WebhookDisabled => "webhook.disabled",
            AuditAction::LegacyRecordUpdated => "legacy.updated",
            AuditAction::LegacyImported => "legacy.imported",
            AuditAction::TotpEnrolled => "totp.enrolled",
            AuditAction::TotpFailed => "totp.failed",
            AuditAction::RecoveryCodeUsed => "recovery_code.used",
            AuditAction::SecondFactorReset => "second_factor.reset",
        }
    }

    fn outcome(self) -> &'static str {
        match self {
            AuditAction::LoginFailed
            | AuditAction::AccountLocked
            | AuditAction::AccessDenied
            | AuditAction::PasswordResetThrottled
            | AuditAction::PasswordChangeRefused
            | AuditAction::ApiTokenRefused => "refused",
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
pub async fn record(conn: &impl ConnectionTrait, entry: AuditEntry) -> Result<(), DbErr> {
    record_all(conn, vec![entry]).await
}

/// Writes many audit rows (a bulk's saved reports) in a few statements.
pub async fn record_all(conn: &impl ConnectionTrait, entries: Vec<AuditEntry>) -> Result<(), DbErr> {
    let at = Utc::now();
    let mut rows = entries.into_iter().map(|entry| {
        let (target_kind, target_id) = entry.target.map_or((None, None), |(k, id)| (Some(k.to_owned()), Some(id)));
        audit_log::ActiveModel {
            id: NotSet,
            at: Set(at),
            actor_user_id: Set(entry.actor_user_id),
            actor_label: Set(entry.actor_label),
            action: Set(entry.action.code().to_owned()),
            outcome: Set(entry.action.outcome().to_owned()),
            target_kind: Set(target_kind),
            target_id: Set(target_id),
            detail: Set(entry.detail.map(|d| d.to_string())),
            ip: Set(entry.ip),
        }
    });
    // Ten values a row: 500 rows stay well inside every bind limit.
    loop {
        let chunk: Vec<_> = rows.by_ref().take(500).collect();
        if chunk.is_empty() {
            return Ok(());
        }
        audit_log::Entity::insert_many(chunk).exec_without_returning(conn).await?;
    }
}
