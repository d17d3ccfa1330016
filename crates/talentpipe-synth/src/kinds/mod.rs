//! One module per extract kind, each writing its files from the simulated workforce, and what
//! the person-based kinds share.

pub mod appraisal;
pub mod board;
pub mod disciplinary;
pub mod esr_workforce;
pub mod population;
pub mod recruitment;
pub mod staff_survey;
pub mod talent_pool;
pub mod training;
pub mod vacancies;

use std::path::Path;

use rand_chacha::ChaCha8Rng;
use talentpipe_contract::ExtractSpec;

use crate::Result;
use crate::defects::{BAD_DATE, BAD_ETHNIC, BAD_RATING, Defect, Dirt};
use crate::rng::{P_KIND, stream};
use crate::workforce::{Person, Workforce};
use crate::writer::{CsvFile, Row};

/// The random stream of one extract kind (`kind`: its position in [`crate::KINDS`]) of the
/// workforce's region; `sub` tells files of one kind apart.
pub fn kind_rng(wf: &Workforce, kind: usize, sub: u64) -> ChaCha8Rng {
    stream(wf.plan.seed, wf.region.code, P_KIND + kind as u64 * 1000 + sub)
}

/// Creates file `name` of a kind (`spec`; `kind`: its position in [`crate::KINDS`]) for the
/// workforce's region, with the defect stream of that file (`file` tells a kind's files apart).
pub fn create(
    wf: &Workforce,
    root: &Path,
    spec: &'static ExtractSpec,
    (kind, file): (usize, u64),
    name: &str,
) -> Result<(CsvFile, Dirt)> {
    let out = CsvFile::create(root, spec, name)?;
    let dirt = Dirt::new(wf.plan.seed, wf.region.code, kind, file, wf.plan.dirty);
    Ok((out, dirt))
}

/// [`create`] for a kind written as one file per region, `<kind>/<region>.csv`.
pub fn create_region_file(
    wf: &Workforce,
    root: &Path,
    spec: &'static ExtractSpec,
    kind: usize,
) -> Result<(CsvFile, Dirt)> {
    create(wf, root, spec, (kind, 0), &format!("{}.csv", wf.region.code))
}

/// The defects of a row of a person-based extract (disciplinary, training, talent pool, board).
pub const PERSON_DEFECTS: [Defect; 3] = [Defect::BadDate, Defect::UnknownEthnic, Defect::EmptyOrg];

/// The days of `[from, to]` during which `p` was in post, if any.
pub fn overlap(p: &Person, from: i32, to: i32) -> Option<(i32, i32)> {
    let lo = p.start.max(from);
    let hi = if p.term == 0 { to } else { p.term.min(to) };
    (lo <= hi).then_some((lo, hi))
}

/// Writes one clean row of a person-based extract, or gives it one of `defects` (some of
/// [`PERSON_DEFECTS`], or for appraisal an unknown Rating): a bad date in the column headed
/// `date`, an unknown code in Ethnic Origin (or Rating), or an empty Organisation Code.
pub fn write_person_row(
    out: &mut CsvFile,
    dirt: &mut Dirt,
    mut row: Row,
    defects: &[Defect],
    date: &'static str,
) -> Result<()> {
    let defect = dirt.next(defects);
    match defect {
        Some(Defect::BadDate) => row.set(date, BAD_DATE),
        Some(Defect::UnknownEthnic) => row.set("Ethnic Origin", BAD_ETHNIC),
        Some(Defect::UnknownRating) => row.set("Rating", BAD_RATING),
        Some(_) => row.set("Organisation Code", ""),
        None => &mut row,
    };
    out.write(&row, defect.is_some())
}
