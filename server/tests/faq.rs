//! Curating the FAQ (`/helpdesk/faq`, issue 21 item 5) through the real
//! router, on SQLite and PostgreSQL: the helpdesk edits, reorders, retires
//! and brings back entries, and users' search follows; stale and refused
//! changes save nothing; nobody else may change it; the page works without
//! JavaScript and brings back what was typed.

// Test helpers outside #[test] functions fail loudly on purpose.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use app::domain::inquiries::{Category, Faq, FaqEntry};
use common::TestApp;
use http::StatusCode;

const HELPDESK: &str = "DEMHLP22";
const CLINIC: &str = "DEMCLN22";

async fn entries(app: &TestApp, cookie: &str) -> Vec<FaqEntry> {
    let res = app.post_form("/api/faq/entries", "", Some(cookie)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    serde_json::from_str(&res.body).unwrap()
}

/// What a user finds for `q`: (id, question) in the order shown.
async fn search(app: &TestApp, cookie: &str, q: &str) -> Vec<(i32, String)> {
    let res = app.post_form("/api/inquiries/faq", &format!("q={q}"), Some(cookie)).await;
    let found: Vec<Faq> = serde_json::from_str(&res.body).unwrap();
    found.into_iter().map(|f| (f.id, f.question.into_iter().map(|s| s.text).collect())).collect()
}

fn ids(list: &[(i32, String)]) -> Vec<i32> {
    list.iter().map(|(id, _)| *id).collect()
}

fn edit_form(id: i32, revision: i32, category: &str, question: &str, answer: &str) -> String {
    let enc = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    format!("id={id}&revision={revision}&category={category}&question={}&answer={}", enc(question), enc(answer))
}

#[tokio::test]
async fn the_helpdesk_edits_reorders_retires_and_restores_what_users_find() {
    let app = TestApp::new().await;
    let desk = app.login_cookie(HELPDESK).await;
    let clinic = app.login_cookie(CLINIC).await;
    let first = entries(&app, &desk).await;
    let order: Vec<i32> = first.iter().map(|e| e.id).collect();
    assert!(order.len() >= 2, "the demo has FAQ entries");
    let (top, second) = (order[0], order[1]);
    assert_eq!(ids(&search(&app, &clinic, "").await), order, "users see the helpdesk's order");

    // Moving: the second entry goes on top, for users too; not past the top.
    let res = app.post_form("/api/faq/move", &format!("id={second}&way=up"), Some(&desk)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(&ids(&search(&app, &clinic, "").await)[..2], &[second, top]);
    let res = app.post_form("/api/faq/move", &format!("id={second}&way=up"), Some(&desk)).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "already on top");
    assert_eq!(&ids(&search(&app, &clinic, "").await)[..2], &[second, top]);
    let res = app.post_form("/api/faq/move", &format!("id={second}&way=down"), Some(&desk)).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(ids(&search(&app, &clinic, "").await), order);

    // Editing: users find the new words, under the new category.
    let revision = first[0].revision;
    let form = edit_form(top, revision, "supplies", "マスクの在庫報告はいつまでですか", "毎週日曜日までです。");
    assert_eq!(app.post_form("/api/faq/edit", &form, Some(&desk)).await.status, StatusCode::OK);
    assert_eq!(search(&app, &clinic, "在庫報告").await, vec![(top, "マスクの在庫報告はいつまでですか".to_owned())]);
    let edited = entries(&app, &desk).await.into_iter().find(|e| e.id == top).unwrap();
    assert_eq!((edited.category, edited.revision), (Category::Supplies, revision + 1));
    assert_eq!(edited.changed_by, "G-MIS ヘルプデスク", "who changed it last");

    // An edit made on the old revision, or with a field wrong, saves nothing.
    let stale = edit_form(top, revision, "login", "古い画面からの編集", "上書きしない");
    let res = app.post_form("/api/faq/edit", &stale, Some(&desk)).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(res.body.contains(app::i18n::t().faq().stale), "{}", res.body);
    for bad in [
        edit_form(top, revision + 1, "login", " ", "回答"),
        edit_form(top, revision + 1, "nonsense", "質問", "回答"),
        edit_form(top, revision + 1, "login", "質問", &"あ".repeat(10_001)),
    ] {
        assert_eq!(app.post_form("/api/faq/edit", &bad, Some(&desk)).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let missing = edit_form(99_999, 0, "login", "質問", "回答");
    assert_eq!(app.post_form("/api/faq/edit", &missing, Some(&desk)).await.status, StatusCode::NOT_FOUND);
    let now = entries(&app, &desk).await.into_iter().find(|e| e.id == top).unwrap();
    assert_eq!(now, edited, "nothing changed");

    // Nobody else may change the FAQ, nor read the helpdesk's list.
    let res = app.post_form("/api/faq/retire", &format!("id={top}&step=retire"), Some(&clinic)).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let takeover = edit_form(top, revision + 1, "login", "乗っ取り", "x");
    assert_eq!(app.post_form("/api/faq/edit", &takeover, Some(&clinic)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.post_form("/api/faq/entries", "", Some(&clinic)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(ids(&search(&app, &clinic, "").await), order);

    // Retiring: users no longer find it; it stays in the helpdesk's list,
    // cannot be moved, and comes back in its place.
    let res = app.post_form("/api/faq/retire", &format!("id={top}&step=retire"), Some(&desk)).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(search(&app, &clinic, "在庫報告").await.is_empty());
    assert!(!ids(&search(&app, &clinic, "").await).contains(&top));
    assert!(entries(&app, &desk).await.iter().any(|e| e.id == top && e.retired));
    let res = app.post_form("/api/faq/move", &format!("id={top}&way=down"), Some(&desk)).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "a retired entry is not in the list users see");
    let res = app.post_form("/api/faq/retire", &format!("id={top}&step=restore"), Some(&desk)).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(ids(&search(&app, &clinic, "").await), order);

    let actions = app.audit_actions().await;
    for action in ["faq.edited", "faq.moved", "faq.retired", "faq.restored"] {
        assert!(actions.iter().any(|a| a == action), "{action} is audited");
    }
    assert_eq!(actions.iter().filter(|a| *a == "faq.edited").count(), 1, "refused edits are not");
}

#[tokio::test]
async fn the_page_is_complete_in_its_first_html_and_works_without_javascript() {
    let app = TestApp::new().await;
    let desk = app.login_cookie(HELPDESK).await;
    let f = app::i18n::t().faq();
    let home = app.get("/", Some(&desk)).await;
    assert!(home.body.contains("href=\"/helpdesk/faq\""), "the helpdesk's menu links the page");
    let list = entries(&app, &desk).await;
    let (top, second) = (list[0].id, list[1].id);

    let page = app.get("/helpdesk/faq", Some(&desk)).await;
    assert_eq!(page.status, StatusCode::OK);
    for expected in [f.title, list[0].question.as_str(), "action=\"/api/faq/edit\"", "action=\"/api/faq/move\""] {
        assert!(page.body.contains(expected), "{expected} in the first HTML");
    }

    // A refused edit comes back into its form, as typed, with the reason.
    let typed = edit_form(top, list[0].revision, "login", "", "<b>太字</b>の回答");
    let res = app.post_form_as_browser("/api/faq/edit", &typed, Some(&desk)).await;
    let back = res.location().expect("a redirect back").to_owned();
    assert!(back.starts_with("/helpdesk/faq?invalid="), "{back}");
    let page = app.get(&back, Some(&desk)).await.body;
    assert!(page.contains(f.invalid) && page.contains(app::i18n::t().inquiries().faq_question_required));
    assert!(page.contains("&lt;b&gt;太字&lt;/b&gt;の回答</textarea>"), "typed text, escaped");
    assert!(!page.contains("<b>太字</b>"));

    // A good edit with markup is saved and shown as text.
    let good = edit_form(top, list[0].revision, "login", "<script>alert(1)</script>質問", "回答です");
    let res = app.post_form_as_browser("/api/faq/edit", &good, Some(&desk)).await;
    assert_eq!(res.location(), Some(format!("/helpdesk/faq?done=edited&at={top}").as_str()));
    let page = app.get(res.location().unwrap(), Some(&desk)).await.body;
    assert!(page.contains(f.edited) && page.contains("&lt;script&gt;alert(1)&lt;/script&gt;質問"));
    assert!(!page.contains("<script>alert(1)"));

    // The same edit again is stale: said so, nothing saved.
    let res = app.post_form_as_browser("/api/faq/edit", &good.replace("回答です", "別の回答"), Some(&desk)).await;
    assert_eq!(res.location(), Some(format!("/helpdesk/faq?stale={top}&at={top}").as_str()));
    assert!(app.get(res.location().unwrap(), Some(&desk)).await.body.contains(f.stale));

    // Moving and retiring.
    let res = app.post_form_as_browser("/api/faq/move", &format!("id={second}&way=up"), Some(&desk)).await;
    assert_eq!(res.location(), Some(format!("/helpdesk/faq?done=moved&at={second}").as_str()));
    let res = app.post_form_as_browser("/api/faq/move", &format!("id={second}&way=up"), Some(&desk)).await;
    assert_eq!(res.location(), Some(format!("/helpdesk/faq?end={second}&at={second}").as_str()));
    assert!(app.get(res.location().unwrap(), Some(&desk)).await.body.contains(f.at_end));
    let res = app.post_form_as_browser("/api/faq/retire", &format!("id={second}&step=retire"), Some(&desk)).await;
    assert_eq!(res.location(), Some(format!("/helpdesk/faq?done=retired&at={second}").as_str()));
    let page = app.get(res.location().unwrap(), Some(&desk)).await.body;
    assert!(page.contains(f.retired) && page.contains(&(f.retired_heading)(1)) && page.contains(f.restore));

    // Another role gets no list and no forms.
    let clinic = app.login_cookie(CLINIC).await;
    let page = app.get("/helpdesk/faq", Some(&clinic)).await.body;
    assert!(page.contains(app::i18n::t().error_forbidden), "refused");
    assert!(!page.contains("action=\"/api/faq/edit\""));
    assert!(!app.get("/", Some(&clinic)).await.body.contains("href=\"/helpdesk/faq\""));
}
