//! The crate's error type, by layer, and the exit codes a scheduler acts on.
//!
//! Exit codes (DESIGN.md, principle 6): 0 success, 1 data or query error the user can fix,
//! 2 usage or configuration error, 3 internal or I/O failure.

use std::fmt;
use std::path::PathBuf;

/// Result alias used across the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Process exit codes, one per class of failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum ExitCode {
    Success = 0,
    /// Bad data, a failing query or data test: fix the input or the SQL.
    DataError = 1,
    /// Bad command line or configuration file.
    UsageError = 2,
    /// I/O, object store or internal failure: retry or escalate.
    InternalError = 3,
}

/// A problem found in a query file (a parse error, a missing table, a failing query), with its
/// position when known: kept as fields so that a caller (`check`, an editor) can point at it.
/// The queries layer finds them; they live here, with the error that lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub line: Option<u64>,
    pub column: Option<u64>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "{}:{l}:{c}: {}", self.file, self.message),
            (Some(l), None) => write!(f, "{}:{l}: {}", self.file, self.message),
            _ => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl Problem {
    /// A problem of a whole file (no position).
    pub fn new(file: &str, message: impl Into<String>) -> Self {
        Problem {
            file: file.into(),
            line: None,
            column: None,
            message: message.into(),
        }
    }
}

/// Problems one per line, indented, as the error message lists them.
fn list_problems(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("  {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every failure talentpipe reports, with the context needed to act on it.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("configuration error in {path}: {message}")]
    Config { path: String, message: String },

    #[error("invalid option {option}: {message}")]
    Usage { option: String, message: String },

    #[error("pseudonymisation key missing: {0}")]
    MissingKey(String),

    #[error("{failed} input file(s) failed ingest: {summary}")]
    IngestFailed { failed: usize, summary: String },

    #[error("{0}")]
    NoInput(String),

    /// A query (or another step running SQL) that could not run for a reason outside its SQL
    /// (disk full, file too large, memory): an I/O failure of the run, not a query error.
    /// `file` names it: `query queries/wres/wres_indicator_1.sql`.
    #[error("{file} could not run (an I/O or resource failure, not a problem in the SQL): {message}")]
    QueryResources { file: String, message: String },

    /// Problems found in the query files, each with its file, line and column.
    #[error("{} query problem(s) found:\n{}", problems.len(), list_problems(problems))]
    QueryCheck { problems: Vec<Problem> },

    #[error("the run failed and nothing was published:\n{0}")]
    DataTest(String),

    #[error("output {root} is locked by {owner}; {hint}")]
    Locked {
        root: String,
        owner: String,
        hint: String,
    },

    /// A publish problem: `what` names the table, run or object involved.
    #[error("publish {what}: {message}")]
    Publish { what: String, message: String },

    #[error("aggregate source {source_url}: {message}")]
    Source { source_url: String, message: String },

    #[error("report: {0}")]
    Report(String),

    /// `run --report`: the run is committed, but writing its report failed.
    #[error("run {run_id} is committed, but its report was not written: {source}")]
    ReportAfterCommit {
        run_id: String,
        #[source]
        source: Box<Error>,
    },

    #[error("I/O error on {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("object store: {0}")]
    ObjectStore(#[from] object_store::Error),

    /// An object-store operation failed; `url` names the object or folder (exit code 3).
    #[error("object store: cannot {op} {url}: {source}")]
    Store {
        op: &'static str,
        url: String,
        #[source]
        source: object_store::Error,
    },

    #[error("invalid object path: {0}")]
    ObjectPath(#[from] object_store::path::Error),

    #[error("arrow: {0}")]
    Arrow(#[from] arrow::error::ArrowError),

    #[error("parquet: {0}")]
    Parquet(#[from] parquet::errors::ParquetError),

    #[error("datafusion: {0}")]
    DataFusion(#[from] datafusion::error::DataFusionError),

    #[error("json: {0}")]
    Json(#[from] serde_json::Error),

    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    /// The exit code the binary returns for this error.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Error::Config { .. } | Error::Usage { .. } | Error::MissingKey(_) => ExitCode::UsageError,
            Error::IngestFailed { .. }
            | Error::NoInput(_)
            | Error::QueryCheck { .. }
            | Error::DataTest(_)
            | Error::Source { .. } => ExitCode::DataError,
            Error::Locked { .. } => ExitCode::InternalError,
            _ => ExitCode::InternalError,
        }
    }

    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}
