//! National inputs: many regions' committed outputs, read, checked and unioned into the tables
//! the national twins read (the first step of `aggregate`; the operation is
//! `ops::aggregate`, above this module).
//!
//! Each source is a region's output root (local folder or object store). Its `LATEST` run's
//! manifest is read and checked; only its `restricted/` (exact) tables are used, each verified
//! against the checksum its manifest records. Each table is unioned across regions and
//! registered as `regional_<table>`; `queries/national/*.sql` (the national twins, one per
//! regional table, same name) recompute every rate from summed numerators and denominators.
//!
//! Refused, naming the source: no committed run, a run that did not succeed, a national or
//! partial (`--select`) run, another talentpipe version, a table whose columns differ from the
//! other sources' (another query set), a table missing because the source never ran its query,
//! a restricted file that does not match its manifest checksum, and two sources claiming one
//! region. A region listed in `expected_regions` but absent is refused unless `allow_missing`
//! (the gap is then recorded in the national manifest's `missing_regions`).
//!
//! Region identity: the union keeps the regional `region_code` column; a table without one gets
//! a `source_region` column holding the source manifest's region label.
//!
//! Caveats: a table a source did not compute (an extract it was not supplied) contributes
//! nothing from that region; that is reported in [`Unioned::partial`] (and the national
//! manifest's `partial_tables`). A table no source published is registered as an empty
//! stand-in with the columns its regional query plans to ([`planned_schemas`]), so that a
//! national model combining it with others (`national/equality_relative_likelihoods`) still
//! runs; the national tables that need it declare so and are not computed. All sources'
//! restricted tables are held in memory (they are aggregates: thousands of rows per region).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use arrow::array::{ArrayRef, RecordBatch, StringArray};
use arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::datasource::MemTable;
use datafusion::prelude::SessionContext;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use sha2::{Digest, Sha256};

use crate::config::MetricsSection;
use crate::error::{Error, Result};
use crate::publish::{self, Manifest, QueryState, RunKind, RunStatus};
use crate::queries::run_tables::RunTables;
use crate::queries::{self, QueryFile, Scope};
use crate::session::{SessionSettings, new_session};
use crate::storage::Location;

/// The column naming a row's region in regional tables.
pub const REGION_COLUMN: &str = "region_code";
/// Added to a regional table that has no `region_code`: the source manifest's region label.
pub const SOURCE_REGION_COLUMN: &str = "source_region";
/// Prefix under which each unioned regional table is registered for the national twins.
pub const REGIONAL_PREFIX: &str = "regional_";

/// One region's committed run, as read from its output root.
pub struct SourceRun {
    pub location: Location,
    pub region: String,
    pub run_id: String,
    pub manifest: Manifest,
    /// SHA-256 of its `manifest.json` as read.
    pub manifest_sha256: String,
}

fn refuse(loc: &Location, message: String) -> Error {
    Error::Source {
        source_url: loc.display(),
        message,
    }
}

/// Reads one source's latest committed run and checks it on its own.
async fn read_source(loc: &Location) -> Result<SourceRun> {
    let Some((run_id, _)) = publish::read_latest(loc).await? else {
        return Err(refuse(
            loc,
            "no committed run (no LATEST): run `talentpipe run` with this output first".into(),
        ));
    };
    // Digest and parse the same bytes, so the recorded digest is of the manifest that was used.
    let rel = format!("{}/{run_id}/{}", publish::RUNS, publish::MANIFEST);
    let bytes = loc.get_opt(&rel).await?.ok_or_else(|| {
        refuse(
            loc,
            format!("LATEST names run {run_id}, but its manifest is gone"),
        )
    })?;
    let manifest: Manifest = serde_json::from_slice(&bytes)
        .map_err(|e| refuse(loc, format!("run {run_id} has an unreadable manifest: {e}")))?;
    if manifest.status != RunStatus::Succeeded {
        return Err(refuse(
            loc,
            format!("run {run_id} did not succeed (status '{}')", manifest.status),
        ));
    }
    if manifest.kind != RunKind::Regional {
        return Err(refuse(
            loc,
            format!("run {run_id} is a {} run, not a regional one", manifest.kind),
        ));
    }
    if manifest.talentpipe_version != env!("CARGO_PKG_VERSION") {
        return Err(refuse(
            loc,
            format!(
                "run {run_id} was made by talentpipe {}, this is {}: re-run the region with this version",
                manifest.talentpipe_version,
                env!("CARGO_PKG_VERSION")
            ),
        ));
    }
    if !manifest.selection.is_empty() {
        return Err(refuse(
            loc,
            format!(
                "run {run_id} was a partial run (--select {}): national tables need every query; run the region without --select",
                manifest.selection.join(",")
            ),
        ));
    }
    if manifest.region.trim().is_empty() {
        return Err(refuse(
            loc,
            format!("run {run_id} has no region label: set `region` in that region's config"),
        ));
    }
    Ok(SourceRun {
        location: loc.clone(),
        region: manifest.region.clone(),
        run_id,
        manifest_sha256: hex::encode(Sha256::digest(&bytes)),
        manifest,
    })
}

/// Reads each source's latest committed run and refuses what cannot be combined. Returns the
/// runs and the `expected_regions` that are missing (only when `allow_missing`).
pub async fn read_sources(
    sources: &[Location],
    expected_regions: &[String],
    allow_missing: bool,
) -> Result<(Vec<SourceRun>, Vec<String>)> {
    let mut runs: Vec<SourceRun> = Vec::new();
    for loc in sources {
        let run = read_source(loc).await?;
        crate::crash::point("aggregate.source");
        if let Some(other) = runs.iter().find(|r| r.region == run.region) {
            return Err(refuse(
                loc,
                format!(
                    "claims region '{}', which {} already supplied: each region must come from one source",
                    run.region,
                    other.location.display()
                ),
            ));
        }
        runs.push(run);
    }
    let present: BTreeSet<&str> = runs.iter().map(|r| r.region.as_str()).collect();
    let missing: Vec<String> = expected_regions
        .iter()
        .filter(|r| !present.contains(r.as_str()))
        .cloned()
        .collect();
    if !missing.is_empty() && !allow_missing {
        return Err(Error::Source {
            source_url: "[aggregate] expected_regions".into(),
            message: format!(
                "expected region(s) {} missing from the sources (supplied: {}); pass --allow-missing to aggregate without them (the gap is recorded in the national manifest)",
                missing.join(", "),
                present.iter().copied().collect::<Vec<_>>().join(", ")
            ),
        });
    }
    if !expected_regions.is_empty() {
        for r in runs.iter().filter(|r| !expected_regions.contains(&r.region)) {
            tracing::warn!(source = %r.location.display(), region = %r.region, "region not in [aggregate] expected_regions");
        }
    }
    Ok((runs, missing))
}

/// One table as unioned so far: its schema, rows and the regions it came from.
struct Union {
    schema: SchemaRef,
    batches: Vec<RecordBatch>,
    first_source: String,
}

/// Everything read from the sources.
pub struct Unioned {
    tables: BTreeMap<String, Union>,
    /// Tables some sources did not compute (table -> those sources' regions).
    pub partial: BTreeMap<String, Vec<String>>,
    /// Rows read from the sources' restricted tables.
    pub rows: u64,
    /// Bytes read from the sources' restricted tables.
    pub bytes: u64,
}

impl Unioned {
    /// The names of the unioned regional tables.
    pub fn table_names(&self) -> impl Iterator<Item = &str> {
        self.tables.keys().map(String::as_str)
    }

    /// The regional tables (names without the prefix) that queries in `files` read but no
    /// source published.
    pub fn unpublished(&self, files: &[QueryFile]) -> BTreeSet<String> {
        files
            .iter()
            .flat_map(|q| q.reads.iter())
            .filter_map(|t| t.strip_prefix(REGIONAL_PREFIX))
            .filter(|t| !self.tables.contains_key(*t))
            .map(str::to_string)
            .collect()
    }

    /// Registers each unioned table as `regional_<table>`. A twin in `files` whose regional
    /// table no source published gets an empty stand-in, with the columns `stand_ins` gives it
    /// (see [`planned_schemas`]) or none, and is returned (table -> reason): the queries that
    /// need it are reported as not computed. A stand-in with columns is still read by a model
    /// that does not need it (`needs: none`), so one table no region computed does not stop the
    /// others that model combines; without columns, whatever reads it is not computed.
    pub fn register(
        &self,
        ctx: &SessionContext,
        files: &[QueryFile],
        stand_ins: &BTreeMap<String, SchemaRef>,
    ) -> Result<BTreeMap<String, String>> {
        for (name, u) in &self.tables {
            let table = Arc::new(MemTable::try_new(u.schema.clone(), vec![u.batches.clone()])?);
            ctx.register_table(format!("{REGIONAL_PREFIX}{name}").as_str(), table)?;
        }
        let mut absent = BTreeMap::new();
        for regional in self.unpublished(files) {
            let schema = match stand_ins.get(&regional) {
                Some(s) => with_region(s.clone(), Vec::new(), "")?.0,
                None => Arc::new(Schema::empty()),
            };
            let name = format!("{REGIONAL_PREFIX}{regional}");
            ctx.register_table(name.as_str(), Arc::new(MemTable::try_new(schema, vec![vec![]])?))?;
            absent.insert(name, format!("no source published '{regional}'"));
        }
        Ok(absent)
    }
}

/// The columns the regional queries of `queries_dir` give `tables` (regional table names),
/// planned over empty extracts and run tables as `check` plans them, reading no data: the
/// stand-ins of tables no source published (see [`Unioned::register`]). A table the folder
/// does not plan gets none. Nothing is planned when `tables` is empty (every table published).
pub async fn planned_schemas(
    queries_dir: &Path,
    settings: &SessionSettings,
    tables: &BTreeSet<String>,
) -> Result<BTreeMap<String, SchemaRef>> {
    let mut out = BTreeMap::new();
    if tables.is_empty() {
        return Ok(out);
    }
    // A folder that cannot be read or ordered gives no stand-in columns (what reads those
    // tables is then not computed, as before); it is not a reason to fail the aggregation.
    let Ok((regional, _problems)) = queries::discover(queries_dir, Scope::Regional) else {
        return Ok(out);
    };
    let ctx = new_session(settings, &[])?;
    queries::register_empty_staged(&ctx)?;
    RunTables::new("stand-in", None, 1, &MetricsSection::default()).register(&ctx)?;
    let Ok(order) = queries::order(&regional, &queries::base_tables()) else {
        return Ok(out);
    };
    // Problems are `check`'s to report; a table that plans is registered whatever the others do.
    let _problems = queries::run::check(&ctx, &regional, &order).await;
    for t in tables {
        if let Ok(provider) = ctx.table_provider(t.as_str()).await {
            out.insert(t.clone(), provider.schema());
        }
    }
    Ok(out)
}

/// Reads one restricted table of a source: its schema (also when it has no rows) and batches,
/// after checking the file against the checksum in the source's manifest.
async fn read_restricted(
    run: &SourceRun,
    table: &publish::TableRecord,
) -> Result<(SchemaRef, Vec<RecordBatch>, u64)> {
    let name = &table.name;
    let rel = format!(
        "{}/{}/{}/{name}.parquet",
        publish::RUNS,
        run.run_id,
        publish::RESTRICTED
    );
    let data = run.location.get_opt(&rel).await?.ok_or_else(|| {
        refuse(
            &run.location,
            format!(
                "table '{name}' of run {} is listed in its manifest but {rel} is missing",
                run.run_id
            ),
        )
    })?;
    let digest = hex::encode(Sha256::digest(&data));
    if !table.restricted.sha256.is_empty() && digest != table.restricted.sha256 {
        return Err(refuse(
            &run.location,
            format!(
                "table '{name}' of run {} does not match the checksum in its manifest (modified or partly copied?)",
                run.run_id
            ),
        ));
    }
    let bytes = data.len() as u64;
    let builder = ParquetRecordBatchReaderBuilder::try_new(data)?;
    let schema = builder.schema().clone();
    let batches = builder.build()?.collect::<std::result::Result<Vec<_>, _>>()?;
    Ok((schema, batches, bytes))
}

/// Adds `source_region` (the source's region label) to a table that has no `region_code`.
fn with_region(
    schema: SchemaRef,
    batches: Vec<RecordBatch>,
    region: &str,
) -> Result<(SchemaRef, Vec<RecordBatch>)> {
    if schema.column_with_name(REGION_COLUMN).is_some() {
        return Ok((schema, batches));
    }
    let mut fields: Vec<Field> = schema.fields().iter().map(|f| f.as_ref().clone()).collect();
    fields.push(Field::new(SOURCE_REGION_COLUMN, DataType::Utf8, false));
    let extended = Arc::new(Schema::new(fields));
    let batches = batches
        .into_iter()
        .map(|b| {
            let mut columns: Vec<ArrayRef> = b.columns().to_vec();
            columns.push(Arc::new(StringArray::from(vec![region; b.num_rows()])));
            RecordBatch::try_new(extended.clone(), columns)
        })
        .collect::<std::result::Result<Vec<_>, _>>()?;
    Ok((extended, batches))
}

/// Same column names and types in the same order (nullability may differ).
fn same_columns(a: &Schema, b: &Schema) -> bool {
    a.fields().len() == b.fields().len()
        && a.fields()
            .iter()
            .zip(b.fields().iter())
            .all(|(x, y)| x.name() == y.name() && x.data_type() == y.data_type())
}

/// The union's schema: each column nullable if it is in any source; no metadata.
fn merged(a: &Schema, b: &Schema) -> SchemaRef {
    Arc::new(Schema::new(
        a.fields()
            .iter()
            .zip(b.fields().iter())
            .map(|(x, y)| {
                Field::new(
                    x.name(),
                    x.data_type().clone(),
                    x.is_nullable() || y.is_nullable(),
                )
            })
            .collect::<Vec<_>>(),
    ))
}

fn field_list(schema: &Schema) -> String {
    schema
        .fields()
        .iter()
        .map(|f| format!("{} {}", f.name(), f.data_type()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn valid_table_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Unions each regional restricted table across the sources (same columns required).
pub async fn union_tables(runs: &[SourceRun]) -> Result<Unioned> {
    let mut out = Unioned {
        tables: BTreeMap::new(),
        partial: BTreeMap::new(),
        rows: 0,
        bytes: 0,
    };
    for run in runs {
        if let Some(bad) = run.manifest.tables.iter().find(|t| !valid_table_name(&t.name)) {
            return Err(refuse(
                &run.location,
                format!(
                    "run {} lists a table named '{}', which no query could produce",
                    run.run_id, bad.name
                ),
            ));
        }
        let reads = run.manifest.tables.iter().map(|t| read_restricted(run, t));
        let read = futures::future::try_join_all(reads).await?;
        for (t, (schema, batches, bytes)) in run.manifest.tables.iter().zip(read) {
            out.rows += batches.iter().map(|b| b.num_rows() as u64).sum::<u64>();
            out.bytes += bytes;
            let (schema, batches) = with_region(schema, batches, &run.region)?;
            match out.tables.get_mut(&t.name) {
                Some(u) => {
                    if !same_columns(&u.schema, &schema) {
                        return Err(refuse(
                            &run.location,
                            format!(
                                "table '{}' has a different schema from {} (another talentpipe version or query set?): [{}] vs [{}]",
                                t.name,
                                u.first_source,
                                field_list(&schema),
                                field_list(&u.schema)
                            ),
                        ));
                    }
                    u.schema = merged(&u.schema, &schema);
                    u.batches.extend(batches);
                }
                None => {
                    let schema = merged(&schema, &schema);
                    out.tables.insert(
                        t.name.clone(),
                        Union {
                            schema,
                            batches,
                            first_source: run.location.display(),
                        },
                    );
                }
            }
        }
    }
    // Every batch takes the union's final (possibly more nullable) schema.
    for u in out.tables.values_mut() {
        u.batches = u
            .batches
            .iter()
            .map(|b| RecordBatch::try_new(u.schema.clone(), b.columns().to_vec()))
            .collect::<std::result::Result<Vec<_>, _>>()?;
    }
    // A table some sources lack: fine when their query was not computed there (an extract not
    // supplied), refused when they never ran that query (another query set).
    for name in out.tables.keys() {
        for run in runs
            .iter()
            .filter(|r| !r.manifest.tables.iter().any(|t| &t.name == name))
        {
            match run.manifest.queries.iter().find(|q| &q.name == name) {
                Some(q) if q.status == QueryState::NotComputed => {
                    tracing::warn!(
                        source = %run.location.display(),
                        table = %name,
                        "table not computed in this region ({}); national figures for it exclude region {}",
                        q.message.clone().unwrap_or_default(),
                        run.region
                    );
                    out.partial
                        .entry(name.clone())
                        .or_default()
                        .push(run.region.clone());
                }
                _ => {
                    return Err(refuse(
                        &run.location,
                        format!(
                            "run {} has no table '{name}', which other sources publish (another query set?): re-run the region with the same queries",
                            run.run_id
                        ),
                    ));
                }
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_without_region_code_gets_the_source_region() {
        let schema = Arc::new(Schema::new(vec![Field::new("n", DataType::Int64, false)]));
        let batch = RecordBatch::try_new(
            schema.clone(),
            vec![Arc::new(arrow::array::Int64Array::from(vec![1, 2]))],
        )
        .expect("valid batch");
        let (s, b) = with_region(schema, vec![batch], "Y56").expect("extends");
        assert_eq!(s.field(1).name(), SOURCE_REGION_COLUMN);
        assert_eq!(b[0].num_rows(), 2);

        let keeps = Arc::new(Schema::new(vec![Field::new(REGION_COLUMN, DataType::Utf8, true)]));
        let (s, _) = with_region(keeps.clone(), vec![], "Y56").expect("unchanged");
        assert_eq!(s, keeps);
    }

    #[test]
    fn columns_match_by_name_and_type_not_nullability() {
        let a = Schema::new(vec![Field::new("n", DataType::Int64, false)]);
        let b = Schema::new(vec![Field::new("n", DataType::Int64, true)]);
        let c = Schema::new(vec![Field::new("n", DataType::Float64, true)]);
        assert!(same_columns(&a, &b));
        assert!(!same_columns(&a, &c));
        assert!(merged(&a, &b).field(0).is_nullable());
    }
}
