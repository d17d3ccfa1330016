//! Within a memory pool, joins whose build side may be large become sort-merge joins.
//!
//! A hash join holds its whole build side in memory and cannot spill: within a 1 GB pool the
//! national run failed in intermediate/appraisal_coverage_staff, whose `staff_in_post LEFT
//! JOIN appraised_people` built a 730 MB table of 1.6 million staff rows. DataFusion plans a
//! sort-merge join instead only with two or more partitions and `prefer_hash_join = false`,
//! and a pooled session has one partition ([`super::POOLED_TARGET_PARTITIONS`]). So, when the
//! session has a pool, this rule (just after DataFusion's join selection and
//! [`super::small_build_side`]) replaces each hash join whose build side is not known to be
//! small with a sort-merge join on the same keys, filter, join type and null equality;
//! DataFusion's sorting rule then sorts both inputs, and those sorts spill. A hash join's
//! embedded projection becomes a projection above the merge join, so the output columns are
//! the same. Kept as hash joins: a build side known to hold at most the single-partition
//! threshold of rows (a reference table), null-aware anti joins (`NOT IN`, which the merge
//! join does not implement) and joins with a row limit. The rows are the same; their order
//! may differ, and every published table is sorted before it is written.

use std::sync::Arc;

use datafusion::arrow::compute::SortOptions;
use datafusion::common::Result;
use datafusion::common::config::ConfigOptions;
use datafusion::common::tree_node::{Transformed, TreeNode};
use datafusion::physical_expr::PhysicalExpr;
use datafusion::physical_expr::expressions::Column;
use datafusion::physical_optimizer::PhysicalOptimizerRule;
use datafusion::physical_plan::ExecutionPlan;
use datafusion::physical_plan::joins::{HashJoinExec, SortMergeJoinExec};
use datafusion::physical_plan::projection::ProjectionExec;

use super::small_build_side::row_bound;

/// The name of the rule this one runs just after.
pub(crate) const RUNS_AFTER: &str = "small_build_side";

#[derive(Debug, Default)]
pub(crate) struct SpillableJoins;

impl PhysicalOptimizerRule for SpillableJoins {
    fn optimize(
        &self,
        plan: Arc<dyn ExecutionPlan>,
        config: &ConfigOptions,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        let small = config.optimizer.hash_join_single_partition_threshold_rows;
        plan.transform_up(|node| {
            let Some(join) = node.downcast_ref::<HashJoinExec>() else {
                return Ok(Transformed::no(node));
            };
            let keep = join.null_aware
                || node.fetch().is_some()
                || row_bound(join.left()).is_some_and(|rows| rows <= small);
            if keep {
                return Ok(Transformed::no(node));
            }
            let merge: Arc<dyn ExecutionPlan> = Arc::new(SortMergeJoinExec::try_new(
                Arc::clone(join.left()),
                Arc::clone(join.right()),
                join.on().to_vec(),
                join.filter().cloned(),
                *join.join_type(),
                vec![SortOptions::default(); join.on().len()],
                join.null_equality(),
            )?);
            let Some(projection) = &join.projection else {
                return Ok(Transformed::yes(merge));
            };
            let schema = merge.schema();
            let columns = projection.iter().map(|&i| {
                let name = schema.field(i).name().clone();
                let column: Arc<dyn PhysicalExpr> = Arc::new(Column::new(&name, i));
                (column, name)
            });
            let projected = ProjectionExec::try_new(columns, merge)?;
            Ok(Transformed::yes(Arc::new(projected)))
        })
        .map(|t| t.data)
    }

    fn name(&self) -> &str {
        "spillable_joins"
    }

    fn schema_check(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use datafusion::arrow::array::{Int64Array, RecordBatch, StringArray};
    use datafusion::arrow::datatypes::{DataType, Field, Schema};
    use datafusion::datasource::MemTable;
    use datafusion::physical_plan::displayable;
    use datafusion::prelude::SessionContext;

    use crate::session::{SessionSettings, new_session};

    use super::*;

    fn register(ctx: &SessionContext, name: &str, columns: &[(&str, Vec<Option<&str>>)]) {
        let fields = columns.iter().map(|(c, _)| Field::new(*c, DataType::Utf8, true));
        let schema = Arc::new(Schema::new(fields.collect::<Vec<_>>()));
        let arrays = columns
            .iter()
            .map(|(_, v)| Arc::new(StringArray::from(v.clone())) as _)
            .collect();
        let batch = RecordBatch::try_new(Arc::clone(&schema), arrays).unwrap();
        let table = MemTable::try_new(schema, vec![vec![batch]]).unwrap();
        ctx.register_table(name, Arc::new(table)).unwrap();
    }

    /// The plan and the `n` column of `sql` over 12 staff (bands 5, 6, 7, 8a, three each; one
    /// without a band) and 3 bands (5 and 6 in cluster A, 7 in B), with a single-partition
    /// threshold of 2 rows, so the 3-row band table is not "known small".
    async fn plan_and_counts(pooled: bool, sql: &str) -> (String, Vec<i64>) {
        let settings = SessionSettings {
            memory_limit: pooled.then_some(64 << 20),
            ..SessionSettings::default()
        };
        let ctx = new_session(&settings, &[]).unwrap();
        let threshold = "datafusion.optimizer.hash_join_single_partition_threshold_rows";
        ctx.sql(&format!("SET {threshold} = 2")).await.unwrap();
        let bands = ["5", "6", "7", "8a"];
        let staff_bands = (0..12).map(|i| (i != 11).then_some(bands[i % 4])).collect();
        let people = (0..12).map(|i| Some(["p0", "p1", "p2"][i % 3])).collect();
        register(&ctx, "staff", &[("person", people), ("band", staff_bands)]);
        let band_rows = vec![Some("5"), Some("6"), Some("7")];
        let clusters = vec![Some("A"), Some("A"), Some("B")];
        register(&ctx, "bands", &[("band", band_rows), ("cluster", clusters)]);
        let df = ctx.sql(sql).await.unwrap();
        let plan = df.clone().create_physical_plan().await.unwrap();
        let shown = displayable(plan.as_ref()).indent(true).to_string();
        let batches = df.collect().await.unwrap();
        let counts = batches.iter().flat_map(|b| {
            let n = b.column_by_name("n").unwrap();
            n.as_any().downcast_ref::<Int64Array>().unwrap().values().to_vec()
        });
        (shown, counts.collect())
    }

    /// A left join with an embedded projection (only `cluster` of the joined columns is kept).
    const LEFT_JOIN: &str = "SELECT COALESCE(b.cluster, 'none') AS cluster, COUNT(*) AS n
        FROM staff AS s LEFT JOIN bands AS b ON b.band = s.band
        GROUP BY 1 ORDER BY 1";

    #[tokio::test]
    async fn a_pooled_session_merges_what_it_would_hash() {
        let (hashed, unpooled) = plan_and_counts(false, LEFT_JOIN).await;
        assert!(hashed.contains("HashJoinExec"), "{hashed}");
        let (merged, pooled) = plan_and_counts(true, LEFT_JOIN).await;
        assert!(merged.contains("SortMergeJoinExec"), "{merged}");
        assert!(!merged.contains("HashJoinExec"), "{merged}");
        // Staff 0..11 take bands 5, 6, 7, 8a in turn, staff 11 none: bands 5 and 6 hold 3 each
        // (cluster A: 6), band 7 holds 3 (B: 3), band 8a 2 and one staff no band (none: 3).
        assert_eq!(unpooled, [6, 3, 3]);
        assert_eq!(pooled, unpooled);
    }

    #[tokio::test]
    async fn not_in_stays_a_null_aware_hash_join() {
        // Staff 11 has no band, so `'9' NOT IN (staff bands)` is unknown, not true (SQL
        // three-valued logic): no row qualifies, where a plain anti join would keep the two 9s.
        // Three rows, above the threshold, so only null awareness keeps the hash join.
        let sql = "SELECT COUNT(*) AS n FROM (VALUES ('5'), ('9'), ('9')) AS b (band)
            WHERE band NOT IN (SELECT band FROM staff)";
        let (shown, counts) = plan_and_counts(true, sql).await;
        assert!(!shown.contains("SortMergeJoinExec"), "{shown}");
        assert_eq!(counts, [0]);
    }

    #[tokio::test]
    async fn a_build_side_known_to_be_small_stays_a_hash_join() {
        // Two rows, within the threshold of 2.
        let sql = "SELECT COUNT(*) AS n FROM (VALUES ('5'), ('7')) AS b (band)
            JOIN staff AS s ON s.band = b.band";
        let (shown, counts) = plan_and_counts(true, sql).await;
        assert!(shown.contains("HashJoinExec"), "{shown}");
        // Three staff hold band 5, three band 7.
        assert_eq!(counts, [6]);
    }
}
