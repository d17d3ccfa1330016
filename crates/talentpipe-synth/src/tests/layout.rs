//! The generated files against the contract: folders, headers and the cells a row fills are the
//! contract crate's, and the rows that break a rule are exactly the defects asked for (counted
//! by an independent re-implementation of the rules, so clean output is checked too).

use super::*;

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
