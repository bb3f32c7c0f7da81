//! Japan time. Every reporting date, deadline and displayed time in G-MIS is
//! Asia/Tokyo, which has had no daylight saving since 1951: a fixed +09:00.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Utc};

/// The Asia/Tokyo offset.
pub fn jst() -> FixedOffset {
    FixedOffset::east_opt(9 * 3600).unwrap_or_else(|| unreachable!("+09:00 is a valid offset"))
}

/// The calendar date in Japan at instant `t`.
pub fn japan_date(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&jst()).date_naive()
}

const WEEKDAYS: [&str; 7] = ["月", "火", "水", "木", "金", "土", "日"];

/// `2026年1月15日（木） 17:30` in Japan time, as shown to users.
pub fn format_datetime_ja(t: DateTime<Utc>) -> String {
    let j = t.with_timezone(&jst());
    format!(
        "{}年{}月{}日（{}） {}",
        j.year(),
        j.month(),
        j.day(),
        WEEKDAYS[j.weekday().num_days_from_monday() as usize],
        j.format("%-H:%M")
    )
}

/// `1月15日（金） 17:30` in Japan time, the year left out (maintenance notices).
pub fn format_moment_ja(t: DateTime<Utc>) -> String {
    let j = t.with_timezone(&jst());
    format!(
        "{}月{}日（{}） {}",
        j.month(),
        j.day(),
        WEEKDAYS[j.weekday().num_days_from_monday() as usize],
        j.format("%-H:%M")
    )
}

/// `2026年11月24日（火）`, as shown to users.
pub fn format_date_ja(d: NaiveDate) -> String {
    format!("{}年{}月{}日（{}）", d.year(), d.month(), d.day(), WEEKDAYS[d.weekday().num_days_from_monday() as usize])
}

/// `2026年11月23日（月）〜11月29日（日）`: the ISO week starting on `monday`.
pub fn format_week_ja(monday: NaiveDate) -> String {
    let sunday = monday.checked_add_days(chrono::Days::new(6)).unwrap_or(monday);
    format!(
        "{}〜{}月{}日（{}）",
        format_date_ja(monday),
        sunday.month(),
        sunday.day(),
        WEEKDAYS[sunday.weekday().num_days_from_monday() as usize]
    )
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
        assert_eq!(format_date_ja(NaiveDate::from_ymd_opt(2026, 11, 24).expect("valid")), "2026年11月24日（火）");
    }

    #[test]
    fn weeks_show_monday_to_sunday() {
        assert_eq!(
            format_week_ja(NaiveDate::from_ymd_opt(2026, 12, 28).expect("valid")),
            "2026年12月28日（月）〜1月3日（日）"
        );
    }

    #[test]
    fn formats_with_weekday() {
        let t = Utc.with_ymd_and_hms(2021, 1, 15, 8, 30, 0).single().expect("valid");
        assert_eq!(format_datetime_ja(t), "2021年1月15日（金） 17:30");
    }
}
