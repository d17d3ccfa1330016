//! The `report` operation: build the HTML dashboard of a committed run (the latest, or a given
//! run id) and write it into the run's folder (the steps are [`crate::report`]'s: load, build
//! the page, render). Returns what it wrote. Writing the report does not change the run's
//! manifest: the report is derived and can be rebuilt at any time.
//!
//! The audience decides the tables and the place ([`crate::report::audience`]): public (the
//! default) reads the published tables and writes `runs/<run_id>/report.html`; internal reads
//! the restricted tables and writes `runs/<run_id>/restricted/report-internal.html`, nothing
//! else. `--compare` and `--changes` read other committed runs' tables (never writing there).

use crate::error::Result;
use crate::progress::{Progress, Silent};
use crate::publish::RUNS;
use crate::report::changes::{Since, load_previous};
use crate::report::compare::load_national;
use crate::report::{Audience, PageExtras, build_page_with, load_for, render};
use crate::storage::Location;

/// What to report on, for whom, and what to set beside it.
#[derive(Debug, Clone, Default)]
pub struct ReportOptions {
    /// The run [default: the latest committed run].
    pub run_id: Option<String>,
    pub audience: Audience,
    /// A national (`aggregate`) output root to compare the region with.
    pub compare: Option<Location>,
    /// Earlier run to show the headline figures' changes since.
    pub since: Option<Since>,
}

/// What [`write_report`] wrote.
#[derive(Debug, Clone)]
pub struct ReportOutcome {
    pub run_id: String,
    pub audience: Audience,
    /// Where the report is (URL or local path).
    pub location: String,
    pub bytes: usize,
    /// (section id, figures, notices) per section.
    pub sections: Vec<(String, usize, usize)>,
}

/// Builds and writes the public `runs/<run_id>/report.html` for `run_id` (or the latest run)
/// through the output's object store (one PUT).
pub async fn write_report(output: &Location, run_id: Option<&str>) -> Result<ReportOutcome> {
    write_report_with_progress(output, run_id, &Silent).await
}

/// [`write_report`], telling `progress` its stages (reading the tables, building, writing).
pub async fn write_report_with_progress(
    output: &Location,
    run_id: Option<&str>,
    progress: &dyn Progress,
) -> Result<ReportOutcome> {
    let options = ReportOptions {
        run_id: run_id.map(str::to_string),
        ..Default::default()
    };
    write_report_with(output, &options, progress).await
}

/// The report `options` ask for, written where its audience's report goes.
pub async fn write_report_with(
    output: &Location,
    options: &ReportOptions,
    progress: &dyn Progress,
) -> Result<ReportOutcome> {
    let audience = options.audience;
    progress.message(format!(
        "reading the {} tables of {}",
        audience.tables_folder(),
        options
            .run_id
            .as_deref()
            .map_or("the latest run".to_string(), |id| format!("run {id}"))
    ));
    let (manifest, tables) = load_for(output, options.run_id.as_deref(), audience).await?;
    let mut extras = PageExtras {
        audience,
        ..Default::default()
    };
    if let Some(national) = &options.compare {
        progress.message(format!("reading the national output {}", national.display()));
        extras.national = Some(load_national(national, &manifest).await?);
    }
    if let Some(since) = &options.since {
        progress.message("reading the previous run".to_string());
        extras.previous = Some(load_previous(output, &manifest, since, audience).await?);
    }
    progress.message(format!(
        "building the {audience} report of run {}",
        manifest.run_id
    ));
    let page = build_page_with(&manifest, &tables, &extras);
    let html = render(&page)?;
    let rel = format!("{RUNS}/{}/{}", manifest.run_id, audience.report_rel());
    progress.message(format!("writing {rel} ({} bytes)", html.len()));
    let bytes = html.len();
    output.put(&rel, html).await?;
    let location = match output.local_path() {
        Some(p) => p.join(&rel).display().to_string(),
        None => output.url_of(&rel),
    };
    tracing::info!(report = %location, run_id = %manifest.run_id, %audience, "report written");
    Ok(ReportOutcome {
        run_id: manifest.run_id.clone(),
        audience,
        location,
        bytes,
        sections: page
            .sections
            .iter()
            .map(|s| (s.id.clone(), s.figures.len(), s.notices.len()))
            .collect(),
    })
}
