//! The postal letter queue: what issuance puts in it, who may see and print
//! it, and marking letters printed.

// Test helpers outside #[test] functions fail loudly on purpose.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use app::server::registration::{Importer, import, parse_csv};
use common::TestApp;
use http::StatusCode;

const CSV: &str = "kind,name,prefecture,municipality,medical_code,postal_code,address,email,beds,designated_from
hospital,新宿中央記念病院,13,131041,1310000095,160-0023,東京都新宿区西新宿9-9-6,soumu@kinen.example.jp,180,
clinic,目白内科クリニック,13,131041,1310000061,,東京都新宿区下落合9-9-9,a@mejiro.example.jp,,2026-04-01
";

#[tokio::test]
async fn hospitals_get_a_letter_that_admins_print_and_mark() {
    let app = TestApp::new().await;
    let rows = parse_csv(CSV.as_bytes()).unwrap();
    import(&app.db, &Importer::Operator, &rows, "https://gmis.example.go.jp", false, &|_| {}).await.unwrap();

    let admin = app.login_cookie("DEMADM22").await;
    let queue = app.post_form("/api/letters/queue", "", Some(&admin)).await;
    let letters: Vec<app::domain::letters::Letter> = serde_json::from_str(&queue.body).unwrap();
    assert_eq!(letters.len(), 1, "only the hospital (the clinic has an address and is not a hospital)");
    assert_eq!(letters[0].name, "新宿中央記念病院");
    assert_eq!(letters[0].address.as_deref(), Some("東京都新宿区西新宿9-9-6"));
    assert_eq!(
        letters[0].setup_url,
        format!("{}/password/forgot", app.state.config.public_url),
        "from the configuration"
    );

    let print = app.get("/admin/letters/print", Some(&admin)).await;
    assert_eq!(print.status, StatusCode::OK);
    assert!(print.body.contains("class=\"letter\"") && print.body.contains(&letters[0].login_id));
    assert!(!print.body.contains("パスワード:"), "a letter never carries a password");

    // Marked from the queue's page, as the browser posts its form.
    let form = format!("ids[0]={}", letters[0].id);
    let marked = app.post_form_from_page("/admin/letters", "/api/letters/printed", &form, &admin).await;
    assert_eq!(marked.location(), Some("/admin/letters?done=printed"));
    let page = app.get("/admin/letters?done=printed", Some(&admin)).await;
    assert!(page.body.contains("印刷済みにしました。"), "the page says what was done");
    assert!(page.body.contains("印刷待ちの通知はありません。"), "and the queue is empty");
    let after: Vec<app::domain::letters::Letter> =
        serde_json::from_str(&app.post_form("/api/letters/queue", "", Some(&admin)).await.body).unwrap();
    assert!(after.is_empty());
    assert!(app.audit_actions().await.contains(&"letters.printed".to_owned()));
}

#[tokio::test]
async fn only_ministry_admins_reach_the_letters_and_refusals_are_audited() {
    let app = TestApp::new().await;
    let prefecture = app.login_cookie("DEMPRF22").await;
    let res = app.post_form("/api/letters/queue", "", Some(&prefecture)).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert!(!res.body.contains("letters"), "generic answer");
    assert!(app.audit_actions().await.contains(&"access.denied".to_owned()));
    let page = app.get("/admin/letters/print", Some(&prefecture)).await;
    assert!(page.body.contains(app::i18n::t().error_forbidden));
    assert!(!page.body.contains("class=\"letter\""));
}
