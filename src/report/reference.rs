//! The reference lists the report orders and labels rows by, read from where the SQL reads
//! them, so that no list of codes is written twice:
//! - the run tables the manifest records (`critical_roles`: codes in board order; `pay_bands`:
//!   bands in band order), the very rows the queries joined; a manifest without them (written
//!   before they were recorded) falls back to the contract's code lists they are built from;
//! - orders a published table carries beside its values (`horizon_years` beside `horizon` in
//!   `leadership_pipeline`, from the query's own list of horizons);
//! - the contract's code list a column was validated against (the nine-box ratings);
//! - the contract's protected characteristics (ethnicity, disability, sex) and their groups as
//!   published, reference group first: the SQL's comparison
//!   (`queries/intermediate/protected_characteristics.sql`) is tested below to agree with it.
//!
//! A value the list does not hold is kept, after the listed ones, so it is shown, not dropped.

use super::ctx::Ctx;
use super::data::Table;
use crate::extracts::codes::{self, ProtectedCharacteristic};
use crate::queries::run_tables::{CriticalRoleRow, contract_critical_roles};

impl Ctx<'_> {
    /// The critical roles in board order (`critical_roles`: code, label, `role_order`, time-to-fill
    /// benchmark), for labels and benchmarks as well as order.
    pub fn critical_role_rows(&self) -> Vec<CriticalRoleRow> {
        match self.manifest.run_tables.as_ref().map(|t| &t.critical_roles) {
            Some(rows) if !rows.is_empty() => {
                let mut rows = rows.clone();
                rows.sort_by_key(|r| r.role_order);
                rows
            }
            _ => contract_critical_roles(|_| None),
        }
    }

    /// The critical roles' codes in board order (`critical_roles.role_order`).
    pub fn critical_roles(&self) -> Vec<String> {
        self.critical_role_rows()
            .into_iter()
            .map(|r| r.critical_role)
            .collect()
    }

    /// The pay bands in band order (`pay_bands.band_order`).
    pub fn pay_bands(&self) -> Vec<String> {
        match self.manifest.run_tables.as_ref().map(|t| &t.pay_bands) {
            Some(rows) if !rows.is_empty() => {
                let mut rows: Vec<_> = rows.iter().collect();
                rows.sort_by_key(|r| r.band_order);
                rows.iter().map(|r| r.pay_band.clone()).collect()
            }
            _ => codes::PAY_BAND.canonical().map(str::to_string).collect(),
        }
    }

    /// Sorts `bands` into band order (case-insensitively); any other value after, in its order.
    pub fn sort_pay_bands(&self, bands: &mut [String]) {
        let order = self.pay_bands();
        bands.sort_by_key(|b| {
            order
                .iter()
                .position(|x| x.eq_ignore_ascii_case(b))
                .unwrap_or(usize::MAX)
        });
    }
}

/// The values of `column` in `t` ordered by the numbers the table publishes beside them in
/// `order_column` (`horizon` by `horizon_years`); values without a number come last.
pub fn ordered_by(t: &Table, column: &str, order_column: &str) -> Vec<String> {
    let mut values: Vec<(String, f64)> = Vec::new();
    for r in 0..t.rows() {
        if let Some(v) = t.text(column, r)
            && !values.iter().any(|(x, _)| *x == v)
        {
            values.push((v, t.number(order_column, r).unwrap_or(f64::INFINITY)));
        }
    }
    values.sort_by(|a, b| a.1.total_cmp(&b.1));
    values.into_iter().map(|(v, _)| v).collect()
}

/// The protected characteristics the report breaks figures down by, in the order it shows them,
/// each with its groups as the published tables spell them (reference group first).
pub fn characteristics() -> &'static [ProtectedCharacteristic] {
    &codes::PROTECTED_CHARACTERISTICS
}

/// Ethnicity, the characteristic the WRES compares (`White`, `BME`).
pub fn ethnicity() -> &'static ProtectedCharacteristic {
    &codes::ETHNICITY_GROUPS
}

/// The ratings of the talent pool's performance and potential columns, low to high (the
/// contract's code list those columns are validated against).
pub fn ratings() -> impl Iterator<Item = &'static str> {
    codes::LOW_MODERATE_HIGH.canonical()
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use arrow::array::{ArrayRef, Float64Array, RecordBatch, StringArray};
    use arrow::datatypes::{Field, Schema};

    use super::*;
    use crate::publish::Manifest;
    use crate::queries::run_tables::{PayBandRow, RunTables};
    use crate::report::data::Tables;

    /// Orders come from the run's reference tables when the manifest has them (here in an
    /// order the contract does not use, so reading the contract instead would fail), else from
    /// the contract's lists.
    #[test]
    fn orders_from_the_run_tables_else_the_contract() {
        let tables = Tables::default();
        let role = |code: &str, order| CriticalRoleRow {
            critical_role: code.into(),
            role_order: order,
            ..Default::default()
        };
        let band = |b: &str, order| PayBandRow {
            pay_band: b.into(),
            band_order: order,
            ..Default::default()
        };
        let manifest = Manifest {
            run_tables: Some(RunTables {
                critical_roles: vec![role("MD", 2), role("COO", 1)],
                pay_bands: vec![band("Band 9", 2), band("Band 1", 3), band("VSM", 1)],
                ..Default::default()
            }),
            ..Default::default()
        };
        let ctx = Ctx::new(&manifest, &tables);
        assert_eq!(ctx.critical_roles(), ["COO", "MD"]);
        assert_eq!(ctx.pay_bands(), ["VSM", "Band 9", "Band 1"]);
        let mut bands: Vec<String> = ["Band 1", "Other", "vsm", "Band 9"].map(String::from).to_vec();
        ctx.sort_pay_bands(&mut bands);
        assert_eq!(
            bands,
            ["vsm", "Band 9", "Band 1", "Other"],
            "case-insensitive; unknown last"
        );

        let without = Manifest::default();
        let ctx = Ctx::new(&without, &tables);
        assert_eq!(ctx.critical_roles(), ["CEO", "DOF", "DON", "MD", "HRD", "COO"]);
        let don = &ctx.critical_role_rows()[2];
        assert_eq!(
            (
                don.label.as_str(),
                don.role_order,
                don.time_to_fill_benchmark_months
            ),
            ("Director of Nursing", 3, Some(9)),
            "EXTRACTS.md: the Director of Nursing's 9-month benchmark"
        );
        assert_eq!(ctx.pay_bands()[..2], ["Band 1", "Band 2"]);
    }

    /// `horizon` ordered by `horizon_years` (rows in another order, repeated per role), a value
    /// without a number last.
    #[test]
    fn values_ordered_by_the_numbers_published_beside_them() {
        let horizon: ArrayRef = Arc::new(StringArray::from(vec![
            Some("1-3y"),
            Some("now"),
            Some("later"),
            Some("0-1y"),
            Some("now"),
        ]));
        let years: ArrayRef = Arc::new(Float64Array::from(vec![
            Some(3.0),
            Some(0.0),
            None,
            Some(1.0),
            Some(0.0),
        ]));
        let schema = Arc::new(Schema::new(vec![
            Field::new("horizon", horizon.data_type().clone(), true),
            Field::new("horizon_years", years.data_type().clone(), true),
        ]));
        let batch = RecordBatch::try_new(schema, vec![horizon, years]).expect("test batch");
        let t = Table::from_batches("leadership_pipeline", &[batch]).expect("table");
        assert_eq!(
            ordered_by(&t, "horizon", "horizon_years"),
            ["now", "0-1y", "1-3y", "later"]
        );
        assert_eq!(ratings().collect::<Vec<_>>(), ["Low", "Moderate", "High"]);
    }

    /// The SQL's comparison of each characteristic (the model the equality metrics read) is the
    /// contract's: same characteristics, same staged values, and the same groups (the SQL's
    /// labels are the notes' spelling: 'non-disabled' for the published 'Non-disabled').
    #[tokio::test]
    async fn protected_characteristics_agree_with_the_sql_model() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/queries/intermediate/protected_characteristics.sql"
        );
        let sql = std::fs::read_to_string(path).expect("the shipped model");
        let ctx = datafusion::prelude::SessionContext::new();
        let batches = ctx.sql(&sql).await.expect("plans").collect().await.expect("runs");
        let t = Table::from_batches("protected_characteristics", &batches).expect("table");
        let text = |c: &str, r| t.text(c, r).expect("no nulls in the model");
        let rows: Vec<[String; 5]> = (0..t.rows())
            .map(|r| {
                [
                    "characteristic",
                    "reference_value",
                    "reference_label",
                    "focus_value",
                    "focus_label",
                ]
                .map(|c| text(c, r))
            })
            .collect();
        assert_eq!(rows.len(), characteristics().len());
        for c in characteristics() {
            let row = rows
                .iter()
                .find(|r| r[0] == c.name)
                .unwrap_or_else(|| panic!("{} in the SQL model", c.name));
            assert_eq!(row[1], c.reference_value, "{}", c.name);
            assert!(row[2].eq_ignore_ascii_case(c.reference_group), "{}", c.name);
            assert_eq!(row[3], c.focus_value, "{}", c.name);
            assert_eq!(row[4], c.focus_group, "{}", c.name);
        }
    }
}
