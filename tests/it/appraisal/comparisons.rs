//! The relative likelihoods of coverage with the WRES four-fifths rule
//! (`appraisal_relative_likelihoods`) and the rating distribution (`appraisal_rating_distribution`).
//! The fixture and its hand-worked figures are in `mod.rs`.

use super::*;

#[test]
fn relative_likelihoods_are_reference_over_focus_with_the_wres_four_fifths_rule() {
    // Definition: docs/metrics-appraisal.md "Relative likelihood and adverse flag": coverage of
    // the reference group / coverage of the focus group, 4 dp, adverse outside 0.80-1.25 on the
    // rounded value (NHS England WRES technical guidance, via intermediate/
    // equality_relative_likelihoods).
    let (a, t) = ("appraisal_coverage", "talent_conversation_coverage");
    // (measure, characteristic, org ("" = the Y56 total), relative likelihood, adverse, note)
    let expected = [
        // RAA by ethnicity: White 3/5 = 0.6, BME 3/4 = 0.75: 0.6 / 0.75 = 0.8 exactly on the
        // boundary (0.7999999999999999 in floating point, 0.8 rounded): not adverse.
        (a, "ethnicity", "RAA", Some(0.8), "false", ""),
        // Talent conversation: White 1/5 = 0.2, BME 2/4 = 0.5: 0.4, adverse.
        (t, "ethnicity", "RAA", Some(0.4), "true", ""),
        // Disability: non-disabled 5/7, Disabled 2/2: 0.7143, adverse.
        (a, "disability", "RAA", Some(0.7143), "true", ""),
        // Sex: Male 1/4 = 0.25, Female 5/5: 0.25, adverse; P8 (Other) is in neither group.
        (a, "sex", "RAA", Some(0.25), "true", ""),
        // No Male talent conversation at RAA: no ratio, a note, no flag.
        (
            t,
            "sex",
            "RAA",
            None,
            "",
            "no Male staff with a talent conversation in the 12 months",
        ),
        // RBB has no Disabled staff.
        (a, "disability", "RBB", None, "", "no Disabled staff in post"),
        // Y56 = RAA + RBB, RCC (no current snapshot) left out: White (3+1)/(5+1), BME
        // (3+0)/(4+1): 0.6667 / 0.6 = 1.1111, not adverse; talent conversation White (1+1)/6,
        // BME (2+0)/5: 0.8333, not adverse; disability: non-disabled (5+1)/(7+2), Disabled 2/2:
        // 0.6667, adverse.
        (a, "ethnicity", "", Some(1.1111), "false", ""),
        (t, "ethnicity", "", Some(0.8333), "false", ""),
        (a, "disability", "", Some(0.6667), "true", ""),
    ];
    for (measure, characteristic, org, ratio, adverse, note) in expected {
        let l = |column: &str| likelihood(measure, characteristic, "Y56", org, column);
        let what = format!("{measure} by {characteristic} at '{org}'");
        match ratio {
            Some(v) => approx(l("relative_likelihood").parse().ok(), v),
            None => assert_eq!(l("relative_likelihood"), "", "{what}"),
        }
        assert_eq!(l("adverse"), adverse, "{what}");
        assert_eq!(l("relative_likelihood_note"), note, "{what}");
    }
    // The counts behind RAA by ethnicity, and RAA by sex (reference Male, focus Female).
    let counts = [
        "covered_reference",
        "staff_in_post_reference",
        "covered_focus",
        "staff_in_post_focus",
    ];
    let at = |characteristic: &str| counts.map(|c| likelihood(a, characteristic, "Y56", "RAA", c));
    assert_eq!(at("ethnicity"), ["3", "5", "3", "4"]);
    assert_eq!(at("sex"), ["1", "4", "5", "5"]);
    let region = |column: &str| likelihood(a, "ethnicity", "Y56", "", column);
    assert_eq!(
        (
            region("organisations_counted"),
            region("organisations_not_computed")
        ),
        ("2".into(), "1".into())
    );
    assert_eq!(
        likelihood(a, "ethnicity", "Y56", "RCC", "left_out_reason"),
        "no current ESR snapshot"
    );
}

#[test]
fn rating_distribution_takes_each_persons_latest_rating_in_the_window() {
    // Definition: docs/metrics-appraisal.md "Rating distribution": each appraised person once,
    // under the rating of their latest appraisal in the window that gives one; 'No rating
    // given' when none does. RAA: P3 Outstanding; P1, P6 (its interim's Good, not its annual's
    // Requires improvement), P9, P10 Good; P8 Not rated; P4 No rating given: 1 + 4 + 0 + 1 + 1
    // = 7 appraised.
    let raa = |value: &str, column: &str| rating("Y56", "RAA", "all", "All", value, column);
    for (value, staff) in [
        ("Outstanding", 1.0),
        ("Good", 4.0),
        ("Requires improvement", 0.0),
        ("Not rated", 1.0),
        ("No rating given", 1.0),
    ] {
        assert_eq!(raa(value, "rated_staff"), Some(staff), "{value}");
        assert_eq!(raa(value, "appraised"), Some(7.0), "{value}");
        approx(raa(value, "rating_share"), staff / 7.0);
    }
    // By group: RAA BME appraised P4, P6, P10: Good 2, No rating given 1.
    approx(
        rating("Y56", "RAA", "ethnicity", "BME", "Good", "rating_share"),
        2.0 / 3.0,
    );
    approx(
        rating(
            "Y56",
            "RAA",
            "ethnicity",
            "BME",
            "No rating given",
            "rating_share",
        ),
        1.0 / 3.0,
    );
    // Y56 = RAA + RBB (Q1 Outstanding): Outstanding 2 / 8 = 0.25, Good 4 / 8 = 0.5.
    approx(
        rating("Y56", "", "all", "All", "Outstanding", "rating_share"),
        0.25,
    );
    approx(rating("Y56", "", "all", "All", "Good", "rating_share"), 0.5);
}
