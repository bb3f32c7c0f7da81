//! Text placed into HTML outside the view macros (which escape by
//! themselves), or where they do not escape (a `<textarea>`'s text): the document `<title>`, which leptos_meta writes into the
//! streamed `<head>` as it is, and the static pages the server sends without
//! the app (maintenance, browser refusal).

/// `text` with the characters that end text or an attribute in HTML escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The first text of a `<textarea>`, for the view. Leptos writes a
/// textarea's children into the server's HTML as they are (its renderer
/// treats them as raw text, like a script's), so typed text holding
/// `</textarea>` would become markup there: on the server it is escaped
/// (the browser decodes the entities back into the field); in the browser
/// it is set as text and stays as it is.
pub fn textarea_text(text: &str) -> String {
    if cfg!(feature = "ssr") { escape(text) } else { text.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_becomes_text() {
        assert_eq!(
            escape(r#"</title><meta http-equiv="refresh" content='0'> & 病床"#),
            "&lt;/title&gt;&lt;meta http-equiv=&quot;refresh&quot; content=&#39;0&#39;&gt; &amp; 病床"
        );
        assert_eq!(escape("通常の件名"), "通常の件名");
    }
}
