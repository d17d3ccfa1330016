-- title: WRES indicator 3: relative likelihood of BME staff entering the formal disciplinary process compared to White staff
-- grain: one row per region x organisation (org_code null = region total), over the disciplinary window
-- source: NHS England, Workforce Race Equality Standard technical guidance, indicator 3 (two-year rolling average of cases)
-- counts: entered_bme, entered_white, headcount_bme_snapshot_sum, headcount_white_snapshot_sum
-- derived: average_headcount_bme <- headcount_bme_snapshot_sum; average_headcount_white <- headcount_white_snapshot_sum; likelihood_bme <- entered_bme, headcount_bme_snapshot_sum; likelihood_white <- entered_white, headcount_white_snapshot_sum; relative_likelihood <- entered_bme, entered_white, headcount_bme_snapshot_sum, headcount_white_snapshot_sum; adverse <- entered_bme, entered_white, headcount_bme_snapshot_sum, headcount_white_snapshot_sum
-- Window: dates d with disciplinary_window_start < d <= reporting_date (24 months by default,
-- metrics.disciplinary_window_months). Cases by the ethnic group recorded on the case; headcount
-- = substantive staff by distinct person on each ESR snapshot inside the window, averaged over
-- those snapshots (headcount_*_snapshot_sum / snapshots; national sums the parts).
-- relative_likelihood = (entered_bme / average_headcount_bme) / (entered_white /
-- average_headcount_white); null with a note when a part is zero; adverse outside 0.80-1.25.
WITH window_snapshots AS (
    SELECT e.region_code, e.org_code, e.snapshot_date, e.ethnic_group, COUNT(DISTINCT e.person_id) AS headcount
    FROM esr_workforce AS e
    CROSS JOIN run_parameters AS p
    WHERE e.snapshot_date > p.disciplinary_window_start
      AND e.snapshot_date <= p.reporting_date
      AND e.assignment_category NOT IN ('Bank', 'Locum', 'Honorary')
    GROUP BY e.region_code, e.org_code, e.snapshot_date, e.ethnic_group
),
headcounts AS (
    SELECT region_code, org_code,
           COUNT(DISTINCT snapshot_date) AS snapshots,
           SUM(CASE WHEN ethnic_group = 'BME' THEN headcount ELSE 0 END) AS headcount_bme_snapshot_sum,
           SUM(CASE WHEN ethnic_group = 'White' THEN headcount ELSE 0 END) AS headcount_white_snapshot_sum
    FROM window_snapshots
    GROUP BY region_code, org_code
),
cases AS (
    SELECT d.org_code,
           SUM(CASE WHEN d.ethnic_group = 'BME' THEN 1 ELSE 0 END) AS entered_bme,
           SUM(CASE WHEN d.ethnic_group = 'White' THEN 1 ELSE 0 END) AS entered_white
    FROM disciplinary AS d
    CROSS JOIN run_parameters AS p
    WHERE d.date_entered_formal_process > p.disciplinary_window_start
      AND d.date_entered_formal_process <= p.reporting_date
    GROUP BY d.org_code
),
organisation_counts AS (
    SELECT h.region_code, h.org_code,
           COALESCE(c.entered_bme, 0) AS entered_bme, COALESCE(c.entered_white, 0) AS entered_white,
           h.snapshots, h.headcount_bme_snapshot_sum, h.headcount_white_snapshot_sum,
           CAST(h.headcount_bme_snapshot_sum AS DOUBLE) / h.snapshots AS average_headcount_bme,
           CAST(h.headcount_white_snapshot_sum AS DOUBLE) / h.snapshots AS average_headcount_white
    FROM headcounts AS h
    LEFT JOIN cases AS c ON c.org_code = h.org_code
),
all_counts AS (
    SELECT * FROM organisation_counts
    UNION ALL
    SELECT region_code, CAST(NULL AS VARCHAR), SUM(entered_bme), SUM(entered_white), MAX(snapshots),
           SUM(headcount_bme_snapshot_sum), SUM(headcount_white_snapshot_sum),
           SUM(average_headcount_bme), SUM(average_headcount_white)
    FROM organisation_counts
    GROUP BY region_code
),
rated AS (
    SELECT *,
           entered_bme / NULLIF(average_headcount_bme, 0) AS raw_bme,
           entered_white / NULLIF(average_headcount_white, 0) AS raw_white
    FROM all_counts
)
SELECT region_code, org_code, entered_bme, entered_white, snapshots,
       headcount_bme_snapshot_sum, headcount_white_snapshot_sum,
       ROUND(average_headcount_bme, 4) AS average_headcount_bme,
       ROUND(average_headcount_white, 4) AS average_headcount_white,
       ROUND(raw_bme, 6) AS likelihood_bme,
       ROUND(raw_white, 6) AS likelihood_white,
       CASE WHEN raw_bme > 0 AND raw_white > 0 THEN ROUND(raw_bme / raw_white, 4) END AS relative_likelihood,
       CASE WHEN average_headcount_bme IS NULL OR average_headcount_bme = 0 THEN 'no BME staff'
            WHEN average_headcount_white IS NULL OR average_headcount_white = 0 THEN 'no White staff'
            WHEN entered_bme = 0 THEN 'no BME staff entered the formal process'
            WHEN entered_white = 0 THEN 'no White staff entered the formal process'
       END AS relative_likelihood_note,
       CASE WHEN raw_bme > 0 AND raw_white > 0
            THEN ROUND(raw_bme / raw_white, 4) < 0.80 OR ROUND(raw_bme / raw_white, 4) > 1.25 END AS adverse
FROM rated
