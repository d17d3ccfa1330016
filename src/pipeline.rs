//! The nightly job as one call: lock the output root, ingest, run the queries, publish the
//! result tables and commit the manifest. Any failure before the commit leaves the previous
//! run as the latest; the scheduler gets the error's exit code.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use arrow::array::{Array, BooleanArray, Date32Array, Float64Array, Int64Array, RecordBatch, StringArray};
use arrow::datatypes::{DataType, Field, Schema};
use datafusion::datasource::MemTable;
use datafusion::prelude::{ParquetReadOptions, SessionContext};

use chrono::{Datelike, NaiveDate};

use crate::config::{Config, MetricsSection};
use crate::error::{Error, Result};
use crate::extracts;
use crate::ingest::{self, IngestMetrics, KindStatus};
use crate::publish::{
    FaultPoint, Manifest, PublishOptions, Publisher, QueryRecord, ResultTable, SuppressionRecord,
    SuppressionSpec, TestRecord,
};
use crate::queries::run::{QueryResult, QueryStatus, TestResult};
use crate::queries::{self, Scope, Severity};
use crate::session::{SessionSettings, new_session};
use crate::storage::Location;

/// Options of one `run`.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// dbt-style selection words; empty = every query.
    pub select: Vec<String>,
    /// Re-ingest even when inputs are unchanged.
    pub force: bool,
    pub quiet: bool,
    /// Test-only fault injection in publishing.
    pub fault: Option<FaultPoint>,
}

/// Tables every query may read besides the extracts.
pub const RUN_TABLES: &[&str] = &["quarantine", "run_parameters", "critical_roles", "pay_bands"];

/// Ingest, run and publish. Returns the committed manifest.
pub async fn run(cfg: &Config, options: &RunOptions) -> Result<Manifest> {
    let started_at = now_rfc3339();
    // Discover queries before taking the lock or touching data: SQL problems are cheap to report.
    let (files, problems) = queries::discover(&cfg.queries_dir, Scope::Regional)?;
    if !problems.is_empty() {
        return Err(queries::problems_error(&problems));
    }
    queries::order(&files, &base_tables()).map_err(|p| queries::problems_error(&p))?;
    let publish_options = PublishOptions {
        suppression_threshold: cfg.file.publish.suppression_threshold,
        keep_runs: cfg.file.publish.keep_runs,
        fault: options.fault,
    };
    let publisher = Publisher::begin(&cfg.output, publish_options).await?;
    match run_locked(cfg, options, files, &started_at, publisher).await {
        Ok(manifest) => Ok(manifest),
        Err((e, publisher)) => {
            if let Some(p) = publisher {
                if let Err(release) = p.abort().await {
                    tracing::error!("could not release the output lock: {release}");
                }
            }
            Err(e)
        }
    }
}

type Failed = (Error, Option<Publisher>);

async fn run_locked(
    cfg: &Config,
    options: &RunOptions,
    files: Vec<queries::QueryFile>,
    started_at: &str,
    mut publisher: Publisher,
) -> std::result::Result<Manifest, Failed> {
    macro_rules! tryp {
        ($e:expr) => {
            match $e {
                Ok(v) => v,
                Err(e) => return Err((e.into(), Some(publisher))),
            }
        };
    }
    let ingest_metrics = tryp!(crate::commands::run_ingest(cfg, options.force, options.quiet).await);
    if !options.quiet {
        eprint!("{}", ingest_metrics.summary());
    }
    tryp!(ingest_metrics.check());

    let ctx = tryp!(new_session(&SessionSettings::from(cfg), &[&cfg.output]));
    let missing = tryp!(register_staged(&ctx, &cfg.output, &ingest_metrics).await);
    tryp!(register_run_tables(&ctx, cfg, &ingest_metrics).await);

    let (results, tests) = tryp!(run_queries(&ctx, &files, &options.select, &missing).await);
    let failures = failures(&results, &tests);
    if !failures.is_empty() {
        return Err((Error::DataTest(failures.join("\n")), Some(publisher)));
    }

    for r in &results {
        if let (QueryStatus::Ok, true, Some(schema)) = (&r.status, r.query.header.publish, &r.schema) {
            let table = ResultTable {
                name: r.query.name.clone(),
                schema: schema.clone(),
                batches: r.batches.clone(),
                suppression: SuppressionSpec {
                    counts: r.query.header.counts.clone(),
                    derived: r.query.header.derived.clone(),
                },
            };
            tryp!(publisher.write_table(&table).await);
        }
    }
    let manifest = Manifest {
        run_id: publisher.run_id().to_string(),
        kind: "regional".into(),
        region: cfg.region.clone(),
        status: "succeeded".into(),
        started_at: started_at.to_string(),
        finished_at: String::new(),
        talentpipe_version: env!("CARGO_PKG_VERSION").into(),
        config_digest: cfg.digest.clone(),
        selection: options.select.clone(),
        ingest: Some(ingest_metrics),
        queries: query_records(&results),
        tests: test_records(&tests),
        tables: Vec::new(),
        suppression: SuppressionRecord::new(cfg.file.publish.suppression_threshold),
        sources: Vec::new(),
        missing_regions: Vec::new(),
    };
    publisher.commit(manifest).await.map_err(|e| (e, None))
}

/// Tables every regional query may read: the extracts and the run tables.
pub fn base_tables() -> BTreeSet<String> {
    extracts::ALL
        .iter()
        .map(|s| s.kind.to_string())
        .chain(RUN_TABLES.iter().map(|s| s.to_string()))
        .collect()
}

/// Discovers nothing; runs `files` with selection against a prepared session.
pub async fn run_queries(
    ctx: &SessionContext,
    files: &[queries::QueryFile],
    select: &[String],
    missing: &BTreeMap<String, String>,
) -> Result<(Vec<QueryResult>, Vec<TestResult>)> {
    // Whatever the session has registered (extracts, run tables, or a national union) is readable.
    let mut base = base_tables();
    base.extend(
        ctx.catalog("datafusion")
            .and_then(|c| c.schema("public"))
            .map(|s| s.table_names())
            .unwrap_or_default(),
    );
    let order = queries::order(files, &base).map_err(|p| queries::problems_error(&p))?;
    let run_set: BTreeSet<String> = if select.is_empty() {
        files.iter().map(|q| q.name.clone()).collect()
    } else {
        let selected = queries::select(files, select)?;
        let mut set = selected.clone();
        for s in &selected {
            set.extend(queries::upstream(files, s));
        }
        // Data tests run when everything they read runs (dbt's `build --select` behaviour).
        for t in files.iter().filter(|q| q.header.test) {
            if t.reads
                .iter()
                .all(|r| set.contains(r) || !files.iter().any(|q| &q.name == r))
            {
                set.insert(t.name.clone());
            }
        }
        set
    };
    let (mut results, tests) = queries::run::execute(ctx, files, &order, &run_set, missing).await?;
    if !select.is_empty() {
        // Upstream queries ran so selected ones could, but only the selection is published.
        let selected = queries::select(files, select)?;
        for r in &mut results {
            if !selected.contains(&r.query.name) {
                r.query.header.publish = false;
            }
        }
    }
    Ok((results, tests))
}

/// Messages for failed queries and failing error-severity tests (warnings are logged).
pub fn failures(results: &[QueryResult], tests: &[TestResult]) -> Vec<String> {
    let mut out = Vec::new();
    for r in results {
        if let QueryStatus::Failed(p) = &r.status {
            out.push(format!("query failed: {p}"));
        }
    }
    for t in tests {
        if let Some(p) = &t.error {
            out.push(format!("test failed to run: {p}"));
        } else if !t.passed {
            let msg = format!(
                "data test {} returned {} row(s); first: {}",
                t.query.display,
                t.failing_rows,
                t.sample.join(" | ")
            );
            match t.severity {
                Severity::Error => out.push(msg),
                Severity::Warn => tracing::warn!("{msg}"),
            }
        }
    }
    out
}

pub fn query_records(results: &[QueryResult]) -> Vec<QueryRecord> {
    results
        .iter()
        .map(|r| {
            let (status, message) = match &r.status {
                QueryStatus::Ok => ("ok", None),
                QueryStatus::NotComputed(why) => ("not_computed", Some(why.clone())),
                QueryStatus::Failed(p) => ("failed", Some(p.to_string())),
            };
            QueryRecord {
                name: r.query.name.clone(),
                file: r.query.display.clone(),
                status: status.into(),
                message,
                rows: r.rows,
                elapsed_ms: r.elapsed_ms,
                published: r.query.header.publish && matches!(r.status, QueryStatus::Ok),
                title: r.query.header.title.clone(),
                grain: r.query.header.grain.clone(),
                source: r.query.header.source.clone(),
            }
        })
        .collect()
}

pub fn test_records(tests: &[TestResult]) -> Vec<TestRecord> {
    tests
        .iter()
        .map(|t| TestRecord {
            name: t.query.name.clone(),
            file: t.query.display.clone(),
            severity: match t.severity {
                Severity::Error => "error".into(),
                Severity::Warn => "warn".into(),
            },
            passed: t.passed && t.error.is_none(),
            failing_rows: t.failing_rows,
            sample: match &t.error {
                Some(p) => vec![p.to_string()],
                None => t.sample.clone(),
            },
        })
        .collect()
}

/// Registers each supplied kind's staged table (an empty table for a kind not supplied) and the
/// quarantine table; returns the not-supplied kinds (name -> reason) so queries needing them are
/// reported as not computed.
pub async fn register_staged(
    ctx: &SessionContext,
    output: &Location,
    metrics: &IngestMetrics,
) -> Result<BTreeMap<String, String>> {
    let mut missing = BTreeMap::new();
    for spec in extracts::ALL {
        let supplied = metrics
            .kind(spec.kind)
            .is_some_and(|k| k.status != KindStatus::NotSupplied);
        if !supplied {
            // An empty stand-in, so models combining several extracts still plan and run; the
            // tables that need this extract are reported as not computed.
            missing.insert(spec.kind.to_string(), "extract not supplied".to_string());
            ctx.register_table(
                spec.kind,
                Arc::new(MemTable::try_new(spec.schema(), vec![vec![]])?),
            )?;
            continue;
        }
        ctx.register_parquet(
            spec.kind,
            &output.dir_url(&ingest::staged_table_path(spec.kind)),
            ParquetReadOptions::default(),
        )
        .await?;
    }
    let quarantine_files = output.list(&ingest::quarantine_path()).await?;
    if quarantine_files.is_empty() {
        ctx.register_table(
            "quarantine",
            Arc::new(MemTable::try_new(extracts::quarantine_schema(), vec![vec![]])?),
        )?;
    } else {
        ctx.register_parquet(
            "quarantine",
            &output.dir_url(&ingest::quarantine_path()),
            ParquetReadOptions::default(),
        )
        .await?;
    }
    Ok(missing)
}

/// Registers empty tables with every kind's staged schema (for `check`: no data read).
pub fn register_empty_staged(ctx: &SessionContext) -> Result<()> {
    for spec in extracts::ALL {
        ctx.register_table(
            spec.kind,
            Arc::new(MemTable::try_new(spec.schema(), vec![vec![]])?),
        )?;
    }
    ctx.register_table(
        "quarantine",
        Arc::new(MemTable::try_new(extracts::quarantine_schema(), vec![vec![]])?),
    )?;
    Ok(())
}

/// Registers the run tables (`run_parameters`, `critical_roles`, `pay_bands`). The reporting
/// date is the configured one, else the latest ESR snapshot.
pub async fn register_run_tables(ctx: &SessionContext, cfg: &Config, metrics: &IngestMetrics) -> Result<()> {
    let reporting_date = match cfg.file.metrics.reporting_date {
        Some(d) => Some(d),
        None if metrics
            .kind("esr_workforce")
            .is_some_and(|k| k.status != KindStatus::NotSupplied) =>
        {
            let batches = ctx
                .sql("SELECT max(snapshot_date) AS d FROM esr_workforce")
                .await?
                .collect()
                .await?;
            batches
                .first()
                .and_then(|b| b.column(0).as_any().downcast_ref::<Date32Array>().cloned())
                .and_then(|a| (a.len() > 0 && a.is_valid(0)).then(|| a.value(0)))
                .and_then(ingest::values::from_date32)
        }
        None => None,
    };
    register_parameters(
        ctx,
        &cfg.region,
        reporting_date,
        cfg.file.publish.suppression_threshold,
        &cfg.file.metrics,
    )
}

/// `n` months before `date`, for the exclusive start of an n-month window ending on `date`.
/// Month-end arithmetic: from the last day of a month the result is the last day of the month n
/// months earlier (29/02/2024 - 12 months = 28/02/2023, and 28/02/2025 - 12 months = 29/02/2024,
/// so a 12-month window of month-end snapshots holds exactly 12); from any other day, the same
/// day of that month (clamped to its length).
pub fn months_before(date: NaiveDate, n: u32) -> Option<NaiveDate> {
    let back = date.checked_sub_months(chrono::Months::new(n))?;
    if date.succ_opt()?.month() != date.month() {
        // `date` is a month end: take the month end of the target month.
        let first_of_next = back.with_day(1)?.checked_add_months(chrono::Months::new(1))?;
        first_of_next.pred_opt()
    } else {
        Some(back)
    }
}

/// Registers the run tables from explicit values: `run_parameters` (one row), and the reference
/// lists `critical_roles` and `pay_bands` (from the extract contract's code lists and the
/// configuration), so SQL and the report read one list each.
pub fn register_parameters(
    ctx: &SessionContext,
    region: &str,
    reporting_date: Option<NaiveDate>,
    suppression_threshold: i64,
    metrics: &MetricsSection,
) -> Result<()> {
    // Window starts are exclusive: a window of n months ending on the reporting date holds the
    // dates d with start < d <= reporting_date. (Date arithmetic by a column of months is not
    // portable SQL, so the starts are computed here, once.)
    let window_start = |n: i64| {
        let back = months_before(reporting_date?, u32::try_from(n).ok()?)?;
        Some(ingest::values::date32(back))
    };
    let staleness_cutoff = reporting_date
        .and_then(|d| d.checked_sub_days(chrono::Days::new(metrics.snapshot_staleness_days as u64)))
        .map(ingest::values::date32);
    let schema = Arc::new(Schema::new(vec![
        Field::new("region", DataType::Utf8, false),
        Field::new("reporting_date", DataType::Date32, true),
        Field::new("reporting_year_start", DataType::Date32, true),
        Field::new("disciplinary_window_start", DataType::Date32, true),
        Field::new("disciplinary_window_months", DataType::Int64, false),
        Field::new("snapshot_staleness_days", DataType::Int64, false),
        Field::new("oldest_usable_snapshot_date", DataType::Date32, true),
        Field::new("turnover_credibility_years", DataType::Float64, false),
        Field::new("suppression_threshold", DataType::Int64, false),
    ]));
    let batch = RecordBatch::try_new(
        schema.clone(),
        vec![
            Arc::new(StringArray::from(vec![region])),
            Arc::new(Date32Array::from(vec![
                reporting_date.map(ingest::values::date32),
            ])),
            Arc::new(Date32Array::from(vec![window_start(12)])),
            Arc::new(Date32Array::from(vec![window_start(
                metrics.disciplinary_window_months,
            )])),
            Arc::new(Int64Array::from(vec![metrics.disciplinary_window_months])),
            Arc::new(Int64Array::from(vec![metrics.snapshot_staleness_days])),
            Arc::new(Date32Array::from(vec![staleness_cutoff])),
            Arc::new(Float64Array::from(vec![metrics.turnover_credibility_years])),
            Arc::new(Int64Array::from(vec![suppression_threshold])),
        ],
    )?;
    register_batch(ctx, "run_parameters", batch)?;

    let roles = &extracts::codes::CRITICAL_ROLES;
    let batch = RecordBatch::try_new(
        Arc::new(Schema::new(vec![
            Field::new("critical_role", DataType::Utf8, false),
            Field::new("label", DataType::Utf8, false),
            Field::new("role_order", DataType::Int64, false),
            Field::new("assumed_turnover_rate", DataType::Float64, true),
            Field::new("time_to_fill_benchmark_months", DataType::Int64, true),
        ])),
        vec![
            Arc::new(StringArray::from_iter_values(roles.iter().map(|r| r.code))),
            Arc::new(StringArray::from_iter_values(roles.iter().map(|r| r.label))),
            Arc::new(Int64Array::from_iter_values(1..=roles.len() as i64)),
            Arc::new(Float64Array::from_iter(
                roles
                    .iter()
                    .map(|r| metrics.assumed_turnover.get(r.code).copied()),
            )),
            Arc::new(Int64Array::from_iter(
                roles.iter().map(|r| r.time_to_fill_benchmark_months),
            )),
        ],
    )?;
    register_batch(ctx, "critical_roles", batch)?;

    let bands: Vec<&str> = extracts::codes::PAY_BAND.canonical().collect();
    let batch = RecordBatch::try_new(
        Arc::new(Schema::new(vec![
            Field::new("pay_band", DataType::Utf8, false),
            Field::new("band_order", DataType::Int64, false),
            Field::new("wdes_cluster", DataType::Utf8, false),
            Field::new("is_feeder_band", DataType::Boolean, false),
        ])),
        vec![
            Arc::new(StringArray::from_iter_values(bands.iter().copied())),
            Arc::new(Int64Array::from_iter_values(1..=bands.len() as i64)),
            Arc::new(StringArray::from_iter_values(
                bands.iter().map(|b| extracts::codes::wdes_cluster(b)),
            )),
            Arc::new(BooleanArray::from_iter(
                bands.iter().map(|b| Some(extracts::codes::is_feeder_band(b))),
            )),
        ],
    )?;
    register_batch(ctx, "pay_bands", batch)
}

fn register_batch(ctx: &SessionContext, name: &str, batch: RecordBatch) -> Result<()> {
    ctx.register_table(
        name,
        Arc::new(MemTable::try_new(batch.schema(), vec![vec![batch]])?),
    )?;
    Ok(())
}

/// `check`: plans every query against the schemas alone and reports every problem.
pub async fn check(cfg: &Config, scope: Scope) -> Result<usize> {
    let (files, mut problems) = queries::discover(&cfg.queries_dir, scope)?;
    let ctx = new_session(&SessionSettings::from(cfg), &[])?;
    register_empty_staged(&ctx)?;
    register_parameters(
        &ctx,
        &cfg.region,
        None,
        cfg.file.publish.suppression_threshold,
        &cfg.file.metrics,
    )?;
    let mut base = base_tables();
    if scope == Scope::National {
        // National queries read `regional_<table>`: plan the regional queries and register each
        // published one's schema under that name (what `aggregate` registers with data).
        let (regional, regional_problems) = queries::discover(&cfg.queries_dir, Scope::Regional)?;
        problems.extend(regional_problems);
        let order = queries::order(&regional, &base).map_err(|p| queries::problems_error(&p))?;
        problems.extend(queries::run::check(&ctx, &regional, &order).await);
        for q in regional.iter().filter(|q| q.header.publish && !q.header.test) {
            if let Ok(table) = ctx.table_provider(q.name.as_str()).await {
                let name = format!("regional_{}", q.name);
                ctx.register_table(name.as_str(), table)?;
                base.insert(name);
            }
        }
        for q in &regional {
            ctx.deregister_table(q.name.as_str())?;
        }
    }
    match queries::order(&files, &base) {
        Ok(order) => problems.extend(queries::run::check(&ctx, &files, &order).await),
        Err(p) => problems.extend(p),
    }
    if problems.is_empty() {
        Ok(files.len())
    } else {
        Err(queries::problems_error(&problems))
    }
}

pub fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

#[cfg(test)]
mod tests {
    use super::months_before;
    use chrono::NaiveDate;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    #[test]
    fn windows_use_month_end_arithmetic() {
        // 28/02/2025 is a month end: 12 months back is the month end 29/02/2024, so the window
        // (29/02/2024, 28/02/2025] holds the 12 month-end snapshots 31/03/2024 .. 28/02/2025
        // (plain calendar arithmetic gives 28/02/2024 and a 13th snapshot, 29/02/2024).
        assert_eq!(months_before(d(2025, 2, 28), 12), Some(d(2024, 2, 29)));
        assert_eq!(months_before(d(2024, 2, 29), 12), Some(d(2023, 2, 28)));
        assert_eq!(months_before(d(2025, 9, 30), 1), Some(d(2025, 8, 31)));
        assert_eq!(months_before(d(2026, 10, 31), 24), Some(d(2024, 10, 31)));
        // Not a month end: the same day, clamped to the month's length.
        assert_eq!(months_before(d(2026, 3, 15), 12), Some(d(2025, 3, 15)));
        assert_eq!(months_before(d(2025, 3, 30), 1), Some(d(2025, 2, 28)));
    }
}
