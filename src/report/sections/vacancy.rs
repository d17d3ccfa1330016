//! Vacancies section: vacancy rate by staff group and pay band (`vacancy_rate`), time to fill
//! against the published benchmarks (`time_to_fill`), hard-to-fill posts
//! (`hard_to_fill_vacancies`) and executive posts vacant or interim (`executive_posts`).

use crate::report::chart::BarSpec;
use crate::report::ctx::Ctx;
use crate::report::data::{Cell, CellState, Format, Table};
use crate::report::figure::FigureDraft;
use crate::report::page::{DataTable, Figure, Section};

/// Published time-to-fill benchmarks for board roles, in months, in board order (the run's
/// `critical_roles`), used only when `time_to_fill` carries no benchmark column.
fn benchmarks(ctx: &Ctx) -> Vec<(String, f64)> {
    ctx.critical_role_rows()
        .into_iter()
        .filter_map(|r| Some((r.critical_role, r.time_to_fill_benchmark_months? as f64)))
        .collect()
}
/// `9 months for a Director of Nursing, 7 months for a Chief Operating Officer`, in board order.
fn benchmark_sentence(ctx: &Ctx) -> String {
    ctx.critical_role_rows()
        .into_iter()
        .filter_map(|r| {
            Some(format!(
                "{} months for a {}",
                r.time_to_fill_benchmark_months?, r.label
            ))
        })
        .collect::<Vec<_>>()
        .join(", ")
}
/// Row filters of a table (see `Table::rows_where`).
type Filters<'a> = Vec<(&'a str, Option<&'a str>)>;

/// Days in a month, as `time_to_fill` converts benchmark months (365.25 / 12).
const DAYS_PER_MONTH: f64 = 365.25 / 12.0;

pub fn build(ctx: &Ctx, s: &mut Section) {
    s.add(ctx, "vacancy_rate", |t| {
        vec![
            vacancy_rate(ctx, t, "staff_group", "staff group"),
            vacancy_rate(ctx, t, "pay_band", "pay band"),
        ]
    });
    s.add(ctx, "time_to_fill", |t| vec![time_to_fill(ctx, t)]);
    s.add(ctx, "hard_to_fill_vacancies", |t| vec![hard_to_fill(ctx, t)]);
    s.add(ctx, "executive_posts", |t| vec![executive_posts(ctx, t)]);
}

/// Values of `dimension_value` for a dimension, in a sensible order: pay bands in the run's band
/// order, critical roles in board order, any other value alphabetically after them.
fn dimension_values(ctx: &Ctx, t: &Table, dimension: &str) -> Vec<String> {
    let rows = t.rows_where(&[("dimension", Some(dimension))]);
    let mut values: Vec<String> = Vec::new();
    for r in rows {
        if let Some(v) = t.text("dimension_value", r)
            && !values.contains(&v)
        {
            values.push(v);
        }
    }
    let (bands, roles) = (ctx.pay_bands(), ctx.critical_roles());
    let rank = |v: &String| {
        bands
            .iter()
            .position(|b| b.eq_ignore_ascii_case(v))
            .or_else(|| roles.iter().position(|r| r == v))
            .unwrap_or(usize::MAX)
    };
    values.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.cmp(b)));
    values
}

fn vacancy_rate(ctx: &Ctx, t: &Table, dimension: &str, label: &str) -> Option<Figure> {
    let rate = t.find(&["vacancy_rate"])?;
    let values = dimension_values(ctx, t, dimension);
    if values.is_empty() {
        return None;
    }
    let mut spec = BarSpec::new(&["Vacancy rate"], Format::Percent);
    // The all-staff row of each region shown: one, or one per region in a run over several.
    let overall = ctx.region_rows(t, &[("dimension", Some("all"))]);
    for &r in &overall.rows {
        if let Some(v) = t.number(rate, r) {
            let all_staff = format!("all staff {}", Format::Percent.show(v));
            let line = match t.text("region_code", r).filter(|_| overall.multi_region) {
                Some(region) => format!("{region} {all_staff}"),
                None => all_staff,
            };
            spec.references.push((None, v, line));
        }
    }
    let totals = if overall.multi_region {
        "each region's total"
    } else {
        "region total"
    };
    let mut table = DataTable::new(
        format!("Vacancy rate by {label} ({totals})"),
        &[
            (capitalise(label).as_str(), false),
            ("Open vacancies", true),
            ("Vacancy FTE", true),
            ("Staff in post FTE", true),
            ("Vacancy rate", true),
        ],
    );
    let mut push = |name: String, r: usize, spec: &mut BarSpec| {
        spec.categories.push(name.clone());
        spec.values.push(vec![t.cell(rate, r)]);
        table.rows.push(vec![
            Cell::label(name),
            t.cell("open_vacancies", r),
            t.cell("vacancy_fte", r),
            t.cell("staff_in_post_fte", r),
            t.cell(rate, r),
        ]);
    };
    for v in &values {
        let rows = ctx.region_rows(t, &[("dimension", Some(dimension)), ("dimension_value", Some(v))]);
        for &r in &rows.rows {
            push(ctx.label(t, &rows, r, v), r, &mut spec);
        }
    }
    for &r in &overall.rows {
        push(ctx.label(t, &overall, r, "All staff"), r, &mut spec);
    }
    let lines = if overall.multi_region {
        "the lines mark each region's rate for all staff"
    } else {
        "the line marks the rate for all staff"
    };
    FigureDraft::new(table, t)
        .keep_when_empty()
        .bars(&spec)
        .note(format!(
            "Vacancy rate = vacancy FTE / (staff in post FTE + vacancy FTE), NHS Vacancy Statistics method; \
             {lines}."
        ))
        .finish(
            ctx,
            &format!("vacancy-rate-{dimension}"),
            format!("Vacancy rate by {label}"),
            "Bar chart",
            20,
        )
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn time_to_fill(ctx: &Ctx, t: &Table) -> Option<Figure> {
    let median = t.find(&["median_days", "median_days_to_fill"])?;
    let interval = [("interval_measured", Some("advertised_to_start"))];
    // Roles with a benchmark first (DON, COO), then the other roles, then all vacancies.
    let mut roles = dimension_values(ctx, t, "critical_role");
    let benchmarks = benchmarks(ctx);
    // The benchmarked roles are always listed, filled vacancies or not.
    for (role, _) in benchmarks.iter().rev() {
        if !roles.iter().any(|r| r == role) {
            roles.insert(0, role.to_string());
        }
    }
    roles.sort_by_key(|v| !benchmarks.iter().any(|b| b.0 == *v));
    let mut spec = BarSpec::new(&["Median days", "90th percentile days"], Format::Count);
    let mut table = DataTable::new(
        "Time to fill (advert to start in post) by critical role, against the published benchmarks (region total)",
        &[
            ("Role", false),
            ("Filled vacancies", true),
            ("Median days", true),
            ("90th percentile days", true),
            ("Benchmark months", true),
            ("Benchmark days", true),
            ("Median − benchmark (days)", true),
            ("Filled within benchmark", true),
        ],
    );
    let mut entries: Vec<(String, Filters)> = roles
        .iter()
        .map(|r| {
            (
                r.clone(),
                vec![
                    ("dimension", Some("critical_role")),
                    ("dimension_value", Some(r.as_str())),
                ],
            )
        })
        .collect();
    entries.push(("All vacancies".into(), vec![("dimension", Some("all"))]));
    for (name, filters) in &entries {
        let mut f = filters.clone();
        f.extend_from_slice(&interval);
        let rows = ctx.region_rows(t, &f);
        if rows.rows.is_empty()
            && let Some(&(_, months)) = benchmarks.iter().find(|b| b.0 == *name)
        {
            let none = Cell::no_figure(
                "none filled",
                Some("no filled vacancy for this role in the extract".into()),
            );
            let days = (months * DAYS_PER_MONTH * 10.0).round() / 10.0;
            spec.references.push((
                Some(spec.categories.len()),
                days,
                format!("benchmark {months} months"),
            ));
            spec.categories.push(name.clone());
            spec.values.push(vec![none.clone(), none.clone()]);
            table.rows.push(vec![
                Cell::label(name.clone()),
                none.clone(),
                none.clone(),
                none.clone(),
                Cell::constant(months, Format::OneDecimal),
                Cell::constant(days, Format::OneDecimal),
                none.clone(),
                none,
            ]);
        }
        for &r in &rows.rows {
            let label = ctx.label(t, &rows, r, name);
            let gi = spec.categories.len();
            spec.categories.push(label.clone());
            spec.values.push(vec![t.cell(median, r), t.cell("p90_days", r)]);
            let (months_cell, days_cell) = benchmark_cells(&benchmarks, t, r, name);
            if let Some(days) = days_cell.value.filter(|_| days_cell.state == CellState::Value) {
                spec.references
                    .push((Some(gi), days, format!("benchmark {}", months_cell.text)));
            }
            table.rows.push(vec![
                Cell::label(label),
                t.cell("filled_vacancies", r),
                t.cell(median, r),
                t.cell("p90_days", r),
                months_cell,
                days_cell,
                t.cell("median_minus_benchmark_days", r),
                t.cell("filled_within_benchmark", r),
            ]);
        }
    }
    FigureDraft::new(table, t)
        .bars(&spec)
        .note(format!(
            "Benchmarks: {} (NHS Providers / NHS England board recruitment findings); the vertical marks show \
             them in days (months × 365.25 / 12).",
            benchmark_sentence(ctx)
        ))
        .finish(
            ctx,
            "vacancy-time-to-fill",
            "Time to fill critical roles against the published benchmarks",
            "Bar chart",
            12,
        )
}

/// The benchmark (months, days) of a row: from the table when it has the columns, else the
/// role's published benchmark in `benchmarks` (DON and COO), else not applicable with the
/// table's note.
fn benchmark_cells(benchmarks: &[(String, f64)], t: &Table, r: usize, role: &str) -> (Cell, Cell) {
    if t.has("benchmark_months") {
        let months = t.cell("benchmark_months", r);
        let days = if t.has("benchmark_days") {
            t.cell("benchmark_days", r)
        } else {
            months.clone()
        };
        return (months, days);
    }
    match benchmarks.iter().find(|b| b.0 == role) {
        Some(&(_, m)) => (
            Cell::constant(m, Format::OneDecimal),
            Cell::constant((m * DAYS_PER_MONTH * 10.0).round() / 10.0, Format::OneDecimal),
        ),
        None => {
            let none = Cell::no_figure("none", Some("no published benchmark for this role".into()));
            (none.clone(), none)
        }
    }
}

fn hard_to_fill(ctx: &Ctx, t: &Table) -> Option<Figure> {
    let count = t.find(&["hard_to_fill_vacancies", "hard_to_fill"])?;
    let mut spec = BarSpec::new(&["Open vacancies", "Hard to fill"], Format::Count);
    let mut table = DataTable::new(
        "Hard-to-fill vacancies by staff group (region total, open on the snapshot date)",
        &[
            ("Staff group", false),
            ("Open vacancies", true),
            ("Open over 90 days", true),
            ("Advertised twice or more", true),
            ("Hard to fill", true),
            ("Hard-to-fill share", true),
        ],
    );
    let mut entries: Vec<(String, Filters)> = dimension_values(ctx, t, "staff_group")
        .into_iter()
        .map(|v| (v, vec![("dimension", Some("staff_group"))]))
        .collect();
    entries.push(("All staff groups".into(), vec![("dimension", Some("all"))]));
    for (name, filters) in &entries {
        let mut f = filters.clone();
        if filters.iter().any(|(_, v)| *v == Some("staff_group")) {
            f.push(("dimension_value", Some(name.as_str())));
        }
        let rows = ctx.region_rows(t, &f);
        for &r in &rows.rows {
            let label = ctx.label(t, &rows, r, name);
            spec.categories.push(label.clone());
            spec.values
                .push(vec![t.cell("open_vacancies", r), t.cell(count, r)]);
            table.rows.push(vec![
                Cell::label(label),
                t.cell("open_vacancies", r),
                t.cell("open_over_90_days", r),
                t.cell("advertised_twice_or_more", r),
                t.cell(count, r),
                t.cell("hard_to_fill_share", r),
            ]);
        }
    }
    FigureDraft::new(table, t).bars(&spec).finish(
        ctx,
        "vacancy-hard-to-fill",
        "Hard-to-fill posts: open over 90 days or advertised twice or more",
        "Bar chart",
        12,
    )
}

fn executive_posts(ctx: &Ctx, t: &Table) -> Option<Figure> {
    let share = t.find(&["vacant_or_interim_share"])?;
    let mut spec = BarSpec::new(&["Vacant or interim share"], Format::Percent);
    let national = t.find(&["national_vacant_or_interim_share"]);
    let mut table = DataTable::new(
        "Executive-director seats vacant or held by an interim, by organisation (latest board snapshot)",
        &[
            ("Organisation", false),
            ("Executive seats", true),
            ("Vacant", true),
            ("Interim", true),
            ("Vacant or interim", true),
            ("Vacant or interim share", true),
        ],
    );
    let total = ctx.region_rows(t, &[]);
    // Organisations of the region in focus, then the region total.
    let org_rows = ctx.organisation_rows(t, &[], &total);
    let mut push = |label: String, r: usize, spec: &mut BarSpec| {
        spec.categories.push(label.clone());
        spec.values.push(vec![t.cell(share, r)]);
        table.rows.push(vec![
            Cell::label(label),
            t.cell("executive_seats", r),
            t.cell("vacant_executive_seats", r),
            t.cell("interim_executive_seats", r),
            t.cell("vacant_or_interim_executive_seats", r),
            t.cell(share, r),
        ]);
    };
    for &r in &org_rows {
        let org = t.text("org_code", r).unwrap_or_default();
        push(ctx.label(t, &total, r, &org), r, &mut spec);
    }
    let mut notes = Vec::new();
    for &r in &total.rows {
        push(ctx.label(t, &total, r, "Region total"), r, &mut spec);
        if let Some(n) = national
            && let Some(v) = t.number(n, r)
            && spec.references.is_empty()
        {
            spec.references.push((
                None,
                v,
                format!("national comparator {}", Format::Percent.show(v)),
            ));
            notes.push(format!(
                "The line marks the national comparator ({} of executive-director posts vacant or interim, NHS \
                 Providers / NHS Confederation board surveys).",
                Format::Percent.show(v)
            ));
        }
        if t.has("organisations_with_vacant_executive_seat") {
            let with = t.cell("organisations_with_vacant_executive_seat", r);
            let of = t.cell("organisations", r);
            let sh = t.cell("organisations_with_vacant_share", r);
            notes.push(format!(
                "Organisations with at least one vacant executive seat: {} of {} ({}){}.",
                with.text,
                of.text,
                sh.text,
                t.number("national_organisations_with_vacant_share", r)
                    .map(|v| format!("; national comparator {}", Format::Percent.show(v)))
                    .unwrap_or_default()
            ));
        }
    }
    FigureDraft::new(table, t).bars(&spec).notes(notes).finish(
        ctx,
        "vacancy-executive-posts",
        "Executive posts vacant or held by an interim",
        "Bar chart",
        20,
    )
}
