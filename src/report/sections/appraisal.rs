//! Appraisal section (issue 17 part 1): appraisal and talent-conversation coverage of staff in
//! post by group and by pay band and staff group (`appraisal_coverage`), the relative
//! likelihoods of coverage with the WRES adverse flag (`appraisal_relative_likelihoods`),
//! coverage by organisation, and the rating distribution (`appraisal_rating_distribution`).
//! Region totals of the region in focus, as the other sections; the national twins have the same
//! names and columns (without region and organisation), so a national page shows them too.
//!
//! Caveat: the groups are listed in the reference list's order (`reference::characteristics`,
//! reference group first) and any other value a table holds follows in the table's order, so a
//! new value is shown rather than dropped.

use crate::report::chart::BarSpec;
use crate::report::ctx::Ctx;
use crate::report::data::{Cell, Format, Raw, Table};
use crate::report::figure::{FigureDraft, push_bar_row};
use crate::report::page::{DataTable, Figure, Section};
use crate::report::reference;

const COVERAGE: &str = "appraisal_coverage";
const LIKELIHOODS: &str = "appraisal_relative_likelihoods";
const RATINGS: &str = "appraisal_rating_distribution";

/// A breakdown of `appraisal_coverage`: its dimension, its heading and its values in display
/// order (empty: the table's order).
type Breakdown = (&'static str, &'static str, &'static [&'static str]);

/// The breakdowns by protected characteristic, their groups in display order (reference group
/// first), after all staff.
fn groups() -> Vec<Breakdown> {
    let characteristics = reference::characteristics().iter();
    std::iter::once(("all", "All staff", &["All"][..]))
        .chain(characteristics.map(|c| (c.name, c.label, c.groups)))
        .collect()
}
/// The workforce breakdowns, values in the table's order (pay bands by grade).
const WORKFORCE: &[Breakdown] = &[("pay_band", "Pay band", &[]), ("staff_group", "Staff group", &[])];
/// The measures of `appraisal_relative_likelihoods` and their words.
const MEASURES: &[(&str, &str)] = &[
    ("appraisal_coverage", "Appraisal"),
    ("talent_conversation_coverage", "Talent conversation"),
];
/// The groups whose rating distribution is charted side by side: all staff, then the reference
/// and focus groups of the characteristics an equality standard compares (ethnicity, disability).
fn rating_groups() -> Vec<(&'static str, &'static str)> {
    let compared = reference::characteristics()
        .iter()
        .filter(|c| c.standard.is_some());
    std::iter::once(("all", "All"))
        .chain(compared.flat_map(|c| [(c.name, c.reference_group), (c.name, c.focus_group)]))
        .collect()
}

pub fn build(ctx: &Ctx, s: &mut Section) {
    s.add(ctx, COVERAGE, |t| {
        vec![
            coverage_by(
                ctx,
                t,
                &groups(),
                "appraisal-coverage-groups",
                "ethnicity, disability and sex",
            ),
            coverage_by(
                ctx,
                t,
                WORKFORCE,
                "appraisal-coverage-workforce",
                "pay band and staff group",
            ),
            coverage_by_organisation(ctx, t),
        ]
    });
    s.add(ctx, LIKELIHOODS, |t| vec![relative_likelihoods(ctx, t)]);
    s.add(ctx, RATINGS, |t| vec![ratings(ctx, t)]);
}

/// The values of `dimension` in `t`: `order` first, then any other in the table (pay bands in
/// the run's band order).
fn values_of(ctx: &Ctx, t: &Table, dimension: &str, order: &[&str]) -> Vec<String> {
    let mut values: Vec<String> = order.iter().map(|v| v.to_string()).collect();
    for r in t.rows_where(&[("dimension", Some(dimension))]) {
        if let Some(v) = t.text("dimension_value", r)
            && !values.contains(&v)
        {
            values.push(v);
        }
    }
    if dimension == "pay_band" {
        ctx.sort_pay_bands(&mut values);
    }
    values
}

/// Published columns of `appraisal_coverage` and their headings.
type Columns = &'static [(&'static str, &'static str)];

/// The columns of the coverage-by-group figures.
const GROUP_COLUMNS: Columns = &[
    ("staff_in_post", "Staff in post"),
    ("appraised", "Appraised"),
    ("appraisal_coverage", "Appraisal coverage"),
    ("talent_conversation", "Talent conversation"),
    ("talent_conversation_coverage", "Talent-conversation coverage"),
];
/// The columns of the coverage-by-organisation figure.
const ORGANISATION_COLUMNS: Columns = &[
    ("staff_in_post", "Staff in post"),
    ("appraisal_coverage", "Appraisal coverage"),
    ("annual_appraisal_coverage", "Annual appraisal coverage"),
    ("talent_conversation_coverage", "Talent-conversation coverage"),
];

/// A coverage figure in the making: its chart (the two coverage rates of each row) and its data
/// table (label columns, then `columns`).
struct CoverageFigure {
    spec: BarSpec,
    table: DataTable,
    columns: Columns,
}

impl CoverageFigure {
    fn new(caption: &str, labels: &[&str], columns: Columns) -> Self {
        let mut heads: Vec<(&str, bool)> = labels.iter().map(|l| (*l, false)).collect();
        heads.extend(columns.iter().map(|(_, head)| (*head, true)));
        CoverageFigure {
            spec: BarSpec::new(
                &["Appraisal coverage", "Talent-conversation coverage"],
                Format::Percent,
            ),
            table: DataTable::new(caption, &heads),
            columns,
        }
    }

    /// Row `r` of `t`: a chart category named `category`, and a table row of `labels` then the
    /// figure's columns.
    fn push(&mut self, t: &Table, r: usize, category: String, labels: Vec<Cell>) {
        self.spec.categories.push(category);
        self.spec.values.push(vec![
            t.cell("appraisal_coverage", r),
            t.cell("talent_conversation_coverage", r),
        ]);
        let mut row = labels;
        row.extend(self.columns.iter().map(|(c, _)| t.cell(c, r)));
        self.table.rows.push(row);
    }

    fn finish(self, ctx: &Ctx, t: &Table, id: &str, title: &str, note: &str) -> Option<Figure> {
        FigureDraft::new(self.table, t)
            .bars(&self.spec)
            .note(note)
            .finish(ctx, id, title, "Bar chart", 20)
    }
}

/// Appraisal and talent-conversation coverage for each value of `dimensions` (region total).
fn coverage_by(ctx: &Ctx, t: &Table, dimensions: &[Breakdown], id: &str, what: &str) -> Option<Figure> {
    let caption = format!("Appraisal and talent-conversation coverage by {what} (region total)");
    let mut figure = CoverageFigure::new(&caption, &["Breakdown", "Group"], GROUP_COLUMNS);
    for (dimension, label, order) in dimensions {
        for value in values_of(ctx, t, dimension, order) {
            let filters = [
                ("dimension", Some(*dimension)),
                ("dimension_value", Some(value.as_str())),
            ];
            let rows = ctx.region_rows(t, &filters);
            for &r in &rows.rows {
                let group = ctx.label(t, &rows, r, &value);
                let category = format!("{label}: {group}");
                figure.push(t, r, category, vec![Cell::label(*label), Cell::label(group)]);
            }
        }
    }
    figure.finish(
        ctx,
        t,
        id,
        &format!("Appraisal and talent-conversation coverage by {what}"),
        "Coverage = substantive staff in post with at least one appraisal (with a talent conversation) dated in the \
         12 months to the reporting date / staff in post; Bank, Locum and Honorary staff are not in post for this \
         purpose. Definitions and the choices behind them: docs/metrics-appraisal.md.",
    )
}

/// Coverage of each organisation of the region in focus, then the region total.
fn coverage_by_organisation(ctx: &Ctx, t: &Table) -> Option<Figure> {
    let all = [("dimension", Some("all"))];
    let total = ctx.region_rows(t, &all);
    let caption = "Appraisal and talent-conversation coverage by organisation";
    let mut figure = CoverageFigure::new(caption, &["Organisation"], ORGANISATION_COLUMNS);
    let organisations = ctx.organisation_rows(t, &all, &total).into_iter();
    let labelled = organisations
        .map(|r| (t.text("org_code", r).unwrap_or_default(), r))
        .chain(total.rows.iter().map(|&r| ("Region total".to_string(), r)));
    for (base, r) in labelled {
        let label = ctx.label(t, &total, r, &base);
        figure.push(t, r, label.clone(), vec![Cell::label(label)]);
    }
    figure.finish(
        ctx,
        t,
        "appraisal-coverage-organisations",
        caption,
        "An organisation whose latest ESR snapshot is too old is not computed and left out of the region total \
         (the snapshot rule of docs/metrics-common.md).",
    )
}

/// The relative likelihood of each measure and characteristic (region total), with its flag.
fn relative_likelihoods(ctx: &Ctx, t: &Table) -> Option<Figure> {
    let mut table = DataTable::new(
        "Relative likelihood of appraisal and of a talent conversation, reference group : focus group (region total)",
        &[
            ("Measure", false),
            ("Reference group", false),
            ("Coverage", true),
            ("Focus group", false),
            ("Coverage", true),
            ("Relative likelihood", true),
            ("Adverse", false),
        ],
    );
    for (measure, words) in MEASURES {
        for characteristic in reference::characteristics() {
            let filters = [
                ("measure", Some(*measure)),
                ("characteristic", Some(characteristic.name)),
            ];
            let rows = ctx.region_rows(t, &filters);
            for &r in &rows.rows {
                let group = |c: &str| Cell::label(t.text(c, r).unwrap_or_default());
                let adverse = match t.raw("adverse", r) {
                    Raw::Bool(true) => Cell::label("Yes, adverse"),
                    Raw::Bool(false) => Cell::label("No"),
                    _ => t.cell("adverse", r),
                };
                table.rows.push(vec![
                    Cell::label(ctx.label(t, &rows, r, words)),
                    group("reference_group"),
                    t.cell("coverage_reference", r),
                    group("focus_group"),
                    t.cell("coverage_focus", r),
                    t.cell("relative_likelihood", r),
                    adverse,
                ]);
            }
        }
    }
    FigureDraft::new(table, t)
        .note(
            "Relative likelihood = coverage of the reference group / coverage of the focus group: above 1, the \
             reference group (White, non-disabled, male staff) is more likely to be appraised or offered a talent \
             conversation. Adverse: outside 0.80 to 1.25, the four-fifths rule of the WRES. Unknown ethnicity, \
             undeclared disability and sex other than female or male are in neither group.",
        )
        .finish(
            ctx,
            "appraisal-relative-likelihoods",
            "Relative likelihood of appraisal and of a talent conversation",
            "Table",
            6,
        )
}

/// The share of appraised staff by the rating of their latest rated appraisal, for all staff and
/// by ethnicity and disability (region total).
fn ratings(ctx: &Ctx, t: &Table) -> Option<Figure> {
    let mut ratings: Vec<(String, f64)> = Vec::new();
    for r in 0..t.rows() {
        if let (Some(rating), Some(order)) = (t.text("rating", r), t.number("rating_order", r))
            && !ratings.iter().any(|(x, _)| *x == rating)
        {
            ratings.push((rating, order));
        }
    }
    ratings.sort_by(|a, b| a.1.total_cmp(&b.1));
    let rating_groups = rating_groups();
    let series: Vec<&str> = rating_groups.iter().map(|(_, v)| *v).collect();
    let mut spec = BarSpec::new(&series, Format::Percent);
    let mut columns: Vec<(&str, bool)> = vec![("Rating", false)];
    columns.extend(series.iter().map(|s| (*s, true)));
    let mut table = DataTable::new(
        "Share of appraised staff by latest rating (region total)",
        &columns,
    );
    let rows_of = |(dimension, value): &(&str, &str), rating: &str| {
        let filters = [
            ("dimension", Some(*dimension)),
            ("dimension_value", Some(*value)),
            ("rating", Some(rating)),
        ];
        ctx.region_rows(t, &filters)
    };
    for (rating, _) in &ratings {
        // One line per region shown (the region in focus, else every region).
        let all = rows_of(&rating_groups[0], rating);
        for &first in &all.rows {
            let region = t.text("region_code", first);
            let cells: Vec<Cell> = rating_groups
                .iter()
                .map(|g| {
                    let same_region = rows_of(g, rating)
                        .rows
                        .into_iter()
                        .find(|&r| t.text("region_code", r) == region);
                    match same_region {
                        Some(r) => t.cell("rating_share", r),
                        None => Cell::no_figure("n/a", Some("no appraised staff in this group".into())),
                    }
                })
                .collect();
            push_bar_row(&mut spec, &mut table, ctx.label(t, &all, first, rating), cells);
        }
    }
    FigureDraft::new(table, t)
        .bars(&spec)
        .note(
            "Each appraised person counts once, under the rating of their latest appraisal in the 12 months that \
             gives one; 'No rating given' when none does ('Not rated' is recorded as such).",
        )
        .finish(
            ctx,
            "appraisal-ratings",
            "Rating distribution of appraised staff, all staff and by ethnicity and disability",
            "Bar chart",
            5,
        )
}
