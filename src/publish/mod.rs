//! Publish: write a run's result tables and make them visible atomically (DESIGN.md, the
//! "publish" arrow).
//!
//! Layout under the output root:
//! ```text
//! _lock                              while a run is writing (see `lock`)
//! LATEST                             one line: the run id of the latest committed run
//! runs/<run_id>/restricted/<t>.parquet   exact aggregates, for national aggregation only
//! runs/<run_id>/published/<t>.parquet    small-number suppression applied (see `suppress`)
//! runs/<run_id>/published/<t>.csv        the same as CSV
//! runs/<run_id>/manifest.json        written last of the run's files
//! ```
//! A run writes only under its own new folder; `manifest.json` is written after every table,
//! and then `LATEST` is replaced in one PUT (atomic on every store; on the local file system
//! object_store writes a temporary file and renames it). Readers follow `LATEST`, so a crash at
//! any point leaves the previous run fully readable. After a commit, retention keeps the newest
//! `keep_runs` committed runs (those with a manifest) and deletes older ones and crashed runs
//! (no manifest); the run `LATEST` names is never deleted.
//!
//! Run ids sort by time: `YYYYMMDDTHHMMSSfffZ-xxxxxx` (UTC, milliseconds, 6 random hex digits).
//!
//! Caveats: a crash exactly between writing `manifest.json` and `LATEST` leaves a run that has
//! a manifest but was never visible; retention counts it as committed until it ages out.
//! Publish never knows which metric it writes: tables arrive as Arrow batches plus a
//! [`SuppressionSpec`], or as query results whose header declares it.

pub mod lock;
pub mod manifest;
pub mod suppress;
pub mod write;

use std::time::Duration;

use arrow::array::{BooleanArray, RecordBatch};
use arrow::datatypes::SchemaRef;
use chrono::{DateTime, SecondsFormat, Utc};
use object_store::ObjectStoreExt;

use crate::error::{Error, Result};
use crate::queries::run::{QueryResult, QueryStatus};
use crate::storage::Location;
use lock::LockRecord;

pub use manifest::{
    FileRecord, Manifest, QueryRecord, QueryState, RunKind, RunStatus, SourceRecord, SuppressionRecord,
    TableRecord, TestRecord, TestSeverity,
};
pub use suppress::{SUPPRESSED_COLUMN, SuppressionSpec, suppress};

/// The object naming the latest committed run.
pub const LATEST: &str = "LATEST";
/// Folder of run folders under the output root.
pub const RUNS: &str = "runs";
/// The manifest's name inside a run folder.
pub const MANIFEST: &str = "manifest.json";
/// Folder of exact (unsuppressed) tables inside a run folder.
pub const RESTRICTED: &str = "restricted";
/// Folder of suppressed tables inside a run folder.
pub const PUBLISHED: &str = "published";

/// Publish settings (from `[publish]` in the config).
#[derive(Debug, Clone)]
pub struct PublishOptions {
    /// Small-number threshold k: counts from 1 to k-1 are withheld in published tables.
    pub suppression_threshold: i64,
    /// How many committed runs to keep (at least 1: the one just committed).
    pub keep_runs: usize,
    /// Test-only: fail at this step.
    pub fault: Option<FaultPoint>,
}

impl Default for PublishOptions {
    fn default() -> Self {
        PublishOptions {
            suppression_threshold: crate::config::DEFAULT_SUPPRESSION_THRESHOLD,
            keep_runs: crate::config::DEFAULT_KEEP_RUNS,
            fault: None,
        }
    }
}

/// Test-only fault injection: the publisher returns `Error::Internal("injected fault at ...")`
/// at that step, as a crash there would stop it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultPoint {
    /// In `write_table`, after the restricted Parquet file is written.
    AfterRestricted,
    /// In `write_table`, after the published Parquet and CSV files are written.
    AfterPublished,
    /// In `commit`, before `manifest.json` is written.
    BeforeManifest,
    /// In `commit`, right after `manifest.json` is written.
    AfterManifest,
    /// In `commit`, after the manifest is verified, right before `LATEST` is replaced.
    BeforeLatest,
}

/// One result table to publish: a query's output and which of its columns are counts.
#[derive(Debug, Clone)]
pub struct ResultTable {
    /// Table name (the query's name): letters, digits, `_`, `-`.
    pub name: String,
    pub schema: SchemaRef,
    pub batches: Vec<RecordBatch>,
    pub suppression: SuppressionSpec,
}

/// Writes one run; see the module docs for the protocol.
///
/// Always finish with [`Publisher::commit`] or [`Publisher::abort`]: dropping a publisher leaves
/// the lock in place (it is then stale once this process exits).
pub struct Publisher {
    output: Location,
    options: PublishOptions,
    run_id: String,
    started_at: String,
    lock: LockRecord,
    tables: Vec<TableRecord>,
    finished: bool,
}

impl std::fmt::Debug for Publisher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Publisher")
            .field("output", &self.output)
            .field("run_id", &self.run_id)
            .field("tables", &self.tables.len())
            .finish()
    }
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn new_run_id(now: DateTime<Utc>) -> String {
    format!(
        "{}-{:06x}",
        now.format("%Y%m%dT%H%M%S%3fZ"),
        rand::random::<u32>() & 0x00ff_ffff
    )
}

/// Checks that `name` is safe as one path segment (no `/`, no leading `.`).
fn check_name(what: &str, name: &str) -> Result<()> {
    let ok = !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    if ok {
        Ok(())
    } else {
        Err(Error::Publish {
            what: format!("{what} '{name}'"),
            message: "names may contain only letters, digits, '_', '-' and '.', and must not start with '.'"
                .to_string(),
        })
    }
}

fn run_rel(run_id: &str, rel: &str) -> String {
    format!("{RUNS}/{run_id}/{rel}")
}

/// The run id `LATEST` names, if any.
async fn latest_run_id(output: &Location) -> Result<Option<String>> {
    let Some(raw) = output.get_opt(LATEST).await? else {
        return Ok(None);
    };
    let id = String::from_utf8_lossy(&raw).trim().to_string();
    check_name(&format!("run id in {}", output.url_of(LATEST)), &id)?;
    Ok(Some(id))
}

impl Publisher {
    /// Takes the lock and allocates a run id (nothing visible to readers yet).
    ///
    /// Fails with [`Error::Locked`] when another run holds the output; a stale lock (its owner
    /// on this host is no longer running) is taken over with a warning.
    pub async fn begin(output: &Location, options: PublishOptions) -> Result<Publisher> {
        if options.suppression_threshold < 1 {
            return Err(Error::Usage {
                option: "publish.suppression_threshold".to_string(),
                message: format!("must be at least 1, not {}", options.suppression_threshold),
            });
        }
        let latest = latest_run_id(output).await?;
        let mut now = Utc::now();
        let mut run_id = new_run_id(now);
        // Run ids must sort after the latest committed run (two runs within a millisecond, or
        // a clock slightly behind); wait briefly rather than forever if the clock went back.
        for _ in 0..50 {
            match &latest {
                Some(l) if run_id.as_str() <= l.as_str() => {
                    tokio::time::sleep(Duration::from_millis(2)).await;
                    now = Utc::now();
                    run_id = new_run_id(now);
                }
                _ => break,
            }
        }
        if let Some(l) = &latest
            && run_id.as_str() <= l.as_str()
        {
            tracing::warn!("new run id {run_id} sorts before the latest run {l}: is the clock behind?");
        }
        let started_at = rfc3339(now);
        let lock = LockRecord::for_this_process(&run_id, &started_at);
        lock::acquire(output, &lock).await?;
        tracing::info!(output = %output.display(), run_id = %run_id, "publish started");
        Ok(Publisher {
            output: output.clone(),
            options,
            run_id,
            started_at,
            lock,
            tables: Vec::new(),
            finished: false,
        })
    }

    /// This run's id (`YYYYMMDDTHHMMSSfffZ-xxxxxx`).
    pub fn run_id(&self) -> &str {
        &self.run_id
    }

    /// The folder this run writes into (`<output>/runs/<run_id>`).
    pub fn run_location(&self) -> Location {
        self.output.join(&run_rel(&self.run_id, ""))
    }

    fn fault(&self, at: FaultPoint) -> Result<()> {
        if self.options.fault == Some(at) {
            return Err(Error::Internal(format!(
                "injected fault at {at:?} (run {})",
                self.run_id
            )));
        }
        Ok(())
    }

    /// Writes restricted + published files of one table; returns their record for the manifest.
    pub async fn write_table(&mut self, table: &ResultTable) -> Result<TableRecord> {
        check_name("table", &table.name)?;
        if self.tables.iter().any(|t| t.name == table.name) {
            return Err(Error::Publish {
                what: format!("table {}", table.name),
                message: "written twice in one run".to_string(),
            });
        }
        let run = self.run_location();
        let name = &table.name;
        let in_table = |e: Error| match e {
            Error::Publish { message, .. } => Error::Publish {
                what: format!("table {name}"),
                message,
            },
            other => other,
        };

        let restricted = write::write_parquet(
            &run,
            &format!("{RESTRICTED}/{name}.parquet"),
            table.schema.clone(),
            &table.batches,
        )
        .await?;
        self.fault(FaultPoint::AfterRestricted)?;

        let k = self.options.suppression_threshold;
        let published_schema = suppress(
            &RecordBatch::new_empty(table.schema.clone()),
            &table.suppression,
            k,
        )
        .map_err(in_table)?
        .schema();
        let mut published = Vec::with_capacity(table.batches.len());
        let mut suppressed_rows = 0u64;
        for batch in &table.batches {
            let out = suppress(batch, &table.suppression, k).map_err(in_table)?;
            if let Some(flag) = out
                .column(out.num_columns() - 1)
                .as_any()
                .downcast_ref::<BooleanArray>()
            {
                suppressed_rows += flag.true_count() as u64;
            }
            published.push(out);
        }
        let published_parquet = write::write_parquet(
            &run,
            &format!("{PUBLISHED}/{name}.parquet"),
            published_schema.clone(),
            &published,
        )
        .await?;
        let csv = write::render_csv(published_schema, &published)?;
        let published_csv = write::write_bytes(&run, &format!("{PUBLISHED}/{name}.csv"), csv).await?;
        self.fault(FaultPoint::AfterPublished)?;

        let record = TableRecord {
            name: name.clone(),
            rows: table.batches.iter().map(|b| b.num_rows() as u64).sum(),
            suppressed_rows,
            restricted,
            published_parquet,
            published_csv,
        };
        tracing::debug!(table = %name, rows = record.rows, suppressed = suppressed_rows, "table written");
        self.tables.push(record.clone());
        Ok(record)
    }

    /// Writes every computed query result whose header publishes it (its restricted copy and its
    /// suppressed published copy), with the suppression the header declares: the one publish
    /// loop of `run` and `aggregate`.
    pub async fn write_results(&mut self, results: &[QueryResult]) -> Result<()> {
        for r in results {
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
                self.write_table(&table).await?;
            }
        }
        Ok(())
    }

    /// Writes manifest.json (with `tables` filled in from what was written), then LATEST, then
    /// retention, then releases the lock.
    ///
    /// Also fills `run_id`, `started_at`, `finished_at`, `status` (succeeded),
    /// `talentpipe_version` and `suppression` when empty. A manifest whose status is anything
    /// but succeeded is refused (use [`Publisher::abort`]). On failure the lock is released and
    /// `LATEST` is untouched (unless the failure came after it was replaced). Retention problems
    /// and a failed lock release after a commit are logged, not returned: the run is published.
    pub async fn commit(mut self, manifest: Manifest) -> Result<Manifest> {
        let result = self.commit_steps(manifest).await;
        let released = lock::release(&self.output, &self.lock).await;
        self.finished = true;
        match (result, released) {
            (Ok(m), Ok(())) => Ok(m),
            (Ok(m), Err(e)) => {
                tracing::warn!(
                    output = %self.output.display(),
                    "run {} committed, but releasing the lock failed: {e}; remove {} by hand",
                    self.run_id,
                    self.output.url_of(lock::LOCK)
                );
                Ok(m)
            }
            (Err(e), _) => Err(e),
        }
    }

    async fn commit_steps(&mut self, mut manifest: Manifest) -> Result<Manifest> {
        self.fault(FaultPoint::BeforeManifest)?;
        if manifest.status.is_unset() {
            manifest.status = RunStatus::Succeeded;
        }
        if manifest.status != RunStatus::Succeeded {
            return Err(Error::Publish {
                what: format!("run {}", self.run_id),
                message: format!(
                    "only succeeded runs are committed, this one is '{}'; abort it instead",
                    manifest.status
                ),
            });
        }
        manifest.run_id = self.run_id.clone();
        if manifest.started_at.is_empty() {
            manifest.started_at = self.started_at.clone();
        }
        if manifest.finished_at.is_empty() {
            manifest.finished_at = rfc3339(Utc::now());
        }
        if manifest.talentpipe_version.is_empty() {
            manifest.talentpipe_version = env!("CARGO_PKG_VERSION").to_string();
        }
        if manifest.suppression.rule.is_empty() {
            manifest.suppression = SuppressionRecord::new(self.options.suppression_threshold);
        }
        manifest.tables = self.tables.clone();

        let mut json = serde_json::to_vec_pretty(&manifest)?;
        json.push(b'\n');
        let manifest_rel = run_rel(&self.run_id, MANIFEST);
        self.output.put(&manifest_rel, json.clone()).await?;
        self.fault(FaultPoint::AfterManifest)?;

        // Read it back before pointing readers at it (a truncated write must not go live).
        let stored = self.output.get_opt(&manifest_rel).await?;
        if stored.as_deref() != Some(json.as_slice()) {
            return Err(Error::Publish {
                what: self.output.url_of(&manifest_rel),
                message: "the manifest read back differs from what was written; LATEST not updated"
                    .to_string(),
            });
        }
        self.fault(FaultPoint::BeforeLatest)?;

        self.output.put(LATEST, format!("{}\n", self.run_id)).await?;
        tracing::info!(output = %self.output.display(), run_id = %self.run_id, "run committed");

        if let Err(e) = self.retain().await {
            tracing::warn!(output = %self.output.display(), "retention after run {} failed: {e}", self.run_id);
        }
        Ok(manifest)
    }

    /// Keeps the newest `keep_runs` committed runs; deletes older ones and crashed runs.
    async fn retain(&self) -> Result<()> {
        let latest = latest_run_id(&self.output).await?;
        let mut committed = Vec::new();
        let mut crashed = Vec::new();
        for id in run_ids(&self.output).await? {
            if id == self.run_id || Some(&id) == latest.as_ref() {
                continue;
            }
            match self
                .output
                .store
                .head(&self.output.path(&run_rel(&id, MANIFEST)))
                .await
            {
                Ok(_) => committed.push(id),
                Err(object_store::Error::NotFound { .. }) => crashed.push(id),
                Err(e) => return Err(self.output.store_error("read", &run_rel(&id, MANIFEST), e)),
            }
        }
        // Newest first; the current run takes one of the `keep_runs` places.
        committed.sort_unstable_by(|a, b| b.cmp(a));
        let keep_others = self.options.keep_runs.max(1) - 1;
        let doomed = committed.into_iter().skip(keep_others).chain(crashed);
        for id in doomed {
            tracing::info!(output = %self.output.display(), run_id = %id, "retention: deleting run");
            delete_run(&self.output, &id).await?;
        }
        Ok(())
    }

    /// Releases the lock without committing (LATEST untouched). Used on failure.
    ///
    /// The run's partial folder stays for inspection; the next successful commit deletes it.
    pub async fn abort(mut self) -> Result<()> {
        self.finished = true;
        tracing::info!(output = %self.output.display(), run_id = %self.run_id, "publish aborted");
        lock::release(&self.output, &self.lock).await
    }
}

impl Drop for Publisher {
    fn drop(&mut self) {
        if !self.finished {
            tracing::warn!(
                output = %self.output.display(),
                "run {} was neither committed nor aborted; its lock {} stays until this process exits",
                self.run_id,
                self.output.url_of(lock::LOCK)
            );
        }
    }
}

/// Ids of every run folder under `<output>/runs/`, sorted.
async fn run_ids(output: &Location) -> Result<Vec<String>> {
    if let Some(p) = output.local_path()
        && !p.join(RUNS).exists()
    {
        return Ok(Vec::new());
    }
    let listed = output
        .store
        .list_with_delimiter(Some(&output.path(RUNS)))
        .await
        .map_err(|e| output.store_error("list", RUNS, e))?;
    let mut ids: Vec<String> = listed
        .common_prefixes
        .iter()
        .filter_map(|p| p.filename().map(str::to_string))
        .collect();
    ids.sort();
    Ok(ids)
}

async fn delete_run(output: &Location, run_id: &str) -> Result<()> {
    let rel = run_rel(run_id, "");
    output.delete_all(&rel).await?;
    // The local store leaves empty folders (and any temporary upload files) behind.
    if let Some(p) = output.local_path() {
        let dir = p.join(RUNS).join(run_id);
        match tokio::fs::remove_dir_all(&dir).await {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(dir, e)),
        }
    }
    Ok(())
}

/// The latest committed run: (run id, manifest), or None when nothing was ever committed.
pub async fn read_latest(output: &Location) -> Result<Option<(String, Manifest)>> {
    let Some(run_id) = latest_run_id(output).await? else {
        return Ok(None);
    };
    let rel = run_rel(&run_id, MANIFEST);
    let raw = output.get_opt(&rel).await?.ok_or_else(|| Error::Publish {
        what: output.url_of(LATEST),
        message: format!("names run {run_id}, but {} does not exist", output.url_of(&rel)),
    })?;
    let manifest: Manifest = serde_json::from_slice(&raw).map_err(|e| Error::Publish {
        what: output.url_of(&rel),
        message: format!("not a valid manifest: {e}"),
    })?;
    Ok(Some((run_id, manifest)))
}

/// Reads a table of a run (normally the latest): the `restricted` or `published` folder.
pub async fn read_table(
    output: &Location,
    run_id: &str,
    folder: &str,
    table: &str,
) -> Result<Vec<RecordBatch>> {
    check_name("run id", run_id)?;
    check_name("table", table)?;
    if folder != RESTRICTED && folder != PUBLISHED {
        return Err(Error::Publish {
            what: format!("table {table}"),
            message: format!("folder must be '{RESTRICTED}' or '{PUBLISHED}', not '{folder}'"),
        });
    }
    write::read_parquet(output, &run_rel(run_id, &format!("{folder}/{table}.parquet"))).await
}
