//! Ministry notices (SPEC §6): the lists and search users see, a notice's
//! page (which marks it read), and the administrators' editor with
//! publishing, scheduling, withdrawing and attachments.
//!
//! Search runs on each database's own full-text index over the bigram terms
//! of `domain::search` (SQLite FTS5, PostgreSQL `tsvector` + GIN). Results
//! come in the same order on both: notices whose title holds every word
//! first, then the rest, newest first within each. (Term-frequency scores
//! — bm25, `ts_rank` — were tried: they cost a second pass over every match,
//! up to 50 ms at 10,000 notices on PostgreSQL, and rank notices by how
//! often a word recurs, which says little for administrative texts.)
//!
//! The home page's newest notices per role are cached ([`newest`]); every
//! change here drops that cache.

pub mod newest;

use crate::domain::error::AppError;
use crate::domain::markdown;
use crate::domain::notices::{
    self, Audience, Category, CheckedNotice, HOME_COUNT, HomeNotices, NoticeDetail, NoticeFilter, NoticeInput,
    NoticePage, NoticeSummary, PAGE_SIZE, PublishInput, Status,
};
use crate::domain::roles::{Actor, Role};
use crate::domain::search::{SearchQuery, highlight, index_terms, snippet, trigram_terms};
use crate::server::attachments::{self, Owner, Upload};
use crate::server::audit::{self, AuditAction, AuditEntry};
use crate::server::authz::require_role;
use crate::server::context::AppState;
use crate::server::db::FirstRow;
use crate::server::entities::{attachment, notice, notice_read};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection,
    EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QuerySelect, Set, Statement, TransactionTrait, Value,
};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Newest issue first (lists, and search results after title matches).
const NEWEST: &str = "n.issued_on DESC, n.published_at DESC, n.id DESC";

/// Characters of body shown around the first match in a list.
const SNIPPET_CHARS: usize = 90;

/// Whether `actor` may read notice `n` now: published, not withdrawn, and
/// for their role (administrators read every published notice).
pub fn visible_to(n: &notice::Model, actor: &Actor, now: DateTime<Utc>) -> bool {
    Status::of(n.published_at, n.withdrawn_at, now) == Status::Published
        && (actor.role == Role::MinistryAdmin || Audience(n.audience).contains(actor.role))
}

/// SQL text with its values, numbered placeholders in the backend's syntax.
struct Sql {
    backend: DatabaseBackend,
    text: String,
    values: Vec<Value>,
}

impl Sql {
    fn new(backend: DatabaseBackend) -> Sql {
        Sql { backend, text: String::new(), values: Vec::new() }
    }

    /// Adds `v` and returns its numbered placeholder, so that the text may
    /// use values in any order (and one value twice).
    fn bind(&mut self, v: impl Into<Value>) -> String {
        self.values.push(v.into());
        match self.backend {
            DatabaseBackend::Postgres => format!("${}", self.values.len()),
            _ => format!("?{}", self.values.len()),
        }
    }

    fn push(&mut self, s: &str) {
        self.text.push_str(s);
    }

    fn statement(self) -> Statement {
        Statement::from_sql_and_values(self.backend, self.text, self.values)
    }
}

/// Who is listing: users see what is published for them; administrators in
/// the management list see every notice in any state.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Viewer {
    User,
    Manager,
}

/// Adds the conditions of `filter` and of what `actor` may see.
fn conditions(sql: &mut Sql, actor: &Actor, viewer: Viewer, filter: &NoticeFilter, now: DateTime<Utc>) {
    if viewer == Viewer::User {
        let at = sql.bind(now);
        sql.push(&format!(" AND n.published_at IS NOT NULL AND n.published_at <= {at} AND n.withdrawn_at IS NULL"));
        if actor.role != Role::MinistryAdmin {
            let bit = sql.bind(Audience::bit(actor.role));
            sql.push(&format!(" AND (n.audience & {bit}) <> 0"));
        }
    }
    if let Some(c) = filter.category() {
        let p = sql.bind(c.code());
        sql.push(&format!(" AND n.category = {p}"));
    }
    if let Some(d) = filter.from_date() {
        let p = sql.bind(d);
        sql.push(&format!(" AND n.issued_on >= {p}"));
    }
    if let Some(d) = filter.to_date() {
        let p = sql.bind(d);
        sql.push(&format!(" AND n.issued_on <= {p}"));
    }
}

/// The ids of one page of matching notices, best first, and how many match.
async fn find_ids(
    db: &DatabaseConnection,
    actor: &Actor,
    viewer: Viewer,
    filter: &NoticeFilter,
    query: Option<&SearchQuery>,
    limit: u64,
    now: DateTime<Utc>,
) -> Result<(Vec<i32>, u64), AppError> {
    let backend = db.get_database_backend();
    let mut sql = Sql::new(backend);
    sql.push("SELECT n.id AS id, COUNT(*) OVER () AS total FROM notices n");
    let order = match (query, backend) {
        (Some(q), DatabaseBackend::Postgres) => {
            // The query as a value the planner sees, so that it estimates
            // the matches of this query rather than a default.
            let p = sql.bind(q.tsquery());
            sql.push(&format!(
                " JOIN notice_search s ON s.notice_id = n.id WHERE s.terms @@ to_tsquery('simple', {p})"
            ));
            format!("(s.title @@ to_tsquery('simple', {p})) DESC, {NEWEST}")
        }
        (Some(q), _) => {
            let (all, title) = (sql.bind(q.fts5()), sql.bind(format!("title : ({})", q.fts5())));
            sql.push(&format!(
                " JOIN (SELECT rowid AS id FROM notice_search WHERE notice_search MATCH {all}) s ON s.id = n.id WHERE 1 = 1"
            ));
            // An uncorrelated subquery: SQLite runs it once.
            format!("n.id NOT IN (SELECT rowid FROM notice_search WHERE notice_search MATCH {title}), {NEWEST}")
        }
        (None, _) if viewer == Viewer::Manager => {
            sql.push(" WHERE 1 = 1");
            "n.updated_at DESC, n.id DESC".to_owned()
        }
        (None, _) => {
            sql.push(" WHERE 1 = 1");
            NEWEST.to_owned()
        }
    };
    conditions(&mut sql, actor, viewer, filter, now);
    let offset = u64::from(filter.page.max(1) - 1) * limit;
    let (l, o) = (sql.bind(i64::try_from(limit).unwrap_or(20)), sql.bind(i64::try_from(offset).unwrap_or(0)));
    sql.push(&format!(" ORDER BY {order} LIMIT {l} OFFSET {o}"));
    let rows = if query.is_some() && backend == DatabaseBackend::Postgres {
        // PostgreSQL's planner does not count what reading each notice's
        // terms costs (about 3 KB each, stored out of line), and for a broad
        // query it prefers reading all of them in turn to the GIN index — 35
        // ms instead of 7 at 10,000 notices. Without sequential scans the
        // index is the only way into `notice_search`, which has no other
        // index to walk (docs/decisions.md, "Notices").
        let txn = db.begin().await?;
        txn.execute_unprepared("SET LOCAL enable_seqscan = off").await?;
        let rows = txn.query_all_raw(sql.statement()).await?;
        txn.commit().await?;
        rows
    } else {
        db.query_all_raw(sql.statement()).await?
    };
    let mut ids = Vec::with_capacity(rows.len());
    let mut total = 0u64;
    for row in rows {
        ids.push(row.try_get::<i32>("", "id")?);
        total = u64::try_from(row.try_get::<i64>("", "total")?).unwrap_or(0);
    }
    if ids.is_empty() && offset > 0 {
        // Past the last page: the count still tells how many there are.
        let again = NoticeFilter { page: 1, ..filter.clone() };
        return Box::pin(find_ids(db, actor, viewer, &again, query, 1, now)).await.map(|(_, t)| (Vec::new(), t));
    }
    Ok((ids, total))
}

/// The summaries of `ids`, in that order, with attachment counts, every one
/// marked unread (readers' markers are set by [`mark_read`]).
async fn summaries(
    db: &impl ConnectionTrait,
    ids: &[i32],
    query: Option<&SearchQuery>,
    now: DateTime<Utc>,
) -> Result<Vec<NoticeSummary>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows: HashMap<i32, notice::Model> = notice::Entity::find()
        .filter(notice::Column::Id.is_in(ids.to_vec()))
        .all(db)
        .await?
        .into_iter()
        .map(|n| (n.id, n))
        .collect();
    let counts: HashMap<i32, i64> = attachment::Entity::find()
        .select_only()
        .column(attachment::Column::NoticeId)
        .column_as(attachment::Column::Id.count(), "n")
        .filter(attachment::Column::NoticeId.is_in(ids.to_vec()))
        .group_by(attachment::Column::NoticeId)
        .into_tuple::<(i32, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let needles = query.map(|q| q.needles.clone()).unwrap_or_default();
    Ok(ids
        .iter()
        .filter_map(|id| rows.get(id))
        .filter_map(|n| {
            Some(NoticeSummary {
                id: n.id,
                title: highlight(&n.title, &needles),
                snippet: snippet(&markdown::plain_text(&n.body), &needles, SNIPPET_CHARS),
                category: Category::from_code(&n.category)?,
                office: n.office.clone(),
                issued_on: n.issued_on,
                unread: true,
                attachments: u32::try_from(counts.get(&n.id).copied().unwrap_or(0)).unwrap_or(0),
                status: Status::of(n.published_at, n.withdrawn_at, now),
                published_at: n.published_at,
            })
        })
        .collect())
}

/// Clears the unread marker of the `items` that `actor` has opened.
async fn mark_read(db: &impl ConnectionTrait, actor: &Actor, items: &mut [NoticeSummary]) -> Result<(), AppError> {
    if items.is_empty() {
        return Ok(());
    }
    let read: HashSet<i32> = notice_read::Entity::find()
        .select_only()
        .column(notice_read::Column::NoticeId)
        .filter(notice_read::Column::UserId.eq(actor.user_id.0))
        .filter(notice_read::Column::NoticeId.is_in(items.iter().map(|n| n.id)))
        .into_tuple::<i32>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    for n in items {
        n.unread = !read.contains(&n.id);
    }
    Ok(())
}

async fn page(
    state: &AppState,
    actor: &Actor,
    viewer: Viewer,
    filter: NoticeFilter,
    now: DateTime<Utc>,
) -> Result<NoticePage, AppError> {
    let db = &state.db;
    let query = SearchQuery::parse(&filter.q);
    let query_empty = query.is_none() && !filter.q.trim().is_empty();
    let (ids, total) = if query_empty {
        (Vec::new(), 0)
    } else {
        find_ids(db, actor, viewer, &filter, query.as_ref(), PAGE_SIZE, now).await?
    };
    let pages = u32::try_from(total.div_ceil(PAGE_SIZE)).unwrap_or(u32::MAX).max(1);
    let mut items = summaries(db, &ids, query.as_ref(), now).await?;
    mark_read(db, actor, &mut items).await?;
    Ok(NoticePage { items, total, page: filter.page.clamp(1, pages), pages, query_empty })
}

/// The notice list and search for any logged-in user.
pub async fn list(
    state: &AppState,
    actor: &Actor,
    filter: NoticeFilter,
    now: DateTime<Utc>,
) -> Result<NoticePage, AppError> {
    page(state, actor, Viewer::User, filter, now).await
}

/// Every notice in any state, for administrators.
pub async fn manage_list(
    state: &AppState,
    actor: &Actor,
    filter: NoticeFilter,
    now: DateTime<Utc>,
) -> Result<NoticePage, AppError> {
    require_role(&state.db, actor, &[Role::MinistryAdmin], "notices.manage").await?;
    page(state, actor, Viewer::Manager, filter, now).await
}

/// The newest notices for the home page, and how many are unread: the
/// role's newest from [`newest::NewestCache`], the reader's markers and count
/// in one query.
pub async fn home(state: &AppState, actor: &Actor, now: DateTime<Utc>) -> Result<HomeNotices, AppError> {
    let db = &state.db;
    let newest = match state.newest_notices.get(actor.role, now) {
        Ok(newest) => newest,
        Err(ticket) => {
            let (newest, next_scheduled) = load_newest(db, actor, now).await?;
            let newest = Arc::new(newest);
            state.newest_notices.put(ticket, newest.clone(), now, next_scheduled);
            newest
        }
    };
    // The count of every unread notice the reader may read, and which of
    // the newest they have opened.
    let mut sql = Sql::new(db.get_database_backend());
    let me = sql.bind(actor.user_id.0);
    sql.push(&format!(
        "SELECT 0 AS kind, COUNT(*) AS n FROM notices n WHERE NOT EXISTS \
         (SELECT 1 FROM notice_reads r WHERE r.notice_id = n.id AND r.user_id = {me})"
    ));
    conditions(&mut sql, actor, Viewer::User, &NoticeFilter::default(), now);
    if !newest.is_empty() {
        let ids: Vec<String> = newest.iter().map(|n| sql.bind(n.id)).collect();
        sql.push(&format!(
            " UNION ALL SELECT 1 AS kind, r.notice_id AS n FROM notice_reads r \
             WHERE r.user_id = {me} AND r.notice_id IN ({})",
            ids.join(", ")
        ));
    }
    let (mut unread, mut read) = (0, HashSet::new());
    for row in db.query_all_raw(sql.statement()).await? {
        let n = row.try_get::<i64>("", "n")?;
        match row.try_get::<i32>("", "kind")? {
            0 => unread = u64::try_from(n).unwrap_or(0),
            _ => {
                read.insert(n);
            }
        }
    }
    let items =
        newest.iter().map(|n| NoticeSummary { unread: !read.contains(&i64::from(n.id)), ..n.clone() }).collect();
    Ok(HomeNotices { items, unread })
}

/// The newest notices `actor`'s role may read (all marked unread), and when
/// the next scheduled notice publishes itself.
async fn load_newest(
    db: &DatabaseConnection,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(Vec<NoticeSummary>, Option<DateTime<Utc>>), AppError> {
    let (ids, _) = find_ids(db, actor, Viewer::User, &NoticeFilter::default(), None, HOME_COUNT, now).await?;
    let next_scheduled = notice::Entity::find()
        .select_only()
        .column_as(notice::Column::PublishedAt.min(), "at")
        .filter(notice::Column::PublishedAt.gt(now))
        .filter(notice::Column::WithdrawnAt.is_null())
        .into_tuple::<Option<DateTime<Utc>>>()
        .all(db)
        .await?
        .into_iter()
        .next()
        .flatten();
    Ok((summaries(db, &ids, None, now).await?, next_scheduled))
}

fn input_of(n: &notice::Model) -> NoticeInput {
    NoticeInput {
        id: Some(n.id),
        title: n.title.clone(),
        body: n.body.clone(),
        office: n.office.clone(),
        issued_on: n.issued_on.format("%Y-%m-%d").to_string(),
        category: n.category.clone(),
        audience: Audience(n.audience).roles(),
    }
}

async fn detail_of(
    conn: &impl ConnectionTrait,
    n: &notice::Model,
    manager: bool,
    now: DateTime<Utc>,
) -> Result<NoticeDetail, AppError> {
    let status = Status::of(n.published_at, n.withdrawn_at, now);
    let withdrawn = status == Status::Withdrawn;
    Ok(NoticeDetail {
        id: n.id,
        title: n.title.clone(),
        blocks: if withdrawn && !manager { Vec::new() } else { markdown::parse(&n.body) },
        office: n.office.clone(),
        issued_on: n.issued_on,
        category: Category::from_code(&n.category).unwrap_or(Category::Notice),
        attachments: if withdrawn && !manager {
            Vec::new()
        } else {
            attachments::list(conn, Owner::Notice(n.id)).await?
        },
        status,
        published_at: n.published_at,
        withdrawn_reason: n.withdrawn_reason.clone(),
        source: manager.then(|| input_of(n)),
    })
}

/// A notice's page for a user, who may read it: marks it read. A notice
/// withdrawn after it reached the user shows only that it was withdrawn and
/// why. Anything else is not found (the same for every reason).
pub async fn detail(state: &AppState, actor: &Actor, id: i32, now: DateTime<Utc>) -> Result<NoticeDetail, AppError> {
    let n = notice::Entity::find_by_id(id).first(&state.db).await?.ok_or(AppError::NotFound)?;
    let status = Status::of(n.published_at, n.withdrawn_at, now);
    let for_role = actor.role == Role::MinistryAdmin || Audience(n.audience).contains(actor.role);
    let was_published = n.published_at.is_some_and(|p| p <= now);
    if !for_role || !(status == Status::Published || (status == Status::Withdrawn && was_published)) {
        return Err(AppError::NotFound);
    }
    if status == Status::Published {
        let txn = state.writer.begin().await?;
        notice_read::Entity::insert(notice_read::ActiveModel {
            user_id: Set(actor.user_id.0),
            notice_id: Set(id),
            read_at: Set(now),
        })
        .on_conflict(
            OnConflict::columns([notice_read::Column::UserId, notice_read::Column::NoticeId]).do_nothing().to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
        txn.commit().await?;
    }
    detail_of(&state.db, &n, false, now).await
}

/// A notice in the editor (administrators): any state.
pub async fn edit(state: &AppState, actor: &Actor, id: i32, now: DateTime<Utc>) -> Result<NoticeDetail, AppError> {
    require_role(&state.db, actor, &[Role::MinistryAdmin], "notices.edit").await?;
    let n = notice::Entity::find_by_id(id).first(&state.db).await?.ok_or(AppError::NotFound)?;
    detail_of(&state.db, &n, true, now).await
}

/// Writes the search terms of notice `id` (also for the demo data and the
/// search benchmark, which insert notices directly).
pub async fn index(conn: &impl ConnectionTrait, id: i32, title: &str, body: &str) -> Result<(), AppError> {
    let backend = conn.get_database_backend();
    let body = markdown::plain_text(body);
    let mut delete = Sql::new(backend);
    let d = delete.bind(id);
    let key = if backend == DatabaseBackend::Postgres { "notice_id" } else { "rowid" };
    delete.push(&format!("DELETE FROM notice_search WHERE {key} = {d}"));
    conn.execute_raw(delete.statement()).await?;
    let mut sql = Sql::new(backend);
    let i = sql.bind(id);
    match backend {
        DatabaseBackend::Postgres => {
            // Title and body in one vector for matching (a phrase cannot
            // run from one into the other: each ends with a pair and a lone
            // character, never with a triple); the title alone, small and
            // stored inline, for ordering.
            let (t, b) = (sql.bind(trigram_terms(title)), sql.bind(trigram_terms(&body)));
            sql.push(&format!(
                "INSERT INTO notice_search (notice_id, title, terms) VALUES ({i}, to_tsvector('simple', {t}), \
                 to_tsvector('simple', {t}) || to_tsvector('simple', {b}))"
            ));
        }
        _ => {
            let (t, b) = (sql.bind(index_terms(title)), sql.bind(index_terms(&body)));
            sql.push(&format!("INSERT INTO notice_search (rowid, title, body) VALUES ({i}, {t}, {b})"));
        }
    }
    conn.execute_raw(sql.statement()).await?;
    Ok(())
}

/// Writes the search terms of every notice that has none: after a
/// migration that changed their form (it empties the index), at start-up.
/// Returns how many notices it indexed.
pub async fn index_missing(db: &DatabaseConnection) -> Result<u64, AppError> {
    let backend = db.get_database_backend();
    let txn = db.begin().await?;
    let missing = match backend {
        DatabaseBackend::Postgres => {
            // Instances starting together index each notice once.
            txn.execute_unprepared("LOCK TABLE notice_search IN EXCLUSIVE MODE").await?;
            "NOT EXISTS (SELECT 1 FROM notice_search s WHERE s.notice_id = n.id)"
        }
        _ => "n.id NOT IN (SELECT rowid FROM notice_search)",
    };
    let (mut after, mut count) = (0, 0);
    loop {
        // A page at a time: bodies are long.
        let mut sql = Sql::new(backend);
        let p = sql.bind(after);
        sql.push(&format!(
            "SELECT n.id AS id, n.title AS title, n.body AS body FROM notices n \
             WHERE n.id > {p} AND {missing} ORDER BY n.id LIMIT 200"
        ));
        let rows = txn.query_all_raw(sql.statement()).await?;
        let Some(last) = rows.last() else { break };
        after = last.try_get::<i32>("", "id")?;
        for row in &rows {
            let (id, title, body): (i32, String, String) =
                (row.try_get("", "id")?, row.try_get("", "title")?, row.try_get("", "body")?);
            index(&txn, id, &title, &body).await?;
            count += 1;
        }
    }
    txn.commit().await?;
    Ok(count)
}

fn entry(actor: &Actor, action: AuditAction, id: i32) -> AuditEntry {
    AuditEntry::new(action, Some(actor.user_id.0), actor.login_id.as_str()).target("notice", id.to_string())
}

fn snapshot(n: &CheckedNotice) -> serde_json::Value {
    serde_json::json!({
        "title": n.title, "office": n.office, "issued_on": n.issued_on, "category": n.category.code(),
        "audience": n.audience.0, "body_chars": n.body.chars().count(),
    })
}

/// Creates a notice (a draft) or changes one; the search index follows in
/// the same transaction.
pub async fn save(state: &AppState, actor: &Actor, input: NoticeInput, now: DateTime<Utc>) -> Result<i32, AppError> {
    require_role(&state.db, actor, &[Role::MinistryAdmin], "notices.save").await?;
    let checked = notices::check(&input).map_err(AppError::Validation)?;
    let txn = state.writer.begin().await?;
    let (id, old) = match input.id {
        Some(id) => {
            let row = notice::Entity::find_by_id(id).first(&txn).await?.ok_or(AppError::NotFound)?;
            let old = snapshot(&CheckedNotice {
                title: row.title.clone(),
                body: row.body.clone(),
                office: row.office.clone(),
                issued_on: row.issued_on,
                category: Category::from_code(&row.category).unwrap_or(Category::Notice),
                audience: Audience(row.audience),
            });
            let mut active = row.into_active_model();
            active.title = Set(checked.title.clone());
            active.body = Set(checked.body.clone());
            active.office = Set(checked.office.clone());
            active.issued_on = Set(checked.issued_on);
            active.category = Set(checked.category.code().to_owned());
            active.audience = Set(checked.audience.0);
            active.updated_at = Set(now);
            (active.update(&txn).await?.id, Some(old))
        }
        None => {
            let row = notice::ActiveModel {
                id: NotSet,
                title: Set(checked.title.clone()),
                body: Set(checked.body.clone()),
                office: Set(checked.office.clone()),
                issued_on: Set(checked.issued_on),
                category: Set(checked.category.code().to_owned()),
                audience: Set(checked.audience.0),
                published_at: Set(None),
                withdrawn_at: Set(None),
                withdrawn_reason: Set(None),
                created_by: Set(actor.user_id.0),
                created_at: Set(now),
                updated_at: Set(now),
                mailed_at: Set(None),
            }
            .insert(&txn)
            .await?;
            (row.id, None)
        }
    };
    index(&txn, id, &checked.title, &checked.body).await?;
    let action = if old.is_some() { AuditAction::NoticeChanged } else { AuditAction::NoticeCreated };
    let mut e = entry(actor, action, id);
    e.detail = Some(serde_json::json!({ "new": snapshot(&checked), "old": old }));
    audit::record(&txn, e).await?;
    txn.commit().await?;
    state.newest_notices.invalidate();
    Ok(id)
}

/// Publishes a notice now, or schedules it (`at`: Japan time, later than now).
pub async fn publish(
    state: &AppState,
    actor: &Actor,
    input: PublishInput,
    now: DateTime<Utc>,
) -> Result<Status, AppError> {
    require_role(&state.db, actor, &[Role::MinistryAdmin], "notices.publish").await?;
    let t = crate::i18n::t().notices();
    let at = match input.at.trim() {
        "" => now,
        s => crate::domain::maintenance::parse_local(s)
            .filter(|at| *at > now)
            .ok_or_else(|| AppError::field("at", t.publish_at_invalid))?,
    };
    let txn = state.writer.begin().await?;
    let row = notice::Entity::find_by_id(input.id).first(&txn).await?.ok_or(AppError::NotFound)?;
    if row.withdrawn_at.is_some() {
        return Err(AppError::Conflict(t.already_withdrawn.to_owned()));
    }
    let old = row.published_at;
    let mut active = row.into_active_model();
    active.published_at = Set(Some(at));
    active.updated_at = Set(now);
    active.update(&txn).await?;
    let mut e = entry(actor, AuditAction::NoticePublished, input.id);
    e.detail = Some(serde_json::json!({ "published_at": at, "old": old }));
    audit::record(&txn, e).await?;
    txn.commit().await?;
    state.newest_notices.invalidate();
    Ok(Status::of(Some(at), None, now))
}

/// Withdraws a notice, with the reason users see.
pub async fn withdraw(
    state: &AppState,
    actor: &Actor,
    id: i32,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    require_role(&state.db, actor, &[Role::MinistryAdmin], "notices.withdraw").await?;
    let t = crate::i18n::t().notices();
    let reason = crate::domain::notices::check_withdraw_reason(reason).map_err(AppError::Validation)?;
    let txn = state.writer.begin().await?;
    let row = notice::Entity::find_by_id(id).first(&txn).await?.ok_or(AppError::NotFound)?;
    if row.withdrawn_at.is_some() {
        return Err(AppError::Conflict(t.already_withdrawn.to_owned()));
    }
    let mut active = row.into_active_model();
    active.withdrawn_at = Set(Some(now));
    active.withdrawn_reason = Set(Some(reason.to_owned()));
    active.updated_at = Set(now);
    active.update(&txn).await?;
    let mut e = entry(actor, AuditAction::NoticeWithdrawn, id);
    e.detail = Some(serde_json::json!({ "reason": reason }));
    audit::record(&txn, e).await?;
    txn.commit().await?;
    state.newest_notices.invalidate();
    Ok(())
}

/// Attaches a checked file to notice `id` (at most
/// [`crate::domain::attachments::MAX_PER_NOTICE`]).
pub async fn attach(
    state: &AppState,
    actor: &Actor,
    id: i32,
    upload: Upload,
    now: DateTime<Utc>,
) -> Result<crate::domain::attachments::AttachmentRef, AppError> {
    require_role(&state.db, actor, &[Role::MinistryAdmin], "notices.attach").await?;
    let max = crate::domain::attachments::MAX_PER_NOTICE;
    let txn = state.writer.begin().await?;
    notice::Entity::find_by_id(id).first(&txn).await?.ok_or(AppError::NotFound)?;
    let count = attachment::Entity::find().filter(attachment::Column::NoticeId.eq(id)).count(&txn).await?;
    if count >= max as u64 {
        return Err(AppError::field("file", &(crate::i18n::t().notices().too_many_attachments)(max)));
    }
    let added = attachments::store(&txn, actor, Owner::Notice(id), &upload, now).await?;
    let mut e = entry(actor, AuditAction::AttachmentAdded, id);
    e.detail = Some(
        serde_json::json!({ "attachment": added.id, "name": added.name, "size": added.size, "kind": added.kind.code() }),
    );
    audit::record(&txn, e).await?;
    txn.commit().await?;
    state.newest_notices.invalidate();
    Ok(added)
}

/// Removes an attachment from a notice.
pub async fn remove_attachment(state: &AppState, actor: &Actor, attachment_id: i32) -> Result<(), AppError> {
    require_role(&state.db, actor, &[Role::MinistryAdmin], "notices.remove_attachment").await?;
    let txn = state.writer.begin().await?;
    let row = attachment::Entity::find_by_id(attachment_id).first(&txn).await?.ok_or(AppError::NotFound)?;
    let Some(notice_id) = row.notice_id else { return Err(AppError::NotFound) };
    attachment::Entity::delete_by_id(attachment_id).exec(&txn).await?;
    let mut e = entry(actor, AuditAction::AttachmentRemoved, notice_id);
    e.detail = Some(serde_json::json!({ "attachment": attachment_id, "name": row.name }));
    audit::record(&txn, e).await?;
    txn.commit().await?;
    state.newest_notices.invalidate();
    Ok(())
}
