//! The `ingest` operation: the configured input root to staged Parquet and the quarantine
//! table, with the configuration's settings. `run` calls it first; `talentpipe ingest` calls it
//! alone. Returns the ingest metrics (files, rows read / accepted / quarantined, bytes,
//! elapsed) that the manifest records and the binary prints as the summary.

use crate::config::Config;
use crate::error::Result;
use crate::ingest::pseudonym::Pseudonymiser;
use crate::ingest::{self, IngestMetrics};
use crate::progress::Progress;

/// Ingest with the configuration's settings (`force`: re-ingest unchanged kinds too).
pub async fn ingest(cfg: &Config, force: bool, progress: &dyn Progress) -> Result<IngestMetrics> {
    let input = cfg.input()?;
    let pseudonymiser = Pseudonymiser::new(&cfg.pseudonym_key()?);
    let options = ingest::IngestOptions {
        max_quarantine_share: cfg.file.ingest.max_quarantine_share,
        batch_rows: cfg.file.ingest.batch_rows,
        index_rows: cfg.file.ingest.index_rows,
        reuse: !force,
    };
    tracing::info!(input = %input.display(), output = %cfg.output.display(), "ingest");
    ingest::ingest(input, &cfg.output, &pseudonymiser, &options, progress).await
}
