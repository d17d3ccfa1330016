//! Scratch folders in the temporary folder (`TMPDIR`) that a killed run does not leak.
//!
//! The uniqueness index spills sorted runs into one (`ingest::unique`), the queries materialise
//! shared helper models into another (`queries::run`), and DataFusion spills sorts and joins
//! into a third when `runtime.memory_limit` is set (`session`). A folder is removed when its owner drops
//! it, but a process that is killed (`kill -9`, out-of-memory killer, power loss of a container)
//! cannot remove anything, and a large ingest leaves gigabytes behind.
//!
//! So each folder, `$TMPDIR/talentpipe-<purpose>-XXXXXX/`, holds a file `owner.lock` on which its
//! process keeps an exclusive advisory lock (`flock`) while the folder is in use. The kernel
//! drops the lock when the process ends, however it ends. Before creating a folder, talentpipe
//! removes every `talentpipe-<purpose>-XXXXXX` folder whose lock it can take: those of dead
//! processes, on this machine or another container sharing the folder (a lock does not depend
//! on process ids).
//!
//! Both steps are made atomic with a rename, so a kill at any moment leaves nothing the next run
//! cannot recognise: a folder is set up (lock file created and locked) as
//! `.talentpipe-new-XXXXXX` and renamed to its final name, so a folder with that name always
//! has a lock file; a folder is renamed to `.talentpipe-dead-...` before it is removed (by its
//! owner when done, or as stale), so a half-removed folder (its lock file already gone) is never
//! mistaken for a live one.
//! `.talentpipe-dead-*` folders are removed at once, `.talentpipe-new-*` ones (a run killed in
//! the microseconds of setting one up) after a minute, and a final-name folder without a lock
//! file (made by an older talentpipe) after an hour.
//!
//! Caveat: on a file system without `flock` (some network file systems) taking the lock fails
//! and the folder is not created: point `TMPDIR` at a local disk.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::{Error, Result};

/// The purposes of scratch folders (their name is `talentpipe-<purpose>-` and 6 characters).
pub const PURPOSES: &[&str] = &["unique", "models", "spill", "queries"];

/// The lock file inside a scratch folder.
pub const OWNER_LOCK: &str = "owner.lock";

/// Name prefix of a folder being set up.
pub const SETUP_PREFIX: &str = ".talentpipe-new-";

/// Name prefix of a stale folder being removed.
pub const DEAD_PREFIX: &str = ".talentpipe-dead-";

/// A folder being set up this old was left by a killed run.
const SETUP_MAX_AGE: Duration = Duration::from_secs(60);

/// A final-name folder without a lock file this old is a leftover of an older talentpipe.
const UNLOCKED_MAX_AGE: Duration = Duration::from_secs(3600);

/// A scratch folder, removed on drop; its lock is held until then.
#[derive(Debug)]
pub struct ScratchDir {
    path: PathBuf,
    _lock: File,
}

impl ScratchDir {
    /// Removes the scratch folders of dead processes, then creates one for `purpose` (one of
    /// [`PURPOSES`]) under `std::env::temp_dir()`.
    pub fn new(purpose: &str) -> Result<ScratchDir> {
        let root = std::env::temp_dir();
        sweep(&root);
        let mut attempts = 0;
        loop {
            attempts += 1;
            let setup = tempfile::Builder::new()
                .prefix(SETUP_PREFIX)
                .tempdir_in(&root)
                .map_err(|e| Error::io(&root, e))?;
            let lock_path = setup.path().join(OWNER_LOCK);
            let lock = OpenOptions::new()
                .create_new(true)
                .write(true)
                .open(&lock_path)
                .map_err(|e| Error::io(&lock_path, e))?;
            lock.try_lock().map_err(|e| {
                Error::io(
                    &lock_path,
                    std::io::Error::other(format!("cannot lock the scratch folder: {e}")),
                )
            })?;
            let suffix = setup
                .path()
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.strip_prefix(SETUP_PREFIX))
                .unwrap_or("")
                .to_string();
            let path = root.join(format!("talentpipe-{purpose}-{suffix}"));
            // A final name already taken (by a live folder: it is not empty) fails the rename.
            match std::fs::rename(setup.path(), &path) {
                Ok(()) => {
                    let _ = setup.keep(); // now at `path`
                    return Ok(ScratchDir { path, _lock: lock });
                }
                Err(e) if attempts >= 5 => return Err(Error::io(&path, e)),
                Err(_) => continue,
            }
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        // Renamed first, as in `sweep`: killed while removing it, this process would otherwise
        // leave a half-removed folder whose lock file may already be gone.
        let dead = dead_name(&self.path);
        let path = match std::fs::rename(&self.path, &dead) {
            Ok(()) => dead,
            Err(_) => self.path.clone(),
        };
        if let Err(e) = std::fs::remove_dir_all(&path)
            && e.kind() != std::io::ErrorKind::NotFound
        {
            tracing::warn!(folder = %path.display(), "cannot remove a scratch folder: {e}");
        }
    }
}

/// `<root>/talentpipe-<purpose>-XXXXXX` -> `<root>/.talentpipe-dead-<purpose>-XXXXXX`.
fn dead_name(path: &Path) -> PathBuf {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let rest = name.strip_prefix("talentpipe-").unwrap_or(name);
    path.with_file_name(format!("{DEAD_PREFIX}{rest}"))
}

/// Whether `name` is a scratch folder name: `talentpipe-<purpose>-` and 6 alphanumerics.
fn is_scratch_name(name: &str) -> bool {
    PURPOSES.iter().any(|p| {
        name.strip_prefix("talentpipe-")
            .and_then(|n| n.strip_prefix(p))
            .and_then(|n| n.strip_prefix('-'))
            .is_some_and(|s| s.len() == 6 && s.bytes().all(|b| b.is_ascii_alphanumeric()))
    })
}

fn older_than(entry: &std::fs::DirEntry, age: Duration) -> bool {
    entry
        .metadata()
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|a| a > age)
}

fn remove(path: &Path) -> bool {
    match std::fs::remove_dir_all(path) {
        Ok(()) => true,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(e) => {
            tracing::warn!(folder = %path.display(), "cannot remove a stale scratch folder: {e}");
            false
        }
    }
}

/// Removes the scratch folders under `root` that no live process holds; returns them.
/// Problems (a folder that cannot be read or removed) are logged, never returned.
pub fn sweep(root: &Path) -> Vec<PathBuf> {
    let mut removed = Vec::new();
    let Ok(entries) = std::fs::read_dir(root) else {
        return removed;
    };
    for entry in entries.flatten() {
        let Some(name) = entry.file_name().to_str().map(str::to_string) else {
            continue;
        };
        if !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let path = entry.path();
        let stale = if name.starts_with(DEAD_PREFIX) {
            true
        } else if name.starts_with(SETUP_PREFIX) {
            older_than(&entry, SETUP_MAX_AGE)
        } else if is_scratch_name(&name) {
            match File::open(path.join(OWNER_LOCK)) {
                Ok(lock) => {
                    if lock.try_lock().is_err() {
                        continue; // its owner is running
                    }
                    // Held while it is renamed, so no one else takes it meanwhile.
                    let dead = dead_name(&path);
                    if std::fs::rename(&path, &dead).is_ok() && remove(&dead) {
                        tracing::info!(folder = %path.display(), "removed the scratch folder of a run that is no longer running");
                        removed.push(path);
                    }
                    continue;
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => older_than(&entry, UNLOCKED_MAX_AGE),
                Err(_) => false,
            }
        } else {
            false
        };
        if stale && remove(&path) {
            removed.push(path);
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(is_scratch_name("talentpipe-unique-a1B2c3"));
        assert!(is_scratch_name("talentpipe-models-zzzzzz"));
        assert!(!is_scratch_name("talentpipe-models-zzzzz"));
        assert!(!is_scratch_name("talentpipe-checkout"));
        assert!(!is_scratch_name("talentpipe-other-abcdef"));
    }

    #[test]
    fn a_live_folder_is_kept_and_a_dead_one_removed() {
        let root = tempfile::tempdir().unwrap();
        // A folder whose lock nobody holds (its process died) and one held by a live owner.
        let dead = root.path().join("talentpipe-unique-dead01");
        std::fs::create_dir(&dead).unwrap();
        std::fs::write(dead.join(OWNER_LOCK), b"").unwrap();
        std::fs::write(dead.join("run-000000.bin"), b"spilled").unwrap();
        let live = root.path().join("talentpipe-models-live01");
        std::fs::create_dir(&live).unwrap();
        let held = File::create(live.join(OWNER_LOCK)).unwrap();
        held.try_lock().unwrap();
        // Being set up right now (young), and half removed by a run killed meanwhile.
        let young = root.path().join(format!("{SETUP_PREFIX}young1"));
        std::fs::create_dir(&young).unwrap();
        let half = root.path().join(format!("{DEAD_PREFIX}unique-half01"));
        std::fs::create_dir(&half).unwrap();
        std::fs::write(half.join("run-000001.bin"), b"spilled").unwrap();
        // Not ours.
        let other = root.path().join("talentpipe-checkout");
        std::fs::create_dir(&other).unwrap();

        let mut removed = sweep(root.path());
        removed.sort();
        assert_eq!(removed, vec![half.clone(), dead.clone()]);
        assert!(!dead.exists() && !half.exists());
        assert!(live.exists() && young.exists() && other.exists());
        drop(held);
        assert_eq!(sweep(root.path()), vec![live.clone()], "its owner is gone");
    }

    #[test]
    fn removal_goes_through_the_dead_name() {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("talentpipe-spill-abc123");
        assert_eq!(
            dead_name(&path),
            root.path().join(format!("{DEAD_PREFIX}spill-abc123"))
        );
        std::fs::create_dir(&path).unwrap();
        let lock = File::create(path.join(OWNER_LOCK)).unwrap();
        lock.try_lock().unwrap();
        drop(ScratchDir { path, _lock: lock });
        assert_eq!(std::fs::read_dir(root.path()).unwrap().count(), 0);
    }
}
