//! The audit trail viewer (`/admin/audit`) and its CSV (`/admin/audit.csv`),
//! issue 20 item 4: the audit log read back, newest first, filtered by
//! actor, target, action, outcome and a range of Japan dates.
//!
//! Who sees what is decided in one place, [`Reach`]: the ministry
//! administrators see every entry; a prefecture officer sees the entries
//! about the prefecture's accounts and facilities — those whose actor is
//! one of its accounts (`account_admin::users_in_prefecture`), or whose
//! target is one of its accounts, an SOS request of its facilities or a
//! membership of one of its facilities. Every other role (the helpdesk
//! too, which has its console's history) is refused and the refusal
//! audited. Bad filters get a Japanese message per field and nothing is
//! read or recorded. The page and the CSV share the filters and the scope;
//! the CSV is read in keyset batches and streamed through the area
//! downloads' writer (UTF-8 with BOM), and each download is itself audited
//! (`audit.downloaded`, with its filters) before the first row is read.
//!
//! The log is only read here: rows are never changed or removed.

pub mod detail;

use crate::domain::audit_trail::{AuditEntryView, AuditFilter, AuditTrailPage, OUTCOMES, PAGE_SIZE, TEXT_MAX};
use crate::domain::error::{AppError, FieldErrors};
use crate::domain::roles::{Actor, Role, Scope};
use crate::server::account_admin::users_in_prefecture;
use crate::server::area::downloads::{Cell, Sink};
use crate::server::audit::{self, AuditAction, AuditEntry};
use crate::server::authz::require_role;
use crate::server::entities::{audit_log, facility, membership, sos_request, user};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, Func, Query, SelectStatement};
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;
use std::io;
use tokio::sync::mpsc;

/// Who may read the trail.
const VIEWER_ROLES: &[Role] = &[Role::MinistryAdmin, Role::Prefecture];
/// Rows read per query of a download.
const BATCH: u64 = 1000;
/// Chunks the download's channel holds before the reader waits for the client.
const CHANNEL: usize = 4;

/// The part of the log a caller may read.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Reach {
    All,
    Prefecture(String),
}

/// The caller's reach, or an audited refusal.
async fn reach(db: &DatabaseConnection, actor: &Actor, what: &str) -> Result<Reach, AppError> {
    require_role(db, actor, VIEWER_ROLES, what).await?;
    match &actor.scope {
        Scope::National if actor.role == Role::MinistryAdmin => Ok(Reach::All),
        Scope::Prefecture(p) => Ok(Reach::Prefecture(p.as_str().to_owned())),
        // A role with a scope it cannot have is refused, never widened.
        _ => Err(AppError::Forbidden),
    }
}

/// Filters checked and in the log's terms.
#[derive(Clone, Debug, Default)]
struct Checked {
    actor: Option<String>,
    target: Option<String>,
    action: Option<AuditAction>,
    outcome: Option<&'static str>,
    /// From this instant (the start of the first day in Japan).
    since: Option<DateTime<Utc>>,
    /// Before this instant (the start of the day after the last one).
    until: Option<DateTime<Utc>>,
    before: Option<i64>,
    after: Option<i64>,
}

/// Checks `f`: each refused field gets its Japanese message.
fn check(f: &AuditFilter) -> Result<Checked, AppError> {
    let texts = crate::i18n::t().audit();
    let mut errors = FieldErrors::new();
    let mut text = |field: &str, value: &Option<String>| -> Option<String> {
        let v = value.as_deref()?.trim();
        if v.chars().count() > TEXT_MAX {
            errors.insert(field.to_owned(), (texts.too_long)(TEXT_MAX));
            return None;
        }
        Some(crate::domain::helpdesk::normalize_query(v)).filter(|v| !v.is_empty())
    };
    let actor = text("actor", &f.actor);
    let target = text("target", &f.target);
    let action = match f.action.as_deref() {
        None => None,
        Some(code) => {
            let a = AuditAction::from_code(code);
            if a.is_none() {
                errors.insert("action".into(), texts.unknown_action.to_owned());
            }
            a
        }
    };
    let outcome = match f.outcome.as_deref() {
        None => None,
        Some(code) => {
            let o = OUTCOMES.into_iter().find(|o| *o == code);
            if o.is_none() {
                errors.insert("outcome".into(), texts.unknown_outcome.to_owned());
            }
            o
        }
    };
    let mut date = |field: &str, value: &Option<String>| -> Option<NaiveDate> {
        let v = value.as_deref()?;
        // `2026-12-01` exactly: a four-digit year, so every accepted day
        // is one both databases store.
        let shaped = v.len() == 10
            && v.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
        let d = NaiveDate::parse_from_str(v, "%Y-%m-%d").ok().filter(|_| shaped);
        if d.is_none() {
            errors.insert(field.to_owned(), texts.bad_date.to_owned());
        }
        d
    };
    let from = date("from", &f.from);
    let to = date("to", &f.to);
    if let (Some(a), Some(b)) = (from, to)
        && a > b
    {
        errors.insert("from".into(), texts.range_reversed.to_owned());
    }
    let mut cursor = |value: &Option<String>| -> Option<i64> {
        let v = value.as_deref()?;
        let n = v.parse::<i64>().ok().filter(|n| *n > 0);
        if n.is_none() {
            errors.insert("page".into(), texts.bad_page.to_owned());
        }
        n
    };
    let before = cursor(&f.before);
    let after = cursor(&f.after);
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    Ok(Checked {
        actor,
        target,
        action,
        outcome,
        since: from.map(start_of_japan_day),
        until: to.and_then(|d| d.succ_opt()).map(start_of_japan_day),
        before,
        after,
    })
}

/// 00:00 of `day` in Japan, as an instant.
fn start_of_japan_day(day: NaiveDate) -> DateTime<Utc> {
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    (midnight - chrono::Duration::hours(9)).and_utc()
}

/// `SELECT CAST(id AS TEXT) FROM … WHERE cond`: the ids of column `id`'s
/// table as the log's `target_id` holds them.
fn ids_as_text<C: ColumnTrait>(id: C, cond: Condition) -> SelectStatement {
    Query::select()
        .expr(Func::cast_as(Expr::col(id.as_column_ref()), "TEXT"))
        .from(id.entity_name())
        .cond_where(cond)
        .to_owned()
}

/// Rows whose target is of `kind` and one of the ids `select` lists.
fn target_in(kind: &str, select: SelectStatement) -> Condition {
    Condition::all().add(audit_log::Column::TargetKind.eq(kind)).add(audit_log::Column::TargetId.in_subquery(select))
}

/// The entries about prefecture `code`'s accounts and facilities.
fn in_prefecture(code: &str) -> Condition {
    let accounts =
        || Query::select().column(user::Column::Id).from(user::Entity).cond_where(users_in_prefecture(code)).to_owned();
    let facilities = Query::select()
        .column(facility::Column::Id)
        .from(facility::Entity)
        .and_where(facility::Column::PrefectureCode.eq(code))
        .to_owned();
    Condition::any()
        .add(audit_log::Column::ActorUserId.in_subquery(accounts()))
        .add(target_in("user", ids_as_text(user::Column::Id, users_in_prefecture(code))))
        .add(target_in(
            "sos_request",
            ids_as_text(sos_request::Column::Id, Condition::all().add(sos_request::Column::PrefectureCode.eq(code))),
        ))
        .add(target_in(
            "membership",
            ids_as_text(
                membership::Column::Id,
                Condition::all().add(membership::Column::FacilityId.in_subquery(facilities)),
            ),
        ))
}

/// Rows whose target is what `text` names: a login ID, a 医療機関コード
/// (the facility's accounts, SOS requests and memberships), or a target's
/// number as shown (`12` or `#12`).
async fn target_condition(db: &DatabaseConnection, text: &str) -> Result<Condition, AppError> {
    let number = text.trim_start_matches('#').trim();
    let mut any = Condition::any().add(audit_log::Column::TargetId.eq(number));
    let account = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .filter(user::Column::LoginId.eq(text.to_uppercase()))
        .into_tuple::<i32>()
        .one(db)
        .await?;
    if let Some(id) = account {
        any = any.add(
            Condition::all()
                .add(audit_log::Column::TargetKind.eq("user"))
                .add(audit_log::Column::TargetId.eq(id.to_string())),
        );
    }
    if text.len() == 10 && text.chars().all(|c| c.is_ascii_digit()) {
        let found = facility::Entity::find()
            .select_only()
            .column(facility::Column::Id)
            .filter(facility::Column::MedicalCode.eq(text))
            .into_tuple::<i32>()
            .one(db)
            .await?;
        if let Some(f) = found {
            any = any
                .add(target_in(
                    "user",
                    ids_as_text(user::Column::Id, Condition::all().add(user::Column::FacilityId.eq(f))),
                ))
                .add(target_in(
                    "sos_request",
                    ids_as_text(sos_request::Column::Id, Condition::all().add(sos_request::Column::FacilityId.eq(f))),
                ))
                .add(target_in(
                    "membership",
                    ids_as_text(membership::Column::Id, Condition::all().add(membership::Column::FacilityId.eq(f))),
                ));
        }
    }
    Ok(any)
}

/// The condition on `audit_log` for `reach` and the filters (not the cursor).
async fn condition(db: &DatabaseConnection, reach: &Reach, c: &Checked) -> Result<Condition, AppError> {
    let mut cond = Condition::all();
    if let Reach::Prefecture(code) = reach {
        cond = cond.add(in_prefecture(code));
    }
    if let Some(a) = &c.actor {
        // Login IDs are upper case; labels such as `cli` are matched as typed.
        cond = cond.add(audit_log::Column::ActorLabel.is_in([a.clone(), a.to_uppercase()]));
    }
    if let Some(t) = &c.target {
        cond = cond.add(target_condition(db, t).await?);
    }
    if let Some(a) = c.action {
        cond = cond.add(audit_log::Column::Action.eq(a.code()));
    }
    if let Some(o) = c.outcome {
        cond = cond.add(audit_log::Column::Outcome.eq(o));
    }
    if let Some(since) = c.since {
        cond = cond.add(audit_log::Column::At.gte(since));
    }
    if let Some(until) = c.until {
        cond = cond.add(audit_log::Column::At.lt(until));
    }
    Ok(cond)
}

/// One page of the trail for `actor`: newest first, [`PAGE_SIZE`] entries,
/// before or after the cursor of `filter`.
pub async fn page(db: &DatabaseConnection, actor: &Actor, filter: AuditFilter) -> Result<AuditTrailPage, AppError> {
    let reach = reach(db, actor, "audit.view").await?;
    let checked = check(&filter)?;
    let cond = condition(db, &reach, &checked).await?;
    let query = audit_log::Entity::find().filter(cond.clone());
    let mut rows = match (checked.after, checked.before) {
        (Some(after), _) => {
            let mut rows = query
                .filter(audit_log::Column::Id.gt(after))
                .order_by_asc(audit_log::Column::Id)
                .limit(PAGE_SIZE)
                .all(db)
                .await?;
            rows.reverse();
            rows
        }
        (None, before) => {
            let query = match before {
                Some(b) => query.filter(audit_log::Column::Id.lt(b)),
                None => query,
            };
            query.order_by_desc(audit_log::Column::Id).limit(PAGE_SIZE).all(db).await?
        }
    };
    let exists = |extra: Condition| {
        let cond = cond.clone();
        async move {
            let found = audit_log::Entity::find()
                .select_only()
                .column(audit_log::Column::Id)
                .filter(cond)
                .filter(extra)
                .limit(1)
                .into_tuple::<i64>()
                .one(db)
                .await?;
            Ok::<bool, AppError>(found.is_some())
        }
    };
    let (mut newer, mut older) = (None, None);
    if let (Some(first), Some(last)) = (rows.first().map(|r| r.id), rows.last().map(|r| r.id)) {
        if exists(Condition::all().add(audit_log::Column::Id.gt(first))).await? {
            newer = Some(first);
        }
        if exists(Condition::all().add(audit_log::Column::Id.lt(last))).await? {
            older = Some(last);
        }
    }
    let logins = target_logins(db, &rows).await?;
    let entries = rows.drain(..).map(|r| view(r, &logins).0).collect();
    Ok(AuditTrailPage { national: reach == Reach::All, filter: filter.first_page(), entries, newer, older })
}

/// The login IDs of the accounts `rows` target.
async fn target_logins(
    db: &DatabaseConnection,
    rows: &[audit_log::Model],
) -> Result<HashMap<String, String>, AppError> {
    let ids: Vec<i32> = rows
        .iter()
        .filter(|r| r.target_kind.as_deref() == Some("user"))
        .filter_map(|r| r.target_id.as_deref()?.parse().ok())
        .collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let found: Vec<(i32, String)> = user::Entity::find()
        .select_only()
        .columns([user::Column::Id, user::Column::LoginId])
        .filter(user::Column::Id.is_in(ids))
        .into_tuple()
        .all(db)
        .await?;
    Ok(found.into_iter().map(|(id, login)| (id.to_string(), login)).collect())
}

/// A row in words, and its detail as stored.
fn view(r: audit_log::Model, logins: &HashMap<String, String>) -> (AuditEntryView, Option<String>) {
    let texts = crate::i18n::t().audit();
    let at = r.at.with_timezone(&crate::domain::time::jst()).format("%Y-%m-%d %H:%M:%S").to_string();
    let target = match (r.target_kind.as_deref(), r.target_id.as_deref()) {
        (Some(kind), Some(id)) => {
            let name = (texts.target_kind)(kind).unwrap_or(kind);
            Some(match (kind, logins.get(id)) {
                ("user", Some(login)) => format!("{name} {login}"),
                _ if id.parse::<i64>().is_ok() => format!("{name} #{id}"),
                _ => format!("{name} {id}"),
            })
        }
        _ => None,
    };
    let detail = detail::describe(&r.action, r.detail.as_deref());
    let view = AuditEntryView {
        id: r.id,
        at,
        actor: r.actor_label,
        action_label: texts.action_label(&r.action).unwrap_or(&r.action).to_owned(),
        action: r.action,
        target,
        outcome_label: (texts.outcome_label)(&r.outcome).unwrap_or(&r.outcome).to_owned(),
        outcome: r.outcome,
        ip: r.ip,
        detail,
    };
    (view, r.detail)
}

/// A download ready to stream: its file name and body chunks.
pub struct CsvDownload {
    pub file_name: String,
    pub body: mpsc::Receiver<Result<Vec<u8>, io::Error>>,
}

/// Checks the request, records the download (`audit.downloaded`, with the
/// filters), and starts writing the entries the filters select, newest
/// first, as CSV — every entry up to the download's own, whatever the
/// page cursor of `filter`.
pub async fn start_csv(
    db: &DatabaseConnection,
    actor: &Actor,
    filter: AuditFilter,
    ip: Option<String>,
    now: DateTime<Utc>,
) -> Result<CsvDownload, AppError> {
    let reach = reach(db, actor, "audit.download").await?;
    // A cursor is checked like any filter, then left out: the file holds
    // every page.
    let checked = check(&filter)?;
    let filter = filter.first_page();
    let cond = condition(db, &reach, &checked).await?;
    let last = audit_log::Entity::find()
        .select_only()
        .column(audit_log::Column::Id)
        .order_by_desc(audit_log::Column::Id)
        .limit(1)
        .into_tuple::<i64>()
        .one(db)
        .await?
        .unwrap_or(0);
    let filters: serde_json::Map<String, serde_json::Value> = [
        ("actor", &filter.actor),
        ("target", &filter.target),
        ("action", &filter.action),
        ("outcome", &filter.outcome),
        ("from", &filter.from),
        ("to", &filter.to),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.clone().map(|v| (k.to_owned(), serde_json::Value::String(v))))
    .collect();
    let prefecture = match &reach {
        Reach::All => None,
        Reach::Prefecture(p) => Some(p.clone()),
    };
    let mut entry =
        AuditEntry::new(AuditAction::AuditDownloaded, Some(actor.user_id.0), actor.login_id.as_str()).ip(ip);
    entry.detail = Some(serde_json::json!({ "filters": filters, "prefecture": prefecture }));
    audit::record(db, entry).await?;

    let (tx, rx) = mpsc::channel(CHANNEL);
    let db = db.clone();
    let locale = crate::i18n::locale();
    tokio::spawn(crate::i18n::with_locale(locale, async move {
        let mut sink = Sink::new(crate::domain::area::DownloadFormat::CsvUtf8, tx.clone());
        let outcome = match write_csv(&db, cond, last, &mut sink).await {
            Ok(()) => sink.finish().await,
            Err(e) => Err(e),
        };
        if let Err(e) = outcome {
            tracing::warn!(error = %e, rows = sink.rows(), "audit trail download stopped");
            let _ = tx.send(Err(io::Error::other("download failed"))).await;
        }
    }));
    let day = crate::domain::time::japan_date(now).format("%Y%m%d");
    Ok(CsvDownload { file_name: format!("gmis-audit-{day}.csv"), body: rx })
}

/// The header and the rows of `cond` numbered up to `last`, newest first,
/// [`BATCH`] rows per query.
async fn write_csv(db: &DatabaseConnection, cond: Condition, last: i64, sink: &mut Sink) -> io::Result<()> {
    let texts = crate::i18n::t().audit();
    sink.header(&[
        texts.col_id,
        texts.col_at,
        texts.col_actor,
        texts.col_action,
        texts.col_action_code,
        texts.col_target,
        texts.col_outcome,
        texts.col_ip,
        texts.col_detail,
        texts.col_detail_json,
    ])
    .await?;
    let mut below = last.saturating_add(1);
    loop {
        let rows = audit_log::Entity::find()
            .filter(cond.clone())
            .filter(audit_log::Column::Id.lt(below))
            .order_by_desc(audit_log::Column::Id)
            .limit(BATCH)
            .all(db)
            .await
            .map_err(io::Error::other)?;
        let Some(oldest) = rows.last().map(|r| r.id) else { return Ok(()) };
        below = oldest;
        let logins = target_logins(db, &rows).await.map_err(|e| io::Error::other(e.to_string()))?;
        for r in rows {
            let (v, raw) = view(r, &logins);
            let text = |s: Option<String>| s.map_or(Cell::Empty, Cell::Text);
            let detail =
                v.detail.iter().map(crate::domain::audit_trail::DetailLine::text).collect::<Vec<_>>().join("\n");
            sink.row(vec![
                Cell::Int(v.id),
                Cell::Text(v.at),
                Cell::Text(v.actor),
                Cell::Text(v.action_label),
                Cell::Text(v.action),
                text(v.target),
                Cell::Text(v.outcome_label),
                text(v.ip),
                Cell::Text(detail),
                text(raw),
            ])
            .await?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(pairs: &[(&str, &str)]) -> AuditFilter {
        AuditFilter::from_query(|k| pairs.iter().find(|(key, _)| *key == k).map(|(_, v)| (*v).to_owned()))
    }

    fn fields(f: AuditFilter) -> Vec<String> {
        match check(&f) {
            Err(AppError::Validation(e)) => e.into_keys().collect(),
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn a_japan_date_range_covers_whole_days() {
        let c = check(&filter(&[("from", "2026-12-01"), ("to", "2026-12-01")])).unwrap();
        assert_eq!(c.since.unwrap().to_rfc3339(), "2026-11-30T15:00:00+00:00");
        assert_eq!(c.until.unwrap().to_rfc3339(), "2026-12-01T15:00:00+00:00");
    }

    #[test]
    fn bad_filters_are_named_by_field() {
        assert_eq!(fields(filter(&[("from", "2026-13-01")])), ["from"]);
        assert_eq!(fields(filter(&[("to", "12/01")])), ["to"]);
        assert_eq!(fields(filter(&[("to", "+123-12-01")])), ["to"]);
        assert_eq!(fields(filter(&[("from", "2026-1-1")])), ["from"]);
        assert_eq!(fields(filter(&[("from", "2026-12-02"), ("to", "2026-12-01")])), ["from"]);
        assert_eq!(fields(filter(&[("action", "drop.table")])), ["action"]);
        assert_eq!(fields(filter(&[("outcome", "maybe")])), ["outcome"]);
        assert_eq!(fields(filter(&[("actor", &"A".repeat(65))])), ["actor"]);
        assert_eq!(fields(filter(&[("before", "-1")])), ["page"]);
        assert_eq!(fields(filter(&[("after", "x")])), ["page"]);
        let ok =
            check(&filter(&[("actor", " ｄｅｍｈｓｐ２２ "), ("action", "sessions.ended"), ("outcome", "refused")]));
        let ok = ok.unwrap();
        assert_eq!(ok.actor.as_deref(), Some("demhsp22"));
        assert_eq!(ok.action, Some(AuditAction::SessionsEnded));
        assert_eq!(ok.outcome, Some("refused"));
    }
}
