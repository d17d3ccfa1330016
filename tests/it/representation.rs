//! Representation and staff-survey tables (issue 13: WRES indicators 1, 5-8 and 9, WDES metrics
//! 1 and 10 and the WDES staff-survey metrics) on a hand-built fixture of their own, written below
//! as CSV text. These tables are thin selections over `queries/intermediate/`
//! (`workforce_representation`, `board_workforce_representation`, `staff_survey_measures`); the
//! tests read the published tables. Every expected number is worked in the comments from the rows.
//!
//! The fixture (reporting date 31/10/2025, staleness limit 45 days: an ESR snapshot older than
//! 16/09/2025 is not current; every ESR organisation is in region Y58):
//! - RP1, ESR snapshot 31/10/2025 (current), eight substantive people:
//!   | person | assignments (pay band, staff group) | ethnic origin | disability |
//!   |---|---|---|---|
//!   | P1 | P1-1 Band 5 nursing, started 01/01/2019; P1-2 Band 6 nursing, started 01/06/2024 | P1-1 A White, P1-2 N Black | P1-1 No, P1-2 Yes |
//!   | P2 | Band 4, Additional Clinical Services | A White | No |
//!   | P3 | Band 5 and Band 6, nursing (same record) | A White | No |
//!   | P4 | Band 8c, Administrative and Clerical | H Asian | No |
//!   | P5 | VSM, Administrative and Clerical | B White | Yes |
//!   | P6 | Medical, Medical and Dental | M Black | No |
//!   | P7 | Band 3, Administrative and Clerical | A White | Not Declared |
//!   | P8 | Band 2, Estates and Ancillary | Z Not Stated | No |
//!   P1's assignments disagree. Staging takes one value per person per snapshot, from the record
//!   with the latest start date (issue 13 point 13; ties by the smallest assignment id): P1-2,
//!   so P1 is BME and Disabled. Clinical: P1, P2, P3, P6; non-clinical: P4, P5, P7, P8.
//! - RP2, latest ESR snapshot 30/09/2025 (31 days old: current): Q1 A White Band 5 No, Q2 J
//!   Asian Band 5 Yes.
//! - RP3, latest ESR snapshot 31/08/2025 (61 days old: not current): R1 A White Band 5.
//! - RP4, ESR region Y59, snapshot 31/10/2025: T1 A White Band 5 (its board snapshot is stale).
//! - Board, 31/10/2025. RP1: B1 CEO voting executive BME (H), not disabled | B2 DOF voting
//!   executive White, disabled | B3 Chair voting non-executive White | B4 NED voting
//!   non-executive White (B) | B5 Director of Strategy non-voting executive BME (M), disabled |
//!   B6 Director of Communications non-voting executive, ethnicity Z (Unknown), not disabled.
//!   RP2: C1 CEO voting executive BME (N). RP3: D1 CEO voting executive White. RP4's only board
//!   snapshot is 31/07/2025 (92 days old: not current): E1 CEO voting executive BME (N).
//! - Staff survey 2025, RP1 (columns: ethnic group, disability, harassment from the public,
//!   from managers, from colleagues, equal opportunities, discrimination from staff; "-" =
//!   unanswered):
//!   | id | ethnic group | disability | public | managers | colleagues | equal opp. | discr. |
//!   |---|---|---|---|---|---|---|---|
//!   | S1 | White | Yes | Never | 1-2 | 1-2 | Yes | No |
//!   | S2 | Black | Yes | 1-2 | Never | 3-5 | No | Yes |
//!   | S3 | White | No | Never | Never | Never | Don't know | No |
//!   | S4 | Asian | No | Never | 6-10 | - | Yes | No |
//!   | S5 | White | No | - | - | 1-2 | Yes | - |
//!   | S6 | White | Prefer not to say | Never | More than 10 | More than 10 | No | Yes |

use std::path::Path;
use std::sync::OnceLock;

use crate::ingest::{ESR_HEADER, esr_row, write};
use crate::support::{approx, fixture_config, read_tables, shipped_query_folders, text};
use crate::wres::{Tables, cell, cell_text, count_rows, nums, some, table};

const REGION: &str = "Y58";

// ---------------------------------------------------------------------------------------------
// The fixture
// ---------------------------------------------------------------------------------------------

/// One ESR assignment of `emp` at `org` on `date`, with overrides by column (default: Band 5,
/// Nursing and Midwifery Registered, Permanent, White A, not disabled, started 01/04/2015).
fn assignment(emp: &str, org: &str, date: &str, extra: &[(&str, &str)]) -> String {
    let mut o: Vec<(&str, &str)> = vec![
        ("Snapshot Date", date),
        ("Organisation Code", org),
        ("Region Code", REGION),
    ];
    o.extend_from_slice(extra);
    esr_row(emp, &o)
}

fn esr(root: &Path) {
    let oct = "31/10/2025";
    let admin = ("Staff Group", "Administrative and Clerical");
    let rows = [
        assignment(
            "P1",
            "RP1",
            oct,
            &[
                ("Start Date", "01/01/2019"),
                ("Ethnic Origin", "A White - British"),
            ],
        ),
        assignment(
            "P1",
            "RP1",
            oct,
            &[
                ("Assignment Number", "P1-2"),
                ("Pay Band", "Band 6"),
                ("Start Date", "01/06/2024"),
                ("Ethnic Origin", "N Black or Black British - African"),
                ("Disability", "Yes"),
            ],
        ),
        assignment(
            "P2",
            "RP1",
            oct,
            &[
                ("Pay Band", "Band 4"),
                ("Staff Group", "Additional Clinical Services"),
            ],
        ),
        assignment("P3", "RP1", oct, &[]),
        assignment(
            "P3",
            "RP1",
            oct,
            &[("Assignment Number", "P3-2"), ("Pay Band", "Band 6")],
        ),
        assignment(
            "P4",
            "RP1",
            oct,
            &[
                admin,
                ("Pay Band", "Band 8c"),
                ("Ethnic Origin", "H Asian or Asian British - Indian"),
            ],
        ),
        assignment(
            "P5",
            "RP1",
            oct,
            &[
                admin,
                ("Pay Band", "VSM"),
                ("Ethnic Origin", "B White - Irish"),
                ("Disability", "Yes"),
            ],
        ),
        assignment(
            "P6",
            "RP1",
            oct,
            &[
                ("Staff Group", "Medical and Dental"),
                ("Pay Band", "Medical"),
                ("Ethnic Origin", "M Black or Black British - Caribbean"),
            ],
        ),
        assignment(
            "P7",
            "RP1",
            oct,
            &[admin, ("Pay Band", "Band 3"), ("Disability", "Not Declared")],
        ),
        assignment(
            "P8",
            "RP1",
            oct,
            &[
                ("Staff Group", "Estates and Ancillary"),
                ("Pay Band", "Band 2"),
                ("Ethnic Origin", "Z Not Stated"),
            ],
        ),
        assignment("Q1", "RP2", "30/09/2025", &[]),
        assignment(
            "Q2",
            "RP2",
            "30/09/2025",
            &[
                ("Ethnic Origin", "J Asian or Asian British - Pakistani"),
                ("Disability", "Yes"),
            ],
        ),
        assignment("R1", "RP3", "31/08/2025", &[]),
        esr_row(
            "T1",
            &[
                ("Snapshot Date", oct),
                ("Organisation Code", "RP4"),
                ("Region Code", "Y59"),
            ],
        ),
    ];
    write(
        root,
        "esr_workforce",
        "esr.csv",
        format!("{ESR_HEADER}\n{}\n", rows.join("\n")),
    );
}

fn board(root: &Path) {
    let h = "Organisation Code,Member ID,Role,Critical Role,Voting,Executive,Ethnic Origin,Gender,Disability,Interim,Start Date,End Date,Snapshot Date";
    let d = "31/10/2025";
    write(
        root,
        "board",
        "b.csv",
        format!(
            "{h}\n\
             RP1,B1,Chief Executive,CEO,Y,Y,H Asian or Asian British - Indian,Female,No,N,01/01/2020,,{d}\n\
             RP1,B2,Director of Finance,DOF,Y,Y,A White - British,Male,Yes,N,01/01/2021,,{d}\n\
             RP1,B3,Chair,,Y,N,A White - British,Male,No,N,01/01/2019,,{d}\n\
             RP1,B4,Non-executive Director,,Y,N,B White - Irish,Female,No,N,01/01/2022,,{d}\n\
             RP1,B5,Director of Strategy,,N,Y,M Black or Black British - Caribbean,Female,Yes,N,01/01/2023,,{d}\n\
             RP1,B6,Director of Communications,,N,Y,Z Not Stated,Male,No,N,01/01/2023,,{d}\n\
             RP2,C1,Chief Executive,CEO,Y,Y,N Black or Black British - African,Male,No,N,01/01/2020,,{d}\n\
             RP3,D1,Chief Executive,CEO,Y,Y,A White - British,Female,No,N,01/01/2020,,{d}\n\
             RP4,E1,Chief Executive,CEO,Y,Y,N Black or Black British - African,Male,No,N,01/01/2020,,31/07/2025\n"
        ),
    );
}

fn staff_survey(root: &Path) {
    let h = "Survey Year,Organisation Code,Respondent ID,Ethnic Group,Gender,Disability,Staff Group,harassment_public,harassment_manager,harassment_colleagues,equal_opportunities,discrimination_public,discrimination_staff";
    let sg = "Nursing and Midwifery Registered";
    let black = "Black / African / Caribbean / Black British";
    let asian = "Asian / Asian British";
    write(
        root,
        "staff_survey",
        "s.csv",
        format!(
            "{h}\n\
             2025,RP1,S1,White,Female,Yes,{sg},Never,1-2,1-2,Yes,No,No\n\
             2025,RP1,S2,{black},Male,Yes,{sg},1-2,Never,3-5,No,No,Yes\n\
             2025,RP1,S3,White,Female,No,{sg},Never,Never,Never,Don't know,No,No\n\
             2025,RP1,S4,{asian},Female,No,{sg},Never,6-10,,Yes,No,No\n\
             2025,RP1,S5,White,Male,No,{sg},,,1-2,Yes,No,\n\
             2025,RP1,S6,White,Male,Prefer not to say,{sg},Never,More than 10,More than 10,No,No,Yes\n"
        ),
    );
}

/// Ingest + the staging, intermediate, WRES and WDES queries + publish, on the fixture, with the
/// reporting date 31/10/2025 and the staleness limit 45 days. Run once and shared.
fn fixture() -> &'static Tables {
    static RUN: OnceLock<Tables> = OnceLock::new();
    RUN.get_or_init(|| {
        crate::support::block_on(async {
            let input = tempfile::tempdir().expect("tempdir");
            esr(input.path());
            board(input.path());
            staff_survey(input.path());
            let queries = shipped_query_folders(&["staging", "intermediate", "wres", "wdes"]);
            let output = tempfile::tempdir().expect("tempdir");
            let mut cfg = fixture_config(input.path(), output.path(), queries.path(), 5);
            cfg.region = REGION.into();
            cfg.file.metrics.reporting_date = chrono::NaiveDate::from_ymd_opt(2025, 10, 31);
            cfg.file.metrics.snapshot_staleness_days = 45;
            let manifest = crate::support::run_quiet(&cfg).await;
            for name in OUR_QUERIES {
                let q = manifest.queries.iter().find(|q| q.name == name);
                let q = q.unwrap_or_else(|| panic!("query {name} did not run"));
                assert_eq!(q.status, "ok", "{}: {:?}", q.name, q.message);
            }
            read_tables(&cfg.output, &manifest, "restricted").await
        })
    })
}

/// The queries these tests are about (the tables and the intermediate models they read).
const OUR_QUERIES: [&str; 10] = [
    "protected_characteristics",
    "workforce_representation",
    "board_workforce_representation",
    "staff_survey_measures",
    "wres_indicator_1",
    "wres_indicator_9",
    "wres_indicators_5_to_8",
    "wdes_metric_1",
    "wdes_metric_10",
    "wdes_staff_survey_metrics",
];

const GROUPS_WRES: [&str; 4] = [
    "headcount_white",
    "headcount_bme",
    "headcount_unknown",
    "headcount",
];
const GROUPS_WDES: [&str; 4] = [
    "headcount_disabled",
    "headcount_non_disabled",
    "headcount_unknown",
    "headcount",
];

fn at<'a>(org: &'a str, scope: &'a str, band: &'a str) -> [(&'a str, &'a str); 3] {
    [("org_code", org), ("staff_scope", scope), ("pay_band", band)]
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

/// Issue 13 point 13: one ethnic group and one disability per person per snapshot.
#[test]
fn a_person_whose_assignments_disagree_counts_once_in_one_group() {
    let t = fixture();
    // WRES indicator 1, RP1, whole workforce: 8 people. P1 is BME (P1-2, started 01/06/2024, is
    // the record with the latest start date), so White = P2, P3, P5 (B), P7 = 4; BME = P1, P4,
    // P6 = 3; Unknown = P8 = 1. 4 + 3 + 1 = 8; shares 0.5 + 0.375 + 0.125 = 1. (Counting each
    // assignment's own value, as before, put P1 in White and in BME: 5 + 3 + 1 = 9 of 8.)
    let w1 = "wres_indicator_1";
    assert_eq!(
        nums(t, w1, &at("RP1", "All", "All"), GROUPS_WRES),
        some([4.0, 3.0, 1.0, 8.0])
    );
    approx(cell(t, w1, &at("RP1", "All", "All"), "share_white"), 0.5);
    approx(cell(t, w1, &at("RP1", "All", "All"), "share_bme"), 0.375);
    approx(cell(t, w1, &at("RP1", "All", "All"), "share_unknown"), 0.125);
    // P1 keeps that one group in each of its bands: Band 5 = P1 (BME) and P3 (White); before, P1
    // counted as White there (P1-1's own value): 2 White, 0 BME.
    assert_eq!(
        nums(t, w1, &at("RP1", "All", "Band 5"), GROUPS_WRES),
        some([1.0, 1.0, 0.0, 2.0])
    );
    assert_eq!(
        nums(t, w1, &at("RP1", "All", "Band 6"), GROUPS_WRES),
        some([1.0, 1.0, 0.0, 2.0])
    );
    // WDES metric 1, RP1: Disabled = P1 (P1-2 Yes), P5 = 2; Unknown = P7 (not declared) = 1;
    // non-disabled = P2, P3, P4, P6, P8 = 5. 2 + 5 + 1 = 8; shares 0.25 + 0.625 + 0.125 = 1.
    let d1 = "wdes_metric_1";
    assert_eq!(
        nums(t, d1, &at("RP1", "All", "All"), GROUPS_WDES),
        some([2.0, 5.0, 1.0, 8.0])
    );
    approx(cell(t, d1, &at("RP1", "All", "All"), "share_disabled"), 0.25);
    approx(cell(t, d1, &at("RP1", "All", "All"), "share_non_disabled"), 0.625);
    assert_eq!(
        nums(t, d1, &at("RP1", "All", "Band 5"), GROUPS_WDES),
        some([1.0, 1.0, 0.0, 2.0])
    );
    // On every row of both tables the three groups add up to the headcount.
    for (name, groups) in [(w1, GROUPS_WRES), (d1, GROUPS_WDES)] {
        let b = table(t, name);
        for i in 0..b.num_rows() {
            let v = groups.map(|c| crate::support::num(b, c, i));
            if let [Some(a), Some(x), Some(u), Some(h)] = v {
                assert_eq!(a + x + u, h, "{name} row {i}: {v:?}");
            }
        }
    }
}

/// Issue 13 point 14 (WDES part): WDES metric 1 by AfC cluster, distinct people per cluster.
#[test]
fn wdes_metric_1_counts_distinct_people_in_each_afc_cluster() {
    let t = fixture();
    let d1 = "wdes_metric_1";
    // RP1, all staff (clusters from the run table pay_bands):
    //   Cluster 1 (Bands 1-4): P2 (4, non-disabled), P7 (3, Unknown), P8 (2, non-disabled) = 3:
    //     0 Disabled, 2 non-disabled, 1 Unknown.
    //   Cluster 2 (Bands 5-7): P1 (5 and 6, Disabled), P3 (5 and 6, non-disabled) = 2 people,
    //     though the Band 5 and Band 6 rows hold 2 each (4 in all): 1, 1, 0 -> share 0.5.
    //   Cluster 3 (Bands 8a-8b): nobody: no row.
    //   Cluster 4 (Bands 8c-9 and VSM): P4 (8c, non-disabled), P5 (VSM, Disabled) = 2: 1, 1, 0.
    //   Medical and dental: P6 = 1: 0, 1, 0.
    //   3 + 2 + 2 + 1 = 8 = the whole workforce.
    for (name, counts) in [
        ("Cluster 1: Bands 1-4", [0.0, 2.0, 1.0, 3.0]),
        ("Cluster 2: Bands 5-7", [1.0, 1.0, 0.0, 2.0]),
        ("Cluster 4: Bands 8c-9 and VSM", [1.0, 1.0, 0.0, 2.0]),
        ("Medical and dental", [0.0, 1.0, 0.0, 1.0]),
    ] {
        let f = at("RP1", "All", name);
        assert_eq!(nums(t, d1, &f, GROUPS_WDES), some(counts), "{name}");
        assert_eq!(cell_text(t, d1, &f, "pay_band_grouping"), "WDES cluster");
    }
    assert_eq!(count_rows(t, d1, &at("RP1", "All", "Cluster 3: Bands 8a-8b")), 0);
    approx(
        cell(t, d1, &at("RP1", "All", "Cluster 2: Bands 5-7"), "share_disabled"),
        0.5,
    );
    // Band rows are kept beside the clusters: Band 5 and Band 6 each hold P1 and P3.
    assert_eq!(
        cell_text(t, d1, &at("RP1", "All", "Band 6"), "pay_band_grouping"),
        "Band"
    );
    // Non-clinical Cluster 4: P4 and P5, 1 Disabled of 2 = 0.5, against the non-clinical
    // workforce P4 (no), P5 (yes), P7 (Unknown), P8 (no): 1 of 4 = 0.25.
    let nc4 = at("RP1", "Non-clinical", "Cluster 4: Bands 8c-9 and VSM");
    assert_eq!(nums(t, d1, &nc4, GROUPS_WDES), some([1.0, 1.0, 0.0, 2.0]));
    approx(cell(t, d1, &nc4, "workforce_share_disabled"), 0.25);
    // Region Y58, Cluster 2: RP1 (1, 1, 0, 2) + RP2's Q1 (no) and Q2 (yes), both Band 5
    // (1, 1, 0, 2) = (2, 2, 0, 4). RP3 is not current: not in it.
    let y58 = [
        ("region_code", REGION),
        ("org_code", ""),
        ("staff_scope", "All"),
        ("pay_band", "Cluster 2: Bands 5-7"),
    ];
    assert_eq!(nums(t, d1, &y58, GROUPS_WDES), some([2.0, 2.0, 0.0, 4.0]));
    // WRES indicator 1 stays by band: no cluster rows.
    assert_eq!(
        count_rows(t, "wres_indicator_1", &at("RP1", "All", "Cluster 2: Bands 5-7")),
        0
    );
}

/// Issue 13 point 14 (WRES part) and point 12 (WRES keeps every member in the denominator).
#[test]
fn board_tables_also_compare_all_executive_members_voting_or_not() {
    let t = fixture();
    let cols = [
        "board_members",
        "board_bme",
        "workforce_headcount",
        "workforce_bme",
    ];
    let rp1 = |group| [("org_code", "RP1"), ("board_group", group)];
    // WRES indicator 9, RP1. 'All executive' = B1, B2 (voting) and B5, B6 (non-voting) = 4; BME
    // B1, B5 = 2 -> 0.5 (B6, Unknown, stays in the denominator: WRES shares are of every member,
    // not of those of known ethnicity, which would give 2 of 3). Workforce 3 BME of 8 (P8, Unknown,
    // in the denominator) = 0.375. 50 - 37.5 = 12.5 pp.
    let i9 = "wres_indicator_9";
    assert_eq!(
        nums(t, i9, &rp1("All executive"), cols),
        some([4.0, 2.0, 8.0, 3.0])
    );
    approx(cell(t, i9, &rp1("All executive"), "board_share_bme"), 0.5);
    approx(cell(t, i9, &rp1("All executive"), "workforce_share_bme"), 0.375);
    approx(cell(t, i9, &rp1("All executive"), "difference_pp"), 12.5);
    // The voting groups are unchanged: Voting B1-B4, BME B1: 25 - 37.5 = -12.5; Executive (voting)
    // B1, B2: 50 - 37.5 = 12.5; Non-executive B3, B4: 0 - 37.5 = -37.5.
    for (group, counts, diff) in [
        ("Voting", [4.0, 1.0, 8.0, 3.0], -12.5),
        ("Executive", [2.0, 1.0, 8.0, 3.0], 12.5),
        ("Non-executive", [2.0, 0.0, 8.0, 3.0], -37.5),
    ] {
        assert_eq!(nums(t, i9, &rp1(group), cols), some(counts), "{group}");
        approx(cell(t, i9, &rp1(group), "difference_pp"), diff);
    }
    // WDES metric 10, RP1, 'All executive': Disabled B2, B5 = 2 of 4 = 50%; workforce Disabled
    // P1, P5 = 2 of 8 = 25%: 25 pp. Voting: B2 = 1 of 4 = 25% - 25% = 0.
    let m10 = "wdes_metric_10";
    let dcols = [
        "board_members",
        "board_disabled",
        "workforce_headcount",
        "workforce_disabled",
    ];
    assert_eq!(
        nums(t, m10, &rp1("All executive"), dcols),
        some([4.0, 2.0, 8.0, 2.0])
    );
    approx(cell(t, m10, &rp1("All executive"), "difference_pp"), 25.0);
    approx(cell(t, m10, &rp1("Voting"), "difference_pp"), 0.0);
}

/// The staff side: each organisation's latest ESR snapshot on or before the reporting date,
/// when current (staging); a stale one is not computed rather than 0 staff, and every row says
/// which snapshot its staff come from.
#[test]
fn staff_come_from_each_organisations_current_snapshot_and_a_stale_one_is_not_computed() {
    let t = fixture();
    let w1 = "wres_indicator_1";
    // RP2's latest snapshot is 30/09/2025, 31 days before the reporting date: current, so Q1
    // (White) and Q2 (BME) are its staff. (Staff were taken from a snapshot dated exactly on the
    // reporting date before: RP2 had no row at all.)
    assert_eq!(
        nums(t, w1, &at("RP2", "All", "All"), GROUPS_WRES),
        some([1.0, 1.0, 0.0, 2.0])
    );
    assert_eq!(
        cell_text(t, w1, &at("RP2", "All", "All"), "snapshot_date"),
        "2025-09-30"
    );
    assert_eq!(
        cell_text(t, w1, &at("RP1", "All", "All"), "snapshot_date"),
        "2025-10-31"
    );
    assert_eq!(cell_text(t, w1, &at("RP2", "All", "All"), "snapshot_note"), "");
    // RP3's latest snapshot, 31/08/2025, is 61 days old (limit 45): one row, counts null (not
    // 0), with the reason and the snapshot it would have used; no band rows.
    let rp3 = at("RP3", "All", "All");
    assert_eq!(nums(t, w1, &rp3, GROUPS_WRES), [None; 4]);
    assert!(
        cell_text(t, w1, &rp3, "snapshot_note").starts_with("not computed: no recent snapshot"),
        "{}",
        cell_text(t, w1, &rp3, "snapshot_note")
    );
    assert_eq!(cell_text(t, w1, &rp3, "snapshot_date"), "2025-08-31");
    assert_eq!(count_rows(t, w1, &at("RP3", "All", "Band 5")), 0);
    assert_eq!(
        nums(t, "wdes_metric_1", &rp3, GROUPS_WDES),
        [None; 4],
        "WDES metric 1 likewise"
    );
    // Region Y58 = RP1 (4, 3, 1, 8) + RP2 (1, 1, 0, 2) = (5, 4, 1, 10): shares 0.5, 0.4, 0.1;
    // 2 organisations counted, RP3 left out.
    let y58 = [
        ("region_code", REGION),
        ("org_code", ""),
        ("staff_scope", "All"),
        ("pay_band", "All"),
    ];
    assert_eq!(nums(t, w1, &y58, GROUPS_WRES), some([5.0, 4.0, 1.0, 10.0]));
    approx(cell(t, w1, &y58, "share_bme"), 0.4);
    assert_eq!(
        nums(
            t,
            w1,
            &y58,
            ["organisations_counted", "organisations_not_computed"]
        ),
        some([2.0, 1.0])
    );
    // WRES indicator 9: RP2 (C1, BME: 1 of 1 = 100%) against its 30/09/2025 staff (1 BME of 2 =
    // 50%): 50 pp (before: 0 staff, "no staff in post"). RP3's workforce is not computed: null,
    // with the snapshot note, not 0.
    let i9 = "wres_indicator_9";
    let rp2 = [("org_code", "RP2"), ("board_group", "Voting")];
    approx(cell(t, i9, &rp2, "difference_pp"), 50.0);
    assert_eq!(cell_text(t, i9, &rp2, "staff_snapshot_date"), "2025-09-30");
    let rp3 = [("org_code", "RP3"), ("board_group", "Voting")];
    assert_eq!(
        nums(
            t,
            i9,
            &rp3,
            [
                "board_members",
                "workforce_headcount",
                "workforce_bme",
                "difference_pp"
            ]
        ),
        [Some(1.0), None, None, None]
    );
    assert!(cell_text(t, i9, &rp3, "difference_note").starts_with("not computed: no recent snapshot"));
    assert_eq!(cell_text(t, "wdes_metric_10", &rp3, "workforce_headcount"), "");
}

/// Issue 13 point 7 on WRES 9 / WDES 10: region rows only from organisations whose difference is
/// computed, with how many were left out and why.
#[test]
fn board_region_rows_sum_only_the_organisations_whose_difference_is_computed() {
    let t = fixture();
    let i9 = "wres_indicator_9";
    let cols = [
        "board_members",
        "board_bme",
        "workforce_headcount",
        "workforce_bme",
    ];
    let left = [
        "organisations_counted",
        "organisations_not_computed",
        "organisations_without_members",
        "organisations_without_staff",
    ];
    let y58 = |group| [("region_code", REGION), ("org_code", ""), ("board_group", group)];
    // Voting: RP1 (4, 1, 8, 3) + RP2 (1, 1, 2, 1) = (5, 2, 10, 4): 40% - 40% = 0.00. RP3 (board 1,
    // workforce not computed) is left out; before, its board member was added with no staff.
    assert_eq!(nums(t, i9, &y58("Voting"), cols), some([5.0, 2.0, 10.0, 4.0]));
    approx(cell(t, i9, &y58("Voting"), "difference_pp"), 0.0);
    assert_eq!(nums(t, i9, &y58("Voting"), left), some([2.0, 1.0, 0.0, 0.0]));
    // Non-executive: only RP1 has non-executive members (2, 0, 8, 3): 0 - 37.5 = -37.5; RP2 and
    // RP3 have none (left out: no members, which is checked first).
    assert_eq!(
        nums(t, i9, &y58("Non-executive"), cols),
        some([2.0, 0.0, 8.0, 3.0])
    );
    approx(cell(t, i9, &y58("Non-executive"), "difference_pp"), -37.5);
    assert_eq!(
        nums(t, i9, &y58("Non-executive"), left),
        some([1.0, 0.0, 2.0, 0.0])
    );
    // All executive: RP1 (4, 2) + RP2 (1, 1) = 5 members, 3 BME = 60%, against 4 of 10 = 40%:
    // 20 pp.
    approx(cell(t, i9, &y58("All executive"), "difference_pp"), 20.0);
    // WDES metric 10, Voting: board Disabled B2 = 1 of 5 = 20%; workforce P1, P5, Q2 = 3 of 10 =
    // 30%: -10 pp.
    approx(cell(t, "wdes_metric_10", &y58("Voting"), "difference_pp"), -10.0);
}

/// Issue 13 point 8: WDES 4a(ii) (managers) and 4a(iii) (colleagues) are published apart; WRES
/// indicator 6 still combines them.
#[test]
fn wdes_survey_metrics_publish_harassment_from_managers_and_from_colleagues_apart() {
    let t = fixture();
    let s = "wdes_staff_survey_metrics";
    let cols = [
        "respondents_disabled",
        "counting_disabled",
        "respondents_non_disabled",
        "counting_non_disabled",
    ];
    let row = |metric| {
        [
            ("survey_year", "2025"),
            ("org_code", "RP1"),
            ("wdes_metric", metric),
        ]
    };
    // Disabled: S1, S2; non-disabled: S3, S4, S5; S6 (prefer not to say) in neither.
    // 4a(ii) managers, answered other than Never: Disabled S1 1-2 (yes), S2 Never -> 2, 1 (50%);
    //   non-disabled S3 Never, S4 6-10 (yes), S5 unanswered -> 2, 1 (50%): 0 pp.
    // 4a(iii) colleagues: Disabled S1 1-2, S2 3-5 -> 2, 2 (100%); non-disabled S3 Never, S5 1-2,
    //   S4 unanswered -> 2, 1 (50%): 50 pp.
    // (The combined WRES 6 measure, published before as WDES 4a(ii)/(iii): Disabled 2 of 2,
    //   non-disabled S3 no, S4 yes, S5 yes = 2 of 3.)
    // 4a(i) public: Disabled S1 Never, S2 1-2 -> 2, 1; non-disabled S3 Never, S4 Never -> 2, 0:
    //   50 - 0 = 50 pp. 5 equal opportunities (Yes of all answers): Disabled S1 Yes, S2 No -> 2, 1;
    //   non-disabled S3 Don't know, S4 Yes, S5 Yes -> 3, 2: 50 - 66.67 = -16.67 pp.
    for (metric, measure, counts, diff) in [
        ("4a(i)", "harassment_from_public", [2.0, 1.0, 2.0, 0.0], 50.0),
        ("4a(ii)", "harassment_from_managers", [2.0, 1.0, 2.0, 1.0], 0.0),
        (
            "4a(iii)",
            "harassment_from_colleagues",
            [2.0, 2.0, 2.0, 1.0],
            50.0,
        ),
        (
            "5",
            "equal_opportunities_for_progression",
            [2.0, 1.0, 3.0, 2.0],
            -16.67,
        ),
    ] {
        assert_eq!(nums(t, s, &row(metric), cols), some(counts), "{metric}");
        assert_eq!(cell_text(t, s, &row(metric), "measure"), measure);
        approx(cell(t, s, &row(metric), "difference_pp"), diff);
    }
    // The combined measure is not a WDES metric: no row for it in the WDES table.
    assert_eq!(count_rows(t, s, &[("measure", "harassment_from_staff")]), 0);
    // WRES indicator 6 keeps combining managers and colleagues, over respondents who answered
    // either: White S1 (yes), S3 (no), S5 (yes), S6 (yes) -> 4, 3 (75%); BME S2 (colleagues yes),
    // S4 (managers yes) -> 2, 2 (100%): 25 pp. The WDES-only measures are not WRES rows.
    let w = "wres_indicators_5_to_8";
    let f = [
        ("survey_year", "2025"),
        ("org_code", "RP1"),
        ("wres_indicator", "6"),
    ];
    assert_eq!(
        nums(
            t,
            w,
            &f,
            [
                "respondents_white",
                "counting_white",
                "respondents_bme",
                "counting_bme"
            ]
        ),
        some([4.0, 3.0, 2.0, 2.0])
    );
    approx(cell(t, w, &f, "difference_pp"), 25.0);
    let wres = table(t, w);
    assert!((0..wres.num_rows()).all(|i| !text(wres, "wres_indicator", i).is_empty()));
    assert_eq!(count_rows(t, w, &[("measure", "harassment_from_managers")]), 0);
}

/// Issue 13 point 1 for boards: an organisation whose board snapshot is stale has its board
/// figures not computed (null, with the reason), not an empty or an outdated board.
#[test]
fn a_stale_board_snapshot_is_not_computed_rather_than_compared() {
    let t = fixture();
    let i9 = "wres_indicator_9";
    // RP4's latest board snapshot, 31/07/2025, is 92 days before the reporting date (limit 45):
    // its board counts are null (E1 is not counted as a current member) while its workforce,
    // T1 on the current 31/10/2025 ESR snapshot, is there (1 person, 0 BME). (Before, the latest
    // board snapshot was used whatever its age: 1 BME member of 1, 100 - 0 = 100 pp.)
    let rp4 = [("org_code", "RP4"), ("board_group", "Voting")];
    assert_eq!(
        nums(
            t,
            i9,
            &rp4,
            [
                "board_members",
                "board_bme",
                "workforce_headcount",
                "workforce_bme",
                "difference_pp"
            ]
        ),
        [None, None, Some(1.0), Some(0.0), None]
    );
    assert_eq!(cell_text(t, i9, &rp4, "board_snapshot_date"), "2025-07-31");
    assert!(cell_text(t, i9, &rp4, "difference_note").starts_with("not computed: no recent snapshot"));
    assert_eq!(
        cell_text(t, i9, &rp4, "left_out_reason"),
        "no current board snapshot"
    );
    assert_eq!(cell_text(t, i9, &rp4, "region_code"), "Y59");
    // Region Y59 has only RP4: nothing to compare, 1 organisation not computed, counts 0.
    let y59 = [
        ("region_code", "Y59"),
        ("org_code", ""),
        ("board_group", "Voting"),
    ];
    assert_eq!(
        nums(
            t,
            i9,
            &y59,
            [
                "board_members",
                "organisations_counted",
                "organisations_not_computed",
                "difference_pp"
            ]
        ),
        [Some(0.0), Some(0.0), Some(1.0), None]
    );
    assert_eq!(
        cell_text(t, i9, &y59, "difference_note"),
        "no organisation of the region has both members in this group and staff in post on current snapshots"
    );
}
