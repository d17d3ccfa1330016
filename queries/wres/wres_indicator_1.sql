-- title: WRES indicator 1: White, BME and Unknown staff in each pay band, clinical and non-clinical, against the whole workforce
-- grain: one row per region x organisation (org_code null = region total) x staff_scope ('Clinical', 'Non-clinical', 'All') x pay_band (each band present, and 'All')
-- source: NHS England, Workforce Race Equality Standard technical guidance, indicator 1 (percentage of staff in each of the AfC bands 1-9 and VSM, and medical staff, clinical and non-clinical, compared with the percentage of staff in the overall workforce)
-- counts: headcount_white, headcount_bme, headcount_unknown, headcount, workforce_headcount_white, workforce_headcount_bme, workforce_headcount_unknown, workforce_headcount
-- derived: share_white <- headcount_white, headcount; share_bme <- headcount_bme, headcount; share_unknown <- headcount_unknown, headcount; workforce_share_white <- workforce_headcount_white, workforce_headcount; workforce_share_bme <- workforce_headcount_bme, workforce_headcount; workforce_share_unknown <- workforce_headcount_unknown, workforce_headcount
-- Staff: substantive staff in post on the reporting date (wres_staff_in_post), counted by distinct
-- person: a person with two assignments in one band counts once in it, and once in 'All'; with
-- assignments in two bands (or clinical and non-clinical) they count once in each, and once in
-- 'All'. Unknown ethnicity (Z, not stated, empty) is its own column and part of the band's
-- headcount, so the three shares add up to 1. workforce_*: the same organisation and staff_scope
-- in pay_band 'All' (the whole workforce of that scope; staff_scope 'All' = the whole
-- organisation), the line each band is compared with. Region totals sum the organisations' counts
-- and recompute the shares.
WITH staff AS (
    SELECT region_code, org_code, person_id, pay_band, staff_scope, ethnic_group
    FROM wres_staff_in_post
),
staff_by_scope_and_band AS (
    SELECT region_code, org_code, person_id, staff_scope, pay_band, ethnic_group FROM staff
    UNION ALL
    SELECT region_code, org_code, person_id, staff_scope, CAST('All' AS VARCHAR), ethnic_group FROM staff
    UNION ALL
    SELECT region_code, org_code, person_id, CAST('All' AS VARCHAR), pay_band, ethnic_group FROM staff
    UNION ALL
    SELECT region_code, org_code, person_id, CAST('All' AS VARCHAR), CAST('All' AS VARCHAR), ethnic_group FROM staff
),
organisation_counts AS (
    SELECT region_code, org_code, staff_scope, pay_band,
           COUNT(DISTINCT CASE WHEN ethnic_group = 'White' THEN person_id END) AS headcount_white,
           COUNT(DISTINCT CASE WHEN ethnic_group = 'BME' THEN person_id END) AS headcount_bme,
           COUNT(DISTINCT CASE WHEN ethnic_group = 'Unknown' THEN person_id END) AS headcount_unknown,
           COUNT(DISTINCT person_id) AS headcount
    FROM staff_by_scope_and_band
    GROUP BY region_code, org_code, staff_scope, pay_band
),
region_counts AS (
    SELECT region_code, CAST(NULL AS VARCHAR) AS org_code, staff_scope, pay_band,
           SUM(headcount_white) AS headcount_white, SUM(headcount_bme) AS headcount_bme,
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
           headcount_white AS workforce_headcount_white,
           headcount_bme AS workforce_headcount_bme,
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
    b.headcount_white,
    b.headcount_bme,
    b.headcount_unknown,
    b.headcount,
    ROUND(CAST(b.headcount_white AS DOUBLE) / NULLIF(b.headcount, 0), 4) AS share_white,
    ROUND(CAST(b.headcount_bme AS DOUBLE) / NULLIF(b.headcount, 0), 4) AS share_bme,
    ROUND(CAST(b.headcount_unknown AS DOUBLE) / NULLIF(b.headcount, 0), 4) AS share_unknown,
    w.workforce_headcount_white,
    w.workforce_headcount_bme,
    w.workforce_headcount_unknown,
    w.workforce_headcount,
    ROUND(CAST(w.workforce_headcount_white AS DOUBLE) / NULLIF(w.workforce_headcount, 0), 4) AS workforce_share_white,
    ROUND(CAST(w.workforce_headcount_bme AS DOUBLE) / NULLIF(w.workforce_headcount, 0), 4) AS workforce_share_bme,
    ROUND(CAST(w.workforce_headcount_unknown AS DOUBLE) / NULLIF(w.workforce_headcount, 0), 4) AS workforce_share_unknown
FROM band_counts AS b
JOIN workforce_counts AS w
  ON w.region_code = b.region_code
 AND w.staff_scope = b.staff_scope
 AND (w.org_code = b.org_code OR (w.org_code IS NULL AND b.org_code IS NULL))
