//! The shapes the metrics rely on, in one region: appointments from the shortlist favouring
//! White applicants, vacancy dates in order, BME share falling with band, people joined across
//! extracts (and never across regions), appraisals missing Bank staff and reaching BME and
//! disabled staff less often.

use super::*;

#[test]
fn appointments_only_from_shortlist_and_favour_white_applicants() {
    let (_dir, s) = run(&GenerateOptions {
        regions: vec!["Y60".into()],
        people: 3000,
        months: 2,
        kinds: Some(vec!["recruitment".into(), "vacancies".into()]),
        ..GenerateOptions::default()
    });
    let rows = column(
        &s,
        "recruitment",
        &["Ethnic Origin", "Shortlisted", "Appointed", "Vacancy Reference"],
    );
    let refs: HashSet<String> = column(&s, "vacancies", &["Vacancy Reference"])
        .into_iter()
        .map(|mut r| r.remove(0))
        .collect();
    let mut counts = [[0f64; 2]; 2]; // [White, BME] x [shortlisted, appointed]
    for r in &rows {
        assert!(
            !(r[2] == "Y" && r[1] == "N"),
            "appointed without shortlisting: {r:?}"
        );
        assert!(refs.contains(&r[3]), "recruitment refers to a known vacancy");
        let g = match ETHNIC.iter().find(|e| e.0 == r[0]).map(|e| e.1) {
            Some(Wres::White) => 0,
            Some(Wres::Bme) => 1,
            _ => continue,
        };
        if r[1] == "Y" {
            counts[g][0] += 1.0;
        }
        if r[2] == "Y" {
            counts[g][1] += 1.0;
        }
    }
    let rl = (counts[0][1] / counts[0][0]) / (counts[1][1] / counts[1][0]);
    assert!(
        (1.3..1.9).contains(&rl),
        "relative likelihood of appointment {rl}"
    );
}

#[test]
fn vacancy_dates_are_ordered_and_filled_posts_have_dates() {
    let (_dir, s) = run(&small(11));
    let rows = column(
        &s,
        "vacancies",
        &[
            "Advertised Date",
            "Closing Date",
            "Offer Date",
            "Start Date",
            "Status",
            "Critical Role",
        ],
    );
    assert!(rows.iter().any(|r| r[4] == "Open"));
    assert!(rows.iter().any(|r| r[4] == "Filled"));
    let mut days_to_fill = Vec::new();
    for r in &rows {
        let d: Vec<Option<NaiveDate>> = r[..4].iter().map(|x| parse_date(x)).collect();
        let present: Vec<NaiveDate> = d.iter().flatten().copied().collect();
        assert!(present.windows(2).all(|w| w[0] <= w[1]), "{r:?}");
        if r[4] == "Filled" {
            assert!(d[2].is_some() && d[3].is_some(), "{r:?}");
            if r[5].is_empty() {
                days_to_fill.push((d[3].expect("start") - d[0].expect("advertised")).num_days());
            }
        }
    }
    days_to_fill.sort_unstable();
    let median = days_to_fill[days_to_fill.len() / 2];
    assert!((60..=150).contains(&median), "median days to fill {median}");
}

#[test]
fn bme_share_falls_with_band() {
    let (_dir, s) = run(&GenerateOptions {
        regions: vec!["Y60".into()],
        people: 6000,
        months: 1,
        kinds: Some(vec!["esr_workforce".into()]),
        ..GenerateOptions::default()
    });
    let rows = column(
        &s,
        "esr_workforce",
        &["Pay Band", "Ethnic Origin", "Gender", "Assignment Number"],
    );
    let share = |bands: &[&str]| {
        let (mut bme, mut known) = (0.0, 0.0);
        for r in rows.iter().filter(|r| bands.contains(&r[0].as_str())) {
            match ETHNIC.iter().find(|e| e.0 == r[1]).map(|e| e.1) {
                Some(Wres::Bme) => {
                    bme += 1.0;
                    known += 1.0;
                }
                Some(Wres::White) => known += 1.0,
                _ => {}
            }
        }
        bme / known
    };
    let low = share(&["Band 2", "Band 3", "Band 4", "Band 5"]);
    let senior = share(&["Band 8c", "Band 8d", "Band 9", "VSM"]);
    assert!(low > 2.0 * senior, "Band 2-5 {low} vs 8c+ {senior}");
    assert!((0.2..0.4).contains(&low), "Band 2-5 BME share {low}");
    let female = rows.iter().filter(|r| r[2] == "Female").count() as f64 / rows.len() as f64;
    assert!((0.72..0.82).contains(&female), "female share {female}");
    let second = rows.iter().filter(|r| r[3].ends_with("-2")).count() as f64 / rows.len() as f64;
    assert!((0.02..0.08).contains(&second), "second assignments {second}");
}

#[test]
fn people_join_across_extracts_and_regions_never_collide() {
    let (_dir, s) = run(&GenerateOptions {
        months: 13,
        ..small(9)
    });
    let esr = column(
        &s,
        "esr_workforce",
        &[
            "Employee Number",
            "Region Code",
            "Critical Role",
            "Termination Date",
            "Leaving Reason",
        ],
    );
    let mut region_of = std::collections::HashMap::new();
    for r in &esr {
        assert_eq!(r[0].len(), 8, "8-digit employee number {}", r[0]);
        let prev = region_of.insert(r[0].clone(), r[1].clone());
        assert!(prev.is_none_or(|p| p == r[1]), "employee {} in two regions", r[0]);
        assert_eq!(
            r[3].is_empty(),
            r[4].is_empty(),
            "leaving reason with termination"
        );
    }
    // Someone who joined and left within months their organisation did not send (or joined
    // in a month it has not sent yet) is in no ESR snapshot, as with real late extracts.
    let mut months_sent: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for r in column(&s, "esr_workforce", &["Organisation Code", "Snapshot Date"]) {
        months_sent.entry(r[0].clone()).or_default().insert(r[1].clone());
    }
    let all_months = months_sent.values().map(BTreeSet::len).max().unwrap_or(0);
    for kind in ["disciplinary", "training", "talent_pool", "appraisal"] {
        for r in column(&s, kind, &["Employee Number", "Organisation Code"]) {
            assert!(
                region_of.contains_key(&r[0]) || months_sent[&r[1]].len() < all_months,
                "{kind} employee {} in ESR",
                r[0]
            );
        }
    }
    let leavers = esr.iter().filter(|r| !r[3].is_empty()).count();
    assert!(leavers > 50, "monthly leavers over 13 months: {leavers}");
    let critical_leavers = esr
        .iter()
        .filter(|r| !r[3].is_empty() && !r[2].is_empty())
        .count();
    assert!(critical_leavers >= 2, "critical-role leavers: {critical_leavers}");
    let board = column(&s, "board", &["Member ID", "Snapshot Date", "Organisation Code"]);
    let mut snapshots: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for r in &board {
        snapshots.entry(r[2].as_str()).or_default().insert(r[1].as_str());
    }
    assert!(
        snapshots.values().all(|s| s.len() == 2),
        "two board snapshots: {snapshots:?}"
    );
    assert!(board.iter().any(|r| r[0].is_empty()), "some vacant seats");
}

#[test]
fn appraisals_skip_bank_staff_and_reach_bme_and_disabled_staff_less_often() {
    let (_dir, s) = run(&GenerateOptions {
        regions: vec!["Y60".into()],
        people: 12000,
        months: 1,
        kinds: Some(vec!["esr_workforce".into(), "appraisal".into()]),
        ..GenerateOptions::default()
    });
    // Staff on the one ESR snapshot: substantive when any assignment is Permanent or Fixed Term.
    let mut staff: BTreeMap<String, (Option<Wres>, &str, bool)> = BTreeMap::new();
    let esr = [
        "Employee Number",
        "Ethnic Origin",
        "Disability",
        "Assignment Category",
    ];
    for r in column(&s, "esr_workforce", &esr) {
        let group = ETHNIC.iter().find(|e| e.0 == r[1]).map(|e| e.1);
        let substantive = ["Permanent", "Fixed Term Temp"].contains(&r[3].as_str());
        let disability = ["Yes", "No"].into_iter().find(|d| r[2] == *d).unwrap_or("");
        let entry = staff.entry(r[0].clone()).or_insert((group, disability, false));
        entry.2 |= substantive;
    }
    let names = [
        "Employee Number",
        "Appraisal Date",
        "Appraisal Type",
        "Talent Conversation Held",
    ];
    let appraisals = column(&s, "appraisal", &names);
    assert!(appraisals.len() > 4000, "{} appraisal rows", appraisals.len());
    // The appraisal year to the last snapshot (31/10/2026): ISO dates compare as text.
    let in_year = |r: &Vec<String>| r[1].as_str() > "2025-10-31" && r[1].as_str() <= "2026-10-31";
    let (mut appraised, mut talked) = (BTreeSet::new(), BTreeSet::new());
    let mut types: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for r in appraisals.iter().filter(|r| in_year(r)) {
        if let Some(person) = staff.get(&r[0]) {
            assert!(
                person.2,
                "employee {} has no substantive assignment but an appraisal",
                r[0]
            );
        }
        appraised.insert(r[0].as_str());
        if r[3] == "Y" {
            talked.insert(r[0].as_str());
        }
        types.entry(r[0].as_str()).or_default().insert(r[2].as_str());
    }
    assert!(
        appraisals.iter().any(|r| !in_year(r)),
        "the year before is there too"
    );
    let both = types.values().filter(|t| t.len() == 2).count();
    let interim_only = types.values().filter(|t| !t.contains("Annual")).count();
    assert!(
        both > 100 && interim_only > 10,
        "annual + interim {both}, interim only {interim_only}"
    );
    // Coverage of substantive staff in post by group: [appraised, talent conversation, staff].
    let coverage = |keep: &dyn Fn(&(Option<Wres>, &str, bool)) -> bool| {
        let people: Vec<&String> = staff
            .iter()
            .filter(|(_, p)| p.2 && keep(p))
            .map(|(e, _)| e)
            .collect();
        let n = people.len() as f64;
        let share =
            |set: &BTreeSet<&str>| people.iter().filter(|e| set.contains(e.as_str())).count() as f64 / n;
        (share(&appraised), share(&talked))
    };
    let white = coverage(&|p| p.0 == Some(Wres::White));
    let bme = coverage(&|p| p.0 == Some(Wres::Bme));
    let disabled = coverage(&|p| p.1 == "Yes");
    let non_disabled = coverage(&|p| p.1 == "No");
    assert!(
        (0.72..0.9).contains(&white.0),
        "White appraisal coverage {white:?}"
    );
    assert!(
        bme.0 < white.0 && bme.0 > 0.8 * white.0,
        "BME {bme:?} vs White {white:?}"
    );
    assert!(
        disabled.0 < non_disabled.0,
        "Disabled {disabled:?} vs non-disabled {non_disabled:?}"
    );
    assert!(
        bme.1 < 0.9 * white.1,
        "talent conversations: BME {bme:?} vs White {white:?}"
    );
    let someone_without = staff.iter().any(|(e, p)| p.2 && !appraised.contains(e.as_str()));
    assert!(
        someone_without,
        "some substantive staff have no appraisal in the year"
    );
}
