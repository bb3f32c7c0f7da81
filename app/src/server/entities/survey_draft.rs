use sea_orm::entity::prelude::*;

/// A survey version being prepared in the browser, kept as typed (see
/// `server::survey_admin`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "survey_drafts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
    pub survey: String,
    pub definition: String,
    pub effective_from: String,
    pub notice: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
