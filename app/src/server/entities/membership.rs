use sea_orm::entity::prelude::*;

/// An aggregator may enter for a facility on days `valid_from..=valid_to`
/// (open-ended while `valid_to` is NULL).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "aggregator_memberships")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub aggregator_id: i32,
    pub facility_id: i32,
    pub valid_from: Date,
    pub valid_to: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
