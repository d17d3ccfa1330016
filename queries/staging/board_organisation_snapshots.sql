-- title: The board snapshot each organisation's board figures come from, and whether it is recent enough to use
-- grain: one row per organisation in the board extract
-- source: issue 13 point 1 (each organisation's latest snapshot on or before the reporting date, within a staleness limit); board extract (EXTRACTS.md)
-- publish: false
-- Rule (the same as staging/organisation_snapshots for ESR): an organisation's board is read
-- from its latest board snapshot on or before the reporting date (a snapshot dated after it
-- describes a later board and is ignored), used only when it is at most
-- metrics.snapshot_staleness_days (default 45) days older than the reporting date
-- (snapshot_date >= run_parameters.oldest_usable_snapshot_date). Beyond the limit, or with no
-- snapshot on or before the reporting date, is_current is false, the organisation has no seats
-- in board_latest_snapshot and its board figures are not computed (snapshot_note says why).
-- With no reporting date at all (no ESR and none configured) the latest snapshot is used.
WITH latest_on_or_before AS (
    SELECT
        b.org_code,
        MAX(CASE WHEN p.reporting_date IS NULL OR b.snapshot_date <= p.reporting_date THEN b.snapshot_date END)
            AS snapshot_date
    FROM board AS b
    CROSS JOIN run_parameters AS p
    GROUP BY b.org_code
)
SELECT
    l.org_code,
    p.reporting_date,
    l.snapshot_date,
    p.snapshot_staleness_days,
    COALESCE(
        l.snapshot_date >= p.oldest_usable_snapshot_date
            OR (p.reporting_date IS NULL AND l.snapshot_date IS NOT NULL),
        FALSE) AS is_current,
    CASE
        WHEN l.snapshot_date IS NULL
            THEN 'not computed: no snapshot on or before the reporting date'
        WHEN l.snapshot_date < p.oldest_usable_snapshot_date
            THEN 'not computed: no recent snapshot (the latest is more than '
                 || CAST(p.snapshot_staleness_days AS VARCHAR)
                 || ' days before the reporting date: metrics.snapshot_staleness_days)'
    END AS snapshot_note
FROM latest_on_or_before AS l
CROSS JOIN run_parameters AS p
