//! Re-use by file (issue 18, target 4: nightly increments). A new month's file added to an
//! unchanged input root is the only file ingested; a late, changed or removed file re-ingests
//! from its place in the listing on; and whatever was re-used, the staged folder (table,
//! quarantine and key parts, byte for byte; the markers but for timings) and a run's published
//! tables are exactly those of a cold ingest of the same input root.
//!
//! Why only a prefix can be kept (src/ingest/resume.rs): ESR's uniqueness rule (the same
//! assignment in the same snapshot) is applied in file order, so a row of file N is accepted
//! only if no earlier file staged its key. The fixtures put such repeats across files so that
//! keeping a file after the first changed one, or forgetting the kept files' keys, changes
//! which row is quarantined and fails the comparison with the cold ingest.
//!
//! The hand-built fixtures use `crate::ingest::esr_row` (snapshot 31/10/2025 unless
//! overridden; assignment number = employee number + `-1`). Line numbers count the header as
//! line 1, so the n-th data row is on line n + 1.

use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use talentpipe::crash::AT_ENV;
use talentpipe::ingest::pseudonym::Pseudonymiser;
use talentpipe::ingest::{self, IngestMetrics, IngestOptions, KindMetrics, KindStatus};
use talentpipe::storage::Location;

use crate::ingest::{ESR_HEADER, esr_row, read_parquet_dir, write};
use crate::support::{block_on, fixture_config, run_quiet, shipped_query_folders, text};

const ESR: &str = "esr_workforce";

/// The employees of most fixture files (lines 2, 3 and 4).
const EMPS: [&str; 3] = ["10000001", "10000002", "10000003"];

async fn ingest_with(input: &Path, output: &Path, options: IngestOptions) -> IngestMetrics {
    ingest::ingest(
        &Location::local(input).unwrap(),
        &Location::local(output).unwrap(),
        &Pseudonymiser::new(b"ingest-reuse-key"),
        &options,
        &talentpipe::progress::Silent,
    )
    .await
    .unwrap_or_else(|e| panic!("ingest failed: {e}"))
}

/// Ingest re-using what `output` holds (the default, as a nightly run does).
async fn nightly(input: &Path, output: &Path) -> IngestMetrics {
    ingest_with(
        input,
        output,
        IngestOptions {
            max_quarantine_share: 1.0,
            ..Default::default()
        },
    )
    .await
}

/// Ingest into a fresh output folder: the reference every re-use must match.
async fn cold(input: &Path) -> (tempfile::TempDir, IngestMetrics) {
    let output = tempfile::tempdir().unwrap();
    let m = nightly(input, output.path()).await;
    assert!(
        m.kinds.iter().flat_map(|k| &k.files).all(|f| !f.reused),
        "a cold ingest re-uses nothing"
    );
    (output, m)
}

/// An ESR file: employees `emps` at snapshot `date` (lines 2, 3, ...), then the `extra` rows.
fn esr_file(input: &Path, name: &str, date: &str, emps: &[&str], extra: &[String]) {
    let mut rows: Vec<String> = emps
        .iter()
        .map(|e| esr_row(e, &[("Snapshot Date", date)]))
        .collect();
    rows.extend_from_slice(extra);
    write(input, ESR, name, format!("{ESR_HEADER}\n{}\n", rows.join("\n")));
}

/// Which files of the kind were re-used, in listing order.
fn reused(m: &IngestMetrics, kind: &str) -> Vec<bool> {
    m.kind(kind).unwrap().files.iter().map(|f| f.reused).collect()
}

/// Every file under `dir`, relative to it, recursively.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(
                files_under(&path)
                    .into_iter()
                    .map(|p| Path::new(path.file_name().unwrap()).join(p)),
            );
        } else {
            out.push(PathBuf::from(path.file_name().unwrap()));
        }
    }
    out.sort();
    out
}

/// A marker with its timings zeroed and without the input files' version tags (the only things
/// two ingests of the same input may differ in: a tag is recorded only for a file left alone
/// for a few seconds before the ingest).
fn normalised_marker(bytes: &[u8]) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_slice(bytes).unwrap();
    v.as_object_mut().unwrap().remove("versions");
    fn zero(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(map) => {
                for (k, x) in map.iter_mut() {
                    if k == "elapsed_ms" {
                        *x = serde_json::Value::from(0);
                    } else {
                        zero(x);
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(zero),
            _ => {}
        }
    }
    zero(&mut v);
    v
}

/// The staged folder as comparable text: every Parquet part's bytes (as SHA-256) and every
/// marker with timings zeroed.
fn staged_state(output: &Path) -> BTreeMap<String, String> {
    let root = output.join("staged");
    files_under(&root)
        .into_iter()
        .map(|rel| {
            let bytes = std::fs::read(root.join(&rel)).unwrap();
            let value = if rel.extension().is_some_and(|e| e == "json") {
                serde_json::to_string_pretty(&normalised_marker(&bytes)).unwrap()
            } else {
                format!(
                    "{} bytes, sha256 {}",
                    bytes.len(),
                    hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&bytes))
                )
            };
            (rel.display().to_string(), value)
        })
        .collect()
}

/// The metrics a cold ingest reports, without timings and re-use flags.
fn comparable(k: &KindMetrics) -> KindMetrics {
    let mut k = k.clone();
    k.elapsed_ms = 0;
    k.status = KindStatus::Ingested;
    for f in &mut k.files {
        f.elapsed_ms = 0;
        f.reused = false;
    }
    k
}

/// Asserts `output` (after re-use) holds exactly what a cold ingest of `input` writes, and
/// that `m` reports the same metrics as that cold ingest (timings and re-use flags aside).
async fn assert_same_as_cold(input: &Path, output: &Path, m: &IngestMetrics) {
    let (reference, cold_metrics) = cold(input).await;
    let (got, want) = (staged_state(output), staged_state(reference.path()));
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>(),
        "the same staged files"
    );
    for (name, value) in &want {
        assert_eq!(&got[name], value, "staged/{name}");
    }
    for (k, c) in m.kinds.iter().zip(&cold_metrics.kinds) {
        assert_eq!(comparable(k), comparable(c), "metrics of {}", k.kind);
    }
}

/// (line, reason) of the quarantined rows of input file `name` of ESR, as staged.
fn quarantined(input: &Path, output: &Path, name: &str) -> Vec<(u64, String)> {
    let file = input.join(ESR).join(name).display().to_string();
    let mut rows = Vec::new();
    for b in read_parquet_dir(&output.join("staged/quarantine")) {
        for i in 0..b.num_rows() {
            if text(&b, "source_file", i) == file {
                rows.push((text(&b, "line", i).parse().unwrap(), text(&b, "reason", i)));
            }
        }
    }
    rows
}

/// The quarantine reason of a row repeating ESR file `name`'s row on `line`.
fn duplicate_of(input: &Path, name: &str, line: u64) -> String {
    format!(
        "Assignment Number: duplicate (snapshot_date, assignment_id) of {} line {line}",
        input.join(ESR).join(name).display()
    )
}

/// The periods ESR key part `idx` records in its footer (see src/ingest/keys.rs).
fn key_periods(output: &Path, idx: usize) -> Option<String> {
    let path = output.join(format!("staged/_ingest/{ESR}/keys-{idx:05}.parquet"));
    let reader =
        parquet::file::reader::SerializedFileReader::new(std::fs::File::open(path).unwrap()).unwrap();
    parquet::file::reader::FileReader::metadata(&reader)
        .file_metadata()
        .key_value_metadata()?
        .iter()
        .find(|kv| kv.key == "talentpipe.key_periods")?
        .value
        .clone()
}

/// The inode of each staged file: a part that is re-written gets a new one (the store writes a
/// new file and renames it over the old), a part that is kept keeps its own.
fn inodes(output: &Path) -> BTreeMap<String, u64> {
    let root = output.join("staged");
    files_under(&root)
        .into_iter()
        .map(|rel| {
            let ino = std::fs::metadata(root.join(&rel)).unwrap().ino();
            (rel.display().to_string(), ino)
        })
        .collect()
}

#[tokio::test]
async fn a_duplicate_of_a_reused_files_row_in_the_new_file_is_quarantined_as_in_a_cold_run() {
    // index_rows 1: the re-filled index spills (every key after the first goes to a run on
    // disk), so the lookups of the new file's rows go through the spilled runs too.
    for index_rows in [IngestOptions::default().index_rows, 1] {
        let input = tempfile::tempdir().unwrap();
        let output = tempfile::tempdir().unwrap();
        let options = || IngestOptions {
            max_quarantine_share: 1.0,
            index_rows,
            ..Default::default()
        };
        // October: employees 1-3 (lines 2-4).
        esr_file(input.path(), "Y56_2025-10.csv", "31/10/2025", &EMPS, &[]);
        let first = ingest_with(input.path(), output.path(), options()).await;
        assert_eq!(first.kind(ESR).unwrap().rows_accepted, 3);
        let before = inodes(output.path());

        // November arrives: employees 1-3 at 30/11 (lines 2-4), and on line 5 employee 3's
        // October row again (same snapshot, same assignment: a duplicate of October line 4).
        let extra = [esr_row("10000003", &[])];
        esr_file(input.path(), "Y56_2025-11.csv", "30/11/2025", &EMPS, &extra);
        let m = ingest_with(input.path(), output.path(), options()).await;
        let kind = m.kind(ESR).unwrap();
        assert_eq!(kind.status, KindStatus::Ingested);
        assert_eq!(reused(&m, ESR), [true, false], "October re-used, November read");
        let nov = &kind.files[1].outcome;
        assert_eq!(
            (nov.rows_read, nov.rows_accepted, nov.rows_quarantined),
            (4, 3, 1),
            "line 5 repeats October's line 4: quarantined, not staged"
        );
        assert_eq!(
            quarantined(input.path(), output.path(), "Y56_2025-11.csv"),
            [(5, duplicate_of(input.path(), "Y56_2025-10.csv", 4))]
        );
        let after = inodes(output.path());
        for part in [
            "esr_workforce/part-00000.parquet",
            "_ingest/esr_workforce/keys-00000.parquet",
        ] {
            assert_eq!(
                after.get(part),
                before.get(part),
                "{part} kept as it was (index_rows {index_rows})"
            );
        }
        // Each key part records the snapshot dates its staged rows span (days since 1970), so
        // that a new month's ingest reads only the key parts of its rows' periods: November's
        // line 5 (an October row) is why October's keys were read here. That row is not
        // staged, so November's part spans November alone.
        assert_eq!(key_periods(output.path(), 0).as_deref(), Some("20392 20392"));
        assert_eq!(key_periods(output.path(), 1).as_deref(), Some("20422 20422"));
        assert!(m.summary().contains(&format!(
            "1 unchanged file(s) re-used as staged; ingested from {} on",
            input.path().join(ESR).join("Y56_2025-11.csv").display()
        )));
        assert_same_as_cold(input.path(), output.path(), &m).await;
    }
}

/// Sets a file's modification time to `ago` before now.
fn backdate(path: &Path, ago: std::time::Duration) {
    let file = std::fs::File::options().append(true).open(path).unwrap();
    file.set_modified(std::time::SystemTime::now() - ago).unwrap();
}

/// Sets the SHA-256 the ESR marker records for file `idx` (a wrong one: a re-use decided by
/// checksum then fails, one decided by version tag does not), returning the version tag
/// recorded for the file and the checksum replaced.
fn set_recorded_checksum(output: &Path, idx: usize, sha256: &str) -> (serde_json::Value, String) {
    let path = output.join(format!("staged/_ingest/{ESR}.json"));
    let mut marker: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let file = &mut marker["metrics"]["files"][idx];
    let was = file["sha256"].as_str().unwrap().to_string();
    file["sha256"] = serde_json::Value::from(sha256);
    std::fs::write(&path, serde_json::to_vec_pretty(&marker).unwrap()).unwrap();
    (marker["versions"][idx].clone(), was)
}

#[tokio::test]
async fn a_file_left_alone_is_known_unchanged_by_its_version_tag_a_recent_one_by_its_checksum() {
    let input = tempfile::tempdir().unwrap();
    let output = tempfile::tempdir().unwrap();
    let hour = std::time::Duration::from_secs(3600);
    esr_file(input.path(), "Y56_2025-10.csv", "31/10/2025", &EMPS, &[]);
    let october = input.path().join(ESR).join("Y56_2025-10.csv");
    backdate(&october, hour);
    esr_file(input.path(), "Y56_2025-11.csv", "30/11/2025", &EMPS, &[]);
    nightly(input.path(), output.path()).await;

    // October was last written an hour before the listing: its tag is recorded and trusted (the
    // wrong checksum is not compared). November was written just now: no tag is recorded, so
    // its checksum decides, and the wrong one sends it to be read again.
    let wrong = "0".repeat(64);
    let (october_tag, october_sha) = set_recorded_checksum(output.path(), 0, &wrong);
    assert!(october_tag.is_string(), "{october_tag}");
    assert!(set_recorded_checksum(output.path(), 1, &wrong).0.is_null());
    esr_file(input.path(), "Y56_2025-12.csv", "31/12/2025", &EMPS, &[]);
    let mut m = nightly(input.path(), output.path()).await;
    assert_eq!(reused(&m, ESR), [true, false, false]);
    // October's metrics are kept from the marker, wrong checksum too: right it, to compare.
    set_recorded_checksum(output.path(), 0, &october_sha);
    let esr = m.kinds.iter_mut().find(|k| k.kind == ESR).unwrap();
    esr.files[0].outcome.sha256 = october_sha;
    assert_same_as_cold(input.path(), output.path(), &m).await;

    // October rewritten at the same size (employee 7 for employee 2), its time set back again:
    // the tag differs (the modification time), so the checksum decides and October is read.
    esr_file(
        input.path(),
        "Y56_2025-10.csv",
        "31/10/2025",
        &["10000001", "10000007", "10000003"],
        &[],
    );
    backdate(&october, 2 * hour);
    let m = nightly(input.path(), output.path()).await;
    assert_eq!(reused(&m, ESR), [false, false, false]);
    assert_same_as_cold(input.path(), output.path(), &m).await;
}

#[tokio::test]
async fn a_late_older_file_re_ingests_from_its_place_in_the_listing() {
    let input = tempfile::tempdir().unwrap();
    let output = tempfile::tempdir().unwrap();
    // November holds, on line 5, a row of the October snapshot for employee 2 (a correction
    // sent with November's file); December is plain.
    let extra = [esr_row("10000002", &[])];
    esr_file(input.path(), "Y56_2025-11.csv", "30/11/2025", &EMPS, &extra);
    esr_file(input.path(), "Y56_2025-12.csv", "31/12/2025", &EMPS, &[]);
    let first = nightly(input.path(), output.path()).await;
    assert_eq!(
        first.kind(ESR).unwrap().files[0].outcome.rows_accepted,
        4,
        "without October, November's October row is the first of its key"
    );

    // October arrives late and sorts first: employee 2's October row is now October's line 3,
    // and November's line 5 repeats it. Nothing can be kept: every file is read again.
    esr_file(input.path(), "Y56_2025-10.csv", "31/10/2025", &EMPS, &[]);
    let m = nightly(input.path(), output.path()).await;
    assert_eq!(reused(&m, ESR), [false, false, false]);
    let files = &m.kind(ESR).unwrap().files;
    assert_eq!(
        (files[1].outcome.rows_accepted, files[1].outcome.rows_quarantined),
        (3, 1),
        "November's October row is now a duplicate of October line 3"
    );
    assert_eq!(
        quarantined(input.path(), output.path(), "Y56_2025-11.csv"),
        [(5, duplicate_of(input.path(), "Y56_2025-10.csv", 3))]
    );
    assert_same_as_cold(input.path(), output.path(), &m).await;

    // A resubmission that sorts between November and December ('.' < '_'): October and
    // November are kept, the resubmission and December are read.
    esr_file(
        input.path(),
        "Y56_2025-11_resubmitted.csv",
        "30/11/2025",
        &["10000003", "10000004"],
        &[],
    );
    let m = nightly(input.path(), output.path()).await;
    assert_eq!(reused(&m, ESR), [true, true, false, false]);
    let files = &m.kind(ESR).unwrap().files;
    assert_eq!(
        (files[2].outcome.rows_accepted, files[2].outcome.rows_quarantined),
        (1, 1),
        "employee 3's November row repeats November line 4; employee 4 is new"
    );
    assert_same_as_cold(input.path(), output.path(), &m).await;
}

#[tokio::test]
async fn a_changed_file_re_ingests_from_it_and_a_removed_file_from_its_place() {
    let input = tempfile::tempdir().unwrap();
    let output = tempfile::tempdir().unwrap();
    esr_file(input.path(), "Y56_2025-10.csv", "31/10/2025", &EMPS[..2], &[]);
    esr_file(input.path(), "Y56_2025-11.csv", "30/11/2025", &EMPS, &[]);
    // December repeats, on line 4, November's row of employee 2 (November line 3) and, on
    // line 5, October's row of employee 1 (October line 2).
    let extra = [
        esr_row("10000002", &[("Snapshot Date", "30/11/2025")]),
        esr_row("10000001", &[]),
    ];
    esr_file(input.path(), "Y56_2025-12.csv", "31/12/2025", &EMPS[..2], &extra);
    let first = nightly(input.path(), output.path()).await;
    assert_eq!(first.kind(ESR).unwrap().files[2].outcome.rows_quarantined, 2);

    // November is replaced by a file of the same size in which employee 7 stands where
    // employee 2 was: the checksum tells. October is kept; November and December are read,
    // and December's line 4 is no longer a duplicate.
    let november = input.path().join(ESR).join("Y56_2025-11.csv");
    let size = std::fs::metadata(&november).unwrap().len();
    esr_file(
        input.path(),
        "Y56_2025-11.csv",
        "30/11/2025",
        &["10000001", "10000007", "10000003"],
        &[],
    );
    assert_eq!(std::fs::metadata(&november).unwrap().len(), size, "same size");
    let m = nightly(input.path(), output.path()).await;
    assert_eq!(reused(&m, ESR), [true, false, false]);
    let dec = &m.kind(ESR).unwrap().files[2].outcome;
    assert_eq!(
        (dec.rows_accepted, dec.rows_quarantined),
        (3, 1),
        "line 4 is new now; line 5 still repeats the kept October's line 2"
    );
    let october_line_2 = [(5, duplicate_of(input.path(), "Y56_2025-10.csv", 2))];
    assert_eq!(
        quarantined(input.path(), output.path(), "Y56_2025-12.csv"),
        october_line_2
    );
    assert_same_as_cold(input.path(), output.path(), &m).await;

    // November removed: December moves to place 1 (part-00001), and place 2's parts go.
    std::fs::remove_file(&november).unwrap();
    let m = nightly(input.path(), output.path()).await;
    assert_eq!(reused(&m, ESR), [true, false]);
    assert_eq!(
        quarantined(input.path(), output.path(), "Y56_2025-12.csv"),
        october_line_2
    );
    for gone in [
        "staged/esr_workforce/part-00002.parquet",
        "staged/_ingest/esr_workforce/keys-00002.parquet",
    ] {
        assert!(!output.path().join(gone).exists(), "{gone} removed");
    }
    assert_same_as_cold(input.path(), output.path(), &m).await;

    // The last file removed: nothing to read, October kept; the kind is complete again.
    std::fs::remove_file(input.path().join(ESR).join("Y56_2025-12.csv")).unwrap();
    let m = nightly(input.path(), output.path()).await;
    assert_eq!(m.kind(ESR).unwrap().status, KindStatus::Ingested);
    assert_eq!(reused(&m, ESR), [true]);
    assert_same_as_cold(input.path(), output.path(), &m).await;
    let again = nightly(input.path(), output.path()).await;
    assert_eq!(again.kind(ESR).unwrap().status, KindStatus::Reused);
    assert_eq!(reused(&again, ESR), [true]);

    // Every file removed: the kind is not supplied, and nothing of it stays staged.
    std::fs::remove_file(input.path().join(ESR).join("Y56_2025-10.csv")).unwrap();
    write(input.path(), "board", "keep-the-run-going.csv", "x\n");
    let m = nightly(input.path(), output.path()).await;
    assert_eq!(m.kind(ESR).unwrap().status, KindStatus::NotSupplied);
    let left: Vec<String> = files_under(&output.path().join("staged"))
        .into_iter()
        .map(|p| p.display().to_string())
        .filter(|p| p.contains(ESR))
        .collect();
    assert_eq!(left, Vec::<String>::new());
}

/// Generated monthly ESR snapshots (and every other kind) for one region, with defects; the
/// last month's file also repeats the first month's first five rows (an old block sent again),
/// so that ingesting it after the others were kept depends on their keys.
fn generated(dir: &Path, months: u32, kinds: Option<Vec<String>>) -> PathBuf {
    let input = dir.join("input");
    let opts = talentpipe_synth::GenerateOptions {
        seed: 18,
        regions: vec!["Y56".into()],
        people: 150,
        months,
        dirty: 0.02,
        kinds,
        ..Default::default()
    };
    talentpipe_synth::generate(&opts, &input).unwrap();
    let files = esr_files(&input);
    let first = std::fs::read_to_string(&files[0]).unwrap();
    let old_rows: String = first.lines().skip(1).take(5).map(|l| format!("{l}\n")).collect();
    let last = files.last().unwrap();
    let mut text = std::fs::read_to_string(last).unwrap();
    assert!(text.ends_with('\n'));
    text.push_str(&old_rows);
    std::fs::write(last, text).unwrap();
    input
}

/// The month files of the generated ESR extract, in listing order.
fn esr_files(input: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(input.join(ESR))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

#[test]
fn a_new_month_is_the_only_file_ingested_and_the_run_publishes_the_cold_runs_tables() {
    let dir = tempfile::tempdir().unwrap();
    let input = generated(dir.path(), 4, None);
    let months = esr_files(&input);
    assert_eq!(months.len(), 4);
    let newest = months[3].clone();
    let held = dir.path().join("held.csv");
    std::fs::rename(&newest, &held).unwrap();
    let queries = shipped_query_folders(&["staging", "intermediate", "wres", "trends"]);
    let run = |output: &Path| {
        let mut cfg = fixture_config(&input, output, queries.path(), 5);
        cfg.file.ingest.max_quarantine_share = 1.0;
        block_on(run_quiet(&cfg))
    };

    // Three months, then the fourth arrives.
    let nightly_out = dir.path().join("nightly");
    let three = run(&nightly_out);
    assert!(!three.tables.is_empty());
    let before = inodes(&nightly_out);
    std::fs::rename(&held, &newest).unwrap();
    let four = run(&nightly_out);
    let ingest = four.ingest.as_ref().expect("ingest metrics");
    let esr = ingest.kind(ESR).unwrap();
    assert_eq!(esr.status, KindStatus::Ingested);
    assert_eq!(reused(ingest, ESR), [true, true, true, false]);
    for k in ingest.supplied().filter(|k| k.kind != ESR) {
        assert_eq!(k.status, KindStatus::Reused, "{} unchanged", k.kind);
    }
    let after = inodes(&nightly_out);
    let kept: Vec<&String> = before
        .iter()
        .filter(|(name, ino)| after.get(*name) == Some(ino))
        .map(|(name, _)| name)
        .collect();
    for idx in 0..3 {
        for part in [
            format!("esr_workforce/part-{idx:05}.parquet"),
            format!("_ingest/esr_workforce/keys-{idx:05}.parquet"),
        ] {
            assert!(kept.contains(&&part), "{part} kept: {kept:?}");
        }
    }
    assert!(
        after.contains_key("esr_workforce/part-00003.parquet")
            && !before.contains_key("esr_workforce/part-00003.parquet"),
        "the new month staged"
    );
    // Defects were generated, so the re-use covers quarantine parts too; and the new month's
    // repeats of the first month's rows are quarantined against the kept file's keys.
    assert!(esr.rows_quarantined > 0, "{esr:?}");
    let repeats = esr.files[3]
        .outcome
        .reasons
        .get("Assignment Number: duplicate (snapshot_date, assignment_id)");
    assert!(
        repeats.is_some_and(|&n| n >= 3),
        "{:?}",
        esr.files[3].outcome.reasons
    );

    // A cold run over the same four months.
    let cold_out = dir.path().join("cold");
    let cold = run(&cold_out);
    assert_eq!(four.tables, cold.tables, "published tables byte-identical");
    assert_eq!(
        staged_state(&nightly_out),
        staged_state(&cold_out),
        "staged byte-identical"
    );
    for (k, c) in ingest.kinds.iter().zip(&cold.ingest.as_ref().unwrap().kinds) {
        assert_eq!(comparable(k), comparable(c), "metrics of {}", k.kind);
    }
}

// ---- crashes during an incremental ingest ----

fn config(dir: &Path, input: &Path, output: &Path) -> PathBuf {
    let path = dir.join(format!("{}.toml", output.file_name().unwrap().to_string_lossy()));
    // Tiny index and chunks: the index spills while re-filled and while read, and parts have
    // many row groups.
    let settings = "[pseudonym]\nallow_development_key = true\nkey_env = 'TALENTPIPE_TEST_KEY_NEVER_SET'\n\
                    [ingest]\nmax_quarantine_share = 1.0\nindex_rows = 20\nbatch_rows = 64\n";
    let text = format!(
        "input = '{}'\noutput = '{}'\n{settings}",
        input.display(),
        output.display()
    );
    std::fs::write(&path, text).unwrap();
    path
}

/// `talentpipe ingest` with `config` and `TMPDIR` in the config's folder; crashes at `crash`
/// (point, n) if given. The exit status and stdout (the ingest summary).
fn ingest_binary(config: &Path, crash: Option<(&str, u64)>) -> (std::process::ExitStatus, String) {
    let tmp = config.with_extension("tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    let mut c = Command::new(env!("CARGO_BIN_EXE_talentpipe"));
    c.args(["--config", &config.display().to_string(), "ingest"])
        .env("TMPDIR", &tmp)
        .env_remove(AT_ENV)
        .env_remove("TALENTPIPE_LOG")
        .stdin(Stdio::null());
    if let Some((point, n)) = crash {
        c.env(AT_ENV, format!("{point}:{n}"));
    }
    let out = c.output().expect("run the binary");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    if crash.is_none() {
        assert!(
            out.status.success(),
            "{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    (out.status, stdout)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

#[test]
fn a_killed_incremental_ingest_resumes_to_the_cold_bytes() {
    // Two months staged, two more arrive; the ingest of the increment is killed at each crash
    // point it passes (the new ones: `ingest.resume` after the staged folder was readied,
    // `ingest.file` after a file's parts and the marker for the files so far), then a plain
    // run must leave exactly what a cold ingest of the four months leaves.
    let dir = tempfile::tempdir().unwrap();
    let input = generated(dir.path(), 4, Some(vec![ESR.into()]));
    let months = esr_files(&input);
    let held = dir.path().join("held");
    std::fs::create_dir_all(&held).unwrap();
    for m in &months[2..] {
        std::fs::rename(m, held.join(m.file_name().unwrap())).unwrap();
    }
    let before = dir.path().join("two-months");
    ingest_binary(&config(dir.path(), &input, &before), None);
    for m in &months[2..] {
        std::fs::rename(held.join(m.file_name().unwrap()), m).unwrap();
    }
    let reference = dir.path().join("cold");
    ingest_binary(&config(dir.path(), &input, &reference), None);
    let want = staged_state(&reference);

    let cases: [(&str, u64, &str); 6] = [
        // Readying the folder: the marker of the two kept months written, nothing else.
        ("ingest.resume", 1, "2 unchanged file(s) re-used as staged"),
        // The third month staged and marked: the next run keeps it.
        ("ingest.file", 1, "3 unchanged file(s) re-used as staged"),
        // Mid-file: the third month's part written, its marker not.
        ("ingest.part", 1, "2 unchanged file(s) re-used as staged"),
        ("ingest.row_group", 3, "2 unchanged file(s) re-used as staged"),
        // While the re-filled index spills.
        ("ingest.spill", 1, "2 unchanged file(s) re-used as staged"),
        ("ingest.merge", 1, "re-used as staged"),
    ];
    for (i, (point, n, resumed)) in cases.into_iter().enumerate() {
        let output = dir.path().join(format!("killed-{i}"));
        copy_dir(&before, &output);
        let cfg = config(dir.path(), &input, &output);
        let (status, _) = ingest_binary(&cfg, Some((point, n)));
        assert_eq!(status.signal(), Some(6), "{point}:{n} reached and killed");
        let (_, summary) = ingest_binary(&cfg, None);
        assert!(
            summary.contains(resumed),
            "after {point}:{n}, expected '{resumed}':\n{summary}"
        );
        assert_eq!(staged_state(&output), want, "after a kill at {point}:{n}");
        // And it is complete: the next run re-uses the kind whole.
        let (_, summary) = ingest_binary(&cfg, None);
        assert!(
            summary.contains("esr_workforce   reused"),
            "{point}:{n}: {summary}"
        );
    }
}
