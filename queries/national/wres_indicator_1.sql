-- title: WRES indicator 1, national: White, BME and Unknown staff in each pay band
-- grain: one row per staff_scope x pay_band, England (the sum of the regions supplied)
-- source: NHS England WRES technical guidance, indicator 1; summed from each region's total row (never an average of regional shares)
-- counts: headcount_white, headcount_bme, headcount_unknown, headcount, workforce_headcount_bme, workforce_headcount
-- derived: share_white <- headcount_white, headcount; share_bme <- headcount_bme, headcount; share_unknown <- headcount_unknown, headcount; workforce_share_bme <- workforce_headcount_bme, workforce_headcount
-- organisations_counted / organisations_not_computed: organisations whose ESR snapshot was current /
-- not current on the reporting date (the latter are left out of every count).
WITH national AS (
    SELECT staff_scope, pay_band, COUNT(*) AS regions,
           SUM(headcount_white) AS headcount_white, SUM(headcount_bme) AS headcount_bme,
           SUM(headcount_unknown) AS headcount_unknown, SUM(headcount) AS headcount,
           SUM(workforce_headcount_bme) AS workforce_headcount_bme, SUM(workforce_headcount) AS workforce_headcount,
           SUM(organisations_counted) AS organisations_counted,
           SUM(organisations_not_computed) AS organisations_not_computed
    FROM regional_wres_indicator_1
    WHERE org_code IS NULL
    GROUP BY staff_scope, pay_band
)
SELECT staff_scope, pay_band, regions, headcount_white, headcount_bme, headcount_unknown, headcount,
       ROUND(CAST(headcount_white AS DOUBLE) / NULLIF(headcount, 0), 4) AS share_white,
       ROUND(CAST(headcount_bme AS DOUBLE) / NULLIF(headcount, 0), 4) AS share_bme,
       ROUND(CAST(headcount_unknown AS DOUBLE) / NULLIF(headcount, 0), 4) AS share_unknown,
       workforce_headcount_bme, workforce_headcount,
       ROUND(CAST(workforce_headcount_bme AS DOUBLE) / NULLIF(workforce_headcount, 0), 4) AS workforce_share_bme,
       organisations_counted, organisations_not_computed
FROM national
