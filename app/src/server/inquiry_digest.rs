//! The helpdesk's digest of new inquiries (issue 21, item 5): every
//! `every` (`GMIS_HELPDESK_DIGEST_MINUTES`, on the hour for 60), each active
//! helpdesk account with an address is mailed the inquiries opened since the
//! last digest, and nothing when there were none.
//!
//! Time is cut into periods that end on multiples of `every`. A digest is
//! written to the outbox in the same transaction as its `inquiry_digests`
//! row, whose unique end makes it go out once however many instances run
//! (the claim of `server::jobs`). Each digest covers from the end of the one
//! before, so an instance that was down catches up in one digest and no
//! inquiry falls between two.

use crate::domain::error::AppError;
use crate::domain::inquiries::Category;
use crate::domain::jurisdiction::AccountStatus;
use crate::domain::roles::Role;
use crate::domain::time::format_datetime;
use crate::server::context::AppState;
use crate::server::db::begin_exclusive;
use crate::server::entities::{inquiry, inquiry_digest, user};
use crate::server::mail::{OutgoingMail, enqueue};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::NotSet, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};

/// What one pass did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Digest {
    /// Inquiries listed.
    pub inquiries: usize,
    /// Mails written (one per helpdesk address).
    pub mails: usize,
}

/// The end of the last whole period of `every` at `now`.
pub fn period_end(now: DateTime<Utc>, every: Duration) -> DateTime<Utc> {
    let step = every.num_seconds().max(60);
    let secs = now.timestamp().div_euclid(step) * step;
    DateTime::from_timestamp(secs, 0).unwrap_or(now)
}

/// Writes the digest of the period that ended last before `now`, unless it
/// was written already (by this or another instance).
pub async fn run_due(state: &AppState, now: DateTime<Utc>, every: Duration) -> Result<Digest, AppError> {
    let db = &state.db;
    let until = period_end(now, every);
    let last: Option<DateTime<Utc>> = inquiry_digest::Entity::find()
        .select_only()
        .column_as(inquiry_digest::Column::CoveredUntil.max(), "last")
        .into_tuple::<Option<DateTime<Utc>>>()
        .one(db)
        .await?
        .flatten();
    if last.is_some_and(|last| last >= until) {
        return Ok(Digest::default());
    }
    // The first digest ever covers one period (older inquiries are in the
    // queue already).
    let from = last.unwrap_or(until - every);
    let new = inquiry::Entity::find()
        .filter(inquiry::Column::OpenedAt.gte(from))
        .filter(inquiry::Column::OpenedAt.lt(until))
        .order_by_asc(inquiry::Column::Id)
        .all(db)
        .await?;
    let helpdesk = if new.is_empty() {
        Vec::new()
    } else {
        user::Entity::find()
            .filter(user::Column::Role.eq(Role::Helpdesk))
            .filter(user::Column::Status.eq(AccountStatus::Active))
            .filter(user::Column::Email.is_not_null())
            .order_by_asc(user::Column::Id)
            .all(db)
            .await?
    };

    let txn = begin_exclusive(db).await?;
    // The claim: the period's row, once. An empty period is recorded too, so
    // that the next digest starts where this one ended.
    let claimed = inquiry_digest::Entity::insert(inquiry_digest::ActiveModel {
        id: NotSet,
        covered_from: Set(from),
        covered_until: Set(until),
        inquiries: Set(i32::try_from(new.len()).unwrap_or(i32::MAX)),
        mails: Set(i32::try_from(helpdesk.len()).unwrap_or(i32::MAX)),
        created_at: Set(now),
    })
    .on_conflict(OnConflict::column(inquiry_digest::Column::CoveredUntil).do_nothing().to_owned())
    .exec_without_returning(&txn)
    .await?;
    if claimed != 1 {
        return Ok(Digest::default());
    }
    let link = format!("{}/helpdesk", state.public_url);
    for u in &helpdesk {
        let Some(to) = u.email.clone() else { continue };
        // Each member of the helpdesk reads it in their own language.
        let mail = crate::i18n::in_locale(crate::server::auth::mail_locale(u), || {
            let t = crate::i18n::t().inquiries();
            let lines: Vec<String> = new
                .iter()
                .map(|i| {
                    let category =
                        Category::from_code(&i.category).map_or(i.category.as_str(), |c| (t.category_label)(c));
                    (t.digest_line)(i.id, category, &i.subject, &format_datetime(i.opened_at))
                })
                .collect();
            let period = (t.digest_period)(&format_datetime(from), &format_datetime(until));
            OutgoingMail {
                to,
                subject: (t.digest_subject)(new.len()),
                body: (t.digest_body)(&u.display_name, &period, &lines.join("\n"), &link),
            }
        });
        enqueue(&txn, mail).await?;
    }
    txn.commit().await?;
    Ok(Digest { inquiries: new.len(), mails: helpdesk.len() })
}

/// The job of `gmis serve`: a pass every minute until `stop`.
pub async fn run_worker(state: AppState, every: Duration, stop: crate::server::jobs::Stop) {
    crate::server::jobs::run_every(std::time::Duration::from_secs(60), stop, || async {
        match run_due(&state, state.clock.now(), every).await {
            Ok(d) if d.mails > 0 => tracing::info!(inquiries = d.inquiries, mails = d.mails, "helpdesk digest sent"),
            Ok(_) => {}
            Err(_) => tracing::warn!("helpdesk digest pass failed; retrying on the next tick"),
        }
    })
    .await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_end_on_multiples_of_their_length() {
        let at = |s: &str| s.parse::<DateTime<Utc>>().expect("time");
        let hour = Duration::minutes(60);
        assert_eq!(period_end(at("2026-01-15T09:59:59Z"), hour), at("2026-01-15T09:00:00Z"));
        assert_eq!(period_end(at("2026-01-15T10:00:00Z"), hour), at("2026-01-15T10:00:00Z"));
        let quarter = Duration::minutes(15);
        assert_eq!(period_end(at("2026-01-15T10:44:00Z"), quarter), at("2026-01-15T10:30:00Z"));
    }
}
