-- title: WRES indicator 2: relative likelihood of White applicants being appointed from shortlisting compared to BME applicants
-- grain: one row per region x organisation (org_code null = region total), applications dated in the reporting year
-- source: NHS England, Workforce Race Equality Standard technical guidance, indicator 2
-- counts: shortlisted_white, appointed_white, shortlisted_bme, appointed_bme
-- derived: likelihood_white <- shortlisted_white, appointed_white; likelihood_bme <- shortlisted_bme, appointed_bme; relative_likelihood <- shortlisted_white, appointed_white, shortlisted_bme, appointed_bme; adverse <- shortlisted_white, appointed_white, shortlisted_bme, appointed_bme
-- Applications dated in the reporting year, (reporting_year_start, reporting_date]
-- (common/applications_in_reporting_year), counted as applications. Unknown ethnicity is in no
-- numerator or denominator. likelihood_* = appointed / shortlisted; relative_likelihood =
-- likelihood_white / likelihood_bme (White first: above 1 means White applicants are more likely
-- to be appointed), rounded to 4 dp; null with relative_likelihood_note when any part is zero.
-- adverse: the rounded relative likelihood is outside 0.80-1.25 (NHS England's four-fifths
-- range; 0.80 and 1.25 themselves are not adverse). region_code: the organisation's region in
-- ESR, else the run's configured region.
WITH applications AS (
    SELECT region_code, org_code, ethnic_group, shortlisted, appointed
    FROM applications_in_reporting_year
    WHERE ethnic_group IN ('White', 'BME')
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
region_counts AS (
    SELECT region_code, CAST(NULL AS VARCHAR) AS org_code,
           SUM(shortlisted_white) AS shortlisted_white, SUM(appointed_white) AS appointed_white,
           SUM(shortlisted_bme) AS shortlisted_bme, SUM(appointed_bme) AS appointed_bme
    FROM organisation_counts
    GROUP BY region_code
),
all_counts AS (
    SELECT * FROM organisation_counts
    UNION ALL
    SELECT * FROM region_counts
),
likelihoods AS (
    SELECT *,
           CAST(appointed_white AS DOUBLE) / NULLIF(shortlisted_white, 0) AS likelihood_white_exact,
           CAST(appointed_bme AS DOUBLE) / NULLIF(shortlisted_bme, 0) AS likelihood_bme_exact
    FROM all_counts
),
relative_likelihoods AS (
    SELECT *,
           CASE WHEN likelihood_white_exact > 0 AND likelihood_bme_exact > 0
                THEN ROUND(likelihood_white_exact / likelihood_bme_exact, 4)
           END AS relative_likelihood
    FROM likelihoods
)
SELECT
    region_code,
    org_code,
    shortlisted_white,
    appointed_white,
    shortlisted_bme,
    appointed_bme,
    ROUND(likelihood_white_exact, 4) AS likelihood_white,
    ROUND(likelihood_bme_exact, 4) AS likelihood_bme,
    relative_likelihood,
    CASE WHEN shortlisted_white = 0 THEN 'no White applicants shortlisted'
         WHEN shortlisted_bme = 0 THEN 'no BME applicants shortlisted'
         WHEN appointed_white = 0 THEN 'no White appointments'
         WHEN appointed_bme = 0 THEN 'no BME appointments'
    END AS relative_likelihood_note,
    relative_likelihood < 0.80 OR relative_likelihood > 1.25 AS adverse
FROM relative_likelihoods
