//! Japanese text search (SPEC §6): how text becomes index terms, how a query
//! becomes a database query, and how matches are highlighted.
//!
//! Japanese has no spaces between words, so each run of Japanese letters is
//! indexed as short overlapping pieces; ASCII words stay whole. Both
//! databases index these terms with their own full-text index, so every
//! query length is answered from the index, and both find exactly the
//! notices that hold every word of the query:
//!
//! - SQLite FTS5 indexes character pairs ([`index_terms`]): 「病床数」 →
//!   `病床 床数 数` (a run also ends with its last character alone). One
//!   character 「床」 is the prefix `床*`, two 「病床」 the term `病床`, longer
//!   ones 「病床数」 the phrase `病床 床数` (pairs at consecutive positions).
//! - PostgreSQL indexes the three characters starting at each position
//!   ([`trigram_terms`]): 「病床数」 → `病床数 床数 数`. One or two characters
//!   are a prefix (`床:*`, `病床:*`: every piece starting with them), three
//!   「マスク」 one exact term, longer ones 「発熱外来」 the phrase
//!   `発熱外 <-> 熱外来`. A phrase is checked against the positions stored
//!   with each matching notice, which PostgreSQL reads from its out-of-line
//!   storage; an exact term or a prefix is answered by the index alone, so
//!   the commonest words (two or three characters) cost no such reading.
//! - ASCII words 「ID」 are the prefix `id*` on both (case-insensitive).
//!
//! Several words separated by spaces must all match.
use serde::{Deserialize, Serialize};

/// At most this many words of a query are used.
pub const MAX_QUERY_PARTS: usize = 8;
/// At most this many characters of a query are read.
pub const MAX_QUERY_CHARS: usize = 100;

/// Folds the variants a user may type differently onto one form, one
/// character for one character (so positions in the folded text are
/// positions in the original): full-width ASCII → ASCII, ASCII lower case,
/// half-width katakana → full-width, the ideographic space → a space.
pub fn fold(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).map_or(c, |a| a.to_ascii_lowercase()),
        '\u{3000}' => ' ',
        '\u{FF61}'..='\u{FF9F}' => HALF_KANA.chars().nth((c as u32 - 0xFF61) as usize).unwrap_or(c),
        _ => c.to_ascii_lowercase(),
    }
}

/// Full-width forms of U+FF61..U+FF9F (half-width punctuation and katakana).
const HALF_KANA: &str = "。「」、・ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン゛゜";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    /// ASCII letters and digits: whole words.
    Word,
    /// Any other letter or number (kanji, kana, the long-vowel mark): pairs.
    Japanese,
    /// Everything else separates.
    Gap,
}

fn class(c: char) -> Class {
    if c.is_ascii_alphanumeric() {
        Class::Word
    } else if c.is_alphanumeric() || matches!(c, 'ー' | '々' | 'ヶ' | '〆') {
        Class::Japanese
    } else {
        Class::Gap
    }
}

/// The runs of folded `text`: maximal stretches of one class, gaps dropped.
fn runs(text: &str) -> Vec<(Class, String)> {
    let mut out: Vec<(Class, String)> = Vec::new();
    let mut last = Class::Gap;
    for c in text.chars().map(fold) {
        let k = class(c);
        match (k, out.last_mut()) {
            (Class::Gap, _) => {}
            (k, Some((_, run))) if k == last => run.push(c),
            (k, _) => out.push((k, c.to_string())),
        }
        last = k;
    }
    out
}

/// The pairs of a Japanese run, in order, ending with its last character.
fn bigrams(run: &str) -> Vec<String> {
    let chars: Vec<char> = run.chars().collect();
    let mut out: Vec<String> = chars.windows(2).map(|w| w.iter().collect()).collect();
    if let Some(last) = chars.last() {
        out.push(last.to_string());
    }
    out
}

/// The index terms of `text` for SQLite (character pairs), separated by
/// spaces.
pub fn index_terms(text: &str) -> String {
    let mut terms = Vec::new();
    for (class, run) in runs(text) {
        match class {
            Class::Japanese => terms.extend(bigrams(&run)),
            _ => terms.push(run),
        }
    }
    terms.join(" ")
}

/// The three characters starting at each position of a Japanese run (fewer
/// at its end: the last pair, the last character).
fn trigrams(run: &str) -> Vec<String> {
    let chars: Vec<char> = run.chars().collect();
    (0..chars.len()).map(|i| chars[i..(i + 3).min(chars.len())].iter().collect()).collect()
}

/// The index terms of `text` for PostgreSQL (one term per position: the
/// three characters starting there), separated by spaces.
pub fn trigram_terms(text: &str) -> String {
    let mut terms = Vec::new();
    for (class, run) in runs(text) {
        match class {
            Class::Japanese => terms.extend(trigrams(&run)),
            _ => terms.push(run),
        }
    }
    terms.join(" ")
}

/// One word of a query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QueryPart {
    /// Terms starting with this (one Japanese character, or an ASCII word).
    Prefix(String),
    /// Two or more Japanese characters, found exactly as they are.
    Phrase(String),
}

/// A parsed search query: every part must match.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchQuery {
    pub parts: Vec<QueryPart>,
    /// The folded words, for highlighting.
    pub needles: Vec<String>,
}

impl SearchQuery {
    /// Reads what the user typed; `None` when nothing in it can be searched
    /// (empty, only punctuation).
    pub fn parse(q: &str) -> Option<SearchQuery> {
        let q: String = q.chars().take(MAX_QUERY_CHARS).collect();
        let mut parts = Vec::new();
        let mut needles = Vec::new();
        for (class, run) in runs(&q).into_iter().take(MAX_QUERY_PARTS) {
            let part = if class == Class::Japanese && run.chars().count() >= 2 {
                QueryPart::Phrase(run.clone())
            } else {
                QueryPart::Prefix(run.clone())
            };
            if !parts.contains(&part) {
                parts.push(part);
                needles.push(run);
            }
        }
        (!parts.is_empty()).then_some(SearchQuery { parts, needles })
    }

    /// The query in SQLite FTS5 syntax. Terms hold only letters and digits,
    /// so quoting them is enough.
    pub fn fts5(&self) -> String {
        self.parts
            .iter()
            .map(|p| match p {
                QueryPart::Prefix(t) => format!("\"{t}\"*"),
                QueryPart::Phrase(run) => {
                    let mut pairs = bigrams(run);
                    pairs.pop(); // the last character alone is implied by the last pair
                    format!("\"{}\"", pairs.join(" "))
                }
            })
            .collect::<Vec<_>>()
            .join(" AND ")
    }

    /// The query in PostgreSQL `to_tsquery('simple', …)` syntax, over the
    /// terms of [`trigram_terms`].
    pub fn tsquery(&self) -> String {
        self.parts
            .iter()
            .map(|p| match p {
                QueryPart::Prefix(t) => format!("'{t}':*"),
                QueryPart::Phrase(run) => match run.chars().count() {
                    // A pair: the pieces starting with it (a whole triple,
                    // or the pair at the end of a run).
                    2 => format!("'{run}':*"),
                    3 => format!("'{run}'"),
                    // Longer: its triples at consecutive positions (the
                    // shorter end pieces are implied by the last triple).
                    _ => {
                        let mut triples = trigrams(run);
                        triples.truncate(triples.len() - 2);
                        format!("({})", triples.iter().map(|t| format!("'{t}'")).collect::<Vec<_>>().join(" <-> "))
                    }
                },
            })
            .collect::<Vec<_>>()
            .join(" & ")
    }

    /// Whether `text` holds every word (the same rule as the index, for
    /// small lists searched in memory).
    pub fn matches(&self, text: &str) -> bool {
        let folded: String = text.chars().map(fold).collect();
        self.needles.iter().all(|n| folded.contains(n.as_str()))
    }
}

/// A piece of displayed text, marked when it matched the query.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    pub text: String,
    pub hit: bool,
}

/// Which characters of `chars` lie inside an occurrence of a needle.
fn hit_mask(chars: &[char], needles: &[String]) -> Vec<bool> {
    let folded: Vec<char> = chars.iter().copied().map(fold).collect();
    let mut mask = vec![false; chars.len()];
    for needle in needles {
        let n: Vec<char> = needle.chars().collect();
        if n.is_empty() || n.len() > folded.len() {
            continue;
        }
        for start in 0..=folded.len() - n.len() {
            if folded[start..start + n.len()] == n[..] {
                mask[start..start + n.len()].iter_mut().for_each(|m| *m = true);
            }
        }
    }
    mask
}

fn segments(chars: &[char], mask: &[bool]) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    for (c, hit) in chars.iter().zip(mask) {
        match out.last_mut() {
            Some(s) if s.hit == *hit => s.text.push(*c),
            _ => out.push(Segment { text: c.to_string(), hit: *hit }),
        }
    }
    out
}

/// `text` with every occurrence of the query's words marked.
pub fn highlight(text: &str, needles: &[String]) -> Vec<Segment> {
    let chars: Vec<char> = text.chars().collect();
    let mask = hit_mask(&chars, needles);
    segments(&chars, &mask)
}

/// About `width` characters of `text` around its first match (its start
/// when nothing matches), on one line, with the matches marked and `…`
/// where text was cut.
pub fn snippet(text: &str, needles: &[String], width: usize) -> Vec<Segment> {
    let chars: Vec<char> = text.chars().map(|c| if c.is_whitespace() { ' ' } else { c }).collect();
    let mask = hit_mask(&chars, needles);
    let first = mask.iter().position(|m| *m).unwrap_or(0);
    let start = first.saturating_sub(width / 3);
    let end = (start + width).min(chars.len());
    let mut out = segments(&chars[start..end], &mask[start..end]);
    if start > 0 {
        out.insert(0, Segment { text: "…".into(), hit: false });
    }
    if end < chars.len() {
        out.push(Segment { text: "…".into(), hit: false });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_runs_become_pairs_and_ascii_words_stay_whole() {
        assert_eq!(index_terms("病床数"), "病床 床数 数");
        assert_eq!(index_terms("N95等マスクの在庫"), "n95 等マ マス スク クの の在 在庫 庫");
        assert_eq!(index_terms("「確保病床」、ＩＤ。"), "確保 保病 病床 床 id");
        assert_eq!(index_terms("床"), "床");
        assert_eq!(index_terms("  、。 "), "");
    }

    #[test]
    fn for_postgresql_each_position_holds_the_three_characters_starting_there() {
        assert_eq!(trigram_terms("病床数"), "病床数 床数 数");
        assert_eq!(trigram_terms("N95等マスクの在庫"), "n95 等マス マスク スクの クの在 の在庫 在庫 庫");
        assert_eq!(trigram_terms("「確保病床」、ＩＤ。病床"), "確保病 保病床 病床 床 id 病床 床");
        assert_eq!(trigram_terms("床"), "床");
        assert_eq!(trigram_terms("  、。 "), "");
    }

    #[test]
    fn variants_fold_onto_one_form() {
        assert_eq!(index_terms("ＧＭＩＳ　ﾏｽｸ"), "gmis マス スク ク");
        assert_eq!(SearchQuery::parse("ｍａｓｋ"), SearchQuery::parse("MASK"));
    }

    #[test]
    fn each_query_length_has_its_form() {
        let q = SearchQuery::parse("床").unwrap();
        assert_eq!(q.parts, vec![QueryPart::Prefix("床".into())]);
        let q = SearchQuery::parse("病床").unwrap();
        assert_eq!(q.parts, vec![QueryPart::Phrase("病床".into())]);
        let q = SearchQuery::parse("マスク").unwrap();
        assert_eq!(q.parts, vec![QueryPart::Phrase("マスク".into())]);
        let q = SearchQuery::parse("ID").unwrap();
        assert_eq!(q.parts, vec![QueryPart::Prefix("id".into())]);
    }

    #[test]
    fn words_are_all_required_and_rendered_for_both_databases() {
        let q = SearchQuery::parse("N95マスク　病床 病床").unwrap();
        assert_eq!(q.needles, vec!["n95", "マスク", "病床"]);
        assert_eq!(q.fts5(), "\"n95\"* AND \"マス スク\" AND \"病床\"");
        assert_eq!(q.tsquery(), "'n95':* & 'マスク' & '病床':*");
        let q = SearchQuery::parse("床 発熱外来の運用").unwrap();
        assert_eq!(q.fts5(), "\"床\"* AND \"発熱 熱外 外来 来の の運 運用\"");
        assert_eq!(q.tsquery(), "'床':* & ('発熱外' <-> '熱外来' <-> '外来の' <-> '来の運' <-> 'の運用')");
    }

    #[test]
    fn queries_without_letters_are_nothing_to_search() {
        assert_eq!(SearchQuery::parse(""), None);
        assert_eq!(SearchQuery::parse("  「」、\"'*()"), None);
        // Quotes and operators never reach the database query.
        let q = SearchQuery::parse("病床\" OR 1=1 --").unwrap();
        assert_eq!(q.fts5(), "\"病床\" AND \"or\"* AND \"1\"*");
    }

    #[test]
    fn long_queries_are_cut() {
        let q = SearchQuery::parse(&"あ い ".repeat(40)).unwrap();
        assert!(q.parts.len() <= 2);
        let many = (0..20).map(|i| format!("w{i}")).collect::<Vec<_>>().join(" ");
        assert_eq!(SearchQuery::parse(&many).unwrap().parts.len(), MAX_QUERY_PARTS);
    }

    #[test]
    fn a_phrase_query_finds_its_pieces_where_the_text_holds_it_in_both_indexes() {
        // Every piece of a phrase sits at the positions following the
        // phrase's start in the terms of a text that holds it: pairs for
        // SQLite, triples for PostgreSQL (a pair is a prefix of its piece).
        let text = "確保病床数の報告";
        let pairs: Vec<String> = index_terms(text).split(' ').map(str::to_owned).collect();
        let triples: Vec<String> = trigram_terms(text).split(' ').map(str::to_owned).collect();
        let chars: Vec<char> = text.chars().collect();
        for len in 2..=chars.len() {
            for start in 0..=chars.len() - len {
                let phrase: String = chars[start..start + len].iter().collect();
                let mut want = bigrams(&phrase);
                want.pop();
                assert!(pairs[start..].starts_with(&want), "{phrase}");
                let mut want = trigrams(&phrase);
                want.truncate(len.saturating_sub(2).max(1));
                assert!(triples[start].starts_with(&want[0]), "{phrase}");
                if len >= 3 {
                    assert!(triples[start..].starts_with(&want), "{phrase}");
                }
            }
        }
    }

    #[test]
    fn highlights_mark_every_occurrence_case_insensitively() {
        let q = SearchQuery::parse("病床 id").unwrap();
        let segs = highlight("確保病床とログインID（病床）", &q.needles);
        let marked: Vec<&str> = segs.iter().filter(|s| s.hit).map(|s| s.text.as_str()).collect();
        assert_eq!(marked, vec!["病床", "ID", "病床"]);
        let all: String = segs.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(all, "確保病床とログインID（病床）");
    }

    #[test]
    fn snippets_centre_on_the_first_match() {
        let text = format!("{}重点医療機関の病床確保について{}", "前".repeat(50), "後".repeat(50));
        let q = SearchQuery::parse("病床").unwrap();
        let s = snippet(&text, &q.needles, 30);
        assert_eq!(s.first().unwrap().text, "…");
        assert_eq!(s.last().unwrap().text, "…");
        assert!(s.iter().any(|x| x.hit && x.text == "病床"));
        let chars: usize = s.iter().map(|x| x.text.chars().count()).sum();
        assert_eq!(chars, 32);
        // No match: the start of the text.
        let s = snippet("短い本文", &q.needles, 30);
        assert_eq!(s, vec![Segment { text: "短い本文".into(), hit: false }]);
    }

    #[test]
    fn in_memory_matching_follows_the_same_folding() {
        let q = SearchQuery::parse("ﾏｽｸ 在庫").unwrap();
        assert!(q.matches("マスクの在庫が少ない"));
        assert!(!q.matches("マスクの配布"));
    }
}
