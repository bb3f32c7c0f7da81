//! The JIS X 0402 list in the database: loaded by the migrations, and a
//! regenerated list (a renamed city, a merger, a new code) applied by the
//! next migrate without losing a row.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use app::server::db;
use app::server::entities::municipality;
use common::TestApp;
use migration::jurisdictions::{Synced, shipped, sync_municipalities};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

#[tokio::test]
async fn every_municipality_is_loaded_and_a_regenerated_list_keeps_the_history() {
    let app = TestApp::new().await;
    let list = shipped().unwrap();
    assert_eq!(municipality::Entity::find().count(&app.db).await.unwrap(), list.len() as u64);
    let chuo = municipality::Entity::find_by_id("011011").one(&app.db).await.unwrap().unwrap();
    assert_eq!(
        (chuo.name.as_str(), chuo.kind.as_str(), chuo.parent_code.as_deref()),
        ("札幌市中央区", "ward", Some("011002"))
    );
    let health_centres =
        municipality::Entity::find().filter(municipality::Column::HealthCentre.eq(true)).count(&app.db).await.unwrap();
    assert_eq!(health_centres, 110, "87 cities and the 23 special wards run a health centre");

    // Migrating again finds nothing to do.
    db::migrate(&app.db).await.unwrap();
    assert_eq!(sync_municipalities(&app.db, &list).await.unwrap(), Synced::default());

    // The script's next run: 函館市 renamed, 小樽市 merged into it, a new village.
    let mut next = list.clone();
    let hakodate = next.iter_mut().find(|m| m.code == "012025").unwrap();
    hakodate.name = "新函館市".into();
    hakodate.former_names = "函館市".into();
    let otaru = next.iter_mut().find(|m| m.code == "012033").unwrap();
    otaru.retired_on = chrono::NaiveDate::from_ymd_opt(2030, 4, 1);
    otaru.succeeded_by = Some("012025".into());
    let mut village = next[0].clone();
    village.code = "019992".into();
    village.name = "新村".into();
    village.kind = "village".into();
    village.health_centre = false;
    next.push(village);
    assert_eq!(sync_municipalities(&app.db, &next).await.unwrap(), Synced { added: 1, updated: 2 });

    let renamed = municipality::Entity::find_by_id("012025").one(&app.db).await.unwrap().unwrap();
    assert_eq!((renamed.name.as_str(), renamed.former_names.as_str()), ("新函館市", "函館市"));
    let merged = municipality::Entity::find_by_id("012033").one(&app.db).await.unwrap().unwrap();
    assert_eq!(merged.name, "小樽市", "a retired code keeps its row and name");
    assert_eq!(merged.succeeded_by.as_deref(), Some("012025"));
    // A list that no longer names a code deletes nothing.
    let shorter: Vec<_> = next.iter().filter(|m| m.code != "019992").cloned().collect();
    assert_eq!(sync_municipalities(&app.db, &shorter).await.unwrap(), Synced::default());
    assert_eq!(municipality::Entity::find().count(&app.db).await.unwrap(), list.len() as u64 + 1);
}
