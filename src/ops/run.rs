//! The `run` operation, the nightly job as one call: lock the output root, ingest, register the
//! staged tables and the run tables, run the queries, publish the result tables and commit the
//! manifest. Any failure before the commit leaves the previous run as the latest; the scheduler
//! gets the error's exit code. Returns the committed manifest (its `ingest`, `queries`, `tests`
//! and `tables` are the run's metrics).

use std::collections::BTreeMap;
use std::sync::Arc;

use arrow::array::{Array, AsArray, Date32Array};
use datafusion::datasource::MemTable;
use datafusion::prelude::{ParquetReadOptions, SessionContext};

use super::{base_tables, failures, now_rfc3339, run_queries};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::extracts;
use crate::ingest::{self, IngestMetrics, KindStatus};
use crate::progress::{Progress, Silent};
use crate::publish::{FaultPoint, Manifest, PublishOptions, Publisher, RunKind};
use crate::queries::run_tables::RunTables;
use crate::queries::{self, Scope};
use crate::session::{SessionSettings, new_session};
use crate::storage::Location;

/// Options of one `run`.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// dbt-style selection words; empty = every query.
    pub select: Vec<String>,
    /// Re-ingest even when inputs are unchanged.
    pub force: bool,
    /// Where progress goes (the binary's terminal display); none: silent.
    pub progress: Option<std::sync::Arc<dyn Progress>>,
    /// Test-only fault injection in publishing.
    pub fault: Option<FaultPoint>,
}

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
    let progress: &dyn Progress = options.progress.as_deref().unwrap_or(&Silent);
    let ingest_metrics = tryp!(super::ingest::ingest(cfg, options.force, progress).await);
    progress.ingested(&ingest_metrics.summary());
    tryp!(ingest_metrics.check());

    let ctx = tryp!(new_session(&SessionSettings::from(cfg), &[&cfg.output]));
    let missing = tryp!(register_staged(&ctx, &cfg.output, &ingest_metrics).await);
    let run_tables = tryp!(register_run_tables(&ctx, cfg, &ingest_metrics).await);

    let (results, tests) = tryp!(run_queries(&ctx, &files, &options.select, &missing, progress).await);
    let failures = failures(&results, &tests);
    if !failures.is_empty() {
        return Err((Error::DataTest(failures.join("\n")), Some(publisher)));
    }

    tryp!(publisher.write_results(&results).await);
    let region = run_tables.run_parameters.region.clone();
    let manifest = Manifest {
        config_digest: cfg.digest.clone(),
        selection: options.select.clone(),
        ingest: Some(ingest_metrics),
        run_tables: Some(run_tables),
        ..Manifest::new(
            RunKind::Regional,
            region,
            started_at.to_string(),
            &results,
            &tests,
            cfg.file.publish.suppression_threshold,
        )
    };
    publisher.commit(manifest).await.map_err(|e| (e, None))
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

/// Registers the run tables (`run_parameters`, `critical_roles`, `pay_bands`) and returns them
/// for the manifest. The reporting date is the configured one, else the latest ESR snapshot; the
/// region is resolved against the ESR rows' region codes ([`resolve_region`]).
pub async fn register_run_tables(
    ctx: &SessionContext,
    cfg: &Config,
    metrics: &IngestMetrics,
) -> Result<RunTables> {
    // A failure of these small queries is not in anyone's SQL: name the step.
    let sql = |statement: &'static str| async move {
        let collected = match ctx.sql(statement).await {
            Ok(df) => df.collect().await,
            Err(e) => Err(e),
        };
        collected.map_err(|e| {
            if crate::queries::run::is_resource_failure(&e) {
                crate::queries::run::resource_error(ctx, "the run's parameters (reporting date, region)", &e)
            } else {
                e.into()
            }
        })
    };
    let esr_supplied = metrics
        .kind("esr_workforce")
        .is_some_and(|k| k.status != KindStatus::NotSupplied);
    let reporting_date = match cfg.file.metrics.reporting_date {
        Some(d) => Some(d),
        None if esr_supplied => {
            let batches = sql("SELECT max(snapshot_date) AS d FROM esr_workforce").await?;
            batches
                .first()
                .and_then(|b| b.column(0).as_any().downcast_ref::<Date32Array>().cloned())
                .and_then(|a| (!a.is_empty() && a.is_valid(0)).then(|| a.value(0)))
                .and_then(ingest::values::from_date32)
        }
        None => None,
    };
    let mut codes = Vec::new();
    if esr_supplied {
        let batches =
            sql("SELECT DISTINCT CAST(region_code AS VARCHAR) AS r FROM esr_workforce ORDER BY r").await?;
        for b in &batches {
            let column = arrow::compute::cast(b.column(0), &arrow::datatypes::DataType::Utf8)?;
            let column = column.as_string::<i32>();
            codes.extend(column.iter().flatten().map(str::to_string));
        }
    }
    let region = resolve_region(cfg, &codes)?;
    let tables = RunTables::new(
        &region,
        reporting_date,
        cfg.file.publish.suppression_threshold,
        &cfg.file.metrics,
    );
    tables.register(ctx)?;
    Ok(tables)
}

/// The region the run reports for, given the distinct region codes of the ESR rows (sorted).
/// Configured (`--region`, `TALENTPIPE_REGION`, the file): used as it is, but an NHS England
/// region code that no ESR row carries (the data of another region) is a configuration error
/// (exit 2) naming the codes found, and one the rows carry beside other region codes is used with
/// a warning naming them (an organisation that changed region keeps its older snapshots' code);
/// an LDP label is not checked. Not configured: the data's one
/// region code, or the codes joined by '-' for a run over several regions, or `unspecified`
/// without ESR rows.
pub fn resolve_region(cfg: &Config, esr_region_codes: &[String]) -> Result<String> {
    if cfg.region_from_data {
        return Ok(if esr_region_codes.is_empty() {
            cfg.region.clone()
        } else {
            esr_region_codes.join("-")
        });
    }
    let is_nhs_region = extracts::codes::REGION.normalise(&cfg.region).is_some();
    let in_data = esr_region_codes
        .iter()
        .any(|c| c.eq_ignore_ascii_case(&cfg.region));
    if is_nhs_region && !esr_region_codes.is_empty() && !in_data {
        return Err(Error::Config {
            path: cfg
                .source
                .as_ref()
                .map_or("--region / TALENTPIPE_REGION".into(), |p| p.display().to_string()),
            message: format!(
                "region '{}' contradicts the data: the ESR rows carry region code(s) {}; set the region to the data's code (--region, TALENTPIPE_REGION or `region` in the config), or leave it unset to take it from the data",
                cfg.region,
                esr_region_codes.join(", ")
            ),
        });
    }
    let others: Vec<&str> = esr_region_codes
        .iter()
        .filter(|c| !c.eq_ignore_ascii_case(&cfg.region))
        .map(String::as_str)
        .collect();
    if is_nhs_region && !others.is_empty() {
        tracing::warn!(
            "region '{}': the ESR rows also carry region code(s) {}; the run's outputs are labelled '{}' (check the input root holds one region's extracts)",
            cfg.region,
            others.join(", "),
            cfg.region
        );
    }
    Ok(cfg.region.clone())
}
