-- title: WRES indicator 4: relative likelihood of White staff accessing non-mandatory training and CPD compared to BME staff
-- grain: one row per region x organisation (org_code null = region total), episodes starting in the reporting year
-- source: NHS England, Workforce Race Equality Standard technical guidance, indicator 4
-- counts: accessed_white, headcount_white, accessed_bme, headcount_bme
-- derived: likelihood_white <- accessed_white, headcount_white; likelihood_bme <- accessed_bme, headcount_bme; relative_likelihood <- accessed_white, headcount_white, accessed_bme, headcount_bme; adverse <- accessed_white, headcount_white, accessed_bme, headcount_bme
-- accessed_* = distinct staff with a 'Non-mandatory' episode starting in (reporting_year_start,
-- reporting_date], by the group recorded on the episode; headcount_* = substantive staff on the
-- reporting date (wres_staff_by_group). relative_likelihood = (accessed_white / headcount_white)
-- / (accessed_bme / headcount_bme); null with a note when a part is zero.
WITH accessed AS (
    SELECT t.org_code,
           COUNT(DISTINCT CASE WHEN t.ethnic_group = 'White' THEN t.person_id END) AS accessed_white,
           COUNT(DISTINCT CASE WHEN t.ethnic_group = 'BME' THEN t.person_id END) AS accessed_bme
    FROM training AS t
    CROSS JOIN run_parameters AS p
    WHERE t.course_type = 'Non-mandatory'
      AND t.start_date > p.reporting_year_start
      AND t.start_date <= p.reporting_date
    GROUP BY t.org_code
),
headcounts AS (
    SELECT region_code, org_code,
           SUM(CASE WHEN ethnic_group = 'White' THEN headcount ELSE 0 END) AS headcount_white,
           SUM(CASE WHEN ethnic_group = 'BME' THEN headcount ELSE 0 END) AS headcount_bme
    FROM wres_staff_by_group
    GROUP BY region_code, org_code
),
organisation_counts AS (
    SELECT h.region_code, h.org_code,
           COALESCE(a.accessed_white, 0) AS accessed_white, h.headcount_white,
           COALESCE(a.accessed_bme, 0) AS accessed_bme, h.headcount_bme
    FROM headcounts AS h
    LEFT JOIN accessed AS a ON a.org_code = h.org_code
),
all_counts AS (
    SELECT * FROM organisation_counts
    UNION ALL
    SELECT region_code, CAST(NULL AS VARCHAR), SUM(accessed_white), SUM(headcount_white),
           SUM(accessed_bme), SUM(headcount_bme)
    FROM organisation_counts
    GROUP BY region_code
),
rated AS (
    SELECT *,
           CAST(accessed_white AS DOUBLE) / NULLIF(headcount_white, 0) AS raw_white,
           CAST(accessed_bme AS DOUBLE) / NULLIF(headcount_bme, 0) AS raw_bme
    FROM all_counts
)
SELECT region_code, org_code, accessed_white, headcount_white, accessed_bme, headcount_bme,
       ROUND(raw_white, 4) AS likelihood_white,
       ROUND(raw_bme, 4) AS likelihood_bme,
       CASE WHEN raw_white > 0 AND raw_bme > 0 THEN ROUND(raw_white / raw_bme, 4) END AS relative_likelihood,
       CASE WHEN headcount_white = 0 THEN 'no White staff'
            WHEN headcount_bme = 0 THEN 'no BME staff'
            WHEN accessed_white = 0 THEN 'no White staff accessed non-mandatory training'
            WHEN accessed_bme = 0 THEN 'no BME staff accessed non-mandatory training'
       END AS relative_likelihood_note,
       CASE WHEN raw_white > 0 AND raw_bme > 0
            THEN ROUND(raw_white / raw_bme, 4) < 0.80 OR ROUND(raw_white / raw_bme, 4) > 1.25 END AS adverse
FROM rated
