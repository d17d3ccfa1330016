//! Leadership-pipeline section: supply against demand per critical role and horizon, the gap
//! and candidates per expected vacancy (`leadership_pipeline`), the diversity of the pipeline
//! beside the workforce, feeder bands, board and community (`leadership_pipeline_diversity`,
//! `community_diversity`), the nine-box grid (`talent_pool_nine_box`) and leadership stability:
//! tenure, interim cover and churn of the critical roles' holders
//! (`leadership_stability_tenure`, `leadership_stability_interim_cover`) and time to fill
//! critical-role vacancies beside other posts (`leadership_stability_time_to_fill`).

use crate::report::chart::BarSpec;
use crate::report::ctx::Ctx;
use crate::report::data::{Cell, Format, Table};
use crate::report::figure::{FigureDraft, bar_panel};
use crate::report::page::{DataTable, Figure, Section};
use crate::report::reference::{ordered_by, ratings};

/// Horizons as `leadership_pipeline` names them, in time order (by the `horizon_years` it
/// publishes beside each: the query's own list of horizons).
fn horizons(t: &Table) -> Vec<String> {
    ordered_by(t, "horizon", "horizon_years")
}

pub fn build(ctx: &Ctx, s: &mut Section) {
    s.add(ctx, "leadership_pipeline", |t| {
        vec![supply_demand(ctx, t), candidates_per_vacancy(ctx, t)]
    });
    s.add(ctx, "leadership_pipeline_diversity", |t| {
        vec![
            diversity(ctx, t, ctx.table("community_diversity")),
            diversity_by_role(ctx, t),
        ]
    });
    if ctx.table("community_diversity").is_none() {
        s.notices.extend(ctx.notice("community_diversity"));
    }
    s.add(ctx, "talent_pool_nine_box", |t| vec![nine_box(ctx, t)]);
    s.add(ctx, "leadership_stability_tenure", |t| {
        vec![stability(ctx, t, ctx.table("leadership_stability_interim_cover"))]
    });
    if ctx.table("leadership_stability_interim_cover").is_none() {
        s.notices.extend(ctx.notice("leadership_stability_interim_cover"));
    }
    s.add(ctx, "leadership_stability_time_to_fill", |t| {
        vec![critical_time_to_fill(ctx, t)]
    });
}

/// Roles present in a table's `column`, known roles first in board order (the run's
/// `critical_roles`).
fn roles_in(ctx: &Ctx, t: &Table, column: &str) -> Vec<String> {
    let present = t.distinct(column);
    let known = ctx.critical_roles();
    let mut out: Vec<String> = known.iter().filter(|r| present.contains(r)).cloned().collect();
    out.extend(present.into_iter().filter(|p| !known.contains(p)));
    out
}

fn supply_demand(ctx: &Ctx, t: &Table) -> Option<Figure> {
    let supply = t.find(&["ready_candidates", "supply"])?;
    let demand = t.find(&["expected_demand", "demand"])?;
    let role_col = t.find(&["critical_role", "role"])?;
    let roles = roles_in(ctx, t, role_col);
    let mut table = DataTable::new(
        "Supply and demand by critical role and horizon (region total)",
        &[
            ("Critical role", false),
            ("Horizon", false),
            ("Posts", true),
            ("Ready candidates (supply)", true),
            ("Expected demand", true),
            ("Gap (supply − demand)", true),
            ("Candidates per expected vacancy", true),
        ],
    );
    let mut panels = Vec::new();
    for h in &horizons(t) {
        let mut spec = BarSpec::new(&["Ready candidates (supply)", "Expected demand"], Format::Count);
        for role in &roles {
            let rows = ctx.region_rows(t, &[(role_col, Some(role)), ("horizon", Some(h))]);
            for &r in &rows.rows {
                let label = ctx.label(t, &rows, r, role);
                spec.categories.push(label.clone());
                spec.values.push(vec![t.cell(supply, r), t.cell(demand, r)]);
                table.rows.push(vec![
                    Cell::label(label),
                    Cell::label(h.as_str()),
                    t.cell("posts", r),
                    t.cell(supply, r),
                    t.cell(demand, r),
                    t.cell("gap", r),
                    t.cell("candidates_per_expected_vacancy", r),
                ]);
            }
        }
        panels.extend(bar_panel(format!("Horizon: {h}"), &spec));
    }
    FigureDraft::new(table, t)
        .panels(panels)
        .note(
            "Supply and demand are cumulative to the end of each horizon: 'now' counts vacant and interim posts \
             against candidates ready now; later horizons add the substantive holders expected to leave at the \
             role's annual turnover rate, and candidates who will be ready by then.",
        )
        .finish(
            ctx,
            "pipeline-supply-demand",
            "Supply of ready candidates against expected demand, by critical role and horizon",
            "Bar charts, one per horizon",
            30,
        )
}

fn candidates_per_vacancy(ctx: &Ctx, t: &Table) -> Option<Figure> {
    let ratio = t.find(&["candidates_per_expected_vacancy"])?;
    let role_col = t.find(&["critical_role", "role"])?;
    let roles = roles_in(ctx, t, role_col);
    let horizons = horizons(t);
    let names: Vec<&str> = horizons.iter().map(String::as_str).collect();
    let mut spec = BarSpec {
        references: vec![(None, 1.0, "one candidate per expected vacancy".into())],
        ..BarSpec::new(&names, Format::Ratio)
    };
    let mut columns = vec![("Critical role", false)];
    columns.extend(names.iter().map(|h| (*h, true)));
    let mut table = DataTable::new(
        "Candidates per expected vacancy by critical role and horizon (region total)",
        &columns,
    );
    for role in &roles {
        // A role's rows, one per region shown, found at its first horizon.
        let rows = ctx.region_rows(t, &[(role_col, Some(role)), ("horizon", names.first().copied())]);
        for &first in &rows.rows {
            let region = t.text("region_code", first);
            let label = ctx.label(t, &rows, first, role);
            let mut cells = Vec::new();
            for h in &names {
                let mut filters = vec![(role_col, Some(role.as_str())), ("horizon", Some(*h))];
                if rows.multi_region {
                    filters.push(("region_code", region.as_deref()));
                }
                let r = ctx.region_rows(t, &filters).rows.first().copied();
                cells.push(match r {
                    Some(r) => t.cell(ratio, r),
                    None => Cell::not_applicable("n/a", None),
                });
            }
            spec.categories.push(label.clone());
            spec.values.push(cells.clone());
            let mut row = vec![Cell::label(label)];
            row.extend(cells);
            table.rows.push(row);
        }
    }
    FigureDraft::new(table, t)
        .bars(&spec)
        .note(
            "Below 1 (the line), there are fewer ready candidates than expected vacancies. Where expected demand \
             is zero the ratio is not applicable and the table gives the reason.",
        )
        .finish(
            ctx,
            "pipeline-candidates-per-vacancy",
            "Candidates per expected vacancy, by critical role and horizon",
            "Bar chart",
            30,
        )
}

/// (value in `comparison_group`, label), in the order the figure shows them.
const GROUPS: &[(&str, &str)] = &[
    ("supply_pool", "Supply pool"),
    ("feeder_bands", "Feeder bands (8c–VSM)"),
    ("board", "Board"),
    ("workforce", "Workforce"),
];

fn diversity(ctx: &Ctx, t: &Table, community: Option<&Table>) -> Option<Figure> {
    let measures: Vec<(&str, &str)> = [
        ("bme_share", "BME share"),
        ("female_share", "Female share"),
        ("disabled_share", "Disabled share"),
    ]
    .into_iter()
    .filter(|(c, _)| t.has(c))
    .collect();
    let mut series: Vec<String> = GROUPS.iter().map(|g| g.1.to_string()).collect();
    series.push("Community served".into());
    let mut columns: Vec<(&str, bool)> = vec![("Group", false), ("Headcount", true)];
    columns.extend(measures.iter().map(|m| (m.1, true)));
    let mut table = DataTable::new(
        "Diversity of the leadership pipeline, the workforce, the board and the community (region total, every role)",
        &columns,
    );
    // values[measure][group]
    let mut values: Vec<Vec<Cell>> = vec![Vec::new(); measures.len()];
    for (group, label) in GROUPS {
        let rows = ctx.region_rows(t, &[("comparison_group", Some(group)), ("critical_role", None)]);
        let r = rows.rows.first().copied();
        let mut row = vec![Cell::label(*label)];
        match r {
            Some(r) => {
                row.push(t.cell("headcount", r));
                for (i, (m, _)) in measures.iter().enumerate() {
                    row.push(t.cell(m, r));
                    values[i].push(t.cell(m, r));
                }
            }
            None => {
                let missing = Cell::not_applicable("n/a", Some(format!("no '{group}' row in {}", t.name)));
                row.push(missing.clone());
                for v in values.iter_mut() {
                    row.push(missing.clone());
                    v.push(missing.clone());
                }
            }
        }
        table.rows.push(row);
    }
    // The community: BME share only (the population extract has no gender or disability).
    let mut row = vec![Cell::label("Community served")];
    let community_row = community.and_then(|c| ctx.region_rows(c, &[]).rows.first().map(|&r| (c, r)));
    let not_recorded = |what: &str| Cell::not_applicable("not recorded", Some(what.to_string()));
    match community_row {
        Some((c, r)) => row.push(c.cell(c.find(&["population"]).unwrap_or("population"), r)),
        None => row.push(not_recorded("community_diversity was not published")),
    }
    for (i, (m, _)) in measures.iter().enumerate() {
        let cell = match (community_row, *m) {
            (Some((c, r)), "bme_share") => c.cell("bme_share", r),
            (None, _) => not_recorded("community_diversity was not published"),
            _ => not_recorded("not in the population extract"),
        };
        row.push(cell.clone());
        values[i].push(cell);
    }
    table.rows.push(row);
    let spec = BarSpec {
        categories: measures.iter().map(|m| m.1.to_string()).collect(),
        series,
        values,
        format: Some(Format::Percent),
        references: Vec::new(),
    };
    let mut figure = FigureDraft::new(table, t).bars(&spec);
    if let Some(c) = community {
        figure = figure.source(&c.name);
    }
    figure
        .note(
            "BME share is over people of known ethnicity (Unknown excluded, as in the WRES); female and disabled \
             shares are over the whole headcount. The community served is the region's population.",
        )
        .finish(
            ctx,
            "pipeline-diversity",
            "Diversity of the pipeline against the workforce, the board and the community",
            "Bar chart",
            10,
        )
}

fn diversity_by_role(ctx: &Ctx, t: &Table) -> Option<Figure> {
    if !t.has("bme_share") || !t.has("critical_role") {
        return None;
    }
    let roles = roles_in(ctx, t, "critical_role");
    let mut spec = BarSpec::new(&["Supply pool", "Current holders (board)"], Format::Percent);
    let mut table = DataTable::new(
        "BME share of each role's supply pool and of its current holders (region total)",
        &[
            ("Critical role", false),
            ("Supply pool headcount", true),
            ("Supply pool BME share", true),
            ("Holders headcount", true),
            ("Holders BME share", true),
        ],
    );
    for role in &roles {
        let pool = ctx
            .region_rows(
                t,
                &[
                    ("comparison_group", Some("supply_pool")),
                    ("critical_role", Some(role)),
                ],
            )
            .rows;
        let board = ctx
            .region_rows(
                t,
                &[("comparison_group", Some("board")), ("critical_role", Some(role))],
            )
            .rows;
        let cell = |rows: &[usize], col: &str| match rows.first() {
            Some(&r) => t.cell(col, r),
            None => Cell::not_applicable("none", Some("no one in this group".into())),
        };
        spec.categories.push(role.clone());
        spec.values
            .push(vec![cell(&pool, "bme_share"), cell(&board, "bme_share")]);
        table.rows.push(vec![
            Cell::label(role.clone()),
            cell(&pool, "headcount"),
            cell(&pool, "bme_share"),
            cell(&board, "headcount"),
            cell(&board, "bme_share"),
        ]);
    }
    FigureDraft::new(table, t).bars(&spec).finish(
        ctx,
        "pipeline-diversity-by-role",
        "BME share of each critical role's supply pool against its current holders",
        "Bar chart",
        12,
    )
}

fn nine_box(ctx: &Ctx, t: &Table) -> Option<Figure> {
    let count = t.find(&["candidates"])?;
    let ratings: Vec<&str> = ratings().collect();
    let headings: Vec<String> = ratings.iter().map(|r| format!("Performance: {r}")).collect();
    let mut columns = vec![("Critical role", false), ("Potential", false)];
    columns.extend(headings.iter().map(|h| (h.as_str(), true)));
    let mut table = DataTable::new(
        "Talent-pool candidates by potential (rows) and performance (columns), per target role",
        &columns,
    );
    for role in roles_in(ctx, t, "critical_role") {
        for potential in ratings.iter().rev() {
            let mut row = vec![Cell::label(role.clone()), Cell::label(*potential)];
            for performance in &ratings {
                let rows = ctx.region_rows(
                    t,
                    &[
                        ("critical_role", Some(&role)),
                        ("potential", Some(potential)),
                        ("performance", Some(performance)),
                    ],
                );
                row.push(match rows.rows.first() {
                    Some(&r) => t.cell(count, r),
                    None => Cell::not_applicable("n/a", None),
                });
            }
            table.rows.push(row);
        }
    }
    FigureDraft::new(table, t)
        .note("Every candidate of the latest talent-pool snapshot counts, whatever their readiness.")
        .finish(
            ctx,
            "pipeline-nine-box",
            "Nine-box grid of the talent pool (performance × potential), per target role",
            "Grid",
            36,
        )
}

/// Leadership stability by critical role (region total): tenure of the current substantive
/// holders beside interim cover and churn (`leadership_stability_interim_cover`, when published).
fn stability(ctx: &Ctx, t: &Table, interim: Option<&Table>) -> Option<Figure> {
    let median = t.find(&["median_tenure_years"])?;
    let mut tenure = BarSpec::new(
        &["Lower quartile", "Median", "Upper quartile"],
        Format::OneDecimal,
    );
    let mut shares = BarSpec::new(
        &["Holders under 2 years", "Interim seats held over 6 months"],
        Format::Percent,
    );
    let mut table = DataTable::new(
        "Tenure in post, interim cover and churn of each critical role's holders (region total)",
        &[
            ("Critical role", false),
            ("Substantive holders", true),
            ("Median tenure (years)", true),
            ("Lower quartile (years)", true),
            ("Upper quartile (years)", true),
            ("Share under 2 years", true),
            ("Interim seats", true),
            ("Share interim over 6 months", true),
            ("Distinct holders in 3 years", true),
            ("Holders per seat in 3 years", true),
        ],
    );
    let absent = || {
        Cell::no_figure(
            "n/a",
            Some("leadership_stability_interim_cover was not published".into()),
        )
    };
    // Each role, then every critical role together (the rows with no role).
    let mut roles: Vec<Option<String>> = roles_in(ctx, t, "critical_role").into_iter().map(Some).collect();
    roles.push(None);
    for role in &roles {
        let rows = ctx.region_rows(t, &[("critical_role", role.as_deref())]);
        for &r in &rows.rows {
            let label = ctx.label(t, &rows, r, role.as_deref().unwrap_or("All critical roles"));
            let mut filters = vec![("critical_role", role.as_deref())];
            let region = t.text("region_code", r);
            if rows.multi_region {
                filters.push(("region_code", region.as_deref()));
            }
            let ir = interim.and_then(|i| ctx.region_rows(i, &filters).rows.first().map(|&ir| (i, ir)));
            let from_interim = |col: &str| ir.map_or_else(absent, |(i, ir)| i.cell(col, ir));
            tenure.categories.push(label.clone());
            tenure.values.push(vec![
                t.cell("lower_quartile_tenure_years", r),
                t.cell(median, r),
                t.cell("upper_quartile_tenure_years", r),
            ]);
            shares.categories.push(label.clone());
            shares.values.push(vec![
                t.cell("share_under_2y", r),
                from_interim("share_interim_over_6_months"),
            ]);
            table.rows.push(vec![
                Cell::label(label),
                t.cell("holders", r),
                t.cell(median, r),
                t.cell("lower_quartile_tenure_years", r),
                t.cell("upper_quartile_tenure_years", r),
                t.cell("share_under_2y", r),
                from_interim("interim_seats"),
                from_interim("share_interim_over_6_months"),
                from_interim("distinct_holders_3y"),
                from_interim("holders_per_seat_3y"),
            ]);
        }
    }
    let mut panels = Vec::new();
    panels.extend(bar_panel(
        "Tenure in post of the current substantive holders (years)",
        &tenure,
    ));
    panels.extend(bar_panel(
        "Share of holders under 2 years in post, and of interim seats held over 6 months",
        &shares,
    ));
    let mut figure = FigureDraft::new(table, t).panels(panels).note(
        "Tenure is counted from each holder's ESR start date to the reporting date; interim holders are \
         counted under interim cover, from the interim's start date. Distinct holders count everyone who held \
         the role (interim or substantive) on the ESR snapshots of the last 3 years: with less history the \
         table says how many months it covers.",
    );
    if let Some(i) = interim {
        figure = figure.source(&i.name);
    }
    figure.finish(
        ctx,
        "pipeline-leadership-stability",
        "Leadership stability: tenure in post, interim cover and churn, by critical role",
        "Bar charts",
        12,
    )
}

/// Time to fill (advertised to start) of critical-role vacancies beside other posts, region total.
fn critical_time_to_fill(ctx: &Ctx, t: &Table) -> Option<Figure> {
    let median = t.find(&["median_days"])?;
    let groups = [("critical_role", "Critical roles"), ("other_post", "Other posts")];
    let mut spec = BarSpec::new(&["Median", "90th percentile"], Format::OneDecimal);
    let mut table = DataTable::new(
        "Days from advert to start of vacancies filled in the 12 months to the reporting date (region total)",
        &[
            ("Posts", false),
            ("Filled vacancies", true),
            ("Mean days", true),
            ("Median days", true),
            ("90th percentile days", true),
        ],
    );
    for (group, name) in groups {
        let rows = ctx.region_rows(
            t,
            &[
                ("post_group", Some(group)),
                ("interval_measured", Some("advertised_to_start")),
            ],
        );
        for &r in &rows.rows {
            let label = ctx.label(t, &rows, r, name);
            spec.categories.push(label.clone());
            spec.values.push(vec![t.cell(median, r), t.cell("p90_days", r)]);
            table.rows.push(vec![
                Cell::label(label),
                t.cell("filled_vacancies", r),
                t.cell("mean_days", r),
                t.cell(median, r),
                t.cell("p90_days", r),
            ]);
        }
    }
    FigureDraft::new(table, t)
        .bars(&spec)
        .note(
            "Critical roles are vacancies with a critical role (every role together; each role beside its \
             benchmark is in the Vacancies section); other posts are all the other vacancies, so the two add up \
             to all filled vacancies.",
        )
        .finish(
            ctx,
            "pipeline-critical-time-to-fill",
            "Time to fill critical-role vacancies beside other posts",
            "Bar chart",
            4,
        )
}
