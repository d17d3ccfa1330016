//! The operations, one file each: [`ingest`], [`run`], [`check`], [`report`] and [`aggregate`].
//! Each takes its options and a progress sink ([`crate::progress::Progress`]: `run` in its
//! options; `check`, `report` and `aggregate` through their `*_with_progress` forms) and returns
//! its metrics or outcome; none writes to the terminal (the binary prints what they return).
//!
//! This is the top of the library. An operation calls the stages of the flow
//! (ingest → queries → publish → report / aggregate, DESIGN.md) and no stage imports an
//! operation. What two operations share is written once here: the tables a query may read,
//! running a set of queries with a selection, and the failures that stop a run; so `run` and
//! `aggregate` use the same query-running function, publish through the same loop
//! (`Publisher::write_results`) and build their manifest the same way (`Manifest::new`), and
//! neither reaches into the other.

pub mod aggregate;
pub mod check;
pub mod ingest;
pub mod report;
pub mod run;

use std::collections::{BTreeMap, BTreeSet};

use datafusion::prelude::SessionContext;

use crate::error::Result;
use crate::progress::Progress;
use crate::queries::run::{QueryResult, QueryStatus, TestResult};
use crate::queries::{self, Severity};

/// The tables a query may read are the queries layer's (so `national`, below the operations,
/// reads them there too).
pub use crate::queries::{RUN_TABLES, base_tables};

/// Discovers nothing; runs `files` with selection against a prepared session, telling
/// `progress` how many will run and each as it finishes.
pub async fn run_queries(
    ctx: &SessionContext,
    files: &[queries::QueryFile],
    select: &[String],
    missing: &BTreeMap<String, String>,
    progress: &dyn Progress,
) -> Result<(Vec<QueryResult>, Vec<TestResult>)> {
    // Whatever the session has registered (extracts, run tables, or a national union) is readable.
    let mut base = base_tables();
    base.extend(
        ctx.catalog("datafusion")
            .and_then(|c| c.schema("public"))
            .map(|s| s.table_names())
            .unwrap_or_default(),
    );
    let order = queries::order(files, &base).map_err(|p| queries::problems_error(&p))?;
    let run_set: BTreeSet<String> = if select.is_empty() {
        files.iter().map(|q| q.name.clone()).collect()
    } else {
        let selected = queries::select(files, select)?;
        let mut set = selected.clone();
        for s in &selected {
            set.extend(queries::upstream(files, s));
        }
        // Data tests run when everything they read runs (dbt's `build --select` behaviour).
        for t in files.iter().filter(|q| q.header.test) {
            if t.reads
                .iter()
                .all(|r| set.contains(r) || !files.iter().any(|q| &q.name == r))
            {
                set.insert(t.name.clone());
            }
        }
        set
    };
    progress.queries_planned(files.iter().filter(|q| run_set.contains(&q.name)).count());
    let (mut results, tests) = queries::run::execute(ctx, files, &order, &run_set, missing, progress).await?;
    if !select.is_empty() {
        // Upstream queries ran so selected ones could, but only the selection is published.
        let selected = queries::select(files, select)?;
        for r in &mut results {
            if !selected.contains(&r.query.name) {
                r.query.header.publish = false;
            }
        }
    }
    Ok((results, tests))
}

/// Messages for failed queries and failing error-severity tests (warnings are logged).
pub fn failures(results: &[QueryResult], tests: &[TestResult]) -> Vec<String> {
    let mut out = Vec::new();
    for r in results {
        if let QueryStatus::Failed(p) = &r.status {
            out.push(format!("query failed: {p}"));
        }
    }
    for t in tests {
        if let Some(p) = &t.error {
            out.push(format!("test failed to run: {p}"));
        } else if !t.passed {
            let msg = format!(
                "data test {} returned {} row(s); first: {}",
                t.query.display,
                t.failing_rows,
                t.sample.join(" | ")
            );
            match t.severity {
                Severity::Error => out.push(msg),
                Severity::Warn => tracing::warn!("{msg}"),
            }
        }
    }
    out
}

pub fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
