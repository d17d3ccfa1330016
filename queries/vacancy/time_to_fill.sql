-- title: Time to fill vacancies filled in the 12 months to the reporting date: count, median and 90th percentile days, beside the benchmarks for critical roles
-- grain: one row per region x organisation (org_code null = region total) x dimension x dimension_value x interval_measured
-- source: vacancies extract (EXTRACTS.md); time to fill = advertised date to start date (also advertised to offer); period of issue 13 point 6; critical-role benchmarks from the run table critical_roles (time_to_fill_benchmark_months, as quoted in issue 6: Director of Nursing 9 months, Chief Operating Officer 7 months)
-- counts: filled_vacancies, filled_within_benchmark
-- derived: mean_days <- filled_vacancies; median_days <- filled_vacancies; p90_days <- filled_vacancies; filled_within_benchmark_share <- filled_within_benchmark, filled_vacancies
-- Period: vacancies with status 'Filled' whose interval end date falls in the 12 months to the
-- reporting date, (period_start_exclusive, period_end] = (run_parameters.reporting_year_start,
-- reporting_date]: the start date for advertised_to_start, the offer date for
-- advertised_to_offer (period_defined_by; vacancy/filled_vacancy_intervals.sql).
-- Percentiles are exact, by linear interpolation between closest ranks (the rule of SQL
-- percentile_cont, Excel PERCENTILE.INC and numpy's default): with the n values sorted
-- ascending and numbered from 0, percentile p sits at position p x (n - 1); a fractional
-- position interpolates between its two neighbours. Median = p 0.5, p90 = p 0.9.
-- (DataFusion's percentile_cont quantises the interpolation weight, so it is computed here.)
-- Medians and percentiles are not additive: national figures are recomputed exactly from the
-- restricted copy of time_to_fill_distribution (counts per exact day), never averaged.
-- benchmark_days = benchmark_months x 365.25 / 12; filled_within_benchmark counts filled
-- vacancies with days <= benchmark_days (advertised_to_start rows of roles with a benchmark).
WITH benchmarks AS (
    SELECT critical_role, time_to_fill_benchmark_months AS benchmark_months
    FROM critical_roles
    WHERE time_to_fill_benchmark_months IS NOT NULL
),
intervals_with_region_totals AS (
    SELECT region_code, org_code, dimension, dimension_value, interval_measured, period_defined_by, days
    FROM filled_vacancy_intervals
    UNION ALL
    SELECT region_code, CAST(NULL AS VARCHAR) AS org_code, dimension, dimension_value, interval_measured,
           period_defined_by, days
    FROM filled_vacancy_intervals
),
intervals_with_benchmark AS (
    SELECT i.*, b.benchmark_months, b.benchmark_months * 365.25 / 12 AS benchmark_days
    FROM intervals_with_region_totals AS i
    LEFT JOIN benchmarks AS b
      ON i.dimension = 'critical_role'
     AND i.dimension_value = b.critical_role
     AND i.interval_measured = 'advertised_to_start'
),
ranked_intervals AS (
    SELECT
        intervals_with_benchmark.*,
        ROW_NUMBER() OVER (
            PARTITION BY region_code, org_code, dimension, dimension_value, interval_measured
            ORDER BY days
        ) - 1 AS rank_index,
        COUNT(*) OVER (
            PARTITION BY region_code, org_code, dimension, dimension_value, interval_measured
        ) AS group_size
    FROM intervals_with_benchmark
),
percentile_positions AS (
    SELECT
        ranked_intervals.*,
        FLOOR(CAST(group_size - 1 AS DOUBLE) / 2) AS median_lower_index,
        CAST((group_size - 1) % 2 AS DOUBLE) / 2 AS median_fraction,
        FLOOR(CAST(9 * (group_size - 1) AS DOUBLE) / 10) AS p90_lower_index,
        CAST((9 * (group_size - 1)) % 10 AS DOUBLE) / 10 AS p90_fraction
    FROM ranked_intervals
),
interval_summary AS (
    SELECT
        region_code, org_code, dimension, dimension_value, interval_measured,
        MAX(period_defined_by) AS period_defined_by,
        COUNT(*) AS filled_vacancies,
        SUM(days) AS total_days,
        MIN(days) AS min_days,
        MAX(days) AS max_days,
        MAX(CASE WHEN rank_index = median_lower_index THEN days END) AS median_lower_days,
        MAX(CASE WHEN rank_index = median_lower_index + 1 THEN days END) AS median_upper_days,
        MAX(median_fraction) AS median_fraction,
        MAX(CASE WHEN rank_index = p90_lower_index THEN days END) AS p90_lower_days,
        MAX(CASE WHEN rank_index = p90_lower_index + 1 THEN days END) AS p90_upper_days,
        MAX(p90_fraction) AS p90_fraction,
        MAX(benchmark_months) AS benchmark_months,
        MAX(benchmark_days) AS benchmark_days,
        SUM(CASE WHEN benchmark_days IS NULL THEN NULL WHEN days <= benchmark_days THEN 1 ELSE 0 END)
            AS filled_within_benchmark
    FROM percentile_positions
    GROUP BY region_code, org_code, dimension, dimension_value, interval_measured
),
period AS (
    SELECT reporting_year_start AS period_start_exclusive, reporting_date AS period_end
    FROM run_parameters
),
percentiles AS (
    SELECT
        interval_summary.*,
        median_lower_days
            + (COALESCE(median_upper_days, median_lower_days) - median_lower_days) * median_fraction
            AS median_days,
        p90_lower_days
            + (COALESCE(p90_upper_days, p90_lower_days) - p90_lower_days) * p90_fraction
            AS p90_days
    FROM interval_summary
)
SELECT
    region_code,
    org_code,
    dimension,
    dimension_value,
    interval_measured,
    period_defined_by,
    d.period_start_exclusive,
    d.period_end,
    filled_vacancies,
    total_days,
    ROUND(CAST(total_days AS DOUBLE) / filled_vacancies, 4) AS mean_days,
    ROUND(median_days, 4) AS median_days,
    ROUND(p90_days, 4) AS p90_days,
    min_days,
    max_days,
    benchmark_months,
    ROUND(benchmark_days, 4) AS benchmark_days,
    ROUND(median_days - benchmark_days, 4) AS median_minus_benchmark_days,
    filled_within_benchmark,
    ROUND(CAST(filled_within_benchmark AS DOUBLE) / filled_vacancies, 4) AS filled_within_benchmark_share,
    CASE WHEN benchmark_months IS NULL THEN 'no published benchmark for this breakdown' END AS benchmark_note
FROM percentiles
CROSS JOIN period AS d
