//! The staging layer (issue 13): which snapshot each organisation's staff come from, and one set
//! of personal attributes per person, on a small fixture with late and early submissions.
//!
//! # The fixture (no configured reporting date)
//!
//! | org | region | ESR snapshots sent |
//! |---|---|---|
//! | RDD | Y56 | 31/10/2026, 30/11/2026 (already sent next month) |
//! | RAA | Y56 | 30/09/2026, 31/10/2026 (one month behind RDD) |
//! | RBB | Y56 | 31/08/2026, 30/09/2026 (two months behind) |
//!
//! The default reporting date is the latest snapshot of any organisation: 30/11/2026. With the
//! default staleness limit of 45 days (oldest usable snapshot 16/10/2026):
//! - RDD uses 30/11/2026 (0 days old), current;
//! - RAA uses 31/10/2026 (30 days old), current;
//! - RBB's latest on or before the reporting date is 30/09/2026 (61 days old): not current, its
//!   staff figures are not computed.
//!
//! Staff (all Band 5 nursing, Permanent unless said) on every snapshot their organisation sent:
//! - RDD: D1 (White), D2 (Bank: never staff in post).
//! - RAA: A1, whose two assignments disagree: assignment 1 White (started 01/04/2015) and
//!   assignment 2 Indian, so BME (started 01/05/2024, the latest start: the person's record);
//!   A2 (ethnicity not stated: Unknown); A3 (White).
//! - RBB: B1 (White).
//!
//! The old rule (staff in post = the snapshot dated exactly on the reporting date) kept only RDD:
//! headcount 1 in the region, RAA counted as zero staff. The old per-assignment attributes put
//! A1 in both ethnic groups (BME 1 and White 2 among 3 people on RAA's 31/10/2026 snapshot).

use std::path::Path;

use crate::ingest::{ESR_HEADER, esr_row, write};
use crate::support::{
    block_on, fixture_config, num, read_tables, row, run_quiet, shipped_query_folders, text,
};

fn esr(root: &Path) {
    let mut rows = vec![ESR_HEADER.to_string()];
    let mut add = |org: &str, dates: &[&str], emp: &str, extra: &[(&str, &str)]| {
        for d in dates {
            let mut o: Vec<(&str, &str)> = vec![("Snapshot Date", d), ("Organisation Code", org)];
            o.extend_from_slice(extra);
            rows.push(esr_row(emp, &o));
        }
    };
    let rdd = ["31/10/2026", "30/11/2026"];
    let raa = ["30/09/2026", "31/10/2026"];
    let rbb = ["31/08/2026", "30/09/2026"];
    add("RDD", &rdd, "40000001", &[]);
    add("RDD", &rdd, "40000002", &[("Assignment Category", "Bank")]);
    add("RAA", &raa, "40000011", &[]);
    add(
        "RAA",
        &raa,
        "40000011",
        &[
            ("Assignment Number", "40000011-2"),
            ("Ethnic Origin", "H Asian or Asian British - Indian"),
            ("Start Date", "01/05/2024"),
            ("FTE", "0.2"),
        ],
    );
    add("RAA", &raa, "40000012", &[("Ethnic Origin", "Z Not Stated")]);
    add("RAA", &raa, "40000013", &[]);
    add("RBB", &rbb, "40000021", &[]);
    write(root, "esr_workforce", "esr.csv", rows.join("\n") + "\n");
}

/// The README's "Adding a query" example, verbatim (it must keep working as written).
fn readme_example_query() -> String {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).expect("README");
    let start = readme
        .find("-- title: Substantive headcount by organisation and pay band")
        .expect("README example");
    let end = start + readme[start..].find("```").expect("end of the README example");
    readme[start..end]
        .lines()
        .map(|l| l.strip_prefix("   ").unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
}

fn run() -> std::collections::BTreeMap<String, arrow::array::RecordBatch> {
    run_with(None)
}

/// The run, with `runtime.memory_limit` set to `memory_limit` if given.
fn run_with(memory_limit: Option<&str>) -> std::collections::BTreeMap<String, arrow::array::RecordBatch> {
    block_on(async {
        let input = tempfile::tempdir().expect("tempdir");
        esr(input.path());
        let queries = shipped_query_folders(&["staging", "trends"]);
        let example = queries.path().join("workforce/headcount_by_band.sql");
        std::fs::create_dir_all(example.parent().expect("folder")).expect("folder");
        std::fs::write(&example, readme_example_query()).expect("write example");
        let output = tempfile::tempdir().expect("tempdir");
        let mut cfg = fixture_config(input.path(), output.path(), queries.path(), 1);
        cfg.file.runtime.memory_limit = memory_limit.map(String::from);
        let manifest = run_quiet(&cfg).await;
        // The manifest records the run tables the queries read: the default reporting date is
        // the latest snapshot of any organisation (30/11/2026, RDD's), and the oldest usable
        // snapshot is 45 days earlier, 16/10/2026 (so RAA's 31/10 counts, RBB's 30/09 does not).
        let p = &manifest
            .run_tables
            .as_ref()
            .expect("run tables recorded")
            .run_parameters;
        assert_eq!(p.reporting_date, chrono::NaiveDate::from_ymd_opt(2026, 11, 30));
        assert_eq!(
            p.oldest_usable_snapshot_date,
            chrono::NaiveDate::from_ymd_opt(2026, 10, 16)
        );
        read_tables(&cfg.output, &manifest, "restricted").await
    })
}

#[test]
fn each_organisation_counts_from_its_latest_recent_snapshot() {
    let t = run();
    let s = &t["organisation_snapshots"];
    assert_eq!(s.num_rows(), 3);
    let check = |org: &str, snapshot: &str, days: f64, current: &str| {
        let i = row(s, &[("org_code", org)]);
        assert_eq!(text(s, "reporting_date", i), "2026-11-30", "{org}");
        assert_eq!(text(s, "snapshot_date", i), snapshot, "{org}");
        assert_eq!(num(s, "days_before_reporting_date", i), Some(days), "{org}");
        assert_eq!(text(s, "is_current", i), current, "{org}");
        text(s, "snapshot_note", i)
    };
    assert_eq!(check("RDD", "2026-11-30", 0.0, "true"), "");
    assert_eq!(check("RAA", "2026-10-31", 30.0, "true"), "");
    let note = check("RBB", "2026-09-30", 61.0, "false");
    assert!(note.starts_with("not computed: no recent snapshot"), "{note}");

    // The README example over staff_in_post: RDD 1 (D1; D2 is Bank), RAA 3 (A1 once, A2, A3),
    // RBB absent (not computed). The old rule gave RDD 1 and no RAA row.
    let h = &t["headcount_by_band"];
    assert_eq!(h.num_rows(), 2);
    assert_eq!(num(h, "headcount", row(h, &[("org_code", "RDD")])), Some(1.0));
    assert_eq!(num(h, "headcount", row(h, &[("org_code", "RAA")])), Some(3.0));
}

#[test]
fn a_person_whose_assignments_disagree_takes_one_ethnicity() {
    // Without a memory pool the person's record is joined to their rows; within one it is the
    // first row of their sorted rows (src/session/first_rows.rs): the same numbers either way.
    for memory_limit in [None, Some("256m")] {
        a_person_takes_one_ethnicity(&run_with(memory_limit));
    }
}

fn a_person_takes_one_ethnicity(t: &std::collections::BTreeMap<String, arrow::array::RecordBatch>) {
    // RAA, Band 5 clinical, 31/10/2026: A1 (BME by the record with the latest start date), A2
    // (Unknown), A3 (White). bme_of_known = 1 / (1 + 1) = 0.5; bme_of_all = 1 / 3 = 0.3333.
    // Per assignment, A1 would be both BME and White: 1 / 3 of known, shares adding to 1.
    let w = &t["workforce_diversity_trend"];
    let share = |measure: &str| {
        let i = row(
            w,
            &[
                ("snapshot_date", "2026-10-31"),
                ("org_code", "RAA"),
                ("pay_band", "Band 5"),
                ("staff_category", "Clinical"),
                ("measure", measure),
            ],
        );
        (
            num(w, "numerator", i),
            num(w, "denominator", i),
            num(w, "share", i),
        )
    };
    assert_eq!(share("bme_of_known"), (Some(1.0), Some(2.0), Some(0.5)));
    assert_eq!(share("bme_of_all"), (Some(1.0), Some(3.0), Some(0.3333)));
    assert_eq!(
        num(
            w,
            "headcount",
            row(
                w,
                &[
                    ("snapshot_date", "2026-10-31"),
                    ("org_code", "RAA"),
                    ("pay_band", "Band 5"),
                    ("staff_category", "Clinical"),
                    ("measure", "female")
                ]
            )
        ),
        Some(3.0)
    );
}
