//! Reminders of missing daily reports (issue 15, SPEC §7). A job calls
//! [`run_due`] every minute on every instance:
//!
//! 1. After a survey's deadline on a day, each unit still missing gets one
//!    mail — to its association instead when it is a member that day (one
//!    mail per address, listing its units).
//! 2. After the escalation delay, each association and each prefecture's
//!    officers get the list of their units still missing.
//!
//! Each mail is written to the outbox in the same transaction as its
//! `reminders` rows, whose unique key makes it happen once however many
//! instances run and however often the job restarts; a finished pass leaves
//! a `done` row so that later runs skip the day. The job looks back
//! [`CATCH_UP_DAYS`] days, so an instance that was down catches up without
//! mailing twice. Days closed by a maintenance window get no reminder.

use super::completeness::{arrivals, classify};
use super::units::Memberships;
use super::{Area, Unit, load_units};
use crate::domain::area::DAILY_SURVEYS;
use crate::domain::error::AppError;
use crate::domain::jurisdiction::AccountStatus;
use crate::domain::locale::Locale;
use crate::domain::maintenance::{Grace, graces};
use crate::domain::roles::Role;
use crate::domain::surveys::SurveyKind;
use crate::domain::time::{format_date, japan_date};
use crate::server::context::AppState;
use crate::server::db::begin_exclusive;
use crate::server::entities::{aggregator, reminder, user};
use crate::server::mail::{OutgoingMail, enqueue};
use chrono::{DateTime, Days, Duration, NaiveDate, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::NotSet, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, Set,
};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Days before today that the job still reminds of (a job that was down
/// this long catches up; older days are left alone).
pub const CATCH_UP_DAYS: u64 = 2;

const UNIT: &str = "unit";
const LIST: &str = "list";
const DONE_UNIT: &str = "done1";
const DONE_LIST: &str = "done2";

/// What one pass did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pass {
    /// Units reminded.
    pub units: usize,
    /// Mails written (to units, associations and prefectures).
    pub mails: usize,
}

/// Sends every reminder due at `now` that has not been sent.
pub async fn run_due(state: &AppState, now: DateTime<Utc>) -> Result<Pass, AppError> {
    let db = &state.db;
    let rules = state.periods;
    let today = japan_date(now);
    let windows = state.maintenance.windows(db).await?;
    let grace = graces(&windows, rules.back_entry_days, now);
    let mut pass = Pass::default();
    for back in (0..=CATCH_UP_DAYS).rev() {
        let Some(day) = today.checked_sub_days(Days::new(back)) else { continue };
        if grace.iter().any(|g| g.touches(day, day))
            || windows.iter().any(|w| w.overlaps(day_start(day), day_start(day) + Duration::days(1)))
        {
            continue; // a maintenance window closed (part of) the day
        }
        for survey in DAILY_SURVEYS {
            let due = rules.due(survey, day);
            let escalate = due + Duration::minutes(i64::from(rules.deadlines.escalation_minutes));
            for (stage, done, at) in [(UNIT, DONE_UNIT, due), (LIST, DONE_LIST, escalate)] {
                if now < at || finished(db, done, survey, day).await? {
                    continue;
                }
                let missing = missing(state, &grace, survey, day).await?;
                let result = if stage == UNIT {
                    remind_units(state, survey, day, &missing).await?
                } else {
                    send_lists(state, survey, day, &missing).await?
                };
                pass.units += result.units;
                pass.mails += result.mails;
                mark(db, done, survey, day, "*").await?;
            }
        }
    }
    Ok(pass)
}

fn day_start(day: NaiveDate) -> DateTime<Utc> {
    day.and_time(chrono::NaiveTime::MIN)
        .and_local_timezone(crate::domain::time::jst())
        .single()
        .map_or_else(Utc::now, |t| t.to_utc())
}

/// The units of the nation that have not reported `survey` on `day`, with
/// the association they report through that day.
struct Missing {
    units: Vec<Unit>,
    memberships: Memberships,
}

async fn missing(state: &AppState, grace: &[Grace], survey: SurveyKind, day: NaiveDate) -> Result<Missing, AppError> {
    let db = &state.db;
    let nation = Area::default();
    let arrived = arrivals(db, &nation, &[survey], day, day).await?;
    let units = load_units(db, &nation, Some(survey))
        .await?
        .into_iter()
        .filter(|u| u.expected_on(day))
        .filter(|u| classify(state.periods, grace, survey, day, arrived.get(&(u.key, survey, day))).is_none())
        .collect();
    Ok(Missing { units, memberships: Memberships::load(db, &nation).await? })
}

async fn finished(db: &DatabaseConnection, kind: &str, survey: SurveyKind, day: NaiveDate) -> Result<bool, DbErr> {
    Ok(reminder::Entity::find()
        .filter(reminder::Column::Period.eq(day))
        .filter(reminder::Column::Kind.eq(kind))
        .filter(reminder::Column::Survey.eq(survey.code()))
        .one(db)
        .await?
        .is_some())
}

/// Records `kind` for `target`; false when it was recorded before (by this
/// or another instance).
async fn mark(
    conn: &impl ConnectionTrait,
    kind: &str,
    survey: SurveyKind,
    day: NaiveDate,
    target: &str,
) -> Result<bool, DbErr> {
    let inserted = reminder::Entity::insert(reminder::ActiveModel {
        id: NotSet,
        kind: Set(kind.to_owned()),
        survey: Set(survey.code().to_owned()),
        target: Set(target.to_owned()),
        period: Set(day),
        sent_at: Set(Utc::now()),
    })
    .on_conflict(
        OnConflict::columns([
            reminder::Column::Period,
            reminder::Column::Kind,
            reminder::Column::Survey,
            reminder::Column::Target,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    Ok(inserted == 1)
}

/// Writes one mail and its reminder rows together; nothing when every
/// target was reminded already.
async fn send_once(
    db: &DatabaseConnection,
    kind: &str,
    survey: SurveyKind,
    day: NaiveDate,
    targets: &[String],
    mail: impl FnOnce(&[usize]) -> Vec<OutgoingMail>,
) -> Result<usize, AppError> {
    let txn = begin_exclusive(db).await?;
    let mut fresh = Vec::new();
    for (i, target) in targets.iter().enumerate() {
        if mark(&txn, kind, survey, day, target).await? {
            fresh.push(i);
        }
    }
    if fresh.is_empty() {
        txn.rollback().await?;
        return Ok(0);
    }
    for m in mail(&fresh) {
        enqueue(&txn, m).await?;
    }
    txn.commit().await?;
    Ok(fresh.len())
}

/// Step 1: each missing unit, by its own address or its association's.
async fn remind_units(
    state: &AppState,
    survey: SurveyKind,
    day: NaiveDate,
    missing: &Missing,
) -> Result<Pass, AppError> {
    let a = crate::i18n::t().area();
    let associations = association_addresses(&state.db).await?;
    let mut by_address: BTreeMap<(String, bool), Vec<&Unit>> = BTreeMap::new();
    for u in &missing.units {
        let address = match missing.memberships.on(u.key, day) {
            Some((agg, _)) => associations.get(&agg).cloned().flatten().map(|m| (m, true)),
            None => u.email.clone().map(|m| (m, false)),
        };
        if let Some(key) = address {
            by_address.entry(key).or_default().push(u);
        }
    }
    let deadline = state.periods.deadlines.time_of(survey).map(|t| t.format("%-H:%M").to_string()).unwrap_or_default();
    let mut pass = Pass::default();
    for ((address, association), units) in by_address {
        let targets: Vec<String> = units.iter().map(|u| u.key.key()).collect();
        let link = match (association, units.first().map(|u| u.key)) {
            (true, _) => format!("{}/reports/members?day={day}", state.public_url),
            (false, Some(unit)) => format!("{}{}?unit={}&day={day}", state.public_url, survey.form_path(), unit.key()),
            (false, None) => state.public_url.clone(),
        };
        let sent = send_once(&state.db, UNIT, survey, day, &targets, |fresh| {
            let names: Vec<String> = fresh.iter().map(|i| format!("・{}", units[*i].name)).collect();
            vec![OutgoingMail {
                to: address.clone(),
                subject: (a.reminder_subject)(&format_date(day), (a.survey_label)(survey)),
                body: (a.reminder_body)(
                    &format_date(day),
                    (a.survey_label)(survey),
                    &deadline,
                    &names.join("\n"),
                    &link,
                ),
            }]
        })
        .await?;
        if sent > 0 {
            pass.units += sent;
            pass.mails += 1;
        }
    }
    Ok(pass)
}

async fn association_addresses(db: &DatabaseConnection) -> Result<HashMap<i32, Option<String>>, DbErr> {
    Ok(aggregator::Entity::find().all(db).await?.into_iter().map(|a| (a.id, a.email)).collect())
}

/// One list mail's target: its addresses, each with the language its mail
/// is written in (an association's shared address: Japanese; an officer's:
/// theirs), and the missing units as (name, medical code).
type List<'a> = (Vec<(String, Locale)>, Vec<(&'a str, &'a str)>);

/// Step 2: the list of units still missing to each association (its
/// members) and to each prefecture's officers (all of the prefecture's).
async fn send_lists(state: &AppState, survey: SurveyKind, day: NaiveDate, missing: &Missing) -> Result<Pass, AppError> {
    let db = &state.db;
    let associations = association_addresses(db).await?;
    let mut lists: BTreeMap<String, List> = BTreeMap::new();
    let mut prefectures = HashSet::new();
    for u in &missing.units {
        let line = (u.name.as_str(), if u.medical_code.is_empty() { "—" } else { u.medical_code.as_str() });
        if let Some((agg, _)) = missing.memberships.on(u.key, day)
            && let Some(Some(address)) = associations.get(&agg)
        {
            let entry = lists.entry(format!("agg:{agg}")).or_default();
            entry.0 = vec![(address.clone(), Locale::default())];
            entry.1.push(line);
        }
        prefectures.insert(u.prefecture.clone());
        lists.entry(format!("pref:{}", u.prefecture)).or_default().1.push(line);
    }
    // The prefecture officers' addresses.
    let officers = user::Entity::find()
        .filter(user::Column::Role.eq(Role::Prefecture))
        .filter(user::Column::Status.eq(AccountStatus::Active))
        .filter(user::Column::PrefectureCode.is_in(prefectures))
        .all(db)
        .await?;
    for o in officers {
        if let (Some(p), Some(mail)) = (&o.prefecture_code, &o.email)
            && let Some(entry) = lists.get_mut(&format!("pref:{p}"))
        {
            entry.0.push((mail.clone(), crate::server::auth::mail_locale(&o)));
        }
    }
    let link = format!("{}/area?day={day}&survey={}", state.public_url, survey.code());
    let mut pass = Pass::default();
    for (target, (addresses, lines)) in lists {
        if addresses.is_empty() {
            continue;
        }
        let sent = send_once(db, LIST, survey, day, std::slice::from_ref(&target), |_| {
            addresses
                .iter()
                .map(|(to, locale)| {
                    crate::i18n::in_locale(*locale, || {
                        let t = crate::i18n::t();
                        let a = t.area();
                        let text: Vec<String> =
                            lines.iter().map(|(name, code)| (a.list_line)(name, &(t.parenthesized)(code))).collect();
                        OutgoingMail {
                            to: to.clone(),
                            subject: (a.list_subject)(&format_date(day), (a.survey_label)(survey), lines.len()),
                            body: (a.list_body)(&format_date(day), (a.survey_label)(survey), &text.join("\n"), &link),
                        }
                    })
                })
                .collect()
        })
        .await?;
        if sent > 0 {
            pass.mails += addresses.len();
        }
    }
    Ok(pass)
}

/// The units of `targets` reminded of `day` (any survey).
pub async fn reminded(conn: &impl ConnectionTrait, day: NaiveDate) -> Result<HashSet<(String, String)>, DbErr> {
    Ok(reminder::Entity::find()
        .filter(reminder::Column::Period.eq(day))
        .filter(reminder::Column::Kind.eq(UNIT))
        .all(conn)
        .await?
        .into_iter()
        .map(|r| (r.survey, r.target))
        .collect())
}

/// The job of `gmis serve`: a pass every `every` until `stop`.
pub async fn run_worker(state: AppState, every: std::time::Duration, stop: crate::server::jobs::Stop) {
    crate::server::jobs::run_every(every, stop, || async {
        match run_due(&state, state.clock.now()).await {
            Ok(p) if p.mails > 0 => tracing::info!(units = p.units, mails = p.mails, "reminders sent"),
            Ok(_) => {}
            Err(_) => tracing::warn!("reminder pass failed; retrying on the next tick"),
        }
    })
    .await;
}
