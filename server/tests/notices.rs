//! Notices through the real router, on SQLite and PostgreSQL: what each
//! role finds by one-, two- and longer Japanese queries (kana, kanji, ASCII
//! and their mixes), ranking, filters, unread markers, withdrawn and
//! scheduled notices, bodies that try to carry script, and attachments
//! (checked by content, served only to the notice's audience).

// Test helpers outside #[test] functions fail loudly on purpose.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use app::domain::notices::{HomeNotices, NoticeDetail, NoticePage, Status};
use app::domain::roles::Role;
use common::TestApp;
use http::StatusCode;
use serde_json::json;

struct Draft<'a> {
    title: &'a str,
    body: &'a str,
    category: &'a str,
    issued_on: String,
    audience: &'a [Role],
}

const FOR_FACILITIES: &[Role] = &[Role::Facility, Role::Aggregator, Role::Prefecture];

/// The date `n` days before the test clock's start, as the editor sends it.
fn day(n: u64) -> String {
    let start = app::domain::time::japan_date(common::test_start());
    start.checked_sub_days(chrono::Days::new(n)).unwrap().to_string()
}

/// A Japan-time `datetime-local` value `by` away from the test clock's now.
fn local_time(app: &TestApp, by: chrono::Duration) -> String {
    app::domain::maintenance::to_local_input(app.now() + by)
}

async fn save(app: &TestApp, admin: &str, d: Draft<'_>) -> i32 {
    let res = app
        .post_json(
            "/api/notices/save",
            &json!({ "input": {
                "id": null, "title": d.title, "body": d.body, "office": "医政局", "issued_on": d.issued_on,
                "category": d.category, "audience": d.audience,
            }}),
            Some(admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res.body.parse().unwrap()
}

async fn publish(app: &TestApp, admin: &str, id: i32, at: &str) -> StatusCode {
    app.post_json("/api/notices/publish", &json!({ "input": { "id": id, "at": at } }), Some(admin)).await.status
}

async fn search(app: &TestApp, cookie: &str, q: &str) -> NoticePage {
    let res = app
        .post_json(
            "/api/notices/list",
            &json!({ "filter": { "q": q, "category": "", "from": "", "to": "", "page": 1 } }),
            Some(cookie),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{q}: {}", res.body);
    serde_json::from_str(&res.body).unwrap()
}

fn ids(page: &NoticePage) -> Vec<i32> {
    page.items.iter().map(|n| n.id).collect()
}

fn marked(page: &NoticePage, id: i32) -> Vec<String> {
    let item = page.items.iter().find(|n| n.id == id).unwrap();
    item.title.iter().chain(&item.snippet).filter(|s| s.hit).map(|s| s.text.clone()).collect()
}

#[tokio::test]
async fn japanese_queries_of_every_length_find_what_the_role_may_read() {
    let app = TestApp::new().await;
    let admin = app.login_cookie("DEMADM22").await;
    let clinic = app.login_cookie("DEMCLN22").await;
    let prefecture = app.login_cookie("DEMPRF22").await;
    let d = |title, body, audience| Draft { title, body, category: "notice", issued_on: day(12), audience };
    let beds = save(
        &app,
        &admin,
        d("重点医療機関の病床確保について", "各医療機関は確保病床数を報告してください。", FOR_FACILITIES),
    )
    .await;
    let masks = save(
        &app,
        &admin,
        d("医療物資の配布", "N95マスクとサージカルマスクを配布します。ログインIDで申請してください。", FOR_FACILITIES),
    )
    .await;
    let floor = save(&app, &admin, d("清掃のお願い", "病院の床は毎日清掃します。", FOR_FACILITIES)).await;
    let body_only = save(&app, &admin, d("研修の案内", "研修では病床の運用を扱います。", FOR_FACILITIES)).await;
    let scheduled = save(&app, &admin, d("来年の病床計画", "予約公開の通知です。", FOR_FACILITIES)).await;
    let withdrawn = save(&app, &admin, d("誤って出した病床の通知", "取り下げます。", FOR_FACILITIES)).await;
    let pref_only =
        save(&app, &admin, d("都道府県向け病床調整", "都道府県だけの通知です。", &[Role::Prefecture])).await;
    for id in [beds, masks, floor, body_only, withdrawn, pref_only] {
        assert_eq!(publish(&app, &admin, id, "").await, StatusCode::OK);
    }
    let next_month = local_time(&app, chrono::Duration::days(30));
    assert_eq!(publish(&app, &admin, scheduled, &next_month).await, StatusCode::OK);
    let res = app.post_form("/api/notices/withdraw", &format!("id={withdrawn}&reason=誤りのため"), Some(&admin)).await;
    assert_eq!(res.status, StatusCode::OK);

    // Two characters: the notices holding 「病床」, title matches first; not
    // the one with 病 and 床 apart, nor the scheduled, withdrawn or
    // prefecture-only ones.
    let page = search(&app, &clinic, "病床").await;
    let found = ids(&page);
    assert!(found.contains(&beds) && found.contains(&body_only), "{found:?}");
    for id in [floor, scheduled, withdrawn, pref_only] {
        assert!(!found.contains(&id), "{id} in {found:?}");
    }
    let pos = |id| found.iter().position(|x| *x == id).unwrap();
    assert!(pos(beds) < pos(body_only), "a title match ranks above a body match");
    assert_eq!(marked(&page, beds), vec!["病床", "病床"]);
    // The prefecture reads its own notice.
    assert!(ids(&search(&app, &prefecture, "病床").await).contains(&pref_only));

    // One character, a longer phrase, kana, half-width kana, ASCII in any
    // case, and a kana/ASCII mix.
    let found = ids(&search(&app, &clinic, "床").await);
    assert!(found.contains(&beds) && found.contains(&floor));
    // (The demo's 病床確保計画 notice says 確保病床数 too.)
    let found = ids(&search(&app, &clinic, "確保病床数").await);
    assert!(found.contains(&beds) && !found.contains(&body_only) && !found.contains(&floor), "{found:?}");
    assert!(ids(&search(&app, &clinic, "病床確保").await).contains(&beds));
    for q in ["マスク", "ﾏｽｸ", "ID", "id", "ＩＤ", "N95マスク", "サージカル"] {
        assert!(ids(&search(&app, &clinic, q).await).contains(&masks), "{q}");
    }
    assert_eq!(marked(&search(&app, &clinic, "id").await, masks), vec!["ID"]);
    // Every word must match.
    assert!(ids(&search(&app, &clinic, "病床 マスク").await).is_empty());
    let found = ids(&search(&app, &clinic, "配布 N95").await);
    assert!(found.contains(&masks) && !found.contains(&beds), "{found:?}");
    // Nothing searchable: said so, nothing listed.
    let page = search(&app, &clinic, "「」、。").await;
    assert!(page.query_empty && page.items.is_empty());
    // Operators typed by the user are just text.
    assert!(
        ids(&search(&app, &clinic, "病床\" OR \"*").await).iter().all(|id| [beds, body_only].contains(id) || *id <= 3)
    );

    // A search narrowed by category and issue dates keeps to what the role
    // may read.
    let admin_only =
        save(&app, &admin, Draft { category: "administrative", ..d("病床の事務連絡", "本文", &[Role::MinistryAdmin]) })
            .await;
    assert_eq!(publish(&app, &admin, admin_only, "").await, StatusCode::OK);
    let res = app
        .post_json(
            "/api/notices/list",
            &json!({ "filter": { "q": "病床", "category": "notice", "from": day(12), "to": day(12), "page": 1 } }),
            Some(&clinic),
        )
        .await;
    let mut listed = ids(&serde_json::from_str(&res.body).unwrap());
    listed.sort();
    assert_eq!(listed, vec![beds, body_only]);
    let res = app
        .post_json(
            "/api/notices/list",
            &json!({ "filter": { "q": "病床", "category": "administrative", "from": "", "to": "", "page": 1 } }),
            Some(&clinic),
        )
        .await;
    assert!(ids(&serde_json::from_str(&res.body).unwrap()).is_empty(), "administrators' notice hidden");
    let res = app
        .post_json(
            "/api/notices/list",
            &json!({ "filter": { "q": "病床", "category": "administrative", "from": "", "to": "", "page": 1 } }),
            Some(&admin),
        )
        .await;
    assert_eq!(ids(&serde_json::from_str(&res.body).unwrap()), vec![admin_only]);

    // Filters without a query: category and issue dates.
    let res = app
        .post_json(
            "/api/notices/list",
            &json!({ "filter": { "q": "", "category": "notice", "from": day(12), "to": day(12), "page": 1 } }),
            Some(&clinic),
        )
        .await;
    let page: NoticePage = serde_json::from_str(&res.body).unwrap();
    let mut listed = ids(&page);
    listed.sort();
    assert_eq!(listed, vec![beds, masks, floor, body_only]);
}

#[tokio::test]
async fn a_word_is_found_at_the_end_of_a_run_and_a_phrase_only_where_its_pieces_lie_in_a_row() {
    let app = TestApp::new().await;
    let admin = app.login_cookie("DEMADM22").await;
    let clinic = app.login_cookie("DEMCLN22").await;
    let d = |title, body| Draft { title, body, category: "notice", issued_on: day(3), audience: FOR_FACILITIES };
    // 「ワクチ」 and 「クチン」 both, but never 「ワクチン」.
    let apart = save(&app, &admin, d("予防の連絡", "ワクチ（略称）とクチン（別名）は別の語です。")).await;
    let whole = save(&app, &admin, d("ワクチン接種の案内", "会場を案内します。")).await;
    // Words that end a run of Japanese letters (before 。 and at the end).
    let ends = save(&app, &admin, d("備蓄の報告", "確保した病床。残りのマスク")).await;
    for id in [apart, whole, ends] {
        assert_eq!(publish(&app, &admin, id, "").await, StatusCode::OK);
    }
    let found = ids(&search(&app, &clinic, "ワクチン").await);
    assert!(found.contains(&whole) && !found.contains(&apart), "{found:?}");
    let found = ids(&search(&app, &clinic, "クチ").await);
    assert!(found.contains(&whole) && found.contains(&apart), "{found:?}");
    for q in ["病床", "床", "マスク", "スク", "ク", "確保した病床"] {
        assert!(ids(&search(&app, &clinic, q).await).contains(&ends), "{q}");
    }
    assert!(!ids(&search(&app, &clinic, "病床残").await).contains(&ends), "not across 。");
}

#[tokio::test]
async fn notices_without_search_terms_get_them_when_the_server_starts() {
    use sea_orm::ConnectionTrait;
    // As after a migration that changed the form of the terms and emptied
    // the index.
    let app = TestApp::new().await;
    let clinic = app.login_cookie("DEMCLN22").await;
    let before = search(&app, &clinic, "病床").await;
    assert!(before.total > 0);
    app.db.execute_unprepared("DELETE FROM notice_search").await.unwrap();
    assert_eq!(search(&app, &clinic, "病床").await.total, 0);
    let restarted = app.another_instance().await;
    assert_eq!(ids(&search(&restarted, &clinic, "病床").await), ids(&before));
}

#[tokio::test]
async fn new_notices_are_unread_on_the_home_page_until_opened_and_withdrawn_ones_say_so() {
    let app = TestApp::new().await;
    let admin = app.login_cookie("DEMADM22").await;
    let clinic = app.login_cookie("DEMCLN22").await;
    let home = |cookie: String| {
        let app = &app;
        async move {
            let res = app.post_form("/api/notices/home", "", Some(&cookie)).await;
            serde_json::from_str::<HomeNotices>(&res.body).unwrap()
        }
    };
    let before = home(clinic.clone()).await;
    let body = "# 概要\n<script>alert('x')</script>\n[押す](javascript:alert(1))\n- 一つ目";
    let id = save(
        &app,
        &admin,
        Draft { title: "新しい通知", body, category: "system", issued_on: day(0), audience: &[Role::Facility] },
    )
    .await;
    assert_eq!(home(clinic.clone()).await.unread, before.unread, "a draft is not shown");
    assert_eq!(publish(&app, &admin, id, "").await, StatusCode::OK);
    let after = home(clinic.clone()).await;
    assert_eq!(after.unread, before.unread + 1);
    assert_eq!(after.items[0].id, id);
    assert!(after.items[0].unread);

    let res = app.post_form("/api/notices/get", &format!("id={id}"), Some(&clinic)).await;
    let detail: NoticeDetail = serde_json::from_str(&res.body).unwrap();
    assert_eq!(detail.status, Status::Published);
    assert!(detail.source.is_none(), "users do not get the editor's fields");
    let read = home(clinic.clone()).await;
    assert_eq!(read.unread, before.unread);
    assert!(!read.items[0].unread);

    // The page shows the script as text and links nowhere dangerous.
    let page = app.get(&format!("/notices/{id}"), Some(&clinic)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("&lt;script&gt;alert"), "{}", page.body);
    assert!(!page.body.contains("<script>alert") && !page.body.contains("href=\"javascript:"));

    // An aggregator is not in the audience: not found, like a notice that
    // does not exist.
    let agg = app.login_cookie("DEMAGG22").await;
    let res = app.post_form("/api/notices/get", &format!("id={id}"), Some(&agg)).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);

    let res =
        app.post_form("/api/notices/withdraw", &format!("id={id}&reason=内容に誤りがありました"), Some(&admin)).await;
    assert_eq!(res.status, StatusCode::OK);
    let res = app.post_form("/api/notices/get", &format!("id={id}"), Some(&clinic)).await;
    let detail: NoticeDetail = serde_json::from_str(&res.body).unwrap();
    assert_eq!(detail.status, Status::Withdrawn);
    assert!(detail.blocks.is_empty());
    assert_eq!(detail.withdrawn_reason.as_deref(), Some("内容に誤りがありました"));
    assert!(home(clinic.clone()).await.items.iter().all(|n| n.id != id), "withdrawn: off the home page");
    // Withdrawing twice, or publishing a withdrawn notice: refused.
    let res = app.post_form("/api/notices/withdraw", &format!("id={id}&reason=再度"), Some(&admin)).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert_eq!(publish(&app, &admin, id, "").await, StatusCode::CONFLICT);
    // A past time is not a schedule.
    let other = save(
        &app,
        &admin,
        Draft { title: "予約", body: "本文", category: "system", issued_on: day(0), audience: &[Role::Facility] },
    )
    .await;
    let yesterday = local_time(&app, -chrono::Duration::days(1));
    assert_eq!(publish(&app, &admin, other, &yesterday).await, StatusCode::UNPROCESSABLE_ENTITY);

    let actions = app.audit_actions().await;
    for a in ["notice.created", "notice.published", "notice.withdrawn"] {
        assert!(actions.iter().any(|x| x == a), "{a} in {actions:?}");
    }
}

/// Whether the home page of the user of `cookie` on instance `app` lists `title`.
async fn home_lists(app: &TestApp, cookie: &str, title: &str) -> bool {
    let page = app.get("/", Some(cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("home-notices-heading"), "{}", page.body);
    page.body.contains(title)
}

#[tokio::test]
async fn publishing_withdrawing_and_scheduled_notices_reach_the_home_page_of_every_instance() {
    use app::server::notices::newest::TTL;
    let one = TestApp::new().await;
    // Another instance on the same database, as when several `gmis serve`
    // share one PostgreSQL; sessions are in the database, so one login
    // serves both.
    let two = one.another_instance().await;
    let admin = one.login_cookie("DEMADM22").await;
    let clinic = one.login_cookie("DEMCLN22").await;
    let title = "臨時の病床調査について";
    let d =
        Draft { title, body: "本文です。", category: "notice", issued_on: day(0), audience: &[Role::Facility] };
    let id = save(&one, &admin, d).await;
    // Both instances show their home page (and keep what they read).
    assert!(!home_lists(&one, &clinic, title).await, "a draft is not shown");
    assert!(!home_lists(&two, &clinic, title).await);

    // Published on one instance: there at once, on the other within the
    // documented bound.
    assert_eq!(publish(&one, &admin, id, "").await, StatusCode::OK);
    assert!(home_lists(&one, &clinic, title).await, "published here: shown at once");
    two.clock().advance(TTL);
    assert!(home_lists(&two, &clinic, title).await, "published elsewhere: shown within {TTL}");

    // Withdrawn on the other instance: gone there at once, here within the bound.
    let res = two.post_form("/api/notices/withdraw", &format!("id={id}&reason=誤りのため"), Some(&admin)).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(!home_lists(&two, &clinic, title).await, "withdrawn here: gone at once");
    one.clock().advance(TTL);
    assert!(!home_lists(&one, &clinic, title).await, "withdrawn elsewhere: gone within {TTL}");

    // Scheduled: shown on both instances at its time, even when each read
    // the home page just before it.
    let title = "来月からの入院調整の運用";
    let d = Draft {
        title, body: "予約公開です。", category: "notice", issued_on: day(0), audience: &[Role::Facility]
    };
    let id = save(&one, &admin, d).await;
    let at_input = local_time(&one, chrono::Duration::minutes(30));
    assert_eq!(publish(&one, &admin, id, &at_input).await, StatusCode::OK);
    let at = app::domain::maintenance::parse_local(&at_input).unwrap();
    for app in [&one, &two] {
        app.clock().set(at - chrono::Duration::seconds(2));
        assert!(!home_lists(app, &clinic, title).await, "not before its time");
    }
    for app in [&one, &two] {
        app.clock().set(at);
        assert!(home_lists(app, &clinic, title).await, "shown at its time");
    }
}

#[tokio::test]
async fn the_editor_refuses_bad_input_field_by_field_and_changes_nothing() {
    let app = TestApp::new().await;
    let admin = app.login_cookie("DEMADM22").await;
    let res = app
        .post_json(
            "/api/notices/save",
            &json!({ "input": { "id": null, "title": " ", "body": "", "office": "医政局", "issued_on": "2026-02-30",
                "category": "x", "audience": [] }}),
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    for text in
        ["件名を入力してください。", "本文を入力してください。", "発出日を年-月-日で入力してください。", "対象の利用者"]
    {
        assert!(res.body.contains(text), "{text}: {}", res.body);
    }
    let res = app
        .post_json(
            "/api/notices/manage",
            &json!({ "filter": { "q": "", "category": "", "from": "", "to": "", "page": 1 } }),
            Some(&admin),
        )
        .await;
    let page: NoticePage = serde_json::from_str(&res.body).unwrap();
    assert_eq!(page.total, 3, "only the demo's notices");
}

#[tokio::test]
async fn attachments_are_checked_by_content_and_served_only_to_the_audience() {
    let app = TestApp::new().await;
    let admin = app.login_cookie("DEMADM22").await;
    let clinic = app.login_cookie("DEMCLN22").await;
    let id = save(
        &app,
        &admin,
        Draft {
            title: "様式の送付",
            body: "様式を添付します。",
            category: "notice",
            issued_on: day(0),
            audience: &[Role::Facility],
        },
    )
    .await;
    let notice = id.to_string();
    let pdf = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n".as_slice();
    let res = app
        .post_multipart("/api/notices/attach", &[("notice", &notice)], Some(("様式 第1号.pdf", pdf)), Some(&admin))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let attached: app::domain::attachments::AttachmentRef = serde_json::from_str(&res.body).unwrap();

    // A program renamed to .pdf, an empty file, a too-big file: refused with
    // a message on the file, nothing stored.
    let exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff".as_slice();
    let res =
        app.post_multipart("/api/notices/attach", &[("notice", &notice)], Some(("通知.pdf", exe)), Some(&admin)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("PDFと画像"), "{}", res.body);
    let res =
        app.post_multipart("/api/notices/attach", &[("notice", &notice)], Some(("a.pdf", b"")), Some(&admin)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let big = [b"%PDF-".as_slice(), &vec![b'x'; app::domain::attachments::MAX_BYTES]].concat();
    let res =
        app.post_multipart("/api/notices/attach", &[("notice", &notice)], Some(("big.pdf", &big)), Some(&admin)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("大きすぎます"));
    // Not a multipart body at all.
    let res = app.post_form("/api/notices/attach", &format!("notice={id}"), Some(&admin)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let res = app.post_form("/api/notices/edit", &format!("id={id}"), Some(&admin)).await;
    let detail: NoticeDetail = serde_json::from_str(&res.body).unwrap();
    assert_eq!(detail.attachments.len(), 1);

    // Not published yet: the clinic cannot fetch it (audited), the admin can.
    let path = format!("/attachments/{}", attached.id);
    assert_eq!(app.get(&path, Some(&clinic)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get(&path, Some(&admin)).await.status, StatusCode::OK);
    assert_eq!(publish(&app, &admin, id, "").await, StatusCode::OK);
    let res = app.get(&path, Some(&clinic)).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.header("content-type"), Some("application/pdf"));
    assert_eq!(
        res.header("content-disposition"),
        Some("attachment; filename=\"____1_.pdf\"; filename*=UTF-8''%E6%A7%98%E5%BC%8F%20%E7%AC%AC1%E5%8F%B7.pdf")
    );
    assert_eq!(res.header("x-content-type-options"), Some("nosniff"));
    assert!(res.header("cache-control").unwrap().contains("no-store"));
    assert!(res.body.starts_with("%PDF-1.7"));
    // Outside the audience, no session, or no such file: refused.
    let agg = app.login_cookie("DEMAGG22").await;
    assert_eq!(app.get(&path, Some(&agg)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get("/attachments/9999", Some(&clinic)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get(&path, None).await.status, StatusCode::SEE_OTHER);
    let denied = app.audit_actions().await.iter().filter(|a| *a == "access.denied").count();
    assert!(denied >= 3, "{denied}");

    let res = app.post_form("/api/notices/detach", &format!("id={}", attached.id), Some(&admin)).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(app.get(&path, Some(&clinic)).await.status, StatusCode::FORBIDDEN);
}

/// The whole editor with JavaScript off: each form posts as it is and comes
/// back with what was done, or — when nothing was saved — with what was
/// typed and the shared check's messages.
#[tokio::test]
async fn the_editor_works_without_javascript_and_nothing_typed_is_lost() {
    use app::server::entities::notice;
    use sea_orm::EntityTrait;
    let app = TestApp::new().await;
    let admin = app.login_cookie("DEMADM22").await;
    let page = app.get("/admin/notices/new", Some(&admin)).await;
    assert!(
        page.body.contains(r#"action="/admin/notices/save""#) && page.body.contains(r#"name="title""#),
        "the form posts as it is"
    );

    // No title: nothing saved, back with what was typed and its messages.
    let form = |title: &str, body: &str| {
        serde_urlencoded::to_string([
            ("id", ""),
            ("title", title),
            ("body", body),
            ("office", "医政局 & 健康局"),
            ("issued_on", &day(0)),
            ("category", "notice"),
            ("audience", "facility"),
            ("audience", "prefecture"),
        ])
        .unwrap()
    };
    let count = || async { notice::Entity::find().all(&app.db).await.unwrap().len() };
    let before = count().await;
    let res = app.post_form("/admin/notices/save", &form("", "本文 </textarea><b>太字</b>"), Some(&admin)).await;
    let back = res.location().expect("redirected").to_owned();
    assert!(back.starts_with("/admin/notices/new?invalid=save&"), "{back}");
    assert_eq!(count().await, before, "nothing saved");
    let page = app.get(&back, Some(&admin)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("件名を入力してください。"), "the message");
    assert!(page.body.contains(">本文 &lt;/textarea&gt;&lt;b&gt;太字&lt;/b&gt;</textarea>"), "the body kept, escaped");
    assert!(page.body.contains(r#"value="医政局 &amp; 健康局""#), "the office kept");
    assert!(page.body.contains(r#"value="facility" checked"#), "the audience kept");

    // A body too long for an address: a page of its own with the text.
    let long = "あ".repeat(60_000);
    let res = app.post_form("/admin/notices/save", &form("長い通知", &long), Some(&admin)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains(&long) && res.body.contains("保存されていません"), "the text to copy");
    assert_eq!(count().await, before, "nothing saved");

    // Saved as a draft, then changed.
    let res = app.post_form("/admin/notices/save", &form("病床確保のお願い", "本文"), Some(&admin)).await;
    let created = res.location().expect("redirected").to_owned();
    let id: i32 = created.trim_start_matches("/admin/notices/").split('?').next().unwrap().parse().unwrap();
    assert_eq!(created, format!("/admin/notices/{id}?created=1"));
    let page = app.get(&created, Some(&admin)).await;
    assert!(page.body.contains("下書きを作成しました"), "the notice of the page");
    assert!(page.body.contains(r#"value="病床確保のお願い""#), "the saved title");
    let change = form("病床確保のお願い（改）", "本文").replacen("id=", &format!("id={id}"), 1);
    let res = app.post_form("/admin/notices/save", &change, Some(&admin)).await;
    assert_eq!(res.location(), Some(format!("/admin/notices/{id}?done=saved").as_str()));
    assert_eq!(notice::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap().title, "病床確保のお願い（改）");

    // A publication in the past is refused; then scheduled.
    let past = local_time(&app, chrono::Duration::hours(-1));
    let res = app.post_form("/admin/notices/publish", &format!("id={id}&at={past}"), Some(&admin)).await;
    let back = res.location().expect("redirected").to_owned();
    assert!(back.starts_with(&format!("/admin/notices/{id}?invalid=publish&at=")), "{back}");
    let page = app.get(&back, Some(&admin)).await;
    assert!(page.body.contains(&format!(r#"value="{past}""#)), "the time kept");
    let later = local_time(&app, chrono::Duration::days(2));
    let res = app.post_form("/admin/notices/publish", &format!("id={id}&at={later}"), Some(&admin)).await;
    let back = res.location().expect("redirected").to_owned();
    assert!(back.starts_with(&format!("/admin/notices/{id}?done=scheduled")), "{back}");
    let page = app.get(&back, Some(&admin)).await;
    assert!(page.body.contains("に公開されます。"), "the notice of the page");

    // An attachment, refused and accepted, then removed.
    let notice_id = id.to_string();
    let fields = [("notice", notice_id.as_str())];
    let exe = b"MZ\x90\x00 not a pdf".as_slice();
    let res = app.post_multipart_as_browser("/api/notices/attach", &fields, Some(("a.pdf", exe)), Some(&admin)).await;
    assert_eq!(res.location(), Some(format!("/admin/notices/{id}?invalid=attach").as_str()), "{}", res.body);
    let page = app.get(&format!("/admin/notices/{id}?invalid=attach"), Some(&admin)).await;
    assert!(page.body.contains("添付できませんでした"), "what is accepted");
    let pdf = b"%PDF-1.4 no-js".as_slice();
    let res =
        app.post_multipart_as_browser("/api/notices/attach", &fields, Some(("様式.pdf", pdf)), Some(&admin)).await;
    assert_eq!(res.location(), Some(format!("/admin/notices/{id}?done=attached").as_str()), "{}", res.body);
    let attached = || async {
        use app::server::entities::attachment;
        use sea_orm::{ColumnTrait, QueryFilter};
        attachment::Entity::find().filter(attachment::Column::NoticeId.eq(id)).all(&app.db).await.unwrap()
    };
    let attachment = attached().await[0].id;
    let page = app.get(&format!("/admin/notices/{id}"), Some(&admin)).await;
    assert!(page.body.contains("様式.pdf") && page.body.contains(r#"action="/admin/notices/detach""#));
    let res = app.post_form("/admin/notices/detach", &format!("id={id}&attachment={attachment}"), Some(&admin)).await;
    assert_eq!(res.location(), Some(format!("/admin/notices/{id}?done=removed").as_str()));
    assert!(attached().await.is_empty(), "removed");

    // Withdrawn: a reason is needed; twice is stale.
    let res = app.post_form("/admin/notices/withdraw", &format!("id={id}&reason=+"), Some(&admin)).await;
    assert!(res.location().unwrap().starts_with(&format!("/admin/notices/{id}?invalid=withdraw")));
    let res = app.post_form("/admin/notices/withdraw", &format!("id={id}&reason=誤り"), Some(&admin)).await;
    assert_eq!(res.location(), Some(format!("/admin/notices/{id}?done=withdrawn").as_str()));
    let res = app.post_form("/admin/notices/withdraw", &format!("id={id}&reason=再度"), Some(&admin)).await;
    assert_eq!(res.location(), Some(format!("/admin/notices/{id}?stale=1").as_str()));
    let page = app.get(&format!("/admin/notices/{id}?stale=1"), Some(&admin)).await;
    assert!(page.body.contains("すでに取り下げられています"));
}

/// The mails about new notices written so far: (to, subject, body).
async fn notice_mails(app: &TestApp) -> Vec<(String, String, String)> {
    use app::server::entities::mail;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    mail::Entity::find()
        .filter(mail::Column::Subject.starts_with("【G-MIS】新しい通知文書"))
        .order_by_asc(mail::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|m| (m.to_address, m.subject, m.body))
        .collect()
}

#[tokio::test]
async fn those_who_ask_are_mailed_once_when_a_notice_for_their_role_is_published() {
    use app::server::notice_mail::run_due;
    let app = TestApp::new().await;
    let admin = app.login_cookie("DEMADM22").await;
    let clinic = app.login_cookie("DEMCLN22").await;
    let desk = app.login_cookie("DEMHLP22").await;
    let t = app::i18n::t().notices();

    // The clinic asks without JavaScript, the helpdesk with; the prefecture
    // does not ask. A value the form cannot send is refused, nothing changed.
    let res = app.post_form_as_browser("/api/account/notice_mail/set", "on=1", Some(&clinic)).await;
    assert_eq!(res.location(), Some("/account?notice_mail=on#notice-mail-heading"));
    let page = app.get("/account?notice_mail=on", Some(&clinic)).await.body;
    assert!(page.contains(t.mail_pref_on), "the page says so");
    assert!(page.contains(r#"name="on" value="1" checked"#), "and the box stays ticked");
    assert_eq!(app.post_form("/api/account/notice_mail/set", "on=1", Some(&desk)).await.status, StatusCode::OK);
    let res = app.post_form("/api/account/notice_mail/set", "on=yes", Some(&desk)).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    let res = app.post_form("/api/account/notice_mail", "", Some(&desk)).await;
    assert_eq!(res.body, r#"{"on":true,"has_email":true}"#);
    assert_eq!(app.post_form("/api/account/notice_mail/set", "", None).await.status, StatusCode::UNAUTHORIZED);

    // Nothing old is mailed.
    assert_eq!(run_due(&app.state.app, app.now()).await.unwrap().mails, 0);

    // A notice for facilities, scheduled an hour ahead: nothing before its
    // time, then one mail to the clinic (the helpdesk is not its audience).
    let title = "年末年始の報告について <重要>";
    let d =
        Draft { title, body: "本文です。", category: "notice", issued_on: day(0), audience: &[Role::Facility] };
    let id = save(&app, &admin, d).await;
    assert_eq!(publish(&app, &admin, id, &local_time(&app, chrono::Duration::hours(1))).await, StatusCode::OK);
    assert_eq!(run_due(&app.state.app, app.now()).await.unwrap().mails, 0);
    assert!(notice_mails(&app).await.is_empty());
    app.clock().advance(chrono::Duration::minutes(61));
    // However many instances run the job, each notice is mailed once: both
    // find it due while its row is held (SQLite: the one writer; PostgreSQL:
    // a row lock), then race to claim it.
    let other = app.another_instance().await;
    let hold = if app.db.get_database_backend() == sea_orm::DbBackend::Sqlite {
        app.state.app.writer.begin().await.unwrap()
    } else {
        let txn = sea_orm::TransactionTrait::begin(&app.db).await.unwrap();
        let lock = format!("SELECT id FROM notices WHERE id = {id} FOR UPDATE");
        sea_orm::ConnectionTrait::execute_unprepared(&txn, &lock).await.unwrap();
        txn
    };
    let release = async {
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        hold.commit().await.unwrap();
    };
    let (a, b, ()) = tokio::join!(run_due(&app.state.app, app.now()), run_due(&other.state.app, app.now()), release);
    assert_eq!(a.unwrap().mails + b.unwrap().mails, 1);
    assert_eq!(run_due(&app.state.app, app.now()).await.unwrap().mails, 0);
    let mails = notice_mails(&app).await;
    assert_eq!(mails.len(), 1, "{mails:?}");
    let (to, subject, body) = &mails[0];
    assert_eq!(to, "demcln22@demo.gmis.example");
    assert_eq!(subject, &format!("【G-MIS】新しい通知文書: {title}"));
    assert!(body.contains(&format!("/notices/{id}")) && body.contains("/account"), "{body}");

    // A notice withdrawn before its time is never mailed; one for everyone
    // reaches the helpdesk too; one turned off is not mailed.
    let d = Draft {
        title: "取り下げる通知",
        body: "本文",
        category: "notice",
        issued_on: day(0),
        audience: &[Role::Facility],
    };
    let withdrawn = save(&app, &admin, d).await;
    publish(&app, &admin, withdrawn, &local_time(&app, chrono::Duration::hours(1))).await;
    let res = app.post_form("/api/notices/withdraw", &format!("id={withdrawn}&reason=誤り"), Some(&admin)).await;
    assert_eq!(res.status, StatusCode::OK);
    let res = app.post_form_as_browser("/api/account/notice_mail/set", "", Some(&clinic)).await;
    assert_eq!(res.location(), Some("/account?notice_mail=off#notice-mail-heading"));
    let everyone = &[
        Role::Facility,
        Role::Aggregator,
        Role::ConsultationCentre,
        Role::Municipality,
        Role::Prefecture,
        Role::Helpdesk,
        Role::MinistryAdmin,
    ];
    let d = Draft {
        title: "全員への通知", body: "本文", category: "notice", issued_on: day(0), audience: everyone
    };
    let all = save(&app, &admin, d).await;
    assert_eq!(publish(&app, &admin, all, "").await, StatusCode::OK);
    app.clock().advance(chrono::Duration::hours(2));
    assert_eq!(run_due(&app.state.app, app.now()).await.unwrap().mails, 1);
    let mails = notice_mails(&app).await;
    assert_eq!(mails.len(), 2);
    assert_eq!(
        (mails[1].0.as_str(), mails[1].1.as_str()),
        ("demhlp22@demo.gmis.example", "【G-MIS】新しい通知文書: 全員への通知")
    );
}
