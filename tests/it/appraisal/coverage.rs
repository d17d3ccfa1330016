//! Appraisal and talent-conversation coverage (`appraisal_coverage`): who counts, the
//! breakdowns, an organisation without a current snapshot, small-number suppression. The fixture
//! and its hand-worked figures are in `mod.rs`.

use super::*;

#[test]
fn coverage_counts_staff_in_post_with_an_appraisal_in_the_12_months_once_each() {
    // Definition: docs/metrics-appraisal.md "Appraisal coverage"; queries/appraisal/
    // appraisal_coverage.sql. RAA: 10 staff in post (B1 is Bank: not staff in post, and its
    // appraisal is ignored; P9's two assignments are one person). Appraised in
    // (31/10/2025, 31/10/2026]: P1, P3 (on D), P4 (interim only), P6, P8, P9, P10 (recorded by
    // RBB, joined by person) = 7; not P2 (on the exclusive start), P5 (two years ago; its row in
    // the window was quarantined), P7 (after D). 7 / 10 = 0.7.
    let all = |org: &str, column: &str| coverage("Y56", org, "all", "All", column);
    assert_eq!(all("RAA", "staff_in_post"), Some(10.0));
    assert_eq!(all("RAA", "appraised"), Some(7.0));
    approx(all("RAA", "appraisal_coverage"), 0.7);
    // Annual: the same but P4 = 6 / 10.
    assert_eq!(all("RAA", "appraised_annual"), Some(6.0));
    approx(all("RAA", "annual_appraisal_coverage"), 0.6);
    // RBB counted from its 30/09/2026 snapshot; Q1's appraisal of 15/10/2026 is in the window
    // (it ends on D, not on the organisation's snapshot): 1 / 2.
    approx(all("RBB", "appraisal_coverage"), 0.5);
    assert_eq!(
        cell_text(
            &run().regional,
            COVERAGE,
            &[("org_code", "RBB"), ("dimension", "all")],
            "snapshot_date"
        ),
        "2026-09-30"
    );
    // Y56 = RAA + RBB (RCC left out, not computed): 8 / 12 = 0.6667; the region's snapshot is
    // the oldest counted (RBB's).
    assert_eq!(all("", "staff_in_post"), Some(12.0));
    assert_eq!(all("", "appraised"), Some(8.0));
    approx(all("", "appraisal_coverage"), 8.0 / 12.0);
    assert_eq!(all("", "organisations_counted"), Some(2.0));
    assert_eq!(all("", "organisations_not_computed"), Some(1.0));
    let region_row = [("region_code", "Y56"), ("org_code", ""), ("dimension", "all")];
    assert_eq!(
        cell_text(&run().regional, COVERAGE, &region_row, "snapshot_date"),
        "2026-09-30"
    );
    // Y58 = RDD: 3 / 3.
    approx(coverage("Y58", "", "all", "All", "appraisal_coverage"), 1.0);
}

#[test]
fn coverage_by_pay_band_staff_group_ethnicity_disability_and_sex() {
    // Definition: docs/metrics-appraisal.md "Breakdowns"; a person counts once per value (P9:
    // in Band 5 and in Band 6). RAA Band 5: P1 P2 P4 P6 P7 P9 = 6, appraised P1 P4 P6 P9 = 4;
    // Band 6: P3 P5 P8 P9 P10 = 5, appraised P3 P8 P9 P10 = 4 (6 + 5 = 11 > 10 people).
    let raa = |dimension: &str, value: &str, column: &str| coverage("Y56", "RAA", dimension, value, column);
    assert_eq!(raa("pay_band", "Band 5", "staff_in_post"), Some(6.0));
    approx(raa("pay_band", "Band 5", "appraisal_coverage"), 4.0 / 6.0);
    assert_eq!(raa("pay_band", "Band 6", "staff_in_post"), Some(5.0));
    approx(raa("pay_band", "Band 6", "appraisal_coverage"), 0.8);
    // Staff group: nursing P1 P2 P3 P4 P6 P8 P9 = 7, appraised 6; admin P5 P7 P10 = 3, appraised 1.
    approx(raa("staff_group", NURSING, "appraisal_coverage"), 6.0 / 7.0);
    approx(raa("staff_group", ADMIN, "appraisal_coverage"), 1.0 / 3.0);
    // Ethnicity: White P1 P2 P3 P7 P9 = 5, appraised 3; BME P4 P5 P6 P10 = 4, appraised 3;
    // Unknown P8 = 1, appraised 1.
    assert_eq!(raa("ethnicity", "White", "staff_in_post"), Some(5.0));
    approx(raa("ethnicity", "White", "appraisal_coverage"), 0.6);
    approx(raa("ethnicity", "BME", "appraisal_coverage"), 0.75);
    assert_eq!(raa("ethnicity", "Unknown", "appraised"), Some(1.0));
    // Disability: Disabled P3 P6 = 2/2; Non-disabled P1 P2 P4 P5 P8 P9 P10 = 7, appraised 5;
    // Unknown (Not Declared) P7 = 1, appraised 0.
    approx(raa("disability", "Disabled", "appraisal_coverage"), 1.0);
    approx(raa("disability", "Non-disabled", "appraisal_coverage"), 5.0 / 7.0);
    approx(raa("disability", "Unknown", "appraisal_coverage"), 0.0);
    // Sex (ESR Gender): Female P1 P3 P4 P6 P9 = 5/5; Male P2 P5 P7 P10 = 4, appraised 1;
    // Other (Non-binary) P8 = 1/1.
    approx(raa("sex", "Female", "appraisal_coverage"), 1.0);
    approx(raa("sex", "Male", "appraisal_coverage"), 0.25);
    assert_eq!(raa("sex", "Other", "staff_in_post"), Some(1.0));
    // Region rows sum the organisations: Y56 Band 7 = RBB's Q1 and Q2, 1 appraised.
    approx(
        coverage("Y56", "", "pay_band", "Band 7", "appraisal_coverage"),
        0.5,
    );
}

#[test]
fn talent_conversation_and_career_aspiration_coverage_count_any_appraisal_in_the_window() {
    // Definition: docs/metrics-appraisal.md "Talent-conversation coverage": staff in post with
    // at least one appraisal in the window where a talent conversation was held / staff in post.
    // RAA: P1 (annual), P4 (interim), P6 (its interim, not its annual) = 3 / 10; P2's 'Y' is
    // outside the window. Career aspiration: P1, P6 (interim) = 2 / 10.
    let all = |region: &str, org: &str, column: &str| coverage(region, org, "all", "All", column);
    assert_eq!(all("Y56", "RAA", "talent_conversation"), Some(3.0));
    approx(all("Y56", "RAA", "talent_conversation_coverage"), 0.3);
    assert_eq!(all("Y56", "RAA", "career_aspiration_recorded"), Some(2.0));
    approx(all("Y56", "RAA", "career_aspiration_coverage"), 0.2);
    // Y56 adds Q1: 4 / 12 and 3 / 12. Y58: E1, E2 = 2 / 3; aspiration E1 = 1 / 3.
    approx(all("Y56", "", "talent_conversation_coverage"), 4.0 / 12.0);
    approx(all("Y56", "", "career_aspiration_coverage"), 0.25);
    approx(all("Y58", "", "talent_conversation_coverage"), 2.0 / 3.0);
    approx(all("Y58", "", "career_aspiration_coverage"), 1.0 / 3.0);
}

#[test]
fn an_organisation_without_a_current_snapshot_is_not_computed_never_zero() {
    // Definition: docs/metrics-common.md (snapshot in use, staleness limit 45 days) and
    // docs/metrics-appraisal.md: RCC's only snapshot (31/08/2026) is 61 days before D. Its one
    // coverage row has null counts and a 'not computed' note, though S1 was appraised; its
    // rating rows are null too; it is left out of Y56.
    let f = [("org_code", "RCC"), ("dimension", "all")];
    let t = table(&run().regional, COVERAGE);
    let rows = (0..t.num_rows())
        .filter(|&i| crate::support::text(t, "org_code", i) == "RCC")
        .count();
    assert_eq!(rows, 1, "one row, dimension 'all'");
    assert_eq!(cell(&run().regional, COVERAGE, &f, "staff_in_post"), None);
    assert_eq!(cell(&run().regional, COVERAGE, &f, "appraised"), None);
    assert_eq!(cell(&run().regional, COVERAGE, &f, "appraisal_coverage"), None);
    let note = cell_text(&run().regional, COVERAGE, &f, "coverage_note");
    assert!(note.starts_with("not computed: no recent snapshot"), "{note}");
    assert_eq!(rating("Y56", "RCC", "all", "All", "Good", "rated_staff"), None);
}

#[test]
fn published_tables_withhold_counts_below_the_threshold_and_the_rates_made_from_them() {
    // Definition: README "Adding a query" (counts: / derived:) and src/publish/suppress.rs:
    // with k = 5, RAA's 'all' row publishes staff in post 10, appraised 7 and its coverage 0.7,
    // and withholds talent_conversation 3 and career_aspiration_recorded 2 with the rates made
    // from them; the row is marked suppressed. The restricted table keeps them exact.
    let f = [("org_code", "RAA"), ("dimension", "all")];
    let p = &run().published;
    assert_eq!(cell(p, COVERAGE, &f, "staff_in_post"), Some(10.0));
    assert_eq!(cell(p, COVERAGE, &f, "appraised"), Some(7.0));
    approx(cell(p, COVERAGE, &f, "appraisal_coverage"), 0.7);
    assert_eq!(cell(p, COVERAGE, &f, "talent_conversation"), None);
    assert_eq!(cell(p, COVERAGE, &f, "talent_conversation_coverage"), None);
    assert_eq!(cell(p, COVERAGE, &f, "career_aspiration_coverage"), None);
    assert_eq!(cell_text(p, COVERAGE, &f, "suppressed"), "true");
    assert_eq!(
        cell(&run().regional, COVERAGE, &f, "talent_conversation"),
        Some(3.0)
    );
    // Relative likelihoods: RAA ethnicity counts 3, 5, 3, 4 are partly withheld, and with them
    // the relative likelihood and the flag.
    let keys = ["measure", "characteristic", "org_code"];
    let f = filters(&keys, &["appraisal_coverage", "ethnicity", "RAA"]);
    assert_eq!(cell(p, LIKELIHOODS, &f, "staff_in_post_reference"), Some(5.0));
    assert_eq!(cell(p, LIKELIHOODS, &f, "covered_reference"), None);
    assert_eq!(cell(p, LIKELIHOODS, &f, "relative_likelihood"), None);
    assert_eq!(cell_text(p, LIKELIHOODS, &f, "adverse"), "");
}
