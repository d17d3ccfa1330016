//! Publish: suppression rules, atomic commit under injected faults, the output lock,
//! byte-identical re-runs, retention and an in-memory store.
//!
//! Expected numbers are hand-derived from the small batches built here (each test says how).

use std::sync::Arc;

use arrow::array::{
    Array, ArrayRef, BooleanArray, Date32Array, Float64Array, Int32Array, Int64Array, RecordBatch,
    StringArray,
};
use talentpipe::Error;
use talentpipe::publish::{
    FaultPoint, Manifest, PublishOptions, Publisher, ResultTable, SuppressionSpec, read_latest, read_table,
    suppress,
};
use talentpipe::storage::Location;

fn i64s(batch: &RecordBatch, name: &str) -> Vec<Option<i64>> {
    let col = batch.column_by_name(name).expect("column present");
    col.as_any()
        .downcast_ref::<Int64Array>()
        .expect("Int64")
        .iter()
        .collect()
}

fn f64s(batch: &RecordBatch, name: &str) -> Vec<Option<f64>> {
    let col = batch.column_by_name(name).expect("column present");
    col.as_any()
        .downcast_ref::<Float64Array>()
        .expect("Float64")
        .iter()
        .collect()
}

fn flags(batch: &RecordBatch) -> Vec<bool> {
    let col = batch.column_by_name("suppressed").expect("suppressed column");
    let b = col.as_any().downcast_ref::<BooleanArray>().expect("Boolean");
    assert_eq!(b.null_count(), 0, "the flag is never null");
    b.iter().map(|v| v.expect("non-null")).collect()
}

/// A leavers table: `leavers` / `staff_in_post` = `leaver_rate`, plus an unlisted average.
fn leavers_batch() -> RecordBatch {
    RecordBatch::try_from_iter([
        (
            "org",
            Arc::new(StringArray::from(vec!["A", "B", "C", "D", "E", "F"])) as ArrayRef,
        ),
        (
            "leavers",
            Arc::new(Int64Array::from(vec![
                Some(0),
                Some(1),
                Some(4),
                Some(5),
                None,
                Some(6),
            ])) as ArrayRef,
        ),
        (
            "staff_in_post",
            Arc::new(Int64Array::from(vec![10, 20, 40, 50, 60, 3])) as ArrayRef,
        ),
        (
            "leaver_rate",
            Arc::new(Float64Array::from(vec![
                Some(0.0),
                Some(0.05),
                Some(0.1),
                Some(0.1),
                None,
                Some(2.0),
            ])) as ArrayRef,
        ),
        (
            "mean_fte",
            Arc::new(Float64Array::from(vec![0.9, 0.8, 0.7, 0.6, 0.5, 0.4])) as ArrayRef,
        ),
        (
            "band_code",
            Arc::new(Int32Array::from(vec![5, 5, 6, 6, 7, 7])) as ArrayRef,
        ),
    ])
    .expect("valid batch")
}

fn leavers_spec() -> SuppressionSpec {
    SuppressionSpec {
        counts: vec!["leavers".into(), "staff_in_post".into()],
        derived: vec![(
            "leaver_rate".into(),
            vec!["leavers".into(), "staff_in_post".into()],
        )],
    }
}

#[test]
fn suppression_edge_cases_k5() {
    // k = 5: counts 1..=4 are withheld; 0, 5 and above are published; null stays null.
    // Row A: leavers 0 (published), staff 10 -> nothing withheld.
    // Row B: leavers 1 -> withheld; its rate withheld; mean_fte (unlisted float) withheld.
    // Row C: leavers 4 (k-1) -> withheld, as B.
    // Row D: leavers 5 (k) -> published; rate kept.
    // Row E: leavers null -> stays null, not a suppression; rate (null) stays; mean_fte kept.
    // Row F: staff 3 -> withheld; rate derived from staff too -> withheld; leavers 6 kept.
    let out = suppress(&leavers_batch(), &leavers_spec(), 5).expect("suppress");
    assert_eq!(
        i64s(&out, "leavers"),
        vec![Some(0), None, None, Some(5), None, Some(6)]
    );
    assert_eq!(
        i64s(&out, "staff_in_post"),
        vec![Some(10), Some(20), Some(40), Some(50), Some(60), None]
    );
    assert_eq!(
        f64s(&out, "leaver_rate"),
        vec![Some(0.0), None, None, Some(0.1), None, None]
    );
    assert_eq!(
        f64s(&out, "mean_fte"),
        vec![Some(0.9), None, None, Some(0.6), Some(0.5), None]
    );
    // Integer columns that are not counts (a band code) are never touched.
    let band = out.column_by_name("band_code").expect("band_code");
    assert_eq!(band.null_count(), 0);
    assert_eq!(flags(&out), vec![false, true, true, false, false, true]);
    let last = out.schema().fields().last().cloned().expect("has fields");
    assert_eq!(last.name(), "suppressed", "the flag is the final column");
    assert!(
        out.schema()
            .field_with_name("leavers")
            .expect("leavers")
            .is_nullable()
    );
}

#[test]
fn rate_is_withheld_only_with_its_own_counts() {
    // Two rates: `rate_a` from count `a`, `rate_b` from count `b`. Row 0 has a = 2 (withheld)
    // and b = 9 (published): rate_a is withheld, rate_b is kept (it is listed, so the
    // conservative default does not apply to it). Row 1: both published, both rates kept.
    let batch = RecordBatch::try_from_iter([
        ("a", Arc::new(Int64Array::from(vec![2, 7])) as ArrayRef),
        ("b", Arc::new(Int64Array::from(vec![9, 8])) as ArrayRef),
        ("rate_a", Arc::new(Float64Array::from(vec![0.2, 0.7])) as ArrayRef),
        ("rate_b", Arc::new(Float64Array::from(vec![0.9, 0.8])) as ArrayRef),
    ])
    .expect("valid batch");
    let spec = SuppressionSpec {
        counts: vec!["a".into(), "b".into()],
        derived: vec![
            ("rate_a".into(), vec!["a".into()]),
            ("rate_b".into(), vec!["b".into()]),
        ],
    };
    let out = suppress(&batch, &spec, 5).expect("suppress");
    assert_eq!(f64s(&out, "rate_a"), vec![None, Some(0.7)]);
    assert_eq!(f64s(&out, "rate_b"), vec![Some(0.9), Some(0.8)]);
    assert_eq!(flags(&out), vec![true, false]);
}

#[test]
fn float_and_narrow_integer_counts() {
    // A Float64 count (e.g. a sum of whole FTE counted as a count) and an Int32 count, k = 5:
    // 3.0 and 2 are withheld, 5.0 and 0 published.
    let batch = RecordBatch::try_from_iter([
        (
            "fte_count",
            Arc::new(Float64Array::from(vec![3.0, 5.0])) as ArrayRef,
        ),
        ("posts", Arc::new(Int32Array::from(vec![0, 2])) as ArrayRef),
    ])
    .expect("valid batch");
    let spec = SuppressionSpec {
        counts: vec!["fte_count".into(), "posts".into()],
        derived: vec![],
    };
    let out = suppress(&batch, &spec, 5).expect("suppress");
    assert_eq!(f64s(&out, "fte_count"), vec![None, Some(5.0)]);
    let posts = out.column_by_name("posts").expect("posts");
    let posts: Vec<Option<i32>> = posts
        .as_any()
        .downcast_ref::<Int32Array>()
        .expect("Int32")
        .iter()
        .collect();
    assert_eq!(posts, vec![Some(0), None]);
    assert_eq!(flags(&out), vec![true, true]);
}

#[test]
fn missing_spec_column_is_named() {
    let spec = SuppressionSpec {
        counts: vec!["joiners".into()],
        derived: vec![],
    };
    let err = suppress(&leavers_batch(), &spec, 5).expect_err("joiners is not a column");
    assert!(err.to_string().contains("'joiners'"), "{err}");

    let spec = SuppressionSpec {
        counts: vec!["leavers".into()],
        derived: vec![("turnover".into(), vec!["leavers".into()])],
    };
    let err = suppress(&leavers_batch(), &spec, 5).expect_err("turnover is not a column");
    assert!(err.to_string().contains("'turnover'"), "{err}");
}

#[tokio::test]
async fn missing_spec_column_names_the_table() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = Location::local(dir.path()).expect("location");
    let mut p = Publisher::begin(&out, options(None)).await.expect("begin");
    let mut t = leavers_table();
    t.suppression.counts.push("joiners".into());
    let err = p.write_table(&t).await.expect_err("joiners is missing");
    let msg = err.to_string();
    assert!(
        msg.contains("table leavers") && msg.contains("'joiners'"),
        "{msg}"
    );
    p.abort().await.expect("abort");
}

fn leavers_table() -> ResultTable {
    let batch = leavers_batch();
    ResultTable {
        name: "leavers".into(),
        schema: batch.schema(),
        batches: vec![batch],
        suppression: leavers_spec(),
    }
}

/// A second table with a date column (CSV must show it as ISO) and no rows in one batch.
fn headcount_table() -> ResultTable {
    let batch = RecordBatch::try_from_iter([
        (
            "month",
            Arc::new(Date32Array::from(vec![19_723, 19_754])) as ArrayRef,
        ), // 2024-01-01, 2024-02-01
        ("headcount", Arc::new(Int64Array::from(vec![120, 3])) as ArrayRef),
    ])
    .expect("valid batch");
    let empty = RecordBatch::new_empty(batch.schema());
    ResultTable {
        name: "headcount".into(),
        schema: batch.schema(),
        batches: vec![batch, empty],
        suppression: SuppressionSpec {
            counts: vec!["headcount".into()],
            derived: vec![],
        },
    }
}

fn options(fault: Option<FaultPoint>) -> PublishOptions {
    PublishOptions {
        suppression_threshold: 5,
        keep_runs: 5,
        fault,
    }
}

fn manifest() -> Manifest {
    Manifest {
        kind: "regional".into(),
        region: "test-region".into(),
        ..Default::default()
    }
}

async fn publish_run(out: &Location, opts: PublishOptions) -> talentpipe::Result<Manifest> {
    let mut p = Publisher::begin(out, opts).await?;
    for t in [leavers_table(), headcount_table()] {
        if let Err(e) = p.write_table(&t).await {
            p.abort().await?;
            return Err(e);
        }
    }
    p.commit(manifest()).await
}

/// The latest run is the one expected, and all its tables read back with the right rows.
async fn assert_latest_readable(out: &Location, run_id: &str) {
    let (latest, m) = read_latest(out)
        .await
        .expect("read_latest")
        .expect("a committed run");
    assert_eq!(latest, run_id);
    assert_eq!(m.run_id, run_id);
    assert_eq!(m.status, "succeeded");
    assert_eq!(m.tables.len(), 2);
    for t in &m.tables {
        for folder in ["restricted", "published"] {
            let batches = read_table(out, &latest, folder, &t.name)
                .await
                .expect("table readable");
            let rows: usize = batches.iter().map(|b| b.num_rows()).sum();
            assert_eq!(rows as u64, t.rows, "{folder}/{}", t.name);
        }
    }
}

#[tokio::test]
async fn commit_writes_tables_manifest_and_latest() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = Location::local(&dir.path().join("out")).expect("location");
    assert!(
        read_latest(&out).await.expect("read_latest").is_none(),
        "nothing committed yet"
    );
    let m = publish_run(&out, options(None)).await.expect("run");
    assert_latest_readable(&out, &m.run_id).await;

    // Run id: YYYYMMDDTHHMMSSfffZ-xxxxxx.
    let (stamp, suffix) = m.run_id.split_once('-').expect("two parts");
    assert_eq!(stamp.len(), 19, "{stamp}");
    assert!(stamp.ends_with('Z') && stamp.as_bytes()[8] == b'T', "{stamp}");
    assert_eq!(suffix.len(), 6);
    assert!(suffix.chars().all(|c| c.is_ascii_hexdigit()));

    // leavers: rows B, C, F withheld (see suppression_edge_cases_k5); headcount: 3 withheld.
    let leavers = m.tables.iter().find(|t| t.name == "leavers").expect("leavers");
    assert_eq!((leavers.rows, leavers.suppressed_rows), (6, 3));
    assert_eq!(leavers.restricted.path, "restricted/leavers.parquet");
    assert_eq!(leavers.published_csv.path, "published/leavers.csv");
    let headcount = m
        .tables
        .iter()
        .find(|t| t.name == "headcount")
        .expect("headcount");
    assert_eq!((headcount.rows, headcount.suppressed_rows), (2, 1));

    // The restricted table keeps exact values; the published one withholds them.
    let restricted = read_table(&out, &m.run_id, "restricted", "headcount")
        .await
        .expect("restricted");
    assert_eq!(i64s(&restricted[0], "headcount"), vec![Some(120), Some(3)]);
    assert!(restricted[0].column_by_name("suppressed").is_none());
    let published = read_table(&out, &m.run_id, "published", "headcount")
        .await
        .expect("published");
    assert_eq!(i64s(&published[0], "headcount"), vec![Some(120), None]);

    let run = dir.path().join("out/runs").join(&m.run_id);
    let csv = std::fs::read_to_string(run.join("published/headcount.csv")).expect("csv");
    assert_eq!(
        csv,
        "month,headcount,suppressed\n2024-01-01,120,false\n2024-02-01,,true\n"
    );
    let latest = std::fs::read_to_string(dir.path().join("out/LATEST")).expect("LATEST");
    assert_eq!(latest, format!("{}\n", m.run_id));
    assert!(!dir.path().join("out/_lock").exists(), "lock released");

    // Checksums in the manifest match the files.
    for t in &m.tables {
        for f in [&t.restricted, &t.published_parquet, &t.published_csv] {
            let bytes = std::fs::read(run.join(&f.path)).expect("file");
            assert_eq!(bytes.len() as u64, f.bytes, "{}", f.path);
            use sha2::Digest;
            assert_eq!(hex::encode(sha2::Sha256::digest(&bytes)), f.sha256, "{}", f.path);
        }
    }
    assert_eq!(m.suppression.threshold, 5);
    assert!(!m.finished_at.is_empty() && !m.talentpipe_version.is_empty());
}

#[tokio::test]
async fn faults_leave_previous_run_readable() {
    let points = [
        FaultPoint::AfterRestricted,
        FaultPoint::AfterPublished,
        FaultPoint::BeforeManifest,
        FaultPoint::AfterManifest,
        FaultPoint::BeforeLatest,
    ];
    for point in points {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = Location::local(dir.path()).expect("location");
        let first = publish_run(&out, options(None)).await.expect("first run");
        let err = publish_run(&out, options(Some(point)))
            .await
            .expect_err("fault injected");
        assert!(
            matches!(&err, Error::Internal(m) if m.contains("injected fault")),
            "{point:?}: {err}"
        );
        assert_latest_readable(&out, &first.run_id).await;
        // The lock was released (or aborted), so a third run goes ahead and supersedes both.
        let third = publish_run(&out, options(None))
            .await
            .expect("third run after the fault");
        assert_latest_readable(&out, &third.run_id).await;
    }
}

#[tokio::test]
async fn lock_contention_and_stale_takeover() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = Location::local(dir.path()).expect("location");
    let holder = Publisher::begin(&out, options(None)).await.expect("first begin");
    let err = Publisher::begin(&out, options(None)).await.expect_err("locked");
    match &err {
        Error::Locked { owner, hint, .. } => {
            assert!(owner.contains(holder.run_id()), "owner names the run: {owner}");
            assert!(
                owner.contains(&std::process::id().to_string()),
                "owner names the pid: {owner}"
            );
            assert!(hint.contains("_lock"), "hint says how to remove it: {hint}");
        }
        other => panic!("expected Locked, got {other}"),
    }
    holder.abort().await.expect("abort");
    assert!(!dir.path().join("_lock").exists(), "abort releases the lock");

    // A stale lock: this host, a pid that cannot exist.
    let stale = serde_json::json!({
        "host": talentpipe::publish::lock::this_host(),
        "pid": 999_999_999u32,
        "run_id": "20000101T000000000Z-dead00",
        "started_at": "2000-01-01T00:00:00.000Z",
    });
    std::fs::write(dir.path().join("_lock"), stale.to_string()).expect("write lock");
    let p = Publisher::begin(&out, options(None))
        .await
        .expect("stale lock taken over");
    let lock = std::fs::read_to_string(dir.path().join("_lock")).expect("lock");
    assert!(
        lock.contains(p.run_id()),
        "the lock now names the new run: {lock}"
    );
    p.commit(manifest()).await.expect("commit");
    assert!(!dir.path().join("_lock").exists());

    // A lock from another host is never taken over automatically.
    let foreign = serde_json::json!({
        "host": "some-other-host.invalid",
        "pid": 999_999_999u32,
        "run_id": "20000101T000000000Z-0ther0",
        "started_at": "2000-01-01T00:00:00.000Z",
    });
    std::fs::write(dir.path().join("_lock"), foreign.to_string()).expect("write lock");
    let err = Publisher::begin(&out, options(None))
        .await
        .expect_err("foreign lock");
    assert!(
        matches!(&err, Error::Locked { owner, .. } if owner.contains("some-other-host.invalid")),
        "{err}"
    );
}

#[tokio::test]
async fn identical_batches_give_identical_bytes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = Location::local(dir.path()).expect("location");
    let a = publish_run(&out, options(None)).await.expect("run a");
    let b = publish_run(&out, options(None)).await.expect("run b");
    assert_ne!(a.run_id, b.run_id);
    assert_eq!(a.tables, b.tables, "same paths, sizes and sha256 for every file");
}

#[tokio::test]
async fn retention_keeps_newest_runs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = Location::local(dir.path()).expect("location");
    let opts = || PublishOptions {
        keep_runs: 2,
        ..options(None)
    };
    // A crashed run (no manifest) from before: deleted by the next commit.
    std::fs::create_dir_all(dir.path().join("runs/20000101T000000000Z-c0ffee/restricted")).expect("mkdir");
    std::fs::write(
        dir.path()
            .join("runs/20000101T000000000Z-c0ffee/restricted/x.parquet"),
        b"partial",
    )
    .expect("write");

    let mut ids = Vec::new();
    for _ in 0..3 {
        ids.push(publish_run(&out, opts()).await.expect("run").run_id);
    }
    let mut folders: Vec<String> = std::fs::read_dir(dir.path().join("runs"))
        .expect("runs folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    assert_eq!(
        folders,
        ids[1..].to_vec(),
        "keep_runs = 2: the two newest of three runs"
    );
    let (latest, _) = read_latest(&out).await.expect("read").expect("some");
    assert_eq!(latest, ids[2]);
    assert_latest_readable(&out, &ids[2]).await;
}

#[tokio::test]
async fn in_memory_store() {
    let out = Location::parse("memory://publish-test/out", std::path::Path::new(".")).expect("location");
    let first = publish_run(&out, options(None)).await.expect("first run");
    assert_latest_readable(&out, &first.run_id).await;
    let err = publish_run(&out, options(Some(FaultPoint::BeforeLatest)))
        .await
        .expect_err("fault");
    assert!(err.to_string().contains("injected fault"), "{err}");
    assert_latest_readable(&out, &first.run_id).await;

    // Lock contention on the memory store too.
    let holder = Publisher::begin(&out, options(None)).await.expect("begin");
    assert!(matches!(
        Publisher::begin(&out, options(None)).await,
        Err(Error::Locked { .. })
    ));
    holder.abort().await.expect("abort");

    // A stale lock on a store with conditional updates is taken over by `PutMode::Update`.
    let stale = serde_json::json!({
        "host": talentpipe::publish::lock::this_host(),
        "pid": 999_999_999u32,
        "run_id": "20000101T000000000Z-dead00",
        "started_at": "2000-01-01T00:00:00.000Z",
    });
    out.put("_lock", stale.to_string()).await.expect("write lock");
    let p = Publisher::begin(&out, options(None))
        .await
        .expect("stale lock taken over");
    let lock = out.get_opt("_lock").await.expect("get").expect("lock present");
    assert!(String::from_utf8_lossy(&lock).contains(p.run_id()));
    p.abort().await.expect("abort");
    assert!(out.get_opt("_lock").await.expect("get").is_none(), "released");

    // Identical bytes across stores: the table files do not depend on where they are written.
    let dir = tempfile::tempdir().expect("tempdir");
    let local = publish_run(&Location::local(dir.path()).expect("location"), options(None))
        .await
        .expect("local run");
    assert_eq!(first.tables, local.tables);
}
