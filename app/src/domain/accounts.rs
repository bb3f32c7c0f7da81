//! Registering accounts: the kinds of account G-MIS issues and the checks on
//! one registration row (from a form or a CSV line), in the browser and on
//! the server alike. `crate::server::accounts` writes the checked rows.

use crate::domain::error::FieldErrors;
use crate::domain::ids::{LOGIN_ID_ALPHABET, LOGIN_ID_LEN, LoginId, MedicalCode, MunicipalityCode, PrefectureCode};
use crate::domain::roles::Role;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What a registration row creates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AccountKind {
    Hospital,
    Clinic,
    Centre,
    Aggregator,
    PrefectureOfficer,
    MunicipalityOfficer,
    Helpdesk,
    MinistryAdmin,
}

impl AccountKind {
    pub const ALL: [AccountKind; 8] = [
        AccountKind::Hospital,
        AccountKind::Clinic,
        AccountKind::Centre,
        AccountKind::Aggregator,
        AccountKind::PrefectureOfficer,
        AccountKind::MunicipalityOfficer,
        AccountKind::Helpdesk,
        AccountKind::MinistryAdmin,
    ];

    /// The value of the CSV `kind` column.
    pub const fn code(self) -> &'static str {
        match self {
            AccountKind::Hospital => "hospital",
            AccountKind::Clinic => "clinic",
            AccountKind::Centre => "centre",
            AccountKind::Aggregator => "aggregator",
            AccountKind::PrefectureOfficer => "prefecture",
            AccountKind::MunicipalityOfficer => "municipality",
            AccountKind::Helpdesk => "helpdesk",
            AccountKind::MinistryAdmin => "ministry_admin",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code.trim())
    }

    /// The role of the account this row creates.
    pub const fn role(self) -> Role {
        match self {
            AccountKind::Hospital | AccountKind::Clinic => Role::Facility,
            AccountKind::Centre => Role::ConsultationCentre,
            AccountKind::Aggregator => Role::Aggregator,
            AccountKind::PrefectureOfficer => Role::Prefecture,
            AccountKind::MunicipalityOfficer => Role::Municipality,
            AccountKind::Helpdesk => Role::Helpdesk,
            AccountKind::MinistryAdmin => Role::MinistryAdmin,
        }
    }
}

/// One registration row as typed (every field a string, as in the CSV).
/// Missing fields are empty.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AccountRow {
    pub kind: String,
    pub name: String,
    pub prefecture: String,
    pub municipality: String,
    pub medical_code: String,
    pub postal_code: String,
    pub address: String,
    pub email: String,
    pub beds: String,
    pub designated_from: String,
    /// Only for accounts carried over from the previous system: their ID.
    pub login_id: String,
}

impl AccountRow {
    /// The row from the one-account form's fields (`row[kind]`, …), or from
    /// the address back to it.
    pub fn from_fields(field: impl Fn(&str) -> Option<String>) -> Self {
        AccountRow::from_columns(|k| field(&format!("row[{k}]")).unwrap_or_default())
    }

    /// The row from its columns by name (a CSV record's, or a form's).
    pub fn from_columns(get: impl Fn(&str) -> String) -> Self {
        AccountRow {
            kind: get("kind"),
            name: get("name"),
            prefecture: get("prefecture"),
            municipality: get("municipality"),
            medical_code: get("medical_code"),
            postal_code: get("postal_code"),
            address: get("address"),
            email: get("email"),
            beds: get("beds"),
            designated_from: get("designated_from"),
            login_id: get("login_id"),
        }
    }

    /// What was typed, as the form's fields for the address back to it.
    pub fn typed_fields(&self) -> Vec<(String, String)> {
        [
            ("kind", &self.kind),
            ("name", &self.name),
            ("prefecture", &self.prefecture),
            ("municipality", &self.municipality),
            ("medical_code", &self.medical_code),
            ("postal_code", &self.postal_code),
            ("address", &self.address),
            ("email", &self.email),
            ("beds", &self.beds),
            ("designated_from", &self.designated_from),
            ("login_id", &self.login_id),
        ]
        .into_iter()
        .map(|(k, v)| (format!("row[{k}]"), v.clone()))
        .collect()
    }
}

/// The CSV header, in order.
pub const CSV_COLUMNS: [&str; 11] = [
    "kind",
    "name",
    "prefecture",
    "municipality",
    "medical_code",
    "postal_code",
    "address",
    "email",
    "beds",
    "designated_from",
    "login_id",
];

/// What became of one registration row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RowOutcome {
    /// A new account; `letter` when a postal letter was queued.
    Created {
        login_id: String,
        mailed: bool,
        letter: bool,
    },
    /// Already registered; nothing was written for this row.
    Exists(String),
    Invalid(FieldErrors),
}

/// A checked registration row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidRow {
    pub kind: AccountKind,
    pub name: String,
    pub prefecture: Option<PrefectureCode>,
    pub municipality: Option<MunicipalityCode>,
    pub medical_code: Option<MedicalCode>,
    pub postal_code: Option<String>,
    pub address: Option<String>,
    pub email: Option<String>,
    pub beds: Option<i32>,
    pub designated_from: Option<NaiveDate>,
    pub login_id: Option<LoginId>,
}

fn opt(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// A plausible mail address: one `@`, something on both sides, a dot in the
/// domain, no spaces. (Delivery is the real test.)
pub fn is_plausible_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else { return false };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.contains(char::is_whitespace)
        && !domain.contains('@')
        && s.len() <= 254
}

/// Checks a row; every problem is reported at once, per field, in the
/// active catalogue's language.
pub fn validate(row: &AccountRow) -> Result<ValidRow, FieldErrors> {
    let texts = crate::i18n::t().registration();
    let mut errors = FieldErrors::new();
    let mut err = |field: &str, msg: &str| {
        errors.entry(field.to_owned()).or_insert_with(|| msg.to_owned());
    };
    let kind = AccountKind::from_code(&row.kind);
    if kind.is_none() {
        err("kind", texts.kind_invalid);
    }
    let name = row.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 200 {
        err("name", texts.name_invalid);
    }
    let prefecture = opt(&row.prefecture).map(|p| PrefectureCode::parse(&p));
    let prefecture = match prefecture {
        Some(Ok(p)) => Some(p),
        Some(Err(_)) => {
            err("prefecture", texts.prefecture_format);
            None
        }
        None => None,
    };
    let municipality = match opt(&row.municipality).map(|m| MunicipalityCode::parse(&m)) {
        Some(Ok(m)) => Some(m),
        Some(Err(_)) => {
            err("municipality", texts.municipality_format);
            None
        }
        None => None,
    };
    if let (Some(p), Some(m)) = (&prefecture, &municipality)
        && &m.prefecture() != p
    {
        err("municipality", texts.municipality_mismatch);
    }
    let email = opt(&row.email);
    if email.as_deref().is_some_and(|e| !is_plausible_email(e)) {
        err("email", crate::i18n::t().accounts().email_invalid);
    }
    let login_id = match opt(&row.login_id).map(|id| LoginId::parse(&id)) {
        Some(Ok(id)) => Some(id),
        Some(Err(_)) => {
            err("login_id", texts.login_id_format);
            None
        }
        None => None,
    };
    let beds = match opt(&row.beds).map(|b| b.parse::<i32>()) {
        Some(Ok(b)) if (0..=10_000).contains(&b) => Some(b),
        Some(_) => {
            err("beds", texts.beds_invalid);
            None
        }
        None => None,
    };
    let designated_from = match opt(&row.designated_from).map(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d")) {
        Some(Ok(d)) => Some(d),
        Some(Err(_)) => {
            err("designated_from", texts.designated_from_format);
            None
        }
        None => None,
    };
    let mut medical_code = None;
    let needs_prefecture = !matches!(kind, Some(AccountKind::Helpdesk | AccountKind::MinistryAdmin) | None);
    if needs_prefecture && prefecture.is_none() {
        err("prefecture", texts.prefecture_required);
    }
    match kind {
        Some(AccountKind::Hospital | AccountKind::Clinic) => {
            match (opt(&row.medical_code), &prefecture) {
                (Some(code), Some(p)) => match MedicalCode::parse(&code, p) {
                    Ok(c) => medical_code = Some(c),
                    Err(_) => err("medical_code", texts.medical_code_format),
                },
                (None, _) => err("medical_code", texts.medical_code_required),
                (Some(_), None) => {}
            }
            if opt(&row.address).is_none() {
                err("address", texts.address_required);
            }
            match (kind, beds) {
                (Some(AccountKind::Hospital), Some(b)) if b < 20 => err("beds", texts.hospital_beds),
                (Some(AccountKind::Clinic), Some(b)) if b >= 20 => err("beds", texts.clinic_beds),
                _ => {}
            }
            if kind == Some(AccountKind::Hospital) && designated_from.is_some() {
                err("designated_from", texts.designated_hospital);
            }
        }
        Some(AccountKind::MunicipalityOfficer) if municipality.is_none() => {
            err("municipality", texts.municipality_required);
        }
        _ => {}
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let Some(kind) = kind else { return Err(errors) };
    Ok(ValidRow {
        kind,
        name,
        prefecture,
        municipality,
        medical_code,
        postal_code: opt(&row.postal_code),
        address: opt(&row.address),
        email,
        beds,
        designated_from,
        login_id,
    })
}

/// A new login ID from `random` (any source of uniformly random bytes):
/// [`LOGIN_ID_LEN`] characters of the unambiguous alphabet.
pub fn new_login_id(mut random: impl FnMut() -> u8) -> LoginId {
    let n = LOGIN_ID_ALPHABET.len();
    // Rejection sampling keeps every character equally likely (with 32
    // symbols nothing is rejected; the rule stays right if the alphabet changes).
    let limit = 256 / n * n;
    let id: String = std::iter::from_fn(|| Some(random()))
        .filter(|b| usize::from(*b) < limit)
        .take(LOGIN_ID_LEN)
        .map(|b| LOGIN_ID_ALPHABET[b as usize % n] as char)
        .collect();
    LoginId::parse(&id).unwrap_or_else(|_| unreachable!("alphabet characters form a valid ID"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clinic() -> AccountRow {
        AccountRow {
            kind: "clinic".into(),
            name: "目白内科クリニック".into(),
            prefecture: "13".into(),
            municipality: "131041".into(),
            medical_code: "1310000061".into(),
            address: "東京都新宿区下落合9-9-9".into(),
            email: "info@mejiro-clinic.example.jp".into(),
            designated_from: "2026-04-01".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_clinic_row_is_valid() {
        let v = validate(&clinic()).expect("valid");
        assert_eq!(v.kind, AccountKind::Clinic);
        assert_eq!(v.designated_from, NaiveDate::from_ymd_opt(2026, 4, 1));
        assert_eq!(v.kind.role(), Role::Facility);
    }

    #[test]
    fn every_problem_is_reported_per_field() {
        let row = AccountRow {
            medical_code: "2710000061".into(),
            email: "not an address".into(),
            designated_from: "2026/04/01".into(),
            beds: "25".into(),
            ..clinic()
        };
        let errors = validate(&row).expect_err("invalid");
        let fields: Vec<&str> = errors.keys().map(String::as_str).collect();
        assert_eq!(fields, ["beds", "designated_from", "email", "medical_code"]);
        assert!(errors.values().all(|m| !m.is_empty()));
    }

    #[test]
    fn kinds_need_their_own_fields() {
        let hospital =
            AccountRow { kind: "hospital".into(), beds: "12".into(), designated_from: String::new(), ..clinic() };
        assert!(validate(&hospital).expect_err("beds").contains_key("beds"));
        let officer = AccountRow {
            kind: "municipality".into(),
            name: "新宿区 健康部".into(),
            prefecture: "13".into(),
            ..Default::default()
        };
        assert!(validate(&officer).expect_err("muni").contains_key("municipality"));
        let admin = AccountRow { kind: "ministry_admin".into(), name: "医政局".into(), ..Default::default() };
        assert!(validate(&admin).is_ok());
        assert!(validate(&AccountRow { kind: "doctor".into(), ..clinic() }).expect_err("kind").contains_key("kind"));
    }

    #[test]
    fn new_ids_use_the_unambiguous_alphabet() {
        let mut seed = 7u32;
        let id = new_login_id(|| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (seed >> 16) as u8
        });
        assert!(id.is_issued_format(), "{id}");
        let mut bytes = [0u8, 1, 2, 3, 4, 5, 6, 7, 31, 255].into_iter();
        assert_eq!(new_login_id(|| bytes.next().unwrap_or(0)).as_str(), "23456789");
        let mut high = [31u8, 63, 95, 127, 159, 191, 223, 255].into_iter();
        assert_eq!(new_login_id(|| high.next().unwrap_or(0)).as_str(), "ZZZZZZZZ");
    }

    #[test]
    fn plausible_emails() {
        assert!(is_plausible_email("a@b.jp"));
        for bad in ["a@b", "@b.jp", "a b@c.jp", "a@@b.jp", "a@.jp"] {
            assert!(!is_plausible_email(bad), "{bad}");
        }
    }
}
