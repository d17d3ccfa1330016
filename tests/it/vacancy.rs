//! Vacancy analysis (issue 6) on the fixture of `pipeline_metrics.rs`: vacancy rate, time to
//! fill (median and p90), hard-to-fill vacancies and executive posts. Every expected figure is
//! derived in the comments. Snapshot = reporting date = 31/10/2026. The 12 months to the
//! reporting date are (31/10/2025, 31/10/2026]: every start and offer date below falls in them.
//!
//! The second half of the file (issue 13 points 1, 5, 6, 7, 9) adds its own organisations in
//! region Y60 to the same fixture (`with_messy_cases`, documented there), so the shared fixture
//! is unchanged.
//!
//! Filled vacancies (days advertised -> offer, advertised -> start):
//!
//! | ref | org | breakdown | advertised | offer | start | to offer | to start |
//! |---|---|---|---|---|---|---|---|
//! | F1 | RAA | Band 5 nurse | 2026-01-01 | 2026-01-21 | 2026-01-31 | 20 | 30 |
//! | F2 | RAA | Band 5 nurse | 2026-02-01 | 2026-02-26 | 2026-03-18 | 25 | 45 |
//! | F3 | RBB | Band 5 nurse | 2026-03-01 | 2026-04-10 | 2026-04-30 | 40 | 60 |
//! | F4 | RBB | Band 3 admin | 2026-01-10 | 2026-03-01 | 2026-04-10 | 50 | 90 |
//! | F5 | RBB | DON (VSM) | 2025-09-01 | 2026-05-01 | 2026-06-28 | 242 | 300 |
//! | F6 | RAA | COO (VSM) | 2025-11-01 | 2026-04-01 | 2026-05-20 | 151 | 200 |
//! | F7 | RDD (Y58) | DON (VSM) | 2025-12-01 | 2026-06-20 | 2026-08-08 | 201 | 250 |
//! | F8 | RBB | Band 5 nurse | 2026-06-01 | 2026-06-21 | (none) | 20 | - |
//!
//! Percentiles: values sorted ascending, numbered 0..n-1; percentile p at position p x (n-1),
//! interpolating linearly between neighbours (percentile_cont / PERCENTILE.INC).

use crate::pipeline_metrics::{cell, cell_text, full, table};
use crate::support::{approx, num, text};

#[test]
fn vacancy_rate_is_vacancy_fte_over_establishment() {
    let (_, t) = full();
    let get = |region: &str, org: &str, dim: &str, value: &str, col: &str| {
        cell(
            t,
            "vacancy_rate",
            &[
                ("region_code", region),
                ("org_code", org),
                ("dimension", dim),
                ("dimension_value", value),
            ],
            col,
        )
    };
    // RAA staff in post 31/10/2026 (Bank N4 excluded): C2 1.0, I1 1.0, N1 1.0, N2 0.6,
    // N3 0.8, A1 1.0, G1 1.0 = 6.4 FTE, 7 people. Open on the snapshot: V1 1.0, V2 1.0,
    // V4 1.0, V5 0.5 = 3.5 FTE (V6 is advertised after the snapshot, V7 withdrawn, F* filled).
    // rate = 3.5 / (6.4 + 3.5) = 3.5 / 9.9 = 0.3535.
    assert_eq!(get("Y56", "RAA", "all", "All", "open_vacancies"), Some(4.0));
    approx(get("Y56", "RAA", "all", "All", "vacancy_fte"), 3.5);
    assert_eq!(
        get("Y56", "RAA", "all", "All", "staff_in_post_headcount"),
        Some(7.0)
    );
    approx(get("Y56", "RAA", "all", "All", "staff_in_post_fte"), 6.4);
    approx(get("Y56", "RAA", "all", "All", "establishment_fte"), 9.9);
    approx(get("Y56", "RAA", "all", "All", "vacancy_rate"), 0.3535);
    // RAA Band 5: N1 1.0 + N2 0.6 + N3 0.8 = 2.4 in post; V4 1.0 + V5 0.5 = 1.5 open:
    // 1.5 / 3.9 = 0.3846.
    approx(get("Y56", "RAA", "pay_band", "Band 5", "vacancy_rate"), 0.3846);
    // RBB: C3, D1, M1 = 3.0 FTE (Locum L1 excluded), no open vacancy: rate 0.
    approx(get("Y56", "RBB", "all", "All", "staff_in_post_fte"), 3.0);
    approx(get("Y56", "RBB", "all", "All", "vacancy_rate"), 0.0);
    // Region Y56 = sum of parts: 9.4 FTE in post (10 people), 3.5 open: 3.5 / 12.9 = 0.2713.
    assert_eq!(
        get("Y56", "", "all", "All", "staff_in_post_headcount"),
        Some(10.0)
    );
    approx(get("Y56", "", "all", "All", "staff_in_post_fte"), 9.4);
    approx(get("Y56", "", "all", "All", "vacancy_rate"), 0.2713);
    // Staff group, Y56 nursing: in post N1, N2, N3, I1, D1, M1 = 1 + 0.6 + 0.8 + 1 + 1 + 1
    // = 5.4; open V2 1.0, V4 1.0, V5 0.5 = 2.5: 2.5 / 7.9 = 0.3165.
    approx(
        get(
            "Y56",
            "",
            "staff_group",
            "Nursing and Midwifery Registered",
            "vacancy_rate",
        ),
        0.3165,
    );
    // Critical role, Y56 DON: in post I1 + D1 = 2.0; open V2 1.0: 1 / 3 = 0.3333.
    approx(get("Y56", "", "critical_role", "DON", "vacancy_rate"), 0.3333);
    // Y56 DOF: nobody in post, V1 open: 1 / (0 + 1) = 1.
    approx(get("Y56", "", "critical_role", "DOF", "vacancy_rate"), 1.0);
    // Y56 Band 3: A1 1.0 in post; V6 (advertised 05/11/2026) is not open on 31/10/2026: 0.
    assert_eq!(get("Y56", "", "pay_band", "Band 3", "open_vacancies"), Some(0.0));
    approx(get("Y56", "", "pay_band", "Band 3", "vacancy_rate"), 0.0);
    // Y58: in post E2, S1, F1 = 3.0; V3 1.0 open: 1 / 4 = 0.25.
    approx(get("Y58", "", "all", "All", "vacancy_rate"), 0.25);
    assert_eq!(
        cell_text(
            t,
            "vacancy_rate",
            &[("region_code", "Y58"), ("org_code", ""), ("dimension", "all")],
            "reporting_date"
        ),
        "2026-10-31"
    );
}

#[test]
fn time_to_fill_median_p90_and_benchmarks() {
    let (_, t) = full();
    let get = |region: &str, org: &str, dim: &str, value: &str, interval: &str, col: &str| {
        cell(
            t,
            "time_to_fill",
            &[
                ("region_code", region),
                ("org_code", org),
                ("dimension", dim),
                ("dimension_value", value),
                ("interval_measured", interval),
            ],
            col,
        )
    };
    // Y56, all, advertised -> start: 30, 45, 60, 90, 200, 300 (n = 6; F8 has no start).
    // median at 0.5 x 5 = 2.5: 60 + 0.5 x (90 - 60) = 75.
    // p90 at 0.9 x 5 = 4.5: 200 + 0.5 x (300 - 200) = 250. total 725, mean 120.8333.
    let s = |col| get("Y56", "", "all", "All", "advertised_to_start", col);
    assert_eq!(s("filled_vacancies"), Some(6.0));
    approx(s("median_days"), 75.0);
    approx(s("p90_days"), 250.0);
    assert_eq!(s("total_days"), Some(725.0));
    approx(s("mean_days"), 120.8333);
    assert_eq!(s("min_days"), Some(30.0));
    assert_eq!(s("max_days"), Some(300.0));
    // Y56, all, advertised -> offer: 20, 20, 25, 40, 50, 151, 242 (n = 7, F8 included).
    // median at 3: 40. p90 at 0.9 x 6 = 5.4: 151 + 0.4 x (242 - 151) = 187.4.
    let o = |col| get("Y56", "", "all", "All", "advertised_to_offer", col);
    assert_eq!(o("filled_vacancies"), Some(7.0));
    approx(o("median_days"), 40.0);
    approx(o("p90_days"), 187.4);
    // RAA, all, advertised -> start: 30, 45, 200. median at 1: 45.
    // p90 at 0.9 x 2 = 1.8: 45 + 0.8 x (200 - 45) = 169.
    approx(
        get("Y56", "RAA", "all", "All", "advertised_to_start", "median_days"),
        45.0,
    );
    approx(
        get("Y56", "RAA", "all", "All", "advertised_to_start", "p90_days"),
        169.0,
    );
    // Y56 Band 5, advertised -> start: 30, 45, 60: median 45, p90 at 1.8: 45 + 0.8 x 15 = 57.
    // advertised -> offer: 20, 20, 25, 40: median at 1.5: 22.5; p90 at 2.7: 25 + 0.7 x 15 = 35.5.
    approx(
        get("Y56", "", "pay_band", "Band 5", "advertised_to_start", "p90_days"),
        57.0,
    );
    approx(
        get(
            "Y56",
            "",
            "pay_band",
            "Band 5",
            "advertised_to_offer",
            "median_days",
        ),
        22.5,
    );
    approx(
        get("Y56", "", "pay_band", "Band 5", "advertised_to_offer", "p90_days"),
        35.5,
    );
    // Benchmarks (advertised -> start): DON 9 months = 9 x 365.25 / 12 = 273.9375 days;
    // COO 7 months = 213.0625 days.
    // Y56 DON: F5 300 days: over the benchmark by 26.0625; 0 of 1 within.
    let don = |col| get("Y56", "", "critical_role", "DON", "advertised_to_start", col);
    approx(don("median_days"), 300.0);
    assert_eq!(don("benchmark_months"), Some(9.0));
    approx(don("benchmark_days"), 273.9375);
    approx(don("median_minus_benchmark_days"), 26.0625);
    assert_eq!(don("filled_within_benchmark"), Some(0.0));
    approx(don("filled_within_benchmark_share"), 0.0);
    // Y56 COO: F6 200 days: 13.0625 under the benchmark; 1 of 1 within.
    let coo = |col| get("Y56", "", "critical_role", "COO", "advertised_to_start", col);
    approx(coo("benchmark_days"), 213.0625);
    approx(coo("median_minus_benchmark_days"), -13.0625);
    approx(coo("filled_within_benchmark_share"), 1.0);
    // Y58 DON: F7 250 days, within 273.9375.
    assert_eq!(
        get(
            "Y58",
            "",
            "critical_role",
            "DON",
            "advertised_to_start",
            "filled_within_benchmark"
        ),
        Some(1.0)
    );
    // No benchmark for other breakdowns or for advertised -> offer: nulls and a note.
    assert_eq!(s("benchmark_days"), None);
    assert_eq!(
        get(
            "Y56",
            "",
            "critical_role",
            "DON",
            "advertised_to_offer",
            "filled_within_benchmark"
        ),
        None
    );
    assert_eq!(
        cell_text(
            t,
            "time_to_fill",
            &[
                ("region_code", "Y56"),
                ("org_code", ""),
                ("dimension", "all"),
                ("interval_measured", "advertised_to_start")
            ],
            "benchmark_note"
        ),
        "no published benchmark for this breakdown"
    );

    // The distribution behind it (region level, exact days): advertised -> offer has two
    // vacancies at 20 days (F1, F8), one each at 25, 40, 50, 151, 242: 7 in all.
    let d = table(t, "time_to_fill_distribution");
    let offer_all: Vec<(f64, f64)> = (0..d.num_rows())
        .filter(|&i| {
            text(d, "region_code", i) == "Y56"
                && text(d, "dimension", i) == "all"
                && text(d, "interval_measured", i) == "advertised_to_offer"
        })
        .map(|i| (num(d, "days", i).unwrap(), num(d, "filled_vacancies", i).unwrap()))
        .collect();
    assert_eq!(
        offer_all,
        vec![
            (20.0, 2.0),
            (25.0, 1.0),
            (40.0, 1.0),
            (50.0, 1.0),
            (151.0, 1.0),
            (242.0, 1.0)
        ]
    );
}

#[test]
fn hard_to_fill_counts_and_share() {
    let (_, t) = full();
    let get = |region: &str, org: &str, dim: &str, value: &str, col: &str| {
        cell(
            t,
            "hard_to_fill_vacancies",
            &[
                ("region_code", region),
                ("org_code", org),
                ("dimension", dim),
                ("dimension_value", value),
            ],
            col,
        )
    };
    // Open on 31/10/2026 in Y56: V1 (60 days, advertised once), V2 (122 days, twice),
    // V4 (91 days, once), V5 (30 days, 3 times). Over 90 days: V2, V4 = 2 (91 counts);
    // advertised twice or more: V2, V5 = 2; hard to fill (either, once): V2, V4, V5 = 3;
    // share 3 / 4 = 0.75.
    assert_eq!(get("Y56", "", "all", "All", "open_vacancies"), Some(4.0));
    assert_eq!(get("Y56", "", "all", "All", "open_over_90_days"), Some(2.0));
    assert_eq!(
        get("Y56", "", "all", "All", "advertised_twice_or_more"),
        Some(2.0)
    );
    assert_eq!(get("Y56", "", "all", "All", "hard_to_fill_vacancies"), Some(3.0));
    approx(get("Y56", "", "all", "All", "hard_to_fill_share"), 0.75);
    // Band 5: V4 (over 90) and V5 (3 adverts): 2 of 2.
    approx(get("Y56", "RAA", "pay_band", "Band 5", "hard_to_fill_share"), 1.0);
    // Y58: V3 open exactly 90 days (02/08/2026 -> 31/10/2026), advertised once: not hard to fill.
    assert_eq!(get("Y58", "", "all", "All", "open_vacancies"), Some(1.0));
    assert_eq!(get("Y58", "", "all", "All", "open_over_90_days"), Some(0.0));
    approx(get("Y58", "", "all", "All", "hard_to_fill_share"), 0.0);
    assert_eq!(
        cell_text(
            t,
            "hard_to_fill_vacancies",
            &[("region_code", "Y58"), ("org_code", ""), ("dimension", "all")],
            "snapshot_date"
        ),
        "2026-10-31"
    );
    // RBB has no open vacancy: no row.
    let h = table(t, "hard_to_fill_vacancies");
    assert!((0..h.num_rows()).all(|i| text(h, "org_code", i) != "RBB"));
}

#[test]
fn executive_seats_vacant_or_interim_beside_the_national_figures() {
    let (_, t) = full();
    let get = |region: &str, org: &str, col: &str| {
        cell(
            t,
            "executive_posts",
            &[("region_code", region), ("org_code", org)],
            col,
        )
    };
    // Y56 executive seats (latest snapshot; chairs are not executive): RAA CEO, DON (interim),
    // DOF (no member), COO; RBB CEO, DON, COO (interim), DOF (member left 30/09/2026) = 8.
    // vacant 2, interim 2: 4 / 8 = 0.5 (national 0.08). Organisations with a vacant
    // executive seat: RAA, RBB = 2 of 2 = 1.0 (national 0.37).
    assert_eq!(get("Y56", "", "executive_seats"), Some(8.0));
    assert_eq!(get("Y56", "", "vacant_executive_seats"), Some(2.0));
    assert_eq!(get("Y56", "", "interim_executive_seats"), Some(2.0));
    approx(get("Y56", "", "vacant_or_interim_share"), 0.5);
    approx(get("Y56", "", "national_vacant_or_interim_share"), 0.08);
    approx(get("Y56", "", "organisations_with_vacant_share"), 1.0);
    approx(get("Y56", "", "national_organisations_with_vacant_share"), 0.37);
    // Y58: RCC CEO, DON (no member); RDD CEO, DON = 4; vacant 1: 1 / 4 = 0.25;
    // organisations with a vacant seat: RCC = 1 of 2 = 0.5.
    assert_eq!(get("Y58", "", "executive_seats"), Some(4.0));
    approx(get("Y58", "", "vacant_or_interim_share"), 0.25);
    assert_eq!(
        get("Y58", "", "organisations_with_vacant_executive_seat"),
        Some(1.0)
    );
    approx(get("Y58", "", "organisations_with_vacant_share"), 0.5);
    // RDD alone: 2 seats, none vacant or interim.
    approx(get("Y58", "RDD", "vacant_or_interim_share"), 0.0);
    assert_eq!(
        get("Y58", "RDD", "organisations_with_vacant_executive_seat"),
        Some(0.0)
    );
}

#[test]
fn no_vacancies_gives_zero_rates_and_empty_time_to_fill() {
    use crate::pipeline_metrics::{FULL, Supplied, Variant, run_variant, status};
    let (m, t) = run_variant(
        Variant {
            vacancies: Supplied::HeaderOnly,
            ..FULL
        },
        |_| {},
    );
    // Vacancies supplied with zero rows: rates are 0 over staff in post alone.
    let f = [("region_code", "Y56"), ("org_code", "RAA"), ("dimension", "all")];
    assert_eq!(cell(&t, "vacancy_rate", &f, "open_vacancies"), Some(0.0));
    approx(cell(&t, "vacancy_rate", &f, "staff_in_post_fte"), 6.4);
    approx(cell(&t, "vacancy_rate", &f, "vacancy_rate"), 0.0);
    // Nothing filled or open: computed, zero rows.
    for name in [
        "time_to_fill",
        "time_to_fill_distribution",
        "hard_to_fill_vacancies",
    ] {
        assert_eq!(status(&m, name), ("ok".to_string(), 0), "{name}");
    }
}

// ---------------------------------------------------------------------------------------------
// Issue 13 (points 1, 5, 6, 7, 9): the shared fixture plus messy organisations in region Y60.
// ---------------------------------------------------------------------------------------------

/// Reporting date of the messy-cases run, set explicitly (it is also the latest ESR snapshot).
/// The 12 months to it are (31/10/2025, 31/10/2026] (run_parameters.reporting_year_start,
/// month-end arithmetic); the oldest usable ESR snapshot is 31/10/2026 - 45 days = 16/09/2026
/// (metrics.snapshot_staleness_days, default 45).
const MESSY_REPORTING_DATE: (i32, u32, u32) = (2026, 10, 31);

/// ESR for the Y60 organisations: (employee, snapshot, organisation, FTE); every row a
/// permanent Band 5 nurse in region Y60.
///
/// | org | snapshots sent | snapshot in use | staff in post (FTE) |
/// |---|---|---|---|
/// | RPA | 30/09, 31/10/2026 | 31/10/2026 (on time) | 97000001 1.0 + 97000002 0.5 = 1.5, 2 people |
/// | RPB | 31/08, 30/09/2026 | 30/09/2026, one month late: 31 days <= 45, counted | 97000011 1.0 + 97000012 0.8 = 1.8, 2 people (97000013, on 31/08 only, is not) |
/// | RPC | 31/08/2026 | none: 61 days > 45, not computed | (97000021 1.0 on 31/08) |
/// | RPD | (not in ESR) | none: not computed | - |
/// | RPE | 31/10/2026 | 31/10/2026; its vacancies carry region Y61 | 97000031 1.0 + 97000032 1.0 = 2.0, 2 people |
const MESSY_ESR: [(&str, &str, &str, &str); 10] = [
    ("97000001", "30/09/2026", "RPA", "1.0"),
    ("97000001", "31/10/2026", "RPA", "1.0"),
    ("97000002", "31/10/2026", "RPA", "0.5"),
    ("97000011", "31/08/2026", "RPB", "1.0"),
    ("97000011", "30/09/2026", "RPB", "1.0"),
    ("97000012", "30/09/2026", "RPB", "0.8"),
    ("97000013", "31/08/2026", "RPB", "1.0"),
    ("97000021", "31/08/2026", "RPC", "1.0"),
    ("97000031", "31/10/2026", "RPE", "1.0"),
    ("97000032", "31/10/2026", "RPE", "1.0"),
];

/// Vacancies of the Y60 organisations (all Band 5 nurses, advertised once). D = 31/10/2026.
///
/// | ref | org | FTE | advertised | closing | offer | start | status | on D | days open | to offer, in period? | to start, in period? |
/// |---|---|---|---|---|---|---|---|---|---|---|---|
/// | VA1 | RPA | 1.0 | 2026-09-01 | 2026-09-20 | 2026-10-15 | 2026-11-16 | Filled | open (starts after D) | 60 | 44 yes | 76 no (after D) |
/// | VA2 | RPA | 1.0 | 2026-06-01 | | 2026-07-01 | 2026-08-01 | Filled | filled | | 30 yes | 61 yes |
/// | VA3 | RPA | 0.5 | 2026-10-01 | 2026-11-15 | | | Withdrawn | open (closes after D) | 30 | | |
/// | VA4 | RPA | 1.0 | 2026-07-01 | 2026-08-01 | | | Withdrawn | withdrawn (closed before D) | | | |
/// | VA5 | RPA | 1.0 | 2026-09-10 | | | | Withdrawn | withdrawn (no date: taken as before D) | | | |
/// | VA6 | RPA | 0.8 | 2026-08-01 | 2026-09-01 | 2026-11-02 | | Filled | open (no start; offer after D) | 91 | 93 no (after D) | - |
/// | VA7 | RPA | 1.0 | 2026-05-01 | | 2026-06-01 | | Filled | filled (no start; offer before D) | | 31 yes | - |
/// | VA8 | RPA | 0.2 | 2026-10-20 | | | | Open | open | 11 | | |
/// | VA9 | RPA | 1.0 | 2025-06-01 | | 2025-08-01 | 2025-10-01 | Filled | filled | | 61 no | 122 no |
/// | VA10 | RPA | 1.0 | 2025-09-01 | | 2025-10-01 | 2025-10-31 | Filled | filled | | 30 no | 60 no (the exclusive start) |
/// | VA11 | RPA | 1.0 | 2025-08-03 | | 2025-10-30 | 2025-11-01 | Filled | filled | | 88 no | 90 yes (first day) |
/// | VA12 | RPA | 1.0 | 2026-09-30 | | 2026-10-10 | 2026-10-31 | Filled | filled (starts on D) | | 10 yes | 31 yes |
/// | VB1 | RPB | 1.0 | 2026-10-01 | | | | Open | open | 30 | | |
/// | VC1 | RPC | 1.0 | 2026-09-01 | | | | Open | open | 60 | | |
/// | VD1 | RPD | 1.0 | 2026-09-15 | | | | Open | open | 46 | | |
/// | VE1 | RPE (region code Y61) | 1.0 | 2026-10-01 | | | | Open | open | 30 | | |
const MESSY_VACANCIES: &str = "\
VA1,RPA,Y60,Nursing and Midwifery Registered,Band 5,Staff Nurse,,1.0,2026-09-01,2026-09-20,2026-10-15,2026-11-16,Filled,N,1
VA2,RPA,Y60,Nursing and Midwifery Registered,Band 5,Staff Nurse,,1.0,2026-06-01,,2026-07-01,2026-08-01,Filled,N,1
VA3,RPA,Y60,Nursing and Midwifery Registered,Band 5,Staff Nurse,,0.5,2026-10-01,2026-11-15,,,Withdrawn,N,1
VA4,RPA,Y60,Nursing and Midwifery Registered,Band 5,Staff Nurse,,1.0,2026-07-01,2026-08-01,,,Withdrawn,N,1
VA5,RPA,Y60,Nursing and Midwifery Registered,Band 5,Staff Nurse,,1.0,2026-09-10,,,,Withdrawn,N,1
VA6,RPA,Y60,Nursing and Midwifery Registered,Band 5,Staff Nurse,,0.8,2026-08-01,2026-09-01,2026-11-02,,Filled,N,1
VA7,RPA,Y60,Nursing and Midwifery Registered,Band 5,Staff Nurse,,1.0,2026-05-01,,2026-06-01,,Filled,N,1
VA8,RPA,Y60,Nursing and Midwifery Registered,Band 5,Staff Nurse,,0.2,2026-10-20,,,,Open,N,1
VA9,RPA,Y60,Nursing and Midwifery Registered,Band 5,Staff Nurse,,1.0,2025-06-01,,2025-08-01,2025-10-01,Filled,N,1
VA10,RPA,Y60,Nursing and Midwifery Registered,Band 5,Staff Nurse,,1.0,2025-09-01,,2025-10-01,2025-10-31,Filled,N,1
VA11,RPA,Y60,Nursing and Midwifery Registered,Band 5,Staff Nurse,,1.0,2025-08-03,,2025-10-30,2025-11-01,Filled,N,1
VA12,RPA,Y60,Nursing and Midwifery Registered,Band 5,Staff Nurse,,1.0,2026-09-30,,2026-10-10,2026-10-31,Filled,N,1
VB1,RPB,Y60,Nursing and Midwifery Registered,Band 5,Staff Nurse,,1.0,2026-10-01,,,,Open,N,1
VC1,RPC,Y60,Nursing and Midwifery Registered,Band 5,Staff Nurse,,1.0,2026-09-01,,,,Open,N,1
VD1,RPD,Y60,Nursing and Midwifery Registered,Band 5,Staff Nurse,,1.0,2026-09-15,,,,Open,N,1
VE1,RPE,Y61,Nursing and Midwifery Registered,Band 5,Staff Nurse,,1.0,2026-10-01,,,,Open,N,1
";

/// The regional tables of the messy-cases run and the national tables aggregated from it.
struct MessyRun {
    regional: crate::pipeline_metrics::Tables,
    national: crate::pipeline_metrics::Tables,
}

/// The shared fixture (`pipeline_metrics::write_fixture`, untouched) plus the Y60 organisations
/// above in extra files, run once with the reporting date set to 31/10/2026, then aggregated
/// (as the only source) by the shipped national twins of the vacancy tables.
fn messy_run() -> &'static MessyRun {
    use crate::ingest::{ESR_HEADER, esr_row, write};
    use crate::pipeline_metrics::{FULL, VACANCIES_HEADER, issue6_queries, write_fixture};
    use crate::support::{fixture_config, read_tables, shipped_queries};
    use std::sync::OnceLock;
    use talentpipe::ops::aggregate::{AggregateOptions, aggregate};
    use talentpipe::storage::Location;

    static RUN: OnceLock<MessyRun> = OnceLock::new();
    RUN.get_or_init(|| {
        crate::support::block_on(async {
            let input = tempfile::tempdir().expect("tempdir");
            write_fixture(input.path(), FULL);
            let mut esr = vec![ESR_HEADER.to_string()];
            for (emp, snapshot, org, fte) in MESSY_ESR {
                esr.push(esr_row(
                    emp,
                    &[
                        ("Snapshot Date", snapshot),
                        ("Organisation Code", org),
                        ("Region Code", "Y60"),
                        ("FTE", fte),
                    ],
                ));
            }
            write(
                input.path(),
                "esr_workforce",
                "messy_cases.csv",
                esr.join("\n") + "\n",
            );
            write(
                input.path(),
                "vacancies",
                "messy_cases.csv",
                format!("{VACANCIES_HEADER}\n{MESSY_VACANCIES}"),
            );
            let queries = issue6_queries();
            let output = tempfile::tempdir().expect("tempdir");
            let mut cfg = fixture_config(input.path(), output.path(), queries.path(), 5);
            let (y, m, d) = MESSY_REPORTING_DATE;
            cfg.file.metrics.reporting_date = chrono::NaiveDate::from_ymd_opt(y, m, d);
            let manifest = crate::support::run_quiet(&cfg).await;
            for q in manifest.queries.iter().filter(|q| q.file.contains("/vacancy/")) {
                assert_eq!(q.status, "ok", "{}: {:?}", q.name, q.message);
            }
            let regional = read_tables(&cfg.output, &manifest, "restricted").await;

            // National: the shipped twins of this file's tables only.
            let national_queries = tempfile::tempdir().expect("tempdir");
            let twins = national_queries.path().join("national");
            std::fs::create_dir_all(&twins).expect("national folder");
            for name in VACANCY_TWINS {
                let file = format!("{name}.sql");
                std::fs::copy(shipped_queries().join("national").join(&file), twins.join(&file))
                    .expect("copy national query");
            }
            let national_out = tempfile::tempdir().expect("tempdir");
            let national_loc = Location::local(national_out.path()).expect("national location");
            let outcome = aggregate(
                &[Location::local(output.path()).expect("regional location")],
                &national_loc,
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
            let national = read_tables(&national_loc, &outcome.manifest, "restricted").await;
            MessyRun { regional, national }
        })
    })
}

/// The national twins of the vacancy tables (queries/national/).
const VACANCY_TWINS: [&str; 4] = [
    "vacancy_rate",
    "time_to_fill",
    "time_to_fill_distribution",
    "hard_to_fill_vacancies",
];

fn with_messy_cases() -> &'static crate::pipeline_metrics::Tables {
    &messy_run().regional
}

/// The `dimension = 'all'` row of `table` for (region, organisation; "" = region total).
fn messy_all(table_name: &str, region: &str, org: &str, column: &str) -> Option<f64> {
    cell(
        with_messy_cases(),
        table_name,
        &[("region_code", region), ("org_code", org), ("dimension", "all")],
        column,
    )
}

fn messy_all_text(table_name: &str, region: &str, org: &str, column: &str) -> String {
    cell_text(
        with_messy_cases(),
        table_name,
        &[("region_code", region), ("org_code", org), ("dimension", "all")],
        column,
    )
}

#[test]
fn open_on_the_reporting_date_follows_the_status_dates_not_the_extracted_status() {
    // Issue 13 point 5: open at D = advertised <= D and not yet filled or withdrawn by D
    // (staging/vacancy_status_at_reporting_date; the analyst choices for a Filled row without a
    // start date and for Withdrawn rows are in its header). RPA on D = 31/10/2026 (table of
    // MESSY_VACANCIES): VA1 (filled, starts 16/11/2026) 1.0, VA3 (withdrawn, closes 15/11/2026)
    // 0.5, VA6 (filled, no start, offer 02/11/2026) 0.8, VA8 (open) 0.2 = 4 open, 2.5 FTE.
    // Not open: VA2, VA7, VA9..VA12 filled by D (VA12 starts on D itself), VA4 closed
    // 01/08/2026, VA5 withdrawn with no date. Staff in post 1.5 FTE (2 people):
    // rate = 2.5 / (1.5 + 2.5) = 0.625.
    // The old rule (status 'Open' only) gives VA8 alone: 1 open, 0.2 / 1.7 = 0.1176.
    assert_eq!(
        messy_all("vacancy_rate", "Y60", "RPA", "open_vacancies"),
        Some(4.0)
    );
    approx(messy_all("vacancy_rate", "Y60", "RPA", "vacancy_fte"), 2.5);
    approx(messy_all("vacancy_rate", "Y60", "RPA", "staff_in_post_fte"), 1.5);
    approx(messy_all("vacancy_rate", "Y60", "RPA", "establishment_fte"), 4.0);
    approx(messy_all("vacancy_rate", "Y60", "RPA", "vacancy_rate"), 0.625);
    // Hard to fill (issue 6 rule) over the same population: days open VA1 60, VA3 30, VA6 91,
    // VA8 11; each advertised once. Over 90: VA6 = 1; twice or more: 0; hard to fill 1 of 4 =
    // 0.25. (Old rule: VA8 alone, 0 of 1.)
    let h = |col| messy_all("hard_to_fill_vacancies", "Y60", "RPA", col);
    assert_eq!(h("open_vacancies"), Some(4.0));
    assert_eq!(h("open_over_90_days"), Some(1.0));
    assert_eq!(h("advertised_twice_or_more"), Some(0.0));
    assert_eq!(h("hard_to_fill_vacancies"), Some(1.0));
    approx(h("hard_to_fill_share"), 0.25);
}

#[test]
fn time_to_fill_counts_the_vacancies_filled_in_the_12_months_to_the_reporting_date() {
    // Issue 13 point 6: period (31/10/2025, 31/10/2026] (run_parameters.reporting_year_start,
    // reporting_date], published as period_start_exclusive / period_end. Each interval counts
    // the Filled vacancies whose interval end date falls in it (period_defined_by).
    // RPA advertised -> start, start date in the period: VA12 31 (starts on D), VA2 61, VA11 90
    // (starts 01/11/2025, the first day). Out: VA9 (started 01/10/2025), VA10 (started
    // 31/10/2025, the exclusive start), VA1 (starts 16/11/2026, after D).
    // n = 3, total 182, mean 60.6667; median at 0.5 x 2 = 1: 61; p90 at 0.9 x 2 = 1.8:
    // 61 + 0.8 x (90 - 61) = 84.2. (Every filled vacancy ever, the old rule: 31, 60, 61, 76,
    // 90, 122, n = 6, median 68.5.)
    let get = |org: &str, interval: &str, col: &str| {
        cell(
            with_messy_cases(),
            "time_to_fill",
            &[
                ("region_code", "Y60"),
                ("org_code", org),
                ("dimension", "all"),
                ("interval_measured", interval),
            ],
            col,
        )
    };
    let start = |col| get("RPA", "advertised_to_start", col);
    assert_eq!(start("filled_vacancies"), Some(3.0));
    assert_eq!(start("total_days"), Some(182.0));
    approx(start("mean_days"), 60.6667);
    approx(start("median_days"), 61.0);
    approx(start("p90_days"), 84.2);
    assert_eq!(start("min_days"), Some(31.0));
    assert_eq!(start("max_days"), Some(90.0));
    // Advertised -> offer, offer date in the period: VA12 10, VA2 30, VA7 31 (Filled, no start
    // date), VA1 44 (offer 15/10/2026 although it starts after D). Out: VA6 (offer 02/11/2026),
    // VA9, VA10, VA11 (offers before 31/10/2025). n = 4; median at 1.5: (30 + 31) / 2 = 30.5;
    // p90 at 2.7: 31 + 0.7 x (44 - 31) = 40.1. (Old rule: 8 offers, median 37.5.)
    let offer = |col| get("RPA", "advertised_to_offer", col);
    assert_eq!(offer("filled_vacancies"), Some(4.0));
    approx(offer("median_days"), 30.5);
    approx(offer("p90_days"), 40.1);
    // The region row is RPA alone; the period is published on every row.
    approx(get("", "advertised_to_start", "median_days"), 61.0);
    let text_of = |interval: &str, col: &str| {
        cell_text(
            with_messy_cases(),
            "time_to_fill",
            &[
                ("region_code", "Y60"),
                ("org_code", ""),
                ("dimension", "all"),
                ("interval_measured", interval),
            ],
            col,
        )
    };
    assert_eq!(
        text_of("advertised_to_start", "period_start_exclusive"),
        "2025-10-31"
    );
    assert_eq!(text_of("advertised_to_start", "period_end"), "2026-10-31");
    assert_eq!(text_of("advertised_to_start", "period_defined_by"), "start_date");
    assert_eq!(text_of("advertised_to_offer", "period_defined_by"), "offer_date");

    // The distribution behind it holds the same three start intervals, with the period.
    let d = table(with_messy_cases(), "time_to_fill_distribution");
    let rows: Vec<usize> = (0..d.num_rows())
        .filter(|&i| {
            text(d, "region_code", i) == "Y60"
                && text(d, "dimension", i) == "all"
                && text(d, "interval_measured", i) == "advertised_to_start"
        })
        .collect();
    let mut days: Vec<(f64, f64)> = rows
        .iter()
        .map(|&i| (num(d, "days", i).unwrap(), num(d, "filled_vacancies", i).unwrap()))
        .collect();
    days.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert_eq!(days, vec![(31.0, 1.0), (61.0, 1.0), (90.0, 1.0)]);
    for &i in &rows {
        assert_eq!(text(d, "period_start_exclusive", i), "2025-10-31");
        assert_eq!(text(d, "period_end", i), "2026-10-31");
    }
}

#[test]
fn an_organisation_has_one_row_in_its_esr_region_whatever_region_its_vacancies_carry() {
    // Issue 13 point 9: RPE is in Y60 in ESR; its vacancy VE1 carries Y61. Joined on the
    // organisation, with the region from staging/esr_organisation_region: one row, Y60,
    // open 1.0 FTE over staff 2.0: 1 / 3 = 0.3333. (Old join on region and organisation: a Y60
    // row with rate 0.0 and a Y61 row with rate 1.0, and a Y61 region total.)
    assert_eq!(
        messy_all("vacancy_rate", "Y60", "RPE", "open_vacancies"),
        Some(1.0)
    );
    approx(messy_all("vacancy_rate", "Y60", "RPE", "staff_in_post_fte"), 2.0);
    approx(messy_all("vacancy_rate", "Y60", "RPE", "vacancy_rate"), 0.3333);
    assert_eq!(
        messy_all("hard_to_fill_vacancies", "Y60", "RPE", "open_vacancies"),
        Some(1.0)
    );
    for name in ["vacancy_rate", "hard_to_fill_vacancies"] {
        let t = table(with_messy_cases(), name);
        let rpe_rows = (0..t.num_rows())
            .filter(|&i| text(t, "org_code", i) == "RPE" && text(t, "dimension", i) == "all")
            .count();
        assert_eq!(rpe_rows, 1, "{name}: RPE has one 'all' row");
        assert!(
            (0..t.num_rows()).all(|i| text(t, "region_code", i) != "Y61"),
            "{name}: no Y61 rows"
        );
    }
}

#[test]
fn staff_come_from_each_organisations_current_snapshot_else_the_rate_is_not_computed() {
    // Issue 13 points 1 and 7 (staging/organisation_snapshots, staging/staff_in_post: the latest
    // ESR snapshot on or before D, used when at most 45 days old).
    // RPB sent 30/09/2026 but not 31/10/2026 (31 days late, within 45): staff from 30/09,
    // 1.0 + 0.8 = 1.8 FTE, 2 people; VB1 1.0 open: 1 / 2.8 = 0.3571.
    assert_eq!(
        messy_all_text("vacancy_rate", "Y60", "RPB", "staff_snapshot_date"),
        "2026-09-30"
    );
    assert_eq!(
        messy_all("vacancy_rate", "Y60", "RPB", "staff_in_post_headcount"),
        Some(2.0)
    );
    approx(messy_all("vacancy_rate", "Y60", "RPB", "staff_in_post_fte"), 1.8);
    approx(messy_all("vacancy_rate", "Y60", "RPB", "vacancy_rate"), 0.3571);
    assert_eq!(
        messy_all_text("vacancy_rate", "Y60", "RPA", "staff_snapshot_date"),
        "2026-10-31"
    );
    // RPC's latest snapshot, 31/08/2026, is 61 days old (> 45): its open vacancy VC1 is shown,
    // but staff and rate are null (not 1.0 = 1 / (0 + 1)) and the note says why.
    assert_eq!(
        messy_all("vacancy_rate", "Y60", "RPC", "open_vacancies"),
        Some(1.0)
    );
    assert_eq!(messy_all("vacancy_rate", "Y60", "RPC", "staff_in_post_fte"), None);
    assert_eq!(messy_all("vacancy_rate", "Y60", "RPC", "vacancy_rate"), None);
    assert_eq!(
        messy_all_text("vacancy_rate", "Y60", "RPC", "staff_snapshot_date"),
        "2026-08-31"
    );
    let note = messy_all_text("vacancy_rate", "Y60", "RPC", "vacancy_rate_note");
    assert!(note.starts_with("not computed: no recent snapshot"), "{note}");
    // RPD has an open vacancy and no ESR snapshot at all: the same, with its own reason.
    assert_eq!(messy_all("vacancy_rate", "Y60", "RPD", "vacancy_rate"), None);
    let note = messy_all_text("vacancy_rate", "Y60", "RPD", "vacancy_rate_note");
    assert!(
        note.starts_with("not computed: no snapshot on or before the reporting date"),
        "{note}"
    );
    // The region total counts RPA, RPB and RPE only: open 4 + 1 + 1 = 6, vacancy FTE
    // 2.5 + 1.0 + 1.0 = 4.5, staff 1.5 + 1.8 + 2.0 = 5.3 FTE (2 + 2 + 2 = 6 people),
    // rate 4.5 / 9.8 = 0.4592; 3 organisations counted, 2 left out (RPC no recent snapshot,
    // RPD no snapshot); its staff_snapshot_date is the oldest in use, RPB's 30/09/2026.
    // (Old: RPC and RPD counted with no staff, RPE split across Y60 and Y61.)
    let r = |col| messy_all("vacancy_rate", "Y60", "", col);
    assert_eq!(r("open_vacancies"), Some(6.0));
    approx(r("vacancy_fte"), 4.5);
    assert_eq!(r("staff_in_post_headcount"), Some(6.0));
    approx(r("staff_in_post_fte"), 5.3);
    approx(r("establishment_fte"), 9.8);
    approx(r("vacancy_rate"), 0.4592);
    assert_eq!(r("organisations"), Some(3.0));
    assert_eq!(r("organisations_left_out"), Some(2.0));
    assert_eq!(r("organisations_left_out_no_recent_snapshot"), Some(1.0));
    assert_eq!(r("organisations_left_out_no_snapshot"), Some(1.0));
    assert_eq!(
        messy_all_text("vacancy_rate", "Y60", "", "staff_snapshot_date"),
        "2026-09-30"
    );
    let note = messy_all_text("vacancy_rate", "Y60", "", "organisations_left_out_note");
    assert!(note.starts_with("2 organisation(s) left out"), "{note}");
    // Hard to fill needs no staff: every organisation counts, RPC and RPD included:
    // 4 + 1 + 1 + 1 + 1 = 8 open, VA6 the only one over 90 days: 1 / 8 = 0.125.
    assert_eq!(
        messy_all("hard_to_fill_vacancies", "Y60", "", "open_vacancies"),
        Some(8.0)
    );
    approx(
        messy_all("hard_to_fill_vacancies", "Y60", "", "hard_to_fill_share"),
        0.125,
    );
}

#[test]
fn national_twins_sum_the_region_rows_and_carry_the_period_and_the_organisations_left_out() {
    // The national tables (queries/national/, aggregated from the messy-cases run, which holds
    // Y60 and the shared fixture's regions) must still follow their regional twins: counts and
    // FTE are the sums of the region rows (org_code null), rates recomputed from the sums; the
    // organisations left out are summed (Y60 contributes RPC and RPD: see the test above); time
    // to fill is recomputed exactly from the summed day counts, with the period carried.
    let MessyRun { regional, national } = messy_run();

    let r = table(regional, "vacancy_rate");
    let region_rows: Vec<usize> = (0..r.num_rows())
        .filter(|&i| text(r, "org_code", i).is_empty() && text(r, "dimension", i) == "all")
        .collect();
    let sum = |col: &str| -> f64 { region_rows.iter().map(|&i| num(r, col, i).unwrap_or(0.0)).sum() };
    let n = |col| cell(national, "vacancy_rate", &[("dimension", "all")], col);
    assert_eq!(n("open_vacancies"), Some(sum("open_vacancies")));
    approx(n("vacancy_fte"), sum("vacancy_fte"));
    approx(n("staff_in_post_fte"), sum("staff_in_post_fte"));
    approx(
        n("vacancy_rate"),
        sum("vacancy_fte") / (sum("vacancy_fte") + sum("staff_in_post_fte")),
    );
    assert_eq!(n("organisations"), Some(sum("organisations")));
    assert_eq!(n("organisations_left_out"), Some(sum("organisations_left_out")));
    assert!(
        n("organisations_left_out").unwrap() >= 2.0,
        "Y60 leaves out RPC and RPD"
    );
    assert_eq!(
        n("organisations_left_out_no_recent_snapshot"),
        Some(sum("organisations_left_out_no_recent_snapshot"))
    );

    // Time to fill, all, advertised -> start: the national figures equal those recomputed by
    // hand from every region's day counts (percentile position p x (n - 1), interpolated).
    let d = table(regional, "time_to_fill_distribution");
    let mut days: Vec<f64> = Vec::new();
    for i in 0..d.num_rows() {
        if text(d, "dimension", i) == "all" && text(d, "interval_measured", i) == "advertised_to_start" {
            let count = num(d, "filled_vacancies", i).unwrap() as usize;
            days.extend(std::iter::repeat_n(num(d, "days", i).unwrap(), count));
        }
    }
    days.sort_by(f64::total_cmp);
    let percentile = |p: f64| {
        let pos = p * (days.len() - 1) as f64;
        let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
        days[lo] + (pos - pos.floor()) * (days[hi] - days[lo])
    };
    let t = |col| {
        cell(
            national,
            "time_to_fill",
            &[("dimension", "all"), ("interval_measured", "advertised_to_start")],
            col,
        )
    };
    assert_eq!(t("filled_vacancies"), Some(days.len() as f64));
    approx(t("median_days"), percentile(0.5));
    approx(t("p90_days"), percentile(0.9));
    for name in ["time_to_fill", "time_to_fill_distribution"] {
        let nt = table(national, name);
        assert!(nt.num_rows() > 0, "{name}");
        for i in 0..nt.num_rows() {
            assert_eq!(text(nt, "period_start_exclusive", i), "2025-10-31", "{name}");
            assert_eq!(text(nt, "period_end", i), "2026-10-31", "{name}");
            assert_eq!(text(nt, "period_note", i), "", "{name}: one reporting date");
        }
    }
    // Hard to fill: the national open vacancies are the region rows' sum.
    let h = table(regional, "hard_to_fill_vacancies");
    let open: f64 = (0..h.num_rows())
        .filter(|&i| text(h, "org_code", i).is_empty() && text(h, "dimension", i) == "all")
        .map(|i| num(h, "open_vacancies", i).unwrap())
        .sum();
    assert_eq!(
        cell(
            national,
            "hard_to_fill_vacancies",
            &[("dimension", "all")],
            "open_vacancies"
        ),
        Some(open)
    );
}
