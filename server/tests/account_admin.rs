//! Account administration by ministry administrators: search, states, and
//! mailing a link, unlocking and disabling — each audited.

// Test helpers outside #[test] functions fail loudly on purpose.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use app::domain::account::{AccountState, AccountSummary};
use app::server::entities::{mail, user};
use common::{HOSPITAL, PASSWORD, TestApp};
use http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

async fn search(app: &TestApp, cookie: &str, form: &str) -> Vec<AccountSummary> {
    let res = app.post_form("/api/accounts/search", form, Some(cookie)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    serde_json::from_str(&res.body).unwrap()
}

async fn id_of(app: &TestApp, login_id: &str) -> i32 {
    user::Entity::find().filter(user::Column::LoginId.eq(login_id)).one(&app.db).await.unwrap().unwrap().id
}

#[tokio::test]
async fn search_by_id_name_and_prefecture_shows_each_accounts_state() {
    let app = TestApp::new().await;
    let admin = app.login_cookie("DEMADM22").await;
    let by_id = search(&app, &admin, "q=DEMHSP&prefecture=").await;
    assert_eq!(by_id.iter().map(|a| a.login_id.as_str()).collect::<Vec<_>>(), ["DEMHSP22"]);
    assert_eq!(by_id[0].prefecture.as_deref(), Some("13"));
    let by_name = search(&app, &admin, &format!("q={}&prefecture=", "医師会")).await;
    assert_eq!(by_name.iter().map(|a| a.login_id.as_str()).collect::<Vec<_>>(), ["DEMAGG22"]);
    let tokyo = search(&app, &admin, "q=&prefecture=13").await;
    assert_eq!(tokyo.len(), 6, "facilities, association, centre, municipality and prefecture of Tokyo");
    assert!(search(&app, &admin, "q=&prefecture=27").await.is_empty());
    let bad = app.post_form("/api/accounts/search", "q=&prefecture=99", Some(&admin)).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);

    for _ in 0..10 {
        app.login(HOSPITAL, "wrong-wrong-wrong-wrong").await;
    }
    assert_eq!(search(&app, &admin, "q=DEMHSP&prefecture=").await[0].state, AccountState::Locked);
}

#[tokio::test]
async fn resend_unlock_and_disable() {
    let app = TestApp::new().await;
    let admin = app.login_cookie("DEMADM22").await;
    let hospital = id_of(&app, HOSPITAL).await;

    let mails = mail::Entity::find().count(&app.db).await.unwrap();
    let res = app.post_form("/api/accounts/resend", &format!("user_id={hospital}"), Some(&admin)).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(mail::Entity::find().count(&app.db).await.unwrap(), mails + 1);

    for _ in 0..10 {
        app.login(HOSPITAL, "wrong-wrong-wrong-wrong").await;
    }
    assert_eq!(app.login(HOSPITAL, PASSWORD).await.location(), Some("/login?failed=1"));
    app.post_form("/api/accounts/unlock", &format!("user_id={hospital}"), Some(&admin)).await;
    let session = app.login_cookie(HOSPITAL).await;

    app.post_form("/api/accounts/disable", &format!("user_id={hospital}"), Some(&admin)).await;
    assert_eq!(app.get("/", Some(&session)).await.status, StatusCode::SEE_OTHER, "sessions end");
    assert_eq!(app.login(HOSPITAL, PASSWORD).await.location(), Some("/login?failed=1"));
    assert_eq!(search(&app, &admin, "q=DEMHSP&prefecture=").await[0].state, AccountState::Disabled);

    let own = id_of(&app, "DEMADM22").await;
    let refused = app.post_form("/api/accounts/disable", &format!("user_id={own}"), Some(&admin)).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    let missing = app.post_form("/api/accounts/unlock", "user_id=9999", Some(&admin)).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);

    let actions = app.audit_actions().await;
    for a in ["account.link_resent", "account.unlocked", "account.disabled"] {
        assert!(actions.contains(&a.to_owned()), "{a} audited");
    }
}

#[tokio::test]
async fn the_admin_page_lists_accounts_for_admins_only() {
    let app = TestApp::new().await;
    let admin = app.login_cookie("DEMADM22").await;
    let page = app.get("/admin/accounts?q=DEMCLN", Some(&admin)).await;
    assert!(page.body.contains("DEMCLN22") && page.body.contains("千代田内科クリニック"));
    let clinic = app.login_cookie("DEMCLN22").await;
    let refused = app.get("/admin/accounts?q=DEM", Some(&clinic)).await;
    assert!(!refused.body.contains("DEMHSP22"));
    assert!(refused.body.contains(app::i18n::t().error_forbidden));
}

#[tokio::test]
async fn a_bad_prefecture_code_is_explained_on_the_page() {
    let app = TestApp::new().await;
    let admin = app.login_cookie("DEMADM22").await;
    let page = app.get("/admin/accounts?q=&prefecture=99", Some(&admin)).await;
    assert!(page.body.contains(app::i18n::t().accounts().prefecture_invalid));
}

#[tokio::test]
async fn an_admin_corrects_an_address_and_both_addresses_are_told() {
    let app = TestApp::new().await;
    let admin = app.login_cookie("DEMADM22").await;
    let clinic = id_of(&app, "DEMCLN22").await;
    let old = user::Entity::find_by_id(clinic).one(&app.db).await.unwrap().unwrap().email.expect("demo address");
    let mails = mail::Entity::find().count(&app.db).await.unwrap();

    // Bad input changes nothing and is said in Japanese.
    for (form, message) in [
        (format!("user_id={clinic}&email=not-an-address"), app::i18n::t().accounts().email_invalid),
        (format!("user_id={clinic}&email={}", old.replace('@', "%40")), app::i18n::t().accounts().email_unchanged),
    ] {
        let res = app.post_form("/api/accounts/email", &form, Some(&admin)).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
        assert!(res.body.contains(message), "{}", res.body);
    }
    let missing = app.post_form("/api/accounts/email", "user_id=9999&email=a%40b.example.jp", Some(&admin)).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(mail::Entity::find().count(&app.db).await.unwrap(), mails);

    let res = app
        .post_form(
            "/api/accounts/email",
            &format!("user_id={clinic}&email=+new.clerk%40clinic.example.jp+"),
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let summary = search(&app, &admin, "q=DEMCLN&prefecture=").await;
    assert_eq!(summary[0].email.as_deref(), Some("new.clerk@clinic.example.jp"));
    let told: Vec<mail::Model> = mail::Entity::find()
        .filter(mail::Column::Subject.eq(app::i18n::t().accounts().mail_email_changed_subject))
        .all(&app.db)
        .await
        .unwrap();
    let mut to: Vec<&str> = told.iter().map(|m| m.to_address.as_str()).collect();
    to.sort_unstable();
    let mut expected = [old.as_str(), "new.clerk@clinic.example.jp"];
    expected.sort_unstable();
    assert_eq!(to, expected, "the old and the new address");
    assert!(told.iter().all(|m| m.body.contains("n***@clinic.example.jp") && m.body.contains("DEMCLN22")));
    assert!(told.iter().all(|m| !m.body.contains("new.clerk@")), "the new address is masked");
    assert!(app.audit_actions().await.contains(&"account.email_changed".to_owned()));

    // The page shows the address and the correction form; other roles cannot change it.
    let page = app.get("/admin/accounts?q=DEMCLN", Some(&admin)).await.body;
    assert!(page.contains("new.clerk@clinic.example.jp") && page.contains("DEMCLN22 の新しいメールアドレス"));
    let hospital = app.login_cookie(HOSPITAL).await;
    let refused = app
        .post_form("/api/accounts/email", &format!("user_id={clinic}&email=x%40evil.example.jp"), Some(&hospital))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(
        search(&app, &admin, "q=DEMCLN&prefecture=").await[0].email.as_deref(),
        Some("new.clerk@clinic.example.jp")
    );
}

#[tokio::test]
async fn without_javascript_the_search_comes_back_saying_what_was_done() {
    let app = TestApp::new().await;
    let admin = app.login_cookie("DEMADM22").await;
    let hospital = id_of(&app, HOSPITAL).await;
    for _ in 0..10 {
        app.login(HOSPITAL, "wrong-wrong-wrong-wrong").await;
    }
    let page = format!("/admin/accounts?q={HOSPITAL}");
    let res = app.post_form_from_page(&page, "/api/accounts/unlock", &format!("user_id={hospital}"), &admin).await;
    assert_eq!(res.status, StatusCode::FOUND);
    let back = format!("{page}&done=unlock");
    assert_eq!(res.location(), Some(back.as_str()), "back to the same search");
    let shown = app.get(&back, Some(&admin)).await;
    assert!(shown.body.contains("ロックを解除しました。"), "the page says what was done");
    assert!(shown.body.contains(HOSPITAL), "with the search's results");
    let search_box = shown.body.split("<input").find(|tag| tag.contains("id=\"q\"")).unwrap_or_default();
    assert!(search_box.contains(&format!("value=\"{HOSPITAL}\"")), "and the search box shows what was searched");
    assert_eq!(search(&app, &admin, &format!("q={HOSPITAL}&prefecture=")).await[0].state, AccountState::Active);

    // A refusal replaces the earlier outcome: only the refusal is shown.
    let own = id_of(&app, "DEMADM22").await;
    let refused = app.post_form_from_page(&back, "/api/accounts/disable", &format!("user_id={own}"), &admin).await;
    let again = refused.location().expect("back to the page").trim_start_matches("http://localhost").to_owned();
    let shown = app.get(&again, Some(&admin)).await;
    assert!(shown.body.contains("alert--error"), "the refusal is shown");
    assert!(!shown.body.contains("ロックを解除しました。"), "not the earlier outcome");
}
