//! Progress of long operations as the library reports it: a small trait that the binary
//! implements (a terminal display with indicatif, or one JSON log line per query under
//! `--log-format json`) and that tests leave silent ([`Silent`]). The library itself never
//! writes to the terminal.
//!
//! Every operation takes a sink: `ingest` reports rows, `run` and `aggregate` each query as it
//! finishes, `check` and `report` their stages.

use std::fmt::Debug;

/// Receives progress from an operation. Every method has a no-op default.
///
/// It imports nothing from the crate, so every stage can report through it without a cycle
/// (ingest reports rows; the operations report a finished stage).
pub trait Progress: Send + Sync + Debug {
    /// What is being worked on now (e.g. `esr_workforce: file 3 of 26`, `reading 3 sources`).
    fn message(&self, _text: String) {}
    /// `n` more rows done.
    fn rows(&self, _n: u64) {}
    /// Ingest finished: its summary table (`IngestMetrics::summary`), which a terminal shows
    /// before the queries run. The metrics themselves are what the operation returns.
    fn ingested(&self, _summary: &str) {}
    /// `n` queries and data tests are about to run (`run`, `aggregate`): the length of a bar.
    fn queries_planned(&self, _n: usize) {}
    /// A query or data test starts (its file, as [`QueryDone::file`]).
    fn query_started(&self, _file: &str) {}
    /// A query or data test finished, or was not computed; called once for each of the
    /// [`Progress::queries_planned`] ones, in the order they finish.
    fn query_done(&self, _done: &QueryDone<'_>) {}
}

/// One finished query or data test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueryDone<'a> {
    /// Its output table (a data test: the table name its file gives, `<name>__test`).
    pub name: &'a str,
    /// The file as shown to people: `queries/wres/wres_indicator_2.sql`.
    pub file: &'a str,
    /// A query: `ok`, `failed` or `not_computed` (as the manifest records it). A data test:
    /// `passed`, `failed` (severity error, or it could not run), `warned` (severity warn) or
    /// `skipped` (what it reads was not computed).
    pub status: &'a str,
    /// Rows the query returned; for a data test, its failing rows.
    pub rows: u64,
    /// Wall-clock time of the query or data test, in milliseconds (a table's as the manifest
    /// records it; 0 when not computed).
    pub elapsed_ms: u64,
}

/// No progress display (tests, `--quiet`).
#[derive(Debug, Default, Clone, Copy)]
pub struct Silent;

impl Progress for Silent {}
