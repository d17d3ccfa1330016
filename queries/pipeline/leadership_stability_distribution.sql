-- title: Leadership-stability day counts per region (the distribution behind the medians, quartiles and 90th percentiles of leadership_stability_tenure, _interim_cover and _time_to_fill)
-- grain: one row per region x measure x breakdown (null = every critical role together) x days
-- source: issue 17 part 2; pipeline/leadership_stability_observations summed over the region's organisations; published so that national medians and percentiles are recomputed exactly from the union of regional distributions (as time_to_fill_distribution does for time to fill)
-- counts: observations
-- needs: esr_workforce
-- measure 'tenure_in_post' and 'interim_cover' (breakdown: critical role; observations =
-- holders, interim seats) and 'advertised_to_start', 'advertised_to_offer' (breakdown
-- 'critical_role' or 'other_post'; observations = filled vacancies). National aggregation must
-- use the restricted copy (the published copy withholds small counts). Without the vacancies
-- extract the time-to-fill rows are absent, not zero.
SELECT
    o.region_code,
    o.measure,
    o.breakdown,
    o.days,
    SUM(o.observations) AS observations,
    p.reporting_date
FROM leadership_stability_observations AS o
CROSS JOIN run_parameters AS p
GROUP BY o.region_code, o.measure, o.breakdown, o.days, p.reporting_date
