//! WRES indicators 1 (staff by band) and 9 (the voting board against the workforce). The
//! fixture and its hand-worked figures are in `mod.rs`.

use super::*;

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
