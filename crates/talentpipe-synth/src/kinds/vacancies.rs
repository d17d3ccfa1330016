//! `vacancies`: the posts advertised in a region's organisations (built once: recruitment's
//! applications are to the same vacancies), one file per region.

use std::path::Path;

use chrono::{Datelike, Months};
use rand::Rng;
use talentpipe_contract::VACANCIES;

use super::{create_region_file, kind_rng};
use crate::dates::{date, days, fte_text, iso, opt_iso};
use crate::defects::{BAD_DATE, Defect};
use crate::reference::{B_5, B_8A, B_VSM, GROUPS, band_name, critical_code, critical_job};
use crate::rng::{chance, day_between, pick, pick_weighted};
use crate::workforce::Workforce;
use crate::{GeneratedFile, K_VACANCIES, Result};

/// A vacancy's status as extracted at the last snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Open,
    Filled,
    Withdrawn,
}

/// One advertised post.
#[derive(Debug, Clone)]
pub struct Vacancy {
    pub reference: String,
    pub org: u8,
    pub group: u8,
    pub band: u8,
    pub role: &'static str,
    pub crit: u8,
    /// FTE in hundredths.
    pub fte: u32,
    pub advertised: i32,
    pub closing: i32,
    pub offer: Option<i32>,
    pub start: Option<i32>,
    pub status: Status,
    pub interim_cover: bool,
    pub times: u8,
}

/// Vacancies advertised in the 15 months to the last snapshot: about 9% of each
/// organisation's establishment FTE a year, plus the critical-role vacancies of the
/// simulation. Status as extracted at the last snapshot: 7% Withdrawn; Filled once an offer
/// was made by then, with the planned start date, which may be after it; else Open. Sorted by
/// organisation and advertised date; references `RJ1-2026-00042`.
pub fn build(wf: &Workforce) -> Vec<Vacancy> {
    let plan = wf.plan;
    let last = plan.last();
    let mut rng = kind_rng(wf, K_VACANCIES, 0);
    let window_start = days(
        date(last.end)
            .checked_sub_months(Months::new(15))
            .expect("15 months before a validated end date exists"),
    ) + 1;
    let mut templates: Vec<Vec<usize>> = vec![Vec::new(); wf.orgs.len()];
    let mut establishment = vec![0u64; wf.orgs.len()];
    for (i, p) in wf.persons.iter().enumerate() {
        if p.present(last) && p.is_substantive() {
            establishment[p.org as usize] += u64::from(p.fte);
            if p.crit == 0 && p.nv_seat == 0 {
                templates[p.org as usize].push(i);
            }
        }
    }
    let mut out = Vec::new();
    for (org, posts) in templates.iter().enumerate() {
        if posts.is_empty() {
            continue;
        }
        // Hundredths of FTE to advertise over 15 months.
        let target = establishment[org] * 9 * 15 / (100 * 12);
        let mut advertised_fte = 0u64;
        while advertised_fte < target.max(1) {
            let p = wf.persons[pick(&mut rng, posts)];
            let fte: u32 = if p.band <= B_5 && chance(&mut rng, 0.13) {
                pick(&mut rng, &[200u32, 300, 400])
            } else if chance(&mut rng, 0.17) {
                pick(&mut rng, &[50u32, 60, 80])
            } else {
                100
            };
            advertised_fte += u64::from(fte);
            let advertised = day_between(&mut rng, window_start, last.end);
            let closing = advertised + rng.random_range(14..=28);
            let hard = chance(&mut rng, 0.12);
            let (offer, times) = if hard {
                (
                    closing + rng.random_range(120..=270),
                    pick_weighted(&mut rng, &[(2u8, 60), (3, 40)]),
                )
            } else {
                (
                    closing + rng.random_range(14..=75),
                    pick_weighted(&mut rng, &[(1u8, 80), (2, 20)]),
                )
            };
            let start = offer + rng.random_range(21..=70);
            // Filled once an offer is accepted, with the planned start date: an offer made
            // shortly before the last snapshot starts after it (the post was open then).
            let (status, offer, start) = if chance(&mut rng, 0.07) {
                (Status::Withdrawn, None, None)
            } else if offer <= last.end {
                (Status::Filled, Some(offer), Some(start))
            } else {
                (Status::Open, None, None)
            };
            let interim_cover = p.band >= B_8A && p.band <= B_VSM && chance(&mut rng, 0.1);
            out.push(Vacancy {
                reference: String::new(),
                org: org as u8,
                group: p.group,
                band: p.band,
                role: p.role,
                crit: 0,
                fte,
                advertised,
                closing,
                offer,
                start,
                status,
                interim_cover,
                times,
            });
        }
    }
    // Critical seats: advertised by the last snapshot (a resignation in its last weeks may not
    // be yet); filled once the successor's offer is made, possibly starting after it.
    for v in wf.crit_vacancies.iter().filter(|v| v.advertised <= last.end) {
        let (role, group) = critical_job(v.crit);
        let filled = v.offer <= last.end;
        out.push(Vacancy {
            reference: String::new(),
            org: v.org,
            group,
            band: B_VSM,
            role,
            crit: v.crit,
            fte: 100,
            advertised: v.advertised,
            closing: v.closing,
            offer: filled.then_some(v.offer),
            start: filled.then_some(v.start),
            status: if filled { Status::Filled } else { Status::Open },
            interim_cover: v.interim_cover,
            times: v.times,
        });
    }
    out.sort_by_key(|a| (a.org, a.advertised, a.crit));
    let mut seq = vec![0u32; wf.orgs.len()];
    for v in &mut out {
        seq[v.org as usize] += 1;
        v.reference = format!(
            "{}-{}-{:05}",
            wf.orgs[v.org as usize],
            date(v.advertised).year(),
            seq[v.org as usize]
        );
    }
    out
}

const DEFECTS: [Defect; 5] = [
    Defect::BadDate,
    Defect::EmptyOrg,
    Defect::EmptyBand,
    Defect::FteZero,
    Defect::DatesOutOfOrder,
];

/// Writes the region's vacancies file.
pub fn write(wf: &Workforce, vacancies: &[Vacancy], root: &Path) -> Result<GeneratedFile> {
    let _plan = wf.plan;
    let (mut out, mut dirt) = create_region_file(wf, root, &VACANCIES, K_VACANCIES)?;
    for v in vacancies {
        let (fte, advertised, closing) = (fte_text(v.fte), iso(v.advertised), iso(v.closing));
        let (offer, start, times) = (opt_iso(v.offer), opt_iso(v.start), v.times.to_string());
        let status = match v.status {
            Status::Open => "Open",
            Status::Filled => "Filled",
            Status::Withdrawn => "Withdrawn",
        };
        let mut row = out.row();
        row.set("Vacancy Reference", &v.reference)
            .set("Organisation Code", &wf.orgs[v.org as usize])
            .set("Region Code", wf.region.code)
            .set("Staff Group", GROUPS[v.group as usize])
            .set("Pay Band", band_name(v.band))
            .set("Job Role", v.role)
            .set(
                "Critical Role",
                if v.crit > 0 { critical_code(v.crit) } else { "" },
            )
            .set("FTE", &fte)
            .set("Advertised Date", &advertised)
            .set("Closing Date", &closing)
            .set("Offer Date", &offer)
            .set("Start Date", &start)
            .set("Status", status)
            .set("Interim Cover", if v.interim_cover { "Y" } else { "N" })
            .set("Times Advertised", &times);
        let closing_early = iso(v.advertised - 7);
        let defect = dirt.next(&DEFECTS);
        match defect {
            Some(Defect::BadDate) => row.set("Advertised Date", BAD_DATE),
            Some(Defect::EmptyOrg) => row.set("Organisation Code", ""),
            Some(Defect::EmptyBand) => row.set("Pay Band", ""),
            Some(Defect::FteZero) => row.set("FTE", "0"),
            Some(_) => row.set("Closing Date", &closing_early),
            None => &mut row,
        };
        out.write(&row, defect.is_some())?;
    }
    out.finish()
}
