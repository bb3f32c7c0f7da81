use sea_orm::entity::prelude::*;

/// A FAQ entry, usually made from a helpdesk answer. Users see the entries
/// not retired, highest `position` first.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "faqs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub category: String,
    pub question: String,
    pub answer: String,
    pub source_message_id: Option<i32>,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
    pub position: i32,
    pub revision: i32,
    pub retired_at: Option<DateTimeUtc>,
    pub updated_at: Option<DateTimeUtc>,
    pub updated_by: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
