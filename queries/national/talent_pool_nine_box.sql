-- title: Talent-pool nine-box grid (performance x potential), national
-- grain: one row per critical role x performance x potential, England
-- source: the regional table of the same name, counts summed
-- counts: candidates, role_pool_candidates
-- derived: share_of_role_pool <- candidates, role_pool_candidates
SELECT critical_role, performance, potential, performance_order, potential_order, SUM(candidates) AS candidates,
       SUM(role_pool_candidates) AS role_pool_candidates,
       ROUND(CAST(SUM(candidates) AS DOUBLE) / NULLIF(SUM(role_pool_candidates), 0), 4) AS share_of_role_pool
FROM regional_talent_pool_nine_box
GROUP BY critical_role, performance, potential, performance_order, potential_order
