//! Japan time. Every reporting date, deadline and displayed time in G-MIS is
//! Asia/Tokyo, which has had no daylight saving since 1951: a fixed +09:00.

use crate::domain::locale::{DateStyle, Lang, Locale};
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Utc};

/// The Asia/Tokyo offset.
pub fn jst() -> FixedOffset {
    FixedOffset::east_opt(9 * 3600).unwrap_or_else(|| unreachable!("+09:00 is a valid offset"))
}

/// The calendar date in Japan at instant `t`.
pub fn japan_date(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&jst()).date_naive()
}

const WEEKDAYS_JA: [&str; 7] = ["月", "火", "水", "木", "金", "土", "日"];
const WEEKDAYS_EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS_EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// The eras of 和暦 since the Meiji restoration: name, letter, first day.
pub const ERAS: [(&str, char, (i32, u32, u32)); 5] = [
    ("明治", 'M', (1868, 10, 23)),
    ("大正", 'T', (1912, 7, 30)),
    ("昭和", 'S', (1926, 12, 25)),
    ("平成", 'H', (1989, 1, 8)),
    ("令和", 'R', (2019, 5, 1)),
];
const ERAS_EN: [&str; 5] = ["Meiji", "Taisho", "Showa", "Heisei", "Reiwa"];

/// The first and (for a past era) last day of `ERAS[index]`.
pub fn era_range(index: usize) -> (NaiveDate, Option<NaiveDate>) {
    let day = |(y, m, d): (i32, u32, u32)| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
    let first = day(ERAS[index].2);
    let last = ERAS.get(index + 1).and_then(|next| day(next.2).pred_opt());
    (first, last)
}

/// The era of `date` and its year in it (1 for the first year), or `None`
/// before Meiji.
pub fn era_of(date: NaiveDate) -> Option<(usize, i32)> {
    let index = (0..ERAS.len()).rev().find(|i| era_range(*i).0 <= date)?;
    Some((index, date.year() - era_range(index).0.year() + 1))
}

/// What a date is written with.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Parts {
    /// Year, month, day and weekday: `2026年11月24日（火）`.
    Full,
    /// Without the year: `11月24日（火）`.
    NoYear,
    /// Year, month and day, no weekday: `2026年11月24日` (letters, mails).
    Plain,
}

/// The one function that writes a date for people: in the locale's
/// language and date style (西暦 or 和暦). Every other formatter here
/// calls it.
///
/// | | 西暦 | 和暦 |
/// |---|---|---|
/// | 日本語 | 2026年12月2日（水） | 令和8年12月2日（水）, 令和元年5月1日 |
/// | English | Wed 2 Dec 2026 | Wed 2 Dec Reiwa 8 (2026) |
pub fn format_date_in(d: NaiveDate, locale: Locale, parts: Parts) -> String {
    let wd = d.weekday().num_days_from_monday() as usize;
    let era = match locale.dates {
        DateStyle::Wareki => era_of(d),
        DateStyle::Western => None,
    };
    match locale.lang {
        Lang::Ja => {
            let year = match era {
                Some((i, 1)) => format!("{}元年", ERAS[i].0),
                Some((i, y)) => format!("{}{y}年", ERAS[i].0),
                None => format!("{}年", d.year()),
            };
            let md = format!("{}月{}日", d.month(), d.day());
            match parts {
                Parts::Full => format!("{year}{md}（{}）", WEEKDAYS_JA[wd]),
                Parts::NoYear => format!("{md}（{}）", WEEKDAYS_JA[wd]),
                Parts::Plain => format!("{year}{md}"),
            }
        }
        Lang::En => {
            let year = match era {
                Some((i, y)) => format!("{} {y} ({})", ERAS_EN[i], d.year()),
                None => d.year().to_string(),
            };
            let dm = format!("{} {}", d.day(), MONTHS_EN[d.month0() as usize]);
            match parts {
                Parts::Full => format!("{} {dm} {year}", WEEKDAYS_EN[wd]),
                Parts::NoYear => format!("{} {dm}", WEEKDAYS_EN[wd]),
                Parts::Plain => format!("{dm} {year}"),
            }
        }
    }
}

/// `2026年1月15日（木） 17:30` in Japan time, in the current locale.
pub fn format_datetime(t: DateTime<Utc>) -> String {
    format_datetime_in(t, crate::i18n::locale())
}

/// [`format_datetime`] for a given locale (mails, written for their recipient).
pub fn format_datetime_in(t: DateTime<Utc>, locale: Locale) -> String {
    let j = t.with_timezone(&jst());
    format!("{} {}", format_date_in(j.date_naive(), locale, Parts::Full), j.format("%-H:%M"))
}

/// `1月15日（金） 17:30` in Japan time, the year left out (maintenance notices).
pub fn format_moment(t: DateTime<Utc>) -> String {
    let j = t.with_timezone(&jst());
    format!("{} {}", format_date_in(j.date_naive(), crate::i18n::locale(), Parts::NoYear), j.format("%-H:%M"))
}

/// `2026年11月24日（火）`, in the current locale.
pub fn format_date(d: NaiveDate) -> String {
    format_date_in(d, crate::i18n::locale(), Parts::Full)
}

/// `2026年11月23日（月）〜11月29日（日）`: the ISO week starting on `monday`.
pub fn format_week(monday: NaiveDate) -> String {
    let locale = crate::i18n::locale();
    let sunday = monday.checked_add_days(chrono::Days::new(6)).unwrap_or(monday);
    let dash = crate::i18n::catalogue(locale.lang).range_mark;
    format!("{}{dash}{}", format_date_in(monday, locale, Parts::Full), format_date_in(sunday, locale, Parts::NoYear))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn japan_date_rolls_over_at_midnight_jst() {
        let before = Utc.with_ymd_and_hms(2026, 1, 14, 14, 59, 59).single().expect("valid");
        let after = Utc.with_ymd_and_hms(2026, 1, 14, 15, 0, 0).single().expect("valid");
        assert_eq!(japan_date(before), NaiveDate::from_ymd_opt(2026, 1, 14).expect("valid"));
        assert_eq!(japan_date(after), NaiveDate::from_ymd_opt(2026, 1, 15).expect("valid"));
    }

    #[test]
    fn dates_show_their_weekday() {
        assert_eq!(format_date(NaiveDate::from_ymd_opt(2026, 11, 24).expect("valid")), "2026年11月24日（火）");
    }

    #[test]
    fn weeks_show_monday_to_sunday() {
        assert_eq!(
            format_week(NaiveDate::from_ymd_opt(2026, 12, 28).expect("valid")),
            "2026年12月28日（月）〜1月3日（日）"
        );
    }

    #[test]
    fn formats_with_weekday() {
        let t = Utc.with_ymd_and_hms(2021, 1, 15, 8, 30, 0).single().expect("valid");
        assert_eq!(format_datetime(t), "2021年1月15日（金） 17:30");
    }

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid")
    }

    const JA_WAREKI: Locale = Locale { lang: Lang::Ja, dates: DateStyle::Wareki };
    const EN_WESTERN: Locale = Locale { lang: Lang::En, dates: DateStyle::Western };
    const EN_WAREKI: Locale = Locale { lang: Lang::En, dates: DateStyle::Wareki };

    #[test]
    fn wareki_changes_era_on_the_first_day_of_reiwa() {
        assert_eq!(format_date_in(ymd(2019, 4, 30), JA_WAREKI, Parts::Plain), "平成31年4月30日");
        assert_eq!(format_date_in(ymd(2019, 5, 1), JA_WAREKI, Parts::Plain), "令和元年5月1日");
        assert_eq!(format_date_in(ymd(2019, 12, 31), JA_WAREKI, Parts::Plain), "令和元年12月31日");
        assert_eq!(format_date_in(ymd(2020, 1, 1), JA_WAREKI, Parts::Plain), "令和2年1月1日");
        assert_eq!(format_date_in(ymd(2026, 12, 2), JA_WAREKI, Parts::Full), "令和8年12月2日（水）");
        assert_eq!(format_date_in(ymd(1989, 1, 7), JA_WAREKI, Parts::Plain), "昭和64年1月7日");
        assert_eq!(format_date_in(ymd(1989, 1, 8), JA_WAREKI, Parts::Plain), "平成元年1月8日");
        // Before Meiji there is no era to name: the Western year is written.
        assert_eq!(format_date_in(ymd(1868, 10, 22), JA_WAREKI, Parts::Plain), "1868年10月22日");
    }

    #[test]
    fn english_dates_name_day_month_and_year() {
        assert_eq!(format_date_in(ymd(2026, 12, 2), EN_WESTERN, Parts::Full), "Wed 2 Dec 2026");
        assert_eq!(format_date_in(ymd(2026, 12, 2), EN_WESTERN, Parts::Plain), "2 Dec 2026");
        assert_eq!(format_date_in(ymd(2019, 5, 1), EN_WAREKI, Parts::Full), "Wed 1 May Reiwa 1 (2019)");
        assert_eq!(format_date_in(ymd(2019, 4, 30), EN_WAREKI, Parts::Plain), "30 Apr Heisei 31 (2019)");
        let t = Utc.with_ymd_and_hms(2021, 1, 15, 8, 30, 0).single().expect("valid");
        assert_eq!(format_datetime_in(t, EN_WESTERN), "Fri 15 Jan 2021 17:30");
    }
}
