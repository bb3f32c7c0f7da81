//! The demo area's recent past for `gmis seed-demo`: thirty more hospitals,
//! clinics and a centre in Tokyo and Osaka, each with an account, and 28
//! days of plausible daily reports (most on time, some late, some missing,
//! some "nothing to report", services stopped here and there, one
//! outlier-looking value) plus three weeks of supply surveys, so that the
//! area views, charts and downloads show something real. The demo
//! accounts' own units get no history: their forms start empty, as the
//! walkthroughs expect. Deterministic, and a second run changes nothing.

use crate::domain::error::AppError;
use crate::domain::jurisdiction::FacilityKind;
use crate::domain::maintenance::Grace;
use crate::domain::reports::{PeriodKind, PeriodRules};
use crate::domain::roles::Role;
use crate::domain::surveys::{Answer, Answers, SurveyKind};
use crate::domain::time::{japan_date, jst};
use crate::server::accounts::new_user;
use crate::server::area::totals;
use crate::server::db::FirstRow;
use crate::server::entities::{centre, facility, report, report_revision, user};
use crate::server::reports::definition_for;
use chrono::{DateTime, Days, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::NotSet, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, Set,
    TransactionTrait,
};

/// Municipalities of the history beside those of the demo data.
/// (medical code, kind, name, municipality, beds).
const UNITS: &[(&str, FacilityKind, &str, &str, Option<i32>)] = &[
    ("1310000508", FacilityKind::Hospital, "日本橋記念病院", "131024", Some(380)),
    ("1310000516", FacilityKind::Hospital, "築地中央病院", "131024", Some(220)),
    ("1310000524", FacilityKind::Hospital, "港南総合病院", "131032", Some(450)),
    ("1310000532", FacilityKind::Hospital, "麻布赤十字病院", "131032", Some(300)),
    ("1310000540", FacilityKind::Hospital, "西新宿医療センター", "131041", Some(510)),
    ("1310000559", FacilityKind::Hospital, "四谷総合病院", "131041", Some(160)),
    ("1310000567", FacilityKind::Hospital, "神田駿河台病院", "131016", Some(240)),
    ("1310000575", FacilityKind::Hospital, "お茶の水医科病院", "131016", Some(600)),
    ("2710000509", FacilityKind::Hospital, "大阪北総合病院", "271004", Some(420)),
    ("2710000517", FacilityKind::Hospital, "難波記念病院", "271004", Some(190)),
    ("1310000605", FacilityKind::Clinic, "銀座内科クリニック", "131024", None),
    ("1310000613", FacilityKind::Clinic, "月島ファミリークリニック", "131024", None),
    ("1310000621", FacilityKind::Clinic, "勝どき駅前診療所", "131024", None),
    ("1310000639", FacilityKind::Clinic, "八丁堀こどもクリニック", "131024", None),
    ("1310000647", FacilityKind::Clinic, "六本木ヒルズ前クリニック", "131032", None),
    ("1310000655", FacilityKind::Clinic, "白金台内科", "131032", None),
    ("1310000663", FacilityKind::Clinic, "品川港南クリニック", "131032", None),
    ("1310000671", FacilityKind::Clinic, "田町駅前医院", "131032", None),
    ("1310000680", FacilityKind::Clinic, "新橋発熱外来クリニック", "131032", None),
    ("1310000698", FacilityKind::Clinic, "番町診療所", "131016", None),
    ("1310000701", FacilityKind::Clinic, "秋葉原内科", "131016", None),
    ("1310000719", FacilityKind::Clinic, "九段下クリニック", "131016", None),
    ("1310000727", FacilityKind::Clinic, "西早稲田内科", "131041", None),
    ("1310000735", FacilityKind::Clinic, "曙橋ファミリークリニック", "131041", None),
    ("1310000743", FacilityKind::Clinic, "東新宿クリニック", "131041", None),
    ("1310000751", FacilityKind::Clinic, "中落合こどもクリニック", "131041", None),
    ("1310000760", FacilityKind::Clinic, "新宿御苑前診療所", "131041", None),
    ("2710000606", FacilityKind::Clinic, "梅田内科クリニック", "271004", None),
    ("2710000614", FacilityKind::Clinic, "天王寺ファミリー診療所", "271004", None),
];

/// Days of history, today included.
const DAYS: u64 = 28;

/// A deterministic number 0..100 for a unit and a day.
fn roll(unit: usize, offset: u64) -> u64 {
    let x = (unit as u64 + 1).wrapping_mul(2_654_435_761) ^ (offset + 7).wrapping_mul(40_503);
    (x ^ (x >> 13)).wrapping_mul(0x9E37_79B9) % 100
}

/// Inserts the history unless it is there already. Returns whether it did.
pub async fn seed_history(
    db: &DatabaseConnection,
    rules: PeriodRules,
    grace: &[Grace],
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    if facility::Entity::find().filter(facility::Column::MedicalCode.eq(UNITS[0].0)).first(db).await?.is_some() {
        return Ok(false);
    }
    let today = japan_date(now);
    let first = today.checked_sub_days(Days::new(DAYS - 1)).unwrap_or(today);
    let txn = db.begin().await?;
    let created = now.checked_sub_days(Days::new(DAYS + 30)).unwrap_or(now);
    let mut units = Vec::new();
    for (i, (code, kind, name, muni, beds)) in UNITS.iter().enumerate() {
        let id = facility::Entity::insert(facility::ActiveModel {
            id: NotSet,
            medical_code: Set((*code).into()),
            kind: Set(*kind),
            name: Set((*name).into()),
            prefecture_code: Set(code[..2].into()),
            municipality_code: Set(Some((*muni).into())),
            postal_code: Set(None),
            address: Set(format!("{}9-{}", if code.starts_with("13") { "東京都" } else { "大阪府大阪市" }, i + 1)),
            email: Set(Some(format!("demo-unit-{}@demo.gmis.example", i + 1))),
            beds: Set(*beds),
            designated_from: Set((*kind == FacilityKind::Clinic).then_some(created.date_naive())),
            created_at: Set(created),
        })
        .exec(&txn)
        .await?
        .last_insert_id;
        let user_id = account(&txn, i, Role::Facility, name, created, |u| u.facility_id = Set(Some(id))).await?;
        let survey = if *kind == FacilityKind::Hospital { SurveyKind::HospitalDaily } else { SurveyKind::ClinicDaily };
        units.push((i, ("facility", id), survey, user_id, beds.unwrap_or(0)));
    }
    let centre_id = centre::Entity::insert(centre::ActiveModel {
        id: NotSet,
        name: Set("港区受診・相談センター".into()),
        prefecture_code: Set("13".into()),
        municipality_code: Set(Some("131032".into())),
        email: Set(Some("demo-centre@demo.gmis.example".into())),
        created_at: Set(created),
    })
    .exec(&txn)
    .await?
    .last_insert_id;
    let centre_user =
        account(&txn, UNITS.len(), Role::ConsultationCentre, "港区受診・相談センター", created, |u| {
            u.centre_id = Set(Some(centre_id))
        })
        .await?;
    units.push((UNITS.len(), ("centre", centre_id), SurveyKind::CentreDaily, centre_user, 0));

    for (i, unit, survey, user_id, beds) in &units {
        for offset in 0..DAYS {
            let day = first.checked_add_days(Days::new(offset)).unwrap_or(first);
            let Some((at, nothing)) = arrival(*i, offset, day, today, now) else { continue };
            let answers = if nothing { Answers::new() } else { values(*survey, *i, offset, *beds) };
            insert(&txn, *survey, *unit, day, at, nothing, &answers, *user_id).await?;
        }
        if *survey != SurveyKind::CentreDaily {
            for week in 0..3u64 {
                let monday = PeriodKind::Week.start_of(today).checked_sub_days(Days::new(7 * week)).unwrap_or(today);
                let at = local(monday, 10, 0).min(now);
                insert(&txn, SurveyKind::SuppliesWeekly, *unit, monday, at, false, &supplies(*i, week), *user_id)
                    .await?;
            }
        }
    }
    txn.commit().await?;
    totals::rebuild(db, rules, grace).await?;
    Ok(true)
}

/// An account of a history unit: awaiting its password, so nobody logs in with it.
async fn account(
    conn: &impl ConnectionTrait,
    i: usize,
    role: Role,
    name: &str,
    now: DateTime<Utc>,
    scope: impl FnOnce(&mut user::ActiveModel),
) -> Result<i32, AppError> {
    let alphabet = crate::domain::ids::LOGIN_ID_ALPHABET;
    let login = format!("DEMU{}{}22", alphabet[i / alphabet.len()] as char, alphabet[i % alphabet.len()] as char);
    let mut row = new_user(&login, role, name, None, None, now);
    scope(&mut row);
    Ok(user::Entity::insert(row).exec(conn).await?.last_insert_id)
}

fn local(day: NaiveDate, h: u32, m: u32) -> DateTime<Utc> {
    day.and_hms_opt(h, m, 0).and_then(|t| t.and_local_timezone(jst()).single()).map_or_else(Utc::now, |t| t.to_utc())
}

/// When unit `i` first reported `day` (and whether it said "nothing to
/// report"), or `None` if it has not: about 6 % missing, 4 % nothing to
/// report, 6 % the next morning, the rest in the morning; today about half
/// so far, whatever the hour.
fn arrival(
    i: usize,
    offset: u64,
    day: NaiveDate,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Option<(DateTime<Utc>, bool)> {
    let r = roll(i, offset);
    let minute = u32::try_from(r).unwrap_or(0);
    let on_time = local(day, 8 + minute / 20, minute % 60);
    if day == today {
        // About half so far at any hour: in the morning as on other days, or,
        // before the morning (a demo started at night), spread over the
        // minutes since midnight, so that today always has some reports.
        if r >= 55 {
            return None;
        }
        let midnight = local(day, 0, 0);
        let so_far = (now - midnight).num_seconds().max(0);
        let early = midnight + chrono::TimeDelta::seconds(so_far * i64::try_from(r).unwrap_or(0) / 55);
        return Some((if on_time <= now { on_time } else { early }, false));
    }
    match r {
        0..6 => None,
        6..10 => Some((local(day, 12, 0), true)),
        10..16 => {
            let next = local(day.succ_opt()?, 10, minute % 60);
            (next <= now).then_some((next, false))
        }
        _ => Some((on_time, false)),
    }
}

fn count(n: i64) -> Answer {
    Answer::Count(n.max(0))
}

/// Plausible values of unit `i`'s survey on day `offset` of the history.
fn values(survey: SurveyKind, i: usize, offset: u64, beds: i32) -> Answers {
    let wave =
        |base: i64, spread: i64| base + spread * i64::try_from((offset * 3 + i as u64 * 5) % 11).unwrap_or(0) / 10;
    let mut a = Answers::new();
    let choice = |c: &str| Answer::Choice(c.to_owned());
    match survey {
        SurveyKind::HospitalDaily => {
            let secured = i64::from(beds / 12).max(10);
            let used = secured * wave(45, 40) / 100;
            let mut inpatients = used * 8 / 10;
            // One outlier-looking value: ten times the usual count.
            if i == 1 && offset == DAYS - 4 {
                inpatients *= 10;
            }
            let severe = inpatients / 8;
            let stopped = i == 4 && offset >= DAYS - 3;
            let limited = i == 2 && offset >= DAYS - 10;
            let service = if stopped {
                "stopped"
            } else if limited {
                "limited"
            } else {
                "normal"
            };
            a.insert("outpatient_status".into(), choice(service));
            a.insert("inpatient_status".into(), choice(if stopped { "limited" } else { "normal" }));
            a.insert("emergency_status".into(), choice(if i.is_multiple_of(3) { "limited" } else { "normal" }));
            let staffing = if i == 6 && offset >= DAYS - 2 {
                "depleted"
            } else if (i + offset as usize).is_multiple_of(5) {
                "short"
            } else {
                "normal"
            };
            a.insert("staffing".into(), choice(staffing));
            a.insert("covid_inpatients".into(), count(inpatients));
            a.insert("covid_severe".into(), count(severe));
            a.insert("ventilators_owned".into(), count(8 + i64::from(beds / 100)));
            a.insert("ventilators_in_use".into(), count(severe / 2));
            a.insert("ecmo_owned".into(), count(2));
            a.insert("ecmo_in_use".into(), count((severe / 4).min(2)));
            a.insert("secured_beds".into(), count(secured));
            a.insert("beds_in_use".into(), count(used));
        }
        SurveyKind::ClinicDaily => {
            let seen = wave(8, 30);
            let pcr = seen * 6 / 10;
            let antigen = seen * 3 / 10;
            a.insert("fever_patients".into(), count(seen));
            a.insert("pcr_tests".into(), count(pcr));
            a.insert("antigen_tests".into(), count(antigen));
            a.insert("positives".into(), count((pcr + antigen) / 5));
            a.insert("referrals".into(), count(i64::try_from(offset % 3).unwrap_or(0)));
        }
        _ => {
            let calls = wave(40, 80);
            a.insert("consultations".into(), count(calls));
            a.insert("referred_to_clinic".into(), count(calls * 4 / 10));
            a.insert("follow_up_calls".into(), count(calls / 5));
            a.insert("recuperating_hospital".into(), count(calls / 6));
            a.insert("recuperating_hotel".into(), count(calls / 8));
            a.insert("recuperating_home".into(), count(calls / 3));
            a.insert("recuperating_arranging".into(), count(calls / 20));
        }
    }
    a
}

/// A weekly supply survey: a few facilities low on N95 masks or gowns.
fn supplies(i: usize, week: u64) -> Answers {
    let mut a = Answers::new();
    for (k, supply) in crate::domain::supplies::Supply::ALL.iter().enumerate() {
        let used = 70 + 10 * i64::try_from((i + k) % 5).unwrap_or(0);
        let low = (i.is_multiple_of(7) && k == 1) || (i % 9 == 4 && k == 2);
        let stock =
            if low { used * 4 / 7 } else { used * (3 + i64::try_from((i + k + week as usize) % 4).unwrap_or(0)) };
        a.insert(supply.item("stock"), count(stock));
        a.insert(supply.item("used"), count(used));
        a.insert(supply.item("expected"), count(if low { 0 } else { used }));
    }
    a
}

#[allow(clippy::too_many_arguments)]
async fn insert(
    conn: &impl ConnectionTrait,
    survey: SurveyKind,
    (kind, unit_id): (&str, i32),
    day: NaiveDate,
    at: DateTime<Utc>,
    nothing: bool,
    answers: &Answers,
    user_id: i32,
) -> Result<(), AppError> {
    let Some((version_id, _)) = definition_for(conn, survey, day).await? else { return Ok(()) };
    let json = serde_json::to_string(answers).map_err(|e| crate::server::errors::internal("answers", e))?;
    let report_id = report::Entity::insert(report::ActiveModel {
        id: NotSet,
        survey: Set(survey.code().to_owned()),
        unit_kind: Set(kind.to_owned()),
        unit_id: Set(unit_id),
        period: Set(day),
        survey_version_id: Set(version_id),
        revision: Set(1),
        nothing_to_report: Set(nothing),
        answers: Set(json.clone()),
        outliers: Set(None),
        first_entered_at: Set(at),
        updated_at: Set(at),
        updated_by: Set(user_id),
    })
    .exec(conn)
    .await?
    .last_insert_id;
    report_revision::Entity::insert(report_revision::ActiveModel {
        id: NotSet,
        report_id: Set(report_id),
        revision: Set(1),
        submission_id: Set(uuid::Uuid::new_v4().to_string()),
        survey_version_id: Set(version_id),
        nothing_to_report: Set(nothing),
        answers: Set(json),
        entered_by: Set(user_id),
        entered_at: Set(at),
        on_behalf: Set(false),
        reason: Set(None),
        outliers: Set(None),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_history_has_every_kind_of_day() {
        let today = japan_date(Utc::now());
        let now = local(today, 23, 0);
        let first = today - Days::new(DAYS - 1);
        let (mut missing, mut nothing, mut late) = (0, 0, 0);
        for i in 0..UNITS.len() {
            for offset in 0..DAYS - 1 {
                let day = first + Days::new(offset);
                match arrival(i, offset, day, today, now) {
                    None => missing += 1,
                    Some((_, true)) => nothing += 1,
                    Some((at, false)) if japan_date(at) > day => late += 1,
                    Some(_) => {}
                }
            }
        }
        assert!(missing > 10 && nothing > 10 && late > 10, "{missing} {nothing} {late}");
        let outlier = values(SurveyKind::HospitalDaily, 1, DAYS - 4, 220);
        let usual = values(SurveyKind::HospitalDaily, 1, DAYS - 5, 220);
        let n = |a: &Answers| match a.get("covid_inpatients") {
            Some(Answer::Count(n)) => *n,
            _ => 0,
        };
        assert!(n(&outlier) >= 5 * n(&usual).max(1), "{} vs {}", n(&outlier), n(&usual));
    }

    #[test]
    fn today_has_some_reports_and_some_missing_at_any_hour() {
        let today = japan_date(Utc::now());
        for (h, m) in [(0, 5), (3, 0), (8, 30), (12, 0), (23, 50)] {
            let now = local(today, h, m);
            let arrived: Vec<DateTime<Utc>> =
                (0..UNITS.len()).filter_map(|i| arrival(i, DAYS - 1, today, today, now)).map(|(at, _)| at).collect();
            assert!(!arrived.is_empty() && arrived.len() < UNITS.len(), "{h}:{m:02} {}", arrived.len());
            assert!(arrived.iter().all(|at| *at <= now && japan_date(*at) == today), "{h}:{m:02}");
        }
    }
}
