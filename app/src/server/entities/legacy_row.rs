use sea_orm::entity::prelude::*;

/// One imported row of the previous system's export, by file and natural key.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "legacy_rows")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub file: String,
    pub row_key: String,
    /// SHA-256 of the imported values: a different one means the row changed.
    pub fingerprint: String,
    /// The user (facilities.csv), membership (memberships.csv) or report
    /// (the daily report files) it became.
    pub target_id: i32,
    /// The run that last wrote it, and the line it was on then.
    pub run_id: i32,
    pub line: i64,
    /// Whether the account's password link (and letter) has been queued.
    pub notified: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
