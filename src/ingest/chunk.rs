//! Record-aligned chunks of a CSV byte stream, so that conversion can run on several cores.
//!
//! Where a record ends depends on quoting: a line end inside a quoted field is data. The scan
//! follows csv-core's rules for the settings ingest uses (RFC 4180): `"` opens a quoted field
//! only as the first byte of a field, `""` inside one is a literal quote, and `\n`, `\r` or
//! `\r\n` end a record outside quotes. It looks only at quotes and line ends (SIMD `memchr`),
//! so it runs at memory speed on the reader thread while the CSV tokenising itself happens in
//! the workers, each on its own chunk.
//!
//! Line numbers stay physical: each chunk carries the line its first byte is on. csv-core
//! counts every `\n` byte, quoted or not, so a record's line is the chunk's first line plus the
//! line csv reports within the chunk, minus one.

use std::io::Read;

use sha2::{Digest, Sha256};

/// How much is read from the source at a time.
const READ_BLOCK: usize = 1 << 20;

/// A run of whole records, cut from a CSV stream.
#[derive(Debug)]
pub struct Chunk {
    /// The records' bytes, starting at a record start and ending after a record terminator
    /// (or at the end of the file).
    pub bytes: Vec<u8>,
    /// Physical line (1-based) of the first byte.
    pub first_line: u64,
    /// Records ended by a terminator (a last record without one is not counted): a capacity
    /// hint.
    pub records: usize,
}

/// Cuts a byte stream into [`Chunk`]s of at most `max_records` records (or, for very long
/// records, about `max_bytes` bytes). A leading UTF-8 byte-order mark is dropped.
pub struct Chunker<R> {
    reader: R,
    /// Unconsumed bytes; `buf[0]` is the first byte of a record.
    buf: Vec<u8>,
    /// Bytes of `buf` already scanned.
    scanned: usize,
    in_quotes: bool,
    /// End of the last complete record in `buf`, and how many records end before it.
    boundary: usize,
    records: usize,
    /// Physical line of `buf[0]`.
    line: u64,
    eof: bool,
    at_start: bool,
}

impl<R: Read> Chunker<R> {
    pub fn new(reader: R) -> Self {
        Chunker {
            reader,
            buf: Vec::with_capacity(READ_BLOCK),
            scanned: 0,
            in_quotes: false,
            boundary: 0,
            records: 0,
            line: 1,
            eof: false,
            at_start: true,
        }
    }

    /// The next chunk of up to `max_records` records, `None` at the end of the stream.
    pub fn next_chunk(&mut self, max_records: usize, max_bytes: usize) -> std::io::Result<Option<Chunk>> {
        let max_records = max_records.max(1);
        loop {
            if self.scan(max_records, max_bytes) || self.eof {
                break;
            }
            self.fill()?;
        }
        if self.eof && !self.full(max_records, max_bytes) {
            // The rest of the stream, including a last record without a terminator.
            self.boundary = self.buf.len();
        }
        if self.boundary == 0 {
            return Ok(None);
        }
        let mut rest = Vec::with_capacity(self.buf.capacity().max(READ_BLOCK));
        rest.extend_from_slice(&self.buf[self.boundary..]);
        let mut bytes = std::mem::replace(&mut self.buf, rest);
        bytes.truncate(self.boundary);
        self.scanned -= self.boundary;
        self.boundary = 0;
        let records = std::mem::take(&mut self.records);
        let first_line = self.line;
        self.line += memchr::memchr_iter(b'\n', &bytes).count() as u64;
        Ok(Some(Chunk {
            bytes,
            first_line,
            records,
        }))
    }

    /// Reads one more block; sets `eof` when the source is exhausted.
    fn fill(&mut self) -> std::io::Result<()> {
        self.buf.reserve(READ_BLOCK);
        let n = (&mut self.reader)
            .take(READ_BLOCK as u64)
            .read_to_end(&mut self.buf)?;
        if n == 0 {
            self.eof = true;
        }
        if self.at_start && (self.buf.len() >= 3 || self.eof) {
            self.at_start = false;
            if self.buf.starts_with(b"\xEF\xBB\xBF") {
                self.buf.drain(..3);
            }
        }
        Ok(())
    }

    /// A terminator at `at` ends a record, the next starting at `next`. An empty line is not a
    /// record (csv skips it), but a chunk may end after it.
    fn end_record(&mut self, at: usize, next: usize) {
        if at > self.boundary {
            self.records += 1;
        }
        self.boundary = next;
    }

    fn full(&self, max_records: usize, max_bytes: usize) -> bool {
        self.records >= max_records || (self.boundary > 0 && self.boundary >= max_bytes)
    }

    /// Advances the scan over the bytes read so far, recording record ends, until the chunk is
    /// full (then `true`). Stops before a byte whose meaning depends on the next one until that
    /// byte has been read.
    fn scan(&mut self, max_records: usize, max_bytes: usize) -> bool {
        if self.at_start && !self.eof {
            return false; // a byte-order mark may still be arriving
        }
        let buf = std::mem::take(&mut self.buf); // borrowed apart from the scan state
        let mut pos = self.scanned;
        while pos < buf.len() && !self.full(max_records, max_bytes) {
            if self.in_quotes {
                let Some(i) = memchr::memchr(b'"', &buf[pos..]) else {
                    pos = buf.len();
                    break;
                };
                let q = pos + i;
                match buf.get(q + 1) {
                    Some(b'"') => pos = q + 2,
                    Some(_) => {
                        self.in_quotes = false;
                        pos = q + 1;
                    }
                    None if self.eof => {
                        self.in_quotes = false;
                        pos = q + 1;
                    }
                    None => {
                        pos = q;
                        break;
                    }
                }
                continue;
            }
            let Some(i) = memchr::memchr3(b'"', b'\n', b'\r', &buf[pos..]) else {
                pos = buf.len();
                break;
            };
            let p = pos + i;
            match buf[p] {
                b'"' => {
                    if p == 0 || matches!(buf[p - 1], b',' | b'\n' | b'\r') {
                        self.in_quotes = true;
                    }
                    pos = p + 1;
                }
                b'\n' => {
                    self.end_record(p, p + 1);
                    pos = p + 1;
                }
                _ => match buf.get(p + 1) {
                    None if !self.eof => {
                        pos = p; // `\r` at the end of what is read: `\r\n` or a lone `\r`?
                        break;
                    }
                    next => {
                        pos = p + if next == Some(&b'\n') { 2 } else { 1 };
                        self.end_record(p, pos);
                    }
                },
            }
        }
        self.buf = buf;
        self.scanned = pos;
        self.full(max_records, max_bytes)
    }
}

/// The byte offset and physical line of a record that csv read from `chunk`.
///
/// csv reports a record's position as the place its read began: before the `\n` of a
/// preceding `\r\n`, and before any empty lines it skipped (its line is one more than the `\n`s
/// before that place). The record itself starts at the first byte there that is not a line end:
/// an empty line is not a record, and a quoted field starts with `"`.
pub fn record_start(chunk: &Chunk, read_at: &csv::Position) -> (usize, u64) {
    let from = usize::try_from(read_at.byte()).map_or(chunk.bytes.len(), |b| b.min(chunk.bytes.len()));
    let skipped = chunk.bytes[from..]
        .iter()
        .take_while(|b| matches!(b, b'\r' | b'\n'));
    let (len, newlines) = skipped.fold((0, 0), |(n, l), &b| (n + 1, l + u64::from(b == b'\n')));
    (from + len, chunk.first_line - 1 + read_at.line() + newlines)
}

/// Passes bytes through while counting them and computing their SHA-256, for the manifest and
/// the re-use check.
pub struct HashingReader<R> {
    inner: R,
    hasher: Sha256,
    bytes: u64,
}

impl<R> HashingReader<R> {
    pub fn new(inner: R) -> Self {
        HashingReader {
            inner,
            hasher: Sha256::new(),
            bytes: 0,
        }
    }

    /// Bytes read, and their SHA-256 as lower-case hex.
    pub fn finish(self) -> (u64, String) {
        (self.bytes, hex::encode(self.hasher.finalize()))
    }
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that hands out at most `step` bytes per call, to split quotes and line ends
    /// across reads.
    struct Trickle<'a> {
        data: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            let n = self.step.min(self.data.len()).min(out.len());
            out[..n].copy_from_slice(&self.data[..n]);
            self.data = &self.data[n..];
            Ok(n)
        }
    }

    fn chunks(data: &[u8], step: usize, max_records: usize) -> Vec<(String, u64)> {
        let mut c = Chunker::new(Trickle { data, step });
        let mut out = Vec::new();
        while let Some(chunk) = c.next_chunk(max_records, usize::MAX).unwrap() {
            out.push((String::from_utf8(chunk.bytes).unwrap(), chunk.first_line));
        }
        out
    }

    /// The records csv itself finds in each chunk, with their global physical lines.
    fn records(data: &[u8], step: usize, max_records: usize) -> Vec<(Vec<String>, u64)> {
        let mut c = Chunker::new(Trickle { data, step });
        let mut out = Vec::new();
        while let Some(chunk) = c.next_chunk(max_records, usize::MAX).unwrap() {
            let mut rdr = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(&chunk.bytes[..]);
            for r in rdr.byte_records() {
                let r = r.unwrap();
                let (_, line) = record_start(&chunk, r.position().unwrap());
                out.push((
                    r.iter()
                        .map(|f| String::from_utf8_lossy(f).into_owned())
                        .collect(),
                    line,
                ));
            }
        }
        out
    }

    #[test]
    fn cuts_between_records_only() {
        let data = b"h1,h2\na,\"x\ny\"\nb,\"q\"\"\"\nc,d";
        assert_eq!(
            chunks(data, 1 << 20, 1),
            vec![
                ("h1,h2\n".into(), 1),
                ("a,\"x\ny\"\n".into(), 2),
                ("b,\"q\"\"\"\n".into(), 4),
                ("c,d".into(), 5),
            ]
        );
        assert_eq!(
            chunks(data, 1 << 20, 2),
            vec![("h1,h2\na,\"x\ny\"\n".into(), 1), ("b,\"q\"\"\"\nc,d".into(), 4)]
        );
    }

    #[test]
    fn chunked_records_and_lines_match_one_csv_pass() {
        // Quoted newlines and CRLF inside and outside quotes, escaped quotes, a quote in the
        // middle of an unquoted field (literal), empty lines, lone CR, BOM, no final newline.
        let data = "\u{feff}a,b,c\r\n1,\"two\r\nlines\",3\r\n\r\n4,5\"6,\"\"\"\n\n7,\"x,\"\"y\"\"\nz\",9\r10,11,12\n\"\",,\"\n\"\n13,14,15"
            .as_bytes();
        let fields = |f: &[&str]| f.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        // Records as csv reads the whole stream, on their physical lines counted by hand
        // (line 4 is empty; `10,11,12` follows a lone CR on line 8).
        let expected = vec![
            (fields(&["a", "b", "c"]), 1),
            (fields(&["1", "two\r\nlines", "3"]), 2),
            (fields(&["4", "5\"6", "\"\n\n7,x", "y\"\""]), 5),
            (fields(&["z\"", "9"]), 8),
            (fields(&["10", "11", "12"]), 8),
            (fields(&["", "", "\n"]), 9),
            (fields(&["13", "14", "15"]), 11),
        ];
        for step in [1, 2, 3, 5, 7, 64, 1 << 20] {
            for max in [1, 2, 3, 100] {
                assert_eq!(records(data, step, max), expected, "step {step}, max {max}");
            }
        }
    }

    #[test]
    fn empty_lines_are_not_records() {
        let data = b"\n\r\nh\n\n\na\nb\n";
        assert_eq!(
            chunks(data, 1 << 20, 1),
            vec![("\n\r\nh\n".into(), 1), ("\n\na\n".into(), 4), ("b\n".into(), 7)]
        );
    }

    #[test]
    fn unterminated_quote_runs_to_the_end() {
        let data = b"a,b\n1,\"open\n2,3\n";
        assert_eq!(
            chunks(data, 3, 1),
            vec![("a,b\n".into(), 1), ("1,\"open\n2,3\n".into(), 2)]
        );
    }

    #[test]
    fn empty_and_bom_only_streams() {
        assert!(chunks(b"", 1, 1).is_empty());
        assert!(chunks(b"\xEF\xBB\xBF", 1, 1).is_empty());
        // Two bytes of a BOM and nothing else: not a BOM, kept (the file then fails as text).
        let mut c = Chunker::new(Trickle {
            data: b"\xEF\xBB",
            step: 1,
        });
        assert_eq!(c.next_chunk(1, usize::MAX).unwrap().unwrap().bytes, b"\xEF\xBB");
        assert!(c.next_chunk(1, usize::MAX).unwrap().is_none());
    }

    #[test]
    fn long_records_cut_by_size() {
        let data = b"aaaa
bbbb
cccc
";
        let mut c = Chunker::new(Trickle { data, step: 1 << 20 });
        assert_eq!(
            c.next_chunk(100, 6).unwrap().unwrap().bytes,
            b"aaaa
bbbb
"
        );
        assert_eq!(
            c.next_chunk(100, 6).unwrap().unwrap().bytes,
            b"cccc
"
        );
    }
}
