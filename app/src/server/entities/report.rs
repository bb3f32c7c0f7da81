use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reports")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub survey: String,
    /// `facility` or `centre` (see [`crate::domain::reports::ReportUnit::parts`]).
    pub unit_kind: String,
    pub unit_id: i32,
    pub period: Date,
    pub survey_version_id: i32,
    /// The current revision; amendments must name it to be accepted.
    pub revision: i32,
    pub nothing_to_report: bool,
    /// [`crate::domain::surveys::Answers`] as JSON.
    pub answers: String,
    /// Item codes of confirmed outliers, comma-separated (`None`: none).
    pub outliers: Option<String>,
    pub first_entered_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub updated_by: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
