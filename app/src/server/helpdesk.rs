//! The helpdesk console (`/helpdesk/accounts`, issue 20 item 6): look an
//! account up by login ID, facility name or 医療機関コード while the caller
//! is on the phone, see where it stands, and unlock it or mail its password
//! link again — to the address on file only.
//!
//! The helpdesk and the ministry administrators may use it; every other
//! role is refused here, in the service, whatever the page shows. Accounts
//! of the ministry itself (helpdesk, administrators) are left to the
//! administrators: the helpdesk neither finds nor changes them.
//!
//! Each step needs a reason and may name the inquiry it came from; both go
//! into the audit row of the step (the existing `account.unlocked` and
//! `account.link_resent`, with `"console": "helpdesk"` in the detail), in
//! the same transaction as the change. A refused step is a typed
//! [`StepRefusal`] and changes nothing. Nothing here reads or writes a
//! password or its hash: a link is made by [`issue_link`], the path the
//! administrators' account page uses too.

use crate::domain::account::AccountState;
use crate::domain::error::AppError;
use crate::domain::helpdesk::{
    self, FAILED_WINDOW_HOURS, HelpdeskAccount, HelpdeskStep, HelpdeskStepRecord, LOOKUP_LIMIT, StepRefusal,
};
use crate::domain::jurisdiction::AccountStatus;
use crate::domain::roles::{Actor, Role};
use crate::domain::time::format_datetime;
use crate::domain::tokens::TokenPurpose;
use crate::server::account_admin::{containing, state_of};
use crate::server::audit::{self, AuditAction, AuditEntry};
use crate::server::authz::require_role;
use crate::server::db::begin_exclusive;
use crate::server::entities::{audit_log, facility, inquiry, user};
use crate::server::password_links::issue_link;
use crate::server::second_factor;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Condition, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};

/// Who may use the console.
const CONSOLE_ROLES: &[Role] = &[Role::Helpdesk, Role::MinistryAdmin];
/// The audit detail's mark of a console step.
const CONSOLE: &str = "helpdesk";
/// Earlier console steps shown per account.
const HISTORY_LIMIT: u64 = 5;

/// One step as the form sends it: the account, the reason and the inquiry
/// number as typed.
#[derive(Clone, Debug)]
pub struct StepInput {
    pub user_id: i32,
    pub reason: String,
    pub inquiry: String,
}

/// Accounts matching `q` — part of a login ID, of a facility's (or the
/// account's) name, or of a 医療機関コード — as the helpdesk sees them at
/// `now` (the wall clock: locks and login records are on it). An empty
/// `q` finds nothing.
pub async fn lookup(
    db: &DatabaseConnection,
    actor: &Actor,
    q: &str,
    now: DateTime<Utc>,
) -> Result<Vec<HelpdeskAccount>, AppError> {
    require_role(db, actor, CONSOLE_ROLES, "helpdesk.lookup").await?;
    let q = helpdesk::normalize_query(q);
    if q.is_empty() {
        return Ok(Vec::new());
    }
    let mut facilities = Condition::any().add(facility::Column::Name.like(containing(&q)));
    if helpdesk::looks_like_medical_code(&q) {
        facilities = facilities.add(facility::Column::MedicalCode.like(containing(&q)));
    }
    let mut query = user::Entity::find()
        .filter(
            Condition::any()
                .add(user::Column::LoginId.like(containing(&q.to_uppercase())))
                .add(user::Column::DisplayName.like(containing(&q)))
                .add(
                    user::Column::FacilityId.in_subquery(
                        Query::select()
                            .column(facility::Column::Id)
                            .from(facility::Entity)
                            .cond_where(facilities)
                            .to_owned(),
                    ),
                ),
        )
        .order_by_asc(user::Column::LoginId)
        .limit(LOOKUP_LIMIT);
    if actor.role == Role::Helpdesk {
        query = query.filter(user::Column::Role.is_not_in([Role::Helpdesk, Role::MinistryAdmin]));
    }
    let mut out = Vec::new();
    for u in query.all(db).await? {
        out.push(view_of(db, u, now).await?);
    }
    Ok(out)
}

/// What the console shows of account `u` at `now`.
async fn view_of(db: &DatabaseConnection, u: user::Model, now: DateTime<Utc>) -> Result<HelpdeskAccount, AppError> {
    let medical_code = match u.facility_id {
        Some(id) => facility::Entity::find_by_id(id).one(db).await?.map(|f| f.medical_code),
        None => None,
    };
    let state = state_of(&u, now);
    let recent_failures = audit_log::Entity::find()
        .filter(audit_log::Column::ActorUserId.eq(u.id))
        .filter(audit_log::Column::Action.eq(AuditAction::LoginFailed.code()))
        .filter(audit_log::Column::At.gte(now - Duration::hours(FAILED_WINDOW_HOURS)))
        .count(db)
        .await?;
    let last_login = audit_log::Entity::find()
        .filter(audit_log::Column::ActorUserId.eq(u.id))
        .filter(audit_log::Column::Action.eq(AuditAction::LoginSucceeded.code()))
        .order_by_desc(audit_log::Column::Id)
        .one(db)
        .await?
        .map(|r| format_datetime(r.at));
    Ok(HelpdeskAccount {
        user_id: u.id,
        login_id: u.login_id.clone(),
        name: u.display_name.clone(),
        role: u.role,
        medical_code,
        locked_until: u.locked_until.filter(|_| state == AccountState::Locked).map(format_datetime),
        state,
        recent_failures,
        last_login,
        email_masked: u.email.as_deref().map(helpdesk::mask_email),
        steps: history(db, u.id).await?,
        has_second_factor: second_factor::has_second_factor(db, u.id).await?,
    })
}

/// The earlier console steps on account `user_id`, newest first.
async fn history(db: &DatabaseConnection, user_id: i32) -> Result<Vec<HelpdeskStepRecord>, AppError> {
    let rows = audit_log::Entity::find()
        .filter(audit_log::Column::TargetKind.eq("user"))
        .filter(audit_log::Column::TargetId.eq(user_id.to_string()))
        .filter(audit_log::Column::Action.is_in([
            AuditAction::AccountUnlocked.code(),
            AuditAction::LinkResent.code(),
            AuditAction::SecondFactorReset.code(),
        ]))
        .order_by_desc(audit_log::Column::Id)
        .limit(HISTORY_LIMIT * 4)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let detail: serde_json::Value = serde_json::from_str(r.detail.as_deref()?).ok()?;
            if detail["console"] != CONSOLE {
                return None;
            }
            let step = if r.action == AuditAction::AccountUnlocked.code() {
                HelpdeskStep::Unlock
            } else if r.action == AuditAction::SecondFactorReset.code() {
                HelpdeskStep::ResetSecondFactor
            } else {
                HelpdeskStep::ResendLink
            };
            Some(HelpdeskStepRecord {
                at: format_datetime(r.at),
                step,
                by: r.actor_label,
                reason: detail["reason"].as_str().unwrap_or_default().to_owned(),
                inquiry: detail["inquiry"].as_i64().and_then(|n| i32::try_from(n).ok()),
            })
        })
        .take(usize::try_from(HISTORY_LIMIT).unwrap_or(usize::MAX))
        .collect())
}

/// When a step is taken: locks are on the wall clock, the second-factor
/// policy on the app's clock (`server::clock`).
#[derive(Clone, Copy, Debug)]
pub struct StepTimes {
    pub wall: DateTime<Utc>,
    pub clock: DateTime<Utc>,
}

/// Takes `step` on the account of `input` at `times`,
/// mailing any link from `public_url`. Answers with the account's login ID,
/// or with why nothing changed.
pub async fn take_step(
    db: &DatabaseConnection,
    actor: &Actor,
    step: HelpdeskStep,
    input: StepInput,
    public_url: &str,
    times: StepTimes,
) -> Result<Result<String, StepRefusal>, AppError> {
    let now = times.wall;
    let what = match step {
        HelpdeskStep::Unlock => "helpdesk.unlock",
        HelpdeskStep::ResendLink => "helpdesk.resend",
        HelpdeskStep::ResetSecondFactor => "helpdesk.reset_second_factor",
    };
    require_role(db, actor, CONSOLE_ROLES, what).await?;
    let reason = match helpdesk::check_reason(&input.reason) {
        Ok(r) => r,
        Err(refusal) => return Ok(Err(refusal)),
    };
    let inquiry = match helpdesk::parse_inquiry(&input.inquiry) {
        Ok(n) => n,
        Err(refusal) => return Ok(Err(refusal)),
    };
    let account = user::Entity::find_by_id(input.user_id).one(db).await?;
    let Some(account) = account.filter(|a| actor.role != Role::Helpdesk || helpdesk::helpdesk_may_act_on(a.role))
    else {
        return Ok(Err(StepRefusal::UnknownAccount));
    };
    if let Some(n) = inquiry
        && !inquiry_exists(db, n).await?
    {
        return Ok(Err(StepRefusal::InquiryUnknown));
    }
    let state = state_of(&account, now);
    if account.status == AccountStatus::Disabled {
        return Ok(Err(StepRefusal::Disabled));
    }
    match step {
        HelpdeskStep::Unlock if state != AccountState::Locked => return Ok(Err(StepRefusal::NotLocked)),
        HelpdeskStep::ResendLink if account.email.is_none() => return Ok(Err(StepRefusal::NoEmail)),
        HelpdeskStep::ResetSecondFactor if !second_factor::has_second_factor(db, account.id).await? => {
            return Ok(Err(StepRefusal::NoSecondFactor));
        }
        _ => {}
    }
    let mut detail = serde_json::json!({ "console": CONSOLE, "reason": reason, "inquiry": inquiry });
    let txn = begin_exclusive(db).await?;
    let action = match step {
        HelpdeskStep::Unlock => {
            detail["locked_until"] = serde_json::json!({ "old": account.locked_until, "new": null });
            let mut a = account.clone().into_active_model();
            a.failed_logins = Set(0);
            a.locked_until = Set(None);
            a.update(&txn).await?;
            AuditAction::AccountUnlocked
        }
        HelpdeskStep::ResendLink => {
            // A holder who never set a password gets the 72-hour first link;
            // one who forgot it, the 60-minute reset link (SPEC §2).
            let purpose =
                if state == AccountState::AwaitingPassword { TokenPurpose::Issue } else { TokenPurpose::Reset };
            detail["purpose"] = serde_json::json!(if purpose == TokenPurpose::Issue { "issue" } else { "reset" });
            detail["to"] = serde_json::json!(account.email.as_deref().map(helpdesk::mask_email));
            issue_link(&txn, &account, purpose, public_url).await?;
            AuditAction::LinkResent
        }
        HelpdeskStep::ResetSecondFactor => {
            second_factor::reset(&txn, &account, public_url, times.clock).await?;
            AuditAction::SecondFactorReset
        }
    };
    let mut entry =
        AuditEntry::new(action, Some(actor.user_id.0), actor.login_id.as_str()).target("user", account.id.to_string());
    entry.detail = Some(detail);
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(Ok(account.login_id))
}

async fn inquiry_exists(conn: &impl ConnectionTrait, id: i32) -> Result<bool, AppError> {
    Ok(inquiry::Entity::find_by_id(id).count(conn).await? > 0)
}

/// The error a refusal answers with when the caller is not a browser's own
/// form post: the field's message for input, 404 for an account that is
/// not there, 409 for one whose state does not allow the step.
pub fn refusal_error(refusal: StepRefusal) -> AppError {
    let message = (crate::i18n::t().helpdesk().refusal)(refusal);
    match (refusal, refusal.field()) {
        (_, Some(field)) => AppError::field(field, message),
        (StepRefusal::UnknownAccount, None) => AppError::NotFound,
        (_, None) => AppError::Conflict(message.to_owned()),
    }
}
