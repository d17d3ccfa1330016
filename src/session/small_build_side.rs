//! Hash joins build on the side known to be small when the other side's size is unknown.
//!
//! A hash join holds its build side (the left input) in memory, and that memory cannot spill.
//! DataFusion 55 swaps the inputs only when it knows both sides' sizes; a staff table that has
//! passed through a `UNION ALL` and a join has no size estimate, so `staff LEFT JOIN pay_bands`
//! kept the 2.9 million staff rows as the build side (500 MB at national scale, over half of a
//! 1 GB memory pool) while a 15-row reference table was probed. This rule runs just after
//! DataFusion's join selection and swaps a hash join whose build side's size is unknown and
//! whose probe side is known to hold at most the single-partition threshold of rows
//! (`datafusion.optimizer.hash_join_single_partition_threshold_rows`), as DataFusion itself
//! would if it knew. The join type is swapped with the inputs (a left join becomes a right
//! join), so the rows are the same. A cross join collects its left input too: the appraisal
//! breakdowns' `staff CROSS JOIN (VALUES ...)` collected the staff rows (1.9 GB at national
//! scale) rather than the six values; it is swapped on the same condition.
//!
//! Second case: a table read whole on the build side and a grouped aggregation of unknown size
//! on the probe side. staging/esr_organisation_region joins every ESR row to each organisation's
//! snapshot in use (a `GROUP BY org_code` over a cross join, so without an estimate): over 13
//! national months it built 20 million ESR rows (1.3 GB, beyond a 1 GB pool) to probe a few
//! hundred organisations. A grouped aggregation has at most one row per group, and the queries
//! here group by organisation, person or breakdown, never by anything finer than the rows they
//! join to; so the build moves to the aggregation. Where DataFusion knows both sizes it has
//! already chosen, and a build side known to be small stays.
//!
//! Third case: a tie. Without byte sizes DataFusion compares estimated rows and, when they are
//! equal, keeps the left input as the build side. staging/substantive_assignments joins the
//! substantive assignments (`SELECT *`, 15 columns) to each person's record picked from the same
//! rows (7 columns): the same table under the same filter, so the same estimate, and the wide
//! side was built (8.7 GB over 13 national months). On a tie the build moves to the side with
//! the narrower rows (estimated from the column types).

use std::sync::Arc;

use datafusion::arrow::datatypes::Schema;
use datafusion::common::Result;
use datafusion::common::config::ConfigOptions;
use datafusion::common::stats::Precision;
use datafusion::common::tree_node::{Transformed, TreeNode};
use datafusion::physical_optimizer::PhysicalOptimizerRule;
use datafusion::physical_plan::ExecutionPlan;
use datafusion::physical_plan::aggregates::{AggregateExec, AggregateOutputMode};
use datafusion::physical_plan::joins::{CrossJoinExec, HashJoinExec, PartitionMode};
use datafusion::physical_plan::statistics::{StatisticsArgs, StatisticsContext};

/// The name of DataFusion's rule this one runs just after.
pub(crate) const RUNS_AFTER: &str = "join_selection";

#[derive(Debug, Default)]
pub(crate) struct SmallBuildSide;

/// Operators whose output has at most the rows of their input(s).
const NO_MORE_ROWS_THAN_INPUT: &[&str] = &[
    "AggregateExec",
    "ProjectionExec",
    "FilterExec",
    "SortExec",
    "RepartitionExec",
    "CoalescePartitionsExec",
    "CoalesceBatchesExec",
    "SortPreservingMergeExec",
    "GlobalLimitExec",
    "LocalLimitExec",
    "UnionExec",
];

/// At most how many rows `plan` produces, when that is known: a source's row count, or the
/// sum of its inputs' bounds for operators that never add rows. Joins have no bound here:
/// DataFusion 55 estimates a staff-by-band join at the reference table's 15 rows, which is what
/// kept the staff rows as the build side.
fn row_bound(plan: &Arc<dyn ExecutionPlan>) -> Option<usize> {
    let children = plan.children();
    if children.is_empty() {
        let stats = StatisticsContext::new()
            .compute(plan.as_ref(), &StatisticsArgs::new())
            .ok()?;
        return stats.num_rows.get_value().copied();
    }
    if !NO_MORE_ROWS_THAN_INPUT.contains(&plan.name()) {
        return None;
    }
    children.into_iter().map(row_bound).sum()
}

/// Operators that pass their input's rows through unchanged in number or fewer, with no work of
/// their own worth keeping on one side: what may sit above a scan or an aggregation.
const PASS_THROUGH: &[&str] = &[
    "ProjectionExec",
    "FilterExec",
    "CoalesceBatchesExec",
    "RepartitionExec",
    "CoalescePartitionsExec",
];

/// `plan` below any pass-through operators.
fn below_pass_through(plan: &Arc<dyn ExecutionPlan>) -> &Arc<dyn ExecutionPlan> {
    match plan.children().as_slice() {
        [child] if PASS_THROUGH.contains(&plan.name()) => below_pass_through(*child),
        _ => plan,
    }
}

/// Whether `plan` reads a table (a source, through pass-through operators only).
fn is_table_read(plan: &Arc<dyn ExecutionPlan>) -> bool {
    below_pass_through(plan).children().is_empty()
}

/// Whether `plan` is a grouped aggregation's final output (through pass-through operators).
fn is_grouped_aggregation(plan: &Arc<dyn ExecutionPlan>) -> bool {
    below_pass_through(plan)
        .downcast_ref::<AggregateExec>()
        .is_some_and(|agg| {
            agg.mode().output_mode() == AggregateOutputMode::Final && !agg.group_expr().is_empty()
        })
}

/// Bytes a variable-width value is taken to need, for comparing row widths.
const VARIABLE_WIDTH_BYTES: usize = 16;

/// A row's estimated bytes: fixed-width values' widths, and [`VARIABLE_WIDTH_BYTES`] for others.
fn row_bytes(schema: &Schema) -> usize {
    let width = |f: &datafusion::arrow::datatypes::FieldRef| {
        f.data_type().primitive_width().unwrap_or(VARIABLE_WIDTH_BYTES)
    };
    schema.fields().iter().map(width).sum()
}

/// Whether DataFusion's join selection saw a tie between the inputs: no byte size on one side
/// and the same estimated rows on both, so it kept the left input as the build side.
fn tied(left: &Arc<dyn ExecutionPlan>, right: &Arc<dyn ExecutionPlan>) -> bool {
    let stats = |plan: &Arc<dyn ExecutionPlan>| {
        StatisticsContext::new()
            .compute(plan.as_ref(), &StatisticsArgs::new())
            .ok()
    };
    let (Some(l), Some(r)) = (stats(left), stats(right)) else {
        return false;
    };
    let bytes_known = |p: &Precision<usize>| p.get_value().is_some();
    !(bytes_known(&l.total_byte_size) && bytes_known(&r.total_byte_size))
        && l.num_rows.get_value().is_some()
        && l.num_rows.get_value() == r.num_rows.get_value()
}

impl PhysicalOptimizerRule for SmallBuildSide {
    fn optimize(
        &self,
        plan: Arc<dyn ExecutionPlan>,
        config: &ConfigOptions,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        let small = config.optimizer.hash_join_single_partition_threshold_rows;
        plan.transform_up(|node| {
            // A cross join collects its left input the same way.
            if let Some(cross) = node.downcast_ref::<CrossJoinExec>() {
                if row_bound(cross.left()).is_none()
                    && row_bound(cross.right()).is_some_and(|rows| rows <= small)
                {
                    return Ok(Transformed::yes(cross.swap_inputs()?));
                }
                return Ok(Transformed::no(node));
            }
            let Some(join) = node.downcast_ref::<HashJoinExec>() else {
                return Ok(Transformed::no(node));
            };
            let mode = *join.partition_mode();
            if !join.join_type().supports_swap() || mode == PartitionMode::Auto {
                return Ok(Transformed::no(node));
            }
            let (left_rows, right_rows) = (row_bound(join.left()), row_bound(join.right()));
            let small_probe = mode == PartitionMode::CollectLeft
                && left_rows.is_none()
                && right_rows.is_some_and(|rows| rows <= small);
            let aggregated_probe = right_rows.is_none()
                && left_rows.is_none_or(|rows| rows > small)
                && is_table_read(join.left())
                && is_grouped_aggregation(join.right());
            let narrower_probe = tied(join.left(), join.right())
                && row_bytes(&join.right().schema()) < row_bytes(&join.left().schema());
            if !(small_probe || aggregated_probe || narrower_probe) {
                return Ok(Transformed::no(node));
            }
            Ok(Transformed::yes(join.swap_inputs(mode)?))
        })
        .map(|t| t.data)
    }

    fn name(&self) -> &str {
        "small_build_side"
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
    use datafusion::prelude::SessionContext;

    use super::*;
    use crate::session::{SessionSettings, new_session, shown_plan};

    fn register(ctx: &SessionContext, name: &str, columns: &[(&str, Vec<&str>)]) {
        let schema = Arc::new(Schema::new(
            columns
                .iter()
                .map(|(c, _)| Field::new(*c, DataType::Utf8, false))
                .collect::<Vec<_>>(),
        ));
        let arrays = columns
            .iter()
            .map(|(_, v)| Arc::new(StringArray::from(v.clone())) as _)
            .collect();
        let batch = RecordBatch::try_new(Arc::clone(&schema), arrays).unwrap();
        let table = MemTable::try_new(schema, vec![vec![batch]]).unwrap();
        ctx.register_table(name, Arc::new(table)).unwrap();
    }

    /// Staff joined to their band, then to the band's cluster (an aggregation of the bands):
    /// the shape of intermediate/workforce_representation.sql.
    const CLUSTERED: &str =
        "WITH clusters AS (SELECT cluster, MIN(band) AS first_band FROM bands GROUP BY cluster),
        staffed AS (SELECT s.person, b.cluster FROM staff AS s JOIN bands AS b ON b.band = s.band)
        SELECT s.cluster, COUNT(*) AS people, COUNT(k.first_band) AS with_cluster
        FROM staffed AS s LEFT JOIN clusters AS k ON k.cluster = s.cluster
        GROUP BY s.cluster ORDER BY s.cluster";

    async fn plan_and_rows(ctx: &SessionContext) -> (String, Vec<RecordBatch>) {
        let staff = (0..40).map(|i| ["5", "6", "7", "8a"][i % 4]).collect::<Vec<_>>();
        let people = (0..40).map(|i| if i % 2 == 0 { "p0" } else { "p1" }).collect();
        register(ctx, "staff", &[("person", people), ("band", staff)]);
        register(
            ctx,
            "bands",
            &[("band", vec!["5", "6", "7"]), ("cluster", vec!["A", "A", "B"])],
        );
        let df = ctx.sql(CLUSTERED).await.unwrap();
        let shown = shown_plan(&df).await;
        (shown, df.collect().await.unwrap())
    }

    #[tokio::test]
    async fn a_join_to_an_aggregated_reference_table_builds_on_the_reference_side() {
        // DataFusion alone builds the hash table on the staff side of the left join.
        let (plain, _) = plan_and_rows(&SessionContext::new()).await;
        assert!(plain.contains("join_type=Left"), "{plain}");

        let ctx = new_session(&SessionSettings::default(), &[]).unwrap();
        let (shown, batches) = plan_and_rows(&ctx).await;
        assert!(!shown.contains("join_type=Left"), "not swapped:\n{shown}");
        assert!(shown.contains("join_type=Right"), "not swapped:\n{shown}");
        // 40 staff: bands 5, 6, 7, 8a ten each; 8a has no band row, so 30 staff join:
        // cluster A = bands 5 and 6 = 20 people, B = band 7 = 10, each with its cluster.
        let batch = &batches[0];
        let counts = |name: &str| {
            let array = batch.column_by_name(name).unwrap();
            let array = array.as_any().downcast_ref::<Int64Array>().unwrap();
            array.values().to_vec()
        };
        assert_eq!(counts("people"), [20, 10]);
        assert_eq!(counts("with_cluster"), [20, 10]);
    }

    #[tokio::test]
    async fn a_cross_join_with_a_values_list_collects_the_list() {
        let ctx = new_session(&SessionSettings::default(), &[]).unwrap();
        plan_and_rows(&ctx).await; // registers the tables
        // The staff side joins bands, so its size is unknown; the VALUES list has 3 rows.
        let sql = "SELECT d.dimension, COUNT(*) AS n
            FROM (SELECT s.person FROM staff AS s JOIN bands AS b ON b.band = s.band) AS s
            CROSS JOIN (VALUES ('all'), ('band'), ('group')) AS d (dimension)
            GROUP BY d.dimension ORDER BY d.dimension";
        let df = ctx.sql(sql).await.unwrap();
        let shown = shown_plan(&df).await;
        let cross = shown.lines().position(|l| l.contains("CrossJoinExec")).unwrap();
        let first_input = shown.lines().nth(cross + 1).unwrap();
        // The VALUES list (`column1`) is the first, collected input.
        assert!(
            first_input.contains("column1"),
            "the list is not collected:\n{shown}"
        );
        // 30 staff rows join a band (see above), once per dimension.
        let batches = df.collect().await.unwrap();
        let n = batches[0].column_by_name("n").unwrap();
        let n = n.as_any().downcast_ref::<Int64Array>().unwrap();
        assert_eq!(n.values().to_vec(), [30, 30, 30]);
    }

    /// The first input (the build side) of the plan's hash join, as its indented subtree.
    fn build_side(shown: &str) -> String {
        let lines: Vec<&str> = shown.lines().collect();
        let join = lines.iter().position(|l| l.contains("HashJoinExec")).unwrap();
        let indent = |l: &str| l.len() - l.trim_start().len();
        let child = indent(lines[join]) + 2;
        let subtree = lines[join + 2..].iter().take_while(|l| indent(l) > child);
        let rest = subtree.copied().collect::<Vec<_>>().join("\n");
        format!("{}\n{rest}", lines[join + 1])
    }

    #[tokio::test]
    async fn a_table_joined_to_its_own_aggregation_builds_on_the_aggregation() {
        // The shape of staging/esr_organisation_region: every staff row joined to one row per
        // band (an aggregation over a cross join, so of unknown size). With a threshold of 2 rows
        // the 40 staff rows are not "known small", as 20 million ESR rows are not.
        let sql = "WITH latest AS (
                SELECT s.band, MAX(s.person) AS person
                FROM staff AS s CROSS JOIN (VALUES (1)) AS p (one) GROUP BY s.band)
            SELECT s.band, MIN(l.person) AS person, COUNT(*) AS n
            FROM staff AS s JOIN latest AS l ON l.band = s.band AND l.person = s.person
            GROUP BY s.band ORDER BY s.band";
        let threshold = "SET datafusion.optimizer.hash_join_single_partition_threshold_rows = 2";
        let plain = SessionContext::new();
        plan_and_rows(&plain).await; // registers the tables
        plain.sql(threshold).await.unwrap();
        let df = plain.sql(sql).await.unwrap();
        let shown = shown_plan(&df).await;
        // DataFusion alone builds on the staff table.
        assert!(!build_side(&shown).contains("AggregateExec"), "{shown}");

        let ctx = new_session(&SessionSettings::default(), &[]).unwrap();
        plan_and_rows(&ctx).await;
        ctx.sql(threshold).await.unwrap();
        let df = ctx.sql(sql).await.unwrap();
        let shown = shown_plan(&df).await;
        let build = build_side(&shown);
        assert!(build.contains("AggregateExec"), "builds on the staff:\n{shown}");
        // Staff i has band ["5","6","7","8a"][i % 4] and person p0 (even i) or p1 (odd i), so
        // bands 5 and 7 hold only p0 and bands 6 and 8a only p1, ten rows each: each band's
        // MAX(person) is its only person, and all 40 rows join, 10 per band.
        let batches = df.collect().await.unwrap();
        let n = batches[0].column_by_name("n").unwrap();
        let n = n.as_any().downcast_ref::<Int64Array>().unwrap();
        assert_eq!(n.values().to_vec(), [10, 10, 10, 10]);
    }

    #[tokio::test]
    async fn a_tie_builds_on_the_narrower_side() {
        // The shape of staging/substantive_assignments: every assignment (wide) joined to its
        // person's record picked from the same rows by row number (narrow).
        let sql = "WITH kept AS (SELECT * FROM assignments WHERE band <> '8a'),
            records AS (
                SELECT person, band AS record_band,
                       ROW_NUMBER() OVER (PARTITION BY person ORDER BY band DESC) AS rank
                FROM kept)
            SELECT a.band, a.org, a.role, r.record_band, COUNT(*) AS n
            FROM kept AS a JOIN records AS r ON r.person = a.person AND r.rank = 1
            GROUP BY a.band, a.org, a.role, r.record_band ORDER BY a.band";
        // Staff i: band ["5","6","7","8a"][i % 4], person p0 (even i) or p1 (odd i).
        let assignments = |ctx: &SessionContext| {
            let bands = (0..40).map(|i| ["5", "6", "7", "8a"][i % 4]).collect::<Vec<_>>();
            let people = (0..40).map(|i| ["p0", "p1"][i % 2]).collect::<Vec<_>>();
            let orgs = vec!["R1"; 40];
            let roles = vec!["Nurse"; 40];
            let columns = [
                ("person", people),
                ("band", bands),
                ("org", orgs),
                ("role", roles),
            ];
            register(ctx, "assignments", &columns);
        };
        let plain = SessionContext::new();
        assignments(&plain);
        let shown = shown_plan(&plain.sql(sql).await.unwrap()).await;
        // DataFusion alone builds on the wide side.
        assert!(!build_side(&shown).contains("row_number"), "{shown}");

        let ctx = new_session(&SessionSettings::default(), &[]).unwrap();
        assignments(&ctx);
        let df = ctx.sql(sql).await.unwrap();
        let shown = shown_plan(&df).await;
        assert!(
            build_side(&shown).contains("row_number"),
            "builds on the wide side:\n{shown}"
        );
        // Without band 8a: p0 holds bands 5 and 7 (ten rows each), p1 band 6 (ten rows); each
        // person's record is their highest band (7 for p0, 6 for p1), on every row of theirs.
        let batches = df.collect().await.unwrap();
        let all = datafusion::arrow::compute::concat_batches(&batches[0].schema(), &batches).unwrap();
        let text = |name: &str| {
            let array = all.column_by_name(name).unwrap();
            let array = array.as_any().downcast_ref::<StringArray>().unwrap();
            array
                .iter()
                .map(|v| v.unwrap_or("-").to_string())
                .collect::<Vec<_>>()
        };
        let n = all.column_by_name("n").unwrap();
        let n = n.as_any().downcast_ref::<Int64Array>().unwrap();
        assert_eq!(text("band"), ["5", "6", "7"]);
        assert_eq!(text("record_band"), ["7", "6", "7"]);
        assert_eq!(n.values().to_vec(), [10, 10, 10]);
    }
}
