//! The English catalogue is complete: every text is a field of the same
//! type as the Japanese one (a missing text fails to compile), and this
//! test finds texts that were copied over instead of translated.

/// Every catalogue file, with its name.
const SOURCES: [(&str, &str); 20] = [
    ("en.rs", include_str!("en.rs")),
    ("accounts.rs", include_str!("accounts.rs")),
    ("api.rs", include_str!("api.rs")),
    ("area.rs", include_str!("area.rs")),
    ("audit.rs", include_str!("audit.rs")),
    ("faq.rs", include_str!("faq.rs")),
    ("helpdesk.rs", include_str!("helpdesk.rs")),
    ("inquiries.rs", include_str!("inquiries.rs")),
    ("maintenance.rs", include_str!("maintenance.rs")),
    ("notices.rs", include_str!("notices.rs")),
    ("passkey.rs", include_str!("passkey.rs")),
    ("registration.rs", include_str!("registration.rs")),
    ("second_factor.rs", include_str!("second_factor.rs")),
    ("sessions.rs", include_str!("sessions.rs")),
    ("supplies.rs", include_str!("supplies.rs")),
    ("supply_pages.rs", include_str!("supply_pages.rs")),
    ("survey_admin.rs", include_str!("survey_admin.rs")),
    ("webhooks.rs", include_str!("webhooks.rs")),
    ("ja.rs", include_str!("ja.rs")),
    ("mod.rs", include_str!("mod.rs")),
];

fn japanese(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}' | '\u{ff01}'..='\u{ff5e}' | '「' | '」' | '、' | '。')
}

/// The lines of a file that belong to its English texts: the whole of
/// `en.rs`; elsewhere the `*_EN` constant and the `*_en` functions.
fn english_lines(name: &str, source: &str) -> Vec<(usize, String)> {
    if name == "en.rs" {
        return source.lines().enumerate().map(|(i, l)| (i + 1, l.to_owned())).collect();
    }
    let mut out = Vec::new();
    let mut inside: Option<&str> = None;
    for (i, line) in source.lines().enumerate() {
        if inside.is_none() {
            let t = line.trim_start();
            if t.starts_with("pub const ") && t.contains("_EN:") {
                inside = Some("};");
            } else if (t.starts_with("fn ") || t.starts_with("pub fn ")) && t.contains("_en(") {
                inside = Some("}");
            }
        }
        if let Some(end) = inside {
            out.push((i + 1, line.to_owned()));
            if line == end {
                inside = None;
            }
        }
    }
    out
}

#[test]
fn every_file_has_an_english_catalogue() {
    for (name, source) in SOURCES {
        if matches!(name, "ja.rs" | "mod.rs") {
            continue;
        }
        assert!(english_lines(name, source).len() > 3, "{name} has no English texts");
    }
}

#[test]
fn english_texts_have_no_japanese_left() {
    let mut left = Vec::new();
    for (name, source) in SOURCES {
        for (n, line) in english_lines(name, source) {
            let code = line.split("//").next().unwrap_or("");
            if code.chars().any(japanese) {
                left.push(format!("{name}:{n}: {}", line.trim()));
            }
        }
    }
    assert!(left.is_empty(), "Japanese in the English catalogue:\n{}", left.join("\n"));
}

#[test]
fn the_two_catalogues_differ_where_people_read_them() {
    use super::{EN, JA};
    for (ja, en) in [
        (JA.login_title, EN.login_title),
        (JA.home_title, EN.home_title),
        (JA.error_forbidden, EN.error_forbidden),
        (JA.notices().title_label, EN.notices().title_label),
        (JA.supply_pages().csv_header[0], EN.supply_pages().csv_header[0]),
        (JA.accounts().display_title, EN.accounts().display_title),
    ] {
        assert_ne!(ja, en);
        assert!(!en.chars().any(japanese), "{en}");
    }
}
