//! A municipality of JIS X 0402, a special ward or a designated city's ward
//! (loaded from the shipped list by `migration::jurisdictions`).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "municipalities")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub code: String,
    pub prefecture_code: String,
    /// A ward with its city: 「札幌市中央区」.
    pub name: String,
    pub kana: String,
    /// `city`, `designated_city`, `ward`, `special_ward`, `town` or `village`.
    pub kind: String,
    /// The designated city of a ward.
    pub parent_code: Option<String>,
    /// Runs its own health centre (保健所設置市・特別区).
    pub health_centre: bool,
    /// Merged away or reorganised on this day; kept for what was filed under it.
    pub retired_on: Option<Date>,
    pub succeeded_by: Option<String>,
    /// Earlier names of this code, joined with 「・」.
    pub former_names: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
