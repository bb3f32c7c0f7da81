//! API tokens (ministry administrators): the browser's side of
//! [`crate::server::api_tokens`] — list, issue and revoke. The same service
//! backs `gmis api-tokens issue` in the shell.

use crate::domain::api_tokens::{IssuedToken, TokenRow};
use crate::domain::error::AppError;
use leptos::prelude::*;

/// Every token, newest first (never the tokens themselves).
#[server(endpoint = "api_tokens/list")]
pub async fn list_api_tokens() -> Result<Vec<TokenRow>, AppError> {
    use crate::server::{api_tokens, context};
    let actor = context::require_actor().map_err(context::respond)?;
    api_tokens::list(&context::db()?, &actor, context::now()?).await.map_err(context::respond)
}

/// Issues a token to the account `login_id`; the answer carries the token,
/// the only time it is ever sent. Unknown scope codes are dropped, never
/// widened into something else.
#[server(endpoint = "api_tokens/issue")]
pub async fn issue_api_token(
    login_id: String,
    name: String,
    // A form with no box ticked sends no `scopes` at all: that is the
    // service's "choose at least one" to say, not a decoding failure.
    #[server(default)] scopes: Vec<String>,
    days: String,
) -> Result<IssuedToken, AppError> {
    use crate::domain::api_tokens::{ApiScope, NewToken};
    use crate::server::{api_tokens, context};
    let actor = context::require_actor().map_err(context::respond)?;
    let days = days
        .trim()
        .parse::<i64>()
        .map_err(|_| context::respond(AppError::field("days", crate::i18n::t().api().bad_days)))?;
    let scopes = scopes.iter().filter_map(|code| ApiScope::from_code(code)).collect();
    let input = NewToken { login_id, name, scopes, days };
    api_tokens::issue(&context::db()?, &actor, input, context::now()?).await.map_err(context::respond)
}

/// Revokes token `id` at once.
#[server(endpoint = "api_tokens/revoke")]
pub async fn revoke_api_token(id: i32) -> Result<(), AppError> {
    use crate::server::{api_tokens, context};
    let actor = context::require_actor().map_err(context::respond)?;
    api_tokens::revoke(&context::db()?, &actor, id, context::now()?)
        .await
        .inspect(|_| context::redirect_back_done("revoked"))
        .map_err(context::respond)
}
