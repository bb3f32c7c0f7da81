//! What a run tells the operator: every refused row with its file, line,
//! column and Japanese reason, and per file how many rows were read,
//! imported, unchanged, updated and rejected — as a table on the terminal,
//! in files next to each other, and in the audit log.

use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::Path;

/// One refusal. A row with several problems has several.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejection {
    pub file: String,
    /// The line the row starts on (header = 1); 0 for the file as a whole.
    pub line: u64,
    /// The column at fault, or empty for the row (or file) as a whole.
    pub column: String,
    pub reason: String,
    /// The row as exported.
    pub row: String,
}

/// The counts of one file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileCounts {
    pub file: String,
    /// Data rows read.
    pub read: u64,
    /// New records.
    pub imported: u64,
    /// Rows imported by an earlier run and unchanged since.
    pub unchanged: u64,
    /// Rows imported earlier and changed in the export since: updated,
    /// with an audit entry 「移行データ更新」.
    pub updated: u64,
    /// Rows refused (see the rejected-rows file).
    pub rejected: u64,
}

/// The summary table, as printed and as written to `summary.txt`: each
/// column as wide as its longest entry (a terminal shows a Japanese
/// character two columns wide), names to the left, counts to the right.
pub fn table(counts: &[FileCounts]) -> String {
    const HEADER: [&str; 6] = ["ファイル", "読込", "取込", "変更なし", "更新", "不採用"];
    let rows: Vec<[String; 6]> = counts
        .iter()
        .map(|c| {
            let n = |n: u64| n.to_string();
            [c.file.clone(), n(c.read), n(c.imported), n(c.unchanged), n(c.updated), n(c.rejected)]
        })
        .collect();
    let shown = |text: &str| text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum::<usize>();
    let widths: Vec<usize> = (0..HEADER.len())
        .map(|i| rows.iter().map(|r| shown(&r[i])).chain([shown(HEADER[i])]).max().unwrap_or_default())
        .collect();
    let line = |cells: [&str; 6]| {
        let mut out = String::new();
        for (i, (cell, width)) in cells.iter().zip(&widths).enumerate() {
            let pad = " ".repeat(width - shown(cell));
            match i {
                0 => out.push_str(&format!("{cell}{pad}")),
                _ => out.push_str(&format!("   {pad}{cell}")),
            }
        }
        out + "\n"
    };
    let mut out = line(HEADER);
    for row in &rows {
        out.push_str(&line(row.each_ref().map(String::as_str)));
    }
    out
}

/// Writes the rejected rows as CSV for Excel: UTF-8 with BOM, CRLF, header
/// ファイル,行,列,理由,元の行.
fn write_rows(path: &Path, rows: impl Iterator<Item = std::io::Result<Rejection>>) -> std::io::Result<()> {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
    file.write_all(b"\xEF\xBB\xBF")?;
    let mut csv = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(file);
    let header = ["ファイル", "行", "列", "理由", "元の行"];
    csv.write_record(header).map_err(std::io::Error::other)?;
    for r in rows {
        let r = r?;
        let line = if r.line == 0 { String::new() } else { r.line.to_string() };
        csv.write_record([r.file.as_str(), &line, &r.column, &r.reason, &r.row]).map_err(std::io::Error::other)?;
    }
    csv.flush()
}

/// The refused rows of a run, in the order they were refused, spooled to a
/// file in the output folder as they come instead of held: a year of the
/// previous system refuses a hundred thousand rows or more, each with its
/// original text. Removed when dropped.
pub struct Rejections {
    spool: std::io::BufWriter<std::fs::File>,
    path: std::path::PathBuf,
    count: u64,
    /// Reasons settled after their row was spooled, by position.
    reasons: std::collections::HashMap<u64, String>,
    /// The first failure to spool, reported when the file is written.
    failed: Option<std::io::Error>,
}

impl Rejections {
    pub fn create(dir: &Path) -> std::io::Result<Self> {
        let path = dir.join(".rejected.spool");
        let spool = std::io::BufWriter::new(std::fs::File::create(&path)?);
        Ok(Self { spool, path, count: 0, reasons: Default::default(), failed: None })
    }

    /// Spools `r` (its position is the `len` before).
    pub fn push(&mut self, r: Rejection) {
        if self.failed.is_none() {
            let written = serde_json::to_writer(&mut self.spool, &r)
                .map_err(std::io::Error::other)
                .and_then(|()| self.spool.write_all(b"\n"));
            self.failed = written.err();
        }
        self.count += 1;
    }

    pub fn len(&self) -> u64 {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Gives the rejection at `position` its reason, once known.
    pub fn set_reason(&mut self, position: u64, reason: String) {
        self.reasons.insert(position, reason);
    }

    /// Writes every rejection so far as `rejected.csv` ([`write_rows`]).
    pub fn write_csv(&mut self, path: &Path) -> std::io::Result<()> {
        if let Some(e) = self.failed.take() {
            return Err(e);
        }
        self.spool.flush()?;
        let spooled = std::io::BufReader::new(std::fs::File::open(&self.path)?);
        let reasons = &self.reasons;
        let rows = std::io::BufRead::lines(spooled).zip(0u64..).map(|(line, position)| {
            let mut r: Rejection = serde_json::from_str(&line?).map_err(std::io::Error::other)?;
            if let Some(reason) = reasons.get(&position) {
                r.reason.clone_from(reason);
            }
            Ok(r)
        });
        write_rows(path, rows)
    }
}

impl Drop for Rejections {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejections_are_csv_with_bom_and_crlf() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("rejected.csv");
        let r = Rejection {
            file: "facilities.csv".into(),
            line: 17,
            column: "医療機関コード".into(),
            reason: "後で決まります".into(),
            row: "診療所,1310401374,\"新宿, 御苑\"".into(),
        };
        let mut rejections = Rejections::create(dir.path()).expect("spool");
        let position = rejections.len();
        rejections.push(r.clone());
        rejections.push(Rejection { line: 18, ..r });
        // A reason settled after the row was spooled is the one written.
        rejections.set_reason(position, "検証番号が合いません。".into());
        rejections.write_csv(&path).expect("written");
        drop(rejections);
        assert!(!dir.path().join(".rejected.spool").exists(), "the spool is removed");
        let bytes = std::fs::read(&path).expect("read");
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
        let text = String::from_utf8(bytes[3..].to_vec()).expect("utf-8");
        assert_eq!(
            text,
            concat!(
                "ファイル,行,列,理由,元の行\r\n",
                "facilities.csv,17,医療機関コード,検証番号が合いません。,\"診療所,1310401374,\"\"新宿, 御苑\"\"\"\r\n",
                "facilities.csv,18,医療機関コード,後で決まります,\"診療所,1310401374,\"\"新宿, 御苑\"\"\"\r\n",
            )
        );
    }

    #[test]
    fn the_table_has_a_line_per_file() {
        let t = table(&[FileCounts {
            file: "facilities.csv".into(),
            read: 19,
            imported: 14,
            rejected: 5,
            ..Default::default()
        }]);
        assert_eq!(t.lines().count(), 2);
        assert!(t.lines().nth(1).expect("row").split_whitespace().eq(["facilities.csv", "19", "14", "0", "0", "5"]));
    }

    #[test]
    fn the_columns_line_up_under_their_headings_whatever_the_lengths() {
        let t = table(&[
            FileCounts { file: "hospital_daily_2020.csv".into(), read: 466_513, rejected: 6_888, ..Default::default() },
            FileCounts {
                file: "clinic_daily.csv".into(),
                read: 10_988_325,
                imported: 10_774_459,
                ..Default::default()
            },
        ]);
        // Where each line's columns end, counting a Japanese character as two.
        let ends = |line: &str| {
            let mut ends = Vec::new();
            let mut at = 0;
            let mut chars = line.chars().peekable();
            while let Some(c) = chars.next() {
                at += if c.is_ascii() { 1 } else { 2 };
                if c != ' ' && chars.peek().is_none_or(|n| *n == ' ') {
                    ends.push(at);
                }
            }
            ends
        };
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines.len(), 3);
        let heading = ends(lines[0]);
        assert_eq!(heading.len(), 6, "{t}");
        for line in &lines[1..] {
            // The counts end where their headings end; the names start the line.
            assert_eq!(ends(line)[1..], heading[1..], "{t}");
            assert!(!line.starts_with(' '));
        }
        assert!(lines[2].contains("10988325") && lines[1].contains("hospital_daily_2020.csv"));
    }
}
