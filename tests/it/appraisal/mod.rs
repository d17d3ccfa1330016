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

mod comparisons;
mod coverage;
mod dashboard;
mod inputs;
mod national;

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
