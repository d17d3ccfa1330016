//! Crashes beyond publish (issue 15): the real binary is killed during ingest (mid-kind, and
//! mid-spill of the uniqueness index: `ingest.index_rows` is tiny here), during the queries,
//! during publish and during `aggregate`, in a seeded loop. After each few kills the next plain
//! run must succeed with no manual cleanup (the stale lock taken over, half-written staged parts
//! discarded, killed runs' scratch folders in `TMPDIR` removed) and publish tables byte-identical
//! to an uninterrupted run (the manifest's per-file SHA-256 and the staged Parquet bytes).
//!
//! Two kinds of kill:
//! - at a seeded crash point (`talentpipe::crash`): `TALENTPIPE_TEST_CRASH_AT=<point>:<n>`
//!   aborts the process the n-th time it reaches the point, n drawn from the occurrences counted
//!   in an uninterrupted run. This is what reaches ingest: on a fixture this small ingest takes a
//!   few per cent of a run, so random delays would almost never land in it.
//! - `kill -9` after a seeded random delay within the uninterrupted run's duration, for places
//!   no crash point names. Where it lands depends on timing; the trace of crash points on the
//!   child's stderr tells which stage it was in, and the test prints the distribution.
//!
//! Kills are chained (a killed run starts from what the previous kill left) and a recovery run
//! follows every [`KILLS_PER_RECOVERY`] kills, so recovering from a crash during recovery is
//! covered too. Run with `--nocapture` to see where the kills landed.

use std::collections::BTreeMap;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sha2::{Digest, Sha256};
use talentpipe::crash::{AGGREGATE_POINTS, AT_ENV, RUN_POINTS, TRACE_ENV, TRACE_PREFIX};
use talentpipe::publish::Manifest;
use talentpipe_synth::{GenerateOptions, generate};

use crate::support::shipped_query_folders;

const SEED: u64 = 0x15;
const KILLS_PER_RECOVERY: usize = 4;

/// The stage of a run the delay did not catch: it finished first (not counted as a kill).
const FINISHED: &str = "finished before the kill";

fn killed(kills: &[Kill]) -> usize {
    kills.iter().filter(|k| k.stage != FINISHED).count()
}

fn binary() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_talentpipe"));
    for var in [
        AT_ENV,
        TRACE_ENV,
        "TALENTPIPE_CONFIG",
        "TALENTPIPE_LOG",
        "TALENTPIPE_REGION",
    ] {
        c.env_remove(var);
    }
    c.stdin(Stdio::null()).stdout(Stdio::null());
    c
}

/// One output root being crashed, with its own `TMPDIR`.
struct Target {
    /// The arguments of the command under test (`--config`, the command, its options).
    args: Vec<String>,
    output: PathBuf,
    tmp: PathBuf,
    logs: PathBuf,
}

impl Target {
    fn command(&self, extra: &[&str]) -> Command {
        let mut c = binary();
        c.args(&self.args).args(extra).env("TMPDIR", &self.tmp);
        c
    }
}

/// What an uninterrupted run gave: the occurrences of each crash point, its duration, and the
/// bytes to compare against.
struct Baseline {
    points: BTreeMap<String, u64>,
    elapsed: Duration,
    outcome: Outcome,
}

/// The comparable result of a committed run.
#[derive(Debug, PartialEq)]
struct Outcome {
    /// The manifest's table records: names, rows and the SHA-256 of every published file.
    tables: Vec<talentpipe::publish::TableRecord>,
    /// (kind, rows read, accepted, quarantined) per extract.
    ingest_rows: Vec<(String, u64, u64, u64)>,
    /// SHA-256 of every staged file but the `_ingest` markers (which hold timings).
    staged: BTreeMap<String, String>,
}

fn outcome(output: &Path) -> (Manifest, Outcome) {
    let latest = std::fs::read_to_string(output.join("LATEST")).expect("LATEST");
    let raw = std::fs::read(output.join("runs").join(latest.trim()).join("manifest.json")).expect("manifest");
    let manifest: Manifest = serde_json::from_slice(&raw).expect("manifest parses");
    let ingest_rows = manifest
        .ingest
        .iter()
        .flat_map(|i| &i.kinds)
        .map(|k| (k.kind.clone(), k.rows_read, k.rows_accepted, k.rows_quarantined))
        .collect();
    let mut staged = BTreeMap::new();
    let root = output.join("staged");
    for file in files_under(&root) {
        let rel = file
            .strip_prefix(&root)
            .expect("under staged")
            .display()
            .to_string();
        if !rel.starts_with("_ingest") {
            let bytes = std::fs::read(&file).expect("staged file");
            staged.insert(rel, hex::encode(Sha256::digest(&bytes)));
        }
    }
    let tables = manifest.tables.clone();
    (
        manifest,
        Outcome {
            tables,
            ingest_rows,
            staged,
        },
    )
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries {
        let path = entry.expect("folder entry").path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// talentpipe's scratch folders in a `TMPDIR` (see `talentpipe::scratch`).
fn scratch_folders(tmp: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(tmp)
        .expect("TMPDIR")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        // Not `.talentpipe-new-*`: a run killed while setting one up leaves that for a minute.
        .filter(|n| n.starts_with("talentpipe-") || n.starts_with(talentpipe::scratch::DEAD_PREFIX))
        .collect();
    names.sort();
    names
}

/// Where the last crash point a child printed says it was.
fn stage(stderr: &str) -> &'static str {
    let last = stderr.lines().rev().find_map(|l| l.strip_prefix(TRACE_PREFIX));
    match last.map(|p| p.split_whitespace().next().unwrap_or("")) {
        None => "start (config, lock, listing, reuse check)",
        Some(p) if p.starts_with("ingest.") => "ingest",
        Some("query.done") | Some("aggregate.locked") => "publish",
        Some(p) if p.starts_with("query.") => "queries",
        Some(_) => "aggregate: reading sources",
    }
}

fn baseline(target: &Target) -> Baseline {
    let log = target.logs.join("baseline.log");
    let started = Instant::now();
    let status = target
        .command(&[])
        .env(TRACE_ENV, "1")
        .stderr(std::fs::File::create(&log).expect("log"))
        .status()
        .expect("run the binary");
    let elapsed = started.elapsed();
    let stderr = std::fs::read_to_string(&log).expect("log");
    assert!(status.success(), "uninterrupted run failed:\n{stderr}");
    let mut points = BTreeMap::new();
    for p in stderr.lines().filter_map(|l| l.strip_prefix(TRACE_PREFIX)) {
        *points.entry(p.to_string()).or_default() += 1;
    }
    Baseline {
        points,
        elapsed,
        outcome: outcome(&target.output).1,
    }
}

/// How one kill went.
struct Kill {
    what: String,
    stage: &'static str,
}

/// Runs the command under test and kills it at crash point `point`'s n-th occurrence.
fn kill_at(target: &Target, i: usize, point: &str, n: u64, extra: &[&str]) -> Kill {
    let what = format!("kill {i}: {point} #{n} {}", extra.join(" "));
    let log = target.logs.join(format!("kill-{i}.log"));
    let status = target
        .command(extra)
        .env(TRACE_ENV, "1")
        .env(AT_ENV, format!("{point}:{n}"))
        .stderr(std::fs::File::create(&log).expect("log"))
        .status()
        .expect("run the binary");
    let stderr = std::fs::read_to_string(&log).expect("log");
    assert_eq!(
        status.signal(),
        Some(6),
        "{what}: the crash point was not reached ({status}):\n{stderr}"
    );
    Kill {
        what,
        stage: stage(&stderr),
    }
}

/// Runs the command under test and sends it SIGKILL after `delay` (if it is still running).
fn kill_after(target: &Target, i: usize, delay: Duration, extra: &[&str]) -> Kill {
    let log = target.logs.join(format!("kill-{i}.log"));
    let mut child = target
        .command(extra)
        .env(TRACE_ENV, "1")
        .stderr(std::fs::File::create(&log).expect("log"))
        .spawn()
        .expect("run the binary");
    std::thread::sleep(delay);
    let finished = child.try_wait().expect("poll the child").is_some();
    if !finished {
        child.kill().expect("SIGKILL");
    }
    let status = child.wait().expect("reap the child");
    let stderr = std::fs::read_to_string(&log).expect("log");
    let what = format!(
        "kill {i}: SIGKILL after {} ms {}",
        delay.as_millis(),
        extra.join(" ")
    );
    if finished {
        assert!(status.success(), "{what}: finished, but failed:\n{stderr}");
    }
    Kill {
        what,
        stage: if finished { FINISHED } else { stage(&stderr) },
    }
}

/// The next plain run after `kills`: succeeds with no manual cleanup and gives the baseline's
/// bytes. Returns the scratch folders the killed runs had left in `TMPDIR`.
fn recover(target: &Target, base: &Baseline, kills: &[Kill]) -> usize {
    let context = kills
        .iter()
        .map(|k| k.what.as_str())
        .collect::<Vec<_>>()
        .join("; ");
    let stale_lock = target.output.join("_lock").exists();
    let left = scratch_folders(&target.tmp).len();
    let out = target
        .command(&[])
        .stderr(Stdio::piped())
        .output()
        .expect("run the binary");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "the run after [{context}] failed ({}):\n{stderr}",
        out.status
    );
    if stale_lock {
        assert!(
            stderr.contains("taking over a stale lock"),
            "after [{context}] the killed run's lock was not reported as taken over:\n{stderr}"
        );
    }
    assert!(
        !target.output.join("_lock").exists(),
        "lock left after [{context}]"
    );
    assert_eq!(
        scratch_folders(&target.tmp),
        Vec::<String>::new(),
        "scratch folders of killed runs are removed by the next run (after [{context}])"
    );
    let (manifest, got) = outcome(&target.output);
    assert_eq!(got, base.outcome, "after [{context}], run {}", manifest.run_id);
    // Retention removed the killed runs' folders (they have no manifest).
    for run in std::fs::read_dir(target.output.join("runs")).expect("runs") {
        let run = run.expect("entry").path();
        assert!(
            run.join("manifest.json").exists(),
            "{} is a killed run's folder left after [{context}]",
            run.display()
        );
    }
    left
}

/// Object-store staged uploads (`<name>#<n>`) a kill left under the output root.
fn partial_uploads(output: &Path) -> Vec<String> {
    files_under(output)
        .into_iter()
        .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().contains('#')))
        .map(|p| p.strip_prefix(output).unwrap_or(&p).display().to_string())
        .collect()
}

/// What a kill during a large staged part's upload leaves on a local output (the store writes
/// `<name>#<n>` and renames it when done; parts here are too small to be caught in the act):
/// files that listing never shows. The next run must remove them (`outcome` compares every
/// staged file).
fn plant_partial_uploads(output: &Path) {
    for rel in [
        "staged/esr_workforce/part-00001.parquet#1",
        "staged/quarantine/esr_workforce-00001.parquet#2",
    ] {
        let path = output.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("staged folder");
        std::fs::write(&path, b"PAR1 half a part").expect("plant");
    }
}

fn report(title: &str, kills: &[Kill], elapsed: Duration) {
    let mut by_stage: BTreeMap<&str, usize> = BTreeMap::new();
    for k in kills {
        *by_stage.entry(k.stage).or_default() += 1;
    }
    eprintln!(
        "{title}: {} kills ({} attempts) in {:.1} s; by stage: {by_stage:?}",
        killed(kills),
        kills.len(),
        elapsed.as_secs_f64()
    );
}

fn write_config(path: &Path, lines: &[String]) {
    std::fs::write(path, lines.join("\n") + "\n").expect("config");
}

fn config_lines(region: &str, input: &Path, output: &Path, queries: &Path) -> Vec<String> {
    vec![
        format!("region = '{region}'"),
        format!("input = '{}'", input.display()),
        format!("output = '{}'", output.display()),
        format!("queries = '{}'", queries.display()),
        "[pseudonym]".into(),
        "allow_development_key = true".into(),
        "key_env = 'TALENTPIPE_TEST_KEY_NEVER_SET'".into(),
        "[ingest]".into(),
        // Tiny: the uniqueness index spills (and merges) many times, many row groups per part.
        "index_rows = 20".into(),
        "batch_rows = 64".into(),
        // A memory limit gives DataFusion a spill folder (a scratch folder too).
        "[runtime]".into(),
        "memory_limit = '512m'".into(),
    ]
}

fn generate_input(dir: &Path, region: &str, seed: u64, dirty: f64) -> PathBuf {
    let input = dir.join(format!("in-{region}"));
    let opts = GenerateOptions {
        seed,
        regions: vec![region.into()],
        people: 100,
        months: 2,
        dirty,
        ..Default::default()
    };
    generate(&opts, &input).expect("generate");
    input
}

fn target(dir: &Path, name: &str, args: Vec<String>, output: PathBuf) -> Target {
    let tmp = dir.join(format!("tmp-{name}"));
    let logs = dir.join(format!("logs-{name}"));
    std::fs::create_dir_all(&tmp).expect("TMPDIR");
    std::fs::create_dir_all(&logs).expect("logs");
    Target {
        args,
        output,
        tmp,
        logs,
    }
}

#[test]
fn killed_regional_runs_leave_the_next_run_byte_identical() {
    let started = Instant::now();
    let dir = tempfile::tempdir().expect("tempdir");
    let queries = shipped_query_folders(&["staging", "intermediate", "wres"]);
    // A few defects, so quarantine parts are written and recovered too.
    let input = generate_input(dir.path(), "Y56", 15, 0.02);
    let make = |name: &str| {
        let output = dir.path().join(format!("out-{name}"));
        let config = dir.path().join(format!("{name}.toml"));
        write_config(&config, &config_lines("Y56", &input, &output, queries.path()));
        let args = vec!["--config".into(), config.display().to_string(), "run".into()];
        target(dir.path(), name, args, output)
    };
    let (clean, crashed) = (make("clean"), make("crashed"));
    let base = baseline(&clean);
    for p in RUN_POINTS {
        assert!(
            base.points.get(*p).is_some_and(|&n| n > 0),
            "crash point {p} is never reached in an uninterrupted run: {:?}",
            base.points
        );
    }
    // Every uninterrupted run publishes the same bytes (else nothing below could be compared).
    assert_eq!(baseline(&crashed).outcome, base.outcome);

    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    let mut kills = Vec::new();
    let mut pending = 0;
    let mut left_behind = 0;
    let mut uploads = Vec::new();
    let mut i = 0;
    // 54: two kills in three at a crash point, so every one of the 9 points is killed at 4
    // times or more in turn (the assertion at the end).
    while killed(&kills) < 54 {
        i += 1;
        // Two kills in three at a crash point (all of ingest's come from these), one after a delay.
        let kill = if i % 3 != 2 {
            // Every point in turn; where in its occurrences is drawn.
            let point = RUN_POINTS[(i - i / 3) % RUN_POINTS.len()];
            let n = rng.random_range(1..=base.points[point]);
            // Ingest points are reached only when ingest runs: force it.
            let extra: &[&str] = if point.starts_with("ingest.") || rng.random_bool(0.5) {
                &["--force"]
            } else {
                &[]
            };
            kill_at(&crashed, i, point, n, extra)
        } else {
            let limit = base.elapsed.as_millis() as u64;
            let delay = Duration::from_millis(rng.random_range(0..=limit));
            let extra: &[&str] = if rng.random_bool(0.5) { &["--force"] } else { &[] };
            kill_after(&crashed, i, delay, extra)
        };
        kills.push(kill);
        pending += 1;
        uploads.extend(partial_uploads(&crashed.output));
        if pending == KILLS_PER_RECOVERY {
            if kills.len() == KILLS_PER_RECOVERY {
                plant_partial_uploads(&crashed.output);
            }
            left_behind += recover(&crashed, &base, &kills[kills.len() - pending..]);
            pending = 0;
        }
    }
    if pending > 0 {
        left_behind += recover(&crashed, &base, &kills[kills.len() - pending..]);
    }
    report("regional run", &kills, started.elapsed());
    let mut points: BTreeMap<String, usize> = BTreeMap::new();
    for k in kills.iter().filter(|k| k.what.contains(" #")) {
        let point = k.what.split_whitespace().nth(2).unwrap_or("").to_string();
        *points.entry(point).or_default() += 1;
    }
    eprintln!("regional run: crash-point kills by point: {points:?}");
    eprintln!("regional run: scratch folders left in TMPDIR by killed runs (all removed): {left_behind}");
    eprintln!("regional run: object-store partial uploads seen after kills: {uploads:?}");
    let stages: Vec<&str> = kills.iter().map(|k| k.stage).collect();
    for (stage, at_least) in [("ingest", 15), ("queries", 10), ("publish", 3)] {
        let n = stages.iter().filter(|s| **s == stage).count();
        assert!(n >= at_least, "only {n} kills in {stage}: {stages:?}");
    }
    for point in RUN_POINTS {
        assert!(points.get(*point).is_some_and(|&n| n >= 4), "{point}: {points:?}");
    }
    assert!(
        left_behind > 0,
        "no killed run left a scratch folder: the sweep was not exercised"
    );
}

#[test]
fn killed_aggregations_leave_the_next_one_byte_identical() {
    let started = Instant::now();
    let dir = tempfile::tempdir().expect("tempdir");
    let queries = shipped_query_folders(&["staging", "intermediate", "wres", "national"]);
    let mut from = Vec::new();
    let mut sources = Vec::new();
    for (region, seed) in [("Y56", 41), ("Y60", 42)] {
        let input = generate_input(dir.path(), region, seed, 0.0);
        let output = dir.path().join(format!("region-{region}"));
        let config = dir.path().join(format!("{region}.toml"));
        write_config(&config, &config_lines(region, &input, &output, queries.path()));
        let out = binary()
            .args(["--config", &config.display().to_string(), "run", "-q"])
            .stderr(Stdio::piped())
            .output()
            .expect("run the binary");
        assert!(
            out.status.success(),
            "regional run {region}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        from.extend(["--from".to_string(), output.display().to_string()]);
        sources.push(output);
    }
    let source_files =
        |sources: &[PathBuf]| -> Vec<Vec<PathBuf>> { sources.iter().map(|s| files_under(s)).collect() };
    let before = source_files(&sources);
    let make = |name: &str| {
        let output = dir.path().join(format!("national-{name}"));
        let config = dir.path().join(format!("national-{name}.toml"));
        write_config(
            &config,
            &[
                format!("output = '{}'", output.display()),
                format!("queries = '{}'", queries.path().display()),
                "[runtime]".into(),
                "memory_limit = '512m'".into(),
            ],
        );
        let mut args = vec![
            "--config".into(),
            config.display().to_string(),
            "aggregate".into(),
        ];
        args.extend(from.iter().cloned());
        target(dir.path(), name, args, output)
    };
    let (clean, crashed) = (make("clean"), make("crashed"));
    let base = baseline(&clean);
    for p in AGGREGATE_POINTS {
        assert!(
            base.points.get(*p).is_some_and(|&n| n > 0),
            "crash point {p} is never reached in an uninterrupted aggregation: {:?}",
            base.points
        );
    }
    assert!(!base.outcome.tables.is_empty(), "national tables published");

    let mut rng = ChaCha8Rng::seed_from_u64(SEED + 1);
    let mut kills = Vec::new();
    let mut pending = 0;
    for i in 0..18 {
        let kill = if i % 3 != 2 {
            let point = AGGREGATE_POINTS[(i - i / 3) % AGGREGATE_POINTS.len()];
            let n = rng.random_range(1..=base.points[point]);
            kill_at(&crashed, i, point, n, &[])
        } else {
            let limit = base.elapsed.as_millis() as u64;
            kill_after(
                &crashed,
                i,
                Duration::from_millis(rng.random_range(0..=limit)),
                &[],
            )
        };
        kills.push(kill);
        pending += 1;
        if pending == KILLS_PER_RECOVERY {
            recover(&crashed, &base, &kills[kills.len() - pending..]);
            pending = 0;
        }
    }
    if pending > 0 {
        recover(&crashed, &base, &kills[kills.len() - pending..]);
    }
    report("aggregate", &kills, started.elapsed());
    assert_eq!(
        source_files(&sources),
        before,
        "aggregation never writes to its sources"
    );
    let stages: Vec<&str> = kills.iter().map(|k| k.stage).collect();
    for stage in ["aggregate: reading sources", "queries", "publish"] {
        assert!(stages.contains(&stage), "no kill in {stage}: {stages:?}");
    }
}
