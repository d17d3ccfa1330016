//! [`Converter`]: one per file, shared by the workers. It turns a [`Chunk`] of whole records
//! into an Arrow batch of the rows that pass every field and row rule (`rules.rs`), plus
//! quarantine rows for the rest, and the uniqueness keys of the rows it accepts. It is pure:
//! chunks can be converted in any order, on any thread; the uniqueness rules are applied after,
//! in file order (`KindParser::admit`).
//!
//! This is the hot loop of ingest: per row it reuses one buffer of cells, one of errors and one
//! of key bytes; nothing is allocated per cell unless the cell is refused.

use std::collections::BTreeMap;
use std::io::Read;
use std::sync::Arc;

use arrow::array::RecordBatch;
use csv::StringRecord;

use crate::error::{Error, Result};
use crate::extracts::ColumnType;
use crate::extracts::codes;
use crate::ingest::chunk::{Chunk, record_start};
use crate::ingest::unique::Key;

use super::KindPlan;
use super::cells::{Cell, ColumnBuilder, recycle_cells, unique_key};
use super::quarantine::{MASK, QuarantinedRow, WHOLE_ROW, generic_reason, masked_row};
use super::rules::{
    FieldError, REQUIRED_EMPTY, age_band, check_row_rules, convert_field, field_count_reason, refuses_empty,
};

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

/// A record that passed the field and row rules, before the uniqueness rules.
#[derive(Debug, Clone, Copy)]
pub(super) struct AcceptedRow {
    pub(super) line: u64,
    /// Byte offset of the record in its chunk (to rebuild it if it turns out a duplicate).
    pub(super) offset: usize,
}

/// A chunk after conversion, waiting for `KindParser::admit`.
pub struct Converted {
    /// The chunk's bytes, kept to rebuild the raw text of a duplicate.
    pub(super) bytes: Vec<u8>,
    /// Rows that passed the field and row rules, in order.
    pub(super) batch: Option<RecordBatch>,
    pub(super) rows: Vec<AcceptedRow>,
    /// The uniqueness keys of each accepted row, one per rule, row after row.
    pub(super) keys: Vec<Key>,
    pub(super) quarantined: Vec<QuarantinedRow>,
    pub(super) reasons: BTreeMap<String, u64>,
    pub(super) rows_read: u64,
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
    pub(super) plan: Arc<KindPlan>,
    pub(super) headers: Vec<String>,
    /// The field index of each spec column.
    pub(super) field_of: Vec<usize>,
    /// Fields holding personal data (masked in quarantine).
    pub(super) personal_fields: Vec<bool>,
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
                    reason: field_count_reason(self.headers.len(), record.len()),
                });
            } else {
                self.parse_row(&record, &mut cells, &mut errors);
                if errors.is_empty() {
                    check_row_rules(&plan.rules, &cells, &mut errors);
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
    pub(super) fn masked_record_at(&self, bytes: &[u8]) -> String {
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
            if value.is_empty() && refuses_empty(col) {
                fail(REQUIRED_EMPTY.into());
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
            match age_band(cells[out], cells[at_index], at) {
                Ok(band) => cells[out] = band,
                Err(reason) => {
                    cells[out] = Cell::Null; // never the birth date itself
                    errors.push(FieldError {
                        column: col.header,
                        value: Some(MASK.into()),
                        reason,
                    });
                }
            }
        }
    }
}
