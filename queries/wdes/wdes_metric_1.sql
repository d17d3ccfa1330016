-- title: WDES metric 1: Disabled, non-disabled and Unknown staff in each pay band, clinical and non-clinical
-- grain: one row per region x organisation (org_code null = region total) x staff_scope ('Clinical', 'Non-clinical', 'All') x pay_band (each band and 'All')
-- source: NHS England, Workforce Disability Equality Standard technical guidance, metric 1
-- counts: headcount_disabled, headcount_non_disabled, headcount_unknown, headcount
-- derived: share_disabled <- headcount_disabled, headcount; share_non_disabled <- headcount_non_disabled, headcount; share_unknown <- headcount_unknown, headcount
-- As WRES indicator 1 with disability in place of ethnicity: Disabled = 'Yes', non-disabled =
-- 'No', Unknown = not declared, prefer not to answer, unspecified or empty (an own column, in
-- the band's headcount). Substantive staff on the reporting date by distinct person.
WITH staff AS (
    SELECT region_code, org_code, person_id, pay_band, disability,
           CASE WHEN is_clinical THEN 'Clinical' ELSE 'Non-clinical' END AS staff_scope
    FROM staff_in_post
),
expanded AS (
    SELECT region_code, org_code, person_id, pay_band, staff_scope, disability FROM staff
    UNION ALL
    SELECT region_code, org_code, person_id, CAST('All' AS VARCHAR), staff_scope, disability FROM staff
    UNION ALL
    SELECT region_code, org_code, person_id, pay_band, CAST('All' AS VARCHAR), disability FROM staff
    UNION ALL
    SELECT region_code, org_code, person_id, CAST('All' AS VARCHAR), CAST('All' AS VARCHAR), disability FROM staff
),
organisation_counts AS (
    SELECT region_code, org_code, staff_scope, pay_band,
           COUNT(DISTINCT CASE WHEN disability = 'Yes' THEN person_id END) AS headcount_disabled,
           COUNT(DISTINCT CASE WHEN disability = 'No' THEN person_id END) AS headcount_non_disabled,
           COUNT(DISTINCT CASE WHEN disability = 'Unknown' THEN person_id END) AS headcount_unknown,
           COUNT(DISTINCT person_id) AS headcount
    FROM expanded
    GROUP BY region_code, org_code, staff_scope, pay_band
),
all_counts AS (
    SELECT * FROM organisation_counts
    UNION ALL
    SELECT region_code, CAST(NULL AS VARCHAR), staff_scope, pay_band, SUM(headcount_disabled),
           SUM(headcount_non_disabled), SUM(headcount_unknown), SUM(headcount)
    FROM organisation_counts
    GROUP BY region_code, staff_scope, pay_band
)
SELECT region_code, org_code, staff_scope, pay_band,
       headcount_disabled, headcount_non_disabled, headcount_unknown, headcount,
       ROUND(CAST(headcount_disabled AS DOUBLE) / NULLIF(headcount, 0), 4) AS share_disabled,
       ROUND(CAST(headcount_non_disabled AS DOUBLE) / NULLIF(headcount, 0), 4) AS share_non_disabled,
       ROUND(CAST(headcount_unknown AS DOUBLE) / NULLIF(headcount, 0), 4) AS share_unknown
FROM all_counts
