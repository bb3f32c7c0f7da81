//! Kinds and states of the things users report for and act as.

use serde::{Deserialize, Serialize};

/// A hospital (20 beds or more) or a clinic (診療所).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "Text"))]
pub enum FacilityKind {
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "hospital"))]
    Hospital,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "clinic"))]
    Clinic,
}

impl FacilityKind {
    pub fn label_ja(self) -> &'static str {
        match self {
            FacilityKind::Hospital => "病院",
            FacilityKind::Clinic => "診療所",
        }
    }
}

/// Where an account stands (SPEC §2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "Text"))]
pub enum AccountStatus {
    /// Issued (or migrated) and waiting for its holder to set a password
    /// through the mailed link; cannot log in.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "awaiting_password"))]
    AwaitingPassword,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "active"))]
    Active,
    /// Switched off by an administrator; cannot log in, sessions ended.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "disabled"))]
    Disabled,
}
