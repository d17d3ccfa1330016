//! The national twins of the leadership-pipeline tables, from the regions' committed runs.
//! The fixture and its hand-worked figures are in `mod.rs`.

use super::*;

#[test]
fn national_expected_demand_is_never_a_partial_sum() {
    // Definition (issue 13 point 15): the national expected_demand sums the regions' only when
    // every region has one. Without an assumed COO rate, Y56 COO has a substantive holder (RAA)
    // and no rate: its demand beyond 'now' is null. Y58 COO has no seat (demand 0) and Y59 COO
    // only an interim (RSA: demand 1). The old national sum gave 0 + 1 = 1 at 0-1y as if whole;
    // now it is null with regions_without_expected_demand 1 and a note. 'now' needs no rate:
    // Y56 1 (RBB interim) + Y58 0 + Y59 1 = 2. CEO 0-1y, every region known: Y56 0.88 + Y58
    // 2 x 0.5077 = 1.0154 + Y59 0.8 = 2.6954; supply 1 + 1 + 2 = 4: gap 1.3046.
    let output = tempfile::tempdir().unwrap();
    let (_, _) = run_variant_into(
        FULL,
        |cfg| {
            cfg.file.metrics.assumed_turnover.remove("COO");
        },
        output.path(),
    );
    let queries = pipeline_national_queries();
    let national = tempfile::tempdir().unwrap();
    let t = block_on(async {
        let source = Location::local(output.path()).unwrap();
        let target = Location::local(national.path()).unwrap();
        let outcome = aggregate(
            &[source],
            &target,
            queries.path(),
            &AggregateOptions {
                expected_regions: vec![],
                allow_missing: false,
                publish: PublishOptions::default(),
                session: Default::default(),
            },
        )
        .await
        .unwrap_or_else(|e| panic!("aggregate failed: {e}"));
        read_tables(&target, &outcome.manifest, "restricted").await
    });
    let get = |role: &str, h: &str, col: &str| {
        cell(
            &t,
            "leadership_pipeline",
            &[("critical_role", role), ("horizon", h)],
            col,
        )
    };
    assert_eq!(get("COO", "0-1y", "expected_demand"), None);
    assert_eq!(get("COO", "0-1y", "gap"), None);
    assert_eq!(get("COO", "0-1y", "candidates_per_expected_vacancy"), None);
    assert_eq!(get("COO", "0-1y", "regions"), Some(3.0));
    assert_eq!(get("COO", "0-1y", "regions_without_expected_demand"), Some(1.0));
    assert_eq!(
        cell_text(
            &t,
            "leadership_pipeline",
            &[("critical_role", "COO"), ("horizon", "0-1y")],
            "expected_demand_note"
        ),
        "partial: 1 of 3 regions have no expected demand for this role (no turnover rate, or no recent board snapshot): not summed"
    );
    approx(get("COO", "now", "expected_demand"), 2.0);
    assert_eq!(get("COO", "now", "regions_without_expected_demand"), Some(0.0));
    approx(get("CEO", "0-1y", "expected_demand"), 2.6954);
    assert_eq!(get("CEO", "0-1y", "ready_candidates"), Some(4.0));
    approx(get("CEO", "0-1y", "gap"), 1.3046);
    // National turnover recomputes the blend from summed parts: CEO leavers 1 + 1 + 0 = 2,
    // headcount_months 24 + 16 + 0 = 40 (10/3 holder-years): (2 + 1.2) / (10/3 + 3) =
    // 3.2 / 6.3333 = 0.505263 -> 0.5053.
    let f = [("critical_role", "CEO")];
    approx(
        cell(&t, "leadership_turnover", &f, "blended_turnover_rate"),
        0.5053,
    );
}

/// The national twins of the leadership-pipeline tables only (other national queries are left
/// out so work in progress there cannot break this test).
fn pipeline_national_queries() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let national = dir.path().join("national");
    std::fs::create_dir_all(&national).unwrap();
    for name in [
        "leadership_pipeline",
        "leadership_turnover",
        "leadership_pipeline_diversity",
        "executive_posts",
    ] {
        let file = format!("{name}.sql");
        std::fs::copy(
            shipped_queries().join("national").join(&file),
            national.join(&file),
        )
        .unwrap();
    }
    dir
}

/// Runs a future to completion on a fresh runtime (the fixture run has its own).
fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime")
        .block_on(future)
}
