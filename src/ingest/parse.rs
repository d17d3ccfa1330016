//! The row engine: CSV records (with their physical line numbers) -> validated, typed,
//! pseudonymised Arrow batches, and quarantine rows for records that fail a rule.
//!
//! Three parts, so that conversion runs on several cores while every rule still sees rows in
//! file order:
//! - [`KindParser`]: one per extract kind, spanning its files. It reads each file's header
//!   into a [`Converter`] and owns the uniqueness rules, which it applies in file order
//!   ([`KindParser::admit`]), so a duplicate always points at the row it repeats.
//! - [`Converter`]: one per file, shared by the workers. It turns a [`Chunk`] of whole records
//!   into an Arrow batch of the rows that pass every field and row rule, plus quarantine rows
//!   for the rest. It is pure: chunks can be converted in any order, on any thread.
//! - [`QuarantineRows`]: the quarantine table's builder.
//!
//! Memory is bounded by the chunk size (`ingest.batch_rows` records), never the file size; the
//! uniqueness index bounds its own ([`UniqueIndex`]).

use std::collections::BTreeMap;
use std::io::Read;
use std::sync::Arc;

use arrow::array::{
    ArrayRef, BooleanArray, BooleanBuilder, Date32Builder, Float64Builder, Int64Builder, RecordBatch,
    StringBuilder, UInt64Builder,
};
use arrow::datatypes::SchemaRef;
use csv::StringRecord;
use twox_hash::XxHash64;

use crate::error::{Error, Result};
use crate::extracts::codes::{self, CodeList};
use crate::extracts::{ColumnType, ExtractSpec, OutputColumn, OutputType, RowRule, quarantine_schema};
use crate::ingest::chunk::{Chunk, record_start};
use crate::ingest::pseudonym::{PSEUDONYM_HEX_LEN, Pseudonymiser};
use crate::ingest::unique::{Key, Position, UniqueIndex};
use crate::ingest::values;

/// The quarantine's `column` for a problem of the whole row (a field count that does not match
/// the header), which no one column can be blamed for.
pub const WHOLE_ROW: &str = "(whole row)";

/// The result of reading one file.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct FileOutcome {
    /// Data rows read (the header is not a row).
    pub rows_read: u64,
    pub rows_accepted: u64,
    pub rows_quarantined: u64,
    /// Header names the contract does not declare (ignored).
    pub extra_columns: Vec<String>,
    /// Why the whole file was rejected, if it was; its rows are then not staged.
    pub rejected: Option<String>,
    /// Bytes read and their SHA-256 (hex), for the manifest and re-use checks.
    pub bytes: u64,
    pub sha256: String,
    /// Quarantine reasons by column, counted (`"fte: must be > 0 and <= 1"` -> 3).
    pub reasons: BTreeMap<String, u64>,
}

/// One parsed field value, borrowed from the record where possible.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Cell<'a> {
    Null,
    Str(&'a str),
    /// Text stored upper-cased (ODS codes written in lower case).
    Upper(&'a str),
    Static(&'static str),
    Hex([u8; PSEUDONYM_HEX_LEN]),
    Date(i32),
    F64(f64),
    I64(i64),
    Bool(bool),
}

enum ColumnBuilder {
    Utf8(StringBuilder),
    Date(Date32Builder),
    F64(Float64Builder),
    I64(Int64Builder),
    Bool(BooleanBuilder),
}

impl ColumnBuilder {
    fn new(ty: OutputType, rows: usize) -> Self {
        match ty {
            OutputType::Utf8 => ColumnBuilder::Utf8(StringBuilder::with_capacity(rows, rows * 16)),
            OutputType::Date32 => ColumnBuilder::Date(Date32Builder::with_capacity(rows)),
            OutputType::Float64 => ColumnBuilder::F64(Float64Builder::with_capacity(rows)),
            OutputType::Int64 => ColumnBuilder::I64(Int64Builder::with_capacity(rows)),
            OutputType::Boolean => ColumnBuilder::Bool(BooleanBuilder::with_capacity(rows)),
        }
    }

    fn append(&mut self, cell: &Cell<'_>) {
        match (self, cell) {
            (ColumnBuilder::Utf8(b), Cell::Str(s)) => b.append_value(s),
            (ColumnBuilder::Utf8(b), Cell::Static(s)) => b.append_value(s),
            (ColumnBuilder::Utf8(b), Cell::Upper(s)) => b.append_value(s.to_ascii_uppercase()),
            (ColumnBuilder::Utf8(b), Cell::Hex(h)) => {
                b.append_value(std::str::from_utf8(h).unwrap_or_default())
            }
            (ColumnBuilder::Date(b), Cell::Date(d)) => b.append_value(*d),
            (ColumnBuilder::F64(b), Cell::F64(v)) => b.append_value(*v),
            (ColumnBuilder::I64(b), Cell::I64(v)) => b.append_value(*v),
            (ColumnBuilder::Bool(b), Cell::Bool(v)) => b.append_value(*v),
            (ColumnBuilder::Utf8(b), _) => b.append_null(),
            (ColumnBuilder::Date(b), _) => b.append_null(),
            (ColumnBuilder::F64(b), _) => b.append_null(),
            (ColumnBuilder::I64(b), _) => b.append_null(),
            (ColumnBuilder::Bool(b), _) => b.append_null(),
        }
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            ColumnBuilder::Utf8(b) => Arc::new(b.finish()),
            ColumnBuilder::Date(b) => Arc::new(b.finish()),
            ColumnBuilder::F64(b) => Arc::new(b.finish()),
            ColumnBuilder::I64(b) => Arc::new(b.finish()),
            ColumnBuilder::Bool(b) => Arc::new(b.finish()),
        }
    }
}

/// One rejected input row, as the quarantine table records it.
#[derive(Debug, Clone)]
pub struct QuarantinedRow {
    /// Physical line of the record's first byte (the header is line 1).
    pub line: u64,
    /// Header of the first failing column; [`WHOLE_ROW`] for a problem of the whole row (its
    /// field count), which no one column can be blamed for.
    pub column: Option<&'static str>,
    /// The offending value (masked for personal columns).
    pub value: Option<String>,
    /// Every problem of the row, `column: reason`, joined by `; `.
    pub reason: String,
    /// The record as CSV text with personal fields masked.
    pub raw: String,
}

/// Builder of quarantine batches for one file.
pub struct QuarantineRows {
    kind: &'static str,
    file: Arc<str>,
    line: UInt64Builder,
    column: StringBuilder,
    value: StringBuilder,
    reason: StringBuilder,
    raw: StringBuilder,
    rows: usize,
}

impl QuarantineRows {
    pub fn new(kind: &'static str, file: Arc<str>) -> Self {
        QuarantineRows {
            kind,
            file,
            line: UInt64Builder::new(),
            column: StringBuilder::new(),
            value: StringBuilder::new(),
            reason: StringBuilder::new(),
            raw: StringBuilder::new(),
            rows: 0,
        }
    }

    pub fn push(&mut self, row: &QuarantinedRow) {
        self.line.append_value(row.line);
        self.column.append_option(row.column);
        self.value.append_option(row.value.as_deref());
        self.reason.append_value(&row.reason);
        self.raw.append_value(&row.raw);
        self.rows += 1;
    }

    /// Rows pushed since the last [`finish`](Self::finish).
    pub fn len(&self) -> usize {
        self.rows
    }

    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    pub fn finish(&mut self) -> Result<RecordBatch> {
        let n = std::mem::take(&mut self.rows);
        let repeat = |s: &str| -> ArrayRef { Arc::new(arrow::array::StringArray::from(vec![s; n])) };
        Ok(RecordBatch::try_new(
            quarantine_schema(),
            vec![
                repeat(self.kind),
                repeat(&self.file),
                Arc::new(self.line.finish()),
                Arc::new(self.column.finish()),
                Arc::new(self.value.finish()),
                Arc::new(self.reason.finish()),
                Arc::new(self.raw.finish()),
            ],
        )?)
    }
}

/// A problem with one field of a row.
struct FieldError {
    column: &'static str,
    value: Option<String>,
    reason: String,
}

const MASK: &str = "<masked>";

/// What csv reads in front of `bytes`: csv drops a UTF-8 byte-order mark at the start of its
/// input, but the chunker has already dropped the file's, so one at the start of a chunk is data
/// (a row of two files joined into one, say) and must stay, as it does anywhere else in the file.
/// An empty line in front, which csv skips, keeps it.
fn csv_lead(bytes: &[u8]) -> &'static [u8] {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        b"\n"
    } else {
        b""
    }
}

/// A position reported by a csv reader over `lead` + a chunk's bytes, as a position in the chunk
/// (`lead` is empty or one empty line).
fn past_lead(at: &csv::Position, lead: &[u8]) -> csv::Position {
    let mut p = at.clone();
    let n = lead.len() as u64;
    if at.byte() < n {
        p.set_byte(0).set_line(1);
    } else {
        p.set_byte(at.byte() - n)
            .set_line(at.line().saturating_sub(n).max(1));
    }
    p
}

/// A row rule with its output columns resolved to indexes (once per kind, not per row).
enum Rule {
    /// `(index, name)` of dates that must not decrease.
    DatesInOrder(Vec<(usize, &'static str)>),
    Implies {
        when: (usize, &'static str),
        then: (usize, &'static str),
    },
}

/// What every file of a kind shares: the declaration, resolved for fast row conversion.
struct KindPlan {
    spec: &'static ExtractSpec,
    schema: SchemaRef,
    outputs: Vec<OutputColumn>,
    /// First output index of each spec column.
    out_start: Vec<usize>,
    /// For each `AgeBand` spec column: the output index of its reference date.
    age_at: Vec<Option<usize>>,
    rules: Vec<Rule>,
    /// Output columns of each uniqueness rule, and the rule's names for messages.
    unique: Vec<(Vec<usize>, &'static [&'static str])>,
    pseudonymiser: Pseudonymiser,
}

/// Parser state for one extract kind; it spans the kind's files so that uniqueness rules hold
/// across files.
pub struct KindParser {
    plan: Arc<KindPlan>,
    /// One index per uniqueness rule.
    seen: Vec<UniqueIndex>,
    files: Vec<String>,
}

impl KindParser {
    /// `index_rows`: uniqueness-index entries held in memory per rule before they spill to disk
    /// (see [`UniqueIndex`]).
    pub fn new(spec: &'static ExtractSpec, pseudonymiser: Pseudonymiser, index_rows: usize) -> Self {
        let outputs = spec.output_columns();
        let index = |name: &str| {
            outputs
                .iter()
                .position(|o| o.name == name)
                .expect("rule columns are validated by the extracts tests")
        };
        let mut out_start = Vec::with_capacity(spec.columns.len());
        let mut next = 0;
        for c in spec.columns {
            out_start.push(next);
            next += c.outputs().len();
        }
        let age_at = spec
            .columns
            .iter()
            .map(|c| match c.ty {
                ColumnType::AgeBand { at } => Some(index(at)),
                _ => None,
            })
            .collect();
        let mut rules = Vec::new();
        let mut unique = Vec::new();
        for rule in spec.rules {
            match rule {
                RowRule::DatesInOrder(names) => {
                    rules.push(Rule::DatesInOrder(names.iter().map(|n| (index(n), *n)).collect()))
                }
                RowRule::Implies { when, then } => rules.push(Rule::Implies {
                    when: (index(when), when),
                    then: (index(then), then),
                }),
                RowRule::Unique(names) => unique.push((names.iter().map(|n| index(n)).collect(), *names)),
            }
        }
        let seen = unique.iter().map(|_| UniqueIndex::new(index_rows)).collect();
        KindParser {
            plan: Arc::new(KindPlan {
                spec,
                schema: spec.schema(),
                outputs,
                out_start,
                age_at,
                rules,
                unique,
                pseudonymiser,
            }),
            seen,
            files: Vec::new(),
        }
    }

    pub fn schema(&self) -> SchemaRef {
        self.plan.schema.clone()
    }

    pub fn spec(&self) -> &'static ExtractSpec {
        self.plan.spec
    }

    /// Starts a file: reads its header (the first record) into a converter for its records, or
    /// says why the whole file is rejected (no header, a missing required column, not UTF-8).
    /// Returns the file's index for [`admit`](Self::admit) too.
    pub fn begin_file(
        &mut self,
        file_name: &str,
        header: Option<&Chunk>,
        outcome: &mut FileOutcome,
    ) -> (u32, Option<Converter>) {
        let file_idx = u32::try_from(self.files.len()).unwrap_or(u32::MAX);
        self.files.push(file_name.to_string());
        let record = header.and_then(|h| {
            csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(&h.bytes[..])
                .byte_records()
                .next()
                .and_then(|r| r.ok())
        });
        let Some(record) = record else {
            outcome.rejected = Some("empty file: no header row".into());
            return (file_idx, None);
        };
        let mut headers = Vec::with_capacity(record.len());
        for (i, raw) in record.iter().enumerate() {
            match std::str::from_utf8(raw) {
                Ok(s) => headers.push(s.trim().to_string()),
                Err(_) => {
                    outcome.rejected = Some(format!(
                        "line 1 (header), column {}: bytes are not UTF-8; re-save the file as UTF-8",
                        i + 1
                    ));
                    return (file_idx, None);
                }
            }
        }
        let spec = self.plan.spec;
        let mut field_of = Vec::with_capacity(spec.columns.len());
        let mut missing = Vec::new();
        for c in spec.columns {
            match headers.iter().position(|h| h.eq_ignore_ascii_case(c.header)) {
                Some(i) => field_of.push(i),
                None => {
                    missing.push(c.header);
                    field_of.push(usize::MAX);
                }
            }
        }
        if !missing.is_empty() {
            let hint = if missing.len() == spec.columns.len() {
                " (is the header row missing?)"
            } else {
                ""
            };
            outcome.rejected = Some(format!(
                "missing required column(s): {}{hint}",
                missing
                    .iter()
                    .map(|m| format!("'{m}'"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            return (file_idx, None);
        }
        for (i, h) in headers.iter().enumerate() {
            if !field_of.contains(&i) || headers[..i].iter().any(|p| p.eq_ignore_ascii_case(h)) {
                outcome.extra_columns.push(h.clone());
            }
        }
        // By header, not only the matched position: a repeated personal header (an extra
        // column, otherwise ignored) holds personal data too.
        let personal_fields = headers
            .iter()
            .map(|h| {
                spec.columns
                    .iter()
                    .any(|c| c.personal && h.eq_ignore_ascii_case(c.header))
            })
            .collect();
        let converter = Converter {
            plan: self.plan.clone(),
            headers,
            field_of,
            personal_fields,
        };
        (file_idx, Some(converter))
    }

    /// Applies the uniqueness rules to a converted chunk, in order: the chunk's accepted rows
    /// that repeat an earlier row (of this or an earlier file of the kind) move to quarantine.
    /// Chunks of a file must be admitted in file order. Returns the staged rows and the
    /// chunk's quarantine rows in line order, and adds both to `outcome`; the staged rows'
    /// lines and keys are added to `staged_keys` (for the file's key part: `keys`).
    pub fn admit(
        &mut self,
        file_idx: u32,
        converter: &Converter,
        chunk: Converted,
        outcome: &mut FileOutcome,
        staged_keys: &mut StagedKeys,
    ) -> Result<(Option<RecordBatch>, Vec<QuarantinedRow>)> {
        outcome.rows_read += chunk.rows_read;
        for (reason, n) in chunk.reasons {
            *outcome.reasons.entry(reason).or_default() += n;
        }
        let plan = &self.plan;
        let rules = plan.unique.len();
        let mut keep: Option<Vec<bool>> = None;
        let mut duplicates = Vec::new();
        for (row, accepted) in chunk.rows.iter().enumerate() {
            let keys = &chunk.keys[row * rules..(row + 1) * rules];
            let here = Position::new(file_idx, accepted.line);
            let mut earlier = None;
            if let ([key], [seen]) = (keys, &mut self.seen[..]) {
                // One rule (the usual case): look up and record in one step.
                earlier = seen.get_or_insert(*key, here)?.map(|at| (0, at));
            } else {
                // Several rules: a row repeating any of them records none of its keys, so all
                // are looked up before any is recorded.
                for (ri, (key, seen)) in keys.iter().zip(&mut self.seen).enumerate() {
                    if let Some(at) = seen.get(key)? {
                        earlier = Some((ri, at));
                        break;
                    }
                }
                if earlier.is_none() {
                    for (key, seen) in keys.iter().zip(&mut self.seen) {
                        seen.insert(*key, here)?;
                    }
                }
            }
            if let Some((ri, at)) = earlier {
                let (f, l) = (at.file(), at.line());
                let names = plan.unique[ri].1;
                let at = if f == file_idx {
                    format!("line {l}")
                } else {
                    format!(
                        "{} line {l}",
                        self.files.get(f as usize).map_or("?", String::as_str)
                    )
                };
                let column = header_of(plan.spec, names[names.len() - 1]);
                let what = format!("duplicate ({})", names.join(", "));
                *outcome.reasons.entry(format!("{column}: {what}")).or_default() += 1;
                duplicates.push(QuarantinedRow {
                    line: accepted.line,
                    column: Some(column),
                    value: None,
                    reason: format!("{column}: {what} of {at}"),
                    raw: converter.masked_record_at(&chunk.bytes[accepted.offset..]),
                });
                keep.get_or_insert_with(|| vec![true; chunk.rows.len()])[row] = false;
            } else if rules > 0 {
                staged_keys.lines.push(accepted.line);
                staged_keys.keys.extend_from_slice(keys);
            }
        }
        let batch = match (chunk.batch, keep) {
            (Some(b), Some(keep)) => Some(arrow::compute::filter_record_batch(
                &b,
                &BooleanArray::from(keep),
            )?),
            (b, _) => b,
        };
        let mut quarantined = chunk.quarantined;
        if !duplicates.is_empty() {
            quarantined.extend(duplicates);
            quarantined.sort_by_key(|q| q.line);
        }
        outcome.rows_accepted += batch.as_ref().map_or(0, |b| b.num_rows() as u64);
        outcome.rows_quarantined += quarantined.len() as u64;
        Ok((batch.filter(|b| b.num_rows() > 0), quarantined))
    }

    /// Forgets a rejected file's rows, so later files are not judged against them.
    pub fn forget_file(&mut self, file_idx: u32) {
        for seen in &mut self.seen {
            seen.forget_file(file_idx);
        }
    }

    /// The number of uniqueness rules (keys per staged row in a key part).
    pub fn unique_rules(&self) -> usize {
        self.plan.unique.len()
    }

    /// Takes a file of the last ingest that is kept as staged (a re-used file) in place of
    /// reading it: it gets the next file index, as [`begin_file`](Self::begin_file) would give
    /// it, and its staged rows' keys are then added with [`remember`](Self::remember).
    pub fn resume_file(&mut self, file_name: &str) -> u32 {
        let file_idx = u32::try_from(self.files.len()).unwrap_or(u32::MAX);
        self.files.push(file_name.to_string());
        file_idx
    }

    /// Makes room for `rows` more rows' keys (as far as the index keeps keys in memory).
    pub fn reserve(&mut self, rows: usize) {
        for seen in &mut self.seen {
            seen.reserve(rows);
        }
    }

    /// Records the keys of a row that a re-used file staged (one per rule, as
    /// [`admit`](Self::admit) recorded them) as seen at `line` of `file_idx`: the index is then
    /// what admitting that file's rows had left it.
    pub fn remember(&mut self, file_idx: u32, line: u64, keys: &[Key]) -> Result<()> {
        let at = Position::new(file_idx, line);
        for (key, seen) in keys.iter().zip(&mut self.seen) {
            seen.insert(*key, at)?;
        }
        Ok(())
    }
}

/// The lines and uniqueness keys of the rows a file staged, in order (one key per rule, row
/// after row): what its key part records, so that a later ingest that re-uses the file can
/// re-fill the uniqueness index without reading it again.
#[derive(Debug, Default)]
pub struct StagedKeys {
    pub lines: Vec<u64>,
    pub keys: Vec<Key>,
}

impl StagedKeys {
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    pub fn clear(&mut self) {
        self.lines.clear();
        self.keys.clear();
    }
}

/// A record that passed the field and row rules, before the uniqueness rules.
#[derive(Debug, Clone, Copy)]
struct AcceptedRow {
    line: u64,
    /// Byte offset of the record in its chunk (to rebuild it if it turns out a duplicate).
    offset: usize,
}

/// A chunk after conversion, waiting for [`KindParser::admit`].
pub struct Converted {
    /// The chunk's bytes, kept to rebuild the raw text of a duplicate.
    bytes: Vec<u8>,
    /// Rows that passed the field and row rules, in order.
    batch: Option<RecordBatch>,
    rows: Vec<AcceptedRow>,
    /// The uniqueness keys of each accepted row, one per rule, row after row.
    keys: Vec<Key>,
    quarantined: Vec<QuarantinedRow>,
    reasons: BTreeMap<String, u64>,
    rows_read: u64,
    /// Why the file is rejected (bytes that are not UTF-8), if it is.
    pub rejected: Option<String>,
}

impl Converted {
    /// The rows that passed the field and row rules (before uniqueness).
    pub fn batch(&self) -> Option<&RecordBatch> {
        self.batch.as_ref()
    }
}

/// Converts one file's records; shared by the workers (it holds no mutable state).
pub struct Converter {
    plan: Arc<KindPlan>,
    headers: Vec<String>,
    /// The field index of each spec column.
    field_of: Vec<usize>,
    /// Fields holding personal data (masked in quarantine).
    personal_fields: Vec<bool>,
}

impl Converter {
    /// Converts a chunk of whole records (never the header).
    pub fn convert(&self, chunk: Chunk) -> Result<Converted> {
        let plan = &*self.plan;
        let mut out = Converted {
            bytes: Vec::new(),
            batch: None,
            rows: Vec::new(),
            keys: Vec::new(),
            quarantined: Vec::new(),
            reasons: BTreeMap::new(),
            rows_read: 0,
            rejected: None,
        };
        let mut builders: Vec<ColumnBuilder> = plan
            .outputs
            .iter()
            .map(|o| ColumnBuilder::new(o.data_type, chunk.records + 1))
            .collect();
        let mut csv = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(csv_lead(&chunk.bytes).chain(&chunk.bytes[..]));
        let mut record = StringRecord::new();
        // Buffers reused across rows (their borrows end with each row; see `recycle_cells`).
        let mut cells_buf: Vec<Cell<'static>> = Vec::with_capacity(plan.outputs.len());
        let mut errors: Vec<FieldError> = Vec::new();
        let mut key_buf = Vec::new();
        loop {
            // A record is checked for UTF-8 as a whole. A byte slice has no I/O errors and
            // flexible records have no length errors, so nothing else can fail; if it ever did,
            // no row may vanish silently.
            let read = csv.read_record(&mut record);
            let at = match &read {
                Err(e) => e.position(),
                Ok(_) => record.position(),
            };
            let lead = csv_lead(&chunk.bytes);
            let (offset, line) = at.map_or((0, chunk.first_line), |p| {
                record_start(&chunk, &past_lead(p, lead))
            });
            match read {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    if let csv::ErrorKind::Utf8 { err, .. } = e.kind() {
                        out.rows_read += 1;
                        out.rejected = Some(format!(
                            "line {line}, column '{}': bytes are not UTF-8; re-save the file as UTF-8",
                            self.headers.get(err.field()).map_or("?", String::as_str)
                        ));
                        return Ok(out);
                    }
                    return Err(Error::Internal(format!("CSV reader failed at line {line}: {e}")));
                }
            }
            out.rows_read += 1;
            let mut cells: Vec<Cell<'_>> = recycle_cells(std::mem::take(&mut cells_buf));
            errors.clear();
            if record.len() != self.headers.len() {
                errors.push(FieldError {
                    column: "",
                    value: None,
                    reason: format!("expected {} fields, found {}", self.headers.len(), record.len()),
                });
            } else {
                self.parse_row(&record, &mut cells, &mut errors);
                if errors.is_empty() {
                    self.check_rules(&cells, &mut errors);
                }
            }
            if errors.is_empty() {
                for (b, c) in builders.iter_mut().zip(&cells) {
                    b.append(c);
                }
                for (columns, _) in &plan.unique {
                    out.keys
                        .push(unique_key(columns.iter().map(|&i| &cells[i]), &mut key_buf));
                }
                out.rows.push(AcceptedRow { line, offset });
            } else {
                for e in &errors {
                    let key = if e.column.is_empty() {
                        e.reason.clone()
                    } else {
                        format!("{}: {}", e.column, generic_reason(&e.reason))
                    };
                    *out.reasons.entry(key).or_default() += 1;
                }
                let first = &errors[0];
                out.quarantined.push(QuarantinedRow {
                    line,
                    column: Some(if first.column.is_empty() {
                        WHOLE_ROW
                    } else {
                        first.column
                    }),
                    value: first.value.clone(),
                    reason: errors
                        .iter()
                        .map(|e| {
                            if e.column.is_empty() {
                                e.reason.clone()
                            } else {
                                format!("{}: {}", e.column, e.reason)
                            }
                        })
                        .collect::<Vec<_>>()
                        .join("; "),
                    raw: masked_row(&record, &self.personal_fields),
                });
            }
            cells_buf = recycle_cells(cells);
        }
        if !out.rows.is_empty() {
            let arrays = builders.iter_mut().map(ColumnBuilder::finish).collect();
            out.batch = Some(RecordBatch::try_new(plan.schema.clone(), arrays)?);
        }
        if !plan.unique.is_empty() {
            out.bytes = chunk.bytes;
        }
        Ok(out)
    }

    /// The first record of `bytes` as CSV text with personal fields masked.
    fn masked_record_at(&self, bytes: &[u8]) -> String {
        let mut record = StringRecord::new();
        let read = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(csv_lead(bytes).chain(bytes))
            .read_record(&mut record);
        match read {
            Ok(true) => masked_row(&record, &self.personal_fields),
            // Unreachable for a record that was converted; say so rather than fail the run.
            _ => String::from("<record unavailable>"),
        }
    }

    /// Converts the fields of one row into cells (in output order), collecting field errors.
    /// `record` has a field for every header.
    fn parse_row<'a>(
        &self,
        record: &'a StringRecord,
        cells: &mut Vec<Cell<'a>>,
        errors: &mut Vec<FieldError>,
    ) {
        let plan = &*self.plan;
        let spec = plan.spec;
        for (col, &field) in spec.columns.iter().zip(&self.field_of) {
            let value = codes::trim(record.get(field).unwrap_or_default());
            let shown = |v: &str| {
                if col.personal {
                    Some(MASK.to_string())
                } else {
                    Some(v.to_string())
                }
            };
            let mut fail = |reason: String| {
                errors.push(FieldError {
                    column: col.header,
                    value: shown(value),
                    reason,
                });
            };
            let empty = value.is_empty();
            let list_allows_empty = matches!(col.ty, ColumnType::Code(l) | ColumnType::EthnicCategory(l) if l.empty_as.is_some())
                || matches!(col.ty, ColumnType::EthnicOrigin);
            if empty && col.required && !list_allows_empty {
                fail("required value is empty".into());
                for _ in col.outputs() {
                    cells.push(Cell::Null);
                }
                continue;
            }
            if let Some(reason) = convert_field(col.ty, value, &plan.pseudonymiser, cells) {
                fail(reason);
            }
        }
        // Age bands need the reference date, which may be declared after the birth date.
        for (ci, col) in spec.columns.iter().enumerate() {
            let (ColumnType::AgeBand { at }, Some(at_index)) = (col.ty, plan.age_at[ci]) else {
                continue;
            };
            let out = plan.out_start[ci];
            let dates = match (cells[out], cells[at_index]) {
                (Cell::Date(born), Cell::Date(at_days)) => {
                    values::from_date32(born).zip(values::from_date32(at_days))
                }
                _ => None,
            };
            cells[out] = Cell::Null; // never the birth date itself
            let Some((born, at_date)) = dates else {
                continue;
            };
            let age = values::age_on(born, at_date);
            if age < 0 {
                errors.push(FieldError {
                    column: col.header,
                    value: Some(MASK.into()),
                    reason: format!("date of birth is after {at}"),
                });
            } else {
                cells[out] = Cell::Static(values::age_band(age));
            }
        }
    }

    /// The row rules other than uniqueness (which needs the rows before: [`KindParser::admit`]).
    fn check_rules(&self, cells: &[Cell<'_>], errors: &mut Vec<FieldError>) {
        let spec = self.plan.spec;
        for rule in &self.plan.rules {
            match rule {
                Rule::DatesInOrder(dates) => {
                    let mut last: Option<(&str, i32)> = None;
                    for &(i, name) in dates {
                        let Cell::Date(d) = cells[i] else {
                            continue;
                        };
                        if let Some((prev, pd)) = last {
                            if d < pd {
                                errors.push(FieldError {
                                    column: header_of(spec, name),
                                    value: values::from_date32(d).map(|x| x.to_string()),
                                    reason: format!("{name} is before {prev}"),
                                });
                                return;
                            }
                        }
                        last = Some((name, d));
                    }
                }
                Rule::Implies { when, then } => {
                    if matches!(cells[when.0], Cell::Bool(true)) && matches!(cells[then.0], Cell::Bool(false))
                    {
                        errors.push(FieldError {
                            column: header_of(spec, when.1),
                            value: Some("Y".into()),
                            reason: format!("{} is Y but {} is N", when.1, then.1),
                        });
                        return;
                    }
                }
            }
        }
    }
}

/// Converts one trimmed field of a column of type `ty` into its output cells (pushed onto
/// `cells`, one per output column, null when rejected) and returns why it is rejected, if it is.
/// Every quarantine rule of a single field is here, one arm per column type (tested case by case
/// in this file's tests); an empty required field is refused by the caller, rules across fields
/// in `check_rules`.
#[inline]
fn convert_field<'a>(
    ty: ColumnType,
    value: &'a str,
    pseudonymiser: &Pseudonymiser,
    cells: &mut Vec<Cell<'a>>,
) -> Option<String> {
    let empty = value.is_empty();
    match ty {
        ColumnType::Text | ColumnType::FreeText => {
            cells.push(if empty { Cell::Null } else { Cell::Str(value) })
        }
        ColumnType::OrgCode => {
            if empty {
                cells.push(Cell::Null);
            } else if (3..=5).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_alphanumeric()) {
                if value.bytes().any(|b| b.is_ascii_lowercase()) {
                    cells.push(Cell::Upper(value));
                } else {
                    cells.push(Cell::Str(value));
                }
            } else {
                cells.push(Cell::Null);
                return Some(format!("'{value}' is not an ODS code (3-5 letters or digits)"));
            }
        }
        ColumnType::Date => {
            if empty {
                cells.push(Cell::Null);
            } else if let Some(d) = values::parse_date(value) {
                cells.push(Cell::Date(values::date32(d)));
            } else {
                cells.push(Cell::Null);
                return Some(format!(
                    "invalid date '{value}' (expected DD/MM/YYYY or YYYY-MM-DD)"
                ));
            }
        }
        ColumnType::Decimal {
            min_exclusive,
            max_inclusive,
        } => {
            if empty {
                cells.push(Cell::Null);
                return None;
            }
            match values::parse_decimal(value) {
                None => {
                    cells.push(Cell::Null);
                    return Some(format!("'{value}' is not a number"));
                }
                Some(v) => {
                    let low = min_exclusive.is_some_and(|m| v <= m);
                    let high = max_inclusive.is_some_and(|m| v > m);
                    if low || high {
                        cells.push(Cell::Null);
                        return Some(bounds_reason(value, min_exclusive, max_inclusive));
                    } else {
                        cells.push(Cell::F64(v));
                    }
                }
            }
        }
        ColumnType::Integer { min } => {
            if empty {
                cells.push(Cell::Null);
                return None;
            }
            match value.parse::<i64>() {
                Ok(v) if v >= min => cells.push(Cell::I64(v)),
                Ok(_) => {
                    cells.push(Cell::Null);
                    return Some(format!("{value} is below the minimum of {min}"));
                }
                Err(_) => {
                    cells.push(Cell::Null);
                    return Some(format!("'{value}' is not a whole number"));
                }
            }
        }
        ColumnType::Flag => {
            if empty {
                cells.push(Cell::Null);
            } else if let Some(b) = codes::parse_flag(value) {
                cells.push(Cell::Bool(b));
            } else {
                cells.push(Cell::Null);
                return Some(format!("expected Y or N, found '{value}'"));
            }
        }
        ColumnType::Code(list) => match list.normalise(value) {
            Some(c) => cells.push(Cell::Static(c)),
            None if empty => cells.push(Cell::Null),
            None => {
                cells.push(Cell::Null);
                return Some(unknown_code(list, value));
            }
        },
        ColumnType::EthnicOrigin => match codes::parse_ethnic_origin(value) {
            Some(e) => {
                cells.push(Cell::Static(e.code));
                cells.push(Cell::Static(e.group));
            }
            None => {
                cells.push(Cell::Null);
                cells.push(Cell::Null);
                return Some(format!("unknown ethnic origin code '{value}'"));
            }
        },
        ColumnType::EthnicCategory(list) => match list.normalise(value) {
            Some(c) => {
                cells.push(Cell::Static(c));
                cells.push(Cell::Static(codes::survey_ethnic_group(c)));
            }
            None => {
                cells.push(Cell::Null);
                cells.push(Cell::Null);
                return Some(unknown_code(list, value));
            }
        },
        ColumnType::StaffGroup => match codes::STAFF_GROUP.normalise(value) {
            Some(g) => {
                cells.push(Cell::Static(g));
                cells.push(Cell::Bool(codes::is_clinical_staff_group(g)));
            }
            None if empty => {
                cells.push(Cell::Null);
                cells.push(Cell::Null);
            }
            None => {
                cells.push(Cell::Null);
                cells.push(Cell::Null);
                return Some(unknown_code(&codes::STAFF_GROUP, value));
            }
        },
        ColumnType::Pseudonym => {
            if empty {
                cells.push(Cell::Null);
            } else {
                cells.push(Cell::Hex(pseudonymiser.pseudonym_hex(value)));
            }
        }
        ColumnType::AgeBand { .. } => {
            // The birth date waits here until the reference date is parsed (below).
            if empty {
                cells.push(Cell::Null);
            } else if let Some(born) = values::parse_date(value) {
                cells.push(Cell::Date(values::date32(born)));
            } else {
                cells.push(Cell::Null);
                return Some("invalid date of birth (expected DD/MM/YYYY or YYYY-MM-DD)".into());
            }
        }
    }
    None
}

fn header_of(spec: &ExtractSpec, output: &str) -> &'static str {
    spec.columns
        .iter()
        .find(|c| c.outputs().iter().any(|o| o.name == output))
        .map_or("", |c| c.header)
}

fn unknown_code(list: &CodeList, value: &str) -> String {
    let expected: Vec<_> = list.canonical().collect();
    if expected.len() <= 8 {
        format!(
            "unknown {} '{value}' (expected one of: {})",
            list.name,
            expected.join(", ")
        )
    } else {
        format!("unknown {} '{value}'", list.name)
    }
}

fn bounds_reason(value: &str, min_exclusive: Option<f64>, max_inclusive: Option<f64>) -> String {
    match (min_exclusive, max_inclusive) {
        (Some(lo), Some(hi)) => format!("{value} is outside the allowed range (> {lo} and <= {hi})"),
        (Some(lo), None) => format!("{value} must be greater than {lo}"),
        (None, Some(hi)) => format!("{value} must be at most {hi}"),
        (None, None) => format!("{value} is out of range"),
    }
}

/// A reason without its quoted value, for counting the top reasons per column.
pub fn generic_reason(reason: &str) -> String {
    if let Some((what, _where)) = reason.split_once(") of ") {
        return format!("{what})"); // duplicates: drop "of <file> line N"
    }
    let mut out = String::with_capacity(reason.len());
    let mut in_quote = false;
    for ch in reason.chars() {
        if ch == '\'' {
            if !in_quote {
                out.push_str("'…'");
            }
            in_quote = !in_quote;
        } else if !in_quote {
            out.push(ch);
        }
    }
    out
}

/// A row's uniqueness key: the key cells, tagged by type, hashed to 96 bits with two seeds of
/// XXH64. Not a secret (the cells are already pseudonymised where personal) and it never
/// leaves the run; any two of n keys collide with chance about n²/2⁹⁷ (below 10⁻¹⁴ at 16 million
/// rows), and a collision would show as a quarantined "duplicate" row, never a lost one.
/// `buf` is scratch space reused across rows.
fn unique_key<'a>(cells: impl Iterator<Item = &'a Cell<'a>>, buf: &mut Vec<u8>) -> Key {
    buf.clear();
    for c in cells {
        match c {
            Cell::Null => buf.push(0),
            Cell::Str(s) | Cell::Static(s) => {
                buf.push(1);
                buf.extend_from_slice(s.as_bytes());
            }
            Cell::Upper(s) => {
                buf.push(1);
                buf.extend(s.bytes().map(|b| b.to_ascii_uppercase()));
            }
            Cell::Hex(x) => {
                buf.push(1);
                buf.extend_from_slice(x);
            }
            Cell::Date(d) => {
                buf.push(2);
                buf.extend_from_slice(&d.to_le_bytes());
            }
            Cell::F64(v) => {
                buf.push(3);
                buf.extend_from_slice(&v.to_le_bytes());
            }
            Cell::I64(v) => {
                buf.push(4);
                buf.extend_from_slice(&v.to_le_bytes());
            }
            Cell::Bool(b) => buf.extend_from_slice(&[5, u8::from(*b)]),
        }
        buf.push(0xff);
    }
    let low = XxHash64::oneshot(0x7461_6c65_6e74_7069, buf).to_le_bytes();
    let high = XxHash64::oneshot(0x7069_7065_6b65_7973, buf).to_le_bytes();
    let mut key = Key::default();
    let (a, b) = key.split_at_mut(8);
    a.copy_from_slice(&low);
    b.copy_from_slice(&high[..b.len()]);
    key
}

/// The row as CSV text with personal fields masked, for the quarantine table. `personal` has
/// one entry per header field; a record with another field count cannot be matched to the
/// columns (a missing or extra field shifts the personal values), so all its fields are masked.
fn masked_row(record: &StringRecord, personal: &[bool]) -> String {
    let aligned = record.len() == personal.len();
    let mut out = String::new();
    for (i, t) in record.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if (!aligned || personal.get(i).is_none_or(|&p| p)) && !t.trim().is_empty() {
            out.push_str(MASK);
        } else if t.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&t.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(t);
        }
    }
    out
}

/// Empties a buffer and hands its allocation back with a new lifetime (an in-place collect:
/// no element survives, so no borrow outlives its row).
fn recycle_cells<'a, 'b>(mut v: Vec<Cell<'a>>) -> Vec<Cell<'b>> {
    v.clear();
    v.into_iter()
        .map(|_| -> Cell<'b> { unreachable!("the vector is empty") })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(cells: &[Cell<'_>]) -> Key {
        unique_key(cells.iter(), &mut Vec::new())
    }

    /// Every single-field rule of the contract, one case each: the column type, the trimmed
    /// field, and the cells it becomes or the start of the reason it is quarantined for
    /// (EXTRACTS.md: formats, code lists, ranges). Adding a rule is one arm in `convert_field`
    /// and one case here.
    #[test]
    fn each_field_rule_case_by_case() {
        use crate::extracts::codes::{PAY_BAND, SURVEY_ETHNIC_GROUP};
        let date = |d: &str| Cell::Date(values::date32(values::parse_date(d).expect("test date")));
        let fte = ColumnType::Decimal {
            min_exclusive: Some(0.0),
            max_inclusive: Some(1.0),
        };
        let ok: Vec<(ColumnType, &str, Vec<Cell<'_>>)> = vec![
            (
                ColumnType::FreeText,
                "Staff Nurse",
                vec![Cell::Str("Staff Nurse")],
            ),
            (ColumnType::FreeText, "", vec![Cell::Null]),
            (ColumnType::OrgCode, "RJ1", vec![Cell::Str("RJ1")]),
            (ColumnType::OrgCode, "rj1", vec![Cell::Upper("rj1")]),
            (ColumnType::Date, "31/10/2025", vec![date("2025-10-31")]),
            (ColumnType::Date, "2025-10-31", vec![date("2025-10-31")]),
            (fte, "0.5", vec![Cell::F64(0.5)]),
            (fte, "1.0", vec![Cell::F64(1.0)]),
            (ColumnType::Integer { min: 1900 }, "2025", vec![Cell::I64(2025)]),
            (ColumnType::Flag, "y", vec![Cell::Bool(true)]),
            (ColumnType::Flag, "N", vec![Cell::Bool(false)]),
            (ColumnType::Code(&PAY_BAND), "8A", vec![Cell::Static("Band 8a")]),
            (ColumnType::Code(&PAY_BAND), "", vec![Cell::Null]),
            (
                ColumnType::EthnicOrigin,
                "C3 White - Any other White background",
                vec![Cell::Static("C"), Cell::Static("White")],
            ),
            (
                ColumnType::EthnicOrigin,
                "",
                vec![Cell::Static("Z"), Cell::Static("Unknown")],
            ),
            (
                ColumnType::EthnicCategory(&SURVEY_ETHNIC_GROUP),
                "White",
                vec![Cell::Static("White"), Cell::Static("White")],
            ),
            (
                ColumnType::StaffGroup,
                "Estates and Ancillary",
                vec![Cell::Static("Estates and Ancillary"), Cell::Bool(false)],
            ),
            (
                ColumnType::AgeBand { at: "snapshot_date" },
                "15/03/1990",
                vec![date("1990-03-15")],
            ),
        ];
        let pseudonymiser = Pseudonymiser::new(b"test-key");
        for (ty, field, want) in ok {
            let mut cells = Vec::new();
            let reason = convert_field(ty, field, &pseudonymiser, &mut cells);
            assert_eq!((reason, cells), (None, want), "{ty:?} '{field}'");
        }
        let mut cells = Vec::new();
        assert_eq!(
            convert_field(ColumnType::Pseudonym, "12345678", &pseudonymiser, &mut cells),
            None
        );
        assert_eq!(cells, vec![Cell::Hex(pseudonymiser.pseudonym_hex("12345678"))]);

        let rejected: Vec<(ColumnType, &str, &str)> = vec![
            (ColumnType::OrgCode, "R-J1", "'R-J1' is not an ODS code"),
            (ColumnType::OrgCode, "RJ", "'RJ' is not an ODS code"),
            (ColumnType::Date, "31/02/2025", "invalid date '31/02/2025'"),
            (fte, "0", "0 is outside the allowed range"),
            (fte, "1.5", "1.5 is outside the allowed range"),
            (fte, "one", "'one' is not a number"),
            (
                ColumnType::Integer { min: 1900 },
                "1899",
                "1899 is below the minimum of 1900",
            ),
            (
                ColumnType::Integer { min: 1900 },
                "20x5",
                "'20x5' is not a whole number",
            ),
            (ColumnType::Flag, "maybe", "expected Y or N, found 'maybe'"),
            (
                ColumnType::Code(&PAY_BAND),
                "Band 10",
                "unknown pay band 'Band 10'",
            ),
            (
                ColumnType::EthnicOrigin,
                "Q Unknown group",
                "unknown ethnic origin code",
            ),
            (ColumnType::StaffGroup, "Doctors", "unknown staff group 'Doctors'"),
            (
                ColumnType::AgeBand { at: "snapshot_date" },
                "1990-15-03",
                "invalid date of birth",
            ),
        ];
        for (ty, field, want) in rejected {
            let mut cells = Vec::new();
            let reason = convert_field(ty, field, &pseudonymiser, &mut cells).unwrap_or_default();
            assert!(reason.starts_with(want), "{ty:?} '{field}': {reason}");
            assert_eq!(
                cells.len(),
                ty_outputs(ty),
                "{ty:?} '{field}': one null per output column"
            );
            assert!(cells.iter().all(|c| *c == Cell::Null), "{ty:?} '{field}'");
        }
    }

    /// Output columns of a column type (what `ColumnSpec::outputs` says for it).
    fn ty_outputs(ty: ColumnType) -> usize {
        match ty {
            ColumnType::EthnicOrigin | ColumnType::EthnicCategory(_) | ColumnType::StaffGroup => 2,
            _ => 1,
        }
    }

    #[test]
    fn unique_keys_tell_apart_what_the_cells_tell_apart() {
        let row = [Cell::Date(20_000), Cell::Str("A1")];
        assert_eq!(key(&row), key(&row), "deterministic");
        assert_eq!(
            key(&row),
            key(&[Cell::Date(20_000), Cell::Static("A1")]),
            "same text"
        );
        assert_eq!(
            key(&[Cell::Upper("ab")]),
            key(&[Cell::Str("AB")]),
            "stored upper-cased"
        );
        let different: [&[Cell<'_>]; 7] = [
            &[Cell::Date(20_001), Cell::Str("A1")],
            &[Cell::Date(20_000), Cell::Str("A2")],
            &[Cell::Str("A1"), Cell::Date(20_000)],
            &[Cell::Str("ab"), Cell::Str("c")],
            &[Cell::Str("a"), Cell::Str("bc")],
            &[Cell::Null],
            &[Cell::Str("")],
        ];
        for (i, a) in different.iter().enumerate() {
            assert_ne!(key(a), key(&row));
            for b in &different[i + 1..] {
                assert_ne!(key(a), key(b), "{a:?} and {b:?}");
            }
        }
        assert_ne!(key(&[Cell::I64(1)]), key(&[Cell::F64(1.0)]), "types are tagged");
        assert_ne!(key(&[Cell::Bool(true)]), key(&[Cell::Bool(false)]));
    }
}
