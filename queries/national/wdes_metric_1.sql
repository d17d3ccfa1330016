-- title: WDES metric 1, national: Disabled, non-disabled and Unknown staff in each pay band
-- grain: one row per staff_scope x pay_band (bands, WDES clusters and 'All'; pay_band_grouping says which), England: the sum of the regions supplied (region total rows)
-- source: the regional table of the same name; every rate recomputed from summed numerators and denominators (never an average of regional rates)
-- counts: headcount_disabled, headcount_non_disabled, headcount_unknown, headcount
-- derived: share_disabled <- headcount_disabled, headcount; share_non_disabled <- headcount_non_disabled, headcount; share_unknown <- headcount_unknown, headcount
WITH national AS (
    SELECT staff_scope, pay_band_grouping, pay_band, SUM(headcount_disabled) AS headcount_disabled,
           SUM(headcount_non_disabled) AS headcount_non_disabled, SUM(headcount_unknown) AS headcount_unknown,
           SUM(headcount) AS headcount, SUM(organisations_counted) AS organisations_counted,
           SUM(organisations_not_computed) AS organisations_not_computed
    FROM regional_wdes_metric_1
    WHERE org_code IS NULL
    GROUP BY staff_scope, pay_band_grouping, pay_band
)
SELECT staff_scope, pay_band_grouping, pay_band, headcount_disabled, headcount_non_disabled, headcount_unknown, headcount,
       ROUND(CAST(headcount_disabled AS DOUBLE) / NULLIF(headcount, 0), 4) AS share_disabled,
       ROUND(CAST(headcount_non_disabled AS DOUBLE) / NULLIF(headcount, 0), 4) AS share_non_disabled,
       ROUND(CAST(headcount_unknown AS DOUBLE) / NULLIF(headcount, 0), 4) AS share_unknown,
       organisations_counted, organisations_not_computed
FROM national
