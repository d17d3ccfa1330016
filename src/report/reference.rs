//! The reference lists the report orders and labels rows by, read from where the SQL reads
//! them, so that no list of codes is written twice:
//! - the run tables the manifest records (`critical_roles`: codes in board order; `pay_bands`:
//!   bands in band order), the very rows the queries joined; a manifest without them (written
//!   before they were recorded) falls back to the contract's code lists they are built from;
//! - orders a published table carries beside its values (`horizon_years` beside `horizon` in
//!   `leadership_pipeline`, from the query's own list of horizons);
//! - the contract's code list a column was validated against (the nine-box ratings).
//!
//! A value the list does not hold is kept, after the listed ones, so it is shown, not dropped.

use super::ctx::Ctx;
use super::data::Table;
use crate::extracts::codes;

impl Ctx<'_> {
    /// The critical roles' codes in board order (`critical_roles.role_order`).
    pub fn critical_roles(&self) -> Vec<String> {
        match self.manifest.run_tables.as_ref().map(|t| &t.critical_roles) {
            Some(rows) if !rows.is_empty() => {
                let mut rows: Vec<_> = rows.iter().collect();
                rows.sort_by_key(|r| r.role_order);
                rows.iter().map(|r| r.critical_role.clone()).collect()
            }
            _ => codes::CRITICAL_ROLES.iter().map(|r| r.code.to_string()).collect(),
        }
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

/// The ratings of the talent pool's performance and potential columns, low to high (the
/// contract's code list those columns are validated against).
pub fn ratings() -> impl Iterator<Item = &'static str> {
    codes::LOW_MODERATE_HIGH.canonical()
}
