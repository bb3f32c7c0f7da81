//! Reading one CSV file of the export record by record, with its line
//! numbers, without trusting it: a record longer than [`MAX_RECORD_BYTES`]
//! stops the file before it is held in memory (a 1 GB line costs 64 KiB),
//! a quote left open at the end names the line it opened on, a UTF-8 file
//! is named as such, and a header without a required column names it.
//!
//! Records are split on the raw bytes: in CP932 (as in UTF-8) the bytes of
//! `"` and line feeds never occur inside a multi-byte character, so a
//! record ends at a line feed outside quotes whatever the text. Each
//! record is then decoded and split into fields by the `csv` crate.

use crate::server::legacy::text::{self, Encoding};
use std::io::BufRead;

/// The longest record accepted (all its lines together).
pub const MAX_RECORD_BYTES: usize = 64 * 1024;

/// A problem that stops reading a file: nothing after it can be trusted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileError {
    /// The line the problem is on (0 when the file cannot be opened at all).
    pub line: u64,
    pub reason: String,
}

impl FileError {
    fn at(line: u64, reason: impl Into<String>) -> Self {
        Self { line, reason: reason.into() }
    }
}

/// One data record: where it starts, its text as exported (for the
/// rejected-rows file), and its fields or why they cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// The line the record starts on (the header is line 1).
    pub line: u64,
    /// The record as text, without its final line break.
    pub raw: String,
    pub fields: Result<Vec<String>, String>,
}

/// One data record as read, not yet decoded.
#[derive(Clone, Debug)]
pub struct RawRecord {
    /// The line the record starts on.
    pub line: u64,
    /// Its bytes, without the final line break.
    bytes: Vec<u8>,
}

impl RawRecord {
    /// The record's text and fields; `columns` is the header's count (0
    /// while the header itself is read: any count).
    pub fn decode(self, columns: usize) -> Record {
        let (raw, fields) = match text::decode_cp932(&self.bytes) {
            Ok(raw) => {
                let fields = split(&raw);
                (raw, fields)
            }
            Err(reason) => (String::from_utf8_lossy(&self.bytes).into_owned(), Err(reason.to_owned())),
        };
        let fields = fields.and_then(|f| {
            if columns == 0 || f.len() == columns {
                Ok(f)
            } else {
                Err(format!("列の数（{}）が見出しの列の数（{}）と合いません。", f.len(), columns))
            }
        });
        Record { line: self.line, raw, fields }
    }
}

/// A CSV file of the export, positioned after its header.
pub struct CsvReader<R> {
    input: R,
    /// Lines read so far.
    lines: u64,
    header: Vec<String>,
    /// Bytes read so far (for progress).
    bytes: u64,
    limit: usize,
}

/// How one physical line ended.
enum Line {
    Eof,
    Read,
    TooLong,
}

impl<R: BufRead> CsvReader<R> {
    /// Reads the header of `input` and checks that every column of
    /// `required` is there.
    pub fn open(input: R, required: &[&str]) -> Result<Self, FileError> {
        Self::with_limit(input, required, MAX_RECORD_BYTES)
    }

    /// As [`Self::open`], with another record limit (tests).
    pub fn with_limit(mut input: R, required: &[&str], limit: usize) -> Result<Self, FileError> {
        let start = input.fill_buf().map_err(|e| FileError::at(0, format!("読み込めません: {e}")))?;
        if text::sniff(start) == Encoding::Utf8 {
            return Err(FileError::at(1, text::NOT_CP932));
        }
        let mut reader = CsvReader { input, lines: 0, header: Vec::new(), bytes: 0, limit };
        let Some(first) = reader.next_record()? else {
            return Err(FileError::at(1, "空のファイルです（1行目に見出しが必要です）。"));
        };
        let fields = first.fields.map_err(|reason| FileError::at(1, reason))?;
        reader.header = fields.iter().map(|h| h.trim_matches([' ', '\u{3000}']).to_owned()).collect();
        let missing: Vec<&str> = required.iter().copied().filter(|c| !reader.header.iter().any(|h| h == c)).collect();
        if !missing.is_empty() {
            let names = missing.iter().map(|c| format!("「{c}」")).collect::<String>();
            return Err(FileError::at(1, format!("見出しに列 {names} がありません。")));
        }
        Ok(reader)
    }

    /// The header's column names.
    pub fn header(&self) -> &[String] {
        &self.header
    }

    /// How many columns the header has.
    pub fn columns(&self) -> usize {
        self.header.len()
    }

    /// Where `column` is in each record (it was checked at open).
    pub fn position(&self, column: &str) -> Option<usize> {
        self.header.iter().position(|h| h == column)
    }

    /// Bytes read so far.
    pub fn bytes_read(&self) -> u64 {
        self.bytes
    }

    /// The next data record, `None` at the end of the file. Blank lines are
    /// skipped. A record whose field count differs from the header's is
    /// returned with the reason.
    pub fn next_record(&mut self) -> Result<Option<Record>, FileError> {
        Ok(self.next_raw()?.map(|raw| raw.decode(self.header.len())))
    }

    /// The next data record as its bytes, to be decoded by
    /// [`RawRecord::decode`] (on another thread, say).
    pub fn next_raw(&mut self) -> Result<Option<RawRecord>, FileError> {
        let mut buf = Vec::new();
        loop {
            buf.clear();
            let start = self.lines + 1;
            let mut quotes = 0usize;
            loop {
                let from = buf.len();
                match self
                    .read_line(&mut buf)
                    .map_err(|e| FileError::at(self.lines + 1, format!("読み込めません: {e}")))?
                {
                    Line::Eof if buf.is_empty() => return Ok(None),
                    Line::Eof => {
                        if !quotes.is_multiple_of(2) {
                            return Err(FileError::at(
                                start,
                                format!(
                                    "{start}行目で始まる引用符（\"）が閉じないままファイルが終わっています。ファイルが途中で切れていないか確認してください。"
                                ),
                            ));
                        }
                        self.lines += 1;
                        break;
                    }
                    Line::TooLong => {
                        return Err(FileError::at(
                            self.lines + 1,
                            format!(
                                "1行が長すぎます（{} KiB を超えています）。CSV ではないか、改行の壊れたファイルです。",
                                self.limit / 1024
                            ),
                        ));
                    }
                    Line::Read => {
                        self.lines += 1;
                        quotes += buf[from..].iter().filter(|b| **b == b'"').count();
                        if quotes.is_multiple_of(2) {
                            break;
                        }
                    }
                }
            }
            while buf.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
                buf.pop();
            }
            if buf.is_empty() {
                continue;
            }
            return Ok(Some(RawRecord { line: start, bytes: buf }));
        }
    }

    /// Appends one physical line (with its line feed) to `buf`, unless the
    /// record would pass the limit: then it stops without reading further.
    fn read_line(&mut self, buf: &mut Vec<u8>) -> std::io::Result<Line> {
        loop {
            let available = self.input.fill_buf()?;
            if available.is_empty() {
                return Ok(Line::Eof);
            }
            let (take, done) = match available.iter().position(|b| *b == b'\n') {
                Some(i) => (i + 1, true),
                None => (available.len(), false),
            };
            if buf.len() + take > self.limit {
                return Ok(Line::TooLong);
            }
            buf.extend_from_slice(&available[..take]);
            self.input.consume(take);
            self.bytes += take as u64;
            if done {
                return Ok(Line::Read);
            }
        }
    }
}

/// Splits one decoded record into its fields: RFC 4180 quoting (a quoted
/// field may hold commas, line breaks and doubled quotes), read as leniently
/// as the `csv` crate (a quote inside an unquoted field, or text after a
/// closing quote, is kept as it is). Written by hand because building a
/// `csv` reader per record was the largest cost of a report file's import;
/// the reader has already made sure that every quote is closed.
fn split(record: &str) -> Result<Vec<String>, String> {
    if record.is_empty() {
        return Ok(Vec::new());
    }
    if !record.contains('"') {
        return Ok(record.split(',').map(str::to_owned).collect());
    }
    let mut fields = Vec::with_capacity(32);
    let mut field = String::new();
    let (mut quoted, mut at_start) = (false, true);
    let mut chars = record.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted => {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    quoted = false;
                }
            }
            '"' if at_start => {
                quoted = true;
                at_start = false;
            }
            ',' if !quoted => {
                fields.push(std::mem::take(&mut field));
                at_start = true;
            }
            c => {
                field.push(c);
                at_start = false;
            }
        }
    }
    if quoted {
        return Err("CSV として読めません（引用符の使い方を確認してください）。".to_owned());
    }
    fields.push(field);
    Ok(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sjis(s: &str) -> Vec<u8> {
        encoding_rs::SHIFT_JIS.encode(s).0.into_owned()
    }

    fn read_all(bytes: &[u8], required: &[&str]) -> Result<Vec<Record>, FileError> {
        let mut r = CsvReader::open(bytes, required)?;
        let mut out = Vec::new();
        while let Some(rec) = r.next_record()? {
            out.push(rec);
        }
        Ok(out)
    }

    #[test]
    fn crlf_and_lf_and_quoted_newlines_keep_line_numbers() {
        let file = sjis(
            "名称,所在地\r\n丸の内記念病院,\"東京都千代田区\r\n丸の内ビル\"\r\n\r\n金沢兼六病院,石川県\n那覇病院,\"沖縄県, 那覇市\"",
        );
        let recs = read_all(&file, &["名称", "所在地"]).expect("readable");
        let lines: Vec<u64> = recs.iter().map(|r| r.line).collect();
        assert_eq!(lines, [2, 5, 6]);
        assert_eq!(recs[0].fields.as_ref().expect("fields")[1], "東京都千代田区\r\n丸の内ビル");
        assert_eq!(recs[0].raw, "丸の内記念病院,\"東京都千代田区\r\n丸の内ビル\"");
        assert_eq!(recs[2].fields.as_ref().expect("fields")[1], "沖縄県, 那覇市");
    }

    #[test]
    fn fields_split_as_the_csv_crate_reads_them() {
        let csv_crate = |record: &str| {
            let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(record.as_bytes());
            let mut fields = csv::StringRecord::new();
            reader.read_record(&mut fields).expect("csv reads it");
            fields.iter().map(str::to_owned).collect::<Vec<_>>()
        };
        for record in [
            "a,b,c",
            ",,",
            "病院,\"1,020\",\"say \"\"hi\"\"\",",
            "\"東京都\r\n丸の内\",x",
            "ab\"c,d",
            "\"a\"b,c",
            "\"\",\"\"",
            "x",
        ] {
            assert_eq!(split(record).expect(record), csv_crate(record), "{record}");
        }
        assert_eq!(split("").expect("empty"), Vec::<String>::new());
        assert!(split("\"open,b").is_err());
    }

    #[test]
    fn a_missing_column_is_named() {
        let err = read_all(&sjis("名称,病床数\r\n"), &["名称", "所在地", "ログインID"]).expect_err("missing");
        assert_eq!(err.line, 1);
        assert!(err.reason.contains("「所在地」「ログインID」"), "{}", err.reason);
        assert!(read_all(b"", &["a"]).expect_err("empty").reason.contains("空のファイル"));
    }

    #[test]
    fn utf8_with_or_without_bom_is_refused_as_a_file() {
        for file in ["\u{FEFF}名称\r\n病院\r\n", "名称\r\n病院\r\n"] {
            let err = read_all(file.as_bytes(), &["名称"]).expect_err("utf-8");
            assert_eq!((err.line, err.reason.as_str()), (1, text::NOT_CP932));
        }
    }

    #[test]
    fn an_unterminated_quote_names_the_line_it_opened_on() {
        let err =
            read_all(&sjis("名称,所在地\r\nA,B\r\n札幌病院,\"北海道札幌市\r\n中央区"), &["名称"]).expect_err("cut");
        assert_eq!(err.line, 3);
        assert!(err.reason.contains("3行目で始まる引用符"), "{}", err.reason);
    }

    #[test]
    fn a_long_line_stops_the_file_without_being_read_whole() {
        // An endless line: the reader must give up after the limit, not read on.
        struct Endless(u64);
        impl std::io::Read for Endless {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                buf.fill(b'x');
                self.0 += buf.len() as u64;
                Ok(buf.len())
            }
        }
        let head = std::io::Cursor::new(b"a,b\r\n1,2\r\n".to_vec());
        let mut input = std::io::BufReader::new(std::io::Read::chain(head, Endless(0)));
        let mut r = CsvReader::with_limit(&mut input, &["a"], 1024).expect("header");
        assert!(r.next_record().expect("line 2").is_some());
        let err = r.next_record().expect_err("too long");
        assert_eq!(err.line, 3);
        assert!(err.reason.contains("1行が長すぎます（1 KiB"), "{}", err.reason);
        assert!(r.bytes_read() < 2048);
    }

    #[test]
    fn a_row_with_the_wrong_field_count_or_bytes_is_a_row_problem() {
        let mut file = sjis("a,b\r\n1,2,3\r\n");
        file.extend_from_slice(b"\x82\r\n4,5\r\n");
        let recs = read_all(&file, &["a"]).expect("readable");
        assert!(recs[0].fields.as_ref().expect_err("count").contains("列の数（3）"));
        assert!(recs[1].fields.is_err());
        assert_eq!(recs[2].fields, Ok(vec!["4".to_owned(), "5".to_owned()]));
        assert_eq!(recs[2].line, 4);
    }
}
