use crate::domain::supplies::Supply;
use sea_orm::entity::prelude::*;

/// One supply of an SOS request: asked, shipped, received.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sos_lines")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub request_id: i32,
    pub supply: Supply,
    pub quantity: i64,
    pub days_of_stock: i32,
    pub shipped: Option<i64>,
    pub received: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
