use sea_orm::entity::prelude::*;

/// A running total of the daily reports of one survey, item, area
/// (prefecture or municipality code) and day; see `server::area::totals`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "report_totals")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub survey: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub item: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub area: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub period: Date,
    pub total: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
