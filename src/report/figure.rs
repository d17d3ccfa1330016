//! Figure builders shared by the sections: a chart panel from a bar or line specification,
//! a figure from its data table (its text alternative written from the table), and
//! `Section::add`, which turns a table the section reads into its figures or into a notice.
//!
//! A section builder fills a [`DataTable`] and, for a chart, a [`BarSpec`] or [`LineSpec`]
//! with the same cells, then finishes the figure with [`FigureDraft`]: the chart and the table
//! cannot disagree, and every figure is assembled the same way.

use super::chart::{BarSpec, LineSpec, bar_chart, line_chart};
use super::ctx::Ctx;
use super::data::{Cell, CellState, Table};
use super::page::{Chart, DataTable, Figure, Notice, Panel, Section};

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
}

/// A bar chart as a panel (`None` when there is nothing to draw).
pub fn bar_panel(subtitle: impl Into<String>, spec: &BarSpec) -> Option<Panel> {
    bar_chart(spec).map(|c| Panel {
        subtitle: subtitle.into(),
        chart: Chart::Bars(c),
    })
}

/// A line chart as a panel (`None` when there is nothing to draw).
pub fn line_panel(subtitle: impl Into<String>, spec: &LineSpec) -> Option<Panel> {
    line_chart(spec).map(|c| Panel {
        subtitle: subtitle.into(),
        chart: Chart::Lines(c),
    })
}

/// Adds one category to a bar chart, `label` with `cells`, and the same as a row of the chart's
/// data table (the label, then the cells), so the chart and the table cannot disagree.
pub fn push_bar_row(spec: &mut BarSpec, table: &mut DataTable, label: String, cells: Vec<Cell>) {
    spec.categories.push(label.clone());
    spec.values.push(cells.clone());
    let mut row = vec![Cell::label(label)];
    row.extend(cells);
    table.rows.push(row);
}

/// A figure in the making: its data table, its chart panels (none for a table-only figure),
/// the published tables it reads and its notes.
pub struct FigureDraft {
    table: DataTable,
    panels: Vec<Panel>,
    sources: Vec<String>,
    notes: Vec<String>,
    keep_empty: bool,
}

impl FigureDraft {
    /// A figure of `table`, read from the published table `source`.
    pub fn new(table: DataTable, source: &Table) -> FigureDraft {
        FigureDraft::from_sources(table, vec![source.name.clone()])
    }

    /// A figure of `table`, read from the published tables `sources` (in the order given).
    pub fn from_sources(table: DataTable, sources: Vec<String>) -> FigureDraft {
        FigureDraft {
            table,
            panels: Vec::new(),
            sources,
            notes: Vec::new(),
            keep_empty: false,
        }
    }

    /// One bar chart without a subtitle (nothing when there is nothing to draw).
    pub fn bars(mut self, spec: &BarSpec) -> FigureDraft {
        self.panels.extend(bar_panel("", spec));
        self
    }

    /// Small multiples, already laid out.
    pub fn panels(mut self, panels: Vec<Panel>) -> FigureDraft {
        self.panels.extend(panels);
        self
    }

    /// Another published table the figure reads.
    pub fn source(mut self, name: &str) -> FigureDraft {
        self.sources.push(name.to_string());
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> FigureDraft {
        self.notes.push(note.into());
        self
    }

    pub fn notes(mut self, notes: Vec<String>) -> FigureDraft {
        self.notes.extend(notes);
        self
    }

    /// Keep the figure even when its table has no row (the vacancy-rate figures, whose
    /// dimension has values somewhere in the table).
    pub fn keep_when_empty(mut self) -> FigureDraft {
        self.keep_empty = true;
        self
    }

    /// The figure, with a unique HTML id from `id` and a text alternative that starts with
    /// `kind` ("Bar chart") and reads out the table's first `described_rows` rows; `None` when
    /// its table has no row (the section then says why), unless [`FigureDraft::keep_when_empty`].
    pub fn finish(
        self,
        ctx: &Ctx,
        id: &str,
        title: impl Into<String>,
        kind: &str,
        described_rows: usize,
    ) -> Option<Figure> {
        if self.table.rows.is_empty() && !self.keep_empty {
            return None;
        }
        let title = title.into();
        Some(Figure {
            id: ctx.id(id),
            description: describe(kind, &title, &self.table, described_rows),
            title,
            panels: self.panels,
            table: self.table,
            sources: self.sources,
            notes: self.notes,
        })
    }
}

/// A table-only figure of the headline (the comparison, the changes): its footnotes numbered,
/// every row read out in its text alternative, no source tables (its notes say where each
/// figure comes from).
pub fn headline_table_figure(
    ctx: &Ctx,
    id: &str,
    title: String,
    mut table: DataTable,
    notes: Vec<String>,
) -> Figure {
    table.number_notes();
    Figure {
        id: ctx.id(id),
        description: describe("Table", &title, &table, table.rows.len()),
        title,
        panels: Vec::new(),
        table,
        sources: Vec::new(),
        notes,
    }
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
