//! Medical supplies: the overview of a facility's (or an association's
//! members') stock and requests, SOS requests and their workflow, and the
//! reviewers' queue. The weekly survey itself is saved by `submit_report`.

use crate::domain::error::AppError;
use crate::domain::supplies::{
    SosActionInput, SosForm, SosInput, SosOutcome, SosQueue, SosQueueFilter, SosRequestView, SupplyOverview,
};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[server(endpoint = "supplies/overview")]
pub async fn load_supply_overview() -> Result<SupplyOverview, AppError> {
    use crate::server::{context, supplies};
    let actor = context::require_actor().map_err(context::respond)?;
    supplies::overview(&context::state()?, &actor, context::now()?).await.map_err(context::respond)
}

/// The new-request form for `unit` (`f12`; empty: the user's own facility).
#[server(endpoint = "supplies/sos_form")]
pub async fn load_sos_form(unit: Option<String>) -> Result<SosForm, AppError> {
    use crate::server::{context, supplies};
    let actor = context::require_actor().map_err(context::respond)?;
    supplies::form(&context::state()?, &actor, unit.as_deref(), context::now()?).await.map_err(context::respond)
}

#[server(endpoint = "supplies/sos_create", input = Json)]
pub async fn create_sos_request(input: SosInput) -> Result<SosOutcome, AppError> {
    use crate::server::{context, supplies};
    let actor = context::require_actor().map_err(context::respond)?;
    supplies::create(&context::state()?, &actor, input, context::now()?).await.map_err(context::respond)
}

#[server(endpoint = "supplies/sos_request")]
pub async fn load_sos_request(id: i32) -> Result<SosRequestView, AppError> {
    use crate::server::{context, supplies};
    let actor = context::require_actor().map_err(context::respond)?;
    supplies::detail(&context::state()?, &actor, id, context::now()?).await.map_err(context::respond)
}

/// Takes one workflow step; answers with the request as it is afterwards.
#[server(endpoint = "supplies/sos_act", input = Json)]
pub async fn act_on_sos_request(input: SosActionInput) -> Result<SosRequestView, AppError> {
    use crate::server::{context, supplies};
    let actor = context::require_actor().map_err(context::respond)?;
    supplies::act(&context::state()?, &actor, input, context::now()?).await.map_err(context::respond)
}

#[server(endpoint = "supplies/queue", input = Json)]
pub async fn load_sos_queue(filter: SosQueueFilter) -> Result<SosQueue, AppError> {
    use crate::server::{context, supplies};
    let actor = context::require_actor().map_err(context::respond)?;
    supplies::queue(&context::state()?, &actor, filter, context::now()?).await.map_err(context::respond)
}
