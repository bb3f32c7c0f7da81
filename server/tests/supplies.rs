//! Medical supplies through the real HTTP path: the weekly stock survey on
//! the report machinery, SOS requests joining the right batch, the whole
//! workflow with its mails and audit rows, refused steps that change
//! nothing, and who may see and act on which request (a facility only its
//! own, an association its members', a prefecture only its prefecture's).

// Test helpers outside #[test] functions fail loudly on purpose.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use app::domain::reports::{PeriodKind, ReportForm, SubmitOutcome};
use app::domain::supplies::{SosOutcome, SosQueue, SosRequestView, SosState, Supply, SupplyOverview};
use app::domain::time::japan_date;
use app::server::entities::{mail, sos_request, user};
use chrono::{Datelike, Days, NaiveDate};
use common::TestApp;
use http::StatusCode;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, Set};
use serde_json::{Value, json};

fn today() -> NaiveDate {
    japan_date(common::test_start())
}

fn this_monday() -> NaiveDate {
    PeriodKind::Week.start_of(today())
}

fn uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

fn weekly(unit: i32, week: NaiveDate, n95_stock: u32, id: &str) -> Value {
    let mut values = serde_json::Map::new();
    for supply in Supply::ALL {
        let (stock, used) = if supply == Supply::N95Mask { (n95_stock, 70) } else { (700, 70) };
        values.insert(format!("{}_stock", supply.code()), json!(stock.to_string()));
        values.insert(format!("{}_used", supply.code()), json!(used.to_string()));
    }
    json!({ "input": {
        "survey": "supplies_weekly", "unit": { "Facility": unit }, "day": week, "submission_id": id,
        "base_revision": null, "nothing_to_report": false, "values": values, "reason": ""
    }})
}

fn request(unit: i32, id: &str, expected_batch: Option<NaiveDate>) -> Value {
    json!({ "input": {
        "unit": { "Facility": unit }, "submission_id": id,
        "lines": {
            "n95_mask": { "quantity": "200", "days_of_stock": "3" },
            "gown": { "quantity": "50", "days_of_stock": "5" },
            "gloves": { "quantity": "", "days_of_stock": "" }
        },
        "reason": "発熱外来の患者が増え、N95マスクが3日分しかありません。",
        "expected_batch": expected_batch,
    }})
}

async fn create(app: &TestApp, cookie: &str, body: &Value) -> (StatusCode, String) {
    let res = app.post_json("/api/supplies/sos_create", body, Some(cookie)).await;
    (res.status, res.body)
}

async fn created(app: &TestApp, cookie: &str, unit: i32) -> i32 {
    let batch = app.state.app.supplies.batch_for(app.now()).date;
    let (status, body) = create(app, cookie, &request(unit, &uuid(), Some(batch))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    match serde_json::from_str(&body).unwrap() {
        SosOutcome::Created { id, repeated: false, .. } => id,
        other => panic!("not created: {other:?}"),
    }
}

fn step(id: i32, revision: i32, step: &str) -> Value {
    json!({ "input": {
        "request_id": id, "revision": revision, "step": step, "note": "", "shipped_on": null,
        "carrier": "", "tracking": "", "quantities": {}
    }})
}

async fn act(app: &TestApp, cookie: &str, body: Value) -> (StatusCode, String) {
    let res = app.post_json("/api/supplies/sos_act", &body, Some(cookie)).await;
    (res.status, res.body)
}

async fn acted(app: &TestApp, cookie: &str, body: Value) -> SosRequestView {
    let (status, body) = act(app, cookie, body).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    serde_json::from_str(&body).unwrap()
}

async fn detail(app: &TestApp, cookie: &str, id: i32) -> (StatusCode, Option<SosRequestView>) {
    let res = app.post_form("/api/supplies/sos_request", &format!("id={id}"), Some(cookie)).await;
    (res.status, serde_json::from_str(&res.body).ok())
}

async fn queue(app: &TestApp, cookie: &str, batch: NaiveDate) -> (StatusCode, Option<SosQueue>) {
    let filter = json!({ "filter": { "batch": batch, "state": null, "supply": null, "municipality": null, "sort": "DaysOfStock" }});
    let res = app.post_json("/api/supplies/queue", &filter, Some(cookie)).await;
    (res.status, serde_json::from_str(&res.body).ok())
}

async fn mails_to(app: &TestApp, address: &str) -> Vec<mail::Model> {
    mail::Entity::find().filter(mail::Column::ToAddress.eq(address)).all(&app.db).await.unwrap()
}

/// A facility account for 大阪みなと医療センター (f3), which the demo data
/// has no login for, with the demo password.
async fn osaka_login(app: &TestApp) -> String {
    let template =
        user::Entity::find().filter(user::Column::LoginId.eq("DEMHSP22")).one(&app.db).await.unwrap().unwrap();
    let mut row = template.into_active_model();
    row.id = sea_orm::ActiveValue::NotSet;
    row.login_id = Set("DEMKNS27".to_owned());
    row.display_name = Set("大阪みなと医療センター".to_owned());
    row.email = Set(Some("osaka@demo.gmis.example".to_owned()));
    row.facility_id = Set(Some(3));
    row.insert(&app.db).await.unwrap();
    app.login_cookie("DEMKNS27").await
}

#[tokio::test]
async fn a_clinic_enters_its_weekly_stock_and_sees_n95_masks_low() {
    let app = TestApp::new().await;
    let clinic = app.login_cookie("DEMCLN22").await;
    let res = app.post_json("/api/reports/submit", &weekly(4, this_monday(), 30, &uuid()), Some(&clinic)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(matches!(serde_json::from_str(&res.body).unwrap(), SubmitOutcome::Saved(r) if r.revision == 1));
    // An amendment works as for daily reports: it needs a reason and keeps the history.
    let mut amend = weekly(4, this_monday(), 30, &uuid());
    amend["input"]["base_revision"] = json!(1);
    let res = app.post_json("/api/reports/submit", &amend, Some(&clinic)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "no reason: {}", res.body);
    amend["input"]["reason"] = json!("入荷予定を追記");
    amend["input"]["values"]["gown_expected"] = json!("100");
    let res = app.post_json("/api/reports/submit", &amend, Some(&clinic)).await;
    assert!(
        matches!(serde_json::from_str(&res.body).unwrap(), SubmitOutcome::Saved(r) if r.revision == 2),
        "{}",
        res.body
    );

    // Any day of the week opens that week's report.
    let res = app
        .post_form("/api/reports/form", &format!("survey=supplies_weekly&unit=f4&day={}", today()), Some(&clinic))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let form: ReportForm = serde_json::from_str(&res.body).unwrap();
    assert_eq!((form.day, form.stock_threshold_days), (this_monday(), 7));
    assert_eq!(form.history.len(), 2);
    assert_eq!(form.calendar.len(), 8, "eight weeks");
    assert!(form.calendar.iter().all(|c| c.day == PeriodKind::Week.start_of(c.day)), "weeks by their Monday");

    let res = app.post_form("/api/supplies/overview", "", Some(&clinic)).await;
    let overview: SupplyOverview = serde_json::from_str(&res.body).unwrap();
    assert_eq!(overview.units.len(), 1);
    assert_eq!(overview.units[0].latest_week, Some(this_monday()));
    assert_eq!(overview.units[0].low, vec![Supply::N95Mask], "30 left at 10 a day is 3 days");

    // The SOS form is prefilled from that report.
    let res = app.post_form("/api/supplies/sos_form", "unit=f4", Some(&clinic)).await;
    let sos: app::domain::supplies::SosForm = serde_json::from_str(&res.body).unwrap();
    let n95 = sos.levels.iter().find(|l| l.supply == Supply::N95Mask).unwrap();
    assert_eq!((n95.days, n95.low), (Some(3), true));
    assert_eq!(sos.batch, app.state.app.supplies.batch_for(app.now()));
}

#[tokio::test]
async fn the_weekly_form_works_without_javascript() {
    let app = TestApp::new().await;
    let hospital = app.login_cookie("DEMHSP22").await;
    let week = this_monday();
    let mut form =
        format!("survey=supplies_weekly&unit=f1&day={week}&submission_id={}&base_revision=&action=save", uuid());
    for supply in Supply::ALL {
        form.push_str(&format!("&v.{0}_stock=500&v.{0}_used=70", supply.code()));
    }
    let res = app.post_form("/reports/submit", &form, Some(&hospital)).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(
        res.location(),
        Some(format!("/supplies?unit=f1&day={week}&saved=1").as_str()),
        "back to the weekly form"
    );
    let page = app.get(res.location().unwrap(), Some(&hospital)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("医療用物資 週次調査") && page.body.contains("50日"),
        "days of stock rendered on the server"
    );
}

#[tokio::test]
async fn a_request_works_without_javascript_and_nothing_typed_is_lost_when_it_is_refused() {
    let app = TestApp::new().await;
    let clinic = app.login_cookie("DEMCLN22").await;
    let form = app.get("/supplies/requests/new?unit=f4", Some(&clinic)).await;
    assert!(
        form.body.contains(r#"action="/supplies/requests/submit""#) && form.body.contains(r#"name="q.n95_mask""#),
        "the form posts as it is"
    );
    // A quantity of zero, a days field left out, no reason: nothing saved,
    // back to the form with what was typed and the same messages as the
    // browser's own check.
    let refused = "unit=f4&submission_id=a&batch=&q.n95_mask=0&d.n95_mask=2&q.gown=%EF%BC%95%EF%BC%90&d.gown=&reason=";
    let res = app.post_form("/supplies/requests/submit", refused, Some(&clinic)).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let back = res.location().unwrap().to_owned();
    assert!(back.starts_with("/supplies/requests/new?unit=f4&invalid=1"), "{back}");
    assert_eq!(sos_request::Entity::find().count(&app.db).await.unwrap(), 0, "nothing saved");
    let page = app.get(&back, Some(&clinic)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains(
            r#"name="q.n95_mask" type="text" inputmode="numeric" autocomplete="off" aria-invalid="true" value="0""#
        ),
        "the zero is kept and marked"
    );
    assert!(page.body.contains(r#"value="５０""#), "full-width digits as typed");
    assert!(page.body.contains("入力内容を確認してください"), "the summary");
    assert!(page.body.contains("要請理由"), "the reason field");

    let batch = app.state.app.supplies.batch_for(app.now()).date;
    let reason = "%E7%99%BA%E7%86%B1%E5%A4%96%E6%9D%A5%E3%81%AE%E5%A2%97%E5%8A%A0";
    let good = format!(
        "unit=f4&submission_id={}&batch={batch}&q.n95_mask=200&d.n95_mask=2&q.gown=&d.gown=&reason={reason}",
        uuid()
    );
    let res = app.post_form("/supplies/requests/submit", &good, Some(&clinic)).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let saved = sos_request::Entity::find().one(&app.db).await.unwrap().expect("saved");
    assert_eq!(res.location(), Some(format!("/supplies/requests/{}?created=1", saved.id).as_str()));
    let page = app.get(res.location().unwrap(), Some(&clinic)).await;
    assert!(page.body.contains("N95等マスク") && page.body.contains("発熱外来の増加"), "the request's page");
}

/// A step posted as the request page's form posts it without JavaScript.
async fn step_form(app: &TestApp, cookie: &str, form: &str) -> String {
    let res = app.post_form("/supplies/requests/step", form, Some(cookie)).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    res.location().unwrap().to_owned()
}

#[tokio::test]
async fn each_step_works_without_javascript_and_nothing_typed_is_lost_when_it_is_refused() {
    let app = TestApp::new().await;
    let clinic = app.login_cookie("DEMCLN22").await;
    let officer = app.login_cookie("DEMPRF22").await;
    let id = created(&app, &clinic, 4).await;
    let page = app.get(&format!("/supplies/requests/{id}"), Some(&officer)).await;
    assert!(
        page.body.contains(r#"action="/supplies/requests/step""#)
            && page.body.contains(r#"name="step" value="accept""#)
            && page.body.contains(r#"name="revision" value="1""#),
        "the step forms post as they are"
    );

    let back = step_form(&app, &officer, &format!("request_id={id}&revision=1&step=accept&note=")).await;
    assert_eq!(back, format!("/supplies/requests/{id}?done=accept"));
    let page = app.get(&back, Some(&officer)).await;
    assert!(page.body.contains("「受付済」にしました。"), "the same notice as with JavaScript");
    assert!(
        page.body.contains(
            r#"name="q.n95_mask" type="text" inputmode="numeric" autocomplete="off" aria-invalid="false" value="200""#
        ) && page.body.contains(&format!(
            r#"name="shipped_on" type="date" autocomplete="off" aria-invalid="false" value="{}""#,
            today()
        )),
        "the shipment form prefilled in the first HTML"
    );

    // Too many masks and no tracking number: nothing changes, back to the
    // request with what was typed and the shared check's messages.
    let carrier = "%E3%83%A4%E3%83%9E%E3%83%88%E9%81%8B%E8%BC%B8";
    let refused = format!(
        "request_id={id}&revision=2&step=ship&q.n95_mask=999&q.gown=%EF%BC%94%EF%BC%90&shipped_on={}&carrier={carrier}&tracking=",
        today()
    );
    let back = step_form(&app, &officer, &refused).await;
    assert!(back.starts_with(&format!("/supplies/requests/{id}?invalid=ship&")), "{back}");
    assert_eq!(detail(&app, &clinic, id).await.1.unwrap().state, SosState::Accepted, "nothing changed");
    let page = app.get(&back, Some(&officer)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains(
            r#"name="q.n95_mask" type="text" inputmode="numeric" autocomplete="off" aria-invalid="true" value="999""#
        ),
        "the quantity kept and marked"
    );
    assert!(page.body.contains("0〜200の範囲で入力してください。"), "the quantity's message");
    assert!(page.body.contains(r#"value="４０""#), "full-width digits as typed");
    assert!(page.body.contains(r#"aria-invalid="false" value="ヤマト運輸""#), "the carrier kept");
    assert!(page.body.contains(r#"name="tracking" type="text" autocomplete="off" aria-invalid="true""#));
    assert!(page.body.contains("入力内容を確認してください"), "the summary");

    // Someone acted first: the message the browser's own call shows, and
    // what was typed is still there.
    let stale = refused.replace("revision=2", "revision=1").replace("tracking=", "tracking=4512-3344-9921");
    let back = step_form(&app, &officer, &stale).await;
    assert!(back.starts_with(&format!("/supplies/requests/{id}?stale=ship&")), "{back}");
    let page = app.get(&back, Some(&officer)).await;
    assert!(page.body.contains("この要請は他の担当者が先に更新しました。"), "the stale revision's message");
    assert!(page.body.contains(r#"value="4512-3344-9921""#), "the tracking number kept");
    let back = step_form(&app, &officer, &format!("request_id={id}&revision=1&step=accept&note=")).await;
    let page = app.get(&back, Some(&officer)).await;
    assert!(page.body.contains("この要請は「受付済」のため、「受け付ける」はできません。"), "{back}");
    let ship = format!(
        "request_id={id}&revision=2&step=ship&q.n95_mask=200&q.gown=40&shipped_on={}&carrier={carrier}&tracking=4512-3344-9921",
        today()
    );
    let res = app.post_form("/supplies/requests/step", &ship, Some(&clinic)).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "the requester cannot ship");
    assert_eq!(detail(&app, &clinic, id).await.1.unwrap().state, SosState::Accepted, "nothing changed");

    let back = step_form(&app, &officer, &ship).await;
    assert_eq!(back, format!("/supplies/requests/{id}?done=ship"));
    assert!(app.get(&back, Some(&officer)).await.body.contains("「出荷済」にしました。"));

    // The clinic confirms receipt: the shipped quantities are offered; more
    // than was shipped is refused with its message.
    let page = app.get(&format!("/supplies/requests/{id}"), Some(&clinic)).await;
    assert!(page.body.contains(r#"name="step" value="receive""#) && page.body.contains(r#"name="q.gown""#));
    let receive = |n95: &str| format!("request_id={id}&revision=3&step=receive&q.n95_mask={n95}&q.gown=40&note=");
    let back = step_form(&app, &clinic, &receive("201")).await;
    assert!(back.starts_with(&format!("/supplies/requests/{id}?invalid=receive&")), "{back}");
    assert!(app.get(&back, Some(&clinic)).await.body.contains("0〜200の範囲で入力してください。"));
    let back = step_form(&app, &clinic, &receive("200")).await;
    assert_eq!(back, format!("/supplies/requests/{id}?done=receive"));
    assert!(app.get(&back, Some(&clinic)).await.body.contains("「受領済」にしました。"));
    let seen = detail(&app, &clinic, id).await.1.unwrap();
    assert_eq!(seen.state, SosState::Received);
    let n95 = seen.lines.iter().find(|l| l.supply == Supply::N95Mask).unwrap();
    assert_eq!((n95.shipped, n95.received), (Some(200), Some(200)));
}

#[tokio::test]
async fn a_week_must_be_named_by_its_monday_and_centres_have_no_supply_survey() {
    let app = TestApp::new().await;
    let clinic = app.login_cookie("DEMCLN22").await;
    let tuesday = this_monday().succ_opt().unwrap();
    let res = app.post_json("/api/reports/submit", &weekly(4, tuesday, 30, &uuid()), Some(&clinic)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("月曜日"), "{}", res.body);
    let next_week = this_monday().checked_add_days(Days::new(7)).unwrap();
    let res = app.post_json("/api/reports/submit", &weekly(4, next_week, 30, &uuid()), Some(&clinic)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "the future: {}", res.body);

    let centre = app.login_cookie("DEMCTR22").await;
    let res = app.post_form("/api/reports/form", "survey=supplies_weekly", Some(&centre)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("病院・診療所"), "{}", res.body);
    let res = app.post_form("/api/supplies/sos_form", "", Some(&centre)).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_request_goes_through_acceptance_shipment_receipt_and_closing_with_a_mail_at_each_step() {
    let app = TestApp::new().await;
    let clinic = app.login_cookie("DEMCLN22").await;
    let officer = app.login_cookie("DEMPRF22").await;
    let batch = app.state.app.supplies.batch_for(app.now()).date;
    let submission = uuid();
    let (status, body) = create(&app, &clinic, &request(4, &submission, Some(batch))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let SosOutcome::Created { id, batch: joined, repeated: false } = serde_json::from_str(&body).unwrap() else {
        panic!("{body}")
    };
    assert_eq!(joined.date, batch);

    // The same submission again returns the same request and adds nothing.
    let (_, again) = create(&app, &clinic, &request(4, &submission, Some(batch))).await;
    assert!(
        matches!(serde_json::from_str(&again).unwrap(), SosOutcome::Created { id: same, repeated: true, .. } if same == id)
    );
    assert_eq!(sos_request::Entity::find().count(&app.db).await.unwrap(), 1);

    // The prefecture sees it in that batch, most urgent first.
    let (status, q) = queue(&app, &officer, batch).await;
    assert_eq!(status, StatusCode::OK);
    let q = q.unwrap();
    assert_eq!(q.rows.iter().map(|r| r.id).collect::<Vec<_>>(), vec![id]);
    assert_eq!(q.rows[0].min_days_of_stock, 3);
    assert_eq!(q.rows[0].lines.len(), 2, "the empty gloves line is not requested");

    let accepted = acted(&app, &officer, step(id, 1, "accept")).await;
    assert_eq!(accepted.state, SosState::Accepted);

    // Refused steps say why and change nothing.
    let (status, body) = act(&app, &officer, step(id, 1, "accept")).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(body.contains("受付済"), "{body}");
    let (status, body) = act(&app, &clinic, step(id, 2, "cancel")).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(body.contains("受付前"), "{body}");
    let (status, _) = act(&app, &clinic, step(id, 2, "ship")).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "the requester cannot ship");
    let mut bad_ship = step(id, 2, "ship");
    bad_ship["input"]["quantities"] = json!({ "n95_mask": "999", "gown": "50" });
    let (status, body) = act(&app, &officer, bad_ship).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    for field in ["qty.n95_mask", "shipped_on", "carrier", "tracking"] {
        assert!(body.contains(field), "{field}: {body}");
    }
    assert_eq!(detail(&app, &clinic, id).await.1.unwrap().state, SosState::Accepted);

    let mut ship = step(id, 2, "ship");
    ship["input"]["quantities"] = json!({ "n95_mask": "200", "gown": "40" });
    ship["input"]["shipped_on"] = json!(today());
    ship["input"]["carrier"] = json!("ヤマト運輸");
    ship["input"]["tracking"] = json!("4512-3344-9921");
    let shipped = acted(&app, &officer, ship).await;
    assert_eq!(shipped.state, SosState::Shipped);
    assert_eq!(shipped.tracking.as_deref(), Some("4512-3344-9921"));

    let mut receive = step(id, 3, "receive");
    receive["input"]["quantities"] = json!({ "n95_mask": "180", "gown": "40" });
    let (status, body) = act(&app, &clinic, receive.clone()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a shortfall needs a note: {body}");
    receive["input"]["note"] = json!("N95マスクが20枚不足していました。");
    let received = acted(&app, &clinic, receive).await;
    assert_eq!(received.state, SosState::Received);
    let n95 = received.lines.iter().find(|l| l.supply == Supply::N95Mask).unwrap();
    assert_eq!((n95.quantity, n95.shipped, n95.received), (200, Some(200), Some(180)));

    let closed = acted(&app, &officer, step(id, 4, "close")).await;
    assert_eq!(closed.state, SosState::Closed);
    let states: Vec<SosState> = closed.events.iter().map(|e| e.to).collect();
    use SosState::*;
    assert_eq!(states, vec![Submitted, Accepted, Shipped, Received, Closed]);
    let (_, seen_by_clinic) = detail(&app, &clinic, id).await;
    let by: Vec<String> = seen_by_clinic.unwrap().events.into_iter().map(|e| e.by).collect();
    assert!(by.iter().any(|b| b.contains("東京都 福祉保健局（都道府県）")), "{by:?}");
    assert!(by.iter().all(|b| !b.contains("DEMPRF22") && !b.contains("DEMCLN22")), "no login IDs: {by:?}");

    let mails = mails_to(&app, "demcln22@demo.gmis.example").await;
    let subjects: Vec<&str> = mails.iter().map(|m| m.subject.as_str()).collect();
    assert_eq!(subjects.len(), 5, "{subjects:?}");
    for (subject, state) in subjects.iter().zip(["要請中", "受付済", "出荷済", "受領済", "完了"]) {
        assert!(subject.contains(state) && subject.contains(&format!("第{id}号")), "{subject}");
    }
    assert!(mails[2].body.contains("4512-3344-9921"), "the shipment mail names the tracking number");
    let actions = app.audit_actions().await;
    assert_eq!(actions.iter().filter(|a| *a == "sos.requested").count(), 1);
    assert_eq!(actions.iter().filter(|a| *a == "sos.step").count(), 4);
    assert!(actions.iter().any(|a| a == "access.denied"), "the requester's shipping attempt is audited");
}

#[tokio::test]
async fn a_request_made_after_the_cutoff_passed_on_screen_is_not_saved_and_names_the_new_batch() {
    let app = TestApp::new().await;
    let clinic = app.login_cookie("DEMCLN22").await;
    let shown = today().pred_opt().unwrap();
    let (status, body) = create(&app, &clinic, &request(4, &uuid(), Some(shown))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let SosOutcome::BatchMoved(batch) = serde_json::from_str(&body).unwrap() else { panic!("{body}") };
    assert_eq!(batch, app.state.app.supplies.batch_for(app.now()));
    assert_eq!(sos_request::Entity::find().count(&app.db).await.unwrap(), 0, "nothing saved");

    let mut bad = request(4, &uuid(), None);
    bad["input"]["lines"] = json!({ "n95_mask": { "quantity": "0", "days_of_stock": "3" } });
    bad["input"]["reason"] = json!("");
    let (status, body) = create(&app, &clinic, &bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("qty.n95_mask") && body.contains("reason"), "{body}");
    assert_eq!(sos_request::Entity::find().count(&app.db).await.unwrap(), 0, "nothing saved");
}

/// The batch the SOS form shows at `hh:mm:ss` Japan time on `day`.
async fn batch_shown(app: &TestApp, cookie: &str, day: NaiveDate, hms: (u32, u32, u32)) -> NaiveDate {
    app.set_japan_time(day, hms);
    let res = app.post_form("/api/supplies/sos_form", "unit=f4", Some(cookie)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    serde_json::from_str::<app::domain::supplies::SosForm>(&res.body).unwrap().batch.date
}

#[tokio::test]
async fn the_one_oclock_cutoff_moves_requests_to_the_next_working_day_across_weekends_and_the_year_end() {
    let app = TestApp::new().await;
    let clinic = app.login_cookie("DEMCLN22").await;
    let wednesday = this_monday().checked_add_days(Days::new(2)).unwrap();
    let thursday = wednesday.succ_opt().unwrap();
    let friday = thursday.succ_opt().unwrap();
    let next_monday = this_monday().checked_add_days(Days::new(7)).unwrap();
    assert_eq!(batch_shown(&app, &clinic, wednesday, (12, 59, 59)).await, wednesday);
    assert_eq!(batch_shown(&app, &clinic, wednesday, (13, 0, 0)).await, thursday, "13:00:00 is already late");
    assert_eq!(batch_shown(&app, &clinic, friday, (13, 30, 0)).await, next_monday, "Friday afternoon → Monday");
    let saturday = friday.succ_opt().unwrap();
    assert_eq!(batch_shown(&app, &clinic, saturday, (9, 0, 0)).await, next_monday, "the weekend → Monday");

    // The government closes from 12/29 to 1/3: the afternoon of the last
    // working day of the year goes to the first working day of the next.
    let year = app.today().year();
    let last_working = (20..=28)
        .rev()
        .map(|d| NaiveDate::from_ymd_opt(year, 12, d).unwrap())
        .find(|d| d.weekday().num_days_from_monday() < 5)
        .unwrap();
    let first_working = (4..=10)
        .map(|d| NaiveDate::from_ymd_opt(year + 1, 1, d).unwrap())
        .find(|d| d.weekday().num_days_from_monday() < 5)
        .unwrap();
    assert_eq!(batch_shown(&app, &clinic, last_working, (12, 0, 0)).await, last_working);
    assert_eq!(batch_shown(&app, &clinic, last_working, (13, 0, 1)).await, first_working);

    // A form opened at 12:59 and sent at 13:01 saves nothing and names the
    // new batch; sent again for that batch, the request is saved in it.
    let shown = batch_shown(&app, &clinic, wednesday, (12, 59, 0)).await;
    app.set_japan_time(wednesday, (13, 1, 0));
    let id = uuid();
    let (status, body) = create(&app, &clinic, &request(4, &id, Some(shown))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let SosOutcome::BatchMoved(moved) = serde_json::from_str(&body).unwrap() else { panic!("{body}") };
    assert_eq!(moved.date, thursday);
    assert_eq!(sos_request::Entity::find().count(&app.db).await.unwrap(), 0, "nothing saved");
    let (status, body) = create(&app, &clinic, &request(4, &id, Some(moved.date))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let SosOutcome::Created { batch, .. } = serde_json::from_str(&body).unwrap() else { panic!("{body}") };
    assert_eq!(batch.date, thursday);
}

#[tokio::test]
async fn the_requester_may_cancel_before_acceptance_and_then_nobody_can_accept() {
    let app = TestApp::new().await;
    let clinic = app.login_cookie("DEMCLN22").await;
    let officer = app.login_cookie("DEMPRF22").await;
    let id = created(&app, &clinic, 4).await;
    let cancelled = acted(&app, &clinic, step(id, 1, "cancel")).await;
    assert_eq!(cancelled.state, SosState::Cancelled);
    assert!(cancelled.steps.is_empty());
    let (status, body) = act(&app, &officer, step(id, 2, "accept")).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(body.contains("取消"), "{body}");
}

#[tokio::test]
async fn each_side_sees_only_its_own_requests() {
    let app = TestApp::new().await;
    let clinic = app.login_cookie("DEMCLN22").await;
    let hospital = app.login_cookie("DEMHSP22").await;
    let association = app.login_cookie("DEMAGG22").await;
    let tokyo = app.login_cookie("DEMPRF22").await;
    let municipality = app.login_cookie("DEMMUN22").await;
    let ministry = app.login_cookie("DEMADM22").await;
    let osaka = osaka_login(&app).await;

    let clinic_request = created(&app, &clinic, 4).await;
    let member_request = created(&app, &association, 5).await; // 新宿こどもクリニック, on its behalf
    let osaka_request = created(&app, &osaka, 3).await;
    let batch = app.state.app.supplies.batch_for(app.now()).date;

    assert_eq!(detail(&app, &hospital, clinic_request).await.0, StatusCode::FORBIDDEN, "another facility");
    assert_eq!(detail(&app, &association, clinic_request).await.0, StatusCode::FORBIDDEN, "not a member");
    let on_behalf = detail(&app, &association, member_request).await.1.unwrap();
    assert!(on_behalf.on_behalf && on_behalf.requested_by.contains("新宿区医師会"));
    assert!(!on_behalf.requested_by.contains("DEMAGG22"), "names and roles, never another party's login ID");
    assert_eq!(detail(&app, &tokyo, osaka_request).await.0, StatusCode::FORBIDDEN, "another prefecture");
    assert_eq!(detail(&app, &tokyo, 9999).await.0, StatusCode::FORBIDDEN, "missing looks the same");
    assert_eq!(act(&app, &tokyo, step(osaka_request, 1, "accept")).await.0, StatusCode::FORBIDDEN);
    let (status, body) = create(&app, &association, &request(4, &uuid(), None)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "not its member: {body}");

    let tokyo_ids: Vec<i32> = queue(&app, &tokyo, batch).await.1.unwrap().rows.iter().map(|r| r.id).collect();
    assert!(tokyo_ids.contains(&clinic_request) && tokyo_ids.contains(&member_request));
    assert!(!tokyo_ids.contains(&osaka_request), "Tokyo never sees Osaka");
    let all = queue(&app, &ministry, batch).await.1.unwrap();
    assert_eq!(all.rows.len(), 3, "the ministry sees every prefecture");
    assert_eq!(queue(&app, &municipality, batch).await.0, StatusCode::FORBIDDEN);
    assert_eq!(queue(&app, &clinic, batch).await.0, StatusCode::FORBIDDEN);
    let mine = app.post_form("/api/supplies/overview", "", Some(&clinic)).await;
    let mine: SupplyOverview = serde_json::from_str(&mine.body).unwrap();
    assert_eq!(mine.requests.iter().map(|r| r.id).collect::<Vec<_>>(), vec![clinic_request]);

    // The download: UTF-8 with BOM by default, Shift_JIS on request, scoped and logged.
    let csv = app.get(&format!("/supplies/review.csv?batch={batch}"), Some(&tokyo)).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.body.starts_with('\u{feff}'), "BOM");
    assert!(csv.body.contains("千代田内科クリニック") && csv.body.contains("新宿こどもクリニック"));
    assert!(!csv.body.contains("大阪"), "scoped to Tokyo");
    let sjis = app.router.clone();
    let res = tower::ServiceExt::oneshot(
        sjis,
        http::Request::get(format!("/supplies/review.csv?batch={batch}&encoding=sjis"))
            .header(http::header::USER_AGENT, common::CHROME)
            .header(http::header::COOKIE, &tokyo)
            .body(axum::body::Body::empty())
            .unwrap(),
    )
    .await
    .unwrap();
    assert!(res.headers()["content-type"].to_str().unwrap().contains("Shift_JIS"));
    let bytes = http_body_util::BodyExt::collect(res.into_body()).await.unwrap().to_bytes();
    let (text, _, had_errors) = encoding_rs::SHIFT_JIS.decode(&bytes);
    assert!(!had_errors && text.contains("千代田内科クリニック") && text.contains("N95等マスク"));
    assert!(app.audit_actions().await.iter().filter(|a| *a == "sos.downloaded").count() == 2);
    assert_eq!(app.get("/supplies/review.csv", Some(&clinic)).await.status, StatusCode::FORBIDDEN);
}
