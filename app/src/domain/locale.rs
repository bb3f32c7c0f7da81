//! A user's language and date style (issue 21 item 4). Chosen per user on
//! `/account`; a user who has not chosen a language, and every visitor
//! before logging in, gets the one their browser asks for in
//! `Accept-Language` (Japanese unless English is preferred over it).

use serde::{Deserialize, Serialize};

/// The language of the pages, errors, mails and CSV headers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Ja,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Ja, Lang::En];

    /// The BCP 47 code (`<html lang>`, the stored choice, `?lang=`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == s.trim())
    }

    /// The language an `Accept-Language` header prefers among the two:
    /// English only where it is asked for with a higher weight than
    /// Japanese (or Japanese is not asked for at all). Malformed parts are
    /// skipped; an empty or unreadable header means Japanese.
    pub fn from_accept_language(header: &str) -> Lang {
        let mut ja: Option<f32> = None;
        let mut en: Option<f32> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = pieces
                .find_map(|p| {
                    let (name, value) = p.split_once('=')?;
                    name.trim().eq_ignore_ascii_case("q").then(|| value.trim().parse::<f32>().ok())
                })
                .unwrap_or(Some(1.0));
            let Some(q) = q.filter(|q| (0.0..=1.0).contains(q)) else { continue };
            let primary = tag.split('-').next().unwrap_or("");
            let slot = match primary {
                "ja" => &mut ja,
                "en" => &mut en,
                _ => continue,
            };
            *slot = Some(slot.map_or(q, |old: f32| old.max(q)));
        }
        match (ja, en) {
            (Some(j), Some(e)) if e > j => Lang::En,
            (None, Some(e)) if e > 0.0 => Lang::En,
            _ => Lang::Ja,
        }
    }
}

/// How dates are written: `2026年12月2日` or `令和8年12月2日`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DateStyle {
    #[default]
    Western,
    /// 和暦: the Japanese era (令和, 平成, …).
    Wareki,
}

impl DateStyle {
    pub const ALL: [DateStyle; 2] = [DateStyle::Western, DateStyle::Wareki];

    /// The stored word.
    pub fn code(self) -> &'static str {
        match self {
            DateStyle::Western => "western",
            DateStyle::Wareki => "wareki",
        }
    }

    pub fn parse(s: &str) -> Option<DateStyle> {
        DateStyle::ALL.into_iter().find(|d| d.code() == s.trim())
    }
}

/// Language and date style together: what every text and date of a
/// response is written in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Locale {
    pub lang: Lang,
    pub dates: DateStyle,
}

impl Locale {
    /// A user's stored choices (`None`: follow the browser) with the
    /// request's `Accept-Language`.
    pub fn of(chosen: Option<Lang>, dates: DateStyle, accept_language: Option<&str>) -> Locale {
        let lang = chosen.unwrap_or_else(|| accept_language.map_or(Lang::Ja, Lang::from_accept_language));
        Locale { lang, dates }
    }
}

/// What a user chose on `/account`: the language (`None`: the browser's)
/// and the date style.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisplayChoice {
    pub lang: Option<Lang>,
    pub dates: DateStyle,
}

/// The display settings as `/account` shows them: the choice, and today
/// (Japan time, the server's clock) to write each date style's example with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisplayView {
    pub choice: DisplayChoice,
    pub today: chrono::NaiveDate,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_prefers_english_only_when_asked_for_above_japanese() {
        for (header, want) in [
            ("en-US,en;q=0.9", Lang::En),
            ("en-GB", Lang::En),
            ("ja,en-US;q=0.9,en;q=0.8", Lang::Ja),
            ("en-US,en;q=0.9,ja;q=0.8", Lang::En),
            ("ja-JP", Lang::Ja),
            ("fr-FR,fr;q=0.9", Lang::Ja),
            ("fr-FR,en;q=0.5", Lang::En),
            ("", Lang::Ja),
            ("*", Lang::Ja),
            ("en;q=0", Lang::Ja),
            ("en;q=abc,ja;q=0.1", Lang::Ja),
            ("EN-us;q=0.7, ja;q=0.6", Lang::En),
            ("en;Q=0.1, ja;q=0.5", Lang::Ja),
            (";;;,,,q=", Lang::Ja),
        ] {
            assert_eq!(Lang::from_accept_language(header), want, "{header}");
        }
    }

    #[test]
    fn a_chosen_language_wins_over_the_browser() {
        assert_eq!(Locale::of(Some(Lang::Ja), DateStyle::Western, Some("en")).lang, Lang::Ja);
        assert_eq!(
            Locale::of(None, DateStyle::Wareki, Some("en")),
            Locale { lang: Lang::En, dates: DateStyle::Wareki }
        );
        assert_eq!(Locale::of(None, DateStyle::Western, None).lang, Lang::Ja);
    }

    #[test]
    fn codes_read_back() {
        for l in Lang::ALL {
            assert_eq!(Lang::parse(l.code()), Some(l));
        }
        for d in DateStyle::ALL {
            assert_eq!(DateStyle::parse(d.code()), Some(d));
        }
        assert_eq!(Lang::parse("de"), None);
        assert_eq!(DateStyle::parse(""), None);
    }
}
