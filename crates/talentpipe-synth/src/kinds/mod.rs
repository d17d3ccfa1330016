//! One module per extract kind, each writing its files from the simulated workforce, and what
//! the person-based kinds share.

pub mod board;
pub mod disciplinary;
pub mod esr_workforce;
pub mod population;
pub mod recruitment;
pub mod staff_survey;
pub mod talent_pool;
pub mod training;
pub mod vacancies;

use rand_chacha::ChaCha8Rng;

use crate::Result;
use crate::defects::{BAD_DATE, BAD_ETHNIC, Defect, Dirt};
use crate::rng::{P_KIND, stream};
use crate::workforce::{Person, Workforce};
use crate::writer::{CsvFile, Row};

/// The random stream of one extract kind (`kind`: its position in [`crate::KINDS`]) of the
/// workforce's region; `sub` tells files of one kind apart.
pub fn kind_rng(wf: &Workforce, kind: usize, sub: u64) -> ChaCha8Rng {
    stream(wf.plan.seed, wf.region.code, P_KIND + kind as u64 * 1000 + sub)
}

/// The defects of a row of a person-based extract (disciplinary, training, talent pool).
const PERSON_DEFECTS: [Defect; 3] = [Defect::BadDate, Defect::UnknownEthnic, Defect::EmptyOrg];

/// The days of `[from, to]` during which `p` was in post, if any.
pub fn overlap(p: &Person, from: i32, to: i32) -> Option<(i32, i32)> {
    let lo = p.start.max(from);
    let hi = if p.term == 0 { to } else { p.term.min(to) };
    (lo <= hi).then_some((lo, hi))
}

/// Writes one clean row of a person-based extract, or gives it one of [`PERSON_DEFECTS`]: a
/// bad date in the column headed `date`, an unknown code in Ethnic Origin, or an empty
/// Organisation Code.
pub fn write_person_row(out: &mut CsvFile, dirt: &mut Dirt, mut row: Row, date: &'static str) -> Result<()> {
    let defect = dirt.next(&PERSON_DEFECTS);
    match defect {
        Some(Defect::BadDate) => row.set(date, BAD_DATE),
        Some(Defect::UnknownEthnic) => row.set("Ethnic Origin", BAD_ETHNIC),
        Some(_) => row.set("Organisation Code", ""),
        None => &mut row,
    };
    out.write(&row, defect.is_some())
}
