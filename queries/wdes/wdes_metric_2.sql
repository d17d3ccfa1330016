-- title: WDES metric 2: relative likelihood of non-disabled applicants being appointed from shortlisting compared to Disabled applicants
-- grain: one row per region x organisation (org_code null = region total), applications dated in the reporting year
-- source: NHS England, Workforce Disability Equality Standard technical guidance, metric 2
-- counts: shortlisted_non_disabled, appointed_non_disabled, shortlisted_disabled, appointed_disabled
-- derived: likelihood_non_disabled <- shortlisted_non_disabled, appointed_non_disabled; likelihood_disabled <- shortlisted_disabled, appointed_disabled; relative_likelihood <- shortlisted_non_disabled, appointed_non_disabled, shortlisted_disabled, appointed_disabled; adverse <- shortlisted_non_disabled, appointed_non_disabled, shortlisted_disabled, appointed_disabled
-- As WRES indicator 2 with disability ('No' first, 'Yes' second); Unknown disability excluded.
WITH applications AS (
    SELECT * FROM applications_in_reporting_year WHERE disability IN ('Yes', 'No')
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
all_counts AS (
    SELECT * FROM organisation_counts
    UNION ALL
    SELECT region_code, CAST(NULL AS VARCHAR), SUM(shortlisted_non_disabled), SUM(appointed_non_disabled),
           SUM(shortlisted_disabled), SUM(appointed_disabled)
    FROM organisation_counts
    GROUP BY region_code
),
rated AS (
    SELECT *,
           CAST(appointed_non_disabled AS DOUBLE) / NULLIF(shortlisted_non_disabled, 0) AS raw_non_disabled,
           CAST(appointed_disabled AS DOUBLE) / NULLIF(shortlisted_disabled, 0) AS raw_disabled
    FROM all_counts
)
SELECT region_code, org_code, shortlisted_non_disabled, appointed_non_disabled,
       shortlisted_disabled, appointed_disabled,
       ROUND(raw_non_disabled, 4) AS likelihood_non_disabled,
       ROUND(raw_disabled, 4) AS likelihood_disabled,
       CASE WHEN raw_non_disabled > 0 AND raw_disabled > 0 THEN ROUND(raw_non_disabled / raw_disabled, 4) END AS relative_likelihood,
       CASE WHEN shortlisted_non_disabled = 0 THEN 'no non-disabled applicants shortlisted'
            WHEN shortlisted_disabled = 0 THEN 'no Disabled applicants shortlisted'
            WHEN appointed_non_disabled = 0 THEN 'no non-disabled appointments'
            WHEN appointed_disabled = 0 THEN 'no Disabled appointments'
       END AS relative_likelihood_note,
       CASE WHEN raw_non_disabled > 0 AND raw_disabled > 0
            THEN ROUND(raw_non_disabled / raw_disabled, 4) < 0.80 OR ROUND(raw_non_disabled / raw_disabled, 4) > 1.25 END AS adverse
FROM rated
