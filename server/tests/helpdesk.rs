//! The helpdesk console (`/helpdesk/accounts`, issue 20 item 6): lookup by
//! login ID, facility name and 医療機関コード; unlock and the password link
//! again, each with a reason and an inquiry, audited; refusals for the
//! other roles; bad input that changes nothing; the page without JavaScript.

// Test helpers outside #[test] functions fail loudly on purpose.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use app::domain::account::AccountState;
use app::domain::helpdesk::{HelpdeskAccount, HelpdeskStep, StepRefusal};
use app::domain::jurisdiction::AccountStatus;
use app::server::entities::{audit_log, mail, user};
use common::{HOSPITAL, PASSWORD, TestApp};
use http::StatusCode;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, Set};

const HELPDESK: &str = "DEMHLP22";
const CLINIC: &str = "DEMCLN22";

fn texts() -> &'static app::i18n::HelpdeskTexts {
    app::i18n::t().helpdesk()
}

/// `text` as a form value.
fn enc(text: &str) -> String {
    serde_urlencoded::to_string([("v", text)]).unwrap().trim_start_matches("v=").to_owned()
}

async fn lookup(app: &TestApp, cookie: &str, q: &str) -> Vec<HelpdeskAccount> {
    let res = app.post_form("/api/helpdesk/lookup", &format!("q={}", enc(q)), Some(cookie)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    serde_json::from_str(&res.body).unwrap()
}

fn login_ids(list: &[HelpdeskAccount]) -> Vec<&str> {
    list.iter().map(|a| a.login_id.as_str()).collect()
}

async fn account(app: &TestApp, login_id: &str) -> user::Model {
    user::Entity::find().filter(user::Column::LoginId.eq(login_id)).one(&app.db).await.unwrap().unwrap()
}

async fn lock(app: &TestApp, login_id: &str) {
    for _ in 0..10 {
        app.login(login_id, "wrong-wrong-wrong-wrong").await;
    }
    assert_eq!(app.login(login_id, PASSWORD).await.location(), Some("/login?failed=1"), "{login_id} is locked");
}

fn step_form(user_id: i32, reason: &str, inquiry: &str) -> String {
    format!("user_id={user_id}&reason={}&inquiry={}&q=", enc(reason), enc(inquiry))
}

async fn console_steps(app: &TestApp) -> Vec<audit_log::Model> {
    audit_log::Entity::find()
        .filter(audit_log::Column::Action.is_in(["account.unlocked", "account.link_resent"]))
        .all(&app.db)
        .await
        .unwrap()
}

async fn mails(app: &TestApp) -> u64 {
    mail::Entity::find().count(&app.db).await.unwrap()
}

#[tokio::test]
async fn lookup_by_login_id_facility_name_and_medical_code() {
    let app = TestApp::new().await;
    let helpdesk = app.login_cookie(HELPDESK).await;

    assert_eq!(login_ids(&lookup(&app, &helpdesk, "DEMHSP22").await), [HOSPITAL]);
    assert_eq!(login_ids(&lookup(&app, &helpdesk, " demhsp ").await), [HOSPITAL], "as typed, any case");
    assert_eq!(login_ids(&lookup(&app, &helpdesk, "千代田内科").await), [CLINIC], "by facility name");
    let by_code = lookup(&app, &helpdesk, "1310000011").await;
    assert_eq!(login_ids(&by_code), [HOSPITAL], "by 医療機関コード");
    assert_eq!(by_code[0].medical_code.as_deref(), Some("1310000011"));
    assert_eq!(login_ids(&lookup(&app, &helpdesk, "１３１０００００３７").await), [CLINIC], "full-width digits");
    assert!(lookup(&app, &helpdesk, "").await.is_empty(), "nothing typed, nothing listed");
    assert!(lookup(&app, &helpdesk, "存在しない医療機関").await.is_empty());

    // What the helpdesk sees: the state and the address masked, nothing secret.
    let hospital = &by_code[0];
    assert_eq!(hospital.state, AccountState::Active);
    assert_eq!(hospital.email_masked.as_deref(), Some("de***@demo.gmis.example"));
    assert_eq!((hospital.recent_failures, hospital.locked_until.as_deref()), (0, None));
    let raw = app.post_form("/api/helpdesk/lookup", "q=DEM", Some(&helpdesk)).await.body;
    assert!(!raw.contains("demhsp22@") && !raw.contains("demcln22@"), "addresses masked: {raw}");
    assert!(!raw.contains("argon2") && !raw.to_lowercase().contains("password_hash"), "no hash: {raw}");

    // The ministry's own accounts are the administrators' business.
    let all = lookup(&app, &helpdesk, "DEM").await;
    assert!(!login_ids(&all).iter().any(|l| *l == HELPDESK || *l == "DEMADM22"), "{:?}", login_ids(&all));
    assert_eq!(all.len(), 6, "the six field accounts of the demo");
    let admin = app.login_cookie("DEMADM22").await;
    assert!(login_ids(&lookup(&app, &admin, "DEM").await).contains(&"DEMADM22"));

    // The last login is shown.
    app.login_cookie(CLINIC).await;
    let clinic = lookup(&app, &helpdesk, CLINIC).await;
    assert!(clinic[0].last_login.is_some());
}

#[tokio::test]
async fn unlock_clears_the_lock_and_is_audited_with_its_reason_and_inquiry() {
    let app = TestApp::new().await;
    let helpdesk = app.login_cookie(HELPDESK).await;
    let clinic = app.login_cookie(CLINIC).await;
    let inquiry = app.open_inquiry(&clinic, "東京中央病院がログインできない").await;
    lock(&app, HOSPITAL).await;

    let seen = lookup(&app, &helpdesk, HOSPITAL).await.remove(0);
    assert_eq!(seen.state, AccountState::Locked);
    assert!(seen.locked_until.is_some());
    assert!(seen.recent_failures >= 10, "{}", seen.recent_failures);

    let id = seen.user_id;
    let reason = "本人から電話。ログインIDと医療機関名を確認済み。";
    let res =
        app.post_form("/api/helpdesk/unlock", &step_form(id, reason, &inquiry.to_string()), Some(&helpdesk)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let u = account(&app, HOSPITAL).await;
    assert_eq!((u.failed_logins, u.locked_until), (0, None));
    assert!(app.login_cookie(HOSPITAL).await.contains("gmis_session="), "can log in at once");

    let steps = console_steps(&app).await;
    assert_eq!(steps.len(), 1);
    let row = &steps[0];
    assert_eq!((row.action.as_str(), row.actor_label.as_str()), ("account.unlocked", HELPDESK));
    assert_eq!((row.target_kind.as_deref(), row.target_id.clone()), (Some("user"), Some(id.to_string())));
    let detail: serde_json::Value = serde_json::from_str(row.detail.as_deref().unwrap()).unwrap();
    assert_eq!(detail["reason"], reason);
    assert_eq!(detail["inquiry"], inquiry);
    assert_eq!(detail["console"], "helpdesk");

    // The next operator sees the step, its reason and the inquiry linked.
    let again = lookup(&app, &helpdesk, HOSPITAL).await.remove(0);
    assert_eq!(again.state, AccountState::Active);
    assert_eq!(again.steps.len(), 1);
    assert_eq!((again.steps[0].step, again.steps[0].inquiry), (HelpdeskStep::Unlock, Some(inquiry)));
    let page = app.get(&format!("/helpdesk/accounts?q={HOSPITAL}"), Some(&helpdesk)).await;
    assert!(page.body.contains(reason), "the reason on the page");
    assert!(page.body.contains(&format!("href=\"/inquiries/{inquiry}\"")), "the inquiry linked");

    // Without an inquiry, the ministry admin may unlock too.
    lock(&app, HOSPITAL).await;
    let admin = app.login_cookie("DEMADM22").await;
    let res = app.post_form("/api/helpdesk/unlock", &step_form(id, "管理者による解除", ""), Some(&admin)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let steps = console_steps(&app).await;
    let detail: serde_json::Value = serde_json::from_str(steps[1].detail.as_deref().unwrap()).unwrap();
    assert_eq!((steps[1].actor_label.as_str(), &detail["inquiry"]), ("DEMADM22", &serde_json::Value::Null));
}

#[tokio::test]
async fn the_link_goes_to_the_address_on_file_only() {
    let app = TestApp::new().await;
    let helpdesk = app.login_cookie(HELPDESK).await;
    let hospital = account(&app, HOSPITAL).await;
    let on_file = hospital.email.clone().unwrap();

    // An active account forgot its password: the reset link, to the address
    // on file, whatever else the form carries.
    let before = mails(&app).await;
    let form = format!("{}&email=attacker%40evil.example", step_form(hospital.id, "パスワードを忘れたとの電話", ""));
    let res = app.post_form("/api/helpdesk/resend", &form, Some(&helpdesk)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let sent: Vec<mail::Model> =
        mail::Entity::find().all(&app.db).await.unwrap().into_iter().skip(before as usize).collect();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].to_address, on_file);
    assert_eq!(sent[0].subject, app::i18n::t().accounts().mail_reset_subject);
    assert!(!sent.iter().any(|m| m.to_address.contains("evil")));
    assert_eq!(account(&app, HOSPITAL).await.password_hash, hospital.password_hash, "the password is untouched");

    // An account that never set one gets the first-time link.
    let clinic = account(&app, CLINIC).await;
    let mut a = clinic.clone().into_active_model();
    a.status = Set(AccountStatus::AwaitingPassword);
    a.password_hash = Set(None);
    a.update(&app.db).await.unwrap();
    assert_eq!(lookup(&app, &helpdesk, CLINIC).await[0].state, AccountState::AwaitingPassword);
    let res =
        app.post_form("/api/helpdesk/resend", &step_form(clinic.id, "届いていないとの電話", ""), Some(&helpdesk)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let last = mail::Entity::find().all(&app.db).await.unwrap().pop().unwrap();
    assert_eq!(
        (last.to_address, last.subject.as_str()),
        (clinic.email.clone().unwrap(), app::i18n::t().accounts().mail_issue_subject)
    );

    let steps = console_steps(&app).await;
    assert_eq!(steps.iter().filter(|s| s.action == "account.link_resent").count(), 2);
    assert!(
        steps.iter().all(|s| !s.detail.as_deref().unwrap().contains(&on_file)),
        "the audit keeps the address masked"
    );

    // No address on file: nothing to send to, and nothing is sent.
    let mut a = account(&app, CLINIC).await.into_active_model();
    a.email = Set(None);
    a.update(&app.db).await.unwrap();
    let before = mails(&app).await;
    let res = app.post_form("/api/helpdesk/resend", &step_form(clinic.id, "再送依頼", ""), Some(&helpdesk)).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(res.body.contains((texts().refusal)(StepRefusal::NoEmail)), "{}", res.body);
    assert_eq!(mails(&app).await, before);
}

#[tokio::test]
async fn bad_input_is_explained_in_japanese_and_changes_nothing() {
    let app = TestApp::new().await;
    let helpdesk = app.login_cookie(HELPDESK).await;
    lock(&app, HOSPITAL).await;
    let id = account(&app, HOSPITAL).await.id;
    let admin_id = account(&app, "DEMADM22").await.id;
    let clinic_id = account(&app, CLINIC).await.id;
    let before = account(&app, HOSPITAL).await;
    let mails_before = mails(&app).await;
    let long = "あ".repeat(app::domain::helpdesk::REASON_MAX + 1);
    let cases: Vec<(&str, String, StatusCode, Option<StepRefusal>)> = vec![
        ("unlock", step_form(id, "", ""), StatusCode::UNPROCESSABLE_ENTITY, Some(StepRefusal::ReasonMissing)),
        ("unlock", step_form(id, "  \n ", ""), StatusCode::UNPROCESSABLE_ENTITY, Some(StepRefusal::ReasonMissing)),
        ("unlock", step_form(id, &long, ""), StatusCode::UNPROCESSABLE_ENTITY, Some(StepRefusal::ReasonTooLong)),
        ("resend", step_form(id, &long, ""), StatusCode::UNPROCESSABLE_ENTITY, Some(StepRefusal::ReasonTooLong)),
        ("unlock", step_form(id, "電話", "abc"), StatusCode::UNPROCESSABLE_ENTITY, Some(StepRefusal::InquiryMalformed)),
        ("unlock", step_form(id, "電話", "99999"), StatusCode::UNPROCESSABLE_ENTITY, Some(StepRefusal::InquiryUnknown)),
        ("resend", step_form(id, "電話", "99999"), StatusCode::UNPROCESSABLE_ENTITY, Some(StepRefusal::InquiryUnknown)),
        ("unlock", step_form(999_999, "電話", ""), StatusCode::NOT_FOUND, None),
        ("resend", step_form(999_999, "電話", ""), StatusCode::NOT_FOUND, None),
        // The ministry's own accounts are not the helpdesk's to change.
        ("resend", step_form(admin_id, "電話", ""), StatusCode::NOT_FOUND, None),
        ("unlock", step_form(clinic_id, "電話", ""), StatusCode::CONFLICT, Some(StepRefusal::NotLocked)),
        // Not even a form the function can read: refused as input, never a 5xx.
        ("unlock", format!("user_id={id}"), StatusCode::BAD_REQUEST, None),
        ("unlock", "user_id=abc&reason=x".to_owned(), StatusCode::BAD_REQUEST, None),
    ];
    for (step, form, status, refusal) in cases {
        let res = app.post_form(&format!("/api/helpdesk/{step}"), &form, Some(&helpdesk)).await;
        assert_eq!(res.status, status, "{step} {form}: {}", res.body);
        if let Some(r) = refusal {
            assert!(res.body.contains((texts().refusal)(r)), "{step} {form}: {}", res.body);
        }
    }
    let after = account(&app, HOSPITAL).await;
    assert_eq!((after.failed_logins, after.locked_until), (before.failed_logins, before.locked_until), "still locked");
    assert!(console_steps(&app).await.is_empty(), "no step audited");
    assert_eq!(mails(&app).await, mails_before, "no mail");

    // A disabled account stays as it is.
    let admin = app.login_cookie("DEMADM22").await;
    app.post_form("/api/accounts/disable", &format!("user_id={clinic_id}"), Some(&admin)).await;
    let res = app.post_form("/api/helpdesk/resend", &step_form(clinic_id, "電話", ""), Some(&helpdesk)).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(res.body.contains((texts().refusal)(StepRefusal::Disabled)), "{}", res.body);
}

#[tokio::test]
async fn other_roles_are_refused_and_the_refusal_is_audited() {
    let app = TestApp::new().await;
    lock(&app, HOSPITAL).await;
    let id = account(&app, HOSPITAL).await.id;
    let mails_before = mails(&app).await;
    for demo in app::server::seed::DEMO_ACCOUNTS {
        if matches!(demo.role, app::domain::roles::Role::Helpdesk | app::domain::roles::Role::MinistryAdmin) {
            continue;
        }
        // The locked hospital cannot log in; its colleague is the clinic.
        if demo.login_id == HOSPITAL {
            continue;
        }
        let cookie = app.login_cookie(demo.login_id).await;
        let denied = || async {
            audit_log::Entity::find()
                .filter(audit_log::Column::Action.eq("access.denied"))
                .count(&app.db)
                .await
                .unwrap()
        };
        let denied_before = denied().await;
        for (path, form) in [
            ("/api/helpdesk/lookup", "q=DEM".to_owned()),
            ("/api/helpdesk/unlock", step_form(id, "なりすまし", "")),
            ("/api/helpdesk/resend", step_form(id, "なりすまし", "")),
        ] {
            let res = app.post_form(path, &form, Some(&cookie)).await;
            assert_eq!(res.status, StatusCode::FORBIDDEN, "{} calling {path}", demo.login_id);
            assert!(!res.body.contains(HOSPITAL));
        }
        assert_eq!(denied().await - denied_before, 3, "{}: every refusal audited", demo.login_id);
        let page = app.get(&format!("/helpdesk/accounts?q={HOSPITAL}"), Some(&cookie)).await;
        assert!(page.body.contains(app::i18n::t().error_forbidden), "{}", demo.login_id);
        assert!(!page.body.contains("de***@"), "{}: nothing of the account shown", demo.login_id);
    }
    let u = account(&app, HOSPITAL).await;
    assert!(u.locked_until.is_some(), "still locked");
    assert_eq!(mails(&app).await, mails_before);
    assert!(console_steps(&app).await.is_empty());
    // Visitors are asked to log in.
    let res = app.post_form("/api/helpdesk/unlock", &step_form(id, "x", ""), None).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_page_is_complete_in_its_first_html_and_works_without_javascript() {
    let app = TestApp::new().await;
    let helpdesk = app.login_cookie(HELPDESK).await;
    let home = app.get("/", Some(&helpdesk)).await;
    assert!(home.body.contains("href=\"/helpdesk/accounts\""), "the helpdesk's menu links the console");
    lock(&app, HOSPITAL).await;
    let id = account(&app, HOSPITAL).await.id;

    let page_path = format!("/helpdesk/accounts?q={HOSPITAL}");
    let page = app.get(&page_path, Some(&helpdesk)).await;
    assert_eq!(page.status, StatusCode::OK);
    for expected in [
        HOSPITAL,
        "東京中央病院",
        "1310000011",
        app::i18n::t().accounts().state_locked,
        "de***@demo.gmis.example",
        "action=\"/api/helpdesk/unlock\"",
        "action=\"/api/helpdesk/resend\"",
        "name=\"reason\"",
        "name=\"inquiry\"",
    ] {
        assert!(page.body.contains(expected), "{expected} in the first HTML");
    }
    let search_box = page.body.split("<input").find(|tag| tag.contains("id=\"hq\"")).unwrap_or_default();
    assert!(search_box.contains(&format!("value=\"{HOSPITAL}\"")), "the search box shows what was searched");
    assert!(!page.body.contains("demhsp22@"), "the address is masked");

    // A refused post comes back to the page with the message and what was typed.
    let form = format!("user_id={id}&reason=&inquiry=12&q={HOSPITAL}");
    let refused = app.post_form_from_page(&page_path, "/api/helpdesk/unlock", &form, &helpdesk).await;
    assert!(refused.status.is_redirection(), "{} {}", refused.status, refused.body);
    let back = refused.location().unwrap().trim_start_matches("http://localhost").to_owned();
    assert!(
        back.starts_with("/helpdesk/accounts?") && back.replace("%5F", "_").contains("invalid=reason_missing"),
        "{back}"
    );
    let shown = app.get(&back, Some(&helpdesk)).await;
    let alert = shown.body.split("role=\"alert\"").nth(1).expect("an alert");
    assert!(alert.contains((texts().refusal)(StepRefusal::ReasonMissing)), "{alert}");
    assert!(shown.body.contains("maxlength=\"12\" value=\"12\""), "the inquiry number typed comes back");
    assert!(account(&app, HOSPITAL).await.locked_until.is_some(), "nothing changed");

    // A huge reason is refused, and what comes back is cut to what the form takes.
    let huge = format!("user_id={id}&reason={}&inquiry=&q={HOSPITAL}", enc(&"あ".repeat(20_000)));
    let refused = app.post_form_from_page(&page_path, "/api/helpdesk/unlock", &huge, &helpdesk).await;
    let back = refused.location().unwrap();
    assert!(back.replace("%5F", "_").contains("invalid=reason_too_long"), "{}", &back[..200]);
    let limit = app::domain::helpdesk::REASON_MAX * 9 + 500;
    assert!(back.len() < limit, "an address of {} bytes", back.len());

    // An address cannot make the page say anything but the catalogue's texts.
    let forged = app
        .get(
            "/helpdesk/accounts?q=x&invalid=%E3%81%8A%E9%9B%BB%E8%A9%B1%E3%81%8F%E3%81%A0%E3%81%95%E3%81%84",
            Some(&helpdesk),
        )
        .await;
    assert!(!forged.body.contains("お電話ください") && !forged.body.contains("role=\"alert\""));

    // A reason with markup is shown as text.
    let reason = "<script>alert(1)</script>電話";
    let form = format!("user_id={id}&reason={}&inquiry=&q={HOSPITAL}", enc(reason));
    let done = app.post_form_from_page(&page_path, "/api/helpdesk/unlock", &form, &helpdesk).await;
    assert!(done.status.is_redirection(), "{} {}", done.status, done.body);
    let back = done.location().unwrap().trim_start_matches("http://localhost").to_owned();
    assert!(back.contains("done=unlock"), "{back}");
    let shown = app.get(&back, Some(&helpdesk)).await;
    assert!(shown.body.contains((texts().done)(HelpdeskStep::Unlock)));
    assert!(!shown.body.contains("<script>alert(1)"), "escaped");
    assert!(shown.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;電話"));
    assert!(account(&app, HOSPITAL).await.locked_until.is_none(), "unlocked");
}

#[tokio::test]
async fn an_inquiry_links_its_senders_account_with_its_number_filled_in() {
    let app = TestApp::new().await;
    let hospital = app.login_cookie(HOSPITAL).await;
    let inquiry = app.open_inquiry(&hospital, "ログインできません").await;
    // The sender does not get the link.
    let own = app.get(&format!("/inquiries/{inquiry}"), Some(&hospital)).await;
    assert_eq!(own.status, StatusCode::OK);
    assert!(!own.body.contains("/helpdesk/accounts"));
    lock(&app, HOSPITAL).await;
    let helpdesk = app.login_cookie(HELPDESK).await;
    let console_link = |page: &str| {
        page.split("href=\"/helpdesk/accounts?")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("a link to the console")
            .replace("&amp;", "&")
    };
    let thread = app.get(&format!("/inquiries/{inquiry}"), Some(&helpdesk)).await;
    let href = console_link(&thread.body);
    // The queue links the same account, so the operator need not open the thread first.
    let queue = app.get("/helpdesk", Some(&helpdesk)).await;
    assert_eq!(console_link(&queue.body), href, "the queue links the sender's account");
    let console = app.get(&format!("/helpdesk/accounts?{href}"), Some(&helpdesk)).await;
    assert!(console.body.contains(HOSPITAL), "the sender's account is found");
    let filled = format!("maxlength=\"12\" value=\"{inquiry}\"");
    assert!(console.body.contains(&filled), "the inquiry number is filled in the step's form");
}
