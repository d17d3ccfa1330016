-- title: WDES metric 2: relative likelihood of non-disabled applicants being appointed from shortlisting compared to Disabled applicants
-- grain: one row per region x organisation (org_code null = region total), applications dated in the reporting year
-- source: NHS England, Workforce Disability Equality Standard technical guidance, metric 2
-- counts: shortlisted_non_disabled, appointed_non_disabled, shortlisted_disabled, appointed_disabled
-- derived: likelihood_non_disabled <- shortlisted_non_disabled, appointed_non_disabled; likelihood_disabled <- shortlisted_disabled, appointed_disabled; relative_likelihood <- shortlisted_non_disabled, appointed_non_disabled, shortlisted_disabled, appointed_disabled; adverse <- shortlisted_non_disabled, appointed_non_disabled, shortlisted_disabled, appointed_disabled
-- As WRES indicator 2 with disability: applications dated in (reporting_year_start,
-- reporting_date] (common/applications_in_reporting_year), counted as applications; non-disabled
-- = 'No' (first, the numerator), Disabled = 'Yes'; Unknown disability is in no numerator or
-- denominator. relative_likelihood = likelihood_non_disabled / likelihood_disabled, 4 dp, null
-- with relative_likelihood_note when any part is zero; adverse outside 0.80-1.25.
-- region_code: the organisation's region in ESR, else the run's configured region.
WITH applications AS (
    SELECT region_code, org_code, disability, shortlisted, appointed
    FROM applications_in_reporting_year
    WHERE disability IN ('Yes', 'No')
),
organisation_counts AS (
    SELECT region_code, org_code,
           SUM(CASE WHEN disability = 'No' AND shortlisted THEN 1 ELSE 0 END) AS shortlisted_non_disabled,
           SUM(CASE WHEN disability = 'No' AND appointed THEN 1 ELSE 0 END) AS appointed_non_disabled,
           SUM(CASE WHEN disability = 'Yes' AND shortlisted THEN 1 ELSE 0 END) AS shortlisted_disabled,
           SUM(CASE WHEN disability = 'Yes' AND appointed THEN 1 ELSE 0 END) AS appointed_disabled
    FROM applications
    GROUP BY region_code, org_code
),
region_counts AS (
    SELECT region_code, CAST(NULL AS VARCHAR) AS org_code,
           SUM(shortlisted_non_disabled) AS shortlisted_non_disabled,
           SUM(appointed_non_disabled) AS appointed_non_disabled,
           SUM(shortlisted_disabled) AS shortlisted_disabled,
           SUM(appointed_disabled) AS appointed_disabled
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
           CAST(appointed_non_disabled AS DOUBLE) / NULLIF(shortlisted_non_disabled, 0) AS likelihood_non_disabled_exact,
           CAST(appointed_disabled AS DOUBLE) / NULLIF(shortlisted_disabled, 0) AS likelihood_disabled_exact
    FROM all_counts
),
relative_likelihoods AS (
    SELECT *,
           CASE WHEN likelihood_non_disabled_exact > 0 AND likelihood_disabled_exact > 0
                THEN ROUND(likelihood_non_disabled_exact / likelihood_disabled_exact, 4)
           END AS relative_likelihood
    FROM likelihoods
)
SELECT
    region_code,
    org_code,
    shortlisted_non_disabled,
    appointed_non_disabled,
    shortlisted_disabled,
    appointed_disabled,
    ROUND(likelihood_non_disabled_exact, 4) AS likelihood_non_disabled,
    ROUND(likelihood_disabled_exact, 4) AS likelihood_disabled,
    relative_likelihood,
    CASE WHEN shortlisted_non_disabled = 0 THEN 'no non-disabled applicants shortlisted'
         WHEN shortlisted_disabled = 0 THEN 'no Disabled applicants shortlisted'
         WHEN appointed_non_disabled = 0 THEN 'no non-disabled appointments'
         WHEN appointed_disabled = 0 THEN 'no Disabled appointments'
    END AS relative_likelihood_note,
    relative_likelihood < 0.80 OR relative_likelihood > 1.25 AS adverse
FROM relative_likelihoods
