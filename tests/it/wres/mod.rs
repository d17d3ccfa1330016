//! WRES indicators 1-9 (`queries/wres/`) on one hand-built fixture, written below as CSV text.
//! Every expected number is derived in the comments from those rows. Definitions: NHS England
//! WRES technical guidance as restated in issue 4 and in each query's header. The WDES tests
//! (`wdes.rs`) read the same fixture.
//!
//! The fixture in brief (reporting date 31/10/2025 = the latest ESR snapshot, so the reporting
//! year is 01/11/2024..31/10/2025 and the 24-month disciplinary window 01/11/2023..31/10/2025):
//! - RJ1 (ESR region Y56): 7 substantive people on 31/10/2025, including subcodes C3 and S1, an
//!   Unknown (Z), a person with two Band 5 assignments, and a person with a clinical Band 7 and
//!   a non-clinical Band 3 assignment; Bank, Locum and Honorary assignments excluded.
//! - RQ3 (ESR region Y56): 3 people. RX1 (ESR region Y60): 2 people.
//! - RYJ, RZZ and RA1..RA4 appear only in non-ESR extracts: their region is the configured one,
//!   `LDP1`. RA1..RA4 hold applications built for relative likelihoods of exactly 0.79, 0.80,
//!   1.25 and 1.26.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use arrow::array::RecordBatch;
use talentpipe::config::Config;
use talentpipe::publish::Manifest;

use crate::ingest::{ESR_HEADER, esr_row, write};
use crate::support::{
    BASE_LAYERS, approx, fixture_config, num, read_tables, row, shipped_query_folders, text,
};

mod likelihoods;
mod representation;
mod survey;

pub type Tables = BTreeMap<String, RecordBatch>;

/// The run's configured region (`run_parameters.region`): the region of organisations that ESR
/// does not know.
pub const CONFIGURED_REGION: &str = "LDP1";

pub const OCT_2025: &str = "31/10/2025";
const SEP_2025: &str = "30/09/2025";
const OCT_2023: &str = "31/10/2023";

/// One pipeline run on the fixture: its manifest, exact (restricted) and published tables.
pub struct Run {
    pub manifest: Manifest,
    pub restricted: Tables,
    pub published: Tables,
}

// ---------------------------------------------------------------------------------------------
// The fixture
// ---------------------------------------------------------------------------------------------

/// One ESR assignment: employee, snapshot, organisation, ethnic origin as sent, then overrides.
fn assignment(emp: &str, date: &str, org: &str, ethnic_origin: &str, extra: &[(&str, &str)]) -> String {
    let region = if org == "RX1" { "Y60" } else { "Y56" };
    let mut o: Vec<(&str, &str)> = vec![
        ("Snapshot Date", date),
        ("Organisation Code", org),
        ("Region Code", region),
        ("Ethnic Origin", ethnic_origin),
    ];
    o.extend_from_slice(extra);
    esr_row(emp, &o)
}

const WHITE_A: &str = "A White - British";
const WHITE_B: &str = "B White - Irish";
const WHITE_C3: &str = "C3 White - Any other White background";
const BME_S1: &str = "S1 Any other ethnic group";
const BME_N: &str = "N Black or Black British - African";
const BME_H: &str = "H Asian or Asian British - Indian";
const BME_M: &str = "M Black or Black British - Caribbean";
const BME_J: &str = "J Asian or Asian British - Pakistani";
const BME_D: &str = "D Mixed - White & Black Caribbean";
const BME_R: &str = "R Chinese";
const UNKNOWN_Z: &str = "Z Not Stated";

/// ESR. Default row: Band 5, Nursing and Midwifery Registered (clinical), Permanent, not disabled.
///
/// 31/10/2025, RJ1 (Y56):
///   E1 White A Band 5 | E2 White C3 Band 5 | E3 BME S1 Band 5, disabled | E4 BME N Band 8c admin
///   (non-clinical) | E5 Unknown Z Band 5, disability not declared | E6 BME H, two Band 5
///   assignments | E10 White A, Band 7 Allied Health (clinical) and Band 3 admin (non-clinical)
///   | E7 White A Bank, E8 White B Band 6 Locum, E9 BME M Band 7 Honorary (all three excluded).
/// 31/10/2025, RQ3 (Y56): F1 White A Band 6 | F2 BME J Band 6, disabled | F3 BME D Band 2
///   Estates (non-clinical).
/// 31/10/2025, RX1 (Y60): G1 White A Band 5 | G2 BME R Band 5.
/// 30/09/2025, RJ1: E1, E2, E3, E4 as above, and E7 on Bank.
/// 31/10/2023, RJ1 (the day the disciplinary window starts: outside it): E1, E3.
fn esr(root: &Path) {
    let admin_8c = [
        ("Staff Group", "Administrative and Clerical"),
        ("Pay Band", "Band 8c"),
    ];
    let mut rows = Vec::new();
    for date in [SEP_2025, OCT_2025] {
        rows.push(assignment("E1", date, "RJ1", WHITE_A, &[]));
        rows.push(assignment("E2", date, "RJ1", WHITE_C3, &[]));
        rows.push(assignment("E3", date, "RJ1", BME_S1, &[("Disability", "Yes")]));
        rows.push(assignment("E4", date, "RJ1", BME_N, &admin_8c));
        rows.push(assignment(
            "E7",
            date,
            "RJ1",
            WHITE_A,
            &[("Assignment Category", "Bank")],
        ));
    }
    let oct = OCT_2025;
    rows.push(assignment(
        "E5",
        oct,
        "RJ1",
        UNKNOWN_Z,
        &[("Disability", "Not Declared")],
    ));
    rows.push(assignment("E6", oct, "RJ1", BME_H, &[("FTE", "0.5")]));
    rows.push(assignment(
        "E6",
        oct,
        "RJ1",
        BME_H,
        &[("FTE", "0.5"), ("Assignment Number", "E6-2")],
    ));
    rows.push(assignment(
        "E8",
        oct,
        "RJ1",
        WHITE_B,
        &[("Pay Band", "Band 6"), ("Assignment Category", "Locum")],
    ));
    rows.push(assignment(
        "E9",
        oct,
        "RJ1",
        BME_M,
        &[("Pay Band", "Band 7"), ("Assignment Category", "Honorary")],
    ));
    rows.push(assignment(
        "E10",
        oct,
        "RJ1",
        WHITE_A,
        &[
            ("Staff Group", "Allied Health Professionals"),
            ("Pay Band", "Band 7"),
            ("FTE", "0.5"),
        ],
    ));
    rows.push(assignment(
        "E10",
        oct,
        "RJ1",
        WHITE_A,
        &[
            ("Staff Group", "Administrative and Clerical"),
            ("Pay Band", "Band 3"),
            ("FTE", "0.5"),
            ("Assignment Number", "E10-2"),
        ],
    ));
    rows.push(assignment("F1", oct, "RQ3", WHITE_A, &[("Pay Band", "Band 6")]));
    rows.push(assignment(
        "F2",
        oct,
        "RQ3",
        BME_J,
        &[("Pay Band", "Band 6"), ("Disability", "Yes")],
    ));
    rows.push(assignment(
        "F3",
        oct,
        "RQ3",
        BME_D,
        &[("Staff Group", "Estates and Ancillary"), ("Pay Band", "Band 2")],
    ));
    rows.push(assignment("G1", oct, "RX1", WHITE_A, &[]));
    rows.push(assignment("G2", oct, "RX1", BME_R, &[]));
    rows.push(assignment("E1", OCT_2023, "RJ1", WHITE_A, &[]));
    rows.push(assignment("E3", OCT_2023, "RJ1", BME_S1, &[]));
    write(
        root,
        "esr_workforce",
        "esr.csv",
        format!("{ESR_HEADER}\n{}\n", rows.join("\n")),
    );
}

/// Recruitment: one row per application; `app(org, ethnic origin, disability, date,
/// shortlisted, appointed)`. Only shortlisted applications enter indicator 2.
///
/// RJ1 (in the year unless said): White 3 shortlisted 2025-03-01 (1 appointed) and 1 shortlisted
///   and appointed on 2025-10-31 (the reporting date, the last day in), 2 not shortlisted, and 1
///   shortlisted and appointed on 2024-10-31 (the day before the year: out) -> White 4
///   shortlisted, 2 appointed. BME (one S1, four M) 5 shortlisted: #0 appointed and disabled, #1
///   disabled, #2-#4 not disabled -> 5 / 1; 2 more not shortlisted. Unknown ethnicity (empty or
///   Z) 3 shortlisted and appointed: excluded from indicator 2 (one has disability not declared).
/// RQ3: White 3 shortlisted / 1 appointed; BME 2 / 1.
/// RYJ (not in ESR): White 2 / 1; BME 3 / 0 (zero BME appointments).
/// RA1..RA4 (not in ESR): built for relative likelihoods 0.79, 0.80, 1.25 and 1.26.
fn recruitment(root: &Path) {
    let mut rows = Vec::new();
    let mut n = 0;
    let mut app = |org: &str, eth: &str, dis: &str, date: &str, sl: bool, ap: bool| {
        n += 1;
        let yn = |b: bool| if b { "Y" } else { "N" };
        rows.push(format!(
            "V{n},{org},APP{n},{date},{eth},{dis},{},{}",
            yn(sl),
            yn(ap)
        ));
    };
    let in_year = "2025-03-01";
    for i in 0..3 {
        app("RJ1", WHITE_A, "No", in_year, true, i == 0);
    }
    app("RJ1", WHITE_A, "No", "2025-10-31", true, true);
    app("RJ1", WHITE_A, "No", in_year, false, false);
    app("RJ1", WHITE_A, "No", in_year, false, false);
    app("RJ1", WHITE_A, "No", "2024-10-31", true, true);
    app("RJ1", BME_S1, "Yes", in_year, true, true);
    app("RJ1", BME_M, "Yes", in_year, true, false);
    for _ in 0..3 {
        app("RJ1", BME_M, "No", in_year, true, false);
    }
    app("RJ1", BME_M, "No", in_year, false, false);
    app("RJ1", BME_M, "No", in_year, false, false);
    app("RJ1", "", "No", in_year, true, true);
    app("RJ1", UNKNOWN_Z, "No", in_year, true, true);
    app("RJ1", UNKNOWN_Z, "Not Declared", in_year, true, true);
    for i in 0..3 {
        app("RQ3", WHITE_A, "No", in_year, true, i == 0);
    }
    for i in 0..2 {
        app("RQ3", BME_N, "No", in_year, true, i == 0);
    }
    app("RYJ", WHITE_A, "No", "2025-01-01", true, true);
    app("RYJ", WHITE_A, "No", "2025-01-01", true, false);
    for _ in 0..3 {
        app("RYJ", BME_M, "No", "2025-01-01", true, false);
    }
    // (aw / sw) / (ab / sb): RA1 (79/100)/(1/1) = 0.79; RA2 (4/5)/(1/1) = 0.80;
    // RA3 (1/1)/(4/5) = 1.25; RA4 (1/1)/(50/63) = 63/50 = 1.26.
    let mut boundary = |org: &str, aw: usize, sw: usize, ab: usize, sb: usize| {
        for i in 0..sw {
            app(org, WHITE_A, "No", "2025-05-01", true, i < aw);
        }
        for i in 0..sb {
            app(org, BME_M, "No", "2025-05-01", true, i < ab);
        }
    };
    boundary("RA1", 79, 100, 1, 1);
    boundary("RA2", 4, 5, 1, 1);
    boundary("RA3", 1, 1, 4, 5);
    boundary("RA4", 1, 1, 50, 63);
    let h = "Vacancy Reference,Organisation Code,Applicant ID,Application Date,Ethnic Origin,Disability,Shortlisted,Appointed";
    write(
        root,
        "recruitment",
        "r.csv",
        format!("{h}\n{}\n", rows.join("\n")),
    );
}

/// Disciplinary cases (window 01/11/2023..31/10/2025), by the ethnic origin on the case:
/// C1 RJ1 BME (S1) 2024-05-01 in | C2 RJ1 BME 2025-01-01 in | C3 RJ1 White 2023-11-01 (first day
/// in) | C4 RJ1 White (C3) 2025-06-01 in | C5 RJ1 White 2023-10-31 (window start: out) | C6 RJ1
/// Unknown 2025-02-01 (excluded) | C7 RJ1 White 2025-10-31 (reporting date: in) | C8 RJ1 BME
/// 2025-11-15 (after the reporting date: out) | C9 RQ3 BME 2025-03-01 | C10 RYJ BME 2025-04-01
/// (organisation not in ESR).
fn disciplinary(root: &Path) {
    write(
        root,
        "disciplinary",
        "d.csv",
        format!(
            "Case Reference,Organisation Code,Employee Number,Ethnic Origin,Date Entered Formal Process\n\
             C1,RJ1,E3,{BME_S1},2024-05-01\n\
             C2,RJ1,E4,{BME_N},2025-01-01\n\
             C3,RJ1,E1,{WHITE_A},2023-11-01\n\
             C4,RJ1,E2,{WHITE_C3},2025-06-01\n\
             C5,RJ1,E1,{WHITE_A},2023-10-31\n\
             C6,RJ1,E5,{UNKNOWN_Z},2025-02-01\n\
             C7,RJ1,E10,{WHITE_A},2025-10-31\n\
             C8,RJ1,E3,{BME_S1},2025-11-15\n\
             C9,RQ3,F2,{BME_J},2025-03-01\n\
             C10,RYJ,Q1,{BME_N},2025-04-01\n"
        ),
    );
}

/// Training episodes (reporting year 01/11/2024..31/10/2025): E1 White Non-mandatory twice (one
/// person) | E2 Mandatory (never counts) | E3 BME (S1) Non-mandatory | E4 BME Non-mandatory on
/// 2024-10-31 (out) | E5 Unknown Non-mandatory (excluded) | E10 White Non-mandatory on 2025-10-31
/// (in) | Q2 at RYJ (not in ESR) BME Non-mandatory.
fn training(root: &Path) {
    write(
        root,
        "training",
        "t.csv",
        format!(
            "Employee Number,Organisation Code,Ethnic Origin,Course Type,Start Date\n\
             E1,RJ1,{WHITE_A},Non-mandatory,2025-02-01\n\
             E1,RJ1,{WHITE_A},Non-mandatory,2025-06-01\n\
             E2,RJ1,{WHITE_C3},Mandatory,2025-02-01\n\
             E3,RJ1,{BME_S1},Non-mandatory,2025-02-01\n\
             E4,RJ1,{BME_N},Non-mandatory,2024-10-31\n\
             E5,RJ1,{UNKNOWN_Z},Non-mandatory,2025-03-01\n\
             E10,RJ1,{WHITE_A},Non-mandatory,2025-10-31\n\
             Q2,RYJ,{BME_N},Non-mandatory,2025-04-01\n"
        ),
    );
}

/// Staff survey. Columns after staff group: harassment public, manager, colleagues; equal
/// opportunities; discrimination public, staff (empty = unanswered).
/// 2025 RJ1: W1-W3 White, B1 Black (disabled), B2 Asian, B3 Mixed (disability prefer not to
/// say), U1 ethnicity prefer not to say (Unknown). 2025 RQ3: R1 Chinese. 2024 RJ1: P1 White.
fn staff_survey(root: &Path) {
    let h = "Survey Year,Organisation Code,Respondent ID,Ethnic Group,Gender,Disability,Staff Group,harassment_public,harassment_manager,harassment_colleagues,equal_opportunities,discrimination_public,discrimination_staff";
    let sg = "Nursing and Midwifery Registered";
    write(
        root,
        "staff_survey",
        "s.csv",
        format!(
            "{h}\n\
             2025,RJ1,W1,White,Female,No,{sg},Never,Never,1-2,Yes,No,No\n\
             2025,RJ1,W2,White,Female,No,{sg},3-5,Never,Never,Don't know,No,No\n\
             2025,RJ1,W3,White,Male,No,{sg},,,,No,,\n\
             2025,RJ1,B1,Black / African / Caribbean / Black British,Female,Yes,{sg},1-2,6-10,Never,No,Yes,Yes\n\
             2025,RJ1,B2,Asian / Asian British,Male,No,{sg},Never,Never,Never,Don't know,No,No\n\
             2025,RJ1,B3,Mixed / Multiple ethnic groups,Female,Prefer not to say,{sg},Never,,1-2,Don't know,No,No\n\
             2025,RJ1,U1,Prefer not to say,Male,No,{sg},More than 10,,,Yes,Yes,Yes\n\
             2025,RQ3,R1,Chinese,Male,No,{sg},1-2,Never,Never,Yes,No,No\n\
             2024,RJ1,P1,White,Female,No,{sg},Never,Never,Never,Yes,No,No\n"
        ),
    );
}

/// Board seats. RJ1 on 31/10/2025 (its latest snapshot): M1 CEO voting executive White | M2 DOF
/// voting executive BME, disabled | M3 Chair voting non-executive White | M4 NED voting
/// non-executive White (B) | a vacant voting DON seat (no Member ID) | M5 non-voting executive
/// BME | M6 NED BME who left on 30/09/2025 (end date before the snapshot: vacant) | M7 NED voting
/// non-executive Unknown (Z), disability not declared. RJ1 on 30/06/2025 (an older snapshot,
/// ignored): X1-X3 BME voting executives. RX1 on 31/10/2025: N1 voting executive White, N2
/// voting non-executive BME, disabled. RQ3: one vacant seat only. RZZ (not in ESR): N3 voting
/// executive White.
fn board(root: &Path) {
    let h = "Organisation Code,Member ID,Role,Critical Role,Voting,Executive,Ethnic Origin,Gender,Disability,Interim,Start Date,End Date,Snapshot Date";
    let oct = OCT_2025;
    write(
        root,
        "board",
        "b.csv",
        format!(
            "{h}\n\
             RJ1,M1,Chief Executive,CEO,Y,Y,{WHITE_A},Female,No,N,01/01/2020,,{oct}\n\
             RJ1,M2,Director of Finance,DOF,Y,Y,{BME_N},Male,Yes,N,01/01/2021,,{oct}\n\
             RJ1,M3,Chair,,Y,N,{WHITE_A},Male,No,N,01/01/2019,,{oct}\n\
             RJ1,M4,Non-executive Director,,Y,N,{WHITE_B},Female,No,N,01/01/2022,,{oct}\n\
             RJ1,,Director of Nursing,DON,Y,Y,,,,,,,{oct}\n\
             RJ1,M5,Director of Strategy,,N,Y,{BME_H},Female,No,N,01/01/2023,,{oct}\n\
             RJ1,M6,Non-executive Director,,Y,N,{BME_M},Male,No,N,01/01/2020,30/09/2025,{oct}\n\
             RJ1,M7,Non-executive Director,,Y,N,{UNKNOWN_Z},Male,Not Declared,N,01/01/2024,,{oct}\n\
             RJ1,X1,Chief Executive,CEO,Y,Y,{BME_H},Male,No,N,01/01/2020,,30/06/2025\n\
             RJ1,X2,Director of Finance,DOF,Y,Y,{BME_H},Male,No,N,01/01/2020,,30/06/2025\n\
             RJ1,X3,Medical Director,MD,Y,Y,{BME_H},Male,No,N,01/01/2020,,30/06/2025\n\
             RX1,N1,Chief Executive,CEO,Y,Y,{WHITE_A},Female,No,N,01/01/2020,,{oct}\n\
             RX1,N2,Chair,,Y,N,{BME_R},Male,Yes,N,01/01/2020,,{oct}\n\
             RQ3,,Chief Executive,CEO,Y,Y,,,,,,,{oct}\n\
             RZZ,N3,Chief Executive,CEO,Y,Y,{WHITE_A},Male,No,N,01/01/2020,,{oct}\n"
        ),
    );
}

fn write_fixture(root: &Path) {
    esr(root);
    recruitment(root);
    disciplinary(root);
    training(root);
    staff_survey(root);
    board(root);
}

/// Runs ingest + the WRES/WDES queries (with the staging and intermediate layers they read;
/// other queries are left out so other work in progress cannot break these tests) + publish, on
/// the fixture, after `configure` adjusts the config. Blocking: runs on its own tokio runtime.
pub fn run(configure: fn(&mut Config)) -> Run {
    crate::support::block_on(async move {
        let input = tempfile::tempdir().expect("tempdir");
        write_fixture(input.path());
        let queries = shipped_query_folders(&[BASE_LAYERS[0], BASE_LAYERS[1], "wres", "wdes"]);
        let output = tempfile::tempdir().expect("tempdir");
        let mut cfg = fixture_config(input.path(), output.path(), queries.path(), 5);
        cfg.region = CONFIGURED_REGION.into();
        configure(&mut cfg);
        let manifest = crate::support::run_quiet(&cfg).await;
        let restricted = read_tables(&cfg.output, &manifest, "restricted").await;
        let published = read_tables(&cfg.output, &manifest, "published").await;
        Run {
            manifest,
            restricted,
            published,
        }
    })
}

/// The fixture with the default configuration (reporting date = latest ESR snapshot, 24-month
/// window), run once and shared by the WRES and WDES tests.
pub fn fixture() -> &'static Run {
    static RUN: OnceLock<Run> = OnceLock::new();
    RUN.get_or_init(|| run(|_| {}))
}

/// A table of `tables`; panics naming the table when it is missing.
pub fn table<'a>(tables: &'a Tables, name: &str) -> &'a RecordBatch {
    tables
        .get(name)
        .unwrap_or_else(|| panic!("no table {name}; have {:?}", tables.keys().collect::<Vec<_>>()))
}

/// Numeric cells of the single row of `name` matching `filters` ("" = null), one per column.
#[track_caller]
pub fn nums<const N: usize>(
    tables: &Tables,
    name: &str,
    filters: &[(&str, &str)],
    columns: [&str; N],
) -> [Option<f64>; N] {
    let t = table(tables, name);
    let i = row(t, filters);
    columns.map(|c| num(t, c, i))
}

/// One numeric cell of the single row matching `filters`.
#[track_caller]
pub fn cell(tables: &Tables, name: &str, filters: &[(&str, &str)], column: &str) -> Option<f64> {
    nums(tables, name, filters, [column])[0]
}

/// One cell as text ("" = null) of the single row matching `filters`.
#[track_caller]
pub fn cell_text(tables: &Tables, name: &str, filters: &[(&str, &str)], column: &str) -> String {
    let t = table(tables, name);
    text(t, column, row(t, filters))
}

/// How many rows of `name` match `filters`.
pub fn count_rows(tables: &Tables, name: &str, filters: &[(&str, &str)]) -> usize {
    let t = table(tables, name);
    (0..t.num_rows())
        .filter(|&i| filters.iter().all(|(c, v)| text(t, c, i) == *v))
        .count()
}

/// Counts as exact numbers.
pub fn some<const N: usize>(values: [f64; N]) -> [Option<f64>; N] {
    values.map(Some)
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[test]
fn every_wres_and_wdes_query_and_data_test_succeeds_on_the_fixture() {
    let m = &fixture().manifest;
    // Every fixture row is valid: nothing quarantined, so every count below is from the rows.
    let ingest = m.ingest.as_ref().expect("ingest metrics");
    for k in ingest.supplied() {
        assert_eq!(k.rows_quarantined, 0, "{} rows quarantined", k.kind);
    }
    assert_eq!(
        ingest.supplied().count(),
        6,
        "the six extracts the fixture writes"
    );
    let ours = |file: &str| file.contains("/wres/") || file.contains("/wdes/");
    let queries: Vec<_> = m.queries.iter().filter(|q| ours(&q.file)).collect();
    assert!(queries.len() >= 10, "{queries:?}");
    for q in queries {
        assert_eq!(q.status, "ok", "{}: {:?}", q.name, q.message);
    }
    // Indicators 2, 3, 4 and WDES metric 2 share one generic data test, beside the model they
    // select from (intermediate/equality_relative_likelihoods).
    let tests: Vec<_> = m
        .tests
        .iter()
        .filter(|t| ours(&t.file) || t.file.contains("/intermediate/equality_"))
        .collect();
    assert!(
        tests.iter().any(|t| t
            .file
            .ends_with("intermediate/equality_relative_likelihoods.test.sql")),
        "the relative-likelihood data test: {tests:?}"
    );
    for t in tests {
        assert!(t.passed, "{}: {:?}", t.name, t.sample);
    }
}

#[test]
fn published_copies_withhold_small_counts_and_the_rates_computed_from_them() {
    let run = fixture();
    let p = &run.published;
    // Threshold 5: counts 1-4 are withheld. RJ1 in indicator 2: White 4 / 2 and BME appointed 1
    // are withheld, so are the relative likelihood and its adverse flag; BME shortlisted 5 stays.
    let i2 = "wres_indicator_2";
    let rj1 = [("org_code", "RJ1")];
    assert_eq!(
        nums(
            p,
            i2,
            &rj1,
            [
                "shortlisted_white",
                "appointed_white",
                "shortlisted_bme",
                "appointed_bme"
            ]
        ),
        [None, None, Some(5.0), None]
    );
    assert_eq!(cell(p, i2, &rj1, "relative_likelihood"), None);
    assert_eq!(cell_text(p, i2, &rj1, "adverse"), "");
    assert_eq!(cell_text(p, i2, &rj1, "suppressed"), "true");
    // The LDP1 total (109, 86, 73, 56) is published whole.
    let ldp = [("region_code", CONFIGURED_REGION), ("org_code", "")];
    approx(cell(p, i2, &ldp, "relative_likelihood"), 1.0285);
    assert_eq!(cell_text(p, i2, &ldp, "suppressed"), "false");
    // Indicator 1, RJ1 whole workforce: headcount 7 published, the groups (3, 3, 1) and their
    // shares withheld.
    let f = [("org_code", "RJ1"), ("staff_scope", "All"), ("pay_band", "All")];
    assert_eq!(
        nums(
            p,
            "wres_indicator_1",
            &f,
            ["headcount", "headcount_bme", "share_bme", "share_unknown"]
        ),
        [Some(7.0), None, None, None]
    );
    // The restricted copy keeps the exact numbers.
    assert_eq!(
        cell(&run.restricted, "wres_indicator_1", &f, "headcount_bme"),
        Some(3.0)
    );
}
