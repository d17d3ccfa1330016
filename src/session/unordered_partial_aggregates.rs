//! Partial aggregations that read their input as unordered, so they can emit early within a
//! memory pool and skip themselves when they do not reduce the rows.
//!
//! The equality models stack one row per person and breakdown with `UNION ALL` branches that
//! each set a constant (`'Band'`, `'WDES cluster'`, `'All'`), and group by that constant. DataFusion
//! 55 then sees the aggregation's input as sorted on that group column and runs the partial
//! aggregation in its partially-sorted mode, which (a) cannot emit its groups early under memory
//! pressure until the sorted column changes value, which a constant never does: the national
//! run failed within a 1 GB pool there (apache/datafusion#20445 is the same path); (b) never
//! switches itself off when it does not reduce the rows (one group per person: 97% of the rows
//! stay); and (c) computes group ids more slowly than the unordered mode.
//!
//! This physical rule puts an [`Unordered`] step (which passes batches through and declares no
//! ordering) under every partial aggregation that would run partially sorted, before
//! DataFusion's own rules place repartitions and sorts; the aggregations above it are rebuilt
//! and re-derive their mode from the new input, so nothing relies on an order that is gone.
//! Results are the same rows: a partial aggregation's output order was never a promise.

use std::fmt;
use std::sync::Arc;

use datafusion::common::Result;
use datafusion::common::config::ConfigOptions;
use datafusion::common::tree_node::{Transformed, TreeNode, TreeNodeRecursion};
use datafusion::execution::{SendableRecordBatchStream, TaskContext};
use datafusion::physical_expr::{EquivalenceProperties, PhysicalExpr};
use datafusion::physical_optimizer::PhysicalOptimizerRule;
use datafusion::physical_plan::aggregates::{AggregateExec, AggregateMode};
use datafusion::physical_plan::execution_plan::{ChildrenPropertiesMode, ReplaceChildrenOptions};
use datafusion::physical_plan::{
    DisplayAs, DisplayFormatType, ExecutionPlan, ExecutionPlanProperties, InputOrderMode, PlanProperties,
};

/// The name of DataFusion's rule this one runs just before.
pub(crate) const RUNS_BEFORE: &str = "EnsureRequirements";

#[derive(Debug, Default)]
pub(crate) struct UnorderedPartialAggregates;

impl PhysicalOptimizerRule for UnorderedPartialAggregates {
    fn optimize(
        &self,
        plan: Arc<dyn ExecutionPlan>,
        _config: &ConfigOptions,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        plan.transform_up(|node| {
            let Some(agg) = node.downcast_ref::<AggregateExec>() else {
                return Ok(Transformed::no(node));
            };
            if *agg.mode() != AggregateMode::Partial
                || !matches!(agg.input_order_mode(), InputOrderMode::PartiallySorted(_))
            {
                return Ok(Transformed::no(node));
            }
            let input: Arc<dyn ExecutionPlan> = Arc::new(Unordered::new(Arc::clone(agg.input())));
            let options = ReplaceChildrenOptions::new(ChildrenPropertiesMode::Recompute);
            Ok(Transformed::yes(
                Arc::clone(&node).replace_children(vec![input], options)?,
            ))
        })
        .map(|t| t.data)
    }

    fn name(&self) -> &str {
        "unordered_partial_aggregates"
    }

    fn schema_check(&self) -> bool {
        true
    }
}

/// Passes its input through and declares no ordering and no constant columns.
#[derive(Debug)]
pub(crate) struct Unordered {
    input: Arc<dyn ExecutionPlan>,
    properties: Arc<PlanProperties>,
}

impl Unordered {
    fn new(input: Arc<dyn ExecutionPlan>) -> Self {
        let properties = PlanProperties::new(
            EquivalenceProperties::new(input.schema()),
            input.output_partitioning().clone(),
            input.pipeline_behavior(),
            input.boundedness(),
        );
        Unordered {
            input,
            properties: Arc::new(properties),
        }
    }
}

impl DisplayAs for Unordered {
    fn fmt_as(&self, _t: DisplayFormatType, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "Unordered")
    }
}

impl ExecutionPlan for Unordered {
    fn name(&self) -> &'static str {
        "Unordered"
    }

    fn properties(&self) -> &Arc<PlanProperties> {
        &self.properties
    }

    fn children(&self) -> Vec<&Arc<dyn ExecutionPlan>> {
        vec![&self.input]
    }

    fn maintains_input_order(&self) -> Vec<bool> {
        vec![false]
    }

    fn apply_expressions(
        &self,
        _f: &mut dyn FnMut(&Arc<dyn PhysicalExpr>) -> Result<TreeNodeRecursion>,
    ) -> Result<TreeNodeRecursion> {
        Ok(TreeNodeRecursion::Continue)
    }

    #[allow(deprecated)]
    fn with_new_children(
        self: Arc<Self>,
        mut children: Vec<Arc<dyn ExecutionPlan>>,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        match children.pop() {
            Some(input) if children.is_empty() => Ok(Arc::new(Unordered::new(input))),
            _ => datafusion::common::internal_err!("Unordered takes exactly one input"),
        }
    }

    fn execute(&self, partition: usize, context: Arc<TaskContext>) -> Result<SendableRecordBatchStream> {
        self.input.execute(partition, context)
    }
}

#[cfg(test)]
mod tests {
    use datafusion::arrow::array::{Array, Int64Array, RecordBatch, StringArray};
    use datafusion::arrow::compute::concat_batches;
    use datafusion::arrow::datatypes::{DataType, Field, Schema};
    use datafusion::datasource::MemTable;

    use crate::session::{SessionSettings, new_session, shown_plan};

    /// People per organisation stacked twice under a constant, as the equality models do.
    const STACKED: &str = "WITH stacked AS (
            SELECT org, person, CAST('Band' AS VARCHAR) AS grouping FROM staff
            UNION ALL
            SELECT org, person, CAST('All' AS VARCHAR) FROM staff
        )
        SELECT grouping, org, COUNT(*) AS people
        FROM (SELECT grouping, org, person FROM stacked GROUP BY grouping, org, person)
        GROUP BY grouping, org ORDER BY grouping, org";

    #[tokio::test]
    async fn a_partial_aggregation_under_a_constant_reads_unordered_and_counts_the_same() {
        let ctx = new_session(&SessionSettings::default(), &[]).unwrap();
        let schema = std::sync::Arc::new(Schema::new(vec![
            Field::new("org", DataType::Utf8, false),
            Field::new("person", DataType::Utf8, false),
        ]));
        // A: p1 twice, p2 -> 2 people; B: p3 -> 1 person; in both stacked groupings.
        let rows = [("A", "p1"), ("A", "p1"), ("A", "p2"), ("B", "p3")];
        let batch = RecordBatch::try_new(
            schema.clone(),
            vec![
                std::sync::Arc::new(StringArray::from_iter_values(rows.iter().map(|r| r.0))),
                std::sync::Arc::new(StringArray::from_iter_values(rows.iter().map(|r| r.1))),
            ],
        )
        .unwrap();
        let table = MemTable::try_new(schema, vec![vec![batch]]).unwrap();
        ctx.register_table("staff", std::sync::Arc::new(table)).unwrap();

        // DataFusion alone plans the inner partial aggregation partially sorted (why the rule
        // exists; when this fails, DataFusion changed and the rule may be obsolete).
        let plain = datafusion::prelude::SessionContext::new();
        plain
            .register_table("staff", ctx.table_provider("staff").await.unwrap())
            .unwrap();
        let plain = shown_plan(&plain.sql(STACKED).await.unwrap()).await;
        assert!(plain.contains("PartiallySorted"), "{plain}");

        let df = ctx.sql(STACKED).await.unwrap();
        let shown = shown_plan(&df).await;
        assert!(shown.contains("Unordered"), "no unordered input:\n{shown}");
        assert!(
            !shown.contains("PartiallySorted"),
            "still partially sorted:\n{shown}"
        );

        let batches = df.collect().await.unwrap();
        let all = concat_batches(&batches[0].schema(), &batches).unwrap();
        let people = all.column_by_name("people").unwrap();
        let people = people.as_any().downcast_ref::<Int64Array>().unwrap();
        // (All, A) 2, (All, B) 1, (Band, A) 2, (Band, B) 1.
        assert_eq!(
            (0..people.len()).map(|i| people.value(i)).collect::<Vec<_>>(),
            [2, 1, 2, 1]
        );
    }
}
