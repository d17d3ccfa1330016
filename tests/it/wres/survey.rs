//! WRES indicators 5 to 8 from the staff survey. The fixture and its hand-worked figures are in
//! `mod.rs`.

use super::*;

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
