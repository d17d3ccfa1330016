//! `report --compare URL`: the headline figures of the region beside the other regions and
//! England, from tables already published: the national output's latest committed run (an
//! `aggregate` output) and, for each region it aggregated, that region's run as the national
//! manifest records it (output root and run id). No new data is computed: every figure is a
//! published region-total (or national) cell, read as `headline::KEY_FIGURES` reads the
//! region's own; the one derived figure is this region minus England.
//!
//! Choices (README, docs/report.md): the region's own figures are the page's run (exact on an
//! internal page), the others' always their *published* tables; a region whose run cannot be
//! read (retention deleted it, its store is out of reach, its manifest changed since it was
//! aggregated) is listed as not available, with the reason; England is the national run's own
//! table (the sum of the regions it aggregated, which may include an earlier run of this region:
//! a note says so).
//!
//! Caveat: figures are compared as published; a suppressed cell stays suppressed, and a region
//! that did not compute a table (an extract not supplied) shows its notice's reason.

use std::path::Path;

use sha2::{Digest, Sha256};

use super::ctx::Ctx;
use super::data::{Cell, Format, Tables};
use super::figure::headline_table_figure;
use super::headline::{KEY_FIGURES, KeyFigureDef, key_figure_cell};
use super::page::{DataTable, Figure};
use crate::error::{Error, Result};
use crate::publish::{self, MANIFEST, Manifest, PUBLISHED, RUNS, RunKind};
use crate::storage::Location;

/// A national output's latest run, its headline tables and its regions'.
pub struct National {
    /// Where it was read (as given).
    pub url: String,
    pub manifest: Manifest,
    pub tables: Tables,
    /// The regions it aggregated, except the page's own, by region code.
    pub regions: Vec<OtherRegion>,
}

/// Another region aggregated by the national run.
pub struct OtherRegion {
    pub region: String,
    pub run_id: String,
    pub url: String,
    /// Its run's manifest and headline tables, or why they could not be read.
    pub run: std::result::Result<(Manifest, Tables), String>,
}

/// The tables the headline figures read.
fn key_tables() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = KEY_FIGURES.iter().map(|d| d.table).collect();
    names.dedup();
    names
}

/// Reads the national output at `national` (its latest committed run, which must be national)
/// and the runs of the regions it aggregated other than `own`'s.
pub async fn load_national(national: &Location, own: &Manifest) -> Result<National> {
    let usage = |message: String| Error::Usage {
        option: "--compare".into(),
        message,
    };
    if own.kind == RunKind::National {
        return Err(usage(
            "this run is national: --compare sets a region's run beside a national output".into(),
        ));
    }
    let Some((_, manifest)) = publish::read_latest(national).await? else {
        return Err(usage(format!(
            "no committed run in {}: point --compare at an `aggregate` output root",
            national.display()
        )));
    };
    if manifest.kind != RunKind::National {
        return Err(usage(format!(
            "the latest run of {} ({}) is a {} run of region {}, not a national one: point --compare at an `aggregate` output root",
            national.display(),
            manifest.run_id,
            manifest.kind,
            manifest.region
        )));
    }
    let names = key_tables();
    let tables = super::load_tables(national, &manifest, PUBLISHED, Some(&names)).await?;
    let mut regions = Vec::new();
    for s in &manifest.sources {
        if s.region.eq_ignore_ascii_case(&own.region) {
            continue;
        }
        regions.push(OtherRegion {
            region: s.region.clone(),
            run_id: s.run_id.clone(),
            url: s.url.clone(),
            run: read_region(&s.url, &s.run_id, &s.manifest_sha256, &names)
                .await
                .map_err(|e| e.to_string()),
        });
    }
    regions.sort_by(|a, b| a.region.cmp(&b.region));
    Ok(National {
        url: national.display(),
        manifest,
        tables,
        regions,
    })
}

/// A region's run as the national manifest recorded it, with its published headline tables.
async fn read_region(url: &str, run_id: &str, sha256: &str, names: &[&str]) -> Result<(Manifest, Tables)> {
    let loc = Location::parse(url, Path::new("/"))?;
    let rel = format!("{RUNS}/{run_id}/{MANIFEST}");
    let raw = loc.get_opt(&rel).await?.ok_or_else(|| {
        Error::Report(format!(
            "{} no longer exists (the region's retention may have deleted the run)",
            loc.url_of(&rel)
        ))
    })?;
    let digest = hex::encode(Sha256::digest(&raw));
    if !sha256.is_empty() && digest != sha256 {
        return Err(Error::Report(format!(
            "{} differs from the manifest the national run aggregated",
            loc.url_of(&rel)
        )));
    }
    let manifest: Manifest = serde_json::from_slice(&raw)
        .map_err(|e| Error::Report(format!("{}: not a valid manifest: {e}", loc.url_of(&rel))))?;
    let tables = super::load_tables(&loc, &manifest, PUBLISHED, Some(names)).await?;
    Ok((manifest, tables))
}

/// A cell read from another run's tables: its value and state, without a `data-src` (which
/// names the page's own tables only).
fn foreign(cell: Option<Cell>, missing: &str) -> Cell {
    match cell {
        Some(c) => Cell { src: None, ..c },
        None => Cell::no_figure("n/a", Some(missing.to_string())),
    }
}

/// This region minus England, in percentage points for shares and rates.
fn difference(def: &KeyFigureDef, own: &Cell, nation: &Cell) -> Cell {
    match (own.value, nation.value) {
        (Some(a), Some(b)) => match Format::for_column(def.column, &arrow::datatypes::DataType::Float64) {
            Format::Percent => Cell::constant((a - b) * 100.0, Format::PointsDifference),
            _ => Cell {
                text: format!("{:+.2}", a - b),
                ..Cell::constant(a - b, Format::Ratio)
            },
        },
        _ => Cell::no_figure(
            "n/a",
            Some("no difference: a figure is suppressed or not available".into()),
        ),
    }
}

/// The comparison figure: one row per area (this region, England, the difference, then every
/// other region), one column per headline figure.
pub(super) fn comparison_figure(ctx: &Ctx, national: &National) -> Figure {
    let own = &ctx.manifest.region;
    let region_label = |code: &str| match crate::extracts::codes::region_name(&code.to_ascii_uppercase()) {
        Some(name) => format!("{code} {name}"),
        None => code.to_string(),
    };
    let mut columns: Vec<(&str, bool)> = vec![("Area", false)];
    columns.extend(KEY_FIGURES.iter().map(|d| (d.label, true)));
    let mut table = DataTable::new(
        format!("Headline figures of {own} beside England and the other regions"),
        &columns,
    );
    let own_cells: Vec<Cell> = KEY_FIGURES
        .iter()
        .map(|d| match key_figure_cell(ctx, d) {
            Some(c) => c,
            None => Cell::no_figure(
                "n/a",
                Some(format!("no single region-total row of {own} in {}", d.table)),
            ),
        })
        .collect();
    let nation_ctx = Ctx::new(&national.manifest, &national.tables);
    let nation_cells: Vec<Cell> = KEY_FIGURES
        .iter()
        .map(|d| {
            foreign(
                key_figure_cell(&nation_ctx, d),
                &format!("{} is not in the national run", d.table),
            )
        })
        .collect();
    let mut row = |label: String, cells: Vec<Cell>| {
        let mut r = vec![Cell::label(label)];
        r.extend(cells);
        table.rows.push(r);
    };
    row(format!("{} (this region)", region_label(own)), own_cells.clone());
    row("England".into(), nation_cells.clone());
    row(
        format!("{own} minus England"),
        KEY_FIGURES
            .iter()
            .zip(own_cells.iter().zip(&nation_cells))
            .map(|(d, (a, b))| difference(d, a, b))
            .collect(),
    );
    let mut notes = vec![format!(
        "England: the national run {} of {} (the sum of the regions it aggregated, rates recomputed from summed parts), \
         published tables.",
        national.manifest.run_id, national.url
    )];
    for r in &national.regions {
        match &r.run {
            Ok((m, t)) => {
                let rctx = Ctx::new(m, t);
                row(
                    region_label(&r.region),
                    KEY_FIGURES
                        .iter()
                        .map(|d| {
                            foreign(
                                key_figure_cell(&rctx, d),
                                &format!("{} is not in {}'s run", d.table, r.region),
                            )
                        })
                        .collect(),
                );
                notes.push(format!(
                    "{}: run {} of {}, published tables.",
                    r.region, r.run_id, r.url
                ));
            }
            Err(why) => {
                row(
                    region_label(&r.region),
                    KEY_FIGURES
                        .iter()
                        .map(|_| Cell::no_figure("not available", Some(why.clone())))
                        .collect(),
                );
                notes.push(format!(
                    "{}: run {} of {} could not be read: {why}",
                    r.region, r.run_id, r.url
                ));
            }
        }
    }
    match national
        .manifest
        .sources
        .iter()
        .find(|s| s.region.eq_ignore_ascii_case(own))
    {
        None => notes.push(format!(
            "England's figures do not include {own}: the national run did not aggregate it."
        )),
        Some(s) if s.run_id != ctx.manifest.run_id => notes.push(format!(
            "England's figures include {own}'s run {}, not the run this page describes ({}).",
            s.run_id, ctx.manifest.run_id
        )),
        Some(_) => {}
    }
    if table.rows.iter().flatten().any(Cell::is_suppressed) {
        notes.push(
            "Suppressed: withheld in that area's published table (a small count, or derived from one)."
                .into(),
        );
    }
    let title = format!("How {own} compares with England and the other regions");
    headline_table_figure(ctx, "compare", title, table, notes)
}
