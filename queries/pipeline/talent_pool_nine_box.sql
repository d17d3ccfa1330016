-- title: Nine-box distribution (performance x potential) of each region's talent pool, per target role
-- grain: one row per region x critical role x performance x potential (all nine cells, zero included)
-- source: the nine-box grid (performance x potential) of the talent_pool extract (EXTRACTS.md), each organisation's talent-pool snapshot in use (staging/talent_pool_latest_snapshot: its latest on or before the reporting date, within the staleness limit; issue 13 point 1); issue 6
-- counts: candidates, role_pool_candidates
-- derived: share_of_role_pool <- candidates, role_pool_candidates
-- Note: every candidate of the pool counts, whatever their readiness ('Not ready' included).
-- Rows exist for every critical role (run table critical_roles) in every region with a
-- talent-pool snapshot in use. Organisations whose talent-pool snapshot is not current are
-- left out; organisations_without_recent_talent_pool counts them.
WITH ratings AS (
    SELECT rating, rating_order
    FROM (VALUES ('Low', 1), ('Moderate', 2), ('High', 3)) AS r (rating, rating_order)
),
regions AS (
    SELECT DISTINCT region_code FROM talent_pool_latest_snapshot
),
cells AS (
    SELECT
        g.region_code, c.critical_role,
        perf.rating AS performance, perf.rating_order AS performance_order,
        pot.rating AS potential, pot.rating_order AS potential_order
    FROM regions AS g
    CROSS JOIN critical_roles AS c
    CROSS JOIN ratings AS perf
    CROSS JOIN ratings AS pot
),
candidates_per_cell AS (
    SELECT region_code, target_role, performance, potential, COUNT(DISTINCT person_id) AS candidates
    FROM talent_pool_latest_snapshot
    GROUP BY region_code, target_role, performance, potential
),
organisations_not_current AS (
    SELECT region_code, COUNT(*) AS organisations_without_recent_talent_pool
    FROM talent_pool_organisation_snapshots
    WHERE NOT is_current
    GROUP BY region_code
),
role_pools AS (
    SELECT region_code, target_role, COUNT(DISTINCT person_id) AS role_pool_candidates
    FROM talent_pool_latest_snapshot
    GROUP BY region_code, target_role
)
SELECT
    c.region_code,
    c.critical_role,
    c.performance,
    c.potential,
    c.performance_order,
    c.potential_order,
    COALESCE(n.candidates, 0) AS candidates,
    COALESCE(p.role_pool_candidates, 0) AS role_pool_candidates,
    ROUND(CAST(COALESCE(n.candidates, 0) AS DOUBLE) / NULLIF(p.role_pool_candidates, 0), 4) AS share_of_role_pool,
    CASE WHEN p.role_pool_candidates IS NULL THEN 'no candidates for this role in the region' END
        AS share_of_role_pool_note,
    COALESCE(o.organisations_without_recent_talent_pool, 0) AS organisations_without_recent_talent_pool
FROM cells AS c
LEFT JOIN candidates_per_cell AS n
  ON n.region_code = c.region_code AND n.target_role = c.critical_role
 AND n.performance = c.performance AND n.potential = c.potential
LEFT JOIN role_pools AS p
  ON p.region_code = c.region_code AND p.target_role = c.critical_role
LEFT JOIN organisations_not_current AS o ON o.region_code = c.region_code
