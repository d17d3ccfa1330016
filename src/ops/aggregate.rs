//! The `aggregate` operation: many regions' committed outputs -> national tables. Reads and
//! unions the sources ([`crate::national`]: what is refused and why), runs
//! `queries/national/*.sql` (the national twins) with the same query-running function as `run`,
//! and publishes through the same publish loop (restricted, suppressed published copy, manifest
//! listing the sources, atomic `LATEST`). Returns [`AggregateOutcome`].
//!
//! Caveats: a regional table without a national twin is unioned but not published; it is
//! reported (a warning, and [`AggregateOutcome::tables_without_twin`]), not refused. A table a
//! source did not compute contributes nothing from that region; that is reported in
//! [`AggregateOutcome::partial_tables`].

use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

use super::{failures, now_rfc3339, run_queries};
use crate::config::MetricsSection;
use crate::error::{Error, Result};
use crate::national::{planned_schemas, read_sources, union_tables};
use crate::progress::{Progress, Silent};
use crate::publish::{Manifest, PublishOptions, Publisher, RunKind, SourceRecord};
use crate::queries::run_tables::RunTables;
use crate::queries::{self, Scope};
use crate::session::{SessionSettings, new_session};
use crate::storage::Location;

/// The region label of a national run (its manifest and its `run_parameters`).
pub const NATIONAL_REGION: &str = "national";

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

/// What one aggregation did: the committed national manifest plus what the progress display
/// and the operator need beyond it.
#[derive(Debug, Clone)]
pub struct AggregateOutcome {
    pub manifest: Manifest,
    /// Regional tables unioned but with no twin in `queries/national/` (so not published).
    pub tables_without_twin: Vec<String>,
    /// Tables some sources did not compute (table -> those sources' regions), so the national
    /// figures for them cover fewer regions.
    pub partial_tables: BTreeMap<String, Vec<String>>,
    /// Rows read from the sources' restricted tables.
    pub rows_read: u64,
    /// Bytes read from the sources' restricted tables.
    pub bytes_read: u64,
    pub elapsed_ms: u64,
}

/// Aggregates `sources` into national tables written to `output`.
pub async fn aggregate(
    sources: &[Location],
    output: &Location,
    queries_dir: &std::path::Path,
    options: &AggregateOptions,
) -> Result<AggregateOutcome> {
    aggregate_with_progress(sources, output, queries_dir, options, &Silent).await
}

/// [`aggregate`], telling `progress` its stages and each national query as it finishes.
pub async fn aggregate_with_progress(
    sources: &[Location],
    output: &Location,
    queries_dir: &std::path::Path,
    options: &AggregateOptions,
    progress: &dyn Progress,
) -> Result<AggregateOutcome> {
    let started = Instant::now();
    let started_at = now_rfc3339();
    if sources.is_empty() {
        return Err(Error::Usage {
            option: "--from".into(),
            message: "no sources: pass --from URL (repeatable) or list [aggregate] sources in the config"
                .into(),
        });
    }
    if let Some(s) = sources.iter().find(|s| s.url_of("") == output.url_of("")) {
        return Err(Error::Usage {
            option: "--output".into(),
            message: format!(
                "{} is also a source: write the national outputs to their own root",
                s.display()
            ),
        });
    }
    let (files, problems) = queries::discover(queries_dir, Scope::National)?;
    if !problems.is_empty() {
        return Err(queries::problems_error(&problems));
    }
    progress.message(format!("reading {} source(s)", sources.len()));
    let (runs, missing_regions) =
        read_sources(sources, &options.expected_regions, options.allow_missing).await?;
    let unioned = union_tables(&runs).await?;
    crate::crash::point("aggregate.union");

    let ctx = new_session(&options.session, &[output])?;
    let unpublished = unioned.unpublished(&files);
    let stand_ins = planned_schemas(queries_dir, &options.session, &unpublished).await?;
    let absent = unioned.register(&ctx, &files, &stand_ins)?;
    RunTables::new(
        NATIONAL_REGION,
        None,
        options.publish.suppression_threshold,
        &MetricsSection::default(),
    )
    .register(&ctx)?;
    let (results, tests) = run_queries(&ctx, &files, &[], &absent, progress).await?;
    let failures = failures(&results, &tests);
    if !failures.is_empty() {
        return Err(Error::DataTest(failures.join("\n")));
    }
    let twins: BTreeSet<&str> = files.iter().map(|q| q.name.as_str()).collect();
    let tables_without_twin: Vec<String> = unioned
        .table_names()
        .filter(|n| !twins.contains(n))
        .map(str::to_string)
        .collect();
    for name in &tables_without_twin {
        tracing::warn!(table = %name, "regional table has no national twin in queries/national/; not published nationally");
    }

    let mut publisher = Publisher::begin(output, options.publish.clone()).await?;
    crate::crash::point("aggregate.locked");
    if let Err(e) = publisher.write_results(&results).await {
        if let Err(release) = publisher.abort().await {
            tracing::error!("could not release the output lock: {release}");
        }
        return Err(e);
    }
    let manifest = Manifest {
        missing_regions,
        partial_tables: unioned.partial.clone(),
        sources: runs
            .iter()
            .map(|r| SourceRecord {
                url: r.location.display(),
                region: r.region.clone(),
                run_id: r.run_id.clone(),
                manifest_sha256: r.manifest_sha256.clone(),
            })
            .collect(),
        ..Manifest::new(
            RunKind::National,
            NATIONAL_REGION.into(),
            started_at,
            &results,
            &tests,
            options.publish.suppression_threshold,
        )
    };
    let manifest = publisher.commit(manifest).await?;
    Ok(AggregateOutcome {
        manifest,
        tables_without_twin,
        partial_tables: unioned.partial,
        rows_read: unioned.rows,
        bytes_read: unioned.bytes,
        elapsed_ms: started.elapsed().as_millis() as u64,
    })
}

/// What `talentpipe aggregate` prints after the run summary: the sources and what to follow up.
pub fn outcome_summary(outcome: &AggregateOutcome) -> String {
    let m = &outcome.manifest;
    let mut out = format!(
        "{} source(s), {} rows read in {} ms\n",
        m.sources.len(),
        outcome.rows_read,
        outcome.elapsed_ms
    );
    for s in &m.sources {
        out.push_str(&format!("  {:<8} run {} from {}\n", s.region, s.run_id, s.url));
    }
    if !m.missing_regions.is_empty() {
        out.push_str(&format!(
            "missing expected region(s), recorded in the manifest: {}\n",
            m.missing_regions.join(", ")
        ));
    }
    for (table, regions) in &outcome.partial_tables {
        out.push_str(&format!(
            "table {table} was not computed in region(s) {}: its national figures exclude them\n",
            regions.join(", ")
        ));
    }
    if !outcome.tables_without_twin.is_empty() {
        out.push_str(&format!(
            "regional tables without a national twin in queries/national/ (not published): {}\n",
            outcome.tables_without_twin.join(", ")
        ));
    }
    out
}
