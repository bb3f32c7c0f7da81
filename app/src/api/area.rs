//! Area views: completeness, capacity, supplies and the download page. The
//! services check the role and scope every filter to the caller's area.

use crate::domain::area::{AreaQuery, Capacity, Completeness, DownloadPage, SupplyStatus};
use crate::domain::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[server(endpoint = "area/completeness", input = Json)]
pub async fn load_completeness(query: AreaQuery) -> Result<Completeness, AppError> {
    use crate::server::{area, context};
    let actor = context::require_actor().map_err(context::respond)?;
    area::completeness::completeness(&context::state()?, &actor, query, context::now()?).await.map_err(context::respond)
}

#[server(endpoint = "area/capacity", input = Json)]
pub async fn load_capacity(query: AreaQuery) -> Result<Capacity, AppError> {
    use crate::server::{area, context};
    let actor = context::require_actor().map_err(context::respond)?;
    area::capacity::capacity(&context::state()?, &actor, query, context::now()?).await.map_err(context::respond)
}

#[server(endpoint = "area/supplies", input = Json)]
pub async fn load_area_supplies(query: AreaQuery) -> Result<SupplyStatus, AppError> {
    use crate::server::{area, context};
    let actor = context::require_actor().map_err(context::respond)?;
    area::supplies::supplies(&context::state()?, &actor, query, context::now()?).await.map_err(context::respond)
}

#[server(endpoint = "area/downloads", input = Json)]
pub async fn load_download_page(query: AreaQuery) -> Result<DownloadPage, AppError> {
    use crate::server::{area, context};
    let actor = context::require_actor().map_err(context::respond)?;
    area::downloads::page(&context::state()?, &actor, query, context::now()?).await.map_err(context::respond)
}
