//! The row engine: CSV records (with their physical line numbers) -> validated, typed,
//! pseudonymised Arrow batches, and quarantine batches for rows that fail a rule.
//!
//! It is synchronous and generic over `Read`, so the orchestrator can feed it any object-store
//! stream on a blocking thread and tests can feed it a byte slice. Memory is bounded by the
//! batch size: a batch is handed to the sink as soon as it is full.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::sync::Arc;

use arrow::array::{
    ArrayRef, BooleanBuilder, Date32Builder, Float64Builder, Int64Builder, RecordBatch, StringBuilder,
    UInt64Builder,
};
use arrow::datatypes::SchemaRef;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::extracts::codes::{self, CodeList};
use crate::extracts::{ColumnType, ExtractSpec, OutputColumn, OutputType, RowRule, quarantine_schema};
use crate::ingest::pseudonym::{PSEUDONYM_HEX_LEN, Pseudonymiser};
use crate::ingest::values;

/// What the parser hands downstream.
#[derive(Debug)]
pub enum Batch {
    Accepted(RecordBatch),
    Quarantined(RecordBatch),
}

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
#[derive(Debug, Clone, Copy)]
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

struct QuarantineBuilder {
    kind: StringBuilder,
    file: StringBuilder,
    line: UInt64Builder,
    column: StringBuilder,
    value: StringBuilder,
    reason: StringBuilder,
    raw: StringBuilder,
    rows: usize,
}

impl QuarantineBuilder {
    fn new() -> Self {
        QuarantineBuilder {
            kind: StringBuilder::new(),
            file: StringBuilder::new(),
            line: UInt64Builder::new(),
            column: StringBuilder::new(),
            value: StringBuilder::new(),
            reason: StringBuilder::new(),
            raw: StringBuilder::new(),
            rows: 0,
        }
    }

    fn finish(&mut self) -> Result<RecordBatch> {
        self.rows = 0;
        Ok(RecordBatch::try_new(
            quarantine_schema(),
            vec![
                Arc::new(self.kind.finish()),
                Arc::new(self.file.finish()),
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

struct UniqueIndex {
    columns: Vec<usize>,
    names: &'static [&'static str],
    /// Keys are already SHA-256 digests, so the map uses their first bytes as the hash.
    seen: HashMap<[u8; 16], (u32, u64), BuildDigestHasher>,
}

/// A hasher for keys that are uniformly distributed digests: no second hashing needed.
#[derive(Default, Clone, Copy)]
struct BuildDigestHasher;

#[derive(Default)]
struct DigestHasher(u64);

impl std::hash::BuildHasher for BuildDigestHasher {
    type Hasher = DigestHasher;
    fn build_hasher(&self) -> DigestHasher {
        DigestHasher(0)
    }
}

impl std::hash::Hasher for DigestHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = self.0.rotate_left(5) ^ u64::from_le_bytes(word);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// Parser state for one extract kind; it spans the kind's files so that uniqueness rules hold
/// across files.
pub struct KindParser {
    spec: &'static ExtractSpec,
    outputs: Vec<OutputColumn>,
    schema: SchemaRef,
    /// First output index of each spec column.
    out_start: Vec<usize>,
    pseudonymiser: Pseudonymiser,
    unique: Vec<UniqueIndex>,
    files: Vec<String>,
    batch_rows: usize,
}

impl KindParser {
    pub fn new(spec: &'static ExtractSpec, pseudonymiser: Pseudonymiser, batch_rows: usize) -> Self {
        let outputs = spec.output_columns();
        let mut out_start = Vec::with_capacity(spec.columns.len());
        let mut next = 0;
        for c in spec.columns {
            out_start.push(next);
            next += c.outputs().len();
        }
        let index = |name: &str| {
            outputs
                .iter()
                .position(|o| o.name == name)
                .expect("rule columns are validated by the extracts tests")
        };
        let unique = spec
            .rules
            .iter()
            .filter_map(|r| match r {
                RowRule::Unique(names) => Some(UniqueIndex {
                    columns: names.iter().map(|n| index(n)).collect(),
                    names,
                    seen: HashMap::default(),
                }),
                _ => None,
            })
            .collect();
        KindParser {
            spec,
            schema: spec.schema(),
            outputs,
            out_start,
            pseudonymiser,
            unique,
            files: Vec::new(),
            batch_rows: batch_rows.max(1),
        }
    }

    pub fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    fn out_index(&self, name: &str) -> Option<usize> {
        self.outputs.iter().position(|o| o.name == name)
    }

    /// Reads one CSV file. Accepted and quarantined rows go to `sink` in batches. A file-level
    /// problem (no header, missing required column, bytes that are not UTF-8) is returned in
    /// [`FileOutcome::rejected`]; the caller discards what the sink received for this file.
    pub fn parse_file<R: Read>(
        &mut self,
        file_name: &str,
        reader: R,
        sink: &mut dyn FnMut(Batch) -> Result<()>,
    ) -> Result<FileOutcome> {
        let file_idx = u32::try_from(self.files.len()).unwrap_or(u32::MAX);
        self.files.push(file_name.to_string());
        let mut hashing = HashingReader {
            inner: reader,
            hasher: Sha256::new(),
            bytes: 0,
        };
        let mut outcome = FileOutcome::default();
        let mut inserted_keys: Vec<(usize, [u8; 16])> = Vec::new();
        let result = self.parse_records(
            file_idx,
            file_name,
            &mut hashing,
            sink,
            &mut outcome,
            &mut inserted_keys,
        );
        if let Err(Error::Io { source, .. }) = &result {
            if source.kind() == std::io::ErrorKind::InvalidData {
                outcome.rejected = Some(format!("cannot be read as text: {source}"));
            }
        }
        if outcome.rejected.is_none() {
            result?;
        }
        if outcome.rejected.is_some() {
            // Forget the rejected file's keys so later files are not judged against them.
            for (rule, key) in inserted_keys {
                self.unique[rule].seen.remove(&key);
            }
            outcome.rows_accepted = 0;
            outcome.rows_quarantined = 0;
            outcome.reasons.clear();
        }
        outcome.bytes = hashing.bytes;
        outcome.sha256 = hex::encode(hashing.hasher.finalize());
        Ok(outcome)
    }

    fn parse_records<R: Read>(
        &mut self,
        file_idx: u32,
        file_name: &str,
        reader: &mut HashingReader<R>,
        sink: &mut dyn FnMut(Batch) -> Result<()>,
        outcome: &mut FileOutcome,
        inserted_keys: &mut Vec<(usize, [u8; 16])>,
    ) -> Result<()> {
        let io_err = |e: csv::Error| match e.into_kind() {
            csv::ErrorKind::Io(io) => Error::io(file_name, io),
            other => Error::io(file_name, std::io::Error::other(format!("{other:?}"))),
        };
        let mut csv = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(1 << 20)
            .from_reader(reader);
        let mut record = csv::ByteRecord::new();

        // Header (line 1).
        if !csv.read_byte_record(&mut record).map_err(io_err)? {
            outcome.rejected = Some("empty file: no header row".into());
            return Ok(());
        }
        let mut headers = Vec::with_capacity(record.len());
        for (i, raw) in record.iter().enumerate() {
            let raw = if i == 0 {
                raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(raw)
            } else {
                raw
            };
            match std::str::from_utf8(raw) {
                Ok(s) => headers.push(s.trim().to_string()),
                Err(_) => {
                    outcome.rejected = Some(format!(
                        "line 1 (header), column {}: bytes are not UTF-8; re-save the file as UTF-8",
                        i + 1
                    ));
                    return Ok(());
                }
            }
        }
        let mut field_of = Vec::with_capacity(self.spec.columns.len());
        let mut missing = Vec::new();
        for c in self.spec.columns {
            match headers.iter().position(|h| h.eq_ignore_ascii_case(c.header)) {
                Some(i) => field_of.push(i),
                None => {
                    missing.push(c.header);
                    field_of.push(usize::MAX);
                }
            }
        }
        if !missing.is_empty() {
            let hint = if missing.len() == self.spec.columns.len() {
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
            return Ok(());
        }
        for (i, h) in headers.iter().enumerate() {
            if !field_of.contains(&i) || headers[..i].iter().any(|p| p.eq_ignore_ascii_case(h)) {
                outcome.extra_columns.push(h.clone());
            }
        }
        let personal_fields: Vec<bool> = (0..headers.len())
            .map(|i| {
                self.spec
                    .columns
                    .iter()
                    .zip(&field_of)
                    .any(|(c, &f)| f == i && c.personal)
            })
            .collect();

        let mut builders: Vec<ColumnBuilder> = self
            .outputs
            .iter()
            .map(|o| ColumnBuilder::new(o.data_type, self.batch_rows))
            .collect();
        let mut rows_in_batch = 0usize;
        let mut quarantine = QuarantineBuilder::new();
        // Buffers reused across rows (their borrows end with each row; see `recycle`).
        let mut cells_buf: Vec<Cell<'static>> = Vec::with_capacity(self.outputs.len());
        let mut texts_buf: Vec<&'static str> = Vec::with_capacity(headers.len());
        let mut errors: Vec<FieldError> = Vec::new();

        loop {
            if !csv.read_byte_record(&mut record).map_err(io_err)? {
                break;
            }
            let line = record.position().map_or(0, |p| p.line());
            outcome.rows_read += 1;
            let mut texts: Vec<&str> = recycle(std::mem::take(&mut texts_buf));
            let mut cells: Vec<Cell<'_>> = recycle_cells(std::mem::take(&mut cells_buf));
            for (i, raw) in record.iter().enumerate() {
                match std::str::from_utf8(raw) {
                    Ok(s) => texts.push(s),
                    Err(_) => {
                        outcome.rejected = Some(format!(
                            "line {line}, column '{}': bytes are not UTF-8; re-save the file as UTF-8",
                            headers.get(i).map_or("?", String::as_str)
                        ));
                        return Ok(());
                    }
                }
            }
            errors.clear();
            if texts.len() != headers.len() {
                errors.push(FieldError {
                    column: "",
                    value: None,
                    reason: format!("expected {} fields, found {}", headers.len(), texts.len()),
                });
            } else {
                self.parse_row(&texts, &field_of, &mut cells, &mut errors);
                if errors.is_empty() {
                    self.check_rules(&cells, file_idx, line, &mut errors, inserted_keys);
                }
            }
            if errors.is_empty() {
                for (b, c) in builders.iter_mut().zip(&cells) {
                    b.append(c);
                }
                outcome.rows_accepted += 1;
                rows_in_batch += 1;
                if rows_in_batch >= self.batch_rows {
                    sink(Batch::Accepted(self.finish_batch(&mut builders)?))?;
                    rows_in_batch = 0;
                }
            } else {
                outcome.rows_quarantined += 1;
                let first = &errors[0];
                let reason = errors
                    .iter()
                    .map(|e| {
                        if e.column.is_empty() {
                            e.reason.clone()
                        } else {
                            format!("{}: {}", e.column, e.reason)
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("; ");
                for e in errors.iter() {
                    let key = if e.column.is_empty() {
                        e.reason.clone()
                    } else {
                        format!("{}: {}", e.column, generic_reason(&e.reason))
                    };
                    *outcome.reasons.entry(key).or_default() += 1;
                }
                quarantine.kind.append_value(self.spec.kind);
                quarantine.file.append_value(file_name);
                quarantine.line.append_value(line);
                if first.column.is_empty() {
                    quarantine.column.append_null();
                } else {
                    quarantine.column.append_value(first.column);
                }
                quarantine.value.append_option(first.value.as_deref());
                quarantine.reason.append_value(&reason);
                quarantine.raw.append_value(masked_row(&texts, &personal_fields));
                quarantine.rows += 1;
                if quarantine.rows >= self.batch_rows {
                    sink(Batch::Quarantined(quarantine.finish()?))?;
                }
            }
            texts_buf = recycle(texts);
            cells_buf = recycle_cells(cells);
        }
        if rows_in_batch > 0 {
            sink(Batch::Accepted(self.finish_batch(&mut builders)?))?;
        }
        if quarantine.rows > 0 {
            sink(Batch::Quarantined(quarantine.finish()?))?;
        }
        Ok(())
    }

    fn finish_batch(&self, builders: &mut [ColumnBuilder]) -> Result<RecordBatch> {
        let arrays = builders.iter_mut().map(ColumnBuilder::finish).collect();
        Ok(RecordBatch::try_new(self.schema.clone(), arrays)?)
    }

    /// Converts the fields of one row into cells (in output order), collecting field errors.
    fn parse_row<'a>(
        &mut self,
        texts: &[&'a str],
        field_of: &[usize],
        cells: &mut Vec<Cell<'a>>,
        errors: &mut Vec<FieldError>,
    ) {
        let spec = self.spec;
        for (col, &field) in spec.columns.iter().zip(field_of) {
            let raw = texts[field];
            let value = raw.trim();
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
            match col.ty {
                ColumnType::Text | ColumnType::FreeText => {
                    cells.push(if empty { Cell::Null } else { Cell::Str(value) })
                }
                ColumnType::OrgCode => {
                    if empty {
                        cells.push(Cell::Null);
                    } else if (3..=5).contains(&value.len())
                        && value.bytes().all(|b| b.is_ascii_alphanumeric())
                    {
                        if value.bytes().any(|b| b.is_ascii_lowercase()) {
                            cells.push(Cell::Upper(value));
                        } else {
                            cells.push(Cell::Str(value));
                        }
                    } else {
                        fail(format!("'{value}' is not an ODS code (3-5 letters or digits)"));
                        cells.push(Cell::Null);
                    }
                }
                ColumnType::Date => {
                    if empty {
                        cells.push(Cell::Null);
                    } else if let Some(d) = values::parse_date(value) {
                        cells.push(Cell::Date(values::date32(d)));
                    } else {
                        fail(format!(
                            "invalid date '{value}' (expected DD/MM/YYYY or YYYY-MM-DD)"
                        ));
                        cells.push(Cell::Null);
                    }
                }
                ColumnType::Decimal {
                    min_exclusive,
                    max_inclusive,
                } => {
                    if empty {
                        cells.push(Cell::Null);
                        continue;
                    }
                    match values::parse_decimal(value) {
                        None => {
                            fail(format!("'{value}' is not a number"));
                            cells.push(Cell::Null);
                        }
                        Some(v) => {
                            let low = min_exclusive.is_some_and(|m| v <= m);
                            let high = max_inclusive.is_some_and(|m| v > m);
                            if low || high {
                                fail(bounds_reason(value, min_exclusive, max_inclusive));
                                cells.push(Cell::Null);
                            } else {
                                cells.push(Cell::F64(v));
                            }
                        }
                    }
                }
                ColumnType::Integer { min } => {
                    if empty {
                        cells.push(Cell::Null);
                        continue;
                    }
                    match value.parse::<i64>() {
                        Ok(v) if v >= min => cells.push(Cell::I64(v)),
                        Ok(_) => {
                            fail(format!("{value} is below the minimum of {min}"));
                            cells.push(Cell::Null);
                        }
                        Err(_) => {
                            fail(format!("'{value}' is not a whole number"));
                            cells.push(Cell::Null);
                        }
                    }
                }
                ColumnType::Flag => {
                    if empty {
                        cells.push(Cell::Null);
                    } else if let Some(b) = codes::parse_flag(value) {
                        cells.push(Cell::Bool(b));
                    } else {
                        fail(format!("expected Y or N, found '{value}'"));
                        cells.push(Cell::Null);
                    }
                }
                ColumnType::Code(list) => match list.normalise(value) {
                    Some(c) => cells.push(Cell::Static(c)),
                    None if empty => cells.push(Cell::Null),
                    None => {
                        fail(unknown_code(list, value));
                        cells.push(Cell::Null);
                    }
                },
                ColumnType::EthnicOrigin => match codes::parse_ethnic_origin(value) {
                    Some(e) => {
                        cells.push(Cell::Static(e.code));
                        cells.push(Cell::Static(e.group));
                    }
                    None => {
                        fail(format!("unknown ethnic origin code '{value}'"));
                        cells.push(Cell::Null);
                        cells.push(Cell::Null);
                    }
                },
                ColumnType::EthnicCategory(list) => match list.normalise(value) {
                    Some(c) => {
                        cells.push(Cell::Static(c));
                        cells.push(Cell::Static(codes::survey_ethnic_group(c)));
                    }
                    None => {
                        fail(unknown_code(list, value));
                        cells.push(Cell::Null);
                        cells.push(Cell::Null);
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
                        fail(unknown_code(&codes::STAFF_GROUP, value));
                        cells.push(Cell::Null);
                        cells.push(Cell::Null);
                    }
                },
                ColumnType::Pseudonym => {
                    if empty {
                        cells.push(Cell::Null);
                    } else {
                        cells.push(Cell::Hex(self.pseudonymiser.pseudonym_hex(value)));
                    }
                }
                ColumnType::AgeBand { at } => {
                    // Filled in below, once the reference date has been parsed.
                    let _ = at;
                    if empty {
                        cells.push(Cell::Null);
                    } else if values::parse_date(value).is_some() {
                        cells.push(Cell::Null);
                    } else {
                        fail("invalid date of birth (expected DD/MM/YYYY or YYYY-MM-DD)".into());
                        cells.push(Cell::Null);
                    }
                }
            }
        }
        // Age bands need the reference date, which may be declared after the birth date.
        for (ci, (col, &field)) in spec.columns.iter().zip(field_of).enumerate() {
            let ColumnType::AgeBand { at } = col.ty else {
                continue;
            };
            let Some(born) = values::parse_date(texts[field]) else {
                continue;
            };
            let Some(Cell::Date(at_days)) = self.out_index(at).map(|i| cells[i]) else {
                continue;
            };
            let Some(at_date) = values::from_date32(at_days) else {
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
                cells[self.out_start[ci]] = Cell::Static(values::age_band(age));
            }
        }
    }

    fn check_rules(
        &mut self,
        cells: &[Cell<'_>],
        file_idx: u32,
        line: u64,
        errors: &mut Vec<FieldError>,
        inserted_keys: &mut Vec<(usize, [u8; 16])>,
    ) {
        for rule in self.spec.rules {
            match rule {
                RowRule::DatesInOrder(names) => {
                    let mut last: Option<(&str, i32)> = None;
                    for name in *names {
                        let Some(Cell::Date(d)) = self.out_index(name).map(|i| cells[i]) else {
                            continue;
                        };
                        if let Some((prev, pd)) = last {
                            if d < pd {
                                errors.push(FieldError {
                                    column: header_of(self.spec, name),
                                    value: values::from_date32(d).map(|x| x.to_string()),
                                    reason: format!("{name} is before {prev}"),
                                });
                                return;
                            }
                        }
                        last = Some((name, d));
                    }
                }
                RowRule::Implies { when, then } => {
                    let w = self.out_index(when).map(|i| cells[i]);
                    let t = self.out_index(then).map(|i| cells[i]);
                    if matches!(w, Some(Cell::Bool(true))) && matches!(t, Some(Cell::Bool(false))) {
                        errors.push(FieldError {
                            column: header_of(self.spec, when),
                            value: Some("Y".into()),
                            reason: format!("{when} is Y but {then} is N"),
                        });
                        return;
                    }
                }
                RowRule::Unique(_) => {}
            }
        }
        let files = &self.files;
        let mut keys = Vec::with_capacity(self.unique.len());
        for (ri, idx) in self.unique.iter().enumerate() {
            let key = unique_key(idx.columns.iter().map(|&i| &cells[i]));
            if let Some(&(f, l)) = idx.seen.get(&key) {
                let at = if f == file_idx {
                    format!("line {l}")
                } else {
                    format!("{} line {l}", files.get(f as usize).map_or("?", String::as_str))
                };
                errors.push(FieldError {
                    column: header_of(self.spec, idx.names[idx.names.len() - 1]),
                    value: None,
                    reason: format!("duplicate ({}) of {at}", idx.names.join(", ")),
                });
                return;
            }
            keys.push((ri, key));
        }
        for (ri, key) in keys {
            self.unique[ri].seen.insert(key, (file_idx, line));
            inserted_keys.push((ri, key));
        }
    }
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
fn generic_reason(reason: &str) -> String {
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

fn unique_key<'a>(cells: impl Iterator<Item = &'a Cell<'a>>) -> [u8; 16] {
    let mut h = Sha256::new();
    for c in cells {
        match c {
            Cell::Null => h.update([0u8]),
            Cell::Str(s) => {
                h.update([1u8]);
                h.update(s.as_bytes());
            }
            Cell::Static(s) => {
                h.update([1u8]);
                h.update(s.as_bytes());
            }
            Cell::Upper(s) => {
                h.update([1u8]);
                h.update(s.to_ascii_uppercase().as_bytes());
            }
            Cell::Hex(x) => {
                h.update([1u8]);
                h.update(x);
            }
            Cell::Date(d) => {
                h.update([2u8]);
                h.update(d.to_le_bytes());
            }
            Cell::F64(v) => {
                h.update([3u8]);
                h.update(v.to_le_bytes());
            }
            Cell::I64(v) => {
                h.update([4u8]);
                h.update(v.to_le_bytes());
            }
            Cell::Bool(b) => h.update([5u8, u8::from(*b)]),
        }
        h.update([0xffu8]);
    }
    let digest = h.finalize();
    let mut key = [0u8; 16];
    key.copy_from_slice(&digest[..16]);
    key
}

/// The row as CSV text with personal fields masked, for the quarantine table.
fn masked_row(texts: &[&str], personal: &[bool]) -> String {
    let mut out = String::new();
    for (i, t) in texts.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if personal.get(i).copied().unwrap_or(false) && !t.trim().is_empty() {
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
fn recycle<'a, 'b>(mut v: Vec<&'a str>) -> Vec<&'b str> {
    v.clear();
    v.into_iter()
        .map(|_| -> &'b str { unreachable!("the vector is empty") })
        .collect()
}

fn recycle_cells<'a, 'b>(mut v: Vec<Cell<'a>>) -> Vec<Cell<'b>> {
    v.clear();
    v.into_iter()
        .map(|_| -> Cell<'b> { unreachable!("the vector is empty") })
        .collect()
}

struct HashingReader<R> {
    inner: R,
    hasher: Sha256,
    bytes: u64,
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
}
