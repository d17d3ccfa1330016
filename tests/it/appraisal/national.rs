//! The national twins, recomputed from summed region rows, and a region without the appraisal
//! extract in the national aggregation. The fixture is in `mod.rs`.

use super::*;

#[test]
fn national_twins_recompute_from_summed_region_rows_never_from_regional_rates() {
    // Definition: docs/metrics-appraisal.md "National" (README: rates recomputed from summed
    // parts, never averaged). National = Y56 + Y58 region rows.
    let n = &run().national;
    let all = [("dimension", "all"), ("dimension_value", "All")];
    // Coverage: (8 + 3) / (12 + 3) = 0.7333; talent conversation (4 + 2) / 15 = 0.4.
    assert_eq!(cell(n, COVERAGE, &all, "staff_in_post"), Some(15.0));
    assert_eq!(cell(n, COVERAGE, &all, "appraised"), Some(11.0));
    approx(cell(n, COVERAGE, &all, "appraisal_coverage"), 11.0 / 15.0);
    approx(cell(n, COVERAGE, &all, "talent_conversation_coverage"), 0.4);
    assert_eq!(cell(n, COVERAGE, &all, "regions"), Some(2.0));
    assert_eq!(cell(n, COVERAGE, &all, "organisations_counted"), Some(3.0));
    assert_eq!(cell(n, COVERAGE, &all, "organisations_not_computed"), Some(1.0));
    // Appraisal by disability: non-disabled (6 + 2) / (9 + 2) = 0.7273, Disabled (2 + 1) /
    // (2 + 1) = 1: 0.7273, adverse. The mean of the regional ratios (0.6667 and 1.0) would be
    // 0.8333, not adverse.
    let f = [
        ("measure", "appraisal_coverage"),
        ("characteristic", "disability"),
    ];
    assert_eq!(cell(n, LIKELIHOODS, &f, "covered_reference"), Some(8.0));
    assert_eq!(cell(n, LIKELIHOODS, &f, "staff_in_post_reference"), Some(11.0));
    approx(cell(n, LIKELIHOODS, &f, "relative_likelihood"), 0.7273);
    assert_eq!(cell_text(n, LIKELIHOODS, &f, "adverse"), "true");
    // Talent conversation by sex: Male Y56 0 of 5 (P2 P5 P7 P10 Q2) + Y58 1 of 1 (E1) = 1/6;
    // Female Y56 4 of 6 (P1 P4 P6 Q1 of P1 P3 P4 P6 P9 Q1) + Y58 1 of 2 (E2 of E2 E3) = 5/8;
    // (1/6) / (5/8) = 0.2667, adverse (Y56 alone has no ratio: no Male talent conversation).
    let f = [
        ("measure", "talent_conversation_coverage"),
        ("characteristic", "sex"),
    ];
    approx(cell(n, LIKELIHOODS, &f, "relative_likelihood"), 0.2667);
    assert_eq!(cell_text(n, LIKELIHOODS, &f, "adverse"), "true");
    // Ratings: Good (4 + 3) / 11 = 0.6364, Outstanding (2 + 0) / 11 = 0.1818.
    let good = [("dimension", "all"), ("rating", "Good")];
    assert_eq!(cell(n, RATINGS, &good, "rated_staff"), Some(7.0));
    approx(cell(n, RATINGS, &good, "rating_share"), 7.0 / 11.0);
    let outstanding = [("dimension", "all"), ("rating", "Outstanding")];
    approx(cell(n, RATINGS, &outstanding, "rating_share"), 2.0 / 11.0);
}

/// Generates one region's input root (400 staff, 2 monthly snapshots) without the extract kinds
/// in `without`, runs it with every shipped query and returns its output root.
fn generated_region(root: &Path, code: &str, seed: u64, without: &[&str]) -> std::path::PathBuf {
    let input = root.join(format!("in-{code}"));
    let output = root.join(format!("out-{code}"));
    let opts = talentpipe_synth::GenerateOptions {
        seed,
        regions: vec![code.into()],
        people: 400,
        months: 2,
        ..Default::default()
    };
    talentpipe_synth::generate(&opts, &input).expect("generate the region");
    for kind in without {
        std::fs::remove_dir_all(input.join(kind)).expect("the generator writes every kind");
    }
    let mut cfg = fixture_config(&input, &output, &shipped_queries(), 5);
    cfg.region = code.into();
    block_on(run_quiet(&cfg));
    output
}

/// The region row (`org_code` null) of a regional table's region.
fn region_total(t: &arrow::array::RecordBatch, region: &str, extra: &[(&str, &str)]) -> usize {
    let mut f = vec![("region_code", region), ("org_code", "")];
    f.extend_from_slice(extra);
    crate::support::row(t, &f)
}

#[test]
fn a_region_without_the_appraisal_extract_is_left_out_nationally_and_the_wres_tables_still_come_out() {
    // Definition: README "National" and src/national.rs (a table a region did not compute is
    // not in the national sums; the region is named in the manifest's partial_tables) and the
    // headers of queries/national/appraisal_coverage.sql and equality_relative_likelihoods.sql
    // (needs: none; each WRES/WDES twin needs only its own regional table). Two generated
    // regions: Y56 with every kind but disciplinary; Y60 without appraisal or disciplinary. So
    // no region computes WRES 3, and Y60 computes no appraisal table.
    let dir = tempfile::tempdir().expect("tempdir");
    let y56 = generated_region(dir.path(), "Y56", 71, &["disciplinary"]);
    let y60 = generated_region(dir.path(), "Y60", 72, &["disciplinary", "appraisal"]);
    let national = dir.path().join("national");
    let location = |p: &Path| Location::local(p).expect("location");
    let options = AggregateOptions {
        expected_regions: vec!["Y56".into(), "Y60".into()],
        allow_missing: false,
        publish: Default::default(),
        session: Default::default(),
    };
    let (m, nat, regional, explained) = block_on(async {
        let sources = [location(&y56), location(&y60)];
        let outcome = aggregate(&sources, &location(&national), &shipped_queries(), &options)
            .await
            .unwrap_or_else(|e| panic!("aggregation failed: {e}"));
        let m = outcome.manifest;
        let nat = read_tables(&location(&national), &m, "restricted").await;
        let mut regional = Vec::new();
        for root in [&y56, &y60] {
            let (_, rm) = talentpipe::publish::read_latest(&location(root))
                .await
                .expect("read")
                .expect("committed");
            regional.push(read_tables(&location(root), &rm, "restricted").await);
        }
        let explain = |table: &str| {
            let request = talentpipe::explain::ExplainRequest {
                table: table.into(),
                ..Default::default()
            };
            let output = location(&national);
            async move { talentpipe::explain::explain(&output, &request).await }
        };
        let explained = (
            explain(COVERAGE).await.expect("explain appraisal_coverage"),
            explain("wres_indicator_2")
                .await
                .expect("explain wres_indicator_2"),
        );
        (m, nat, regional, explained)
    });
    let status = |name: &str| query_status(&m, name);

    // Appraisal: Y60 is left out and named; the national figures are Y56's alone.
    for name in TABLES {
        assert_eq!(status(name).0, "ok", "{name}");
        assert_eq!(
            m.partial_tables.get(name),
            Some(&vec!["Y60".to_string()]),
            "{name}"
        );
    }
    assert!(
        !regional[1].contains_key(COVERAGE),
        "Y60 computed no appraisal table"
    );
    let all = [("dimension", "all"), ("dimension_value", "All")];
    let r = table(&regional[0], COVERAGE);
    let i = region_total(r, "Y56", &all);
    assert_eq!(cell(&nat, COVERAGE, &all, "regions"), Some(1.0));
    for column in ["staff_in_post", "appraised", "talent_conversation"] {
        assert_eq!(
            cell(&nat, COVERAGE, &all, column),
            crate::support::num(r, column, i),
            "{column}"
        );
    }
    let (sip, appraised) = (
        cell(&nat, COVERAGE, &all, "staff_in_post").expect("staff in post"),
        cell(&nat, COVERAGE, &all, "appraised").expect("appraised"),
    );
    approx(cell(&nat, COVERAGE, &all, "appraisal_coverage"), appraised / sip);
    // explain names the excluded region for the appraisal table, and none for WRES 2.
    let (coverage, wres2) = &explained;
    assert_eq!(
        coverage.regions_excluded.len(),
        1,
        "{:?}",
        coverage.regions_excluded
    );
    assert_eq!(coverage.regions_excluded[0].table, "regional_appraisal_coverage");
    assert_eq!(coverage.regions_excluded[0].regions, ["Y60"]);
    assert!(
        talentpipe::explain::render_text(coverage)
            .contains("regional_appraisal_coverage was not computed in region(s) Y60")
    );
    assert!(wres2.regions_excluded.is_empty(), "{:?}", wres2.regions_excluded);
    assert_eq!(wres2.sources.len(), 2);

    // WRES 3 was computed nowhere: not computed nationally, with the reason ...
    let (s, message) = status("wres_indicator_3");
    assert_eq!(s, "not_computed");
    assert!(message.contains("needs 'regional_wres_indicator_3'"), "{message}");
    assert!(!m.partial_tables.contains_key("wres_indicator_3"));
    // ... while the other tables built on national/equality_relative_likelihoods come out, each
    // the sum of both regions' region rows (before the stand-in, all four were not computed).
    assert_eq!(status("equality_relative_likelihoods").0, "ok");
    for (name, columns) in [
        (
            "wres_indicator_2",
            [
                "shortlisted_white",
                "appointed_white",
                "shortlisted_bme",
                "appointed_bme",
            ],
        ),
        (
            "wres_indicator_4",
            [
                "accessed_white",
                "headcount_white",
                "accessed_bme",
                "headcount_bme",
            ],
        ),
        (
            "wdes_metric_2",
            [
                "shortlisted_non_disabled",
                "appointed_non_disabled",
                "shortlisted_disabled",
                "appointed_disabled",
            ],
        ),
    ] {
        assert_eq!(status(name).0, "ok", "{name}");
        let n = table(&nat, name);
        assert_eq!(n.num_rows(), 1, "{name}");
        for column in columns {
            let sum: f64 = [("Y56", &regional[0]), ("Y60", &regional[1])]
                .iter()
                .map(|(code, tables)| {
                    let t = table(tables, name);
                    crate::support::num(t, column, region_total(t, code, &[])).expect("a count")
                })
                .sum();
            assert_eq!(crate::support::num(n, column, 0), Some(sum), "{name}.{column}");
        }
    }
    assert_eq!(status("wres_indicator_1").0, "ok");
}
