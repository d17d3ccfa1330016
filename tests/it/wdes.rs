//! WDES metrics 1, 2 and 10 and the staff-survey metrics (`queries/wdes/`) on the WRES fixture
//! (`wres.rs`, whose doc comments list every row). Expected numbers are derived in the comments.
//! Definitions: NHS England WDES technical guidance as restated in issue 4 and in each query's
//! header. Disabled = `Yes`, non-disabled = `No`, Unknown = anything else.

use crate::support::approx;
use crate::wres::{CONFIGURED_REGION, cell, cell_text, fixture, nums, some};

#[test]
fn metric_1_counts_disabled_non_disabled_and_unknown_staff_per_band() {
    let t = &fixture().restricted;
    let m1 = "wdes_metric_1";
    let cols = [
        "headcount_disabled",
        "headcount_non_disabled",
        "headcount_unknown",
        "headcount",
    ];
    // RJ1 on 31/10/2025: disabled E3; disability not declared E5 (Unknown); E1, E2, E4, E6 (two
    // assignments, once), E10 (two bands, once) not disabled: 1, 5, 1 of 7 ->
    // 0.1429, 0.7143, 0.1429.
    let all = [("org_code", "RJ1"), ("staff_scope", "All"), ("pay_band", "All")];
    assert_eq!(nums(t, m1, &all, cols), some([1.0, 5.0, 1.0, 7.0]));
    approx(nums(t, m1, &all, ["share_disabled"])[0], 0.1429);
    approx(nums(t, m1, &all, ["share_non_disabled"])[0], 0.7143);
    approx(nums(t, m1, &all, ["share_unknown"])[0], 0.1429);
    // Clinical Band 5: E1, E2 no, E3 yes, E5 unknown, E6 no = 1, 3, 1 of 5, against the clinical
    // workforce (E1, E2, E3, E5, E6, E10): 1 disabled of 6 = 0.1667.
    let b5 = [
        ("org_code", "RJ1"),
        ("staff_scope", "Clinical"),
        ("pay_band", "Band 5"),
    ];
    assert_eq!(nums(t, m1, &b5, cols), some([1.0, 3.0, 1.0, 5.0]));
    approx(cell(t, m1, &b5, "workforce_share_disabled"), 0.1667);
    // Region Y56 = RJ1 (1, 5, 1, 7) + RQ3 (F2 disabled; F1, F3 not: 1, 2, 0, 3) = (2, 7, 1, 10).
    let y56 = [
        ("region_code", "Y56"),
        ("org_code", ""),
        ("staff_scope", "All"),
        ("pay_band", "All"),
    ];
    assert_eq!(nums(t, m1, &y56, cols), some([2.0, 7.0, 1.0, 10.0]));
    approx(cell(t, m1, &y56, "share_disabled"), 0.2);
}

#[test]
fn metric_2_compares_non_disabled_with_disabled_applicants_and_excludes_unknown() {
    let t = &fixture().restricted;
    let m2 = "wdes_metric_2";
    let cols = [
        "shortlisted_non_disabled",
        "appointed_non_disabled",
        "shortlisted_disabled",
        "appointed_disabled",
    ];
    // RJ1, shortlisted in the year: non-disabled = White 4 / 2 + BME 3 / 0 + Unknown-ethnicity 2 / 2
    // (ethnicity does not matter here) = 9 / 4; Disabled = BME 2 / 1; the applicant with
    // disability not declared is excluded. (4/9) / (1/2) = 0.4444 / 0.5 = 0.8889: not adverse.
    let rj1 = [("org_code", "RJ1")];
    assert_eq!(nums(t, m2, &rj1, cols), some([9.0, 4.0, 2.0, 1.0]));
    approx(cell(t, m2, &rj1, "likelihood_non_disabled"), 0.4444);
    approx(cell(t, m2, &rj1, "relative_likelihood"), 0.8889);
    assert_eq!(cell_text(t, m2, &rj1, "adverse"), "false");
    // RQ3: no Disabled applicants: null with a reason.
    let rq3 = [("org_code", "RQ3")];
    assert_eq!(cell(t, m2, &rq3, "relative_likelihood"), None);
    assert_eq!(
        cell_text(t, m2, &rq3, "relative_likelihood_note"),
        "no Disabled applicants shortlisted"
    );
    // Region Y56: non-disabled 9 + 5 = 14 / 4 + 2 = 6, Disabled 2 / 1: (6/14) / 0.5 = 0.8571.
    let y56 = [("region_code", "Y56"), ("org_code", "")];
    assert_eq!(nums(t, m2, &y56, cols), some([14.0, 6.0, 2.0, 1.0]));
    approx(cell(t, m2, &y56, "relative_likelihood"), 0.8571);
    assert_eq!(cell_text(t, m2, &y56, "adverse"), "false");
}

#[test]
fn survey_metrics_by_disability_publish_wdes_4a_i_ii_iii_and_5() {
    let t = &fixture().restricted;
    let s = "wdes_staff_survey_metrics";
    let cols = [
        "respondents_disabled",
        "counting_disabled",
        "respondents_non_disabled",
        "counting_non_disabled",
    ];
    // 2025, RJ1. Disabled: B1. Non-disabled: W1, W2, W3, B2, U1 (ethnicity does not matter).
    // B3 (disability prefer not to say) is excluded.
    // 4a(i) public: B1 1-2 -> 1/1; W1 Never, W2 3-5, B2 Never, U1 More than 10 (W3 unanswered)
    //   -> 4, 2 (50%).
    // 4a(ii) managers: B1 6-10 -> 1/1; W1, W2, B2 Never (W3, U1 unanswered) -> 3, 0 (0%).
    // 4a(iii) colleagues: B1 Never -> 1, 0; W1 1-2, W2 Never, B2 Never -> 3, 1 (33.33%).
    //   (Issue 13 point 8: WDES publishes managers and colleagues apart; the combined WRES 6
    //   measure is not a WDES row.)
    // 5 equal opportunities: B1 No -> 1, 0; W1 Yes, W2 Don't know, W3 No, B2 Don't know, U1 Yes
    //   -> 5, 2 (40%).
    // discrimination from staff (WRES 8, kept for comparison): B1 Yes -> 1/1; W1 No, W2 No,
    //   B2 No, U1 Yes -> 4, 1 (25%).
    // difference_pp = Disabled minus non-disabled.
    for (measure, counts, pd, pn, diff) in [
        ("harassment_from_public", [1.0, 1.0, 4.0, 2.0], 100.0, 50.0, 50.0),
        (
            "harassment_from_managers",
            [1.0, 1.0, 3.0, 0.0],
            100.0,
            0.0,
            100.0,
        ),
        (
            "harassment_from_colleagues",
            [1.0, 0.0, 3.0, 1.0],
            0.0,
            33.33,
            -33.33,
        ),
        (
            "equal_opportunities_for_progression",
            [1.0, 0.0, 5.0, 2.0],
            0.0,
            40.0,
            -40.0,
        ),
        (
            "discrimination_from_staff",
            [1.0, 1.0, 4.0, 1.0],
            100.0,
            25.0,
            75.0,
        ),
    ] {
        let f = [("survey_year", "2025"), ("org_code", "RJ1"), ("measure", measure)];
        assert_eq!(nums(t, s, &f, cols), some(counts), "{measure}");
        approx(cell(t, s, &f, "percent_disabled"), pd);
        approx(cell(t, s, &f, "percent_non_disabled"), pn);
        approx(cell(t, s, &f, "difference_pp"), diff);
    }
    assert_eq!(
        crate::wres::count_rows(t, s, &[("measure", "harassment_from_staff")]),
        0
    );
    // RQ3 2025: only R1 (not disabled) answered.
    let f = [
        ("survey_year", "2025"),
        ("org_code", "RQ3"),
        ("wres_indicator", "5"),
    ];
    assert_eq!(nums(t, s, &f, cols), some([0.0, 0.0, 1.0, 1.0]));
    assert_eq!(cell(t, s, &f, "percent_disabled"), None);
    assert_eq!(
        cell_text(t, s, &f, "percent_note"),
        "no Disabled respondents answered"
    );
}

#[test]
fn metric_10_compares_disabled_voting_board_members_with_the_workforce() {
    let t = &fixture().restricted;
    let m10 = "wdes_metric_10";
    let cols = [
        "board_members",
        "board_disabled",
        "workforce_headcount",
        "workforce_disabled",
    ];
    // RJ1 voting members M1, M2, M3, M4, M7 (vacant seats, non-voting M5 and departed M6
    // excluded): disabled M2 -> 1 of 5 = 20%; workforce 1 (E3) of 7 = 14.2857%: 5.71 pp.
    // Executive M1, M2: 50% -> 35.71; non-executive M3, M4, M7 (not declared, in the
    // denominator): 0% -> -14.29.
    for (group, counts, diff) in [
        ("Voting", [5.0, 1.0, 7.0, 1.0], 5.71),
        ("Executive", [2.0, 1.0, 7.0, 1.0], 35.71),
        ("Non-executive", [3.0, 0.0, 7.0, 1.0], -14.29),
    ] {
        let f = [("org_code", "RJ1"), ("board_group", group)];
        assert_eq!(nums(t, m10, &f, cols), some(counts), "{group}");
        approx(cell(t, m10, &f, "difference_pp"), diff);
    }
    // RX1 (Y60): N2 disabled, 1 of 2 = 50%; no disabled staff (G1, G2): 50.00 pp.
    let f = [("org_code", "RX1"), ("board_group", "Voting")];
    assert_eq!(nums(t, m10, &f, cols), some([2.0, 1.0, 2.0, 0.0]));
    approx(cell(t, m10, &f, "difference_pp"), 50.0);
    assert_eq!(cell_text(t, m10, &f, "region_code"), "Y60");
    // RZZ (not in ESR): configured region, null with a reason.
    let f = [("org_code", "RZZ"), ("board_group", "Voting")];
    assert_eq!(cell_text(t, m10, &f, "region_code"), CONFIGURED_REGION);
    assert_eq!(
        cell_text(t, m10, &f, "difference_note"),
        "no staff in post for this organisation"
    );
}
