//! The installed survey versions, cached for a few seconds. Every report
//! submission is checked against the version in force on its day; reading
//! that version from the database for each report was one of a report's
//! four round trips to a database connection's thread on a national day,
//! and a JSON parse of the definition besides.
//!
//! A version never changes its meaning once installed (`install` refuses
//! to rewrite one; only its English texts may be mended); new ones arrive at start-up and from `gmis surveys add`, possibly
//! in another process, so each instance reads the list again at most
//! [`TTL`] after its last read: a new version applies everywhere within
//! seconds, as maintenance windows do.

use crate::domain::error::AppError;
use crate::domain::locale::Lang;
use crate::domain::surveys::{SurveyDefinition, SurveyKind};
use crate::server::entities::survey_version;
use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, EntityTrait};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// How long an instance trusts the versions it read.
pub const TTL: Duration = Duration::from_secs(5);

/// The installed versions of every survey, cached for [`TTL`]; cheap to clone.
#[derive(Clone, Default)]
pub struct SurveyVersions {
    cached: Arc<RwLock<Option<Snapshot>>>,
}

/// The versions read at an instant.
type Snapshot = (Instant, Arc<Vec<Installed>>);

/// One installed version.
struct Installed {
    /// Its row id (stored with each report).
    id: i32,
    survey: SurveyKind,
    version: i32,
    effective_from: NaiveDate,
    /// As Japanese readers see it, and as English readers do.
    definition: Arc<SurveyDefinition>,
    english: Arc<SurveyDefinition>,
}

impl SurveyVersions {
    /// The version of `survey` in force on `day`, with its row id: the one
    /// that took effect last on or before `day`.
    pub(crate) async fn in_force(
        &self,
        conn: &impl ConnectionTrait,
        survey: SurveyKind,
        day: NaiveDate,
    ) -> Result<Option<(i32, Arc<SurveyDefinition>)>, AppError> {
        Ok(in_force(&self.installed(conn).await?, survey, day))
    }

    async fn installed(&self, conn: &impl ConnectionTrait) -> Result<Arc<Vec<Installed>>, AppError> {
        if let Ok(guard) = self.cached.read()
            && let Some((at, installed)) = guard.as_ref()
            && at.elapsed() < TTL
        {
            return Ok(installed.clone());
        }
        let mut installed = Vec::new();
        for row in survey_version::Entity::find().all(conn).await? {
            // A survey this build does not know is not reported here.
            let Some(survey) = SurveyKind::from_code(&row.survey) else { continue };
            let definition: SurveyDefinition =
                serde_json::from_str(&row.definition).map_err(|e| crate::server::errors::internal("survey", e))?;
            installed.push(Installed {
                id: row.id,
                survey,
                version: row.version,
                effective_from: row.effective_from,
                english: Arc::new(definition.clone().localized(Lang::En)),
                definition: Arc::new(definition),
            });
        }
        let installed = Arc::new(installed);
        if let Ok(mut guard) = self.cached.write() {
            *guard = Some((Instant::now(), installed.clone()));
        }
        Ok(installed)
    }
}

fn in_force(installed: &[Installed], survey: SurveyKind, day: NaiveDate) -> Option<(i32, Arc<SurveyDefinition>)> {
    installed
        .iter()
        .filter(|v| v.survey == survey && v.effective_from <= day)
        .max_by_key(|v| (v.effective_from, v.version))
        .map(|v| {
            let definition = match crate::i18n::locale().lang {
                Lang::Ja => &v.definition,
                Lang::En => &v.english,
            };
            (v.id, definition.clone())
        })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used, clippy::unwrap_used)]

    use super::*;
    use crate::domain::surveys::BUILTIN;

    fn version(id: i32, survey: SurveyKind, version: i32, from: &str) -> Installed {
        let definition: SurveyDefinition = serde_json::from_str(BUILTIN[0]).unwrap();
        let english = Arc::new(definition.clone().localized(Lang::En));
        Installed {
            id,
            survey,
            version,
            effective_from: from.parse().unwrap(),
            definition: Arc::new(definition),
            english,
        }
    }

    #[test]
    fn the_version_in_force_is_the_last_one_to_take_effect_on_or_before_the_day() {
        let installed = [
            version(1, SurveyKind::HospitalDaily, 1, "2020-04-01"),
            version(2, SurveyKind::HospitalDaily, 2, "2021-04-01"),
            version(3, SurveyKind::ClinicDaily, 1, "2020-04-01"),
            version(4, SurveyKind::HospitalDaily, 3, "2027-01-01"),
        ];
        let id = |survey, day: &str| in_force(&installed, survey, day.parse().unwrap()).map(|(id, _)| id);
        assert_eq!(id(SurveyKind::HospitalDaily, "2020-03-31"), None, "before the first version");
        assert_eq!(id(SurveyKind::HospitalDaily, "2020-04-01"), Some(1));
        assert_eq!(id(SurveyKind::HospitalDaily, "2021-03-31"), Some(1));
        assert_eq!(id(SurveyKind::HospitalDaily, "2021-04-01"), Some(2));
        assert_eq!(id(SurveyKind::HospitalDaily, "2026-12-31"), Some(2), "a version to come is not in force yet");
        assert_eq!(id(SurveyKind::HospitalDaily, "2027-01-01"), Some(4));
        assert_eq!(id(SurveyKind::ClinicDaily, "2030-01-01"), Some(3), "each survey has its own versions");
        assert_eq!(id(SurveyKind::CentreDaily, "2030-01-01"), None);
    }
}
