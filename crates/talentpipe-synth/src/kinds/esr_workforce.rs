//! `esr_workforce`: one file per region per snapshot month, one row per assignment of everyone
//! in post at some point of the month (termination date and leaving reason only in the month
//! they leave).

use std::path::Path;

use talentpipe_contract::ESR_WORKFORCE;

use crate::dates::{fmt_dmy, fmt_u32, fte_text};
use crate::defects::{BAD_DATE, BAD_ETHNIC, Defect};
use crate::reference::{
    CATEGORIES, DISABILITIES, GENDERS, GROUPS, LEAVING_REASONS, band_name, critical_code,
};
use crate::workforce::Workforce;
use crate::{GeneratedFile, K_ESR, Result};

const DEFECTS: [Defect; 7] = [
    Defect::BadDate,
    Defect::UnknownEthnic,
    Defect::EmptyOrg,
    Defect::EmptyBand,
    Defect::FteZero,
    Defect::FteHigh,
    Defect::Duplicate,
];

/// Writes the snapshot of month `m` (index into the plan's months).
pub fn write_month(wf: &Workforce, m: usize, root: &Path) -> Result<GeneratedFile> {
    let plan = wf.plan;
    let month = &plan.months[m];
    let name = format!("{}_{}.csv", wf.region.code, month.label);
    let (mut out, mut dirt) = super::create(wf, root, &ESR_WORKFORCE, (K_ESR, m as u64), &name)?;
    let fte_texts: Vec<String> = (0..=100).map(fte_text).collect();
    let snap = month.end_dmy.as_str();
    let region = wf.region.code;

    let (mut b_emp, mut b_dob, mut b_start, mut b_term) = ([0u8; 10], [0u8; 10], [0u8; 10], [0u8; 10]);
    let mut asg = String::with_capacity(12);
    // Organisations that have not sent this month (late or missing) have no rows in it.
    let persons = wf
        .persons
        .iter()
        .filter(|p| p.present(month) && wf.sent[p.org as usize][m]);
    for p in persons {
        let emp = fmt_u32(p.emp_no, &mut b_emp);
        let dob = fmt_dmy(p.dob, &mut b_dob);
        // Only in the month they leave: a known leaver serving notice has none yet.
        let (term, reason) = if p.term != 0 && p.term <= month.end {
            (fmt_dmy(p.term, &mut b_term), LEAVING_REASONS[p.reason as usize].0)
        } else {
            ("", "")
        };
        let assignments = if p.fte2 > 0 { 2 } else { 1 };
        for k in 1..=assignments {
            asg.clear();
            asg.push_str(emp);
            asg.push_str(if k == 1 { "-1" } else { "-2" });
            let (fte, cat, start) = if k == 1 {
                (p.fte, p.cat, p.start)
            } else {
                (p.fte2, p.cat2, p.start2)
            };
            let start = fmt_dmy(start, &mut b_start);
            let crit = if p.crit > 0 { critical_code(p.crit) } else { "" };
            let mut row = out.row();
            row.set("Snapshot Date", snap)
                .set("Employee Number", emp)
                .set("Assignment Number", &asg)
                .set("Organisation Code", &wf.orgs[p.org as usize])
                .set("Region Code", region)
                .set("Staff Group", GROUPS[p.group as usize])
                .set("Job Role", p.role)
                .set("Critical Role", crit)
                .set("Pay Band", band_name(p.band))
                .set("Ethnic Origin", p.ethnic_label())
                .set("Gender", GENDERS[p.gender as usize])
                .set("Disability", DISABILITIES[p.disability as usize].0)
                .set("Date of Birth", dob)
                .set("FTE", &fte_texts[fte as usize])
                .set("Assignment Category", CATEGORIES[cat as usize])
                .set("Interim", if p.interim { "Y" } else { "N" })
                .set("Start Date", start)
                .set("Termination Date", term)
                .set("Leaving Reason", reason);
            match dirt.next(&DEFECTS) {
                None => out.write(&row, false)?,
                Some(Defect::Duplicate) => {
                    out.write(&row, false)?;
                    out.write(&row, true)?;
                }
                Some(defect) => {
                    match defect {
                        Defect::BadDate => row.set("Start Date", BAD_DATE),
                        Defect::UnknownEthnic => row.set("Ethnic Origin", BAD_ETHNIC),
                        Defect::EmptyOrg => row.set("Organisation Code", ""),
                        Defect::EmptyBand => row.set("Pay Band", ""),
                        Defect::FteZero => row.set("FTE", "0"),
                        _ => row.set("FTE", "1.5"),
                    };
                    out.write(&row, true)?;
                }
            }
        }
    }
    out.finish()
}
