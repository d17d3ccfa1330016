//! Progress of long operations as the library reports it: a small trait that the binary
//! implements with a terminal display (indicatif) and that tests leave silent ([`Silent`]).
//! The library itself never writes to the terminal.

use std::fmt::Debug;

use crate::ingest::IngestMetrics;

/// Receives progress from an operation. Every method has a no-op default.
pub trait Progress: Send + Sync + Debug {
    /// What is being worked on now (e.g. `esr_workforce: file 3 of 26`).
    fn message(&self, _text: String) {}
    /// `n` more rows done.
    fn rows(&self, _n: u64) {}
    /// Ingest finished: its metrics (a terminal shows the summary table).
    fn ingested(&self, _metrics: &IngestMetrics) {}
}

/// No progress display (tests, `--quiet`).
#[derive(Debug, Default, Clone, Copy)]
pub struct Silent;

impl Progress for Silent {}
