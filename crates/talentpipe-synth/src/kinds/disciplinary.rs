//! `disciplinary`: cases entering the formal process, one file per region.

use std::path::Path;

use talentpipe_contract::DISCIPLINARY;

use super::{PERSON_DEFECTS, create_region_file, kind_rng, overlap, write_person_row};
use crate::dates::iso;
use crate::reference::{C_BANK, C_HONORARY, Wres};
use crate::rng::{chance, day_between};
use crate::workforce::Workforce;
use crate::{GeneratedFile, K_DISCIPLINARY, Result};

/// Cases entering the formal disciplinary process in the 3 years to the last snapshot:
/// about 1.2% of staff a year, BME staff 1.4 times as likely as White staff.
pub fn write(wf: &Workforce, root: &Path) -> Result<GeneratedFile> {
    let plan = wf.plan;
    let last_end = plan.last().end;
    let from = last_end - 3 * 365;
    let mut rng = kind_rng(wf, K_DISCIPLINARY, 0);
    let (mut out, mut dirt) = create_region_file(wf, root, &DISCIPLINARY, K_DISCIPLINARY)?;
    let mut cases: Vec<(i32, u32, usize)> = Vec::new();
    for (i, p) in wf.persons.iter().enumerate() {
        if p.cat == C_HONORARY || p.cat == C_BANK {
            continue;
        }
        let Some((lo, hi)) = overlap(p, from, last_end) else {
            continue;
        };
        let factor = match p.wres() {
            Wres::White => 1.0,
            Wres::Bme => 1.4,
            Wres::Unknown => 1.1,
        };
        let years = f64::from(hi - lo + 1) / 365.25;
        if chance(&mut rng, 0.012 * years * factor) {
            cases.push((day_between(&mut rng, lo, hi), p.emp_no, i));
        }
    }
    cases.sort_unstable();
    let mut seq = vec![0u32; wf.orgs.len()];
    for (day, _, i) in cases {
        let p = &wf.persons[i];
        seq[p.org as usize] += 1;
        let org = &wf.orgs[p.org as usize];
        let (case, employee, day) = (
            format!("DC-{org}-{:05}", seq[p.org as usize]),
            p.emp_no.to_string(),
            iso(day),
        );
        let mut row = out.row();
        row.set("Case Reference", &case)
            .set("Organisation Code", org)
            .set("Employee Number", &employee)
            .set("Ethnic Origin", p.ethnic_label())
            .set("Date Entered Formal Process", &day);
        write_person_row(
            &mut out,
            &mut dirt,
            row,
            &PERSON_DEFECTS,
            "Date Entered Formal Process",
        )?;
    }
    out.finish()
}
