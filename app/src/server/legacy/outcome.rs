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

/// The summary table, as printed and as written to `summary.txt`.
pub fn table(counts: &[FileCounts]) -> String {
    let mut out = String::from("ファイル              読込     取込   変更なし     更新    不採用\n");
    for c in counts {
        out.push_str(&format!(
            "{:<18} {:>8} {:>8} {:>10} {:>8} {:>9}\n",
            c.file, c.read, c.imported, c.unchanged, c.updated, c.rejected
        ));
    }
    out
}

/// Writes the rejected rows as CSV for Excel: UTF-8 with BOM, CRLF, header
/// ファイル,行,列,理由,元の行.
pub fn write_rejections(path: &Path, rejections: &[Rejection]) -> std::io::Result<()> {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
    file.write_all(b"\xEF\xBB\xBF")?;
    let mut csv = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(file);
    let header = ["ファイル", "行", "列", "理由", "元の行"];
    csv.write_record(header).map_err(std::io::Error::other)?;
    for r in rejections {
        let line = if r.line == 0 { String::new() } else { r.line.to_string() };
        csv.write_record([r.file.as_str(), &line, &r.column, &r.reason, &r.row]).map_err(std::io::Error::other)?;
    }
    csv.flush()
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
            reason: "検証番号が合いません。".into(),
            row: "診療所,1310401374,\"新宿, 御苑\"".into(),
        };
        write_rejections(&path, &[r]).expect("written");
        let bytes = std::fs::read(&path).expect("read");
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
        let text = String::from_utf8(bytes[3..].to_vec()).expect("utf-8");
        assert_eq!(
            text,
            "ファイル,行,列,理由,元の行\r\nfacilities.csv,17,医療機関コード,検証番号が合いません。,\"診療所,1310401374,\"\"新宿, 御苑\"\"\"\r\n"
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
}
