//! The explanation's shape: what `explain` returns and `--format json` prints (serialised as
//! is, field order = struct order). Built by the other files of `explain` from the committed
//! run alone; no logic here.

use serde::Serialize;

use crate::publish;

/// How a published table was made, and the selected rows of it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Explanation {
    pub run: RunInfo,
    pub table: TableInfo,
    /// The models the table reads, directly or through other models, in run order.
    pub chain: Vec<ChainModel>,
    pub suppression: SuppressionInfo,
    pub selection: Selection,
    pub rows: Vec<RowExplanation>,
    /// The extract kinds the table and its chain read, with their files and quarantine.
    pub inputs: Vec<InputKind>,
    /// National runs: the regional runs aggregated (their inputs are in their own manifests).
    pub sources: Vec<publish::SourceRecord>,
    /// National runs: the regional tables the chain reads that some sources did not compute,
    /// so the national figures built on them exclude those regions.
    pub regions_excluded: Vec<RegionsExcluded>,
}

/// A regional table some sources of a national run did not compute (manifest `partial_tables`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RegionsExcluded {
    /// The unioned regional table as the national queries read it (`regional_appraisal_coverage`).
    pub table: String,
    /// The regions whose runs did not compute it (an extract they were not supplied).
    pub regions: Vec<String>,
}

/// The committed run explained.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RunInfo {
    pub run_id: String,
    /// "regional" or "national".
    pub kind: String,
    pub region: String,
    pub finished_at: String,
    pub talentpipe_version: String,
    /// The output root it was read from.
    pub output: String,
}

/// The table's query file and header.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TableInfo {
    pub name: String,
    /// The query file as the run recorded it (`queries/wres/wres_indicator_2.sql`).
    pub file: String,
    /// The same, relative to the queries folder (`wres/wres_indicator_2.sql`).
    pub path: String,
    /// SHA-256 of the SQL the run ran (lower-case hex).
    pub sql_sha256: String,
    pub title: Option<String>,
    pub grain: Option<String>,
    pub source: Option<String>,
    /// The header's prose comment lines (the definition in words).
    pub notes: Vec<String>,
    /// `counts:`: the columns small-number suppression applies to.
    pub counts: Vec<String>,
    /// `derived:`: each rate and the counts it is computed from.
    pub derived: Vec<DerivedRate>,
    /// `needs:`: the extracts without which the table is not computed (None: undeclared).
    pub needs: Option<Vec<String>>,
    /// The tables the statement reads directly (models, extracts, run tables).
    pub reads: Vec<String>,
    /// Rows of the published table, and how many had something withheld (manifest).
    pub rows: u64,
    pub suppressed_rows: u64,
}

/// One `derived:` entry.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DerivedRate {
    pub rate: String,
    pub from: Vec<String>,
    /// The header entry as written: `rate <- count_a, count_b`.
    pub formula: String,
    /// The expression of the column in the query's final SELECT (None when not found).
    pub expression: Option<String>,
}

/// One model in the chain.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ChainModel {
    pub name: String,
    pub file: String,
    /// SHA-256 of its SQL as run.
    pub sql_sha256: String,
    pub title: Option<String>,
    /// Models it reads.
    pub reads_models: Vec<String>,
    /// Extract kinds it reads.
    pub reads_extracts: Vec<String>,
    /// Run tables and anything else it reads (`run_parameters`, `critical_roles`, ...).
    pub reads_other: Vec<String>,
    /// Its status in the run ("ok", "not_computed", "failed").
    pub status: String,
    pub published: bool,
}

/// The suppression rule of the run (manifest).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SuppressionInfo {
    pub threshold: i64,
    pub rule: String,
}

/// Which rows were asked for and how many matched.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Selection {
    pub filters: Vec<Filter>,
    pub rows_in_table: usize,
    pub rows_matched: usize,
    /// At most [`super::MAX_ROWS`].
    pub rows_explained: usize,
    /// Said when more rows matched than are explained.
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Filter {
    pub column: String,
    pub value: String,
}

/// One published row.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RowExplanation {
    /// Row number in the published table, from 1, in file order (CSV line = row_number + 1).
    pub row_number: usize,
    /// The published `suppressed` flag.
    pub suppressed: bool,
    pub cells: Vec<CellExplanation>,
}

/// What a column is, from the header and the column type.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A text or date column that identifies the row (region, organisation, group); notes
    /// (`note`, `*_note`, `*_reason`) are [`Role::Other`].
    Key,
    /// Listed in `counts:`.
    Count,
    /// Listed in `derived:`.
    Rate,
    /// Anything else (flags, notes, organisation counts).
    Other,
}

/// Whether a cell carries a figure.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum CellStatus {
    Published,
    /// Withheld by small-number suppression.
    Withheld,
    /// Null as computed (a total row, a zero denominator, not applicable).
    Null,
}

/// One cell of a selected row.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CellExplanation {
    pub column: String,
    pub role: Role,
    /// The published value (JSON null when the cell is empty).
    pub value: serde_json::Value,
    pub status: CellStatus,
    /// Why the cell is empty.
    pub reason: Option<String>,
    /// Rates: the counts it is computed from (header `derived:`).
    pub derived_from: Vec<String>,
    /// The column's expression in the query's final SELECT, when it is not the plain column.
    pub expression: Option<String>,
}

/// One extract kind behind the table.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct InputKind {
    pub kind: String,
    /// "ingested", "reused", "not_supplied".
    pub status: String,
    pub rows_read: u64,
    pub rows_accepted: u64,
    pub rows_quarantined: u64,
    pub files: Vec<InputFile>,
    pub quarantine_reasons: Vec<ReasonCount>,
    /// Where the reasons were counted: "quarantine output" or "manifest".
    pub reasons_from: String,
    /// Why the manifest's counts were used instead of the quarantine output.
    pub reasons_note: Option<String>,
}

/// One input file (manifest).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct InputFile {
    pub path: String,
    pub size: u64,
    pub sha256: String,
    pub rows_read: u64,
    pub rows_accepted: u64,
    pub rows_quarantined: u64,
}

/// Quarantined rows' problems of one kind, counted by reason (`column: reason`, values elided).
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct ReasonCount {
    pub reason: String,
    pub count: u64,
}
