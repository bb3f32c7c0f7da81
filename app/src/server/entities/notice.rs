use sea_orm::entity::prelude::*;

/// A ministry notice. `category` is a `notices::Category` code, `audience`
/// the bits of `notices::Audience`; its search terms are in `notice_search`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notices")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub title: String,
    pub body: String,
    pub office: String,
    pub issued_on: Date,
    pub category: String,
    pub audience: i32,
    pub published_at: Option<DateTimeUtc>,
    pub withdrawn_at: Option<DateTimeUtc>,
    pub withdrawn_reason: Option<String>,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// When the mails to those who asked for them were written (once, after
    /// `published_at`; see `server::notice_mail`).
    pub mailed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
