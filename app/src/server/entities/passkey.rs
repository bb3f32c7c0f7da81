use sea_orm::entity::prelude::*;

/// One registered passkey of an account. `credential` is the relying-party
/// library's stored credential (public key and counter) as JSON.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "passkeys")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: i32,
    /// base64url of the credential ID.
    pub credential_id: String,
    /// The account's WebAuthn user handle (a UUID).
    pub user_handle: String,
    pub name: String,
    pub credential: String,
    pub created_at: DateTimeUtc,
    pub last_used_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
