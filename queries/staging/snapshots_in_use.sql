-- title: The snapshot each organisation's figures come from, per snapshot extract (ESR, board, talent pool), and whether it is recent enough to use
-- grain: one row per extract ('esr_workforce', 'board', 'talent_pool') x organisation in it
-- source: issue 13 point 1 (organisations send snapshots late or not at all: each organisation's latest snapshot on or before the reporting date, within a staleness limit)
-- publish: false
-- needs: none
-- The one snapshot rule. Per extract and organisation: its latest snapshot on or before the
-- reporting date (a snapshot dated after it describes a later month and is ignored), used only
-- when it is at most metrics.snapshot_staleness_days (default 45) days older than the reporting
-- date (snapshot_date >= run_parameters.oldest_usable_snapshot_date). Beyond the limit, or with
-- no snapshot on or before the reporting date, is_current is false and the organisation's
-- figures from that extract are not computed (snapshot_note says why), never zero. With no
-- reporting date at all (no ESR and none configured) the latest snapshot is used. An absent
-- extract is read as empty: its organisations simply have no rows.
WITH snapshots AS (
    SELECT DISTINCT 'esr_workforce' AS extract, org_code, snapshot_date FROM esr_workforce
    UNION ALL
    SELECT DISTINCT 'board', org_code, snapshot_date FROM board
    UNION ALL
    SELECT DISTINCT 'talent_pool', org_code, snapshot_date FROM talent_pool
),
latest_on_or_before AS (
    SELECT
        s.extract,
        s.org_code,
        MAX(CASE WHEN p.reporting_date IS NULL OR s.snapshot_date <= p.reporting_date THEN s.snapshot_date END)
            AS snapshot_date
    FROM snapshots AS s
    CROSS JOIN run_parameters AS p
    GROUP BY s.extract, s.org_code
)
SELECT
    l.extract,
    l.org_code,
    p.reporting_date,
    l.snapshot_date,
    p.reporting_date - l.snapshot_date AS days_before_reporting_date,
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
