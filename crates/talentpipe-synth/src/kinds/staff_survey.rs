//! `staff_survey`: one file per region per survey year (the end year and the year before), one
//! row per respondent among the substantive staff in post then. BME staff report more
//! harassment and discrimination and less belief in equal opportunities.

use std::path::Path;

use chrono::Datelike;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use talentpipe_contract::STAFF_SURVEY;

use super::kind_rng;
use crate::dates::date;
use crate::defects::{BAD_ETHNIC, Defect};
use crate::reference::{GENDERS, GROUPS, HARASSMENT_OTHER, Wres};
use crate::rng::{chance, pick_weighted};
use crate::workforce::Workforce;
use crate::{GeneratedFile, K_SURVEY, Result};

/// The question columns, in the order their answers are drawn.
const QUESTIONS: [&str; 6] = [
    "harassment_public",
    "harassment_manager",
    "harassment_colleagues",
    "equal_opportunities",
    "discrimination_public",
    "discrimination_staff",
];

const DEFECTS: [Defect; 2] = [Defect::UnknownEthnic, Defect::EmptyOrg];

/// Survey ethnic group for an ESR label (by NHS category letter).
fn survey_group(label: &str) -> Option<&'static str> {
    Some(match label.as_bytes().first()? {
        b'A'..=b'C' => "White",
        b'D'..=b'G' => "Mixed / Multiple ethnic groups",
        b'H'..=b'L' => "Asian / Asian British",
        b'M'..=b'P' => "Black / African / Caribbean / Black British",
        b'R' => "Chinese",
        b'S' => "Other ethnic group",
        _ => return None,
    })
}

/// Writes survey file `index` (its own random streams), of the year ending `back` months before
/// the last snapshot.
pub fn write(wf: &Workforce, index: u64, back: u32, root: &Path) -> Result<GeneratedFile> {
    let plan = wf.plan;
    let month = plan.months_before_last(back);
    let year = date(plan.last().end).year() - i32::from(back > 0);
    let mut rng = kind_rng(wf, K_SURVEY, index);
    let name = format!("{}_{year}.csv", wf.region.code);
    let (mut out, mut dirt) = super::create(wf, root, &STAFF_SURVEY, (K_SURVEY, index), &name)?;
    let rates: Vec<f64> = wf.orgs.iter().map(|_| rng.random_range(0.45..0.62)).collect();
    let year_text = year.to_string();
    let mut respondent = 0u32;
    for p in &wf.persons {
        if !p.in_post_at_end(&month) || !p.is_substantive() || !chance(&mut rng, rates[p.org as usize]) {
            continue;
        }
        respondent += 1;
        let id = format!("R{year}-{}-{respondent:06}", wf.region.code);
        let ethnic = match survey_group(p.ethnic_label()) {
            Some(g) if !chance(&mut rng, 0.02) => g,
            Some(_) => "Prefer not to say",
            None => pick_weighted(
                &mut rng,
                &[
                    ("Prefer not to say", 50),
                    ("", 20),
                    ("White", 20),
                    ("Asian / Asian British", 10),
                ],
            ),
        };
        let group = match ethnic {
            "White" => Wres::White,
            "Prefer not to say" | "" => Wres::Unknown,
            _ => Wres::Bme,
        };
        let gender = if chance(&mut rng, 0.02) {
            ""
        } else {
            GENDERS[p.gender as usize]
        };
        let disability = if chance(&mut rng, 0.03) {
            "Prefer not to say"
        } else if chance(&mut rng, 0.02) {
            ""
        } else if p.disability == 0 || chance(&mut rng, 0.17) {
            "Yes"
        } else {
            "No"
        };
        // (White, BME, Unknown) probabilities.
        let by = |w: f64, b: f64| match group {
            Wres::White => w,
            Wres::Bme => b,
            Wres::Unknown => (w + b) / 2.0,
        };
        let scale = |rng: &mut ChaCha8Rng, never: f64| {
            if chance(rng, never) {
                "Never"
            } else {
                pick_weighted(rng, &HARASSMENT_OTHER)
            }
        };
        let public = scale(&mut rng, by(0.72, 0.70));
        let manager = scale(&mut rng, by(0.90, 0.86));
        let colleagues = scale(&mut rng, by(0.835, 0.79));
        let eo = {
            let u = rng.random::<f64>();
            if u < 0.20 {
                "Don't know"
            } else if u < 0.20 + 0.80 * by(0.725, 0.5625) {
                "Yes"
            } else {
                "No"
            }
        };
        let disc_public = if chance(&mut rng, by(0.06, 0.16)) {
            "Yes"
        } else {
            "No"
        };
        let disc_staff = if chance(&mut rng, by(0.06, 0.15)) {
            "Yes"
        } else {
            "No"
        };
        let mut answers = [public, manager, colleagues, eo, disc_public, disc_staff];
        for a in &mut answers {
            if chance(&mut rng, 0.03) {
                *a = "";
            }
        }
        let mut row = out.row();
        row.set("Survey Year", &year_text)
            .set("Organisation Code", &wf.orgs[p.org as usize])
            .set("Respondent ID", &id)
            .set("Ethnic Group", ethnic)
            .set("Gender", gender)
            .set("Disability", disability)
            .set("Staff Group", GROUPS[p.group as usize]);
        for (question, answer) in QUESTIONS.into_iter().zip(answers) {
            row.set(question, answer);
        }
        let defect = dirt.next(&DEFECTS);
        match defect {
            Some(Defect::UnknownEthnic) => row.set("Ethnic Group", BAD_ETHNIC),
            Some(_) => row.set("Organisation Code", ""),
            None => &mut row,
        };
        out.write(&row, defect.is_some())?;
    }
    out.finish()
}
