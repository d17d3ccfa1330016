//! An engine rewrite of several distinct counts of one column into two plain aggregations.
//!
//! The equality models count distinct people of each group in one pass:
//!
//! ```sql
//! SELECT org_code, COUNT(DISTINCT CASE WHEN group_role = 'reference' THEN person_id END),
//!        COUNT(DISTINCT CASE WHEN group_role = 'focus' THEN person_id END),
//!        COUNT(DISTINCT person_id), MIN(band_order)
//! FROM staff GROUP BY org_code
//! ```
//!
//! DataFusion 55 plans that with one hash set of people per group and aggregate (its own
//! single-distinct rewrite needs every distinct count to read the same expression), which is
//! slow with millions of groups and cannot spill within a memory pool's fair share. This rule
//! rewrites it, as the analyst's SQL stays, into
//!
//! ```sql
//! SELECT org_code, COUNT(CASE WHEN flag_1 THEN key END), COUNT(CASE WHEN flag_2 THEN key END),
//!        COUNT(key), MIN(min_1)
//! FROM (SELECT org_code, person_id AS key, bool_or(group_role = 'reference') AS flag_1,
//!              bool_or(group_role = 'focus') AS flag_2, MIN(band_order) AS min_1
//!       FROM staff GROUP BY org_code, person_id)
//! GROUP BY org_code
//! ```
//!
//! Both are plain grouped aggregations, which spill. It is exact: a person counts in a group's
//! `COUNT(DISTINCT CASE WHEN c THEN person END)` when some row of theirs in the group has `c`
//! true and a person (not null), which is what the flag and `COUNT(.. key ..)` test; `SUM`,
//! `MIN` and `MAX` of the other columns are the same over the person's partial results. Applied
//! only when every distinct aggregate is a `COUNT` of one column `x`, as `x` or as
//! `CASE WHEN c THEN x END` (no `ELSE`), and every other aggregate is `SUM`, `MIN` or `MAX`
//! without `FILTER` or `ORDER BY`; anything else is left to DataFusion as written.

use std::sync::Arc;

use datafusion::common::tree_node::Transformed;
use datafusion::common::{Column, Result};
use datafusion::functions_aggregate::bool_and_or::bool_or_udaf;
use datafusion::functions_aggregate::count::count_udaf;
use datafusion::logical_expr::builder::project;
use datafusion::logical_expr::expr::{AggregateFunction, Case};
use datafusion::logical_expr::{Aggregate, Expr, LogicalPlan, col, when};
use datafusion::optimizer::{ApplyOrder, OptimizerConfig, OptimizerRule};

/// The name of DataFusion's rule this one runs just before.
pub(crate) const RUNS_BEFORE: &str = "single_distinct_aggregation_to_group_by";

/// The inner aggregation's name for the counted column.
const KEY: &str = "__distinct_key";

#[derive(Debug, Default)]
pub(crate) struct DistinctCountsToGroupBy;

/// One aggregate of a rewritable aggregation.
enum Part {
    /// `COUNT(DISTINCT x)`.
    CountAll,
    /// `COUNT(DISTINCT CASE WHEN cond THEN x END)`.
    CountWhen(Expr),
    /// `SUM`, `MIN` or `MAX` of an expression, computed per person and then combined.
    TwoPhase(AggregateFunction),
}

/// The counted column and the parts, when every aggregate fits the rewrite and at least two
/// distinct counts read different expressions (one distinct expression is DataFusion's own case).
fn plan_parts(aggr_expr: &[Expr]) -> Option<(Expr, Vec<Part>)> {
    let mut key: Option<Expr> = None;
    let mut parts = Vec::with_capacity(aggr_expr.len());
    let mut distinct_args: Vec<Expr> = Vec::new();
    for expr in aggr_expr {
        // A simplified aggregate keeps its first name in an alias; the projection restores names.
        let Expr::AggregateFunction(agg) = expr.clone().unalias_nested().data else {
            return None;
        };
        let params = &agg.params;
        if params.filter.is_some() || !params.order_by.is_empty() {
            return None;
        }
        if !params.distinct {
            matches!(agg.func.name(), "sum" | "min" | "max").then_some(())?;
            parts.push(Part::TwoPhase(agg));
            continue;
        }
        let ([arg], "count") = (params.args.as_slice(), agg.func.name()) else {
            return None;
        };
        let (counted, part) = match arg {
            Expr::Case(Case {
                expr: None,
                when_then_expr,
                else_expr,
            }) if when_then_expr.len() == 1 => {
                let else_null = match else_expr.as_deref() {
                    None => true,
                    Some(Expr::Literal(v, _)) => v.is_null(),
                    Some(_) => false,
                };
                if !else_null {
                    return None;
                }
                let (cond, then) = &when_then_expr[0];
                (then.as_ref(), Part::CountWhen(cond.as_ref().clone()))
            }
            other => (other, Part::CountAll),
        };
        if key.get_or_insert_with(|| counted.clone()) != counted {
            return None;
        }
        if !distinct_args.contains(arg) {
            distinct_args.push(arg.clone());
        }
        parts.push(part);
    }
    (distinct_args.len() >= 2).then_some(())?;
    Some((key?, parts))
}

impl OptimizerRule for DistinctCountsToGroupBy {
    fn name(&self) -> &str {
        "distinct_counts_to_group_by"
    }

    fn apply_order(&self) -> Option<ApplyOrder> {
        Some(ApplyOrder::TopDown)
    }

    fn supports_rewrite(&self) -> bool {
        true
    }

    fn rewrite(&self, plan: LogicalPlan, _config: &dyn OptimizerConfig) -> Result<Transformed<LogicalPlan>> {
        let LogicalPlan::Aggregate(aggregate) = &plan else {
            return Ok(Transformed::no(plan));
        };
        if matches!(aggregate.group_expr.first(), Some(Expr::GroupingSet(_))) {
            return Ok(Transformed::no(plan));
        }
        let Some((key, parts)) = plan_parts(&aggregate.aggr_expr) else {
            return Ok(Transformed::no(plan));
        };
        let schema = &aggregate.schema;
        // Group expressions other than columns get a name the outer aggregation can refer to.
        let (mut inner_group, outer_group): (Vec<Expr>, Vec<Expr>) = aggregate
            .group_expr
            .iter()
            .enumerate()
            .map(|(i, expr)| match expr {
                Expr::Column(_) => (expr.clone(), expr.clone()),
                _ => {
                    let name = format!("__group_{i}");
                    (expr.clone().alias(&name), col(Column::from_name(name)))
                }
            })
            .unzip();
        inner_group.push(key.alias(KEY));
        let key_col = || col(Column::from_name(KEY));
        let mut inner_aggr = Vec::new();
        let mut outer_aggr = Vec::with_capacity(parts.len());
        for (i, part) in parts.into_iter().enumerate() {
            let name = format!("__part_{i}");
            let part_col = col(Column::from_name(&name));
            let counted = match part {
                Part::CountAll => key_col(),
                Part::CountWhen(cond) => {
                    inner_aggr.push(bool_or_udaf().call(vec![cond]).alias(&name));
                    when(part_col, key_col()).end()?
                }
                Part::TwoPhase(agg) => {
                    let func = Arc::clone(&agg.func);
                    inner_aggr.push(Expr::AggregateFunction(agg).alias(&name));
                    outer_aggr.push(func.call(vec![part_col]));
                    continue;
                }
            };
            outer_aggr.push(count_udaf().call(vec![counted]));
        }
        let input = Arc::clone(&aggregate.input);
        let inner = LogicalPlan::Aggregate(Aggregate::try_new(input, inner_group, inner_aggr)?);
        let outer = LogicalPlan::Aggregate(Aggregate::try_new(
            Arc::new(inner),
            outer_group.clone(),
            outer_aggr.clone(),
        )?);
        // The original names and qualifiers, so nothing above notices the rewrite.
        let names = outer_group
            .into_iter()
            .chain(outer_aggr)
            .enumerate()
            .map(|(i, expr)| {
                let (qualifier, field) = schema.qualified_field(i);
                match expr {
                    Expr::Column(ref c) if c.name == *field.name() => expr,
                    _ => expr.alias_qualified(qualifier.cloned(), field.name()),
                }
            });
        let rewritten = project(outer, names)?;
        // A two-phase SUM of decimals widens its type twice: keep the plan as written then.
        let same_types = rewritten.schema().fields().len() == schema.fields().len()
            && (rewritten.schema().fields().iter())
                .zip(schema.fields().iter())
                .all(|(new, old)| new.name() == old.name() && new.data_type() == old.data_type());
        if !same_types {
            return Ok(Transformed::no(plan));
        }
        Ok(Transformed::yes(rewritten))
    }
}

#[cfg(test)]
mod tests {
    use datafusion::arrow::array::{Array, Int64Array, RecordBatch, StringArray};
    use datafusion::arrow::datatypes::{DataType, Field, Schema};
    use datafusion::datasource::MemTable;
    use datafusion::prelude::SessionContext;

    use super::*;
    use crate::session::{SessionSettings, new_session};

    /// Staff rows: (org, person, role, band_order). Worked by hand below.
    fn staff(ctx: &SessionContext) {
        let rows: [(&str, Option<&str>, &str, i64); 9] = [
            ("A", Some("p1"), "reference", 5),
            ("A", Some("p1"), "reference", 6), // p1 twice in A: counts once
            ("A", Some("p2"), "focus", 7),
            ("A", Some("p3"), "focus", 4),
            ("A", Some("p3"), "reference", 8), // p3 in both groups (two assignments)
            ("A", None, "focus", 2),           // no person: in no distinct count, in MIN and SUM
            ("B", Some("p4"), "unknown", 9),
            ("B", Some("p4"), "unknown", 9),
            ("B", Some("p5"), "reference", 3),
        ];
        let schema = Arc::new(Schema::new(vec![
            Field::new("org", DataType::Utf8, false),
            Field::new("person", DataType::Utf8, true),
            Field::new("role", DataType::Utf8, false),
            Field::new("band", DataType::Int64, false),
        ]));
        let batch = RecordBatch::try_new(
            Arc::clone(&schema),
            vec![
                Arc::new(StringArray::from_iter_values(rows.iter().map(|r| r.0))),
                Arc::new(StringArray::from_iter(rows.iter().map(|r| r.1))),
                Arc::new(StringArray::from_iter_values(rows.iter().map(|r| r.2))),
                Arc::new(Int64Array::from_iter_values(rows.iter().map(|r| r.3))),
            ],
        )
        .unwrap();
        let table = MemTable::try_new(schema, vec![vec![batch]]).unwrap();
        ctx.register_table("staff", Arc::new(table)).unwrap();
    }

    const COUNTS: &str = "SELECT org,
            COUNT(DISTINCT CASE WHEN role = 'reference' THEN person END) AS reference,
            COUNT(DISTINCT CASE WHEN role = 'focus' THEN person END) AS focus,
            COUNT(DISTINCT CASE WHEN role = 'unknown' THEN person ELSE NULL END) AS unknown,
            COUNT(DISTINCT person) AS people,
            MIN(band) AS lowest, SUM(band) AS total
        FROM staff GROUP BY org ORDER BY org";

    async fn run(sql: &str) -> (Vec<RecordBatch>, String) {
        let ctx = new_session(&SessionSettings::default(), &[]).unwrap();
        staff(&ctx);
        let df = ctx.sql(sql).await.unwrap();
        let plan = format!("{}", df.clone().into_optimized_plan().unwrap().display_indent());
        (df.collect().await.unwrap(), plan)
    }

    fn column(batches: &[RecordBatch], name: &str) -> Vec<Option<i64>> {
        let batch = datafusion::arrow::compute::concat_batches(&batches[0].schema(), batches).unwrap();
        let array = batch
            .column_by_name(name)
            .unwrap()
            .as_any()
            .downcast_ref::<Int64Array>()
            .unwrap();
        (0..array.len())
            .map(|i| array.is_valid(i).then(|| array.value(i)))
            .collect()
    }

    #[tokio::test]
    async fn several_distinct_counts_of_one_person_are_counted_exactly_after_the_rewrite() {
        let (batches, plan) = run(COUNTS).await;
        assert!(plan.contains("bool_or"), "not rewritten:\n{plan}");
        assert!(!plan.contains("DISTINCT"), "a distinct count left:\n{plan}");
        // A: reference p1, p3 = 2; focus p2, p3 (the null person not) = 2; unknown none = 0;
        //    people p1, p2, p3 = 3; lowest band 2 (the null person's row); total 5+6+7+4+8+2 = 32.
        // B: reference p5 = 1; focus 0; unknown p4 = 1; people 2; lowest 3; total 9+9+3 = 21.
        assert_eq!(column(&batches, "reference"), [Some(2), Some(1)]);
        assert_eq!(column(&batches, "focus"), [Some(2), Some(0)]);
        assert_eq!(column(&batches, "unknown"), [Some(0), Some(1)]);
        assert_eq!(column(&batches, "people"), [Some(3), Some(2)]);
        assert_eq!(column(&batches, "lowest"), [Some(2), Some(3)]);
        assert_eq!(column(&batches, "total"), [Some(32), Some(21)]);
    }

    #[tokio::test]
    async fn the_rewrite_keeps_names_types_and_nullability() {
        let (batches, plan) = run(COUNTS).await;
        assert!(plan.contains("bool_or"), "not rewritten:\n{plan}");
        let rewritten = batches[0].schema();
        let ctx = SessionContext::new(); // DataFusion's own rules only
        staff(&ctx);
        let written = ctx.sql(COUNTS).await.unwrap().collect().await.unwrap();
        assert_eq!(rewritten, written[0].schema());
    }

    #[tokio::test]
    async fn distinct_counts_of_different_columns_or_with_an_else_are_left_to_datafusion() {
        for sql in [
            "SELECT org, COUNT(DISTINCT person), COUNT(DISTINCT role) FROM staff GROUP BY org",
            "SELECT org, COUNT(DISTINCT CASE WHEN role = 'focus' THEN person ELSE 'x' END),
                    COUNT(DISTINCT person) FROM staff GROUP BY org",
            "SELECT org, COUNT(DISTINCT person), COUNT(band) FROM staff GROUP BY org",
            "SELECT org, COUNT(DISTINCT person), COUNT(DISTINCT CASE WHEN role = 'focus' THEN person END),
                    SUM(CAST(band AS DECIMAL(10, 2))) FROM staff GROUP BY org",
        ] {
            let (_, plan) = run(sql).await;
            assert!(!plan.contains("bool_or"), "rewritten:\n{plan}");
        }
    }
}
