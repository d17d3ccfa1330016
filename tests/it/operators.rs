//! For the people who schedule and run talentpipe (issue 16): a run knows its region, one
//! configuration serves every region and works from any working directory, the binary carries
//! its queries, a run over several regions is labelled region by region in the report, and
//! `--log-format json` gives one line per query.
//!
//! The binary is run on data from the synthetic generator (small: 60 staff, 2 months, so each run
//! takes about a second), split per region by file name as a scheduler's input roots would be.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;

use arrow::array::{ArrayRef, Float64Array, Int64Array, RecordBatch, StringArray};
use arrow::datatypes::{Field, Schema};
use talentpipe::publish::{Manifest, QueryRecord};
use talentpipe::report::page::Chart;
use talentpipe::report::{Table, Tables, build_page};
use talentpipe_synth::{GenerateOptions, generate};

use crate::support::shipped_queries;

/// The binary with no configuration, region or log filter inherited from the environment.
fn binary(cwd: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_talentpipe"));
    c.current_dir(cwd)
        .env_remove("TALENTPIPE_CONFIG")
        .env_remove("TALENTPIPE_REGION")
        .env_remove("TALENTPIPE_LOG")
        .env("TALENTPIPE_PSEUDONYM_KEY", "operators-test-key");
    c
}

#[track_caller]
fn assert_exit(o: &Output, code: i32) {
    assert_eq!(
        o.status.code(),
        Some(code),
        "stdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Generates `regions` into one input root, then copies each region's files (the generator names
/// them `<region code>...csv`) into `<root>/<code>/<kind>/`: one input root per region.
fn regional_inputs(root: &Path, regions: &[&str], kinds: Option<&[&str]>) -> Vec<PathBuf> {
    let all = root.join("generated");
    let opts = GenerateOptions {
        seed: 16,
        regions: regions.iter().map(|r| r.to_string()).collect(),
        people: 60,
        months: 2,
        kinds: kinds.map(|k| k.iter().map(|s| s.to_string()).collect()),
        ..Default::default()
    };
    generate(&opts, &all).expect("generate");
    regions
        .iter()
        .map(|code| {
            let input = root.join(code);
            for kind in std::fs::read_dir(&all).expect("generated kinds") {
                let kind = kind.expect("kind folder").path();
                for file in std::fs::read_dir(&kind).expect("kind files") {
                    let file = file.expect("file").path();
                    let name = file.file_name().expect("name").to_string_lossy().into_owned();
                    if name.starts_with(code) {
                        let target = input.join(kind.file_name().expect("kind name"));
                        std::fs::create_dir_all(&target).expect("create kind folder");
                        std::fs::copy(&file, target.join(&name)).expect("copy extract");
                    }
                }
            }
            input
        })
        .collect()
}

/// Copies the shipped query files under `layers` (folders of `queries/`) and the given national
/// twins into `to`.
fn copy_queries(to: &Path, layers: &[&str], national: &[&str]) {
    let from = shipped_queries();
    for layer in layers {
        std::fs::create_dir_all(to.join(layer)).expect("create layer");
        for f in std::fs::read_dir(from.join(layer)).expect("layer") {
            let f = f.expect("file").path();
            std::fs::copy(&f, to.join(layer).join(f.file_name().expect("name"))).expect("copy query");
        }
    }
    std::fs::create_dir_all(to.join("national")).expect("create national");
    for twin in national {
        let name = format!("{twin}.sql");
        std::fs::copy(from.join("national").join(&name), to.join("national").join(&name)).expect("copy twin");
    }
}

fn latest_manifest(output: &Path) -> Manifest {
    let id = std::fs::read_to_string(output.join("LATEST")).expect("LATEST");
    let bytes = std::fs::read(output.join("runs").join(id.trim()).join("manifest.json")).expect("manifest");
    serde_json::from_slice(&bytes).expect("manifest parses")
}

/// The scheduler's case: one configuration file without a region, run once per region from a
/// working directory of its own, then the three regional outputs aggregated. Before, every run
/// took the configuration's region, so the aggregation refused the second source ("claims region
/// ... already supplied").
#[test]
fn one_configuration_runs_every_region_and_the_regions_aggregate() {
    let dir = tempfile::tempdir().unwrap();
    let regions = ["Y56", "Y58", "Y61"];
    regional_inputs(&dir.path().join("in"), &regions, None);
    // The configuration lives in conf/; its relative `queries` is relative to conf/, whatever the
    // working directory.
    let conf = dir.path().join("conf");
    copy_queries(
        &conf.join("sql"),
        &["staging", "vacancy"],
        &[
            "vacancy_rate",
            "hard_to_fill_vacancies",
            "executive_posts",
            "time_to_fill",
            "time_to_fill_distribution",
        ],
    );
    std::fs::write(
        conf.join("scheduler.toml"),
        "queries = 'sql'\n[aggregate]\nexpected_regions = ['Y56', 'Y58', 'Y61']\n",
    )
    .unwrap();
    let work = dir.path().join("work");
    std::fs::create_dir_all(&work).unwrap();
    for code in regions {
        // Command-line paths are relative to the working directory.
        let o = binary(&work)
            .args(["-q", "--config", "../conf/scheduler.toml"])
            .args([
                "--input",
                &format!("../in/{code}"),
                "--output",
                &format!("out/{code}"),
                "run",
            ])
            .output()
            .unwrap();
        assert_exit(&o, 0);
        // No region configured: the one region code of the ESR rows.
        assert_eq!(latest_manifest(&work.join("out").join(code)).region, code);
    }
    let o = binary(&work)
        .args([
            "--log-format",
            "json",
            "--config",
            "../conf/scheduler.toml",
            "--output",
            "national",
            "aggregate",
        ])
        .args(["--from", "out/Y56", "--from", "out/Y58", "--from", "out/Y61"])
        .output()
        .unwrap();
    assert_exit(&o, 0);
    let national = latest_manifest(&work.join("national"));
    let sources: Vec<&str> = national.sources.iter().map(|s| s.region.as_str()).collect();
    assert_eq!(sources, regions);
    assert!(national.missing_regions.is_empty());
    assert!(
        national.tables.iter().any(|t| t.name == "vacancy_rate"),
        "{:?}",
        national.tables
    );
    // aggregate reports its national queries as run does (one JSON line each).
    let lines = String::from_utf8_lossy(&o.stderr)
        .lines()
        .filter_map(query_line)
        .count();
    assert_eq!(lines, national.queries.len() + national.tests.len());
    assert_eq!(national.queries.len(), 5);

    // The same configuration told the wrong region for an input root (TALENTPIPE_REGION=Y58 over
    // Y56's extracts): refused with exit 2, naming the code found and the one configured, and
    // the region's previous run stays the latest.
    let before = latest_manifest(&work.join("out/Y56")).run_id;
    let o = binary(&work)
        .env("TALENTPIPE_REGION", "Y58")
        .args([
            "-q",
            "--config",
            "../conf/scheduler.toml",
            "--input",
            "../in/Y56",
            "--output",
            "out/Y56",
            "run",
        ])
        .output()
        .unwrap();
    assert_exit(&o, 2);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("region 'Y58' contradicts the data") && stderr.contains("region code(s) Y56"),
        "{stderr}"
    );
    assert_eq!(latest_manifest(&work.join("out/Y56")).run_id, before);
}

/// Counts the shipped `.sql` files (data tests included) of the regional folders, or of
/// `national/` only.
fn shipped_count(national: bool) -> usize {
    fn walk(dir: &Path, out: &mut usize) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "sql") {
                *out += 1;
            }
        }
    }
    let mut all = 0;
    walk(&shipped_queries(), &mut all);
    let mut nat = 0;
    walk(&shipped_queries().join("national"), &mut nat);
    if national { nat } else { all - nat }
}

/// `--config /dev/null` (or any configuration without `queries`, run where there is no
/// `queries/` folder) used to look for `/dev/queries` and stop; the queries shipped inside the
/// binary are used instead. A folder that was set and is missing is still an error.
#[test]
fn without_a_queries_folder_the_binary_uses_the_queries_it_ships() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    for (national, args) in [(false, vec!["check"]), (true, vec!["check", "--national"])] {
        let o = binary(&empty)
            .args(["--config", "/dev/null"])
            .args(&args)
            .output()
            .unwrap();
        assert_exit(&o, 0);
        let stdout = String::from_utf8_lossy(&o.stdout);
        let expected = format!(
            "{} queries in the queries shipped with talentpipe {} plan cleanly",
            shipped_count(national),
            env!("CARGO_PKG_VERSION")
        );
        assert!(stdout.contains(&expected), "{stdout}\nexpected: {expected}");
    }
    // A run with the shipped queries publishes under the usual `queries/...` names.
    let inputs = regional_inputs(&dir.path().join("in"), &["Y60"], None);
    let o = binary(&empty)
        .args(["-q", "--config", "/dev/null", "--output", "out", "--input"])
        .arg(&inputs[0])
        .args(["run", "--select", "+vacancy_rate"])
        .output()
        .unwrap();
    assert_exit(&o, 0);
    let m = latest_manifest(&empty.join("out"));
    assert_eq!(m.region, "Y60");
    let q = m
        .queries
        .iter()
        .find(|q| q.name == "vacancy_rate")
        .expect("vacancy_rate ran");
    assert_eq!(q.file, "queries/vacancy/vacancy_rate.sql");
    assert!(q.published && q.rows > 0, "{q:?}");

    // Set but missing, by flag (relative to the working directory) or by file (relative to
    // the file): exit 2 naming the folder and the setting, never a silent fallback.
    let o = binary(&empty)
        .args(["--config", "/dev/null", "check", "--queries", "nope"])
        .output()
        .unwrap();
    assert_exit(&o, 2);
    let stderr = String::from_utf8_lossy(&o.stderr);
    let missing = empty.join("nope");
    assert!(
        stderr.contains(&missing.display().to_string()) && stderr.contains("set by --queries"),
        "{stderr}"
    );
    let conf = dir.path().join("conf");
    std::fs::create_dir_all(&conf).unwrap();
    std::fs::write(conf.join("t.toml"), "queries = 'sql'\n").unwrap();
    let o = binary(&empty)
        .args(["--config"])
        .arg(conf.join("t.toml"))
        .arg("check")
        .output()
        .unwrap();
    assert_exit(&o, 2);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains(&conf.join("sql").display().to_string()) && stderr.contains("`queries` in"),
        "{stderr}"
    );
}

/// The JSON value of `line` if it is a progress line of one query.
fn query_line(line: &str) -> Option<serde_json::Value> {
    let v: serde_json::Value = serde_json::from_str(line).ok()?;
    (v["target"] == "talentpipe::progress" && v["fields"]["message"] == "query").then(|| v["fields"].clone())
}

/// `--log-format json`: one line per query and data test as each finishes, with its name,
/// status, rows and elapsed time, matching what the manifest records.
#[test]
fn json_logs_have_one_line_per_query_with_its_status_rows_and_time() {
    let dir = tempfile::tempdir().unwrap();
    // No board extract: executive_posts (and what reads the board) is not computed.
    let inputs = regional_inputs(
        &dir.path().join("in"),
        &["Y56"],
        Some(&["esr_workforce", "vacancies"]),
    );
    let q = dir.path().join("q");
    copy_queries(&q, &["staging", "vacancy"], &[]);
    // A data test of severity warn that fails (every region row has a rate): reported "warned"
    // with its failing rows, and the run goes on.
    std::fs::write(
        q.join("vacancy/vacancy_rate_seen.test.sql"),
        "-- title: every vacancy rate row is listed (fails on purpose)\n-- severity: warn\n\
         SELECT region_code FROM vacancy_rate WHERE org_code IS NULL AND dimension = 'all'\n",
    )
    .unwrap();
    let run = |extra: &[&str]| {
        binary(dir.path())
            .args(extra)
            .args(["--log-format", "json", "--output", "out", "--input"])
            .arg(&inputs[0])
            .args(["run", "--queries"])
            .arg(&q)
            .output()
            .unwrap()
    };
    let o = run(&[]);
    assert_exit(&o, 0);
    let stderr = String::from_utf8_lossy(&o.stderr);
    let lines: Vec<serde_json::Value> = stderr.lines().filter_map(query_line).collect();
    let m = latest_manifest(&dir.path().join("out"));
    assert_eq!(lines.len(), m.queries.len() + m.tests.len(), "{stderr}");
    // `done` counts 1..=total in the order lines are written.
    for (i, l) in lines.iter().enumerate() {
        assert_eq!(l["done"], i + 1);
        assert_eq!(l["total"], lines.len());
    }
    let line_of = |name: &str| {
        let found: Vec<&serde_json::Value> = lines.iter().filter(|l| l["name"] == name).collect();
        assert_eq!(found.len(), 1, "one line for {name}: {found:?}");
        found[0].clone()
    };
    for r in &m.queries {
        let l = line_of(&r.name);
        assert_eq!(l["status"], r.status.as_str(), "{}", r.name);
        assert_eq!(l["rows"], r.rows, "{}", r.name);
        assert_eq!(l["elapsed_ms"], r.elapsed_ms, "{}", r.name);
        // The folder's own name, as the run shows files: q/<layer>/<name>.sql.
        assert_eq!(l["file"], format!("q/{}", r.path), "{}", r.name);
    }
    let statuses: Vec<&str> = m.queries.iter().map(|r| r.status.as_str()).collect();
    assert!(
        statuses.contains(&"ok") && statuses.contains(&"not_computed"),
        "{statuses:?}"
    );
    assert!(m.queries.iter().any(|r| r.published && r.rows > 0));
    let test = m
        .tests
        .iter()
        .find(|t| t.name.starts_with("vacancy_rate_seen"))
        .expect("test ran");
    assert!(!test.passed && test.failing_rows > 0, "{test:?}");
    let l = line_of(&test.name);
    assert_eq!(l["status"], "warned");
    assert_eq!(l["rows"], test.failing_rows);
    assert!(l["elapsed_ms"].is_u64());

    // -q: errors only, so no progress lines.
    let o = run(&["-q"]);
    assert_exit(&o, 0);
    assert_eq!(
        String::from_utf8_lossy(&o.stderr)
            .lines()
            .filter_map(query_line)
            .count(),
        0
    );
}

fn strings(v: &[&str]) -> ArrayRef {
    Arc::new(StringArray::from(
        v.iter()
            .map(|s| (!s.is_empty()).then_some(*s))
            .collect::<Vec<_>>(),
    ))
}

/// A published `vacancy_rate` with the region rows (org_code empty) of `regions`: for each,
/// the all-staff row and one staff group. Region i has 40 / (i + 1) open vacancies overall.
fn vacancy_rate(regions: &[&str]) -> Table {
    let mut region = Vec::new();
    let mut dimension = Vec::new();
    let mut value = Vec::new();
    let (mut open, mut fte, mut sip, mut rate) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (i, code) in regions.iter().enumerate() {
        let n = 40 / (i as i64 + 1);
        // All staff: n open vacancies of 1 FTE each against 1000 FTE in post: n / 1040 etc.
        for (dim, val, open_n) in [("all", "All", n), ("staff_group", "Medical and Dental", 10)] {
            region.push(*code);
            dimension.push(dim);
            value.push(val);
            open.push(open_n);
            fte.push(open_n as f64);
            sip.push(1000.0);
            rate.push(open_n as f64 / (1000.0 + open_n as f64));
        }
    }
    let org: Vec<&str> = region.iter().map(|_| "").collect();
    let columns: Vec<(&str, ArrayRef)> = vec![
        ("region_code", strings(&region)),
        ("org_code", strings(&org)),
        ("dimension", strings(&dimension)),
        ("dimension_value", strings(&value)),
        ("open_vacancies", Arc::new(Int64Array::from(open))),
        ("vacancy_fte", Arc::new(Float64Array::from(fte))),
        ("staff_in_post_fte", Arc::new(Float64Array::from(sip))),
        ("vacancy_rate", Arc::new(Float64Array::from(rate))),
    ];
    let schema = Arc::new(Schema::new(
        columns
            .iter()
            .map(|(n, a)| Field::new(*n, a.data_type().clone(), true))
            .collect::<Vec<_>>(),
    ));
    let batch = RecordBatch::try_new(schema, columns.into_iter().map(|c| c.1).collect()).unwrap();
    Table::from_batches("vacancy_rate", &[batch]).unwrap()
}

/// The vacancy-rate figure by staff group of a run labelled `run_region` over `regions`:
/// (row labels with their open vacancies, reference line labels, caption).
fn staff_group_figure(run_region: &str, regions: &[&str]) -> (Vec<(String, String)>, Vec<String>, String) {
    let manifest = Manifest {
        region: run_region.into(),
        queries: vec![QueryRecord {
            name: "vacancy_rate".into(),
            file: "queries/vacancy/vacancy_rate.sql".into(),
            status: "ok".into(),
            published: true,
            ..Default::default()
        }],
        ..Default::default()
    };
    let mut tables = Tables::default();
    tables.insert(vacancy_rate(regions));
    let page = build_page(&manifest, &tables);
    let figure = page
        .sections
        .iter()
        .flat_map(|s| &s.figures)
        .find(|f| f.id.starts_with("vacancy-rate-staff-group"))
        .expect("the vacancy rate by staff group figure");
    let rows = figure
        .table
        .rows
        .iter()
        .map(|r| (r[0].text.clone(), r[1].text.clone()))
        .collect();
    let references = figure
        .panels
        .iter()
        .flat_map(|p| match &p.chart {
            Chart::Bars(b) => b.references.iter().map(|r| r.label.clone()).collect(),
            Chart::Lines(_) => Vec::new(),
        })
        .collect();
    (rows, references, figure.table.caption.clone())
}

/// A run over two regions (labelled `Y56-Y60`, as a run without a configured region over both
/// is): each region's all-staff total is shown under its own region's label. Before, only the
/// first region's total was shown, as "All staff", beside both regions' staff groups.
#[test]
fn a_run_over_two_regions_shows_each_regions_all_staff_total() {
    let (rows, references, caption) = staff_group_figure("Y56-Y60", &["Y56", "Y60"]);
    // Y56: 40 open vacancies of 1 FTE against 1000 FTE in post, 40/1040 = 3.8%;
    // Y60: 40/2 = 20, 20/1020 = 2.0%.
    let all: Vec<(String, String)> = rows
        .iter()
        .filter(|r| r.0.contains("All staff"))
        .cloned()
        .collect();
    assert_eq!(
        all,
        [
            ("Y56 · All staff".to_string(), "40".to_string()),
            ("Y60 · All staff".to_string(), "20".to_string())
        ]
    );
    assert!(rows.iter().any(|r| r.0 == "Y60 · Medical and Dental"), "{rows:?}");
    assert_eq!(references, ["Y56 all staff 3.8%", "Y60 all staff 2.0%"]);
    assert_eq!(caption, "Vacancy rate by staff group (each region's total)");

    // The run of one region is as before: one "All staff" row and line, no region prefix.
    let (rows, references, caption) = staff_group_figure("Y56", &["Y56"]);
    assert_eq!(
        rows,
        [
            ("Medical and Dental".to_string(), "10".to_string()),
            ("All staff".to_string(), "40".to_string())
        ]
    );
    assert_eq!(references, ["all staff 3.8%"]);
    assert_eq!(caption, "Vacancy rate by staff group (region total)");
}
