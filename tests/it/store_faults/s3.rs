//! Publishing to S3 (moto) through the fault-injecting store and the flaky proxy: faults keep the
//! previous run latest, transient errors and timeouts are retried, the lock. The store, the proxy
//! and the shared checks are in `mod.rs`.

use super::*;

#[tokio::test]
async fn s3_faults_keep_the_previous_run_latest() {
    let moto = Moto::start();
    let out = moto.location("faults");
    let mut latest = publish_run(&out).await.expect("first run").run_id;
    let url = |rel: &str| format!("s3://{BUCKET}/faults/{rel}");

    // (what the case is, its rules, the object the error must name; "<run>" = the failed run).
    let cases: Vec<(&str, Vec<Rule>, &str)> = vec![
        (
            "the second table file write fails (a transient error outlasting the retries)",
            vec![Rule::new(Op::Put, "/runs/", Fault::Transient).skip(1).times(1)],
            "published/headcount.parquet",
        ),
        (
            "every write under published/ times out (after a delay)",
            vec![Rule::new(Op::Put, "/published/", Fault::Timeout).delay(Duration::from_millis(200))],
            "published/headcount.parquet",
        ),
        (
            "the manifest write fails: after the tables, before the manifest",
            vec![Rule::new(Op::Put, "manifest.json", Fault::Transient)],
            "manifest.json",
        ),
        (
            "the manifest cannot be read back",
            vec![Rule::new(Op::Get, "manifest.json", Fault::Timeout)],
            "manifest.json",
        ),
        (
            "LATEST cannot be replaced",
            vec![Rule::new(Op::Put, "LATEST", Fault::Transient)],
            "faults/LATEST",
        ),
        (
            "LATEST cannot be read when the run starts",
            vec![Rule::new(Op::Get, "LATEST", Fault::Timeout).times(1)],
            "faults/LATEST",
        ),
        (
            "the lock cannot be created",
            vec![Rule::new(Op::Put, "_lock", Fault::Transient)],
            "faults/_lock",
        ),
    ];
    for (case, rules, names) in cases {
        let (faulty_out, faulty) = Faulty::wrap(&out, rules);
        let err = publish_run(&faulty_out)
            .await
            .expect_err(&format!("{case}: the run fails"));
        assert!(!faulty.injected().is_empty(), "{case}: a fault was injected");
        assert_io_error(&err, names);
        assert!(
            err.to_string().contains(&url("")),
            "{case}: the message has the full URL: {err}"
        );
        assert_latest_readable(&out, &latest).await;
        // Nothing to clean up by hand: the next run goes ahead and becomes the latest.
        latest = publish_run(&out).await.expect("the next run").run_id;
        assert_latest_readable(&out, &latest).await;
    }

    // A failed lock release after a commit is a warning, not a failure: the run is published,
    // and the lock left behind names it (the error for the next run says how to remove it).
    let (faulty_out, _) = Faulty::wrap(&out, vec![Rule::new(Op::Delete, "_lock", Fault::Transient)]);
    let committed = publish_run(&faulty_out)
        .await
        .expect("committed despite the release");
    let err = publish_run(&out).await.expect_err("the lock is still there");
    assert_io_error(&err, &committed.run_id);
    assert!(matches!(err, Error::Locked { .. }), "{err}");
    out.delete("_lock").await.expect("remove the lock by hand");
    assert_latest_readable(&out, &committed.run_id).await;
}

#[tokio::test]
async fn s3_transient_errors_and_timeouts_are_retried() {
    let moto = Moto::start();
    // Every other request attempt gets a 503: each request is retried once and succeeds.
    let proxy = FlakyProxy::start(moto.port, |n, _, _| {
        if n % 2 == 0 {
            Flake::Unavailable
        } else {
            Flake::Pass
        }
    });
    let client = || {
        object_store::ClientOptions::new()
            .with_allow_http(true)
            .with_pool_max_idle_per_host(0)
            .with_timeout(Duration::from_millis(700))
    };
    let out = s3_location(proxy.port, "flaky", client());
    let first = publish_run(&out).await.expect("a run through 503s succeeds");
    assert!(proxy.faults() >= 10, "503s were answered: {}", proxy.faults());
    assert_latest_readable(&moto.location("flaky"), &first.run_id).await;

    // Every other read hangs past the request timeout: reads are idempotent, so retried.
    let hang = FlakyProxy::start(moto.port, |n, method, _| {
        if method == "GET" && n % 2 == 0 {
            Flake::Hang
        } else {
            Flake::Pass
        }
    });
    let out = s3_location(hang.port, "flaky", client());
    let (latest, _) = read_latest(&out)
        .await
        .expect("LATEST read despite a timeout")
        .expect("a committed run");
    assert_eq!(latest, first.run_id);
    for name in TABLES {
        read_table(&out, &latest, "published", name)
            .await
            .expect("table read despite timeouts");
    }
    assert!(hang.faults() >= 2, "reads timed out: {}", hang.faults());
}

#[tokio::test]
async fn s3_lock_create_retried_after_a_lost_response() {
    // The conditional create of `_lock` lands, but its response is lost (503): the store
    // retries, finds the lock present, and it names this very run: the lock is ours.
    let moto = Moto::start();
    let lost = AtomicBool::new(false);
    let proxy = FlakyProxy::start(moto.port, move |_, method, target| {
        if method == "PUT" && target.ends_with("/_lock") && !lost.swap(true, Ordering::SeqCst) {
            Flake::LoseResponse
        } else {
            Flake::Pass
        }
    });
    let client = object_store::ClientOptions::new()
        .with_allow_http(true)
        .with_pool_max_idle_per_host(0);
    let out = s3_location(proxy.port, "lost", client);
    let m = publish_run(&out).await.expect("the run holds its own lock");
    assert_eq!(proxy.faults(), 1, "the lock's response was lost once");
    assert_latest_readable(&moto.location("lost"), &m.run_id).await;
}

#[tokio::test]
async fn s3_concurrent_runs_one_wins_the_lock() {
    let moto = Moto::start();
    let out = moto.location("race");
    let mut previous: Option<String> = None;
    for round in 0..3 {
        // Eight runs start at once, each with its own client (as separate machines would).
        let contenders: Vec<Location> = (0..8).map(|_| moto.location("race")).collect();
        let begun = futures::future::join_all(
            contenders
                .iter()
                .map(|loc| Publisher::begin(loc, PublishOptions::default())),
        )
        .await;
        let (winners, losers): (Vec<_>, Vec<_>) = begun.into_iter().partition(|r| r.is_ok());
        assert_eq!(winners.len(), 1, "round {round}: exactly one run takes the lock");
        let mut winner = winners.into_iter().next().expect("one").expect("ok");
        for loser in losers {
            let err = loser.expect_err("lost");
            assert!(matches!(err, Error::Locked { .. }), "round {round}: {err}");
            // The loser is told who owns the output.
            assert_io_error(&err, winner.run_id());
        }
        for name in TABLES {
            winner.write_table(&table(name)).await.expect("write");
        }
        let m = winner
            .commit(Manifest {
                kind: "regional".into(),
                ..Default::default()
            })
            .await
            .expect("the winner commits");
        assert_latest_readable(&out, &m.run_id).await;
        if let Some(p) = &previous {
            assert!(m.run_id > *p, "run ids keep increasing");
        }
        previous = Some(m.run_id);
    }
}
