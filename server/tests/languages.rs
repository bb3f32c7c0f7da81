//! English beside Japanese, and 和暦 beside Western dates (issue 21 item 4),
//! through the real router on SQLite and PostgreSQL: the browser's
//! `Accept-Language` before a choice, the choice on `/account` after it,
//! pages, field errors, survey forms, CSV headers and mails in the reader's
//! language, each date written in the reader's style.

// Test helpers outside #[test] functions fail loudly on purpose.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use app::domain::locale::{DateStyle, Lang, Locale};
use app::domain::surveys::{BUILTIN, SurveyDefinition};
use app::domain::time::{Parts, format_date_in};
use app::i18n::{EN, JA};
use axum::body::Body;
use common::TestApp;
use http::{Request, StatusCode, header};
use serde_json::json;

/// A GET as a browser asking for `accept_language`.
async fn get_in(app: &TestApp, path: &str, cookie: Option<&str>, accept_language: &str) -> common::TestResponse {
    let mut req = Request::get(path).header(header::ACCEPT_LANGUAGE, accept_language);
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    app.request(req.body(Body::empty()).unwrap()).await
}

async fn choose(app: &TestApp, cookie: &str, form: &str) {
    let res = app.post_form_as_browser("/api/account/display/set", form, Some(cookie)).await;
    assert_eq!(res.location(), Some("/account?display=saved#display-heading"), "{}", res.body);
}

fn clinic_survey() -> SurveyDefinition {
    BUILTIN
        .iter()
        .map(|text| serde_json::from_str::<SurveyDefinition>(text).unwrap())
        .find(|d| d.survey.code() == "clinic_daily")
        .unwrap()
}

#[tokio::test]
async fn before_a_choice_the_browser_decides_and_after_it_the_choice_does() {
    let app = TestApp::new().await;
    // The login page in the browser's language, Japanese for anything else.
    let page = get_in(&app, "/login", None, "en-US,en;q=0.9").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(r#"<html lang="en""#), "{}", &page.body[..300]);
    assert!(page.body.contains(EN.login_title) && page.body.contains(EN.password_label));
    assert!(!page.body.contains(JA.password_label));
    for other in ["ja,en;q=0.8", "fr-FR", ""] {
        let page = get_in(&app, "/login", None, other).await;
        assert!(page.body.contains(r#"<html lang="ja""#) && page.body.contains(JA.password_label), "{other}");
    }

    // A clinic who has not chosen follows the browser.
    let clinic = app.login_cookie("DEMCLN22").await;
    let account = get_in(&app, "/account", Some(&clinic), "en").await;
    assert!(account.body.contains(EN.accounts().display_title), "English from the browser");
    assert!(account.body.contains(r#"id="display-lang-auto" type="radio" name="lang" value="" checked"#));

    // Japanese chosen: Japanese whatever the browser asks for.
    choose(&app, &clinic, "lang=ja&dates=western").await;
    let account = get_in(&app, "/account", Some(&clinic), "en").await;
    assert!(account.body.contains(r#"<html lang="ja""#) && account.body.contains(JA.accounts().display_title));

    // English with 和暦: the page, its dates and its example say so.
    choose(&app, &clinic, "lang=en&dates=wareki").await;
    let account = get_in(&app, "/account?display=saved", Some(&clinic), "ja").await;
    assert!(account.body.contains(r#"<html lang="en" data-dates="wareki""#), "{}", &account.body[..300]);
    assert!(account.body.contains(EN.accounts().display_saved));
    let en_wareki = Locale { lang: Lang::En, dates: DateStyle::Wareki };
    let example = (EN.accounts().display_dates_wareki)(&format_date_in(app.today(), en_wareki, Parts::Plain));
    assert!(account.body.contains(&example), "{example}");
    assert!(account.body.contains(r#"value="en" checked"#) && account.body.contains(r#"value="wareki" checked"#));

    // Back to the browser's language.
    choose(&app, &clinic, "lang=&dates=western").await;
    let account = get_in(&app, "/account", Some(&clinic), "ja-JP").await;
    assert!(account.body.contains(r#"<html lang="ja" data-dates="western""#));
}

#[tokio::test]
async fn a_choice_the_form_cannot_send_is_refused_and_changes_nothing() {
    let app = TestApp::new().await;
    let clinic = app.login_cookie("DEMCLN22").await;
    choose(&app, &clinic, "lang=en&dates=wareki").await;
    for bad in ["lang=de&dates=western", "lang=en&dates=showa", "lang=en", "lang=%00&dates=wareki"] {
        let res = app.post_form("/api/account/display/set", bad, Some(&clinic)).await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{bad}: {}", res.body);
    }
    assert_eq!(app.post_form("/api/account/display/set", "lang=en&dates=western", None).await.status, 401);
    let res = app.post_form("/api/account/display", "", Some(&clinic)).await;
    let view: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(view["choice"], json!({ "lang": "En", "dates": "Wareki" }), "still as chosen");
}

#[tokio::test]
async fn the_survey_form_and_its_errors_are_in_english_for_an_english_reader() {
    let app = TestApp::new().await;
    let clinic = app.login_cookie("DEMCLN22").await;
    choose(&app, &clinic, "lang=en&dates=western").await;
    let survey = clinic_survey();
    let day = app.today();
    let form = app.get(&format!("/reports?unit=f4&day={day}"), Some(&clinic)).await;
    assert_eq!(form.status, StatusCode::OK);
    for item in &survey.items {
        assert!(form.body.contains(item.label_en.as_deref().unwrap()), "{}", item.code);
        assert!(!form.body.contains(&item.label), "{} in Japanese", item.code);
    }
    assert!(form.body.contains(survey.title_en.as_deref().unwrap()));
    let en = Locale { lang: Lang::En, dates: DateStyle::Western };
    assert!(form.body.contains(&format_date_in(day, en, Parts::Full)), "the day in English");

    // More referrals than patients: refused, in English, naming English labels.
    let values =
        json!({ "fever_patients": "3", "pcr_tests": "1", "antigen_tests": "0", "positives": "0", "referrals": "5" });
    let body = json!({ "input": {
        "survey": "clinic_daily", "unit": { "Facility": 4 }, "day": day, "submission_id": uuid::Uuid::new_v4().to_string(),
        "base_revision": null, "nothing_to_report": false, "values": values, "reason": ""
    }});
    let res = app.post_json("/api/reports/submit", &body, Some(&clinic)).await;
    let fever = survey.item("fever_patients").unwrap();
    let expected = (EN.survey_not_greater)(fever.label_en.as_deref().unwrap(), 3);
    let answer: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(answer["Validation"]["referrals"], json!(expected), "{}", res.body);

    // The same for a Japanese reader, on the same server.
    let hospital = app.login_cookie("DEMHSP22").await;
    let form = app.get(&format!("/reports?unit=f1&day={day}"), Some(&hospital)).await;
    assert!(form.body.contains(r#"<html lang="ja""#) && form.body.contains("新型コロナ入院患者数"));
}

#[tokio::test]
async fn csv_headers_and_field_errors_follow_the_reader() {
    let app = TestApp::new().await;
    let prefecture = app.login_cookie("DEMPRF22").await;
    let day = app.today();
    let path = format!("/area/download?kind=capacity&format=csv&day={day}");
    let header_of = |bytes: &[u8]| -> Vec<String> {
        let mut reader = csv::Reader::from_reader(&bytes[3..]);
        reader.headers().unwrap().iter().map(str::to_owned).collect()
    };
    // The browser asks for English: headers in English.
    let english = get_in(&app, &path, Some(&prefecture), "en-GB,en").await;
    assert_eq!(english.status, StatusCode::OK, "{}", english.body);
    let header = header_of(&english.bytes);
    let t = EN.area();
    for h in [t.unit_name, t.secured_beds, t.ventilators_in_use, t.ecmo_owned, t.staffing] {
        assert!(header.iter().any(|x| x == h), "{h} in {header:?}");
    }
    assert!(!header.iter().any(|h| h.chars().any(|c| ('\u{3040}'..='\u{9fff}').contains(&c))), "{header:?}");
    // The reports download: the survey's items under their English labels.
    let reports = format!("/area/download?kind=reports&format=csv&from={day}&to={day}&survey=hospital_daily");
    let header = header_of(&get_in(&app, &reports, Some(&prefecture), "en").await.bytes);
    for label in ["Outpatient care", "COVID-19 inpatients", "Staffing"] {
        assert!(header.iter().any(|h| h == label), "{label} in {header:?}");
    }
    assert!(!header.iter().any(|h| h.chars().any(|c| ('\u{3040}'..='\u{9fff}').contains(&c))), "{header:?}");
    // Japanese by choice: Japanese headers whatever the browser says.
    choose(&app, &prefecture, "lang=ja&dates=western").await;
    let japanese = header_of(&get_in(&app, &path, Some(&prefecture), "en").await.bytes);
    assert!(japanese.iter().any(|h| h == JA.area().ventilators_in_use), "{japanese:?}");

    // A field error of a server function in the reader's language.
    let admin = app.login_cookie("DEMADM22").await;
    choose(&app, &admin, "lang=en&dates=western").await;
    let draft = json!({ "input": {
        "id": null, "title": "", "body": "Body", "office": "MHLW", "issued_on": day.to_string(),
        "category": "notice", "audience": ["Facility"],
    }});
    let res = app.post_json("/api/notices/save", &draft, Some(&admin)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains(EN.notices().title_required), "{}", res.body);
}

#[tokio::test]
async fn mails_are_written_in_each_recipients_language_and_date_style() {
    use app::server::entities::mail;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    let app = TestApp::new().await;
    let admin = app.login_cookie("DEMADM22").await;
    let clinic = app.login_cookie("DEMCLN22").await;
    let desk = app.login_cookie("DEMHLP22").await;
    // The clinic reads English with 和暦; the helpdesk has chosen nothing
    // (its browser's English does not reach a mail: Japanese).
    choose(&app, &clinic, "lang=en&dates=wareki").await;
    for cookie in [&clinic, &desk] {
        assert_eq!(app.post_form("/api/account/notice_mail/set", "on=1", Some(cookie)).await.status, StatusCode::OK);
    }
    let issued_on = app.today();
    let draft = json!({ "input": {
        "id": null, "title": "Year-end reporting / 年末年始の報告", "body": "本文", "office": "医政局",
        "issued_on": issued_on.to_string(), "category": "notice",
        "audience": ["Facility", "Helpdesk"],
    }});
    let res = app.post_json("/api/notices/save", &draft, Some(&admin)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let id: i32 = res.body.parse().unwrap();
    let res = app.post_json("/api/notices/publish", &json!({ "input": { "id": id, "at": "" } }), Some(&admin)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let sent = app::server::notice_mail::run_due(&app.state.app, app.now()).await.unwrap();
    assert_eq!(sent.mails, 2);
    let mails: Vec<mail::Model> = mail::Entity::find()
        .filter(mail::Column::Body.contains(format!("/notices/{id}")))
        .order_by_asc(mail::Column::Id)
        .all(&app.db)
        .await
        .unwrap();
    let to = |address: &str| mails.iter().find(|m| m.to_address == address).unwrap();
    let english = to("demcln22@demo.gmis.example");
    assert_eq!(english.subject, (EN.notices().mail_subject)("Year-end reporting / 年末年始の報告"));
    let en_wareki = Locale { lang: Lang::En, dates: DateStyle::Wareki };
    let date = format_date_in(issued_on, en_wareki, Parts::Full);
    assert!(english.body.contains(&date), "{date} in {}", english.body);
    let japanese = to("demhlp22@demo.gmis.example");
    assert_eq!(japanese.subject, (JA.notices().mail_subject)("Year-end reporting / 年末年始の報告"));
    let ja_western = Locale { lang: Lang::Ja, dates: DateStyle::Western };
    assert!(japanese.body.contains(&format_date_in(issued_on, ja_western, Parts::Full)), "{}", japanese.body);
}
