//! The run manifest (`runs/<run_id>/manifest.json`): what a committed run read, ran, tested and
//! wrote, with checksums, so a reader (or the national aggregation) can trust and trace it.
//!
//! Every struct has `#[serde(default)]` so that manifests written by older versions, which
//! lack newer fields, still load. Field order in the JSON is the struct order (deterministic).
//!
//! Each query's record says how its table was made, so that `talentpipe explain` needs nothing
//! but the committed run: the file's path below the queries folder, the SHA-256 of its SQL, the
//! tables it reads (the dependency graph) and its header fields ([`QueryDefinition`]). Older
//! manifests lack them (`reads` and `definition` read as None), and explain says so.
//!
//! The manifest is built in one place ([`Manifest::new`], from the query and test results),
//! and its statuses are typed ([`RunKind`], [`RunStatus`], [`QueryState`], [`TestSeverity`]),
//! written as the same strings as ever (`"regional"`, `"succeeded"`, `"ok"`,
//! `"not_computed"`, `"error"`, ...), so manifests stay byte-compatible in both directions.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub use crate::queries::definition::{ColumnRecord, DerivedRecord, QueryDefinition};
use crate::queries::run::{QueryResult, QueryStatus, TestResult};
use crate::queries::{Severity, definition};

/// Declares a status the manifest holds as one of a fixed set of strings: the variants this
/// version writes, and `Other` for any other string read from a manifest (an older, newer or
/// edited one), kept verbatim so that messages quote it and it is written back unchanged. The
/// default is `Other("")`, what a manifest without the field reads as. It compares equal to its
/// string (`status == "ok"`) and converts from one (`"ok".into()`).
macro_rules! manifest_status {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal,)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(from = "String", into = "String")]
        pub enum $name {
            $($(#[$vdoc])* $variant,)+
            /// Any other string read from a manifest (empty: the field is absent).
            Other(String),
        }

        impl $name {
            /// The string the manifest holds.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $text,)+
                    $name::Other(s) => s,
                }
            }

            /// True when the manifest has no value for it (the default).
            pub fn is_unset(&self) -> bool {
                matches!(self, $name::Other(s) if s.is_empty())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                $name::Other(String::new())
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                match s.as_str() {
                    $($text => $name::$variant,)+
                    _ => $name::Other(s),
                }
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                $name::from(s.to_string())
            }
        }

        impl From<$name> for String {
            fn from(s: $name) -> String {
                s.as_str().to_string()
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

manifest_status! {
    /// Whether a run is a region's (or LDP's) or the national aggregation.
    RunKind {
        Regional = "regional",
        National = "national",
    }
}

manifest_status! {
    /// How a run ended: only succeeded runs are committed, so a committed manifest says
    /// `succeeded` (anything else was written by hand, and is refused by readers that check).
    RunStatus {
        Succeeded = "succeeded",
    }
}

manifest_status! {
    /// What became of one query of the run.
    QueryState {
        Ok = "ok",
        /// An extract it needs was not supplied (or a model it reads was not computed).
        NotComputed = "not_computed",
        Failed = "failed",
    }
}

manifest_status! {
    /// How a failing data test is treated: `error` stops the run, `warn` only warns.
    TestSeverity {
        Error = "error",
        Warn = "warn",
    }
}

/// The manifest of one committed run.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(default)]
pub struct Manifest {
    pub run_id: String,
    pub kind: RunKind,
    /// The configured region / LDP label ("national" for national runs).
    pub region: String,
    /// Only succeeded runs are committed.
    pub status: RunStatus,
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
    /// National runs: regional tables that some sources did not compute (an extract they were
    /// not supplied), with those sources' regions: the national figures built on each exclude
    /// those regions.
    pub partial_tables: BTreeMap<String, Vec<String>>,
    /// Regional runs: the run tables the queries read (parameters and reference lists), as
    /// registered, so the run says which reporting date, windows and lists made its numbers.
    pub run_tables: Option<crate::queries::run_tables::RunTables>,
}

impl Manifest {
    /// The manifest of a run about to be committed: what it ran and tested (each query with its
    /// header's title, grain and source) and the suppression it applied. `Publisher::commit`
    /// fills in the run id, the finish time and the tables written; each operation adds its own
    /// parts (`run`: the inputs, the selection, the configuration digest and the run tables;
    /// `aggregate`: the sources and any missing regions).
    pub fn new(
        kind: RunKind,
        region: String,
        started_at: String,
        results: &[QueryResult],
        tests: &[TestResult],
        suppression_threshold: i64,
    ) -> Manifest {
        Manifest {
            kind,
            region,
            status: RunStatus::Succeeded,
            started_at,
            talentpipe_version: env!("CARGO_PKG_VERSION").into(),
            queries: results.iter().map(QueryRecord::from).collect(),
            tests: tests.iter().map(TestRecord::from).collect(),
            suppression: SuppressionRecord::new(suppression_threshold),
            ..Manifest::default()
        }
    }
}

/// One query of the run.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(default)]
pub struct QueryRecord {
    /// Output table name (the file's stem).
    pub name: String,
    /// The SQL file, relative to the queries folder.
    pub file: String,
    pub status: QueryState,
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
    /// The SQL file relative to the queries folder, with `/` separators
    /// (`wres/wres_indicator_2.sql`). Empty in manifests written before it was recorded.
    pub path: String,
    /// SHA-256 of the SQL file's text as run, lower-case hex (empty in older manifests): a
    /// query folder can be checked against the run with it.
    pub sql_sha256: String,
    /// The tables the statement reads directly (other queries' outputs, extracts, run tables),
    /// sorted: the edges of the dependency graph the runner ordered the queries by. None in
    /// manifests written before it was recorded.
    pub reads: Option<Vec<String>>,
    /// What the header and the final SELECT say about the output's columns (None in older
    /// manifests). With `reads`, what `talentpipe explain` reads instead of the query folder.
    pub definition: Option<QueryDefinition>,
}

/// One data test of the run.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(default)]
pub struct TestRecord {
    pub name: String,
    pub file: String,
    pub severity: TestSeverity,
    pub passed: bool,
    pub failing_rows: u64,
    /// A few failing rows, rendered as text.
    pub sample: Vec<String>,
}

impl From<&QueryResult> for QueryRecord {
    fn from(r: &QueryResult) -> QueryRecord {
        let (status, message) = match &r.status {
            QueryStatus::Ok => (QueryState::Ok, None),
            QueryStatus::NotComputed(why) => (QueryState::NotComputed, Some(why.clone())),
            QueryStatus::Failed(p) => (QueryState::Failed, Some(p.to_string())),
        };
        QueryRecord {
            name: r.query.name.clone(),
            file: r.query.display.clone(),
            status,
            message,
            rows: r.rows,
            elapsed_ms: r.elapsed_ms,
            published: r.query.header.publish && matches!(r.status, QueryStatus::Ok),
            title: r.query.header.title.clone(),
            grain: r.query.header.grain.clone(),
            source: r.query.header.source.clone(),
            path: definition::relative_path(&r.query),
            sql_sha256: hex::encode(Sha256::digest(r.query.sql.as_bytes())),
            reads: Some(r.query.reads.iter().cloned().collect()),
            definition: Some(definition::definition(&r.query)),
        }
    }
}

impl From<&TestResult> for TestRecord {
    fn from(t: &TestResult) -> TestRecord {
        TestRecord {
            name: t.query.name.clone(),
            file: t.query.display.clone(),
            severity: match t.severity {
                Severity::Error => TestSeverity::Error,
                Severity::Warn => TestSeverity::Warn,
            },
            passed: t.passed && t.error.is_none(),
            failing_rows: t.failing_rows,
            sample: match &t.error {
                Some(p) => vec![p.to_string()],
                None => t.sample.clone(),
            },
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_written_and_read_as_the_same_strings() {
        // The strings manifests have always held (aggregate and explain read them back).
        for (state, text) in [
            (QueryState::Ok, "ok"),
            (QueryState::NotComputed, "not_computed"),
            (QueryState::Failed, "failed"),
        ] {
            let json = serde_json::to_string(&state).expect("serialises");
            assert_eq!(json, format!("\"{text}\""));
            assert_eq!(serde_json::from_str::<QueryState>(&json).expect("reads"), state);
            assert_eq!(state, text);
        }
        assert_eq!(
            serde_json::to_string(&RunStatus::Succeeded).unwrap(),
            "\"succeeded\""
        );
        assert_eq!(serde_json::to_string(&RunKind::National).unwrap(), "\"national\"");
        assert_eq!(serde_json::to_string(&TestSeverity::Warn).unwrap(), "\"warn\"");
        // Another string is kept verbatim, and an absent field is unset, as before.
        let odd: RunStatus = serde_json::from_str("\"failed\"").expect("reads");
        assert_eq!(odd, RunStatus::Other("failed".into()));
        assert_eq!(serde_json::to_string(&odd).unwrap(), "\"failed\"");
        let m: Manifest = serde_json::from_str("{}").expect("an empty manifest reads");
        assert!(m.status.is_unset() && m.kind.is_unset());
        assert_eq!(serde_json::to_string(&m.status).unwrap(), "\"\"");
    }

    #[test]
    fn a_query_record_without_the_explain_fields_still_reads() {
        // As a version before the query details were recorded wrote it.
        let old = r#"{"queries": [{"name": "wres_indicator_2", "file": "queries/wres/wres_indicator_2.sql",
            "status": "ok", "message": null, "rows": 11, "elapsed_ms": 3, "published": true,
            "title": "T", "grain": null, "source": null}]}"#;
        let m: Manifest = serde_json::from_str(old).expect("reads");
        let q = &m.queries[0];
        assert_eq!(
            (q.name.as_str(), q.rows, q.published),
            ("wres_indicator_2", 11, true)
        );
        assert!(q.reads.is_none() && q.definition.is_none());
        assert!(q.path.is_empty() && q.sql_sha256.is_empty() && m.partial_tables.is_empty());
    }
}
