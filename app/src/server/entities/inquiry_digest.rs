use sea_orm::entity::prelude::*;

/// One digest of new inquiries mailed to the helpdesk: see
/// `server::inquiry_digest`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "inquiry_digests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub covered_from: DateTimeUtc,
    #[sea_orm(unique)]
    pub covered_until: DateTimeUtc,
    pub inquiries: i32,
    pub mails: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
