//! `talent_pool`: the leadership talent pools of each organisation, one file per region.

use std::path::Path;

use rand::Rng;
use talentpipe_contract::TALENT_POOL;

use super::{PERSON_DEFECTS, create_region_file, kind_rng, write_person_row};
use crate::reference::{
    B_8A, B_8C, B_MEDICAL, B_VSM, DISABILITIES, G_ADMIN, G_MEDICAL, G_NURSING, GENDERS, N_CRITICAL,
    PROGRAMMES, critical_code, is_clinical,
};
use crate::rng::{chance, pick, pick_weighted};
use crate::workforce::Workforce;
use crate::{GeneratedFile, K_TALENT, Result};

/// Leadership talent pools at each organisation's latest snapshot (the month of its latest
/// ESR snapshot): 4-10 people per critical role per organisation, drawn from staff at Bands
/// 8c-VSM (consultants for Medical Director; for Director of Nursing, Finance or People,
/// Bands 8a/8b of the matching staff group join when the organisation has fewer than four
/// such staff at 8c and above).
pub fn write(wf: &Workforce, root: &Path) -> Result<GeneratedFile> {
    let plan = wf.plan;
    let snapshot = |org: usize| &plan.months[wf.latest_sent[org]];
    let mut rng = kind_rng(wf, K_TALENT, 0);
    let (mut out, mut dirt) = create_region_file(wf, root, &TALENT_POOL, K_TALENT)?;
    let mut by_org: Vec<Vec<usize>> = vec![Vec::new(); wf.orgs.len()];
    let mut consultants: Vec<Vec<usize>> = vec![Vec::new(); wf.orgs.len()];
    let mut middle: Vec<Vec<usize>> = vec![Vec::new(); wf.orgs.len()];
    for (i, p) in wf.persons.iter().enumerate() {
        if !p.in_post_at_end(snapshot(p.org as usize)) || !p.is_substantive() {
            continue;
        }
        if (B_8C..=B_VSM).contains(&p.band) {
            by_org[p.org as usize].push(i);
        } else if p.band == B_MEDICAL && p.role == "Consultant" {
            consultants[p.org as usize].push(i);
        } else if p.band == B_8A || p.band == B_8A + 1 {
            middle[p.org as usize].push(i);
        }
    }
    for org in 0..wf.orgs.len() {
        for crit in 1..=N_CRITICAL as u8 {
            let mut candidates: Vec<usize> = match critical_code(crit) {
                "MD" => consultants[org]
                    .iter()
                    .chain(by_org[org].iter().filter(|&&i| wf.persons[i].group == G_MEDICAL))
                    .copied()
                    .collect(),
                "DON" => by_org[org]
                    .iter()
                    .filter(|&&i| wf.persons[i].group == G_NURSING)
                    .copied()
                    .collect(),
                "DOF" | "HRD" => by_org[org]
                    .iter()
                    .filter(|&&i| wf.persons[i].group == G_ADMIN)
                    .copied()
                    .collect(),
                _ => by_org[org].clone(),
            };
            candidates.retain(|&i| wf.persons[i].crit != crit);
            let group = match critical_code(crit) {
                "DON" => Some(G_NURSING),
                "DOF" | "HRD" => Some(G_ADMIN),
                _ => None,
            };
            if let Some(g) = group.filter(|_| candidates.len() < 4) {
                candidates.extend(middle[org].iter().filter(|&&i| wf.persons[i].group == g));
            }
            let n = rng.random_range(4..=10usize).min(candidates.len());
            for k in 0..n {
                let j = rng.random_range(k..candidates.len());
                candidates.swap(k, j);
            }
            let mut chosen = candidates[..n].to_vec();
            chosen.sort_unstable();
            for i in chosen {
                let p = &wf.persons[i];
                let level = [("Low", 15u32), ("Moderate", 50), ("High", 35)];
                let performance = pick_weighted(&mut rng, &level);
                let potential = pick_weighted(&mut rng, &[("Low", 20), ("Moderate", 45), ("High", 35)]);
                let readiness = pick_weighted(
                    &mut rng,
                    &[
                        ("Ready now", 20),
                        ("Ready 1-2 years", 35),
                        ("Ready 3-5 years", 30),
                        ("Not ready", 15),
                    ],
                );
                let mobility = pick_weighted(
                    &mut rng,
                    &[("Organisation", 50), ("Region", 35), ("National", 15)],
                );
                let programme = if chance(&mut rng, 0.4) {
                    ""
                } else {
                    pick(&mut rng, &PROGRAMMES)
                };
                let employee = p.emp_no.to_string();
                let mut row = out.row();
                row.set("Snapshot Date", &snapshot(org).end_dmy)
                    .set("Employee Number", &employee)
                    .set("Organisation Code", &wf.orgs[org])
                    .set("Region Code", wf.region.code)
                    .set("Target Role", critical_code(crit))
                    .set("Performance", performance)
                    .set("Potential", potential)
                    .set("Readiness", readiness)
                    .set("Mobility", mobility)
                    .set("Programme", programme)
                    .set("Ethnic Origin", p.ethnic_label())
                    .set("Gender", GENDERS[p.gender as usize])
                    .set("Disability", DISABILITIES[p.disability as usize].0)
                    .set(
                        "Clinical Background",
                        if is_clinical(p.group) { "Y" } else { "N" },
                    );
                write_person_row(&mut out, &mut dirt, row, &PERSON_DEFECTS, "Snapshot Date")?;
            }
        }
    }
    out.finish()
}
