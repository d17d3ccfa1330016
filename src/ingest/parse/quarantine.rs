//! The quarantine table's rows: one rejected input row ([`QuarantinedRow`]), the builder of a
//! file's quarantine batches ([`QuarantineRows`]), the raw record with personal fields masked,
//! and a reason without its quoted value ([`generic_reason`], for counting reasons by column).

use std::sync::Arc;

use arrow::array::{ArrayRef, RecordBatch, StringBuilder, UInt64Builder};
use csv::StringRecord;

use crate::error::Result;
use crate::extracts::quarantine_schema;

/// The quarantine's `column` for a problem of the whole row (a field count that does not match
/// the header), which no one column can be blamed for.
pub const WHOLE_ROW: &str = "(whole row)";

/// What a personal value is shown as in quarantine.
pub(super) const MASK: &str = "<masked>";

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

/// The row as CSV text with personal fields masked, for the quarantine table. `personal` has
/// one entry per header field; a record with another field count cannot be matched to the
/// columns (a missing or extra field shifts the personal values), so all its fields are masked.
pub(super) fn masked_row(record: &StringRecord, personal: &[bool]) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// How a reason is counted (the summary's `n x column: reason` lines): quoted values become
    /// `'…'`, a duplicate loses where it repeats; the cases are the reasons of `rules.rs`.
    #[test]
    fn generic_reasons_drop_values_and_places() {
        for (reason, generic) in [
            (
                "'R-J1' is not an ODS code (3-5 letters or digits)",
                "'…' is not an ODS code (3-5 letters or digits)",
            ),
            ("unknown pay band 'Band 10'", "unknown pay band '…'"),
            (
                "0 is outside the allowed range (> 0 and <= 1)",
                "0 is outside the allowed range (> 0 and <= 1)",
            ),
            (
                "duplicate (snapshot_date, assignment_id) of line 7",
                "duplicate (snapshot_date, assignment_id)",
            ),
            (
                "duplicate (case_reference) of a.csv line 2",
                "duplicate (case_reference)",
            ),
        ] {
            assert_eq!(generic_reason(reason), generic);
        }
    }

    /// Personal fields masked (not when empty), CSV quoting kept, and every field masked when
    /// the field count does not match the header.
    #[test]
    fn masked_rows() {
        let record = StringRecord::from(vec!["RJ1", "12345", "", "a, \"b\""]);
        let personal = [false, true, true, false];
        assert_eq!(masked_row(&record, &personal), "RJ1,<masked>,,\"a, \"\"b\"\"\"");
        assert_eq!(masked_row(&record, &personal[..3]), "<masked>,<masked>,,<masked>");
    }
}
