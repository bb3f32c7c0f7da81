use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "report_revisions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub report_id: i32,
    pub revision: i32,
    /// The client's UUID for this submission (unique).
    pub submission_id: String,
    pub survey_version_id: i32,
    pub nothing_to_report: bool,
    pub answers: String,
    pub entered_by: i32,
    pub entered_at: DateTimeUtc,
    /// Entered by an association for its member.
    pub on_behalf: bool,
    pub reason: Option<String>,
    /// Item codes of confirmed outliers, comma-separated (`None`: none).
    pub outliers: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
