//! The relative likelihoods of WRES indicators 2, 3 and 4 and the four-fifths adverse rule, with
//! the configurable reporting date and disciplinary window. The fixture and its hand-worked
//! figures are in `mod.rs`.

use super::*;

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
