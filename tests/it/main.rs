//! One integration-test binary (DataFusion makes each test binary slow to link).

mod ingest;
mod publish;
mod queries;
pub mod support;
