//! Report: a committed run's *published* tables -> one self-contained HTML dashboard
//! (`<output>/runs/<run_id>/report.html`), per region or for the nation (DESIGN.md, the
//! "report" arrow).
//!
//! Three steps, each callable on its own (tests use the middle one without any I/O):
//! 1. [`load`]: the run's manifest (the latest, or a given run id) and every published table
//!    it lists, read through [`crate::publish::read_table`]; never the restricted copies.
//! 2. [`build_page`]: the page ([`page::Page`]): headline (run, inputs, data quality), then
//!    one section per topic (leadership pipeline, WRES, vacancies, trends). Each section
//!    reads the tables it knows by name and says `not computed: <reason from the manifest>`
//!    for those that are absent.
//! 3. [`render`]: the page through the minijinja template `templates/report.html.j2`
//!    (compiled into the binary; HTML auto-escaping on for every value).
//!
//! The page makes no network request: CSS, SVG charts and the one small print script are
//! inline, and a Content-Security-Policy of `default-src 'none'` makes the browser refuse
//! anything else. Suppressed figures show as "suppressed", never as zero (see [`data`]).
//!
//! Caveats: the report describes one run; trends come from the run's own long-format trend
//! tables, not from earlier runs. Writing `report.html` into a committed run folder does not
//! change the run's manifest (the report is derived, and can be rebuilt at any time).
//!
//! Where things are (each file uses only those listed before it; no section uses another):
//! - [`data`]: published tables and their cells (the null rules); [`chart`]: SVG geometry;
//! - [`page`]: the page's serialisable types;
//! - `ctx`: the manifest, the tables, the region in focus and the page's HTML ids;
//!   `reference`: the reference lists rows are ordered and labelled by (the run's
//!   `critical_roles` and `pay_bands`, orders published beside values, contract code lists);
//! - `figure`: figure builders shared by the sections (bar and line panels, table-only
//!   figures, a figure's text alternative); `appendix`: a published table listed in full;
//!   `headline`: the top of the page;
//! - `sections/`: the one registry of sections (`sections/mod.rs`: order, headings, which
//!   queries belong where, each section's builder) and one file per section.

mod appendix;
pub mod chart;
mod ctx;
pub mod data;
mod figure;
mod headline;
pub mod page;
mod reference;
mod sections;
#[cfg(test)]
mod tests;

use minijinja::{AutoEscape, Environment, UndefinedBehavior, context};

use crate::error::{Error, Result};
use crate::publish::{self, MANIFEST, Manifest, PUBLISHED, RUNS};
use crate::storage::Location;
pub use data::{Table, Tables};
pub use page::Page;

/// The report's file name inside a run folder (written by the `report` operation).
pub const REPORT_FILE: &str = "report.html";

const TEMPLATE: &str = "report.html.j2";

/// Loads the run to report on: `run_id`, or the latest committed run of `output`.
pub async fn load(output: &Location, run_id: Option<&str>) -> Result<(Manifest, Tables)> {
    let manifest = match run_id {
        None => match publish::read_latest(output).await? {
            Some((_, m)) => m,
            None => {
                return Err(Error::Usage {
                    option: "--output".into(),
                    message: format!(
                        "no committed run in {}: run `talentpipe run` first, or point --output at a run's output root",
                        output.display()
                    ),
                });
            }
        },
        Some(id) => read_run_manifest(output, id).await?,
    };
    let mut tables = Tables::default();
    for t in &manifest.tables {
        let batches = publish::read_table(output, &manifest.run_id, PUBLISHED, &t.name).await?;
        tables.insert(Table::from_batches(&t.name, &batches)?);
    }
    Ok((manifest, tables))
}

/// The manifest of a given run (which must be committed: it has a manifest).
async fn read_run_manifest(output: &Location, run_id: &str) -> Result<Manifest> {
    let valid = !run_id.is_empty()
        && !run_id.starts_with('.')
        && run_id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    if !valid {
        return Err(Error::Usage {
            option: "--run-id".into(),
            message: format!("'{run_id}' is not a run id (like 20260131T020000123Z-a1b2c3)"),
        });
    }
    let rel = format!("{RUNS}/{run_id}/{MANIFEST}");
    let raw = output.get_opt(&rel).await?.ok_or_else(|| Error::Usage {
        option: "--run-id".into(),
        message: format!(
            "no committed run {run_id} in {}: {} does not exist",
            output.display(),
            output.url_of(&rel)
        ),
    })?;
    serde_json::from_slice(&raw)
        .map_err(|e| Error::Report(format!("{}: not a valid manifest: {e}", output.url_of(&rel))))
}

/// Builds the page from a run's manifest and its published tables (no I/O).
pub fn build_page(manifest: &Manifest, tables: &Tables) -> Page {
    let ctx = ctx::Ctx::new(manifest, tables);
    let sections = sections::build_sections(&ctx);
    Page {
        title: headline::page_title(manifest),
        run: headline::run_info(manifest, tables),
        headline: headline::headline(&ctx),
        sections,
    }
}

/// Renders the page to one HTML document.
pub fn render(page: &Page) -> Result<String> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    let template_error = |e: minijinja::Error| Error::Report(format!("template: {e:#}"));
    env.add_template(TEMPLATE, include_str!("templates/report.html.j2"))
        .map_err(template_error)?;
    env.add_template("report.css", include_str!("templates/report.css"))
        .map_err(template_error)?;
    env.add_template("report.js", include_str!("templates/report.js"))
        .map_err(template_error)?;
    env.get_template(TEMPLATE)
        .and_then(|t| t.render(context! { page => page }))
        .map_err(template_error)
}
