//! Writing one table file (Parquet or CSV) to any object store, and reading Parquet back.
//!
//! Parquet is streamed through `object_store::buffered::BufWriter` (multipart upload for large
//! files) with zstd level 1 and a fixed `created_by`, so the same batches always give the same
//! bytes. The SHA-256 is computed on the bytes as they are written, so nothing is re-read.
//!
//! CSV is rendered in memory and written in one PUT: result tables are aggregates (thousands
//! of rows, not millions).
//!
//! A failed write is an error naming the object. A multipart upload that fails before its
//! completion is aborted (so no parts linger on S3); the local store removes its temporary
//! file itself.

use bytes::Bytes;
use futures::future::BoxFuture;
use object_store::buffered::BufWriter;
use parquet::arrow::AsyncArrowWriter;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::arrow::async_writer::AsyncFileWriter;
use sha2::{Digest, Sha256};

use arrow::array::RecordBatch;
use arrow::datatypes::SchemaRef;

use super::manifest::FileRecord;
use crate::error::{Error, Result};
use crate::storage::Location;

/// Parquet settings shared with staging (see [`crate::storage::parquet_writer_properties`]).
pub use crate::storage::parquet_writer_properties as writer_properties;

/// An [`AsyncFileWriter`] that hashes and counts what passes through it.
struct Hashing<W> {
    inner: W,
    hasher: Sha256,
    bytes: u64,
    /// `complete` was called (a `BufWriter` must not be aborted after that).
    completing: bool,
}

impl<W: AsyncFileWriter> AsyncFileWriter for Hashing<W> {
    fn write(&mut self, bs: Bytes) -> BoxFuture<'_, parquet::errors::Result<()>> {
        self.hasher.update(&bs);
        self.bytes += bs.len() as u64;
        self.inner.write(bs)
    }

    fn complete(&mut self) -> BoxFuture<'_, parquet::errors::Result<()>> {
        self.completing = true;
        self.inner.complete()
    }
}

/// Writes `batches` as one Parquet file at `run.path(rel)`; `rel` is recorded as its path.
pub async fn write_parquet(
    run: &Location,
    rel: &str,
    schema: SchemaRef,
    batches: &[RecordBatch],
) -> Result<FileRecord> {
    let sink = Hashing {
        inner: BufWriter::new(run.store.clone(), run.path(rel)),
        hasher: Sha256::new(),
        bytes: 0,
        completing: false,
    };
    let mut writer = AsyncArrowWriter::try_new(sink, schema, Some(writer_properties()?))?;
    let mut written = Ok(());
    for batch in batches {
        written = writer.write(batch).await;
        if written.is_err() {
            break;
        }
    }
    if written.is_ok() {
        written = writer.finish().await.map(|_| ());
    }
    let mut sink = writer.into_inner();
    if let Err(e) = written {
        if !sink.completing
            && let Err(abort) = sink.inner.abort().await
        {
            tracing::warn!("aborting the upload of {} failed: {abort}", run.url_of(rel));
        }
        return Err(Error::Publish {
            what: run.url_of(rel),
            message: format!("cannot write the table file: {e}"),
        });
    }
    Ok(FileRecord {
        path: rel.to_string(),
        bytes: sink.bytes,
        sha256: hex::encode(sink.hasher.finalize()),
    })
}

/// Renders `batches` as CSV (header row, ISO dates, empty string for null).
pub fn render_csv(schema: SchemaRef, batches: &[RecordBatch]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    {
        let mut writer = arrow::csv::WriterBuilder::new()
            .with_header(true)
            .with_date_format("%Y-%m-%d".to_string())
            .build(&mut out);
        // An empty batch first, so a table with no rows still gets its header.
        writer.write(&RecordBatch::new_empty(schema))?;
        for batch in batches {
            writer.write(batch)?;
        }
    }
    Ok(out)
}

/// Writes `data` at `run.path(rel)` in one PUT and records it.
pub async fn write_bytes(run: &Location, rel: &str, data: Vec<u8>) -> Result<FileRecord> {
    let record = FileRecord {
        path: rel.to_string(),
        bytes: data.len() as u64,
        sha256: hex::encode(Sha256::digest(&data)),
    };
    run.put(rel, data).await?;
    Ok(record)
}

/// Reads a whole Parquet object into record batches (result tables are small).
pub async fn read_parquet(run: &Location, rel: &str) -> Result<Vec<RecordBatch>> {
    let data = run.get_opt(rel).await?.ok_or_else(|| Error::Publish {
        what: run.url_of(rel),
        message: "the table file does not exist".to_string(),
    })?;
    let reader = ParquetRecordBatchReaderBuilder::try_new(data)?.build()?;
    Ok(reader.collect::<std::result::Result<Vec<_>, _>>()?)
}
