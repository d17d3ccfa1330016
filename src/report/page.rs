//! The page: everything the report shows, as plain serialisable data (the template only lays
//! it out). These are leaf types: cells and chart geometry, nothing of the manifest, the
//! published tables or the sections that fill them ([`super::build_page`] does, through the
//! section builders).
//!
//! A section's figures are added with `Section::add` (in `report/figure.rs`), which turns a
//! missing table into a [`Notice`] carrying the manifest's reason.

use serde::Serialize;

use super::audience::AudienceInfo;
use super::chart::{BarChart, LineChart};
use super::data::{Cell, CellState};

/// The whole page.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    pub title: String,
    pub run: RunInfo,
    pub headline: Headline,
    pub sections: Vec<Section>,
    /// Who the page is for: which tables it shows and how it is marked.
    pub audience: AudienceInfo,
    /// `--compare`: the headline figures of this region beside the other regions and England.
    pub comparison: Option<Figure>,
    /// `--changes`: the headline figures beside those of the previous month's run.
    pub changes: Option<Figure>,
}

/// Which run the page describes.
#[derive(Debug, Clone, Serialize)]
pub struct RunInfo {
    pub run_id: String,
    /// "regional" or "national".
    pub kind: String,
    pub region: String,
    /// Region name when the code is an NHS England region (`Y56` -> London).
    pub region_name: Option<String>,
    /// When the run finished, as `24 November 2026, 07:12 UTC`.
    pub run_date: String,
    pub finished_at: String,
    /// The reporting date the metrics use, when a published table carries it.
    pub reporting_date: Option<String>,
    pub talentpipe_version: String,
    pub selection: Vec<String>,
    pub suppression_threshold: i64,
    pub suppression_rule: String,
    /// National runs: the regional runs aggregated.
    pub sources: Vec<SourceRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceRow {
    pub region: String,
    pub run_id: String,
    pub url: String,
}

/// The headline: inputs, data quality, key figures.
#[derive(Debug, Clone, Serialize)]
pub struct Headline {
    /// One row per extract kind: status, files, rows read / accepted / quarantined.
    pub inputs: Vec<InputRow>,
    /// Extracts with quarantined rows, with their most frequent reasons.
    pub quality: Vec<QualityRow>,
    pub rows_read: u64,
    pub rows_quarantined: u64,
    /// Data tests that warned (error-severity failures stop a run, so never appear here).
    pub test_warnings: Vec<String>,
    pub tests_run: usize,
    pub key_figures: Vec<KeyFigure>,
    /// Why there is no ingest table (national runs read published regional outputs).
    pub inputs_note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct InputRow {
    pub kind: String,
    /// "ingested", "reused" or "not supplied".
    pub status: String,
    pub supplied: bool,
    pub files: usize,
    pub rows_read: u64,
    pub rows_accepted: u64,
    pub rows_quarantined: u64,
    /// Quarantined share, e.g. `0.2%`.
    pub quarantined_share: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct QualityRow {
    pub kind: String,
    pub rows_quarantined: u64,
    pub files_with_quarantine: usize,
    /// (reason, rows), most frequent first, at most five.
    pub top_reasons: Vec<(String, u64)>,
    pub more_reasons: usize,
}

/// A headline figure with where it comes from.
#[derive(Debug, Clone, Serialize)]
pub struct KeyFigure {
    pub label: String,
    pub cell: Cell,
    pub context: String,
    /// `--changes`: the change since the previous month's run, e.g. `▲ +1.2 pp since 2026-09-30`.
    pub change: Option<String>,
}

/// One section of the dashboard.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// HTML id: `pipeline`, `wres`, `appraisal`, `vacancies`, `trends`, `other`.
    pub id: String,
    pub title: String,
    pub intro: String,
    /// Extracts this section needs that were not supplied in the run, as sentences.
    pub not_supplied: Vec<String>,
    /// Tables this section knows that were not computed, failed, or are not in the run.
    pub notices: Vec<Notice>,
    pub figures: Vec<Figure>,
    pub appendix: Vec<AppendixTable>,
}

impl Section {
    /// A section with no content yet.
    pub fn new(id: &str, title: &str, intro: &str, not_supplied: Vec<String>) -> Section {
        Section {
            id: id.to_string(),
            title: title.to_string(),
            intro: intro.to_string(),
            not_supplied,
            notices: Vec::new(),
            figures: Vec::new(),
            appendix: Vec::new(),
        }
    }

    /// True when the section has nothing to show but its notices.
    pub fn is_empty(&self) -> bool {
        self.figures.is_empty() && self.appendix.is_empty()
    }
}

/// Why a table the section reads is missing.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Notice {
    pub table: String,
    pub title: String,
    /// "not computed", "failed", "not published", "not in this run".
    pub status: String,
    pub reason: String,
}

/// A chart drawn in a figure.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Chart {
    Bars(BarChart),
    Lines(LineChart),
}

/// One chart of a figure, with its own subtitle (figures may hold small multiples).
#[derive(Debug, Clone, Serialize)]
pub struct Panel {
    pub subtitle: String,
    pub chart: Chart,
}

/// A figure: charts (optional), their text alternative and the data table behind them.
#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    /// HTML id, unique in the page.
    pub id: String,
    pub title: String,
    /// The text alternative: what the chart shows, in words, with its figures.
    pub description: String,
    pub panels: Vec<Panel>,
    pub table: DataTable,
    /// Published tables the figures come from.
    pub sources: Vec<String>,
    pub notes: Vec<String>,
}

impl Figure {
    /// Number of suppressed cells in the data table.
    pub fn suppressed_cells(&self) -> usize {
        self.table
            .rows
            .iter()
            .flatten()
            .filter(|c| c.is_suppressed())
            .count()
    }
}

/// A data table as displayed.
#[derive(Debug, Clone, Serialize, Default)]
pub struct DataTable {
    pub caption: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    /// Reasons for n/a cells, numbered from 1 (see [`DataTable::number_notes`]).
    pub footnotes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Column {
    pub label: String,
    pub numeric: bool,
}

impl DataTable {
    pub fn new(caption: impl Into<String>, columns: &[(&str, bool)]) -> DataTable {
        DataTable {
            caption: caption.into(),
            columns: columns
                .iter()
                .map(|(l, n)| Column {
                    label: l.to_string(),
                    numeric: *n,
                })
                .collect(),
            rows: Vec::new(),
            footnotes: Vec::new(),
        }
    }

    /// Moves the reasons of n/a cells into numbered footnotes under the table, so a long
    /// reason repeated down a column is written once; the cell keeps a short text and a marker.
    pub fn number_notes(&mut self) {
        for cell in self.rows.iter_mut().flatten() {
            if cell.state != CellState::NotApplicable {
                continue;
            }
            let Some(note) = &cell.note else { continue };
            let n = match self.footnotes.iter().position(|f| f == note) {
                Some(i) => i + 1,
                None => {
                    self.footnotes.push(note.clone());
                    self.footnotes.len()
                }
            };
            if cell.text == *note {
                cell.text = "n/a".into();
            }
            cell.footnote = Some(n);
        }
    }

    /// Every cell that came from a published table (for tests and `data-src`).
    pub fn sourced_cells(&self) -> impl Iterator<Item = &Cell> {
        self.rows.iter().flatten().filter(|c| c.src.is_some())
    }
}

/// A published table listed in full (region totals, at most `APPENDIX_ROWS` rows, see
/// `report/appendix.rs`).
#[derive(Debug, Clone, Serialize)]
pub struct AppendixTable {
    pub name: String,
    pub title: String,
    pub grain: Option<String>,
    pub source: Option<String>,
    pub rows: usize,
    pub shown_rows: usize,
    /// Which rows are listed, in words ("region totals", "all rows").
    pub shown: String,
    pub suppressed_rows: usize,
    pub table: DataTable,
}
