//! Report: a committed run's tables -> one self-contained HTML dashboard, per region or for
//! the nation (DESIGN.md, the "report" arrow). For the public (the default audience) it is
//! built from the *published* tables and written as `<output>/runs/<run_id>/report.html`; for
//! the region's own board (`--audience internal`) from the *restricted*, exact tables, marked
//! OFFICIAL-SENSITIVE on every part of the page and written inside the restricted folder only
//! (see [`audience`]).
//!
//! Three steps, each callable on its own (tests use the middle one without any I/O):
//! 1. [`load`] / [`load_for`]: the run's manifest (the latest, or a given run id) and every
//!    table it lists, read through [`crate::publish::read_table`] from the audience's folder
//!    (published, or restricted for an internal page); and, when asked for, what the page sets
//!    beside them: a national output's published tables ([`compare::load_national`],
//!    `--compare`) and the previous month's run ([`changes::load_previous`], `--changes`).
//! 2. [`build_page`] / [`build_page_with`]: the page ([`page::Page`]): headline (run, inputs,
//!    data quality, key figures, their changes and comparison), then one section per topic
//!    (leadership pipeline, WRES, vacancies, trends). Each section reads the tables it knows by
//!    name and says `not computed: <reason from the manifest>` for those that are absent.
//! 3. [`render`]: the page through the minijinja template `templates/report.html.j2`
//!    (compiled into the binary; HTML auto-escaping on for every value).
//!
//! The page makes no network request: CSS, SVG charts and the one small print script are
//! inline, and a Content-Security-Policy of `default-src 'none'` makes the browser refuse
//! anything else. Suppressed figures show as "suppressed", never as zero (see [`data`]).
//!
//! Caveats: the sections describe one run; trends come from the run's own long-format trend
//! tables, and only the headline figures are set beside earlier runs (`--changes`). Writing a
//! report into a committed run folder does not change the run's manifest (the report is
//! derived, and can be rebuilt at any time).
//!
//! Where things are (each file uses only those listed before it; no section uses another):
//! - [`data`]: tables and their cells (the null rules); [`chart`]: SVG geometry;
//! - [`audience`]: who the page is for (tables, place, marking);
//! - [`page`]: the page's serialisable types;
//! - `ctx`: the manifest, the tables, the region in focus and the page's HTML ids;
//!   `reference`: the reference lists rows are ordered and labelled by (the run's
//!   `critical_roles` and `pay_bands`, orders published beside values, contract code lists);
//! - `figure`: figure builders shared by the sections (bar and line panels, table-only
//!   figures, a figure's text alternative); `appendix`: a published table listed in full;
//!   `headline`: the top of the page and the headline figures (`headline::KEY_FIGURES`);
//! - [`compare`]: the headline figures beside England and the other regions; [`changes`]:
//!   beside the previous month's run;
//! - `sections/`: the one registry of sections (`sections/mod.rs`: order, headings, which
//!   queries belong where, each section's builder) and one file per section.

mod appendix;
pub mod audience;
pub mod changes;
pub mod chart;
pub mod compare;
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
use crate::publish::{self, MANIFEST, Manifest, RUNS};
use crate::storage::Location;
pub use audience::{Audience, DEFAULT_AUDIENCE};
pub use data::{Table, Tables};
pub use page::Page;

/// The report's file name inside a run folder (written by the `report` operation).
pub const REPORT_FILE: &str = "report.html";

const TEMPLATE: &str = "report.html.j2";

/// Loads the run to report on: `run_id`, or the latest committed run of `output`, with its
/// published tables (the public audience's).
pub async fn load(output: &Location, run_id: Option<&str>) -> Result<(Manifest, Tables)> {
    load_for(output, run_id, Audience::Public).await
}

/// [`load`] for `audience`: the published tables, or the restricted (exact) ones.
pub async fn load_for(
    output: &Location,
    run_id: Option<&str>,
    audience: Audience,
) -> Result<(Manifest, Tables)> {
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
    let tables = load_tables(output, &manifest, audience.tables_folder(), None).await?;
    Ok((manifest, tables))
}

/// The tables of a committed run from `folder` (`published` or `restricted`): every table the
/// manifest lists, or only those of `only` that it lists.
pub(crate) async fn load_tables(
    output: &Location,
    manifest: &Manifest,
    folder: &str,
    only: Option<&[&str]>,
) -> Result<Tables> {
    let mut tables = Tables::default();
    for t in &manifest.tables {
        if only.is_some_and(|names| !names.contains(&t.name.as_str())) {
            continue;
        }
        let batches = publish::read_table(output, &manifest.run_id, folder, &t.name).await?;
        tables.insert(Table::from_batches(&t.name, &batches)?);
    }
    Ok(tables)
}

/// The manifest of a given run (which must be committed: it has a manifest).
pub(crate) async fn read_run_manifest(output: &Location, run_id: &str) -> Result<Manifest> {
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

/// Builds the page from a run's manifest and its published tables (no I/O): the public page
/// with nothing beside it.
pub fn build_page(manifest: &Manifest, tables: &Tables) -> Page {
    build_page_with(manifest, tables, &PageExtras::default())
}

/// What a page may show beyond the run's own tables (each loaded beforehand, see
/// [`compare::load_national`] and [`changes::load_previous`]).
#[derive(Default)]
pub struct PageExtras {
    /// Who the page is for (the tables must be that audience's: see [`load_for`]).
    pub audience: Audience,
    /// `--compare`: a national output's published headline tables and its regions'.
    pub national: Option<compare::National>,
    /// `--changes`: the previous month's run (`Some(None)`: asked for, none found).
    pub previous: Option<changes::PreviousSearch>,
}

/// [`build_page`] for an audience, with the comparison and the changes when given (no I/O).
pub fn build_page_with(manifest: &Manifest, tables: &Tables, extras: &PageExtras) -> Page {
    let ctx = ctx::Ctx::new(manifest, tables);
    let mut headline = headline::headline(&ctx);
    let comparison = extras
        .national
        .as_ref()
        .map(|n| compare::comparison_figure(&ctx, n));
    let changes = extras
        .previous
        .as_ref()
        .map(|p| changes::changes_figure(&ctx, p, extras.audience, &mut headline.key_figures));
    let sections = sections::build_sections(&ctx);
    let mut title = headline::page_title(manifest);
    if let Some(marking) = extras.audience.marking() {
        title = format!("{marking}. {title}");
    }
    Page {
        title,
        run: headline::run_info(manifest, tables),
        headline,
        sections,
        audience: extras.audience.into(),
        comparison,
        changes,
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
    env.add_template("report-extra.css", include_str!("templates/report-extra.css"))
        .map_err(template_error)?;
    env.add_template("report.js", include_str!("templates/report.js"))
        .map_err(template_error)?;
    env.get_template(TEMPLATE)
        .and_then(|t| t.render(context! { page => page }))
        .map_err(template_error)
}
