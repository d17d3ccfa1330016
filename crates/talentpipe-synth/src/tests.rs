//! The generator's own tests: determinism, layout, row counts, exact defect counts and the
//! shapes the metrics rely on.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fs;
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use talentpipe_contract::codes::PAY_BAND;

use super::*;
use crate::reference::{ETHNIC, REGIONS, Wres};
use crate::writer::CsvFile;

fn small(seed: u64) -> GenerateOptions {
    GenerateOptions {
        seed,
        people: 400,
        months: 4,
        ..GenerateOptions::default()
    }
}

fn run(opts: &GenerateOptions) -> (tempfile::TempDir, GenerateSummary) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let summary = generate(opts, dir.path()).expect("generate succeeds");
    (dir, summary)
}

fn read(path: &Path) -> (Vec<String>, Vec<csv::StringRecord>) {
    let mut r = csv::Reader::from_path(path).expect("generated file is readable");
    let header = r
        .headers()
        .expect("header row")
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = r.records().map(|x| x.expect("well-formed CSV")).collect();
    (header, rows)
}

fn files<'a>(s: &'a GenerateSummary, kind: &str) -> Vec<&'a GeneratedFile> {
    s.files.iter().filter(|f| f.kind == kind).collect()
}

/// Reads column `name` of every row of every file of `kind`.
fn column(s: &GenerateSummary, kind: &str, names: &[&str]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for f in files(s, kind) {
        let (header, rows) = read(&f.path);
        let idx: Vec<usize> = names
            .iter()
            .map(|n| header.iter().position(|h| h == n).expect("column present"))
            .collect();
        for r in rows {
            out.push(idx.iter().map(|&i| r[i].to_owned()).collect());
        }
    }
    out
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%d/%m/%Y")
        .or_else(|_| NaiveDate::parse_from_str(s, "%Y-%m-%d"))
        .ok()
}

fn date_ok(s: &str, required: bool) -> bool {
    if s.trim().is_empty() {
        !required
    } else {
        parse_date(s).is_some()
    }
}

/// EXTRACTS.md Ethnic Origin rule: a category letter (optionally with a numeric
/// subcode) before the first space, or one of the unknown spellings.
fn ethnic_ok(s: &str) -> bool {
    let v = s.trim();
    if v.is_empty()
        || ["not stated", "unspecified", "prefer not to say"]
            .iter()
            .any(|x| x.eq_ignore_ascii_case(v))
    {
        return true;
    }
    let token = v.split(' ').next().unwrap_or(v);
    let mut chars = token.chars();
    let Some(letter) = chars.next() else {
        return false;
    };
    chars.all(|c| c.is_ascii_digit()) && "ABCDEFGHJKLMNPRSZ".contains(letter)
}

fn org_ok(s: &str) -> bool {
    (3..=5).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric())
}

/// Counts the rows of a file that break the contract rules the defects target
/// (an independent re-implementation, so it checks both clean and dirty output).
fn invalid_rows(kind: &str, path: &Path) -> u64 {
    let (header, rows) = read(path);
    let col = |name: &str| header.iter().position(|h| h == name);
    let mut seen = HashSet::new();
    let mut bad = 0;
    for r in &rows {
        let get = |name: &str| col(name).map_or("", |i| &r[i]);
        let mut ok = true;
        if col("Organisation Code").is_some() {
            ok &= org_ok(get("Organisation Code"));
        }
        if col("Ethnic Origin").is_some() {
            ok &= ethnic_ok(get("Ethnic Origin"));
        }
        if col("Pay Band").is_some() {
            ok &= PAY_BAND.canonical().any(|b| b == get("Pay Band"));
        }
        match kind {
            "esr_workforce" => {
                for d in ["Snapshot Date", "Date of Birth", "Start Date"] {
                    ok &= date_ok(get(d), true);
                }
                ok &= date_ok(get("Termination Date"), false);
                let fte: f64 = get("FTE").parse().unwrap_or(-1.0);
                ok &= fte > 0.0 && fte <= 1.0;
                if ok {
                    let key = (
                        get("Snapshot Date").to_owned(),
                        get("Assignment Number").to_owned(),
                    );
                    ok &= seen.insert(key);
                }
            }
            "staff_survey" => {
                ok &= [
                    "White",
                    "Mixed / Multiple ethnic groups",
                    "Asian / Asian British",
                    "Black / African / Caribbean / Black British",
                    "Chinese",
                    "Other ethnic group",
                    "Prefer not to say",
                    "",
                ]
                .contains(&get("Ethnic Group"));
                ok &= seen.insert((get("Survey Year").to_owned(), get("Respondent ID").to_owned()));
            }
            "recruitment" => {
                ok &= date_ok(get("Application Date"), true);
                ok &= !(get("Appointed") == "Y" && get("Shortlisted") == "N");
            }
            "vacancies" => {
                let fte: f64 = get("FTE").parse().unwrap_or(-1.0);
                ok &= fte > 0.0;
                let names = ["Advertised Date", "Closing Date", "Offer Date", "Start Date"];
                let mut prev: Option<NaiveDate> = None;
                for (i, n) in names.iter().enumerate() {
                    ok &= date_ok(get(n), i == 0);
                    if let Some(d) = parse_date(get(n)) {
                        ok &= prev.is_none_or(|p| p <= d);
                        prev = Some(d);
                    }
                }
                ok &= seen.insert((get("Vacancy Reference").to_owned(), String::new()));
            }
            "disciplinary" => {
                ok &= date_ok(get("Date Entered Formal Process"), true);
            }
            "training" => ok &= date_ok(get("Start Date"), true),
            "board" => {
                ok &= date_ok(get("Snapshot Date"), true);
                ok &= date_ok(get("Start Date"), false) && date_ok(get("End Date"), false);
            }
            "talent_pool" => ok &= date_ok(get("Snapshot Date"), true),
            "appraisal" => {
                ok &= date_ok(get("Appraisal Date"), true);
                ok &= ["Annual", "Interim"].contains(&get("Appraisal Type"));
                ok &=
                    ["Outstanding", "Good", "Requires improvement", "Not rated", ""].contains(&get("Rating"));
                for flag in ["Talent Conversation Held", "Career Aspiration Recorded"] {
                    ok &= ["Y", "N"].contains(&get(flag));
                }
                if ok {
                    let key = format!(
                        "{}|{}|{}|{}",
                        get("Organisation Code"),
                        get("Employee Number"),
                        get("Appraisal Date"),
                        get("Appraisal Type")
                    );
                    ok &= seen.insert((key, String::new()));
                }
            }
            _ => {}
        }
        if !ok {
            bad += 1;
        }
    }
    bad
}

/// Column names of a kind as listed in EXTRACTS.md (tables for ESR and the survey,
/// backticked names outside parentheses for the others), when the contract is at hand.
fn contract_columns(kind: &str) -> Option<BTreeSet<String>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/EXTRACTS.md");
    let text = fs::read_to_string(path).ok()?;
    let section = text
        .split("\n## ")
        .find(|s| s.split_whitespace().next() == Some(kind))?;
    let mut names = BTreeSet::new();
    let has_table = section.lines().any(|l| l.starts_with('|'));
    // Parentheses (code lists, notes) may span lines.
    let mut depth = 0;
    for line in section.lines().skip(1) {
        if has_table && !line.starts_with('|') {
            continue;
        }
        if let Some(rest) = line.strip_prefix('|') {
            let cell = rest.split('|').next().unwrap_or("").trim();
            if !cell.is_empty() && cell != "column" && !cell.starts_with("---") {
                names.insert(cell.to_owned());
            }
            continue;
        }
        let (mut inside, mut current) = (false, String::new());
        for c in line.chars() {
            match c {
                '`' if inside => {
                    inside = false;
                    if depth == 0 {
                        names.insert(std::mem::take(&mut current));
                    }
                    current.clear();
                }
                '`' => inside = true,
                _ if inside => current.push(c),
                '(' => depth += 1,
                ')' => depth -= 1,
                _ => {}
            }
        }
    }
    Some(names)
}

#[test]
fn same_seed_same_bytes_different_seed_different_bytes() {
    let (a_dir, a) = run(&small(7));
    let (b_dir, b) = run(&small(7));
    let (_c_dir, c) = run(&small(8));
    assert_eq!(a.files.len(), b.files.len());
    let bytes = |p: &Path| fs::read(p).expect("readable");
    let mut any_difference = false;
    for ((fa, fb), fc) in a.files.iter().zip(&b.files).zip(&c.files) {
        assert_eq!(
            fa.path.strip_prefix(a_dir.path()).ok(),
            fb.path.strip_prefix(b_dir.path()).ok()
        );
        assert_eq!(
            bytes(&fa.path),
            bytes(&fb.path),
            "{} differs between runs",
            fa.path.display()
        );
        any_difference |= bytes(&fa.path) != bytes(&fc.path);
    }
    assert!(any_difference, "a different seed gives different data");
}

#[test]
fn layout_and_headers_match_the_contract() {
    let (dir, s) = run(&small(1));
    assert_eq!(
        KINDS.to_vec(),
        contract::ALL.iter().map(|k| k.kind).collect::<Vec<_>>()
    );
    for spec in contract::ALL {
        let (kind, header): (&str, Vec<&str>) = (spec.kind, spec.columns.iter().map(|c| c.header).collect());
        let fs_ = files(&s, kind);
        assert!(!fs_.is_empty(), "{kind} written");
        for f in fs_ {
            assert!(f.path.starts_with(dir.path().join(kind)));
            let (h, _) = read(&f.path);
            assert_eq!(h, header, "{}", f.path.display());
        }
        if let Some(contract) = contract_columns(kind) {
            let ours: BTreeSet<String> = header.iter().map(|h| (*h).to_owned()).collect();
            assert_eq!(ours, contract, "{kind} columns differ from EXTRACTS.md");
        }
    }
    let names: Vec<String> = s
        .files
        .iter()
        .map(|f| {
            f.path
                .strip_prefix(dir.path())
                .expect("under the root")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    for want in [
        "esr_workforce/Y56_2026-10.csv",
        "esr_workforce/Y60_2026-07.csv",
        "staff_survey/Y56_2025.csv",
        "staff_survey/Y60_2026.csv",
        "vacancies/Y60.csv",
        "population/Y56.csv",
    ] {
        assert!(names.iter().any(|n| n == want), "{want} in {names:?}");
    }
    assert_eq!(files(&s, "esr_workforce").len(), 2 * 4);
    assert_eq!(files(&s, "staff_survey").len(), 2 * 2);
}

#[test]
fn a_row_must_fill_exactly_the_contract_columns() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let mut out = CsvFile::create(dir.path(), &contract::POPULATION, "t.csv").expect("created");
    let mut row = out.row();
    row.set("Region Code", "Y56").set("Ethnic Group", "White");
    let err = out.write(&row, false).expect_err("Population left unset");
    assert!(err.to_string().contains("\"Population\" unset"), "{err}");
    row.set("Population", "12").set("Populaton", "12");
    let err = out
        .write(&row, false)
        .expect_err("a header the contract does not declare");
    assert!(
        err.to_string()
            .contains("\"Populaton\" the contract does not declare"),
        "{err}"
    );
    let mut row = out.row();
    row.set("Population", "12")
        .set("Ethnic Group", "White")
        .set("Region Code", "Y56");
    out.write(&row, false).expect("every column set, in any order");
    let file = out.finish().expect("flushed");
    assert_eq!(file.rows, 1);
    let text = fs::read_to_string(&file.path).expect("readable");
    assert_eq!(text, "Region Code,Ethnic Group,Population\nY56,White,12\n");
}

#[test]
fn row_counts_are_sane() {
    let (_dir, s) = run(&small(3));
    for f in files(&s, "esr_workforce") {
        // Every organisation sends the first month; later months may lack one or two.
        let all_sent = f.path.to_string_lossy().ends_with("2026-07.csv");
        let expected = if all_sent { 400..=480 } else { 200..=480 };
        assert!(
            expected.contains(&f.rows),
            "{}: {} rows",
            f.path.display(),
            f.rows
        );
    }
    for f in files(&s, "staff_survey") {
        assert!(
            (120..=260).contains(&f.rows),
            "{}: {} rows",
            f.path.display(),
            f.rows
        );
    }
    for f in files(&s, "population") {
        assert_eq!(f.rows, 5);
    }
    for f in files(&s, "board") {
        // 4-6 organisations, 12-15 seats each, two snapshots, a few departed members.
        assert!(
            (4 * 12 * 2..=6 * 15 * 2 + 20).contains(&f.rows),
            "board rows {}",
            f.rows
        );
    }
    let count = |kind: &str| files(&s, kind).iter().map(|f| f.rows).sum::<u64>();
    assert!(count("vacancies") >= 40, "vacancies {}", count("vacancies"));
    assert!(count("recruitment") > 5 * count("vacancies"));
    assert!(count("training") > 800);
    assert!(count("disciplinary") >= 5);
    assert!(count("talent_pool") >= 20);
    assert!(s.files.iter().all(|f| f.dirty_rows == 0));
}

#[test]
fn clean_output_is_valid_and_dirty_rows_are_counted_exactly() {
    let (_dir, clean) = run(&small(5));
    for f in &clean.files {
        assert_eq!(invalid_rows(&f.kind, &f.path), 0, "{}", f.path.display());
    }
    let (_dir2, dirty) = run(&GenerateOptions {
        dirty: 0.05,
        ..small(5)
    });
    let mut total = 0;
    for f in &dirty.files {
        assert_eq!(
            invalid_rows(&f.kind, &f.path),
            f.dirty_rows,
            "{} ({} rows)",
            f.path.display(),
            f.rows
        );
        assert!(f.dirty_rows < f.rows, "never a whole file invalid");
        total += f.dirty_rows;
    }
    assert!(total > 100, "dirty rows injected: {total}");
    assert!(files(&dirty, "population").iter().all(|f| f.dirty_rows == 0));
    let esr_dirty: u64 = files(&dirty, "esr_workforce").iter().map(|f| f.dirty_rows).sum();
    let esr_rows: u64 = files(&dirty, "esr_workforce").iter().map(|f| f.rows).sum();
    let share = esr_dirty as f64 / esr_rows as f64;
    assert!((0.03..0.07).contains(&share), "ESR dirty share {share}");
    // Defects never touch the clean content: the first file rows agree.
    let (_, a) = read(&files(&clean, "esr_workforce")[0].path);
    let (_, b) = read(&files(&dirty, "esr_workforce")[0].path);
    assert_eq!(a[0], b[0]);

    let (_dir3, all) = run(&GenerateOptions {
        dirty: 1.0,
        months: 1,
        ..small(5)
    });
    for f in &all.files {
        assert_eq!(
            invalid_rows(&f.kind, &f.path),
            f.dirty_rows,
            "{}",
            f.path.display()
        );
    }
}

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

#[test]
fn bad_options_are_rejected() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let cases = [
        GenerateOptions {
            regions: vec!["Y99".into()],
            ..GenerateOptions::default()
        },
        GenerateOptions {
            kinds: Some(vec!["payroll".into()]),
            ..GenerateOptions::default()
        },
        GenerateOptions {
            dirty: 1.5,
            ..GenerateOptions::default()
        },
        GenerateOptions {
            dirty: f64::NAN,
            ..GenerateOptions::default()
        },
        GenerateOptions {
            people: 0,
            ..GenerateOptions::default()
        },
        GenerateOptions {
            months: 0,
            ..GenerateOptions::default()
        },
    ];
    for opts in cases {
        let err = generate(&opts, dir.path()).expect_err("rejected");
        assert!(matches!(err, GenerateError::InvalidOption(_)), "{err}");
    }
    assert_eq!(
        fs::read_dir(dir.path()).expect("readable").count(),
        0,
        "nothing written"
    );
}

/// National-scale smoke test: `cargo test --release -p talentpipe-synth -- --ignored`.
#[test]
#[ignore]
fn scale_300k_people_one_month() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let started = std::time::Instant::now();
    let s = generate(
        &GenerateOptions {
            regions: vec!["Y60".into()],
            people: 300_000,
            months: 1,
            kinds: Some(vec!["esr_workforce".into()]),
            ..GenerateOptions::default()
        },
        dir.path(),
    )
    .expect("generate succeeds");
    let elapsed = started.elapsed();
    let rows: u64 = s.files.iter().map(|f| f.rows).sum();
    eprintln!("300k people, 1 month: {rows} ESR rows in {elapsed:?}");
    assert!(rows > 300_000);
}
