//! Re-use of what the last ingest staged, file by file: a kind's staged marker, and where the
//! next ingest of the kind can start.
//!
//! Rows are judged in file order (listing order, i.e. by path): whether a row of file N is
//! accepted depends on the rows files 1..N-1 accepted (uniqueness), and its part is numbered N.
//! So the staged parts of the longest *prefix* of files that are unchanged (same path and size,
//! in the same places, and the same store version tag or else the same SHA-256:
//! [`settled_versions`]) are exactly what a cold ingest would write again, and the rest
//! are not reliably so. An ingest keeps that prefix, removes every other part of the kind, and
//! ingests from the first new, changed or moved file on, after re-filling the uniqueness index
//! with the prefix's keys (`keys`; for ESR, only the kept months a new row's snapshot date
//! falls in). The common nightly case, a new month's file that sorts
//! last, ingests that file alone; a late file that sorts before existing ones (an older month
//! sent late) re-ingests from it on; a changed or removed file, from its place on. One rule
//! for every kind: a kind without a uniqueness rule could keep any unchanged file, but its
//! parts are numbered by listing position, and object stores cannot rename.
//!
//! The marker (`staged/_ingest/<kind>.json`) is written when a kind's ingest completes, and
//! also, marked incomplete, before it starts (for the kept prefix) and after each file: a run
//! killed part-way leaves a marker for the files it finished, so the next run resumes after
//! them instead of starting the kind again. Only a complete marker lets a kind be re-used
//! whole without ingesting anything (status `reused`).

use futures::StreamExt;
use futures::future::Either;
use object_store::ObjectMeta;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::keys;
use super::parse::{DeferredKeys, KindParser};
use super::staged::{self, StagedPart};
use super::{FileMetrics, KindMetrics, KindStatus, STAGED, classify, input_url, open_listed};
use crate::error::Result;
use crate::extracts::{ExtractSpec, SPEC_VERSION};
use crate::ingest::pseudonym::Pseudonymiser;
use crate::storage::Location;

/// Fingerprint of a kind's inputs and of the staged parts written from them, stored beside its
/// staged table. A marker without `complete` (written before re-use by file, without key
/// parts) does not parse: the kind is ingested again.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
struct StagedMarker {
    spec_version: u32,
    talentpipe_version: String,
    key_id: String,
    /// False while the kind's ingest is under way: `metrics.files` and `parts` are then the
    /// files done so far (a prefix of the listing) and their parts.
    complete: bool,
    metrics: KindMetrics,
    /// Every part written for the kind (table, quarantine and key parts), in path order.
    parts: Vec<StagedPart>,
    /// The store's version tag of each file in `metrics.files` where it can be trusted alone
    /// ([`settled_versions`]), else `None`.
    #[serde(default)]
    versions: Vec<Option<String>>,
}

/// How long before its listing a file must have last been modified for its version tag to be
/// trusted alone at the next ingest (see [`settled_versions`]): above the coarsest
/// modification-time resolution of common file systems (FAT's 2 s).
const SETTLED: chrono::TimeDelta = chrono::TimeDelta::seconds(3);

/// The version tags to record for `files`, listed at `listed_at`.
///
/// A file is unchanged since the last ingest if its path and size are the same and either its
/// version tag is the one recorded or its SHA-256 is. The tag is the store's (`ObjectMeta::e_tag`:
/// for S3, GCS and Azure one that changes whenever the object is written; for a local file its
/// inode, modification time and size), and comparing it costs nothing, where hashing a year of
/// national monthly files costs over a second. A tag is recorded only for a file last modified
/// at least [`SETTLED`] before it was listed: a file written again just after the listing,
/// within its file system's time resolution and at the same size, would keep the tag (the
/// reason git re-reads "racily clean" files), so such a file is hashed at the next ingest.
pub(super) fn settled_versions(
    files: &[ObjectMeta],
    listed_at: chrono::DateTime<chrono::Utc>,
) -> Vec<Option<String>> {
    files
        .iter()
        .map(|m| match m.last_modified + SETTLED <= listed_at {
            true => super::version_tag(m),
            false => None,
        })
        .collect()
}

pub(super) fn marker_path(spec: &ExtractSpec) -> String {
    format!("{STAGED}/_ingest/{}.json", spec.kind)
}

/// Files of the last ingest kept as staged: the first `files.len()` files of the listing.
#[derive(Debug, Default)]
pub(super) struct Resume {
    /// Their metrics as recorded.
    pub files: Vec<FileMetrics>,
    /// Their staged parts (table, quarantine, key parts).
    pub parts: Vec<StagedPart>,
}

/// What the last ingest of a kind leaves for this one.
pub(super) enum Plan {
    /// Every file unchanged and every part verified: the kind's metrics, marked re-used.
    Reuse(Box<KindMetrics>),
    /// Every file unchanged, but the staged parts are not what was written (why, naming the
    /// part): ingest the kind again.
    Damaged(String),
    /// Keep these files' parts, ingest from the next file on (nothing kept: a cold ingest).
    From(Resume),
}

/// Compares the listed `files` with the kind's marker: the longest prefix of unchanged files
/// (same path and size, then the same version tag or else the same SHA-256, read in order until
/// one differs).
pub(super) async fn plan(
    input: &Location,
    output: &Location,
    spec: &ExtractSpec,
    files: &[ObjectMeta],
    pseudonymiser: &Pseudonymiser,
    max_quarantine_share: f64,
) -> Result<Plan> {
    let cold = Ok(Plan::From(Resume::default()));
    let Some(bytes) = output.get_opt(&marker_path(spec)).await? else {
        return cold;
    };
    let Ok(marker) = serde_json::from_slice::<StagedMarker>(&bytes) else {
        return cold;
    };
    if marker.spec_version != SPEC_VERSION
        || marker.talentpipe_version != env!("CARGO_PKG_VERSION")
        || marker.key_id != pseudonymiser.key_id()
    {
        return cold;
    }
    let recorded = &marker.metrics.files;
    let same_place = files
        .iter()
        .zip(recorded)
        .take_while(|(meta, r)| input_url(input, meta) == r.path && meta.size == r.size)
        .count();
    // Version tags, or else checksums, in order, a file per core at a time; the first that
    // differs ends the prefix.
    let started = std::time::Instant::now();
    // (The futures are made before the stream, not by a closure in it: a closure over borrowed
    // arguments there makes the whole ingest future fail to be `Send`.)
    let mut hashed = 0;
    let checks: Vec<_> = files[..same_place]
        .iter()
        .enumerate()
        .map(|(i, meta)| {
            let recorded_tag = marker.versions.get(i).cloned().flatten();
            if recorded_tag.is_some() && recorded_tag == super::version_tag(meta) {
                Either::Left(futures::future::ready(Ok(recorded[i].outcome.sha256.clone())))
            } else {
                hashed += 1;
                Either::Right(sha256(input, meta))
            }
        })
        .collect();
    let mut checksums = futures::stream::iter(checks).buffered(super::conversion_workers());
    let mut kept = 0;
    while let Some(sum) = checksums.next().await {
        if sum? != recorded[kept].outcome.sha256 {
            break;
        }
        kept += 1;
    }
    drop(checksums);
    tracing::info!(
        kind = spec.kind,
        files = kept,
        bytes = files[..kept].iter().map(|m| m.size).sum::<u64>(),
        hashed,
        elapsed_ms = started.elapsed().as_millis() as u64,
        "inputs unchanged since the last ingest (version tag, else SHA-256, checked)"
    );
    if marker.complete && kept == files.len() && kept == recorded.len() {
        return whole(output, spec, marker, max_quarantine_share).await;
    }
    let names: std::collections::BTreeSet<String> =
        (0..kept).flat_map(|idx| part_paths(spec.kind, idx)).collect();
    Ok(Plan::From(Resume {
        files: recorded[..kept].to_vec(),
        parts: marker
            .parts
            .into_iter()
            .filter(|p| names.contains(&p.path))
            .collect(),
    }))
}

/// Every file unchanged since a complete ingest: the re-use check of the whole kind, its parts
/// exactly as recorded (`staged::verify`).
async fn whole(
    output: &Location,
    spec: &ExtractSpec,
    marker: StagedMarker,
    max_quarantine_share: f64,
) -> Result<Plan> {
    if let Some(why) = verify(output, spec, &marker.parts).await? {
        return Ok(Plan::Damaged(why));
    }
    let mut metrics = marker.metrics;
    metrics.status = KindStatus::Reused;
    metrics.staged_mismatch = None;
    for f in &mut metrics.files {
        f.status = classify(&f.outcome, max_quarantine_share);
        f.reused = true;
    }
    Ok(Plan::Reuse(Box::new(metrics)))
}

/// `staged::verify`, logging what it read and how long it took.
async fn verify(output: &Location, spec: &ExtractSpec, parts: &[StagedPart]) -> Result<Option<String>> {
    let started = std::time::Instant::now();
    let why = staged::verify(output, spec.kind, parts).await?;
    tracing::info!(
        kind = spec.kind,
        parts = parts.len(),
        bytes = parts.iter().map(|p| p.size).sum::<u64>(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "staged parts verified"
    );
    Ok(why)
}

/// The parts the input file at `idx` can leave: its table part, quarantine part and key part.
pub(super) fn part_paths(kind: &str, idx: usize) -> [String; 3] {
    [
        format!("{}part-{idx:05}.parquet", super::staged_table_path(kind)),
        format!("{}{kind}-{idx:05}.parquet", super::quarantine_path()),
        keys::key_part_path(kind, idx),
    ]
}

/// Readies the staged folders for an ingest that keeps `resume`: marks the kind incomplete
/// (a marker for the kept files, or none), removes every other part of the kind (a killed
/// run's, the files from the first changed one on, the empty table's), verifies the kept parts
/// and, if files are to be read after them (`refill`), re-fills `parser` with the kept files
/// and their keys (for a kind whose keys are by period, it holds back each file's keys until
/// a row of its periods comes: `KindParser::keys_due`). `Some(why)` if the kept parts are not what was recorded: then nothing can be
/// kept, and the caller starts again with nothing.
pub(super) async fn prepare(
    output: &Location,
    spec: &ExtractSpec,
    resume: &Resume,
    pseudonymiser: &Pseudonymiser,
    parser: &mut KindParser,
    refill: bool,
    versions: &[Option<String>],
) -> Result<Option<String>> {
    if resume.files.is_empty() {
        output.delete(&marker_path(spec)).await?;
    } else {
        let mut metrics = super::new_kind_metrics(spec);
        for f in &resume.files {
            super::add_file(&mut metrics, f.clone());
        }
        write_marker(
            output,
            spec,
            pseudonymiser,
            false,
            &metrics,
            &resume.parts,
            versions,
        )
        .await?;
    }
    let keep: std::collections::BTreeSet<&str> = resume.parts.iter().map(|p| p.path.as_str()).collect();
    staged::prune(output, spec.kind, &keep).await?;
    crate::crash::point("ingest.resume");
    if resume.files.is_empty() {
        return Ok(None);
    }
    if let Some(why) = verify(output, spec, &resume.parts).await? {
        return Ok(Some(why));
    }
    if !refill {
        return Ok(None);
    }
    let started = std::time::Instant::now();
    if !parser.keys_by_period() {
        let table = super::staged_table_path(spec.kind);
        let staged: u64 = resume
            .parts
            .iter()
            .filter(|p| p.path.starts_with(&table))
            .map(|p| p.rows)
            .sum();
        parser.reserve(usize::try_from(staged).unwrap_or(usize::MAX));
    }
    let (mut keys_read, mut deferred) = (0, 0);
    for (idx, f) in resume.files.iter().enumerate() {
        let file_idx = parser.resume_file(&f.path);
        let [table, _, key_part] = part_paths(spec.kind, idx);
        let find = |path: &str| resume.parts.iter().find(|p| p.path == path);
        let staged_rows = find(&table).map_or(0, |p| p.rows);
        // The key part's rows, and whether they were read into the index now.
        let (key_rows, read) = match find(&key_part) {
            Some(part) => {
                let periods = match parser.keys_by_period() {
                    true => keys::periods(output, part).await?,
                    false => None,
                };
                if let Some(periods) = periods {
                    parser.defer_keys(DeferredKeys {
                        file_idx,
                        key_part: part.clone(),
                        periods,
                    });
                    (part.rows, false)
                } else {
                    match keys::refill(output, part, parser, file_idx).await? {
                        Ok(rows) => (rows, true),
                        Err(why) => return Ok(Some(why)),
                    }
                }
            }
            None => (0, true),
        };
        if parser.unique_rules() > 0 && key_rows != staged_rows {
            return Ok(Some(format!(
                "staged part {table} has {staged_rows} rows but its key part {key_rows}"
            )));
        }
        match read {
            true => keys_read += key_rows,
            false => deferred += 1,
        }
    }
    tracing::info!(
        kind = spec.kind,
        files = resume.files.len(),
        deferred,
        keys = keys_read,
        elapsed_ms = started.elapsed().as_millis() as u64,
        "uniqueness index re-filled from the unchanged files' key parts (deferred: those of \
         files whose periods no new row has yet)"
    );
    Ok(None)
}

/// Writes the kind's marker: `complete` once its ingest is done, else for the files so far.
/// The metrics are recorded as a cold ingest reports them (no file marked re-used); `versions`
/// are the listing's ([`settled_versions`]).
pub(super) async fn write_marker(
    output: &Location,
    spec: &ExtractSpec,
    pseudonymiser: &Pseudonymiser,
    complete: bool,
    metrics: &KindMetrics,
    parts: &[StagedPart],
    versions: &[Option<String>],
) -> Result<()> {
    let mut metrics = metrics.clone();
    metrics.status = KindStatus::Ingested;
    metrics.staged_mismatch = None;
    for f in &mut metrics.files {
        f.reused = false;
    }
    let mut parts = parts.to_vec();
    parts.sort_by(|a, b| a.path.cmp(&b.path));
    let marker = StagedMarker {
        spec_version: SPEC_VERSION,
        talentpipe_version: env!("CARGO_PKG_VERSION").into(),
        key_id: pseudonymiser.key_id().into(),
        versions: versions.iter().take(metrics.files.len()).cloned().collect(),
        complete,
        metrics,
        parts,
    };
    output
        .put(&marker_path(spec), serde_json::to_vec_pretty(&marker)?)
        .await
}

/// SHA-256 (hex) of an input file, failing (naming it) unless it is still the version listed.
async fn sha256(input: &Location, meta: &ObjectMeta) -> Result<String> {
    let read = open_listed(input, meta).await?;
    let hasher = staged::feed(read, Sha256::new(), |h, bytes| h.update(bytes)).await?;
    Ok(hex::encode(hasher.finalize()))
}
