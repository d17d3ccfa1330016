//! Configuration: the TOML file plus command-line overrides, resolved once into a validated
//! [`Config`] before any data is touched.
//!
//! Relative paths in the file are relative to the file's folder, so a config works from any
//! working directory; paths on the command line (and in `TALENTPIPE_*` variables) are relative
//! to the working directory. Unknown keys are rejected (a typo must not silently change a run).
//!
//! The queries folder: `--queries`, else `queries` in the file, else `queries/` beside the file
//! (the working directory without a file). When it was not set and that default folder does not
//! exist (an installed binary run outside the repository, `--config /dev/null`), the queries
//! shipped with the binary are used ([`Overrides::shipped_queries`], written to a temporary
//! folder named `queries` so every query keeps its `queries/...` name in manifests); a folder
//! that was set but does not exist is a usage error, never silently replaced.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::storage::Location;

/// Default configuration file name, looked up in the working directory.
pub const DEFAULT_CONFIG: &str = "talentpipe.toml";

/// The region label of a run with no region configured and none found in the data.
pub const UNSPECIFIED_REGION: &str = "unspecified";

/// The key used only when a config explicitly allows it (sample data, tests).
const DEVELOPMENT_KEY: &str = "talentpipe-development-key-NOT-FOR-REAL-DATA";

/// The configuration file, as written.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    /// Input root: a folder or object-store URL with one folder per extract kind.
    pub input: Option<String>,
    /// Output root: staged tables, runs, `LATEST`.
    pub output: Option<String>,
    /// The region or LDP code this run reports for (labels outputs and manifests).
    pub region: Option<String>,
    /// Folder of SQL queries.
    pub queries: Option<String>,
    #[serde(default)]
    pub ingest: IngestSection,
    #[serde(default)]
    pub pseudonym: PseudonymSection,
    #[serde(default)]
    pub publish: PublishSection,
    #[serde(default)]
    pub metrics: MetricsSection,
    #[serde(default)]
    pub runtime: RuntimeSection,
    #[serde(default)]
    pub aggregate: AggregateSection,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct IngestSection {
    /// A file whose quarantined share of rows exceeds this fails the run (0.10 = 10%).
    pub max_quarantine_share: f64,
    /// Records per ingest chunk, converted in parallel and staged as one row group (memory is
    /// proportional to this).
    pub batch_rows: usize,
    /// Uniqueness-index entries kept in memory per rule (about 28 bytes each) before they
    /// spill to sorted runs in the temporary folder.
    pub index_rows: usize,
}

impl Default for IngestSection {
    fn default() -> Self {
        IngestSection {
            max_quarantine_share: DEFAULT_MAX_QUARANTINE_SHARE,
            batch_rows: DEFAULT_BATCH_ROWS,
            index_rows: DEFAULT_INDEX_ROWS,
        }
    }
}

/// Default `ingest.max_quarantine_share`: a file with more than 10% of its rows quarantined
/// fails the run.
pub const DEFAULT_MAX_QUARANTINE_SHARE: f64 = 0.10;
/// Default `ingest.batch_rows`: records per ingest chunk (and staged row group).
pub const DEFAULT_BATCH_ROWS: usize = 65_536;
/// Default `ingest.index_rows`: uniqueness-index entries held in memory per rule before a
/// spill, the most a hash table of 4 Mi buckets holds (7/8 full), about 100 MiB.
pub const DEFAULT_INDEX_ROWS: usize = 3_670_016;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct PseudonymSection {
    /// Environment variable holding the pseudonymisation key.
    pub key_env: String,
    /// A file holding the key (used when the variable is not set).
    pub key_file: Option<String>,
    /// Allow a fixed, public development key when no key is given (never for real data).
    pub allow_development_key: bool,
}

impl Default for PseudonymSection {
    fn default() -> Self {
        PseudonymSection {
            key_env: "TALENTPIPE_PSEUDONYM_KEY".into(),
            key_file: None,
            allow_development_key: false,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct PublishSection {
    /// Counts from 1 to k-1 are withheld in published tables.
    pub suppression_threshold: i64,
    /// Completed runs kept in the output root (older ones are deleted).
    pub keep_runs: usize,
}

impl Default for PublishSection {
    fn default() -> Self {
        PublishSection {
            suppression_threshold: DEFAULT_SUPPRESSION_THRESHOLD,
            keep_runs: DEFAULT_KEEP_RUNS,
        }
    }
}

/// Default `publish.suppression_threshold`: published counts 1..4 are withheld.
pub const DEFAULT_SUPPRESSION_THRESHOLD: i64 = 5;
/// Default `publish.keep_runs`: committed runs kept in the output root.
pub const DEFAULT_KEEP_RUNS: usize = 10;

/// Default `metrics.disciplinary_window_months` (WRES indicator 3: a two-year rolling period).
pub const DEFAULT_DISCIPLINARY_WINDOW_MONTHS: i64 = 24;
/// Default `metrics.snapshot_staleness_days`: an organisation's latest snapshot may be this
/// many days older than the reporting date (one late monthly submission) and still be used.
pub const DEFAULT_SNAPSHOT_STALENESS_DAYS: i64 = 45;
/// Default `metrics.turnover_credibility_years`: the weight, in role-years of holding, given to
/// the assumed turnover rate when blending it with observed leavers.
pub const DEFAULT_TURNOVER_CREDIBILITY_YEARS: f64 = 3.0;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct MetricsSection {
    /// Reporting date for WRES and pipeline metrics; default: the latest ESR snapshot.
    pub reporting_date: Option<NaiveDate>,
    /// WRES indicator 3: disciplinary window in months ending on the reporting date.
    pub disciplinary_window_months: i64,
    /// Each organisation's figures come from its latest snapshot (ESR, board, talent pool) on or
    /// before the reporting date, if that is at most this many days old; else they are not
    /// computed ("no recent snapshot").
    pub snapshot_staleness_days: i64,
    /// Leadership pipeline: credibility weight k (role-years) of the assumed turnover rate r0 in
    /// the blended rate r = (leavers + k r0) / (holder-years + k).
    pub turnover_credibility_years: f64,
    /// Leadership pipeline: annual turnover assumed per critical role (the prior of the blend).
    pub assumed_turnover: BTreeMap<String, f64>,
}

impl Default for MetricsSection {
    fn default() -> Self {
        let assumed_turnover = crate::extracts::codes::CRITICAL_ROLES
            .iter()
            .map(|r| (r.code.to_string(), r.assumed_turnover))
            .collect();
        MetricsSection {
            reporting_date: None,
            disciplinary_window_months: DEFAULT_DISCIPLINARY_WINDOW_MONTHS,
            snapshot_staleness_days: DEFAULT_SNAPSHOT_STALENESS_DAYS,
            turnover_credibility_years: DEFAULT_TURNOVER_CREDIBILITY_YEARS,
            assumed_turnover,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct RuntimeSection {
    /// DataFusion memory pool, e.g. `2g`, `512m` (sorts and aggregations spill to disk beyond
    /// it); unset or `"auto"`: [`AUTO_MEMORY_SHARE`] of the machine's memory; `"unlimited"`:
    /// no pool.
    pub memory_limit: Option<String>,
    /// DataFusion target partitions (default: number of cores).
    pub target_partitions: Option<usize>,
    /// Independent queries run at once (default [`DEFAULT_CONCURRENT_QUERIES`]).
    pub concurrent_queries: Option<usize>,
}

/// `runtime.concurrent_queries` when unset: one query at a time, using every core (each query
/// is partitioned over them). Several at once took no less time on the national bench and added
/// their memory together (and each spilling operator's fair share of the pool shrinks).
pub const DEFAULT_CONCURRENT_QUERIES: usize = 1;

/// `runtime.memory_limit` unset or `"auto"`: this share of the machine's memory (the smaller of
/// physical memory and the container's limit); the rest is for what the pool does not track
/// (Parquet readers, results being written, repartition buffers, the allocator). Thirteen
/// national months ran as fast within it (12 GB here) as without a pool, peaking at 8 GB.
pub const AUTO_MEMORY_SHARE: f64 = 0.5;

/// The `runtime.memory_limit` value (and default) sized from the machine.
pub const AUTO_MEMORY: &str = "auto";

/// The `runtime.memory_limit` value without a memory pool.
pub const UNLIMITED_MEMORY: &str = "unlimited";

/// The memory pool a session gets (resolved against the machine by `session`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MemoryLimit {
    /// This share of the machine's memory (unlimited where it cannot be read).
    MachineShare(f64),
    Bytes(usize),
    Unlimited,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct AggregateSection {
    /// Regional output roots to combine.
    pub sources: Vec<String>,
    /// Regions that must all be present (unless `--allow-missing`).
    pub expected_regions: Vec<String>,
}

/// Values from the command line that override the file.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub config: Option<PathBuf>,
    pub input: Option<String>,
    pub output: Option<String>,
    pub queries: Option<String>,
    /// `--region` / `TALENTPIPE_REGION`: overrides the file's `region`.
    pub region: Option<String>,
    /// The query files shipped with the binary, `(path relative to queries/, contents)`, given
    /// by commands that read queries: used when no queries folder is set and the default one
    /// does not exist. `None`: no fallback (library callers, commands that read no query).
    pub shipped_queries: Option<&'static [(&'static str, &'static str)]>,
}

/// Where the queries folder of a [`Config`] comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueriesOrigin {
    /// `--queries` or `queries` in the file.
    Configured,
    /// Not set: `queries/` beside the file (or in the working directory without one).
    Default,
    /// Not set and the default folder does not exist: the queries shipped with the binary.
    Shipped,
}

/// The resolved, validated configuration of one invocation.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file it came from, if any.
    pub source: Option<PathBuf>,
    /// Folder relative paths are resolved against.
    pub base_dir: PathBuf,
    pub input: Option<Location>,
    pub output: Location,
    /// The region or LDP label of the run's outputs: `--region`, else the file's `region`, else
    /// (see `region_from_data`) the one region code of the ESR rows, else `unspecified`.
    pub region: String,
    /// No region was configured: the run takes it from the data (pipeline::resolve_region).
    pub region_from_data: bool,
    pub queries_dir: PathBuf,
    pub queries_origin: QueriesOrigin,
    pub file: FileConfig,
    /// SHA-256 of the effective configuration, for the manifest.
    pub digest: String,
    /// The temporary folder holding the shipped queries (removed when the last clone drops).
    _shipped_queries: Option<Arc<crate::scratch::ScratchDir>>,
}

impl Config {
    /// Loads `overrides.config` (or `talentpipe.toml` if present) and applies overrides.
    pub fn load(overrides: &Overrides) -> Result<Config> {
        let cwd = std::env::current_dir().map_err(|e| Error::io(".", e))?;
        let (source, file) = match &overrides.config {
            Some(path) => (Some(path.clone()), read_file(path)?),
            None if cwd.join(DEFAULT_CONFIG).is_file() => {
                let path = cwd.join(DEFAULT_CONFIG);
                (Some(path.clone()), read_file(&path)?)
            }
            None => (None, FileConfig::default()),
        };
        Config::resolve(source, file, overrides, &cwd)
    }

    /// Builds a config from an in-memory file config (library callers and tests).
    pub fn resolve(
        source: Option<PathBuf>,
        mut file: FileConfig,
        overrides: &Overrides,
        cwd: &Path,
    ) -> Result<Config> {
        let file_dir = source
            .as_ref()
            .and_then(|p| p.parent().map(Path::to_path_buf))
            .map(|p| {
                if p.as_os_str().is_empty() {
                    cwd.to_path_buf()
                } else {
                    cwd.join(p)
                }
            })
            .unwrap_or_else(|| cwd.to_path_buf());
        let cfg_err = |message: String| Error::Config {
            path: source
                .as_ref()
                .map_or("<defaults>".into(), |p| p.display().to_string()),
            message,
        };
        // Command-line values are relative to the working directory, file values to the file.
        let input = match (&overrides.input, &file.input) {
            (Some(i), _) => Some(Location::parse(i, cwd)?),
            (None, Some(i)) => Some(Location::parse(i, &file_dir)?),
            (None, None) => None,
        };
        let output = match (&overrides.output, &file.output) {
            (Some(o), _) => Location::parse(o, cwd)?,
            (None, Some(o)) => Location::parse(o, &file_dir)?,
            (None, None) => Location::parse("talentpipe-output", cwd)?,
        };
        let (mut queries_dir, mut queries_origin) = match (&overrides.queries, &file.queries) {
            (Some(q), _) => (cwd.join(q), QueriesOrigin::Configured),
            (None, Some(q)) => (file_dir.join(q), QueriesOrigin::Configured),
            (None, None) => (file_dir.join("queries"), QueriesOrigin::Default),
        };
        let mut shipped_dir = None;
        if let Some(shipped) = overrides.shipped_queries
            && !queries_dir.is_dir()
        {
            if queries_origin == QueriesOrigin::Configured {
                let set_by = if overrides.queries.is_some() {
                    "--queries".to_string()
                } else {
                    format!(
                        "`queries` in {}",
                        source
                            .as_ref()
                            .map_or(DEFAULT_CONFIG.into(), |p| p.display().to_string())
                    )
                };
                return Err(Error::Usage {
                    option: "queries".into(),
                    message: format!(
                        "query folder {} (set by {set_by}) does not exist: fix the path (--queries is relative to the working directory, `queries` in a file to the file's folder), or leave both unset to use the {} queries shipped with talentpipe {}",
                        queries_dir.display(),
                        shipped.len(),
                        env!("CARGO_PKG_VERSION")
                    ),
                });
            }
            let dir = write_shipped_queries(shipped)?;
            tracing::info!(
                missing = %queries_dir.display(),
                "no queries folder: using the {} queries shipped with talentpipe {}",
                shipped.len(),
                env!("CARGO_PKG_VERSION")
            );
            queries_dir = dir.path().join(SHIPPED_QUERIES_FOLDER);
            queries_origin = QueriesOrigin::Shipped;
            shipped_dir = Some(Arc::new(dir));
        }
        if overrides.input.is_some() {
            file.input.clone_from(&overrides.input);
        }
        if overrides.output.is_some() {
            file.output.clone_from(&overrides.output);
        }
        let share = file.ingest.max_quarantine_share;
        if !(0.0..=1.0).contains(&share) {
            return Err(cfg_err(format!(
                "ingest.max_quarantine_share must be between 0 and 1, not {share}"
            )));
        }
        if file.ingest.batch_rows == 0 {
            return Err(cfg_err("ingest.batch_rows must be at least 1".into()));
        }
        if file.ingest.index_rows == 0 {
            return Err(cfg_err("ingest.index_rows must be at least 1".into()));
        }
        if file.publish.suppression_threshold < 1 {
            return Err(cfg_err("publish.suppression_threshold must be at least 1".into()));
        }
        if file.publish.keep_runs == 0 {
            return Err(cfg_err("publish.keep_runs must be at least 1".into()));
        }
        if file.metrics.disciplinary_window_months < 1 {
            return Err(cfg_err(
                "metrics.disciplinary_window_months must be at least 1".into(),
            ));
        }
        if file.metrics.snapshot_staleness_days < 0 {
            return Err(cfg_err(
                "metrics.snapshot_staleness_days must be 0 or more".into(),
            ));
        }
        let k = file.metrics.turnover_credibility_years;
        if !(k.is_finite() && k >= 0.0) {
            return Err(cfg_err(
                "metrics.turnover_credibility_years must be 0 or more".into(),
            ));
        }
        // Roles given in the file override the defaults one by one, spelled canonically.
        let mut turnover = MetricsSection::default().assumed_turnover;
        for (role, rate) in &file.metrics.assumed_turnover {
            let Some(canonical) = crate::extracts::codes::CRITICAL_ROLE.normalise(role) else {
                return Err(cfg_err(format!(
                    "metrics.assumed_turnover: unknown critical role '{role}'"
                )));
            };
            if !(0.0..=1.0).contains(rate) {
                return Err(cfg_err(format!(
                    "metrics.assumed_turnover.{role} must be between 0 and 1"
                )));
            }
            turnover.insert(canonical.to_string(), *rate);
        }
        file.metrics.assumed_turnover = turnover;
        if let Some(limit) = &file.runtime.memory_limit
            && ![UNLIMITED_MEMORY, AUTO_MEMORY].contains(&limit.trim().to_ascii_lowercase().as_str())
        {
            parse_size(limit).map_err(|m| {
                cfg_err(format!(
                    "runtime.memory_limit: {m} (or '{AUTO_MEMORY}', '{UNLIMITED_MEMORY}')"
                ))
            })?;
        }
        // An empty --region / TALENTPIPE_REGION (a scheduler's variable left empty) sets nothing.
        let region_override = overrides.region.as_deref().filter(|r| !r.trim().is_empty());
        if let Some(r) = region_override {
            file.region = Some(r.to_string());
        }
        let region_from_data = file.region.is_none();
        let region = file.region.clone().unwrap_or_else(|| UNSPECIFIED_REGION.into());
        if region.is_empty()
            || !region
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            let message = format!("region '{region}' must be letters, digits, '-' or '_'");
            return Err(match region_override {
                Some(_) => Error::Usage {
                    option: "--region / TALENTPIPE_REGION".into(),
                    message,
                },
                None => cfg_err(message),
            });
        }
        let digest = hex::encode(Sha256::digest(
            toml::to_string(&file)
                .map_err(|e| cfg_err(e.to_string()))?
                .as_bytes(),
        ));
        Ok(Config {
            source,
            base_dir: file_dir,
            input,
            output,
            region,
            region_from_data,
            queries_dir,
            queries_origin,
            file,
            digest,
            _shipped_queries: shipped_dir,
        })
    }

    /// The queries folder as people should read it: its path, or for the shipped queries (whose
    /// temporary folder is gone after the run) which talentpipe version they came with.
    pub fn queries_label(&self) -> String {
        match self.queries_origin {
            QueriesOrigin::Shipped => format!(
                "the queries shipped with talentpipe {}",
                env!("CARGO_PKG_VERSION")
            ),
            _ => self.queries_dir.display().to_string(),
        }
    }

    /// The input root, or a usage error saying how to give one.
    pub fn input(&self) -> Result<&Location> {
        self.input.as_ref().ok_or_else(|| Error::Usage {
            option: "--input".into(),
            message: format!(
                "no input root: pass --input URL or set `input` in {}",
                self.source
                    .as_ref()
                    .map_or(DEFAULT_CONFIG.into(), |p| p.display().to_string())
            ),
        })
    }

    /// The pseudonymisation key: the environment variable's value, else the key file's contents
    /// (each trimmed), else the public development key when the config allows it (announced
    /// with a warning). Refuses without a key otherwise. The ingest operation builds the
    /// pseudonymiser from it.
    pub fn pseudonym_key(&self) -> Result<Vec<u8>> {
        let p = &self.file.pseudonym;
        if let Ok(key) = std::env::var(&p.key_env) {
            if !key.trim().is_empty() {
                return Ok(key.trim().as_bytes().to_vec());
            }
        }
        if let Some(file) = &p.key_file {
            let path = self.base_dir.join(file);
            let key = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
            let key = key.trim_ascii();
            if key.is_empty() {
                return Err(Error::MissingKey(format!("key file {} is empty", path.display())));
            }
            return Ok(key.to_vec());
        }
        if p.allow_development_key {
            tracing::warn!(
                "using the PUBLIC development pseudonymisation key (pseudonym.allow_development_key = true): \
                 never use this configuration for real staff data; set {} instead",
                p.key_env
            );
            return Ok(DEVELOPMENT_KEY.as_bytes().to_vec());
        }
        Err(Error::MissingKey(format!(
            "set the environment variable {} (or pseudonym.key_file in the config); \
             the run refuses to pseudonymise without a secret key",
            p.key_env
        )))
    }

    /// `runtime.concurrent_queries`, or its default.
    pub fn concurrent_queries(&self) -> usize {
        self.file
            .runtime
            .concurrent_queries
            .unwrap_or(DEFAULT_CONCURRENT_QUERIES)
            .max(1)
    }

    /// The DataFusion memory pool `runtime.memory_limit` asks for.
    pub fn memory_limit(&self) -> MemoryLimit {
        match self.file.runtime.memory_limit.as_deref() {
            None => MemoryLimit::MachineShare(AUTO_MEMORY_SHARE),
            Some(s) if s.trim().eq_ignore_ascii_case(UNLIMITED_MEMORY) => MemoryLimit::Unlimited,
            Some(s) if s.trim().eq_ignore_ascii_case(AUTO_MEMORY) => {
                MemoryLimit::MachineShare(AUTO_MEMORY_SHARE)
            }
            // Validated in `resolve`.
            Some(s) => parse_size(s).map_or(MemoryLimit::Unlimited, MemoryLimit::Bytes),
        }
    }
}

/// The name of the folder the shipped queries are written to (so query files are shown as
/// `queries/<layer>/<name>.sql`, as from the source tree).
const SHIPPED_QUERIES_FOLDER: &str = "queries";

/// Writes the shipped query files under `<temporary folder>/queries/`.
/// The folder is a scratch folder (`$TMPDIR/talentpipe-queries-XXXXXX`): removed when the run
/// ends, and by the next run when this one is killed.
fn write_shipped_queries(files: &[(&str, &str)]) -> Result<crate::scratch::ScratchDir> {
    let dir = crate::scratch::ScratchDir::new("queries")?;
    let root = dir.path().join(SHIPPED_QUERIES_FOLDER);
    for (rel, sql) in files {
        // Embedded names are relative and made of plain components (build.rs walks a folder).
        if Path::new(rel)
            .components()
            .any(|c| !matches!(c, std::path::Component::Normal(_)))
        {
            continue;
        }
        let path = root.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        std::fs::write(&path, sql).map_err(|e| Error::io(&path, e))?;
    }
    std::fs::create_dir_all(&root).map_err(|e| Error::io(&root, e))?;
    Ok(dir)
}

fn read_file(path: &Path) -> Result<FileConfig> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::Config {
        path: path.display().to_string(),
        message: format!("cannot read: {e}"),
    })?;
    toml::from_str(&text).map_err(|e| Error::Config {
        path: path.display().to_string(),
        message: e.to_string(),
    })
}

/// Parses a size such as `2g`, `512m`, `1024k` or `1000000` into bytes.
pub fn parse_size(s: &str) -> std::result::Result<usize, String> {
    let t = s.trim().to_ascii_lowercase();
    let t = t.trim_end_matches('b');
    let (num, mult) = match t.chars().last() {
        Some('k') => (&t[..t.len() - 1], 1usize << 10),
        Some('m') => (&t[..t.len() - 1], 1 << 20),
        Some('g') => (&t[..t.len() - 1], 1 << 30),
        Some('t') => (&t[..t.len() - 1], 1 << 40),
        _ => (t, 1),
    };
    let n: f64 = num
        .trim()
        .parse()
        .map_err(|_| format!("'{s}' is not a size like 2g or 512m"))?;
    if !(n.is_finite() && n > 0.0) {
        return Err(format!("'{s}' must be positive"));
    }
    Ok((n * mult as f64) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("2g"), Ok(2 << 30));
        assert_eq!(parse_size("512M"), Ok(512 << 20));
        assert_eq!(parse_size("1.5gb"), Ok(3 << 29));
        assert_eq!(parse_size("100"), Ok(100));
        assert!(parse_size("lots").is_err());
        assert!(parse_size("0").is_err());
    }

    #[test]
    fn memory_limit_is_a_share_of_the_machine_unless_set() {
        let dir = tempfile::tempdir().unwrap();
        let limit = |text: &str| {
            let file: FileConfig = toml::from_str(text).unwrap();
            Config::resolve(None, file, &Overrides::default(), dir.path())
                .unwrap()
                .memory_limit()
        };
        assert_eq!(limit(""), MemoryLimit::MachineShare(AUTO_MEMORY_SHARE));
        assert_eq!(
            limit("[runtime]\nmemory_limit = 'AUTO'"),
            MemoryLimit::MachineShare(AUTO_MEMORY_SHARE)
        );
        assert_eq!(
            limit("[runtime]\nmemory_limit = ' Unlimited'"),
            MemoryLimit::Unlimited
        );
        assert_eq!(
            limit("[runtime]\nmemory_limit = '1g'"),
            MemoryLimit::Bytes(1 << 30)
        );
    }

    #[test]
    fn unknown_keys_are_rejected() {
        let err = toml::from_str::<FileConfig>("inptu = 'x'").unwrap_err();
        assert!(err.to_string().contains("unknown field"), "{err}");
        let err = toml::from_str::<FileConfig>("[publish]\nthreshold = 3").unwrap_err();
        assert!(err.to_string().contains("unknown field"), "{err}");
    }

    #[test]
    fn relative_paths_follow_the_file_and_overrides_win() {
        let dir = tempfile::tempdir().unwrap();
        let file: FileConfig = toml::from_str("input = 'data'\noutput = 'out'\nregion = 'Y56'").unwrap();
        let src = dir.path().join("conf/talentpipe.toml");
        let cfg = Config::resolve(Some(src), file.clone(), &Overrides::default(), dir.path()).unwrap();
        assert_eq!(
            cfg.input.unwrap().local_path().unwrap(),
            dir.path().join("conf/data")
        );
        assert_eq!(cfg.queries_dir, dir.path().join("conf/queries"));
        let o = Overrides {
            output: Some("elsewhere".into()),
            ..Default::default()
        };
        let cfg = Config::resolve(None, file.clone(), &o, dir.path()).unwrap();
        assert_eq!(cfg.output.local_path().unwrap(), dir.path().join("elsewhere"));
        assert_eq!(cfg.region, "Y56");
        assert!(!cfg.region_from_data);
        // --region / TALENTPIPE_REGION beats the file; with neither, the data decides.
        let o = Overrides {
            region: Some("Y61".into()),
            ..Default::default()
        };
        assert_eq!(Config::resolve(None, file, &o, dir.path()).unwrap().region, "Y61");
        let cfg = Config::resolve(None, FileConfig::default(), &Overrides::default(), dir.path()).unwrap();
        assert!(cfg.region_from_data);
        assert_eq!(cfg.region, UNSPECIFIED_REGION);
        // An empty override (TALENTPIPE_REGION= in a scheduler's template) is no override.
        let o = Overrides {
            region: Some(" ".into()),
            ..Default::default()
        };
        assert!(
            Config::resolve(None, FileConfig::default(), &o, dir.path())
                .unwrap()
                .region_from_data
        );
        // An invalid override is a usage error naming the option, not the file.
        let o = Overrides {
            region: Some("Y 56".into()),
            ..Default::default()
        };
        let err = Config::resolve(None, FileConfig::default(), &o, dir.path()).unwrap_err();
        assert!(err.to_string().contains("TALENTPIPE_REGION"), "{err}");
    }

    #[test]
    fn a_missing_default_queries_folder_falls_back_to_the_shipped_queries() {
        let dir = tempfile::tempdir().unwrap();
        static SHIPPED: &[(&str, &str)] = &[
            ("a/x.sql", "SELECT 1 AS one"),
            ("national/y.sql", "SELECT 2 AS two"),
        ];
        let with_shipped = Overrides {
            shipped_queries: Some(SHIPPED),
            ..Default::default()
        };
        // Not set and no queries/ beside the file: the shipped files, under a folder `queries`.
        let src = dir.path().join("conf/t.toml");
        let resolve = |file: FileConfig| Config::resolve(Some(src.clone()), file, &with_shipped, dir.path());
        let cfg = resolve(FileConfig::default()).unwrap();
        assert_eq!(cfg.queries_origin, QueriesOrigin::Shipped);
        assert!(cfg.queries_dir.ends_with("queries"));
        let shipped = cfg.queries_dir.clone();
        assert_eq!(
            std::fs::read_to_string(shipped.join("a/x.sql")).unwrap(),
            "SELECT 1 AS one"
        );
        assert!(cfg.queries_label().contains("shipped with talentpipe"));
        // The folder lives as long as a clone of the configuration does.
        let clone = cfg.clone();
        drop(cfg);
        assert!(shipped.join("national/y.sql").is_file());
        drop(clone);
        assert!(!shipped.exists());
        // A queries/ folder beside the file is used as it is.
        std::fs::create_dir_all(dir.path().join("conf/queries")).unwrap();
        let cfg = resolve(FileConfig::default()).unwrap();
        assert_eq!(
            (cfg.queries_origin, cfg.queries_dir),
            (QueriesOrigin::Default, dir.path().join("conf/queries"))
        );
        // Set and missing: a usage error naming the folder and the setting.
        let file: FileConfig = toml::from_str("queries = 'sql'").unwrap();
        let err = resolve(file).unwrap_err();
        assert_eq!(err.exit_code(), crate::error::ExitCode::UsageError);
        let message = err.to_string();
        assert!(
            message.contains("conf/sql") && message.contains("`queries` in"),
            "{message}"
        );
        // Without shipped queries (library callers): no fallback, discover reports the folder.
        let cfg = Config::resolve(
            None,
            FileConfig::default(),
            &Overrides::default(),
            &dir.path().join("x"),
        )
        .unwrap();
        assert_eq!(cfg.queries_origin, QueriesOrigin::Default);
    }

    #[test]
    fn assumed_turnover_overrides_merge_with_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let file: FileConfig = toml::from_str("[metrics.assumed_turnover]\nceo = 0.5").unwrap();
        let cfg = Config::resolve(None, file, &Overrides::default(), dir.path()).unwrap();
        let t = &cfg.file.metrics.assumed_turnover;
        assert_eq!(t.get("CEO"), Some(&0.5), "lower-case key stored canonically");
        assert_eq!(t.get("DON"), Some(&0.30), "other roles keep their defaults");
        assert_eq!(t.len(), 6);
    }

    #[test]
    fn invalid_values_are_configuration_errors() {
        let dir = tempfile::tempdir().unwrap();
        for text in [
            "[ingest]\nmax_quarantine_share = 1.5",
            "[publish]\nsuppression_threshold = 0",
            "[metrics.assumed_turnover]\nXYZ = 0.2",
            "[runtime]\nmemory_limit = 'lots'",
            "[runtime]\nmemory_limit = 'unlimitd'",
            "region = 'Y 56'",
        ] {
            let file: FileConfig = toml::from_str(text).unwrap();
            let err = Config::resolve(None, file, &Overrides::default(), dir.path()).unwrap_err();
            assert_eq!(
                err.exit_code(),
                crate::error::ExitCode::UsageError,
                "{text}: {err}"
            );
        }
    }

    #[test]
    fn key_is_required_unless_development_key_allowed() {
        let dir = tempfile::tempdir().unwrap();
        let mut file = FileConfig::default();
        file.pseudonym.key_env = "TALENTPIPE_TEST_KEY_THAT_IS_NEVER_SET".into();
        let cfg = Config::resolve(None, file.clone(), &Overrides::default(), dir.path()).unwrap();
        assert!(matches!(cfg.pseudonym_key(), Err(Error::MissingKey(_))));
        file.pseudonym.allow_development_key = true;
        let cfg = Config::resolve(None, file.clone(), &Overrides::default(), dir.path()).unwrap();
        assert_eq!(cfg.pseudonym_key().unwrap(), DEVELOPMENT_KEY.as_bytes());
        std::fs::write(dir.path().join("k"), "secret\n").unwrap();
        file.pseudonym.key_file = Some("k".into());
        let cfg = Config::resolve(None, file, &Overrides::default(), dir.path()).unwrap();
        assert_eq!(cfg.pseudonym_key().unwrap(), b"secret", "the file's key, trimmed");
    }
}
