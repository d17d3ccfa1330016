-- title: Quartiles and 90th percentile of each leadership-stability measure, per organisation and region
-- grain: one row per region x organisation (org_code null = region total) x measure x breakdown
-- source: pipeline/leadership_stability_observations; percentiles by linear interpolation between closest ranks, the rule of time_to_fill (SQL percentile_cont, Excel PERCENTILE.INC)
-- publish: false
-- needs: none
-- With the n observations sorted ascending and numbered from 0, percentile p sits at position
-- p x (n - 1); a fractional position interpolates between its two neighbours. The value at
-- rank r is the smallest day count whose running count exceeds r. p25 = lower quartile, p50 =
-- median, p75 = upper quartile, p90.
WITH levels AS (
    SELECT region_code, org_code, measure, breakdown, days, observations
    FROM leadership_stability_observations
    UNION ALL
    SELECT region_code, CAST(NULL AS VARCHAR), measure, breakdown, days, SUM(observations)
    FROM leadership_stability_observations
    GROUP BY region_code, measure, breakdown, days
),
running AS (
    SELECT
        levels.*,
        SUM(observations) OVER (
            PARTITION BY region_code, org_code, measure, breakdown ORDER BY days
            ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running_count,
        SUM(observations) OVER (PARTITION BY region_code, org_code, measure, breakdown) AS n
    FROM levels
),
ranks AS (
    SELECT running.*, q.statistic, q.p * (running.n - 1) AS position
    FROM running
    CROSS JOIN (VALUES ('p25', 0.25), ('p50', 0.5), ('p75', 0.75), ('p90', 0.9)) AS q (statistic, p)
),
neighbours AS (
    SELECT
        region_code, org_code, measure, breakdown, statistic,
        MAX(position) - FLOOR(MAX(position)) AS fraction,
        MIN(CASE WHEN running_count > FLOOR(position) THEN days END) AS lower_days,
        MIN(CASE WHEN running_count > CEIL(position) THEN days END) AS upper_days
    FROM ranks
    GROUP BY region_code, org_code, measure, breakdown, statistic
),
interpolated AS (
    SELECT
        neighbours.*,
        lower_days + fraction * (COALESCE(upper_days, lower_days) - lower_days) AS value_days
    FROM neighbours
)
SELECT
    region_code,
    org_code,
    measure,
    breakdown,
    MAX(CASE WHEN statistic = 'p25' THEN value_days END) AS p25_days,
    MAX(CASE WHEN statistic = 'p50' THEN value_days END) AS p50_days,
    MAX(CASE WHEN statistic = 'p75' THEN value_days END) AS p75_days,
    MAX(CASE WHEN statistic = 'p90' THEN value_days END) AS p90_days
FROM interpolated
GROUP BY region_code, org_code, measure, breakdown
