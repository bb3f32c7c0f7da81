//! The Markdown of notice bodies, read into typed blocks that views render
//! as elements. No HTML from a body ever reaches the browser as markup, so a
//! body cannot carry a script: `<script>` is shown as text.
//!
//! Understood: `#`/`##`/`###` headings, paragraphs (single line breaks kept),
//! `-`/`*`/`・` and `1.` lists, `**bold**`, `[text](https://…)` links and bare
//! `https://` addresses. Links go only to `http(s):`, `mailto:` or a path of
//! this site; anything else stays text.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Inline {
    Text(String),
    Strong(String),
    Link { text: String, href: String },
    Break,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Block {
    /// Level 2–4 (the page's own title is the `h1`).
    Heading(u8, Vec<Inline>),
    Paragraph(Vec<Inline>),
    List {
        ordered: bool,
        items: Vec<Vec<Inline>>,
    },
}

/// Whether `href` may be a link target.
pub fn safe_href(href: &str) -> bool {
    let lower = href.to_ascii_lowercase();
    lower.starts_with("https://")
        || lower.starts_with("http://")
        || lower.starts_with("mailto:")
        || (href.starts_with('/') && !href.starts_with("//") && !href.starts_with("/\\"))
}

fn list_item(line: &str) -> Option<(bool, &str)> {
    let t = line.trim_start();
    for bullet in ["- ", "* ", "・"] {
        if let Some(rest) = t.strip_prefix(bullet) {
            return Some((false, rest.trim()));
        }
    }
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && digits <= 3 {
        let rest = &t[digits..];
        if let Some(rest) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix("．")) {
            return Some((true, rest.trim()));
        }
    }
    None
}

fn heading(line: &str) -> Option<(u8, &str)> {
    let hashes = line.chars().take_while(|c| *c == '#').count();
    let rest = line[hashes..].strip_prefix(' ')?;
    (1..=3).contains(&hashes).then(|| (u8::try_from(hashes + 1).unwrap_or(4), rest.trim()))
}

/// Reads a body into blocks.
pub fn parse(src: &str) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut para: Vec<&str> = Vec::new();
    let flush = |para: &mut Vec<&str>, blocks: &mut Vec<Block>| {
        if !para.is_empty() {
            let mut inl = Vec::new();
            for (i, line) in para.iter().enumerate() {
                if i > 0 {
                    inl.push(Inline::Break);
                }
                inl.extend(inlines(line.trim()));
            }
            blocks.push(Block::Paragraph(inl));
            para.clear();
        }
    };
    for line in src.lines() {
        if line.trim().is_empty() {
            flush(&mut para, &mut blocks);
        } else if let Some((level, text)) = heading(line) {
            flush(&mut para, &mut blocks);
            blocks.push(Block::Heading(level, inlines(text)));
        } else if let Some((ordered, text)) = list_item(line) {
            flush(&mut para, &mut blocks);
            match blocks.last_mut() {
                Some(Block::List { ordered: o, items }) if *o == ordered => items.push(inlines(text)),
                _ => blocks.push(Block::List { ordered, items: vec![inlines(text)] }),
            }
        } else {
            para.push(line);
        }
    }
    flush(&mut para, &mut blocks);
    blocks
}

fn push_text(out: &mut Vec<Inline>, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(Inline::Text(t)) = out.last_mut() {
        t.push_str(text);
    } else {
        out.push(Inline::Text(text.to_owned()));
    }
}

/// Bare addresses in plain text become links.
fn push_plain(out: &mut Vec<Inline>, mut text: &str) {
    let mut search = 0;
    while let Some(at) = text[search..].find("http").map(|i| i + search) {
        let rest = &text[at..];
        if !(rest.starts_with("https://") || rest.starts_with("http://")) {
            search = at + "http".len();
            continue;
        }
        push_text(out, &text[..at]);
        let end = rest
            .find(|c: char| c.is_whitespace() || !c.is_ascii() || matches!(c, ')' | '>' | '"'))
            .unwrap_or(rest.len());
        let url = &rest[..end];
        out.push(Inline::Link { text: url.to_owned(), href: url.to_owned() });
        text = &rest[end..];
        search = 0;
    }
    push_text(out, text);
}

/// The next occurrence of a pattern at or after a position, asked for
/// positions that never go back: every byte of the line is searched at most
/// once, so a line of thousands of unmatched `[` or `**` is read in linear
/// time (an admin's 50 KB body must not take seconds).
struct Finder<'a> {
    hay: &'a str,
    pat: &'a str,
    /// The last search: where it started and what it found.
    last: Option<(usize, Option<usize>)>,
}

impl<'a> Finder<'a> {
    fn new(hay: &'a str, pat: &'a str) -> Self {
        Self { hay, pat, last: None }
    }

    fn next(&mut self, from: usize) -> Option<usize> {
        if let Some((start, found)) = self.last
            && from >= start
        {
            match found {
                None => return None,
                Some(at) if at >= from => return Some(at),
                Some(_) => {}
            }
        }
        let found = self.hay.get(from..).and_then(|h| h.find(self.pat)).map(|i| i + from);
        self.last = Some((from, found));
        found
    }
}

/// Reads the inline marks of one line.
pub fn inlines(line: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    let (mut strong, mut open) = (Finder::new(line, "**"), Finder::new(line, "["));
    let (mut close, mut paren) = (Finder::new(line, "]("), Finder::new(line, ")"));
    let mut pos = 0;
    loop {
        match (strong.next(pos), open.next(pos)) {
            (Some(s), l) if l.is_none_or(|l| s < l) => {
                if let Some(end) = strong.next(s + 2).filter(|end| *end > s + 2) {
                    push_plain(&mut out, &line[pos..s]);
                    out.push(Inline::Strong(line[s + 2..end].to_owned()));
                    pos = end + 2;
                    continue;
                }
                push_plain(&mut out, &line[pos..s + 2]);
                pos = s + 2;
            }
            (_, Some(l)) => {
                let parsed = close
                    .next(l + 1)
                    .and_then(|c| paren.next(c + 2).map(|end| (&line[l + 1..c], &line[c + 2..end], end + 1)));
                match parsed {
                    Some((text, href, after)) if safe_href(href.trim()) && !text.is_empty() => {
                        push_plain(&mut out, &line[pos..l]);
                        out.push(Inline::Link { text: text.to_owned(), href: href.trim().to_owned() });
                        pos = after;
                    }
                    _ => {
                        push_plain(&mut out, &line[pos..=l]);
                        pos = l + 1;
                    }
                }
            }
            _ => {
                push_plain(&mut out, &line[pos..]);
                return out;
            }
        }
    }
}

/// The body as plain text (for search snippets): marks removed.
pub fn plain_text(src: &str) -> String {
    let mut out = String::new();
    for block in parse(src) {
        let lines: Vec<Vec<Inline>> = match block {
            Block::Heading(_, i) | Block::Paragraph(i) => vec![i],
            Block::List { items, .. } => items,
        };
        for inl in lines {
            for i in inl {
                match i {
                    Inline::Text(t) | Inline::Strong(t) | Inline::Link { text: t, .. } => out.push_str(&t),
                    Inline::Break => out.push(' '),
                }
            }
            out.push(' ');
        }
    }
    out.trim_end().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inline {
        Inline::Text(s.into())
    }

    #[test]
    fn blocks_headings_lists_and_paragraphs() {
        let src = "# 概要\n本通知は\n病床について。\n\n- 一つ目\n- 二つ目\n1. 手順\n2. 次\n";
        assert_eq!(
            parse(src),
            vec![
                Block::Heading(2, vec![text("概要")]),
                Block::Paragraph(vec![text("本通知は"), Inline::Break, text("病床について。")]),
                Block::List { ordered: false, items: vec![vec![text("一つ目")], vec![text("二つ目")]] },
                Block::List { ordered: true, items: vec![vec![text("手順")], vec![text("次")]] },
            ]
        );
    }

    #[test]
    fn bold_and_links() {
        assert_eq!(
            inlines("**重要** 詳細は[厚労省](https://www.mhlw.go.jp/)と https://example.jp/a?b=1 を参照"),
            vec![
                Inline::Strong("重要".into()),
                text(" 詳細は"),
                Inline::Link { text: "厚労省".into(), href: "https://www.mhlw.go.jp/".into() },
                text("と "),
                Inline::Link { text: "https://example.jp/a?b=1".into(), href: "https://example.jp/a?b=1".into() },
                text(" を参照"),
            ]
        );
    }

    #[test]
    fn scripts_and_unsafe_links_stay_text() {
        assert_eq!(inlines("<script>alert(1)</script>"), vec![text("<script>alert(1)</script>")]);
        assert_eq!(inlines("[押す](javascript:alert(1))"), vec![text("[押す](javascript:alert(1))")]);
        assert_eq!(inlines("[x](//evil.example/)"), vec![text("[x](//evil.example/)")]);
        assert_eq!(
            inlines("[お知らせ](/notices/3)")[0],
            Inline::Link { text: "お知らせ".into(), href: "/notices/3".into() }
        );
        assert_eq!(inlines("**閉じない"), vec![text("**閉じない")]);
    }

    #[test]
    fn plain_text_drops_the_marks() {
        assert_eq!(plain_text("## 見出し\n**太字**と[リンク](https://a.jp)\n- 項目"), "見出し 太字とリンク 項目");
    }

    #[test]
    fn long_runs_of_unmatched_marks_read_in_one_pass() {
        // Quadratic reading took tens of seconds on bodies like these.
        for body in ["[".repeat(200_000), "[a](".repeat(50_000), "http:// ".repeat(30_000)] {
            assert_eq!(parse(&body).len(), 1);
            assert_eq!(plain_text(&body), body.trim_end(), "all text kept");
        }
        let strong = format!("{}x", "**".repeat(100_000));
        assert!(matches!(&parse(&strong)[..], [Block::Paragraph(inl)] if !inl.is_empty()));
    }
}
