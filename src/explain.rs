//! Explain: how a published figure was made, from a committed run (`talentpipe explain`).
//!
//! [`explain`] reads the latest committed run of an output root (the same
//! [`crate::publish::read_latest`] the report and the national aggregation use) and returns an
//! [`Explanation`] of one published table: its query file and header, the chain of models it
//! reads, the selected rows with every count and rate as published (and why a cell is empty),
//! and the inputs behind it: the extract kinds the chain reads, their files (size, SHA-256,
//! rows accepted and quarantined, from the manifest) and the quarantine reasons for those kinds.
//! [`render_text`] is the plain-text rendering the binary prints; `--format json` serialises
//! the same structure.
//!
//! Caveats:
//! - The manifest records each query's name, file, title, grain and source, but neither the SQL
//!   nor the folder it was read from. The dependency graph, `counts:`, `derived:` and `needs:`
//!   are therefore read from the query folder given to `explain` (`--queries`, else `queries`
//!   in the configuration), and that folder is compared with what the run recorded (same
//!   tables, files, titles, grains and sources); any difference is listed in
//!   [`QueryFolder::differences`].
//! - Only published tables are read (never `restricted/`). A null count in a row marked
//!   `suppressed` is read as withheld (a count from 1 to k-1): publishing records which rows
//!   had something withheld, not which cells, and a count that was null before suppression
//!   looks the same.
//! - Input files are those of the whole run: a row of one organisation is explained with the
//!   files of every organisation of the kind, since the files are not attributed to rows.
//! - Quarantine reasons are counted from the quarantine output (`staged/quarantine/`), which
//!   the next ingest rewrites; they are checked against the per-file reasons in the manifest
//!   and, when they differ, the manifest's counts are given instead, with a note.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use arrow::array::{Array, AsArray, RecordBatch};
use arrow::datatypes::DataType;
use datafusion::sql::parser::{DFParser, Statement as DFStatement};
use datafusion::sql::sqlparser::ast::{Expr, SelectItem, SetExpr, Statement as SqlStatement};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::ingest::{self, IngestMetrics, KindMetrics};
use crate::publish::{self, Manifest, PUBLISHED, QueryState, RunKind, SUPPRESSED_COLUMN};
use crate::queries::{self, QueryFile, Scope};
use crate::report::data::{Raw, Table};
use crate::storage::Location;

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

/// How a published table was made, and the selected rows of it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Explanation {
    pub run: RunInfo,
    pub table: TableInfo,
    pub query_folder: QueryFolder,
    /// The models the table reads, directly or through other models, in run order.
    pub chain: Vec<ChainModel>,
    pub suppression: SuppressionInfo,
    pub selection: Selection,
    pub rows: Vec<RowExplanation>,
    /// The extract kinds the table and its chain read, with their files and quarantine.
    pub inputs: Vec<InputKind>,
    /// National runs: the regional runs aggregated (their inputs are in their own manifests).
    pub sources: Vec<publish::SourceRecord>,
}

/// The committed run explained.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RunInfo {
    pub run_id: String,
    /// "regional" or "national".
    pub kind: String,
    pub region: String,
    pub finished_at: String,
    pub talentpipe_version: String,
    /// The output root it was read from.
    pub output: String,
}

/// The table's query file and header.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TableInfo {
    pub name: String,
    /// The query file as the run recorded it (`queries/wres/wres_indicator_2.sql`).
    pub file: String,
    pub title: Option<String>,
    pub grain: Option<String>,
    pub source: Option<String>,
    /// The header's prose comment lines (the definition in words).
    pub notes: Vec<String>,
    /// `counts:`: the columns small-number suppression applies to.
    pub counts: Vec<String>,
    /// `derived:`: each rate and the counts it is computed from.
    pub derived: Vec<DerivedRate>,
    /// `needs:`: the extracts without which the table is not computed (None: undeclared).
    pub needs: Option<Vec<String>>,
    /// The tables the statement reads directly (models, extracts, run tables).
    pub reads: Vec<String>,
    /// Rows of the published table, and how many had something withheld (manifest).
    pub rows: u64,
    pub suppressed_rows: u64,
}

/// One `derived:` entry.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DerivedRate {
    pub rate: String,
    pub from: Vec<String>,
    /// The header entry as written: `rate <- count_a, count_b`.
    pub formula: String,
    /// The expression of the column in the query's final SELECT (None when not found).
    pub expression: Option<String>,
}

/// Where the query headers and dependency graph were read from.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct QueryFolder {
    pub path: String,
    /// Always false today: the manifest does not record the SQL of its queries.
    pub recorded_in_manifest: bool,
    /// Differences between the folder and the queries the run recorded (empty: they agree).
    pub differences: Vec<String>,
}

/// One model in the chain.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ChainModel {
    pub name: String,
    pub file: String,
    pub title: Option<String>,
    /// Models it reads.
    pub reads_models: Vec<String>,
    /// Extract kinds it reads.
    pub reads_extracts: Vec<String>,
    /// Run tables and anything else it reads (`run_parameters`, `critical_roles`, ...).
    pub reads_other: Vec<String>,
    /// Its status in the run ("ok", "not_computed", ...; "not run" when the run skipped it).
    pub status: String,
    pub published: bool,
}

/// The suppression rule of the run (manifest).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SuppressionInfo {
    pub threshold: i64,
    pub rule: String,
}

/// Which rows were asked for and how many matched.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Selection {
    pub filters: Vec<Filter>,
    pub rows_in_table: usize,
    pub rows_matched: usize,
    /// At most [`MAX_ROWS`].
    pub rows_explained: usize,
    /// Said when more rows matched than are explained.
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Filter {
    pub column: String,
    pub value: String,
}

/// One published row.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RowExplanation {
    /// Row number in the published table, from 1, in file order (CSV line = row_number + 1).
    pub row_number: usize,
    /// The published `suppressed` flag.
    pub suppressed: bool,
    pub cells: Vec<CellExplanation>,
}

/// What a column is, from the header and the column type.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A text or date column that identifies the row (region, organisation, group); notes
    /// (`note`, `*_note`, `*_reason`) are [`Role::Other`].
    Key,
    /// Listed in `counts:`.
    Count,
    /// Listed in `derived:`.
    Rate,
    /// Anything else (flags, notes, organisation counts).
    Other,
}

/// Whether a cell carries a figure.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum CellStatus {
    Published,
    /// Withheld by small-number suppression.
    Withheld,
    /// Null as computed (a total row, a zero denominator, not applicable).
    Null,
}

/// One cell of a selected row.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CellExplanation {
    pub column: String,
    pub role: Role,
    /// The published value (JSON null when the cell is empty).
    pub value: serde_json::Value,
    pub status: CellStatus,
    /// Why the cell is empty.
    pub reason: Option<String>,
    /// Rates: the counts it is computed from (header `derived:`).
    pub derived_from: Vec<String>,
    /// The column's expression in the query's final SELECT, when it is not the plain column.
    pub expression: Option<String>,
}

/// One extract kind behind the table.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct InputKind {
    pub kind: String,
    /// "ingested", "reused", "not_supplied".
    pub status: String,
    pub rows_read: u64,
    pub rows_accepted: u64,
    pub rows_quarantined: u64,
    pub files: Vec<InputFile>,
    pub quarantine_reasons: Vec<ReasonCount>,
    /// Where the reasons were counted: "quarantine output" or "manifest".
    pub reasons_from: String,
    /// Why the manifest's counts were used instead of the quarantine output.
    pub reasons_note: Option<String>,
}

/// One input file (manifest).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct InputFile {
    pub path: String,
    pub size: u64,
    pub sha256: String,
    pub rows_read: u64,
    pub rows_accepted: u64,
    pub rows_quarantined: u64,
}

/// Quarantined rows' problems of one kind, counted by reason (`column: reason`, values elided).
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct ReasonCount {
    pub reason: String,
    pub count: u64,
}

fn usage(option: &str, message: String) -> Error {
    Error::Usage {
        option: option.into(),
        message,
    }
}

/// Explains `request.table` of the latest committed run under `output`, with the query
/// headers and dependency graph read from `queries_dir`.
///
/// Errors (exit 2): no committed run, a table the run did not publish (the message lists the
/// published tables), a filter column the table lacks (listing its columns), no matching row.
pub async fn explain(output: &Location, queries_dir: &Path, request: &ExplainRequest) -> Result<Explanation> {
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
    let scope = if manifest.kind == RunKind::National {
        Scope::National
    } else {
        Scope::Regional
    };
    let (files, _problems) = queries::discover(queries_dir, scope)?;
    let folder = QueryFolder {
        path: queries_dir.display().to_string(),
        recorded_in_manifest: false,
        differences: folder_differences(&manifest, &files),
    };
    let query = files.iter().find(|q| q.name == name && !q.header.test);
    let batches = publish::read_table(output, &manifest.run_id, PUBLISHED, &name).await?;
    let schema = batches.first().map(|b| b.schema());
    let table = Table::from_batches(&name, &batches)?;
    let expressions = query.map(|q| final_select_columns(&q.sql)).unwrap_or_default();

    let header = query.map(|q| q.header.clone()).unwrap_or_default();
    let recorded = manifest.queries.iter().find(|q| q.name == name);
    let kinds: BTreeSet<String> = manifest
        .ingest
        .iter()
        .flat_map(|i| i.kinds.iter().map(|k| k.kind.clone()))
        .collect();
    let chain = chain(&manifest, &files, &name, &kinds);
    let mut read_kinds: BTreeSet<String> = chain.iter().flat_map(|m| m.reads_extracts.clone()).collect();
    if let Some(q) = query {
        read_kinds.extend(q.reads.iter().filter(|t| kinds.contains(*t)).cloned());
    }
    let info = TableInfo {
        name: name.clone(),
        file: recorded.map_or_else(
            || query.map_or(String::new(), |q| q.display.clone()),
            |r| r.file.clone(),
        ),
        title: recorded.and_then(|r| r.title.clone()).or(header.title.clone()),
        grain: recorded.and_then(|r| r.grain.clone()).or(header.grain.clone()),
        source: recorded.and_then(|r| r.source.clone()).or(header.source.clone()),
        notes: query.map(|q| header_notes(&q.sql)).unwrap_or_default(),
        counts: header.counts.clone(),
        derived: header
            .derived
            .iter()
            .map(|(rate, from)| DerivedRate {
                rate: rate.clone(),
                from: from.clone(),
                formula: format!("{rate} <- {}", from.join(", ")),
                expression: expressions.get(rate).cloned().flatten(),
            })
            .collect(),
        needs: header.needs.clone(),
        reads: query
            .map(|q| q.reads.iter().cloned().collect())
            .unwrap_or_default(),
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
        .map(|&i| explain_row(&table, &columns, &info, &expressions, threshold, i))
        .collect();

    let inputs = match &manifest.ingest {
        Some(ingest) => input_kinds(output, ingest, &read_kinds).await?,
        None => Vec::new(),
    };
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
        query_folder: folder,
        chain,
        suppression: SuppressionInfo {
            threshold,
            rule: manifest.suppression.rule.clone(),
        },
        selection,
        rows,
        inputs,
        sources: manifest.sources.clone(),
    })
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

/// Where the folder disagrees with the queries the run recorded.
fn folder_differences(manifest: &Manifest, files: &[QueryFile]) -> Vec<String> {
    // The folder's own name may differ (a copy, another checkout): compare below it.
    let below = |display: &str| {
        display
            .split_once('/')
            .map_or(display.to_string(), |(_, r)| r.to_string())
    };
    let mut out = Vec::new();
    for r in &manifest.queries {
        let Some(q) = files.iter().find(|q| q.name == r.name && !q.header.test) else {
            out.push(format!("{} ({}) is not in the folder", r.name, r.file));
            continue;
        };
        if below(&q.display) != below(&r.file) {
            out.push(format!(
                "{}: the run read {}, the folder has {}",
                r.name, r.file, q.display
            ));
        }
        for (what, ran, now) in [
            ("title", &r.title, &q.header.title),
            ("grain", &r.grain, &q.header.grain),
            ("source", &r.source, &q.header.source),
        ] {
            if ran != now {
                out.push(format!("{}: the {what} differs from the run's", r.name));
            }
        }
    }
    out
}

/// The models `name` reads, directly or not, in the run's order (then by name).
fn chain(manifest: &Manifest, files: &[QueryFile], name: &str, kinds: &BTreeSet<String>) -> Vec<ChainModel> {
    let upstream = queries::upstream(files, name);
    let position = |n: &str| {
        manifest
            .queries
            .iter()
            .position(|q| q.name == n)
            .unwrap_or(usize::MAX)
    };
    let mut names: Vec<&String> = upstream.iter().collect();
    names.sort_by_key(|n| (position(n), n.as_str()));
    let models: BTreeSet<&str> = files.iter().map(|q| q.name.as_str()).collect();
    names
        .into_iter()
        .filter_map(|n| files.iter().find(|q| &q.name == n))
        .map(|q| {
            let recorded = manifest.queries.iter().find(|r| r.name == q.name);
            let split = |pred: &dyn Fn(&str) -> bool| q.reads.iter().filter(|t| pred(t)).cloned().collect();
            ChainModel {
                name: q.name.clone(),
                file: recorded.map_or_else(|| q.display.clone(), |r| r.file.clone()),
                title: q.header.title.clone(),
                reads_models: split(&|t| models.contains(t)),
                reads_extracts: split(&|t| !models.contains(t) && kinds.contains(t)),
                reads_other: split(&|t| !models.contains(t) && !kinds.contains(t)),
                status: recorded.map_or_else(|| "not run".to_string(), |r| r.status.to_string()),
                published: recorded.is_some_and(|r| r.published),
            }
        })
        .collect()
}

/// The header's prose lines: comment lines of the leading block that are not `key: value`
/// metadata.
fn header_notes(sql: &str) -> Vec<String> {
    const KEYS: [&str; 9] = [
        "title", "grain", "source", "publish", "test", "severity", "counts", "derived", "needs",
    ];
    let mut notes = Vec::new();
    for line in sql.lines() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        let Some(comment) = t.strip_prefix("--") else {
            break;
        };
        let comment = comment.trim();
        let is_key = comment
            .split_once(':')
            .is_some_and(|(k, _)| KEYS.contains(&k.trim().to_ascii_lowercase().as_str()));
        if !is_key && !comment.is_empty() {
            notes.push(comment.to_string());
        }
    }
    notes
}

/// Each output column of the query's final SELECT: its expression when it is computed or
/// renamed (`ROUND(reference_likelihood, 4)`), None when it is a column passed through.
fn final_select_columns(sql: &str) -> BTreeMap<String, Option<String>> {
    let mut out = BTreeMap::new();
    let Ok(mut statements) = DFParser::parse_sql(sql) else {
        return out;
    };
    let Some(DFStatement::Statement(statement)) = statements.pop_front() else {
        return out;
    };
    let SqlStatement::Query(query) = statement.as_ref() else {
        return out;
    };
    let SetExpr::Select(select) = query.body.as_ref() else {
        return out;
    };
    for item in &select.projection {
        match item {
            SelectItem::ExprWithAlias { expr, alias } => {
                out.insert(alias.value.to_ascii_lowercase(), Some(expr.to_string()));
            }
            SelectItem::UnnamedExpr(Expr::Identifier(id)) => {
                out.insert(id.value.to_ascii_lowercase(), None);
            }
            SelectItem::UnnamedExpr(Expr::CompoundIdentifier(parts)) => {
                if let Some(last) = parts.last() {
                    out.insert(last.value.to_ascii_lowercase(), None);
                }
            }
            _ => {}
        }
    }
    out
}

fn json_value(raw: &Raw) -> serde_json::Value {
    match raw {
        Raw::Null => serde_json::Value::Null,
        Raw::Int(i) => (*i).into(),
        Raw::Float(f) => {
            serde_json::Number::from_f64(*f).map_or(serde_json::Value::Null, serde_json::Value::Number)
        }
        Raw::Bool(b) => (*b).into(),
        Raw::Text(s) => s.clone().into(),
    }
}

/// A column that explains rather than identifies (`note`, `relative_likelihood_note`,
/// `left_out_reason`).
fn is_note(column: &str) -> bool {
    column == "note" || column.ends_with("_note") || column.ends_with("_reason")
}

fn is_float(t: &DataType) -> bool {
    matches!(t, DataType::Float16 | DataType::Float32 | DataType::Float64)
}

fn explain_row(
    table: &Table,
    columns: &[(String, DataType)],
    info: &TableInfo,
    expressions: &BTreeMap<String, Option<String>>,
    k: i64,
    row: usize,
) -> RowExplanation {
    let suppressed = table.row_suppressed(row);
    // A null count in a suppressed row is a withheld one (see the module caveats).
    let withheld_count =
        |c: &str| suppressed && info.counts.iter().any(|x| x == c) && table.raw(c, row).is_null();
    let cells = columns
        .iter()
        .map(|(column, data_type)| {
            let raw = table.raw(column, row);
            let derived_from = info
                .derived
                .iter()
                .find(|d| &d.rate == column)
                .map(|d| d.from.clone())
                .unwrap_or_default();
            let role = if info.counts.contains(column) {
                Role::Count
            } else if info.derived.iter().any(|d| &d.rate == column) {
                Role::Rate
            } else if (matches!(data_type, DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View)
                || data_type.is_temporal())
                && !is_note(column)
            {
                Role::Key
            } else {
                Role::Other
            };
            let withheld_sources: Vec<&str> = derived_from
                .iter()
                .filter(|c| withheld_count(c))
                .map(String::as_str)
                .collect();
            let (status, reason) = if !raw.is_null() {
                (CellStatus::Published, None)
            } else if withheld_count(column) {
                (
                    CellStatus::Withheld,
                    Some(format!(
                        "withheld by small-number suppression: counts from 1 to {} are not published (threshold {k})",
                        k.saturating_sub(1)
                    )),
                )
            } else if !withheld_sources.is_empty() {
                (
                    CellStatus::Withheld,
                    Some(format!(
                        "withheld with the withheld count(s) it is derived from: {}",
                        withheld_sources.join(", ")
                    )),
                )
            } else if let Some(note) = table.own_note(column, row) {
                (CellStatus::Null, Some(format!("not applicable: {note}")))
            } else if suppressed && role == Role::Other && is_float(data_type) && !info.counts.is_empty() {
                (
                    CellStatus::Withheld,
                    Some("withheld: a decimal column not listed in the header, in a row where a count is withheld".into()),
                )
            } else if role == Role::Key {
                (CellStatus::Null, Some("null: the row is a total over this column".into()))
            } else if let Some(note) = table.shared_note(column, row) {
                (CellStatus::Null, Some(format!("not applicable: {note}")))
            } else {
                (CellStatus::Null, Some("null as computed (not withheld)".into()))
            };
            CellExplanation {
                column: column.clone(),
                role,
                value: json_value(&raw),
                status,
                reason,
                derived_from,
                expression: expressions.get(column).cloned().flatten(),
            }
        })
        .collect();
    RowExplanation {
        row_number: row + 1,
        suppressed,
        cells,
    }
}

async fn input_kinds(
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

/// Formats a JSON cell value for text: numbers as published, text as is, null as "(null)".
fn show(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => "(null)".into(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The plain-text rendering `talentpipe explain` prints.
pub fn render_text(e: &Explanation) -> String {
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    let t = &e.table;
    line(format!(
        "{} — {}",
        t.name,
        t.title.as_deref().unwrap_or("(no title)")
    ));
    line(format!(
        "  run      {} ({} run, region {}, finished {}) in {}",
        e.run.run_id, e.run.kind, e.run.region, e.run.finished_at, e.run.output
    ));
    line(format!("  file     {}", t.file));
    line(format!(
        "  grain    {}",
        t.grain.as_deref().unwrap_or("(not stated)")
    ));
    line(format!(
        "  source   {}",
        t.source.as_deref().unwrap_or("(not stated)")
    ));
    if let Some(needs) = &t.needs {
        line(format!(
            "  needs    {}",
            if needs.is_empty() {
                "none".into()
            } else {
                needs.join(", ")
            }
        ));
    }
    line(format!("  reads    {}", t.reads.join(", ")));
    for (i, n) in t.notes.iter().enumerate() {
        line(format!("  {}{n}", if i == 0 { "notes    " } else { "         " }));
    }
    line(format!(
        "  queries  read from {} (the manifest does not record the SQL){}",
        e.query_folder.path,
        if e.query_folder.differences.is_empty() {
            "; it matches the queries the run recorded".to_string()
        } else {
            format!(
                "; it DIFFERS from the run: {}",
                e.query_folder.differences.join("; ")
            )
        }
    ));
    line(String::new());
    line(format!("models read ({}, in run order)", e.chain.len()));
    for m in &e.chain {
        let mut reads: Vec<String> = m.reads_models.clone();
        reads.extend(m.reads_extracts.iter().map(|k| format!("{k} (extract)")));
        reads.extend(m.reads_other.iter().cloned());
        line(format!("  {:<36} {}  [{}]", m.name, m.file, m.status));
        let reads = if reads.is_empty() {
            "no table (constants)".to_string()
        } else {
            reads.join(", ")
        };
        line(format!("  {:<36}   reads {reads}", ""));
    }
    line(String::new());
    let s = &e.selection;
    let filters: Vec<String> = s
        .filters
        .iter()
        .map(|f| format!("{} = '{}'", f.column, f.value))
        .collect();
    line(format!(
        "rows: {} of {} match{}",
        s.rows_matched,
        s.rows_in_table,
        if filters.is_empty() {
            " (no filter)".to_string()
        } else {
            format!(" {}", filters.join(" and "))
        }
    ));
    if let Some(note) = &s.note {
        line(format!("  {note}"));
    }
    line(format!(
        "suppression: threshold {} ({})",
        e.suppression.threshold, e.suppression.rule
    ));
    for r in &e.rows {
        let keys: Vec<String> = r
            .cells
            .iter()
            .filter(|c| c.role == Role::Key && c.status == CellStatus::Published)
            .map(|c| format!("{} {}", c.column, show(&c.value)))
            .collect();
        line(String::new());
        line(format!(
            "row {} of {}: {}{}",
            r.row_number,
            s.rows_in_table,
            keys.join(", "),
            if r.suppressed {
                "  (suppressed: something in it is withheld)"
            } else {
                ""
            }
        ));
        for (role, heading) in [
            (Role::Count, "counts (numerators and denominators, as published)"),
            (Role::Rate, "rates (header derived: rate <- counts)"),
            (Role::Other, "other columns"),
            (Role::Key, "totals"),
        ] {
            let cells: Vec<&CellExplanation> = r
                .cells
                .iter()
                .filter(|c| c.role == role && !(role == Role::Key && c.status == CellStatus::Published))
                .collect();
            if cells.is_empty() {
                continue;
            }
            line(format!("  {heading}"));
            for c in cells {
                let mut text = format!("    {:<34} {:>10}", c.column, show(&c.value));
                if !c.derived_from.is_empty() {
                    let parts: Vec<String> = c
                        .derived_from
                        .iter()
                        .map(|d| {
                            let v = r
                                .cells
                                .iter()
                                .find(|x| &x.column == d)
                                .map_or("?".into(), |x| show(&x.value));
                            format!("{d} {v}")
                        })
                        .collect();
                    text.push_str(&format!("  <- {}", parts.join(", ")));
                }
                // Expressions of counts and rates only: a note's CASE would drown the line.
                if let Some(x) = c
                    .expression
                    .as_ref()
                    .filter(|_| matches!(c.role, Role::Count | Role::Rate))
                {
                    text.push_str(&format!("  SQL: {x}"));
                }
                if let Some(why) = &c.reason {
                    text.push_str(&format!("  [{why}]"));
                }
                line(text);
            }
        }
    }
    line(String::new());
    if e.inputs.is_empty() && e.sources.is_empty() {
        line("inputs: none recorded".into());
    }
    for i in &e.inputs {
        line(format!(
            "input {} ({}): {} files, {} rows read, {} accepted, {} quarantined",
            i.kind,
            i.status,
            i.files.len(),
            i.rows_read,
            i.rows_accepted,
            i.rows_quarantined
        ));
        for f in &i.files {
            line(format!(
                "  {}  {} bytes  sha256 {}  {} read, {} accepted, {} quarantined",
                f.path, f.size, f.sha256, f.rows_read, f.rows_accepted, f.rows_quarantined
            ));
        }
        if !i.quarantine_reasons.is_empty() {
            line(format!("  quarantine reasons (from the {})", i.reasons_from));
            for r in &i.quarantine_reasons {
                line(format!("    {:>7} x {}", r.count, r.reason));
            }
        }
        if let Some(note) = &i.reasons_note {
            line(format!("  note: {note}"));
        }
    }
    for src in &e.sources {
        line(format!(
            "source {} run {} from {} (manifest sha256 {})",
            src.region, src.run_id, src.url, src.manifest_sha256
        ));
    }
    out
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

    #[test]
    fn header_notes_and_final_select() {
        let sql = "-- title: T\n-- counts: a, b\n-- derived: r <- a, b\n-- r = a / b, 4 dp.\n--\n-- More prose.\n\
                   SELECT org_code, x AS a, b, ROUND(CAST(x AS DOUBLE) / b, 4) AS r FROM t";
        assert_eq!(header_notes(sql), vec!["r = a / b, 4 dp.", "More prose."]);
        let cols = final_select_columns(sql);
        assert_eq!(cols.get("org_code"), Some(&None));
        assert_eq!(cols.get("a"), Some(&Some("x".to_string())));
        assert_eq!(cols.get("b"), Some(&None));
        assert_eq!(
            cols.get("r"),
            Some(&Some("ROUND(CAST(x AS DOUBLE) / b, 4)".to_string()))
        );
    }

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
