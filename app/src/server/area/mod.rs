//! Area views and downloads (SPEC §7). [`resolve`] is the one place that
//! decides which part of the country a caller may see: the pages, the
//! downloads (and later the API) all start from the [`Scoped`] it returns,
//! and every query of the submodules filters units through [`Area`].

pub mod capacity;
pub mod completeness;
pub mod downloads;
pub mod pull;
pub mod reminders;
pub mod supplies;
pub mod totals;
mod units;

use crate::domain::area::{AreaLevel, AreaName, AreaQuery, FilterOptions, MAX_RANGE_DAYS};
use crate::domain::error::{AppError, FieldErrors};
use crate::domain::ids::{MunicipalityCode, PrefectureCode};
use crate::domain::roles::{Actor, Role, Scope};
use crate::domain::surveys::SurveyKind;
use crate::server::authz::require_role;
use crate::server::db::FirstRow;
use crate::server::entities::{aggregator, centre, facility, municipality, prefecture};
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, TransactionTrait};

pub use units::{Unit, latest_reports, load_units, municipality_names};

/// The roles that see area views.
pub const OFFICERS: [Role; 3] = [Role::Municipality, Role::Prefecture, Role::MinistryAdmin];

/// A part of the country: the nation, one prefecture or one municipality.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Area {
    pub prefecture: Option<String>,
    pub municipality: Option<String>,
    /// The wards of a designated city (retired ones too): units filed under
    /// a ward belong to the city's area as well.
    pub wards: Vec<String>,
}

impl Area {
    pub fn level(&self) -> AreaLevel {
        match (&self.prefecture, &self.municipality) {
            (_, Some(_)) => AreaLevel::Municipality,
            (Some(_), None) => AreaLevel::Prefecture,
            _ => AreaLevel::Nation,
        }
    }

    /// The municipality codes units of the area are filed under: the
    /// municipality and, for a designated city, its wards. Empty above a
    /// municipality.
    pub fn municipality_codes(&self) -> Vec<String> {
        self.municipality.iter().chain(&self.wards).cloned().collect()
    }

    /// The facilities of the area.
    pub fn facilities(&self) -> Condition {
        let mut c = Condition::all();
        if let Some(p) = &self.prefecture {
            c = c.add(facility::Column::PrefectureCode.eq(p.clone()));
        }
        if self.municipality.is_some() {
            c = c.add(facility::Column::MunicipalityCode.is_in(self.municipality_codes()));
        }
        c
    }

    /// The consultation centres of the area.
    pub fn centres(&self) -> Condition {
        let mut c = Condition::all();
        if let Some(p) = &self.prefecture {
            c = c.add(centre::Column::PrefectureCode.eq(p.clone()));
        }
        if self.municipality.is_some() {
            c = c.add(centre::Column::MunicipalityCode.is_in(self.municipality_codes()));
        }
        c
    }
}

/// A request checked against the caller's area: what the views and
/// downloads may read.
#[derive(Clone, Debug)]
pub struct Scoped {
    pub area: Area,
    pub name: AreaName,
    pub day: NaiveDate,
    pub today: NaiveDate,
    /// A download's date range (`from..=to`), when asked for.
    pub range: Option<(NaiveDate, NaiveDate)>,
    pub survey: Option<SurveyKind>,
    /// Only the members of this association on the day.
    pub aggregator: Option<i32>,
    pub query: AreaQuery,
}

/// Checks `query` against `actor`'s area. Officers only (audited refusal
/// otherwise); a prefecture or municipality outside the caller's area is
/// refused and audited; junk, unknown codes, a future day or a range over
/// 366 days get a Japanese message per field and nothing else happens.
pub async fn resolve(
    conn: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    query: &AreaQuery,
    today: NaiveDate,
    what: &str,
) -> Result<Scoped, AppError> {
    require_role(conn, actor, &OFFICERS, what).await?;
    let a = crate::i18n::t().area();
    let mut errors = FieldErrors::new();
    let date = |field: &str, text: &Option<String>, errors: &mut FieldErrors| match text {
        None => None,
        Some(t) => match NaiveDate::parse_from_str(t, "%Y-%m-%d") {
            Ok(d) if d > today => {
                errors.insert(field.to_owned(), a.future_day.to_owned());
                None
            }
            Ok(d) => Some(d),
            Err(_) => {
                errors.insert(field.to_owned(), a.bad_date.to_owned());
                None
            }
        },
    };
    let day = date("day", &query.day, &mut errors).unwrap_or(today);
    let from = date("from", &query.from, &mut errors);
    let to = date("to", &query.to, &mut errors);
    let range = match (from, to) {
        (Some(f), Some(t)) if f > t => {
            errors.insert("from".into(), a.range_reversed.to_owned());
            None
        }
        (Some(f), Some(t)) if (t - f).num_days() + 1 > MAX_RANGE_DAYS => {
            errors.insert("from".into(), a.range_too_long.to_owned());
            None
        }
        (Some(f), Some(t)) => Some((f, t)),
        (None, None) => None,
        _ => {
            errors.insert("from".into(), a.range_incomplete.to_owned());
            None
        }
    };
    let survey = match query.survey.as_deref() {
        None => None,
        Some(code) => match SurveyKind::from_code(code).filter(|s| crate::domain::area::DAILY_SURVEYS.contains(s)) {
            Some(s) => Some(s),
            None => {
                errors.insert("survey".into(), a.bad_survey.to_owned());
                None
            }
        },
    };

    // The requested prefecture and municipality must exist...
    let wanted_pref = match query.prefecture.as_deref() {
        None => None,
        Some(text) => match PrefectureCode::parse(text) {
            Ok(code) => Some(code.as_str().to_owned()),
            Err(_) => {
                errors.insert("prefecture".into(), a.unknown_prefecture.to_owned());
                None
            }
        },
    };
    let wanted_muni = match query.municipality.as_deref() {
        None => None,
        Some(text) => {
            let found = match MunicipalityCode::parse(text) {
                Ok(code) => municipality::Entity::find_by_id(code.as_str().to_owned()).first(conn).await?,
                Err(_) => None,
            };
            if found.is_none() {
                errors.insert("municipality".into(), a.unknown_municipality.to_owned());
            }
            found
        }
    };
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }

    // ...and lie inside the caller's area: anything else is refused and audited.
    let (own_pref, own_muni) = match &actor.scope {
        Scope::National => (None, None),
        Scope::Prefecture(p) => (Some(p.as_str().to_owned()), None),
        Scope::Municipality(m) => {
            let row = municipality::Entity::find_by_id(m.as_str().to_owned()).first(conn).await?;
            (row.map(|r| r.prefecture_code), Some(m.as_str().to_owned()))
        }
        _ => return refuse(conn, actor, what).await,
    };
    if actor.scope != Scope::National && own_pref.is_none() {
        return refuse(conn, actor, what).await;
    }
    let prefecture = match (&own_pref, wanted_pref) {
        (Some(own), Some(w)) if *own != w => return refuse(conn, actor, &format!("{what} prefecture {w}")).await,
        (Some(own), _) => Some(own.clone()),
        (None, w) => w,
    };
    let municipality = match (own_muni, wanted_muni) {
        (Some(own), Some(w)) if own != w.code => {
            return refuse(conn, actor, &format!("{what} municipality {}", w.code)).await;
        }
        (_, Some(w)) if prefecture.as_ref().is_some_and(|p| *p != w.prefecture_code) => {
            return refuse(conn, actor, &format!("{what} municipality {}", w.code)).await;
        }
        (Some(own), _) => Some(own),
        (None, Some(w)) => Some(w.code),
        (None, None) => None,
    };
    // A municipality alone (ministry) implies its prefecture.
    let prefecture = match (&prefecture, &municipality) {
        (None, Some(m)) => Some(m[..2].to_owned()),
        _ => prefecture,
    };
    let wards = match &municipality {
        Some(m) => wards_of(conn, m).await?,
        None => Vec::new(),
    };
    let area = Area { prefecture, municipality, wards };

    let aggregator = match query.aggregator.as_deref() {
        None => None,
        Some(text) => {
            let row = match text.parse::<i32>() {
                Ok(id) => aggregator::Entity::find_by_id(id).first(conn).await?,
                Err(_) => None,
            };
            match row {
                Some(r) if area.prefecture.as_ref().is_none_or(|p| *p == r.prefecture_code) => Some(r.id),
                _ => return Err(AppError::field("aggregator", a.unknown_aggregator)),
            }
        }
    };
    let name = area_name(conn, &area).await?;
    Ok(Scoped { area, name, day, today, range, survey, aggregator, query: query.clone() })
}

/// The wards of a designated city (none for any other municipality).
pub async fn wards_of(conn: &impl ConnectionTrait, city: &str) -> Result<Vec<String>, DbErr> {
    let wards = municipality::Entity::find()
        .filter(municipality::Column::ParentCode.eq(city))
        .order_by_asc(municipality::Column::Code)
        .all(conn)
        .await?;
    Ok(wards.into_iter().map(|w| w.code).collect())
}

async fn refuse<T>(conn: &(impl ConnectionTrait + TransactionTrait), actor: &Actor, what: &str) -> Result<T, AppError> {
    require_role(conn, actor, &[], what).await?;
    Err(AppError::Forbidden)
}

async fn area_name(conn: &impl ConnectionTrait, area: &Area) -> Result<AreaName, AppError> {
    let prefecture = match &area.prefecture {
        Some(code) => prefecture::Entity::find_by_id(code.clone()).first(conn).await?.map(|p| (p.code, p.name)),
        None => None,
    };
    let municipality = match &area.municipality {
        Some(code) => municipality::Entity::find_by_id(code.clone()).first(conn).await?.map(|m| (m.code, m.name)),
        None => None,
    };
    Ok(AreaName { level: area.level(), prefecture, municipality })
}

/// The choices of the filter form within the caller's area.
pub async fn filter_options(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    area: &Area,
) -> Result<FilterOptions, AppError> {
    let prefectures = if actor.scope == Scope::National {
        prefecture::Entity::find()
            .order_by_asc(prefecture::Column::Code)
            .all(conn)
            .await?
            .into_iter()
            .map(|p| (p.code, p.name))
            .collect()
    } else {
        Vec::new()
    };
    let (municipalities, aggregators) = match &area.prefecture {
        Some(p) => {
            let mut munis = municipality::Entity::find()
                .filter(municipality::Column::PrefectureCode.eq(p.clone()))
                .filter(municipality::Column::RetiredOn.is_null());
            if let Some(m) = &area.municipality {
                munis = munis.filter(municipality::Column::Code.eq(m.clone()));
            }
            let munis = munis.order_by_asc(municipality::Column::Code).all(conn).await?;
            let aggs = aggregator::Entity::find()
                .filter(aggregator::Column::PrefectureCode.eq(p.clone()))
                .order_by_asc(aggregator::Column::Name)
                .all(conn)
                .await?;
            (
                munis.into_iter().map(|m| (m.code, m.name)).collect(),
                aggs.into_iter().map(|a| (a.id.to_string(), a.name)).collect(),
            )
        }
        None => (Vec::new(), Vec::new()),
    };
    Ok(FilterOptions { prefectures, municipalities, aggregators })
}
