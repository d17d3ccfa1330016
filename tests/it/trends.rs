//! Trends (issue 6) on the fixture of `pipeline_metrics.rs`: one workforce series per snapshot
//! month and the staff-survey WRES 5-8 measures per survey year, in long format.

use crate::pipeline_metrics::{cell, full, table};
use crate::support::{approx, num, text};

/// The Y56 region series of (snapshot_date, headcount, numerator, denominator, share) for one
/// pay band, staff category and measure, in date order.
fn series(measure: &str) -> Vec<(String, f64, f64, f64, f64)> {
    let (_, t) = full();
    let w = table(t, "workforce_diversity_trend");
    let mut out: Vec<_> = (0..w.num_rows())
        .filter(|&i| {
            text(w, "region_code", i) == "Y56"
                && text(w, "org_code", i).is_empty()
                && text(w, "pay_band", i) == "Band 5"
                && text(w, "staff_category", i) == "Clinical"
                && text(w, "measure", i) == measure
        })
        .map(|i| {
            (
                text(w, "snapshot_date", i),
                num(w, "headcount", i).unwrap(),
                num(w, "numerator", i).unwrap(),
                num(w, "denominator", i).unwrap(),
                num(w, "share", i).unwrap(),
            )
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn workforce_representation_series_by_band_and_month() {
    // Y56 Band 5 clinical staff in post per month: N1 (BME) and N2 (White) at RAA and M1
    // (White) at RBB in all 13 snapshots; N3 (BME) from 30/06/2026; N4 (BME) is Bank on
    // 31/10/2026 and excluded. BME share (of known ethnicity):
    //   31/10/2025 .. 31/05/2026 (8 months): 1 of 3 = 0.3333
    //   30/06/2026 .. 31/10/2026 (5 months): 2 of 4 = 0.5
    let bme = series("bme_of_known");
    assert_eq!(bme.len(), 13);
    for (date, headcount, numerator, denominator, share) in &bme {
        if date.as_str() < "2026-06-30" {
            assert_eq!((*headcount, *numerator, *denominator), (3.0, 1.0, 3.0), "{date}");
            approx(Some(*share), 0.3333);
        } else {
            assert_eq!((*headcount, *numerator, *denominator), (4.0, 2.0, 4.0), "{date}");
            approx(Some(*share), 0.5);
        }
    }
    assert_eq!(bme[0].0, "2025-10-31");
    assert_eq!(bme[12].0, "2026-10-31");
    // Female, 31/10/2026: N1, N2, M1 female, N3 male: 3 of 4 = 0.75. Disabled: N2: 1 of 4.
    let female = series("female");
    assert_eq!((female[12].2, female[12].3), (3.0, 4.0));
    approx(Some(female[12].4), 0.75);
    approx(Some(series("disabled")[12].4), 0.25);
    // The organisation row RAA on 31/10/2026: N1, N2, N3: BME 2 of 3.
    let (_, t) = full();
    approx(
        cell(
            t,
            "workforce_diversity_trend",
            &[
                ("snapshot_date", "2026-10-31"),
                ("org_code", "RAA"),
                ("pay_band", "Band 5"),
                ("staff_category", "Clinical"),
                ("measure", "bme_of_known"),
            ],
            "share",
        ),
        0.6667,
    );
}

#[test]
fn staff_survey_wres_measures_by_ethnic_group_and_year() {
    let (_, t) = full();
    let get = |year: &str, group: &str, indicator: &str, col: &str| {
        cell(
            t,
            "staff_survey_wres_trend",
            &[
                ("survey_year", year),
                ("region_code", "Y56"),
                ("org_code", ""),
                ("ethnic_group", group),
                ("wres_indicator", indicator),
            ],
            col,
        )
    };
    // Indicator 5 (harassment from the public), answered only:
    //   2025 White R25-1 Never, R25-2 3-5: 1 of 2 = 0.5; 2025 BME R25-3 1-2 (R25-4 blank):
    //   1 of 1 = 1.0; 2026 White R26-1 Never: 0 of 1; 2026 BME R26-2 More than 10, R26-3
    //   Never: 1 of 2 = 0.5. R25-5 (Prefer not to say) is Unknown: excluded.
    assert_eq!(get("2025", "White", "5", "respondents"), Some(2.0));
    approx(get("2025", "White", "5", "share"), 0.5);
    assert_eq!(get("2025", "BME", "5", "respondents"), Some(1.0));
    approx(get("2025", "BME", "5", "share"), 1.0);
    approx(get("2026", "White", "5", "share"), 0.0);
    approx(get("2026", "BME", "5", "share"), 0.5);
    // Indicator 6 (from managers or colleagues; counted when either was answered):
    //   2025 White: R25-1 colleagues 1-2 (yes), R25-2 manager blank, colleagues Never (no):
    //   1 of 2; 2025 BME: R25-3 Never/Never (no), R25-4 neither answered (excluded): 0 of 1;
    //   2026 BME: R26-2 manager 1-2 (yes), R26-3 no: 1 of 2.
    approx(get("2025", "White", "6", "share"), 0.5);
    assert_eq!(get("2025", "BME", "6", "respondents"), Some(1.0));
    approx(get("2025", "BME", "6", "share"), 0.0);
    approx(get("2026", "BME", "6", "share"), 0.5);
    // Indicator 7 (equal opportunities: Yes of answered, Don't know included):
    //   2025 BME R25-3 Don't know, R25-4 Yes: 1 of 2; 2026 White R26-1 Yes: 1 of 1.
    approx(get("2025", "BME", "7", "share"), 0.5);
    approx(get("2026", "White", "7", "share"), 1.0);
    // Indicator 8 (discrimination from staff): 2025 BME R25-3 Yes (R25-4 blank): 1 of 1;
    //   2026 BME R26-2 Yes, R26-3 No: 1 of 2; 2025 White: 0 of 2.
    assert_eq!(get("2025", "BME", "8", "numerator"), Some(1.0));
    approx(get("2025", "BME", "8", "share"), 1.0);
    approx(get("2026", "BME", "8", "share"), 0.5);
    approx(get("2025", "White", "8", "share"), 0.0);
    let s = table(t, "staff_survey_wres_trend");
    assert!((0..s.num_rows()).all(|i| text(s, "ethnic_group", i) != "Unknown"));
    // Only the WRES measures: the staff-survey staging model also holds WDES 4a(ii) and 4a(iii)
    // (harassment from managers, from colleagues; no WRES indicator), which are not WRES trends.
    let mut measures: Vec<String> = (0..s.num_rows()).map(|i| text(s, "measure", i)).collect();
    measures.sort();
    measures.dedup();
    assert_eq!(
        measures,
        [
            "discrimination_from_staff",
            "equal_opportunities_for_progression",
            "harassment_from_public",
            "harassment_from_staff"
        ]
    );
    assert_eq!(
        crate::pipeline_metrics::cell_text(
            t,
            "staff_survey_wres_trend",
            &[
                ("survey_year", "2026"),
                ("org_code", ""),
                ("ethnic_group", "BME"),
                ("wres_indicator", "8")
            ],
            "measure"
        ),
        "discrimination_from_staff"
    );
}
