-- title: Organisations in the leadership pipeline, their region and the board and talent-pool snapshots their figures come from
-- grain: one row per organisation in the board extract, with an open critical-role vacancy, or in the talent pool extract
-- source: board, vacancies and talent_pool extracts (EXTRACTS.md); issue 13 point 1 (snapshots per organisation, on or before the reporting date, within the staleness limit)
-- publish: false
-- Region: the organisation's ESR region, else its vacancies' region, else its talent pool's
-- region, else the run's configured region (run_parameters.region).
-- Board (demand): board_is_current when the organisation's board snapshot in use is recent
-- enough (staging/board_organisation_snapshots); an organisation with no board rows at all
-- (only open vacancies or candidates) has no known seats, so its posts are not computed either.
-- Talent pool (supply): an organisation absent from the talent_pool extract has no candidates
-- (supply 0, talent_pool_is_current true); one whose latest snapshot on or before the reporting
-- date is too old, or that has only later snapshots, has its supply not computed.
WITH critical_vacancy_organisations AS (
    SELECT org_code, MIN(region_code) AS region_code
    FROM vacancy_status_at_reporting_date
    WHERE is_open_at_snapshot AND critical_role IS NOT NULL
    GROUP BY org_code
),
pipeline_organisations AS (
    SELECT org_code FROM board_organisation_snapshots
    UNION
    SELECT org_code FROM critical_vacancy_organisations
    UNION
    SELECT org_code FROM talent_pool_organisation_snapshots
)
SELECT
    o.org_code,
    COALESCE(e.region_code, v.region_code, t.region_code, p.region) AS region_code,
    b.snapshot_date AS board_snapshot_date,
    COALESCE(b.is_current, FALSE) AS board_is_current,
    CASE
        WHEN b.org_code IS NULL THEN 'not computed: the organisation is not in the board extract'
        ELSE b.snapshot_note
    END AS board_snapshot_note,
    t.snapshot_date AS talent_pool_snapshot_date,
    COALESCE(t.is_current, TRUE) AS talent_pool_is_current,
    t.snapshot_note AS talent_pool_snapshot_note
FROM pipeline_organisations AS o
LEFT JOIN esr_organisation_region AS e ON e.org_code = o.org_code
LEFT JOIN critical_vacancy_organisations AS v ON v.org_code = o.org_code
LEFT JOIN talent_pool_organisation_snapshots AS t ON t.org_code = o.org_code
LEFT JOIN board_organisation_snapshots AS b ON b.org_code = o.org_code
CROSS JOIN run_parameters AS p
