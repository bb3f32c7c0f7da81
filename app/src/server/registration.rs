//! Registering facilities, centres, associations and officers, and issuing
//! their login IDs (one by one or from a CSV file).
//!
//! [`parse_csv`] reads UTF-8 (with or without BOM) or Shift_JIS; [`import`]
//! checks every row, then writes them all in one transaction: each new
//! account gets an 8-character ID (or keeps its migrated one), a 72-hour
//! password link mailed through the outbox, and — for hospitals and accounts
//! without an address — a postal letter in the print queue. A row that
//! already exists is reported and skipped; any invalid row means nothing is
//! written. A dry run does all of it and rolls back.

use crate::domain::accounts::{AccountKind, AccountRow, CSV_COLUMNS, ValidRow, new_login_id, validate};
use crate::domain::error::{AppError, FieldErrors};
use crate::domain::roles::{Actor, Role, Scope};
use crate::domain::tokens::TokenPurpose;
use crate::server::accounts::new_user;
use crate::server::audit::{self, AuditAction, AuditEntry};
use crate::server::authz::require_role;
use crate::server::db::begin_exclusive;
use crate::server::entities::{aggregator, centre, facility, user};
use crate::server::jurisdictions::usable_municipality;
use crate::server::letters::queue_letter;
use crate::server::password_links::issue_link;
use argon2::password_hash::rand_core::{OsRng, RngCore as _};
use chrono::Utc;
use sea_orm::{
    ActiveValue::NotSet, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    QueryFilter, Set,
};
use serde::{Deserialize, Serialize};

pub use crate::domain::accounts::RowOutcome;

/// The roles that may register accounts in the browser (what each may
/// register is decided per row).
pub const IMPORTERS: [Role; 2] = [Role::MinistryAdmin, Role::Prefecture];

/// Who runs an import: the operator at the shell, or a logged-in user.
#[derive(Clone, Debug)]
pub enum Importer {
    Operator,
    User(Actor),
}

impl Importer {
    /// Whether this importer may register `row`: ministry admins and the
    /// operator anything; a prefecture only designated clinics in its own
    /// prefecture; nobody else anything.
    fn may_register(&self, row: &ValidRow) -> bool {
        match self {
            Importer::Operator => true,
            Importer::User(a) => match (&a.role, &a.scope) {
                (Role::MinistryAdmin, _) => true,
                (Role::Prefecture, Scope::Prefecture(p)) => {
                    row.kind == AccountKind::Clinic
                        && row.designated_from.is_some()
                        && row.prefecture.as_ref() == Some(p)
                }
                _ => false,
            },
        }
    }

    fn label(&self) -> (Option<i32>, String) {
        match self {
            Importer::Operator => (None, "cli".to_owned()),
            Importer::User(a) => (Some(a.user_id.0), a.login_id.to_string()),
        }
    }
}

/// The result of an import: one outcome per data line (1-based line numbers
/// of the file, header = line 1), and whether anything was written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    pub rows: Vec<(usize, RowOutcome)>,
    pub committed: bool,
}

impl ImportReport {
    pub fn count(&self, f: impl Fn(&RowOutcome) -> bool) -> usize {
        self.rows.iter().filter(|(_, o)| f(o)).count()
    }
}

/// The largest CSV file accepted in the browser (about 20,000 rows).
pub const MAX_UPLOAD_BYTES: usize = 5 * 1024 * 1024;

/// A CSV file uploaded by a logged-in user: only ministry administrators and
/// prefecture officers may upload; what each row may register is decided
/// per row. An unreadable file is refused as a whole on the `file` field.
pub async fn import_upload(
    db: &DatabaseConnection,
    actor: &Actor,
    bytes: &[u8],
    public_url: &str,
    dry_run: bool,
) -> Result<ImportReport, AppError> {
    require_role(db, actor, &IMPORTERS, "accounts.import").await?;
    if bytes.is_empty() {
        return Err(AppError::field("file", crate::i18n::t().import_file_empty));
    }
    let rows = parse_csv(bytes).map_err(|e| AppError::field("file", &e))?;
    import(db, &Importer::User(actor.clone()), &rows, public_url, dry_run, &|_| {}).await
}

/// Reads the upload form (the CSV as `file`, the `dry_run` box) and imports
/// it: the service of the `upload_accounts` server function and of the form
/// posted without JavaScript. A file past [`MAX_UPLOAD_BYTES`] is refused.
pub async fn upload(
    state: &crate::server::context::AppState,
    actor: &Actor,
    data: leptos::server_fn::codec::MultipartData,
) -> Result<crate::api::registration::UploadReport, AppError> {
    use crate::api::registration::{UploadReport, UploadRow};
    let mut form = data.into_inner().ok_or(AppError::Internal)?;
    let (mut bytes, mut dry_run) = (Vec::new(), false);
    while let Ok(Some(mut field)) = form.next_field().await {
        match field.name() {
            Some("file") => {
                while let Ok(Some(chunk)) = field.chunk().await {
                    if bytes.len() + chunk.len() > MAX_UPLOAD_BYTES {
                        return Err(AppError::field("file", crate::i18n::t().import_file_too_big));
                    }
                    bytes.extend_from_slice(&chunk);
                }
            }
            Some("dry_run") => dry_run = true,
            _ => {}
        }
    }
    let report = import_upload(&state.db, actor, &bytes, &state.public_url, dry_run).await?;
    Ok(UploadReport {
        rows: report.rows.into_iter().map(|(line, outcome)| UploadRow { line, outcome }).collect(),
        committed: report.committed,
        dry_run,
    })
}

/// One account from the registration form, checked and written like a CSV row.
pub async fn register_one(
    db: &DatabaseConnection,
    actor: &Actor,
    row: AccountRow,
    public_url: &str,
    dry_run: bool,
) -> Result<(usize, RowOutcome), AppError> {
    require_role(db, actor, &IMPORTERS, "accounts.register").await?;
    let report = import(db, &Importer::User(actor.clone()), &[(1, row)], public_url, dry_run, &|_| {}).await?;
    report.rows.into_iter().next().ok_or(AppError::Internal)
}

/// Decodes and parses a registration CSV (header row of [`CSV_COLUMNS`],
/// in any order; unknown columns are refused so a typo is not silently lost).
pub fn parse_csv(bytes: &[u8]) -> Result<Vec<(usize, AccountRow)>, String> {
    let texts = crate::i18n::t().registration();
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => {
            let (decoded, _, had_errors) = encoding_rs::SHIFT_JIS.decode(bytes);
            if had_errors {
                return Err(texts.csv_encoding.to_owned());
            }
            decoded.into_owned()
        }
    };
    let mut reader = csv::ReaderBuilder::new().flexible(false).trim(csv::Trim::All).from_reader(text.as_bytes());
    let headers: Vec<String> =
        reader.headers().map_err(|_| texts.csv_no_header.to_owned())?.iter().map(str::to_owned).collect();
    if let Some(unknown) = headers.iter().find(|h| !CSV_COLUMNS.contains(&h.as_str())) {
        return Err((texts.csv_unknown_column)(unknown, &CSV_COLUMNS.join(", ")));
    }
    for required in ["kind", "name"] {
        if !headers.iter().any(|h| h == required) {
            return Err((texts.csv_missing_column)(required));
        }
    }
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = record.map_err(|_| (texts.csv_column_count)(line))?;
        let get =
            |name: &str| headers.iter().position(|h| h == name).and_then(|p| record.get(p)).unwrap_or("").to_owned();
        rows.push((line, AccountRow::from_columns(get)));
    }
    Ok(rows)
}

/// Imports `rows`; `progress(done)` is called after each row.
pub async fn import(
    db: &DatabaseConnection,
    importer: &Importer,
    rows: &[(usize, AccountRow)],
    public_url: &str,
    dry_run: bool,
    progress: &(dyn Fn(usize) + Send + Sync),
) -> Result<ImportReport, AppError> {
    let txn = begin_exclusive(db).await?;
    let mut outcomes = Vec::with_capacity(rows.len());
    for (i, (line, row)) in rows.iter().enumerate() {
        let outcome = match validate(row) {
            Err(fields) => RowOutcome::Invalid(fields),
            Ok(valid) if !importer.may_register(&valid) => RowOutcome::Invalid(FieldErrors::from([(
                "kind".to_owned(),
                crate::i18n::t().registration().prefecture_may_not.to_owned(),
            )])),
            Ok(valid) => register(&txn, importer, &valid, public_url).await?,
        };
        outcomes.push((*line, outcome));
        progress(i + 1);
    }
    let invalid = outcomes.iter().any(|(_, o)| matches!(o, RowOutcome::Invalid(_)));
    let committed = !dry_run && !invalid;
    if committed {
        txn.commit().await?;
    } else {
        txn.rollback().await?;
    }
    Ok(ImportReport { rows: outcomes, committed })
}

/// Writes one checked row (or reports that it exists).
async fn register(
    txn: &DatabaseTransaction,
    importer: &Importer,
    row: &ValidRow,
    public_url: &str,
) -> Result<RowOutcome, AppError> {
    let texts = crate::i18n::t().registration();
    if let Some(id) = &row.login_id
        && user::Entity::find().filter(user::Column::LoginId.eq(id.as_str())).one(txn).await?.is_some()
    {
        return Ok(RowOutcome::Exists((texts.exists_login_id)(id.as_str())));
    }
    if let Some(m) = &row.municipality
        && let Err(message) = usable_municipality(txn, m.as_str()).await?
    {
        return Ok(RowOutcome::Invalid(FieldErrors::from([("municipality".to_owned(), message)])));
    }
    let now = Utc::now();
    let prefecture = row.prefecture.as_ref().map(|p| p.as_str().to_owned());
    let municipality = row.municipality.as_ref().map(|m| m.as_str().to_owned());
    let login_id = match &row.login_id {
        Some(id) => id.as_str().to_owned(),
        None => unused_login_id(txn).await?,
    };
    let mut account = new_user(&login_id, row.kind.role(), &row.name, row.email.clone(), None, now);
    account.migrated = Set(row.login_id.is_some());
    match row.kind {
        AccountKind::Hospital | AccountKind::Clinic => {
            let code = row.medical_code.as_ref().map(|c| c.as_str().to_owned()).unwrap_or_default();
            if facility::Entity::find().filter(facility::Column::MedicalCode.eq(&code)).one(txn).await?.is_some() {
                return Ok(RowOutcome::Exists((texts.exists_medical_code)(&code)));
            }
        }
        AccountKind::Centre => {
            let pref = prefecture.clone().unwrap_or_default();
            let existing = centre::Entity::find()
                .filter(centre::Column::Name.eq(&row.name))
                .filter(centre::Column::PrefectureCode.eq(&pref))
                .one(txn)
                .await?;
            if existing.is_some() {
                return Ok(RowOutcome::Exists((texts.exists_name)(&row.name)));
            }
        }
        AccountKind::Aggregator => {
            let pref = prefecture.clone().unwrap_or_default();
            let existing = aggregator::Entity::find()
                .filter(aggregator::Column::Name.eq(&row.name))
                .filter(aggregator::Column::PrefectureCode.eq(&pref))
                .one(txn)
                .await?;
            if existing.is_some() {
                return Ok(RowOutcome::Exists((texts.exists_name)(&row.name)));
            }
        }
        AccountKind::PrefectureOfficer
        | AccountKind::MunicipalityOfficer
        | AccountKind::Helpdesk
        | AccountKind::MinistryAdmin => {
            let mut same = user::Entity::find()
                .filter(user::Column::Role.eq(row.kind.role()))
                .filter(user::Column::DisplayName.eq(&row.name));
            if row.kind == AccountKind::PrefectureOfficer {
                same = same.filter(user::Column::PrefectureCode.eq(prefecture.clone()));
                account.prefecture_code = Set(prefecture.clone());
            }
            if row.kind == AccountKind::MunicipalityOfficer {
                same = same.filter(user::Column::MunicipalityCode.eq(municipality.clone()));
                account.municipality_code = Set(municipality.clone());
            }
            if row.login_id.is_none() && same.one(txn).await?.is_some() {
                return Ok(RowOutcome::Exists((texts.exists_account)(&row.name)));
            }
        }
    }
    insert_unit(txn, row, &mut account, now).await?;
    let created = user::Entity::insert(account).exec_with_returning(txn).await?;
    let letter = queue_issuance(txn, &created, row.kind, public_url).await?;
    let (actor_id, actor_label) = importer.label();
    let mut entry =
        AuditEntry::new(AuditAction::AccountCreated, actor_id, actor_label).target("user", created.id.to_string());
    entry.detail = Some(
        serde_json::json!({ "login_id": created.login_id, "kind": row.kind.code(), "migrated": created.migrated }),
    );
    audit::record(txn, entry).await?;
    Ok(RowOutcome::Created { login_id: created.login_id, mailed: row.email.is_some(), letter })
}

/// Inserts the facility, centre or association of a checked row (officers
/// have none) and points `account` at it.
pub(crate) async fn insert_unit(
    conn: &impl ConnectionTrait,
    row: &ValidRow,
    account: &mut user::ActiveModel,
    now: chrono::DateTime<Utc>,
) -> Result<(), AppError> {
    let prefecture = row.prefecture.as_ref().map(|p| p.as_str().to_owned()).unwrap_or_default();
    let municipality = row.municipality.as_ref().map(|m| m.as_str().to_owned());
    match row.kind {
        AccountKind::Hospital | AccountKind::Clinic => {
            let id = facility::Entity::insert(facility_row(row, now)).exec(conn).await?.last_insert_id;
            account.facility_id = Set(Some(id));
        }
        AccountKind::Centre => {
            let id = centre::Entity::insert(centre::ActiveModel {
                id: NotSet,
                name: Set(row.name.clone()),
                prefecture_code: Set(prefecture),
                municipality_code: Set(municipality),
                email: Set(row.email.clone()),
                created_at: Set(now),
            })
            .exec(conn)
            .await?
            .last_insert_id;
            account.centre_id = Set(Some(id));
        }
        AccountKind::Aggregator => {
            let id = aggregator::Entity::insert(aggregator::ActiveModel {
                id: NotSet,
                name: Set(row.name.clone()),
                prefecture_code: Set(prefecture),
                email: Set(row.email.clone()),
                created_at: Set(now),
            })
            .exec(conn)
            .await?
            .last_insert_id;
            account.aggregator_id = Set(Some(id));
        }
        AccountKind::PrefectureOfficer
        | AccountKind::MunicipalityOfficer
        | AccountKind::Helpdesk
        | AccountKind::MinistryAdmin => {}
    }
    Ok(())
}

/// The facility of a checked hospital or clinic row.
pub(crate) fn facility_row(row: &ValidRow, now: chrono::DateTime<Utc>) -> facility::ActiveModel {
    facility::ActiveModel {
        id: NotSet,
        medical_code: Set(row.medical_code.as_ref().map(|c| c.as_str().to_owned()).unwrap_or_default()),
        kind: Set(facility_kind(row.kind)),
        name: Set(row.name.clone()),
        prefecture_code: Set(row.prefecture.as_ref().map(|p| p.as_str().to_owned()).unwrap_or_default()),
        municipality_code: Set(row.municipality.as_ref().map(|m| m.as_str().to_owned())),
        postal_code: Set(row.postal_code.clone()),
        address: Set(row.address.clone().unwrap_or_default()),
        email: Set(row.email.clone()),
        beds: Set(row.beds),
        designated_from: Set(row.designated_from),
        created_at: Set(now),
    }
}

/// The stored kind of a hospital or clinic row.
pub(crate) fn facility_kind(kind: AccountKind) -> crate::domain::jurisdiction::FacilityKind {
    if kind == AccountKind::Hospital {
        crate::domain::jurisdiction::FacilityKind::Hospital
    } else {
        crate::domain::jurisdiction::FacilityKind::Clinic
    }
}

/// Issuance of a new (or migrated) account: a 72-hour password link, mailed
/// through the outbox when it has an address, and a postal letter in the
/// print queue for hospitals and accounts without an address. Whether a
/// letter was queued.
pub(crate) async fn queue_issuance(
    conn: &impl ConnectionTrait,
    account: &user::Model,
    kind: AccountKind,
    public_url: &str,
) -> Result<bool, AppError> {
    issue_link(conn, account, TokenPurpose::Issue, public_url).await?;
    let letter = kind == AccountKind::Hospital || account.email.is_none();
    if letter {
        queue_letter(conn, account.id).await?;
    }
    Ok(letter)
}

/// A fresh login ID that no account has.
async fn unused_login_id(conn: &impl ConnectionTrait) -> Result<String, AppError> {
    loop {
        let id = new_login_id(|| {
            let mut b = [0u8; 1];
            OsRng.fill_bytes(&mut b);
            b[0]
        });
        if user::Entity::find().filter(user::Column::LoginId.eq(id.as_str())).one(conn).await?.is_none() {
            return Ok(id.as_str().to_owned());
        }
    }
}
