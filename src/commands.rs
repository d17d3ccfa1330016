//! Executes a parsed command line: the glue between [`crate::cli`] and the library's
//! operations. The terminal lives here (and in `main.rs`): printing and the progress display.

use std::sync::Arc;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use talentpipe::config::{Config, Overrides};
use talentpipe::error::{Error, ExitCode, Result};
use talentpipe::ops::{self, run::RunOptions};
use talentpipe::progress::Progress;
use talentpipe::publish::{Manifest, QueryState};
use talentpipe::queries::Scope;
use talentpipe::storage::Location;

use crate::cli::{Cli, Command, ExplainArgs, ExplainFormat, GenerateArgs};

/// Why a command failed: the library's error, or the generator's (a crate of its own).
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    #[error(transparent)]
    Talentpipe(#[from] Error),
    #[error("generate: {0}")]
    Generate(#[from] talentpipe_synth::GenerateError),
}

impl Failure {
    /// The exit code the binary returns: a generator option it cannot honour is a usage error.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Failure::Talentpipe(e) => e.exit_code(),
            Failure::Generate(talentpipe_synth::GenerateError::InvalidOption(_)) => ExitCode::UsageError,
            Failure::Generate(_) => ExitCode::InternalError,
        }
    }
}

/// Runs the command; the binary maps the error to an exit code.
pub async fn execute(cli: &Cli) -> std::result::Result<(), Failure> {
    let queries = match &cli.command {
        Command::Run(a) => a.queries.clone(),
        Command::Check(a) => a.queries.clone(),
        Command::Aggregate(a) => a.queries.clone(),
        _ => None,
    };
    let overrides = Overrides {
        config: cli.config.clone(),
        input: cli.input.clone(),
        output: cli.output.clone(),
        queries,
        region: cli.region.clone(),
    };
    let done: Result<()> = match &cli.command {
        Command::Generate(args) => return generate(args).map_err(Failure::Generate),
        Command::Ingest(args) => {
            let cfg = Config::load(&overrides)?;
            let progress = TerminalProgress::new(cli.quiet, "ingest", false);
            let metrics = ops::ingest::ingest(&cfg, args.force, &progress).await?;
            progress.ingested(&metrics.summary());
            print!("{}", metrics.summary());
            metrics.check()
        }
        Command::Run(args) => {
            let cfg = Config::load(&overrides)?;
            let options = RunOptions {
                select: args.select.clone(),
                force: args.force,
                progress: Some(Arc::new(TerminalProgress::new(cli.quiet, "ingest", !cli.quiet))),
                fault: None,
            };
            let manifest = ops::run::run(&cfg, &options).await?;
            print!("{}", run_summary(&cfg, &manifest));
            if args.report {
                // The run is committed whatever happens here; a failed report is exit code 3.
                let out = ops::report::write_report(&cfg.output, Some(&manifest.run_id))
                    .await
                    .map_err(|e| Error::ReportAfterCommit {
                        run_id: manifest.run_id.clone(),
                        source: Box::new(e),
                    })?;
                println!("report written to {}", out.location);
            }
            Ok(())
        }
        Command::Report(args) => {
            let cfg = Config::load(&overrides)?;
            let out = ops::report::write_report(&cfg.output, args.run_id.as_deref()).await?;
            println!("report for run {} written to {}", out.run_id, out.location);
            Ok(())
        }
        Command::Aggregate(args) => {
            let cfg = Config::load(&overrides)?;
            let cwd = std::env::current_dir().map_err(|e| Error::io(".", e))?;
            let sources = if args.from.is_empty() {
                let base = cfg.base_dir.clone();
                cfg.file
                    .aggregate
                    .sources
                    .iter()
                    .map(|s| Location::parse(s, &base))
                    .collect::<Result<Vec<_>>>()?
            } else {
                args.from
                    .iter()
                    .map(|s| Location::parse(s, &cwd))
                    .collect::<Result<Vec<_>>>()?
            };
            let options = ops::aggregate::AggregateOptions {
                expected_regions: cfg.file.aggregate.expected_regions.clone(),
                allow_missing: args.allow_missing,
                publish: talentpipe::publish::PublishOptions {
                    suppression_threshold: cfg.file.publish.suppression_threshold,
                    keep_runs: cfg.file.publish.keep_runs,
                    fault: None,
                },
                session: talentpipe::session::SessionSettings::from(&cfg),
            };
            let outcome =
                ops::aggregate::aggregate(&sources, &cfg.output, &cfg.queries_dir, &options).await?;
            print!("{}", run_summary(&cfg, &outcome.manifest));
            print!("{}", ops::aggregate::outcome_summary(&outcome));
            Ok(())
        }
        Command::Explain(args) => explain(&overrides, args).await,
        Command::Check(args) => {
            let cfg = Config::load(&overrides)?;
            let scope = if args.national {
                Scope::National
            } else {
                Scope::Regional
            };
            let n = ops::check::check(&cfg, scope).await?;
            println!("{n} queries in {} plan cleanly", cfg.queries_dir.display());
            Ok(())
        }
    };
    Ok(done?)
}

/// The progress display on stderr: a spinner with rows and rate (hidden under `--quiet` and
/// when stderr is not a terminal), and, for `run`, the ingest summary once ingest is done.
#[derive(Debug)]
struct TerminalProgress {
    bar: ProgressBar,
    print_ingest_summary: bool,
}

impl TerminalProgress {
    fn new(quiet: bool, what: &str, print_ingest_summary: bool) -> Self {
        let bar = if quiet {
            ProgressBar::hidden()
        } else {
            let bar = ProgressBar::new_spinner();
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} {prefix} {msg} [{elapsed}] {human_pos} rows ({per_sec})",
                )
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.set_prefix(what.to_string());
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        };
        TerminalProgress {
            bar,
            print_ingest_summary,
        }
    }
}

impl Progress for TerminalProgress {
    fn message(&self, text: String) {
        self.bar.set_message(text);
    }
    fn rows(&self, n: u64) {
        self.bar.inc(n);
    }
    fn ingested(&self, summary: &str) {
        self.bar.finish_and_clear();
        if self.print_ingest_summary {
            eprint!("{summary}");
        }
    }
}

/// What a finished run prints: where the outputs are and what each query did.
pub fn run_summary(cfg: &Config, m: &Manifest) -> String {
    let mut out = format!(
        "\nrun {} committed to {}\n",
        m.run_id,
        cfg.output.url_of(&format!("runs/{}", m.run_id))
    );
    for q in &m.queries {
        let what = match &q.status {
            QueryState::Ok if q.published => format!("{} rows published", q.rows),
            QueryState::Ok => "ok (not published)".to_string(),
            other => format!("{other}: {}", q.message.clone().unwrap_or_default()),
        };
        out.push_str(&format!("  {:<32} {what}\n", q.name));
    }
    let failed_warnings = m.tests.iter().filter(|t| !t.passed).count();
    out.push_str(&format!(
        "{} tables, {} data tests ({} warnings)\n",
        m.tables.len(),
        m.tests.len(),
        failed_warnings
    ));
    out
}

/// `explain`: the explanation of a published table, as text or JSON on stdout.
async fn explain(overrides: &Overrides, args: &ExplainArgs) -> Result<()> {
    let cfg = Config::load(overrides)?;
    let request = talentpipe::explain::ExplainRequest {
        table: args.table.clone(),
        org: args.org.clone(),
        filters: args
            .filters
            .iter()
            .map(|w| talentpipe::explain::ExplainRequest::parse_where(w))
            .collect::<Result<Vec<_>>>()?,
    };
    let explanation = talentpipe::explain::explain(&cfg.output, &request).await?;
    match args.format {
        ExplainFormat::Text => print!("{}", talentpipe::explain::render_text(&explanation)),
        ExplainFormat::Json => println!("{}", serde_json::to_string_pretty(&explanation)?),
    }
    Ok(())
}

fn generate(args: &GenerateArgs) -> std::result::Result<(), talentpipe_synth::GenerateError> {
    let mut opts = talentpipe_synth::GenerateOptions {
        seed: args.seed,
        regions: args.regions.clone(),
        people: args.people,
        months: args.months,
        dirty: args.dirty,
        kinds: args.kinds.clone(),
        ..Default::default()
    };
    if let Some(end) = args.end_date {
        opts.end_date = end;
    }
    let summary = talentpipe_synth::generate(&opts, &args.out)?;
    let rows: u64 = summary.files.iter().map(|f| f.rows).sum();
    let dirty: u64 = summary.files.iter().map(|f| f.dirty_rows).sum();
    println!(
        "wrote {} files ({rows} rows, {dirty} with injected defects) to {}",
        summary.files.len(),
        args.out.display()
    );
    Ok(())
}
