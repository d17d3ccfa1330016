//! Deterministic synthetic input roots for `talentpipe generate`, tests and benchmarks.
//!
//! [`generate`] writes one folder per extract kind of the contract (`esr_workforce/`,
//! `staff_survey/`, ... `population/` of `EXTRACTS.md`, and `appraisal/`, declared beyond it),
//! with exactly the contract's column headers, for a set of NHS regions. The data are
//! simulated, not sampled from anything real: a workforce per region is created at the first
//! snapshot and carried forward month by month (about 1% of staff leave each month and are
//! replaced in the same post), and every other extract is
//! derived from that simulated workforce so that the extracts join (employee numbers,
//! organisation codes, vacancy references) and the downstream metrics are meaningful:
//! BME share falls with seniority, BME staff report more harassment and discrimination,
//! White applicants are appointed from shortlisting more often, BME and Disabled staff are a
//! little less often appraised and offered talent conversations, and so on.
//!
//! The extracts are as messy as real ones in the ways the metrics must handle:
//! - Late and missing ESR snapshots: in every region one organisation has not sent the last
//!   month (its latest snapshot is a month old), in half of them another has a month missing
//!   mid-history, and in regions of six organisations a third stopped two months before the
//!   end (more than 45 days old). An organisation's board and talent-pool snapshots are dated
//!   like its latest ESR snapshot; the latest snapshot of any organisation is always the last
//!   month.
//! - Critical (board-level) roles turn over at about 20% a year: a holder resigns, serves
//!   three to six months' notice (a known leaver: the seat is advertised while they are still
//!   in post, and ESR sets the termination date only in the month they leave), and is followed
//!   by a permanent successor, often after an interim (`Interim` = `Y` in ESR and on the board).
//!   ESR, board and vacancies agree on every seat.
//! - About half the boards keep members who left in the year listed, with their End Date,
//!   beside their successors.
//! - A vacancy is Filled once an offer is made, with its planned start date: some filled
//!   vacancies start after the last snapshot (they were open on it), critical seats included.
//!
//! Layout: `esr_workforce/<region>_<YYYY-MM>.csv` (one per region per snapshot month),
//! `staff_survey/<region>_<year>.csv` (end year and the year before), and
//! `<kind>/<region>.csv` for every other kind. ESR, board and talent-pool dates are
//! `DD/MM/YYYY`; recruitment, vacancy, disciplinary, training and appraisal dates are ISO.
//!
//! Caveats:
//! - Determinism: the same [`GenerateOptions`] give byte-identical files. Every random
//!   stream is a `ChaCha8Rng` seeded from (seed, region, purpose), so the content of one
//!   extract kind does not depend on which other kinds or regions are generated, and the
//!   clean content does not depend on `dirty` (defects use their own streams).
//! - `people` is the size of each region's workforce at the first snapshot; it stays roughly
//!   constant because leavers are replaced. Each organisation always has its critical-role
//!   seats (one per [`contract::codes::CRITICAL_ROLES`] entry, held, interim or vacant) and one or two
//!   non-voting directors, even when `people` is tiny.
//! - Existing files in `out_dir` are overwritten when their names collide but never deleted.
//! - Defects (`dirty > 0`) each make exactly one row invalid under the contract, so a test
//!   can assert that ingest quarantines exactly [`GeneratedFile::dirty_rows`] rows per file.
//!   The first data row of a file is never made dirty, so no file is entirely invalid.
//! - Memory: one small struct per simulated person (all leavers and joiners are kept, so the
//!   other extracts can refer to them); ESR rows are streamed to the writer month by month.
//!
//! Where things are: `kinds/` holds one file per extract kind (what its rows say, and which
//! defects it gets); the core is `options` (what to generate, validated), `rng` (the random
//! streams), `reference` (the simulated values and their weights), `dates`, `workforce` (the
//! simulated workforce every kind is written from), `defects` and `writer`. The writer takes
//! each kind's columns from the contract crate (`talentpipe_contract`) and every kind sets its
//! cells by header name, so the files follow the contract's declarations; the simulated values
//! are the generator's own, independent of talentpipe's code, so it can serve as the tests'
//! oracle.

mod dates;
mod defects;
mod kinds;
mod options;
mod reference;
mod rng;
mod workforce;
mod writer;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use talentpipe_contract as contract;

pub use options::GenerateOptions;

use options::Plan;
use reference::RegionInfo;
use workforce::Workforce;

/// The ten extract kinds (folder names under the root): the contract's kinds, in its order.
pub const KINDS: [&str; 10] = [
    contract::ESR_WORKFORCE.kind,
    contract::STAFF_SURVEY.kind,
    contract::RECRUITMENT.kind,
    contract::VACANCIES.kind,
    contract::DISCIPLINARY.kind,
    contract::TRAINING.kind,
    contract::BOARD.kind,
    contract::TALENT_POOL.kind,
    contract::POPULATION.kind,
    contract::APPRAISAL.kind,
];

// Each kind's position in [`KINDS`]: it also numbers the kind's random streams, so changing one
// changes the generated data.
const K_ESR: usize = 0;
const K_SURVEY: usize = 1;
const K_RECRUITMENT: usize = 2;
const K_VACANCIES: usize = 3;
const K_DISCIPLINARY: usize = 4;
const K_TRAINING: usize = 5;
const K_BOARD: usize = 6;
const K_TALENT: usize = 7;
const K_POPULATION: usize = 8;
const K_APPRAISAL: usize = 9;

/// What [`generate`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenerateSummary {
    /// Every CSV written, in writing order (region, kind, month or year).
    pub files: Vec<GeneratedFile>,
}

/// One CSV written by [`generate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Extract kind (folder name), e.g. `esr_workforce`.
    pub kind: String,
    /// Full path of the file.
    pub path: PathBuf,
    /// Data rows written (header excluded, duplicated defect rows included).
    pub rows: u64,
    /// Rows given a defect: each is invalid under the contract, every other row is valid.
    pub dirty_rows: u64,
}

/// Why [`generate`] failed.
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    /// The options cannot be honoured (unknown region or kind, `dirty` outside 0..=1, ...).
    #[error("invalid generate option: {0}")]
    InvalidOption(String),
    /// A folder or file could not be created or written.
    #[error("cannot write {}: {source}", .path.display())]
    Io {
        /// The folder or file involved.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The CSV writer failed.
    #[error("cannot write CSV {}: {source}", .path.display())]
    Csv {
        /// The file involved.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: csv::Error,
    },
    /// The generator and the contract disagree on a kind's columns (a column the contract
    /// declares that the generator does not fill, or a header the contract does not declare).
    #[error("the generator does not follow the contract for {kind}: {message}")]
    Contract {
        /// The extract kind.
        kind: &'static str,
        /// What disagrees.
        message: String,
    },
}

type Result<T> = std::result::Result<T, GenerateError>;

/// Writes a synthetic input root under `out_dir`: `<out_dir>/<kind>/*.csv` for the chosen
/// kinds and regions. ESR has one file per region per snapshot month
/// (`esr_workforce/Y56_2026-10.csv`), the staff survey one per region per survey year
/// (`staff_survey/Y56_2026.csv`, for the end year and the year before), every other kind
/// one per region (`vacancies/Y56.csv`; the board file holds each organisation's latest
/// snapshot and the one twelve months before the last). Organisations that sent no ESR
/// snapshot for a month have no rows in that month's file.
///
/// Deterministic: the same options give byte-identical files.
pub fn generate(
    opts: &GenerateOptions,
    out_dir: &Path,
) -> std::result::Result<GenerateSummary, GenerateError> {
    let plan = Plan::new(opts)?;
    let mut files = Vec::new();
    for &region in &plan.regions {
        generate_region(&plan, region, out_dir, &mut files)?;
    }
    Ok(GenerateSummary { files })
}

fn generate_region(
    plan: &Plan,
    region: &'static RegionInfo,
    root: &Path,
    files: &mut Vec<GeneratedFile>,
) -> Result<()> {
    let needs_workforce = (0..KINDS.len()).any(|k| k != K_POPULATION && plan.kinds[k]);
    if needs_workforce {
        let mut wf = Workforce::new(plan, region);
        wf.populate()?;
        for m in 0..plan.months.len() {
            wf.advance(m)?;
            if plan.kinds[K_ESR] {
                files.push(kinds::esr_workforce::write_month(&wf, m, root)?);
            }
        }
        if plan.kinds[K_SURVEY] {
            for (i, back) in [12u32, 0].into_iter().enumerate() {
                files.push(kinds::staff_survey::write(&wf, i as u64, back, root)?);
            }
        }
        let vacancies = if plan.kinds[K_RECRUITMENT] || plan.kinds[K_VACANCIES] {
            kinds::vacancies::build(&wf)
        } else {
            Vec::new()
        };
        if plan.kinds[K_RECRUITMENT] {
            files.push(kinds::recruitment::write(&wf, &vacancies, root)?);
        }
        if plan.kinds[K_VACANCIES] {
            files.push(kinds::vacancies::write(&wf, &vacancies, root)?);
        }
        if plan.kinds[K_DISCIPLINARY] {
            files.push(kinds::disciplinary::write(&wf, root)?);
        }
        if plan.kinds[K_TRAINING] {
            files.push(kinds::training::write(&wf, root)?);
        }
        if plan.kinds[K_BOARD] {
            files.push(kinds::board::write(&wf, root)?);
        }
        if plan.kinds[K_TALENT] {
            files.push(kinds::talent_pool::write(&wf, root)?);
        }
        if plan.kinds[K_APPRAISAL] {
            files.push(kinds::appraisal::write(&wf, root)?);
        }
    }
    if plan.kinds[K_POPULATION] {
        files.push(kinds::population::write(region, root)?);
    }
    Ok(())
}
