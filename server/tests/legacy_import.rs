//! `gmis legacy import` on the sample export (docs/examples/legacy): the
//! documented counts and rejected rows, a second run that changes nothing,
//! a changed row updated with 「移行データ更新」 in the audit log, a dry run,
//! a file that stops the run, a run cut short and finished by the next, the
//! `gmis` binary killed with SIGKILL half-way and run again, migrated
//! accounts that log in only after setting a password, and the daily and
//! weekly (supply) reports as their units see them afterwards.

// Test helpers outside #[test] functions fail loudly on purpose.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use app::domain::ids::{FacilityId, LoginId, UserId};
use app::domain::jurisdiction::AccountStatus;
use app::domain::reports::{DayStatus, PeriodRules};
use app::domain::roles::{Actor, Role, Scope};
use app::domain::supplies::{SosActionInput, SosQueueFilter, SosState, SosStep, Supply};
use app::domain::surveys::{Answer, SurveyKind};
use app::server::entities::survey_version;
use app::server::entities::{
    audit_log, facility, legacy_row, letter, mail, membership, report, report_revision, report_total, user,
};
use app::server::entities::{sos_event, sos_line, sos_request};
use app::server::legacy::import::{Options, Outcome, Silent, run};
use app::server::reports::{FormRequest, bulk, unit_index};
use common::{PASSWORD, TestApp};
use sea_orm::{
    ActiveValue::NotSet, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QueryTrait, Set,
};
use std::path::{Path, PathBuf};

const NEW_PASSWORD: &str = "ひまわり畑を歩いた長い夏の朝のこと";

/// The files of the sample export.
const FILES: [&str; 10] = [
    "facilities.csv",
    "memberships.csv",
    "hospital_daily_2020.csv",
    "hospital_daily.csv",
    "clinic_daily.csv",
    "centre_daily.csv",
    "supplies_weekly.csv",
    "sos_requests.csv",
    "sos_lines.csv",
    "sos_events.csv",
];

type Counts<'a> = (&'a str, u64, u64, u64, u64, u64);

/// The report files' and the SOS files' counts on a first run over the
/// sample (docs/legacy-export.md): (file, read, imported, unchanged,
/// updated, rejected).
const REPORTS_NEW: [Counts; 8] = [
    ("hospital_daily_2020.csv", 7, 4, 0, 0, 3),
    ("hospital_daily.csv", 5, 3, 0, 0, 2),
    ("clinic_daily.csv", 7, 4, 0, 0, 3),
    ("centre_daily.csv", 5, 3, 0, 0, 2),
    ("supplies_weekly.csv", 8, 4, 0, 0, 4),
    ("sos_requests.csv", 9, 4, 0, 0, 5),
    ("sos_lines.csv", 11, 6, 0, 0, 5),
    ("sos_events.csv", 15, 11, 0, 0, 4),
];

/// The same on a later run with nothing changed.
const REPORTS_UNCHANGED: [Counts; 8] = [
    ("hospital_daily_2020.csv", 7, 0, 4, 0, 3),
    ("hospital_daily.csv", 5, 0, 3, 0, 2),
    ("clinic_daily.csv", 7, 0, 4, 0, 3),
    ("centre_daily.csv", 5, 0, 3, 0, 2),
    ("supplies_weekly.csv", 8, 0, 4, 0, 4),
    ("sos_requests.csv", 9, 0, 4, 0, 5),
    ("sos_lines.csv", 11, 0, 6, 0, 5),
    ("sos_events.csv", 15, 0, 11, 0, 4),
];

/// Where the weekly supply reports of the sample are in the counts.
const SUPPLIES: usize = 6;
/// Where the SOS requests of the sample are in the counts (lines and events follow).
const SOS: usize = 7;

/// The units' and memberships' counts followed by the report and SOS files'.
fn and_reports<'a>(units: [Counts<'a>; 2], reports: [Counts<'a>; 8]) -> Vec<Counts<'a>> {
    units.into_iter().chain(reports).collect()
}

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/examples/legacy")
}

/// A fresh folder under the temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Self {
        let dir = std::env::temp_dir().join("gmis-tests").join(format!("legacy-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    /// A copy of the sample with `edit` applied to each file's text (CP932 kept).
    fn sample_edited(edit: impl Fn(&str, String) -> String) -> Self {
        let dir = TempDir::new();
        for name in FILES {
            let bytes = std::fs::read(sample().join(name)).unwrap();
            let (text, _, bad) = encoding_rs::SHIFT_JIS.decode(&bytes);
            assert!(!bad);
            let edited = edit(name, text.into_owned());
            std::fs::write(dir.0.join(name), encoding_rs::SHIFT_JIS.encode(&edited).0).unwrap();
        }
        dir
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

async fn import(app: &TestApp, dir: &Path, out: &TempDir, dry_run: bool, notify: bool) -> Outcome {
    let options = Options {
        dry_run,
        notify,
        public_url: "https://gmis.example.go.jp".to_owned(),
        out_dir: out.0.join(format!("run-{}", uuid::Uuid::new_v4().simple())),
        now: app.now(),
    };
    run(&app.db, dir, &options, &Silent).await.expect("the run finishes")
}

/// (file, read, imported, unchanged, updated, rejected) per file.
fn counts(outcome: &Outcome) -> Vec<Counts<'_>> {
    outcome.counts.iter().map(|c| (c.file.as_str(), c.read, c.imported, c.unchanged, c.updated, c.rejected)).collect()
}

/// What a user of the system would see change: accounts, facilities,
/// memberships, mails, letters.
async fn totals(app: &TestApp) -> [u64; 5] {
    [
        user::Entity::find().count(&app.db).await.unwrap(),
        facility::Entity::find().count(&app.db).await.unwrap(),
        membership::Entity::find().count(&app.db).await.unwrap(),
        mail::Entity::find().count(&app.db).await.unwrap(),
        letter::Entity::find().count(&app.db).await.unwrap(),
    ]
}

/// Reports and report revisions in the database.
async fn reports(app: &TestApp) -> [u64; 2] {
    [
        report::Entity::find().count(&app.db).await.unwrap(),
        report_revision::Entity::find().count(&app.db).await.unwrap(),
    ]
}

/// A facility's account as the signed-in actor, with its facility id.
fn facility_actor(account: &user::Model) -> (Actor, i32) {
    let facility_id = account.facility_id.unwrap();
    let actor = Actor {
        user_id: UserId(account.id),
        login_id: LoginId::parse(&account.login_id).unwrap(),
        display_name: account.display_name.clone(),
        role: Role::Facility,
        scope: Scope::Facility(FacilityId(facility_id)),
    };
    (actor, facility_id)
}

async fn account(app: &TestApp, login_id: &str) -> user::Model {
    user::Entity::find().filter(user::Column::LoginId.eq(login_id)).one(&app.db).await.unwrap().expect(login_id)
}

async fn facility_by_code(app: &TestApp, code: &str) -> facility::Model {
    facility::Entity::find().filter(facility::Column::MedicalCode.eq(code)).one(&app.db).await.unwrap().expect(code)
}

async fn audit_rows(app: &TestApp, action: &str) -> Vec<audit_log::Model> {
    audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq(action))
        .order_by_asc(audit_log::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
}

/// The rejected-rows file as (file, line, column, reason, row) records.
fn rejected_file(outcome: &Outcome) -> Vec<Vec<String>> {
    let bytes = std::fs::read(&outcome.rejected_path).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with BOM, for Excel");
    assert!(String::from_utf8_lossy(&bytes).contains("\r\n"), "CRLF");
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), ["ファイル", "行", "列", "理由", "元の行"]);
    reader.records().map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect()
}

#[tokio::test]
async fn the_sample_imports_with_the_documented_counts_and_rejections() {
    let app = TestApp::new().await;
    let out = TempDir::new();
    let before = totals(&app).await;
    let outcome = import(&app, &sample(), &out, false, false).await;

    assert_eq!(
        counts(&outcome),
        and_reports([("facilities.csv", 20, 14, 0, 0, 6), ("memberships.csv", 7, 3, 0, 0, 4)], REPORTS_NEW)
    );
    assert!(outcome.committed && outcome.file_errors.is_empty());
    assert_eq!(totals(&app).await, [before[0] + 14, before[1] + 10, before[2] + 3, before[3], before[4]]);

    // Accounts keep their IDs and wait for a password; nothing was mailed.
    let hospital = account(&app, "13H00051").await;
    assert_eq!(
        (hospital.status, hospital.migrated, hospital.password_hash.is_none()),
        (AccountStatus::AwaitingPassword, true, true)
    );
    let sendai = facility_by_code(&app, "0410200349").await;
    assert_eq!(sendai.beds, Some(240), "full-width ２４０");
    let waseda = facility_by_code(&app, "1310401292").await;
    assert_eq!(waseda.designated_from.map(|d| d.to_string()).as_deref(), Some("2020-11-01"), "令和2年11月1日");
    assert_eq!(waseda.address, "東京都新宿区西早稲田9-9-6 西早稲田メディカルビル2階", "a quoted line break");
    let hakodate = facility_by_code(&app, "0112101076").await;
    assert_eq!(hakodate.designated_from.map(|d| d.to_string()).as_deref(), Some("2020-11-01"), "R2.11.1");
    assert_eq!(account(&app, "27A00001").await.role, app::domain::roles::Role::Aggregator);
    assert_eq!(account(&app, "47S00001").await.role, app::domain::roles::Role::ConsultationCentre);

    let rejected: Vec<Vec<String>> =
        rejected_file(&outcome).into_iter().filter(|r| r[0] == "facilities.csv" || r[0] == "memberships.csv").collect();
    let where_: Vec<(&str, &str, &str)> =
        rejected.iter().map(|r| (r[0].as_str(), r[1].as_str(), r[2].as_str())).collect();
    assert_eq!(
        where_,
        [
            ("facilities.csv", "17", "医療機関コード"),
            ("facilities.csv", "18", "医療機関コード"),
            ("facilities.csv", "19", "診療・検査医療機関指定日"),
            ("facilities.csv", "20", "市区町村コード"),
            ("facilities.csv", "21", "ログインID"),
            ("facilities.csv", "22", "市区町村コード"),
            ("memberships.csv", "5", "医療機関コード"),
            ("memberships.csv", "6", "終了日"),
            ("memberships.csv", "7", "開始日"),
            ("memberships.csv", "8", "医師会ログインID"),
        ]
    );
    assert!(rejected[0][3].contains("検証番号"));
    assert!(rejected[2][3].contains("平成31年4月30日まで"));
    assert!(rejected[4][3].contains("7行目と重複"));
    assert!(
        rejected[5][3].contains("2024-01-01 に合併・再編で廃止されました。221384（浜松市中央区）をお使いください"),
        "{}",
        rejected[5][3]
    );
    assert!(rejected[6][3].contains("facilities.csv で不採用"));
    assert!(rejected[8][3].contains("3行目の所属（2021/01/04〜2021/03/31）と期間が重なります"));
    assert_eq!(
        rejected[4][4],
        "診療所,1310103005,神田駅前クリニック,東京都,131016,千代田区,101-0044,東京都千代田区鍛冶町9-9-19,,2021/01/18,,13C40129"
    );

    let summary = std::fs::read_to_string(&outcome.summary_path).unwrap();
    assert!(summary.contains("取り込みました。"));
    let row: Vec<&str> =
        summary.lines().find(|l| l.starts_with("facilities.csv")).unwrap().split_whitespace().collect();
    assert_eq!(row, ["facilities.csv", "20", "14", "0", "0", "6"]);
    let logged = audit_rows(&app, "legacy.imported").await;
    assert_eq!(logged.len(), 1);
    let detail: serde_json::Value = serde_json::from_str(logged[0].detail.as_deref().unwrap()).unwrap();
    assert_eq!(detail["files"][1]["rejected"], 4);
}

#[tokio::test]
async fn a_second_run_changes_nothing() {
    let app = TestApp::new().await;
    let out = TempDir::new();
    import(&app, &sample(), &out, false, false).await;
    let after_first = totals(&app).await;
    let created = audit_rows(&app, "account.created").await.len();
    let reports_first = reports(&app).await;
    assert_eq!(reports_first, [18, 18], "14 daily reports and 4 weeks of supplies");
    // One audit row per file's batch, naming the import, not the clinics.
    let carried = audit_rows(&app, "legacy.reports").await;
    let details: Vec<serde_json::Value> =
        carried.iter().map(|r| serde_json::from_str(r.detail.as_deref().unwrap()).unwrap()).collect();
    assert_eq!(details.iter().map(|d| d["reports"].as_u64().unwrap()).sum::<u64>(), 18);
    assert!(carried.iter().all(|r| r.actor_user_id.is_none() && r.target_kind.as_deref() == Some("legacy_run")));
    let weekly = details.iter().find(|d| d["file"] == "supplies_weekly.csv").unwrap();
    assert_eq!((weekly["survey"].as_str(), weekly["reports"].as_u64()), (Some("supplies_weekly"), Some(4)));
    assert!(audit_rows(&app, "report.submitted").await.is_empty(), "nobody submitted these in G-MIS");

    let second = import(&app, &sample(), &out, false, false).await;
    assert_eq!(
        counts(&second),
        and_reports([("facilities.csv", 20, 0, 14, 0, 6), ("memberships.csv", 7, 0, 3, 0, 4)], REPORTS_UNCHANGED)
    );
    assert_eq!(totals(&app).await, after_first);
    assert_eq!(audit_rows(&app, "account.created").await.len(), created);
    assert!(audit_rows(&app, "legacy.updated").await.is_empty());
    assert_eq!(reports(&app).await, reports_first);
    assert_eq!(audit_rows(&app, "legacy.reports").await.len(), carried.len());
    assert!(audit_rows(&app, "report.submitted").await.is_empty());
    assert!(audit_rows(&app, "report.amended").await.is_empty());
}

#[tokio::test]
async fn keys_stored_unit_first_by_the_earlier_version_are_turned_and_a_second_run_changes_nothing() {
    use migration::{Migrator, MigratorTrait};
    let app = TestApp::new().await;
    let out = TempDir::new();
    import(&app, &sample(), &out, false, false).await;
    let reports_first = reports(&app).await;
    let keys = || async {
        legacy_row::Entity::find()
            .filter(legacy_row::Column::File.eq("clinic_daily.csv"))
            .order_by_asc(legacy_row::Column::Id)
            .all(&app.db)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.row_key)
            .collect::<Vec<_>>()
    };
    let day_first = keys().await;
    assert!(!day_first.is_empty());
    let unit_first: Vec<String> = day_first
        .iter()
        .map(|k| {
            let (day, unit) = k.split_once('|').unwrap();
            assert!(day.parse::<chrono::NaiveDate>().is_ok(), "day first: {k}");
            format!("{unit}|{day}")
        })
        .collect();

    // Back to the database of the version before: keys unit first.
    let names: Vec<String> = Migrator::migrations().iter().map(|m| m.name().to_owned()).collect();
    let at = names.iter().position(|n| n == "m20261205_000036_legacy_report_keys_day_first").unwrap();
    Migrator::down(&app.db, Some((names.len() - at) as u32)).await.unwrap();
    assert_eq!(keys().await, unit_first);
    Migrator::up(&app.db, None).await.unwrap();
    assert_eq!(keys().await, day_first);

    let second = import(&app, &sample(), &out, false, false).await;
    assert_eq!(
        counts(&second),
        and_reports([("facilities.csv", 20, 0, 14, 0, 6), ("memberships.csv", 7, 0, 3, 0, 4)], REPORTS_UNCHANGED)
    );
    assert_eq!(reports(&app).await, reports_first);
}

#[tokio::test]
async fn a_second_run_finds_every_earlier_row_of_a_file_with_more_than_a_page_of_them() {
    let app = TestApp::new().await;
    let out = TempDir::new();
    let first = import(&app, &sample(), &out, false, false).await;
    let reports_first = reports(&app).await;
    // 45,000 earlier rows of clinic_daily.csv that sort before the sample's
    // keys: the sample's own are read on the third page of 20,000.
    let now = app.now();
    let filler: Vec<legacy_row::ActiveModel> = (0..45_000)
        .map(|n| legacy_row::ActiveModel {
            id: NotSet,
            file: Set("clinic_daily.csv".to_owned()),
            row_key: Set(format!("0000000000|{n:05}")),
            fingerprint: Set("0".repeat(64)),
            target_id: Set(0),
            run_id: Set(first.run_id.unwrap()),
            line: Set(0),
            notified: Set(false),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .collect();
    for chunk in filler.chunks(1_000) {
        legacy_row::Entity::insert_many(chunk.to_vec()).exec_without_returning(&app.db).await.unwrap();
    }

    let second = import(&app, &sample(), &out, false, false).await;
    assert_eq!(
        counts(&second),
        and_reports([("facilities.csv", 20, 0, 14, 0, 6), ("memberships.csv", 7, 0, 3, 0, 4)], REPORTS_UNCHANGED)
    );
    assert_eq!(reports(&app).await, reports_first);
    assert!(audit_rows(&app, "report.amended").await.is_empty());
}

#[tokio::test]
async fn a_changed_row_is_updated_with_the_reason_in_the_audit_log() {
    let app = TestApp::new().await;
    let out = TempDir::new();
    import(&app, &sample(), &out, false, false).await;
    let changed = TempDir::sample_edited(|name, text| match name {
        "facilities.csv" => text.replace("東京都千代田区丸の内9-9-5,198,", "東京都千代田区丸の内9-9-5,２０４,"),
        _ => text.replace("2021/01/04,2021/03/31", "2021/01/04,2021/02/28"),
    });

    let outcome = import(&app, &changed.0, &out, false, false).await;
    // With the first membership ending in February, the one from March no
    // longer overlaps it and comes in too.
    assert_eq!(
        counts(&outcome),
        and_reports([("facilities.csv", 20, 0, 13, 1, 6), ("memberships.csv", 7, 1, 2, 1, 3)], REPORTS_UNCHANGED)
    );
    assert_eq!(facility_by_code(&app, "1310100514").await.beds, Some(204));
    let updates = audit_rows(&app, "legacy.updated").await;
    assert_eq!(updates.len(), 2);
    let detail: serde_json::Value = serde_json::from_str(updates[0].detail.as_deref().unwrap()).unwrap();
    assert_eq!(detail["reason"], "移行データ更新");
    assert_eq!(detail["changes"]["beds"], serde_json::json!({ "old": 198, "new": 204 }));
    assert_eq!((detail["source"].as_str(), detail["line"].as_u64()), (Some("facilities.csv"), Some(6)));
    let detail: serde_json::Value = serde_json::from_str(updates[1].detail.as_deref().unwrap()).unwrap();
    assert_eq!(detail["changes"]["valid_to"], serde_json::json!({ "old": "2021-03-31", "new": "2021-02-28" }));

    let again = import(&app, &changed.0, &out, false, false).await;
    assert_eq!(
        counts(&again),
        and_reports([("facilities.csv", 20, 0, 14, 0, 6), ("memberships.csv", 7, 0, 4, 0, 3)], REPORTS_UNCHANGED)
    );
    assert_eq!(audit_rows(&app, "legacy.updated").await.len(), 2);
}

#[tokio::test]
async fn a_facility_migrated_under_another_login_id_is_refused_naming_that_login_id() {
    let app = TestApp::new().await;
    let out = TempDir::new();
    import(&app, &sample(), &out, false, false).await;
    // 丸の内記念病院 (line 6) comes again under a new login ID.
    let renamed = TempDir::sample_edited(|_, text| text.replace(",13H00051\r\n", ",13H00099\r\n"));

    let outcome = import(&app, &renamed.0, &out, false, false).await;
    assert_eq!(counts(&outcome)[0], ("facilities.csv", 20, 0, 13, 0, 7));
    let rejected = rejected_file(&outcome);
    let line6 = rejected.iter().find(|r| r[0] == "facilities.csv" && r[1] == "6").expect("line 6 refused");
    assert_eq!(line6[2], "医療機関コード");
    assert!(line6[3].contains("ログインID 13H00051 の施設として取り込み済み"), "{}", line6[3]);
    assert!(!line6[3].contains("移行で作った施設ではありません"), "{}", line6[3]);
}

#[tokio::test]
async fn a_dry_run_writes_the_report_and_nothing_else() {
    let app = TestApp::new().await;
    let out = TempDir::new();
    let before = totals(&app).await;
    let outcome = import(&app, &sample(), &out, true, true).await;
    assert_eq!(
        counts(&outcome),
        and_reports([("facilities.csv", 20, 14, 0, 0, 6), ("memberships.csv", 7, 3, 0, 0, 4)], REPORTS_NEW)
    );
    assert!(!outcome.committed && outcome.run_id.is_none());
    assert_eq!(totals(&app).await, before);
    assert_eq!(reports(&app).await, [0, 0]);
    assert_eq!(rejected_file(&outcome).len(), 10 + 10 + 4 + 14);
    assert!(std::fs::read_to_string(&outcome.summary_path).unwrap().contains("確認のみ（--dry-run）"));
}

#[tokio::test]
async fn a_file_that_cannot_be_read_stops_the_run_before_anything_is_written() {
    let app = TestApp::new().await;
    let out = TempDir::new();
    let before = totals(&app).await;

    // Saved again as UTF-8.
    let utf8 = TempDir::new();
    let bytes = std::fs::read(sample().join("facilities.csv")).unwrap();
    std::fs::write(utf8.0.join("facilities.csv"), encoding_rs::SHIFT_JIS.decode(&bytes).0.as_bytes()).unwrap();
    let outcome = import(&app, &utf8.0, &out, false, false).await;
    assert!(!outcome.committed);
    assert_eq!((outcome.file_errors[0].file.as_str(), outcome.file_errors[0].line), ("facilities.csv", 1));
    assert!(outcome.file_errors[0].reason.contains("UTF-8"));

    // Cut off inside a quoted field, after good rows.
    let cut = TempDir::sample_edited(|name, text| match name {
        "facilities.csv" => text[..text.find("西早稲田メディカルビル").unwrap()].to_owned(),
        _ => text,
    });
    let outcome = import(&app, &cut.0, &out, false, false).await;
    assert!(!outcome.committed);
    assert_eq!(outcome.file_errors[0].line, 7);
    assert!(outcome.file_errors[0].reason.contains("途中で切れて"), "{}", outcome.file_errors[0].reason);
    let rejected = rejected_file(&outcome);
    assert!(rejected.iter().any(|r| r[0] == "facilities.csv" && r[1] == "7"));

    // A header without a column.
    let headless = TempDir::sample_edited(|_, text| text.replacen("ログインID", "ID", 1));
    let outcome = import(&app, &headless.0, &out, false, false).await;
    assert!(outcome.file_errors[0].reason.contains("「ログインID」"));
    assert_eq!(totals(&app).await, before, "nothing written");
}

#[tokio::test]
async fn a_run_cut_short_is_finished_by_the_next_with_no_duplicate_and_no_gap() {
    let app = TestApp::new().await;
    let out = TempDir::new();
    let before = totals(&app).await;
    // What a run killed after its first rows leaves behind: those rows committed.
    let first_rows = TempDir::sample_edited(|name, text| match name {
        "facilities.csv" => text.split_inclusive("\r\n").take(6).collect(),
        _ => text.split_inclusive("\r\n").take(1).collect(),
    });
    let partial = import(&app, &first_rows.0, &out, false, false).await;
    assert_eq!(counts(&partial)[0], ("facilities.csv", 5, 5, 0, 0, 0));

    let rest = import(&app, &sample(), &out, false, false).await;
    assert_eq!(
        counts(&rest),
        and_reports([("facilities.csv", 20, 9, 5, 0, 6), ("memberships.csv", 7, 3, 0, 0, 4)], REPORTS_NEW)
    );
    assert_eq!(totals(&app).await, [before[0] + 14, before[1] + 10, before[2] + 3, before[3], before[4]]);
}

#[tokio::test]
async fn migrated_accounts_are_notified_once_and_log_in_only_after_setting_a_password() {
    let app = TestApp::new().await;
    let out = TempDir::new();
    let before = totals(&app).await;
    import(&app, &sample(), &out, false, false).await;
    assert_eq!(totals(&app).await[3..], before[3..], "no mail or letter without --notify");
    // No password from the previous system works.
    assert_eq!(app.login("13H00051", PASSWORD).await.location(), Some("/login?failed=1"));

    let notified = import(&app, &sample(), &out, false, true).await;
    assert_eq!(notified.notified, 14);
    // Nine accounts have an address; hospitals and the others get a letter.
    assert_eq!(totals(&app).await[3..], [before[3] + 9, before[4] + 8]);
    let again = import(&app, &sample(), &out, false, true).await;
    assert_eq!(again.notified, 0);
    assert_eq!(totals(&app).await[3..], [before[3] + 9, before[4] + 8], "each account is notified once");

    let mail =
        mail::Entity::find().all(&app.db).await.unwrap().into_iter().find(|m| m.body.contains("13H00051")).unwrap();
    let start = mail.body.find("/password/set?token=").unwrap() + "/password/set?token=".len();
    let token: String =
        mail.body[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_')).collect();
    let encoded: String = NEW_PASSWORD.bytes().map(|b| format!("%{b:02X}")).collect();
    let set =
        app.post_form("/password/set", &format!("token={token}&password={encoded}&confirmation={encoded}"), None).await;
    assert_eq!(set.location(), Some("/login?password_set=1"));
    assert_eq!(app.login("13H00051", &encoded).await.location(), Some("/"));
    assert_eq!(account(&app, "13H00051").await.status, AccountStatus::Active);
}

/// `facilities.csv` of `n` clinics in municipalities in force, written as
/// the previous system would (CP932, CRLF), with valid 医療機関コード.
async fn generated_export(app: &TestApp, n: usize) -> TempDir {
    use app::domain::ids::{MedicalCode, PrefectureCode};
    use app::server::entities::{municipality, prefecture};
    let prefectures: std::collections::HashMap<String, String> =
        prefecture::Entity::find().all(&app.db).await.unwrap().into_iter().map(|p| (p.code, p.name)).collect();
    let cities: Vec<municipality::Model> = municipality::Entity::find()
        .filter(municipality::Column::RetiredOn.is_null())
        .filter(municipality::Column::Kind.ne("ward"))
        .order_by_asc(municipality::Column::Code)
        .all(&app.db)
        .await
        .unwrap();
    let mut text = String::from(
        "区分,医療機関コード,名称,都道府県,市区町村コード,市区町村名,郵便番号,所在地,病床数,診療・検査医療機関指定日,メールアドレス,ログインID\r\n",
    );
    for i in 0..n {
        let city = &cities[i * 7 % cities.len()];
        let pref = PrefectureCode::parse(&city.prefecture_code).unwrap();
        let code = (0..10)
            .map(|d| format!("{}1{i:06}{d}", city.prefecture_code))
            .find(|c| MedicalCode::parse(c, &pref).unwrap().has_valid_check_digit())
            .unwrap();
        let name = format!("{}テスト{i}クリニック", city.name);
        let login = format!("K{i:07}");
        text.push_str(&format!(
            "診療所,{code},{name},{},{},{},,{}1-{i},,R3.1.4,,{login}\r\n",
            prefectures[&city.prefecture_code], city.code, city.name, city.name
        ));
    }
    let dir = TempDir::new();
    std::fs::write(dir.0.join("facilities.csv"), encoding_rs::SHIFT_JIS.encode(&text).0).unwrap();
    dir
}

async fn legacy_rows(app: &TestApp) -> u64 {
    app::server::entities::legacy_row::Entity::find().count(&app.db).await.unwrap()
}

/// `gmis legacy import DIR` as the operator runs it, on this test's database.
fn gmis(app: &TestApp, dir: &Path, out: &TempDir) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_gmis"));
    cmd.args(["legacy", "import"])
        .arg(dir)
        .arg("--out")
        .arg(out.0.join(uuid::Uuid::new_v4().simple().to_string()))
        .env("DATABASE_URL", &app.state.config.database_url)
        .env("GMIS_OUTBOX_DIR", out.0.join("outbox"))
        .env("RUST_LOG", "error")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    cmd
}

#[tokio::test]
async fn killed_halfway_with_sigkill_the_next_run_finishes_with_no_duplicate_and_no_gap() {
    const ROWS: usize = 4000;
    let app = TestApp::new().await;
    let export = generated_export(&app, ROWS).await;
    let out = TempDir::new();
    let users_before = user::Entity::find().count(&app.db).await.unwrap();

    let mut child = gmis(&app, &export.0, &out).spawn().expect("gmis runs");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while legacy_rows(&app).await < 1000 {
        assert!(std::time::Instant::now() < deadline, "the import made no progress");
        assert!(child.try_wait().unwrap().is_none(), "gmis ended before it was killed");
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();

    let done = legacy_rows(&app).await;
    assert!(done < ROWS as u64, "killed halfway ({done} rows done)");
    assert_eq!(done % 500, 0, "only whole batches are committed");
    assert_eq!(user::Entity::find().count(&app.db).await.unwrap(), users_before + done, "every account has its record");

    let status = gmis(&app, &export.0, &out).status().unwrap();
    assert!(status.success(), "{status}");
    assert_eq!(legacy_rows(&app).await, ROWS as u64);
    assert_eq!(user::Entity::find().count(&app.db).await.unwrap(), users_before + ROWS as u64, "no duplicate, no gap");
    assert_eq!(audit_rows(&app, "account.created").await.len(), ROWS);
    let finished = app::server::entities::legacy_run::Entity::find()
        .order_by_asc(app::server::entities::legacy_run::Column::Id)
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(
        finished.iter().map(|r| r.finished_at.is_some()).collect::<Vec<_>>(),
        [false, true],
        "the killed run stays unfinished"
    );
    let summary: serde_json::Value = serde_json::from_str(finished[1].summary.as_deref().unwrap()).unwrap();
    assert_eq!(summary["files"][0]["imported"].as_u64(), Some(ROWS as u64 - done));
    assert_eq!(summary["files"][0]["unchanged"].as_u64(), Some(done));
}

/// The first day of [`with_clinic_reports`]' reports: a day of the
/// previous system's years, before any survey version G-MIS added.
fn first_report_day() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2021, 1, 5).unwrap()
}

/// `clinic_daily.csv` beside [`generated_export`]'s facilities: each of its
/// `n` clinics reporting every day for `days` days from [`first_report_day`] (day `d`
/// with `4 + d % 5` fever patients), a day's reports together as the
/// previous system lists them.
fn with_clinic_reports(export: &TempDir, n: usize, days: u64) {
    let facilities =
        encoding_rs::SHIFT_JIS.decode(&std::fs::read(export.0.join("facilities.csv")).unwrap()).0.into_owned();
    let mut text = String::from(
        "医療機関コード,報告日,報告なし,発熱患者等 受診者数,PCR検査 件数,抗原検査 件数,陽性件数,入院医療機関への紹介,入力者ログインID,最終更新日時\r\n",
    );
    let first = first_report_day();
    let clinics: Vec<(&str, &str)> = facilities
        .lines()
        .skip(1)
        .take(n)
        .map(|line| {
            let fields: Vec<&str> = line.split(',').collect();
            (fields[1], fields[11])
        })
        .collect();
    for d in 0..days {
        let day = (first + chrono::Days::new(d)).format("%Y/%m/%d");
        for (code, login) in &clinics {
            text.push_str(&format!("{code},{day},,{},3,1,1,0,{login},{day} 18:00:00\r\n", 4 + d % 5));
        }
    }
    std::fs::write(export.0.join("clinic_daily.csv"), encoding_rs::SHIFT_JIS.encode(&text).0).unwrap();
}

#[tokio::test]
async fn a_day_of_more_reports_than_a_batch_is_one_transaction_with_the_area_totals_of_its_reports() {
    let batch = app::server::legacy::import::REPORT_BATCH;
    let units = batch + batch / 25;
    let app = TestApp::new().await;
    let export = generated_export(&app, units).await;
    with_clinic_reports(&export, units, 2);
    let out = TempDir::new();
    import(&app, &export.0, &out, false, false).await;
    assert_eq!(reports(&app).await[0], 2 * units as u64);

    // The first day's two batches were committed together (its audit row
    // counts the first batch of the second day too), the rest after.
    let batches: Vec<u64> = audit_rows(&app, "legacy.reports")
        .await
        .iter()
        .map(|r| {
            serde_json::from_str::<serde_json::Value>(r.detail.as_deref().unwrap()).unwrap()["reports"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert_eq!(batches, [2 * batch as u64, (2 * units - 2 * batch) as u64]);

    // The totals the area views read: every clinic counted once on each
    // day, with its fever patients, in its prefecture …
    let clinic_totals = || async {
        let mut rows: Vec<(String, String, chrono::NaiveDate, i64)> = report_total::Entity::find()
            .filter(report_total::Column::Survey.eq("clinic_daily"))
            .all(&app.db)
            .await
            .unwrap()
            .into_iter()
            .map(|t| (t.area, t.item, t.period, t.total))
            .collect();
        rows.sort();
        rows
    };
    let imported = clinic_totals().await;
    let days: std::collections::BTreeSet<chrono::NaiveDate> = imported.iter().map(|t| t.2).collect();
    let days: Vec<chrono::NaiveDate> = days.into_iter().collect();
    let nation = |item: &str, nth_day: usize| -> i64 {
        imported.iter().filter(|t| t.0.len() == 2 && t.1 == item && t.2 == days[nth_day]).map(|t| t.3).sum()
    };
    assert_eq!((nation("_reports", 0), nation("_reports", 1)), (units as i64, units as i64));
    assert_eq!((nation("fever_patients", 0), nation("fever_patients", 1)), (4 * units as i64, 5 * units as i64));
    // … and in its municipality: the same as recomputed from the reports.
    app::server::area::totals::rebuild(&app.db, PeriodRules::default(), &[]).await.unwrap();
    assert_eq!(imported, clinic_totals().await);
}

#[tokio::test]
async fn reports_written_hundreds_a_statement_each_get_their_own_revision_and_record_after_ids_given_up() {
    // Two statements a day; and ids used before and given up (their rows
    // deleted), so that the next report's is not one above the largest there.
    let units = 700;
    let app = TestApp::new().await;
    let given_up = match app.db.get_database_backend() {
        sea_orm::DbBackend::Sqlite => {
            "INSERT INTO sqlite_sequence (name, seq) SELECT 'reports', 1000 \
             WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'reports'); \
             UPDATE sqlite_sequence SET seq = 1000 WHERE name = 'reports'"
        }
        _ => "SELECT setval(pg_get_serial_sequence('reports', 'id'), 1000)",
    };
    app.db.execute_unprepared(given_up).await.unwrap();
    let export = generated_export(&app, units).await;
    with_clinic_reports(&export, units, 2);
    let out = TempDir::new();
    import(&app, &export.0, &out, false, false).await;

    let written = report::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(written.len(), 2 * units);
    assert!(written.iter().all(|r| r.id > 1000), "ids given up are not used again");
    let revisions: std::collections::HashMap<i32, report_revision::Model> =
        report_revision::Entity::find().all(&app.db).await.unwrap().into_iter().map(|r| (r.report_id, r)).collect();
    let records: std::collections::HashMap<i32, legacy_row::Model> = legacy_row::Entity::find()
        .filter(legacy_row::Column::File.eq("clinic_daily.csv"))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.target_id, r))
        .collect();
    let codes: std::collections::HashMap<i32, String> =
        facility::Entity::find().all(&app.db).await.unwrap().into_iter().map(|f| (f.id, f.medical_code)).collect();
    for report in &written {
        // Each clinic entered its own reports: a revision or record given
        // another report's id would name another clinic.
        let revision = &revisions[&report.id];
        assert_eq!(
            (revision.revision, revision.entered_by, revision.answers.as_str()),
            (1, report.updated_by, report.answers.as_str())
        );
        assert_eq!(
            records[&report.id].row_key,
            app::server::legacy::reports::row_key(&codes[&report.unit_id], report.period)
        );
    }
}

/// An app that imported [`with_clinic_reports`]'s file of `units` clinics
/// over `days` days: the app, the export and the output folder.
async fn clinic_reports_imported(units: usize, days: u64) -> (TestApp, TempDir, TempDir) {
    let app = TestApp::new().await;
    let export = generated_export(&app, units).await;
    with_clinic_reports(&export, units, days);
    let out = TempDir::new();
    import(&app, &export.0, &out, false, false).await;
    (app, export, out)
}

/// Rewrites the export's `clinic_daily.csv` line by line (the header is
/// line 0): `edit` returns the line to write, or `None` to leave it out.
fn edit_clinic_lines(export: &TempDir, edit: impl Fn(usize, usize, &str) -> Option<String>) {
    let path = export.0.join("clinic_daily.csv");
    let text = encoding_rs::SHIFT_JIS.decode(&std::fs::read(&path).unwrap()).0.into_owned();
    let last = text.lines().count() - 1;
    let lines: Vec<String> = text.lines().enumerate().filter_map(|(i, line)| edit(i, last, line)).collect();
    std::fs::write(&path, encoding_rs::SHIFT_JIS.encode(&(lines.join("\r\n") + "\r\n")).0).unwrap();
}

/// A row of `clinic_daily.csv` saying ten more fever patients.
fn ten_more_fever_patients(line: &str) -> String {
    let mut fields: Vec<String> = line.split(',').map(str::to_owned).collect();
    fields[3] = (fields[3].parse::<u64>().unwrap() + 10).to_string();
    fields.join(",")
}

#[tokio::test]
async fn a_second_run_over_more_rows_than_a_check_batch_finds_the_changed_row_of_each_batch() {
    const UNITS: usize = 60;
    let days = (app::server::legacy::import::CHECK_BATCH / UNITS + 20) as u64;
    let rows = UNITS as u64 * days;
    let (app, export, out) = clinic_reports_imported(UNITS, days).await;

    // The first report of the file and its last one, in different batches,
    // now say ten more fever patients.
    edit_clinic_lines(&export, |i, last, line| {
        Some(if i == 1 || i == last { ten_more_fever_patients(line) } else { line.to_owned() })
    });

    let outcome = import(&app, &export.0, &out, false, false).await;
    let clinics = counts(&outcome).into_iter().find(|c| c.0 == "clinic_daily.csv").unwrap();
    assert_eq!(clinics, ("clinic_daily.csv", rows, 0, rows - 2, 2, 0));
    assert_eq!(reports(&app).await, [rows, rows + 2], "two amendments");
}

#[tokio::test]
async fn a_second_run_over_an_export_that_lost_rows_finds_the_changed_row_among_the_rest() {
    const UNITS: usize = 60;
    const DAYS: u64 = 40;
    let rows = UNITS as u64 * DAYS;
    let (app, export, out) = clinic_reports_imported(UNITS, DAYS).await;

    // Every tenth row left out of the export (its report stays), and the
    // fifth row says ten more fever patients.
    edit_clinic_lines(&export, |i, _, line| match i {
        5 => Some(ten_more_fever_patients(line)),
        i if i > 0 && i % 10 == 0 => None,
        _ => Some(line.to_owned()),
    });
    let read = rows - rows / 10;

    let outcome = import(&app, &export.0, &out, false, false).await;
    let clinics = counts(&outcome).into_iter().find(|c| c.0 == "clinic_daily.csv").unwrap();
    assert_eq!(clinics, ("clinic_daily.csv", read, 0, read - 1, 1, 0));
    assert_eq!(reports(&app).await, [rows, rows + 1], "one amendment, no report gone");
}

#[tokio::test]
async fn killed_while_importing_reports_the_next_run_finishes_them_with_no_duplicate_and_no_gap() {
    const UNITS: usize = 20;
    const DAYS: u64 = 400;
    let rows = UNITS as u64 * DAYS;
    let app = TestApp::new().await;
    let export = generated_export(&app, UNITS).await;
    with_clinic_reports(&export, UNITS, DAYS);
    let out = TempDir::new();
    let keys = foreign_keys(&app).await;

    let mut child = gmis(&app, &export.0, &out).spawn().expect("gmis runs");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    let batch = app::server::legacy::import::REPORT_BATCH as u64;
    while reports(&app).await[0] < batch {
        assert!(std::time::Instant::now() < deadline, "the import made no progress");
        assert!(child.try_wait().unwrap().is_none(), "gmis ended before it was killed");
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();

    let [done, revisions] = reports(&app).await;
    assert!(done < rows, "killed halfway ({done} reports done)");
    assert_eq!(done % batch, 0, "only whole batches are committed");
    assert_eq!(revisions, done, "every report has its first revision");
    // The run had set the reports' index in unit order aside (it had far
    // more to write than the table held) and did not get to build it: a
    // unit's day is still taken once.
    assert!(!unit_index::exists(&app.db).await.unwrap());
    if app.db.get_database_backend() == sea_orm::DbBackend::Postgres {
        assert_eq!(foreign_keys(&app).await, Vec::<String>::new(), "nor the foreign keys it set aside");
    }
    assert_day_taken_once(&app).await;

    let status = gmis(&app, &export.0, &out).status().unwrap();
    assert!(status.success(), "{status}");
    assert_eq!(reports(&app).await, [rows, rows], "no duplicate, no gap: one report and one revision a row");
    assert!(unit_index::exists(&app.db).await.unwrap(), "the next run built the index");
    assert_eq!(foreign_keys(&app).await, keys, "and put the foreign keys back as they were, every row checked");
    assert_day_taken_once(&app).await;
    let last_clinic = account(&app, "K0000019").await.facility_id.unwrap();
    let code = facility::Entity::find_by_id(last_clinic).one(&app.db).await.unwrap().unwrap().medical_code;
    let (last, history) = report_of(&app, &code, "2022-02-08").await;
    assert_eq!((last.revision, history.len()), (1, 1));
    assert_eq!(history[0].reason.as_deref(), Some("移行"));
}

/// The foreign keys of the reports and their revisions, as the database
/// describes them (on PostgreSQL, with whether every row is checked).
async fn foreign_keys(app: &TestApp) -> Vec<String> {
    let backend = app.db.get_database_backend();
    let sql = match backend {
        sea_orm::DbBackend::Postgres => {
            "SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) || ' ' || convalidated \
             FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text IN ('reports', 'report_revisions') \
             ORDER BY 1"
        }
        _ => {
            "SELECT t || ' ' || \"from\" || ' ' || \"table\" || ' ' || \"to\" || ' ' || on_delete FROM \
             (SELECT 'reports' AS t, * FROM pragma_foreign_key_list('reports') \
              UNION ALL SELECT 'report_revisions', * FROM pragma_foreign_key_list('report_revisions')) ORDER BY 1"
        }
    };
    let rows = app.db.query_all_raw(sea_orm::Statement::from_string(backend, sql)).await.unwrap();
    rows.iter().map(|r| r.try_get_by_index::<String>(0).unwrap()).collect()
}

/// A second report of a unit's day already reported is refused by the
/// database.
async fn assert_day_taken_once(app: &TestApp) {
    let first = report::Entity::find().order_by_asc(report::Column::Id).one(&app.db).await.unwrap().unwrap();
    let mut copy: report::ActiveModel = first.into();
    copy.id = NotSet;
    let refused = report::Entity::insert(copy).exec(&app.db).await.unwrap_err();
    assert!(
        matches!(refused.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_))),
        "a second report of the day: {refused}"
    );
}

#[tokio::test]
async fn the_start_restores_what_an_unfinished_import_set_aside() {
    let app = TestApp::new().await;
    let keys = foreign_keys(&app).await;
    assert_eq!(keys.len(), 4, "{keys:?}");
    let export = generated_export(&app, 3).await;
    with_clinic_reports(&export, 3, 2);
    import(&app, &export.0, &TempDir::new(), false, false).await;
    assert!(unit_index::exists(&app.db).await.unwrap(), "the import built it again at its end");
    assert_eq!(foreign_keys(&app).await, keys);
    if app.db.get_database_backend() == sea_orm::DbBackend::Postgres {
        let sql = "SELECT string_agg(relname, ' ' ORDER BY relname) FROM pg_stat_user_tables \
                   WHERE relname IN ('reports', 'report_revisions', 'legacy_rows') AND last_analyze IS NOT NULL";
        let row = app.db.query_one_raw(sea_orm::Statement::from_string(app.db.get_database_backend(), sql)).await;
        let analyzed: Option<String> = row.unwrap().unwrap().try_get_by_index(0).unwrap();
        assert_eq!(analyzed.as_deref(), Some("legacy_rows report_revisions reports"), "the filled tables analyzed");
    }
    bulk::set_aside(&app.db).await.unwrap();
    assert!(!bulk::in_place(&app.db).await.unwrap());

    app::server::db::migrate(&app.db).await.unwrap();
    assert!(unit_index::exists(&app.db).await.unwrap());
    assert_eq!(foreign_keys(&app).await, keys, "the foreign keys as the migrations made them, every row checked");
    assert!(bulk::in_place(&app.db).await.unwrap());
    assert_day_taken_once(&app).await;
    if app.db.get_database_backend() == sea_orm::DbBackend::Sqlite {
        // The build sorted on a connection with its own settings; every
        // connection of the pool, that one included, is back to the usual.
        use sea_orm::sqlx::{ConnectOptions, SqliteConnection};
        async fn settings(conn: &mut SqliteConnection) -> (i64, i64, i64) {
            let sql =
                "SELECT cache_size, temp_store, threads FROM pragma_cache_size, pragma_temp_store, pragma_threads";
            sea_orm::sqlx::query_as(sql).fetch_one(conn).await.unwrap()
        }
        let pool = app.db.get_sqlite_connection_pool();
        let usual = settings(&mut pool.connect_options().connect().await.unwrap()).await;
        assert_eq!(usual.0, -32 * 1024, "32 MiB of page cache");
        let all = pool.options().get_max_connections();
        let mut conns = futures::future::try_join_all((0..all).map(|_| pool.acquire())).await.unwrap();
        for conn in &mut conns {
            // (The import above, run on this pool rather than its own
            // connection, left its temporary store in memory on one.)
            let (cache, temp_store, threads) = settings(conn).await;
            assert_eq!((cache, threads), (usual.0, usual.2), "the pool's connections keep their page cache");
            assert_ne!(temp_store, 1, "no connection of the pool is left sorting into files");
        }
    }
    // The unit's form and calendar read its reports as before.
    let second_day = first_report_day() + chrono::Days::new(1);
    app.set_japan_time(second_day + chrono::Days::new(1), (10, 0, 0));
    let form = clinic_form(&app, "K0000001", second_day).await;
    assert_eq!(form.current.expect("the day is reported").answers.get("fever_patients"), Some(&Answer::Count(5)));
}

/// The clinic daily form of the clinic whose account is `login`, for `day`,
/// as that account sees it.
async fn clinic_form(app: &TestApp, login: &str, day: chrono::NaiveDate) -> app::domain::reports::ReportForm {
    let (actor, facility_id) = facility_actor(&account(app, login).await);
    let request =
        FormRequest { survey: Some(SurveyKind::ClinicDaily), unit: Some(format!("f{facility_id}")), day: Some(day) };
    app::server::reports::form(&app.db, &actor, PeriodRules::default(), 3, &[], request, app.now())
        .await
        .expect("the form of an imported day")
}

#[tokio::test]
async fn the_running_totals_keep_their_values_when_their_table_changes_order() {
    let app = TestApp::new().await;
    let export = generated_export(&app, 4).await;
    with_clinic_reports(&export, 4, 3);
    import(&app, &export.0, &TempDir::new(), false, false).await;
    let totals = || async {
        let mut rows: Vec<(String, String, String, chrono::NaiveDate, i64)> = report_total::Entity::find()
            .all(&app.db)
            .await
            .unwrap()
            .into_iter()
            .map(|t| (t.survey, t.area, t.item, t.period, t.total))
            .collect();
        rows.sort();
        rows
    };
    let imported = totals().await;
    assert_eq!(imported.iter().filter(|t| t.2 == "_reports" && t.1.len() == 2).map(|t| t.4).sum::<i64>(), 12);

    // Migration 38 and back: the rows are copied, not recomputed.
    use migration::MigratorTrait;
    migration::Migrator::down(&app.db, Some(1)).await.unwrap();
    assert_eq!(totals().await, imported);
    migration::Migrator::up(&app.db, None).await.unwrap();
    assert_eq!(totals().await, imported);
    // New reports add to them as before.
    let export = generated_export(&app, 4).await;
    with_clinic_reports(&export, 4, 4);
    import(&app, &export.0, &TempDir::new(), false, false).await;
    assert_eq!(totals().await.iter().filter(|t| t.2 == "_reports" && t.1.len() == 2).map(|t| t.4).sum::<i64>(), 16);
}

/// The report of `survey` for the facility with `code` (or the centre with
/// that login ID) on `day`, with its revisions oldest first.
async fn report_of(app: &TestApp, code: &str, day: &str) -> (report::Model, Vec<report_revision::Model>) {
    report_in(app, None, code, day).await
}

/// [`report_of`] in one survey (a hospital's week of supplies begins on a
/// day it may also have reported daily).
async fn report_in(
    app: &TestApp,
    survey: Option<SurveyKind>,
    code: &str,
    day: &str,
) -> (report::Model, Vec<report_revision::Model>) {
    let unit = match facility::Entity::find().filter(facility::Column::MedicalCode.eq(code)).one(&app.db).await.unwrap()
    {
        Some(f) => ("facility", f.id),
        None => ("centre", account(app, code).await.centre_id.unwrap()),
    };
    let day: chrono::NaiveDate = day.parse().unwrap();
    let found = report::Entity::find()
        .filter(report::Column::UnitKind.eq(unit.0))
        .filter(report::Column::UnitId.eq(unit.1))
        .filter(report::Column::Period.eq(day))
        .apply_if(survey, |q, s| q.filter(report::Column::Survey.eq(s.code())))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("a report of {code} on {day}"));
    let revisions = report_revision::Entity::find()
        .filter(report_revision::Column::ReportId.eq(found.id))
        .order_by_asc(report_revision::Column::Revision)
        .all(&app.db)
        .await
        .unwrap();
    (found, revisions)
}

/// `report` (with its revisions) became revision 2 with 「移行データ更新」:
/// `item` went `old` → `new`, the first revision is kept as it was, and the
/// one `report.amended` audit row names the reason and the old value.
async fn assert_amended_by_migration(
    app: &TestApp,
    (report, revisions): (report::Model, Vec<report_revision::Model>),
    item: &str,
    (old, new): (i64, i64),
) {
    let value = |answers: &str| serde_json::from_str::<serde_json::Value>(answers).unwrap()[item].as_i64();
    assert_eq!(report.revision, 2);
    assert_eq!(value(&report.answers), Some(new));
    assert_eq!(value(&revisions[0].answers), Some(old), "the first revision is kept as it was");
    assert_eq!(
        revisions.iter().map(|r| r.reason.as_deref()).collect::<Vec<_>>(),
        [Some("移行"), Some("移行データ更新")]
    );
    let amendments = audit_rows(app, "report.amended").await;
    assert_eq!(amendments.len(), 1);
    let detail: serde_json::Value = serde_json::from_str(amendments[0].detail.as_deref().unwrap()).unwrap();
    assert_eq!(
        (detail["reason"].as_str(), detail["old"]["answers"][item].as_i64()),
        (Some("移行データ更新"), Some(old))
    );
}

/// A first report of `survey` on `day` entered in G-MIS itself by `account`
/// (not by the import): `answers` as stored, `None` for nothing to report.
async fn entered_in_gmis(app: &TestApp, account: &user::Model, survey: &str, day: &str, answers: Option<&str>) {
    let v1 = survey_version::Entity::find()
        .filter(survey_version::Column::Survey.eq(survey))
        .filter(survey_version::Column::Version.eq(1))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let at = app.now();
    report::Entity::insert(report::ActiveModel {
        id: sea_orm::ActiveValue::NotSet,
        survey: sea_orm::Set(survey.to_owned()),
        unit_kind: sea_orm::Set("facility".to_owned()),
        unit_id: sea_orm::Set(account.facility_id.unwrap()),
        period: sea_orm::Set(day.parse().unwrap()),
        survey_version_id: sea_orm::Set(v1),
        revision: sea_orm::Set(1),
        nothing_to_report: sea_orm::Set(answers.is_none()),
        answers: sea_orm::Set(answers.unwrap_or("{}").to_owned()),
        outliers: sea_orm::Set(None),
        first_entered_at: sea_orm::Set(at),
        updated_at: sea_orm::Set(at),
        updated_by: sea_orm::Set(account.id),
    })
    .exec(&app.db)
    .await
    .unwrap();
}

async fn version_of(app: &TestApp, id: i32) -> (String, i32) {
    let v = survey_version::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
    (v.survey, v.version)
}

#[tokio::test]
async fn the_report_files_import_under_the_version_of_their_day_with_the_reason_migration() {
    let app = TestApp::new().await;
    let out = TempDir::new();
    let outcome = import(&app, &sample(), &out, false, false).await;
    assert_eq!(counts(&outcome)[2..], REPORTS_NEW);

    let where_: Vec<(String, String, String)> = rejected_file(&outcome)
        .into_iter()
        .filter(|r| r[0].ends_with("_daily.csv") || r[0].ends_with("_2020.csv"))
        .map(|r| (r[0].clone(), r[1].clone(), r[2].clone()))
        .collect();
    let expected = [
        ("hospital_daily_2020.csv", "6", "報告日"),
        ("hospital_daily_2020.csv", "7", "うち重症者数"),
        ("hospital_daily_2020.csv", "8", "医療機関コード"),
        ("hospital_daily.csv", "5", "報告日"),
        ("hospital_daily.csv", "6", "医療機関コード"),
        ("clinic_daily.csv", "6", "入院医療機関への紹介"),
        ("clinic_daily.csv", "7", "報告日"),
        ("clinic_daily.csv", "8", "PCR検査 件数"),
        ("centre_daily.csv", "5", "健康観察の架電件数"),
        ("centre_daily.csv", "6", "センターログインID"),
    ];
    assert_eq!(
        where_,
        expected.map(|(f, l, c)| (f.to_owned(), l.to_owned(), c.to_owned())),
        "the rejections documented in docs/legacy-export.md"
    );
    let reasons: Vec<String> = rejected_file(&outcome).into_iter().map(|r| r[3].clone()).collect();
    assert!(reasons.iter().any(|r| r.contains("1310401374 は facilities.csv で不採用")), "{reasons:?}");
    assert!(reasons.iter().any(|r| r.contains("同じ施設・報告日の行が2行目")), "{reasons:?}");
    assert!(reasons.iter().any(|r| r.contains("2710101870 は病院ではありません")), "{reasons:?}");

    // A pre-2021 hospital report: the old, larger item set.
    let (old, revisions) = report_of(&app, "0110100211", "2021-03-31").await;
    assert_eq!(version_of(&app, old.survey_version_id).await, ("hospital_daily".to_owned(), 1));
    assert_eq!(old.revision, 1);
    let answers: serde_json::Value = serde_json::from_str(&old.answers).unwrap();
    assert_eq!((answers["surgery_status"].as_str(), answers["covid_inpatients"].as_i64()), (Some("limited"), Some(19)));
    assert_eq!(revisions.len(), 1);
    assert_eq!(revisions[0].entered_by, account(&app, "01H00021").await.id);
    assert_eq!(revisions[0].entered_at.to_rfc3339(), "2021-03-31T00:58:41+00:00", "最終更新日時, Japan time");
    // The next day, under the 2021 item set.
    let (new, _) = report_of(&app, "0110100211", "2021-04-01").await;
    assert_eq!(version_of(&app, new.survey_version_id).await, ("hospital_daily".to_owned(), 2));
    let answers: serde_json::Value = serde_json::from_str(&new.answers).unwrap();
    assert_eq!((answers["staffing"].as_str(), answers.get("surgery_status")), (Some("short"), None));
    // Entered by the association for its member clinic.
    let (_, revisions) = report_of(&app, "1321102137", "2021-01-05").await;
    assert_eq!((revisions[0].entered_by, revisions[0].on_behalf), (account(&app, "13A00001").await.id, true));
    assert_eq!(revisions[0].reason.as_deref(), Some("移行"));
    // 報告なし, and a centre under both its versions.
    let (nothing, _) = report_of(&app, "1310401292", "2021-01-05").await;
    assert!(nothing.nothing_to_report);
    let (centre, _) = report_of(&app, "04S00001", "2021-10-01").await;
    assert_eq!(version_of(&app, centre.survey_version_id).await, ("centre_daily".to_owned(), 2));
    let answers: serde_json::Value = serde_json::from_str(&centre.answers).unwrap();
    assert_eq!(answers["follow_up_calls"], 740);
    assert_eq!(revisions[0].reason.as_deref(), Some("移行"));
    // The audit log names each file's batch: its lines and report numbers.
    let logged = audit_rows(&app, "legacy.reports").await;
    let details: Vec<serde_json::Value> =
        logged.iter().map(|r| serde_json::from_str(r.detail.as_deref().unwrap()).unwrap()).collect();
    assert_eq!(
        details.iter().map(|d| d["reports"].as_i64().unwrap()).sum::<i64>(),
        14 + 4,
        "the daily reports and the weeks of supplies"
    );
    let clinics = details.iter().find(|d| d["file"] == "clinic_daily.csv").unwrap();
    let numbers = clinics["first_report"].as_i64().unwrap()..=clinics["last_report"].as_i64().unwrap();
    let clinic_reports =
        report::Entity::find().filter(report::Column::Survey.eq("clinic_daily")).all(&app.db).await.unwrap();
    assert_eq!(clinic_reports.len() as i64, clinics["reports"].as_i64().unwrap());
    assert!(clinic_reports.iter().all(|r| numbers.contains(&i64::from(r.id))), "{clinics}");
    assert_eq!(clinics["first_line"], 2);
}

/// The running total of `item` over the prefecture of `report`'s facility,
/// in its survey on its day (0 when no report has added to it).
async fn prefecture_total(app: &TestApp, report: &report::Model, item: &str) -> i64 {
    let prefecture = facility::Entity::find_by_id(report.unit_id).one(&app.db).await.unwrap().unwrap().prefecture_code;
    report_total::Entity::find()
        .filter(report_total::Column::Survey.eq(report.survey.as_str()))
        .filter(report_total::Column::Item.eq(item))
        .filter(report_total::Column::Area.eq(prefecture))
        .filter(report_total::Column::Period.eq(report.period))
        .one(&app.db)
        .await
        .unwrap()
        .map_or(0, |t| t.total)
}

/// What [`prefecture_total`] must be when every report of that survey and
/// day in the prefecture went through the write path: the reports counted
/// (`_reports`) or their values of `item` summed, as they are now.
async fn prefecture_sum(app: &TestApp, report: &report::Model, item: &str) -> i64 {
    let prefecture = facility::Entity::find_by_id(report.unit_id).one(&app.db).await.unwrap().unwrap().prefecture_code;
    let facilities: Vec<i32> = facility::Entity::find()
        .filter(facility::Column::PrefectureCode.eq(prefecture))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|f| f.id)
        .collect();
    let reports = report::Entity::find()
        .filter(report::Column::Survey.eq(report.survey.as_str()))
        .filter(report::Column::Period.eq(report.period))
        .filter(report::Column::UnitKind.eq("facility"))
        .filter(report::Column::UnitId.is_in(facilities))
        .all(&app.db)
        .await
        .unwrap();
    if item == "_reports" {
        return reports.len() as i64;
    }
    let value = |r: &report::Model| serde_json::from_str::<serde_json::Value>(&r.answers).unwrap()[item].as_i64();
    reports.iter().filter_map(value).sum()
}

#[tokio::test]
async fn a_changed_report_becomes_a_revision_with_the_reason_and_is_not_overwritten() {
    let app = TestApp::new().await;
    let out = TempDir::new();
    import(&app, &sample(), &out, false, false).await;
    let changed = TempDir::sample_edited(|name, text| match name {
        "clinic_daily.csv" => text.replace("1321102137,2021/01/06,,9,", "1321102137,2021/01/06,,10,"),
        _ => text,
    });

    let outcome = import(&app, &changed.0, &out, false, false).await;
    assert_eq!(counts(&outcome)[4], ("clinic_daily.csv", 7, 0, 3, 1, 3));
    let amended = report_of(&app, "1321102137", "2021-01-06").await;
    // The area views count the amended report once, with its new values.
    for item in ["fever_patients", "_reports"] {
        assert_eq!(
            prefecture_total(&app, &amended.0, item).await,
            prefecture_sum(&app, &amended.0, item).await,
            "{item}"
        );
    }
    assert_amended_by_migration(&app, amended, "fever_patients", (9, 10)).await;

    let again = import(&app, &changed.0, &out, false, false).await;
    assert_eq!(counts(&again)[4], ("clinic_daily.csv", 7, 0, 4, 0, 3));
    assert_eq!(report_of(&app, "1321102137", "2021-01-06").await.1.len(), 2);
}

#[tokio::test]
async fn a_day_already_reported_in_gmis_is_refused_and_the_rest_imported() {
    let app = TestApp::new().await;
    let out = TempDir::new();
    // The facilities first; then the hospital enters 2021-03-30 in G-MIS itself.
    let units_only = TempDir::sample_edited(|name, text| match name {
        "facilities.csv" | "memberships.csv" => text,
        _ => text.split_inclusive("\r\n").take(1).collect(),
    });
    import(&app, &units_only.0, &out, false, false).await;
    let hokuto = account(&app, "01H00021").await;
    entered_in_gmis(&app, &hokuto, "hospital_daily", "2021-03-30", None).await;

    let outcome = import(&app, &sample(), &out, false, false).await;
    assert_eq!(counts(&outcome)[2], ("hospital_daily_2020.csv", 7, 3, 0, 0, 4));
    let rejected = rejected_file(&outcome);
    let line2 = rejected.iter().find(|r| r[0] == "hospital_daily_2020.csv" && r[1] == "2").expect("line 2 refused");
    assert!(line2[3].contains("G-MIS で既に入力されています"), "{}", line2[3]);
    let (kept, _) = report_of(&app, "0110100211", "2021-03-30").await;
    assert!(kept.nothing_to_report, "G-MIS's own report is not overwritten");
    // The day's report was put straight in the table above, without totals:
    // whatever they hold now came from the import.
    let totals = (prefecture_total(&app, &kept, "_reports").await, prefecture_total(&app, &kept, "_nothing").await);
    assert_eq!(totals, (0, 0), "the refused row adds nothing");
    assert!(report_of(&app, "0110100211", "2021-03-31").await.0.revision == 1, "the next day came in");
}

#[tokio::test]
async fn an_imported_report_shows_on_the_form_calendar_and_history_of_its_unit() {
    let app = TestApp::new().await;
    let out = TempDir::new();
    import(&app, &sample(), &out, false, false).await;
    // Looked at as if it were 2021-01-20, from the clinic's own account.
    app.set_japan_time("2021-01-20".parse().unwrap(), (10, 0, 0));
    let form = clinic_form(&app, "13C21102", "2021-01-06".parse().unwrap()).await;
    let current = form.current.expect("the day is reported");
    assert_eq!(current.answers.get("fever_patients"), Some(&Answer::Count(9)));
    assert_eq!((current.revision, current.version, current.reason.as_deref()), (1, 1, Some("移行")));
    assert_eq!(form.history.len(), 1);
    let status = |day: &str| {
        let day: chrono::NaiveDate = day.parse().unwrap();
        form.calendar.iter().find(|d| d.day == day).map(|d| d.status)
    };
    // Saved at 18:30 and 18:02, after the 17:00 deadline: reported, late.
    assert_eq!(status("2021-01-05"), Some(DayStatus::Late), "entered by the association that evening");
    assert_eq!(status("2021-01-06"), Some(DayStatus::Late));
    assert_eq!(status("2021-01-07"), Some(DayStatus::Missing), "line 8 was refused");

    // The prefecture's officer finds the clinic reported on the 6th and
    // missing on the 7th.
    let officer = app.login_cookie("DEMPRF22").await;
    let name = facility_by_code(&app, "1321102137").await.name;
    let missing = |day: &'static str| {
        let (app, officer, name) = (&app, &officer, &name);
        async move {
            let query = serde_json::json!({ "query": { "day": day, "survey": "clinic_daily" } });
            let res = app.post_json("/api/area/completeness", &query, Some(officer)).await;
            assert_eq!(res.status, http::StatusCode::OK, "{}", res.body);
            let c: app::domain::area::Completeness = serde_json::from_str(&res.body).unwrap();
            c.missing.iter().any(|m| &m.name == name)
        }
    };
    assert!(!missing("2021-01-06").await, "reported on the 6th");
    assert!(missing("2021-01-07").await, "line 8 was refused: missing on the 7th");
}

#[tokio::test]
async fn the_supply_survey_imports_each_week_under_its_version_and_refuses_the_documented_rows() {
    let app = TestApp::new().await;
    let out = TempDir::new();
    let outcome = import(&app, &sample(), &out, false, false).await;
    assert_eq!(counts(&outcome)[SUPPLIES], REPORTS_NEW[4]);
    assert!(outcome.not_imported.is_empty(), "every file of the export is imported: {:?}", outcome.not_imported);

    let rejected: Vec<Vec<String>> =
        rejected_file(&outcome).into_iter().filter(|r| r[0] == "supplies_weekly.csv").collect();
    let where_: Vec<(&str, &str)> = rejected.iter().map(|r| (r[1].as_str(), r[2].as_str())).collect();
    assert_eq!(
        where_,
        [("6", "週"), ("7", "サージカルマスク 在庫量"), ("8", "医療機関コード"), ("9", "週")],
        "the rejections documented in docs/legacy-export.md"
    );
    assert!(rejected[0][3].contains("2021/01/05 は月曜日ではありません") && rejected[0][3].contains("2021/01/04"));
    assert!(rejected[1][3].contains("「-100」は0以上の整数ではありません"), "{}", rejected[1][3]);
    assert!(rejected[2][3].contains("1310401374 は facilities.csv で不採用"), "{}", rejected[2][3]);
    assert!(rejected[3][3].contains("同じ施設・週の行が2行目"), "{}", rejected[3][3]);
    assert!(rejected[1][4].starts_with("2710101870,2021/01/04,-100,"), "the row as exported: {}", rejected[1][4]);

    // A week of the hospital, on its Monday, under the supply survey's version.
    let weekly = Some(SurveyKind::SuppliesWeekly);
    let (week, revisions) = report_in(&app, weekly, "1310100514", "2021-01-04").await;
    assert_eq!(version_of(&app, week.survey_version_id).await, ("supplies_weekly".to_owned(), 1));
    assert_eq!((week.revision, week.nothing_to_report), (1, false));
    let answers: serde_json::Value = serde_json::from_str(&week.answers).unwrap();
    assert_eq!(
        (answers["surgical_mask_stock"].as_i64(), answers["gloves_expected"].as_i64()),
        (Some(12000), Some(10000))
    );
    assert!(answers.get("n95_mask_expected").is_none(), "a blank 入荷予定量 stays unknown");
    assert_eq!(revisions[0].reason.as_deref(), Some("移行"));
    assert_eq!(revisions[0].entered_by, account(&app, "13H00051").await.id);
    assert_eq!(revisions[0].entered_at.to_rfc3339(), "2021-01-04T01:15:00+00:00", "最終更新日時, Japan time");
    // 和暦, full-width digits and separators; an association for its member.
    report_in(&app, weekly, "1310100514", "2021-01-11").await;
    let (sendai, _) = report_in(&app, weekly, "0410200349", "2021-01-04").await;
    let answers: serde_json::Value = serde_json::from_str(&sendai.answers).unwrap();
    assert_eq!((answers["surgical_mask_stock"].as_i64(), answers["gloves_stock"].as_i64()), (Some(8000), Some(9000)));
    let (_, revisions) = report_in(&app, weekly, "1321102137", "2021-01-04").await;
    assert_eq!((revisions[0].entered_by, revisions[0].on_behalf), (account(&app, "13A00001").await.id, true));
}

#[tokio::test]
async fn a_changed_week_becomes_a_revision_with_the_reason_and_a_week_reported_in_gmis_is_refused() {
    let app = TestApp::new().await;
    let out = TempDir::new();
    import(&app, &sample(), &out, false, false).await;
    let weekly = Some(SurveyKind::SuppliesWeekly);
    let changed = TempDir::sample_edited(|name, text| match name {
        "supplies_weekly.csv" => text.replace("1310100514,2021/01/04,12000,", "1310100514,2021/01/04,11800,"),
        _ => text,
    });

    let outcome = import(&app, &changed.0, &out, false, false).await;
    assert_eq!(counts(&outcome)[SUPPLIES], ("supplies_weekly.csv", 8, 0, 3, 1, 4));
    let amended = report_in(&app, weekly, "1310100514", "2021-01-04").await;
    assert_amended_by_migration(&app, amended, "surgical_mask_stock", (12000, 11800)).await;
    let again = import(&app, &changed.0, &out, false, false).await;
    assert_eq!(counts(&again)[SUPPLIES], ("supplies_weekly.csv", 8, 0, 4, 0, 4));
    assert_eq!(report_in(&app, weekly, "1310100514", "2021-01-04").await.1.len(), 2);

    // 金沢兼六病院 enters the week of 2021-01-04 in G-MIS itself; the
    // export's row for that week is refused, not written over it.
    let kanazawa = account(&app, "17H00065").await;
    entered_in_gmis(&app, &kanazawa, "supplies_weekly", "2021-01-04", Some(r#"{"surgical_mask_stock":1}"#)).await;
    let with_kanazawa = TempDir::sample_edited(|name, text| match name {
        "supplies_weekly.csv" => {
            text + "1720100658,2021/01/04,500,100,,20,5,,10,2,,10,2,,400,80,,17H00065,2021/01/04 12:00:00\r\n"
        }
        _ => text,
    });
    let outcome = import(&app, &with_kanazawa.0, &out, false, false).await;
    assert_eq!(
        counts(&outcome)[SUPPLIES],
        ("supplies_weekly.csv", 9, 0, 3, 1, 5),
        "line 2 changed back, line 10 refused"
    );
    let line10 = rejected_file(&outcome)
        .into_iter()
        .find(|r| r[0] == "supplies_weekly.csv" && r[1] == "10")
        .expect("line 10 refused");
    assert_eq!(line10[2], "週");
    assert!(line10[3].contains("2021/01/04 の週の報告は G-MIS で既に入力されています"), "{}", line10[3]);
    let (kept, _) = report_in(&app, weekly, "1720100658", "2021-01-04").await;
    assert_eq!(kept.answers, r#"{"surgical_mask_stock":1}"#, "G-MIS's own report is not overwritten");
}

#[tokio::test]
async fn an_imported_week_shows_on_the_supply_form_of_its_unit() {
    let app = TestApp::new().await;
    let out = TempDir::new();
    import(&app, &sample(), &out, false, false).await;
    // Looked at as if it were Wednesday 2021-01-13, from the hospital's own account.
    app.set_japan_time("2021-01-13".parse().unwrap(), (10, 0, 0));
    let hospital = account(&app, "13H00051").await;
    let (actor, facility_id) = facility_actor(&hospital);
    let request = |day: &str| FormRequest {
        survey: Some(SurveyKind::SuppliesWeekly),
        unit: Some(format!("f{facility_id}")),
        day: Some(day.parse().unwrap()),
    };
    // Any day of the week opens the week of its Monday.
    let form =
        app::server::reports::form(&app.db, &actor, PeriodRules::default(), 7, &[], request("2021-01-06"), app.now())
            .await
            .expect("the supply form of an imported week");
    let current = form.current.expect("the week is reported");
    assert_eq!(current.answers.get("surgical_mask_stock"), Some(&Answer::Count(12000)));
    assert_eq!((current.revision, current.version, current.reason.as_deref()), (1, 1, Some("移行")));
    assert_eq!(form.history.len(), 1);
    let status = |day: &str| {
        let day: chrono::NaiveDate = day.parse().unwrap();
        form.calendar.iter().find(|d| d.day == day).map(|d| d.status)
    };
    // Saved on the Monday and on the Tuesday of their weeks: on time.
    assert_eq!(status("2021-01-04"), Some(DayStatus::OnTime));
    assert_eq!(status("2021-01-11"), Some(DayStatus::OnTime));
    assert_eq!(status("2020-12-28"), Some(DayStatus::Missing), "not in the export");

    let this_week =
        app::server::reports::form(&app.db, &actor, PeriodRules::default(), 7, &[], request("2021-01-11"), app.now())
            .await
            .unwrap();
    let current = this_week.current.expect("the week of 2021-01-11 (和暦 in the export)");
    assert_eq!(current.answers.get("surgical_mask_stock"), Some(&Answer::Count(13500)));
}

/// The migrated SOS request with the old system's number.
async fn sos_request_of(app: &TestApp, number: &str) -> Option<sos_request::Model> {
    sos_request::Entity::find()
        .filter(sos_request::Column::SubmissionId.eq(format!("legacy:{number}")))
        .one(&app.db)
        .await
        .unwrap()
}

async fn sos_events_of(app: &TestApp, id: i32) -> Vec<sos_event::Model> {
    sos_event::Entity::find()
        .filter(sos_event::Column::RequestId.eq(id))
        .order_by_asc(sos_event::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_sos_history_imports_with_the_documented_counts_and_rejections() {
    let app = TestApp::new().await;
    let out = TempDir::new();
    let before = totals(&app).await;
    let outcome = import(&app, &sample(), &out, false, false).await;
    assert_eq!(counts(&outcome)[SOS..], REPORTS_NEW[5..]);
    assert_eq!(totals(&app).await[3..], before[3..], "no mail for migrated SOS history");

    let rejected: Vec<Vec<String>> = rejected_file(&outcome).into_iter().filter(|r| r[0].starts_with("sos_")).collect();
    let where_: Vec<(&str, &str, &str)> =
        rejected.iter().map(|r| (r[0].as_str(), r[1].as_str(), r[2].as_str())).collect();
    assert_eq!(
        where_,
        [
            ("sos_requests.csv", "6", "医療機関コード"),
            ("sos_requests.csv", "7", "状態"),
            ("sos_lines.csv", "8", "要請番号"),
            ("sos_lines.csv", "9", "要請番号"),
            ("sos_lines.csv", "11", "要請番号"),
            ("sos_lines.csv", "12", "要請数"),
            ("sos_events.csv", "13", "要請番号"),
            ("sos_requests.csv", "8", "状態"),
            ("sos_lines.csv", "10", "要請番号"),
            ("sos_events.csv", "14", "要請番号"),
            ("sos_events.csv", "15", "要請番号"),
            ("sos_requests.csv", "9", "要請番号"),
            ("sos_requests.csv", "10", "要請番号"),
            ("sos_events.csv", "16", "要請番号"),
        ]
    );
    let reason = |file: &str, line: &str| {
        rejected.iter().find(|r| r[0] == file && r[1] == line).map(|r| r[3].clone()).unwrap_or_default()
    };
    assert!(reason("sos_requests.csv", "6").contains("facilities.csv で不採用"));
    assert!(reason("sos_requests.csv", "7").contains("状態「保留」"));
    let chain = reason("sos_requests.csv", "8");
    assert!(
        chain.contains("sos_events.csv 15行目") && chain.contains("「受付」から「発送済」へは変えられません"),
        "{chain}"
    );
    assert!(reason("sos_requests.csv", "9").contains("明細が sos_lines.csv にありません"));
    assert!(reason("sos_requests.csv", "10").contains("sos_lines.csv 12行目が不採用"));
    assert!(reason("sos_lines.csv", "11").contains("SOS-2021-0009 は sos_requests.csv にありません"));
    assert!(reason("sos_lines.csv", "12").contains("0以上の整数ではありません"));
    assert!(reason("sos_events.csv", "13").contains("sos_requests.csv 7行目で不採用"));

    assert_eq!(sos_request::Entity::find().count(&app.db).await.unwrap(), 4);
    for refused in ["SOS-2021-0005", "SOS-2021-0006", "SOS-2021-0007", "SOS-2021-0008", "SOS-2021-0010"] {
        assert!(sos_request_of(&app, refused).await.is_none(), "{refused} is refused whole");
    }
    let closed = sos_request_of(&app, "SOS-2021-0001").await.unwrap();
    assert_eq!((closed.state, closed.revision, closed.on_behalf), (SosState::Closed, 5, false));
    assert_eq!(closed.created_at.to_rfc3339(), "2021-01-05T01:20:00+00:00", "要請日時, Japan time");
    assert_eq!(closed.tracking.as_deref(), Some("1234-5678-9012"));
    let events = sos_events_of(&app, closed.id).await;
    assert_eq!(
        events.iter().map(|e| (e.from_state, e.to_state)).collect::<Vec<_>>(),
        [
            (None, SosState::Submitted),
            (Some(SosState::Submitted), SosState::Accepted),
            (Some(SosState::Accepted), SosState::Shipped),
            (Some(SosState::Shipped), SosState::Received),
            (Some(SosState::Received), SosState::Closed),
        ]
    );
    let on_behalf = sos_request_of(&app, "SOS-2021-0003").await.unwrap();
    assert_eq!((on_behalf.state, on_behalf.on_behalf), (SosState::Rejected, true));
    assert_eq!(on_behalf.requested_by, account(&app, "13A00001").await.id);
    let sendai = sos_request_of(&app, "SOS-2021-0002").await.unwrap();
    assert_eq!(sendai.batch_date.to_string(), "2021-01-13", "処理日 R3.1.13");
    let lines = sos_line::Entity::find().filter(sos_line::Column::RequestId.eq(sendai.id)).all(&app.db).await.unwrap();
    let mask = lines.iter().find(|l| l.supply == Supply::SurgicalMask).unwrap();
    assert_eq!((mask.quantity, mask.shipped, mask.received), (10_000, Some(8_000), None));
    assert_eq!(audit_rows(&app, "sos.requested").await.len(), 4);
}

#[tokio::test]
async fn an_imported_request_shows_in_the_facility_s_supply_pages_with_its_history() {
    let app = TestApp::new().await;
    let out = TempDir::new();
    import(&app, &sample(), &out, false, false).await;
    app.set_japan_time("2021-01-20".parse().unwrap(), (10, 0, 0));
    let hospital = account(&app, "13H00051").await;
    let (actor, _) = facility_actor(&hospital);
    let overview = app::server::supplies::overview(&app.state.app, &actor, app.now()).await.expect("the overview");
    assert_eq!(overview.requests.len(), 1, "the hospital's migrated request");
    let listed = &overview.requests[0];
    assert_eq!((listed.state, listed.lines.len()), (SosState::Closed, 2));
    let detail = app::server::supplies::detail(&app.state.app, &actor, listed.id, app.now()).await.expect("its detail");
    assert_eq!(detail.state, SosState::Closed);
    assert_eq!(detail.reason, "N95等マスクの在庫が3日分になりました");
    assert_eq!(detail.events.len(), 5);
    assert_eq!((detail.events[0].from, detail.events[4].to), (None, SosState::Closed));
    assert_eq!(detail.events[2].note.as_deref(), Some("2021/01/07 日本郵便 1234-5678-9012"));
    // The request and the receipt were the hospital's own (its login ID in
    // the export); the approval, the shipment and the closing, with no
    // 操作者, were the previous system's reviewers, not the hospital.
    let by: Vec<&str> = detail.events.iter().map(|e| e.by.as_str()).collect();
    let hospital_label = by[0];
    assert!(hospital_label.starts_with("丸の内記念病院"), "{by:?}");
    assert_eq!(by, [hospital_label, "前システム", "前システム", hospital_label, "前システム"]);
    assert!(detail.steps.is_empty(), "nothing left to do on a closed request");
    let n95 = detail.lines.iter().find(|l| l.supply == Supply::N95Mask).unwrap();
    assert_eq!((n95.quantity, n95.shipped, n95.received), (1000, Some(1000), Some(1000)));

    // The ministry's review queue lists it in its batch, as a request made in G-MIS.
    let ministry = account(&app, "DEMADM22").await;
    let reviewer = Actor {
        user_id: UserId(ministry.id),
        login_id: LoginId::parse(&ministry.login_id).unwrap(),
        display_name: ministry.display_name.clone(),
        role: Role::MinistryAdmin,
        scope: Scope::National,
    };
    let filter = SosQueueFilter::from_query(|name| (name == "batch").then(|| "2021-01-05".to_owned()));
    let queue = app::server::supplies::queue(&app.state.app, &reviewer, filter, app.now()).await.expect("the queue");
    assert_eq!(queue.rows.iter().map(|r| (r.id, r.state)).collect::<Vec<_>>(), [(listed.id, SosState::Closed)]);
}

/// The sample with SOS-2021-0002 received since: a later state, a receipt
/// note, the received quantities and one more event.
fn received_later(name: &str, text: String) -> String {
    match name {
        "sos_requests.csv" => text
            .replace("R3.1.13,発送済,2,", "R3.1.13,受領済,2,")
            .replace(",3456-7890-1234,,04H00034", ",3456-7890-1234,7割届きました,04H00034"),
        "sos_lines.csv" => {
            text.replace("2,８０００,\r\n", "2,８０００,7000\r\n").replace("4,500,\r\n", "4,500,500\r\n")
        }
        "sos_events.csv" => text + "SOS-2021-0002,2021/01/15 10:00:00,発送済,受領済,04H00034,7割届きました\r\n",
        _ => text,
    }
}

#[tokio::test]
async fn a_changed_request_gets_its_new_events_and_one_changed_in_gmis_is_not_overwritten() {
    let app = TestApp::new().await;
    let out = TempDir::new();
    import(&app, &sample(), &out, false, false).await;
    let first = sos_request_of(&app, "SOS-2021-0002").await.unwrap();
    let first_events = sos_events_of(&app, first.id).await;

    let again = import(&app, &sample(), &out, false, false).await;
    assert_eq!(counts(&again)[SOS..], REPORTS_UNCHANGED[5..]);
    assert_eq!(sos_events_of(&app, first.id).await, first_events, "a second run changes nothing");

    let changed = TempDir::sample_edited(received_later);
    let outcome = import(&app, &changed.0, &out, false, false).await;
    assert_eq!(
        counts(&outcome)[SOS..],
        [("sos_requests.csv", 9, 0, 3, 1, 5), ("sos_lines.csv", 11, 0, 4, 2, 5), ("sos_events.csv", 16, 0, 8, 4, 4)]
    );
    let received = sos_request_of(&app, "SOS-2021-0002").await.unwrap();
    assert_eq!(received.id, first.id);
    assert_eq!((received.state, received.revision), (SosState::Received, 4));
    assert_eq!(received.receipt_note.as_deref(), Some("7割届きました"));
    let events = sos_events_of(&app, first.id).await;
    assert_eq!(events[..3], first_events[..], "the earlier events are kept as they were");
    assert_eq!((events[3].from_state, events[3].to_state), (Some(SosState::Shipped), SosState::Received));
    let updates = audit_rows(&app, "legacy.updated").await;
    assert_eq!(updates.len(), 1);
    let detail: serde_json::Value = serde_json::from_str(updates[0].detail.as_deref().unwrap()).unwrap();
    assert_eq!((detail["reason"].as_str(), detail["number"].as_str()), (Some("移行データ更新"), Some("SOS-2021-0002")));
    assert_eq!(detail["changes"]["state"], serde_json::json!({ "old": "shipped", "new": "received" }));
    assert_eq!(counts(&import(&app, &changed.0, &out, false, false).await)[SOS], ("sos_requests.csv", 9, 0, 4, 0, 5));

    // The prefecture closes it in G-MIS; an export that still differs does not overwrite that.
    app.set_japan_time("2021-01-20".parse().unwrap(), (10, 0, 0));
    let ministry = account(&app, "DEMADM22").await;
    let reviewer = Actor {
        user_id: UserId(ministry.id),
        login_id: LoginId::parse(&ministry.login_id).unwrap(),
        display_name: ministry.display_name.clone(),
        role: Role::MinistryAdmin,
        scope: Scope::National,
    };
    let close = SosActionInput::typed(received.id, received.revision, SosStep::Close, |_| None);
    app::server::supplies::act(&app.state.app, &reviewer, close, app.now()).await.expect("closed in G-MIS");
    let edited_again = TempDir::sample_edited(|name, text| {
        received_later(name, text).replace("7割届きました,04H00034", "7割届きました（残りは不要）,04H00034")
    });
    let outcome = import(&app, &edited_again.0, &out, false, false).await;
    assert_eq!(outcome.counts[SOS].rejected, 6);
    let refused = rejected_file(&outcome)
        .into_iter()
        .find(|r| r[0] == "sos_requests.csv" && r[1] == "3")
        .expect("the request changed in G-MIS is refused");
    assert!(refused[3].contains("G-MIS で手続きが進んでいる"), "{}", refused[3]);
    assert!(refused[4].starts_with("SOS-2021-0002,"), "the row as exported: {}", refused[4]);
    let kept = sos_request_of(&app, "SOS-2021-0002").await.unwrap();
    assert_eq!((kept.state, kept.receipt_note.as_deref()), (SosState::Closed, Some("7割届きました")));
}

#[tokio::test]
async fn an_event_chain_that_breaks_the_state_machine_refuses_the_request_whole() {
    let app = TestApp::new().await;
    let out = TempDir::new();
    // SOS-2021-0001 shipped without having been accepted.
    let skipped = TempDir::sample_edited(|name, text| match name {
        "sos_events.csv" => text
            .replace("SOS-2021-0001,2021/01/05 14:00:00,受付,承認,,\r\n", "")
            .replace("2021/01/07 09:00:00,承認,発送済", "2021/01/07 09:00:00,受付,発送済"),
        _ => text,
    });
    let outcome = import(&app, &skipped.0, &out, false, false).await;
    assert_eq!(
        counts(&outcome)[SOS..],
        [("sos_requests.csv", 9, 3, 0, 0, 6), ("sos_lines.csv", 11, 4, 0, 0, 7), ("sos_events.csv", 14, 6, 0, 0, 8)]
    );
    assert!(sos_request_of(&app, "SOS-2021-0001").await.is_none());
    assert_eq!(sos_line::Entity::find().count(&app.db).await.unwrap(), 4, "no line of the refused request");
    let refused =
        rejected_file(&outcome).into_iter().find(|r| r[0] == "sos_requests.csv" && r[1] == "2").expect("refused");
    assert_eq!(refused[2], "状態");
    assert!(refused[3].contains("sos_events.csv 3行目（変更後状態）"), "{}", refused[3]);
}

#[tokio::test]
async fn requests_imported_by_a_run_cut_short_are_unchanged_for_the_next_and_the_rest_come_in() {
    let app = TestApp::new().await;
    let out = TempDir::new();
    // A run that got as far as the first two requests (whole, with their lines and events).
    let first_two = TempDir::sample_edited(|name, text| match name {
        "sos_requests.csv" => text.split_inclusive("\r\n").take(3).collect(),
        _ => text,
    });
    let partial = import(&app, &first_two.0, &out, false, false).await;
    assert_eq!(counts(&partial)[SOS], ("sos_requests.csv", 2, 2, 0, 0, 0));
    assert_eq!(sos_request::Entity::find().count(&app.db).await.unwrap(), 2);

    let rest = import(&app, &sample(), &out, false, false).await;
    assert_eq!(
        counts(&rest)[SOS..],
        [("sos_requests.csv", 9, 2, 2, 0, 5), ("sos_lines.csv", 11, 2, 4, 0, 5), ("sos_events.csv", 15, 3, 8, 0, 4)]
    );
    assert_eq!(sos_request::Entity::find().count(&app.db).await.unwrap(), 4, "no duplicate, no gap");
    assert_eq!(sos_event::Entity::find().count(&app.db).await.unwrap(), 11);
}

#[tokio::test]
async fn an_association_enters_a_migrated_report_only_for_a_member_of_that_day() {
    let app = TestApp::new().await;
    let out = TempDir::new();
    // 大阪北医師会 had 大阪中之島クリニック as a member from 2021-01-04 to
    // 03-31 and again from 06-01 (the sample's memberships); the clinic's
    // own account reported one day, the association three.
    let export = TempDir::sample_edited(|name, text| match name {
        "clinic_daily.csv" => {
            text + "2710101870,2021/03/31,,4,4,0,0,0,27A00001,2021/03/31 18:00:00\n\
               2710101870,2021/04/15,,5,5,0,0,0,27A00001,2021/04/15 18:00:00\n\
               2710101870,2021/04/16,,6,6,0,0,0,27C10187,2021/04/16 18:00:00\n\
               2710101870,2021/06/01,,7,7,0,0,0,27A00001,2021/06/01 18:00:00\n"
        }
        // An SOS request it asked for the clinic in April, outside both.
        "sos_requests.csv" => {
            text + "SOS-2021-0100,2710101870,2021/04/20 10:00:00,2021/04/20,受付,,マスク不足,,,,,,27A00001\n"
        }
        _ => text,
    });
    let outcome = import(&app, &export.0, &out, false, false).await;
    let refused: Vec<Vec<String>> = rejected_file(&outcome)
        .into_iter()
        .filter(|r| r[0] == "clinic_daily.csv" && r[1].parse::<u32>().unwrap() > 8)
        .collect();
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert_eq!((refused[0][1].as_str(), refused[0][2].as_str()), ("10", "入力者ログインID"));
    assert!(refused[0][3].contains("2021-04-15") && refused[0][3].contains("所属先ではない"), "{}", refused[0][3]);
    let sos: Vec<Vec<String>> = rejected_file(&outcome)
        .into_iter()
        .filter(|r| r[0] == "sos_requests.csv" && r[4].starts_with("SOS-2021-0100"))
        .collect();
    assert_eq!(sos.len(), 1, "{sos:?}");
    assert_eq!(sos[0][2], "要請者ログインID");
    assert!(sos[0][3].contains("2021-04-20") && sos[0][3].contains("所属先ではない"), "{}", sos[0][3]);
    for (day, on_behalf) in [("2021-03-31", true), ("2021-04-16", false), ("2021-06-01", true)] {
        let (_, revisions) = report_of(&app, "2710101870", day).await;
        assert_eq!(revisions.iter().map(|r| r.on_behalf).collect::<Vec<_>>(), [on_behalf], "{day}");
    }
    let day: chrono::NaiveDate = "2021-04-15".parse().unwrap();
    let facility = facility_by_code(&app, "2710101870").await;
    let reported = report::Entity::find()
        .filter(report::Column::UnitId.eq(facility.id))
        .filter(report::Column::Period.eq(day))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(reported, 0, "the refused day is not written");
}
