//! The one session factory: the only place a DataFusion `SessionContext` is built.
//!
//! Settings are applied in a fixed order: DataFusion defaults, talentpipe's engine defaults
//! ([`ENGINE_DEFAULTS`]), `DATAFUSION_*` environment variables, the config file's `[runtime]`,
//! then the memory pool and spill directory, then the object stores of the locations the run
//! touches.
//!
//! Memory: unless `runtime.memory_limit` is `"unlimited"`, the session has a spilling pool
//! ([`spill_pool`], which shares the limit among the operators that can spill once it is
//! contended, so one large sort cannot starve the others), by default (`"auto"`)
//! [`crate::config::AUTO_MEMORY_SHARE`] of the machine's memory. Sorts and aggregations that
//! outgrow it spill to a scratch folder under `TMPDIR`; what cannot spill (a hash join's build
//! side) fails with an error naming the query, the largest consumers and the limit.

use std::num::NonZeroUsize;
use std::sync::Arc;

use datafusion::execution::SessionStateBuilder;
use datafusion::execution::memory_pool::TrackConsumersPool;
use datafusion::execution::runtime_env::RuntimeEnvBuilder;
use datafusion::optimizer::{Optimizer, OptimizerRule};
use datafusion::physical_optimizer::PhysicalOptimizerRule;
use datafusion::physical_optimizer::optimizer::PhysicalOptimizer;
use datafusion::prelude::{SessionConfig, SessionContext};

use crate::config::{Config, MemoryLimit};
use crate::error::Result;
use crate::storage::Location;
use spill_pool::SpillPool;

mod distinct_counts;
mod first_rows;
mod small_build_side;
mod sorted_row_numbers;
mod spill_pool;
mod unordered_partial_aggregates;

/// DataFusion settings talentpipe changes, each with its reason. The key's `DATAFUSION_*`
/// environment variable still overrides it.
pub const ENGINE_DEFAULTS: &[(&str, &str)] = &[
    // DataFusion 55's new aggregate streams drain a partial aggregation `batch_size` groups at a
    // time and renumber the groups left at each step: quadratic in the number of groups
    // (apache/datafusion#23249). Distinct people per organisation and group are millions of
    // groups at national scale, and that drain took half the national bench (129 s, against 69 s
    // with the older stream, which emits once and slices; results identical).
    ("datafusion.execution.enable_migration_aggregate", "false"),
    // Spill files (within a memory pool) as LZ4 frames rather than raw Arrow IPC: five years of
    // national months within a 1 GB pool filled the 27 GB of free disk with an uncompressed
    // sort spill in staging/substantive_assignments and completed with LZ4 (528 s, 2.2 GB peak);
    // at thirteen months LZ4 took 165 s against 175-180 s uncompressed.
    ("datafusion.execution.spill_compression", "lz4_frame"),
];

/// Within a pool, the most spill files a sort merges at once (DataFusion 55: no bound). An
/// unbounded merge reserves a batch for every spill file it can: at five national years within
/// 1 GB, the two partitions' merges in staging/substantive_assignments took 950 MB between them
/// and the Parquet writer of the same query was refused 288 KB (exit 3). More files than this
/// are merged in passes.
pub const SPILL_MERGE_FAN_IN: usize = 16;

/// How many of the largest memory consumers a resource error names.
const CONSUMERS_NAMED: usize = 5;

/// Settings the factory needs (a subset of [`Config`], so aggregate and tests can build one).
#[derive(Debug, Clone, Default)]
pub struct SessionSettings {
    pub target_partitions: Option<usize>,
    /// The memory pool in bytes (`None`: no pool, unlimited).
    pub memory_limit: Option<usize>,
    /// Independent queries run at once (0 reads as 1).
    pub concurrent_queries: usize,
}

/// `runtime.concurrent_queries` as a session extension, read by the query runner.
#[derive(Debug)]
struct ConcurrentQueries(usize);

/// How many independent queries the session runs at once.
pub fn concurrent_queries(ctx: &SessionContext) -> usize {
    ctx.state()
        .config()
        .get_extension::<ConcurrentQueries>()
        .map_or(1, |c| c.0.max(1))
}

impl From<&Config> for SessionSettings {
    fn from(cfg: &Config) -> Self {
        SessionSettings {
            target_partitions: cfg.file.runtime.target_partitions,
            concurrent_queries: cfg.concurrent_queries(),
            memory_limit: match cfg.memory_limit() {
                MemoryLimit::Bytes(n) => Some(n),
                MemoryLimit::Unlimited => None,
                MemoryLimit::MachineShare(share) => {
                    machine_memory().map(|bytes| (bytes as f64 * share) as usize)
                }
            },
        }
    }
}

/// Builds a session with the given settings and registers the stores of `locations`.
pub fn new_session(settings: &SessionSettings, locations: &[&Location]) -> Result<SessionContext> {
    let mut config = SessionConfig::from_env()?.with_information_schema(false);
    for (key, value) in ENGINE_DEFAULTS {
        if std::env::var_os(key.to_uppercase().replace('.', "_")).is_none() {
            config.options_mut().set(key, value)?;
        }
    }
    // Spans let planning errors point at the SQL line and column.
    config.options_mut().sql_parser.collect_spans = true;
    if let Some(n) = settings.target_partitions {
        config = config.with_target_partitions(n.max(1));
    }
    config = config.with_extension(Arc::new(ConcurrentQueries(settings.concurrent_queries)));
    let mut runtime = RuntimeEnvBuilder::new();
    if let Some(limit) = settings.memory_limit {
        runtime = runtime
            .with_memory_pool(Arc::new(TrackConsumersPool::new(
                SpillPool::new(limit),
                NonZeroUsize::new(CONSUMERS_NAMED).expect("a constant above zero"),
            )))
            .with_max_spill_merge_fan_in(SPILL_MERGE_FAN_IN);
        // Spill files go to a scratch folder the next run removes if this one is killed
        // (DataFusion's own, `$TMPDIR/.tmpXXXXXX`, would stay forever). The session owns it.
        let spill = Arc::new(crate::scratch::ScratchDir::new("spill")?);
        runtime = runtime.with_temp_file_path(spill.path());
        config = config.with_extension(spill);
    }
    let state = SessionStateBuilder::new()
        .with_config(config)
        .with_runtime_env(Arc::new(runtime.build()?))
        .with_default_features()
        .with_optimizer_rules(optimizer_rules(settings.memory_limit.is_some()))
        .with_physical_optimizer_rules(physical_optimizer_rules())
        .build();
    let ctx = SessionContext::new_with_state(state);
    for loc in locations {
        if loc.store_url.scheme() != "file" {
            ctx.register_object_store(&loc.store_url, loc.store.clone());
        }
    }
    Ok(ctx)
}

/// DataFusion's logical optimizer rules with talentpipe's: several distinct counts of one column
/// as grouped aggregations ([`distinct_counts`]) just before DataFusion's own single-distinct
/// rewrite, and, within a memory pool (`pooled`), a join of rows to the first rows of their own
/// partitions as one window ([`first_rows`]) once the join's keys are extracted.
///
/// Only within a pool (the default): the window sorts the whole rows where the join sorts and
/// holds only the narrow first rows, so without a pool the join was faster and smaller (13
/// national months: staging/substantive_assignments 43 s and a 9.4 GB peak, against 55 s and
/// 12.1 GB), while within one the sort spills and the join's build side cannot (a 1 GB pool
/// failed there). Within the default pool (12 GB here) it took 43 s, the run 79 s and 8 GB.
fn optimizer_rules(pooled: bool) -> Vec<Arc<dyn OptimizerRule + Send + Sync>> {
    let mut rules = Optimizer::new().rules;
    let at = rules
        .iter()
        .position(|r| r.name() == distinct_counts::RUNS_BEFORE)
        .unwrap_or(rules.len());
    rules.insert(at, Arc::new(distinct_counts::DistinctCountsToGroupBy));
    if pooled {
        let after = rules
            .iter()
            .position(|r| r.name() == first_rows::RUNS_AFTER)
            .map_or(0, |i| i + 1);
        rules.insert(after, Arc::new(first_rows::JoinToFirstRows));
    }
    rules
}

/// DataFusion's physical optimizer rules with talentpipe's: hash joins that build on the side
/// known to be small, or on a grouped aggregation rather than a table read whole
/// ([`small_build_side`]), after DataFusion's join selection, and unordered partial
/// aggregations ([`unordered_partial_aggregates`]) before DataFusion places repartitions and
/// sorts, and row numbers counted over sorted input ([`sorted_row_numbers`]) last.
fn physical_optimizer_rules() -> Vec<Arc<dyn PhysicalOptimizerRule + Send + Sync>> {
    let mut rules = PhysicalOptimizer::new().rules;
    let at = rules
        .iter()
        .position(|r| r.name() == unordered_partial_aggregates::RUNS_BEFORE)
        .unwrap_or(0);
    rules.insert(
        at,
        Arc::new(unordered_partial_aggregates::UnorderedPartialAggregates),
    );
    let after = rules
        .iter()
        .position(|r| r.name() == small_build_side::RUNS_AFTER)
        .map_or(0, |i| i + 1);
    rules.insert(after, Arc::new(small_build_side::SmallBuildSide));
    let at = rules
        .iter()
        .position(|r| r.name() == sorted_row_numbers::RUNS_BEFORE)
        .unwrap_or(rules.len());
    rules.insert(at, Arc::new(sorted_row_numbers::SortedRowNumbersRule));
    rules
}

/// The machine's memory in bytes: physical memory, or the container's limit (cgroup v2, then
/// v1) when smaller. `None` where neither can be read (not Linux).
pub fn machine_memory() -> Option<u64> {
    let physical = std::fs::read_to_string("/proc/meminfo").ok().and_then(|text| {
        let line = text.lines().find(|l| l.starts_with("MemTotal:"))?;
        let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kib * 1024)
    });
    // No limit reads as "max" (v2, not a number) or a huge number (v1, above physical memory).
    let container = [
        "/sys/fs/cgroup/memory.max",
        "/sys/fs/cgroup/memory/memory.limit_in_bytes",
    ]
    .iter()
    .find_map(|p| std::fs::read_to_string(p).ok()?.trim().parse::<u64>().ok());
    match (physical, container) {
        (Some(p), Some(c)) => Some(p.min(c)),
        (p, c) => p.or(c),
    }
}

/// Test support for the rule modules: the indented physical plan `df` runs as.
#[cfg(test)]
pub(crate) async fn shown_plan(df: &datafusion::dataframe::DataFrame) -> String {
    let plan = df.clone().create_physical_plan().await.unwrap();
    datafusion::physical_plan::displayable(plan.as_ref())
        .indent(true)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_defaults_are_datafusion_keys_and_apply() {
        let ctx = new_session(&SessionSettings::default(), &[]).unwrap();
        let options = ctx.state().config().options().clone();
        let entries = options.entries();
        for (key, value) in ENGINE_DEFAULTS {
            let entry = entries.iter().find(|e| e.key == *key).expect("a DataFusion key");
            assert_eq!(entry.value.as_deref(), Some(*value), "{key}");
        }
    }

    #[tokio::test]
    async fn a_sort_beyond_the_pool_spills_compressed_and_keeps_every_row() {
        // One partition: two sorts would each hold back their merge reservation (10 MB).
        let settings = SessionSettings {
            memory_limit: Some(16 << 20),
            target_partitions: Some(1),
            ..SessionSettings::default()
        };
        let ctx = new_session(&settings, &[]).unwrap();
        // A million rows of about 40 bytes: over twice the pool.
        let sql = "SELECT value, repeat('x', 30) || CAST(value AS VARCHAR) AS s
            FROM generate_series(1, 1000000) ORDER BY s DESC";
        let plan = ctx.sql(sql).await.unwrap().create_physical_plan().await.unwrap();
        let batches = datafusion::physical_plan::collect(Arc::clone(&plan), ctx.task_ctx())
            .await
            .unwrap();
        let values: Vec<i64> = batches
            .iter()
            .flat_map(|b| {
                let v = b
                    .column(0)
                    .as_any()
                    .downcast_ref::<datafusion::arrow::array::Int64Array>();
                v.unwrap().values().to_vec()
            })
            .collect();
        // By hand: "x..x999999" sorts first as text, "x..x1" last.
        assert_eq!(values.len(), 1_000_000);
        assert_eq!((values[0], values[values.len() - 1]), (999_999, 1));
        let mut spills = 0;
        let mut nodes = vec![plan];
        while let Some(node) = nodes.pop() {
            spills += node.metrics().and_then(|m| m.spill_count()).unwrap_or(0);
            nodes.extend(node.children().into_iter().cloned());
        }
        assert!(spills > 0, "the sort did not spill");
        let fan_in = ctx.runtime_env().disk_manager.max_spill_merge_fan_in();
        assert_eq!(fan_in, SPILL_MERGE_FAN_IN);
    }

    #[test]
    fn machine_memory_is_read_on_linux() {
        if cfg!(target_os = "linux") {
            let bytes = machine_memory().expect("/proc/meminfo");
            assert!(bytes > 64 << 20, "{bytes}");
        }
    }
}
