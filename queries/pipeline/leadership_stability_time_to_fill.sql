-- title: Time to fill critical-role vacancies beside other posts, filled in the 12 months to the reporting date: count, mean, median and 90th percentile days
-- grain: one row per region x organisation (org_code null = region total) x post_group ('critical_role', 'other_post') x interval_measured, where at least one vacancy was filled
-- source: issue 17 part 2 (time to fill for critical roles beside the other posts); the time-to-fill rule and period of time_to_fill (vacancy/filled_vacancy_intervals: status Filled, interval end date in (reporting_year_start, reporting_date]); critical role = the vacancy's Critical Role (EXTRACTS.md vacancies)
-- needs: vacancies, esr_workforce
-- counts: filled_vacancies
-- derived: total_days <- filled_vacancies; mean_days <- filled_vacancies; median_days <- filled_vacancies; p90_days <- filled_vacancies; min_days <- filled_vacancies; max_days <- filled_vacancies
-- post_group 'critical_role': vacancies with a critical role (time_to_fill's dimension
-- 'critical_role', every role together); 'other_post': every other vacancy, so the two add up
-- to time_to_fill's dimension 'all'. interval_measured 'advertised_to_start' (time to fill) and
-- 'advertised_to_offer', period_defined_by as in time_to_fill. Medians and 90th percentiles by
-- linear interpolation between closest ranks (time_to_fill's rule), from the day counts of
-- pipeline/leadership_stability_observations; national figures are recomputed from the
-- summed regional distribution (leadership_stability_distribution), never averaged.
WITH counts AS (
    SELECT region_code, org_code, measure, breakdown, days, observations
    FROM leadership_stability_observations
    WHERE measure IN ('advertised_to_start', 'advertised_to_offer')
    UNION ALL
    SELECT region_code, CAST(NULL AS VARCHAR), measure, breakdown, days, SUM(observations)
    FROM leadership_stability_observations
    WHERE measure IN ('advertised_to_start', 'advertised_to_offer')
    GROUP BY region_code, measure, breakdown, days
),
totals AS (
    SELECT region_code, org_code, measure, breakdown,
           SUM(observations) AS filled_vacancies,
           SUM(observations * days) AS total_days,
           MIN(days) AS min_days,
           MAX(days) AS max_days
    FROM counts
    GROUP BY region_code, org_code, measure, breakdown
)
SELECT
    t.region_code,
    t.org_code,
    t.breakdown AS post_group,
    t.measure AS interval_measured,
    CASE WHEN t.measure = 'advertised_to_start' THEN 'start_date' ELSE 'offer_date' END AS period_defined_by,
    p.reporting_year_start AS period_start_exclusive,
    p.reporting_date AS period_end,
    t.filled_vacancies,
    t.total_days,
    ROUND(CAST(t.total_days AS DOUBLE) / t.filled_vacancies, 4) AS mean_days,
    ROUND(q.p50_days, 4) AS median_days,
    ROUND(q.p90_days, 4) AS p90_days,
    t.min_days,
    t.max_days
FROM totals AS t
CROSS JOIN run_parameters AS p
JOIN leadership_stability_percentiles AS q
  ON q.region_code = t.region_code
 AND COALESCE(q.org_code, '') = COALESCE(t.org_code, '')
 AND q.measure = t.measure
 AND q.breakdown = t.breakdown
