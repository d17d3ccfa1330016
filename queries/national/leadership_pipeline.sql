-- title: Leadership pipeline, national: expected demand against ready candidates per critical role and horizon
-- grain: England, the sum of the regions supplied (region total rows)
-- source: the regional table of the same name; every rate recomputed from summed numerators and denominators (never an average of regional rates); issue 13 point 15 (a partial sum is never published as whole)
-- counts: posts, vacant_now, interim_now, substantive_now, known_leavers_now, ready_candidates
-- derived: expected_demand <- vacant_now, interim_now, substantive_now; gap <- ready_candidates, vacant_now, interim_now, substantive_now; candidates_per_expected_vacancy <- ready_candidates, vacant_now, interim_now, substantive_now
-- expected_demand is the sum of the regions' expected demand only when every region has one:
-- a region whose demand is null (no turnover rate for the role, or no organisation with a
-- recent board snapshot) makes the national expected_demand, gap and ratio null rather than a
-- partial sum; regions_without_expected_demand counts such regions and expected_demand_note
-- says so. The counts (posts, ready_candidates, ...) sum the regions that have them.
WITH national AS (
    SELECT critical_role, horizon, horizon_years, SUM(posts) AS posts, SUM(vacant_now) AS vacant_now,
           SUM(interim_now) AS interim_now, SUM(substantive_now) AS substantive_now,
           SUM(known_leavers_now) AS known_leavers_now,
           CASE WHEN COUNT(expected_demand) = COUNT(*) THEN ROUND(SUM(expected_demand), 4) END AS expected_demand,
           SUM(ready_candidates) AS ready_candidates,
           COUNT(*) AS regions,
           COUNT(*) - COUNT(expected_demand) AS regions_without_expected_demand,
           SUM(organisations_without_recent_board) AS organisations_without_recent_board,
           SUM(organisations_without_recent_talent_pool) AS organisations_without_recent_talent_pool
    FROM regional_leadership_pipeline
    WHERE org_code IS NULL
    GROUP BY critical_role, horizon, horizon_years
)
SELECT critical_role, horizon, horizon_years, posts, vacant_now, interim_now, substantive_now, expected_demand,
       ready_candidates, ROUND(ready_candidates - expected_demand, 4) AS gap,
       ROUND(ready_candidates / NULLIF(expected_demand, 0), 4) AS candidates_per_expected_vacancy,
       known_leavers_now, regions, regions_without_expected_demand,
       CASE WHEN regions_without_expected_demand > 0
            THEN 'partial: ' || CAST(regions_without_expected_demand AS VARCHAR) || ' of '
                 || CAST(regions AS VARCHAR)
                 || ' regions have no expected demand for this role (no turnover rate, or no recent board snapshot): not summed'
       END AS expected_demand_note,
       organisations_without_recent_board, organisations_without_recent_talent_pool
FROM national
