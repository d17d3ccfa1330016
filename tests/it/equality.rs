//! The relative-likelihood layer (`queries/intermediate/equality_*.sql`) behind WRES indicators
//! 2, 3, 4 and WDES metric 2 and their national twins, on two small regions built for issue 13
//! point 7 (region and national rows only from organisations whose rates are computable) and
//! point 1 (each organisation's own ESR snapshot, not computed when stale). Every expected
//! number is worked below from the rows written here. Definitions: NHS England WRES technical
//! guidance (indicators 2, 3, 4; four-fifths range 0.80-1.25) and WDES technical guidance
//! (metric 2), as restated in each query's header; issue 13 points 1, 7 and 13.
//!
//! Reporting date 31/10/2025 (configured), so the reporting year is (31/10/2024, 31/10/2025],
//! the 24-month disciplinary window (31/10/2023, 31/10/2025], and with the default staleness
//! limit of 45 days the oldest usable ESR snapshot is 16/09/2025.
//!
//! Region Y56 (the run's configured region is also Y56):
//! - RK1, ESR, snapshots 30/09/2025 and 31/10/2025 (current). Both: P1, P2 White; P3, P4 BME.
//!   31/10/2025 also P5, with two assignments that disagree: P5-1 BME (started 2020, the latest
//!   start) and P5-2 White (started 2015). Staging gives a person one ethnic group per snapshot
//!   (issue 13 point 13: the record with the latest start date), so P5 is BME only.
//! - RK2, ESR, only 31/07/2025 (92 days before the reporting date: stale): Q1 White, Q2 BME.
//! - RK3: in no ESR snapshot (the configured region, Y56).
//! - RK4, ESR, only 30/09/2025 (31 days before: current, one month late): R1 White; R2, R3 BME.
//! - RK5, ESR, 31/10/2025: S1, S2 White (no BME staff).
//!
//! Region Y60 (its own run, configured region Y60): RL1, ESR, 31/10/2025: T1 White, T2 BME; RL2 in
//! no ESR snapshot.

use std::path::Path;
use std::sync::OnceLock;

use talentpipe::ops::aggregate::{AggregateOptions, aggregate};
use talentpipe::ops::{self, run::RunOptions};
use talentpipe::publish::{Manifest, PublishOptions};
use talentpipe::storage::Location;

use crate::ingest::{ESR_HEADER, write};
use crate::support::{
    BASE_LAYERS, approx, block_on, fixture_config, read_tables, run_quiet, shipped_queries,
    shipped_query_folders,
};
use crate::wres::{Tables, cell, cell_text, nums, some};

const WHITE: &str = "A White - British";
const BME: &str = "N Black or Black British - African";

/// The four tables this layer feeds, and where they live under `queries/`.
const MARTS: [&str; 4] = [
    "wres/wres_indicator_2.sql",
    "wres/wres_indicator_3.sql",
    "wres/wres_indicator_4.sql",
    "wdes/wdes_metric_2.sql",
];

/// One substantive Band 5 nurse assignment on `date`.
fn esr(
    date: &str,
    emp: &str,
    assignment: &str,
    org: &str,
    region: &str,
    ethnic: &str,
    start: &str,
) -> String {
    format!(
        "{date},{emp},{assignment},{org},{region},Nursing and Midwifery Registered,Staff Nurse,,Band 5,{ethnic},Female,No,15/03/1990,1.0,Permanent,N,{start},,"
    )
}

fn y56(root: &Path) {
    let mut rows = Vec::new();
    for date in ["30/09/2025", "31/10/2025"] {
        rows.push(esr(date, "P1", "P1-1", "RK1", "Y56", WHITE, "01/04/2015"));
        rows.push(esr(date, "P2", "P2-1", "RK1", "Y56", WHITE, "01/04/2015"));
        rows.push(esr(date, "P3", "P3-1", "RK1", "Y56", BME, "01/04/2015"));
        rows.push(esr(date, "P4", "P4-1", "RK1", "Y56", BME, "01/04/2015"));
    }
    let oct = "31/10/2025";
    rows.push(esr(oct, "P5", "P5-1", "RK1", "Y56", BME, "01/01/2020"));
    rows.push(esr(oct, "P5", "P5-2", "RK1", "Y56", WHITE, "01/04/2015"));
    rows.push(esr("31/07/2025", "Q1", "Q1-1", "RK2", "Y56", WHITE, "01/04/2015"));
    rows.push(esr("31/07/2025", "Q2", "Q2-1", "RK2", "Y56", BME, "01/04/2015"));
    rows.push(esr("30/09/2025", "R1", "R1-1", "RK4", "Y56", WHITE, "01/04/2015"));
    rows.push(esr("30/09/2025", "R2", "R2-1", "RK4", "Y56", BME, "01/04/2015"));
    rows.push(esr("30/09/2025", "R3", "R3-1", "RK4", "Y56", BME, "01/04/2015"));
    rows.push(esr(oct, "S1", "S1-1", "RK5", "Y56", WHITE, "01/04/2015"));
    rows.push(esr(oct, "S2", "S2-1", "RK5", "Y56", WHITE, "01/04/2015"));
    write(
        root,
        "esr_workforce",
        "e.csv",
        format!("{ESR_HEADER}\n{}\n", rows.join("\n")),
    );
    // Cases, all in the window: RK1 BME 2, White 1; RK2 (stale) BME 1; RK3 (no ESR) BME 1; RK5 (no
    // BME staff) BME 1.
    write(
        root,
        "disciplinary",
        "d.csv",
        format!(
            "Case Reference,Organisation Code,Employee Number,Ethnic Origin,Date Entered Formal Process\n\
             D1,RK1,P3,{BME},2024-06-01\n\
             D2,RK1,P4,{BME},2025-05-01\n\
             D3,RK1,P1,{WHITE},2025-02-01\n\
             D4,RK2,Q2,{BME},2025-03-01\n\
             D5,RK3,U1,{BME},2025-04-01\n\
             D6,RK5,U2,{BME},2025-06-01\n"
        ),
    );
    // Non-mandatory training, all in the reporting year: RK1 P1 White, P3 BME; RK2 Q2 BME; RK3 U1
    // BME; RK4 R1 White, R2 BME; RK5 S1 White.
    write(
        root,
        "training",
        "t.csv",
        format!(
            "Employee Number,Organisation Code,Ethnic Origin,Course Type,Start Date\n\
             P1,RK1,{WHITE},Non-mandatory,2025-03-01\n\
             P3,RK1,{BME},Non-mandatory,2025-03-01\n\
             Q2,RK2,{BME},Non-mandatory,2025-04-01\n\
             U1,RK3,{BME},Non-mandatory,2025-04-01\n\
             R1,RK4,{WHITE},Non-mandatory,2025-06-01\n\
             R2,RK4,{BME},Non-mandatory,2025-07-01\n\
             S1,RK5,{WHITE},Non-mandatory,2025-05-01\n"
        ),
    );
    // Applications, all shortlisted, in the year. RK1: White W1-W4 not disabled (W1, W2
    // appointed); BME B1 (disabled, appointed), B2 (disabled), B3, B4 (not disabled). RK3: X1
    // White appointed, X2 BME not appointed, neither disabled.
    write(
        root,
        "recruitment",
        "r.csv",
        format!(
            "Vacancy Reference,Organisation Code,Applicant ID,Application Date,Ethnic Origin,Disability,Shortlisted,Appointed\n\
             V1,RK1,W1,2025-03-01,{WHITE},No,Y,Y\n\
             V1,RK1,W2,2025-03-01,{WHITE},No,Y,Y\n\
             V1,RK1,W3,2025-03-01,{WHITE},No,Y,N\n\
             V1,RK1,W4,2025-03-01,{WHITE},No,Y,N\n\
             V1,RK1,B1,2025-03-01,{BME},Yes,Y,Y\n\
             V1,RK1,B2,2025-03-01,{BME},Yes,Y,N\n\
             V1,RK1,B3,2025-03-01,{BME},No,Y,N\n\
             V1,RK1,B4,2025-03-01,{BME},No,Y,N\n\
             V2,RK3,X1,2025-03-01,{WHITE},No,Y,Y\n\
             V2,RK3,X2,2025-03-01,{BME},No,Y,N\n"
        ),
    );
}

fn y60(root: &Path) {
    let oct = "31/10/2025";
    let rows = [
        esr(oct, "T1", "T1-1", "RL1", "Y60", WHITE, "01/04/2015"),
        esr(oct, "T2", "T2-1", "RL1", "Y60", BME, "01/04/2015"),
    ];
    write(
        root,
        "esr_workforce",
        "e.csv",
        format!("{ESR_HEADER}\n{}\n", rows.join("\n")),
    );
    // RL1: one BME and one White case; RL2 (no ESR): one BME case.
    write(
        root,
        "disciplinary",
        "d.csv",
        format!(
            "Case Reference,Organisation Code,Employee Number,Ethnic Origin,Date Entered Formal Process\n\
             E1,RL1,T2,{BME},2025-01-01\n\
             E2,RL1,T1,{WHITE},2025-02-01\n\
             E3,RL2,U3,{BME},2025-03-01\n"
        ),
    );
    // RL1: T1 White trained.
    write(
        root,
        "training",
        "t.csv",
        format!(
            "Employee Number,Organisation Code,Ethnic Origin,Course Type,Start Date\n\
             T1,RL1,{WHITE},Non-mandatory,2025-03-01\n"
        ),
    );
    // RL1: Y1 White not disabled, Y2 BME disabled, both shortlisted and appointed.
    write(
        root,
        "recruitment",
        "r.csv",
        format!(
            "Vacancy Reference,Organisation Code,Applicant ID,Application Date,Ethnic Origin,Disability,Shortlisted,Appointed\n\
             V9,RL1,Y1,2025-03-01,{WHITE},No,Y,Y\n\
             V9,RL1,Y2,2025-03-01,{BME},Yes,Y,Y\n"
        ),
    );
}

/// A queries folder with the shipped staging layer, the intermediate models this layer reads
/// (`protected_characteristics`, `equality_*`, and `appraisal_coverage_staff`, the source of the
/// appraisal metrics `equality_events` also counts) and the four tables it feeds: other queries are
/// left out, so other work in progress cannot break these tests.
fn regional_queries() -> tempfile::TempDir {
    let dir = shipped_query_folders(&[BASE_LAYERS[0]]);
    let intermediate = shipped_queries().join(BASE_LAYERS[1]);
    let models = std::fs::read_dir(&intermediate)
        .expect("read intermediate/")
        .map(|e| {
            e.expect("folder entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| {
            n.starts_with("equality_")
                || n == "protected_characteristics.sql"
                || n == "appraisal_coverage_staff.sql"
        })
        .map(|n| format!("{}/{n}", BASE_LAYERS[1]));
    // The tables, and any data test beside them.
    let marts = MARTS
        .iter()
        .flat_map(|m| [m.to_string(), m.replace(".sql", ".test.sql")])
        .filter(|rel| shipped_queries().join(rel).exists());
    for rel in models.chain(marts) {
        let to = dir.path().join(&rel);
        std::fs::create_dir_all(to.parent().expect("folder")).expect("create folder");
        std::fs::copy(shipped_queries().join(&rel), to).expect("copy query");
    }
    dir
}

/// A queries folder with the national twins of the four tables and the national model they read.
fn national_queries() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("national")).expect("create folder");
    for name in [
        "equality_relative_likelihoods",
        "wres_indicator_2",
        "wres_indicator_3",
        "wres_indicator_4",
        "wdes_metric_2",
    ] {
        let rel = format!("national/{name}.sql");
        std::fs::copy(shipped_queries().join(&rel), dir.path().join(&rel)).expect("copy query");
    }
    dir
}

struct Runs {
    y56: Manifest,
    y56_tables: Tables,
    y60_tables: Tables,
    national: Tables,
}

/// Runs both regions (reporting date 31/10/2025) and aggregates them, once for every test.
fn runs() -> &'static Runs {
    static RUNS: OnceLock<Runs> = OnceLock::new();
    RUNS.get_or_init(|| {
        block_on(async {
            let queries = regional_queries();
            let mut outputs = Vec::new();
            let mut regional = Vec::new();
            for (region, fixture) in [("Y56", y56 as fn(&Path)), ("Y60", y60)] {
                let input = tempfile::tempdir().expect("tempdir");
                fixture(input.path());
                let output = tempfile::tempdir().expect("tempdir");
                let mut cfg = fixture_config(input.path(), output.path(), queries.path(), 5);
                cfg.region = region.into();
                cfg.file.metrics.reporting_date = chrono::NaiveDate::from_ymd_opt(2025, 10, 31);
                let manifest = run_quiet(&cfg).await;
                let tables = read_tables(&cfg.output, &manifest, "restricted").await;
                regional.push((manifest, tables));
                outputs.push(output);
            }
            let national_out = tempfile::tempdir().expect("tempdir");
            let national_loc = Location::local(national_out.path()).expect("location");
            let sources: Vec<Location> = outputs
                .iter()
                .map(|o| Location::local(o.path()).expect("location"))
                .collect();
            let options = AggregateOptions {
                expected_regions: vec!["Y56".into(), "Y60".into()],
                allow_missing: false,
                publish: PublishOptions::default(),
                session: Default::default(),
            };
            let outcome = aggregate(&sources, &national_loc, national_queries().path(), &options)
                .await
                .unwrap_or_else(|e| panic!("aggregate failed: {e}"));
            let national = read_tables(&national_loc, &outcome.manifest, "restricted").await;
            let (_, y60_tables) = regional.pop().expect("Y60 run");
            let (y56, y56_tables) = regional.pop().expect("Y56 run");
            Runs {
                y56,
                y56_tables,
                y60_tables,
                national,
            }
        })
    })
}

const REGION: [(&str, &str); 2] = [("region_code", "Y56"), ("org_code", "")];
const LEFT_OUT: [&str; 4] = [
    "organisations_counted",
    "organisations_left_out",
    "organisations_not_computed",
    "organisations_without_denominator",
];

#[test]
fn the_four_tables_run_from_one_model_checked_by_one_generic_data_test() {
    let m = &runs().y56;
    for name in [
        "wres_indicator_2",
        "wres_indicator_3",
        "wres_indicator_4",
        "wdes_metric_2",
    ] {
        let q = m.queries.iter().find(|q| q.name == name).expect("query ran");
        assert_eq!(q.status, "ok", "{name}: {:?}", q.message);
    }
    // One data test, beside the intermediate model; none left beside the four tables.
    let mine = |file: &str| {
        file.contains("/intermediate/equality_")
            || MARTS
                .iter()
                .any(|m| file.ends_with(&m.replace(".sql", ".test.sql")))
    };
    let tests: Vec<_> = m.tests.iter().filter(|t| mine(&t.file)).collect();
    assert_eq!(tests.len(), 1, "{tests:?}");
    assert!(
        tests[0]
            .file
            .ends_with("intermediate/equality_relative_likelihoods.test.sql"),
        "{tests:?}"
    );
    assert!(tests[0].passed, "{:?}", tests[0].sample);
}

#[test]
fn wres_3_region_leaves_out_cases_without_staff_and_organisations_with_a_stale_snapshot() {
    let t = &runs().y56_tables;
    let i3 = "wres_indicator_3";
    let cols = [
        "entered_bme",
        "entered_white",
        "snapshots",
        "headcount_bme_snapshot_sum",
        "headcount_white_snapshot_sum",
    ];
    // RK3 is in no ESR snapshot: its BME case has no BME staff -> left out ('numerator without
    // denominator'), note from the subject group (BME first): no BME staff in the window.
    let k3 = [("org_code", "RK3")];
    assert_eq!(nums(t, i3, &k3, cols), some([1.0, 0.0, 0.0, 0.0, 0.0]));
    assert_eq!(
        cell_text(t, i3, &k3, "relative_likelihood_note"),
        "no BME staff in the window"
    );
    assert_eq!(cell_text(t, i3, &k3, "included_in_region"), "false");
    assert_eq!(
        cell_text(t, i3, &k3, "left_out_reason"),
        "numerator without denominator"
    );
    // RK5 is in ESR with staff, but none BME (S1, S2 White on its one window snapshot): its BME
    // case is as uncomputable as RK3's -> left out too.
    let k5 = [("org_code", "RK5")];
    assert_eq!(nums(t, i3, &k5, cols), some([1.0, 0.0, 1.0, 0.0, 2.0]));
    assert_eq!(
        cell_text(t, i3, &k5, "left_out_reason"),
        "numerator without denominator"
    );
    // RK2's latest snapshot (31/07/2025) is older than 45 days: not computed, null headcounts
    // (never 0), its one case still shown, left out.
    let k2 = [("org_code", "RK2")];
    assert_eq!(
        nums(
            t,
            i3,
            &k2,
            [
                "entered_bme",
                "headcount_bme_snapshot_sum",
                "average_headcount_bme"
            ]
        ),
        [Some(1.0), None, None]
    );
    assert_eq!(cell(t, i3, &k2, "relative_likelihood"), None);
    assert!(
        cell_text(t, i3, &k2, "relative_likelihood_note").starts_with("not computed: no recent snapshot"),
        "{}",
        cell_text(t, i3, &k2, "relative_likelihood_note")
    );
    assert_eq!(cell_text(t, i3, &k2, "snapshot_date"), "2025-07-31");
    assert_eq!(
        cell_text(t, i3, &k2, "left_out_reason"),
        "no current ESR snapshot"
    );
    // RK4 (current, 30/09/2025 only): no cases, White 1 (R1), BME 2 (R2, R3) -> included, its
    // relative likelihood null: no BME staff entered the formal process.
    let k4 = [("org_code", "RK4")];
    assert_eq!(nums(t, i3, &k4, cols), some([0.0, 0.0, 1.0, 2.0, 1.0]));
    assert_eq!(cell_text(t, i3, &k4, "included_in_region"), "true");
    // Region Y56 = RK1 + RK4 only. RK1 (next test): cases BME 2, White 1, averages BME 2.5, White
    // 2.0, sums 5 and 4 over 2 snapshots. Cases BME 2 + 0 = 2, White 1 + 0 = 1; averages BME 2.5
    // + 2 = 4.5, White 2.0 + 1 = 3.0; sums BME 5 + 2 = 7, White 4 + 1 = 5; snapshots max(2, 1) =
    // 2. Likelihoods 2 / 4.5 = 0.444444 and 1 / 3 = 0.333333; relative likelihood (BME over
    // White) 1.3333: adverse. Left out: RK2 (not computed), RK3 and RK5 (without denominator).
    // The old query summed every organisation: BME cases 2 + 1 + 1 + 1 = 5.
    assert_eq!(nums(t, i3, &REGION, cols), some([2.0, 1.0, 2.0, 7.0, 5.0]));
    approx(cell(t, i3, &REGION, "average_headcount_bme"), 4.5);
    approx(cell(t, i3, &REGION, "average_headcount_white"), 3.0);
    approx(cell(t, i3, &REGION, "likelihood_bme"), 0.444444);
    approx(cell(t, i3, &REGION, "likelihood_white"), 0.333333);
    approx(cell(t, i3, &REGION, "relative_likelihood"), 1.3333);
    assert_eq!(cell_text(t, i3, &REGION, "adverse"), "true");
    assert_eq!(nums(t, i3, &REGION, LEFT_OUT), some([2.0, 3.0, 1.0, 2.0]));
    assert_eq!(
        cell_text(t, i3, &REGION, "left_out_reason"),
        "left out: 1 with no current ESR snapshot, 2 with a numerator but no denominator"
    );
}

#[test]
fn wres_3_window_headcount_counts_a_person_once_per_snapshot_from_substantive_assignments() {
    let t = &runs().y56_tables;
    let i3 = "wres_indicator_3";
    // RK1, snapshots in the window: 30/09/2025 (White P1, P2; BME P3, P4) and 31/10/2025 (the
    // same and P5, BME on the record with the latest start date): BME 2 + 3 = 5, White 2 + 2 = 4
    // over 2 snapshots -> averages 2.5 and 2.0. The old query read every assignment and counted
    // P5 in both groups (White 5, average 2.5). Cases BME 2 (D1, D2), White 1 (D3): likelihoods
    // 2 / 2.5 = 0.8 and 1 / 2.0 = 0.5; relative likelihood 0.8 / 0.5 = 1.6 (old: 0.8 / 0.4 =
    // 2.0). Adverse (above 1.25).
    let k1 = [("org_code", "RK1")];
    assert_eq!(
        nums(
            t,
            i3,
            &k1,
            [
                "entered_bme",
                "entered_white",
                "snapshots",
                "headcount_bme_snapshot_sum",
                "headcount_white_snapshot_sum"
            ]
        ),
        some([2.0, 1.0, 2.0, 5.0, 4.0])
    );
    approx(cell(t, i3, &k1, "average_headcount_white"), 2.0);
    approx(cell(t, i3, &k1, "likelihood_bme"), 0.8);
    approx(cell(t, i3, &k1, "likelihood_white"), 0.5);
    approx(cell(t, i3, &k1, "relative_likelihood"), 1.6);
    assert_eq!(cell_text(t, i3, &k1, "adverse"), "true");
    assert_eq!(cell_text(t, i3, &k1, "snapshot_date"), "2025-10-31");
}

#[test]
fn wres_4_staff_come_from_each_organisations_snapshot_in_use_and_the_region_only_from_computable_rates() {
    let t = &runs().y56_tables;
    let i4 = "wres_indicator_4";
    let cols = [
        "accessed_white",
        "headcount_white",
        "accessed_bme",
        "headcount_bme",
    ];
    // RK4 sent 30/09/2025 but not 31/10/2025: its staff in post are read from 30/09/2025 (31
    // days old, within 45): White R1, BME R2, R3; trained R1, R2 -> 1 / 1 = 1.0 and 1 / 2 = 0.5,
    // relative likelihood 2.0, adverse. (The old query needed a snapshot on the reporting date:
    // 0 staff.)
    let k4 = [("org_code", "RK4")];
    assert_eq!(nums(t, i4, &k4, cols), some([1.0, 1.0, 1.0, 2.0]));
    approx(cell(t, i4, &k4, "relative_likelihood"), 2.0);
    assert_eq!(cell_text(t, i4, &k4, "snapshot_date"), "2025-09-30");
    // RK1 on 31/10/2025: White P1, P2; BME P3, P4, P5 (one group per person); trained P1, P3 ->
    // 1 / 2 = 0.5 and 1 / 3 = 0.3333: 1.5, adverse.
    let k1 = [("org_code", "RK1")];
    assert_eq!(nums(t, i4, &k1, cols), some([1.0, 2.0, 1.0, 3.0]));
    approx(cell(t, i4, &k1, "relative_likelihood"), 1.5);
    // RK2 (stale): not computed, null headcounts, its trainee Q2 shown, left out.
    let k2 = [("org_code", "RK2")];
    assert_eq!(nums(t, i4, &k2, cols), [Some(0.0), None, Some(1.0), None]);
    assert!(
        cell_text(t, i4, &k2, "relative_likelihood_note").starts_with("not computed: no recent snapshot")
    );
    assert_eq!(
        cell_text(t, i4, &k2, "left_out_reason"),
        "no current ESR snapshot"
    );
    // RK3 (no ESR): a BME trainee and no staff: left out; note from the subject (White) first.
    let k3 = [("org_code", "RK3")];
    assert_eq!(nums(t, i4, &k3, cols), some([0.0, 0.0, 1.0, 0.0]));
    assert_eq!(
        cell_text(t, i4, &k3, "relative_likelihood_note"),
        "no White staff in post"
    );
    assert_eq!(
        cell_text(t, i4, &k3, "left_out_reason"),
        "numerator without denominator"
    );
    // RK5: White S1 trained of S1, S2; no BME staff and no BME trainee: nothing uncomputable, so
    // it stays in the region (its own relative likelihood null: no BME staff in post).
    let k5 = [("org_code", "RK5")];
    assert_eq!(nums(t, i4, &k5, cols), some([1.0, 2.0, 0.0, 0.0]));
    assert_eq!(
        cell_text(t, i4, &k5, "relative_likelihood_note"),
        "no BME staff in post"
    );
    assert_eq!(cell_text(t, i4, &k5, "included_in_region"), "true");
    // Region Y56 = RK1 + RK4 + RK5: accessed White 1 + 1 + 1 = 3 of 2 + 1 + 2 = 5, BME 1 + 1 + 0 = 2
    // of 3 + 2 + 0 = 5: 0.6 / 0.4 = 1.5, adverse. The old query added RK2's and RK3's BME
    // trainees without their staff (BME 4 of 3).
    assert_eq!(nums(t, i4, &REGION, cols), some([3.0, 5.0, 2.0, 5.0]));
    approx(cell(t, i4, &REGION, "relative_likelihood"), 1.5);
    assert_eq!(cell_text(t, i4, &REGION, "adverse"), "true");
    assert_eq!(nums(t, i4, &REGION, LEFT_OUT), some([3.0, 2.0, 1.0, 1.0]));
}

#[test]
fn appointment_metrics_keep_organisations_without_esr_staff_because_their_denominator_is_applications() {
    let t = &runs().y56_tables;
    // An appointment needs a shortlisting (the extract rejects Appointed Y with Shortlisted N),
    // so no group ever has a numerator without a denominator: RK3, absent from ESR, counts.
    // WRES 2: RK1 White 4 / 2, BME 4 / 1 -> 0.5 / 0.25 = 2.0; RK3 White 1 / 1, BME 1 / 0 (null: no
    // BME appointments). Y56 = 5 / 3, 5 / 1 -> 0.6 / 0.2 = 3.0, adverse; 2 organisations counted.
    let i2 = "wres_indicator_2";
    let cols = [
        "shortlisted_white",
        "appointed_white",
        "shortlisted_bme",
        "appointed_bme",
    ];
    approx(cell(t, i2, &[("org_code", "RK1")], "relative_likelihood"), 2.0);
    assert_eq!(
        cell_text(t, i2, &[("org_code", "RK3")], "relative_likelihood_note"),
        "no BME appointments"
    );
    assert_eq!(nums(t, i2, &REGION, cols), some([5.0, 3.0, 5.0, 1.0]));
    approx(cell(t, i2, &REGION, "relative_likelihood"), 3.0);
    assert_eq!(nums(t, i2, &REGION, LEFT_OUT), some([2.0, 0.0, 0.0, 0.0]));
    // WDES 2: RK1 non-disabled W1-W4 (4 / 2) + B3, B4 (2 / 0) = 6 / 2, Disabled B1, B2 = 2 / 1 ->
    // 0.3333 / 0.5 = 0.6667; RK3 non-disabled 2 / 1, no Disabled applicants. Y56: 8 / 3 and 2 / 1
    // -> 0.375 / 0.5 = 0.75, adverse.
    let m2 = "wdes_metric_2";
    approx(cell(t, m2, &[("org_code", "RK1")], "relative_likelihood"), 0.6667);
    assert_eq!(
        nums(
            t,
            m2,
            &REGION,
            [
                "shortlisted_non_disabled",
                "appointed_non_disabled",
                "shortlisted_disabled",
                "appointed_disabled"
            ]
        ),
        some([8.0, 3.0, 2.0, 1.0])
    );
    approx(cell(t, m2, &REGION, "relative_likelihood"), 0.75);
    assert_eq!(cell_text(t, m2, &REGION, "adverse"), "true");
    assert_eq!(nums(t, m2, &REGION, LEFT_OUT), some([2.0, 0.0, 0.0, 0.0]));
}

#[test]
fn national_twins_sum_only_the_organisations_each_region_counted() {
    let r = runs();
    // Y60: RL1 cases BME 1, White 1 over 1 and 1 staff (1.0 / 1.0); RL2 (no ESR) has a BME case
    // and no staff: left out. Region Y60 = RL1.
    let y60 = [("region_code", "Y60"), ("org_code", "")];
    assert_eq!(
        nums(
            &r.y60_tables,
            "wres_indicator_3",
            &y60,
            ["entered_bme", "entered_white"]
        ),
        some([1.0, 1.0])
    );
    assert_eq!(
        cell(
            &r.y60_tables,
            "wres_indicator_3",
            &y60,
            "organisations_without_denominator"
        ),
        Some(1.0)
    );
    let n = &r.national;
    let one = [("regions", "2")];
    // WRES 3: Y56 (2, 1; averages 4.5, 3.0) + Y60 (1, 1; 1, 1) = cases BME 3, White 2; averages
    // 5.5 and 4.0: 3 / 5.5 = 0.545455, 2 / 4 = 0.5 -> 1.0909, not adverse. Left out 3 + 1 = 4:
    // not computed 1 (RK2), without denominator 2 + 1 = 3 (RK3, RK5, RL2). The old twin, over the
    // old region rows, had BME cases 5 + 2 = 7.
    assert_eq!(
        nums(n, "wres_indicator_3", &one, ["entered_bme", "entered_white"]),
        some([3.0, 2.0])
    );
    approx(cell(n, "wres_indicator_3", &one, "average_headcount_bme"), 5.5);
    approx(cell(n, "wres_indicator_3", &one, "average_headcount_white"), 4.0);
    approx(cell(n, "wres_indicator_3", &one, "relative_likelihood"), 1.0909);
    assert_eq!(cell_text(n, "wres_indicator_3", &one, "adverse"), "false");
    assert_eq!(
        nums(n, "wres_indicator_3", &one, LEFT_OUT),
        some([3.0, 4.0, 1.0, 3.0])
    );
    // WRES 4: Y56 (3 / 5, 2 / 5) + Y60 (RL1: White 1 / 1, BME 0 / 1) = 4 / 6 and 2 / 6 -> 0.6667
    // / 0.3333 = 2.0, adverse. Left out: Y56's RK2 and RK3.
    assert_eq!(
        nums(
            n,
            "wres_indicator_4",
            &one,
            [
                "accessed_white",
                "headcount_white",
                "accessed_bme",
                "headcount_bme"
            ]
        ),
        some([4.0, 6.0, 2.0, 6.0])
    );
    approx(cell(n, "wres_indicator_4", &one, "relative_likelihood"), 2.0);
    assert_eq!(
        nums(n, "wres_indicator_4", &one, LEFT_OUT),
        some([4.0, 2.0, 1.0, 1.0])
    );
    // WRES 2: Y56 (5 / 3, 5 / 1) + Y60 (1 / 1, 1 / 1) = 6 / 4, 6 / 2 -> 0.6667 / 0.3333 = 2.0.
    approx(cell(n, "wres_indicator_2", &one, "relative_likelihood"), 2.0);
    // WDES 2: Y56 (8 / 3, 2 / 1) + Y60 (Y1 1 / 1, Y2 1 / 1) = 9 / 4, 3 / 2 -> 0.4444 / 0.6667
    // = 0.6667, adverse.
    assert_eq!(
        nums(
            n,
            "wdes_metric_2",
            &one,
            [
                "shortlisted_non_disabled",
                "appointed_non_disabled",
                "shortlisted_disabled",
                "appointed_disabled"
            ]
        ),
        some([9.0, 4.0, 3.0, 2.0])
    );
    approx(cell(n, "wdes_metric_2", &one, "relative_likelihood"), 0.6667);
    assert_eq!(cell_text(n, "wdes_metric_2", &one, "adverse"), "true");
}

#[test]
fn the_data_test_stops_a_run_whose_region_row_counts_a_numerator_without_its_denominator() {
    // The region row the old query built for an organisation with one BME case and no ESR staff
    // (wres.rs's RYJ in LDP1): BME numerator 1, denominator 0, the relative likelihood null with
    // its note. It satisfies the note and adverse rules, so only the point 7 rule catches it.
    let queries = tempfile::tempdir().expect("tempdir");
    let folder = queries.path().join("intermediate");
    std::fs::create_dir_all(&folder).expect("create folder");
    std::fs::write(
        folder.join("equality_relative_likelihoods.sql"),
        "SELECT 'wres_indicator_3' AS metric, 'LDP1' AS region_code, CAST(NULL AS VARCHAR) AS org_code,\n\
         0 AS reference_numerator, CAST(0 AS DOUBLE) AS reference_denominator,\n\
         1 AS focus_numerator, CAST(0 AS DOUBLE) AS focus_denominator,\n\
         CAST(NULL AS DOUBLE) AS relative_likelihood, 'no BME staff in the window' AS relative_likelihood_note,\n\
         CAST(NULL AS BOOLEAN) AS adverse, CAST(NULL AS BOOLEAN) AS included_in_region,\n\
         CAST(NULL AS VARCHAR) AS left_out_reason\n",
    )
    .expect("write model");
    let test = "intermediate/equality_relative_likelihoods.test.sql";
    std::fs::copy(shipped_queries().join(test), queries.path().join(test)).expect("copy data test");
    let error = block_on(async {
        let input = tempfile::tempdir().expect("tempdir");
        y60(input.path());
        let output = tempfile::tempdir().expect("tempdir");
        let mut cfg = fixture_config(input.path(), output.path(), queries.path(), 5);
        cfg.region = "Y60".into();
        let options = RunOptions { ..Default::default() };
        ops::run::run(&cfg, &options)
            .await
            .expect_err("the data test must stop the run")
            .to_string()
    });
    assert!(
        error.contains("equality_relative_likelihoods.test.sql") && error.contains("returned 1 row"),
        "{error}"
    );
}

#[test]
fn a_region_without_one_extract_loses_only_the_tables_that_need_it() {
    // The Y56 fixture without its training folder. The shared model reads recruitment,
    // disciplinary and training, reading the absent one as empty; each table declares what it
    // needs (`-- needs:`). So WRES 4 (training) is not computed, and WRES 2, WRES 3 and WDES 2
    // are as in the full run (WRES 3 region: 1.3333, from the hand working above).
    let (manifest, tables) = block_on(async {
        let queries = regional_queries();
        let input = tempfile::tempdir().expect("tempdir");
        y56(input.path());
        std::fs::remove_dir_all(input.path().join("training")).expect("remove training");
        let output = tempfile::tempdir().expect("tempdir");
        let mut cfg = fixture_config(input.path(), output.path(), queries.path(), 5);
        cfg.region = "Y56".into();
        cfg.file.metrics.reporting_date = chrono::NaiveDate::from_ymd_opt(2025, 10, 31);
        let manifest = run_quiet(&cfg).await;
        let tables = read_tables(&cfg.output, &manifest, "restricted").await;
        (manifest, tables)
    });
    let status = |name: &str| {
        let q = manifest
            .queries
            .iter()
            .find(|q| q.name == name)
            .expect("query listed");
        (q.status.clone(), q.message.clone().unwrap_or_default())
    };
    assert_eq!(
        status("wres_indicator_4"),
        (
            "not_computed".into(),
            "needs 'training': extract not supplied".into()
        )
    );
    assert!(!tables.contains_key("wres_indicator_4"));
    for name in ["wres_indicator_2", "wres_indicator_3", "wdes_metric_2"] {
        assert_eq!(status(name).0, "ok", "{name}: {}", status(name).1);
    }
    let rl = |t: &Tables| cell(t, "wres_indicator_3", &REGION, "relative_likelihood");
    approx(rl(&tables), 1.3333);
    assert_eq!(rl(&tables), rl(&runs().y56_tables));
}
