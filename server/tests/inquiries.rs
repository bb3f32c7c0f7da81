//! Inquiries through the real router, on SQLite and PostgreSQL: a clinic
//! asks with a screenshot, the helpdesk takes it, answers, asks back and
//! resolves, the clinic is mailed each time and replies in the thread; who
//! sees what; refused steps change nothing; an answer becomes a FAQ entry
//! users find before asking.

// Test helpers outside #[test] functions fail loudly on purpose.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use app::domain::inquiries::{Faq, InquirySummary, InquiryView, Queue, Status};
use app::server::entities::{inquiry, mail};
use common::TestApp;
use http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

async fn open(app: &TestApp, cookie: &str, subject: &str, file: Option<(&str, &[u8])>) -> (StatusCode, String) {
    let fields = [
        ("category", "login"),
        ("subject", subject),
        ("body", "パスワードの再設定メールが届きません。"),
        ("page", "/reports"),
    ];
    let res = app.post_multipart("/api/inquiries/open", &fields, file, Some(cookie)).await;
    (res.status, res.body)
}

async fn step(app: &TestApp, cookie: &str, id: i32, step: &str, message: &str, revision: i32) -> (StatusCode, String) {
    let res = app
        .post_json(
            "/api/inquiries/step",
            &json!({ "input": { "id": id, "step": step, "message": message, "revision": revision } }),
            Some(cookie),
        )
        .await;
    (res.status, res.body)
}

async fn view(app: &TestApp, cookie: &str, id: i32) -> InquiryView {
    let res = app.post_form("/api/inquiries/get", &format!("id={id}"), Some(cookie)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    serde_json::from_str(&res.body).unwrap()
}

async fn mails_to(app: &TestApp, address: &str) -> Vec<mail::Model> {
    mail::Entity::find().filter(mail::Column::ToAddress.eq(address)).all(&app.db).await.unwrap()
}

#[tokio::test]
async fn an_inquiry_goes_to_the_helpdesk_and_back_with_a_mail_for_each_answer() {
    let app = TestApp::new().await;
    let clinic = app.login_cookie("DEMCLN22").await;
    let helpdesk = app.login_cookie("DEMHLP22").await;
    let (status, body) = open(&app, &clinic, "パスワードを再設定できない", Some(("画面.png", PNG))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let id: i32 = body.parse().unwrap();

    let mine: Vec<InquirySummary> =
        serde_json::from_str(&app.post_form("/api/inquiries/mine", "", Some(&clinic)).await.body).unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!((mine[0].id, mine[0].status), (id, Status::New));

    // The queue: new ones by default, filtered by category and prefecture.
    let queue = |filter: serde_json::Value| {
        let (app, helpdesk) = (&app, helpdesk.clone());
        async move {
            let res = app.post_json("/api/inquiries/queue", &json!({ "filter": filter }), Some(&helpdesk)).await;
            serde_json::from_str::<Queue>(&res.body).unwrap()
        }
    };
    let q = queue(json!({ "status": "", "category": "", "prefecture": "", "mine": false })).await;
    assert_eq!(q.items.iter().map(|i| i.id).collect::<Vec<_>>(), vec![id]);
    assert_eq!(q.items[0].prefecture.as_deref(), Some("東京都"));
    assert_eq!(q.items[0].opened_by, "千代田内科クリニック");
    assert!(
        queue(json!({ "status": "", "category": "supplies", "prefecture": "", "mine": false })).await.items.is_empty()
    );
    assert!(queue(json!({ "status": "", "category": "", "prefecture": "27", "mine": false })).await.items.is_empty());
    assert_eq!(
        queue(json!({ "status": "", "category": "login", "prefecture": "13", "mine": false })).await.items.len(),
        1
    );

    let v = view(&app, &helpdesk, id).await;
    assert!(v.helpdesk && !v.own);
    assert_eq!(v.page.as_deref(), Some("/reports"));
    assert_eq!(v.attachments.len(), 1);
    assert_eq!(v.attachments[0].name, "画面.png");
    let shot = app.get(&v.attachments[0].href(), Some(&helpdesk)).await;
    assert_eq!((shot.status, shot.header("content-type")), (StatusCode::OK, Some("image/png")));

    let (s, _) = step(&app, &helpdesk, id, "Assign", "", 0).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(queue(json!({ "status": "", "category": "", "prefecture": "", "mine": true })).await.items.len(), 1);
    let (s, b) = step(&app, &helpdesk, id, "Answer", "迷惑メールフォルダをご確認ください。", 1).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let v = view(&app, &clinic, id).await;
    assert_eq!(v.summary.status, Status::Answered);
    assert_eq!(v.summary.assignee.as_deref(), Some("G-MIS ヘルプデスク"));
    assert_eq!(v.messages.len(), 1);
    assert!(v.messages[0].from_helpdesk && v.messages[0].author.starts_with("ヘルプデスク"));
    let mails = mails_to(&app, "demcln22@demo.gmis.example").await;
    assert_eq!(mails.len(), 1);
    assert!(mails[0].subject.contains(&format!("番号 {id}")) && mails[0].subject.contains("回答"));
    assert!(mails[0].body.contains("迷惑メールフォルダ") && mails[0].body.contains(&format!("/inquiries/{id}")));

    // The clinic answers in the thread: back in front of the helpdesk.
    let (s, _) = step(&app, &clinic, id, "UserReply", "迷惑メールにもありませんでした。", 2).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(view(&app, &clinic, id).await.summary.status, Status::InProgress);
    let (s, _) = step(&app, &helpdesk, id, "AskBack", "登録のメールアドレスを教えてください。", 3).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(view(&app, &clinic, id).await.summary.status, Status::AwaitingUser);
    let (s, _) = step(&app, &helpdesk, id, "Resolve", "", 4).await;
    assert_eq!(s, StatusCode::OK);
    let mails = mails_to(&app, "demcln22@demo.gmis.example").await;
    assert_eq!(mails.len(), 3, "answer, ask back and resolution are mailed; assignment is not");

    // Resolved: the helpdesk cannot answer it; the clinic's reply reopens it.
    let (s, b) = step(&app, &helpdesk, id, "Answer", "追記", 5).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(b.contains("解決済み"));
    let (s, _) = step(&app, &clinic, id, "UserReply", "まだ届きません。", 5).await;
    assert_eq!(s, StatusCode::OK);
    let v = view(&app, &clinic, id).await;
    assert_eq!(v.summary.status, Status::InProgress);
    assert_eq!(v.messages.len(), 5);

    let actions = app.audit_actions().await;
    assert!(actions.iter().any(|a| a == "inquiry.opened"));
    assert_eq!(actions.iter().filter(|a| *a == "inquiry.step").count(), 6);
}

#[tokio::test]
async fn refused_steps_change_nothing() {
    let app = TestApp::new().await;
    let clinic = app.login_cookie("DEMCLN22").await;
    let hospital = app.login_cookie("DEMHSP22").await;
    let helpdesk = app.login_cookie("DEMHLP22").await;
    let (_, body) = open(&app, &clinic, "報告の修正", None).await;
    let id: i32 = body.parse().unwrap();
    let before = inquiry::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();

    // Another facility: neither reads nor writes it (audited, same answer as
    // for an inquiry that does not exist).
    let res = app.post_form("/api/inquiries/get", &format!("id={id}"), Some(&hospital)).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(app.post_form("/api/inquiries/get", "id=999", Some(&hospital)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(step(&app, &hospital, id, "UserReply", "横から", 0).await.0, StatusCode::FORBIDDEN);
    // The user cannot take the helpdesk's steps on their own inquiry.
    assert_eq!(step(&app, &clinic, id, "Answer", "自分で回答", 0).await.0, StatusCode::FORBIDDEN);
    assert_eq!(step(&app, &clinic, id, "Resolve", "", 0).await.0, StatusCode::FORBIDDEN);
    // An empty answer; a stale revision (someone answered meanwhile).
    let (s, b) = step(&app, &helpdesk, id, "Answer", "  ", 0).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(b.contains("メッセージを入力してください。"));
    assert_eq!(step(&app, &helpdesk, id, "Answer", "古い画面から", 7).await.0, StatusCode::CONFLICT);
    let after = inquiry::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
    assert_eq!(before, after);
    assert!(mails_to(&app, "demcln22@demo.gmis.example").await.is_empty());
    let denied = app.audit_actions().await.iter().filter(|a| *a == "access.denied").count();
    assert_eq!(denied, 5);

    // Opening with a renamed program, or without a subject: nothing opened.
    let exe = b"MZ\x90\x00\x03\x00\x00\x00".as_slice();
    let (s, b) = open(&app, &clinic, "添付あり", Some(("screenshot.png", exe))).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(b.contains("PDFと画像"), "{b}");
    let (s, b) = open(&app, &clinic, "  ", None).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(b.contains("件名を入力してください。"));
    assert_eq!(inquiry::Entity::find().count(&app.db).await.unwrap(), 1);
}

#[tokio::test]
async fn an_association_sees_its_own_inquiries_and_its_members_do_not() {
    let app = TestApp::new().await;
    let agg = app.login_cookie("DEMAGG22").await;
    let clinic = app.login_cookie("DEMCLN22").await;
    let admin = app.login_cookie("DEMADM22").await;
    let (_, body) = open(&app, &agg, "会員の代理入力について", None).await;
    let id: i32 = body.parse().unwrap();
    assert_eq!(view(&app, &agg, id).await.summary.prefecture.as_deref(), Some("東京都"));
    assert!(view(&app, &admin, id).await.helpdesk, "ministry administrators work the queue too");
    assert_eq!(
        app.post_form("/api/inquiries/get", &format!("id={id}"), Some(&clinic)).await.status,
        StatusCode::FORBIDDEN
    );
    let mine: Vec<InquirySummary> =
        serde_json::from_str(&app.post_form("/api/inquiries/mine", "", Some(&clinic)).await.body).unwrap();
    assert!(mine.is_empty());
    // Only the helpdesk and administrators see the queue.
    let res = app
        .post_json(
            "/api/inquiries/queue",
            &json!({ "filter": { "status": "all", "category": "", "prefecture": "", "mine": false } }),
            Some(&agg),
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
}

/// Opens an inquiry about facility `about` (its id as the form sends it).
async fn open_about(app: &TestApp, cookie: &str, about: &str) -> (StatusCode, String) {
    let fields = [
        ("category", "reporting"),
        ("subject", "会員の報告について"),
        ("body", "昨日の報告を訂正したい。"),
        ("page", "/reports/members"),
        ("about", about),
    ];
    let res = app.post_multipart("/api/inquiries/open", &fields, None, Some(cookie)).await;
    (res.status, res.body)
}

async fn facility_id(app: &TestApp, name: &str) -> i32 {
    use app::server::entities::facility;
    facility::Entity::find().filter(facility::Column::Name.eq(name)).one(&app.db).await.unwrap().expect(name).id
}

#[tokio::test]
async fn an_association_asks_about_a_named_member_and_only_about_its_members() {
    let app = TestApp::new().await;
    let agg = app.login_cookie("DEMAGG22").await;
    let helpdesk = app.login_cookie("DEMHLP22").await;
    let member = facility_id(&app, "新宿こどもクリニック").await;
    let stranger = facility_id(&app, "東京中央病院").await;

    // The form offers the association's members today, and only to it.
    let choices = app.post_form("/api/inquiries/about_choices", "", Some(&agg)).await;
    let choices: Vec<(i32, String)> = serde_json::from_str(&choices.body).unwrap();
    let names: Vec<&str> = choices.iter().map(|(_, n)| n.as_str()).collect();
    assert!(names.contains(&"新宿こどもクリニック") && names.contains(&"神楽坂ファミリークリニック"), "{names:?}");
    assert!(!names.contains(&"東京中央病院"));
    let page = app.get("/inquiries/new", Some(&agg)).await;
    assert!(page.body.contains("どの医療機関についてのお問い合わせですか"), "the choice is in the first HTML");
    let clinic = app.login_cookie("DEMCLN22").await;
    assert!(!app.get("/inquiries/new", Some(&clinic)).await.body.contains("どの医療機関について"));

    let (status, body) = open_about(&app, &agg, &member.to_string()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let id: i32 = body.parse().unwrap();
    let seen = view(&app, &helpdesk, id).await;
    assert_eq!(seen.summary.about.as_deref(), Some("新宿こどもクリニック"));
    assert!(app.get(&format!("/inquiries/{id}"), Some(&helpdesk)).await.body.contains("新宿こどもクリニック"));
    let queue = app
        .post_json(
            "/api/inquiries/queue",
            &json!({ "filter": { "status": "all", "category": "", "prefecture": "", "mine": false } }),
            Some(&helpdesk),
        )
        .await;
    let queue: Queue = serde_json::from_str(&queue.body).unwrap();
    let listed = queue.items.iter().find(|i| i.id == id).expect("in the queue");
    assert_eq!(listed.about.as_deref(), Some("新宿こどもクリニック"));
    assert_eq!(view(&app, &agg, id).await.summary.about.as_deref(), Some("新宿こどもクリニック"));

    // Not a member, not a number, or not an association: refused, nothing saved.
    let before = inquiry::Entity::find().count(&app.db).await.unwrap();
    for (cookie, about, message) in [
        (&agg, stranger.to_string(), "現在この団体の会員ではありません"),
        (&agg, "abc".to_owned(), "一覧から選んでください"),
        (&clinic, member.to_string(), "一覧から選んでください"),
    ] {
        let (status, body) = open_about(&app, cookie, &about).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{about}: {body}");
        assert!(body.contains(message), "{about}: {body}");
    }
    assert_eq!(inquiry::Entity::find().count(&app.db).await.unwrap(), before);
}

#[tokio::test]
async fn an_answer_becomes_a_faq_entry_that_users_find_before_asking() {
    let app = TestApp::new().await;
    let clinic = app.login_cookie("DEMCLN22").await;
    let helpdesk = app.login_cookie("DEMHLP22").await;
    let (_, body) = open(&app, &clinic, "週次調査の締切", None).await;
    let id: i32 = body.parse().unwrap();
    step(&app, &helpdesk, id, "Answer", "週次調査は日曜日の終わりまでに入力してください。", 0).await;
    let v = view(&app, &helpdesk, id).await;
    let message_id = v.messages[0].id;

    // Only answers, and only with a question and an answer.
    let make = |question: &str, answer: &str, m: i32| {
        let body = json!({ "input": { "message_id": m, "question": question, "answer": answer } });
        let (app, helpdesk) = (&app, helpdesk.clone());
        async move { app.post_json("/api/inquiries/faq_create", &body, Some(&helpdesk)).await.status }
    };
    assert_eq!(make("", "答え", message_id).await, StatusCode::UNPROCESSABLE_ENTITY);
    step(&app, &clinic, id, "UserReply", "ありがとうございました。", 1).await;
    let reply_id = view(&app, &helpdesk, id).await.messages[1].id;
    assert_eq!(make("質問", "答え", reply_id).await, StatusCode::CONFLICT);
    assert_eq!(
        make("週次調査の締切はいつですか", "週次調査は日曜日の終わりまでに入力してください。", message_id).await,
        StatusCode::OK
    );
    let clinic_make = app
        .post_json(
            "/api/inquiries/faq_create",
            &json!({ "input": { "message_id": message_id, "question": "q", "answer": "a" } }),
            Some(&clinic),
        )
        .await;
    assert_eq!(clinic_make.status, StatusCode::FORBIDDEN);

    let faq = |q: &str| {
        let (app, clinic) = (&app, clinic.clone());
        let form = format!("q={q}");
        async move {
            serde_json::from_str::<Vec<Faq>>(&app.post_form("/api/inquiries/faq", &form, Some(&clinic)).await.body)
                .unwrap()
        }
    };
    let found = faq("締切").await;
    assert_eq!(found.len(), 1);
    let hits: Vec<&str> = found[0].question.iter().filter(|s| s.hit).map(|s| s.text.as_str()).collect();
    assert_eq!(hits, vec!["締切"]);
    assert_eq!(faq("週次 日曜").await.len(), 1);
    assert!(faq("週次 SOS").await.is_empty());
    // Empty: every entry (the demo's two and the new one).
    assert_eq!(faq("").await.len(), 3);
    assert!(app.audit_actions().await.iter().any(|a| a == "faq.created"));
}

#[tokio::test]
async fn an_inquiry_and_its_steps_work_without_javascript_and_nothing_typed_is_lost() {
    let app = TestApp::new().await;
    let t = app::i18n::t().inquiries();
    let clinic = app.login_cookie("DEMCLN22").await;
    let body = "再設定メールが届きません。<b>至急</b>";
    // No subject: nothing saved; back to the form with what was typed, the
    // shared check's message, and a word about the file a browser cannot keep.
    let fields = [("category", "login"), ("subject", " "), ("body", body), ("page", "/reports")];
    let res =
        app.post_multipart_as_browser("/api/inquiries/open", &fields, Some(("画面.png", PNG)), Some(&clinic)).await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    let back = res.location().expect("back to the form").to_owned();
    assert!(back.starts_with("/inquiries/new?invalid=1&category=login"), "{back}");
    assert!(back.ends_with("&file=again"), "{back}");
    assert_eq!(inquiry::Entity::find().count(&app.db).await.unwrap(), 0, "nothing saved");
    let form = app.get(&back, Some(&clinic)).await;
    assert_eq!(form.status, StatusCode::OK);
    let textarea =
        form.body.split("id=\"i-body\"").nth(1).and_then(|s| s.split("</textarea>").next()).unwrap_or_default();
    assert!(textarea.contains("至急"), "the body as typed: {textarea}");
    assert!(form.body.contains(r#"<option value="login" selected"#), "the category as chosen");
    assert!(form.body.contains(t.subject_required) && form.body.contains(t.file_choose_again));

    // A file that is not allowed: the file is named as the problem.
    let fields = [("category", "login"), ("subject", "届きません"), ("body", body), ("page", "")];
    let res = app
        .post_multipart_as_browser("/api/inquiries/open", &fields, Some(("a.exe", b"MZ\x90\0")), Some(&clinic))
        .await;
    let back = res.location().expect("back to the form").to_owned();
    assert!(back.ends_with("&file=refused"), "{back}");
    assert!(app.get(&back, Some(&clinic)).await.body.contains(t.file_refused));

    let res = app.post_multipart_as_browser("/api/inquiries/open", &fields, None, Some(&clinic)).await;
    let id = inquiry::Entity::find().one(&app.db).await.unwrap().expect("saved").id;
    assert_eq!(res.location(), Some(format!("/inquiries/{id}?opened=1").as_str()));
    assert!(app.get(res.location().unwrap(), Some(&clinic)).await.body.contains(&(t.opened)(id)));

    // The helpdesk takes it and answers through the plain forms.
    let helpdesk = app.login_cookie("DEMHLP22").await;
    let post = |form: String| {
        let cookie = helpdesk.clone();
        let app = &app;
        async move { app.post_form("/inquiries/step", &form, Some(&cookie)).await }
    };
    let res = post(format!("id={id}&revision=0&step=assign&message=")).await;
    assert_eq!(res.location(), Some(format!("/inquiries/{id}?done=assign").as_str()));
    let res = post(format!("id={id}&revision=1&step=answer&message=")).await;
    let back = res.location().unwrap().to_owned();
    assert_eq!(back, format!("/inquiries/{id}?invalid=answer&message="));
    assert!(app.get(&back, Some(&helpdesk)).await.body.contains(t.message_required));
    // Someone acted first (an old revision): the message is kept and the conflict said.
    let res =
        post(format!("id={id}&revision=0&step=answer&message=%E5%86%8D%E9%80%81%E3%81%97%E3%81%BE%E3%81%97%E3%81%9F"))
            .await;
    let back = res.location().unwrap().to_owned();
    assert!(back.starts_with(&format!("/inquiries/{id}?stale=answer")), "{back}");
    let page = app.get(&back, Some(&helpdesk)).await.body;
    assert!(
        page.contains(t.stale) && page.contains("再送しました</textarea>"),
        "the conflict and the message as typed"
    );
    assert_eq!(view(&app, &helpdesk, id).await.revision, 1, "nothing changed");
    let res =
        post(format!("id={id}&revision=1&step=answer&message=%E5%86%8D%E9%80%81%E3%81%97%E3%81%BE%E3%81%97%E3%81%9F"))
            .await;
    assert_eq!(res.location(), Some(format!("/inquiries/{id}?done=answer").as_str()));
    assert!(
        app.get(res.location().unwrap(), Some(&helpdesk))
            .await
            .body
            .contains(&(t.step_done)(app::domain::inquiries::Step::Answer))
    );

    // The answer becomes a FAQ entry: refused without a question, then saved.
    let answer_id = view(&app, &helpdesk, id).await.messages.last().expect("the answer").id;
    let faq_post = |form: String| {
        let cookie = helpdesk.clone();
        let app = &app;
        async move { app.post_form("/inquiries/faq", &form, Some(&cookie)).await }
    };
    let res = faq_post(format!("inquiry={id}&message_id={answer_id}&question=&answer=%E5%86%8D%E9%80%81")).await;
    let back = res.location().unwrap().to_owned();
    assert_eq!(back, format!("/inquiries/{id}?faq=invalid&message_id={answer_id}&question=&answer=%E5%86%8D%E9%80%81"));
    let page = app.get(&back, Some(&helpdesk)).await.body;
    assert!(
        page.contains(t.faq_question_required) && page.contains("再送</textarea>"),
        "the message, the answer as typed"
    );
    let res = faq_post(format!(
        "inquiry={id}&message_id={answer_id}&question=%E5%B1%8A%E3%81%8B%E3%81%AA%E3%81%84&answer=%E5%86%8D%E9%80%81"
    ))
    .await;
    assert_eq!(res.location(), Some(format!("/inquiries/{id}?faq=saved").as_str()));
    assert!(app.get(res.location().unwrap(), Some(&helpdesk)).await.body.contains(t.faq_saved));

    // The clinic replies; another facility may not.
    let res = app
        .post_form(
            "/inquiries/step",
            &format!("id={id}&revision=2&step=user_reply&message=%E5%B1%8A%E3%81%8D%E3%81%BE%E3%81%97%E3%81%9F"),
            Some(&clinic),
        )
        .await;
    assert_eq!(res.location(), Some(format!("/inquiries/{id}?done=user_reply").as_str()));
    let hospital = app.login_cookie("DEMHSP22").await;
    let res = app
        .post_form("/inquiries/step", &format!("id={id}&revision=3&step=user_reply&message=x"), Some(&hospital))
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(view(&app, &clinic, id).await.messages.len(), 2, "the answer and the reply");
}

/// The mails to the demo helpdesk account, oldest first: (subject, body).
async fn helpdesk_mails(app: &TestApp) -> Vec<(String, String)> {
    mail::Entity::find()
        .filter(mail::Column::ToAddress.eq("demhlp22@demo.gmis.example"))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|m| (m.subject, m.body))
        .collect()
}

#[tokio::test]
async fn the_helpdesk_is_mailed_the_new_inquiries_of_each_period_once() {
    use app::server::inquiry_digest::run_due;
    let hour = chrono::Duration::minutes(60);
    let app = TestApp::new().await;
    let clinic = app.login_cookie("DEMCLN22").await;
    // The test clock starts on the hour: the period that just ended had none.
    assert_eq!(run_due(&app.state.app, app.now(), hour).await.unwrap().mails, 0);
    app.open_inquiry(&clinic, "ログインできません <b>至急</b>").await;
    app.clock().advance(chrono::Duration::minutes(20));
    app.open_inquiry(&clinic, "報告の修正方法").await;

    // Not before the hour is over.
    app.clock().advance(chrono::Duration::minutes(30));
    assert_eq!(run_due(&app.state.app, app.now(), hour).await.unwrap().mails, 0);
    assert!(helpdesk_mails(&app).await.is_empty());

    // Then once, however many instances run the job.
    app.clock().advance(chrono::Duration::minutes(15));
    let other = app.another_instance().await;
    let (a, b) = tokio::join!(run_due(&app.state.app, app.now(), hour), run_due(&other.state.app, app.now(), hour));
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!((a.inquiries + b.inquiries, a.mails.min(1) + b.mails.min(1)), (2, 1), "{a:?} {b:?}");
    let mails = helpdesk_mails(&app).await;
    assert_eq!(mails.len(), 1);
    let (subject, body) = &mails[0];
    assert_eq!(subject, "【G-MIS】新しいお問い合わせ 2件");
    assert!(body.contains("G-MIS ヘルプデスク 様"), "{body}");
    assert!(body.contains("［ログイン・パスワード］ログインできません <b>至急</b>"), "{body}");
    assert!(body.contains("報告の修正方法"), "{body}");
    assert!(body.contains("/helpdesk"), "{body}");
    // Only the helpdesk: no other account is told.
    let to_others = mail::Entity::find()
        .filter(mail::Column::Subject.contains("新しいお問い合わせ"))
        .filter(mail::Column::ToAddress.ne("demhlp22@demo.gmis.example"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(to_others, 0);

    // A quiet hour sends nothing; the next inquiry comes in the next digest alone.
    app.clock().advance(hour);
    assert_eq!(run_due(&app.state.app, app.now(), hour).await.unwrap().mails, 0);
    app.open_inquiry(&clinic, "物資の受領について").await;
    app.clock().advance(hour);
    assert_eq!(run_due(&app.state.app, app.now(), hour).await.unwrap().inquiries, 1);
    let mails = helpdesk_mails(&app).await;
    assert_eq!(mails.len(), 2);
    assert_eq!(mails[1].0, "【G-MIS】新しいお問い合わせ 1件");
    assert!(mails[1].1.contains("物資の受領について") && !mails[1].1.contains("報告の修正方法"), "{}", mails[1].1);
}

/// A step with its message and a file, as the thread's form posts it.
async fn reply_with(
    app: &TestApp,
    cookie: &str,
    id: i32,
    step: &str,
    message: &str,
    revision: i32,
    file: Option<(&str, &[u8])>,
) -> (StatusCode, String) {
    let revision = revision.to_string();
    let id_text = id.to_string();
    let fields = [("id", id_text.as_str()), ("revision", revision.as_str()), ("step", step), ("message", message)];
    let res = app.post_multipart("/api/inquiries/reply", &fields, file, Some(cookie)).await;
    (res.status, res.body)
}

#[tokio::test]
async fn a_reply_carries_a_file_that_only_the_thread_sees() {
    let app = TestApp::new().await;
    let clinic = app.login_cookie("DEMCLN22").await;
    let helpdesk = app.login_cookie("DEMHLP22").await;
    let hospital = app.login_cookie("DEMHSP22").await;
    let (_, body) = open(&app, &clinic, "画面が表示されません", None).await;
    let id: i32 = body.parse().unwrap();

    // The helpdesk asks back with a PDF of instructions; the clinic replies
    // with a screenshot.
    let pdf: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
    let (status, body) =
        reply_with(&app, &helpdesk, id, "ask_back", "手順書をご確認ください。", 0, Some(("手順書.pdf", pdf))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let told = mails_to(&app, "demcln22@demo.gmis.example").await;
    let last = &told.last().expect("the clinic is mailed").body;
    assert!(last.contains("手順書をご確認ください。") && last.contains("添付ファイル: 手順書.pdf"), "{last}");
    let (status, body) =
        reply_with(&app, &clinic, id, "user_reply", "画面を添付します。", 1, Some(("screen.png", PNG))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let v = view(&app, &clinic, id).await;
    assert!(v.attachments.is_empty(), "the inquiry itself came without a file");
    let names: Vec<Vec<String>> =
        v.messages.iter().map(|m| m.attachments.iter().map(|a| a.name.clone()).collect()).collect();
    assert_eq!(names, vec![vec!["手順書.pdf".to_owned()], vec!["screen.png".to_owned()]]);

    // Both sides of the thread download them; another facility cannot.
    let screenshot = v.messages[1].attachments[0].href();
    let got = app.get(&screenshot, Some(&helpdesk)).await;
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(got.header("content-type"), Some("image/png"));
    assert_eq!(app.get(&v.messages[0].attachments[0].href(), Some(&clinic)).await.status, StatusCode::OK);
    assert_eq!(app.get(&screenshot, Some(&hospital)).await.status, StatusCode::FORBIDDEN);

    // A file that is not one of the kinds, or a file with taking the
    // inquiry, saves nothing: no message, no file, the same revision.
    let (status, body) =
        reply_with(&app, &clinic, id, "user_reply", "実行ファイルです", 2, Some(("tool.exe", b"MZ\x90\0\x03"))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (status, _) = reply_with(&app, &helpdesk, id, "assign", "", 2, Some(("screen.png", PNG))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let after = view(&app, &clinic, id).await;
    assert_eq!((after.messages.len(), after.revision), (2, 2));
    // Someone else's thread is not theirs to reply to.
    let (status, _) = reply_with(&app, &hospital, id, "user_reply", "横から", 2, Some(("x.png", PNG))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Without JavaScript: refused, the browser comes back with the message
    // as typed and the file marked refused; accepted, back to the thread.
    let fields = [("id", id.to_string()), ("revision", "2".to_owned()), ("step", "user_reply".to_owned())];
    let mut refused: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    refused.push(("message", "もう一度送ります"));
    let res =
        app.post_multipart_as_browser("/api/inquiries/reply", &refused, Some(("a.exe", b"MZ")), Some(&clinic)).await;
    let back = res.location().expect("a redirect").to_owned();
    assert!(back.starts_with(&format!("/inquiries/{id}?")) && back.contains("file=refused"), "{back}");
    let page = app.get(&back, Some(&clinic)).await.body;
    assert!(page.contains("もう一度送ります</textarea>"), "typed text kept");
    assert!(page.contains(app::i18n::t().inquiries().file_refused));
    let res =
        app.post_multipart_as_browser("/api/inquiries/reply", &refused, Some(("b.png", PNG)), Some(&clinic)).await;
    assert_eq!(res.location(), Some(format!("/inquiries/{id}?done=user_reply").as_str()));
    let page = app.get(&format!("/inquiries/{id}"), Some(&clinic)).await.body;
    assert!(page.contains("b.png") && page.contains("手順書.pdf"), "the files are in the first HTML");
    assert!(page.contains("enctype=\"multipart/form-data\""), "the reply form sends files without JavaScript");
}
