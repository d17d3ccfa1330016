//! The `report` operation: build the HTML dashboard of a committed run (the latest, or a given
//! run id) and write it as `runs/<run_id>/report.html` (the steps are [`crate::report`]'s:
//! load, build the page, render). Returns what it wrote. Writing the report does not change the
//! run's manifest: the report is derived and can be rebuilt at any time.

use crate::error::Result;
use crate::progress::{Progress, Silent};
use crate::publish::RUNS;
use crate::report::{REPORT_FILE, build_page, load, render};
use crate::storage::Location;

/// What [`write_report`] wrote.
#[derive(Debug, Clone)]
pub struct ReportOutcome {
    pub run_id: String,
    /// Where the report is (URL or local path).
    pub location: String,
    pub bytes: usize,
    /// (section id, figures, notices) per section.
    pub sections: Vec<(String, usize, usize)>,
}

/// Builds and writes `runs/<run_id>/report.html` for `run_id` (or the latest run) through the
/// output's object store (one PUT).
pub async fn write_report(output: &Location, run_id: Option<&str>) -> Result<ReportOutcome> {
    write_report_with_progress(output, run_id, &Silent).await
}

/// [`write_report`], telling `progress` its stages (reading the tables, building, writing).
pub async fn write_report_with_progress(
    output: &Location,
    run_id: Option<&str>,
    progress: &dyn Progress,
) -> Result<ReportOutcome> {
    progress.message(format!(
        "reading the published tables of {}",
        run_id.map_or("the latest run".to_string(), |id| format!("run {id}"))
    ));
    let (manifest, tables) = load(output, run_id).await?;
    progress.message(format!("building the report of run {}", manifest.run_id));
    let page = build_page(&manifest, &tables);
    let html = render(&page)?;
    progress.message(format!("writing {REPORT_FILE} ({} bytes)", html.len()));
    let rel = format!("{RUNS}/{}/{REPORT_FILE}", manifest.run_id);
    let bytes = html.len();
    output.put(&rel, html).await?;
    let location = match output.local_path() {
        Some(p) => p.join(&rel).display().to_string(),
        None => output.url_of(&rel),
    };
    tracing::info!(report = %location, run_id = %manifest.run_id, "report written");
    Ok(ReportOutcome {
        run_id: manifest.run_id.clone(),
        location,
        bytes,
        sections: page
            .sections
            .iter()
            .map(|s| (s.id.clone(), s.figures.len(), s.notices.len()))
            .collect(),
    })
}
