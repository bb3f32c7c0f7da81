//! `sos_requests.csv`, `sos_lines.csv`, `sos_events.csv`: the previous
//! system's emergency distribution requests (緊急配布要請) with their supplies
//! and their state changes. This module checks one row of each file on its
//! own and a request's chain of events against G-MIS's own state machine
//! ([`next_state`]); references (facility, accounts, request numbers) are
//! checked by the importer, which knows the other files and G-MIS.

use crate::domain::supplies::{MAX_QUANTITY, MAX_TEXT, SosState, SosStep, Supply, next_state};
use crate::server::legacy::reports::saved_at;
use crate::server::legacy::text;
use crate::server::legacy::units::{Problem, hex};
use chrono::{DateTime, NaiveDate, Utc};
use sha2::{Digest, Sha256};

pub const REQUESTS_FILE: &str = "sos_requests.csv";
pub const LINES_FILE: &str = "sos_lines.csv";
pub const EVENTS_FILE: &str = "sos_events.csv";

pub const NUMBER: &str = "要請番号";
pub const MEDICAL_CODE: &str = "医療機関コード";
pub const REQUESTED_AT: &str = "要請日時";
pub const BATCH: &str = "処理日";
pub const STATE: &str = "状態";
pub const MIN_DAYS: &str = "最少在庫日数";
pub const REASON: &str = "要請理由";
pub const REJECT_REASON: &str = "却下理由";
pub const SHIPPED_ON: &str = "発送日";
pub const CARRIER: &str = "配送業者";
pub const TRACKING: &str = "追跡番号";
pub const RECEIPT_NOTE: &str = "受領メモ";
pub const REQUESTER: &str = "要請者ログインID";

pub const SUPPLY: &str = "物資";
pub const QUANTITY: &str = "要請数";
pub const DAYS: &str = "在庫日数";
pub const SHIPPED: &str = "発送数";
pub const RECEIVED: &str = "受領数";

pub const AT: &str = "日時";
pub const FROM: &str = "変更前状態";
pub const TO: &str = "変更後状態";
pub const ACTOR: &str = "操作者ログインID";
pub const NOTE: &str = "メモ";

pub const REQUEST_COLUMNS: [&str; 13] = [
    NUMBER,
    MEDICAL_CODE,
    REQUESTED_AT,
    BATCH,
    STATE,
    MIN_DAYS,
    REASON,
    REJECT_REASON,
    SHIPPED_ON,
    CARRIER,
    TRACKING,
    RECEIPT_NOTE,
    REQUESTER,
];
pub const LINE_COLUMNS: [&str; 6] = [NUMBER, SUPPLY, QUANTITY, DAYS, SHIPPED, RECEIVED];
pub const EVENT_COLUMNS: [&str; 6] = [NUMBER, AT, FROM, TO, ACTOR, NOTE];

/// The states as the export writes them.
pub const STATES: [(&str, SosState); 7] = [
    ("受付", SosState::Submitted),
    ("承認", SosState::Accepted),
    ("却下", SosState::Rejected),
    ("発送済", SosState::Shipped),
    ("受領済", SosState::Received),
    ("完了", SosState::Closed),
    ("取消", SosState::Cancelled),
];

/// The supplies as the export (and the weekly survey) name them.
pub const SUPPLIES: [(&str, Supply); 5] = [
    ("サージカルマスク", Supply::SurgicalMask),
    ("N95等マスク", Supply::N95Mask),
    ("アイソレーションガウン", Supply::Gown),
    ("フェイスシールド", Supply::FaceShield),
    ("非滅菌手袋", Supply::Gloves),
];

/// The export's name of a state.
pub fn state_name(state: SosState) -> &'static str {
    STATES.iter().find(|(_, s)| *s == state).map_or("", |(n, _)| n)
}

/// A state as the export writes it.
pub fn state(s: &str) -> Result<SosState, String> {
    let n = text::normalize(s);
    STATES.iter().find(|(name, _)| *name == n).map(|(_, st)| *st).ok_or_else(|| {
        let names: Vec<&str> = STATES.iter().map(|(n, _)| *n).collect();
        format!("状態「{s}」は {} のいずれでもありません。", names.join("・"))
    })
}

/// A supply as the export names it.
pub fn supply(s: &str) -> Result<Supply, String> {
    let n = text::normalize(s).replace('Ｎ', "N").replace('９', "9").replace('５', "5");
    SUPPLIES.iter().find(|(name, _)| *name == n).map(|(_, su)| *su).ok_or_else(|| {
        let names: Vec<&str> = SUPPLIES.iter().map(|(n, _)| *n).collect();
        format!("物資「{s}」は {} のいずれでもありません。", names.join("・"))
    })
}

/// The longest 要請番号: stored as the request's submission id
/// `legacy:<要請番号>`, at most 36 characters.
pub const MAX_NUMBER: usize = 29;
/// The longest 配送業者 and 追跡番号, as G-MIS stores them.
pub const MAX_CARRIER: usize = 200;
pub const MAX_TRACKING: usize = 40;

fn limited_text(
    get: &impl Fn(&str) -> String,
    column: &'static str,
    max: usize,
    problems: &mut Vec<Problem>,
) -> Option<String> {
    let t = text::one_line(&get(column));
    if t.chars().count() > max {
        problems.push((column, format!("{max}文字を超えています。")));
    }
    (!t.is_empty()).then_some(t)
}

fn optional_text(get: &impl Fn(&str) -> String, column: &'static str, problems: &mut Vec<Problem>) -> Option<String> {
    limited_text(get, column, MAX_TEXT, problems)
}

fn number(get: &impl Fn(&str) -> String, problems: &mut Vec<Problem>) -> String {
    let n = text::normalize(&get(NUMBER));
    if n.is_empty() || n.chars().count() > MAX_NUMBER || n.chars().any(|c| c.is_control() || c == ' ') {
        problems.push((
            NUMBER,
            format!("要請番号「{n}」がないか、形式が正しくありません（{MAX_NUMBER}文字以内、空白なし）。"),
        ));
    }
    n
}

fn login(get: &impl Fn(&str) -> String, column: &'static str) -> Option<String> {
    let l = text::normalize(&get(column));
    (!l.is_empty()).then_some(l)
}

/// A count in `min..=max`; blank is `None`.
fn bounded(
    get: &impl Fn(&str) -> String,
    column: &'static str,
    min: i64,
    max: i64,
    problems: &mut Vec<Problem>,
) -> Option<i64> {
    let raw = get(column);
    match text::count(&raw) {
        Ok(Some(n)) if n < min || n > max => {
            problems.push((column, format!("「{raw}」は{min}〜{max}の範囲にありません。")));
            None
        }
        Ok(n) => n,
        Err(reason) => {
            problems.push((column, reason));
            None
        }
    }
}

/// A checked `sos_requests.csv` row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestRow {
    pub number: String,
    pub medical_code: String,
    pub requested_at: DateTime<Utc>,
    pub batch_date: NaiveDate,
    pub state: SosState,
    /// Blank: the least 在庫日数 of its lines.
    pub min_days: Option<i64>,
    pub reason: String,
    pub reject_reason: Option<String>,
    pub shipped_on: Option<NaiveDate>,
    pub carrier: Option<String>,
    pub tracking: Option<String>,
    pub receipt_note: Option<String>,
    /// Blank: the facility's own account.
    pub requester: Option<String>,
}

/// Checks one `sos_requests.csv` row's own values.
pub fn check_request(get: impl Fn(&str) -> String) -> Result<RequestRow, Vec<Problem>> {
    let mut problems = Vec::new();
    let number = number(&get, &mut problems);
    let medical_code = text::normalize(&get(MEDICAL_CODE));
    if medical_code.len() != 10 || !medical_code.bytes().all(|b| b.is_ascii_digit()) {
        problems.push((MEDICAL_CODE, format!("医療機関コード「{medical_code}」は10桁の数字ではありません。")));
    }
    let requested_at = saved_at(&get(REQUESTED_AT)).map_err(|e| problems.push((REQUESTED_AT, e))).ok();
    let batch_date = text::date(&get(BATCH)).map_err(|e| problems.push((BATCH, e))).ok();
    let state = state(&get(STATE)).map_err(|e| problems.push((STATE, e))).ok();
    let min_days = bounded(&get, MIN_DAYS, 0, 999, &mut problems);
    let reason = optional_text(&get, REASON, &mut problems);
    if reason.is_none() {
        problems.push((REASON, "要請理由がありません。".to_owned()));
    }
    let reject_reason = optional_text(&get, REJECT_REASON, &mut problems);
    let shipped_on = match text::normalize(&get(SHIPPED_ON)).as_str() {
        "" => None,
        d => text::date(d).map_err(|e| problems.push((SHIPPED_ON, e))).ok(),
    };
    let carrier = limited_text(&get, CARRIER, MAX_CARRIER, &mut problems);
    let tracking = limited_text(&get, TRACKING, MAX_TRACKING, &mut problems);
    let receipt_note = optional_text(&get, RECEIPT_NOTE, &mut problems);
    if let Some(state) = state {
        if state == SosState::Rejected && reject_reason.is_none() {
            problems.push((REJECT_REASON, "状態が却下のときは却下理由が要ります。".to_owned()));
        }
        let shipped = matches!(state, SosState::Shipped | SosState::Received | SosState::Closed);
        for (column, missing) in
            [(SHIPPED_ON, shipped_on.is_none()), (CARRIER, carrier.is_none()), (TRACKING, tracking.is_none())]
        {
            if shipped && missing && !problems.iter().any(|(c, _)| *c == column) {
                problems.push((column, format!("状態が{}のときは{column}が要ります。", state_name(state))));
            }
        }
    }
    if let (Some(at), Some(on)) = (requested_at, shipped_on)
        && on < crate::domain::time::japan_date(at)
    {
        problems.push((SHIPPED_ON, format!("発送日 {} が要請日時より前です。", on.format("%Y/%m/%d"))));
    }
    match (requested_at, batch_date, state, reason) {
        (Some(requested_at), Some(batch_date), Some(state), Some(reason)) if problems.is_empty() => Ok(RequestRow {
            number,
            medical_code,
            requested_at,
            batch_date,
            state,
            min_days,
            reason,
            reject_reason,
            shipped_on,
            carrier,
            tracking,
            receipt_note,
            requester: login(&get, REQUESTER),
        }),
        _ => Err(problems),
    }
}

/// A checked `sos_lines.csv` row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineRow {
    pub number: String,
    pub supply: Supply,
    pub quantity: i64,
    pub days_of_stock: i64,
    pub shipped: Option<i64>,
    pub received: Option<i64>,
}

/// Checks one `sos_lines.csv` row's own values: 要請数 1–1,000,000 and
/// 在庫日数 0–999 (as a request made in G-MIS), 発送数 up to 要請数, 受領数 up
/// to 発送数, both blank until shipped / received.
pub fn check_line(get: impl Fn(&str) -> String) -> Result<LineRow, Vec<Problem>> {
    let mut problems = Vec::new();
    let number = number(&get, &mut problems);
    let supply = supply(&get(SUPPLY)).map_err(|e| problems.push((SUPPLY, e))).ok();
    let quantity = bounded(&get, QUANTITY, 1, MAX_QUANTITY, &mut problems);
    if quantity.is_none() && !problems.iter().any(|(c, _)| *c == QUANTITY) {
        problems.push((QUANTITY, "要請数がありません。".to_owned()));
    }
    let days = bounded(&get, DAYS, 0, 999, &mut problems);
    if days.is_none() && !problems.iter().any(|(c, _)| *c == DAYS) {
        problems.push((DAYS, "在庫日数がありません。".to_owned()));
    }
    let shipped = bounded(&get, SHIPPED, 0, MAX_QUANTITY, &mut problems);
    let received = bounded(&get, RECEIVED, 0, MAX_QUANTITY, &mut problems);
    if let (Some(q), Some(s)) = (quantity, shipped)
        && s > q
    {
        problems.push((SHIPPED, format!("発送数 {s} が要請数 {q} を超えています。")));
    }
    match (shipped, received) {
        (Some(s), Some(r)) if r > s => problems.push((RECEIVED, format!("受領数 {r} が発送数 {s} を超えています。"))),
        (None, Some(_)) => problems.push((RECEIVED, "発送数がないのに受領数があります。".to_owned())),
        _ => {}
    }
    match (supply, quantity, days) {
        (Some(supply), Some(quantity), Some(days_of_stock)) if problems.is_empty() => {
            Ok(LineRow { number, supply, quantity, days_of_stock, shipped, received })
        }
        _ => Err(problems),
    }
}

/// A checked `sos_events.csv` row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventRow {
    pub number: String,
    pub at: DateTime<Utc>,
    /// `None` for the request itself (its first event).
    pub from: Option<SosState>,
    pub to: SosState,
    /// Blank: the request's requester.
    pub actor: Option<String>,
    pub note: Option<String>,
}

/// Checks one `sos_events.csv` row's own values.
pub fn check_event(get: impl Fn(&str) -> String) -> Result<EventRow, Vec<Problem>> {
    let mut problems = Vec::new();
    let number = number(&get, &mut problems);
    let at = saved_at(&get(AT)).map_err(|e| problems.push((AT, e))).ok();
    let from = match text::normalize(&get(FROM)).as_str() {
        "" => Some(None),
        s => state(s).map(Some).map_err(|e| problems.push((FROM, e))).ok(),
    };
    let to = state(&get(TO)).map_err(|e| problems.push((TO, e))).ok();
    let note = optional_text(&get, NOTE, &mut problems);
    match (at, from, to) {
        (Some(at), Some(from), Some(to)) if problems.is_empty() => {
            Ok(EventRow { number, at, from, to, actor: login(&get, ACTOR), note })
        }
        _ => Err(problems),
    }
}

/// The step of G-MIS's state machine that an event is, if it is one.
pub fn step_of(from: SosState, to: SosState) -> Option<SosStep> {
    SosStep::ALL.into_iter().find(|s| next_state(from, *s) == Ok(to))
}

/// Checks that `events` (in the file's order) lead from 受付 to `state` by
/// the allowed steps, in time order. The error is the index of the first
/// bad event (`events.len()` when the chain stops short) with the column
/// and reason.
pub fn check_chain(state: SosState, events: &[EventRow]) -> Result<(), (usize, &'static str, String)> {
    let mut current: Option<SosState> = None;
    let mut last: Option<DateTime<Utc>> = None;
    for (i, e) in events.iter().enumerate() {
        match (current, e.from) {
            (None, None) if e.to == SosState::Submitted => {}
            (None, _) => {
                return Err((
                    i,
                    FROM,
                    "最初の状態の変更は、変更前状態が空で変更後状態が受付の行（要請そのもの）です。".to_owned(),
                ));
            }
            (Some(_), None) => return Err((i, FROM, "変更前状態が空の行（要請そのもの）が2回あります。".to_owned())),
            (Some(cur), Some(from)) if cur != from => {
                return Err((
                    i,
                    FROM,
                    format!(
                        "変更前状態「{}」が、その前の変更後の状態「{}」と違います。",
                        state_name(from),
                        state_name(cur)
                    ),
                ));
            }
            (Some(cur), Some(_)) => {
                if step_of(cur, e.to).is_none() {
                    return Err((
                        i,
                        TO,
                        format!(
                            "「{}」から「{}」へは変えられません（G-MIS の緊急配布要請の手順にありません）。",
                            state_name(cur),
                            state_name(e.to)
                        ),
                    ));
                }
            }
        }
        if last.is_some_and(|l| e.at < l) {
            return Err((i, AT, "日時がその前の状態の変更より前です。".to_owned()));
        }
        last = Some(e.at);
        current = Some(e.to);
    }
    match current {
        Some(cur) if cur == state => Ok(()),
        Some(cur) => Err((
            events.len(),
            STATE,
            format!("状態の変更が「{}」で終わり、要請の状態「{}」に届きません。", state_name(cur), state_name(state)),
        )),
        None => Err((0, STATE, "状態の変更（sos_events.csv）がありません。".to_owned())),
    }
}

/// What of a request (with its lines and events) is imported, as one
/// hash: equal means unchanged, however the export wrote it.
pub fn fingerprint(request: &RequestRow, lines: &[LineRow], events: &[EventRow]) -> String {
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    let mut parts = vec![
        request.number.clone(),
        request.medical_code.clone(),
        request.requested_at.to_rfc3339(),
        request.batch_date.to_string(),
        request.state.code().to_owned(),
        request.min_days.map(|d| d.to_string()).unwrap_or_default(),
        request.reason.clone(),
        opt(&request.reject_reason),
        request.shipped_on.map(|d| d.to_string()).unwrap_or_default(),
        opt(&request.carrier),
        opt(&request.tracking),
        opt(&request.receipt_note),
        opt(&request.requester),
    ];
    let mut lines: Vec<&LineRow> = lines.iter().collect();
    lines.sort_by_key(|l| l.supply);
    for l in lines {
        let n = |o: Option<i64>| o.map(|n| n.to_string()).unwrap_or_default();
        parts.push(format!(
            "L{}|{}|{}|{}|{}",
            l.supply.code(),
            l.quantity,
            l.days_of_stock,
            n(l.shipped),
            n(l.received)
        ));
    }
    for e in events {
        parts.push(format!(
            "E{}|{}|{}|{}|{}",
            e.at.to_rfc3339(),
            e.from.map(|s| s.code()).unwrap_or_default(),
            e.to.code(),
            opt(&e.actor),
            opt(&e.note)
        ));
    }
    hex(&Sha256::digest(parts.join("\u{1f}").as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn row<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> String + 'a {
        let map: HashMap<&str, &str> = pairs.iter().copied().collect();
        move |c| map.get(c).map(|v| (*v).to_owned()).unwrap_or_default()
    }

    fn event(from: Option<SosState>, to: SosState, minute: u32) -> EventRow {
        let at = chrono::DateTime::parse_from_rfc3339(&format!("2021-01-05T10:{minute:02}:00+09:00")).unwrap().to_utc();
        EventRow { number: "S1".into(), at, from, to, actor: None, note: None }
    }

    #[test]
    fn states_and_supplies_are_read_by_their_export_names() {
        assert_eq!(state("発送済"), Ok(SosState::Shipped));
        assert_eq!(state(" 受付 "), Ok(SosState::Submitted));
        assert!(state("出荷済").unwrap_err().contains("受付・承認・却下"));
        assert_eq!(supply("N95等マスク"), Ok(Supply::N95Mask));
        assert_eq!(supply("Ｎ９５等マスク"), Ok(Supply::N95Mask));
        assert!(supply("消毒液").is_err());
    }

    #[test]
    fn a_request_row_is_read_with_wareki_and_full_width_digits() {
        let r = check_request(row(&[
            (NUMBER, "ＳＯＳ-0001"),
            (MEDICAL_CODE, "１３１０１００５１４"),
            (REQUESTED_AT, "令和3年1月5日 09:30:00"),
            (BATCH, "R3.1.5"),
            (STATE, "発送済"),
            (REASON, "在庫が\n3日分です"),
            (SHIPPED_ON, "2021/1/7"),
            (CARRIER, "日本郵便"),
            (TRACKING, "1234"),
        ]))
        .unwrap();
        assert_eq!(r.medical_code, "1310100514");
        assert_eq!(r.requested_at.to_rfc3339(), "2021-01-05T00:30:00+00:00");
        assert_eq!(r.batch_date.to_string(), "2021-01-05");
        assert_eq!((r.state, r.reason.as_str(), r.requester), (SosState::Shipped, "在庫が 3日分です", None));
    }

    #[test]
    fn a_request_row_names_each_bad_column() {
        let problems = check_request(row(&[
            (NUMBER, "S1"),
            (MEDICAL_CODE, "13101"),
            (REQUESTED_AT, "2021/02/30 09:00:00"),
            (BATCH, "2021/02/01"),
            (STATE, "却下"),
            (REASON, "x"),
        ]))
        .unwrap_err();
        let columns: Vec<&str> = problems.iter().map(|p| p.0).collect();
        assert_eq!(columns, [MEDICAL_CODE, REQUESTED_AT, REJECT_REASON]);
        let shipped = check_request(row(&[
            (NUMBER, "S1"),
            (MEDICAL_CODE, "1310100514"),
            (REQUESTED_AT, "2021/02/01"),
            (BATCH, "2021/02/01"),
            (STATE, "完了"),
            (REASON, "x"),
        ]))
        .unwrap_err();
        assert_eq!(shipped.iter().map(|p| p.0).collect::<Vec<_>>(), [SHIPPED_ON, CARRIER, TRACKING]);
        let long = "9".repeat(41);
        let too_long = check_request(row(&[
            (NUMBER, "S-0123456789-0123456789-012345"),
            (MEDICAL_CODE, "1310100514"),
            (REQUESTED_AT, "2021/02/01"),
            (BATCH, "2021/02/01"),
            (STATE, "発送済"),
            (REASON, "x"),
            (SHIPPED_ON, "2021/02/02"),
            (CARRIER, "日本郵便"),
            (TRACKING, &long),
        ]))
        .unwrap_err();
        assert_eq!(too_long.iter().map(|p| p.0).collect::<Vec<_>>(), [NUMBER, TRACKING], "30 characters, 41 digits");
    }

    #[test]
    fn a_line_needs_whole_counts_in_order() {
        let l =
            check_line(row(&[(NUMBER, "S1"), (SUPPLY, "非滅菌手袋"), (QUANTITY, "１，０００"), (DAYS, "3")])).unwrap();
        assert_eq!((l.supply, l.quantity, l.days_of_stock, l.shipped), (Supply::Gloves, 1000, 3, None));
        let bad = check_line(row(&[
            (NUMBER, "S1"),
            (SUPPLY, "非滅菌手袋"),
            (QUANTITY, "100"),
            (DAYS, "-1"),
            (SHIPPED, "120"),
        ]))
        .unwrap_err();
        assert_eq!(bad.iter().map(|p| p.0).collect::<Vec<_>>(), [DAYS, SHIPPED]);
        assert!(bad[0].1.contains("0以上の整数ではありません"));
        let received =
            check_line(row(&[(NUMBER, "S1"), (SUPPLY, "ガウン"), (QUANTITY, ""), (DAYS, "1"), (RECEIVED, "5")]))
                .unwrap_err();
        assert_eq!(received.iter().map(|p| p.0).collect::<Vec<_>>(), [SUPPLY, QUANTITY, RECEIVED]);
    }

    #[test]
    fn an_event_row_has_a_blank_from_state_for_the_request_itself() {
        let e = check_event(row(&[(NUMBER, "S1"), (AT, "2021/01/05 09:30"), (TO, "受付")])).unwrap();
        assert_eq!((e.from, e.to), (None, SosState::Submitted));
        let bad = check_event(row(&[(NUMBER, "S1"), (AT, "昨日"), (FROM, "受付"), (TO, "保留")])).unwrap_err();
        assert_eq!(bad.iter().map(|p| p.0).collect::<Vec<_>>(), [AT, TO]);
    }

    #[test]
    fn the_chain_follows_the_state_machine_of_gmis() {
        use SosState::*;
        let good = [
            event(None, Submitted, 0),
            event(Some(Submitted), Accepted, 1),
            event(Some(Accepted), Shipped, 2),
            event(Some(Shipped), Received, 3),
            event(Some(Received), Closed, 4),
        ];
        assert_eq!(check_chain(Closed, &good), Ok(()));
        assert_eq!(check_chain(Shipped, &good[..3]), Ok(()));
        // Shipped before it was accepted.
        let skipped = [event(None, Submitted, 0), event(Some(Submitted), Shipped, 1)];
        let (index, column, reason) = check_chain(Shipped, &skipped).unwrap_err();
        assert_eq!((index, column), (1, TO));
        assert!(reason.contains("「受付」から「発送済」へは変えられません"), "{reason}");
        // Stops short of the request's state.
        assert_eq!(check_chain(Closed, &good[..2]).unwrap_err().0, 2);
        // Does not start with the request itself.
        assert_eq!(check_chain(Accepted, &good[1..2]).unwrap_err().0, 0);
        // A cancelled request cannot be shipped.
        let cancelled =
            [event(None, Submitted, 0), event(Some(Submitted), Cancelled, 1), event(Some(Cancelled), Shipped, 2)];
        assert_eq!(check_chain(Shipped, &cancelled).unwrap_err().0, 2);
        // Out of time order.
        let late = [event(None, Submitted, 5), event(Some(Submitted), Accepted, 1)];
        assert_eq!(
            check_chain(Accepted, &late).unwrap_err(),
            (1, AT, "日時がその前の状態の変更より前です。".to_owned())
        );
        assert_eq!(check_chain(Submitted, &[]).unwrap_err().0, 0);
    }
}
