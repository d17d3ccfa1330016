//! The top of the page: its title, which run it describes, the inputs and their data quality
//! (from the manifest) and a few key figures (each one published region-total cell).

use std::collections::BTreeMap;

use super::ctx::Ctx;
use super::data::{Cell, Tables};
use super::page::{Headline, InputRow, KeyFigure, QualityRow, RunInfo, SourceRow};
use crate::ingest::KindStatus;
use crate::publish::{Manifest, RunKind};

/// NHS England region names (EXTRACTS.md), whatever the code's case.
fn region_name(code: &str) -> Option<&'static str> {
    crate::extracts::codes::region_name(&code.to_ascii_uppercase())
}

/// `Talent and leadership dashboard: London (Y56)`.
pub(super) fn page_title(m: &Manifest) -> String {
    let place = match region_name(&m.region) {
        Some(name) => format!("{name} ({})", m.region),
        None if m.kind == RunKind::National => "England (national)".to_string(),
        None => m.region.clone(),
    };
    format!("Talent and leadership dashboard: {place}")
}

/// Which run the page describes, with the reporting date the tables carry.
pub(super) fn run_info(m: &Manifest, tables: &Tables) -> RunInfo {
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
        kind: m.kind.to_string(),
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

/// Inputs and data quality from the manifest, then the key figures.
pub(super) fn headline(ctx: &Ctx) -> Headline {
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
    let inputs_note = match (&m.ingest, &m.kind) {
        (None, RunKind::National) => Some(
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
        key_figures: key_figures(ctx),
        inputs_note,
    }
}

/// One headline figure: a region-total cell of a published table (also what `--compare` and
/// `--changes` set beside other regions, the nation and the previous month).
pub(super) struct KeyFigureDef {
    pub label: &'static str,
    pub table: &'static str,
    pub filters: &'static [(&'static str, Option<&'static str>)],
    pub column: &'static str,
    pub context: &'static str,
}

/// The headline figures, in page order.
pub(super) const KEY_FIGURES: &[KeyFigureDef] = &[
    KeyFigureDef {
        label: "Vacancy rate",
        table: "vacancy_rate",
        filters: &[("dimension", Some("all"))],
        column: "vacancy_rate",
        context: "vacancy FTE / (staff in post FTE + vacancy FTE)",
    },
    KeyFigureDef {
        label: "BME share of the workforce",
        table: "leadership_pipeline_diversity",
        filters: &[("comparison_group", Some("workforce")), ("critical_role", None)],
        column: "bme_share",
        context: "staff in post of known ethnicity",
    },
    KeyFigureDef {
        label: "BME share of the leadership supply pool",
        table: "leadership_pipeline_diversity",
        filters: &[("comparison_group", Some("supply_pool")), ("critical_role", None)],
        column: "bme_share",
        context: "talent-pool candidates ready within 5 years",
    },
    KeyFigureDef {
        label: "Executive seats vacant or interim",
        table: "executive_posts",
        filters: &[],
        column: "vacant_or_interim_share",
        context: "latest board snapshot",
    },
];

/// The cell of a headline figure in `ctx`'s tables: the single region-total row of the region
/// in focus (the nation's for a national run); `None` when the table, the column or a single
/// such row is missing.
pub(super) fn key_figure_cell(ctx: &Ctx, def: &KeyFigureDef) -> Option<Cell> {
    let t = ctx.table(def.table)?;
    if !t.has(def.column) {
        return None;
    }
    match ctx.region_rows(t, def.filters).rows.as_slice() {
        [r] => Some(t.cell(def.column, *r)),
        _ => None,
    }
}

/// A few headline figures, each taken from a published region-total cell.
fn key_figures(ctx: &Ctx) -> Vec<KeyFigure> {
    KEY_FIGURES
        .iter()
        .filter_map(|def| {
            key_figure_cell(ctx, def).map(|cell| KeyFigure {
                label: def.label.to_string(),
                cell,
                context: def.context.to_string(),
                change: None,
            })
        })
        .collect()
}
