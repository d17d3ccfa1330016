-- title: WRES indicator 2: relative likelihood of White applicants being appointed from shortlisting compared to BME applicants
-- grain: one row per region x organisation (org_code null = region total), applications dated in the reporting year
-- source: NHS England, Workforce Race Equality Standard technical guidance, indicator 2
-- counts: shortlisted_white, appointed_white, shortlisted_bme, appointed_bme
-- derived: likelihood_white <- shortlisted_white, appointed_white; likelihood_bme <- shortlisted_bme, appointed_bme; relative_likelihood <- shortlisted_white, appointed_white, shortlisted_bme, appointed_bme; adverse <- shortlisted_white, appointed_white, shortlisted_bme, appointed_bme
-- Reporting year: application_date in (reporting_year_start, reporting_date]. Counts are
-- applications. Unknown ethnicity is in no numerator or denominator. relative_likelihood =
-- (appointed_white / shortlisted_white) / (appointed_bme / shortlisted_bme), null with a note
-- when any part is zero; adverse when outside 0.80-1.25 (NHS England's four-fifths range).
-- region_code: the organisation's region in ESR, else the run's configured region.
WITH applications AS (
    SELECT * FROM applications_in_reporting_year WHERE ethnic_group IN ('White', 'BME')
),
organisation_counts AS (
    SELECT region_code, org_code,
           SUM(CASE WHEN ethnic_group = 'White' AND shortlisted THEN 1 ELSE 0 END) AS shortlisted_white,
           SUM(CASE WHEN ethnic_group = 'White' AND appointed THEN 1 ELSE 0 END) AS appointed_white,
           SUM(CASE WHEN ethnic_group = 'BME' AND shortlisted THEN 1 ELSE 0 END) AS shortlisted_bme,
           SUM(CASE WHEN ethnic_group = 'BME' AND appointed THEN 1 ELSE 0 END) AS appointed_bme
    FROM applications
    GROUP BY region_code, org_code
),
all_counts AS (
    SELECT * FROM organisation_counts
    UNION ALL
    SELECT region_code, CAST(NULL AS VARCHAR), SUM(shortlisted_white), SUM(appointed_white),
           SUM(shortlisted_bme), SUM(appointed_bme)
    FROM organisation_counts
    GROUP BY region_code
),
likelihoods AS (
    SELECT *,
           CAST(appointed_white AS DOUBLE) / NULLIF(shortlisted_white, 0) AS raw_white,
           CAST(appointed_bme AS DOUBLE) / NULLIF(shortlisted_bme, 0) AS raw_bme
    FROM all_counts
),
rated AS (
    SELECT *,
           CASE WHEN shortlisted_white > 0 AND appointed_white > 0 AND shortlisted_bme > 0 AND appointed_bme > 0
                THEN ROUND(raw_white / raw_bme, 4) END AS relative_likelihood
    FROM likelihoods
)
SELECT region_code, org_code, shortlisted_white, appointed_white, shortlisted_bme, appointed_bme,
       ROUND(raw_white, 4) AS likelihood_white,
       ROUND(raw_bme, 4) AS likelihood_bme,
       relative_likelihood,
       CASE WHEN shortlisted_white = 0 THEN 'no White applicants shortlisted'
            WHEN shortlisted_bme = 0 THEN 'no BME applicants shortlisted'
            WHEN appointed_white = 0 THEN 'no White appointments'
            WHEN appointed_bme = 0 THEN 'no BME appointments'
       END AS relative_likelihood_note,
       relative_likelihood < 0.80 OR relative_likelihood > 1.25 AS adverse
FROM rated
