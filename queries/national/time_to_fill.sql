-- title: Time to fill filled vacancies, national: count, mean, median and 90th percentile days
-- grain: one row per breakdown x interval measured, England
-- source: recomputed exactly from the national day-count distribution (time_to_fill_distribution), with the same linear interpolation between ranks as the regional table (percentile_cont's rule): position = p x (n - 1)
-- counts: filled_vacancies
-- derived: mean_days <- filled_vacancies; median_days <- filled_vacancies; p90_days <- filled_vacancies
-- Period: each region's 12 months to its reporting date; period_start_exclusive and period_end
-- span the periods of all the regions supplied, and period_note says when they differ.
WITH periods AS (
    SELECT MIN(period_start_exclusive) AS period_start_exclusive, MAX(period_end) AS period_end,
           CASE WHEN MIN(period_end) <> MAX(period_end)
                THEN 'regions supplied different periods (different reporting dates): the period shown spans them'
           END AS period_note
    FROM regional_time_to_fill_distribution
),
distribution AS (
    SELECT dimension, dimension_value, interval_measured, days, SUM(filled_vacancies) AS n
    FROM regional_time_to_fill_distribution
    GROUP BY dimension, dimension_value, interval_measured, days
),
cumulative AS (
    SELECT *,
           SUM(n) OVER (PARTITION BY dimension, dimension_value, interval_measured ORDER BY days
                        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS up_to,
           SUM(n) OVER (PARTITION BY dimension, dimension_value, interval_measured) AS total
    FROM distribution
),
positions AS (
    SELECT c.*, q.statistic, q.p * (c.total - 1) AS position
    FROM cumulative AS c
    CROSS JOIN (SELECT 'median' AS statistic, 0.5 AS p UNION ALL SELECT 'p90', 0.9) AS q
),
bounds AS (
    SELECT dimension, dimension_value, interval_measured, statistic, position,
           MAX(CASE WHEN up_to - n <= FLOOR(position) AND FLOOR(position) <= up_to - 1 THEN days END) AS lower_days,
           MAX(CASE WHEN up_to - n <= CEIL(position) AND CEIL(position) <= up_to - 1 THEN days END) AS upper_days
    FROM positions
    GROUP BY dimension, dimension_value, interval_measured, statistic, position
),
percentiles AS (
    SELECT dimension, dimension_value, interval_measured,
           MAX(CASE WHEN statistic = 'median' THEN lower_days + (position - FLOOR(position)) * (upper_days - lower_days) END) AS median_days,
           MAX(CASE WHEN statistic = 'p90' THEN lower_days + (position - FLOOR(position)) * (upper_days - lower_days) END) AS p90_days
    FROM bounds
    GROUP BY dimension, dimension_value, interval_measured
),
totals AS (
    SELECT dimension, dimension_value, interval_measured, SUM(n) AS filled_vacancies, SUM(n * days) AS total_days,
           MIN(days) AS min_days, MAX(days) AS max_days
    FROM distribution
    GROUP BY dimension, dimension_value, interval_measured
)
SELECT t.dimension, t.dimension_value, t.interval_measured, t.filled_vacancies, t.total_days,
       ROUND(CAST(t.total_days AS DOUBLE) / NULLIF(t.filled_vacancies, 0), 4) AS mean_days,
       ROUND(p.median_days, 4) AS median_days, ROUND(p.p90_days, 4) AS p90_days, t.min_days, t.max_days,
       r.period_start_exclusive, r.period_end, r.period_note
FROM totals AS t
JOIN percentiles AS p
  ON p.dimension = t.dimension AND p.dimension_value = t.dimension_value AND p.interval_measured = t.interval_measured
CROSS JOIN periods AS r
