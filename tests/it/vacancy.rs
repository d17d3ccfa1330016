//! Vacancy analysis (issue 6) on the fixture of `pipeline_metrics.rs`: vacancy rate, time to
//! fill (median and p90), hard-to-fill vacancies and executive posts. Every expected figure is
//! derived in the comments. Snapshot = reporting date = 31/10/2026.
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
