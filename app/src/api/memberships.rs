//! Association memberships (ministry administrators).

use crate::domain::error::AppError;
use crate::domain::memberships::{AggregatorChoice, Membership};
use chrono::NaiveDate;
use leptos::prelude::*;

#[server(endpoint = "memberships/aggregators")]
pub async fn list_aggregators() -> Result<Vec<AggregatorChoice>, AppError> {
    use crate::server::{context, memberships};
    let actor = context::require_actor().map_err(context::respond)?;
    memberships::aggregators(&context::db()?, &actor).await.map_err(context::respond)
}

#[server(endpoint = "memberships/list")]
pub async fn list_memberships(aggregator_id: i32) -> Result<Vec<Membership>, AppError> {
    use crate::server::{context, memberships};
    let actor = context::require_actor().map_err(context::respond)?;
    memberships::list(&context::db()?, &actor, aggregator_id).await.map_err(context::respond)
}

/// `valid_to` may be empty (open-ended).
#[server(endpoint = "memberships/add")]
pub async fn add_membership(
    aggregator_id: i32,
    medical_code: String,
    valid_from: NaiveDate,
    valid_to: Option<String>,
) -> Result<i32, AppError> {
    use crate::server::{context, memberships};
    let actor = context::require_actor().map_err(context::respond)?;
    memberships::add(
        &context::db()?,
        &actor,
        aggregator_id,
        &medical_code,
        valid_from,
        valid_to.as_deref().unwrap_or(""),
    )
    .await
    .inspect(|_| context::redirect_back_done("added"))
    .map_err(context::respond)
}

#[server(endpoint = "memberships/end")]
pub async fn end_membership(membership_id: i32, valid_to: NaiveDate) -> Result<(), AppError> {
    use crate::server::{context, memberships};
    let actor = context::require_actor().map_err(context::respond)?;
    memberships::end(&context::db()?, &actor, membership_id, valid_to)
        .await
        .inspect(|_| context::redirect_back_done("ended"))
        .map_err(context::respond)
}
