//! API tokens (SPEC §8): a ministry admin issues them to an account, lists
//! and revokes them; `/api/v1` turns a bearer token into the account's
//! [`Actor`] with [`authenticate`]. Only the token's SHA-256 is stored.

use crate::domain::api_tokens::{
    ApiScope, IssuedToken, MAX_TOKEN_DAYS, MAX_TOKEN_NAME, NewToken, TOKEN_PREFIX, TOKEN_ROLES, TokenRow, state,
};
use crate::domain::error::{AppError, FieldErrors};
use crate::domain::jurisdiction::AccountStatus;
use crate::domain::roles::{Actor, Role};
use crate::server::audit::{self, AuditAction, AuditEntry};
use crate::server::auth::{actor_from, new_token, token_hash};
use crate::server::authz::require_role;
use crate::server::db::FirstRow;
use crate::server::entities::{api_token, user};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::NotSet, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use std::collections::HashMap;

/// How often a token's "last used" time is written: not on every request.
const TOUCH_INTERVAL: Duration = Duration::minutes(1);
/// Characters of the token kept for the list.
const PREFIX_LEN: usize = 12;
/// Most tokens the admin list shows (newest first).
const LIST_LIMIT: u64 = 1_000;

/// A request's token, resolved: the account it acts as and what it may do.
#[derive(Clone, Debug)]
pub struct TokenActor {
    pub actor: Actor,
    pub token_id: i32,
    pub scopes: Vec<ApiScope>,
}

/// Issues a token to `input.login_id`'s account. Ministry admins only.
pub async fn issue(
    db: &DatabaseConnection,
    actor: &Actor,
    input: NewToken,
    now: DateTime<Utc>,
) -> Result<IssuedToken, AppError> {
    require_role(db, actor, &[Role::MinistryAdmin], "api_tokens.issue").await?;
    let t = crate::i18n::t().api();
    let mut errors = FieldErrors::new();
    let name = input.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > MAX_TOKEN_NAME || name.chars().any(char::is_control) {
        errors.insert("name".into(), t.bad_name.into());
    }
    let mut scopes = input.scopes.clone();
    scopes.sort();
    scopes.dedup();
    if scopes.is_empty() {
        errors.insert("scopes".into(), t.no_scopes.into());
    }
    if !(1..=MAX_TOKEN_DAYS).contains(&input.days) {
        errors.insert("days".into(), t.bad_days.into());
    }
    let holder = user::Entity::find().filter(user::Column::LoginId.eq(input.login_id.trim())).first(db).await?;
    match &holder {
        None => {
            errors.insert("login_id".into(), t.unknown_account.into());
        }
        Some(u) if !TOKEN_ROLES.contains(&u.role) || u.status == AccountStatus::Disabled || actor_from(u).is_none() => {
            errors.insert("login_id".into(), t.account_cannot_hold.into());
        }
        Some(_) => {}
    }
    let Some(holder) = holder.filter(|_| errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };
    let token = format!("{TOKEN_PREFIX}{}", new_token());
    let prefix: String = token.chars().take(PREFIX_LEN).collect();
    let expires_at = now + Duration::days(input.days);
    let row = api_token::ActiveModel {
        id: NotSet,
        token_hash: Set(token_hash(&token)),
        prefix: Set(prefix),
        user_id: Set(holder.id),
        name: Set(name),
        scopes: Set(ApiScope::join(&scopes)),
        created_by: Set(actor.user_id.0),
        created_at: Set(now),
        expires_at: Set(expires_at),
        last_used_at: Set(None),
        revoked_at: Set(None),
    };
    let txn = sea_orm::TransactionTrait::begin(db).await?;
    let saved = api_token::Entity::insert(row).exec_with_returning(&txn).await?;
    let mut entry = AuditEntry::new(AuditAction::ApiTokenIssued, Some(actor.user_id.0), actor.login_id.as_str())
        .target("api_token", saved.id.to_string());
    entry.detail = Some(serde_json::json!({
        "holder": holder.login_id, "name": saved.name, "scopes": saved.scopes, "expires_at": expires_at,
    }));
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(IssuedToken { token, row: to_row(saved, &holder, now) })
}

/// Every token, newest first. Ministry admins only.
pub async fn list(db: &DatabaseConnection, actor: &Actor, now: DateTime<Utc>) -> Result<Vec<TokenRow>, AppError> {
    require_role(db, actor, &[Role::MinistryAdmin], "api_tokens.list").await?;
    let tokens = api_token::Entity::find().order_by_desc(api_token::Column::Id).limit(LIST_LIMIT).all(db).await?;
    let ids: Vec<i32> = tokens.iter().map(|t| t.user_id).collect();
    let holders: HashMap<i32, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    Ok(tokens
        .into_iter()
        .filter_map(|t| {
            let holder = holders.get(&t.user_id)?;
            Some(to_row(t, holder, now))
        })
        .collect())
}

/// Revokes token `id` at once: its next request is refused. Revoking a
/// revoked token changes nothing. Ministry admins only.
pub async fn revoke(db: &DatabaseConnection, actor: &Actor, id: i32, now: DateTime<Utc>) -> Result<(), AppError> {
    require_role(db, actor, &[Role::MinistryAdmin], "api_tokens.revoke").await?;
    let txn = sea_orm::TransactionTrait::begin(db).await?;
    let changed = api_token::Entity::update_many()
        .col_expr(api_token::Column::RevokedAt, Expr::value(now))
        .filter(api_token::Column::Id.eq(id))
        .filter(api_token::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?
        .rows_affected;
    if changed == 0 {
        return match api_token::Entity::find_by_id(id).first(&txn).await? {
            Some(_) => Ok(()),
            None => Err(AppError::NotFound),
        };
    }
    let entry = AuditEntry::new(AuditAction::ApiTokenRevoked, Some(actor.user_id.0), actor.login_id.as_str())
        .target("api_token", id.to_string());
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(())
}

/// The account and scopes of `token`, if it is known, unexpired, unrevoked
/// and its account is not disabled. A refusal is audited (without the
/// token) and answered with the one generic `Unauthenticated`.
pub async fn authenticate(
    db: &DatabaseConnection,
    token: &str,
    now: DateTime<Utc>,
    ip: Option<String>,
) -> Result<TokenActor, AppError> {
    let found = if token.starts_with(TOKEN_PREFIX) && token.len() < 200 {
        api_token::Entity::find().filter(api_token::Column::TokenHash.eq(token_hash(token))).first(db).await?
    } else {
        None
    };
    let live =
        found.filter(|t| state(t.expires_at, t.revoked_at, now) == crate::domain::api_tokens::TokenState::Active);
    let holder = match &live {
        Some(t) => user::Entity::find_by_id(t.user_id).first(db).await?,
        None => None,
    };
    let actor = holder.filter(|u| u.status != AccountStatus::Disabled).as_ref().and_then(actor_from);
    let (Some(t), Some(actor)) = (live, actor) else {
        let mut entry = AuditEntry::new(AuditAction::ApiTokenRefused, None, "api").ip(ip);
        entry.detail = Some(serde_json::json!({ "reason": "token" }));
        audit::record(db, entry).await?;
        return Err(AppError::Unauthenticated);
    };
    if t.last_used_at.is_none_or(|at| now - at >= TOUCH_INTERVAL) {
        api_token::Entity::update_many()
            .col_expr(api_token::Column::LastUsedAt, Expr::value(now))
            .filter(api_token::Column::Id.eq(t.id))
            .exec(db)
            .await?;
    }
    Ok(TokenActor { actor, token_id: t.id, scopes: ApiScope::split(&t.scopes) })
}

impl TokenActor {
    /// Passes when the token has `scope`; otherwise audits the attempt on
    /// `what` and refuses with `Forbidden`.
    pub async fn require(&self, db: &DatabaseConnection, scope: ApiScope, what: &str) -> Result<(), AppError> {
        if self.scopes.contains(&scope) {
            return Ok(());
        }
        let mut entry =
            AuditEntry::new(AuditAction::ApiTokenRefused, Some(self.actor.user_id.0), self.actor.login_id.as_str())
                .target("api_token", self.token_id.to_string());
        entry.detail = Some(serde_json::json!({ "reason": "scope", "what": what, "needs": scope.code() }));
        audit::record(db, entry).await?;
        Err(AppError::Forbidden)
    }
}

fn to_row(t: api_token::Model, holder: &user::Model, now: DateTime<Utc>) -> TokenRow {
    TokenRow {
        id: t.id,
        state: state(t.expires_at, t.revoked_at, now),
        name: t.name,
        prefix: t.prefix,
        login_id: holder.login_id.clone(),
        display_name: holder.display_name.clone(),
        scopes: ApiScope::split(&t.scopes),
        created_at: t.created_at,
        expires_at: t.expires_at,
        last_used_at: t.last_used_at,
    }
}

/// [`issue`] from the shell (`gmis api-tokens issue`), on behalf of the
/// ministry admin `by` — or, when not named, the first one registered.
pub async fn issue_from_shell(
    db: &DatabaseConnection,
    by: Option<&str>,
    input: NewToken,
    now: DateTime<Utc>,
) -> Result<IssuedToken, AppError> {
    let mut admins = user::Entity::find()
        .filter(user::Column::Role.eq(Role::MinistryAdmin))
        .filter(user::Column::Status.ne(AccountStatus::Disabled))
        .order_by_asc(user::Column::Id);
    if let Some(login) = by {
        admins = admins.filter(user::Column::LoginId.eq(login.trim()));
    }
    let admin = admins.first(db).await?.as_ref().and_then(actor_from).ok_or(AppError::NotFound)?;
    issue(db, &admin, input, now).await
}
