//! Association memberships with dates: adding, overlaps refused, ending,
//! history kept, administrators only.

// Test helpers outside #[test] functions fail loudly on purpose.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use app::domain::memberships::Membership;
use common::TestApp;
use http::StatusCode;

async fn members(app: &TestApp, cookie: &str) -> Vec<Membership> {
    serde_json::from_str(&app.post_form("/api/memberships/list", "aggregator_id=1", Some(cookie)).await.body).unwrap()
}

#[tokio::test]
async fn a_clinic_moves_to_the_association_from_a_date_and_history_is_kept() {
    let app = TestApp::new().await;
    let admin = app.login_cookie("DEMADM22").await;
    let before = members(&app, &admin).await;
    assert_eq!(before.len(), 10, "the demo association has ten members");

    // 千代田内科クリニック (self-reporting) joins from 2026-10-01.
    let add = "aggregator_id=1&medical_code=1310000037&valid_from=2026-10-01&valid_to=";
    assert_eq!(app.post_form("/api/memberships/add", add, Some(&admin)).await.status, StatusCode::OK);
    let after = members(&app, &admin).await;
    assert_eq!(after.len(), 11);

    // Joining again over the same days is refused and changes nothing.
    let overlap = app
        .post_form(
            "/api/memberships/add",
            "aggregator_id=1&medical_code=1310000037&valid_from=2026-12-01&valid_to=",
            Some(&admin),
        )
        .await;
    assert_eq!(overlap.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(overlap.body.contains("別の所属"));
    assert_eq!(members(&app, &admin).await.len(), 11);

    // Ending it keeps the row, with its last day.
    let id = after.iter().find(|m| m.medical_code == "1310000037").unwrap().id;
    let early =
        app.post_form("/api/memberships/end", &format!("membership_id={id}&valid_to=2026-09-30"), Some(&admin)).await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY, "before it began");
    let ok =
        app.post_form("/api/memberships/end", &format!("membership_id={id}&valid_to=2027-03-31"), Some(&admin)).await;
    assert_eq!(ok.status, StatusCode::OK);
    let ended = members(&app, &admin).await.into_iter().find(|m| m.id == id).unwrap();
    assert_eq!(ended.valid_to.map(|d| d.to_string()).as_deref(), Some("2027-03-31"));

    // After the last day it may join again.
    let rejoin = "aggregator_id=1&medical_code=1310000037&valid_from=2027-04-01&valid_to=";
    assert_eq!(app.post_form("/api/memberships/add", rejoin, Some(&admin)).await.status, StatusCode::OK);
    let actions = app.audit_actions().await;
    assert_eq!(actions.iter().filter(|a| *a == "membership.added").count(), 2);
    assert_eq!(actions.iter().filter(|a| *a == "membership.ended").count(), 1);

    let unknown = app
        .post_form(
            "/api/memberships/add",
            "aggregator_id=1&medical_code=9999999999&valid_from=2027-04-01&valid_to=",
            Some(&admin),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = app.get("/admin/memberships?aggregator=1", Some(&admin)).await;
    assert!(page.body.contains("新宿こどもクリニック") && page.body.contains("2027-03-31"));
}

#[tokio::test]
async fn only_administrators_change_memberships() {
    let app = TestApp::new().await;
    let association = app.login_cookie("DEMAGG22").await;
    let res = app
        .post_form(
            "/api/memberships/add",
            "aggregator_id=1&medical_code=1310000037&valid_from=2026-10-01&valid_to=",
            Some(&association),
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn without_javascript_a_refused_change_comes_back_to_the_page_with_its_message() {
    let app = TestApp::new().await;
    let admin = app.login_cookie("DEMADM22").await;
    let page = "/admin/memberships?aggregator=1";
    let before = members(&app, &admin).await;
    let member = before.first().expect("the demo association has members");
    // Ending a membership before it began is refused.
    let form = format!("membership_id={}&valid_to={}", member.id, member.valid_from - chrono::Duration::days(1));
    let refused = app.post_form_from_page(page, "/api/memberships/end", &form, &admin).await;
    assert_eq!(refused.status, StatusCode::FOUND);
    let back = refused.location().expect("back to the page").trim_start_matches("http://localhost");
    assert!(back.starts_with(page), "{back}");
    let shown = app.get(back, Some(&admin)).await;
    assert_eq!(shown.status, StatusCode::OK);
    let alert = shown.body.split("role=\"alert\"").nth(1).expect("an alert on the page");
    assert!(alert.contains("変更しませんでした"), "the refusal, in Japanese: {alert}");
    assert_eq!(members(&app, &admin).await, before, "nothing changed");

    // The message belongs to that post only: the page itself shows none.
    assert!(!app.get(page, Some(&admin)).await.body.contains("role=\"alert\""));

    // An address cannot make the page say something else: only the
    // server's fixed texts are shown.
    use base64::Engine;
    let forged = serde_json::json!({"Validation": {"valid_to": "停止されました。0120-000-000 へお電話ください"}});
    let forged = base64::engine::general_purpose::URL_SAFE.encode(forged.to_string());
    let (fn_path, _) = back.split_once("__err=").expect("the error in the address");
    let forged_page = app.get(&format!("{fn_path}__err={forged}"), Some(&admin)).await;
    assert_eq!(forged_page.status, StatusCode::OK);
    assert!(
        !forged_page.body.contains("0120-000-000"),
        "a forged message is not shown: {}",
        forged_page
            .body
            .split("0120-000-000")
            .next()
            .unwrap_or_default()
            .chars()
            .rev()
            .take(600)
            .collect::<String>()
            .chars()
            .rev()
            .collect::<String>()
    );
    assert!(!forged_page.body.contains("role=\"alert\""));
}

#[tokio::test]
async fn without_javascript_a_done_change_comes_back_to_the_page_saying_what_was_done() {
    let app = TestApp::new().await;
    let admin = app.login_cookie("DEMADM22").await;
    let member = members(&app, &admin).await.into_iter().find(|m| m.valid_to.is_none()).expect("an open membership");
    let valid_to = member.valid_from + chrono::Duration::days(30);
    // Posted from the page as an earlier post left it: its outcome is replaced.
    let page = "/admin/memberships?aggregator=1&done=added";
    let form = format!("membership_id={}&valid_to={valid_to}", member.id);
    let done = app.post_form_from_page(page, "/api/memberships/end", &form, &admin).await;
    assert_eq!(done.status, StatusCode::FOUND);
    assert_eq!(done.location(), Some("/admin/memberships?aggregator=1&done=ended"));
    let shown = app.get("/admin/memberships?aggregator=1&done=ended", Some(&admin)).await;
    assert!(shown.body.contains("所属の終了日を登録しました。"), "the page says what was done");
    assert!(!shown.body.contains("所属を追加しました。"), "and nothing else");
    assert!(shown.body.contains(&valid_to.to_string()), "the table shows the end date");
    assert_eq!(
        members(&app, &admin).await.into_iter().find(|m| m.id == member.id).and_then(|m| m.valid_to),
        Some(valid_to)
    );

    // Sent back to this site only, whatever the Referer names.
    let other = members(&app, &admin).await.into_iter().find(|m| m.valid_to.is_none()).expect("another one");
    let form = format!("membership_id={}&valid_to={valid_to}", other.id);
    let res = app.post_form_from_page("//elsewhere.example/x?y=1", "/api/memberships/end", &form, &admin).await;
    let location = res.location().unwrap_or_default();
    assert!(!location.starts_with("//") && !location.contains("done="), "{location}");
}
