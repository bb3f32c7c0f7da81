//! Municipalities as registration and imports use them: a code must be in
//! JIS X 0402 and in force (a retired code names its successor).

use crate::server::entities::municipality;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait};

/// The refusal of a code that JIS X 0402 does not list.
pub fn unknown_municipality(code: &str) -> String {
    format!("市区町村コード {code} は全国地方公共団体コードにありません。")
}

/// The municipality of `code`, or the Japanese reason it cannot be used for
/// something new: unknown to JIS X 0402, or retired (with its successor).
pub async fn usable_municipality(
    conn: &impl ConnectionTrait,
    code: &str,
) -> Result<Result<municipality::Model, String>, DbErr> {
    let Some(found) = municipality::Entity::find_by_id(code).one(conn).await? else {
        return Ok(Err(unknown_municipality(code)));
    };
    let Some(day) = found.retired_on else { return Ok(Ok(found)) };
    let successor = match &found.succeeded_by {
        Some(next) => match municipality::Entity::find_by_id(next.as_str()).one(conn).await? {
            Some(n) => format!("{}（{}）をお使いください。", n.code, n.name),
            None => format!("{next} をお使いください。"),
        },
        None => "現在の市区町村コードをお使いください。".to_owned(),
    };
    Ok(Err(format!(
        "市区町村コード {}（{}）は {} に合併・再編で廃止されました。{successor}",
        found.code,
        found.name,
        day.format("%Y-%m-%d")
    )))
}
