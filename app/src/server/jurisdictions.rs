//! Municipalities as registration and imports use them: a code must be in
//! JIS X 0402 and in force (a retired code names its successor).

use crate::server::entities::municipality;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait};

/// The refusal of a code that JIS X 0402 does not list.
pub fn unknown_municipality(code: &str) -> String {
    (crate::i18n::t().registration().municipality_unknown)(code)
}

/// The municipality of `code`, or the reason (in the active catalogue's
/// language) it cannot be used for something new: unknown to JIS X 0402,
/// or retired (with its successor).
pub async fn usable_municipality(
    conn: &impl ConnectionTrait,
    code: &str,
) -> Result<Result<municipality::Model, String>, DbErr> {
    let Some(found) = municipality::Entity::find_by_id(code).one(conn).await? else {
        return Ok(Err(unknown_municipality(code)));
    };
    let Some(day) = found.retired_on else { return Ok(Ok(found)) };
    let texts = crate::i18n::t().registration();
    let successor = match &found.succeeded_by {
        Some(next) => match municipality::Entity::find_by_id(next.as_str()).one(conn).await? {
            Some(n) => (texts.municipality_successor)(&n.code, &n.name),
            None => (texts.municipality_successor_code)(next),
        },
        None => texts.municipality_use_current.to_owned(),
    };
    let day = day.format("%Y-%m-%d").to_string();
    Ok(Err((texts.municipality_retired)(&found.code, &found.name, &day, &successor)))
}
