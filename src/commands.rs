//! Executes a parsed command line: the glue between [`crate::cli`] and the library's
//! operations. The terminal lives here (and in `main.rs`): printing and the progress display
//! ([`ProgressDisplay`]: a spinner and a per-query bar when stderr is a terminal, one JSON log
//! line per query under `--log-format json`, nothing under `--quiet`).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressFinish, ProgressStyle};
use talentpipe::config::{Config, Overrides};
use talentpipe::error::{Error, ExitCode, Result};
use talentpipe::ops::{self, run::RunOptions};
use talentpipe::progress::{Progress, QueryDone};
use talentpipe::publish::{Manifest, QueryState};
use talentpipe::queries::Scope;
use talentpipe::report::DEFAULT_AUDIENCE;
use talentpipe::report::changes::Since;
use talentpipe::storage::Location;

use crate::cli::{Cli, Command, ExplainArgs, ExplainFormat, GenerateArgs, LogFormat};

/// The tracing target of progress log lines (`--log-format json`: one line per query).
pub const PROGRESS_TARGET: &str = "talentpipe::progress";

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
    // The commands that read queries fall back to the shipped ones (see `config`).
    let (queries, reads_queries) = match &cli.command {
        Command::Run(a) => (a.queries.clone(), true),
        Command::Check(a) => (a.queries.clone(), true),
        Command::Aggregate(a) => (a.queries.clone(), true),
        _ => (None, false),
    };
    let overrides = Overrides {
        config: cli.config.clone(),
        input: cli.input.clone(),
        output: cli.output.clone(),
        queries,
        region: cli.region.clone(),
        shipped_queries: reads_queries.then_some(crate::shipped_queries::FILES),
    };
    let done: Result<()> = match &cli.command {
        Command::Generate(args) => return generate(args).map_err(Failure::Generate),
        Command::Ingest(args) => {
            let cfg = Config::load(&overrides)?;
            let progress = ProgressDisplay::new(cli, "ingest", false);
            let metrics = ops::ingest::ingest(&cfg, args.force, &progress).await?;
            progress.ingested(&metrics.summary());
            print!("{}", metrics.summary());
            metrics.check()
        }
        Command::Run(args) => {
            let cfg = Config::load(&overrides)?;
            let progress = Arc::new(ProgressDisplay::new(cli, "ingest", !cli.quiet));
            let options = RunOptions {
                select: args.select.clone(),
                force: args.force,
                progress: Some(progress.clone()),
                fault: None,
            };
            let manifest = ops::run::run(&cfg, &options).await?;
            progress.finish();
            print!("{}", run_summary(&cfg, &manifest));
            if args.report {
                // The run is committed whatever happens here; a failed report is exit code 3.
                let options = ops::report::ReportOptions {
                    run_id: Some(manifest.run_id.clone()),
                    audience: args.audience.map_or(DEFAULT_AUDIENCE, Into::into),
                    ..Default::default()
                };
                let out = ops::report::write_report_with(&cfg.output, &options, &*progress)
                    .await
                    .map_err(|e| Error::ReportAfterCommit {
                        run_id: manifest.run_id.clone(),
                        source: Box::new(e),
                    })?;
                progress.finish();
                println!("report written to {}", out.location);
            }
            Ok(())
        }
        Command::Report(args) => {
            let cfg = Config::load(&overrides)?;
            let progress = ProgressDisplay::new(cli, "report", false);
            let cwd = std::env::current_dir().map_err(|e| Error::io(".", e))?;
            let options = ops::report::ReportOptions {
                run_id: args.run_id.clone(),
                audience: args.audience.map_or(DEFAULT_AUDIENCE, Into::into),
                compare: args
                    .compare
                    .as_deref()
                    .map(|u| Location::parse(u, &cwd))
                    .transpose()?,
                since: match (&args.since, args.changes) {
                    (Some(id), _) => Some(Since::Run(id.clone())),
                    (None, true) => Some(Since::PreviousMonth),
                    (None, false) => None,
                },
            };
            let out = ops::report::write_report_with(&cfg.output, &options, &progress).await?;
            progress.finish();
            let which = match out.audience {
                talentpipe::report::Audience::Public => String::new(),
                other => format!("{other} "),
            };
            println!("{which}report for run {} written to {}", out.run_id, out.location);
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
            let progress = ProgressDisplay::new(cli, "aggregate", false);
            let outcome = ops::aggregate::aggregate_with_progress(
                &sources,
                &cfg.output,
                &cfg.queries_dir,
                &options,
                &progress,
            )
            .await?;
            progress.finish();
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
            let progress = ProgressDisplay::new(cli, "check", false);
            let n = ops::check::check_with_progress(&cfg, scope, &progress).await?;
            progress.finish();
            println!("{n} queries in {} plan cleanly", cfg.queries_label());
            Ok(())
        }
    };
    Ok(done?)
}

/// How progress is shown on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shown {
    /// `--quiet`: nothing.
    Nothing,
    /// Text logs: a spinner (ingest rows, stages), then a bar of the queries done; indicatif
    /// draws them only when stderr is a terminal.
    Bars,
    /// `--log-format json`: log lines with target [`PROGRESS_TARGET`]: one per query and the
    /// ingest summary at INFO, stage messages at DEBUG.
    JsonLines,
}

/// The progress display on stderr, and, for `run`, the ingest summary once ingest is done.
#[derive(Debug)]
struct ProgressDisplay {
    shown: Shown,
    /// The spinner, replaced by the queries bar when the queries start.
    bar: Mutex<ProgressBar>,
    print_ingest_summary: bool,
    queries_total: AtomicUsize,
    queries_done: AtomicUsize,
}

impl ProgressDisplay {
    fn new(cli: &Cli, what: &str, print_ingest_summary: bool) -> Self {
        let shown = match (cli.quiet, cli.log_format) {
            (true, _) => Shown::Nothing,
            (false, LogFormat::Json) => Shown::JsonLines,
            (false, LogFormat::Text) => Shown::Bars,
        };
        let bar = if shown == Shown::Bars {
            let bar = ProgressBar::new_spinner().with_finish(ProgressFinish::AndClear);
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} {prefix} {msg} [{elapsed}] {human_pos} rows ({per_sec})",
                )
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.set_prefix(what.to_string());
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        } else {
            ProgressBar::hidden()
        };
        ProgressDisplay {
            shown,
            bar: Mutex::new(bar),
            print_ingest_summary,
            queries_total: AtomicUsize::new(0),
            queries_done: AtomicUsize::new(0),
        }
    }

    fn bar(&self) -> ProgressBar {
        self.bar.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Clears the display before the command prints its result on stdout.
    fn finish(&self) {
        self.bar().finish_and_clear();
    }
}

impl Progress for ProgressDisplay {
    fn message(&self, text: String) {
        if self.shown == Shown::JsonLines {
            tracing::debug!(target: PROGRESS_TARGET, "{text}");
        }
        self.bar().set_message(text);
    }
    fn rows(&self, n: u64) {
        self.bar().inc(n);
    }
    fn ingested(&self, summary: &str) {
        self.bar().finish_and_clear();
        if !self.print_ingest_summary {
            return;
        }
        match self.shown {
            Shown::Bars => eprint!("{summary}"),
            Shown::JsonLines => tracing::info!(target: PROGRESS_TARGET, summary, "ingested"),
            Shown::Nothing => {}
        }
    }
    fn queries_planned(&self, n: usize) {
        self.queries_total.store(n, Ordering::Relaxed);
        self.queries_done.store(0, Ordering::Relaxed);
        if self.shown != Shown::Bars {
            return;
        }
        let bar = ProgressBar::new(n as u64).with_finish(ProgressFinish::AndClear);
        bar.set_style(
            ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len} [{elapsed}] {wide_msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar.set_prefix("queries");
        bar.enable_steady_tick(Duration::from_millis(200));
        let old = std::mem::replace(&mut *self.bar.lock().unwrap_or_else(|e| e.into_inner()), bar);
        old.finish_and_clear();
    }
    fn query_started(&self, file: &str) {
        self.bar().set_message(file.to_string());
    }
    fn query_done(&self, q: &QueryDone<'_>) {
        let done = self.queries_done.fetch_add(1, Ordering::Relaxed) + 1;
        let total = self.queries_total.load(Ordering::Relaxed);
        if self.shown == Shown::JsonLines {
            tracing::info!(
                target: PROGRESS_TARGET,
                name = q.name,
                file = q.file,
                status = q.status,
                rows = q.rows,
                elapsed_ms = q.elapsed_ms,
                done,
                total,
                "query"
            );
        }
        let bar = self.bar();
        bar.inc(1);
        // A query that did not succeed is named above the bar as it happens.
        if !matches!(q.status, "ok" | "passed") {
            bar.println(format!("  {} {}", q.file, q.status.replace('_', " ")));
        }
        if done >= total {
            bar.finish_and_clear();
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
