use crate::domain::jurisdiction::AccountStatus;
use crate::domain::roles::Role;
use sea_orm::entity::prelude::*;

/// A user account. Holds the password hash, so it derives no `Serialize` and
/// its `Debug` leaves the hash out.
#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub login_id: String,
    pub role: Role,
    pub display_name: String,
    pub email: Option<String>,
    pub prefecture_code: Option<String>,
    pub municipality_code: Option<String>,
    pub facility_id: Option<i32>,
    pub centre_id: Option<i32>,
    pub aggregator_id: Option<i32>,
    pub password_hash: Option<String>,
    pub status: AccountStatus,
    pub migrated: bool,
    pub failed_logins: i32,
    pub locked_until: Option<DateTimeUtc>,
    pub password_changed_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    /// Until when an account that must have a second factor may postpone
    /// its enrolment (set at its first login without one).
    pub second_factor_due: Option<DateTimeUtc>,
    /// The user asked for a mail when a notice for their role is published.
    pub notice_mail: bool,
    /// `ja` or `en`; `None` follows the browser (issue 21 item 4).
    pub lang: Option<String>,
    /// `western` or `wareki`.
    pub date_style: String,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("User")
            .field("id", &self.id)
            .field("login_id", &self.login_id)
            .field("role", &self.role)
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
