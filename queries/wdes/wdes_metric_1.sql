-- title: WDES metric 1: Disabled, non-disabled and Unknown staff in each pay band, clinical and non-clinical, against the whole workforce
-- grain: one row per region x organisation (org_code null = region total) x staff_scope ('Clinical', 'Non-clinical', 'All') x pay_band (each band present, and 'All')
-- source: NHS England, Workforce Disability Equality Standard technical guidance, metric 1 (percentage of staff in AfC pay bands or medical and dental subgroups and very senior managers, clinical and non-clinical, compared with the overall workforce)
-- counts: headcount_disabled, headcount_non_disabled, headcount_unknown, headcount, workforce_headcount_disabled, workforce_headcount_non_disabled, workforce_headcount_unknown, workforce_headcount
-- derived: share_disabled <- headcount_disabled, headcount; share_non_disabled <- headcount_non_disabled, headcount; share_unknown <- headcount_unknown, headcount; workforce_share_disabled <- workforce_headcount_disabled, workforce_headcount; workforce_share_non_disabled <- workforce_headcount_non_disabled, workforce_headcount; workforce_share_unknown <- workforce_headcount_unknown, workforce_headcount
-- As WRES indicator 1 with disability in place of ethnicity: Disabled = 'Yes', non-disabled =
-- 'No', Unknown = not declared, prefer not to answer, unspecified or empty (its own column, and
-- part of the band's headcount). Substantive staff in post on the reporting date
-- (wres_staff_in_post), by distinct person per band and in 'All'. workforce_*: the same
-- organisation and staff_scope in pay_band 'All'. Region totals sum the organisations' counts.
WITH staff AS (
    SELECT region_code, org_code, person_id, pay_band, staff_scope, disability_group
    FROM wres_staff_in_post
),
staff_by_scope_and_band AS (
    SELECT region_code, org_code, person_id, staff_scope, pay_band, disability_group FROM staff
    UNION ALL
    SELECT region_code, org_code, person_id, staff_scope, CAST('All' AS VARCHAR), disability_group FROM staff
    UNION ALL
    SELECT region_code, org_code, person_id, CAST('All' AS VARCHAR), pay_band, disability_group FROM staff
    UNION ALL
    SELECT region_code, org_code, person_id, CAST('All' AS VARCHAR), CAST('All' AS VARCHAR), disability_group FROM staff
),
organisation_counts AS (
    SELECT region_code, org_code, staff_scope, pay_band,
           COUNT(DISTINCT CASE WHEN disability_group = 'Disabled' THEN person_id END) AS headcount_disabled,
           COUNT(DISTINCT CASE WHEN disability_group = 'Non-disabled' THEN person_id END) AS headcount_non_disabled,
           COUNT(DISTINCT CASE WHEN disability_group = 'Unknown' THEN person_id END) AS headcount_unknown,
           COUNT(DISTINCT person_id) AS headcount
    FROM staff_by_scope_and_band
    GROUP BY region_code, org_code, staff_scope, pay_band
),
region_counts AS (
    SELECT region_code, CAST(NULL AS VARCHAR) AS org_code, staff_scope, pay_band,
           SUM(headcount_disabled) AS headcount_disabled, SUM(headcount_non_disabled) AS headcount_non_disabled,
           SUM(headcount_unknown) AS headcount_unknown, SUM(headcount) AS headcount
    FROM organisation_counts
    GROUP BY region_code, staff_scope, pay_band
),
band_counts AS (
    SELECT * FROM organisation_counts
    UNION ALL
    SELECT * FROM region_counts
),
workforce_counts AS (
    SELECT region_code, org_code, staff_scope,
           headcount_disabled AS workforce_headcount_disabled,
           headcount_non_disabled AS workforce_headcount_non_disabled,
           headcount_unknown AS workforce_headcount_unknown,
           headcount AS workforce_headcount
    FROM band_counts
    WHERE pay_band = 'All'
)
SELECT
    b.region_code,
    b.org_code,
    b.staff_scope,
    b.pay_band,
    b.headcount_disabled,
    b.headcount_non_disabled,
    b.headcount_unknown,
    b.headcount,
    ROUND(CAST(b.headcount_disabled AS DOUBLE) / NULLIF(b.headcount, 0), 4) AS share_disabled,
    ROUND(CAST(b.headcount_non_disabled AS DOUBLE) / NULLIF(b.headcount, 0), 4) AS share_non_disabled,
    ROUND(CAST(b.headcount_unknown AS DOUBLE) / NULLIF(b.headcount, 0), 4) AS share_unknown,
    w.workforce_headcount_disabled,
    w.workforce_headcount_non_disabled,
    w.workforce_headcount_unknown,
    w.workforce_headcount,
    ROUND(CAST(w.workforce_headcount_disabled AS DOUBLE) / NULLIF(w.workforce_headcount, 0), 4) AS workforce_share_disabled,
    ROUND(CAST(w.workforce_headcount_non_disabled AS DOUBLE) / NULLIF(w.workforce_headcount, 0), 4) AS workforce_share_non_disabled,
    ROUND(CAST(w.workforce_headcount_unknown AS DOUBLE) / NULLIF(w.workforce_headcount, 0), 4) AS workforce_share_unknown
FROM band_counts AS b
JOIN workforce_counts AS w
  ON w.region_code = b.region_code
 AND w.staff_scope = b.staff_scope
 AND (w.org_code = b.org_code OR (w.org_code IS NULL AND b.org_code IS NULL))
