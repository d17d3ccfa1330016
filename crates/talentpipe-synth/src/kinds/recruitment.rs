//! `recruitment`: the applications to the region's vacancies, one file per region.

use std::path::Path;

use rand::Rng;
use talentpipe_contract::RECRUITMENT;

use super::vacancies::{Status, Vacancy};
use super::{create_region_file, kind_rng};
use crate::dates::iso;
use crate::defects::{BAD_DATE, BAD_ETHNIC, Defect};
use crate::reference::{B_7, B_MEDICAL, B_NON_AFC, DISABILITIES, ETHNIC, Wres};
use crate::rng::{chance, day_between, draw_ethnic, pick_weighted, weighted};
use crate::workforce::Workforce;
use crate::{GeneratedFile, K_RECRUITMENT, Result};

const DEFECTS: [Defect; 3] = [Defect::BadDate, Defect::UnknownEthnic, Defect::EmptyOrg];
const DEFECTS_NOT_SHORTLISTED: [Defect; 4] = [
    Defect::BadDate,
    Defect::UnknownEthnic,
    Defect::EmptyOrg,
    Defect::AppointedNotShortlisted,
];

struct Application {
    applicant: u32,
    day: i32,
    ethnic: u8,
    disability: u8,
    shortlisted: bool,
    appointed: bool,
}

/// Applications to the vacancies: BME applicants are shortlisted less often, and
/// appointed from the shortlist with weight 1.0 against 2.2 for White applicants, which
/// (small shortlists dilute it) gives a relative likelihood of appointment from
/// shortlisting of about 1.5 overall.
pub fn write(wf: &Workforce, vacancies: &[Vacancy], root: &Path) -> Result<GeneratedFile> {
    let plan = wf.plan;
    let last_end = plan.last().end;
    let mut rng = kind_rng(wf, K_RECRUITMENT, 0);
    let (mut out, mut dirt) = create_region_file(wf, root, &RECRUITMENT, K_RECRUITMENT)?;
    let p_bme_applicant = (0.4 * wf.region.bme_factor).min(0.8);
    let mut applicant_seq = vec![0u32; wf.orgs.len()];
    let mut apps: Vec<Application> = Vec::new();
    for v in vacancies {
        let n = if v.crit > 0 {
            rng.random_range(3..=10u32)
        } else if v.band <= 3 {
            rng.random_range(8..=40)
        } else if v.band <= B_7 || v.band == B_MEDICAL || v.band == B_NON_AFC {
            rng.random_range(4..=20)
        } else {
            rng.random_range(3..=12)
        };
        let last_day = v.closing.min(last_end);
        apps.clear();
        for _ in 0..n {
            let day = day_between(&mut rng, v.advertised, last_day);
            let ethnic = draw_ethnic(&mut rng, p_bme_applicant, 0.05);
            let p_short = match ETHNIC[ethnic as usize].1 {
                Wres::White => 0.36,
                Wres::Bme => 0.27,
                Wres::Unknown => 0.30,
            };
            let shortlisted = chance(&mut rng, p_short);
            let disability = pick_weighted(&mut rng, &[(0u8, 80), (1, 850), (2, 20), (4, 30), (5, 20)]);
            applicant_seq[v.org as usize] += 1;
            apps.push(Application {
                applicant: applicant_seq[v.org as usize],
                day,
                ethnic,
                disability,
                shortlisted,
                appointed: false,
            });
        }
        if v.status == Status::Filled {
            if !apps.iter().any(|a| a.shortlisted) {
                let i = rng.random_range(0..apps.len());
                apps[i].shortlisted = true;
            }
            let posts = (v.fte as usize).div_ceil(100).max(1);
            for _ in 0..posts {
                let weights: Vec<u32> = apps
                    .iter()
                    .map(
                        |a| match (a.shortlisted && !a.appointed, ETHNIC[a.ethnic as usize].1) {
                            (false, _) => 0,
                            (true, Wres::White) => 22,
                            (true, Wres::Bme) => 10,
                            (true, Wres::Unknown) => 15,
                        },
                    )
                    .collect();
                if weights.iter().all(|&w| w == 0) {
                    break;
                }
                let i = weighted(&mut rng, &weights);
                apps[i].appointed = true;
            }
        }
        apps.sort_by_key(|a| (a.day, a.applicant));
        let org = wf.orgs[v.org as usize].as_str();
        for a in &apps {
            let applicant = format!("APP-{org}-{:06}", a.applicant);
            let day = iso(a.day);
            let mut row = out.row();
            row.set("Vacancy Reference", &v.reference)
                .set("Organisation Code", org)
                .set("Applicant ID", &applicant)
                .set("Application Date", &day)
                .set("Ethnic Origin", ETHNIC[a.ethnic as usize].0)
                .set("Disability", DISABILITIES[a.disability as usize].0)
                .set("Shortlisted", if a.shortlisted { "Y" } else { "N" })
                .set("Appointed", if a.appointed { "Y" } else { "N" });
            let options: &[Defect] = if a.shortlisted {
                &DEFECTS
            } else {
                &DEFECTS_NOT_SHORTLISTED
            };
            let defect = dirt.next(options);
            match defect {
                Some(Defect::BadDate) => row.set("Application Date", BAD_DATE),
                Some(Defect::UnknownEthnic) => row.set("Ethnic Origin", BAD_ETHNIC),
                Some(Defect::EmptyOrg) => row.set("Organisation Code", ""),
                Some(_) => row.set("Appointed", "Y"),
                None => &mut row,
            };
            out.write(&row, defect.is_some())?;
        }
    }
    out.finish()
}
