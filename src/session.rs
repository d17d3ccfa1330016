//! The one session factory: the only place a DataFusion `SessionContext` is built.
//!
//! Settings are applied in a fixed order: DataFusion defaults, `DATAFUSION_*` environment
//! variables, the config file's `[runtime]`, then the memory limit and spill directory, then
//! the object stores of the locations the run touches.

use std::sync::Arc;

use datafusion::execution::runtime_env::RuntimeEnvBuilder;
use datafusion::prelude::{SessionConfig, SessionContext};

use crate::config::Config;
use crate::error::Result;
use crate::storage::Location;

/// Settings the factory needs (a subset of [`Config`], so aggregate and tests can build one).
#[derive(Debug, Clone, Default)]
pub struct SessionSettings {
    pub target_partitions: Option<usize>,
    pub memory_limit: Option<usize>,
}

impl From<&Config> for SessionSettings {
    fn from(cfg: &Config) -> Self {
        SessionSettings {
            target_partitions: cfg.file.runtime.target_partitions,
            memory_limit: cfg.memory_limit(),
        }
    }
}

/// Builds a session with the given settings and registers the stores of `locations`.
pub fn new_session(settings: &SessionSettings, locations: &[&Location]) -> Result<SessionContext> {
    let mut config = SessionConfig::from_env()?.with_information_schema(false);
    // Spans let planning errors point at the SQL line and column.
    config.options_mut().sql_parser.collect_spans = true;
    if let Some(n) = settings.target_partitions {
        config = config.with_target_partitions(n.max(1));
    }
    let mut runtime = RuntimeEnvBuilder::new();
    if let Some(limit) = settings.memory_limit {
        runtime = runtime.with_memory_limit(limit, 1.0);
        // Spill files go to a scratch folder the next run removes if this one is killed
        // (DataFusion's own, `$TMPDIR/.tmpXXXXXX`, would stay forever). The session owns it.
        let spill = Arc::new(crate::scratch::ScratchDir::new("spill")?);
        runtime = runtime.with_temp_file_path(spill.path());
        config = config.with_extension(spill);
    }
    let ctx = SessionContext::new_with_config_rt(config, Arc::new(runtime.build()?));
    for loc in locations {
        if loc.store_url.scheme() != "file" {
            ctx.register_object_store(&loc.store_url, loc.store.clone());
        }
    }
    Ok(ctx)
}
