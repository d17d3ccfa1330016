//! The run tables every query may read besides the extracts: `run_parameters` (one row: the
//! reporting date, the windows, the staleness limit, the turnover prior's weight, ...) and the
//! reference lists `critical_roles` and `pay_bands`, built from the extract contract's code
//! lists and the configuration.
//!
//! They are one value, [`RunTables`]: registered in the session for the SQL, and recorded in the
//! run manifest, so a committed run says which parameters and reference lists made its numbers
//! (and another engine, such as the DuckDB bench, can read exactly the same ones).
//!
//! Caveat: window starts are computed here, once, because date arithmetic by a column of
//! months is not portable SQL; no query writes an interval literal.

use std::sync::Arc;

use arrow::array::{ArrayRef, BooleanArray, Date32Array, Float64Array, Int64Array, RecordBatch, StringArray};
use chrono::{Datelike, NaiveDate};
use datafusion::datasource::MemTable;
use datafusion::prelude::SessionContext;
use serde::{Deserialize, Serialize};

use crate::config::MetricsSection;
use crate::error::Result;
use crate::extracts::codes;
use crate::ingest::values::date32;

/// The run tables of one run.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(default)]
pub struct RunTables {
    pub run_parameters: RunParameters,
    pub critical_roles: Vec<CriticalRoleRow>,
    pub pay_bands: Vec<PayBandRow>,
}

/// `run_parameters`: one row.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(default)]
pub struct RunParameters {
    /// The region or LDP code the run reports for.
    pub region: String,
    /// `metrics.reporting_date`, else the latest ESR snapshot of any organisation.
    pub reporting_date: Option<NaiveDate>,
    /// Exclusive start of the 12 months to the reporting date (month-end arithmetic).
    pub reporting_year_start: Option<NaiveDate>,
    /// Exclusive start of WRES indicator 3's window.
    pub disciplinary_window_start: Option<NaiveDate>,
    pub disciplinary_window_months: i64,
    /// Days an organisation's latest snapshot may precede the reporting date and still be used.
    pub snapshot_staleness_days: i64,
    /// `reporting_date - snapshot_staleness_days`: the oldest snapshot that is still used.
    pub oldest_usable_snapshot_date: Option<NaiveDate>,
    /// k, in role-years, of the turnover blend r = (leavers + k r0) / (holder-years + k).
    pub turnover_credibility_years: f64,
    pub suppression_threshold: i64,
}

/// One row of `critical_roles`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(default)]
pub struct CriticalRoleRow {
    pub critical_role: String,
    pub label: String,
    /// Board order, from 1.
    pub role_order: i64,
    /// Annual rate r0, `metrics.assumed_turnover.<ROLE>` (null when configured away).
    pub assumed_turnover_rate: Option<f64>,
    pub time_to_fill_benchmark_months: Option<i64>,
}

/// One row of `pay_bands`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(default)]
pub struct PayBandRow {
    pub pay_band: String,
    /// Band order, from 1 (`Band 1` .. `VSM`, `Medical`, `Non AfC`).
    pub band_order: i64,
    /// WDES metric 1 cluster.
    pub wdes_cluster: String,
    /// A leadership feeder band (8c and above, VSM).
    pub is_feeder_band: bool,
}

impl RunTables {
    /// The run tables for a run reporting on `reporting_date` with these metric settings.
    pub fn new(
        region: &str,
        reporting_date: Option<NaiveDate>,
        suppression_threshold: i64,
        metrics: &MetricsSection,
    ) -> Self {
        let window_start = |n: i64| months_before(reporting_date?, u32::try_from(n).ok()?);
        let staleness = u64::try_from(metrics.snapshot_staleness_days).unwrap_or(0);
        RunTables {
            run_parameters: RunParameters {
                region: region.to_string(),
                reporting_date,
                reporting_year_start: window_start(12),
                disciplinary_window_start: window_start(metrics.disciplinary_window_months),
                disciplinary_window_months: metrics.disciplinary_window_months,
                snapshot_staleness_days: metrics.snapshot_staleness_days,
                oldest_usable_snapshot_date: reporting_date
                    .and_then(|d| d.checked_sub_days(chrono::Days::new(staleness))),
                turnover_credibility_years: metrics.turnover_credibility_years,
                suppression_threshold,
            },
            critical_roles: contract_critical_roles(|code| metrics.assumed_turnover.get(code).copied()),
            pay_bands: codes::PAY_BAND
                .canonical()
                .zip(1..)
                .map(|(b, order)| PayBandRow {
                    pay_band: b.to_string(),
                    band_order: order,
                    wdes_cluster: codes::wdes_cluster(b).to_string(),
                    is_feeder_band: codes::is_feeder_band(b),
                })
                .collect(),
        }
    }

    /// Registers the three tables in `ctx`.
    pub fn register(&self, ctx: &SessionContext) -> Result<()> {
        let p = &self.run_parameters;
        let date = |d: Option<NaiveDate>| -> ArrayRef { Arc::new(Date32Array::from(vec![d.map(date32)])) };
        let int = |v: i64| -> ArrayRef { Arc::new(Int64Array::from(vec![v])) };
        register(
            ctx,
            "run_parameters",
            vec![
                ("region", Arc::new(StringArray::from(vec![p.region.as_str()]))),
                ("reporting_date", date(p.reporting_date)),
                ("reporting_year_start", date(p.reporting_year_start)),
                ("disciplinary_window_start", date(p.disciplinary_window_start)),
                ("disciplinary_window_months", int(p.disciplinary_window_months)),
                ("snapshot_staleness_days", int(p.snapshot_staleness_days)),
                ("oldest_usable_snapshot_date", date(p.oldest_usable_snapshot_date)),
                (
                    "turnover_credibility_years",
                    Arc::new(Float64Array::from(vec![p.turnover_credibility_years])),
                ),
                ("suppression_threshold", int(p.suppression_threshold)),
            ],
        )?;
        let roles = &self.critical_roles;
        register(
            ctx,
            "critical_roles",
            vec![
                (
                    "critical_role",
                    Arc::new(StringArray::from_iter_values(
                        roles.iter().map(|r| &r.critical_role),
                    )),
                ),
                (
                    "label",
                    Arc::new(StringArray::from_iter_values(roles.iter().map(|r| &r.label))),
                ),
                (
                    "role_order",
                    Arc::new(Int64Array::from_iter_values(roles.iter().map(|r| r.role_order))),
                ),
                (
                    "assumed_turnover_rate",
                    Arc::new(Float64Array::from_iter(
                        roles.iter().map(|r| r.assumed_turnover_rate),
                    )),
                ),
                (
                    "time_to_fill_benchmark_months",
                    Arc::new(Int64Array::from_iter(
                        roles.iter().map(|r| r.time_to_fill_benchmark_months),
                    )),
                ),
            ],
        )?;
        let bands = &self.pay_bands;
        register(
            ctx,
            "pay_bands",
            vec![
                (
                    "pay_band",
                    Arc::new(StringArray::from_iter_values(bands.iter().map(|b| &b.pay_band))),
                ),
                (
                    "band_order",
                    Arc::new(Int64Array::from_iter_values(bands.iter().map(|b| b.band_order))),
                ),
                (
                    "wdes_cluster",
                    Arc::new(StringArray::from_iter_values(
                        bands.iter().map(|b| &b.wdes_cluster),
                    )),
                ),
                (
                    "is_feeder_band",
                    Arc::new(BooleanArray::from_iter(
                        bands.iter().map(|b| Some(b.is_feeder_band)),
                    )),
                ),
            ],
        )
    }
}

fn register(ctx: &SessionContext, name: &str, columns: Vec<(&str, ArrayRef)>) -> Result<()> {
    let batch = RecordBatch::try_from_iter(columns)?;
    ctx.register_table(
        name,
        Arc::new(MemTable::try_new(batch.schema(), vec![vec![batch]])?),
    )?;
    Ok(())
}

/// `n` months before `date`, for the exclusive start of an n-month window ending on `date`.
/// Month-end arithmetic: from the last day of a month the result is the last day of the month n
/// months earlier (29/02/2024 - 12 months = 28/02/2023, and 28/02/2025 - 12 months = 29/02/2024,
/// so a 12-month window of month-end snapshots holds exactly 12); from any other day, the same
/// day of that month (clamped to its length).
pub fn months_before(date: NaiveDate, n: u32) -> Option<NaiveDate> {
    let back = date.checked_sub_months(chrono::Months::new(n))?;
    if date.succ_opt()?.month() != date.month() {
        // `date` is a month end: take the month end of the target month.
        let first_of_next = back.with_day(1)?.checked_add_months(chrono::Months::new(1))?;
        first_of_next.pred_opt()
    } else {
        Some(back)
    }
}

/// The contract's critical roles as `critical_roles` rows, in contract order, with each role's
/// assumed turnover from `turnover` (the run's configuration; `None` where unknown).
pub fn contract_critical_roles(turnover: impl Fn(&str) -> Option<f64>) -> Vec<CriticalRoleRow> {
    codes::CRITICAL_ROLES
        .iter()
        .zip(1..)
        .map(|(r, order)| CriticalRoleRow {
            critical_role: r.code.to_string(),
            label: r.label.to_string(),
            role_order: order,
            assumed_turnover_rate: turnover(r.code),
            time_to_fill_benchmark_months: r.time_to_fill_benchmark_months,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    #[test]
    fn windows_use_month_end_arithmetic() {
        // 28/02/2025 is a month end: 12 months back is the month end 29/02/2024, so the window
        // (29/02/2024, 28/02/2025] holds the 12 month-end snapshots 31/03/2024 .. 28/02/2025
        // (plain calendar arithmetic gives 28/02/2024 and a 13th snapshot, 29/02/2024).
        assert_eq!(months_before(d(2025, 2, 28), 12), Some(d(2024, 2, 29)));
        assert_eq!(months_before(d(2024, 2, 29), 12), Some(d(2023, 2, 28)));
        assert_eq!(months_before(d(2025, 9, 30), 1), Some(d(2025, 8, 31)));
        assert_eq!(months_before(d(2026, 10, 31), 24), Some(d(2024, 10, 31)));
        // Not a month end: the same day, clamped to the month's length.
        assert_eq!(months_before(d(2026, 3, 15), 12), Some(d(2025, 3, 15)));
        assert_eq!(months_before(d(2025, 3, 30), 1), Some(d(2025, 2, 28)));
    }

    #[test]
    fn parameters_and_reference_lists_from_configuration() {
        let mut metrics = MetricsSection::default();
        metrics.assumed_turnover.remove("COO");
        metrics.snapshot_staleness_days = 45;
        let t = RunTables::new("Y56", Some(d(2025, 2, 28)), 5, &metrics);
        let p = &t.run_parameters;
        assert_eq!(p.reporting_year_start, Some(d(2024, 2, 29)));
        assert_eq!(p.disciplinary_window_start, Some(d(2023, 2, 28)));
        // 28/02/2025 - 45 days = 14/01/2025.
        assert_eq!(p.oldest_usable_snapshot_date, Some(d(2025, 1, 14)));
        let roles: Vec<(&str, i64, Option<f64>)> = t
            .critical_roles
            .iter()
            .map(|r| (r.critical_role.as_str(), r.role_order, r.assumed_turnover_rate))
            .collect();
        assert_eq!(roles[0], ("CEO", 1, Some(0.40)));
        assert_eq!(roles[5], ("COO", 6, None));
        let don = &t.critical_roles[2];
        assert_eq!(
            (don.label.as_str(), don.time_to_fill_benchmark_months),
            ("Director of Nursing", Some(9))
        );
        let band = |name: &str| {
            t.pay_bands
                .iter()
                .find(|b| b.pay_band == name)
                .expect("band listed")
        };
        assert_eq!(band("Band 8b").wdes_cluster, "Cluster 3: Bands 8a-8b");
        assert!(band("Band 8c").is_feeder_band && !band("Band 8b").is_feeder_band);
        assert_eq!(band("Non AfC").band_order, 15);
        // The manifest's JSON form round-trips.
        let json = serde_json::to_string(&t).expect("serialise");
        assert!(json.contains("\"reporting_date\":\"2025-02-28\""), "{json}");
        assert_eq!(serde_json::from_str::<RunTables>(&json).expect("parse"), t);
    }
}
