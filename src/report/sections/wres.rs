//! WRES section: indicators 1 to 9 in one table (the White and BME figures, the relative
//! likelihood or difference, its direction and the table's adverse flag) and the
//! "representation by band" chart from `wres_indicator_1`. WDES tables are listed in full.
//!
//! Column names are discovered by meaning (a numeric column naming `white` or `bme` and a
//! rate, share or likelihood; `relative_likelihood`; a column naming `adverse`), so the page
//! keeps working when a query adds or renames a helper column. When a figure cannot be found
//! the cell says "not published" rather than guessing.

use crate::report::chart::BarSpec;
use crate::report::ctx::Ctx;
use crate::report::data::{Cell, CellState, Format, Raw, Table};
use crate::report::figure::FigureDraft;
use crate::report::page::{DataTable, Figure, Notice, Section};
use crate::report::reference;

/// One WRES indicator: where it is published and how to read its direction.
struct Indicator {
    number: &'static str,
    /// Tables it may be published in (first found wins).
    tables: &'static [&'static str],
    what: &'static str,
    /// Direction when the relative likelihood (or BME minus White) is above parity.
    above: &'static str,
    below: &'static str,
}

const INDICATORS: &[Indicator] = &[
    Indicator {
        number: "1",
        tables: &["wres_indicator_1"],
        what: "Share of the workforce (all pay bands)",
        above: "",
        below: "",
    },
    Indicator {
        number: "2",
        tables: &["wres_indicator_2"],
        what: "Likelihood of being appointed from shortlisting (relative likelihood White : BME)",
        above: "White applicants more likely to be appointed",
        below: "BME applicants more likely to be appointed",
    },
    Indicator {
        number: "3",
        tables: &["wres_indicator_3"],
        what: "Likelihood of entering the formal disciplinary process (relative likelihood BME : White)",
        above: "BME staff more likely to enter the process",
        below: "White staff more likely to enter the process",
    },
    Indicator {
        number: "4",
        tables: &["wres_indicator_4"],
        what: "Likelihood of accessing non-mandatory training and CPD (relative likelihood White : BME)",
        above: "White staff more likely to access training",
        below: "BME staff more likely to access training",
    },
    Indicator {
        number: "5",
        tables: &["wres_indicators_5_to_8", "wres_indicator_5"],
        what: "Harassment, bullying or abuse from patients, relatives or the public (staff survey)",
        above: "BME staff report more",
        below: "BME staff report less",
    },
    Indicator {
        number: "6",
        tables: &["wres_indicators_5_to_8", "wres_indicator_6"],
        what: "Harassment, bullying or abuse from staff (staff survey)",
        above: "BME staff report more",
        below: "BME staff report less",
    },
    Indicator {
        number: "7",
        tables: &["wres_indicators_5_to_8", "wres_indicator_7"],
        what: "Believe the organisation provides equal opportunities for progression (staff survey)",
        above: "BME staff more likely to believe so",
        below: "BME staff less likely to believe so",
    },
    Indicator {
        number: "8",
        tables: &["wres_indicators_5_to_8", "wres_indicator_8"],
        what: "Discrimination from a manager, team leader or colleague (staff survey)",
        above: "BME staff report more",
        below: "BME staff report less",
    },
    Indicator {
        number: "9",
        tables: &["wres_indicator_9"],
        what: "BME share of voting board membership against the workforce (board − workforce)",
        above: "Board more diverse than the workforce",
        below: "Board less diverse than the workforce",
    },
];

pub fn build(ctx: &Ctx, s: &mut Section) {
    // The table each indicator is published in (the first of its tables), for notices.
    for name in INDICATORS.iter().map(|i| i.tables[0]) {
        if let Some(n) = ctx.notice(name) {
            push_notice(s, n);
        }
    }
    if let Some(f) = indicator_table(ctx) {
        s.figures.push(f);
    }
    if let Some(t) = ctx.table("wres_indicator_1")
        && let Some(f) = representation_by_band(ctx, t)
    {
        s.figures.push(f);
    }
}

/// Columns splitting staff into clinical / non-clinical / all.
const SCOPE_COLUMNS: &[&str] = &["staff_scope", "staff_category", "category", "clinical_group"];

fn push_notice(s: &mut Section, n: Notice) {
    if !s.notices.iter().any(|x| x.table == n.table) {
        s.notices.push(n);
    }
}

fn words(column: &str) -> Vec<&str> {
    column.split('_').collect()
}

/// The column holding `group`'s figure (`white` or `bme`): a numeric column naming the group and
/// a likelihood, rate, share or percentage, preferring likelihoods.
fn group_column(t: &Table, group: &str) -> Option<String> {
    let candidates: Vec<String> = t
        .columns()
        .into_iter()
        .filter(|c| t.is_numeric(c))
        .filter(|c| {
            let w = words(c);
            w.contains(&group) && !w.contains(&"relative") && !w.contains(&"unknown")
        })
        .collect();
    for kind in [
        "likelihood",
        "share",
        "rate",
        "pct",
        "percent",
        "percentage",
        "proportion",
    ] {
        if let Some(c) = candidates.iter().find(|c| words(c).contains(&kind)) {
            return Some(c.clone());
        }
    }
    None
}

/// The comparison column: a relative likelihood, else a difference or gap.
fn comparison_column(t: &Table) -> Option<String> {
    if t.has("relative_likelihood") {
        return Some("relative_likelihood".into());
    }
    t.find_by(|c| c.contains("relative_likelihood") && !c.ends_with("_note"))
        .or_else(|| {
            t.find_by(|c| {
                let w = words(c);
                (w.contains(&"difference") || w.contains(&"gap")) && t.is_numeric(c)
            })
        })
}

fn adverse_column(t: &Table) -> Option<String> {
    t.find_by(|c| words(c).contains(&"adverse") && !c.ends_with("_note"))
}

/// The region-total row of an indicator: for `wres_indicator_1` all bands and all staff; for a
/// shared table the indicator's rows; the latest period when the table holds several.
fn indicator_row(ctx: &Ctx, t: &Table, number: &str) -> Option<usize> {
    let mut filters: Vec<(&str, Option<&str>)> = Vec::new();
    if let Some(c) = t.find(&["wres_indicator", "indicator"]) {
        filters.push((c, Some(number)));
    }
    if number == "1" {
        if t.has("pay_band") {
            filters.push(("pay_band", Some("All")));
        }
        if let Some(c) = t.find(SCOPE_COLUMNS) {
            // 'all' (any case) marks the row over clinical and non-clinical staff together.
            let all = ctx.region_rows(t, &[(c, Some("all"))]).rows;
            if !all.is_empty() {
                filters.push((c, Some("all")));
            }
        }
    }
    if t.has("board_group") {
        // Indicator 9 is about voting membership.
        filters.push(("board_group", Some("Voting")));
    }
    let mut rows = ctx.region_rows(t, &filters).rows;
    if let Some(period) = t.find(&["survey_year", "reporting_date", "snapshot_date", "year"]) {
        // Latest period only.
        let latest = rows.iter().filter_map(|&r| t.text(period, r)).max();
        rows.retain(|&r| t.text(period, r) == latest);
    }
    rows.first().copied()
}

fn not_published(what: &str) -> Cell {
    Cell::no_figure("not published", Some(what.to_string()))
}

/// Direction of a comparison cell: above or below parity (1 for relative likelihoods, 0 for
/// differences), in the indicator's words.
fn direction(ind: &Indicator, cell: &Cell, parity: f64, white: &Cell, bme: &Cell) -> String {
    let v = match (cell.state, cell.value) {
        (CellState::Value, Some(v)) => Some(v - parity),
        // Survey indicators without a published difference: compare BME with White.
        _ if matches!(ind.number, "5" | "6" | "7" | "8") => match (white.value, bme.value) {
            (Some(w), Some(b)) if white.state == CellState::Value && bme.state == CellState::Value => {
                Some(b - w)
            }
            _ => None,
        },
        _ => None,
    };
    match v {
        _ if ind.above.is_empty() => "–".into(),
        Some(d) if d.abs() < 1e-9 => "No difference".into(),
        Some(d) if d > 0.0 => ind.above.into(),
        Some(_) => ind.below.into(),
        None if cell.state == CellState::Suppressed => "suppressed".into(),
        None => "–".into(),
    }
}

fn indicator_table(ctx: &Ctx) -> Option<Figure> {
    // The WRES groups (White, BME) from the reference list: the figures' columns and lookups.
    let ethnicity = reference::ethnicity();
    let (reference_group, focus_group) = (ethnicity.reference_group, ethnicity.focus_group);
    let adverse_for = format!("Adverse for {focus_group} staff");
    let mut table = DataTable::new(
        "WRES indicators 1 to 9 (region total, latest period)",
        &[
            ("Indicator", false),
            ("Measure", false),
            (reference_group, true),
            (focus_group, true),
            ("Relative likelihood or difference", true),
            ("Direction", false),
            (adverse_for.as_str(), false),
            ("Table", false),
        ],
    );
    if INDICATORS
        .iter()
        .all(|i| i.tables.iter().all(|n| ctx.table(n).is_none()))
    {
        // Nothing published: the section's notices say why.
        return None;
    }
    let mut sources = Vec::new();
    for ind in INDICATORS {
        let Some(t) = ind.tables.iter().find_map(|n| ctx.table(n)) else {
            let name = ind.tables[0];
            let reason = ctx
                .notice(name)
                .map(|n| format!("{}: {}", n.status, n.reason))
                .unwrap_or_default();
            let absent = Cell::no_figure("not computed", Some(reason.clone()));
            table.rows.push(vec![
                Cell::label(ind.number),
                Cell::label(ind.what),
                absent.clone(),
                absent.clone(),
                absent,
                Cell::label("–"),
                Cell::label("–"),
                Cell::label(name),
            ]);
            continue;
        };
        if !sources.contains(&t.name) {
            sources.push(t.name.clone());
        }
        let row = indicator_row(ctx, t, ind.number);
        let long = t.has("ethnic_group");
        let cell_for = |group: &str| -> Cell {
            let Some(r) = row else {
                return not_published("no region-total row");
            };
            if long {
                // Long format: one row per ethnic group.
                let share = t.find(&["share", "rate", "percentage"]);
                let mut filters: Vec<(&str, Option<&str>)> = vec![("ethnic_group", Some(group))];
                if let Some(c) = t.find(&["wres_indicator", "indicator"]) {
                    filters.push((c, Some(ind.number)));
                }
                let rows = ctx.region_rows(t, &filters).rows;
                let latest = t
                    .find(&["survey_year", "year"])
                    .and_then(|p| rows.iter().copied().max_by_key(|&x| t.text(p, x)))
                    .or(rows.first().copied());
                return match (share, latest) {
                    (Some(c), Some(x)) => t.cell(c, x),
                    _ => not_published("no share column"),
                };
            }
            match group_column(t, &group.to_ascii_lowercase()) {
                Some(c) => t.cell(&c, r),
                None => not_published(&format!("no {group} figure in {}", t.name)),
            }
        };
        let (white, bme) = if ind.number == "9" {
            let board = row
                .and_then(|r| t.find(&["board_share_bme"]).map(|c| t.cell(c, r)))
                .unwrap_or_else(|| not_published("no board_share_bme column"));
            let white = Cell::no_figure(
                "–",
                Some("indicator 9 compares the board's BME share with the workforce's".into()),
            );
            (white, board)
        } else {
            (cell_for(reference_group), cell_for(focus_group))
        };
        let (comparison, parity) = match (row, comparison_column(t)) {
            (Some(r), Some(c)) => (
                t.cell(&c, r),
                if c.contains("relative_likelihood") {
                    1.0
                } else {
                    0.0
                },
            ),
            _ if ind.number == "1" => (
                Cell {
                    numeric: true,
                    ..Cell::label("–")
                },
                0.0,
            ),
            _ => (not_published("no relative likelihood or difference column"), 1.0),
        };
        let adverse = match (row, adverse_column(t)) {
            (Some(r), Some(c)) => match t.raw(&c, r) {
                Raw::Bool(true) => Cell::label("Yes, adverse"),
                Raw::Bool(false) => Cell::label("No"),
                _ => t.cell(&c, r),
            },
            _ => Cell::label("–"),
        };
        let mut direction = direction(ind, &comparison, parity, &white, &bme);
        if ind.number == "9"
            && let (Some(r), Some(c)) = (row, t.find(&["workforce_share_bme"]))
        {
            direction = format!("{direction} (workforce BME share {})", t.cell(c, r).text);
        }
        table.rows.push(vec![
            Cell::label(ind.number),
            Cell::label(ind.what),
            white,
            bme,
            comparison,
            Cell::label(direction),
            adverse,
            Cell::label(t.name.clone()),
        ]);
    }
    FigureDraft::from_sources(table, sources)
        .note(
            "A relative likelihood of 1 means no difference; for indicators 2 and 4 above 1 means White staff are \
             more likely, for indicator 3 above 1 means BME staff are more likely (NHS England WRES technical \
             guidance). Unknown ethnicity is excluded from both groups.",
        )
        .finish(
            ctx,
            "wres-indicators",
            "WRES indicators 1 to 9: White and BME staff",
            "Table",
            9,
        )
}

fn representation_by_band(ctx: &Ctx, t: &Table) -> Option<Figure> {
    let band_col = t.find(&["pay_band"])?;
    let bme = group_column(t, "bme")?;
    let white = group_column(t, "white");
    let mut base: Vec<(&str, Option<&str>)> = Vec::new();
    if let Some(c) = t.find(SCOPE_COLUMNS)
        && !ctx.region_rows(t, &[(c, Some("all"))]).rows.is_empty()
    {
        base.push((c, Some("all")));
    }
    let rows = ctx.region_rows(t, &base);
    let mut bands: Vec<String> = rows.rows.iter().filter_map(|&r| t.text(band_col, r)).collect();
    bands.dedup();
    ctx.sort_pay_bands(&mut bands);
    bands.dedup();
    let headcount = t.find(&["headcount", "total_headcount", "staff"]);
    let bme_headcount = t.find(&["headcount_bme", "bme_headcount", "bme"]);
    let mut spec = BarSpec::new(&["BME share"], Format::Percent);
    let mut table = DataTable::new(
        "BME share at each pay band against the whole workforce (region total, clinical and non-clinical)",
        &[
            ("Pay band", false),
            ("Headcount", true),
            ("BME headcount", true),
            ("BME share", true),
            ("White share", true),
        ],
    );
    let cell_or = |c: Option<&str>, r: usize| match c {
        Some(c) => t.cell(c, r),
        None => not_published("column not in the table"),
    };
    let mut whole = None;
    for band in &bands {
        let mut f = base.clone();
        f.push((band_col, Some(band.as_str())));
        let rows = ctx.region_rows(t, &f);
        for &r in &rows.rows {
            let label = if band.eq_ignore_ascii_case("all") {
                whole = Some(r);
                "All bands (whole workforce)".to_string()
            } else {
                band.clone()
            };
            let label = ctx.label(t, &rows, r, &label);
            if !band.eq_ignore_ascii_case("all") {
                spec.categories.push(label.clone());
                spec.values.push(vec![t.cell(&bme, r)]);
            }
            table.rows.push(vec![
                Cell::label(label),
                cell_or(headcount, r),
                cell_or(bme_headcount, r),
                t.cell(&bme, r),
                cell_or(white.as_deref(), r),
            ]);
        }
    }
    // The whole workforce goes last in the table and is the chart's reference line.
    if let Some(pos) = table
        .rows
        .iter()
        .position(|row| row[0].text.contains("whole workforce"))
    {
        let row = table.rows.remove(pos);
        table.rows.push(row);
    }
    if let Some(r) = whole
        && let Some(v) = t.number(&bme, r)
    {
        spec.references
            .push((None, v, format!("whole workforce {}", Format::Percent.show(v))));
    }
    FigureDraft::new(table, t)
        .bars(&spec)
        .note("The vertical line marks the BME share of the whole workforce (WRES indicator 1).")
        .finish(
            ctx,
            "wres-representation-by-band",
            "Representation by band: BME share at each pay band against the whole workforce",
            "Bar chart",
            20,
        )
}
