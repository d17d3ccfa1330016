//! Generic ingest: every `*.csv` under `<input>/<kind>/` -> one staged Parquet table per
//! kind, plus a quarantine table of rejected rows with file, line, column and reason.
//!
//! Streaming and parallel: each file is read from its object store as a byte stream on a
//! blocking thread, which hashes it and cuts it into chunks of whole records (`chunk`); the
//! chunks are converted and Parquet-encoded on all cores (`parse::Converter`, `encode`) and come
//! back in file order, where the uniqueness rules are applied (`parse::KindParser::admit`) and
//! the part's writer splices them in. Rows and line numbers are exactly those of a one-thread
//! read. Memory is bounded whatever the file size: the chunks in flight, plus the uniqueness
//! index of a kind with a uniqueness rule, which spills to disk beyond `ingest.index_rows`
//! entries (`unique`).
//!
//! Staged layout under the output root:
//! `staged/<kind>/part-NNNNN.parquet` (one part per accepted file, NNNNN its place in the
//! listing), `staged/quarantine/<kind>-NNNNN.parquet`, `staged/_ingest/<kind>/keys-NNNNN.parquet`
//! (the uniqueness keys of the rows the file staged: `keys`), and `staged/_ingest/<kind>.json`
//! (the kind's metrics, input fingerprint and the size, row count and checksum of every part it
//! wrote). Re-use is by file (`resume`): the longest prefix of a kind's files that is unchanged
//! since the last ingest keeps its parts, once they are verified against the marker (`staged`),
//! and ingest continues from the first new, changed or removed file; a kind whose files are all
//! unchanged is re-used whole. A damaged staged table is re-ingested with a warning.
//!
//! Inputs are read as they were listed: a file whose size or entity tag differs when it is
//! opened, after it is read, or whose byte count differs from the listed size (an organisation
//! uploading late, a file replaced or appended mid-run) fails the ingest naming the file, instead
//! of staging a mix of versions.

pub mod chunk;
pub mod encode;
pub mod keys;
pub mod parse;
pub mod pseudonym;
mod resume;
pub mod staged;
pub mod unique;
pub mod values;

use std::sync::Arc;
use std::time::Instant;

use futures::StreamExt;
use object_store::{GetResult, GetResultPayload, ObjectMeta, ObjectStoreExt};
use parquet::arrow::AsyncArrowWriter;
use serde::{Deserialize, Serialize};
use tokio_util::io::{StreamReader, SyncIoBridge};

use crate::config;
use crate::error::{Error, Result};
use crate::extracts::{self, ColumnType, ExtractSpec, OutputType};
use crate::progress::Progress;
use crate::storage::Location;
use chunk::{Chunk, Chunker, HashingReader};
use encode::PartWriter;
use keys::KeyPartWriter;
use parse::{DeferredKeys, FileOutcome, KindParser, QuarantineRows, StagedKeys};
use pseudonym::Pseudonymiser;
use resume::{Plan, Resume};
use staged::{HashingFileWriter, StagedPart};

/// Folder of staged tables under the output root.
pub const STAGED: &str = "staged";

/// Ingest settings (from `[ingest]` in the config; the defaults are the config's).
#[derive(Debug, Clone)]
pub struct IngestOptions {
    pub max_quarantine_share: f64,
    /// Records per chunk: the unit of parallel conversion, of a staged record batch and of a
    /// staged row group. Memory is proportional to it (a few chunks are in flight per core).
    pub batch_rows: usize,
    /// Uniqueness-index entries kept in memory per rule before they spill to disk.
    pub index_rows: usize,
    /// Re-use staged tables whose inputs are unchanged.
    pub reuse: bool,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            max_quarantine_share: config::DEFAULT_MAX_QUARANTINE_SHARE,
            batch_rows: config::DEFAULT_BATCH_ROWS,
            index_rows: config::DEFAULT_INDEX_ROWS,
            reuse: true,
        }
    }
}

/// What happened to one input file.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum FileStatus {
    /// Staged; bad rows (if any) quarantined.
    Ingested,
    /// Staged, but its quarantined share is above the threshold: the run fails.
    TooManyRejected,
    /// Not staged at all (no header, missing column, not UTF-8).
    Rejected,
}

/// Metrics of one input file; `rows_read = rows_accepted + rows_quarantined` when ingested.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FileMetrics {
    /// The file's URL or path.
    pub path: String,
    pub size: u64,
    pub status: FileStatus,
    #[serde(flatten)]
    pub outcome: FileOutcome,
    pub elapsed_ms: u64,
    /// Not ingested this run: unchanged since the last ingest (same path and size, the same
    /// store version tag or SHA-256, and every file before it too), so its staged parts were kept and its metrics are the
    /// ones recorded then (`elapsed_ms` included).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub reused: bool,
}

impl FileMetrics {
    /// A one-line reason when the file fails the run.
    pub fn failure(&self, max_share: f64) -> Option<String> {
        match self.status {
            FileStatus::Ingested => None,
            FileStatus::Rejected => self.outcome.rejected.clone(),
            FileStatus::TooManyRejected => Some(format!(
                "{} of {} rows quarantined ({:.1}%), above the {:.1}% threshold (ingest.max_quarantine_share)",
                self.outcome.rows_quarantined,
                self.outcome.rows_read,
                100.0 * self.outcome.rows_quarantined as f64 / self.outcome.rows_read.max(1) as f64,
                100.0 * max_share
            )),
        }
    }
}

/// Whether a kind was supplied this run.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum KindStatus {
    /// No folder or no CSV files: metrics needing it are "not computed".
    NotSupplied,
    Ingested,
    /// Inputs unchanged since the staged tables were written: re-used as they were.
    Reused,
}

/// Metrics of one extract kind.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct KindMetrics {
    pub kind: String,
    pub status: KindStatus,
    pub files: Vec<FileMetrics>,
    pub rows_read: u64,
    pub rows_accepted: u64,
    pub rows_quarantined: u64,
    pub elapsed_ms: u64,
    /// Why the staged table could not be re-used although the inputs were unchanged (a part
    /// missing, extra, truncated or changed): the kind was re-ingested from its inputs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staged_mismatch: Option<String>,
}

/// Metrics of a whole ingest, as printed and recorded in the manifest.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct IngestMetrics {
    pub kinds: Vec<KindMetrics>,
    pub max_quarantine_share: f64,
    pub elapsed_ms: u64,
}

impl IngestMetrics {
    /// Files that fail the run, with their reasons.
    pub fn failures(&self) -> Vec<(String, String)> {
        self.kinds
            .iter()
            .flat_map(|k| k.files.iter())
            .filter_map(|f| f.failure(self.max_quarantine_share).map(|r| (f.path.clone(), r)))
            .collect()
    }

    pub fn kind(&self, kind: &str) -> Option<&KindMetrics> {
        self.kinds.iter().find(|k| k.kind == kind)
    }

    /// Kinds with staged tables (ingested or re-used).
    pub fn supplied(&self) -> impl Iterator<Item = &KindMetrics> {
        self.kinds.iter().filter(|k| k.status != KindStatus::NotSupplied)
    }

    /// An error for the scheduler when any file failed (exit code 1).
    pub fn check(&self) -> Result<()> {
        let failures = self.failures();
        if failures.is_empty() {
            return Ok(());
        }
        Err(Error::IngestFailed {
            failed: failures.len(),
            summary: failures
                .iter()
                .map(|(p, r)| format!("\n  {p}: {r}"))
                .collect::<String>(),
        })
    }

    /// A human-readable summary table.
    pub fn summary(&self) -> String {
        let mut out = format!(
            "{:<15} {:<13} {:>5} {:>10} {:>10} {:>11}\n",
            "extract", "status", "files", "rows read", "accepted", "quarantined"
        );
        for k in &self.kinds {
            let status = match k.status {
                KindStatus::NotSupplied => "not supplied",
                KindStatus::Ingested => "ingested",
                KindStatus::Reused => "reused",
            };
            out.push_str(&format!(
                "{:<15} {:<13} {:>5} {:>10} {:>10} {:>11}\n",
                k.kind,
                status,
                k.files.len(),
                k.rows_read,
                k.rows_accepted,
                k.rows_quarantined
            ));
            if let Some(why) = &k.staged_mismatch {
                out.push_str(&format!("    re-ingested: {why}\n"));
            }
            let reused = k.files.iter().filter(|f| f.reused).count();
            if k.status == KindStatus::Ingested && reused > 0 {
                let from = k
                    .files
                    .iter()
                    .find(|f| !f.reused)
                    .map_or(String::new(), |f| format!("; ingested from {} on", f.path));
                out.push_str(&format!(
                    "    {reused} unchanged file(s) re-used as staged{from}\n"
                ));
            }
            let mut reasons: Vec<(&String, u64)> = Vec::new();
            for f in &k.files {
                for (r, n) in &f.outcome.reasons {
                    match reasons.iter_mut().find(|(x, _)| *x == r) {
                        Some(e) => e.1 += n,
                        None => reasons.push((r, *n)),
                    }
                }
                if !f.outcome.extra_columns.is_empty() {
                    out.push_str(&format!(
                        "    {}: extra column(s) ignored: {}\n",
                        f.path,
                        f.outcome.extra_columns.join(", ")
                    ));
                }
            }
            reasons.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            for (r, n) in reasons.iter().take(5) {
                out.push_str(&format!("    {n:>7} x {r}\n"));
            }
        }
        let failures = self.failures();
        if !failures.is_empty() {
            out.push_str(&format!("\n{} file(s) FAILED:\n", failures.len()));
            for (p, r) in failures {
                out.push_str(&format!("  {p}: {r}\n"));
            }
        }
        out
    }
}

/// Ingests every declared extract kind from `input` into `output/staged/`.
pub async fn ingest(
    input: &Location,
    output: &Location,
    pseudonymiser: &Pseudonymiser,
    options: &IngestOptions,
    progress: &dyn Progress,
) -> Result<IngestMetrics> {
    let started = Instant::now();
    if let Some(dir) = input.local_path().filter(|d| !d.is_dir()) {
        return Err(Error::Usage {
            option: "--input".into(),
            message: format!("input root {} is not a folder", dir.display()),
        });
    }
    // What a killed run was writing (local output): never listed, so never deleted otherwise.
    let partial = output.remove_partial_uploads(STAGED)?;
    if partial > 0 {
        tracing::warn!(output = %output.display(), "removed {partial} partly written staged file(s) of an interrupted run");
    }
    let mut metrics = IngestMetrics {
        max_quarantine_share: options.max_quarantine_share,
        ..Default::default()
    };
    for spec in extracts::ALL {
        let kind_started = Instant::now();
        let listed_at = chrono::Utc::now();
        let files: Vec<ObjectMeta> = input
            .list(spec.kind)
            .await?
            .into_iter()
            .filter(|m| {
                m.location
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
            })
            .collect();
        if files.is_empty() {
            tracing::info!(kind = spec.kind, "not supplied");
            output.delete(&resume::marker_path(spec)).await?;
            staged::prune(output, spec.kind, &Default::default()).await?;
            metrics.kinds.push(KindMetrics {
                status: KindStatus::NotSupplied,
                ..new_kind_metrics(spec)
            });
            continue;
        }
        let plan = if options.reuse {
            let share = options.max_quarantine_share;
            resume::plan(input, output, spec, &files, pseudonymiser, share).await?
        } else {
            Plan::From(Resume::default())
        };
        let (mut from, mut staged_mismatch) = match plan {
            Plan::Reuse(reused) => {
                tracing::info!(kind = spec.kind, "inputs unchanged: re-using staged table");
                metrics.kinds.push(*reused);
                continue;
            }
            Plan::Damaged(why) => (Resume::default(), Some(why)),
            Plan::From(from) => (from, None),
        };
        let versions = resume::settled_versions(&files, listed_at);
        let mut parser = KindParser::new(spec, pseudonymiser.clone(), options.index_rows);
        let refill = from.files.len() < files.len();
        if let Some(why) =
            resume::prepare(output, spec, &from, pseudonymiser, &mut parser, refill, &versions).await?
        {
            staged_mismatch = Some(why);
            from = Resume::default();
            parser = KindParser::new(spec, pseudonymiser.clone(), options.index_rows);
            resume::prepare(output, spec, &from, pseudonymiser, &mut parser, true, &versions).await?;
        }
        if let Some(why) = &staged_mismatch {
            tracing::warn!(
                kind = spec.kind,
                "staged table does not match what ingest wrote: {why}; re-ingesting from the inputs"
            );
        } else if !from.files.is_empty() {
            tracing::info!(
                kind = spec.kind,
                reused = from.files.len(),
                ingesting = files.len() - from.files.len(),
                "unchanged files re-used as staged"
            );
        }
        let (mut kind, parts) = ingest_kind(
            input,
            output,
            spec,
            &files,
            &versions,
            from,
            parser,
            pseudonymiser,
            options,
            progress,
        )
        .await?;
        kind.elapsed_ms = kind_started.elapsed().as_millis() as u64;
        resume::write_marker(output, spec, pseudonymiser, true, &kind, &parts, &versions).await?;
        kind.staged_mismatch = staged_mismatch;
        metrics.kinds.push(kind);
    }
    staged::remove_strays(output).await?;
    metrics.elapsed_ms = started.elapsed().as_millis() as u64;
    if metrics.supplied().next().is_none() {
        let kinds: Vec<String> = extracts::ALL.iter().map(|s| format!("{}/", s.kind)).collect();
        return Err(Error::NoInput(format!(
            "no extracts under {}: expected one or more of the folders {} holding .csv files",
            input.display(),
            kinds.join(", ")
        )));
    }
    Ok(metrics)
}

/// The staged table folder of a kind, relative to the output root.
pub fn staged_table_path(kind: &str) -> String {
    format!("{STAGED}/{kind}/")
}

/// The quarantine folder, relative to the output root.
pub fn quarantine_path() -> String {
    format!("{STAGED}/quarantine/")
}

/// The folder of a kind's key parts (`keys.rs`), relative to the output root. Here with the
/// other staged paths, so that `staged.rs` (which prunes them) and `keys.rs` (which writes them
/// with `staged.rs`'s writer) do not import each other.
pub fn key_parts_path(kind: &str) -> String {
    format!("{STAGED}/_ingest/{kind}/")
}

/// Whether two entity tags name the same version (stores differ in quoting them); unknown
/// tags are taken as equal, leaving the size to tell.
fn same_version(listed: &ObjectMeta, now: &ObjectMeta) -> bool {
    listed.size == now.size
        && match (version_tag(listed), version_tag(now)) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        }
}

/// The store's version tag of an object (its ETag, without the weak marker and quotes).
fn version_tag(meta: &ObjectMeta) -> Option<String> {
    meta.e_tag
        .as_deref()
        .map(|t| t.trim_start_matches("W/").trim_matches('"').to_string())
}

/// The error for an input file that is no longer the version that was listed.
fn changed_input(input: &Location, listed: &ObjectMeta, what: &str) -> Error {
    Error::io(
        input_url(input, listed),
        std::io::Error::other(format!(
            "input changed after it was listed ({what}; listed {} bytes, last modified {}): \
             probably an upload still in progress. Nothing of it was staged; re-run once the \
             file is complete",
            listed.size,
            listed.last_modified.to_rfc3339()
        )),
    )
}

/// Opens an input file, failing (naming it) unless it is still the version that was listed.
async fn open_listed(input: &Location, listed: &ObjectMeta) -> Result<GetResult> {
    match input.store.get(&listed.location).await {
        Ok(r) if same_version(listed, &r.meta) => Ok(r),
        Ok(r) => Err(changed_input(
            input,
            listed,
            &format!("{} bytes when opened", r.meta.size),
        )),
        Err(object_store::Error::NotFound { .. }) => Err(changed_input(input, listed, "removed")),
        Err(e) => Err(e.into()),
    }
}

/// After a file was read: fails unless it was read whole (when `read_to_end`) and is still the
/// version that was listed.
async fn check_unchanged(
    input: &Location,
    listed: &ObjectMeta,
    bytes_read: u64,
    read_to_end: bool,
) -> Result<()> {
    if read_to_end && bytes_read != listed.size {
        return Err(changed_input(input, listed, &format!("{bytes_read} bytes read")));
    }
    match input.store.head(&listed.location).await {
        Ok(now) if same_version(listed, &now) => Ok(()),
        Ok(now) => Err(changed_input(
            input,
            listed,
            &format!("{} bytes and a new version after it was read", now.size),
        )),
        Err(object_store::Error::NotFound { .. }) => Err(changed_input(input, listed, "removed while read")),
        Err(e) => Err(e.into()),
    }
}

/// A file's status under the current threshold.
fn classify(outcome: &FileOutcome, max_quarantine_share: f64) -> FileStatus {
    let share = outcome.rows_quarantined as f64 / outcome.rows_read.max(1) as f64;
    if outcome.rejected.is_some() {
        FileStatus::Rejected
    } else if share > max_quarantine_share {
        FileStatus::TooManyRejected
    } else {
        FileStatus::Ingested
    }
}

fn input_url(input: &Location, meta: &ObjectMeta) -> String {
    match input.local_path() {
        Some(_) => format!("/{}", meta.location),
        None => format!(
            "{}/{}",
            input.store_url.as_str().trim_end_matches('/'),
            meta.location
        ),
    }
}

/// A kind's metrics before any file.
fn new_kind_metrics(spec: &ExtractSpec) -> KindMetrics {
    KindMetrics {
        kind: spec.kind.into(),
        status: KindStatus::Ingested,
        files: Vec::new(),
        rows_read: 0,
        rows_accepted: 0,
        rows_quarantined: 0,
        elapsed_ms: 0,
        staged_mismatch: None,
    }
}

/// Adds a file's metrics to its kind's.
fn add_file(kind: &mut KindMetrics, file: FileMetrics) {
    kind.rows_read += file.outcome.rows_read;
    kind.rows_accepted += file.outcome.rows_accepted;
    kind.rows_quarantined += file.outcome.rows_quarantined;
    kind.files.push(file);
}

/// Ingests the kind's `files` after the first `from.files.len()`, which are kept as staged
/// (`resume::prepare` has verified their parts and re-filled `parser`). After each file the
/// marker records the files done so far, so a killed run resumes after them.
#[allow(clippy::too_many_arguments)]
async fn ingest_kind(
    input: &Location,
    output: &Location,
    spec: &'static ExtractSpec,
    files: &[ObjectMeta],
    versions: &[Option<String>],
    from: Resume,
    mut parser: KindParser,
    pseudonymiser: &Pseudonymiser,
    options: &IngestOptions,
    progress: &dyn Progress,
) -> Result<(KindMetrics, Vec<StagedPart>)> {
    let mut kind = new_kind_metrics(spec);
    let kept = from.files.len();
    for mut file in from.files {
        file.status = classify(&file.outcome, options.max_quarantine_share);
        file.reused = true;
        add_file(&mut kind, file);
    }
    let mut parts: Vec<StagedPart> = from.parts;
    for (idx, meta) in files.iter().enumerate().skip(kept) {
        let started = Instant::now();
        let path = input_url(input, meta);
        progress.message(format!(
            "{} {}",
            spec.kind,
            meta.location.filename().unwrap_or("")
        ));
        let [data_rel, quarantine_rel, keys_rel] = resume::part_paths(spec.kind, idx);
        let (outcome, written) = ingest_file(
            input,
            output,
            meta,
            &path,
            &mut parser,
            options.batch_rows.max(1),
            [&data_rel, &quarantine_rel, &keys_rel],
            progress,
        )
        .await?;
        if outcome.rejected.is_some() {
            for rel in [&data_rel, &quarantine_rel, &keys_rel] {
                output.delete(rel).await?;
            }
            tracing::error!(file = %path, reason = outcome.rejected.as_deref().unwrap_or(""), "file rejected");
        } else {
            parts.extend(
                [written.data, written.quarantine, written.keys]
                    .into_iter()
                    .flatten(),
            );
        }
        add_file(
            &mut kind,
            FileMetrics {
                path,
                size: meta.size,
                status: classify(&outcome, options.max_quarantine_share),
                outcome,
                elapsed_ms: started.elapsed().as_millis() as u64,
                reused: false,
            },
        );
        if idx + 1 < files.len() {
            resume::write_marker(output, spec, pseudonymiser, false, &kind, &parts, versions).await?;
            crate::crash::point("ingest.file");
        }
    }
    let table = staged_table_path(spec.kind);
    if !parts.iter().any(|p| p.path.starts_with(&table)) {
        // Keep the table's schema even with no accepted rows, so queries still plan.
        let rel = format!("{table}part-empty.parquet");
        let mut w = AsyncArrowWriter::try_new(
            HashingFileWriter::new(output, &rel),
            parser.schema(),
            Some(crate::storage::parquet_writer_properties()?),
        )?;
        w.finish().await?;
        parts.push(w.into_inner().hash.finish(&rel, 0));
    }
    parts.sort_by(|a, b| a.path.cmp(&b.path));
    Ok((kind, parts))
}

/// The parts one input file left in the staged tables.
#[derive(Default)]
struct WrittenParts {
    data: Option<StagedPart>,
    quarantine: Option<StagedPart>,
    keys: Option<StagedPart>,
}

/// Chunks are cut at `ingest.batch_rows` records, or at this many bytes for very long records.
const MAX_CHUNK_BYTES: usize = 64 << 20;

/// Near the end of a file chunks shrink (see [`chunk_bytes`]), but not below this.
const MIN_TAIL_CHUNK_BYTES: usize = 1 << 20;

/// The byte limit of the next chunk when `remaining` bytes of the file are still to be cut.
///
/// Full-size chunks to the end would leave one core idle while the other converts the last
/// chunk (about a tenth of a second at the default size). Capping each chunk at a share of what
/// is left makes the last few chunks shrink geometrically, so the workers finish together.
fn chunk_bytes(remaining: u64, workers: usize) -> usize {
    let share = remaining / (2 * workers as u64).max(1);
    usize::try_from(share).map_or(MAX_CHUNK_BYTES, |s| {
        s.clamp(MIN_TAIL_CHUNK_BYTES, MAX_CHUNK_BYTES)
    })
}

/// Conversions run at once (and chunks read ahead): one per core keeps every core busy while the
/// reader and the Parquet writer take their share; memory is about twice this many chunks.
fn conversion_workers() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

/// Ingests one file: a blocking reader thread hashes the bytes and cuts them into chunks of
/// whole records; the chunks are converted in parallel on blocking threads and come back in
/// order; the parser applies the uniqueness rules in that order; the Parquet writers run here.
#[allow(clippy::too_many_arguments)]
async fn ingest_file(
    input: &Location,
    output: &Location,
    meta: &ObjectMeta,
    display_path: &str,
    parser: &mut KindParser,
    batch_rows: usize,
    [data_rel, quarantine_rel, keys_rel]: [&str; 3],
    progress: &dyn Progress,
) -> Result<(FileOutcome, WrittenParts)> {
    // A local file is read directly on the blocking thread; other stores stream their bytes.
    let reader: Box<dyn std::io::Read + Send> = match open_listed(input, meta).await?.payload {
        GetResultPayload::File(file, _) => Box::new(file),
        GetResultPayload::Stream(stream) => Box::new(SyncIoBridge::new(StreamReader::new(
            stream.map(|r| r.map_err(std::io::Error::other)),
        ))),
    };
    let workers = conversion_workers();
    let size = meta.size;
    let (tx, mut rx) = tokio::sync::mpsc::channel::<std::io::Result<Chunk>>(workers);
    let read = tokio::task::spawn_blocking(move || {
        let mut hashing = HashingReader::new(reader);
        let mut chunker = Chunker::new(&mut hashing);
        let mut max_records = 1; // the header first
        let mut cut = 0u64;
        let mut read_to_end = false;
        loop {
            let max_bytes = chunk_bytes(size.saturating_sub(cut), workers);
            let next = chunker.next_chunk(max_records, max_bytes).transpose();
            max_records = batch_rows;
            let Some(next) = next else {
                read_to_end = true;
                break;
            };
            if let Ok(chunk) = &next {
                cut += chunk.bytes.len() as u64;
            }
            let failed = next.is_err();
            // A closed channel means the file was rejected or the writer failed: stop reading.
            if tx.blocking_send(next).is_err() || failed {
                break;
            }
        }
        drop(chunker);
        (hashing.finish(), read_to_end)
    });
    let io = |e: std::io::Error| Error::io(display_path, e);

    let mut outcome = FileOutcome::default();
    let header = rx.recv().await.transpose().map_err(io)?;
    let (file_idx, converter) = parser.begin_file(display_path, header.as_ref(), &mut outcome);
    let mut quarantine = None;
    let mut written = WrittenParts::default();
    if let Some(converter) = converter {
        let converter = Arc::new(converter);
        let props = staged_writer_properties(parser.spec())?;
        let (mut part, encoder) = PartWriter::new(output, data_rel, parser.schema(), props)?;
        let quarantine_props = crate::storage::parquet_writer_properties()?;
        let mut converted = futures::stream::poll_fn(|cx| rx.poll_recv(cx))
            .map(|chunk| {
                let (converter, encoder) = (converter.clone(), encoder.clone());
                async move {
                    let chunk = chunk.map_err(io)?;
                    tokio::task::spawn_blocking(move || {
                        let converted = converter.convert(chunk)?;
                        let encoded = converted.batch().map(|b| encoder.encode(b)).transpose()?;
                        Ok::<_, Error>((converted, encoded))
                    })
                    .await
                    .map_err(|e| Error::Internal(format!("ingest conversion task failed: {e}")))?
                }
            })
            .buffered(workers);
        let mut rows = QuarantineRows::new(parser.spec().kind, display_path.into());
        let mut keys = KeyPartWriter::new(output, keys_rel, parser.unique_rules());
        let mut staged_keys = StagedKeys::default();
        loop {
            let next = converted.next().await;
            let done = next.is_none();
            if let Some(chunk) = next {
                let (mut chunk, encoded) = chunk?;
                if let Some(reason) = chunk.rejected.take() {
                    outcome.rejected = Some(reason);
                    break;
                }
                for due in parser.keys_due(&chunk)? {
                    refill_deferred(output, parser, due).await?;
                }
                let (batch, quarantined) =
                    parser.admit(file_idx, &converter, chunk, &mut outcome, &mut staged_keys)?;
                keys.append(&mut staged_keys).await?;
                if let Some(batch) = batch {
                    progress.rows(batch.num_rows() as u64);
                    // Rows removed as duplicates: encode what is left here (rare).
                    let encoded = match encoded {
                        Some(e) if e.rows == batch.num_rows() => e,
                        _ => encoder.encode(&batch)?,
                    };
                    part.append(encoded).await?;
                }
                quarantined.iter().for_each(|row| rows.push(row));
            }
            if rows.len() >= batch_rows || (done && !rows.is_empty()) {
                let batch = rows.finish()?;
                write_batch(&mut quarantine, output, quarantine_rel, &batch, &quarantine_props).await?;
            }
            if done {
                break;
            }
        }
        drop(converted);
        written.data = part.finish().await?;
        written.keys = keys.finish().await?;
    }
    drop(rx);
    if let Some(mut w) = quarantine {
        let rows = w.finish().await?.file_metadata().num_rows();
        written.quarantine = Some(w.into_inner().hash.finish(quarantine_rel, rows as u64));
    }
    let ((bytes, sha256), read_to_end) = read
        .await
        .map_err(|e| Error::Internal(format!("ingest reader task failed: {e}")))?;
    check_unchanged(input, meta, bytes, read_to_end).await?;
    if outcome.rejected.is_some() {
        // Nothing of a rejected file counts, however far it was read before the bad bytes.
        parser.forget_file(file_idx);
        outcome.rows_read = 0;
        outcome.rows_accepted = 0;
        outcome.rows_quarantined = 0;
        outcome.reasons.clear();
    }
    outcome.bytes = bytes;
    outcome.sha256 = sha256;
    Ok((outcome, written))
}

/// Adds a re-used file's deferred keys to the uniqueness index: a row of their periods is about
/// to be judged. Their part was verified with the kept files (`resume::prepare`).
async fn refill_deferred(output: &Location, parser: &mut KindParser, due: DeferredKeys) -> Result<()> {
    let started = Instant::now();
    let rows = keys::refill(output, &due.key_part, parser, due.file_idx)
        .await?
        .map_err(Error::Internal)?;
    tracing::info!(
        kind = parser.spec().kind,
        part = due.key_part.path,
        keys = rows,
        elapsed_ms = started.elapsed().as_millis() as u64,
        "keys of a re-used file added to the uniqueness index: a new row shares their periods"
    );
    Ok(())
}

/// Parquet settings of a kind's staged table: the shared ones, except for text columns.
///
/// Text columns carry no min/max statistics: they hold code-list values and free text that
/// every row group spans, so their min/max would never let a reader skip one, and computing
/// them compares every value twice (about 3% of ingest CPU). Dates and numbers keep theirs
/// (`snapshot_date` ranges do prune). Pseudonym columns (unique random hashes) also get no
/// dictionary, which would cost time and space and never compress them.
fn staged_writer_properties(spec: &ExtractSpec) -> Result<parquet::file::properties::WriterProperties> {
    use parquet::file::properties::EnabledStatistics;
    use parquet::schema::types::ColumnPath;
    let mut props = crate::storage::parquet_writer_properties()?.into_builder();
    for column in spec.columns {
        for output in column
            .outputs()
            .iter()
            .filter(|o| o.data_type == OutputType::Utf8)
        {
            props =
                props.set_column_statistics_enabled(ColumnPath::from(output.name), EnabledStatistics::None);
        }
        if matches!(column.ty, ColumnType::Pseudonym) {
            props = props.set_column_dictionary_enabled(ColumnPath::from(column.name), false);
        }
    }
    Ok(props.build())
}

/// Writes `batch` to the Parquet file in `slot`, creating it at `rel` on first use.
async fn write_batch(
    slot: &mut Option<AsyncArrowWriter<HashingFileWriter>>,
    output: &Location,
    rel: &str,
    batch: &arrow::array::RecordBatch,
    props: &parquet::file::properties::WriterProperties,
) -> Result<()> {
    if slot.is_none() {
        let w = HashingFileWriter::new(output, rel);
        *slot = Some(AsyncArrowWriter::try_new(w, batch.schema(), Some(props.clone()))?);
    }
    if let Some(w) = slot.as_mut() {
        w.write(batch).await?;
    }
    Ok(())
}

/// Convenience used by tests and tools: the staged schema of a kind.
pub fn staged_schema(kind: &str) -> Option<arrow::datatypes::SchemaRef> {
    extracts::by_kind(kind).map(ExtractSpec::schema)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The run spawns ingest on a multi-threaded runtime: its future must stay `Send` (a
    /// closure over borrowed arguments held across an await is the usual way to lose that).
    #[allow(dead_code)]
    fn ingest_future_is_send(input: &Location, output: &Location, p: &Pseudonymiser, o: &IngestOptions) {
        fn send<T: Send>(_: T) {}
        send(ingest(input, output, p, o, &crate::progress::Silent));
    }

    #[test]
    fn chunks_shrink_towards_the_end_of_a_file() {
        assert_eq!(
            chunk_bytes(10 << 30, 2),
            MAX_CHUNK_BYTES,
            "far from the end: the row limit rules"
        );
        assert_eq!(
            chunk_bytes(40 << 20, 2),
            10 << 20,
            "a quarter of what is left on two workers"
        );
        assert_eq!(chunk_bytes(40 << 20, 4), 5 << 20);
        assert_eq!(chunk_bytes(100, 2), MIN_TAIL_CHUNK_BYTES, "never below the floor");
        assert_eq!(chunk_bytes(0, 2), MIN_TAIL_CHUNK_BYTES);
    }

    #[test]
    fn versions_compare_by_size_and_unquoted_entity_tag() {
        let meta = |size: u64, e_tag: Option<&str>| ObjectMeta {
            location: object_store::path::Path::from("in/esr_workforce/a.csv"),
            last_modified: chrono::DateTime::<chrono::Utc>::default(),
            size,
            e_tag: e_tag.map(str::to_string),
            version: None,
        };
        assert!(same_version(&meta(10, Some("\"abc\"")), &meta(10, Some("abc"))));
        assert!(same_version(
            &meta(10, Some("W/\"abc\"")),
            &meta(10, Some("\"abc\""))
        ));
        assert!(
            !same_version(&meta(10, Some("abc")), &meta(10, Some("abd"))),
            "replaced"
        );
        assert!(
            !same_version(&meta(10, Some("abc")), &meta(11, Some("abc"))),
            "appended"
        );
        assert!(
            same_version(&meta(10, None), &meta(10, Some("abc"))),
            "no tag: size decides"
        );
        assert!(!same_version(&meta(10, None), &meta(12, None)));
    }

    #[test]
    fn staged_text_columns_have_no_statistics_and_pseudonyms_no_dictionary() {
        use parquet::file::properties::EnabledStatistics;
        use parquet::schema::types::ColumnPath;
        let props = staged_writer_properties(&extracts::ESR_WORKFORCE).unwrap();
        let stats = |c: &str| props.statistics_enabled(&ColumnPath::from(c));
        let dictionary = |c: &str| props.dictionary_enabled(&ColumnPath::from(c));
        for text in ["pay_band", "ethnic_code", "ethnic_group", "job_role", "person_id"] {
            assert_eq!(stats(text), EnabledStatistics::None, "{text}");
        }
        for other in ["snapshot_date", "fte", "is_interim"] {
            assert_ne!(stats(other), EnabledStatistics::None, "{other}");
        }
        assert!(!dictionary("person_id") && !dictionary("assignment_id"));
        assert!(dictionary("pay_band"));
    }
}
