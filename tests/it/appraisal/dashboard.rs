//! The report's appraisal section on the fixture's published figures. The fixture is in `mod.rs`.

use super::*;

#[test]
fn the_dashboard_section_shows_the_published_figures_of_the_region() {
    // Definition: src/report/sections/appraisal.rs (region totals of the run's region, Y56 here,
    // from the *published* tables, so withheld counts stay withheld). Y56: 12 staff in post, 8
    // appraised, coverage 0.6667 published; talent conversation 4 < 5 withheld with its rate.
    let (_, _, _, output) = run_regional(Appraisals::Rows, &[]);
    let section = appraisal_section(&output);
    assert!(section.not_supplied.is_empty(), "{:?}", section.not_supplied);
    let ids: Vec<&str> = section.figures.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "appraisal-coverage-groups",
            "appraisal-coverage-workforce",
            "appraisal-coverage-organisations",
            "appraisal-relative-likelihoods",
            "appraisal-ratings",
        ]
    );
    let row = |figure: usize, labels: &[&str]| {
        section.figures[figure]
            .table
            .rows
            .iter()
            .find(|r| labels.iter().zip(r.iter()).all(|(l, c)| c.text == *l))
            .unwrap_or_else(|| panic!("no row {labels:?} in figure {figure}"))
            .clone()
    };
    let all = row(0, &["All staff", "All"]);
    assert_eq!(all[2].value, Some(12.0));
    assert_eq!((all[4].text.as_str(), all[4].value), ("66.7%", Some(0.6667)));
    assert_eq!(
        all[6].state,
        CellState::Suppressed,
        "talent-conversation coverage from 4 people"
    );
    // By organisation: RAA 7 / 10; RCC not computed, with its reason; then the region total.
    let raa = row(2, &["RAA"]);
    assert_eq!(raa[2].text, "70.0%");
    let rcc = row(2, &["RCC"]);
    assert_eq!(rcc[2].state, CellState::NotApplicable);
    assert!(
        rcc[2]
            .note
            .as_deref()
            .is_some_and(|n| n.starts_with("not computed: no recent snapshot")),
        "{:?}",
        rcc[2]
    );
    assert_eq!(
        section.figures[2].table.rows.len(),
        4,
        "RAA, RBB, RCC and the region total"
    );
    // Relative likelihoods: two measures by three characteristics, each with its groups.
    let rl = &section.figures[3].table.rows;
    assert_eq!(rl.len(), 6);
    let sex = row(3, &["Appraisal", "Male"]);
    assert_eq!(sex[3].text, "Female");
    // Ratings: the five ratings in order.
    let ratings: Vec<&str> = section.figures[4]
        .table
        .rows
        .iter()
        .map(|r| r[0].text.as_str())
        .collect();
    assert_eq!(
        ratings,
        [
            "Outstanding",
            "Good",
            "Requires improvement",
            "Not rated",
            "No rating given"
        ]
    );
}
