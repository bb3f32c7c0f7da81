use sea_orm::entity::prelude::*;

/// One `gmis legacy import` (dry runs leave none).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "legacy_runs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub source_dir: String,
    pub notify: bool,
    pub started_at: DateTimeUtc,
    /// `None` while running, and for ever when the run was killed.
    pub finished_at: Option<DateTimeUtc>,
    /// The summary table as JSON.
    pub summary: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
