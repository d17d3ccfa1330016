-- title: Substantive staff in post on the reporting date
-- grain: one row per assignment in the ESR snapshot on the reporting date
-- source: EXTRACTS.md (esr_workforce): Bank, Locum and Honorary assignments are excluded from staff in post and from WRES denominators
-- publish: false
WITH reporting AS (
    SELECT reporting_date FROM run_parameters
)
SELECT e.*
FROM esr_workforce AS e
CROSS JOIN reporting AS r
WHERE e.snapshot_date = r.reporting_date
  AND e.assignment_category NOT IN ('Bank', 'Locum', 'Honorary')
