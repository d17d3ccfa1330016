-- title: Quartiles and 90th percentile of each leadership-stability measure, national
-- grain: one row per measure x breakdown, England
-- source: the national leadership_stability_distribution (summed regional day counts); the regional rule: linear interpolation between closest ranks, position p x (n - 1)
-- publish: false
-- The value at rank r (from 0) is the smallest day count whose running count exceeds r.
WITH running AS (
    SELECT
        measure, breakdown, days, observations,
        SUM(observations) OVER (PARTITION BY measure, breakdown ORDER BY days
                                ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running_count,
        SUM(observations) OVER (PARTITION BY measure, breakdown) AS n
    FROM leadership_stability_distribution
),
at_position AS (
    SELECT measure, breakdown, q.statistic, q.p * (n - 1) AS position, days, running_count
    FROM running
    CROSS JOIN (VALUES ('p25', 0.25), ('p50', 0.5), ('p75', 0.75), ('p90', 0.9)) AS q (statistic, p)
),
lower_upper AS (
    SELECT measure, breakdown, statistic, MAX(position) AS position,
           MIN(CASE WHEN running_count > FLOOR(position) THEN days END) AS lower_days,
           MIN(CASE WHEN running_count > CEIL(position) THEN days END) AS upper_days
    FROM at_position
    GROUP BY measure, breakdown, statistic
)
SELECT
    measure, breakdown,
    MAX(CASE WHEN statistic = 'p25' THEN lower_days + (position - FLOOR(position)) * (upper_days - lower_days) END) AS p25_days,
    MAX(CASE WHEN statistic = 'p50' THEN lower_days + (position - FLOOR(position)) * (upper_days - lower_days) END) AS p50_days,
    MAX(CASE WHEN statistic = 'p75' THEN lower_days + (position - FLOOR(position)) * (upper_days - lower_days) END) AS p75_days,
    MAX(CASE WHEN statistic = 'p90' THEN lower_days + (position - FLOOR(position)) * (upper_days - lower_days) END) AS p90_days
FROM lower_upper
GROUP BY measure, breakdown
