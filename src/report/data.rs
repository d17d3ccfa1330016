//! Reading published tables for the report: typed cell access by column name, tolerant of
//! missing columns, and the display rules for null cells (suppressed, not applicable, total).
//!
//! A public report sees *published* tables; an internal one the restricted tables, which have
//! no `suppressed` flag (nothing is withheld, so rule 2 never applies). A null numeric cell has
//! one of these meanings, told apart here and nowhere else:
//! 1. the query explained it in the column's own note (`<column>_note`, or a shared note column
//!    whose text names the column, `bme_share: no one of known ethnicity`): not applicable,
//!    shown with the note (e.g. a relative likelihood with a zero part);
//! 2. the row's `suppressed` flag is set: withheld by small-number suppression, shown as
//!    "suppressed", never as zero;
//! 3. a shared note for the column's family (`percent_note` for `percent_white`, `share_note`
//!    for `bme_share`) or a row `note`: not applicable, with that note;
//! 4. otherwise: no figure (a rate over an empty denominator), shown as "n/a".
//!
//! Flags (Boolean columns such as `adverse`) follow the same rules, since publishing withholds
//! a flag derived from a withheld count.
//!
//! Caveat: publishing does not record which columns were counts, so in a suppressed row every
//! null numeric cell without its own note is shown as suppressed (the conservative reading).

use std::collections::BTreeMap;

use arrow::array::{Array, ArrayRef, AsArray, RecordBatch};
use arrow::compute::concat_batches;
use arrow::datatypes::{DataType, Float64Type, Int64Type};
use arrow::util::display::{ArrayFormatter, FormatOptions};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::publish::SUPPRESSED_COLUMN;

/// One published table, concatenated into one batch (`None` when it has no rows).
#[derive(Debug, Clone)]
pub struct Table {
    pub name: String,
    batch: Option<RecordBatch>,
}

/// A cell value as read from Arrow.
#[derive(Debug, Clone, PartialEq)]
pub enum Raw {
    Null,
    Int(i64),
    Float(f64),
    Bool(bool),
    Text(String),
}

impl Raw {
    /// The numeric value, if the cell is a number.
    pub fn number(&self) -> Option<f64> {
        match self {
            Raw::Int(i) => Some(*i as f64),
            Raw::Float(f) => Some(*f),
            _ => None,
        }
    }

    /// The cell as text (`None` when null); numbers and flags are rendered plainly.
    pub fn text(&self) -> Option<String> {
        match self {
            Raw::Null => None,
            Raw::Int(i) => Some(i.to_string()),
            Raw::Float(f) => Some(f.to_string()),
            Raw::Bool(b) => Some(b.to_string()),
            Raw::Text(s) => Some(s.clone()),
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Raw::Null)
    }
}

/// How a cell is shown: the state decides the styling and how tests read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CellState {
    /// A published figure.
    Value,
    /// A label (text, date, flag).
    Label,
    /// Withheld by small-number suppression.
    Suppressed,
    /// Null for a stated reason, or no figure.
    NotApplicable,
    /// A null grouping column: the row is a total over it.
    Total,
}

/// One displayed cell of a data table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    /// What the page shows.
    pub text: String,
    pub state: CellState,
    /// Right-aligned figure.
    pub numeric: bool,
    /// The exact published value (numbers only), for `data-value` and for tests.
    pub value: Option<f64>,
    /// Why there is no figure (the query's note), shown as a tooltip and in the text.
    pub note: Option<String>,
    /// Where the figure comes from: `table/column/row` in the published table.
    pub src: Option<String>,
    /// Number of the table footnote holding `note` (set by `DataTable::number_notes`).
    pub footnote: Option<usize>,
}

impl Cell {
    /// A label cell that is not read from a table (row headers built by the report).
    pub fn label(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            state: CellState::Label,
            numeric: false,
            value: None,
            note: None,
            src: None,
            footnote: None,
        }
    }

    /// A figure the report derived itself (not in any table), e.g. a benchmark constant.
    pub fn constant(value: f64, format: Format) -> Cell {
        Cell {
            text: format.show(value),
            state: CellState::Value,
            numeric: true,
            value: Some(value),
            note: None,
            src: None,
            footnote: None,
        }
    }

    /// A label cell with no figure for a stated reason (`note`, shown as a footnote), built by
    /// the report where a table has no row or column for it.
    pub fn not_applicable(text: impl Into<String>, note: Option<String>) -> Cell {
        Cell {
            state: CellState::NotApplicable,
            note,
            ..Cell::label(text)
        }
    }

    /// [`Cell::not_applicable`] in a figure's place (right-aligned like the figures around it).
    pub fn no_figure(text: impl Into<String>, note: Option<String>) -> Cell {
        Cell {
            numeric: true,
            ..Cell::not_applicable(text, note)
        }
    }

    pub fn is_suppressed(&self) -> bool {
        self.state == CellState::Suppressed
    }
}

/// How a number is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Whole number with thousands separators (headcounts).
    Count,
    /// A share 0..1 written as a percentage with one decimal.
    Percent,
    /// Already a percentage (0..100), one decimal.
    PercentPoints,
    /// A difference of two percentages, in percentage points, signed.
    PointsDifference,
    /// A ratio such as a relative likelihood: two decimals.
    Ratio,
    /// One decimal (FTE, months).
    OneDecimal,
    /// Four decimals (likelihoods such as appointments per shortlisted applicant).
    FourDecimals,
}

impl Format {
    /// The format a column's name and type suggest.
    pub fn for_column(name: &str, data_type: &DataType) -> Format {
        let n = name.to_ascii_lowercase();
        if data_type.is_integer() {
            return Format::Count;
        }
        let has = |w: &str| n.split('_').any(|p| p == w);
        if has("pp") || (has("difference") && has("points")) {
            Format::PointsDifference
        } else if has("pct") || has("percent") || has("percentage") || n.ends_with("_points") {
            Format::PercentPoints
        } else if has("share") || has("rate") || has("proportion") || has("coverage") || n.starts_with("pct_")
        {
            Format::Percent
        } else if has("likelihood") && !has("relative") {
            // Small proportions (cases per head): four decimals keep them distinguishable.
            Format::FourDecimals
        } else if has("fte") || has("months") || has("days") || has("weeks") || has("years") {
            Format::OneDecimal
        } else {
            Format::Ratio
        }
    }

    /// The number as the page writes it.
    pub fn show(self, v: f64) -> String {
        match self {
            Format::Count => group_thousands(v),
            Format::Percent => format!("{:.1}%", v * 100.0),
            Format::PercentPoints => format!("{v:.1}%"),
            Format::PointsDifference => format!("{v:+.1} pp"),
            Format::Ratio => format!("{v:.2}"),
            Format::OneDecimal => format!("{v:.1}"),
            Format::FourDecimals => format!("{v:.4}"),
        }
    }
}

/// `12345.0` -> `12,345`; non-integral values keep one decimal.
fn group_thousands(v: f64) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    if v.fract().abs() > 1e-9 {
        return format!("{v:.1}");
    }
    let digits = format!("{:.0}", v.abs());
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if v < 0.0 {
        out.insert(0, '-');
    }
    out
}

/// Column names of grouping columns whose null means "all of them" (a total row).
const TOTAL_WHEN_NULL: &[&str] = &[
    "org_code",
    "organisation",
    "region_code",
    "staff_group",
    "pay_band",
];

impl Table {
    /// A table from the batches `read_table` returned (no batches: no rows).
    pub fn from_batches(name: &str, batches: &[RecordBatch]) -> Result<Table> {
        let batch = match batches.first() {
            None => None,
            Some(first) => Some(concat_batches(&first.schema(), batches).map_err(|e| {
                Error::Report(format!("published table {name}: cannot combine its batches: {e}"))
            })?),
        };
        Ok(Table {
            name: name.to_string(),
            batch: batch.filter(|b| b.num_rows() > 0),
        })
    }

    pub fn rows(&self) -> usize {
        self.batch.as_ref().map_or(0, RecordBatch::num_rows)
    }

    /// Column names in table order, without the `suppressed` flag.
    pub fn columns(&self) -> Vec<String> {
        self.batch.as_ref().map_or_else(Vec::new, |b| {
            b.schema()
                .fields()
                .iter()
                .map(|f| f.name().clone())
                .filter(|n| n != SUPPRESSED_COLUMN)
                .collect()
        })
    }

    pub fn has(&self, column: &str) -> bool {
        self.array(column).is_some()
    }

    /// The first of `candidates` that the table has.
    pub fn find<'a>(&self, candidates: &[&'a str]) -> Option<&'a str> {
        candidates.iter().copied().find(|c| self.has(c))
    }

    /// The first column (in table order) whose name satisfies `pred`.
    pub fn find_by(&self, pred: impl Fn(&str) -> bool) -> Option<String> {
        self.columns().into_iter().find(|c| pred(c))
    }

    fn array(&self, column: &str) -> Option<&ArrayRef> {
        self.batch.as_ref().and_then(|b| b.column_by_name(column))
    }

    fn data_type(&self, column: &str) -> Option<DataType> {
        self.array(column).map(|a| a.data_type().clone())
    }

    /// Whether a column holds numbers.
    pub fn is_numeric(&self, column: &str) -> bool {
        self.data_type(column).is_some_and(|t| is_number_type(&t))
    }

    /// The raw value of one cell (`Raw::Null` when the column is missing or the row is out of range).
    pub fn raw(&self, column: &str, row: usize) -> Raw {
        let Some(a) = self.array(column) else {
            return Raw::Null;
        };
        if row >= a.len() || a.is_null(row) {
            return Raw::Null;
        }
        raw_value(a, row)
    }

    /// A cell's number (`None` when null, missing or not numeric).
    pub fn number(&self, column: &str, row: usize) -> Option<f64> {
        self.raw(column, row).number()
    }

    /// A cell as text (`None` when null or missing).
    pub fn text(&self, column: &str, row: usize) -> Option<String> {
        self.raw(column, row).text()
    }

    /// Whether anything in the row was withheld (the published `suppressed` flag).
    pub fn row_suppressed(&self, row: usize) -> bool {
        matches!(self.raw(SUPPRESSED_COLUMN, row), Raw::Bool(true))
    }

    /// The query's own explanation for a null in `column` (rule 1 of the module docs):
    /// `<column>_note`, or a segment `column: reason` of any note column.
    pub fn own_note(&self, column: &str, row: usize) -> Option<String> {
        if let Some(n) = self
            .text(&format!("{column}_note"), row)
            .filter(|s| !s.trim().is_empty())
        {
            return Some(n);
        }
        let prefix = format!("{column}:");
        self.note_columns().iter().find_map(|c| {
            let text = self.text(c, row)?;
            text.split(';')
                .map(str::trim)
                .find_map(|seg| seg.strip_prefix(&prefix).map(|r| r.trim().to_string()))
                .filter(|r| !r.is_empty())
        })
    }

    /// A shared explanation (rule 3): a note column whose stem starts or ends `column`
    /// (`percent_note` for `percent_white`), or a row-level `note`; a note that names other
    /// columns (`other_col: reason`) is not applied.
    pub fn shared_note(&self, column: &str, row: usize) -> Option<String> {
        self.note_columns()
            .iter()
            .filter(|c| {
                let stem = c.strip_suffix("_note").unwrap_or(c);
                c.as_str() == "note"
                    || column.starts_with(&format!("{stem}_"))
                    || column.ends_with(&format!("_{stem}"))
            })
            .find_map(|c| self.text(c, row))
            .filter(|t| !t.trim().is_empty() && !names_columns(t))
    }

    fn note_columns(&self) -> Vec<String> {
        self.columns()
            .into_iter()
            .filter(|c| c == "note" || c.ends_with("_note"))
            .collect()
    }

    /// The displayed cell, with the null rules of the module docs.
    pub fn cell(&self, column: &str, row: usize) -> Cell {
        let data_type = self.data_type(column);
        let numeric = data_type.as_ref().is_some_and(is_number_type);
        let src = Some(format!("{}/{column}/{row}", self.name));
        let raw = self.raw(column, row);
        let base = Cell {
            text: String::new(),
            state: CellState::Label,
            numeric,
            value: None,
            note: None,
            src,
            footnote: None,
        };
        match raw {
            Raw::Null if data_type.is_none() => Cell {
                text: "not published".into(),
                state: CellState::NotApplicable,
                note: Some(format!("column {column} is not in table {}", self.name)),
                src: None,
                ..base
            },
            Raw::Null if numeric || matches!(data_type, Some(DataType::Boolean)) => {
                if let Some(note) = self.own_note(column, row) {
                    Cell {
                        text: note.clone(),
                        state: CellState::NotApplicable,
                        note: Some(note),
                        ..base
                    }
                } else if self.row_suppressed(row) {
                    Cell {
                        text: "suppressed".into(),
                        state: CellState::Suppressed,
                        ..base
                    }
                } else if let Some(note) = self.shared_note(column, row) {
                    Cell {
                        text: note.clone(),
                        state: CellState::NotApplicable,
                        note: Some(note),
                        ..base
                    }
                } else {
                    Cell {
                        text: "n/a".into(),
                        state: CellState::NotApplicable,
                        note: Some("no figure (nothing to count)".into()),
                        ..base
                    }
                }
            }
            Raw::Null if TOTAL_WHEN_NULL.contains(&column) => Cell {
                text: "All".into(),
                state: CellState::Total,
                ..base
            },
            Raw::Null => Cell {
                text: "–".into(),
                state: CellState::NotApplicable,
                ..base
            },
            Raw::Bool(b) => Cell {
                text: if b { "Yes" } else { "No" }.into(),
                ..base
            },
            Raw::Text(s) => Cell { text: s, ..base },
            raw @ (Raw::Int(_) | Raw::Float(_)) => {
                let v = raw.number().unwrap_or_default();
                let format = data_type
                    .as_ref()
                    .map_or(Format::Ratio, |t| Format::for_column(column, t));
                Cell {
                    text: format.show(v),
                    state: CellState::Value,
                    value: Some(v),
                    ..base
                }
            }
        }
    }

    /// Rows where every `(column, value)` filter holds; a filter on a missing column is ignored,
    /// and the value `None` matches a null (a total row).
    pub fn rows_where(&self, filters: &[(&str, Option<&str>)]) -> Vec<usize> {
        (0..self.rows())
            .filter(|&r| {
                filters.iter().all(|(c, want)| {
                    if !self.has(c) {
                        return true;
                    }
                    let have = self.text(c, r);
                    match want {
                        None => have.is_none(),
                        Some(w) => have.is_some_and(|h| h.eq_ignore_ascii_case(w)),
                    }
                })
            })
            .collect()
    }

    /// Distinct non-null texts of a column, in first-seen order.
    pub fn distinct(&self, column: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for r in 0..self.rows() {
            if let Some(t) = self.text(column, r)
                && !out.contains(&t)
            {
                out.push(t);
            }
        }
        out
    }
}

/// Whether a note reads `column: reason; ...` (it explains named columns only).
fn names_columns(note: &str) -> bool {
    note.split(';').all(|seg| {
        seg.split_once(':').is_some_and(|(name, _)| {
            !name.trim().is_empty() && name.trim().chars().all(|c| c.is_ascii_lowercase() || c == '_')
        })
    })
}

fn is_number_type(t: &DataType) -> bool {
    t.is_integer()
        || t.is_floating()
        || matches!(
            t,
            DataType::Decimal32(..)
                | DataType::Decimal64(..)
                | DataType::Decimal128(..)
                | DataType::Decimal256(..)
        )
}

fn raw_value(a: &ArrayRef, row: usize) -> Raw {
    let t = a.data_type();
    let one = a.slice(row, 1);
    if t.is_integer()
        && let Ok(c) = arrow::compute::cast(&one, &DataType::Int64)
    {
        let c = c.as_primitive::<Int64Type>();
        if c.is_valid(0) {
            return Raw::Int(c.value(0));
        }
    }
    if is_number_type(t) {
        if let Ok(c) = arrow::compute::cast(&one, &DataType::Float64) {
            let c = c.as_primitive::<Float64Type>();
            if c.is_valid(0) {
                return Raw::Float(c.value(0));
            }
        }
        return Raw::Null;
    }
    if let DataType::Boolean = t {
        let b = one.as_boolean();
        return Raw::Bool(b.value(0));
    }
    let options = FormatOptions::default();
    match ArrayFormatter::try_new(one.as_ref(), &options) {
        Ok(f) => Raw::Text(f.value(0).to_string()),
        Err(_) => Raw::Null,
    }
}

/// Every published table of a run, by name.
#[derive(Debug, Clone, Default)]
pub struct Tables {
    tables: BTreeMap<String, Table>,
}

impl Tables {
    pub fn insert(&mut self, table: Table) {
        self.tables.insert(table.name.clone(), table);
    }

    pub fn get(&self, name: &str) -> Option<&Table> {
        self.tables.get(name)
    }

    /// The first of `names` that was published.
    pub fn first(&self, names: &[&str]) -> Option<&Table> {
        names.iter().find_map(|n| self.get(n))
    }

    pub fn names(&self) -> impl Iterator<Item = &String> {
        self.tables.keys()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use arrow::array::{BooleanArray, Float64Array, Int64Array, StringArray};
    use arrow::datatypes::{Field, Schema};

    use super::*;

    fn table() -> Table {
        let schema = Arc::new(Schema::new(vec![
            Field::new("org_code", DataType::Utf8, true),
            Field::new("bme_headcount", DataType::Int64, true),
            Field::new("bme_share", DataType::Float64, true),
            Field::new("relative_likelihood", DataType::Float64, true),
            Field::new("relative_likelihood_note", DataType::Utf8, true),
            Field::new("suppressed", DataType::Boolean, false),
        ]));
        let batch = RecordBatch::try_new(
            schema,
            vec![
                Arc::new(StringArray::from(vec![None, Some("RJ1"), Some("RYJ")])),
                Arc::new(Int64Array::from(vec![Some(12345), None, Some(0)])),
                Arc::new(Float64Array::from(vec![Some(0.2345), None, None])),
                Arc::new(Float64Array::from(vec![Some(1.5), None, None])),
                Arc::new(StringArray::from(vec![None, None, Some("no BME staff")])),
                Arc::new(BooleanArray::from(vec![false, true, false])),
            ],
        )
        .expect("valid test batch");
        Table::from_batches("t", &[batch]).expect("one batch")
    }

    #[test]
    fn null_cells_are_told_apart() {
        let t = table();
        assert_eq!(t.cell("org_code", 0).state, CellState::Total);
        assert_eq!(t.cell("org_code", 0).text, "All");
        let c = t.cell("bme_headcount", 0);
        assert_eq!((c.text.as_str(), c.value), ("12,345", Some(12345.0)));
        assert_eq!(c.src.as_deref(), Some("t/bme_headcount/0"));
        let s = t.cell("bme_headcount", 1);
        assert_eq!(
            (s.state, s.text.as_str(), s.value),
            (CellState::Suppressed, "suppressed", None)
        );
        assert_eq!(t.cell("bme_share", 1).state, CellState::Suppressed);
        let zero = t.cell("bme_headcount", 2);
        assert_eq!(
            (zero.state, zero.text.as_str()),
            (CellState::Value, "0"),
            "a real zero stays zero"
        );
        let na = t.cell("relative_likelihood", 2);
        assert_eq!(
            (na.state, na.text.as_str()),
            (CellState::NotApplicable, "no BME staff")
        );
        assert_eq!(t.cell("bme_share", 2).text, "n/a");
        assert_eq!(t.cell("bme_share", 0).text, "23.4%");
        assert_eq!(t.cell("relative_likelihood", 0).text, "1.50");
        assert_eq!(t.cell("missing", 0).state, CellState::NotApplicable);
    }

    #[test]
    fn shared_notes_apply_to_their_columns_only() {
        let schema = Arc::new(Schema::new(vec![
            Field::new("percent_white", DataType::Float64, true),
            Field::new("percent_bme", DataType::Float64, true),
            Field::new("percent_note", DataType::Utf8, true),
            Field::new("bme_share", DataType::Float64, true),
            Field::new("clinical_share", DataType::Float64, true),
            Field::new("share_note", DataType::Utf8, true),
            Field::new("adverse", DataType::Boolean, true),
            Field::new("suppressed", DataType::Boolean, false),
        ]));
        let batch = RecordBatch::try_new(
            schema,
            vec![
                Arc::new(Float64Array::from(vec![None, None])),
                Arc::new(Float64Array::from(vec![None, None])),
                Arc::new(StringArray::from(vec![Some("no BME respondents answered"), None])),
                Arc::new(Float64Array::from(vec![None, None])),
                Arc::new(Float64Array::from(vec![None, None])),
                Arc::new(StringArray::from(vec![
                    Some("bme_share: no one of known ethnicity; clinical_share: not recorded for board members"),
                    None,
                ])),
                Arc::new(BooleanArray::from(vec![None, None])),
                Arc::new(BooleanArray::from(vec![false, true])),
            ],
        )
        .expect("valid test batch");
        let t = Table::from_batches("t", &[batch]).expect("one batch");
        assert_eq!(t.cell("percent_bme", 0).text, "no BME respondents answered");
        assert_eq!(t.cell("bme_share", 0).text, "no one of known ethnicity");
        assert_eq!(t.cell("clinical_share", 0).text, "not recorded for board members");
        assert_eq!(t.cell("adverse", 0).text, "n/a");
        assert_eq!(
            t.cell("adverse", 1).state,
            CellState::Suppressed,
            "a withheld flag"
        );
        assert_eq!(t.cell("percent_white", 1).state, CellState::Suppressed);
        assert_eq!(
            Format::for_column("difference_pp", &DataType::Float64).show(-2.345),
            "-2.3 pp"
        );
    }

    #[test]
    fn filters_and_lookups() {
        let t = table();
        assert_eq!(t.rows_where(&[("org_code", None)]), vec![0]);
        assert_eq!(t.rows_where(&[("org_code", Some("rj1"))]), vec![1]);
        assert_eq!(t.rows_where(&[("no_such_column", Some("x"))]).len(), 3);
        assert_eq!(t.find(&["nope", "bme_share"]), Some("bme_share"));
        assert_eq!(t.columns().len(), 5, "suppressed flag is not a display column");
        assert!(Table::from_batches("e", &[]).expect("empty").rows() == 0);
    }

    #[test]
    fn number_formats() {
        assert_eq!(group_thousands(1234567.0), "1,234,567");
        assert_eq!(group_thousands(-1000.0), "-1,000");
        assert_eq!(group_thousands(999.0), "999");
        assert_eq!(
            Format::for_column("vacancy_rate", &DataType::Float64),
            Format::Percent
        );
        assert_eq!(
            Format::for_column("talent_conversation_coverage", &DataType::Float64),
            Format::Percent
        );
        assert_eq!(
            Format::for_column("bme_pct", &DataType::Float64),
            Format::PercentPoints
        );
        assert_eq!(
            Format::for_column("median_months_to_fill", &DataType::Float64),
            Format::OneDecimal
        );
        assert_eq!(Format::for_column("headcount", &DataType::Int64), Format::Count);
    }
}
