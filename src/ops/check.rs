//! The `check` operation: parse and plan every query against the extract schemas and the run
//! tables, reading no data, and report every problem at once (file, line, column). Returns the
//! number of queries that plan cleanly.

use super::base_tables;
use crate::config::Config;
use crate::error::Result;
use crate::progress::{Progress, Silent};
use crate::queries::run_tables::RunTables;
use crate::queries::{self, Scope};
use crate::session::{SessionSettings, new_session};

/// `check`: plans every query against the schemas alone and reports every problem.
pub async fn check(cfg: &Config, scope: Scope) -> Result<usize> {
    check_with_progress(cfg, scope, &Silent).await
}

/// [`check`], telling `progress` what it plans.
pub async fn check_with_progress(cfg: &Config, scope: Scope, progress: &dyn Progress) -> Result<usize> {
    progress.message(format!("reading the queries in {}", cfg.queries_label()));
    let (files, mut problems) = queries::discover(&cfg.queries_dir, scope)?;
    let ctx = new_session(&SessionSettings::from(cfg), &[])?;
    register_empty_staged(&ctx)?;
    RunTables::new(
        &cfg.region,
        None,
        cfg.file.publish.suppression_threshold,
        &cfg.file.metrics,
    )
    .register(&ctx)?;
    let mut base = base_tables();
    if scope == Scope::National {
        // National queries read `regional_<table>`: plan the regional queries and register each
        // published one's schema under that name (what `aggregate` registers with data).
        let (regional, regional_problems) = queries::discover(&cfg.queries_dir, Scope::Regional)?;
        problems.extend(regional_problems);
        progress.message(format!("planning {} regional queries", regional.len()));
        let order = queries::order(&regional, &base).map_err(|p| queries::problems_error(&p))?;
        problems.extend(queries::run::check(&ctx, &regional, &order).await);
        for q in regional.iter().filter(|q| q.header.publish && !q.header.test) {
            if let Ok(table) = ctx.table_provider(q.name.as_str()).await {
                let name = format!("regional_{}", q.name);
                ctx.register_table(name.as_str(), table)?;
                base.insert(name);
            }
        }
        for q in &regional {
            ctx.deregister_table(q.name.as_str())?;
        }
    }
    progress.message(format!("planning {} queries", files.len()));
    match queries::order(&files, &base) {
        Ok(order) => problems.extend(queries::run::check(&ctx, &files, &order).await),
        Err(p) => problems.extend(p),
    }
    if problems.is_empty() {
        Ok(files.len())
    } else {
        Err(queries::problems_error(&problems))
    }
}

/// Registers empty tables with every kind's staged schema (no data read): the queries layer's.
pub use crate::queries::register_empty_staged;
