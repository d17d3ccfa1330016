-- title: Leadership pipeline, national: expected demand against ready candidates per critical role and horizon
-- grain: England, the sum of the regions supplied (region total rows)
-- source: the regional table of the same name; every rate recomputed from summed numerators and denominators (never an average of regional rates)
-- counts: posts, vacant_now, interim_now, substantive_now, ready_candidates
-- derived: expected_demand <- vacant_now, interim_now, substantive_now; gap <- ready_candidates, vacant_now, interim_now, substantive_now; candidates_per_expected_vacancy <- ready_candidates, vacant_now, interim_now, substantive_now
WITH national AS (
    SELECT critical_role, horizon, horizon_years, SUM(posts) AS posts, SUM(vacant_now) AS vacant_now,
           SUM(interim_now) AS interim_now, SUM(substantive_now) AS substantive_now,
           ROUND(SUM(expected_demand), 4) AS expected_demand, SUM(ready_candidates) AS ready_candidates
    FROM regional_leadership_pipeline
    WHERE org_code IS NULL
    GROUP BY critical_role, horizon, horizon_years
)
SELECT critical_role, horizon, horizon_years, posts, vacant_now, interim_now, substantive_now, expected_demand,
       ready_candidates, ROUND(ready_candidates - expected_demand, 4) AS gap,
       ROUND(ready_candidates / NULLIF(expected_demand, 0), 4) AS candidates_per_expected_vacancy
FROM national
