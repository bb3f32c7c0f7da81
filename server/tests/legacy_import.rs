//! `gmis legacy import` on the sample export (docs/examples/legacy): the
//! documented counts and rejected rows, a second run that changes nothing,
//! a changed row updated with 「移行データ更新」 in the audit log, a dry run,
//! a file that stops the run, a run cut short and finished by the next, the
//! `gmis` binary killed with SIGKILL half-way and run again, and migrated
//! accounts that log in only after setting a password.

// Test helpers outside #[test] functions fail loudly on purpose.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use app::domain::jurisdiction::AccountStatus;
use app::server::entities::{audit_log, facility, letter, mail, membership, user};
use app::server::legacy::import::{Options, Outcome, Silent, run};
use common::{PASSWORD, TestApp};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use std::path::{Path, PathBuf};

const NEW_PASSWORD: &str = "ひまわり畑を歩いた長い夏の朝のこと";

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
        for name in ["facilities.csv", "memberships.csv"] {
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
fn counts(outcome: &Outcome) -> Vec<(&str, u64, u64, u64, u64, u64)> {
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

    assert_eq!(counts(&outcome), [("facilities.csv", 20, 14, 0, 0, 6), ("memberships.csv", 7, 3, 0, 0, 4)]);
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

    let rejected = rejected_file(&outcome);
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

    let second = import(&app, &sample(), &out, false, false).await;
    assert_eq!(counts(&second), [("facilities.csv", 20, 0, 14, 0, 6), ("memberships.csv", 7, 0, 3, 0, 4)]);
    assert_eq!(totals(&app).await, after_first);
    assert_eq!(audit_rows(&app, "account.created").await.len(), created);
    assert!(audit_rows(&app, "legacy.updated").await.is_empty());
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
    assert_eq!(counts(&outcome), [("facilities.csv", 20, 0, 13, 1, 6), ("memberships.csv", 7, 1, 2, 1, 3)]);
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
    assert_eq!(counts(&again), [("facilities.csv", 20, 0, 14, 0, 6), ("memberships.csv", 7, 0, 4, 0, 3)]);
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
    assert_eq!(counts(&outcome), [("facilities.csv", 20, 14, 0, 0, 6), ("memberships.csv", 7, 3, 0, 0, 4)]);
    assert!(!outcome.committed && outcome.run_id.is_none());
    assert_eq!(totals(&app).await, before);
    assert_eq!(rejected_file(&outcome).len(), 10);
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
    assert_eq!(counts(&rest), [("facilities.csv", 20, 9, 5, 0, 6), ("memberships.csv", 7, 3, 0, 0, 4)]);
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
