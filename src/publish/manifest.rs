//! The run manifest (`runs/<run_id>/manifest.json`): what a committed run read, ran, tested and
//! wrote, with checksums, so a reader (or the national aggregation) can trust and trace it.
//!
//! Every struct has `#[serde(default)]` so that manifests written by older versions, which
//! lack newer fields, still load. Field order in the JSON is the struct order (deterministic).

use serde::{Deserialize, Serialize};

/// The manifest of one committed run.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(default)]
pub struct Manifest {
    pub run_id: String,
    /// "regional" or "national".
    pub kind: String,
    /// The configured region / LDP label ("national" for national runs).
    pub region: String,
    /// "succeeded": only succeeded runs are committed.
    pub status: String,
    /// RFC 3339, UTC.
    pub started_at: String,
    /// RFC 3339, UTC; filled by `Publisher::commit` when empty.
    pub finished_at: String,
    pub talentpipe_version: String,
    /// Digest of the resolved configuration, so two runs can be compared.
    pub config_digest: String,
    /// `--select` words; empty means everything.
    pub selection: Vec<String>,
    /// Inputs: every file with size, sha256 and rows read / accepted / quarantined.
    pub ingest: Option<crate::ingest::IngestMetrics>,
    pub queries: Vec<QueryRecord>,
    pub tests: Vec<TestRecord>,
    /// Filled by `Publisher::commit` from what `write_table` wrote.
    pub tables: Vec<TableRecord>,
    pub suppression: SuppressionRecord,
    /// National runs: the regional runs aggregated.
    pub sources: Vec<SourceRecord>,
    /// National runs: expected regions that were missing (only with `--allow-missing`).
    pub missing_regions: Vec<String>,
    /// Regional runs: the run tables the queries read (parameters and reference lists), as
    /// registered, so the run says which reporting date, windows and lists made its numbers.
    pub run_tables: Option<crate::queries::run_tables::RunTables>,
}

/// One query of the run.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(default)]
pub struct QueryRecord {
    /// Output table name (the file's stem).
    pub name: String,
    /// The SQL file, relative to the queries folder.
    pub file: String,
    /// "ok" | "not_computed" | "failed".
    pub status: String,
    /// Why it was not computed or failed.
    pub message: Option<String>,
    pub rows: u64,
    pub elapsed_ms: u64,
    /// Whether its result was written as a result table.
    pub published: bool,
    pub title: Option<String>,
    pub grain: Option<String>,
    /// Where the metric's definition comes from.
    pub source: Option<String>,
}

/// One data test of the run.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(default)]
pub struct TestRecord {
    pub name: String,
    pub file: String,
    /// "error" | "warn".
    pub severity: String,
    pub passed: bool,
    pub failing_rows: u64,
    /// A few failing rows, rendered as text.
    pub sample: Vec<String>,
}

/// One result table as written: rows, how many were suppressed, and its three files.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(default)]
pub struct TableRecord {
    pub name: String,
    pub rows: u64,
    /// Rows of the published table with anything withheld.
    pub suppressed_rows: u64,
    /// Exact aggregates (`restricted/<name>.parquet`), for national aggregation only.
    pub restricted: FileRecord,
    /// `published/<name>.parquet`, suppression applied.
    pub published_parquet: FileRecord,
    /// `published/<name>.csv`, suppression applied.
    pub published_csv: FileRecord,
}

/// One file written by a run.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(default)]
pub struct FileRecord {
    /// Relative to the run folder (`runs/<run_id>/`), with `/` separators.
    pub path: String,
    /// Size in bytes.
    pub bytes: u64,
    /// SHA-256 of the content, lower-case hex.
    pub sha256: String,
}

/// The suppression applied to published tables.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(default)]
pub struct SuppressionRecord {
    /// Counts from 1 to threshold - 1 are withheld.
    pub threshold: i64,
    /// The rule in one sentence.
    pub rule: String,
}

impl SuppressionRecord {
    /// The record for threshold `k`, with the standard rule sentence.
    pub fn new(k: i64) -> SuppressionRecord {
        SuppressionRecord {
            threshold: k,
            rule: super::suppress::rule_sentence(k),
        }
    }
}

/// A regional run read by a national aggregation.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(default)]
pub struct SourceRecord {
    /// The regional output root.
    pub url: String,
    pub region: String,
    pub run_id: String,
    /// SHA-256 of the regional `manifest.json` as read.
    pub manifest_sha256: String,
}
