//! Attachments of notices and inquiries: PDF and images only, recognised by
//! their content (a renamed program is refused whatever its name says),
//! limited in size, and sent back as downloads with a safe file name.

use serde::{Deserialize, Serialize};

/// The largest attachment accepted (10 MiB).
pub const MAX_BYTES: usize = 10 * 1024 * 1024;
/// At most this many attachments on one notice.
pub const MAX_PER_NOTICE: usize = 10;

/// What an attachment is, by its first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    Pdf,
    Png,
    Jpeg,
    Gif,
    Webp,
}

impl Kind {
    pub const fn code(self) -> &'static str {
        match self {
            Kind::Pdf => "pdf",
            Kind::Png => "png",
            Kind::Jpeg => "jpeg",
            Kind::Gif => "gif",
            Kind::Webp => "webp",
        }
    }

    pub fn from_code(code: &str) -> Option<Kind> {
        [Kind::Pdf, Kind::Png, Kind::Jpeg, Kind::Gif, Kind::Webp].into_iter().find(|k| k.code() == code)
    }

    pub const fn mime(self) -> &'static str {
        match self {
            Kind::Pdf => "application/pdf",
            Kind::Png => "image/png",
            Kind::Jpeg => "image/jpeg",
            Kind::Gif => "image/gif",
            Kind::Webp => "image/webp",
        }
    }

    /// The file name extensions of this kind; the first is added when a
    /// name lacks one.
    const fn extensions(self) -> &'static [&'static str] {
        match self {
            Kind::Pdf => &["pdf"],
            Kind::Png => &["png"],
            Kind::Jpeg => &["jpg", "jpeg"],
            Kind::Gif => &["gif"],
            Kind::Webp => &["webp"],
        }
    }
}

/// The kind of `bytes`, from their signature; `None` for anything else.
pub fn sniff(bytes: &[u8]) -> Option<Kind> {
    if bytes.starts_with(b"%PDF-") {
        Some(Kind::Pdf)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(Kind::Png)
    } else if bytes.starts_with(b"\xFF\xD8\xFF") {
        Some(Kind::Jpeg)
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some(Kind::Gif)
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some(Kind::Webp)
    } else {
        None
    }
}

/// Why an upload was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    Empty,
    TooBig,
    NotAllowed,
}

/// Checks an upload: its kind (from the content) and a safe name for it.
pub fn check(name: &str, bytes: &[u8]) -> Result<(Kind, String), Refusal> {
    if bytes.is_empty() {
        return Err(Refusal::Empty);
    }
    if bytes.len() > MAX_BYTES {
        return Err(Refusal::TooBig);
    }
    let kind = sniff(bytes).ok_or(Refusal::NotAllowed)?;
    Ok((kind, safe_name(name, kind)))
}

/// The name without any folder, control or quoting characters, at most 100
/// characters, ending with an extension of `kind` (a PDF named `a.exe`
/// becomes `a.exe.pdf`).
pub fn safe_name(name: &str, kind: Kind) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let mut clean: String = base
        .chars()
        .filter(|c| {
            !c.is_control()
                && !is_invisible_format(*c)
                && !matches!(c, '"' | '\'' | ';' | '<' | '>' | ':' | '*' | '?' | '|')
        })
        .collect::<String>()
        .trim()
        .trim_start_matches('.')
        .chars()
        .take(100)
        .collect();
    if clean.is_empty() {
        clean = "attachment".into();
    }
    let ext = clean.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    if !ext.is_some_and(|e| kind.extensions().contains(&e.as_str())) {
        clean.push('.');
        clean.push_str(kind.extensions()[0]);
    }
    clean
}

/// Invisible formatting characters that make a name read other than it is:
/// bidirectional overrides and isolates (U+202E turns `gpj.exe` into
/// `exe.jpg` on screen), marks, zero-width characters and the BOM.
fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{061C}')
}

/// A `Content-Disposition` value that downloads the file under `name`: an
/// ASCII fallback for old clients and the exact UTF-8 name (RFC 6266 / 5987).
pub fn content_disposition(name: &str) -> String {
    let fallback: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '_' }).collect();
    let mut encoded = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'~') {
            encoded.push(char::from(b));
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

/// An attachment as lists show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentRef {
    pub id: i32,
    pub name: String,
    pub size: i64,
    pub kind: Kind,
}

impl AttachmentRef {
    pub fn href(&self) -> String {
        format!("/attachments/{}", self.id)
    }

    /// 「PDF・1.2 MB」
    pub fn label(&self) -> String {
        let kb = self.size as f64 / 1024.0;
        let size = if kb >= 1024.0 { format!("{:.1} MB", kb / 1024.0) } else { format!("{} KB", kb.ceil()) };
        format!("{}・{size}", self.kind.code().to_uppercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_come_from_the_content_not_the_name() {
        assert_eq!(check("通知.pdf", b"%PDF-1.7\n..."), Ok((Kind::Pdf, "通知.pdf".into())));
        assert_eq!(check("photo.JPG", b"\xFF\xD8\xFF\xE0rest").map(|k| k.1), Ok("photo.JPG".into()));
        assert_eq!(check("shot", b"\x89PNG\r\n\x1a\n....").map(|k| k.1), Ok("shot.png".into()));
        assert_eq!(check("a.webp", b"RIFF\x10\0\0\0WEBPVP8 ").map(|k| k.0), Ok(Kind::Webp));
        // A program renamed to .pdf, and an SVG (it can hold script).
        assert_eq!(check("通知.pdf", b"MZ\x90\0\x03\0\0\0"), Err(Refusal::NotAllowed));
        assert_eq!(check("a.png", b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script/>"), Err(Refusal::NotAllowed));
        assert_eq!(check("a.pdf", b""), Err(Refusal::Empty));
        let big = [b"%PDF-".as_slice(), &vec![0u8; MAX_BYTES]].concat();
        assert_eq!(check("a.pdf", &big), Err(Refusal::TooBig));
    }

    #[test]
    fn names_lose_folders_and_quotes_and_keep_the_right_extension() {
        assert_eq!(safe_name("C:\\Users\\x\\報告\"書\".pdf", Kind::Pdf), "報告書.pdf");
        assert_eq!(safe_name("../../etc/passwd", Kind::Pdf), "passwd.pdf");
        assert_eq!(safe_name("setup.exe", Kind::Pdf), "setup.exe.pdf");
        assert_eq!(safe_name("...", Kind::Png), "attachment.png");
        assert_eq!(safe_name("a\r\nb.pdf", Kind::Pdf), "ab.pdf");
        assert_eq!(safe_name("写真\u{202E}gpj.exe", Kind::Png), "写真gpj.exe.png", "no right-to-left override");
        assert_eq!(safe_name("\u{FEFF}a\u{200B}b\u{2066}.pdf", Kind::Pdf), "ab.pdf");
    }

    #[test]
    fn disposition_always_downloads_with_an_encoded_name() {
        assert_eq!(
            content_disposition("病床 確保.pdf"),
            "attachment; filename=\"_____.pdf\"; filename*=UTF-8''%E7%97%85%E5%BA%8A%20%E7%A2%BA%E4%BF%9D.pdf"
        );
        assert_eq!(content_disposition("a.pdf"), "attachment; filename=\"a.pdf\"; filename*=UTF-8''a.pdf");
    }

    #[test]
    fn sizes_read_naturally() {
        let a = AttachmentRef { id: 1, name: "a.pdf".into(), size: 1_258_291, kind: Kind::Pdf };
        assert_eq!(a.label(), "PDF・1.2 MB");
        let b = AttachmentRef { size: 2_000, ..a };
        assert_eq!(b.label(), "PDF・2 KB");
    }
}
