//! `facilities.csv`: the hospitals, clinics, consultation centres and
//! medical associations of the previous system, one account each. A row is
//! read into the registration form's [`AccountRow`] and checked by the same
//! [`validate`] as a registration, plus what only a migration demands: the
//! login ID (kept), the 医療機関コード's check digit, 和暦 dates.

use crate::domain::accounts::{AccountKind, AccountRow, ValidRow, validate};
use crate::domain::ids::PrefectureCode;
use crate::server::legacy::text;
use sha2::{Digest, Sha256};

pub const FILE: &str = "facilities.csv";

pub const KIND: &str = "区分";
pub const MEDICAL_CODE: &str = "医療機関コード";
pub const NAME: &str = "名称";
pub const PREFECTURE: &str = "都道府県";
pub const MUNICIPALITY: &str = "市区町村コード";
pub const MUNICIPALITY_NAME: &str = "市区町村名";
pub const POSTAL_CODE: &str = "郵便番号";
pub const ADDRESS: &str = "所在地";
pub const BEDS: &str = "病床数";
pub const DESIGNATED_FROM: &str = "診療・検査医療機関指定日";
pub const EMAIL: &str = "メールアドレス";
pub const LOGIN_ID: &str = "ログインID";

/// The header, in the order the previous system writes it.
pub const COLUMNS: [&str; 12] = [
    KIND,
    MEDICAL_CODE,
    NAME,
    PREFECTURE,
    MUNICIPALITY,
    MUNICIPALITY_NAME,
    POSTAL_CODE,
    ADDRESS,
    BEDS,
    DESIGNATED_FROM,
    EMAIL,
    LOGIN_ID,
];

/// The `区分` values and what each becomes.
pub const KINDS: [(&str, AccountKind); 4] = [
    ("病院", AccountKind::Hospital),
    ("診療所", AccountKind::Clinic),
    ("受診・相談センター", AccountKind::Centre),
    ("医師会", AccountKind::Aggregator),
];

/// One problem of a row: the column and the reason.
pub type Problem = (&'static str, String);

/// The registration field a column feeds, for naming the column of a
/// problem [`validate`] found.
fn column_of(field: &str) -> &'static str {
    match field {
        "kind" => KIND,
        "name" => NAME,
        "prefecture" => PREFECTURE,
        "municipality" => MUNICIPALITY,
        "medical_code" => MEDICAL_CODE,
        "postal_code" => POSTAL_CODE,
        "address" => ADDRESS,
        "email" => EMAIL,
        "beds" => BEDS,
        "designated_from" => DESIGNATED_FROM,
        _ => LOGIN_ID,
    }
}

/// Checks one row (`get` gives a column's text). `prefecture` turns the
/// `都道府県` column (a name such as 東京都, or a code) into a code. The
/// result always has its login ID.
pub fn check(
    get: impl Fn(&str) -> String,
    prefecture: impl Fn(&str) -> Option<PrefectureCode>,
) -> Result<ValidRow, Vec<Problem>> {
    let mut problems: Vec<Problem> = Vec::new();
    let kind_text = get(KIND).trim().to_owned();
    let kind = KINDS.iter().find(|(label, _)| *label == kind_text).map(|(_, k)| *k);
    if kind.is_none() {
        problems.push((
            KIND,
            format!("区分「{kind_text}」は 病院 / 診療所 / 受診・相談センター / 医師会 のいずれかにしてください。"),
        ));
    }
    let pref_text = text::normalize(&get(PREFECTURE));
    let pref = prefecture(&pref_text);
    if pref.is_none() {
        problems.push((PREFECTURE, format!("都道府県「{pref_text}」がわかりません（例: 東京都）。")));
    }
    let designated = match text::normalize(&get(DESIGNATED_FROM)).as_str() {
        "" => String::new(),
        d => match text::date(d) {
            Ok(day) => day.format("%Y-%m-%d").to_string(),
            Err(reason) => {
                problems.push((DESIGNATED_FROM, reason));
                String::new()
            }
        },
    };
    let beds = match text::count(&get(BEDS)) {
        Ok(b) => b.map(|b| b.to_string()).unwrap_or_default(),
        Err(reason) => {
            problems.push((BEDS, format!("病床数: {reason}")));
            String::new()
        }
    };
    let login_id = get(LOGIN_ID).trim().to_owned();
    if login_id.is_empty() {
        problems.push((LOGIN_ID, "ログインIDがありません（移行するアカウントはIDを引き継ぎます）。".to_owned()));
    }
    let medical_code = text::normalize(&get(MEDICAL_CODE));
    let is_facility = matches!(kind, Some(AccountKind::Hospital | AccountKind::Clinic));
    if !is_facility && kind.is_some() && !medical_code.is_empty() {
        problems.push((MEDICAL_CODE, "受診・相談センターと医師会には医療機関コードを入れません。".to_owned()));
    }
    let row = AccountRow {
        kind: kind.map(|k| k.code().to_owned()).unwrap_or_default(),
        name: text::one_line(&get(NAME)),
        prefecture: pref.as_ref().map(|p| p.as_str().to_owned()).unwrap_or_default(),
        municipality: text::normalize(&get(MUNICIPALITY)),
        medical_code: if is_facility { medical_code } else { String::new() },
        postal_code: text::normalize(&get(POSTAL_CODE)),
        address: text::one_line(&get(ADDRESS)),
        email: text::normalize(&get(EMAIL)),
        beds,
        designated_from: designated,
        login_id,
    };
    let valid = match validate(&row) {
        Ok(v) => Some(v),
        Err(fields) => {
            for (field, reason) in fields {
                let column = column_of(&field);
                // A column already refused above is not refused twice.
                if !problems.iter().any(|(c, _)| *c == column) {
                    problems.push((column, reason));
                }
            }
            None
        }
    };
    if let Some(code) = valid.as_ref().and_then(|v| v.medical_code.as_ref())
        && !code.has_valid_check_digit()
    {
        problems
            .push((MEDICAL_CODE, format!("医療機関コード {} の検証番号（末尾の1桁）が合いません。", code.as_str())));
    }
    match valid {
        Some(v) if problems.is_empty() && v.login_id.is_some() => Ok(v),
        _ => {
            if problems.is_empty() {
                problems.push((LOGIN_ID, "ログインIDがありません。".to_owned()));
            }
            Err(problems)
        }
    }
}

/// What of a checked row is imported, as one string: equal strings mean
/// nothing to update (however the export wrote it — 和暦 or not,
/// full-width or not).
pub fn fingerprint(row: &ValidRow) -> String {
    let parts = [
        row.kind.code().to_owned(),
        row.name.clone(),
        row.prefecture.as_ref().map(|p| p.as_str().to_owned()).unwrap_or_default(),
        row.municipality.as_ref().map(|m| m.as_str().to_owned()).unwrap_or_default(),
        row.medical_code.as_ref().map(|m| m.as_str().to_owned()).unwrap_or_default(),
        row.postal_code.clone().unwrap_or_default(),
        row.address.clone().unwrap_or_default(),
        row.email.clone().unwrap_or_default(),
        row.beds.map(|b| b.to_string()).unwrap_or_default(),
        row.designated_from.map(|d| d.to_string()).unwrap_or_default(),
    ];
    hex(&Sha256::digest(parts.join("\u{1f}").as_bytes()))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn hex_is_two_lower_case_digits_a_byte() {
        assert_eq!(hex(&[0x00, 0xab, 0x0f, 0xf0, 0xff]), "00ab0ff0ff");
        assert_eq!(hex(&[]), "");
    }

    fn pref(s: &str) -> Option<PrefectureCode> {
        match s {
            "北海道" | "01" => PrefectureCode::parse("01").ok(),
            "東京都" | "13" => PrefectureCode::parse("13").ok(),
            _ => None,
        }
    }

    fn row(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        let base = [
            (KIND, "診療所"),
            (MEDICAL_CODE, "1310401292"),
            (NAME, "西早稲田内科クリニック"),
            (PREFECTURE, "東京都"),
            (MUNICIPALITY, "131041"),
            (ADDRESS, "東京都新宿区西早稲田9-9-6"),
            (DESIGNATED_FROM, "令和2年11月1日"),
            (LOGIN_ID, "13C40129"),
        ];
        let mut m: HashMap<String, String> = base.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        for (k, v) in pairs {
            m.insert((*k).to_owned(), (*v).to_owned());
        }
        m
    }

    fn run(pairs: &[(&str, &str)]) -> Result<ValidRow, Vec<Problem>> {
        let m = row(pairs);
        check(|c| m.get(c).cloned().unwrap_or_default(), pref)
    }

    fn columns(r: Result<ValidRow, Vec<Problem>>) -> Vec<&'static str> {
        r.expect_err("refused").into_iter().map(|(c, _)| c).collect()
    }

    #[test]
    fn a_clinic_with_wareki_and_full_width_digits() {
        let v = run(&[(MEDICAL_CODE, "１３１０４０１２９２"), (DESIGNATED_FROM, "R2.11.1")]).expect("valid");
        assert_eq!(v.kind, AccountKind::Clinic);
        assert_eq!(v.medical_code.as_ref().map(|c| c.as_str()), Some("1310401292"));
        assert_eq!(v.designated_from, chrono::NaiveDate::from_ymd_opt(2020, 11, 1));
        assert_eq!(v.login_id.as_ref().map(|l| l.as_str()), Some("13C40129"));
        let same = run(&[]).expect("valid");
        assert_eq!(fingerprint(&v), fingerprint(&same), "how a value was written is no change");
        let moved = run(&[(ADDRESS, "東京都新宿区西早稲田9-9-7")]).expect("valid");
        assert_ne!(fingerprint(&v), fingerprint(&moved));
    }

    #[test]
    fn a_hospital_with_full_width_beds() {
        let v = run(&[(KIND, "病院"), (BEDS, "２４０"), (DESIGNATED_FROM, "")]).expect("valid");
        assert_eq!((v.kind, v.beds), (AccountKind::Hospital, Some(240)));
    }

    #[test]
    fn the_medical_code_check_digit_and_prefecture_part() {
        assert_eq!(columns(run(&[(MEDICAL_CODE, "1310401374")])), [MEDICAL_CODE]);
        let wrong_pref = run(&[(MEDICAL_CODE, "2710101953")]).expect_err("prefecture part");
        assert_eq!(wrong_pref[0].0, MEDICAL_CODE);
        assert!(wrong_pref[0].1.contains("都道府県コードと同じ"), "{}", wrong_pref[0].1);
    }

    #[test]
    fn municipality_check_digit_and_prefecture() {
        assert_eq!(columns(run(&[(MUNICIPALITY, "131042")])), [MUNICIPALITY]);
        assert_eq!(columns(run(&[(MUNICIPALITY, "011002")])), [MUNICIPALITY]);
    }

    #[test]
    fn impossible_wareki_dates_are_refused_on_their_column() {
        let r = run(&[(DESIGNATED_FROM, "平成32年4月1日")]).expect_err("no such era year");
        assert_eq!(r[0].0, DESIGNATED_FROM);
        assert!(r[0].1.contains("平成31年4月30日まで"), "{}", r[0].1);
    }

    #[test]
    fn kind_prefecture_and_login_id_are_required() {
        assert_eq!(columns(run(&[(KIND, "薬局")])), [KIND]);
        assert_eq!(columns(run(&[(PREFECTURE, "東京")])), [PREFECTURE]);
        assert_eq!(columns(run(&[(LOGIN_ID, "")])), [LOGIN_ID]);
        assert_eq!(columns(run(&[(LOGIN_ID, "ａｂｃ")])), [LOGIN_ID]);
    }

    #[test]
    fn centres_and_associations_have_no_medical_code() {
        let centre = run(&[(KIND, "受診・相談センター"), (MEDICAL_CODE, ""), (DESIGNATED_FROM, "")]).expect("valid");
        assert_eq!((centre.kind, centre.medical_code), (AccountKind::Centre, None));
        assert_eq!(columns(run(&[(KIND, "医師会"), (DESIGNATED_FROM, "")])), [MEDICAL_CODE]);
    }
}
