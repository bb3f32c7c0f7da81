//! Who a user is and what they may reach. [`Role`] is the typed role of SPEC §1;
//! [`Scope`] is the jurisdiction a user acts in; [`Actor`] is the logged-in
//! user as every service receives it. Services scope their queries with
//! [`Actor::scope`], never with strings.

use crate::domain::ids::{AggregatorId, CentreId, FacilityId, LoginId, MunicipalityCode, PrefectureCode, UserId};
use serde::{Deserialize, Serialize};

/// The role of a user account (SPEC §1). Stored as its [`Role::code`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "Text"))]
pub enum Role {
    /// Staff of one hospital or clinic.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "facility"))]
    Facility,
    /// A local medical association entering for its member facilities.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "aggregator"))]
    Aggregator,
    /// Operator of one consultation centre.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "consultation_centre"))]
    ConsultationCentre,
    /// Officer of one municipality (保健所設置市・特別区).
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "municipality"))]
    Municipality,
    /// Officer of one prefecture.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "prefecture"))]
    Prefecture,
    /// Ministry call-centre operator.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "helpdesk"))]
    Helpdesk,
    /// MHLW operator: everything.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "ministry_admin"))]
    MinistryAdmin,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Facility,
        Role::Aggregator,
        Role::ConsultationCentre,
        Role::Municipality,
        Role::Prefecture,
        Role::Helpdesk,
        Role::MinistryAdmin,
    ];

    /// The stable code stored in the database and used in CSV files.
    pub const fn code(self) -> &'static str {
        match self {
            Role::Facility => "facility",
            Role::Aggregator => "aggregator",
            Role::ConsultationCentre => "consultation_centre",
            Role::Municipality => "municipality",
            Role::Prefecture => "prefecture",
            Role::Helpdesk => "helpdesk",
            Role::MinistryAdmin => "ministry_admin",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    /// Whether accounts of this role must sign in with a second factor
    /// (issue 20): those who can read or change whole areas or accounts.
    /// Facilities, associations and centres may enrol one voluntarily.
    pub const fn requires_second_factor(self) -> bool {
        matches!(self, Role::Municipality | Role::Prefecture | Role::Helpdesk | Role::MinistryAdmin)
    }

    /// What this role can do, in the order the home page lists it.
    pub fn capabilities(self) -> &'static [Capability] {
        use Capability::*;
        match self {
            Role::Facility => &[DailyReport, WeeklySupplies, SosRequest, Notices, Inquiries, Account],
            Role::Aggregator => &[MemberReports, WeeklySupplies, SosRequest, Notices, Inquiries, Account],
            Role::ConsultationCentre => &[CentreReport, Notices, Inquiries, Account],
            Role::Municipality => &[AreaDashboard, Downloads, Notices, Inquiries, Account],
            Role::Prefecture => {
                &[AreaDashboard, Downloads, SosReview, RegisterClinics, AuditLog, Notices, Inquiries, Account]
            }
            Role::Helpdesk => &[InquiryQueue, ManageFaq, HelpdeskAccounts, Notices, Account],
            Role::MinistryAdmin => &[
                AreaDashboard,
                Downloads,
                SosReview,
                ManageAccounts,
                HelpdeskAccounts,
                RegisterAccount,
                RegisterAccounts,
                ManageMemberships,
                PrintLetters,
                ManageSurveys,
                ManageNotices,
                Maintenance,
                ApiTokens,
                InquiryQueue,
                ManageFaq,
                AuditLog,
                Account,
            ],
        }
    }
}

/// One thing a role can do; the home page shows each with its catalogue text
/// and, once it is built, a link to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Capability {
    DailyReport,
    MemberReports,
    CentreReport,
    WeeklySupplies,
    SosRequest,
    SosReview,
    AreaDashboard,
    Downloads,
    RegisterClinics,
    InquiryQueue,
    /// Editing, reordering and retiring the FAQ users search.
    ManageFaq,
    /// The helpdesk console: an account's state, unlock, the password link again.
    HelpdeskAccounts,
    ManageAccounts,
    RegisterAccount,
    RegisterAccounts,
    ManageMemberships,
    PrintLetters,
    ManageSurveys,
    ManageNotices,
    Maintenance,
    /// Issuing and revoking the tokens other systems use the API with.
    ApiTokens,
    AuditLog,
    Notices,
    Inquiries,
    Account,
}

impl Capability {
    /// The page of this capability for `role`, once it exists. An
    /// association enters weekly supplies for a member, so it starts from the
    /// list of its members.
    pub fn href(self, role: Role) -> Option<&'static str> {
        match self {
            Capability::WeeklySupplies if role == Role::Aggregator => Some("/supplies/requests"),
            Capability::DailyReport | Capability::CentreReport => Some("/reports"),
            Capability::MemberReports => Some("/reports/members"),
            Capability::WeeklySupplies => Some("/supplies"),
            Capability::SosRequest => Some("/supplies/requests"),
            Capability::SosReview => Some("/supplies/review"),
            Capability::PrintLetters => Some("/admin/letters"),
            Capability::Maintenance => Some("/admin/maintenance"),
            Capability::ApiTokens => Some("/admin/api-tokens"),
            Capability::AuditLog => Some("/admin/audit"),
            Capability::Account => Some("/account"),
            Capability::Notices => Some("/notices"),
            Capability::Inquiries => Some("/inquiries"),
            Capability::InquiryQueue => Some("/helpdesk"),
            Capability::HelpdeskAccounts => Some("/helpdesk/accounts"),
            Capability::ManageFaq => Some("/helpdesk/faq"),
            Capability::ManageSurveys => Some("/admin/surveys"),
            Capability::AreaDashboard => Some("/area"),
            Capability::Downloads => Some("/area/downloads"),
            Capability::ManageNotices => Some("/admin/notices"),
            Capability::ManageAccounts => Some("/admin/accounts"),
            Capability::RegisterAccount => Some("/admin/accounts/new"),
            Capability::ManageMemberships => Some("/admin/memberships"),
            Capability::RegisterAccounts | Capability::RegisterClinics => Some("/admin/accounts/import"),
        }
    }
}

/// The jurisdiction a user acts in. Each role has exactly one kind of scope;
/// [`Scope::for_role`] refuses any other combination.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Scope {
    National,
    Prefecture(PrefectureCode),
    Municipality(MunicipalityCode),
    Facility(FacilityId),
    Centre(CentreId),
    Aggregator(AggregatorId),
}

/// The scope columns of a user row, before they are checked against the role.
#[derive(Clone, Debug, Default)]
pub struct ScopeColumns {
    pub prefecture: Option<PrefectureCode>,
    pub municipality: Option<MunicipalityCode>,
    pub facility: Option<FacilityId>,
    pub centre: Option<CentreId>,
    pub aggregator: Option<AggregatorId>,
}

impl Scope {
    /// The scope a user of `role` has, or `None` if the row lacks the one
    /// column that role needs (a broken account is refused, never widened).
    pub fn for_role(role: Role, cols: ScopeColumns) -> Option<Scope> {
        match role {
            Role::Helpdesk | Role::MinistryAdmin => Some(Scope::National),
            Role::Prefecture => cols.prefecture.map(Scope::Prefecture),
            Role::Municipality => cols.municipality.map(Scope::Municipality),
            Role::Facility => cols.facility.map(Scope::Facility),
            Role::ConsultationCentre => cols.centre.map(Scope::Centre),
            Role::Aggregator => cols.aggregator.map(Scope::Aggregator),
        }
    }
}

/// The logged-in user, as services and views see it. Holds no secret, so it
/// may be sent to the browser.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub user_id: UserId,
    pub login_id: LoginId,
    /// The facility, centre, association or office name shown in the header.
    pub display_name: String,
    pub role: Role,
    pub scope: Scope,
}

impl Actor {
    pub fn is_national(&self) -> bool {
        self.scope == Scope::National
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_codes_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::from_code(role.code()), Some(role));
        }
        assert_eq!(Role::from_code("admin"), None);
    }

    #[test]
    fn scope_needs_the_roles_column() {
        let tokyo = PrefectureCode::parse("13").expect("13");
        let cols = ScopeColumns { prefecture: Some(tokyo.clone()), ..Default::default() };
        assert_eq!(Scope::for_role(Role::Prefecture, cols.clone()), Some(Scope::Prefecture(tokyo)));
        // A facility account without a facility is broken: no scope at all.
        assert_eq!(Scope::for_role(Role::Facility, cols), None);
        assert_eq!(Scope::for_role(Role::MinistryAdmin, ScopeColumns::default()), Some(Scope::National));
    }

    #[test]
    fn every_role_can_reach_its_account_page() {
        for role in Role::ALL {
            assert!(role.capabilities().contains(&Capability::Account), "{role:?}");
        }
        assert!(!Role::Facility.capabilities().contains(&Capability::ManageAccounts));
        assert!(Role::MinistryAdmin.capabilities().contains(&Capability::ManageAccounts));
    }

    #[test]
    fn only_ministry_admins_reach_the_api_tokens() {
        for role in Role::ALL {
            let has = role.capabilities().contains(&Capability::ApiTokens);
            assert_eq!(has, role == Role::MinistryAdmin, "{role:?}");
        }
        assert_eq!(Capability::ApiTokens.href(Role::MinistryAdmin), Some("/admin/api-tokens"));
    }

    #[test]
    fn the_audit_trail_is_for_ministry_admins_and_prefecture_officers() {
        for role in Role::ALL {
            let has = role.capabilities().contains(&Capability::AuditLog);
            assert_eq!(has, matches!(role, Role::Prefecture | Role::MinistryAdmin), "{role:?}");
        }
        assert_eq!(Capability::AuditLog.href(Role::Prefecture), Some("/admin/audit"));
    }

    #[test]
    fn the_helpdesk_console_is_for_the_helpdesk_and_ministry_admins() {
        for role in Role::ALL {
            let has = role.capabilities().contains(&Capability::HelpdeskAccounts);
            assert_eq!(has, matches!(role, Role::Helpdesk | Role::MinistryAdmin), "{role:?}");
        }
        assert_eq!(Capability::HelpdeskAccounts.href(Role::Helpdesk), Some("/helpdesk/accounts"));
    }
}
