-- title: WRES indicator 2, national: relative likelihood of White applicants being appointed from shortlisting compared to BME applicants
-- grain: one row, England (the sum of the regions supplied)
-- source: NHS England WRES technical guidance, indicator 2; recomputed from the summed regional counts (never an average of regional ratios)
-- counts: shortlisted_white, appointed_white, shortlisted_bme, appointed_bme
-- derived: likelihood_white <- shortlisted_white, appointed_white; likelihood_bme <- shortlisted_bme, appointed_bme; relative_likelihood <- shortlisted_white, appointed_white, shortlisted_bme, appointed_bme; adverse <- shortlisted_white, appointed_white, shortlisted_bme, appointed_bme
WITH national AS (
    SELECT COUNT(*) AS regions, SUM(shortlisted_white) AS shortlisted_white, SUM(appointed_white) AS appointed_white,
           SUM(shortlisted_bme) AS shortlisted_bme, SUM(appointed_bme) AS appointed_bme
    FROM regional_wres_indicator_2
    WHERE org_code IS NULL
),
rated AS (
    SELECT *,
           CAST(appointed_white AS DOUBLE) / NULLIF(shortlisted_white, 0) AS raw_white,
           CAST(appointed_bme AS DOUBLE) / NULLIF(shortlisted_bme, 0) AS raw_bme
    FROM national
)
SELECT regions, shortlisted_white, appointed_white, shortlisted_bme, appointed_bme,
       ROUND(raw_white, 4) AS likelihood_white, ROUND(raw_bme, 4) AS likelihood_bme,
       CASE WHEN raw_white > 0 AND raw_bme > 0 THEN ROUND(raw_white / raw_bme, 4) END AS relative_likelihood,
       CASE WHEN shortlisted_white = 0 THEN 'no White applicants shortlisted'
            WHEN shortlisted_bme = 0 THEN 'no BME applicants shortlisted'
            WHEN appointed_white = 0 THEN 'no White appointments'
            WHEN appointed_bme = 0 THEN 'no BME appointments'
       END AS relative_likelihood_note,
       CASE WHEN raw_white > 0 AND raw_bme > 0
            THEN ROUND(raw_white / raw_bme, 4) < 0.80 OR ROUND(raw_white / raw_bme, 4) > 1.25 END AS adverse
FROM rated
