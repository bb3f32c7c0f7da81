//! Mails about new notices (issue 21, item 5): a user who asked for them
//! (`/account`) is mailed when a notice for their role is published — at its
//! publication time, so a notice scheduled for Monday 9:00 is mailed then,
//! and a notice withdrawn before its time is never mailed.
//!
//! A pass takes each notice published by now and not yet mailed, claims it
//! by setting `mailed_at` where it is still empty (the claim of
//! `server::jobs`: only one instance's update changes the row), and writes
//! its mails in the same transaction, so a notice is mailed once however
//! many instances run, and not at all if the transaction fails (the next
//! pass tries again).

use crate::domain::error::AppError;
use crate::domain::jurisdiction::AccountStatus;
use crate::domain::notices::Audience;
use crate::domain::time::format_date;
use crate::i18n::in_locale;
use crate::server::auth::mail_locale;
use crate::server::context::AppState;
use crate::server::entities::{notice, user};
use crate::server::mail::{OutgoingMail, enqueue_all};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

/// What one pass did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sent {
    pub notices: usize,
    pub mails: usize,
}

/// Writes the mails of every notice published by `now` and not mailed yet.
pub async fn run_due(state: &AppState, now: DateTime<Utc>) -> Result<Sent, AppError> {
    let due = notice::Entity::find()
        .filter(notice::Column::PublishedAt.lte(now))
        .filter(notice::Column::WithdrawnAt.is_null())
        .filter(notice::Column::MailedAt.is_null())
        .order_by_asc(notice::Column::PublishedAt)
        .all(&state.db)
        .await?;
    let mut sent = Sent::default();
    for n in due {
        let txn = state.writer.begin().await?;
        let claimed = notice::Entity::update_many()
            .col_expr(notice::Column::MailedAt, Expr::value(now))
            .filter(notice::Column::Id.eq(n.id))
            .filter(notice::Column::MailedAt.is_null())
            .filter(notice::Column::WithdrawnAt.is_null())
            .exec(&txn)
            .await?;
        if claimed.rows_affected != 1 {
            continue;
        }
        let readers = user::Entity::find()
            .filter(user::Column::NoticeMail.eq(true))
            .filter(user::Column::Status.eq(AccountStatus::Active))
            .filter(user::Column::Email.is_not_null())
            .order_by_asc(user::Column::Id)
            .all(&txn)
            .await?;
        let mails: Vec<OutgoingMail> = readers
            .into_iter()
            .filter(|u| Audience(n.audience).contains(u.role))
            .filter_map(|u| {
                let to = u.email.clone()?;
                Some(in_locale(mail_locale(&u), || mail_for(state, &n, &u.display_name, to)))
            })
            .collect();
        sent.notices += 1;
        sent.mails += mails.len();
        enqueue_all(&txn, mails).await?;
        txn.commit().await?;
    }
    Ok(sent)
}

fn mail_for(state: &AppState, n: &notice::Model, name: &str, to: String) -> OutgoingMail {
    let t = crate::i18n::t().notices();
    // A title is one line; a header never carries a line break.
    let title: String = n.title.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    OutgoingMail {
        to,
        subject: (t.mail_subject)(&title),
        body: (t.mail_body)(
            name,
            &title,
            &n.office,
            &format_date(n.issued_on),
            &format!("{}/notices/{}", state.public_url, n.id),
            &format!("{}/account", state.public_url),
        ),
    }
}

/// The job of `gmis serve`: a pass every minute until `stop`.
pub async fn run_worker(state: AppState, stop: crate::server::jobs::Stop) {
    crate::server::jobs::run_every(std::time::Duration::from_secs(60), stop, || async {
        match run_due(&state, state.clock.now()).await {
            Ok(s) if s.notices > 0 => tracing::info!(notices = s.notices, mails = s.mails, "notice mails queued"),
            Ok(_) => {}
            Err(_) => tracing::warn!("notice mail pass failed; retrying on the next tick"),
        }
    })
    .await;
}
