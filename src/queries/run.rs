//! Executes ordered queries in one DataFusion session: each output is registered under its
//! name so later queries read it. Published and test queries are collected (their results are
//! small aggregates). A helper model (`publish: false`) read by one query stays a view, computed
//! where it is read; one read by several (the staging models: staff in post, every snapshot's
//! substantive assignments) is materialised once, as a Parquet file in a temporary folder
//! (`TMPDIR`, removed when the run's queries are done), so its readers neither recompute it nor
//! hold it in memory (what dbt calls a table materialisation).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use arrow::array::RecordBatch;
use arrow::compute::{SortColumn, concat_batches, lexsort_to_indices, take_record_batch};
use arrow::datatypes::{DataType, SchemaRef};
use datafusion::dataframe::DataFrameWriteOptions;
use datafusion::datasource::MemTable;
use datafusion::error::DataFusionError;
use datafusion::execution::context::SQLOptions;
use datafusion::execution::memory_pool::MemoryLimit;
use datafusion::prelude::{DataFrame, ParquetReadOptions, SessionContext};
use futures::{FutureExt, StreamExt};

use super::{Problem, QueryFile, Severity, locate, reuse, strip_df_prefix};
use crate::error::Result;
use crate::progress::{Progress, QueryDone};

/// Column names that identify individuals: a published table must not carry them.
pub const IDENTIFIER_COLUMNS: &[&str] = &[
    "person_id",
    "assignment_id",
    "respondent_id",
    "applicant_id",
    "member_id",
    "case_reference",
];

/// Benchmarks only: `TALENTPIPE_PROFILE=<folder>` runs the queries one at a time and first runs
/// each under `EXPLAIN ANALYZE`, writing `<folder>/<query>.txt` (wall time and the physical plan
/// with each operator's rows, time and memory): where a run's time goes, query by query. Shared
/// CTEs are computed once first, as in a run (see `reuse`).
pub const PROFILE_ENV: &str = "TALENTPIPE_PROFILE";

/// What happened to one query.
#[derive(Debug, Clone, PartialEq)]
pub enum QueryStatus {
    Ok,
    /// An extract it needs was not supplied (or a query it reads was not computed).
    NotComputed(String),
    Failed(Problem),
}

/// One query's result.
#[derive(Debug, Clone)]
pub struct QueryResult {
    pub query: QueryFile,
    pub status: QueryStatus,
    pub schema: Option<SchemaRef>,
    /// Collected rows (published queries only), sorted by every column for stable bytes.
    pub batches: Vec<RecordBatch>,
    pub rows: u64,
    pub elapsed_ms: u64,
}

/// One data test's result.
#[derive(Debug, Clone)]
pub struct TestResult {
    pub query: QueryFile,
    pub severity: Severity,
    pub passed: bool,
    pub failing_rows: u64,
    /// Up to five failing rows, as text.
    pub sample: Vec<String>,
    pub error: Option<Problem>,
}

/// The read-only SQL options: no DDL, no DML, no SET.
pub fn read_only() -> SQLOptions {
    SQLOptions::new()
        .with_allow_ddl(false)
        .with_allow_dml(false)
        .with_allow_statements(false)
}

/// Runs the queries named in `run_set`, in `order`. `missing` holds tables that are absent
/// this run (extracts not supplied), with the reason: a query that needs one (Header::needs) is
/// reported as not computed. An absent table registered with its columns (an empty stand-in)
/// is still read by the queries that do not need it; one registered without columns is not
/// read at all.
pub async fn execute(
    ctx: &SessionContext,
    queries: &[QueryFile],
    order: &[usize],
    run_set: &BTreeSet<String>,
    missing: &BTreeMap<String, String>,
    progress: &dyn Progress,
) -> Result<(Vec<QueryResult>, Vec<TestResult>)> {
    let mut missing = missing.clone();
    let mut results = Vec::new();
    let mut tests = Vec::new();
    // Helper models read twice or more by the queries that run (by two queries, or twice by
    // one) are materialised (see `reuse`).
    let mut readers: BTreeMap<String, usize> = BTreeMap::new();
    for q in queries.iter().filter(|q| run_set.contains(&q.name)) {
        for (t, n) in reuse::reference_counts(&q.sql) {
            if q.reads.contains(&t) {
                *readers.entry(t).or_default() += n;
            }
        }
    }
    let shared = |q: &QueryFile| {
        !q.header.publish && !q.header.test && readers.get(q.name.as_str()).is_some_and(|&n| n > 1)
    };
    let materialised = if queries.iter().any(|q| run_set.contains(&q.name) && shared(q)) {
        // Removed on drop, and by the next run if this one is killed (see `crate::scratch`).
        Some(crate::scratch::ScratchDir::new("models")?)
    } else {
        None
    };
    let profile = std::env::var_os(PROFILE_ENV).map(std::path::PathBuf::from);
    // Topological levels: queries in one level are independent and may run concurrently
    // (`runtime.concurrent_queries` at a time).
    let mut level_of: BTreeMap<&str, usize> = BTreeMap::new();
    let mut levels: Vec<Vec<usize>> = Vec::new();
    for &i in order {
        let q = &queries[i];
        let level = q
            .reads
            .iter()
            .filter_map(|t| level_of.get(t.as_str()))
            .map(|l| l + 1)
            .max()
            .unwrap_or(0);
        level_of.insert(&q.name, level);
        if levels.len() <= level {
            levels.resize(level + 1, Vec::new());
        }
        levels[level].push(i);
    }
    // What each query needs (Header::needs): declared, else inherited from what it reads.
    let mut needs: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for &i in order {
        let q = &queries[i];
        let set = match &q.header.needs {
            Some(declared) => declared.iter().cloned().collect(),
            None => q
                .reads
                .iter()
                .flat_map(|t| match needs.get(t.as_str()) {
                    Some(inherited) => inherited.clone(),
                    None => BTreeSet::from([t.clone()]),
                })
                .collect(),
        };
        needs.insert(&q.name, set);
    }
    for level in levels {
        let mut runnable = Vec::new();
        for i in level {
            let q = &queries[i];
            if !run_set.contains(&q.name) {
                continue;
            }
            // A table it reads that cannot be planned (a failed query, or an absent table
            // registered without columns): not run at all.
            let mut unreadable = None;
            for t in &q.reads {
                if let Some(why) = missing.get(t)
                    && !has_columns(ctx, t).await
                {
                    unreadable = Some(format!("needs '{t}': {why}"));
                    break;
                }
            }
            if let Some(reason) = unreadable {
                missing.insert(q.name.clone(), format!("not computed ({reason})"));
                push_not_computed(q, reason, &mut results, &mut tests);
                report_done(progress, q, None, 0);
                continue;
            }
            runnable.push(q);
        }
        // Run over the empty stand-in of an absent extract it needs (see below): not computed.
        let unmet = |q: &QueryFile| needs[q.name.as_str()].iter().any(|t| missing.contains_key(t));
        let outcomes = match &profile {
            None => {
                let concurrency = crate::session::concurrent_queries(ctx);
                let futures: Vec<_> = runnable
                    .iter()
                    .map(|q| {
                        let folder = materialised.as_ref().filter(|_| shared(q)).map(|d| d.path());
                        run_reported(ctx, q, folder, progress, unmet(q)).boxed()
                    })
                    .collect();
                futures::stream::iter(futures)
                    .buffered(concurrency)
                    .collect::<Vec<_>>()
                    .await
            }
            Some(dir) => {
                let mut outcomes = Vec::new();
                for q in &runnable {
                    write_profile(ctx, q, dir).await;
                    let folder = materialised.as_ref().filter(|_| shared(q)).map(|d| d.path());
                    outcomes.push(run_reported(ctx, q, folder, progress, unmet(q)).await);
                }
                outcomes
            }
        };
        for (q, outcome) in runnable.into_iter().zip(outcomes) {
            // Run over the empty stand-in of an absent extract it needs: registered (so models
            // reading it still plan) but reported as not computed, never as zeros.
            let unmet = needs[q.name.as_str()]
                .iter()
                .find_map(|t| missing.get(t).map(|why| format!("needs '{t}': {why}")));
            if let Outcome::Abort(e) = outcome {
                return Err(e);
            }
            if let Some(reason) = unmet {
                missing.insert(q.name.clone(), format!("not computed ({reason})"));
                push_not_computed(q, reason, &mut results, &mut tests);
                continue;
            }
            match &outcome {
                Outcome::Table(r) => {
                    tracing::info!(query = %q.display, rows = r.rows, elapsed_ms = r.elapsed_ms, status = ?r.status, "query")
                }
                Outcome::Test(t) => {
                    tracing::info!(test = %q.display, passed = t.passed, failing_rows = t.failing_rows, "data test")
                }
                Outcome::Abort(_) => {}
            }
            match outcome {
                Outcome::Abort(_) => {}
                Outcome::Test(t) => tests.push(t),
                Outcome::Table(r) => {
                    if !matches!(r.status, QueryStatus::Ok) {
                        missing.insert(q.name.clone(), "failed".into());
                    }
                    results.push(r);
                }
            }
        }
    }
    crate::crash::point("query.done");
    Ok((results, tests))
}

/// Whether `table` is registered with at least one column (so a query reading it can be planned).
async fn has_columns(ctx: &SessionContext, table: &str) -> bool {
    ctx.table_provider(table)
        .await
        .is_ok_and(|t| !t.schema().fields().is_empty())
}

/// Records `q` as not computed: a table with that status, a test as skipped (passed).
fn push_not_computed(
    q: &QueryFile,
    reason: String,
    results: &mut Vec<QueryResult>,
    tests: &mut Vec<TestResult>,
) {
    if q.header.test {
        tests.push(TestResult {
            query: q.clone(),
            severity: q.header.severity,
            passed: true,
            failing_rows: 0,
            sample: vec![format!("skipped: {reason}")],
            error: None,
        });
    } else {
        results.push(QueryResult {
            query: q.clone(),
            status: QueryStatus::NotComputed(reason),
            schema: None,
            batches: Vec::new(),
            rows: 0,
            elapsed_ms: 0,
        });
    }
}

/// [`run_one`], telling `progress` when the query starts and finishes (`not_computed`: it is
/// reported as not computed whatever it returned).
async fn run_reported(
    ctx: &SessionContext,
    q: &QueryFile,
    materialise_in: Option<&Path>,
    progress: &dyn Progress,
    not_computed: bool,
) -> Outcome {
    progress.query_started(&q.display);
    let started = Instant::now();
    let outcome = run_one(ctx, q, materialise_in).await;
    let elapsed_ms = started.elapsed().as_millis() as u64;
    match not_computed {
        true => report_done(progress, q, None, 0),
        false => report_done(progress, q, Some(&outcome), elapsed_ms),
    }
    outcome
}

/// Tells `progress` that `q` finished with `outcome` (`None`: not computed) after `elapsed_ms`
/// (a table's own timing, as the manifest records it, when it has one).
fn report_done(progress: &dyn Progress, q: &QueryFile, outcome: Option<&Outcome>, elapsed_ms: u64) {
    let elapsed_ms = match outcome {
        Some(Outcome::Table(r)) => r.elapsed_ms,
        _ => elapsed_ms,
    };
    let (status, rows) = match outcome {
        None if q.header.test => ("skipped", 0),
        None => ("not_computed", 0),
        Some(Outcome::Table(r)) => match r.status {
            QueryStatus::Ok => ("ok", r.rows),
            QueryStatus::NotComputed(_) => ("not_computed", 0),
            QueryStatus::Failed(_) => ("failed", 0),
        },
        Some(Outcome::Test(t)) if t.passed => ("passed", 0),
        Some(Outcome::Test(t)) if t.error.is_none() && t.severity == Severity::Warn => {
            ("warned", t.failing_rows)
        }
        Some(Outcome::Test(t)) => ("failed", t.failing_rows),
        Some(Outcome::Abort(_)) => ("failed", 0),
    };
    progress.query_done(&QueryDone {
        name: &q.name,
        file: &q.display,
        status,
        rows,
        elapsed_ms,
    });
}

enum Outcome {
    Table(QueryResult),
    Test(TestResult),
    /// The query could not run for a reason outside its SQL (disk full, a file too large, an
    /// object-store or memory failure): the whole run stops with an I/O error (exit 3).
    Abort(crate::error::Error),
}

/// Runs one query. A helper model is registered as a view, or, given `materialise_in`, written
/// there as Parquet and registered as that file.
async fn run_one(ctx: &SessionContext, q: &QueryFile, materialise_in: Option<&Path>) -> Outcome {
    crate::crash::point("query.start");
    let started = Instant::now();
    let failed = |p: Problem| QueryResult {
        query: q.clone(),
        status: QueryStatus::Failed(p),
        schema: None,
        batches: Vec::new(),
        rows: 0,
        elapsed_ms: started.elapsed().as_millis() as u64,
    };
    let planned = match ctx.sql_with_options(&q.sql, read_only()).await {
        Ok(df) => with_shared_ctes(ctx, q, df).await,
        Err(e) => Err(e),
    };
    let (df, mut cte_tables) = match planned {
        Ok(planned) => planned,
        Err(e) if is_resource_failure(&e) => return abort(ctx, q, e),
        Err(e) => {
            let p = problem_from(q, &e);
            return if q.header.test {
                Outcome::Test(TestResult {
                    query: q.clone(),
                    severity: Severity::Error,
                    passed: false,
                    failing_rows: 0,
                    sample: vec![],
                    error: Some(p),
                })
            } else {
                Outcome::Table(failed(p))
            };
        }
    };
    if q.header.test {
        let batches = match df.collect().await {
            Ok(b) => b,
            Err(e) if is_resource_failure(&e) => return abort(ctx, q, e),
            Err(e) => {
                return Outcome::Test(TestResult {
                    query: q.clone(),
                    severity: Severity::Error,
                    passed: false,
                    failing_rows: 0,
                    sample: vec![],
                    error: Some(problem_from(q, &e)),
                });
            }
        };
        let rows: u64 = batches.iter().map(|b| b.num_rows() as u64).sum();
        return Outcome::Test(TestResult {
            query: q.clone(),
            severity: q.header.severity,
            passed: rows == 0,
            failing_rows: rows,
            sample: sample_rows(&batches, 5),
            error: None,
        });
    }
    if !q.header.publish {
        let schema: SchemaRef = Arc::new(df.schema().as_arrow().clone());
        let registered = match materialise_in {
            None => {
                // The view reads the CTE tables whenever it is read.
                cte_tables.keep();
                ctx.register_table(q.name.as_str(), df.into_view()).map(|_| ())
            }
            Some(folder) => materialise(ctx, &q.name, df, folder).await,
        };
        match registered {
            Err(e) if is_resource_failure(&e) => return abort(ctx, q, e),
            Err(e) => return Outcome::Table(failed(problem_from(q, &e))),
            Ok(()) => {}
        }
        return Outcome::Table(QueryResult {
            query: q.clone(),
            status: QueryStatus::Ok,
            schema: Some(schema),
            batches: Vec::new(),
            rows: 0,
            elapsed_ms: started.elapsed().as_millis() as u64,
        });
    }
    // The physical plan's schema is the one the batches have (after type coercion); the
    // logical schema can differ (Int64 vs Float64 in a CASE, Utf8 vs Utf8View in a UNION).
    let plan = match df.create_physical_plan().await {
        Ok(p) => p,
        Err(e) => return Outcome::Table(failed(problem_from(q, &e))),
    };
    let schema: SchemaRef = plan.schema();
    if let Some(id) = schema
        .fields()
        .iter()
        .find(|f| IDENTIFIER_COLUMNS.contains(&f.name().as_str()))
    {
        return Outcome::Table(failed(Problem {
            file: q.display.clone(),
            line: None,
            column: None,
            message: format!(
                "published table has the row-level identifier column '{}': aggregate it, or mark the query '-- publish: false'",
                id.name()
            ),
        }));
    }
    let batches = match datafusion::physical_plan::collect(plan, ctx.task_ctx()).await {
        Ok(b) => b,
        Err(e) if is_resource_failure(&e) => return abort(ctx, q, e),
        Err(e) => return Outcome::Table(failed(problem_from(q, &e))),
    };
    let batches = match sort_all_columns(&schema, &batches) {
        Ok(b) => b,
        Err(e) => {
            return Outcome::Table(failed(Problem {
                file: q.display.clone(),
                line: None,
                column: None,
                message: e.to_string(),
            }));
        }
    };
    let rows = batches.iter().map(|b| b.num_rows() as u64).sum();
    let registered = MemTable::try_new(schema.clone(), vec![batches.clone()])
        .map_err(DataFusionError::from)
        .and_then(|t| ctx.register_table(q.name.as_str(), Arc::new(t)));
    if let Err(e) = registered {
        return Outcome::Table(failed(problem_from(q, &e)));
    }
    Outcome::Table(QueryResult {
        query: q.clone(),
        status: QueryStatus::Ok,
        schema: Some(schema),
        batches,
        rows,
        elapsed_ms: started.elapsed().as_millis() as u64,
    })
}

/// Tables registered for the shared CTEs of one query (see `reuse`), deregistered on drop.
struct CteTables {
    ctx: SessionContext,
    names: Vec<String>,
}

impl CteTables {
    /// Leaves the tables registered for the rest of the run (a view reads them).
    fn keep(&mut self) {
        self.names.clear();
    }
}

impl Drop for CteTables {
    fn drop(&mut self) {
        for name in &self.names {
            let _ = self.ctx.deregister_table(name.as_str());
        }
    }
}

/// Computes the shared CTEs of `q` once, in memory (see `reuse`), and plans `q` over their
/// results. `planned` (the query as written) is kept when nothing is lifted, or when a rewritten
/// statement does not plan (the rewrite is an optimisation: it must never fail a query).
async fn with_shared_ctes(
    ctx: &SessionContext,
    q: &QueryFile,
    planned: DataFrame,
) -> datafusion::error::Result<(DataFrame, CteTables)> {
    let mut tables = CteTables {
        ctx: ctx.clone(),
        names: Vec::new(),
    };
    let prefix = format!("__{}__cte__", q.name);
    let is_aggregate = |name: &str| datafusion::execution::FunctionRegistry::udaf(ctx, name).is_ok();
    let Some(lifted) = reuse::lift_shared_ctes(&q.sql, &prefix, &is_aggregate) else {
        return Ok((planned, tables));
    };
    for (name, sql) in &lifted.tables {
        let df = match ctx.sql_with_options(sql, read_only()).await {
            Ok(df) => df,
            Err(e) => {
                tracing::debug!(query = %q.display, error = %e, "shared CTE not lifted");
                return Ok((planned, tables));
            }
        };
        // The physical types with the logical plan's nullability: what the query would have
        // seen inline, so the published schema (a Parquet column's REQUIRED or OPTIONAL) stays
        // the same.
        let nullable: Vec<bool> = df.schema().fields().iter().map(|f| f.is_nullable()).collect();
        let plan = df.create_physical_plan().await?;
        let physical = plan.schema();
        let fields = physical.fields().iter().zip(&nullable);
        let schema: SchemaRef = Arc::new(arrow::datatypes::Schema::new(
            fields
                .map(|(f, &n)| f.as_ref().clone().with_nullable(n))
                .collect::<Vec<_>>(),
        ));
        let batches = datafusion::physical_plan::collect(plan, ctx.task_ctx())
            .await?
            .into_iter()
            .map(|b| RecordBatch::try_new(schema.clone(), b.columns().to_vec()))
            .collect::<std::result::Result<Vec<_>, _>>()?;
        ctx.register_table(name.as_str(), Arc::new(MemTable::try_new(schema, vec![batches])?))?;
        tables.names.push(name.clone());
    }
    match ctx.sql_with_options(&lifted.sql, read_only()).await {
        Ok(rewritten) => {
            tracing::debug!(query = %q.display, ctes = ?tables.names, "shared CTEs computed once");
            Ok((rewritten, tables))
        }
        Err(e) => {
            tracing::debug!(query = %q.display, error = %e, "shared CTEs not lifted");
            Ok((planned, tables))
        }
    }
}

/// The compression of materialised helper models' scratch files (see [`materialise`]).
const HELPER_COMPRESSION: &str = "uncompressed";

/// Runs `q` under `EXPLAIN ANALYZE` as the run runs it (its shared CTEs computed once first,
/// see `reuse`) and writes its plan with metrics to `<dir>/<name>.txt`, headed by the wall time
/// (the shared CTEs included). Profiling is best effort: a failure is written to the file instead.
async fn write_profile(ctx: &SessionContext, q: &QueryFile, dir: &Path) {
    let started = Instant::now();
    let text = profile_text(ctx, q).await.unwrap_or_else(|e| e.to_string());
    let text = format!("{}: {} ms\n{text}\n", q.display, started.elapsed().as_millis());
    let written =
        std::fs::create_dir_all(dir).and_then(|()| std::fs::write(dir.join(format!("{}.txt", q.name)), text));
    if let Err(e) = written {
        tracing::warn!(error = %e, "could not write the query profile");
    }
}

async fn profile_text(ctx: &SessionContext, q: &QueryFile) -> datafusion::error::Result<String> {
    let df = ctx.sql_with_options(&q.sql, read_only()).await?;
    let (df, tables) = with_shared_ctes(ctx, q, df).await?;
    let batches = df.explain(false, true)?.collect().await?;
    let mut text = String::new();
    if !tables.names.is_empty() {
        text = format!(
            "shared CTEs computed once, in memory, before this plan: {}\n",
            tables.names.join(", ")
        );
    }
    text += &arrow::util::pretty::pretty_format_batches(&batches)?.to_string();
    Ok(text)
}

/// Writes a helper model's rows to `<folder>/<name>.parquet` and registers that file under the
/// model's name. The file is uncompressed: it lives for one run in the scratch folder, and
/// compressing it was CPU on the critical path. Over 13 national months (18 M substantive
/// assignments) DataFusion's default zstd(3) cost 17 s of CPU and 5-7 s of wall time: interleaved
/// warm runs 65 and 71 s uncompressed against 72 and 78 s (dictionary and run-length encodings
/// still apply, so the repeated codes stay small).
async fn materialise(
    ctx: &SessionContext,
    name: &str,
    df: DataFrame,
    folder: &Path,
) -> datafusion::error::Result<()> {
    let path = folder.join(format!("{name}.parquet"));
    let path = path.to_string_lossy();
    let mut options = ctx.state().default_table_options().parquet;
    options.global.compression = Some(HELPER_COMPRESSION.to_string());
    df.write_parquet(
        &path,
        DataFrameWriteOptions::new().with_single_file_output(true),
        Some(options),
    )
    .await?;
    crate::crash::point("query.materialised");
    ctx.register_parquet(name, path.as_ref(), ParquetReadOptions::default())
        .await
}

/// Whether an execution error comes from outside the SQL: an I/O error anywhere in its chain
/// (no space left on the device, a file too large, a read-only folder), an object-store error,
/// or memory the pool could not grant.
pub fn is_resource_failure(e: &DataFusionError) -> bool {
    let root = e.find_root();
    if matches!(
        root,
        DataFusionError::IoError(_)
            | DataFusionError::ObjectStore(_)
            | DataFusionError::ResourcesExhausted(_)
    ) {
        return true;
    }
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(root);
    while let Some(err) = source {
        if err.is::<std::io::Error>() || err.is::<object_store::Error>() {
            return true;
        }
        source = err.source();
    }
    false
}

fn abort(ctx: &SessionContext, q: &QueryFile, e: DataFusionError) -> Outcome {
    Outcome::Abort(resource_error(ctx, &format!("query {}", q.display), &e))
}

/// The run-stopping error for a failure outside the SQL while computing `what` (a query file,
/// or another step that runs SQL); a memory failure names the pool's size and the setting.
pub fn resource_error(ctx: &SessionContext, what: &str, e: &DataFusionError) -> crate::error::Error {
    let mut message = strip_df_prefix(&e.to_string());
    if matches!(e.find_root(), DataFusionError::ResourcesExhausted(_)) {
        let limit = match ctx.runtime_env().memory_pool.memory_limit() {
            MemoryLimit::Finite(bytes) => {
                datafusion::common::display::human_readable::human_readable_size(bytes)
            }
            _ => "unlimited".into(),
        };
        message = format!(
            "{message}\nThe memory pool is {limit} (runtime.memory_limit; by default a share of \
             the machine's memory): raise it, or run on a machine with more memory."
        );
    }
    crate::error::Error::QueryResources {
        file: what.to_string(),
        message,
    }
}

/// A planning or execution error as a problem with the SQL position when DataFusion knows it.
pub fn problem_from(q: &QueryFile, e: &DataFusionError) -> Problem {
    let message = strip_df_prefix(&e.to_string());
    let mut line = None;
    let mut column = None;
    if let Some(span) = e.diagnostic().and_then(|d| d.span) {
        if span.start.line > 0 {
            line = Some(span.start.line);
            column = Some(span.start.column);
        }
    }
    if line.is_none() {
        // "No field named foo" without a span: point at the first use of the name.
        if let Some(name) = message.split("No field named ").nth(1) {
            let name = name
                .split(['.', ' '])
                .next()
                .unwrap_or("")
                .trim_matches(['"', '\'']);
            if let Some((l, c)) = locate(&q.sql, name) {
                line = Some(l);
                column = Some(c);
            }
        }
    }
    Problem {
        file: q.display.clone(),
        line,
        column,
        message,
    }
}

/// Sorts rows by every sortable column so a table's bytes do not depend on partitioning.
fn sort_all_columns(schema: &SchemaRef, batches: &[RecordBatch]) -> Result<Vec<RecordBatch>> {
    if batches.is_empty() {
        return Ok(Vec::new());
    }
    let all = concat_batches(schema, batches)?;
    if all.num_rows() <= 1 {
        return Ok(vec![all]);
    }
    let columns: Vec<SortColumn> = all
        .columns()
        .iter()
        .filter(|c| {
            matches!(
                c.data_type(),
                DataType::Utf8
                    | DataType::LargeUtf8
                    | DataType::Utf8View
                    | DataType::Boolean
                    | DataType::Date32
            ) || c.data_type().is_numeric()
        })
        .map(|c| SortColumn {
            values: c.clone(),
            options: None,
        })
        .collect();
    if columns.is_empty() {
        return Ok(vec![all]);
    }
    let indices = lexsort_to_indices(&columns, None)?;
    Ok(vec![take_record_batch(&all, &indices)?])
}

fn sample_rows(batches: &[RecordBatch], n: usize) -> Vec<String> {
    let mut out = Vec::new();
    for b in batches {
        let Ok(formatters) = b
            .columns()
            .iter()
            .map(|c| arrow::util::display::ArrayFormatter::try_new(c.as_ref(), &Default::default()))
            .collect::<std::result::Result<Vec<_>, _>>()
        else {
            continue;
        };
        for row in 0..b.num_rows() {
            if out.len() >= n {
                return out;
            }
            let cells: Vec<String> = b
                .schema()
                .fields()
                .iter()
                .zip(&formatters)
                .map(|(f, fmt)| format!("{}={}", f.name(), fmt.value(row)))
                .collect();
            out.push(cells.join(", "));
        }
    }
    out
}

/// Plans every query against schemas alone (no data read); returns every problem found.
/// `ctx` must have every base table registered (empty tables with the staged schemas).
pub async fn check(ctx: &SessionContext, queries: &[QueryFile], order: &[usize]) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut broken: BTreeSet<String> = BTreeSet::new();
    for &i in order {
        let q = &queries[i];
        if q.reads.iter().any(|t| broken.contains(t)) {
            broken.insert(q.name.clone());
            continue;
        }
        match ctx.sql_with_options(&q.sql, read_only()).await {
            Ok(df) => {
                let schema = df.schema().as_arrow().clone();
                if q.header.publish && !q.header.test {
                    if let Some(id) = schema
                        .fields()
                        .iter()
                        .find(|f| IDENTIFIER_COLUMNS.contains(&f.name().as_str()))
                    {
                        problems.push(Problem {
                            file: q.display.clone(),
                            line: None,
                            column: None,
                            message: format!(
                                "published table has the row-level identifier column '{}'",
                                id.name()
                            ),
                        });
                    }
                    for c in q
                        .header
                        .counts
                        .iter()
                        .chain(q.header.derived.iter().map(|(r, _)| r))
                    {
                        if schema.field_with_name(c).is_err() {
                            problems.push(Problem {
                                file: q.display.clone(),
                                line: None,
                                column: None,
                                message: format!(
                                    "header names column '{c}', which the query does not output"
                                ),
                            });
                        }
                    }
                }
                if let Err(e) = ctx.register_table(q.name.as_str(), df.into_view()) {
                    problems.push(problem_from(q, &e));
                }
            }
            Err(e) => {
                problems.push(problem_from(q, &e));
                broken.insert(q.name.clone());
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use parquet::basic::Compression;
    use parquet::file::reader::{FileReader, SerializedFileReader};

    use super::*;
    use crate::session::{SessionSettings, new_session};

    #[tokio::test]
    async fn a_materialised_helper_is_written_uncompressed_and_reads_back() {
        let ctx = new_session(&SessionSettings::default(), &[]).unwrap();
        let folder = tempfile::tempdir().unwrap();
        let sql = "SELECT column1 AS org, column2 AS people FROM (VALUES ('R1', 3), ('R2', 4))";
        let df = ctx.sql(sql).await.unwrap();
        materialise(&ctx, "helper", df, folder.path()).await.unwrap();

        let file = std::fs::File::open(folder.path().join("helper.parquet")).unwrap();
        let reader = SerializedFileReader::new(file).unwrap();
        let groups = reader.metadata().row_groups();
        assert!(!groups.is_empty());
        for column in groups.iter().flat_map(|g| g.columns()) {
            assert_eq!(
                column.compression(),
                Compression::UNCOMPRESSED,
                "{}",
                column.column_path()
            );
        }
        // DataFusion's own default compresses, so the option is what makes the difference.
        let default = ctx.state().default_table_options().parquet.global.compression;
        assert_ne!(default.as_deref(), Some(HELPER_COMPRESSION));

        let total = ctx.sql("SELECT SUM(people) AS n FROM helper").await.unwrap();
        let batches = total.collect().await.unwrap();
        let n = batches[0]
            .column(0)
            .as_any()
            .downcast_ref::<arrow::array::Int64Array>()
            .unwrap();
        assert_eq!(n.value(0), 7);
    }

    #[tokio::test]
    async fn a_profile_computes_shared_ctes_once_as_the_run_does() {
        let ctx = new_session(&SessionSettings::default(), &[]).unwrap();
        let folder = tempfile::tempdir().unwrap();
        let sql = "WITH totals AS (\
                       SELECT org, SUM(n) AS n \
                       FROM (SELECT column1 AS org, column2 AS n FROM (VALUES ('a', 1), ('a', 2), ('b', 3))) \
                       GROUP BY org) \
                   SELECT x.org, x.n FROM totals AS x JOIN totals AS y ON x.org = y.org";
        let q = QueryFile {
            name: "q".into(),
            path: "queries/q.sql".into(),
            display: "queries/q.sql".into(),
            sql: sql.into(),
            header: crate::queries::Header::default(),
            reads: BTreeSet::new(),
        };
        write_profile(&ctx, &q, folder.path()).await;
        let text = std::fs::read_to_string(folder.path().join("q.txt")).unwrap();
        let mut lines = text.lines();
        assert!(lines.next().unwrap().starts_with("queries/q.sql: "), "{text}");
        assert_eq!(
            lines.next().unwrap(),
            "shared CTEs computed once, in memory, before this plan: __q__cte__totals"
        );
        // The plan reads the computed CTE twice; as written, it would aggregate twice.
        assert!(text.contains("Plan with Metrics"), "{text}");
        assert!(!text.contains("AggregateExec"), "{text}");
        // The CTE's table is gone again, as after the query in a run.
        assert!(!ctx.table_exist("__q__cte__totals").unwrap());
    }
}
