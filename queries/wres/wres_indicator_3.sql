-- title: WRES indicator 3: relative likelihood of BME staff entering the formal disciplinary process compared to White staff
-- grain: one row per region x organisation (org_code null = region total), over the disciplinary window ending on the reporting date
-- source: NHS England, Workforce Race Equality Standard technical guidance, indicator 3 (entry into the formal disciplinary process, two-year rolling period)
-- counts: entered_bme, entered_white, headcount_bme_snapshot_sum, headcount_white_snapshot_sum
-- derived: average_headcount_bme <- headcount_bme_snapshot_sum; average_headcount_white <- headcount_white_snapshot_sum; likelihood_bme <- entered_bme, headcount_bme_snapshot_sum; likelihood_white <- entered_white, headcount_white_snapshot_sum; relative_likelihood <- entered_bme, entered_white, headcount_bme_snapshot_sum, headcount_white_snapshot_sum; adverse <- entered_bme, entered_white, headcount_bme_snapshot_sum, headcount_white_snapshot_sum
-- Window: dates d with disciplinary_window_start < d <= reporting_date (24 months by default,
-- configurable as metrics.disciplinary_window_months). entered_*: cases whose
-- date_entered_formal_process is in the window, by the ethnic group recorded on the case
-- (Unknown excluded). Headcount: substantive staff (Bank, Locum and Honorary excluded, the
-- common/staff_in_post rule applied to every snapshot) by distinct person on each ESR snapshot in
-- the window; average_headcount_* = headcount_*_snapshot_sum / snapshots. A region total sums the
-- organisations' cases and average headcounts. likelihood_* = entered / average headcount;
-- relative_likelihood = likelihood_bme / likelihood_white (BME first), rounded to 4 dp, null with
-- relative_likelihood_note when any part is zero; adverse outside 0.80-1.25. Cases at an
-- organisation with no staff in the window still get a row (null, with a note).
-- region_code: the organisation's region in ESR, else the run's configured region.
WITH reporting_window AS (
    SELECT region, disciplinary_window_start, reporting_date FROM run_parameters
),
substantive_staff_in_window AS (
    SELECT e.org_code, e.snapshot_date, e.person_id, e.ethnic_group
    FROM esr_workforce AS e
    CROSS JOIN reporting_window AS w
    WHERE e.snapshot_date > w.disciplinary_window_start
      AND e.snapshot_date <= w.reporting_date
      AND e.assignment_category NOT IN ('Bank', 'Locum', 'Honorary')
),
snapshot_headcounts AS (
    SELECT org_code, snapshot_date,
           COUNT(DISTINCT CASE WHEN ethnic_group = 'BME' THEN person_id END) AS headcount_bme,
           COUNT(DISTINCT CASE WHEN ethnic_group = 'White' THEN person_id END) AS headcount_white
    FROM substantive_staff_in_window
    GROUP BY org_code, snapshot_date
),
window_headcounts AS (
    SELECT org_code,
           COUNT(*) AS snapshots,
           SUM(headcount_bme) AS headcount_bme_snapshot_sum,
           SUM(headcount_white) AS headcount_white_snapshot_sum
    FROM snapshot_headcounts
    GROUP BY org_code
),
cases_in_window AS (
    SELECT d.org_code,
           SUM(CASE WHEN d.ethnic_group = 'BME' THEN 1 ELSE 0 END) AS entered_bme,
           SUM(CASE WHEN d.ethnic_group = 'White' THEN 1 ELSE 0 END) AS entered_white
    FROM disciplinary AS d
    CROSS JOIN reporting_window AS w
    WHERE d.date_entered_formal_process > w.disciplinary_window_start
      AND d.date_entered_formal_process <= w.reporting_date
    GROUP BY d.org_code
),
organisations AS (
    SELECT org_code FROM window_headcounts
    UNION
    SELECT org_code FROM cases_in_window
),
organisation_counts AS (
    SELECT COALESCE(m.region_code, w.region) AS region_code,
           o.org_code,
           COALESCE(c.entered_bme, 0) AS entered_bme,
           COALESCE(c.entered_white, 0) AS entered_white,
           COALESCE(h.snapshots, 0) AS snapshots,
           COALESCE(h.headcount_bme_snapshot_sum, 0) AS headcount_bme_snapshot_sum,
           COALESCE(h.headcount_white_snapshot_sum, 0) AS headcount_white_snapshot_sum,
           COALESCE(CAST(h.headcount_bme_snapshot_sum AS DOUBLE) / h.snapshots, 0) AS average_headcount_bme,
           COALESCE(CAST(h.headcount_white_snapshot_sum AS DOUBLE) / h.snapshots, 0) AS average_headcount_white
    FROM organisations AS o
    CROSS JOIN reporting_window AS w
    LEFT JOIN window_headcounts AS h ON h.org_code = o.org_code
    LEFT JOIN cases_in_window AS c ON c.org_code = o.org_code
    LEFT JOIN esr_organisation_region AS m ON m.org_code = o.org_code
),
region_counts AS (
    SELECT region_code, CAST(NULL AS VARCHAR) AS org_code,
           SUM(entered_bme) AS entered_bme, SUM(entered_white) AS entered_white,
           MAX(snapshots) AS snapshots,
           SUM(headcount_bme_snapshot_sum) AS headcount_bme_snapshot_sum,
           SUM(headcount_white_snapshot_sum) AS headcount_white_snapshot_sum,
           SUM(average_headcount_bme) AS average_headcount_bme,
           SUM(average_headcount_white) AS average_headcount_white
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
           entered_bme / NULLIF(average_headcount_bme, 0) AS likelihood_bme_exact,
           entered_white / NULLIF(average_headcount_white, 0) AS likelihood_white_exact
    FROM all_counts
),
relative_likelihoods AS (
    SELECT *,
           CASE WHEN likelihood_bme_exact > 0 AND likelihood_white_exact > 0
                THEN ROUND(likelihood_bme_exact / likelihood_white_exact, 4)
           END AS relative_likelihood
    FROM likelihoods
)
SELECT
    region_code,
    org_code,
    entered_bme,
    entered_white,
    snapshots,
    headcount_bme_snapshot_sum,
    headcount_white_snapshot_sum,
    ROUND(average_headcount_bme, 4) AS average_headcount_bme,
    ROUND(average_headcount_white, 4) AS average_headcount_white,
    ROUND(likelihood_bme_exact, 6) AS likelihood_bme,
    ROUND(likelihood_white_exact, 6) AS likelihood_white,
    relative_likelihood,
    CASE WHEN average_headcount_bme = 0 THEN 'no BME staff in the window'
         WHEN average_headcount_white = 0 THEN 'no White staff in the window'
         WHEN entered_bme = 0 THEN 'no BME staff entered the formal process'
         WHEN entered_white = 0 THEN 'no White staff entered the formal process'
    END AS relative_likelihood_note,
    relative_likelihood < 0.80 OR relative_likelihood > 1.25 AS adverse
FROM relative_likelihoods
