use sea_orm::entity::prelude::*;

/// A file attached to a notice or an inquiry; `kind` is an
/// `attachments::Kind` code found from the content.
#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "attachments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub notice_id: Option<i32>,
    pub inquiry_id: Option<i32>,
    /// The message of the inquiry's thread it came with (none: it came with
    /// the inquiry itself).
    pub inquiry_message_id: Option<i32>,
    pub name: String,
    pub kind: String,
    pub size: i64,
    pub sha256: String,
    pub data: Vec<u8>,
    pub uploaded_by: i32,
    pub created_at: DateTimeUtc,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Attachment")
            .field("id", &self.id)
            .field("kind", &self.kind)
            .field("size", &self.size)
            .finish_non_exhaustive()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
