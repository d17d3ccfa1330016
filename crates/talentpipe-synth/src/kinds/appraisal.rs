//! `appraisal`: appraisal events (annual appraisals and interim reviews), one file per region.
//!
//! Written from the simulated workforce like the other person-based kinds, on a random stream
//! of its own ([`crate::K_APPRAISAL`]), so adding it changed no other kind's bytes. The extract
//! carries no protected characteristics: the metrics take them from ESR through the employee
//! number, so the gaps below are visible only after that join.

use std::path::Path;

use rand_chacha::ChaCha8Rng;
use talentpipe_contract::APPRAISAL;

use super::{create_region_file, kind_rng, overlap, write_person_row};
use crate::dates::iso;
use crate::defects::Defect;
use crate::reference::{B_8A, B_MEDICAL, DISABILITIES, G_FEMALE, Wres};
use crate::rng::{chance, day_between, pick_weighted};
use crate::workforce::{Person, Workforce};
use crate::{GeneratedFile, K_APPRAISAL, Result};

/// The defects of an appraisal row: a bad Appraisal Date, an empty Organisation Code or a rating
/// from another scale.
const DEFECTS: [Defect; 3] = [Defect::BadDate, Defect::EmptyOrg, Defect::UnknownRating];

/// Chance that a substantive person in post for at least [`MIN_DAYS_IN_YEAR`] days of an
/// appraisal year has their annual appraisal in it (NHS trusts report appraisal rates of about
/// 80-90%), before the group factors of [`coverage_factor`].
const P_ANNUAL: f64 = 0.90;
/// Days in post within an appraisal year below which nobody is appraised in it.
const MIN_DAYS_IN_YEAR: i32 = 90;
/// Days after starting before a first appraisal.
const FIRST_APPRAISAL_AFTER: i32 = 60;

/// Rating of an annual appraisal (an empty rating: none given).
const ANNUAL_RATINGS: [(&str, u32); 5] = [
    ("Outstanding", 12),
    ("Good", 68),
    ("Requires improvement", 7),
    ("Not rated", 8),
    ("", 5),
];
/// Rating of an interim review: mostly none given.
const INTERIM_RATINGS: [(&str, u32); 4] = [
    ("Good", 12),
    ("Requires improvement", 3),
    ("Not rated", 5),
    ("", 80),
];

/// One appraisal event of a person.
struct Event {
    day: i32,
    interim: bool,
    talent_conversation: bool,
    rating: &'static str,
    career_aspiration: bool,
}

/// Appraisals in the two appraisal years to the last snapshot (365 days each, the latest ending
/// on it): substantive staff only (Bank, Locum and Honorary staff have none). Each year a person
/// in post for at least 90 days of it has an annual appraisal with a chance of about 0.9,
/// a little lower for BME (x0.93), Disabled (x0.90) and unknown-ethnicity (x0.95) staff; about 12%
/// of those appraised also have an interim review four to seven months later, and about 3% of the
/// others have only an interim review. A talent conversation is held at about 45% of appraisals
/// (65% at Band 8a and above), less often for BME (x0.80), Disabled (x0.85) and female (x0.95)
/// staff; a career aspiration is recorded at 75% of those and 12% of the others.
pub fn write(wf: &Workforce, root: &Path) -> Result<GeneratedFile> {
    let last_end = wf.plan.last().end;
    let mut rng = kind_rng(wf, K_APPRAISAL, 0);
    let (mut out, mut dirt) = create_region_file(wf, root, &APPRAISAL, K_APPRAISAL)?;
    let mut events: Vec<Event> = Vec::new();
    for p in &wf.persons {
        if !p.is_substantive() {
            continue;
        }
        events.clear();
        for year in (0..2).rev() {
            let (from, to) = (last_end - 365 * (year + 1) + 1, last_end - 365 * year);
            let Some((lo, hi)) = overlap(p, from, to) else {
                continue;
            };
            let lo = lo.max(p.start + FIRST_APPRAISAL_AFTER);
            if hi - lo < MIN_DAYS_IN_YEAR {
                continue;
            }
            let factor = coverage_factor(p);
            if chance(&mut rng, P_ANNUAL * factor) {
                let day = day_between(&mut rng, lo, hi);
                events.push(event(&mut rng, p, day, false));
                if chance(&mut rng, 0.12) {
                    let later = day + day_between(&mut rng, 120, 210);
                    if later <= hi {
                        events.push(event(&mut rng, p, later, true));
                    }
                }
            } else if chance(&mut rng, 0.03) {
                let day = day_between(&mut rng, lo, hi);
                events.push(event(&mut rng, p, day, true));
            }
        }
        for e in &events {
            let (employee, day) = (p.emp_no.to_string(), iso(e.day));
            let flag = |b: bool| if b { "Y" } else { "N" };
            let mut row = out.row();
            row.set("Organisation Code", &wf.orgs[p.org as usize])
                .set("Employee Number", &employee)
                .set("Appraisal Date", &day)
                .set("Appraisal Type", if e.interim { "Interim" } else { "Annual" })
                .set("Talent Conversation Held", flag(e.talent_conversation))
                .set("Rating", e.rating)
                .set("Career Aspiration Recorded", flag(e.career_aspiration));
            write_person_row(&mut out, &mut dirt, row, &DEFECTS, "Appraisal Date")?;
        }
    }
    out.finish()
}

/// How much less often than the base chance a person's group is appraised: the gaps staff
/// surveys report (BME and Disabled staff a little less often appraised).
fn coverage_factor(p: &Person) -> f64 {
    let ethnicity = match p.wres() {
        Wres::White => 1.0,
        Wres::Bme => 0.93,
        Wres::Unknown => 0.95,
    };
    ethnicity * if is_disabled(p) { 0.90 } else { 1.0 }
}

fn is_disabled(p: &Person) -> bool {
    DISABILITIES[p.disability as usize].0 == "Yes"
}

/// One appraisal on `day`: its talent conversation, rating and career aspiration.
fn event(rng: &mut ChaCha8Rng, p: &Person, day: i32, interim: bool) -> Event {
    // Band 8a to VSM.
    let senior = (B_8A..B_MEDICAL).contains(&p.band);
    let mut p_talk = if senior { 0.65 } else { 0.45 };
    p_talk *= match p.wres() {
        Wres::Bme => 0.80,
        _ => 1.0,
    };
    if is_disabled(p) {
        p_talk *= 0.85;
    }
    if p.gender == G_FEMALE {
        p_talk *= 0.95;
    }
    let talent_conversation = chance(rng, p_talk);
    let rating = if interim {
        pick_weighted(rng, &INTERIM_RATINGS)
    } else {
        pick_weighted(rng, &ANNUAL_RATINGS)
    };
    let career_aspiration = chance(rng, if talent_conversation { 0.75 } else { 0.12 });
    Event {
        day,
        interim,
        talent_conversation,
        rating,
        career_aspiration,
    }
}
