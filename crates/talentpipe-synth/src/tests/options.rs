//! Options: the same seed gives the same bytes, row counts follow the options, invalid options
//! are refused, and the national-scale smoke test (ignored by default).

use super::*;

#[test]
fn same_seed_same_bytes_different_seed_different_bytes() {
    let (a_dir, a) = run(&small(7));
    let (b_dir, b) = run(&small(7));
    let (_c_dir, c) = run(&small(8));
    assert_eq!(a.files.len(), b.files.len());
    let bytes = |p: &Path| fs::read(p).expect("readable");
    let mut any_difference = false;
    for ((fa, fb), fc) in a.files.iter().zip(&b.files).zip(&c.files) {
        assert_eq!(
            fa.path.strip_prefix(a_dir.path()).ok(),
            fb.path.strip_prefix(b_dir.path()).ok()
        );
        assert_eq!(
            bytes(&fa.path),
            bytes(&fb.path),
            "{} differs between runs",
            fa.path.display()
        );
        any_difference |= bytes(&fa.path) != bytes(&fc.path);
    }
    assert!(any_difference, "a different seed gives different data");
}
#[test]
fn row_counts_are_sane() {
    let (_dir, s) = run(&small(3));
    for f in files(&s, "esr_workforce") {
        // Every organisation sends the first month; later months may lack one or two.
        let all_sent = f.path.to_string_lossy().ends_with("2026-07.csv");
        let expected = if all_sent { 400..=480 } else { 200..=480 };
        assert!(
            expected.contains(&f.rows),
            "{}: {} rows",
            f.path.display(),
            f.rows
        );
    }
    for f in files(&s, "staff_survey") {
        assert!(
            (120..=260).contains(&f.rows),
            "{}: {} rows",
            f.path.display(),
            f.rows
        );
    }
    for f in files(&s, "population") {
        assert_eq!(f.rows, 5);
    }
    for f in files(&s, "board") {
        // 4-6 organisations, 12-15 seats each, two snapshots, a few departed members.
        assert!(
            (4 * 12 * 2..=6 * 15 * 2 + 20).contains(&f.rows),
            "board rows {}",
            f.rows
        );
    }
    let count = |kind: &str| files(&s, kind).iter().map(|f| f.rows).sum::<u64>();
    assert!(count("vacancies") >= 40, "vacancies {}", count("vacancies"));
    assert!(count("recruitment") > 5 * count("vacancies"));
    assert!(count("training") > 800);
    assert!(count("disciplinary") >= 5);
    assert!(count("talent_pool") >= 20);
    assert!(s.files.iter().all(|f| f.dirty_rows == 0));
}
#[test]
fn bad_options_are_rejected() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let cases = [
        GenerateOptions {
            regions: vec!["Y99".into()],
            ..GenerateOptions::default()
        },
        GenerateOptions {
            kinds: Some(vec!["payroll".into()]),
            ..GenerateOptions::default()
        },
        GenerateOptions {
            dirty: 1.5,
            ..GenerateOptions::default()
        },
        GenerateOptions {
            dirty: f64::NAN,
            ..GenerateOptions::default()
        },
        GenerateOptions {
            people: 0,
            ..GenerateOptions::default()
        },
        GenerateOptions {
            months: 0,
            ..GenerateOptions::default()
        },
    ];
    for opts in cases {
        let err = generate(&opts, dir.path()).expect_err("rejected");
        assert!(matches!(err, GenerateError::InvalidOption(_)), "{err}");
    }
    assert_eq!(
        fs::read_dir(dir.path()).expect("readable").count(),
        0,
        "nothing written"
    );
}

/// National-scale smoke test: `cargo test --release -p talentpipe-synth -- --ignored`.
#[test]
#[ignore]
fn scale_300k_people_one_month() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let started = std::time::Instant::now();
    let s = generate(
        &GenerateOptions {
            regions: vec!["Y60".into()],
            people: 300_000,
            months: 1,
            kinds: Some(vec!["esr_workforce".into()]),
            ..GenerateOptions::default()
        },
        dir.path(),
    )
    .expect("generate succeeds");
    let elapsed = started.elapsed();
    let rows: u64 = s.files.iter().map(|f| f.rows).sum();
    eprintln!("300k people, 1 month: {rows} ESR rows in {elapsed:?}");
    assert!(rows > 300_000);
}
