use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "survey_versions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub survey: String,
    pub version: i32,
    pub effective_from: Date,
    /// The [`crate::domain::surveys::SurveyDefinition`] as JSON.
    pub definition: String,
    pub installed_at: DateTimeUtc,
    /// The notice that explains what this version changed.
    pub notice_id: Option<i32>,
    /// The administrator who added it in the browser (none: shipped or
    /// added from the shell).
    pub installed_by: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
