-- title: Leadership-stability day counts, national (tenure in post, days interim, days to fill critical-role and other vacancies)
-- grain: one row per measure x breakdown x days, England
-- source: the regional table of the same name, counts summed (the restricted copies: exact)
-- counts: observations
-- The distribution the national medians, quartiles and 90th percentiles of
-- leadership_stability_tenure, _interim_cover and _time_to_fill are recomputed from. Each
-- region counts as at its own reporting date; reporting_date is the latest of them and
-- reporting_date_note says when the regions' dates differ.
WITH dates AS (
    SELECT MAX(reporting_date) AS reporting_date,
           CASE WHEN MIN(reporting_date) <> MAX(reporting_date)
                THEN 'regions supplied different reporting dates: each region counts as at its own'
           END AS reporting_date_note
    FROM regional_leadership_stability_distribution
)
SELECT r.measure, r.breakdown, r.days, SUM(r.observations) AS observations,
       MAX(d.reporting_date) AS reporting_date, MAX(d.reporting_date_note) AS reporting_date_note
FROM regional_leadership_stability_distribution AS r
CROSS JOIN dates AS d
GROUP BY r.measure, r.breakdown, r.days
