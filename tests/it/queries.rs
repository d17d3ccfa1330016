//! Analysts' SQL end to end: a query file becomes a table; dependencies across folders;
//! errors with file, line and column; data tests; selection; identical bytes on re-run; and
//! the real binary's exit codes.

use std::path::Path;
use std::process::Command;

use talentpipe::ops::{self, run::RunOptions};
use talentpipe::publish;

use crate::ingest::{ESR_HEADER, esr_row, write};
use crate::support::{fixture_config, num, read_tables, row, text};

/// Ten staff at RJ1 (three on Bank, excluded from staff in post) and two at RYJ.
fn esr_fixture(root: &Path) {
    let mut rows: Vec<String> = (1..=10)
        .map(|i| {
            let cat = if i > 7 { "Bank" } else { "Permanent" };
            esr_row(&format!("1000{i:04}"), &[("Assignment Category", cat)])
        })
        .collect();
    rows.push(esr_row("20000001", &[("Organisation Code", "RYJ")]));
    rows.push(esr_row("20000002", &[("Organisation Code", "RYJ")]));
    write(
        root,
        "esr_workforce",
        "esr.csv",
        format!("{ESR_HEADER}\n{}\n", rows.join("\n")),
    );
}

/// Run options for tests: no progress display.
fn quiet() -> RunOptions {
    RunOptions { ..Default::default() }
}

fn sql(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// A queries folder with the shipped `staging/` layer and the given files.
fn queries_dir(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = crate::support::shipped_query_folders(&["staging"]);
    for (rel, text) in files {
        sql(dir.path(), rel, text);
    }
    dir
}

const HEADCOUNT_BY_ORG: &str = "-- title: Headcount by organisation\n-- grain: one row per organisation\n\
-- source: test fixture\n-- counts: headcount\n\
SELECT org_code, COUNT(DISTINCT person_id) AS headcount FROM staff_in_post GROUP BY org_code\n";

#[tokio::test]
async fn a_new_sql_file_yields_a_published_table_reading_another_folder() {
    let input = tempfile::tempdir().unwrap();
    esr_fixture(input.path());
    // b/ reads a/ which reads staging/: order is inferred from the tables read, not folders.
    let q = queries_dir(&[
        (
            "b/largest_org.sql",
            "-- counts: headcount\nSELECT org_code, headcount FROM headcount_by_org ORDER BY headcount DESC LIMIT 1\n",
        ),
        ("a/headcount_by_org.sql", HEADCOUNT_BY_ORG),
        (
            "a/headcount_by_org.test.sql",
            "-- a data test beside its model, same stem\nSELECT * FROM headcount_by_org WHERE headcount < 1\n",
        ),
        (
            "a/no_bank_in_post.test.sql",
            "SELECT * FROM staff_in_post WHERE assignment_category = 'Bank'\n",
        ),
    ]);
    let out = tempfile::tempdir().unwrap();
    let cfg = fixture_config(input.path(), out.path(), q.path(), 5);
    let m = ops::run::run(&cfg, &quiet()).await.unwrap();
    let t = read_tables(&cfg.output, &m, "restricted").await;
    // RJ1: 10 staff, 3 on Bank => 7; RYJ: 2.
    let hc = &t["headcount_by_org"];
    assert_eq!(num(hc, "headcount", row(hc, &[("org_code", "RJ1")])), Some(7.0));
    assert_eq!(num(hc, "headcount", row(hc, &[("org_code", "RYJ")])), Some(2.0));
    assert_eq!(text(&t["largest_org"], "org_code", 0), "RJ1");
    assert_eq!(m.tests.len(), 2);
    assert!(m.tests.iter().all(|t| t.passed));
    // Published copy: RYJ's 2 is below k = 5, so it is withheld and flagged.
    let p = read_tables(&cfg.output, &m, "published").await;
    let hc = &p["headcount_by_org"];
    let ryj = row(hc, &[("org_code", "RYJ")]);
    assert_eq!(num(hc, "headcount", ryj), None);
    assert_eq!(text(hc, "suppressed", ryj), "true");
    assert_eq!(text(hc, "suppressed", row(hc, &[("org_code", "RJ1")])), "false");
    // CSV beside the Parquet.
    let csv = cfg
        .output
        .get_opt(&format!("runs/{}/published/headcount_by_org.csv", m.run_id))
        .await
        .unwrap()
        .unwrap();
    let csv = String::from_utf8(csv.to_vec()).unwrap();
    assert!(csv.starts_with("org_code,headcount,suppressed\n"), "{csv}");
    assert!(csv.contains("RYJ,,true"), "{csv}");
    // The manifest records inputs, queries and the unpublished building block.
    assert_eq!(
        m.ingest
            .as_ref()
            .unwrap()
            .kind("esr_workforce")
            .unwrap()
            .rows_accepted,
        12
    );
    let sip = m.queries.iter().find(|q| q.name == "staff_in_post").unwrap();
    assert!(!sip.published);
}

#[tokio::test]
async fn failing_data_test_fails_the_run_and_keeps_the_previous_run_latest() {
    let input = tempfile::tempdir().unwrap();
    esr_fixture(input.path());
    let out = tempfile::tempdir().unwrap();
    let ok = queries_dir(&[("a/headcount_by_org.sql", HEADCOUNT_BY_ORG)]);
    let cfg = fixture_config(input.path(), out.path(), ok.path(), 5);
    let first = ops::run::run(&cfg, &quiet()).await.unwrap();

    let failing = queries_dir(&[
        ("a/headcount_by_org.sql", HEADCOUNT_BY_ORG),
        (
            "a/every_org_has_five.test.sql",
            "-- title: every organisation has at least five staff\nSELECT org_code FROM headcount_by_org WHERE headcount < 5\n",
        ),
        (
            "a/warn_only.test.sql",
            "-- severity: warn\nSELECT org_code FROM headcount_by_org\n",
        ),
    ]);
    let cfg2 = fixture_config(input.path(), out.path(), failing.path(), 5);
    let err = ops::run::run(&cfg2, &quiet()).await.unwrap_err();
    assert_eq!(err.exit_code(), talentpipe::ExitCode::DataError);
    let msg = err.to_string();
    assert!(
        msg.contains("every_org_has_five.test.sql")
            && msg.contains("1 row(s)")
            && msg.contains("org_code=RYJ"),
        "{msg}"
    );
    assert!(
        !msg.contains("warn_only"),
        "warn-severity tests do not fail the run: {msg}"
    );
    let (latest, _) = publish::read_latest(&cfg.output).await.unwrap().unwrap();
    assert_eq!(latest, first.run_id);
}

#[tokio::test]
async fn query_errors_name_file_line_and_column() {
    let input = tempfile::tempdir().unwrap();
    esr_fixture(input.path());
    let out = tempfile::tempdir().unwrap();
    let q = queries_dir(&[(
        "x/typo.sql",
        "-- title: typo\nSELECT org_code\nFROM staff_in_pots\n",
    )]);
    let cfg = fixture_config(input.path(), out.path(), q.path(), 5);
    let err = ops::run::run(&cfg, &quiet()).await.unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("/x/typo.sql:3:6: unknown table 'staff_in_pots' (did you mean 'staff_in_post'?)"),
        "{msg}"
    );
    assert_eq!(err.exit_code(), talentpipe::ExitCode::DataError);
    assert!(
        out.path().read_dir().unwrap().next().is_none(),
        "nothing written before SQL problems are fixed"
    );

    let q = queries_dir(&[(
        "x/badcol.sql",
        "-- title: bad column\nSELECT org_code,\n       pay_bnad\nFROM staff_in_post\n",
    )]);
    let cfg = fixture_config(input.path(), out.path(), q.path(), 5);
    let err = ops::check::check(&cfg, talentpipe::queries::Scope::Regional)
        .await
        .unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("badcol.sql:3:8"), "{msg}");
    assert!(
        msg.contains("pay_bnad") && msg.contains("pay_band"),
        "suggests the right column: {msg}"
    );

    let q = queries_dir(&[
        ("x/a.sql", "SELECT * FROM b\n"),
        ("y/b.sql", "SELECT * FROM a\n"),
        ("x/ddl.sql", "DROP TABLE esr_workforce\n"),
    ]);
    let cfg = fixture_config(input.path(), out.path(), q.path(), 5);
    let msg = ops::check::check(&cfg, talentpipe::queries::Scope::Regional)
        .await
        .unwrap_err()
        .to_string();
    assert!(msg.contains("DROP TABLE is not allowed"), "{msg}");
    assert!(
        msg.contains("dependency cycle among") && msg.contains("x/a.sql") && msg.contains("y/b.sql"),
        "{msg}"
    );

    let q = queries_dir(&[
        ("x/dup.sql", "SELECT 1 AS one\n"),
        ("y/dup.sql", "SELECT 2 AS two\n"),
    ]);
    let cfg = fixture_config(input.path(), out.path(), q.path(), 5);
    let msg = ops::check::check(&cfg, talentpipe::queries::Scope::Regional)
        .await
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("two query files define table 'dup'")
            && msg.contains("x/dup.sql")
            && msg.contains("y/dup.sql"),
        "{msg}"
    );
}

#[tokio::test]
async fn rerun_on_unchanged_inputs_gives_identical_bytes_and_selection_limits_publishing() {
    let input = tempfile::tempdir().unwrap();
    esr_fixture(input.path());
    let out = tempfile::tempdir().unwrap();
    let q = queries_dir(&[
        ("a/headcount_by_org.sql", HEADCOUNT_BY_ORG),
        (
            "a/headcount_by_org.test.sql",
            "SELECT * FROM headcount_by_org WHERE headcount < 0\n",
        ),
        (
            "a/fte_by_band.test.sql",
            "SELECT * FROM fte_by_band WHERE assignments < 0\n",
        ),
        (
            "a/fte_by_band.sql",
            "-- counts: assignments\nSELECT pay_band, COUNT(*) AS assignments, ROUND(SUM(fte), 4) AS fte FROM staff_in_post GROUP BY pay_band\n",
        ),
    ]);
    let cfg = fixture_config(input.path(), out.path(), q.path(), 5);
    let opts = RunOptions { ..Default::default() };
    let a = ops::run::run(&cfg, &opts).await.unwrap();
    let b = ops::run::run(&cfg, &opts).await.unwrap();
    assert_ne!(a.run_id, b.run_id);
    assert_eq!(
        b.ingest.as_ref().unwrap().kind("esr_workforce").unwrap().status,
        talentpipe::ingest::KindStatus::Reused
    );
    let digests = |m: &publish::Manifest| {
        m.tables
            .iter()
            .map(|t| {
                (
                    t.name.clone(),
                    t.restricted.sha256.clone(),
                    t.published_parquet.sha256.clone(),
                    t.published_csv.sha256.clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(digests(&a), digests(&b));
    // fte_by_band, headcount_by_org, and staging's organisation_snapshots.
    assert_eq!(a.tables.len(), 3);

    let sel = RunOptions {
        select: vec!["fte_by_band".into()],
        ..Default::default()
    };
    let c = ops::run::run(&cfg, &sel).await.unwrap();
    let names: Vec<&str> = c.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, vec!["fte_by_band"]);
    assert_eq!(c.selection, vec!["fte_by_band"]);
    // A selected model's data test runs with it; tests of unselected models do not.
    let tests: Vec<&str> = c.tests.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(tests, vec!["fte_by_band__test"]);
}

#[tokio::test]
async fn queries_needing_an_absent_extract_are_not_computed() {
    let input = tempfile::tempdir().unwrap();
    esr_fixture(input.path());
    let out = tempfile::tempdir().unwrap();
    let q = queries_dir(&[
        ("a/headcount_by_org.sql", HEADCOUNT_BY_ORG),
        (
            "a/board_size.sql",
            "-- counts: seats\nSELECT org_code, COUNT(*) AS seats FROM board GROUP BY org_code\n",
        ),
        (
            "a/board_share.sql",
            "SELECT b.org_code, b.seats, h.headcount FROM board_size b JOIN headcount_by_org h USING (org_code)\n",
        ),
    ]);
    let cfg = fixture_config(input.path(), out.path(), q.path(), 5);
    let m = ops::run::run(&cfg, &quiet()).await.unwrap();
    let status = |n: &str| {
        m.queries
            .iter()
            .find(|q| q.name == n)
            .map(|q| (q.status.clone(), q.message.clone().unwrap_or_default()))
            .unwrap()
    };
    assert_eq!(status("headcount_by_org").0, "ok");
    assert_eq!(
        status("board_size"),
        (
            "not_computed".into(),
            "needs 'board': extract not supplied".into()
        )
    );
    assert_eq!(status("board_share").0, "not_computed");
    let tables: Vec<&str> = m.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(tables, vec!["organisation_snapshots", "headcount_by_org"]);
}

fn binary() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_talentpipe"));
    c.env_remove("TALENTPIPE_PSEUDONYM_KEY")
        .env_remove("TALENTPIPE_CONFIG")
        .env_remove("TALENTPIPE_REGION");
    c
}

#[test]
fn binary_exit_codes_for_the_scheduler() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    esr_fixture(&input);
    let q = queries_dir(&[("a/headcount_by_org.sql", HEADCOUNT_BY_ORG)]);
    let run = |extra: &[&str], key: Option<&str>| {
        let mut c = binary();
        c.current_dir(dir.path())
            .args(["-q", "--input", "in", "--output", "out", "run", "--queries"])
            .arg(q.path())
            .args(extra);
        if let Some(k) = key {
            c.env("TALENTPIPE_PSEUDONYM_KEY", k);
        }
        c.output().unwrap()
    };
    // No key and no development key allowed: refuses with a usage/config error.
    let o = run(&[], None);
    assert_eq!(o.status.code(), Some(2), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("TALENTPIPE_PSEUDONYM_KEY"));
    // Success.
    let o = run(&[], Some("k"));
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("headcount_by_org"));
    // Unknown selection word: usage error.
    let o = run(&["--select", "nope"], Some("k"));
    assert_eq!(o.status.code(), Some(2));
    // A rejected file: data error naming it.
    write(
        &input,
        "esr_workforce",
        "broken.csv",
        "Snapshot Date,Employee Number\n31/10/2025,1\n",
    );
    let o = run(&[], Some("k"));
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("broken.csv"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // A config file with an unknown key.
    std::fs::write(dir.path().join("bad.toml"), "inptu = 'x'\n").unwrap();
    let o = binary()
        .current_dir(dir.path())
        .args(["--config", "bad.toml", "ingest"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("unknown field"));
}

#[test]
fn help_shows_an_example_per_subcommand() {
    for sub in ["ingest", "run", "check", "generate", "aggregate", "report"] {
        let o = binary().args([sub, "--help"]).output().unwrap();
        let s = String::from_utf8_lossy(&o.stdout);
        assert!(o.status.success());
        assert!(s.contains("Example"), "{sub} --help has an example:\n{s}");
    }
    let o = binary().arg("--help").output().unwrap();
    assert!(String::from_utf8_lossy(&o.stdout).contains("Exit codes"));
}

#[test]
fn a_run_knows_its_region_from_the_flag_the_environment_or_the_data() {
    // Every ESR row of the fixture carries region code Y56; no talentpipe.toml in the folder.
    let dir = tempfile::tempdir().unwrap();
    esr_fixture(&dir.path().join("in"));
    let q = queries_dir(&[("a/headcount_by_org.sql", HEADCOUNT_BY_ORG)]);
    let run = |extra: &[&str], env_region: Option<&str>| {
        let mut c = binary();
        c.current_dir(dir.path())
            .env("TALENTPIPE_PSEUDONYM_KEY", "k")
            .args(["-q", "--input", "in", "--output", "out"])
            .args(extra)
            .args(["run", "--queries"])
            .arg(q.path());
        if let Some(r) = env_region {
            c.env("TALENTPIPE_REGION", r);
        }
        c.output().unwrap()
    };
    let latest_region = || {
        let out = dir.path().join("out");
        let id = std::fs::read_to_string(out.join("LATEST")).unwrap();
        let manifest = std::fs::read(out.join("runs").join(id.trim()).join("manifest.json")).unwrap();
        let m: serde_json::Value = serde_json::from_slice(&manifest).unwrap();
        m["region"].as_str().unwrap().to_string()
    };
    // No region configured: the data's one region code.
    let o = run(&[], None);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(latest_region(), "Y56");
    // TALENTPIPE_REGION: an LDP label is used as it is (not checked against the data).
    let o = run(&[], Some("LDP7"));
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(latest_region(), "LDP7");
    // --region beats the environment; a region code no ESR row carries is refused (exit 2),
    // naming the codes found, and the previous run stays the latest.
    let o = run(&["--region", "Y61"], Some("LDP7"));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("Y61") && stderr.contains("Y56"), "{stderr}");
    assert_eq!(latest_region(), "LDP7");
    let o = run(&["--region", "Y56"], Some("LDP7"));
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(latest_region(), "Y56");
    // Without a queries folder (`--config /dev/null`): see operators.rs, the shipped queries.
}

#[test]
fn a_query_that_cannot_write_its_temporary_files_is_an_io_failure_not_a_query_error() {
    // The second run reuses the staged tables and runs under a file-size limit of two 512-byte
    // blocks (`ulimit -f 2`, SIGXFSZ ignored so writes fail with EFBIG, as on a full TMPDIR):
    // the staging models read by several queries are materialised as Parquet files larger than
    // that. Not the SQL's fault: exit 3 (not 1), the query named, the previous run still latest.
    let dir = tempfile::tempdir().unwrap();
    esr_fixture(&dir.path().join("in"));
    let q = queries_dir(&[("a/headcount_by_org.sql", HEADCOUNT_BY_ORG)]);
    let run = |limited: bool| {
        let mut c = if limited {
            let mut c = Command::new("sh");
            c.args(["-c", "trap '' XFSZ; ulimit -f 2; exec \"$@\"", "sh"])
                .arg(env!("CARGO_BIN_EXE_talentpipe"));
            c
        } else {
            binary()
        };
        c.current_dir(dir.path())
            .env_remove("TALENTPIPE_CONFIG")
            .env_remove("TALENTPIPE_REGION")
            .env("TALENTPIPE_PSEUDONYM_KEY", "k")
            .env("TMPDIR", dir.path().join("tmp"))
            .args(["-q", "--input", "in", "--output", "out", "run", "--queries"])
            .arg(q.path());
        c.output().unwrap()
    };
    std::fs::create_dir(dir.path().join("tmp")).unwrap();
    let o = run(false);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let latest = std::fs::read_to_string(dir.path().join("out/LATEST")).unwrap();
    let o = run(true);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("could not run (an I/O or resource failure") && stderr.contains("File too large"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("out/LATEST")).unwrap(),
        latest
    );
    assert!(!dir.path().join("out/_lock").exists());
    // Its temporary files are gone too.
    let left: Vec<_> = std::fs::read_dir(dir.path().join("tmp")).unwrap().collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn work_the_memory_pool_cannot_hold_stops_the_run_with_exit_3_naming_the_step_and_the_limit() {
    // runtime.memory_limit = '1m': DataFusion reserves 10 MB for a sort's merge before sorting,
    // so the first SQL of the run (the reporting date and region codes behind the run's
    // parameters) cannot run. Not the SQL's fault: exit 3, the step and the pool's size named
    // with the setting to change, nothing published. (Queries are named the same way: the
    // `query <file>` of the file-size test above.)
    let dir = tempfile::tempdir().unwrap();
    esr_fixture(&dir.path().join("in"));
    let q = queries_dir(&[("a/headcount_by_org.sql", HEADCOUNT_BY_ORG)]);
    let config = dir.path().join("limited.toml");
    std::fs::write(&config, "[runtime]\nmemory_limit = '1m'\n").unwrap();
    let o = binary()
        .current_dir(dir.path())
        .env_remove("TALENTPIPE_CONFIG")
        .env("TALENTPIPE_PSEUDONYM_KEY", "k")
        .args(["-q", "--config"])
        .arg(&config)
        .args([
            "--input",
            "in",
            "--output",
            "out",
            "--region",
            "Y56",
            "run",
            "--queries",
        ])
        .arg(q.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains(
            "the run's parameters (reporting date, region) could not run (an I/O or resource failure"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("The memory pool is 1024.0 KB (runtime.memory_limit"),
        "{stderr}"
    );
    assert!(!dir.path().join("out/LATEST").exists(), "nothing published");
}
