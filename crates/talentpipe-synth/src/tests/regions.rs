//! All seven regions over a year: organisations that send late or miss a month, and critical
//! seats that turn over with ESR, the board and vacancies agreeing.

use super::*;

/// All seven regions over a year, for the cases a single region may not show.
fn all_regions() -> GenerateOptions {
    GenerateOptions {
        seed: 42,
        regions: REGIONS.iter().map(|r| r.code.to_owned()).collect(),
        people: 200,
        months: 13,
        kinds: Some(
            ["esr_workforce", "board", "talent_pool", "vacancies"]
                .map(str::to_owned)
                .to_vec(),
        ),
        ..GenerateOptions::default()
    }
}

fn last_snapshot() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 10, 31).expect("valid date")
}

/// Latest snapshot date of each (region or file, organisation) in the rows of `kind`.
fn latest_per_org(s: &GenerateSummary, kind: &str) -> BTreeMap<String, NaiveDate> {
    let mut latest: BTreeMap<String, NaiveDate> = BTreeMap::new();
    for r in column(s, kind, &["Organisation Code", "Snapshot Date"]) {
        let d = parse_date(&r[1]).expect("snapshot date");
        let e = latest.entry(r[0].clone()).or_insert(d);
        *e = (*e).max(d);
    }
    latest
}

#[test]
fn some_organisations_send_late_or_miss_a_month() {
    let (_dir, s) = run(&all_regions());
    let last = last_snapshot();
    // Months sent per organisation, grouped by region.
    let mut sent: BTreeMap<String, BTreeMap<String, BTreeSet<NaiveDate>>> = BTreeMap::new();
    for r in column(
        &s,
        "esr_workforce",
        &["Region Code", "Organisation Code", "Snapshot Date"],
    ) {
        let d = parse_date(&r[2]).expect("snapshot date");
        sent.entry(r[0].clone())
            .or_default()
            .entry(r[1].clone())
            .or_default()
            .insert(d);
    }
    assert_eq!(sent.len(), 7);
    let months_between =
        |a: NaiveDate, b: NaiveDate| (b.year() - a.year()) * 12 + b.month() as i32 - a.month() as i32;
    let (mut gaps, mut stale) = (0, 0);
    for (region, orgs) in &sent {
        let mut behind = Vec::new();
        for dates in orgs.values() {
            let latest = *dates.last().expect("some month");
            let tail = months_between(latest, last);
            behind.push(tail);
            let missing_mid = 13 - dates.len() as i32 - tail;
            assert!((0..=1).contains(&missing_mid), "{region}: {dates:?}");
            gaps += missing_mid;
            if tail == 2 {
                stale += 1;
                assert!((last - latest).num_days() > 45);
            }
            if tail == 1 {
                assert!((last - latest).num_days() <= 45);
            }
        }
        behind.sort_unstable();
        let expected: Vec<i32> = match orgs.len() {
            6 => vec![0, 0, 0, 0, 1, 2],
            n => (0..n).map(|i| i32::from(i + 1 == n)).collect(),
        };
        assert_eq!(behind, expected, "{region}: months behind per organisation");
    }
    assert!((1..=7).contains(&gaps), "mid-history gaps {gaps}");
    assert!(stale >= 1, "a region of six organisations has a stale one");
    // The board's latest and the talent pool's snapshot of each organisation are its
    // latest ESR snapshot.
    let esr = latest_per_org(&s, "esr_workforce");
    assert_eq!(esr.values().max(), Some(&last));
    assert_eq!(latest_per_org(&s, "board"), esr);
    assert_eq!(latest_per_org(&s, "talent_pool"), esr);
}

#[test]
fn critical_seats_turn_over_and_esr_board_and_vacancies_agree() {
    let (_dir, s) = run(&all_regions());
    let last = last_snapshot();
    let esr = column(
        &s,
        "esr_workforce",
        &[
            "Snapshot Date",
            "Employee Number",
            "Organisation Code",
            "Critical Role",
            "Interim",
            "Termination Date",
        ],
    );
    let latest = latest_per_org(&s, "esr_workforce");
    let date_of = |x: &str| parse_date(x).expect("date");
    let mut seats: BTreeSet<(String, String)> = BTreeSet::new();
    let mut leavers: BTreeSet<&str> = BTreeSet::new();
    let mut interims: BTreeSet<&str> = BTreeSet::new();
    // (org, role) -> interim flag of the holder in post at the organisation's latest snapshot.
    let mut holder_now: BTreeMap<(String, String), bool> = BTreeMap::new();
    for r in esr.iter().filter(|r| !r[3].is_empty()) {
        let snap = date_of(&r[0]);
        seats.insert((r[2].clone(), r[3].clone()));
        if !r[5].is_empty() {
            // Termination only in the month the holder leaves.
            let term = date_of(&r[5]);
            assert!(term <= snap && (term.year(), term.month()) == (snap.year(), snap.month()));
            if r[4] == "N" {
                leavers.insert(&r[1]);
            }
        }
        if r[4] == "Y" {
            interims.insert(&r[1]);
        }
        if snap == latest[&r[2]] && r[5].is_empty() {
            let prev = holder_now.insert((r[2].clone(), r[3].clone()), r[4] == "Y");
            assert!(prev.is_none(), "one holder per seat: {r:?}");
        }
    }
    // About 20% a year: 13 months of 7 regions x 4-6 organisations x 6 seats.
    let rate = leavers.len() as f64 / (seats.len() as f64 * 13.0 / 12.0);
    assert!(
        (0.1..0.35).contains(&rate),
        "critical-role leavers a year per seat {rate}"
    );
    assert!(interims.len() >= 10, "interims {}", interims.len());

    // The board's current members (no End Date) are ESR's holders, interims as interims;
    // departed members are listed beside their replacements by some boards.
    let board = column(
        &s,
        "board",
        &[
            "Organisation Code",
            "Member ID",
            "Critical Role",
            "Interim",
            "End Date",
            "Snapshot Date",
        ],
    );
    let mut board_now: BTreeMap<(String, String), Vec<bool>> = BTreeMap::new();
    let mut departed_beside_current = 0;
    for r in board
        .iter()
        .filter(|r| !r[2].is_empty() && date_of(&r[5]) == latest[&r[0]])
    {
        let seat = (r[0].clone(), r[2].clone());
        if r[1].is_empty() {
            assert!(
                !holder_now.contains_key(&seat),
                "vacant row for a held seat {r:?}"
            );
        } else if r[4].is_empty() {
            board_now.entry(seat).or_default().push(r[3] == "Y");
        } else {
            assert!(date_of(&r[4]) <= date_of(&r[5]), "{r:?}");
            if holder_now.contains_key(&seat) {
                departed_beside_current += 1;
            }
        }
    }
    for (seat, interim) in &holder_now {
        assert_eq!(board_now.get(seat), Some(&vec![*interim]), "{seat:?}");
    }
    assert_eq!(board_now.len(), holder_now.len());
    assert!(
        departed_beside_current >= 3,
        "departed beside replacement {departed_beside_current}"
    );

    // Every seat held by an interim or by nobody at the last snapshot has a vacancy open on
    // it (Open, or Filled with a start date after it); some open ones are for seats whose
    // substantive holder is a known leaver still in post.
    let vacancies = column(
        &s,
        "vacancies",
        &[
            "Organisation Code",
            "Critical Role",
            "Advertised Date",
            "Start Date",
            "Status",
        ],
    );
    let open_at_last = |r: &Vec<String>| {
        date_of(&r[2]) <= last && (r[4] == "Open" || r[4] == "Filled" && date_of(&r[3]) > last)
    };
    let filled_after = |r: &&Vec<String>| r[4] == "Filled" && date_of(&r[3]) > last;
    let open_seats: BTreeSet<(String, String)> = vacancies
        .iter()
        .filter(|r| !r[1].is_empty() && open_at_last(r))
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect();
    let mut known_leavers = 0;
    for seat in &seats {
        if latest[&seat.0] != last {
            continue;
        }
        match holder_now.get(seat) {
            None | Some(true) => assert!(open_seats.contains(seat), "no open vacancy for {seat:?}"),
            Some(false) => known_leavers += usize::from(open_seats.contains(seat)),
        }
    }
    assert!(
        known_leavers >= 2,
        "open vacancies for seats of known leavers {known_leavers}"
    );
    let crit_filled_after = vacancies
        .iter()
        .filter(|r| !r[1].is_empty())
        .filter(filled_after)
        .count();
    let other_filled_after = vacancies
        .iter()
        .filter(|r| r[1].is_empty())
        .filter(filled_after)
        .count();
    assert!(
        crit_filled_after >= 1,
        "critical vacancies filled after the last snapshot"
    );
    assert!(
        other_filled_after >= 5,
        "vacancies filled after the last snapshot {other_filled_after}"
    );
}
