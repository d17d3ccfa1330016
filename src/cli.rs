//! Command-line definitions (clap): one struct per subcommand. Values here are raw; they are
//! resolved into a validated [`crate::config::Config`] before any data is touched.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const EXAMPLES: &str = "\
Examples:
  talentpipe run                         ingest, run queries/ and publish, using ./talentpipe.toml
  talentpipe ingest --input s3://bucket/region-y56/extracts --output out/
  talentpipe generate --out /tmp/input --regions Y56,Y60 --people 3000 --dirty 0.002

Exit codes: 0 success, 1 data/query/test failure (fix the input or SQL),
2 usage or configuration error, 3 I/O or internal failure (retry or escalate).";

/// talentpipe: NHS workforce analytics as one batch pipeline.
///
/// Ingests ESR-style extracts into validated, pseudonymised Parquet, runs the SQL metrics in
/// queries/ with DataFusion (leadership pipeline, WRES, vacancies), and publishes result tables
/// with small-number suppression and a run manifest.
#[derive(Debug, Parser)]
#[command(name = "talentpipe", version, after_help = EXAMPLES, propagate_version = true)]
pub struct Cli {
    /// Configuration file; relative paths in it are relative to its folder [default:
    /// ./talentpipe.toml if present]
    #[arg(long, global = true, value_name = "FILE", env = "TALENTPIPE_CONFIG")]
    pub config: Option<PathBuf>,

    /// Input root: a folder or s3:// gs:// az:// file:// URL with one folder per extract kind
    #[arg(long, global = true, value_name = "URL")]
    pub input: Option<String>,

    /// Output root: a folder or object-store URL (staged tables, runs/, LATEST)
    #[arg(long, global = true, value_name = "URL")]
    pub output: Option<String>,

    /// Region or LDP code this run reports for [default: `region` in the config, else the one
    /// region code every ESR row carries]. An NHS England region code (Y56..Y63) must match the
    /// ESR rows' region codes.
    #[arg(long, global = true, value_name = "CODE", env = "TALENTPIPE_REGION")]
    pub region: Option<String>,

    /// More log detail (-v info, -vv debug, -vvv trace)
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,

    /// Only errors; no progress display
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Log format on stderr (json: also one line per query as it finishes, unless -q)
    #[arg(long, global = true, value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Ingest the input root into staged Parquet tables and a quarantine table
    #[command(after_help = "Example:\n  talentpipe ingest --input sample_data --output out")]
    Ingest(IngestArgs),
    /// Ingest, run the SQL queries and publish result tables (the nightly job)
    #[command(
        after_help = "Examples:\n  talentpipe run\n  talentpipe run --select +wres_indicator_2\n  talentpipe run --select path:queries/wres --report"
    )]
    Run(RunArgs),
    /// Parse and plan every query against the extract schemas (no data read); report all problems
    #[command(after_help = "Example:\n  talentpipe check")]
    Check(CheckArgs),
    /// Write a deterministic synthetic input root (for demos, tests and benchmarks)
    #[command(
        after_help = "Example:\n  talentpipe generate --out /tmp/input --regions Y56,Y60 --people 3000 --seed 7"
    )]
    Generate(GenerateArgs),
    /// Combine regions' committed outputs into national tables (queries/national/)
    #[command(
        after_help = "Example:\n  talentpipe aggregate --from s3://nhs-y56/out --from /data/y60/out --output s3://national/out"
    )]
    Aggregate(AggregateArgs),
    /// Write the HTML dashboard (report.html) of a committed run, from its published tables
    /// (or, for the region's own use, from its restricted tables: --audience internal)
    #[command(after_help = REPORT_EXAMPLES)]
    Report(ReportArgs),
    /// Explain how a published table (or some of its rows) was made, from the latest committed run
    #[command(after_help = EXPLAIN_EXAMPLES)]
    Explain(ExplainArgs),
}

const REPORT_EXAMPLES: &str = "\
Examples:
  talentpipe report                      the latest run of --output, public
  talentpipe report --run-id 20260131T020000123Z-a1b2c3
  talentpipe report --audience internal  exact figures, for the region's board: written to
                                         runs/<run_id>/restricted/report-internal.html only,
                                         marked OFFICIAL-SENSITIVE: not for publication
  talentpipe report --compare s3://national/out --changes
                                         beside England and the other regions (an aggregate
                                         output), and what changed since last month's run";

const EXPLAIN_EXAMPLES: &str = "\
Examples:
  talentpipe explain wres_indicator_2 --org R4K
  talentpipe explain wres_indicator_2 --where region_code=Y60 --where org_code=
                                         (an empty VALUE selects nulls: the region total)
  talentpipe explain vacancy_rate --format json

Shows the query file and header, the models it reads, each count and rate of the selected rows
as published (and why a cell is withheld), and the input files and quarantine reasons behind it,
all from the committed run (its manifest records each query's file, SQL checksum and header): no
query folder is read. Exit code 2 for an unknown table or column, a row that does not exist, no
committed run, or a run committed before its manifest recorded the query details.";

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Re-ingest every kind even when its inputs are unchanged
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Re-ingest every kind even when its inputs are unchanged
    #[arg(long)]
    pub force: bool,
    /// Run only these queries (dbt words: NAME, +NAME with what it reads, NAME+ with what
    /// reads it, path:queries/wres); repeat or comma-separate
    #[arg(long, short = 's', value_delimiter = ',', value_name = "WORD")]
    pub select: Vec<String>,
    /// Folder of SQL queries [default: `queries` in the config, else queries/ beside the config
    /// file (or in the working directory without one), else the queries shipped in the binary]
    #[arg(long, value_name = "DIR")]
    pub queries: Option<String>,
    /// After the run commits, write its HTML dashboard (runs/<run_id>/report.html; with
    /// --audience internal, runs/<run_id>/restricted/report-internal.html)
    #[arg(long)]
    pub report: bool,
    /// Who the --report dashboard is for (see `talentpipe report --help`) [default: public]
    #[arg(long, value_enum, requires = "report")]
    pub audience: Option<AudienceArg>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Folder of SQL queries [default: `queries` in the config, else queries/ beside the config
    /// file (or in the working directory without one), else the queries shipped in the binary]
    #[arg(long, value_name = "DIR")]
    pub queries: Option<String>,
    /// Check the national queries (queries/national/) instead of the regional ones
    #[arg(long)]
    pub national: bool,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Folder to write the input root into
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Random seed: the same seed gives byte-identical files
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Comma-separated NHS region codes
    #[arg(long, value_delimiter = ',', default_value = "Y56,Y60")]
    pub regions: Vec<String>,
    /// Staff per region
    #[arg(long, default_value_t = 3000)]
    pub people: usize,
    /// Monthly ESR snapshots
    #[arg(long, default_value_t = 13)]
    pub months: u32,
    /// Last snapshot month-end (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub end_date: Option<chrono::NaiveDate>,
    /// Share of rows given a realistic defect (0 to 1)
    #[arg(long, default_value_t = 0.0)]
    pub dirty: f64,
    /// Only these extract kinds (comma-separated)
    #[arg(long, value_delimiter = ',')]
    pub kinds: Option<Vec<String>>,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The run to report on [default: the latest committed run of --output]
    #[arg(long, value_name = "ID")]
    pub run_id: Option<String>,
    /// Who the report is for: public (the published, suppressed tables; runs/<run_id>/report.html)
    /// or internal (the restricted, exact tables; runs/<run_id>/restricted/report-internal.html,
    /// marked OFFICIAL-SENSITIVE: not for publication) [default: public]
    #[arg(long, value_enum)]
    pub audience: Option<AudienceArg>,
    /// A national output root (an `aggregate` output: folder or URL): show the headline figures
    /// beside England and the other regions it aggregated, from their published tables
    #[arg(long, value_name = "URL")]
    pub compare: Option<String>,
    /// Show what changed in the headline figures since the previous month's committed run
    /// (the newest earlier run of an earlier reporting date kept in runs/)
    #[arg(long)]
    pub changes: bool,
    /// Show the changes since this committed run instead (implies --changes)
    #[arg(long, value_name = "ID")]
    pub since: Option<String>,
}

/// `--audience`: who a report is for (none given: [`talentpipe::report::DEFAULT_AUDIENCE`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AudienceArg {
    Public,
    Internal,
}

impl From<AudienceArg> for talentpipe::report::Audience {
    fn from(a: AudienceArg) -> Self {
        match a {
            AudienceArg::Public => talentpipe::report::Audience::Public,
            AudienceArg::Internal => talentpipe::report::Audience::Internal,
        }
    }
}

#[derive(Debug, Args)]
pub struct AggregateArgs {
    /// A region's output root (repeatable) [default: `[aggregate] sources` in the config]
    #[arg(long = "from", value_name = "URL")]
    pub from: Vec<String>,
    /// Aggregate even when a region listed in `[aggregate] expected_regions` is missing
    #[arg(long)]
    pub allow_missing: bool,
    /// Folder of SQL queries (its national/ folder is used) [default: as for `run`]
    #[arg(long, value_name = "DIR")]
    pub queries: Option<String>,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The published table (its query file's name, e.g. wres_indicator_2)
    pub table: String,
    /// Only the rows of this organisation (filters on org_code)
    #[arg(long, value_name = "CODE")]
    pub org: Option<String>,
    /// Only rows where COLUMN equals VALUE (repeatable; an empty VALUE selects nulls)
    #[arg(long = "where", value_name = "COLUMN=VALUE")]
    pub filters: Vec<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
    pub format: ExplainFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExplainFormat {
    Text,
    Json,
}
