//! The chain of models a table reads, from the dependency graph the run recorded: each query's
//! `reads` in the manifest (the tables its statement reads, as the runner ordered them by).

use std::collections::BTreeSet;

use super::ChainModel;
use crate::publish::{Manifest, QueryRecord};

/// The recorded queries `name` reads, directly or through other queries.
fn upstream<'a>(manifest: &'a Manifest, name: &str) -> Vec<&'a QueryRecord> {
    let find = |n: &str| manifest.queries.iter().find(|q| q.name == n);
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut todo = vec![name.to_string()];
    while let Some(n) = todo.pop() {
        let reads = find(&n).and_then(|q| q.reads.as_ref());
        for t in reads.into_iter().flatten() {
            if let Some(q) = find(t)
                && seen.insert(q.name.as_str())
            {
                todo.push(q.name.clone());
            }
        }
    }
    // The manifest lists the queries in the order the run ran them.
    manifest
        .queries
        .iter()
        .filter(|q| seen.contains(q.name.as_str()))
        .collect()
}

/// The models `name` reads, directly or not, in the run's order, each with what it reads split
/// into models, extract kinds (`kinds`) and other tables (run tables, `regional_*` unions).
pub(super) fn chain(manifest: &Manifest, name: &str, kinds: &BTreeSet<String>) -> Vec<ChainModel> {
    let models: BTreeSet<&str> = manifest.queries.iter().map(|q| q.name.as_str()).collect();
    upstream(manifest, name)
        .into_iter()
        .map(|q| {
            let reads = q.reads.clone().unwrap_or_default();
            let split = |pred: &dyn Fn(&str) -> bool| reads.iter().filter(|t| pred(t)).cloned().collect();
            ChainModel {
                name: q.name.clone(),
                file: q.file.clone(),
                sql_sha256: q.sql_sha256.clone(),
                title: q.title.clone(),
                reads_models: split(&|t| models.contains(t)),
                reads_extracts: split(&|t| !models.contains(t) && kinds.contains(t)),
                reads_other: split(&|t| !models.contains(t) && !kinds.contains(t)),
                status: q.status.to_string(),
                published: q.published,
            }
        })
        .collect()
}
