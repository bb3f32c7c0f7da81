//! Attachments of notices and inquiries: checked and stored with the thing
//! they belong to (in the database, so every instance serves them), and
//! fetched back only by someone who may see that thing.

use crate::domain::attachments::{self, AttachmentRef, Kind, Refusal};
use crate::domain::error::AppError;
use crate::domain::roles::{Actor, Role};
use crate::server::authz::require_role;
use crate::server::context::AppState;
use crate::server::db::FirstRow;
use crate::server::entities::{attachment, inquiry, notice};
use crate::server::notices::visible_to;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::NotSet, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    Set,
};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// An uploaded file as the server function read it.
#[derive(Clone, Debug, Default)]
pub struct Upload {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// What an attachment belongs to.
#[derive(Clone, Copy, Debug)]
pub enum Owner {
    Notice(i32),
    /// The inquiry itself: the file sent when opening it.
    Inquiry(i32),
    /// A message of the inquiry's thread: (inquiry, message).
    Reply(i32, i32),
}

/// The refusal of an upload as a message on the `file` field.
pub fn refusal(r: Refusal) -> AppError {
    let t = crate::i18n::t().notices();
    let msg = match r {
        Refusal::Empty => t.file_empty.to_owned(),
        Refusal::TooBig => (t.file_too_big)(attachments::MAX_BYTES / 1024 / 1024),
        Refusal::NotAllowed => t.file_not_allowed.to_owned(),
    };
    AppError::Validation([("file".to_owned(), msg)].into())
}

/// Checks `upload` and stores it for `owner` through `conn` (the
/// transaction of the change it belongs to).
pub async fn store(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    owner: Owner,
    upload: &Upload,
    now: DateTime<Utc>,
) -> Result<AttachmentRef, AppError> {
    let (kind, name) = attachments::check(&upload.name, &upload.bytes).map_err(refusal)?;
    let (notice_id, inquiry_id, message_id) = match owner {
        Owner::Notice(id) => (Some(id), None, None),
        Owner::Inquiry(id) => (None, Some(id), None),
        Owner::Reply(id, message) => (None, Some(id), Some(message)),
    };
    let sha: String = Sha256::digest(&upload.bytes).iter().map(|b| format!("{b:02x}")).collect();
    let size = i64::try_from(upload.bytes.len()).unwrap_or(i64::MAX);
    let row = attachment::Entity::insert(attachment::ActiveModel {
        id: NotSet,
        notice_id: Set(notice_id),
        inquiry_id: Set(inquiry_id),
        inquiry_message_id: Set(message_id),
        name: Set(name.clone()),
        kind: Set(kind.code().to_owned()),
        size: Set(size),
        sha256: Set(sha),
        data: Set(upload.bytes.clone()),
        uploaded_by: Set(actor.user_id.0),
        created_at: Set(now),
    })
    .exec(conn)
    .await?;
    Ok(AttachmentRef { id: row.last_insert_id, name, size, kind })
}

/// The attachments of `owner`, oldest first, without their content.
pub async fn list(conn: &impl ConnectionTrait, owner: Owner) -> Result<Vec<AttachmentRef>, AppError> {
    let filter = match owner {
        Owner::Notice(id) => Condition::all().add(attachment::Column::NoticeId.eq(id)),
        Owner::Inquiry(id) => Condition::all()
            .add(attachment::Column::InquiryId.eq(id))
            .add(attachment::Column::InquiryMessageId.is_null()),
        Owner::Reply(id, message) => Condition::all()
            .add(attachment::Column::InquiryId.eq(id))
            .add(attachment::Column::InquiryMessageId.eq(message)),
    };
    Ok(described(conn, filter).await?.into_iter().map(|(_, a)| a).collect())
}

/// The attachments of the messages of inquiry `id`'s thread, by message.
pub async fn of_replies(conn: &impl ConnectionTrait, id: i32) -> Result<HashMap<i32, Vec<AttachmentRef>>, AppError> {
    let filter = Condition::all()
        .add(attachment::Column::InquiryId.eq(id))
        .add(attachment::Column::InquiryMessageId.is_not_null());
    let mut by_message: HashMap<i32, Vec<AttachmentRef>> = HashMap::new();
    for (message, a) in described(conn, filter).await? {
        by_message.entry(message.unwrap_or_default()).or_default().push(a);
    }
    Ok(by_message)
}

/// The attachments matching `filter`, oldest first, with the message each
/// came with.
async fn described(
    conn: &impl ConnectionTrait,
    filter: Condition,
) -> Result<Vec<(Option<i32>, AttachmentRef)>, AppError> {
    let rows: Vec<(i32, Option<i32>, String, String, i64)> = attachment::Entity::find()
        .select_only()
        .columns([
            attachment::Column::Id,
            attachment::Column::InquiryMessageId,
            attachment::Column::Name,
            attachment::Column::Kind,
            attachment::Column::Size,
        ])
        .filter(filter)
        .order_by_asc(attachment::Column::Id)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, message, name, kind, size)| {
            Some((message, AttachmentRef { id, name, size, kind: Kind::from_code(&kind)? }))
        })
        .collect())
}

/// A stored file, ready to send.
pub struct Download {
    pub name: String,
    pub kind: Kind,
    pub bytes: Vec<u8>,
}

/// The attachment `id`, when `actor` may see what it belongs to: a notice
/// they may read (administrators: any), an inquiry they opened (helpdesk and
/// administrators: any). Otherwise an audited refusal, the same whether or
/// not it exists.
pub async fn fetch(state: &AppState, actor: &Actor, id: i32, now: DateTime<Utc>) -> Result<Download, AppError> {
    let db = &state.db;
    let row = attachment::Entity::find_by_id(id).first(db).await?;
    let allowed = match &row {
        None => false,
        Some(a) => match (a.notice_id, a.inquiry_id) {
            (Some(n), _) => match notice::Entity::find_by_id(n).first(db).await? {
                Some(n) => actor.role == Role::MinistryAdmin || visible_to(&n, actor, now),
                None => false,
            },
            (None, Some(i)) => match inquiry::Entity::find_by_id(i).first(db).await? {
                Some(i) => crate::server::inquiries::may_see(actor, &i),
                None => false,
            },
            (None, None) => false,
        },
    };
    match row {
        Some(a) if allowed => Ok(Download {
            kind: Kind::from_code(&a.kind).ok_or_else(|| crate::server::errors::internal("attachment", "bad kind"))?,
            name: a.name,
            bytes: a.data,
        }),
        _ => {
            require_role(db, actor, &[], &format!("attachment {id}")).await?;
            Err(AppError::Forbidden)
        }
    }
}

/// The text fields and the `file` of a multipart form. The file is cut off
/// (and refused as too big) past [`attachments::MAX_BYTES`]; text fields
/// past 64 KiB are refused too.
pub async fn read_form(
    data: leptos::server_fn::codec::MultipartData,
) -> Result<(std::collections::HashMap<String, String>, Option<Upload>), AppError> {
    const MAX_FIELD: usize = 64 * 1024;
    let mut form = data.into_inner().ok_or(AppError::Internal)?;
    let mut fields = std::collections::HashMap::new();
    let mut file = None;
    while let Ok(Some(mut field)) = form.next_field().await {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let limit = if name == "file" { attachments::MAX_BYTES } else { MAX_FIELD };
        let mut bytes = Vec::new();
        while let Ok(Some(chunk)) = field.chunk().await {
            if bytes.len() + chunk.len() > limit {
                if name != "file" {
                    return Err(AppError::field(&name, &(crate::i18n::t().notices().too_long)(limit)));
                }
                // Too big a file: kept one byte over the limit, so that the
                // check refuses it, while the fields after it are still read
                // (a form posted without JavaScript comes back with them).
                bytes.extend_from_slice(&chunk[..(limit + 1).saturating_sub(bytes.len()).min(chunk.len())]);
                continue;
            }
            bytes.extend_from_slice(&chunk);
        }
        if name == "file" {
            // A form sent without choosing a file has an empty, unnamed part.
            if !bytes.is_empty() || file_name.as_deref().is_some_and(|n| !n.is_empty()) {
                file = Some(Upload { name: file_name.unwrap_or_default(), bytes });
            }
        } else {
            fields.insert(name, String::from_utf8_lossy(&bytes).into_owned());
        }
    }
    Ok((fields, file))
}
