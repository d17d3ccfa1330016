//! Small-number suppression for published tables (DESIGN.md principle 5).
//!
//! Rule, with threshold `k`: a count from 1 to k-1 is withheld (published as null); 0 and
//! counts of at least k are published; a null stays null. Every rate listed as derived from a
//! withheld count is withheld in that row too, so it cannot be used to recover the count. A
//! floating-point column that the spec does not mention (an unlisted rate, an average, an FTE
//! sum) is withheld whenever any count in its row is withheld: the conservative default. Each
//! output row carries a final Boolean column `suppressed`, true when anything in it was
//! withheld.
//!
//! Caveats: this is primary suppression only. Secondary suppression (withholding a further
//! cell so that a withheld one cannot be recovered from a published total) is not attempted;
//! publish totals only where the dashboard needs them.
//!
//! Everything is done with Arrow compute kernels, one column at a time.

use std::sync::Arc;

use arrow::array::{Array, ArrayRef, BooleanArray, Float64Array, RecordBatch, Scalar};
use arrow::compute::kernels::cmp::{gt, lt};
use arrow::compute::{and, cast, nullif, or, prep_null_mask_filter};
use arrow::datatypes::{DataType, Field, Schema};

use crate::error::{Error, Result};

/// Name of the Boolean column appended to every published table.
pub const SUPPRESSED_COLUMN: &str = "suppressed";

/// Which columns of a result table are counts, and which rates are computed from which counts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SuppressionSpec {
    /// Count columns (headcounts, numbers of leavers, ...): integer, decimal or Float64.
    pub counts: Vec<String>,
    /// rate column -> the count columns it is computed from.
    pub derived: Vec<(String, Vec<String>)>,
}

/// The one-sentence rule recorded in the manifest for threshold `k`.
pub fn rule_sentence(k: i64) -> String {
    format!(
        "Counts from 1 to {} are withheld (null), as is every rate derived from a withheld count and \
         every other floating-point column in a row where any count is withheld; the column `{SUPPRESSED_COLUMN}` \
         marks rows where anything was withheld.",
        k.saturating_sub(1)
    )
}

fn spec_error(message: String) -> Error {
    // The table is filled in by the publisher, which knows it.
    Error::Publish {
        what: "suppression".to_string(),
        message,
    }
}

fn column(batch: &RecordBatch, name: &str, role: &str) -> Result<(usize, ArrayRef)> {
    let schema = batch.schema();
    match schema.index_of(name) {
        Ok(i) => Ok((i, batch.column(i).clone())),
        Err(_) => {
            let have: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
            Err(spec_error(format!(
                "{role} column '{name}' named in the suppression spec is not in the table (columns: {})",
                have.join(", ")
            )))
        }
    }
}

fn is_float(t: &DataType) -> bool {
    matches!(t, DataType::Float16 | DataType::Float32 | DataType::Float64)
}

/// True where `values` is a withheld count (0 < value < k); never null.
fn withheld(name: &str, values: &dyn Array, k: i64) -> Result<BooleanArray> {
    let t = values.data_type();
    if !(t.is_integer() || is_float(t) || matches!(t, DataType::Decimal128(..) | DataType::Decimal256(..))) {
        return Err(spec_error(format!(
            "count column '{name}' has type {t}; counts must be integers (or Float64/decimal)"
        )));
    }
    // Comparing in Float64 is exact enough here: only values below a small k matter.
    let as_f64 = cast(values, &DataType::Float64)?;
    let zero = Scalar::new(Float64Array::from(vec![0.0]));
    let limit = Scalar::new(Float64Array::from(vec![k as f64]));
    let mask = and(&gt(&as_f64, &zero)?, &lt(&as_f64, &limit)?)?;
    // A null count is not withheld. (`prep_null_mask_filter` needs a null buffer to be present.)
    Ok(match mask.nulls() {
        Some(_) => prep_null_mask_filter(&mask),
        None => mask,
    })
}

fn any(masks: &[&BooleanArray], rows: usize) -> Result<BooleanArray> {
    let mut acc = BooleanArray::from(vec![false; rows]);
    for m in masks {
        acc = or(&acc, m)?;
    }
    Ok(acc)
}

/// Applies small-number suppression with threshold `k` (see the module docs) and appends the
/// `suppressed` column. Withheld columns become nullable in the output schema.
///
/// Errors when a column named in `spec` is missing (the error names it), when a count column
/// is not numeric, when a rate lists a source that is not a count, or when the batch already has
/// a `suppressed` column.
pub fn suppress(batch: &RecordBatch, spec: &SuppressionSpec, k: i64) -> Result<RecordBatch> {
    let schema = batch.schema();
    let rows = batch.num_rows();
    if schema.index_of(SUPPRESSED_COLUMN).is_ok() {
        return Err(spec_error(format!(
            "the table already has a column named '{SUPPRESSED_COLUMN}', which publishing adds"
        )));
    }

    // Per count: its column index and where it is withheld.
    let mut count_masks: Vec<(&str, usize, BooleanArray)> = Vec::with_capacity(spec.counts.len());
    for name in &spec.counts {
        let (i, values) = column(batch, name, "count")?;
        count_masks.push((name, i, withheld(name, values.as_ref(), k)?));
    }
    let mask_of = |name: &str| count_masks.iter().find(|(n, _, _)| *n == name).map(|(_, _, m)| m);
    let row_any = any(&count_masks.iter().map(|(_, _, m)| m).collect::<Vec<_>>(), rows)?;

    // Per column index: the mask under which it is nulled.
    let mut nulled: Vec<Option<BooleanArray>> = vec![None; schema.fields().len()];
    for (_, i, m) in &count_masks {
        nulled[*i] = Some(m.clone());
    }
    for (rate, sources) in &spec.derived {
        let (i, _) = column(batch, rate, "rate")?;
        let mut masks = Vec::with_capacity(sources.len());
        for source in sources {
            column(batch, source, "source")?;
            match mask_of(source) {
                Some(m) => masks.push(m),
                None => {
                    return Err(spec_error(format!(
                        "rate column '{rate}' is derived from '{source}', which is not listed as a count"
                    )));
                }
            }
        }
        let mask = any(&masks, rows)?;
        nulled[i] = Some(match nulled[i].take() {
            Some(own) => or(&own, &mask)?,
            None => mask,
        });
    }
    for (i, field) in schema.fields().iter().enumerate() {
        let mentioned = spec.counts.iter().any(|c| c == field.name())
            || spec.derived.iter().any(|(r, _)| r == field.name());
        if !mentioned && is_float(field.data_type()) && !spec.counts.is_empty() {
            nulled[i] = Some(row_any.clone());
        }
    }

    let mut fields: Vec<Arc<Field>> = Vec::with_capacity(schema.fields().len() + 1);
    let mut columns: Vec<ArrayRef> = Vec::with_capacity(schema.fields().len() + 1);
    for (i, field) in schema.fields().iter().enumerate() {
        match &nulled[i] {
            Some(mask) => {
                fields.push(Arc::new(field.as_ref().clone().with_nullable(true)));
                columns.push(nullif(batch.column(i).as_ref(), mask)?);
            }
            None => {
                fields.push(field.clone());
                columns.push(batch.column(i).clone());
            }
        }
    }
    fields.push(Arc::new(Field::new(SUPPRESSED_COLUMN, DataType::Boolean, false)));
    columns.push(Arc::new(row_any));
    let out_schema = Arc::new(Schema::new_with_metadata(fields, schema.metadata().clone()));
    Ok(RecordBatch::try_new(out_schema, columns)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow::array::{Int64Array, UInt64Array};

    #[test]
    fn unsigned_counts_and_no_counts() {
        // Hand-checked: k = 3 withholds 1 and 2; 0 and 3 are published.
        let batch =
            RecordBatch::try_from_iter([("n", Arc::new(UInt64Array::from(vec![0, 1, 2, 3])) as ArrayRef)])
                .expect("valid batch");
        let spec = SuppressionSpec {
            counts: vec!["n".into()],
            derived: vec![],
        };
        let out = suppress(&batch, &spec, 3).expect("suppress");
        let n = out.column(0).as_any().downcast_ref::<UInt64Array>().expect("u64");
        assert_eq!(n.iter().collect::<Vec<_>>(), vec![Some(0), None, None, Some(3)]);

        let plain = RecordBatch::try_from_iter([("x", Arc::new(Int64Array::from(vec![1, 2])) as ArrayRef)])
            .expect("valid batch");
        let out = suppress(&plain, &SuppressionSpec::default(), 5).expect("suppress");
        assert_eq!(out.num_columns(), 2);
        assert_eq!(
            out.column(1)
                .as_any()
                .downcast_ref::<BooleanArray>()
                .expect("bool")
                .true_count(),
            0
        );
    }
}
