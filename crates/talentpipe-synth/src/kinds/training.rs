//! `training`: training and CPD episodes, one file per region.

use std::path::Path;

use rand::Rng;
use talentpipe_contract::TRAINING;

use super::{PERSON_DEFECTS, create_region_file, kind_rng, overlap, write_person_row};
use crate::dates::iso;
use crate::reference::{C_HONORARY, Wres};
use crate::rng::{chance, day_between};
use crate::workforce::Workforce;
use crate::{GeneratedFile, K_TRAINING, Result};

/// Training episodes in the 2 years to the last snapshot: mandatory training about 1.5 a
/// year each; non-mandatory CPD accessed by about half of White staff a year and slightly
/// fewer BME staff.
pub fn write(wf: &Workforce, root: &Path) -> Result<GeneratedFile> {
    let plan = wf.plan;
    let last_end = plan.last().end;
    let mut rng = kind_rng(wf, K_TRAINING, 0);
    let (mut out, mut dirt) = create_region_file(wf, root, &TRAINING, K_TRAINING)?;
    let mut episodes: Vec<(i32, bool)> = Vec::new();
    for p in &wf.persons {
        if p.cat == C_HONORARY {
            continue;
        }
        episodes.clear();
        for year in 0..2 {
            let (from, to) = (last_end - 365 * (year + 1) + 1, last_end - 365 * year);
            let Some((lo, hi)) = overlap(p, from, to) else {
                continue;
            };
            if hi - lo < 30 {
                continue;
            }
            let share = f64::from(hi - lo + 1) / 365.0;
            let mandatory = (1.5 * share + rng.random::<f64>()) as u32;
            for _ in 0..mandatory {
                episodes.push((day_between(&mut rng, lo, hi), false));
            }
            let p_cpd = match p.wres() {
                Wres::White => 0.50,
                Wres::Bme => 0.44,
                Wres::Unknown => 0.47,
            };
            if chance(&mut rng, p_cpd * share) {
                episodes.push((day_between(&mut rng, lo, hi), true));
                if chance(&mut rng, 0.35) {
                    episodes.push((day_between(&mut rng, lo, hi), true));
                }
            }
        }
        episodes.sort_unstable();
        for &(day, cpd) in &episodes {
            let (employee, day) = (p.emp_no.to_string(), iso(day));
            let mut row = out.row();
            row.set("Employee Number", &employee)
                .set("Organisation Code", &wf.orgs[p.org as usize])
                .set("Ethnic Origin", p.ethnic_label())
                .set("Course Type", if cpd { "Non-mandatory" } else { "Mandatory" })
                .set("Start Date", &day);
            write_person_row(&mut out, &mut dirt, row, &PERSON_DEFECTS, "Start Date")?;
        }
    }
    out.finish()
}
