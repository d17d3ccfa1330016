//! Trends section: staff-survey WRES measures over survey years (`staff_survey_wres_trend`)
//! and BME representation at senior pay bands over ESR snapshot months
//! (`workforce_diversity_trend`). Both tables are long format: one row per period and group.

use crate::report::chart::LineSpec;
use crate::report::ctx::Ctx;
use crate::report::data::{Cell, Format, Table};
use crate::report::figure::{FigureDraft, line_panel};
use crate::report::page::{DataTable, Figure, Section};
use crate::report::reference;

/// WRES staff-survey indicators as the trend table names them.
const SURVEY_MEASURES: &[(&str, &str)] = &[
    (
        "5",
        "Indicator 5: harassment, bullying or abuse from patients, relatives or the public",
    ),
    ("6", "Indicator 6: harassment, bullying or abuse from staff"),
    (
        "7",
        "Indicator 7: believe the organisation provides equal opportunities for progression",
    ),
    (
        "8",
        "Indicator 8: discrimination from a manager, team leader or colleague",
    ),
];
/// Bands charted over time: the senior bands, Band 8a to VSM in the run's band order
/// (`pay_bands`).
fn senior_bands(ctx: &Ctx) -> Vec<String> {
    ctx.pay_bands()
        .into_iter()
        .skip_while(|b| b != "Band 8a")
        .take_while(|b| b != "Medical")
        .collect()
}

pub fn build(ctx: &Ctx, s: &mut Section) {
    s.add(ctx, "staff_survey_wres_trend", |t| vec![survey_trend(ctx, t)]);
    s.add(ctx, "workforce_diversity_trend", |t| {
        vec![workforce_trend(ctx, t)]
    });
}

/// Periods of a column in ascending order.
fn periods(t: &Table, rows: &[usize], column: &str) -> Vec<String> {
    let mut out: Vec<String> = rows.iter().filter_map(|&r| t.text(column, r)).collect();
    out.sort();
    out.dedup();
    out
}

fn missing() -> Cell {
    Cell::no_figure("n/a", Some("no row for this period".into()))
}

fn survey_trend(ctx: &Ctx, t: &Table) -> Option<Figure> {
    let share = t.find(&["share"])?;
    let year_col = t.find(&["survey_year", "year"])?;
    let indicator_col = t.find(&["wres_indicator", "indicator"])?;
    let group_col = t.find(&["ethnic_group"])?;
    let all = ctx.region_rows(t, &[]);
    let years = periods(t, &all.rows, year_col);
    // The WRES groups, reference first (White, BME), from the reference list.
    let ethnicity = reference::ethnicity();
    let groups = [ethnicity.reference_group, ethnicity.focus_group];
    let headings: Vec<String> = groups
        .iter()
        .flat_map(|g| [format!("{g} respondents"), format!("{g} share")])
        .collect();
    let mut columns = vec![("Indicator", false), ("Survey year", false)];
    columns.extend(headings.iter().map(|h| (h.as_str(), true)));
    let mut table = DataTable::new(
        "Staff-survey WRES measures by ethnic group and survey year (region total)",
        &columns,
    );
    let mut panels = Vec::new();
    for (indicator, label) in SURVEY_MEASURES {
        let mut series: Vec<(String, Vec<Cell>)> =
            groups.iter().map(|g| (g.to_string(), Vec::new())).collect();
        let mut any = false;
        for y in &years {
            let mut row = vec![Cell::label(indicator.to_string()), Cell::label(y.clone())];
            for (i, group) in groups.iter().enumerate() {
                let r = ctx
                    .region_rows(
                        t,
                        &[
                            (indicator_col, Some(indicator)),
                            (year_col, Some(y)),
                            (group_col, Some(group)),
                        ],
                    )
                    .rows
                    .first()
                    .copied();
                let (n, v) = match r {
                    Some(r) => {
                        any = true;
                        (t.cell("respondents", r), t.cell(share, r))
                    }
                    None => (missing(), missing()),
                };
                row.push(n);
                row.push(v.clone());
                series[i].1.push(v);
            }
            table.rows.push(row);
        }
        if !any {
            table
                .rows
                .retain(|r| r.first().is_none_or(|c| c.text != *indicator));
            continue;
        }
        let spec = LineSpec {
            periods: years.clone(),
            series,
            format: Some(Format::Percent),
        };
        panels.extend(line_panel(*label, &spec));
    }
    FigureDraft::new(table, t)
        .panels(panels)
        .note(
            "For indicators 5, 6 and 8 a higher share is worse; for indicator 7 a higher share is better. Gaps in a \
             line are suppressed or missing values.",
        )
        .finish(
            ctx,
            "trends-survey",
            "WRES staff-survey measures (indicators 5 to 8) over the survey years",
            "Line charts, one per indicator",
            24,
        )
}

fn month(d: &str) -> String {
    d.get(..7).unwrap_or(d).to_string()
}

fn workforce_trend(ctx: &Ctx, t: &Table) -> Option<Figure> {
    let share = t.find(&["share"])?;
    let date_col = t.find(&["snapshot_date", "period"])?;
    let rows = ctx.region_rows(t, &[("measure", Some("bme_of_known"))]);
    let dates = periods(t, &rows.rows, date_col);
    if dates.is_empty() {
        return None;
    }
    let categories = {
        let mut c: Vec<String> = rows
            .rows
            .iter()
            .filter_map(|&r| t.text("staff_category", r))
            .collect();
        c.sort();
        c.dedup();
        c
    };
    let mut columns: Vec<(String, bool)> = vec![("Staff category".into(), false), ("Pay band".into(), false)];
    columns.extend(dates.iter().map(|d| (month(d), true)));
    let column_refs: Vec<(&str, bool)> = columns.iter().map(|(l, n)| (l.as_str(), *n)).collect();
    let mut table = DataTable::new(
        "BME share of staff of known ethnicity at senior pay bands, per ESR snapshot month (region total)",
        &column_refs,
    );
    let mut panels = Vec::new();
    let category_list: Vec<Option<String>> = if categories.is_empty() {
        vec![None]
    } else {
        categories.into_iter().map(Some).collect()
    };
    for category in &category_list {
        let mut series = Vec::new();
        for band in senior_bands(ctx) {
            let band = band.as_str();
            let mut cells = Vec::new();
            let mut any = false;
            for d in &dates {
                let mut f = vec![
                    ("measure", Some("bme_of_known")),
                    ("pay_band", Some(band)),
                    (date_col, Some(d.as_str())),
                ];
                if let Some(c) = category {
                    f.push(("staff_category", Some(c.as_str())));
                }
                match ctx.region_rows(t, &f).rows.first() {
                    Some(&r) => {
                        any = true;
                        cells.push(t.cell(share, r));
                    }
                    None => cells.push(missing()),
                }
            }
            if !any {
                continue;
            }
            let mut row = vec![
                Cell::label(category.clone().unwrap_or_else(|| "All".into())),
                Cell::label(band),
            ];
            row.extend(cells.iter().cloned());
            table.rows.push(row);
            series.push((band.to_string(), cells));
        }
        let spec = LineSpec {
            periods: dates.iter().map(|d| month(d)).collect(),
            series,
            format: Some(Format::Percent),
        };
        panels.extend(line_panel(
            category.clone().unwrap_or_else(|| "All staff".into()),
            &spec,
        ));
    }
    FigureDraft::new(table, t)
        .panels(panels)
        .note(
            "BME share over staff of known ethnicity (Unknown excluded, as in the WRES). Female and disabled \
             representation by band are in the table listing below. Gaps in a line are suppressed or missing values.",
        )
        .finish(
            ctx,
            "trends-workforce",
            "BME representation at senior pay bands over the ESR snapshot months",
            "Line charts, one per staff category",
            12,
        )
}
