//! The previous system's ways of writing text, numbers and dates, read into
//! plain values: CP932 bytes, full-width digits, `2020/12/18`, and 和暦 as
//! its screens printed it (`令和2年12月18日`, `令和元年5月1日`, `R2.12.18`).
//! Every function is pure; a refusal is a Japanese reason for the rejected-rows
//! file.

use crate::domain::locale::{DateStyle, Lang, Locale};
use crate::domain::time::{ERAS, era_range};
use chrono::{Datelike, NaiveDate};

/// How a piece of the export was encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// Shift_JIS as Windows writes it (CP932 / Windows-31J), as exported.
    Cp932,
    /// UTF-8: the file was saved again by some other program.
    Utf8,
}

/// What the start of a file says about its encoding: a UTF-8 BOM, or
/// multi-byte UTF-8 sequences that decode cleanly (CP932 Japanese text
/// almost never does), mean UTF-8; anything else is taken as CP932.
pub fn sniff(start: &[u8]) -> Encoding {
    if start.starts_with(b"\xEF\xBB\xBF") {
        return Encoding::Utf8;
    }
    // A sniffed block may end inside a character: judge what is complete.
    let valid = match std::str::from_utf8(start) {
        Ok(s) => s,
        Err(e) if e.error_len().is_none() => std::str::from_utf8(&start[..e.valid_up_to()]).unwrap_or_default(),
        Err(_) => return Encoding::Cp932,
    };
    if valid.is_ascii() { Encoding::Cp932 } else { Encoding::Utf8 }
}

/// The reason given for a file that is not CP932.
pub const NOT_CP932: &str = "文字コードが UTF-8 です。旧システムの出力は Shift_JIS（CP932）です。Excel で開いて保存し直した場合は「CSV（コンマ区切り）」で保存してください。";

/// Decodes one record of CP932 bytes; a byte sequence that is not CP932 is
/// refused (never replaced by U+FFFD), and UTF-8 text is named as such.
pub fn decode_cp932(bytes: &[u8]) -> Result<String, &'static str> {
    let (text, had_errors) = encoding_rs::SHIFT_JIS.decode_without_bom_handling(bytes);
    if !had_errors {
        return Ok(text.into_owned());
    }
    if std::str::from_utf8(bytes).is_ok() {
        Err(NOT_CP932)
    } else {
        Err("Shift_JIS（CP932）として読めない文字があります。")
    }
}

/// Full-width digits, slash, hyphen, period, comma and spaces made ASCII,
/// and the ends trimmed: `２０２０／１２／１８` → `2020/12/18`. For codes,
/// numbers and dates only; names keep their characters.
pub fn normalize(s: &str) -> String {
    // Trimming first is the same: the mapped characters keep whether they are spaces.
    let s = s.trim();
    if s.is_ascii() {
        return s.to_owned();
    }
    s.chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '／' => '/',
            '－' | '−' | '‐' => '-',
            '．' => '.',
            '，' => ',',
            '\u{3000}' => ' ',
            c => c,
        })
        .collect::<String>()
        .trim()
        .to_owned()
}

/// A text field as stored: line breaks inside a quoted field (a multi-line
/// address typed into the old screen) become one space, ends trimmed.
pub fn one_line(s: &str) -> String {
    s.split(['\r', '\n']).map(str::trim).filter(|p| !p.is_empty()).collect::<Vec<_>>().join(" ")
}

/// A count: blank is unknown (`None`); otherwise a whole number ≥ 0,
/// full-width digits and thousands separators allowed (`１，２３４`).
pub fn count(s: &str) -> Result<Option<i64>, String> {
    let n = normalize(s);
    if n.is_empty() {
        return Ok(None);
    }
    let digits: String = n.chars().filter(|c| *c != ',').collect();
    if digits.is_empty() || digits.len() > 12 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("「{s}」は0以上の整数ではありません。"));
    }
    digits.parse().map(Some).map_err(|_| format!("「{s}」は0以上の整数ではありません。"))
}

/// The Japanese eras from 明治, with their first day in the Gregorian
/// calendar (明治 from the Gregorian date of its proclamation; dates before
/// 1873 are not dates this system meets).
/// A date as the export writes it: `2020/12/18` (one-digit month and day
/// too), or 和暦 `令和2年12月18日`, `令和元年5月1日`, `R2.12.18`, `H31.4.30`;
/// full-width digits allowed. An era date outside its era (平成31年5月1日,
/// 平成32年, 令和元年4月30日) is refused: the old screens never printed one,
/// so it is a typing error, not a date.
pub fn date(s: &str) -> Result<NaiveDate, String> {
    let n = normalize(s);
    let refuse = || format!("「{s}」は日付ではありません（2020/12/18 または 令和2年12月18日 の形式）。");
    if let Some(first) = n.chars().next()
        && first.is_ascii_digit()
    {
        let parts: Vec<&str> = n.split('/').collect();
        let [y, m, d] = parts.as_slice() else { return Err(refuse()) };
        if y.len() != 4 || m.is_empty() || d.is_empty() || m.len() > 2 || d.len() > 2 {
            return Err(refuse());
        }
        let (Ok(y), Ok(m), Ok(d)) = (y.parse(), m.parse(), d.parse()) else { return Err(refuse()) };
        return NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| format!("「{s}」という日はありません。"));
    }
    let (index, rest) = ERAS
        .iter()
        .enumerate()
        .find_map(|(i, (name, letter, _))| {
            n.strip_prefix(name)
                .or_else(|| n.strip_prefix(*letter))
                .or_else(|| n.strip_prefix(letter.to_ascii_lowercase()))
                .map(|rest| (i, rest))
        })
        .ok_or_else(refuse)?;
    let (year, month, day) = if let Some((y, rest)) = rest.split_once('年') {
        let (m, rest) = rest.split_once('月').ok_or_else(refuse)?;
        let d = rest.strip_suffix('日').ok_or_else(refuse)?;
        (y.trim(), m.trim(), d.trim())
    } else {
        let parts: Vec<&str> = rest.split('.').collect();
        let [y, m, d] = parts.as_slice() else { return Err(refuse()) };
        (*y, *m, *d)
    };
    let year: i32 = if year == "元" { 1 } else { year.parse().map_err(|_| refuse())? };
    let (Ok(month), Ok(day)) = (month.parse::<u32>(), day.parse::<u32>()) else { return Err(refuse()) };
    if year < 1 {
        return Err(refuse());
    }
    let (first, last) = era_range(index);
    let name = ERAS[index].0;
    let date = NaiveDate::from_ymd_opt(first.year() + year - 1, month, day)
        .ok_or_else(|| format!("「{s}」という日はありません。"))?;
    if date < first || last.is_some_and(|l| date > l) {
        let span = match last {
            Some(l) => format!("{name}は{}から{}まで", wareki(first), wareki(l)),
            None => format!("{name}は{}から", wareki(first)),
        };
        return Err(format!("「{s}」という日はありません（{span}）。"));
    }
    Ok(date)
}

/// A date in 和暦 as the old screens printed it: `令和2年12月18日`,
/// `令和元年5月1日`.
pub fn wareki(date: NaiveDate) -> String {
    let locale = Locale { lang: Lang::Ja, dates: DateStyle::Wareki };
    crate::domain::time::format_date_in(date, locale, crate::domain::time::Parts::Plain)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn western_dates_with_slashes_and_full_width_digits() {
        assert_eq!(date("2020/12/18"), Ok(ymd(2020, 12, 18)));
        assert_eq!(date("2021/1/4"), Ok(ymd(2021, 1, 4)));
        assert_eq!(date("２０２０／１２／１８"), Ok(ymd(2020, 12, 18)));
        assert_eq!(date(" 2020/12/18 "), Ok(ymd(2020, 12, 18)));
        for bad in ["2020-12-18", "20/12/18", "2020/13/01", "2021/02/29", "2020/12", "明日", ""] {
            assert!(date(bad).is_err(), "{bad}");
        }
        assert!(date("2021/02/29").expect_err("no such day").contains("という日はありません"));
    }

    #[test]
    fn wareki_in_kanji_and_letters() {
        assert_eq!(date("令和2年12月18日"), Ok(ymd(2020, 12, 18)));
        assert_eq!(date("令和２年１２月１８日"), Ok(ymd(2020, 12, 18)));
        assert_eq!(date("R2.12.18"), Ok(ymd(2020, 12, 18)));
        assert_eq!(date("R02.12.18"), Ok(ymd(2020, 12, 18)));
        assert_eq!(date("r2.12.18"), Ok(ymd(2020, 12, 18)));
        assert_eq!(date("H31.4.30"), Ok(ymd(2019, 4, 30)));
        assert_eq!(date("昭和64年1月7日"), Ok(ymd(1989, 1, 7)));
        assert_eq!(date("平成元年1月8日"), Ok(ymd(1989, 1, 8)));
        assert_eq!(date("大正15年12月24日"), Ok(ymd(1926, 12, 24)));
        assert_eq!(date("昭和元年12月25日"), Ok(ymd(1926, 12, 25)));
        assert_eq!(date("明治45年7月29日"), Ok(ymd(1912, 7, 29)));
    }

    #[test]
    fn era_boundaries_and_impossible_era_years() {
        assert_eq!(date("平成31年4月30日"), Ok(ymd(2019, 4, 30)));
        assert_eq!(date("令和元年5月1日"), Ok(ymd(2019, 5, 1)));
        let after = date("平成31年5月1日").expect_err("平成 ended on 4/30");
        assert!(after.contains("平成は平成元年1月8日から平成31年4月30日まで"), "{after}");
        assert!(date("平成32年4月1日").is_err());
        assert!(date("H32.4.1").is_err());
        assert!(date("令和元年4月30日").expect_err("before 令和").contains("令和は令和元年5月1日から"));
        assert!(date("昭和64年1月8日").is_err());
        assert!(date("令和0年5月1日").is_err());
        assert!(date("令和2年2月30日").expect_err("no day").contains("という日はありません"));
        assert!(date("令和2年12月").is_err());
        assert!(date("X2.12.18").is_err());
    }

    #[test]
    fn dates_print_back_in_wareki() {
        assert_eq!(wareki(ymd(2019, 5, 1)), "令和元年5月1日");
        assert_eq!(wareki(ymd(2019, 4, 30)), "平成31年4月30日");
        assert_eq!(wareki(ymd(2020, 12, 18)), "令和2年12月18日");
        for d in [ymd(1989, 1, 7), ymd(1989, 1, 8), ymd(2021, 3, 31)] {
            assert_eq!(date(&wareki(d)), Ok(d));
        }
    }

    #[test]
    fn full_width_digits_and_counts() {
        assert_eq!(normalize("　０１２３４５６７８９　"), "0123456789");
        assert_eq!(normalize("１６９－００５１"), "169-0051");
        assert_eq!(count("２４０"), Ok(Some(240)));
        assert_eq!(count("1,234"), Ok(Some(1234)));
        assert_eq!(count(""), Ok(None));
        assert_eq!(count("　"), Ok(None));
        for bad in ["-1", "1.5", "十", "12a", ","] {
            assert!(count(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn multi_line_fields_become_one_line() {
        assert_eq!(
            one_line("東京都新宿区西早稲田9-9-6\r\n西早稲田ビル2階"),
            "東京都新宿区西早稲田9-9-6 西早稲田ビル2階"
        );
        assert_eq!(one_line("  一行 "), "一行");
    }

    #[test]
    fn cp932_decodes_and_utf8_is_named() {
        let sjis = encoding_rs::SHIFT_JIS.encode("札幌北斗記念病院,①").0.into_owned();
        assert_eq!(decode_cp932(&sjis).as_deref(), Ok("札幌北斗記念病院,①"));
        assert_eq!(sniff(&sjis), Encoding::Cp932);
        let utf8 = "札幌北斗記念病院".as_bytes();
        assert_eq!(decode_cp932(utf8), Err(NOT_CP932));
        assert_eq!(sniff(utf8), Encoding::Utf8);
        assert_eq!(sniff(&utf8[..5]), Encoding::Utf8, "a character cut at the end of the sniffed block");
        assert_eq!(sniff(b"\xEF\xBB\xBFkind"), Encoding::Utf8);
        assert_eq!(sniff(b"ascii,only"), Encoding::Cp932);
        assert!(decode_cp932(b"\x82").is_err(), "a lone lead byte");
    }
}
