use crate::domain::supplies::SosState;
use sea_orm::entity::prelude::*;

/// One state change of an SOS request (`from_state` is empty for its creation).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sos_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub request_id: i32,
    pub from_state: Option<SosState>,
    pub to_state: SosState,
    pub actor_id: Option<i32>,
    pub at: DateTimeUtc,
    pub note: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
