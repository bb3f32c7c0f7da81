//! Registering accounts from CSV: dry run, all-or-nothing, existing rows,
//! Shift_JIS, migrated IDs, who may register what, and the mails, links and
//! letters that issuance produces.

// Test helpers outside #[test] functions fail loudly on purpose.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use app::domain::ids::PrefectureCode;
use app::domain::jurisdiction::AccountStatus;
use app::domain::roles::{Actor, Role, Scope};
use app::server::entities::{facility, letter, mail, user};
use app::server::registration::{ImportReport, Importer, RowOutcome, import, parse_csv};
use common::TestApp;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

const HEADER: &str =
    "kind,name,prefecture,municipality,medical_code,postal_code,address,email,beds,designated_from,login_id";
const THREE_CLINICS: &str = "\
clinic,目白内科クリニック,13,131041,1310000061,,東京都新宿区下落合9-9-9,a@mejiro.example.jp,,2026-04-01,
clinic,四谷こども診療所,13,131041,1310000079,,東京都新宿区四谷9-9-8,b@yotsuya.example.jp,,2026-04-01,
clinic,早稲田ファミリー診療所,13,131041,1310000087,,東京都新宿区早稲田9-9-7,,,2026-04-01,";

async fn run(app: &TestApp, importer: &Importer, csv: &str, dry_run: bool) -> ImportReport {
    let rows = parse_csv(csv.as_bytes()).expect("parsable");
    import(&app.db, importer, &rows, "https://gmis.example.go.jp", dry_run, &|_| {}).await.expect("import")
}

fn created_ids(report: &ImportReport) -> Vec<String> {
    report
        .rows
        .iter()
        .filter_map(|(_, o)| match o {
            RowOutcome::Created { login_id, .. } => Some(login_id.clone()),
            _ => None,
        })
        .collect()
}

async fn counts(app: &TestApp) -> (u64, u64, u64) {
    (
        user::Entity::find().count(&app.db).await.unwrap(),
        mail::Entity::find().count(&app.db).await.unwrap(),
        letter::Entity::find().count(&app.db).await.unwrap(),
    )
}

#[tokio::test]
async fn three_clinics_get_ids_links_and_a_letter_for_the_one_without_mail() {
    let app = TestApp::new().await;
    let before = counts(&app).await;
    let csv = format!("{HEADER}\n{THREE_CLINICS}\n");

    let dry = run(&app, &Importer::Operator, &csv, true).await;
    assert_eq!(created_ids(&dry).len(), 3);
    assert!(!dry.committed);
    assert_eq!(counts(&app).await, before, "a dry run writes nothing");

    let real = run(&app, &Importer::Operator, &csv, false).await;
    assert!(real.committed);
    let ids = created_ids(&real);
    assert_eq!(ids.len(), 3);
    for id in &ids {
        assert!(app::domain::ids::LoginId::parse(id).unwrap().is_issued_format(), "{id}");
        let u = user::Entity::find().filter(user::Column::LoginId.eq(id)).one(&app.db).await.unwrap().unwrap();
        assert_eq!(
            (u.role, u.status, u.password_hash.is_none()),
            (Role::Facility, AccountStatus::AwaitingPassword, true)
        );
    }
    assert_eq!(counts(&app).await, (before.0 + 3, before.1 + 2, before.2 + 1), "two mails, one letter");
    let mails = mail::Entity::find().all(&app.db).await.unwrap();
    assert!(mails.iter().all(|m| m.body.contains("https://gmis.example.go.jp/password/set?token=")
        && m.body.contains("まで、1回だけ使えます")));
    assert!(mails.iter().any(|m| m.body.contains(&ids[0])));
    let designated = facility::Entity::find()
        .filter(facility::Column::MedicalCode.eq("1310000061"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(designated.designated_from.map(|d| d.to_string()).as_deref(), Some("2026-04-01"));

    // Importing the same file again reports every row and duplicates nothing.
    let again = run(&app, &Importer::Operator, &csv, false).await;
    assert_eq!(again.count(|o| matches!(o, RowOutcome::Exists(_))), 3);
    assert_eq!(counts(&app).await, (before.0 + 3, before.1 + 2, before.2 + 1));
}

#[tokio::test]
async fn one_bad_row_means_nothing_is_written() {
    let app = TestApp::new().await;
    let before = counts(&app).await;
    let csv = format!("{HEADER}\n{THREE_CLINICS}\nclinic,誤りのある診療所,13,131041,2710000011,,,bad-address,,,\n");
    let report = run(&app, &Importer::Operator, &csv, false).await;
    assert!(!report.committed);
    let (line, outcome) = report.rows.last().unwrap();
    assert_eq!(*line, 5);
    let RowOutcome::Invalid(fields) = outcome else { panic!("invalid row expected") };
    assert!(fields.contains_key("medical_code") && fields.contains_key("email") && fields.contains_key("address"));
    assert_eq!(counts(&app).await, before);
}

#[tokio::test]
async fn shift_jis_files_and_a_byte_order_mark_are_read() {
    let csv = format!("{HEADER}\n{THREE_CLINICS}\n");
    let (sjis, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&csv);
    assert!(!unmappable);
    let rows = parse_csv(&sjis).expect("Shift_JIS");
    assert_eq!(rows[0].1.name, "目白内科クリニック");
    let with_bom = [b"\xEF\xBB\xBF".as_slice(), csv.as_bytes()].concat();
    assert_eq!(parse_csv(&with_bom).expect("BOM").len(), 3);
    assert!(parse_csv(b"kind,name,colour\nclinic,x,red\n").unwrap_err().contains("colour"));
}

#[tokio::test]
async fn migrated_ids_are_kept_and_their_old_passwords_never_work() {
    let app = TestApp::new().await;
    let csv = format!(
        "{HEADER}\nclinic,移行クリニック,13,131016,1310000109,,東京都千代田区神田9-9-5,old@clinic.example.jp,,,OLDID-0042\n"
    );
    let report = run(&app, &Importer::Operator, &csv, false).await;
    assert_eq!(created_ids(&report), ["OLDID-0042"]);
    let u = user::Entity::find().filter(user::Column::LoginId.eq("OLDID-0042")).one(&app.db).await.unwrap().unwrap();
    assert!(u.migrated && u.password_hash.is_none());
    for old in ["password", "OLDID-0042", common::PASSWORD] {
        assert_eq!(app.login("OLDID-0042", old).await.location(), Some("/login?failed=1"));
    }
}

#[tokio::test]
async fn a_prefecture_registers_only_designated_clinics_of_its_own_prefecture() {
    let app = TestApp::new().await;
    let tokyo = Importer::User(Actor {
        user_id: app::domain::ids::UserId(6),
        login_id: app::domain::ids::LoginId::parse("DEMPRF22").unwrap(),
        display_name: "東京都 福祉保健局".into(),
        role: Role::Prefecture,
        scope: Scope::Prefecture(PrefectureCode::parse("13").unwrap()),
    });
    let ok = run(&app, &tokyo, &format!("{HEADER}\n{THREE_CLINICS}\n"), false).await;
    assert_eq!(created_ids(&ok).len(), 3);
    for row in [
        "hospital,都の病院,13,131041,1310000117,,東京都新宿区9-9-1,h@x.example.jp,100,,",
        "clinic,大阪の診療所,27,271004,2710000023,,大阪市港区9-9-2,c@x.example.jp,,2026-04-01,",
        "clinic,指定なし診療所,13,131041,1310000125,,東京都新宿区9-9-3,d@x.example.jp,,,",
    ] {
        let report = run(&app, &tokyo, &format!("{HEADER}\n{row}\n"), false).await;
        assert!(!report.committed, "{row}");
        assert!(matches!(report.rows[0].1, RowOutcome::Invalid(_)), "{row}");
    }
    let facility_user = Importer::User(Actor {
        role: Role::Facility,
        scope: Scope::Facility(app::domain::ids::FacilityId(1)),
        ..match &tokyo {
            Importer::User(a) => a.clone(),
            Importer::Operator => unreachable!(),
        }
    });
    let report =
        run(&app, &facility_user, &format!("{HEADER}\n{}\n", THREE_CLINICS.lines().next().unwrap()), false).await;
    assert!(!report.committed);
}

#[tokio::test]
async fn the_upload_checks_first_and_registers_for_real_when_asked() {
    let app = TestApp::new().await;
    let admin = app.login_cookie("DEMADM22").await;
    let csv = format!("{HEADER}\n{THREE_CLINICS}\n");
    let before = counts(&app).await;
    let dry = app.post_csv("/api/accounts/import", csv.as_bytes(), true, Some(&admin)).await;
    let report: app::api::registration::UploadReport = serde_json::from_str(&dry.body).unwrap();
    assert!(report.dry_run && !report.committed);
    assert_eq!(report.rows.iter().filter(|r| matches!(r.outcome, RowOutcome::Created { .. })).count(), 3);
    assert_eq!(counts(&app).await, before);

    let real = app.post_csv("/api/accounts/import", csv.as_bytes(), false, Some(&admin)).await;
    let report: app::api::registration::UploadReport = serde_json::from_str(&real.body).unwrap();
    assert!(report.committed);
    assert_eq!(counts(&app).await.0, before.0 + 3);

    // A file that cannot be read is refused as a whole, with a Japanese message.
    let broken = app.post_csv("/api/accounts/import", b"name\nx\n", false, Some(&admin)).await;
    assert_eq!(broken.status, http::StatusCode::UNPROCESSABLE_ENTITY);
    assert!(broken.body.contains("kind"));
    let empty = app.post_csv("/api/accounts/import", b"", false, Some(&admin)).await;
    assert_eq!(empty.status, http::StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn one_account_at_a_time_through_the_form() {
    let app = TestApp::new().await;
    let admin = app.login_cookie("DEMADM22").await;
    let form = "row[kind]=centre&row[name]=豊島区受診・相談センター&row[prefecture]=13&row[email]=soudan@toshima.example.lg.jp";
    let res = app.post_form("/api/accounts/register", form, Some(&admin)).await;
    let row: app::api::registration::UploadRow = serde_json::from_str(&res.body).unwrap();
    let RowOutcome::Created { login_id, mailed: true, letter: false } = row.outcome else {
        panic!("created: {:?}", row.outcome)
    };
    let u = user::Entity::find().filter(user::Column::LoginId.eq(&login_id)).one(&app.db).await.unwrap().unwrap();
    assert_eq!(u.role, Role::ConsultationCentre);
    assert!(u.centre_id.is_some());

    let bad =
        app.post_form("/api/accounts/register", "row[kind]=clinic&row[name]=x&row[prefecture]=13", Some(&admin)).await;
    let row: app::api::registration::UploadRow = serde_json::from_str(&bad.body).unwrap();
    let RowOutcome::Invalid(fields) = row.outcome else { panic!("invalid expected") };
    assert!(fields.contains_key("medical_code") && fields.contains_key("address"));
    let page = app.get("/admin/accounts/new", Some(&admin)).await;
    assert!(page.body.contains("name=\"row[kind]\""));
}

#[tokio::test]
async fn an_upload_that_is_not_multipart_is_refused_as_bad_input() {
    let app = TestApp::new().await;
    let admin = app.login_cookie("DEMADM22").await;
    let res = app.post_form("/api/accounts/import", "file=kind,name", Some(&admin)).await;
    assert_eq!(res.status, http::StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("CSVファイルを選んでください。"), "{}", res.body);
}

#[tokio::test]
async fn the_upload_works_without_javascript_and_answers_with_the_report() {
    use app::api::registration::FORM_PATH;
    let app = TestApp::new().await;
    let admin = app.login_cookie("DEMADM22").await;
    let page = app.get("/admin/accounts/import", Some(&admin)).await;
    assert!(
        page.body.contains(&format!(r#"method="post" action="{FORM_PATH}" enctype="multipart/form-data""#)),
        "the form posts as it is"
    );
    let csv = format!("{HEADER}\n{THREE_CLINICS}\n");
    let before = counts(&app).await;

    // Checked only: the report as a page, nothing written.
    let dry = app
        .post_multipart_as_browser(FORM_PATH, &[("dry_run", "on")], Some(("a.csv", csv.as_bytes())), Some(&admin))
        .await;
    assert_eq!(dry.status, http::StatusCode::OK, "{}", dry.body);
    assert!(dry.body.contains("確認のみ: 何も登録していません。"), "{}", dry.body);
    assert!(dry.body.contains("発行 3 / "), "the counts: {}", dry.body);
    assert!(dry.body.contains("ファイルを選び直してください"), "the file is chosen again");
    assert!(dry.body.contains(r#"href="/admin/accounts/import""#), "the way back");
    assert_eq!(counts(&app).await, before);

    // A bad row: every row reported, the reason at the bad one, nothing written.
    let bad = format!("{csv}clinic,誤りのある診療所,13,131041,2710000011,,,bad-address,,,\n");
    let res = app.post_multipart_as_browser(FORM_PATH, &[], Some(("a.csv", bad.as_bytes())), Some(&admin)).await;
    assert_eq!(res.status, http::StatusCode::OK, "{}", res.body);
    assert!(res.body.contains("エラーのある行があるため、何も登録していません。"), "{}", res.body);
    assert!(res.body.contains(">5</td>"), "the bad row by its line");
    assert_eq!(counts(&app).await, before, "nothing written");

    // A file that cannot be read: refused as a whole, with the reason.
    let broken = app.post_multipart_as_browser(FORM_PATH, &[], Some(("a.csv", b"name\nx\n")), Some(&admin)).await;
    assert_eq!(broken.status, http::StatusCode::UNPROCESSABLE_ENTITY);
    assert!(broken.body.contains("見出し「kind」がありません。"), "{}", broken.body);
    assert_eq!(counts(&app).await, before);

    // Registered.
    let real = app.post_multipart_as_browser(FORM_PATH, &[], Some(("a.csv", csv.as_bytes())), Some(&admin)).await;
    assert_eq!(real.status, http::StatusCode::OK, "{}", real.body);
    assert!(!real.body.contains("確認のみ"), "{}", real.body);
    assert_eq!(counts(&app).await.0, before.0 + 3);

    // Only importers: a clinic is refused before anything is read.
    let clinic = app.login_cookie("DEMCLN22").await;
    let res = app.post_multipart_as_browser(FORM_PATH, &[], Some(("a.csv", csv.as_bytes())), Some(&clinic)).await;
    assert_eq!(res.status, http::StatusCode::FORBIDDEN);
}

/// The one-account form with JavaScript off: the new login ID comes back on
/// the page; a refused row comes back as typed, with the same messages.
#[tokio::test]
async fn one_account_through_the_form_without_javascript() {
    let app = TestApp::new().await;
    let admin = app.login_cookie("DEMADM22").await;
    let bad = "row[kind]=clinic&row[name]=%E3%81%8A%E3%81%8A%E3%81%9F%E5%8C%BB%E9%99%A2+%26+%E8%A8%BA%E7%99%82%E6%89%80&row[prefecture]=13";
    let res = app.post_form_as_browser("/api/accounts/register", bad, Some(&admin)).await;
    let back = res.location().expect("redirected").to_owned();
    assert!(back.starts_with("/admin/accounts/new?checked=1"), "{back}");
    let page = app.get(&back, Some(&admin)).await;
    assert_eq!(page.status, http::StatusCode::OK);
    assert!(page.body.contains(r#"value="おおた医院 &amp; 診療所""#), "the name kept");
    assert!(page.body.contains(r#"value="clinic" selected"#), "the kind kept");
    assert!(page.body.contains("入力内容"), "the summary: {}", page.body.len());
    assert!(page.body.contains(r#"class="field__error""#), "a field's message");
    let before = user::Entity::find().all(&app.db).await.unwrap().len();

    let good = "row[kind]=centre&row[name]=%E5%8C%97%E5%8C%BA%E7%9B%B8%E8%AB%87%E3%82%BB%E3%83%B3%E3%82%BF%E3%83%BC&row[prefecture]=13&row[email]=soudan@kita.example.lg.jp";
    // Only checked: nothing registered, and the page says so.
    let res = app.post_form_as_browser("/api/accounts/register", &format!("{good}&dry_run=on"), Some(&admin)).await;
    let back = res.location().expect("redirected").to_owned();
    let page = app.get(&back, Some(&admin)).await;
    assert!(page.body.contains("まだ登録していません"), "{back}");
    assert!(page.body.contains(r#"name="dry_run" type="checkbox" value="on" checked"#), "the box kept");
    assert_eq!(user::Entity::find().all(&app.db).await.unwrap().len(), before, "nothing registered");

    let res = app.post_form_as_browser("/api/accounts/register", good, Some(&admin)).await;
    let back = res.location().expect("redirected").to_owned();
    let login_id = back.strip_prefix("/admin/accounts/new?registered=").expect("the new ID").to_owned();
    assert!(user::Entity::find().filter(user::Column::LoginId.eq(&login_id)).one(&app.db).await.unwrap().is_some());
    let page = app.get(&back, Some(&admin)).await;
    assert!(page.body.contains("登録しました") && page.body.contains(&login_id), "the ID on the page");
}

#[tokio::test]
async fn real_cities_anywhere_register_and_a_retired_code_names_its_successor() {
    let app = TestApp::new().await;
    let csv = format!(
        "{HEADER}\n\
         clinic,函館港町クリニック,01,012025,0110000013,,北海道函館市港町9-9-1,a@hakodate.example.jp,,,\n\
         hospital,浜松中央総合病院,22,221384,2210000015,,静岡県浜松市中央区9-9-2,b@hamamatsu.example.jp,120,,\n\
         clinic,那覇診療所,47,472018,4710000017,,沖縄県那覇市9-9-3,c@naha.example.jp,,,\n"
    );
    let report = run(&app, &Importer::Operator, &csv, false).await;
    assert!(report.committed, "{:?}", report.rows);
    assert_eq!(created_ids(&report).len(), 3);
    let hakodate =
        facility::Entity::find().filter(facility::Column::MedicalCode.eq("0110000013")).one(&app.db).await.unwrap();
    assert_eq!(hakodate.unwrap().municipality_code.as_deref(), Some("012025"));

    // 浜松市中区 was merged into 中央区 on 2024-01-01.
    let retired =
        format!("{HEADER}\nclinic,旧中区の診療所,22,221317,2210000023,,静岡県浜松市9-9-4,d@x.example.jp,,,\n");
    assert_eq!(
        refused_municipality(&app, &retired).await,
        "市区町村コード 221317（浜松市中区）は 2024-01-01 に合併・再編で廃止されました。221384（浜松市中央区）をお使いください。"
    );
    // A well-formed code (check digit right) that JIS X 0402 does not list.
    let unknown = format!("{HEADER}\nclinic,架空の診療所,01,019992,0110000021,,北海道9-9-5,e@x.example.jp,,,\n");
    assert_eq!(
        refused_municipality(&app, &unknown).await,
        "市区町村コード 019992 は全国地方公共団体コードにありません。"
    );
}

/// The message of a one-row import refused for its municipality.
async fn refused_municipality(app: &TestApp, csv: &str) -> String {
    let report = run(app, &Importer::Operator, csv, false).await;
    assert!(!report.committed);
    match &report.rows[0].1 {
        RowOutcome::Invalid(fields) => fields["municipality"].clone(),
        other => panic!("{other:?}"),
    }
}
