//! talentpipe: NHS workforce analytics as one batch pipeline.
//!
//! The flow is ingest -> queries -> publish -> report / aggregate; each arrow is one module
//! (see `../shared/DESIGN.md`), and no module imports one later in the flow. The operations
//! that drive the flow (`ingest`, `run`, `check`, `report`, `aggregate`) are in [`ops`], one
//! file each, on top of everything else. The binary (`main.rs`, `cli.rs`, `commands.rs`) holds
//! the terminal: clap, printing, the progress display and exit codes; everything else lives
//! here, without terminal output, so tests can drive it.

pub mod config;
pub mod crash;
pub mod error;
pub mod explain;
pub mod ingest;
pub mod national;
pub mod ops;
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
