use sea_orm::entity::prelude::*;

/// One step of an inquiry's thread (`step`: an `inquiries::Step` code).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "inquiry_messages")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub inquiry_id: i32,
    pub author_id: i32,
    pub step: String,
    pub body: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
