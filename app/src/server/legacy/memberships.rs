//! `memberships.csv`: which association entered for which facility, from
//! when to when. A row names the association by its login ID and the
//! facility by its 医療機関コード; whether both exist (in `facilities.csv`
//! or already in G-MIS) is checked by the importer, which knows both.

use crate::domain::ids::LoginId;
use crate::server::legacy::text;
use crate::server::legacy::units::{Problem, hex};
use chrono::NaiveDate;
use sha2::{Digest, Sha256};

pub const FILE: &str = "memberships.csv";

pub const AGGREGATOR_LOGIN_ID: &str = "医師会ログインID";
pub const AGGREGATOR_NAME: &str = "医師会名";
pub const MEDICAL_CODE: &str = "医療機関コード";
pub const FACILITY_NAME: &str = "医療機関名";
pub const VALID_FROM: &str = "開始日";
pub const VALID_TO: &str = "終了日";

pub const COLUMNS: [&str; 6] =
    [AGGREGATOR_LOGIN_ID, AGGREGATOR_NAME, MEDICAL_CODE, FACILITY_NAME, VALID_FROM, VALID_TO];

/// A checked membership row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MembershipRow {
    pub aggregator: LoginId,
    /// Ten ASCII digits.
    pub medical_code: String,
    pub valid_from: NaiveDate,
    /// The last day, inclusive; `None` while it lasts.
    pub valid_to: Option<NaiveDate>,
}

impl MembershipRow {
    /// What identifies the row from one export to the next: the
    /// association, the facility and the first day. A changed last day is
    /// an update of the same membership.
    pub fn key(&self) -> String {
        format!("{}|{}|{}", self.aggregator.as_str(), self.medical_code, self.valid_from)
    }

    pub fn fingerprint(&self) -> String {
        let to = self.valid_to.map(|d| d.to_string()).unwrap_or_default();
        hex(&Sha256::digest(format!("{}|{to}", self.key()).as_bytes()))
    }
}

/// Checks one row's own values (`get` gives a column's text).
pub fn check(get: impl Fn(&str) -> String) -> Result<MembershipRow, Vec<Problem>> {
    let mut problems: Vec<Problem> = Vec::new();
    let aggregator = LoginId::parse(&get(AGGREGATOR_LOGIN_ID));
    if aggregator.is_err() {
        problems
            .push((AGGREGATOR_LOGIN_ID, "医師会のログインIDがありません（4〜32文字の半角英数字記号）。".to_owned()));
    }
    let medical_code = text::normalize(&get(MEDICAL_CODE));
    if medical_code.len() != 10 || !medical_code.bytes().all(|b| b.is_ascii_digit()) {
        problems.push((MEDICAL_CODE, format!("医療機関コード「{medical_code}」は10桁の数字ではありません。")));
    }
    let valid_from = match text::date(&get(VALID_FROM)) {
        Ok(d) => Some(d),
        Err(reason) => {
            problems.push((VALID_FROM, reason));
            None
        }
    };
    let valid_to = match text::normalize(&get(VALID_TO)).as_str() {
        "" => None,
        d => match text::date(d) {
            Ok(d) => Some(d),
            Err(reason) => {
                problems.push((VALID_TO, reason));
                None
            }
        },
    };
    if let (Some(from), Some(to)) = (valid_from, valid_to)
        && to < from
    {
        problems.push((
            VALID_TO,
            format!("終了日（{}）が開始日（{}）より前です。", to.format("%Y/%m/%d"), from.format("%Y/%m/%d")),
        ));
    }
    match (aggregator, valid_from) {
        (Ok(aggregator), Some(valid_from)) if problems.is_empty() => {
            Ok(MembershipRow { aggregator, medical_code, valid_from, valid_to })
        }
        _ => Err(problems),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(from: &str, to: &str, code: &str) -> Result<MembershipRow, Vec<Problem>> {
        check(|c| {
            match c {
                AGGREGATOR_LOGIN_ID => "27A00001",
                MEDICAL_CODE => code,
                VALID_FROM => from,
                VALID_TO => to,
                _ => "",
            }
            .to_owned()
        })
    }

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn dates_in_either_form_and_an_open_end() {
        let a = run("R3.6.1", "", "２７１０１０１８７０").expect("valid");
        assert_eq!((a.valid_from, a.valid_to, a.medical_code.as_str()), (ymd(2021, 6, 1), None, "2710101870"));
        let b = run("2021/06/01", "", "2710101870").expect("valid");
        assert_eq!(a.key(), b.key());
        assert_eq!(a.fingerprint(), b.fingerprint());
        let ended = run("令和3年6月1日", "2021/12/31", "2710101870").expect("valid");
        assert_eq!(ended.key(), a.key(), "a new last day is the same membership");
        assert_ne!(ended.fingerprint(), a.fingerprint());
    }

    #[test]
    fn an_end_before_the_start_and_bad_codes_are_refused() {
        let r = run("2021/04/01", "2021/03/31", "0112101076").expect_err("backwards");
        assert_eq!(r.iter().map(|p| p.0).collect::<Vec<_>>(), [VALID_TO]);
        assert_eq!(run("2021/04/01", "", "011210107").expect_err("short")[0].0, MEDICAL_CODE);
        assert_eq!(run("", "", "0112101076").expect_err("no start")[0].0, VALID_FROM);
    }
}
