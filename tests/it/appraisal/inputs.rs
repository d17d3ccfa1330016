//! The appraisal extract's bad rows (quarantine) and what its absence or emptiness does to the
//! tables. The fixture is in `mod.rs`.

use super::*;

#[test]
fn bad_appraisal_rows_are_quarantined_with_file_line_column_and_reason() {
    // Definition: the contract (crates/talentpipe-contract: Rating is a code list; an event
    // repeated with the same organisation, person, date and type is quarantined) and README
    // "What an ingest summary means". Line 21 (P5, 'Exceeds expectations') and line 22 (line 2
    // again); the employee number is masked in the raw row.
    let q = &run().quarantine;
    assert_eq!(q.len(), 2, "{q:?}");
    let (file, line, column, reason, raw) = &q[0];
    assert!(file.ends_with("appraisal/y56.csv"), "{file}");
    assert_eq!((*line, column.as_str()), (21, "Rating"));
    assert!(
        reason.contains("unknown appraisal rating 'Exceeds expectations'"),
        "{reason}"
    );
    assert!(!raw.contains("10000005"), "personal field masked: {raw}");
    let (_, line, column, reason, raw) = &q[1];
    assert_eq!((*line, column.as_str()), (22, "Appraisal Type"));
    assert!(
        reason.contains("duplicate (org_code, person_id, appraisal_date, appraisal_type) of line 2"),
        "{reason}"
    );
    assert!(!raw.contains("10000001"), "personal field masked: {raw}");
}

#[test]
fn without_the_appraisal_extract_the_tables_are_not_computed_and_an_empty_one_gives_zeros() {
    // Definition: README "Input layout" (an absent folder means not supplied: not computed,
    // never zero) and the `needs: appraisal, esr_workforce` of queries/appraisal/*.sql. The
    // shared models still run (equality_events reads the appraisal model, needs: none), so WRES
    // indicator 1 (ESR only) is unaffected.
    let (manifest, regional, _, output) = run_regional(Appraisals::Absent, &["wres"]);
    let status = |name: &str| query_status(&manifest, name);
    for name in TABLES {
        let (s, message) = status(name);
        assert_eq!(s, "not_computed", "{name}");
        assert!(message.contains("needs 'appraisal'"), "{name}: {message}");
        assert!(!regional.contains_key(name), "{name} is not written");
    }
    // The dashboard says so at the top of its section.
    let section = appraisal_section(&output);
    let said = section.not_supplied.join(" ");
    assert!(
        said.contains("The appraisal extract was not supplied in this run"),
        "{said}"
    );
    assert!(section.figures.is_empty());
    assert_eq!(status("appraisal_coverage_staff").0, "ok");
    assert_eq!(status("equality_relative_likelihoods").0, "ok");
    assert_eq!(status("wres_indicator_1").0, "ok");
    // Supplied with no rows: computed, and RAA has 0 of 10 staff appraised; the relative
    // likelihood has no ratio ('no White staff appraised in the 12 months').
    let (_, empty, _, _empty_output) = run_regional(Appraisals::HeaderOnly, &[]);
    let f = [("org_code", "RAA"), ("dimension", "all")];
    assert_eq!(cell(&empty, COVERAGE, &f, "staff_in_post"), Some(10.0));
    assert_eq!(cell(&empty, COVERAGE, &f, "appraised"), Some(0.0));
    approx(cell(&empty, COVERAGE, &f, "appraisal_coverage"), 0.0);
    let f = [
        ("measure", "appraisal_coverage"),
        ("characteristic", "ethnicity"),
        ("org_code", "RAA"),
    ];
    assert_eq!(
        cell_text(&empty, LIKELIHOODS, &f, "relative_likelihood_note"),
        "no White staff appraised in the 12 months"
    );
}
