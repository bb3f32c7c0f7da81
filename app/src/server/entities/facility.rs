use crate::domain::jurisdiction::FacilityKind;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "facilities")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub medical_code: String,
    pub kind: FacilityKind,
    pub name: String,
    pub prefecture_code: String,
    pub municipality_code: Option<String>,
    pub postal_code: Option<String>,
    pub address: String,
    pub email: Option<String>,
    pub beds: Option<i32>,
    /// First day as a 診療・検査医療機関, if designated.
    pub designated_from: Option<Date>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
