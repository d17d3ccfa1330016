-- title: Equality events: the numerator and denominator of every relative-likelihood metric, per organisation and compared group
-- grain: one row per metric (intermediate/equality_metrics) x organisation x group_role ('reference' | 'focus'), with the organisation's region
-- source: NHS England, WRES technical guidance indicators 2, 3 and 4 and WDES technical guidance metric 2; issue 17 part 1 (appraisal and talent-conversation coverage); EXTRACTS.md code lists
-- publish: false
-- needs: none
-- Measures (numerator / denominator, per group of the characteristic):
--   appointment_from_shortlisting: applications appointed / applications shortlisted, dated in
--     the reporting year (staging/applications_in_reporting_year), counted as applications.
--   formal_disciplinary_process: cases whose date_entered_formal_process is in the disciplinary
--     window (disciplinary_window_start, reporting_date], by the group recorded on the case /
--     average substantive headcount over the organisation's ESR snapshots in the window
--     (staging/substantive_assignments: distinct people per snapshot, summed, divided by the
--     number of snapshots the organisation sent in the window; denominator_count = that sum).
--   non_mandatory_training: distinct people with a 'Non-mandatory' episode starting in the
--     reporting year (reporting_year_start, reporting_date], by the group recorded on the
--     episode / substantive staff in post on the reporting date (staging/staff_in_post: the
--     organisation's latest ESR snapshot on or before the reporting date, when current).
--   appraisal_coverage / talent_conversation_coverage: distinct staff in post with an appraisal
--     (with a talent conversation held) dated in the reporting year / distinct staff in post,
--     both by the group ESR records for the person, from intermediate/appraisal_coverage_staff
--     (the one appraisal computation; its 'ethnicity', 'disability' and 'sex' breakdowns).
-- Groups: intermediate/protected_characteristics (reference White / non-disabled / Male, focus
-- BME / Disabled / Female); Unknown (and for sex Other and Not Known) is in no numerator or
-- denominator. A new characteristic is a row there, a row in equality_metrics, and one UNION
-- ALL line in each source below that records it.
-- Organisations: every organisation with a record of a compared group for the measure, and,
-- for staff denominators, every organisation in ESR (staging/organisation_snapshots). For staff
-- denominators, an organisation whose ESR snapshot is not current has null denominators and
-- its snapshot_note ('not computed: ...'), never 0 staff. region_code: staging/
-- esr_organisation_region, else the run's configured region.
-- Why it needs no extract (the header above): this model combines the recruitment,
-- disciplinary, training, appraisal and ESR extracts; an absent one is read as empty here,
-- and each published table declares the extracts it needs (WRES 2: recruitment; WRES 3:
-- disciplinary, esr_workforce; ...), so a region without the training extract still gets
-- indicators 2 and 3, and indicator 4 is not computed (and one without the appraisal extract
-- every WRES and WDES table, the appraisal tables not).
WITH parameters AS (
    SELECT region, reporting_year_start, disciplinary_window_start, reporting_date
    FROM run_parameters
),
applications AS (
    SELECT org_code, 'ethnicity' AS characteristic, ethnic_group AS recorded_value, shortlisted, appointed
    FROM applications_in_reporting_year
    UNION ALL
    SELECT org_code, 'disability', disability, shortlisted, appointed
    FROM applications_in_reporting_year
),
cases AS (
    SELECT d.org_code, 'ethnicity' AS characteristic, d.ethnic_group AS recorded_value
    FROM disciplinary AS d
    CROSS JOIN parameters AS p
    WHERE d.date_entered_formal_process > p.disciplinary_window_start
      AND d.date_entered_formal_process <= p.reporting_date
),
trainees AS (
    SELECT t.org_code, t.person_id, 'ethnicity' AS characteristic, t.ethnic_group AS recorded_value
    FROM training AS t
    CROSS JOIN parameters AS p
    WHERE t.course_type = 'Non-mandatory'
      AND t.start_date > p.reporting_year_start
      AND t.start_date <= p.reporting_date
),
window_staff AS (
    SELECT s.org_code, s.snapshot_date, s.person_id, s.ethnic_group, s.disability
    FROM substantive_assignments AS s
    CROSS JOIN parameters AS p
    WHERE s.snapshot_date > p.disciplinary_window_start
      AND s.snapshot_date <= p.reporting_date
),
window_snapshots AS (
    SELECT org_code, COUNT(DISTINCT snapshot_date) AS snapshots
    FROM window_staff
    GROUP BY org_code
),
window_staff_records AS (
    SELECT org_code, snapshot_date, person_id, 'ethnicity' AS characteristic, ethnic_group AS recorded_value
    FROM window_staff
    UNION ALL
    SELECT org_code, snapshot_date, person_id, 'disability', disability
    FROM window_staff
),
window_headcounts AS (
    -- every snapshot of the window: only the characteristics a window-average metric compares
    SELECT org_code, snapshot_date, characteristic, recorded_value, COUNT(DISTINCT person_id) AS headcount
    FROM window_staff_records
    WHERE characteristic IN (SELECT characteristic FROM equality_metrics WHERE staff_denominator = 'window_average')
    GROUP BY org_code, snapshot_date, characteristic, recorded_value
),
appraisal_records AS (
    SELECT org_code, person_id, dimension AS characteristic, characteristic_value AS recorded_value,
           appraised, talent_conversation
    FROM appraisal_coverage_staff
    WHERE characteristic_value IS NOT NULL
),
staff_records AS (
    SELECT org_code, person_id, 'ethnicity' AS characteristic, ethnic_group AS recorded_value
    FROM staff_in_post
    UNION ALL
    SELECT org_code, person_id, 'disability', disability
    FROM staff_in_post
),
measure_parts AS (
    SELECT 'appointment_from_shortlisting' AS measure, org_code, characteristic, recorded_value,
           SUM(CASE WHEN appointed THEN 1 ELSE 0 END) AS numerator,
           SUM(CASE WHEN shortlisted THEN 1 ELSE 0 END) AS denominator_count
    FROM applications
    GROUP BY org_code, characteristic, recorded_value
    UNION ALL
    SELECT 'formal_disciplinary_process', org_code, characteristic, recorded_value, COUNT(*), 0
    FROM cases
    GROUP BY org_code, characteristic, recorded_value
    UNION ALL
    SELECT 'formal_disciplinary_process', org_code, characteristic, recorded_value, 0, SUM(headcount)
    FROM window_headcounts
    GROUP BY org_code, characteristic, recorded_value
    UNION ALL
    SELECT 'non_mandatory_training', org_code, characteristic, recorded_value, COUNT(DISTINCT person_id), 0
    FROM trainees
    GROUP BY org_code, characteristic, recorded_value
    UNION ALL
    SELECT 'non_mandatory_training', org_code, characteristic, recorded_value, 0, COUNT(DISTINCT person_id)
    FROM staff_records
    GROUP BY org_code, characteristic, recorded_value
    UNION ALL
    SELECT 'appraisal_coverage', org_code, characteristic, recorded_value,
           COUNT(DISTINCT CASE WHEN appraised THEN person_id END), COUNT(DISTINCT person_id)
    FROM appraisal_records
    GROUP BY org_code, characteristic, recorded_value
    UNION ALL
    SELECT 'talent_conversation_coverage', org_code, characteristic, recorded_value,
           COUNT(DISTINCT CASE WHEN talent_conversation THEN person_id END), COUNT(DISTINCT person_id)
    FROM appraisal_records
    GROUP BY org_code, characteristic, recorded_value
),
compared_groups AS (
    SELECT characteristic, 'reference' AS group_role, reference_value AS recorded_value, reference_label AS group_label
    FROM protected_characteristics
    UNION ALL
    SELECT characteristic, 'focus', focus_value, focus_label
    FROM protected_characteristics
),
group_counts AS (
    SELECT m.metric, c.org_code, g.group_role,
           SUM(c.numerator) AS numerator,
           SUM(c.denominator_count) AS denominator_count
    FROM measure_parts AS c
    JOIN equality_metrics AS m ON m.measure = c.measure AND m.characteristic = c.characteristic
    JOIN compared_groups AS g ON g.characteristic = c.characteristic AND g.recorded_value = c.recorded_value
    GROUP BY m.metric, c.org_code, g.group_role
),
metric_organisations AS (
    SELECT metric, org_code FROM group_counts
    UNION
    SELECT m.metric, o.org_code
    FROM equality_metrics AS m
    CROSS JOIN organisation_snapshots AS o
    WHERE m.staff_denominator <> 'none'
),
organisation_groups AS (
    SELECT o.metric, m.characteristic, o.org_code, g.group_role, g.group_label, m.staff_denominator,
           COALESCE(c.numerator, 0) AS numerator,
           COALESCE(c.denominator_count, 0) AS denominator_count,
           CASE WHEN m.staff_denominator = 'window_average' THEN COALESCE(w.snapshots, 0) END AS snapshots,
           CASE WHEN m.staff_denominator <> 'none' THEN s.snapshot_date END AS snapshot_date,
           CASE WHEN m.staff_denominator <> 'none' THEN s.snapshot_note END AS snapshot_note
    FROM metric_organisations AS o
    JOIN equality_metrics AS m ON m.metric = o.metric
    JOIN compared_groups AS g ON g.characteristic = m.characteristic
    LEFT JOIN group_counts AS c
      ON c.metric = o.metric AND c.org_code = o.org_code AND c.group_role = g.group_role
    LEFT JOIN window_snapshots AS w ON w.org_code = o.org_code
    LEFT JOIN organisation_snapshots AS s ON s.org_code = o.org_code
)
SELECT
    o.metric,
    o.characteristic,
    COALESCE(r.region_code, p.region) AS region_code,
    o.org_code,
    o.group_role,
    o.group_label,
    o.numerator,
    CASE WHEN o.snapshot_note IS NULL THEN o.denominator_count END AS denominator_count,
    CASE WHEN o.snapshot_note IS NOT NULL THEN CAST(NULL AS DOUBLE)
         WHEN o.staff_denominator = 'window_average'
             THEN COALESCE(CAST(o.denominator_count AS DOUBLE) / NULLIF(o.snapshots, 0), 0)
         ELSE CAST(o.denominator_count AS DOUBLE)
    END AS denominator,
    o.snapshots,
    o.snapshot_date,
    o.snapshot_note
FROM organisation_groups AS o
CROSS JOIN parameters AS p
LEFT JOIN esr_organisation_region AS r ON r.org_code = o.org_code
