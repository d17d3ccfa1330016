-- title: Organisations in the leadership pipeline and their region
-- grain: one row per organisation on a latest board snapshot, with an open critical-role vacancy, or in a latest talent pool
-- source: board, vacancies and talent_pool extracts (EXTRACTS.md)
-- publish: false
-- Note: the region is the organisation's ESR region, else its vacancies' region, else its
-- talent pool's region, else the run's configured region (run_parameters.region).
WITH board_organisations AS (
    SELECT DISTINCT org_code FROM board_latest_snapshot
),
critical_vacancy_organisations AS (
    SELECT org_code, MIN(region_code) AS region_code
    FROM vacancy_status_at_reporting_date
    WHERE is_open_at_snapshot AND critical_role IS NOT NULL
    GROUP BY org_code
),
talent_pool_organisations AS (
    SELECT org_code, MIN(region_code) AS region_code
    FROM talent_pool_latest_snapshot
    GROUP BY org_code
),
pipeline_organisations AS (
    SELECT org_code FROM board_organisations
    UNION
    SELECT org_code FROM critical_vacancy_organisations
    UNION
    SELECT org_code FROM talent_pool_organisations
)
SELECT
    o.org_code,
    COALESCE(e.region_code, v.region_code, t.region_code, p.region) AS region_code
FROM pipeline_organisations AS o
LEFT JOIN esr_organisation_region AS e ON e.org_code = o.org_code
LEFT JOIN critical_vacancy_organisations AS v ON v.org_code = o.org_code
LEFT JOIN talent_pool_organisations AS t ON t.org_code = o.org_code
CROSS JOIN run_parameters AS p
