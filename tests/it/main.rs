//! One integration-test binary (DataFusion makes each test binary slow to link).

mod aggregate;
mod appraisal;
mod crash;
mod equality;
mod explain;
mod fuzz;
mod ingest;
mod ingest_reuse;
mod leadership_stability;
mod operators;
mod pipeline_metrics;
mod publish;
mod queries;
mod report;
mod report_audience;
mod representation;
mod staged_faults;
mod staging;
mod store_faults;
pub mod support;
mod trends;
mod vacancy;
mod wdes;
mod wres;
