//! Appraisal and talent-conversation coverage (issue 17 part 1): the appraisal extract joined to
//! ESR through the person pseudonym, coverage by organisation, region, pay band, staff group,
//! ethnicity, disability and sex, the relative likelihoods with the WRES adverse rule, the
//! rating distribution, the national twins, the extract absent, and quarantined rows, on a
//! hand-built fixture whose every figure is worked out by hand below. Definitions:
//! `docs/metrics-appraisal.md` and the headers of `queries/appraisal/*.sql` and
//! `queries/intermediate/appraisal_coverage_staff.sql`.
//!
//! # The fixture (reporting date D = latest ESR snapshot = 31/10/2026)
//!
//! The 12-month window is (31/10/2025, 31/10/2026] (run_parameters.reporting_year_start is
//! exclusive). Staleness limit 45 days: the oldest usable snapshot is 16/09/2026.
//!
//! ESR (one substantive assignment each unless said; W = `A White - British`, B = `N Black or
//! Black British - African`, U = `Z Not Stated`):
//!
//! | person | org (region, snapshot) | band, staff group | ethnicity | sex | disability |
//! |---|---|---|---|---|---|
//! | P1 | RAA (Y56, 31/10/2026) | Band 5 nursing | W | Female | No |
//! | P2 | RAA | Band 5 nursing | W | Male | No |
//! | P3 | RAA | Band 6 nursing | W | Female | Yes |
//! | P4 | RAA | Band 5 nursing | B | Female | No |
//! | P5 | RAA | Band 6 admin | B | Male | No |
//! | P6 | RAA | Band 5 nursing | B | Female | Yes |
//! | P7 | RAA | Band 5 admin | W | Male | Not Declared (Unknown) |
//! | P8 | RAA | Band 6 nursing | U | Non-binary (Other) | No |
//! | P9 | RAA | Band 5 nursing **and** Band 6 nursing (two assignments) | W | Female | No |
//! | P10 | RAA | Band 6 admin | B | Male | No |
//! | B1 | RAA | Band 5 nursing, **Bank** (not staff in post) | W | Female | No |
//! | Q1 | RBB (Y56, 30/09/2026: a month late, current) | Band 7 AHP | W | Female | No |
//! | Q2 | RBB | Band 7 AHP | B | Male | No |
//! | S1 | RCC (Y56, 31/08/2026: 61 days old, **not current**) | Band 5 nursing | W | Female | No |
//! | E1 | RDD (Y58, 31/10/2026) | Band 8a admin | W | Male | No |
//! | E2 | RDD | Band 8a admin | B | Female | Yes |
//! | E3 | RDD | Band 4 admin | B | Female | No |
//!
//! Appraisals (`y56.csv`, line: organisation, person, date, type, talent conversation, rating,
//! career aspiration), and what each does:
//!
//! | line | row | effect |
//! |---|---|---|
//! | 2 | RAA P1 2026-03-15 Annual Y Good Y | P1 appraised, annual, talent conversation, aspiration; rating Good |
//! | 3 | RAA P1 2025-03-10 Annual N Good N | before the window |
//! | 4 | RAA P2 2025-10-31 Annual Y Outstanding Y | on the window's exclusive start: outside, P2 not appraised |
//! | 5 | RAA P3 2026-10-31 Annual N Outstanding N | on D: inside; P3 rating Outstanding |
//! | 6 | RAA P3 2025-04-01 Annual N Requires improvement N | before the window |
//! | 7 | RAA P4 2026-05-01 Interim Y (no rating) N | P4 appraised (interim only), talent conversation; No rating given |
//! | 8 | RAA P4 2025-02-01 Annual N Good N | before the window |
//! | 9 | RAA P5 2024-12-01 Annual Y Good Y | before the window: P5 not appraised |
//! | 10 | RAA P6 2025-12-01 Annual N Requires improvement N | P6 appraised, annual |
//! | 11 | RAA P6 2026-06-01 Interim Y Good Y | P6 talent conversation, aspiration; latest rating Good |
//! | 12 | RAA P7 2026-11-15 Annual Y Good Y | after D: P7 not appraised |
//! | 13 | RAA P8 2026-01-10 Annual N Not rated N | P8 appraised; rating Not rated |
//! | 14 | RAA P9 2026-02-01 Annual N Good N | P9 appraised; rating Good |
//! | 15 | RAA P9 2025-01-15 Annual N Good N | before the window |
//! | 16 | **RBB** P10 2026-01-20 Annual N Good N | recorded by another organisation: joined by person, P10 appraised at RAA |
//! | 17 | RAA B1 2026-04-01 Annual Y Outstanding Y | Bank: not staff in post, ignored |
//! | 18 | RAA 99999999 2026-04-01 Annual Y Good Y | not in ESR: ignored |
//! | 19 | RBB Q1 2026-10-15 Annual Y Outstanding Y | after RBB's snapshot, on or before D: inside |
//! | 20 | RCC S1 2026-06-01 Annual Y Good Y | RCC not computed |
//! | 21 | RAA P5 2026-03-01 Annual Y `Exceeds expectations` Y | **quarantined** (Rating): P5 stays not appraised |
//! | 22 | RAA P1 2026-03-15 Annual N Good N | **quarantined**: duplicate event of line 2 |
//!
//! 2 of 21 rows quarantined (9.5%, under the 10% limit). `y58.csv`: RDD E1 2026-07-01 Annual Y
//! Good Y, E2 2026-07-02 Annual Y Good N, E3 2026-07-03 Annual N Good N.
//!
//! Per person, in the window: appraised P1 P3 P4 P6 P8 P9 P10 | Q1 | E1 E2 E3; annual: the same
//! but P4; talent conversation P1 P4 P6 | Q1 | E1 E2; career aspiration P1 P6 | Q1 | E1; latest
//! rating P1 Good, P3 Outstanding, P4 No rating given, P6 Good (the interim of 2026-06-01, not
//! the annual's Requires improvement), P8 Not rated, P9 Good, P10 Good | Q1 Outstanding | E1-E3
//! Good.
//!
//! RAA (10 staff in post): appraised 7, annual 6, talent conversation 3, aspiration 2.
//! RBB (2): 1, 1, 1, 1. Y56 region = RAA + RBB (RCC left out): 12, 8, 7, 4, 3.
//! Y58 = RDD (3): 3, 3, 2, 1. National = Y56 + Y58: 15, 11, 10, 6, 4.

use std::path::Path;
use std::sync::OnceLock;

use arrow::array::{Array, AsArray};
use talentpipe::ops::aggregate::{AggregateOptions, aggregate};
use talentpipe::publish::Manifest;
use talentpipe::report::{self, data::CellState, page::Section};
use talentpipe::storage::Location;

use crate::ingest::{ESR_HEADER, esr_row, read_parquet_dir, write};
use crate::pipeline_metrics::{Tables, cell, cell_text, table};
use crate::support::{
    BASE_LAYERS, approx, block_on, fixture_config, read_tables, run_quiet, shipped_queries,
    shipped_query_folders,
};

const COVERAGE: &str = "appraisal_coverage";
const RATINGS: &str = "appraisal_rating_distribution";
const LIKELIHOODS: &str = "appraisal_relative_likelihoods";
const TABLES: [&str; 3] = [COVERAGE, RATINGS, LIKELIHOODS];

const APPRAISAL_HEADER: &str = "Organisation Code,Employee Number,Appraisal Date,Appraisal Type,\
                                Talent Conversation Held,Rating,Career Aspiration Recorded";

const WHITE: &str = "A White - British";
const BME: &str = "N Black or Black British - African";
const UNKNOWN: &str = "Z Not Stated";
const NURSING: &str = "Nursing and Midwifery Registered";
const ADMIN: &str = "Administrative and Clerical";
const AHP: &str = "Allied Health Professionals";

/// One ESR assignment: employee, assignment suffix, organisation, region, snapshot, pay band,
/// staff group, ethnic origin, gender, disability, assignment category.
type Assignment = [&'static str; 11];

#[rustfmt::skip]
const ESR: [Assignment; 18] = [
    ["10000001", "1", "RAA", "Y56", "31/10/2026", "Band 5", NURSING, WHITE, "Female", "No", "Permanent"],
    ["10000002", "1", "RAA", "Y56", "31/10/2026", "Band 5", NURSING, WHITE, "Male", "No", "Permanent"],
    ["10000003", "1", "RAA", "Y56", "31/10/2026", "Band 6", NURSING, WHITE, "Female", "Yes", "Permanent"],
    ["10000004", "1", "RAA", "Y56", "31/10/2026", "Band 5", NURSING, BME, "Female", "No", "Permanent"],
    ["10000005", "1", "RAA", "Y56", "31/10/2026", "Band 6", ADMIN, BME, "Male", "No", "Permanent"],
    ["10000006", "1", "RAA", "Y56", "31/10/2026", "Band 5", NURSING, BME, "Female", "Yes", "Fixed Term Temp"],
    ["10000007", "1", "RAA", "Y56", "31/10/2026", "Band 5", ADMIN, WHITE, "Male", "Not Declared", "Permanent"],
    ["10000008", "1", "RAA", "Y56", "31/10/2026", "Band 6", NURSING, UNKNOWN, "Non-binary", "No", "Permanent"],
    ["10000009", "1", "RAA", "Y56", "31/10/2026", "Band 5", NURSING, WHITE, "Female", "No", "Permanent"],
    ["10000009", "2", "RAA", "Y56", "31/10/2026", "Band 6", NURSING, WHITE, "Female", "No", "Permanent"],
    ["10000010", "1", "RAA", "Y56", "31/10/2026", "Band 6", ADMIN, BME, "Male", "No", "Permanent"],
    ["10000011", "1", "RAA", "Y56", "31/10/2026", "Band 5", NURSING, WHITE, "Female", "No", "Bank"],
    ["20000001", "1", "RBB", "Y56", "30/09/2026", "Band 7", AHP, WHITE, "Female", "No", "Permanent"],
    ["20000002", "1", "RBB", "Y56", "30/09/2026", "Band 7", AHP, BME, "Male", "No", "Permanent"],
    ["30000001", "1", "RCC", "Y56", "31/08/2026", "Band 5", NURSING, WHITE, "Female", "No", "Permanent"],
    ["40000001", "1", "RDD", "Y58", "31/10/2026", "Band 8a", ADMIN, WHITE, "Male", "No", "Permanent"],
    ["40000002", "1", "RDD", "Y58", "31/10/2026", "Band 8a", ADMIN, BME, "Female", "Yes", "Permanent"],
    ["40000003", "1", "RDD", "Y58", "31/10/2026", "Band 4", ADMIN, BME, "Female", "No", "Permanent"],
];

/// `y56.csv`: the rows of the table in the module header, from line 2.
const Y56_APPRAISALS: &str = "\
RAA,10000001,2026-03-15,Annual,Y,Good,Y
RAA,10000001,2025-03-10,Annual,N,Good,N
RAA,10000002,2025-10-31,Annual,Y,Outstanding,Y
RAA,10000003,2026-10-31,Annual,N,Outstanding,N
RAA,10000003,2025-04-01,Annual,N,Requires improvement,N
RAA,10000004,2026-05-01,Interim,Y,,N
RAA,10000004,2025-02-01,Annual,N,Good,N
RAA,10000005,2024-12-01,Annual,Y,Good,Y
RAA,10000006,2025-12-01,Annual,N,Requires improvement,N
RAA,10000006,2026-06-01,Interim,Y,Good,Y
RAA,10000007,2026-11-15,Annual,Y,Good,Y
RAA,10000008,2026-01-10,Annual,N,Not rated,N
RAA,10000009,2026-02-01,Annual,N,Good,N
RAA,10000009,2025-01-15,Annual,N,Good,N
RBB,10000010,2026-01-20,Annual,N,Good,N
RAA,10000011,2026-04-01,Annual,Y,Outstanding,Y
RAA,99999999,2026-04-01,Annual,Y,Good,Y
RBB,20000001,2026-10-15,Annual,Y,Outstanding,Y
RCC,30000001,2026-06-01,Annual,Y,Good,Y
RAA,10000005,2026-03-01,Annual,Y,Exceeds expectations,Y
RAA,10000001,2026-03-15,Annual,N,Good,N
";

const Y58_APPRAISALS: &str = "\
RDD,40000001,2026-07-01,Annual,Y,Good,Y
RDD,40000002,2026-07-02,Annual,Y,Good,N
RDD,40000003,2026-07-03,Annual,N,Good,N
";

/// The ESR columns of an [`Assignment`] after the employee number and assignment suffix.
const ESR_COLUMNS: [&str; 9] = [
    "Organisation Code",
    "Region Code",
    "Snapshot Date",
    "Pay Band",
    "Staff Group",
    "Ethnic Origin",
    "Gender",
    "Disability",
    "Assignment Category",
];

fn esr_csv() -> String {
    let rows: Vec<String> = ESR
        .iter()
        .map(|a| {
            let assignment = format!("{}-{}", a[0], a[1]);
            let mut overrides = vec![("Assignment Number", assignment.as_str())];
            overrides.extend(ESR_COLUMNS.iter().copied().zip(a[2..].iter().copied()));
            esr_row(a[0], &overrides)
        })
        .collect();
    format!("{ESR_HEADER}\n{}\n", rows.join("\n"))
}

/// How the appraisal extract is supplied in a run of the fixture.
#[derive(Clone, Copy)]
enum Appraisals {
    Rows,
    HeaderOnly,
    Absent,
}

/// Writes the fixture's input root: ESR, and the appraisal extract as `appraisals` says.
fn write_input(root: &Path, appraisals: Appraisals) {
    write(root, "esr_workforce", "esr.csv", esr_csv());
    match appraisals {
        Appraisals::Rows => {
            write(
                root,
                "appraisal",
                "y56.csv",
                format!("{APPRAISAL_HEADER}\n{Y56_APPRAISALS}"),
            );
            write(
                root,
                "appraisal",
                "y58.csv",
                format!("{APPRAISAL_HEADER}\n{Y58_APPRAISALS}"),
            );
        }
        Appraisals::HeaderOnly => write(root, "appraisal", "y56.csv", format!("{APPRAISAL_HEADER}\n")),
        Appraisals::Absent => {}
    }
}

/// A quarantined row: source file, line, column, reason, raw row.
type Quarantined = (String, u64, String, String, String);

struct Run {
    regional: Tables,
    published: Tables,
    national: Tables,
    quarantine: Vec<Quarantined>,
}

/// Runs the fixture with the shipped staging and intermediate layers and the appraisal tables
/// (and `extra` query folders); returns the manifest, the restricted and published tables.
fn run_regional(appraisals: Appraisals, extra: &[&str]) -> (Manifest, Tables, Tables, tempfile::TempDir) {
    let input = tempfile::tempdir().expect("tempdir");
    write_input(input.path(), appraisals);
    let mut folders = vec![BASE_LAYERS[0], BASE_LAYERS[1], "appraisal"];
    folders.extend_from_slice(extra);
    let queries = shipped_query_folders(&folders);
    let output = tempfile::tempdir().expect("tempdir");
    let cfg = fixture_config(input.path(), output.path(), queries.path(), 5);
    block_on(async {
        let manifest = run_quiet(&cfg).await;
        let regional = read_tables(&cfg.output, &manifest, "restricted").await;
        let published = read_tables(&cfg.output, &manifest, "published").await;
        (manifest, regional, published, output)
    })
}

/// The fixture run once (regional run, its quarantine, then the national aggregation of its
/// output with the three appraisal twins only), shared by the tests.
fn run() -> &'static Run {
    static RUN: OnceLock<Run> = OnceLock::new();
    RUN.get_or_init(|| {
        let (manifest, regional, published, output) = run_regional(Appraisals::Rows, &[]);
        for name in TABLES {
            assert_eq!(query_status(&manifest, name).0, "ok", "{name}");
        }
        let quarantine = quarantined(&output.path().join("staged/quarantine"));
        let national = national(output.path());
        Run {
            regional,
            published,
            national,
            quarantine,
        }
    })
}

/// The national tables aggregated from the committed regional output in `regional`, with the
/// three appraisal twins as the only national queries (each must compute).
fn national(regional: &Path) -> Tables {
    let queries = tempfile::tempdir().expect("tempdir");
    let twins = queries.path().join("national");
    std::fs::create_dir_all(&twins).expect("national folder");
    for file in TABLES.map(|name| format!("{name}.sql")) {
        let shipped = shipped_queries().join("national").join(&file);
        std::fs::copy(shipped, twins.join(&file)).expect("copy national twin");
    }
    let national_out = tempfile::tempdir().expect("tempdir");
    let (source, target) = (Location::local(regional), Location::local(national_out.path()));
    let (source, target) = (
        source.expect("regional location"),
        target.expect("national location"),
    );
    // One region's output, every region it holds expected; suppression as by default.
    let options = AggregateOptions {
        expected_regions: Vec::new(),
        allow_missing: false,
        publish: Default::default(),
        session: Default::default(),
    };
    block_on(async {
        let outcome = aggregate(&[source], &target, queries.path(), &options).await;
        let manifest = outcome
            .unwrap_or_else(|e| panic!("aggregation failed: {e}"))
            .manifest;
        let not_ok: Vec<_> = manifest.queries.iter().filter(|q| q.status != "ok").collect();
        assert!(not_ok.is_empty(), "national queries not computed: {not_ok:?}");
        read_tables(&target, &manifest, "restricted").await
    })
}

/// Every quarantined row of the appraisal kind.
fn quarantined(dir: &Path) -> Vec<Quarantined> {
    let mut rows = Vec::new();
    for b in read_parquet_dir(dir) {
        let s = |name: &str| {
            b.column_by_name(name)
                .expect("quarantine column")
                .as_string::<i32>()
                .clone()
        };
        let (kind, file, column, reason, raw) = (
            s("kind"),
            s("source_file"),
            s("column_name"),
            s("reason"),
            s("raw_row"),
        );
        let line = b
            .column_by_name("line")
            .expect("line")
            .as_primitive::<arrow::datatypes::UInt64Type>()
            .clone();
        for i in (0..b.num_rows()).filter(|&i| kind.value(i) == "appraisal") {
            let column = if column.is_null(i) { "" } else { column.value(i) };
            rows.push((
                file.value(i).to_string(),
                line.value(i),
                column.to_string(),
                reason.value(i).to_string(),
                raw.value(i).to_string(),
            ));
        }
    }
    rows.sort_by_key(|r| r.1);
    rows
}

/// Row filters: each of `columns` equal to the value at the same place in `values`.
fn filters<'a>(columns: &[&'a str], values: &[&'a str]) -> Vec<(&'a str, &'a str)> {
    columns.iter().copied().zip(values.iter().copied()).collect()
}

/// A query's status and message in a run's manifest.
fn query_status(manifest: &Manifest, name: &str) -> (String, String) {
    let q = manifest.queries.iter().find(|q| q.name == name);
    let q = q.unwrap_or_else(|| panic!("query {name} not in the manifest"));
    (
        q.status.as_str().to_string(),
        q.message.clone().unwrap_or_default(),
    )
}

/// A cell of `appraisal_coverage` ("" org = the region total).
fn coverage(region: &str, org: &str, dimension: &str, value: &str, column: &str) -> Option<f64> {
    let keys = ["region_code", "org_code", "dimension", "dimension_value"];
    let f = filters(&keys, &[region, org, dimension, value]);
    cell(&run().regional, COVERAGE, &f, column)
}

/// A cell of `appraisal_relative_likelihoods`.
fn likelihood(measure: &str, characteristic: &str, region: &str, org: &str, column: &str) -> String {
    let keys = ["measure", "characteristic", "region_code", "org_code"];
    let f = filters(&keys, &[measure, characteristic, region, org]);
    cell_text(&run().regional, LIKELIHOODS, &f, column)
}

/// A cell of `appraisal_rating_distribution`.
fn rating(region: &str, org: &str, dimension: &str, value: &str, rating: &str, column: &str) -> Option<f64> {
    let keys = [
        "region_code",
        "org_code",
        "dimension",
        "dimension_value",
        "rating",
    ];
    let f = filters(&keys, &[region, org, dimension, value, rating]);
    cell(&run().regional, RATINGS, &f, column)
}

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

/// The dashboard's appraisal section of the run committed in `output`.
fn appraisal_section(output: &tempfile::TempDir) -> Section {
    let location = Location::local(output.path()).expect("output location");
    let (manifest, tables) = block_on(report::load(&location, None)).expect("load the committed run");
    let page = report::build_page(&manifest, &tables);
    page.sections
        .into_iter()
        .find(|s| s.id == "appraisal")
        .expect("an appraisal section")
}

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
