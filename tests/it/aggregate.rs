//! National aggregation: regions generated with different seeds, run, then aggregated. National
//! counts must equal the sums of the regions, and rates must be recomputed from the summed parts
//! (which differs from the mean of regional rates). Each refusal is checked with its message.

use std::path::{Path, PathBuf};

use talentpipe::ops::aggregate::{AggregateOptions, aggregate};
use talentpipe::ops::{self, run::RunOptions};
use talentpipe::publish::{Manifest, PublishOptions};
use talentpipe::storage::Location;
use talentpipe_synth::{GenerateOptions, generate};

use crate::support::{fixture_config, num, read_tables, shipped_queries};

/// Generates and runs one region; returns its output root.
async fn region(root: &Path, code: &str, seed: u64) -> PathBuf {
    let input = root.join(format!("in-{code}"));
    let output = root.join(format!("out-{code}"));
    let opts = GenerateOptions {
        seed,
        regions: vec![code.into()],
        people: 400,
        months: 2,
        ..Default::default()
    };
    generate(&opts, &input).unwrap();
    let mut cfg = fixture_config(&input, &output, &shipped_queries(), 5);
    cfg.region = code.into();
    ops::run::run(&cfg, &RunOptions { ..Default::default() })
        .await
        .unwrap();
    output
}

fn options(expected: &[&str], allow_missing: bool) -> AggregateOptions {
    AggregateOptions {
        expected_regions: expected.iter().map(|s| s.to_string()).collect(),
        allow_missing,
        publish: PublishOptions::default(),
        session: Default::default(),
    }
}

fn loc(p: &Path) -> Location {
    Location::local(p).unwrap()
}

#[tokio::test]
async fn national_counts_are_sums_and_rates_are_recomputed() {
    let dir = tempfile::tempdir().unwrap();
    let mut roots = Vec::new();
    for (code, seed) in [("Y56", 11), ("Y60", 12), ("Y61", 13)] {
        roots.push(region(dir.path(), code, seed).await);
    }
    let national = dir.path().join("national");
    let sources: Vec<Location> = roots.iter().map(|p| loc(p)).collect();
    let m = aggregate(
        &sources,
        &loc(&national),
        &shipped_queries(),
        &options(&["Y56", "Y60", "Y61"], false),
    )
    .await
    .unwrap()
    .manifest;
    assert_eq!(m.kind, "national");
    assert_eq!(
        m.sources.iter().map(|s| s.region.as_str()).collect::<Vec<_>>(),
        vec!["Y56", "Y60", "Y61"]
    );
    assert!(m.sources.iter().all(|s| s.manifest_sha256.len() == 64));
    let nat = read_tables(&loc(&national), &m, "restricted").await;
    let n2 = &nat["wres_indicator_2"];

    // The regional totals, read back from each region's committed run.
    let mut sums = [0.0f64; 4];
    let mut regional_rates = Vec::new();
    for root in &roots {
        let (_, rm) = talentpipe::publish::read_latest(&loc(root))
            .await
            .unwrap()
            .unwrap();
        let t = read_tables(&loc(root), &rm, "restricted").await;
        let r2 = &t["wres_indicator_2"];
        let total = crate::support::row(r2, &[("org_code", "")]);
        for (i, c) in [
            "shortlisted_white",
            "appointed_white",
            "shortlisted_bme",
            "appointed_bme",
        ]
        .iter()
        .enumerate()
        {
            sums[i] += num(r2, c, total).unwrap();
        }
        regional_rates.push(num(r2, "relative_likelihood", total).unwrap());
    }
    for (i, c) in [
        "shortlisted_white",
        "appointed_white",
        "shortlisted_bme",
        "appointed_bme",
    ]
    .iter()
    .enumerate()
    {
        assert_eq!(num(n2, c, 0), Some(sums[i]), "{c}");
    }
    let recomputed = (sums[1] / sums[0]) / (sums[3] / sums[2]);
    crate::support::approx(
        num(n2, "relative_likelihood", 0),
        (recomputed * 10_000.0).round() / 10_000.0,
    );
    let mean = regional_rates.iter().sum::<f64>() / regional_rates.len() as f64;
    assert!(
        (recomputed - mean).abs() > 0.001,
        "fixture must distinguish: recomputed {recomputed} vs mean {mean}"
    );
    assert_eq!(num(n2, "regions", 0), Some(3.0));

    // A regional run never reads queries/national/.
    let (_, rm) = talentpipe::publish::read_latest(&loc(&roots[0]))
        .await
        .unwrap()
        .unwrap();
    assert!(rm.queries.iter().all(|q| !q.file.contains("/national/")));
}

#[tokio::test]
async fn refusals_name_the_source() {
    let dir = tempfile::tempdir().unwrap();
    let y56 = region(dir.path(), "Y56", 21).await;
    let national = loc(&dir.path().join("national"));
    let q = shipped_queries();

    // Two sources claiming one region.
    let twice = [loc(&y56), loc(&y56)];
    let e = aggregate(&twice, &national, &q, &options(&[], false))
        .await
        .unwrap_err()
        .to_string();
    assert!(e.contains("claims region 'Y56'") && e.contains("out-Y56"), "{e}");

    // An expected region missing, then allowed and recorded.
    let e = aggregate(&[loc(&y56)], &national, &q, &options(&["Y56", "Y60"], false))
        .await
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("expected region(s) Y60 missing") && e.contains("--allow-missing"),
        "{e}"
    );
    let m = aggregate(&[loc(&y56)], &national, &q, &options(&["Y56", "Y60"], true))
        .await
        .unwrap()
        .manifest;
    assert_eq!(m.missing_regions, vec!["Y60"]);

    // A source with no committed run.
    let empty = dir.path().join("never-ran");
    let e = aggregate(&[loc(&empty)], &national, &q, &options(&[], false))
        .await
        .unwrap_err();
    assert_eq!(e.exit_code(), talentpipe::ExitCode::DataError);
    assert!(
        e.to_string().contains("never-ran") && e.to_string().contains("no committed run"),
        "{e}"
    );

    // A different query set: same table name, different schema.
    let other_queries = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(other_queries.path().join("x")).unwrap();
    std::fs::write(
        other_queries.path().join("x/wres_indicator_2.sql"),
        "-- counts: n\nSELECT COUNT(*) AS n FROM recruitment\n",
    )
    .unwrap();
    let input = dir.path().join("in-Y60");
    generate(
        &GenerateOptions {
            seed: 22,
            regions: vec!["Y60".into()],
            people: 300,
            months: 1,
            ..Default::default()
        },
        &input,
    )
    .unwrap();
    let out = dir.path().join("out-Y60");
    let mut cfg = fixture_config(&input, &out, other_queries.path(), 5);
    cfg.region = "Y60".into();
    ops::run::run(&cfg, &RunOptions { ..Default::default() })
        .await
        .unwrap();
    let e = aggregate(&[loc(&y56), loc(&out)], &national, &q, &options(&[], false))
        .await
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("out-Y60") && e.contains("'wres_indicator_2' has a different schema"),
        "{e}"
    );

    // A run that did not succeed.
    let (run_id, mut manifest) = talentpipe::publish::read_latest(&loc(&y56))
        .await
        .unwrap()
        .unwrap();
    let original = manifest.clone();
    manifest.status = "failed".into();
    let path = format!("runs/{run_id}/manifest.json");
    loc(&y56)
        .put(&path, serde_json::to_vec(&manifest).unwrap())
        .await
        .unwrap();
    let e = aggregate(&[loc(&y56)], &national, &q, &options(&[], false))
        .await
        .unwrap_err()
        .to_string();
    assert!(e.contains("out-Y56") && e.contains("did not succeed"), "{e}");
    loc(&y56)
        .put(&path, serde_json::to_vec(&original).unwrap())
        .await
        .unwrap();

    // A run made by another talentpipe version.
    let (run_id, mut manifest) = talentpipe::publish::read_latest(&loc(&y56))
        .await
        .unwrap()
        .unwrap();
    manifest.talentpipe_version = "0.0.1".into();
    loc(&y56)
        .put(
            &format!("runs/{run_id}/manifest.json"),
            serde_json::to_vec(&manifest).unwrap(),
        )
        .await
        .unwrap();
    let e = aggregate(&[loc(&y56)], &national, &q, &options(&[], false))
        .await
        .unwrap_err()
        .to_string();
    assert!(e.contains("made by talentpipe 0.0.1"), "{e}");
}

/// Copies a folder tree (a committed output root) so a test can tamper with the copy.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A copy of `root` whose latest manifest is changed by `edit` (region relabelled to `region`).
async fn tampered_copy(root: &Path, to: &Path, region: &str, edit: impl FnOnce(&mut Manifest)) -> PathBuf {
    copy_dir(root, to);
    let (run_id, mut m) = talentpipe::publish::read_latest(&loc(to)).await.unwrap().unwrap();
    m.region = region.into();
    edit(&mut m);
    loc(to)
        .put(
            &format!("runs/{run_id}/manifest.json"),
            serde_json::to_vec(&m).unwrap(),
        )
        .await
        .unwrap();
    to.to_path_buf()
}

#[tokio::test]
async fn partial_tampered_and_mismatched_sources() {
    let dir = tempfile::tempdir().unwrap();
    let y56 = region(dir.path(), "Y56", 51).await;
    let national = dir.path().join("national");
    let q = shipped_queries();
    let agg = |sources: Vec<PathBuf>| {
        let national = loc(&national);
        let q = q.clone();
        async move {
            let sources: Vec<Location> = sources.iter().map(|p| loc(p)).collect();
            aggregate(&sources, &national, &q, &options(&[], false)).await
        }
    };

    // A source that never ran a query the others publish: another query set.
    let fewer = tampered_copy(&y56, &dir.path().join("fewer"), "Y99", |m| {
        m.tables.retain(|t| t.name != "wres_indicator_4");
        m.queries.retain(|q| q.name != "wres_indicator_4");
    })
    .await;
    let e = agg(vec![y56.clone(), fewer.clone()])
        .await
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("fewer") && e.contains("has no table 'wres_indicator_4'") && e.contains("query set"),
        "{e}"
    );

    // A source where that query was not computed (an extract not supplied) is aggregated, and
    // the gap is reported: the national table is then the other region's alone.
    let not_computed = tampered_copy(&y56, &dir.path().join("not-computed"), "Y98", |m| {
        m.tables.retain(|t| t.name != "wres_indicator_4");
        for q in m.queries.iter_mut().filter(|q| q.name == "wres_indicator_4") {
            q.status = "not_computed".into();
            q.message = Some("needs 'training': extract not supplied".into());
        }
    })
    .await;
    let outcome = agg(vec![y56.clone(), not_computed]).await.unwrap();
    assert_eq!(
        outcome.partial_tables.get("wres_indicator_4"),
        Some(&vec!["Y98".to_string()])
    );
    let n = read_tables(&loc(&national), &outcome.manifest, "restricted").await;
    let (_, rm) = talentpipe::publish::read_latest(&loc(&y56))
        .await
        .unwrap()
        .unwrap();
    let r = read_tables(&loc(&y56), &rm, "restricted").await;
    let r4 = &r["wres_indicator_4"];
    assert_eq!(
        num(&n["wres_indicator_4"], "accessed_white", 0),
        num(r4, "accessed_white", crate::support::row(r4, &[("org_code", "")]))
    );
    // ... while every table both regions published is doubled (the copy has the same numbers).
    let r2 = &r["wres_indicator_2"];
    let one = num(
        r2,
        "shortlisted_white",
        crate::support::row(r2, &[("org_code", "")]),
    )
    .unwrap();
    assert_eq!(
        num(&n["wres_indicator_2"], "shortlisted_white", 0),
        Some(2.0 * one)
    );

    // A restricted file that does not match its manifest's checksum.
    let swapped = tampered_copy(&y56, &dir.path().join("swapped"), "Y97", |_| {}).await;
    let (run_id, _) = talentpipe::publish::read_latest(&loc(&swapped))
        .await
        .unwrap()
        .unwrap();
    let restricted = swapped.join("runs").join(&run_id).join("restricted");
    std::fs::copy(
        restricted.join("wres_indicator_4.parquet"),
        restricted.join("wres_indicator_2.parquet"),
    )
    .unwrap();
    let e = agg(vec![swapped]).await.unwrap_err().to_string();
    assert!(
        e.contains("swapped")
            && e.contains("'wres_indicator_2'")
            && e.contains("does not match the checksum"),
        "{e}"
    );

    // A partial (--select) run.
    let partial = tampered_copy(&y56, &dir.path().join("partial"), "Y96", |m| {
        m.selection = vec!["wres_indicator_2".into()];
    })
    .await;
    let e = agg(vec![partial]).await.unwrap_err().to_string();
    assert!(
        e.contains("partial") && e.contains("--select wres_indicator_2"),
        "{e}"
    );

    // A national run given as a source, and the output given as a source.
    let elsewhere = loc(&dir.path().join("national-2"));
    let e = aggregate(&[loc(&national)], &elsewhere, &q, &options(&[], false))
        .await
        .unwrap_err()
        .to_string();
    assert!(e.contains("is a national run, not a regional one"), "{e}");
    let e = aggregate(&[loc(&y56)], &loc(&y56), &q, &options(&[], false))
        .await
        .unwrap_err();
    assert_eq!(e.exit_code(), talentpipe::ExitCode::UsageError);
    assert!(e.to_string().contains("is also a source"), "{e}");
}

#[tokio::test]
async fn regional_tables_without_a_twin_are_reported_not_refused() {
    let dir = tempfile::tempdir().unwrap();
    let y56 = region(dir.path(), "Y56", 61).await;
    // A national folder with one twin, and one twin of a table no region published.
    let queries = dir.path().join("queries");
    std::fs::create_dir_all(queries.join("national")).unwrap();
    // The twin and the national relative-likelihood model it selects from.
    for file in ["wres_indicator_2.sql", "equality_relative_likelihoods.sql"] {
        std::fs::copy(
            shipped_queries().join("national").join(file),
            queries.join("national").join(file),
        )
        .unwrap();
    }
    std::fs::write(
        queries.join("national/future_metric.sql"),
        "-- counts: n\nSELECT COUNT(*) AS n FROM regional_future_metric\n",
    )
    .unwrap();
    let national = loc(&dir.path().join("national"));
    let outcome = aggregate(&[loc(&y56)], &national, &queries, &options(&[], false))
        .await
        .unwrap();
    assert!(
        outcome
            .tables_without_twin
            .contains(&"wres_indicator_1".to_string())
    );
    assert!(
        !outcome
            .tables_without_twin
            .contains(&"wres_indicator_2".to_string())
    );
    let m = &outcome.manifest;
    assert_eq!(
        m.tables.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
        vec!["wres_indicator_2"]
    );
    let future = m.queries.iter().find(|q| q.name == "future_metric").unwrap();
    assert_eq!(future.status, "not_computed", "{future:?}");
    let summary = talentpipe::ops::aggregate::outcome_summary(&outcome);
    assert!(
        summary.contains("without a national twin") && summary.contains("wres_indicator_1"),
        "{summary}"
    );
}

#[test]
fn every_published_regional_table_has_a_national_twin() {
    use talentpipe::queries::{Scope, discover};
    let (regional, problems) = discover(&shipped_queries(), Scope::Regional).unwrap();
    assert!(problems.is_empty());
    let (national, problems) = discover(&shipped_queries(), Scope::National).unwrap();
    assert!(problems.is_empty());
    let twins: std::collections::BTreeSet<&str> = national.iter().map(|q| q.name.as_str()).collect();
    let missing: Vec<&str> = regional
        .iter()
        .filter(|q| q.header.publish && !q.header.test && !twins.contains(q.name.as_str()))
        .map(|q| q.name.as_str())
        .collect();
    assert!(
        missing.is_empty(),
        "regional tables without a national twin in queries/national/: {missing:?}"
    );
}

#[tokio::test]
async fn national_queries_plan_and_one_region_reproduces_its_own_percentiles() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = fixture_config(dir.path(), dir.path(), &shipped_queries(), 5);
    ops::check::check(&cfg, talentpipe::queries::Scope::National)
        .await
        .unwrap();

    // Median and p90 time to fill are not additive: the national table recomputes them from the
    // summed day-count distribution, so with one region they equal the region's own figures.
    let y58 = region(dir.path(), "Y58", 31).await;
    let national = loc(&dir.path().join("national"));
    let m = aggregate(&[loc(&y58)], &national, &shipped_queries(), &options(&[], false))
        .await
        .unwrap()
        .manifest;
    let n = &read_tables(&national, &m, "restricted").await["time_to_fill"];
    let (_, rm) = talentpipe::publish::read_latest(&loc(&y58))
        .await
        .unwrap()
        .unwrap();
    let r = &read_tables(&loc(&y58), &rm, "restricted").await["time_to_fill"];
    for interval in ["advertised_to_offer", "advertised_to_start"] {
        let filter = [("dimension", "all"), ("interval_measured", interval)];
        let ni = crate::support::row(n, &filter);
        let ri = crate::support::row(
            r,
            &[
                ("org_code", ""),
                ("dimension", "all"),
                ("interval_measured", interval),
            ],
        );
        for c in ["filled_vacancies", "median_days", "p90_days", "mean_days"] {
            assert_eq!(num(n, c, ni), num(r, c, ri), "{interval} {c}");
        }
    }
}

/// A moto S3 server on a free loopback port, stopped on drop.
struct Moto {
    child: std::process::Child,
    port: u16,
    /// moto's log (stderr), read back when it fails to start.
    _log: tempfile::NamedTempFile,
}

impl Moto {
    /// Starts `python3 -m moto.server` on a free loopback port. Fails the test (never skips it)
    /// when moto is not installed: CI installs it (`.ci/run`).
    fn start() -> Moto {
        let mut last_error = String::new();
        // A port found free can be taken before moto binds it: try a few.
        for _ in 0..3 {
            let port = std::net::TcpListener::bind("127.0.0.1:0")
                .unwrap()
                .local_addr()
                .unwrap()
                .port();
            let log = tempfile::NamedTempFile::new().unwrap();
            let mut child = std::process::Command::new("python3")
                .args(["-m", "moto.server", "-H", "127.0.0.1", "-p", &port.to_string()])
                .stdout(std::process::Stdio::null())
                .stderr(log.reopen().unwrap())
                .spawn()
                .expect("cannot run python3, needed for the moto S3 server (.ci/run installs moto[server])");
            let started = std::time::Instant::now();
            while started.elapsed() < std::time::Duration::from_secs(60) {
                if let Some(status) = child.try_wait().unwrap() {
                    last_error = format!(
                        "moto exited ({status}): {}",
                        std::fs::read_to_string(log.path()).unwrap_or_default()
                    );
                    break;
                }
                if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                    return Moto {
                        child,
                        port,
                        _log: log,
                    };
                }
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            let _ = child.kill();
            let _ = child.wait();
            if last_error.is_empty() {
                last_error = format!("moto did not answer on 127.0.0.1:{port} within 60 s");
            }
        }
        panic!(
            "the S3 test server could not be started: {last_error}\n\
             install it with `python3 -m pip install 'moto[server]'` (.ci/run does)"
        );
    }

    fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn create_bucket(&self, bucket: &str) {
        use std::io::{Read, Write};
        let mut s = std::net::TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(
            s,
            "PUT /{bucket} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            self.port
        )
        .unwrap();
        let mut response = String::new();
        s.read_to_string(&mut response).unwrap();
        assert!(response.starts_with("HTTP/1.1 200"), "create bucket: {response}");
    }

    fn command(&self) -> std::process::Command {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_talentpipe"));
        c.env("AWS_ENDPOINT", self.endpoint())
            .env("AWS_ALLOW_HTTP", "true")
            .env("AWS_ACCESS_KEY_ID", "test")
            .env("AWS_SECRET_ACCESS_KEY", "test")
            .env("AWS_REGION", "us-east-1")
            .env("TALENTPIPE_PSEUDONYM_KEY", "s3-test-key")
            .env_remove("TALENTPIPE_CONFIG");
        c
    }

    /// The bucket as a Location, built with explicit options (no process environment).
    fn location(&self, bucket: &str, prefix: &str) -> Location {
        let store = object_store::aws::AmazonS3Builder::new()
            .with_endpoint(self.endpoint())
            .with_allow_http(true)
            .with_bucket_name(bucket)
            .with_region("us-east-1")
            .with_access_key_id("test")
            .with_secret_access_key("test")
            .build()
            .unwrap();
        Location {
            store_url: url::Url::parse(&format!("s3://{bucket}")).unwrap(),
            store: std::sync::Arc::new(store),
            prefix: object_store::path::Path::from(prefix),
        }
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn aggregation_over_a_real_s3_server_on_loopback() {
    let moto = Moto::start();
    moto.create_bucket("talentpipe");
    let dir = tempfile::tempdir().unwrap();
    for (code, seed) in [("Y56", 41), ("Y62", 42)] {
        let input = dir.path().join(format!("in-{code}"));
        let opts = GenerateOptions {
            seed,
            regions: vec![code.into()],
            people: 300,
            months: 2,
            ..Default::default()
        };
        generate(&opts, &input).unwrap();
        let config = dir.path().join(format!("{code}.toml"));
        std::fs::write(&config, format!("region = '{code}'\n")).unwrap();
        let out = moto
            .command()
            .arg("--config")
            .arg(&config)
            .arg("--input")
            .arg(&input)
            .args([
                "--output",
                &format!("s3://talentpipe/regions/{code}"),
                "-q",
                "run",
                "--queries",
            ])
            .arg(shipped_queries())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "regional run to S3: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = moto
        .command()
        .args([
            "--config",
            "/dev/null",
            "--output",
            "s3://talentpipe/national",
            "-q",
            "aggregate",
        ])
        .args([
            "--from",
            "s3://talentpipe/regions/Y56",
            "--from",
            "s3://talentpipe/regions/Y62",
            "--queries",
        ])
        .arg(shipped_queries())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "aggregate over S3: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("2 source(s)") && stdout.contains("s3://talentpipe/regions/Y62"),
        "{stdout}"
    );

    // National counts on S3 equal the sum of the regional counts on S3.
    let national = moto.location("talentpipe", "national");
    let (_, m) = talentpipe::publish::read_latest(&national)
        .await
        .unwrap()
        .expect("national LATEST");
    assert_eq!(m.sources.len(), 2);
    let n2 = &read_tables(&national, &m, "restricted").await["wres_indicator_2"];
    let mut shortlisted = 0.0;
    for code in ["Y56", "Y62"] {
        let regional = moto.location("talentpipe", &format!("regions/{code}"));
        let (_, rm) = talentpipe::publish::read_latest(&regional)
            .await
            .unwrap()
            .unwrap();
        let r2 = &read_tables(&regional, &rm, "restricted").await["wres_indicator_2"];
        shortlisted += num(
            r2,
            "shortlisted_white",
            crate::support::row(r2, &[("org_code", "")]),
        )
        .unwrap();
    }
    assert_eq!(num(n2, "shortlisted_white", 0), Some(shortlisted));

    // The output lock is a conditional PUT on S3: a lock held by a run on another machine
    // stops a second aggregation (exit code 3) and LATEST stays where it was.
    let lock = serde_json::json!({
        "host": "another-machine", "pid": 1, "run_id": "20260101T000000000Z-000000",
        "started_at": "2026-01-01T00:00:00.000Z"
    });
    national
        .put("_lock", serde_json::to_vec(&lock).unwrap())
        .await
        .unwrap();
    let out = moto
        .command()
        .args([
            "--config",
            "/dev/null",
            "--output",
            "s3://talentpipe/national",
            "-q",
            "aggregate",
        ])
        .args(["--from", "s3://talentpipe/regions/Y56", "--queries"])
        .arg(shipped_queries())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("is locked by run 20260101T000000000Z-000000"),
        "{stderr}"
    );
    let (still, _) = talentpipe::publish::read_latest(&national)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(still, m.run_id);
}
