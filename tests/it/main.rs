//! One integration-test binary (DataFusion makes each test binary slow to link).

mod ingest;
mod publish;
mod queries;
pub mod support;
mod pipeline_metrics;
mod vacancy;
mod trends;
mod report;
mod wres;
mod aggregate;
