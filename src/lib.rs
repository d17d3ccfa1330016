//! talentpipe: NHS workforce analytics as one batch pipeline.
//!
//! The flow is ingest -> run (SQL queries) -> publish -> aggregate -> report; each arrow is
//! one module (see `../shared/DESIGN.md`). The binary (`main.rs`, `cli.rs`, `commands.rs`)
//! holds the terminal: clap, printing, the progress display and exit codes; everything else
//! lives here, without terminal output, so tests can drive it.

pub mod aggregate;
pub mod config;
pub mod crash;
pub mod error;
pub mod explain;
pub mod ingest;
pub mod pipeline;
pub mod progress;
pub mod publish;
pub mod report;
pub mod scratch;
pub mod storage;

pub mod queries;
pub mod session;

/// The input contract (`crates/talentpipe-contract`: one declaration per extract kind and the
/// code lists), shared with the synthetic-data generator.
pub use talentpipe_contract as extracts;

pub use error::{Error, ExitCode, Result};
