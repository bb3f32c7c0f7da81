use sea_orm::entity::prelude::*;

/// An inquiry to the helpdesk; `category`/`status` are codes of
/// `inquiries::Category`/`Status`; `revision` grows with every change.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "inquiries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub opened_by: i32,
    pub category: String,
    pub subject: String,
    pub body: String,
    pub page: Option<String>,
    pub status: String,
    pub assignee_id: Option<i32>,
    pub prefecture_code: Option<String>,
    pub revision: i32,
    pub opened_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// The member facility an association asks about (none: the opener itself).
    pub about_facility_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
