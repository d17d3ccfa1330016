//! Shared helpers for integration tests: run the whole pipeline on a fixture input root and
//! read back the tables it committed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use arrow::array::{Array, AsArray, RecordBatch};
use arrow::compute::concat_batches;
use arrow::datatypes::DataType;
use talentpipe::config::{Config, FileConfig, Overrides};
use talentpipe::ops::{self, run::RunOptions};
use talentpipe::publish::{self, Manifest};
use talentpipe::storage::Location;

/// The repository's shipped `queries/` folder.
pub fn shipped_queries() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("queries")
}

/// A temporary queries folder holding the given shipped query folders (e.g. `staging`, `wres`):
/// a test runs only the layers it is about, so work in progress elsewhere cannot break it.
pub fn shipped_query_folders(folders: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for folder in folders {
        copy_dir(&shipped_queries().join(folder), &dir.path().join(folder));
    }
    dir
}

/// The layers every metric reads: `staging/` and `intermediate/`.
pub const BASE_LAYERS: [&str; 2] = ["staging", "intermediate"];

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create query folder copy");
    let Ok(entries) = std::fs::read_dir(from) else {
        return; // a layer with no files yet
    };
    for entry in entries {
        let path = entry.expect("folder entry").path();
        let target = to.join(path.file_name().expect("file name"));
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy query");
        }
    }
}

/// A config for a fixture: development key, suppression threshold `k`, output in `output`.
pub fn fixture_config(input: &Path, output: &Path, queries: &Path, k: i64) -> Config {
    let mut file = FileConfig {
        input: Some(input.display().to_string()),
        output: Some(output.display().to_string()),
        region: Some("Y56".into()),
        queries: Some(queries.display().to_string()),
        ..Default::default()
    };
    file.pseudonym.allow_development_key = true;
    file.pseudonym.key_env = "TALENTPIPE_TEST_KEY_NEVER_SET".into();
    file.publish.suppression_threshold = k;
    Config::resolve(None, file, &Overrides::default(), Path::new("/")).expect("fixture config")
}

/// Runs `future` to completion on its own two-worker tokio runtime, on a thread of its own, so a
/// plain `#[test]` or a `OnceLock` initialiser (shared fixture runs) can drive the async
/// pipeline. A panic inside is re-raised here.
pub fn block_on<T: Send>(future: impl std::future::Future<Output = T> + Send) -> T {
    std::thread::scope(|s| {
        s.spawn(|| {
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("tokio runtime")
                .block_on(future)
        })
        .join()
        .unwrap_or_else(|e| std::panic::resume_unwind(e))
    })
}

/// `ops::run::run` without progress output; a failed run fails the test with its error.
pub async fn run_quiet(cfg: &Config) -> Manifest {
    let options = RunOptions { ..Default::default() };
    ops::run::run(cfg, &options)
        .await
        .unwrap_or_else(|e| panic!("pipeline run failed: {e}"))
}

/// Runs ingest + queries + publish; returns the manifest and every restricted table
/// (exact numbers, before suppression), each concatenated into one batch.
pub async fn run_fixture(input: &Path, queries: &Path) -> (Manifest, BTreeMap<String, RecordBatch>) {
    let output = tempfile::tempdir().expect("tempdir");
    let cfg = fixture_config(input, output.path(), queries, 5);
    let manifest = run_quiet(&cfg).await;
    let tables = read_tables(&cfg.output, &manifest, "restricted").await;
    (manifest, tables)
}

/// Reads every table of a committed run from `folder` (`restricted` or `published`).
pub async fn read_tables(
    output: &Location,
    manifest: &Manifest,
    folder: &str,
) -> BTreeMap<String, RecordBatch> {
    let mut tables = BTreeMap::new();
    for t in &manifest.tables {
        let batches = publish::read_table(output, &manifest.run_id, folder, &t.name)
            .await
            .expect("read table");
        let schema = batches.first().map(|b| b.schema());
        if let Some(schema) = schema {
            tables.insert(t.name.clone(), concat_batches(&schema, &batches).expect("concat"));
        }
    }
    tables
}

/// The index of the single row whose columns equal the given values (as text; "" = null).
pub fn row(batch: &RecordBatch, filters: &[(&str, &str)]) -> usize {
    let matches: Vec<usize> = (0..batch.num_rows())
        .filter(|&i| filters.iter().all(|(c, v)| text(batch, c, i) == *v))
        .collect();
    assert_eq!(
        matches.len(),
        1,
        "expected one row matching {filters:?}, found {}",
        matches.len()
    );
    matches[0]
}

/// A cell as text ("" for null).
pub fn text(batch: &RecordBatch, column: &str, i: usize) -> String {
    let c = batch
        .column_by_name(column)
        .unwrap_or_else(|| panic!("no column {column} in {:?}", batch.schema()));
    if c.is_null(i) {
        return String::new();
    }
    let s = arrow::compute::cast(c, &DataType::Utf8).expect("cast to text");
    s.as_string::<i32>().value(i).to_string()
}

/// A numeric cell as f64 (None for null).
pub fn num(batch: &RecordBatch, column: &str, i: usize) -> Option<f64> {
    let c = batch
        .column_by_name(column)
        .unwrap_or_else(|| panic!("no column {column}"));
    if c.is_null(i) {
        return None;
    }
    let f = arrow::compute::cast(c, &DataType::Float64).expect("cast to f64");
    Some(f.as_primitive::<arrow::datatypes::Float64Type>().value(i))
}

/// Asserts `actual` equals `expected` to 4 decimal places.
#[track_caller]
pub fn approx(actual: Option<f64>, expected: f64) {
    let a = actual.expect("value is null");
    assert!((a - expected).abs() < 5e-5, "expected {expected:.4}, got {a:.6}");
}
