//! A join of rows to the first row of their own partition, as one sorted pass.
//!
//! staging/substantive_assignments gives every assignment its person's attributes, taken from
//! one record per person and snapshot:
//!
//! ```sql
//! WITH substantive AS (SELECT * FROM esr_workforce WHERE ...),
//! person_records AS (
//!     SELECT snapshot_date, person_id, ethnic_code, ...,
//!            ROW_NUMBER() OVER (PARTITION BY snapshot_date, person_id
//!                               ORDER BY start_date DESC, assignment_id) AS record_rank
//!     FROM substantive)
//! SELECT ... FROM substantive AS a
//! JOIN person_records AS p ON p.snapshot_date = a.snapshot_date AND p.person_id = a.person_id
//!  AND p.record_rank = 1
//! ```
//!
//! DataFusion plans it as written: the rows sorted and numbered, then a hash join of every row
//! to the first rows (18 M to 18 M over 13 national months), whose build side holds every
//! person's record in memory and cannot spill, so the run fails within a 1 GB pool. Yet each
//! row's match is the first row of its own partition: the same result is
//!
//! ```sql
//! SELECT a.*, a.snapshot_date AS p.snapshot_date, a.person_id AS p.person_id,
//!        FIRST_VALUE(a.ethnic_code) OVER w AS p.ethnic_code, ..., 1 AS p.record_rank
//! FROM substantive AS a WHERE snapshot_date IS NOT NULL AND person_id IS NOT NULL
//! WINDOW w AS (PARTITION BY snapshot_date, person_id ORDER BY start_date DESC, assignment_id
//!              ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
//! ```
//!
//! one sort (which spills) and one pass that copies each partition's first row's values to its
//! rows ([`super::sorted_row_numbers`] computes such `FIRST_VALUE`s by runs of equal keys).
//!
//! Exact: an inner join on the partition keys matches a row of the table only where its keys
//! are not null (hence the filter), and then exactly one ranked row, the first of its
//! partition, since both sides read the same rows. Ties in the window's `ORDER BY` may put
//! either row first, as they may number either row 1.
//!
//! Only within a memory pool (`session::optimizer_rules` says why: without one the join is the
//! faster plan). Applied to an inner join, after DataFusion has moved its equalities into the
//! join keys, when one side is, under aliases and a projection of plain columns, a window with
//! one `ROW_NUMBER()` over plain columns and the other side is the window's input (the same
//! plan, aliases aside: a CTE read twice); when the join keys pair each partition column with
//! itself, and nothing else; and when the join filter is exactly `row number = 1`. Anything
//! else is left to DataFusion as written.

use std::sync::Arc;

use datafusion::common::tree_node::Transformed;
use datafusion::common::{JoinType, NullEquality, Result, ScalarValue};
use datafusion::functions_window::nth_value::first_value_udwf;
use datafusion::logical_expr::builder::project;
use datafusion::logical_expr::expr::{WindowFunction, WindowFunctionParams};
use datafusion::logical_expr::utils::split_conjunction;
use datafusion::logical_expr::{
    BinaryExpr, Expr, Filter, Join, LogicalPlan, Operator, SortExpr, Window, WindowFrame, WindowFrameBound,
    WindowFrameUnits, WindowFunctionDefinition, lit,
};
use datafusion::optimizer::{ApplyOrder, OptimizerConfig, OptimizerRule};

/// The names of the `FIRST_VALUE`s this rule makes begin so, which tells the physical rule of
/// [`super::sorted_row_numbers`] that they are its own (nulls respected, never reversed).
pub(crate) const FIRST_ROW_PREFIX: &str = "__first_row_";

/// The name of DataFusion's rule this one runs just after: the one that moves a join's
/// equalities from its filter into its keys.
pub(crate) const RUNS_AFTER: &str = "extract_equijoin_predicate";

#[derive(Debug, Default)]
pub(crate) struct JoinToFirstRows;

impl OptimizerRule for JoinToFirstRows {
    fn name(&self) -> &str {
        "join_to_first_rows"
    }

    fn apply_order(&self) -> Option<ApplyOrder> {
        Some(ApplyOrder::BottomUp)
    }

    fn supports_rewrite(&self) -> bool {
        true
    }

    fn rewrite(&self, plan: LogicalPlan, _config: &dyn OptimizerConfig) -> Result<Transformed<LogicalPlan>> {
        let LogicalPlan::Join(join) = &plan else {
            return Ok(Transformed::no(plan));
        };
        match first_rows(join)? {
            Some(rewritten) => Ok(Transformed::yes(rewritten)),
            None => Ok(Transformed::no(plan)),
        }
    }
}

/// Where a column of the ranked side comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Source {
    /// The window input's column at this index.
    Input(usize),
    /// The row number.
    Rank,
}

/// The ranked side of the join, seen through its aliases and projection.
struct Ranked<'a> {
    /// The window's input, aliases peeled.
    input: &'a LogicalPlan,
    partition_by: Vec<usize>,
    order_by: Vec<(usize, bool, bool)>,
    /// The source of each of the ranked side's columns.
    sources: Vec<Source>,
}

/// The plan under any `SubqueryAlias`es.
fn unaliased(mut plan: &LogicalPlan) -> &LogicalPlan {
    while let LogicalPlan::SubqueryAlias(alias) = plan {
        plan = &alias.input;
    }
    plan
}

/// The index in `plan`'s schema of `expr` if it is a column.
fn column_index(plan: &LogicalPlan, expr: &Expr) -> Option<usize> {
    match expr {
        Expr::Column(c) => plan.schema().index_of_column(c).ok(),
        _ => None,
    }
}

/// `plan` as a ranked side: aliases, then optionally a projection of plain columns, then a
/// window of one `ROW_NUMBER()` partitioned and ordered by plain columns.
fn ranked(plan: &LogicalPlan) -> Option<Ranked<'_>> {
    let (window, projection) = match unaliased(plan) {
        LogicalPlan::Projection(p) => (unaliased(&p.input), Some(&p.expr)),
        other => (other, None),
    };
    let LogicalPlan::Window(Window {
        input, window_expr, ..
    }) = window
    else {
        return None;
    };
    let [expr] = &window_expr[..] else {
        return None;
    };
    let Expr::WindowFunction(function) = expr.clone().unalias_nested().data else {
        return None;
    };
    let WindowFunctionDefinition::WindowUDF(udf) = &function.fun else {
        return None;
    };
    let params = &function.params;
    if udf.name() != "row_number" || params.filter.is_some() || params.distinct || !params.args.is_empty() {
        return None;
    }
    let partition_by: Vec<usize> = (params.partition_by.iter())
        .map(|e| column_index(input, e))
        .collect::<Option<_>>()?;
    let order_by = (params.order_by.iter())
        .map(|s| Some((column_index(input, &s.expr)?, s.asc, s.nulls_first)))
        .collect::<Option<_>>()?;
    let columns = input.schema().fields().len();
    let source = |e: &Expr| match column_index(window, e)? {
        i if i < columns => Some(Source::Input(i)),
        i if i == columns => Some(Source::Rank),
        _ => None,
    };
    let sources = match projection {
        Some(exprs) => (exprs.iter())
            .map(|e| source(&e.clone().unalias_nested().data))
            .collect::<Option<_>>()?,
        None => (0..columns).map(Source::Input).chain([Source::Rank]).collect(),
    };
    (!partition_by.is_empty()).then_some(Ranked {
        input: unaliased(input),
        partition_by,
        order_by,
        sources,
    })
}

/// Whether `expr` is `rank = 1` (either way round), `rank` being a ranked column of `side`.
fn is_rank_one(expr: &Expr, side: &LogicalPlan, sources: &[Source]) -> bool {
    let Expr::BinaryExpr(BinaryExpr {
        left,
        op: Operator::Eq,
        right,
    }) = expr
    else {
        return false;
    };
    let one = |e: &Expr| match e {
        Expr::Literal(value, _) if value.data_type().is_integer() => value
            .cast_to(&datafusion::arrow::datatypes::DataType::Int64)
            .is_ok_and(|v| v == ScalarValue::Int64(Some(1))),
        _ => false,
    };
    let rank = |e: &Expr| column_index(side, e).is_some_and(|i| sources[i] == Source::Rank);
    (rank(left) && one(right)) || (one(left) && rank(right))
}

/// The rewrite (module documentation), if `join` has its shape.
fn first_rows(join: &Join) -> Result<Option<LogicalPlan>> {
    if join.join_type != JoinType::Inner || join.null_equality != NullEquality::NullEqualsNothing {
        return Ok(None);
    }
    for table_is_left in [true, false] {
        let (table, ranked_side) = match table_is_left {
            true => (join.left.as_ref(), join.right.as_ref()),
            false => (join.right.as_ref(), join.left.as_ref()),
        };
        let Some(ranked) = ranked(ranked_side) else {
            continue;
        };
        if unaliased(table) != ranked.input {
            continue;
        }
        // Every join key pairs a partition column of the table with the ranked side's copy of
        // it, and each partition column is so paired.
        let mut paired = Vec::new();
        let keys_fit = join.on.iter().all(|(l, r)| {
            let (t, k) = if table_is_left { (l, r) } else { (r, l) };
            let (Some(t), Some(k)) = (column_index(table, t), column_index(ranked_side, k)) else {
                return false;
            };
            paired.push(t);
            ranked.partition_by.contains(&t) && ranked.sources[k] == Source::Input(t)
        });
        let filter_fits = join.filter.as_ref().is_some_and(|f| {
            split_conjunction(f)
                .iter()
                .all(|c| is_rank_one(c, ranked_side, &ranked.sources))
        });
        if !keys_fit || !filter_fits || !ranked.partition_by.iter().all(|k| paired.contains(k)) {
            continue;
        }
        return rewrite(join, table, table_is_left, &ranked).map(Some);
    }
    Ok(None)
}

/// The plan for `join` (module documentation): the table's rows with keys, then a window of
/// `FIRST_VALUE`s, then the join's columns under the join's names.
fn rewrite(join: &Join, table: &LogicalPlan, table_is_left: bool, ranked: &Ranked) -> Result<LogicalPlan> {
    let table_column = |i: usize| {
        Expr::Column(datafusion::common::Column::from(
            table.schema().qualified_field(i),
        ))
    };
    // Rows with a null key match nothing in the join.
    let not_null = (ranked.partition_by.iter())
        .filter(|&&k| table.schema().field(k).is_nullable())
        .map(|&k| table_column(k).is_not_null())
        .reduce(Expr::and);
    let input = match not_null {
        Some(predicate) => LogicalPlan::Filter(Filter::try_new(predicate, Arc::new(table.clone()))?),
        None => table.clone(),
    };
    let partition_by: Vec<Expr> = ranked.partition_by.iter().map(|&k| table_column(k)).collect();
    let order_by: Vec<SortExpr> = (ranked.order_by.iter())
        .map(|&(i, asc, nulls_first)| SortExpr::new(table_column(i), asc, nulls_first))
        .collect();
    let frame = WindowFrame::new_bounds(
        WindowFrameUnits::Rows,
        WindowFrameBound::Preceding(ScalarValue::UInt64(None)),
        WindowFrameBound::CurrentRow,
    );
    // One FIRST_VALUE per ranked column that is not a key (the keys are the row's own).
    let mut firsts: Vec<(usize, Expr)> = Vec::new();
    for source in &ranked.sources {
        if let Source::Input(i) = *source
            && !ranked.partition_by.contains(&i)
            && !firsts.iter().any(|(j, _)| *j == i)
        {
            let function = WindowFunction {
                fun: WindowFunctionDefinition::WindowUDF(first_value_udwf()),
                params: WindowFunctionParams {
                    args: vec![table_column(i)],
                    partition_by: partition_by.clone(),
                    order_by: order_by.clone(),
                    window_frame: frame.clone(),
                    filter: None,
                    null_treatment: None,
                    distinct: false,
                },
            };
            firsts.push((i, Expr::from(function).alias(format!("{FIRST_ROW_PREFIX}{i}"))));
        }
    }
    let window = LogicalPlan::Window(Window::try_new(
        firsts.iter().map(|(_, e)| e.clone()).collect(),
        Arc::new(input),
    )?);
    let first_column = |i: usize| -> Expr {
        match firsts.iter().any(|(j, _)| *j == i) {
            true => Expr::Column(datafusion::common::Column::from_name(format!(
                "{FIRST_ROW_PREFIX}{i}"
            ))),
            false => table_column(i),
        }
    };
    // The join's columns, in its order, under its qualifiers and names.
    let table_columns = (0..table.schema().fields().len()).map(table_column);
    let ranked_columns = ranked.sources.iter().map(|s| match *s {
        Source::Input(i) => first_column(i),
        Source::Rank => lit(ScalarValue::UInt64(Some(1))),
    });
    let columns: Vec<Expr> = match table_is_left {
        true => table_columns.chain(ranked_columns).collect(),
        false => ranked_columns.chain(table_columns).collect(),
    };
    let named = columns.into_iter().enumerate().map(|(i, expr)| {
        let (qualifier, field) = join.schema.qualified_field(i);
        expr.alias_qualified(qualifier.cloned(), field.name())
    });
    project(window, named)
}

#[cfg(test)]
mod tests {
    use datafusion::arrow::array::{Array, RecordBatch, StringArray, UInt64Array};
    use datafusion::arrow::compute::concat_batches;
    use datafusion::arrow::datatypes::{DataType, Field, Schema};
    use datafusion::datasource::MemTable;
    use datafusion::prelude::{SessionConfig, SessionContext};

    use super::*;
    use crate::session::{SessionSettings, new_session, shown_plan};

    /// Assignments (snapshot, person, assignment, start, ethnicity, category), in two batches
    /// so that a person spans them. Worked by hand in the tests.
    fn assignments() -> Arc<MemTable> {
        let schema = Arc::new(Schema::new(vec![
            Field::new("snap", DataType::Utf8, false),
            Field::new("person", DataType::Utf8, true),
            Field::new("asg", DataType::Utf8, false),
            Field::new("start", DataType::Utf8, true),
            Field::new("eth", DataType::Utf8, true),
            Field::new("cat", DataType::Utf8, false),
        ]));
        type Row = (
            &'static str,
            Option<&'static str>,
            &'static str,
            Option<&'static str>,
            Option<&'static str>,
            &'static str,
        );
        let batch = |rows: &[Row]| {
            let strings = |f: fn(&Row) -> Option<&'static str>| -> Arc<dyn Array> {
                Arc::new(StringArray::from_iter(rows.iter().map(f)))
            };
            RecordBatch::try_new(
                Arc::clone(&schema),
                vec![
                    strings(|r| Some(r.0)),
                    strings(|r| r.1),
                    strings(|r| Some(r.2)),
                    strings(|r| r.3),
                    strings(|r| r.4),
                    strings(|r| Some(r.5)),
                ],
            )
            .unwrap()
        };
        let first = batch(&[
            // p1 in m1: two assignments; the later start (a2, 2024) is the record: eth B.
            ("m1", Some("p1"), "a1", Some("2020"), Some("A"), "Permanent"),
            ("m1", Some("p1"), "a2", Some("2024"), Some("B"), "Fixed Term"),
            // p2 in m1: equal starts, the smaller assignment (a3) is the record: eth C.
            ("m1", Some("p2"), "a4", Some("2021"), Some("D"), "Permanent"),
            ("m1", Some("p2"), "a3", Some("2021"), Some("C"), "Permanent"),
        ]);
        let second = batch(&[
            // p1 in m2: a null start sorts first (DESC NULLS FIRST): a5's eth (null) is the record.
            ("m2", Some("p1"), "a5", None, None, "Permanent"),
            ("m2", Some("p1"), "a6", Some("2025"), Some("E"), "Permanent"),
            // p2 in m1 again (the partition spans batches): start 2019, not the record.
            ("m1", Some("p2"), "a7", Some("2019"), Some("F"), "Permanent"),
            // Bank: not in the table at all. No person: matches nothing in the join.
            ("m1", Some("p3"), "a8", Some("2025"), Some("G"), "Bank"),
            ("m1", None, "a9", Some("2025"), Some("H"), "Permanent"),
        ]);
        Arc::new(MemTable::try_new(schema, vec![vec![first, second]]).unwrap())
    }

    const RECORDS: &str = "WITH substantive AS (SELECT * FROM esr WHERE cat NOT IN ('Bank')),
        records AS (
            SELECT snap, person, eth, start,
                   ROW_NUMBER() OVER (PARTITION BY snap, person ORDER BY start DESC, asg) AS rk
            FROM substantive)
        SELECT a.snap, a.person, a.asg, p.eth, p.start, p.rk
        FROM substantive AS a
        JOIN records AS p ON p.snap = a.snap AND p.person = a.person AND p.rk = 1
        ORDER BY a.asg";

    async fn rows(ctx: &SessionContext, sql: &str) -> (String, Vec<String>) {
        let df = ctx.sql(sql).await.unwrap();
        let plan = shown_plan(&df).await;
        let batches = df.collect().await.unwrap();
        let batch = concat_batches(&batches[0].schema(), &batches).unwrap();
        let text = |c: usize, i: usize| -> String {
            let column = batch.column(c);
            if column.is_null(i) {
                return "-".into();
            }
            match column.as_any().downcast_ref::<StringArray>() {
                Some(s) => s.value(i).to_string(),
                None => column
                    .as_any()
                    .downcast_ref::<UInt64Array>()
                    .unwrap()
                    .value(i)
                    .to_string(),
            }
        };
        let rows = (0..batch.num_rows())
            .map(|i| {
                (0..batch.num_columns())
                    .map(|c| text(c, i))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        (plan, rows)
    }

    /// A session with the rule (a memory pool), on `partitions` partitions.
    fn session(partitions: usize) -> SessionContext {
        let settings = SessionSettings {
            target_partitions: Some(partitions),
            memory_limit: Some(64 << 20),
            ..SessionSettings::default()
        };
        let ctx = new_session(&settings, &[]).unwrap();
        ctx.register_table("esr", assignments()).unwrap();
        ctx
    }

    #[tokio::test]
    async fn each_row_gets_its_partitions_first_row_without_a_join() {
        // By hand: p1/m1's record is a2 (started 2024): B, 2024. p2/m1's starts tie at 2021
        // (a3, a4) above a7's 2019: a3 (the smaller id) gives C, 2021. p1/m2: a5's null start
        // sorts first: eth null, start null. a8 (Bank) is not in the table; a9 (no person)
        // matches nothing.
        let want = [
            "m1 p1 a1 B 2024 1",
            "m1 p1 a2 B 2024 1",
            "m1 p2 a3 C 2021 1",
            "m1 p2 a4 C 2021 1",
            "m2 p1 a5 - - 1",
            "m2 p1 a6 - - 1",
            "m1 p2 a7 C 2021 1",
        ];
        for partitions in [1, 3] {
            let (plan, got) = rows(&session(partitions), RECORDS).await;
            assert_eq!(got, want, "{partitions} partition(s)\n{plan}");
            assert!(!plan.contains("HashJoinExec"), "{plan}");
            assert!(plan.contains("SortedRowNumbers"), "{plan}");
        }
        // DataFusion alone (its default rules) joins, to the same rows; so does a session
        // without a memory pool (`optimizer_rules`).
        let plain = SessionContext::new_with_config(SessionConfig::new().with_target_partitions(3));
        let unpooled = new_session(&SessionSettings::default(), &[]).unwrap();
        for ctx in [plain, unpooled] {
            ctx.register_table("esr", assignments()).unwrap();
            let (plan, got) = rows(&ctx, RECORDS).await;
            assert!(plan.contains("HashJoinExec"), "{plan}");
            assert_eq!(got, want);
        }
    }

    #[tokio::test]
    async fn other_shapes_are_left_to_datafusion() {
        let ctx = session(2);
        let shapes = [
            // Rank 2, not the first row.
            RECORDS.replace("p.rk = 1", "p.rk = 2"),
            // No rank condition: every row of the partition matches.
            RECORDS.replace(" AND p.rk = 1", ""),
            // Joined on one partition column of two.
            RECORDS.replace("p.snap = a.snap AND ", ""),
            // Joined on a column that is not a partition column as well.
            RECORDS.replace("p.rk = 1", "p.rk = 1 AND p.eth = a.eth"),
            // The ranked rows are not the table's (no Bank filter on one side).
            RECORDS.replace("FROM substantive)", "FROM esr)"),
            // A left join keeps unmatched rows.
            RECORDS.replace("JOIN records", "LEFT JOIN records"),
        ];
        for sql in shapes {
            let (plan, _) = rows(&ctx, &sql).await;
            assert!(plan.contains("HashJoinExec"), "{sql}\n{plan}");
        }
    }
}
