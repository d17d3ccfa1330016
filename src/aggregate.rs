//! National aggregation: many regions' committed outputs -> national tables.
//!
//! Each source is a region's output root (local folder or object store). Its `LATEST` run's
//! manifest is read and checked; only its `restricted/` (exact) tables are used. Each table is
//! unioned across regions under its own name, and `queries/national/*.sql` recompute every rate
//! from summed numerators and denominators. Outputs go through the same publish machinery
//! (restricted, suppressed published copy, manifest with the sources, atomic `LATEST`).
//!
//! Caveat: a regional table without a national twin query is unioned but not published; the
//! manifest's query list shows which twins ran.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use arrow::array::RecordBatch;
use arrow::datatypes::SchemaRef;
use datafusion::datasource::MemTable;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::pipeline;
use crate::publish::{
    self, Manifest, PublishOptions, Publisher, ResultTable, SourceRecord, SuppressionRecord, SuppressionSpec,
};
use crate::queries::run::QueryStatus;
use crate::queries::{self, Scope};
use crate::session::{SessionSettings, new_session};
use crate::storage::Location;

/// Settings of one national aggregation.
#[derive(Debug, Clone)]
pub struct AggregateOptions {
    /// Regions that must all be present.
    pub expected_regions: Vec<String>,
    /// Aggregate even when an expected region is missing (the gap is recorded).
    pub allow_missing: bool,
    pub publish: PublishOptions,
    pub session: SessionSettings,
}

/// One region's committed run, as read from its output root.
struct SourceRun {
    location: Location,
    region: String,
    run_id: String,
    manifest: Manifest,
    manifest_sha256: String,
}

/// Reads each source's latest committed run and refuses what cannot be combined.
async fn read_sources(
    sources: &[Location],
    options: &AggregateOptions,
) -> Result<(Vec<SourceRun>, Vec<String>)> {
    let refuse = |loc: &Location, message: String| Error::Source {
        source_url: loc.display(),
        message,
    };
    let mut runs: Vec<SourceRun> = Vec::new();
    for loc in sources {
        let Some((run_id, manifest)) = publish::read_latest(loc).await? else {
            return Err(refuse(
                loc,
                "no committed run (no LATEST): run `talentpipe run` there first".into(),
            ));
        };
        if manifest.status != "succeeded" {
            return Err(refuse(
                loc,
                format!("run {run_id} did not succeed (status '{}')", manifest.status),
            ));
        }
        if manifest.kind != "regional" {
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
        if let Some(other) = runs.iter().find(|r| r.region == manifest.region) {
            return Err(refuse(
                loc,
                format!(
                    "claims region '{}', which {} already supplied",
                    manifest.region,
                    other.location.display()
                ),
            ));
        }
        let bytes = loc
            .get_opt(&format!("{}/{}/{}", publish::RUNS, run_id, publish::MANIFEST))
            .await?
            .unwrap_or_default();
        runs.push(SourceRun {
            location: loc.clone(),
            region: manifest.region.clone(),
            run_id,
            manifest_sha256: hex::encode(Sha256::digest(&bytes)),
            manifest,
        });
    }
    let present: BTreeSet<&str> = runs.iter().map(|r| r.region.as_str()).collect();
    let missing: Vec<String> = options
        .expected_regions
        .iter()
        .filter(|r| !present.contains(r.as_str()))
        .cloned()
        .collect();
    if !missing.is_empty() && !options.allow_missing {
        return Err(Error::Source {
            source_url: "(configuration)".into(),
            message: format!(
                "expected region(s) {} missing from the sources; pass --allow-missing to aggregate without them",
                missing.join(", ")
            ),
        });
    }
    Ok((runs, missing))
}

/// Unions each regional restricted table across the sources (same schema required).
async fn union_tables(runs: &[SourceRun]) -> Result<BTreeMap<String, (SchemaRef, Vec<RecordBatch>)>> {
    let mut tables: BTreeMap<String, (SchemaRef, Vec<RecordBatch>)> = BTreeMap::new();
    for run in runs {
        for t in &run.manifest.tables {
            let batches =
                publish::read_table(&run.location, &run.run_id, publish::RESTRICTED, &t.name).await?;
            let Some(schema) = batches.first().map(RecordBatch::schema) else {
                continue;
            };
            match tables.get_mut(&t.name) {
                Some((existing, all)) => {
                    if existing.fields() != schema.fields() {
                        return Err(Error::Source {
                            source_url: run.location.display(),
                            message: format!(
                                "table '{}' has a different schema from the other sources (different query set?): {} vs {}",
                                t.name,
                                field_list(&schema),
                                field_list(existing)
                            ),
                        });
                    }
                    all.extend(batches);
                }
                None => {
                    tables.insert(t.name.clone(), (schema, batches));
                }
            }
        }
    }
    Ok(tables)
}

fn field_list(schema: &SchemaRef) -> String {
    schema
        .fields()
        .iter()
        .map(|f| format!("{} {}", f.name(), f.data_type()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Aggregates `sources` into national tables written to `output`; returns the committed manifest.
pub async fn aggregate(
    sources: &[Location],
    output: &Location,
    queries_dir: &std::path::Path,
    options: &AggregateOptions,
) -> Result<Manifest> {
    let started_at = pipeline::now_rfc3339();
    if sources.is_empty() {
        return Err(Error::Usage {
            option: "--from".into(),
            message: "no sources: pass --from URL (repeatable) or list [aggregate] sources in the config"
                .into(),
        });
    }
    let (files, problems) = queries::discover(queries_dir, Scope::National)?;
    if !problems.is_empty() {
        return Err(queries::problems_error(&problems));
    }
    let (runs, missing_regions) = read_sources(sources, options).await?;
    let tables = union_tables(&runs).await?;

    let ctx = new_session(&options.session, &[output])?;
    // Regional unions are `regional_<table>`, so each national twin keeps the regional name.
    for (name, (schema, batches)) in &tables {
        let table = Arc::new(MemTable::try_new(schema.clone(), vec![batches.clone()])?);
        ctx.register_table(format!("regional_{name}").as_str(), table)?;
    }
    let reporting_date = None;
    pipeline::register_parameters(
        &ctx,
        "national",
        reporting_date,
        24,
        options.publish.suppression_threshold,
        &BTreeMap::new(),
    )?;
    let (results, tests) = pipeline::run_queries(&ctx, &files, &[], &BTreeMap::new()).await?;
    let failures = pipeline::failures(&results, &tests);
    if !failures.is_empty() {
        return Err(Error::DataTest(failures.join("\n")));
    }
    let twins: BTreeSet<&str> = files.iter().map(|q| q.name.as_str()).collect();
    for name in tables.keys().filter(|n| !twins.contains(n.as_str())) {
        tracing::warn!(table = %name, "regional table has no national twin in queries/national/");
    }

    let mut publisher = Publisher::begin(output, options.publish.clone()).await?;
    for r in &results {
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
            if let Err(e) = publisher.write_table(&table).await {
                publisher.abort().await?;
                return Err(e);
            }
        }
    }
    let manifest = Manifest {
        run_id: publisher.run_id().to_string(),
        kind: "national".into(),
        region: "national".into(),
        status: "succeeded".into(),
        started_at,
        talentpipe_version: env!("CARGO_PKG_VERSION").into(),
        missing_regions,
        queries: pipeline::query_records(&results),
        tests: pipeline::test_records(&tests),
        suppression: SuppressionRecord::new(options.publish.suppression_threshold),
        sources: runs
            .iter()
            .map(|r| SourceRecord {
                url: r.location.display(),
                region: r.region.clone(),
                run_id: r.run_id.clone(),
                manifest_sha256: r.manifest_sha256.clone(),
            })
            .collect(),
        ..Default::default()
    };
    publisher.commit(manifest).await
}
