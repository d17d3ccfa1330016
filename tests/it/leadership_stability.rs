//! Leadership stability (issue 17 part 2): tenure in post of the current holders of each
//! critical role, interim cover, churn over 3 years, and time to fill critical-role vacancies
//! beside other posts, regional and national, on a hand-built fixture whose every figure is
//! worked out by hand in the comments. Definitions: `docs/metrics-pipeline.md`, section
//! "Leadership stability", and the headers of `queries/pipeline/leadership_stability_*.sql`.
//!
//! # The fixture (reporting date D = latest ESR snapshot = 31/10/2026)
//!
//! Staleness limit 45 days: the oldest usable snapshot is 16/09/2026. The 3-year churn window is
//! (31/10/2023, 31/10/2026] (36 months back, month-end arithmetic); the 12-month time-to-fill
//! period (31/10/2025, 31/10/2026].
//!
//! ESR month-end snapshots are numbered from 0 = 31/10/2023 to 36 = 31/10/2026 (27 = 31/01/2026,
//! 29 = 31/03/2026, 33 = 31/07/2026, 35 = 30/09/2026).
//!
//! | person | org (region) | role | category, interim | start | snapshots | termination |
//! |---|---|---|---|---|---|---|
//! | A1 | RAA (Y56) | CEO | Permanent | 01/05/2016 | 0..36 | |
//! | D0 | RAA | DOF | Permanent | 01/01/2015 | 0 (31/10/2023: on the window start, outside it) | 20/10/2023 |
//! | D1 | RAA | DOF | Permanent | 01/11/2023 | 1..29 | 15/03/2026 (a leaver ...) |
//! | DI | RAA | DOF | Fixed Term Temp, interim | 01/04/2026 | 30..33 | 31/07/2026 (... covered by an interim ...) |
//! | D2 | RAA | DOF | Permanent | 01/08/2026 | 34..36 | (... and replaced) |
//! | N0 | RAA | DON | Permanent | 01/06/2019 | 0..27 | 31/01/2026 |
//! | N1 | RAA | DON | Fixed Term Temp, interim | 15/02/2026 | 28..36 | (interim for more than 6 months) |
//! | C1 | RAA | COO | Permanent | 31/10/2024 | 13..36 | (exactly 2 years on D) |
//! | HI | RAA | HRD | Fixed Term Temp, interim | 01/03/2026 | 29..36 | (overlaps H1: the seat is held substantively) |
//! | H1 | RAA | HRD | Permanent | 01/10/2026 | 36 | |
//! | M1 | RAA | MD | Permanent | 01/03/2021 | 0..36 | 10/10/2026 (left before D: not a current holder) |
//! | L1 | RAA | MD | **Locum** | 01/10/2026 | 36 | (excluded everywhere) |
//! | B1 | RBB (Y56) | CEO | Permanent | 15/09/2024 | 33..35 | (RBB is a month late: 30/09/2026 in use) |
//! | BI | RBB | DON | Fixed Term Temp, interim | 01/01/2025 | 33..35 | (interim since before RBB's history) |
//! | B2 | RBB | DOF | Permanent | 01/09/2026 | 35 | |
//! | R1 | RCC (Y56) | CEO | Permanent | 01/01/2020 | 34 (31/08/2026: 61 days old, not current) | |
//! | E1 | RDD (Y58) | CEO | Permanent | 01/01/2025 | 35..36 | |
//! | EI | RDD | DON | Fixed Term Temp, interim | 01/09/2026 | 35..36 | |
//!
//! Days to D: A1 3835, B1 776, C1 730, E1 668, BI 668, N1 258, D2 91, B2 60, EI 60, H1 30.
//!
//! Vacancies (status Filled; days advert -> offer, advert -> start):
//!
//! | ref | org | role | advertised | offer | start | to offer | to start |
//! |---|---|---|---|---|---|---|---|
//! | F1 | RAA | DOF | 2026-03-01 | 2026-05-01 | 2026-08-01 | 61 | 153 |
//! | F2 | RAA | DON | 2025-12-01 | 2026-05-01 | 2026-06-30 | 151 | 211 |
//! | F3 | RAA | (nurse) | 2026-01-01 | 2026-01-21 | 2026-01-31 | 20 | 30 |
//! | F4 | RAA | (nurse) | 2026-02-01 | 2026-02-26 | 2026-03-18 | 25 | 45 |
//! | F5 | RBB | (admin) | 2026-03-01 | 2026-04-10 | 2026-04-30 | 40 | 60 |
//! | F6 | RDD | CEO | 2025-11-01 | 2026-04-01 | 2026-05-20 | 151 | 200 |
//! | F7 | RAA | CEO | 2024-06-01 | 2024-11-01 | 2025-01-01 | (before the period: not counted) | |
//! | V1 | RAA | (nurse) | 2026-09-01, open | | | | |

use std::sync::OnceLock;

use talentpipe::ops::aggregate::{AggregateOptions, aggregate};
use talentpipe::storage::Location;

use crate::ingest::{ESR_HEADER, esr_row, write};
use crate::pipeline_metrics::{Tables, VACANCIES_HEADER, cell, cell_text, table};
use crate::support::{
    BASE_LAYERS, approx, block_on, fixture_config, read_tables, run_quiet, shipped_queries,
    shipped_query_folders, text,
};

/// One ESR holding: employee, organisation, region, critical role, category, interim flag,
/// start date, first and last snapshot index, termination date on the last one.
type Holding = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    usize,
    usize,
    &'static str,
);

const HOLDINGS: [Holding; 20] = [
    (
        "10000001",
        "RAA",
        "Y56",
        "CEO",
        "Permanent",
        "N",
        "01/05/2016",
        0,
        36,
        "",
    ),
    (
        "10000002",
        "RAA",
        "Y56",
        "DOF",
        "Permanent",
        "N",
        "01/01/2015",
        0,
        0,
        "20/10/2023",
    ),
    (
        "10000003",
        "RAA",
        "Y56",
        "DOF",
        "Permanent",
        "N",
        "01/11/2023",
        1,
        29,
        "15/03/2026",
    ),
    (
        "10000004",
        "RAA",
        "Y56",
        "DOF",
        "Fixed Term Temp",
        "Y",
        "01/04/2026",
        30,
        33,
        "31/07/2026",
    ),
    (
        "10000005",
        "RAA",
        "Y56",
        "DOF",
        "Permanent",
        "N",
        "01/08/2026",
        34,
        36,
        "",
    ),
    (
        "10000006",
        "RAA",
        "Y56",
        "DON",
        "Permanent",
        "N",
        "01/06/2019",
        0,
        27,
        "31/01/2026",
    ),
    (
        "10000007",
        "RAA",
        "Y56",
        "DON",
        "Fixed Term Temp",
        "Y",
        "15/02/2026",
        28,
        36,
        "",
    ),
    (
        "10000008",
        "RAA",
        "Y56",
        "COO",
        "Permanent",
        "N",
        "31/10/2024",
        13,
        36,
        "",
    ),
    (
        "10000009",
        "RAA",
        "Y56",
        "HRD",
        "Fixed Term Temp",
        "Y",
        "01/03/2026",
        29,
        36,
        "",
    ),
    (
        "10000010",
        "RAA",
        "Y56",
        "HRD",
        "Permanent",
        "N",
        "01/10/2026",
        36,
        36,
        "",
    ),
    (
        "10000011",
        "RAA",
        "Y56",
        "MD",
        "Permanent",
        "N",
        "01/03/2021",
        0,
        36,
        "10/10/2026",
    ),
    (
        "10000012",
        "RAA",
        "Y56",
        "MD",
        "Locum",
        "N",
        "01/10/2026",
        36,
        36,
        "",
    ),
    (
        "20000001",
        "RBB",
        "Y56",
        "CEO",
        "Permanent",
        "N",
        "15/09/2024",
        33,
        35,
        "",
    ),
    (
        "20000002",
        "RBB",
        "Y56",
        "DON",
        "Fixed Term Temp",
        "Y",
        "01/01/2025",
        33,
        35,
        "",
    ),
    (
        "20000003",
        "RBB",
        "Y56",
        "DOF",
        "Permanent",
        "N",
        "01/09/2026",
        35,
        35,
        "",
    ),
    (
        "30000001",
        "RCC",
        "Y56",
        "CEO",
        "Permanent",
        "N",
        "01/01/2020",
        34,
        34,
        "",
    ),
    (
        "40000001",
        "RDD",
        "Y58",
        "CEO",
        "Permanent",
        "N",
        "01/01/2025",
        35,
        36,
        "",
    ),
    (
        "40000002",
        "RDD",
        "Y58",
        "DON",
        "Fixed Term Temp",
        "Y",
        "01/09/2026",
        35,
        36,
        "",
    ),
    // Staff without a critical role: in the ESR history (so in churn_history_start), never holders.
    (
        "40000003",
        "RDD",
        "Y58",
        "",
        "Permanent",
        "N",
        "01/01/2010",
        35,
        36,
        "",
    ),
    (
        "30000002",
        "RCC",
        "Y56",
        "",
        "Permanent",
        "N",
        "01/01/2010",
        34,
        34,
        "",
    ),
];

/// Month-end of snapshot `i` (0 = 31/10/2023), DD/MM/YYYY.
fn month_end(i: usize) -> String {
    let months = 9 + i; // months after January 2023
    let (year, month) = (2023 + months / 12, months % 12 + 1);
    let day = match month {
        2 if year % 4 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    format!("{day:02}/{month:02}/{year}")
}

fn job(role: &str) -> &'static str {
    match role {
        "CEO" => "Chief Executive",
        "DOF" => "Director of Finance",
        "DON" => "Director of Nursing",
        "COO" => "Chief Operating Officer",
        "HRD" => "Director of Workforce",
        "MD" => "Medical Director",
        _ => "Staff Nurse",
    }
}

fn esr_csv() -> String {
    let mut lines = vec![ESR_HEADER.to_string()];
    for (emp, org, region, role, category, interim, start, from, to, terminated) in HOLDINGS {
        let band = if role.is_empty() { "Band 5" } else { "VSM" };
        for i in from..=to {
            let termination = if i == to { terminated } else { "" };
            lines.push(esr_row(
                emp,
                &[
                    ("Snapshot Date", &month_end(i)),
                    ("Organisation Code", org),
                    ("Region Code", region),
                    ("Job Role", job(role)),
                    ("Critical Role", role),
                    ("Pay Band", band),
                    ("Assignment Category", category),
                    ("Interim", interim),
                    ("Start Date", start),
                    ("Termination Date", termination),
                ],
            ));
        }
    }
    lines.join("\n") + "\n"
}

const VACANCY_ROWS: &str = "\
F1,RAA,Y56,Administrative and Clerical,VSM,Director of Finance,DOF,1.0,2026-03-01,,2026-05-01,2026-08-01,Filled,N,1
F2,RAA,Y56,Nursing and Midwifery Registered,VSM,Director of Nursing,DON,1.0,2025-12-01,,2026-05-01,2026-06-30,Filled,Y,1
F3,RAA,Y56,Nursing and Midwifery Registered,Band 5,Staff Nurse,,1.0,2026-01-01,,2026-01-21,2026-01-31,Filled,N,1
F4,RAA,Y56,Nursing and Midwifery Registered,Band 5,Staff Nurse,,1.0,2026-02-01,,2026-02-26,2026-03-18,Filled,N,1
F5,RBB,Y56,Administrative and Clerical,Band 3,Receptionist,,1.0,2026-03-01,,2026-04-10,2026-04-30,Filled,N,1
F6,RDD,Y58,Administrative and Clerical,VSM,Chief Executive,CEO,1.0,2025-11-01,,2026-04-01,2026-05-20,Filled,N,1
F7,RAA,Y56,Administrative and Clerical,VSM,Chief Executive,CEO,1.0,2024-06-01,,2024-11-01,2025-01-01,Filled,N,1
V1,RAA,Y56,Nursing and Midwifery Registered,Band 5,Staff Nurse,,1.0,2026-09-01,,,,Open,N,1
";

/// The national twins of the leadership-stability tables (and only them).
const TWINS: [&str; 5] = [
    "leadership_stability_distribution",
    "leadership_stability_percentiles",
    "leadership_stability_tenure",
    "leadership_stability_interim_cover",
    "leadership_stability_time_to_fill",
];

struct Run {
    regional: Tables,
    national: Tables,
}

/// The fixture run once (regional run, then the national aggregation of its output), shared.
fn run() -> &'static Run {
    static RUN: OnceLock<Run> = OnceLock::new();
    RUN.get_or_init(|| {
        block_on(async {
            let input = tempfile::tempdir().expect("tempdir");
            write(input.path(), "esr_workforce", "esr.csv", esr_csv());
            write(
                input.path(),
                "vacancies",
                "vacancies.csv",
                format!("{VACANCIES_HEADER}\n{VACANCY_ROWS}"),
            );
            let queries = shipped_query_folders(&[BASE_LAYERS[0], BASE_LAYERS[1], "pipeline", "vacancy"]);
            let output = tempfile::tempdir().expect("tempdir");
            let cfg = fixture_config(input.path(), output.path(), queries.path(), 5);
            let manifest = run_quiet(&cfg).await;
            for name in TWINS.iter().filter(|n| **n != "leadership_stability_percentiles") {
                let q = manifest
                    .queries
                    .iter()
                    .find(|q| q.name == *name)
                    .expect("query in manifest");
                assert_eq!(q.status, "ok", "{name}: {:?}", q.message);
            }
            let regional = read_tables(&cfg.output, &manifest, "restricted").await;

            let national_queries = tempfile::tempdir().expect("tempdir");
            let twins = national_queries.path().join("national");
            std::fs::create_dir_all(&twins).expect("national folder");
            for name in TWINS {
                let file = format!("{name}.sql");
                std::fs::copy(shipped_queries().join("national").join(&file), twins.join(&file))
                    .expect("copy national twin");
            }
            let national_out = tempfile::tempdir().expect("tempdir");
            let target = Location::local(national_out.path()).expect("national location");
            let outcome = aggregate(
                std::slice::from_ref(&cfg.output),
                &target,
                national_queries.path(),
                &AggregateOptions {
                    expected_regions: Vec::new(),
                    allow_missing: false,
                    publish: Default::default(),
                    session: Default::default(),
                },
            )
            .await
            .unwrap_or_else(|e| panic!("aggregation failed: {e}"));
            for q in &outcome.manifest.queries {
                assert_eq!(q.status, "ok", "national {}: {:?}", q.name, q.message);
            }
            let national = read_tables(&target, &outcome.manifest, "restricted").await;
            Run { regional, national }
        })
    })
}

/// A regional cell of `name` for (region, organisation; "" = region total, role).
fn get(name: &str, region: &str, org: &str, role: &str, column: &str) -> Option<f64> {
    let f = [
        ("region_code", region),
        ("org_code", org),
        ("critical_role", role),
    ];
    cell(&run().regional, name, &f, column)
}

fn get_text(name: &str, region: &str, org: &str, role: &str, column: &str) -> String {
    let f = [
        ("region_code", region),
        ("org_code", org),
        ("critical_role", role),
    ];
    cell_text(&run().regional, name, &f, column)
}

const TENURE: &str = "leadership_stability_tenure";
const INTERIM: &str = "leadership_stability_interim_cover";
const TTF: &str = "leadership_stability_time_to_fill";

#[test]
fn tenure_counts_current_substantive_holders_from_their_esr_start_dates() {
    // Definition (issue 17 part 2; leadership_stability_tenure header): the substantive holders
    // of each role on each organisation's ESR snapshot in use who have not left by D; tenure =
    // D - ESR start date (days; years = days / 365.25); bands by whole calendar years served.
    // Y56 CEO: A1 (RAA) 3835 days and B1 (RBB, counted from its late 30/09/2026 snapshot) 776;
    // R1 (RCC) is left out (61-day-old snapshot). n = 2: median = (776 + 3835) / 2 = 2305.5
    // days = 6.3121 years; lower quartile at position 0.25: 776 + 0.25 x 3059 = 1540.75 days =
    // 4.2183 years; upper 776 + 0.75 x 3059 = 3070.25 days = 8.4059 years.
    assert_eq!(get(TENURE, "Y56", "", "CEO", "holders"), Some(2.0));
    approx(get(TENURE, "Y56", "", "CEO", "median_tenure_days"), 2305.5);
    approx(get(TENURE, "Y56", "", "CEO", "median_tenure_years"), 6.3121);
    approx(
        get(TENURE, "Y56", "", "CEO", "lower_quartile_tenure_days"),
        1540.75,
    );
    approx(
        get(TENURE, "Y56", "", "CEO", "lower_quartile_tenure_years"),
        4.2183,
    );
    approx(
        get(TENURE, "Y56", "", "CEO", "upper_quartile_tenure_years"),
        8.4059,
    );
    // Bands: A1 has served 10 years on 01/05/2026 (10y+), B1 2 years on 15/09/2026 (2-5y); none
    // under 2 years. The median band is the first whose running count reaches half the holders:
    // under 2 years 0, up to 5 years 1 >= 2 / 2: '2-5y'.
    assert_eq!(get(TENURE, "Y56", "", "CEO", "holders_10y_plus"), Some(1.0));
    assert_eq!(get(TENURE, "Y56", "", "CEO", "holders_2_to_5y"), Some(1.0));
    assert_eq!(get(TENURE, "Y56", "", "CEO", "holders_under_2y"), Some(0.0));
    approx(get(TENURE, "Y56", "", "CEO", "share_under_2y"), 0.0);
    assert_eq!(get_text(TENURE, "Y56", "", "CEO", "median_tenure_band"), "2-5y");
    // The late organisation is counted from its previous month, tenure still measured to D.
    assert_eq!(
        get_text(TENURE, "Y56", "RBB", "CEO", "esr_snapshot_date"),
        "2026-09-30"
    );
    approx(get(TENURE, "Y56", "RBB", "CEO", "median_tenure_days"), 776.0);
    // The stale organisation: null counts, the snapshot note, left out of the region row.
    assert_eq!(get(TENURE, "Y56", "RCC", "CEO", "holders"), None);
    let note = get_text(TENURE, "Y56", "RCC", "CEO", "tenure_note");
    assert!(note.starts_with("not computed: no recent snapshot"), "{note}");
    assert_eq!(get(TENURE, "Y56", "", "CEO", "organisations"), Some(2.0));
    assert_eq!(
        get(TENURE, "Y56", "", "CEO", "organisations_without_recent_esr"),
        Some(1.0)
    );
    assert_eq!(
        get_text(TENURE, "Y56", "", "CEO", "esr_snapshot_date"),
        "2026-09-30"
    );
}

#[test]
fn every_critical_role_together_is_a_row_with_no_role() {
    // Definition (the convention of leadership_pipeline_diversity: critical_role empty = every
    // role together). Y56 substantive holders of any role: A1 3835, B1 776, C1 730, D2 91, B2 60,
    // H1 30 days. Sorted 30, 60, 91, 730, 776, 3835: median (91 + 730) / 2 = 410.5 days; under
    // 2 years 30, 60, 91 = 3 of 6 = 0.5; '<1y' holds 3 >= 6 / 2, so the median band is '<1y'.
    assert_eq!(get(TENURE, "Y56", "", "", "holders"), Some(6.0));
    approx(get(TENURE, "Y56", "", "", "median_tenure_days"), 410.5);
    approx(get(TENURE, "Y56", "", "", "share_under_2y"), 0.5);
    assert_eq!(get_text(TENURE, "Y56", "", "", "median_tenure_band"), "<1y");
    // Organisations are counted once, not once per role: RAA and RBB, RCC left out.
    assert_eq!(get(TENURE, "Y56", "", "", "organisations"), Some(2.0));
    assert_eq!(
        get(TENURE, "Y56", "", "", "organisations_without_recent_esr"),
        Some(1.0)
    );
    // Seats held: RAA CEO, DOF, DON, COO, HRD (MD has none) + RBB CEO, DON, DOF = 8, of which
    // 2 interim (the DON seats): 0.25. One organisation with a short history (RBB), not six.
    assert_eq!(get(INTERIM, "Y56", "", "", "seats_held"), Some(8.0));
    approx(get(INTERIM, "Y56", "", "", "interim_share"), 0.25);
    assert_eq!(
        get(INTERIM, "Y56", "", "", "organisations_with_short_history"),
        Some(1.0)
    );
    assert_eq!(get(INTERIM, "Y56", "RAA", "", "organisations"), Some(1.0));
    // National: Y56's 6 + Y58's E1 (668 days) = 7; sorted 30, 60, 91, 668, 730, 776, 3835:
    // median 668 days = 1.8289 years.
    let n = &run().national;
    let all = [("critical_role", "")];
    assert_eq!(cell(n, TENURE, &all, "holders"), Some(7.0));
    approx(cell(n, TENURE, &all, "median_tenure_years"), 1.8289);
}

#[test]
fn a_leaver_replaced_counts_the_new_holder_and_exactly_two_years_is_not_under_two() {
    // Y56 DOF: RAA's D1 left 15/03/2026, the interim DI left 31/07/2026, D2 started 01/08/2026:
    // only D2 is a current holder (91 days); RBB's B2 60 days. Both under 1 year: share 1.0,
    // median (60 + 91) / 2 = 75.5 days, band '<1y'.
    assert_eq!(get(TENURE, "Y56", "", "DOF", "holders"), Some(2.0));
    assert_eq!(get(TENURE, "Y56", "", "DOF", "holders_under_1y"), Some(2.0));
    approx(get(TENURE, "Y56", "", "DOF", "share_under_2y"), 1.0);
    approx(get(TENURE, "Y56", "", "DOF", "median_tenure_days"), 75.5);
    assert_eq!(get_text(TENURE, "Y56", "", "DOF", "median_tenure_band"), "<1y");
    // C1 started 31/10/2024: 2 calendar years on D itself, so not under 2 years ('2-5y'),
    // although 730 days / 365.25 = 1.9986 years.
    assert_eq!(get(TENURE, "Y56", "RAA", "COO", "holders_2_to_5y"), Some(1.0));
    assert_eq!(get(TENURE, "Y56", "RAA", "COO", "holders_under_2y"), Some(0.0));
    approx(get(TENURE, "Y56", "RAA", "COO", "median_tenure_years"), 1.9986);
    // MD: M1's termination date (10/10/2026) is on D's snapshot, so M1 is no longer a holder;
    // L1 is a Locum (excluded): no holder, a note, no median.
    assert_eq!(get(TENURE, "Y56", "RAA", "MD", "holders"), Some(0.0));
    assert_eq!(get(TENURE, "Y56", "RAA", "MD", "median_tenure_days"), None);
    assert_eq!(
        get_text(TENURE, "Y56", "RAA", "MD", "tenure_note"),
        "no substantive holder of the role in ESR on the snapshot in use"
    );
    // HRD: the interim HI overlaps the new substantive H1: tenure counts H1 only (30 days).
    assert_eq!(get(TENURE, "Y56", "RAA", "HRD", "holders"), Some(1.0));
    approx(get(TENURE, "Y56", "RAA", "HRD", "median_tenure_days"), 30.0);
    // DON: both Y56 seats are held by interims only: no substantive holder.
    assert_eq!(get(TENURE, "Y56", "", "DON", "holders"), Some(0.0));
}

#[test]
fn interim_cover_counts_from_the_interim_holders_start_date() {
    // Definition (leadership_stability_seats header, a choice for the analyst to confirm): a
    // seat is interim when its current holders are all interim; days interim = D - the interim
    // holder's ESR start date, not the first snapshot in which the seat was interim. Y56 DON:
    // RAA's N1 since 15/02/2026 = 258 days; RBB's BI since 01/01/2025 = 668 days (RBB's ESR
    // history starts 31/07/2026: by the first interim snapshot it would have been 92 days).
    // Both started more than 6 calendar months before D (15/08/2026 and 01/07/2025 < D).
    assert_eq!(get(INTERIM, "Y56", "", "DON", "seats_held"), Some(2.0));
    assert_eq!(get(INTERIM, "Y56", "", "DON", "interim_seats"), Some(2.0));
    approx(get(INTERIM, "Y56", "", "DON", "interim_share"), 1.0);
    assert_eq!(get(INTERIM, "Y56", "", "DON", "interim_over_6_months"), Some(2.0));
    approx(get(INTERIM, "Y56", "", "DON", "share_interim_over_6_months"), 1.0);
    assert_eq!(
        get(INTERIM, "Y56", "RBB", "DON", "interim_days_total"),
        Some(668.0)
    );
    // Region: total 258 + 668 = 926, mean 463, median of two = 463, longest 668.
    assert_eq!(get(INTERIM, "Y56", "", "DON", "interim_days_total"), Some(926.0));
    approx(get(INTERIM, "Y56", "", "DON", "mean_interim_days"), 463.0);
    approx(get(INTERIM, "Y56", "", "DON", "median_interim_days"), 463.0);
    assert_eq!(get(INTERIM, "Y56", "", "DON", "max_interim_days"), Some(668.0));
    // Y58 DON: RDD's EI since 01/09/2026 = 60 days, not over 6 months: share 0.
    assert_eq!(get(INTERIM, "Y58", "", "DON", "interim_over_6_months"), Some(0.0));
    approx(get(INTERIM, "Y58", "", "DON", "share_interim_over_6_months"), 0.0);
    // An interim beside a substantive holder (RAA HRD) is not an interim seat.
    assert_eq!(get(INTERIM, "Y56", "RAA", "HRD", "seats_held"), Some(1.0));
    assert_eq!(get(INTERIM, "Y56", "RAA", "HRD", "interim_seats"), Some(0.0));
    // Seats: Y56 CEO A1, B1 (RCC left out): 2 held, none interim.
    assert_eq!(get(INTERIM, "Y56", "", "CEO", "seats_held"), Some(2.0));
    approx(get(INTERIM, "Y56", "", "CEO", "interim_share"), 0.0);
    assert_eq!(get(INTERIM, "Y56", "RCC", "CEO", "seats_held"), None);
}

#[test]
fn churn_counts_distinct_holders_in_three_years_and_flags_short_history() {
    // Definition (leadership_stability_interim_cover header): distinct people holding the role
    // (substantive or interim; no Bank, Locum or Honorary) on the ESR snapshots in (D - 36
    // months, D] = (31/10/2023, 31/10/2026]. RAA DOF: D1, DI, D2 = 3; D0, seen only on
    // 31/10/2023 (the window's exclusive start), is outside. RAA's first snapshot in the window
    // is 30/11/2023: 36 months to D, a complete window.
    assert_eq!(
        get_text(INTERIM, "Y56", "RAA", "DOF", "churn_window_start_exclusive"),
        "2023-10-31"
    );
    assert_eq!(
        get(INTERIM, "Y56", "RAA", "DOF", "distinct_holders_3y"),
        Some(3.0)
    );
    assert_eq!(
        get(INTERIM, "Y56", "RAA", "DOF", "churn_months_covered"),
        Some(36.0)
    );
    assert_eq!(
        get_text(INTERIM, "Y56", "RAA", "DOF", "churn_window_complete"),
        "true"
    );
    assert_eq!(get_text(INTERIM, "Y56", "RAA", "DOF", "churn_note"), "");
    // RAA MD: M1 only (the Locum L1 is excluded); HRD: HI and H1.
    assert_eq!(get(INTERIM, "Y56", "RAA", "MD", "distinct_holders_3y"), Some(1.0));
    assert_eq!(
        get(INTERIM, "Y56", "RAA", "HRD", "distinct_holders_3y"),
        Some(2.0)
    );
    // RBB's history starts 31/07/2026: July to October = 4 months, flagged, not scaled.
    assert_eq!(
        get(INTERIM, "Y56", "RBB", "DOF", "churn_months_covered"),
        Some(4.0)
    );
    assert_eq!(
        get_text(INTERIM, "Y56", "RBB", "DOF", "churn_window_complete"),
        "false"
    );
    assert_eq!(
        get_text(INTERIM, "Y56", "RBB", "DOF", "churn_note"),
        "ESR history covers 4 of the 36 months: holders counted over that history only"
    );
    // Region Y56 DOF: 3 + 1 (B2) = 4 holders over 2 seats = 2.0 per seat; the region row carries
    // the shortest history (4 months) and counts RBB as short (RCC is left out).
    assert_eq!(get(INTERIM, "Y56", "", "DOF", "distinct_holders_3y"), Some(4.0));
    assert_eq!(get(INTERIM, "Y56", "", "DOF", "seats_observed_3y"), Some(2.0));
    approx(get(INTERIM, "Y56", "", "DOF", "holders_per_seat_3y"), 2.0);
    assert_eq!(get(INTERIM, "Y56", "", "DOF", "churn_months_covered"), Some(4.0));
    assert_eq!(
        get(INTERIM, "Y56", "", "DOF", "organisations_with_short_history"),
        Some(1.0)
    );
    assert_eq!(
        get_text(INTERIM, "Y56", "", "DOF", "churn_window_complete"),
        "false"
    );
    // Y56 HRD: RAA 2, RBB nobody: 2 holders over 1 seat observed.
    approx(get(INTERIM, "Y56", "", "HRD", "holders_per_seat_3y"), 2.0);
}

/// A `leadership_stability_time_to_fill` cell, advertised to start unless `interval` says.
fn ttf(region: &str, org: &str, group: &str, interval: &str, column: &str) -> Option<f64> {
    let f = [
        ("region_code", region),
        ("org_code", org),
        ("post_group", group),
        ("interval_measured", interval),
    ];
    cell(&run().regional, TTF, &f, column)
}

#[test]
fn time_to_fill_splits_critical_roles_from_other_posts() {
    // Definition (issue 17 part 2; the time_to_fill rule and period): Filled vacancies whose
    // start (offer) date is in (31/10/2025, 31/10/2026]; F7 started 01/01/2025 and is out.
    // Y56 critical roles, advert to start: F1 153, F2 211: median 182, p90 at position 0.9:
    // 153 + 0.9 x 58 = 205.2. Other posts: F3 30, F4 45, F5 60: median 45, p90 at 1.8:
    // 45 + 0.8 x 15 = 57.
    let start = "advertised_to_start";
    assert_eq!(
        ttf("Y56", "", "critical_role", start, "filled_vacancies"),
        Some(2.0)
    );
    approx(ttf("Y56", "", "critical_role", start, "median_days"), 182.0);
    approx(ttf("Y56", "", "critical_role", start, "p90_days"), 205.2);
    assert_eq!(ttf("Y56", "", "other_post", start, "filled_vacancies"), Some(3.0));
    approx(ttf("Y56", "", "other_post", start, "median_days"), 45.0);
    approx(ttf("Y56", "", "other_post", start, "p90_days"), 57.0);
    // RAA's other posts alone: 30, 45: median 37.5, p90 30 + 0.9 x 15 = 43.5.
    approx(ttf("Y56", "RAA", "other_post", start, "median_days"), 37.5);
    approx(ttf("Y56", "RAA", "other_post", start, "p90_days"), 43.5);
    // Advert to offer, Y56 critical: F1 61, F2 151: mean 106.
    approx(
        ttf("Y56", "", "critical_role", "advertised_to_offer", "mean_days"),
        106.0,
    );
    // The two groups add up to time_to_fill's 'all' row (2 + 3 = 5 vacancies, 364 + 135 =
    // 499 days), which is unchanged.
    let t = &run().regional;
    let all = [
        ("region_code", "Y56"),
        ("org_code", ""),
        ("dimension", "all"),
        ("interval_measured", start),
    ];
    assert_eq!(cell(t, "time_to_fill", &all, "filled_vacancies"), Some(5.0));
    assert_eq!(cell(t, "time_to_fill", &all, "total_days"), Some(499.0));
    assert_eq!(ttf("Y56", "", "critical_role", start, "total_days"), Some(364.0));
    assert_eq!(ttf("Y56", "", "other_post", start, "total_days"), Some(135.0));
}

#[test]
fn national_twins_recompute_from_summed_counts_never_from_medians() {
    // National = Y56 + Y58 (region rows). Tenure CEO: A1 3835, B1 776, E1 668 (RDD): median
    // 776 days = 2.1246 years (not the mean of the regional medians, (6.3121 + 1.8289) / 2);
    // lower quartile at position 0.5: 668 + 0.5 x 108 = 722 days = 1.9767 years; bands 1-2y 1
    // (E1), 2-5y 1, 10y+ 1: under 2 years 1 of 3 = 0.3333; median band: 1 < 1.5, 2 >= 1.5 at
    // 2-5y.
    let n = &run().national;
    let role = |r: &'static str| [("critical_role", r)];
    assert_eq!(cell(n, TENURE, &role("CEO"), "holders"), Some(3.0));
    approx(cell(n, TENURE, &role("CEO"), "median_tenure_years"), 2.1246);
    approx(
        cell(n, TENURE, &role("CEO"), "lower_quartile_tenure_years"),
        1.9767,
    );
    approx(cell(n, TENURE, &role("CEO"), "share_under_2y"), 0.3333);
    assert_eq!(cell_text(n, TENURE, &role("CEO"), "median_tenure_band"), "2-5y");
    // Interim DON: 3 interim seats of 3 (258, 668, 60 days): 2 over 6 months = 0.6667; mean
    // 986 / 3 = 328.6667; median 258; longest 668.
    assert_eq!(cell(n, INTERIM, &role("DON"), "interim_seats"), Some(3.0));
    approx(
        cell(n, INTERIM, &role("DON"), "share_interim_over_6_months"),
        0.6667,
    );
    approx(cell(n, INTERIM, &role("DON"), "mean_interim_days"), 328.6667);
    approx(cell(n, INTERIM, &role("DON"), "median_interim_days"), 258.0);
    assert_eq!(cell(n, INTERIM, &role("DON"), "max_interim_days"), Some(668.0));
    // Churn CEO: Y56 2 + Y58 1 = 3 holders, 3 seats: 1.0; RBB and RDD have short histories.
    approx(cell(n, INTERIM, &role("CEO"), "holders_per_seat_3y"), 1.0);
    assert_eq!(
        cell(n, INTERIM, &role("CEO"), "organisations_with_short_history"),
        Some(2.0)
    );
    assert_eq!(
        cell_text(n, INTERIM, &role("CEO"), "churn_window_complete"),
        "false"
    );
    // Time to fill, critical roles: F1 153, F6 200 (Y58), F2 211: median 200, p90 at 1.8:
    // 200 + 0.8 x 11 = 208.8 (the regional medians were 182 and 200); mean 564 / 3 = 188.
    let f = [
        ("post_group", "critical_role"),
        ("interval_measured", "advertised_to_start"),
    ];
    assert_eq!(cell(n, TTF, &f, "filled_vacancies"), Some(3.0));
    approx(cell(n, TTF, &f, "median_days"), 200.0);
    approx(cell(n, TTF, &f, "p90_days"), 208.8);
    approx(cell(n, TTF, &f, "mean_days"), 188.0);
    assert_eq!(cell_text(n, TTF, &f, "period_end"), "2026-10-31");
    // The national distribution holds the summed day counts.
    let d = table(n, "leadership_stability_distribution");
    let tenure_rows = (0..d.num_rows())
        .filter(|&i| text(d, "measure", i) == "tenure_in_post" && text(d, "breakdown", i) == "CEO")
        .count();
    assert_eq!(tenure_rows, 3, "one row per CEO day count: 668, 776, 3835");
}

#[test]
fn without_the_vacancies_extract_only_time_to_fill_is_not_computed() {
    // Definition (docs/metrics-pipeline.md, "Not supplied vs empty" and Leadership stability,
    // National): tenure and interim cover need ESR only; time to fill needs vacancies too, and
    // is reported not computed (never zeros) without them; the distribution keeps the ESR
    // measures. Same ESR as above: Y56 CEO still has 2 holders.
    let (manifest, tables) = block_on(async {
        let input = tempfile::tempdir().expect("tempdir");
        write(input.path(), "esr_workforce", "esr.csv", esr_csv());
        let queries = shipped_query_folders(&[BASE_LAYERS[0], BASE_LAYERS[1], "pipeline", "vacancy"]);
        let output = tempfile::tempdir().expect("tempdir");
        let cfg = fixture_config(input.path(), output.path(), queries.path(), 5);
        let manifest = run_quiet(&cfg).await;
        let tables = read_tables(&cfg.output, &manifest, "restricted").await;
        (manifest, tables)
    });
    let status = |name: &str| {
        let q = manifest
            .queries
            .iter()
            .find(|q| q.name == name)
            .expect("query in manifest");
        (q.status.clone(), q.message.clone().unwrap_or_default())
    };
    assert_eq!(status(TENURE).0, "ok");
    assert_eq!(status(INTERIM).0, "ok");
    assert_eq!(status("leadership_stability_distribution").0, "ok");
    let (ttf_status, message) = status(TTF);
    assert_eq!(ttf_status, "not_computed");
    assert!(message.contains("needs 'vacancies'"), "{message}");
    assert!(!tables.contains_key(TTF));
    let f = [("region_code", "Y56"), ("org_code", ""), ("critical_role", "CEO")];
    assert_eq!(cell(&tables, TENURE, &f, "holders"), Some(2.0));
    let d = table(&tables, "leadership_stability_distribution");
    assert!(
        (0..d.num_rows())
            .all(|i| ["tenure_in_post", "interim_cover"].contains(&text(d, "measure", i).as_str())),
        "only the ESR measures without vacancies"
    );
}
