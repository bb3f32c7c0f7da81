//! Survey versions made in the browser (`/admin/surveys`, issue 21 items 2
//! and 6): the list of versions per survey; a draft kept as typed and
//! checked (nothing installed while any problem remains); installing it as
//! the survey's next version from a future day, with the notice that
//! explains it; and the 「変更」 marks of a form in its first days.
//!
//! Only ministry administrators. A version never changes once installed
//! (`reports::install`); what the draft was checked against is checked
//! again when it is installed, so that a version installed in between is
//! not overtaken unseen.

use crate::domain::error::{AppError, FieldErrors};
use crate::domain::roles::{Actor, Role};
use crate::domain::survey_versions::{
    DraftOutcome, MARKED_DAYS, NewVersionPage, Revised, SurveyVersions, VersionInput, VersionRow, VersionState,
    check_new_version, diff,
};
use crate::domain::surveys::{SurveyDefinition, SurveyKind, version_for};
use crate::domain::time::japan_date;
use crate::server::audit::{self, AuditAction, AuditEntry};
use crate::server::authz::require_role;
use crate::server::context::AppState;
use crate::server::db::FirstRow;
use crate::server::entities::{notice, survey_draft, survey_version};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use std::collections::HashMap;

const ADMIN: [Role; 1] = [Role::MinistryAdmin];

/// Every installed version, as (row, definition).
async fn installed(conn: &impl ConnectionTrait) -> Result<Vec<(survey_version::Model, SurveyDefinition)>, AppError> {
    let rows = survey_version::Entity::find().order_by_asc(survey_version::Column::Version).all(conn).await?;
    rows.into_iter()
        .map(|row| {
            let def =
                serde_json::from_str(&row.definition).map_err(|e| crate::server::errors::internal("survey", e))?;
            Ok((row, def))
        })
        .collect()
}

/// Titles of notices by number.
async fn notice_titles(conn: &impl ConnectionTrait, ids: Vec<i32>) -> Result<HashMap<i32, String>, AppError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(i32, String)> = notice::Entity::find()
        .select_only()
        .columns([notice::Column::Id, notice::Column::Title])
        .filter(notice::Column::Id.is_in(ids))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows.into_iter().collect())
}

/// Every survey with its versions, the newest first, and where each stands
/// today.
pub async fn list(state: &AppState, actor: &Actor, now: DateTime<Utc>) -> Result<Vec<SurveyVersions>, AppError> {
    require_role(&state.db, actor, &ADMIN, "surveys.list").await?;
    let today = japan_date(now);
    let all = installed(&state.db).await?;
    let titles = notice_titles(&state.db, all.iter().filter_map(|(r, _)| r.notice_id).collect()).await?;
    Ok(SurveyKind::ALL
        .into_iter()
        .filter_map(|survey| {
            let defs: Vec<SurveyDefinition> =
                all.iter().filter(|(_, d)| d.survey == survey).map(|(_, d)| d.clone()).collect();
            let in_force = version_for(&defs, today).map(|d| d.version);
            let mut versions: Vec<VersionRow> = all
                .iter()
                .filter(|(_, d)| d.survey == survey)
                .map(|(row, d)| VersionRow {
                    version: d.version,
                    effective_from: d.effective_from,
                    title: d.title_in(crate::i18n::locale().lang).to_owned(),
                    state: match in_force {
                        Some(v) if v == d.version => VersionState::InForce,
                        _ if d.effective_from > today => VersionState::Scheduled,
                        _ => VersionState::Past,
                    },
                    notice: row.notice_id.map(|n| (n, titles.get(&n).cloned().unwrap_or_default())),
                })
                .collect();
            versions.reverse();
            let title = versions.first()?.title.clone();
            Some(SurveyVersions { survey, title, versions })
        })
        .collect())
}

/// The page preparing a new version of `survey`: from draft `draft` (as
/// typed, with what checking it found), or from the survey's latest version.
pub async fn new_version_page(
    state: &AppState,
    actor: &Actor,
    survey: &str,
    draft: Option<i32>,
    now: DateTime<Utc>,
) -> Result<NewVersionPage, AppError> {
    require_role(&state.db, actor, &ADMIN, "surveys.new").await?;
    let all: Vec<SurveyDefinition> = installed(&state.db).await?.into_iter().map(|(_, d)| d).collect();
    let (input, outcome) = match draft {
        Some(id) => {
            let d = survey_draft::Entity::find_by_id(id).first(&state.db).await?.ok_or(AppError::NotFound)?;
            let input = as_typed(d);
            let outcome = outcome_of(&state.db, &input, &all, now).await?;
            (input, Some(outcome))
        }
        None => (starting_point(survey, &all)?, None),
    };
    let kind = SurveyKind::from_code(&input.survey).ok_or(AppError::NotFound)?;
    let title = all
        .iter()
        .filter(|d| d.survey == kind)
        .max_by_key(|d| d.version)
        .map(|d| d.title_in(crate::i18n::locale().lang).to_owned());
    let notices: Vec<(i32, String)> = notice::Entity::find()
        .select_only()
        .columns([notice::Column::Id, notice::Column::Title])
        .filter(notice::Column::PublishedAt.is_not_null())
        .filter(notice::Column::WithdrawnAt.is_null())
        .order_by_desc(notice::Column::Id)
        .limit(50)
        .into_tuple()
        .all(&state.db)
        .await?;
    Ok(NewVersionPage { survey: kind, title: title.unwrap_or_default(), input, draft, outcome, notices })
}

/// A draft as it was typed.
fn as_typed(d: survey_draft::Model) -> VersionInput {
    VersionInput { survey: d.survey, definition: d.definition, effective_from: d.effective_from, notice: d.notice }
}

/// The latest version of `survey` as the form starts from it.
fn starting_point(survey: &str, all: &[SurveyDefinition]) -> Result<VersionInput, AppError> {
    let kind = SurveyKind::from_code(survey).ok_or(AppError::NotFound)?;
    let latest = all.iter().filter(|d| d.survey == kind).max_by_key(|d| d.version).ok_or(AppError::NotFound)?;
    let definition =
        serde_json::to_string_pretty(latest).map_err(|e| crate::server::errors::internal("survey json", e))?;
    Ok(VersionInput { survey: kind.code().to_owned(), definition, ..VersionInput::default() })
}

/// Checks a typed version: the shared checks, then that its notice is one
/// users can read.
async fn outcome_of(
    conn: &impl ConnectionTrait,
    input: &VersionInput,
    all: &[SurveyDefinition],
    now: DateTime<Utc>,
) -> Result<DraftOutcome, AppError> {
    let checked = check_new_version(input, all, japan_date(now));
    let mut errors = match &checked {
        Err(e) => e.clone(),
        Ok(_) => FieldErrors::new(),
    };
    if let Ok(n) = input.notice.trim().parse::<i32>()
        && !notice::Entity::find_by_id(n)
            .first(conn)
            .await?
            .is_some_and(|n| n.published_at.is_some() && n.withdrawn_at.is_none())
    {
        errors.insert("notice".into(), crate::i18n::t().survey_admin().notice_unknown.into());
    }
    Ok(match checked {
        Ok((definition, follows)) if errors.is_empty() => {
            let diff = diff(&follows, &definition);
            let marked = diff.marked(&definition, &follows).into_iter().collect();
            DraftOutcome::Ready { definition: Box::new(definition), follows: follows.version, diff, marked }
        }
        _ => DraftOutcome::Refused(errors),
    })
}

/// Keeps a typed version as a draft, whatever it holds (checking it is the
/// page's), and answers with its number. Only its size is refused here.
pub async fn save_draft(
    state: &AppState,
    actor: &Actor,
    input: VersionInput,
    now: DateTime<Utc>,
) -> Result<i32, AppError> {
    require_role(&state.db, actor, &ADMIN, "surveys.draft").await?;
    let t = crate::i18n::t().survey_admin();
    let max = crate::domain::survey_versions::MAX_DEFINITION_CHARS;
    if input.definition.chars().count() > max {
        return Err(AppError::field("definition", &(t.too_long)(max)));
    }
    if SurveyKind::from_code(input.survey.trim()).is_none() {
        return Err(AppError::field("survey", t.survey_unknown));
    }
    let cut = |s: &str| s.chars().take(40).collect::<String>();
    let txn = state.writer.begin().await?;
    let row = survey_draft::ActiveModel {
        id: NotSet,
        created_by: Set(actor.user_id.0),
        created_at: Set(now),
        survey: Set(input.survey.trim().to_owned()),
        definition: Set(input.definition),
        effective_from: Set(cut(&input.effective_from)),
        notice: Set(cut(&input.notice)),
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(row.id)
}

/// Installs draft `draft` as its survey's next version, when it still
/// passes every check and still follows version `follows` (else a
/// conflict: another version came in between). Answers with the version.
pub async fn add(
    state: &AppState,
    actor: &Actor,
    draft: i32,
    follows: i32,
    now: DateTime<Utc>,
) -> Result<SurveyDefinition, AppError> {
    require_role(&state.db, actor, &ADMIN, "surveys.add").await?;
    let txn = crate::server::db::begin_exclusive(&state.db).await?;
    let d = survey_draft::Entity::find_by_id(draft).first(&txn).await?.ok_or(AppError::NotFound)?;
    let input = as_typed(d);
    let all: Vec<SurveyDefinition> = installed(&txn).await?.into_iter().map(|(_, d)| d).collect();
    let (definition, latest) = match outcome_of(&txn, &input, &all, now).await? {
        DraftOutcome::Refused(errors) => return Err(AppError::Validation(errors)),
        DraftOutcome::Ready { definition, follows, .. } => (*definition, follows),
    };
    if latest != follows {
        return Err(AppError::Conflict(crate::i18n::t().survey_admin().stale.to_owned()));
    }
    let text = serde_json::to_string(&definition).map_err(|e| crate::server::errors::internal("survey json", e))?;
    let notice_id = input.notice.trim().parse::<i32>().ok();
    let row = survey_version::ActiveModel {
        id: NotSet,
        survey: Set(definition.survey.code().to_owned()),
        version: Set(definition.version),
        effective_from: Set(definition.effective_from),
        definition: Set(text),
        installed_at: Set(now),
        notice_id: Set(notice_id),
        installed_by: Set(Some(actor.user_id.0)),
    }
    .insert(&txn)
    .await?;
    let mut e = AuditEntry::new(AuditAction::SurveyVersionAdded, Some(actor.user_id.0), actor.login_id.as_str())
        .target("survey_version", row.id.to_string());
    e.detail = Some(serde_json::json!({
        "survey": definition.survey.code(), "version": definition.version,
        "effective_from": definition.effective_from, "notice": notice_id,
    }));
    audit::record(&txn, e).await?;
    txn.commit().await?;
    Ok(definition)
}

/// The marks of the form of `definition` (row `row_id`) on `day`: within
/// [`MARKED_DAYS`] of its first day, the items it changed from the version
/// before, and the notice that explains them.
pub async fn revised(
    conn: &impl ConnectionTrait,
    row_id: i32,
    definition: &SurveyDefinition,
    day: NaiveDate,
) -> Result<Option<Revised>, AppError> {
    if day >= definition.effective_from + chrono::Duration::days(MARKED_DAYS) || definition.version < 2 {
        return Ok(None);
    }
    let Some(before) = survey_version::Entity::find()
        .filter(survey_version::Column::Survey.eq(definition.survey.code()))
        .filter(survey_version::Column::Version.lt(definition.version))
        .order_by_desc(survey_version::Column::Version)
        .first(conn)
        .await?
    else {
        return Ok(None);
    };
    let Some(row) = survey_version::Entity::find_by_id(row_id).first(conn).await? else { return Ok(None) };
    // Both as stored: `definition` may be the reader's translation, and a
    // translated item must not count as a changed one.
    let parse = |text: &str| -> Result<SurveyDefinition, AppError> {
        serde_json::from_str(text).map_err(|e| crate::server::errors::internal("survey", e))
    };
    let (before, current) = (parse(&before.definition)?, parse(&row.definition)?);
    let marked: Vec<String> = diff(&before, &current).marked(&current, &before).into_iter().collect();
    Ok(Some(Revised { since: definition.effective_from, marked, notice: row.notice_id }))
}
