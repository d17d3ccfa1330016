-- title: WRES indicator 4, national: relative likelihood of White staff accessing non-mandatory training and CPD compared to BME staff
-- grain: one row, England (the sum of the regions supplied)
-- source: NHS England WRES technical guidance, indicator 4; recomputed from the summed regional counts
-- counts: accessed_white, headcount_white, accessed_bme, headcount_bme
-- derived: likelihood_white <- accessed_white, headcount_white; likelihood_bme <- accessed_bme, headcount_bme; relative_likelihood <- accessed_white, headcount_white, accessed_bme, headcount_bme; adverse <- accessed_white, headcount_white, accessed_bme, headcount_bme
WITH national AS (
    SELECT COUNT(*) AS regions, SUM(accessed_white) AS accessed_white, SUM(headcount_white) AS headcount_white,
           SUM(accessed_bme) AS accessed_bme, SUM(headcount_bme) AS headcount_bme
    FROM regional_wres_indicator_4
    WHERE org_code IS NULL
),
rated AS (
    SELECT *,
           CAST(accessed_white AS DOUBLE) / NULLIF(headcount_white, 0) AS raw_white,
           CAST(accessed_bme AS DOUBLE) / NULLIF(headcount_bme, 0) AS raw_bme
    FROM national
)
SELECT regions, accessed_white, headcount_white, accessed_bme, headcount_bme,
       ROUND(raw_white, 4) AS likelihood_white, ROUND(raw_bme, 4) AS likelihood_bme,
       CASE WHEN raw_white > 0 AND raw_bme > 0 THEN ROUND(raw_white / raw_bme, 4) END AS relative_likelihood,
       CASE WHEN raw_white > 0 AND raw_bme > 0
            THEN ROUND(raw_white / raw_bme, 4) < 0.80 OR ROUND(raw_white / raw_bme, 4) > 1.25 END AS adverse
FROM rated
