//! Survey versions made in the browser (`/admin/surveys`): the list, the
//! page preparing a version, keeping a typed version as a draft, and
//! installing it. Only ministry administrators get past the service's check.
//!
//! Both forms are plain posts that answer a browser's own post with a
//! redirect: a draft to its page (`/admin/surveys/new?draft=N`, where what
//! checking it found is shown with what was typed), an installed version to
//! the list (`?added=<survey>&version=N`), a stale one back to its draft
//! (`&stale=1`). The same pages serve with and without JavaScript.

use crate::domain::error::AppError;
use crate::domain::survey_versions::{NewVersionPage, SurveyVersions};
use leptos::prelude::*;

/// The list's page.
pub const PAGE_PATH: &str = "/admin/surveys";
/// The page preparing a version.
pub const NEW_PATH: &str = "/admin/surveys/new";

/// Every survey with its versions, the newest first.
#[server(endpoint = "surveys/versions")]
pub async fn load_survey_versions() -> Result<Vec<SurveyVersions>, AppError> {
    use crate::server::{context, survey_admin};
    let actor = context::require_actor().map_err(context::respond)?;
    let state = context::state()?;
    survey_admin::list(&state, &actor, state.clock.now()).await.map_err(context::respond)
}

/// The page preparing a new version of `survey`, or of draft `draft`.
#[server(endpoint = "surveys/new")]
pub async fn load_new_survey_version(
    #[server(default)] survey: String,
    #[server(default)] draft: Option<i32>,
) -> Result<NewVersionPage, AppError> {
    use crate::server::{context, survey_admin};
    let actor = context::require_actor().map_err(context::respond)?;
    let state = context::state()?;
    survey_admin::new_version_page(&state, &actor, &survey, draft, state.clock.now()).await.map_err(context::respond)
}

/// Keeps a typed version as a draft; answers with its number (a browser's
/// own post: a redirect to the draft's page).
#[server(endpoint = "surveys/draft")]
pub async fn save_survey_draft(
    survey: String,
    #[server(default)] definition: String,
    #[server(default)] effective_from: String,
    #[server(default)] notice: String,
) -> Result<i32, AppError> {
    use crate::domain::survey_versions::VersionInput;
    use crate::server::{context, survey_admin};
    let actor = context::require_actor().map_err(context::respond)?;
    let state = context::state()?;
    let input = VersionInput { survey, definition, effective_from, notice };
    let id = survey_admin::save_draft(&state, &actor, input, state.clock.now()).await.map_err(context::respond)?;
    if context::plain_form_post() {
        leptos_axum::redirect(&format!("{NEW_PATH}?draft={id}"));
    }
    Ok(id)
}

/// Installs draft `draft`, checked to follow version `follows`; answers
/// with the version's number.
#[server(endpoint = "surveys/add")]
pub async fn add_survey_version(draft: i32, follows: i32) -> Result<i32, AppError> {
    use crate::server::{context, survey_admin};
    let actor = context::require_actor().map_err(context::respond)?;
    let state = context::state()?;
    let added = survey_admin::add(&state, &actor, draft, follows, state.clock.now()).await;
    if context::plain_form_post() {
        match &added {
            Ok(d) => leptos_axum::redirect(&format!("{PAGE_PATH}?added={}&version={}", d.survey.code(), d.version)),
            Err(AppError::Validation(_)) => leptos_axum::redirect(&format!("{NEW_PATH}?draft={draft}")),
            Err(AppError::Conflict(_)) => leptos_axum::redirect(&format!("{NEW_PATH}?draft={draft}&stale=1")),
            Err(_) => return added.map(|d| d.version).map_err(context::respond),
        }
        // The redirect's status stands: the browser follows it.
        return added.map(|d| d.version);
    }
    added.map(|d| d.version).map_err(context::respond)
}
