//! National aggregation: regions generated with different seeds, run, then aggregated. National
//! counts must equal the sums of the regions, and rates must be recomputed from the summed parts
//! (which differs from the mean of regional rates). Each refusal is checked with its message.

use std::path::{Path, PathBuf};

use talentpipe::aggregate::{AggregateOptions, aggregate};
use talentpipe::generate::{GenerateOptions, generate};
use talentpipe::pipeline::{self, RunOptions};
use talentpipe::publish::PublishOptions;
use talentpipe::storage::Location;

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
    pipeline::run(
        &cfg,
        &RunOptions {
            quiet: true,
            ..Default::default()
        },
    )
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
    .unwrap();
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
        .unwrap();
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
    pipeline::run(
        &cfg,
        &RunOptions {
            quiet: true,
            ..Default::default()
        },
    )
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
    pipeline::check(&cfg, talentpipe::queries::Scope::National)
        .await
        .unwrap();

    // Median and p90 time to fill are not additive: the national table recomputes them from the
    // summed day-count distribution, so with one region they equal the region's own figures.
    let y58 = region(dir.path(), "Y58", 31).await;
    let national = loc(&dir.path().join("national"));
    let m = aggregate(&[loc(&y58)], &national, &shipped_queries(), &options(&[], false))
        .await
        .unwrap();
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
}

impl Moto {
    fn start() -> Moto {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = std::process::Command::new("python3")
            .args(["-m", "moto.server", "-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("python3 -m moto.server: install it with `python3 -m pip install 'moto[server]'` (.ci/run does)");
        let moto = Moto { child, port };
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return moto;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        panic!("moto did not start on port {port}: is moto[server] installed? (.ci/run installs it)");
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
}
