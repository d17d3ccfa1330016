-- title: The ESR snapshot each organisation's staff figures come from, and whether it is recent enough to use
-- grain: one row per organisation in the ESR extract
-- source: issue 13 point 1 (organisations send snapshots late or not at all); EXTRACTS.md (esr_workforce: monthly snapshots)
-- Rule: an organisation's staff in post are read from its latest ESR snapshot on or before the
-- reporting date (run_parameters.reporting_date: metrics.reporting_date, default the latest
-- snapshot of any organisation), used only when it is at most metrics.snapshot_staleness_days
-- (default 45) days older than the reporting date (snapshot_date >=
-- run_parameters.oldest_usable_snapshot_date). So one organisation that has already sent next
-- month's snapshot never empties the others, and one that is a month late is still counted
-- from its previous month. Beyond the limit, or with no snapshot on or before the reporting
-- date, is_current is false and every staff-based figure of the organisation is not computed
-- (snapshot_note says why); it is then left out of region totals.
WITH latest_usable_candidate AS (
    SELECT e.org_code, MAX(e.snapshot_date) AS snapshot_date
    FROM esr_workforce AS e
    CROSS JOIN run_parameters AS p
    WHERE e.snapshot_date <= p.reporting_date
    GROUP BY e.org_code
)
SELECT
    r.region_code,
    r.org_code,
    p.reporting_date,
    l.snapshot_date,
    p.reporting_date - l.snapshot_date AS days_before_reporting_date,
    p.snapshot_staleness_days,
    COALESCE(l.snapshot_date >= p.oldest_usable_snapshot_date, FALSE) AS is_current,
    CASE
        WHEN l.snapshot_date IS NULL
            THEN 'not computed: no snapshot on or before the reporting date'
        WHEN l.snapshot_date < p.oldest_usable_snapshot_date
            THEN 'not computed: no recent snapshot (the latest is more than '
                 || CAST(p.snapshot_staleness_days AS VARCHAR)
                 || ' days before the reporting date: metrics.snapshot_staleness_days)'
    END AS snapshot_note
FROM esr_organisation_region AS r
CROSS JOIN run_parameters AS p
LEFT JOIN latest_usable_candidate AS l ON l.org_code = r.org_code
