//! Key parts: the uniqueness keys of the rows each input file staged, so that a later ingest
//! that re-uses the file (`resume`) can re-fill the uniqueness index without reading it again.
//!
//! A kind with a uniqueness rule accepts a row of file N only if no accepted row of files
//! 1..N-1 (or earlier in file N) has its key. Re-ingesting from file N therefore needs the keys
//! of every row files 1..N-1 staged, with their lines (a duplicate's reason names the line it
//! repeats). They are written beside each data part, while it is written:
//! `staged/_ingest/<kind>/keys-NNNNN.parquet` (NNNNN as the data part's), one row per staged
//! row in line order: `line` (UInt64), then for each uniqueness rule r its 12-byte key
//! (`parse::unique_key`) as two integers, `key_r_a` (UInt64, bytes 0-7 little-endian) and
//! `key_r_b` (UInt32, bytes 8-11): plain numbers, so that any tool can read and print the part.
//! They are recorded and verified with the kind's other parts (`staged`), and live outside the
//! table folders, so no query ever reads them.
//!
//! For a kind whose keys are by period (`KindParser::keys_by_period`: ESR's start with the
//! snapshot date), the footer also records the lowest and highest period of the part's rows
//! (`talentpipe.key_periods`). A re-used file's keys are then re-filled only when a row of a
//! period in that range is judged: a new month sent after a year of kept months reads none of
//! their key parts. (A key repeats only a key of the same period, but for a collision of the
//! 96-bit digests across periods, which a cold ingest would quarantine and this would not:
//! chance below 10⁻¹⁴ at national sizes.)
//!
//! No personal data in clear: a key is a 96-bit XXH64 digest of the row's key cells *after*
//! pseudonymisation (for ESR: the snapshot date and the assignment pseudonym), which the
//! staged table holds anyway. About 12 bytes per staged row (the digests do not compress; the
//! lines, delta-encoded, nearly vanish), under a third of the data part's (about 41 bytes a row
//! on generated ESR): for a national monthly snapshot of 1.6 million assignments about 19 MB.

use std::sync::Arc;

use arrow::array::{Array, ArrayRef, RecordBatch, UInt32Array, UInt64Array};
use arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use object_store::ObjectStoreExt;
use parquet::arrow::AsyncArrowWriter;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::basic::Encoding;
use parquet::file::metadata::KeyValue;
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use parquet::schema::types::ColumnPath;

use super::parse::{KindParser, PeriodRange, StagedKeys, widen};
use super::staged::{HashingFileWriter, StagedPart};
use super::unique::Key;
use crate::error::{Error, Result};
use crate::storage::Location;

/// The key part of the input file at `idx` (in listing order), relative to the output root.
pub fn key_part_path(kind: &str, idx: usize) -> String {
    format!("{}keys-{idx:05}.parquet", super::key_parts_path(kind))
}

/// The footer entry of a key part holding the lowest and highest value of the kind's period
/// column among its rows (`"lo hi"`, as [`PeriodRange`]), for a kind whose keys are by period.
const PERIODS_KEY: &str = "talentpipe.key_periods";

/// Rows per row group of a key part: a fixed number, so that the bytes do not depend on how
/// the file was cut into chunks, and the writer's buffer stays small (about 1.3 MB).
const ROW_GROUP_ROWS: usize = 65_536;

fn schema(rules: usize) -> SchemaRef {
    let mut fields = vec![Field::new("line", DataType::UInt64, false)];
    for r in 0..rules {
        fields.push(Field::new(format!("key_{r}_a"), DataType::UInt64, false));
        fields.push(Field::new(format!("key_{r}_b"), DataType::UInt32, false));
    }
    Arc::new(Schema::new(fields))
}

/// A key's two integers (see the module documentation).
fn split(key: &Key) -> (u64, u32) {
    let (a, b) = key.split_at(8);
    (
        u64::from_le_bytes(a.try_into().expect("8 of 12 bytes")),
        u32::from_le_bytes(b.try_into().expect("4 of 12 bytes")),
    )
}

fn join(a: u64, b: u32) -> Key {
    let mut key = Key::default();
    key[..8].copy_from_slice(&a.to_le_bytes());
    key[8..].copy_from_slice(&b.to_le_bytes());
    key
}

fn writer_properties() -> Result<WriterProperties> {
    Ok(crate::storage::parquet_writer_properties()?
        .into_builder()
        .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
        .set_dictionary_enabled(false)
        .set_statistics_enabled(EnabledStatistics::None)
        .set_column_encoding(ColumnPath::from("line"), Encoding::DELTA_BINARY_PACKED)
        .build())
}

/// Writes one file's key part as its rows are admitted. Nothing is written for a kind without
/// a uniqueness rule, nor for a file that stages no row.
pub struct KeyPartWriter {
    output: Location,
    rel: String,
    rules: usize,
    writer: Option<AsyncArrowWriter<HashingFileWriter>>,
    periods: Option<PeriodRange>,
}

impl KeyPartWriter {
    pub fn new(output: &Location, rel: &str, rules: usize) -> Self {
        KeyPartWriter {
            output: output.clone(),
            rel: rel.to_string(),
            rules,
            writer: None,
            periods: None,
        }
    }

    /// Appends the rows in `keys` (and empties it).
    pub async fn append(&mut self, keys: &mut StagedKeys) -> Result<()> {
        self.periods = widen(self.periods, keys.periods.take());
        if self.rules == 0 || keys.is_empty() {
            return Ok(());
        }
        let schema = schema(self.rules);
        if keys.keys.len() != keys.lines.len() * self.rules {
            return Err(Error::Internal(format!(
                "{} keys for {} staged rows and {} uniqueness rule(s)",
                keys.keys.len(),
                keys.lines.len(),
                self.rules
            )));
        }
        let mut columns: Vec<ArrayRef> = vec![Arc::new(UInt64Array::from(std::mem::take(&mut keys.lines)))];
        for r in 0..self.rules {
            let (a, b): (Vec<u64>, Vec<u32>) = keys.keys[r..].iter().step_by(self.rules).map(split).unzip();
            columns.push(Arc::new(UInt64Array::from(a)));
            columns.push(Arc::new(UInt32Array::from(b)));
        }
        let batch = RecordBatch::try_new(schema.clone(), columns)?;
        keys.clear();
        if self.writer.is_none() {
            let w = HashingFileWriter::new(&self.output, &self.rel);
            self.writer = Some(AsyncArrowWriter::try_new(w, schema, Some(writer_properties()?))?);
        }
        if let Some(w) = self.writer.as_mut() {
            w.write(&batch).await?;
        }
        Ok(())
    }

    /// Completes the part; the part written, if any rows were.
    pub async fn finish(self) -> Result<Option<StagedPart>> {
        let Some(mut w) = self.writer else {
            return Ok(None);
        };
        if let Some((lo, hi)) = self.periods {
            w.append_key_value_metadata(KeyValue::new(PERIODS_KEY.into(), format!("{lo} {hi}")));
        }
        let rows = w.finish().await?.file_metadata().num_rows();
        Ok(Some(w.into_inner().hash.finish(&self.rel, rows as u64)))
    }
}

/// The periods a key part's rows span, as its footer records them (see the module
/// documentation). `None` for a kind whose keys are not by period, or a part written before
/// periods were recorded: its keys are then re-filled at once.
pub async fn periods(output: &Location, part: &StagedPart) -> Result<Option<PeriodRange>> {
    let location = output.path(&part.path);
    let Ok(footer) = super::staged::footer(output, &location, part.size).await? else {
        return Ok(None);
    };
    let recorded = footer
        .file_metadata()
        .key_value_metadata()
        .and_then(|kv| kv.iter().find(|kv| kv.key == PERIODS_KEY))
        .and_then(|kv| kv.value.as_deref()?.split_once(' '))
        .and_then(|(lo, hi)| Some((lo.parse().ok()?, hi.parse().ok()?)));
    Ok(recorded)
}

/// Adds the keys of a re-used file's key part (`part`, already verified) to `parser`'s index as
/// seen at `file_idx`. Returns the rows read, or why the part does not fit the kind's rules.
pub async fn refill(
    output: &Location,
    part: &StagedPart,
    parser: &mut KindParser,
    file_idx: u32,
) -> Result<std::result::Result<u64, String>> {
    let rules = parser.unique_rules();
    // Read whole: a national month's key part is about 19 MB.
    let bytes = output
        .store
        .get(&output.path(&part.path))
        .await
        .map_err(|e| output.store_error("read", &part.path, e))?
        .bytes()
        .await
        .map_err(|e| output.store_error("read", &part.path, e))?;
    let batches = ParquetRecordBatchReaderBuilder::try_new(bytes)?
        .with_batch_size(ROW_GROUP_ROWS)
        .build()?;
    let mut rows = 0u64;
    let mut row_keys: Vec<Key> = vec![Key::default(); rules];
    for batch in batches {
        let batch = batch?;
        if batch.schema().fields() != schema(rules).fields() {
            return Ok(Err(format!(
                "key part {} does not hold the keys of {rules} uniqueness rule(s)",
                part.path
            )));
        }
        let column = |i: usize| batch.column(i).as_any();
        let lines = column(0).downcast_ref::<UInt64Array>();
        let a: Vec<_> = (0..rules)
            .filter_map(|r| column(1 + 2 * r).downcast_ref::<UInt64Array>())
            .collect();
        let b: Vec<_> = (0..rules)
            .filter_map(|r| column(2 + 2 * r).downcast_ref::<UInt32Array>())
            .collect();
        let Some(lines) = lines.filter(|_| a.len() == rules && b.len() == rules) else {
            return Err(Error::Internal("key part columns of the wrong type".into()));
        };
        for i in 0..batch.num_rows() {
            for (r, key) in row_keys.iter_mut().enumerate() {
                *key = join(a[r].value(i), b[r].value(i));
            }
            parser.remember(file_idx, lines.value(i), &row_keys)?;
        }
        rows += batch.num_rows() as u64;
    }
    Ok(Ok(rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_splits_into_two_integers_and_back() {
        let key: Key = *b"\x01\x02\x03\x04\x05\x06\x07\x08\xf9\xfa\xfb\xfc";
        let (a, b) = split(&key);
        assert_eq!(a, 0x0807_0605_0403_0201);
        assert_eq!(b, 0xfcfb_faf9);
        assert_eq!(join(a, b), key);
        let names: Vec<String> = schema(2).fields().iter().map(|f| f.name().clone()).collect();
        assert_eq!(names, ["line", "key_0_a", "key_0_b", "key_1_a", "key_1_b"]);
    }
}
