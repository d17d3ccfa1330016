//! Fingerprints of staged parts, so that a staged table is re-used only if it is byte for byte
//! what the last ingest wrote.
//!
//! Every Parquet part ingest writes (`staged/<kind>/part-*.parquet` and the kind's
//! `staged/quarantine/<kind>-*.parquet`) is hashed while it is written (XXH64 of its bytes, no
//! second read) and recorded with its size and row count in the kind's staged marker. Before a
//! re-use, [`verify`] checks, cheapest first: the set of parts (none missing, none extra), each
//! size, each footer's row count (one small range read), then each checksum (one read of every
//! staged byte; XXH64 runs at memory speed, so the read is the cost). A failing disk, an
//! interrupted copy or a stray file then means a re-ingest from the inputs, not a query failing
//! on corrupt Parquet or, worse, quietly wrong numbers.
//!
//! Caveat: this protects against accidents, not tampering; XXH64 is not a cryptographic hash.

use std::collections::{BTreeMap, BTreeSet};
use std::hash::Hasher;
use std::io::Read;

use bytes::Bytes;
use futures::StreamExt;
use futures::future::BoxFuture;
use object_store::buffered::BufWriter;
use object_store::path::Path;
use object_store::{GetResult, GetResultPayload, ObjectMeta, ObjectStoreExt};
use parquet::arrow::async_writer::AsyncFileWriter;
use parquet::file::metadata::{ParquetMetaData, ParquetMetaDataReader};
use serde::{Deserialize, Serialize};
use twox_hash::XxHash64;

use crate::error::{Error, Result};
use crate::storage::Location;

/// One staged Parquet part as ingest wrote it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct StagedPart {
    /// Relative to the output root, e.g. `staged/esr_workforce/part-00000.parquet`.
    pub path: String,
    /// Bytes.
    pub size: u64,
    /// Rows in the part (its footer's count).
    pub rows: u64,
    /// XXH64 (seed 0) of the part's bytes, 16 lower-case hex digits.
    pub xxh64: String,
}

/// XXH64 and length of bytes as they are written.
pub struct PartHasher {
    hasher: XxHash64,
    bytes: u64,
}

impl Default for PartHasher {
    fn default() -> Self {
        PartHasher {
            hasher: XxHash64::with_seed(0),
            bytes: 0,
        }
    }
}

impl PartHasher {
    pub fn update(&mut self, data: &[u8]) {
        self.hasher.write(data);
        self.bytes += data.len() as u64;
    }

    /// The record of a part at `path` (relative to the output root) holding `rows` rows.
    pub fn finish(&self, path: &str, rows: u64) -> StagedPart {
        StagedPart {
            path: path.to_string(),
            size: self.bytes,
            rows,
            xxh64: format!("{:016x}", self.hasher.finish()),
        }
    }
}

/// An object-store writer for `AsyncArrowWriter` that hashes what it passes on.
pub struct HashingFileWriter {
    inner: BufWriter,
    pub hash: PartHasher,
}

impl HashingFileWriter {
    pub fn new(output: &Location, rel: &str) -> Self {
        HashingFileWriter {
            inner: BufWriter::new(output.store.clone(), output.path(rel)),
            hash: PartHasher::default(),
        }
    }
}

impl AsyncFileWriter for HashingFileWriter {
    fn write(&mut self, bs: Bytes) -> BoxFuture<'_, parquet::errors::Result<()>> {
        self.hash.update(&bs);
        self.inner.write(bs)
    }

    fn complete(&mut self) -> BoxFuture<'_, parquet::errors::Result<()>> {
        self.inner.complete()
    }
}

/// The staged parts of `kind` found under `output`: its table folder, its quarantine parts and
/// its key parts.
async fn found_parts(output: &Location, kind: &str) -> Result<BTreeMap<Path, ObjectMeta>> {
    let mut found = BTreeMap::new();
    for folder in [super::staged_table_path(kind), super::key_parts_path(kind)] {
        for meta in output.list(&folder).await? {
            found.insert(meta.location.clone(), meta);
        }
    }
    let prefix = format!("{kind}-");
    for meta in output.list(&super::quarantine_path()).await? {
        if meta.location.filename().is_some_and(|f| f.starts_with(&prefix)) {
            found.insert(meta.location.clone(), meta);
        }
    }
    Ok(found)
}

/// Deletes every staged part of `kind` whose path (relative to the output root) is not in
/// `keep`: what a killed run left, the parts of files to be ingested again, the empty table's.
pub async fn prune(output: &Location, kind: &str, keep: &BTreeSet<&str>) -> Result<()> {
    let keep: BTreeSet<Path> = keep.iter().map(|rel| output.path(rel)).collect();
    for (location, _) in found_parts(output, kind).await? {
        if !keep.contains(&location) {
            match output.store.delete(&location).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
                Err(source) => {
                    return Err(Error::Store {
                        op: "delete",
                        url: output.url_of_path(&location),
                        source,
                    });
                }
            }
        }
    }
    Ok(())
}

/// Removes (with a warning) files in the quarantine folder that belong to no extract kind: the
/// quarantine table is the whole folder, and only a kind's own parts are verified with it.
pub async fn remove_strays(output: &Location) -> Result<()> {
    for meta in output.list(&super::quarantine_path()).await? {
        let ours = meta.location.filename().is_some_and(|f| {
            crate::extracts::ALL
                .iter()
                .any(|spec| f.starts_with(&format!("{}-", spec.kind)))
        });
        if !ours {
            tracing::warn!(
                file = %shown(output, &meta.location),
                "removing a file from the staged quarantine table that ingest did not write"
            );
            output.store.delete(&meta.location).await?;
        }
    }
    Ok(())
}

/// How to name an object of `output` to a person.
fn shown(output: &Location, location: &Path) -> String {
    match output.local_path() {
        Some(_) => format!("/{location}"),
        None => format!("{}/{location}", output.store_url.as_str().trim_end_matches('/')),
    }
}

/// XXH64 of every byte of an object.
async fn hash_object(output: &Location, location: &Path) -> Result<PartHasher> {
    let read = output.store.get(location).await?;
    feed(read, PartHasher::default(), PartHasher::update).await
}

/// Passes every byte of a read object to `update`, in order, and returns the state. A local
/// file is read on a blocking thread in large blocks (the local store's stream hands out 8 KiB
/// pieces, which is three times slower).
pub(super) async fn feed<T: Send + 'static>(
    read: GetResult,
    mut state: T,
    update: fn(&mut T, &[u8]),
) -> Result<T> {
    match read.payload {
        GetResultPayload::File(mut file, path) => tokio::task::spawn_blocking(move || {
            let mut block = vec![0u8; 1 << 20];
            loop {
                match file.read(&mut block) {
                    Ok(0) => return Ok(state),
                    Ok(n) => update(&mut state, &block[..n]),
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(Error::io(path, e)),
                }
            }
        })
        .await
        .map_err(|e| Error::Internal(format!("hashing task failed: {e}")))?,
        GetResultPayload::Stream(mut stream) => {
            while let Some(chunk) = stream.next().await {
                update(&mut state, &chunk?);
            }
            Ok(state)
        }
    }
}

/// The footer of the Parquet object at `location` (`size` bytes): two small range reads. The
/// inner error says why the footer is unreadable; the outer one is the store's.
pub(super) async fn footer(
    output: &Location,
    location: &Path,
    size: u64,
) -> Result<std::result::Result<ParquetMetaData, String>> {
    const TAIL: u64 = 8; // metadata length (u32, little-endian), then `PAR1`
    if size < TAIL + 4 {
        return Ok(Err(format!("{size} bytes is too short for Parquet")));
    }
    let tail = output.store.get_range(location, size - TAIL..size).await?;
    let Some((len, magic)) = tail.split_first_chunk::<4>() else {
        return Ok(Err("short read of the footer".into()));
    };
    if magic != b"PAR1" {
        return Ok(Err("no Parquet magic at the end".into()));
    }
    let len = u64::from(u32::from_le_bytes(*len));
    if len + TAIL + 4 > size {
        return Ok(Err(format!("metadata length {len} exceeds the file")));
    }
    let metadata = output
        .store
        .get_range(location, size - TAIL - len..size - TAIL)
        .await?;
    Ok(ParquetMetaDataReader::decode_metadata(&metadata).map_err(|e| e.to_string()))
}

/// The row count in the footer of the Parquet object at `location` (see [`footer`]).
async fn footer_rows(
    output: &Location,
    location: &Path,
    size: u64,
) -> Result<std::result::Result<u64, String>> {
    Ok(footer(output, location, size)
        .await?
        .and_then(|m| u64::try_from(m.file_metadata().num_rows()).map_err(|e| e.to_string())))
}

/// Checks that `kind`'s staged parts under `output` are exactly `recorded`. `None` if so, else
/// what differs first (naming the part). Errors only when the store itself fails.
pub async fn verify(output: &Location, kind: &str, recorded: &[StagedPart]) -> Result<Option<String>> {
    let mut found = found_parts(output, kind).await?;
    // The set of parts and their sizes (a listing): missing, truncated, extended.
    for part in recorded {
        let location = output.path(&part.path);
        let name = shown(output, &location);
        let Some(meta) = found.remove(&location) else {
            return Ok(Some(format!("staged part {name} is missing")));
        };
        if meta.size != part.size {
            return Ok(Some(format!(
                "staged part {name} is {} bytes, {} recorded",
                meta.size, part.size
            )));
        }
    }
    if let Some(extra) = found.keys().next() {
        return Ok(Some(format!(
            "unexpected staged part {} (not written by the last ingest of {kind})",
            shown(output, extra)
        )));
    }
    // Footers (small range reads): a readable footer with the recorded row count.
    for part in recorded {
        let location = output.path(&part.path);
        let name = shown(output, &location);
        match footer_rows(output, &location, part.size).await? {
            Ok(rows) if rows == part.rows => {}
            Ok(rows) => {
                return Ok(Some(format!(
                    "staged part {name} has {rows} rows, {} recorded",
                    part.rows
                )));
            }
            Err(e) => return Ok(Some(format!("staged part {name} has an unreadable footer: {e}"))),
        }
    }
    // Every byte.
    for part in recorded {
        let location = output.path(&part.path);
        let now = hash_object(output, &location)
            .await?
            .finish(&part.path, part.rows);
        if now != *part {
            return Ok(Some(format!(
                "staged part {} has checksum XXH64 {} over {} bytes, {} recorded over {} bytes",
                shown(output, &location),
                now.xxh64,
                now.size,
                part.xxh64,
                part.size
            )));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashing_in_pieces_equals_hashing_at_once() {
        let data: Vec<u8> = (0..100_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let mut pieces = PartHasher::default();
        for piece in data.chunks(4093) {
            pieces.update(piece);
        }
        let part = pieces.finish("staged/x/part-00000.parquet", 3);
        assert_eq!(part.size, data.len() as u64);
        assert_eq!(part.rows, 3);
        assert_eq!(part.xxh64, format!("{:016x}", XxHash64::oneshot(0, &data)));
        let mut flipped = data.clone();
        flipped[50_000] ^= 1;
        assert_ne!(part.xxh64, format!("{:016x}", XxHash64::oneshot(0, &flipped)));
    }

    #[tokio::test]
    async fn verify_names_the_first_difference() {
        let dir = tempfile::tempdir().unwrap();
        let out = Location::local(dir.path()).unwrap();
        // A real one-row Parquet part, written through the hashing writer.
        let schema = std::sync::Arc::new(arrow::datatypes::Schema::new(vec![arrow::datatypes::Field::new(
            "x",
            arrow::datatypes::DataType::Int32,
            false,
        )]));
        let batch = arrow::array::RecordBatch::try_new(
            schema.clone(),
            vec![std::sync::Arc::new(arrow::array::Int32Array::from(vec![7]))],
        )
        .unwrap();
        let rel = "staged/k/part-00000.parquet";
        let mut w =
            parquet::arrow::AsyncArrowWriter::try_new(HashingFileWriter::new(&out, rel), schema, None)
                .unwrap();
        w.write(&batch).await.unwrap();
        let rows = w.finish().await.unwrap().file_metadata().num_rows() as u64;
        let part = w.into_inner().hash.finish(rel, rows);
        let bytes = std::fs::read(dir.path().join(rel)).unwrap();
        assert_eq!(part.size, bytes.len() as u64);
        assert_eq!(part.xxh64, format!("{:016x}", XxHash64::oneshot(0, &bytes)));
        let recorded = vec![part.clone()];
        assert_eq!(verify(&out, "k", &recorded).await.unwrap(), None);

        let wrong_rows = vec![StagedPart {
            rows: 2,
            ..part.clone()
        }];
        let why = verify(&out, "k", &wrong_rows).await.unwrap().unwrap();
        assert!(why.contains("part-00000.parquet has 1 rows, 2 recorded"), "{why}");

        let wrong_sum = vec![StagedPart {
            xxh64: "0000000000000000".into(),
            ..part.clone()
        }];
        let why = verify(&out, "k", &wrong_sum).await.unwrap().unwrap();
        assert!(why.contains("checksum XXH64"), "{why}");

        // Another kind's quarantine parts are not this kind's.
        out.put("staged/quarantine/other-00000.parquet", "x")
            .await
            .unwrap();
        assert_eq!(verify(&out, "k", &recorded).await.unwrap(), None);
        out.put("staged/quarantine/k-00003.parquet", "x").await.unwrap();
        let why = verify(&out, "k", &recorded).await.unwrap().unwrap();
        assert!(
            why.contains("unexpected staged part") && why.contains("k-00003.parquet"),
            "{why}"
        );
    }
}
