//! The FAQ users search before they ask (issue 21 item 5): made from a
//! helpdesk answer, then edited, reordered, retired and brought back by the
//! helpdesk in the browser (`/helpdesk/faq`). Every change is audited; an
//! edit names the revision it was made on, so that two operators cannot
//! overwrite each other unseen.

use crate::domain::error::AppError;
use crate::domain::inquiries::{
    self, Category, Faq, FaqEdit, FaqEntry, FaqInput, FaqMove, Step, check_faq_edit, moved,
};
use crate::domain::roles::Actor;
use crate::domain::search::{SearchQuery, highlight};
use crate::domain::time::format_datetime;
use crate::server::audit::{self, AuditAction, AuditEntry};
use crate::server::authz::require_role;
use crate::server::context::AppState;
use crate::server::db::FirstRow;
use crate::server::entities::{faq, inquiry, inquiry_message, user};
use crate::server::inquiries::HELPDESK;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use std::collections::HashMap;

/// The most FAQ entries a user's search shows at once.
const FAQ_LIMIT: usize = 30;

fn entry(actor: &Actor, action: AuditAction, id: i32) -> AuditEntry {
    AuditEntry::new(action, Some(actor.user_id.0), actor.login_id.as_str()).target("faq", id.to_string())
}

/// Every entry in the list's order: highest position first, the newer of
/// two with the same position first.
async fn in_order(conn: &impl ConnectionTrait) -> Result<Vec<faq::Model>, AppError> {
    Ok(faq::Entity::find().order_by_desc(faq::Column::Position).order_by_desc(faq::Column::Id).all(conn).await?)
}

/// Makes a FAQ entry from a helpdesk answer; it comes on top of the list.
pub async fn make(state: &AppState, actor: &Actor, input: FaqInput, now: DateTime<Utc>) -> Result<i32, AppError> {
    require_role(&state.db, actor, &HELPDESK, "inquiries.make_faq").await?;
    let t = crate::i18n::t().inquiries();
    inquiries::check_faq(&input).map_err(AppError::Validation)?;
    let txn = state.writer.begin().await?;
    let m = inquiry_message::Entity::find_by_id(input.message_id).first(&txn).await?.ok_or(AppError::NotFound)?;
    if m.step != Step::Answer.code() {
        return Err(AppError::Conflict(t.faq_only_answers.to_owned()));
    }
    let i = inquiry::Entity::find_by_id(m.inquiry_id).first(&txn).await?.ok_or(AppError::NotFound)?;
    let top: Option<i32> = faq::Entity::find()
        .select_only()
        .column_as(faq::Column::Position.max(), "top")
        .into_tuple::<Option<i32>>()
        .one(&txn)
        .await?
        .flatten();
    let row = faq::ActiveModel {
        id: NotSet,
        category: Set(i.category),
        question: Set(input.question.trim().to_owned()),
        answer: Set(input.answer.trim().to_owned()),
        source_message_id: Set(Some(m.id)),
        created_by: Set(actor.user_id.0),
        created_at: Set(now),
        position: Set(top.unwrap_or(0) + 1),
        revision: Set(0),
        retired_at: Set(None),
        updated_at: Set(None),
        updated_by: Set(None),
    }
    .insert(&txn)
    .await?;
    let mut e = entry(actor, AuditAction::FaqCreated, row.id);
    e.detail = Some(serde_json::json!({ "inquiry": i.id, "message": m.id, "question": row.question }));
    audit::record(&txn, e).await?;
    txn.commit().await?;
    Ok(row.id)
}

/// The FAQ for any logged-in user: the entries in force holding every word
/// of `q`, in the helpdesk's order (all of them, up to a limit, when `q` is
/// empty), matches marked. The FAQ is short, so it is searched in memory
/// with the same folding as the notice index.
pub async fn search(state: &AppState, _actor: &Actor, q: &str) -> Result<Vec<Faq>, AppError> {
    let query = SearchQuery::parse(q);
    let needles = query.as_ref().map(|q| q.needles.clone()).unwrap_or_default();
    let rows = in_order(&state.db).await?;
    Ok(rows
        .into_iter()
        .filter(|f| f.retired_at.is_none())
        .filter(|f| query.as_ref().is_none_or(|q| q.matches(&format!("{}\n{}", f.question, f.answer))))
        .take(FAQ_LIMIT)
        .filter_map(|f| {
            Some(Faq {
                id: f.id,
                category: Category::from_code(&f.category)?,
                question: highlight(&f.question, &needles),
                answer: highlight(&f.answer, &needles),
            })
        })
        .collect())
}

/// Every entry, in force and retired, in the list's order, for the
/// helpdesk's page.
pub async fn entries(state: &AppState, actor: &Actor) -> Result<Vec<FaqEntry>, AppError> {
    require_role(&state.db, actor, &HELPDESK, "faq.entries").await?;
    let rows = in_order(&state.db).await?;
    let people: Vec<i32> = rows.iter().map(|f| f.updated_by.unwrap_or(f.created_by)).collect();
    let names: HashMap<i32, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(people))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    Ok(rows.into_iter().filter_map(|f| as_entry(f, &names)).collect())
}

fn as_entry(f: faq::Model, names: &HashMap<i32, String>) -> Option<FaqEntry> {
    let by = f.updated_by.unwrap_or(f.created_by);
    Some(FaqEntry {
        id: f.id,
        category: Category::from_code(&f.category)?,
        question: f.question,
        answer: f.answer,
        retired: f.retired_at.is_some(),
        revision: f.revision,
        changed: format_datetime(f.updated_at.unwrap_or(f.created_at)),
        changed_by: names.get(&by).cloned().unwrap_or_default(),
    })
}

/// Changes an entry's category, question and answer. Refused as input
/// (nothing saved) when a field is wrong, and as a conflict when someone
/// changed the entry since `edit.revision` was read.
pub async fn edit(state: &AppState, actor: &Actor, edit: FaqEdit, now: DateTime<Utc>) -> Result<(), AppError> {
    require_role(&state.db, actor, &HELPDESK, "faq.edit").await?;
    let (category, question, answer) = check_faq_edit(&edit).map_err(AppError::Validation)?;
    let txn = state.writer.begin().await?;
    let row = faq::Entity::find_by_id(edit.id).first(&txn).await?.ok_or(AppError::NotFound)?;
    if row.revision != edit.revision {
        return Err(AppError::Conflict(crate::i18n::t().faq().stale.to_owned()));
    }
    let before = (row.category.clone(), row.question.clone());
    let mut active = row.into_active_model();
    active.category = Set(category.code().to_owned());
    active.question = Set(question);
    active.answer = Set(answer);
    active.revision = Set(edit.revision + 1);
    active.updated_at = Set(Some(now));
    active.updated_by = Set(Some(actor.user_id.0));
    let row = active.update(&txn).await?;
    let mut e = entry(actor, AuditAction::FaqEdited, row.id);
    e.detail = Some(serde_json::json!({
        "category": { "from": before.0, "to": row.category },
        "question": { "from": before.1, "to": row.question },
    }));
    audit::record(&txn, e).await?;
    txn.commit().await?;
    Ok(())
}

/// Moves an entry in force one place `way` (`up` or `down`, the form's
/// code) among the entries in force. The whole list is numbered again in
/// its new order, so that entries that happen to share a position still
/// move. Refused as a conflict at either end, or for a retired entry.
pub async fn move_entry(state: &AppState, actor: &Actor, id: i32, way: &str) -> Result<(), AppError> {
    require_role(&state.db, actor, &HELPDESK, "faq.move").await?;
    let way = FaqMove::from_code(way).ok_or(AppError::BadRequest)?;
    let txn = state.writer.begin().await?;
    let rows = in_order(&txn).await?;
    if !rows.iter().any(|f| f.id == id) {
        return Err(AppError::NotFound);
    }
    let shown: Vec<i32> = rows.iter().filter(|f| f.retired_at.is_none()).map(|f| f.id).collect();
    let Some(order) = moved(&shown, id, way) else {
        return Err(AppError::Conflict(crate::i18n::t().faq().at_end.to_owned()));
    };
    // Retired entries keep the places they had among the others.
    let mut next = order.into_iter();
    let all: Vec<i32> =
        rows.iter().map(|f| if f.retired_at.is_none() { next.next().unwrap_or(f.id) } else { f.id }).collect();
    let count = i32::try_from(all.len()).map_err(|_| AppError::Internal)?;
    let by_id: HashMap<i32, &faq::Model> = rows.iter().map(|f| (f.id, f)).collect();
    for (place, fid) in all.iter().enumerate() {
        let position = count - i32::try_from(place).map_err(|_| AppError::Internal)?;
        if let Some(f) = by_id.get(fid).filter(|f| f.position != position) {
            let mut active = (*f).clone().into_active_model();
            active.position = Set(position);
            active.update(&txn).await?;
        }
    }
    let mut e = entry(actor, AuditAction::FaqMoved, id);
    e.detail = Some(serde_json::json!({ "way": way.code() }));
    audit::record(&txn, e).await?;
    txn.commit().await?;
    Ok(())
}

/// Takes an entry out of users' sight (`step` `retire`), or brings it back
/// (`restore`); answers whether it is retired now. Doing what is already
/// done changes nothing and is not audited again.
pub async fn set_retired(
    state: &AppState,
    actor: &Actor,
    id: i32,
    step: &str,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    require_role(&state.db, actor, &HELPDESK, "faq.retire").await?;
    let retire = match step {
        "retire" => true,
        "restore" => false,
        _ => return Err(AppError::BadRequest),
    };
    let txn = state.writer.begin().await?;
    let row = faq::Entity::find_by_id(id).first(&txn).await?.ok_or(AppError::NotFound)?;
    if row.retired_at.is_some() == retire {
        return Ok(retire);
    }
    let mut active = row.into_active_model();
    active.retired_at = Set(retire.then_some(now));
    let row = active.update(&txn).await?;
    let action = if retire { AuditAction::FaqRetired } else { AuditAction::FaqRestored };
    let mut e = entry(actor, action, id);
    e.detail = Some(serde_json::json!({ "question": row.question }));
    audit::record(&txn, e).await?;
    txn.commit().await?;
    Ok(retire)
}
