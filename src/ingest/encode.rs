//! Parquet encoding of staged parts, done on the threads that convert the rows.
//!
//! Each chunk of accepted rows becomes one row group of its file's part. Its columns are
//! encoded and compressed where the chunk was converted ([`Encoder::encode`]), on all cores;
//! the part's writer then only splices the finished column chunks into the file in order
//! ([`PartWriter::append`]) and streams the bytes to the object store. With one writer
//! encoding everything, that writer ends up a third of the work and the last to finish.

use std::io::Write;
use std::sync::{Arc, Mutex, PoisonError};

use arrow::array::RecordBatch;
use arrow::datatypes::SchemaRef;
use object_store::buffered::BufWriter;
use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_writer::{ArrowColumnChunk, ArrowRowGroupWriterFactory, compute_leaves};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use tokio::io::AsyncWriteExt;

use super::staged::{PartHasher, StagedPart};
use crate::error::{Error, Result};
use crate::storage::Location;

/// Encodes record batches into row groups of one part; shared by the workers.
#[derive(Clone)]
pub struct Encoder {
    factory: Arc<ArrowRowGroupWriterFactory>,
    schema: SchemaRef,
}

/// One row group's column chunks, encoded and compressed, waiting to be appended.
pub struct EncodedRows {
    pub rows: usize,
    columns: Vec<ArrowColumnChunk>,
}

impl Encoder {
    pub fn encode(&self, batch: &RecordBatch) -> Result<EncodedRows> {
        // The row group index only matters for Parquet encryption, which staging does not use.
        let mut writers = self.factory.create_column_writers(0)?.into_iter();
        let mut columns = Vec::with_capacity(batch.num_columns());
        for (field, array) in self.schema.fields().iter().zip(batch.columns()) {
            for leaf in compute_leaves(field, array)? {
                let Some(mut writer) = writers.next() else {
                    return Err(Error::Internal(format!(
                        "no Parquet column writer left for '{}'",
                        field.name()
                    )));
                };
                writer.write(&leaf)?;
                columns.push(writer.close()?);
            }
        }
        Ok(EncodedRows {
            rows: batch.num_rows(),
            columns,
        })
    }
}

/// The bytes the file writer produced and the store has not yet received.
#[derive(Clone, Default)]
struct SharedBuffer(Arc<Mutex<Vec<u8>>>);

impl SharedBuffer {
    fn take(&self) -> Vec<u8> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

impl Write for SharedBuffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Writes one staged part from encoded row groups. Nothing reaches the store until the first
/// row group is appended, so a file without accepted rows leaves no part. The bytes are hashed
/// on their way out, for the staged marker (`staged`).
pub struct PartWriter {
    file: SerializedFileWriter<SharedBuffer>,
    buffer: SharedBuffer,
    output: Location,
    rel: String,
    out: Option<BufWriter>,
    hash: PartHasher,
    rows: u64,
}

impl PartWriter {
    /// A writer for `output/rel`, and the encoder its row groups must come from.
    pub fn new(
        output: &Location,
        rel: &str,
        schema: SchemaRef,
        props: WriterProperties,
    ) -> Result<(Self, Encoder)> {
        let buffer = SharedBuffer::default();
        let (file, factory) =
            ArrowWriter::try_new(buffer.clone(), schema.clone(), Some(props))?.into_serialized_writer()?;
        let encoder = Encoder {
            factory: Arc::new(factory),
            schema,
        };
        let writer = PartWriter {
            file,
            buffer,
            output: output.clone(),
            rel: rel.to_string(),
            out: None,
            hash: PartHasher::default(),
            rows: 0,
        };
        Ok((writer, encoder))
    }

    /// Appends one row group (row groups are written in the order they are appended).
    pub async fn append(&mut self, rows: EncodedRows) -> Result<()> {
        let mut row_group = self.file.next_row_group()?;
        for column in rows.columns {
            column.append_to_row_group(&mut row_group)?;
        }
        row_group.close()?;
        self.rows += rows.rows as u64;
        self.send().await?;
        crate::crash::point("ingest.row_group");
        Ok(())
    }

    async fn send(&mut self) -> Result<()> {
        let bytes = self.buffer.take();
        self.hash.update(&bytes);
        let out = self
            .out
            .get_or_insert_with(|| BufWriter::new(self.output.store.clone(), self.output.path(&self.rel)));
        out.write_all(&bytes).await.map_err(|e| self.io_error(e))
    }

    fn io_error(&self, e: std::io::Error) -> Error {
        Error::io(format!("{}/{}", self.output.display(), self.rel), e)
    }

    /// Writes the footer and completes the upload. Returns the part written, if any.
    pub async fn finish(mut self) -> Result<Option<StagedPart>> {
        if self.out.is_none() {
            return Ok(None);
        }
        self.file.finish()?;
        self.send().await?;
        if let Some(mut out) = self.out.take() {
            out.shutdown().await.map_err(|e| self.io_error(e))?;
        }
        crate::crash::point("ingest.part");
        Ok(Some(self.hash.finish(&self.rel, self.rows)))
    }
}
