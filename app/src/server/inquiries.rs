//! Inquiries to the helpdesk (SPEC §6): opening one (with an optional
//! attachment), the user's own list, the helpdesk queue, the thread and its
//! steps (each one audited, the user mailed through the outbox in the same
//! transaction), and the FAQ made from answers.
//!
//! Who sees an inquiry: the user who opened it (an association's inquiries
//! about its members are opened by the association, so it sees them), and
//! the helpdesk and ministry administrators. Nobody else, and a refusal is
//! audited and looks the same whether or not the inquiry exists.

use crate::domain::error::AppError;
use crate::domain::inquiries::{
    self, Category, InquiryInput, InquirySummary, InquiryView, Message, Queue, QueueFilter, Refusal, Status, Step,
    StepInput, next_status,
};
use crate::domain::roles::{Actor, Role};
use crate::server::account_admin::prefecture_of;
use crate::server::attachments::{self, Owner, Upload};
use crate::server::audit::{self, AuditAction, AuditEntry};
use crate::server::authz::require_role;
use crate::server::context::AppState;
use crate::server::db::FirstRow;
use crate::server::entities::{facility, inquiry, inquiry_message, prefecture, user};
use crate::server::mail::{self, OutgoingMail};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use std::collections::HashMap;

/// Roles that work the queue.
pub(crate) const HELPDESK: [Role; 2] = [Role::Helpdesk, Role::MinistryAdmin];
/// The most inquiries a queue page shows.
const QUEUE_LIMIT: u64 = 200;

/// Whether `actor` may see inquiry `i`.
pub fn may_see(actor: &Actor, i: &inquiry::Model) -> bool {
    HELPDESK.contains(&actor.role) || i.opened_by == actor.user_id.0
}

fn entry(actor: &Actor, action: AuditAction, id: i32) -> AuditEntry {
    AuditEntry::new(action, Some(actor.user_id.0), actor.login_id.as_str()).target("inquiry", id.to_string())
}

/// Opens an inquiry; returns its number.
pub async fn open(
    state: &AppState,
    actor: &Actor,
    input: InquiryInput,
    file: Option<Upload>,
    now: DateTime<Utc>,
) -> Result<i32, AppError> {
    let checked = inquiries::check(&input).map_err(AppError::Validation)?;
    if let Some(about) = checked.about {
        about_member(&state.db, actor, about, now).await?;
    }
    if let Some(f) = &file {
        crate::domain::attachments::check(&f.name, &f.bytes).map_err(attachments::refusal)?;
    }
    let me = user::Entity::find_by_id(actor.user_id.0).first(&state.db).await?.ok_or(AppError::Unauthenticated)?;
    let prefecture = prefecture_of(&state.db, &me).await?;
    let txn = state.writer.begin().await?;
    let row = inquiry::ActiveModel {
        id: NotSet,
        opened_by: Set(actor.user_id.0),
        category: Set(checked.category.code().to_owned()),
        subject: Set(checked.subject.clone()),
        body: Set(checked.body),
        page: Set(checked.page),
        status: Set(Status::New.code().to_owned()),
        assignee_id: Set(None),
        prefecture_code: Set(prefecture),
        revision: Set(0),
        opened_at: Set(now),
        updated_at: Set(now),
        about_facility_id: Set(checked.about),
    }
    .insert(&txn)
    .await?;
    let attached = match &file {
        Some(f) => Some(attachments::store(&txn, actor, Owner::Inquiry(row.id), f, now).await?),
        None => None,
    };
    let mut e = entry(actor, AuditAction::InquiryOpened, row.id);
    e.detail = Some(serde_json::json!({
        "category": checked.category.code(), "subject": checked.subject, "about_facility": checked.about,
        "attachment": attached.as_ref().map(|a| serde_json::json!({ "id": a.id, "name": a.name, "size": a.size })),
    }));
    audit::record(&txn, e).await?;
    txn.commit().await?;
    Ok(row.id)
}

/// Refuses an inquiry about facility `id` unless `actor` is an association
/// and the facility is its member today.
async fn about_member(conn: &impl ConnectionTrait, actor: &Actor, id: i32, now: DateTime<Utc>) -> Result<(), AppError> {
    let t = crate::i18n::t().inquiries();
    if actor.role != Role::Aggregator {
        return Err(AppError::field("about", t.about_invalid));
    }
    let members = about_choices(conn, actor, now).await?;
    if members.iter().any(|(member, _)| *member == id) {
        Ok(())
    } else {
        Err(AppError::field("about", t.about_not_member))
    }
}

/// The member facilities an association may open an inquiry about today
/// (id and name, by medical code); none for other roles.
pub async fn about_choices(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Vec<(i32, String)>, AppError> {
    if actor.role != Role::Aggregator {
        return Ok(Vec::new());
    }
    let today = crate::domain::time::japan_date(now);
    let members = crate::server::reports::facilities_of(conn, actor, today).await?;
    Ok(members.into_iter().map(|f| (f.id, f.name)).collect())
}

/// Facility names, by id.
async fn facility_names(conn: &impl ConnectionTrait, ids: Vec<i32>) -> Result<HashMap<i32, String>, AppError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(facility::Entity::find()
        .filter(facility::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|f| (f.id, f.name))
        .collect())
}

/// Display names of users, by id.
async fn names(conn: &impl ConnectionTrait, ids: Vec<i32>) -> Result<HashMap<i32, String>, AppError> {
    Ok(user::Entity::find()
        .select_only()
        .columns([user::Column::Id, user::Column::DisplayName])
        .filter(user::Column::Id.is_in(ids))
        .into_tuple::<(i32, String)>()
        .all(conn)
        .await?
        .into_iter()
        .collect())
}

/// Prefecture names by code.
async fn prefectures(conn: &impl ConnectionTrait) -> Result<HashMap<String, String>, AppError> {
    Ok(prefecture::Entity::find().all(conn).await?.into_iter().map(|p| (p.code, p.name)).collect())
}

async fn summaries(conn: &impl ConnectionTrait, rows: Vec<inquiry::Model>) -> Result<Vec<InquirySummary>, AppError> {
    let ids: Vec<i32> = rows.iter().flat_map(|r| [Some(r.opened_by), r.assignee_id]).flatten().collect();
    let names = names(conn, ids).await?;
    let prefectures = prefectures(conn).await?;
    let facilities = facility_names(conn, rows.iter().filter_map(|r| r.about_facility_id).collect()).await?;
    Ok(rows.into_iter().filter_map(|r| summary(r, &names, &prefectures, &facilities)).collect())
}

fn summary(
    r: inquiry::Model,
    names: &HashMap<i32, String>,
    prefectures: &HashMap<String, String>,
    facilities: &HashMap<i32, String>,
) -> Option<InquirySummary> {
    Some(InquirySummary {
        id: r.id,
        subject: r.subject,
        category: Category::from_code(&r.category)?,
        status: Status::from_code(&r.status)?,
        opened_by: names.get(&r.opened_by).cloned().unwrap_or_default(),
        prefecture: r.prefecture_code.and_then(|c| prefectures.get(&c).cloned()),
        about: r.about_facility_id.and_then(|f| facilities.get(&f).cloned()),
        assignee: r.assignee_id.and_then(|a| names.get(&a).cloned()),
        opened_at: r.opened_at,
        updated_at: r.updated_at,
    })
}

/// The inquiries `actor` opened, newest change first.
pub async fn mine(state: &AppState, actor: &Actor) -> Result<Vec<InquirySummary>, AppError> {
    let rows = inquiry::Entity::find()
        .filter(inquiry::Column::OpenedBy.eq(actor.user_id.0))
        .order_by_desc(inquiry::Column::UpdatedAt)
        .all(&state.db)
        .await?;
    summaries(&state.db, rows).await
}

/// The helpdesk queue: unresolved ones unless a status is chosen, oldest
/// waiting first.
pub async fn queue(state: &AppState, actor: &Actor, filter: QueueFilter) -> Result<Queue, AppError> {
    let db = &state.db;
    require_role(db, actor, &HELPDESK, "inquiries.queue").await?;
    let resolved = Status::Resolved.code();
    let mut q = inquiry::Entity::find();
    q = match Status::from_code(&filter.status) {
        Some(s) => q.filter(inquiry::Column::Status.eq(s.code())),
        None if filter.status == "all" => q,
        None => q.filter(inquiry::Column::Status.ne(resolved)),
    };
    if let Some(c) = Category::from_code(&filter.category) {
        q = q.filter(inquiry::Column::Category.eq(c.code()));
    }
    if crate::domain::ids::PrefectureCode::parse(&filter.prefecture).is_ok() {
        q = q.filter(inquiry::Column::PrefectureCode.eq(filter.prefecture.clone()));
    }
    if filter.mine {
        q = q.filter(inquiry::Column::AssigneeId.eq(actor.user_id.0));
    }
    let rows = q.order_by_asc(inquiry::Column::UpdatedAt).limit(QUEUE_LIMIT).all(db).await?;
    let open_count = inquiry::Entity::find().filter(inquiry::Column::Status.ne(resolved)).count(db).await?;
    let mut prefectures: Vec<(String, String)> = prefectures(db).await?.into_iter().collect();
    prefectures.sort();
    Ok(Queue { items: summaries(db, rows).await?, open_count, prefectures })
}

/// The inquiry, when `actor` may see it; an audited refusal otherwise.
async fn visible(
    conn: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    id: i32,
) -> Result<inquiry::Model, AppError> {
    match inquiry::Entity::find_by_id(id).first(conn).await? {
        Some(i) if may_see(actor, &i) => Ok(i),
        None if HELPDESK.contains(&actor.role) => Err(AppError::NotFound),
        _ => {
            require_role(conn, actor, &[], &format!("inquiry {id}")).await?;
            Err(AppError::Forbidden)
        }
    }
}

async fn view_of(conn: &impl ConnectionTrait, actor: &Actor, i: inquiry::Model) -> Result<InquiryView, AppError> {
    let messages = inquiry_message::Entity::find()
        .filter(inquiry_message::Column::InquiryId.eq(i.id))
        .order_by_asc(inquiry_message::Column::Id)
        .all(conn)
        .await?;
    let mut ids: Vec<i32> = messages.iter().map(|m| m.author_id).collect();
    ids.extend([Some(i.opened_by), i.assignee_id].into_iter().flatten());
    let names = names(conn, ids).await?;
    let helpdesk = HELPDESK.contains(&actor.role);
    let t = crate::i18n::t().inquiries();
    let mut files = attachments::of_replies(conn, i.id).await?;
    let messages = messages
        .into_iter()
        .filter_map(|m| {
            let step = Step::from_code(&m.step)?;
            let name = names.get(&m.author_id).cloned().unwrap_or_default();
            Some(Message {
                id: m.id,
                step,
                // Users see "the helpdesk", with the operator's name.
                author: if step.by_helpdesk() { (t.helpdesk_author)(&name) } else { name },
                from_helpdesk: step.by_helpdesk(),
                body: m.body,
                at: m.created_at,
                attachments: files.remove(&m.id).unwrap_or_default(),
            })
        })
        .collect();
    let (id, revision, page, body, own) =
        (i.id, i.revision, i.page.clone(), i.body.clone(), i.opened_by == actor.user_id.0);
    let assigned_to_me = i.assignee_id == Some(actor.user_id.0);
    let about: Vec<i32> = i.about_facility_id.into_iter().collect();
    Ok(InquiryView {
        attachments: attachments::list(conn, Owner::Inquiry(id)).await?,
        summary: summary(i, &names, &prefectures(conn).await?, &facility_names(conn, about).await?)
            .ok_or_else(|| crate::server::errors::internal("inquiry", "bad codes"))?,
        body,
        page,
        messages,
        revision,
        helpdesk,
        own,
        assigned_to_me,
    })
}

/// An inquiry's page.
pub async fn detail(state: &AppState, actor: &Actor, id: i32) -> Result<InquiryView, AppError> {
    let i = visible(&state.db, actor, id).await?;
    view_of(&state.db, actor, i).await
}

/// Takes one step: the helpdesk's (assign, answer, ask back, resolve) or
/// the user's reply, with `file` attached to its message (any step but
/// taking the inquiry). Refused without change when the step is not theirs,
/// the file is refused, the inquiry is resolved (helpdesk), or it changed
/// since it was shown.
pub async fn act(
    state: &AppState,
    actor: &Actor,
    input: StepInput,
    file: Option<Upload>,
    now: DateTime<Utc>,
) -> Result<InquiryView, AppError> {
    let t = crate::i18n::t().inquiries();
    let i = visible(&state.db, actor, input.id).await?;
    let allowed =
        if input.step.by_helpdesk() { HELPDESK.contains(&actor.role) } else { i.opened_by == actor.user_id.0 };
    if !allowed {
        require_role(&state.db, actor, &[], &format!("inquiry {} {}", i.id, input.step.code())).await?;
        return Err(AppError::Forbidden);
    }
    let message = inquiries::check_step(&input).map_err(AppError::Validation)?;
    if let Some(f) = &file {
        if input.step == Step::Assign {
            return Err(AppError::field("file", t.file_not_with_assign));
        }
        crate::domain::attachments::check(&f.name, &f.bytes).map_err(attachments::refusal)?;
    }
    let txn = state.writer.begin().await?;
    // Read again inside the write, so that the revision check sees the latest.
    let i = inquiry::Entity::find_by_id(input.id).first(&txn).await?.ok_or(AppError::NotFound)?;
    if i.revision != input.revision {
        return Err(AppError::Conflict(t.stale.to_owned()));
    }
    let status =
        Status::from_code(&i.status).ok_or_else(|| crate::server::errors::internal("inquiry", "bad status"))?;
    let assignee = match input.step {
        Step::Assign => Some(actor.user_id.0),
        // Answering an unassigned inquiry takes it.
        s if s.by_helpdesk() => i.assignee_id.or(Some(actor.user_id.0)),
        _ => i.assignee_id,
    };
    let next = next_status(status, input.step, assignee.is_some()).map_err(|r| match r {
        Refusal::Resolved => AppError::Conflict(t.resolved_refusal.to_owned()),
    })?;
    let (id, opener, subject) = (i.id, i.opened_by, i.subject.clone());
    let mut active = i.into_active_model();
    active.status = Set(next.code().to_owned());
    active.assignee_id = Set(assignee);
    active.revision = Set(input.revision + 1);
    active.updated_at = Set(now);
    let updated = active.update(&txn).await?;
    let mut attached = None;
    if input.step != Step::Assign {
        let m = inquiry_message::ActiveModel {
            id: NotSet,
            inquiry_id: Set(id),
            author_id: Set(actor.user_id.0),
            step: Set(input.step.code().to_owned()),
            body: Set(message.clone()),
            created_at: Set(now),
        }
        .insert(&txn)
        .await?;
        if let Some(f) = &file {
            attached = Some(attachments::store(&txn, actor, Owner::Reply(id, m.id), f, now).await?);
        }
    }
    let mut e = entry(actor, AuditAction::InquiryStepTaken, id);
    e.detail = Some(serde_json::json!({
        "step": input.step.code(), "from": status.code(), "to": next.code(),
        "attachment": attached.as_ref().map(|a| serde_json::json!({ "id": a.id, "name": a.name, "size": a.size })),
    }));
    audit::record(&txn, e).await?;
    if input.step.mails_user()
        && let Some(u) = user::Entity::find_by_id(opener).first(&txn).await?
        && let Some(to) = u.email.clone()
    {
        // Written in the user's language, not the helpdesk's.
        let mail = crate::i18n::in_locale(crate::server::auth::mail_locale(&u), || {
            let t = crate::i18n::t().inquiries();
            let mut text = if message.is_empty() { (t.step_done)(input.step).to_owned() } else { message };
            if let Some(a) = &attached {
                text = format!("{text}\n\n{}", (t.mail_attachment)(&a.name));
            }
            OutgoingMail {
                to,
                subject: (t.mail_subject)(id, (t.step_label)(input.step)),
                body: (t.mail_body)(
                    &u.display_name,
                    id,
                    &subject,
                    &text,
                    &format!("{}/inquiries/{id}", state.public_url),
                ),
            }
        });
        mail::enqueue(&txn, mail).await?;
    }
    txn.commit().await?;
    view_of(&state.db, actor, updated).await
}
