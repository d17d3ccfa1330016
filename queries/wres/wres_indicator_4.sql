-- title: WRES indicator 4: relative likelihood of White staff accessing non-mandatory training and CPD compared to BME staff
-- grain: one row per region x organisation (org_code null = region total), training episodes starting in the reporting year
-- source: NHS England, Workforce Race Equality Standard technical guidance, indicator 4
-- counts: accessed_white, headcount_white, accessed_bme, headcount_bme
-- derived: likelihood_white <- accessed_white, headcount_white; likelihood_bme <- accessed_bme, headcount_bme; relative_likelihood <- accessed_white, headcount_white, accessed_bme, headcount_bme; adverse <- accessed_white, headcount_white, accessed_bme, headcount_bme
-- accessed_*: distinct staff with a 'Non-mandatory' episode starting in the reporting year,
-- (reporting_year_start, reporting_date], by the ethnic group recorded on the episode (Unknown
-- excluded; 'Mandatory' episodes never count). headcount_*: substantive staff in post on the
-- reporting date by distinct person (wres_workforce_headcount). likelihood_* = accessed /
-- headcount; relative_likelihood = likelihood_white / likelihood_bme (White first), rounded to 4
-- dp, null with relative_likelihood_note when any part is zero; adverse outside 0.80-1.25.
-- Training at an organisation with no staff in post still gets a row (null, with a note).
-- region_code: the organisation's region in ESR, else the run's configured region.
WITH reporting_year AS (
    SELECT region, reporting_year_start, reporting_date FROM run_parameters
),
staff_accessing_training AS (
    SELECT t.org_code,
           COUNT(DISTINCT CASE WHEN t.ethnic_group = 'White' THEN t.person_id END) AS accessed_white,
           COUNT(DISTINCT CASE WHEN t.ethnic_group = 'BME' THEN t.person_id END) AS accessed_bme
    FROM training AS t
    CROSS JOIN reporting_year AS y
    WHERE t.course_type = 'Non-mandatory'
      AND t.start_date > y.reporting_year_start
      AND t.start_date <= y.reporting_date
    GROUP BY t.org_code
),
organisations AS (
    SELECT org_code FROM wres_workforce_headcount
    UNION
    SELECT org_code FROM staff_accessing_training
),
organisation_counts AS (
    SELECT COALESCE(m.region_code, y.region) AS region_code,
           o.org_code,
           COALESCE(a.accessed_white, 0) AS accessed_white,
           COALESCE(h.headcount_white, 0) AS headcount_white,
           COALESCE(a.accessed_bme, 0) AS accessed_bme,
           COALESCE(h.headcount_bme, 0) AS headcount_bme
    FROM organisations AS o
    CROSS JOIN reporting_year AS y
    LEFT JOIN wres_workforce_headcount AS h ON h.org_code = o.org_code
    LEFT JOIN staff_accessing_training AS a ON a.org_code = o.org_code
    LEFT JOIN esr_organisation_region AS m ON m.org_code = o.org_code
),
region_counts AS (
    SELECT region_code, CAST(NULL AS VARCHAR) AS org_code,
           SUM(accessed_white) AS accessed_white, SUM(headcount_white) AS headcount_white,
           SUM(accessed_bme) AS accessed_bme, SUM(headcount_bme) AS headcount_bme
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
           CAST(accessed_white AS DOUBLE) / NULLIF(headcount_white, 0) AS likelihood_white_exact,
           CAST(accessed_bme AS DOUBLE) / NULLIF(headcount_bme, 0) AS likelihood_bme_exact
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
    accessed_white,
    headcount_white,
    accessed_bme,
    headcount_bme,
    ROUND(likelihood_white_exact, 4) AS likelihood_white,
    ROUND(likelihood_bme_exact, 4) AS likelihood_bme,
    relative_likelihood,
    CASE WHEN headcount_white = 0 THEN 'no White staff in post'
         WHEN headcount_bme = 0 THEN 'no BME staff in post'
         WHEN accessed_white = 0 THEN 'no White staff accessed non-mandatory training'
         WHEN accessed_bme = 0 THEN 'no BME staff accessed non-mandatory training'
    END AS relative_likelihood_note,
    relative_likelihood < 0.80 OR relative_likelihood > 1.25 AS adverse
FROM relative_likelihoods
