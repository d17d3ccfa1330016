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
fn indicator_1_counts_substantive_people_once_per_band_with_unknown_as_its_own_column() {
    let t = &fixture().restricted;
    let i1 = "wres_indicator_1";
    let cols = [
        "headcount_white",
        "headcount_bme",
        "headcount_unknown",
        "headcount",
    ];
    let at = |org: &'static str, scope: &'static str, band: &'static str| {
        [("org_code", org), ("staff_scope", scope), ("pay_band", band)]
    };
    // RJ1, whole workforce: E1, E2, E3, E4, E5, E6, E10 = 7 people (E6's two assignments once;
    // E10's two bands once; E7 Bank, E8 Locum, E9 Honorary excluded). White E1, E2 (C3 rolls up
    // to C), E10 = 3; BME E3 (S1 rolls up to S), E4, E6 = 3; Unknown E5 = 1.
    // Shares 3/7 = 0.4286, 3/7 = 0.4286, 1/7 = 0.1429.
    assert_eq!(
        nums(t, i1, &at("RJ1", "All", "All"), cols),
        some([3.0, 3.0, 1.0, 7.0])
    );
    approx(cell(t, i1, &at("RJ1", "All", "All"), "share_white"), 0.4286);
    approx(cell(t, i1, &at("RJ1", "All", "All"), "share_bme"), 0.4286);
    approx(cell(t, i1, &at("RJ1", "All", "All"), "share_unknown"), 0.1429);
    // Band 5, all staff: E1, E2, E3, E5, E6 (once) = 5: White 2, BME 2, Unknown 1 -> 0.4, 0.4,
    // 0.2, compared with the whole workforce's BME share 3/7 = 0.4286.
    let b5 = at("RJ1", "All", "Band 5");
    assert_eq!(nums(t, i1, &b5, cols), some([2.0, 2.0, 1.0, 5.0]));
    approx(cell(t, i1, &b5, "share_bme"), 0.4);
    approx(cell(t, i1, &b5, "share_unknown"), 0.2);
    approx(cell(t, i1, &b5, "workforce_share_bme"), 0.4286);
    approx(cell(t, i1, &b5, "workforce_share_unknown"), 0.1429);
    assert_eq!(cell(t, i1, &b5, "workforce_headcount"), Some(7.0));
    // E10 counts once in Band 7 (clinical) and once in Band 3 (non-clinical). Band 6 has only E8
    // (Locum): no row.
    assert_eq!(
        nums(t, i1, &at("RJ1", "All", "Band 7"), cols),
        some([1.0, 0.0, 0.0, 1.0])
    );
    assert_eq!(
        nums(t, i1, &at("RJ1", "All", "Band 3"), cols),
        some([1.0, 0.0, 0.0, 1.0])
    );
    assert_eq!(count_rows(t, i1, &at("RJ1", "All", "Band 6")), 0);
    // Clinical: E1, E2, E3, E5, E6, E10 = 6 (White 3, BME 2, Unknown 1); clinical Band 5 is the
    // five above, against the clinical workforce's BME share 2/6 = 0.3333.
    assert_eq!(
        nums(t, i1, &at("RJ1", "Clinical", "All"), cols),
        some([3.0, 2.0, 1.0, 6.0])
    );
    approx(
        cell(t, i1, &at("RJ1", "Clinical", "Band 5"), "workforce_share_bme"),
        0.3333,
    );
    // Non-clinical: E4 (Band 8c, BME) and E10 (Band 3, White) = 2.
    assert_eq!(
        nums(t, i1, &at("RJ1", "Non-clinical", "All"), cols),
        some([1.0, 1.0, 0.0, 2.0])
    );
    assert_eq!(
        nums(t, i1, &at("RJ1", "Non-clinical", "Band 8c"), cols),
        some([0.0, 1.0, 0.0, 1.0])
    );
    // RQ3: F1 White, F2 and F3 BME = 3.
    assert_eq!(
        nums(t, i1, &at("RQ3", "All", "All"), cols),
        some([1.0, 2.0, 0.0, 3.0])
    );
}

#[test]
fn indicator_1_region_totals_sum_the_organisations_of_each_esr_region() {
    let t = &fixture().restricted;
    let i1 = "wres_indicator_1";
    let cols = [
        "headcount_white",
        "headcount_bme",
        "headcount_unknown",
        "headcount",
    ];
    // Y56 = RJ1 (3, 3, 1, 7) + RQ3 (1, 2, 0, 3) = (4, 5, 1, 10): shares 0.4, 0.5, 0.1.
    let y56 = [
        ("region_code", "Y56"),
        ("org_code", ""),
        ("staff_scope", "All"),
        ("pay_band", "All"),
    ];
    assert_eq!(nums(t, i1, &y56, cols), some([4.0, 5.0, 1.0, 10.0]));
    approx(cell(t, i1, &y56, "share_white"), 0.4);
    approx(cell(t, i1, &y56, "share_bme"), 0.5);
    approx(cell(t, i1, &y56, "share_unknown"), 0.1);
    // Band 6 in Y56: only RQ3's F1 (White) and F2 (BME): the Locum E8 at RJ1 is not staff.
    let y56_b6 = [
        ("region_code", "Y56"),
        ("org_code", ""),
        ("staff_scope", "All"),
        ("pay_band", "Band 6"),
    ];
    assert_eq!(nums(t, i1, &y56_b6, cols), some([1.0, 1.0, 0.0, 2.0]));
    approx(cell(t, i1, &y56_b6, "workforce_share_bme"), 0.5);
    // RX1 is in Y60 in ESR: its own region, total G1 White + G2 BME.
    let y60 = [
        ("region_code", "Y60"),
        ("org_code", ""),
        ("staff_scope", "All"),
        ("pay_band", "All"),
    ];
    assert_eq!(nums(t, i1, &y60, cols), some([1.0, 1.0, 0.0, 2.0]));
    assert_eq!(
        cell_text(
            t,
            i1,
            &[("org_code", "RX1"), ("staff_scope", "All"), ("pay_band", "All")],
            "region_code"
        ),
        "Y60"
    );
}

#[test]
fn indicator_2_counts_shortlisted_applications_in_the_year_and_excludes_unknown() {
    let t = &fixture().restricted;
    let i2 = "wres_indicator_2";
    let cols = [
        "shortlisted_white",
        "appointed_white",
        "shortlisted_bme",
        "appointed_bme",
    ];
    // RJ1: White 4 shortlisted (3 on 2025-03-01 + 1 on 2025-10-31; not the 2024-10-31 one, not
    // the 2 never shortlisted), 2 appointed; BME 5 / 1 (S1 rolls up); the 3 Unknown excluded.
    // likelihood White 2/4 = 0.5, BME 1/5 = 0.2; relative likelihood 0.5 / 0.2 = 2.5: adverse.
    let rj1 = [("org_code", "RJ1")];
    assert_eq!(nums(t, i2, &rj1, cols), some([4.0, 2.0, 5.0, 1.0]));
    approx(cell(t, i2, &rj1, "likelihood_white"), 0.5);
    approx(cell(t, i2, &rj1, "likelihood_bme"), 0.2);
    approx(cell(t, i2, &rj1, "relative_likelihood"), 2.5);
    assert_eq!(cell_text(t, i2, &rj1, "adverse"), "true");
    assert_eq!(cell_text(t, i2, &rj1, "relative_likelihood_note"), "");
    assert_eq!(cell_text(t, i2, &rj1, "region_code"), "Y56");
    // RQ3: (1/3) / (1/2) = 0.6667: adverse.
    approx(cell(t, i2, &[("org_code", "RQ3")], "relative_likelihood"), 0.6667);
    // Region Y56 = RJ1 + RQ3: White 7 / 3, BME 7 / 2; (3/7) / (2/7) = 1.5, recomputed from the
    // sums (the mean of the two organisations' values, 1.5833, would be wrong).
    let y56 = [("region_code", "Y56"), ("org_code", "")];
    assert_eq!(nums(t, i2, &y56, cols), some([7.0, 3.0, 7.0, 2.0]));
    approx(cell(t, i2, &y56, "relative_likelihood"), 1.5);
}

#[test]
fn indicator_2_zero_bme_appointments_is_null_with_a_reason_and_the_region_comes_from_configuration() {
    let t = &fixture().restricted;
    let i2 = "wres_indicator_2";
    // RYJ: White 2 / 1, BME 3 / 0 -> BME likelihood 0: no relative likelihood (not infinity).
    let ryj = [("org_code", "RYJ")];
    assert_eq!(
        nums(
            t,
            i2,
            &ryj,
            [
                "shortlisted_white",
                "appointed_white",
                "shortlisted_bme",
                "appointed_bme"
            ]
        ),
        some([2.0, 1.0, 3.0, 0.0])
    );
    assert_eq!(cell(t, i2, &ryj, "relative_likelihood"), None);
    assert_eq!(cell(t, i2, &ryj, "likelihood_bme"), Some(0.0));
    assert_eq!(
        cell_text(t, i2, &ryj, "relative_likelihood_note"),
        "no BME appointments"
    );
    assert_eq!(cell_text(t, i2, &ryj, "adverse"), "");
    // RYJ is not in ESR: the configured region.
    assert_eq!(cell_text(t, i2, &ryj, "region_code"), CONFIGURED_REGION);
    // The LDP1 total = RYJ + RA1..RA4: White 2+100+5+1+1 = 109 shortlisted, 1+79+4+1+1 = 86
    // appointed; BME 3+1+1+5+63 = 73, 0+1+1+4+50 = 56. (86/109) / (56/73) = 0.788991 / 0.767123
    // = 1.0285.
    let ldp = [("region_code", CONFIGURED_REGION), ("org_code", "")];
    assert_eq!(
        nums(
            t,
            i2,
            &ldp,
            [
                "shortlisted_white",
                "appointed_white",
                "shortlisted_bme",
                "appointed_bme"
            ]
        ),
        some([109.0, 86.0, 73.0, 56.0])
    );
    approx(cell(t, i2, &ldp, "relative_likelihood"), 1.0285);
    assert_eq!(cell_text(t, i2, &ldp, "adverse"), "false");
}

#[test]
fn adverse_flag_is_outside_four_fifths_at_0_79_and_1_26_but_not_at_0_80_and_1_25() {
    let t = &fixture().restricted;
    // RA1 (79/100)/(1/1) = 0.79; RA2 (4/5)/(1/1) = 0.80; RA3 (1/1)/(4/5) = 1.25;
    // RA4 (1/1)/(50/63) = 1.26.
    for (org, rl, adverse) in [
        ("RA1", 0.79, "true"),
        ("RA2", 0.80, "false"),
        ("RA3", 1.25, "false"),
        ("RA4", 1.26, "true"),
    ] {
        let f = [("org_code", org)];
        approx(cell(t, "wres_indicator_2", &f, "relative_likelihood"), rl);
        assert_eq!(cell_text(t, "wres_indicator_2", &f, "adverse"), adverse, "{org}");
    }
}

#[test]
fn indicator_3_counts_cases_in_the_two_year_window_over_the_average_headcount() {
    let t = &fixture().restricted;
    let i3 = "wres_indicator_3";
    let cols = [
        "entered_bme",
        "entered_white",
        "snapshots",
        "headcount_bme_snapshot_sum",
        "headcount_white_snapshot_sum",
    ];
    // RJ1 cases in (31/10/2023, 31/10/2025]: BME C1, C2 = 2 (C8, after the reporting date, out);
    // White C3 (01/11/2023, first day), C4, C7 (31/10/2025, last day) = 3 (C5 on 31/10/2023 out);
    // C6 Unknown excluded. Snapshots in the window: 30/09/2025 and 31/10/2025 (31/10/2023 is the
    // window start: out) = 2. BME 2 (E3, E4) + 3 (E3, E4, E6) = 5 -> average 2.5; White 2 (E1, E2;
    // E7 Bank excluded) + 3 (E1, E2, E10) = 5 -> 2.5. Likelihoods 2/2.5 = 0.8 and 3/2.5 = 1.2;
    // relative likelihood (BME over White) 0.8 / 1.2 = 0.6667: adverse.
    let rj1 = [("org_code", "RJ1")];
    assert_eq!(nums(t, i3, &rj1, cols), some([2.0, 3.0, 2.0, 5.0, 5.0]));
    approx(cell(t, i3, &rj1, "average_headcount_bme"), 2.5);
    approx(cell(t, i3, &rj1, "average_headcount_white"), 2.5);
    approx(cell(t, i3, &rj1, "likelihood_bme"), 0.8);
    approx(cell(t, i3, &rj1, "likelihood_white"), 1.2);
    approx(cell(t, i3, &rj1, "relative_likelihood"), 0.6667);
    assert_eq!(cell_text(t, i3, &rj1, "adverse"), "true");
    // RQ3: one snapshot, BME 2 (F2, F3), White 1; cases BME 1 (C9), White 0 -> null.
    let rq3 = [("org_code", "RQ3")];
    assert_eq!(nums(t, i3, &rq3, cols), some([1.0, 0.0, 1.0, 2.0, 1.0]));
    assert_eq!(cell(t, i3, &rq3, "relative_likelihood"), None);
    assert_eq!(
        cell_text(t, i3, &rq3, "relative_likelihood_note"),
        "no White staff entered the formal process"
    );
    // Region Y56: cases BME 2 + 1 = 3, White 3 + 0 = 3; average headcounts summed: BME 2.5 + 2 =
    // 4.5, White 2.5 + 1 = 3.5. (3/4.5) / (3/3.5) = 0.6667 / 0.8571 = 0.7778: adverse.
    let y56 = [("region_code", "Y56"), ("org_code", "")];
    assert_eq!(
        nums(t, i3, &y56, ["entered_bme", "entered_white"]),
        some([3.0, 3.0])
    );
    approx(cell(t, i3, &y56, "average_headcount_bme"), 4.5);
    approx(cell(t, i3, &y56, "average_headcount_white"), 3.5);
    approx(cell(t, i3, &y56, "relative_likelihood"), 0.7778);
    // RYJ has a case (C10) but no ESR staff: a row in the configured region, null with a reason.
    let ryj = [("org_code", "RYJ")];
    assert_eq!(nums(t, i3, &ryj, ["entered_bme", "snapshots"]), some([1.0, 0.0]));
    assert_eq!(cell(t, i3, &ryj, "relative_likelihood"), None);
    assert_eq!(
        cell_text(t, i3, &ryj, "relative_likelihood_note"),
        "no BME staff in the window"
    );
    assert_eq!(cell_text(t, i3, &ryj, "region_code"), CONFIGURED_REGION);
}

/// The fixture with reporting date 30/09/2025 and a 12-month disciplinary window.
fn september_run() -> &'static Run {
    static RUN: OnceLock<Run> = OnceLock::new();
    RUN.get_or_init(|| {
        run(|cfg| {
            cfg.file.metrics.reporting_date = chrono::NaiveDate::from_ymd_opt(2025, 9, 30);
            cfg.file.metrics.disciplinary_window_months = 12;
        })
    })
}

#[test]
fn reporting_date_and_disciplinary_window_are_configurable() {
    let t = &september_run().restricted;
    // Staff on 30/09/2025 at RJ1: E1, E2 White, E3, E4 BME (E7 Bank excluded) = 4.
    assert_eq!(
        nums(
            t,
            "wres_indicator_1",
            &[("org_code", "RJ1"), ("staff_scope", "All"), ("pay_band", "All")],
            [
                "headcount_white",
                "headcount_bme",
                "headcount_unknown",
                "headcount"
            ]
        ),
        some([2.0, 2.0, 0.0, 4.0])
    );
    // Window (30/09/2024, 30/09/2025]: cases C2 (BME) and C4 (White); C1, C3 and C5 are before
    // it, C7 and C8 after it. Snapshots: 30/09/2025 only (BME 2, White 2).
    // (1/2) / (1/2) = 1.0: not adverse.
    let rj1 = [("org_code", "RJ1")];
    assert_eq!(
        nums(
            t,
            "wres_indicator_3",
            &rj1,
            [
                "entered_bme",
                "entered_white",
                "snapshots",
                "headcount_bme_snapshot_sum",
                "headcount_white_snapshot_sum"
            ]
        ),
        some([1.0, 1.0, 1.0, 2.0, 2.0])
    );
    approx(cell(t, "wres_indicator_3", &rj1, "relative_likelihood"), 1.0);
    assert_eq!(cell_text(t, "wres_indicator_3", &rj1, "adverse"), "false");
}

#[test]
fn indicator_4_counts_distinct_staff_with_non_mandatory_training_in_the_year() {
    let t = &fixture().restricted;
    let i4 = "wres_indicator_4";
    let cols = [
        "accessed_white",
        "headcount_white",
        "accessed_bme",
        "headcount_bme",
    ];
    // RJ1: White E1 (two episodes, one person) and E10 (31/10/2025, last day) = 2 of 3 staff;
    // BME E3 = 1 of 3 (E4's episode on 31/10/2024 is before the year); E2's Mandatory course and
    // Unknown E5 do not count. (2/3) / (1/3) = 2.0: adverse.
    let rj1 = [("org_code", "RJ1")];
    assert_eq!(nums(t, i4, &rj1, cols), some([2.0, 3.0, 1.0, 3.0]));
    approx(cell(t, i4, &rj1, "likelihood_white"), 0.6667);
    approx(cell(t, i4, &rj1, "likelihood_bme"), 0.3333);
    approx(cell(t, i4, &rj1, "relative_likelihood"), 2.0);
    assert_eq!(cell_text(t, i4, &rj1, "adverse"), "true");
    // RQ3: nobody trained: null with a reason.
    let rq3 = [("org_code", "RQ3")];
    assert_eq!(nums(t, i4, &rq3, cols), some([0.0, 1.0, 0.0, 2.0]));
    assert_eq!(cell(t, i4, &rq3, "relative_likelihood"), None);
    assert_eq!(
        cell_text(t, i4, &rq3, "relative_likelihood_note"),
        "no White staff accessed non-mandatory training"
    );
    // Region Y56: (2 / 4) / (1 / 5) = 0.5 / 0.2 = 2.5.
    let y56 = [("region_code", "Y56"), ("org_code", "")];
    assert_eq!(nums(t, i4, &y56, cols), some([2.0, 4.0, 1.0, 5.0]));
    approx(cell(t, i4, &y56, "relative_likelihood"), 2.5);
    // RYJ: training but no staff in post: a row in the configured region, null with a reason.
    let ryj = [("org_code", "RYJ")];
    assert_eq!(nums(t, i4, &ryj, cols), some([0.0, 0.0, 1.0, 0.0]));
    assert_eq!(
        cell_text(t, i4, &ryj, "relative_likelihood_note"),
        "no White staff in post"
    );
    assert_eq!(cell_text(t, i4, &ryj, "region_code"), CONFIGURED_REGION);
}

#[test]
fn indicators_5_to_8_count_answered_questions_with_dont_know_in_the_denominator_of_7() {
    let t = &fixture().restricted;
    let s = "wres_indicators_5_to_8";
    let cols = [
        "respondents_white",
        "counting_white",
        "respondents_bme",
        "counting_bme",
    ];
    // 2025, RJ1 (U1, ethnicity prefer not to say, is excluded everywhere):
    // 5 (public): White W1 Never, W2 3-5 -> 2 answered, 1 counting (50%); BME B1 1-2, B2 Never,
    //   B3 Never -> 3, 1 (33.33%); difference 33.33 - 50 = -16.67.
    // 6 (manager or colleagues): White W1 (colleagues 1-2) yes, W2 no -> 2, 1; BME B1 (manager
    //   6-10) yes, B2 no, B3 (manager unanswered, colleagues 1-2) yes -> 3, 2 (66.67%).
    // 7 (equal opportunities Yes): White Yes, Don't know, No -> 3, 1 (33.33%, Don't know in the
    //   denominator); BME No, Don't know, Don't know -> 3, 0 (0%).
    // 8 (discrimination from staff Yes): White W1 No, W2 No (W3 unanswered) -> 2, 0; BME B1 Yes,
    //   B2 No, B3 No -> 3, 1 (33.33%).
    for (ind, counts, pw, pb, diff) in [
        ("5", [2.0, 1.0, 3.0, 1.0], 50.0, 33.33, -16.67),
        ("6", [2.0, 1.0, 3.0, 2.0], 50.0, 66.67, 16.67),
        ("7", [3.0, 1.0, 3.0, 0.0], 33.33, 0.0, -33.33),
        ("8", [2.0, 0.0, 3.0, 1.0], 0.0, 33.33, 33.33),
    ] {
        let f = [
            ("survey_year", "2025"),
            ("org_code", "RJ1"),
            ("wres_indicator", ind),
        ];
        assert_eq!(nums(t, s, &f, cols), some(counts), "indicator {ind}");
        approx(cell(t, s, &f, "percent_white"), pw);
        approx(cell(t, s, &f, "percent_bme"), pb);
        approx(cell(t, s, &f, "difference_pp"), diff);
    }
    // Region Y56, 2025, indicator 7: RJ1 (3, 1, 3, 0) + RQ3's R1 (BME Yes: 0, 0, 1, 1) =
    // (3, 1, 4, 1): 33.33% and 25%.
    let f = [
        ("survey_year", "2025"),
        ("region_code", "Y56"),
        ("org_code", ""),
        ("wres_indicator", "7"),
    ];
    assert_eq!(nums(t, s, &f, cols), some([3.0, 1.0, 4.0, 1.0]));
    approx(cell(t, s, &f, "percent_bme"), 25.0);
    // 2024, RJ1: only P1 (White, Yes) answered: the BME percentage is null with a reason.
    let f = [
        ("survey_year", "2024"),
        ("org_code", "RJ1"),
        ("wres_indicator", "7"),
    ];
    assert_eq!(nums(t, s, &f, cols), some([1.0, 1.0, 0.0, 0.0]));
    assert_eq!(cell(t, s, &f, "percent_bme"), None);
    assert_eq!(cell(t, s, &f, "difference_pp"), None);
    assert_eq!(cell_text(t, s, &f, "percent_note"), "no BME respondents answered");
}

#[test]
fn indicator_9_compares_voting_board_members_on_the_latest_snapshot_with_the_workforce() {
    let t = &fixture().restricted;
    let i9 = "wres_indicator_9";
    let cols = [
        "board_members",
        "board_bme",
        "workforce_headcount",
        "workforce_bme",
    ];
    // RJ1's latest snapshot (31/10/2025; the 30/06/2025 one is ignored): voting members M1, M2,
    // M3, M4, M7 = 5 (the vacant DON seat, non-voting M5 and M6, who has left, excluded); BME M2
    // = 1 -> 20%. Workforce 7, BME 3 -> 42.857%. 20 - 42.857 = -22.86 pp. Executive M1, M2:
    // 1 of 2 = 50% -> 7.14; non-executive M3, M4, M7 (Unknown, in the denominator): 0 of 3 ->
    // -42.86.
    for (group, counts, share, diff) in [
        ("Voting", [5.0, 1.0, 7.0, 3.0], 0.2, -22.86),
        ("Executive", [2.0, 1.0, 7.0, 3.0], 0.5, 7.14),
        ("Non-executive", [3.0, 0.0, 7.0, 3.0], 0.0, -42.86),
    ] {
        let f = [("org_code", "RJ1"), ("board_group", group)];
        assert_eq!(nums(t, i9, &f, cols), some(counts), "{group}");
        approx(cell(t, i9, &f, "board_share_bme"), share);
        approx(cell(t, i9, &f, "workforce_share_bme"), 0.4286);
        approx(cell(t, i9, &f, "difference_pp"), diff);
        assert_eq!(cell_text(t, i9, &f, "board_snapshot_date"), "2025-10-31");
    }
    // RQ3: its only seat is vacant: a row with no members, null with a reason.
    let f = [("org_code", "RQ3"), ("board_group", "Voting")];
    assert_eq!(nums(t, i9, &f, cols), some([0.0, 0.0, 3.0, 2.0]));
    assert_eq!(cell(t, i9, &f, "difference_pp"), None);
    assert_eq!(
        cell_text(t, i9, &f, "difference_note"),
        "no voting members in this group on the latest board snapshot"
    );
    // RX1 (Y60 in ESR): N1 White, N2 BME -> 50%; workforce 1 of 2 -> 50%: 0.00.
    let f = [("org_code", "RX1"), ("board_group", "Voting")];
    approx(cell(t, i9, &f, "difference_pp"), 0.0);
    assert_eq!(cell_text(t, i9, &f, "region_code"), "Y60");
    // RZZ: no staff in post: null with a reason, in the configured region.
    let f = [("org_code", "RZZ"), ("board_group", "Voting")];
    assert_eq!(cell(t, i9, &f, "difference_pp"), None);
    assert_eq!(
        cell_text(t, i9, &f, "difference_note"),
        "no staff in post for this organisation"
    );
    assert_eq!(cell_text(t, i9, &f, "region_code"), CONFIGURED_REGION);
    // Region Y56, voting: only organisations whose difference is computed are summed (issue 13
    // point 7): RJ1 (5, 1, 7, 3); RQ3 has no voting member (its staff are not added without a
    // board): 20% - 42.857% = -22.86, one organisation compared, one left out for no members.
    let f = [
        ("region_code", "Y56"),
        ("org_code", ""),
        ("board_group", "Voting"),
    ];
    assert_eq!(nums(t, i9, &f, cols), some([5.0, 1.0, 7.0, 3.0]));
    approx(cell(t, i9, &f, "difference_pp"), -22.86);
    assert_eq!(
        nums(
            t,
            i9,
            &f,
            ["organisations_counted", "organisations_without_members"]
        ),
        some([1.0, 1.0])
    );
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
