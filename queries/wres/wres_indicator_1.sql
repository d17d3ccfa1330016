-- title: WRES indicator 1: White, BME and Unknown staff in each pay band, clinical and non-clinical
-- grain: one row per region x organisation (org_code null = region total) x staff_scope ('Clinical', 'Non-clinical', 'All') x pay_band (each band and 'All')
-- source: NHS England, Workforce Race Equality Standard technical guidance, indicator 1 (percentage of staff in each AfC band, VSM and medical staff compared with the overall workforce)
-- counts: headcount_white, headcount_bme, headcount_unknown, headcount, workforce_headcount_bme, workforce_headcount
-- derived: share_white <- headcount_white, headcount; share_bme <- headcount_bme, headcount; share_unknown <- headcount_unknown, headcount; workforce_share_bme <- workforce_headcount_bme, workforce_headcount
-- Unknown ethnicity is its own column and stays in the band's headcount. A person is counted once
-- per band (a person with two assignments in one band counts once; in 'All' once). Region totals
-- sum the organisations' counts. workforce_* is the same scope's 'All' band: the comparison line.
WITH staff AS (
    SELECT region_code, org_code, person_id, pay_band, ethnic_group,
           CASE WHEN is_clinical THEN 'Clinical' ELSE 'Non-clinical' END AS staff_scope
    FROM staff_in_post
),
expanded AS (
    SELECT region_code, org_code, person_id, pay_band, staff_scope, ethnic_group FROM staff
    UNION ALL
    SELECT region_code, org_code, person_id, CAST('All' AS VARCHAR), staff_scope, ethnic_group FROM staff
    UNION ALL
    SELECT region_code, org_code, person_id, pay_band, CAST('All' AS VARCHAR), ethnic_group FROM staff
    UNION ALL
    SELECT region_code, org_code, person_id, CAST('All' AS VARCHAR), CAST('All' AS VARCHAR), ethnic_group FROM staff
),
organisation_counts AS (
    SELECT region_code, org_code, staff_scope, pay_band,
           COUNT(DISTINCT CASE WHEN ethnic_group = 'White' THEN person_id END) AS headcount_white,
           COUNT(DISTINCT CASE WHEN ethnic_group = 'BME' THEN person_id END) AS headcount_bme,
           COUNT(DISTINCT CASE WHEN ethnic_group = 'Unknown' THEN person_id END) AS headcount_unknown,
           COUNT(DISTINCT person_id) AS headcount
    FROM expanded
    GROUP BY region_code, org_code, staff_scope, pay_band
),
region_counts AS (
    SELECT region_code, CAST(NULL AS VARCHAR) AS org_code, staff_scope, pay_band,
           SUM(headcount_white) AS headcount_white, SUM(headcount_bme) AS headcount_bme,
           SUM(headcount_unknown) AS headcount_unknown, SUM(headcount) AS headcount
    FROM organisation_counts
    GROUP BY region_code, staff_scope, pay_band
),
all_counts AS (
    SELECT * FROM organisation_counts
    UNION ALL
    SELECT * FROM region_counts
),
workforce AS (
    SELECT region_code, org_code, staff_scope,
           headcount_bme AS workforce_headcount_bme, headcount AS workforce_headcount
    FROM all_counts
    WHERE pay_band = 'All'
)
SELECT c.region_code, c.org_code, c.staff_scope, c.pay_band,
       c.headcount_white, c.headcount_bme, c.headcount_unknown, c.headcount,
       ROUND(CAST(c.headcount_white AS DOUBLE) / NULLIF(c.headcount, 0), 4) AS share_white,
       ROUND(CAST(c.headcount_bme AS DOUBLE) / NULLIF(c.headcount, 0), 4) AS share_bme,
       ROUND(CAST(c.headcount_unknown AS DOUBLE) / NULLIF(c.headcount, 0), 4) AS share_unknown,
       w.workforce_headcount_bme, w.workforce_headcount,
       ROUND(CAST(w.workforce_headcount_bme AS DOUBLE) / NULLIF(w.workforce_headcount, 0), 4) AS workforce_share_bme
FROM all_counts AS c
JOIN workforce AS w
  ON w.region_code = c.region_code
 AND w.staff_scope = c.staff_scope
 AND (w.org_code = c.org_code OR (w.org_code IS NULL AND c.org_code IS NULL))
