//! The page model: everything the report shows, as plain data, built from a run's manifest and
//! its published tables. The template only lays it out, so the tests of this module are the
//! tests of what the page says.
//!
//! Sections read the tables they know by name and tolerate missing optional columns. A table
//! that was not computed, failed, or is absent from the run becomes a notice carrying the
//! manifest's reason; an extract that was not supplied is named at the top of its section.
//! Every published table of a section is also listed in full (region totals) under the
//! section's figures, so nothing the run published is hidden by the choice of charts.

use std::collections::BTreeMap;

use serde::Serialize;

use super::chart::{BarChart, LineChart};
use super::data::{Cell, CellState, Table, Tables};
use super::{pipeline, trends, vacancy, wres};
use crate::ingest::KindStatus;
use crate::publish::{Manifest, QueryRecord};

/// Rows of one table listed in a section's appendix, at most.
pub const APPENDIX_ROWS: usize = 250;

/// The whole page.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    pub title: String,
    pub run: RunInfo,
    pub headline: Headline,
    pub sections: Vec<Section>,
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
}

/// One section of the dashboard.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// HTML id: `pipeline`, `wres`, `vacancies`, `trends`, `other`.
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
    /// Adds the figures `build` makes from the published table `name`; when the table is
    /// missing, or gives no figure, a notice says why.
    pub fn add<'a>(
        &mut self,
        ctx: &Ctx<'a>,
        name: &str,
        build: impl FnOnce(&'a Table) -> Vec<Option<Figure>>,
    ) {
        let Some(table) = ctx.table(name) else {
            if let Some(n) = ctx.notice(name) {
                self.notices.push(n);
            }
            return;
        };
        let figures: Vec<Figure> = build(table).into_iter().flatten().collect();
        if figures.is_empty() {
            let reason = if table.rows() == 0 {
                "the table was published with no rows".to_string()
            } else {
                format!(
                    "no region-total rows for {} with the columns the figure needs; the table is listed below",
                    ctx.manifest.region
                )
            };
            self.notices.push(Notice {
                table: name.to_string(),
                title: ctx.title_of(name),
                status: "no figure".into(),
                reason,
            });
        }
        self.figures.extend(figures);
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

/// A published table listed in full (region totals, at most [`APPENDIX_ROWS`] rows).
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

/// What the page builder needs: the manifest and the published tables.
pub struct Input<'a> {
    pub manifest: &'a Manifest,
    pub tables: &'a Tables,
}

/// The sections in page order: id, title, query folders, extracts the section needs.
pub(crate) struct SectionDef {
    pub id: &'static str,
    pub title: &'static str,
    pub intro: &'static str,
    pub folders: &'static [&'static str],
    pub extracts: &'static [&'static str],
}

pub(crate) const SECTIONS: &[SectionDef] = &[
    SectionDef {
        id: "pipeline",
        title: "Leadership pipeline",
        intro: "Supply of ready candidates against expected demand for each critical board role, by horizon, \
                and the diversity of the pipeline beside the workforce, the board and the community served.",
        folders: &["pipeline"],
        extracts: &["talent_pool", "board", "esr_workforce", "population"],
    },
    SectionDef {
        id: "wres",
        title: "Workforce Race Equality Standard",
        intro: "WRES indicators 1 to 9 for White and BME staff, with relative likelihoods and whether each \
                is adverse for BME staff, and BME representation at each pay band.",
        folders: &["wres", "wdes"],
        extracts: &[
            "esr_workforce",
            "recruitment",
            "disciplinary",
            "training",
            "staff_survey",
            "board",
        ],
    },
    SectionDef {
        id: "vacancies",
        title: "Vacancies",
        intro: "Vacancy rate by staff group and pay band, time to fill against the published benchmarks, \
                hard-to-fill posts, and executive posts vacant or held by an interim.",
        folders: &["vacancy", "vacancies"],
        extracts: &["vacancies", "board"],
    },
    SectionDef {
        id: "trends",
        title: "Trends",
        intro: "Representation over the ESR snapshot months and staff-survey measures over the survey years.",
        folders: &["trends"],
        extracts: &["esr_workforce", "staff_survey"],
    },
];

/// The section a query belongs to: by its folder, else by its name.
pub(crate) fn section_of(q: &QueryRecord) -> &'static str {
    let folder = q.file.rsplit('/').nth(1).unwrap_or_default();
    if let Some(def) = SECTIONS.iter().find(|d| d.folders.contains(&folder)) {
        return def.id;
    }
    let n = q.name.as_str();
    if n.starts_with("wres") || n.starts_with("wdes") {
        "wres"
    } else if n.contains("trend") {
        "trends"
    } else if n.contains("vacanc") || n.contains("time_to_fill") || n.contains("executive") {
        "vacancies"
    } else if n.contains("pipeline")
        || n.contains("talent")
        || n.contains("nine_box")
        || n.contains("diversity")
    {
        "pipeline"
    } else {
        "other"
    }
}

/// NHS England region names (EXTRACTS.md), whatever the code's case.
pub fn region_name(code: &str) -> Option<&'static str> {
    crate::extracts::codes::region_name(&code.to_ascii_uppercase())
}

/// Context shared by the section builders: the tables, the manifest and the region in focus.
pub struct Ctx<'a> {
    pub manifest: &'a Manifest,
    pub tables: &'a Tables,
    queries: BTreeMap<&'a str, &'a QueryRecord>,
    used_ids: std::cell::RefCell<Vec<String>>,
}

/// The rows a figure reads from a table, and whether they span several regions.
#[derive(Debug, Clone)]
pub struct Rows {
    pub rows: Vec<usize>,
    /// Several regions are shown: labels carry the region code.
    pub multi_region: bool,
}

impl<'a> Ctx<'a> {
    pub fn new(manifest: &'a Manifest, tables: &'a Tables) -> Ctx<'a> {
        Ctx {
            manifest,
            tables,
            queries: manifest.queries.iter().map(|q| (q.name.as_str(), q)).collect(),
            used_ids: Default::default(),
        }
    }

    /// A published table by name.
    pub fn table(&self, name: &str) -> Option<&'a Table> {
        self.tables.get(name)
    }

    pub fn query(&self, name: &str) -> Option<&'a QueryRecord> {
        self.queries.get(name).copied()
    }

    /// The manifest's title of a query, else its name.
    pub fn title_of(&self, name: &str) -> String {
        self.query(name)
            .and_then(|q| q.title.clone())
            .unwrap_or_else(|| name.to_string())
    }

    /// Why `name` has no published table, or `None` when it has one.
    pub fn notice(&self, name: &str) -> Option<Notice> {
        if self.tables.get(name).is_some() {
            return None;
        }
        let title = self.title_of(name);
        let (status, reason) = match self.query(name) {
            None => (
                "not in this run",
                "no query of this name ran (not shipped yet, or left out by --select)".to_string(),
            ),
            Some(q) => match q.status.as_str() {
                "not_computed" => (
                    "not computed",
                    q.message
                        .clone()
                        .unwrap_or_else(|| "an input was not supplied".into()),
                ),
                "failed" => ("failed", q.message.clone().unwrap_or_default()),
                _ if !q.published => (
                    "not published",
                    "the query is a helper table (publish: false)".into(),
                ),
                _ => (
                    "not published",
                    "the run's manifest lists no published table".into(),
                ),
            },
        };
        Some(Notice {
            table: name.to_string(),
            title,
            status: status.to_string(),
            reason,
        })
    }

    /// A unique HTML id from `base`.
    pub fn id(&self, base: &str) -> String {
        let clean: String = base
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        let mut ids = self.used_ids.borrow_mut();
        let mut id = clean.clone();
        let mut n = 2;
        while ids.contains(&id) {
            id = format!("{clean}-{n}");
            n += 1;
        }
        ids.push(id.clone());
        id
    }

    /// The region the figures focus on in `table`: the run's region when the table has rows for
    /// it, else the national total (`region_code` null) when there is one, else none (all).
    fn focus(&self, table: &Table) -> Option<Option<String>> {
        if !table.has("region_code") {
            return None;
        }
        let region = &self.manifest.region;
        let regions: Vec<Option<String>> = (0..table.rows()).map(|r| table.text("region_code", r)).collect();
        if regions
            .iter()
            .any(|r| r.as_deref().is_some_and(|r| r.eq_ignore_ascii_case(region)))
        {
            Some(Some(region.clone()))
        } else if regions.iter().any(Option::is_none) {
            Some(None)
        } else {
            None
        }
    }

    /// Region-total rows (`org_code` null when the table has it) of the region in focus that
    /// match `filters` (see [`Table::rows_where`]).
    pub fn region_rows(&self, table: &Table, filters: &[(&str, Option<&str>)]) -> Rows {
        let mut all: Vec<(&str, Option<&str>)> = filters.to_vec();
        all.push(("org_code", None));
        let focus = self.focus(table);
        let rows: Vec<usize> = table
            .rows_where(&all)
            .into_iter()
            .filter(|&r| match &focus {
                None => true,
                Some(f) => match (f, table.text("region_code", r)) {
                    (None, None) => true,
                    (Some(f), Some(have)) => have.eq_ignore_ascii_case(f),
                    _ => false,
                },
            })
            .collect();
        let multi_region = focus.is_none() && table.distinct("region_code").len() > 1;
        Rows { rows, multi_region }
    }

    /// A row label, prefixed with the region code when several regions are shown.
    pub fn label(&self, table: &Table, rows: &Rows, row: usize, base: &str) -> String {
        match (rows.multi_region, table.text("region_code", row)) {
            (true, Some(region)) => format!("{region} · {base}"),
            _ => base.to_string(),
        }
    }
}

/// Builds the page.
pub fn build_page(manifest: &Manifest, tables: &Tables) -> Page {
    let ctx = Ctx::new(manifest, tables);
    let mut sections = Vec::new();
    for def in SECTIONS {
        let mut section = Section {
            id: def.id.to_string(),
            title: def.title.to_string(),
            intro: def.intro.to_string(),
            not_supplied: not_supplied(manifest, def.extracts),
            notices: Vec::new(),
            figures: Vec::new(),
            appendix: Vec::new(),
        };
        match def.id {
            "pipeline" => pipeline::build(&ctx, &mut section),
            "wres" => wres::build(&ctx, &mut section),
            "vacancies" => vacancy::build(&ctx, &mut section),
            "trends" => trends::build(&ctx, &mut section),
            _ => {}
        }
        add_query_notices(&ctx, def.id, &mut section);
        add_appendix(&ctx, def.id, &mut section);
        sections.push(section);
    }
    let mut other = Section {
        id: "other".into(),
        title: "Other published tables".into(),
        intro: "Published tables of this run that no section above charts.".into(),
        not_supplied: Vec::new(),
        notices: Vec::new(),
        figures: Vec::new(),
        appendix: Vec::new(),
    };
    add_appendix(&ctx, "other", &mut other);
    if !other.appendix.is_empty() {
        sections.push(other);
    }
    for s in &mut sections {
        for f in &mut s.figures {
            f.table.number_notes();
        }
        for a in &mut s.appendix {
            a.table.number_notes();
        }
    }
    let headline = headline(&ctx, &sections);
    Page {
        title: page_title(manifest),
        run: run_info(manifest, tables),
        headline,
        sections,
    }
}

fn page_title(m: &Manifest) -> String {
    let place = match region_name(&m.region) {
        Some(name) => format!("{name} ({})", m.region),
        None if m.kind == "national" => "England (national)".to_string(),
        None => m.region.clone(),
    };
    format!("Talent and leadership dashboard: {place}")
}

fn run_info(m: &Manifest, tables: &Tables) -> RunInfo {
    let run_date = chrono::DateTime::parse_from_rfc3339(&m.finished_at)
        .map(|d| {
            d.with_timezone(&chrono::Utc)
                .format("%-d %B %Y, %H:%M UTC")
                .to_string()
        })
        .unwrap_or_else(|_| m.finished_at.clone());
    // The reporting date as the tables carry it (the latest one any table names).
    let reporting_date = tables
        .names()
        .filter_map(|n| tables.get(n))
        .flat_map(|t| {
            ["reporting_date", "snapshot_date"]
                .into_iter()
                .filter(|c| t.has(c))
                .flat_map(move |c| t.distinct(c))
        })
        .max();
    RunInfo {
        run_id: m.run_id.clone(),
        kind: m.kind.clone(),
        region: m.region.clone(),
        region_name: region_name(&m.region).map(str::to_string),
        run_date,
        finished_at: m.finished_at.clone(),
        reporting_date,
        talentpipe_version: m.talentpipe_version.clone(),
        selection: m.selection.clone(),
        suppression_threshold: m.suppression.threshold,
        suppression_rule: m.suppression.rule.clone(),
        sources: m
            .sources
            .iter()
            .map(|s| SourceRow {
                region: s.region.clone(),
                run_id: s.run_id.clone(),
                url: s.url.clone(),
            })
            .collect(),
    }
}

/// Sentences for the section's extracts that were not supplied in the run.
fn not_supplied(m: &Manifest, extracts: &[&str]) -> Vec<String> {
    let Some(ingest) = &m.ingest else {
        return Vec::new();
    };
    extracts
        .iter()
        .filter(|k| {
            ingest
                .kind(k)
                .is_none_or(|km| km.status == KindStatus::NotSupplied)
        })
        .map(|k| {
            format!(
                "The {k} extract was not supplied in this run: the figures that need it are not computed."
            )
        })
        .collect()
}

/// Notices for every query of the section (by the manifest) that has no published table.
fn add_query_notices(ctx: &Ctx, section: &str, s: &mut Section) {
    for q in &ctx.manifest.queries {
        if section_of(q) != section || (!q.published && q.status == "ok") {
            continue;
        }
        if s.notices.iter().any(|n| n.table == q.name) {
            continue;
        }
        if let Some(n) = ctx.notice(&q.name) {
            s.notices.push(n);
        }
    }
}

/// The section's published tables in full (region totals), after its figures.
fn add_appendix(ctx: &Ctx, section: &str, s: &mut Section) {
    for q in &ctx.manifest.queries {
        if section_of(q) != section {
            continue;
        }
        let Some(table) = ctx.table(&q.name) else {
            continue;
        };
        s.appendix.push(appendix_table(ctx, q, table));
    }
}

fn appendix_table(ctx: &Ctx, q: &QueryRecord, table: &Table) -> AppendixTable {
    let (rows, shown) = if table.has("org_code") {
        let rows: Vec<usize> = table.rows_where(&[("org_code", None)]);
        (rows, "region totals (organisation rows are in the published CSV)")
    } else {
        ((0..table.rows()).collect(), "all rows")
    };
    let columns = table.columns();
    let keep: Vec<&String> = columns
        .iter()
        .filter(|c| !c.ends_with("_note") && c.as_str() != "note")
        .collect();
    let mut dt = DataTable {
        caption: format!("{} ({})", ctx.title_of(&q.name), q.name),
        columns: keep
            .iter()
            .map(|c| Column {
                label: humanise(c),
                numeric: table.is_numeric(c),
            })
            .collect(),
        rows: Vec::new(),
        footnotes: Vec::new(),
    };
    let mut suppressed_rows = 0;
    for &r in rows.iter().take(APPENDIX_ROWS) {
        dt.rows.push(keep.iter().map(|c| table.cell(c, r)).collect());
    }
    for &r in &rows {
        if table.row_suppressed(r) {
            suppressed_rows += 1;
        }
    }
    AppendixTable {
        name: q.name.clone(),
        title: ctx.title_of(&q.name),
        grain: q.grain.clone(),
        source: q.source.clone(),
        rows: table.rows(),
        shown_rows: rows.len().min(APPENDIX_ROWS),
        shown: if rows.len() > APPENDIX_ROWS {
            format!("the first {APPENDIX_ROWS} of {} {shown}", rows.len())
        } else {
            shown.to_string()
        },
        suppressed_rows,
        table: dt,
    }
}

/// `bme_share` -> `BME share`.
pub fn humanise(column: &str) -> String {
    let words: Vec<String> = column
        .split('_')
        .filter(|w| !w.is_empty())
        .map(|w| match w {
            "bme" | "wres" | "wdes" | "fte" | "ceo" | "don" | "coo" | "hrd" | "md" | "dof" | "vsm" => {
                w.to_ascii_uppercase()
            }
            "org" => "organisation".to_string(),
            "pct" => "%".to_string(),
            "p90" => "90th percentile".to_string(),
            other => other.to_string(),
        })
        .collect();
    let mut s = words.join(" ");
    if let Some(first) = s.get(0..1) {
        s = format!("{}{}", first.to_ascii_uppercase(), &s[1..]);
    }
    s
}

fn headline(ctx: &Ctx, sections: &[Section]) -> Headline {
    let m = ctx.manifest;
    let mut inputs = Vec::new();
    let mut quality = Vec::new();
    let (mut rows_read, mut rows_quarantined) = (0, 0);
    if let Some(ingest) = &m.ingest {
        for k in &ingest.kinds {
            rows_read += k.rows_read;
            rows_quarantined += k.rows_quarantined;
            let status = match k.status {
                KindStatus::NotSupplied => "not supplied",
                KindStatus::Ingested => "ingested",
                KindStatus::Reused => "reused (unchanged)",
            };
            inputs.push(InputRow {
                kind: k.kind.clone(),
                status: status.to_string(),
                supplied: k.status != KindStatus::NotSupplied,
                files: k.files.len(),
                rows_read: k.rows_read,
                rows_accepted: k.rows_accepted,
                rows_quarantined: k.rows_quarantined,
                quarantined_share: if k.rows_read == 0 {
                    "–".to_string()
                } else {
                    format!("{:.2}%", 100.0 * k.rows_quarantined as f64 / k.rows_read as f64)
                },
            });
            if k.rows_quarantined > 0 {
                let mut reasons: BTreeMap<&str, u64> = BTreeMap::new();
                for f in &k.files {
                    for (r, n) in &f.outcome.reasons {
                        *reasons.entry(r.as_str()).or_default() += n;
                    }
                }
                let mut reasons: Vec<(String, u64)> =
                    reasons.into_iter().map(|(r, n)| (r.to_string(), n)).collect();
                reasons.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                let more = reasons.len().saturating_sub(5);
                reasons.truncate(5);
                quality.push(QualityRow {
                    kind: k.kind.clone(),
                    rows_quarantined: k.rows_quarantined,
                    files_with_quarantine: k.files.iter().filter(|f| f.outcome.rows_quarantined > 0).count(),
                    top_reasons: reasons,
                    more_reasons: more,
                });
            }
        }
    }
    let inputs_note = match (&m.ingest, m.kind.as_str()) {
        (None, "national") => Some(
            "A national run reads the regions' published outputs; see the regional runs listed below."
                .to_string(),
        ),
        (None, _) => Some("The manifest records no ingest for this run.".to_string()),
        _ => None,
    };
    let test_warnings = m
        .tests
        .iter()
        .filter(|t| !t.passed)
        .map(|t| format!("{} ({}): {} failing row(s)", t.name, t.severity, t.failing_rows))
        .collect();
    Headline {
        inputs,
        quality,
        rows_read,
        rows_quarantined,
        test_warnings,
        tests_run: m.tests.len(),
        key_figures: key_figures(ctx, sections),
        inputs_note,
    }
}

/// A few headline figures, each taken from a published region-total cell.
fn key_figures(ctx: &Ctx, _sections: &[Section]) -> Vec<KeyFigure> {
    let mut out = Vec::new();
    let mut add =
        |label: &str, table: &str, filters: &[(&str, Option<&str>)], column: &str, context: &str| {
            let Some(t) = ctx.table(table) else { return };
            if !t.has(column) {
                return;
            }
            let rows = ctx.region_rows(t, filters);
            if let [r] = rows.rows.as_slice() {
                out.push(KeyFigure {
                    label: label.to_string(),
                    cell: t.cell(column, *r),
                    context: context.to_string(),
                });
            }
        };
    add(
        "Vacancy rate",
        "vacancy_rate",
        &[("dimension", Some("all"))],
        "vacancy_rate",
        "vacancy FTE / (staff in post FTE + vacancy FTE)",
    );
    add(
        "BME share of the workforce",
        "leadership_pipeline_diversity",
        &[("comparison_group", Some("workforce")), ("critical_role", None)],
        "bme_share",
        "staff in post of known ethnicity",
    );
    add(
        "BME share of the leadership supply pool",
        "leadership_pipeline_diversity",
        &[("comparison_group", Some("supply_pool")), ("critical_role", None)],
        "bme_share",
        "talent-pool candidates ready within 5 years",
    );
    add(
        "Executive seats vacant or interim",
        "executive_posts",
        &[],
        "vacant_or_interim_share",
        "latest board snapshot",
    );
    out
}

/// The text alternative of a figure from its data table: every row, in words (long tables are
/// cut after `limit` rows with a pointer to the table).
pub fn describe(kind: &str, title: &str, table: &DataTable, limit: usize) -> String {
    let mut parts = Vec::new();
    let mut reasons: Vec<&str> = Vec::new();
    let shown = |cell: &Cell| match (&cell.note, cell.state) {
        (Some(_), CellState::NotApplicable) => "n/a".to_string(),
        _ => cell.text.clone(),
    };
    for row in table.rows.iter().take(limit) {
        let mut words = Vec::new();
        let mut label = Vec::new();
        for (c, cell) in table.columns.iter().zip(row) {
            if let (Some(note), CellState::NotApplicable) = (&cell.note, cell.state)
                && !reasons.contains(&note.as_str())
            {
                reasons.push(note);
            }
            if !c.numeric && cell.state != CellState::Suppressed {
                label.push(shown(cell));
            } else {
                words.push(format!("{} {}", c.label, shown(cell)));
            }
        }
        parts.push(format!("{}: {}", label.join(", "), words.join(", ")));
    }
    let more = table.rows.len().saturating_sub(limit);
    let mut s = format!("{kind}: {title}. ");
    if parts.is_empty() {
        s.push_str("No rows.");
    } else {
        s.push_str(&parts.join("; "));
        s.push('.');
    }
    if more > 0 {
        s.push_str(&format!(" {more} more rows are in the data table."));
    }
    let suppressed = table.rows.iter().flatten().filter(|c| c.is_suppressed()).count();
    if suppressed > 0 {
        s.push_str(&format!(
            " {suppressed} value(s) are suppressed (small numbers withheld)."
        ));
    }
    if !reasons.is_empty() {
        s.push_str(&format!(" Not applicable: {}.", reasons.join("; ")));
    }
    s
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use arrow::array::{ArrayRef, BooleanArray, Float64Array, Int64Array, RecordBatch, StringArray};
    use arrow::datatypes::{Field, Schema};

    use super::*;
    use crate::publish::{QueryRecord, TableRecord};

    fn batch(columns: Vec<(&str, ArrayRef)>) -> RecordBatch {
        let schema = Arc::new(Schema::new(
            columns
                .iter()
                .map(|(n, a)| Field::new(*n, a.data_type().clone(), true))
                .collect::<Vec<_>>(),
        ));
        RecordBatch::try_new(schema, columns.into_iter().map(|c| c.1).collect()).expect("valid test batch")
    }

    fn strings(v: &[Option<&str>]) -> ArrayRef {
        Arc::new(StringArray::from(v.to_vec()))
    }

    fn query(name: &str, folder: &str, status: &str, message: Option<&str>) -> QueryRecord {
        QueryRecord {
            name: name.into(),
            file: format!("queries/{folder}/{name}.sql"),
            status: status.into(),
            message: message.map(str::to_string),
            published: status == "ok",
            title: Some(format!("Title of {name}")),
            ..Default::default()
        }
    }

    /// A run with a hand-made `vacancy_rate` (one suppressed staff group), a hand-made
    /// `wres_indicator_2`, and `time_to_fill` not computed.
    fn fixture() -> (Manifest, Tables) {
        let vacancy_rate = batch(vec![
            (
                "region_code",
                strings(&[Some("Y56"), Some("Y56"), Some("Y56"), Some("Y56")]),
            ),
            ("org_code", strings(&[None, None, None, Some("RJ1")])),
            (
                "dimension",
                strings(&[Some("all"), Some("staff_group"), Some("staff_group"), Some("all")]),
            ),
            (
                "dimension_value",
                strings(&[
                    Some("All"),
                    Some("Medical and Dental"),
                    Some("Estates and Ancillary"),
                    Some("All"),
                ]),
            ),
            (
                "open_vacancies",
                Arc::new(Int64Array::from(vec![Some(40), Some(12), None, Some(9)])),
            ),
            (
                "vacancy_fte",
                Arc::new(Float64Array::from(vec![Some(38.5), Some(11.0), None, Some(9.0)])),
            ),
            (
                "staff_in_post_fte",
                Arc::new(Float64Array::from(vec![
                    Some(1000.0),
                    Some(200.0),
                    None,
                    Some(90.0),
                ])),
            ),
            (
                "vacancy_rate",
                Arc::new(Float64Array::from(vec![
                    Some(0.0371),
                    Some(0.0521),
                    None,
                    Some(0.0909),
                ])),
            ),
            ("vacancy_rate_note", strings(&[None, None, None, None])),
            (
                "suppressed",
                Arc::new(BooleanArray::from(vec![false, false, true, false])),
            ),
        ]);
        let wres2 = batch(vec![
            ("region_code", strings(&[Some("Y56")])),
            ("org_code", strings(&[None])),
            ("white_shortlisted", Arc::new(Int64Array::from(vec![200]))),
            ("white_appointed", Arc::new(Int64Array::from(vec![50]))),
            ("white_likelihood", Arc::new(Float64Array::from(vec![0.25]))),
            ("bme_shortlisted", Arc::new(Int64Array::from(vec![100]))),
            ("bme_appointed", Arc::new(Int64Array::from(vec![15]))),
            ("bme_likelihood", Arc::new(Float64Array::from(vec![0.15]))),
            ("relative_likelihood", Arc::new(Float64Array::from(vec![1.6667]))),
            ("relative_likelihood_note", strings(&[None])),
            ("adverse", Arc::new(BooleanArray::from(vec![true]))),
            ("suppressed", Arc::new(BooleanArray::from(vec![false]))),
        ]);
        let mut tables = Tables::default();
        tables.insert(Table::from_batches("vacancy_rate", &[vacancy_rate]).expect("table"));
        tables.insert(Table::from_batches("wres_indicator_2", &[wres2]).expect("table"));
        let manifest = Manifest {
            run_id: "20261031T020000000Z-abcdef".into(),
            kind: "regional".into(),
            region: "Y56".into(),
            finished_at: "2026-10-31T02:00:00.000Z".into(),
            queries: vec![
                query("vacancy_rate", "vacancy", "ok", None),
                query("wres_indicator_2", "wres", "ok", None),
                query(
                    "time_to_fill",
                    "vacancy",
                    "not_computed",
                    Some("needs 'vacancies': extract not supplied"),
                ),
                query(
                    "wres_indicator_3",
                    "wres",
                    "failed",
                    Some("queries/wres/wres_indicator_3.sql:4: boom"),
                ),
            ],
            tables: ["vacancy_rate", "wres_indicator_2"]
                .iter()
                .map(|n| TableRecord {
                    name: n.to_string(),
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        };
        (manifest, tables)
    }

    fn section<'a>(page: &'a Page, id: &str) -> &'a Section {
        page.sections
            .iter()
            .find(|s| s.id == id)
            .expect("section present")
    }

    #[test]
    fn vacancy_figure_equals_the_table_and_shows_suppression() {
        let (m, t) = fixture();
        let page = build_page(&m, &t);
        let v = section(&page, "vacancies");
        let fig = v
            .figures
            .iter()
            .find(|f| f.id == "vacancy-rate-staff-group")
            .expect("figure");
        let rows: Vec<Vec<String>> = fig
            .table
            .rows
            .iter()
            .map(|r| r.iter().map(|c| c.text.clone()).collect())
            .collect();
        assert_eq!(
            rows,
            vec![
                vec![
                    "Estates and Ancillary",
                    "suppressed",
                    "suppressed",
                    "suppressed",
                    "suppressed"
                ],
                vec!["Medical and Dental", "12", "11.0", "200.0", "5.2%"],
                vec!["All staff", "40", "38.5", "1000.0", "3.7%"],
            ]
        );
        assert_eq!(
            fig.table.rows[1][4].value,
            Some(0.0521),
            "exact published value kept"
        );
        assert_eq!(fig.table.rows[0][4].value, None, "suppressed is not zero");
        assert_eq!(fig.suppressed_cells(), 4);
        // The organisation row is not a region figure.
        assert!(fig.table.rows.iter().all(|r| r[1].text != "9"));
        // The chart draws no bar for the suppressed group and says so.
        let Chart::Bars(chart) = &fig.panels[0].chart else {
            panic!("bar chart expected")
        };
        assert_eq!(chart.groups[0].bars[0].label, "suppressed");
        assert_eq!(chart.groups[0].bars[0].w, 0.0);
        assert_eq!(chart.references.len(), 1, "all-staff reference line");
        assert!(
            fig.description.contains("Medical and Dental: Open vacancies 12"),
            "{}",
            fig.description
        );
        assert!(fig.description.contains("suppressed"), "{}", fig.description);
        // Headline key figure.
        let kf = &page.headline.key_figures[0];
        assert_eq!(
            (kf.label.as_str(), kf.cell.text.as_str()),
            ("Vacancy rate", "3.7%")
        );
    }

    #[test]
    fn missing_tables_say_why_from_the_manifest() {
        let (m, t) = fixture();
        let page = build_page(&m, &t);
        let v = section(&page, "vacancies");
        let ttf = v
            .notices
            .iter()
            .find(|n| n.table == "time_to_fill")
            .expect("notice");
        assert_eq!(ttf.status, "not computed");
        assert_eq!(ttf.reason, "needs 'vacancies': extract not supplied");
        let hard = v
            .notices
            .iter()
            .find(|n| n.table == "hard_to_fill_vacancies")
            .expect("notice");
        assert_eq!(hard.status, "not in this run");
        let w = section(&page, "wres");
        let w3 = w
            .notices
            .iter()
            .find(|n| n.table == "wres_indicator_3")
            .expect("notice");
        assert_eq!(
            (w3.status.as_str(), w3.reason.as_str()),
            ("failed", "queries/wres/wres_indicator_3.sql:4: boom")
        );
        assert!(
            section(&page, "pipeline").is_empty(),
            "no pipeline table: notices only"
        );
    }

    #[test]
    fn wres_indicator_row_reads_figures_by_meaning() {
        let (m, t) = fixture();
        let page = build_page(&m, &t);
        let fig = &section(&page, "wres").figures[0];
        let row = fig
            .table
            .rows
            .iter()
            .find(|r| r[0].text == "2")
            .expect("indicator 2");
        let texts: Vec<&str> = row.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "2",
                "Likelihood of being appointed from shortlisting (relative likelihood White : BME)",
                "0.2500",
                "0.1500",
                "1.67",
                "White applicants more likely to be appointed",
                "Yes, adverse",
                "wres_indicator_2",
            ]
        );
        assert_eq!(
            row[4].src.as_deref(),
            Some("wres_indicator_2/relative_likelihood/0")
        );
        let row3 = fig
            .table
            .rows
            .iter()
            .find(|r| r[0].text == "3")
            .expect("indicator 3");
        assert_eq!(row3[2].text, "not computed");
        let note = row3[2].footnote.expect("the reason is a footnote");
        assert!(
            fig.table.footnotes[note - 1].starts_with("failed: "),
            "{:?}",
            fig.table.footnotes
        );
    }

    #[test]
    fn rendered_page_is_self_contained_and_escaped() {
        let (mut m, t) = fixture();
        m.region = "<script>alert(1)</script>".into();
        let page = build_page(&m, &t);
        let html = super::super::render(&page).expect("renders");
        assert!(!html.contains("<script>alert"), "values are HTML-escaped");
        for id in ["headline", "pipeline", "wres", "vacancies", "trends"] {
            assert!(
                html.contains(&format!("<section class=\"report\" id=\"{id}\"")),
                "{id}"
            );
        }
        assert!(!html.contains("http://") && !html.contains("https://"));
        assert!(html.contains("default-src 'none'"));
        assert!(html.contains("data-state=\"suppressed\""));
        assert!(html.contains("@media print"));
    }

    #[test]
    fn national_runs_label_regions_and_empty_tables_say_so() {
        let (mut m, _) = fixture();
        m.kind = "national".into();
        m.region = "national".into();
        m.sources = vec![crate::publish::SourceRecord {
            url: "s3://bucket/y56".into(),
            region: "Y56".into(),
            run_id: "20261031T020000000Z-000001".into(),
            ..Default::default()
        }];
        let two_regions = batch(vec![
            ("region_code", strings(&[Some("Y56"), Some("Y60")])),
            ("org_code", strings(&[None, None])),
            ("dimension", strings(&[Some("staff_group"), Some("staff_group")])),
            (
                "dimension_value",
                strings(&[Some("Medical and Dental"), Some("Medical and Dental")]),
            ),
            (
                "vacancy_rate",
                Arc::new(Float64Array::from(vec![Some(0.05), Some(0.04)])),
            ),
            ("suppressed", Arc::new(BooleanArray::from(vec![false, false]))),
        ]);
        let empty = batch(vec![
            ("region_code", strings(&[])),
            ("median_days", Arc::new(Float64Array::from(Vec::<f64>::new()))),
        ]);
        let mut t = Tables::default();
        t.insert(Table::from_batches("vacancy_rate", &[two_regions]).expect("table"));
        t.insert(Table::from_batches("time_to_fill", &[empty]).expect("table"));
        m.queries[2].status = "ok".into();
        m.queries[2].published = true;
        let page = build_page(&m, &t);
        assert_eq!(page.title, "Talent and leadership dashboard: England (national)");
        assert!(page.headline.inputs.is_empty());
        assert!(
            page.headline
                .inputs_note
                .as_deref()
                .is_some_and(|n| n.contains("national run"))
        );
        assert_eq!(page.run.sources.len(), 1);
        let v = section(&page, "vacancies");
        let fig = v
            .figures
            .iter()
            .find(|f| f.id == "vacancy-rate-staff-group")
            .expect("figure");
        let labels: Vec<&str> = fig.table.rows.iter().map(|r| r[0].text.as_str()).collect();
        assert_eq!(
            labels,
            vec!["Y56 · Medical and Dental", "Y60 · Medical and Dental"]
        );
        let ttf = v
            .notices
            .iter()
            .find(|n| n.table == "time_to_fill")
            .expect("notice");
        assert_eq!(
            (ttf.status.as_str(), ttf.reason.as_str()),
            ("no figure", "the table was published with no rows")
        );
        super::super::render(&page).expect("a national page renders");
    }

    #[test]
    fn humanised_column_names() {
        assert_eq!(humanise("bme_share"), "BME share");
        assert_eq!(humanise("staff_in_post_fte"), "Staff in post FTE");
        assert_eq!(humanise("org_code"), "Organisation code");
    }

    #[test]
    fn sections_by_folder_then_name() {
        let q = |name: &str, file: &str| QueryRecord {
            name: name.into(),
            file: file.into(),
            ..Default::default()
        };
        assert_eq!(section_of(&q("x", "queries/pipeline/x.sql")), "pipeline");
        assert_eq!(
            section_of(&q("wdes_metric_1", "queries/national/wdes_metric_1.sql")),
            "wres"
        );
        assert_eq!(
            section_of(&q("national_vacancy_rate", "queries/national/a.sql")),
            "vacancies"
        );
        assert_eq!(
            section_of(&q("headcount", "queries/workforce/headcount.sql")),
            "other"
        );
    }
}
