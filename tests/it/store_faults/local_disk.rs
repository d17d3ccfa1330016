//! A local output folder that fills up mid-run or is read-only, through the real binary. The
//! shared checks are in `mod.rs`.

use super::*;

/// A small generated region and the layers of one metric, for whole-pipeline runs.
fn small_region(dir: &FsPath) -> (std::path::PathBuf, tempfile::TempDir) {
    let input = dir.join("in");
    let opts = GenerateOptions {
        seed: 15,
        regions: vec!["Y56".into()],
        people: 200,
        months: 2,
        ..Default::default()
    };
    generate(&opts, &input).expect("generate");
    let queries = shipped_query_folders(&[BASE_LAYERS[0], BASE_LAYERS[1], "wres"]);
    (input, queries)
}

/// Every file below `dir` whose name looks like an unfinished upload (object_store's local
/// store writes `<name>#<n>` and renames it) or a temporary file.
fn temporary_files(dir: &FsPath) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let name = entry.file_name().to_string_lossy().to_string();
                if name.contains('#') || name.starts_with(".tmp") {
                    found.push(path.display().to_string());
                }
            }
        }
    }
    found
}

#[test]
fn output_disk_full_mid_run() {
    crate::support::block_on(async {
        let dir = tempfile::tempdir().expect("tempdir");
        let (input, queries) = small_region(dir.path());
        let output = dir.path().join("out");
        let mut cfg = fixture_config(&input, &output, queries.path(), 5);
        let first = run_quiet(&cfg).await;
        let clean = cfg.output.clone();

        // The disk fills up while result tables are written (after staging, which is reused),
        // then when only the manifest is left, then when only LATEST is left.
        for (rule, names) in [
            (
                Rule::new(Op::Put, "/published/", Fault::NoSpace).skip(1),
                "/published/",
            ),
            (
                Rule::new(Op::Put, "manifest.json", Fault::NoSpace),
                "manifest.json",
            ),
            (Rule::new(Op::Put, "LATEST", Fault::NoSpace), "LATEST"),
        ] {
            let (faulty_out, faulty) = Faulty::wrap(&clean, vec![rule]);
            cfg.output = faulty_out;
            let options = RunOptions { ..Default::default() };
            let err = ops::run::run(&cfg, &options).await.expect_err("disk full");
            assert!(!faulty.injected().is_empty(), "a fault was injected");
            assert_io_error(&err, names);
            assert!(err.to_string().contains("No space left on device"), "{err}");
            assert!(err.to_string().contains(&output.display().to_string()), "{err}");
            // No partial run visible, no lock and no temporary files left.
            let (latest, _) = read_latest(&clean).await.expect("read").expect("latest");
            assert_eq!(latest, first.run_id);
            assert!(!output.join("_lock").exists(), "lock released");
            assert_eq!(temporary_files(&output), Vec::<String>::new());
        }
        cfg.output = clean;
        let next = run_quiet(&cfg).await;
        assert_ne!(next.run_id, first.run_id);
        assert_eq!(next.tables, first.tables, "same tables once there is space again");
    });
}

/// The `talentpipe` binary for a run of `input` into `output` (a local folder).
fn talentpipe_run(dir: &FsPath, input: &FsPath, output: &FsPath, queries: &FsPath) -> std::process::Command {
    let config = dir.join("region.toml");
    std::fs::write(&config, "region = 'Y56'\n").expect("config");
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_talentpipe"));
    c.env("TALENTPIPE_PSEUDONYM_KEY", "store-faults-key")
        .env_remove("TALENTPIPE_CONFIG")
        .arg("--config")
        .arg(&config)
        .arg("--input")
        .arg(input)
        .arg("--output")
        .arg(output)
        .args(["-q", "run", "--queries"])
        .arg(queries);
    c
}

/// Makes `dir` read-only even for root (`chattr +i`, immutable) or by mode bits otherwise;
/// undone on drop. None when neither works here (e.g. root on a file system without chattr).
struct ReadOnly(std::path::PathBuf, bool);

impl ReadOnly {
    fn make(dir: &FsPath) -> Option<ReadOnly> {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let root = std::fs::metadata("/proc/self")
            .map(|m| m.uid() == 0)
            .unwrap_or(false);
        let guard = if root {
            let ok = std::process::Command::new("chattr")
                .arg("+i")
                .arg(dir)
                .status()
                .is_ok_and(|s| s.success());
            ReadOnly(dir.to_path_buf(), ok)
        } else {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).expect("chmod");
            ReadOnly(dir.to_path_buf(), false)
        };
        // Probe: the folder must really refuse a new file.
        let probe = dir.join("probe");
        if std::fs::write(&probe, b"x").is_ok() {
            let _ = std::fs::remove_file(&probe);
            return None;
        }
        Some(guard)
    }
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        if self.1 {
            let _ = std::process::Command::new("chattr")
                .arg("-i")
                .arg(&self.0)
                .status();
        }
        let _ = std::fs::set_permissions(&self.0, std::fs::Permissions::from_mode(0o755));
    }
}

#[test]
fn read_only_output_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (input, queries) = small_region(dir.path());
    let output = dir.path().join("out");
    std::fs::create_dir_all(&output).expect("mkdir");
    let guard = ReadOnly::make(&output);
    if guard.is_some() {
        let out = talentpipe_run(dir.path(), &input, &output, queries.path())
            .output()
            .expect("run talentpipe");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{stderr}");
        assert!(
            stderr.contains(&format!("{}/_lock", output.display())),
            "names the object it could not write: {stderr}"
        );
        drop(guard);
        assert_eq!(
            std::fs::read_dir(&output).expect("read").count(),
            0,
            "nothing was written"
        );
    } else {
        eprintln!(
            "read_only_output_folder: cannot make a folder read-only here; the EROFS case below still runs"
        );
    }

    // The same through the store (a read-only mount answers EROFS), for every write.
    crate::support::block_on(async {
        let mut cfg = fixture_config(&input, &output, queries.path(), 5);
        let (faulty_out, _) = Faulty::wrap(&cfg.output, vec![Rule::new(Op::Put, "", Fault::ReadOnly)]);
        cfg.output = faulty_out;
        let err = ops::run::run(&cfg, &RunOptions { ..Default::default() })
            .await
            .expect_err("read-only");
        assert_io_error(&err, &format!("{}/_lock", output.display()));
        assert!(err.to_string().contains("Read-only file system"), "{err}");
    });
}
