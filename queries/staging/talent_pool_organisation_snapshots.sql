-- title: The talent-pool snapshot each organisation's candidates come from, and whether it is recent enough to use
-- grain: one row per organisation in the talent_pool extract
-- source: issue 13 point 1 (each organisation's latest snapshot on or before the reporting date, within a staleness limit; the talent pool's latest snapshot was taken per region, so an organisation with an older snapshot vanished); talent_pool extract (EXTRACTS.md)
-- publish: false
-- Rule (the same as staging/organisation_snapshots for ESR), per organisation: its latest
-- talent-pool snapshot on or before the reporting date, used only when it is at most
-- metrics.snapshot_staleness_days (default 45) days older than the reporting date
-- (snapshot_date >= run_parameters.oldest_usable_snapshot_date). Beyond the limit, or with no
-- snapshot on or before the reporting date, is_current is false, the organisation has no rows in
-- talent_pool_latest_snapshot and its supply is not computed (snapshot_note says why).
-- region_code: the organisation's ESR region (staging/esr_organisation_region), else the region
-- its talent-pool rows give (the first in sort order), else the run's configured region.
-- With no reporting date at all (no ESR and none configured) the latest snapshot is used.
WITH latest_on_or_before AS (
    SELECT
        t.org_code,
        MAX(CASE WHEN p.reporting_date IS NULL OR t.snapshot_date <= p.reporting_date THEN t.snapshot_date END)
            AS snapshot_date,
        MIN(t.region_code) AS extract_region_code
    FROM talent_pool AS t
    CROSS JOIN run_parameters AS p
    GROUP BY t.org_code
)
SELECT
    COALESCE(r.region_code, l.extract_region_code, p.region) AS region_code,
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
LEFT JOIN esr_organisation_region AS r ON r.org_code = l.org_code
