-- title: Time to fill critical-role vacancies beside other posts, national: count, mean, median and 90th percentile days
-- grain: one row per post_group ('critical_role', 'other_post') x interval measured, England
-- source: the regional table of the same name (counts and days summed); median and 90th percentile recomputed exactly from the summed day counts (leadership_stability_distribution), with the regional rule (position p x (n - 1), interpolated), as national time_to_fill does for all posts
-- counts: filled_vacancies
-- derived: total_days <- filled_vacancies; mean_days <- filled_vacancies; median_days <- filled_vacancies; p90_days <- filled_vacancies; min_days <- filled_vacancies; max_days <- filled_vacancies
-- Period: each region's 12 months to its reporting date; period_start_exclusive and period_end
-- span the periods of all the regions supplied, and period_note says when they differ.
WITH national AS (
    SELECT
        post_group,
        interval_measured,
        MAX(period_defined_by) AS period_defined_by,
        MIN(period_start_exclusive) AS period_start_exclusive,
        MAX(period_end) AS period_end,
        CASE WHEN MIN(period_end) <> MAX(period_end)
             THEN 'regions supplied different periods (different reporting dates): the period shown spans them'
        END AS period_note,
        SUM(filled_vacancies) AS filled_vacancies,
        SUM(total_days) AS total_days,
        MIN(min_days) AS min_days,
        MAX(max_days) AS max_days
    FROM regional_leadership_stability_time_to_fill
    WHERE org_code IS NULL
    GROUP BY post_group, interval_measured
)
SELECT
    n.post_group,
    n.interval_measured,
    n.period_defined_by,
    n.period_start_exclusive,
    n.period_end,
    n.period_note,
    n.filled_vacancies,
    n.total_days,
    ROUND(CAST(n.total_days AS DOUBLE) / NULLIF(n.filled_vacancies, 0), 4) AS mean_days,
    ROUND(p.p50_days, 4) AS median_days,
    ROUND(p.p90_days, 4) AS p90_days,
    n.min_days,
    n.max_days
FROM national AS n
LEFT JOIN leadership_stability_percentiles AS p
  ON p.measure = n.interval_measured AND p.breakdown = n.post_group
