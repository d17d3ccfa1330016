//! Progress of long operations as the library reports it: a small trait that the binary
//! implements with a terminal display (indicatif) and that tests leave silent ([`Silent`]).
//! The library itself never writes to the terminal.

use std::fmt::Debug;

/// Receives progress from an operation. Every method has a no-op default.
///
/// It imports nothing from the crate, so every stage can report through it without a cycle
/// (ingest reports rows; the operations report a finished stage).
pub trait Progress: Send + Sync + Debug {
    /// What is being worked on now (e.g. `esr_workforce: file 3 of 26`).
    fn message(&self, _text: String) {}
    /// `n` more rows done.
    fn rows(&self, _n: u64) {}
    /// Ingest finished: its summary table (`IngestMetrics::summary`), which a terminal shows
    /// before the queries run. The metrics themselves are what the operation returns.
    fn ingested(&self, _summary: &str) {}
}

/// No progress display (tests, `--quiet`).
#[derive(Debug, Default, Clone, Copy)]
pub struct Silent;

impl Progress for Silent {}
