//! `ROW_NUMBER()` (and the first rows' values) over input already sorted by its partition,
//! computed by counting runs of equal keys.
//!
//! staging/substantive_assignments picks each person's record with
//! `ROW_NUMBER() OVER (PARTITION BY snapshot_date, person_id ORDER BY ...) = 1`: one partition per
//! person and snapshot, millions of them. DataFusion 55's `BoundedWindowAggExec` keeps state per
//! partition (a key of scalars, a slice of the batch, an evaluator), so with partitions of one
//! or two rows it spends microseconds a row: 53.6 s of the 113 s national 13-month run (20.7 M
//! ESR rows), 6.4 s of one month. Its input is already sorted by the partition and then the
//! order keys (that is what its sorted mode means), so a row's number is its place in its run
//! of equal partition keys, and the partition's first value is the value on the run's first
//! row.
//!
//! This physical rule, after DataFusion has placed sorts, replaces a sorted-mode
//! `BoundedWindowAggExec` whose every window function is `ROW_NUMBER()` or a `FIRST_VALUE` that
//! [`super::first_rows`] made with [`SortedRowNumbers`]: the same schema, requirements and
//! properties (it wraps the window node for them), cutting each batch into runs with arrow's
//! `partition` kernel and carrying the count and the first values across batches. It keeps one
//! row of keys and of first values, so its memory does not grow with the partitions. The rows
//! and values are the window's: it numbers the rows in the order they arrive, as the window
//! does.

use std::fmt;
use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, RecordBatch, UInt64Array};
use datafusion::arrow::compute::SortOptions;
use datafusion::arrow::compute::kernels::partition::partition;
use datafusion::arrow::compute::{interleave, take};
use datafusion::arrow::datatypes::{DataType, SchemaRef};
use datafusion::arrow::{array::make_comparator, error::ArrowError};
use datafusion::common::config::ConfigOptions;
use datafusion::common::tree_node::{Transformed, TreeNode, TreeNodeRecursion};
use datafusion::common::{Result, Statistics, internal_err};
use datafusion::execution::{SendableRecordBatchStream, TaskContext};
use datafusion::logical_expr::WindowFrameBound;
use datafusion::physical_expr::window::StandardWindowExpr;
use datafusion::physical_expr::{OrderingRequirements, PhysicalExpr};
use datafusion::physical_optimizer::PhysicalOptimizerRule;
use datafusion::physical_plan::distribution_requirements::InputDistributionRequirements;
use datafusion::physical_plan::execution_plan::{CardinalityEffect, ReplaceChildrenOptions};
use datafusion::physical_plan::metrics::{BaselineMetrics, ExecutionPlanMetricsSet, MetricsSet};
use datafusion::physical_plan::statistics::{ChildStats, StatisticsArgs};
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::physical_plan::windows::{BoundedWindowAggExec, WindowExpr, WindowUDFExpr};
use datafusion::physical_plan::{
    DisplayAs, DisplayFormatType, ExecutionPlan, InputOrderMode, PlanProperties,
};
use futures::StreamExt;

/// The name of DataFusion's rule this one runs just before: the last, which checks that every
/// node's input satisfies its requirements (this one's are the window's).
pub(crate) const RUNS_BEFORE: &str = "SanityCheckPlan";

#[derive(Debug, Default)]
pub(crate) struct SortedRowNumbersRule;

impl PhysicalOptimizerRule for SortedRowNumbersRule {
    fn optimize(
        &self,
        plan: Arc<dyn ExecutionPlan>,
        _config: &ConfigOptions,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        plan.transform_up(|node| match SortedRowNumbers::replacing(&node)? {
            Some(numbers) => Ok(Transformed::yes(Arc::new(numbers) as Arc<dyn ExecutionPlan>)),
            None => Ok(Transformed::no(node)),
        })
        .map(|t| t.data)
    }

    fn name(&self) -> &str {
        "sorted_row_numbers"
    }

    fn schema_check(&self) -> bool {
        true
    }
}

/// Whether a window expression is a plain `ROW_NUMBER()` giving an unsigned 64-bit number.
fn is_row_number(expr: &Arc<dyn WindowExpr>) -> bool {
    udf(expr).is_some_and(|udf| udf.fun().name() == "row_number")
        && expr.field().is_ok_and(|f| f.data_type() == &DataType::UInt64)
}

/// The window function behind a window expression, if it is a user-defined one.
fn udf(expr: &Arc<dyn WindowExpr>) -> Option<&WindowUDFExpr> {
    let standard = expr.as_any().downcast_ref::<StandardWindowExpr>()?;
    standard
        .get_standard_func_expr()
        .as_any()
        .downcast_ref::<WindowUDFExpr>()
}

/// The argument of a `FIRST_VALUE` that [`super::first_rows`] made (named with its
/// [`FIRST_ROW_PREFIX`](super::first_rows::FIRST_ROW_PREFIX): so it respects nulls and is
/// not reversed), over a frame from the partition's first row to at least the current row: its
/// value is the partition's first row's.
fn first_value_arg(expr: &Arc<dyn WindowExpr>) -> Option<Arc<dyn PhysicalExpr>> {
    let udf = udf(expr)?;
    let frame = expr.get_window_frame();
    let ours = expr
        .field()
        .is_ok_and(|f| f.name().starts_with(super::first_rows::FIRST_ROW_PREFIX));
    let whole_start = frame.start_bound.is_unbounded()
        && matches!(frame.start_bound, WindowFrameBound::Preceding(_))
        && matches!(
            frame.end_bound,
            WindowFrameBound::CurrentRow | WindowFrameBound::Following(_)
        );
    match udf.args() {
        [arg] if ours && whole_start && udf.fun().name() == "first_value" => Some(Arc::clone(arg)),
        _ => None,
    }
}

/// What the node computes for one window expression.
#[derive(Debug, Clone)]
enum Function {
    /// `ROW_NUMBER()`: the row's place in its run of equal keys.
    RowNumber,
    /// A `FIRST_VALUE` of this argument over the partition so far: its value on the run's first
    /// row.
    FirstValue(Arc<dyn PhysicalExpr>),
}

impl Function {
    fn of(expr: &Arc<dyn WindowExpr>) -> Option<Self> {
        if is_row_number(expr) {
            return Some(Function::RowNumber);
        }
        first_value_arg(expr).map(Function::FirstValue)
    }
}

/// Numbers the rows of a sorted-mode `ROW_NUMBER()` window in place of it (module docs).
#[derive(Debug)]
pub(crate) struct SortedRowNumbers {
    /// The replaced `BoundedWindowAggExec`: its schema, properties and requirements are this
    /// node's.
    window: Arc<dyn ExecutionPlan>,
    /// The partition keys, in the order the input is sorted by them.
    keys: Vec<Arc<dyn PhysicalExpr>>,
    /// The columns that follow the input's, in order.
    functions: Vec<Function>,
    metrics: ExecutionPlanMetricsSet,
}

impl SortedRowNumbers {
    /// `Some` when `node` is a sorted-mode window of row numbers only, all over one partition.
    fn replacing(node: &Arc<dyn ExecutionPlan>) -> Result<Option<Self>> {
        let Some(window) = node.downcast_ref::<BoundedWindowAggExec>() else {
            return Ok(None);
        };
        let exprs = window.window_expr();
        if window.input_order_mode != InputOrderMode::Sorted
            || exprs.is_empty()
            || exprs.iter().any(|e| e.partition_by() != exprs[0].partition_by())
        {
            return Ok(None);
        }
        let Some(functions) = exprs.iter().map(Function::of).collect::<Option<Vec<_>>>() else {
            return Ok(None);
        };
        let keys = window
            .partition_by_sort_keys()?
            .into_iter()
            .map(|k| k.expr)
            .collect();
        Ok(Some(SortedRowNumbers {
            window: Arc::clone(node),
            keys,
            functions,
            metrics: ExecutionPlanMetricsSet::new(),
        }))
    }
}

impl DisplayAs for SortedRowNumbers {
    fn fmt_as(&self, t: DisplayFormatType, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "SortedRowNumbers: in place of ")?;
        self.window.fmt_as(t, f)
    }
}

impl ExecutionPlan for SortedRowNumbers {
    fn name(&self) -> &'static str {
        "SortedRowNumbers"
    }

    fn properties(&self) -> &Arc<PlanProperties> {
        self.window.properties()
    }

    fn children(&self) -> Vec<&Arc<dyn ExecutionPlan>> {
        self.window.children()
    }

    fn apply_expressions(
        &self,
        f: &mut dyn FnMut(&Arc<dyn PhysicalExpr>) -> Result<TreeNodeRecursion>,
    ) -> Result<TreeNodeRecursion> {
        self.window.apply_expressions(f)
    }

    fn required_input_ordering(&self) -> Vec<Option<OrderingRequirements>> {
        self.window.required_input_ordering()
    }

    fn input_distribution_requirements(&self) -> InputDistributionRequirements {
        self.window.input_distribution_requirements()
    }

    fn maintains_input_order(&self) -> Vec<bool> {
        vec![true]
    }

    fn replace_children(
        self: Arc<Self>,
        children: Vec<Arc<dyn ExecutionPlan>>,
        options: ReplaceChildrenOptions,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        let window = Arc::clone(&self.window).replace_children(children, options)?;
        match SortedRowNumbers::replacing(&window)? {
            Some(numbers) => Ok(Arc::new(numbers)),
            // The new input is no longer sorted by the partition: the window computes.
            None => Ok(window),
        }
    }

    #[allow(deprecated)]
    fn with_new_children(
        self: Arc<Self>,
        children: Vec<Arc<dyn ExecutionPlan>>,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        let options = ReplaceChildrenOptions::new(
            datafusion::physical_plan::execution_plan::ChildrenPropertiesMode::Recompute,
        );
        self.replace_children(children, options)
    }

    fn metrics(&self) -> Option<MetricsSet> {
        Some(self.metrics.clone_inner())
    }

    fn child_stats_requests(&self, partition: Option<usize>) -> Vec<ChildStats> {
        self.window.child_stats_requests(partition)
    }

    fn statistics_from_inputs(
        &self,
        input_stats: &[Arc<Statistics>],
        args: &StatisticsArgs,
    ) -> Result<Arc<Statistics>> {
        self.window.statistics_from_inputs(input_stats, args)
    }

    fn cardinality_effect(&self) -> CardinalityEffect {
        CardinalityEffect::Equal
    }

    fn execute(&self, partition: usize, context: Arc<TaskContext>) -> Result<SendableRecordBatchStream> {
        let Some(input) = self.window.children().first().map(|c| Arc::clone(c)) else {
            return internal_err!("SortedRowNumbers has no input");
        };
        let input = input.execute(partition, context)?;
        let schema = self.window.schema();
        let metrics = BaselineMetrics::new(&self.metrics, partition);
        let mut state = Numbering {
            schema: Arc::clone(&schema),
            keys: self.keys.clone(),
            functions: self.functions.clone(),
            last: None,
            count: 0,
            firsts: Vec::new(),
        };
        let stream = input.map(move |batch| {
            let _timer = metrics.elapsed_compute().timer();
            let numbered = state.number(batch?)?;
            metrics.record_output(numbered.num_rows());
            Ok(numbered)
        });
        Ok(Box::pin(RecordBatchStreamAdapter::new(schema, stream)))
    }
}

/// One output partition's numbering state.
struct Numbering {
    schema: SchemaRef,
    keys: Vec<Arc<dyn PhysicalExpr>>,
    functions: Vec<Function>,
    /// The previous batch's last row of partition keys (`None` before the first row).
    last: Option<Vec<ArrayRef>>,
    /// That row's number.
    count: u64,
    /// The first values of that row's partition, one single-row array per `FirstValue`.
    firsts: Vec<ArrayRef>,
}

impl Numbering {
    fn number(&mut self, batch: RecordBatch) -> Result<RecordBatch> {
        let rows = batch.num_rows();
        let mut columns = batch.columns().to_vec();
        if rows == 0 {
            for function in &self.functions {
                columns.push(match function {
                    Function::RowNumber => Arc::new(UInt64Array::from(Vec::<u64>::new())),
                    Function::FirstValue(arg) => arg.evaluate(&batch)?.into_array(0)?,
                });
            }
            return Ok(RecordBatch::try_new(Arc::clone(&self.schema), columns)?);
        }
        let keys = self
            .keys
            .iter()
            .map(|k| k.evaluate(&batch)?.into_array(rows))
            .collect::<Result<Vec<_>>>()?;
        let runs = if keys.is_empty() {
            vec![0..rows]
        } else {
            partition(&keys)?.ranges()
        };
        let continues = match &self.last {
            Some(last) => same_keys(last, &keys)?,
            None => false,
        };
        let mut numbers = None;
        let mut firsts = Vec::new();
        for function in &self.functions {
            columns.push(match function {
                Function::RowNumber => {
                    Arc::clone(numbers.get_or_insert_with(|| row_numbers(&runs, continues, &mut self.count)))
                }
                Function::FirstValue(arg) => {
                    let values = arg.evaluate(&batch)?.into_array(rows)?;
                    let carried = self.firsts.get(firsts.len()).filter(|_| continues);
                    let (column, first) = first_values(&values, &runs, carried)?;
                    firsts.push(first);
                    column
                }
            });
        }
        self.firsts = firsts;
        self.last = Some(keys.iter().map(|k| k.slice(rows - 1, 1)).collect());
        Ok(RecordBatch::try_new(Arc::clone(&self.schema), columns)?)
    }
}

/// The row numbers of a batch's `runs`, the first continuing the last batch's partition if
/// `continues` (whose last number was `count`); `count` becomes the last row's.
fn row_numbers(runs: &[std::ops::Range<usize>], continues: bool, count: &mut u64) -> ArrayRef {
    let mut numbers = Vec::with_capacity(runs.last().map_or(0, |r| r.end));
    for (i, run) in runs.iter().enumerate() {
        let before = if i == 0 && continues { *count } else { 0 };
        numbers.extend(before + 1..=before + run.len() as u64);
    }
    *count = numbers.last().copied().unwrap_or(0);
    Arc::new(UInt64Array::from(numbers))
}

/// Each row's value of its run's first row (the first run's is `carried`, a single-row array,
/// when it continues the last batch's partition), and the last run's first value as a
/// single-row array to carry on.
fn first_values(
    values: &ArrayRef,
    runs: &[std::ops::Range<usize>],
    carried: Option<&ArrayRef>,
) -> Result<(ArrayRef, ArrayRef)> {
    let column = match carried {
        Some(carried) => {
            let indices: Vec<(usize, usize)> = (runs.iter().enumerate())
                .flat_map(|(i, run)| {
                    let from = if i == 0 { (0, 0) } else { (1, run.start) };
                    std::iter::repeat_n(from, run.len())
                })
                .collect();
            interleave(&[carried.as_ref(), values.as_ref()], &indices)?
        }
        None => {
            let indices: UInt64Array = (runs.iter())
                .flat_map(|run| std::iter::repeat_n(run.start as u64, run.len()))
                .collect();
            take(values.as_ref(), &indices, None)?
        }
    };
    let last = runs.last().map_or(0, |r| r.start);
    let first = match (carried, runs.len()) {
        (Some(carried), 1) => Arc::clone(carried),
        _ => values.slice(last, 1),
    };
    Ok((column, first))
}

/// Whether the one row of `last` has the same keys as the first row of `keys` (nulls equal, as
/// in a window's partitions).
fn same_keys(last: &[ArrayRef], keys: &[ArrayRef]) -> Result<bool, ArrowError> {
    for (l, k) in last.iter().zip(keys) {
        let compare = make_comparator(l.as_ref(), k.as_ref(), SortOptions::default())?;
        if compare(0, 0).is_ne() {
            return Ok(false);
        }
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use datafusion::arrow::array::{Array, Int64Array, StringArray, UInt64Array};
    use datafusion::arrow::compute::concat_batches;
    use datafusion::arrow::datatypes::{Field, Schema};
    use datafusion::datasource::MemTable;
    use datafusion::prelude::{SessionConfig, SessionContext};

    use super::*;
    use crate::session::{SessionSettings, new_session, shown_plan};

    const NUMBERED: &str = "SELECT person, start, id,
            ROW_NUMBER() OVER (PARTITION BY snapshot, person ORDER BY start DESC, id) AS n
        FROM staff ORDER BY snapshot, person, n";

    /// Rows of (snapshot, person, start, id), in three batches so that people span batches.
    fn staff() -> Arc<MemTable> {
        let schema = Arc::new(Schema::new(vec![
            Field::new("snapshot", DataType::Utf8, false),
            Field::new("person", DataType::Utf8, true),
            Field::new("start", DataType::Int64, false),
            Field::new("id", DataType::Int64, false),
        ]));
        let batch = |rows: &[(&str, Option<&str>, i64, i64)]| {
            RecordBatch::try_new(
                Arc::clone(&schema),
                vec![
                    Arc::new(StringArray::from_iter_values(rows.iter().map(|r| r.0))),
                    Arc::new(StringArray::from_iter(rows.iter().map(|r| r.1))),
                    Arc::new(Int64Array::from_iter_values(rows.iter().map(|r| r.2))),
                    Arc::new(Int64Array::from_iter_values(rows.iter().map(|r| r.3))),
                ],
            )
            .unwrap()
        };
        let batches = vec![
            batch(&[
                ("m1", Some("a"), 5, 2),
                ("m1", Some("b"), 1, 3),
                ("m1", Some("a"), 9, 1),
            ]),
            batch(&[
                ("m1", Some("a"), 5, 1),
                ("m2", Some("a"), 1, 1),
                ("m1", None, 1, 7),
            ]),
            batch(&[("m1", None, 2, 8), ("m1", Some("b"), 1, 4)]),
        ];
        Arc::new(MemTable::try_new(schema, vec![batches]).unwrap())
    }

    async fn numbered(ctx: &SessionContext) -> (Vec<String>, String) {
        ctx.register_table("staff", staff()).unwrap();
        let df = ctx.sql(NUMBERED).await.unwrap();
        let shown = shown_plan(&df).await;
        let batches = df.collect().await.unwrap();
        let all = concat_batches(&batches[0].schema(), &batches).unwrap();
        let column = |name: &str| Arc::clone(all.column_by_name(name).unwrap());
        let (person, start, id, n) = (column("person"), column("start"), column("id"), column("n"));
        let person = person.as_any().downcast_ref::<StringArray>().unwrap();
        let start = start.as_any().downcast_ref::<Int64Array>().unwrap();
        let id = id.as_any().downcast_ref::<Int64Array>().unwrap();
        let n = n.as_any().downcast_ref::<UInt64Array>().unwrap();
        let rows = (0..all.num_rows())
            .map(|i| {
                let who = if person.is_null(i) { "-" } else { person.value(i) };
                format!("{who} {} {} {}", start.value(i), id.value(i), n.value(i))
            })
            .collect();
        (rows, shown)
    }

    #[tokio::test]
    async fn row_numbers_count_within_sorted_partitions_as_the_window_does() {
        // Worked by hand: m1/a ranks start 9 (id 1), then start 5 ids 1, 2; m1/b ids 3, 4; the
        // two m1 rows without a person form one partition; m2/a alone.
        let expected = [
            "a 9 1 1", "a 5 1 2", "a 5 2 3", "b 1 3 1", "b 1 4 2", "- 2 8 1", "- 1 7 2", "a 1 1 1",
        ];
        for partitions in [1, 2] {
            let settings = SessionSettings {
                target_partitions: Some(partitions),
                ..SessionSettings::default()
            };
            let (rows, shown) = numbered(&new_session(&settings, &[]).unwrap()).await;
            assert!(shown.contains("SortedRowNumbers"), "not replaced:\n{shown}");
            let window = |l: &str| l.trim_start().starts_with("BoundedWindowAggExec");
            assert!(!shown.lines().any(window), "window left:\n{shown}");
            assert_eq!(rows, expected, "{partitions} partitions");

            // DataFusion's own window gives the same numbers.
            let config = SessionConfig::new().with_target_partitions(partitions);
            let (plain, shown) = numbered(&SessionContext::new_with_config(config)).await;
            assert!(shown.contains("BoundedWindowAggExec"), "{shown}");
            assert_eq!(plain, expected, "DataFusion, {partitions} partitions");
        }
    }

    #[test]
    fn a_partition_that_spans_batches_keeps_counting() {
        let schema = Arc::new(Schema::new(vec![
            Field::new("person", DataType::Utf8, true),
            Field::new("n", DataType::UInt64, false),
        ]));
        let key: Arc<dyn PhysicalExpr> =
            Arc::new(datafusion::physical_expr::expressions::Column::new("person", 0));
        let mut state = Numbering {
            schema: Arc::clone(&schema),
            keys: vec![key],
            functions: vec![Function::RowNumber],
            last: None,
            count: 0,
            firsts: Vec::new(),
        };
        let mut number = |people: &[Option<&str>]| {
            let people: ArrayRef = Arc::new(StringArray::from_iter(people.iter().copied()));
            let input = Schema::new(vec![Field::new("person", DataType::Utf8, true)]);
            let batch = RecordBatch::try_new(Arc::new(input), vec![people]).unwrap();
            let out = state.number(batch).unwrap();
            let n = out.column(1).as_any().downcast_ref::<UInt64Array>().unwrap();
            n.values().to_vec()
        };
        // a a | a b | (empty) | b None | None None | c: runs continue across batches, empty
        // batches included, and nulls are one partition.
        assert_eq!(number(&[Some("a"), Some("a")]), [1, 2]);
        assert_eq!(number(&[Some("a"), Some("b")]), [3, 1]);
        assert_eq!(number(&[]), Vec::<u64>::new());
        assert_eq!(number(&[Some("b"), None]), [2, 1]);
        assert_eq!(number(&[None, None]), [2, 3]);
        assert_eq!(number(&[Some("c")]), [1]);
    }

    #[test]
    fn first_values_carry_across_batches() {
        let column = |name: &str, i: usize| -> Arc<dyn PhysicalExpr> {
            Arc::new(datafusion::physical_expr::expressions::Column::new(name, i))
        };
        let input = Arc::new(Schema::new(vec![
            Field::new("person", DataType::Utf8, true),
            Field::new("eth", DataType::Utf8, true),
        ]));
        let mut fields = input.fields().to_vec();
        fields.push(Arc::new(Field::new("first_eth", DataType::Utf8, true)));
        fields.push(Arc::new(Field::new("n", DataType::UInt64, false)));
        let mut state = Numbering {
            schema: Arc::new(Schema::new(fields)),
            keys: vec![column("person", 0)],
            functions: vec![Function::FirstValue(column("eth", 1)), Function::RowNumber],
            last: None,
            count: 0,
            firsts: Vec::new(),
        };
        let mut first = |rows: &[(&str, Option<&str>)]| {
            let people: ArrayRef = Arc::new(StringArray::from_iter_values(rows.iter().map(|r| r.0)));
            let eth: ArrayRef = Arc::new(StringArray::from_iter(rows.iter().map(|r| r.1)));
            let batch = RecordBatch::try_new(Arc::clone(&input), vec![people, eth]).unwrap();
            let out = state.number(batch).unwrap();
            let firsts = out.column(2).as_any().downcast_ref::<StringArray>().unwrap();
            let n = out.column(3).as_any().downcast_ref::<UInt64Array>().unwrap();
            (0..out.num_rows())
                .map(|i| {
                    format!(
                        "{}{}",
                        if firsts.is_null(i) { "-" } else { firsts.value(i) },
                        n.value(i)
                    )
                })
                .collect::<Vec<_>>()
        };
        // a: A then B | a continues (A), b starts null | (empty) | b continues (null), c: C |
        // c continues over a whole batch (C).
        assert_eq!(first(&[("a", Some("A")), ("a", Some("B"))]), ["A1", "A2"]);
        assert_eq!(first(&[("a", Some("X")), ("b", None)]), ["A3", "-1"]);
        assert_eq!(first(&[]), Vec::<String>::new());
        assert_eq!(first(&[("b", Some("Y")), ("c", Some("C"))]), ["-2", "C1"]);
        assert_eq!(first(&[("c", Some("Z")), ("c", None)]), ["C2", "C3"]);
    }

    #[tokio::test]
    async fn other_window_functions_stay_with_the_window() {
        let ctx = new_session(&SessionSettings::default(), &[]).unwrap();
        ctx.register_table("staff", staff()).unwrap();
        let sql = "SELECT person, ROW_NUMBER() OVER (PARTITION BY person ORDER BY id) AS n,
                          RANK() OVER (PARTITION BY person ORDER BY id) AS r FROM staff";
        let shown = shown_plan(&ctx.sql(sql).await.unwrap()).await;
        assert!(!shown.contains("SortedRowNumbers"), "{shown}");
    }
}
