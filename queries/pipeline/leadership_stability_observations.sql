-- title: Leadership-stability day counts per organisation: tenure of substantive critical-role holders, days interim of interim seats, days to fill critical-role and other vacancies
-- grain: one row per region x organisation x measure x breakdown x days
-- source: issue 17 part 2; pipeline/leadership_stability_holders and pipeline/leadership_stability_seats (ESR), vacancy/filled_vacancy_intervals (the time-to-fill rule and period, unchanged)
-- publish: false
-- needs: none
-- The observations behind every median, quartile and 90th percentile of the leadership
-- stability tables, as counts per exact number of days (so the region rows, and the national
-- tables from the published region-level copy, leadership_stability_distribution, recompute
-- them exactly; never a median of medians). measure / breakdown:
--   'tenure_in_post' / critical role (null: every critical role together): days from each substantive holder's start date to the
--     reporting date (observations = holders);
--   'interim_cover' / critical role (null: every role together): days each interim seat has been held by its interim
--     (observations = interim seats);
--   'advertised_to_start', 'advertised_to_offer' / 'critical_role' or 'other_post': days to
--     fill vacancies filled in the 12 months to the reporting date, exactly as time_to_fill
--     counts them (observations = filled vacancies). filled_vacancy_intervals holds each
--     vacancy once under dimension 'all' and each critical-role vacancy once more under
--     'critical_role', so other posts = all - critical role, per day count.
-- needs: none, so that an absent vacancies extract leaves the ESR measures computed (and the
-- time-to-fill rows empty): each table built on it declares what it needs.
WITH vacancy_counts AS (
    SELECT
        region_code,
        org_code,
        interval_measured,
        days,
        COUNT(CASE WHEN dimension = 'critical_role' THEN 1 END) AS critical,
        COUNT(CASE WHEN dimension = 'all' THEN 1 END) AS all_posts
    FROM filled_vacancy_intervals
    WHERE dimension IN ('all', 'critical_role')
    GROUP BY region_code, org_code, interval_measured, days
),
observations AS (
    SELECT region_code, org_code, 'tenure_in_post' AS measure,
           CASE WHEN GROUPING(critical_role) = 0 THEN critical_role END AS breakdown,
           tenure_days AS days, COUNT(*) AS observations
    FROM leadership_stability_holders
    WHERE NOT is_interim
    GROUP BY GROUPING SETS ((region_code, org_code, critical_role, tenure_days), (region_code, org_code, tenure_days))
    UNION ALL
    SELECT region_code, org_code, 'interim_cover',
           CASE WHEN GROUPING(critical_role) = 0 THEN critical_role END, interim_days, COUNT(*)
    FROM leadership_stability_seats
    WHERE is_interim_seat
    GROUP BY GROUPING SETS ((region_code, org_code, critical_role, interim_days), (region_code, org_code, interim_days))
    UNION ALL
    SELECT region_code, org_code, interval_measured, 'critical_role', days, critical
    FROM vacancy_counts
    UNION ALL
    SELECT region_code, org_code, interval_measured, 'other_post', days, all_posts - critical
    FROM vacancy_counts
)
SELECT region_code, org_code, measure, breakdown, CAST(days AS BIGINT) AS days, observations
FROM observations
WHERE observations > 0
