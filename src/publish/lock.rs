//! The output lock: one small object `<output>/_lock` that stops two runs writing at once.
//!
//! The lock is created with a conditional PUT (`PutMode::Create`), which is atomic on the
//! local file system (hard link), S3, GCS, Azure and the in-memory store. Its content names the
//! owner (host, pid, run id, start time) so that a person can decide whether it is stale.
//!
//! Caveats:
//! - A lock is only recognised as stale automatically when its owner ran on this host and its
//!   process is gone (`/proc/<pid>` is missing; needs procfs, i.e. Linux). A lock left by a
//!   crashed run on another machine must be removed by hand; the error says how.
//! - Taking over a stale lock uses a conditional update (`PutMode::Update`) where the store
//!   supports it; the local file system does not, so there it is re-read, deleted and created
//!   again, which leaves a tiny window in which two processes racing for the same stale lock
//!   could both believe they hold it.
//! - Release re-reads the lock and deletes it only if it still names this run.
//! - A create that the store retried after a lost response (the first attempt did land) finds
//!   the lock already there: if it names this very run, the lock is ours.
//! - Store errors name the lock object ([`Error::Store`]).

use object_store::{ObjectStore, ObjectStoreExt, PutMode, PutOptions, PutPayload, UpdateVersion};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::storage::Location;

/// Name of the lock object under the output root.
pub const LOCK: &str = "_lock";

/// How many times a stale-lock takeover is retried when another process changes the lock.
const TAKEOVER_ATTEMPTS: usize = 5;

/// The content of `<output>/_lock`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct LockRecord {
    /// Host name of the owner (`/proc/sys/kernel/hostname`, else `$HOSTNAME`).
    pub host: String,
    /// Process id of the owner on `host`.
    pub pid: u32,
    /// The run the owner is writing.
    pub run_id: String,
    /// When the owner took the lock (RFC 3339, UTC).
    pub started_at: String,
}

impl LockRecord {
    /// A record for this process writing `run_id`.
    pub fn for_this_process(run_id: &str, started_at: &str) -> LockRecord {
        LockRecord {
            host: this_host(),
            pid: std::process::id(),
            run_id: run_id.to_string(),
            started_at: started_at.to_string(),
        }
    }

    /// How the owner is named in messages.
    pub fn owner(&self) -> String {
        format!(
            "run {} (pid {} on host {}, started {})",
            self.run_id, self.pid, self.host, self.started_at
        )
    }

    /// True when the owner ran on this host and its process no longer exists.
    pub fn is_stale(&self) -> bool {
        let procfs = std::path::Path::new("/proc/self").exists();
        procfs && self.host == this_host() && !std::path::Path::new(&format!("/proc/{}", self.pid)).exists()
    }
}

/// This machine's host name, as recorded in lock files.
pub fn this_host() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok().filter(|s| !s.is_empty()))
        .unwrap_or_else(|| "unknown-host".to_string())
}

fn locked(output: &Location, owner: String) -> Error {
    let lock_url = output.url_of(LOCK);
    let removal = match output.local_path() {
        Some(p) => format!("rm '{}'", p.join(LOCK).display()),
        None => format!("delete the object {lock_url}"),
    };
    Error::Locked {
        root: output.display(),
        owner,
        hint: format!(
            "wait for that run to finish; if it is no longer running (crashed, or its machine is gone), \
             remove the lock with `{removal}` and retry"
        ),
    }
}

/// The current lock object: its record (or why it cannot be read) and version.
enum Current {
    Absent,
    Present {
        record: std::result::Result<LockRecord, String>,
        version: UpdateVersion,
        raw: bytes::Bytes,
    },
}

async fn read_current(output: &Location) -> Result<Current> {
    match output.store.get(&output.path(LOCK)).await {
        Ok(got) => {
            let version = UpdateVersion {
                e_tag: got.meta.e_tag.clone(),
                version: got.meta.version.clone(),
            };
            let raw = got
                .bytes()
                .await
                .map_err(|e| output.store_error("read the lock", LOCK, e))?;
            let record = serde_json::from_slice::<LockRecord>(&raw).map_err(|e| e.to_string());
            Ok(Current::Present { record, version, raw })
        }
        Err(object_store::Error::NotFound { .. }) => Ok(Current::Absent),
        Err(e) => Err(output.store_error("read the lock", LOCK, e)),
    }
}

/// Takes the lock for `record`, taking over a stale lock (with a warning).
///
/// Fails with [`Error::Locked`] when another live run (or a run on another host) holds it.
pub async fn acquire(output: &Location, record: &LockRecord) -> Result<()> {
    let payload = serde_json::to_vec_pretty(record)?;
    let path = output.path(LOCK);
    for _ in 0..TAKEOVER_ATTEMPTS {
        let created = output
            .store
            .put_opts(
                &path,
                PutPayload::from(payload.clone()),
                PutOptions::from(PutMode::Create),
            )
            .await;
        match created {
            Ok(_) => return Ok(()),
            Err(object_store::Error::AlreadyExists { .. }) => {}
            Err(e) => return Err(output.store_error("create the lock", LOCK, e)),
        }
        let (stale, version, raw) = match read_current(output).await? {
            // Released between our create and our read: try to create again.
            Current::Absent => continue,
            Current::Present {
                record: Err(reason), ..
            } => {
                return Err(locked(
                    output,
                    format!("an unknown owner (the lock cannot be read: {reason})"),
                ));
            }
            // Our own create, retried by the store after its response was lost.
            Current::Present {
                record: Ok(owner), ..
            } if owner == *record => return Ok(()),
            Current::Present {
                record: Ok(owner),
                version,
                raw,
            } => {
                if !owner.is_stale() {
                    return Err(locked(output, owner.owner()));
                }
                (owner, version, raw)
            }
        };
        tracing::warn!(
            output = %output.display(),
            "taking over a stale lock: its owner {} is no longer running",
            stale.owner()
        );
        let update = PutOptions::from(PutMode::Update(version));
        match output
            .store
            .put_opts(&path, PutPayload::from(payload.clone()), update)
            .await
        {
            Ok(_) => return Ok(()),
            // Someone else changed the lock meanwhile: look again.
            Err(object_store::Error::Precondition { .. }) | Err(object_store::Error::NotFound { .. }) => {
                continue;
            }
            Err(object_store::Error::NotImplemented { .. }) => {
                // No conditional update on this store (local file system): delete the stale lock
                // if it is still the one we read, then race for a fresh create.
                if let Current::Present { raw: now, .. } = read_current(output).await?
                    && now == raw
                {
                    match output.store.delete(&path).await {
                        Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
                        Err(e) => return Err(output.store_error("delete the stale lock", LOCK, e)),
                    }
                }
                continue;
            }
            Err(e) => return Err(output.store_error("take over the stale lock", LOCK, e)),
        }
    }
    match read_current(output).await? {
        Current::Present {
            record: Ok(owner), ..
        } => Err(locked(output, owner.owner())),
        _ => Err(locked(
            output,
            "another process (the lock kept changing while taking it)".to_string(),
        )),
    }
}

/// Releases the lock if it still names `record`'s run; warns (and leaves it) otherwise.
pub async fn release(output: &Location, record: &LockRecord) -> Result<()> {
    match read_current(output).await? {
        Current::Present {
            record: Ok(owner), ..
        } if owner == *record => match output.store.delete(&output.path(LOCK)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(output.store_error("release the lock", LOCK, e)),
        },
        Current::Present {
            record: Ok(owner), ..
        } => {
            tracing::warn!(
                output = %output.display(),
                "not releasing the lock: it now belongs to {}, not run {}",
                owner.owner(),
                record.run_id
            );
            Ok(())
        }
        Current::Present {
            record: Err(reason), ..
        } => {
            tracing::warn!(output = %output.display(), "not releasing an unreadable lock: {reason}");
            Ok(())
        }
        Current::Absent => {
            tracing::warn!(output = %output.display(), "lock of run {} was already gone", record.run_id);
            Ok(())
        }
    }
}
