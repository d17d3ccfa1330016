-- title: The ESR snapshot each organisation's staff figures come from, and whether it is recent enough to use
-- grain: one row per organisation in the ESR extract
-- source: issue 13 point 1 (organisations send snapshots late or not at all); EXTRACTS.md (esr_workforce: monthly snapshots)
-- needs: esr_workforce
-- The ESR rows of staging/snapshots_in_use (the one snapshot rule): an organisation's staff in
-- post are read from its latest ESR snapshot on or before the reporting date
-- (run_parameters.reporting_date: metrics.reporting_date, default the latest snapshot of any
-- organisation), used only when it is at most metrics.snapshot_staleness_days (default 45) days
-- older than the reporting date. So one organisation that has already sent next month's
-- snapshot never empties the others, and one that is a month late is still counted from its
-- previous month. Beyond the limit, or with no snapshot on or before the reporting date,
-- is_current is false and every staff-based figure of the organisation is not computed
-- (snapshot_note says why); it is then left out of region totals.
SELECT
    r.region_code,
    s.org_code,
    s.reporting_date,
    s.snapshot_date,
    s.days_before_reporting_date,
    s.snapshot_staleness_days,
    s.is_current,
    s.snapshot_note
FROM snapshots_in_use AS s
JOIN esr_organisation_region AS r ON r.org_code = s.org_code
WHERE s.extract = 'esr_workforce'
