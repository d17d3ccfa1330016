//! `talentpipe explain` (issue 17 part 3) on the bundled sample: one run of `sample_data/` with
//! the shipped `staging/`, `intermediate/` and `wres/` queries, then explanations of WRES
//! indicator 2 rows checked against the run's own published tables and manifest.
//!
//! Where the expected numbers come from: the counts are those the run publishes for the sample
//! (`sample_data/` is pinned to the generator's output by
//! `ingest::committed_sample_data_is_the_generator_output`, so they are fixed); every rate is
//! worked by hand from them with the definitions in `queries/wres/wres_indicator_2.sql`'s
//! header (NHS England WRES technical guidance, indicator 2): likelihood = appointed /
//! shortlisted (4 dp), relative likelihood = likelihood White / likelihood BME (4 dp), adverse
//! outside 0.80-1.25. Suppression: threshold 5 (the fixture config), counts 1..4 withheld.
//!
//! Explain reads the committed run alone: the run is made from a copy of the query folders,
//! which is deleted before anything is explained (and the binary runs where no `queries/` is).
//!
//! Everything that needs the output root is computed once, in [`sample`], and the output root is
//! then deleted, so the tests leave nothing behind.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use arrow::array::RecordBatch;
use talentpipe::ExitCode;
use talentpipe::explain::{self, CellStatus, ExplainRequest, Explanation, Role};
use talentpipe::publish::Manifest;
use talentpipe::storage::Location;

use crate::support::{
    block_on, fixture_config, num, read_tables, row, run_quiet, shipped_query_folders, text,
};

const TABLE: &str = "wres_indicator_2";

/// An error as the tests see it: its exit code and message.
type Failure = (ExitCode, String);

struct Sample {
    manifest: Manifest,
    published: BTreeMap<String, RecordBatch>,
    restricted: BTreeMap<String, RecordBatch>,
    /// `explain wres_indicator_2 --org R4K`
    r4k: Explanation,
    /// `--org RNN`: a row with a withheld count.
    rnn: Explanation,
    /// `--where region_code=Y60 --where org_code=`: the Midlands total.
    y60_total: Explanation,
    /// No filter: every row matches.
    unfiltered: Explanation,
    unknown_table: Failure,
    unknown_column: Failure,
    org_not_found: Failure,
    /// The binary: `--format json`, text, and an unknown table.
    bin_json: Output,
    bin_text: Output,
    bin_unknown: Output,
    /// `--org R4K` after a recruitment quarantine part was removed (as a later ingest would
    /// rewrite it): the manifest's reason counts are used instead.
    after_quarantine_rewrite: Explanation,
    /// `--org R4K` while the published file holds other bytes (the restricted copy's): refused.
    tampered: Failure,
    /// The same run after its manifest was rewritten without the query details (as an older
    /// version wrote it): the manifest still loads, explain refuses with its reason.
    old_manifest: Failure,
    /// The old manifest as read back (it must load).
    old_manifest_read: Manifest,
}

fn request(org: Option<&str>, filters: &[(&str, &str)]) -> ExplainRequest {
    ExplainRequest {
        table: TABLE.into(),
        org: org.map(str::to_string),
        filters: filters
            .iter()
            .map(|(c, v)| (c.to_string(), v.to_string()))
            .collect(),
    }
}

fn binary(output: &Path, args: &[&str]) -> Output {
    let cwd = output.parent().expect("output has a parent");
    assert!(!cwd.join("queries").exists() && !cwd.join("talentpipe.toml").exists());
    Command::new(env!("CARGO_BIN_EXE_talentpipe"))
        .env_remove("TALENTPIPE_CONFIG")
        .env_remove("TALENTPIPE_REGION")
        .current_dir(cwd) // no talentpipe.toml and no queries/ there
        .arg("-q")
        .arg("--output")
        .arg(output)
        .arg("explain")
        .args(args)
        .output()
        .expect("run the talentpipe binary")
}

/// SHA-256 of a file's bytes, lower-case hex.
fn sha256_of(path: &Path) -> String {
    use sha2::Digest;
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    hex::encode(sha2::Sha256::digest(bytes))
}

/// Rewrites the committed manifest of the run in `out_dir` as a version before the query
/// details were recorded wrote it: no `path`, `sql_sha256`, `reads` or `definition`.
fn strip_query_details(out_dir: &Path, run_id: &str) {
    let path = out_dir.join("runs").join(run_id).join("manifest.json");
    let text = std::fs::read_to_string(&path).expect("read manifest");
    let mut json: serde_json::Value = serde_json::from_str(&text).expect("manifest JSON");
    for q in json["queries"].as_array_mut().expect("queries") {
        let q = q.as_object_mut().expect("query object");
        for field in ["path", "sql_sha256", "reads", "definition"] {
            assert!(q.remove(field).is_some(), "the run recorded {field}");
        }
    }
    json.as_object_mut()
        .expect("manifest object")
        .remove("partial_tables");
    std::fs::write(&path, serde_json::to_string_pretty(&json).expect("JSON")).expect("write manifest");
}

fn sample() -> &'static Sample {
    static SAMPLE: OnceLock<Sample> = OnceLock::new();
    SAMPLE.get_or_init(|| {
        let input = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data");
        let queries = shipped_query_folders(&["staging", "intermediate", "wres"]);
        let root = tempfile::tempdir().expect("tempdir");
        let out_dir: PathBuf = root.path().join("out");
        let cfg = fixture_config(&input, &out_dir, queries.path(), 5);
        block_on(async {
            let manifest = run_quiet(&cfg).await;
            // From here on, only the committed run: the query folder it ran is gone.
            let queries_path = queries.path().to_path_buf();
            queries.close().expect("delete the query folder copy");
            assert!(!queries_path.exists());
            let published = read_tables(&cfg.output, &manifest, "published").await;
            let restricted = read_tables(&cfg.output, &manifest, "restricted").await;
            let ok = |r: talentpipe::Result<Explanation>| r.unwrap_or_else(|e| panic!("explain failed: {e}"));
            let fail = |r: talentpipe::Result<Explanation>| match r {
                Ok(_) => panic!("explain should have failed"),
                Err(e) => (e.exit_code(), e.to_string()),
            };
            let out = &cfg.output;
            let mut unknown = request(None, &[]);
            unknown.table = "wres_indicator2".into();
            Sample {
                r4k: ok(explain::explain(out, &request(Some("R4K"), &[])).await),
                rnn: ok(explain::explain(out, &request(Some("rnn"), &[])).await),
                y60_total: ok(explain::explain(
                    out,
                    &request(None, &[("region_code", "Y60"), ("org_code", "")]),
                )
                .await),
                unfiltered: ok(explain::explain(out, &request(None, &[])).await),
                unknown_table: fail(explain::explain(out, &unknown).await),
                unknown_column: fail(explain::explain(out, &request(None, &[("trust", "R4K")])).await),
                org_not_found: fail(explain::explain(out, &request(Some("XYZ"), &[])).await),
                bin_json: binary(&out_dir, &[TABLE, "--org", "R4K", "--format", "json"]),
                bin_text: binary(&out_dir, &[TABLE, "--org", "R4K"]),
                bin_unknown: binary(&out_dir, &["no_such_table"]),
                after_quarantine_rewrite: {
                    let part = out_dir.join("staged/quarantine/recruitment-00000.parquet");
                    std::fs::remove_file(&part).expect("the sample quarantines a Y56 recruitment row");
                    ok(explain::explain(out, &request(Some("R4K"), &[])).await)
                },
                tampered: {
                    let run = out_dir.join("runs").join(&manifest.run_id);
                    let published = run.join(format!("published/{TABLE}.parquet"));
                    let kept = std::fs::read(&published).expect("published file");
                    std::fs::copy(run.join(format!("restricted/{TABLE}.parquet")), &published)
                        .expect("copy over the published file");
                    let failure = fail(explain::explain(out, &request(Some("R4K"), &[])).await);
                    std::fs::write(&published, kept).expect("restore the published file");
                    failure
                },
                old_manifest: {
                    strip_query_details(&out_dir, &manifest.run_id);
                    fail(explain::explain(out, &request(Some("R4K"), &[])).await)
                },
                old_manifest_read: talentpipe::publish::read_latest(out)
                    .await
                    .expect("an older manifest still loads")
                    .expect("committed")
                    .1,
                manifest,
                published,
                restricted,
            }
        })
    })
}

/// The published row of `org` in wres_indicator_2.
fn published_row(s: &Sample, org: &str) -> usize {
    row(&s.published[TABLE], &[("org_code", org)])
}

/// The cell of `column` in the single explained row.
fn cell<'a>(e: &'a Explanation, column: &str) -> &'a explain::CellExplanation {
    assert_eq!(e.rows.len(), 1, "one row explained");
    e.rows[0]
        .cells
        .iter()
        .find(|c| c.column == column)
        .unwrap_or_else(|| panic!("no cell {column}"))
}

fn value(e: &Explanation, column: &str) -> Option<f64> {
    cell(e, column).value.as_f64()
}

#[track_caller]
fn close(actual: Option<f64>, expected: f64) {
    let a = actual.expect("a published number");
    assert!((a - expected).abs() < 5e-5, "expected {expected:.4}, got {a}");
}

#[test]
fn r4k_counts_and_rates_as_published_and_worked_by_hand() {
    let s = sample();
    let e = &s.r4k;
    let t = &s.published[TABLE];
    let i = published_row(s, "R4K");
    assert_eq!(e.rows[0].row_number, i + 1);
    // Every count is the published cell; the sample's values are 117, 22, 56 and 7.
    for (column, expected) in [
        ("shortlisted_white", 117.0),
        ("appointed_white", 22.0),
        ("shortlisted_bme", 56.0),
        ("appointed_bme", 7.0),
    ] {
        let c = cell(e, column);
        assert_eq!(c.role, Role::Count, "{column}");
        assert_eq!(c.status, CellStatus::Published, "{column}");
        assert_eq!(value(e, column), num(t, column, i), "{column} as published");
        assert_eq!(value(e, column), Some(expected), "{column}");
    }
    // By hand: likelihood_white = 22 / 117 = 0.18803 -> 0.1880; likelihood_bme = 7 / 56 = 0.1250;
    // relative_likelihood = (22/117) / (7/56) = 0.188034 / 0.125 = 1.50427 -> 1.5043 (> 1.25: adverse).
    close(value(e, "likelihood_white"), 0.1880);
    close(value(e, "likelihood_bme"), 0.1250);
    close(value(e, "relative_likelihood"), 1.5043);
    assert_eq!(cell(e, "adverse").value, serde_json::Value::Bool(true));
    for rate in ["likelihood_white", "likelihood_bme", "relative_likelihood"] {
        assert_eq!(value(e, rate), num(t, rate, i), "{rate} as published");
        assert_eq!(cell(e, rate).role, Role::Rate);
    }
    // The formula of each rate comes from the header's derived: line, its SQL from the final SELECT.
    assert_eq!(
        cell(e, "likelihood_white").derived_from,
        ["shortlisted_white", "appointed_white"]
    );
    let d = e
        .table
        .derived
        .iter()
        .find(|d| d.rate == "likelihood_white")
        .expect("derived");
    assert_eq!(
        d.formula,
        "likelihood_white <- shortlisted_white, appointed_white"
    );
    assert_eq!(d.expression.as_deref(), Some("ROUND(reference_likelihood, 4)"));
    assert_eq!(
        cell(e, "shortlisted_white").expression.as_deref(),
        Some("reference_denominator_count")
    );
    assert!(!e.rows[0].suppressed);
    assert_eq!(e.selection.rows_matched, 1);
    assert_eq!(e.selection.rows_in_table, t.num_rows());
}

#[test]
fn query_header_chain_and_checksums_come_from_the_run() {
    let e = &sample().r4k;
    assert!(
        e.table.file.ends_with("wres/wres_indicator_2.sql"),
        "{}",
        e.table.file
    );
    // The path below the queries folder and the checksum of the SQL the run ran: the shipped
    // file's (the run read a byte copy of it, deleted since).
    assert_eq!(e.table.path, "wres/wres_indicator_2.sql");
    let shipped = crate::support::shipped_queries();
    assert_eq!(e.table.sql_sha256, sha256_of(&shipped.join(&e.table.path)));
    assert!(
        e.table
            .title
            .as_deref()
            .is_some_and(|t| t.starts_with("WRES indicator 2"))
    );
    assert!(
        e.table
            .grain
            .as_deref()
            .is_some_and(|g| g.contains("org_code null = region total"))
    );
    assert!(
        e.table
            .source
            .as_deref()
            .is_some_and(|s| s.contains("indicator 2"))
    );
    assert_eq!(e.table.needs.as_deref(), Some(&["recruitment".to_string()][..]));
    assert_eq!(e.table.reads, ["equality_relative_likelihoods"]);
    assert!(
        e.table
            .notes
            .iter()
            .any(|n| n.contains("likelihood_* = appointed /"))
    );
    // The chain: what equality_relative_likelihoods reads, down to staging, each with its file.
    let names: Vec<&str> = e.chain.iter().map(|m| m.name.as_str()).collect();
    for model in [
        "equality_relative_likelihoods",
        "equality_events",
        "applications_in_reporting_year",
        "esr_organisation_region",
        "snapshots_in_use",
    ] {
        assert!(names.contains(&model), "{model} missing from {names:?}");
    }
    let pos = |n: &str| names.iter().position(|x| *x == n).expect("in chain");
    assert!(
        pos("equality_events") < pos("equality_relative_likelihoods"),
        "run order"
    );
    let apps = &e.chain[pos("applications_in_reporting_year")];
    assert!(apps.file.ends_with("staging/applications_in_reporting_year.sql"));
    assert!(apps.reads_extracts.contains(&"recruitment".to_string()));
    assert_eq!(apps.status, "ok");
    // Every chain model is a query the run recorded, with the file it recorded and the
    // checksum of the shipped SQL it ran.
    for m in &e.chain {
        let q = sample()
            .manifest
            .queries
            .iter()
            .find(|q| q.name == m.name)
            .expect("recorded");
        assert_eq!(q.file, m.file);
        assert_eq!(m.sql_sha256, sha256_of(&shipped.join(&q.path)), "{}", m.name);
    }
    // The chain is complete: the models the recorded graph reads are all in it, and every
    // extract the chain reads is an input kind.
    for m in &e.chain {
        for r in &m.reads_models {
            assert!(
                names.contains(&r.as_str()),
                "{} reads {r}, not in the chain",
                m.name
            );
        }
    }
    assert!(e.regions_excluded.is_empty() && e.sources.is_empty());
}

#[test]
fn the_manifest_records_each_query_for_explain() {
    // What the run records (src/publish/manifest.rs QueryRecord): the path below the queries
    // folder, the SQL's SHA-256, the tables read and the header fields, for every query.
    let m = &sample().manifest;
    let shipped = crate::support::shipped_queries();
    for q in &m.queries {
        assert_eq!(
            q.file,
            format!("{}/{}", q.file.split('/').next().unwrap_or(""), q.path)
        );
        assert_eq!(q.sql_sha256, sha256_of(&shipped.join(&q.path)), "{}", q.name);
        assert!(q.reads.is_some() && q.definition.is_some(), "{}", q.name);
    }
    let q = m.queries.iter().find(|q| q.name == TABLE).expect("recorded");
    assert_eq!(
        q.reads.as_deref(),
        Some(&["equality_relative_likelihoods".to_string()][..])
    );
    let d = q.definition.as_ref().expect("definition");
    assert_eq!(
        d.counts,
        [
            "shortlisted_white",
            "appointed_white",
            "shortlisted_bme",
            "appointed_bme"
        ]
    );
    assert_eq!(d.derived[0].rate, "likelihood_white");
    assert_eq!(d.derived[0].from, ["shortlisted_white", "appointed_white"]);
    assert_eq!(d.needs.as_deref(), Some(&["recruitment".to_string()][..]));
    // Every published column is a column of the final SELECT, in the published order.
    let schema = sample().published[TABLE].schema();
    let columns: Vec<&str> = d.columns.iter().map(|c| c.name.as_str()).collect();
    let names: Vec<&str> = schema
        .fields()
        .iter()
        .map(|f| f.name().as_str())
        .filter(|n| *n != "suppressed")
        .collect();
    assert_eq!(columns, names);
}

#[test]
fn a_published_file_changed_after_the_commit_is_refused() {
    // Every figure explain shows must be the one the run committed: the published file is
    // checked against the SHA-256 in the manifest (TableRecord.published_parquet).
    let (code, msg) = &sample().tampered;
    assert_eq!(*code, ExitCode::InternalError);
    assert!(
        msg.contains("wres_indicator_2.parquet") && msg.contains("does not match the SHA-256"),
        "{msg}"
    );
}

#[test]
fn a_run_from_before_the_query_details_loads_and_is_refused_with_its_reason() {
    let s = sample();
    // The manifest without the new fields still loads (serde defaults) ...
    let old = &s.old_manifest_read;
    assert_eq!(old.run_id, s.manifest.run_id);
    assert!(
        old.queries
            .iter()
            .all(|q| q.reads.is_none() && q.definition.is_none() && q.path.is_empty())
    );
    assert_eq!(old.tables, s.manifest.tables);
    // ... and explain says why it cannot explain it, and what to do (exit 2, no panic).
    let (code, msg) = &s.old_manifest;
    assert_eq!(*code, ExitCode::UsageError);
    assert!(
        msg.contains(&s.manifest.run_id)
            && msg.contains("does not record how table 'wres_indicator_2' was made")
            && msg.contains("re-run `talentpipe run`"),
        "{msg}"
    );
}

#[test]
fn inputs_are_the_manifest_files_and_the_quarantine_reasons() {
    let s = sample();
    let e = &s.r4k;
    let ingest = s.manifest.ingest.as_ref().expect("ingest recorded");
    let kinds: Vec<&str> = e.inputs.iter().map(|k| k.kind.as_str()).collect();
    assert!(
        kinds.contains(&"recruitment") && kinds.contains(&"esr_workforce"),
        "{kinds:?}"
    );
    assert!(
        !kinds.contains(&"vacancies"),
        "the chain reads no vacancies: {kinds:?}"
    );
    for k in &e.inputs {
        let m = ingest.kind(&k.kind).expect("kind in manifest");
        assert_eq!(k.files.len(), m.files.len());
        assert_eq!(
            (k.rows_read, k.rows_accepted, k.rows_quarantined),
            (m.rows_read, m.rows_accepted, m.rows_quarantined)
        );
        for (f, mf) in k.files.iter().zip(&m.files) {
            assert_eq!(f.path, mf.path);
            assert_eq!(f.size, mf.size);
            assert_eq!(f.sha256, mf.outcome.sha256);
            assert_eq!(f.sha256.len(), 64);
            assert_eq!(f.rows_read, f.rows_accepted + f.rows_quarantined, "{}", f.path);
        }
        // Counted from the quarantine output and matching the manifest's per-file reasons.
        assert_eq!(
            k.reasons_from, "quarantine output",
            "{}: {:?}",
            k.kind, k.reasons_note
        );
        let mut expected: BTreeMap<&str, u64> = BTreeMap::new();
        for f in &m.files {
            for (r, n) in &f.outcome.reasons {
                *expected.entry(r.as_str()).or_default() += n;
            }
        }
        let got: BTreeMap<&str, u64> = k
            .quarantine_reasons
            .iter()
            .map(|r| (r.reason.as_str(), r.count))
            .collect();
        assert_eq!(got, expected, "{}", k.kind);
    }
    // The sample's recruitment files each have one defective row (README: 28 defective rows).
    let rec = e
        .inputs
        .iter()
        .find(|k| k.kind == "recruitment")
        .expect("recruitment");
    assert_eq!(rec.rows_quarantined, 2);
    assert_eq!(rec.quarantine_reasons.iter().map(|r| r.count).sum::<u64>(), 2);
}

#[test]
fn a_suppressed_cell_says_why() {
    let s = sample();
    let e = &s.rnn; // --org rnn: the filter ignores case
    let i = published_row(s, "RNN");
    assert!(e.rows[0].suppressed);
    let c = cell(e, "appointed_bme");
    assert_eq!(c.status, CellStatus::Withheld);
    assert!(c.value.is_null());
    let why = c.reason.as_deref().expect("a reason");
    assert!(
        why.contains("counts from 1 to 4") && why.contains("threshold 5"),
        "{why}"
    );
    // The rule behind it: the exact (restricted) count is between 1 and 4.
    let exact = num(
        &s.restricted[TABLE],
        "appointed_bme",
        row(&s.restricted[TABLE], &[("org_code", "RNN")]),
    );
    assert!(exact.is_some_and(|n| (1.0..=4.0).contains(&n)), "{exact:?}");
    // Rates derived from it are withheld with it; the other counts are published.
    for rate in ["likelihood_bme", "relative_likelihood", "adverse"] {
        let c = cell(e, rate);
        assert_eq!(c.status, CellStatus::Withheld, "{rate}");
        assert!(
            c.reason.as_deref().is_some_and(|r| r.contains("appointed_bme")),
            "{rate}"
        );
    }
    assert_eq!(
        value(e, "shortlisted_bme"),
        num(&s.published[TABLE], "shortlisted_bme", i)
    );
    assert_eq!(cell(e, "likelihood_white").status, CellStatus::Published);
    assert_eq!(e.suppression.threshold, 5);
}

#[test]
fn region_total_row_by_an_empty_value() {
    let s = sample();
    let e = &s.y60_total;
    let t = &s.published[TABLE];
    let i = row(t, &[("region_code", "Y60"), ("org_code", "")]);
    assert_eq!(cell(e, "org_code").status, CellStatus::Null);
    assert_eq!(
        value(e, "organisations_counted"),
        num(t, "organisations_counted", i)
    );
    assert_eq!(value(e, "shortlisted_white"), num(t, "shortlisted_white", i));
    close(
        value(e, "relative_likelihood"),
        num(t, "relative_likelihood", i).expect("published"),
    );
}

#[test]
fn many_matching_rows_are_counted_and_capped() {
    let e = &sample().unfiltered;
    let n = sample().published[TABLE].num_rows();
    assert!(n > explain::MAX_ROWS);
    assert_eq!(e.selection.rows_matched, n);
    assert_eq!(e.rows.len(), explain::MAX_ROWS);
    let note = e.selection.note.as_deref().expect("a note");
    assert!(note.contains(&format!("{n} rows match")), "{note}");
}

#[test]
fn errors_name_what_exists() {
    let s = sample();
    let (code, msg) = &s.unknown_table;
    assert_eq!(*code, ExitCode::UsageError);
    assert!(msg.contains("did you mean 'wres_indicator_2'"), "{msg}");
    assert!(
        msg.contains("published tables: ") && msg.contains("wres_indicator_9"),
        "{msg}"
    );
    let (code, msg) = &s.unknown_column;
    assert_eq!(*code, ExitCode::UsageError);
    assert!(
        msg.contains("no column 'trust'") && msg.contains("shortlisted_white, appointed_white"),
        "{msg}"
    );
    let (code, msg) = &s.org_not_found;
    assert_eq!(*code, ExitCode::UsageError);
    assert!(
        msg.contains("--org") && msg.contains("org_code = 'XYZ'") && msg.contains("R4K"),
        "{msg}"
    );
    // No committed run: exit 2, as `report` says it.
    let empty = tempfile::tempdir().expect("tempdir");
    let output = Location::local(empty.path()).expect("location");
    let err = block_on(explain::explain(&output, &request(None, &[]))).expect_err("no run");
    assert_eq!(err.exit_code(), ExitCode::UsageError);
    assert!(err.to_string().contains("no committed run"), "{err}");
}

/// Numbers in `line` (digit runs with an optional decimal part).
fn numbers(line: &str) -> Vec<f64> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for ch in line.chars().chain([' ']) {
        if ch.is_ascii_digit() || (ch == '.' && !cur.is_empty() && !cur.contains('.')) {
            cur.push(ch);
        } else if !cur.is_empty() {
            out.push(cur.trim_end_matches('.').parse().expect("a number"));
            cur.clear();
        }
    }
    out
}

#[test]
fn every_number_the_text_prints_is_published_or_in_the_manifest() {
    let s = sample();
    assert!(
        s.bin_text.status.success(),
        "{}",
        String::from_utf8_lossy(&s.bin_text.stderr)
    );
    let out = String::from_utf8(s.bin_text.stdout.clone()).expect("utf-8");
    assert_eq!(
        out,
        explain::render_text(&s.r4k),
        "the binary prints the library's rendering"
    );
    let t = &s.published[TABLE];
    let i = published_row(s, "R4K");
    let published: Vec<f64> = (0..t.num_columns())
        .filter_map(|c| {
            num(t, t.schema().field(c).name(), i).filter(|_| t.column(c).data_type().is_numeric())
        })
        .collect();
    // The row block: from "row N of M:" to the blank line.
    let block: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.starts_with("row "))
        .take_while(|l| !l.is_empty())
        .collect();
    assert_eq!(
        block[0],
        format!("row {} of {}: region_code Y60, org_code R4K", i + 1, t.num_rows())
    );
    let mut printed = Vec::new();
    for line in &block[1..] {
        // The SQL expression and the bracketed reason are not figures.
        let figures = line.split("  SQL: ").next().unwrap_or(line);
        let figures = figures.split("  [").next().unwrap_or(figures);
        for n in numbers(figures) {
            assert!(
                published.contains(&n),
                "{n} in `{line}` is not a cell of the published row {published:?}"
            );
            printed.push(n);
        }
    }
    // And every count and rate of the row is printed: 117, 22, 56, 7, 0.188, 0.125, 1.5043.
    for v in [117.0, 22.0, 56.0, 7.0, 0.188, 0.125, 1.5043] {
        assert!(printed.contains(&v), "{v} not printed");
    }
    // The inputs: each kind and file line carries the manifest's numbers, in order.
    let ingest = s.manifest.ingest.as_ref().expect("ingest");
    let mut files_checked = 0;
    for line in out.lines() {
        if let Some(rest) = line.strip_prefix("input ") {
            let kind = rest.split_whitespace().next().expect("kind");
            let k = ingest.kind(kind).expect("kind in manifest");
            let after = rest.split_once(": ").expect("counts").1;
            let expected = [
                k.files.len() as u64,
                k.rows_read,
                k.rows_accepted,
                k.rows_quarantined,
            ];
            assert_eq!(numbers(after), expected.map(|n| n as f64), "{line}");
        } else if let Some(f) = ingest
            .kinds
            .iter()
            .flat_map(|k| &k.files)
            .find(|f| line.starts_with(&format!("  {}  ", f.path)))
        {
            let rest = &line[f.path.len() + 4..];
            let (size, rest) = rest.split_once(" bytes  sha256 ").expect("size and sha");
            let (sha, rows) = rest.split_once("  ").expect("sha and rows");
            assert_eq!(size.parse::<u64>().expect("size"), f.size);
            assert_eq!(sha, f.outcome.sha256);
            let o = &f.outcome;
            assert_eq!(
                numbers(rows),
                [o.rows_read, o.rows_accepted, o.rows_quarantined].map(|n| n as f64)
            );
            files_checked += 1;
        }
    }
    let expected_files: usize = s.r4k.inputs.iter().map(|k| k.files.len()).sum();
    assert_eq!(files_checked, expected_files);
    // The other figures: the size of the chain (the queries the recorded graph leads to), the
    // rows of the table and those selected, the suppression threshold, and the SQL checksum.
    let line = |prefix: &str| {
        out.lines()
            .find(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("no line {prefix}"))
    };
    let recorded = |name: &str| s.manifest.queries.iter().find(|q| q.name == name);
    let mut upstream = std::collections::BTreeSet::new();
    let mut todo = vec![TABLE.to_string()];
    while let Some(n) = todo.pop() {
        for r in recorded(&n).and_then(|q| q.reads.clone()).unwrap_or_default() {
            if recorded(&r).is_some() && upstream.insert(r.clone()) {
                todo.push(r);
            }
        }
    }
    assert_eq!(
        numbers(line("models read (")),
        [upstream.len() as f64],
        "{upstream:?}"
    );
    let rows = line("rows: ").split(" match").next().unwrap_or_default(); // not the filter's R4K
    assert_eq!(numbers(rows), [1.0, t.num_rows() as f64]);
    let threshold = s.manifest.suppression.threshold;
    assert_eq!(
        line("suppression: "),
        format!(
            "suppression: threshold {threshold} ({})",
            s.manifest.suppression.rule
        )
    );
    let q = recorded(TABLE).expect("recorded");
    assert_eq!(
        line("  file "),
        format!("  file     {}  (sql sha256 {})", q.file, q.sql_sha256)
    );
    // The header's prose, as the run recorded it.
    let notes = &q.definition.as_ref().expect("definition").notes;
    let printed: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.starts_with("  notes    "))
        .take(notes.len())
        .map(|l| l[11..].trim_end())
        .collect();
    assert_eq!(printed, *notes);
}

#[test]
fn json_format_is_the_explanation() {
    let s = sample();
    assert!(
        s.bin_json.status.success(),
        "{}",
        String::from_utf8_lossy(&s.bin_json.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&s.bin_json.stdout).expect("valid JSON");
    assert_eq!(json, serde_json::to_value(&s.r4k).expect("serialise"));
    assert_eq!(json["table"]["name"], TABLE);
    let cells = json["rows"][0]["cells"].as_array().expect("cells");
    let rl = cells
        .iter()
        .find(|c| c["column"] == "relative_likelihood")
        .expect("relative_likelihood");
    assert_eq!(rl["value"].as_f64(), Some(1.5043));
    assert_eq!(rl["role"], "rate");
    assert_eq!(rl["status"], "published");
    assert_eq!(json["suppression"]["threshold"], 5);
    assert_eq!(json["run"]["run_id"], s.manifest.run_id.as_str());
    // Every cell's value is the published table's, number for number; every published column
    // is there once.
    let t = &s.published[TABLE];
    let i = published_row(s, "R4K");
    assert_eq!(
        cells.len(),
        t.num_columns() - 1,
        "every column but the suppressed flag"
    );
    for c in cells {
        let column = c["column"].as_str().expect("column name");
        match &c["value"] {
            serde_json::Value::Number(n) => assert_eq!(n.as_f64(), num(t, column, i), "{column}"),
            serde_json::Value::String(v) => assert_eq!(v, &text(t, column, i), "{column}"),
            serde_json::Value::Bool(b) => assert_eq!(b.to_string(), text(t, column, i), "{column}"),
            serde_json::Value::Null => assert_eq!(text(t, column, i), "", "{column}"),
            other => panic!("{column}: unexpected {other}"),
        }
    }
    // The query as the run recorded it; no query folder is named.
    assert_eq!(json["table"]["path"], "wres/wres_indicator_2.sql");
    assert_eq!(json["table"]["sql_sha256"].as_str().map(str::len), Some(64));
    assert!(json.get("query_folder").is_none());
    let derived = json["table"]["derived"].as_array().expect("derived");
    assert!(derived.iter().any(|d| d["formula"]
        == "relative_likelihood <- shortlisted_white, appointed_white, shortlisted_bme, appointed_bme"));
}

#[test]
fn binary_unknown_table_exits_2_listing_the_tables() {
    let o = &sample().bin_unknown;
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("no_such_table") && err.contains("published tables: "),
        "{err}"
    );
    assert!(err.contains("wres_indicator_2"), "{err}");
    assert!(o.stdout.is_empty());
}

#[test]
fn rows_are_checked_against_the_published_text() {
    // The identifying cells are the published ones, as text.
    let s = sample();
    let t = &s.published[TABLE];
    let i = published_row(s, "R4K");
    for column in ["region_code", "org_code"] {
        assert_eq!(
            cell(&s.r4k, column).value.as_str(),
            Some(text(t, column, i).as_str())
        );
        assert_eq!(cell(&s.r4k, column).role, Role::Key);
    }
    assert_eq!(cell(&s.r4k, "relative_likelihood_note").role, Role::Other);
}

#[test]
fn a_rewritten_quarantine_output_falls_back_to_the_manifest() {
    let s = sample();
    let rec = |e: &Explanation| {
        e.inputs
            .iter()
            .find(|k| k.kind == "recruitment")
            .cloned()
            .expect("recruitment")
    };
    let (before, after) = (rec(&s.r4k), rec(&s.after_quarantine_rewrite));
    assert_eq!(before.reasons_from, "quarantine output");
    assert_eq!(after.reasons_from, "manifest");
    let note = after.reasons_note.as_deref().expect("a note");
    assert!(
        note.contains("holds 1 rows") && note.contains("records 2"),
        "{note}"
    );
    // The counts shown are the run's own (2 rows), not the output's remaining 1.
    assert_eq!(after.quarantine_reasons, before.quarantine_reasons);
}
