//! Scheduled maintenance: the banner every page shows ahead of a window, and
//! the ministry administrators' schedule.

use crate::domain::error::AppError;
use crate::domain::maintenance::{Banner, MaintenancePlan, Window, WindowInput};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The administration page.
pub const PAGE_PATH: &str = "/admin/maintenance";

/// Where the window form posts without JavaScript (a plain route of the
/// server, which calls the service of [`save_maintenance`]).
pub const SAVE_PATH: &str = "/admin/maintenance/save";

/// Where a window's cancel button posts without JavaScript (a plain route
/// of the server, which calls the service of [`cancel_maintenance`]).
pub const CANCEL_PATH: &str = "/admin/maintenance/cancel";

/// The banner of the next window, once within the lead time; `None`
/// otherwise. Shown to visitors too (the login page has it).
#[server(endpoint = "maintenance/banner")]
pub async fn load_maintenance_banner() -> Result<Option<Banner>, AppError> {
    use crate::server::context;
    let state = context::state()?;
    state.maintenance.banner(&state.db, state.clock.now()).await.map_err(context::respond)
}

/// For the ministry administrator: the last day of the holiday calendar
/// when it ends within a year (`None` otherwise, and for everyone else).
#[server(endpoint = "maintenance/calendar")]
pub async fn load_calendar_alarm() -> Result<Option<String>, AppError> {
    use crate::domain::roles::Role;
    use crate::server::context;
    let actor = context::require_actor().map_err(context::respond)?;
    if actor.role != Role::MinistryAdmin {
        return Ok(None);
    }
    let state = context::state()?;
    let today = crate::domain::time::japan_date(state.clock.now());
    Ok(state.supplies.calendar.ends_soon(today).map(|d| d.format("%Y-%m-%d").to_string()))
}

#[server(endpoint = "maintenance/plan")]
pub async fn load_maintenance_plan() -> Result<MaintenancePlan, AppError> {
    use crate::server::{context, maintenance};
    let actor = context::require_actor().map_err(context::respond)?;
    maintenance::plan(&context::state()?, &actor, context::now()?).await.map_err(context::respond)
}

/// Schedules a window, or changes one that has not started.
#[server(endpoint = "maintenance/save", input = Json)]
pub async fn save_maintenance(input: WindowInput) -> Result<Window, AppError> {
    use crate::server::{context, maintenance};
    let actor = context::require_actor().map_err(context::respond)?;
    maintenance::save(&context::state()?, maintenance::Operator::Admin(&actor), input, context::now()?)
        .await
        .map_err(context::respond)
}

/// Cancels a window that has not started.
#[server(endpoint = "maintenance/cancel")]
pub async fn cancel_maintenance(id: i32) -> Result<(), AppError> {
    use crate::server::{context, maintenance};
    let actor = context::require_actor().map_err(context::respond)?;
    maintenance::cancel(&context::state()?, maintenance::Operator::Admin(&actor), id, context::now()?)
        .await
        .map_err(context::respond)
}
