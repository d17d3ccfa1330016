//! Explain: how a published figure was made, from a committed run (`talentpipe explain`).
//!
//! Where things are: this file finds the table and the rows asked for and assembles the
//! answer; `model` is the answer's serialisable shape (what `--format json` prints); `chain`
//! the models a table reads, from the recorded dependency graph; `rows` explains each cell of a
//! selected row; `inputs` the extract files and quarantine reasons behind the table; `text`
//! renders the answer as plain text. What a run records about each query for explain (its path
//! and [`QueryDefinition`](crate::queries::definition::QueryDefinition), written into the
//! manifest) is [`crate::queries::definition`].
//!
//! [`explain`] reads the latest committed run of an output root (the same
//! [`crate::publish::read_latest`] the report and the national aggregation use) and returns an
//! [`Explanation`] of one published table: its query file (path and SHA-256 of the SQL run)
//! and header, the chain of models it reads, the selected rows with every count and rate as
//! published (and why a cell is empty), and the inputs behind it: the extract kinds the chain
//! reads, their files (size, SHA-256, rows accepted and quarantined) and the quarantine reasons
//! for those kinds; for a national run, the regional runs and the regions a table excludes.
//! [`render_text`] is the plain-text rendering the binary prints; `--format json` serialises
//! the same structure.
//!
//! Everything comes from the run: the manifest (each query's file, SQL checksum, header fields,
//! final-SELECT expressions and the tables it reads; the inputs; the suppression threshold), the
//! published tables and the quarantine output. No query folder is read, so a run can be
//! explained after its queries changed or moved.
//!
//! Caveats:
//! - A run committed before the manifest recorded the query details (no `reads` or
//!   `definition` for the table) cannot be explained: the error says so and to re-run.
//! - Only published tables are read (never `restricted/`), each checked against the SHA-256 the
//!   manifest records for it (a changed file is refused: exit 3). A null count in a row marked
//!   `suppressed` is read as withheld (a count from 1 to k-1): publishing records which rows
//!   had something withheld, not which cells, and a count that was null before suppression
//!   looks the same.
//! - Input files are those of the whole run: a row of one organisation is explained with the
//!   files of every organisation of the kind, since the files are not attributed to rows.
//! - Quarantine reasons are counted from the quarantine output (`staged/quarantine/`), which
//!   the next ingest rewrites; they are checked against the per-file reasons in the manifest
//!   and, when they differ, the manifest's counts are given instead, with a note.

mod chain;
mod inputs;
mod model;
mod rows;
mod text;

use std::collections::{BTreeMap, BTreeSet};

use arrow::array::RecordBatch;
use arrow::datatypes::DataType;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::publish::{
    self, Manifest, PUBLISHED, QueryRecord, QueryState, RunKind, SUPPRESSED_COLUMN, TableRecord,
};
use crate::queries;
use crate::report::data::Table;
use crate::storage::Location;
pub use model::{
    CellExplanation, CellStatus, ChainModel, DerivedRate, Explanation, Filter, InputFile, InputKind,
    ReasonCount, RegionsExcluded, Role, RowExplanation, RunInfo, Selection, SuppressionInfo, TableInfo,
};
pub use text::render_text;

/// At most this many selected rows are explained; more matches are counted and the rest left out.
pub const MAX_ROWS: usize = 5;

/// The organisation column `--org` filters on.
pub const ORG_COLUMN: &str = "org_code";

/// What to explain: a published table and, optionally, which of its rows.
#[derive(Debug, Clone, Default)]
pub struct ExplainRequest {
    pub table: String,
    /// `--org CODE`: rows whose `org_code` is CODE.
    pub org: Option<String>,
    /// `--where COLUMN=VALUE` pairs (an empty VALUE selects nulls, e.g. region totals).
    pub filters: Vec<(String, String)>,
}

impl ExplainRequest {
    /// Parses one `--where` argument, `COLUMN=VALUE`.
    pub fn parse_where(arg: &str) -> Result<(String, String)> {
        match arg.split_once('=') {
            Some((c, v)) if !c.trim().is_empty() => Ok((c.trim().to_ascii_lowercase(), v.trim().to_string())),
            _ => Err(Error::Usage {
                option: "--where".into(),
                message: format!("'{arg}' is not COLUMN=VALUE (e.g. --where region_code=Y60)"),
            }),
        }
    }

    /// Every filter, `--org` first, as (column, value).
    fn all_filters(&self) -> Vec<(String, String)> {
        let org = self
            .org
            .iter()
            .map(|o| (ORG_COLUMN.to_string(), o.trim().to_string()));
        org.chain(self.filters.iter().cloned()).collect()
    }
}

fn usage(option: &str, message: String) -> Error {
    Error::Usage {
        option: option.into(),
        message,
    }
}

/// Explains `request.table` of the latest committed run under `output`, from that run alone
/// (its manifest, published tables and the quarantine output).
///
/// Errors (exit 2): no committed run, a table the run did not publish (the message lists the
/// published tables), a run whose manifest does not record the query details (committed by an
/// older version), a filter column the table lacks (listing its columns), no matching row.
pub async fn explain(output: &Location, request: &ExplainRequest) -> Result<Explanation> {
    let Some((_, manifest)) = publish::read_latest(output).await? else {
        return Err(usage(
            "--output",
            format!(
                "no committed run in {}: run `talentpipe run` first, or point --output at a run's output root",
                output.display()
            ),
        ));
    };
    let name = request.table.trim().to_ascii_lowercase();
    let Some(record) = manifest.tables.iter().find(|t| t.name == name) else {
        return Err(unknown_table(&manifest, &name));
    };
    let query = manifest.queries.iter().find(|q| q.name == name);
    let (query, reads, definition) = match query {
        Some(
            q @ QueryRecord {
                reads: Some(reads),
                definition: Some(d),
                ..
            },
        ) => (q, reads, d),
        _ => return Err(not_recorded(&manifest, &name)),
    };
    let batches = read_published(output, &manifest, record).await?;
    let schema = batches.first().map(|b| b.schema());
    let table = Table::from_batches(&name, &batches)?;
    let expressions: BTreeMap<String, Option<String>> = definition
        .columns
        .iter()
        .map(|c| (c.name.clone(), c.expression.clone()))
        .collect();

    // Extract kinds: those the contract declares and any the run's ingest recorded.
    let kinds: BTreeSet<String> = crate::extracts::ALL
        .iter()
        .map(|s| s.kind.to_string())
        .chain(
            manifest
                .ingest
                .iter()
                .flat_map(|i| i.kinds.iter().map(|k| k.kind.clone())),
        )
        .collect();
    let chain = chain::chain(&manifest, &name, &kinds);
    let mut read_tables: BTreeSet<String> = reads.iter().cloned().collect();
    for m in &chain {
        read_tables.extend(m.reads_extracts.iter().chain(&m.reads_other).cloned());
    }
    let read_kinds: BTreeSet<String> = read_tables.intersection(&kinds).cloned().collect();
    let info = TableInfo {
        name: name.clone(),
        file: query.file.clone(),
        path: query.path.clone(),
        sql_sha256: query.sql_sha256.clone(),
        title: query.title.clone(),
        grain: query.grain.clone(),
        source: query.source.clone(),
        notes: definition.notes.clone(),
        counts: definition.counts.clone(),
        derived: definition
            .derived
            .iter()
            .map(|d| DerivedRate {
                rate: d.rate.clone(),
                from: d.from.clone(),
                formula: format!("{} <- {}", d.rate, d.from.join(", ")),
                expression: expressions.get(&d.rate).cloned().flatten(),
            })
            .collect(),
        needs: definition.needs.clone(),
        reads: reads.clone(),
        rows: record.rows,
        suppressed_rows: record.suppressed_rows,
    };

    let filters = request.all_filters();
    let columns = table_columns(schema.as_deref());
    for (column, _) in &filters {
        if !columns.iter().any(|(c, _)| c == column) {
            let option = if column == ORG_COLUMN && request.org.is_some() {
                "--org"
            } else {
                "--where"
            };
            let names: Vec<&str> = columns.iter().map(|(c, _)| c.as_str()).collect();
            return Err(usage(
                option,
                format!(
                    "table {name} has no column '{column}'; its columns: {}",
                    names.join(", ")
                ),
            ));
        }
    }
    let matched: Vec<usize> = (0..table.rows())
        .filter(|&i| filters.iter().all(|(c, v)| cell_matches(&table, c, i, v)))
        .collect();
    if matched.is_empty() && !filters.is_empty() {
        let option = if request.filters.is_empty() {
            "--org"
        } else {
            "--where"
        };
        return Err(no_match(option, &name, &table, &filters));
    }
    let shown = matched.len().min(MAX_ROWS);
    let selection = Selection {
        filters: filters
            .iter()
            .map(|(c, v)| Filter {
                column: c.clone(),
                value: v.clone(),
            })
            .collect(),
        rows_in_table: table.rows(),
        rows_matched: matched.len(),
        rows_explained: shown,
        note: (matched.len() > MAX_ROWS).then(|| {
            format!(
                "{} rows match; the first {MAX_ROWS} are explained: narrow the selection with --org CODE or --where COLUMN=VALUE",
                matched.len()
            )
        }),
    };
    let threshold = manifest.suppression.threshold;
    let rows = matched
        .iter()
        .take(MAX_ROWS)
        .map(|&i| rows::explain_row(&table, &columns, &info, &expressions, threshold, i))
        .collect();

    let inputs = match &manifest.ingest {
        Some(ingest) => inputs::input_kinds(output, ingest, &read_kinds).await?,
        None => Vec::new(),
    };
    let regions_excluded = manifest
        .partial_tables
        .iter()
        .filter(|(t, _)| read_tables.contains(&format!("{}{t}", crate::national::REGIONAL_PREFIX)))
        .map(|(t, regions)| RegionsExcluded {
            table: format!("{}{t}", crate::national::REGIONAL_PREFIX),
            regions: regions.clone(),
        })
        .collect();
    Ok(Explanation {
        run: RunInfo {
            run_id: manifest.run_id.clone(),
            kind: manifest.kind.to_string(),
            region: manifest.region.clone(),
            finished_at: manifest.finished_at.clone(),
            talentpipe_version: manifest.talentpipe_version.clone(),
            output: output.display(),
        },
        table: info,
        chain,
        suppression: SuppressionInfo {
            threshold,
            rule: manifest.suppression.rule.clone(),
        },
        selection,
        rows,
        inputs,
        sources: manifest.sources.clone(),
        regions_excluded,
    })
}

/// The published table of `record`, checked against the SHA-256 the manifest records for it, so
/// that every figure shown is the one the run committed.
async fn read_published(
    output: &Location,
    manifest: &Manifest,
    record: &TableRecord,
) -> Result<Vec<RecordBatch>> {
    let name = &record.name;
    if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return publish::read_table(output, &manifest.run_id, PUBLISHED, name).await; // refuses it
    }
    let rel = format!("{}/{}/{PUBLISHED}/{name}.parquet", publish::RUNS, manifest.run_id);
    let data = output.get_opt(&rel).await?.ok_or_else(|| Error::Publish {
        what: output.url_of(&rel),
        message: format!(
            "table '{name}' is listed in the manifest of run {} but its file does not exist",
            manifest.run_id
        ),
    })?;
    let recorded = &record.published_parquet.sha256;
    if !recorded.is_empty() && hex::encode(Sha256::digest(&data)) != *recorded {
        return Err(Error::Publish {
            what: output.url_of(&rel),
            message: format!(
                "does not match the SHA-256 the manifest of run {} records for it (changed after the run was committed?); explain shows only what a run published",
                manifest.run_id
            ),
        });
    }
    let reader = ParquetRecordBatchReaderBuilder::try_new(data)?.build()?;
    Ok(reader.collect::<std::result::Result<Vec<_>, _>>()?)
}

/// The table's query lacks the details a run now records: the manifest is an older version's.
fn not_recorded(manifest: &Manifest, name: &str) -> Error {
    usage(
        "--output",
        format!(
            "run {} (committed by talentpipe {}) does not record how table '{name}' was made: its \
             manifest predates the query details explain reads from the run (the query's path, \
             SQL checksum, header and the tables it reads): re-run `talentpipe {}` with this talentpipe \
             (version {}), which records them, to explain its tables",
            manifest.run_id,
            if manifest.talentpipe_version.is_empty() {
                "(version not recorded)"
            } else {
                manifest.talentpipe_version.as_str()
            },
            if manifest.kind == RunKind::National {
                "aggregate"
            } else {
                "run"
            },
            env!("CARGO_PKG_VERSION"),
        ),
    )
}

fn unknown_table(manifest: &Manifest, name: &str) -> Error {
    let mut published: Vec<&str> = manifest.tables.iter().map(|t| t.name.as_str()).collect();
    published.sort_unstable();
    let why = match manifest.queries.iter().find(|q| q.name == name) {
        Some(q) if q.status != QueryState::Ok => format!(
            "table '{name}' was {} in run {}{}",
            q.status.as_str().replace('_', " "),
            manifest.run_id,
            q.message.as_ref().map_or(String::new(), |m| format!(" ({m})"))
        ),
        Some(q) if !q.published => format!("'{name}' is a model the run does not publish (publish: false)"),
        _ => {
            let hint = queries::did_you_mean(name, published.iter().copied())
                .map_or(String::new(), |m| format!(" (did you mean '{m}'?)"));
            format!("run {} published no table '{name}'{hint}", manifest.run_id)
        }
    };
    usage(
        "TABLE",
        format!("{why}; published tables: {}", published.join(", ")),
    )
}

fn no_match(option: &str, name: &str, table: &Table, filters: &[(String, String)]) -> Error {
    let said: Vec<String> = filters.iter().map(|(c, v)| format!("{c} = '{v}'")).collect();
    let values: Vec<String> = filters
        .iter()
        .map(|(c, _)| {
            let distinct: BTreeSet<String> = (0..table.rows())
                .map(|i| {
                    table
                        .text(c, i)
                        .unwrap_or_else(|| "(null: pass an empty VALUE)".into())
                })
                .collect();
            let list: Vec<String> = distinct.into_iter().take(30).collect();
            format!("{c}: {}", list.join(", "))
        })
        .collect();
    usage(
        option,
        format!(
            "no row of {name} has {}; values in the table: {}",
            said.join(" and "),
            values.join("; ")
        ),
    )
}

/// Column names and types of the published table, without the `suppressed` flag.
fn table_columns(schema: Option<&arrow::datatypes::Schema>) -> Vec<(String, DataType)> {
    schema.map_or_else(Vec::new, |s| {
        s.fields()
            .iter()
            .filter(|f| f.name() != SUPPRESSED_COLUMN)
            .map(|f| (f.name().to_ascii_lowercase(), f.data_type().clone()))
            .collect()
    })
}

/// A filter value equals the cell as text (ASCII case ignored); an empty value matches null.
fn cell_matches(table: &Table, column: &str, row: usize, value: &str) -> bool {
    match table.text(column, row) {
        None => value.is_empty(),
        Some(text) => text.eq_ignore_ascii_case(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn where_arguments() {
        assert_eq!(
            ExplainRequest::parse_where("Region_Code = Y60").unwrap(),
            ("region_code".into(), "Y60".into())
        );
        assert_eq!(
            ExplainRequest::parse_where("org_code=").unwrap(),
            ("org_code".into(), String::new())
        );
        let err = ExplainRequest::parse_where("org_code").unwrap_err();
        assert_eq!(err.exit_code(), crate::ExitCode::UsageError);
        assert!(ExplainRequest::parse_where("=x").is_err());
    }
}
