use crate::domain::supplies::SosState;
use sea_orm::entity::prelude::*;

/// An SOS request; its lines are in `sos_lines`, its state changes in `sos_events`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sos_requests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub facility_id: i32,
    /// Copied from the facility: the reviewer's scope.
    pub prefecture_code: String,
    pub municipality_code: Option<String>,
    #[sea_orm(unique)]
    pub submission_id: String,
    pub batch_date: Date,
    pub state: SosState,
    /// Raised by every state change; a step must name the current one.
    pub revision: i32,
    pub min_days_of_stock: i32,
    pub reason: String,
    pub requested_by: i32,
    pub on_behalf: bool,
    pub reject_reason: Option<String>,
    pub shipped_on: Option<Date>,
    pub carrier: Option<String>,
    pub tracking: Option<String>,
    pub receipt_note: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
