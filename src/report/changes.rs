//! `report --changes` (and `--since RUN_ID`): what changed since last month, from the output
//! root's earlier committed runs (`runs/`, kept by `publish.keep_runs`): each headline figure
//! (`headline::KEY_FIGURES`) beside the same cell of the previous run, with the change
//! and an arrow (▲ up, ▼ down, = no change at the precision shown). Arrows say direction only,
//! not good or bad (a higher BME share of the supply pool is wanted, a higher vacancy rate is
//! not).
//!
//! The previous run (choices, README and docs/report.md): the newest committed run older than
//! the page's (run ids sort by time) of the same kind and region, not a partial run
//! (`--select`), whose reporting date is earlier than the page's, so nightly re-runs of the same
//! month are passed over; when either run records no reporting date (national runs), the newest
//! earlier one. `--since RUN_ID` names it instead. Its tables are the page's audience's
//! (published for a public page, restricted for an internal one).
//!
//! Caveat: with nightly runs and the default `publish.keep_runs = 10`, last month's run is
//! deleted after ten nights: keep more runs (about 40) for month-on-month changes.

use chrono::NaiveDate;

use super::audience::Audience;
use super::ctx::Ctx;
use super::data::{Cell, Format, Tables};
use super::figure::headline_table_figure;
use super::headline::{KEY_FIGURES, key_figure_cell};
use super::page::{DataTable, Figure, KeyFigure};
use crate::error::{Error, Result};
use crate::publish::{MANIFEST, Manifest, RUNS};
use crate::storage::Location;

/// Which earlier run to compare with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Since {
    /// The previous month's committed run (see the module docs).
    PreviousMonth,
    /// A committed run named by its id.
    Run(String),
}

/// The outcome of looking for the previous run: the run, or why there is none.
pub enum PreviousSearch {
    Found(Box<PreviousRun>),
    NotFound(String),
}

/// The previous run's manifest and its headline tables.
pub struct PreviousRun {
    pub manifest: Manifest,
    pub tables: Tables,
}

/// The reporting date a run recorded (regional runs record it in their run tables).
fn reporting_date(m: &Manifest) -> Option<NaiveDate> {
    m.run_tables
        .as_ref()
        .and_then(|t| t.run_parameters.reporting_date)
}

/// Ids of the committed runs (those with a manifest) under `<output>/runs/`, newest first.
async fn committed_runs_newest_first(output: &Location) -> Result<Vec<String>> {
    let base = format!("{}/", output.path(RUNS));
    let suffix = format!("/{MANIFEST}");
    let mut ids: Vec<String> = output
        .list(RUNS)
        .await?
        .iter()
        .filter_map(|o| {
            let id = o.location.as_ref().strip_prefix(&base)?.strip_suffix(&suffix)?;
            (!id.contains('/')).then(|| id.to_string())
        })
        .collect();
    ids.sort_unstable_by(|a, b| b.cmp(a));
    Ok(ids)
}

/// Finds the run to compare `current` with (see the module docs) and reads its headline tables
/// for `audience`.
pub async fn load_previous(
    output: &Location,
    current: &Manifest,
    since: &Since,
    audience: Audience,
) -> Result<PreviousSearch> {
    let names: Vec<&str> = KEY_FIGURES.iter().map(|d| d.table).collect();
    let found = match since {
        Since::Run(id) if *id == current.run_id => {
            return Err(Error::Usage {
                option: "--since".into(),
                message: format!("run {id} is the run the report describes: name an earlier run"),
            });
        }
        Since::Run(id) => Some(super::read_run_manifest(output, id).await?),
        Since::PreviousMonth => {
            let mut found = None;
            for id in committed_runs_newest_first(output).await? {
                if id >= current.run_id {
                    continue;
                }
                let Some(raw) = output.get_opt(&format!("{RUNS}/{id}/{MANIFEST}")).await? else {
                    continue; // deleted since it was listed
                };
                let Ok(m) = serde_json::from_slice::<Manifest>(&raw) else {
                    continue;
                };
                let earlier_month = match (reporting_date(&m), reporting_date(current)) {
                    (Some(then), Some(now)) => then < now,
                    _ => true,
                };
                if m.kind == current.kind
                    && m.region.eq_ignore_ascii_case(&current.region)
                    && m.selection.is_empty()
                    && earlier_month
                {
                    found = Some(m);
                    break;
                }
            }
            found
        }
    };
    let Some(manifest) = found else {
        return Ok(PreviousSearch::NotFound(format!(
            "no earlier month's committed run of {} is kept in {} (a run of an earlier reporting date; \
             publish.keep_runs sets how many runs are kept)",
            current.region,
            output.display()
        )));
    };
    let tables = super::load_tables(output, &manifest, audience.tables_folder(), Some(&names)).await?;
    Ok(PreviousSearch::Found(Box::new(PreviousRun { manifest, tables })))
}

/// The change from `then` to `now` as (arrow, text, value): percentage points for shares and
/// rates; `None` unless both are figures.
fn change(column: &str, then: &Cell, now: &Cell) -> Option<(&'static str, String, f64)> {
    let (a, b) = (then.value?, now.value?);
    let (format, delta) = match Format::for_column(column, &arrow::datatypes::DataType::Float64) {
        Format::Percent => (Format::PointsDifference, (b - a) * 100.0),
        _ => (Format::Ratio, b - a),
    };
    let text = match format {
        Format::Ratio => format!("{delta:+.2}"),
        f => f.show(delta),
    };
    let zero = match format {
        Format::Ratio => format!("{:+.2}", 0.0),
        f => f.show(0.0),
    };
    let arrow = if text == zero || text == zero.replace('+', "-") {
        "="
    } else if delta > 0.0 {
        "▲"
    } else {
        "▼"
    };
    Some((arrow, text, delta))
}

fn date_label(m: &Manifest) -> String {
    reporting_date(m).map_or_else(|| format!("run {}", m.run_id), |d| d.to_string())
}

/// The changes figure (one row per headline figure: previous, now, change) and each key
/// figure's change line.
pub(super) fn changes_figure(
    ctx: &Ctx,
    previous: &PreviousSearch,
    audience: Audience,
    key_figures: &mut [KeyFigure],
) -> Figure {
    let now_label = date_label(ctx.manifest);
    let (then_label, notes, prev_ctx) = match previous {
        PreviousSearch::Found(p) => (
            date_label(&p.manifest),
            vec![format!(
                "Previous: run {} (reporting date {}), its {} tables. ▲ up, ▼ down, = no change at the precision shown; \
                 arrows give the direction only, not whether it is better or worse.",
                p.manifest.run_id,
                date_label(&p.manifest),
                audience.tables_folder()
            )],
            Some(Ctx::new(&p.manifest, &p.tables)),
        ),
        PreviousSearch::NotFound(why) => (
            "the previous month".to_string(),
            vec![format!("No change shown: {why}.")],
            None,
        ),
    };
    let columns = [
        ("Figure", false),
        (then_label.as_str(), true),
        (now_label.as_str(), true),
        ("Change", true),
    ];
    let mut table = DataTable::new(
        format!("Headline figures: {then_label} and {now_label}"),
        &columns,
    );
    for def in KEY_FIGURES {
        let now = key_figure_cell(ctx, def)
            .unwrap_or_else(|| Cell::no_figure("n/a", Some("not in this run".into())));
        let then = match &prev_ctx {
            Some(p) => key_figure_cell(p, def)
                .map(|c| Cell { src: None, ..c })
                .unwrap_or_else(|| Cell::no_figure("n/a", Some("not in the previous run".into()))),
            None => Cell::no_figure("n/a", Some("no previous run".into())),
        };
        let delta = change(def.column, &then, &now);
        let delta_cell = match &delta {
            Some((arrow, text, value)) => Cell {
                text: format!("{arrow} {text}"),
                ..Cell::constant(*value, Format::Ratio)
            },
            None => Cell::no_figure(
                "n/a",
                Some("no change: a figure is suppressed or not available".into()),
            ),
        };
        if let (Some((arrow, text, _)), Some(k)) =
            (&delta, key_figures.iter_mut().find(|k| k.label == def.label))
        {
            k.change = Some(format!("{arrow} {text} since {then_label}"));
        }
        table
            .rows
            .push(vec![Cell::label(def.label), then, now, delta_cell]);
    }
    let title = format!("What changed since {then_label}");
    headline_table_figure(ctx, "changes", title, table, notes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_points_for_rates_with_arrows_at_the_precision_shown() {
        let cell = |v: f64| Cell::constant(v, Format::Percent);
        // 0.1250 -> 0.1375: +1.25 pp, shown to one decimal as +1.3 pp (Rust rounds half to even
        // on the binary value: 1.2500000000000011 -> 1.3).
        let (arrow, text, _) = change("vacancy_rate", &cell(0.125), &cell(0.1375)).expect("both figures");
        assert_eq!((arrow, text.as_str()), ("▲", "+1.3 pp"));
        let (arrow, text, _) = change("bme_share", &cell(0.3), &cell(0.2)).expect("both figures");
        assert_eq!((arrow, text.as_str()), ("▼", "-10.0 pp"));
        // 0.00001 of a share is 0.001 pp: no change at one decimal.
        let (arrow, _, _) = change("bme_share", &cell(0.3), &cell(0.30001)).expect("both figures");
        assert_eq!(arrow, "=");
        let suppressed = Cell::no_figure("suppressed", None);
        assert!(change("bme_share", &suppressed, &cell(0.2)).is_none());
    }
}
