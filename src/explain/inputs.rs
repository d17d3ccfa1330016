//! The inputs behind a table: the extract kinds its chain reads, their files (size, SHA-256,
//! rows accepted and quarantined, from the manifest) and the quarantine reasons of those kinds,
//! counted from the quarantine output as ingest counts them, or from the manifest when the
//! output no longer matches it.

use std::collections::{BTreeMap, BTreeSet};

use arrow::array::{Array, AsArray, RecordBatch};
use arrow::datatypes::DataType;

use super::{InputFile, InputKind, ReasonCount};
use crate::error::Result;
use crate::ingest::{self, IngestMetrics, KindMetrics};
use crate::publish;
use crate::storage::Location;

pub(super) async fn input_kinds(
    output: &Location,
    ingest: &IngestMetrics,
    read: &BTreeSet<String>,
) -> Result<Vec<InputKind>> {
    let mut out = Vec::new();
    for k in ingest.kinds.iter().filter(|k| read.contains(&k.kind)) {
        let files = k
            .files
            .iter()
            .map(|f| InputFile {
                path: f.path.clone(),
                size: f.size,
                sha256: f.outcome.sha256.clone(),
                rows_read: f.outcome.rows_read,
                rows_accepted: f.outcome.rows_accepted,
                rows_quarantined: f.outcome.rows_quarantined,
            })
            .collect();
        let recorded = manifest_reasons(k);
        let counted = quarantine_reasons(output, k).await?;
        let (reasons, from, note) = match counted {
            Ok(c) if c == recorded => (c, "quarantine output", None),
            Ok(_) => (
                recorded,
                "manifest",
                Some(format!(
                    "the quarantine output ({}) no longer matches this run's manifest (a later ingest rewrote it): the manifest's counts are shown",
                    output.url_of(&ingest::quarantine_path())
                )),
            ),
            Err(why) => (recorded, "manifest", Some(why)),
        };
        out.push(InputKind {
            kind: k.kind.clone(),
            status: serde_json::to_value(k.status)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            rows_read: k.rows_read,
            rows_accepted: k.rows_accepted,
            rows_quarantined: k.rows_quarantined,
            files,
            quarantine_reasons: reasons,
            reasons_from: from.to_string(),
            reasons_note: note,
        });
    }
    Ok(out)
}

/// Sorted most frequent first, then by reason.
fn sorted(counts: BTreeMap<String, u64>) -> Vec<ReasonCount> {
    let mut v: Vec<ReasonCount> = counts
        .into_iter()
        .map(|(reason, count)| ReasonCount { reason, count })
        .collect();
    v.sort_by(|a, b| b.count.cmp(&a.count).then(a.reason.cmp(&b.reason)));
    v
}

/// The manifest's reasons of a kind, summed over its files.
fn manifest_reasons(k: &KindMetrics) -> Vec<ReasonCount> {
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    for f in &k.files {
        for (r, n) in &f.outcome.reasons {
            *counts.entry(r.clone()).or_default() += n;
        }
    }
    sorted(counts)
}

/// Counts the quarantine output's rows of the kind's files by reason, as ingest counts them
/// (each problem of a row once, `column: reason` with quoted values elided). The inner error
/// says why the output cannot be used (rows that the manifest does not account for).
async fn quarantine_reasons(
    output: &Location,
    k: &KindMetrics,
) -> Result<std::result::Result<Vec<ReasonCount>, String>> {
    let folder = ingest::quarantine_path();
    let prefix = format!("{}-", k.kind);
    let files: BTreeSet<&str> = k.files.iter().map(|f| f.path.as_str()).collect();
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    let mut rows = 0u64;
    for object in output.list(&folder).await? {
        let Some(file) = object
            .location
            .filename()
            .filter(|f| f.starts_with(&prefix) && f.ends_with(".parquet"))
        else {
            continue;
        };
        let batches = publish::write::read_parquet(output, &format!("{folder}{file}")).await?;
        for batch in &batches {
            rows += count_batch(batch, &files, &mut counts);
        }
    }
    if rows != k.rows_quarantined {
        return Ok(Err(format!(
            "the quarantine output holds {rows} rows of this kind's files, the manifest records {}: the manifest's counts are shown",
            k.rows_quarantined
        )));
    }
    Ok(Ok(sorted(counts)))
}

fn count_batch(batch: &RecordBatch, files: &BTreeSet<&str>, counts: &mut BTreeMap<String, u64>) -> u64 {
    let text = |name: &str| {
        batch
            .column_by_name(name)
            .and_then(|c| arrow::compute::cast(c, &DataType::Utf8).ok())
    };
    let (Some(source), Some(reason)) = (text("source_file"), text("reason")) else {
        return 0;
    };
    let (source, reason) = (source.as_string::<i32>(), reason.as_string::<i32>());
    let mut rows = 0;
    for i in 0..batch.num_rows() {
        if source.is_null(i) || !files.contains(source.value(i)) {
            continue;
        }
        rows += 1;
        for problem in reason.value(i).split("; ") {
            *counts.entry(problem_key(problem)).or_default() += 1;
        }
    }
    rows
}

/// `Column: reason 'value'` -> `Column: reason '…'`, the key ingest counts problems by.
fn problem_key(problem: &str) -> String {
    match problem.split_once(": ") {
        Some((column, reason)) => format!("{column}: {}", ingest::parse::generic_reason(reason)),
        None => problem.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problem_keys_match_ingest_counting() {
        assert_eq!(
            problem_key("Ethnic Origin: unknown ethnic origin code 'Q'"),
            "Ethnic Origin: unknown ethnic origin code '…'"
        );
        assert_eq!(
            problem_key("expected 12 fields, found 11"),
            "expected 12 fields, found 11"
        );
    }
}
