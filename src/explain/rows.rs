//! One selected row explained cell by cell: each column's role (key, count, rate, other), its
//! value as published, and why an empty cell is empty (withheld below the threshold, withheld
//! with the counts it is derived from, not applicable, a total, null as computed).

use std::collections::BTreeMap;

use arrow::datatypes::DataType;

use super::{CellExplanation, CellStatus, Role, RowExplanation, TableInfo};
use crate::report::data::{Raw, Table};

fn json_value(raw: &Raw) -> serde_json::Value {
    match raw {
        Raw::Null => serde_json::Value::Null,
        Raw::Int(i) => (*i).into(),
        Raw::Float(f) => {
            serde_json::Number::from_f64(*f).map_or(serde_json::Value::Null, serde_json::Value::Number)
        }
        Raw::Bool(b) => (*b).into(),
        Raw::Text(s) => s.clone().into(),
    }
}

/// A column that explains rather than identifies (`note`, `relative_likelihood_note`,
/// `left_out_reason`).
fn is_note(column: &str) -> bool {
    column == "note" || column.ends_with("_note") || column.ends_with("_reason")
}

fn is_float(t: &DataType) -> bool {
    matches!(t, DataType::Float16 | DataType::Float32 | DataType::Float64)
}

pub(super) fn explain_row(
    table: &Table,
    columns: &[(String, DataType)],
    info: &TableInfo,
    expressions: &BTreeMap<String, Option<String>>,
    k: i64,
    row: usize,
) -> RowExplanation {
    let suppressed = table.row_suppressed(row);
    // A null count in a suppressed row is a withheld one (see the module caveats).
    let withheld_count =
        |c: &str| suppressed && info.counts.iter().any(|x| x == c) && table.raw(c, row).is_null();
    let cells = columns
        .iter()
        .map(|(column, data_type)| {
            let raw = table.raw(column, row);
            let derived_from = info
                .derived
                .iter()
                .find(|d| &d.rate == column)
                .map(|d| d.from.clone())
                .unwrap_or_default();
            let role = if info.counts.contains(column) {
                Role::Count
            } else if info.derived.iter().any(|d| &d.rate == column) {
                Role::Rate
            } else if (matches!(data_type, DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View)
                || data_type.is_temporal())
                && !is_note(column)
            {
                Role::Key
            } else {
                Role::Other
            };
            let withheld_sources: Vec<&str> = derived_from
                .iter()
                .filter(|c| withheld_count(c))
                .map(String::as_str)
                .collect();
            let (status, reason) = if !raw.is_null() {
                (CellStatus::Published, None)
            } else if withheld_count(column) {
                (
                    CellStatus::Withheld,
                    Some(format!(
                        "withheld by small-number suppression: counts from 1 to {} are not published (threshold {k})",
                        k.saturating_sub(1)
                    )),
                )
            } else if !withheld_sources.is_empty() {
                (
                    CellStatus::Withheld,
                    Some(format!(
                        "withheld with the withheld count(s) it is derived from: {}",
                        withheld_sources.join(", ")
                    )),
                )
            } else if let Some(note) = table.own_note(column, row) {
                (CellStatus::Null, Some(format!("not applicable: {note}")))
            } else if suppressed && role == Role::Other && is_float(data_type) && !info.counts.is_empty() {
                (
                    CellStatus::Withheld,
                    Some("withheld: a decimal column not listed in the header, in a row where a count is withheld".into()),
                )
            } else if role == Role::Key {
                (CellStatus::Null, Some("null: the row is a total over this column".into()))
            } else if let Some(note) = table.shared_note(column, row) {
                (CellStatus::Null, Some(format!("not applicable: {note}")))
            } else {
                (CellStatus::Null, Some("null as computed (not withheld)".into()))
            };
            CellExplanation {
                column: column.clone(),
                role,
                value: json_value(&raw),
                status,
                reason,
                derived_from,
                expression: expressions.get(column).cloned().flatten(),
            }
        })
        .collect();
    RowExplanation {
        row_number: row + 1,
        suppressed,
        cells,
    }
}
