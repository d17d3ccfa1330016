-- title: The talent-pool snapshot each organisation's candidates come from, and whether it is recent enough to use
-- grain: one row per organisation in the talent_pool extract
-- source: issue 13 point 1 (each organisation's latest snapshot on or before the reporting date, within a staleness limit; the talent pool's latest snapshot was taken per region, so an organisation with an older snapshot vanished); talent_pool extract (EXTRACTS.md)
-- publish: false
-- needs: talent_pool
-- The talent-pool rows of staging/snapshots_in_use (the one snapshot rule), per organisation.
-- An organisation whose snapshot is not current has no rows in talent_pool_latest_snapshot and
-- its supply is not computed (snapshot_note says why). region_code: the organisation's ESR
-- region (staging/esr_organisation_region), else the region its talent-pool rows give (the
-- first in sort order), else the run's configured region.
WITH extract_regions AS (
    SELECT org_code, MIN(region_code) AS extract_region_code
    FROM talent_pool
    GROUP BY org_code
)
SELECT
    COALESCE(r.region_code, e.extract_region_code, p.region) AS region_code,
    s.org_code,
    s.reporting_date,
    s.snapshot_date,
    s.days_before_reporting_date,
    s.snapshot_staleness_days,
    s.is_current,
    s.snapshot_note
FROM snapshots_in_use AS s
JOIN extract_regions AS e ON e.org_code = s.org_code
CROSS JOIN run_parameters AS p
LEFT JOIN esr_organisation_region AS r ON r.org_code = s.org_code
WHERE s.extract = 'talent_pool'
