-- title: Filled vacancies by exact days to fill, national
-- grain: one row per breakdown x interval measured x day count, England
-- source: the regional table of the same name, counts summed
-- counts: filled_vacancies
-- Note: each region's period is the 12 months to its reporting date. period_start_exclusive
-- and period_end span the periods of all the regions supplied; period_note says when they
-- differ (the regions' reporting dates differ).
WITH periods AS (
    SELECT MIN(period_start_exclusive) AS period_start_exclusive, MAX(period_end) AS period_end,
           CASE WHEN MIN(period_end) <> MAX(period_end)
                THEN 'regions supplied different periods (different reporting dates): the period shown spans them'
           END AS period_note
    FROM regional_time_to_fill_distribution
),
distribution AS (
    SELECT dimension, dimension_value, interval_measured, days, SUM(filled_vacancies) AS filled_vacancies
    FROM regional_time_to_fill_distribution
    GROUP BY dimension, dimension_value, interval_measured, days
)
SELECT d.dimension, d.dimension_value, d.interval_measured, d.days, d.filled_vacancies,
       p.period_start_exclusive, p.period_end, p.period_note
FROM distribution AS d
CROSS JOIN periods AS p
