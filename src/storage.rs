//! The one object-store dispatch point: a URL or local path -> a registered store and prefix.
//!
//! Supported: local paths (relative to a base folder), `file://`, `s3://`, `gs://`, `az://`
//! (also `abfs://`, `abfss://`), and `memory://NAME` (a process-wide in-memory store, for
//! tests). Credentials and endpoints come from the environment as `object_store` reads them
//! (`AWS_ACCESS_KEY_ID`, `AWS_ENDPOINT`, `AWS_ALLOW_HTTP`, `GOOGLE_SERVICE_ACCOUNT`,
//! `AZURE_STORAGE_ACCOUNT_NAME`, ...).
//!
//! Cloud stores retry transient failures (HTTP 5xx, 429, 408, connection errors, and timeouts
//! of idempotent requests) with exponential backoff: see [`retry_config`]. Errors from the
//! [`Location`] helpers name the object ([`Error::Store`]).
//!
//! Test seam: [`Location`]'s fields are public, so a test wraps `store` in a fault-injecting
//! `ObjectStore` (tests/it/store_faults.rs) and runs the real code on it; nothing here pays
//! for that on the normal path.

use std::collections::HashMap;
use std::path::Path as FsPath;
use std::sync::{Arc, Mutex, OnceLock};

use bytes::Bytes;
use futures::TryStreamExt;
use object_store::local::LocalFileSystem;
use object_store::memory::InMemory;
use object_store::path::Path;
use object_store::{BackoffConfig, ObjectMeta, ObjectStore, ObjectStoreExt, PutPayload, RetryConfig};
use url::Url;

use crate::error::{Error, Result};

/// Parquet settings for everything talentpipe writes (staged and result tables): zstd level 1
/// and a version-stamped `created_by` (no timestamps), so output bytes depend only on the data.
pub fn parquet_writer_properties() -> Result<parquet::file::properties::WriterProperties> {
    use parquet::basic::{Compression, ZstdLevel};
    Ok(parquet::file::properties::WriterProperties::builder()
        .set_compression(Compression::ZSTD(ZstdLevel::try_new(1)?))
        .set_created_by(format!("talentpipe {}", env!("CARGO_PKG_VERSION")))
        .build())
}

/// Retries of cloud-store requests (S3, GCS, Azure): up to 10 retries, backoff from 100 ms
/// doubling to at most 15 s, and no new attempt once 3 minutes have passed since the first.
/// (object_store 0.13's defaults, pinned here so an upgrade cannot change them silently.)
/// A request that still fails is an error naming the object; the run exits with code 3.
/// Request timeouts are object_store's (30 s per request, 5 s to connect; `AWS_TIMEOUT` etc.
/// override them).
pub fn retry_config() -> RetryConfig {
    RetryConfig {
        backoff: BackoffConfig {
            init_backoff: std::time::Duration::from_millis(100),
            max_backoff: std::time::Duration::from_secs(15),
            base: 2.0,
        },
        max_retries: 10,
        retry_timeout: std::time::Duration::from_secs(180),
    }
}

/// A folder on some store: where inputs are read from or outputs written to.
#[derive(Clone)]
pub struct Location {
    /// `scheme://authority` of the store (what DataFusion registers the store under).
    pub store_url: Url,
    pub store: Arc<dyn ObjectStore>,
    /// The folder inside the store (no leading or trailing slash).
    pub prefix: Path,
}

impl std::fmt::Debug for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.display())
    }
}

fn memory_stores() -> &'static Mutex<HashMap<String, Arc<dyn ObjectStore>>> {
    static STORES: OnceLock<Mutex<HashMap<String, Arc<dyn ObjectStore>>>> = OnceLock::new();
    STORES.get_or_init(Default::default)
}

impl Location {
    /// Resolves `spec` (a URL, or a local path relative to `base_dir`).
    pub fn parse(spec: &str, base_dir: &FsPath) -> Result<Location> {
        let bad = |message: String| Error::Usage {
            option: spec.to_string(),
            message,
        };
        let looks_like_url = spec.contains("://");
        if !looks_like_url {
            let path = base_dir.join(spec);
            return Location::local(&path);
        }
        let url = Url::parse(spec).map_err(|e| bad(format!("not a valid URL: {e}")))?;
        let store_url = Url::parse(&format!("{}://{}", url.scheme(), url.host_str().unwrap_or("")))
            .map_err(|e| bad(e.to_string()))?;
        let prefix = Path::parse(url.path().trim_matches('/')).map_err(|e| bad(e.to_string()))?;
        let store: Arc<dyn ObjectStore> = match url.scheme() {
            "file" => {
                let path = url
                    .to_file_path()
                    .map_err(|()| bad("a file:// URL needs an absolute path".into()))?;
                return Location::local(&path);
            }
            "s3" | "s3a" => Arc::new(
                object_store::aws::AmazonS3Builder::from_env()
                    .with_url(url.as_str())
                    .with_retry(retry_config())
                    .build()
                    .map_err(|e| bad(e.to_string()))?,
            ),
            "gs" => Arc::new(
                object_store::gcp::GoogleCloudStorageBuilder::from_env()
                    .with_url(url.as_str())
                    .with_retry(retry_config())
                    .build()
                    .map_err(|e| bad(e.to_string()))?,
            ),
            "az" | "abfs" | "abfss" | "azure" => Arc::new(
                object_store::azure::MicrosoftAzureBuilder::from_env()
                    .with_url(url.as_str())
                    .with_retry(retry_config())
                    .build()
                    .map_err(|e| bad(e.to_string()))?,
            ),
            "memory" => {
                let name = url.host_str().unwrap_or("default").to_string();
                let mut stores = memory_stores()
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                stores
                    .entry(name)
                    .or_insert_with(|| Arc::new(InMemory::new()))
                    .clone()
            }
            other => {
                return Err(bad(format!(
                    "unsupported scheme '{other}': use a local path, file://, s3://, gs://, az:// or memory://"
                )));
            }
        };
        Ok(Location {
            store_url,
            store,
            prefix,
        })
    }

    /// A local folder (need not exist yet).
    pub fn local(path: &FsPath) -> Result<Location> {
        let abs = std::path::absolute(path).map_err(|e| Error::io(path, e))?;
        // `..` and `.` removed by name (object-store paths refuse them), as a shell's `cd ..`
        // does: `out/../x` is `x` even when `out` is a symbolic link.
        let mut abs_clean = std::path::PathBuf::new();
        for part in abs.components() {
            match part {
                std::path::Component::ParentDir => {
                    abs_clean.pop();
                }
                std::path::Component::CurDir => {}
                other => abs_clean.push(other),
            }
        }
        let abs = abs_clean;
        let prefix = Path::from_absolute_path(&abs).map_err(|e| Error::Usage {
            option: abs.display().to_string(),
            message: e.to_string(),
        })?;
        Ok(Location {
            store_url: Url::parse("file://").map_err(|e| Error::Internal(e.to_string()))?,
            store: Arc::new(LocalFileSystem::new()),
            prefix,
        })
    }

    /// The local folder behind this location, if it is on the local file system.
    pub fn local_path(&self) -> Option<std::path::PathBuf> {
        (self.store_url.scheme() == "file").then(|| std::path::PathBuf::from(format!("/{}", self.prefix)))
    }

    /// A sub-folder.
    pub fn join(&self, rel: &str) -> Location {
        Location {
            store_url: self.store_url.clone(),
            store: self.store.clone(),
            prefix: self.path(rel),
        }
    }

    /// An object path below this folder (`rel` may contain `/`).
    pub fn path(&self, rel: &str) -> Path {
        let mut p = self.prefix.clone();
        for part in rel.split('/').filter(|s| !s.is_empty()) {
            p = p.clone().join(part);
        }
        p
    }

    /// The URL of an object or folder below this location, for DataFusion and messages.
    pub fn url_of(&self, rel: &str) -> String {
        self.url_of_path(&self.path(rel))
    }

    /// The URL of an object given by its full path in the store (e.g. from a listing).
    pub fn url_of_path(&self, path: &Path) -> String {
        let base = self.store_url.as_str().trim_end_matches('/');
        if self.store_url.scheme() == "file" {
            format!("file:///{path}")
        } else {
            format!("{base}/{path}")
        }
    }

    /// The URL of a folder below this location, with the trailing `/` DataFusion needs to
    /// treat it as a table of many files.
    pub fn dir_url(&self, rel: &str) -> String {
        format!("{}/", self.url_of(rel).trim_end_matches('/'))
    }

    /// An [`Error::Store`] naming the object at `rel`.
    pub fn store_error(&self, op: &'static str, rel: &str, source: object_store::Error) -> Error {
        Error::Store {
            op,
            url: self.url_of(rel),
            source,
        }
    }

    /// How to show this location to a person.
    pub fn display(&self) -> String {
        match self.local_path() {
            Some(p) => p.display().to_string(),
            None => self.url_of(""),
        }
    }

    /// Every object below `rel`, sorted by path.
    pub async fn list(&self, rel: &str) -> Result<Vec<ObjectMeta>> {
        let prefix = self.path(rel);
        if let Some(p) = self.local_path() {
            // The local store errors on a missing folder; "absent" is a normal answer here.
            if !p.join(rel).exists() {
                return Ok(Vec::new());
            }
        }
        let mut objects: Vec<ObjectMeta> = self
            .store
            .list(Some(&prefix))
            .try_collect()
            .await
            .map_err(|e| self.store_error("list", rel, e))?;
        objects.sort_by(|a, b| a.location.cmp(&b.location));
        Ok(objects)
    }

    /// Reads a small object whole; `None` if it does not exist.
    pub async fn get_opt(&self, rel: &str) -> Result<Option<Bytes>> {
        match self.store.get(&self.path(rel)).await {
            Ok(r) => Ok(Some(
                r.bytes().await.map_err(|e| self.store_error("read", rel, e))?,
            )),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(self.store_error("read", rel, e)),
        }
    }

    /// Writes a small object in one atomic PUT.
    pub async fn put(&self, rel: &str, data: impl Into<Bytes>) -> Result<()> {
        self.store
            .put(&self.path(rel), PutPayload::from(data.into()))
            .await
            .map_err(|e| self.store_error("write", rel, e))?;
        Ok(())
    }

    /// Deletes the object at `rel` (nothing to delete is fine). [`delete_all`](Self::delete_all)
    /// lists a folder, which does not include an object of that very name.
    pub async fn delete(&self, rel: &str) -> Result<()> {
        match self.store.delete(&self.path(rel)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(self.store_error("delete", rel, e)),
        }
    }

    /// Deletes every object below the folder `rel` (nothing to delete is fine).
    pub async fn delete_all(&self, rel: &str) -> Result<()> {
        for meta in self.list(rel).await? {
            match self.store.delete(&meta.location).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
                Err(source) => {
                    return Err(Error::Store {
                        op: "delete",
                        url: self.url_of_path(&meta.location),
                        source,
                    });
                }
            }
        }
        Ok(())
    }

    /// Removes the leftovers of interrupted writes below the folder `rel` of a local output and
    /// returns how many there were. The local store writes `<name>#<n>` and renames it when the
    /// write completes, so a process killed mid-write (a large staged part) leaves that file,
    /// which listing never shows and so [`delete_all`](Self::delete_all) never removes. Only
    /// for folders no other process is writing. (Object stores keep no file of an unfinished
    /// upload; an S3 bucket should still have a lifecycle rule aborting incomplete multipart
    /// uploads.)
    pub fn remove_partial_uploads(&self, rel: &str) -> Result<usize> {
        fn walk(dir: &std::path::Path, removed: &mut usize) -> Result<()> {
            let entries = match std::fs::read_dir(dir) {
                Ok(entries) => entries,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
                Err(e) => return Err(Error::io(dir, e)),
            };
            for entry in entries {
                let path = entry.map_err(|e| Error::io(dir, e))?.path();
                if path.is_dir() {
                    walk(&path, removed)?;
                } else if path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .and_then(|n| n.rsplit_once('#'))
                    .is_some_and(|(_, n)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
                {
                    match std::fs::remove_file(&path) {
                        Ok(()) => *removed += 1,
                        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                        Err(e) => return Err(Error::io(&path, e)),
                    }
                }
            }
            Ok(())
        }
        let mut removed = 0;
        if let Some(root) = self.local_path() {
            walk(&root.join(rel), &mut removed)?;
        }
        Ok(removed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn local_and_memory_locations() {
        let dir = tempfile::tempdir().unwrap();
        let loc = Location::parse("out", dir.path()).unwrap();
        assert_eq!(loc.local_path().unwrap(), dir.path().join("out"));
        loc.put("a/b.txt", "hi").await.unwrap();
        assert_eq!(loc.get_opt("a/b.txt").await.unwrap().unwrap(), "hi");
        assert!(loc.get_opt("missing").await.unwrap().is_none());
        assert_eq!(loc.list("a").await.unwrap().len(), 1);
        assert!(loc.list("nothing-here").await.unwrap().is_empty());
        loc.delete_all("a/b.txt").await.unwrap();
        assert!(
            loc.get_opt("a/b.txt").await.unwrap().is_some(),
            "a folder listing misses the object itself"
        );
        loc.delete("a/b.txt").await.unwrap();
        assert!(loc.get_opt("a/b.txt").await.unwrap().is_none());
        loc.delete("a/b.txt").await.unwrap();
        loc.put("a/b.txt", "hi").await.unwrap();
        loc.delete_all("a").await.unwrap();
        assert!(loc.list("a").await.unwrap().is_empty());

        let m1 = Location::parse("memory://t1/root", dir.path()).unwrap();
        m1.put("x", "1").await.unwrap();
        let m2 = Location::parse("memory://t1/root", dir.path()).unwrap();
        assert_eq!(m2.get_opt("x").await.unwrap().unwrap(), "1", "same named store");
        assert_eq!(m1.url_of("x"), "memory://t1/root/x");
    }

    #[test]
    fn relative_local_paths_may_climb_with_dot_dot() {
        let base = FsPath::new("/data/work");
        let loc = Location::parse("../in/./Y56", base).unwrap();
        assert_eq!(loc.local_path().unwrap(), FsPath::new("/data/in/Y56"));
        assert_eq!(loc.url_of("x.csv"), "file:///data/in/Y56/x.csv");
    }

    #[test]
    fn rejects_unknown_schemes() {
        let err = Location::parse("ftp://host/x", FsPath::new(".")).unwrap_err();
        assert!(err.to_string().contains("unsupported scheme"), "{err}");
    }
}
